"""Issue 14, point 1: the 数据质量 findings read the derived tables stored at publish
(quality_pairs, quality_shares) and filter reports in SQL, and find exactly what the full
computation finds — on the demo database built by the real ingest.

"Without the stored tables" is a copy of the demo database with them dropped: the
detectors then compute the pairs and shares from every figure, as before."""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from pipelines import quality
from pipelines.quality import detectors
from pipelines.quality import sql as qsql
from pipelines.quality.coverage import unit_years
from pipelines.quality.vocabulary import _isna, deadline


@pytest.fixture(scope="module")
def stored(con):
    """The demo database with its stored quality tables (conftest's connection)."""
    return con


@pytest.fixture(scope="module")
def live(demo_db, tmp_path_factory):
    """The demo database without the stored quality tables."""
    path = tmp_path_factory.mktemp("live") / "demo.duckdb"
    shutil.copyfile(demo_db, path)
    registry = demo_db.parent / "unit_registry.csv"  # the 应报单位名单 beside the file
    if registry.exists():
        shutil.copyfile(registry, path.parent / registry.name)
    c = duckdb.connect(str(path))
    c.execute("DROP TABLE quality_pairs")
    c.execute("DROP TABLE quality_shares")
    yield c
    c.close()


def _sorted(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    out["metrics"] = out["metrics"].map(lambda m: tuple(m) if m is not None else ())
    return out.sort_values(["finding_id", "detail"]).reset_index(drop=True)


def test_the_stored_pairs_are_there_and_few(stored):
    n_pairs, n_figures = stored.execute(
        "SELECT (SELECT count(*) FROM quality_pairs), (SELECT count(*) FROM report_values)"
    ).fetchone()
    assert 0 < n_pairs < n_figures / 20  # the demo's deliberate jumps, among a few others


@pytest.mark.parametrize(
    "thresholds",
    [
        {},  # the page's defaults
        {
            "jump_factor": qsql.STORED_JUMP_FACTOR,
            "jump_min": qsql.STORED_JUMP_MIN,
            "zero_after": qsql.STORED_ZERO_AFTER,
        },
        {"jump_factor": 40.0, "jump_min": 100.0, "zero_after": 1000.0},
        {"jump_factor": 2.0, "jump_min": 5.0, "zero_after": 10.0},  # looser than stored: computed live
    ],
)
def test_anomalies_from_the_stored_pairs_equal_the_full_computation(stored, live, thresholds):
    a = detectors.anomaly_findings(stored, **thresholds)
    b = detectors.anomaly_findings(live, **thresholds)
    assert not b.empty
    pd.testing.assert_frame_equal(_sorted(a), _sorted(b))


def test_every_finding_is_the_same_with_and_without_the_stored_tables(stored, live):
    for through_latest in (True, False):
        a = quality.findings(stored, missing_through_latest=through_latest)
        b = quality.findings(live, missing_through_latest=through_latest)
        assert set(a["kind"]) >= {"check", "missing", "late", "anomaly"}
        pd.testing.assert_frame_equal(_sorted(a), _sorted(b))


def test_the_stored_pairs_are_every_pair_flagged_at_the_stored_thresholds(stored):
    """The stored rows against the pairs computed from every figure, filtered in Python."""
    every = stored.execute(qsql.pairs_sql()).df()
    prev, cur = every["prev_value"], every["value"]
    low, high = prev.where(prev < cur, cur), prev.where(prev > cur, cur)
    keep = (prev >= 0) & (cur >= 0) & (
        ((cur == 0) & (prev >= qsql.STORED_ZERO_AFTER))
        | ((low >= qsql.STORED_JUMP_MIN) & (low > 0)
           & ((high >= qsql.STORED_JUMP_FACTOR * low) | (high >= 10 * (1 - qsql.TENFOLD_TOLERANCE) * low)))
    )  # fmt: skip
    want = every[keep].sort_values(["unit_id", "metric", "year"]).reset_index(drop=True)
    got = stored.execute("SELECT * FROM quality_pairs").df().sort_values(["unit_id", "metric", "year"])
    assert len(want) < len(every)  # a small part of the pairs
    pd.testing.assert_frame_equal(got.reset_index(drop=True)[list(want.columns)], want, check_dtype=False)


# -- late and missing reports, grouped in SQL: the same as going through every report in Python


def _late_reference(con) -> set[tuple]:
    out = set()
    for rec in unit_years(con).to_dict("records"):
        if _isna(rec["published_on"]):
            continue
        if pd.Timestamp(rec["published_on"]).date() > deadline(int(rec["year"])):
            out.add((rec["unit_id"], int(rec["year"]), rec["report_id"]))
    return out


def test_late_reports_are_those_published_after_the_deadline(stored):
    late = detectors.late_findings(stored)
    assert not late.empty
    assert set(
        zip(late["unit_id"], late["year"].astype(int), late["report_id"], strict=True)
    ) == _late_reference(stored)


def _missing_reference(con, through_latest: bool) -> list[tuple]:
    loaded = unit_years(con)
    latest = int(loaded["year"].max())
    rows = []
    for unit_id, grp in loaded.groupby("unit_id", sort=True):
        years = {int(y) for y in grp["year"]}
        end = latest if through_latest else max(years)
        name = grp.sort_values("year")["unit_name"].iloc[-1]
        rows += [
            (unit_id, name, y, min(years), max(years)) for y in range(min(years), end + 1) if y not in years
        ]
    return rows


@pytest.mark.parametrize("through_latest", [True, False])
def test_missing_years_without_a_registry_are_the_gaps_of_each_unit(stored, through_latest):
    got = quality.missing_years(stored, through_latest=through_latest, registry=None)
    want = _missing_reference(stored, through_latest)
    assert want
    assert (
        list(
            zip(
                got["unit_id"],
                got["unit_name"],
                got["year"],
                got["first_year"],
                got["last_year"],
                strict=True,
            )
        )
        == want
    )
    assert set(got["basis"]) == {"guess"}


def test_coverage_has_one_cell_per_loaded_or_missing_unit_year(stored):
    cov = quality.coverage(stored, registry=None)
    loaded = unit_years(stored)
    errors = stored.execute(
        "SELECT report_id, count(*) FROM check_results WHERE severity = 'error' GROUP BY report_id"
    ).fetchall()
    failed = dict(errors)
    cells: dict[tuple, list] = {}
    for rec in loaded.to_dict("records"):
        cell = cells.setdefault((rec["unit_id"], int(rec["year"])), [0, 0])
        cell[0] += 1
        cell[1] += int(failed.get(rec["report_id"], 0))
    got = cov[cov["status"].isin(["loaded", "failed"])]
    assert {
        (u, int(y)): [int(n), int(f)]
        for u, y, n, f in zip(
            got["unit_id"], got["year"], got["n_reports"], got["failed_checks"], strict=True
        )
    } == cells
    assert ((got["status"] == "failed") == (got["failed_checks"] > 0)).all()
    missing = quality.missing_years(stored, registry=None)
    gaps = cov[cov["status"].isin(["missing", "rejected"])]
    assert set(zip(missing["unit_id"], missing["year"], strict=True)) <= set(
        zip(gaps["unit_id"], gaps["year"], strict=True)
    )


def test_pairs_stored_in_slices_of_units_are_the_same(demo_db_copy, monkeypatch):
    """A big database computes quality_pairs slice by slice of units (its windows fit in
    memory): the union of the slices is the table computed at once."""
    from pipelines import derived

    con = duckdb.connect(str(demo_db_copy))
    try:
        n_figures = con.execute("SELECT count(*) FROM report_values").fetchone()[0]
        monkeypatch.setattr(derived, "FIGURES_PER_SLICE", n_figures // 7)
        table = next(t for t in derived.HELPER_TABLES if t.name == "quality_pairs")
        derived._create_by_units(con, table)
        whole = f"({qsql.stored_pairs_sql()})"
        for a, b in (("quality_pairs", whole), (whole, "quality_pairs")):
            assert con.execute(f"SELECT count(*) FROM (FROM {a} EXCEPT ALL FROM {b})").fetchone()[0] == 0
        assert con.execute("SELECT count(*) FROM quality_pairs").fetchone()[0] > 0
    finally:
        con.close()
