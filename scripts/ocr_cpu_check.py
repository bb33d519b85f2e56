"""Do the OCR models read the same on another CPU? Replay one scanned report's model inputs and compare.

    .venv/bin/python scripts/ocr_cpu_check.py capture /tmp/ocr_inputs.pkl
    .venv/bin/python scripts/ocr_cpu_check.py replay int8 /tmp/ocr_inputs.pkl /tmp/int8_here.pkl
    valgrind --tool=none .venv/bin/python scripts/ocr_cpu_check.py replay int8 /tmp/ocr_inputs.pkl /tmp/int8_avx2.pkl
    .venv/bin/python scripts/ocr_cpu_check.py compare /tmp/int8_here.pkl /tmp/int8_avx2.pkl

``capture`` reads a scanned generated 2021 report (the one of tests/extract/test_ocr_int8.py) and keeps every
input the detector was given. ``replay`` runs the ``int8`` or ``float`` detector on them, the product's own session
(``ocr._new_engine``), and keeps its probability maps. valgrind does not emulate AVX-512 or VNNI, so a
replay under it is what an AVX2-only CPU computes (slow: about a minute). ``compare`` prints, for each input,
the largest difference between two replays and how many pixels fall on the other side of the detector's
threshold (0.3). The int8 detector read 9 % of a page's ink pixels differently under valgrind (onnxruntime's AVX2
kernel saturates its 16-bit pair sums); pipelines/extract/ocr.py ``int8_exact_here`` follows from it.
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

THRESHOLD = 0.3  # rapidocr's detector threshold on the probability map


def _engine(models: str):  # type: ignore[no-untyped-def]
    """The product's OCR engine (``ocr._new_engine``: its session options, one thread) with the int8 or float models."""
    from pipelines.extract import ocr

    return ocr._new_engine(quantised=models == "int8")


def capture(out: Path) -> int:
    import numpy as np

    from pipelines.extract import ocr
    from pipelines.ingest import parse_file
    from scripts.bench_ocr import scanned_2021_report

    data, name, _ = scanned_2021_report()
    inputs: list = []
    engine = _engine("int8" if ocr._quantised_models() else "float")
    det = engine._load_det_model()
    session = det.session

    class Recording:  # the detector's session, keeping what it is given
        def __call__(self, x):  # type: ignore[no-untyped-def]
            inputs.append(np.array(x))
            return session(x)

        def __getattr__(self, attr: str):  # type: ignore[no-untyped-def]
            return getattr(session, attr)

    det.session = Recording()
    ocr._engine = engine
    parse_file(data, name)
    out.write_bytes(pickle.dumps(inputs))
    print(f"{len(inputs)} detector inputs → {out}")
    return 0


def replay(models: str, inputs_path: Path, out: Path) -> int:
    session = _engine(models)._load_det_model().session
    maps = [session(x) for x in pickle.loads(inputs_path.read_bytes())]
    out.write_bytes(pickle.dumps(maps))
    print(f"{models}: {len(maps)} maps → {out}")
    return 0


def compare(a: Path, b: Path) -> int:
    import numpy as np

    left, right = pickle.loads(a.read_bytes()), pickle.loads(b.read_bytes())
    differing = 0
    for x, y in zip(left, right, strict=True):
        flipped = int(((x > THRESHOLD) != (y > THRESHOLD)).sum())
        differing += flipped
        print(f"{x.shape}: max difference {float(np.abs(x - y).max()):.4f}, {flipped} of {x.size} pixels flipped")
    print("the same reading" if differing == 0 else f"{differing} pixels read differently")
    return 0 if differing == 0 else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("capture").add_argument("out", type=Path)
    rep = sub.add_parser("replay")
    rep.add_argument("models", choices=("int8", "float"))
    rep.add_argument("inputs", type=Path)
    rep.add_argument("out", type=Path)
    cmp = sub.add_parser("compare")
    cmp.add_argument("a", type=Path)
    cmp.add_argument("b", type=Path)
    args = parser.parse_args(argv)
    if args.command == "capture":
        return capture(args.out)
    if args.command == "replay":
        return replay(args.models, args.inputs, args.out)
    return compare(args.a, args.b)


if __name__ == "__main__":
    raise SystemExit(main())
