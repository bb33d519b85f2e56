"""The 数据质量 page renders on the demo database, counts what the library finds, and shows
an officer's decision as soon as it is written (caches are keyed by the DB file version)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from pipelines import quality
from pipelines.db import connect_readonly
from tests.app.apphelpers import open_tab

PAGE = str(Path(__file__).resolve().parents[2] / "app_pages" / "quality.py")


def _metrics(at: AppTest) -> dict[str, int]:
    return {m.label: int(m.value) for m in at.metric}


def _library_findings(db: Path):
    con = connect_readonly(db)
    try:
        return quality.findings_with_decisions(con)
    finally:
        con.close()


@pytest.fixture
def app_db(demo_db_copy, monkeypatch) -> Path:
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db_copy))
    return demo_db_copy


def test_quality_page_renders_counts_of_every_kind(app_db):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception, at.exception
    found = _library_findings(app_db)
    shown = _metrics(at)
    for kind, label in quality.KIND_LABELS.items():
        assert shown[label] == int((found["kind"] == kind).sum()), label
    assert shown["待核实"] == len(found)
    assert at.tabs and [t.label for t in at.tabs][:2] == ["勾稽关系", "收录情况"]
    # lazy tabs: only the chosen tab is drawn (the first one by default)
    assert [len(t.children) > 0 for t in at.tabs] == [True] + [False] * (len(at.tabs) - 1)
    open_tab(at, "报送期限")
    assert not at.exception, at.exception
    assert [t.label for t in at.tabs if t.children] == ["报送期限"]


def test_quality_page_shows_a_decision_after_it_is_written(app_db):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    before = _metrics(at)["待核实"]
    open_tab(at, "核实与导出")
    row = _library_findings(app_db).iloc[0]
    quality.record_decision(app_db, row["finding_id"], "已核实", "测试", "张三", finding=row.to_dict())
    at.run()
    assert not at.exception, at.exception
    assert _metrics(at)["待核实"] == before - 1
    # the review table filtered to 已核实 lists exactly that finding
    at.multiselect(key="q-review-status").set_value(["已核实"]).run()
    table = at.dataframe(key="q-review-table").value
    assert list(table["问题编号"] if "问题编号" in table else table["finding_id"]) == [row["finding_id"]]


def test_quality_thresholds_change_the_anomalies(app_db):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    at.number_input(key="q-setting-jump_factor").set_value(1000.0).run()
    assert not at.exception, at.exception
    con = connect_readonly(app_db)
    expected = quality.anomaly_findings(con, jump_factor=1000.0)
    con.close()
    assert _metrics(at)["数据异常"] == len(expected)


def test_officer_marks_a_finding_in_the_page(app_db):
    """The review form: pick a finding, choose 已排除, write a note and a name, save — the
    decision is in the database and the page lists the finding under 已排除."""
    target = _library_findings(app_db).iloc[0]["finding_id"]
    at = open_tab(AppTest.from_file(PAGE, default_timeout=120).run(), "核实与导出")
    at.selectbox(key="q-review-pick").set_value(target).run()
    assert not at.exception, at.exception
    at.radio(key=f"q-review-status-{target}").set_value("已排除")
    at.text_area(key=f"q-review-note-{target}").input("单位已书面说明，数字无误")
    at.text_input(key=f"q-review-reviewer-{target}").input("  李四  ")
    next(b for b in at.button if b.label == "保存核实结论").click().run()
    assert not at.exception, at.exception

    con = connect_readonly(app_db)
    stored = quality.decisions(con)
    con.close()
    assert list(stored["finding_id"]) == [target]
    assert (stored.iloc[0]["status"], stored.iloc[0]["note"], stored.iloc[0]["reviewer"]) == (
        "已排除",
        "单位已书面说明，数字无误",
        "李四",
    )
    at.multiselect(key="q-review-status").set_value(["已排除"]).run()
    assert list(at.dataframe(key="q-review-table").value["finding_id"]) == [target]


def test_review_form_refuses_a_decision_without_a_name(app_db):
    target = _library_findings(app_db).iloc[0]["finding_id"]
    at = open_tab(AppTest.from_file(PAGE, default_timeout=120).run(), "核实与导出")
    at.selectbox(key="q-review-pick").set_value(target).run()
    next(b for b in at.button if b.label == "保存核实结论").click().run()
    assert not at.exception, at.exception
    assert any("核实人" in e.value for e in at.error)
    con = connect_readonly(app_db)
    assert quality.decisions(con).empty
    con.close()


def test_the_page_reads_the_findings_stored_beside_the_database(app_db):
    """Issue 14: at national scale the findings are computed once, when the ingest publishes,
    and stored beside the database; the page reads that file. Here the stored file is made to
    differ from a fresh computation (no 逾期公布 findings), and the page shows the stored one."""
    from pipelines.quality import stored

    thresholds = {s.name: float(s.default) for s in quality.ANOMALY_SETTINGS}
    con = connect_readonly(app_db)
    try:
        found = quality.findings(con, **thresholds)
    finally:
        con.close()
    assert (found["kind"] == "late").sum() > 0
    kept = found[found["kind"] != "late"].reset_index(drop=True)
    key = (stored.data_key(app_db), tuple(sorted({**thresholds, "through_latest": True}.items())))
    assert stored.save(app_db, "findings", key, kept) is not None
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception, at.exception
    shown = _metrics(at)
    assert shown[quality.KIND_LABELS["late"]] == 0
    assert shown[quality.KIND_LABELS["check"]] == int((found["kind"] == "check").sum())


def test_the_coverage_of_many_units_is_counted_per_year(app_db, monkeypatch):
    """A national database has ~88,000 units: instead of a dot per unit and year (unreadable,
    and too big for the browser), the 收录情况 tab counts the states per year, skips the
    unit × year table and lists the first rows only. Thresholds lowered to the demo's size."""
    from app_lib.queries import quality as q

    monkeypatch.setattr(q, "COVERAGE_DOTS_MAX_UNITS", 5)
    monkeypatch.setattr(q, "COVERAGE_GRID_MAX_UNITS", 5)
    monkeypatch.setattr(q, "TABLE_ROWS_MAX", 3)
    at = open_tab(AppTest.from_file(PAGE, default_timeout=120).run(), "收录情况")
    assert not at.exception, at.exception
    captions = [c.value for c in at.caption]
    assert any("按年度统计各状态的单位数" in c for c in captions), captions
    assert any("表格只在 5 个单位以内列出" in c for c in captions), captions
    assert any("这里列出前 3 行" in c for c in captions), captions
    con = connect_readonly(app_db)
    try:
        cov = quality.coverage(con)
    finally:
        con.close()
    listed = cov[cov["in_registry"]]
    counts = q.coverage_by_year(listed)
    assert counts["n"].sum() == len(listed)  # every unit-year counted once
    assert set(counts["status_label"]) == set(listed["status_label"])
