"""Officers place reports: a kept (unplaced) report text, or a placed one whose unit or year
was read wrong, gets the unit and year a person says. The placement is stored in
``placements`` and applied again on every reparse and re-ingest of the same bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePath

from pipelines import audit, units
from pipelines.access import Actor, authorize, unit_region
from pipelines.checks import run_checks
from pipelines.db import open_writer
from pipelines.errors import DatabaseError, GovReportsError, RejectedInput
from pipelines.load import Loader
from pipelines.model import PlacementHints


class PlacementError(GovReportsError):
    """A placement that cannot be made: no such report, several match, an impossible year."""


@dataclass(frozen=True)
class Placed:
    source_path: str
    unit_name: str
    year: int
    figures: int
    failed_checks: int


def find_source(con, source: str) -> tuple[str, str]:
    """(sha256, source_path) of the unplaced or placed report named by its path, the end of
    its path (a file name) or a sha256 prefix of 8+ hex digits; unplaced reports first."""
    source = source.strip()
    if not source:
        raise PlacementError("name the report to place (its path, file name or sha256)")
    for table in ("unplaced_reports", "reports"):
        rows = con.execute(
            f"SELECT DISTINCT sha256, source_path FROM {table} "
            "WHERE source_path = $s OR source_path LIKE '%/' || $s OR source_path LIKE '%\\' || $s "
            "OR (length($s) >= 8 AND sha256 LIKE lower($s) || '%')",
            {"s": source},
        ).fetchall()
        if len(rows) == 1:
            return rows[0]
        if len(rows) > 1:
            listed = "; ".join(path for _, path in rows[:5])
            raise PlacementError(f"'{source}' names {len(rows)} reports ({listed}): give the full path")
    raise PlacementError(f"no unplaced or placed report is named '{source}'")


def place_source(
    db_path: str | Path,
    source: str,
    unit: str,
    year: int,
    *,
    placed_by: str = "command line",
    actor: Actor | None = None,
) -> Placed:
    """Parse the stored bytes again with the unit and year a person says, load the report,
    drop it from unplaced_reports and remember the placement. One atomic publish.

    Needs the ``reviewer`` role for the region of the unit it is placed under (and, when a
    placed report is moved, of the unit it leaves); a signed-in actor is the ``placed_by``.
    The audit_log row is written in the same publish."""
    from pipelines.ingest import parse_file, place_report

    unit = " ".join(unit.split())
    if not unit:
        raise PlacementError("the unit name is empty")
    if not 2000 <= year <= 2100:
        raise PlacementError(f"{year} is not a report year")
    if not Path(db_path).exists():
        raise DatabaseError(f"database not found: {db_path}")
    actor = authorize(actor, "reviewer", what="确认报告归属")
    if actor.signed_in:
        placed_by = actor.identity
    alias_map = units.aliases()
    with open_writer(db_path) as writer:
        con = writer.con
        sha, source_path = find_source(con, source)
        before = _placement_before(con, sha, actor)
        row = con.execute("SELECT content FROM sources WHERE sha256 = ?", [sha]).fetchone()
        if row is None:
            raise PlacementError(f"the original of '{source_path}' is not stored: ingest the file again")
        data = bytes(row[0])
        hints = PlacementHints(unit=unit, year=year, said_by="officer")
        try:
            report = parse_file(data, source_path, place=False, hints=hints)
        except RejectedInput as exc:
            raise PlacementError(f"'{source_path}' cannot be read: {exc.reason}") from None
        place_report(report, alias_map)
        authorize(actor, "reviewer", (report.province, report.city, report.county), what="确认报告归属")
        checks = run_checks(report)
        demo_row = con.execute("SELECT bool_or(is_demo) FROM reports WHERE sha256 = ?", [sha]).fetchone()
        was_demo = bool(demo_row and demo_row[0])
        loader = Loader(con, force=True)
        outcome = loader.add(report, checks, data, units.unit_id_for(report.unit_name or unit, alias_map),
                             is_demo=was_demo)
        loader.finish(alias_map)
        con.execute(
            "INSERT OR REPLACE INTO placements VALUES (?, ?, ?, ?, ?, ?)",
            [sha, source_path, unit, year, placed_by, dt.datetime.now().replace(microsecond=0)],
        )
        con.execute("DELETE FROM unplaced_reports WHERE sha256 = ?", [sha])
        audit.record(con, actor, "place", sha, before, {
            "file": PurePath(source_path).name, "unit": unit, "year": year,
            "unit_id": units.unit_id_for(report.unit_name or unit, alias_map),
            "figures": outcome.figures, "placed_by": placed_by,
        })
    from pipelines.search_index import refresh_quietly

    refresh_quietly(db_path)  # 全文检索: the placed report's text
    return Placed(source_path, unit, year, outcome.figures, outcome.failed_checks)


def _placement_before(con, sha: str, actor: Actor) -> dict:
    """What the report was before this placement (for the audit row); moving a placed report
    also needs the reviewer role for the region it leaves."""
    row = con.execute(
        "SELECT unit_id, unit_name, year FROM reports WHERE sha256 = ? LIMIT 1", [sha]
    ).fetchone()
    if row is not None:
        authorize(actor, "reviewer", unit_region(con, row[0]), what="更改报告归属")
        return {"status": "已归属", "unit_id": row[0], "unit": row[1], "year": row[2]}
    kept = con.execute("SELECT reason FROM unplaced_reports WHERE sha256 = ?", [sha]).fetchone()
    return {"status": "待归属", "reason": kept[0] if kept else None}


__all__ = ["Placed", "PlacementError", "find_source", "place_source"]
