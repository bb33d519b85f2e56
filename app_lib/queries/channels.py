"""公开渠道: website, 政务微博, 政务微信 output over years, table figures and narrative
figures kept apart (a legacy table row vs a sentence in the report's prose)."""

from __future__ import annotations

import pandas as pd

from app_lib.db import run_query
from app_lib.filters import Scope
from app_lib.queries.common import scoped_params, with_scope

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


def channel_output(scope: Scope) -> pd.DataFrame:
    """year, metric, channel, origin_label, value, n_units."""
    sql = with_scope(
        """SELECT r.year, v.metric, sum(v.value) AS value, count(*) AS n_units
           FROM report_values v JOIN scoped_reports r USING (report_id)
           WHERE list_contains(?::VARCHAR[], v.metric)
           GROUP BY ALL ORDER BY r.year"""
    )
    df = run_query(sql, scoped_params(scope, list(CHANNEL_KEYS)))
    df["channel"] = df["metric"].map(lambda k: CHANNEL_KEYS[k][0])
    df["origin_label"] = df["metric"].map(lambda k: CHANNEL_KEYS[k][1])
    return df


def table_vs_narrative(scope: Scope) -> pd.DataFrame:
    """Reports stating a channel figure both in the table and in the prose, side by side."""
    sql = with_scope(
        """SELECT r.name AS unit, r.year,
                  split_part(t.metric, '.', 2) AS channel_key,
                  t.value AS table_value, n.value AS narrative_value,
                  t.provenance AS table_provenance, n.provenance AS narrative_provenance
           FROM report_values t
           JOIN report_values n ON n.report_id = t.report_id
                AND n.metric = 'narrative.' || split_part(t.metric, '.', 2) || '_posts'
           JOIN scoped_reports r ON r.report_id = t.report_id
           WHERE t.metric IN ('channel.website', 'channel.microblog', 'channel.wechat')
           ORDER BY (t.value <> n.value) DESC, r.year DESC, unit"""
    )
    df = run_query(sql, scoped_params(scope))
    df["channel"] = df["channel_key"].map(lambda c: CHANNEL_KEYS[f"channel.{c}"][0])
    df["agrees"] = df["table_value"] == df["narrative_value"]
    return df.drop(columns=["channel_key"])
