"""Corrections by hand (人工更正): an officer corrects a figure a report misprints or the parser
misread, with a reason.

A correction is stored in the table ``corrections`` of the officers' store beside the published
file (``pipelines/store.py``; saving one never rewrites the database file), keyed by the report's
``sha256`` (its bytes) and the metric — never by row — so it survives re-ingest and ``govreports
reparse``. Readers apply the current corrections when they open the file
(``pipelines.sqlchild.CORRECTED_VALUES_SQL``: ``report_values`` is a view with the corrected
figure); the published file keeps the figures as parsed. The printed ``raw_text`` and the
``provenance`` stay as read, and the value the parser read when it was corrected is kept in
``corrections.original_value``. Charts, sums and SQL therefore use the corrected figure;
the pages mark it (人工更正) and list every correction with who, when and why. Withdrawing one
(``withdrawn``) brings the parsed value back at once.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from typing import Any

import pandas as pd

from pipelines import audit, store
from pipelines.access import Actor, authorize, unit_region
from pipelines.db import connect_readonly


def _figure(db_path: str | os.PathLike, report_id: str, metric: str) -> tuple[Any, ...] | None:
    """(sha256, value as parsed, raw_text, provenance, unit_id) of one figure."""
    con = connect_readonly(db_path, officer=False)  # the file alone: the figures as parsed
    try:
        return con.execute(
            """SELECT r.sha256, v.value, v.raw_text, v.provenance, r.unit_id FROM reports r
               JOIN report_values v USING (report_id) WHERE r.report_id = ? AND v.metric = ?
               ORDER BY CASE WHEN v.origin = 'text' THEN 1 ELSE 0 END LIMIT 1""",
            [report_id, metric],
        ).fetchone()
    finally:
        con.close()


def _report(db_path: str | os.PathLike, report_id: str) -> tuple[Any, ...] | None:
    """(sha256, unit_id) of one report."""
    con = connect_readonly(db_path, officer=False)
    try:
        return con.execute("SELECT sha256, unit_id FROM reports WHERE report_id = ?", [report_id]).fetchone()
    finally:
        con.close()


def record_correction(
    db_path: str | os.PathLike,
    report_id: str,
    metric: str,
    value: float,
    reason: str,
    corrected_by: str,
    *,
    corrected_at: dt.datetime | None = None,
    actor: Actor | None = None,
) -> None:
    """Correct one figure of a report (replacing an earlier correction of it), atomically,
    with its audit row. Needs the reviewer role for the report's region (AccessDenied).
    Raises ValueError (Chinese message) for a missing reason or name, or an unknown figure."""
    reason, corrected_by = (reason or "").strip(), (corrected_by or "").strip()
    if not reason:
        raise ValueError("请填写更正理由")
    if not corrected_by:
        raise ValueError("请填写更正人姓名")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"更正后的数值不是数字：{value!r}") from None
    if math.isnan(number) or math.isinf(number):
        raise ValueError("更正后的数值不是数字")
    row = _figure(db_path, report_id, metric)
    if row is None:
        raise ValueError(f"报告 {report_id} 中没有指标 {metric} 的数字")
    sha256, parsed, raw_text, provenance, unit_id = row
    actor = _authorized(db_path, actor, unit_id, "更正数字")
    with store.transaction(db_path) as con:
        previous = con.execute(
            """SELECT value, original_value, withdrawn FROM corrections WHERE sha256 = ? AND metric = ?
               ORDER BY corrected_at DESC, rowid DESC LIMIT 1""",
            [sha256, metric],
        ).fetchone()
        active = previous is not None and not previous[2]  # a current correction is replaced
        current = previous[0] if active else parsed
        original = previous[1] if active else parsed
        con.execute(
            "UPDATE corrections SET withdrawn = 1 WHERE sha256 = ? AND metric = ?", [sha256, metric]
        )
        con.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
            [
                sha256,
                metric,
                number,
                original,
                raw_text,
                provenance,
                reason,
                corrected_by,
                corrected_at or _now(),
            ],
        )
        con.figures_changed = True
        audit.record(con, actor, "correct", f"{report_id} {metric}", {"value": current},
                     {"value": number, "reason": reason, "corrected_by": corrected_by})


def _authorized(db_path: str | os.PathLike, actor: Actor | None, unit_id: Any, what: str) -> Actor:
    """The actor, when it may correct this report's figures (reviewer of its region)."""
    actor = authorize(actor, "reviewer", what=what)
    if any(g.covers("reviewer", None) and g.region.strip() in ("", "*") for g in actor.grants):
        return actor  # a grant for every region: no lookup needed
    con = connect_readonly(db_path, officer=False)
    try:
        region = unit_region(con, unit_id)
    finally:
        con.close()
    return authorize(actor, "reviewer", region, what=what)


