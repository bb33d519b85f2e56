"""Issue 11, point 5: nothing a report, a file name or a URL carries renders as Markdown or
HTML; over-long URL values are refused fast."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from app_lib.snapshot import safe_figure

ROOT = Path(__file__).resolve().parents[2]
HOSTILE_NAME = "**粗体**[点此重新登录](https://evil.example/login)<img src=x onerror=alert(1)>![p](http://evil.example/p.png)县人民政府"
# Markdown that would render: a link, an image, bold — each opener not preceded by a backslash
UNESCAPED = re.compile(r"(?<!\\)\]\((?:https?:)|(?<!\\)!(?<!\\)\[|(?<!\\)\*\*粗体")


def _texts(at) -> list[str]:
    out = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success", "subheader", "title"):
        out += [str(el.value) for el in getattr(at, kind)]
    out += [str(el.value) for el in at.sidebar.warning]
    return out


def _app(db: Path, **query) -> AppTest:
    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at


@pytest.mark.parametrize(
    "value",
    ["[点此重新登录](https://evil.example/login)", "![p](http://evil.example/p.png)", "<b>x</b>**y**"],
    ids=["link", "image", "html_bold"],
)
def test_url_values_in_the_warning_are_text(demo_db, monkeypatch, value):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    at = _app(demo_db, province=value).run()
    assert not at.exception
    warnings = [w.value for w in at.sidebar.warning]
    assert warnings, "the unknown value is named"
    for w in warnings:
        assert not UNESCAPED.search(w), w
        assert "<b>" not in w


def test_an_over_long_url_value_is_refused_fast(demo_db, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    started = time.monotonic()
    at = _app(demo_db, province="[x](http://e)" * 8000, units=",".join(f"u{i}" for i in range(20000))).run()
    assert time.monotonic() - started < 20
    assert not at.exception
    warnings = " ".join(w.value for w in at.sidebar.warning)
    assert "过长" in warnings and "province" in warnings


@pytest.fixture
def hostile_db(demo_db_copy) -> tuple[Path, str]:
    """The demo database with one unit renamed to Markdown and HTML."""
    con = duckdb.connect(str(demo_db_copy))
    try:
        unit_id = con.execute(
            "SELECT unit_id FROM reports WHERE NOT is_demo OR true GROUP BY unit_id ORDER BY count(*) DESC LIMIT 1"
        ).fetchone()[0]
        con.execute("UPDATE units SET name = ? WHERE unit_id = ?", [HOSTILE_NAME, unit_id])
        con.execute("UPDATE reports SET unit_name = ? WHERE unit_id = ?", [HOSTILE_NAME, unit_id])
        con.execute(
            "UPDATE reports SET source_path = '/x/[点此](http://evil.example)**a**.txt' WHERE unit_id = ?",
            [unit_id],
        )
    finally:
        con.close()
    return demo_db_copy, unit_id


def test_a_unit_name_from_a_report_renders_as_text(hostile_db, monkeypatch):
    db, unit_id = hostile_db
    monkeypatch.setenv("GOVREPORTS_DB", str(db))
    at = _app(db, unit=unit_id).run()
    at.switch_page(str(ROOT / "app_pages/unit_profile.py")).run()
    assert not at.exception, [e.value for e in at.exception]
    texts = _texts(at)
    assert any("粗体" in t for t in texts), "the unit's name is shown"
    for t in texts:
        assert not UNESCAPED.search(t), t
        assert not re.search(r"(?<!\\)<img", t), t
    for chart in at.get("plotly_chart"):
        spec = chart.proto.spec if hasattr(chart, "proto") else str(chart)
        assert "<img" not in spec and "<b>x" not in spec


def test_safe_figure_escapes_data_not_our_templates():
    import plotly.express as px
    import plotly.graph_objects as go

    fig = px.bar(x=["<a href='http://e'>x</a>", "ok"], y=[1, 2])
    fig.update_traces(hovertemplate="<b>%{x}</b><extra></extra>")
    fig.update_xaxes(categoryarray=["<a href='http://e'>x</a>", "ok"])
    safe = safe_figure(fig)
    spec = json.loads(safe.to_json())
    assert spec["data"][0]["x"][0] == "&lt;a href='http://e'&gt;x&lt;/a&gt;"
    assert spec["data"][0]["hovertemplate"] == "<b>%{x}</b><extra></extra>"
    assert spec["layout"]["xaxis"]["categoryarray"][0].startswith("&lt;a")
    assert safe_figure(safe) is safe  # idempotent: never double-escaped
    assert isinstance(safe, go.Figure)


def test_unit_links_in_chart_labels_stay_links_and_names_stay_text():
    """Our own unit-profile link in a heatmap label survives safe_figure; a name inside it is
    text; a link that is not ours (or markup in a plain label) is shown as text."""
    import pandas as pd

    from app_lib import charts
    from app_lib.snapshot import safe_figure

    cov = pd.DataFrame(
        {"unit_id": ["a", "b"], "name": ["<b>粗体</b>局", '<a href="http://evil.example">点此</a>'],
         "year": [2020, 2020], "status": ["已报送", "已报送"], "detail": ["", ""]}
    )
    fig = safe_figure(charts.coverage_heatmap(cov, years=[2020], unit_links={"a": "unit_profile?unit=a"}))
    ticks = sorted(fig.layout.yaxis.ticktext, key=lambda t: "evil" in t)
    assert ticks[0] == '<a href="unit_profile?unit=a" target="_self">&lt;b&gt;粗体&lt;/b&gt;局</a>'
    assert "<a" not in ticks[1] and "&lt;a href" in ticks[1]
