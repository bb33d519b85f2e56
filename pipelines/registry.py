"""The unit registry (应报单位名单): which units must publish an annual report, for which years.

Officers keep it as a CSV file — ``unit_registry.csv`` next to the database file (so
``data/unit_registry.csv`` for the default ``data/govreports.duckdb``), or ``$GOVREPORTS_REGISTRY``
— edited in any spreadsheet or on the 数据质量 page (应报单位名单). Columns:

``name``        the unit's name as it should be printed (全称, with its region: 宿迁市财政局)
``region``      where it belongs, province to county (江苏省宿迁市, 江苏省宿迁市沭阳县)
``kind``        政府 / 部门 / 其他 (or government / department / other)
``first_year``  first statistics year it must report
``last_year``   last statistics year it must report (blank: still reporting)
``note``        free text (e.g. 2019年机构改革新设)

Coverage, 年度报告缺失 findings, the 报送率 and the deadline view count against it; units in
the database but not in the registry are listed apart (名单外单位), never as missing. Without a
registry file the old guess applies (a unit must report from its first report on).

A row is matched to the database's units by the same key the ingest uses
(:func:`pipelines.units.unit_id_for`, alias file applied), so a registry name matches every
printed variant of the unit. Pure library: no Streamlit.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from pipelines.access import Actor

from pipelines import settings, units
from pipelines.db import default_db_path

FILE_NAME = "unit_registry.csv"
COLUMNS = ["name", "region", "kind", "first_year", "last_year", "note"]
COLUMN_LABELS = {
    "name": "单位名称",
    "region": "所属地区",
    "kind": "单位类别",
    "first_year": "起报年度",
    "last_year": "止报年度",
    "note": "备注",
}
KIND_ZH = {"government": "政府", "department": "部门", "other": "其他"}
_KIND_KEYS = {**{v: k for k, v in KIND_ZH.items()}, "其他单位": "other", **{k: k for k in KIND_ZH}}
# resolved frame: the CSV columns plus these
RESOLVED_COLUMNS = [*COLUMNS, "unit_id", "kind_key", "province", "city", "county"]


class RegistryError(ValueError):
    """A registry file or edit that cannot be used (the message says which row and why)."""


def registry_path(db_path: str | os.PathLike | None = None) -> Path:
    """The ``registry`` setting ($GOVREPORTS_REGISTRY), else ``unit_registry.csv`` in the
    database file's folder."""
    configured = settings.current().registry
    if configured is not None:
        return configured
    return Path(db_path or default_db_path()).parent / FILE_NAME


def file_version(db_path: str | os.PathLike | None = None) -> tuple[int, int]:
    """(mtime_ns, size) of the registry file a database uses, (0, 0) without one: part of
    cache keys, so an edit shows at once."""
    try:
        st = registry_path(db_path).stat()
    except FileNotFoundError:
        return (0, 0)
    return (st.st_mtime_ns, st.st_size)


def copy_with_database(db_path: str | os.PathLike, dest: str | os.PathLike) -> Path:
    """Copy the database file ``db_path`` to ``dest`` with the registry file beside it (when
    there is one) into ``dest``'s folder, so the copy counts coverage against the same list."""
    dest = Path(dest)
    shutil.copyfile(db_path, dest)
    beside = Path(db_path).parent / FILE_NAME
    if beside.exists():
        shutil.copyfile(beside, dest.parent / FILE_NAME)
    return dest


def _year(value: Any, row: int, column: str, *, required: bool) -> int | None:
    text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not text or text.lower() in ("nan", "<na>", "none"):
        if required:
            raise RegistryError(f"第{row}行：{COLUMN_LABELS[column]}不能为空")
        return None
    if not text.isdigit() or not 1990 <= int(text) <= 2100:
        raise RegistryError(f"第{row}行：{COLUMN_LABELS[column]}“{text}”不是年份")
    return int(text)


def validate(frame: pd.DataFrame) -> pd.DataFrame:
    """Clean a registry table (from the file or the page's editor): trimmed text, kinds as
    government / department / other, integer years. Raises RegistryError naming the row."""
    frame = frame.copy()
    for col in COLUMNS:
        if col not in frame:
            frame[col] = None
    rows = []
    seen: dict[str, int] = {}
    for i, rec in enumerate(frame[COLUMNS].to_dict("records"), start=2):  # row 1 is the header
        name = str(rec["name"] or "").strip() if not _blank(rec["name"]) else ""
        if not name or name.startswith("#"):
            continue  # empty line or a comment
        kind_text = "" if _blank(rec["kind"]) else str(rec["kind"]).strip()
        kind = _KIND_KEYS.get(kind_text) if kind_text else units.kind_of(name)
        if kind is None:
            raise RegistryError(f"第{i}行：单位类别“{kind_text}”应为 政府 / 部门 / 其他")
        first = _year(rec["first_year"], i, "first_year", required=True)
        last = _year(rec["last_year"], i, "last_year", required=False)
        if first is not None and last is not None and last < first:
            raise RegistryError(f"第{i}行：止报年度 {last} 早于起报年度 {first}")
        key = units.normalise_name(name)
        if key in seen:
            raise RegistryError(f"第{i}行：单位“{name}”与第{seen[key]}行重复")
        seen[key] = i
        rows.append(
            {
                "name": name,
                "region": "" if _blank(rec["region"]) else str(rec["region"]).strip(),
                "kind": kind,
                "first_year": first,
                "last_year": last,
                "note": "" if _blank(rec["note"]) else str(rec["note"]).strip(),
            }
        )
    out = pd.DataFrame(rows, columns=COLUMNS)
    out["first_year"] = out["first_year"].astype("Int64")
    out["last_year"] = out["last_year"].astype("Int64")
    return out


