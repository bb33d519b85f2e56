"""Std tables 2, 3 and 4 of the 2019 / 2021 national templates → Figures.

One algorithm for every way a table reaches us (text dumps with ' | ' rows, one cell per
line, lone '|' lines, one cell per paragraph, space-separated PDF rows, real table rows
with cells): the lines become one stream of cells in reading order, each cell is either a
value (a number or a blank mark, read as 0 with its raw text kept) or text; text cells are
matched once against every known row label, column header and section heading. Then each
row label is found in order and the value cells that follow it are read *by position*:
never shifted left, a row cut short by the end of the excerpt is left out, and every
oddity becomes a human-readable doubt.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, replace

from pipelines.catalog import APPLICANT_COLUMNS, REVIEW_SUIT_COLUMNS
from pipelines.model import Figure, Line
from pipelines.normalize.tokens import BLANK_MARKS, cell_norms, cell_value, compact, remember

# ---------------------------------------------------------------------------
# What the tables contain.

# Table 2 rows: metric prefix, printed label, label pattern (matched after the numbering).
_T2_ROWS = (
    ("rules", "规章", r"规章(?:$|\()"),
    ("normative", "行政规范性文件", r"(?:行政)?规范性(?:文件|档案)(?:$|\()"),
    ("licensing", "行政许可", r"行政许可(?:事项)?(?:$|\()"),
    ("other_services", "其他对外管理服务事项", r"其他对外管理服务"),
    ("penalty", "行政处罚", r"行政处罚(?:事项)?(?:$|\()"),
    ("coercion", "行政强制", r"行政强制(?:事项)?(?:$|\()"),
    ("fees", "行政事业性收费", r"行政事业性收费(?:$|\()"),
    ("procurement", "政府集中采购", r"政府集中采购(?:$|\()"),
)

# Table 2 column headers: metric suffix, header pattern.
_T2_COLUMNS = (
    ("issued", r"本年新?制发"),
    ("repealed", r"本年废止"),
    ("in_force", r"现行有效"),
    ("made", r"本年新制作"),
    ("published", r"本年新公开"),
    ("public_total", r"对外公开总数"),
    ("prev_items", r"上一年度?项目数"),  # ('上一年度项目数量', zzg6301)
    ("change", r"本年增"),
    ("decisions", r"(?:本年)?处理决定数"),
    ("amount", r"本年收费金额|采购总金额"),
    ("projects", r"采购项目数"),
)

# Table 2 columns when a sub-table prints no header we can read.
_T2_DEFAULTS = {
    "std2021": {
        "rules": ("issued", "repealed", "in_force"),
        "normative": ("issued", "repealed", "in_force"),
        "licensing": ("decisions",),
        "penalty": ("decisions",),
        "coercion": ("decisions",),
        "fees": ("amount",),
    },
    "std2019": {
        "rules": ("made", "published", "public_total"),
        "normative": ("made", "published", "public_total"),
        "licensing": ("prev_items", "change", "decisions"),
        "other_services": ("prev_items", "change", "decisions"),
        "penalty": ("prev_items", "change", "decisions"),
        "coercion": ("prev_items", "change", "decisions"),
        "fees": ("prev_items", "change"),
        "procurement": ("projects", "amount"),
    },
}

# Columns only one template has: they tell which rows table 2 should have.
_T2_FAMILY_OF_COLUMN = {
    **dict.fromkeys(("issued", "repealed", "in_force"), "std2021"),
    **dict.fromkeys(("made", "published", "public_total", "prev_items", "change", "projects"), "std2019"),
}

# Table 3 rows in template order: metric infix, printed label, label pattern.
_T3_ROWS = (
    ("new", "一、本年新收政府信息公开申请数量", r"本年新收"),
    ("carried_in", "二、上年结转政府信息公开申请数量", r"上年结转"),
    ("granted", "（一）予以公开", r"予以公开"),
    ("partial", "（二）部分公开", r"部分公开"),
    ("denied.state_secret", "（三）1.属于国家秘密", r"(?:属于)?国家秘密"),
    ("denied.law_prohibited", "（三）2.其他法律行政法规禁止公开", r"其他法律"),
    ("denied.security", "（三）3.危及“三安全一稳定”", r"危及"),
    ("denied.third_party", "（三）4.保护第三方合法权益", r"保护第三方"),
    ("denied.internal", "（三）5.属于三类内部事务信息", r"(?:属于)?三类内部"),
    ("denied.process", "（三）6.属于四类过程性信息", r"(?:属于)?四类过程"),
    ("denied.enforcement", "（三）7.属于行政执法案卷", r"(?:属于)?行政执法案卷"),
    ("denied.query", "（三）8.属于行政查询事项", r"(?:属于)?行政查询"),
    ("unable.not_held", "（四）1.本机关不掌握相关政府信息", r"本机关不掌握"),
    ("unable.needs_creation", "（四）2.没有现成信息需要另行制作", r"没有现成信息"),
    ("unable.unclear", "（四）3.补正后申请内容仍不明确", r"补正后申请内容"),
    ("unprocessed.petition", "（五）1.信访举报投诉类申请", r"信访举报投诉"),
    ("unprocessed.repeat", "（五）2.重复申请", r"重复申请"),
    ("unprocessed.publication", "（五）3.要求提供公开出版物", r"要求提供公开出版物"),
    ("unprocessed.excessive", "（五）4.无正当理由大量反复申请", r"无正当理由大量反复"),
    ("unprocessed.confirm", "（五）5.要求行政机关确认或重新出具已获取信息", r"要求行政机关确认"),
    ("other", "（六）其他处理", r"其他处理"),
    ("other.no_correction", "（六）1.申请人无正当理由逾期不补正", r"申请人无正当理由逾期不补正"),
    ("other.no_fee", "（六）2.申请人逾期未按收费通知要求缴纳费用", r"申请人逾期未按收费通知"),
    ("other.other", "（六）3.其他", r"其他(?:$|\()"),
    ("total", "（七）总计", r"总计(?:$|\()"),
    ("carried_out", "四、结转下年度继续办理", r"结转下年度"),
)
_T3_KEYS = tuple(key for key, _, _ in _T3_ROWS)
_T3_POS = {key: i for i, key in enumerate(_T3_KEYS)}
# '其他' and '总计' are also column headers printed above row 一: such a label only counts
# once reading has passed the rows before it.
_T3_ONLY_AFTER = {"other.other": _T3_POS["other.no_correction"], "total": _T3_POS["granted"]}
_T3_OTHER_2021 = ("other.no_correction", "other.no_fee", "other.other")
# The metric key of each cell of each table-3 row, in column order (built once, not per figure).
_T3_METRICS = {key: tuple(f"apply.{key}.{suffix}" for suffix, _ in APPLICANT_COLUMNS) for key in _T3_KEYS}

# Section headings and table markers.
_HEADINGS = (
    ("h2", r"主动公开政府信息情况$|第二十条第|信息内容$"),
    ("h3", r"收到和处理政府信息公开申请情况$|\(?本列数据的勾稽关系|申请人情况$"),
    # '四、政府信息公开行政复议、行政诉讼情况', '四、因政府信息公开工作被申请行政复议提起行政诉讼情况',
    # the header row '行政复议 行政诉讼'
    ("h4", r"因?政府信息公开(?:工作)?(?:被申请)?行政复议|行政复议(?:$|\(|、?行政诉讼$)"),
    ("h5", r"(?:政府信息公开工作)?存在的主要问题|其他需要报告的事项"),
)


def _label_pattern() -> re.Pattern[str]:
    """One alternation over every label, so each text cell is matched exactly once."""
    parts = [f"(?P<h_{name}>{pat})" for name, pat in _HEADINGS]
    parts += [f"(?P<r2_{i}>{pat})" for i, (_, _, pat) in enumerate(_T2_ROWS)]
    parts += [f"(?P<c2_{i}>{pat})" for i, (_, pat) in enumerate(_T2_COLUMNS)]
    parts += [f"(?P<r3_{i}>{pat})" for i, (_, _, pat) in enumerate(_T3_ROWS)]
    return re.compile("|".join(parts))


_LABELS = _label_pattern()

# Numbering and parent labels in front of a row label: '三、', '（一）', '1.', '1、', '(1)',
# '本年度办理结果' (shares a cell with （一）予以公开), '（三）不予公开' before '1.…'.
_PREFIX = re.compile(
    r"^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十]+\)|\d{1,2}[.、](?!\d)|\(\d{1,2}\)"
    r"|本年度办理结果|(?:不予公开|无法提供|不予处理|其他处理)(?=\(?\d))+"
)
# Pinyin left inside words by some traditional-character mirrors: 數(shù)量.
_PINYIN = re.compile(r"(?<=[\u4e00-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
_SPACES = re.compile(r"\s+")
_PARENTHESES = re.compile(r"\([^()]*\)")  # notes inside a label may hold numbers: （含2件转办）
_DASHES = frozenset("-—–")  # a page number starts with one: tested before the pattern
_PAGE_NUMBER = re.compile(r"^[-—–]\s*\d{1,3}\s*[-—–]$")
# A sentence, not a label: '本年新收政府信息公开申请58件，…。' starts like row 一 but is prose.
_PROSE = re.compile(r"。|\d+(?:件|条|项|次|个|人次)")
_NUMBER_START = frozenset("0123456789+-−－?？�.")
_BLANKS = frozenset(BLANK_MARKS)
_LONG_TEXT = 160  # longer lines are prose, never a table label: skip matching them
_LONG_NUMBER = 24  # no value cell is longer ('1,234,567.89万元'); prose may start with a digit

_EXPECTED_T3 = len(APPLICANT_COLUMNS)
_EXPECTED_T4 = len(REVIEW_SUIT_COLUMNS)


# Table-2 metric keys (metrics.csv): a header column only counts for a row where the
# pair exists, e.g. no 'rules.decisions'.
_T2_KEYS = frozenset(
    f"{prefix}.{col}" for family in _T2_DEFAULTS.values() for prefix, cols in family.items() for col in cols
)


# ---------------------------------------------------------------------------
# The cell stream.


@dataclass(slots=True)
class _Cell:
    raw: str  # as printed
    prov: str
    value: float | None  # None: text
    tag: str | None = None  # matched label group (text cells)
    weak: bool = False  # blank made from empty lines of a text dump (may be layout only)
    glued: bool = False  # the digits of a row's cells printed with no separator ('规章000')
    piped: bool = False  # a blank between two lone '|' lines of a cell-per-line dump (zy5405)


def _value(norm: str) -> float | None:
    """A compact cell's value: number, 0 for a blank mark, None for text (fast paths first)."""
    if not norm:
        return 0.0
    if norm.isascii() and norm.isdigit():
        return float(norm)
    if norm in _BLANKS:
        return 0.0
    if norm[0] in _NUMBER_START and len(norm) <= _LONG_NUMBER:
        return cell_value(norm)
    if norm[0] in "增减" and len(norm) <= _LONG_NUMBER:
        return _change_in_words(norm)
    return None


