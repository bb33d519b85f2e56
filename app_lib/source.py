"""The published database opened for reading, without Streamlit: a read-only DuckDB
connection with the officers' store shown (pipelines/store.py) and the app's helper tables
(pipelines/derived.py: stored in the file at publish time, computed here only for a file
without fresh ones, or when officers' corrections change figures), as a
:class:`pipelines.query.Source`. The app caches one per file (app_lib.db); the export CLI,
scripts and tests open one directly with :func:`connect`."""

from __future__ import annotations

import os
import threading

import duckdb

from app_lib import helper_tables
from pipelines import derived, store
from pipelines.db import connect_readonly
from pipelines.query import Connection

READER_MEMORY_LIMIT = "1GB"  # DuckDB buffer memory of the app's shared read-only connection
READER_THREADS = 2


def open_connection(path: str | os.PathLike) -> tuple[duckdb.DuckDBPyConnection, dict[str, float]]:
    """A read-only connection to ``path`` and the milliseconds each helper table took to
    compute on it (for scripts/bench_pages.py): none when the file stores fresh ones (written
    at publish time, pipelines/derived.py), else connection-private temp tables."""
    con = connect_readonly(path)
    # The app keeps one connection per file for every session of the process (queries under
    # a lock): its buffer memory is bounded, so 10 sessions cost one cache, not ten.
    con.execute(f"SET memory_limit = '{READER_MEMORY_LIMIT}'")
    con.execute(f"SET threads = {READER_THREADS}")
    # The stored tables were computed from the figures as parsed; with a correction in the
    # officers' store the figures differ (report_values is then a view applying them), so the
    # connection computes its own from that view.
    # Placed reports held in the store are shown through temp views (pipelines/store.py,
    # overlay), the derived tables' included: the stored tables stay usable.
    fresh = derived.stored_fresh(con) and not _corrected(con)
    timings = {} if fresh else _own_helpers(con)
    _placed_seen[id(con)] = store.version(path)[2]
    return con, timings


def _corrected(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the officers' corrections are applied here (a temp view over report_values
    that reads them)."""
    row = con.execute(
        "SELECT count(*) FROM duckdb_views() WHERE temporary AND view_name = 'report_values' "
        "AND sql LIKE '%corrections%'"
    ).fetchone()
    return bool(row and row[0])


def _own_helpers(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Compute the helper tables on this connection (temp tables, from what it shows: the
    overlay's views of the derived tables give way to them)."""
    for table in helper_tables.HELPER_TABLES:
        con.execute(f"DROP VIEW IF EXISTS temp.main.{table.name}")
    return helper_tables.materialize(con)


def has_own_helpers(con: duckdb.DuckDBPyConnection) -> bool:
    names = {t.name for t in helper_tables.HELPER_TABLES}
    rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()
    return any(r[0] in names for r in rows)


def reinstall(con: duckdb.DuckDBPyConnection, path: str | os.PathLike) -> tuple[int, int, int]:
    """Load the officers' store into ``con`` again (its version moved: a decision, a
    placement …). A connection that computed its own helper tables computes them again
    when the placed reports changed (the slow path of a file without fresh stored ones,
    or with a correction); otherwise the overlay's views make the stored ones current."""
    own = has_own_helpers(con)
    before = _placed_seen.get(id(con))
    loaded = store.install(con, path)
    if own and before != loaded[2]:
        _own_helpers(con)
    _placed_seen[id(con)] = loaded[2]
    return loaded


_placed_seen: dict[int, int] = {}  # id(connection) → the placed counter its helper tables reflect


def connect(path: str | os.PathLike, lock: threading.Lock | None = None) -> Connection:
    """The database at ``path`` as an uncached query source (CLI, scripts, tests)."""
    return Connection(open_connection(path)[0], lock)
