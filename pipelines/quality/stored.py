"""Findings and the coverage kept beside the database (issue 14: 数据质量 at 1 M reports).

Computing every finding of a national database takes seconds of CPU (13 s at 1 M reports, and
the coverage of 88,000 units × 14 years 10 s more). The app caches them in memory, but a server
start, a second server process or a new file computed them again, on the officer's click. So
the result is also written beside the database, as Arrow files, under a key of everything it is
computed from: the published file (inode, mtime), the officers' store (corrections, placed
reports), the registry file, the thresholds and the code of the detectors. The ingest writes
the default view right after it publishes (:func:`warm`), and the app reads it from then on.

A reader that cannot write the folder (a read-only deployment) just computes, as before; a
file that cannot be read (cut, foreign, from another version) is ignored and recomputed — it
is a cache, never the truth. Files of older keys are removed, a few newest kept per kind.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.feather as feather

from pipelines import db as db_mod
from pipelines import registry as registry_mod
from pipelines import store

KEEP_PER_KIND = 4  # newest files kept per kind (findings, coverage): a few thresholds, two files
# schema metadata: which columns held Python lists, and which Python objects (not pandas strings)
_LIST_COLUMNS = b"govreports.list_columns"
_OBJECT_COLUMNS = b"govreports.object_columns"


def _code_digest() -> str:
    """The detectors' code and what they read (checks, series, metric keys): a change of any
    rule makes every stored result stale."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    shared = [here.parent / name for name in ("catalog.py", "checks.py", "metrics.csv", "units.py", "registry.py")]
    for path in [*sorted(here.glob("*.py")), *shared]:
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


CODE_DIGEST = _code_digest()


def folder(db_path: str | os.PathLike) -> Path:
    """``<database>.quality/`` beside the database file."""
    path = Path(db_path)
    return path.with_name(path.name + ".quality")


def data_key(db_path: str | os.PathLike) -> tuple:
    """Everything a finding is computed from, cheaply: the published file's (inode, mtime),
    the store's corrections and placements counters, the registry file's version."""
    _, figures, placed = store.version(db_path)
    return (*db_mod.db_version(db_path), figures, placed, *registry_mod.file_version(db_path))


def _file(db_path: str | os.PathLike, kind: str, key: Hashable) -> Path:
    digest = hashlib.sha256(repr((CODE_DIGEST, kind, key)).encode()).hexdigest()[:24]
    return folder(db_path) / f"{kind}-{digest}.arrow"


def load(db_path: str | os.PathLike, kind: str, key: Hashable) -> pd.DataFrame | None:
    """The stored result of ``kind`` under ``key``, or None (never stored, or unreadable)."""
    path = _file(db_path, kind, key)
    try:
        table = feather.read_table(path, memory_map=True)
    except (OSError, pa.ArrowException):
        return None
    meta = table.schema.metadata or {}
    df = table.to_pandas()
    # text comes back as pandas strings, lists as arrays: give back the computed frame's
    # Python objects (None for a missing value), straight from Arrow
    for col in json.loads(meta.get(_OBJECT_COLUMNS, b"[]")):
        df[col] = pd.Series(table.column(col).to_numpy(zero_copy_only=False), dtype=object, index=df.index)
    for col in json.loads(meta.get(_LIST_COLUMNS, b"[]")):
        df[col] = _list_column(table.column(col), df.index)
    return df


def _list_column(column: pa.ChunkedArray, index: pd.Index) -> pd.Series:
    """A list column for pandas. Without missing values it stays in Arrow (a value read from
    it is a Python list: ``row["metrics"]``, ``to_dict``, ``map``), which costs nothing, where
    making 147,000 Python lists cost 0.1–0.2 s of the 数据质量 page at 1 M reports; with
    missing values (None) the lists are made one by one, as the computed frame holds them."""
    if column.null_count == 0:
        return pd.Series(pd.arrays.ArrowExtensionArray(column), index=index)
    return pd.Series(column.to_pylist(), dtype=object, index=index)


def _list_columns(df: pd.DataFrame) -> list[str]:
    return [
        str(col)
        for col in df.columns
        if df[col].dtype == object and any(isinstance(v, list | tuple) for v in df[col].head(1000))
    ]


