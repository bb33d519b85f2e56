"""Pre-aggregated helper tables the page queries read instead of the raw tables.

Computed ONCE per published database file, on the app's read-only connection, as
connection-private temp tables (a temp table works on a read-only attach and vanishes with
the connection, so the published file is never touched and the loader needs no change).
app_lib.db opens one connection per file version, so an ingest that publishes a new file
gets fresh helper tables on the next query.

Why each exists (timings on a generated 100 k-report database, 2 cores):

- ``series_cached``: the joined ``series`` view re-joins every figure with the series
  definitions on each query (~2 s); the table answers in milliseconds.
- ``page_values``: only the figures the pages aggregate (table 3 totals and applicant
  columns, legacy request rows, reviews and lawsuits, channels and narrative posts), sorted
  by metric and year so DuckDB skips whole row groups of other keys and years instead of
  scanning every figure of the database.
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

from dataclasses import dataclass

import duckdb


@dataclass(frozen=True)
class HelperTable:
    name: str
    sql: str  # the table's content (no parameters: computed once, not per scope)
    fallback: str | None = None  # a view used when `sql` fails (None: same SQL as a view)


# Key prefixes read by the pages' aggregate queries (applications, litigation, channels).
PAGE_VALUE_FILTER = """
       v.metric LIKE 'apply.%.total' OR v.metric LIKE 'apply.new.%' OR v.metric LIKE 'requests.%'
    OR v.metric LIKE 'review.%' OR v.metric LIKE 'suit.%'
    OR v.metric LIKE 'channel.%' OR v.metric LIKE 'narrative.%'"""

HELPER_TABLES = (
    HelperTable(
        "series_cached",
        "SELECT * FROM series ORDER BY series, year",
        "SELECT * FROM series",
    ),
    HelperTable(
        "page_values",
        "SELECT v.report_id, v.unit_id, v.year, v.metric, v.value FROM report_values v WHERE"
        + PAGE_VALUE_FILTER
        + " ORDER BY v.metric, v.year",
    ),
    HelperTable("metrics_stated", "SELECT DISTINCT metric FROM report_values"),
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


def materialize(con: duckdb.DuckDBPyConnection) -> None:
    """Create every helper table on ``con`` (a fresh read-only connection)."""
    for table in HELPER_TABLES:
        try:
            con.execute(f"CREATE OR REPLACE TEMP TABLE {table.name} AS {table.sql}")
        except duckdb.Error:
            con.execute(f"CREATE OR REPLACE TEMP VIEW {table.name} AS {table.fallback or table.sql}")
