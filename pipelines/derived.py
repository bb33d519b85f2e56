"""Derived tables the dashboard's page queries read instead of the raw tables.

Computed at publish time and stored in the database (``refresh``, called by every writer's
publish step: ingest, reparse, placements …, and by ``govreports optimize`` for older files),
so a new connection — a server start, a newly published file — only reads them. They are
rebuilt only when what they are computed from changed: ``meta('derived_digest')`` records the
definitions below and ``meta('derived_fingerprint')`` a cheap fingerprint of the reports,
units, figure and check counts, corrections and series definitions (``fingerprint``).

A database without them, or whose stored ones are stale (a file written by an older version,
or by something that bypassed the publish step), still works: ``materialize`` computes them as
connection-private temp tables on the app's read-only connection (a temp table shadows the
stored one of the same name), as before schema version 4 — seconds per connection at 100 k
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
- ``report_status``: one row per report with a failed check (errors, warnings, the rules
  named) — the coverage heat map's colour and hover text without grouping check_results
  on each visit.
- ``channel_pairs``: reports stating a channel figure both in the table and in the prose,
  paired per channel (公开渠道's comparison table).

If a table cannot be computed (an older file without a table or view it reads), it becomes
a view over its fallback SQL, so pages keep working, only slower.
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class HelperTable:
    name: str
    sql: str  # the table's content (no parameters: computed once, not per scope)
    fallback: str | None = None  # a view used when `sql` fails (None: same SQL as a view)
    cluster_by: str | None = None  # a column to sort the rows by (see _create_clustered)


# Key prefixes read by the pages' aggregate queries (applications, litigation, channels).
PAGE_VALUE_FILTER = """
       v.metric LIKE 'apply.%.total' OR v.metric LIKE 'apply.new.%' OR v.metric LIKE 'requests.%'
    OR v.metric LIKE 'review.%' OR v.metric LIKE 'suit.%'
    OR v.metric LIKE 'channel.%' OR v.metric LIKE 'narrative.%'"""


def page_figures_sql(source: str) -> str:
    """SQL of the figures the pages aggregate, read from ``source`` (a constant relation name
    with report_values' columns: the table itself, or a CTE of some units' rows): report_id,
    year, metric, value.

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
    FROM base v JOIN reports r USING (report_id)
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
        "report_status",
        """SELECT report_id,
                  count(*) FILTER (WHERE severity = 'error') AS n_errors,
                  count(*) FILTER (WHERE severity <> 'error') AS n_warnings,
                  string_agg(DISTINCT rule, '、' ORDER BY rule) AS rules
           FROM check_results GROUP BY report_id""",
    ),
    HelperTable(
        "channel_pairs",
        # One pass over the six channel keys, paired per report and channel.
        """SELECT v.report_id,
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
           HAVING count(*) = 2""",
    ),
)


def materialize(con: duckdb.DuckDBPyConnection, *, temp: bool = True) -> dict[str, float]:
    """Create every helper table on ``con``; returns the milliseconds each took (printed by
    scripts/bench_pages.py). ``temp``: connection-private temp tables (a read-only connection
    to a file without fresh stored ones), else stored tables (a writer, see ``refresh``)."""
    timings = {}
    kind = "TEMP TABLE" if temp else "TABLE"
    for table in HELPER_TABLES:
        started = time.perf_counter()
        try:
            if table.cluster_by:
                _create_clustered(con, table, kind)
            else:
                con.execute(f"CREATE OR REPLACE {kind} {table.name} AS {table.sql}")
        except duckdb.Error:
            if not temp:
                raise
            con.execute(f"CREATE OR REPLACE TEMP VIEW {table.name} AS {table.fallback or table.sql}")
        timings[table.name] = (time.perf_counter() - started) * 1000
    return timings


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
DERIVED_DIGEST = hashlib.sha256(
    "\n".join([DERIVED_REVISION, *(f"{t.name}|{t.cluster_by}|{t.sql}" for t in HELPER_TABLES)]).encode()
).hexdigest()[:16]

# What the derived tables are computed from, cheaply: keys and counts, not every figure (a
# figure's value changes only with its report's bytes or parser version, or a correction).
_FINGERPRINT_SQL = """
SELECT concat_ws('|',
    (SELECT count(*) || ':' || coalesce(bit_xor(hash(report_id, sha256, unit_id, year, template,
                                                       parser_version, n_figures)), 0) FROM reports),
    (SELECT count(*) || ':' || coalesce(bit_xor(hash(unit_id, name, province, city, county, kind)), 0)
     FROM units),
    (SELECT count(*) FROM report_values),
    (SELECT count(*) || ':' || coalesce(bit_xor(hash(report_id, rule, severity, detail)), 0) FROM check_results),
    (SELECT count(*) || ':' || coalesce(bit_xor(hash(sha256, metric, value, withdrawn, corrected_at)), 0)
     FROM corrections),
    (SELECT count(*) || ':' || coalesce(bit_xor(hash(series, priority, metric, n_keys, source_metric)), 0)
     FROM series_alternatives))
"""


def fingerprint(con: duckdb.DuckDBPyConnection) -> str | None:
    """The fingerprint of what the derived tables are computed from (None: a table is missing)."""
    try:
        rows = con.execute(_FINGERPRINT_SQL).fetchall()
    except duckdb.Error:
        return None
    return str(rows[0][0]) if rows else None


def _meta(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    try:
        rows = con.execute(
            "SELECT key, value FROM meta WHERE key IN ('derived_digest', 'derived_fingerprint')"
        ).fetchall()
    except duckdb.Error:
        return {}
    return {str(k): str(v) for k, v in rows}


def stored_fresh(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the database holds derived tables computed by these definitions from its
    current content (then a reader needs no temp tables)."""
    meta = _meta(con)
    if meta.get("derived_digest") != DERIVED_DIGEST:
        return False
    current = fingerprint(con)
    return current is not None and meta.get("derived_fingerprint") == current


def refresh(con: duckdb.DuckDBPyConnection, *, force: bool = False) -> dict[str, float] | None:
    """Store the derived tables in the database of ``con`` (a writer, before it publishes)
    unless they are fresh; returns the milliseconds each took, or None when nothing changed."""
    current = fingerprint(con)
    meta = _meta(con)
    if (
        not force
        and current is not None
        and meta.get("derived_digest") == DERIVED_DIGEST
        and meta.get("derived_fingerprint") == current
    ):
        return None
    timings = materialize(con, temp=False)
    con.execute(
        "INSERT OR REPLACE INTO meta VALUES ('derived_digest', ?), ('derived_fingerprint', ?)",
        [DERIVED_DIGEST, current or ""],
    ).fetchall()
    return timings
