"""Peer groups (同级同类): units compared and ranked only against units of the same level and kind.

A city government is compared with city governments, a town with towns, a bureau with bureaus
of the same level — never a 市人民政府 against the 镇人民政府 whose figures it partly sums.

Level comes from the unit's place in the region tree and its name: 省级 (no city), 市级 (no
county), 区县级, and 乡镇（街道）级 for towns, townships and street offices (their names end in
镇 / 乡 / 街道 + 人民政府 / 办事处); kind is the unit kind (政府 / 部门 / 其他单位).
"""

from __future__ import annotations

import re

import pandas as pd

LEVELS = {"province": "省级", "city": "市级", "county": "区县", "town": "乡镇（街道）"}
# Label of each (level, kind); ordered as they are offered (governments from the top down).
PEER_LABELS = {
    ("province", "government"): "省级政府",
    ("city", "government"): "市级政府",
    ("county", "government"): "区县政府",
    ("town", "government"): "乡镇政府、街道办事处",
    ("province", "department"): "省级部门",
    ("city", "department"): "市级部门",
    ("county", "department"): "区县部门",
    ("town", "department"): "乡镇（街道）所属单位",
    ("province", "other"): "省级其他单位",
    ("city", "other"): "市级其他单位",
    ("county", "other"): "区县其他单位",
    ("town", "other"): "乡镇（街道）其他单位",
}
PEER_ORDER = list(PEER_LABELS.values())

_TOWN = re.compile(r"(镇|乡|街道)(人民政府|政府|办事处|街道办事处|办)?$")
# A town's own office (胡集镇财政所): a short place name + 镇 / 街道 right after the county.
_TOWN_BODY = re.compile(r"^[\u4e00-\u9fff]{1,4}(?<!城)(镇|街道)(?!办事处$)")


def level_of(name: str, city: object, county: object) -> str:
    """province | city | county | town for one unit."""
    text = re.sub(r"\s+", "", str(name or ""))
    if _TOWN.search(text) or (isinstance(county, str) and county and _TOWN_BODY.search(_after_county(text, county))):
        return "town"
    if isinstance(county, str) and county:
        return "county"
    if isinstance(city, str) and city:
        return "city"
    return "province"


def _after_county(name: str, county: str) -> str:
    """The part of the name after its county (沭阳县胡集镇财政所 → 胡集镇财政所)."""
    at = name.find(county)
    return name[at + len(county) :] if at >= 0 else ""


def peer_key(name: str, kind: object, city: object, county: object) -> tuple[str, str]:
    k = kind if kind in ("government", "department") else "other"
    return (level_of(name, city, county), k)


def peer_label(name: str, kind: object, city: object, county: object) -> str:
    return PEER_LABELS[peer_key(name, kind, city, county)]


def peer_groups(df: pd.DataFrame) -> pd.Series:
    """The 同级同类 label of every row of ``df`` (name, kind, city, county columns)."""
    city = df["city"] if "city" in df else pd.Series("", index=df.index)
    return pd.Series(
        [
            peer_label(n, k, c, co)
            for n, k, c, co in zip(df["name"], df["kind"], city, df["county"], strict=True)
        ],
        index=df.index,
        dtype=object,
    )


def ordered(labels: list[str]) -> list[str]:
    """Peer group labels in their natural order (governments from the top down, then departments)."""
    return sorted(set(labels), key=lambda x: PEER_ORDER.index(x) if x in PEER_ORDER else len(PEER_ORDER))
