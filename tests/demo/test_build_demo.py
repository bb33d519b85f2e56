"""build_demo: generated reports go in through the real ingest, marked is_demo; the real
samples go in as real reports."""

from __future__ import annotations

import sys
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@pytest.mark.slow
def test_build_demo_ingests_corpus_and_samples(tmp_path):
    from pipelines.demo import build_demo
    from pipelines.demo.generate import read_truth

    result = build_demo(tmp_path / "demo.duckdb", tmp_path / "corpus", units=8, progress=False)
    truth = [r for r in read_truth(tmp_path / "corpus") if r["is_report"]]
    assert result.generated_files == len(truth) + 3  # plus the three non-reports
    con = duckdb.connect(str(tmp_path / "demo.duckdb"), read_only=True)
    demo, real = con.execute(
        "SELECT count(*) FILTER (WHERE is_demo), count(*) FILTER (WHERE NOT is_demo) FROM reports"
    ).fetchone()
    assert demo >= 0.95 * len(truth)
    assert real >= 1  # at least the complete 2017 sample
    sample = con.execute(
        "SELECT is_demo, year FROM reports WHERE source_path LIKE '%2017_北京市东城区政务服务中心.txt'"
    ).fetchone()
    assert sample == (False, 2017)
    rejected = {Path(p).name for (p,) in con.execute("SELECT source_path FROM rejected_files").fetchall()}
    assert "附件2.txt" in rejected
    sources = {Path(p).name for (p,) in con.execute("SELECT source_path FROM reports").fetchall()}
    assert "truth.jsonl" not in sources | rejected  # only the report files were ingested
    assert result.timings["total"] >= result.timings["generate"] > 0


@pytest.mark.slow
def test_failed_checks_in_the_database_are_exactly_the_declared_flaws(tmp_path):
    """The ingest's cross-checks on the demo files fire where the truth declares a broken
    rule, and nowhere else (continuity warnings included: the corpus carries over)."""
    from pipelines.demo import build_demo
    from pipelines.demo.generate import read_truth

    corpus = tmp_path / "corpus"
    build_demo(tmp_path / "demo.duckdb", corpus, units=24, progress=False)
    declared = {
        (str(corpus / r["file"]), f["rule"])
        for r in read_truth(corpus)
        for f in r["flaws"]
        if f["type"] == "rule"
    }
    con = duckdb.connect(str(tmp_path / "demo.duckdb"), read_only=True)
    fired = set(
        con.execute(
            "SELECT r.source_path, k.rule FROM check_results k JOIN reports r USING (report_id) WHERE r.is_demo"
        ).fetchall()
    )
    assert declared and fired == declared


def test_build_demo_never_deletes_a_folder_it_did_not_generate(tmp_path):
    from pipelines.demo import build_demo
    from pipelines.errors import DatabaseError

    folder = tmp_path / "my-reports"
    folder.mkdir()
    (folder / "keep.txt").write_text("官员的文件", encoding="utf-8")
    with pytest.raises(DatabaseError, match="not a generated demo corpus"):
        build_demo(tmp_path / "x.duckdb", out_dir=folder, units=5, progress=False)
    assert (folder / "keep.txt").read_text(encoding="utf-8") == "官员的文件"
