"""OCR of scanned pages: PDF pages without a usable text layer, and .jpg/.png/.tif files.

Engine: RapidOCR (Apache-2.0) on onnxruntime (MIT) with the PP-OCRv6 small detection and
recognition models that ship inside the ``rapidocr`` wheel (Apache-2.0, PaddleOCR): nothing
is downloaded at run time. Their int8 versions (``models/``) read where the CPU multiplies
them exactly (``int8_exact_here``: x86 with VNNI), the float ones elsewhere.

Layout from the boxes the engine returns (one box per run of text, with its recognition
score):
- the page's skew is measured by projection (the angle under which the rows of dark pixels
  are sharpest) and the picture turned upright before detection;
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

import contextlib
import io
import math
import os
import re
import statistics
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from pipelines import settings
from pipelines.errors import RejectedInput
from pipelines.extract.builder import DocumentBuilder, RawCell, clean_cell_text
from pipelines.extract.limits import ExtractLimits
from pipelines.model import Document

SCAN_DPI = 200  # PDF pages are rendered at this resolution for OCR
MIN_DIGIT_CONFIDENCE = 0.9  # figures whose box scored lower are not emitted
_MIN_BOX_SCORE = 0.5  # boxes below this are noise (speckles read as text)
_DET_SIDE = 1120  # the detector sees the page scaled to this longest side (1280 costs 1.3× the
# CPU and finds no more; at 960 it misses thin strokes: the 一 of a label's "一、", 1-px blank dashes)
_REC_MIN_WIDTH = 96  # recognition batches are padded to at least this width (48 px high):
# the engine's default 320 makes a lone digit cost as much as a 7-character line (narrower
# padding lost figures)
_REC_SQUEEZE = 0.55  # a line crop more than _SQUEEZE_FROM times as wide as high is narrowed to
_SQUEEZE_FROM = 4  # this share of its width before recognition: the recogniser's cost is its
# input's width, and a Chinese character at 48 px high still spans two of its columns (the
# squeeze cost no figure on the generated scans; 0.5 from twice the height lost 3.5 %)
_MAX_SIDE = 2400  # pictures are scaled down to this longest side before OCR (≈ 200 dpi A4)

ProgressHook = Callable[[str, int, int], None]
_progress: ProgressHook | None = None


def set_progress(hook: ProgressHook | None) -> None:
    """Called as hook(file name, page, pages) before each page is read by OCR."""
    global _progress
    _progress = hook


class Deferred(BaseException):
    """Raised instead of reading a scan while ``deferring()``: the ingest reads the file's
    scanned pages after the files with a text layer (a scan never holds up the reports
    queued behind it). A BaseException: no reader's ``except Exception`` turns it into a
    rejection on its way up."""


_deferring = threading.local()


@contextlib.contextmanager
def deferred_scans() -> Iterator[None]:
    """Within it, a file that needs OCR raises ``Deferred`` before any page is read."""
    _deferring.on = True
    try:
        yield
    finally:
        _deferring.on = False


def defer_if_asked() -> None:
    if getattr(_deferring, "on", False):
        raise Deferred()


def report_progress(name: str, page: int, pages: int) -> None:
    if _progress is not None:
        _progress(name, page, pages)
    elif sys.stderr.isatty():
        short = name.replace("\\", "/").rsplit("/", 1)[-1]
        print(f"OCR {short}: page {page}/{pages}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Engine


_engine: Any = None
_engine_lock = threading.Lock()


def _get_engine() -> Any:
    global _engine
    with _engine_lock:
        if _engine is None:
            with _stage("load"):  # once per process (scripts/bench_ocr.py shows it apart)
                _engine = _new_engine()
    return _engine


INT8_DIR = Path(__file__).resolve().parent / "models"  # built by scripts/quantise_ocr_models.py
INT8_DET = "PP-OCRv6_det_small_int8.onnx"
INT8_REC = "PP-OCRv6_rec_small_int8.onnx"


def float_models() -> tuple[Path, Path]:
    """The detection and recognition models inside the rapidocr wheel (float32)."""
    import rapidocr

    folder = Path(rapidocr.__file__).resolve().parent / "models"
    return folder / "PP-OCRv6_det_small.onnx", folder / "PP-OCRv6_rec_small.onnx"


# x86 CPU flags with which onnxruntime multiplies the int8 models' uint8 activations by their int8 weights exactly
_EXACT_INT8_FLAGS = frozenset({"avx512_vnni", "avx_vnni", "amx_int8"})


def _cpu_flags() -> frozenset[str]:
    """The CPU's feature flags as Linux lists them (empty where /proc/cpuinfo cannot be read)."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as info:
            for line in info:
                if line.startswith("flags"):
                    return frozenset(line.partition(":")[2].split())
    except OSError:
        pass
    return frozenset()


def int8_exact_here(flags: frozenset[str] | None = None) -> bool:
    """Whether the int8 models read on this CPU as they were measured. onnxruntime multiplies uint8 by
    int8 with VNNI where the CPU has it (exact 32-bit sums); on an x86 CPU without VNNI (AVX2 only: AMD EPYC
    before Zen 4, older Xeons) it pairs the products with VPMADDUBSW, whose 16-bit sums saturate, and the
    models read differently: '全年主动公开政府信息244条' as 24 at confidence 0.985 (seen on an AMD EPYC CI
    machine; under valgrind, which hides AVX-512, the detector read 9 % of a page's ink pixels differently). Only
    CPUs where it was checked count: x86-64 with VNNI or AMX."""
    return bool((_cpu_flags() if flags is None else flags) & _EXACT_INT8_FLAGS)