# 本年增/减 written in words: '减4' = -4, '增加3' = 3 (a few reports print the sign so).
_CHANGE_WORDS = re.compile(r"(增加?|减少?)([\d,]+(?:\.\d+)?)")


def _change_in_words(norm: str) -> float | None:
    m = _CHANGE_WORDS.fullmatch(norm)
    if m is None:
        return None
    number = cell_value(m.group(2))
    if number is None:
        return None
    return -number if m.group(1).startswith("减") else number


def _cell(norm: str, raw: str, prov: str) -> _Cell:
    """Classify one compact cell text."""
    value, tag = _CLASSES.get(norm) or _class_of(norm)
    return _Cell(raw, prov, value, tag)


def _class_of(norm: str) -> tuple[float | None, str | None]:
    """(value, tag) of a compact cell text the memo does not hold: classified and remembered.
    The hot loops look the memo up themselves (``_CLASSES.get(norm) or _class_of(norm)``: a
    (value, tag) pair is never false) and call this only on a miss."""
    return remember(_CLASSES, norm, _classify(norm), _CLASSES_MAX)


# A compact cell text's (value, label tag): a pure function of the text, and the same labels,
# blank marks and small numbers recur in every report — classified once per worker (bounded).
_CLASSES: dict[str, tuple[float | None, str | None]] = {}
_CLASSES_MAX = 20_000


