"""`govreports sql "SELECT …"`: the command-line face of pipelines.sqlguard.run_sql.

Same guarded path as the SQL page. Results go to stdout (or --out); messages, the row count
and the elapsed time go to stderr, so `--format csv > file.csv` gives a clean file.

Exit codes: 0 ran (possibly truncated at max_rows, with a warning), 1 the statement failed
(DuckDB error), 2 bad arguments, 3 refused (not a read-only statement), 4 stopped by a limit.
"""

from __future__ import annotations

import io
import math
import sys
from pathlib import Path

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from pipelines.db import default_db_path
from pipelines.errors import QueryFailed, QueryRefused, QueryStopped
from pipelines.safetext import rich_text, term
from pipelines.sqlguard import SqlResult, SqlSettings, error_parts, run_sql, setting_help

FORMATS = ("table", "csv", "json", "parquet")
EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_REFUSED, EXIT_STOPPED = 0, 1, 2, 3, 4
_DEFAULTS = SqlSettings()


def sql_command(
    sql: str,
    db: Path | None = None,
    fmt: str = "table",
    out: Path | None = None,
    time_limit: float = _DEFAULTS.time_limit_s,
    max_rows: int = _DEFAULTS.max_rows,
) -> int:
    """Run one read-only statement and write its result; return the process exit code."""
    err = Console(stderr=True, highlight=False)
    if fmt not in FORMATS:
        err.print(f"[red]错误[/]：不支持的格式 {rich_text(repr(fmt))}，可选 {' / '.join(FORMATS)}")
        return EXIT_USAGE
    if fmt == "parquet" and out is None:
        err.print("[red]错误[/]：parquet 是二进制格式，请用 --out 指定输出文件")
        return EXIT_USAGE
    try:
        settings = SqlSettings(time_limit_s=time_limit, max_rows=max_rows)
    except ValueError as exc:
        err.print(f"[red]错误[/]：设置无效：{rich_text(exc)}")
        return EXIT_USAGE
    db_path = Path(db) if db else default_db_path()
    if not db_path.is_file():
        err.print(f"[red]查询失败[/]：数据库文件不存在：{rich_text(db_path)}")
        return EXIT_FAILED

    outcomes = (
        (QueryRefused, "已拒绝", EXIT_REFUSED),
        (QueryStopped, "已中止", EXIT_STOPPED),
        (QueryFailed, "查询失败", EXIT_FAILED),
    )
    try:
        result = run_sql(db_path, sql, settings)
    except (QueryRefused, QueryStopped, QueryFailed) as exc:
        reason, detail = error_parts(exc)
        for cls, label, code in outcomes:
            if isinstance(exc, cls):
                err.print(f"[red]{label}[/]：{rich_text(reason)}")
                if detail:
                    err.print(term(detail).replace("\\x0a", "\n"), markup=False)
                return code

    try:
        _write(result, fmt, out)
    except OSError as exc:
        err.print(f"[red]错误[/]：无法写入 {rich_text(out)}：{rich_text(exc.strerror or exc)}")
        return EXIT_USAGE
    if result.truncated:
        err.print(f"[yellow]注意[/]：{result.truncation_message}")
    err.print(f"{result.row_count} 行 · 用时 {result.elapsed_s:.2f} 秒" + (f" · 已写入 {out}" if out else ""))
    return EXIT_OK


def _write(result: SqlResult, fmt: str, out: Path | None) -> None:
    df = result.dataframe
    if fmt == "parquet":
        df.to_parquet(out, index=False)
        return
    if fmt == "csv":
        text = df.to_csv(index=False)
    elif fmt == "json":
        text = df.to_json(orient="records", force_ascii=False, date_format="iso", indent=1) + "\n"
    else:
        text = _table_text(df, file=None if out else sys.stdout)
        if not out:
            return
    if out:
        # A CSV file gets a BOM: Excel reads Chinese CSV as UTF-8 only with one (stdout stays plain).
        Path(out).write_text(text, encoding="utf-8-sig" if fmt == "csv" else "utf-8")
    else:
        sys.stdout.write(text)
        sys.stdout.flush()


def _table_text(df: pd.DataFrame, file) -> str:
    """A rich table: printed straight to ``file`` (the terminal), or returned as text."""
    # Text objects, not str: a cell (a unit name from a report) is never read as rich markup,
    # and control characters are shown as escapes, never sent to the terminal.
    table = Table(show_lines=False)
    for col in df.columns:
        table.add_column(Text(term(col)), overflow="fold")
    for row in df.itertuples(index=False):
        table.add_row(*(Text(term(_cell(v))) for v in row))
    if file is not None:
        Console(file=file, highlight=False).print(table)
        return ""
    buf = io.StringIO()
    Console(file=buf, width=200, highlight=False).print(table)
    return buf.getvalue()


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def register(app: typer.Typer) -> None:
    """Add `sql` to the govreports command line (called by pipelines/cli.py)."""

    @app.command("sql")
    def sql(
        statement: str = typer.Argument(
            ...,
            help="One read-only SQL statement (SELECT / WITH / EXPLAIN / DESCRIBE / SUMMARIZE / SHOW / PRAGMA table_info).",
        ),
        db: Path | None = typer.Option(
            None, "--db", help="DuckDB file (default: $GOVREPORTS_DB or data/govreports.duckdb)."
        ),
        fmt: str = typer.Option(
            "table", "--format", "-f", help="Output format: table | csv | json | parquet."
        ),
        out: Path | None = typer.Option(
            None, "--out", "-o", help="Write the result to this file (required for parquet)."
        ),
        time_limit: float = typer.Option(
            _DEFAULTS.time_limit_s, "--time-limit", help=setting_help("time_limit_s")
        ),
        max_rows: int = typer.Option(_DEFAULTS.max_rows, "--max-rows", help=setting_help("max_rows")),
    ) -> None:
        """Query the database safely (read-only, one statement, time and row limits).

        Example: govreports sql "SELECT year, count(*) FROM reports GROUP BY year" --format csv

        Exit codes: 0 ok, 1 failed, 2 bad arguments, 3 refused, 4 stopped by a limit.
        """
        code = sql_command(statement, db=db, fmt=fmt, out=out, time_limit=time_limit, max_rows=max_rows)
        if code:
            # SystemExit, not typer.Exit: cli.main runs click with standalone_mode=False,
            # where a typer.Exit code would be returned and dropped.
            sys.exit(code)
