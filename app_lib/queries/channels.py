"""公开渠道: website, 政务微博, 政务微信 output over years, table figures and narrative
figures kept apart (a legacy table row vs a sentence in the report's prose)."""

from __future__ import annotations

import pandas as pd

from app_lib.filters import Scope
from app_lib.queries.common import SERIES_SCOPED_IN_SCOPE, scope_params, with_figures
from pipelines.query import Source

TABLE = "统计表"
NARRATIVE = "正文"
# metric key → (channel as the template names it, where the figure was read)
CHANNEL_KEYS: dict[str, tuple[str, str]] = {
    "channel.website": ("政府网站", TABLE),
    "channel.microblog": ("政务微博", TABLE),
    "channel.wechat": ("政务微信", TABLE),
    "narrative.website_posts": ("政府网站", NARRATIVE),
    "narrative.microblog_posts": ("政务微博", NARRATIVE),
    "narrative.wechat_posts": ("政务微信", NARRATIVE),
}


def channel_output(db: Source, scope: Scope) -> pd.DataFrame:
    """year, metric, channel, origin_label, value, n_units."""
    sql = with_figures(
        """SELECT year, metric, sum(value) AS value, sum(n_reports)::BIGINT AS n_units
           FROM scoped_figures
           WHERE list_contains($metrics::VARCHAR[], metric)
           GROUP BY ALL ORDER BY year"""
    )
    df = db.df(sql, scope_params(scope, metrics=list(CHANNEL_KEYS)))
    df["channel"] = df["metric"].map(lambda k: CHANNEL_KEYS[k][0])
    df["origin_label"] = df["metric"].map(lambda k: CHANNEL_KEYS[k][1])
    return df


def table_vs_narrative(db: Source, scope: Scope, limit: int = 500) -> pd.DataFrame:
    """Reports stating a channel figure both in the table and in the prose, side by side:
    disagreements first, at most ``limit`` rows; n_both / n_differ count all of them."""
    # Pairs come from the helper table channel_pairs (app_lib.helper_tables), computed once,
    # filtered by scope on its own columns (no join with the reports). The totals are one
    # aggregate joined to the top rows (a window count over every pair costs more than the
    # pairing itself).
    sql = (
        """WITH pairs AS (
            SELECT s.name AS unit, s.year, s.channel_key, s.table_value, s.narrative_value,
                   s.table_provenance, s.narrative_provenance
            FROM channel_pairs s
            WHERE"""
        + SERIES_SCOPED_IN_SCOPE
        + """),
        totals AS (
            SELECT count(*) AS n_both, count(*) FILTER (WHERE table_value <> narrative_value) AS n_differ
            FROM pairs),
        top AS (
            SELECT * FROM pairs
            ORDER BY (table_value <> narrative_value) DESC, year DESC, unit
            LIMIT $limit)
        SELECT top.*, totals.n_both, totals.n_differ FROM top CROSS JOIN totals
        ORDER BY (table_value <> narrative_value) DESC, year DESC, unit"""
    )
    df = db.df(sql, scope_params(scope, limit=limit))
    df["channel"] = df["channel_key"].map(lambda c: CHANNEL_KEYS[f"channel.{c}"][0])
    df["agrees"] = df["table_value"] == df["narrative_value"]
    return df.drop(columns=["channel_key"])
