"""Bad input: one clear line each in rejected_files and the summary, exit 0, nothing loaded lost."""

from __future__ import annotations

import hashlib
import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.db import connect_readonly
from pipelines.ingest import ingest_paths, reparse_database
from tests.ingest.archives import zip_bytes
from tests.ingest.ingesthelpers import private_copy_sizes

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "2017_北京市东城区政务服务中心.txt"


def _numerals(i: int) -> str:
    """A distinct unit name part in Chinese numerals: a unit's name never holds digits (the
    parser leaves such a text unplaced), so '测试0001中心' would not be placed."""
    return "".join("零一二三四五六七八九"[int(d)] for d in f"{i:04d}")


@pytest.fixture
def loaded_db(tmp_path, samples_dir):
    """A database that already holds the real 2017 report."""
    db = tmp_path / "g.duckdb"
    ingest_paths([samples_dir / SAMPLE], db, progress=False)
    return db


def _figures(db: Path) -> list:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT report_id, metric, value, raw_text, provenance FROM report_values ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()


def _pdf_bytes() -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.setFont("STSong-Light", 12)
    for i in range(40):
        c.drawString(50, 800 - i * 18, f"宿迁市测试局2021年政府信息公开工作年度报告 第{i}行")
    c.showPage()
    c.save()
    return buf.getvalue()


_zip = zip_bytes


