"""Derived tables the dashboard's page queries read instead of the raw tables.

Computed at publish time and stored in the database (``refresh``, called by every writer's
publish step: ingest, reparse …, and by ``govreports optimize`` for older files),
so a new connection — a server start, a newly published file — only reads them. They are
rebuilt only when what they are computed from changed: ``meta('derived_digest')`` records the
definitions below and ``meta('derived_fingerprint')`` a cheap fingerprint of the reports,
units, figure and check counts and series definitions (``fingerprint``). They hold the figures
as parsed: officers' corrections live in the store beside the file (pipelines/store.py), and a
reader with a current correction computes its own (app_lib/source.py).

A database without them, or whose stored ones are stale (a file written by an older version,
or by something that bypassed the publish step), still works: ``materialize`` computes them as
connection-private temp tables on the app's read-only connection (a temp table shadows the
stored one of the same name), as before schema version 5 — seconds per connection at 100 k
reports, which is what storing them avoids.

Why each exists (measured on a generated 90 k-report database, 2 cores):

- ``series_cached``: the joined ``series`` view re-joins every figure with the series
  definitions on each query (~1 s on 100 k reports); the table answers in milliseconds. Its rows are
  sorted by series, unit and year, so a query for one series reads about one sixteenth of it
  and one for a unit a row group per series.
- ``cell_values``: the figures the pages aggregate (page_figures_sql: table 3 totals and
  applicant columns, legacy request rows, reviews and lawsuits, channels and narrative
  posts, and each std report's table-3 result groups ``apply_group.*``) summed per region
  cell (province, city, county, unit kind), template, year and key. A scope without a unit
  list is a set of whole cells, so its totals add up a few thousand cell rows instead of
  joining millions of figures (about 160 cells, 130 k rows on a 90 k-report database).
  Scopes naming units read their own figures (common.SCOPED_FIGURES): report_values is
  filtered by unit_id, which DuckDB answers from a few row groups.
- ``metrics_stated``: the metric keys any report states (the measure pickers), instead of
  a DISTINCT over every figure per visit.
- ``province_values``, ``province_series``: the two above summed per province, kind, year
  (× template × key): a scope of the whole country or one province reads these (about 3 %
  of the cell rows).
- ``report_status``: one row per report with a failed check (errors, warnings, the rules
  named) — the coverage heat map's colour and hover text without grouping check_results
  on each visit.
- ``report_scoped``: every report with its unit's name, region and kind, its year and its
  report_status columns — the heat map counts a scope's reports per unit by filtering this
  table on its own columns, not by joining a million reports with their units (255 → about
  a quarter of the CPU at 1 M reports, README).
- ``channel_pairs``: reports stating a channel figure both in the table and in the prose,
  paired per channel (公开渠道's comparison table), with the report's unit, region, kind and
  year for the same reason.
- ``quality_pairs``: the year-on-year pairs of figures a 数据异常 rule may flag at the
  thresholds of pipelines.quality.sql (STORED_*, looser than the page's defaults), out of
  every figure paired with the same unit's previous year — windows over all figures, minutes
  at 1 M reports; the 数据质量 page filters these few rows by its own thresholds.
- ``quality_shares``: the figures of the share rules (a part larger than its whole) of the
  reports where one fails.
  Both are "lazy": a reader without fresh stored tables makes them views, computed only
  when the 数据质量 page asks, not on opening the file.

If a table cannot be computed (an older file without a table or view it reads), it becomes
a view over its fallback SQL, so pages keep working, only slower.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass

import duckdb

from pipelines.quality import sql as quality_sql


@dataclass(frozen=True)
class HelperTable:
    name: str
    sql: str  # the table's content (no parameters: computed once, not per scope)
    fallback: str | None = None  # a view used when `sql` fails (None: same SQL as a view)
    cluster_by: str | None = None  # a column to sort the rows by (see _create_clustered)
    lazy: bool = False  # on a reader's connection (temp): a view, computed when read
    by_units: bool = False  # stored in slices of units (see _create_by_units)


# Key prefixes read by the pages' aggregate queries (applications, litigation, channels).
PAGE_VALUE_FILTER = """
       v.metric LIKE 'apply.%.total' OR v.metric LIKE 'apply.new.%' OR v.metric LIKE 'requests.%'
    OR v.metric LIKE 'review.%' OR v.metric LIKE 'suit.%'
    OR v.metric LIKE 'channel.%' OR v.metric LIKE 'narrative.%'"""


def page_figures_sql(source: str, reports: str = "reports") -> str:
    """SQL of the figures the pages aggregate, read from ``source`` (a constant relation name
    with report_values' columns: the table itself, or a CTE of some units' rows): report_id,
    year, metric, value. ``reports``: where each report's template is looked up (a relation
    holding at least the reports of ``source``, e.g. the scope's: no join with every report).

    The stated keys matching PAGE_VALUE_FILTER (a semi-join on metrics_stated, so DuckDB
    filters the scan by key), plus table 3's result groups of each std report as pseudo keys
    'apply_group.<segment>' (granted, partial, denied, unable, unprocessed, other, new,
    carried_in, carried_out): the sum of the group's '.total' rows. （六）其他处理 is one row
    in 2019 and three sub-rows from 2021: per report, the single row if stated, else the sum
    of its sub-rows — never both.
    """
    return (
        """
