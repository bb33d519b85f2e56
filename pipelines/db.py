"""Opening the database: many readers, one writer, atomic publish.

(Officers' writes — decisions, corrections, placements — do not come here: they go to the
small store beside the file, pipelines/store.py; the next writer folds placed reports in.)

DuckDB allows one read-write process OR many read-only processes per file. A running
dashboard holds read-only connections, so writers never open the live file: they take
an exclusive lock file, copy the database to a temporary file next to it, write there,
and publish with os.replace(). Open readers keep their snapshot; new connections see the
complete new file. A writer killed at any point leaves the live file untouched (the
temporary copy is debris that the next writer removes).
"""

from __future__ import annotations

import contextlib
import fcntl
import glob
import os
import shutil
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from pipelines.errors import DatabaseError
from pipelines.schema import DDL, MIGRATIONS, SCHEMA_VERSION

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = PROJECT_ROOT / "data" / "govreports.duckdb"
WRITER_MEMORY_LIMIT = "256MB"  # DuckDB buffer memory of a writer (ingest, reparse, decisions)


def default_db_path() -> Path:
    """The database the dashboard opens (pipelines.settings ``db``: $GOVREPORTS_DB, else
    data/govreports.duckdb)."""
    from pipelines.settings import current

    return current().db


def connect_readonly(path: str | os.PathLike, *, officer: bool = True) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the published database (raises DatabaseError if missing),
    with the officers' store beside it shown as temp tables (``officer``; pipelines/store.py)."""
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"database not found: {path}")
    # Not duckdb.connect(path): DuckDB caches one instance per file path in a process, so
    # after a writer's os.replace() a new connection would still see the old snapshot for
    # as long as any old connection lives. A fresh in-memory instance that ATTACHes the
    # file always opens the file currently published at that path.
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS data (READ_ONLY)", [str(path)])
        con.execute("USE data")
    except duckdb.Error as exc:
        con.close()
        raise DatabaseError(f"cannot open database {path}: {exc}") from exc
    if officer:
        from pipelines import store

        store.install(con, path)
    return con


def db_version(path: str | os.PathLike) -> tuple[int, int]:
    """(inode, mtime_ns) of the published file: changes on every publish, for cache keys."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return (0, 0)
    return (st.st_ino, st.st_mtime_ns)


def _say_waiting(message: str) -> None:
    sys.stderr.write(message + "\n")
    sys.stderr.flush()


@contextlib.contextmanager
def writer_lock(path: str | os.PathLike, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Exclusive lock for writers of this database file (ingest, reparse, demo, optimize;
    officers' decisions, corrections and placements go to the store beside it, pipelines/store.py).

    When another writer holds it, ``on_wait`` (default: a line on stderr) is told once what
    we wait for — the lock file and the holder's process id, command and start time, which
    the holder writes into the lock file — before we block.
    """
    path = Path(path)
    lock_path = path.with_name(path.name + ".lock")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fh = open(lock_path, "a+")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise DatabaseError(f"cannot write the database at {path}: {exc.strerror or exc}") from exc
    with fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            fh.seek(0)
            holder = fh.read(500).strip() or "unknown process"
            (on_wait or _say_waiting)(
                f"waiting for another writer of {path} to finish (lock {lock_path.name} held by {holder}) · "
                f"等待另一个写入进程完成"
            )
            fcntl.flock(fh, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):
            fh.seek(0)
            fh.truncate()
            command = " ".join(os.path.basename(a) if i == 0 else a for i, a in enumerate(sys.argv[:4]))
            fh.write(f"pid {os.getpid()} ({command[:200]}) since {time.strftime('%H:%M:%S')}")
            fh.flush()
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                fh.seek(0)
                fh.truncate()
            fcntl.flock(fh, fcntl.LOCK_UN)


