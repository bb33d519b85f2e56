"""Benchmark 全文检索: index build time and size, and query times on a database.

    .venv/bin/python scripts/bench_search.py --db bench-out/pages-100k.duckdb --index /tmp/pages-100k.search.sqlite

The database is only read (attached read-only); the index is written to ``--index`` (default:
beside the database, as the app expects it). An existing index is brought up to date, not
rebuilt, unless ``--rebuild``. Each query is timed as the page runs it, uncached: the index
search (trigram MATCH, or the bounded scan for one- or two-character terms), the join with
the scope's reports (DuckDB) and the passages of the first result page — cold (first run)
and the median of ``--repeat`` further runs.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

QUERIES = (
    ("政务微博", None),
    ("行政复议", None),
    ("依申请公开", None),
    ("政府信息公开", None),
    ("洪泽湖路", None),
    ("规范性文件清理", None),
    ("公开 培训", None),
    ("没有任何报告写这句话", None),
    ("微博", None),
    ("诉", None),
    ("政务微博", "region"),
    ("行政复议", "year"),
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, required=True)
    parser.add_argument("--index", type=Path, default=None)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from app_lib.filters import Scope
    from app_lib.queries import search as q
    from pipelines import search_index
    from pipelines.db import connect_readonly

    index = args.index or search_index.index_path(args.db)
    started = time.perf_counter()
    summary = search_index.refresh(args.db, index, rebuild=args.rebuild)
    print(
        f"index: {summary.total:,} reports, {summary.added:,} added in {time.perf_counter() - started:.1f} s, "
        f"{os.path.getsize(index) / 1e6:,.0f} MB ({index.name}); database {os.path.getsize(args.db) / 1e6:,.0f} MB"
    )
    from pipelines.query import Connection

    db = Connection(connect_readonly(args.db))
    some = db.con.execute(
        "SELECT u.city, max(r.year) AS year FROM reports r JOIN units u USING (unit_id) "
        "WHERE u.city IS NOT NULL GROUP BY u.city ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()
    scopes = {
        None: Scope(kind_scope="all"),
        "region": Scope(city=some[0], kind_scope="all"),
        "year": Scope(years=(some[1], some[1]), kind_scope="all"),
    }
    units = db.df("SELECT unit_id, name, province, city, county FROM units")
    # a selective question too: one unit's name (its own reports and the ones that name it)
    rare = db.con.execute(
        "SELECT u.name FROM units u JOIN reports r USING (unit_id) WHERE u.county IS NOT NULL "
        "AND u.kind = 'department' GROUP BY u.name ORDER BY count(*) DESC, u.name LIMIT 1"
    ).fetchone()[0]
    queries = [*QUERIES[:5], (rare, None), *QUERIES[5:]]
    reader = search_index.connect_reader(index)
    import numpy as np

    indexed = np.sort(np.asarray(search_index.indexed_keys(reader), dtype=np.int64))
    print(f"{'query':<14} {'scope':<22} {'mode':<5} {'hits':>8} {'cold ms':>8} {'warm ms':>8}  (index / join / passages, warm)")
    for text, which in queries:
        scope = scopes[which]
        times = []
        for _ in range(args.repeat + 1):
            t0 = time.perf_counter()
            terms = search_index.query_terms(text)
            hits = search_index.search(reader, terms)
            t1 = time.perf_counter()
            result = q.combine(q.scope_reports(db, scope), hits, indexed, terms, units)
            t2 = time.perf_counter()
            search_index.passages(reader, [int(k) for k in result.hits["doc_key"].head(20)], terms)
            t3 = time.perf_counter()
            times.append((t3 - t0, t1 - t0, t2 - t1, t3 - t2))
        cold, warm = times[0], times[1:]
        med = [statistics.median(t[i] for t in warm) * 1000 for i in range(4)]
        label = {None: "全部", "region": f"城市 {some[0]}", "year": f"{some[1]}年"}[which]
        note = "" if result.complete else f" (scan stopped: {result.scanned:,} read)"
        print(
            f"{text:<14} {label:<22} {result.mode:<5} {len(result.hits):>8,} {cold[0] * 1000:>8.0f} {med[0]:>8.0f}"
            f"  ({med[1]:.0f} / {med[2]:.0f} / {med[3]:.0f}){note}"
        )


if __name__ == "__main__":
    main()