def _blank(value: Any) -> bool:
    try:
        return value is None or bool(pd.isna(value)) or str(value).strip() == ""
    except (TypeError, ValueError):
        return False


def read_csv(path: str | os.PathLike) -> pd.DataFrame:
    """The registry file, validated (kind keys, integer years)."""
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        text = Path(path).read_bytes().decode("gb18030")  # saved by Excel on a Chinese Windows
    frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)
    # Chinese headers (as written for Excel users) are accepted as well
    frame = frame.rename(columns={v: k for k, v in COLUMN_LABELS.items()})
    missing = {"name", "first_year"} - set(frame.columns)
    if missing:
        raise RegistryError(
            f"{Path(path).name} 缺少列：{', '.join(sorted(missing))}（需要 {', '.join(COLUMNS)}）"
        )
    return validate(frame)


def to_csv_bytes(frame: pd.DataFrame) -> bytes:
    """The registry as CSV (UTF-8 with BOM so Excel reads the Chinese; kinds in Chinese)."""
    out = validate(frame)
    out["kind"] = out["kind"].map(KIND_ZH)
    buf = io.StringIO()
    out.to_csv(buf, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    return buf.getvalue().encode("utf-8-sig")


def save_registry(
    frame: pd.DataFrame, path: str | os.PathLike, db_path: str | os.PathLike, *, actor: Actor | None = None
) -> Path:
    """An admin's edit of the registry: checked, written atomically, and logged in audit_log
    (rows before and after)."""
    from pipelines import audit, store
    from pipelines.access import authorize

    actor = authorize(actor, "admin", what="修改应报单位名单")
    path = Path(path)
    before = _row_count(path)
    written = write_csv(frame, path)
    with store.transaction(db_path) as con:  # the audit row: the officers' store
        audit.record(con, actor, "registry", str(path.name), {"rows": before}, {"rows": len(frame)})
    return written


def _row_count(path: Path) -> int | None:
    try:
        return max(0, len(path.read_text(encoding="utf-8-sig").splitlines()) - 1)
    except OSError:
        return None


def write_csv(frame: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Validate and write the registry atomically (a reader never sees half a file)."""
    path = Path(path)
    data = to_csv_bytes(frame)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
    return path


@dataclass(frozen=True)
class Registry:
    """A resolved registry: one row per listed unit with its unit_id and region parts."""

    path: Path
    frame: pd.DataFrame  # RESOLVED_COLUMNS

    @property
    def unit_ids(self) -> set[str]:
        return set(self.frame["unit_id"])

    def due(self, year: int) -> pd.DataFrame:
        """Rows of the units that must report statistics year ``year``."""
        f = self.frame
        return f[(f["first_year"] <= year) & (f["last_year"].isna() | (f["last_year"] >= year))]

    def years_due(self, unit_id: str, through: int) -> list[int]:
        rows = self.frame[self.frame["unit_id"] == unit_id]
        years: set[int] = set()
        for first, last in zip(rows["first_year"], rows["last_year"], strict=True):
            end = through if pd.isna(last) else min(int(last), through)
            years.update(range(int(first), end + 1))
        return sorted(years)


def resolve(
    frame: pd.DataFrame, path: Path | None = None, alias_map: dict[str, str] | None = None
) -> Registry:
    """Attach unit_id (the ingest's key for the name, alias file applied; a name printed
    without its region is read with the region column in front) and province / city / county."""
    frame = validate(frame)
    units.prefetch_regions(list(frame["name"]))  # one cpca call for all, not one a row (8 ms each)
    names = [_full_name(n, r) for n, r in zip(frame["name"], frame["region"], strict=True)]
    units.prefetch_regions(names + list(frame["region"]))
    ids, provinces, cities, counties = [], [], [], []
    for full, region in zip(names, frame["region"], strict=True):
        ids.append(units.unit_id_for(full, alias_map))
        where = units.region_of(units.canonical_name(full, alias_map))
        if not where.adcode and region:
            where = units.region_of(region)
        provinces.append(where.province)
        cities.append(where.city)
        counties.append(where.county)
    out = frame.assign(unit_id=ids, kind_key=frame["kind"], province=provinces, city=cities, county=counties)
    return Registry(Path(path) if path else Path(FILE_NAME), out[RESOLVED_COLUMNS])


def _full_name(name: str, region: str) -> str:
    """A name without its region (财政局) read with the region in front (江苏省宿迁市财政局)."""
    if region and not units.region_of(name).adcode:
        return region + name
    return name


@lru_cache(maxsize=8)
def _load(path: str, mtime_ns: int, size: int, aliases_key: int) -> Registry:
    return resolve(read_csv(path), Path(path))


def load(db_path: str | os.PathLike | None = None, path: str | os.PathLike | None = None) -> Registry | None:
    """The registry of a database (None when no registry file exists). Re-read when the file
    (or the alias file) changes."""
    path = Path(path) if path else registry_path(db_path)
    if not path.exists():
        return None
    st = path.stat()
    alias_map = units.aliases()
    return _load(str(path), st.st_mtime_ns, st.st_size, hash(tuple(sorted(alias_map.items()))))


def for_source(source: Any) -> Registry | None:
    """The registry next to the database a connection or query source reads."""
    from pipelines.query import as_source

    try:
        df = as_source(source).df("SELECT path FROM duckdb_databases() WHERE database_name = current_database()")
    except Exception:  # noqa: BLE001 - an in-memory or unusual source: no registry
        return None
    if df.empty or not df.iloc[0, 0]:
        return None
    return load(df.iloc[0, 0])


def from_units(rows: Iterable[dict]) -> pd.DataFrame:
    """A registry frame from dicts with the CSV columns (the demo generator, the page's draft)."""
    return validate(pd.DataFrame(list(rows), columns=COLUMNS))
