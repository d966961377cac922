"""文化程度 and 从事主要工种: every value the manuals show, each reported as a national standard's code."""

import ast
import pathlib

import pytest

from siteaccess_svc.reference import EDUCATION_LEVELS, TRADES, national_code, reference_tables

#: the national data standard's workType and cultureLevelType codes
NATIONAL_TRADES = {"010", "020", "030", "040", "050", "060", "070", "080", "090", "100", "110", "120", "130", "140",
                   "150", "160", "170", "180", "190", "200", "210", "220", "230", "240", "250", "270", "280", "290",
                   "300", "310", "320", "330", "340", "350", "360", "380", "390", "900", "1000"}
NATIONAL_EDUCATION = {"01", "02", "03", "04", "05", "06", "07", "08", "99"}
ROOT = pathlib.Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("table", "value", "reported_as"),
    [
        (EDUCATION_LEVELS, "初中及初中以下", "02"), (EDUCATION_LEVELS, "中专及中专以下", "04"),
        (EDUCATION_LEVELS, "高中毕业", "03"), (EDUCATION_LEVELS, "中专中技肄业", "02"),
        (EDUCATION_LEVELS, "相当高中毕业", "03"), (EDUCATION_LEVELS, "相当中专中技", "04"),
        (EDUCATION_LEVELS, "博士", "08"), (EDUCATION_LEVELS, "本科", "06"),
        (TRADES, "木工(模板工)", "050"), (TRADES, "抹灰、镶贴工", "190"), (TRADES, "建筑、装饰工程普工", "390"),
        (TRADES, "钢筋工", "020"), (TRADES, "架子工", "030"), (TRADES, "油漆工", "190"), (TRADES, "泥工", "010"),
        (TRADES, "木工", "240"),
    ],
)
def test_every_value_the_manuals_show_is_in_the_table_with_its_national_code(table, value, reported_as):
    codes = [code for code, entry in table.items() if entry.name == value]
    assert codes, f"{value} is missing"
    assert {national_code(table, code) for code in codes} == {reported_as}


@pytest.mark.parametrize(("table", "national"), [(TRADES, NATIONAL_TRADES), (EDUCATION_LEVELS, NATIONAL_EDUCATION)],
                         ids=["trades", "education"])
def test_new_input_is_offered_the_national_codes_and_legacy_rows_map_onto_them(table, national):
    assert {code for code, entry in table.items() if not entry.legacy} == national
    assert {entry.national_code for entry in table.values() if entry.legacy} <= national


@pytest.mark.parametrize("table", [TRADES, EDUCATION_LEVELS], ids=["trades", "education"])
def test_no_two_rows_share_a_name(table):
    names = [entry.name for entry in table.values()]
    assert len(names) == len(set(names))


def test_legacy_rows_say_so_on_the_wire():
    rows = {row["code"]: row for row in reference_tables()["trades"]}
    assert rows["260"] == {"code": "260", "name": "抹灰、镶贴工", "name_en": "Plasterer and tiler", "legacy": True,
                           "national_code": "190"}
    assert rows["020"] == {"code": "020", "name": "钢筋工", "name_en": "Steel fixer"}


@pytest.mark.parametrize(
    ("code", "name"),
    [("020", "钢筋工"), ("240", "木工"), ("260", "抹灰、镶贴工"), ("390", "建筑、装饰工程普工"), ("1000", "其他")],
)
def test_codes_already_stored_keep_their_meaning(code, name):
    assert TRADES[code].name == name


@pytest.mark.parametrize(("code", "name"), [("71", "初中毕业"), ("61", "高中毕业"), ("41", "中专中技毕业"),
                                          ("11", "博士研究生毕业")])
def test_education_codes_already_stored_keep_their_meaning(code, name):
    assert EDUCATION_LEVELS[code].name == name


def test_the_demo_and_the_seed_use_codes_the_tables_hold():
    demo = ast.parse((ROOT / "gateway/gateway/demo.py").read_text())
    assigned = {target.id: ast.literal_eval(node.value) for node in ast.walk(demo) if isinstance(node, ast.Assign)
                for target in node.targets if isinstance(target, ast.Name) and target.id in ("TRADES", "EDUCATION")}
    assert set(assigned["TRADES"]) <= set(TRADES) and set(assigned["EDUCATION"]) <= set(EDUCATION_LEVELS)
    seed = ast.parse((ROOT / "bin/seed_platform.py").read_text())
    weights = {target.id: node.value for node in ast.walk(seed) if isinstance(node, ast.Assign)
               for target in node.targets if isinstance(target, ast.Name)}
    assert set(ast.literal_eval(weights["EDUCATION_WEIGHTS"])) <= set(EDUCATION_LEVELS)
    assert set(ast.literal_eval(weights["TRADE_WEIGHTS"].right)) <= set(TRADES)
