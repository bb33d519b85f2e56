"""Render a :class:`Doc` as the files officers receive: text dumps, web pages, PDF, DOCX.

Every renderer is deterministic: the same Doc gives the same bytes (PDF and DOCX carry
fixed timestamps and metadata).
"""

from __future__ import annotations

import datetime as dt
import html
import io
import zipfile
from functools import cache

from pipelines.demo.doc import Doc, Table, TCell, grid_origins

DEMO_MARK = "示例数据"  # every generated file says so (in a comment, metadata or footer)

# ---------------------------------------------------------------------------
# text dumps

_SPLIT_HEADERS = {"商业企业": "商业 企业", "科研机构": "科研 机构"}


def _header_text(cell: TCell, split: bool, sep: str) -> str:
    if split and cell.header and cell.text in _SPLIT_HEADERS:
        return _SPLIT_HEADERS[cell.text].replace(" ", sep)
    return cell.text


def _txt_table(table: Table, style: str, split_headers: bool, debris: bool = False) -> list[str]:
    """A table flattened the ways real dumps do: one row per line with ' | ', one cell per
    line with lone '|' lines, or one cell per paragraph. Merged cells appear once."""
    lines: list[str] = []
    for row in table.rows:
        if style == "rows":
            texts = [_header_text(c, split_headers, " ") for c in row]
            # Leftover colspan fragments of the converter ('| ||'), as in the 2017 sample.
            lines.append(" | ".join(texts) + (" | ||" if debris else " |"))
        elif style == "cells":
            for cell in row:
                lines.append(_header_text(cell, split_headers, "\n"))
                lines.append("|")
        else:  # paras
            for cell in row:
                lines.append(_header_text(cell, split_headers, "\n\n"))
                lines.append("")
    return lines


def _flipbook_table4(table: Table) -> list[str]:
    """Table 4 as a PDF flip-book text layer gives it: group headers, the fifteen outcome
    headers broken one character per line (结 结 其 尚 …), all fifteen numbers on one line."""
    outcomes = [c.text for c in table.rows[2]]
    outcomes = outcomes[:0] + [c.text for c in table.rows[1][:5]] + outcomes
    lines = ["行政复议 行政诉讼", "未经复议直接起诉 复议后起诉"]
    for k in range(max(len(o) for o in outcomes)):
        lines.append(" ".join(o[k] for o in outcomes if len(o) > k))
    lines.append(" ".join(c.text or "0" for c in table.rows[3]))
    return lines


def render_txt(
    doc: Doc,
    style: str,
    *,
    split_headers: bool = False,
    chrome: bool = False,
    debris: bool = False,
    flip_t4: bool = False,
) -> str:
    """style: rows | cells | paras (paras separates every block by a blank line)."""
    gap = style == "paras"
    out: list[str] = []
    if doc.title:
        out.append(doc.title)
        if gap:
            out.append("")
    for block in doc.blocks:
        if block.kind == "table" and block.table is not None:
            if flip_t4 and block.table.kind == "t4":
                out.extend(_flipbook_table4(block.table))
            else:
                out.extend(
                    _txt_table(block.table, style, split_headers, debris and block.table.kind == "legacy")
                )
        else:
            out.extend(block.text.split("\n"))
            if gap:
                out.append("")
    if chrome:
        out.append("扫一扫在手机上打开页面")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------
# HTML pages


def _broken(text: str) -> str:
    """Word-exported header cells often break long labels: 本年新<br />制作数量."""
    if len(text) >= 6 and "（" not in text:
        return html.escape(text[:3], quote=False) + "<br />" + html.escape(text[3:], quote=False)
    return html.escape(text, quote=False)


def _html_table(table: Table, br_headers: bool = False) -> str:
    parts = ['<table border="1" cellspacing="0" cellpadding="0" align="center" style="border-collapse:collapse;">',
             "<tbody>"]  # fmt: skip
    for row in table.rows:
        parts.append("<tr>")
        for cell in row:
            attrs = ""
            if cell.rowspan > 1:
                attrs += f' rowspan="{cell.rowspan}"'
            if cell.colspan > 1:
                attrs += f' colspan="{cell.colspan}"'
            if not cell.text:
                text = "&nbsp;"
            elif br_headers and cell.header:
                text = _broken(cell.text)
            else:
                text = html.escape(cell.text, quote=False)
            align = ' align="center"' if cell.header or not cell.text or cell.text[:1].isdigit() else ""
            parts.append(f'<td{attrs} valign="middle"><p{align}>{text}</p></td>')
        parts.append("</tr>")
    parts.append("</tbody></table>")
    return "".join(parts)


