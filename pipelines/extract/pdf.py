"""PDF attachments: text layer in reading order, ruled tables rebuilt as grid rows (PDFium).

The text layer is read with PDFium (pypdfium2): every character with its box, every path
object (ruling lines, cell borders) with its bounds. The reading runs in a forked child with
a memory cap (``bounded.run_bounded``): a content stream that inflates to gigabytes costs
the child its life, not the ingest its memory.

Per page, tables are found from their ruling lines the way pdfplumber's "lines" strategy
does (edges snapped and joined, intersections, the smallest cells, cells sharing corners form
a table); each table row becomes one Line with cells (prov 'page P table T row R col C', T
counted over the whole document so a table continued on the next page simply continues).
Text outside the tables is read line by line (characters grouped by their line box, words
split at gaps; prov 'page P line L'); lines that the page width wrapped are joined back into
their paragraph (prov of its first line), and a line whose pieces are far apart (an unruled
table row) gets one cell per piece with an unknown column.

A page without a usable text layer — no characters, garbage characters (private-use glyphs,
mojibake, U+FFFD), or a page-sized picture with hardly any text on it — is rendered to a grey
image and read by OCR (``ocr.py``); its figures carry origin 'ocr'.
"""

from __future__ import annotations

import bisect
import ctypes
import re
import statistics
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pipelines.errors import RejectedInput
from pipelines.extract.builder import DocumentBuilder, RawCell, clean_cell_text
from pipelines.extract.limits import ExtractLimits
from pipelines.model import Document

_GAP_IN_CHARS = 1.8  # a gap wider than this many character widths separates two cells
_X_TOL = 3.0  # a gap wider than this (pt) separates two words (pdfplumber's x_tolerance)
_Y_TOL = 3.0  # line tops closer than this (pt) are one line
_SNAP = 3.0  # ruling lines this close are one line (pdfplumber's snap/join/intersection tolerance)
_THIN = 2.5  # a path object thinner than this (pt) is a ruling line

# Ops a page yields, replayed into a DocumentBuilder by the parent process:
#   ("text", text, prov) — a paragraph; ("cells", [(text, col, colspan)], prov) — an unruled
#   row (col -1); ("row", [(text, col, colspan)], page, table_on_page, row) — a ruled table row.
Op = tuple


def _check_complete(data: bytes) -> None:
    if not data.lstrip()[:5] == b"%PDF-":
        raise RejectedInput("damaged or truncated PDF: no %PDF header (not a PDF file)")
    if b"%%EOF" not in data[-2048:]:
        raise RejectedInput("damaged or truncated PDF: no end-of-file marker (the download was cut off?)")


# ---------------------------------------------------------------------------
# Characters and lines


@dataclass(slots=True)
class _Char:
    x0: float
    x1: float
    top: float
    bottom: float
    text: str


def _page_chars(textpage: Any, height: float) -> list[_Char]:
    """The page's printed characters (PDFium's generated spaces and line breaks left out) with
    their loose boxes, top-down coordinates (top = distance from the page top)."""
    import pypdfium2.raw as pdfium_c

    tp = textpage.raw
    n = pdfium_c.FPDFText_CountChars(tp)
    if n <= 0:
        return []
    text = textpage.get_text_range(0, n)
    if len(text) != n:  # characters outside the BMP: read them one by one
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(tp, i)) for i in range(n))
    rect = pdfium_c.FS_RECTF()
    rect_p = ctypes.byref(rect)
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    is_generated = pdfium_c.FPDFText_IsGenerated
    chars: list[_Char] = []
    for i, ch in enumerate(text):
        if ch in "\r\n\x00\ufffe":
            continue
        if ch.isspace() and is_generated(tp, i):
            continue
        if not loose_box(tp, i, rect_p):
            continue
        chars.append(_Char(rect.left, rect.right, height - rect.top, height - rect.bottom, ch))
    return chars