def _classify(norm: str) -> tuple[float | None, str | None]:
    value = _value(norm)
    if value is not None:
        return value, None
    if len(norm) > _LONG_TEXT:
        return None, None
    if "(" in norm:
        norm = _PINYIN.sub("", norm)
    label = _PREFIX.sub("", norm, count=1)
    m = _LABELS.match(label)
    if m is None or _PROSE.search(_PARENTHESES.sub("", label) if "(" in label else label):
        return None, None
    return None, m.lastgroup


@dataclass(frozen=True, slots=True)
class _Layout:
    paragraph: bool  # one cell per paragraph
    lone_pipe_is_cell: bool  # cells ended by ' |': a lone '|' line is an empty cell
    pipe_ends_cell: bool  # cells each followed by a lone '|' line
    broken_rows: bool  # a line ending in '|' followed by a lone '|' line: what _join_broken_rows joins


def _stripped(lines: list[Line]) -> list[str]:
    """Each line's norm stripped ('' for a row of cells): stripped once, read by _layout and _cells."""
    return ["" if line.cells is not None else line.norm.strip() for line in lines]


def _layout(lines: list[Line], stripped: list[str]) -> _Layout:
    """How a text dump lays out its cells, in one pass.

    One cell per paragraph: plain text lines are mostly followed by an empty line.
    Cells ended by ' |' ('规章 |', '0 |'): there a lone '|' line is an empty cell
    ('一、本年新收… |', six '|' lines, '0 |'), whereas in dumps whose cells carry no '|'
    a lone '|' only separates cells.
    Cells each followed by a lone '|' line ('规章', '|', '|', '|', '|', '规范性文件': zy5405): the
    first '|' after a cell ends it, each further one is an empty cell.
    """
    plain = followed = ended = short_plain = piped = 0
    prev_plain = prev_ends_row = broken = False
    for line, norm in zip(lines, stripped, strict=True):
        if not norm:  # an empty line, or a row of cells
            if prev_plain and line.cells is None:
                followed += 1
            prev_plain = prev_ends_row = False
            continue
        if "|" not in norm:
            plain += 1
            prev_plain, prev_ends_row = True, False
            if len(norm) <= 60:
                short_plain += 1
            continue
        if norm == "|":  # (half the lines of a cell-per-line dump: its tests written out alone)
            piped += prev_plain
            broken = broken or prev_ends_row
            # (the test of _join_broken_rows, whose 'norm.lstrip() != "|"' lets a lone '|'
            # with spaces after it end a row)
            prev_plain, prev_ends_row = False, line.norm.lstrip() != "|"
            continue
        prev_plain = False
        if norm.endswith("|"):
            prev_ends_row = True  # (not a lone '|': that one is tested above)
            if len(norm) <= 60 and norm.count("|") == 1:
                ended += 1
        else:
            prev_ends_row = False
    paragraph = plain >= 4 and followed * 5 >= plain * 3
    lone_pipe_is_cell = ended >= 8 and ended > short_plain
    pipe_ends_cell = not lone_pipe_is_cell and piped >= 8 and piped * 3 >= short_plain * 2
    return _Layout(paragraph, lone_pipe_is_cell, pipe_ends_cell, broken)


def _split_plain(line: Line) -> list[_Cell] | None:
    """A plain line that ends in value cells separated by spaces (PDF rows, the flip-book
    table-4 line '5 0 0 2 7 …', '规章 0 0 6') → label cell + value cells; else None."""
    parts = _join_debris(line.norm.split())
    if len(parts) < 2:
        return [_Cell(line.text.strip(), f"{line.prov} cell 1", cell_value(parts[0]))] if parts else None
    values = 0
    for part in reversed(parts):
        if _value(part) is None:
            break
        values += 1
    if values == 0:
        return _split_header(line, parts)
    raws = _join_debris(line.text.split())
    if len(raws) != len(parts):
        raws = parts
    n_label = len(parts) - values
    out = []
    if n_label:
        out.append(_cell("".join(parts[:n_label]), " ".join(raws[:n_label]), f"{line.prov} cell 1"))
    base = len(out) + 1
    for k, j in enumerate(range(n_label, len(parts))):
        out.append(_Cell(raws[j], f"{line.prov} cell {base + k}", _value(parts[j])))
    return out


_FLAT_MIN_VALUES = 6


def _split_flat_table(line: Line) -> list[_Cell] | None:
    """A whole table flattened into one space-separated line, no sentence in it ('…信息内容 本年制发件数
    本年废止件数 现行有效件数 规 章 0 0 0 行政规范性文件 0 0 0 第二十条第(五)项 …': zy5421) → one cell
    per token, a label broken by a space ('规 章', '商业 企业') joined back when the two halves
    together are a known label; else None (prose)."""
    parts = _join_debris(line.norm.split())
    if sum(1 for p in parts if _value(p) is not None) < _FLAT_MIN_VALUES:
        return None
    return _labelled_cells(line, parts)  # None: numbers in a run-on sentence, not a table


