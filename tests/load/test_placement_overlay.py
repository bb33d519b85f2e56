"""Placements without rewriting the published file (issue 14 point 2): a placed report is held
in the officers' store (pipelines/store.py, overlay) and shown by every reader as if it were
loaded — in the reports, figures, checks, units and the derived tables the pages read — while
the database file keeps its inode and mtime; the next writer (reparse, ingest) folds it into
the file it publishes, with the same rows a reader showed."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines import store
from pipelines.db import connect_readonly
from pipelines.ingest import ingest_paths, reparse_database
from pipelines.placing import place_source

ROOT = Path(__file__).resolve().parents[2]

# What a reader shows, table by table, in a comparable form (cell sums added up per cell:
# the overlay adds the placed report's sums and takes off those of the reports it hides).
SHOWN = {
    "reports": "SELECT report_id, unit_id, unit_name, year, template, n_figures, sha256 FROM reports",
    "report_values": "SELECT report_id, unit_id, metric, value, raw_text FROM report_values",
    "check_results": "SELECT report_id, unit_id, rule, severity, detail FROM check_results",
    "units": "SELECT unit_id, name, province, city, county, kind FROM units",
    "unplaced_reports": "SELECT sha256, source_path FROM unplaced_reports",
    "series_cached": "SELECT report_id, unit_id, series, round(value, 6) FROM series_cached",
    "series_scoped": "SELECT report_id, name, province, series, round(value, 6) FROM series_scoped",
    "report_status": "SELECT * FROM report_status",
    "channel_pairs": "SELECT report_id, channel_key, table_value, narrative_value FROM channel_pairs",
    "metrics_stated": "SELECT metric FROM metrics_stated",
    "cell_values": "SELECT province, city, county, kind, year, template, metric, round(sum(value), 6), "
    "sum(n_reports) FROM cell_values GROUP BY ALL HAVING sum(n_reports) <> 0",
    "cell_series": "SELECT province, city, county, kind, year, series, round(sum(value), 6), sum(n_units) "
    "FROM cell_series GROUP BY ALL HAVING sum(n_units) <> 0",
}


def _stat(path: Path) -> tuple[int, int, int]:
    st = path.stat()
    return (st.st_ino, st.st_mtime_ns, st.st_size)


def _shown(db: Path) -> dict[str, list]:
    con = connect_readonly(db)
    try:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in SHOWN.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def base_db(tmp_path_factory, samples_dir_module) -> Path:
    """The samples loaded, and a real report text without its unit kept unplaced."""
    folder = tmp_path_factory.mktemp("in")
    (folder / "fragment.txt").write_bytes((samples_dir_module / "real" / "001.txt").read_bytes())
    db = tmp_path_factory.mktemp("db") / "placing.duckdb"
    ingest_paths([samples_dir_module], db, progress=False)
    summary = ingest_paths([folder], db, progress=False)
    assert [Path(p).name for p, _ in summary.unplaced] == ["fragment.txt"]
    return db


@pytest.fixture(scope="module")
def samples_dir_module() -> Path:
    return ROOT / "data" / "samples"


@pytest.fixture
def db(base_db, tmp_path) -> Path:
    copy = tmp_path / "placing.duckdb"
    shutil.copyfile(base_db, copy)
    return copy


def test_a_placed_report_is_counted_everywhere_and_the_file_is_not_replaced(db):
    before, stat = _shown(db), _stat(db)
    placed = place_source(db, "fragment.txt", "江苏省宿迁市沭阳县商务局", 2022)
    assert _stat(db) == stat  # same inode, mtime and size: nothing rewrote the file
    after = _shown(db)
    rid = next(r[0] for r in after["reports"] if r[1].endswith("商务局"))
    assert len(after["reports"]) == len(before["reports"]) + 1
    assert len(after["unplaced_reports"]) == len(before["unplaced_reports"]) - 1
    assert sum(r[0] == rid for r in after["report_values"]) == placed.figures > 0
    assert any(u[1] == "宿迁市沭阳县商务局" and u[2] == "江苏省" for u in after["units"])  # a new unit, with its region
    # the pages' pre-summed cells and series have the placed report's rows
    assert sum(c[-1] for c in after["cell_values"]) > sum(c[-1] for c in before["cell_values"])
    assert any(s[0] == rid for s in after["series_cached"])
    assert any(s[0] == rid and s[2] == "江苏省" for s in after["series_scoped"])
    # the file alone (no store) still has it unplaced
    raw = duckdb.connect(str(db), read_only=True)
    assert raw.execute("SELECT count(*) FROM reports WHERE report_id = ?", [rid]).fetchone()[0] == 0
    raw.close()


@pytest.mark.slow  # a whole ingest or a CLI subprocess: in the full suite
def test_reparse_folds_the_placement_into_the_file_with_the_rows_readers_showed(db):
    place_source(db, "fragment.txt", "江苏省宿迁市沭阳县商务局", 2022)
    shown = _shown(db)
    stat = _stat(db)
    reparse_database(db, progress=False)
    assert _stat(db) != stat  # a reparse publishes a new file …
    assert store.read_rows(db)[2]["shas"] == []  # … holding the placement: the overlay is empty
    assert _shown(db) == shown
    raw = duckdb.connect(str(db), read_only=True)
    row = raw.execute("SELECT unit_name, year FROM reports WHERE source_path LIKE '%fragment.txt'").fetchone()
    raw.close()
    assert row == ("江苏省宿迁市沭阳县商务局", 2022)
    reparse_database(db, progress=False)  # and it stays placed (the placements table applies again)
    assert _shown(db) == shown


def test_moving_a_placed_report_hides_its_old_rows_and_sums(db):
    con = connect_readonly(db)
    source, old_unit = con.execute(
        "SELECT source_path, unit_id FROM reports WHERE source_path LIKE '%real/037.txt'"
    ).fetchone()
    con.close()
    stat = _stat(db)
    place_source(db, source, "江苏省宿迁市沭阳县财政局", 2019)
    assert _stat(db) == stat
    shown = _shown(db)
    row = next(r for r in shown["reports"] if r[6] and source.endswith("037.txt") and r[2].endswith("财政局"))
    assert row[3] == 2019
    assert not any(r[1] == old_unit for r in shown["reports"])  # left its old unit
    reparse_database(db, progress=False)  # folded: the file's own rows equal what was shown
    folded = _shown(db)
    # (the measure pickers' key list may still offer a key only the moved report stated)
    assert set(folded.pop("metrics_stated")) <= set(shown.pop("metrics_stated"))
    assert folded == shown


@pytest.mark.slow  # a whole ingest or a CLI subprocess: in the full suite
def test_an_ingest_folds_the_placement_in_and_the_store_forgets_it(db, samples_dir_module, tmp_path):
    place_source(db, "fragment.txt", "江苏省宿迁市沭阳县商务局", 2022)
    shown = _shown(db)
    folder = tmp_path / "nothing-new"
    folder.mkdir()
    (folder / "same.txt").write_bytes((samples_dir_module / "real" / "037.txt").read_bytes())  # a duplicate
    ingest_paths([folder], db, progress=False)
    assert store.read_rows(db)[2]["shas"] == []
    assert _shown(db) == shown
    raw = duckdb.connect(str(db), read_only=True)
    assert raw.execute("SELECT count(*) FROM reports WHERE unit_name LIKE '%商务局'").fetchone()[0] == 1
    raw.close()


@pytest.mark.slow  # a whole ingest or a CLI subprocess: in the full suite
def test_the_sql_sandbox_shows_the_placed_report(db):
    from pipelines.sqlguard import run_sql

    place_source(db, "fragment.txt", "江苏省宿迁市沭阳县商务局", 2022)
    result = run_sql(db, "SELECT count(*) AS n FROM reports WHERE unit_name LIKE '%商务局'")
    assert int(result.dataframe.iloc[0, 0]) == 1
    result = run_sql(db, "SELECT count(*) AS n FROM series WHERE unit_name LIKE '%商务局'")
    assert int(result.dataframe.iloc[0, 0]) > 0  # the joined series view reads the placed figures too


@pytest.mark.slow  # a whole ingest or a CLI subprocess: in the full suite
def test_the_cli_places_a_report_without_replacing_the_file(db):
    stat = _stat(db)
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines", "place", "fragment.txt", "--unit", "某某县人民政府", "--year", "2024",
         "--db", str(db)],
        capture_output=True, text=True, cwd=ROOT, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert "placed:" in proc.stdout and "某某县人民政府 2024" in proc.stdout
    assert _stat(db) == stat
    con = connect_readonly(db)
    assert con.execute("SELECT count(*) FROM reports WHERE unit_name = '某某县人民政府'").fetchone()[0] == 1
    con.close()


def test_a_placement_made_while_a_writer_runs_stays_for_the_next_one(db):
    from pipelines.db import open_writer

    place_source(db, "fragment.txt", "江苏省宿迁市沭阳县商务局", 2022)
    with open_writer(db):  # folds the first placement into its copy …
        place_source(db, "real/004.txt", "北京市西城区人民政府", 2020)  # … while this one is made
    held = store.read_rows(db)[2]["shas"]
    assert len(held) == 1  # the first is in the published file now, the second still held
    raw = duckdb.connect(str(db), read_only=True)
    in_file = {r[0] for r in raw.execute("SELECT unit_name FROM reports").fetchall()}
    raw.close()
    assert "江苏省宿迁市沭阳县商务局" in in_file and "北京市西城区人民政府" not in in_file
    shown = {r[2] for r in _shown(db)["reports"]}
    assert {"江苏省宿迁市沭阳县商务局", "北京市西城区人民政府"} <= shown


def test_several_reports_are_placed_at_once_and_a_bad_request_is_listed_not_fatal(tmp_path, samples_dir_module):
    """Two kept texts placed in one call (one store write each); a request naming no report is
    refused with its reason, and the others are placed all the same."""
    from pipelines.placing import PlacementRequest, place_sources

    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("001.txt", "004.txt"):
        (folder / f"kept-{name}").write_bytes((samples_dir_module / "real" / name).read_bytes())
    db = tmp_path / "batch.duckdb"
    summary = ingest_paths([folder], db, progress=False)
    assert sorted(Path(p).name for p, _ in summary.unplaced) == ["kept-001.txt", "kept-004.txt"]
    before = _stat(db)
    placed, refused = place_sources(db, [
        PlacementRequest("kept-001.txt", "某某县人民政府", 2021),
        PlacementRequest("no-such-file.txt", "某某县人民政府", 2021),
        PlacementRequest("kept-004.txt", "某某县人民政府", 2022),
    ], placed_by="test")
    assert [(Path(p.source_path).name, p.year) for p in placed] == [("kept-001.txt", 2021), ("kept-004.txt", 2022)]
    assert [r.source for r in refused] == ["no-such-file.txt"] and "no-such-file.txt" in refused[0].reason
    assert _stat(db) == before  # held in the officers' store: the file is not replaced
    # a database that cannot be read stops the batch: that request and the ones after it listed, nothing raised
    gone = tmp_path / "gone.duckdb"
    none_placed, all_refused = place_sources(gone, [PlacementRequest("a", "某单位", 2021), PlacementRequest("b", "某单位", 2021)])
    assert none_placed == [] and [r.source for r in all_refused] == ["a", "b"]
    assert all("database not found" in r.reason for r in all_refused)
    con = connect_readonly(db)
    try:
        assert con.execute("SELECT count(*) FROM unplaced_reports").fetchone()[0] == 0
        assert sorted(con.execute("SELECT unit_name, year FROM reports").fetchall()) == [
            ("某某县人民政府", 2021), ("某某县人民政府", 2022)
        ]
    finally:
        con.close()
