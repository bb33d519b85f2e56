"""The dashboard's data boundary with the officers' store (app_lib/db.py): a decision is seen by
the next query that reads the decisions, while the connection and its helper tables — every
other cached query's source — stay; a correction changes figures, so it does move the version."""

from __future__ import annotations

import duckdb
import pytest

from app_lib import db
from pipelines import corrections, quality

pytestmark = pytest.mark.demo


def test_a_decision_keeps_the_connection_and_is_seen_at_once(demo_db_copy):
    with db.database_override(demo_db_copy):
        version = db.current_version()
        con = db.get_connection()
        reports = db.run_query("SELECT count(*) AS n FROM reports")
        assert quality.decisions(db.run_query).empty

        quality.record_decision(demo_db_copy, "f-cache-1", "已核实", "电话核实", "张三")
        assert db.current_version() == version  # the key of every figure query is unchanged
        assert db.get_connection() is con  # same connection, same helper tables
        seen = quality.decisions(db.run_query)
        assert list(seen["finding_id"]) == ["f-cache-1"] and seen.iloc[0]["note"] == "电话核实"
        assert db.run_query("SELECT count(*) AS n FROM reports").equals(reports)

        quality.clear_decision(demo_db_copy, "f-cache-1", "张三")
        assert quality.decisions(db.run_query).empty
        assert db.get_connection() is con


def test_a_correction_is_seen_by_figure_queries(demo_db_copy):
    raw = duckdb.connect(str(demo_db_copy), read_only=True)
    report_id, metric, value = raw.execute(
        "SELECT report_id, metric, value FROM report_values WHERE origin = 'table' AND value > 0 "
        "ORDER BY report_id, metric LIMIT 1"
    ).fetchone()
    raw.close()
    sql = "SELECT value FROM report_values WHERE report_id = ? AND metric = ? AND origin = 'table'"
    with db.database_override(demo_db_copy):
        version = db.current_version()
        assert db.run_query(sql, (report_id, metric)).iloc[0, 0] == value
        corrections.record_correction(demo_db_copy, report_id, metric, value + 5, "附表为准", "李四")
        assert db.current_version() != version  # figures changed: figure queries are keyed anew
        assert db.run_query(sql, (report_id, metric)).iloc[0, 0] == value + 5
