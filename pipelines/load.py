"""load stage: ParsedReports (+ their check results) → DuckDB.

Idempotent by content hash; a changed file (same source path, or same unit and year)
replaces its earlier version; every report is written whole or not at all (see
pipelines/db.py for the publish protocol that keeps running dashboards answering).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines import catalog, replacements
from pipelines.model import CheckResult, LoadStatus, ParsedReport, PlacementHints
from pipelines.sources import SOURCE_COLUMNS, SourceCodec


def refresh_catalog(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)write the metrics, series definitions and the joined `series` view from pipelines.catalog."""
    con.register(
        "metric_rows",
        pd.DataFrame(
            [
                (m.key, m.label_zh, m.unit, m.family, m.section, m.row_label, m.col_label, m.note)
                for m in catalog.metrics().values()
            ],
            columns=["metric", "label_zh", "unit", "family", "section", "row_label", "col_label", "note"],
        ),
    )
    con.execute("DELETE FROM metrics")
    con.execute("INSERT INTO metrics SELECT * FROM metric_rows")
    con.execute("DELETE FROM series_defs")
    con.executemany(
        "INSERT INTO series_defs VALUES (?, ?, ?)", [(s.key, s.label_zh, s.unit) for s in catalog.SERIES]
    )
    con.register(
        "alt_rows",
        pd.DataFrame(
            [
                (s.key, prio, key, len(keys), "+".join(keys))
                for s in catalog.SERIES
                for prio, keys in enumerate(s.alternatives)
                for key in keys
            ],
            columns=["series", "priority", "metric", "n_keys", "source_metric"],
        ),
    )
    con.execute("CREATE OR REPLACE TABLE series_alternatives AS SELECT * FROM alt_rows")
    con.execute(SERIES_VIEW)


# One row per unit × year × joined series: the first alternative (in catalog priority)
# whose keys the report all states; `source_metric` names the key(s) summed.
SERIES_VIEW = """
CREATE OR REPLACE VIEW series AS
WITH matched AS (
    -- per report and alternative: the keys it states; complete alternatives only
    SELECT v.report_id, a.series, a.priority, any_value(a.source_metric) AS source_metric,
           sum(v.value) AS value
    FROM series_alternatives a JOIN report_values v ON v.metric = a.metric
    GROUP BY v.report_id, a.series, a.priority
    HAVING count(*) = any_value(a.n_keys)
), best AS (
    SELECT report_id, series, arg_min(source_metric, priority) AS source_metric,
           arg_min(value, priority) AS value
    FROM matched GROUP BY report_id, series
)
-- grouped per report before joining the reports: about half the cost of joining first
SELECT r.unit_id, r.unit_name, r.year, b.series, b.value, b.source_metric, b.report_id
FROM best b JOIN reports r USING (report_id)
"""


# ---------------------------------------------------------------------------
# Loading parsed reports

CONTINUITY_RULES = ("std.carry_continuity", "std.in_force_continuity")

# The stored reports sharing a key with the window's reports (Loader.prepare), in storage order.
_WINDOW_SQL = """
SELECT rowid, report_id, sha256, source_path, unit_id, year FROM reports
WHERE sha256 IN (SELECT sha256 FROM window_keys)
UNION
SELECT rowid, report_id, sha256, source_path, unit_id, year FROM reports
WHERE source_path IN (SELECT source_path FROM window_keys)
UNION
SELECT r.rowid, r.report_id, r.sha256, r.source_path, r.unit_id, r.year FROM reports r
WHERE EXISTS (SELECT 1 FROM window_keys w WHERE w.unit_id = r.unit_id AND w.year IS NOT DISTINCT FROM r.year)
ORDER BY rowid
"""
COMMIT_EVERY = 2000  # reports per transaction inside Loader.run() (its rows stay in memory until committed)


def report_id_for(sha256: str) -> str:
    """Stable across reparse and re-ingest of the same bytes (review decisions key on it)."""
    return "r" + sha256[:16]


@dataclass
class LoadOutcome:
    status: LoadStatus
    report_id: str
    detail: str = ""  # for duplicates: the path already loaded with the same content
    figures: int = 0
    failed_checks: int = 0


@dataclass
class _Buffer:
    reports: list[tuple] = field(default_factory=list)
    # report_values: each report's own columns once (owners) and its figures as they were
    # shipped (packed); the rows are made in Arrow at the flush (value_columns)
    owners: dict[str, list] = field(default_factory=lambda: {c: [] for c in VALUE_COLUMNS[:4]})
    figures: list[FigureColumns] = field(default_factory=list)
    checks: list[tuple] = field(default_factory=list)
    sources: list[tuple] = field(default_factory=list)
    delete_ids: list[str] = field(default_factory=list)
    pending_ids: set[str] = field(default_factory=set)  # report_ids staged here, not yet written
    rejected: list[tuple] = field(default_factory=list)
    cleared_paths: list[str] = field(default_factory=list)
    unplaced: dict[str, tuple] = field(default_factory=dict)  # sha256 → unplaced_reports row
    replaced: list[tuple[list[str], str]] = field(default_factory=list)  # (old report_ids, new report_id)

    def __len__(self) -> int:
        return len(self.reports) + len(self.rejected) + len(self.unplaced)