def _labelled_cells(line: Line, parts: list[str]) -> list[_Cell] | None:
    """One cell per space-separated part, a label broken by a space ('规 章', '本年新 制作数量')
    joined back when the two halves together are a known label; None unless two cells or more
    are known labels."""
    out: list[_Cell] = []
    j = 0
    while j < len(parts):
        prov = f"{line.prov} cell {len(out) + 1}"
        part = parts[j]
        cell = _cell(part, part, prov)
        if cell.value is None and cell.tag is None and j + 1 < len(parts) and _value(parts[j + 1]) is None:
            joined = _cell(part + parts[j + 1], f"{part} {parts[j + 1]}", prov)
            if joined.tag is not None:
                cell = joined
                j += 1
        out.append(cell)
        j += 1
    if sum(1 for c in out if c.tag is not None) < 2:
        return None
    return out


def _join_debris(parts: list[str]) -> list[str]:
    """Encoding debris printed before a cell ('? 0', '�3') belongs to that cell: '? 0 ? 1'
    is two cells, not four."""
    if not any(p.strip("?？�") == "" for p in parts):
        return parts
    out: list[str] = []
    for part in parts:
        if out and out[-1].strip("?？�") == "":
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def _pipe_cells(line: Line, out: list[_Cell]) -> None:
    """A ' | ' line → its pieces, by the rules of tokens.iter_tokens (same provenance
    'line N cell J'; the empty piece after a trailing '|' dropped), inlined because this
    is the hot loop; also the empty piece before a leading '|' is not a cell."""
    norm_parts = line.norm.split("|")
    # compacting the line once compacts each of its pieces ('|' is no whitespace, and no
    # '&nbsp;' spans a '|'), memoised by the whole line: the same rows recur in every report
    compacts = compact(line.norm).split("|")
    raw_parts = line.text.split("|") if line.text.count("|") == len(norm_parts) - 1 else norm_parts
    last = len(norm_parts)
    if not norm_parts[-1].strip():
        last -= 1
    first = 1 if line.norm.startswith("|") else 0  # "| 规章 | 0 |"; " |  | 1 |" starts with a blank cell
    prov = line.prov
    classes = _CLASSES
    for j in range(first, last):
        norm = compacts[j]
        raw = raw_parts[j].strip()
        if not norm and raw in ("", "&nbsp;"):
            # An empty piece may be a real blank cell or leftover colspan debris
            # ('规章 | 0 | 0 | 0 | |'): weak, so a row with too many cells sheds it at its edge
            # and it does not count when choosing a row's columns.
            out.append(_Cell(raw, f"{prov} cell {j + 1}", 0.0, weak=True))
            continue
        value, tag = classes.get(norm) or _class_of(norm)  # (not star-unpacked into the call: slower)
        out.append(_Cell(raw, f"{prov} cell {j + 1}", value, tag))


def _split_header(line: Line, parts: list[str]) -> list[_Cell] | None:
    """A plain line of space-separated header cells ('信息内容 本年新制作数量 本年新公开数量 …')
    → one cell per header, when at least two are known labels; else None (a label split by
    spaces such as '商业 企业' stays one cell). A header itself broken by a space
    ('本年新 制作数量') is joined back when the two halves together are a known label."""
    if len(parts) > 12:
        return None
    return _labelled_cells(line, parts)


def _is_lone_pipe(line: Line) -> bool:
    return line.cells is None and line.norm.strip() == "|"


def _join_broken_rows(lines: list[Line]) -> list[Line]:
    """A ' | ' row broken at its blank cells, one line per break ('一、本年新收…数量 | 25 |',
    four lone '|' lines, '| 25 |': zq4609) is one row again: the run of lone '|' lines is
    joined to the row before it (ending with '|') and the line after it (starting with '|'),
    so that each pair of pipes around a line break encloses one blank cell
    ('… | 25 | | | | | | 25 |': natural 25, five blanks, total 25)."""
    out: list[Line] = []
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        j = i + 1
        if line.cells is None and (norm := line.norm.rstrip()).endswith("|") and norm.lstrip() != "|":
            while j < n and _is_lone_pipe(lines[j]):
                j += 1
            if j > i + 1:
                parts = lines[i:j]
                if j < n and lines[j].cells is None and lines[j].norm.lstrip().startswith("|"):
                    parts = lines[i : j + 1]
                    j += 1
                out.append(Line(
                    text=" ".join(x.text.strip() for x in parts),
                    norm=" ".join(x.norm.strip() for x in parts),
                    prov=line.prov,
                ))
                i = j
                continue
        out.append(line)
        i += 1
    return out


