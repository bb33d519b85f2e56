"""Benchmark the dashboard's page queries: p50 / p95 per page over a generated database.

    .venv/bin/python scripts/bench_pages.py --db bench-out/pages-100k.duckdb [--repeat 7]

The real measurement is over a database ingested from a generated corpus, built once:

    .venv/bin/python -m pipelines.demo.generate --out bench-out/corpus-100k --units 8300 \
        --years 2012-2025 --formats txt --seed 5
    .venv/bin/python -m pipelines ingest bench-out/corpus-100k --db bench-out/pages-100k.duckdb -q

(The generator leaves some unit-years out: 8 300 units give 101 712 reports, 7 200 give
88 254. Generating takes ~2 min, the ingest ~10 min on 2 shared cores.)

Without --db the script generates and ingests such a corpus itself (--units, --years) into a
temporary database. --scale N instead multiplies an existing database's rows N times (a quick
stand-in when a real ingest is too slow); the output says which of the two was measured.

Queries run uncached (straight DuckDB, as on the first visit after an ingest), each page's
full set of queries timed together, with a few parameter variations per page. Opening the
database (once per published file: attach + the app's helper tables) is timed apart.
"""

from __future__ import annotations

import argparse
import os
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


def page_workloads(db, db_path):
    """page → callables running that page's queries (what a first visit executes) on ``db``
    (the connection to the file ``db_path``)."""
    from app_lib.filters import Scope
    from app_lib.queries import applications, channels, common, compare, litigation, overview, quality, trends
    from app_lib.queries import registry as registry_queries
    from app_lib.queries import unit_profile as up
    from app_lib.queries.measures import measure
    from pipelines import quality as qual

    gov, every = Scope(), Scope(kind_scope="all")
    QUALITY_DEFAULTS = {s.name: s.default for s in qual.ANOMALY_SETTINGS}
    apps = measure("series:applications_received")
    suits = measure("series:lawsuits")
    year = common.scope_summary(db, every).year_max

    def one_unit():
        units = overview.scoped_unit_list(db, every)
        return units.sort_values("n_reports")["unit_id"].iloc[-1]

    registry = registry_queries.current(db_path)  # 应报单位名单 beside the file, as the page reads it

    def reporting(scope, year):
        if registry is None:
            return overview.reporting(db, scope, year)
        return registry_queries.reporting(db, scope, year, registry)

    unit = one_unit()
    last = up.unit_reports(db, unit).iloc[-1]
    report_id, sha256 = str(last["report_id"]), str(last["sha256"])
    queries = {
        # what every page runs first (sidebar filters, page.start), then each page's own
        "每页公共": [
            ("filter_options", lambda s: common.filter_options(db)),
            ("names_of (the scope's units)", lambda s: common.names_of(db, s.units)),
            ("scope_summary", lambda s: common.scope_summary(db, s)),
            ("corrected_in_scope", lambda s: common.corrected_in_scope(db, s)),
        ],
        "总览": [
            ("scope_summary", lambda s: common.scope_summary(db, s)),
            ("reporting", lambda s: reporting(s, year)),
            ("headline", lambda s: overview.headline(db, s, year)),
            ("outcome_mix", lambda s: applications.outcome_mix(db, s, year)),
            ("coverage_matrix", lambda s: overview.coverage_matrix(db, s)),
        ],
        "趋势": [
            ("metrics_with_data", lambda s: common.metrics_with_data(db)),
            ("trend region/sum", lambda s: trends.trend(db, s, apps, "region", "sum")),
            ("trend kind/median", lambda s: trends.trend(db, s, apps, "kind", "median")),
            ("source_keys", lambda s: trends.source_keys(db, s, apps)),
        ],
        "对比": [
            ("league", lambda s: compare.league(db, s, apps, year)),
            ("pair", lambda s: compare.pair(db, s, apps, suits, year)),
        ],
        "依申请公开": [
            ("outcome_flows", lambda s: applications.outcome_flows(db, s, year)),
            ("applicant_mix", lambda s: applications.applicant_mix(db, s)),
            ("reasons_over_years", lambda s: applications.reasons_over_years(db, s)),
            ("backlog", lambda s: applications.backlog(db, s)),
        ],
        "复议诉讼": [
            ("outcomes_over_years", lambda s: litigation.outcomes_over_years(db, s)),
            ("most_corrected_units", lambda s: litigation.most_corrected_units(db, s)),
        ],
        "公开渠道": [
            ("channel_output", lambda s: channels.channel_output(db, s)),
            ("table_vs_narrative", lambda s: channels.table_vs_narrative(db, s)),
        ],
        "数据质量": [
            # the findings at the page's default thresholds and the coverage, read from the
            # files the ingest stored beside the database when it published (the page caches
            # them in memory as well; here each run reads them again), then the decisions
            ("scope_info", lambda s: quality.scope_info(db)),
            (
                "findings (stored) + decisions",
                lambda s: quality.findings(
                    db, **QUALITY_DEFAULTS, found=quality.detected(db, **QUALITY_DEFAULTS, db_path=db_path)
                ),
            ),
            ("coverage (stored)", lambda s: quality.coverage(db, db_path=db_path)),
        ],
        "单位档案": [
            ("unit_info", lambda s: up.unit_info(db, unit)),
            ("unit_reports", lambda s: up.unit_reports(db, unit)),
            ("unit_values", lambda s: up.unit_values(db, unit)),
            ("unit_series", lambda s: up.unit_series(db, unit)),
            ("unit_checks", lambda s: up.unit_checks(db, unit)),
            ("report_figures (viewer)", lambda s: up.report_figures(db, report_id)),
            ("source_bytes (viewer)", lambda s: up.source_bytes(db, sha256)),
        ],
    }
    return queries, [gov, every, Scope(kind_scope="dept", years=(2019, 2024)), *narrow_scopes(db)]