def _quantised_models() -> bool:
    choice = settings.current().ocr_models
    if choice not in ("auto", "int8", "float"):
        raise settings.SettingsError(f"setting ocr_models: {choice!r} is none of 'auto', 'int8' and 'float'")
    shipped = (INT8_DIR / INT8_DET).is_file() and (INT8_DIR / INT8_REC).is_file()
    return shipped and (choice == "int8" or (choice == "auto" and int8_exact_here()))


def _new_engine(quantised: bool | None = None) -> Any:
    """RapidOCR with the int8 models of this package (``quantised``; default: the setting
    ``ocr_models``) or the float models of the rapidocr wheel."""
    import logging

    import onnxruntime
    from rapidocr import RapidOCR

    if "CPUExecutionProvider" not in onnxruntime.get_available_providers():
        raise RejectedInput("OCR engine unavailable: onnxruntime has no CPU provider")

    # one thread per session run: pages are read in parallel (read_pages), files in
    # parallel processes, and onnxruntime's spinning threads only burn CPU on a shared machine
    threads = settings.current().ocr_threads or 1
    if quantised is None:
        quantised = _quantised_models()
    models: dict[str, str] = {}
    if quantised:
        models = {"Det.model_path": str(INT8_DIR / INT8_DET), "Rec.model_path": str(INT8_DIR / INT8_REC)}
    engine = RapidOCR(
        params={
            "Global.log_level": "error",
            "Global.use_cls": False,  # pages come upright (a slight turn is handled below)
            "Det.limit_type": "max",
            "Det.limit_side_len": _DET_SIDE,
            "EngineConfig.onnxruntime.intra_op_num_threads": threads,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            # (rapidocr turns the arena off: every run then allocates its buffers anew, ~15 %)
            "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
            "Rec.rec_img_shape": [3, 48, _REC_MIN_WIDTH],
            **models,
        }
    )
    logging.getLogger("RapidOCR").setLevel(logging.ERROR)
    return engine


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
    width: int = 1  # pixels of the picture the boxes are in
    height: int = 1


def grey_array(pixels: bytes, width: int, height: int) -> Any:
    import numpy as np

    return np.frombuffer(pixels, dtype=np.uint8).reshape(height, width)


def _skew(grey: Any) -> float:
    """The page's turn (radians; the slope of its text rows and ruling lines, y downwards),
    by projection: the angle under which the dark pixels' rows are sharpest. (The detector's
    boxes are no guide: many short ones come back axis-aligned whatever the turn.)"""
    import numpy as np

    ys, xs = np.nonzero(grey[::2, ::2] < 160)
    if len(ys) < 500:
        return 0.0
    if len(ys) > 200_000:
        step = len(ys) // 200_000 + 1
        ys, xs = ys[::step], xs[::step]
    ys = ys.astype(np.float64)
    xs = xs.astype(np.float64)

    def sharpness(angle: float) -> float:
        rows = np.round(ys - xs * math.tan(angle)).astype(np.int64)
        counts = np.bincount(rows - rows.min())
        return float(np.dot(counts, counts))

    best = max(np.radians(np.arange(-3.0, 3.01, 0.1)), key=sharpness)
    return float(max(best + np.radians(np.arange(-0.1, 0.101, 0.02)), key=sharpness))


def read_page(grey: Any, dpi: float = SCAN_DPI) -> OcrPage:
    """OCR one page picture (2-D uint8 array) into boxes and layout."""
    h, w = grey.shape
    scale = min(1.0, _MAX_SIDE / max(h, w))
    if scale < 1.0:
        import cv2

        grey = cv2.resize(grey, (int(w * scale), int(h * scale)), interpolation=cv2.INTER_AREA)
        h, w = grey.shape
    # the page is turned upright first: boxes, rows and ruling lines are then axis-aligned
    with _stage("skew"):
        flat = _deskewed(grey, _skew(grey))
    engine = _get_engine()
    with _stage("detect"):
        quads = _detect(engine, flat)
    with _stage("recognise"):
        texts, scores = _recognise(engine, [_crop(flat, quad) for quad in quads])
    boxes = []
    for quad, text, score in zip(quads, texts, scores, strict=False):
        text = _CONFUSED.sub(lambda m: _CONFUSIONS[m.group(0)], clean_cell_text(str(text)))
        if not text or float(score) < _MIN_BOX_SCORE:
            continue
        xs, ys = [float(p[0]) for p in quad], [float(p[1]) for p in quad]
        boxes.append(_Box(min(xs), min(ys), max(xs), max(ys), text, float(score)))
    page = OcrPage(boxes, width=w, height=h)
    with _stage("layout"):
        _layout(page, flat)
    return page


