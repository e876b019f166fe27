"""The administrative-division list shipped as data (generator/check/data/divisions.tsv), the script
that regenerates it, and where a name is read to name a place."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from generator.check.divisions import DATA_FILE, SUFFIXES, divisions, own_places
from generator.check.naming import normalize

ROOT = Path(__file__).resolve().parent.parent


def _script():  # scripts/ is not a package
    spec = importlib.util.spec_from_file_location("update_divisions", ROOT / "scripts" / "update_divisions.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_the_data_file_names_its_source_and_is_consistent() -> None:
    text = DATA_FILE.read_text("utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert any("china-division 2.7.0" in h for h in header) and any("WTFPL" in h for h in header)
    assert any("scripts/update_divisions.py" in h for h in header)
    rows = [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]
    d = divisions()
    assert len(rows) == len(d.name_of) > 40000
    for code, name, parent in rows:
        assert re.fullmatch(r"\d{6}|\d{9}", code), code
        assert name.endswith(SUFFIXES), name
        assert parent == "-" or parent in d.name_of, (code, parent)
    assert [x.name for x in d.chain("320583102")] == ["周市镇", "昆山市", "苏州市", "江苏省"]
    assert [x.name for x in d.chain("370281")] == ["胶州市", "青岛市", "山东省"]
    assert [x.name for x in d.chain("110105")] == ["朝阳区", "北京市"]  # no 市辖区 in between


def test_the_script_keeps_administrative_divisions_only() -> None:
    mod = _script()
    tree = [{"code": "11", "name": "北京市", "children": [
        {"code": "1101", "name": "市辖区", "children": [
            {"code": "110105", "name": "朝阳区", "children": [
                {"code": "110105001", "name": "建外街道办事处"}, {"code": "110105400", "name": "朝阳农场"}]}]}]},
        {"code": "44", "name": "广东省", "children": [
            {"code": "4419", "name": "东莞市", "children": [
                {"code": "441900", "name": "东莞市", "children": [{"code": "441900003", "name": "东城街道"}]}]}]},
        {"code": "22", "name": "吉林省", "children": [
            {"code": "2203", "name": "四平市", "children": [
                {"code": "220303", "name": "铁东区", "children": [{"code": "220303001", "name": "四平市铁东区平东街道"}]},
                {"code": "220371", "name": "四平经济开发区"}]}]}]
    assert sorted(mod.rows(tree)) == [
        ("110000", "北京市", ""), ("110105", "朝阳区", "110000"), ("110105001", "建外街道", "110105"),
        ("220000", "吉林省", ""), ("220300", "四平市", "220000"), ("220303", "铁东区", "220300"),
        ("220303001", "平东街道", "220303"),
        ("440000", "广东省", ""), ("441900", "东莞市", "440000"), ("441900003", "东城街道", "441900")]
    text = mod.render(tree)
    assert text.startswith(mod.HEADER) and "\n110000\t北京市\t-\n" in text


@pytest.mark.parametrize(("text", "places"), [
    ("胶州市医保局", ["胶州市"]),
    ("青岛市李沧区教育", ["青岛市", "李沧区"]),
    ("济南市中区发布", ["济南市", "市中区"]),
    ("国家税务总局胶州市税务局", ["胶州市"]),  # after an organisation prefix
    ("共青团胶州市委", ["胶州市"]),
    ("昆山市周市镇人民政府", ["昆山市", "周市镇"]),
    ("平安镇江", []),       # 平安 + 镇江, not the town 平安镇
    ("龙泉市场监管", []),    # 龙泉 + 市场监管
    ("上海城市管理", []),    # 海城市 in the middle of words
    ("胶州发布", []),        # a bare stem names no place
    ("美丽胶州市", []),      # read only where names put the region: at the start
])
def test_places_a_name_starts_with(text: str, places: list[str]) -> None:
    d = divisions()
    assert [p.name for p in d.leading(text, d.places_in(text))] == places


def test_a_unit_may_name_its_region_and_those_above_it() -> None:
    own = own_places({"name": "青岛市李沧区医疗保障局", "region": "山东省青岛市李沧区"}, normalize)
    assert own is not None and own[0] >= {"山东省", "青岛市", "李沧区"} and "胶州市" not in own[0]
    short = own_places({"name": "李沧区医疗保障局", "division": "370213"}, normalize)
    assert short is not None and {"山东省", "青岛市", "李沧区"} <= short[0]  # ancestors from the list
    town = own_places({"name": "昆山市周市镇人民政府"}, normalize)
    assert town is not None and {"周市镇", "昆山市", "苏州市", "江苏省"} <= town[0]
    ambiguous = own_places({"name": "朝阳区教育委员会", "region": "朝阳区"}, normalize)
    assert ambiguous is not None and ambiguous[0] == {"朝阳区"}  # Beijing's or Changchun's: no ancestor
    assert own_places({"name": "公安部", "level": "national"}, normalize) is None
    assert own_places({"name": "美食天下"}, normalize) is None
