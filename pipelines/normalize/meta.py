"""Report metadata: unit name as printed, statistics year, publication date, kind.

Every value says where it came from (``Meta.sources``), and nothing is guessed: a report
that only says 我镇 / 我市 / 本机关 has no unit name, a fragment without a year has no year.
Matching runs on ``Line.norm`` (NFKC, simplified); the unit name is cut from the original
text so a traditional-character mirror keeps its own characters (南山區蛇口街道辦事處).
The statistics year is never the publication year: 填报日期 2018.1.22 and a closing
'2018年1月' line belong to published_on (or to nothing), not to year.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from pipelines.extract.normtext import nfkc, strip_pinyin
from pipelines.model import Document, Family, Line, Placement, PlacementHints, UnitKind
from pipelines.normalize.family import detect_family
from pipelines.normalize.prefilter import needing
from pipelines.normalize.tokens import compact

# Lines near the top hold the title and the opening sentence.
_HEAD_LINES = 12
_MIN_YEAR, _MAX_YEAR = 2000, 2100


@dataclass
class Meta:
    unit_name: str | None = None
    year: int | None = None
    published_on: dt.date | None = None
    kind: UnitKind | None = None
    sources: dict[str, str] = field(default_factory=dict)  # e.g. {'year': '统计期限 sentence'}
    placement: Placement = field(default_factory=lambda: Placement())


# ---------------------------------------------------------------------------
# The lines joined

class JoinedLines:
    """A document's lines, their ``norm`` joined by newlines: the loops over the lines test
    one search over the whole text instead of every line."""

    def __init__(self, lines: list[Line], joined: str | None = None) -> None:
        """``joined``: the lines' norms joined by newlines when the caller has them (Document.norm_text)."""
        self.lines = lines
        self.norms = [line.norm for line in lines]
        self.joined = "\n".join(self.norms) if joined is None else joined
        self.whole = self.joined.count("\n") == len(self.norms) - 1  # else a norm holds a newline

    def _end(self, n: int | None) -> int:
        """Where the first ``n`` lines end in ``joined`` (all of them: None)."""
        if n is None or n >= len(self.norms):
            return len(self.joined)
        return sum(map(len, self.norms[:n])) + n - 1 if n > 0 else 0

    def having(self, words: re.Pattern[str], first: int | None = None) -> list[Line]:
        """The lines (of the ``first`` ones) whose ``norm`` holds one of ``words`` (a plain
        alternation, no newline in it), in order."""
        lines, joined = self.lines, self.joined
        if not self.whole:
            return [line for line in lines[:first] if words.search(line.norm)]
        stop = self._end(first)
        out = []
        k, start = 0, 0  # line k starts at offset start
        hit = words.search(joined, 0, stop)
        while hit:
            k += joined.count("\n", start, hit.start())  # the line the hit is in
            out.append(lines[k])
            end = joined.find("\n", hit.start())
            if end < 0:
                break
            k, start = k + 1, end + 1
            hit = words.search(joined, start, stop)
        return out

    def prefix(self, n: int) -> str:
        """The first ``n`` lines' norms joined by newlines (a slice of ``joined``)."""
        return self.joined[: self._end(n)]

    def compacted(self, n: int) -> str:
        """The first ``n`` lines, each compacted (tokens.compact), joined by newlines: one pass
        over the text instead of a compact() call a line."""
        if not self.whole:  # a norm holds a newline: compact each line (its newlines go)
            return "\n".join(compact(line.norm) for line in self.lines[:n])
        text = self.prefix(n)
        if "&nbsp;" in text:  # what compact() takes out of a line ('&nbsp;' never holds a newline)
            text = text.replace("&nbsp;", " ")
        # Every whitespace character but the space and the newline is unprintable: a text printable
        # without its newlines loses its spaces only (two C scans, where the regex's tests each
        # character's class, several times slower)
        if text.replace("\n", "").isprintable():
            return text.replace(" ", "")
        return _SPACE_BUT_NEWLINE.sub("", text)


# every whitespace character but the newline (compact() drops exactly what regex \s matches)
_SPACE_BUT_NEWLINE = re.compile(r"[^\S\n]+")


# ---------------------------------------------------------------------------
# Unit name

