"""依申请公开: the units behind a flow or a node of the Sankey (issue 13, point 6: drill-down
from a chart mark to its units).

Streamlit does not report a click on a Sankey: plotly fires its click on a flow or a node, but
``st.plotly_chart(on_select=...)`` returns an empty selection (checked in chromium by the browser
test below). So the page offers the same drill-down as the other charts through a select box of
the drawn flows and nodes under the chart. The units listed add up to the flow as drawn.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app_lib.queries import applications

ROOT = Path(__file__).resolve().parents[2]
FLOW_KEY = "app_sankey_flow"


def _open(demo_db, monkeypatch, **query) -> AppTest:
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    at = AppTest.from_file("../../dashboard.py", default_timeout=90)
    for key, value in query.items():
        at.query_params[key] = value
    at.switch_page("app_pages/applications.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _panel_text(at) -> str:
    return "\n".join(m.value for m in at.markdown if "所选：" in m.value)


@pytest.mark.parametrize("scope_kind", ["gov", "all"])
def test_every_flow_and_node_lists_units_that_add_up_to_it(demo_db, scope_kind):
    from app_lib.filters import Scope
    from app_lib.queries import drill
    from app_lib.source import connect

    db = connect(demo_db)
    scope = Scope(kind_scope=scope_kind)
    checked = {"link": 0, "node": 0}
    for year in (2018, 2024):  # a legacy year and a std year of the demo
        flows = applications.outcome_flows(db, scope, year, with_keys=True)
        marks = applications.flow_marks(flows)
        assert set(marks["kind"]) == {"link", "node"}, year
        for mark in marks.itertuples():
            units = drill.units_behind(db, scope, year, list(mark.keys))
            assert units["value"].sum() == pytest.approx(mark.value), (year, mark.label)
            assert units["unit_id"].is_unique
            checked[mark.kind] += 1
    assert checked["link"] >= 8 and checked["node"] >= 8, checked


def test_the_page_lists_the_units_behind_a_chosen_flow(demo_db, monkeypatch):
    at = _open(demo_db, monkeypatch)
    box = at.selectbox(key=FLOW_KEY)
    assert box.value is None and _panel_text(at) == ""
    year = int(at.selectbox(key="applications_year").value)
    flow = next(o for o in box.options if "→ 予以公开" in o)
    box.set_value(flow.split("（")[0]).run()
    assert not at.exception
    text = _panel_text(at)
    assert f"所选：{year}年 本年度办理 → 予以公开" in text, text
    assert "个单位" in text
    # the panel's total is the flow's, as the chart draws it
    from app_lib.filters import Scope
    from app_lib.source import connect

    flows = applications.outcome_flows(connect(demo_db), Scope(), year)
    drawn = flows.loc[flows["target"] == "予以公开", "value"].sum()
    assert f"合计 {drawn:,.0f} 件" in text, (drawn, text)
    assert at.query_params["flow"] == "本年度办理 → 予以公开"


def test_a_link_to_a_flow_opens_it_and_an_unknown_one_is_said(demo_db, monkeypatch):
    at = _open(demo_db, monkeypatch, flow="本年度办理")
    assert at.selectbox(key=FLOW_KEY).value == "本年度办理"
    assert "所选：" in _panel_text(at)
    at = _open(demo_db, monkeypatch, flow="没有这条流向")
    assert at.selectbox(key=FLOW_KEY).value is None
    assert any("没有这条流向" in w.value for w in at.warning), [w.value for w in at.warning]


@pytest.mark.browser
def test_a_flow_of_the_sankey_lists_its_units_in_chromium(app_url):
    from tests.app.apphelpers import opened_page, wait_idle

    with opened_page(f"{app_url}/applications", height=2400) as (_, page):
        page.wait_for_selector(".sankey-link", state="attached", timeout=120000)
        wait_idle(page)
        # plotly sees a click on a flow (its plotly_click names the link) …
        page.evaluate(
            """() => { const gd = document.querySelector('.js-plotly-plot');
                window._sankeyClicks = [];
                gd.on('plotly_click', e => window._sankeyClicks.push(
                    e.points.map(p => (p.source && p.target) ? 'link' : 'node'))); }"""
        )
        x, y = page.evaluate(
            """() => { const links = [...document.querySelectorAll('path.sankey-link')];
                const p = links.reduce((a, b) => (b.getBBox().height > a.getBBox().height ? b : a));
                p.scrollIntoView({block: 'center'});
                const r = p.getBoundingClientRect();  // the widest flow: a band through its middle
                return [r.x + r.width / 2, r.y + r.height / 2]; }"""
        )
        page.mouse.move(x, y)
        page.wait_for_timeout(150)
        assert "→" in page.locator(".hoverlayer").first.text_content()  # the flow's own tooltip
        page.mouse.down()
        page.mouse.up()
        page.wait_for_function("() => window._sankeyClicks.length > 0", timeout=10000)
        assert page.evaluate("window._sankeyClicks") == [["link"]]
        wait_idle(page)
        x, y = page.evaluate(
            """() => { const nodes = [...document.querySelectorAll('.sankey-node rect.node-rect')];
                const n = nodes.reduce((a, b) => (b.getBBox().height > a.getBBox().height ? b : a));
                const r = n.getBoundingClientRect(); return [r.x + r.width / 2, r.y + r.height / 2]; }"""
        )
        page.mouse.move(x, y)
        page.wait_for_timeout(150)
        page.mouse.down()
        page.mouse.up()
        wait_idle(page)
        # a press on a node starts plotly's node drag: no plotly_click, no selection either
        assert page.evaluate("window._sankeyClicks") == [["link"]]
        # … but Streamlit reports no selection for either: no panel; the list under the chart drills
        assert page.locator(".st-key-drill-panel").count() == 0
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="查看流向背后的单位").first
        box.click()
        page.get_by_role("option").filter(has_text="→ 予以公开").first.click()
        panel = page.locator(".st-key-drill-panel")
        panel.wait_for(timeout=60000)
        wait_idle(page)
        text = panel.inner_text()
        assert "所选：" in text and "→ 予以公开" in text and "个单位" in text, text
        # the units' links are page links, drawn by a component chromium may load after the
        # run's end under load: wait for the first rather than count at once
        panel.locator("a").first.wait_for(timeout=60000)
        assert panel.locator("a").count() >= 1
        assert "flow=" in page.url
