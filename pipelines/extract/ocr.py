"""OCR of scanned pages: PDF pages without a usable text layer, and .jpg/.png/.tif files.

Engine: RapidOCR (Apache-2.0) on onnxruntime (MIT) with the PP-OCRv6 small detection and
recognition models that ship inside the ``rapidocr`` wheel (Apache-2.0, PaddleOCR): nothing
is downloaded at run time.

Layout from the boxes the engine returns (one box per run of text, with its recognition
score):
- the page's skew is measured from the boxes' top edges and taken out (box corners and the
  picture are turned back by the same angle);
- ruling lines are found in the picture (long thin runs of dark pixels, by morphological
  opening) and turned into cells exactly as for a PDF's ruling lines (``pdf._find_cells``):
  each box goes to the cell under its centre, rows top to bottom, columns from the cells'
  left edges, merged header cells with their colspan;
- boxes outside tables form lines by their baseline; a line whose boxes are far apart is an
  unruled table row (one cell per box, column unknown), else a text line.

Every line and cell keeps the lowest recognition score of its boxes
(``Document.ocr_confidence``, by provenance). ``mark_figures`` then stores the figures read
from them with ``origin = 'ocr'`` and that confidence, and drops a figure whose digits were
read with less than ``MIN_DIGIT_CONFIDENCE``: a missing figure is better than a wrong one.
"""

from __future__ import annotations

import io
import math
import os
import re
import statistics
import sys
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from pipelines import settings
from pipelines.errors import RejectedInput
from pipelines.extract.builder import DocumentBuilder, RawCell, clean_cell_text
from pipelines.extract.limits import ExtractLimits
from pipelines.model import Document

SCAN_DPI = 200  # PDF pages are rendered at this resolution for OCR
MIN_DIGIT_CONFIDENCE = 0.9  # figures whose box scored lower are not emitted
_MIN_BOX_SCORE = 0.5  # boxes below this are noise (speckles read as text)
_DET_SIDE = 1600  # the detector sees the page scaled to this longest side
_MAX_SIDE = 2400  # pictures are scaled down to this longest side before OCR (≈ 200 dpi A4)

ProgressHook = Callable[[str, int, int], None]
_progress: ProgressHook | None = None


def set_progress(hook: ProgressHook | None) -> None:
    """Called as hook(file name, page, pages) before each page is read by OCR."""
    global _progress
    _progress = hook


def report_progress(name: str, page: int, pages: int) -> None:
    if _progress is not None:
        _progress(name, page, pages)
    elif sys.stderr.isatty():
        short = name.replace("\\", "/").rsplit("/", 1)[-1]
        print(f"OCR {short}: page {page}/{pages}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Engine


_engine: Any = None


def _get_engine() -> Any:
    global _engine
    if _engine is None:
        import logging

        import onnxruntime
        from rapidocr import RapidOCR

        if "CPUExecutionProvider" not in onnxruntime.get_available_providers():
            raise RejectedInput("OCR engine unavailable: onnxruntime has no CPU provider")

        threads = settings.current().ocr_threads or (os.cpu_count() or 1)
        _engine = RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": False,  # pages come upright (a slight turn is handled below)
                "Det.limit_type": "max",
                "Det.limit_side_len": _DET_SIDE,
                "EngineConfig.onnxruntime.intra_op_num_threads": threads,
                "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            }
        )
        logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return _engine


@dataclass(slots=True)
class _Box:
    x0: float
    top: float
    x1: float
    bottom: float
    text: str
    score: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass
class OcrPage:
    boxes: list[_Box]
    lines: list[Any] = field(default_factory=list)  # filled by layout: ops for the builder
    tables: list[list[list[tuple[str, int, int, float]]]] = field(default_factory=list)


def grey_array(pixels: bytes, width: int, height: int) -> Any:
    import numpy as np

    return np.frombuffer(pixels, dtype=np.uint8).reshape(height, width)


def _skew(quads: list[Any]) -> float:
    """Median angle (radians) of the top edges of the wider boxes."""
    angles = []
    for q in quads:
        (x0, y0), (x1, y1) = q[0], q[1]
        if x1 - x0 > 60:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(angles) if angles else 0.0


