"""The stored original files (table ``sources``), compressed with zstd.

Original report files are most of a database's size when stored as they came (5.6 KB of a
generated text report against 1.2 KB of its figures and checks), and every copy of the
database carries them. They are stored compressed instead:

- ``codec`` 'zstd': ``content`` is one zstd frame; ``dict_id`` names the zstd dictionary of
  ``source_dicts`` it was compressed with (NULL: none). Reports of one template family share
  most of their wording, so a dictionary trained on a database's first few hundred texts
  compresses a text report about 12× (2.3× without one) at ~10 µs a report.
- ``codec`` NULL: the bytes as they came (databases written before schema version 5, until
  ``govreports optimize`` compresses them).

A dictionary, once stored, never changes (the rows compressed with it need it); a database
gets its first one when a write brings at least ``DICT_MIN_SAMPLES`` uncompressed texts and
none is stored yet. Every reader goes through :func:`decode` / :func:`read_source`; writers
through :class:`SourceCodec`.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Sequence

import duckdb
import zstandard

CODEC = "zstd"
LEVEL = 3  # zstd level: 19 gains ~10 % more on text, at 30× the time
DICT_SIZE = 112_640  # bytes (zstd's default dictionary size)
DICT_MIN_SAMPLES = 200  # texts needed before a dictionary is trained
DICT_MAX_SAMPLES = 2_000
SAMPLE_MAX_BYTES = 256 * 1024  # larger files (PDF, DOCX) are not dictionary samples

SOURCE_COLUMNS = ["sha256", "source_path", "format", "size_bytes", "content", "codec", "dict_id"]

_dicts_lock = threading.Lock()
_dicts: dict[bytes, zstandard.ZstdCompressionDict] = {}  # dictionary bytes → loaded dictionary


def _load_dict(data: bytes) -> zstandard.ZstdCompressionDict:
    with _dicts_lock:
        loaded = _dicts.get(data)
        if loaded is None:
            loaded = zstandard.ZstdCompressionDict(data)
            _dicts.clear() if len(_dicts) > 8 else None
            _dicts[data] = loaded
        return loaded


def decode(
    content: bytes | bytearray | memoryview | None,
    codec: str | None,
    dictionary: bytes | bytearray | memoryview | None,
) -> bytes | None:
    """The original bytes of a stored ``content`` (``dictionary``: the bytes of its dict_id)."""
    if content is None:
        return None
    if codec is None:
        return bytes(content)
    if codec != CODEC:
        raise ValueError(f"unknown source codec {codec!r}")
    if dictionary is not None:
        return zstandard.ZstdDecompressor(dict_data=_load_dict(bytes(dictionary))).decompress(bytes(content))
    return zstandard.ZstdDecompressor().decompress(bytes(content))


def read_source(con: duckdb.DuckDBPyConnection, sha256: str) -> bytes | None:
    """The original bytes stored for ``sha256`` (None when not stored)."""
    row = con.execute(
        """SELECT s.content, s.codec, d.dict FROM sources s LEFT JOIN source_dicts d USING (dict_id)
           WHERE s.sha256 = ?""",
        [sha256],
    ).fetchall()  # all: a finished result leaves the connection free for the next statement
    if not row:
        return None
    content, codec, dictionary = row[0]
    return decode(content, codec, dictionary)


class SourceCodec:
    """Compresses original files for one writer connection (the database's dictionary, trained
    on the first batch big enough when it has none)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        rows = con.execute("SELECT dict_id, dict FROM source_dicts ORDER BY dict_id DESC LIMIT 1").fetchall()
        row = rows[0] if rows else None
        self.dict_id: int | None = None
        self._compressor = zstandard.ZstdCompressor(level=LEVEL)
        if row is not None:
            self._use(int(row[0]), bytes(row[1]))

    def _use(self, dict_id: int, data: bytes) -> None:
        self.dict_id = dict_id
        self._compressor = zstandard.ZstdCompressor(level=LEVEL, dict_data=_load_dict(data))

    def maybe_train(self, samples: Sequence[bytes]) -> None:
        """Train and store the database's dictionary from ``samples`` when it has none and
        there are enough (in the writer's transaction: it is published with the rows)."""
        if self.dict_id is not None:
            return
        picked: list[bytes | bytearray | memoryview] = []
        picked.extend(bytes(s) for s in samples if s and len(s) <= SAMPLE_MAX_BYTES)
        del picked[DICT_MAX_SAMPLES:]
        if len(picked) < DICT_MIN_SAMPLES:
            return
        try:
            trained = zstandard.train_dictionary(DICT_SIZE, picked, level=LEVEL)
        except zstandard.ZstdError:  # too little or too uniform material: no dictionary yet
            return
        data = trained.as_bytes()
        dict_id = int(trained.dict_id())
        self.con.execute(
            "INSERT OR IGNORE INTO source_dicts VALUES (?, ?, ?, ?)",
            [dict_id, data, len(picked), dt.datetime.now(dt.UTC).replace(tzinfo=None)],
        ).fetchall()  # a finished result: the connection may register a frame next
        self._use(dict_id, data)

    def encode(self, content: bytes) -> tuple[bytes, str, int | None]:
        """(stored bytes, codec, dict_id) of one original file."""
        return self._compressor.compress(content), CODEC, self.dict_id

    def rows(self, sources: Sequence[tuple]) -> list[tuple]:
        """Rows of SOURCE_COLUMNS from (sha256, source_path, format, size_bytes, content)."""
        self.maybe_train([s[4] for s in sources])
        out = []
        for sha, path, fmt, size, content in sources:
            stored, codec, dict_id = self.encode(bytes(content))
            out.append((sha, path, fmt, size, stored, codec, dict_id))
        return out


def compress_stored(con: duckdb.DuckDBPyConnection, batch: int = 2_000) -> int:
    """Compress every source row still stored as it came (codec NULL: written before schema
    version 5); returns how many. A writer's connection."""
    pending = [r[0] for r in con.execute("SELECT sha256 FROM sources WHERE codec IS NULL").fetchall()]
    if not pending:
        return 0
    codec = SourceCodec(con)
    if codec.dict_id is None:
        samples = con.execute(
            "SELECT content FROM sources WHERE codec IS NULL AND octet_length(content) <= ? "
            "USING SAMPLE reservoir(? ROWS) REPEATABLE (7)",
            [SAMPLE_MAX_BYTES, DICT_MAX_SAMPLES],
        ).fetchall()
        codec.maybe_train([bytes(r[0]) for r in samples])
    import pandas as pd

    for start in range(0, len(pending), batch):
        shas = pending[start : start + batch]
        con.register("pending_shas", pd.DataFrame({"sha256": shas}))
        rows = con.execute(
            "SELECT sha256, content FROM sources WHERE sha256 IN (SELECT sha256 FROM pending_shas)"
        ).fetchall()
        encoded = [(sha, *codec.encode(bytes(content))) for sha, content in rows if content is not None]
        con.register("encoded", pd.DataFrame(encoded, columns=["sha256", "content", "codec", "dict_id"]))
        con.execute(
            """UPDATE sources SET content = e.content, codec = e.codec, dict_id = e.dict_id
               FROM encoded e WHERE sources.sha256 = e.sha256"""
        ).fetchall()
        con.unregister("encoded")
        con.unregister("pending_shas")
    return len(pending)
