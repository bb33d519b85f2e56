"""Who reported which year, who is missing (against the 应报单位名单 when there is one),
and the units × years coverage grid of the 数据质量 page."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from pipelines import registry as registry_mod
from pipelines.quality.rejected import rejected_findings
from pipelines.quality.vocabulary import _isna
from pipelines.query import as_source
from pipelines.registry import Registry


def unit_years(source: Any) -> pd.DataFrame:
    """One row per loaded report: unit_id, unit name, year, report_id, published_on."""
    return as_source(source).df(
        """
        SELECT r.unit_id, coalesce(u.name, r.unit_name) AS unit_name, r.year, r.report_id,
               r.published_on, r.source_path, r.unit_name AS printed_name
        FROM reports r LEFT JOIN units u USING (unit_id)
        ORDER BY r.unit_id, r.year
        """
    )


AUTO = "auto"  # registry argument: the 应报单位名单 next to the database the source reads
MISSING_COLUMNS = ["unit_id", "unit_name", "year", "first_year", "last_year", "basis", "due_from"]


def _registry(source: Any, registry: Any) -> Registry | None:
    return registry_mod.for_source(source) if isinstance(registry, str) and registry == AUTO else registry


# Per unit: its name (as on its latest report), the years it reported, first and last.
_SPANS_SQL = """
SELECT r.unit_id, arg_max_null(coalesce(u.name, r.unit_name), r.year) AS unit_name,
       list(DISTINCT r.year ORDER BY r.year) AS years, min(r.year) AS first_year, max(r.year) AS last_year
FROM reports r LEFT JOIN units u USING (unit_id)
GROUP BY r.unit_id ORDER BY r.unit_id
"""

# Without a registry: every year from a unit's first report to its last (or to the latest
# year in the database) that has no report — computed in SQL, one row per missing year.
_GUESS_MISSING_SQL = f"""
WITH spans AS ({_SPANS_SQL}),
latest AS (SELECT max(year) AS latest FROM reports)
SELECT s.unit_id, s.unit_name, y.year, s.first_year, s.last_year, 'guess' AS basis, s.first_year AS due_from
FROM spans s, latest,
     LATERAL (SELECT unnest(range(s.first_year,
                                  (CASE WHEN $through_latest THEN latest.latest ELSE s.last_year END) + 1)) AS year) y
WHERE NOT list_contains(s.years, y.year)
ORDER BY s.unit_id, y.year
"""


def missing_years(source: Any, *, through_latest: bool = True, registry: Any = AUTO) -> pd.DataFrame:
    """Unit-years without a report.

    With a registry (应报单位名单): every year the registry says a listed unit must report, up
    to the latest statistics year in the database, that has no report (``basis`` registry);
    units outside the registry are never missing. Without one, the guess: gaps inside a
    unit's span of reports and — when ``through_latest`` — the years after its last report up
    to the latest year in the DB (``basis`` guess). ``first_year``/``last_year``: the unit's
    first and last loaded report (None when it has none); ``due_from``: the registry's first year."""
    db = as_source(source)
    reg = _registry(source, registry)
    if reg is not None:
        return _registry_missing(db.df(_SPANS_SQL), reg)
    df = db.df(_GUESS_MISSING_SQL, {"through_latest": bool(through_latest)})
    if df.empty:
        return pd.DataFrame(columns=MISSING_COLUMNS)
    for col in ("year", "first_year", "last_year", "due_from"):
        df[col] = df[col].astype("int64")
    return df[MISSING_COLUMNS].reset_index(drop=True)


def _registry_missing(spans: pd.DataFrame, reg: Registry) -> pd.DataFrame:
    if spans.empty:
        return pd.DataFrame(columns=MISSING_COLUMNS)
    latest = int(spans["last_year"].max())
    years_of = {u: set(int(y) for y in ys) for u, ys in zip(spans["unit_id"], spans["years"], strict=True)}
    names = dict(zip(spans["unit_id"], spans["unit_name"], strict=True))
    rows = []
    for rec in reg.frame.drop_duplicates("unit_id").to_dict("records"):
        have = years_of.get(rec["unit_id"], set())
        for year in reg.years_due(rec["unit_id"], latest):
            if year in have:
                continue
            rows.append(
                {
                    "unit_id": rec["unit_id"],
                    "unit_name": names.get(rec["unit_id"]) or rec["name"],
                    "year": year,
                    "first_year": min(have) if have else None,
                    "last_year": max(have) if have else None,
                    "basis": "registry",
                    "due_from": int(rec["first_year"]),
                }
            )
    return pd.DataFrame(rows, columns=MISSING_COLUMNS)


