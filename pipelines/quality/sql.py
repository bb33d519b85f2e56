"""SQL of the data-quality detectors that read every figure (year-on-year pairs, shares), and
the thresholds they share with the derived tables stored at publish (pipelines/derived.py:
``quality_pairs``, ``quality_shares``). No import of the rest of pipelines.quality, so
pipelines.derived can build its table definitions from it."""

from __future__ import annotations

import re

# A figure exactly 10 / 100 / 1000 times the previous one (within this share): an extra or a
# missing 0, or 万 and 个 mixed up — the commonest misprint, worth reading at any jump factor.
TENFOLD_TOLERANCE = 0.05

# Parts that can never exceed their whole (a share outside 0–100 %). (part, whole, what it means)
SHARE_PAIRS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("review.corrected", ("review.total",), "行政复议结果纠正数大于行政复议总数"),
    ("review.upheld", ("review.total",), "行政复议结果维持数大于行政复议总数"),
    ("suit.direct.corrected", ("suit.direct.total",), "行政诉讼（未经复议直接起诉）结果纠正数大于总数"),
    ("suit.after_review.corrected", ("suit.after_review.total",), "行政诉讼（复议后起诉）结果纠正数大于总数"),
    ("suit.corrected", ("suit.total",), "行政诉讼被依法纠错数大于行政诉讼数量"),
    (
        "apply.granted.total",
        ("apply.new.total", "apply.carried_in.total"),
        "予以公开数大于本年新收与上年结转申请数之和",
    ),
    (
        "apply.total.total",
        ("apply.new.total", "apply.carried_in.total"),
        "办理结果总计大于本年新收与上年结转之和",
    ),
    ("requests.granted", ("requests.received",), "同意公开答复数大于收到申请数"),
    ("requests.completed", ("requests.received",), "申请办结数大于收到申请数"),
    ("requests.on_time", ("requests.completed",), "按时办结数大于申请办结数"),
    ("org.staff_fulltime", ("org.staff",), "专职人员数大于工作人员数"),
    (
        "response.press_conferences_heads",
        ("response.press_conferences",),
        "主要负责同志参加新闻发布会次数大于总次数",
    ),
    ("response.interviews_heads", ("response.interviews",), "主要负责同志参加在线访谈次数大于总次数"),
)

# Metrics whose year-on-year size says nothing (signed changes, amounts that legitimately swing).
_NO_JUMP_METRICS = re.compile(r"\.change$|\.prev_items$")
# Figures that may legitimately fall to 0 (no procurement, no fees, no training that year).
_NO_ZERO_METRICS = re.compile(r"\.amount$|^training\.")
# Money amounts swing legitimately year on year (a project comes, a project goes): only their
# power-of-ten jumps are findings (元 and 万元 mixed up, a 0 too many), never a plain ×20.
_ONLY_TENFOLD_METRICS = re.compile(r"\.amount$")
# Pairs never compared year on year (docs/checks.md "Other findings"): a figure stated only in
# the prose (``narrative.*``) follows no template — one year's "全年主动公开政府信息" counts
# the website, another year's every outlet — and a joined series paired across a change of its
# source key (``series:*``: a table row one year, the prose or another row the next, mostly
# across the 2019 and 2021 template changes) compares two definitions. Prose figures are
# checked against the tables of their own report instead (text_vs_table).
_NOT_COMPARED_PREFIXES = ("narrative.", "series:")
# Figures that move together: a real change of a unit's publishing moves the whole group, a
# misprint moves one figure. A jump of the key is not a finding when its companion moved along
# (same direction, at least half the jump on a log scale) — unless the figure is exactly the
# previous report's with zeros added or removed (last year's figure retyped with a 0 too many
# or too few).
COMPANIONS: dict[str, tuple[str, ...]] = {
    "proactive.total": ("channel.website",),
    "channel.website": ("proactive.total",),
    "key_areas.total": ("proactive.total",),
    "channel.other": ("proactive.total",),
    "channel.gazette": ("proactive.total",),
}


# One value per report × metric (a table figure wins over the prose for the same key), from
# ``source`` (report_values, or some units' rows of it), restricted by ``where`` (SQL over v).
def values_sql(source: str = "report_values", where: str = "true") -> str:
    return f"""
WITH v AS (
    SELECT r.unit_id, r.year, r.report_id, v.metric, v.value,
           row_number() OVER (PARTITION BY r.report_id, v.metric
                              ORDER BY CASE WHEN v.origin = 'text' THEN 1 ELSE 0 END) AS rn
    FROM {source} v JOIN reports r ON r.report_id = v.report_id
    WHERE v.value IS NOT NULL AND ({where})
)
SELECT unit_id, year, report_id, metric, value FROM v WHERE rn = 1
"""