def _cluster_lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines by their tops (chained within _Y_TOL), each line left to right."""
    if not chars:
        return []
    ordered = sorted(chars, key=lambda c: c.top)
    lines: list[list[_Char]] = [[ordered[0]]]
    last_top = ordered[0].top
    for char in ordered[1:]:
        if char.top - last_top > _Y_TOL:
            lines.append([])
        lines[-1].append(char)
        last_top = char.top
    for line in lines:
        line.sort(key=lambda c: c.x0)
    return lines


def _words_text(chars: list[_Char]) -> tuple[str, list[_Char]]:
    """The line's text (words split at blanks and gaps wider than _X_TOL, joined by one space)
    and its printed (non-blank) characters."""
    out: list[str] = []
    printed: list[_Char] = []
    prev: _Char | None = None
    blank = False
    for char in chars:
        if char.text.isspace():
            blank = True
            continue
        if prev is not None and (blank or char.x0 > prev.x1 + _X_TOL or char.x0 < prev.x0):
            out.append(" ")
        out.append(char.text)
        printed.append(char)
        prev, blank = char, False
    return "".join(out), printed


def _split_by_gaps(chars: list[_Char]) -> list[str]:
    """Pieces of one text line separated by wide horizontal gaps (an unruled table row)."""
    if not chars:
        return []
    width = statistics.median(c.x1 - c.x0 for c in chars) or 1.0
    pieces: list[list[str]] = [[chars[0].text]]
    for prev, char in zip(chars, chars[1:], strict=False):
        if char.x0 - prev.x1 > _GAP_IN_CHARS * width:
            pieces.append([])
        pieces[-1].append(char.text)
    return [clean_cell_text("".join(p)) for p in pieces if clean_cell_text("".join(p))]


@dataclass(slots=True)
class _TextLine:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    chars: list[_Char]


def _text_lines(chars: list[_Char]) -> list[_TextLine]:
    lines = []
    for group in _cluster_lines(chars):
        text, printed = _words_text(group)
        if not printed:
            continue
        lines.append(
            _TextLine(
                text,
                min(c.x0 for c in printed),
                max(c.x1 for c in printed),
                min(c.top for c in printed),
                max(c.bottom for c in printed),
                printed,
            )
        )
    return lines


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
    def of(cls, lines: list[_TextLine]) -> _Margins:
        chars = [c for line in lines for c in line.chars]
        if not lines or not chars:
            return cls(0.0, 0.0, 1.0)
        width = statistics.median(c.x1 - c.x0 for c in chars) or 1.0
        return cls(min(line.x0 for line in lines), max(line.x1 for line in lines), width)

    def continues(self, previous: _TextLine, line: _TextLine) -> bool:
        """The previous line ran to the right margin, this one starts at the left margin
        (no indent), right below it, and is not a heading."""
        height = (previous.bottom - previous.top) or self.char
        return (
            previous.x1 >= self.right - 2 * self.char
            and line.x0 <= self.left + 0.5 * self.char
            and 0 < line.top - previous.top <= 2.5 * height
            and not _PARAGRAPH_START.match(line.text)
        )


def _paragraph_text(lines: list[_TextLine]) -> str:
    """One text for the lines of a paragraph that the page width wrapped (a figure such as
    1025条 may be cut across two lines)."""
    text = ""
    for line in lines:
        piece = clean_cell_text(line.text)
        glue = (
            " "
            if text[-1:].isascii() and text[-1:].isalpha() and piece[:1].isascii() and piece[:1].isalpha()
            else ""
        )
        text = text + glue + piece if text else piece
    return text


# ---------------------------------------------------------------------------
# Ruling lines and tables


@dataclass(slots=True)
class _Edge:
    pos: float  # y of a horizontal edge, x of a vertical one
    start: float  # x0 / top
    end: float  # x1 / bottom


def _page_edges(page: Any, width: float, height: float) -> tuple[list[_Edge], list[_Edge]]:
    """Horizontal and vertical edges of the page's path objects: thin paths are ruling
    lines, rectangles give their four sides (a page-sized frame or background is left out)."""
    import pypdfium2.raw as pdfium_c

    raw_page = page.raw
    count = pdfium_c.FPDFPage_CountObjects(raw_page)
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    refs = (ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top))
    horizontal: list[_Edge] = []
    vertical: list[_Edge] = []
    for i in range(count):
        obj = pdfium_c.FPDFPage_GetObject(raw_page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_PATH:
            continue
        if not pdfium_c.FPDFPageObj_GetBounds(obj, *refs):
            continue
        x0, x1 = left.value, right.value
        y0, y1 = height - top.value, height - bottom.value  # top-down
        w, h = x1 - x0, y1 - y0
        if h <= _THIN and w > h:
            horizontal.append(_Edge((y0 + y1) / 2, x0, x1))
        elif w <= _THIN and h > w:
            vertical.append(_Edge((x0 + x1) / 2, y0, y1))
        elif w >= 0.8 * width and h >= 0.8 * height:
            continue  # page frame or background
        elif pdfium_c.FPDFPath_CountSegments(obj) <= 6:  # a rectangle: its four sides
            horizontal += [_Edge(y0, x0, x1), _Edge(y1, x0, x1)]
            vertical += [_Edge(x0, y0, y1), _Edge(x1, y0, y1)]
    return horizontal, vertical


def _merge_edges(edges: list[_Edge], tol: float = _SNAP) -> list[_Edge]:
    """Snap edges whose positions are within _SNAP to their mean, then join collinear pieces
    that touch or overlap (within _SNAP); drop pieces shorter than _SNAP."""
    if not edges:
        return []
    edges = sorted(edges, key=lambda e: e.pos)
    clusters: list[list[_Edge]] = [[edges[0]]]
    for edge in edges[1:]:
        if edge.pos - clusters[-1][-1].pos <= tol:
            clusters[-1].append(edge)
        else:
            clusters.append([edge])
    merged: list[_Edge] = []
    for cluster in clusters:
        pos = sum(e.pos for e in cluster) / len(cluster)
        pieces = sorted(cluster, key=lambda e: e.start)
        cur = _Edge(pos, pieces[0].start, pieces[0].end)
        for edge in pieces[1:]:
            if edge.start <= cur.end + tol:
                cur.end = max(cur.end, edge.end)
            else:
                merged.append(cur)
                cur = _Edge(pos, edge.start, edge.end)
        merged.append(cur)
    return [e for e in merged if e.end - e.start >= tol]


@dataclass(slots=True)
class _Cell:
    x0: float
    top: float
    x1: float
    bottom: float


def _find_cells(horizontal: list[_Edge], vertical: list[_Edge], tol: float = _SNAP) -> list[_Cell]:
    """The smallest cells whose four corners are intersections joined by edges."""
    # intersection point → (ids of vertical edges, ids of horizontal edges) through it
    points: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for vi, v in enumerate(vertical):
        for hi, h in enumerate(horizontal):
            if v.start - tol <= h.pos <= v.end + tol and h.start - tol <= v.pos <= h.end + tol:
                entry = points.setdefault((v.pos, h.pos), (set(), set()))
                entry[0].add(vi)
                entry[1].add(hi)
    if not points:
        return []
    by_x: dict[float, list[float]] = {}
    by_y: dict[float, list[float]] = {}
    for x, y in points:
        by_x.setdefault(x, []).append(y)
        by_y.setdefault(y, []).append(x)
    for values in (*by_x.values(), *by_y.values()):
        values.sort()

    def v_connected(x: float, y0: float, y1: float) -> bool:
        return bool(points[(x, y0)][0] & points[(x, y1)][0])

    def h_connected(y: float, x0: float, x1: float) -> bool:
        return bool(points[(x0, y)][1] & points[(x1, y)][1])

    cells: list[_Cell] = []
    for x, y in sorted(points):
        ys = by_x[x]
        xs = by_y[y]
        below = ys[bisect.bisect_right(ys, y) :]
        right = xs[bisect.bisect_right(xs, x) :]
        found = None
        for by in below:
            if not v_connected(x, y, by):
                continue
            for rx in right:
                if not h_connected(y, x, rx):
                    continue
                if (rx, by) in points and v_connected(rx, y, by) and h_connected(by, x, rx):
                    found = _Cell(x, y, rx, by)
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def _group_tables(cells: list[_Cell]) -> list[list[_Cell]]:
    """Cells that share a corner belong to one table; tables top to bottom."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, c in enumerate(cells):
        for corner in ((c.x0, c.top), (c.x1, c.top), (c.x0, c.bottom), (c.x1, c.bottom)):
            j = owner.setdefault(corner, i)
            if j != i:
                parent[find(i)] = find(j)
    groups: dict[int, list[_Cell]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(find(i), []).append(c)
    tables = [g for g in groups.values() if len(g) >= 2]  # one boxed paragraph is no table
    tables.sort(key=lambda g: (min(c.top for c in g), min(c.x0 for c in g)))
    return tables


@dataclass
class _Table:
    cells: list[_Cell]
    x0: float
    top: float
    x1: float
    bottom: float

    @classmethod
    def of(cls, cells: list[_Cell]) -> _Table:
        return cls(
            cells,
            min(c.x0 for c in cells),
            min(c.top for c in cells),
            max(c.x1 for c in cells),
            max(c.bottom for c in cells),
        )

    def holds(self, char: _Char) -> bool:
        return self.x0 <= (char.x0 + char.x1) / 2 <= self.x1 and self.top <= (char.top + char.bottom) / 2 <= self.bottom

    def rows(self, chars: list[_Char]) -> list[list[RawCell]]:
        """Rows top to bottom; a cell's column is the index of its left edge among the left
        edges of all cells; a cell covered by a merged cell (colspan to its left, rowspan
        above) is simply absent from its row."""
        columns = sorted({c.x0 for c in self.cells})
        xs = sorted({v for c in self.cells for v in (c.x0, c.x1)})
        ys = sorted({v for c in self.cells for v in (c.top, c.bottom)})
        slot_owner: dict[tuple[int, int], int] = {}
        for k, c in enumerate(self.cells):
            for i in range(xs.index(c.x0), xs.index(c.x1)):
                for j in range(ys.index(c.top), ys.index(c.bottom)):
                    slot_owner.setdefault((i, j), k)
        texts: list[list[_Char]] = [[] for _ in self.cells]
        for char in chars:
            i = bisect.bisect_right(xs, (char.x0 + char.x1) / 2) - 1
            j = bisect.bisect_right(ys, (char.top + char.bottom) / 2) - 1
            owner = slot_owner.get((i, j))
            if owner is not None:
                texts[owner].append(char)
        by_top: dict[float, list[int]] = {}
        for k, c in enumerate(self.cells):
            by_top.setdefault(c.top, []).append(k)
        rows: list[list[RawCell]] = []
        for top in sorted(by_top):
            row: list[RawCell] = []
            for k in sorted(by_top[top], key=lambda k: self.cells[k].x0):
                c = self.cells[k]
                text = " ".join(_words_text(line)[0] for line in _cluster_lines(texts[k]))
                colspan = max(1, sum(1 for x in columns if c.x0 <= x < c.x1 - 0.5))
                row.append(RawCell(clean_cell_text(text), columns.index(c.x0), colspan))
            rows.append(row)
        return rows


def _page_tables(page: Any, width: float, height: float) -> list[_Table]:
    horizontal, vertical = _page_edges(page, width, height)
    if not horizontal or not vertical:
        return []
    cells = _find_cells(_merge_edges(horizontal), _merge_edges(vertical))
    return [_Table.of(group) for group in _group_tables(cells)]


# ---------------------------------------------------------------------------
# A page's text layer → ops, or the verdict that it needs OCR


_PRIVATE_USE = re.compile("[\ue000-\uf8ff\ufffd\x00-\x08\x0e-\x1f]")
# Mojibake of GBK/UTF-8 read as Latin-1 or cp1252: accented Latin letters and symbols where a
# Chinese report prints none.
_MOJIBAKE = re.compile("[\u00c0-\u024f\u0080-\u00bf\u2500-\u259f]")
_MIN_CHARS_ON_PICTURE = 40  # a page-sized picture with fewer printed characters is a scan


def _garbage_share(chars: list[_Char]) -> float:
    text = "".join(c.text for c in chars if not c.text.isspace())
    if not text:
        return 1.0
    return (len(_PRIVATE_USE.findall(text)) + len(_MOJIBAKE.findall(text))) / len(text)


def _picture_share(page: Any, width: float, height: float) -> float:
    """Share of the page area covered by its largest image."""
    import pypdfium2.raw as pdfium_c

    raw_page = page.raw
    left, bottom, right, top = ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float()
    best = 0.0
    for i in range(pdfium_c.FPDFPage_CountObjects(raw_page)):
        obj = pdfium_c.FPDFPage_GetObject(raw_page, i)
        if pdfium_c.FPDFPageObj_GetType(obj) != pdfium_c.FPDF_PAGEOBJ_IMAGE:
            continue
        if pdfium_c.FPDFPageObj_GetBounds(
            obj, ctypes.byref(left), ctypes.byref(bottom), ctypes.byref(right), ctypes.byref(top)
        ):
            area = max(0.0, min(right.value, width) - max(left.value, 0.0)) * max(
                0.0, min(top.value, height) - max(bottom.value, 0.0)
            )
            best = max(best, area / max(width * height, 1.0))
    return best


def needs_ocr(chars: list[_Char], picture_share: float) -> str | None:
    """Why the page's text layer is not usable (None when it is)."""
    printed = sum(1 for c in chars if not c.text.isspace())
    if printed == 0:
        return "no text layer"
    if _garbage_share(chars) > 0.2:
        return "garbage text layer"
    if picture_share >= 0.5 and printed < _MIN_CHARS_ON_PICTURE:
        return "picture with hardly any text"
    return None


def _page_ops(page: Any, number: int, chars: list[_Char], width: float, height: float) -> list[Op]:
    tables = _page_tables(page, width, height)
    text_chars = chars
    table_chars: list[list[_Char]] = [[] for _ in tables]
    if tables:
        text_chars = []
        for char in chars:
            for k, table in enumerate(tables):
                if table.holds(char):
                    table_chars[k].append(char)
                    break
            else:
                text_chars.append(char)
    lines = _text_lines(text_chars)
    items: list[tuple[float, int, Any]] = [(t.top, 1, k) for k, t in enumerate(tables)]
    items += [(line.top, 0, line) for line in lines]
    items.sort(key=lambda item: (item[0], item[1]))
    margins = _Margins.of(lines)
    ops: list[Op] = []
    paragraph: list[tuple[_TextLine, str]] = []

    def flush() -> None:
        if paragraph:
            ops.append(("text", _paragraph_text([line for line, _ in paragraph]), paragraph[0][1]))
            paragraph.clear()

    line_no = 0
    table_no = 0
    for _, kind, item in items:
        if kind == 1:
            flush()
            table_no += 1
            for r, cells in enumerate(tables[item].rows(table_chars[item]), start=1):
                if len(cells) >= 2 or any(c.text.strip() for c in cells):  # blank rows are rows of zeros
                    ops.append(("row", [(c.text, c.col, c.colspan) for c in cells], number, table_no, r))
            continue
        line_no += 1
        prov = f"page {number} line {line_no}"
        pieces = _split_by_gaps(item.chars)
        if len(pieces) >= 2:  # an unruled table row
            flush()
            ops.append(("cells", [(p, -1, 1) for p in pieces], prov))
        elif paragraph and margins.continues(paragraph[-1][0], item):
            paragraph.append((item, prov))
        else:
            flush()
            paragraph.append((item, prov))
    flush()
    return ops


@dataclass
class _TextLayer:
    title: str
    pages: int
    ops: list[Op]
    scans: list[tuple[int, str]]  # (page number, why) of pages to OCR


def _pdf_failure(exc: Exception) -> str:
    text = str(exc)
    if "password" in text.lower() or "security" in text.lower():
        return "encrypted PDF (password protected): cannot read its text"
    detail = text or type(exc).__name__
    return f"damaged or truncated PDF: {detail}"[:300]


def _open(data: bytes) -> Any:
    import pypdfium2 as pdfium

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        raise RejectedInput(_pdf_failure(exc)) from None


def _read_text_layer(data: bytes, max_pages: int) -> _TextLayer:
    """Runs in the bounded child: the whole text layer as ops, and the pages to OCR."""
    pdf = _open(data)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise RejectedInput("damaged or truncated PDF: no pages")
        if n_pages > max_pages:
            raise RejectedInput(f"PDF has {n_pages} pages, over the limit of {max_pages}")
        title = clean_cell_text(pdf.get_metadata_value("Title") or "")
        ops: list[Op] = []
        scans: list[tuple[int, str]] = []
        for number in range(1, n_pages + 1):
            page = pdf[number - 1]
            try:
                width, height = page.get_size()
                textpage = page.get_textpage()
                try:
                    chars = _page_chars(textpage, height)
                finally:
                    textpage.close()
                why = needs_ocr(chars, _picture_share(page, width, height))
                if why:
                    scans.append((number, why))
                    ops.append(("scan", number))
                else:
                    ops += _page_ops(page, number, chars, width, height)
            finally:
                page.close()
        return _TextLayer(title, n_pages, ops, scans)
    finally:
        pdf.close()


def _render_page(data: bytes, number: int, dpi: float, max_pixels: int) -> tuple[int, int, bytes]:
    """Runs in the bounded child: page ``number`` as 8-bit grey pixels (width, height, bytes)."""
    pdf = _open(data)
    try:
        page = pdf[number - 1]
        width, height = page.get_size()
        scale = dpi / 72
        if width * height * scale * scale > max_pixels:
            scale = (max_pixels / max(width * height, 1.0)) ** 0.5
        bitmap = page.render(scale=scale, grayscale=True)
        array = bitmap.to_numpy()
        if array.ndim == 3:
            array = array[..., 0]
        h, w = array.shape
        return w, h, array.tobytes()
    finally:
        pdf.close()


# ---------------------------------------------------------------------------


def _scanned_pages(data: bytes, name: str, layer: _TextLayer, limits: ExtractLimits) -> Iterator[Any]:
    """The pages without a usable text layer, rendered one by one (each in the bounded
    child) and read by OCR a few at a time (ocr.read_pages)."""
    from pipelines.extract import ocr
    from pipelines.extract.bounded import run_bounded

    def pictures() -> Iterator[Any]:
        for number, _why in layer.scans:
            width, height, pixels = run_bounded(
                _render_page,
                data,
                number,
                ocr.SCAN_DPI,
                limits.max_image_pixels,
                memory_bytes=limits.max_pdf_memory_bytes,
                timeout_s=limits.pdf_timeout_s,
            )
            yield ocr.grey_array(pixels, width, height)

    return ocr.read_pages(pictures(), name, len(layer.scans))


def read_pdf(data: bytes, name: str, limits: ExtractLimits) -> Document:
    from pipelines.extract.bounded import run_bounded

    _check_complete(data)
    import pypdfium2  # noqa: F401 - imported before the fork, so the child does not import

    layer = run_bounded(
        _read_text_layer,
        data,
        limits.max_pdf_pages,
        memory_bytes=limits.max_pdf_memory_bytes,
        timeout_s=limits.pdf_timeout_s,
    )
    from pipelines.extract import ocr

    if layer.scans:
        ocr.defer_if_asked()  # the ingest reads scans after the text-layer files
    builder = DocumentBuilder()
    tables: dict[tuple[int, int], int] = {}
    confidence: dict[str, float] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    scanned: Iterator[ocr.OcrPage] | None = None  # the scanned pages read by OCR, in order
    for op in layer.ops:
        kind = op[0]
        if kind == "text":
            builder.add_text(op[1], op[2])
        elif kind == "cells":
            builder.add_row([RawCell(t, c, s) for t, c, s in op[1]], op[2])
        elif kind == "row":
            _, cells, page_no, table_no, row_no = op
            number = tables.setdefault((page_no, table_no), len(tables) + 1)
            builder.add_row([RawCell(t, c, s) for t, c, s in cells], f"page {page_no} table {number} row {row_no}")
        elif kind == "scan":
            if scanned is None:
                scanned = _scanned_pages(data, name, layer, limits)
            ocr.add_page(builder, next(scanned), op[1], tables, confidence, boxes)
    if not len(builder) and layer.scans:
        raise RejectedInput("scanned/image-only PDF: OCR found no text on its pages")
    doc = builder.build(data, name, "pdf", title=layer.title)
    doc.ocr_confidence = confidence
    doc.ocr_boxes = boxes
    return doc
