"""One display name per unit (issue 13, point 4): simplified characters, no stray spaces, no
redundant province prefix — and every printed variant still finds the unit."""

from __future__ import annotations

import re

import duckdb
import pytest

from pipelines.units import display_name, normalise_name


@pytest.mark.parametrize(
    ("printed", "shown"),
    [
        ("江苏省宿迁市财政局", "宿迁市财政局"),
        ("宿迁市\u3000宿豫区发展和改革委员会", "宿迁市宿豫区发展和改革委员会"),
        ("宿迁市 住房和城乡建设局", "宿迁市住房和城乡建设局"),
        ("宿遷市公安局", "宿迁市公安局"),
        ("江蘇省宿遷市宿城區人力資源和社會保障局", "宿迁市宿城区人力资源和社会保障局"),
        ("江苏省沭阳县教育局", "沭阳县教育局"),
        ("江苏省人民政府", "江苏省人民政府"),  # the province is the unit: kept
        ("北京市东城区政务服务中心", "北京市东城区政务服务中心"),
        ("国家统计局", "国家统计局"),
    ],
)
def test_display_name(printed, shown):
    assert display_name(printed) == shown


def _t2s(text: str) -> str:
    import opencc

    return opencc.OpenCC("t2s").convert(text)


def test_demo_units_have_one_clean_display_name(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    units = con.execute("SELECT unit_id, name FROM units").fetchall()
    variants = con.execute("SELECT unit_id, name FROM unit_names").fetchall()
    con.close()
    bad = [n for _, n in units if re.search(r"\s", n) or _t2s(n) != n]
    assert not bad, bad
    # a province prefix only where no printed variant of the unit goes without it
    by_unit: dict[str, set[str]] = {}
    for uid, n in variants:
        by_unit.setdefault(uid, set()).add(normalise_name(n))
    prefixed = [
        n
        for uid, n in units
        if re.match(r"^..省", n) and any(not v.startswith(n[:3]) for v in by_unit.get(uid, ()))
    ]
    assert not prefixed, prefixed


def test_every_printed_variant_finds_its_unit(demo_db, monkeypatch):
    from app_lib.queries import common
    from app_lib.source import connect

    db = connect(demo_db)
    con = duckdb.connect(str(demo_db), read_only=True)
    variants = con.execute("SELECT unit_id, name FROM unit_names").fetchall()
    con.close()
    missed = [(uid, n) for uid, n in variants if uid not in common.find_units(db, n)]
    assert not missed, missed[:5]
    assert common.find_units(db, "宿遷市 公安局")  # traditional with a space
    assert common.find_units(db, "不存在的单位名称") == []


def test_profile_search_by_a_former_traditional_name(demo_db, monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    con = duckdb.connect(str(demo_db), read_only=True)
    uid, variant = con.execute(
        """SELECT n.unit_id, n.name FROM unit_names n JOIN units u USING (unit_id)
           WHERE n.name <> u.name ORDER BY n.name DESC LIMIT 1"""
    ).fetchone()
    con.close()
    at = AppTest.from_file("../../dashboard.py", default_timeout=90)
    at.query_params["kind"] = "all"
    at.switch_page("app_pages/unit_profile.py").run()
    at.text_input(key="profile_find").input(variant).run()
    assert not at.exception
    box = at.selectbox(key="profile_unit")
    assert uid in box.options or box.value == uid, (variant, box.options[:5])