def narrow_scopes(db):
    """The city with the most units (a region scope), and ten of its units picked by name
    (a unit-list scope, which reads per-report figures instead of region totals)."""
    from app_lib.filters import Scope

    city = db.df(
        """SELECT province, city FROM units WHERE city IS NOT NULL
           GROUP BY ALL ORDER BY count(*) DESC, province, city LIMIT 1"""
    )
    if city.empty:
        return []
    province, name = city.iloc[0]["province"], city.iloc[0]["city"]
    units = db.df(
        "SELECT unit_id FROM units WHERE province = $province AND city = $city ORDER BY unit_id LIMIT 10",
        {"province": province, "city": name},
    )
    return [
        Scope(province=province, city=name, kind_scope="all"),
        Scope(kind_scope="all", units=tuple(units["unit_id"])),
    ]


FIRST_PAGE = """
import json, sys, time
t0 = time.perf_counter()
sys.path.insert(0, {root!r})
from app_lib.filters import Scope
from app_lib.queries import applications, common, overview
from app_lib.queries import registry as registry_queries
from app_lib.source import open_connection
from pipelines.query import Connection
imported = time.perf_counter()


class Memo:  # the app's result cache (st.cache_data per SQL and parameters), without Streamlit
    def __init__(self, db):
        self.db, self.seen = db, {{}}

    def df(self, sql, params=None):
        key = (sql, repr(sorted((params or {{}}).items())))
        if key not in self.seen:
            self.seen[key] = self.db.df(sql, params)
        return self.seen[key]


t = time.perf_counter()
db = Memo(Connection(open_connection({path!r})[0]))
opened = time.perf_counter()
scope = Scope()
common.filter_options(db); common.names_of(db, scope.units)
summary = common.scope_summary(db, scope)
common.corrected_in_scope(db, scope)
year = summary.year_max
registry = registry_queries.current({path!r})  # the 应报单位名单 beside the file (cpca resolves it)
if registry is None:
    overview.reporting(db, scope, year)
else:
    registry_queries.reporting(db, scope, year, registry)
overview.headline(db, scope, year)
applications.outcome_mix(db, scope, year); overview.coverage_matrix(db, scope)
done = time.perf_counter()
print(json.dumps({{"import_ms": (imported - t0) * 1000, "open_ms": (opened - t) * 1000,
                  "first_page_ms": (done - t) * 1000}}))
"""


def first_page(db_path: Path) -> dict[str, float]:
    """总览 in a new process, as after a server start: opening the file plus the page's queries
    (the Python imports, done before a server answers, are reported apart)."""
    import json

    code = FIRST_PAGE.format(root=str(ROOT), path=str(db_path))
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True, cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def size_line(con, db_path: Path, n_reports: int) -> str:
    size = db_path.stat().st_size
    stored, original = con.execute(
        "SELECT coalesce(sum(octet_length(content)), 0), coalesce(sum(size_bytes), 0) FROM sources"
    ).fetchall()[0]
    return (
        f"database size: {size / 1e6:,.0f} MB = {size / max(n_reports, 1) / 1024:.2f} KB a report "
        f"(original files {stored / 1e6:,.0f} MB stored for {original / 1e6:,.0f} MB as they came, "
        f"{stored / max(n_reports, 1) / 1024:.2f} KB a report)"
    )


