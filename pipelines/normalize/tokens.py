"""Shared helpers of the normalize stage: cells in reading order, numbers as printed."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeVar

from pipelines.model import Cell, Line

# Cells that mean "nothing here": a std table reads them as 0 (raw text kept).
BLANK_MARKS = {"", "/", "-", "—", "–", "－", "——", "无", "\\", "／", "&nbsp;", "nbsp", "?", "？", "0"}

_UNIT_SUFFIX = re.compile(r"(万元|元|件|条|项|次|人次|人|个|篇)$")
_NUMBER = re.compile(r"^[+\-−－]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^[+\-−－]?\d+(?:\.\d+)?$")


@dataclass(frozen=True)
class Token:
    """One cell of the document in reading order (a '|' piece of a text line, or a table cell)."""

    norm: str  # normalised text (NFKC, simplified, spaces removed)
    raw: str  # as printed
    prov: str  # provenance
    line_no: int  # index of the Line in Document.lines
    col: int = -1  # grid column for table cells, -1 when unknown


# Memos of the two pure helpers every reader calls: the readers of one document compact the
# same lines (and every report the same labels and marks) again and again. Bounded (a few
# dozen documents' lines, a few MB): emptied when full, which changes nothing but the time.
_MEMO_MAX = 10_000
_COMPACT: dict[str, str] = {}
_NUMBER_OF: dict[str, float | None] = {}


_K = TypeVar("_K")
_V = TypeVar("_V")


def remember(memo: dict[_K, _V], key: _K, value: _V, limit: int = _MEMO_MAX) -> _V:
    """Store ``value`` under ``key`` in a bounded memo (emptied when full: the readers' memos are
    pure functions of their key, so emptying one changes nothing but the time) and return it."""
    if len(memo) >= limit:
        memo.clear()
    memo[key] = value
    return value


def compact(text: str) -> str:
    """Label text for matching: no whitespace at all (labels are often split: 统 计 指 标)."""
    done = _COMPACT.get(text)
    if done is not None:
        return done
    return remember(_COMPACT, text, compact_text(text))


def compact_text(text: str) -> str:
    """``compact`` without the memo: for a text seen once (a whole document's pieces joined),
    which the memo would only hash and hold."""
    # str.split() drops exactly the characters regex \s matches (str.isspace, incl. U+3000),
    # several times faster than re.sub on the hot path of every parser.
    return "".join((text.replace("&nbsp;", " ") if "&nbsp;" in text else text).split())


def parse_number(raw: str) -> float | None:
    """A figure as printed → float; None when the cell is not a number at all.

    Accepts full-width digits (already NFKC-normalised by extract, but raw text may not
    be), thousands separators, decimals, negatives and a trailing unit (251000元, 12件).
    """
    if raw in _NUMBER_OF:
        return _NUMBER_OF[raw]
    return remember(_NUMBER_OF, raw, _parse_number(raw))


def _parse_number(raw: str) -> float | None:
    text = compact(raw)
    text = text.translate(_FULLWIDTH)
    text = _UNIT_SUFFIX.sub("", text)
    text = text.replace("−", "-").replace("－", "-")
    if not _NUMBER.match(text):
        return None
    return float(text.replace(",", ""))


_BLANK_NOT_ZERO = frozenset(BLANK_MARKS - {"0"})
_DEBRIS_ONLY = re.compile(r"[?？�]+")
_DEBRIS_NUMBER = re.compile(r"[?？�\s]+(\d[\d,]*(?:\.\d+)?)")


def is_blank(raw: str) -> bool:
    """A cell a std table leaves empty (read as 0, raw kept), e.g. '', '/', '—', '&nbsp;', '? 0'."""
    text = compact(raw).translate(_FULLWIDTH)
    return text in _BLANK_NOT_ZERO or bool(_DEBRIS_ONLY.fullmatch(text))


def cell_value(raw: str) -> float | None:
    """Value of a std-table cell: the number, 0 for a blank mark, None for text."""
    num = parse_number(raw)
    if num is not None:
        return num
    # encoding debris before a number: '? 0', '�3'
    debris = _DEBRIS_NUMBER.fullmatch(raw.strip())
    if debris:
        return parse_number(debris.group(1))
    if is_blank(raw):
        return 0.0
    return None


_FULLWIDTH = str.maketrans("０１２３４５６７８９，．－＋", "0123456789,.-+")


def cell_norms(line: Line) -> list[str]:
    """The compact norm of each cell of a table row (``line.cells``), in the cells' order: for a
    reader that zips them with the cells and needs no tuple a cell."""
    assert line.cells is not None
    norms = line.norm_cells or [c.text for c in line.cells]
    joined = "|".join(norms)
    if joined.count("|") == len(norms) - 1:
        # no '|' inside a cell: compacting the joined row compacts each cell ('|' is no
        # whitespace and no '&nbsp;' spans it) in one memoised call instead of one a cell
        return compact(joined).split("|")
    return [compact(norm) for norm in norms]


def row_cells(line: Line) -> list[tuple[str, str, str, int]]:
    """(compact norm, raw, prov, grid column) of each cell of a table row (``line.cells``):
    its tokens' fields (a list: built in one comprehension, cheaper than a generator's step
    per cell)."""
    assert line.cells is not None
    return [(norm, cell.text, cell.prov, cell.col) for cell, norm in zip(line.cells, cell_norms(line), strict=False)]


def iter_tokens(lines: list[Line]) -> list[Token]:
    """Every cell of the document in reading order.

    Table rows (Line.cells) give one token per physical cell, blanks included. Text lines
    are split on '|'; a line made only of '|' and spaces (colspan debris such as '| ||||||')
    gives no token, and the empty piece after a trailing '|' is dropped.
    """
    out: list[Token] = []
    for i, line in enumerate(lines):
        if line.cells is not None:
            out.extend(Token(norm, raw, prov, i, col) for norm, raw, prov, col in row_cells(line))
            continue
        if "|" not in line.norm:
            out.append(Token(compact(line.norm), line.text.strip(), line.prov, i))
            continue
        if not line.norm.replace("|", "").strip():
            continue
        raw_parts = (
            line.text.split("|") if line.text.count("|") == line.norm.count("|") else line.norm.split("|")
        )
        norm_parts = line.norm.split("|")
        if norm_parts and not norm_parts[-1].strip():
            norm_parts, raw_parts = norm_parts[:-1], raw_parts[:-1]
        for j, (raw, norm) in enumerate(zip(raw_parts, norm_parts, strict=False)):
            out.append(Token(compact(norm), raw.strip(), f"{line.prov} cell {j + 1}", i))
    return out


__all__ = ["Cell", "Token", "cell_norms", "cell_value", "compact", "compact_text", "is_blank", "iter_tokens", "parse_number", "row_cells"]
