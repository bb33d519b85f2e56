"""unit_id: one id per agency across name variants; the alias file merges and splits."""

from __future__ import annotations

from pipelines import units


def test_same_agency_with_and_without_prefix_width_and_spaces():
    ids = {
        units.unit_id_for(n, {})
        for n in [
            "北京市东城区政务服务中心",
            "东城区政务服务中心",
            "北京市 东城区政务服务中心",
            "北京市东城区政务服务中心　",
        ]
    }
    assert ids == {"110101:政务服务中心"}


def test_traditional_name_is_the_same_unit_as_simplified():
    assert units.unit_id_for("南山區蛇口街道辦事處", {}) == units.unit_id_for("南山区蛇口街道办事处", {})


def test_region_from_name():
    r = units.region_of("北京市东城区政务服务中心")
    assert (r.province, r.county) == ("北京市", "东城区")
    r = units.region_of("沭阳县人民政府")
    assert (r.province, r.city, r.county) == ("江苏省", "宿迁市", "沭阳县")
    assert units.region_of("太平镇人民政府").adcode is None


def test_kind_of():
    assert units.kind_of("宿迁市人民政府") == "government"
    assert units.kind_of("宿迁市人民政府办公室") == "department"
    assert units.kind_of("蛇口街道办事处") == "government"
    assert units.kind_of("宿迁市公安局") == "department"