def _cells(lines: list[Line]) -> list[_Cell]:
    """Every cell of the document in reading order, blanks included.

    Table rows give one cell per physical cell (as iter_tokens), ' | ' lines give one
    cell per piece (_pipe_cells). Plain lines are one cell each, or a label plus values
    when space-separated (PDF text). Empty lines between one-cell plain lines are blank
    cells in one-cell-per-line dumps; in one-cell-per-paragraph dumps a single empty line
    only separates cells and each further pair of empty lines is one blank cell. Blanks
    made from empty lines are weak: a row with too many cells sheds them at its edges.
    """
    strips = _stripped(lines)
    layout = _layout(lines, strips)
    paragraph, lone_pipe_is_cell, pipe_ends_cell = layout.paragraph, layout.lone_pipe_is_cell, layout.pipe_ends_cell
    if layout.broken_rows and not lone_pipe_is_cell:
        lines = _join_broken_rows(lines)
        strips = _stripped(lines)
    out: list[_Cell] = []
    classes = _CLASSES  # (_cell inlined in the loops over cells: one call less a cell)
    empties = 0
    empty_prov = ""
    prev_single = False  # the last non-empty line was a plain one-cell line
    prev_pipe = False  # the line before was a lone '|'
    # Tests ordered by how often they decide: half the lines of a one-cell-per-line dump are
    # empty, or lone '|' lines.
    for line, stripped in zip(lines, strips, strict=True):
        if line.cells is not None:
            empties, prev_single, prev_pipe = 0, False, False
            out.extend([
                _Cell(c.text, c.prov, value, tag)
                for c, norm in zip(line.cells, cell_norms(line), strict=False)
                for value, tag in (classes.get(norm) or _class_of(norm),)
            ])
            continue
        if not stripped:
            prev_pipe = False
            if not empties:
                empty_prov = line.prov
            empties += 1
            continue
        if stripped == "|":
            # (two '|' lines with an empty line between them: the empty line is the blank cell)
            after_pipe, prev_pipe = prev_pipe, True
            if pipe_ends_cell:
                if after_pipe:  # a '|' after a '|': a blank cell between them (or a row's end: weak)
                    out.append(_Cell("", line.prov, 0.0, weak=True, piped=True))
            elif lone_pipe_is_cell:
                out.append(_Cell("", line.prov, 0.0, weak=True))
            # else a lone '|' between cells: no cell, and no break in a run of one-cell lines
            continue
        prev_pipe = False
        if "|" in stripped:
            if not stripped.replace("|", "").strip():
                # Colspan debris '| ||||||': no cell, and no break in a run of one-cell lines.
                # Only a table-4 data row left blank (' |  | … |', 15 pieces, no label) gives
                # cells: weak blanks, dropped when real numbers follow.
                pieces = line.norm.split("|")
                n_blank = len(pieces) - (0 if pieces[-1].strip() else 1)
                if n_blank >= _EXPECTED_T4:
                    out.extend(_Cell("", line.prov, 0.0, weak=True) for _ in range(n_blank))
                continue
            empties, prev_single = 0, False
            _pipe_cells(line, out)
            continue
        if len(stripped) > _LONG_TEXT:  # prose: one text cell, nothing to match
            empties, prev_single = 0, False
            flat = _split_flat_table(line) if "。" not in stripped and " " in stripped else None
            out.extend(flat or [_Cell(line.text, line.prov, None)])
            continue
        if stripped[0] in _DASHES and _PAGE_NUMBER.match(stripped):
            continue  # page furniture of a PDF ('— 1 —'), not three cells
        if " " in stripped:
            split = _split_plain(line)
            if split is not None:
                empties, prev_single = 0, False
                out.extend(split)
                continue
            norm = _SPACES.sub("", stripped)
        else:
            norm = stripped
        if empties:
            if prev_single:
                gaps = (empties - 1) // 2 if paragraph else empties
                if gaps:  # (none after most cells of a one-cell-per-paragraph dump)
                    out.extend([_Cell("", empty_prov, 0.0, weak=True) for _ in range(gaps)])
            empties = 0
        # cheap tests before _GLUED_ROW (\d is what str.isdecimal says): the text ends in a
        # digit but is not all digits (a plain number, most lines of a one-cell-per-line dump)
        glued = _glued_row(norm, line) if norm[-1].isdecimal() and not norm.isdecimal() else None
        if glued:
            out.extend(glued)
        else:
            if "&nbsp;" in norm:
                norm = norm.replace("&nbsp;", "")
            value, tag = classes.get(norm) or _class_of(norm)
            out.append(_Cell(line.text.strip(), line.prov, value, tag))
        prev_single = True
    return out


# A row label and its cells' digits run together, no separator at all ('行政规范性文件040',
# '一、本年新收政府信息公开申请数量2000002': k1426): the label, then the digits as one glued cell,
# split later only where each cell can hold one digit (as many digits as the row has columns).
_GLUED_ROW = re.compile(r"^(?P<label>.*[^\d\s.,，、:：\-—])(?P<digits>\d{1,15})$")


def _glued_row(norm: str, line: Line) -> list[_Cell] | None:
    """(called only for a text ending in a digit that is not all digits)"""
    hit = _GLUED_ROW.match(norm)
    if hit is None or _value(norm) is not None:
        return None
    label = _cell(hit.group("label"), hit.group("label"), line.prov)
    if label.tag is None or not label.tag.startswith(("r2_", "r3_")):
        return None
    digits = hit.group("digits")
    return [label, _Cell(digits, f"{line.prov} (glued)", float(digits), glued=True)]


def _unglue(run: list[_Cell], n: int) -> list[_Cell]:
    """A glued run read as ``n`` cells: one digit each when it has exactly ``n`` digits, the
    whole number for a one-column row; otherwise nothing (the cells cannot be told apart)."""
    if len(run) != 1 or not run[0].glued or n == 1:
        return run
    digits = run[0].raw
    if len(digits) != n:
        return []
    return [_Cell(d, f"{run[0].prov} digit {k + 1}", float(d)) for k, d in enumerate(digits)]


# ---------------------------------------------------------------------------
# Reading rows.


@dataclass(slots=True)
class _Run:
    cells: list[_Cell]
    end: int  # index of the first cell after the run
    at_end: bool  # the run stops at the end of the region (excerpt cut?)


def _read_run(cells: list[_Cell], start: int, stop: int, max_skip: int = 4) -> _Run:
    """The value cells after a row label at ``start - 1``.

    Untagged text right after the label is the rest of a split label or a note
    ('不计其他情形)'): skipped. A tagged text cell before any value means this label has
    no values of its own (a parent row such as （六）其他处理 in 2021).
    """
    i = start
    skipped = 0
    while i < stop and cells[i].value is None:
        if cells[i].tag is not None or skipped >= max_skip:
            return _Run([], i, False)
        skipped += 1
        i += 1
    j = i
    while j < stop and cells[j].value is not None:
        j += 1
    return _Run(cells[i:j], j, j >= stop)


def _fit(run: list[_Cell], n: int) -> tuple[list[_Cell], list[_Cell]]:
    """Trim layout-only blanks at the edges of a too-long run; → (first n cells, extra cells)."""
    lo, hi = 0, len(run)
    while hi - lo > n and run[hi - 1].weak:
        hi -= 1
    while hi - lo > n and run[lo].weak:
        lo += 1
    return run[lo : lo + n], run[lo + n : hi]


def _has_numbers(extra: list[_Cell]) -> bool:
    return any(c.value for c in extra)


def _figure(metric: str, cell: _Cell) -> Figure:
    return Figure(metric, cell.value or 0.0, cell.raw, cell.prov, "table")