def percentiles(times: list[float]) -> tuple[float, float]:
    times = sorted(times)
    return statistics.median(times), times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, help="an existing database (else one is generated)")
    ap.add_argument("--units", type=int, default=8300, help="units to generate (≈12 reports each)")
    ap.add_argument("--years", default="2012-2025")
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--scale", type=int, default=1, help="repeat the database's rows this many times first")
    ap.add_argument("--skip", action="append", default=[], help="leave this page out (repeatable), e.g. 数据质量")
    args = ap.parse_args(argv)
    from app_lib.source import open_connection
    from pipelines.query import Connection

    workdir = Path(tempfile.mkdtemp(prefix="govreports-bench-"))
    db_path = args.db or build_db(args.units, args.years, workdir)
    measured = "the database as ingested (real rows, no --scale copying)"
    if args.scale > 1:
        measured = f"SCALED COPY (rows of {db_path.name} repeated ×{args.scale}), not a real ingest"
        db_path = scale_up(db_path, args.scale, workdir / f"scaled-x{args.scale}.duckdb")
    fresh = first_page(db_path)
    t = time.perf_counter()
    con, helpers = open_connection(db_path)
    opened = (time.perf_counter() - t) * 1000
    db = Connection(con)  # uncached: DuckDB time, not the app's result cache
    n_reports, n_values = con.execute(
        "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM report_values)"
    ).fetchone()
    print(f"database {db_path}: {measured}")
    print(f"  {db_path.stat().st_size / 1e6:.0f} MB, {n_reports:,} reports, {n_values:,} figures")
    print("  " + size_line(con, db_path, n_reports))
    print(f"opening the database (once per published file): {opened:.0f} ms")
    print(
        "  derived tables computed on opening: "
        + (", ".join(f"{name} {ms:.0f} ms" for name, ms in helpers.items()) or "none (stored in the file)")
    )
    print(
        f"first page (总览) in a new process, as after a server start: {fresh['first_page_ms']:.0f} ms "
        f"(of which opening {fresh['open_ms']:.0f} ms; Python imports before it {fresh['import_ms']:.0f} ms)"
    )
    from pipelines.quality import stored

    stored_s = stored.warm(db_path) or {}  # what the ingest does after it publishes a big database
    print(
        "数据质量 stored beside the database (as an ingest does at publish): "
        + ", ".join(f"{name} {sec:.1f} s" for name, sec in stored_s.items())
    )
    workloads, scopes = page_workloads(db, db_path)
    print(f"uncached DuckDB time, {args.repeat} runs × {len(scopes)} scopes; a page's line = all its queries")
    print("scopes: " + " | ".join(s.describe() for s in scopes))
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores, load average {load[0]:.1f} (shared machine: p95 includes waits)")
    print(
        "wall: elapsed time; CPU: the process's CPU time over all its threads (DuckDB runs 2), which the\n"
        "other jobs on a shared machine do not inflate — on an idle 2-core machine wall ≈ CPU / 2 or more"
    )
    print(f"{'page / query':<28} {'p50 ms':>8} {'p95 ms':>8} {'CPU p50':>8} {'CPU p95':>8}")
    worst_query = worst_page = worst_page_cpu = 0.0
    for page, queries in workloads.items():
        if page in args.skip:
            print(f"{page:<28} (left out: --skip)")
            continue
        page_times = [0.0] * (args.repeat * len(scopes))
        page_cpu = [0.0] * (args.repeat * len(scopes))
        rows = []
        for label, run in queries:
            times, cpu = [], []
            for _ in range(args.repeat):
                for scope in scopes:
                    t, c = time.perf_counter(), time.process_time()
                    run(scope)
                    times.append((time.perf_counter() - t) * 1000)
                    cpu.append((time.process_time() - c) * 1000)
            page_times = [a + b for a, b in zip(page_times, times, strict=True)]
            page_cpu = [a + b for a, b in zip(page_cpu, cpu, strict=True)]
            p50, p95 = percentiles(times)
            c50, c95 = percentiles(cpu)
            worst_query = max(worst_query, p95)
            rows.append(f"  {label:<26} {p50:8.0f} {p95:8.0f} {c50:8.0f} {c95:8.0f}")
        p50, p95 = percentiles(page_times)
        c50, c95 = percentiles(page_cpu)
        worst_page = max(worst_page, p95)
        worst_page_cpu = max(worst_page_cpu, c95)
        print(f"{page:<28} {p50:8.0f} {p95:8.0f} {c50:8.0f} {c95:8.0f}")
        print("\n".join(rows))
    print(f"load average at the end {os.getloadavg()[0]:.1f}")
    print(
        f"worst query p95: {worst_query:.0f} ms (target < 300 ms); worst page total p95: {worst_page:.0f} ms"
        + ("" if args.scale == 1 else f" — on a ×{args.scale} SCALED COPY")
    )
    size = db_path.stat().st_size
    print(
        f"summary | {n_reports:,} reports | {n_values / 1e6:.1f} M figures | worst page p95 {worst_page:.0f} ms "
        f"(CPU {worst_page_cpu:.0f} ms) | first page after a start {fresh['first_page_ms'] / 1000:.1f} s "
        f"| {size / max(n_reports, 1) / 1024:.1f} KB a report"
    )
    if args.scale > 1:
        db_path.unlink(missing_ok=True)  # a throwaway copy: hundreds of MB
    if not any(workdir.iterdir()):
        workdir.rmdir()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
