"""Texts of the loader's problems (encoding, size, YAML, layout): Chinese first, English available.

Every text is a template filled from the problem's params, so a problem found in a worker process or
read back from the cache is rebuilt with exactly the same words.
"""

from __future__ import annotations

from typing import Any

from generator.problems import Problem, Severity

E, W = Severity.ERROR, Severity.WARNING

# code: (severity, message_zh, message_en, hint_zh, hint_en)
TEXTS: dict[str, tuple[Severity, str, str, str, str]] = {
    "ENC001": (
        E,
        "文件不是 UTF-8 编码，无法读取{guess_zh}",
        "the file is not UTF-8 encoded{guess_en}",
        "用记事本打开，点“文件 → 另存为”，“编码”选“UTF-8”后保存再提交；在命令行可运行：iconv -f {source} -t UTF-8 旧文件 > 新文件",
        "save the file as UTF-8 in your editor, or run: iconv -f {source} -t UTF-8 old-file > new-file",
    ),
    "SIZE001": (
        E,
        "文件太大（{size_kib} KiB），超过了每个文件 {limit_kib} KiB 的上限",
        "the file is too large ({size_kib} KiB); the limit is {limit_kib} KiB per file",
        "一个文件只写一条记录；请检查是否误粘贴了大量内容，或把记录拆分",
        "one file holds one record; check for pasted bulk content or split the record",
    ),
    "YAML001": (
        E,
        "YAML 格式错误：{problem_zh}",
        "YAML syntax error: {problem_en}",
        "{hint_zh}",
        "{hint_en}",
    ),
    "YAML002": (
        E,
        "字段“{key}”重复出现（第一次出现在第 {first_line} 行）",
        "the key “{key}” appears twice (first on line {first_line})",
        "同一层里每个字段只能写一次；请删除或合并重复的“{key}”",
        "each key may appear once per level; delete or merge the repeated “{key}”",
    ),
    "YAML003": (
        E,
        "不支持 YAML 锚点和引用（{token}）",
        "YAML anchors and aliases are not allowed ({token})",
        "请把被引用的内容直接完整写出来，不要用 & 和 *",
        "write the content out in full instead of using & and *",
    ),
    "YAML004": (
        E,
        "不支持 YAML 标签（{tag}）",
        "YAML tags are not allowed ({tag})",
        "删除以 ! 开头的标签；如果值本身以 ! 开头，请给整个值加英文引号",
        "remove the tag starting with !; if the value itself starts with !, put it in quotes",
    ),
    "YAML005": (
        E,
        "一个文件里只能有一条记录（发现了第二个以 --- 分隔的文档）",
        "a file holds exactly one record (found a second document after ---)",
        "删除 --- 及其后的内容，或把第二条记录放到单独的文件里",
        "remove the --- and what follows, or move the second record into its own file",
    ),
    "YAML006": (
        E,
        "文件内容必须是“字段: 值”的形式，{found_zh}",
        "the file must be a mapping of “key: value” lines; {found_en}",
        "参照模板，每行写“字段名: 值”，例如 id: qs-gaj-wechat",
        "follow the template: one “key: value” per line, e.g. id: qs-gaj-wechat",
    ),
    "YAML007": (
        E,
        "字段名“{key}”必须是文字",
        "the key “{key}” must be text",
        "字段名不能是数字、日期、true/false、空值或列表；如确需如此，请给字段名加英文引号",
        "keys cannot be numbers, dates, true/false, empty or lists; put the key in quotes if needed",
    ),
    "YAML008": (
        E,
        "这一行用制表符（Tab）缩进",
        "this line is indented with a tab",
        "YAML 只能用空格缩进；请把行首的 Tab 换成空格（编辑器里可设置“用空格代替 Tab”）",
        "YAML indentation uses spaces only; replace the leading tab with spaces",
    ),
    "YAML009": (
        E,
        "文件里有看不见的控制字符 {char}",
        "the file contains an invisible control character {char}",
        "这类字符常见于从网页、Word 或微信复制粘贴；请删除该字符（可重新手动输入这一段）后保存",
        "such characters often come from copy and paste; delete it (retype that part) and save",
    ),
    "YAML010": (
        E,
        "嵌套层数超过了 {limit} 层",
        "the record is nested more than {limit} levels deep",
        "备案记录的结构很浅；请检查是否误粘贴了内容或缩进有误",
        "records are shallow; check for pasted content or wrong indentation",
    ),
    "YAML011": (
        E,
        "字段名“{key}”后面是全角冒号“：”，YAML 只认英文冒号",
        "the key “{key}” is followed by a full-width colon “：”; YAML needs an ASCII colon",
        "把全角冒号“：”改为英文冒号加一个空格“: ”（先切换到英文输入法），写成：{fixed}",
        "replace the full-width colon “：” with an ASCII colon and a space “: ”: {fixed}",
    ),
    "YAML012": (
        E,
        "{where_zh}用了全角空格（U+3000），YAML 只认半角空格",
        "a full-width space (U+3000) is used {where_en}; YAML needs ASCII spaces",
        "把全角空格“　”换成半角空格（先切换到英文输入法再按空格键）；同一层的字段要用相同数量的半角空格对齐",
        "replace the full-width space with ASCII spaces (switch the input method to English); keys of one level "
        "line up with the same number of spaces",
    ),
    "YAML013": (
        E,
        "值两边的中文引号{quote}不能当作 YAML 的引号，会被当成内容的一部分",
        "the curly quotes {quote} around the value are not YAML quotes; they become part of the value",
        "改用英文双引号（先切换到英文输入法），写成：{fixed}；如果引号本身是内容的一部分，请在外面再加一层英文引号",
        "use ASCII double quotes: {fixed}; if the curly quotes belong to the text, put the whole value in ASCII quotes",
    ),
    "LAY000": (
        E,
        "找不到备案库文件夹 {folder}",
        "the registry folder {folder} does not exist",
        "请检查 --registry 参数指向的文件夹",
        "check the folder given with --registry",
    ),
    "LAY001": (
        E,
        "文件扩展名应为 .yaml（现在是 {ext}），这个文件不会被读取",
        "the file extension must be .yaml (not {ext}); this file is not read",
        "把文件改名为 {suggest}",
        "rename the file to {suggest}",
    ),
    "LAY002": (
        E,
        "文件放错了位置，不会被读取：{where_zh}",
        "the file is in the wrong place and is not read: {where_en}",
        "备案库的结构是 portal.yaml、units/<单位id>.yaml、accounts/<单位id>/<账号id>.yaml、inspections/<期间>/<批次id>.yaml",
        "the layout is portal.yaml, units/<unit-id>.yaml, accounts/<unit-id>/<account-id>.yaml, inspections/<period>/<batch-id>.yaml",
    ),
    "LAY003": (
        W,
        "备案库里有与记录无关的文件，已忽略",
        "a file that is not a record is in the registry; it is ignored",
        "请删除它，或移到备案库文件夹之外",
        "delete it or move it out of the registry folder",
    ),
    "LAY004": (
        E,
        "{what_zh}不会被读取",
        "{what_en} is not read",
        "{hint_zh}",
        "{hint_en}",
    ),
    "LAY005": (
        E,
        "名称“{name}”不是合法的{what_zh}，这个文件不会被读取",
        "the name “{name}” is not a valid {what_en}; this file is not read",
        "{hint_zh}",
        "{hint_en}",
    ),
    "LAY006": (
        E,
        "缓存文件夹 .portal-cache {what_zh}",
        "the cache folder .portal-cache {what_en}",
        "缓存由 portal 自动生成，只能是本机的普通文件夹，不能提交到版本库；请删除它（git rm -r --cached {folder}），它会自动重建",
        "the cache is made by portal, is a plain local folder and is never committed; delete it "
        "(git rm -r --cached {folder}) and it is rebuilt",
    ),
    "LAY007": (
        E,
        "{what_zh}无法读取（{reason_zh}），其中的记录没有被检查",
        "{what_en} cannot be read ({reason_en}); the records in it were not checked",
        "请检查文件权限（所有人可读），或把符号链接换成真实文件",
        "check the permissions (readable by everyone), or replace a symbolic link with the real file",
    ),
}