# (a space may split the words where a page wrapped the title: '…工作年度 报告' zzzzz11955, '政府信息 公开工作…' zzzp9726;
# customs name their system first: '广州海关2015年海关政府信息公开年度报告', zl4121 zzzzu11724)
_REPORT_WORDS = (
    r"(?:的)?\s*(?:海关)?(?:政府\s*信息\s*公开|政务\s*信息\s*公开|政府信息公开和政务公开|政务\s*公开|信息\s*公开)\s*(?:工作)?"
    r"(?:开展)?(?:情况)?(?:的)?\s*(?:年度)?\s*(?:工作)?\s*(?:报告|年报)"
)
_REPORT_WORDS_RE = re.compile(_REPORT_WORDS)
# 'XX2021年政府信息公开工作年度报告' (unit before the year) and '2021年XX政府信息公开…' (after); the
# 年 may be left out before the report's words ('西藏自治区政府国资委2020政府信息公开工作年度报告', e814;
# '浙江省经济和信息化厅2022政府信息公开工作年度报告', b216).
_TITLE_UNIT_FIRST = needing(("报告", "年报"), re.compile(
    r"^[《\"“]?(?P<unit>[^\d《》,，。:：;；]{2,40}?)\s*(?:关于)?\s*(?P<year>\d{4})\s*(?:年度?)?\s*" + _REPORT_WORDS
))
_TITLE_YEAR_FIRST = needing(("报告", "年报"), re.compile(
    # (a government's name shares its 政府 with the report's words: '2015年兴县人民政府信息公开年度报告', zzzzm11302)
    r"^[《\"“]?(?P<year>\d{4})\s*年度?\s*(?P<unit>[^\d《》,，。:：;；]{2,40}?)(?<!人民)" + _REPORT_WORDS
))
# The year after the disclosure work: '鄂尔多斯市国有资产监督管理委员会政府信息公开工作2023年度报告' (zzzzzr12823,
# t2328 over two lines, zzq7228, zx5323 — 15 texts of the corpus title themselves so)
_TITLE_WORK_THEN_YEAR = needing(("报告", "年报"), re.compile(
    r"^[《\"“]?(?P<unit>[^\d《》,，。:：;；]{2,40}?)(?<!人民)\s*(?:政府\s*信息\s*公开|政务\s*公开)\s*(?:工作)?\s*"
    r"(?P<year>\d{4})\s*年度?\s*(?:工作)?(?:情况)?\s*(?:报告|年报)"
))
# Every pattern of a title with its year, in the order they are tried.
TITLE_PATTERNS = (_TITLE_UNIT_FIRST, _TITLE_YEAR_FIRST, _TITLE_WORK_THEN_YEAR)
# A title that is the body's name and the report's words alone, without its year
# ('驼峰路街道办事处政府信息公开工作年度报告', l1513) or with the year after it in brackets
# ('宝坻区大钟庄镇政府信息公开工作年度报告 (2019年)', s2213): the whole line, nothing else on it.
_TITLE_UNIT_ONLY = needing(("报告", "年报"), re.compile(
    r"^[《\"“]?(?P<unit>[^\d《》,，。:：;；()（）年]{2,40}?)" + _REPORT_WORDS
    + r"[》\"”]?\s*(?:[(（]\s*(?P<year>\d{4})\s*年度?\s*[)）])?\s*$"
))
# '由北京市东城区政务服务中心(以下简称中心)编制', '由武进区湖塘镇人民政府编制的2018年度…'
_COMPILED_BY = needing(("编制",), re.compile(
    # (a name never holds a year: '由安康市统计局围绕2020年度政府信息公开工作情况编制而成', zr4719)
    r"由(?P<unit>(?:(?!\d{4}\s*年)[^,，。;；、《》()（）]){2,40}?)\s*(?:[(（][^)）]{0,20}[)）])?\s*(?:负责)?编制"
))
# '现公布南山区蛇口街道办事处2021年政府信息公开工作年度报告', '现公开钢花村街道办事处2022年…'
# ('现公开来凤经济开发区信息公开2018年度报告' zzt7520; '现将金台区审计局政府信息公开工作2024年度工作情况报告如下'
# zzr7314: the disclosure work named between the body and the year)
_PUBLISHES = needing(("现", "特", "公布"), re.compile(
    # ('现就鹤游镇2023年政府信息公开工作情况报告如下' zzzzo11436; '现将邵阳经开区2021年度政府信息公开情况公布如下' zzzzw11805;
    # without 现 after what it follows: '根據《…條例》的規定,公布清遠市人民政府辦公室2013年…報告' zzzzzv13024)
    r"(?:现公布|现予公布|现公开|现予公开|现向社会公开|特发布|现发布|特编制|现编制|现将|现就|(?<=规定[,，])公布)(?P<unit>[^\d,，。;；、《》]{2,40}?)\s*"
    r"(?:(?:政府)?(?:信息公开|政务公开)(?:工作)?)?\s*\d{4}\s*年度?\s*"
    r"(?:" + _REPORT_WORDS + r"|(?:(?:政府|政务)?信息公开)?(?:工作)?情况(?:报告|公布)如下|报告)"
))
_FILLED_BY = re.compile(
    # the name may hold a space between its region and the rest ('宿迁市　宿城区马唐镇人民政府')
    r"(?:填报单位|报送单位|单位名称)(?:[(（]盖章[)）])?[:：]\s*(?P<unit>[^\s|:：,，。](?:(?:(?!\s*(?:填报|日期|联系|电话|负责人|审核|统计))[^|:：,，。\n]){0,38}[^\s|:：,，。])?)"
)
# The compiler named in '由两城镇人民政府党政办公室编制' is the government's internal office
# (towns and streets have no report of their own for it): the unit is the government.
# (…and a zone's: '由燕郊高新区党政办公室编制' u2412, '本报告由临沂高新区党政办公室…' zb3117 zzt7539 — the zone's
# committee reports; a street office's own 办公室 too: '秦淮区人民政府红花街道办事处办公室', q2036)
_INTERNAL_OFFICE = re.compile(
    r"^(?P<gov>.{1,30}?(?:人民政府|街道办事处|[乡镇]政府|街道|[^\d]镇|[^\d]乡))(?:党政综合办公室|党政办公室|党政办|综合办公室)$"
    r"|^(?P<street>.{1,30}?街道办事处)办公室$"
)
# …a zone's, when it compiles the report (not when a title names the office as the report's body: '榆林高新区管委会
# 党政办公室2024年…报告', zzp7124, both readers)
_ZONE_OFFICE_COMPILING = re.compile(
    r"^(?P<zone>.{1,30}?(?:高新区|开发区|经开区|示范区|新区|园区))(?:管委会)?(?:党政综合办公室|党政办公室|党政办)$"
)
# A cover block: the unit alone on a line, then the month it was issued ('廣州市人民政府' /
# '2013年3月'), before the body starts.
_COVER_DATE = re.compile(r"^\d{4}年\d{1,2}月(?:\d{1,2}日)?$")
_COVER_LINES = 4
# Words that refer to the reporting body without naming it.
# 全县/全市 (the whole county) refers; 全州县, 全椒县, 全南县 are names (e822)
# (本溪 is a city: '本溪高新技术产业开发区管理委员会2023年…', zzzh8926)
_PRONOUN_UNIT = re.compile(r"^(?:我|本(?!溪)|该|各|关于|全(?:[省市区县镇乡旗盟部体国年面力]|州(?!县)))")
_UNIT_JUNK = re.compile(r"[|<>=/\\]|https?|www|以下简称")
# Level words alone name nobody: a model text's '由市区编制' lost its blanks (由__市__区编制).
_LEVEL_WORDS_ONLY = re.compile(r"[省市区县镇乡村州盟旗]+")


