"""The real running app in headless Debian chromium: every page (all ten, by URL path)
opens without an exception box, shows its main chart, and is screenshotted to
test-artifacts/ for a human look."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
# url path → needs a plotly chart (the SQL page shows a chart only after a query, the
# upload page has none).
PAGES = {
    "": True,
    "trends": True,
    "compare": True,
    "applications": True,
    "litigation": True,
    "channels": True,
    "unit_profile": True,
    "sql": False,
    "quality": False,
    "intake": False,
}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(demo_db):
    port = _free_port()
    env = {**os.environ, "GOVREPORTS_DB": str(demo_db)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "dashboard.py"),
            "--server.headless",
            "true",
            "--server.port",
            str(port),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("streamlit did not answer /_stcore/health within 60 s")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.browser
def test_every_page_in_chromium(app_url):
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    problems = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 2600})
        for path, needs_chart in PAGES.items():
            started = time.time()
            page.goto(f"{app_url}/{path}", wait_until="domcontentloaded")
            page.wait_for_selector(
                '[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=60000
            )
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
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
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
