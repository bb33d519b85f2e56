"""Table shaping for display (pivot, YoY, two-year comparison). Pure pandas, no Streamlit."""

from __future__ import annotations

import numpy as np
import pandas as pd


def years_side_by_side(
    values: pd.DataFrame, *, label_col: str = "label", key_col: str = "metric"
) -> pd.DataFrame:
    """Rows = measures (in first-seen order), columns = years, cells = values."""
    if values.empty:
        return pd.DataFrame()
    data = values.copy()
    data["row"] = data[label_col].fillna(data[key_col])
    order = list(dict.fromkeys(data["row"]))
    # A key may appear twice in a year (table and prose): the table figure wins.
    data = data.sort_values("origin", key=lambda s: s.ne("table")) if "origin" in data else data
    pivot = data.drop_duplicates(["row", "year"]).pivot(index="row", columns="year", values="value")
    pivot = pivot.reindex(order)
    pivot.columns = [f"{int(c)}年" for c in pivot.columns]
    pivot.index.name = "指标"
    return pivot


def yoy(pivot: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year change (fraction) between consecutive years present; NaN across gaps."""
    if pivot.empty:
        return pivot
    years = [int(c.rstrip("年")) for c in pivot.columns]
    out = pd.DataFrame(index=pivot.index)
    for prev, cur in zip(years, years[1:], strict=False):
        if cur - prev != 1:
            continue
        a, b = pivot[f"{prev}年"], pivot[f"{cur}年"]
        out[f"{cur}年"] = np.where(a > 0, b / a.where(a > 0) - 1, np.nan)
    return out


def two_years(
    values: pd.DataFrame, year_a: int, year_b: int, *, label_col: str = "label", key_col: str = "metric"
) -> pd.DataFrame:
    """Figures stated in either year, side by side with change and % change."""
    pivot = years_side_by_side(
        values[values["year"].isin([year_a, year_b])], label_col=label_col, key_col=key_col
    )
    if pivot.empty:
        return pd.DataFrame(columns=[f"{year_a}年", f"{year_b}年", "变化", "变化率"])
    for y in (year_a, year_b):
        if f"{y}年" not in pivot:
            pivot[f"{y}年"] = np.nan
    a, b = pivot[f"{year_a}年"], pivot[f"{year_b}年"]
    out = pd.DataFrame({f"{year_a}年": a, f"{year_b}年": b, "变化": b - a})
    out["变化率"] = np.where(a > 0, (b - a) / a.where(a > 0), np.nan)
    return out


def top_groups(
    df: pd.DataFrame, n: int, *, group_col: str = "group", value_col: str = "value"
) -> pd.DataFrame:
    """Keep the ``n`` groups with the largest latest value (so a chart stays readable)."""
    if df.empty or df[group_col].nunique() <= n:
        return df
    latest = df.sort_values("year").groupby(group_col)[value_col].last().nlargest(n).index
    return df[df[group_col].isin(latest)]


def source_summary(sources: pd.DataFrame) -> pd.DataFrame:
    """Per year, which metric key(s) a joined series was read from, e.g. 'requests.received ×12'."""
    if sources.empty:
        return sources
    from pipelines.catalog import label

    names = sources["source_metric"].map(lambda k: label(k) if isinstance(k, str) else "—")
    text = sources.assign(item=names + " ×" + sources["n_reports"].astype(str))
    out = text.groupby("year")["item"].agg("；".join).reset_index()
    return out.rename(columns={"year": "年度", "item": "取自指标（报告份数）"})


def not_applicable_as_missing(values: pd.DataFrame) -> pd.DataFrame:
    """Figures printed as ``/`` or ``—`` (not applicable) carry no number: NaN, so neither a
    change nor a rate is computed from a stored 0."""
    from app_lib.formatting import printed_mark

    if "raw_text" not in values:
        return values
    marked = values["raw_text"].map(printed_mark).notna()
    return values.assign(value=values["value"].where(~marked))


def years_side_by_side_printed(
    values: pd.DataFrame, *, label_col: str = "label", key_col: str = "metric"
) -> pd.DataFrame:
    """Like :func:`years_side_by_side` but as display text: numbers localised, ``/`` and
    ``—`` as the report printed them, '—' where the report has no such figure."""
    from app_lib.formatting import cell, printed_mark

    if values.empty:
        return pd.DataFrame()
    shown = values.copy()
    marks = shown["raw_text"].map(printed_mark) if "raw_text" in shown else pd.Series(None, index=shown.index)
    shown["value"] = [
        m if isinstance(m, str) else cell(v) for m, v in zip(marks, shown["value"], strict=True)
    ]
    pivot = years_side_by_side(shown, label_col=label_col, key_col=key_col)
    return pivot.fillna("—")


def display(
    df: pd.DataFrame,
    *,
    percent: tuple[str, ...] = (),
    keep: tuple[str, ...] = (),
    plain: tuple[str, ...] = (),
) -> pd.DataFrame:
    """Every cell as display text ('—' for missing, never None; percentages signed), except
    the ``keep`` columns (e.g. a rank that should still sort as a number); ``plain`` columns
    (years, ids) as whole numbers without thousands separators."""
    from app_lib.formatting import cell

    out = df.copy()
    for col in out.columns:
        if col in keep:
            continue
        if col in plain:
            out[col] = [cell(v) if pd.isna(v) else str(int(v)) for v in out[col]]
        else:
            out[col] = [cell(v, percent=col in percent) for v in out[col]]
    return out


def two_years_printed(values: pd.DataFrame, year_a: int, year_b: int) -> pd.DataFrame:
    """:func:`two_years` as display text: the two year columns as printed (``/`` stays
    ``/``), change and rate only between real numbers, '—' for missing."""
    numeric = two_years(not_applicable_as_missing(values), year_a, year_b)
    shown = display(numeric, percent=("变化率",))
    if shown.empty:
        return shown
    printed = years_side_by_side_printed(values[values["year"].isin([year_a, year_b])])
    for col in (f"{year_a}年", f"{year_b}年"):
        if col in printed:
            shown[col] = printed[col].reindex(shown.index).fillna("—")
    return shown
