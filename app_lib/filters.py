"""Global filters (region, unit kind, units, years) that carry across pages and live in the URL.

The filters are drawn in the sidebar by the entry point (dashboard.py) on every page, so
their state survives navigation; the current choice is mirrored into ``st.query_params`` on
every run, so a copied link reproduces the view. A :class:`Scope` is the plain, hashable
value the query layer receives (no Streamlit in it), so queries can run outside the app too
(the export CLI).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from pipelines.safetext import md

# Which units a sum over a region should add up. A government's report (city, district,
# county) often aggregates its departments' figures, so adding both counts the same
# applications twice; the default sums governments only.
KIND_SCOPES = {
    "gov": ("government",),
    "dept": ("department", "other"),
    "all": ("government", "department", "other"),
}
KIND_SCOPE_LABELS = {
    "gov": "仅政府",
    "dept": "仅部门及其他单位",
    "all": "全部单位",
}
KIND_SCOPE_HELP = (
    "市、区县人民政府的年度报告通常汇总了其所属部门的数字。按地区合计时，"
    "若把政府与其部门相加，同一批申请会被重复计算。"
    "“仅政府”（默认）按政府报告合计；“仅部门及其他单位”看各部门；"
    "“全部单位”用于逐个单位浏览，合计可能重复。"
)
DEFAULT_KIND_SCOPE = "gov"
KIND_LABELS = {"government": "政府", "department": "部门", "other": "其他单位"}
CITY_LEVEL = "（市本级）"  # county filter value: units of the city itself, no county


@dataclass(frozen=True)
class Scope:
    """What the user is looking at. Hashable: it is part of query cache keys."""

    province: str | None = None
    city: str | None = None
    county: str | None = None  # a county name, CITY_LEVEL, or None for all
    kind_scope: str = DEFAULT_KIND_SCOPE
    units: tuple[str, ...] = ()  # unit_ids; empty = every unit of the region and kind
    years: tuple[int, int] | None = None  # inclusive; None = every year

    @property
    def kinds(self) -> tuple[str, ...]:
        return KIND_SCOPES.get(self.kind_scope, KIND_SCOPES[DEFAULT_KIND_SCOPE])

    def params(self) -> dict[str, Any]:
        """Named query parameters of the scope (see :mod:`app_lib.queries.common`):
        ``$province``, ``$city``, ``$county`` (NULL = all, '' = city level, else a county),
        ``$kinds``, ``$units`` (empty = every unit), ``$year_from``, ``$year_to``."""
        county = None if self.county is None else ("" if self.county == CITY_LEVEL else self.county)
        year_from, year_to = self.years or (0, 9999)
        return {
            "province": self.province,
            "city": self.city,
            "county": county,
            "kinds": list(self.kinds),
            "units": list(self.units),
            "year_from": year_from,
            "year_to": year_to,
        }

    def with_years(self, years: tuple[int, int] | None) -> Scope:
        return replace(self, years=years)

    def region_label(self) -> str:
        parts = [p for p in (self.province, self.city, self.county) if p]
        return "".join(parts) if parts else "全部地区"

    def describe(self, unit_names: dict[str, str] | None = None) -> str:
        """One line for chart subtitles and snapshots, e.g. '示例市 · 仅政府 · 2015–2024'."""
        parts = [self.region_label()]
        if self.units:
            names = [(unit_names or {}).get(u, u) for u in self.units]
            shown = "、".join(names[:3]) + (f" 等 {len(names)} 个单位" if len(names) > 3 else "")
            parts.append(shown)
        else:
            parts.append(KIND_SCOPE_LABELS.get(self.kind_scope, ""))
        if self.years:
            lo, hi = self.years
            parts.append(f"{lo}年" if lo == hi else f"{lo}–{hi}年")
        return " · ".join(p for p in parts if p)


# ---------------------------------------------------------------------------
# URL round trip (pure functions, tested without Streamlit)

PARAM_KEYS = ("province", "city", "county", "kind", "units", "years")


MAX_PARAM_CHARS = 1024  # a real filter value is a few dozen characters
MAX_SQL_PARAM_CHARS = 4000  # the SQL page's ?sql= (a shared question); longer ones are not put in links
MAX_UNITS_IN_URL = 200


def overlong_params(params: dict[str, str]) -> list[str]:
    """Keys of URL parameters too long to be a real filter (refused without being read)."""
    return [
        k
        for k, v in params.items()
        if isinstance(v, str) and len(v) > (MAX_SQL_PARAM_CHARS if k == "sql" else MAX_PARAM_CHARS)
    ]


def scope_from_params(params: dict[str, str]) -> Scope:
    """Read a Scope from URL query parameters, ignoring anything malformed or over-long
    (a 100 KB value is refused at once, not matched against every unit)."""
    params = {k: v for k, v in params.items() if k not in overlong_params(params)}
    years = None
    raw_years = params.get("years", "")
    if "-" in raw_years:
        lo, _, hi = raw_years.partition("-")
        if lo.strip().isdigit() and hi.strip().isdigit():
            a, b = int(lo), int(hi)
            years = (min(a, b), max(a, b))
    kind = params.get("kind", DEFAULT_KIND_SCOPE)
    return Scope(
        province=params.get("province") or None,
        city=params.get("city") or None,
        county=params.get("county") or None,
        kind_scope=kind if kind in KIND_SCOPES else DEFAULT_KIND_SCOPE,
        units=tuple(u for u in params.get("units", "").split(",") if u)[:MAX_UNITS_IN_URL],
        years=years,
    )


def scope_to_params(scope: Scope) -> dict[str, str]:
    out: dict[str, str] = {}
    for key, value in (("province", scope.province), ("city", scope.city), ("county", scope.county)):
        if value:
            out[key] = value
    if scope.kind_scope != DEFAULT_KIND_SCOPE:
        out["kind"] = scope.kind_scope
    if scope.units:
        out["units"] = ",".join(scope.units)
    if scope.years:
        out["years"] = f"{scope.years[0]}-{scope.years[1]}"
    return out


# ---------------------------------------------------------------------------
# Sidebar widgets

_STATE = "govreports_scope"  # plain session_state copy: survives pages that do not draw filters


def current_scope() -> Scope:
    """The scope chosen in the sidebar (or read from the URL on first load)."""
    import streamlit as st

    if _STATE not in st.session_state:
        params = st.query_params.to_dict()
        st.session_state[_STATE + "_overlong"] = overlong_params(params)
        st.session_state[_STATE] = scope_from_params(params)
    return st.session_state[_STATE]


def sidebar_filters() -> Scope:
    """Draw the global filters in the sidebar; returns the scope and mirrors it into the URL."""
    import streamlit as st

    from app_lib.db import source
    from app_lib.queries import common

    scope = current_scope()
    options = common.filter_options(source())
    units = options.units
    with st.sidebar:
        st.subheader("筛选", anchor=False)
        if units.empty:
            st.caption("数据库中还没有单位。")
            return scope
        province = _select("省份", _distinct(units, "province"), scope.province, "f_province")
        in_prov = units if province is None else units[units["province"] == province]
        city = _select("城市", _distinct(in_prov, "city"), scope.city, "f_city")
        in_city = in_prov if city is None else in_prov[in_prov["city"] == city]
        counties = _distinct(in_city, "county")
        if city is not None and in_city["county"].isna().any():
            counties = [CITY_LEVEL, *counties]
        county = _select("区县", counties, scope.county, "f_county")
        kind_scope = st.radio(
            "统计口径",
            list(KIND_SCOPE_LABELS),
            index=list(KIND_SCOPE_LABELS).index(scope.kind_scope),
            format_func=KIND_SCOPE_LABELS.get,
            help=KIND_SCOPE_HELP,
            key="f_kind",
        )
        region_units = _units_in(units, province, city, county, KIND_SCOPES[kind_scope])
        names = dict(zip(region_units["unit_id"], region_units["name"], strict=True))
        chosen = st.multiselect(
            "单位",
            list(names),
            default=[u for u in scope.units if u in names],
            format_func=lambda u: names.get(u, u),
            placeholder="全部单位",
            key="f_units",
        )
        years = _year_slider(options.year_min, options.year_max, scope.years)
        ignored = _ignored_values(scope, province, city, county, chosen)
        if ignored:  # an old or mistyped link: say so instead of silently showing another view
            # The values come from the URL (anyone can write one): shown as text, never Markdown.
            st.warning(
                "链接中的筛选条件在数据库中不存在，已忽略：" + "、".join(md(v, 80) for v in ignored[:10])
            )
        overlong = st.session_state.pop(_STATE + "_overlong", [])
        if overlong:
            st.warning("链接中的筛选条件过长，已忽略：" + "、".join(md(k, 40) for k in overlong[:10]))
    new_scope = Scope(province, city, county, kind_scope, tuple(chosen), years)
    st.session_state[_STATE] = new_scope
    _mirror_to_url(new_scope)
    return new_scope


def _ignored_values(requested: Scope, province, city, county, chosen) -> list[str]:
    """Values the scope asked for (from the URL) that the filters could not select."""
    out = [
        f"{label}“{want}”"
        for label, want, got in (
            ("省份", requested.province, province),
            ("城市", requested.city, city),
            ("区县", requested.county, county),
        )
        if want and want != got
    ]
    out += [f"单位“{u}”" for u in requested.units if u not in chosen]
    return out


def _distinct(df, column: str) -> list[str]:
    return sorted(v for v in df[column].dropna().unique().tolist() if v)


def _select(label: str, values: list[str], current: str | None, key: str) -> str | None:
    import streamlit as st

    choices = [None, *values]
    index = choices.index(current) if current in choices else 0
    return st.selectbox(
        label, choices, index=index, format_func=lambda v: "全部" if v is None else v, key=key
    )


def units_in_region(scope: Scope) -> set[str] | None:
    """unit_ids inside the scope's region, every kind of unit; None when no region is chosen."""
    if not (scope.province or scope.city or scope.county):
        return None
    from app_lib.db import source
    from app_lib.queries import common

    units = common.filter_options(source()).units
    inside = _units_in(units, scope.province, scope.city, scope.county, units["kind"].unique())
    return set(inside["unit_id"])