def _plausible_unit(name: str) -> bool:
    name = name.strip()
    if not 2 <= len(name) <= 40 or _PRONOUN_UNIT.match(name) or _UNIT_JUNK.search(name):
        return False
    if _LEVEL_WORDS_ONLY.fullmatch(name):
        return False
    return bool(_TWO_CJK.search(name))


_TWO_CJK = re.compile(r"[\u4e00-\u9fff]{2}")


def _original_span(line: Line, match: re.Match[str], group: str) -> tuple[str, str]:
    """(as printed, normalised) text of the matched group; traditional stays traditional.

    Normalisation is character-for-character on these lines in practice (NFKC width and
    t2s) once the pinyin runs some mirrors leave inside words are dropped (下管鎮(zhèn));
    when lengths still differ the normalised text is the safer answer.
    """
    norm = match.group(group).strip()
    text = line.text
    if len(text) != len(line.norm):
        text = strip_pinyin(nfkc(text))
    if len(text) == len(line.norm):
        return text[match.start(group) : match.end(group)].strip(), norm
    return norm, norm


def _government_of_office(found: tuple[str, str]) -> tuple[str, str]:
    """'两城镇人民政府党政办公室' (the compiler) → '两城镇人民政府' (the reporting unit)."""
    printed, norm = found
    m = _INTERNAL_OFFICE.match(compact(norm)) or _ZONE_OFFICE_COMPILING.match(compact(norm))
    if m is None:
        return found
    gov = internal_body(m)
    return (printed[: len(gov)] if len(compact(printed)) == len(compact(norm)) else gov), gov


def internal_body(match: re.Match[str]) -> str:
    """The body whose internal office _INTERNAL_OFFICE matched: a government, a zone or a street office."""
    return next(name for name in match.groups() if name)


# Before a title: a flip-book page ('Page 8 - 威海市文登区信访局2022年…') or the label of a
# page's metadata block ('名称 宿迁市2017年政府信息公开年度报告', '标题: …').
# The label may stand in a table cell of its own ('标 题: | 原州区中河乡2019年…', d624; '標題: | 博山區…',
# k1408; '中文名 | 武隆县人民政府2011年…', j1330; '内容概述 | 江阴市人民政府2011年…', p1923; e814, d611).
_PAGE_PREFIX = re.compile(
    # (…also a table's first cell, or in brackets: '| 名称 | 城东管理区2025年…报告 |' zzzzf10989, '[ 名 称 ] | 榆林高新区…' zzzx10536)
    r"^\s*(?:(?:Page\s*\d+|第\s*\d+\s*页)\s*[-–—:：]"
    r"|\|?\s*[\[【]?\s*(?:名\s*称|标\s*题|题\s*名|文件名称|中文名|内容概述)\s*[\]】]?\s*[:：]?\s*\|?)\s*",
    re.IGNORECASE,
)


def _without_page_prefix(line: Line) -> Line:
    m = _PAGE_PREFIX.match(line.norm)
    if m is None or not line.text.startswith(line.norm[: m.end()]):
        return line
    return Line(line.text[m.end() :], line.norm[m.end() :], line.prov)


# A page's own buttons on a line of their own, never the first half of a title ('无障碍' over
# '广西壮族自治区水利厅2025年度…报告', zt4930; '注册' '无障碍浏览', zt4923)
_CHROME_LINE = re.compile(
    r"^(?:无障碍(?:浏览|阅读|模式)?|长者版|关怀版|适老化|简体版?|繁体版?|English|登录|注册|搜索|首页|打印|关闭|收藏|分享|"
    r"支持IPv6|IPv6|返回顶部|网站地图|手机版|移动版|"
    # the accessibility toolbar of many government sites ('页面' '配色' '辅助线' '重置')
    r"页面|配色|辅助线|重置|放大|缩小|读屏|大字幕|语音|微信|微博)$",
    re.IGNORECASE,
)


