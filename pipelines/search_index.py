"""Full-text search across every report's text (全文检索): an SQLite FTS5 index beside the database.

DuckDB's own full-text extension is not available offline, so the texts are indexed with
Python's sqlite3 and FTS5's ``trigram`` tokenizer, which matches any substring of three or
more characters — what Chinese text needs (no word segmentation). The index is a separate
file next to the database (``<database>.search.sqlite``), keyed by the report's content hash
(``sha256``), so it survives reparse and placement (a report's bytes do not change) and the
published DuckDB file is never touched.

- ``refresh(db_path)`` brings the index in step with the database: texts of reports not
  indexed yet are extracted from their stored original bytes (``sources``), texts of reports
  no longer in the database are dropped. Ingest and placement call it after they publish;
  ``govreports search-index`` runs it for an existing database.
- ``search(con, query)``: the content hashes of every report whose text contains every term
  of the query (terms split by spaces). Terms of three characters or more are found by
  ``MATCH`` on the trigram index; a query of only one- or two-character terms cannot use
  trigrams and is answered by a bounded scan (at most ``scan_budget_s`` seconds; the result
  says how much of the corpus it read).
- ``passages(con, hits, terms)``: for the reports shown, where the terms occur — short
  passages with every occurrence wrapped in 【】, as plain text.

The text indexed is each line's normalised form (NFKC, traditional → simplified, as the
parser matches labels), and queries are normalised the same way, so 資訊 finds 资讯 and
full-width digits find half-width ones.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import queue
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from pipelines.sources import decode

INDEX_SUFFIX = ".search.sqlite"
MAX_QUERY_CHARS = 100
MAX_TERMS = 5
MIN_TRIGRAM = 3  # shorter terms cannot use the trigram index
SCAN_BUDGET_S = 1.5  # a one- or two-character query reads the texts for at most this long
SCAN_CHUNK = 2000  # documents per step of that scan (the deadline is checked between steps)
BATCH = 256  # originals extracted and written per transaction
# Texts an ingest's Stager writes per transaction: each commit ends FTS5 segments (and
# journals the pages its merges touch), so bigger batches write fewer, larger segments
# (~15 % less CPU a text than 256, measured on 5,000 generated reports); two batches at most
# wait in its queue (~15 MB of text).
STAGE_BATCH = 1024
# FTS5 settings of the index (kept in its docs_fts_config table, set by every writer), for
# writes of thousands of texts a transaction: a transaction's in-memory index is written as one
# segment when it commits, not one every 1 MB (FTS5's default 'hashsize'); and segments are
# merged only by FTS5's crisis merges (16 on a level) instead of whenever 4 are ('automerge'),
# which rewrote every text's trigrams again and again. For speed: −38 % instructions a staged
# text (10,000 generated reports); searches read a few more segments (no measurable difference).
FTS_SETTINGS = {"hashsize": 64 << 20, "automerge": 0}

SCHEMA = """
CREATE TABLE IF NOT EXISTS docs (
    id INTEGER PRIMARY KEY,      -- in insertion order: FTS5 stores rowid deltas, small ones are small
    key INTEGER NOT NULL UNIQUE, -- doc_key(sha256): the first 60 bits of the content hash
    sha256 TEXT NOT NULL UNIQUE,
    body TEXT NOT NULL           -- the report's normalised text, one line per line
);
CREATE VIRTUAL TABLE IF NOT EXISTS docs_fts USING fts5(
    body, content='docs', content_rowid='id', tokenize='trigram case_sensitive 1', detail=none
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT);
"""


def doc_key(sha256: str) -> int:
    """A report's key in the index: the first 15 hex digits of its content hash as an integer
    (DuckDB computes the same: ``('0x' || left(sha256, 15))::BIGINT``), so hits meet the
    database's reports as integers, not 64-character strings."""
    return int(sha256[:15], 16)


DOC_KEY_SQL = "('0x' || left({col}, 15))::BIGINT"


def index_path(db_path: str | os.PathLike) -> Path:
    """The index file of a database: ``data/govreports.duckdb`` → ``data/govreports.duckdb.search.sqlite``."""
    db_path = Path(db_path)
    return db_path.with_name(db_path.name + INDEX_SUFFIX)