# ---------------------------------------------------------------------------
# The tables.


@dataclass(slots=True)
class _Regions:
    t2: tuple[int, int] | None
    t3: tuple[int, int] | None
    t4: tuple[int, int] | None


def _tagged(cells: list[_Cell]) -> list[tuple[int, str]]:
    """(index, tag) of every tagged cell, in order: picked out once for _regions and the table
    readers (most cells are values or plain text)."""
    return [(i, c.tag) for i, c in enumerate(cells) if c.tag is not None]


def _tags_in(
    tagged: list[tuple[int, str]], lo: int, hi: int, prefixes: str | tuple[str, ...]
) -> list[tuple[int, str]]:
    """The (index, tag) of the tagged cells in ``lo:hi`` whose tag starts with one of ``prefixes``."""
    start, stop = bisect_left(tagged, (lo,)), bisect_left(tagged, (hi,))
    return [(k, tag) for k, tag in tagged[start:stop] if tag.startswith(prefixes)]


def _regions(tagged: list[tuple[int, str]], n_cells: int) -> _Regions:
    """Where tables 2, 3, 4 lie in the stream of ``n_cells`` cells, from headings, headers and
    row labels (``tagged``: the tagged cells, _tagged).

    Table 3 anchors everything (its heading and row labels are the most specific): table 2
    is what comes before it, table 4 starts at the first 行政复议 heading after it and
    ends at section 五 / 六.
    """
    t2: list[int] = []
    t3: list[int] = []
    t4: list[int] = []
    t5: list[int] = []
    for i, tag in tagged:
        if tag == "h_h2" or tag.startswith(("r2_", "c2_")):
            t2.append(i)
        elif tag == "h_h3" or _is_t3_start(tag):
            t3.append(i)
        elif tag == "h_h4":
            t4.append(i)
        elif tag == "h_h5":
            t5.append(i)
    i3 = t3[0] if t3 else None
    i2 = next((i for i in t2 if i3 is None or i < i3), None)
    after = max(i for i in (i2, i3, 0) if i is not None)
    i4 = next((i for i in t4 if i >= after), None)
    i5 = next((i for i in t5 if i4 is not None and i > i4), None)
    end4 = i5 if i5 is not None else n_cells
    end3 = i4 if i4 is not None else end4
    end2 = i3 if i3 is not None else end3
    return _Regions(
        (i2, end2) if i2 is not None else None,
        (i3, end3) if i3 is not None else None,
        (i4, end4) if i4 is not None else None,
    )


def _is_t3_start(tag: str) -> bool:
    if not tag.startswith("r3_"):
        return False
    return _T3_KEYS[int(tag[3:])] not in _T3_ONLY_AFTER


_T2_TAGS = ("c2_", "r2_")
# (a cell keeps its printed text: traditional labels too, '項目數量')
_COLUMN_LIKE = re.compile(r"[^\d()（）:：]{0,8}(?:数量|數量|数|數|金额|金額|件数|件數)")


def _unknown_column_label(cell: _Cell) -> bool:
    """A header cell that names a column of no template ('本年数量', '項目數量')."""
    return cell.tag is None and cell.value is None and not cell.weak and bool(_COLUMN_LIKE.fullmatch(cell.raw.strip()))


