"""Pre-aggregated helper tables the page queries read instead of the raw tables.

Computed ONCE per published database file, on the app's read-only connection, as
connection-private temp tables (a temp table works on a read-only attach and vanishes with
the connection, so the published file is never touched and the loader needs no change).
app_lib.db opens one connection per file version, so an ingest that publishes a new file
gets fresh helper tables on the next query.

Why each exists (measured on a generated 90 k-report database, 2 cores):

- ``series_cached``: the joined ``series`` view re-joins every figure with the series
  definitions on each query (~1 s on 100 k reports); the table answers in milliseconds. Its rows are
  sorted by series, so a query for one series reads about one sixteenth of it.
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
    HelperTable("series_cached", "SELECT * FROM series", cluster_by="series"),
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


def materialize(con: duckdb.DuckDBPyConnection) -> dict[str, float]:
    """Create every helper table on ``con`` (a fresh read-only connection); returns the
    milliseconds each took (printed by scripts/bench_pages.py)."""
    timings = {}
    for table in HELPER_TABLES:
        started = time.perf_counter()
        try:
            if table.cluster_by:
                _create_clustered(con, table)
            else:
                con.execute(f"CREATE OR REPLACE TEMP TABLE {table.name} AS {table.sql}")
        except duckdb.Error:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {table.name} AS {table.fallback or table.sql}")
        timings[table.name] = (time.perf_counter() - started) * 1000
    return timings


def _create_clustered(con: duckdb.DuckDBPyConnection, table: HelperTable) -> None:
    """The table sorted by ``cluster_by``, so a filter on that column reads only its own row
    groups (DuckDB skips the others by their min/max). Sorting the computed rows is cheap;
    an ORDER BY on the computing query itself costs seconds (it serialises the pipeline)."""
    staging = f"{table.name}__staging"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {staging} AS {table.sql}")
    try:
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table.name} AS SELECT * FROM {staging} ORDER BY {table.cluster_by}"
        )
    finally:
        con.execute(f"DROP TABLE IF EXISTS {staging}")
