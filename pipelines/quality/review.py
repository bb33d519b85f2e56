"""The officers' review workflow: a decision per finding (已核实 / 已排除), its history
(撤销 = withdrawn), and findings joined with their decisions. The only writer of the
package (:func:`record_decision`, :func:`clear_decision`), through
``pipelines.store.transaction`` (the officers' store beside the published file: a decision
never rewrites the database file)."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping
from typing import Any

import pandas as pd

from pipelines import audit, store
from pipelines.access import Actor, authorize, unit_region
from pipelines.quality.detectors import findings
from pipelines.quality.vocabulary import DECISION_STATUSES, STATUS_OPEN, _isna
from pipelines.query import as_source

# ---------------------------------------------------------------------------
# Review workflow


def record_decision(
    db_path: str | os.PathLike,
    finding_id: str,
    status: str,
    note: str = "",
    reviewer: str = "",
    *,
    finding: Mapping[str, Any] | None = None,
    decided_at: dt.datetime | None = None,
    actor: Actor | None = None,
) -> None:
    """Store an officer's decision on a finding (replacing an earlier one), atomically.

    ``finding`` (a row of :func:`findings`) fills report_id / unit_id / year / kind / rule so
    the decision still says what it was about once the finding has gone (e.g. the unit sent
    a corrected report).

    Needs the ``reviewer`` role for the finding's region (``actor``; None: the command-line
    user); a signed-in actor is the reviewer, whatever ``reviewer`` says. The decision, its
    review_log row and its audit_log row are one transaction of the officers' store."""
    if status not in DECISION_STATUSES:
        raise ValueError(f"核实状态只能是 {' / '.join(DECISION_STATUSES)}，收到：{status!r}")
    actor = authorize(actor, "reviewer", what="核实数据质量问题")
    reviewer = actor.identity if actor.signed_in else (reviewer or "").strip()
    if not reviewer:
        raise ValueError("请填写核实人姓名")
    if not finding_id:
        raise ValueError("缺少问题编号")
    f = dict(finding or {})
    year = f.get("year")
    row = (
        finding_id,
        _none(f.get("report_id")),
        _none(f.get("unit_id")),
        None if year is None or _isna(year) else int(year),
        _none(f.get("kind")),
        _none(f.get("rule")),
        status,
        (note or "").strip(),
        reviewer,
        decided_at or _now(),
    )
    regions = _Regions(db_path)
    with store.transaction(db_path) as con:
        before = _decision_before(con, finding_id, actor, regions)
        _authorize_unit(actor, regions, row[2], "核实数据质量问题")
        con.execute("DELETE FROM review_decisions WHERE finding_id = ?", [finding_id])
        con.execute("INSERT INTO review_decisions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", list(row))
        con.execute("INSERT INTO review_log VALUES (?, ?, ?, ?, ?)", [finding_id, *row[6:]])
        audit.record(con, actor, "decide", finding_id, before, {
            "status": status, "note": row[7], "reviewer": reviewer, "unit_id": row[2], "year": row[3],
            "kind": row[4], "rule": row[5], "report_id": row[1],
        })


class _Regions:
    """unit_id → (province, city, county) from the published file, opened only when asked
    (a decision by someone whose grants cover every region never opens it)."""

    def __init__(self, db_path: str | os.PathLike):
        self.db_path = db_path

    def __call__(self, unit_id: Any) -> Any:
        if not unit_id or not isinstance(unit_id, str):
            return (None, None, None)
        from pipelines.db import connect_readonly

        con = connect_readonly(self.db_path, officer=False)
        try:
            return unit_region(con, unit_id)
        finally:
            con.close()


def _authorize_unit(actor: Actor, regions: _Regions, unit_id: Any, what: str) -> None:
    if any(g.covers("reviewer", None) and g.region.strip() in ("", "*") for g in actor.grants):
        return  # a grant for every region: no lookup needed
    authorize(actor, "reviewer", regions(unit_id), what=what)