def make_bad_inputs(folder: Path, samples_dir: Path) -> dict[str, str]:
    """Write every kind of bad input; returns file name → a word its rejection reason must contain."""
    folder.mkdir(parents=True, exist_ok=True)
    report = (samples_dir / SAMPLE).read_bytes()
    files = {
        "empty.txt": (b"", "empty"),
        "junk.txt": (bytes(range(256)) * 64, "binary"),
        "truncated.pdf": (_pdf_bytes()[:700], "pdf"),
        "renamed.docx": ("这不是一个Word文件".encode(), "docx"),
        "huge.html": (
            b"<html><body>" + b"<p>" + "政府信息公开".encode() * 3_000_000 + b"</p></body></html>",
            "MB",
        ),
        "slip.zip": (_zip({"ok.txt": report, "../../evil.txt": report}), ".."),
        "absolute.zip": (_zip({"/etc/evil.txt": report}), "absolute"),
        "bomb.zip": (_zip({"big.txt": b"0" * (120 * 1024 * 1024)}), "limit"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return {name: word for name, (_, word) in files.items()}


@pytest.mark.slow  # a whole ingest or CLI run: full suite only (keeps the fast lane under a minute)
def test_every_bad_input_is_rejected_with_a_reason_and_nothing_loaded_changes(
    loaded_db, tmp_path, samples_dir
):
    expected = make_bad_inputs(tmp_path / "bad", samples_dir)
    before = _figures(loaded_db)
    summary = ingest_paths([tmp_path / "bad"], loaded_db, progress=False)
    reasons = {Path(p).name: r for p, r in summary.rejected}
    for name, word in expected.items():
        assert name in reasons, f"{name} not rejected"
        assert word.lower() in reasons[name].lower(), (name, reasons[name])
        assert "Traceback" not in reasons[name] and "\n" not in reasons[name]
    assert summary.loaded == 0
    assert _figures(loaded_db) == before
    con = duckdb.connect(str(loaded_db), read_only=True)
    stored = {Path(p).name for (p,) in con.execute("SELECT source_path FROM rejected_files").fetchall()}
    assert set(expected) <= stored


@pytest.mark.slow
def test_a_report_text_without_unit_is_kept_unplaced_then_placed_by_the_officer(loaded_db, tmp_path, samples_dir):
    """Never only rejected: the fragment is kept with its figures and candidates, out of the
    reports; `govreports place` places it (held in the officers' store until the next writer
folds it into the file), and the placement survives reparse."""
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "fragment.txt").write_bytes((samples_dir / "real" / "001.txt").read_bytes())
    summary = ingest_paths([folder], loaded_db, progress=False)
    assert summary.loaded == 0 and not summary.rejected
    assert [Path(p).name for p, _ in summary.unplaced] == ["fragment.txt"]
    assert "单位" in summary.unplaced[0][1]
    con = duckdb.connect(str(loaded_db), read_only=True)
    reason, n_figures, years = con.execute(
        "SELECT reason, n_figures, [c.value FOR c IN candidates IF c.field = 'year'] "
        "FROM unplaced_reports WHERE source_path LIKE '%fragment.txt'"
    ).fetchone()
    assert "单位" in reason and n_figures > 0 and years
    assert not con.execute("SELECT count(*) FROM reports WHERE source_path LIKE '%fragment.txt'").fetchone()[0]
    assert not con.execute("SELECT count(*) FROM rejected_files WHERE source_path LIKE '%fragment.txt'").fetchone()[0]
    con.close()
    run = [sys.executable, "-m", "pipelines"]
    proc = subprocess.run(
        [*run, "place", "fragment.txt", "--unit", "某某县人民政府", "--year", "2024", "--db", str(loaded_db)],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    for _ in range(2):  # placed (held in the officers' store), then still placed after reparse (in the file)
        con = connect_readonly(loaded_db)
        row = con.execute(
            "SELECT unit_name, year, n_figures FROM reports WHERE source_path LIKE '%fragment.txt'"
        ).fetchone()
        assert row is not None and row[:2] == ("某某县人民政府", 2024) and row[2] == n_figures
        assert not con.execute("SELECT count(*) FROM unplaced_reports").fetchone()[0]
        con.close()
        reparse_database(loaded_db, progress=False)


@pytest.mark.slow  # a whole ingest or CLI run: full suite only (keeps the fast lane under a minute)
def test_cli_exits_0_with_rejections_and_prints_them(loaded_db, tmp_path, samples_dir):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "junk.txt").write_bytes(os.urandom(4096))
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines", "ingest", str(bad), "--db", str(loaded_db), "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "empty.txt" in proc.stdout and "junk.txt" in proc.stdout and "rejected" in proc.stdout


@pytest.mark.slow  # a CLI subprocess (~0.7 s): the full suite runs it, the fast lane does not
def test_cli_fails_cleanly_when_the_database_cannot_be_written(tmp_path, samples_dir):
    target = tmp_path / "not-a-db.duckdb"
    target.write_text("this is not a duckdb file")
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines", "ingest", str(samples_dir / SAMPLE), "--db", str(target), "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode != 0
    assert "error" in proc.stderr.lower() and "Traceback" not in proc.stderr
    assert target.read_text() == "this is not a duckdb file"


@pytest.mark.slow  # ingests a 1,500-file corpus in a child process: 5–20 s
def test_sigkill_mid_ingest_leaves_the_database_as_it_was(loaded_db, tmp_path, samples_dir):
    corpus = tmp_path / "many"
    corpus.mkdir()
    text = (samples_dir / SAMPLE).read_text(encoding="utf-8")
    for i in range(1500):  # distinct units and contents, so every file is a new report
        (corpus / f"r{i:04d}.txt").write_text(
            text.replace("东城区政务服务中心", f"东城区测试{_numerals(i)}中心"), encoding="utf-8"
        )
    digest = hashlib.sha256(loaded_db.read_bytes()).hexdigest()
    proc = subprocess.Popen(
        [sys.executable, "-m", "pipelines", "ingest", str(corpus), "--db", str(loaded_db), "-q"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    # Well inside the load: the run's private copy has grown at least twice (loader flushes).
    assert len(private_copy_sizes(tmp_path, flushes=2)) >= 2, "the run never wrote to its private copy"
    assert proc.poll() is None, "ingest finished before it could be killed: make the corpus bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert hashlib.sha256(loaded_db.read_bytes()).hexdigest() == digest
    assert len(_figures(loaded_db)) > 0
    # the next ingest cleans the debris and completes
    again = ingest_paths([corpus], loaded_db, progress=False, workers=2)
    assert again.loaded == 1500
    assert not list(tmp_path.glob("g.duckdb.tmp-*"))


def test_a_running_reader_keeps_answering_and_sees_new_data_only_when_complete(
    loaded_db, tmp_path, samples_dir
):

    reader = connect_readonly(loaded_db)
    assert reader.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    extra = tmp_path / "extra"
    extra.mkdir()
    text = (samples_dir / SAMPLE).read_text(encoding="utf-8")
    for i in range(3):
        (extra / f"x{i}.txt").write_text(
            text.replace("东城区政务服务中心", f"东城区另一{_numerals(i)}中心"), encoding="utf-8"
        )
    summary = ingest_paths([extra], loaded_db, progress=False)
    assert summary.loaded == 3
    assert reader.execute("SELECT count(*) FROM reports").fetchone()[0] == 1  # its snapshot
    fresh = connect_readonly(loaded_db)
    assert fresh.execute("SELECT count(*) FROM reports").fetchone()[0] == 4


def test_unreadable_document_formats_get_a_line_each_in_folders_and_zips(loaded_db, tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512  # an old Word .doc
    (folder / "2019年报告.doc").write_bytes(ole)
    (folder / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0")  # not a document: skipped, counted
    (folder / "bundle.zip").write_bytes(_zip({"inner/2020年报告.doc": ole, "inner/logo.png": b"\x89PNG"}))
    summary = ingest_paths([folder], loaded_db, progress=False)
    reasons = {Path(p).name: r for p, r in summary.rejected}
    assert "save it as .docx" in reasons["2019年报告.doc"]
    assert "save it as .docx" in reasons["2020年报告.doc"]
    # a loose picture in a folder is counted as skipped; a zip member is listed with its reason
    assert "picture" in reasons["logo.png"]
    assert summary.skipped == 1 and len(summary.rejected) == 3


@pytest.mark.slow  # two CLI subprocesses (~0.8 s each)
@pytest.mark.parametrize("where", ["/proc/govreports-test/x.duckdb", "file-as-folder"])
def test_cli_reports_an_unwritable_database_path_in_one_line(tmp_path, samples_dir, where):
    if where == "file-as-folder":
        (tmp_path / "plain").write_text("x")
        where = str(tmp_path / "plain" / "x.duckdb")
    proc = subprocess.run(
        [sys.executable, "-m", "pipelines", "ingest", str(samples_dir / SAMPLE), "--db", where, "-q"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.startswith("error:") and "Traceback" not in proc.stderr
