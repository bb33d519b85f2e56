"""Typed results passed between the stages. All plain dataclasses, picklable, no I/O."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Literal, get_args

# The closed vocabularies of the pipeline (docs/reports.md, docs/checks.md). Plain strings at
# run time (they are stored in DuckDB as VARCHAR); the type checker keeps them closed.
Family = Literal["legacy", "std2019", "std2021", "narrative"]  # template family, reports.template
Severity = Literal["error", "warning"]  # check_results.severity
# report_values.origin: a table cell, a sentence of the prose, or either read by OCR from a scan
Origin = Literal["table", "text", "ocr"]
UnitKind = Literal["government", "department", "other"]  # units.kind, reports.kind
# What one file's load did (pipelines.load.LoadOutcome)
LoadStatus = Literal["loaded", "replaced", "unchanged", "duplicate", "unplaced"]
# What a data-quality finding is about (pipelines.quality, docs/checks.md)
FindingKind = Literal["check", "missing", "late", "anomaly", "rejected", "doubt"]
ReviewStatus = Literal["已核实", "已排除"]  # an officer's stored decision on a finding
FindingStatus = Literal["已核实", "已排除", "待核实"]  # 待核实: no decision yet (never stored)
FAMILIES: tuple[Family, ...] = get_args(Family)
SEVERITIES: tuple[Severity, ...] = get_args(Severity)
FINDING_STATUSES: tuple[FindingStatus, ...] = get_args(FindingStatus)
UNIT_KINDS: tuple[UnitKind, ...] = get_args(UnitKind)
FINDING_KINDS: tuple[FindingKind, ...] = get_args(FindingKind)


@dataclass(slots=True)  # (not frozen: a frozen dataclass is ~4× slower to make, and HTML pages make ~240 Cells)
class Cell:
    """One table cell or one '|'-separated piece of a text line, as printed.

    ``prov`` says where it was read, e.g. ``line 12`` or ``table 2 row 5 col 3``.
    """

    text: str
    prov: str
    col: int = -1  # grid column after rowspan/colspan expansion (-1: unknown, e.g. text dumps)
    colspan: int = 1


@dataclass(slots=True)  # (slots: ~450 made a text report, their attributes read by every reader)
class Line:
    """One line of the document in reading order.

    ``text`` is the original (possibly traditional) text, ``norm`` the simplified,
    NFKC-normalised text that labels are matched against. Table rows from HTML, DOCX or
    PDF come with ``cells`` (the true grid, blanks included, merged cells expanded); text
    dumps have ``cells`` = None and the parser splits ``norm`` on '|' itself.
    """

    text: str
    norm: str
    prov: str
    cells: list[Cell] | None = None
    norm_cells: list[str] | None = None  # normalised text of each cell, same length as cells


@dataclass
class Document:
    """Result of the extract stage: what the file says, in reading order."""

    source_path: str
    sha256: str
    format: str  # txt | html | pdf | docx
    lines: list[Line]
    title: str = ""  # <title> of an HTML page, document title of a DOCX/PDF, if any
    traditional: bool = False  # the text was converted from traditional characters
    encoding: str = ""  # how the bytes were decoded (txt/html)
    # HTML <h1> and meta tags that name the page (ArticleTitle, ContentSource, SiteName …)
    page_meta: dict[str, str] = field(default_factory=dict)
    # Pages read by OCR: provenance of each line and cell read → lowest recognition score of
    # its boxes (0..1). Empty for text layers.
    ocr_confidence: dict[str, float] = field(default_factory=dict)
    # … and where on its page it was read: (left, top, right, bottom) as fractions of the
    # page's width and height, so the viewer can crop the stored original at any resolution
    ocr_boxes: dict[str, tuple[float, float, float, float]] = field(default_factory=dict)

    @property
    def text(self) -> str:
        """The original text, one line per Line (what the report viewer shows)."""
        return "\n".join([line.text for line in self.lines])  # (a list joins faster than a generator)

    @cached_property
    def norm_text(self) -> str:
        """Every line's ``norm`` joined by newlines, made once a document: the metadata readers search
        it (``meta.JoinedLines``) and the ingest worker ships it as the searchable text."""
        return "\n".join([line.norm for line in self.lines])


@dataclass(frozen=True)
class PlacementHints:
    """What the officer (or the input's layout) says about whose report a file is.

    ``unit``/``year`` come from a manifest row or ``--unit/--year`` and are taken as said;
    ``folders`` are the folder names between the input root and the file (and the path
    inside a zip): a folder named after a unit or a year is evidence, not a certainty.
    """

    unit: str | None = None
    year: int | None = None
    url: str | None = None
    folders: tuple[str, ...] = ()
    said_by: str = "manifest"  # manifest | command line | officer


@dataclass(frozen=True, init=False)
class Candidate:
    """One reading of the unit or the year, with where it was read and how sure it is."""

    field: str  # unit | year
    value: str  # the unit as printed (or the year as digits)
    confidence: float  # 0..1, merged over every place that says the same
    source: str  # title, 编制 sentence, opening sentence, signature, file name, manifest …
    evidence: str  # the line (or name) it was read from, trimmed
    norm: str = ""  # simplified, compact form (units), used for matching and kind

    def __init__(
        self, field: str, value: str, confidence: float, source: str, evidence: str, norm: str = ""
    ) -> None:
        # Frozen all the same (placement's line memo shares its candidates between reports), but its
        # fields written straight into the instance's dict: the __init__ a frozen dataclass generates
        # calls object.__setattr__ once a field, twice the cost of this; placement makes ~27 a report.
        attrs = self.__dict__
        attrs["field"], attrs["value"], attrs["confidence"] = field, value, confidence
        attrs["source"], attrs["evidence"], attrs["norm"] = source, evidence, norm


@dataclass
class Placement:
    """Ranked candidates for unit and year; ``unit``/``year`` are set only when certain."""

    units: list[Candidate] = field(default_factory=list)
    years: list[Candidate] = field(default_factory=list)
    unit: Candidate | None = None
    year: Candidate | None = None
    reason: str | None = None  # why the report is not placed (Chinese, one line)


@dataclass(slots=True)  # (not frozen: a frozen init costs ~3x, and the readers make ~200 a std report)
class Figure:
    """One figure the document states, under a metrics.csv key."""

    metric: str
    value: float
    raw_text: str  # the cell or phrase as printed: '１２３', '1,234', '', '/', '—'
    provenance: str  # 'line 12' or 'table 2 row 5 col 3' (+ ' (text)' for prose)
    origin: Origin = "table"
    confidence: float | None = None  # OCR recognition score (origin 'ocr'), None when read from text


@dataclass
class ParsedReport:
    """Result of the normalize stage: one report, ready to check and load.

    A pure function of the document's bytes and name produced this (no database, no
    clock), so the same code can run on a distributed engine; the load step is separate.
    """

    source_path: str
    sha256: str
    format: str
    template: Family
    unit_name: str | None  # as printed
    year: int | None  # statistics year
    published_on: dt.date | None = None
    province: str | None = None
    city: str | None = None
    county: str | None = None
    kind: UnitKind | None = None
    figures: list[Figure] = field(default_factory=list)
    doubts: list[str] = field(default_factory=list)  # figures/sections the parser was unsure of
    meta_sources: dict[str, str] = field(default_factory=dict)  # e.g. {'year': '统计期限 sentence'}
    text: str = ""  # original text for the report viewer
    placement: Placement = field(default_factory=Placement)

    @property
    def placed(self) -> bool:
        """Unit and year are certain: the report goes to ``reports``, else to ``unplaced_reports``."""
        return bool(self.unit_name) and self.year is not None

    def values(self) -> dict[str, float]:
        """metric → value, table figures winning over prose for the same key."""
        out: dict[str, float] = {}
        for f in self.figures:
            if f.metric not in out or f.origin == "table":
                out[f.metric] = f.value
        return out


@dataclass(frozen=True)
class CheckResult:
    rule: str
    severity: Severity
    detail: str  # the numbers that disagree, e.g. '自然人: 一(5)+二(1)=6 ≠ 三(七)(4)+四(1)=5'
    metrics: tuple[str, ...] = ()  # keys involved, so the UI can show their sources side by side
