"""The process one ad-hoc SQL query runs in (issue 11): started by pipelines.sqlguard.run_sql.

A query can allocate outside DuckDB's buffer manager (``SELECT len(range(250000000))``) or
spin in a function DuckDB cannot interrupt, so it never runs in the server or CLI process:
this child caps its own address space (RLIMIT_AS), CPU time and file sizes before it
imports DuckDB, opens the sandbox connection and runs the one statement; the parent kills
it at the time limit whatever it is doing.

Protocol: the request is one JSON object on stdin; the answer on stdout is one JSON header
line, followed (when ``ok``) by the result as an Arrow IPC stream. Nothing here imports the
rest of the project (it runs as a script, ``python -I sqlchild.py``), and it writes no file.

The module is also imported by pipelines.sqlguard for :func:`open_sandbox` (tests use it).
"""

from __future__ import annotations

import json
import re
import resource
import sys
import threading

SANDBOX_CONFIG = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
}


def sandbox_settings(memory_limit: str, threads: int) -> list[str]:
    """The SET statements of a sandbox connection, in order (lock last)."""
    if not re.fullmatch(r"\d+(\.\d+)?\s*[KMGT]?i?B", memory_limit.strip(), re.IGNORECASE):
        raise ValueError(f"bad memory_limit {memory_limit!r}")
    return [
        f"SET memory_limit = '{memory_limit}'",
        f"SET threads = {int(threads)}",
        "SET temp_directory = ''",  # never spill to disk: no file appears anywhere
        "SET enable_progress_bar = false",
        "SET python_enable_replacements = false",  # no Python variables as tables
        "SET enable_external_access = false",
        "SET lock_configuration = true",
    ]


# report_values as readers see it: the officers' current corrections (pipelines/store.py)
# applied to the figures as parsed; raw_text and provenance stay as read.
CORRECTED_VALUES_SQL = """
CREATE OR REPLACE TEMP VIEW report_values AS
SELECT v.* REPLACE (coalesce(c.value, v.value) AS value)
FROM {source} v
LEFT JOIN (
    SELECT report_id, metric, value FROM (
        SELECT 'r' || substr(sha256, 1, 16) AS report_id, metric, value, withdrawn FROM temp.main.corrections
        QUALIFY row_number() OVER (PARTITION BY sha256, metric ORDER BY corrected_at DESC, rowid DESC) = 1
    ) WHERE NOT withdrawn
) c ON c.report_id = v.report_id AND c.metric = v.metric
"""


def install_officer(con, spec: dict, data_catalog: str | None = "data", *, derived_views: bool = True) -> None:
    """Show the officers' store (``pipelines.store.spec``) in ``con``: one temp table per store
    table, shadowing a table of the same name in the published file; ``audit_log`` holds the
    published file's rows (ingest, reparse) followed by the store's; with current corrections,
    ``report_values`` becomes a view applying them. Without a store yet (``absent``), an older
    file's own officer tables are shown as they are. Idempotent (a reload replaces the tables)."""
    import pyarrow as pa

    have: set = set()
    if data_catalog:
        have = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main' "
                "AND NOT temporary",
                [data_catalog],
            ).fetchall()
        }
    for table in spec["tables"]:
        name, cols = table["name"], table["columns"]
        if spec.get("absent") and name in have and not table.get("merge_data"):
            con.execute(f"DROP TABLE IF EXISTS temp.main.{name}")
            continue  # no store yet: an older file's own table, as it is
        body = ", ".join(f'"{c}" {t}' for c, t in cols)
        con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({body})")
        names = ", ".join(f'"{c}"' for c, _ in cols)
        if table.get("merge_data") and name in have:
            con.execute(f"INSERT INTO temp.main.{name} SELECT {names} FROM {data_catalog}.main.{name} ORDER BY rowid")
        rows = table["rows"]
        if rows:
            arrow = pa.table({
                c: pa.array([r[i] for r in rows], type=pa.string() if t in ("VARCHAR", "TIMESTAMP") else None)
                for i, (c, t) in enumerate(cols)
            })
            con.register("_officer_rows", arrow)
            try:
                casts = ", ".join(f'CAST("{c}" AS {t})' for c, t in cols)
                con.execute(f"INSERT INTO temp.main.{name} SELECT {casts} FROM _officer_rows")
            finally:
                con.unregister("_officer_rows")
    values = f"{data_catalog}.main.report_values"
    if data_catalog:
        gone = install_overlay(con, spec.get("overlay"), data_catalog, have, derived_views=derived_views)
        if gone is not None and "report_values" in have:
            values = f"({_shown_sql('report_values', data_catalog, gone)})"
    if data_catalog and spec.get("corrected") and "report_values" in have:
        con.execute(CORRECTED_VALUES_SQL.format(source=values))
    elif data_catalog and values != f"{data_catalog}.main.report_values":
        con.execute(f"CREATE OR REPLACE TEMP VIEW report_values AS SELECT * FROM {values}")
    elif data_catalog:
        con.execute("DROP VIEW IF EXISTS temp.main.report_values")


