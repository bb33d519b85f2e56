"""Chart snapshots: PNG/SVG (kaleido + chromium), HTML, CSV and XLSX of a real chart of the
demo database carry the title, scope, source line, date and 示例数据 mark."""

from __future__ import annotations

import io
import logging

import pytest

from app_lib import charts, snapshot
from app_lib.export import ExportError, export_pack
from app_lib.filters import Scope
from app_lib.queries import trends
from app_lib.queries.measures import measure
from app_lib.source import connect

TITLE = "收到政府信息公开申请数趋势"


@pytest.fixture(scope="module")
def chart(demo_db):
    m = measure("series:applications_received")
    df = trends.trend(connect(demo_db), Scope(kind_scope="all"), m, "kind", "sum")
    assert not df.empty
    years = list(range(int(df["year"].min()), int(df["year"].max()) + 1))
    fig = charts.trend_lines(df, years=years, y_title=m.label)
    meta = snapshot.make_meta(title=TITLE, scope="全部地区 · 全部单位", n_reports=123, is_demo=True)
    return snapshot.stamp(fig, meta), df, meta


def test_png_is_a_real_image(chart):
    from PIL import Image

    fig, _, _ = chart
    png = snapshot.render_image(fig, "png")
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (snapshot.EXPORT_WIDTH * 2, snapshot.EXPORT_HEIGHT * 2)
    colors = image.getcolors(maxcolors=1_000_000)
    background = max(colors)[1]
    drawn = sum(n for n, c in colors if c != background)
    assert drawn > 0.01 * image.size[0] * image.size[1], "the chart drew almost nothing"


def test_svg_carries_title_source_and_demo_mark(chart):
    fig, _, meta = chart
    svg = snapshot.render_image(fig, "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg") or "<svg" in svg[:500]
    assert TITLE in svg
    assert "数据来源：政府信息公开工作年度报告，123 份" in svg
    assert meta.date.isoformat() in svg
    assert "示例数据" in svg


def test_html_is_self_contained(chart):
    fig, _, meta = chart
    page = snapshot.render_html(fig, meta).decode("utf-8")
    assert TITLE in page and "示例数据" in page
    assert "cdn" not in page.lower().split("<body")[0]  # plotly.js embedded, works offline
    assert len(page) > 1_000_000


def test_csv_and_xlsx_say_what_they_are(chart):
    from openpyxl import load_workbook

    _, df, meta = chart
    raw = snapshot.render_csv(df, meta)
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese correctly (issue 13 point 10)
    csv = raw.decode("utf-8-sig")
    assert csv.startswith(f"# 标题：{TITLE}")
    assert "示例数据" in csv and "123 份" in csv
    assert str(int(df["value"].iloc[0])) in csv
    sheet = load_workbook(io.BytesIO(snapshot.render_xlsx(df, meta)))["数据"]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert TITLE in cells
    assert any(isinstance(c, str) and "示例数据" in c for c in cells)
    assert "group" in cells and "year" in cells


def test_export_pack_for_the_whole_database(demo_db, tmp_path, monkeypatch, caplog):
    # The pack reads the file it is given, through the plain query layer: not the app's
    # database setting, and no Streamlit cache (which would warn outside a server).
    monkeypatch.setenv("GOVREPORTS_DB", str(tmp_path / "not-this.duckdb"))
    caplog.set_level(logging.WARNING)
    files = export_pack(demo_db, tmp_path / "pack", None, None, None)
    assert not [r for r in caplog.records if r.name.startswith("streamlit")]
    names = {f.name for f in files}
    assert "index.html" in names
    pngs = [f for f in files if f.suffix == ".png"]
    assert len(pngs) >= 3 and len(pngs) == len([f for f in files if f.suffix == ".svg"])
    index = (tmp_path / "pack" / "index.html").read_text(encoding="utf-8")
    for png in pngs:
        assert png.name in index
    assert "示例数据" in index


def test_export_pack_unknown_unit_is_a_clear_error(demo_db, tmp_path):
    with pytest.raises(ExportError, match="没有单位"):
        export_pack(demo_db, tmp_path, "不存在的单位", None, None)