def _detect(engine: Any, grey: Any, bands: bool = True) -> list[Any]:
    """The text boxes (quadrilaterals) rapidocr's detector finds on the grey picture, with its
    own resizing (longest side ``_DET_SIDE``, multiples of 32), normalisation and box
    post-processing, done on the one grey channel: rapidocr resizes and normalises a
    three-channel copy of the page in float64 (~8 % of a page's CPU). With ``bands``, only
    the page's bands of ink are fed to the detector (``_ink_bands``: margins and blank paper
    are ~30 % of a generated report's page), each at the whole page's scale and pixel grid
    (``_on_grid``); the calibration of the int8 detector used whole pages."""
    import cv2
    import numpy as np

    det = engine._load_det_model()
    h, w = grey.shape
    ratio = min(1.0, _DET_SIDE / max(h, w))
    rh = max(32, int(round(int(h * ratio) / 32) * 32))
    rw = max(32, int(round(int(w * ratio) / 32) * 32))
    sy, sx = rh / h, rw / w  # the whole page's scale: each band is read at the same one
    found = []
    for top, bottom, left, right in _ink_bands(grey) if bands else [(0, h, 0, w)]:
        top, bottom, bh = _on_grid(top, bottom, sy, h)
        left, right, bw = _on_grid(left, right, sx, w)
        small = cv2.resize(grey[top:bottom, left:right], (bw, bh)).astype(np.float32) * np.float32(1 / 255)
        x = np.empty((1, 3, bh, bw), dtype=np.float32)
        for c in range(3):
            np.subtract(small, np.float32(det.mean[c]), out=x[0, c])
            x[0, c] *= np.float32(1 / det.std[c])
        boxes, _scores = det.postprocess_op(det.session(x), (bottom - top, right - left))
        if len(boxes):
            found.append(boxes + np.array([left, top], dtype=boxes.dtype))
    return list(det.sorted_boxes(np.concatenate(found))) if found else []