def render_html(doc: Doc, charset: str, *, views: int = 0, br_headers: bool = False) -> str:
    """A government-site article page: charset in <meta>, page chrome around the report."""
    published = doc.published.isoformat() if doc.published else ""
    body: list[str] = []
    for block in doc.blocks:
        if block.kind == "table" and block.table is not None:
            body.append(_html_table(block.table, br_headers))
        elif block.kind == "h":
            body.append(f"<p><strong>{html.escape(block.text)}</strong></p>")
        elif block.kind == "sig":
            body.extend(f'<p style="text-align:right;">{html.escape(t)}</p>' for t in block.text.split("\n"))
        else:
            body.append(f'<p style="text-indent:2em;">{html.escape(block.text)}</p>')
    title = html.escape(doc.title or f"{doc.unit}政府信息公开工作年度报告")
    date_line = f"<span>发布日期：{published}</span>" if published else ""
    return (
        "<!DOCTYPE html>\n<html>\n<head>\n"
        f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">\n'
        f"<title>{title}_{html.escape(doc.site)}</title>\n"
        f"<!-- {DEMO_MARK}：本页面由 govreports 示例语料生成器生成 -->\n"
        "</head>\n<body>\n"
        f'<div class="nav">当前位置：<a href="/">首页</a> &gt; <a href="/xxgk/">政府信息公开</a> &gt; 政府信息公开年报</div>\n'
        f'<div class="article"><h1 class="article-title">{title}</h1>\n'
        f'<div class="info">{date_line}<span>来源：{html.escape(doc.unit)}</span>'
        f"<span>浏览次数：{views}</span>"
        '<span>字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></span></div>\n'
        f'<div class="article-content">{"".join(body)}</div>\n'
        '<div class="tools"><a href="javascript:window.print()">打印本页</a> <a href="javascript:window.close()">关闭窗口</a></div>\n'
        '<div class="qrcode">扫一扫在手机上打开页面</div></div>\n'
        f'<div class="footer">主办：{html.escape(doc.site)}办公室 承办：宿迁市大数据管理局 '
        "网站标识码：3213000001 苏ICP备05007198号 苏公网安备 32130202010134号 联系电话：0527-84368255</div>\n"
        "</body>\n</html>\n"
    )


# ---------------------------------------------------------------------------
# PDF (text layer, grid-lined tables)


@cache
def _pdf_styles():
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    font = "STSong-Light"
    return {
        "title": ParagraphStyle("t", fontName=font, fontSize=16, leading=22, alignment=1, wordWrap="CJK"),
        "h": ParagraphStyle("h", fontName=font, fontSize=11, leading=16, wordWrap="CJK", spaceBefore=4),
        "p": ParagraphStyle("p", fontName=font, fontSize=10, leading=15, firstLineIndent=20, wordWrap="CJK"),
        "sig": ParagraphStyle("s", fontName=font, fontSize=10, leading=15, alignment=2, wordWrap="CJK"),
        "cell": ParagraphStyle("c", fontName=font, fontSize=7, leading=9, alignment=1, wordWrap="CJK"),
        "label": ParagraphStyle("l", fontName=font, fontSize=7, leading=9, wordWrap="CJK"),
    }


_PDF_WIDTHS_MM: dict[str, list[float]] = {
    "t2": [60, 40, 40, 40],
    "t3": [12, 20, 52, 13.7, 13.7, 13.7, 13.7, 13.7, 13.7, 13.7],
    "t4": [12] * 15,
    "legacy": [128, 20, 32],
    "legacy5": [86, 20, 20, 27, 27],
}


def _wrap(text: str, width_pt: float, size: float) -> str:
    """Break a cell's text into lines that fit (CJK glyphs are ~1 em wide, ASCII ~0.5 em)."""
    lines, line, used = [], "", 0.0
    for ch in text:
        w = size * (0.5 if ord(ch) < 128 else 1.0)
        if used + w > width_pt - 4 and line:
            lines.append(line)
            line, used = "", 0.0
        line += ch
        used += w
    lines.append(line)
    return "\n".join(lines)


def _pdf_table(table: Table):
    from reportlab.lib import colors
    from reportlab.lib.units import mm
    from reportlab.platypus import Table as RLTable

    _pdf_styles()  # registers the font
    kind = "legacy5" if table.kind == "legacy" and table.ncols == 5 else table.kind
    widths = [w * mm for w in _PDF_WIDTHS_MM[kind]]
    size = 7
    data = []
    spans = []
    for r, row in enumerate(grid_origins(table)):
        out_row = []
        for c, (cell, r0, c0) in enumerate(row):
            if (r, c) == (r0, c0):
                width = sum(widths[c : c + cell.colspan])
                out_row.append(_wrap(cell.text, width, size))
                if cell.rowspan > 1 or cell.colspan > 1:
                    spans.append(("SPAN", (c, r), (c + cell.colspan - 1, r + cell.rowspan - 1)))
            else:
                out_row.append("")
        data.append(out_row)
    rl = RLTable(data, colWidths=widths)
    rl.setStyle(
        [
            ("FONT", (0, 0), (-1, -1), "STSong-Light", size, size + 2),
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("ALIGN", (1, 0), (-1, -1), "CENTER"),
            *spans,
        ]
    )
    return rl