SELECT * FROM (
    WITH base AS MATERIALIZED (
        SELECT v.report_id, v.year, v.metric, v.value FROM """
        + source
        + """ v
        WHERE v.metric IN (SELECT metric FROM metrics_stated v WHERE"""
        + PAGE_VALUE_FILTER
        + """))
    SELECT * FROM base
    UNION ALL
    SELECT v.report_id, v.year, 'apply_group.' || split_part(v.metric, '.', 2) AS metric,
           CASE WHEN split_part(v.metric, '.', 2) = 'other'
                THEN coalesce(max(v.value) FILTER (WHERE v.metric = 'apply.other.total'),
                              sum(v.value) FILTER (WHERE v.metric <> 'apply.other.total'))
                ELSE sum(v.value) END AS value
    FROM base v JOIN """
        + reports
        + """ r USING (report_id)
    WHERE r.template IN ('std2019', 'std2021') AND v.metric LIKE 'apply.%.total'
      AND split_part(v.metric, '.', 2) IN ('granted', 'partial', 'denied', 'unable', 'unprocessed',
                                           'other', 'new', 'carried_in', 'carried_out')
    GROUP BY v.report_id, v.year, split_part(v.metric, '.', 2))"""
    )


HELPER_TABLES = (
    # the `series` view (pipelines/load.py, the one definition) materialised once per file
    HelperTable("series_cached", "SELECT * FROM series", cluster_by="series, unit_id, year"),
    HelperTable("metrics_stated", "SELECT DISTINCT metric FROM report_values"),
    HelperTable(
        "cell_values",
        # The page figures summed per region cell: every unit of one province, city, county
        # and kind is interchangeable for a scope without a unit list (common.SCOPED_FIGURES).
        "SELECT u.province, u.city, u.county, coalesce(u.kind, 'other') AS kind, r.year, r.template,"
        " v.metric, sum(v.value) AS value, count(*) AS n_reports FROM ("
        + page_figures_sql("report_values")
        + ") v JOIN reports r USING (report_id) JOIN units u USING (unit_id) GROUP BY ALL",
    ),
    HelperTable(
        "series_scoped",
        # series_cached with each unit's name, region and kind: the pages' per-unit values of a
        # series (app_lib.queries.measures.values_sql) filter it by scope directly instead of
        # joining a million reports with their units on every query. Sorted by series and
        # region, so a region's rows of one series lie together.
        "SELECT s.report_id, s.unit_id, u.name, u.province, u.city, u.county, u.kind, s.year, s.series,"
        " s.value, s.source_metric FROM series_cached s JOIN units u USING (unit_id)",
        cluster_by="series, province, city, county, unit_id, year",
    ),
    HelperTable(
        "cell_series",
        # The joined series summed per region cell, kind and year (headline, trends by region):
        # a scope without a unit list adds up a few thousand cell rows instead of joining
        # every report's series with the reports.
        "SELECT u.province, u.city, u.county, coalesce(u.kind, 'other') AS kind, s.year, s.series,"
        " sum(s.value) AS value, count(*) AS n_units"
        " FROM series_cached s JOIN units u USING (unit_id) GROUP BY ALL",
    ),
    # cell_values and cell_series summed once more per province (a national or province scope,
    # the commonest, adds up tens of thousands of rows instead of a million at 1 M reports)
    HelperTable(
        "province_values",
        "SELECT province, kind, year, template, metric, sum(value) AS value, sum(n_reports)::BIGINT AS n_reports"
        " FROM cell_values GROUP BY ALL",
    ),
    HelperTable(
        "province_series",
        "SELECT province, kind, year, series, sum(value) AS value, sum(n_units)::BIGINT AS n_units"
        " FROM cell_series GROUP BY ALL",
    ),
    HelperTable(
        "report_status",
        """SELECT report_id,
                  count(*) FILTER (WHERE severity = 'error') AS n_errors,
                  count(*) FILTER (WHERE severity <> 'error') AS n_warnings,
                  string_agg(DISTINCT rule, '、' ORDER BY rule) AS rules
           FROM check_results GROUP BY report_id""",
    ),
    HelperTable(
        # every report with its unit's name, region and kind, its year and its failed checks
        # (report_status): the 总览 heat map and every page's scope summary count a scope's
        # reports by filtering it on its own columns instead of joining a million reports
        # with their units
        "report_scoped",
        """SELECT r.report_id, r.unit_id, u.name, u.province, u.city, u.county, u.kind, r.year, r.template,
                  r.is_demo, c.n_errors, c.n_warnings, c.rules
           FROM reports r JOIN units u USING (unit_id) LEFT JOIN report_status c USING (report_id)""",
        cluster_by="province, city, county, unit_id, year",
    ),
    HelperTable(
        "channel_pairs",
        # One pass over the six channel keys, paired per report and channel; with the report's
        # unit, region, kind and year, so a scope filters it without joining the reports.
        """SELECT p.*, r.unit_id, u.name, u.province, u.city, u.county, u.kind, r.year FROM (
           SELECT v.report_id,
                  CASE WHEN v.metric LIKE 'channel.%' THEN split_part(v.metric, '.', 2)
                       ELSE split_part(split_part(v.metric, '.', 2), '_', 1) END AS channel_key,
                  max(v.value) FILTER (WHERE v.metric LIKE 'channel.%') AS table_value,
                  max(v.value) FILTER (WHERE v.metric LIKE 'narrative.%') AS narrative_value,
                  max(v.provenance) FILTER (WHERE v.metric LIKE 'channel.%') AS table_provenance,
                  max(v.provenance) FILTER (WHERE v.metric LIKE 'narrative.%') AS narrative_provenance
           FROM report_values v
           WHERE v.metric IN ('channel.website', 'channel.microblog', 'channel.wechat',
                              'narrative.website_posts', 'narrative.microblog_posts',
                              'narrative.wechat_posts')
           GROUP BY ALL
           HAVING count(*) = 2) p
           JOIN reports r USING (report_id) JOIN units u ON u.unit_id = r.unit_id""",
    ),
    HelperTable("quality_pairs", quality_sql.stored_pairs_sql(), lazy=True, by_units=True),
    HelperTable("quality_shares", quality_sql.shares_sql(), lazy=True),
)


def materialize(
    con: duckdb.DuckDBPyConnection, *, temp: bool = True, only: set[str] | None = None
) -> dict[str, float]:
    """Create every helper table on ``con``; returns the milliseconds each took (printed by
    scripts/bench_pages.py). ``temp``: connection-private temp tables (a read-only connection
    to a file without fresh stored ones), else stored tables (a writer, see ``refresh``)."""
    timings = {}
    kind = "TEMP TABLE" if temp else "TABLE"
    for table in HELPER_TABLES:
        if only is not None and table.name not in only:
            continue
        started = time.perf_counter()
        try:
            if temp and table.lazy:
                con.execute(f"CREATE OR REPLACE TEMP VIEW {table.name} AS {table.sql}")
            elif table.by_units and not temp:
                _create_by_units(con, table)
            elif table.cluster_by:
                _create_clustered(con, table, kind)
            else:
                con.execute(f"CREATE OR REPLACE {kind} {table.name} AS {table.sql}")
        except duckdb.Error:
            if not temp:
                raise
            con.execute(f"CREATE OR REPLACE TEMP VIEW {table.name} AS {table.fallback or table.sql}")
        timings[table.name] = (time.perf_counter() - started) * 1000
    return timings


# Figures per slice of units when a table is computed by slices: its windows then sort a
# few hundred MB at most instead of spilling gigabytes (1 M reports: 146 M figures, 8 slices).
FIGURES_PER_SLICE = 20_000_000


def _create_by_units(con: duckdb.DuckDBPyConnection, table: HelperTable) -> None:
    """``table`` (quality_pairs) computed slice by slice of units, in unit_id order."""
    n_figures = con.execute("SELECT count(*) FROM report_values").fetchall()[0][0]
    slices = max(1, -(-int(n_figures) // FIGURES_PER_SLICE))
    if slices == 1:
        con.execute(f"CREATE OR REPLACE TABLE {table.name} AS {table.sql}")
        return
    bounds = con.execute(
        f"""SELECT min(unit_id), max(unit_id) FROM (
                SELECT unit_id, ntile({slices}) OVER (ORDER BY unit_id) AS slice
                FROM (SELECT DISTINCT unit_id FROM reports))
            GROUP BY slice ORDER BY slice"""
    ).fetchall()
    lo, hi = bounds[0]
    con.execute(f"CREATE OR REPLACE TABLE {table.name} AS {quality_sql.stored_pairs_of_units(lo, hi)}")
    for lo, hi in bounds[1:]:
        con.execute(f"INSERT INTO {table.name} {quality_sql.stored_pairs_of_units(lo, hi)}").fetchall()


def _create_clustered(con: duckdb.DuckDBPyConnection, table: HelperTable, kind: str) -> None:
    """The table sorted by ``cluster_by``, so a filter on that column reads only its own row
    groups (DuckDB skips the others by their min/max). Sorting the computed rows is cheap;
    an ORDER BY on the computing query itself costs seconds (it serialises the pipeline)."""
    staging = f"{table.name}__staging"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {staging} AS {table.sql}")
    try:
        con.execute(
            f"CREATE OR REPLACE {kind} {table.name} AS SELECT * FROM {staging} ORDER BY {table.cluster_by}"
        )
    finally:
        con.execute(f"DROP TABLE IF EXISTS {staging}")


# -- stored at publish time ------------------------------------------------------------------

# Bump when a table's meaning changes without its SQL text changing (a stored copy is then stale).
DERIVED_REVISION = "1"
TABLE_DIGESTS = {
    t.name: hashlib.sha256(f"{DERIVED_REVISION}|{t.name}|{t.cluster_by}|{t.sql}".encode()).hexdigest()[:16]
    for t in HELPER_TABLES
}
DERIVED_DIGEST = hashlib.sha256(json.dumps(TABLE_DIGESTS, sort_keys=True).encode()).hexdigest()[:16]


def _outdated(stored: dict[str, str]) -> set[str]:
    """The tables whose definition changed since they were stored, and those computed from them."""
    out: set[str] = set()
    for t in HELPER_TABLES:
        if stored.get(t.name) != TABLE_DIGESTS[t.name] or any(re.search(rf"\b{n}\b", t.sql) for n in out):
            out.add(t.name)
    return out


# What the derived tables are computed from, cheaply: keys and counts, not every figure (a
# figure's value changes only with its report's bytes or parser version; corrections are not
# in the file: they apply at read time, from the officers' store).
_FINGERPRINT_SQL = """
SELECT concat_ws('|',
    (SELECT count(*) || ':' || coalesce(bit_xor(hash(report_id, sha256, unit_id, year, template,
                                                       parser_version, n_figures)), 0) FROM reports),
    (SELECT count(*) || ':' || coalesce(bit_xor(hash(unit_id, name, province, city, county, kind)), 0)
     FROM units),
    (SELECT count(*) FROM report_values),
    (SELECT count(*) || ':' || coalesce(bit_xor(hash(report_id, rule, severity, detail)), 0) FROM check_results),
    (SELECT count(*) || ':' || coalesce(bit_xor(hash(series, priority, metric, n_keys, source_metric)), 0)
     FROM series_alternatives))
