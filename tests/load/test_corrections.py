"""Corrections by hand (人工更正): the corrected figure is what the series and sums use, the
printed text and provenance stay, the parsed value is kept, and corrections survive reparse."""

from __future__ import annotations

import datetime as dt
import os

import pytest

from pipelines import corrections
from pipelines.db import connect_readonly
from pipelines.ingest import reparse_database


def _pick(db) -> tuple[str, str, float, str, str]:
    con = connect_readonly(db)
    try:
        return con.execute(
            """SELECT v.report_id, v.metric, v.value, v.raw_text, v.provenance FROM report_values v
               JOIN reports r USING (report_id)
               WHERE v.metric = 'apply.new.total' AND v.origin = 'table' AND v.value > 0
               ORDER BY v.report_id LIMIT 1"""
        ).fetchone()
    finally:
        con.close()


def _value(db, report_id: str, metric: str):
    con = connect_readonly(db)
    try:
        row = con.execute(
            "SELECT value, raw_text, provenance FROM report_values WHERE report_id = ? AND metric = ? AND origin = 'table'",
            [report_id, metric],
        ).fetchone()
        series = con.execute(
            "SELECT value FROM series WHERE report_id = ? AND series = 'applications_received'", [report_id]
        ).fetchone()
        listed = corrections.corrections(con, report_id)
        return row, series, listed
    finally:
        con.close()


def test_a_correction_is_used_kept_listed_and_survives_reparse(demo_db_copy):
    report_id, metric, parsed, raw, prov = _pick(demo_db_copy)
    when = dt.datetime(2026, 3, 1, 9, 30)
    published = os.stat(demo_db_copy)
    corrections.record_correction(
        demo_db_copy,
        report_id,
        metric,
        parsed + 1000,
        "原文第3页与附表不一致，以附表为准",
        "王五",
        corrected_at=when,
    )
    (value, raw_after, prov_after), series, listed = _value(demo_db_copy, report_id, metric)
    assert value == parsed + 1000 and (raw_after, prov_after) == (raw, prov)
    assert series is not None and series[0] == parsed + 1000  # charts read the corrected figure
    assert listed.iloc[0][["original_value", "corrected_by", "reason"]].tolist() == [
        parsed,
        "王五",
        "原文第3页与附表不一致，以附表为准",
    ]
    assert listed.iloc[0]["corrected_at"] == when and bool(listed.iloc[0]["current"])
    after = os.stat(demo_db_copy)  # the correction went to the officers' store, not the file
    assert (after.st_ino, after.st_mtime_ns, after.st_size) == (published.st_ino, published.st_mtime_ns, published.st_size)

    reparse_database(demo_db_copy, progress=False)
    (value, _, _), _, listed = _value(demo_db_copy, report_id, metric)
    assert value == parsed + 1000 and listed.iloc[0]["original_value"] == parsed

    corrections.withdraw_correction(demo_db_copy, report_id, metric, "王五", "单位说明原数字无误")
    (value, _, _), _, listed = _value(demo_db_copy, report_id, metric)
    assert value == parsed
    assert len(listed) == 2 and bool(listed.iloc[0]["withdrawn"]) and "撤销更正" in listed.iloc[0]["reason"]


def test_a_correction_needs_a_reason_a_name_and_a_figure(demo_db_copy):
    report_id, metric, *_ = _pick(demo_db_copy)
    with pytest.raises(ValueError, match="理由"):
        corrections.record_correction(demo_db_copy, report_id, metric, 1, " ", "王五")
    with pytest.raises(ValueError, match="更正人"):
        corrections.record_correction(demo_db_copy, report_id, metric, 1, "理由", "")
    with pytest.raises(ValueError, match="没有指标"):
        corrections.record_correction(demo_db_copy, report_id, "no.such.metric", 1, "理由", "王五")
    con = connect_readonly(demo_db_copy)
    assert corrections.corrections(con).empty
    con.close()