def _on_grid(start: int, end: int, scale: float, size: int) -> tuple[int, int, int]:
    """A span of the page widened so that, scaled by ``scale``, it starts on a whole pixel of
    the scaled page and spans a multiple of 32 of them: (start, end, scaled length)."""
    first = int(start * scale)
    count = max(32, -(-(math.ceil(end * scale) - first) // 32) * 32)
    last = min(round(size * scale), first + count)
    first = max(0, last - count)
    return round(first / scale), min(size, round(last / scale)), last - first


_BAND_GAP = 96  # pixels of blank paper (at 200 dpi) between two bands the detector reads apart
_BAND_MARGIN = 32  # blank paper kept around each band


def _ink_bands(grey: Any) -> list[tuple[int, int, int, int]]:
    """(top, bottom, left, right) of the page's bands of ink: runs of rows with ink, split
    where ``_BAND_GAP`` rows of blank paper part them, each cut to its own columns with ink
    and ``_BAND_MARGIN`` around. Ink is judged on the page shrunk 4× (area average), where a
    lone speckle fades under the threshold and a stroke of text does not."""
    import cv2
    import numpy as np

    h, w = grey.shape
    small = cv2.resize(grey, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA) < 215
    rows = np.count_nonzero(small, axis=1) >= 2
    ys = np.nonzero(rows)[0]
    if not len(ys):
        return [(0, h, 0, w)]
    bands = []
    start = prev = int(ys[0])
    for y in ys[1:]:
        if y - prev > _BAND_GAP // 4:
            bands.append((start, prev))
            start = int(y)
        prev = int(y)
    bands.append((start, prev))
    out = []
    for a, b in bands:
        xs = np.nonzero(np.count_nonzero(small[a : b + 1], axis=0))[0]
        top, bottom = max(0, a * 4 - _BAND_MARGIN), min(h, (b + 1) * 4 + _BAND_MARGIN)
        left, right = max(0, int(xs[0]) * 4 - _BAND_MARGIN), min(w, (int(xs[-1]) + 1) * 4 + _BAND_MARGIN)
        out.append((top, bottom, left, right))
    return out


def _crop(grey: Any, quad: Any) -> Any:
    """The box's crop of the grey picture, upright, as the three channels the recogniser takes."""
    import numpy as np
    from rapidocr.utils.process_img import get_rotate_crop_image

    crop = get_rotate_crop_image(grey, np.asarray(quad, dtype="float32").copy())
    return np.ascontiguousarray(np.repeat(crop[:, :, None], 3, axis=2))


def _narrowed(crop: Any) -> Any:
    """A line crop more than _SQUEEZE_FROM times as wide as high narrowed to _REC_SQUEEZE."""
    import cv2

    h, w = crop.shape[:2]
    if w > _SQUEEZE_FROM * h:
        return cv2.resize(crop, (max(1, round(w * _REC_SQUEEZE)), h), interpolation=cv2.INTER_AREA)
    return crop


def _recognise(engine: Any, crops: list[Any]) -> tuple[list[str], list[float]]:
    """Text and score of each crop; long line crops narrowed first (``_REC_SQUEEZE``), short
    ones (a word, a figure, a unit: narrower than ``_REC_MIN_WIDTH`` at 48 px high) read
    ``_REC_ROW`` at a time side by side (``_recognise_row``)."""
    if not crops:
        return [], []
    import math

    from rapidocr.ch_ppocr_rec import TextRecInput

    rec = engine._load_rec_model()
    texts: list[str] = [""] * len(crops)
    scores: list[float] = [0.0] * len(crops)
    short = [
        i
        for i, c in enumerate(crops)
        if min(c.shape[:2]) > 0 and math.ceil(48 * c.shape[1] / c.shape[0]) < _REC_MIN_WIDTH
    ]
    rest = sorted(set(range(len(crops))) - set(short))
    for start in range(0, len(short), _REC_ROW):
        group = short[start : start + _REC_ROW]
        for i, (text, score) in zip(group, _recognise_row(rec, [crops[i] for i in group]), strict=True):
            texts[i], scores[i] = text, score
    if rest:
        result = rec(TextRecInput(img=[_narrowed(crops[i]) for i in rest]))
        for i, text, score in zip(rest, result.txts or (), result.scores or (), strict=True):
            texts[i], scores[i] = text, float(score)
    return texts, scores


_REC_ROW = 8  # short crops read side by side in one picture
_REC_ROW_GAP = 16  # blank paper between them (48 px high)


def _recognise_row(rec: Any, crops: list[Any]) -> list[tuple[str, float]]:
    """Short crops read side by side in one row picture, ``_REC_ROW_GAP`` px of white before
    each (each alone would be padded to ``_REC_MIN_WIDTH``: half of a page's short crops' cost
    was padding; the first crop too gets its white: at the picture's very edge the minus of a
    tight "-1" crop was lost). Each character the recogniser emits (greedy CTC, as rapidocr decodes) goes to the
    crop under its column; a crop's score is the mean probability of its characters."""
    import math

    import cv2
    import numpy as np

    spans = []
    x = _REC_ROW_GAP  # white before each crop, the first too
    for crop in crops:
        width = math.ceil(48 * crop.shape[1] / crop.shape[0])
        spans.append((x, x + width))
        x += width + _REC_ROW_GAP
    row = np.full((48, max(_REC_MIN_WIDTH, x)), 255, dtype=np.uint8)
    for (a, b), crop in zip(spans, crops, strict=True):
        row[:, a:b] = cv2.resize(crop[:, :, 0], (b - a, 48))
    plane = row.astype(np.float32) * np.float32(2 / 255) - np.float32(1)  # (x / 255 - 0.5) / 0.5
    preds = rec.session(np.ascontiguousarray(np.broadcast_to(plane, (1, 3, *plane.shape))))[0]
    steps = preds.shape[0]
    best = preds.argmax(axis=1)
    probs = preds.max(axis=1)
    characters = rec.postprocess_op.character
    found: list[list[tuple[str, float]]] = [[] for _ in crops]
    column = row.shape[1] / steps
    for t in range(steps):
        if best[t] == 0 or (t and best[t] == best[t - 1]):
            continue  # the blank, or a character held over several steps
        middle = (t + 0.5) * column
        for k, (a, b) in enumerate(spans):
            if a - _REC_ROW_GAP / 2 <= middle < b + _REC_ROW_GAP / 2:
                found[k].append((characters[best[t]], round(float(probs[t]), 5)))
                break
    out = []
    for chars in found:
        while chars and chars[0][0] == " ":
            chars.pop(0)
        while chars and chars[-1][0] == " ":
            chars.pop()
        text = "".join(c for c, _ in chars)
        out.append((text, round(float(np.mean([p for _, p in chars])), 5) if chars else 0.0))
    return out


STAGE_SECONDS: dict[str, float] = {}
_stage_lock = threading.Lock()


@contextlib.contextmanager
def _stage(name: str) -> Iterator[None]:
    """CPU seconds of this thread spent in a stage of read_page, summed in STAGE_SECONDS
    (scripts/bench_ocr.py prints them)."""
    started = time.thread_time()
    try:
        yield
    finally:
        spent = time.thread_time() - started
        with _stage_lock:
            STAGE_SECONDS[name] = STAGE_SECONDS.get(name, 0.0) + spent


def page_workers() -> int:
    """Pages read at the same time (threads: onnxruntime and OpenCV release the GIL; each
    session runs one thread): GOVREPORTS_OCR_WORKERS, else one per core."""
    return max(1, settings.current().ocr_workers or (os.cpu_count() or 1))


def read_pages(pictures: Iterable[Any], name: str, total: int) -> Iterator[OcrPage]:
    """OCR of the pictures in order, ``page_workers()`` pages at a time (at most that many
    pictures held); progress is reported from the calling thread as each page is done."""
    workers = page_workers()
    done = 0
    if workers <= 1:
        for grey in pictures:
            done += 1
            report_progress(name, done, total)
            yield read_page(grey)
        return
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="ocr-page") as pool:
        running: deque[Future[OcrPage]] = deque()
        for grey in pictures:
            running.append(pool.submit(read_page, grey))
            if len(running) >= workers:
                done += 1
                report_progress(name, done, total)
                yield running.popleft().result()
        while running:
            done += 1
            report_progress(name, done, total)
            yield running.popleft().result()


# Words of these reports the recogniser reads with one character swapped for a look-alike
# (门 → 内, 人 → 入): none of the misreadings is a word of its own here.
_CONFUSIONS = {"内户网站": "门户网站", "专内机构": "专门机构", "申请入": "申请人"}
_CONFUSED = re.compile("|".join(map(re.escape, _CONFUSIONS)))


def _deskewed(grey: Any, angle: float) -> Any:
    """The picture turned back by the page's skew (box corners are turned the same way)."""
    if abs(angle) <= 0.0005:
        return grey
    import cv2

    h, w = grey.shape
    matrix = cv2.getRotationMatrix2D((w / 2, h / 2), math.degrees(angle), 1.0)
    return cv2.warpAffine(grey, matrix, (w, h), flags=cv2.INTER_LINEAR, borderValue=255)


# ---------------------------------------------------------------------------
# Ruling lines in the picture → cells; boxes → rows


def _picture_edges(grey: Any) -> tuple[list[Any], list[Any]]:
    """Horizontal and vertical ruling lines of the de-skewed picture as pdf._Edge."""
    import cv2
    import numpy as np

    from pipelines.extract.pdf import _Edge

    h, w = grey.shape
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


def _layout(page: OcrPage, flat: Any) -> None:
    from pipelines.extract import pdf

    boxes = page.boxes
    tables: list[Any] = []
    horizontal, vertical = _picture_edges(flat)
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
    glyphs = _GlyphReader(flat, boxes)
    rows_of = [_table_rows(table, in_table[k], glyphs) for k, table in enumerate(tables)]
    glyphs.recognise()
    for _, kind, item in items:
        if kind == 1:
            page.lines.append(("table", [[cell.resolved() for cell in row] for row in rows_of[item]]))
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


def _table_rows(table: Any, boxes: list[_Box], glyphs: _GlyphReader) -> list[list[_CellText]]:
    """(text, col, colspan, confidence) per cell, rows top to bottom (as pdf._Table.rows);
    a cell whose reading is short or empty is checked against its ink (``_GlyphReader``)."""
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
        j = bisect.bisect_right(ys, box.cy) - 1
        for part in _split_at_rulings(box, xs):
            found = owner.get((bisect.bisect_right(xs, part.cx) - 1, j))
            if found is not None:
                held[found].append(part)
    by_top: dict[float, list[int]] = {}
    for k, c in enumerate(cells):
        by_top.setdefault(c.top, []).append(k)
    rows = []
    for top in sorted(by_top):
        row = []
        for k in sorted(by_top[top], key=lambda k: cells[k].x0):
            c = cells[k]
            text = _joined(_joined(b.text for b in line) for line in _box_lines(held[k]))
            score = min((b.score for b in held[k]), default=1.0)
            colspan = max(1, sum(1 for x in columns if c.x0 <= x < c.x1 - 0.5))
            cell = _CellText(
                _tidy(clean_cell_text(text)),
                columns.index(c.x0),
                colspan,
                score,
                (c.x0, c.top, c.x1, c.bottom),
            )
            glyphs.check(cell, c)
            row.append(cell)
        rows.append(row)
    return rows


_CJK_END = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]$")
_CJK_START = re.compile(r"^[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def _joined(pieces: Iterable[str]) -> str:
    """Pieces of text in reading order: a space between them, except between two Chinese
    characters ("行政 诉讼", a cell's wrapped "社会公益 / 组织" are one word)."""
    out = ""
    for piece in pieces:
        if out and piece and not (_CJK_END.search(out) and _CJK_START.search(piece)):
            out += " "
        out += piece
    return out


def _split_at_rulings(box: _Box, xs: list[float]) -> list[_Box]:
    """A box the detector ran across a vertical ruling line ("结果维持 结果纠正" over two
    header cells) cut at the line, its characters shared out by position (CJK glyphs are of
    one width); a box within one column comes back whole."""
    # the detector pads its boxes by about half a line height on each side: the characters
    # lie in the core
    margin = min(0.45 * (box.bottom - box.top), 0.25 * (box.x1 - box.x0))
    core0, core1 = box.x0 + margin, box.x1 - margin
    inner = [x for x in xs if core0 + 2 < x < core1 - 2]
    text = box.text.replace(" ", "")
    if not inner or len(text) < 2:
        return [box]
    step = (core1 - core0) / len(text)
    parts: list[_Box] = []
    edges = [box.x0, *inner, box.x1]
    for left, right in zip(edges, edges[1:], strict=False):
        chars = [ch for k, ch in enumerate(text) if left <= core0 + (k + 0.5) * step < right]
        if chars:
            parts.append(replace(box, x0=max(left, box.x0), x1=min(right, box.x1), text="".join(chars)))
    return parts or [box]


# a speckle after a number, read as a point: "0." "12." (no printed figure ends in a point;
# a leading point is left alone: "0.5" with its 0 missed must not become 5)
_STRAY_DOT = re.compile(r"^(-?\d[\d,]*)[.·。]$")
# … or after a label's numbering: "(二).部分公开"
_NUMBERING_DOT = re.compile(r"^([（(][一二三四五六七八九十]{1,3}[)）])\s*[.．。,，·、]\s*(?=[\u4e00-\u9fff])")


# … or a label's "1." whose point was lost: "1当面申请数", "1申请人无正当理由…" (a value
# cell "12人次" would become "12.人次": left out, never misread)
_NUMBERING_LOST = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff]{2})")