class Loader:
    """Writes parsed reports into an open read-write connection (a Writer's private copy).

    Decides per report: unchanged (same bytes, same path), duplicate (same bytes loaded
    under another path), replaced (same path or same unit-year, new bytes), or loaded.
    Rows are buffered and flushed in one transaction per batch; a report is never
    partly written.
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, *, is_demo: bool = False, force: bool = False):
        self.con = con
        self._codec: SourceCodec | None = None  # made on the first flush that stores sources
        self.is_demo = is_demo
        self.force = force  # reparse: same bytes are re-written, not "unchanged"
        self.buf = _Buffer()
        self.in_transaction = False  # inside run(): flushes share a transaction
        self._uncommitted = 0  # rows written in the open transaction of run()
        self.replacement_log: list[dict] = []  # every replacement written (report_replacements rows)
        # The keys of the duplicate and replacement decisions, for a window of reports only:
        # what the database holds for the keys of the reports about to be added (prepare(),
        # one query a batch) and what was staged since. Nothing is kept for every stored
        # report, so the loader's memory does not grow with the database or the run.
        self._by_sha: dict[str, str] = {}  # sha → source_path
        self._by_path: dict[str, str] = {}  # source_path → report_id
        self._by_unit_year: dict[tuple[str, int | None], str] = {}
        self._keys_of: dict[str, tuple[str, str, tuple[str, int | None]]] = {}  # report_id → its index keys
        self._unplaced: dict[str, str] = {}  # sha256 → source_path of kept unplaced texts
        self._window: set[tuple[str, str, str | None, int | None]] = set()  # keys prepare() looked up
        self._placements: dict[str, PlacementHints] | None = None
        # The units whose reports this load wrote or deleted: finish() rebuilds their rows of units and their
        # continuity checks only (a few files into a national database touch a few of its 88,000 units)
        self.touched_units: set[str] = set()

    def prepare(self, keys: list[tuple[str, str, str | None, int | None]], *, extend: bool = False) -> None:
        """Look up what the database holds for the reports about to be added or kept:
        ``keys`` = (sha256, source_path, unit_id, year) of each (unit_id None: not placed).

        The staged rows are written first (same transaction), so the database is the whole
        truth; the window's keys are then replaced by the stored rows that share a content
        hash, a source path or a unit-year with one of ``keys`` (in storage order, the
        later row winning, as when every key was read at the start). add() and
        keep_unplaced() of a report whose keys were not prepared prepare them alone
        (``extend``: added to the window, whose keys stay).
        """
        self.flush()
        if extend:
            self._window.update(keys)
        else:
            self._by_sha.clear()
            self._by_path.clear()
            self._by_unit_year.clear()
            self._keys_of.clear()
            self._unplaced.clear()
            self._window = set(keys)
        if not keys:
            return
        want = pa.table(
            {
                "sha256": [k[0] for k in keys],
                "source_path": [k[1] for k in keys],
                "unit_id": [k[2] for k in keys],
                "year": pa.array([k[3] for k in keys], pa.int32()),
            }
        )
        con = self.con
        con.register("window_keys", want)
        try:
            rows = con.execute(_WINDOW_SQL).fetchall()
            unplaced = con.execute(
                "SELECT sha256, source_path FROM unplaced_reports "
                "WHERE sha256 IN (SELECT sha256 FROM window_keys)"
            ).fetchall()
        finally:
            con.unregister("window_keys")
        for _, rid, sha, path, unit_id, year in rows:
            self._index(rid, sha, path, (unit_id, year))
        self._unplaced.update(unplaced)

    def _prepared(self, report: ParsedReport, unit_id: str | None) -> None:
        key = (report.sha256, report.source_path, unit_id, report.year if unit_id is not None else None)
        if key not in self._window:
            self.prepare([key], extend=True)

    # -- decisions -------------------------------------------------------------
    def add(
        self,
        report: ParsedReport,
        checks: list[CheckResult],
        content: bytes | None,
        unit_id: str,
        *,
        is_demo: bool | None = None,
        ingested_at: dt.datetime | None = None,
        columns: FigureColumns | None = None,
    ) -> LoadOutcome:
        self._prepared(report, unit_id)
        rid = report_id_for(report.sha256)
        known_path = self._by_sha.get(report.sha256)
        if known_path is not None and not self.force:
            if known_path == report.source_path:
                return LoadOutcome("unchanged", rid)
            self.buf.rejected.append(
                (
                    report.source_path,
                    f"duplicate of already-loaded {known_path} (same content)",
                    _now(),
                    report.sha256,
                )
            )
            return LoadOutcome("duplicate", rid, known_path)
        old_ids = {
            i
            for i in (self._by_path.get(report.source_path), self._by_unit_year.get((unit_id, report.year)))
            if i is not None
        }
        if self.force:
            old_ids.add(rid)  # reparse rewrites the same report in place
        status: LoadStatus = "replaced" if old_ids else "loaded"
        if old_ids & self.buf.pending_ids:
            # the report being replaced (same unit-year earlier in this run) is still in the
            # buffer: write it, so the delete below removes it like any stored report
            self.flush()
        for old in old_ids:
            self._forget(old)
            self.buf.delete_ids.append(old)
        if old_ids and not self.force:
            self.buf.replaced.append((sorted(old_ids), rid))
        columns = columns or figure_columns(report.figures)
        self._stage(
            report,
            checks,
            content,
            unit_id,
            rid,
            self.is_demo if is_demo is None else is_demo,
            ingested_at or _now(),
            columns,
        )
        return LoadOutcome(status, rid, figures=columns.count, failed_checks=len(checks))

    def placement_of(self, sha256: str) -> PlacementHints | None:
        """What an officer said about these bytes (govreports place), if anything."""
        if self._placements is None:
            self._placements = {
                sha: PlacementHints(unit=unit, year=year, said_by="officer")
                for sha, unit, year in self.con.execute(
                    "SELECT sha256, unit_name, year FROM placements"
                ).fetchall()
            }
        return self._placements.get(sha256)

    def keep_unplaced(
        self, report: ParsedReport, content: bytes | None, columns: FigureColumns | None = None
    ) -> LoadOutcome:
        """A report text whose unit or year is not certain: kept with its candidates, out of
        every chart until placed. The same bytes already loaded as a report change nothing."""
        self._prepared(report, None)
        rid = report_id_for(report.sha256)
        if report.sha256 in self._by_sha and not self.force:
            return LoadOutcome("unchanged", rid)
        if self._unplaced.get(report.sha256) == report.source_path and not self.force:
            return LoadOutcome("unchanged", rid)
        from pipelines import PARSER_VERSION

        metrics, values, raws, provs, origins, _confidences = (columns or figure_columns(report.figures)).lists()
        place = report.placement
        candidates = [
            {"field": c.field, "value": c.value, "confidence": c.confidence, "source": c.source,
             "evidence": c.evidence}
            for c in (*place.units, *place.years)
        ]
        figures = [
            {"metric": k, "value": v, "raw_text": r, "provenance": p, "origin": o}
            for k, v, r, p, o in zip(metrics, values, raws, provs, origins, strict=True)
        ]
        self.buf.unplaced[report.sha256] = (
            report.sha256, report.source_path, report.format, report.template,
            place.reason or "未能确定归属单位和年度", candidates, figures, len(figures),
            report.published_on, PARSER_VERSION, _now(),
        )
        if content is not None:
            self.buf.sources.append((report.sha256, report.source_path, report.format, len(content), content))
        self.buf.cleared_paths.append(report.source_path)
        self._unplaced[report.sha256] = report.source_path
        return LoadOutcome("unplaced", rid, figures=len(figures))

    def reject(self, source_path: str, reason: str, sha256: str | None = None) -> None:
        self.buf.rejected.append((source_path, reason, _now(), sha256))

    def _index(self, rid: str, sha: str, path: str, unit_year: tuple[str, int | None]) -> None:
        self._by_sha[sha] = path
        self._by_path[path] = rid
        self._by_unit_year[unit_year] = rid
        self._keys_of[rid] = (sha, path, unit_year)

    def _forget(self, report_id: str) -> None:
        keys = self._keys_of.pop(report_id, None)
        if keys is None:
            return
        sha, path, unit_year = keys
        indexes: tuple[tuple[dict[Any, str], object], ...] = (
            (self._by_sha, sha),
            (self._by_path, path),
            (self._by_unit_year, unit_year),
        )
        for index, key in indexes:
            if key in index and (index is self._by_sha or index[key] == report_id):
                del index[key]

    def _stage(
        self,
        report: ParsedReport,
        checks: list[CheckResult],
        content: bytes | None,
        unit_id: str,
        rid: str,
        is_demo: bool,
        ingested_at: dt.datetime,
        columns: FigureColumns,
    ) -> None:
        from pipelines import PARSER_VERSION

        b = self.buf
        b.reports.append(
            (
                rid,
                unit_id,
                report.unit_name,
                report.year,
                report.template,
                report.source_path,
                report.sha256,
                report.format,
                report.published_on,
                report.province,
                report.city,
                report.county,
                report.kind,
                is_demo,
                columns.count,
                list(report.doubts),
                PARSER_VERSION,
                ingested_at,
            )
        )
        o = b.owners
        o["report_id"].append(rid)
        o["unit_id"].append(unit_id)
        o["unit_name"].append(report.unit_name)
        o["year"].append(report.year)
        b.figures.append(columns)
        b.checks.extend(
            (rid, unit_id, report.year, c.rule, c.severity, c.detail, list(c.metrics)) for c in checks
        )
        if content is not None:
            b.sources.append((report.sha256, report.source_path, report.format, len(content), content))
        b.cleared_paths.append(report.source_path)
        self._index(rid, report.sha256, report.source_path, (unit_id, report.year))
        b.pending_ids.add(rid)

    # -- writing ---------------------------------------------------------------
    @contextlib.contextmanager
    def run(self) -> Iterator[Loader]:
        """Flushes share a transaction, committed every COMMIT_EVERY reports and at the end.

        The connection is a writer's private copy, published whole or discarded, so the
        batches need no commit of their own: a commit costs a WAL write and its sync. A
        transaction's rows are held in memory until it commits, hence one per few thousand
        reports, not one per run (memory stays flat with corpus size).
        """
        self.con.execute("BEGIN TRANSACTION")
        self.in_transaction = True
        try:
            yield self
            self.flush()
        except BaseException:
            self.in_transaction = False
            with contextlib.suppress(Exception):
                self.con.execute("ROLLBACK")
            self._codec = None  # a dictionary trained in this transaction is gone with it
            raise
        self.in_transaction = False
        self.con.execute("COMMIT")

    def flush(self) -> None:
        """Write the buffered reports in one transaction (the run's, inside :meth:`run`)."""
        b, con = self.buf, self.con
        if not len(b) and not b.delete_ids:
            return
        own = not self.in_transaction
        if own:
            con.execute("BEGIN TRANSACTION")
        try:
            if b.replaced:  # recorded before the old rows go (pipelines/replacements.py)
                self.replacement_log += replacements.record(con, b.replaced, *_new_side(b))
            if b.delete_ids:
                con.register("ids", _keys("report_id", list(dict.fromkeys(b.delete_ids))))
                self.touched_units.update(
                    uid for (uid,) in con.execute(
                        "SELECT DISTINCT unit_id FROM reports WHERE report_id IN (SELECT report_id FROM ids)"
                    ).fetchall()
                )
                for table in ("report_values", "check_results"):
                    con.execute(f"DELETE FROM {table} WHERE report_id IN (SELECT report_id FROM ids)")
                con.execute("DELETE FROM reports WHERE report_id IN (SELECT report_id FROM ids)")
            placed_shas = [r[6] for r in b.reports]
            if placed_shas:  # a text placed now leaves the unplaced list
                con.register("placed_shas", _keys("sha256", placed_shas))
                con.execute("DELETE FROM unplaced_reports WHERE sha256 IN (SELECT sha256 FROM placed_shas)")
            if b.unplaced:
                _insert_columns(con, "unplaced_reports", _unplaced_columns(con, list(b.unplaced.values())), replace=True)
            if b.reports:
                self.touched_units.update(row[1] for row in b.reports)
                _insert(con, "reports", b.reports, REPORT_COLUMNS)
                _insert_columns(con, "report_values", _value_columns(b))
                _insert(con, "check_results", b.checks, CHECK_COLUMNS)
            if b.sources:  # stored zstd-compressed (pipelines/sources.py)
                if self._codec is None:
                    self._codec = SourceCodec(con)
                # as typed Arrow columns: DuckDB reads a pandas frame of objects value by value
                rows = self._codec.rows(b.sources)
                con.register("src", pa.table(list(map(list, zip(*rows, strict=True))), schema=_SOURCE_SCHEMA))
                cols = ", ".join(SOURCE_COLUMNS)
                # the key's index finds the bytes already stored (no scan of every stored sha256)
                con.execute(f"INSERT OR IGNORE INTO sources ({cols}) SELECT {cols} FROM src").fetchall()
            # a path that now loads, or is rejected again, keeps only its latest rejection line
            cleared = list(dict.fromkeys(b.cleared_paths + [r[0] for r in b.rejected]))
            if cleared:
                con.register("paths", _keys("source_path", cleared))
                con.execute("DELETE FROM rejected_files WHERE source_path IN (SELECT source_path FROM paths)")
            if b.rejected:
                latest = {r[0]: r for r in b.rejected}
                _insert(con, "rejected_files", list(latest.values()), REJECTED_COLUMNS)
            if b.delete_ids:  # only a deleted report can leave its original bytes unused
                con.execute(replacements.KEEP_SOURCES_SQL)
            if own:
                con.execute("COMMIT")
        except BaseException:
            if own:
                con.execute("ROLLBACK")
                self._codec = None  # a dictionary trained in this transaction is gone with it
            raise
        self._uncommitted += len(b)
        self.buf = _Buffer()
        if self.in_transaction and self._uncommitted >= COMMIT_EVERY:
            # a transaction's rows stay in memory until it commits: bounded, not one per run
            con.execute("COMMIT")
            con.execute("BEGIN TRANSACTION")
            self._uncommitted = 0

    def finish(self, alias_map: dict[str, str] | None = None, *, every_unit: bool = False) -> None:
        """After all batches: re-key units with the alias file, rebuild units, continuity checks.
        (The officers' corrections of figures are not written into the file: readers apply
        them from the store, pipelines/store.py, so they survive re-ingest and reparse.)

        The units and the continuity checks are rebuilt for the units this load touched, or for
        every unit when the alias file or the keying changed (every unit may have a new id or
        name) or ``every_unit`` says others changed too (placements folded from the store)."""
        self.flush()
        self.con.execute(replacements.KEEP_SOURCES_SQL)  # original bytes no row refers to any more
        rekeyed = apply_unit_aliases(self.con, alias_map)
        scope = None if every_unit or rekeyed is not None else self.touched_units
        rebuild_units(self.con, scope)
        refresh_continuity_checks(self.con, scope)


REPORT_COLUMNS = [
    "report_id",
    "unit_id",
    "unit_name",
    "year",
    "template",
    "source_path",
    "sha256",
    "format",
    "published_on",
    "province",
    "city",
    "county",
    "kind",
    "is_demo",
    "n_figures",
    "doubts",
    "parser_version",
    "ingested_at",
]
VALUE_COLUMNS: list[str] = [
    "report_id",
    "unit_id",
    "unit_name",
    "year",
    "metric",
    "value",
    "raw_text",
    "provenance",
    "origin",
    "confidence",
]
CHECK_COLUMNS = ["report_id", "unit_id", "year", "rule", "severity", "detail", "metrics"]
REJECTED_COLUMNS = ["source_path", "reason", "rejected_at", "sha256"]
UNPLACED_COLUMNS = [
    "sha256",
    "source_path",
    "format",
    "template",
    "reason",
    "candidates",
    "figures",
    "n_figures",
    "published_on",
    "parser_version",
    "kept_at",
]


def _keys(name: str, values: list[str]) -> pa.Table:
    """A one-column table of keys to register (Arrow: cheaper for DuckDB to read than pandas)."""
    return pa.table({name: pa.array(values, pa.string())})


_SOURCE_SCHEMA = pa.schema(  # the sources table's columns (SOURCE_COLUMNS) as Arrow types
    [
        ("sha256", pa.string()),
        ("source_path", pa.string()),
        ("format", pa.string()),
        ("size_bytes", pa.int64()),
        ("content", pa.binary()),
        ("codec", pa.string()),
        ("dict_id", pa.int32()),
    ]
)


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple], columns: list[str]) -> None:
    if rows:
        _insert_columns(con, table, dict(zip(columns, map(list, zip(*rows, strict=True)), strict=True)))


