"""HTML pages: block elements → Lines, each <tr> → one Line with grid-positioned cells.

Tables: one Cell per physical <td>/<th>; ``Cell.col`` is the 0-based column in the true
grid after rowspan/colspan expansion (prov 'table T row R col C' is 1-based). A cell covered
by a rowspan from a row above is not repeated: the next cells' columns account for it.
A table whose cells contain tables is a layout table: its cells are read as ordinary blocks.
"""

from __future__ import annotations

import re
import threading

import lxml.etree

from pipelines.errors import RejectedInput
from pipelines.extract.builder import DocumentBuilder, clean_cell_text
from pipelines.extract.decode import decode_text, python_codec
from pipelines.extract.limits import ExtractLimits
from pipelines.model import Document

_DROP = frozenset(
    "script style nav header footer noscript template iframe svg head object select button "
    "textarea input option".split()
)
_BLOCK = frozenset(
    "p div h1 h2 h3 h4 h5 h6 li ul ol dl dt dd section article blockquote pre center form "
    "address caption figure figcaption main aside hr tr td th tbody thead tfoot body html".split()
)

_BREAK_TAGS = _BLOCK | {"br"}
_CELL_TAGS = frozenset(("td", "th"))
_TABLE_ROWS = lxml.etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")
_local = threading.local()


def _parser() -> lxml.etree.HTMLParser:
    """One parser per thread (lxml parsers are not thread-safe). Plain etree elements:
    lxml.html's element classes cost a class lookup per node."""
    parser = getattr(_local, "parser", None)
    if parser is None:
        parser = _local.parser = lxml.etree.HTMLParser(remove_comments=True, remove_pis=True)
    return parser


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_:.\-]+)""", re.I)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.I)
_HTML_START = re.compile(
    rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<meta|<title|<!--|"
    rb"<(?:p|div|table|tbody|tr|td|span|h[1-6]|br|section|article|font|center|strong|b)[\s>/])",
    re.I,
)
_HTML_TAGS = re.compile(rb"</?(?:p|div|table|tr|td|br|span|html|body)[\s>/]", re.I)
_SPAN_NUMBER = re.compile(r"\d+")

_BREADCRUMB = re.compile(r"^\s*(?:当前位置|您的位置|您现在的位置|當前位置|您的位置)\s*[:：]?.*(?:>|＞|»|→)")
# Page chrome: a line that mentions a marker and has nothing left once chrome words are removed.
_CHROME_MARKERS = ("字号", "字號", "打印", "列印", "关闭窗口", "關閉", "扫一扫", "掃一掃", "分享到")
_CHROME_WORDS = re.compile(
    "扫一扫在手机上打开(?:当前)?页面?|掃一掃在手機上打開(?:當前)?頁面?|扫一扫|掃一掃|在手机上打开|"
    "打印本页|打印本頁|列印本頁|打印|列印|关闭窗口|關閉視窗|關閉窗口|关闭本页|关闭|關閉|分享到|分享|"
    "字号|字號|字体|字體|默认|預設|收藏|微信|微博|QQ空间|QQ空間|新浪|腾讯|騰訊|人人网|返回顶部|保存|纠错|"
    "[大中小]|[\\s【】\\[\\]()（）|｜:：·•>»/、,，.。-]"
)


def looks_like_html(data: bytes) -> bool:
    """Content sniffing for text files that are really HTML (e.g. a page body in a JS string)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) or len(_HTML_TAGS.findall(head)) >= 10


def declared_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:16384])
    return python_codec(match.group(1).decode("ascii")) if match else None


def _unescape_js_string(text: str) -> str:
    """HTML kept inside a JavaScript string: quotes escaped as \\" and slashes as \\/."""
    # (one scan for a backslash first: most pages have none, and a one-character search is
    # many times faster than the two-character ones)
    if "\\" not in text or ('=\\"' not in text and "<\\/" not in text):
        return text
    return (
        text.replace('\\"', '"')
        .replace("\\/", "/")
        .replace("\\r\\n", "\n")
        .replace("\\n", "\n")
        .replace("\\t", " ")
    )


