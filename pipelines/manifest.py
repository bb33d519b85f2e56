"""What officers say about whose reports they hold: a manifest, or --unit/--year for a folder.

A ``manifest.csv`` beside the files (or ``--manifest FILE``) has the columns
``path,unit,year,url``: ``path`` is a file path relative to the manifest's folder or a glob
(``2019/*.pdf``, ``沭阳县/**``); ``unit``, ``year`` and ``url`` may each be empty. What a row
says is taken as said (confidence 1); a file no row names is placed from its own text.
"""

from __future__ import annotations

import csv
import fnmatch
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from pipelines.errors import GovReportsError
from pipelines.model import PlacementHints

MANIFEST_NAME = "manifest.csv"


class ManifestError(GovReportsError):
    """A manifest that cannot be read (missing columns, a year that is not a year)."""


@dataclass(frozen=True)
class ManifestRow:
    pattern: str
    unit: str | None
    year: int | None
    url: str | None


@dataclass(frozen=True)
class Manifest:
    folder: Path
    rows: tuple[ManifestRow, ...]

    def hints_for(self, path: Path, folders: tuple[str, ...]) -> PlacementHints | None:
        """The first row whose path or glob names this file (relative to the manifest)."""
        try:
            rel = PurePosixPath(path.resolve().relative_to(self.folder.resolve()).as_posix())
        except ValueError:
            rel = PurePosixPath(path.name)
        for row in self.rows:
            if row.pattern in (str(rel), rel.name) or fnmatch.fnmatch(str(rel), row.pattern):
                return PlacementHints(row.unit, row.year, row.url, folders, "manifest")
        return None


def read_manifest(path: Path) -> Manifest:
    """Parse a manifest CSV (UTF-8, with or without BOM; GB18030 accepted)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ManifestError(f"cannot read manifest {path}: {exc.strerror or exc}") from None
    if len(raw) > 5_000_000:
        raise ManifestError(f"manifest {path} is larger than 5 MB")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("gb18030", errors="replace")
    reader = csv.DictReader(text.splitlines())
    fields = {f.strip().lower() for f in reader.fieldnames or []}
    if "path" not in fields:
        raise ManifestError(f"manifest {path}: needs a 'path' column (columns: path,unit,year,url)")
    rows = []
    for n, rec in enumerate(reader, start=2):
        rec = {(k or "").strip().lower(): (v or "").strip() for k, v in rec.items()}
        if not rec.get("path"):
            continue
        year_text = rec.get("year", "")
        if year_text and not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
            raise ManifestError(f"manifest {path} line {n}: year {year_text!r} is not a year")
        rows.append(
            ManifestRow(rec["path"], rec.get("unit") or None, int(year_text) if year_text else None,
                        rec.get("url") or None)
        )
    return Manifest(path.parent, tuple(rows))


def said_hints(unit: str | None, year: int | None) -> PlacementHints | None:
    """--unit/--year on the command line: one unit's reports."""
    if unit is None and year is None:
        return None
    if year is not None and not 2000 <= year <= 2100:
        raise ManifestError(f"--year {year} is not a report year")
    return PlacementHints(unit=unit, year=year, said_by="command line")