# Placed reports held in the officers' store (pipelines/store.py, overlay): each table a
# reader shows is the published file's rows minus the reports a placement stands in for,
# plus the placed reports' own rows (computed when they were placed, pipelines/placing.py).
OVERLAY_BASE = ("reports", "report_values", "check_results", "units", "unit_names")
OVERLAY_PER_REPORT = ("series_cached", "series_scoped", "channel_pairs", "report_status", "report_scoped")
OVERLAY_CELLS = ("cell_values", "cell_series")  # sums per region cell: the placed rows are added
OVERLAY_DERIVED = (*OVERLAY_PER_REPORT, "metrics_stated", *OVERLAY_CELLS)


def _shown_sql(name: str, data: str, gone: list[str]) -> str:
    """SQL of table ``name`` as a reader sees it with the overlay (ov_* temp tables); ``gone``:
    the report_ids of the file a placement stands in for (usually none: no filter at all)."""
    src, ov = f"{data}.main.{name}", f"temp.main.ov_{name}"
    if name in ("units",):  # units the file does not know yet (ov_units_new); a unit whose every
        # report was moved away by a placement is gone (ov_empty_units, usually none)
        if not gone:
            return f"SELECT * FROM {src} UNION ALL SELECT * FROM temp.main.ov_units_new"
        return (f"SELECT * FROM {src} WHERE unit_id NOT IN (SELECT unit_id FROM temp.main.ov_empty_units) "
                "UNION ALL SELECT * FROM temp.main.ov_units_new")
    if name in ("unit_names", "metrics_stated"):
        return f"SELECT * FROM {src} UNION SELECT * FROM {ov}"
    if name in OVERLAY_CELLS:  # the hidden reports' sums taken off (ov_minus_*), the placed ones added
        return (f"SELECT * FROM {src} UNION ALL BY NAME SELECT * FROM {ov} "
                f"UNION ALL BY NAME SELECT * FROM temp.main.ov_minus_{name}")
    if not gone:
        return f"SELECT * FROM {src} UNION ALL SELECT * FROM {ov}"
    # report ids (r + 16 hex digits) as constants: a filter on the scan, not a join
    listed = ", ".join(f"'{r}'" for r in gone if re.fullmatch(r"r[0-9a-f]{16}", r))
    return f"SELECT * FROM {src} WHERE report_id NOT IN ({listed}) UNION ALL SELECT * FROM {ov}"