"""


def _one_value(con: duckdb.DuckDBPyConnection, sql: str) -> str | None:
    """The single value ``sql`` returns, as text (None: a table it reads is missing)."""
    try:
        rows = con.execute(sql).fetchall()
    except duckdb.Error:
        return None
    return str(rows[0][0]) if rows else None


def fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of what the derived tables are computed from (None: a table is missing)."""
    return _one_value(con, _FINGERPRINT_SQL)


def _meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        rows = con.execute(
            "SELECT key, value FROM meta"
            " WHERE key IN ('derived_digest', 'derived_fingerprint', 'derived_tables', 'derived_counts')"
        ).fetchall()
    except duckdb.Error:
        return {}
    return {str(k): str(v) for k, v in rows}


# What a reader checks when it opens a file: row counts, read from DuckDB's table statistics
# in milliseconds (the full fingerprint hashes every report: 1.4 s at 1 M reports). Every
# writer refreshes the derived tables at publish with the full fingerprint; a file changed by
# hand outside a writer with every count unchanged keeps its stored tables until the next
# write or `govreports optimize`.
# (The file's own tables, by their qualified names: a reader shows placed reports held in the
# officers' store through temp views of the same names, pipelines/sqlchild.install_overlay.)
_COUNTS_SQL = """
SELECT concat_ws('|', (SELECT count(*) FROM {db}.main.reports), (SELECT count(*) FROM {db}.main.units),
                 (SELECT count(*) FROM {db}.main.report_values), (SELECT count(*) FROM {db}.main.check_results),
                 (SELECT count(*) FROM {db}.main.series_alternatives))
"""


