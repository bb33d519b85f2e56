"""Shared helpers of the browser tests: start the real app, drive headless Debian chromium."""

from __future__ import annotations

import contextlib
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Debian's chromium, never a downloaded browser; no background networking on
# this offline machine.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-dev-shm-usage",
]


def launch_chromium(playwright):
    return playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)


@contextlib.contextmanager
def opened_page(url: str, *, height: int = 2400) -> Iterator[tuple]:
    """Headless chromium with one 1400-px-wide page opened on ``url``: (browser, page); the
    browser is closed afterwards (a test may open more pages in it)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": height})
            page.goto(url, wait_until="domcontentloaded")
            yield browser, page
        finally:
            browser.close()


def wait_idle(page, timeout_ms: int = 60000) -> None:
    """Streamlit finished running the page script."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', timeout=timeout_ms)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def streamlit_app(
    db: Path,
    log_path: Path,
    *,
    port: int | None = None,
    args: tuple[str, ...] = (),
    env: dict[str, str] | None = None,
    host: str = "127.0.0.1",
) -> Iterator[str]:
    """`streamlit run dashboard.py` on a free port with GOVREPORTS_DB=db; yields its URL
    (``args``: more command-line options; ``env``: more environment; ``host``: of the URL)."""
    port = port or free_port()
    env = {**os.environ, **(env or {}), "GOVREPORTS_DB": str(db)}
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        "dashboard.py",
        "--server.headless",
        "true",
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        *args,
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://{host}:{port}"
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if urllib.request.urlopen(url + "/_stcore/health", timeout=2).read() == b"ok":
                        break
                except OSError:
                    time.sleep(0.5)
            else:
                pytest.fail("streamlit did not start: " + log_path.read_text(errors="replace"))
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()


# ---------------------------------------------------------------------------
# Page times in the browser (issue 13 point 11): shared by the browser test and
# scripts/bench_app_pages.py --browser.

# url path → page title (the h1 every page shows)
TIMED_PAGES = {
    "": "总览",
    "trends": "趋势",
    "compare": "对比",
    "search": "全文检索",
    "applications": "依申请公开",
    "litigation": "复议诉讼",
    "channels": "公开渠道",
    "unit_profile": "单位档案",
    "sql": "SQL 查询",
    "quality": "数据质量",
    "intake": "导入",
    "audit": "审计记录",
    "roles": "角色",
}

_SHOWN = """([title, search]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    if (search && !location.search.includes(search)) return false;
    const h1 = document.querySelector('[data-testid="stMain"] h1');
    return !!h1 && h1.innerText.trim() === title;
}"""


def wait_shown(page, title: str, search: str = "", timeout_ms: int = 120000) -> None:
    """The page titled ``title`` finished its run: no element left stale from the run before
    (and the URL carries ``search`` when given: the change that started the run)."""
    page.wait_for_function(_SHOWN, arg=[title, search], timeout=timeout_ms, polling=50)