def _table2(
    cells: list[_Cell], tagged: list[tuple[int, str]], lo: int, hi: int, template: str
) -> tuple[list[Figure], list[str]]:
    figures: list[Figure] = []
    doubts: list[str] = []
    known = _T2_KEYS
    header: list[str] = []
    header_done = False  # a row was read since the last header cell: the next header is new
    fee_in_yuan = False  # '本年收费金额（单位：元）': the 万元 key gets the amount / 10,000
    seen: set[str] = set()
    first_values: dict[str, list[float | None]] = {}
    # a row label printed again with other numbers ('政府集中采购 | 閻良區公務用車10輛 | 1530000元',
    # then three more such rows: i1224) is a list of items, not the template's one row: none is taken
    repeated: set[str] = set()
    printed_family = None  # the template whose columns the table printed, if any told
    i = lo  # the first cell not read yet
    marks = _tags_in(tagged, lo, hi, _T2_TAGS)  # the column and row labels
    for k, tag in marks:
        if k < i:
            continue  # read already, in the row before
        i = k
        if tag.startswith("c2_"):
            if header_done:
                header, header_done = [], False
            # a label of no template column before the first column label ('信息內容 | 項目數量 | 處理決定數量', a
            # homemade 2019 table: zzzzzi12356): that column's numbers are not read either
            before = cells[i - 1] if i - 1 >= lo else None
            if not header and before is not None and _unknown_column_label(before):
                header.append("?")
            header.append(_T2_COLUMNS[int(tag[3:])][0])
            # a label of no template column between two column labels ('上一年项目数量 | 本年数量 |
            # 处理决定数量', l1526): that column's numbers are not read
            nxt = cells[i + 1] if i + 1 < hi else None
            after = cells[i + 2] if i + 2 < hi else None
            if (
                nxt is not None
                and after is not None
                and _unknown_column_label(nxt)
                and after.tag is not None
                and after.tag.startswith(_T2_TAGS)
            ):
                header.append("?")
                i += 1
            if header[-1] == "amount" and "收费" in cells[i].raw:
                fee_in_yuan = bool(re.search(r"(?<!万)元", cells[i].raw))
            i += 1
            continue
        prefix, printed, _ = _T2_ROWS[int(tag[3:])]
        header_done = True
        run = _read_run(cells, i + 1, hi)
        i = max(run.end, i + 1)
        if prefix in seen:
            values = [c.value for c in run.cells if not c.weak]
            if run.cells and values != first_values.get(prefix):
                repeated.add(prefix)
            continue
        if not run.cells:
            # only in a table whose numbers the dump kept elsewhere (a dump of labels alone,
            # its cells images or lost: n1719, real_106 — nothing can be read)
            blank = _blank_row(cells, i, hi, prefix, header, template, known) if figures else ()
            if blank:
                seen.add(prefix)
                at = cells[i - 1].prov  # the row label's line: the blanks were printed there
                figures.extend(Figure(f"{prefix}.{col}", 0.0, "", at, "table") for col in blank)
            continue
        seen.add(prefix)
        first_values[prefix] = [c.value for c in run.cells if not c.weak]
        if run.cells[0].glued:
            named = header and any(f"{prefix}.{col}" in known for col in header)
            n_cols = len(header) if named else len(_T2_DEFAULTS.get(template, {}).get(prefix, ()))
            run = _Run(_unglue(run.cells, n_cols), run.end, run.at_end)
            if not run.cells:
                doubts.append(f"表二“{printed}”：数字连在一起，无法分开，未采用")
                continue
        n_values = sum(1 for c in run.cells if not c.weak)
        if not n_values and all(c.piped for c in run.cells):
            # a row of blanks only ('规章', four '|' lines: zy5405): as many cells as it printed
            n_values = len(run.cells)
        columns = _t2_columns(prefix, header, n_values, template, known)
        if columns is None:
            doubts.append(f"表二“{printed}”：无法确定各列含义，未采用")
            continue
        used, extra = _fit(run.cells, len(columns))
        if len(used) < len(columns):
            why = "表格在此截断" if run.at_end and hi == len(cells) else "缺少单元格"
            doubts.append(f"表二“{printed}”：只有 {len(used)} 个数，应为 {len(columns)} 个（{why}），未采用")
            continue
        if extra and _has_numbers(extra):
            doubts.append(f"表二“{printed}”：多出 {len(extra)} 个数，只取前 {len(columns)} 个")
        for col, cell in zip(columns, used, strict=True):
            key = f"{prefix}.{col}"
            if key in known:
                figure = _figure(key, cell)
                if key == "fees.amount" and fee_in_yuan:
                    figure = replace(figure, value=figure.value / 10_000)  # raw text keeps the 元
                # procurement.amount stays as printed (metrics.csv: '152790元' is 152790, o1838)
                figures.append(figure)
                if col in _T2_FAMILY_OF_COLUMN:
                    printed_family = _T2_FAMILY_OF_COLUMN[col]
    for prefix in sorted(repeated):
        label = next(printed for p, printed, _ in _T2_ROWS if p == prefix)
        doubts.append(f"表二“{label}”：同一行名出现多次且数字不同，未采用")
        figures = [f for f in figures if not f.metric.startswith(prefix + ".")]
    if not seen:
        doubts.append("表二：未找到数据行")
        return figures, doubts
    family = printed_family or template
    missing = [
        label
        for prefix, label, _ in _T2_ROWS
        if prefix in _T2_DEFAULTS.get(family, {}) and prefix not in seen
    ]
    if missing and hi < len(cells):  # a table cut by the end of the excerpt is not "missing" rows
        doubts.append("表二只找到部分行，缺少：" + "、".join(missing))
    return figures, doubts


def _blank_row(
    cells: list[_Cell], at: int, hi: int, prefix: str, header: list[str], template: str, known: frozenset[str]
) -> tuple[str, ...]:
    """A table-2 row printed with every cell blank, the blanks dropped by the flattening
    ('行政許可', '其他對外管理服務事項', then the next sub-table's heading: zq4608): its
    columns, each 0 — only when its sub-table header names this row's columns and the
    sub-table holds no number at all up to the next header (labels printed first and their
    numbers after them would be no such sub-table); never at the end of an excerpt, and only
    after a row of the table that held numbers (the caller's test)."""
    if not header or not any(f"{prefix}.{col}" in known for col in header):
        return ()
    j = at
    while j < hi:
        cell = cells[j]
        if cell.tag is not None and cell.tag.startswith("c2_"):
            break
        if cell.value is not None and not cell.weak:
            return ()  # a number in the sub-table: its rows are not all blank
        j += 1
    else:
        return ()  # the region ends first: the excerpt may be cut here
    columns = _t2_columns(prefix, header, len(header), template, known)
    return tuple(col for col in columns or () if f"{prefix}.{col}" in known)


def _t2_columns(
    prefix: str, header: list[str], n_values: int, template: str, known: frozenset[str]
) -> tuple[str, ...] | None:
    """The columns of a table-2 row: its sub-table header when that names columns of this
    row and fits the count, else the template's columns (or the other template's) that fit
    the count; a header that does not fit is still preferred to a guess."""
    named = tuple(header) if header and any(f"{prefix}.{col}" in known for col in header) else None
    if named and len(set(named)) < len(named):
        # the same label twice is a typo ('本年制发件数 | 本年制发件数 | 现行有效件数'): the
        # template's own columns by position, when one fits the count
        fits = [d for d in (_T2_DEFAULTS[f].get(prefix) for f in (template,)) if d and len(d) == n_values]
        if fits and set(named) <= set(fits[0]):
            return fits[0]
        return None
    if named and len(named) == n_values:
        return named
    other = "std2019" if template == "std2021" else "std2021"
    families: tuple[str, ...] = (template, other)
    printed = {_T2_FAMILY_OF_COLUMN[c] for c in named or () if c in _T2_FAMILY_OF_COLUMN}
    if len(printed) == 1:
        # The header names one template's columns (even if cut, '本年新 | 本年新 | 对外公开总数量'):
        # never read the row with the other template's columns ('行政许可 6 减4 2' is not
        # one 2021 处理决定数量).
        families = tuple(printed)
    defaults = [d for d in (_T2_DEFAULTS[f].get(prefix) for f in families) if d]
    for cols in defaults:
        if len(cols) == n_values:
            if named and not printed and any(c in _T2_FAMILY_OF_COLUMN for c in cols):
                # a header that prints only the columns both templates share ('本年處理決定數量' over three cells
                # 0 | 0 | 0, zzzzzi12372): the other template's columns it does not print are a guess
                return None
            return cols
    if named:
        return named
    return defaults[0] if defaults else None


