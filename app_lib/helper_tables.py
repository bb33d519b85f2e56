"""The page queries' helper tables (series_cached, cell_values, …): defined, stored at publish
time and computed as a fallback in :mod:`pipelines.derived`; re-exported here for the queries."""

from __future__ import annotations

from pipelines.derived import HELPER_TABLES, PAGE_VALUE_FILTER, HelperTable, materialize, page_figures_sql

__all__ = ["HELPER_TABLES", "PAGE_VALUE_FILTER", "HelperTable", "materialize", "page_figures_sql"]
