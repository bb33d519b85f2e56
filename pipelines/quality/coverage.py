"""Who reported which year, who is missing (against the 应报单位名单 when there is one),
and the units × years coverage grid of the 数据质量 page."""

from __future__ import annotations

from typing import Any

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


def missing_years(source: Any, *, through_latest: bool = True, registry: Any = AUTO) -> pd.DataFrame:
    """Unit-years without a report.

    With a registry (应报单位名单): every year the registry says a listed unit must report, up
    to the latest statistics year in the database, that has no report (``basis`` registry);
    units outside the registry are never missing. Without one, the guess: gaps inside a
    unit's span of reports and — when ``through_latest`` — the years after its last report up
    to the latest year in the DB (``basis`` guess). ``first_year``/``last_year``: the unit's
    first and last loaded report (None when it has none); ``due_from``: the registry's first year."""
    loaded = unit_years(source)
    reg = _registry(source, registry)
    if reg is not None:
        return _registry_missing(loaded, reg)
    if loaded.empty:
        return pd.DataFrame(columns=MISSING_COLUMNS)
    latest = int(loaded["year"].max())
    rows = []
    for unit_id, grp in loaded.groupby("unit_id", sort=True):
        years = set(int(y) for y in grp["year"])
        first, last = min(years), max(years)
        end = latest if through_latest else last
        name = grp.sort_values("year")["unit_name"].iloc[-1]
        for year in range(first, end + 1):
            if year not in years:
                rows.append(
                    {
                        "unit_id": unit_id,
                        "unit_name": name,
                        "year": year,
                        "first_year": first,
                        "last_year": last,
                        "basis": "guess",
                        "due_from": first,
                    }
                )
    return pd.DataFrame(rows, columns=MISSING_COLUMNS)


def _registry_missing(loaded: pd.DataFrame, reg: Registry) -> pd.DataFrame:
    if loaded.empty:
        return pd.DataFrame(columns=MISSING_COLUMNS)
    latest = int(loaded["year"].max())
    years_of = {u: set(int(y) for y in g["year"]) for u, g in loaded.groupby("unit_id")}
    names = dict(zip(loaded["unit_id"], loaded["unit_name"], strict=False))
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


def coverage(source: Any, *, missing_through_latest: bool = True, registry: Any = AUTO) -> pd.DataFrame:
    """One row per unit × year that has something to say: status loaded / failed (a loaded
    report with an error-level failed check) / missing / rejected (a file named after the
    unit and year could not be ingested), with counts."""
    db = as_source(source)
    loaded = unit_years(db)
    errors = db.df(
        "SELECT report_id, count(*) AS n_failed FROM check_results WHERE severity = 'error' GROUP BY report_id"
    )
    failed = dict(zip(errors["report_id"], errors["n_failed"], strict=False))
    rows: dict[tuple, dict] = {}
    for rec in loaded.to_dict("records"):
        n = int(failed.get(rec["report_id"], 0))
        key: tuple[Any, int | None] = (rec["unit_id"], int(rec["year"]))
        cell = rows.setdefault(
            key,
            {
                "unit_id": rec["unit_id"],
                "unit_name": rec["unit_name"],
                "year": int(rec["year"]),
                "status": "loaded",
                "failed_checks": 0,
                "report_id": rec["report_id"],
                "n_reports": 0,
            },
        )
        # two files placed on one unit-year (e.g. a page that is not the report itself)
        cell["n_reports"] += 1
        cell["failed_checks"] += n
        if n:
            cell["status"] = "failed"
    reg = _registry(source, registry)
    for rec in missing_years(db, through_latest=missing_through_latest, registry=reg).to_dict("records"):
        rows[(rec["unit_id"], int(rec["year"]))] = {
            "unit_id": rec["unit_id"],
            "unit_name": rec["unit_name"],
            "year": int(rec["year"]),
            "status": "missing",
            "failed_checks": 0,
            "report_id": None,
            "n_reports": 0,
        }
    for rec in rejected_findings(db).to_dict("records"):
        key = (rec["unit_id"], None if _isna(rec["year"]) else int(rec["year"]))
        if key[0] and key[1] and rows.get(key, {}).get("status") in (None, "missing"):
            rows[key] = {
                "unit_id": key[0],
                "unit_name": rec["unit_name"],
                "year": key[1],
                "status": "rejected",
                "failed_checks": 0,
                "report_id": None,
                "n_reports": 0,
            }
    df = pd.DataFrame(
        list(rows.values()),
        columns=["unit_id", "unit_name", "year", "status", "failed_checks", "report_id", "n_reports"],
    )
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
