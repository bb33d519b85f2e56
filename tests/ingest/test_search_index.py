"""Issue 13 point 6: full-text search across every report's text (pipelines.search_index).

Real files through the real ingest; the index is the SQLite FTS5 (trigram) file beside the
database, kept in step by ingest and by `govreports search-index`.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from app_lib.queries import search as q
from pipelines import search_index as si
from pipelines.ingest import ingest_paths

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "2017_北京市东城区政务服务中心.txt"


def _corpus(folder: Path, samples_dir: Path, names: list[str], extra: dict[str, str] | None = None) -> Path:
    folder.mkdir()
    text = (samples_dir / SAMPLE).read_text(encoding="utf-8")
    for i, name in enumerate(names):
        body = text.replace("东城区政务服务中心", f"东城区{name}")
        body += "\n" + (extra or {}).get(name, "")
        (folder / f"r{i:03d}.txt").write_text(body, "utf-8")
    return folder


def _reports(db: Path) -> pd.DataFrame:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT ('0x' || left(sha256, 15))::BIGINT AS doc_key, sha256, unit_name, year FROM reports"
        ).df()
    finally:
        con.close()


def _search(db: Path, text: str) -> si.Hits:
    con = si.connect_reader(si.index_path(db))
    try:
        return si.search(con, si.query_terms(text))
    finally:
        con.close()


def test_ingest_indexes_every_report_and_search_finds_exactly_the_ones_that_say_it(tmp_path, samples_dir):
    corpus = _corpus(
        tmp_path / "c",
        samples_dir,
        ["甲中心", "乙中心", "丙中心"],
        {"甲中心": "我中心开通了政务抖音账号。", "乙中心": "政务抖音与蟹黄同步发布。"},
    )
    db = tmp_path / "g.duckdb"
    summary = ingest_paths([corpus], db, progress=False, workers=1)
    assert summary.loaded == 3
    index = si.index_path(db)
    assert index.name == "g.duckdb.search.sqlite" and index.exists()
    reports = _reports(db)
    con = si.connect_reader(index)
    assert sorted(si.indexed_keys(con)) == sorted(reports["doc_key"].tolist())
    con.close()

    hits = _search(db, "政务抖音")
    assert hits.mode == "fts" and hits.complete
    named = {n[-3:] for n in reports.set_index("doc_key").loc[hits.keys, "unit_name"]}
    assert named == {"甲中心", "乙中心"}
    # every term must occur; a term of one or two characters is read in the texts (bounded scan)
    assert len(_search(db, "政务抖音 蟹黄").keys) == 1
    short = _search(db, "抖音")
    assert short.mode == "scan" and short.complete and sorted(short.keys) == sorted(hits.keys)
    assert _search(db, "没有任何报告写这句话").keys == []


def test_query_is_normalised_like_the_text_traditional_and_full_width(tmp_path, samples_dir):
    corpus = _corpus(tmp_path / "c", samples_dir, ["丁中心"], {"丁中心": "本年度公开ABC123号文件。"})
    db = tmp_path / "g.duckdb"
    ingest_paths([corpus], db, progress=False, workers=1)
    assert len(_search(db, "政務抖音").keys) == 0  # not in the text
    assert len(_search(db, "政府信息公開").keys) == 1  # traditional 開 finds 开
    assert len(_search(db, "ＡＢＣ１２３").keys) == 1  # full-width finds half-width
    assert si.query_terms("  政务  政务 微博 ") == ["政务", "微博"]


def test_passages_mark_every_term_as_plain_text():
    body = "一、概述\n本年度政务微博发布信息200条。\n|\n政务微博\n|\n200\n二、其他" + "啊" * 200 + "政务微博"
    found = si.passages_in(body, ["政务微博"], per_report=3, width=10)
    assert found.occurrences == 3
    assert found.passages[0].startswith("一、概述 / 本年度【政务微博】") and found.passages[0].endswith("…")
    assert " | 【政务微博】 | 200" in found.passages[0]  # a text dump's table row reads as one row
    assert len(found.passages) == 2 and found.passages[1] == "…" + "啊" * 10 + "【政务微博】"
    assert "<" not in "".join(found.passages) and "\n" not in "".join(found.passages)


@pytest.mark.slow
def test_a_replaced_report_leaves_the_index_and_the_command_builds_an_existing_database(tmp_path, samples_dir):
    corpus = _corpus(tmp_path / "c", samples_dir, ["戊中心"], {"戊中心": "第一版：政务头条号。"})
    db = tmp_path / "g.duckdb"
    ingest_paths([corpus], db, progress=False, workers=1)
    assert len(_search(db, "政务头条号").keys) == 1
    # the same file changed (same path): the report is replaced, the old text leaves the index
    path = next(corpus.iterdir())
    path.write_text(path.read_text("utf-8").replace("第一版：政务头条号。", "第二版：政务视频号。"), "utf-8")
    ingest_paths([corpus], db, progress=False, workers=1)
    assert _search(db, "政务头条号").keys == []
    assert len(_search(db, "政务视频号").keys) == 1

    # an index lost (or a database written before it existed): the command rebuilds it from
    # the stored originals, reading the database only
    si.index_path(db).unlink()
    before = db.read_bytes()
    out = subprocess.run(
        [sys.executable, "-m", "pipelines", "search-index", "--db", str(db), "-q"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    assert "1 reports (1 added" in out.stdout
    assert db.read_bytes() == before
    assert len(_search(db, "政务视频号").keys) == 1


def test_combine_keeps_the_scope_and_counts_reports_not_indexed():
    reports = pd.DataFrame(
        {
            "doc_key": [1, 2, 3, 4],
            "unit_id": ["a", "b", "c", "d"],
            "name": ["乙", "甲", "丙", "丁"],
            "year": [2020, 2021, 2021, 2022],
        }
    )
    hits = si.Hits(keys=[2, 3, 9], mode="fts", complete=True, scanned=5, total=5)
    result = q.combine(reports, hits, np.array([1, 2, 3, 9]), ["x"])
    assert result.hits["unit_id"].tolist() == ["c", "b"]  # newest year first, then by name (丙 < 甲 by code point)
    assert result.n_scope == 4 and result.n_unindexed == 1


def test_a_damaged_or_missing_index_is_none_for_the_page(tmp_path):
    assert q.open_index(tmp_path / "none.duckdb") is None
    bad = si.index_path(tmp_path / "bad.duckdb")
    bad.write_bytes(b"not a database")
    con = q.open_index(tmp_path / "bad.duckdb")
    try:
        failed = False
        if con is not None:
            con.execute("SELECT count(*) FROM docs")
    except sqlite3.DatabaseError:
        failed = True
    assert con is None or failed