def read_page(grey: Any, dpi: float = SCAN_DPI) -> OcrPage:
    """OCR one page picture (2-D uint8 array) into boxes and layout."""
    import numpy as np

    h, w = grey.shape
    scale = min(1.0, _MAX_SIDE / max(h, w))
    if scale < 1.0:
        import cv2

        grey = cv2.resize(grey, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
        h, w = grey.shape
    result = _get_engine()(np.ascontiguousarray(np.stack([grey] * 3, axis=-1)))
    quads = list(result.boxes) if result.boxes is not None else []
    texts = list(result.txts or ())
    scores = list(result.scores or ())
    angle = _skew(quads)
    cos, sin = math.cos(-angle), math.sin(-angle)
    cx, cy = w / 2, h / 2

    def turn(x: float, y: float) -> tuple[float, float]:
        dx, dy = x - cx, y - cy
        return cx + dx * cos - dy * sin, cy + dx * sin + dy * cos

    boxes = []
    for quad, text, score in zip(quads, texts, scores, strict=False):
        text = clean_cell_text(str(text))
        if not text or float(score) < _MIN_BOX_SCORE:
            continue
        pts = [turn(float(x), float(y)) for x, y in quad]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        boxes.append(_Box(min(xs), min(ys), max(xs), max(ys), text, float(score)))
    page = OcrPage(boxes)
    _layout(page, grey, angle)
    return page


# ---------------------------------------------------------------------------
# Ruling lines in the picture → cells; boxes → rows


def _picture_edges(grey: Any, angle: float) -> tuple[list[Any], list[Any]]:
    """Horizontal and vertical ruling lines of the (de-skewed) picture as pdf._Edge."""
    import cv2
    import numpy as np

    from pipelines.extract.pdf import _Edge

    h, w = grey.shape
    if abs(angle) > 0.0005:
        matrix = cv2.getRotationMatrix2D((w / 2, h / 2), math.degrees(angle), 1.0)
        grey = cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)
    dark = (grey < 160).astype(np.uint8) * 255
    unit = max(20, w // 40)
    horizontal: list[Any] = []
    vertical: list[Any] = []
    for kernel, out, is_h in (
        (cv2.getStructuringElement(cv2.MORPH_RECT, (unit, 1)), horizontal, True),
        (cv2.getStructuringElement(cv2.MORPH_RECT, (1, unit)), vertical, False),
    ):
        lines = cv2.morphologyEx(dark, cv2.MORPH_OPEN, kernel)
        lines = cv2.dilate(lines, cv2.getStructuringElement(cv2.MORPH_RECT, (3, 3)))
        n, _, stats, _ = cv2.connectedComponentsWithStats(lines, connectivity=8)
        for i in range(1, n):
            x, y, bw, bh, _ = stats[i]
            if is_h and bh <= 12 and bw >= unit:
                out.append(_Edge(y + bh / 2, float(x), float(x + bw)))
            elif not is_h and bw <= 12 and bh >= unit:
                out.append(_Edge(x + bw / 2, float(y), float(y + bh)))
    return horizontal, vertical


def _layout(page: OcrPage, grey: Any, angle: float) -> None:
    from pipelines.extract import pdf

    boxes = page.boxes
    tables: list[Any] = []
    horizontal, vertical = _picture_edges(grey, angle)
    if horizontal and vertical:
        tol = 8.0  # pixels at 200 dpi (PDF points use 3)
        cells = pdf._find_cells(pdf._merge_edges(horizontal, tol), pdf._merge_edges(vertical, tol), tol)
        tables = [pdf._Table.of(group) for group in pdf._group_tables(cells)]
    in_table: list[list[_Box]] = [[] for _ in tables]
    free: list[_Box] = []
    for box in boxes:
        for k, table in enumerate(tables):
            if table.x0 <= box.cx <= table.x1 and table.top <= box.cy <= table.bottom:
                in_table[k].append(box)
                break
        else:
            free.append(box)
    items: list[tuple[float, int, Any]] = [(t.top, 1, k) for k, t in enumerate(tables)]
    for line in _box_lines(free):
        items.append((min(b.top for b in line), 0, line))
    items.sort(key=lambda item: (item[0], item[1]))
    for _, kind, item in items:
        if kind == 1:
            page.lines.append(("table", _table_rows(tables[item], in_table[item])))
        else:
            page.lines.append(("line", item))


def _box_lines(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes grouped into lines by their vertical centre (within half a box height)."""
    if not boxes:
        return []
    height = statistics.median(b.bottom - b.top for b in boxes) or 1.0
    ordered = sorted(boxes, key=lambda b: b.cy)
    lines: list[list[_Box]] = [[ordered[0]]]
    for box in ordered[1:]:
        ref = statistics.mean(b.cy for b in lines[-1])
        if box.cy - ref > 0.5 * height:
            lines.append([])
        lines[-1].append(box)
    for line in lines:
        line.sort(key=lambda b: b.x0)
    return lines


def _table_rows(table: Any, boxes: list[_Box]) -> list[list[tuple[str, int, int, float]]]:
    """(text, col, colspan, confidence) per cell, rows top to bottom (as pdf._Table.rows)."""
    import bisect

    cells = table.cells
    columns = sorted({c.x0 for c in cells})
    xs = sorted({v for c in cells for v in (c.x0, c.x1)})
    ys = sorted({v for c in cells for v in (c.top, c.bottom)})
    owner: dict[tuple[int, int], int] = {}
    for k, c in enumerate(cells):
        for i in range(xs.index(c.x0), xs.index(c.x1)):
            for j in range(ys.index(c.top), ys.index(c.bottom)):
                owner.setdefault((i, j), k)
    held: list[list[_Box]] = [[] for _ in cells]
    for box in boxes:
        found = owner.get((bisect.bisect_right(xs, box.cx) - 1, bisect.bisect_right(ys, box.cy) - 1))
        if found is not None:
            held[found].append(box)
    by_top: dict[float, list[int]] = {}
    for k, c in enumerate(cells):
        by_top.setdefault(c.top, []).append(k)
    rows = []
    for top in sorted(by_top):
        row = []
        for k in sorted(by_top[top], key=lambda k: cells[k].x0):
            c = cells[k]
            text = " ".join(" ".join(b.text for b in line) for line in _box_lines(held[k]))
            score = min((b.score for b in held[k]), default=1.0)
            colspan = max(1, sum(1 for x in columns if c.x0 <= x < c.x1 - 0.5))
            row.append((clean_cell_text(text), columns.index(c.x0), colspan, score))
        rows.append(row)
    return rows


_GAP_IN_HEIGHTS = 1.5  # boxes further apart than this many line heights are separate cells


def add_page(
    builder: DocumentBuilder,
    page: OcrPage,
    page_no: int,
    tables: dict[tuple[int, int], int],
    confidence: dict[str, float],
) -> None:
    """The page's lines and table rows into the builder, with PDF-style provenance; the
    confidence of every line and cell goes to ``confidence`` by provenance."""
    line_no = 0
    table_no = 0
    paragraph: list[tuple[str, str, float]] = []
    free = [b for kind, item in page.lines if kind == "line" for b in item]
    left = min((b.x0 for b in free), default=0.0)
    right = max((b.x1 for b in free), default=0.0)
    char = statistics.median(b.bottom - b.top for b in free) if free else 1.0
    previous: list[_Box] | None = None

    def flush() -> None:
        if paragraph:
            text = "".join(t for t, _, _ in paragraph)
            prov = paragraph[0][1]
            builder.add_text(text, prov)
            confidence[prov] = min(s for _, _, s in paragraph)
            paragraph.clear()

    for kind, item in page.lines:
        if kind == "table":
            flush()
            table_no += 1
            number = tables.setdefault((page_no, table_no), len(tables) + 1)
            for r, row in enumerate(item, start=1):
                if not (len(row) >= 2 or any(t.strip() for t, _, _, _ in row)):
                    continue
                prov = f"page {page_no} table {number} row {r}"
                builder.add_row([RawCell(t, c, s) for t, c, s, _ in row], prov)
                for _, c, _, score in row:
                    confidence[f"{prov} col {c + 1}"] = score
            continue
        line_no += 1
        prov = f"page {page_no} line {line_no}"
        boxes: list[_Box] = item
        height = statistics.median(b.bottom - b.top for b in boxes) or 1.0
        pieces: list[list[_Box]] = [[boxes[0]]]
        for prev, box in zip(boxes, boxes[1:], strict=False):
            if box.x0 - prev.x1 > _GAP_IN_HEIGHTS * height:
                pieces.append([])
            pieces[-1].append(box)
        if len(pieces) >= 2:  # an unruled table row
            flush()
            previous = None
            texts = [clean_cell_text(" ".join(b.text for b in p)) for p in pieces]
            builder.add_row([RawCell(t, -1) for t in texts], prov)
            for i, p in enumerate(pieces, start=1):
                confidence[f"{prov} cell {i}"] = min(b.score for b in p)
            confidence[prov] = min(b.score for b in boxes)
            continue
        text = clean_cell_text(" ".join(b.text for b in boxes))
        score = min(b.score for b in boxes)
        # wrapped by the page width: the previous line ran to the right margin, this one
        # starts at the left margin right below it and is not a heading
        wrapped = (
            paragraph
            and previous is not None
            and previous[-1].x1 >= right - 2 * char
            and boxes[0].x0 <= left + 0.7 * char
            and 0 < boxes[0].top - previous[0].top <= 2.5 * char
            and not _PARAGRAPH_START.match(text)
        )
        if not wrapped:
            flush()
        paragraph.append((text, prov, score))
        previous = boxes
    flush()


_PARAGRAPH_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十\d]+[)）]|\d+[.、．]|第[一二三四五六七八九十]+|附件)"
)


# ---------------------------------------------------------------------------
# Image files


IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".tif", ".tiff"})


def _pages_of_image(data: bytes, limits: ExtractLimits) -> list[Any]:
    """Grey pages of an image file (every frame of a multi-page TIFF), scaled to ≤ _MAX_SIDE."""
    import numpy as np
    from PIL import Image, ImageSequence, UnidentifiedImageError

    try:
        image = Image.open(io.BytesIO(data))
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise RejectedInput(f"unreadable image file: {exc}"[:300]) from None
    pages = []
    try:
        for number, frame in enumerate(ImageSequence.Iterator(image), start=1):
            if number > limits.max_pdf_pages:
                raise RejectedInput(f"image has more than {limits.max_pdf_pages} pages")
            w, h = frame.size
            if w * h > limits.max_image_pixels:
                raise RejectedInput(
                    f"image too large: {w}×{h} pixels, the limit is {limits.max_image_pixels:,} pixels"
                )
            if frame.format == "JPEG" or getattr(frame, "format", None) == "JPEG":
                frame.draft("L", (w, h))
            grey = frame.convert("L")
            scale = min(1.0, _MAX_SIDE / max(grey.size))
            if scale < 1.0:
                grey = grey.resize((int(grey.width * scale), int(grey.height * scale)), Image.Resampling.LANCZOS)
            pages.append(np.asarray(grey, dtype=np.uint8))
    except RejectedInput:
        raise
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise RejectedInput(f"unreadable image file: {exc}"[:300]) from None
    return pages


_MIN_PAGE_SIDE = 400  # pixels: smaller pictures are icons and logos, not scanned pages


def read_image(data: bytes, name: str, limits: ExtractLimits) -> Document:
    pages = _pages_of_image(data, limits)
    if not pages or max(max(p.shape) for p in pages) < _MIN_PAGE_SIDE:
        raise RejectedInput("image too small to be a scanned report page")
    builder = DocumentBuilder()
    tables: dict[tuple[int, int], int] = {}
    confidence: dict[str, float] = {}
    for number, grey in enumerate(pages, start=1):
        report_progress(name, number, len(pages))
        add_page(builder, read_page(grey), number, tables, confidence)
    if not len(builder):
        raise RejectedInput("scanned image: OCR found no text on it")
    doc = builder.build(data, name, "image")
    doc.ocr_confidence = confidence
    return doc


# ---------------------------------------------------------------------------
# Figures read by OCR


_CELL_OF_LINE = re.compile(r"^(?P<line>.+?) cell \d+$")
_TEXT_SUFFIX = re.compile(r"\s*\((text|正文)\)\s*$")


def mark_figures(report: Any, doc: Document) -> None:
    """Figures read from OCR'd lines and cells: origin 'ocr' with the confidence of what they
    were read from; figures with digits read below MIN_DIGIT_CONFIDENCE are dropped (and
    listed in the report's doubts)."""
    confidence = doc.ocr_confidence
    if not confidence:
        return
    kept = []
    dropped = 0
    for figure in report.figures:
        prov = _TEXT_SUFFIX.sub("", figure.provenance).strip()
        score = confidence.get(prov)
        if score is None:
            m = _CELL_OF_LINE.match(prov)
            score = confidence.get(m.group("line")) if m else None
        if score is None:
            kept.append(figure)
            continue
        if score < MIN_DIGIT_CONFIDENCE and any(ch.isdigit() for ch in figure.raw_text):
            dropped += 1
            continue
        kept.append(replace(figure, origin="ocr", confidence=round(score, 3)))
    report.figures = kept
    if dropped:
        report.doubts.append(f"OCR: {dropped} figures read with low confidence were left out")