def is_chrome(text: str) -> bool:
    """字号 大 中 小, 打印本页, 关闭窗口, 扫一扫在手机上打开页面, 分享到 … (nothing else on the
    line), and the breadcrumb trail (当前位置：首页 > 政务公开 > …)."""
    if _BREADCRUMB.match(text):
        return True
    if not any(marker in text for marker in _CHROME_MARKERS):
        return False
    return len(_CHROME_WORDS.sub("", text)) <= 1


def _span(value: str, upper: int) -> int:
    """A rowspan/colspan attribute as a count in 1..upper (tolerant: '2;', ' 2 ', '"2"')."""
    match = _SPAN_NUMBER.search(value)
    return max(1, min(int(match.group(0)), upper)) if match else 1


def _prepare(root) -> None:
    """Once per page: drop scripts, styles, page header/footer/nav and comments with their content."""
    lxml.etree.strip_elements(
        root, *_DROP, lxml.etree.Comment, lxml.etree.ProcessingInstruction, with_tail=False
    )


def inner_text(el) -> str:
    """Text of an element on one line."""
    if not len(el):  # no child elements (most table cells): the text is all there is
        return clean_cell_text(el.text or "")
    return clean_cell_text(lxml.etree.tostring(el, method="text", encoding="unicode", with_tail=False))


def cell_text(td) -> str:
    """A table cell's text on one line, with a space after every block and <br> inside it so
    that '本年新<br/>制作数量' or '<p>a</p><p>b</p>' keep their words apart. Gathered by a walk
    of the cell, not by a serialisation: a cell is short (most hold one <p>), and the page
    then needs no spaces put into its tails (the page reader flushes its line at each block
    and <br> itself)."""
    children = len(td)
    if not children:
        return clean_cell_text(td.text or "")
    child = td[0] if children == 1 else None  # (each td[0] makes a new proxy: one is enough)
    if child is not None and not len(child):  # the common cell: <td><p>text</p></td>
        space = " " if child.tag in _BREAK_TAGS else ""
        return clean_cell_text(f"{td.text or ''}{child.text or ''}{space}{child.tail or ''}")
    pieces: list[str] = []
    _gather_text(td, pieces)
    return clean_cell_text("".join(pieces))


def _gather_text(el, pieces: list[str]) -> None:
    """The text of el and of what it holds (not its tail), a space after each block or <br>."""
    if el.text:
        pieces.append(el.text)
    for child in el:
        _gather_text(child, pieces)
        if child.tag in _BREAK_TAGS:
            pieces.append(" ")
        if child.tail:
            pieces.append(child.tail)


class _PageReader:
    def __init__(self) -> None:
        self.builder = DocumentBuilder()
        self.buffer: list[str] = []
        self.tables = 0

    def flush(self) -> None:
        text = clean_cell_text("".join(self.buffer))
        self.buffer.clear()
        if text and not is_chrome(text):
            self.builder.add_text(text)

    def walk(self, el) -> None:
        tag = el.tag
        if tag == "table":
            self.flush()
            self.table(el)
        elif tag == "br":
            self.flush()
        else:
            block = tag in _BLOCK
            if block:
                self.flush()
            if el.text:
                self.buffer.append(el.text)
            for child in el:
                self.walk(child)
            if block:
                self.flush()
        if el.tail:
            self.buffer.append(el.tail)

    def table(self, table) -> None:
        rows = _TABLE_ROWS(table)
        if table.find(".//table") is not None:
            self.layout_table(rows)
            return
        self.tables += 1
        covered: dict[int, set[int]] = {}  # row → grid columns taken by a rowspan from above
        for r, row in enumerate(rows):
            texts: list[str] = []  # the row's cells as three lists: no object a cell until the Cell
            cols: list[int] = []
            spans: list[int] = []
            taken = covered.get(r, ())
            col = 0
            for td in row:  # (a test of the tag here is cheaper than iterchildren's own)
                if td.tag not in _CELL_TAGS:
                    continue
                while col in taken:
                    col += 1
                colspan = td.get("colspan")  # inline checks: most cells have no spans
                colspan = 1 if colspan is None else _span(colspan, 1000)
                rowspan = td.get("rowspan")
                if rowspan is not None and (rowspan := _span(rowspan, len(rows) - r)) > 1:
                    for below in range(r + 1, r + rowspan):
                        covered.setdefault(below, set()).update(range(col, col + colspan))
                texts.append(cell_text(td))
                cols.append(col)
                spans.append(colspan)
                col += colspan
            if len(texts) >= 2 or any(texts):  # a row of blank cells is a row of zeros
                self.builder.add_grid_row(texts, cols, spans, f"table {self.tables} row {r + 1}")

    def layout_table(self, rows: list) -> None:
        """A table used for page layout (it holds tables): read its cells as blocks."""
        for row in rows:
            for td in row.iterchildren("td", "th"):
                self.flush()
                if td.text:
                    self.buffer.append(td.text)
                for child in td:
                    self.walk(child)
                self.flush()


