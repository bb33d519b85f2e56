"""Damaged input of every format gives a Document or a one-line RejectedInput, never a traceback."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from extract_makers import GBK_PAGE, make_docx, make_pdf

from pipelines.errors import RejectedInput
from pipelines.extract import extract_document
from pipelines.model import Document

REAL = Path(__file__).resolve().parents[2] / "data" / "samples" / "real"


def _mutations(data: bytes, seed: int) -> list[bytes]:
    rng = random.Random(seed)
    out = [data[: len(data) * k // 5] for k in range(1, 5)]  # truncated at 20 %, 40 % …
    for _ in range(6):  # a burst of random bytes somewhere in the file
        buf = bytearray(data)
        start = rng.randrange(len(buf))
        buf[start : start + 16] = rng.randbytes(16)
        out.append(bytes(buf))
    return out


@pytest.mark.parametrize(
    ("name", "make"),
    [
        ("r.txt", lambda: (REAL / "012.txt").read_bytes()),
        ("r.txt", lambda: (REAL / "005.txt").read_bytes()),
        ("r.html", lambda: GBK_PAGE.encode("gbk")),
        ("r.pdf", make_pdf),
        ("r.docx", make_docx),
    ],
    ids=["txt", "html-in-txt", "html", "pdf", "docx"],
)
def test_damaged_files_never_raise_anything_but_rejected_input(name, make):
    for i, data in enumerate(_mutations(make(), seed=len(name))):
        try:
            doc = extract_document(data, name)
        except RejectedInput as err:
            assert err.reason and "\n" not in err.reason and "Traceback" not in err.reason, (i, err.reason)
        else:
            assert isinstance(doc, Document) and doc.lines