def _tidy(text: str) -> str:
    """A table cell's reading without the points speckles add, and with the point of a
    label's numbering."""
    text = _NUMBERING_DOT.sub(r"\1", _STRAY_DOT.sub(r"\1", text))
    return _NUMBERING_LOST.sub(r"\1.", text)


@dataclass(slots=True)
class _CellText:
    text: str
    col: int
    colspan: int
    score: float
    box: tuple[float, float, float, float] = (0.0, 0.0, 0.0, 0.0)  # the cell, in pixels

    def resolved(self) -> tuple[str, int, int, float, tuple[float, float, float, float]]:
        return (self.text, self.col, self.colspan, self.score, self.box)


# what the recogniser makes of a lone "/" or "1" in a narrow cell (it reads many "/" as "1")
_AMBIGUOUS = frozenset(
    {
        "1",
        "/",
        "1.",
        "/.",
        ".1",
        "./",
        "I",
        "l",
        "|",
        "!",
        "i",
        "J",
        "T",
        "t",
        "r",
        "厂",
        "#",
        "7",
        "丿",
        "／",
    }
)
_INK = 200  # grey level under which a pixel is ink (thin strokes of a scan are light grey)
_SLASH_SLANT = -0.15  # dx/dy of the glyph's pixels: "/" ≈ -0.3, "1" ≈ 0
_FIGURE = re.compile(r"-?\d[\d,]*(?:\.\d+)?")