def _value_columns(b: _Buffer) -> dict[str, Any]:
    """The buffered report_values rows as columns: each report's own columns repeated over
    its figures, as dictionary arrays (the row → report indices over the reports' values: no
    string copied per row, and no list of a value per row in Python), the figures' columns
    unpacked in Arrow (FigureColumns)."""
    counts = [columns.count for columns in b.figures]
    rows = pa.array(np.repeat(np.arange(len(counts), dtype=np.int32), counts), pa.int32())
    owners: dict[str, Any] = {name: _repeated(pa.array(col), rows) for name, col in b.owners.items()}
    values = np.frombuffer(b"".join(columns.values for columns in b.figures), dtype=np.float64)
    metric, raw_text, provenance, origin = (_text_column(b.figures, i) for i in range(4))
    return {
        **owners,
        "metric": metric,
        "value": pa.array(values, pa.float64()),
        "raw_text": raw_text,
        "provenance": provenance,
        "origin": origin,
        "confidence": _confidence_column(b.figures),
    }


def _repeated(values: pa.Array, rows: pa.Array) -> pa.Array:
    """``values`` at ``rows``: strings as a dictionary array over them, anything else taken."""
    if pa.types.is_string(values.type):
        return pa.DictionaryArray.from_arrays(rows, values)
    if pa.types.is_null(values.type):  # (years all unknown)
        values = values.cast(pa.int64())
    return values.take(rows)


