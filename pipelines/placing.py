"""Officers place reports: a kept (unplaced) report text, or a placed one whose unit or year
was read wrong, gets the unit and year a person says. The placement is stored in
``placements`` (in the officers' store beside the file, pipelines/store.py) and applied again
on every reparse and re-ingest of the same bytes.

Like a decision or a correction, a placement never rewrites the published file: the report
is parsed again with the unit and year said, and its rows — the report, its figures and
checks, its unit when new, and its rows of the derived tables the pages read (its series,
its region cell's sums) — are computed in a scratch in-memory database and stored in the
store's overlay. Readers show them through temp views over the file's tables (the rows the
placement stands in for hidden, pipelines/sqlchild.install_overlay); the next writer
(ingest, reparse, optimize) folds them into the file it publishes.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import threading
from dataclasses import dataclass
from pathlib import Path, PurePath

import pyarrow as pa

from pipelines import audit, store, units
from pipelines.access import Actor, authorize, unit_region
from pipelines.checks import run_checks
from pipelines.errors import DatabaseError, GovReportsError, RejectedInput
from pipelines.load import Loader, LoadOutcome, report_id_for
from pipelines.model import PlacementHints
from pipelines.sources import read_source
from pipelines.sqlchild import install_officer


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
    """Parse the stored bytes again with the unit and year a person says and hold the placed
    report in the officers' store (one SQLite transaction; the published file is only read).

    Needs the ``reviewer`` role for the region of the unit it is placed under (and, when a
    placed report is moved, of the unit it leaves); a signed-in actor is the ``placed_by``.
    The placement, the placed report's rows and the audit_log row are one store write."""
    from pipelines.db import connect_readonly
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
    # the file and the store's placed reports, as readers see them (the public tables: the
    # derived tables' views are not needed here)
    con = connect_readonly(db_path, officer=False)
    try:
        install_officer(con, store.spec(db_path), derived_views=False)
        sha, source_path = find_source(con, source)
        before = _placement_before(con, sha, actor)
        data = read_source(con, sha)
        if data is None:
            raise PlacementError(f"the original of '{source_path}' is not stored: ingest the file again")
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
        unit_id = units.unit_id_for(report.unit_name or unit, alias_map)
        rows, hides, outcome = _overlay_rows(con, report, checks, unit_id, was_demo)
    finally:
        con.close()
    with store.transaction(db_path) as officer:
        officer.execute(
            "INSERT OR REPLACE INTO placements VALUES (?, ?, ?, ?, ?, ?)",
            [sha, source_path, unit, year, placed_by, dt.datetime.now().replace(microsecond=0)],
        )
        # a placed report it replaces at the same unit and year, held in the overlay too, leaves it
        for other in hides:
            officer.execute(
                "DELETE FROM overlay_rows WHERE sha256 IN (SELECT sha256 FROM overlay WHERE sha256 <> ? "
                "AND 'r' || substr(sha256, 1, 16) = ?)", [sha, other],
            )
            officer.execute("DELETE FROM overlay WHERE sha256 <> ? AND 'r' || substr(sha256, 1, 16) = ?", [sha, other])
        seq = store.next_placed(officer)
        officer.execute("INSERT OR REPLACE INTO overlay VALUES (?, ?, ?)", [sha, seq, json.dumps(hides)])
        officer.execute("DELETE FROM overlay_rows WHERE sha256 = ?", [sha])
        for name, ipc in rows.items():
            officer.execute("INSERT INTO overlay_rows VALUES (?, ?, ?)", [sha, name, ipc])
        officer.placed_changed = True
        audit.record(officer, actor, "place", sha, before, {
            "file": PurePath(source_path).name, "unit": unit, "year": year, "unit_id": unit_id,
            "figures": outcome.figures, "placed_by": placed_by,
        })
    from pipelines.search_index import add_quietly

    add_quietly(db_path, [sha])  # 全文检索: the placed report's text
    return Placed(source_path, unit, year, outcome.figures, outcome.failed_checks)


@dataclass(frozen=True)
class PlacementRequest:
    """One report to place: its source (path, file name or sha256 prefix), the unit and year said."""

    source: str
    unit: str
    year: int


@dataclass(frozen=True)
class PlacementRefused:
    """A report of a batch that was not placed, and why (the others are placed all the same)."""

    source: str
    reason: str