def title_head(head: list[Line]) -> list[Line]:
    """The head lines a title may stand on: a page's label taken off ('标 题:'), a site's buttons
    on lines of their own skipped (they push the title out of the head, and are never part of it)."""
    return [_without_page_prefix(line) for line in head if not _CHROME_LINE.match(compact(line.norm))][:9]


def _title_lines(head: list[Line]) -> list[Line]:
    """The first head lines, then each joined with the next: a title broken over two lines
    ('宿州市人民政府2016年' / '政府信息公开工作年度报告') is matched whole, but a whole title
    on one line wins over a join with the heading above it ('政府信息公开' / 'XX2016年…')."""
    head = title_head(head)
    out: list[Line] = head[:8]
    for i, line in enumerate(head[:8]):
        if i + 1 < len(head) and len(line.norm.strip()) <= 40:
            nxt = head[i + 1]
            out.append(
                Line(line.text.rstrip() + nxt.text.strip(), line.norm.rstrip() + nxt.norm.strip(), line.prov)
            )
    return out


def _unit_from_cover(head: list[Line]) -> tuple[str, str] | None:
    """A unit alone on a line right before its issue month, at the very top."""
    for line, nxt in zip(head[:_COVER_LINES], head[1 : _COVER_LINES + 1], strict=False):
        name = compact(line.norm)
        on_cover = _COVER_DATE.match(compact(nxt.norm)) and _plausible_unit(name)
        if on_cover and kind_of(name) in ("government", "department"):
            text = line.text.strip()
            return (text if len(compact(text)) == len(name) else name), name
    return None


def _unit_from_lines(lines: list[Line]) -> tuple[tuple[str, str], str] | None:
    head = [line for line in lines[: _HEAD_LINES * 3] if line.norm.strip()][:_HEAD_LINES]
    for line in _title_lines(head):
        norm = line.norm.strip()
        for pattern in TITLE_PATTERNS:
            m = pattern.search(line.norm.lstrip()) if norm else None
            if m and _plausible_unit(m.group("unit")):
                return _original_span(_stripped(line), m, "unit"), "title"
    for line in head:
        for pattern, source in ((_COMPILED_BY, "opening sentence"), (_PUBLISHES, "opening sentence")):
            for m in pattern.finditer(line.norm):
                if _plausible_unit(m.group("unit")):
                    return _government_of_office(_original_span(line, m, "unit")), source
    cover = _unit_from_cover(head)
    if cover:
        return cover, "cover"
    for line in lines:
        if "填报单位" in line.norm or "报送单位" in line.norm or "单位名称" in line.norm:
            m = _FILLED_BY.search(line.norm)
            if m and _plausible_unit(m.group("unit")):
                return _original_span(line, m, "unit"), "填报单位 line"
    return None


def _stripped(line: Line) -> Line:
    """The line without leading whitespace on both texts (the title patterns are anchored)."""
    return Line(line.text.lstrip(), line.norm.lstrip(), line.prov)


def _unit_from_title(title: str) -> str | None:
    """Unit named in an HTML <title> / DOCX / PDF title (as printed: NFKC it for matching)."""
    title = unicodedata.normalize("NFKC", title).strip()
    for pattern in TITLE_PATTERNS:
        m = pattern.search(title)
        if m and _plausible_unit(m.group("unit")):
            return m.group("unit").strip()
    return None


_FILE_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
_NAME_YEAR = re.compile(r"(?<!\d)20\d{2}\s*年?度?")
_NAME_SEPARATORS = re.compile(r"[\s_\-—–.·]+")


def _unit_from_file_name(stem: str) -> str | None:
    """'2017_北京市东城区政务服务中心' (a file's name without its suffix) → 北京市东城区政务服务中心 (last resort)."""
    stem = _REPORT_WORDS_RE.sub("", stem)
    stem = _NAME_YEAR.sub(" ", stem)
    parts = [p for p in _NAME_SEPARATORS.split(stem) if p]
    names = [p for p in parts if _plausible_unit(p)]
    return names[0] if len(names) == 1 else None


# ---------------------------------------------------------------------------
# Statistics year

_PERIOD = re.compile(
    r"统计(?:期限|时限|时间|区间|周期)[^。;；]{0,12}?(?P<y1>\d{4})\s*年\s*(?:1\s*月\s*1\s*日|1\s*月|度)?"
    r"(?:[^。;；\d]{0,8}?(?P<y2>\d{4})\s*年\s*12\s*月\s*31\s*日)?"
)
_TITLE_YEAR = re.compile(r"(?P<year>\d{4})\s*年度?\s*(?:的)?\s*" + _REPORT_WORDS)
_WORK_YEAR = needing(("政府信息公开工作",), re.compile(r"(?P<year>\d{4})\s*年度?\s*(?:的)?\s*政府信息公开工作"))
_CAPTION_YEAR = re.compile(r"^[(（]\s*(?P<year>\d{4})\s*年度?\s*[)）]$")


def _valid_year(text: str) -> int | None:
    year = int(text)
    return year if _MIN_YEAR <= year <= _MAX_YEAR else None


