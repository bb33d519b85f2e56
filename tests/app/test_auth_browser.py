"""Sign-in for real (issue 12): a local OpenID Connect provider (oidc-provider-mock, from PyPI,
on loopback) and the real app (`streamlit run dashboard.py` with an [auth] secrets file and a
roles file) driven in headless Debian chromium.

One walk through: sign-in is required; a viewer is refused the SQL page and signs out; a
reviewer of 北京市 decides a finding of 东城区, is refused one of 深圳市, places a kept report
under a 北京市 unit, is refused one under a 江苏省 unit and the 导入 page; an admin uploads a new
version of a stored report (an ingest and a replacement) and opens 审计记录; every write has
its audit_log row with the signed-in identity.
"""

from __future__ import annotations

import re
import shutil
import time
from pathlib import Path

import pytest

from tests.app.apphelpers import click_tab, free_port, launch_chromium, streamlit_app, wait_idle

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
ARTIFACTS = ROOT / "test-artifacts"
DONGCHENG = "2017_北京市东城区政务服务中心.txt"
ADMIN, VIEWER, REVIEWER = "admin@example.org", "viewer@example.org", "reviewer.bj@example.org"
ROLES = f"""identity,role,region
{ADMIN},admin,
{VIEWER},viewer,
{REVIEWER},reviewer,北京市
"""


@pytest.fixture(scope="module")
def signed_app(tmp_path_factory, monkeypatch_module):
    """(app url, database path, folder): the samples ingested, a provider, the app with sign-in."""
    from oidc_provider_mock import run_server_in_thread

    from pipelines.ingest import ingest_paths

    folder = tmp_path_factory.mktemp("auth")
    db = folder / "auth.duckdb"
    ingest_paths([SAMPLES], db, progress=False)
    (folder / "roles.csv").write_text(ROLES, encoding="utf-8")
    monkeypatch_module.setenv("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain http on loopback
    with run_server_in_thread() as provider:
        port = free_port()
        (folder / "secrets.toml").write_text(
            "[auth]\n"
            f'redirect_uri = "http://localhost:{port}/oauth2callback"\n'
            'cookie_secret = "a-test-cookie-secret-that-is-long-enough-0123456789"\n'
            'client_id = "govreports-test"\n'
            'client_secret = "test-secret"\n'
            f'server_metadata_url = "http://localhost:{provider.server_port}/.well-known/openid-configuration"\n',
            encoding="utf-8",
        )
        with streamlit_app(
            db,
            folder / "streamlit.log",
            port=port,
            host="localhost",
            args=("--secrets.files", str(folder / "secrets.toml")),
            env={"GOVREPORTS_ROLES": str(folder / "roles.csv"), "AUTHLIB_INSECURE_TRANSPORT": "1"},
        ) as url:
            yield url, db, folder


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def _sign_in(page, url: str, who: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_idle(page)
    page.get_by_role("button", name="登录").click()
    page.wait_for_selector('input[name="sub"]', timeout=30000)  # the provider's form
    page.fill('input[name="sub"]', who)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(url)), timeout=30000)
    page.get_by_text(who).first.wait_for(timeout=30000)  # the sidebar's account
    wait_idle(page)


def _open(page, url: str) -> None:
    page.goto(url, wait_until="domcontentloaded")
    wait_idle(page)


def _no_exception(page) -> None:
    boxes = page.locator('[data-testid="stException"]')
    assert boxes.count() == 0, boxes.first.inner_text()[:500]


def _audit(db: Path) -> list[tuple]:
    from pipelines.db import connect_readonly

    con = connect_readonly(db)
    try:
        return con.execute("SELECT identity, action, target, before, after, source FROM audit_log").fetchall()
    finally:
        con.close()


