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
