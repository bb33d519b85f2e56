"""Which template family a document's tables are: std2021 | std2019 | legacy | narrative.

Decided from the table HEADERS only. The year and the cited notice mislead: some 2022
reports cite the 2019 notice (国办公开办函〔2019〕60号) but print the 2021 table, and some
keep the 2019 table in 2022. Headers are matched on the compacted normalised text of
each cell (labels are often split: 统 计 指 标), and only on short, cell-like pieces, so
prose that happens to quote a header word does not turn a narrative report into a table.
"""

from __future__ import annotations

from pipelines.model import Family, Line
from pipelines.normalize.tokens import compact_text

# A header or row label is short; prose paragraphs are not.
_MAX_CELL_CHARS = 60

# Table 2 column headers of the 2021 template (国办公开办函〔2021〕30号).
_STD2021_HEADERS = ("本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额")
# Table 2 column headers of the 2019 template (国办公开办函〔2019〕60号).
_STD2019_HEADERS = (
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "本年增/减",
    "采购项目数量",
)
# Tables 3/4 exist in both std templates.
_STD_TABLE3_HEADERS = (
    "本年新收政府信息公开申请数量",
    "上年结转政府信息公开申请数量",
    "结转下年度继续办理",
    "申请人情况",
    "本年度办理结果",
    "未经复议直接起诉",
    "复议后起诉",
    "尚未审结",
)
# Only the 2021 table 3 splits (六)其他处理 into sub-rows; these are their labels.
_STD2021_OTHER_SUBROWS = ("申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用")
# Legacy 政府信息公开情况统计表: header cells and typical row labels.
_LEGACY_HEADERS = ("统计指标", "指标名称")
_LEGACY_HEADER_COLUMNS = ("统计数", "本年累计", "本期实际", "计量单位")
_LEGACY_ROWS = (
    "收到申请数",
    "申请总数",
    "行政复议数量",
    "行政诉讼数量",
    "申请办结数",
    "申请答复数",
    "对申请的答复总数",
    "否决公开答复总数",
    "当面申请数",
    "主动公开政府信息数",
    "举报投诉数量",
)


def _cell_pieces(lines: list[Line]) -> str:
    """Compacted text of every cell-like piece (table cells, '|' pieces, short lines), joined by '|'.

    Table rows from HTML/DOCX/PDF carry ``norm`` = their cells joined by ' | ', so one
    split serves both kinds of line. The lines are joined by '|' and compacted once: a
    short line holds no '|', so the split gives back exactly its compacted text, and a
    '|' line its pieces (one compact per document, not one per line).
    """
    limit = 2 * _MAX_CELL_CHARS  # cheap pre-filter: long lines without '|' are prose
    short: list[str] = []
    # …unless a long line holds no sentence: a whole table flattened into one line, its cells
    # separated by spaces ('…信息内容 本年制发件数 本年废止件数 现行有效件数 规 章 0 0 0 …', zy5421)
    flat: list[str] = []
    for line in lines:  # (one pass for both)
        norm = line.norm
        if len(norm) <= limit or "|" in norm:
            short.append(norm)
        elif "。" not in norm and " " in norm:
            flat.append("|".join(norm.split()))
    # (the document's own text, seen once: compacted without the memo, which would only hash
    # it and hold a whole document in each of its slots)
    text = compact_text("|".join(short))
    if flat:
        text += "|" + compact_text("|".join(flat))
    return text


def _in_a_piece(pieces: str, marker: str) -> bool:
    """Does ``marker`` (no '|' in it) occur inside a piece of at most _MAX_CELL_CHARS?

    Each occurrence is looked up with str.find and its piece measured around it: cheaper
    than cutting the whole text into pieces, as a marker is absent from most documents.
    """
    at = pieces.find(marker)
    while at >= 0:
        start = pieces.rfind("|", 0, at) + 1
        end = pieces.find("|", at + len(marker))
        if (end if end >= 0 else len(pieces)) - start <= _MAX_CELL_CHARS:
            return True
        at = pieces.find(marker, at + 1)
    return False


def _count(pieces: str, markers: tuple[str, ...]) -> int:
    """How many distinct markers occur in some short piece."""
    return sum(1 for m in markers if _in_a_piece(pieces, m))


def _at_least(pieces: str, markers: tuple[str, ...], n: int) -> bool:
    """Do ``n`` distinct markers or more occur in short pieces? Looked up only until the
    answer is certain (a marker absent is a scan of the whole text)."""
    found = 0
    left = len(markers)
    for marker in markers:
        if found + left < n:
            return False
        left -= 1
        if _in_a_piece(pieces, marker):
            found += 1
            if found >= n:
                return True
    return False


def _compare(pieces: str, markers: tuple[str, ...], other: int) -> int:
    """-1, 0 or 1: fewer, as many or more distinct markers occur in short pieces than ``other``,
    each marker looked up only while the answer is open."""
    found = 0
    left = len(markers)
    for marker in markers:
        if found + left < other:
            return -1
        left -= 1
        if _in_a_piece(pieces, marker):
            found += 1
            if found > other:
                return 1
    return 0 if found == other else -1


def detect_family(lines: list[Line]) -> Family:
    """'std2021' | 'std2019' | 'legacy' | 'narrative' from the table headers."""
    pieces = _cell_pieces(lines)
    s2021 = _count(pieces, _STD2021_HEADERS)
    versus = _compare(pieces, _STD2019_HEADERS, s2021)  # the 2019 headers against the 2021 ones
    if s2021 or versus > 0:
        if versus:
            return "std2021" if versus < 0 else "std2019"
        return "std2021" if _at_least(pieces, _STD2021_OTHER_SUBROWS, 1) else "std2019"
    if _at_least(pieces, _STD_TABLE3_HEADERS, 2):
        # Only tables 3/4: the 2021 template alone splits (六)其他处理 into sub-rows.
        return "std2021" if _at_least(pieces, _STD2021_OTHER_SUBROWS, 1) else "std2019"
    has_header = _at_least(pieces, _LEGACY_HEADERS, 1) and _at_least(pieces, _LEGACY_HEADER_COLUMNS, 1)
    if has_header or _at_least(pieces, _LEGACY_ROWS, 2):
        return "legacy"
    return "narrative"


__all__ = ["detect_family"]
