"""Fixtures of the app tests."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def app_url(demo_db, tmp_path_factory):
    """The real dashboard served on the demo database for the module's browser tests."""
    from tests.app.apphelpers import streamlit_app

    with streamlit_app(demo_db, tmp_path_factory.mktemp("app") / "streamlit.log") as url:
        yield url
