"""Documents for the normalize tests, built from real sample files and fixtures.

Uses the extract stage (pipelines.extract.extract_document) when it is importable, so the
tests see exactly what ingest sees; otherwise a minimal text reader with the same contract
(one Line per text line, cells=None, norm = NFKC + simplified, prov 'line N').
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from pathlib import Path

from pipelines.model import Document, Line

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "data" / "samples"
REAL = SAMPLES / "real"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_2017 = SAMPLES / "2017_北京市东城区政务服务中心.txt"

try:  # the extract stage, once it has landed
    from pipelines.extract import extract_document
except ImportError:  # pragma: no cover - only before the extract stage exists
    extract_document = None


def _local_document(data: bytes, name: str) -> Document:
    import opencc

    to_simplified = opencc.OpenCC("t2s")
    text = data.decode("utf-8")
    lines = []
    for i, raw in enumerate(text.split("\n"), start=1):
        norm = to_simplified.convert(unicodedata.normalize("NFKC", raw))
        lines.append(Line(text=raw, norm=norm, prov=f"line {i}"))
    return Document(name, hashlib.sha256(data).hexdigest(), "txt", lines)


def document_from_bytes(data: bytes, name: str) -> Document:
    if extract_document is not None:
        return extract_document(data, name)
    return _local_document(data, name)


def document_from_file(path: Path) -> Document:
    return document_from_bytes(path.read_bytes(), path.name)


def document_from_text(text: str, name: str = "fixture.txt") -> Document:
    return document_from_bytes(text.encode("utf-8"), name)


def gold_of(path: Path) -> dict:
    return json.loads(path.with_suffix(".gold.json").read_text(encoding="utf-8"))


def real_samples() -> list[Path]:
    return sorted(REAL.glob("*.txt"))
