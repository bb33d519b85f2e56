"""The parse worker's shortcuts give what the long way gives, on real files.

- ``searchable_text``: the full-text index's text of a document taken from its lines'
  normalised form (documents without table rows) equals normalising the whole text again.
- ``_real_path``: a file's stored name with its folder resolved once equals resolving the
  whole path, also through symbolic links and '..'.
- ``read_input_file`` reads as many bytes as stat reported (not a buffer of the whole size
  limit) and still the whole file when it grew after the stat, up to the limit.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pipelines import ingest, search_index
from pipelines.errors import RejectedInput
from pipelines.extract import ExtractLimits, extract_document
from pipelines.ingest import _real_path, read_input_file, searchable_text

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = (
    sorted(p for p in (ROOT / "normalize" / "fixtures").iterdir() if p.suffix in (".txt", ".html", ".htm"))
    + sorted((ROOT / "realworld").glob("batch_a/*.txt"))[:20]
)


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_searchable_text_equals_a_second_normalisation(path: Path) -> None:
    doc = extract_document(path.read_bytes(), path.name)
    assert searchable_text(doc) == search_index.searchable(doc.text)


def test_fixtures_include_both_kinds_of_document() -> None:
    docs = [extract_document(p.read_bytes(), p.name) for p in FIXTURES]
    with_rows = [d for d in docs if any(line.cells is not None for line in d.lines)]
    traditional = [d for d in docs if d.traditional]
    assert with_rows and len(with_rows) < len(docs)  # the shortcut and the long way both run
    assert traditional  # a traditional mirror: converted the same way on both paths


def test_real_path_equals_resolve(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    target = tmp_path / "a" / "b" / "报告.txt"
    target.write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "a" / "b", tmp_path / "linked_folder")
    os.symlink(target, tmp_path / "a" / "linked_file.txt")
    cache: dict[Path, str] = {}
    for path in (
        target,
        tmp_path / "linked_folder" / "报告.txt",  # through a linked folder: the real folder
        tmp_path / "a" / "linked_file.txt",  # a linked file: its target
        tmp_path / "a" / ".." / "a" / "b" / "报告.txt",
        target / "..",
    ):
        assert _real_path(path, cache) == str(path.resolve()), path
    assert _real_path(target, None) == str(target.resolve())


@pytest.mark.parametrize("path", FIXTURES[:5], ids=lambda p: p.name)
def test_read_input_file_gives_the_files_bytes(path: Path) -> None:
    assert read_input_file(path, path.name) == path.read_bytes()


def _stat_says(monkeypatch, size: int) -> None:
    real = os.fstat

    class Stat:
        def __init__(self, fd: int) -> None:
            self.st_size = size
            self.st_mode = real(fd).st_mode

    monkeypatch.setattr(ingest.os, "fstat", Stat)


def test_a_file_that_grew_after_its_stat_is_read_whole(tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "report.txt"
    data = FIXTURES[0].read_bytes()
    path.write_bytes(data)
    _stat_says(monkeypatch, len(data) // 3)  # stat saw a third of it: the writer went on
    assert read_input_file(path, path.name) == data


def test_a_file_that_grew_past_the_limit_is_refused(tmp_path: Path, monkeypatch) -> None:
    limit = max(ExtractLimits().max_bytes(f) for f in ("txt", "pdf", "docx"))
    path = tmp_path / "report.txt"
    with open(path, "wb") as fh:  # sparse: the limit plus one byte, nothing written
        fh.truncate(limit + 1)
    _stat_says(monkeypatch, 1000)
    with pytest.raises(RejectedInput, match="too large"):
        read_input_file(path, path.name)