# Every chart of the page drawn where the officer sees it: Streamlit draws a Plotly chart first
# hidden (before it knows the chart's width) and again, visible, once the width is set — which
# can be after the page's script has finished.
_CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].every(c => {
    const gd = c.querySelector('.js-plotly-plot');
    return !!gd && !!gd.querySelector('.main-svg') && getComputedStyle(gd).visibility !== 'hidden';
})"""


def wait_charts_drawn(page, timeout_ms: int = 60000) -> None:
    """Every Plotly chart on the page visible and drawn (then one more frame painted)."""
    page.wait_for_function(_CHARTS_DRAWN, polling="raf", timeout=timeout_ms)
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")


def time_pages(
    page, url: str, pages: dict[str, str] | None = None, *, warm_up: bool = True, repeat: int = 1
) -> list[dict]:
    """Every page opened by its URL twice (the first visit of the session fills the server's
    caches: 'first'; the second is 'warm'), then a filter change on it (the year slider's
    lower end one year on: every chart and table re-reads its scope). Seconds, wall-clock,
    from the action to the finished page in the browser. ``repeat``: the warm open is timed
    that many times (a new session each) and its median kept — on a shared machine one
    sample moves by ±0.3 s. 'drawn': the same warm opens until every chart is drawn and
    visible (``wait_charts_drawn``), which can come after the page's run has finished.

    ``warm_up``: first open 总览 twice on a scope no timed page reads (one year, 2012), so the
    browser's caches — the app's scripts and the compiled code of the 4.7 MB Plotly bundle,
    which chromium keeps only from a script's second run on — are warm for every page alike;
    without it the first page timed (总览) paid them and varied from 1.05 to 2.13 s."""
    rows = []
    if warm_up:
        for _ in range(2):
            page.goto(f"{url}/?years=2012-2012", wait_until="commit")
            wait_shown(page, "总览")
            page.wait_for_timeout(500)  # its charts drawn: Plotly's code ran
    for path, title in (pages or TIMED_PAGES).items():
        opens, drawn = [], []
        for _ in range(1 + max(1, repeat)):
            started = time.monotonic()
            page.goto(f"{url}/{path}", wait_until="commit")
            wait_shown(page, title)
            opens.append(time.monotonic() - started)
            wait_charts_drawn(page)
            drawn.append(time.monotonic() - started)
        times = {"first": opens[0], "warm": statistics.median(opens[1:]), "drawn": statistics.median(drawn[1:])}
        thumb = page.locator('[data-testid="stSidebar"] [data-testid="stSlider"] input[type="range"]').first
        thumb.focus()
        started = time.monotonic()
        thumb.press("ArrowRight")
        wait_shown(page, title, search="years=")
        times["filter"] = time.monotonic() - started
        errors = page.locator('[data-testid="stException"]').count()
        rows.append({"page": title, **times, "errors": errors})
    return rows


def print_page_times(rows: list[dict]) -> None:
    print(f"{'page':<10} {'first s':>8} {'warm s':>8} {'drawn s':>8} {'filter s':>9}  errors")
    for r in rows:
        print(
            f"{r['page']:<10} {r['first']:>8.2f} {r['warm']:>8.2f} {r['drawn']:>8.2f} {r['filter']:>9.2f}"
            f"  {r['errors']}"
        )


# ---------------------------------------------------------------------------
# AppTest: tabs bound to the URL draw only the chosen tab (数据质量, issue 13 point 11).


def open_tab(at, label: str, key: str = "tab"):
    """Choose the tab ``label`` of the page's ``st.tabs(key=key)`` and run the page (as a click
    on the tab does in the browser, which also puts it into the URL); returns ``at``."""
    at.session_state[key] = label
    at.query_params[key] = label
    return at.run()


# A run already going when the watch starts (the page's first run, still drawing, when the tab is
# clicked) restarts on the click without leaving 'running': it counts, or the wait would never end
# (test_auth_browser timed out so once, under load).
_WATCH_RUN = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    window.__govreportsRan = app.dataset.testScriptState === 'running';
    window.__govreportsClicked = Date.now();
    new MutationObserver((_, observer) => {
        if (app.dataset.testScriptState === 'running') { window.__govreportsRan = true; observer.disconnect(); }
    }).observe(app, {attributes: true, attributeFilter: ['data-test-script-state']});
}"""
_RAN = """() => window.__govreportsRan
    && document.querySelector('[data-testid="stApp"]').dataset.testScriptState === 'notRunning'
    && !document.querySelector('[data-stale="true"]')"""


# …or, when no run shows within a few seconds of the click (the tab drawn without one — seen under load in the full
# suite, never alone), the tab selected and the page idle for that long
_SELECTED_AND_IDLE = """([name, quiet]) => {
    const app = document.querySelector('[data-testid="stApp"]');
    const tab = [...document.querySelectorAll('[role="tab"]')].find(t => t.innerText.trim() === name);
    return Date.now() - window.__govreportsClicked > quiet
        && tab && tab.getAttribute('aria-selected') === 'true'
        && app.dataset.testScriptState === 'notRunning'
        && !document.querySelector('[data-stale="true"]');
}"""


