"""Build the 10 k and 1 M report databases for scripts/bench_pages.py from a real ingest.

    .venv/bin/python scripts/make_scale_db.py --source bench-out/pages-100k.duckdb \
        --copies 10 --out bench-out/pages-1m.duckdb
    .venv/bin/python scripts/make_scale_db.py --source bench-out/pages-100k.duckdb \
        --every 10 --out bench-out/pages-10k.duckdb

Ingesting a million generated files takes hours on 2 cores; this takes minutes and keeps
what the page queries see real: every row is a row of the ingested database (figures, checks,
templates, years, original files, their value distributions), written into a fresh file in
the current layout (pipelines/compact.py: compressed sources, stored derived tables).

- ``--copies K``: the source's units K times. Copy 0 is the source itself (江苏省); copy i is
  moved to another province (山东, 河南, 四川, 广东, 安徽, 湖北, 湖南, 广西, 云南): each city
  of the source to a real city there, each county to a real county (adcodes from cpca), the
  unit ids re-keyed ``<new adcode>:<name>``, the printed names' city and county replaced, the
  reports' hashes and ids new (sha256 of the old hash + copy). So 10 copies hold 10× the
  distinct units and regions, as a national database would, not the same units 10 times.
- ``--every N``: only the units whose id hashes to 0 mod N (a ~1/N sample across every
  region, kind and size), for the small end of the table.

The source must be in the current layout (``govreports optimize`` first if not: it is done
here on a copy when needed). The output is for benchmarks only: its reports are marked as the
source's (``is_demo`` as ingested) and its original files are those of the source reports.
"""

from __future__ import annotations

import argparse
import csv
import os
import shutil
import sys
import time
from importlib import resources
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

TARGET_PROVINCES = ("37", "41", "51", "44", "34", "42", "43", "45", "53")


def adcodes() -> dict[str, str]:
    """6-digit adcode → name (cpca's table of every province, city and county)."""
    with resources.files("cpca").joinpath("resources/adcodes.csv").open(encoding="utf-8") as fh:
        return {row["adcode"][:6]: row["name"] for row in csv.DictReader(fh)}


def region_plan(units: pd.DataFrame, copy: int, codes: dict[str, str]) -> pd.DataFrame:
    """unit_id → new unit_id, name, province, city, county and the old/new city and county
    names to replace in printed names, for copy ``copy`` (0: unchanged)."""
    prefix = units["unit_id"].str.split(":", n=1).str[0]
    rest = units["unit_id"].str.split(":", n=1).str[1]
    if copy == 0:
        out = units[["unit_id", "name", "province", "city", "county"]].copy()
        out.insert(1, "new_unit_id", units["unit_id"])
        for col in ("old_city", "new_city", "old_county", "new_county"):
            out[col] = None
        return out
    p = TARGET_PROVINCES[copy - 1]
    cities = sorted(
        c
        for c in codes
        if c.startswith(p)
        and c.endswith("00")
        and c != p + "0000"
        and codes[c] not in ("市辖区", "县")
        and not c.endswith("0000")
    )
    counties = sorted(
        c
        for c in codes
        if c.startswith(p) and not c.endswith("00") and codes[c] != "市辖区" and c[:4] + "00" in codes
    )
    old_cities = sorted({c for c in prefix if c.endswith("00") and not c.endswith("0000")})
    old_counties = sorted({c for c in prefix if not c.endswith("00")})
    # one real region per source region while they last (a one-province source such as the
    # 江苏省 ingest fits every target province); more are wrapped round
    city_map = {c: cities[i % len(cities)] for i, c in enumerate(old_cities)}
    county_map = {c: counties[i % len(counties)] for i, c in enumerate(old_counties)}
    province = codes[p + "0000"]
    rows = []
    for uid, pre, tail, name, old_city, old_county in zip(
        units["unit_id"], prefix, rest, units["name"], units["city"], units["county"], strict=True
    ):
        if pre in county_map:
            code = county_map[pre]
            city, county = codes[code[:4] + "00"], codes[code]
        elif pre in city_map:
            code = city_map[pre]
            city, county = codes[code], None
        else:  # province level or no region (000000)
            code, city, county = p + "0000", None, None
        rows.append((uid, f"{code}:{tail}", name, province, city, county, old_city, city, old_county, county))
    out = pd.DataFrame(
        rows,
        columns=[
            "unit_id",
            "new_unit_id",
            "name",
            "province",
            "city",
            "county",
            "old_city",
            "new_city",
            "old_county",
            "new_county",
        ],
    )
    out["name"] = [
        rename(n, oc, nc, ok, nk)
        for n, oc, nc, ok, nk in zip(
            out["name"], out["old_city"], out["new_city"], out["old_county"], out["new_county"], strict=True
        )
    ]
    return out