def test_alias_file_merges_a_renamed_unit_and_splits_another(tmp_path, monkeypatch):
    alias = tmp_path / "aliases.csv"
    alias.write_text(
        "name,canonical_name,note\n宿迁市环境保护局,宿迁市生态环境局,2019 机构改革\n"
        "宿迁市宿城区公安局,宿城区公安分局,split\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("GOVREPORTS_ALIASES", str(alias))
    amap = units.aliases()
    assert units.unit_id_for("江苏省宿迁市环境保护局", amap) == units.unit_id_for("宿迁市生态环境局", amap)
    assert units.unit_id_for("宿城区公安局", {}) == units.unit_id_for("宿迁市宿城区公安局", {})
    assert units.unit_id_for("宿迁市宿城区公安局", amap) == units.unit_id_for("宿城区公安分局", amap)


def test_abbreviated_government_names_are_the_same_unit():
    assert units.unit_id_for("宿迁市政府", {}) == units.unit_id_for("宿迁市人民政府", {})
    assert units.unit_id_for("宿迁市政府办公室", {}) == units.unit_id_for("宿迁市人民政府办公室", {})
    assert units.unit_id_for("宿迁市政府", {}) != units.unit_id_for("宿迁市人民政府办公室", {})
    assert units.kind_of("宿迁市政府") == "government"


def test_a_departments_short_name_and_a_towns_government_words_are_the_same_unit():
    # one list of short names with placement (硚口区发改局 · 硚口区发展和改革局, zzzp9722; 青川县人防办, zzzp9740)
    assert units.unit_id_for("硚口区发改局", {}) == units.unit_id_for("硚口区发展和改革局", {})
    assert units.unit_id_for("青川县人防办", {}) == units.unit_id_for("青川县人民防空办公室", {})
    # a street or a town with or without its government's words (福田街道 · 福田街道办事处, zzzc8431)
    assert units.unit_id_for("福田区福田街道", {}) == units.unit_id_for("深圳市福田区福田街道办事处", {})
    # …but a government and its office stay two units
    assert units.unit_id_for("宿迁市政府", {}) != units.unit_id_for("宿迁市政府办", {})


def test_an_alias_edit_rekeys_stored_reports_and_an_unchanged_file_reads_no_name_again(
    tmp_path, monkeypatch, samples_dir
):
    """Every ingest applies the alias file to the reports loaded before it. When the file, the keying code and
    cpca are those every stored report was keyed with, it reads no stored name again (issue 14: an ingest of a
    few files into a national database re-read 88,000 names, ten minutes and more)."""
    import duckdb

    from pipelines.ingest import ingest_paths
    from pipelines.load import apply_unit_aliases

    alias = tmp_path / "aliases.csv"
    alias.write_text("name,canonical_name,note\n", encoding="utf-8")
    monkeypatch.setenv("GOVREPORTS_ALIASES", str(alias))
    db = tmp_path / "g.duckdb"
    sample = samples_dir / "2017_北京市东城区政务服务中心.txt"
    ingest_paths([sample], db, progress=False)

    def unit_ids() -> set[str]:
        with duckdb.connect(str(db), read_only=True) as con:
            return {uid for (uid,) in con.execute("SELECT DISTINCT unit_id FROM report_values").fetchall()}

    assert unit_ids() == {"110101:政务服务中心"}
    with duckdb.connect(str(db)) as con:
        assert apply_unit_aliases(con, units.aliases()) is None  # keyed with this very file: nothing to read

    alias.write_text("name,canonical_name,note\n北京市东城区政务服务中心,北京市东城区政务服务管理局,renamed\n",
                     encoding="utf-8")
    ingest_paths([sample], db, progress=False)  # the file unchanged: only the alias edit to apply
    assert unit_ids() == {units.unit_id_for("北京市东城区政务服务管理局", {})} != {"110101:政务服务中心"}
    with duckdb.connect(str(db)) as con:
        assert apply_unit_aliases(con, units.aliases()) is None
        assert apply_unit_aliases(con, {}) == 1  # another file than the one stored: every report read again


def test_a_load_rebuilds_the_units_it_touched_as_a_full_rebuild_would(tmp_path):
    """finish() rebuilds units, unit_names and the continuity checks for the units a load touched
    only; loading a unit's years out of order (a year loaded late changes its successor's check) and
    replacing reports must leave exactly what a rebuild of every unit gives."""
    import re

    import duckdb

    from pipelines.demo.generate import generate_corpus
    from pipelines.extract.decode import decode_text
    from pipelines.ingest import ingest_paths
    from pipelines.load import CONTINUITY_RULES, rebuild_units, refresh_continuity_checks

    generate_corpus(tmp_path / "gen", units=12, years=range(2018, 2025), formats=("txt",), seed=11, flaws=False)
    files = sorted((tmp_path / "gen" / "reports").rglob("*.txt"))
    carried = re.compile(r"(二、上年结转政府信息公开申请数量 \| )(\d+)")

    def broken(sources: list, folder: str) -> list:
        """The reports with their natural persons' carried-over count 7 higher: the year before no longer adds up."""
        (tmp_path / folder).mkdir()
        out = []
        for source in sources:
            text, _ = decode_text(source.read_bytes())  # (the corpus writes several encodings)
            text = carried.sub(lambda m: m.group(1) + str(int(m.group(2)) + 7), text)
            out.append(tmp_path / folder / f"{source.parent.name}-{source.name}")
            out[-1].write_text(text + "\n（更正）\n", encoding="utf-8")
        return out

    db = tmp_path / "g.duckdb"
    ingest_paths(files[::2], db, progress=False)
    ingest_paths(broken(files[1::4], "late") + files[3::4], db, progress=False)  # the other years, late
    ingest_paths(broken(files[:8:2], "corrected"), db, progress=False)  # reports replaced by corrected ones

    def state(con) -> tuple:
        return (
            sorted(con.execute("SELECT * FROM units").fetchall()),
            sorted(con.execute("SELECT * FROM unit_names").fetchall()),
            sorted(map(str, con.execute(
                f"SELECT report_id, unit_id, year, rule, detail FROM check_results WHERE rule IN {CONTINUITY_RULES}"
            ).fetchall())),
        )

    with duckdb.connect(str(db)) as con:
        loaded = state(con)
        rebuild_units(con)
        refresh_continuity_checks(con)
        assert state(con) == loaded
    assert len(loaded[2]) >= 3, "too few continuity breaks for this test to check anything"
