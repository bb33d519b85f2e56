"""govreports command line: a thin layer over the library (pipelines.*, app_lib.export).

Every command has help text with an example; each named failure (pipelines.errors) is
turned into a one-line message on stderr and a non-zero exit code.
"""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from pipelines import settings
from pipelines.db import default_db_path
from pipelines.errors import GovReportsError
from pipelines.model import FINDING_STATUSES
from pipelines.safetext import rich_text

app = typer.Typer(
    help="政府信息公开工作年度报告 → DuckDB. Ingest reports, build the demo database, query it safely, "
    "export chart snapshots.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,  # failures are one-line messages (main), never tracebacks
)
err = Console(stderr=True)
out_console = Console()

REVIEW_STATUSES = FINDING_STATUSES
DB_OPTION = typer.Option(
    None,
    "--db",
    help="DuckDB file (default: $GOVREPORTS_DB or data/govreports.duckdb, the one the dashboard opens).",
)


def _db(db: Path | None) -> Path:
    return Path(db) if db else default_db_path()


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(
        ..., help="Files or folders (recursive): .txt .html/.htm .pdf .docx and .zip."
    ),
    db: Path | None = DB_OPTION,
    workers: int | None = typer.Option(None, help="Parser processes (default: one per core)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    manifest: Path | None = typer.Option(
        None, help="CSV with columns path,unit,year,url saying whose reports the files are "
        "(path relative to the CSV, globs allowed). A manifest.csv at the top of a folder is read by itself."
    ),
    unit: str | None = typer.Option(None, help="All these files are reports of this unit (as printed)."),
    year: int | None = typer.Option(None, help="All these files are reports of this statistics year."),
    scheduler: str | None = typer.Option(
        None, help="Parse on a Dask cluster: the scheduler's address (tcp://HOST:8786), or 'local' "
        "for a LocalCluster of --workers processes on this machine. Workers must read the input files "
        "and the shard folder at the same paths (a shared file system).",
    ),
    shard_dir: Path | None = typer.Option(
        None, "--shard-dir", help="With --scheduler: the shared folder where workers write their "
        "Parquet shards (default: beside the database).",
    ),
) -> None:
    """Ingest annual reports into the database.

    Example: govreports ingest reports/2023/ extra.zip --db data/govreports.duckdb

    Example: govreports ingest 沭阳县商务局/ --unit 沭阳县商务局   (a folder of one unit's reports)

    A report whose unit or year is not certain is kept in unplaced_reports with its
    candidates (place it with `govreports place`). Exits 0 when it ran, even if some files
    were rejected (they are listed with the reason and stored in rejected_files); non-zero
    only when it could not run.
    """
    from pipelines.ingest import ingest_paths
    from pipelines.manifest import read_manifest, said_hints

    missing = [str(p) for p in paths if not p.exists()]
    if missing:  # a typo, not a rejected report: nothing to ingest, and no database is created
        err.print(f"[red]error:[/] 路径不存在 no such file or folder: {', '.join(missing)}", soft_wrap=True)
        raise typer.Exit(2)
    summary = ingest_paths(
        paths,
        _db(db),
        progress=not quiet,
        workers=workers,
        manifest=read_manifest(manifest) if manifest else None,
        said=said_hints(unit, year),
        scheduler=scheduler,
        shard_dir=shard_dir,
    )
    print_summary(summary)


@app.command()
def place(
    source: str = typer.Argument(
        ..., help="The report: its source path as listed (or its end, e.g. the file name), or a sha256 prefix."
    ),
    unit: str = typer.Option(..., help="The unit whose report it is, as printed (e.g. 沭阳县商务局)."),
    year: int = typer.Option(..., help="The statistics year the report is about."),
    db: Path | None = DB_OPTION,
    by: str = typer.Option("command line", help="Who places it (kept with the placement)."),
) -> None:
    """Place a report kept in unplaced_reports (or correct a placed one's unit and year).

    Example: govreports place 2022年度报告.html --unit 沭阳县商务局 --year 2022

    The placement is kept: it survives reparse and re-ingest of the same file.
    """
    from pipelines.placing import place_source

    result = place_source(_db(db), source, unit, year, placed_by=by)
    out_console.print(
        f"placed: {escape(result.source_path)} → {escape(result.unit_name)} {result.year}"
        f" ({result.figures} figures, {result.failed_checks} failed checks)"
    )