def unique_ids(plan: pd.DataFrame, taken: set[str]) -> pd.DataFrame:
    """New unit ids made unique against every id written before (a wrapped-round region, or a
    province-level unit of another province landing on the same code)."""
    ids = []
    for old, new in zip(plan["unit_id"], plan["new_unit_id"], strict=True):
        candidate, n = new, 1
        while candidate in taken:
            n += 1
            candidate = f"{new}·{old.split(':', 1)[0]}" + ("" if n == 2 else f"·{n}")
        taken.add(candidate)
        ids.append(candidate)
    return plan.assign(new_unit_id=ids)


def rename(name, old_city, new_city, old_county, new_county):
    """A printed name moved with its unit: the old city and county replaced (first match)."""
    if not isinstance(name, str):
        return name
    if isinstance(old_city, str) and isinstance(new_city, str):
        name = name.replace(old_city, new_city, 1)
    if isinstance(old_county, str) and isinstance(new_county, str):
        name = name.replace(old_county, new_county, 1)
    return name


NAME_SQL = (
    """CASE WHEN m.old_county IS NULL THEN {col} ELSE regexp_replace({col}, m.old_county, m.new_county) END"""
)


def printed(col: str) -> str:
    inner = f"CASE WHEN m.old_city IS NULL THEN {col} ELSE regexp_replace({col}, m.old_city, m.new_city) END"
    return NAME_SQL.format(col=inner)


def write_copy(con: duckdb.DuckDBPyConnection, plan: pd.DataFrame, copy: int, every: int) -> None:
    """Insert copy ``copy`` of the source's units (and their reports, figures, checks,
    names and original files) into ``con``."""
    con.register("plan_df", plan)
    keep = f"hash(unit_id) % {every} = 0" if every > 1 else "true"
    con.execute(f"CREATE OR REPLACE TEMP TABLE m AS SELECT * FROM plan_df WHERE {keep}")
    con.unregister("plan_df")
    suffix = "" if copy == 0 else f"#{copy}"
    new_sha = "s.sha256" if copy == 0 else f"sha256(s.sha256 || '{suffix}')"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE rm AS
            SELECT s.report_id, s.sha256, {new_sha} AS new_sha FROM src.reports s
            WHERE s.unit_id IN (SELECT unit_id FROM m)"""
    )
    rid = "r.report_id" if copy == 0 else "'r' || left(rm.new_sha, 16)"
    con.execute(
        """INSERT INTO units BY NAME
           SELECT u.* REPLACE (m.new_unit_id AS unit_id, m.name AS name, m.province AS province,
                               m.city AS city, m.county AS county)
           FROM src.units u JOIN m USING (unit_id)"""
    )
    con.execute(
        f"""INSERT INTO unit_names BY NAME
            SELECT n.* REPLACE (m.new_unit_id AS unit_id, {printed("n.name")} AS name)
            FROM src.unit_names n JOIN m USING (unit_id)"""
    )
    con.execute(
        f"""INSERT INTO reports BY NAME
            SELECT r.* REPLACE ({rid} AS report_id, m.new_unit_id AS unit_id,
                                {printed("r.unit_name")} AS unit_name, rm.new_sha AS sha256,
                                r.source_path || '{suffix}' AS source_path, m.province AS province,
                                m.city AS city, m.county AS county)
            FROM src.reports r JOIN rm USING (report_id) JOIN m USING (unit_id)"""
    )
    new_rid = "rm.report_id" if copy == 0 else "'r' || left(rm.new_sha, 16)"
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE rmap AS
            SELECT rm.report_id, {new_rid} AS new_report_id, m.new_unit_id,
                   {printed("r.unit_name")} AS new_unit_name
            FROM rm JOIN src.reports r USING (report_id) JOIN m USING (unit_id)"""
    )
    con.execute(
        """INSERT INTO report_values BY NAME
           SELECT v.* REPLACE (x.new_report_id AS report_id, x.new_unit_id AS unit_id,
                               x.new_unit_name AS unit_name)
           FROM src.report_values v JOIN rmap x USING (report_id)"""
    )
    con.execute(
        """INSERT INTO check_results BY NAME
           SELECT c.* REPLACE (x.new_report_id AS report_id, x.new_unit_id AS unit_id)
           FROM src.check_results c JOIN rmap x USING (report_id)"""
    )
    con.execute(
        f"""INSERT INTO sources BY NAME
            SELECT s.* REPLACE (rm.new_sha AS sha256, s.source_path || '{suffix}' AS source_path)
            FROM src.sources s JOIN rm USING (sha256)"""
    )


