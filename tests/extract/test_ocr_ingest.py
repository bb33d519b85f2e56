"""Scans in an ingest run (issue 10): text reports first, scans after them, and the OCR
progress of every page reported in the caller's thread, whether the files are parsed here
(a small batch) or in a pool of worker processes (a large one)."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest
from test_extract_ocr import _pdf_of_picture, _scan_png

pytestmark = pytest.mark.slow  # OCR of two pictures, per parametrisation


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    """(text report files, the two scans): a picture and a PDF with only that picture."""
    from pipelines.demo.generate import generate_corpus

    folder = tmp_path_factory.mktemp("mixed")
    generate_corpus(folder / "corpus", units=14, years=range(2020, 2022), formats=("txt",), seed=5, flaws=False)
    texts = sorted((folder / "corpus").rglob("*.txt"))
    png = _scan_png()
    scans = [folder / "扫描件甲.png", folder / "扫描件乙.pdf"]
    scans[0].write_bytes(png)
    scans[1].write_bytes(_pdf_of_picture(png))
    return texts, scans


@pytest.mark.parametrize("workers", [1, 2], ids=["here", "pool"])
def test_scans_are_read_after_the_text_reports_with_progress_per_page(inputs, tmp_path, workers):
    from pipelines.extract import ocr
    from pipelines.ingest import PARALLEL_MIN_FILES, ingest_paths

    texts, scans = inputs
    files = texts if workers > 1 else texts[:5]
    assert workers == 1 or len(files) >= PARALLEL_MIN_FILES  # the pool path is taken
    # the scans come first in the run, the text reports are queued behind them
    paths = [scans[0], *files[: len(files) // 2], scans[1], *files[len(files) // 2 :]]
    done: list[str] = []
    pages: list[tuple[str, int, int, bool]] = []
    ocr.set_progress(
        lambda name, page, total: pages.append(
            (Path(name).name, page, total, threading.current_thread() is threading.main_thread())
        )
    )
    try:
        summary = ingest_paths(
            paths, tmp_path / "db.duckdb", progress=lambda n, total, name: done.append(Path(name).name),
            workers=workers,
        )
    finally:
        ocr.set_progress(None)
    assert not summary.rejected
    assert len(done) == len(paths)
    # every text report was parsed and recorded before the first scan
    assert sorted(done[-2:]) == sorted(p.name for p in scans)
    assert set(done[:-2]) == {p.name for p in files}
    # each scan's page, reported once, from the caller's thread (the 导入 page draws there)
    assert sorted(pages) == sorted((p.name, 1, 1, True) for p in scans)
    con = duckdb.connect(str(tmp_path / "db.duckdb"), read_only=True)
    origins = dict(
        con.execute(
            "SELECT r.source_path, count(*) FILTER (WHERE v.origin = 'ocr' AND v.confidence > 0) "
            "FROM reports r JOIN report_values v USING (report_id) GROUP BY 1"
        ).fetchall()
    )
    con.close()
    # the two scans are one report (same unit and year): the later one replaced the earlier
    assert origins.get(str(scans[1]), 0) > 0 and str(scans[0]) not in origins


def test_a_scan_placed_later_keeps_the_confidence_of_its_figures(tmp_path):
    """A scan whose unit and year cannot be read (its title cut off) is kept unplaced; placed
    by an officer, its figures are those a direct reading with that unit and year gives: origin 'ocr', the same
    recognition scores and page boxes."""
    import io

    from PIL import Image

    from pipelines.db import connect_readonly
    from pipelines.ingest import ingest_paths, parse_file
    from pipelines.model import PlacementHints
    from pipelines.placing import place_source

    picture = Image.open(io.BytesIO(_scan_png()))
    buf = io.BytesIO()
    picture.crop((0, 250, picture.width, picture.height)).save(buf, "PNG")  # no title
    path = tmp_path / "扫描件.png"
    path.write_bytes(buf.getvalue())
    db = tmp_path / "db.duckdb"
    summary = ingest_paths([path], db, progress=False)
    assert [p for p, _ in summary.unplaced] == [str(path)]
    con = duckdb.connect(str(db), read_only=True)
    kept = con.execute("SELECT f.origin FROM unplaced_reports, unnest(figures) AS t(f)").fetchall()
    con.close()
    assert kept and {origin for (origin,) in kept} == {"ocr"}

    place_source(db, path.name, "测试区", 2021)
    con = connect_readonly(db)  # the placement is held in the officers' store, shown by readers
    stored = con.execute("SELECT metric, origin, confidence, provenance FROM report_values").fetchall()
    con.close()
    said = PlacementHints(unit="测试区", year=2021, said_by="officer")
    direct = parse_file(path.read_bytes(), str(path), hints=said)
    expected = {f.metric: ("ocr", f.confidence, f.provenance) for f in direct.figures}
    assert stored and {m: (o, c, p) for m, o, c, p in stored} == expected
    assert all(0.9 <= c <= 1 for _, _, c, _ in stored)
