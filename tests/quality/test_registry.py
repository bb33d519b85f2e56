"""The unit registry (应报单位名单): read/validated from CSV, matched to the database's units,
and the measure of coverage — 缺报 findings count against it, units outside it never are."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import quality, registry

ROOT = Path(__file__).resolve().parents[2]


def _write(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([registry.COLUMNS, *rows])
    return path


def test_registry_csv_is_validated_with_the_row_named(tmp_path):
    ok = registry.read_csv(
        _write(
            tmp_path / "r.csv",
            [["宿迁市财政局", "江苏省宿迁市", "部门", "2012", "", ""], ["# 注释", "", "", "", "", ""]],
        )
    )
    assert list(ok["name"]) == ["宿迁市财政局"] and ok.at[0, "kind"] == "department"
    assert pd.isna(ok.at[0, "last_year"])
    with pytest.raises(registry.RegistryError, match="第2行.*不是年份"):
        registry.read_csv(_write(tmp_path / "bad.csv", [["宿迁市财政局", "", "部门", "二〇一二", "", ""]]))
    with pytest.raises(registry.RegistryError, match="第3行.*重复"):
        registry.read_csv(
            _write(
                tmp_path / "dup.csv",
                [["宿迁市财政局", "", "", "2012", "", ""], ["宿迁市 财政局", "", "", "2013", "", ""]],
            )
        )
    with pytest.raises(registry.RegistryError, match="止报年度"):
        registry.read_csv(_write(tmp_path / "order.csv", [["宿迁市财政局", "", "", "2015", "2014", ""]]))


def test_registry_round_trips_through_csv_with_a_bom(tmp_path):
    frame = registry.from_units(
        [
            {
                "name": "沭阳县教育局",
                "region": "江苏省宿迁市沭阳县",
                "kind": "部门",
                "first_year": 2012,
                "last_year": 2020,
                "note": "撤并",
            }
        ]
    )
    path = registry.write_csv(frame, tmp_path / "unit_registry.csv")
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    back = registry.read_csv(path)
    assert back.to_dict("records") == frame.to_dict("records")


def test_registry_names_match_every_printed_variant():
    reg = registry.resolve(
        registry.from_units(
            [
                {"name": "宿迁市财政局", "region": "江苏省宿迁市", "kind": "部门", "first_year": 2012},
                {"name": "财政局", "region": "江苏省宿迁市沭阳县", "kind": "部门", "first_year": 2012},
            ]
        )
    )
    from pipelines import units

    ids = list(reg.frame["unit_id"])
    assert ids[0] == units.unit_id_for("江苏省宿迁市 财政局")
    assert ids[1] == units.unit_id_for("沭阳县财政局")
    assert reg.frame["county"].isna().tolist() == [True, False] and reg.frame.at[1, "county"] == "沭阳县"
    assert list(reg.due(2011)["name"]) == []


def test_project_registry_is_the_demo_registry(demo_corpus, tmp_path):
    """data/unit_registry.csv is what `govreports demo` installs for the default 150 units; its
    header and format are those of the generated one."""
    project = registry.read_csv(ROOT / "data" / "unit_registry.csv")
    assert len(project) == 150 and project["note"].str.startswith("示例数据").all()
    small = registry.read_csv(demo_corpus / "unit_registry.csv")
    # the test corpus (30 units) is the first 30 units of the default one
    assert small.to_dict("records") == project.head(len(small)).to_dict("records")


def test_missing_counts_against_the_registry_and_matches_the_truth(demo_db, demo_corpus):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        missing = quality.missing_findings(con)
        outside = quality.outside_registry(con)
        guessed = quality.missing_findings(con, registry=None)
    finally:
        con.close()
    truth = pd.read_csv(demo_corpus / "unreported.csv")
    reg = registry.load(demo_db)
    assert reg is not None
    key = dict(zip(reg.frame["name"], reg.frame["unit_id"], strict=True))
    from pipelines.demo.units import build_units

    new_name = {u.key: u.new_name for u in build_units(200)}
    expected = {(key[new_name[k]], int(y)) for k, y in zip(truth["unit_key"], truth["year"], strict=True)}
    assert set(zip(missing["unit_id"], missing["year"].astype(int), strict=True)) == expected
    assert (truth["flaw"] == "latest_unpublished").any()  # the latest year has 缺报 too
    # the real samples from other regions are outside the registry, listed apart, never missing
    assert len(outside) >= 3 and "北京市东城区政务服务中心" in set(outside["unit_name"])
    assert not set(outside["unit_id"]) & set(missing["unit_id"])
    # without a registry the old guess would have flagged units outside it
    assert set(guessed["unit_id"]) & set(outside["unit_id"]) or len(guessed) != len(missing)


def test_without_a_registry_file_the_guess_applies(demo_db, tmp_path):
    db = tmp_path / "norgy.duckdb"
    shutil.copyfile(demo_db, db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        assert registry.for_source(con) is None
        missing = quality.missing_years(con)
    finally:
        con.close()
    assert set(missing["basis"]) <= {"guess"}