def build(source: Path, out: Path, copies: int, every: int) -> None:
    from pipelines import derived
    from pipelines.compact import NOT_COPIED, copy_tables
    from pipelines.db import ensure_schema, schema_version
    from pipelines.schema import SCHEMA_VERSION

    started = time.time()
    probe = duckdb.connect(str(source), read_only=True)
    try:
        current = schema_version(probe) >= SCHEMA_VERSION
    finally:
        probe.close()
    if not current:
        from pipelines.compact import optimize

        staged = out.with_name(out.name + ".source")
        shutil.copyfile(source, staged)
        optimize(staged)
        source = staged
        print(f"optimized a copy of the source first ({time.time() - started:.0f} s)")
    tmp = out.with_name(out.name + ".building")
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    con.execute("SET memory_limit = '3GB'")
    con.execute("SET threads = 2")
    ensure_schema(con)
    con.execute("ATTACH ? AS src (READ_ONLY)", [str(source)])
    # what is not per unit: once
    per_unit = {"units", "unit_names", "reports", "report_values", "check_results"}
    copy_tables(con, "src", skip=NOT_COPIED | per_unit)
    con.execute("INSERT INTO source_dicts BY NAME SELECT * FROM src.source_dicts")
    con.execute(
        "INSERT INTO sources BY NAME SELECT * FROM src.sources WHERE sha256 IN (SELECT sha256 FROM src.unplaced_reports)"
    )
    codes = adcodes()
    units = con.execute("SELECT unit_id, name, province, city, county FROM src.units").df()
    taken: set[str] = set()
    for copy in range(copies):
        t = time.time()
        write_copy(con, unique_ids(region_plan(units, copy, codes), taken), copy, every)
        print(f"copy {copy}: {time.time() - t:.0f} s", flush=True)
    con.execute("DETACH src")
    # the copies' unit ids are made here, not by the ingest's keying: the first ingest into the file re-keys
    # every unit (pipelines/load.py apply_unit_aliases), as it would for a file of another version
    con.execute("DELETE FROM meta WHERE key = 'unit_keys_fingerprint'")
    con.execute("SET memory_limit = '1GB'")
    timings = derived.refresh(con, force=True) or {}
    print("derived tables: " + ", ".join(f"{k} {v / 1000:.1f} s" for k, v in timings.items()))
    n_reports, n_values = con.execute(
        "SELECT (SELECT count(*) FROM reports), (SELECT count(*) FROM report_values)"
    ).fetchone()
    con.execute("CHECKPOINT")
    con.close()
    os.replace(tmp, out)
    if source.name.endswith(".source"):
        source.unlink()
    size = out.stat().st_size
    print(
        f"{out}: {n_reports:,} reports, {n_values:,} figures, {size / 1e6:.0f} MB "
        f"({size / max(n_reports, 1) / 1024:.1f} KB a report) in {time.time() - started:.0f} s"
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, required=True, help="an ingested database (read only)")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--copies", type=int, default=1, help=f"1–{len(TARGET_PROVINCES) + 1}")
    ap.add_argument("--every", type=int, default=1, help="keep ~1/N of the units")
    args = ap.parse_args(argv)
    if not 1 <= args.copies <= len(TARGET_PROVINCES) + 1:
        ap.error(f"--copies must be 1–{len(TARGET_PROVINCES) + 1}")
    build(args.source, args.out, args.copies, args.every)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
