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
