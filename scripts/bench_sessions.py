"""Concurrent browser sessions against the real dashboard, with and without an expensive SQL
query running in another session (issue 11, point 7).

Starts `streamlit run dashboard.py` on the given database, opens N headless-Chromium sessions
at once (each on one of the dashboard's pages, round robin), and prints per page the time to
a finished page and any exception shown. Then it starts an expensive query on the SQL page in
one more session and opens the N sessions again while that query runs: the second table shows
whether the others' pages stalled. Exits 1 when a page showed an error.

    .venv/bin/python scripts/bench_sessions.py [--db data/govreports.duckdb] [--sessions 20]
"""

from __future__ import annotations

import argparse
import asyncio
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.app.apphelpers import CHROMIUM_ARGS, streamlit_app  # noqa: E402

PAGES = ["", "trends", "compare", "applications", "litigation", "channels", "unit_profile", "quality"]
# Grows fast and runs long: bounded by the SQL sandbox's time and memory limits.
HEAVY_SQL = "SELECT count(*) FROM range(3000000) a, range(3000) b WHERE (a.range * b.range) % 7 = 3"
PAGE_TIMEOUT_S = 240
IDLE = '[data-testid="stApp"][data-test-script-state="notRunning"]'


async def _open(browser, url: str, path: str) -> tuple[str, float, int]:
    from playwright.async_api import TimeoutError as PlaywrightTimeout

    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    page = await context.new_page()
    page.set_default_timeout(240_000)
    started = time.perf_counter()
    try:
        await page.goto(f"{url}/{path}", wait_until="domcontentloaded")
        try:
            await page.wait_for_selector(IDLE, timeout=PAGE_TIMEOUT_S * 1000)
        except PlaywrightTimeout:  # counted as an error of the page, the others go on
            print(f"  {path or 'overview'}: not finished after {PAGE_TIMEOUT_S} s")
            return path or "overview", time.perf_counter() - started, 1
        errors = await page.locator('[data-testid="stException"]').count()
        return path or "overview", time.perf_counter() - started, errors
    finally:
        await context.close()


async def _heavy_query(browser, url: str) -> tuple[float, str]:
    """Type the heavy query into the SQL page's plain editor and run it; returns its time and outcome."""
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(240_000)  # the machine is busy with the other sessions
    await page.goto(f"{url}/sql", wait_until="domcontentloaded")
    await page.wait_for_selector(IDLE, timeout=120_000)
    await page.get_by_text("语法高亮编辑器").click()  # the plain text area is easier to drive
    await page.wait_for_selector(IDLE, timeout=60_000)
    await page.locator("textarea").first.fill(HEAVY_SQL)
    started = time.perf_counter()
    await page.get_by_role("button", name="运行").click()
    # the run is over when its outcome shows: stopped / refused / failed, or a result's row count
    await page.get_by_text(re.compile("已中止|已拒绝|失败|行 · 用时")).first.wait_for(timeout=240_000)
    outcome = "ran to the end"
    for word in ("已中止", "已拒绝", "失败"):
        alert = page.locator('[data-testid="stAlert"]', has_text=word)
        if await alert.count():
            lines = (await alert.first.inner_text()).strip().splitlines()
            outcome = next((ln for ln in lines if word in ln), lines[-1])[:120]
            break
    await context.close()
    return time.perf_counter() - started, outcome


async def _round(browser, url: str, n: int) -> list[tuple[str, float, int]]:
    return await asyncio.gather(*(_open(browser, url, PAGES[i % len(PAGES)]) for i in range(n)))


def _table(title: str, rows: list[tuple[str, float, int]]) -> int:
    print(f"\n{title}")
    print(f"{'page':<14}{'n':>4}{'median s':>10}{'max s':>8}{'errors':>8}")
    errors = 0
    for path in sorted({r[0] for r in rows}):
        times = [t for p, t, _ in rows if p == path]
        errs = sum(e for p, _, e in rows if p == path)
        errors += errs
        print(f"{path:<14}{len(times):>4}{statistics.median(times):>10.2f}{max(times):>8.2f}{errs:>8}")
    return errors


def _server_pid(port: str) -> int | None:
    """The `streamlit run` process listening on ``port`` (its command line names the port)."""
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            args = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if b"streamlit" in b" ".join(args) and port.encode() in args:
            return int(entry.name)
    return None


def _rss(pid: int) -> int:
    """Resident memory of ``pid`` in bytes (0 once it is gone)."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


class RssSampler:
    """Peak resident memory of the server process, sampled every 100 ms in a thread."""

    def __init__(self, pid: int | None):
        import threading

        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            if self.pid:
                self.peak = max(self.peak, _rss(self.pid))
            self._stop.wait(0.1)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


async def _main(db: Path, sessions: int, heavy_query: bool = True) -> int:
    from playwright.async_api import async_playwright

    with tempfile.TemporaryDirectory() as tmp, streamlit_app(db, Path(tmp) / "app.log") as url:
        sampler = RssSampler(_server_pid(url.rsplit(":", 1)[1]))
        async with async_playwright() as p:
            browser = await p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
            # the first page after the server started: opens the database file
            _, first, _ = await _open(browser, url, "")
            print(
                f"first page (总览) after the server started: {first:.2f} s, server RSS {_rss(sampler.pid or 0) / 1e6:.0f} MB"
            )
            await _round(browser, url, len(PAGES))  # warm every page's caches once
            errors = _table(f"{sessions} sessions at once", await _round(browser, url, sessions))
            print(
                f"server peak RSS so far (first page, warm-up, {sessions} sessions): {sampler.peak / 1e6:.0f} MB"
            )
            if not heavy_query:
                await browser.close()
                print(f"\nerrors shown: {errors}; server peak RSS {sampler.stop() / 1e6:.0f} MB")
                return 1 if errors else 0
            heavy = asyncio.create_task(_heavy_query(browser, url))
            await asyncio.sleep(3)  # the query is running
            loaded = await _round(browser, url, sessions)
            errors += _table(f"{sessions} sessions at once while one session runs an expensive query", loaded)
            seconds, outcome = await heavy
            print(f"\nexpensive query: {seconds:.1f} s, outcome: {outcome}")
            await browser.close()
    print(f"\nerrors shown: {errors}; server peak RSS {sampler.stop() / 1e6:.0f} MB")
    return 1 if errors else 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", type=Path, default=ROOT / "data" / "govreports.duckdb")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument(
        "--no-heavy-query", action="store_true", help="skip the round with the expensive SQL query"
    )
    parser.add_argument("--pages", help="comma-separated page paths (overview for the first), default: all")
    parser.add_argument(
        "--page-timeout", type=int, default=PAGE_TIMEOUT_S, help="seconds before a page counts as failed"
    )
    args = parser.parse_args()
    if args.pages is not None:
        PAGES[:] = ["" if p == "overview" else p for p in args.pages.split(",")]
    globals()["PAGE_TIMEOUT_S"] = args.page_timeout
    sys.exit(asyncio.run(_main(args.db, args.sessions, heavy_query=not args.no_heavy_query)))


if __name__ == "__main__":
    main()
