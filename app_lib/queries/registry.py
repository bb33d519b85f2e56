"""The 应报单位名单 (pipelines.registry) in the app: who must report in the current scope, the
报送率 against it, and the deadline view (who has not published by the legal deadline)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from app_lib.filters import CITY_LEVEL, Scope
from pipelines import registry as reg_mod
from pipelines.db import default_db_path
from pipelines.quality import deadline
from pipelines.query import Source
from pipelines.registry import Registry


def current(db_path: Path | None = None) -> Registry | None:
    """The registry of the database the app reads (None when there is no registry file)."""
    return reg_mod.load(db_path or default_db_path())


def in_scope(reg: Registry, scope: Scope) -> pd.DataFrame:
    """Registry rows of the scope's region, kinds and units (the registry's own kind)."""
    f = reg.frame
    keep = f["kind_key"].isin(scope.kinds)
    if scope.province:
        keep &= f["province"] == scope.province
    if scope.city:
        keep &= f["city"] == scope.city
    if scope.county == CITY_LEVEL:
        keep &= f["county"].isna()
    elif scope.county:
        keep &= f["county"] == scope.county
    if scope.units:
        keep &= f["unit_id"].isin(scope.units)
    return f[keep]


def region_text(province, city, county) -> str:
    """江苏省宿迁市沭阳县; a municipality once (北京市东城区, not 北京市北京市东城区)."""
    parts: list[str] = []
    for part in (province, city, county):
        if isinstance(part, str) and part and part not in parts:
            parts.append(part)
    return "".join(parts)


def reporting_count(db: Source, year: int, unit_ids: list[str]) -> int:
    """How many of ``unit_ids`` have a report of ``year``, counted in DuckDB: a national
    database has ~90,000 reporting units a year, which as a Python set cost up to a second on
    the first page after a server start (issue 14). The ids go in as one text, one per line:
    the app's result cache hashes a text at once, a list element by element (about a second
    for the 90,000 units of a national registry, on every page run)."""
    df = db.df(
        """SELECT count(DISTINCT unit_id) AS n FROM reports
           WHERE year = $year AND unit_id IN (SELECT unnest(string_split($unit_lines, chr(10))))""",
        {"year": int(year), "unit_lines": "\n".join(unit_ids)},
    )
    return int(df["n"].iloc[0])


def reporting(db: Source, scope: Scope, year: int, reg: Registry) -> dict:
    """expected / reporting (this and last year): the registry units of the scope due to
    report, and how many of them did."""
    out: dict = {}
    scoped = in_scope(reg, scope)
    for key, y in (("", year), ("_last", year - 1)):
        # in the registry's order (the same text, so the same cache key, on every run)
        due = list(dict.fromkeys(scoped[scoped.index.isin(reg.due(y).index)]["unit_id"].tolist()))
        out[f"expected{key}"] = len(due)
        out[f"reporting{key}"] = reporting_count(db, y, due) if due else 0
    return out


def deadline_status(db: Source, scope: Scope, year: int, reg: Registry, today: dt.date | None = None) -> pd.DataFrame:
    """One row per registry unit of the scope that must report ``year``: its report (if
    loaded), publication date, and status 按时公布 / 逾期公布 / 未公布（已逾期） / 未公布（未到期）
    / 已收录（无公布日期）. Sorted: the ones to chase first."""
    today = today or dt.date.today()
    due_date = deadline(year)
    rows = in_scope(reg, scope)
    rows = rows[rows.index.isin(reg.due(year).index)]
    reports = db.df(
        """SELECT r.unit_id, min(r.published_on) AS published_on, any_value(r.report_id) AS report_id,
                  any_value(r.source_path) AS source_path
           FROM reports r WHERE r.year = $year GROUP BY r.unit_id""",
        {"year": int(year)},
    )
    by_unit = reports.set_index("unit_id")
    out = []
    for rec in rows.to_dict("records"):
        uid = rec["unit_id"]
        published = None
        if uid in by_unit.index:
            value = by_unit.at[uid, "published_on"]
            published = None if pd.isna(value) else pd.Timestamp(value).date()
            if published is None:
                status = "已收录（无公布日期）"
            elif published <= due_date:
                status = "按时公布"
            else:
                status = "逾期公布"
        else:
            status = "未公布（已逾期）" if today > due_date else "未公布（未到期）"
        days_late = (
            (published - due_date).days
            if published and published > due_date
            else (today - due_date).days
            if status == "未公布（已逾期）"
            else None
        )
        out.append(
            {
                "unit_id": uid,
                "unit_name": rec["name"],
                "region": rec["region"]
                or "".join(p for p in (rec["province"], rec["city"], rec["county"]) if p),
                "county": rec["county"] or "（市本级）",
                "kind": reg_mod.KIND_ZH.get(rec["kind_key"], rec["kind_key"]),
                "status": status,
                "published_on": published,
                "days_late": days_late,
                "report_id": by_unit.at[uid, "report_id"] if uid in by_unit.index else None,
            }
        )
    df = pd.DataFrame(
        out,
        columns=[
            "unit_id",
            "unit_name",
            "region",
            "county",
            "kind",
            "status",
            "published_on",
            "days_late",
            "report_id",
        ],
    )
    order = {
        "未公布（已逾期）": 0,
        "逾期公布": 1,
        "未公布（未到期）": 2,
        "已收录（无公布日期）": 3,
        "按时公布": 4,
    }
    df = df.assign(_o=df["status"].map(order)).sort_values(["_o", "region", "unit_name"]).drop(columns="_o")
    return df.reset_index(drop=True)


def default_deadline_year(today: dt.date | None = None) -> int:
    """The statistics year whose deadline falls in the current calendar year (the 'current
    year' of the deadline view): 2025 during 2026."""
    today = today or dt.date.today()
    return today.year - 1


def current_or_error(db_path: Path | None = None) -> Registry | None | str:
    """The registry, None without a file, or the reason (Chinese) the file cannot be used."""
    try:
        return current(db_path)
    except (reg_mod.RegistryError, ValueError, OSError) as exc:
        return str(exc)


def draft_from_database(db: Source) -> pd.DataFrame:
    """A first registry from the units in the database: every unit from its first report."""
    df = db.df(
        """SELECT u.name, concat_ws('', u.province, CASE WHEN u.city <> u.province THEN u.city END, u.county)
                  AS region, u.kind, min(r.year) AS first_year
           FROM units u JOIN reports r USING (unit_id)
           GROUP BY ALL ORDER BY region, u.name"""
    )
    df["kind"] = df["kind"].map(lambda k: reg_mod.KIND_ZH.get(k, "其他"))
    df["last_year"] = None
    df["note"] = "按已有报告生成，请核对"
    return reg_mod.validate(df[reg_mod.COLUMNS])


def table_xlsx(table: pd.DataFrame, title: str) -> bytes:
    """A list to send (e.g. 催报名单) as a workbook with its title in the first row."""
    import io

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        table.to_excel(xl, index=False, sheet_name="名单", startrow=1)
        sheet = xl.sheets["名单"]
        sheet["A1"] = title
        for col, width in zip("ABCDEF", (30, 24, 8, 16, 12, 10), strict=False):
            sheet.column_dimensions[col].width = width
    return buf.getvalue()