def _units_in(units, province, city, county, kinds):
    mask = units["kind"].isin(kinds)
    if province:
        mask &= units["province"] == province
    if city:
        mask &= units["city"] == city
    if county == CITY_LEVEL:
        mask &= units["county"].isna()
    elif county:
        mask &= units["county"] == county
    return units[mask].sort_values("name")


def _year_slider(lo: int | None, hi: int | None, current: tuple[int, int] | None) -> tuple[int, int] | None:
    import streamlit as st

    if lo is None or hi is None:
        return None
    if lo == hi:
        st.caption(f"年份：{lo}年")
        return (lo, hi)
    a, b = current or (lo, hi)
    a, b = max(lo, min(a, hi)), max(lo, min(b, hi))
    picked = st.slider("年份（统计年度）", lo, hi, (a, b), key="f_years")
    return None if tuple(picked) == (lo, hi) else (int(picked[0]), int(picked[1]))


def _mirror_to_url(scope: Scope) -> None:
    import streamlit as st

    wanted = scope_to_params(scope)
    for key in PARAM_KEYS:
        if key in st.query_params and key not in wanted:
            del st.query_params[key]
    for key, value in wanted.items():
        if st.query_params.get(key) != value:
            st.query_params[key] = value


def page_param(key: str, default: str | None = None) -> str | None:
    """A page-specific URL parameter (e.g. the metric of the trends page)."""
    import streamlit as st

    return st.query_params.get(key, default)


def set_page_param(key: str, value: str | None) -> None:
    import streamlit as st

    if value is None:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
