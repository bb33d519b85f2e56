"""The int8 OCR models shipped in pipelines/extract/models/ (scripts/quantise_ocr_models.py):
built from the very models of the installed rapidocr wheel, used by default, and reading a
scanned report as right as the float models (issue 10: OCR speed)."""

from __future__ import annotations

import hashlib
import json
import random
import sys
from pathlib import Path

import pytest

from pipelines import settings
from pipelines.extract import ocr

ROOT = Path(__file__).resolve().parents[2]


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_int8_models_are_built_from_the_installed_wheels_models():
    manifest = json.loads((ocr.INT8_DIR / "MANIFEST.json").read_text(encoding="utf-8"))
    det, rec = ocr.float_models()
    assert manifest["source"][ocr.INT8_DET] == {"from": det.name, "sha256": _sha256(det)}
    assert manifest["source"][ocr.INT8_REC] == {"from": rec.name, "sha256": _sha256(rec)}
    for name in (ocr.INT8_DET, ocr.INT8_REC):
        assert manifest["sha256"][name] == _sha256(ocr.INT8_DIR / name)


def test_the_int8_models_are_used_unless_the_setting_says_float(monkeypatch):
    def model_paths(engine) -> set[str]:
        return {
            Path(engine._load_det_model().session.session._model_path).name,
            Path(engine._load_rec_model().session.session._model_path).name,
        }

    monkeypatch.delenv("GOVREPORTS_OCR_MODELS", raising=False)
    assert model_paths(ocr._new_engine()) == {ocr.INT8_DET, ocr.INT8_REC}
    monkeypatch.setenv("GOVREPORTS_OCR_MODELS", "float")
    assert model_paths(ocr._new_engine()) == {p.name for p in ocr.float_models()}
    monkeypatch.setenv("GOVREPORTS_OCR_MODELS", "fp16")
    with pytest.raises(settings.SettingsError, match="ocr_models"):
        ocr._new_engine()


def test_the_int8_recogniser_knows_every_character_of_the_metrics_and_the_unit_registry():
    """Its head is cut to GB 2312 + ASCII: no character of a metric's label or a unit's name
    is lost with it."""
    engine = ocr._new_engine(quantised=True)
    known = set(engine._load_rec_model().postprocess_op.character)
    assert 7000 < len(known) < 7500
    text = (ROOT / "pipelines" / "metrics.csv").read_text(encoding="utf-8")
    text += (ROOT / "data" / "unit_registry.csv").read_text(encoding="utf-8-sig")
    missing = {c for c in text if not c.isspace() and c not in known}
    assert not missing


@pytest.fixture(scope="module")
def scanned_2021_pdf():
    """(scanned PDF bytes, name, truth record) of one generated std2021 report."""
    import tempfile

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from pipelines.demo.generate import generate_corpus
    from scripts.bench_ocr import as_scanned_pdf, scan_pages

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        generate_corpus(corpus, units=3, years=range(2021, 2023), formats=("pdf",), seed=6, flaws=False)
        records = [json.loads(line) for line in (corpus / "truth.jsonl").open(encoding="utf-8")]
        rec = next(
            r for r in records if r["is_report"] and r["family"] == "std2021" and r["file"].endswith(".pdf")
        )
        pages = scan_pages((corpus / rec["file"]).read_bytes(), random.Random(6))
    return as_scanned_pdf(pages), Path(rec["file"]).stem + "_扫描.pdf", rec


@pytest.mark.slow  # OCR of two full pages
def test_the_int8_models_read_a_scanned_2021_report_without_a_wrong_figure(scanned_2021_pdf, monkeypatch):
    from pipelines.ingest import parse_file
    from scripts.accuracy import norm_name, same_value

    data, name, rec = scanned_2021_pdf
    monkeypatch.setattr(ocr, "_engine", ocr._new_engine(quantised=True))
    report = parse_file(data, name)
    got = report.values()
    truth = rec["values"]
    wrong = {m: (v, truth.get(m)) for m, v in got.items() if not (m in truth and same_value(v, truth[m]))}
    assert not wrong
    assert norm_name(report.unit_name) == norm_name(rec["unit"]) and report.year == rec["year"]
    assert len(got) >= 0.95 * len(truth), sorted(set(truth) - set(got))
    assert all(f.origin == "ocr" for f in report.figures if f.confidence is not None)
