"""Issue 11, point 4: any file or member name is survivable — stored and shown safely, escaped
on the terminal (rich markup too), never fatal; links out of the input folder not followed."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines.safetext import fs_name, md, rich_text, term
from tests.ingest.archives import zip_bytes as _zip

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = "2017_北京市东城区政务服务中心.txt"


def _report(samples_dir: Path, unit: str) -> bytes:
    text = (samples_dir / SAMPLE).read_text(encoding="utf-8")
    return text.replace("东城区政务服务中心", unit).encode("utf-8")


def _ingest(folder: Path, db: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines", "ingest", str(folder), "--db", str(db), "-q"],
        cwd=ROOT,
        capture_output=True,
        timeout=120,
        env={**os.environ, "COLUMNS": "300"},
    )


@pytest.mark.slow
def test_hostile_names_are_stored_and_printed_safely(tmp_path, samples_dir):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SAMPLE).write_bytes((samples_dir / SAMPLE).read_bytes())
    # a GBK file name (not UTF-8) holding a good report of another unit
    bad_name = os.fsencode(str(folder)) + b"/2017_\xb2\xe2\xca\xd4.txt"
    with open(bad_name, "wb") as fh:
        fh.write(_report(samples_dir, "东城区名字测试中心"))
    # a file name with an escape sequence and a newline
    (folder / "evil\x1b[2J\nname.txt").write_bytes(b"not a report at all")
    (folder / "members.zip").write_bytes(
        _zip(
            {
                "[/]oops.txt": b"junk",
                "[bold red]x[/].txt": b"junk",
                "\x1b]0;pwned\x07title.txt": b"junk",
                "line\nbreak.txt": b"junk",
            }
        )
    )
    db = tmp_path / "g.duckdb"
    proc = _ingest(folder, db)
    out, err = proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Traceback" not in out
    assert "\x1b" not in out and "\x07" not in out, "raw control characters reached the terminal"
    assert "[/]oops.txt" in out and "[bold red]x[/].txt" in out  # markup printed as text
    assert "\\x1b[2J\\x0aname.txt" in out
    con = duckdb.connect(str(db), read_only=True)
    try:
        paths = [r[0] for r in con.execute("SELECT source_path FROM reports ORDER BY 1").fetchall()]
        rejected = [r[0] for r in con.execute("SELECT source_path FROM rejected_files").fetchall()]
    finally:
        con.close()
    assert len(paths) == 2 and any(p.endswith("2017_\\xb2\\xe2\\xca\\xd4.txt") for p in paths)
    assert any(p.endswith("members.zip/[/]oops.txt") for p in rejected)
    assert any("line\nbreak.txt" in p for p in rejected)  # stored as written, escaped when shown


@pytest.mark.slow
def test_links_out_of_the_input_folder_are_not_followed(tmp_path, samples_dir):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(_report(samples_dir, "东城区外部链接中心"))
    (outside / "sub").mkdir()
    (outside / "sub" / "r.txt").write_bytes(_report(samples_dir, "东城区外部目录中心"))
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / SAMPLE).write_bytes((samples_dir / SAMPLE).read_bytes())
    (folder / "link.txt").symlink_to(outside / "secret.txt")
    (folder / "linkdir").symlink_to(outside / "sub")
    (folder / "inside.txt").symlink_to(folder / SAMPLE)  # inside: harmless, a duplicate
    db = tmp_path / "g.duckdb"
    proc = _ingest(folder, db)
    assert proc.returncode == 0, proc.stderr
    con = duckdb.connect(str(db), read_only=True)
    try:
        units = [r[0] for r in con.execute("SELECT unit_name FROM reports").fetchall()]
        rejected = dict(con.execute("SELECT source_path, reason FROM rejected_files").fetchall())
    finally:
        con.close()
    assert units == ["北京市东城区政务服务中心"]
    reasons = {Path(p).name: r for p, r in rejected.items()}
    assert "symbolic link" in reasons["link.txt"] and "outside" in reasons["link.txt"]
    assert "symbolic link" in reasons["linkdir"]


def test_safe_text_helpers():
    assert term("a\x1b[31mb\nc\u202ed") == "a\\x1b[31mb\\x0ac\\u202ed"
    assert rich_text("[/]x") == "\\[/]x"
    assert fs_name(os.fsdecode(b"\xff.txt")) == "\\xff.txt"
    rendered = md("[点此重新登录](https://evil.example) ![p](http://x/y.png) **b** <img src=x>")
    assert re.search(r"(?<!\\)[\[\]()*<>!]", rendered) is None, rendered  # every one escaped