def _counts(con: duckdb.DuckDBPyConnection) -> str | None:
    db = _one_value(con, "SELECT current_database()")
    return _one_value(con, _COUNTS_SQL.format(db=f'"{db}"')) if db else None


def stored_fresh(con: duckdb.DuckDBPyConnection, *, thorough: bool = False) -> bool:
    """Whether the database holds derived tables computed by these definitions from its
    current content (then a reader needs no temp tables). A reader compares row counts;
    ``thorough`` compares the full fingerprint."""
    meta = _meta(con)
    if meta.get("derived_digest") != DERIVED_DIGEST:
        return False
    if not thorough:
        counts = _counts(con)
        return counts is not None and meta.get("derived_counts") == counts
    current = fingerprint(con)
    return current is not None and meta.get("derived_fingerprint") == current


# One row per report: what its rows in the derived tables depend on (its bytes, parse, unit
# and the unit's region cell), stored as derived_reports at each refresh so
# the next one finds the reports that changed.
_REPORT_SIGNATURES = """
SELECT r.report_id, r.unit_id,
       hash(r.report_id, r.sha256, r.unit_id, r.unit_name, r.year, r.template, r.parser_version, r.n_figures,
            u.name, u.province, u.city, u.county, u.kind) AS sig,
       u.province, u.city, u.county, coalesce(u.kind, 'other') AS kind
FROM reports r LEFT JOIN units u USING (unit_id)
"""
# the signatures' columns are part of what a stored file must match (derived_reports)
DERIVED_DIGEST = hashlib.sha256(f"{DERIVED_DIGEST}|{_REPORT_SIGNATURES}".encode()).hexdigest()[:16]
# Beyond this share of changed reports a refresh recomputes everything.
INCREMENTAL_MAX_SHARE = 0.2
PER_REPORT = ("series_cached", "channel_pairs", "quality_shares")  # rows keyed by report_id