def withdraw_correction(
    db_path: str | os.PathLike,
    report_id: str,
    metric: str,
    by: str,
    reason: str = "",
    *,
    actor: Actor | None = None,
) -> None:
    """Take a correction back: the parsed value applies again (the list keeps who and why)."""
    found = _report(db_path, report_id)
    if found is None:
        return
    sha256, unit_id = found
    actor = _authorized(db_path, actor, unit_id, "撤销更正")
    with store.transaction(db_path) as con:
        cur = con.execute(
            """SELECT sha256, metric, value, original_value, raw_text, provenance, withdrawn FROM corrections
               WHERE sha256 = ? AND metric = ? ORDER BY corrected_at DESC, rowid DESC LIMIT 1""",
            [sha256, metric],
        )
        row = cur.fetchone()
        if row is None or row[6]:
            return
        cols = [d[0] for d in cur.description or []]
        rec = dict(zip(cols, row, strict=True))
        con.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 1)",
            [
                rec["sha256"],
                metric,
                rec["original_value"] if rec["original_value"] is not None else rec["value"],
                rec["original_value"],
                rec["raw_text"],
                rec["provenance"],
                f"撤销更正{('：' + reason.strip()) if reason.strip() else ''}",
                (by or "").strip() or "—",
                _now(),
            ],
        )
        con.figures_changed = True
        audit.record(con, actor, "uncorrect", f"{report_id} {metric}", {"value": rec["value"]},
                     {"value": rec["original_value"], "reason": reason.strip()})


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def corrections(source: Any, report_id: str | None = None, *, current_only: bool = False) -> pd.DataFrame:
    """Every correction (newest first) with its report, unit and year: who, when, why; or
    the current ones only. Empty (with the columns) on a database without the table."""
    from pipelines.query import as_source

    db = as_source(source)
    cols = [
        "report_id", "unit_id", "unit_name", "year", "metric", "value", "original_value", "raw_text",
        "provenance", "reason", "corrected_by", "corrected_at", "withdrawn", "current",
    ]  # fmt: skip
    if db.df("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'corrections'").iloc[0, 0] == 0:
        return pd.DataFrame(columns=cols)
    df = db.df(
        """
        SELECT r.report_id, r.unit_id, coalesce(u.name, r.unit_name) AS unit_name, r.year, c.metric, c.value,
               c.original_value, c.raw_text, c.provenance, c.reason, c.corrected_by, c.corrected_at, c.withdrawn,
               row_number() OVER (PARTITION BY c.sha256, c.metric ORDER BY c.corrected_at DESC, c.rowid DESC) = 1
                   AS current
        FROM corrections c JOIN reports r ON r.sha256 = c.sha256 LEFT JOIN units u ON u.unit_id = r.unit_id
        WHERE ($report_id IS NULL OR r.report_id = $report_id)
        ORDER BY c.corrected_at DESC, c.metric
        """,
        {"report_id": report_id},
    )
    if current_only:
        df = df[df["current"] & ~df["withdrawn"]]
    return df[cols].reset_index(drop=True)
