"""PDF attachments: text layer in reading order, ruled tables rebuilt as grid rows.

Per page, tables are found from their ruling lines (pdfplumber, lines strategy); each table
row becomes one Line with cells (prov 'page P table T row R col C', T counted over the whole
document so a table continued on the next page simply continues). Text outside the tables is
read line by line (prov 'page P line L'); a line whose pieces are far apart (an unruled table
row) gets one cell per piece with an unknown column. A PDF without any text characters is a
scan: rejected, OCR is out of scope.
"""

from __future__ import annotations

import io
import logging
import statistics

import pdfplumber

from pipelines.errors import RejectedInput
from pipelines.extract.builder import DocumentBuilder, RawCell, clean_cell_text
from pipelines.extract.limits import ExtractLimits
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
        items: list[tuple[float, int, object]] = [(t.bbox[1], 1, t) for t in tables]
        items += [(line["top"], 0, line) for line in text_page.extract_text_lines(return_chars=True)]
        items.sort(key=lambda item: (item[0], item[1]))
        line_no = 0
        for _, kind, item in items:
            if kind == 1:
                self.table(item, number)
            else:
                line_no += 1
                self.text_line(item, f"page {number} line {line_no}")

    def table(self, table, page_no: int) -> None:
        self.tables += 1
        columns = _grid_columns(table)
        for r, cells in enumerate(_table_rows(table, columns), start=1):
            if any(c.text.strip() for c in cells):
                self.builder.add_row(cells, f"page {page_no} table {self.tables} row {r}")

    def text_line(self, line: dict, prov: str) -> None:
        pieces = _split_by_gaps(line.get("chars", []))
        if len(pieces) >= 2:
            self.builder.add_row([RawCell(p, -1) for p in pieces], prov)
        else:
            self.builder.add_text(clean_cell_text(line["text"]), prov)


def _title(pdf) -> str:
    title = (pdf.metadata or {}).get("Title", "")
    if isinstance(title, bytes):
        title = title.decode("utf-8", "replace")
    return clean_cell_text(str(title)) if title else ""


def read_pdf(data: bytes, name: str, limits: ExtractLimits) -> Document:
    _check_complete(data)
    reader = _PdfReader()
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > limits.max_pdf_pages:
                raise RejectedInput(
                    f"PDF has {len(pdf.pages)} pages, over the limit of {limits.max_pdf_pages}"
                )
            title = _title(pdf)
            for number, page in enumerate(pdf.pages, start=1):
                reader.page(page, number)
                page.close()  # frees the page's parsed objects: memory stays flat on long PDFs
    except RejectedInput:
        raise
    except Exception as exc:  # pdfminer raises many kinds (PSEOF, PDFSyntaxError, KeyError …)
        reason = "encrypted PDF (password protected)" if "Password" in type(exc).__name__ else None
        raise RejectedInput(
            reason or f"damaged or truncated PDF: {type(exc).__name__}: {exc}"[:300]
        ) from None
    if reader.chars == 0:
        raise RejectedInput("no text layer: scanned/image-only PDF (OCR is out of scope)")
    return reader.builder.build(data, name, "pdf", title=title)
