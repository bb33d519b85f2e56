"""A format-neutral report: title, headings, paragraphs and tables with merged cells.

content.py builds one of these; render.py turns it into txt / html / pdf / docx bytes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class TCell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    header: bool = False


@dataclass
class Table:
    rows: list[list[TCell]]
    ncols: int
    kind: str  # t2 | t3 | t4 | legacy


@dataclass
class Block:
    kind: str  # h | p | table | sig
    text: str = ""
    table: Table | None = None


@dataclass
class Doc:
    title: str  # may be "" (text dumps that start at 一、总体情况)
    unit: str  # as printed
    blocks: list[Block] = field(default_factory=list)
    published: dt.date | None = None
    site: str = "宿迁市人民政府"

    def h(self, text: str) -> None:
        self.blocks.append(Block("h", text))

    def p(self, text: str) -> None:
        self.blocks.append(Block("p", text))

    def table(self, table: Table) -> None:
        self.blocks.append(Block("table", table=table))

    def sig(self, text: str) -> None:
        self.blocks.append(Block("sig", text))


def grid(table: Table) -> list[list[tuple[TCell, bool]]]:
    """The table as a full grid: (cell, is_origin) per position, merged cells repeated.

    The same expansion a browser does for rowspan/colspan; used by the PDF and DOCX
    renderers, which need every grid position.
    """
    return [
        [(cell, (r, c) == (r0, c0)) for c, (cell, r0, c0) in enumerate(row)]
        for r, row in enumerate(grid_origins(table))
    ]


def grid_origins(table: Table) -> list[list[tuple[TCell, int, int]]]:
    """Each grid position: (cell, row, col) of where its (possibly merged) cell starts."""
    nrows = len(table.rows)
    out: list[list[tuple[TCell, int, int] | None]] = [[None] * table.ncols for _ in range(nrows)]
    for r, row in enumerate(table.rows):
        c = 0
        for cell in row:
            while c < table.ncols and out[r][c] is not None:
                c += 1
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    if r + dr < nrows and c + dc < table.ncols:
                        out[r + dr][c + dc] = (cell, r, c)
            c += cell.colspan
    return [
        [pos if pos is not None else (TCell(""), r, c) for c, pos in enumerate(row)]
        for r, row in enumerate(out)
    ]
