"""Snapshot packs for officers who assemble their own reports:

    govreports export [--db FILE] [--unit NAME | --region NAME] [--years 2015-2024] --out DIR

writes PNG + SVG of every standard chart for the scope, and an index.html showing them.
The charts are the dashboard's own (same queries, same builders, same stamp).
"""

from __future__ import annotations

import datetime as dt
import html
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go

from app_lib import charts, snapshot
from app_lib.filters import Scope
from app_lib.queries import applications, channels, common, litigation, trends
from app_lib.queries.measures import measure
from app_lib.source import connect
from pipelines.errors import GovReportsError
from pipelines.query import Source


class ExportError(GovReportsError):
    """The pack cannot be made (unknown unit or region, empty scope, missing database)."""


@dataclass(frozen=True)
class PackChart:
    name: str  # file stem
    title: str
    build: Callable[[Source, Scope, list[int]], tuple[go.Figure, pd.DataFrame] | None]


def _trend(series_key: str, by: str = "total"):
    def build(db: Source, scope: Scope, years: list[int]):
        m = measure(f"series:{series_key}")
        if m is None:
            raise ExportError(f"unknown series {series_key!r} in the snapshot pack")
        df = trends.trend(db, scope, m, by, "sum")
        if df.empty:
            return None
        return charts.trend_lines(df, years=years, y_title=f"{m.label}（{m.unit}）"), df

    return build


def _applicants(db: Source, scope: Scope, years: list[int]):
    df = applications.applicant_mix(db, scope)
    return (
        None
        if df.empty
        else (
            charts.stacked_bars(
                df, x="year", y="value", color="applicant", years=years, order=applications.applicant_order()
            ),
            df,
        )
    )


def _reasons(db: Source, scope: Scope, years: list[int]):
    df = applications.reasons_over_years(db, scope)
    if df.empty:
        return None
    return charts.stacked_bars(
        df,
        x="year",
        y="value",
        color="reason",
        years=years,
        order=applications.reason_order(),
        palette=charts.WIDE_PALETTE,
    ), df


def _outcomes(proceeding: str):
    def build(db: Source, scope: Scope, years: list[int]):
        df = litigation.outcomes_over_years(db, scope)
        df = df[df["proceeding"] == proceeding]
        if df.empty:
            return None
        return charts.stacked_bars(
            df, x="year", y="value", color="outcome", years=years, order=list(litigation.OUTCOMES)
        ), df

    return build


def _rates(db: Source, scope: Scope, years: list[int]):
    df = litigation.correction_rates(db, scope)
    return None if df.empty else (charts.rate_lines(df, years=years), df)


def _channels(db: Source, scope: Scope, years: list[int]):
    df = channels.channel_output(db, scope)
    return None if df.empty else (charts.channel_lines(df, years=years), df)


PACK = (
    PackChart("01_applications", "收到政府信息公开申请数", _trend("applications_received")),
    PackChart("02_applicants", "本年新收申请 按申请人类型", _applicants),
    PackChart("03_reasons", "不予公开与无法提供的理由", _reasons),
    PackChart("04_reviews", "行政复议结果", _outcomes(litigation.REVIEW)),
    PackChart("05_lawsuits", "行政诉讼结果", _outcomes(litigation.SUIT)),
    PackChart("06_correction_rate", "被纠错率", _rates),
    PackChart("07_channels", "各渠道发布信息数", _channels),
    PackChart("08_proactive", "主动公开政府信息数", _trend("proactive_total")),
)


_REGION_LOOKUPS = (
    ("province", "SELECT province, city, county FROM units WHERE province = $region LIMIT 1"),
    ("city", "SELECT province, city, county FROM units WHERE city = $region LIMIT 1"),
    ("county", "SELECT province, city, county FROM units WHERE county = $region LIMIT 1"),
)


def resolve_scope(db: Source, unit: str | None, region: str | None, years: tuple[int, int] | None) -> Scope:
    """A Scope for a unit (name, former name or id) or a region (province, city or county name)."""
    if unit and region:
        raise ExportError("请只指定 --unit 或 --region 之一")
    all_kinds = "all"
    if unit:
        found = db.df(
            """SELECT DISTINCT u.unit_id FROM units u LEFT JOIN unit_names n USING (unit_id)
               WHERE u.unit_id = $unit OR u.name = $unit OR n.name = $unit""",
            {"unit": unit},
        )
        if found.empty:
            raise ExportError(f"数据库中没有单位“{unit}”")
        return Scope(kind_scope=all_kinds, units=tuple(found["unit_id"]), years=years)
    if region:
        for column, sql in _REGION_LOOKUPS:
            hit = db.df(sql, {"region": region})
            if not hit.empty:
                row = hit.iloc[0]
                return Scope(
                    province=row["province"],
                    city=row["city"] if column in ("city", "county") else None,
                    county=row["county"] if column == "county" else None,
                    kind_scope="gov",
                    years=years,
                )
        raise ExportError(f"数据库中没有地区“{region}”")
    return Scope(kind_scope="gov", years=years)