_STEMS = frozenset("1Il|!")
_Shape = tuple[float, float, int, int, int]  # slant, stem share, width, height, top-row span


def _shape(labels: Any, glyph: tuple[int, int, int, int, int]) -> _Shape | None:
    """How one connected glyph lies: its pixels' dx/dy, the share of its ink within 2 pixels
    of its middle column, its size, and how wide its top rows are."""
    import numpy as np

    i, x, y, w, h = glyph
    yy, xx = np.nonzero(labels[y : y + h, x : x + w] == i)
    var = float(yy.var()) if len(yy) else 0.0
    if var <= 0 or len(yy) < 8:
        return None
    slant = float(((xx - xx.mean()) * (yy - yy.mean())).mean()) / var
    stem = float(np.mean(np.abs(xx - np.median(xx)) <= 2))
    top = xx[yy <= yy.min() + 0.15 * h]
    return slant, stem, w, h, int(top.max() - top.min() + 1)


def _is_stem(shape: _Shape | None) -> bool:
    """An upright, narrow stroke with nearly all its ink in one column: a "1"."""
    if shape is None:
        return False
    slant, stem, w, h, _ = shape
    return abs(slant) < 0.1 and w <= 0.55 * h and stem >= 0.75


class _GlyphReader:
    """Table cells read again from their own pixels.

    The recogniser reads a lone "/" (a blank cell of the 2019 form) as "1" or drops it, and
    the detector misses some faint one-glyph cells altogether. For a cell whose reading is
    empty or short, the ink inside the cell (ruling lines and speckles left out) decides:
    one stroke is "/" when it leans (its pixels' dx/dy) and "1" when upright; other ink
    that the detector missed is cropped and recognised once more (in one batch per page)."""

    def __init__(self, flat: Any, boxes: list[_Box]) -> None:
        self.flat = flat
        heights = [b.bottom - b.top for b in boxes if len(b.text) <= 4]
        self.char = statistics.median(heights) if heights else 24.0
        self.crops: list[Any] = []
        self.cells: list[tuple[_CellText, str]] = []  # queued: the cell, its first reading
        self.dashes = 0  # flat strokes in the cell last looked at

    def _glyphs(self, cell: Any) -> tuple[Any, list[tuple[int, int, int, int, int]]]:
        import cv2
        import numpy as np

        inset = 5
        y0, y1 = int(cell.top) + inset, int(cell.bottom) - inset
        x0, x1 = int(cell.x0) + inset, int(cell.x1) - inset
        if y1 - y0 < 6 or x1 - x0 < 6:
            return None, []
        crop = self.flat[max(0, y0) : y1, max(0, x0) : x1]
        ink = (crop < _INK).astype(np.uint8)
        n, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
        ch, cw = ink.shape
        found = []
        self.dashes = 0
        for i in range(1, n):
            x, y, w, h, area = (int(v) for v in stats[i])
            if (w >= 0.8 * cw and h <= 4) or (h >= 0.8 * ch and w <= 4 and (x <= 1 or x + w >= cw - 1)):
                continue  # a ruling line's remnant
            if area < 10 or h < 0.3 * self.char:
                if area >= 10 and w >= 0.4 * self.char and w >= 2.5 * h:
                    self.dashes += 1  # a "—" (the blank of some forms) or a minus
                continue  # speckle, dot
            found.append((i, x, y, w, h))
        return labels, found

    def check(self, cell: _CellText, geometry: Any) -> None:

        # a short reading without a digit other than 1 or 7: the ink decides whether it is a "/"
        # (read as "1", "十", "|" … or not at all) or a "1"
        short = len(cell.text.replace(" ", "")) <= 2 and not any(ch in "02345689" for ch in cell.text)
        doubtful = cell.score < MIN_DIGIT_CONFIDENCE and bool(_FIGURE.fullmatch(cell.text))
        if not (short or doubtful):
            return
        labels, glyphs = self._glyphs(geometry)
        if labels is None:
            return
        if not short:
            if glyphs:
                self._queue(cell, geometry, glyphs)  # read once more: kept only if it agrees
            return
        if not glyphs:
            if self.dashes == 1 and cell.text in ("", "一", "-", "—", "_", "－", "~", "."):
                cell.text, cell.score = "—", max(cell.score, 0.97)  # one dash alone: the blank "—"
            elif cell.text in ("/", "/.", "1", "1.", "I", "|", "!", "l"):
                cell.text, cell.score = "", min(cell.score, 0.5)  # a reading with no stroke under it
            return
        shapes = [_shape(labels, glyph) for glyph in glyphs]
        if len(shapes) == 1 and shapes[0] is not None:
            slant, stem, w, h, top_span = shapes[0]
            seven = top_span >= 0.6 * w and w >= 0.4 * h  # a "7" leans too, under its wide bar
            if slant < _SLASH_SLANT and w < 0.8 * h and not seven:  # (a speckle may sit on a "/")
                cell.text, cell.score = "/", max(cell.score, 0.97)
                return
            if slant < _SLASH_SLANT and cell.text.strip(".") == "1":
                cell.score = min(cell.score, 0.5)  # a "1" never leans: left out
                return
            if _is_stem(shapes[0]) and cell.text in _AMBIGUOUS - {"7"}:
                # an upright stem: a "1". The recogniser's own confident "1" keeps its score;
                # a "1" told from another or a doubtful reading is kept but goes to review
                agreed = cell.text.strip(".") == "1" and cell.score >= 0.97
                cell.text, cell.score = "1", cell.score if agreed else max(min(cell.score, 0.95), 0.9)
                return
        text = cell.text.replace(" ", "")
        if (
            len(shapes) == len(text) >= 2
            and set(text) <= _STEMS
            and set(text) != {"1"}
            and all(_is_stem(sh) for sh in shapes)
        ):
            # "1I", "l1": every glyph an upright stem
            cell.text, cell.score = "1" * len(text), max(min(cell.score, 0.95), 0.9)
            return
        if cell.text and not doubtful:
            return
        # ink the detector did not see, or a figure read with a low score: read the cell's
        # ink once more
        self._queue(cell, geometry, glyphs)

    def _queue(self, cell: _CellText, geometry: Any, glyphs: list[tuple[int, int, int, int, int]]) -> None:
        import numpy as np

        xs0 = min(g[1] for g in glyphs)
        ys0 = min(g[2] for g in glyphs)
        xs1 = max(g[1] + g[3] for g in glyphs)
        ys1 = max(g[2] + g[4] for g in glyphs)
        inset = 5
        ox, oy = int(geometry.x0) + inset, int(geometry.top) + inset
        pad = max(4, int(0.3 * (ys1 - ys0)))
        crop = self.flat[max(0, oy + ys0 - pad) : oy + ys1 + pad, max(0, ox + xs0 - pad) : ox + xs1 + pad]
        self.crops.append(np.ascontiguousarray(np.stack([crop] * 3, axis=-1)))
        self.cells.append((cell, cell.text))

    def recognise(self) -> None:
        if not self.crops:
            return
        from rapidocr.ch_ppocr_rec import TextRecInput

        out = _get_engine()._load_rec_model()(TextRecInput(img=self.crops))
        for (cell, before), text, score in zip(self.cells, out.txts, out.scores, strict=False):
            text = _tidy(clean_cell_text(str(text)))
            if not text or float(score) < _MIN_BOX_SCORE:
                continue
            if not before:  # ink the detector missed
                cell.text, cell.score = text, float(score)
            elif text == before and max(cell.score, float(score)) >= MIN_DIGIT_CONFIDENCE:
                # two readings of two crops agree: kept, and flagged for review; a reading
                # that disagrees leaves the figure out (a missing figure beats a wrong one)
                cell.score = min(max(cell.score, float(score)), 0.95)