def render_pdf(doc: Doc) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

    styles = _pdf_styles()
    story = []
    if doc.title:
        story += [Paragraph(html.escape(doc.title), styles["title"]), Spacer(1, 6)]
    for block in doc.blocks:
        if block.kind == "table" and block.table is not None:
            story += [Spacer(1, 4), _pdf_table(block.table), Spacer(1, 4)]
        else:
            for text in block.text.split("\n"):
                story.append(Paragraph(html.escape(text), styles[block.kind]))

    def page_number(canvas, _doc):
        canvas.setFont("STSong-Light", 9)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, f"— {canvas.getPageNumber()} —")

    buf = io.BytesIO()
    template = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=doc.title or doc.unit,
        author=doc.unit,
        subject=DEMO_MARK,
        creator="govreports demo corpus",
        invariant=1,
    )
    template.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buf.getvalue()


# ---------------------------------------------------------------------------
# DOCX (Word tables with merged cells), written as WordprocessingML directly: python-docx
# builds merged tables in quadratic time, far too slow for a corpus; it still opens these.

_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" '
    'Target="docProps/core.xml"/>'
    "</Relationships>"
)


def _x(text: str) -> str:
    return html.escape(text, quote=True)


def _w_par(text: str, *, bold: bool = False, align: str = "") -> str:
    ppr = f'<w:pPr><w:jc w:val="{align}"/></w:pPr>' if align else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    run = f'<w:r>{rpr}<w:t xml:space="preserve">{_x(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def _w_table(table: Table) -> str:
    border = "".join(
        f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
        for side in ("top", "left", "bottom", "right", "insideH", "insideV")
    )
    parts = [
        f'<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/><w:tblBorders>{border}</w:tblBorders></w:tblPr>',
        "<w:tblGrid>" + '<w:gridCol w:w="800"/>' * table.ncols + "</w:tblGrid>",
    ]
    for r, row in enumerate(grid_origins(table)):
        parts.append("<w:tr>")
        c = 0
        while c < table.ncols:
            cell, r0, _c0 = row[c]
            span = min(cell.colspan, table.ncols - c)
            props = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
            if cell.rowspan > 1:
                props += '<w:vMerge w:val="restart"/>' if r == r0 else "<w:vMerge/>"
            text = cell.text if r == r0 else ""
            tcpr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
            parts.append(f"<w:tc>{tcpr}{_w_par(text, align='center' if cell.header else '')}</w:tc>")
            c += span
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)


def _core_xml(doc: Doc) -> str:
    stamp = dt.datetime.combine(doc.published or dt.date(2020, 1, 1), dt.time(9, 0)).strftime(
        "%Y-%m-%dT%H:%M:%SZ"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">'
        f"<dc:title>{_x(doc.title)}</dc:title><dc:creator>{_x(doc.unit)}</dc:creator>"
        f"<dc:description>{DEMO_MARK}</dc:description><cp:revision>1</cp:revision>"
        f'<dcterms:created xsi:type="dcterms:W3CDTF">{stamp}</dcterms:created>'
        f'<dcterms:modified xsi:type="dcterms:W3CDTF">{stamp}</dcterms:modified>'
        "</cp:coreProperties>"
    )


def render_docx(doc: Doc) -> bytes:
    body: list[str] = []
    if doc.title:
        body.append(_w_par(doc.title, bold=True, align="center"))
    for block in doc.blocks:
        if block.kind == "table" and block.table is not None:
            body.append(_w_table(block.table))
            body.append(_w_par(""))
        elif block.kind == "h":
            body.append(_w_par(block.text, bold=True))
        elif block.kind == "sig":
            body.extend(_w_par(t, align="right") for t in block.text.split("\n"))
        else:
            body.append(_w_par(block.text))
    document = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:document xmlns:w="{_W}"><w:body>{"".join(body)}'
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in (
            ("[Content_Types].xml", _CONTENT_TYPES),
            ("_rels/.rels", _RELS),
            ("docProps/core.xml", _core_xml(doc)),
            ("word/document.xml", document),
        ):
            info = zipfile.ZipInfo(name, date_time=_ZIP_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            zf.writestr(info, data.encode("utf-8"))
    return out.getvalue()