def _insert_columns(
    con: duckdb.DuckDBPyConnection, table: str, columns: dict[str, Any], *, replace: bool = False
) -> None:
    """Append columns (``replace``: rows whose key is stored replace the stored ones)."""
    # Columnar Arrow is several times cheaper to build than a pandas frame of objects.
    if not len(next(iter(columns.values()))):
        return
    con.register("frame", pa.table(columns))
    cols = ", ".join(columns)
    con.execute(f"INSERT {'OR REPLACE ' if replace else ''}INTO {table} ({cols}) SELECT {cols} FROM frame")
    con.unregister("frame")


def _unplaced_columns(con: duckdb.DuckDBPyConnection, rows: list[tuple]) -> dict[str, pa.Array]:
    """unplaced_reports rows (UNPLACED_COLUMNS order) as typed Arrow columns, the types read off the
    table itself (pipelines/schema.py stays their one source). Its rows go in as one Arrow table:
    DuckDB converts Python parameters (executemany) row by row, ~6 ms a report with its lists of
    candidate and figure structs, more than parsing the report took."""
    types = con.sql(f"SELECT {', '.join(UNPLACED_COLUMNS)} FROM unplaced_reports LIMIT 0").to_arrow_table().schema
    return {
        name: pa.array(list(column), types.field(name).type)
        for name, column in zip(UNPLACED_COLUMNS, zip(*rows, strict=True), strict=True)
    }


