"""本地模式 (issue 12): with no identity provider configured the app runs as one local user with
every role, says so on every page, and scripts/run.sh binds the server to 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
PAGES = [
    "app_pages/overview.py",
    "app_pages/sql_explorer.py",
    "app_pages/quality.py",
    "app_pages/intake.py",
    "app_pages/audit.py",
    "app_pages/roles.py",
]


@pytest.fixture(scope="module")
def samples_file(tmp_path_factory):
    from pipelines.ingest import ingest_paths

    db = tmp_path_factory.mktemp("local") / "samples.duckdb"
    ingest_paths([SAMPLES], db, progress=False)
    return db


@pytest.fixture
def samples_db(samples_file, monkeypatch):
    """The samples database, opened by the app under test (for this test only)."""
    monkeypatch.setenv("GOVREPORTS_DB", str(samples_file))
    return samples_file


@pytest.mark.parametrize("page", PAGES)
def test_every_page_says_local_mode_and_opens(samples_db, page):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page(str(ROOT / page)).run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("本地模式" in i.value for i in at.info), page
    assert not any("无权访问" in e.value for e in at.error), page
    if page.endswith("audit.py"):  # the fixture's own ingest, by the command-line user
        assert "导出 XLSX" in [b.label for b in at.get("download_button")]


def test_local_user_decides_with_a_free_text_name_and_is_audited(samples_db, tmp_path, monkeypatch):
    import shutil

    from pipelines import quality
    from pipelines.db import connect_readonly

    db = tmp_path / "copy.duckdb"
    shutil.copyfile(samples_db, db)
    monkeypatch.setenv("GOVREPORTS_DB", str(db))
    from streamlit.testing.v1 import AppTest

    from tests.app.apphelpers import open_tab

    at = AppTest.from_file(str(ROOT / "dashboard.py"), default_timeout=60).run()
    at.switch_page(str(ROOT / "app_pages/quality.py")).run()
    open_tab(at, "核实与导出")
    con = connect_readonly(db)
    fid = quality.findings(con).iloc[0]["finding_id"]
    con.close()
    at.selectbox(key="q-review-pick").set_value(fid).run()
    at.text_input(key=f"q-review-reviewer-{fid}").input("张三")
    submit = [b for b in at.get("button") if getattr(b, "label", "") == "保存核实结论"]
    assert submit, "no decision form"
    submit[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    con = connect_readonly(db)
    try:
        rows = con.execute("SELECT identity, action, after, source FROM audit_log WHERE action = 'decide'").fetchall()
    finally:
        con.close()
    assert len(rows) == 1 and rows[0][0] == "本地用户" and "张三" in rows[0][2] and "本地模式" in rows[0][3]


def test_run_sh_binds_to_loopback_without_a_provider(tmp_path):
    """scripts/run.sh adds --server.address 127.0.0.1 unless [auth] is configured (checked with
    a stand-in streamlit that prints its arguments)."""
    fake_root = tmp_path / "repo"
    (fake_root / "scripts").mkdir(parents=True)
    (fake_root / ".venv" / "bin").mkdir(parents=True)
    (fake_root / "scripts" / "run.sh").write_text((ROOT / "scripts" / "run.sh").read_text(encoding="utf-8"))
    (fake_root / "scripts" / "setup.sh").write_text("#!/usr/bin/env bash\n", encoding="utf-8")
    (fake_root / ".venv" / "bin" / "python").symlink_to(Path(sys.executable))
    streamlit = fake_root / ".venv" / "bin" / "streamlit"
    streamlit.write_text('#!/usr/bin/env bash\necho "ARGS $*"\n', encoding="utf-8")
    streamlit.chmod(0o755)
    env = {**os.environ, "HOME": str(tmp_path / "home")}

    def run(*args: str) -> str:
        out = subprocess.run(
            ["bash", str(fake_root / "scripts" / "run.sh"), *args], capture_output=True, text=True, env=env
        )
        assert out.returncode == 0, out.stderr
        return out.stdout.strip()

    assert run() == "ARGS run dashboard.py --server.address 127.0.0.1"
    assert run("--server.port", "9000") == "ARGS run dashboard.py --server.address 127.0.0.1 --server.port 9000"
    assert run("--server.address", "0.0.0.0") == "ARGS run dashboard.py --server.address 0.0.0.0"
    (fake_root / ".streamlit").mkdir()
    (fake_root / ".streamlit" / "secrets.toml").write_text('[auth]\nclient_id = "x"\n', encoding="utf-8")
    assert run() == "ARGS run dashboard.py"


@pytest.mark.parametrize(
    "ip,remote",
    [(None, False), ("127.0.0.1", False), ("::1", False), ("::ffff:127.0.0.1", False),
     ("10.1.2.3", True), ("::ffff:10.1.2.3", True), ("fe80::1%eth0", True), ("not an ip", True)],
)
def test_only_this_machine_is_local(ip, remote):
    from app_lib.auth import is_remote_ip

    assert is_remote_ip(ip) is remote
