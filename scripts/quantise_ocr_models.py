"""Build the int8 OCR models shipped in ``pipelines/extract/models/`` (run once per rapidocr
upgrade; the result is committed, nothing is downloaded or built at run time).

    .venv/bin/python scripts/quantise_ocr_models.py          # writes the two models + MANIFEST.json

From the PP-OCRv6 small detection and recognition models inside the ``rapidocr`` wheel
(Apache-2.0, PaddleOCR), with onnxruntime's static quantisation (QDQ, int8 weights per
channel, uint8 activations, MinMax calibration) — the ``onnx`` package is needed here only:

- calibration pictures: scans of a few generated reports (``scripts/bench_ocr.py``'s scanner,
  seed ``CALIBRATION_SEED``, not one the benchmark is measured with), read as the OCR reads
  them (page turned upright, detected at ``_DET_SIDE``, line crops narrowed);
- recognition: every node quantised except the classifier head (the last MatMul, its bias and
  the Softmax stay float: the recognition score is the softmax's maximum and decides which
  figures are kept); the head is cut to the characters of GB 2312 plus ASCII (7,226 of the
  18,708: the head over 18,710 classes was a fifth of the recogniser's time);
- both models are converted to opset 13 first (per-channel DequantizeLinear needs it);
- each GELU, which the quantiser leaves as DequantizeLinear → Div → Erf → (Quantize/Dequantize
  around each of) Add → Mul → Mul → QuantizeLinear — seven passes over the activations, a
  quarter of either model's time — is replaced by onnxruntime's fused ``com.microsoft`` Gelu
  between the same DequantizeLinear and final QuantizeLinear (``fuse_gelu``; the exact erf
  GELU without the chain's three intermediate roundings to uint8).

``--fuse-only`` applies the last step to the models already in the folder (and rewrites the
manifest's hashes) without quantising again.

MANIFEST.json records the sha256 of the source models (``tests/extract/test_ocr_int8.py``
checks them against the installed wheel), the tools' versions and the calibration.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

CALIBRATION_SEED = 5
CALIBRATION_REPORTS = 3  # one of each family: 6 pages, ~800 line crops (every 4th used)
HEAD = ("MatMul.12", "Add.208", "Softmax.2")  # the recogniser's classifier head (kept float)
HEAD_WEIGHTS = ("linear_8.w_0", "linear_8.b_0")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kept_character(c: str) -> bool:
    """The recogniser's characters kept in the int8 head: GB 2312 and ASCII."""
    if len(c) == 1 and ord(c) < 128:
        return True
    try:
        c.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def calibration_inputs(seed: int, reports: int) -> tuple[list, list]:
    """(detector inputs, recogniser inputs) of scans of generated reports, as the OCR makes
    them, recorded from the float models' sessions."""
    import numpy as np
    from PIL import Image
    from rapidocr.ch_ppocr_rec import TextRecInput
    from rapidocr.inference_engine.onnxruntime import main as ort_main

    from pipelines.extract import ocr
    from scripts.bench_ocr import _make_scans

    det_inputs: list = []
    rec_inputs: list = []
    run = ort_main.OrtInferSession.__call__

    def recording(self, x):  # type: ignore[no-untyped-def]
        (rec_inputs if x.shape[2] == 48 else det_inputs).append(x.copy())
        return run(self, x)

    args = argparse.Namespace(seed=seed, units=12, reports=reports, keep=None)
    scans = _make_scans(args)
    engine = ocr._new_engine(quantised=False)
    ort_main.OrtInferSession.__call__ = recording  # type: ignore[method-assign]
    try:
        rng = random.Random(seed)
        for _rec, fmt, _name, data, _n in scans:
            import io

            if fmt == "pdf":
                import pypdfium2 as pdfium

                pdf = pdfium.PdfDocument(data)
                pages = [
                    np.array(p.render(scale=ocr.SCAN_DPI / 72, grayscale=True).to_pil().convert("L"))
                    for p in pdf
                ]
            else:
                image = Image.open(io.BytesIO(data))
                pages = []
                for i in range(getattr(image, "n_frames", 1)):
                    image.seek(i)
                    pages.append(np.array(image.convert("L")))
            for grey in pages:
                flat = ocr._deskewed(grey, ocr._skew(grey))
                crops = [ocr._crop(flat, q) for q in ocr._detect(engine, flat, bands=False)]
                rng.shuffle(crops)
                for crop in crops[::4]:  # one crop a run: each its own width
                    engine._load_rec_model()(TextRecInput(img=[ocr._narrowed(crop)]))
    finally:
        ort_main.OrtInferSession.__call__ = run  # type: ignore[method-assign]
    return det_inputs, rec_inputs


