"""Builders of test inputs (PDF, DOCX, zip, GBK HTML), made in memory so each test shows its data."""

from __future__ import annotations

import io
import zipfile

HEADER = [
    "（本列数据的勾稽关系）",
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
]
ROWS = [
    ["一、本年新收政府信息公开申请数量", "12", "3", "", "1", "", "", "16"],
    ["二、上年结转政府信息公开申请数量", "2", "", "", "", "", "", "2"],
    ["四、结转下年度继续办理", "1", "", "", "", "", "", "1"],
]


LONG_PARAGRAPH = (
    "（一）主动公开。2021年，我区坚持以公开为常态、不公开为例外，扎实推进决策、执行、管理、服务、"
    "结果公开，全年主动公开政府信息1234条，政务微博全年发布信息1025条，政务微信全年发布信息678条，"
    "开通至今访问总量为967538次。"
)


def make_pdf(
    *, table_rows: list[list[str]] | None = None, second_page_rows: list[list[str]] | None = None
) -> bytes:
    """A Chinese report PDF: a title, a paragraph, a ruled table with a merged header cell,
    optionally a second page continuing the table."""
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cn", fontName="STSong-Light", fontSize=10, leading=14, wordWrap="CJK")
    small = ParagraphStyle("cn-small", fontName="STSong-Light", fontSize=7, leading=9)

    def table(rows: list[list[str]], header: bool) -> Table:
        data = []
        if header:
            data.append(["项目", "申请人情况", "", "", "", "", "", ""])
            data.append(HEADER)
        data += rows
        cells = [[Paragraph(c, small) for c in row] for row in data]
        t = Table(cells, colWidths=[150] + [45] * 7)
        commands = [("GRID", (0, 0), (-1, -1), 0.5, colors.black)]
        if header:
            commands.append(("SPAN", (1, 0), (7, 0)))  # 申请人情况 over the seven columns
        t.setStyle(TableStyle(commands))
        return t

    buf = io.BytesIO()
    doc = SimpleDocTemplate(buf, pagesize=A4, title="测试区2021年政府信息公开工作年度报告")
    story = [
        Paragraph("测试区2021年政府信息公开工作年度报告", style),
        Paragraph(LONG_PARAGRAPH, style),
        Paragraph("三、收到和处理政府信息公开申请情况", style),
        table(table_rows if table_rows is not None else ROWS, header=True),
    ]
    if second_page_rows:
        story += [PageBreak(), table(second_page_rows, header=False)]
    story.append(Paragraph("五、存在的主要问题及改进情况", style))
    doc.build(story)
    return buf.getvalue()


def make_image_only_pdf() -> bytes:
    """A 'scanned' PDF: one page with a drawn picture and no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    try:
        from PIL import Image

        img = Image.new("RGB", (200, 100), "white")
        for x in range(20, 180):
            img.putpixel((x, 50), (0, 0, 0))
        png = io.BytesIO()
        img.save(png, "PNG")
        png.seek(0)
        image = ImageReader(png)
    except ImportError:  # pragma: no cover - Pillow is a reportlab dependency
        image = None
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    if image is not None:
        c.drawImage(image, 100, 500, width=300, height=150)
    c.rect(50, 50, 200, 100, fill=1)
    c.showPage()
    c.save()
    return buf.getvalue()


def make_docx() -> bytes:
    """A DOCX report: paragraphs, then a table with a horizontally merged header cell and a
    vertically merged row label, then a closing paragraph."""
    import docx

    document = docx.Document()
    document.core_properties.title = "测试局2020年政府信息公开工作年度报告"
    document.add_paragraph("测试局2020年政府信息公开工作年度报告")
    document.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    table = document.add_table(rows=4, cols=4)
    table.style = "Table Grid"
    table.cell(0, 0).merge(table.cell(0, 1)).text = "行政复议"  # gridSpan=2
    table.cell(0, 2).merge(table.cell(0, 3)).text = "行政诉讼"
    for col, label in enumerate(["结果维持", "结果纠正", "未经复议直接起诉", "复议后起诉"]):
        table.cell(1, col).text = label
    table.cell(2, 0).merge(table.cell(3, 0)).text = "5"  # vMerge over two rows
    for row, values in ((2, ["1", "2", "3"]), (3, ["4", "6", "7"])):
        for col, value in enumerate(values, start=1):
            table.cell(row, col).text = value
    document.add_paragraph("五、存在的主要问题及改进情况")
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def make_zip(members: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    """A zip with the given member names (written verbatim: '../x' and '/abs' included)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name)
            info.compress_type = compression
            zf.writestr(info, data)
    return buf.getvalue()


