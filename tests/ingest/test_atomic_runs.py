"""Issue 11, point 3 (and the lock part of 6): a run is published once, whole, at its end; a
SIGKILL at any moment leaves the published file byte-identical; a second writer says what it
waits for."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import pipelines.ingest as ingest_mod
from pipelines.db import Writer, writer_lock
from pipelines.ingest import ingest_paths
from tests.ingest.ingesthelpers import private_copy_sizes

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "2017_北京市东城区政务服务中心.txt"


def _numerals(i: int) -> str:
    """A distinct unit name part in Chinese numerals: a unit's name never holds digits (the
    parser leaves such a text unplaced), so '测试0001中心' would not be placed."""
    return "".join("零一二三四五六七八九"[int(d)] for d in f"{i:04d}")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _corpus(folder: Path, samples_dir: Path, n: int) -> Path:
    folder.mkdir()
    text = (samples_dir / SAMPLE).read_text(encoding="utf-8")
    for i in range(n):  # distinct units and contents: every file is a new report
        (folder / f"r{i:04d}.txt").write_text(
            text.replace("东城区政务服务中心", f"东城区测试{_numerals(i)}中心"), "utf-8"
        )
    return folder


@pytest.fixture
def loaded_db(tmp_path, samples_dir):
    db = tmp_path / "g.duckdb"
    ingest_paths([samples_dir / SAMPLE], db, progress=False)
    return db


@pytest.mark.slow
def test_a_long_run_publishes_once_at_its_end(loaded_db, tmp_path, samples_dir, monkeypatch):
    """A clock that runs 100 s per look: any time-based intermediate publish would fire."""
    corpus = _corpus(tmp_path / "many", samples_dir, 520)  # > one loader flush of 500
    published = []
    real_publish = Writer.publish

    def counting_publish(self, *args, **kwargs):
        published.append(_sha(loaded_db))
        return real_publish(self, *args, **kwargs)

    clock = iter(range(0, 10**9, 100))
    monkeypatch.setattr(Writer, "publish", counting_publish)
    monkeypatch.setattr(ingest_mod.time, "monotonic", lambda: float(next(clock)))
    summary = ingest_paths([corpus], loaded_db, progress=False, workers=1)
    assert summary.loaded == 520
    assert len(published) == 1


@pytest.mark.slow
def test_sigkill_late_in_a_run_leaves_the_published_file_byte_identical(loaded_db, tmp_path, samples_dir):
    corpus = _corpus(tmp_path / "many", samples_dir, 1500)
    digest, inode = _sha(loaded_db), loaded_db.stat().st_ino
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "pipelines",
            "ingest",
            str(corpus),
            "--db",
            str(loaded_db),
            "-q",
            "--workers",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        # Events, not delays: the run's private copy appears, then grows with each loader
        # flush; the live file must stay the same file throughout.
        sizes = private_copy_sizes(tmp_path, flushes=3)
        assert len(sizes) >= 3, "the run never wrote to its private copy"
        assert loaded_db.stat().st_ino == inode, "the live file was replaced during the run"
        assert proc.poll() is None, "ingest finished before it could be killed: make the corpus bigger"
        os.kill(proc.pid, signal.SIGKILL)
    finally:
        proc.kill()
        proc.wait()
    assert _sha(loaded_db) == digest and loaded_db.stat().st_ino == inode


@pytest.mark.slow
def test_a_second_writer_says_what_it_waits_for(loaded_db, tmp_path, samples_dir):
    corpus = _corpus(tmp_path / "few", samples_dir, 2)
    release = threading.Event()
    holding = threading.Event()

    def hold():
        with writer_lock(loaded_db):
            holding.set()
            release.wait(30)

    holder = threading.Thread(target=hold)
    holder.start()
    holding.wait(10)
    try:
        proc = subprocess.Popen(
            [sys.executable, "-m", "pipelines", "ingest", str(corpus), "--db", str(loaded_db), "-q"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = proc.stderr.readline()  # printed before it blocks
        assert "waiting for another writer" in line and "lock" in line
        assert f"pid {os.getpid()}" in line, line
        assert proc.poll() is None
    finally:
        release.set()
        holder.join()
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 0, err
    assert "2" in out