@dataclass(frozen=True)
class FigureColumns:
    """A report's figures as columns, packed to cross from a parse worker to the loader cheaply.

    Each text column is one string, its values joined by FIELD_SEP (a list instead when a
    value holds the separator), the values are float64 bytes and the confidences ``None``
    when no figure has one (read from text, not by OCR). Unpickling a few strings instead of
    ~140 a column, and making the flush's Arrow columns from them with one split each, costs
    the loader a fifth of what plain lists did (~65 → ~15 µs a report, generated txt).
    """

    count: int
    texts: tuple[str | list[str], ...]  # metric, raw_text, provenance, origin: joined, or a list
    values: bytes  # float64, native byte order
    confidences: list[float | None] | None  # None: every confidence is None

    @classmethod
    def of(
        cls,
        metrics: list[str],
        values: list[float],
        raws: list[str],
        provs: list[str],
        origins: list[str],
        confidences: list[float | None],
    ) -> FigureColumns:
        count = len(metrics)
        return cls(
            count,
            tuple(_joined(column, count) for column in (metrics, raws, provs, origins)),
            array("d", values).tobytes(),
            None if all(c is None for c in confidences) else list(confidences),
        )

    def lists(self) -> tuple[list[str], list[float], list[str], list[str], list[str], list[float | None]]:
        """metric, value, raw_text, provenance, origin, confidence as lists (the rarer paths:
        unplaced reports, replacements, Dask shards)."""
        metrics, raws, provs, origins = (self._texts(i) for i in range(4))
        values = array("d")
        values.frombytes(self.values)
        confidences = self.confidences if self.confidences is not None else [None] * self.count
        return metrics, values.tolist(), raws, provs, origins, list(confidences)

    def _texts(self, i: int) -> list[str]:
        column = self.texts[i]
        if isinstance(column, list):
            return list(column)
        return column.split(FIELD_SEP) if self.count else []


