"""Fixtures of the demo-corpus tests: generated corpora, read back through truth.jsonl."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

# The editable install maps `pipelines` as a namespace package when the project root is not
# on sys.path (pytest does not add it), and importlib.resources then cannot read
# pipelines/metrics.csv. Put the root first so `pipelines` is the regular package.
ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pipelines.demo.generate import generate_corpus  # noqa: E402

ACCURACY_WEIGHTS = {"txt": 0.4, "html": 0.3, "docx": 0.15, "pdf": 0.15}


def load_truth(corpus: Path) -> list[dict]:
    with (corpus / "truth.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


@pytest.fixture(scope="module")
def default_corpus(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The corpus build_demo makes (150 units, 2012–2025, seed 7, flaws on)."""
    out = tmp_path_factory.mktemp("default_corpus")
    generate_corpus(out)
    return out, load_truth(out)


@pytest.fixture(scope="module")
def mixed_corpus(tmp_path_factory) -> tuple[Path, list[dict]]:
    """A smaller corpus with many PDF/DOCX files (every format × family)."""
    out = tmp_path_factory.mktemp("mixed_corpus")
    generate_corpus(out, units=40, years=range(2012, 2026), seed=5, format_weights=ACCURACY_WEIGHTS)
    return out, load_truth(out)