VALUES_SQL = values_sql()

# Each figure next to the same unit's figure of the previous loaded year (at most
# MAX_YEAR_GAP years earlier, so a report after a missing year is still compared). Metrics
# whose year-on-year size says nothing (_NO_JUMP_METRICS) are left out before pairing: a
# unit's pairs of one metric depend on that metric's rows only.
MAX_YEAR_GAP = 2
COMPARED = "NOT (v.metric LIKE '%.change' OR v.metric LIKE '%.prev_items')"


def pairs_sql(values: str = "report_values", series: str = "series") -> str:
    """Every compared pair: unit_id, year, report_id, metric, prev_year, prev_value, value
    (``series:<key>`` for a joined series)."""
    return f"""
WITH vals AS ({values_sql(values, COMPARED)}),
keyed AS (
    SELECT unit_id, year, report_id, metric, value, metric AS source_metric FROM vals
    UNION ALL
    SELECT unit_id, year, report_id, 'series:' || series, value, source_metric FROM {series}
),
paired AS (
    SELECT *, lag(value) OVER w AS prev_value, lag(year) OVER w AS prev_year,
           lag(source_metric) OVER w AS prev_source_metric
    FROM keyed WINDOW w AS (PARTITION BY unit_id, metric ORDER BY year)
)
SELECT unit_id, year, report_id, metric, prev_year, prev_value, value
FROM paired
WHERE prev_year IS NOT NULL AND year - prev_year <= {MAX_YEAR_GAP}
  -- a joined series only across the 2019 break (different keys); same keys are compared above
  AND (NOT starts_with(metric, 'series:') OR prev_source_metric <> source_metric)
"""


# A pair a rule may flag (the rules are applied again, exactly, in Python): a zero after
# ``zero_after``, or both figures ≥ the minimum with a ratio ≥ the factor or near a power of ten.
def flagged_sql(zero_after: str, jump_min: str, jump_factor: str) -> str:
    near = 1 - TENFOLD_TOLERANCE
    return f"""
(value = 0 AND prev_value >= {zero_after})
OR (least(prev_value, value) >= {jump_min} AND least(prev_value, value) > 0
    AND (greatest(prev_value, value) >= {jump_factor} * least(prev_value, value)
         OR greatest(prev_value, value) >= 10 * {near!r} * least(prev_value, value)))"""


_SERIES_KEYS = 1_000_000  # metric numbers of the joined series start here


def flagged_pairs_sql(
    zero_after: str,
    jump_min: str,
    jump_factor: str,
    values: str = "report_values",
    series: str = "series",
    metrics: str = "metrics_stated",
    reports: str = "reports",
) -> str:
    """The pairs of :func:`pairs_sql` a rule may flag at these thresholds (SQL expressions:
    constants or $parameters) — the same rows, computed on numbers instead of names: reports,
    units, metrics and the series' source keys are numbered first, the two windows (one
    value per report and key; each unit's previous year) sort small integer rows, and only
    the flagged pairs get their names back. On a million reports the windows over names
    spilled hundreds of MB and took most of an hour; over numbers they fit in memory.
    ``metrics``: a relation with every metric of ``values`` (more do no harm); ``reports``:
    the reports of ``values`` and ``series`` (more do no harm)."""
    return f"""
WITH rk AS (
    SELECT report_id, unit_id, year, (row_number() OVER ())::INTEGER AS rno,
           (dense_rank() OVER (ORDER BY unit_id))::INTEGER AS uno
    FROM {reports}),
mk AS (SELECT metric, (row_number() OVER ())::INTEGER AS mno
       FROM (SELECT DISTINCT v.metric FROM {metrics} v WHERE {COMPARED})),
sk AS (SELECT series, ({_SERIES_KEYS} + row_number() OVER ())::INTEGER AS mno
       FROM (SELECT DISTINCT series FROM {series})),
smk AS (SELECT source_metric, (row_number() OVER ())::INTEGER AS sno
        FROM (SELECT DISTINCT source_metric FROM {series} WHERE source_metric IS NOT NULL)),
vals AS (
    SELECT rk.uno, rk.year, rk.rno, mk.mno, v.value, 0 AS sno
    FROM (SELECT v.report_id, v.metric, v.value, CASE WHEN v.origin = 'text' THEN 1 ELSE 0 END AS is_text
          FROM {values} v WHERE v.value IS NOT NULL AND {COMPARED}) v
    JOIN rk ON rk.report_id = v.report_id JOIN mk ON mk.metric = v.metric
    QUALIFY row_number() OVER (PARTITION BY rk.rno, mk.mno ORDER BY v.is_text) = 1),
keyed AS (
    SELECT uno, year, rno, mno, value, sno FROM vals
    UNION ALL
    SELECT rk.uno, s.year, rk.rno, sk.mno, s.value, smk.sno
    FROM {series} s JOIN rk ON rk.report_id = s.report_id JOIN sk ON sk.series = s.series
    LEFT JOIN smk ON smk.source_metric = s.source_metric),
paired AS (
    SELECT *, lag(value) OVER w AS prev_value, lag(year) OVER w AS prev_year, lag(sno) OVER w AS prev_sno
    FROM keyed WINDOW w AS (PARTITION BY uno, mno ORDER BY year)),
flagged AS (
    SELECT rno, mno, year, prev_year, prev_value, value FROM paired
    WHERE prev_year IS NOT NULL AND year - prev_year <= {MAX_YEAR_GAP}
      AND (mno < {_SERIES_KEYS} OR prev_sno <> sno)
      AND prev_value >= 0 AND value >= 0
      AND ({flagged_sql(zero_after, jump_min, jump_factor)}))
SELECT rk.unit_id, f.year, rk.report_id, coalesce(mk.metric, 'series:' || sk.series) AS metric,
       f.prev_year, f.prev_value, f.value
FROM flagged f JOIN rk USING (rno) LEFT JOIN mk USING (mno) LEFT JOIN sk USING (mno)
"""


