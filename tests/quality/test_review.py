"""Review workflow: decisions are stored atomically, validated, joined to their findings,
exported, and survive re-ingesting the same report, a changed re-upload and a reparse."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import quality
from pipelines.ingest import ingest_paths, reparse_database


def _findings(db: Path, **kwargs) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return quality.findings_with_decisions(con, **kwargs)
    finally:
        con.close()


def _source_of(db: Path, report_id: str) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT source_path FROM reports WHERE report_id = ?", [report_id]).fetchone()[0]
    finally:
        con.close()


def _check_finding_with_txt_source(db: Path) -> pd.Series:
    """An error-level failed check of a report that came from a plain .txt file on disk."""
    found = _findings(db)
    checks = found[(found["kind"] == "check") & (found["severity"] == "error")]
    for _, row in checks.iterrows():
        path = _source_of(db, row["report_id"])
        if path.endswith(".txt") and Path(path).is_file():
            return row
    pytest.fail("the demo corpus should have an error-level failed check in a .txt report")


def test_decision_is_stored_and_joined(demo_db_copy):
    row = _findings(demo_db_copy).iloc[0]
    when = dt.datetime(2026, 3, 1, 9, 30)
    quality.record_decision(
        demo_db_copy,
        row["finding_id"],
        "已核实",
        "已电话联系单位",
        "张三",
        finding=row.to_dict(),
        decided_at=when,
    )
    after = _findings(demo_db_copy).set_index("finding_id").loc[row["finding_id"]]
    assert (after["status"], after["note"], after["reviewer"]) == ("已核实", "已电话联系单位", "张三")
    con = duckdb.connect(str(demo_db_copy), read_only=True)
    stored = quality.decisions(con)
    con.close()
    assert len(stored) == 1
    assert stored.iloc[0]["kind"] == row["kind"] and stored.iloc[0]["decided_at"] == when

    # a second decision on the same finding replaces the first
    quality.record_decision(demo_db_copy, row["finding_id"], "已排除", "单位已说明", "李四")
    again = _findings(demo_db_copy).set_index("finding_id").loc[row["finding_id"]]
    assert (again["status"], again["reviewer"]) == ("已排除", "李四")

    quality.clear_decision(demo_db_copy, row["finding_id"])
    assert _findings(demo_db_copy).set_index("finding_id").loc[row["finding_id"], "status"] == "待核实"


@pytest.mark.parametrize(
    ("status", "reviewer", "message"),
    [("已处理", "张三", "核实状态"), ("已核实", "  ", "核实人"), ("", "张三", "核实状态")],
)
def test_bad_decision_is_refused_and_nothing_changes(demo_db_copy, status, reviewer, message):
    before = demo_db_copy.read_bytes()
    with pytest.raises(ValueError, match=message):
        quality.record_decision(demo_db_copy, "f0123", status, "", reviewer)
    assert demo_db_copy.read_bytes() == before


def test_decision_survives_reingest_changed_copy_and_reparse(demo_db_copy, tmp_path):
    row = _check_finding_with_txt_source(demo_db_copy)
    fid = row["finding_id"]
    quality.record_decision(
        demo_db_copy, fid, "已核实", "第三项总计与各项之和不符", "王五", finding=row.to_dict()
    )

    # 1. the very same file again: unchanged, decision still attached
    source = Path(_source_of(demo_db_copy, row["report_id"]))
    summary = ingest_paths([source], demo_db_copy, is_demo=True, progress=False)
    assert summary.unchanged + summary.duplicates == 1 and summary.loaded == 0
    found = _findings(demo_db_copy).set_index("finding_id")
    assert found.loc[fid, "status"] == "已核实"

    # 2. a re-sent copy whose bytes differ (trailing blank lines): it replaces the report
    #    (new report_id), the same problem is the same finding, the decision still applies
    changed = tmp_path / source.name
    changed.write_bytes(source.read_bytes() + b"\n\n")
    summary = ingest_paths([changed], demo_db_copy, is_demo=True, progress=False)
    assert summary.replaced == 1, summary
    found = _findings(demo_db_copy).set_index("finding_id")
    assert found.loc[fid, "report_id"] != row["report_id"]
    assert found.loc[fid, "status"] == "已核实"

    # 3. govreports reparse: every report re-parsed from the stored bytes
    reparse_database(demo_db_copy, progress=False)
    found = _findings(demo_db_copy).set_index("finding_id")
    assert found.loc[fid, "status"] == "已核实"
    assert found.loc[fid, "note"] == "第三项总计与各项之和不符"


def test_finding_ids_do_not_change_on_reparse(demo_db_copy):
    before = _findings(demo_db_copy)
    reparse_database(demo_db_copy, progress=False)
    after = _findings(demo_db_copy)
    assert set(before["finding_id"]) == set(after["finding_id"])
    assert before["finding_id"].is_unique


def test_export_csv_and_xlsx_for_the_units(demo_db_copy, tmp_path):
    found = _findings(demo_db_copy)
    row = found.iloc[0]
    quality.record_decision(
        demo_db_copy, row["finding_id"], "已核实", "请更正", "张三", finding=row.to_dict()
    )
    found = _findings(demo_db_copy)

    csv_path = quality.export_findings(found, tmp_path / "清单.csv")
    xlsx_path = quality.export_findings(found, tmp_path / "清单.xlsx")
    # Excel opens a UTF-8 CSV with Chinese correctly only with a BOM
    assert csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
    for back in (pd.read_csv(csv_path, encoding="utf-8-sig"), pd.read_excel(xlsx_path)):
        assert list(back.columns) == list(quality.EXPORT_COLUMNS.values())
        assert len(back) == len(found)
        decided = back[back["问题编号"] == row["finding_id"]].iloc[0]
        assert (decided["核实状态"], decided["核实意见"], decided["核实人"]) == ("已核实", "请更正", "张三")
        assert set(back["核实状态"]) <= {"已核实", "已排除", "待核实"}
    with pytest.raises(ValueError, match="导出格式"):
        quality.export_findings(found, tmp_path / "清单.json")


def test_writes_go_through_atomic_publish(demo_db_copy):
    """A decision replaces the database file (new inode): readers holding the old file keep
    their snapshot, new connections see the decision."""
    reader = duckdb.connect(str(demo_db_copy), read_only=True)
    inode = demo_db_copy.stat().st_ino
    row = quality.findings(reader).iloc[0]
    quality.record_decision(demo_db_copy, row["finding_id"], "已排除", "", "张三")
    assert quality.decisions(reader).empty  # the old snapshot
    reader.close()
    assert demo_db_copy.stat().st_ino != inode
    con = duckdb.connect(str(demo_db_copy), read_only=True)
    assert list(quality.decisions(con)["finding_id"]) == [row["finding_id"]]
    con.close()


def test_demo_corpus_has_truth(demo_corpus):
    # guards the fixture contract the other tests rely on
    lines = (demo_corpus / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line) for line in lines)


def test_every_decision_is_logged_with_who_and_when(demo_db_copy):
    fid = _findings(demo_db_copy).iloc[0]["finding_id"]
    t = [dt.datetime(2026, 3, d, 10, 0) for d in (1, 2, 3)]
    quality.record_decision(demo_db_copy, fid, "已核实", "数字不符", "张三", decided_at=t[0])
    quality.record_decision(demo_db_copy, fid, "已排除", "单位已说明", "李四", decided_at=t[1])
    quality.clear_decision(demo_db_copy, fid, "王五", decided_at=t[2])
    con = duckdb.connect(str(demo_db_copy), read_only=True)
    history = quality.decision_history(con, fid)
    current = quality.decisions(con)
    con.close()
    assert list(history.itertuples(index=False, name=None)) == [
        ("已核实", "数字不符", "张三", t[0]),
        ("已排除", "单位已说明", "李四", t[1]),
        ("撤销", "", "王五", t[2]),
    ]
    assert current.empty  # withdrawn: the finding is 待核实 again
