"""Who may write what (issue 12): roles, region scopes and the one check every writer calls.

Pure library, no Streamlit: the dashboard builds an :class:`Actor` from the signed-in user
(``app_lib/auth.py``), the command line from the operating-system user, and every function
that writes (``pipelines.ingest.ingest_paths``, ``pipelines.placing.place_source``,
``pipelines.quality.record_decision`` / ``clear_decision``) calls :func:`authorize` itself,
inside the server process, before it writes anything — hiding a button is only cosmetics.

Roles, each including the ones before it:

- ``viewer``   every chart, the report viewer, exports
- ``analyst``  + the SQL page
- ``reviewer`` + decide data-quality findings and place unplaced reports, within its region
- ``importer`` + upload and ingest reports (and so replace a unit's report)
- ``admin``    + aliases, the unit registry, the roles and the audit trail

The roles file (``data/roles.csv`` or ``$GOVREPORTS_ROLES``) has one row per grant:
``identity,role,region``. ``identity`` is an e-mail address (case-insensitive) or the
provider's subject (``sub``); ``region`` is empty or ``*`` for everywhere, else a region path
like ``江苏省/宿迁市/沭阳县``, ``宿迁市`` or ``宿迁市/沭阳县`` (its parts must appear in that order
in the unit's province / city / county). Several rows for one identity add up. Lines starting
with ``#`` are comments.
"""

from __future__ import annotations

import csv
import getpass
import io
import os
import socket
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines import settings
from pipelines.errors import GovReportsError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ROLES = PROJECT_ROOT / "data" / "roles.csv"

ROLES = ("viewer", "analyst", "reviewer", "importer", "admin")
_RANK = {role: i for i, role in enumerate(ROLES)}
ROLE_LABELS = {
    "viewer": "浏览",
    "analyst": "分析",
    "reviewer": "核实",
    "importer": "导入",
    "admin": "管理",
}
ROLE_DESCRIPTIONS = {
    "viewer": "查看全部图表、报告原文和导出",
    "analyst": "浏览 + SQL 查询",
    "reviewer": "分析 + 在所辖地区内核实数据质量问题、确认待归属报告",
    "importer": "核实 + 上传导入报告（含替换已收录的报告）",
    "admin": "导入 + 单位别名、单位名录、角色和审计记录",
}
EVERYWHERE = ""  # a grant without a region scope

Region = tuple[str | None, str | None, str | None]  # province, city, county


class AccessDenied(GovReportsError):
    """A write (or a page) refused: the user is not signed in, lacks the role, or the unit is
    outside the user's region. ``str(exc)`` is the Chinese message shown to the user."""


class RolesFileError(GovReportsError):
    """The roles file cannot be read or has a bad row (the message names the line)."""


@dataclass(frozen=True)
class Grant:
    role: str
    region: str = EVERYWHERE  # '' = everywhere, else a region path (see module docstring)

    def covers(self, role: str, region: Region | None) -> bool:
        if _RANK[self.role] < _RANK[role]:
            return False
        return region is None or region_in_scope(region, self.region)


@dataclass(frozen=True)
class Actor:
    """Who writes: ``identity`` (e-mail or subject; ``本地用户`` in 本地模式; ``user@host`` on
    the command line), the grants from the roles file, and where the write comes from."""

    identity: str
    grants: tuple[Grant, ...] = ()
    source: str = "命令行"
    signed_in: bool = False  # identity vouched for by the identity provider
    name: str = ""  # display name from the provider, when it sends one

    def can(self, role: str, region: Region | None = None) -> bool:
        return any(g.covers(role, region) for g in self.grants)

    def roles(self) -> list[str]:
        return sorted({g.role for g in self.grants}, key=_RANK.__getitem__)

    def with_source(self, source: str) -> Actor:
        return Actor(self.identity, self.grants, source, self.signed_in, self.name)


ALL_ROLES = (Grant("admin"),)


def local_actor(source: str = "看板（本地模式）") -> Actor:
    """The single user of 本地模式 (no identity provider configured): every role, everywhere."""
    return Actor("本地用户", ALL_ROLES, source)


