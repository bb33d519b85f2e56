"""Helpers of the SQL page (app_pages/sql_explorer.py): running a query into session state,
the query history, result downloads and the quick chart builder. Streamlit-free where it
can be, so the logic is testable without a browser.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from pipelines.errors import QueryFailed, QueryRefused, QueryStopped
from pipelines.sqlguard import SqlResult, SqlSettings, error_parts, run_sql

HISTORY_SIZE = 20
CHART_KINDS = ("柱状图", "折线图", "散点图")
NO_COLOR = "（不分组）"


@dataclass(frozen=True)
class QueryOutcome:
    """What the page shows after a run: a result, or a friendly error with the DuckDB detail."""

    sql: str
    result: SqlResult | None = None
    status: str = "成功"  # 成功 | 已拒绝 | 已中止 | 失败
    reason: str = ""
    detail: str = ""
    example_key: str | None = None

    @property
    def ok(self) -> bool:
        return self.result is not None


_STATUS = ((QueryRefused, "已拒绝"), (QueryStopped, "已中止"), (QueryFailed, "失败"))


def run_for_page(
    db_path: str | Path, sql: str, settings: SqlSettings, example_key: str | None = None
) -> QueryOutcome:
    """run_sql, with every expected failure turned into an outcome (never an exception)."""
    try:
        result = run_sql(db_path, sql, settings)
    except (QueryRefused, QueryStopped, QueryFailed) as exc:
        reason, detail = error_parts(exc)
        status = next(label for cls, label in _STATUS if isinstance(exc, cls))
        return QueryOutcome(sql=sql, status=status, reason=reason, detail=detail, example_key=example_key)
    return QueryOutcome(sql=sql, result=result, example_key=example_key)


def history_entry(outcome: QueryOutcome) -> dict:
    res = outcome.result
    return {
        "时间": dt.datetime.now().strftime("%H:%M:%S"),
        "状态": outcome.status,
        "行数": res.row_count if res else None,
        "用时（秒）": round(res.elapsed_s, 2) if res else None,
        "SQL": outcome.sql,
    }


def push_history(history: list[dict], outcome: QueryOutcome) -> list[dict]:
    """Newest first, at most HISTORY_SIZE entries; re-running the same SQL moves it to the top."""
    rest = [h for h in history if h["SQL"] != outcome.sql]
    return [history_entry(outcome), *rest][:HISTORY_SIZE]


# ---------------------------------------------------------------------------
# Downloads of the result table


def csv_bytes(df: pd.DataFrame) -> bytes:
    # utf-8-sig: Excel opens Chinese CSV correctly only with a BOM.
    return df.to_csv(index=False).encode("utf-8-sig")


def parquet_bytes(df: pd.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.to_parquet(buf, index=False)
    return buf.getvalue()


def xlsx_bytes(df: pd.DataFrame, sql: str) -> bytes:
    """The result on sheet 查询结果, the SQL that produced it on sheet SQL."""
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        _excel_safe(df).to_excel(writer, sheet_name="查询结果", index=False)
        pd.DataFrame({"SQL": sql.splitlines() or [""]}).to_excel(writer, sheet_name="SQL", index=False)
    return buf.getvalue()


def _excel_safe(df: pd.DataFrame) -> pd.DataFrame:
    # Excel cannot store timezone-aware datetimes, lists or bytes: write those as text.
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[col] = s.dt.tz_localize(None)
        elif s.dtype == object:
            out[col] = s.map(lambda v: v if v is None or isinstance(v, str | int | float | bool) else str(v))
    return out


# ---------------------------------------------------------------------------
# Quick chart builder


def numeric_columns(df: pd.DataFrame) -> list[str]:
    return [
        str(c)
        for c in df.columns
        if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])
    ]


def default_chart_choice(df: pd.DataFrame, hint=None) -> tuple[str, str | None, str | None, str]:
    """(kind, x, y, color) for the builder's initial state: the example's hint when its columns
    are in the result, else the first text/year column against the first number column."""
    cols = [str(c) for c in df.columns]
    nums = numeric_columns(df)
    if hint is not None and hint.x in cols and hint.y in nums and (hint.color is None or hint.color in cols):
        return hint.kind, hint.x, hint.y, hint.color or NO_COLOR
    y = nums[-1] if nums else None
    x = next((c for c in cols if c != y), y)
    return "柱状图", x, y, NO_COLOR


def build_chart(
    df: pd.DataFrame, *, kind: str, x: str, y: str, color: str | None, title: str = ""
) -> go.Figure:
    """A Plotly figure of the result: 柱状图 / 折线图 / 散点图, optionally coloured by a column."""
    color = None if color in (None, NO_COLOR) else color
    data = df.copy()
    if color is not None:
        data[color] = data[color].astype(str)  # a numeric colour column would become a scale
    if kind == "折线图":
        data = data.sort_values(x)
        fig = px.line(data, x=x, y=y, color=color, markers=True, title=title)
    elif kind == "散点图":
        fig = px.scatter(data, x=x, y=y, color=color, title=title)
    else:
        fig = px.bar(data, x=x, y=y, color=color, title=title, barmode="group")
    if x in data.columns and pd.api.types.is_integer_dtype(data[x]) and data[x].between(1990, 2100).all():
        fig.update_xaxes(dtick=1, tickformat="d")  # years, not 2,019.5
    fig.update_layout(legend_title_text=color or "", margin={"t": 50 if title else 20})
    return fig
