"""Benchmark the dashboard's page queries: p50 / p95 per page over a generated database.

    .venv/bin/python scripts/bench_pages.py [--db FILE] [--units N] [--years 2012-2025] [--repeat 7]

Without --db it generates a corpus (`python -m pipelines.demo.generate`) and ingests it
(`govreports ingest`) into a temporary database; 100 k reports is ~7 000 units × 14 years.
Queries run uncached (straight DuckDB, as on the first visit after an ingest), each page's
full set of queries timed together, with a few parameter variations per page.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def build_db(units: int, years: str, workdir: Path) -> Path:
    corpus, db = workdir / "corpus", workdir / "bench.duckdb"
    py = sys.executable
    t = time.time()
    subprocess.run(
        [
            py,
            "-m",
            "pipelines.demo.generate",
            "--out",
            str(corpus),
            "--units",
            str(units),
            "--years",
            years,
            "--formats",
            "txt",
        ],
        check=True,
        cwd=ROOT,
    )
    subprocess.run([py, "-m", "pipelines", "ingest", str(corpus), "--db", str(db)], check=True, cwd=ROOT)
    print(f"built {db} in {time.time() - t:.0f} s")
    return db


def scale_up(source: Path, factor: int, out: Path) -> Path:
    """A ``factor``× larger copy of an ingested database: every unit, report, figure and
    failed check repeated with suffixed ids (unit k of copy i is '<id>#i'). The figures are
    the real ingest's, only multiplied — for timing queries when ingesting 100 k generated
    files takes too long on the machine at hand."""
    import shutil

    from pipelines.db import write_transaction

    shutil.copyfile(source, out)
    t = time.time()
    with write_transaction(out) as con:
        con.execute("CREATE TEMP TABLE copies AS SELECT range AS i FROM range(1, ?)", [factor])
        con.execute(
            """INSERT INTO units SELECT unit_id || '#' || i, name || '#' || i, province, city,
                      county || i, kind, is_demo FROM units, copies"""
        )
        con.execute(
            """INSERT INTO reports SELECT reports.* REPLACE (report_id || '#' || i AS report_id,
                      unit_id || '#' || i AS unit_id, county || i AS county) FROM reports, copies"""
        )
        con.execute(
            """INSERT INTO report_values SELECT report_values.* REPLACE (report_id || '#' || i AS report_id,
                      unit_id || '#' || i AS unit_id) FROM report_values, copies"""
        )
        con.execute(
            """INSERT INTO check_results SELECT check_results.* REPLACE (report_id || '#' || i AS report_id,
                      unit_id || '#' || i AS unit_id) FROM check_results, copies"""
        )
    print(f"scaled {source.name} ×{factor} into {out} in {time.time() - t:.0f} s")
    return out


def page_workloads():
    """page → callables running that page's queries (what a first visit executes)."""
    from app_lib.filters import Scope
    from app_lib.queries import applications, channels, common, compare, litigation, overview, trends
    from app_lib.queries import unit_profile as up
    from app_lib.queries.measures import measure

    gov, every = Scope(), Scope(kind_scope="all")
    apps = measure("series:applications_received")
    suits = measure("series:lawsuits")
    year = common.scope_summary(every).year_max

    def one_unit():
        units = overview.scoped_unit_list(every)
        return units.sort_values("n_reports")["unit_id"].iloc[-1]

    unit = one_unit()
    return {
        "总览": lambda s: (
            common.scope_summary(s),
            overview.reporting(s, year),
            overview.headline(s, year),
            applications.outcome_mix(s, year),
            overview.coverage_matrix(s),
        ),
        "趋势": lambda s: (
            common.metrics_with_data(s),
            trends.trend(s, apps, "region", "sum"),
            trends.trend(s, apps, "kind", "median"),
            trends.source_keys(s, apps),
        ),
        "对比": lambda s: (compare.league(s, apps, year), compare.pair(s, apps, suits, year)),
        "依申请公开": lambda s: (
            applications.outcome_flows(s, year),
            applications.applicant_mix(s),
            applications.reasons_over_years(s),
            applications.backlog(s),
        ),
        "复议诉讼": lambda s: (
            litigation.outcomes_over_years(s),
            litigation.correction_rates(s),
            litigation.most_corrected_units(s),
        ),
        "公开渠道": lambda s: (channels.channel_output(s), channels.table_vs_narrative(s)),
        "单位档案": lambda s: (
            up.unit_info(unit),
            up.unit_reports(unit),
            up.unit_values(unit),
            up.unit_series(unit),
            up.unit_checks(unit),
        ),
    }, [gov, every, Scope(kind_scope="dept", years=(2019, 2024))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="an existing database (else one is generated)")
    ap.add_argument("--units", type=int, default=7200, help="units to generate (×14 years ≈ reports)")
    ap.add_argument("--years", default="2012-2025")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--scale", type=int, default=1, help="repeat the database's rows this many times first")
    args = ap.parse_args(argv)
    logging.disable(logging.WARNING)  # st.cache_data outside `streamlit run` warns on every call

    from app_lib import db
    from app_lib.db import _cached_query

    workdir = Path(tempfile.mkdtemp(prefix="govreports-bench-"))
    db_path = args.db or build_db(args.units, args.years, workdir)
    if args.scale > 1:
        db_path = scale_up(db_path, args.scale, workdir / f"scaled-x{args.scale}.duckdb")
    with db.database_override(db_path):
        t = time.perf_counter()
        con = db._connection(str(db_path), db.current_version())
        opened = (time.perf_counter() - t) * 1000
        n_reports, n_values = con.execute(
            "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM report_values)"
        ).fetchone()
        print(
            f"database {db_path}: {db_path.stat().st_size / 1e6:.0f} MB, {n_reports:,} reports, {n_values:,} figures"
        )
        print(f"opening the database (incl. materialising the joined series once): {opened:.0f} ms")
        workloads, scopes = page_workloads()
        print(
            f"{'page':<10} {'p50 ms':>8} {'p95 ms':>8}  (all queries of the page, uncached, {args.repeat}×{len(scopes)} runs)"
        )
        worst = 0.0
        for name, run in workloads.items():
            times = []
            for _ in range(args.repeat):
                for scope in scopes:
                    _cached_query.clear()  # measure DuckDB, not the cache
                    t = time.perf_counter()
                    run(scope)
                    times.append((time.perf_counter() - t) * 1000)
            times.sort()
            p50 = statistics.median(times)
            p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
            worst = max(worst, p95)
            print(f"{name:<10} {p50:8.0f} {p95:8.0f}")
    print(f"worst page p95: {worst:.0f} ms (target < 300 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
