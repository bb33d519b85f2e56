"""Time officers' writes (issue 14 point 2, issue 13 point 11): a 核实 decision, a correction,
a registry edit, placements (an unplaced report placed; a placed report moved) and an alias
edit, each on the given databases, and whether the published file was left alone (same
inode, mtime and size: "unchanged", else "REPLACED"). Decisions, corrections, placements and
the audit rows of registry edits go to the officers' store beside the file
(pipelines/store.py); the registry and alias files are CSV files beside it.

Also times how long an open reader takes to see a decision and a placement (reloading the
store into an open connection, as the dashboard does) and, with ``--browser``, saving a
verdict in headless chromium on the 数据质量 page (click → page idle, the form still on the
finding it decided).

    .venv/bin/python scripts/bench_officer_writes.py --db bench-out/demo.duckdb --db bench-out/pages-100k.duckdb
    .venv/bin/python scripts/bench_officer_writes.py --db bench-out/demo.duckdb --browser

Every write goes to the named database and its store: pass copies (bench-out/), never a
database someone uses.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _stat(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def bench_writes(db: Path, repeat: int) -> list[tuple[str, float, bool]]:
    """(what, median seconds, published file unchanged) per kind of write."""
    import pandas as pd

    from pipelines import corrections, quality, registry, store
    from pipelines.db import connect_readonly
    from pipelines.placing import place_source

    con = connect_readonly(db, officer=False)
    units = con.execute(
        "SELECT unit_id, year, report_id FROM reports ORDER BY report_id LIMIT ?", [repeat]
    ).fetchall()
    figures = con.execute(
        "SELECT v.report_id, v.metric, v.value FROM report_values v JOIN reports r USING (report_id) "
        "WHERE v.origin = 'table' ORDER BY v.report_id, v.metric LIMIT ?",
        [repeat],
    ).fetchall()
    kept = [
        p for (p,) in con.execute("SELECT source_path FROM unplaced_reports ORDER BY source_path").fetchall()
    ]
    placed = con.execute(
        "SELECT source_path, unit_name, year FROM reports ORDER BY report_id LIMIT 1"
    ).fetchone()
    con.close()
    out = []

    def run(label: str, calls) -> None:
        before = _stat(db)
        times = [_timed(c) for c in calls]
        out.append((label, statistics.median(times), _stat(db) == before))

    stamp = time.strftime("%H%M%S")
    run(
        "review decision (核实)",
        [
            lambda u=u, i=i: quality.record_decision(
                db, f"bench-{stamp}-{i}", "已核实", "基准测试", "bench",
                finding={"unit_id": u[0], "year": u[1], "report_id": u[2], "kind": "check"},
            )
            for i, u in enumerate(units)
        ],
    )  # fmt: skip
    # a reader sees it: the dashboard reloads the store into its open connection
    reader = connect_readonly(db)
    quality.record_decision(db, f"bench-{stamp}-seen", "已排除", "", "bench")
    seen = _timed(lambda: store.install(reader, db))
    assert f"bench-{stamp}-seen" in set(quality.decisions(reader)["finding_id"])
    reader.close()
    out.append(("  … visible to an open reader after", seen, True))
    run(
        "correction (人工更正)",
        [
            lambda f=f: corrections.record_correction(db, f[0], f[1], (f[2] or 0) + 1, "基准测试", "bench")
            for f in figures
        ],
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / registry.FILE_NAME
        frame = pd.DataFrame(
            [{"name": f"江苏省宿迁市基准测试局{i}", "region": "江苏省宿迁市", "kind": "部门", "first_year": 2015,
              "last_year": None, "note": ""} for i in range(50)]
        )  # fmt: skip
        run(
            "registry edit (应报单位名单)",
            [lambda n=n: registry.save_registry(frame.head(40 + n), path, db) for n in range(repeat)],
        )
    # placements: kept reports if there are some, else a placed report under its own unit/year
    todo = [(k, f"江苏省宿迁市基准测试{i}局", 2020) for i, k in enumerate(kept[:repeat])] or [placed] * repeat
    reader = connect_readonly(db)  # an open reader (a dashboard session) before the placements
    run("placement (确认归属)", [lambda t=t: place_source(db, t[0], t[1], int(t[2])) for t in todo])
    last = todo[-1]
    seen = _timed(lambda: store.install(reader, db))
    row = reader.execute(
        "SELECT unit_name, year FROM reports WHERE source_path = ? OR source_path LIKE '%/' || ?", [last[0], last[0]]
    ).fetchone()
    assert row == (last[1], int(last[2])), row
    reader.close()
    out.append(("  … visible to an open reader after", seen, True))
    if placed is not None:  # moving a placed report of the file to another unit and year
        run("placement moving a placed report", [lambda: place_source(db, placed[0], "江苏省宿迁市财政局", 2016)])
    with tempfile.TemporaryDirectory() as tmp:  # an alias edit: the officers' file, applied at ingest
        aliases = Path(tmp) / "unit_aliases.csv"
        source_aliases = Path(os.environ.get("GOVREPORTS_ALIASES", ROOT / "data" / "unit_aliases.csv"))
        text = source_aliases.read_text(encoding="utf-8-sig") if source_aliases.exists() else "name,canonical_name,note\n"

        def alias_edit(i: int) -> None:
            tmp_file = aliases.with_name(f".{aliases.name}.tmp")
            tmp_file.write_text(text + f"江苏省宿迁市基准测试局{i},江苏省宿迁市财政局,bench\n", encoding="utf-8-sig")
            os.replace(tmp_file, aliases)

        run("alias edit (unit_aliases.csv)", [lambda i=i: alias_edit(i) for i in range(repeat)])
    return out


def bench_browser(db: Path, repeat: int) -> list[tuple[float, float]]:
    """Seconds from the 保存核实结论 click to the saved verdict shown in the form, and to the
    page idle again, in headless chromium on a copy of ``db`` (tests/app/apphelpers.time_verdict_saves,
    shared with scripts/bench_app_pages.py --browser); checks the form stays on the finding it decided."""
    from playwright.sync_api import sync_playwright

    from pipelines.registry import copy_with_database
    from tests.app.apphelpers import launch_chromium, streamlit_app, time_verdict_saves

    with tempfile.TemporaryDirectory() as tmp:
        copy = copy_with_database(db, Path(tmp) / db.name)
        with (
            streamlit_app(copy, Path(os.environ.get("BENCH_LOG", Path(tmp) / "streamlit.log"))) as url,
            sync_playwright() as p,
        ):
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            try:
                return time_verdict_saves(page, url, repeat)
            finally:
                browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--db", type=Path, action="append", required=True, help="a database copy (repeatable)"
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--browser", action="store_true", help="also save verdicts in headless chromium")
    parser.add_argument("--no-writes", action="store_true", help="only the browser measurement")
    args = parser.parse_args(argv)
    for db in args.db:
        db = db.resolve()
        if not args.no_writes:
            import duckdb

            con = duckdb.connect(str(db), read_only=True)
            n = con.execute("SELECT count(*) FROM reports").fetchone()[0]
            con.close()
            size = os.path.getsize(db) / 1e6
            print(f"\n{db.name}: {n:,} reports, {size:,.0f} MB (median of {args.repeat})")
            print(f"{'write':<40} {'ms':>8}  published file")
            for label, seconds, same in bench_writes(db, args.repeat):
                print(f"{label:<40} {seconds * 1000:>8.0f}  {'unchanged' if same else 'REPLACED'}")
        if args.browser:
            times = bench_browser(db, args.repeat)
            shown, idle = [t[0] for t in times], [t[1] for t in times]
            print(
                f"saving a verdict in chromium ({db.name}, {len(times)} saves): verdict shown after median "
                f"{statistics.median(shown):.2f} s (max {max(shown):.2f} s), page idle after median "
                f"{statistics.median(idle):.2f} s (max {max(idle):.2f} s); the form stayed on the decided finding"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
