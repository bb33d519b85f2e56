"""The real running app in headless Debian chromium: every page (all thirteen, by URL path)
opens without an exception box, shows its main chart, and is screenshotted to
test-artifacts/ for a human look."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.app.apphelpers import launch_chromium, wait_idle

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
# url path → needs a plotly chart (the SQL page shows a chart only after a query, the
# upload page has none).
PAGES = {
    "": True,
    "trends": True,
    "compare": True,
    "search": False,
    "applications": True,
    "litigation": True,
    "channels": True,
    "unit_profile": True,
    "sql": False,
    "quality": False,
    "intake": False,
    "audit": False,
    "roles": False,
}


@pytest.mark.browser
def test_every_page_in_chromium(app_url):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 2600})
        for path, needs_chart in PAGES.items():
            started = time.time()
            page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
            wait_idle(page)
            if needs_chart:
                page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=30000)
            elapsed = time.time() - started
            page.wait_for_timeout(500)
            page.screenshot(path=str(ARTIFACTS / f"page_{path or 'overview'}.png"), full_page=True)
            if page.locator('[data-testid="stException"]').count():
                problems.append(
                    f"{path or '/'}: {page.locator('[data-testid=stException]').first.inner_text()[:500]}"
                )
            if needs_chart and page.locator('[data-testid="stPlotlyChart"]').count() == 0:
                problems.append(f"{path or '/'}: no chart")
            print(f"{path or '/'}: {elapsed:.2f} s")
        browser.close()
    assert not problems, problems


@pytest.mark.browser
def test_chart_download_in_chromium(app_url, tmp_path):
    """The PNG button of a chart delivers a rendered image (deferred, server-side kaleido)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1400, "height": 1200}, accept_downloads=True)
        page.goto(f"{app_url}/trends", wait_until="domcontentloaded")
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=60000)
        page.locator('[data-testid="stPopover"] button').first.click()
        with page.expect_download(timeout=60000) as info:
            page.locator("[data-testid=stDownloadButton] button", has_text="PNG").filter(
                visible=True
            ).first.click()
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(target)
        browser.close()
    assert target.suffix == ".png" and "示例数据" in target.name
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert target.stat().st_size > 20_000