def _table3(
    cells: list[_Cell], tagged: list[tuple[int, str]], lo: int, hi: int, template: str
) -> tuple[list[Figure], list[str]]:
    excerpt_ends = hi == len(cells)  # no table 4 or later section: the excerpt may stop mid-table
    rows: dict[str, list[_Cell]] = {}
    short: list[str] = []
    doubts: list[str] = []
    cut_at = None  # position of a row cut off by the end of the excerpt
    expected = 0  # position of the next row in template order
    i = lo  # the first cell not read yet
    labels = _tags_in(tagged, lo, hi, "r3_")  # the row labels (most cells of the table are its numbers)
    for at, tag in labels:
        if at < i:
            continue  # read already, in the row before
        pos = int(tag[3:])
        key = _T3_KEYS[pos]
        if key in rows or pos < expected or expected < _T3_ONLY_AFTER.get(key, -1):
            i = at + 1
            continue
        # '总计' / '其他' may be a column header repeated on a new page: they must be
        # followed by their numbers directly.
        run = _read_run(cells, at + 1, hi, max_skip=0 if key in _T3_ONLY_AFTER else 4)
        i = max(run.end, at + 1)
        printed = _T3_ROWS[pos][1]
        if not run.cells:
            # A parent row (（六）其他处理 in 2021) or a label whose numbers are lost: reading
            # goes on with the rows after it, and does not skip the rows before it.
            if run.at_end and excerpt_ends:
                short.append(key)
                cut_at = pos
                doubts.append(f"表三“{printed}”：表格在此截断，未采用")
            continue
        expected = pos + 1
        used, extra = _fit(_unglue(run.cells, _EXPECTED_T3), _EXPECTED_T3)
        if len(used) < _EXPECTED_T3:
            short.append(key)
            if run.at_end and excerpt_ends:
                cut_at = pos
            why = "表格在此截断" if run.at_end else "缺少单元格"
            doubts.append(f"表三“{printed}”：只有 {len(used)} 个数，应为 7 个（{why}），未采用")
            continue
        if extra and _has_numbers(extra):
            doubts.append(f"表三“{printed}”：多出 {len(extra)} 个数，只取前 7 个")
        rows[key] = used
        if run.at_end and excerpt_ends:
            cut_at = pos + 1  # the document ends right after this row
    if not rows:
        return [], ["表三：未找到数据行"]
    figures = [  # (_figure inlined: ~180 figures a table; origin 'table' is Figure's default)
        Figure(metric, cell.value or 0.0, cell.raw, cell.prov)
        for key, used in rows.items()
        for metric, cell in zip(_T3_METRICS[key], used, strict=True)
    ]
    absent = [k for k in _t3_expected(rows, template) if k not in rows and k not in short]
    before = [k for k in absent if cut_at is None or _T3_POS[k] < cut_at]
    after = [k for k in absent if k not in before]
    if before:
        doubts.append("表三只找到部分行，缺少：" + "、".join(_T3_ROWS[_T3_POS[k]][1] for k in before))
    if after:
        doubts.append(f"表三：摘录在表中结束，自“{_T3_ROWS[_T3_POS[after[0]]][1]}”起 {len(after)} 行未找到")
    return figures, doubts


def _t3_expected(rows: dict[str, list[_Cell]], template: str) -> list[str]:
    """Rows the table should have: （六） as one row (2019) or three sub-rows (2021), as printed."""
    split_other = any(k in rows for k in _T3_OTHER_2021) or ("other" not in rows and template == "std2021")
    drop = ("other",) if split_other else _T3_OTHER_2021
    return [k for k in _T3_KEYS if k not in drop]


def _table4(cells: list[_Cell], lo: int, hi: int) -> tuple[list[Figure], list[str]]:
    """The 15 numbers of table 4: the first run of at least 15 value cells, by position."""
    longest = 0
    i = lo
    while i < hi:
        if cells[i].value is None:
            i += 1
            continue
        j = i
        while j < hi and cells[j].value is not None:
            j += 1
        used, extra = _fit(cells[i:j], _EXPECTED_T4)
        if len(used) == _EXPECTED_T4:
            figures = [_figure(key, cell) for key, cell in zip(REVIEW_SUIT_COLUMNS, used, strict=True)]
            doubts = [f"表四：多出 {len(extra)} 个数，只取前 15 个"] if extra and _has_numbers(extra) else []
            return figures, doubts
        longest = max(longest, sum(1 for c in used if not c.weak))
        i = j
    if longest:
        return [], [f"表四：只找到 {longest} 个数，应为 15 个，未采用"]
    return [], ["表四：未找到数据行"]


def extract_std(lines: list[Line], template: str) -> tuple[list[Figure], list[str]]:
    """Every figure of std tables 2, 3 and 4, with raw text and provenance, plus doubts.

    ``template`` ("std2019" or "std2021") is the family the headers showed; rows are
    still read as printed (a 2021 table with a single （六） row, 2019 columns in a 2021
    report), the template only decides columns that the table itself does not name.
    """
    cells = _cells(lines)
    tagged = _tagged(cells)
    regions = _regions(tagged, len(cells))
    figures: list[Figure] = []
    doubts: list[str] = []
    tables = (
        (regions.t2, "表二（主动公开政府信息情况）", lambda start, end: _table2(cells, tagged, start, end, template)),
        (
            regions.t3,
            "表三（收到和处理政府信息公开申请情况）",
            lambda start, end: _table3(cells, tagged, start, end, template),
        ),
        (
            regions.t4,
            "表四（政府信息公开行政复议、行政诉讼情况）",
            lambda start, end: _table4(cells, start, end),
        ),
    )
    for region, name, read in tables:
        if region is None:
            doubts.append(f"未找到{name}")
            continue
        f, d = read(*region)
        figures += f
        doubts += d
    return figures, doubts


__all__ = ["extract_std"]