def _year_from_lines(lines: list[Line], title: str) -> tuple[int, str] | None:
    for line in lines:
        if "统计" in line.norm:
            m = _PERIOD.search(line.norm)
            if m:
                year = _valid_year(m.group("y2") or m.group("y1"))
                if year:
                    return year, "统计期限 sentence"
    head = [line for line in lines[: _HEAD_LINES * 3] if line.norm.strip()][:_HEAD_LINES]
    for line in head[:8]:
        m = next((hit for pattern in TITLE_PATTERNS if (hit := pattern.search(line.norm.lstrip()))), None)
        if m and _valid_year(m.group("year")):
            return int(m.group("year")), "title"
    if title:
        m = _TITLE_YEAR.search(title)
        if m and _valid_year(m.group("year")):
            return int(m.group("year")), "document title"
    for pattern, source in ((_TITLE_YEAR, "report name in the text"), (_WORK_YEAR, "opening sentence")):
        for line in head:
            m = pattern.search(line.norm)
            if m and _valid_year(m.group("year")):
                return int(m.group("year")), source
    for line in lines:
        if "年" in line.norm and len(line.norm) <= 40:
            text = compact(line.norm).rstrip("|")
            m = _CAPTION_YEAR.match(text)
            if m and _valid_year(m.group("year")):
                return int(m.group("year")), "table caption"
    return None


# ---------------------------------------------------------------------------
# Publication date

_LABELLED_DATE = re.compile(
    r"(?:填报日期|发布日期|发布时间|报出日期|印发日期|成文日期|公开日期|日期|(?<!统计)(?<!办理)时间)"
    r"\s*[:：]?\s*\|?\s*"  # '发文日期 | 2018-02-28' in a ' | ' metadata row
    r"(?P<y>\d{4})\s*[.\-/年]\s*(?P<m>\d{1,2})\s*[.\-/月]\s*(?P<d>\d{1,2})(?!\d)"
)
_DATE_LINE = re.compile(r"^(?P<y>\d{4})年(?P<m>\d{1,2})月(?P<d>\d{1,2})日$")


def _date(y: str, m: str, d: str) -> dt.date | None:
    try:
        date = dt.date(int(y), int(m), int(d))
    except ValueError:
        return None
    return date if _MIN_YEAR <= date.year <= _MAX_YEAR else None


_DATE_WORDS = re.compile(r"日期|时间")  # a labelled date's line holds one of them
_DAY = re.compile(r"日")


def _published_on(joined: JoinedLines) -> tuple[dt.date, str] | None:
    for line in joined.having(_DATE_WORDS):
        m = _LABELLED_DATE.search(line.norm)
        if m:
            date = _date(m.group("y"), m.group("m"), m.group("d"))
            if date:
                return date, "填报/发布日期 line"
    for line in reversed(joined.having(_DAY)):  # the signature date closes the report
        norm = line.norm
        if len(norm) <= 30:
            m = _DATE_LINE.match(compact(norm).rstrip("|"))
            if m:
                date = _date(m.group("y"), m.group("m"), m.group("d"))
                if date:
                    return date, "date line"
    return None


# ---------------------------------------------------------------------------
# Kind (region: pipelines.units resolves it from the unit name at ingest)

_GOVERNMENT = re.compile(
    r"(人民政府|街道办事处|办事处|(开发区|新区|高新区|园区|经济区|示范区|试验区|管理区)(管理委员会|管委会)"
    r"|管委会|[乡镇]政府|街道|[乡镇]|(?<!社)[区县旗]|[^城超]市)$"
)
_DEPARTMENT = re.compile(r"(局|委|委员会|办公室|办公厅|办|中心|厅|处|署|所|站|队|院|部|馆|会|司|室|社|台)$")


@lru_cache(maxsize=16384)  # a pure function of the name, asked of every reading (its `$` searches scan the name)
def kind_of(unit: str | None) -> UnitKind | None:
    """government (人民政府, 街道办事处, 乡/镇, 管委会) | department (局, 委, 中心 …) | other."""
    if not unit:
        return None
    name = compact(unit)
    if _GOVERNMENT.search(name):
        return "government"
    if _DEPARTMENT.search(name):
        return "department"
    return "other"


# ---------------------------------------------------------------------------


def extract_metadata(doc: Document, hints: PlacementHints | None = None) -> Meta:
    """Unit, statistics year, publication date and kind, each with its source.

    Unit and year are decided by :mod:`pipelines.normalize.placement` from every piece of
    evidence (title, 编制 sentence, opening, signature, page metadata, file and folder names,
    the officer's manifest); they stay None when that evidence is not certain, and the ranked
    candidates are kept in ``Meta.placement`` for the officer to choose from.
    """
    from pipelines.normalize.placement import decide

    meta = Meta()
    lines = JoinedLines(doc.lines, doc.norm_text)  # (shared with placement; the text joined once a document)
    published = _published_on(lines)
    if published:
        meta.published_on, meta.sources["published_on"] = published
    meta.placement = decide(doc, hints, meta.published_on, lines)
    if meta.placement.unit:
        meta.unit_name = meta.placement.unit.value
        meta.sources["unit"] = meta.placement.unit.source
    if meta.placement.year:
        meta.year = int(meta.placement.year.value)
        meta.sources["year"] = meta.placement.year.source
    unit_norm = meta.placement.unit.norm if meta.placement.unit else None
    meta.kind = kind_of(unit_norm)  # from the simplified name: 辦事處 is a 办事处
    return meta


