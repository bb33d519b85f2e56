"""A link with filters the database does not have (an old or mistyped link) says so."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def test_unknown_filter_values_in_the_url_are_named_not_silently_dropped(demo_db, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    at = AppTest.from_file("../../dashboard.py", default_timeout=60)
    at.query_params["province"] = "火星省"
    at.query_params["units"] = "000000:不存在的单位"
    at.run()
    assert not at.exception
    warnings = [w.value for w in at.sidebar.warning]
    assert any("火星省" in w and "不存在的单位" in w for w in warnings), warnings


def test_a_valid_link_shows_no_warning(demo_db, monkeypatch):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    at = AppTest.from_file("../../dashboard.py", default_timeout=60)
    at.query_params["province"] = "江苏省"
    at.run()
    assert not at.exception and not at.sidebar.warning
    assert at.sidebar.selectbox(key="f_province").value == "江苏省"


def test_quality_page_follows_the_region_filter(demo_db, monkeypatch):
    """An officer filtered to one county sees that county's findings (and unreadable files)."""
    import duckdb

    from pipelines import quality

    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    con = duckdb.connect(str(demo_db), read_only=True)
    county = con.execute(
        "SELECT county FROM units WHERE county IS NOT NULL GROUP BY county ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    all_findings = quality.findings(con)
    in_county = {u for (u,) in con.execute("SELECT unit_id FROM units WHERE county = ?", [county]).fetchall()}
    expected = all_findings[all_findings["unit_id"].isna() | all_findings["unit_id"].isin(in_county)]
    assert 0 < len(expected) < len(all_findings)
    at = AppTest.from_file("../../dashboard.py", default_timeout=60)
    at.query_params["county"] = county
    at.switch_page("app_pages/quality.py").run()
    assert not at.exception and not at.sidebar.warning
    shown = {m.label: int(m.value) for m in at.metric}
    per_kind = {quality.KIND_LABELS[k]: int((expected["kind"] == k).sum()) for k in quality.KIND_LABELS}
    assert {label: shown[label] for label in per_kind} == per_kind
    assert sum(per_kind.values()) == len(expected)