def install_overlay(
    con, overlay: dict | None, data_catalog: str, have: set, *, derived_views: bool = True
) -> list[str] | None:
    """Show the placed reports of the store's overlay in ``con`` (temp views over the
    published tables); without any, drop the views of an earlier install. Derived tables
    get views only where the file stores them and the connection has not computed its own
    (app_lib/source.py recomputes those from the views). Returns the file's report_ids the
    placements stand in for (None: no placed report shown)."""
    import base64

    import pyarrow as pa

    temp_tables = {
        r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE temporary AND schema_name = 'main'"
        ).fetchall()
    }
    placed = (overlay or {}).get("placed")
    if placed and "ov_version" in temp_tables:  # the same placed reports as installed: keep them
        row = con.execute("SELECT placed, shown FROM temp.main.ov_version").fetchone()
        if row and row[0] == placed:
            return _gone(con) if row[1] else None
    temp_views = {
        r[0] for r in con.execute("SELECT view_name FROM duckdb_views() WHERE temporary").fetchall()
    }
    for name in (*OVERLAY_BASE, "unplaced_reports", "series", *OVERLAY_DERIVED):
        if name in temp_views and name != "report_values":  # report_values: replaced by the caller
            con.execute(f"DROP VIEW temp.main.{name}")
    for name in temp_tables:
        if name.startswith("ov_"):
            con.execute(f"DROP TABLE temp.main.{name}")
    if not overlay or not overlay.get("shas"):
        if placed:
            con.execute("CREATE TEMP TABLE ov_version AS SELECT ? AS placed, false AS shown", [placed])
        return None
    if "report_values" in temp_views:  # an earlier install's view reads ov_* tables: rebuilt below
        con.execute("DROP VIEW temp.main.report_values")
    con.execute("CREATE TEMP TABLE ov_hidden (report_id VARCHAR)")
    con.execute("CREATE TEMP TABLE ov_shas (sha256 VARCHAR)")
    ids = [f"r{sha[:16]}" for sha in overlay["shas"]]
    con.execute("INSERT INTO temp.main.ov_hidden SELECT unnest(?)", [sorted(set(overlay["hides"]) | set(ids))])
    con.execute("INSERT INTO temp.main.ov_shas SELECT unnest(?)", [list(overlay["shas"])])
    # derived_views False: the public tables only (a placement's own reader)
    derived = [n for n in OVERLAY_DERIVED if n in have and n not in temp_tables] if derived_views else []
    series_view: str | None = overlay.get("series_view")  # given to the sandbox child (no project imports)
    try:
        from pipelines.load import SERIES_VIEW

        series_view = SERIES_VIEW
    except ImportError:  # the sandbox child: the public tables and `series` only
        derived = []
    for name in (*OVERLAY_BASE, *derived):
        if name not in have:
            continue
        con.execute(f"CREATE TEMP TABLE ov_{name} AS SELECT * FROM {data_catalog}.main.{name} LIMIT 0")
        parts = [pa.ipc.open_stream(base64.b64decode(blob)).read_all() for blob in overlay["tables"].get(name, [])]
        if not parts:
            continue
        # one insert per table (a column all NULL in one placement is typed null in its stream)
        rows = pa.concat_tables(parts, promote_options="permissive")
        con.register("_overlay_rows", rows)
        try:
            con.execute(f"INSERT INTO temp.main.ov_{name} BY NAME SELECT * FROM _overlay_rows")
        finally:
            con.unregister("_overlay_rows")
    # the file's reports a placement stands in for (moved, or replaced at the same unit and year)
    con.execute(
        f"CREATE TEMP TABLE ov_gone AS SELECT report_id, unit_id FROM {data_catalog}.main.reports "
        "WHERE report_id IN (SELECT report_id FROM temp.main.ov_hidden)"
    )
    con.execute(
        "CREATE TEMP TABLE ov_empty_units AS SELECT DISTINCT g.unit_id FROM temp.main.ov_gone g "
        f"WHERE NOT EXISTS (SELECT 1 FROM {data_catalog}.main.reports r WHERE r.unit_id = g.unit_id "
        "AND r.report_id NOT IN (SELECT report_id FROM temp.main.ov_hidden)) "
        "AND g.unit_id NOT IN (SELECT unit_id FROM temp.main.ov_reports)"
    )
    if "units" in have:  # the placed reports' units the file does not know yet, once each
        con.execute(
            "CREATE TEMP TABLE ov_units_new AS SELECT * FROM temp.main.ov_units "
            f"WHERE unit_id NOT IN (SELECT unit_id FROM {data_catalog}.main.units) "
            "QUALIFY row_number() OVER (PARTITION BY unit_id) = 1"
        )
    if set(OVERLAY_CELLS) & set(derived):
        gone = con.execute("SELECT count(*) FROM temp.main.ov_gone").fetchone()
        if gone and gone[0]:
            _overlay_minus(con, data_catalog, have)
        else:  # the usual case, an unplaced report placed: nothing to take off
            for name in OVERLAY_CELLS:
                if name in derived:
                    con.execute(f"CREATE TEMP TABLE ov_minus_{name} AS SELECT * FROM temp.main.ov_{name} LIMIT 0")
    gone = _gone(con)
    for name in (*OVERLAY_BASE, *derived):
        if name in have and name != "report_values":
            con.execute(f"CREATE OR REPLACE TEMP VIEW {name} AS {_shown_sql(name, data_catalog, gone)}")
    if series_view and "series_alternatives" in have:  # the file's view reads the file's tables only
        con.execute(series_view.replace("CREATE OR REPLACE VIEW", "CREATE OR REPLACE TEMP VIEW", 1))
    if "unplaced_reports" in have:
        con.execute(
            f"CREATE OR REPLACE TEMP VIEW unplaced_reports AS SELECT * FROM {data_catalog}.main.unplaced_reports "
            "WHERE sha256 NOT IN (SELECT sha256 FROM temp.main.ov_shas)"
        )
    if placed:
        con.execute("CREATE TEMP TABLE ov_version AS SELECT ? AS placed, true AS shown", [placed])
    return gone


