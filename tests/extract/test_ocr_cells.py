"""Table cells of a scan read from their own pixels (pipelines/extract/ocr.py): a lone "/"
(the blank cell of the 2019 form) that the recogniser reads as "1", a faint glyph the detector
missed, a box that runs across a ruling line. Pictures drawn here; no OCR engine needed."""

from __future__ import annotations

import numpy as np
import pytest

cv2 = pytest.importorskip("cv2")

from pipelines.extract.ocr import _Box, _CellText, _GlyphReader, _split_at_rulings  # noqa: E402
from pipelines.extract.pdf import _Cell  # noqa: E402

CELL = _Cell(100.0, 100.0, 160.0, 150.0)  # 60 × 50 pixels, ruled


def _page(stroke: str | None, grey: int = 150) -> np.ndarray:
    """A white page with one ruled cell holding a thin, light stroke as a 200-dpi scan shows it."""
    page = np.full((300, 300), 255, np.uint8)
    cv2.rectangle(page, (100, 100), (160, 150), 0, 2)  # the cell's ruling lines
    if stroke == "/":
        cv2.line(page, (134, 115), (128, 134), grey, 2)
    elif stroke == "1":
        cv2.line(page, (130, 118), (130, 133), grey, 2)
        cv2.line(page, (130, 118), (127, 121), grey, 1)  # the flag
    elif stroke == "7":
        cv2.line(page, (124, 116), (137, 116), grey, 2)
        cv2.line(page, (137, 116), (129, 134), grey, 2)
    elif stroke == "/+":  # a speckle stuck to its top, like the flag of a "1"
        cv2.line(page, (134, 115), (128, 134), grey, 2)
        page[114:117, 131:133] = grey
    elif stroke == "—":
        cv2.line(page, (120, 125), (140, 125), grey, 2)
    elif stroke == "11":
        cv2.line(page, (124, 118), (124, 133), grey, 2)
        cv2.line(page, (136, 118), (136, 133), grey, 2)
    page[200, 200] = 40  # a speckle elsewhere
    page[126, 110] = 60  # and one inside the cell
    return page


def _read(page: np.ndarray, text: str) -> _CellText:
    reader = _GlyphReader(page, [_Box(0, 0, 10, 19, "1", 0.99)])
    cell = _CellText(text, 1, 1, 0.98)
    reader.check(cell, CELL)
    return cell


@pytest.mark.parametrize("read_as", ["1", "1.", "|", "十", ""])
def test_a_leaning_stroke_is_a_slash_whatever_the_recogniser_said(read_as):
    cell = _read(_page("/"), read_as)
    assert cell.text == "/"


def test_a_leaning_stroke_with_a_speckle_on_top_is_still_a_slash():
    cell = _read(_page("/+"), "1")
    assert cell.text == "/"


@pytest.mark.parametrize("read_as", ["/", "1", "I"])
def test_an_upright_stroke_read_as_slash_or_letter_is_a_one(read_as):
    assert _read(_page("1"), read_as).text == "1"


@pytest.mark.parametrize("read_as", ["1I", "l1", "|1"])
def test_two_upright_stems_read_with_letters_are_eleven_for_review(read_as):
    cell = _read(_page("11"), read_as)
    assert cell.text == "11" and 0.9 <= cell.score < 0.97


@pytest.mark.parametrize("read_as", ["一", "", "-"])
def test_a_lone_dash_is_the_blank_mark(read_as):
    assert _read(_page("—"), read_as).text == "—"


def test_a_reading_with_no_ink_under_it_is_dropped():
    cell = _read(_page(None), "1")
    assert cell.text == "" and cell.score < 0.9


def test_digits_read_with_confidence_are_left_alone():
    assert _read(_page("11"), "11").text == "11"
    assert _read(_page("7"), "7").text == "7"  # leans like a "/", under its bar
    assert _read(_page("/"), "7").text == "/"
    assert _read(_page("1"), "4").text == "4"  # not an ambiguous reading: kept


def test_ink_the_detector_missed_is_queued_for_recognition():
    reader = _GlyphReader(_page("11"), [_Box(0, 0, 10, 19, "1", 0.99)])
    cell = _CellText("", 1, 1, 1.0)
    reader.check(cell, CELL)
    assert cell.text == "" and len(reader.crops) == 1 and reader.cells == [(cell, "")]
    crop = reader.crops[0]
    assert crop.ndim == 3 and crop.shape[2] == 3 and crop.shape[0] < 50  # the ink, not the cell


def test_a_box_across_a_ruling_line_is_cut_there():
    box = _Box(90.0, 10.0, 420.0, 40.0, "结果维持结果纠正", 0.97)
    parts = _split_at_rulings(box, [100.0, 260.0, 420.0])
    assert [p.text for p in parts] == ["结果维持", "结果纠正"]
    assert parts[0].cx < 260 < parts[1].cx
    # a number whose padded box only reaches over the line stays whole
    number = _Box(250.0, 10.0, 330.0, 40.0, "1486", 0.99)
    assert [p.text for p in _split_at_rulings(number, [100.0, 260.0, 420.0])] == ["1486"]


class _FakeRecogniser:
    """Stands in for the recognition model: the readings it is told to give."""

    def __init__(self, readings):
        self.readings = readings

    def _load_rec_model(self):
        return lambda _input: type(
            "Out", (), {"txts": [t for t, _ in self.readings], "scores": [s for _, s in self.readings]}
        )


@pytest.mark.parametrize(
    ("first", "again", "kept"),
    [
        (("220", 0.85), ("220", 0.99), ("220", 0.95)),  # two crops agree: kept, flagged for review (< 0.97)
        (("220", 0.85), ("228", 0.99), ("220", 0.85)),  # they disagree: left out (score stays under 0.9)
        (("220", 0.85), ("220", 0.80), ("220", 0.85)),  # agree, but both doubtful: left out
    ],
)
def test_a_figure_read_with_a_low_score_is_kept_only_when_a_second_reading_agrees(
    monkeypatch, first, again, kept
):
    from pipelines.extract import ocr

    monkeypatch.setattr(ocr, "_get_engine", lambda: _FakeRecogniser([again]))
    reader = _GlyphReader(_page("11"), [_Box(0, 0, 10, 19, "1", 0.99)])
    cell = _CellText(first[0], 1, 1, first[1])
    reader.check(cell, CELL)
    assert len(reader.crops) == 1
    reader.recognise()
    assert (cell.text, cell.score) == kept
