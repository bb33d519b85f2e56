"""Real reports through the whole pipeline (extract → normalize → check → load)."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import duckdb
import pytest

from pipelines.ingest import ingest_paths

SAMPLE = "2017_北京市东城区政务服务中心.txt"


@pytest.fixture
def sample_db(tmp_path, samples_dir):
    src = tmp_path / "in" / SAMPLE
    src.parent.mkdir()
    shutil.copyfile(samples_dir / SAMPLE, src)
    db = tmp_path / "g.duckdb"
    summary = ingest_paths([src], db, progress=False)
    return db, src, summary


def test_2017_sample_loads_exactly_as_gold(sample_db, samples_dir):
    db, src, summary = sample_db
    gold = json.loads((samples_dir / SAMPLE.replace(".txt", ".gold.json")).read_text(encoding="utf-8"))
    assert summary.loaded == 1 and not summary.rejected
    con = duckdb.connect(str(db), read_only=True)
    unit_name, year, template, published, province, county, path = con.execute(
        "SELECT unit_name, year, template, published_on, province, county, source_path FROM reports"
    ).fetchone()
    assert (unit_name, year, template) == (gold["unit"], gold["year"], gold["template"])
    assert published == dt.date.fromisoformat(gold["published"])
    assert (province, county) == (gold["province"], gold["county"])
    assert path.endswith(SAMPLE)
    values = dict(con.execute("SELECT metric, value FROM report_values").fetchall())
    wrong = {k: (values.get(k), v) for k, v in gold["values"].items() if values.get(k) != v}
    assert not wrong
    assert values["narrative.microblog_posts"] == 1025
    # every stored figure names where it was read and what was printed
    bad = con.execute(
        "SELECT count(*) FROM report_values WHERE provenance IS NULL OR provenance = '' OR raw_text IS NULL"
    ).fetchone()[0]
    assert bad == 0
    prov = con.execute(
        "SELECT provenance, raw_text FROM report_values WHERE metric = 'channel.website'"
    ).fetchone()
    assert prov[0].startswith("line ") and prov[1] == "136"


def test_2017_sample_checks_and_series(sample_db):
    db, _, _ = sample_db
    con = duckdb.connect(str(db), read_only=True)
    checks = dict(con.execute("SELECT rule, severity FROM check_results").fetchall())
    # the prose says 微博全年发布信息1025条 while the table says 110: a real disagreement, flagged
    assert checks.get("text_vs_table") == "warning"
    assert not [r for r, s in checks.items() if s == "error"]
    series = {
        s: (v, m) for s, v, m in con.execute("SELECT series, value, source_metric FROM series").fetchall()
    }
    assert series["applications_received"] == (0, "requests.received")
    assert series["microblog_posts"] == (110, "channel.microblog")
    units = con.execute("SELECT unit_id, name, province, county, kind FROM units").fetchall()
    assert units == [("110101:政务服务中心", "北京市东城区政务服务中心", "北京市", "东城区", "department")]


def test_reingest_changes_nothing(sample_db):
    db, src, _ = sample_db
    before = _snapshot(db)
    again = ingest_paths([src], db, progress=False)
    assert (again.unchanged, again.loaded, again.replaced) == (1, 0, 0)
    assert _snapshot(db) == before


def test_changed_file_replaces_its_earlier_version(sample_db):
    db, src, _ = sample_db
    text = src.read_text(encoding="utf-8").replace(
        "2.政府网站公开政府信息数 | 条 | 136 |", "2.政府网站公开政府信息数 | 条 | 137 |"
    )
    src.write_text(text, encoding="utf-8")
    summary = ingest_paths([src], db, progress=False)
    assert summary.replaced == 1
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    assert (
        con.execute("SELECT value FROM report_values WHERE metric = 'channel.website'").fetchone()[0] == 137
    )
    # the old bytes stay (issue 11: a replacement can be looked at and restored), and it is listed
    assert con.execute("SELECT count(*) FROM sources").fetchone()[0] == 2
    (rep,) = summary.replacements
    assert rep["changed_figures"] == 1 and "channel.website: 136 → 137" in rep["changes"]
    assert rep["old_figures"] == rep["new_figures"] > 0
    old_sha = con.execute("SELECT old_sha256 FROM report_replacements").fetchone()[0]
    assert con.execute("SELECT count(*) FROM sources WHERE sha256 = ?", [old_sha]).fetchone()[0] == 1


def test_duplicate_under_another_name_is_recognised(sample_db):
    db, src, _ = sample_db
    before = _snapshot(db)
    dup = src.parent / "copy-of-report.txt"
    shutil.copyfile(src, dup)
    summary = ingest_paths([dup], db, progress=False)
    assert summary.duplicates == 1 and summary.loaded == 0
    assert summary.duplicate_of[0][1].endswith(SAMPLE)
    con = duckdb.connect(str(db), read_only=True)
    reason = con.execute(
        "SELECT reason FROM rejected_files WHERE source_path LIKE '%copy-of-report.txt'"
    ).fetchone()
    assert reason and "duplicate" in reason[0]
    con.close()
    assert {k: v for k, v in _snapshot(db).items() if k != "rejected_files"} == {
        k: v for k, v in before.items() if k != "rejected_files"
    }


def test_real_fragments_without_unit_or_year_are_kept_unplaced_with_the_reason(tmp_path, samples_dir):
    db = tmp_path / "g.duckdb"
    summary = ingest_paths([samples_dir / "real"], db, progress=False)
    assert not summary.rejected  # every one is a report text: nothing is only rejected
    reasons = {p.rsplit("/", 1)[-1]: r for p, r in summary.unplaced}
    # 001 and 022 state a year but no unit; 040 is a blank form; 004/005/006 have neither
    for name in ("001.txt", "022.txt", "040.txt", "004.txt", "005.txt", "006.txt", "044.txt"):
        assert name in reasons, name
    assert "单位" in reasons["001.txt"] and "年度" not in reasons["001.txt"].split("：")[0]
    assert "统计年度" in reasons["004.txt"]
    con = duckdb.connect(str(db), read_only=True)
    loaded = {p.rsplit("/", 1)[-1] for (p,) in con.execute("SELECT source_path FROM reports").fetchall()}
    assert loaded == {"012.txt", "027.txt", "037.txt"}
    kept = dict(con.execute("SELECT regexp_extract(source_path, '[^/]+$'), n_figures FROM unplaced_reports").fetchall())
    assert set(kept) == set(reasons)
    assert kept["005.txt"] > 100  # the 上海 2019 excerpt's tables are read, waiting to be placed


def test_real_samples_that_can_be_placed_match_their_gold(tmp_path, samples_dir):
    db = tmp_path / "g.duckdb"
    ingest_paths([samples_dir / "real"], db, progress=False)
    con = duckdb.connect(str(db), read_only=True)
    for name in ("012", "027", "037"):
        gold = json.loads((samples_dir / "real" / f"{name}.gold.json").read_text(encoding="utf-8"))
        unit, year, template = con.execute(
            "SELECT unit_name, year, template FROM reports WHERE source_path LIKE ?", [f"%/{name}.txt"]
        ).fetchone()
        assert (unit, year) == (gold["unit"], gold["year"])
        expected_template = {"2021": "std2021", "2019": "std2019"}.get(gold["template"], gold["template"])
        assert template == expected_template
        values = dict(
            con.execute(
                "SELECT v.metric, v.value FROM report_values v JOIN reports r USING (report_id) "
                "WHERE r.source_path LIKE ?",
                [f"%/{name}.txt"],
            ).fetchall()
        )
        assert {k: values.get(k) for k in gold["values"]} == gold["values"], name


def _snapshot(db) -> dict:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            for t in ("reports", "report_values", "check_results", "units", "rejected_files")
        }
    finally:
        con.close()


def test_reparse_rebuilds_from_stored_sources_without_the_files(sample_db):
    from pipelines.ingest import reparse_database

    db, src, _ = sample_db
    before = _snapshot(db)
    src.unlink()  # nobody has to find the original files again
    con = duckdb.connect(str(db))
    con.execute("UPDATE reports SET parser_version = '0.0.1'")
    con.execute("DELETE FROM report_values WHERE metric = 'channel.website'")  # an older parser missed it
    con.close()
    summary = reparse_database(db, progress=False)
    assert summary.replaced == 1 and not summary.rejected
    after = _snapshot(db)
    assert after["report_values"] == before["report_values"]
    assert [r[0] for r in after["reports"]] == [r[0] for r in before["reports"]]  # same report_id
    from pipelines import PARSER_VERSION

    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT parser_version FROM reports").fetchone()[0] == PARSER_VERSION


def test_a_fragment_is_placed_by_its_file_name(tmp_path, samples_dir):
    """The officer knows whose excerpt it is: YEAR_UNIT in the file name places it."""
    named = tmp_path / "2019_上海市人民政府办公厅.txt"
    shutil.copyfile(samples_dir / "real" / "005.txt", named)
    db = tmp_path / "g.duckdb"
    summary = ingest_paths([named], db, progress=False)
    assert summary.loaded == 1, summary.rejected
    gold = json.loads((samples_dir / "real" / "005.gold.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT unit_name, year, template FROM reports").fetchone() == (
        "上海市人民政府办公厅",
        2019,
        "std2019",
    )
    values = dict(con.execute("SELECT metric, value FROM report_values").fetchall())
    assert {k: values.get(k) for k in gold["values"]} == gold["values"]


def test_same_unit_and_year_twice_in_one_run_keeps_one_report(tmp_path, samples_dir):
    """The same report as UTF-8 text and as a GBK copy (or an HTML page and its PDF) in one
    folder: the later one replaces the earlier, so no figure is counted twice."""
    folder = tmp_path / "in"
    folder.mkdir()
    text = (samples_dir / SAMPLE).read_text(encoding="utf-8")
    (folder / "a_report.txt").write_text(text, encoding="utf-8")
    (folder / "b_report_gbk.txt").write_bytes(text.replace("\u2022", "").encode("gb18030"))
    db = tmp_path / "g.duckdb"
    summary = ingest_paths([folder], db, progress=False)
    assert (summary.loaded, summary.replaced) == (1, 1)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    assert con.execute("SELECT source_path FROM reports").fetchone()[0].endswith("b_report_gbk.txt")
    assert con.execute("SELECT value FROM series WHERE series = 'website_posts'").fetchall() == [(136,)]
    counts = con.execute("SELECT count(*), count(DISTINCT metric) FROM report_values").fetchone()
    assert counts[0] == counts[1]