def _gone(con) -> list[str]:
    return sorted(r[0] for r in con.execute("SELECT report_id FROM temp.main.ov_gone").fetchall())


def _overlay_minus(con, data: str, have: set) -> None:
    """The region-cell sums of the published reports a placement stands in for (a placed
    report moved to another unit, a report replaced at the same unit and year), negated:
    ov_minus_cell_values, ov_minus_cell_series. Usually none (an unplaced report placed)."""
    con.execute(
        f"CREATE TEMP TABLE ov_gone_values AS SELECT * FROM {data}.main.report_values "
        "WHERE unit_id IN (SELECT unit_id FROM temp.main.ov_gone) "
        "AND report_id IN (SELECT report_id FROM temp.main.ov_gone)"
    )
    from_file = {"reports": f"{data}.main.reports", "metrics_stated": f"{data}.main.metrics_stated"}
    figures = _page_figures_sql("temp.main.ov_gone_values")
    for name, qualified in from_file.items():
        figures = re.sub(rf"\b(JOIN|FROM) {name}\b", rf"\1 {qualified}", figures)
    con.execute(
        "CREATE TEMP TABLE ov_minus_cell_values AS SELECT u.province, u.city, u.county, "
        "coalesce(u.kind, 'other') AS kind, r.year, r.template, v.metric, -sum(v.value) AS value, "
        f"-count(*) AS n_reports FROM ({figures}) v JOIN {data}.main.reports r USING (report_id) "
        f"JOIN {data}.main.units u USING (unit_id) GROUP BY ALL"
    )
    if "cell_series" in have and "series_cached" in have:
        con.execute(
            "CREATE TEMP TABLE ov_minus_cell_series AS SELECT u.province, u.city, u.county, "
            "coalesce(u.kind, 'other') AS kind, s.year, s.series, -sum(s.value) AS value, -count(*) AS n_units "
            f"FROM {data}.main.series_cached s JOIN {data}.main.units u USING (unit_id) "
            "WHERE s.unit_id IN (SELECT unit_id FROM temp.main.ov_gone) "
            "AND s.report_id IN (SELECT report_id FROM temp.main.ov_gone) GROUP BY ALL"
        )
    else:
        con.execute("CREATE TEMP TABLE ov_minus_cell_series AS SELECT * FROM temp.main.ov_cell_series LIMIT 0")


