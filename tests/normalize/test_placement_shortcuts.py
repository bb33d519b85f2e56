"""The short ways the placement readers take give what the long ways give (speed work: the
output must not change; scripts/parse_identity.py checks it on every text, these the claims)."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from meta_docs import FIXTURES, document_from_file, document_from_text, real_samples

from pipelines.model import Document, Line
from pipelines.normalize import meta, placement
from pipelines.normalize.meta import JoinedLines
from pipelines.normalize.tokens import compact

REALWORLD = Path(__file__).resolve().parents[1] / "realworld"


def _documents() -> list[Document]:
    """The fixtures, the real samples and a spread of the real texts (every 20th)."""
    files = sorted(FIXTURES.glob("*.txt")) + real_samples() + sorted(REALWORLD.glob("batch_*/*.txt"))[::20]
    return [document_from_file(path) for path in files]


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return _documents()


_SPACED = document_from_text(
    "宿迁市 统计局2020年政府信息公开工作年度报告\n"
    "本报告由宿迁市\u3000统计局编制。\n"
    "宿\t迁市统计&nbsp;局认真贯彻…\n"
    "宿迁市统计局\u2028宿迁市统计局\n"
    "请联系宿迁市统计局办公室\x0b\n"
)


def test_every_whitespace_but_space_and_newline_is_unprintable() -> None:
    """(what JoinedLines.compacted's short way rests on)"""
    assert not [c for c in map(chr, range(0x110000)) if c.isspace() and c not in " \n" and c.isprintable()]


def test_the_lines_compacted_as_each_line_compacted(documents: list[Document]) -> None:
    for doc in [_SPACED, *documents]:
        lines = JoinedLines(doc.lines)
        want = "\n".join(compact(line.norm) for line in doc.lines[:400])
        assert lines.compacted(400) == want, doc.source_path


def test_self_levels_counted_in_the_order_the_text_names_them(documents: list[Document]) -> None:
    one_pattern = re.compile(r"(?:我|本)" + placement._SELF_LEVELS)
    for doc in documents:
        text = JoinedLines(doc.lines).prefix(300)
        got = placement._level_counts(text, placement._SELF)
        want = Counter(one_pattern.findall(text))
        assert list(got.items()) == list(want.items()), doc.source_path


def test_a_line_without_the_compiled_words_gives_no_compiled_reading(documents: list[Document]) -> None:
    """The lines the 编制 / 现公布 readers skip (none of _COMPILED_WORDS) give them nothing."""
    for doc in documents:
        for line in doc.lines:
            if not placement._COMPILED_WORDS.search(line.norm):
                found = placement._Readings("unit")
                placement._compiled_line_readings(found, line)
                assert not found.items, line.norm


@pytest.mark.parametrize(
    "text",
    [
        "由武进区湖塘镇人民政府编制",
        "根据上级要求,由城中区人民政府办公室综合各部门材料",  # (no 报告: its 由 lets it in)
        "现将2022年阳新县自然资源和规划局政府信息公开工作情况",
        "全面总结西宁市城中区礼让街街道办事处2025年政府信息公开工作情况",
        "现将咸阳市人民政府2022年政府信息公开工作年度报告予以公开",
        "特向社会公布广元市统计局2024年政府信息公开情况。",  # (1.72.1: the work published, 公开情况)
    ],
)
def test_each_compiled_sentence_holds_one_of_the_compiled_words(text: str) -> None:
    line = Line(text, text, "")
    found = placement._Readings("unit")
    placement._compiled_line_readings(found, line)
    assert found.items and placement._COMPILED_WORDS.search(text)


def _trim_the_long_way(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= placement._EVIDENCE_CHARS else text[: placement._EVIDENCE_CHARS - 1] + "…"


@pytest.mark.parametrize("spaces", ["", " ", "  \u3000\t", " " * 300, "\n" * 500])
@pytest.mark.parametrize("size", [0, 1, 79, 80, 81, 160, 319, 320, 321, 400, 2000])
def test_evidence_trimmed_from_its_start_as_from_the_whole(size: int, spaces: str) -> None:
    for text in ("宿迁市" * size)[:size], spaces + ("宿迁市" + spaces) * (size // 3), ("宿" + spaces) * size:
        assert placement._trim(text) == _trim_the_long_way(text)


@pytest.mark.parametrize(
    "path",
    ["", ".", "/", "//", "a", "a.txt", ".txt", "a.", "a..b", "a.b.c", "dir/", "dir/.", "/x/y/z.tar.gz", "x/../y",
     "x/..", "C:\\\\reports\\\\宿迁市 2017.txt", "a/./b", "./a.txt/", "reports/000/宿迁市人民政府.txt", "  . txt"],
)
def test_file_name_as_a_pure_path_gives_it(path: str) -> None:
    from pathlib import PurePath

    want = PurePath(path.replace("\\", "/"))
    assert placement._FileName.of(path) == (want.name, want.stem)


@pytest.mark.parametrize(
    "line", ["(本报记者 张三)", "来源: 齐鲁晚报", "来源:大众日报", "新华网北京3月5日电", "人民网12月1日电 记者"]
)
def test_a_news_mark_holds_one_of_the_news_words(line: str) -> None:
    """(is_other_page tests a line for the mark only when it holds one of them)"""
    assert meta._NEWS_MARK.search(line) and any(word in line for word in meta._NEWS_WORDS)


def test_each_unit_ending_ends_with_one_of_the_last_characters() -> None:
    """(the gate of _OPENING_NO_YEAR looks for a name's last character: every word of _UNIT_END ends with one)"""
    words = placement._UNIT_END.removeprefix("(?:").removesuffix(")")
    words = re.sub(r"\(\?<?[!=][^)]*\)", "", words)  # lookarounds take no character
    for word in words.split("|"):
        assert word[-1] in placement._UNIT_END_LAST, word


@pytest.mark.parametrize(
    "line",
    [
        "临河区医疗保障局2023年为深入推进…",
        "吴淞街道 根据《条例》要求,…",
        "过去一年,东丽区人民政府坚持…",
        "XX镇人民政府坚持以…",
    ],
)
def test_an_opening_without_a_year_passes_its_gate(line: str) -> None:
    assert placement._OPENING_NO_YEAR._gate.search(line)
    assert placement._OPENING_NO_YEAR.match(line)
