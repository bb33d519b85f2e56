"""The legacy (2008–2018) 政府信息公开情况统计表 → legacy metric keys.

Layouts seen in real dumps, all handled by one reader:
  * a whole row on one line, cells between '|' (``label | 条 | 196 | ||``);
  * one cell per line, with a lone '|' between cells or a '|' opening each cell
    (``label`` / ``| 条`` / ``| 01`` / ``|`` / ``|``);
  * one cell per line without any '|' (blank cells then vanish);
  * table rows with real cells (HTML, DOCX, PDF).
Columns come from the header row: ``统计指标 | 单位 | 统计数``, or the older
``指标名称 | 计量单位 | 代码 | 本期实际 | 本年累计`` (take 本年累计, never the code and never
本期实际). An empty value cell is not a figure: legacy tables are not std tables, and a
blank form (codes 01–35 and column numbers only) must give nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

from pipelines.model import Figure, Line
from pipelines.normalize.tokens import compact, parse_number, remember

# ---------------------------------------------------------------------------
# Cells and rows

_CJK = re.compile(r"[\u4e00-\u9fff]")
_UNITS = frozenset({"条", "件", "个", "人", "人次", "次", "篇", "万元", "元", "项", "份", "起", "场", "期"})
# Header column names (after compaction); also never row labels.
_COLUMN_NAMES = frozenset(
    {
        "单位",
        "计量单位",
        "统计数",
        "代码",
        "本期实际",
        "本年累计",
        "本年实际",
        "本期",
        "本年",
        "计量",
        "数量",
        "数值",
    }
)
# Value columns, the one to read first: 本年累计 over 本期实际 (a month or quarter).
_VALUE_COLUMNS = ("本年累计", "本年实际", "本年", "统计数", "数量", "数值")
# Column-index row of old forms (甲 | 乙 | 丙 | 1 | 2): not a data row.
_INDEX_LABELS = frozenset({"甲", "乙", "丙"})
_HEADER_LABELS = frozenset({"统计指标", "指标名称", "指标", "项目"})
# Explicit "nothing" marks a filer printed (read as 0, raw kept); an EMPTY cell is no figure.
_ZERO_MARKS = frozenset({"-", "—", "–", "－", "——", "/", "／", "无"})
_CODE = re.compile(r"^\d{1,3}$")
# The footer ends the table (单位负责人 / 审核人 / 填报人 / 填报日期 / 联系电话).
_FOOTER_STARTS = ("单位负责人", "审核人", "填报人", "填报日期", "联系电话", "报出日期")


@dataclass(slots=True)
class _Slot:
    norm: str  # compacted normalised text
    raw: str  # as printed
    prov: str
    col: int = -1


@dataclass(slots=True)
class _Row:
    label: _Slot
    cells: list[_Slot] = field(default_factory=list)
    positional: bool = True  # False when blank cells may have vanished (one cell per line, no '|')


_DIGIT = re.compile(r"\d")


def _is_label(slot: _Slot) -> bool:
    text = slot.norm
    if not text or text in _UNITS or text in _COLUMN_NAMES or text in _ZERO_MARKS:
        return False
    if not _CJK.search(text):
        return False
    # '12件' is a value, not a label
    return not (_DIGIT.search(text) and parse_number(text) is not None)


def _text_rows(lines: list[Line], start: int, stop: int) -> list[_Row]:
    """The rows of a run of text lines, their cells in reading order.

    '|' separates cells; an empty piece between two '|' is an empty cell. A newline also
    separates cells (one cell per line) but never makes an empty one. A row read from
    '|'-separated pieces only is positional (its blank cells were kept).
    """
    rows: list[_Row] = []
    pending: list[_Slot] = []  # non-empty sub-slots of the current '|' piece
    starts = _STARTS_ROW
    # A '|' ends the piece before it: its slots are added, or one empty cell when it held
    # none (written out in both places below: half the lines of a dump end a piece).
    for line in lines[start:stop]:
        norm = line.norm
        if "|" not in norm:
            tokens = norm.split()  # (none on an empty line: it holds no cell)
            if len(tokens) == 1 and "&nbsp;" not in norm:
                # one cell, most lines of a one-cell-per-line dump (as _add_space_separated)
                pending.append(_Slot(tokens[0], line.text.strip(), line.prov))
            elif tokens:
                _add_space_separated(line, pending)
            continue
        if norm == "|":
            # a lone '|' (half the lines of a one-cell-per-line dump) ends the piece before it
            if pending:
                _add_slots(rows, pending, True)
                pending = []
            elif rows:
                rows[-1].cells.append(_EMPTY)
            continue
        norm_parts = norm.split("|")
        # compacting the line once compacts each piece ('|' is no whitespace, and no '&nbsp;'
        # spans a '|'), memoised by the whole line
        compacts = compact(norm).split("|")
        raw_parts = line.text.split("|") if line.text.count("|") == len(norm_parts) - 1 else norm_parts
        prov = line.prov
        # the first piece joins the slots pending from the lines before; the '|' after it ends them
        if compacts[0]:
            pending.append(_Slot(compacts[0], raw_parts[0].strip(), f"{prov} cell 1"))
        if pending:
            _add_slots(rows, pending, True)
            pending = []
        elif rows:
            rows[-1].cells.append(_EMPTY)
        # each middle piece is ended by the '|' after it: _add_slots written out for its one
        # slot (most pieces of a dump are such: no list and no call a piece)
        last = len(compacts) - 1
        for j in range(1, last):
            text = compacts[j]
            if not text:
                if rows:
                    rows[-1].cells.append(_EMPTY)
                continue
            slot = _Slot(text, raw_parts[j].strip(), f"{prov} cell {j + 1}")
            known = starts.get(text)
            if known if known is not None else _starts_row(text):
                rows.append(_Row(slot, [], True))
            elif rows:
                rows[-1].cells.append(slot)  # (its row stays positional: a '|' ended the slot)
        # the last piece waits for what ends it: a '|' on a later line, or the end of the run
        if compacts[last]:
            pending.append(_Slot(compacts[last], raw_parts[last].strip(), f"{prov} cell {last + 1}"))
    _add_slots(rows, pending, False)
    return rows


# The cell of an empty '|' piece (an empty slot never opens a row: it always joins the row
# before it). Slots are never changed, so every empty piece shares this one.
_EMPTY = _Slot("", "", "", -1)


def _add_slots(rows: list[_Row], slots: list[_Slot], by_pipe: bool) -> None:
    """Slots in reading order: one that opens a row (a label, the header or index row) starts
    a new row, any other is a cell of the row before it (none before the first row)."""
    starts = _STARTS_ROW
    for slot in slots:
        known = starts.get(slot.norm)  # (_starts_row's memo looked up inline: a call less a slot)
        if known if known is not None else _starts_row(slot.norm):
            rows.append(_Row(slot, [], by_pipe))
        elif rows:
            row = rows[-1]
            row.cells.append(slot)
            row.positional = row.positional and by_pipe


def _is_value_token(token: str) -> bool:
    return token in _UNITS or token in _ZERO_MARKS or parse_number(token) is not None


def _add_space_separated(line: Line, slots: list[_Slot]) -> None:
    """A line without '|' → ``slots``: one cell, or 'label unit number' flattened with spaces
    (PDF text).

    Only a trailing run of units / numbers is split off; the label keeps its inner
    spaces removed (统 计 指 标)."""
    norm = line.norm
    tokens = norm.split()
    if len(tokens) == 1 and "&nbsp;" not in norm:
        # one cell, most lines of a one-cell-per-line dump: its one token is its compact text
        slots.append(_Slot(tokens[0], line.text.strip(), line.prov))
        return
    if len(tokens) >= 2 and _is_value_token(tokens[-1]):
        j = len(tokens)
        while j > 1 and _is_value_token(tokens[j - 1]):
            j -= 1
        head = "".join(tokens[:j])
        if _CJK.search(head) and not _is_value_token(head):
            raw = line.text.split()
            raw = raw if len(raw) == len(tokens) else tokens
            slots.append(_Slot(head, " ".join(raw[:j]), line.prov))
            slots.extend(_Slot(t, r, line.prov) for t, r in zip(tokens[j:], raw[j:], strict=True))
            return
    text = compact(norm)
    if text:
        slots.append(_Slot(text, line.text.strip(), line.prov))


def _starts_row(norm: str) -> bool:
    """Does a slot of this text open a row (a label, the index or header row)? Memoised: a
    pure function of the text, and every report has the same labels."""
    known = _STARTS_ROW.get(norm)
    if known is None:
        starts = _is_label(_Slot(norm, "", "")) or norm in _INDEX_LABELS or norm in _HEADER_LABELS
        known = remember(_STARTS_ROW, norm, starts)
    return known


_STARTS_ROW: dict[str, bool] = {}


def _rows_from_cells(line: Line) -> _Row | None:
    """A table row with real cells (HTML/DOCX/PDF): the first labelled cell is the label."""
    assert line.cells is not None
    norms = line.norm_cells or [c.text for c in line.cells]
    slots = [
        _Slot(compact(n), c.text.strip(), c.prov, c.col) for c, n in zip(line.cells, norms, strict=False)
    ]
    for k, slot in enumerate(slots):
        if _starts_row(slot.norm):  # a label, or the header or index row's first cell
            # a merged label cell expanded over several grid columns repeats its text
            rest = [s for s in slots[k + 1 :] if s.norm != slot.norm or not s.norm]
            return _Row(slot, rest, positional=True)
    return None


def _table_rows(lines: list[Line]) -> list[_Row]:
    start = _table_start(lines)
    rows: list[_Row] = []
    i = start
    n = len(lines)
    while i < n:
        if lines[i].cells is not None:
            row = _rows_from_cells(lines[i])
            if row:
                rows.append(row)
            i += 1
            continue
        # the run of text lines up to the next row of cells (a text dump: all its lines)
        j = next((k for k in range(i + 1, n) if lines[k].cells is not None), n)
        rows.extend(_text_rows(lines, i, j))
        i = j
    return rows


_TITLE = re.compile(r"政府信息公开(情况|工作)?统计(报)?表")
_HEADER_STARTS = ("统计指标", "指标名称")


def _table_start(lines: list[Line]) -> int:
    """Index of the header row (统计指标 / 指标名称), else of the table title, else 0."""
    title = None
    for i, line in enumerate(lines):
        norm = line.norm
        if len(norm) > 200:
            continue
        text = compact(norm)
        if text.startswith(_HEADER_STARTS) or "|统计指标" in text or "|指标名称" in text:
            return i
        if title is None and _TITLE.search(text) and len(text) <= 40 and not text.startswith("附件"):
            title = i
    # Neither: the rows are all there is (the caller only asks when the family is legacy).
    return 0 if title is None else title


# ---------------------------------------------------------------------------
# Columns


@dataclass(frozen=True)
class _Layout:
    """Columns after the label, from the header row."""

    columns: tuple[str, ...]
    cols: tuple[int, ...] = ()  # grid column of each, when the header had real cells

    @cached_property  # (asked for every row of the table)
    def target(self) -> int:
        for name in _VALUE_COLUMNS:
            if name in self.columns:
                return self.columns.index(name)
        return len(self.columns) - 1


_DEFAULT_LAYOUT = _Layout(("单位", "统计数"))


def _layout_of(row: _Row) -> _Layout:
    """Header cells up to the first that is not a column name; split names are re-joined (计量 / 单位)."""
    names: list[str] = []
    cols: list[int] = []
    for cell in row.cells:
        text = cell.norm
        if names and names[-1] + text in _COLUMN_NAMES and names[-1] not in ("单位",):
            names[-1] += text
            continue
        if text not in _COLUMN_NAMES:
            break
        names.append(text)
        cols.append(cell.col)
    if not any(n in names for n in _VALUE_COLUMNS):
        return _DEFAULT_LAYOUT
    return _Layout(tuple(names), tuple(cols) if all(c >= 0 for c in cols) else ())


_COLUMNS_LONGEST_FIRST = sorted(_COLUMN_NAMES - {"计量"}, key=len, reverse=True)


def _layout_from_text(rest: str) -> _Layout:
    """Columns of a header flattened into one piece: '统计指标单位统计数' → (单位, 统计数)."""
    names: list[str] = []
    while rest:
        name = next((n for n in _COLUMNS_LONGEST_FIRST if rest.startswith(n)), None)
        if name is None:
            break
        names.append(name)
        rest = rest[len(name) :]
    if not any(n in names for n in _VALUE_COLUMNS):
        return _DEFAULT_LAYOUT
    return _Layout(tuple(names))


def _fits(columns: tuple[str, ...], cells: list[_Slot]) -> bool:
    """Does every cell fit the column it sits in by position ('' fits everything)? (each
    cell's test written out here: asked of most rows of every table)"""
    for column, cell in zip(columns, cells, strict=False):
        norm = cell.norm
        if not norm:
            continue
        if column in ("单位", "计量单位"):
            if norm not in _UNITS:
                return False
        elif column == "代码":
            if not _CODE.match(norm):
                return False
        elif parse_number(norm) is None and norm not in _ZERO_MARKS:
            return False
    return True


def _value_cell(row: _Row, layout: _Layout) -> tuple[_Slot | None, str | None]:
    """The 统计数 / 本年累计 cell of a row (None: no figure), and a doubt when unsure."""
    target = layout.target
    if layout.cols and all(c.col >= 0 for c in row.cells):
        col = layout.cols[target]
        hit = [c for c in row.cells if c.col == col]
        return (hit[0] if hit and hit[0].norm else None), None
    cells = row.cells
    if row.positional and _fits(layout.columns, cells):
        cell = cells[target] if target < len(cells) else None
        return (cell if cell is not None and cell.norm else None), None
    # Positions unknown (blank cells vanished) or the row does not follow the header
    # (e.g. no unit cell): decide by what the cells are.
    values = [c for c in cells if c.norm and c.norm not in _UNITS]
    if "代码" in layout.columns and values and _CODE.match(values[0].norm):
        values = values[1:]
    value_columns = [n for n in layout.columns if n not in ("单位", "计量单位", "代码")]
    if not values:
        return None, None
    if len(values) == len(value_columns):
        return values[value_columns.index(layout.columns[target])], None
    if len(value_columns) == 1 and len(values) == 1:
        return values[0], None
    return None, f"{row.label.prov}: 无法确定“{row.label.raw}”的统计数列（{len(values)} 个数值）"


# ---------------------------------------------------------------------------
# Labels → metric keys (by meaning: local variants exist)

_NUMBERING = re.compile(
    r"^(?:其中[:：]?)?(?:[一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）]|\d+[.．、])?(?:其中[:：]?)?"
)
_PAREN = re.compile(r"[(（][^()（）]*[)）]")

_SECTIONS = (
    ("proactive", re.compile(r"主动公开情况")),
    ("response", re.compile(r"回应解读")),
    ("requests", re.compile(r"依申请公开情况")),
    ("review", re.compile(r"行政复议")),
    ("suit", re.compile(r"行政诉讼")),
    ("complaints", re.compile(r"举报投诉")),
    ("fees", re.compile(r"收取的?费用")),
    ("org", re.compile(r"机构建设|保障经费")),
    ("training", re.compile(r"会议和培训|培训情况")),
)
_NUMERALS = "一二三四五六七八九十"
_SECTION_HEAD = re.compile(f"^[{_NUMERALS}]+[、.．]")

_KEY_AREAS = (  # audit first: 预算执行审计 is an audit row, not a budget row
    ("key_areas.audit", re.compile(r"审计")),
    ("key_areas.budget", re.compile(r"预算|决算|三公|财政")),
    ("key_areas.housing", re.compile(r"保障性|安居|住房")),
    ("key_areas.food_safety", re.compile(r"食品")),
    ("key_areas.environment", re.compile(r"环境")),
    ("key_areas.bidding", re.compile(r"招投标|招标")),
    ("key_areas.work_safety", re.compile(r"生产安全|安全生产")),
    ("key_areas.land", re.compile(r"征地|农用地|土地")),
    ("key_areas.prices", re.compile(r"价格|定价|指导价|收费标准")),
    ("key_areas.credit", re.compile(r"信用")),
    ("key_areas.public_enterprises", re.compile(r"公共企事业")),
    ("key_areas.other", re.compile(r"其他")),
)

# (section or None for any, pattern on the cleaned label, key) — first match wins.
_RULES: tuple[tuple[str | None, re.Pattern[str], str], ...] = tuple(
    (sec, re.compile(pat), key)
    for sec, pat, key in (
        # 一、主动公开
        (None, r"^重点领域公开政府信息数", "key_areas.total"),
        (None, r"^主动公开(政府)?信息(总)?数$", "proactive.total"),
        ("proactive", r"^主动公开(行政)?规范性文件数$", "proactive.normative"),
        (None, r"^制发(行政)?规范性文件(总)?数$", "normative.made_total"),
        (None, r"政府公报公开", "channel.gazette"),
        ("proactive", r"(政府|门户)网站公开", "channel.website"),
        ("proactive", r"政务微博公开|微博公开政府信息", "channel.microblog"),
        ("proactive", r"政务微信公开|微信公开政府信息", "channel.wechat"),
        ("proactive", r"^其他方式公开", "channel.other"),
        # 二、回应解读
        (None, r"回应公众关注热点|重大舆情数", "response.hotspots"),
        (None, r"主要负责同志参加新闻发布会", "response.press_conferences_heads"),
        (None, r"新闻发布会(总)?次数", "response.press_conferences"),
        (None, r"主要负责同志参加政府网站在线访谈", "response.interviews_heads"),
        (None, r"在线访谈次数", "response.interviews"),
        (None, r"政策解读稿件", "response.interpretations"),
        (None, r"微博微信回应", "response.social_media"),
        ("response", r"^其他方式回应", "response.other"),
        # 三、依申请公开 (older labels: 申请总数, 网上申请数, 电子邮件申请数, 其他形式申请数)
        (None, r"^(收到申请|申请总)数$", "requests.received"),
        (None, r"^当面申请数$", "requests.in_person"),
        (None, r"^传真申请数$", "requests.fax"),
        (None, r"^(网络|网上)申请数$", "requests.online"),
        (None, r"^信函申请数$", "requests.letter"),
        (None, r"^电子邮件申请数$", "requests.email"),
        (None, r"^其他(形式|方式)申请数$", "requests.other_channel"),
        (None, r"^申请办结数$", "requests.completed"),
        (None, r"^按时办结数$", "requests.on_time"),
        (None, r"^延期办结数$", "requests.extended"),
        (None, r"^(申请答复|对申请的答复总)数$", "requests.answered"),
        (None, r"^属于已主动公开范围数$", "requests.already_public"),
        (None, r"^同意公开答复数$", "requests.granted"),
        (None, r"^同意部分公开答复数$", "requests.partial"),
        (None, r"^(不同意公开答复|否决公开答复总?)数$", "requests.denied"),
        (None, r"^涉及国家秘密", "requests.denied.state_secret"),
        (None, r"^涉及商业秘密", "requests.denied.commercial_secret"),
        (None, r"^涉及个人隐私", "requests.denied.privacy"),
        (None, r"^危及国家安全", "requests.denied.security"),
        (None, r"不是《条例》所指政府信息|非《(条例|规定)》所指政府信息", "requests.denied.not_gov_info"),
        (None, r"^法律法规规定的其他情形", "requests.denied.other_law"),
        (None, r"^不属于本(行政)?机关公开", "requests.not_this_agency"),
        (None, r"^申请信息不存在", "requests.not_exist"),
        (None, r"^告知作出更改补充", "requests.amend"),
        (None, r"^告知通过其他途径办理", "requests.other_route"),
        # 四、行政复议 / 五、行政诉讼
        (None, r"^行政复议(数量|数)$", "review.total"),
        (None, r"^行政诉讼(数量|数)$", "suit.total"),
        ("review", r"^维持具体行政行为数$", "review.upheld"),
        ("review", r"^被依法纠错数$", "review.corrected"),
        ("review", r"^其他情形数$", "review.other"),
        ("suit", r"^维持具体行政行为或者?驳回原告诉讼请求数$", "suit.upheld"),
        ("suit", r"^被依法纠错数$", "suit.corrected"),
        ("suit", r"^其他情形数$", "suit.other"),
        # 六 … 九
        (None, r"^举报投诉(数量|数)$", "complaints.total"),
        (None, r"依申请公开信息收取的?费用", "fees_legacy.amount"),
        (None, r"政府信息公开(工作)?专门机构数", "org.dedicated_bodies"),
        (None, r"政府信息公开查阅点数", "org.reading_points"),
        (None, r"^从事政府信息公开工作(的)?人员数", "org.staff"),
        (None, r"^专职人员数", "org.staff_fulltime"),
        (None, r"^兼职人员数", "org.staff_parttime"),
        (None, r"政府信息公开(工作)?专项经费", "org.budget"),
        (None, r"召开政府信息公开工作会议|专题会议数", "training.meetings"),
        (None, r"举办各类培训班数|培训班数", "training.classes"),
        (None, r"接受培训人员数", "training.trainees"),
    )
)


def _clean_label(label: str) -> str:
    """Label without numbering ('(一)', '1.', '其中:') and without parenthetical notes."""
    text = _NUMBERING.sub("", label, count=1)
    text = _PAREN.sub("", text)
    return text.replace("“", "").replace("”", "").replace('"', "")


@dataclass
class _Context:
    section: str | None = None
    in_key_areas: bool = False


def _update_context(ctx: _Context, label: str) -> None:
    if label[:1] in _NUMERALS and _SECTION_HEAD.match(label):  # (the cheap test first: most rows)
        ctx.in_key_areas = False
        for name, pattern in _SECTIONS:
            if pattern.search(label):
                ctx.section = name
                break
    elif label.startswith(("(三)", "（三）")):
        ctx.in_key_areas = False


def _key_for(label: str, ctx: _Context) -> str | None:
    key = _match_key(label, ctx.section, ctx.in_key_areas)
    if key == "key_areas.total":
        ctx.in_key_areas = True
    return key


@lru_cache(maxsize=4096)
def _match_key(label: str, section: str | None, in_key_areas: bool) -> str | None:
    """Metric key of a row label in its section (pure, so cached: labels repeat across reports)."""
    cleaned = _clean_label(label)
    for sec, pattern, key in _RULES:
        if (sec is None or sec == section) and pattern.search(cleaned):
            return key
    if in_key_areas and section == "proactive":
        for key, pattern in _KEY_AREAS:
            if pattern.search(cleaned):
                return key
    return None


# ---------------------------------------------------------------------------


def extract_legacy(lines: list[Line]) -> tuple[list[Figure], list[str]]:
    """Every filled row of the 政府信息公开情况统计表 as (figures, doubts)."""
    figures: list[Figure] = []
    doubts: list[str] = []
    seen: set[str] = set()
    layout = _DEFAULT_LAYOUT
    ctx = _Context()
    for row in _table_rows(lines):
        label = row.label.norm
        if label in _HEADER_LABELS:
            layout = _layout_of(row)
            continue
        if label.startswith(_HEADER_STARTS):  # header cells run together ('统计指标 单位 统计数')
            layout = _layout_of(row) if row.cells else _layout_from_text(label[4:])
            continue
        if label in _INDEX_LABELS:
            continue
        if figures and label.startswith(_FOOTER_STARTS):  # (old forms print 单位负责人 above the rows too)
            break
        _update_context(ctx, label)
        cell, doubt = _value_cell(row, layout)
        if doubt:
            doubts.append(doubt)
        if cell is None:
            continue
        value = 0.0 if cell.norm in _ZERO_MARKS else parse_number(cell.norm)
        if value is None:
            continue
        key = _key_for(label, ctx)
        if key is None:
            doubts.append(f"{row.label.prov}: 未识别的统计表行“{row.label.raw}” = {cell.raw}")
            continue
        if key in seen:
            doubts.append(f"{row.label.prov}: “{row.label.raw}”重复出现（{key}），保留第一处")
            continue
        seen.add(key)
        figures.append(Figure(key, value, cell.raw, cell.prov or row.label.prov, "table"))
    return figures, doubts


__all__ = ["extract_legacy"]