def _decision_before(con: Any, finding_id: str, actor: Actor, regions: _Regions) -> dict | None:
    """The stored decision (None when there is none); changing it also needs the role for
    the region of the unit it was about."""
    old = con.execute(
        "SELECT status, note, reviewer, decided_at, unit_id FROM review_decisions WHERE finding_id = ?",
        [finding_id],
    ).fetchone()
    if old is None:
        return None
    _authorize_unit(actor, regions, old[4], "核实数据质量问题")
    return {"status": old[0], "note": old[1], "reviewer": old[2], "decided_at": old[3], "unit_id": old[4]}


STATUS_WITHDRAWN = "撤销"  # in the log only: a decision taken back


def clear_decision(
    db_path: str | os.PathLike,
    finding_id: str,
    reviewer: str = "",
    *,
    decided_at: dt.datetime | None = None,
    actor: Actor | None = None,
) -> None:
    """Withdraw a decision: the finding is 待核实 again (the log keeps who withdrew it).
    The same role check and audit row as :func:`record_decision`."""
    actor = authorize(actor, "reviewer", what="撤销核实结论")
    reviewer = actor.identity if actor.signed_in else (reviewer or "").strip()
    with store.transaction(db_path) as con:
        before = _decision_before(con, finding_id, actor, _Regions(db_path))
        con.execute("DELETE FROM review_decisions WHERE finding_id = ?", [finding_id])
        con.execute(
            "INSERT INTO review_log VALUES (?, ?, ?, ?, ?)",
            [finding_id, STATUS_WITHDRAWN, "", reviewer, decided_at or _now()],
        )
        audit.record(con, actor, "withdraw", finding_id, before, {"status": STATUS_OPEN, "reviewer": reviewer})


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def decision_history(source: Any, finding_id: str) -> pd.DataFrame:
    """Every decision on one finding, oldest first (撤销 = withdrawn)."""
    db = as_source(source)
    # a database written before the log existed gets the table on its next write
    if db.df("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'review_log'").iloc[0, 0] == 0:
        return pd.DataFrame(columns=["status", "note", "reviewer", "decided_at"])
    return db.df(
        "SELECT status, note, reviewer, decided_at FROM review_log WHERE finding_id = $finding_id"
        " ORDER BY decided_at, rowid",
        {"finding_id": finding_id},
    )


def _none(value: Any) -> Any:
    return None if _isna(value) else value


def decisions(source: Any) -> pd.DataFrame:
    """All stored decisions, newest first (none on a bare connection to a file: decisions live
    in the officers' store, which ``connect_readonly`` and the dashboard show)."""
    db = as_source(source)
    if db.df("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'review_decisions'").iloc[0, 0] == 0:
        return pd.DataFrame(
            columns=["finding_id", "status", "note", "reviewer", "decided_at", "report_id", "unit_id", "year",
                     "kind", "rule"]
        )  # fmt: skip
    return db.df(
        """
        SELECT finding_id, status, note, reviewer, decided_at, report_id, unit_id, year, kind, rule
        FROM review_decisions ORDER BY decided_at DESC, finding_id
        """
    )


def with_decisions(found: pd.DataFrame, decided: pd.DataFrame) -> pd.DataFrame:
    """Findings + their decision (status 待核实 when none)."""
    cols = ["finding_id", "status", "note", "reviewer", "decided_at"]
    if len(decided) < len(found) // 10:
        # few decisions among many findings (1 M reports: 147,000 findings): look them up by
        # id on a shallow copy instead of a merge that copies every column (60 ms against 200)
        by_id = decided[cols].drop_duplicates("finding_id").set_index("finding_id")
        out = found.copy(deep=False)
        ids = found["finding_id"]
        for col in cols[1:]:
            out[col] = ids.map(by_id[col]) if len(by_id) else pd.Series(None, index=found.index, dtype=object)
    else:
        out = found.merge(decided[cols], on="finding_id", how="left")
    out["status"] = out["status"].fillna(STATUS_OPEN)
    out["note"] = out["note"].fillna("")
    out["reviewer"] = out["reviewer"].fillna("")
    return out


def findings_with_decisions(source: Any, **kwargs: Any) -> pd.DataFrame:
    return with_decisions(findings(source, **kwargs), decisions(source))