def quantise(source: Path, target: Path, inputs: list, exclude: tuple[str, ...] = ()) -> None:
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    with tempfile.TemporaryDirectory() as tmp:
        model = onnx.load(str(source))
        if model.opset_import[0].version < 13:
            model = onnx.version_converter.convert_version(model, 13)
        onnx.save(model, f"{tmp}/13.onnx")
        quant_pre_process(f"{tmp}/13.onnx", f"{tmp}/pre.onnx", skip_symbolic_shape=True)
        name = model.graph.input[0].name

        class Reader(CalibrationDataReader):
            def __init__(self) -> None:
                self.items = iter(inputs)

            def get_next(self) -> dict | None:
                x = next(self.items, None)
                return None if x is None else {name: x}

        quantize_static(
            f"{tmp}/pre.onnx",
            str(target),
            Reader(),
            quant_format=QuantFormat.QDQ,
            per_channel=True,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            calibrate_method=CalibrationMethod.MinMax,
            nodes_to_exclude=list(exclude),
        )


def cut_head(path: Path) -> int:
    """The recogniser's head cut to the kept characters (blank first, space last stay)."""
    import numpy as np
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    meta = {p.key: p for p in model.metadata_props}
    characters = meta["character"].value.splitlines()
    index = [0] + [i + 1 for i, c in enumerate(characters) if kept_character(c)] + [len(characters) + 1]
    initializers = {i.name: i for i in model.graph.initializer}
    for name, axis in zip(HEAD_WEIGHTS, (1, 0), strict=True):
        cut = np.ascontiguousarray(np.take(numpy_helper.to_array(initializers[name]), index, axis=axis))
        initializers[name].CopyFrom(numpy_helper.from_array(cut, name))
    meta["character"].value = "\n".join(c for c in characters if kept_character(c))
    for output in model.graph.output:
        dims = output.type.tensor_type.shape.dim
        if len(dims) == 3:
            dims[2].ClearField("dim_param")
            dims[2].dim_value = len(index)
    onnx.save(model, str(path))
    return len(index)


_ELEMENTWISE = {"DequantizeLinear", "QuantizeLinear", "Div", "Mul", "Add", "Erf"}


