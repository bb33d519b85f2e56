"""The officers' store: a small writable SQLite file beside the published read-only database.

The published DuckDB file (``data/govreports.duckdb``) is rewritten only by ``ingest`` and
``reparse``, which publish a whole new file atomically (``pipelines/db.py``). Everything an
officer writes from the dashboard or the command line — 核实 decisions (``review_decisions``,
``review_log``), corrections of figures (``corrections``), placements (``placements`` and the
placed reports' rows) and the audit rows of those writes (``audit_log``) — goes to ``<db>.officer.sqlite`` instead
(``data/govreports.duckdb.officer.sqlite``): SQLite in WAL mode gives many readers and one
short writer across processes, which a DuckDB file cannot (one writer OR many readers).

A write is one SQLite transaction (``BEGIN IMMEDIATE`` … ``COMMIT``, a few milliseconds
whatever the size of the published database) that also bumps the store's version counter.
Readers (:func:`install` — the dashboard's connection, ``connect_readonly``, the SQL sandbox)
load the store's rows into connection-private temp tables of the same names, which shadow
any table of the published file, so SQL users see the contract's tables unchanged. The
dashboard reloads them when the counter moves; queries that do not read them keep their
cache. A correction changes figures: its own counter (``figures``) moves too, and readers
see ``report_values`` through a view that applies the current corrections.

A placement holds the placed report itself in the store (``overlay``, ``overlay_rows``: its
rows of every table a reader shows, computed by pipelines/placing.py), shown by readers
through temp views over the file's tables (pipelines/sqlchild.install_overlay). Ingest and
reparse read the placements and corrections from the store (placements are applied again on
reparse, corrections always apply at read time), fold the held reports into the file they
publish and then drop exactly those from the overlay (:func:`fold_overlay`,
:func:`forget_folded`); they keep writing their own audit rows into the published file's
``audit_log``; readers see both parts as one ``audit_log``. Nothing updates or deletes an audit
row in either place.

Migration: a database written before the store existed (schema version < 4) keeps these
tables inside the published file. Until the store exists, readers show the file's own tables;
the first write to the store (or the first ingest / reparse) copies them into it, once
(``meta.imported``), and the next ingest or reparse drops them from the file. Readers never
create the store.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

SUFFIX = ".officer.sqlite"

# name → columns with their DuckDB types (the same as the tables had in the published file).
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "review_decisions": (
        ("finding_id", "VARCHAR"), ("report_id", "VARCHAR"), ("unit_id", "VARCHAR"), ("year", "INTEGER"),
        ("kind", "VARCHAR"), ("rule", "VARCHAR"), ("status", "VARCHAR"), ("note", "VARCHAR"),
        ("reviewer", "VARCHAR"), ("decided_at", "TIMESTAMP"),
    ),
    "review_log": (
        ("finding_id", "VARCHAR"), ("status", "VARCHAR"), ("note", "VARCHAR"), ("reviewer", "VARCHAR"),
        ("decided_at", "TIMESTAMP"),
    ),
    "corrections": (
        ("sha256", "VARCHAR"), ("metric", "VARCHAR"), ("value", "DOUBLE"), ("original_value", "DOUBLE"),
        ("raw_text", "VARCHAR"), ("provenance", "VARCHAR"), ("reason", "VARCHAR"), ("corrected_by", "VARCHAR"),
        ("corrected_at", "TIMESTAMP"), ("withdrawn", "BOOLEAN"),
    ),
    "placements": (
        ("sha256", "VARCHAR"), ("source_path", "VARCHAR"), ("unit_name", "VARCHAR"), ("year", "INTEGER"),
        ("placed_by", "VARCHAR"), ("placed_at", "TIMESTAMP"),
    ),
    "audit_log": (
        ("logged_at", "TIMESTAMP"), ("identity", "VARCHAR"), ("action", "VARCHAR"), ("target", "VARCHAR"),
        ("before", "VARCHAR"), ("after", "VARCHAR"), ("source", "VARCHAR"),
    ),
}  # fmt: skip
# Tables that lived in the published file before the store (moved here once, then dropped
# from the file). audit_log stays in the file too: ingest and reparse append there.
MOVED_TABLES = ("review_decisions", "review_log", "corrections", "placements")
FIGURE_TABLES = frozenset({"corrections"})  # a write to these changes figures

_SQLITE_TYPES = {
    "VARCHAR": "TEXT",
    "INTEGER": "INTEGER",
    "DOUBLE": "REAL",
    "TIMESTAMP": "TEXT",
    "BOOLEAN": "INTEGER",
}
_KEYS = {"review_decisions": "finding_id", "placements": "sha256"}


# Placed reports not yet in the published file (pipelines/placing.py): per placement, the
# report's rows of every table a reader shows (reports, figures, checks, its unit) and of the
# derived tables (its series, its region cells' sums), computed when it was placed, as Arrow
# IPC streams; ``hides`` the report_ids of the published file it stands in for (itself when
# it was placed before, a report it replaces at the same unit and year). The next writer
# (ingest, reparse …) folds them into the file it publishes, then forgets the ones it folded.
OVERLAY_BASE = ("reports", "report_values", "check_results", "units", "unit_names")
OVERLAY_DERIVED = (
    "series_cached", "series_scoped", "channel_pairs", "report_status", "report_scoped", "metrics_stated", "cell_values", "cell_series",
)  # fmt: skip
OVERLAY_DDL = """
CREATE TABLE IF NOT EXISTS overlay (sha256 TEXT PRIMARY KEY, seq INTEGER NOT NULL, hides TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS overlay_rows (sha256 TEXT NOT NULL, name TEXT NOT NULL, ipc BLOB NOT NULL,
                                         PRIMARY KEY (sha256, name));
"""


def _sqlite_ddl() -> str:
    parts = ["CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);", OVERLAY_DDL]
    for name, cols in TABLES.items():
        body = ", ".join(
            f'"{c}" {_SQLITE_TYPES[t]}' + (" PRIMARY KEY" if _KEYS.get(name) == c else "") for c, t in cols
        )
        parts.append(f"CREATE TABLE IF NOT EXISTS {name} ({body});")
    return "\n".join(parts)


SQLITE_DDL = _sqlite_ddl()


def store_path(db_path: str | os.PathLike) -> Path:
    """``<db>.officer.sqlite`` beside the published database file."""
    return Path(str(db_path) + SUFFIX)


def _adapt(value: Any) -> Any:
    """A Python / NumPy / pandas value as SQLite stores it (timestamps as ISO text)."""
    if value is None:
        return None
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float, str, bytes)):
        return value
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item):
        return _adapt(item())
    to_py = getattr(value, "to_pydatetime", None)  # pandas Timestamp
    if callable(to_py):
        return _adapt(to_py())
    return str(value)


class StoreConnection:
    """A SQLite connection inside one store transaction, with DuckDB-like ``execute``
    (``?`` placeholders; values adapted: datetimes as ISO text, NumPy scalars as numbers)."""

    def __init__(self, con: sqlite3.Connection):
        self._con = con
        self.figures_changed = False
        self.placed_changed = False  # a placement: the overlay of placed reports changed

    def execute(self, sql: str, params: Any = ()) -> sqlite3.Cursor:
        if isinstance(params, dict):
            return self._con.execute(sql, {k: _adapt(v) for k, v in params.items()})
        return self._con.execute(sql, [_adapt(v) for v in params])


def _connect(path: Path, *, timeout: float = 30.0) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=timeout, isolation_level=None, check_same_thread=False)
    con.execute("PRAGMA busy_timeout = 30000")
    return con


_init_lock = threading.Lock()
_ready: set[str] = set()  # stores this process has created / checked


def open_store(db_path: str | os.PathLike) -> sqlite3.Connection:
    """A connection to the store of ``db_path``, created (WAL mode, tables, and the officer
    tables of an older published file copied in once) when missing."""
    path = store_path(db_path)
    key = str(path)
    exists = path.exists()
    con = _connect(path)
    if key in _ready and exists:
        return con
    with _init_lock:
        con.execute("PRAGMA journal_mode = WAL")
        con.execute("BEGIN IMMEDIATE")
        try:
            for stmt in SQLITE_DDL.split(";"):
                if stmt.strip():
                    con.execute(stmt)
            imported = con.execute("SELECT value FROM meta WHERE key = 'imported'").fetchone()
            if imported is None:
                n = _import_legacy(con, Path(db_path))
                con.execute("INSERT OR REPLACE INTO meta VALUES ('imported', ?)", [str(n)])
                if n:
                    _bump(con, figures=True)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            con.close()
            raise
        _ready.add(key)
    return con


def _import_legacy(con: sqlite3.Connection, db_path: Path, source: Any = None) -> int:
    """Copy the officer tables of a published file written before the store (rows in order)."""
    if source is None:
        if not db_path.exists():
            return 0
        import duckdb

        try:
            duck = duckdb.connect(":memory:")
            duck.execute("ATTACH ? AS legacy (READ_ONLY)", [str(db_path)])
        except duckdb.Error:
            return 0  # not a DuckDB file (yet): nothing to import
        try:
            return _copy_tables(con, duck, "legacy")
        finally:
            duck.close()
    return _copy_tables(con, source, None)


def _copy_tables(con: sqlite3.Connection, duck: Any, catalog: str | None) -> int:
    where = f"database_name = '{catalog}'" if catalog else "database_name = current_database()"
    have = {
        r[0]
        for r in duck.execute(
            f"SELECT table_name FROM duckdb_tables() WHERE {where} AND schema_name = 'main' AND NOT temporary"
        ).fetchall()
    }
    prefix = f"{catalog}.main." if catalog else ""
    n = 0
    for name in MOVED_TABLES:
        if name not in have:
            continue
        cols = [c for c, _ in TABLES[name]]
        rows = duck.execute(f"SELECT {', '.join(cols)} FROM {prefix}{name} ORDER BY rowid").fetchall()
        marks = ", ".join("?" * len(cols))
        verb = "INSERT OR REPLACE" if name in _KEYS else "INSERT"
        con.executemany(
            f"INSERT INTO {name} VALUES ({marks})".replace("INSERT", verb, 1),
            [[_adapt(v) for v in row] for row in rows],
        )
        n += len(rows)
    return n


def _bump(con: sqlite3.Connection, *, figures: bool, placed: bool = False) -> None:
    counters = ["version"] + (["figures"] if figures else []) + (["placed"] if placed else [])
    for key in counters:
        con.execute(
            "INSERT INTO meta VALUES (?, '1') "
            "ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)",
            [key],
        )


@contextlib.contextmanager
def transaction(db_path: str | os.PathLike) -> Iterator[StoreConnection]:
    """One all-or-nothing write to the store (``BEGIN IMMEDIATE``: one writer at a time,
    readers never blocked). Bumps the version counter; a write to ``corrections`` (say so
    with ``con.figures_changed = True``) bumps the figures counter too, a placement
    (``con.placed_changed = True``) the placed counter."""
    raw = open_store(db_path)
    try:
        raw.execute("BEGIN IMMEDIATE")
        con = StoreConnection(raw)
        try:
            yield con
            _bump(raw, figures=con.figures_changed, placed=con.placed_changed)
            raw.execute("COMMIT")
        except BaseException:
            raw.execute("ROLLBACK")
            raise
    finally:
        raw.close()


# ---------------------------------------------------------------------------
# Reading


_version_cons: dict[str, tuple[sqlite3.Connection, int]] = {}
_version_lock = threading.Lock()


def version(db_path: str | os.PathLike) -> tuple[int, int, int]:
    """(version, figures, placed) counters of the store: zeros when there is none. Cheap (one
    indexed read on a connection kept per process), for cache keys."""
    path = store_path(db_path)
    key = str(path)
    try:
        inode = path.stat().st_ino
    except FileNotFoundError:
        return (0, 0, 0)
    with _version_lock:
        con, seen = _version_cons.get(key, (None, None))
        if con is None or seen != inode:  # first call, or the store file was replaced
            if con is not None:
                con.close()
            con = _connect(path)
            _version_cons[key] = (con, inode)
        try:
            rows = dict(
                con.execute("SELECT key, value FROM meta WHERE key IN ('version', 'figures', 'placed')").fetchall()
            )
        except sqlite3.Error:
            con.close()
            _version_cons.pop(key, None)
            return (0, 0, 0)
    return _counters(rows)


def _counters(meta: dict) -> tuple[int, int, int]:
    return (int(meta.get("version") or 0), int(meta.get("figures") or 0), int(meta.get("placed") or 0))


def read_rows(
    db_path: str | os.PathLike,
) -> tuple[tuple[int, int, int], dict[str, list[tuple]], dict[str, Any]] | None:
    """The store's version, every row of its tables (in insertion order) and the overlay of
    placed reports (:func:`_read_overlay`), as one snapshot; ``None`` when there is no store
    yet (a reader never creates it: the first write does)."""
    if not store_path(db_path).exists():
        return None
    try:
        con = open_store(db_path)
    except (sqlite3.Error, OSError):  # e.g. a read-only folder: no store, no rows
        return None
    try:
        con.execute("BEGIN")  # one consistent snapshot of all tables
        rows = {
            name: con.execute(f"SELECT {', '.join(c for c, _ in cols)} FROM {name} ORDER BY rowid").fetchall()
            for name, cols in TABLES.items()
        }
        meta = dict(
            con.execute("SELECT key, value FROM meta WHERE key IN ('version', 'figures', 'placed')").fetchall()
        )
        overlay = _read_overlay(con)
        con.execute("COMMIT")
    finally:
        con.close()
    return _counters(meta), rows, overlay


def _read_overlay(con: sqlite3.Connection) -> dict[str, Any]:
    """{'shas': [...], 'seqs': {sha: seq}, 'hides': [report_id ...], 'tables': {name: [IPC bytes ...]}}."""
    import json

    shas, seqs, hides = [], {}, []
    for sha, seq, hidden in con.execute("SELECT sha256, seq, hides FROM overlay ORDER BY seq, sha256"):
        shas.append(sha)
        seqs[sha] = int(seq)
        hides.extend(json.loads(hidden))
    tables: dict[str, list[bytes]] = {}
    if shas:
        for name, ipc in con.execute(
            "SELECT r.name, r.ipc FROM overlay_rows r JOIN overlay o USING (sha256) ORDER BY o.seq, r.sha256"
        ):
            tables.setdefault(name, []).append(bytes(ipc))
    return {"shas": shas, "seqs": seqs, "hides": sorted(set(hides)), "tables": tables}


def spec(db_path: str | os.PathLike) -> dict:
    """What :func:`pipelines.sqlchild.install_officer` needs to show the store in a DuckDB
    connection (JSON-serialisable, for the SQL sandbox process too)."""
    import base64

    from pipelines.load import SERIES_VIEW

    snapshot = read_rows(db_path)
    absent = snapshot is None  # no store yet: an older file's own tables are shown as they are
    empty: dict[str, Any] = {"shas": [], "seqs": {}, "hides": [], "tables": {}}
    ver, rows, overlay = snapshot if snapshot is not None else ((0, 0, 0), {name: [] for name in TABLES}, empty)
    tables = []
    for name, cols in TABLES.items():
        tables.append(
            {
                "name": name,
                "columns": [[c, t] for c, t in cols],
                "rows": [list(r) for r in rows[name]],
                "merge_data": name == "audit_log",  # the published file's rows first (ingest, reparse)
            }
        )
    return {
        "version": list(ver),
        "tables": tables,
        "corrected": _any_current_correction(rows["corrections"]),
        "absent": absent,
        "overlay": {  # placed reports not yet in the file (JSON-safe: the SQL sandbox gets it too)
            "series_view": SERIES_VIEW if overlay["shas"] else None,
            "placed": ver[2],  # the placed counter these rows are of (a reader reloads on a change)
            "shas": overlay["shas"],
            "hides": overlay["hides"],
            "tables": {
                name: [base64.b64encode(b).decode("ascii") for b in blobs]
                for name, blobs in overlay["tables"].items()
            },
        },
    }


def _any_current_correction(rows: list[tuple]) -> bool:
    latest: dict[tuple[str, str], tuple] = {}
    for r in rows:  # insertion order; the latest per (sha256, metric) by time, then order
        key = (r[0], r[1])
        if key not in latest or str(r[8]) >= str(latest[key][8]):
            latest[key] = r
    return any(not r[9] for r in latest.values())


def install(con: Any, db_path: str | os.PathLike) -> tuple[int, int, int]:
    """Load the store beside ``db_path`` into ``con`` (a reader with the published file
    attached as ``data``) as temp tables; returns the version loaded."""
    from pipelines.sqlchild import install_officer

    s = spec(db_path)
    install_officer(con, s)
    return (int(s["version"][0]), int(s["version"][1]), int(s["version"][2]))


# ---------------------------------------------------------------------------
# The published file's side (writers)


def move_legacy_tables(con: Any, db_path: str | os.PathLike) -> None:
    """In a writer's copy of the published file: make sure the store holds the officer tables
    of an older file (copied once), then drop them from the copy. A figure corrected in
    ``report_values`` by an older version gets its parsed value back: corrections now apply
    at read time, from the store."""
    have = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' AND NOT temporary"
        ).fetchall()
    }
    legacy = [name for name in MOVED_TABLES if name in have]
    if not legacy:
        return
    raw = _connect(store_path(db_path))
    try:
        with _init_lock:
            raw.execute("PRAGMA journal_mode = WAL")
            raw.execute("BEGIN IMMEDIATE")
            try:
                for stmt in SQLITE_DDL.split(";"):
                    if stmt.strip():
                        raw.execute(stmt)
                if raw.execute("SELECT value FROM meta WHERE key = 'imported'").fetchone() is None:
                    n = _import_legacy(raw, Path(db_path), source=con)
                    raw.execute("INSERT OR REPLACE INTO meta VALUES ('imported', ?)", [str(n)])
                    _bump(raw, figures=True)
                raw.execute("COMMIT")
            except BaseException:
                raw.execute("ROLLBACK")
                raise
            _ready.add(str(store_path(db_path)))
    finally:
        raw.close()
    if "corrections" in have:
        con.execute(
            """
            UPDATE report_values SET value = c.original_value
            FROM (SELECT * FROM main.corrections QUALIFY row_number() OVER (
                      PARTITION BY sha256, metric ORDER BY corrected_at DESC, rowid DESC) = 1) c
            WHERE NOT c.withdrawn AND c.original_value IS NOT NULL
              AND report_values.report_id = 'r' || substr(c.sha256, 1, 16) AND report_values.metric = c.metric
            """
        )
    for name in legacy:
        con.execute(f"DROP TABLE main.{name}")


def load_for_writer(con: Any, db_path: str | os.PathLike) -> None:
    """A writer (ingest, reparse, place) reads the placements and corrections from the store:
    temp tables ``placements`` and ``corrections`` on its connection."""
    from pipelines.sqlchild import install_officer

    s = spec(db_path)
    s["tables"] = [t for t in s["tables"] if t["name"] in ("placements", "corrections")]
    s["corrected"] = False  # the writer's report_values stay as parsed
    s["overlay"] = None  # folded into the writer's copy instead (fold_overlay)
    install_officer(con, s, data_catalog=None)


def fold_overlay(con: Any, db_path: str | os.PathLike) -> dict[str, int]:
    """In a writer's copy of the published file: write the placed reports of the store's
    overlay into it (their rows replace the rows they hide; they leave unplaced_reports), so
    the file it publishes holds them. Returns {sha256: seq} of what was folded: after the
    publish, :func:`forget_folded` drops exactly those from the store (a placement made
    meanwhile stays for the next writer). The writer's finish step rebuilds units, checks of
    continuity and the derived tables."""
    import io

    import pyarrow as pa

    snapshot = read_rows(db_path)
    if snapshot is None or not snapshot[2]["shas"]:
        return {}
    overlay = snapshot[2]
    hidden = overlay["hides"] + [f"r{sha[:16]}" for sha in overlay["shas"]]
    con.register("_overlay_hidden", pa.table({"report_id": pa.array(hidden, pa.string())}))
    con.register("_overlay_shas", pa.table({"sha256": pa.array(overlay["shas"], pa.string())}))
    try:
        for table in ("report_values", "check_results", "reports"):
            con.execute(f"DELETE FROM {table} WHERE report_id IN (SELECT report_id FROM _overlay_hidden)")
        con.execute("DELETE FROM unplaced_reports WHERE sha256 IN (SELECT sha256 FROM _overlay_shas)")
        for table in ("reports", "report_values", "check_results", "units", "unit_names"):
            for blob in overlay["tables"].get(table, []):
                rows = pa.ipc.open_stream(io.BytesIO(blob)).read_all()
                con.register("_overlay_rows", rows)
                try:
                    if table == "units":  # a unit the file does not know yet
                        con.execute("INSERT INTO units BY NAME SELECT * FROM _overlay_rows "
                                    "WHERE unit_id NOT IN (SELECT unit_id FROM units)")
                        continue
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _overlay_rows")
                finally:
                    con.unregister("_overlay_rows")
    finally:
        con.unregister("_overlay_hidden")
        con.unregister("_overlay_shas")
    return dict(overlay["seqs"])


def next_placed(con: StoreConnection) -> int:
    """Inside a placement's transaction: the seq of this placement (the placed counter it
    makes, the commit bumps the counter to it)."""
    row = con.execute("SELECT value FROM meta WHERE key = 'placed'").fetchone()
    return int(row[0] if row else 0) + 1


def forget_folded(db_path: str | os.PathLike, folded: dict[str, int]) -> None:
    """After a publish that folded ``folded`` ({sha256: seq}): drop those placements' overlay
    rows from the store (a sha placed again since has a newer seq and stays)."""
    if not folded or not store_path(db_path).exists():
        return
    with transaction(db_path) as con:
        for sha, seq in folded.items():
            con.execute("DELETE FROM overlay_rows WHERE sha256 = ? AND sha256 IN "
                        "(SELECT sha256 FROM overlay WHERE seq = ?)", [sha, seq])
            con.execute("DELETE FROM overlay WHERE sha256 = ? AND seq = ?", [sha, seq])
        con.placed_changed = True


__all__ = [
    "FIGURE_TABLES", "MOVED_TABLES", "OVERLAY_BASE", "OVERLAY_DERIVED", "SUFFIX", "TABLES", "StoreConnection",
    "fold_overlay", "forget_folded", "install", "next_placed", "load_for_writer", "move_legacy_tables", "open_store",
    "read_rows", "spec", "store_path", "transaction", "version",
]  # fmt: skip