# ('新晃县教育局2013年信息公开年度报告', zzzj9117: the report's own words without 政府)
_REPORT_WORDING = re.compile(r"政府信息公开|政务公开|信息公开(?:工作)?(?:年度报告|年报)")
# ('湖北省邮政管理局2015年度政府信息公开报告': 年度 and 报告 apart, zzzzzzi14119)
_ANNUAL_WORDING = re.compile(r"年度报告|年报|工作报告|工作情况|年度(?:政府|政务)?信息公开报告")
_MARKUP_ONLY = re.compile(r"^(?:[•·\d.\s]*<[^<>]*>)+$")
# A notice, circular or plan ABOUT the reports is not a report.
_OTHER_DOCUMENT = re.compile(r"(通知|通报|的函|意见|方案|要点|公告|办法|规定)$")
_OWN_REPORT = re.compile(
    r"政府信息公开条例[^\n]{0,40}?(?:第五十条|第三十一条)?[^\n]{0,30}?(?:编制|制作|形成|发布)(?:了)?本(?:年度)?报告"
    r"|本(?:年度)?报告[^\n]{0,40}?(?:根据|依据|依照|按照)[^\n]{0,10}《中华人民共和国政府信息公开条例》"
)
_FIRST_SECTION = re.compile(
    r"^\s*(?:[一1][、.．]\s*)?(?:(?:政府信息公开|政务公开)(?:工作)?)?(?:总体(?:工作)?情况|概述|概况|基本情况)\s*$"
    # a first section headed by the disclosure work itself ('一、领导重视,信息公开工作稳步推进', zc3204)
    r"|^\s*一[、.．][^\n]{0,16}(?:信息公开|政务公开)工作[^\n]{0,8}$",
    re.M,
)
# (a long first sentence: '2020年为我市机构改革后,…较好地完成了政府信息公开工作', zzv7736)
# (…or the first section over one part, its opening on the disclosure work: '…大力加强人防信息公开工作', zzzzzq12769)
_DISCLOSURE_WORK = re.compile(r"(?:信息公开|政务公开)工作")
_YEAR_WORK = re.compile(r"\d{4}\s*年度?[^\n]{0,400}?(?:政府信息公开|政务公开)")
# A text that opens with the year's disclosure work itself ('2010年,黑龍江省政府信息公開工作堅持…', zzc5802):
# a report's first paragraph, its title lost
_OPENS_WITH_YEAR_WORK = re.compile(r"^\s*\d{4}\s*年度?\s*[,，]\s*[^。\n]{0,20}?(?:政府信息公开|政务公开)工作")
_SECTION_WORDS = tuple(
    re.compile(p)
    # (the template's parts of the overview too: '(三)政府信息管理…', '(四)政府信息公开平台建设情况' — a body cut before
    # its reviews and suits, with neither title nor year, zzzz10738)
    for p in (r"主动公开", r"依申请|信息公开申请", r"复议", r"诉讼", r"统计期限", r"存在的(主要)?问题|不足", r"政府信息管理", r"平台建设")
)
# A report name with the unit right before it: an index page lists several different ones,
# a report page may repeat its own (metadata block, download link, title).
# (the 年 may be left out: '名  称: 本号镇2019政府信息公开工作年度报告' zzzzzs12868, as in 25 texts of the corpus)
_LISTED_REPORT_NAME = r"(?<!\d)\d{4}\s*(?:年度?)?\s*政府信息公开(工作)?(年度)?(报告|年报)"
_LISTED_REPORT = needing(("政府信息公开",), re.compile(r"[\u4e00-\u9fff]{0,20}" + _LISTED_REPORT_NAME))
# …whether a line holds one at all (the same answer, without retrying the unit's 20 characters at
# every position of a long line)
_HOLDS_LISTED_REPORT = needing(("政府信息公开",), re.compile(_LISTED_REPORT_NAME))