FIELD_SEP = "\x1f"  # (ASCII unit separator) between the values of a packed text column


def _joined(column: list[str], count: int) -> str | list[str]:
    """``column`` joined by FIELD_SEP, or the list itself when a value holds the separator."""
    joined = FIELD_SEP.join(column)
    return joined if joined.count(FIELD_SEP) == max(count - 1, 0) else list(column)


def figure_columns(figures) -> FigureColumns:
    """A report's figures packed as columns (cheap to send between processes)."""
    return FigureColumns.of(
        [f.metric for f in figures],
        [f.value for f in figures],
        [f.raw_text for f in figures],
        [f.provenance for f in figures],
        [f.origin for f in figures],
        [f.confidence for f in figures],
    )


def _text_column(packed: list[FigureColumns], i: int) -> pa.ChunkedArray:
    """Text column ``i`` of the buffered reports' figures as one Arrow column: the joined
    values of consecutive reports split at once (in Arrow), a list column taken as it is."""
    chunks: list[pa.Array] = []
    run: list[str] = []

    def split_run() -> None:
        if run:
            joined = pa.array([FIELD_SEP.join(run)], pa.string())
            chunks.append(pc.split_pattern(joined, FIELD_SEP).flatten())
            run.clear()

    for columns in packed:
        column = columns.texts[i]
        if isinstance(column, list):
            split_run()
            chunks.append(pa.array(column, pa.string()))
        elif columns.count:
            run.append(column)
    split_run()
    return pa.chunked_array(chunks, pa.string())


def _confidence_column(packed: list[FigureColumns]) -> pa.Array:
    if all(columns.confidences is None for columns in packed):
        return pa.nulls(sum(columns.count for columns in packed), pa.float64())
    return pa.array(
        [c for columns in packed for c in (columns.confidences or [None] * columns.count)], pa.float64()
    )


def _new_side(b: _Buffer) -> tuple[dict[str, dict], dict[str, dict]]:
    """The buffered (new) reports of replacements: their facts and their figures by metric."""
    wanted = {new for _, new in b.replaced}
    col = {name: REPORT_COLUMNS.index(name) for name in ("report_id", "sha256", "source_path", "n_figures")}
    reports = {
        row[col["report_id"]]: {k: row[i] for k, i in col.items()}
        for row in b.reports
        if row[col["report_id"]] in wanted
    }
    values: dict[str, dict] = {}
    for rid, columns in zip(b.owners["report_id"], b.figures, strict=True):
        if rid in wanted:
            metrics, figure_values = columns.lists()[:2]
            values.setdefault(rid, {}).update(zip(metrics, figure_values, strict=True))
    return reports, values


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def unit_keys_fingerprint(alias_map: dict[str, str]) -> str:
    """What a report's unit_id is computed from, beside its printed name: the alias file's pairs, the
    keying code (pipelines/units.py, and the parser's short names, PARSER_VERSION) and cpca's regions."""
    from importlib.metadata import version  # (only when an ingest finishes: not at the app's start)

    from pipelines import PARSER_VERSION, units

    digest = hashlib.sha256()
    digest.update(f"{PARSER_VERSION}|cpca {version('cpca')}|".encode())
    digest.update(Path(units.__file__).read_bytes())
    digest.update(json.dumps(sorted(alias_map.items()), ensure_ascii=False).encode())
    return digest.hexdigest()


_UNIT_KEYS = "unit_keys_fingerprint"  # meta: the fingerprint every stored report's unit_id was computed with


