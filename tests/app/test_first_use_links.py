"""Every link opens what it names (issue 13, point 1).

Plotly passes every link of a chart label through JavaScript's ``encodeURI(decodeURI(href))``;
the unit links of 总览 must survive that unchanged, and 单位档案 must open exactly the unit
of the link — or say that the link names a unit the database does not have.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from app_lib.filters import Scope
from app_lib.page import unit_link

# encodeURI leaves these unescaped; decodeURI leaves escapes of the reserved ones alone.
_ENCODE_URI_KEEP = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789;,/?:@&=+$-_.!~*'()#")
_DECODE_URI_KEEP = set(";/?:@&=+$,#")


def _decode_uri(s: str) -> str:
    def one(m: re.Match) -> str:
        text = unquote(m.group(0))
        return "".join(c if c not in _DECODE_URI_KEEP else f"%{ord(c):02X}" for c in text)

    return re.sub(r"(%[0-9A-Fa-f]{2})+", one, s)


def _encode_uri(s: str) -> str:
    return "".join(c if c in _ENCODE_URI_KEEP else "".join(f"%{b:02X}" for b in c.encode()) for c in s)


def plotly_sanitized(href: str) -> str:
    """What plotly.js (svg_text_utils.sanitizeHref) puts into the <a> of a chart label."""
    return _encode_uri(_decode_uri(href))


def test_js_emulation_reproduces_the_reported_double_encoding():
    assert (
        plotly_sanitized("unit_profile?unit=321302%3A%E5%AE%BF") == "unit_profile?unit=321302%253A%E5%AE%BF"
    )


@pytest.mark.parametrize(
    "scope",
    [Scope(), Scope(province="江苏省", city="宿迁市", county="宿城区", kind_scope="all", years=(2015, 2024))],
)
@pytest.mark.parametrize(
    "unit_id", ["321302:宿城区人民政府", "110101:政务服务中心", "321300:市 教育局(试行)"]
)
def test_unit_link_survives_plotly_and_names_the_unit(scope, unit_id):
    link = unit_link(scope, unit_id)
    opened = plotly_sanitized(link)
    assert opened == link
    params = parse_qs(urlsplit(opened).query)
    assert params["unit"] == [unit_id]
    if scope.county:
        assert params["county"] == ["宿城区"] and params["years"] == ["2015-2024"]


def _unit_ids(db, n=3):
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT unit_id, name FROM units WHERE unit_id IN (SELECT unit_id FROM reports) ORDER BY unit_id DESC LIMIT ?",
            [n],
        ).fetchall()
    finally:
        con.close()


def test_profile_opens_the_unit_of_an_overview_link(demo_db, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    for unit_id, name in _unit_ids(demo_db):
        link = plotly_sanitized(unit_link(Scope(), unit_id))
        at = AppTest.from_file("../../dashboard.py", default_timeout=60)
        for key, values in parse_qs(urlsplit(link).query).items():
            at.query_params[key] = values[0]
        at.switch_page("app_pages/unit_profile.py").run()
        assert not at.exception
        assert at.selectbox(key="profile_unit").value == unit_id, (link, name)
        assert not at.warning or all("链接中" not in w.value for w in at.warning)


def test_unknown_unit_in_a_link_is_named_not_replaced_silently(demo_db, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    at = AppTest.from_file("../../dashboard.py", default_timeout=60)
    at.query_params["unit"] = "321302%3A不存在的单位"
    at.switch_page("app_pages/unit_profile.py").run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any("321302%3A不存在的单位" in w and "不存在" in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("page_path", "param", "value", "what"),
    [
        ("app_pages/trends.py", "measure", "series:no_such_series", "指标"),
        ("app_pages/compare.py", "measure", "metric:nope", "排名指标"),
        ("app_pages/overview.py", "year", "1900", "年度"),
    ],
)
def test_unknown_page_parameter_in_a_link_is_named(demo_db, monkeypatch, page_path, param, value, what):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    at = AppTest.from_file("../../dashboard.py", default_timeout=60)
    at.query_params[param] = value
    at.switch_page(page_path).run()
    assert not at.exception
    warnings = [w.value for w in at.warning]
    assert any(value in w and what in w for w in warnings), warnings


@pytest.mark.browser
def test_overview_unit_links_open_their_unit_in_chromium(demo_db, tmp_path):
    """Click-through in the real browser: the href Plotly renders opens the unit it names."""
    from playwright.sync_api import sync_playwright

    from tests.app.apphelpers import launch_chromium, streamlit_app, wait_idle

    with streamlit_app(demo_db, tmp_path / "streamlit.log") as url, sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        page.goto(url, wait_until="domcontentloaded")
        wait_idle(page)
        page.wait_for_selector('[data-testid="stPlotlyChart"] a', state="attached", timeout=60000)
        anchors = page.locator('[data-testid="stPlotlyChart"] a')
        links = []
        for i in range(min(3, anchors.count())):
            a = anchors.nth(i)
            href = a.evaluate(
                "e => e.getAttribute('href') || e.getAttributeNS('http://www.w3.org/1999/xlink', 'href')"
            )
            links.append((href, a.text_content().strip()))
        assert links
        for href, name in links:
            assert "%253A" not in href, href
            page.goto(f"{url}/{href.lstrip('/')}", wait_until="domcontentloaded")
            wait_idle(page)
            shown = page.locator('[data-testid="stMain"]').inner_text()
            assert f"{name} ·" in shown, (href, name, shown[:300])
            assert page.get_by_text("链接中的单位").count() == 0
        browser.close()