# ---------------------------------------------------------------------------
# Building


@dataclass
class RefreshSummary:
    added: int = 0
    removed: int = 0
    unreadable: int = 0  # originals that could not be read again (indexed as empty text)
    total: int = 0  # documents in the index afterwards
    seconds: float = 0.0


def text_of(content: bytes, source_path: str) -> str:
    """A report's searchable text: every line's normalised form (tables as 'a | b | c')."""
    from pipelines.extract import extract_document

    return "\n".join(line.norm for line in extract_document(content, source_path).lines)


def searchable(original_text: str) -> str:
    """The searchable form of a report's original text (what the parser matches: NFKC,
    traditional → simplified), computed by the ingest's parse workers."""
    from pipelines.extract.normtext import normalize_text

    return normalize_text(original_text)[0]


class Stager:
    """Texts of an ingest run written to the index as the run parses them (no second
    extraction): ingest stages each parsed report's searchable text, and ``refresh`` after
    the publish only drops what the run replaced. The writes run on a thread of their own
    (SQLite releases the GIL while it tokenises), beside the loader. A failure here never
    fails the ingest (``refresh`` extracts what is missing)."""

    def __init__(self, db_path: str | os.PathLike) -> None:
        self.path = index_path(db_path)
        self.buf: list[tuple[str, str | None]] = []
        self.broken = False
        self._queue: queue.Queue[list[tuple[str, str | None]] | None] = queue.Queue(maxsize=2)
        self._thread: threading.Thread | None = None

    def add(self, sha256: str, text: str) -> None:
        if self.broken:
            return
        self.buf.append((sha256, text))
        if len(self.buf) >= STAGE_BATCH:
            self.flush()

    def flush(self) -> None:
        if self.broken or not self.buf:
            return
        if self._thread is None:
            self._thread = threading.Thread(target=self._write_batches, name="search-index", daemon=True)
            self._thread.start()
        self._queue.put(self.buf)
        self.buf = []

    def _write_batches(self) -> None:
        con: sqlite3.Connection | None = None
        try:
            while (batch := self._queue.get()) is not None:
                if self.broken:
                    continue
                try:
                    with _index_lock(self.path):
                        if con is None:
                            con = connect_writer(self.path)
                        _write(con, batch, RefreshSummary())
                except Exception:  # noqa: BLE001 - the index can be completed by refresh()
                    self.broken = True
        finally:
            if con is not None:
                con.close()

    def __enter__(self) -> Stager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.flush()
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None


def _extract_job(item: tuple[str, str, bytes]) -> tuple[str, str | None]:
    sha, source_path, content = item
    try:
        return sha, text_of(content, source_path)
    except Exception:  # any unreadable original: indexed as empty, counted, never fatal
        return sha, None


def connect_writer(path: str | os.PathLike) -> sqlite3.Connection:
    con = sqlite3.connect(str(path), timeout=30)
    con.executescript(SCHEMA)
    _apply_fts_settings(con)
    return con


def _apply_fts_settings(con: sqlite3.Connection) -> None:
    """FTS_SETTINGS in the index, written only where the index has another value (an index
    built before them). What they tune is how the index is written, never what it finds; an
    SQLite that does not know a setting keeps its default."""
    current = dict(con.execute("SELECT k, v FROM docs_fts_config").fetchall())
    for key, value in FTS_SETTINGS.items():
        if current.get(key) != value:
            with contextlib.suppress(sqlite3.OperationalError), con:
                con.execute("INSERT INTO docs_fts(docs_fts, rank) VALUES (?, ?)", (key, value))


