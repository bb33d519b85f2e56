"""DOCX attachments: body paragraphs and tables interleaved in document order.

Tables like HTML: one Line per row, one Cell per physical <w:tc> (a horizontally merged
cell, gridSpan, is one cell with its colspan; a vertically merged continuation, vMerge, is
not repeated), ``Cell.col`` = 0-based grid column (gridBefore and spans counted).
"""

from __future__ import annotations

import io
import zipfile

import docx
from docx.oxml.ns import qn

from pipelines.errors import RejectedInput
from pipelines.extract.builder import DocumentBuilder, RawCell, clean_cell_text
from pipelines.extract.limits import ExtractLimits, size_text
from pipelines.model import Document

_OLE_MAGIC = b"\xd0\xcf\x11\xe0"
_P, _TBL, _SDT, _SDT_CONTENT = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:sdtContent")
_TR, _TC, _TC_PR, _TR_PR = qn("w:tr"), qn("w:tc"), qn("w:tcPr"), qn("w:trPr")
_VAL = qn("w:val")
_TEXT_TAGS = (qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr"))


def _check_package(data: bytes, limits: ExtractLimits) -> None:
    """A DOCX is a zip holding word/document.xml; refuse anything else before parsing."""
    if data.startswith(_OLE_MAGIC):
        raise RejectedInput("not a valid DOCX file: it is an old binary .doc (save it as .docx)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise RejectedInput(f"not a valid DOCX file: not a zip package ({exc})") from None
    if not any(i.filename == "word/document.xml" for i in infos):
        raise RejectedInput("not a valid DOCX file: word/document.xml is missing")
    unpacked = sum(i.file_size for i in infos)
    if unpacked > limits.max_docx_unpacked_bytes:
        raise RejectedInput(
            f"not a valid DOCX file: unpacks to {size_text(unpacked)}, "
            f"over the {size_text(limits.max_docx_unpacked_bytes)} limit"
        )
    # python-docx parses every XML part into a tree (~20× its size): cap them before it does.
    # The declared sizes are hard caps: zipfile never inflates a member past its declared size.
    xml_parts = [i for i in infos if i.filename.lower().endswith((".xml", ".rels"))]
    for info in xml_parts:
        if info.file_size > limits.max_docx_xml_bytes:
            raise RejectedInput(
                f"DOCX part {info.filename} unpacks to {size_text(info.file_size)}, "
                f"over the {size_text(limits.max_docx_xml_bytes)} limit for one XML part"
            )
    xml_total = sum(i.file_size for i in xml_parts)
    if xml_total > limits.max_docx_xml_total_bytes:
        raise RejectedInput(
            f"DOCX XML parts unpack to {size_text(xml_total)}, "
            f"over the {size_text(limits.max_docx_xml_total_bytes)} limit"
        )


def paragraph_text(p) -> str:
    """Visible text of a <w:p> (deleted revisions are <w:delText> and stay out)."""
    parts = []
    for el in p.iter(*_TEXT_TAGS):
        parts.append((el.text or "") if el.tag == _TEXT_TAGS[0] else " ")
    return "".join(parts)


def _int_val(parent, tag: str, default: int) -> int:
    el = parent.find(qn(tag)) if parent is not None else None
    try:
        return max(1, int(el.get(_VAL))) if el is not None else default
    except (TypeError, ValueError):
        return default


def _is_continuation(tc_pr) -> bool:
    """A cell that continues a vertical (vMerge) or legacy horizontal (hMerge) merge."""
    if tc_pr is None:
        return False
    for tag in ("w:vMerge", "w:hMerge"):
        el = tc_pr.find(qn(tag))
        if el is not None and el.get(_VAL) in (None, "continue"):
            return True
    return False


def _row_cells(tr) -> list[RawCell]:
    tr_pr = tr.find(_TR_PR)
    col = _int_val(tr_pr, "w:gridBefore", 0) if tr_pr is not None else 0
    cells: list[RawCell] = []
    for tc in tr.iter(_TC):
        if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
            continue  # a cell of a table nested in this row: part of its cell's text
        tc_pr = tc.find(_TC_PR)
        span = _int_val(tc_pr, "w:gridSpan", 1)
        if not _is_continuation(tc_pr):
            text = clean_cell_text(" ".join(paragraph_text(p) for p in tc.iter(_P)))
            cells.append(RawCell(text, col, span))
        col += span
    return cells


class _BodyReader:
    def __init__(self) -> None:
        self.builder = DocumentBuilder()
        self.tables = 0

    def block(self, el) -> None:
        if el.tag == _P:
            text = clean_cell_text(paragraph_text(el))
            if text:
                self.builder.add_text(text)
        elif el.tag == _TBL:
            self.table(el)
        elif el.tag == _SDT:  # content control: its blocks are ordinary body blocks
            content = el.find(_SDT_CONTENT)
            for child in content if content is not None else ():
                self.block(child)

    def table(self, tbl) -> None:
        self.tables += 1
        for r, tr in enumerate(tbl.findall(_TR), start=1):
            cells = _row_cells(tr)
            if len(cells) >= 2 or any(c.text.strip() for c in cells):  # blank rows are rows of zeros
                self.builder.add_row(cells, f"table {self.tables} row {r}")


def read_docx(data: bytes, name: str, limits: ExtractLimits) -> Document:
    _check_package(data, limits)
    try:
        document = docx.Document(io.BytesIO(data))
        title = clean_cell_text(document.core_properties.title or "")
        body = document.element.body
    except Exception as exc:  # python-docx / lxml on a broken package
        raise RejectedInput(f"not a valid DOCX file: {type(exc).__name__}: {exc}"[:300]) from None
    reader = _BodyReader()
    for child in body.iterchildren():
        reader.block(child)
    return reader.builder.build(data, name, "docx", title=title)
