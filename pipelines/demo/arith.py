"""The 勾稽 rules of docs/checks.md evaluated on a truth ``values`` dict.

The generator uses it to break exactly one rule where a flaw says so (and to verify that
nothing else broke); the tests use it to check the corpus. It is deliberately independent
of the ingest pipeline's own checks, so the two can be compared.
"""

from __future__ import annotations

from pipelines.catalog import APPLICANT_COLUMNS
from pipelines.demo.figures import result_rows

COLUMNS = [c for c, _ in APPLICANT_COLUMNS]
ORG = [c for c in COLUMNS if c != "total"]


def _close(a: float, b: float) -> bool:
    return abs(a - b) < 1e-6


def broken_rules(values: dict[str, float], family: str) -> set[str]:
    """Names of the one-report rules the values break (keys absent from a table are skipped)."""
    v = values
    broken: set[str] = set()
    if family in ("std2019", "std2021") and "apply.new.total" in v:
        rows = result_rows(family)
        for col in COLUMNS:
            lhs = v[f"apply.new.{col}"] + v[f"apply.carried_in.{col}"]
            if not _close(lhs, v[f"apply.total.{col}"] + v[f"apply.carried_out.{col}"]):
                broken.add("std.balance")
            if not _close(v[f"apply.total.{col}"], sum(v[f"{r}.{col}"] for r in rows)):
                broken.add("std.results_sum")
        for row in ["apply.new", "apply.carried_in", *rows, "apply.total", "apply.carried_out"]:
            if not _close(v[f"{row}.total"], sum(v[f"{row}.{c}"] for c in ORG)):
                broken.add("std.applicant_columns_sum")
        for group, rule in (
            ("review", "std.review_sum"),
            ("suit.direct", "std.suit_direct_sum"),
            ("suit.after_review", "std.suit_after_review_sum"),
        ):
            parts = sum(v[f"{group}.{o}"] for o in ("upheld", "corrected", "other", "pending"))
            if not _close(v[f"{group}.total"], parts):
                broken.add(rule)
    if family == "legacy" and "requests.received" in v:
        channels = ["requests.in_person", "requests.fax", "requests.online", "requests.letter",
                    "requests.email", "requests.other_channel"]  # fmt: skip
        if not _close(v["requests.received"], sum(v.get(k, 0) for k in channels)):
            broken.add("legacy.requests_channels_sum")
        if "requests.completed" in v and not _close(
            v["requests.completed"], v["requests.on_time"] + v["requests.extended"]
        ):
            broken.add("legacy.requests_completed_sum")
        if "org.staff" in v and not _close(v["org.staff"], v["org.staff_fulltime"] + v["org.staff_parttime"]):
            broken.add("legacy.staff_sum")
        for group, rule in (("review", "legacy.review_sum"), ("suit", "legacy.suit_sum")):
            if f"{group}.upheld" in v and not _close(
                v[f"{group}.total"], v[f"{group}.upheld"] + v[f"{group}.corrected"] + v[f"{group}.other"]
            ):
                broken.add(rule)
    broken |= _text_vs_table(v)
    return broken


def _text_vs_table(v: dict[str, float]) -> set[str]:
    pairs = [
        ("narrative.requests_received", ("apply.new.total",)),
        ("narrative.requests_received", ("requests.received",)),
        ("narrative.review_cases", ("review.total",)),
        ("narrative.suit_cases", ("suit.total",)),
        ("narrative.suit_cases", ("suit.direct.total", "suit.after_review.total")),
        ("narrative.microblog_posts", ("channel.microblog",)),
    ]
    for text_key, table_keys in pairs:
        if text_key in v and all(k in v for k in table_keys):
            if not _close(v[text_key], sum(v[k] for k in table_keys)):
                return {"text_vs_table"}
    return set()
