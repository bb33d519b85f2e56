"""normalize stage: Document → ParsedReport.

A pure function of the document (itself a pure function of the file's bytes and name):
no database, no clock, no global state, so it can run in worker processes or on a
distributed engine. Sub-modules:
  family     which template family the tables are (from the table headers, not the year)
  meta       unit name, statistics year, publication date, kind
  std        std2019 / std2021 tables 2, 3, 4
  legacy     the 2008–2018 政府信息公开情况统计表 (incl. 代码 / 本期实际 / 本年累计 variants)
  narrative  figures stated in the prose (narrative.* keys)
"""

from __future__ import annotations

from pipelines.errors import RejectedInput
from pipelines.model import Document, ParsedReport, PlacementHints


def parse_document(
    doc: Document, reject_non_reports: bool = True, hints: PlacementHints | None = None, *, with_text: bool = True
) -> ParsedReport:
    """Recognise family and metadata and extract every figure.

    Unit and year are set only when the evidence is certain (``report.placed``); otherwise
    ``report.placement`` holds the ranked candidates and the reason, and the figures are read
    all the same (with the likeliest year for the prose) so nothing the text says is lost.
    With ``reject_non_reports`` (ingest) a document that holds no report at all raises
    RejectedInput; tests of fragments pass False to score the figures anyway. ``with_text=False``
    leaves ``report.text`` (the original text, for the report viewer) empty: the ingest worker
    ships the searchable text instead and the loader stores the original bytes.
    """
    from pipelines.normalize import family, legacy, meta, narrative, std

    template = family.detect_family(doc.lines)
    info = meta.extract_metadata(doc, hints)
    report = ParsedReport(
        source_path=doc.source_path,
        sha256=doc.sha256,
        format=doc.format,
        template=template,
        unit_name=info.unit_name,
        year=info.year,
        published_on=info.published_on,
        kind=info.kind,
        meta_sources=info.sources,
        text=doc.text if with_text else "",
        placement=info.placement,
    )
    if template in ("std2019", "std2021"):
        figures, doubts = std.extract_std(doc.lines, template)
    elif template == "legacy":
        figures, doubts = legacy.extract_legacy(doc.lines)
    else:
        figures, doubts = [], []
    report.figures.extend(figures)
    report.doubts.extend(doubts)
    prose_year = info.year
    if prose_year is None and info.placement.years:
        prose_year = int(info.placement.years[0].value)  # kept unplaced: read with the likeliest year
    report.figures.extend(narrative.extract_narrative(doc.lines, prose_year, info.unit_name))
    if reject_non_reports and meta.is_other_page(doc):
        raise RejectedInput("not an annual report: a news item, notice or paper about reports")
    if reject_non_reports and not report.figures and not meta.looks_like_report(doc, template):
        raise RejectedInput("not an annual report: no 政府信息公开 report wording and no figures found")
    return report
