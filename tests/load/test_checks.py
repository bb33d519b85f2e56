"""The official 勾稽 rules (pipelines.checks) on synthetic figure sets and on real reports."""

from __future__ import annotations

from pipelines.catalog import APPLICANT_COLUMNS, REVIEW_SUIT_COLUMNS, RULES
from pipelines.checks import RESULT_ROWS, run_checks
from pipelines.model import Figure, ParsedReport

COLS = [c for c, _ in APPLICANT_COLUMNS]


def report(template: str, values: dict[str, float]) -> ParsedReport:
    r = ParsedReport(
        source_path="x.txt", sha256="0" * 64, format="txt", template=template, unit_name="测试局", year=2022
    )
    r.figures = [Figure(k, v, str(v), f"line {i}") for i, (k, v) in enumerate(values.items())]
    return r


def consistent_std2021() -> dict[str, float]:
    """A table 3/4 where every rule holds: 2 granted + 1 partial per column, 1 carried out."""
    v: dict[str, float] = {}
    for i, col in enumerate(COLS[:-1]):
        n = i + 1
        v |= {
            f"apply.new.{col}": 3 * n,
            f"apply.carried_in.{col}": 1,
            f"apply.granted.{col}": 2 * n,
            f"apply.partial.{col}": n,
            f"apply.carried_out.{col}": 1,
        }
        for row in RESULT_ROWS[2:]:
            v[f"{row}.{col}"] = 0
        for row in ("apply.other.no_correction", "apply.other.no_fee", "apply.other.other"):
            v[f"{row}.{col}"] = 0
        v[f"apply.total.{col}"] = 3 * n
    for row in {k.rsplit(".", 1)[0] for k in v}:
        v[f"{row}.total"] = sum(v[f"{row}.{c}"] for c in COLS[:-1])
    for group in ("review", "suit.direct", "suit.after_review"):
        v |= {
            f"{group}.upheld": 2,
            f"{group}.corrected": 1,
            f"{group}.other": 0,
            f"{group}.pending": 1,
            f"{group}.total": 4,
        }
    return v


def rules(values: dict[str, float], template: str = "std2021") -> dict[str, str]:
    return {c.rule: c.detail for c in run_checks(report(template, values))}


def test_consistent_std_report_passes_every_rule():
    assert rules(consistent_std2021()) == {}


def test_balance_names_the_failing_column():
    v = consistent_std2021()
    v["apply.carried_out.natural"] = 5
    v["apply.carried_out.total"] += 4
    failed = rules(v)
    assert "std.balance" in failed
    assert "自然人" in failed["std.balance"] and "总计" in failed["std.balance"]
    assert "商业企业" not in failed["std.balance"]


def test_results_sum_and_column_sum_catch_a_wrong_total():
    v = consistent_std2021()
    v["apply.total.total"] += 1
    failed = rules(v)
    assert {"std.results_sum", "std.applicant_columns_sum", "std.balance"} <= set(failed)


def test_review_and_suit_sums():
    v = consistent_std2021()
    v["review.total"] = 9
    v["suit.after_review.corrected"] = 3
    failed = rules(v)
    assert "std.review_sum" in failed and "9" in failed["std.review_sum"]
    assert "std.suit_after_review_sum" in failed
    assert "std.suit_direct_sum" not in failed


def test_rule_needs_all_its_figures():
    # a fragment with only table 4's review part: only the review rule can run
    v = {k: 0.0 for k in REVIEW_SUIT_COLUMNS[:5]}
    v["review.total"] = 1
    assert set(rules(v)) == {"std.review_sum"}


def test_legacy_rules():
    v = {
        "requests.received": 10,
        "requests.in_person": 2,
        "requests.fax": 0,
        "requests.online": 5,
        "requests.letter": 2,
        "requests.email": 1,
        "requests.completed": 10,
        "requests.on_time": 9,
        "requests.extended": 1,
        "org.staff": 3,
        "org.staff_fulltime": 1,
        "org.staff_parttime": 1,
        "review.total": 1,
        "review.upheld": 1,
        "review.corrected": 0,
        "review.other": 0,
        "suit.total": 2,
        "suit.upheld": 1,
        "suit.corrected": 0,
        "suit.other": 0,
    }
    failed = rules(v, "legacy")
    assert set(failed) == {"legacy.staff_sum", "legacy.suit_sum"}  # e-mail counted where present


def test_text_vs_table_is_a_warning():
    v = {
        "requests.received": 3,
        "narrative.requests_received": 2,
        "channel.microblog": 5,
        "narrative.microblog_posts": 5,
    }
    results = run_checks(report("legacy", v))
    tv = [c for c in results if c.rule == "text_vs_table"]
    assert len(tv) == 1 and tv[0].severity == "warning"
    assert "正文 2" in tv[0].detail and "统计表 3" in tv[0].detail


def test_every_rule_has_a_chinese_description():
    assert all(desc for _, desc in RULES.values())


def test_ocr_figures_with_a_low_score_or_in_a_broken_row_are_flagged_for_review():
    from dataclasses import replace

    from pipelines.checks import OCR_REVIEW_CONFIDENCE

    values = consistent_std2021()
    clean = report("std2021", values)
    clean.figures = [replace(f, origin="ocr", confidence=0.99) for f in clean.figures]
    assert not [c for c in run_checks(clean) if c.rule == "ocr.review"]  # read well, every rule holds

    values["apply.granted.natural"] += 1  # read wrong: 予以公开 breaks its column's sums
    broken = report("std2021", values)
    broken.figures = [
        replace(f, origin="ocr", confidence=0.93 if f.metric == "review.total" else 0.99)
        for f in broken.figures
    ]
    results = run_checks(broken)
    review = [c for c in results if c.rule == "ocr.review"]
    assert len(review) == 1 and review[0].severity == RULES["ocr.review"][0]
    assert "review.total" in review[0].metrics  # 0.93 < OCR_REVIEW_CONFIDENCE
    assert 0.93 < OCR_REVIEW_CONFIDENCE
    assert "apply.granted.natural" in review[0].metrics  # in a row that breaks a 勾稽 rule
    failed = {m for c in results if c.rule != "ocr.review" for m in c.metrics}
    assert set(review[0].metrics) <= failed | {"review.total"}

    typed = report("std2021", values)  # the same figures from a text layer: no OCR review
    assert not [c for c in run_checks(typed) if c.rule == "ocr.review"]
