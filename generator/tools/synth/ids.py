"""Immutable platform ids and links for synthetic accounts: unique, well-formed for the platform
catalogue's patterns, and the same for a given salt (the seed)."""

from __future__ import annotations

_B62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_B64URL = _B62 + "-_"

FAMILY = {"wechat_service": "wechat_subscription"}  # one WeChat official account per unit


def family(platform: str) -> str:
    return FAMILY.get(platform, platform)


def mix(x: int) -> int:
    """A cheap 64-bit integer mixer (splitmix64's finaliser): well spread, deterministic, no hashing."""
    x = (x + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
    return x ^ (x >> 31)


def _scramble(n: int, modulus: int, salt: int) -> int:
    """A bijection on range(modulus) (the multiplier is coprime to every modulus used here)."""
    return (n * 2654435761 + salt) % modulus


def _digits(n: int, alphabet: str, width: int) -> str:
    out = []
    for _ in range(width):
        n, r = divmod(n, len(alphabet))
        out.append(alphabet[r])
    return "".join(out)


class IdMint:
    """Unique, well-formed immutable platform ids and links; one counter per platform family."""

    def __init__(self, salt: int = 0) -> None:
        self.salt = salt
        self.counters: dict[str, int] = {}

    def next(self, platform: str, unit_id: str, account_id: str) -> tuple[str, str | None]:
        fam = family(platform)
        n = self.counters.get(fam, 0)
        self.counters[fam] = n + 1
        s = self.salt
        h = mix(s * 1_000_003 + n * 97 + len(fam))
        pkg = "cn.gov." + unit_id.replace("-", "_")
        match platform:
            case "wechat_subscription" | "wechat_service":
                pid = "gh_" + f"{_scramble(n, 16**12, s):012x}"
                biz = _digits(h, _B62, 14)
                return pid, f"https://mp.weixin.qq.com/mp/profile_ext?action=home&__biz={biz}=="
            case "wechat_channels":
                pid = "sph" + _digits(_scramble(n, 62**10, s), _B62, 10)
                return pid, f"https://channels.weixin.qq.com/web/pages/profile?username={pid}"
            case "weibo":
                pid = str(1000000000 + _scramble(n, 9 * 10**9, s))
                return pid, f"https://weibo.com/u/{pid}"
            case "douyin":
                tail = "".join(_digits(mix(h + i), _B64URL, 10) for i in range(3))
                pid = "MS4wLjABAAAA" + _digits(_scramble(n, 64**5, s), _B64URL, 5) + tail  # unique below 64**5
                return pid, f"https://www.douyin.com/user/{pid}"
            case "toutiao":
                pid = str(10**10 + _scramble(n, 9 * 10**10, s))
                return pid, f"https://www.toutiao.com/c/user/{pid}/"
            case "kuaishou":
                pid = "3x" + _digits(_scramble(n, 36**13, s), "0123456789abcdefghijklmnopqrstuvwxyz", 13)
                return pid, f"https://www.kuaishou.com/profile/{pid}"
            case "bilibili":
                pid = str(10**9 + _scramble(n, 9 * 10**9, s))
                return pid, f"https://space.bilibili.com/{pid}"
            case "xiaohongshu":
                pid = f"{_scramble(n, 16**12, s):012x}{h & (16**12 - 1):012x}"
                return pid, f"https://www.xiaohongshu.com/user/profile/{pid}"
            case "baijiahao":
                pid = str(10**15 + _scramble(n, 9 * 10**15, s))
                return pid, f"https://author.baidu.com/home/{pid}"
            case "zhihu":
                pid = account_id
                return pid, f"https://www.zhihu.com/org/{pid}"
            case "netease":
                pid = "T" + str(10**12 + _scramble(n, 9 * 10**12, s))
                return pid, f"https://www.163.com/dy/media/{pid}.html"
            case "peoples_daily":
                pid = str(10**7 + _scramble(n, 9 * 10**7, s))
                return pid, f"https://mp.pdnews.cn/Pc/ArtInfoApi/user?id={pid}"
            case "thepaper":
                pid = str(10**6 + _scramble(n, 9 * 10**6, s))
                return pid, f"https://www.thepaper.cn/gov_{pid}"
            case "wechat_miniprogram":
                return "wx" + f"{_scramble(n, 16**16, s):016x}", None
            case "alipay_miniprogram":
                pid = "2021" + f"{_scramble(n, 10**12, s):012d}"
                return pid, f"https://render.alipay.com/p/s/i/?appId={pid}"
            case "ios_app":
                pid = "id" + str(10**9 + _scramble(n, 9 * 10**9, s))
                return pid, f"https://apps.apple.com/cn/app/{pid}"
            case "android_app":
                return pkg, f"https://sj.qq.com/appdetail/{pkg}"
            case "harmony_app":
                pkg += ".harmony"
                return pkg, f"https://appgallery.huawei.com/app/detail?id={pkg}"
        raise ValueError(f"no id rule for platform {platform}")
