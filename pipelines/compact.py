"""``govreports optimize``: bring a database written by an older version up to the current
layout in a fresh, compact file, published atomically like every write.

- the original files (``sources``) compressed with zstd (pipelines/sources.py);
- the derived tables the dashboard reads (pipelines/derived.py) stored in the file, so a
  server start or a newly published file needs no per-connection computing;
- a file without the free space that updates leave behind (DuckDB files never shrink: the
  rows are copied into a new file, not updated in place);
- the figures, reports and checks in unit order (``ORDER``), for the zone maps of narrow queries.

A database already in this layout is rewritten too (compacted); the command is idempotent.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import derived
from pipelines.db import WRITER_MEMORY_LIMIT, _remove_debris, ensure_schema, publish_derived, writer_lock
from pipelines.errors import DatabaseError
from pipelines.sources import SOURCE_COLUMNS, SourceCodec

# Written by ensure_schema from pipelines/catalog.py, or derived: never copied.
NOT_COPIED = {"metrics", "series_defs", "series_alternatives", "sources", "source_dicts", "derived_reports"} | {
    t.name for t in derived.HELPER_TABLES
}
SOURCE_BATCH = 2_000
# Rewritten in unit order: the dashboard's narrow queries (a unit, a few units, one report of a
# unit) filter on unit_id, and DuckDB skips every row group whose min/max excludes it. Ingest
# appends in file order (folders of a region or unit usually); optimize restores the order.
ORDER = {"report_values": "unit_id, year, report_id", "check_results": "unit_id, year", "reports": "unit_id, year"}


@dataclass
class OptimizeResult:
    size_before: int
    size_after: int
    reports: int
    sources_compressed: int
    seconds: float
    derived_ms: dict[str, float] = field(default_factory=dict)

    @property
    def bytes_per_report(self) -> float:
        return self.size_after / self.reports if self.reports else 0.0


def copy_tables(con: duckdb.DuckDBPyConnection, src: str, skip: set[str] = NOT_COPIED) -> None:
    """Copy every table of the attached database ``src`` into ``con``'s own (schema made by
    ensure_schema), column by name; a table it does not know is copied as it is."""
    own = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    names = [
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = ? ORDER BY table_name", [src]
        ).fetchall()
    ]
    for name in names:
        if name in skip:
            continue
        if name in own:  # meta: the new file's schema_version wins
            verb = "INSERT OR IGNORE" if name == "meta" else "INSERT"
            order = f" ORDER BY {ORDER[name]}" if name in ORDER else ""
            con.execute(f'{verb} INTO "{name}" BY NAME SELECT * FROM {src}."{name}"{order}').fetchall()
        else:
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM {src}."{name}"')


def copy_sources(
    con: duckdb.DuckDBPyConnection, src: str, on_batch: Callable[[int], None] | None = None
) -> int:
    """Copy ``src``'s sources into ``con``: compressed rows (and their dictionaries) as they
    are, rows stored as they came compressed now; returns how many were compressed."""
    columns = {
        r[0]
        for r in con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE database_name = ? AND table_name = 'sources'",
            [src],
        ).fetchall()
    }
    if not columns:
        return 0
    raw_filter = ""
    if "codec" in columns:
        con.execute(f"INSERT INTO source_dicts BY NAME SELECT * FROM {src}.source_dicts").fetchall()
        con.execute(
            f"INSERT INTO sources BY NAME SELECT * FROM {src}.sources WHERE codec IS NOT NULL"
        ).fetchall()
        raw_filter = " WHERE codec IS NULL"
    codec = SourceCodec(con)
    reader = con.cursor()
    compressed = 0
    try:
        if codec.dict_id is None:
            samples = reader.execute(
                f"SELECT content FROM {src}.sources{raw_filter} USING SAMPLE reservoir(2000 ROWS) REPEATABLE (7)"
            ).fetchall()
            codec.maybe_train([bytes(r[0]) for r in samples if r[0] is not None])
        batches = reader.execute(
            f"SELECT sha256, source_path, format, size_bytes, content FROM {src}.sources{raw_filter}"
        ).to_arrow_reader(SOURCE_BATCH)
        for batch in batches or ():
            rows = [
                r
                for r in zip(*(batch.column(i).to_pylist() for i in range(5)), strict=True)
                if r[4] is not None
            ]
            frame = pd.DataFrame(codec.rows(rows), columns=SOURCE_COLUMNS)
            con.register("compressed_batch", frame)
            con.execute(
                f"INSERT INTO sources ({', '.join(SOURCE_COLUMNS)}) SELECT * FROM compressed_batch"
            ).fetchall()
            con.unregister("compressed_batch")
            compressed += len(frame)
            if on_batch:
                on_batch(compressed)
    finally:
        reader.close()
    return compressed


def optimize(path: str | os.PathLike) -> OptimizeResult:
    """Rewrite the database at ``path`` compact, with compressed sources and stored derived
    tables, and publish it atomically (under the writer lock)."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"database not found: {path}")
    started = time.monotonic()
    with writer_lock(path):
        _remove_debris(path)
        tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
        size_before = path.stat().st_size
        try:
            con = duckdb.connect(str(tmp))
            try:
                con.execute(f"SET memory_limit = '{WRITER_MEMORY_LIMIT}'")
                ensure_schema(con)
                con.execute("ATTACH ? AS src (READ_ONLY)", [str(path)])
                copy_tables(con, "src")
                compressed = copy_sources(con, "src")
                con.execute("DETACH src")
                timings = publish_derived(con, force=True) or {}
                reports = con.execute("SELECT count(*) FROM reports").fetchall()[0][0]
                con.execute("CHECKPOINT")
            finally:
                con.close()
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            for suffix in ("", ".wal"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(str(tmp) + suffix)
            raise
    return OptimizeResult(
        size_before, path.stat().st_size, int(reports), compressed, time.monotonic() - started, timings
    )