# A news item ABOUT a report (4 texts: a038, b239, d639, e840): a newspaper's byline, source
# line or dateline, and the report spoken of in the third person.
_NEWS_MARK = re.compile(
    r"[(（][^)）]{0,20}记者|来源\s*[:：]\s*[^\s|]{0,12}(?:日报|晚报|时报|晨报|商报|壹点|新华社|人民网|新华网|中新网|新闻网)"
    r"|^\S{2,10}(?:网|社)\S{0,6}\d{1,2}月\d{1,2}日电"
)
_NEWS_WORDS = ("记者", "来源", "日电")  # without one of them no line is a _NEWS_MARK (a cheap test first, of each line too)
_THIRD_PERSON = re.compile(
    # (the report's title closed before the verb: '…《国家旅游局2013年政府信息公开工作年度报告》显示', zzzzzzb13425)
    r"(?:报告|年报)[》〉」』”\"]?(?:显示|指出)|据[^。]{0,40}(?:年度报告|年报)|(?:正式)?向社会(?:发布|公布)了?[^。]{0,30}年度报告"
    r"|对外公布了[^。]{0,30}年度报告"
)
# A notice about compiling reports: '关于做好2016年政府信息公开工作年度报告' / '编制和公布工作的通知'
# (a notice publishing a report ends '…年度报告的通知' and holds the report).
# A reading guide to a report (年报解读, 文字解读: q2031, t2329): 解读 at the top over the guide's
# own outline, 一、编制背景 / 二、编制依据 — a report never has those headings (none of a–p does).
_GUIDE_HEADING = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*(?:编制|起草)(?:背景|依据|目的)")  # 起草背景: y2808
_GUIDE_TITLE = needing(("解读",), re.compile(r"(?:年度报告|年报)(?:》)?的?(?:图文|文字|政策)?解读(?:[|｜]|$)"))
_ABSTRACT = re.compile(r"^[【\[]?(?:内容)?摘\s*要[】\]]?[:：]?")
_PAPER_SELF = re.compile(r"本文|关键词|关键字|[Aa]bstract")
_GUIDE_TAG = re.compile(r"^(?:标题[:：])?【(?:文稿|图文|文字)?解读】[^【】]{0,40}?\d{4}\s*年度?[^【】]{0,20}(?:报告|年报)")
_NOTICE_TITLE = re.compile(r"关于[^。]{2,60}的通知$")
_ADDRESSEES = re.compile(r"^各[^。]{2,80}[:：;；]$")
_PUBLISHES_REPORT = re.compile(r"(?:报告|年报)(?:》)?的通知$")
_REPORTS_STATUS_TITLE = needing(("年度报告", "年报"), re.compile(
    r"(?:年度报告|年报)的?(?:编制和?|按时)?(?:公布|发布|报送|编制|公开)(?:工作)?(?:情况|结果)(?:的?(?:通报|报告|说明))?$"
))
_NOTICE_TITLE_LINE = needing(("关于",), re.compile(r"[^:：《》<>|]{0,30}关于[^。:：《》<>|]{2,60}的通知"))


def _own_title(head: list[str]) -> bool:
    """A report's own title among the first lines: a link to a notice on the reports above it is
    the page's chrome ('关于做好2017年政府信息公开工作年度报告…' is the notice's own subject again, zzb5716).
    (Read only when a notice's title is found: few pages have one.)"""
    return any(
        _HOLDS_LISTED_REPORT.search(compact(x)) and not compact(x).endswith("通知") and not compact(x).startswith("关于做好")
        for x in head[:8]
    )


def is_other_page(doc: Document) -> bool:
    """A page that speaks ABOUT reports — a news item, a notice on compiling them, a reading
    guide to one — even when it quotes figures: not a report, whatever it states."""
    head = [norm for line in doc.lines[:60] if (norm := line.norm.strip())]
    body = "\n".join(head)
    if (
        any(word in body for word in _NEWS_WORDS)
        and any(_NEWS_MARK.search(line) for line in head if any(word in line for word in _NEWS_WORDS))
        and _THIRD_PERSON.search(body)
    ):
        return True
    if any("解读" in line for line in head[:8]) and any(_GUIDE_HEADING.match(compact(x)) for x in head):
        return True
    # a guide titled so ('文稿解读|淄博市…2024年度政府信息公开工作年度报告的解读', zzv7740, both readers)
    # (each pattern below needs a character of its words, looked for in the line before the line
    # is compacted: compacting keeps every character but the spaces, and most lines hold none)
    # …or tagged so before the report's name ('【文稿解读】科苑街道办事处2020年…年度报告', zzzzzw13072; y2808 and zzzzzq12757
    # too, each a guide by both readers) — a link tagged 【政策解读】 or 【点击查看解读】 on a report's page is not (zzzf8728)
    guide_lines = (compact(x) for x in head[:4] if "解" in x)
    if any(_GUIDE_TITLE.search(line) or _GUIDE_TAG.match(line) for line in guide_lines):
        return True
    # a paper on the reports ('摘要' over '本文通过对…年度工作报告的数据统计…', zr4740): an abstract and
    # the paper speaking of itself, or its key words — no report opens so
    if any(_ABSTRACT.match(compact(x)) for x in head[:6] if "摘" in x) and _PAPER_SELF.search(body):
        return True
    # the page's own title line, a notice on the reports ('莆田市人民政府办公室关于做好2009年度政府信息公开
    # 工作年度报告有关事项的通知' over its outline and an empty form: i1218; j1320)
    for line in head[:3]:
        title = compact(line)
        if _NOTICE_TITLE_LINE.fullmatch(title) and not _PUBLISHES_REPORT.search(title) and not _own_title(head):
            return True
        # how the year's reports were published ('石狮市2023年政府信息公开工作年度报告公布情况' over '我市应
        # 公布年度报告单位37个,按时公布率100%', zzn6909, both readers): a page about the reports
        if _REPORTS_STATUS_TITLE.search(title):
            return True
    for i in range(min(6, len(head))):
        pair = head[i : i + 2]
        if "知" not in pair[0] and "知" not in pair[-1]:
            continue  # no '…的通知' in the pair (and no two lines joined and compacted for nothing)
        if max(len(x) for x in pair) > 40:
            continue
        joined = compact("".join(pair))
        if "《" in joined or "》" in joined:  # a title, not a sentence citing one
            continue
        # a notice's own title, then its addressees ('各乡镇人民政府,各街道办事处,区级各部门:'),
        # not a link to one in the page's chrome
        if _NOTICE_TITLE.search(joined) and not _PUBLISHES_REPORT.search(joined):
            if any(_ADDRESSEES.match(line) for line in head[i + 1 : i + 6]):
                return True
    return False