def make(code: str, file: str, line: int | None = None, column: int | None = None, path: str = "",
         **params: Any) -> Problem:
    sev, mzh, men, hzh, hen = TEXTS[code]
    return Problem(
        code=code, severity=sev, file=file,
        message_zh=mzh.format(**params), message_en=men.format(**params),
        hint_zh=hzh.format(**params), hint_en=hen.format(**params),
        line=line, column=column, path=path, params=dict(params),
    )


def to_dict(p: Problem) -> dict[str, Any]:
    """A problem without its file (cache entries are keyed by content, not by path)."""
    return {
        "code": p.code, "severity": p.severity.value, "message_zh": p.message_zh,
        "message_en": p.message_en, "hint_zh": p.hint_zh, "hint_en": p.hint_en,
        "line": p.line, "column": p.column, "path": p.path, "params": dict(p.params),
    }


def from_dict(d: dict[str, Any], file: str) -> Problem:
    return Problem(
        code=str(d["code"]), severity=Severity(d["severity"]), file=file,
        message_zh=str(d["message_zh"]), message_en=str(d["message_en"]),
        hint_zh=str(d["hint_zh"]), hint_en=str(d["hint_en"]),
        line=d["line"] if isinstance(d["line"], int) else None,
        column=d["column"] if isinstance(d["column"], int) else None,
        path=str(d["path"]), params=dict(d.get("params") or {}),
    )