_CELL_TAG = re.compile(r"<t[dh][\s>/]", re.I)


def check_html_size(text: str, limits: ExtractLimits | None = None) -> None:
    """Refuse a page whose tree would not fit: tags and table cells counted before parsing."""
    limits = limits or ExtractLimits()
    tags = text.count("<")
    if tags > limits.max_html_tags:
        raise RejectedInput(f"HTML page has {tags:,} tags, over the limit of {limits.max_html_tags:,}")
    # each cell is a tag: a page with fewer tags than the limit needs no count of its cells
    # (one findall, not a Python step per cell: the tag count above bounds the list it makes)
    if tags > limits.max_html_cells and len(_CELL_TAG.findall(text)) > limits.max_html_cells:
        raise RejectedInput(f"HTML page has more than {limits.max_html_cells:,} table cells")


def read_html(
    data: bytes, name: str, text: str | None = None, encoding: str = "", limits: ExtractLimits | None = None
) -> Document:
    """An HTML page (or an HTML fragment saved as .txt) → Document."""
    if text is None:
        text, encoding = decode_text(data, declared_charset(data))
    check_html_size(text, limits)
    text = _XML_DECL.sub("", _unescape_js_string(text), count=1)
    try:
        root = lxml.etree.fromstring(text, _parser())
    except (lxml.etree.LxmlError, ValueError) as exc:
        raise RejectedInput(f"unreadable HTML: {exc}") from None
    if root is None:
        raise RejectedInput("no text in the HTML file")
    title, page_meta = _title_and_meta(root)
    _prepare(root)
    reader = _PageReader()
    body = root.find("body")
    try:
        reader.walk(body if body is not None else root)
    except RecursionError:
        raise RejectedInput("HTML nested too deeply to read") from None
    reader.flush()
    return reader.builder.build(data, name, "html", title=title, encoding=encoding, page_meta=page_meta)


# Meta tags of Chinese government CMSs that name the page and its publisher (placement evidence).
_META_NAMES = {
    "articletitle": "ArticleTitle",
    "contentsource": "ContentSource",
    "sitename": "SiteName",
    "og:site_name": "SiteName",
    "publisher": "publisher",
    "author": "author",
    "columnname": "ColumnName",
}


def _title_and_meta(root) -> tuple[str, dict[str, str]]:
    """The page's <title>, and what names the page (placement evidence): ArticleTitle,
    ContentSource, SiteName, publisher … and the first <h1>, each trimmed. One pass over the
    tree for the three tags (a search of the tree costs as much as the pass)."""
    title = h1 = None
    found: dict[str, str] = {}
    for el in root.iterdescendants("title", "meta", "h1"):
        tag = el.tag
        if tag == "meta":
            key = _META_NAMES.get((el.get("name") or el.get("property") or "").strip().lower())
            content = " ".join((el.get("content") or "").split())
            if key and content and key not in found:
                found[key] = content[:200]
        elif tag == "title":
            title = title if title is not None else el
        else:
            h1 = h1 if h1 is not None else el
    if h1 is not None and (text := inner_text(h1)):
        found["h1"] = text[:200]
    return (inner_text(title) if title is not None else ""), found