_ENGLISH_TITLE = re.compile(
    r"\b(?:19|20)\d{2}\s+Annual\s+Report\s+on\s+(?:the\s+)?(?:Work\s+of\s+)?Government\s+Information\s+"
    r"(?:Disclosure|Openness|Publicity|Transparency)"
    # 'China Meteorological Administration's 2017 Government Information Disclosure Annual Report' (zu5013)
    r"|\b(?:19|20)\d{2}\s+Government\s+Information\s+(?:Disclosure|Openness|Publicity|Transparency)\s+"
    r"(?:Work\s+)?Annual\s+Report",
    re.I,
)
_CRUMBS = re.compile(r"当前位置|您的位置|所在位置|首页\s*[>»]|[>»]")
# A section heading of the report templates (2008–2018 and 2019–): '二、主动公开政府信息(的)情况',
# '三、收到和处理政府信息公开申请情况' … (about 80 such lines in the real batches)
_TEMPLATE_HEADING = re.compile(
    r"^\s*[一二三四五六七八九十]、\s*(?:主动公开政府信息(?:的)?情况|依申请公开政府信息(?:的)?情况|"
    r"收到和处理政府信息公开申请(?:的)?情况|政府信息公开行政复议、行政诉讼情况|政府信息公开的?收费及减免情况)\s*$",
    re.M,
)


def looks_like_report(doc: Document, template: Family | None = None) -> bool:
    """A report of its own: a recognisable table, or report wording in the title, or the
    report's sections in the body — and not a notice about reports or a list of them.
    ``template``: the document's family when the caller has it already (detect_family's
    answer, not worked out a second time)."""
    if (template or detect_family(doc.lines)) != "narrative":
        return True
    # (a line of empty HTML tags is no text: a hijacked mirror puts twenty over its title, zzzzzzi14118)
    nonblank = [norm for line in doc.lines[:40] if (norm := line.norm.strip()) and not _MARKUP_ONLY.match(norm)]
    head = nonblank[:3]
    titles = [compact(t) for t in (doc.title, *head) if t]
    # a title further down, after page chrome ('标 题:' / '铺前镇2020年…年度报告 - 文 号:…')
    head_more = [compact(t)[:60] for t in nonblank[3:8] if _HOLDS_LISTED_REPORT.search(compact(t))]
    # (a breadcrumb '当前位置:首页 > 文件通知' is not the page's title)
    if any(_OTHER_DOCUMENT.search(t) and "年度报告" not in t and not _CRUMBS.search(t) for t in titles[:2]):
        return False
    # (a listed report's name ends in 报告 / 年报: a line without '报' is not compacted for nothing)
    names = [
        m.group(0)
        for line in doc.lines
        if len(line.norm) <= 80 and "报" in line.norm and (m := _LISTED_REPORT.search(compact(line.norm)))
    ]
    # '名称 宿迁市2017年…' and '文件下载 宿迁市2017年…' name the same report as '宿迁市2017年…'
    listed = sum(1 for n in set(names) if not any(o != n and n.endswith(o) for o in names))
    if listed >= 3 or (listed >= 2 and listed == len(head)):  # an index page listing reports
        return False
    if any(_REPORT_WORDING.search(t) and _ANNUAL_WORDING.search(t) for t in titles + head_more):
        return True
    # a report in English ('2011 Annual Report on Government Information Disclosure', j1331): kept
    # for the officer (its unit and figures are not read)
    if any(_ENGLISH_TITLE.search(line.norm) for line in doc.lines[:5]):
        return True
    body = "\n".join(line.norm for line in doc.lines[:400])
    sections = sum(1 for p in _SECTION_WORDS if p.search(body))
    if sections >= 3 or _TEMPLATE_HEADING.search(body):
        return True
    # A report's own opening: '依据《政府信息公开条例》第五十条…制作本报告', or its first
    # section (一、总体情况 / 概述) on the disclosure work of a year.
    opening = "\n".join(line.norm for line in doc.lines[:30])
    if any(_OPENS_WITH_YEAR_WORK.match(line) for line in nonblank[:3]):
        return True
    # A year's disclosure work with its proactive and on-request parts: a report cut short.
    # Its first section and two of its parts are a report too when no year is printed (a body
    # copied without title or date, m1614 n1726): kept for the officer, not rejected.
    # (a heading spaced out, '一、概 述', zzf6114)
    first_section = bool(_FIRST_SECTION.search("\n".join(compact(line.norm) for line in doc.lines[:30])))
    return bool(_OWN_REPORT.search(opening)) or bool(
        (first_section or sections >= 2) and _YEAR_WORK.search(opening)
    ) or bool(first_section and (sections >= 2 or (sections >= 1 and _DISCLOSURE_WORK.search(opening))))


__all__ = ["Meta", "extract_metadata", "is_other_page", "kind_of", "looks_like_report", "title_head"]