def cli_actor(command: str = "命令行") -> Actor:
    """The operating-system user running a command: whoever can run it can write the
    database file anyway, so every role; the audit trail says who it was."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = f"uid {os.getuid()}"
    return Actor(f"{user}@{socket.gethostname()}", ALL_ROLES, command)


def authorize(actor: Actor | None, role: str, region: Region | None = None, *, what: str = "") -> Actor:
    """Raise :class:`AccessDenied` unless ``actor`` holds ``role`` (within ``region`` when
    given); return the actor (a missing one is the command-line user)."""
    if role not in _RANK:
        raise ValueError(f"unknown role {role!r}")
    actor = actor or cli_actor()
    if actor.can(role, region):
        return actor
    doing = f"{what}需要" if what else "需要"
    if region is not None and actor.can(role):
        scopes = "、".join(g.region or "全部地区" for g in actor.grants if g.covers(role, None))
        raise AccessDenied(
            f"无权操作：{actor.identity} 的{ROLE_LABELS[role]}范围是 {scopes}，"
            f"不包括 {region_text(region)}。"
        )
    raise AccessDenied(
        f"无权操作：{doing}「{ROLE_LABELS[role]}」角色（{role}），"
        f"{actor.identity} 没有。请联系管理员在角色文件中添加。"
    )


# ---------------------------------------------------------------------------
# Regions


def _parts(scope: str) -> list[str]:
    return [p.strip() for p in scope.replace("／", "/").split("/") if p.strip()]


def region_in_scope(region: Region, scope: str) -> bool:
    """Whether a unit's (province, city, county) lies in a region scope ('' or '*' = all)."""
    wanted = _parts(scope)
    if not wanted or wanted == ["*"]:
        return True
    have = iter(p for p in region if p)
    return all(any(w == h for h in have) for w in wanted)  # an ordered subsequence


def region_text(region: Region) -> str:
    parts = [p for p in region if p and p != "市辖区"]
    return "".join(parts) or "地区不明的单位"


def unit_region(con: Any, unit_id: Any) -> Region:
    """(province, city, county) of a unit in the database; all None when unknown."""
    if not unit_id or not isinstance(unit_id, str):
        return (None, None, None)
    row = con.execute("SELECT province, city, county FROM units WHERE unit_id = ?", [unit_id]).fetchone()
    if row is None:
        row = con.execute(
            "SELECT any_value(province), any_value(city), any_value(county) FROM reports WHERE unit_id = ?",
            [unit_id],
        ).fetchone()
    return (row[0], row[1], row[2]) if row else (None, None, None)


# ---------------------------------------------------------------------------
# The roles file


@dataclass(frozen=True)
class RoleRow:
    identity: str
    role: str
    region: str
    line: int


@dataclass
class Roles:
    rows: list[RoleRow] = field(default_factory=list)

    def grants_for(self, identities: Iterable[str | None]) -> tuple[Grant, ...]:
        keys = {_key(i) for i in identities if i}
        return tuple(Grant(r.role, r.region) for r in self.rows if _key(r.identity) in keys)


def _key(identity: str) -> str:
    return identity.strip().casefold()


def roles_path() -> Path:
    """The roles file (pipelines.settings ``roles``: $GOVREPORTS_ROLES, else data/roles.csv)."""
    return settings.current().roles


def parse_roles(text: str) -> Roles:
    """Rows of ``identity,role,region`` (header optional, ``#`` comments); a bad row raises
    :class:`RolesFileError` naming its line (a roles file is never half-applied)."""
    rows: list[RoleRow] = []
    for line_no, record in enumerate(csv.reader(io.StringIO(text)), start=1):
        cells = [c.strip() for c in record]
        if not cells or not any(cells) or cells[0].startswith("#"):
            continue
        if line_no == 1 and cells[0].lower() == "identity":
            continue
        identity, role, region = (cells + ["", ""])[:3]
        if not identity:
            raise RolesFileError(f"角色文件第 {line_no} 行：缺少账号（identity）")
        if role not in _RANK:
            raise RolesFileError(
                f"角色文件第 {line_no} 行：未知角色 {role!r}，只能是 {' / '.join(ROLES)}"
            )
        rows.append(RoleRow(identity, role, "" if region == "*" else region, line_no))
    return Roles(rows)


def load_roles(path: str | os.PathLike | None = None) -> Roles:
    """The roles file (missing file: nobody has a role)."""
    path = Path(path) if path else roles_path()
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        return Roles()
    except (OSError, UnicodeDecodeError) as exc:
        raise RolesFileError(f"无法读取角色文件 {path}：{exc}") from exc
    return parse_roles(text)


__all__ = [
    "ROLES",
    "ROLE_LABELS",
    "AccessDenied",
    "Actor",
    "Grant",
    "Region",
    "Roles",
    "RolesFileError",
    "authorize",
    "cli_actor",
    "load_roles",
    "local_actor",
    "parse_roles",
    "region_in_scope",
    "unit_region",
]