def save(db_path: str | os.PathLike, kind: str, key: Hashable, df: pd.DataFrame) -> Path | None:
    """Write ``df`` as the result of ``kind`` under ``key`` (atomically: a temporary file then
    a rename); drop older files of the kind. Returns the file, or None when the folder cannot
    be written (the caller has its result anyway)."""
    target = _file(db_path, kind, key)
    list_columns = _list_columns(df)
    plain = [str(c) for c in df.columns if df[c].dtype == object and str(c) not in list_columns]
    try:
        target.parent.mkdir(exist_ok=True)
        table = pa.Table.from_pandas(df, preserve_index=False)
        table = table.replace_schema_metadata(
            {
                **(table.schema.metadata or {}),
                _LIST_COLUMNS: json.dumps(list_columns).encode(),
                _OBJECT_COLUMNS: json.dumps(plain).encode(),
            }
        )
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{kind}-", suffix=".tmp")
        os.close(fd)
        try:
            # uncompressed Arrow, memory-mapped when read: 147,000 findings of a 1 M-report
            # database read in 0.02 s (Parquet: 0.45 s; the 1 M-row coverage 0.3 s against 2.4 s)
            feather.write_feather(table, tmp, compression="uncompressed")
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except (OSError, pa.ArrowException):
        return None
    _prune(target.parent, kind, keep=target)
    return target


def _prune(where: Path, kind: str, keep: Path) -> None:
    files = sorted(where.glob(f"{kind}-*.arrow"), key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in [f for f in files if f != keep][KEEP_PER_KIND - 1 :]:
        try:
            old.unlink()
        except OSError:
            pass


def cached(
    db_path: str | os.PathLike, kind: str, key: Hashable, compute: Callable[[], pd.DataFrame]
) -> pd.DataFrame:
    """The stored result of ``kind`` under ``key``, else ``compute()`` stored for next time."""
    found = load(db_path, kind, key)
    if found is not None:
        return found
    result = compute()
    save(db_path, kind, key, result)
    return result


def warm(db_path: str | os.PathLike, *, min_reports: int = 0) -> dict[str, float] | None:
    """Compute and store the default view of 数据质量 (the findings at the default thresholds
    and the coverage) for the published file at ``db_path``, as a reader sees it; returns the
    seconds each took, or None for a database of fewer than ``min_reports`` reports."""
    import time

    from pipelines import quality
    from pipelines.query import Connection

    thresholds = {s.name: float(s.default) for s in quality.ANOMALY_SETTINGS}
    con = db_mod.connect_readonly(db_path)
    try:
        (n_reports,) = con.execute("SELECT count(*) FROM reports").fetchall()[0]
        if n_reports < min_reports:
            return None
        source = Connection(con)
        key = data_key(db_path)
        took = {}
        started = time.perf_counter()
        findings_of(db_path, key, source, thresholds, through_latest=True)
        took["findings"] = time.perf_counter() - started
        started = time.perf_counter()
        coverage_of(db_path, key, source, through_latest=True)
        took["coverage"] = time.perf_counter() - started
        return took
    finally:
        con.close()


def warm_quietly(db_path: str | os.PathLike) -> dict[str, float] | None:
    """:func:`warm` after a publish, for a database of ``quality_store_min_reports`` reports or
    more (smaller ones are computed by the page in about a second, and stored then); a
    failure never fails the write that called it (the page computes what is not stored)."""
    from pipelines import settings

    try:
        return warm(db_path, min_reports=settings.current().quality_store_min_reports)
    except Exception:  # noqa: BLE001 - the write has been published; this is only a cache
        return None


def findings_of(
    db_path: str | os.PathLike, key: Hashable, source: Any, thresholds: dict[str, float], *, through_latest: bool
) -> pd.DataFrame:
    """Every finding without decisions (pipelines.quality.findings), stored under ``key``."""
    from pipelines import quality

    settings = tuple(sorted({**{k: float(v) for k, v in thresholds.items()}, "through_latest": through_latest}.items()))

    def compute() -> pd.DataFrame:
        return quality.findings(
            source,
            jump_factor=thresholds["jump_factor"],
            jump_min=thresholds["jump_min"],
            zero_after=thresholds["zero_after"],
            missing_through_latest=through_latest,
        )

    return cached(db_path, "findings", (key, settings), compute)


def coverage_of(db_path: str | os.PathLike, key: Hashable, source: Any, *, through_latest: bool) -> pd.DataFrame:
    """The coverage (pipelines.quality.coverage), stored under ``key``."""
    from pipelines import quality

    return cached(
        db_path,
        "coverage",
        (key, through_latest),
        lambda: quality.coverage(source, missing_through_latest=through_latest),
    )
