"""A page's own controls in the URL: a copied link reopens the same question.

The global filters (region, kind, units, years) are mirrored by :mod:`app_lib.filters`; this
module does the same for each page's controls (metric, grouping, tab, toggles, search text …):

- :func:`restore` — before the widget is drawn, on its first run in the session, its value
  comes from the URL parameter when that names one of the options; a value the page does not
  know is said on the page (``ui.unknown_link_value``), never silently replaced;
- :func:`mirror` — after the widget, its value goes back into the URL (a default value is
  left out, so links stay short).

Widgets get no ``index``/``default`` of their own: their value lives in ``st.session_state``
under their key, set here once.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import streamlit as st

from app_lib import ui
from app_lib.filters import MAX_PARAM_CHARS


def _encode(value: Any) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def restore(
    key: str,
    param: str,
    options: Sequence[Any] | None,
    default: Any,
    *,
    label: str,
    shown: Callable[[Any], str] | None = None,
) -> None:
    """Set ``st.session_state[key]`` from ``?param=`` on the widget's first run.

    ``options``: the values the widget offers (None: any text up to MAX_PARAM_CHARS).
    A URL value naming none of them leaves ``default`` and a warning saying so.
    """
    if key in st.session_state:
        if options is not None and st.session_state[key] not in options:  # options changed (another unit)
            st.session_state[key] = default
        return
    wanted = st.query_params.get(param)
    value = default
    if wanted is not None:
        if options is None:
            if len(wanted) <= MAX_PARAM_CHARS:
                value = wanted
            else:
                ui.unknown_link_value(label, wanted[:40] + "…", None)
        else:
            by_text = {_encode(o): o for o in options}
            if wanted in by_text:
                value = by_text[wanted]
            else:
                instead = None if default is None else f"“{shown(default) if shown else default}”"
                ui.unknown_link_value(label, wanted[:80], instead)
    st.session_state[key] = value


def mirror(param: str, value: Any, default: Any = None) -> None:
    """Put the widget's value into the URL (removed when it is the default or None)."""
    if value is None or value == default or value == "":
        if param in st.query_params:
            del st.query_params[param]
        return
    text = _encode(value)
    if st.query_params.get(param) != text:
        st.query_params[param] = text


def tab_param(param: str, labels: Sequence[str], *, label: str = "标签页") -> str | None:
    """The tab a link asks for (``?param=<tab label>``), or None; an unknown one is said.

    Tabs are bound to the URL by Streamlit itself (``st.tabs(key=param, bind="query-params")``),
    which drops an unknown value silently — hence this check before drawing them."""
    wanted = st.query_params.get(param)
    if wanted is None:
        return None
    if wanted not in labels:
        ui.unknown_link_value(label, wanted[:80], f"“{labels[0]}”")
        return None
    return wanted


def restore_many(key: str, param: str, options: Sequence[Any], default: Sequence[Any], *, label: str) -> None:
    """:func:`restore` for a multiselect: ``?param=a,b``; values it does not offer are named."""
    if key in st.session_state:
        st.session_state[key] = [v for v in st.session_state[key] if v in options]
        return
    wanted = st.query_params.get(param)
    value = list(default)
    if wanted is not None and len(wanted) <= MAX_PARAM_CHARS:
        by_text = {_encode(o): o for o in options}
        parts = [p for p in wanted.split(",") if p]
        unknown = [p for p in parts if p not in by_text]
        if unknown:
            ui.unknown_link_value(label, "、".join(unknown)[:80], None)
        value = [by_text[p] for p in parts if p in by_text]
    st.session_state[key] = value


def mirror_many(param: str, values: Sequence[Any], default: Sequence[Any] = ()) -> None:
    mirror(param, ",".join(_encode(v) for v in values) if list(values) != list(default) else None)
