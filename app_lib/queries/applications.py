"""依申请公开: received → outcomes, applicant mix, denial / 无法提供 reasons, backlog.

Outcome groups are the template's own rows (三、本年度办理结果 （一）…（六）), named from
pipelines.catalog labels. Legacy reports (≤ 2018) have other rows; they are shown with their
own labels, never mapped silently onto the std rows.
"""

from __future__ import annotations

import pandas as pd

from app_lib.filters import Scope
from app_lib.queries.common import scope_params, with_figures
from pipelines import catalog
from pipelines.query import Source

# Std table 3 result groups in template order: key segment → the key whose label names it.
STD_GROUPS = (
    ("granted", "apply.granted.total"),
    ("partial", "apply.partial.total"),
    ("denied", "apply.denied.state_secret.total"),
    ("unable", "apply.unable.not_held.total"),
    ("unprocessed", "apply.unprocessed.petition.total"),
    ("other", "apply.other.total"),
)
# Legacy answers (（三）申请答复数 1.–8.), in table order.
LEGACY_OUTCOMES = (
    "requests.already_public",
    "requests.granted",
    "requests.partial",
    "requests.denied",
    "requests.not_this_agency",
    "requests.not_exist",
    "requests.amend",
    "requests.other_route",
)
APPLICANT_KEYS = tuple(f"apply.new.{col}" for col, _ in catalog.APPLICANT_COLUMNS if col != "total")


def group_label(segment: str) -> str:
    """'予以公开', '不予公开', … from the catalog label of the group's first row."""
    key = dict(STD_GROUPS)[segment]
    return catalog.label(key).split("·")[0].split("：")[0]


def column_label(key: str) -> str:
    """Applicant column of a table-3 key: '自然人', '商业企业', …"""
    return catalog.label(key).split("·")[-1]


def reason_label(key: str) -> str:
    """'不予公开：属于国家秘密' — the catalog label without the column part."""
    return catalog.label(key).split("·")[0]


def std_outcomes(db: Source, scope: Scope, year: int) -> pd.DataFrame:
    """Std reports of the year: total per result group (segment, value, n_reports).

    The per-report groups are the helper table's 'apply_group.<segment>' keys (see
    app_lib.helper_tables.page_figures_sql: （六）其他处理 counted once whether stated as one row
    or as sub-rows).
    """
    sql = with_figures(
        """SELECT split_part(metric, '.', 2) AS segment, sum(value) AS value,
                  sum(n_reports)::BIGINT AS n_reports
           FROM scoped_figures
           WHERE year = $year AND template IN ('std2019', 'std2021') AND metric LIKE 'apply_group.%'
           GROUP BY ALL"""
    )
    return db.df(sql, scope_params(scope, year=year))


def legacy_outcomes(db: Source, scope: Scope, year: int) -> pd.DataFrame:
    """Legacy reports of the year: received and each answer row (metric, value, n_reports)."""
    sql = with_figures(
        """SELECT metric, sum(value) AS value, sum(n_reports)::BIGINT AS n_reports
           FROM scoped_figures
           WHERE year = $year AND template = 'legacy' AND list_contains($metrics::VARCHAR[], metric)
           GROUP BY metric"""
    )
    return db.df(sql, scope_params(scope, year=year, metrics=["requests.received", *LEGACY_OUTCOMES]))


def outcome_flows(db: Source, scope: Scope, year: int, *, with_keys: bool = False) -> pd.DataFrame:
    """Sankey links (source, target, value) for the year: received → handled → result groups.

    Uses the std table where the year's reports have one, and the legacy rows otherwise (both
    when a year mixes them, e.g. a late legacy report). ``with_keys``: a ``key`` column too,
    the figure each link adds up (an 'apply_group.*' group or a legacy metric key, as
    :func:`app_lib.queries.drill.units_behind` lists them with ``source='figures'``).
    """
    rows: list[tuple[str, str, float, str]] = []
    std = std_outcomes(db, scope, year)
    if not std.empty:
        val = dict(zip(std["segment"], std["value"], strict=True))
        new_label = catalog.label("apply.new.total").split("·")[0]
        carried_label = catalog.label("apply.carried_in.total").split("·")[0]
        handled = "本年度办理"
        rows.append((new_label, handled, val.get("new", 0), "apply_group.new"))
        rows.append((carried_label, handled, val.get("carried_in", 0), "apply_group.carried_in"))
        for segment, _ in STD_GROUPS:
            rows.append((handled, group_label(segment), val.get(segment, 0), f"apply_group.{segment}"))
        rows.append(
            (
                handled,
                catalog.label("apply.carried_out.total").split("·")[0],
                val.get("carried_out", 0),
                "apply_group.carried_out",
            )
        )
    legacy = legacy_outcomes(db, scope, year)
    if not legacy.empty:
        val = dict(zip(legacy["metric"], legacy["value"], strict=True))
        source = catalog.label("requests.received") + "（旧版）"
        for key in LEGACY_OUTCOMES:
            rows.append((source, catalog.label(key), val.get(key, 0), key))
    df = pd.DataFrame(rows, columns=["source", "target", "value", "key"])
    df["value"] = pd.to_numeric(df["value"], errors="coerce").fillna(0)
    return df if with_keys else df.drop(columns="key")


