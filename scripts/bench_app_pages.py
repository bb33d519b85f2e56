"""Time every dashboard page as an officer meets it (Streamlit AppTest, the whole script run):
first open, warm (the same page again), and after a filter change; plus saving a verdict.

    .venv/bin/python scripts/bench_app_pages.py --db /tmp/demo/demo.duckdb [--repeat 3]
    .venv/bin/python scripts/bench_app_pages.py          # builds the 150-unit demo in a temp folder
    .venv/bin/python scripts/bench_app_pages.py --db FILE --browser   # the same pages in headless chromium

Targets of issue 13: every page ≤ 1.5 s warm and ≤ 3 s after a filter change, 数据质量 ≤ 2 s,
saving a verdict ≤ 0.5 s. AppTest runs the page script in-process without a browser, so the
figures are the server's share of a page view (the browser adds its rendering). With
``--browser`` the app runs (``streamlit run``) and Debian's chromium opens every page by its
URL, first and warm (the median of ``--repeat`` warm opens, each a new session), then moves the
year filter (tests/app/apphelpers.time_pages, the same routine the browser test prints):
wall-clock from the action to the finished page; then, on a copy of the database, saves ``--repeat`` verdicts on 数据质量 (apphelpers.time_verdict_saves:
from the 保存核实结论 click to the saved verdict shown in the form, and to the page idle).
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAGES = {
    "总览": "app_pages/overview.py",
    "趋势": "app_pages/trends.py",
    "对比": "app_pages/compare.py",
    "依申请公开": "app_pages/applications.py",
    "复议诉讼": "app_pages/litigation.py",
    "公开渠道": "app_pages/channels.py",
    "单位档案": "app_pages/unit_profile.py",
    "SQL 查询": "app_pages/sql_explorer.py",
    "数据质量": "app_pages/quality.py",
    "导入": "app_pages/intake.py",
    "全文检索": "app_pages/search.py",
}
# Pages opened with a question in their URL (as a shared link would).
PAGE_QUERY = {"全文检索": {"q": "政务微博"}}


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench(db: Path, repeat: int) -> list[dict]:
    from streamlit.testing.v1 import AppTest

    from app_lib import filters

    os.environ["GOVREPORTS_DB"] = str(db)
    rows = []
    for label, page in PAGES.items():
        # Through the entry point, as the app runs it: sign-in gate, sidebar filters, navigation
        # (a page's links to other pages need st.navigation).
        at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=300)
        for key, value in PAGE_QUERY.get(label, {}).items():
            at.query_params[key] = value
        first = _timed(lambda at=at, page=page: at.switch_page(str(ROOT / page)).run())
        warm = statistics.median(_timed(at.run) for _ in range(repeat))
        changes = []
        for i in range(repeat):
            # a filter change: the year range of the scope every page reads (app_lib.filters)
            at.session_state[filters._STATE] = filters.Scope(years=(2015 + i, 2025))
            changes.append(_timed(at.run))
        rows.append(
            {
                "page": label,
                "first": first,
                "warm": warm,
                "filter": statistics.median(changes),
                "errors": len(at.exception),
            }
        )
    return rows


def bench_verdict(db: Path, repeat: int) -> tuple[float, float]:
    """(record_decision alone, the whole 保存核实结论 click on the 数据质量 page: the write, the
    new database file and the page run that shows the decision), medians, on a copy."""
    import duckdb
    from streamlit.testing.v1 import AppTest

    from pipelines import quality
    from pipelines.registry import copy_with_database

    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_with_database(db, Path(tmp) / db.name)
        con = duckdb.connect(str(copy), read_only=True)
        found = quality.findings(con).head(2 * repeat)
        con.close()
        rows = found.to_dict("records")
        alone = [
            _timed(
                lambda r=r: quality.record_decision(
                    copy, r["finding_id"], "已核实", "基准测试", "bench", finding=r
                )
            )
            for r in rows[:repeat]
        ]
        os.environ["GOVREPORTS_DB"] = str(copy)
        at = AppTest.from_file(str(ROOT / PAGES["数据质量"]), default_timeout=300)
        at.query_params["tab"] = "核实与导出"  # the tab with the review form (tabs are lazy)
        at.run()
        clicks = []
        for r in rows[repeat:]:
            fid = r["finding_id"]
            onward = [b for b in at.button if b.label == "继续核实下一条"]
            if onward:  # the form stayed on the finding just decided
                onward[0].click().run()
            at.selectbox(key="q-review-pick").set_value(fid)
            at.run()
            at.text_input(key=f"q-review-reviewer-{fid}").input("bench")
            button = next(b for b in at.button if b.label == "保存核实结论")
            clicks.append(_timed(lambda b=button: b.click().run()))
    return statistics.median(alone), statistics.median(clicks)


def bench_browser(db: Path, repeat: int) -> int:
    from playwright.sync_api import sync_playwright

    from pipelines.registry import copy_with_database
    from tests.app.apphelpers import (
        launch_chromium,
        print_page_times,
        streamlit_app,
        time_pages,
        time_verdict_saves,
    )

    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = launch_chromium(p)
        with streamlit_app(db, Path(tmp) / "streamlit.log") as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1600})
            rows = time_pages(page, url, repeat=repeat)
            page.close()
        # saving a verdict writes: on a copy of the database, in its own app
        copy = copy_with_database(db, Path(tmp) / db.name)
        with streamlit_app(copy, Path(tmp) / "streamlit-verdict.log") as url:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            saves = time_verdict_saves(page, url, repeat)
        browser.close()
    print(
        f"database: {db} (headless chromium, wall-clock, warm = median of {repeat} opens; "
        f"load average {os.getloadavg()[0]:.1f})"
    )
    print_page_times(rows)
    shown, idle = [s[0] for s in saves], [s[1] for s in saves]
    print(
        f"saving a verdict (数据质量 › 核实与导出, {len(saves)} saves after a warm-up save): saved verdict "
        f"shown {statistics.median(shown):.2f} s median (max {max(shown):.2f} s), page idle "
        f"{statistics.median(idle):.2f} s median (max {max(idle):.2f} s)"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs per page (warm and filter change; with --browser: warm opens, median) and verdict saves",
    )
    parser.add_argument("--browser", action="store_true", help="time the pages in headless chromium")
    args = parser.parse_args(argv)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    if args.db is None:
        from pipelines.demo import build_demo

        tmp = Path(tempfile.mkdtemp(prefix="bench-app-"))
        args.db = build_demo(tmp / "demo.duckdb", tmp / "corpus", progress=False).db_path
    if args.browser:
        return bench_browser(args.db, args.repeat)
    rows = bench(args.db, args.repeat)
    print(f"database: {args.db}")
    print(f"{'page':<10} {'first s':>8} {'warm s':>8} {'filter s':>9}  errors")
    for r in rows:
        print(f"{r['page']:<10} {r['first']:>8.2f} {r['warm']:>8.2f} {r['filter']:>9.2f}  {r['errors']}")
    alone, click = bench_verdict(args.db, args.repeat)
    print(f"saving a verdict: record_decision {alone:.2f} s; the whole click on 数据质量 {click:.2f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
