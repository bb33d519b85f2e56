"""The int8 OCR models shipped in pipelines/extract/models/ (scripts/quantise_ocr_models.py):
built from the very models of the installed rapidocr wheel, used by default, and reading a
scanned report as right as the float models (issue 10: OCR speed)."""

from __future__ import annotations

import hashlib
import json
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

    floats = {p.name for p in ocr.float_models()}
    monkeypatch.delenv("GOVREPORTS_OCR_MODELS", raising=False)
    monkeypatch.setattr(ocr, "_cpu_flags", lambda: frozenset({"avx2", "fma", "avx512_vnni"}))
    assert model_paths(ocr._new_engine()) == {ocr.INT8_DET, ocr.INT8_REC}
    # a CPU without VNNI (AVX2 only) would read the int8 models differently: the float ones by default
    monkeypatch.setattr(ocr, "_cpu_flags", lambda: frozenset({"avx2", "fma"}))
    assert model_paths(ocr._new_engine()) == floats
    monkeypatch.setenv("GOVREPORTS_OCR_MODELS", "int8")  # …unless the setting says int8
    assert model_paths(ocr._new_engine()) == {ocr.INT8_DET, ocr.INT8_REC}
    monkeypatch.setenv("GOVREPORTS_OCR_MODELS", "float")
    monkeypatch.setattr(ocr, "_cpu_flags", lambda: frozenset({"avx512_vnni"}))
    assert model_paths(ocr._new_engine()) == floats
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
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts.bench_ocr import scanned_2021_report

    return scanned_2021_report()


def test_the_int8_models_are_trusted_only_where_the_cpu_multiplies_exactly():
    assert ocr.int8_exact_here(frozenset({"sse4_2", "avx2", "fma", "avx512_vnni"}))  # Intel Xeon, AMD Zen 4
    assert ocr.int8_exact_here(frozenset({"avx2", "avx_vnni"}))  # Alder Lake
    assert not ocr.int8_exact_here(frozenset({"sse4_2", "avx2", "fma"}))  # AMD EPYC Zen 2/3: VPMADDUBSW saturates
    assert not ocr.int8_exact_here(frozenset())  # flags unknown (no /proc/cpuinfo): not checked, not trusted
    assert ocr.int8_exact_here() == bool(ocr._cpu_flags() & {"avx512_vnni", "avx_vnni", "amx_int8"})


@pytest.mark.slow  # OCR of two full pages
@pytest.mark.skipif(
    not ocr.int8_exact_here(),
    reason="this CPU has no VNNI: onnxruntime's int8 kernels saturate here, so the product reads with the float models",
)
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


def _quantised_gelu_chain(path: Path) -> None:
    """A model of one GELU as onnxruntime's quantiser leaves it: Q → DQ → Div → Erf → Q → DQ →
    Add → Q → DQ → Mul (by the input) → Q → DQ → Mul (by 0.5) → Q → DQ."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits = [
        numpy_helper.from_array(np.array(v, dtype=np.float32), n)
        for n, v in (("sqrt2", 2**0.5), ("one", 1.0), ("half", 0.5))
    ]
    nodes = []

    def q(name: str, src: str, scale: float, zero: int) -> str:
        inits.append(numpy_helper.from_array(np.array(scale, dtype=np.float32), f"{name}_s"))
        inits.append(numpy_helper.from_array(np.array(zero, dtype=np.uint8), f"{name}_z"))
        nodes.append(helper.make_node("QuantizeLinear", [src, f"{name}_s", f"{name}_z"], [f"{name}_q"]))
        nodes.append(
            helper.make_node("DequantizeLinear", [f"{name}_q", f"{name}_s", f"{name}_z"], [f"{name}_d"])
        )
        return f"{name}_d"

    x = q("x", "input", 8 / 255, 128)
    nodes.append(helper.make_node("Div", [x, "sqrt2"], ["div"]))
    nodes.append(helper.make_node("Erf", ["div"], ["erf"]))
    e = q("e", "erf", 2 / 255, 128)
    nodes.append(helper.make_node("Add", [e, "one"], ["add"]))
    a = q("a", "add", 2 / 255, 0)
    nodes.append(helper.make_node("Mul", [x, a], ["mul"]))
    m = q("m", "mul", 9 / 255, 15)
    nodes.append(helper.make_node("Mul", [m, "half"], ["gelu"]))
    out = q("g", "gelu", 4.5 / 255, 15)
    nodes.append(helper.make_node("Identity", [out], ["output"]))
    graph = helper.make_graph(
        nodes,
        "gelu",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, [1, 256])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, [1, 256])],
        inits,
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)]), str(path))


def test_fuse_gelu_replaces_the_quantised_chain_by_one_gelu_of_the_same_quantisation(tmp_path):
    import math

    import numpy as np
    import onnx
    import onnxruntime

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from scripts.quantise_ocr_models import fuse_gelu

    path = tmp_path / "gelu.onnx"
    _quantised_gelu_chain(path)
    x = np.linspace(-4, 4, 256, dtype=np.float32)[None, :]

    def run() -> np.ndarray:
        session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
        return session.run(None, {"input": x})[0][0]

    chain = run()
    assert fuse_gelu(path) == 1
    kinds = [n.op_type for n in onnx.load(str(path)).graph.node]
    assert "Erf" not in kinds and "Div" not in kinds and kinds.count("Gelu") == 1
    fused = run()
    step = 4.5 / 255
    read = (np.clip(np.round(x[0] / (8 / 255)) + 128, 0, 255) - 128) * (8 / 255)  # the input as quantised
    exact = np.array([0.5 * v * (1 + math.erf(v / 2**0.5)) for v in read])
    # the fused GELU is exact up to the output's own quantisation step ...
    assert np.abs(fused - exact).max() <= step / 2 + 1e-6
    # ... and differs from the chain (three more roundings) by at most a few steps
    assert np.abs(fused - chain).max() <= 4 * step
    assert fuse_gelu(path) == 0  # nothing left to fuse


def test_the_shipped_models_have_their_gelus_fused():
    import onnx

    for name in (ocr.INT8_DET, ocr.INT8_REC):
        kinds = [n.op_type for n in onnx.load(str(ocr.INT8_DIR / name)).graph.node]
        assert "Erf" not in kinds
        assert kinds.count("Gelu") == 13