def export_pack(
    db_path: str | Path,
    out_dir: str | Path,
    unit: str | None = None,
    region: str | None = None,
    years: tuple[int, int] | None = None,
) -> list[Path]:
    """Write PNG + SVG per chart and an index.html for the scope; returns the written files.

    Scope: one unit (all its figures), or a region (its governments, so a region's sum does
    not count a government's departments twice), or the whole database (governments).
    """
    db_path = Path(db_path)
    if not db_path.exists():
        raise ExportError(f"数据库文件不存在：{db_path}")
    out = Path(out_dir)
    created = _first_missing(out)  # the folder this call creates, removed again if it fails
    written: list[Path] = []
    try:
        _write_pack(db_path, out, unit, region, years, written)
    except BaseException:
        # A failed export leaves nothing behind: not the files it wrote, not the folder it made.
        for path in written:
            path.unlink(missing_ok=True)
        if created is not None:
            shutil.rmtree(created, ignore_errors=True)
        raise
    return written


def _first_missing(path: Path) -> Path | None:
    """The outermost folder of ``path`` that does not exist yet (None: it exists)."""
    path = path.absolute()
    if path.exists():
        return None
    while not path.parent.exists():
        path = path.parent
    return path


def _write_pack(db_path: Path, out: Path, unit, region, years, written: list[Path]) -> None:
    db = connect(db_path)
    try:
        _write_charts(db, out, unit, region, years, written)
    finally:
        db.con.close()


def _write_charts(db: Source, out: Path, unit, region, years, written: list[Path]) -> None:
    scope = resolve_scope(db, unit, region, years)
    summary = common.scope_summary(db, scope)
    if summary.empty:
        raise ExportError("所选范围内没有已导入的年度报告")
    lo, hi = scope.years or (summary.year_min, summary.year_max)
    if lo is None or hi is None:  # a scope with reports has a year range
        raise ExportError("所选范围内没有已导入的年度报告")
    year_list = list(range(lo, hi + 1))
    scope_text = scope.describe(common.names_of(db, scope.units))
    out.mkdir(parents=True, exist_ok=True)
    entries = []
    for chart in PACK:
        built = chart.build(db, scope, year_list)
        if built is None:
            continue
        fig, _data = built
        meta = snapshot.make_meta(
            title=chart.title, scope=scope_text, n_reports=summary.n_reports, is_demo=summary.is_demo
        )
        stamped = snapshot.stamp(fig, meta)
        for fmt in ("png", "svg"):
            path = out / f"{chart.name}.{fmt}"
            image = snapshot.render_image(stamped, fmt)
            written.append(path)
            path.write_bytes(image)
        entries.append((chart, meta))
    index = out / "index.html"
    written.append(index)
    index.write_text(_index_html(scope_text, summary, entries), encoding="utf-8")


def _index_html(scope_text: str, summary: common.ScopeSummary, entries) -> str:
    demo = (
        '<p class="demo">示例数据：本图集含演示语料合成的报告，不代表任何机关的真实数字。</p>'
        if summary.is_demo
        else ""
    )
    items = "\n".join(
        f'<figure><img src="{c.name}.png" alt="{html.escape(c.title)}"><figcaption>{html.escape(c.title)} · '
        f'<a href="{c.name}.svg">SVG</a> · <a href="{c.name}.png">PNG</a></figcaption></figure>'
        for c, _ in entries
    )
    source = snapshot.SOURCE_TEMPLATE.format(n=summary.n_reports)
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>图集 · {html.escape(scope_text)}</title>
<style>
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2em auto; max-width: 1100px; color: #1d2433; }}
figure {{ margin: 0 0 2.5em; }} img {{ width: 100%; border: 1px solid #ddd; }}
figcaption {{ color: #555; margin-top: .4em; }} .demo {{ color: #b42318; font-weight: bold; }}
</style></head><body>
<h1>政府信息公开工作年度报告 图集</h1>
<p>范围：{html.escape(scope_text)}<br>{html.escape(source)} · 生成日期：{dt.date.today().isoformat()}</p>
{demo}
{items}
</body></html>
"""
