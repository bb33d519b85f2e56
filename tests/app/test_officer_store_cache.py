"""The dashboard's data boundary with the officers' store (app_lib/db.py): a decision is seen by
the next query that reads the decisions, while the connection and its helper tables — every
other cached query's source — stay; a correction changes figures, so it does move the version."""

from __future__ import annotations

import duckdb
import pytest

from app_lib import db
from pipelines import corrections, quality

pytestmark = pytest.mark.demo


def _connection(path):
    return db._connection(str(path), db.current_version())


def test_a_decision_keeps_the_connection_and_is_seen_at_once(demo_db_copy, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db_copy))
    source = db.source()
    version = db.current_version()
    con = _connection(demo_db_copy)
    reports = source.df("SELECT count(*) AS n FROM reports")
    assert quality.decisions(source).empty

    quality.record_decision(demo_db_copy, "f-cache-1", "已核实", "电话核实", "张三")
    assert db.current_version() == version  # the key of every figure query is unchanged
    assert _connection(demo_db_copy) is con  # same connection, same helper tables
    seen = quality.decisions(source)
    assert list(seen["finding_id"]) == ["f-cache-1"] and seen.iloc[0]["note"] == "电话核实"
    assert source.df("SELECT count(*) AS n FROM reports").equals(reports)

    quality.clear_decision(demo_db_copy, "f-cache-1", "张三")
    assert quality.decisions(source).empty
    assert _connection(demo_db_copy) is con


def test_a_correction_is_seen_by_figure_queries(demo_db_copy, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db_copy))
    raw = duckdb.connect(str(demo_db_copy), read_only=True)
    report_id, metric, value = raw.execute(
        "SELECT report_id, metric, value FROM report_values WHERE origin = 'table' AND value > 0 "
        "ORDER BY report_id, metric LIMIT 1"
    ).fetchone()
    raw.close()
    sql = "SELECT value FROM report_values WHERE report_id = $report AND metric = $metric AND origin = 'table'"
    params = {"report": report_id, "metric": metric}
    source = db.source()
    version = db.current_version()
    assert source.df(sql, params).iloc[0, 0] == value
    corrections.record_correction(demo_db_copy, report_id, metric, value + 5, "附表为准", "李四")
    assert db.current_version() != version  # figures changed: figure queries are keyed anew
    assert source.df(sql, params).iloc[0, 0] == value + 5


def test_a_placement_is_counted_by_the_next_query_on_the_same_connection(demo_db_copy, monkeypatch):
    """Another session's open connection sees a placement without being reopened (no helper
    table rebuilt, the file untouched); figure and count queries are keyed anew."""
    from pipelines.placing import place_source

    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db_copy))
    source = db.source()
    count = "SELECT count(*) AS n FROM reports"
    unplaced = "SELECT count(*) AS n FROM unplaced_reports"
    cells = "SELECT count(*) AS n FROM report_values WHERE unit_id LIKE '110102:%'"
    n, kept, in_cells = (int(source.df(sql).iloc[0, 0]) for sql in (count, unplaced, cells))
    version = db.current_version()
    con = db._connection(str(demo_db_copy), version[:3])
    stat = demo_db_copy.stat()

    place_source(demo_db_copy, "real/004.txt", "北京市西城区人民政府", 2020)
    assert (demo_db_copy.stat().st_ino, demo_db_copy.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
    assert db.current_version() != version and db.current_version()[:3] == version[:3]
    assert int(source.df(count).iloc[0, 0]) == n + 1
    assert int(source.df(unplaced).iloc[0, 0]) == kept - 1
    assert int(source.df(cells).iloc[0, 0]) > in_cells  # its figures
    assert db._connection(str(demo_db_copy), db.current_version()[:3]) is con  # not reopened
