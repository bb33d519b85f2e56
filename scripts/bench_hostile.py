"""Peak memory and time of `govreports ingest` on each hostile file of issue 11 (full size),
each next to a good report. Prints one line per case:

    case  exit  seconds  peak RSS of the whole process tree (sampled from /proc every 50 ms)
    largest single process (RUSAGE_CHILDREN)  reports loaded  rejections

Usage: .venv/bin/python scripts/bench_hostile.py [--small] [case …]
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "ingest"))

import hostile_makers as hm  # noqa: E402

GOOD = ROOT / "data" / "samples" / "2017_北京市东城区政务服务中心.txt"
MB = hm.MB

_MEASURE = """
import json, os, resource, subprocess, sys, time

def tree_rss(root):
    kids, rss = {}, {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            kids.setdefault(int(fields[1]), []).append(int(pid))
            rss[int(pid)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, IndexError, ValueError):
            pass
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo.extend(kids.get(pid, []))
    return total

t = time.monotonic()
import tempfile
with tempfile.TemporaryFile("w+") as fo, tempfile.TemporaryFile("w+") as fe:
    proc = subprocess.Popen(sys.argv[1:], stdout=fo, stderr=fe, text=True)
    peak_tree = 0
    while proc.poll() is None:
        peak_tree = max(peak_tree, tree_rss(proc.pid))
        time.sleep(0.1)
    fo.seek(0)
    fe.seek(0)
    out, err = fo.read(), fe.read()
print(json.dumps({"code": proc.returncode, "seconds": time.monotonic() - t, "tree": peak_tree,
                  "peak": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024,
                  "stdout": out, "stderr": err[-2000:]}))
"""


def cases(small: bool) -> dict:
    k = 10 if small else 1
    return {
        "zips": lambda d: hm.many_member_zips(d, 4, 499 // k, MB - 4096),
        "docx": lambda d: hm.docx_xml_bomb(d / "bomb.docx", 190 * MB // k),
        "pdf": lambda d: hm.pdf_stream_bomb(d / "bomb.pdf", 1500 * MB // k),
        "html": lambda d: hm.html_many_cells(d / "cells.html", 1_800_000 // k),
        "text": lambda d: hm.sparse_text(d / "huge.txt", 300 * MB // k),
    }


def measure(cmd: list[str]) -> dict:
    proc = subprocess.run([sys.executable, "-c", _MEASURE, *cmd], capture_output=True, text=True, cwd=ROOT)
    return json.loads(proc.stdout)


def run_case(name: str, make, work: Path) -> dict:
    folder = work / name
    folder.mkdir()
    shutil.copy(GOOD, folder / GOOD.name)
    make(folder)
    db = work / f"{name}.duckdb"
    res = measure([sys.executable, "-m", "pipelines", "ingest", str(folder), "--db", str(db), "-q"])
    import duckdb

    if not db.exists():
        print(res["stderr"], file=sys.stderr)
        res.update(good_loaded="-", rejected="-")
        return res
    con = duckdb.connect(str(db), read_only=True)
    res["good_loaded"] = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    res["rejected"] = con.execute("SELECT count(*) FROM rejected_files").fetchone()[0]
    con.close()
    return res


def main(argv: list[str]) -> None:
    small = "--small" in argv
    wanted = [a for a in argv if not a.startswith("--")]
    with tempfile.TemporaryDirectory(prefix="govreports-hostile-") as tmp:
        for name, make in cases(small).items():
            if wanted and name not in wanted:
                continue
            res = run_case(name, make, Path(tmp))
            reasons = [line for line in res["stdout"].splitlines() if "rejected" in line][:2]
            print(
                f"{name:5} exit {res['code']}  {res['seconds']:6.1f} s  tree peak {res['tree'] / MB:6.0f} MB  "
                f"largest process {res['peak'] / MB:5.0f} MB  "
                f"reports {res['good_loaded']}  rejected rows {res['rejected']}  {' | '.join(reasons)[:200]}",
                flush=True,
            )
            shutil.rmtree(Path(tmp) / name)


if __name__ == "__main__":
    main(sys.argv[1:])
