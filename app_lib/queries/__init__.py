"""Queries behind the pages, one module per area (docs/queries.md). Every query is a plain
function ``f(db, scope, …)`` of a :class:`pipelines.query.Source` whose SQL names its
parameters (``$province``, ``$units``, ``$year``, …); no Streamlit here — the app passes
its cached source (app_lib.db.source()), the export CLI and the tests an uncached one
(app_lib.source.connect()).

Scope predicates are constant SQL text (``common.SCOPED_UNITS``) whose values arrive as
named parameters from :meth:`app_lib.filters.Scope.params`; no value is ever formatted into SQL.

Counting: the loader keeps one figure per report and metric key, and one report per unit
and year (a newer file for the same unit and year replaces the older), so per year and key
``count(*)`` counts reports (and units) without the cost of ``count(DISTINCT …)``.

Speed: pages read the helper tables of :mod:`app_lib.helper_tables` (series_cached,
cell_values, report_status, channel_pairs, metrics_stated), computed once per
published database file on the app's connection. Aggregates go through
``common.SCOPED_FIGURES`` (region cells, or the named units' reports). Measured by
``scripts/bench_pages.py --db FILE``.
"""
