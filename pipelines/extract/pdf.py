"""PDF attachments: text layer in reading order, ruled tables rebuilt as grid rows.

Per page, tables are found from their ruling lines (pdfplumber, lines strategy); each table
row becomes one Line with cells (prov 'page P table T row R col C', T counted over the whole
document so a table continued on the next page simply continues). Text outside the tables is
read line by line (prov 'page P line L'); lines that the page width wrapped are joined back
into their paragraph (prov of its first line), and a line whose pieces are far apart (an
unruled table row) gets one cell per piece with an unknown column. A PDF without any text characters is a
scan: rejected, OCR is out of scope.
"""

from __future__ import annotations

import io
import logging
import re
import statistics
from dataclasses import dataclass
from typing import Any

import pdfplumber

from pipelines.errors import RejectedInput
from pipelines.extract.builder import DocumentBuilder, RawCell, clean_cell_text
from pipelines.extract.limits import ExtractLimits
from pipelines.extract.pdfcaps import exceeded, stream_budget
from pipelines.model import Document

# pdfminer logs a warning per odd font; a damaged file is reported once, as RejectedInput.
logging.getLogger("pdfminer").setLevel(logging.ERROR)

_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}
_GAP_IN_CHARS = 1.8  # a gap wider than this many character widths separates two cells


def _check_complete(data: bytes) -> None:
    if not data.lstrip()[:5] == b"%PDF-":
        raise RejectedInput("damaged or truncated PDF: no %PDF header (not a PDF file)")
    if b"%%EOF" not in data[-2048:]:
        raise RejectedInput("damaged or truncated PDF: no end-of-file marker (the download was cut off?)")


def _grid_columns(table) -> list[float]:
    """Left edges of the table's grid columns (every distinct cell x0)."""
    return sorted({round(cell[0], 1) for row in table.rows for cell in row.cells if cell})


def _table_rows(table, columns: list[float]) -> list[list[RawCell]]:
    rows: list[list[RawCell]] = []
    for row, texts in zip(table.rows, table.extract(), strict=False):
        cells: list[RawCell] = []
        for bbox, text in zip(row.cells, texts, strict=False):
            if bbox is None:  # covered by a merged cell (colspan to the left, rowspan above)
                continue
            x0, x1 = round(bbox[0], 1), round(bbox[2], 1)
            col = columns.index(x0)
            colspan = max(1, sum(1 for x in columns if x0 <= x < x1 - 0.5))
            cells.append(RawCell(clean_cell_text(text or ""), col, colspan))
        rows.append(cells)
    return rows


def _split_by_gaps(chars: list[dict]) -> list[str]:
    """Pieces of one text line separated by wide horizontal gaps (an unruled table row)."""
    if not chars:
        return []
    width = statistics.median(c["x1"] - c["x0"] for c in chars) or 1.0
    pieces: list[list[str]] = [[chars[0]["text"]]]
    for prev, char in zip(chars, chars[1:], strict=False):
        if char["x0"] - prev["x1"] > _GAP_IN_CHARS * width:
            pieces.append([])
        pieces[-1].append(char["text"])
    return [clean_cell_text("".join(p)) for p in pieces if clean_cell_text("".join(p))]


# A line that starts a new paragraph: numbered headings (一、 （二） 3. 第四) and 附件 lines.
_PARAGRAPH_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十]+|附件)"
)


@dataclass(frozen=True)
class _Margins:
    """Left and right edges of a page's text, to tell a wrapped line from a paragraph end."""

    left: float
    right: float
    char: float  # median character width

    @classmethod
    def of(cls, lines: list[dict]) -> _Margins:
        chars = [c for line in lines for c in line.get("chars", ())]
        if not lines or not chars:
            return cls(0.0, 0.0, 1.0)
        width = statistics.median(c["x1"] - c["x0"] for c in chars) or 1.0
        return cls(min(line["x0"] for line in lines), max(line["x1"] for line in lines), width)

    def continues(self, previous: dict, line: dict) -> bool:
        """The previous line ran to the right margin, this one starts at the left margin
        (no indent), right below it, and is not a heading."""
        height = (previous["bottom"] - previous["top"]) or self.char
        return (
            previous["x1"] >= self.right - 2 * self.char
            and line["x0"] <= self.left + 0.5 * self.char
            and 0 < line["top"] - previous["top"] <= 2.5 * height
            and not _PARAGRAPH_START.match(line["text"])
        )


