"""One unit_id per agency across years and name variants.

A printed name is normalised (NFKC, traditional → simplified, no spaces), resolved to a
region with cpca (bundled administrative-division codes), and keyed as
``<adcode>:<rest of the name>``; so 北京市东城区政务服务中心 and 东城区政务服务中心 are the same
unit (110101:政务服务中心), with or without province prefix, full-width or half-width.

Officers merge or split units in ``data/unit_aliases.csv`` (columns name, canonical_name,
note): a report printed as ``name`` belongs to the unit printed as ``canonical_name``. Give
two names the same canonical name to merge them; give a name its own canonical name to
split it off. The file is applied on every ingest (existing reports are re-keyed).
$GOVREPORTS_ALIASES points to another file.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipelines import settings
from pipelines.db import PROJECT_ROOT
from pipelines.model import UnitKind

DEFAULT_ALIASES = PROJECT_ROOT / "data" / "unit_aliases.csv"
_MUNICIPALITY_CITY = "市辖区"  # cpca's city for the districts of 北京/上海/天津/重庆


@dataclass(frozen=True)
class Region:
    province: str | None
    city: str | None
    county: str | None
    adcode: str | None
    rest: str  # the name without its region prefix


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=100_000)
def normalise_name(name: str) -> str:
    """Matching form of a unit name: NFKC, simplified, no whitespace or decorative marks."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _t2s().convert(text)
    text = re.sub(r"[\s\u3000·•\"'“”《》]", "", text)
    return text


_REGIONS: dict[str, Region] = {}  # normalised name → region; cpca costs ~8 ms a call, batches far less


def region_of(name: str) -> Region:
    """Province / city / county of a unit from its printed name (cpca); None parts when unknown."""
    norm = normalise_name(name)
    if norm not in _REGIONS:
        prefetch_regions([name])
    return _REGIONS[norm]


def prefetch_regions(names) -> None:
    """Resolve many names with one cpca call (ingest resolves each batch of reports at once)."""
    todo = sorted({normalise_name(n) for n in names if n} - _REGIONS.keys())
    if "" not in _REGIONS:
        _REGIONS[""] = Region(None, None, None, None, "")
    if not todo:
        return
    import cpca

    frame = cpca.transform(todo)
    for norm, row in zip(todo, frame.itertuples(index=False), strict=True):
        province, city, county, rest, adcode = (_clean(v) for v in row[:5])
        if city == _MUNICIPALITY_CITY:
            city = province
        _REGIONS[norm] = (
            Region(province, city, county, adcode, rest or norm)
            if adcode
            else Region(None, None, None, None, norm)
        )


def _clean(value) -> str | None:
    return value if isinstance(value, str) and value else None


def kind_of(name: str) -> UnitKind:
    """government | department | other, from the printed name."""
    norm = normalise_name(name)
    if re.search(r"(人民政府|[市区县]政府|街道办事处|街道办|管理委员会|管委会)$", norm) and not re.search(
        r"人民政府(办公室|办公厅|研究室|参事室)", norm
    ):
        return "government"
    if re.search(r"(局|委员会|委|办公室|办公厅|办|厅|处|中心|署|院|所|站|队|部|会)$", norm):
        return "department"
    return "other"


# Abbreviations of the same body (docs/reports.md: names vary across years).
_REST_SYNONYMS = {
    "政府": "人民政府",
    "政府办": "人民政府办公室",
    "政府办公室": "人民政府办公室",
    "人民政府办": "人民政府办公室",
    "政府办公厅": "人民政府办公厅",
}


# A town's or a street's name with or without its government's words (红花街道 · 红花街道办事处 · 红花镇人民政府)
_TOWN_GOVERNMENT_WORDS = re.compile(r"(?:(?<=[镇乡])|(?<=街道))(?:人民政府|政府|办事处)$")


def _written_out(rest: str) -> str:
    """The rest of a name with a department's usual short name written out (硚口区发改局 and 硚口区发展和改革局
    are one unit: placement's list of short names, one source of truth) and a town's government words off."""
    # (imported here: the app keys units without loading the parser's patterns)
    from pipelines.normalize.placement import expanded

    return expanded(_TOWN_GOVERNMENT_WORDS.sub("", rest))


def raw_key(name: str) -> str:
    region = region_of(name)
    rest = _REST_SYNONYMS.get(region.rest, region.rest) if region.adcode else region.rest
    return f"{region.adcode or '000000'}:{_written_out(rest) if region.adcode else rest}"


@lru_cache(maxsize=8)
def _load_aliases(path: str, mtime_ns: int) -> dict[str, str]:
    pairs: list[tuple[str, str]] = []
    with open(path, encoding="utf-8-sig", newline="") as fh:
        for row in csv.DictReader(fh):
            name, canonical = (row.get("name") or "").strip(), (row.get("canonical_name") or "").strip()
            if name and canonical and not name.startswith("#"):
                pairs.append((name, canonical))
    prefetch_regions([name for name, _ in pairs])  # one cpca call for the file, not one a name
    return {raw_key(name): canonical for name, canonical in pairs}


def aliases(path: Path | None = None) -> dict[str, str]:
    """raw key of an alias name → canonical printed name (re-read when the file changes)."""
    path = Path(path or settings.current().aliases)
    if not path.exists():
        return {}
    return _load_aliases(str(path), path.stat().st_mtime_ns)


def unit_id_for(name: str, alias_map: dict[str, str] | None = None) -> str:
    """The stable unit_id of a printed unit name, after applying the alias file."""
    alias_map = aliases() if alias_map is None else alias_map
    key = raw_key(name)
    canonical = alias_map.get(key)
    return raw_key(canonical) if canonical else key


_PROVINCE_PREFIX = re.compile(r"^(?P<province>[\u4e00-\u9fff]{2,7}?(?:省|自治区))(?P<rest>.+)$")


def display_name(name: str) -> str:
    """The one name a unit is shown under: NFKC, simplified characters, no spaces, and no
    province prefix when the rest still names the same place (江苏省宿迁市财政局 → 宿迁市财政局;
    江苏省人民政府 keeps it)."""
    text = unicodedata.normalize("NFKC", name or "")
    text = _t2s().convert(text)
    text = re.sub(r"\s+", "", text)
    m = _PROVINCE_PREFIX.match(text)
    if m:
        whole, rest = region_of(text), region_of(m["rest"])
        if (
            whole.adcode
            and rest.adcode == whole.adcode
            and rest.rest == whole.rest
            and m["rest"] != rest.rest
        ):
            return m["rest"]
    return text or (name or "")


def canonical_name(name: str, alias_map: dict[str, str] | None = None) -> str:
    alias_map = aliases() if alias_map is None else alias_map
    return alias_map.get(raw_key(name), name)