def outside_registry(source: Any, registry: Any = AUTO) -> pd.DataFrame:
    """Units with reports in the database that the registry does not list (名单外单位):
    listed apart, never counted as missing. Empty without a registry."""
    cols = ["unit_id", "unit_name", "province", "city", "county", "n_reports", "first_year", "last_year"]
    reg = _registry(source, registry)
    if reg is None:
        return pd.DataFrame(columns=cols)
    df = as_source(source).df(
        """
        SELECT r.unit_id, any_value(coalesce(u.name, r.unit_name)) AS unit_name,
               any_value(u.province) AS province, any_value(u.city) AS city, any_value(u.county) AS county,
               count(*) AS n_reports, min(r.year) AS first_year, max(r.year) AS last_year
        FROM reports r LEFT JOIN units u USING (unit_id)
        GROUP BY r.unit_id ORDER BY unit_name
        """
    )
    return df[~df["unit_id"].isin(reg.unit_ids)].reset_index(drop=True)[cols]


# ---------------------------------------------------------------------------
# Coverage: units × years


COVERAGE_LABELS = {
    "loaded": "已收录",
    "failed": "勾稽不符",
    "missing": "缺失",
    "rejected": "未能导入",
}


# One row per loaded unit × year: the error-level failed checks of its reports, its first report.
_LOADED_CELLS_SQL = """
WITH failed AS (
    SELECT report_id, count(*) AS n_failed FROM check_results WHERE severity = 'error' GROUP BY report_id
)
SELECT r.unit_id, arg_min_null(coalesce(u.name, r.unit_name), r.report_id) AS unit_name, r.year,
       coalesce(sum(f.n_failed), 0) AS failed_checks, min(r.report_id) AS report_id, count(*) AS n_reports
FROM reports r LEFT JOIN units u USING (unit_id) LEFT JOIN failed f USING (report_id)
GROUP BY r.unit_id, r.year
ORDER BY r.unit_id, r.year
"""


def coverage(source: Any, *, missing_through_latest: bool = True, registry: Any = AUTO) -> pd.DataFrame:
    """One row per unit × year that has something to say: status loaded / failed (a loaded
    report with an error-level failed check) / missing / rejected (a file named after the
    unit and year could not be ingested), with counts."""
    db = as_source(source)
    cols = ["unit_id", "unit_name", "year", "status", "failed_checks", "report_id", "n_reports"]
    # the loaded unit-years, grouped in SQL (two files placed on one unit-year count twice)
    loaded = db.df(_LOADED_CELLS_SQL)
    loaded["year"] = loaded["year"].astype("int64")
    loaded["failed_checks"] = loaded["failed_checks"].astype("int64")
    loaded["n_reports"] = loaded["n_reports"].astype("int64")
    loaded["status"] = np.where(loaded["failed_checks"] > 0, "failed", "loaded")
    reg = _registry(source, registry)
    missing = missing_years(db, through_latest=missing_through_latest, registry=reg)
    missing = pd.DataFrame(
        {
            "unit_id": missing["unit_id"],
            "unit_name": missing["unit_name"],
            "year": missing["year"].astype("int64"),
            "status": "missing",
            "failed_checks": 0,
            "report_id": None,
            "n_reports": 0,
        },
        columns=cols,
    )
    # a missing unit-year is never a loaded one: the two add up
    frames = [f for f in (loaded[cols], missing) if not f.empty]
    df = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    rejected = rejected_findings(db)
    # positions of the unit-years a rejected file names (few): a lookup over those units only
    near = df[df["unit_id"].isin(set(rejected["unit_id"].dropna()))] if not rejected.empty else df.iloc[:0]
    rows: dict[tuple[Any, Any], int] = {
        (u, int(y)): int(i) for i, u, y in zip(near.index, near["unit_id"], near["year"], strict=True)
    }
    extra: list[dict[str, Any]] = []
    for rec in rejected.to_dict("records"):
        key = (rec["unit_id"], None if _isna(rec["year"]) else int(rec["year"]))
        if not (key[0] and key[1]):
            continue
        cell = {
            "unit_id": key[0],
            "unit_name": rec["unit_name"],
            "year": key[1],
            "status": "rejected",
            "failed_checks": 0,
            "report_id": None,
            "n_reports": 0,
        }
        at = rows.get(key)
        if at is None:
            rows[key] = -1 - len(extra)
            extra.append(cell)
        elif at >= 0 and df.at[at, "status"] == "missing":
            for col, value in cell.items():
                df.at[at, col] = value
    if extra:
        df = pd.concat([df, pd.DataFrame(extra, columns=cols)], ignore_index=True)
    df = df[cols]
    df["status_label"] = df["status"].map(COVERAGE_LABELS)
    # units the registry does not list: shown apart (名单外), never as missing
    df["in_registry"] = True if reg is None else df["unit_id"].isin(reg.unit_ids)
    return df.sort_values(["unit_name", "year"]).reset_index(drop=True)


def coverage_grid(cov: pd.DataFrame) -> pd.DataFrame:
    """units (rows) × years (columns) of status labels, for a table."""
    if cov.empty:
        return pd.DataFrame()
    grid = cov.pivot_table(index="unit_name", columns="year", values="status_label", aggfunc="first")
    grid.columns = [str(c) for c in grid.columns]
    return grid.fillna("")
