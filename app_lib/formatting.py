"""Number formatting for metric cards and tables (Chinese conventions)."""

from __future__ import annotations

import math


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def number(v, digits: int = 0) -> str:
    """1234.0 → '1,234'; missing → '—' (never '0')."""
    if _missing(v):
        return "—"
    if digits == 0 and float(v).is_integer():
        return f"{int(v):,}"
    return f"{v:,.{digits or 1}f}"


def delta_text(current, previous, *, absolute: bool = False) -> str | None:
    """'+12.5% 较上年' or '+3 较上年'; None when either year is missing (no fake zero)."""
    if _missing(current) or _missing(previous):
        return None
    if absolute:
        return f"{int(current) - int(previous):+d} 较上年"
    if previous == 0:
        return None
    return f"{(current / previous - 1):+.1%} 较上年"


def metric_delta(current, previous, *, absolute: bool = False) -> dict:
    """Keyword arguments for ``st.metric``: the change against the previous year, with no
    arrow and no colour when it is nil (a ``+0.0%`` must not wear a green arrow)."""
    text = delta_text(current, previous, absolute=absolute)
    if text is None:
        return {"delta": None}
    if _is_nil_change(text):
        return {"delta": text.lstrip("+-"), "delta_color": "off", "delta_arrow": "off"}
    return {"delta": text}


def _is_nil_change(text: str) -> bool:
    figure = text.split(" ", 1)[0].lstrip("+-").rstrip("%")
    try:
        return float(figure) == 0
    except ValueError:
        return False


# How a report prints "not applicable" in a cell: shown as printed, never as 0.
NOT_APPLICABLE_MARKS = frozenset({"/", "／", "—", "——", "－", "-", "―", "\\"})


def printed_mark(raw) -> str | None:
    """The printed text of a 'not applicable' cell (``/``, ``—``), else None."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    return text if text in NOT_APPLICABLE_MARKS else None


def cell(v, *, percent: bool = False) -> str:
    """A table cell as text: numbers localised, missing as '—' (a table never shows None)."""
    if isinstance(v, str):
        return v
    try:
        import pandas as pd

        if v is None or pd.isna(v):
            return "—"
    except (TypeError, ValueError):
        return str(v)
    if isinstance(v, bool):
        return "是" if v else "否"
    if percent:
        return f"{v:+.1%}" if round(v, 3) != 0 else "0.0%"
    if isinstance(v, (int, float)) or hasattr(v, "__float__"):
        return number(float(v), 0 if float(v).is_integer() else 1)
    return str(v)


def day(value) -> str:
    """A date (or timestamp) as 2024-01-31; missing → '未知'."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "未知"
    try:
        import pandas as pd

        if pd.isna(value):
            return "未知"
        return pd.Timestamp(value).date().isoformat()
    except (TypeError, ValueError):
        return str(value)


def position(provenance) -> str:
    """Where a figure was read, in Chinese: 'table 2 row 5 col 3' → '第2表第5行第3列'."""
    from pipelines.catalog import position_zh

    return position_zh(provenance)
