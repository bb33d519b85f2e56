"""复议诉讼: outcomes over years (legacy and std keys joined), correction rate, top units.

Outcomes are read from the outcome keys only (never from totals), so a std lawsuit adds
未经复议直接起诉 and 复议后起诉, and a legacy 行政诉讼 row counts once.
"""

from __future__ import annotations

import pandas as pd

from app_lib.filters import Scope
from app_lib.queries.common import scope_params, with_figures, with_scope
from pipelines import catalog
from pipelines.query import Source

REVIEW = "行政复议"
SUIT = "行政诉讼"
# Outcome names as table 4 prints them (std column labels).
OUTCOMES = tuple(
    catalog.metrics()[f"review.{o}"].col_label for o in ("upheld", "corrected", "other", "pending")
)
UPHELD, CORRECTED, OTHER, PENDING = OUTCOMES

# metric key → (proceeding, outcome). Legacy 行政复议 rows share the std keys (docs/reports.md).
OUTCOME_KEYS: dict[str, tuple[str, str]] = {
    "review.upheld": (REVIEW, UPHELD),
    "review.corrected": (REVIEW, CORRECTED),
    "review.other": (REVIEW, OTHER),
    "review.pending": (REVIEW, PENDING),
    "suit.upheld": (SUIT, UPHELD),
    "suit.corrected": (SUIT, CORRECTED),
    "suit.other": (SUIT, OTHER),
    **{
        f"suit.{route}.{o}": (SUIT, name)
        for route in ("direct", "after_review")
        for o, name in zip(("upheld", "corrected", "other", "pending"), OUTCOMES, strict=True)
    },
}


def outcomes_over_years(db: Source, scope: Scope) -> pd.DataFrame:
    """year, proceeding, outcome, value, n_reports."""
    sql = with_figures(
        """SELECT year, metric, sum(value) AS value, sum(n_reports)::BIGINT AS n_reports
           FROM scoped_figures
           WHERE list_contains($metrics::VARCHAR[], metric)
           GROUP BY ALL"""
    )
    df = db.df(sql, scope_params(scope, metrics=list(OUTCOME_KEYS)))
    df["proceeding"] = df["metric"].map(lambda k: OUTCOME_KEYS[k][0])
    df["outcome"] = df["metric"].map(lambda k: OUTCOME_KEYS[k][1])
    return (
        df.groupby(["year", "proceeding", "outcome"], as_index=False)
        .agg(value=("value", "sum"), n_reports=("n_reports", "max"))
        .sort_values(["proceeding", "year"])
    )


def correction_rates(db: Source, scope: Scope) -> pd.DataFrame:
    """group (proceeding), year, corrected, n (decided = 维持 + 纠正 + 其他), rate (NULL if n = 0)."""
    df = outcomes_over_years(db, scope)
    if df.empty:
        return pd.DataFrame(columns=["group", "year", "corrected", "n", "rate"])
    decided = df[df["outcome"] != PENDING]
    out = decided.groupby(["proceeding", "year"], as_index=False).agg(n=("value", "sum"))
    corrected = decided[decided["outcome"] == CORRECTED].groupby(["proceeding", "year"], as_index=False)
    out = out.merge(corrected.agg(corrected=("value", "sum")), how="left", on=["proceeding", "year"])
    out["corrected"] = out["corrected"].fillna(0)
    out["rate"] = out["corrected"].where(out["n"] > 0) / out["n"].where(out["n"] > 0)
    return out.rename(columns={"proceeding": "group"})


def most_corrected_units(db: Source, scope: Scope, limit: int = 15) -> pd.DataFrame:
    """Units with the most corrected reviews + lawsuits over the scope's years."""
    sql = with_scope(
        """SELECT r.unit_id, r.name, r.kind,
                  sum(s.value) FILTER (WHERE s.series = 'reviews_corrected') AS reviews_corrected,
                  sum(s.value) FILTER (WHERE s.series = 'lawsuits_corrected') AS lawsuits_corrected,
                  sum(s.value) AS corrected,
                  string_agg(DISTINCT r.year::VARCHAR, '、' ORDER BY r.year::VARCHAR) AS years
           FROM series_cached s JOIN scoped_reports r USING (report_id)
           WHERE s.series IN ('reviews_corrected', 'lawsuits_corrected') AND s.value > 0
           GROUP BY ALL
           ORDER BY corrected DESC, r.name
           LIMIT $limit"""
    )
    return db.df(sql, scope_params(scope, limit=limit))