def fuse_gelu(path: Path) -> int:
    """Each quantised GELU of the model in ``path`` (see the module's doc) replaced by
    DequantizeLinear → com.microsoft Gelu → QuantizeLinear with the chain's own first and last
    quantisation; the number replaced."""
    import collections

    import onnx
    from onnx import helper

    model = onnx.load(str(path))
    graph = model.graph
    initializers = {i.name for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    consumers: dict[str, list] = collections.defaultdict(list)
    for node in graph.node:
        for name in node.input:
            consumers[name].append(node)
    outputs = {o.name for o in graph.output}

    def constant(name: str) -> bool:
        if not name or name in initializers:
            return True
        node = producer.get(name)
        return (
            node is not None
            and node.op_type == "DequantizeLinear"
            and all(not i or i in initializers for i in node.input)
        )

    replaced: dict[int, list] = {}
    removed: set[int] = set()
    for erf in [n for n in graph.node if n.op_type == "Erf"]:
        div = producer.get(erf.input[0])
        if div is None or div.op_type != "Div" or not constant(div.input[1]):
            continue
        first = producer.get(div.input[0])
        if first is None or first.op_type != "DequantizeLinear":
            continue
        # the chain: every elementwise node computed from the first DequantizeLinear alone
        chain = [first]
        made = set(first.output)
        grown = True
        while grown:
            grown = False
            for node in graph.node:
                if (
                    node.op_type in _ELEMENTWISE
                    and id(node) not in {id(c) for c in chain}
                    and any(i in made for i in node.input)
                    and all(i in made or constant(i) for i in node.input)
                ):
                    chain.append(node)
                    made.update(node.output)
                    grown = True

        def leaving(nodes: list) -> set[str]:
            inside = {id(n) for n in nodes}
            return {
                o
                for n in nodes
                for o in n.output
                if o in outputs or any(id(c) not in inside for c in consumers[o])
            }

        while True:  # the chain ends at a QuantizeLinear: the DequantizeLinears after it are not part
            out = leaving(chain)
            after = [
                producer[o]
                for o in out
                if producer[o].op_type == "DequantizeLinear" and producer[o] is not first
            ]
            if not after:
                break
            chain = [n for n in chain if all(n is not a for a in after)]
        last = producer[next(iter(out))] if len(out) == 1 else None
        kinds = collections.Counter(n.op_type for n in chain)
        if (
            last is None
            or last.op_type != "QuantizeLinear"
            or kinds["Erf"] != 1
            or kinds["Mul"] != 2
            or kinds["Add"] != 1
        ):
            continue
        name = f"{last.output[0]}_gelu"
        replaced[id(first)] = [
            first,
            helper.make_node("Gelu", [first.output[0]], [name], domain="com.microsoft", name=name),
            helper.make_node(
                "QuantizeLinear", [name, *last.input[1:]], [last.output[0]], name=f"{name}_quantise"
            ),
        ]
        removed.update(id(n) for n in chain)
    nodes = []
    for node in graph.node:
        nodes.extend(replaced.get(id(node), []))
        if id(node) not in removed:
            nodes.append(node)
    del graph.node[:]
    graph.node.extend(nodes)
    while True:  # the chain's constants (DequantizeLinear of an initializer) now feed nothing
        used = {i for n in graph.node for i in n.input} | outputs
        dead = [n for n in graph.node if n.op_type == "DequantizeLinear" and not set(n.output) & used]
        if not dead:
            break
        for node in dead:
            graph.node.remove(node)
    used = {i for n in graph.node for i in n.input}
    unused = [i for i in graph.initializer if i.name not in used]
    for initializer in unused:
        graph.initializer.remove(initializer)
    if replaced and not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save(model, str(path))
    return len(replaced)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=None, help="folder (default: the package's)")
    parser.add_argument("--fuse-only", action="store_true", help="only fuse the GELUs of the models there")
    args = parser.parse_args(argv)

    from importlib.metadata import version

    import onnx
    import onnxruntime

    from pipelines.extract import ocr

    out = args.out or ocr.INT8_DIR
    out.mkdir(parents=True, exist_ok=True)
    det_src, rec_src = ocr.float_models()
    if args.fuse_only:
        manifest = json.loads((out / "MANIFEST.json").read_text(encoding="utf-8"))
        for name in (ocr.INT8_DET, ocr.INT8_REC):
            print(f"{name}: {fuse_gelu(out / name)} GELUs fused")
            manifest["sha256"][name] = sha256(out / name)
        manifest["gelu"] = "com.microsoft.Gelu"
        (out / "MANIFEST.json").write_text(
            json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        return 0
    det_inputs, rec_inputs = calibration_inputs(CALIBRATION_SEED, CALIBRATION_REPORTS)
    print(f"calibration: {len(det_inputs)} pages, {len(rec_inputs)} line crops")
    quantise(det_src, out / ocr.INT8_DET, det_inputs)
    quantise(rec_src, out / ocr.INT8_REC, rec_inputs, exclude=HEAD)
    classes = cut_head(out / ocr.INT8_REC)
    for name in (ocr.INT8_DET, ocr.INT8_REC):
        print(f"{name}: {fuse_gelu(out / name)} GELUs fused")
    manifest = {
        "source": {
            ocr.INT8_DET: {"from": det_src.name, "sha256": sha256(det_src)},
            ocr.INT8_REC: {"from": rec_src.name, "sha256": sha256(rec_src)},
        },
        "sha256": {ocr.INT8_DET: sha256(out / ocr.INT8_DET), ocr.INT8_REC: sha256(out / ocr.INT8_REC)},
        "rapidocr": version("rapidocr"),
        "onnxruntime": onnxruntime.__version__,
        "onnx": onnx.__version__,
        "calibration": {
            "seed": CALIBRATION_SEED,
            "reports": CALIBRATION_REPORTS,
            "pages": len(det_inputs),
            "line_crops": len(rec_inputs),
        },
        "recognition_classes": classes,
        "gelu": "com.microsoft.Gelu",
        "licence": "Apache-2.0 (derived from PaddleOCR's PP-OCRv6 models as shipped in the rapidocr wheel)",
    }
    (out / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for name in (ocr.INT8_DET, ocr.INT8_REC):
        print(f"{out / name}: {(out / name).stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
