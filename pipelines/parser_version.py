"""PARSER_VERSION tied to what the parser produces.

:func:`output_digest` hashes the parse (extract + normalize + checks) of every input fixture
in ``tests/normalize/fixtures``: template, unit, year, dates, every figure with its raw text
and provenance, doubts, the text, and the failed checks. ``pipelines.PARSER_DIGEST`` records
the digest of the current ``PARSER_VERSION``; ``tests/test_parser_version.py`` fails when they
differ, and ``scripts/parser_digest.py --update`` bumps the version and records the new digest.
``govreports reparse --stale`` then re-parses only the reports of an older version
(:func:`is_older`).
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path

from pipelines import PARSER_VERSION

PROJECT_ROOT = Path(__file__).resolve().parent.parent
FIXTURES = PROJECT_ROOT / "tests" / "normalize" / "fixtures"
INPUT_SUFFIXES = (".txt", ".html", ".htm", ".pdf", ".docx")

_VERSION = re.compile(r"^(\d+)\.(\d+)\.(\d+)$")


def version_tuple(version: str | None) -> tuple[int, int, int] | None:
    """'1.2.3' → (1, 2, 3); None for a missing or malformed version."""
    m = _VERSION.match((version or "").strip())
    return (int(m[1]), int(m[2]), int(m[3])) if m else None


def is_older(version: str | None, than: str = PARSER_VERSION) -> bool:
    """Was a report parsed by a parser older than ``than``? A missing or malformed version is
    older; a newer one (a database written by a later release) is not."""
    mine, current = version_tuple(version), version_tuple(than)
    if current is None:
        raise ValueError(f"malformed parser version {than!r}")
    return mine is None or mine < current


def fixture_inputs(folder: Path = FIXTURES) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix.lower() in INPUT_SUFFIXES and p.is_file())


def parsed_output(path: Path) -> dict:
    """Everything the parser says about one file, as plain JSON-able data."""
    from pipelines.checks import run_checks
    from pipelines.errors import RejectedInput
    from pipelines.extract import extract_document
    from pipelines.normalize import parse_document

    try:
        report = parse_document(extract_document(path.read_bytes(), path.name), reject_non_reports=False)
    except RejectedInput as exc:
        return {"file": path.name, "rejected": exc.reason}
    return {
        "file": path.name,
        "format": report.format,
        "template": report.template,
        "unit_name": report.unit_name,
        "year": report.year,
        "published_on": report.published_on.isoformat() if report.published_on else None,
        "kind": report.kind,
        "figures": [[f.metric, repr(f.value), f.raw_text, f.provenance, f.origin] for f in report.figures],
        "doubts": list(report.doubts),
        "meta_sources": dict(sorted(report.meta_sources.items())),
        "text_sha256": hashlib.sha256(report.text.encode("utf-8")).hexdigest(),
        "checks": [[c.rule, c.severity, c.detail, list(c.metrics)] for c in run_checks(report)],
    }


def _outputs(folder: Path) -> Iterator[dict]:
    for path in fixture_inputs(folder):
        yield parsed_output(path)


def output_digest(folder: Path = FIXTURES) -> str:
    """sha256 over the parsed output of every input fixture, in file-name order."""
    h = hashlib.sha256()
    for out in _outputs(folder):
        h.update(json.dumps(out, ensure_ascii=False, sort_keys=True).encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()