def apply_unit_aliases(con: duckdb.DuckDBPyConnection, alias_map: dict[str, str] | None = None) -> int | None:
    """Re-key every report's unit_id from its printed name with the current alias file.

    Officers edit data/unit_aliases.csv at any time; this makes every ingest apply it to
    reports loaded earlier too. Returns the number of reports re-keyed, or None when nothing
    can have changed: the alias file, the keying code and cpca are those every stored report
    was keyed with (meta ``unit_keys_fingerprint``), and the run's own reports were keyed with
    them too — an ingest of a few files into a national database does not re-read 88,000 names.
    """
    from pipelines import units

    alias_map = units.aliases() if alias_map is None else alias_map
    fingerprint = unit_keys_fingerprint(alias_map)
    # (fetchall: a result left unfinished would block the connection's next register)
    if con.execute("SELECT value FROM meta WHERE key = ?", [_UNIT_KEYS]).fetchall() == [(fingerprint,)]:
        return None
    names = [n for (n,) in con.execute("SELECT DISTINCT unit_name FROM reports").fetchall()]
    # (the names first, in one cpca call: the canonical names are computed from their regions)
    units.prefetch_regions(names)
    units.prefetch_regions([units.canonical_name(n, alias_map) for n in names])
    con.register(
        "mapping",
        pd.DataFrame([(n, units.unit_id_for(n, alias_map)) for n in names], columns=["unit_name", "new_id"]),
    )
    moves = con.execute(
        "SELECT r.unit_name, m.new_id, count(*), sum(r.n_figures) FROM reports r JOIN mapping m USING (unit_name) "
        "WHERE r.unit_id <> m.new_id GROUP BY ALL ORDER BY 1"
    ).fetchall()
    con.unregister("mapping")
    for chunk in _chunks_of_figures(moves):
        # (a statement each few hundred thousand figures: one UPDATE of a national database's 144 M rows
        # does not fit the writer's memory, WRITER_MEMORY_LIMIT)
        con.register("moves", pd.DataFrame([m[:2] for m in chunk], columns=["unit_name", "new_id"]))
        try:
            for table in ("reports", "report_values"):
                con.execute(
                    f"UPDATE {table} t SET unit_id = m.new_id FROM moves m "
                    f"WHERE t.unit_name = m.unit_name AND t.unit_id <> m.new_id"
                )
        finally:
            con.unregister("moves")
    if moves:
        con.execute(
            "UPDATE check_results c SET unit_id = r.unit_id FROM reports r "
            "WHERE c.report_id = r.report_id AND c.unit_id IS DISTINCT FROM r.unit_id"
        )
    con.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", [_UNIT_KEYS, fingerprint])
    return sum(m[2] for m in moves)


REKEY_FIGURES = 400_000  # figures re-keyed by one statement (apply_unit_aliases)


def _chunks_of_figures(moves: list[tuple]) -> Iterator[list[tuple]]:
    """The names to re-key, in runs of at most REKEY_FIGURES figures (a name with more is a run of its own)."""
    chunk: list[tuple] = []
    figures = 0
    for move in moves:
        if chunk and figures + (move[3] or 0) > REKEY_FIGURES:
            yield chunk
            chunk, figures = [], 0
        chunk.append(move)
        figures += move[3] or 0
    if chunk:
        yield chunk


@contextlib.contextmanager
def _unit_scope(con: duckdb.DuckDBPyConnection, unit_ids: set[str] | None) -> Iterator[str]:
    """A WHERE condition on unit_id: those of ``unit_ids`` (registered as a table while in use), or every unit."""
    if unit_ids is None:
        yield "TRUE"
        return
    con.register("unit_scope", _keys("unit_id", sorted(u for u in unit_ids if u is not None)))
    try:
        yield "unit_id IN (SELECT unit_id FROM unit_scope)"
    finally:
        con.unregister("unit_scope")


def rebuild_units(con: duckdb.DuckDBPyConnection, unit_ids: set[str] | None = None) -> None:
    """units: one row per unit_id, named after its latest report (alias canonical name first),
    in its display form (simplified, no spaces, no redundant province prefix). ``unit_ids``: those
    units' rows only (a unit no report names any more is dropped); None: every unit."""
    with _unit_scope(con, unit_ids) as scope:
        _rebuild_units(con, scope)


def _rebuild_units(con: duckdb.DuckDBPyConnection, scope: str) -> None:
    from pipelines import units

    con.execute(f"DELETE FROM units WHERE {scope}")
    con.execute(f"""
        INSERT INTO units
        SELECT unit_id,
               arg_max(unit_name, year) AS name,
               arg_max(province, year) AS province,
               arg_max(city, year) AS city,
               arg_max(county, year) AS county,
               arg_max(kind, year) AS kind,
               bool_and(is_demo) AS is_demo
        FROM reports WHERE {scope} GROUP BY unit_id
    """)
    alias_map = units.aliases()  # read once: each lookup without it reads the settings and stats the file
    named = con.execute(f"SELECT unit_id, name FROM units WHERE {scope}").fetchall()
    units.prefetch_regions([name for _, name in named])  # (one cpca call, not one a unit)
    con.register(
        "canon",
        pd.DataFrame(
            [(uid, units.display_name(units.canonical_name(name, alias_map))) for uid, name in named],
            columns=["unit_id", "canonical"],
        ),
    )
    con.execute(
        "UPDATE units u SET name = c.canonical FROM canon c WHERE u.unit_id = c.unit_id "
        "AND u.name <> c.canonical"
    )
    con.execute(f"DELETE FROM unit_names WHERE {scope}")
    con.execute(f"""
        INSERT INTO unit_names
        SELECT unit_id, unit_name, min(year), max(year) FROM reports WHERE {scope} GROUP BY unit_id, unit_name
    """)