@app.command()
def reparse(
    db: Path | None = DB_OPTION,
    stale: bool = typer.Option(
        False, "--stale", help="Only reports parsed by an older PARSER_VERSION (the others stay as they are)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Re-parse every stored source with the current parser (after a parser upgrade).

    Example: govreports reparse --stale --db data/govreports.duckdb
    """
    from pipelines.ingest import reparse_database

    print_summary(reparse_database(_db(db), progress=not quiet, stale_only=stale))


@app.command("search-index")
def search_index_cmd(
    db: Path | None = DB_OPTION,
    index: Path | None = typer.Option(
        None, "--index", help="Index file (default: the database's name + .search.sqlite, beside it)."
    ),
    rebuild: bool = typer.Option(False, "--rebuild", help="Start from an empty index."),
    workers: int | None = typer.Option(None, help="Extracting processes (default: one per core)."),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Build or bring up to date the full-text index (全文检索) of every report's text.

    Ingest and placement keep it up to date by themselves; run this for a database written
    before the index existed. The database is only read.

    Example: govreports search-index --db data/govreports.duckdb
    """
    from pipelines import search_index
    from pipelines.errors import DatabaseError

    path = _db(db)
    if not path.exists():
        raise DatabaseError(f"database not found: {path}")

    def progress(done: int, todo: int) -> None:
        if not quiet:
            err.print(f"{done}/{todo}", end="\r")

    result = search_index.refresh(path, index, workers=workers, rebuild=rebuild, progress=progress)
    out_console.print(
        f"全文索引 search index: {result.total} reports ({result.added} added, {result.removed} removed, "
        f"{result.unreadable} unreadable) in {result.seconds:.1f} s → "
        + rich_text(str(index or search_index.index_path(path)))
    )


@app.command()
def demo(
    db: Path | None = DB_OPTION,
    units: int | None = typer.Option(
        None, help="Number of generated units (agencies; default: setting demo_units, 150)."
    ),
    corpus: Path | None = typer.Option(
        None, help="Folder for the generated corpus (default: setting demo_corpus, data/demo_corpus)."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q"),
) -> None:
    """Build the embedded demo database (示例数据): generate the demo corpus and ingest it
    with the real pipeline, plus the real sample reports.

    Example: govreports demo --db data/govreports.duckdb
    """
    from pipelines.demo import build_demo

    chosen = settings.load({"demo_units": units, "demo_corpus": corpus})
    result = build_demo(_db(db), out_dir=chosen.demo_corpus, units=chosen.demo_units, progress=not quiet)
    out_console.print(f"示例数据 corpus: {result.generated_files} generated files in {result.corpus}")
    print_summary(result.demo)
    out_console.print("real sample reports (data/samples):")
    print_summary(result.samples)
    out_console.print(f"demo database ready: {result.db_path} ({result.timings.get('total', 0):.0f} s)")


@app.command()
def export(
    out: Path = typer.Option(..., "--out", help="Folder for the snapshot pack (created if missing)."),
    db: Path | None = DB_OPTION,
    unit: str | None = typer.Option(
        None, help="One unit: its name as printed, a former name, or its unit_id."
    ),
    region: str | None = typer.Option(
        None, help="A province, city or county name (its governments' reports)."
    ),
    years: str | None = typer.Option(None, help="Year range, e.g. 2015-2024 (default: every year in scope)."),
) -> None:
    """Write a chart snapshot pack (PNG + SVG per chart and an index.html) for a unit or
    region and year range; the whole database when no scope is given.

    Example: govreports export --region 宿迁市 --years 2015-2024 --out snapshots/
    """
    # The same chart queries as the dashboard, on an uncached connection (docs/queries.md).
    from app_lib.export import export_pack

    written = export_pack(_db(db), out, unit=unit, region=region, years=_year_range(years))
    out_console.print(f"wrote {len(written)} files to {out} (open {out / 'index.html'})")


@app.command("export-data")
def export_data(
    parquet: Path = typer.Option(..., "--parquet", help="New (or empty) folder for the Parquet files."),
    db: Path | None = DB_OPTION,
) -> None:
    """Write the public tables as Parquet (partitioned by year) with a README of the schema,
    for DuckDB, Spark or Trino elsewhere.

    Example: govreports export-data --parquet exports/govreports-parquet
    """
    from pipelines.export_data import export_parquet

    tables = export_parquet(_db(db), parquet)
    for t in tables:
        out_console.print(f"{t.name}: {t.rows} rows" + (" (by year)" if t.partitioned else ""))
    out_console.print(f"written: {rich_text(str(parquet))}")


@app.command()
def optimize(db: Path | None = DB_OPTION) -> None:
    """Rewrite the database compact: original files zstd-compressed, the dashboard's derived
    tables stored, free space dropped (for a database written by an older version; idempotent).
    Published atomically like every write; the dashboard keeps answering meanwhile.

    Example: govreports optimize --db data/govreports.duckdb
    """
    from pipelines.compact import optimize as run_optimize

    result = run_optimize(_db(db))
    out_console.print(
        f"optimized {_db(db)} in {result.seconds:.1f} s: {result.size_before / 1e6:.0f} MB → "
        f"{result.size_after / 1e6:.0f} MB ({result.bytes_per_report / 1024:.1f} KB a report, "
        f"{result.reports:,} reports; {result.sources_compressed:,} original files compressed now)"
    )
    if result.derived_ms:
        out_console.print(
            "derived tables: " + ", ".join(f"{k} {v / 1000:.1f} s" for k, v in result.derived_ms.items())
        )


@app.command()
def findings(
    out: Path = typer.Option(..., "--out", help="A .csv or .xlsx file to write."),
    db: Path | None = DB_OPTION,
    status: str | None = typer.Option(
        None, help="Only findings with this review status: 已核实, 已排除 or 待核实."
    ),
) -> None:
    """Export the data-quality findings (failed checks, missing years, late publication,
    anomalies, rejected files, extraction doubts) with officers' review decisions, to send
    to the units.

    Example: govreports findings --out 待核实问题.xlsx --status 已核实
    """
    from pipelines.db import connect_readonly
    from pipelines.quality import export_findings, findings_with_decisions

    if out.suffix.lower() not in (".csv", ".xlsx"):
        raise typer.BadParameter("--out must end in .csv or .xlsx")
    if status and status not in REVIEW_STATUSES:
        raise typer.BadParameter(f"--status must be one of {', '.join(REVIEW_STATUSES)}")
    con = connect_readonly(_db(db))
    table = findings_with_decisions(con)
    if status:
        table = table[table["status"] == status]
    export_findings(table, out)
    out_console.print(f"wrote {len(table)} findings to {out}")


def _year_range(text: str | None) -> tuple[int, int] | None:
    if not text:
        return None
    parts = text.replace("–", "-").split("-")
    try:
        lo, hi = int(parts[0]), int(parts[-1])
    except ValueError:
        raise typer.BadParameter(f"years must look like 2015-2024, got {text!r}") from None
    if lo > hi:
        raise typer.BadParameter(f"years: {lo} is after {hi}")
    return lo, hi


def print_summary(summary) -> None:
    table = Table(title="导入结果 ingest summary", show_header=False)
    rows = [
        ("files seen", summary.files_seen),
        ("reports loaded", summary.loaded),
        ("reports replaced", summary.replaced),
        ("unchanged", summary.unchanged),
        ("duplicates", summary.duplicates),
        ("figures", summary.figures),
        ("failed checks", summary.failed_checks),
        ("kept unplaced (待归属)", len(summary.unplaced)),
        ("rejected files", len(summary.rejected)),
        ("seconds", f"{summary.elapsed_s:.1f}"),
    ]
    if summary.skipped:
        rows.insert(5, ("skipped (not a report format)", summary.skipped))
    for key, value in rows:
        table.add_row(key, str(value))
    out_console.print(table)
    # Names and reasons come from file names and archives: escaped for the terminal (control
    # characters as \x1b …) and for rich markup (a member named '[/]oops.txt' prints as is).
    for path, other in summary.duplicate_of:
        out_console.print(f"[yellow]duplicate[/]: {rich_text(path)} — same content as {rich_text(other)}")
    for path, reason in summary.unplaced:
        out_console.print(f"[yellow]待归属 unplaced[/]: {rich_text(path)} — {rich_text(reason)}")
    if summary.unplaced:
        out_console.print("  place one with: govreports place SOURCE --unit NAME --year YYYY")
        # (the same files ingested again with a manifest: each row's unit and year taken as said)
        out_console.print("  or several: list them in a manifest.csv (path,unit,year,url) and ingest them again")
    for path, reason in summary.rejected:
        out_console.print(f"[red]rejected[/]: {rich_text(path)} — {rich_text(reason)}")
    for rep in getattr(summary, "replacements", []):
        out_console.print(
            f"[yellow]replaced[/]: {rich_text(rep['unit_id'])} {rep['year']} — "
            f"old {rich_text(rep['old_source_path'])} ({rep['old_figures']} figures) → "
            f"new {rich_text(rep['new_source_path'])} ({rep['new_figures']} figures); "
            f"{rep['changed_figures']} figures changed"
            + (f": {rich_text(rep['changes'], 300)}" if rep["changes"] else "")
            + f" · old version kept in sources ({rich_text(rep['old_sha256'][:12])}…)"
        )


def _register_optional_commands() -> None:
    """`govreports sql` lives with the SQL sandbox (pipelines/sqlguard.py)."""
    from pipelines.sqlguard import register as register_sql

    register_sql(app)


_register_optional_commands()


def main() -> None:
    # Standalone mode: click prints usage errors (bad arguments) itself and exits 2; our
    # named failures become one line on stderr.
    try:
        app()
    except GovReportsError as exc:
        err.print(f"[red]error:[/] {rich_text(exc)}")
        sys.exit(2)