def place_sources(
    db_path: str | Path,
    requests: list[PlacementRequest],
    *,
    placed_by: str = "command line",
    actor: Actor | None = None,
) -> tuple[list[Placed], list[PlacementRefused]]:
    """Place several reports, each as ``place_source`` does (one store write each, so a report
    is placed whole or not at all). A report that cannot be placed (no such report, an empty
    unit, a year out of range, a region the actor may not review) is listed with its reason and
    the next one is placed; a database that cannot be read or written stops the batch: that report
    and the ones after it are listed with its reason, and what was placed before stays placed."""
    placed: list[Placed] = []
    refused: list[PlacementRefused] = []
    for index, request in enumerate(requests):
        try:
            placed.append(place_source(db_path, request.source, request.unit, request.year,
                                       placed_by=placed_by, actor=actor))
        except DatabaseError as exc:
            refused += [PlacementRefused(r.source, str(exc)) for r in requests[index:]]
            break
        except GovReportsError as exc:
            refused.append(PlacementRefused(request.source, str(exc)))
    return placed, refused


def _overlay_rows(
    con, report, checks, unit_id: str, was_demo: bool
) -> tuple[dict[str, bytes], list[str], LoadOutcome]:
    """The placed report's rows of every table readers show, as Arrow IPC streams (name →
    bytes), computed in a scratch in-memory database with the file's schema; the report_ids
    of the published file it stands in for; the loader's outcome (figures, failed checks).

    Its continuity checks (last year's carried-over figures) are computed against its unit's
    neighbouring years in the file; the successor year's check follows at the next fold."""
    rid = report_id_for(report.sha256)
    with _scratch_lock:
        return _overlay_rows_in(_scratch(), con, report, checks, unit_id, was_demo, rid)


# One scratch in-memory database per process, with the schema and catalog tables made once
# (ensure_schema costs ~0.1 s); emptied of the previous placement's rows before each use.
_scratch_lock = threading.Lock()
_scratch_db: list = []
_SCRATCH_ROWS = ("reports", "report_values", "check_results", "units", "unit_names", "sources",
                 "unplaced_reports", "rejected_files", "report_replacements")  # fmt: skip


def _scratch():
    import duckdb

    from pipelines.db import ensure_schema

    if not _scratch_db:
        scratch = duckdb.connect(":memory:")
        ensure_schema(scratch)
        _scratch_db.append(scratch)
    scratch = _scratch_db[0]
    for table in _SCRATCH_ROWS:
        scratch.execute(f"DELETE FROM {table}")
    return scratch


def _overlay_rows_in(
    scratch, con, report, checks, unit_id: str, was_demo: bool, rid: str
) -> tuple[dict[str, bytes], list[str], LoadOutcome]:
    from pipelines import derived
    from pipelines.load import CARRY_SQL, IN_FORCE_SQL, rebuild_units

    loader = Loader(scratch, force=True)
    outcome = loader.add(report, checks, None, unit_id, is_demo=was_demo)
    loader.flush()
    # the report it replaces at the same unit and year, if any (the loader's rule)
    hides = [rid] + [
        r for (r,) in con.execute(
            "SELECT report_id FROM reports WHERE unit_id = ? AND year IS NOT DISTINCT FROM ? AND report_id <> ?",
            [unit_id, report.year, rid],
        ).fetchall()
    ]  # fmt: skip
    if report.year is not None:  # continuity with last year's report of the unit
        for table in ("reports", "report_values"):
            prev = con.sql(
                f"SELECT * FROM {table} WHERE unit_id = ? AND year = ? AND report_id <> ?",
                params=[unit_id, report.year - 1, rid],
            ).to_arrow_table()
            scratch.register("_prev", prev)
            scratch.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _prev")
            scratch.unregister("_prev")
        scratch.execute(CARRY_SQL)
        scratch.execute(IN_FORCE_SQL)
        for table in ("check_results", "report_values", "reports"):
            scratch.execute(f"DELETE FROM {table} WHERE report_id <> ?", [rid])
    rebuild_units(scratch)
    derived.materialize(scratch, temp=False)
    out = {}
    for name in (*store.OVERLAY_BASE, *store.OVERLAY_DERIVED):
        table = scratch.sql(f"SELECT * FROM {name}").to_arrow_table()
        sink = io.BytesIO()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        out[name] = sink.getvalue()
    return out, hides, outcome


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


__all__ = [
    "Placed", "PlacementError", "PlacementRefused", "PlacementRequest", "find_source", "place_source", "place_sources",
]