_GAP_IN_HEIGHTS = 1.5  # boxes further apart than this many line heights are separate cells


def add_page(
    builder: DocumentBuilder,
    page: OcrPage,
    page_no: int,
    tables: dict[tuple[int, int], int],
    confidence: dict[str, float],
    boxes: dict[str, tuple[float, float, float, float]] | None = None,
) -> None:
    """The page's lines and table rows into the builder, with PDF-style provenance; the
    confidence of every line and cell goes to ``confidence`` by provenance, and where on the
    page it was read (fractions of the page) to ``boxes``."""
    where = boxes if boxes is not None else {}
    fx, fy = 1.0 / max(page.width, 1), 1.0 / max(page.height, 1)

    def place(prov: str, x0: float, top: float, x1: float, bottom: float) -> None:
        where[prov] = (
            round(max(0.0, x0 * fx), 4),
            round(max(0.0, top * fy), 4),
            round(min(1.0, x1 * fx), 4),
            round(min(1.0, bottom * fy), 4),
        )

    def place_boxes(prov: str, items: list[_Box]) -> None:
        place(
            prov,
            min(b.x0 for b in items),
            min(b.top for b in items),
            max(b.x1 for b in items),
            max(b.bottom for b in items),
        )

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
                if not (len(row) >= 2 or any(t.strip() for t, *_ in row)):
                    continue
                prov = f"page {page_no} table {number} row {r}"
                builder.add_row([RawCell(t, c, s) for t, c, s, _, _ in row], prov)
                for _, c, _, score, cell_box in row:
                    confidence[f"{prov} col {c + 1}"] = score
                    place(f"{prov} col {c + 1}", *cell_box)
            continue
        line_no += 1
        prov = f"page {page_no} line {line_no}"
        line_boxes: list[_Box] = item
        height = statistics.median(b.bottom - b.top for b in line_boxes) or 1.0
        pieces: list[list[_Box]] = [[line_boxes[0]]]
        for prev, box in zip(line_boxes, line_boxes[1:], strict=False):
            if box.x0 - prev.x1 > _GAP_IN_HEIGHTS * height:
                pieces.append([])
            pieces[-1].append(box)
        place_boxes(prov, line_boxes)
        if len(pieces) >= 2:  # an unruled table row
            flush()
            previous = None
            texts = [clean_cell_text(_joined(b.text for b in p)) for p in pieces]
            builder.add_row([RawCell(t, -1) for t in texts], prov)
            for i, p in enumerate(pieces, start=1):
                confidence[f"{prov} cell {i}"] = min(b.score for b in p)
                place_boxes(f"{prov} cell {i}", p)
            confidence[prov] = min(b.score for b in line_boxes)
            continue
        text = clean_cell_text(_joined(b.text for b in line_boxes))
        score = min(b.score for b in line_boxes)
        # wrapped by the page width: the previous line ran to the right margin, this one
        # starts at the left margin right below it and is not a heading
        wrapped = (
            paragraph
            and previous is not None
            and previous[-1].x1 >= right - 2 * char
            and line_boxes[0].x0 <= left + 0.7 * char
            and 0 < line_boxes[0].top - previous[0].top <= 2.5 * char
            and not _PARAGRAPH_START.match(text)
        )
        if not wrapped:
            flush()
        elif paragraph:  # the paragraph's box grows over the wrapped line
            first = paragraph[0][1]
            x0, top, _, _ = where[first]
            _, _, x1, bottom = where[prov]
            where[first] = (min(x0, where[prov][0]), top, max(where[first][2], x1), bottom)
        paragraph.append((text, prov, score))
        previous = line_boxes
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
                grey = grey.resize(
                    (int(grey.width * scale), int(grey.height * scale)), Image.Resampling.LANCZOS
                )
            pages.append(np.asarray(grey, dtype=np.uint8))
    except RejectedInput:
        raise
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise RejectedInput(f"unreadable image file: {exc}"[:300]) from None
    return pages


