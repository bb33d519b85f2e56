"""Roles, region scopes and the audit trail (issue 12), on the library level: every writer
checks the role itself and writes its audit_log row in the same publish; the log survives
re-ingest and reparse; nothing in the code updates or deletes it."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from pipelines import access, audit
from pipelines.access import AccessDenied, Actor, Grant

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples"
DONGCHENG = "2017_北京市东城区政务服务中心.txt"
BEIJING = Actor("rev.bj@example.org", (Grant("reviewer", "北京市"),), "test", signed_in=True)
VIEWER = Actor("viewer@example.org", (Grant("viewer"),), "test", signed_in=True)


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory) -> Path:
    from pipelines.ingest import ingest_paths

    db = tmp_path_factory.mktemp("access") / "samples.duckdb"
    ingest_paths([SAMPLES], db, progress=False)
    return db


@pytest.fixture
def db(samples_db, tmp_path) -> Path:
    copy = tmp_path / "db.duckdb"
    shutil.copyfile(samples_db, copy)
    return copy


def _rows(db: Path, sql: str, params=()) -> list[tuple]:
    from pipelines.db import connect_readonly

    con = connect_readonly(db)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _audit(db: Path) -> list[tuple]:
    return _rows(db, "SELECT identity, action, target, before, after, source FROM audit_log ORDER BY logged_at, rowid")


# ---------------------------------------------------------------------------
# Roles file and regions


def test_roles_file_rows_comments_and_errors():
    roles = access.parse_roles(
        "identity,role,region\n# a comment\n\nA@Example.org,reviewer,江苏省/宿迁市\nsub-123,admin,*\n"
    )
    assert [(r.identity, r.role, r.region, r.line) for r in roles.rows] == [
        ("A@Example.org", "reviewer", "江苏省/宿迁市", 4),
        ("sub-123", "admin", "", 5),
    ]
    assert roles.grants_for(["a@example.org"]) == (Grant("reviewer", "江苏省/宿迁市"),)  # e-mail: any case
    assert roles.grants_for([None, "sub-123"]) == (Grant("admin"),)
    assert roles.grants_for(["nobody@example.org"]) == ()
    with pytest.raises(access.RolesFileError, match="第 2 行.*superuser"):
        access.parse_roles("identity,role,region\nx@example.org,superuser,\n")


def test_the_shipped_roles_file_parses_and_grants_nobody():
    assert access.load_roles(ROOT / "data" / "roles.csv").rows == []


@pytest.mark.parametrize(
    "scope,region,inside",
    [
        ("", ("江苏省", "宿迁市", "沭阳县"), True),
        ("*", (None, None, None), True),
        ("宿迁市", ("江苏省", "宿迁市", "沭阳县"), True),
        ("江苏省/宿迁市/沭阳县", ("江苏省", "宿迁市", "沭阳县"), True),
        ("宿迁市/沭阳县", ("江苏省", "宿迁市", None), False),
        ("沭阳县", ("江苏省", "宿迁市", "泗阳县"), False),
        ("北京市/东城区", ("北京市", "市辖区", "东城区"), True),
        ("北京市", ("广东省", "深圳市", "南山区"), False),
        ("北京市", (None, None, None), False),  # a unit of unknown region: only an unscoped grant
    ],
)
def test_region_scope(scope, region, inside):
    assert access.region_in_scope(region, scope) is inside


def test_roles_include_the_ones_before_and_regions_limit_them():
    importer = Actor("i", (Grant("importer", "宿迁市"),))
    assert importer.can("viewer") and importer.can("analyst") and importer.can("reviewer")
    assert importer.can("reviewer", ("江苏省", "宿迁市", "沭阳县"))
    assert not importer.can("reviewer", ("北京市", "北京市", "东城区"))
    assert not importer.can("admin")
    with pytest.raises(AccessDenied, match="需要「分析」角色"):
        access.authorize(VIEWER, "analyst")
    with pytest.raises(AccessDenied, match="不包括 广东省深圳市南山区"):
        access.authorize(BEIJING, "reviewer", ("广东省", "深圳市", "南山区"))
    assert access.authorize(None, "admin").source == "命令行"  # the command line: every role


# ---------------------------------------------------------------------------
# Every writer checks and audits


def _finding(db: Path, unit_part: str) -> dict:
    from pipelines import quality
    from pipelines.db import connect_readonly

    con = connect_readonly(db)
    try:
        found = quality.findings(con)
    finally:
        con.close()
    return found[found["unit_id"].str.contains(unit_part)].iloc[0].to_dict()


def test_review_decision_checks_role_and_region_and_is_audited(db):
    from pipelines import quality

    inside, outside = _finding(db, "政务服务中心"), _finding(db, "蛇口")
    with pytest.raises(AccessDenied):
        quality.record_decision(db, inside["finding_id"], "已核实", "x", "viewer", finding=inside, actor=VIEWER)
    with pytest.raises(AccessDenied, match="不包括"):
        quality.record_decision(db, outside["finding_id"], "已核实", "x", "y", finding=outside, actor=BEIJING)
    assert _rows(db, "SELECT count(*) FROM review_decisions") == [(0,)]
    quality.record_decision(db, inside["finding_id"], "已核实", "电话核实", "随便写的名字", finding=inside, actor=BEIJING)
    quality.record_decision(db, inside["finding_id"], "已排除", "复核", "", finding=inside, actor=BEIJING)
    quality.clear_decision(db, inside["finding_id"], actor=BEIJING)
    # signed in: the identity is the 核实人, whatever the free-text box said
    assert {r[0] for r in _rows(db, "SELECT reviewer FROM review_log")} == {BEIJING.identity}
    rows = [r for r in _audit(db) if r[1] in ("decide", "withdraw")]
    assert [(r[0], r[1], r[2]) for r in rows] == [
        (BEIJING.identity, "decide", inside["finding_id"]),
        (BEIJING.identity, "decide", inside["finding_id"]),
        (BEIJING.identity, "withdraw", inside["finding_id"]),
    ]
    assert rows[0][3] is None and '"已核实"' in rows[0][4]
    assert '"已核实"' in rows[1][3] and '"已排除"' in rows[1][4]
    assert '"已排除"' in rows[2][3] and '"待核实"' in rows[2][4]


def test_placement_checks_the_region_it_places_into(db):
    from pipelines.placing import place_source

    with pytest.raises(AccessDenied, match="不包括"):
        place_source(db, "real/004.txt", "江苏省宿迁市沭阳县人民政府", 2020, actor=BEIJING)
    with pytest.raises(AccessDenied):
        place_source(db, "real/004.txt", "北京市西城区人民政府", 2020, actor=VIEWER)
    assert not [r for r in _audit(db) if r[1] == "place"]
    place_source(db, "real/004.txt", "北京市西城区人民政府", 2020, actor=BEIJING)
    (row,) = [r for r in _audit(db) if r[1] == "place"]
    assert row[0] == BEIJING.identity and '"待归属"' in row[3] and "西城区" in row[4]
    assert _rows(db, "SELECT placed_by FROM placements") == [(BEIJING.identity,)]
    # moving it out of 北京市 again needs a scope over where it goes
    with pytest.raises(AccessDenied):
        place_source(db, "real/004.txt", "江苏省宿迁市沭阳县人民政府", 2020, actor=BEIJING)


def test_ingest_needs_the_importer_role_and_audits_run_and_replacement(db, tmp_path):
    from pipelines.ingest import ingest_paths

    changed = tmp_path / DONGCHENG
    changed.write_text((SAMPLES / DONGCHENG).read_text(encoding="utf-8") + "\n（修订版）\n", encoding="utf-8")
    before = db.read_bytes()
    with pytest.raises(AccessDenied, match="导入"):
        ingest_paths([changed], db, progress=False, actor=BEIJING)
    assert db.read_bytes() == before  # refused before anything was written
    importer = Actor("imp@example.org", (Grant("importer"),), "看板 · 导入", signed_in=True)
    summary = ingest_paths([changed], db, progress=False, actor=importer)
    assert summary.replaced == 1
    rows = [r for r in _audit(db) if r[0] == importer.identity]
    assert [r[1] for r in rows] == ["ingest", "replace"]
    assert rows[0][5] == "看板 · 导入" and '"replaced": 1' in rows[0][4]
    assert DONGCHENG in rows[1][3] and DONGCHENG in rows[1][4]


@pytest.mark.slow  # a whole ingest or CLI run: full suite only (keeps the fast lane under a minute)
def test_the_log_survives_reingest_and_reparse(db):
    from pipelines import quality
    from pipelines.ingest import ingest_paths, reparse_database

    inside = _finding(db, "政务服务中心")
    quality.record_decision(db, inside["finding_id"], "已核实", "", "", finding=inside, actor=BEIJING)
    kept = _audit(db)
    ingest_paths([SAMPLES], db, progress=False)
    reparse_database(db, progress=False)
    after = _audit(db)
    assert after[: len(kept)] == kept
    assert [r[1] for r in after[len(kept) :]] == ["ingest", "reparse"]


def test_nothing_updates_or_deletes_the_audit_log():
    pattern = re.compile(r"(UPDATE|DELETE\s+FROM|DROP\s+TABLE|TRUNCATE)\s+(IF\s+EXISTS\s+)?audit_log", re.I)
    offenders = [
        str(path.relative_to(ROOT))
        for folder in ("pipelines", "app_lib", "app_pages")
        for path in (ROOT / folder).rglob("*.py")
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not offenders


def test_audit_entries_filters_and_xlsx(db):
    from pipelines.db import connect_readonly

    actor = Actor("=cmd|' /C calc'!A0", (Grant("admin"),), "test")
    from pipelines.db import write_transaction

    with write_transaction(db) as con:
        audit.record(con, actor, "place", "abc", {"status": "待归属"}, {"unit": "某单位"})
    con = connect_readonly(db)
    try:
        assert len(audit.entries(con, identity=actor.identity)) == 1
        assert len(audit.entries(con, actions=["place"], text="某单位")) == 1
        assert audit.entries(con, actions=["decide"]).empty
        everything = audit.entries(con)
    finally:
        con.close()
    sheet = openpyxl.load_workbook(io.BytesIO(audit.xlsx_bytes(everything))).active
    header = [c.value for c in sheet[1]]
    assert header == list(audit.COLUMNS.values())
    identities = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=cmd|' /C calc'!A0" in identities  # never a formula
    assert isinstance(audit.labelled(everything), pd.DataFrame)


def test_corrections_check_role_and_region_and_are_audited(db):
    from pipelines import corrections

    report_id, metric = _rows(
        db,
        "SELECT r.report_id, v.metric FROM reports r JOIN report_values v USING (report_id) "
        "WHERE r.unit_name LIKE '%东城区政务服务中心%' AND v.origin = 'table' ORDER BY v.metric LIMIT 1",
    )[0]
    shenzhen = _rows(db, "SELECT report_id FROM reports WHERE unit_name LIKE '%蛇口%'")[0][0]
    with pytest.raises(AccessDenied):
        corrections.record_correction(db, report_id, metric, 1, "理由", "某人", actor=VIEWER)
    other_metric = _rows(db, "SELECT metric FROM report_values WHERE report_id = ? LIMIT 1", [shenzhen])[0][0]
    with pytest.raises(AccessDenied, match="不包括"):
        corrections.record_correction(db, shenzhen, other_metric, 1, "理由", "某人", actor=BEIJING)
    corrections.record_correction(db, report_id, metric, 7, "单位来函更正", "某人", actor=BEIJING)
    corrections.withdraw_correction(db, report_id, metric, "某人", "原数无误", actor=BEIJING)
    rows = [r for r in _audit(db) if r[1] in ("correct", "uncorrect")]
    assert [(r[0], r[1]) for r in rows] == [(BEIJING.identity, "correct"), (BEIJING.identity, "uncorrect")]
    assert '"单位来函更正"' in rows[0][4]


def test_registry_edits_need_the_admin_role_and_are_audited(db, tmp_path):
    from pipelines import registry

    frame = pd.DataFrame(
        [{"name": "北京市东城区政务服务中心", "region": "北京市/东城区", "kind": "department",
          "first_year": 2017, "last_year": None, "note": ""}]
    )
    path = tmp_path / "unit_registry.csv"
    with pytest.raises(AccessDenied, match="管理"):
        registry.save_registry(frame, path, db, actor=BEIJING)
    assert not path.exists()
    admin = Actor("admin@example.org", (Grant("admin"),), "test", signed_in=True)
    registry.save_registry(frame, path, db, actor=admin)
    assert path.is_file()
    rows = [r for r in _audit(db) if r[1] == "registry"]
    assert [(r[0], r[2]) for r in rows] == [(admin.identity, "unit_registry.csv")]
    assert '"rows": 1' in rows[0][4]
