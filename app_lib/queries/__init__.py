"""Queries behind the pages, one module per area. Every query is parameterised (``?``) and
runs through :func:`app_lib.db.run_query`, so results are cached until the database changes.

Scope predicates are constant SQL text (``common.SCOPED_UNITS``) whose values arrive as
parameters from :meth:`app_lib.filters.Scope.unit_params`; no value is ever formatted into SQL.

Counting: the loader keeps one figure per report and metric key, and one report per unit
and year (a newer file for the same unit and year replaces the older), so per year and key
``count(*)`` counts reports (and units) without the cost of ``count(DISTINCT …)``.

Speed: pages read the helper tables of :mod:`app_lib.helper_tables` (series_cached,
cell_values, report_status, channel_pairs, metrics_stated), computed once per
published database file on the app's connection. Aggregates go through
``common.SCOPED_FIGURES`` (region cells, or the named units' reports). Measured by
``scripts/bench_pages.py --db FILE``.
"""
