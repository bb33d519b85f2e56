"""Where a figure was read (``report_values.provenance``), as a value instead of a string.

The stored form is unchanged — what the extractors write, e.g. ``table 2 row 5 col 3``,
``page 3 line 12``, ``line 18 cell 2`` or ``line 40 (text)`` (a sentence of the prose) —
and :class:`Provenance` is parsed from it once; the Chinese display text (第2表第5行第3列,
正文第40行) and the line/cell a viewer highlights are derived from its fields.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, get_args

Part = Literal["page", "table", "row", "col", "line", "cell"]
PARTS: tuple[Part, ...] = get_args(Part)
_ZH: dict[str, str] = {
    "page": "第{}页",
    "table": "第{}表",
    "row": "第{}行",
    "col": "第{}列",
    "line": "第{}行",
    "cell": "第{}格",
}
_WORDS = "|".join(PARTS)
_TOKEN = re.compile(rf"({_WORDS}) (\d+)")
_FORM = re.compile(rf"^(?:(?:{_WORDS}) \d+\s*)+(?:\(text\))?$")
_TEXT_SUFFIX = re.compile(r"\s*\(text\)\s*$")
# A figure read by OCR also says where on its page: ' box x0,y0,x1,y1' (fractions of the
# page), written before a ' (text)' suffix (pipelines/extract/ocr.py).
_BOX = re.compile(r"\s*\bbox (\d*\.?\d+),(\d*\.?\d+),(\d*\.?\d+),(\d*\.?\d+)")
# A message that starts with a position ('line 18 cell 1: …'), e.g. an extraction doubt.
_LEADING = re.compile(rf"^((?:(?:{_WORDS}) \d+\s*)+(?:\(text\))?)(?=[:：])")


@dataclass(frozen=True)
class Provenance:
    """A position in the document: its parts in printed order, and whether the figure was
    read from the prose (``(text)``) rather than a table cell."""

    parts: tuple[tuple[Part, int], ...]
    in_text: bool = False
    box: tuple[float, float, float, float] | None = None  # OCR: the region on its page

    @classmethod
    def parse(cls, stored: object) -> Provenance | None:
        """The provenance a stored string names, or None for any other text."""
        if not isinstance(stored, str):
            return None
        found = _BOX.search(stored)
        box = tuple(float(v) for v in found.groups()) if found else None
        text = _BOX.sub("", stored).strip()
        if not _FORM.match(text):
            return None
        parts = tuple((word, int(n)) for word, n in _TOKEN.findall(text))
        return cls(parts, in_text=bool(_TEXT_SUFFIX.search(text)), box=box)  # type: ignore[arg-type]

    def __str__(self) -> str:
        """The stored form."""
        box = " box " + ",".join(f"{v:.4f}" for v in self.box) if self.box else ""
        return self.place + box + (" (text)" if self.in_text else "")

    def get(self, part: Part) -> int | None:
        return next((n for word, n in self.parts if word == part), None)

    @property
    def place(self) -> str:
        """The stored form without ``(text)``: the ``prov`` of the line or cell it names."""
        return " ".join(f"{word} {n}" for word, n in self.parts)

    @property
    def line_place(self) -> str:
        """The place without a trailing ``cell K``: the line a text cell belongs to."""
        parts = self.parts[:-1] if self.parts and self.parts[-1][0] == "cell" else self.parts
        return " ".join(f"{word} {n}" for word, n in parts)

    @property
    def zh(self) -> str:
        """In Chinese: 第2表第5行第3列, 正文第12行, 第3页正文第12行."""
        out = [_ZH[word].format(n) for word, n in self.parts]
        if not self.in_text:
            return "".join(out)
        if self.parts and self.parts[0][0] == "page":
            return out[0] + "正文" + "".join(out[1:])
        return "正文" + "".join(out)


def display(stored: object) -> str:
    """The Chinese display text of a stored provenance; other text as it is, '—' for none."""
    if not isinstance(stored, str) or not stored.strip():
        return "—"
    parsed = Provenance.parse(stored)
    return parsed.zh if parsed else stored.strip()


def with_display(text: str) -> str:
    """A message that starts with a position ('line 18 cell 1: …'), the position in Chinese."""
    return _LEADING.sub(lambda m: display(m.group(1).strip()), text)
