"""What an oversight officer needs on the 数据质量 and 总览 pages (issue 13): the registry
shown and edited, totals that agree, the deadline list, the form that stays on the finding
it decided, and a per-unit 整改通知 (DOCX / XLSX)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from pipelines import quality, registry
from pipelines.db import connect_readonly
from tests.app.apphelpers import open_tab

ROOT = Path(__file__).resolve().parents[2]
PAGE = str(ROOT / "app_pages" / "quality.py")
OVERVIEW = str(ROOT / "app_pages" / "overview.py")


@pytest.fixture
def app_db(demo_db_copy, monkeypatch) -> Path:
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db_copy))
    return demo_db_copy


def _findings(db: Path) -> pd.DataFrame:
    con = connect_readonly(db)
    try:
        return quality.findings_with_decisions(con)
    finally:
        con.close()


def _metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, f"no metric {label!r}: {[m.label for m in at.metric]}"
    return values[0]


def test_header_totals_agree_with_every_tab(app_db):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception, at.exception
    # a number shown twice under one name (the header and the 收录情况 tab) is the same number
    by_label: dict[str, set] = {}
    for m in at.metric:
        by_label.setdefault(m.label, set()).add(m.value)
    assert all(len(v) == 1 for v in by_label.values()), by_label
    tables = {  # header metric: (its tab, the table there)
        "勾稽关系不符": ("勾稽关系", "q-checks-table"),
        "逾期公布": ("逾期公布", "q-late-table"),
        "数据异常": ("数据异常", "q-anomaly-table"),
        "文件未能导入": ("未能导入与提取存疑", "q-rejected-table"),
        "提取存疑": ("未能导入与提取存疑", "q-doubt-table"),
        "待核实": ("核实与导出", "q-review-table"),
    }
    header = {label: int(_metric(at, label)) for label in tables}
    for label, (tab, key) in tables.items():
        open_tab(at, tab)
        assert not at.exception, at.exception
        assert header[label] == len(at.dataframe(key=key).value), label
    # the 收录情况 tab repeats some header metrics: the same numbers
    open_tab(at, "收录情况")
    for m in at.metric:
        by_label.setdefault(m.label, set()).add(m.value)
    assert all(len(v) == 1 for v in by_label.values()), by_label
    missing = _findings(app_db)
    assert int(_metric(at, "年度报告缺失")) == int((missing["kind"] == "missing").sum())


def test_registry_is_shown_edited_and_counted(app_db):
    at = open_tab(AppTest.from_file(PAGE, default_timeout=120).run(), "收录情况")
    shown = at.dataframe(key="q-registry-editor").value
    reg = registry.load(app_db)
    assert reg is not None and len(shown) == len(reg.frame)
    assert list(shown["name"]) == list(reg.frame["name"]) and set(shown["kind"]) <= {"政府", "部门", "其他"}
    outside = _table_with(at, "first_year")
    assert "北京市东城区政务服务中心" in set(outside["unit_name"])
    before = int(_metric(at, "年度报告缺失"))
    # an officer removes a unit that has a 缺报 from the registry file: its 缺报 goes
    missing = quality.missing_findings(connect_readonly(app_db))
    gone = missing.iloc[0]["unit_id"]
    frame = reg.frame[reg.frame["unit_id"] != gone][registry.COLUMNS]
    registry.write_csv(frame, registry.registry_path(app_db))
    at.run()
    assert not at.exception, at.exception
    assert int(_metric(at, "年度报告缺失")) == before - int((missing["unit_id"] == gone).sum())


def test_deadline_view_lists_who_has_not_published(app_db):
    from app_lib.queries import registry as registry_queries
    from pipelines.registry import load

    reg = load(app_db)
    assert reg is not None
    latest = int(reg.frame["first_year"].max())
    at = open_tab(AppTest.from_file(PAGE, default_timeout=120).run(), "报送期限")
    at.selectbox(key="q-deadline-year").set_value(2025).run()
    assert not at.exception, at.exception
    table = _table_with(at, "逾期天数")
    con = connect_readonly(app_db)
    have = set(con.execute("SELECT DISTINCT unit_id FROM reports WHERE year = 2025").df()["unit_id"])
    con.close()
    due = reg.due(2025)
    not_published = due[~due["unit_id"].isin(have)]
    assert not not_published.empty and latest <= 2025
    listed = table[table["状态"].str.startswith("未公布")]
    assert set(listed["单位"]) == set(not_published["name"])
    assert registry_queries.default_deadline_year(dt.date(2026, 11, 30)) == 2025


def test_review_form_stays_on_the_finding_it_decided(app_db):
    at = open_tab(AppTest.from_file(PAGE, default_timeout=120).run(), "核实与导出")
    first = _findings(app_db).iloc[0]
    at.selectbox(key="q-review-pick").set_value(first["finding_id"]).run()
    fid = first["finding_id"]
    at.text_input(key=f"q-review-reviewer-{fid}").input("李四")
    at.text_area(key=f"q-review-note-{fid}").input("已电话核实")
    [b for b in at.button if b.label == "保存核实结论" and fid in str(b.id) or b.label == "保存核实结论"][
        -1
    ].click()
    at.run()
    assert not at.exception, at.exception
    # the form on the review tab is still about the same finding, now 已核实
    radios = [r for r in at.radio if r.key == f"q-review-status-{fid}"]
    assert radios, "the form jumped to another finding"
    assert _findings(app_db).set_index("finding_id").at[fid, "status"] == "已核实"
    text = " ".join(t.value for t in at.text)
    assert "已电话核实" in text


def test_unit_notice_docx_and_xlsx(app_db):
    import docx

    found = _findings(app_db)
    row = found[found["kind"] == "check"].iloc[0]
    quality.record_decision(
        app_db, row["finding_id"], "已核实", "第三项数字有误", "张三", finding=row.to_dict()
    )
    found = _findings(app_db)
    rows = quality.unit_findings(found, row["unit_id"])
    assert list(rows["finding_id"]) == [row["finding_id"]]
    data = quality.notice_docx(rows, row["unit_name"], issuer="宿迁市政务公开办", today=dt.date(2026, 3, 1))
    doc = docx.Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert text.count("整改通知") == 1 and f"{row['unit_name']}：" in text and "2026年03月01日" in text
    cells = [c.text for c in doc.tables[0].rows[1].cells]
    assert cells[0] == "1" and cells[1] == str(int(row["year"])) and "第三项数字有误" in cells[4]
    assert "/tmp" not in data.decode("latin-1")  # no server paths in the letter
    book = pd.read_excel(io.BytesIO(quality.notice_xlsx(rows, row["unit_name"])), header=2)
    assert list(book["序号"]) == [1] and "问题编号" not in book


def test_overview_counts_reporting_units_against_the_registry(app_db):
    at = AppTest.from_file(OVERVIEW, default_timeout=120).run()
    assert not at.exception, at.exception
    value = _metric(at, "报送单位 / 应报单位")
    reg = registry.load(app_db)
    assert reg is not None
    due = reg.due(2025)
    gov = due[due["kind_key"] == "government"]
    assert value.split("（")[0] == f"{len(gov[gov['unit_id'].isin(_units_2025(app_db))])} / {len(gov)}"


def _table_with(at: AppTest, column: str) -> pd.DataFrame:
    """The one table whose column (or its shown label) is ``column``."""
    for df in at.dataframe:
        value = df.value
        config = getattr(df, "proto", None)
        if column in value.columns or (config is not None and column in str(config.columns)):
            return value
    raise AssertionError(f"no table with column {column}")


def _units_2025(db: Path) -> set[str]:
    con = connect_readonly(db)
    try:
        return set(con.execute("SELECT DISTINCT unit_id FROM reports WHERE year = 2025").df()["unit_id"])
    finally:
        con.close()


def test_report_viewer_offers_the_original_file(app_db):
    import hashlib

    from app_lib.report_source import original_file
    from app_lib.source import connect

    con = connect_readonly(app_db)
    sha, path = con.execute(
        "SELECT sha256, source_path FROM reports WHERE format = 'pdf' ORDER BY report_id LIMIT 1"
    ).fetchone()
    con.close()
    got = original_file(connect(app_db), sha, path)
    assert got is not None and hashlib.sha256(got.content).hexdigest() == sha
    assert got.name == Path(path).name and got.mime == "application/pdf" and "/" not in got.name
    at = AppTest.from_file(str(ROOT / "app_pages" / "unit_profile.py"), default_timeout=120).run()
    open_tab(at, "报告原文")
    assert not at.exception, at.exception
    buttons = [b for b in at.get("download_button") if "下载原始文件" in str(b.proto)]
    assert buttons, "no 下载原始文件 button in the report viewer"


def test_officer_corrects_a_figure_in_the_report_viewer(app_db):
    from pipelines import corrections

    at = AppTest.from_file(str(ROOT / "app_pages" / "unit_profile.py"), default_timeout=120).run()
    open_tab(at, "报告原文")
    assert not at.exception, at.exception
    box = next(s for s in at.selectbox if str(s.key).startswith("up-correct-metric-"))
    report_id = str(box.key).removeprefix("up-correct-metric-")
    con = connect_readonly(app_db)
    metric, parsed = con.execute(
        "SELECT metric, value FROM report_values WHERE report_id = ? ORDER BY metric LIMIT 1", [report_id]
    ).fetchone()
    con.close()
    box.set_value(metric).run()
    assert not at.exception, at.exception
    at.number_input[-1].set_value(parsed + 7)
    at.text_area[-1].input("附表与正文不一致，以附表为准")
    at.text_input[-1].input("赵六")
    next(b for b in at.button if b.label == "保存更正").click().run()
    assert not at.exception, at.exception
    con = connect_readonly(app_db)
    listed = corrections.corrections(con, report_id)
    value = con.execute(
        "SELECT value FROM report_values WHERE report_id = ? AND metric = ? ORDER BY origin LIMIT 1",
        [report_id, metric],
    ).fetchone()[0]
    con.close()
    assert listed.iloc[0][["corrected_by", "reason"]].tolist() == ["赵六", "附表与正文不一致，以附表为准"]
    assert value == parsed + 7
    html = " ".join(str(h.proto) for h in at.get("html"))
    assert "已更正" in html  # the viewer marks the corrected figure with its original value
    assert any("人工更正" in c.value for c in at.caption)  # and the page says its charts use it


def test_the_registry_page_saves_the_list(app_db):
    """收录情况 › 应报单位名单: 保存名单 writes the list back to its CSV beside the database (the
    officer's edits go through the same form) and the page says so."""
    from pipelines.registry import load, registry_path

    path = registry_path(app_db)
    before = load(app_db)
    assert before is not None
    stamp = path.stat().st_mtime_ns
    at = open_tab(AppTest.from_file(PAGE, default_timeout=120).run(), "收录情况")
    [b for b in at.button if b.label == "保存名单"][0].click().run()
    assert not at.exception, at.exception
    assert "应报单位名单已保存" in [t.value for t in at.toast]
    assert path.stat().st_mtime_ns != stamp  # written again
    after = load(app_db)
    assert after is not None
    assert after.frame[registry.COLUMNS].equals(before.frame[registry.COLUMNS])


def test_deadline_view_by_region_adds_up(app_db):
    """报送期限 › 按地区: the regions' 应报 and 未按期公布 add up to the year's figures above them."""
    at = open_tab(AppTest.from_file(PAGE, default_timeout=120).run(), "报送期限")
    at.selectbox(key="q-deadline-year").set_value(2025).run()
    assert not at.exception, at.exception
    regions = [d.value for d in at.dataframe if "按期公布率" in d.value.columns][0]
    assert len(regions) >= 1 and regions["地区"].is_unique
    assert int(regions["应报"].sum()) == int(_metric(at, "2025年度应报单位"))
    late = int(_metric(at, "2025年度逾期公布")) + int(_metric(at, "2025年度未公布（已逾期）"))
    assert int(regions["未按期公布"].sum()) == late
