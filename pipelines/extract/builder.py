"""Collects text lines and table rows in reading order, then normalises them all at once."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from pipelines.errors import RejectedInput
from pipelines.extract.normtext import normalize_pieces
from pipelines.model import Cell, Document, Line


def clean_cell_text(text: str) -> str:
    """Cell text on one line: every whitespace run (newline, &nbsp;, ideographic space) → one space."""
    return " ".join(text.split())  # str.split() knows every Unicode space


# 'line 1', 'line 2' …: the provenance of a text dump's lines, made once a process and shared
# by every document (a generated report has ~300 lines); longer documents make the rest.
_CACHED_PROVS = 5000
_line_provs: list[str] = []


def line_provs(start: int, count: int) -> list[str]:
    """['line {start + 1}', …, 'line {start + count}']."""
    global _line_provs
    end = start + count
    provs = _line_provs  # (a thread that extends the list rebinds it whole: this one stays valid)
    if len(provs) < min(end, _CACHED_PROVS):
        provs = _line_provs = provs + [f"line {n}" for n in range(len(provs) + 1, _CACHED_PROVS + 1)]
    if end <= len(provs):
        return provs[start:end]
    return [f"line {n}" for n in range(start + 1, end + 1)]


# ' col 1', ' col 2' …: the end of a table cell's provenance, made once a process
_COL_SUFFIXES = [f" col {n}" for n in range(1, 101)]


@dataclass(slots=True)
class RawCell:
    text: str
    col: int  # 0-based grid column
    colspan: int = 1


@dataclass
class DocumentBuilder:
    """Lines in reading order; ``build`` runs the (costly) normalisation once per document."""

    _texts: list[str] = field(default_factory=list)
    _provs: list[str] = field(default_factory=list)
    _rows: list[list[Cell] | None] = field(default_factory=list)  # a table row's cells, with their prov
    # what ``build`` normalises, in order: a text line's text, each cell of a table row (kept
    # as the lines come, not gathered again from the Cells)
    _pieces: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self._texts)

    def add_text(self, text: str, prov: str | None = None) -> None:
        """One text line. prov defaults to 'line N', N = its line number in Document.text."""
        text = text.replace("\n", " ").replace("\r", " ")
        self._texts.append(text)
        self._provs.append(prov or f"line {len(self._texts)}")
        self._rows.append(None)
        self._pieces.append(text)

    def add_lines(self, texts: list[str]) -> None:
        """Text lines that hold no newline or carriage return (a text split into lines), each
        with prov 'line N': ``add_text`` for each, in one step."""
        start = len(self._texts)
        self._texts.extend(texts)
        self._provs.extend(line_provs(start, len(texts)))
        self._rows.extend([None] * len(texts))
        self._pieces.extend(texts)

    def add_row(self, cells: list[RawCell], prov_prefix: str) -> None:
        """One table row: prov of each cell is '{prov_prefix} col C' (C = 1-based grid column),
        or '{prov_prefix} cell I' (I = 1-based position) when the grid column is unknown.

        Cell texts must already be on one line (``clean_cell_text``)."""
        self.add_grid_row(
            [c.text for c in cells], [c.col for c in cells], [c.colspan for c in cells], prov_prefix
        )

    def add_grid_row(self, texts: list[str], cols: list[int], colspans: list[int], prov_prefix: str) -> None:
        """``add_row`` for a row given as parallel lists (cell texts, grid columns, column
        spans): the HTML reader's, which makes no object a cell before the Cell itself."""
        self._texts.append(" | ".join(texts))
        self._provs.append(prov_prefix)
        provs = [
            prov_prefix + (_COL_SUFFIXES[col] if col < len(_COL_SUFFIXES) else f" col {col + 1}")
            if col >= 0
            else f"{prov_prefix} cell {i}"
            for i, col in enumerate(cols, start=1)
        ]
        self._rows.append(list(map(Cell, texts, provs, cols, colspans)))
        self._pieces.extend(texts)

    def build(
        self,
        data: bytes,
        name: str,
        fmt: str,
        *,
        title: str = "",
        encoding: str = "",
        page_meta: dict[str, str] | None = None,
    ) -> Document:
        if not any(t.strip() for t in self._texts):
            raise RejectedInput(f"no text in the {fmt.upper()} file")
        norms, traditional = normalize_pieces(self._pieces)
        if self._rows.count(None) == len(self._rows):  # text lines only (a text dump)
            lines = list(map(Line, self._texts, norms, self._provs))
            return self._document(lines, data, name, fmt, title, traditional, encoding, page_meta)
        lines = []
        pos = 0
        for text, prov, row in zip(self._texts, self._provs, self._rows, strict=True):
            if row is None:
                lines.append(Line(text, norms[pos], prov))
                pos += 1
                continue
            norm_cells = norms[pos : pos + len(row)]
            pos += len(row)
            lines.append(Line(text, " | ".join(norm_cells), prov, row, norm_cells))
        return self._document(lines, data, name, fmt, title, traditional, encoding, page_meta)

    @staticmethod
    def _document(
        lines: list[Line],
        data: bytes,
        name: str,
        fmt: str,
        title: str,
        traditional: bool,
        encoding: str,
        page_meta: dict[str, str] | None,
    ) -> Document:
        return Document(
            source_path=name,
            sha256=hashlib.sha256(data).hexdigest(),
            format=fmt,
            lines=lines,
            title=title,
            traditional=traditional,
            encoding=encoding,
            page_meta=page_meta or {},
        )
