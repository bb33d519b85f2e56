"""单位档案: everything about one unit (not limited by the global filters, except the unit
picker which lists the scope's units)."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from app_lib.filters import Scope
from pipelines.catalog import rule_description
from pipelines.query import Source


@dataclass(frozen=True)
class UnitPicker:
    ids: list[str]
    names: dict[str, str]
    default: str | None

    @property
    def empty(self) -> bool:
        return not self.ids


def unit_picker(db: Source, scope: Scope, wanted: str | None) -> UnitPicker:
    """The scope's units for the picker; ``wanted`` (from a link) is kept even when it lies
    outside the filters. Without one, the unit with the most reports (the richest profile)."""
    from app_lib.queries.common import unit_names
    from app_lib.queries.overview import scoped_unit_list

    units = scoped_unit_list(db, scope)
    ids = units["unit_id"].tolist()
    names = dict(zip(units["unit_id"], units["name"], strict=True))
    all_names = unit_names(db)
    if wanted and wanted not in names and wanted in all_names:
        ids.append(wanted)
        names[wanted] = all_names[wanted]
    if wanted in names:
        default = wanted
    elif ids:
        default = units.sort_values("n_reports", ascending=False)["unit_id"].iloc[0]
    else:
        default = None
    return UnitPicker(ids, names, default)


def unit_info(db: Source, unit_id: str) -> pd.DataFrame:
    return db.df(
        """SELECT u.unit_id, u.name, u.province, u.city, u.county, u.kind, u.is_demo,
                  (SELECT string_agg(DISTINCT n.name, '、') FROM unit_names n
                   WHERE n.unit_id = u.unit_id AND n.name <> u.name) AS other_names
           FROM units u WHERE u.unit_id = $unit_id""",
        {"unit_id": unit_id},
    )


def unit_reports(db: Source, unit_id: str) -> pd.DataFrame:
    return db.df(
        """SELECT report_id, year, template, unit_name, source_path, sha256, format, published_on,
                  is_demo, n_figures, doubts
           FROM reports WHERE unit_id = $unit_id ORDER BY year""",
        {"unit_id": unit_id},
    )


def unit_values(db: Source, unit_id: str) -> pd.DataFrame:
    """Every stated figure of the unit: metric, label, unit, year, value, origin."""
    return db.df(
        """SELECT v.metric, m.label_zh AS label, m.unit, m.section, v.year, v.value, v.raw_text, v.origin,
                  v.report_id
           FROM report_values v LEFT JOIN metrics m USING (metric)
           WHERE v.unit_id = $unit_id
           ORDER BY v.year""",
        {"unit_id": unit_id},
    )


def unit_series(db: Source, unit_id: str) -> pd.DataFrame:
    """Joined series of the unit: series, label, year, value, source_metric (catalog order)."""
    from pipelines.catalog import SERIES

    order = {s.key: i for i, s in enumerate(SERIES)}
    df = db.df(
        """SELECT s.series, d.label_zh AS label, d.unit, s.year, s.value, s.source_metric
           FROM series_cached s JOIN series_defs d USING (series)
           WHERE s.unit_id = $unit_id ORDER BY s.year""",
        {"unit_id": unit_id},
    )
    return df.sort_values(["series", "year"], key=lambda c: c.map(order) if c.name == "series" else c)


def unit_checks(db: Source, unit_id: str) -> pd.DataFrame:
    """Failed checks of the unit, with the rule's Chinese description and severity label."""
    df = db.df(
        """SELECT c.year, c.rule, c.severity, c.detail, c.metrics, c.report_id
           FROM check_results c
           WHERE c.unit_id = $unit_id ORDER BY c.year DESC, c.severity, c.rule""",
        {"unit_id": unit_id},
    )
    return df.assign(
        description=df["rule"].map(rule_description),
        severity_label=df["severity"].map({"error": "错误", "warning": "警告"}).fillna(df["severity"]),
    )


def report_figures(db: Source, report_id: str) -> pd.DataFrame:
    """The figures of one report with where they were read (provenance) and as printed."""
    return db.df(
        """SELECT v.metric, m.label_zh AS label, v.value, v.raw_text, v.provenance, v.origin,
                  v.confidence, c.original_value
           FROM report_values v LEFT JOIN metrics m USING (metric)
           LEFT JOIN (SELECT cr.metric, cr.original_value, cr.withdrawn FROM corrections cr
                      JOIN reports r ON r.sha256 = cr.sha256 AND r.report_id = $report_id
                      QUALIFY row_number() OVER (PARTITION BY cr.metric ORDER BY cr.corrected_at DESC, cr.rowid DESC) = 1
                     ) c ON c.metric = v.metric AND NOT c.withdrawn
           WHERE v.report_id = $report_id AND v.unit_id = $unit_id""",
        # the unit too: report_values lies in unit order, so its zone maps skip every row group
        # but the unit's (a report_id alone, a hash, reads the whole column: 0.4 s at 1 M reports)
        {"report_id": report_id, "unit_id": _unit_of(db, report_id)},
    )


def _unit_of(db: Source, report_id: str) -> str | None:
    df = db.df("SELECT unit_id FROM reports WHERE report_id = $report_id", {"report_id": report_id})
    return None if df.empty else str(df.iloc[0]["unit_id"])


def source_bytes(db: Source, sha256: str) -> bytes | None:
    """The stored original file, or None when it was not kept (sources.content, zstd-compressed
    with the database's dictionary: pipelines/sources.py)."""
    from pipelines.sources import decode

    df = db.df(
        """SELECT s.content, s.codec, d.dict FROM sources s LEFT JOIN source_dicts d USING (dict_id)
           WHERE s.sha256 = $sha256""",
        {"sha256": sha256},
    )
    # a row whose content is NULL arrives as a missing value (NaN/None/NA), not always None
    if df.empty or not isinstance(df.iloc[0]["content"], (bytes, bytearray, memoryview)):
        return None
    row = df.iloc[0]
    codec = row["codec"] if isinstance(row["codec"], str) else None
    dictionary = row["dict"] if isinstance(row["dict"], bytes | bytearray | memoryview) else None
    return decode(row["content"], codec, dictionary)
