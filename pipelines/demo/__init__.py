"""The demo corpus and the embedded demo database.

``build_demo`` generates the synthetic corpus (``data/demo_corpus/``, deterministic) and
loads it with the REAL ingest (never by inserting the truth), marked ``is_demo``; then
the real samples in ``data/samples/`` go in as real reports (``is_demo`` false).

Place names are real (江苏省宿迁市 and its districts/counties, so region resolution works
as on real reports), figures are invented; the database marks every generated report
``is_demo`` and the UI shows 示例数据 on everything built on them.
"""

from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.errors import DatabaseError

if TYPE_CHECKING:
    from pipelines.ingest import IngestSummary

PROJECT_ROOT = Path(__file__).resolve().parent.parent.parent
DEFAULT_CORPUS = PROJECT_ROOT / "data" / "demo_corpus"
SAMPLES = PROJECT_ROOT / "data" / "samples"


@dataclass
class DemoBuild:
    """What build_demo did: the two ingest summaries and the time each step took."""

    db_path: Path
    corpus: Path
    generated_files: int
    demo: IngestSummary  # of the generated files
    samples: IngestSummary  # of the real samples
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def loaded(self) -> int:
        return self.demo.loaded + self.demo.replaced + self.samples.loaded + self.samples.replaced

    @property
    def rejected(self) -> list[tuple[str, str]]:
        return [*self.demo.rejected, *self.samples.rejected]


def sample_files(root: Path = SAMPLES) -> list[Path]:
    """The real sample reports shipped in data/samples (the legacy 2017 report and fragments)."""
    return sorted(root.glob("2017_*.txt")) + sorted((root / "real").glob("*.txt"))


def corpus_files(corpus: Path) -> list[Path]:
    """The generated files listed in the corpus truth (so truth.jsonl itself is never ingested)."""
    from pipelines.demo.generate import read_truth

    return [corpus / rec["file"] for rec in read_truth(corpus)]


def install_registry(corpus: Path, db_path: Path) -> Path | None:
    """Put the corpus' 应报单位名单 where the database looks for it (``unit_registry.csv``
    next to the database, or $GOVREPORTS_REGISTRY) — unless an officer's own registry is
    there: a file whose every row is marked 示例数据 is the demo's and may be replaced."""
    from pipelines import registry

    source = Path(corpus) / registry.FILE_NAME
    if not source.exists():
        return None
    target = registry.registry_path(db_path)
    if target.exists():
        try:
            current = registry.read_csv(target)
        except (registry.RegistryError, OSError, ValueError):
            return None  # not ours to overwrite
        if not current["note"].astype(str).str.startswith("示例数据").all():
            print(f"保留已有的应报单位名单 {target}（不是示例数据名单）", file=sys.stderr)
            return None
    registry.write_csv(registry.read_csv(source), target)
    return target


def build_demo(
    db_path: Path | None = None,
    out_dir: Path | None = None,
    units: int = 150,
    progress: bool = True,
) -> DemoBuild:
    """Generate the demo corpus and ingest it (is_demo=True), then the real samples.

    The corpus folder is recreated each time (same seed → same bytes, so re-running is
    cheap for the ingest: unchanged files are recognised by content hash).
    """
    from pipelines.db import default_db_path
    from pipelines.demo.generate import generate_corpus
    from pipelines.ingest import ingest_paths

    db_path = Path(db_path) if db_path else default_db_path()
    corpus = Path(out_dir) if out_dir else DEFAULT_CORPUS
    timings: dict[str, float] = {}
    started = time.monotonic()
    if progress:
        print(f"正在生成示例数据语料（{units} 个单位）：{corpus}", file=sys.stderr)
    if corpus.exists() and any(corpus.iterdir()):
        if not (corpus / "truth.jsonl").exists():
            # never delete a folder we did not generate (a user's --corpus typo)
            raise DatabaseError(
                f"{corpus} is not empty and is not a generated demo corpus; choose another folder"
            )
        shutil.rmtree(corpus)
    generate_corpus(corpus, units=units)
    (corpus / ".gitignore").write_text("*\n", encoding="utf-8")  # generated, never committed
    timings["generate"] = time.monotonic() - started
    files = corpus_files(corpus)
    step = time.monotonic()
    if progress:
        print(f"正在导入 {len(files)} 个示例数据文件 → {db_path}", file=sys.stderr)
    demo = ingest_paths(files, db_path, is_demo=True, progress=progress)
    timings["ingest_demo"] = time.monotonic() - step
    step = time.monotonic()
    samples = ingest_paths(sample_files(), db_path, is_demo=False, progress=progress)
    timings["ingest_samples"] = time.monotonic() - step
    registry = install_registry(corpus, db_path)
    if progress and registry:
        print(f"应报单位名单：{registry}", file=sys.stderr)
    timings["total"] = time.monotonic() - started
    return DemoBuild(db_path, corpus, len(files), demo, samples, timings)