def connect_reader(path: str | os.PathLike) -> sqlite3.Connection:
    """A read-only connection to an index file (raises sqlite3.OperationalError if missing)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro"
    return sqlite3.connect(uri, uri=True, check_same_thread=False, timeout=5)


@contextlib.contextmanager
def _index_lock(path: Path) -> Iterator[None]:
    with open(path.with_name(path.name + ".lock"), "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def refresh(
    db_path: str | os.PathLike,
    index: str | os.PathLike | None = None,
    *,
    workers: int | None = None,
    rebuild: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> RefreshSummary:
    """Bring the index in step with the reports of the database at ``db_path`` (read only).

    Adds the texts of reports not yet indexed (extracted from ``sources``, ``workers``
    processes; None: one per core), drops those of reports no longer in the database.
    ``rebuild`` starts from an empty index. ``progress(done, todo)`` is told after each batch.
    """
    from pipelines.db import connect_readonly

    started = time.monotonic()
    path = Path(index) if index else index_path(db_path)
    summary = RefreshSummary()
    with _index_lock(path):
        if not rebuild and path.exists() and not _current_layout(path):
            rebuild = True  # an index of an older layout: built again
        if rebuild:
            for suffix in ("", "-journal", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(str(path) + suffix)
        src = connect_readonly(db_path)
        con = connect_writer(path)
        try:
            wanted = {row[0] for row in src.execute("SELECT DISTINCT sha256 FROM reports").fetchall()}
            have = {row[0]: row[1] for row in con.execute("SELECT sha256, id FROM docs")}
            gone = [have[s] for s in have.keys() - wanted]
            todo = sorted(wanted - have.keys())
            with con:
                for doc_id in gone:
                    con.execute(
                        "INSERT INTO docs_fts(docs_fts, rowid, body) SELECT 'delete', id, body FROM docs WHERE id = ?",
                        (doc_id,),
                    )
                    con.execute("DELETE FROM docs WHERE id = ?", (doc_id,))
            summary.removed = len(gone)
            _add(src, con, todo, summary, workers, progress)
            with con:
                con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('refreshed_at', ?)", (time.strftime("%Y-%m-%d %H:%M:%S"),)
                )
            if summary.added + summary.removed > BATCH:  # merge the index segments a big run wrote
                with con:
                    con.execute("INSERT INTO docs_fts(docs_fts) VALUES ('optimize')")
            summary.total = con.execute("SELECT count(*) FROM docs").fetchone()[0]
        finally:
            con.close()
            src.close()
    summary.seconds = time.monotonic() - started
    return summary


def _stored_originals(src, todo: list[str]):
    """A cursor over (sha256, source_path, content, codec, dictionary) of the reports ``todo``:
    compressed originals (pipelines/sources.py) with their dictionary; a database written
    before compression (schema < 5) has neither column."""
    try:
        return src.execute(
            "SELECT s.sha256, s.source_path, s.content, s.codec, d.dict FROM sources s"
            " LEFT JOIN source_dicts d USING (dict_id) WHERE s.sha256 IN (SELECT unnest(?::VARCHAR[]))",
            [todo],
        )
    except duckdb.Error:
        return src.execute(
            "SELECT sha256, source_path, content, NULL, NULL FROM sources"
            " WHERE sha256 IN (SELECT unnest(?::VARCHAR[]))",
            [todo],
        )


def _add(src, con: sqlite3.Connection, todo: list[str], summary: RefreshSummary, workers, progress) -> None:
    if not todo:
        return
    workers = workers or os.cpu_count() or 1
    pool = ProcessPoolExecutor(workers) if workers > 1 and len(todo) > BATCH else None
    try:
        cursor = _stored_originals(src, todo)
        done = 0
        while rows := cursor.fetchmany(BATCH):
            items = [
                (sha, path, decode(content, codec, dictionary) or b"")
                for sha, path, content, codec, dictionary in rows
                if content is not None
            ]
            found = pool.map(_extract_job, items, chunksize=16) if pool else map(_extract_job, items)
            texts = dict(found)
            _write(con, [(sha, texts.get(sha)) for sha, *_ in rows], summary)
            done += len(rows)
            if progress:
                progress(done, len(todo))
        # A report whose original is not stored (an older database) is indexed as empty text.
        missing = set(todo) - {r[0] for r in con.execute("SELECT sha256 FROM docs")}
        _write(con, [(sha, None) for sha in sorted(missing)], summary)
    finally:
        if pool:
            pool.shutdown()


def _write(con: sqlite3.Connection, texts: list[tuple[str, str | None]], summary: RefreshSummary) -> None:
    with con:
        for sha, text in texts:
            if text is None:
                summary.unreadable += 1
            cur = con.execute(
                "INSERT OR IGNORE INTO docs(key, sha256, body) VALUES (?, ?, ?)", (doc_key(sha), sha, text or "")
            )
            if cur.rowcount:  # (two hashes sharing 60 bits: the second is left out)
                con.execute("INSERT INTO docs_fts(rowid, body) VALUES (?, ?)", (cur.lastrowid, text or ""))
    summary.added += len(texts)


def _current_layout(path: Path) -> bool:
    try:
        con = sqlite3.connect(str(path))
        try:
            columns = {row[1] for row in con.execute("PRAGMA table_info(docs)")}
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return not columns or "key" in columns


def add_quietly(db_path: str | os.PathLike, shas: list[str]) -> RefreshSummary | None:
    """Index the texts of ``shas`` not indexed yet (a placement: its one report) without
    reading every report of the database; without an index yet, ``refresh_quietly``. A
    failure never fails the write that called it."""
    from pipelines.db import connect_readonly

    path = index_path(db_path)
    if not path.exists() or not _current_layout(path):
        return refresh_quietly(db_path)
    try:
        summary = RefreshSummary()
        started = time.monotonic()
        with _index_lock(path):
            con = connect_writer(path)
            try:
                have = {r[0] for r in con.execute(
                    f"SELECT sha256 FROM docs WHERE sha256 IN ({', '.join('?' * len(shas))})", shas
                )}  # fmt: skip
                todo = sorted(set(shas) - have)
                if todo:
                    src = connect_readonly(db_path, officer=False)
                    try:
                        rows = _stored_originals(src, todo).fetchall()
                    finally:
                        src.close()
                    texts = dict(
                        _extract_job((sha, p, decode(content, codec, dictionary) or b""))
                        for sha, p, content, codec, dictionary in rows
                        if content is not None
                    )
                    _write(con, [(sha, texts.get(sha)) for sha in todo], summary)
                summary.total = con.execute("SELECT count(*) FROM docs").fetchone()[0]
            finally:
                con.close()
        summary.seconds = time.monotonic() - started
        return summary
    except Exception:  # noqa: BLE001 - the placement is written; the index can be rebuilt
        return None


def refresh_quietly(db_path: str | os.PathLike) -> RefreshSummary | None:
    """``refresh`` after a publish (ingest, placement): a failure to index never fails the
    write that called it; the 全文检索 page says when reports are missing from the index."""
    try:
        return refresh(db_path)
    except Exception:  # noqa: BLE001 - the write has been published; the index can be rebuilt
        return None


# ---------------------------------------------------------------------------
# Searching


def query_terms(query: str) -> list[str]:
    """The normalised terms of a query: split by spaces, normalised like the indexed text,
    duplicates dropped, at most MAX_TERMS of them."""
    from pipelines.extract.normtext import convert_traditional, nfkc

    query = (query or "")[:MAX_QUERY_CHARS]
    terms: list[str] = []
    for raw in query.split():
        # Always traditional → simplified: a two-character query is too short for the
        # document-level detection the parser uses.
        term = convert_traditional(nfkc(raw)).strip()
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


@dataclass
class Hits:
    """What a search found: the keys (:func:`doc_key`) of the matching reports."""

    keys: list[int] = field(default_factory=list)
    mode: str = "fts"  # fts: the trigram index; scan: a bounded read of the texts
    complete: bool = True  # False: the scan stopped at its time budget
    scanned: int = 0  # documents read by a scan
    total: int = 0  # documents in the index


def _trigrams(term: str) -> list[str]:
    return [term[i : i + MIN_TRIGRAM] for i in range(len(term) - MIN_TRIGRAM + 1)]


def _match_expression(terms: list[str]) -> str:
    """Every trigram of every long term (an FTS5 AND query). The index stores no positions
    (detail=none: a third of the size), so a trigram match is a candidate that ``instr``
    then confirms — the answer is exact."""
    grams = dict.fromkeys(g for t in terms for g in _trigrams(t))
    return " AND ".join('"' + g.replace('"', '""') + '"' for g in grams)


def search(con: sqlite3.Connection, terms: list[str], *, scan_budget_s: float = SCAN_BUDGET_S) -> Hits:
    """Reports whose text contains every term (see the module doc for the two modes)."""
    total = con.execute("SELECT count(*) FROM docs").fetchone()[0]
    if not terms:
        return Hits(total=total)
    long_terms = [t for t in terms if len(t) >= MIN_TRIGRAM]
    # A three-character term is one trigram: its match is exact. Longer and shorter terms are
    # confirmed in the text itself.
    check = [t for t in terms if len(t) != MIN_TRIGRAM]
    check_sql = " AND ".join("instr(d.body, ?) > 0" for _ in check)
    if long_terms:
        match = _match_expression(long_terms)
        if check:
            sql = (
                "SELECT d.key FROM docs_fts f JOIN docs d ON d.id = f.rowid WHERE docs_fts MATCH ? AND "
                + check_sql
            )
        else:
            sql = "SELECT d.key FROM docs_fts f JOIN docs d ON d.id = f.rowid WHERE docs_fts MATCH ?"
        keys = [r[0] for r in con.execute(sql, (match, *check))]
        return Hits(keys, "fts", True, total, total)
    # Only one- or two-character terms: read the texts in key order until the budget is spent.
    deadline = time.monotonic() + scan_budget_s
    keys = []
    scanned = 0
    after = -1
    while True:
        rows = con.execute(
            "SELECT d.id, d.key, " + check_sql + " FROM docs d WHERE d.id > ? ORDER BY d.id LIMIT ?",
            (*check, after, SCAN_CHUNK),
        ).fetchall()
        if not rows:
            return Hits(keys, "scan", True, scanned, total)
        keys += [key for _, key, hit in rows if hit]
        scanned += len(rows)
        after = rows[-1][0]
        if time.monotonic() > deadline and scanned < total:
            return Hits(keys, "scan", False, scanned, total)


def indexed_keys(con: sqlite3.Connection) -> list[int]:
    return [r[0] for r in con.execute("SELECT key FROM docs")]


@dataclass(frozen=True)
class Passages:
    occurrences: int  # how often the first term occurs in the report
    passages: tuple[str, ...]  # up to ``per_report`` passages, every term wrapped in 【】


def passages(
    con: sqlite3.Connection, keys: list[int], terms: list[str], *, per_report: int = 3, width: int = 40
) -> dict[int, Passages]:
    """Where the terms occur in each of ``keys`` (the reports shown, not every hit)."""
    if not keys or not terms:
        return {}
    marks = ",".join("?" * len(keys))
    out = {}
    for key, body in con.execute(f"SELECT key, body FROM docs WHERE key IN ({marks})", [int(k) for k in keys]):
        out[key] = passages_in(body, terms, per_report=per_report, width=width)
    return out


def passages_in(body: str, terms: list[str], *, per_report: int = 3, width: int = 40) -> Passages:
    """Passages of ``body`` around the occurrences of the terms: ``width`` characters either
    side, overlapping windows merged, line breaks shown as ' / ', every term in 【】."""
    spans: list[tuple[int, int]] = []
    for term in terms:
        start = body.find(term)
        while start >= 0:
            spans.append((start, start + len(term)))
            start = body.find(term, start + len(term))
    first = terms[0]
    occurrences = body.count(first)
    if not spans:
        return Passages(occurrences, ())
    spans.sort()
    windows: list[list[int]] = []
    for a, b in spans:
        lo, hi = max(0, a - width), min(len(body), b + width)
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    shown = []
    for lo, hi in windows[:per_report]:
        inside = [(a, b) for a, b in _merged(spans) if a >= lo and b <= hi]
        text, pos = [], lo
        for a, b in inside:
            text += [body[pos:a], "【", body[a:b], "】"]
            pos = b
        text.append(body[pos:hi])
        # A text dump's table row comes one cell a line, with '|' lines between: one row again.
        passage = "".join(text).replace("\r", "").replace("\n|\n", " | ").replace("\n", " / ")
        shown.append(("…" if lo > 0 else "") + " ".join(passage.split()) + ("…" if hi < len(body) else ""))
    return Passages(occurrences, tuple(shown))


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