# The pairs stored at publish (derived table quality_pairs): those flagged at these
# thresholds, a superset of what any stricter setting flags (each threshold only removes
# pairs as it grows). The page's settings at or above them read the stored rows; looser ones
# compute the pairs from every figure (seconds at 100 k reports, minutes at 1 M).
STORED_JUMP_FACTOR = 5.0
STORED_JUMP_MIN = 10.0
STORED_ZERO_AFTER = 50.0


def stored_pairs_covers(*, jump_factor: float, jump_min: float, zero_after: float) -> bool:
    return (
        jump_factor >= STORED_JUMP_FACTOR and jump_min >= STORED_JUMP_MIN and zero_after >= STORED_ZERO_AFTER
    )


def stored_pairs_sql(
    values: str = "report_values", series: str = "series_cached", reports: str = "reports"
) -> str:
    return flagged_pairs_sql(
        repr(STORED_ZERO_AFTER),
        repr(STORED_JUMP_MIN),
        repr(STORED_JUMP_FACTOR),
        values,
        series,
        reports=reports,
    )


def stored_pairs_of_units(lo: str, hi: str) -> str:
    """:func:`stored_pairs_sql` of the units with ids from ``lo`` to ``hi`` (a unit's pairs
    depend on its own figures only, so the table is the union of such slices; report_values
    and series_cached carry each row's unit_id, and an optimized file is sorted by it, so a
    slice reads its own row groups)."""
    between = "unit_id BETWEEN " + _literal(lo) + " AND " + _literal(hi)
    return stored_pairs_sql(
        values=f"(SELECT * FROM report_values WHERE {between})",
        series=f"(SELECT * FROM series_cached WHERE {between})",
        reports=f"(SELECT * FROM reports WHERE {between})",
    )


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


# The figures of the share rules (SHARE_PAIRS) of the reports where one rule fails: a part
# and its first whole stated, the part outside 0 … the sum of the wholes stated. Only these
# reports' rows leave DuckDB; the rules are applied again, exactly, in Python.
SHARE_METRICS = sorted(
    {part for part, _, _ in SHARE_PAIRS} | {w for _, wholes, _ in SHARE_PAIRS for w in wholes}
)


def _share_failed(part: str, wholes: tuple[str, ...]) -> str:
    whole = " + ".join(f'coalesce("{w}", 0.0)' for w in wholes)
    return f'("{part}" IS NOT NULL AND "{wholes[0]}" IS NOT NULL AND NOT ("{part}" >= 0 AND "{part}" <= {whole}))'


def shares_sql(values: str = "report_values") -> str:
    """unit_id, year, report_id, metric, value of every share figure of a failing report."""
    metrics = ", ".join(f"'{m}'" for m in SHARE_METRICS)
    pivot = ",\n           ".join(
        f"max(value) FILTER (WHERE metric = '{m}') AS \"{m}\"" for m in SHARE_METRICS
    )
    failed = "\n       OR ".join(_share_failed(part, wholes) for part, wholes, _ in SHARE_PAIRS)
    return f"""
WITH vals AS ({values_sql(values, f"v.metric IN ({metrics})")}),
per_report AS (
    SELECT report_id,
           {pivot}
    FROM vals GROUP BY report_id
)
SELECT unit_id, year, report_id, metric, value FROM vals
WHERE report_id IN (SELECT report_id FROM per_report WHERE {failed})
"""
