"""Several browser sessions at once while another runs an expensive SQL query: every page
finishes without an error and the query is stopped by its limit (issue 11, point 7; the
20-session figures come from scripts/bench_sessions.py)."""

from __future__ import annotations

import asyncio

import pytest

from scripts.bench_sessions import _heavy_query, _round
from tests.app.apphelpers import CHROMIUM_ARGS, streamlit_app
from tests.prochelpers import wait_for_descendant


@pytest.mark.browser
def test_sessions_stay_up_while_an_expensive_query_runs(demo_db, tmp_path):
    from playwright.async_api import async_playwright

    async def run():
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            heavy = asyncio.create_task(_heavy_query(browser, url))
            # the expensive query is running once the server has started its sandbox child
            started = await asyncio.to_thread(wait_for_descendant, b"sqlchild", 60.0)
            assert started, "the expensive query never started"
            pages = await _round(browser, url, 4)
            seconds, outcome = await heavy
            await browser.close()
            return pages, seconds, outcome

    with streamlit_app(demo_db, tmp_path / "app.log") as url:
        pages, seconds, outcome = asyncio.run(run())
    assert len(pages) == 4 and all(errors == 0 for _, _, errors in pages), pages
    assert "已中止" in outcome, outcome  # the sandbox's limit stopped it; the server stayed up
