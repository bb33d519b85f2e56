"""Plain-text dumps: one Line per text line, provenance 'line N' (1-based, as in an editor)."""

from __future__ import annotations

import re

from pipelines.extract.builder import DocumentBuilder
from pipelines.model import Document

_NEWLINE = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Lines as an editor numbers them (a final newline does not start an extra line)."""
    # str.split is several times faster than the regex; a text without a carriage return
    # has one kind of line break only
    lines = _NEWLINE.split(text) if "\r" in text else text.split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return lines


def read_text(data: bytes, name: str, text: str, encoding: str) -> Document:
    """A decoded text dump → Document (cells=None: the parser splits rows on '|' itself)."""
    builder = DocumentBuilder()
    builder.add_lines(split_lines(text))  # split on every line break: none is left inside a line
    return builder.build(data, name, "txt", encoding=encoding)