_MIN_PAGE_SIDE = 400  # pixels: smaller pictures are icons and logos, not scanned pages


def read_image(data: bytes, name: str, limits: ExtractLimits) -> Document:
    defer_if_asked()
    pages = _pages_of_image(data, limits)
    if not pages or max(max(p.shape) for p in pages) < _MIN_PAGE_SIDE:
        raise RejectedInput("image too small to be a scanned report page")
    builder = DocumentBuilder()
    tables: dict[tuple[int, int], int] = {}
    confidence: dict[str, float] = {}
    boxes: dict[str, tuple[float, float, float, float]] = {}
    for number, page in enumerate(read_pages(pages, name, len(pages)), start=1):
        add_page(builder, page, number, tables, confidence, boxes)
    if not len(builder):
        raise RejectedInput("scanned image: OCR found no text on it")
    doc = builder.build(data, name, "image")
    doc.ocr_confidence = confidence
    doc.ocr_boxes = boxes
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
        box = doc.ocr_boxes.get(prov)
        if score is None:
            m = _CELL_OF_LINE.match(prov)
            score = confidence.get(m.group("line")) if m else None
            box = doc.ocr_boxes.get(m.group("line")) if m else None
        if score is None:
            kept.append(figure)
            continue
        if score < MIN_DIGIT_CONFIDENCE and any(ch.isdigit() for ch in figure.raw_text):
            dropped += 1
            continue
        where = figure.provenance
        if box is not None:  # before a ' (text)' suffix: 'page 1 line 4 box 0.1,0.2,0.9,0.3 (text)'
            suffix = _TEXT_SUFFIX.search(where)
            cut = suffix.start() if suffix else len(where)
            where = where[:cut] + " box " + ",".join(f"{v:.4f}" for v in box) + where[cut:]
        kept.append(replace(figure, origin="ocr", confidence=round(score, 3), provenance=where))
    report.figures = kept
    if dropped:
        report.doubts.append(f"OCR: {dropped} figures read with low confidence were left out")


# ---------------------------------------------------------------------------
# The page region a figure was read from (report viewer)


def page_crop(
    content: bytes, name: str, page: int, box: tuple[float, float, float, float], dpi: int = 150
) -> bytes | None:
    """PNG of the region of page ``page`` of a stored original (scanned PDF or image file)
    around ``box`` (fractions of the page), widened to the row's label on the left; None when
    the page cannot be rendered."""
    from PIL import Image

    limits = ExtractLimits()
    try:
        if name.lower().endswith(".pdf"):
            import pypdfium2 as pdfium

            pdf = pdfium.PdfDocument(content)
            try:
                if not 1 <= page <= len(pdf):
                    return None
                pdf_page = pdf[page - 1]
                width, height = pdf_page.get_size()
                scale = dpi / 72
                if width * height * scale * scale > limits.max_image_pixels:
                    scale = (limits.max_image_pixels / max(width * height, 1.0)) ** 0.5
                image = pdf_page.render(scale=scale, grayscale=True).to_pil().convert("L")
            finally:
                pdf.close()
        else:
            picture = Image.open(io.BytesIO(content))
            if picture.width * picture.height > limits.max_image_pixels:
                return None
            picture.seek(page - 1)
            image = picture.convert("L")
    except Exception:  # noqa: BLE001 - a viewer aid: no picture rather than an error page
        return None
    from PIL import ImageDraw

    x0, y0, x1, y1 = box
    h = max(y1 - y0, 0.01)
    # the whole width of the page (the row's label and its other cells), a row above and below
    top, bottom = max(0.0, y0 - 1.2 * h), min(1.0, y1 + 1.2 * h, y0 + 0.3)
    height = image.height
    if int(bottom * height) <= int(top * height):
        return None
    image = image.crop((0, int(top * height), image.width, int(bottom * height))).convert("RGB")
    mark = (
        int(x0 * image.width) - 3,
        int((y0 - top) * height) - 3,
        int(x1 * image.width) + 3,
        int((min(y1, bottom) - top) * height) + 3,
    )
    ImageDraw.Draw(image).rectangle(mark, outline=(220, 30, 30), width=3)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()
