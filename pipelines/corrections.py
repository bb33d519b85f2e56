"""Corrections by hand (人工更正): an officer corrects a figure a report misprints or the parser
misread, with a reason.

A correction is stored in its own table ``corrections``, keyed by the report's ``sha256`` (its
bytes) and the metric — never by row — so it survives re-ingest and ``govreports reparse``:
:func:`apply_corrections` runs at the end of every ingest and reparse (``Loader.finish``) and
when a correction is saved. It sets ``report_values.value`` to the corrected figure; the
printed ``raw_text`` and the ``provenance`` stay as read, and the value the parser read is kept
in ``corrections.original_value``. Charts, sums and SQL therefore use the corrected figure;
the pages mark it (人工更正) and list every correction with who, when and why. Withdrawing one
(``withdrawn``) brings the parsed value back on the next apply.
"""

from __future__ import annotations

import datetime as dt
import math
import os
from typing import Any

import duckdb
import pandas as pd

from pipelines import audit
from pipelines.access import Actor, authorize, unit_region
from pipelines.db import write_transaction

DDL = """
CREATE TABLE IF NOT EXISTS corrections (
    sha256 VARCHAR NOT NULL,          -- the report's bytes (reports.sha256): stable across reparse
    metric VARCHAR NOT NULL,
    value DOUBLE NOT NULL,            -- the corrected figure
    original_value DOUBLE,            -- the figure as read by the parser (refreshed on every apply)
    raw_text VARCHAR,                 -- as printed, when corrected
    provenance VARCHAR,               -- where it was read, when corrected
    reason VARCHAR NOT NULL,
    corrected_by VARCHAR NOT NULL,
    corrected_at TIMESTAMP NOT NULL,
    withdrawn BOOLEAN DEFAULT FALSE   -- superseded by a later correction or taken back
);
"""


def _current_sql() -> str:
    return """
        SELECT * FROM corrections
        QUALIFY row_number() OVER (PARTITION BY sha256, metric ORDER BY corrected_at DESC, rowid DESC) = 1
    """


def apply_corrections(con: duckdb.DuckDBPyConnection) -> int:
    """Set report_values to the current corrections (a writer's connection); returns how many
    figures carry a correction. The parsed value is first saved as ``original_value``."""
    con.execute(DDL)
    con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE _current_corrections AS
        SELECT c.sha256, c.metric, c.value, c.withdrawn, c.corrected_at, r.report_id
        FROM ({_current_sql()}) c JOIN reports r ON r.sha256 = c.sha256
        """
    )
    # the value the parser read: a report_values row not (yet) carrying the correction
    con.execute(
        """
        UPDATE corrections SET original_value = v.value
        FROM _current_corrections cc, report_values v
        WHERE corrections.sha256 = cc.sha256 AND corrections.metric = cc.metric
          AND v.report_id = cc.report_id AND v.metric = cc.metric
          AND NOT cc.withdrawn AND v.value IS DISTINCT FROM cc.value
        """
    )
    # a withdrawn correction: the parsed value back
    con.execute(
        """
        UPDATE report_values SET value = c.original_value
        FROM _current_corrections cc, corrections c
        WHERE cc.withdrawn AND c.sha256 = cc.sha256 AND c.metric = cc.metric AND c.corrected_at = cc.corrected_at
          AND report_values.report_id = cc.report_id AND report_values.metric = cc.metric
          AND c.original_value IS NOT NULL
        """
    )
    con.execute(
        """
        UPDATE report_values SET value = cc.value
        FROM _current_corrections cc
        WHERE NOT cc.withdrawn AND report_values.report_id = cc.report_id AND report_values.metric = cc.metric
        """
    )
    n = con.execute("SELECT count(*) FROM _current_corrections WHERE NOT withdrawn").fetchone()
    con.execute("DROP TABLE _current_corrections")
    return int(n[0]) if n else 0


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
    with write_transaction(db_path) as con:
        con.execute(DDL)
        row = con.execute(
            """SELECT r.sha256, v.value, v.raw_text, v.provenance FROM reports r
               JOIN report_values v USING (report_id) WHERE r.report_id = ? AND v.metric = ?
               ORDER BY CASE WHEN v.origin = 'text' THEN 1 ELSE 0 END LIMIT 1""",
            [report_id, metric],
        ).fetchone()
        if row is None:
            raise ValueError(f"报告 {report_id} 中没有指标 {metric} 的数字")
        actor = _authorized(con, actor, report_id, "更正数字")
        sha256, current, raw_text, provenance = row
        previous = con.execute(
            f"SELECT original_value FROM ({_current_sql()}) WHERE sha256 = ? AND metric = ? AND NOT withdrawn",
            [sha256, metric],
        ).fetchone()
        original = previous[0] if previous else current
        con.execute(
            "UPDATE corrections SET withdrawn = true WHERE sha256 = ? AND metric = ?", [sha256, metric]
        )
        con.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, false)",
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
        apply_corrections(con)
        audit.record(con, actor, "correct", f"{report_id} {metric}", {"value": current},
                     {"value": number, "reason": reason, "corrected_by": corrected_by})


def _authorized(con: duckdb.DuckDBPyConnection, actor: Actor | None, report_id: str, what: str) -> Actor:
    """The actor, when it may correct this report's figures (reviewer of its region)."""
    unit = con.execute("SELECT unit_id FROM reports WHERE report_id = ?", [report_id]).fetchone()
    return authorize(actor, "reviewer", unit_region(con, unit[0] if unit else None), what=what)


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
    with write_transaction(db_path) as con:
        con.execute(DDL)
        actor = _authorized(con, actor, report_id, "撤销更正")
        row = con.execute(
            f"""SELECT c.* FROM ({_current_sql()}) c JOIN reports r USING (sha256)
                WHERE r.report_id = ? AND c.metric = ? AND NOT c.withdrawn""",
            [report_id, metric],
        ).fetchone()
        if row is None:
            return
        cols = [d[0] for d in con.description or []]
        rec = dict(zip(cols, row, strict=True))
        con.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, true)",
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
        apply_corrections(con)
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