def click_tab(page, name: str, timeout_ms: int = 120000) -> None:
    """Click the tab ``name`` in the browser and wait until the page has drawn it: a lazy tab
    reruns the page, so wait for a run that started after the click and its end."""
    tab = page.get_by_role("tab", name=name)
    if tab.get_attribute("aria-selected") == "true":
        return
    page.evaluate(_WATCH_RUN)
    tab.click()
    page.wait_for_function(
        f"([name, quiet]) => ({_RAN})() || ({_SELECTED_AND_IDLE})([name, quiet])",
        arg=[name, 5000],
        timeout=timeout_ms,
        polling=50,
    )


# ---------------------------------------------------------------------------
# Saving a verdict in the browser (issue 13 point 11: ≤ 0.5 s): shared by
# scripts/bench_app_pages.py --browser and scripts/bench_officer_writes.py --browser.


def time_verdict_saves(page, url: str, repeat: int) -> list[tuple[float, float]]:
    """On 数据质量 › 核实与导出 (on a database copy: it writes): pick a finding, fill the form and
    click 保存核实结论, ``repeat`` times after one unmeasured save that warms the caches. Per save
    (seconds from the click): the saved verdict shown in the form's header, and the page idle
    again. Raises SystemExit when the verdict does not show, the form moves to another
    finding, or the page shows an exception."""
    page.goto(f"{url}/quality", wait_until="domcontentloaded")
    wait_idle(page, 180000)
    click_tab(page, "核实与导出")  # lazy tabs: drawn when chosen
    header = page.locator('[data-testid="stMarkdownContainer"]').filter(has_text="当前状态")

    def shown() -> str:  # the finding id the form is on
        return header.first.inner_text().split("问题编号")[1].split("·")[0].strip()

    times = []
    for i in range(repeat + 1):  # the first save warms the caches: not counted
        if i:  # the decided finding left the 待核实 list: move on, then pick the next
            page.get_by_role("button", name="继续核实下一条").click()
            header.first.wait_for(state="detached", timeout=60000)
            wait_idle(page)
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text="按问题编号选择").first
        box.click()
        box.locator("input").fill("f")  # every finding id starts with f
        page.get_by_role("option").first.click()
        header.first.wait_for(timeout=60000)
        page.wait_for_timeout(1500)  # let the page settle (not timed)
        wait_idle(page)
        fid = shown()
        form = page.locator('[data-testid="stForm"]').filter(has_text="核实结论").first
        form.locator("textarea").fill(f"基准测试 {i}")
        form.locator('input[type="text"]').last.fill("bench")
        button = form.get_by_role("button", name="保存核实结论")
        start = time.perf_counter()
        button.click()
        # the verdict shows in the form's header, and the page has finished its run
        try:
            header.filter(has_text="已核实").first.wait_for(timeout=60000)
        except Exception as exc:  # noqa: BLE001 - reported as one line
            raise SystemExit(f"save {i} of {fid}: the verdict did not show: {header.all_inner_texts()}") from exc
        shown_at = time.perf_counter() - start
        wait_idle(page)
        elapsed = time.perf_counter() - start
        print(f"  save {i}: verdict shown after {shown_at:.2f} s, page idle after {elapsed:.2f} s")
        if shown() != fid:
            raise SystemExit(f"the form moved to another finding after saving: {fid} → {shown()}")
        if "已核实" not in header.first.inner_text():
            raise SystemExit(f"the saved verdict is not shown for {fid}: {header.first.inner_text()!r}")
        if page.locator('[data-testid="stException"]').count():
            raise SystemExit("an exception on the page after saving")
        if i:
            times.append((shown_at, elapsed))
    return times