class Writer:
    """A read-write connection to a private copy of the database; ``publish()`` swaps it in.

    Use through :func:`write_transaction` or :func:`open_writer`. A run publishes once, at
    its end: readers never see a half-done run, and a kill leaves the live file as it was.
    """

    def __init__(self, path: str | os.PathLike):
        self.path = Path(path)
        self.tmp = self.path.with_name(f"{self.path.name}.tmp-{os.getpid()}")
        self._con: duckdb.DuckDBPyConnection | None = None
        self.folded: dict[str, int] = {}  # placements of the store's overlay folded into this copy

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The connection to the private copy; an error once published or discarded."""
        if self._con is None:
            raise DatabaseError(f"the writer of {self.path} is not open")
        return self._con

    def open(self) -> duckdb.DuckDBPyConnection:
        _remove_debris(self.path)
        try:
            if self.path.exists():
                shutil.copyfile(self.path, self.tmp)
        except OSError as exc:
            raise DatabaseError(f"cannot copy the database {self.path}: {exc.strerror or exc}") from exc
        try:
            self._con = con = duckdb.connect(str(self.tmp))
        except duckdb.Error as exc:
            self.discard()
            raise DatabaseError(f"cannot open database {self.path} for writing: {exc}") from exc
        # The private copy is published whole (CHECKPOINT + os.replace), so commits need
        # no frequent automatic checkpoints (they cost more than the parsing); a large
        # threshold still bounds the memory an ingest of 100k reports holds.
        con.execute("SET checkpoint_threshold = '64MB'")
        # DuckDB caches written blocks up to its memory limit (80 % of RAM by default):
        # bound it, so a 100k-report ingest does not grow with the corpus.
        con.execute(f"SET memory_limit = '{WRITER_MEMORY_LIMIT}'")
        ensure_schema(con)
        # Officers' tables live in the store beside the file (pipelines/store.py): an older
        # file's are moved there once; placements and corrections are read from there.
        from pipelines import store

        store.move_legacy_tables(con, self.path)
        store.load_for_writer(con, self.path)
        # Placed reports held in the store's overlay are written into this copy (the
        # writer's finish step rebuilds units, continuity checks and derived tables), and
        # forgotten by the store once it is published.
        self.folded = store.fold_overlay(con, self.path)
        return con

    def publish(self, reopen: bool = False) -> None:
        """Checkpoint, close and atomically replace the live file with the private copy."""
        con = self.con
        publish_derived(con)
        con.execute("CHECKPOINT")
        con.close()
        self._con = None
        with open(self.tmp, "rb") as fh:  # the new file is on disk before it becomes the live one
            os.fsync(fh.fileno())
        os.replace(self.tmp, self.path)
        from pipelines import store

        store.forget_folded(self.path, self.folded)
        self.folded = {}
        if reopen:
            self.open()

    def discard(self) -> None:
        if self._con is not None:
            with contextlib.suppress(Exception):
                self._con.close()
            self._con = None
        for suffix in ("", ".wal"):
            with contextlib.suppress(FileNotFoundError):
                os.remove(str(self.tmp) + suffix)


@contextlib.contextmanager
def open_writer(path: str | os.PathLike, on_wait: Callable[[str], None] | None = None) -> Iterator[Writer]:
    """A :class:`Writer` under the writer lock: published once, on normal exit; discarded
    (live file untouched) on an exception or a kill. ``on_wait`` as in :func:`writer_lock`."""
    with writer_lock(path, on_wait):
        writer = Writer(path)
        writer.open()
        try:
            yield writer
        except BaseException:
            writer.discard()
            raise
        writer.publish()


@contextlib.contextmanager
def write_transaction(path: str | os.PathLike) -> Iterator[duckdb.DuckDBPyConnection]:
    """All-or-nothing write: yields a connection; on normal exit the change is published,
    on an exception nothing changes. Waits for other writers."""
    with open_writer(path) as writer:
        yield writer.con


def ensure_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create missing tables, bring an older database forward through the ordered
    migrations, record the schema version, refresh the catalog tables and views (idempotent)."""
    from pipelines.load import refresh_catalog  # late import: load depends on this module

    con.execute(DDL)
    version = schema_version(con)
    for target, _what, statements in MIGRATIONS:
        if version < target:
            for sql in statements:
                con.execute(sql)
    if version != SCHEMA_VERSION:
        con.execute(
            "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(max(version, SCHEMA_VERSION))]
        ).fetchall()  # a finished result: the connection is registered on next
    refresh_catalog(con)


# DuckDB memory while a publish rebuilds the derived tables. With the ~400 MB the ingest process holds
# (libraries, region tables, the writer's buffers) a whole ingest stays under 1 GB (issue 14: 50,000 text
# reports peaked at 1,114 MB with 768 MB here, 713 MB with 320 MB); the joins and aggregates spill to disk
# past it. A step that cannot spill gets DERIVED_MEMORY_FALLBACK once, the tables then rebuilt whole.
DERIVED_MEMORY_LIMIT = "320MB"
DERIVED_MEMORY_FALLBACK = "768MB"


def publish_derived(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> dict[str, float] | None:
    """The publish step's derived tables (pipelines/derived.py): rebuilt in the writer's copy
    when the reports, units, figures, checks or corrections changed, so readers only read them
    (``force``: rebuilt whatever the fingerprint says)."""
    from pipelines import derived

    limit = con.execute("SELECT current_setting('memory_limit')").fetchall()[0]
    con.execute(f"SET memory_limit = '{DERIVED_MEMORY_LIMIT}'")
    try:
        try:
            return derived.refresh(con, force=force)
        except duckdb.OutOfMemoryException:
            # (each statement commits or fails alone: the tables a failed run left are rebuilt whole)
            con.execute(f"SET memory_limit = '{DERIVED_MEMORY_FALLBACK}'")
            return derived.refresh(con, force=True)
    finally:
        con.execute("SET memory_limit = ?", [str(limit[0])])


def schema_version(con: duckdb.DuckDBPyConnection) -> int:
    """The schema version a database records (1: made before versions were recorded)."""
    rows = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchall()
    return int(rows[0][0]) if rows and str(rows[0][0]).isdigit() else 1


def _remove_debris(path: Path) -> None:
    """Temporary copies left by a writer that was killed (we hold the writer lock)."""
    for leftover in glob.glob(str(path) + ".tmp-*"):
        with contextlib.suppress(FileNotFoundError):
            os.remove(leftover)