def _page_figures_sql(source: str) -> str:
    """pipelines.derived.page_figures_sql (imported only in the project: this file also runs
    alone as the sandbox child, which never has a derived table to take sums off)."""
    from pipelines.derived import page_figures_sql

    return page_figures_sql(source)


def open_sandbox(db_path, memory_limit: str, threads: int, officer: dict | None = None):
    """A private in-memory DuckDB with the database attached read-only as ``data``, the
    officers' store shown (``officer``: pipelines.store.spec), external access disabled and
    configuration locked (order matters: lock last)."""
    import duckdb

    con = duckdb.connect(":memory:", config=dict(SANDBOX_CONFIG))
    try:
        # The path goes in as a literal: escape quotes rather than format raw user text.
        literal = "'" + str(db_path).replace("'", "''") + "'"
        con.execute(f"ATTACH {literal} AS data (READ_ONLY)")
        con.execute("USE data")
        if officer:
            install_officer(con, officer)
        for setting in sandbox_settings(memory_limit, threads):
            con.execute(setting)
    except BaseException:
        con.close()
        raise
    return con


def _header(out, **fields) -> None:
    out.write(json.dumps(fields, ensure_ascii=False).encode("utf-8") + b"\n")
    out.flush()


def _error_kind(exc: BaseException) -> str:
    import duckdb

    for name in (
        "OutOfMemoryException",
        "InterruptException",
        "PermissionException",
        "ParserException",
        "CatalogException",
        "BinderException",
        "ConversionException",
        "OutOfRangeException",
        "InvalidInputException",
    ):
        cls = getattr(duckdb, name, None)
        if cls is not None and isinstance(exc, cls):
            return name
    if isinstance(exc, MemoryError):
        return "OutOfMemoryException"
    return type(exc).__name__


def main() -> int:
    out = sys.stdout.buffer
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    limit_as = int(request["address_space_bytes"])
    resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))
    cpu = int(request["time_limit_s"]) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    resource.setrlimit(resource.RLIMIT_FSIZE, (0, 0))  # writing any file is fatal here
    try:
        import duckdb  # noqa: F401 - imported under the caps
        import pyarrow as pa

        con = open_sandbox(request["db"], request["memory_limit"], request["threads"], request.get("officer"))
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised
        _header(out, ok=False, stage="open", error=_error_kind(exc), detail=str(exc)[:4000])
        return 0

    timed_out = threading.Event()

    def stop() -> None:
        timed_out.set()
        con.interrupt()

    timer = threading.Timer(float(request["time_limit_s"]), stop)
    timer.daemon = True
    timer.start()
    max_rows = int(request["max_rows"])
    try:
        reader = con.sql(request["sql"]).to_arrow_reader(min(max_rows + 1, 8192))
        batches, n, size = [], 0, 0
        try:
            for batch in reader:
                batches.append(batch)
                n += batch.num_rows
                size += batch.nbytes
                if n > max_rows or size > int(request["result_bytes"]):
                    break
        finally:
            reader.close()
        if size > int(request["result_bytes"]):
            _header(out, ok=False, stage="run", error="ResultTooLarge", detail=f"result exceeds {size} bytes")
            return 0
        table = pa.Table.from_batches(batches, schema=reader.schema)
        truncated = n > max_rows
        if truncated:
            table = table.slice(0, max_rows)
        sink = pa.BufferOutputStream()
        with pa.ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        payload = sink.getvalue()
    except BaseException as exc:  # noqa: BLE001 - reported to the parent, never raised
        kind = "InterruptException" if timed_out.is_set() else _error_kind(exc)
        _header(out, ok=False, stage="run", error=kind, detail=str(exc)[:4000])
        return 0
    finally:
        timer.cancel()
    _header(out, ok=True, truncated=truncated, rows=table.num_rows)
    out.write(memoryview(payload))
    out.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