def _wait_for_audit(db: Path, action: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not any(r[1] == action for r in _audit(db)):
        assert time.monotonic() < deadline, f"no {action} row in audit_log"
        time.sleep(0.3)


def _pick_option(page, label: str, text: str, within=None) -> None:
    """Choose the option containing ``text`` in the st.selectbox labelled ``label`` (the
    option list opens outside the widget, at the page's end)."""
    box = (within or page).locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.click()
    box.locator("input").fill(text)
    page.get_by_role("option").filter(has_text=text).first.click()
    wait_idle(page)


def _decide(page, url: str, unit_text: str) -> None:
    """On 数据质量 › 核实与导出: pick the first finding of a unit, save 已核实."""
    _open(page, f"{url}/quality")
    click_tab(page, "核实与导出")
    _pick_option(page, "按问题编号选择", unit_text)
    form = page.locator('[data-testid="stForm"]').filter(has_text="核实结论").first
    form.locator("textarea").fill("电话核实")
    form.get_by_role("button", name="保存核实结论").click()
    wait_idle(page)


def _place(page, url: str, file_name: str, unit: str, year: int | None = None) -> None:
    """On 数据质量 › 待归属: pick one report, type its unit (and year), confirm."""
    _open(page, f"{url}/quality")
    click_tab(page, "待归属")
    pick = page.locator('[data-testid="stMultiSelect"]').filter(has_text="选择要归属的报告").first
    pick.click()
    pick.locator("input").fill(file_name)
    page.get_by_role("option").filter(has_text=file_name).first.click()
    wait_idle(page)
    form = page.locator('[data-testid="stForm"]').filter(has_text="确认归属").first
    form.get_by_label("归属单位（全称）").fill(unit)
    if year is not None:
        form.get_by_label("统计年度").fill(str(year))
    form.get_by_role("button", name="确认归属").click()
    wait_idle(page)


@pytest.mark.browser
def test_sign_in_roles_regions_audit_and_sign_out(signed_app, tmp_path):
    from playwright.sync_api import sync_playwright

    url, db, _ = signed_app
    ARTIFACTS.mkdir(exist_ok=True)
    started = time.monotonic()
    upload = tmp_path / DONGCHENG  # the same unit and year, changed bytes: a replacement
    shutil.copyfile(SAMPLES / DONGCHENG, upload)
    upload.write_text(upload.read_text(encoding="utf-8") + "\n（修订版）\n", encoding="utf-8")
    with sync_playwright() as p:
        browser = launch_chromium(p)

        # Nobody signed in: every page shows the sign-in screen, nothing else.
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        for path in ("", "sql"):
            _open(page, f"{url}/{path}")
            assert page.get_by_role("button", name="登录").count() == 1
            assert page.locator('[data-testid="stPlotlyChart"]').count() == 0
            assert page.get_by_text("本地模式").count() == 0

        # A viewer: charts yes, the SQL page refused (also by its URL), then sign-out.
        _sign_in(page, url, VIEWER)
        _no_exception(page)
        _open(page, f"{url}/sql")
        assert page.get_by_text("无权访问此页面").count() == 1
        assert page.get_by_role("textbox").count() == 0 or page.locator(".ace_editor").count() == 0
        page.get_by_role("button", name="退出登录").click()
        page.get_by_role("button", name="End session").click(timeout=30000)  # the provider's logout
        page.wait_for_url(re.compile(re.escape(url)), timeout=30000)
        _open(page, f"{url}/")
        assert page.get_by_role("button", name="登录").count() == 1, "still signed in after 退出登录"
        page.context.close()

        # A reviewer of 北京市: in-region decision and placement pass, out-of-region ones are refused.
        page = browser.new_page(viewport={"width": 1400, "height": 2400})
        _sign_in(page, url, REVIEWER)
        _decide(page, url, "东城区")
        _wait_for_audit(db, "decide")
        _no_exception(page)
        _decide(page, url, "蛇口")
        page.get_by_text("不包括").first.wait_for(timeout=20000)  # out-of-region decision refused
        _place(page, url, "001.txt", "北京市西城区人民政府")
        page.get_by_text("归属完成").first.wait_for(timeout=20000)
        _place(page, url, "004.txt", "江苏省宿迁市沭阳县人民政府", 2023)
        page.get_by_text("不包括").first.wait_for(timeout=20000)  # out-of-region placement refused
        _open(page, f"{url}/intake")
        assert page.get_by_text("无权访问此页面").count() == 1
        page.context.close()

        # The admin uploads a new version of a stored report, then reads the trail.
        page = browser.new_page(viewport={"width": 1400, "height": 1800})
        _sign_in(page, url, ADMIN)
        _open(page, f"{url}/intake")
        page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(upload))
        page.get_by_role("button", name="开始导入").click()
        page.get_by_text("导入结果").first.wait_for(timeout=60000)
        wait_idle(page)
        _no_exception(page)
        _open(page, f"{url}/audit")
        _no_exception(page)
        page.get_by_text("导出 XLSX").first.wait_for(timeout=20000)
        page.screenshot(path=str(ARTIFACTS / "auth_audit_page.png"), full_page=True)
        browser.close()

    rows = _audit(db)
    by = {(identity, action) for identity, action, *_ in rows}
    assert (ADMIN, "ingest") in by and (ADMIN, "replace") in by, rows
    assert (REVIEWER, "decide") in by and (REVIEWER, "place") in by, rows
    decided = [r for r in rows if r[1] == "decide"]
    assert len(decided) == 1 and decided[0][3] is None and "看板 · 数据质量" == decided[0][5]
    placed = [r for r in rows if r[1] == "place"]
    assert len(placed) == 1 and "西城区" in placed[0][4] and "待归属" in placed[0][3]
    assert not any(identity == VIEWER for identity, *_ in rows)
    print(f"sign-in walk-through: {time.monotonic() - started:.1f} s")  # about 37 s on an idle 2-core machine