FLOW_ARROW = " → "


def flow_marks(flows: pd.DataFrame) -> pd.DataFrame:
    """The marks of the Sankey an officer can ask about (label, kind 'link' / 'node', value,
    keys): each drawn flow ('新收申请 → 本年度办理') and each node, with the figure keys whose
    units add up to it. A node stands for the side of it the chart draws (the larger of what
    flows in and what flows out, as :func:`app_lib.charts.sankey` sizes it)."""
    drawn = flows[flows["value"] > 0]
    rows = [
        {
            "label": f"{r.source}{FLOW_ARROW}{r.target}",
            "kind": "link",
            "value": float(r.value),
            "keys": [r.key],
        }
        for r in drawn.itertuples()
    ]
    for node in dict.fromkeys([*drawn["source"], *drawn["target"]]):
        into, out = drawn[drawn["target"] == node], drawn[drawn["source"] == node]
        side = into if into["value"].sum() >= out["value"].sum() else out
        rows.append(
            {
                "label": node,
                "kind": "node",
                "value": float(side["value"].sum()),
                "keys": sorted(set(side["key"])),
            }
        )
    return pd.DataFrame(rows, columns=["label", "kind", "value", "keys"])


def outcome_mix(db: Source, scope: Scope, year: int) -> pd.DataFrame:
    """Result groups of the year with their totals (label, value, template) for a bar/donut."""
    flows = outcome_flows(db, scope, year)
    std_targets = {group_label(s) for s, _ in STD_GROUPS}
    mix = flows[flows["target"].isin(std_targets) | flows["source"].str.endswith("（旧版）")]
    return mix.rename(columns={"target": "label"})[["label", "value"]]


def _by_year(db: Source, scope: Scope, keys: list[str]) -> pd.DataFrame:
    sql = with_figures(
        """SELECT year, metric, sum(value) AS value, sum(n_reports)::BIGINT AS n_reports
           FROM scoped_figures
           WHERE list_contains($metrics::VARCHAR[], metric)
           GROUP BY ALL ORDER BY year, metric"""
    )
    return db.df(sql, scope_params(scope, metrics=keys))


def applicant_mix(db: Source, scope: Scope) -> pd.DataFrame:
    """year, applicant (column label), value: 本年新收 by applicant type (std years only)."""
    df = _by_year(db, scope, list(APPLICANT_KEYS))
    df["applicant"] = df["metric"].map(column_label)
    return df


def applicant_order() -> list[str]:
    return [column_label(k) for k in APPLICANT_KEYS]


def reasons_over_years(db: Source, scope: Scope) -> pd.DataFrame:
    """year, reason label, value, group (不予公开 / 无法提供 / legacy 不同意公开): every
    denial and 无法提供 reason row (std totals) and the legacy denial sub-rows."""
    std_keys = [
        k
        for k in catalog.metrics()
        if k.startswith(("apply.denied.", "apply.unable.")) and k.endswith(".total")
    ]
    legacy_keys = [k for k in catalog.metrics() if k.startswith("requests.denied.")]
    df = _by_year(db, scope, std_keys + legacy_keys)
    df["reason"] = [
        reason_label(m) if m.startswith("apply.") else catalog.label(m) + "（旧版）" for m in df["metric"]
    ]
    df["group"] = [
        "不予公开"
        if m.startswith("apply.denied")
        else "无法提供"
        if m.startswith("apply.unable")
        else "旧版：不同意公开"
        for m in df["metric"]
    ]
    return df


def reason_order() -> list[str]:
    keys = [
        k
        for k in catalog.metrics()
        if k.startswith(("apply.denied.", "apply.unable.")) and k.endswith(".total")
    ]
    legacy = [catalog.label(k) + "（旧版）" for k in catalog.metrics() if k.startswith("requests.denied.")]
    return [reason_label(k) for k in keys] + legacy


def backlog(db: Source, scope: Scope) -> pd.DataFrame:
    """year, which (上年结转 / 结转下年度继续办理), value, n_reports."""
    keys = ["apply.carried_in.total", "apply.carried_out.total"]
    df = _by_year(db, scope, keys)
    df["which"] = df["metric"].map(lambda k: catalog.label(k).split("·")[0])
    return df