def refresh(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> dict[str, float] | None:
    """Store the derived tables in the database of ``con`` (a writer, before it publishes)
    unless they are fresh; returns the milliseconds each step took, or None when nothing
    changed. When only some reports changed (an ingest of a few files into a big database, a
    folded placements), only their rows and their region cells are recomputed."""
    current = fingerprint(con)
    meta = _meta(con)
    if (
        not force
        and current is not None
        and meta.get("derived_digest") == DERIVED_DIGEST
        and meta.get("derived_fingerprint") == current
    ):
        return None
    timings = None
    if not force and meta.get("derived_digest") == DERIVED_DIGEST:
        timings = _incremental(con, meta.get("derived_fingerprint", ""), current or "")
    elif not force and current is not None and meta.get("derived_fingerprint") == current:
        # same data, some definitions new (a new release): only those tables are computed
        try:
            stored = json.loads(meta.get("derived_tables", "{}"))
        except ValueError:
            stored = {}
        outdated = _outdated(stored if isinstance(stored, dict) else {})
        if len(outdated) < len(HELPER_TABLES):
            timings = materialize(con, temp=False, only=outdated)
            started = time.perf_counter()
            con.execute(f"CREATE OR REPLACE TABLE derived_reports AS {_REPORT_SIGNATURES}")
            timings["derived_reports"] = (time.perf_counter() - started) * 1000
    if timings is None:
        timings = materialize(con, temp=False)
        started = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TABLE derived_reports AS {_REPORT_SIGNATURES}")
        timings["derived_reports"] = (time.perf_counter() - started) * 1000
    con.execute(
        "INSERT OR REPLACE INTO meta VALUES ('derived_digest', ?), ('derived_fingerprint', ?),"
        " ('derived_tables', ?), ('derived_counts', ?)",
        [DERIVED_DIGEST, current or "", json.dumps(TABLE_DIGESTS, sort_keys=True), _counts(con) or ""],
    ).fetchall()
    return timings


def _per_report_sql(name: str, source: str) -> str | None:
    """The SQL of a per-report derived table over ``source`` (report_values' rows of some
    reports) instead of report_values; None when its text is not as expected."""
    from pipelines.load import SERIES_VIEW

    if name == "series_cached":
        sql, old = SERIES_VIEW.split(" AS\n", 1)[1], "JOIN report_values v"
    elif name == "quality_shares":
        return quality_sql.shares_sql(source)
    else:
        sql, old = next(t.sql for t in HELPER_TABLES if t.name == name), "FROM report_values v"
    return sql.replace(old, old.replace("report_values", source)) if sql.count(old) == 1 else None


def _unit_in_cell(unit: str, cell: str) -> str:
    """SQL: unit row ``unit`` lies in region cell ``cell`` (province, city, county, kind)."""
    return (
        f"{unit}.province IS NOT DISTINCT FROM {cell}.province AND {unit}.city IS NOT DISTINCT FROM {cell}.city"
        f" AND {unit}.county IS NOT DISTINCT FROM {cell}.county AND coalesce({unit}.kind, 'other') = {cell}.kind"
    )


def _drop_touched_cells(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Delete the rows of the region-cell table ``table`` whose cell a touched report left or
    joined (derived_cells): they are recomputed from the cell's reports."""
    con.execute(
        f"""DELETE FROM {table} c WHERE EXISTS (
               SELECT 1 FROM derived_cells d
               WHERE c.province IS NOT DISTINCT FROM d.province AND c.city IS NOT DISTINCT FROM d.city
                 AND c.county IS NOT DISTINCT FROM d.county AND c.kind = d.kind)"""
    ).fetchall()


def _incremental(con: duckdb.DuckDBPyConnection, before: str, now: str) -> dict[str, float] | None:
    """Recompute the rows of the reports that changed since the last refresh (None: not
    possible or not worth it — a full refresh follows)."""
    # the series definitions are the last part of the fingerprint: a change there is global
    if before.rsplit("|", 1)[-1] != now.rsplit("|", 1)[-1]:
        return None
    have = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
        ).fetchall()
    }
    per_report = {name: _per_report_sql(name, "derived_changed_values") for name in PER_REPORT}
    if not {"derived_reports", *(t.name for t in HELPER_TABLES)} <= have or None in per_report.values():
        return None
    timings: dict[str, float] = {}
    started = time.perf_counter()
    con.execute(f"CREATE OR REPLACE TEMP TABLE derived_now AS {_REPORT_SIGNATURES}")
    con.execute(
        """CREATE OR REPLACE TEMP TABLE derived_diff AS
           SELECT report_id FROM (SELECT report_id, sig FROM derived_now EXCEPT SELECT report_id, sig FROM derived_reports)
           UNION
           SELECT report_id FROM (SELECT report_id FROM derived_reports EXCEPT SELECT report_id FROM derived_now)"""
    )
    # each touched report as it is now (present) and as it was: both its cells change
    con.execute(
        """CREATE OR REPLACE TEMP TABLE derived_touched AS
           SELECT n.report_id, r.unit_id, n.province, n.city, n.county, n.kind, true AS present
           FROM derived_now n JOIN reports r USING (report_id) WHERE n.report_id IN (SELECT report_id FROM derived_diff)
           UNION ALL
           SELECT report_id, unit_id, province, city, county, kind, false FROM derived_reports
           WHERE report_id IN (SELECT report_id FROM derived_diff)"""
    )
    n_touched, n_all = con.execute(
        "SELECT (SELECT count(*) FROM derived_diff), (SELECT count(*) FROM derived_now)"
    ).fetchall()[0]
    timings["changed reports"] = (time.perf_counter() - started) * 1000
    if n_touched > INCREMENTAL_MAX_SHARE * max(n_all, 1):
        return None
    by_name = {t.name: t for t in HELPER_TABLES}
    # small, or one pass over one column: recomputed whole (metrics_stated first: the page
    # figures below read it)
    for name in ("metrics_stated", "report_status", "report_scoped"):
        started = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {by_name[name].sql}")
        timings[name] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    # the changed reports' figures, found by unit first (zone maps), then by report
    con.execute(
        """CREATE OR REPLACE TEMP TABLE derived_changed_values AS
           SELECT * FROM report_values
           WHERE unit_id IN (SELECT unit_id FROM derived_touched WHERE present)
             AND report_id IN (SELECT report_id FROM derived_touched WHERE present)"""
    )
    for name, sql in per_report.items():
        con.execute(f"DELETE FROM {name} WHERE report_id IN (SELECT report_id FROM derived_diff)").fetchall()
        con.execute(f"INSERT INTO {name} BY NAME {sql}").fetchall()
    timings["series_cached, channel_pairs, quality_shares"] = (time.perf_counter() - started) * 1000
    # year-on-year pairs: every unit a touched report left or joined, recomputed whole
    started = time.perf_counter()
    units = "(SELECT unit_id FROM derived_touched WHERE unit_id IS NOT NULL)"
    con.execute(f"DELETE FROM quality_pairs WHERE unit_id IN {units}").fetchall()
    pairs = quality_sql.stored_pairs_sql(
        values=f"(SELECT * FROM report_values WHERE report_id IN (SELECT report_id FROM reports WHERE unit_id IN {units}))",
        series=f"(SELECT * FROM series_cached WHERE unit_id IN {units})",
    )
    con.execute(f"INSERT INTO quality_pairs BY NAME {pairs}").fetchall()
    timings["quality_pairs"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    con.execute(
        "DELETE FROM series_scoped WHERE report_id IN (SELECT report_id FROM derived_diff)"
    ).fetchall()
    scoped_sql = by_name["series_scoped"].sql.replace(
        "FROM series_cached s", "FROM series_cached s SEMI JOIN derived_diff d USING (report_id)"
    )
    con.execute(f"INSERT INTO series_scoped BY NAME {scoped_sql}").fetchall()
    timings["series_scoped"] = (time.perf_counter() - started) * 1000
    # region cells: every cell a touched report left or joined, recomputed from its units' reports
    started = time.perf_counter()
    con.execute(
        """CREATE OR REPLACE TEMP TABLE derived_cells AS
           SELECT DISTINCT province, city, county, kind FROM derived_touched"""
    )
    con.execute(
        f"""CREATE OR REPLACE TEMP TABLE derived_cell_values AS
           SELECT v.* FROM report_values v
           WHERE v.unit_id IN (SELECT u.unit_id FROM units u JOIN derived_cells c ON {_unit_in_cell("u", "c")})"""
    )
    _drop_touched_cells(con, "cell_values")
    con.execute(
        "INSERT INTO cell_values BY NAME SELECT u.province, u.city, u.county, coalesce(u.kind, 'other') AS kind,"
        " r.year, r.template, v.metric, sum(v.value) AS value, count(*) AS n_reports FROM ("
        + page_figures_sql("derived_cell_values")
        + ") v JOIN reports r USING (report_id) JOIN units u USING (unit_id) GROUP BY ALL"
    ).fetchall()
    timings["cell_values"] = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    _drop_touched_cells(con, "cell_series")
    con.execute(
        f"""INSERT INTO cell_series BY NAME
           SELECT u.province, u.city, u.county, coalesce(u.kind, 'other') AS kind, s.year, s.series,
                  sum(s.value) AS value, count(*) AS n_units
           FROM series_cached s JOIN units u USING (unit_id) JOIN derived_cells c ON {_unit_in_cell("u", "c")}
           GROUP BY ALL"""
    ).fetchall()
    timings["cell_series"] = (time.perf_counter() - started) * 1000
    for name in ("province_values", "province_series"):  # sums of the cells: recomputed whole
        started = time.perf_counter()
        con.execute(f"CREATE OR REPLACE TABLE {name} AS {by_name[name].sql}")
        timings[name] = (time.perf_counter() - started) * 1000
    con.execute("CREATE OR REPLACE TABLE derived_reports AS SELECT * FROM derived_now")
    for temp in (
        "derived_now",
        "derived_diff",
        "derived_touched",
        "derived_cells",
        "derived_cell_values",
        "derived_changed_values",
    ):
        con.execute(f"DROP TABLE IF EXISTS {temp}")
    return timings
