"""The public tables as Parquet, for people who query the data with other engines.

``govreports export-data --parquet DIR`` writes every table of the public contract
(``pipelines.schema.PUBLIC_TABLES``) under ``DIR/<table>/``: tables with a ``year`` column
partitioned Hive-style by year (``DIR/report_values/year=2021/…parquet``), the others as one
file; plus a README in DIR describing each table's columns (from the database itself) and
how to read the set with DuckDB, Spark or Trino. The database is opened read-only; the
export is written to a temporary folder next to DIR and renamed into place when complete,
so a failed export leaves nothing behind.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipelines.db import connect_readonly
from pipelines.errors import GovReportsError
from pipelines.schema import PUBLIC_TABLES


class ExportError(GovReportsError):
    """The export cannot be written (target exists and is not empty, disk full …)."""


@dataclass(frozen=True)
class ExportedTable:
    name: str
    rows: int
    partitioned: bool


def export_parquet(db_path: str | os.PathLike, out_dir: str | os.PathLike) -> list[ExportedTable]:
    """Write the public tables of ``db_path`` as Parquet under ``out_dir`` (must not exist or be empty)."""
    out = Path(out_dir)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ExportError(f"{out} exists and is not an empty folder: choose a new one")
    tmp = out.with_name(out.name + ".partial")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    con = connect_readonly(db_path)
    try:
        done = [_export_table(con, name, tmp) for name in PUBLIC_TABLES]
        (tmp / "README.md").write_text(_readme(con, done), encoding="utf-8")
        if out.exists():
            out.rmdir()
        os.replace(tmp, out)
    except (OSError, Exception) as exc:  # noqa: BLE001 - any failure: nothing half-written stays
        shutil.rmtree(tmp, ignore_errors=True)
        if isinstance(exc, GovReportsError):
            raise
        raise ExportError(f"cannot write the Parquet export to {out}: {exc}") from exc
    finally:
        con.close()
    return done


def _columns(con, table: str) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in con.execute(f'DESCRIBE "{table}"').fetchall()]


def _export_table(con, table: str, root: Path) -> ExportedTable:
    names = [c for c, _ in _columns(con, table)]
    rows = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
    target = root / table
    target.mkdir()
    partitioned = "year" in names and rows > 0
    if partitioned:
        con.execute(
            f"COPY (SELECT * FROM \"{table}\" WHERE year IS NOT NULL) TO '{_sql_path(target)}' "
            "(FORMAT parquet, PARTITION_BY (year), COMPRESSION zstd)"
        )
    else:
        con.execute(f"COPY \"{table}\" TO '{_sql_path(target / 'data.parquet')}' (FORMAT parquet, COMPRESSION zstd)")
    return ExportedTable(table, rows, partitioned)


def _sql_path(path: Path) -> str:
    return str(path).replace("'", "''")


def _readme(con, done: list[ExportedTable]) -> str:
    lines = [
        "# govreports public tables (Parquet)",
        "",
        "政府信息公开工作年度报告 figures as extracted by govreports. Tables with a `year` column are",
        "partitioned Hive-style by statistics year (`year=2021/`); read them with, e.g.:",
        "",
        "```sql",
        "-- DuckDB",
        "SELECT * FROM read_parquet('report_values/*/*.parquet', hive_partitioning = true);",
        "-- Spark:  spark.read.parquet('report_values')      Trino: a Hive table over the folder",
        "```",
        "",
        "Column meanings are described in the govreports repository (docs/contract.md).",
        "",
    ]
    for table in done:
        layout = "partitioned by year" if table.partitioned else "one file"
        lines += [f"## `{table.name}` — {table.rows} rows, {layout}", "", "| column | type |", "|---|---|"]
        lines += [f"| `{c}` | {t} |" for c, t in _columns(con, table.name)]
        lines.append("")
    return "\n".join(lines)


__all__ = ["ExportError", "ExportedTable", "export_parquet"]