class _PdfReader:
    def __init__(self) -> None:
        self.builder = DocumentBuilder()
        self.tables = 0
        self.chars = 0

    def page(self, page, number: int) -> None:
        self.chars += len(page.chars)
        if not page.chars:
            return
        tables = page.find_tables(_TABLE_SETTINGS)
        text_page = page
        for table in tables:
            text_page = text_page.outside_bbox(table.bbox)
        items: list[tuple[float, int, Any]] = [(t.bbox[1], 1, t) for t in tables]
        lines = text_page.extract_text_lines(return_chars=True)
        items += [(line["top"], 0, line) for line in lines]
        items.sort(key=lambda item: (item[0], item[1]))
        margins = _Margins.of(lines)
        paragraph: list[tuple[dict, str]] = []  # wrapped lines of one paragraph, with their prov
        line_no = 0
        for _, kind, item in items:
            if kind == 1:
                self.paragraph(paragraph)
                self.table(item, number)
                continue
            line_no += 1
            prov = f"page {number} line {line_no}"
            pieces = _split_by_gaps(item.get("chars", []))
            if len(pieces) >= 2:  # an unruled table row
                self.paragraph(paragraph)
                self.builder.add_row([RawCell(p, -1) for p in pieces], prov)
            elif paragraph and margins.continues(paragraph[-1][0], item):
                paragraph.append((item, prov))
            else:
                self.paragraph(paragraph)
                paragraph.append((item, prov))
        self.paragraph(paragraph)

    def paragraph(self, lines: list[tuple[dict, str]]) -> None:
        """One Line for the lines of a paragraph that the page width wrapped (a figure such
        as 1025条 may be cut across two lines); prov is the first line's."""
        if not lines:
            return
        text = ""
        for line, _ in lines:
            piece = clean_cell_text(line["text"])
            glue = (
                " "
                if text[-1:].isascii() and text[-1:].isalpha() and piece[:1].isascii() and piece[:1].isalpha()
                else ""
            )
            text = text + glue + piece if text else piece
        self.builder.add_text(text, lines[0][1])
        lines.clear()

    def table(self, table, page_no: int) -> None:
        self.tables += 1
        columns = _grid_columns(table)
        for r, cells in enumerate(_table_rows(table, columns), start=1):
            if len(cells) >= 2 or any(c.text.strip() for c in cells):  # blank rows are rows of zeros
                self.builder.add_row(cells, f"page {page_no} table {self.tables} row {r}")


def _title(pdf) -> str:
    title = (pdf.metadata or {}).get("Title", "")
    if isinstance(title, bytes):
        title = title.decode("utf-8", "replace")
    return clean_cell_text(str(title)) if title else ""


def _pdf_failure(exc: Exception) -> str:
    """A reason for the officer; pdfplumber wraps pdfminer's exception in PdfminerException."""
    while exc.args and isinstance(exc.args[0], Exception):
        exc = exc.args[0]
    if "Password" in type(exc).__name__ or "Encrypt" in type(exc).__name__:
        return "encrypted PDF (password protected): cannot read its text"
    detail = str(exc) or type(exc).__name__
    return f"damaged or truncated PDF: {detail}"[:300]


def read_pdf(data: bytes, name: str, limits: ExtractLimits) -> Document:
    _check_complete(data)
    reader = _PdfReader()
    try:
        with stream_budget(limits), pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.max_pdf_pages:
                raise RejectedInput(
                    f"PDF has {len(pdf.pages)} pages, over the limit of {limits.max_pdf_pages}"
                )
            title = _title(pdf)
            for number, page in enumerate(pdf.pages, start=1):
                reader.page(page, number)
                page.close()  # frees the page's parsed objects: memory stays flat on long PDFs
                if over := exceeded():  # pdfminer may have swallowed the RejectedInput
                    raise RejectedInput(over)
    except RejectedInput:
        raise
    except Exception as exc:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError …)
        cause = exc
        while cause.args and isinstance(cause.args[0], Exception):
            cause = cause.args[0]
        if isinstance(cause, RejectedInput):  # a stream cap, wrapped by pdfplumber
            raise RejectedInput(cause.reason) from None
        raise RejectedInput(_pdf_failure(exc)) from None
    if reader.chars == 0:
        raise RejectedInput("no text layer: scanned/image-only PDF (OCR is out of scope)")
    return reader.builder.build(data, name, "pdf", title=title)
