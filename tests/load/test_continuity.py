"""std.carry_continuity and std.in_force_continuity need last year's report: they run in the
load stage over the whole database (a year loaded late changes its successor's checks)."""

from __future__ import annotations

import duckdb

from pipelines.load import refresh_continuity_checks


def _continuity(con) -> dict[tuple[str, int, str], str]:
    rows = con.execute(
        "SELECT unit_id, year, rule, detail FROM check_results WHERE rule LIKE 'std.%continuity'"
    ).fetchall()
    return {(u, y, r): d for u, y, r, d in rows}


def _consecutive_std2021(con) -> tuple[str, int]:
    """A unit with std2021 reports for two consecutive years, both stating table 2 and 3."""
    return con.execute("""
        SELECT a.unit_id, b.year FROM reports a JOIN reports b
          ON a.unit_id = b.unit_id AND b.year = a.year + 1
        WHERE a.template = 'std2021' AND b.template = 'std2021'
        ORDER BY a.unit_id, b.year LIMIT 1""").fetchone()


def test_the_demo_corpus_keeps_continuity(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    assert _consecutive_std2021(con) is not None
    assert _continuity(con) == {}


def test_a_broken_carry_over_and_in_force_count_are_flagged_with_the_numbers(demo_db_copy):
    con = duckdb.connect(str(demo_db_copy))
    unit, year = _consecutive_std2021(con)

    def set_value(y: int, metric: str, value: float) -> None:
        con.execute(
            "UPDATE report_values SET value = ? WHERE unit_id = ? AND year = ? AND metric = ?",
            [value, unit, y, metric],
        )

    carried = con.execute(
        "SELECT value FROM report_values WHERE unit_id = ? AND year = ? "
        "AND metric = 'apply.carried_in.natural'",
        [unit, year],
    ).fetchone()[0]
    set_value(year, "apply.carried_in.natural", carried + 7)
    in_force = con.execute(
        "SELECT value FROM report_values WHERE unit_id = ? AND year = ? AND metric = 'normative.in_force'",
        [unit, year],
    ).fetchone()[0]
    set_value(year, "normative.in_force", in_force + 2)
    refresh_continuity_checks(con)
    found = _continuity(con)
    carry = found[(unit, year, "std.carry_continuity")]
    assert carry == f"自然人：上年结转下年度 {carried:g} ≠ 本年上年结转 {carried + 7:g}"
    assert "行政规范性文件" in found[(unit, year, "std.in_force_continuity")]
    assert f"≠ 本年现行有效 {in_force + 2:g}" in found[(unit, year, "std.in_force_continuity")]
    expected = {(unit, year, "std.carry_continuity"), (unit, year, "std.in_force_continuity")}
    has_next = con.execute(
        "SELECT count(*) FROM reports WHERE unit_id = ? AND year = ? AND template = 'std2021'",
        [unit, year + 1],
    ).fetchone()[0]
    if has_next:  # this year's 现行有效 is also next year's starting point
        expected.add((unit, year + 1, "std.in_force_continuity"))
    assert set(found) == expected
    severities = {
        s
        for (s,) in con.execute(
            "SELECT DISTINCT severity FROM check_results WHERE rule LIKE 'std.%continuity'"
        ).fetchall()
    }
    assert severities == {"warning"}
