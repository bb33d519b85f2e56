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
