"""Officers say whose reports they hold: manifest.csv beside the files, --manifest, --unit/--year,
and a folder named after a unit as evidence (issue 9, point 3)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import ingest_paths
from pipelines.manifest import ManifestError, read_manifest

ROOT = Path(__file__).resolve().parents[2]


def _fragment(samples_dir: Path) -> bytes:
    return (samples_dir / "real" / "001.txt").read_bytes()  # a year, no unit


def _placed(db: Path) -> set[tuple[str, str, int]]:
    con = duckdb.connect(str(db), read_only=True)
    rows = con.execute("SELECT regexp_extract(source_path, '[^/]+$'), unit_name, year FROM reports").fetchall()
    con.close()
    return set(rows)


def test_manifest_beside_the_files_places_them(tmp_path, samples_dir):
    folder = tmp_path / "in"
    (folder / "2024").mkdir(parents=True)
    (folder / "2024" / "a.txt").write_bytes(_fragment(samples_dir))
    (folder / "b.txt").write_bytes(_fragment(samples_dir) + b"\n")
    (folder / "manifest.csv").write_text(
        "path,unit,year,url\n2024/*.txt,某某县商务局,2024,http://example.invalid/a\nb.txt,某某县财政局,,\n",
        encoding="utf-8-sig",
    )
    summary = ingest_paths([folder], tmp_path / "g.duckdb", progress=False)
    assert not summary.unplaced and not summary.rejected and summary.skipped == 0
    # b.txt: the manifest names the unit, the text gives the year
    assert _placed(tmp_path / "g.duckdb") == {("a.txt", "某某县商务局", 2024), ("b.txt", "某某县财政局", 2024)}


def test_kept_reports_are_placed_by_a_manifest_added_later_and_the_same_files_ingested_again(tmp_path, samples_dir):
    """What the CLI suggests for several 待归属 reports: list them in a manifest.csv beside the files
    and ingest them again — each is placed as its row says and leaves unplaced_reports."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_bytes(_fragment(samples_dir))
    (folder / "b.txt").write_bytes((samples_dir / "real" / "004.txt").read_bytes())  # no unit, no year
    db = tmp_path / "g.duckdb"
    first = ingest_paths([folder], db, progress=False)
    assert sorted(Path(p).name for p, _ in first.unplaced) == ["a.txt", "b.txt"]
    (folder / "manifest.csv").write_text("path,unit,year,url\na.txt,某某县商务局,,\nb.txt,某某县商务局,2023,\n")
    again = ingest_paths([folder], db, progress=False)
    assert not again.unplaced and not again.rejected
    assert _placed(db) == {("a.txt", "某某县商务局", 2024), ("b.txt", "某某县商务局", 2023)}
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM unplaced_reports").fetchone()[0] == 0
    con.close()


@pytest.mark.slow  # a whole ingest or CLI run: full suite only (keeps the fast lane under a minute)
def test_unit_and_year_on_the_command_line(tmp_path, samples_dir):
    folder = tmp_path / "one-unit"
    folder.mkdir()
    (folder / "report.txt").write_bytes(_fragment(samples_dir))
    db = tmp_path / "g.duckdb"
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines", "ingest", str(folder), "--db", str(db), "-q",
         "--unit", "某某镇人民政府", "--year", "2023"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert _placed(db) == {("report.txt", "某某镇人民政府", 2023)}


def test_a_folder_named_after_a_unit_is_evidence_not_certainty(tmp_path, samples_dir):
    """The folder alone (0.6) does not place a report; with the report's own 我局 it does."""
    folder = tmp_path / "某某县商务局"
    folder.mkdir()
    (folder / "x.txt").write_bytes(_fragment(samples_dir))
    text = "2022年政府信息公开工作年度报告\n一、总体情况\n2022年，我局认真落实《条例》。我局全年共收到政府信息公开申请2件。\n"
    (folder / "y.txt").write_text(text, encoding="utf-8")
    summary = ingest_paths([folder], tmp_path / "g.duckdb", progress=False)
    assert [Path(p).name for p, _ in summary.unplaced] == ["x.txt"]
    assert _placed(tmp_path / "g.duckdb") == {("y.txt", "某某县商务局", 2022)}


def test_a_bad_manifest_is_one_clear_error(tmp_path):
    bad = tmp_path / "manifest.csv"
    bad.write_text("file,unit\na.txt,x\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="path"):
        read_manifest(bad)
    bad.write_text("path,unit,year\na.txt,x,20x4\n", encoding="utf-8")
    with pytest.raises(ManifestError, match="line 2"):
        read_manifest(bad)


def test_every_dropped_zip_member_is_listed_with_its_reason(tmp_path, samples_dir):
    from tests.ingest.archives import zip_bytes

    sample = (samples_dir / "2017_北京市东城区政务服务中心.txt").read_bytes()
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "batch.zip").write_bytes(
        zip_bytes({"report.txt": sample, "统计表.xls": b"\xd0\xcf\x11\xe0 not read", "logo.png": b"\x89PNG tiny"})
    )
    summary = ingest_paths([folder], tmp_path / "g.duckdb", progress=False)
    assert summary.loaded == 1
    reasons = {Path(p).name: r for p, r in summary.rejected}
    assert set(reasons) == {"统计表.xls", "logo.png"}
    assert "'.xls'" in reasons["统计表.xls"] and "picture" in reasons["logo.png"]