def refresh_continuity_checks(con: duckdb.DuckDBPyConnection, unit_ids: set[str] | None = None) -> None:
    """std.carry_continuity and std.in_force_continuity need last year's report: recomputed
    after every load for the units it touched (``unit_ids``; None: the whole database) — a
    year loaded late changes its successor's, which is the same unit's."""
    with _unit_scope(con, unit_ids) as scope:
        con.execute(f"DELETE FROM check_results WHERE rule IN {CONTINUITY_RULES} AND {scope}")
        con.execute(_carry_sql(scope))
        con.execute(_in_force_sql(scope))


def _num(expr: str) -> str:
    """SQL text of a figure as printed: 21 not 21.0."""
    return (
        f"(CASE WHEN {expr} = round({expr}) THEN CAST(CAST({expr} AS BIGINT) AS VARCHAR) "
        f"ELSE CAST({expr} AS VARCHAR) END)"
    )


_COLUMN_LABEL = (
    "CASE replace(cur.metric, 'apply.carried_in.', '') "
    + " ".join(f"WHEN '{key}' THEN '{label}'" for key, label in catalog.APPLICANT_COLUMNS)
    + " END"
)


def _carry_sql(scope: str = "TRUE") -> str:
    """std.carry_continuity's rows for the reports of the units ``scope`` (a condition on unit_id) holds."""
    return f"""
INSERT INTO check_results (report_id, unit_id, year, rule, severity, detail, metrics)
WITH v AS (
    SELECT r.report_id, r.unit_id, r.year, rv.metric, rv.value
    FROM (SELECT * FROM reports WHERE {scope}) r JOIN report_values rv USING (report_id)
    WHERE rv.metric LIKE 'apply.carried_in.%' OR rv.metric LIKE 'apply.carried_out.%'
)
SELECT cur.report_id, cur.unit_id, cur.year, 'std.carry_continuity', 'warning',
       string_agg({_COLUMN_LABEL} || '：上年结转下年度 ' || {_num("prev.value")}
                  || ' ≠ 本年上年结转 ' || {_num("cur.value")}, '；' ORDER BY cur.metric),
       list(cur.metric ORDER BY cur.metric) || list(prev.metric ORDER BY cur.metric)
FROM v cur
JOIN v prev ON prev.unit_id = cur.unit_id AND prev.year = cur.year - 1
           AND prev.metric = replace(cur.metric, 'apply.carried_in.', 'apply.carried_out.')
WHERE cur.metric LIKE 'apply.carried_in.%' AND abs(prev.value - cur.value) > 1e-6
GROUP BY cur.report_id, cur.unit_id, cur.year
"""


def _in_force_sql(scope: str = "TRUE") -> str:
    """std.in_force_continuity's rows for the reports of the units ``scope`` (a condition on unit_id) holds."""
    return f"""
INSERT INTO check_results (report_id, unit_id, year, rule, severity, detail, metrics)
WITH v AS (
    SELECT r.report_id, r.unit_id, r.year, rv.metric, rv.value
    FROM (SELECT * FROM reports WHERE {scope}) r JOIN report_values rv USING (report_id)
    WHERE rv.metric IN ('rules.issued', 'rules.repealed', 'rules.in_force',
                        'normative.issued', 'normative.repealed', 'normative.in_force')
), w AS (
    SELECT report_id, unit_id, year, split_part(metric, '.', 1) AS kind,
           max(value) FILTER (WHERE metric LIKE '%.issued') AS issued,
           max(value) FILTER (WHERE metric LIKE '%.repealed') AS repealed,
           max(value) FILTER (WHERE metric LIKE '%.in_force') AS in_force
    FROM v GROUP BY ALL
)
SELECT cur.report_id, cur.unit_id, cur.year, 'std.in_force_continuity', 'warning',
       string_agg(CASE cur.kind WHEN 'rules' THEN '规章' ELSE '行政规范性文件' END
                  || '：上年现行有效 ' || {_num("prev.in_force")} || ' + 本年制发 ' || {_num("cur.issued")}
                  || ' − 本年废止 ' || {_num("cur.repealed")} || ' ≠ 本年现行有效 '
                  || {_num("cur.in_force")}, '；' ORDER BY cur.kind),
       flatten(list([cur.kind || '.in_force', cur.kind || '.issued', cur.kind || '.repealed'] ORDER BY cur.kind))
FROM w cur JOIN w prev ON prev.unit_id = cur.unit_id AND prev.year = cur.year - 1 AND prev.kind = cur.kind
WHERE abs(prev.in_force + cur.issued - cur.repealed - cur.in_force) > 1e-6
GROUP BY cur.report_id, cur.unit_id, cur.year
"""


CARRY_SQL, IN_FORCE_SQL = _carry_sql(), _in_force_sql()  # every unit's (pipelines/placing.py's scratch)