GBK_PAGE = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某某县2020年政府信息公开工作年度报告</title>
<script>var x = "不应出现的脚本文字";</script><style>.a{color:red}</style></head>
<body>
<div class="crumbs">当前位置：首页 &gt; 政务公开 &gt; 年报</div>
<header>页头导航</header>
<div>【字号：大 中 小】【打印本页】【关闭窗口】</div>
<h1>某某县2020年政府信息公开工作年度报告</h1>
<p>本年度共收到申请&nbsp;16&nbsp;件。</p>
<table border="1">
<tr><td rowspan="2" colspan="2">项目</td><td colspan="3">申请人情况</td></tr>
<tr><td>自然人</td><td>法人或其他组织</td><td>总计</td></tr>
<tr><td rowspan="2">三、本年度办理结果</td><td>（一）予以公开</td><td>５</td><td>&nbsp;</td><td>5</td></tr>
<tr><td>（二）部分公开</td><td>1</td><td>2</td><td>3</td></tr>
<tr><td colspan="2">四、结转下年度继续办理</td><td colspan="2">7</td><td>7</td></tr>
</table>
<p>扫一扫在手机上打开页面</p>
<p>分享到：</p>
<footer>主办单位：某某县人民政府办公室</footer>
</body></html>
"""


def make_unruled_pdf() -> bytes:
    """A PDF whose table has no ruling lines: a label and numbers placed at x positions."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("STSong-Light", 10)
    c.drawString(50, 800, "利用大厅 LED 显示屏公开信息，全年发布 1025 条。")
    c.drawString(50, 780, "行政复议")
    for i, value in enumerate(["5", "0", "0", "2", "7"]):
        c.drawString(200 + 40 * i, 780, value)
    c.showPage()
    c.save()
    return buf.getvalue()


def make_encrypted_pdf() -> bytes:
    """A PDF that opens only with a password."""
    from reportlab.lib import pdfencrypt
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, encrypt=pdfencrypt.StandardEncryption("secret", canPrint=0))
    c.drawString(100, 700, "annual report")
    c.showPage()
    c.save()
    return buf.getvalue()


def make_inflating_pdf(inflated_mb: int = 300) -> bytes:
    """A small PDF whose one page content stream inflates to ``inflated_mb`` MB of blanks
    (a 'PDF bomb': about 1/1000 of that on disk), with one line of real text after them."""
    import zlib

    comp = zlib.compressobj(9)
    block = b" " * (1 << 20)
    parts = [comp.compress(block) for _ in range(inflated_mb)]
    parts.append(comp.compress(b"BT /F1 12 Tf 72 720 Td (annual report) Tj ET"))
    parts.append(comp.flush())
    stream = b"".join(parts)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        b" /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


_HELD: list[bytearray] = []


def hold_memory(mb: int) -> int:
    """Allocate ``mb`` MB in the process it runs in and keep it (a helper child that read a big
    file before keeps part of its heap): returns how many MB the process now holds this way."""
    block = bytearray(mb * 1024 * 1024)
    block[:: 4096] = b"x" * len(block[:: 4096])  # touch every page
    _HELD.append(block)
    return sum(len(b) for b in _HELD) // (1024 * 1024)
