"""One settings object: defaults → settings file → environment → CLI (pipelines/settings.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines import settings
from pipelines.settings import Settings, SettingsError, load


def test_each_layer_overrides_the_one_before(tmp_path):
    conf = tmp_path / "conf" / "govreports.toml"
    conf.parent.mkdir()
    conf.write_text('upload_files = 40\nupload_total_mb = 300\njump_factor = 15\ndb = "my.duckdb"\n', "utf-8")
    assert load(environ={}, file=tmp_path / "absent.toml") == Settings()
    from_file = load(environ={}, file=conf)
    assert (from_file.upload_files, from_file.upload_total_mb, from_file.jump_factor) == (40, 300, 15.0)
    assert from_file.db == conf.parent / "my.duckdb"  # relative to the file's folder
    env = {"GOVREPORTS_UPLOAD_FILES": "7", "GOVREPORTS_DB": "/data/x.duckdb"}
    from_env = load(environ=env, file=conf)
    assert (from_env.upload_files, from_env.upload_total_mb, from_env.db) == (7, 300, Path("/data/x.duckdb"))
    from_cli = load({"upload_files": 3, "db": None}, environ=env, file=conf)
    assert (from_cli.upload_files, from_cli.db) == (3, Path("/data/x.duckdb"))  # None: option not given


def test_the_file_can_be_named_by_the_environment(tmp_path):
    conf = tmp_path / "elsewhere.toml"
    conf.write_text("demo_units = 12\n", "utf-8")
    assert load(environ={settings.SETTINGS_ENV: str(conf)}).demo_units == 12


@pytest.mark.parametrize(
    ("content", "environ", "message"),
    [
        ("uplod_files = 3\n", {}, "unknown settings uplod_files"),
        ("upload_files = [\n", {}, "settings file"),
        ("", {"GOVREPORTS_UPLOAD_FILES": "many"}, "upload_files"),
    ],
)
def test_a_bad_setting_is_named(tmp_path, content, environ, message):
    conf = tmp_path / "govreports.toml"
    conf.write_text(content, "utf-8")
    with pytest.raises(SettingsError, match=message):
        load(environ=environ, file=conf)


def test_readers_follow_the_settings(tmp_path, monkeypatch):
    from pipelines import access, registry
    from pipelines.db import default_db_path

    monkeypatch.setenv("GOVREPORTS_DB", str(tmp_path / "a.duckdb"))
    monkeypatch.setenv("GOVREPORTS_ROLES", str(tmp_path / "roles.csv"))
    monkeypatch.delenv("GOVREPORTS_REGISTRY", raising=False)
    assert default_db_path() == tmp_path / "a.duckdb"
    assert access.roles_path() == tmp_path / "roles.csv"
    assert registry.registry_path() == tmp_path / "unit_registry.csv"
    monkeypatch.setenv("GOVREPORTS_REGISTRY", str(tmp_path / "r.csv"))
    assert registry.registry_path() == tmp_path / "r.csv"
