"""The true figures of one report: realistic magnitudes, arithmetic that holds.

Every function takes its own ``random.Random`` so a report's figures depend only on the
seed, the unit and the year (plus the carried state of the unit's previous report).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from pipelines.catalog import APPLICANT_COLUMNS, REVIEW_SUIT_COLUMNS
from pipelines.demo.units import Unit

ORG_COLUMNS = [c for c, _ in APPLICANT_COLUMNS if c != "total"]  # the six applicant columns

# Result rows of table 3 (key prefix) with the share of handled applications they get.
RESULT_ROWS_COMMON: tuple[tuple[str, float], ...] = (
    ("apply.granted", 40),
    ("apply.partial", 7),
    ("apply.denied.state_secret", 0.4),
    ("apply.denied.law_prohibited", 0.4),
    ("apply.denied.security", 0.4),
    ("apply.denied.third_party", 1),
    ("apply.denied.internal", 2),
    ("apply.denied.process", 2),
    ("apply.denied.enforcement", 1),
    ("apply.denied.query", 3),
    ("apply.unable.not_held", 20),
    ("apply.unable.needs_creation", 3),
    ("apply.unable.unclear", 2),
    ("apply.unprocessed.petition", 6),
    ("apply.unprocessed.repeat", 3),
    ("apply.unprocessed.publication", 1),
    ("apply.unprocessed.excessive", 1),
    ("apply.unprocessed.confirm", 1),
)
OTHER_ROWS = {
    "std2019": (("apply.other", 3.0),),
    "std2021": (("apply.other.no_correction", 2.0), ("apply.other.no_fee", 0.3), ("apply.other.other", 1.5)),
}


def result_rows(family: str) -> list[str]:
    return [k for k, _ in RESULT_ROWS_COMMON] + [k for k, _ in OTHER_ROWS[family]]


def table3_rows(family: str) -> list[str]:
    """All table-3 row prefixes in printed order."""
    return ["apply.new", "apply.carried_in", *result_rows(family), "apply.total", "apply.carried_out"]


# Expected new applications in 2019 by activity profile (low, high).
_APPLICATION_LEVEL = {
    "city_gov": (350, 1400),
    "county_gov": (60, 420),
    "busy": (15, 160),
    "approval": (5, 40),
    "zone": (2, 30),
    "dept": (0.3, 9),
    "town": (0.2, 5),
}
# Growth of applications over the years (2019 = 1).
_YEAR_TREND = {
    2012: 0.35, 2013: 0.42, 2014: 0.5, 2015: 0.6, 2016: 0.7, 2017: 0.8, 2018: 0.9, 2019: 1.0,
    2020: 1.12, 2021: 1.08, 2022: 1.05, 2023: 1.1, 2024: 1.12, 2025: 1.15,
}  # fmt: skip


def _poisson(rng: random.Random, lam: float) -> int:
    """Poisson draw (Knuth for small λ, rounded normal for large λ)."""
    if lam <= 0:
        return 0
    if lam > 40:
        return max(0, round(rng.gauss(lam, lam**0.5)))
    threshold = pow(2.718281828459045, -lam)
    k, p = 0, 1.0
    while True:
        p *= rng.random()
        if p <= threshold:
            return k
        k += 1


def _split(rng: random.Random, total: int, weights: list[float]) -> list[int]:
    """Multinomial split of ``total`` items over ``weights`` (large totals by proportion)."""
    out = [0] * len(weights)
    if total <= 0:
        return out
    if total > 400:
        wsum = sum(weights)
        shares = [total * w / wsum * rng.uniform(0.85, 1.15) for w in weights]
        out = [int(s) for s in shares]
        rest = total - sum(out)
        # The rounding remainder goes to the biggest share (small columns stay small).
        order = sorted(range(len(weights)), key=lambda i: -out[i])
        for j in order:
            take = max(rest, -out[j])
            out[j] += take
            rest -= take
            if rest == 0:
                break
        return out
    for idx in rng.choices(range(len(weights)), weights=weights, k=total):
        out[idx] += 1
    return out


@dataclass
class UnitState:
    """What a unit's next report depends on (kept per unit while generating, never globally)."""

    level: float  # the unit's own application level in 2019
    carried_out: dict[str, int] | None = None  # last std report's 结转下年度, per column
    in_force: dict[str, int] | None = None  # last std2021 report's 现行有效 (rules, normative)
    items: dict[str, int] | None = None  # last std2019 report's 上一年项目数量 + 本年增/减
    microblog: int = 0  # yearly microblog posts level (0: no account)
    wechat: int = 0
    decisions: dict[str, int] = field(default_factory=dict)  # licensing/penalty/coercion levels


def initial_state(unit: Unit, rng: random.Random) -> UnitState:
    low, high = _APPLICATION_LEVEL[unit.profile]
    level = low * (high / low) ** rng.random()
    has_microblog = unit.profile in ("city_gov", "county_gov", "busy") or rng.random() < 0.45
    microblog = 0
    if has_microblog:
        microblog = round(rng.uniform(300, 3500) if unit.is_government else rng.uniform(120, 1800))
    wechat = round(rng.uniform(40, 400)) if rng.random() < 0.8 else 0
    decisions = {
        "licensing": _decision_level(unit, "licensing", rng),
        "penalty": _decision_level(unit, "penalty", rng),
        "coercion": _decision_level(unit, "coercion", rng),
    }
    return UnitState(level=level, microblog=microblog, wechat=wechat, decisions=decisions)


def _decision_level(unit: Unit, kind: str, rng: random.Random) -> int:
    heavy = {
        "licensing": ("approval", "market", "land", "housing", "health", "transport"),
        "penalty": ("police", "market", "ecology", "urban", "transport", "safety"),
        "coercion": ("police", "market", "ecology", "urban"),
    }[kind]
    suffix = unit.key.rsplit(".", 1)[-1]
    if suffix in heavy:
        big = {"licensing": 25000, "penalty": 6000, "coercion": 600}[kind]
        scale = 1.0 if unit.county is None else 0.35
        return round(rng.uniform(0.08, 1.0) * big * scale)
    if unit.profile == "town":
        return round(rng.uniform(0, 40)) if kind == "penalty" and rng.random() < 0.5 else 0
    if unit.is_government:
        return round(rng.uniform(0, 80)) if rng.random() < 0.4 else 0
    return round(rng.uniform(0, 60)) if rng.random() < 0.3 else 0


def yearly_applications(state: UnitState, year: int, rng: random.Random) -> int:
    return _poisson(rng, state.level * _YEAR_TREND.get(year, 1.15) * rng.uniform(0.75, 1.25))


def social_posts(state: UnitState, year: int, rng: random.Random) -> tuple[int, int]:
    """(microblog, wechat) posts of the year: microblog peaks ~2016 and falls after 2019,
    WeChat rises (accounts opened 2014)."""
    mb = 0
    if state.microblog:
        factor = {2012: 0.8, 2013: 0.95, 2014: 1.0, 2015: 1.05, 2016: 1.05, 2017: 1.0, 2018: 0.9}.get(
            year, max(0.15, 0.8 - 0.11 * (year - 2019))
        )
        mb = round(state.microblog * factor * rng.uniform(0.85, 1.15))
    wc = 0
    if state.wechat and year >= 2014:
        wc = round(state.wechat * (1 + 0.45 * (year - 2014)) * rng.uniform(0.85, 1.15))
    return mb, wc


# ---------------------------------------------------------------------------
# std families


def table3(
    rng: random.Random, family: str, new_total: int, carried_in: dict[str, int] | None
) -> dict[str, float]:
    """Table 3 with every cell: per column 一 + 二 = 三（七）+ 四, （七）= sum of results,
    总计 = sum of the six applicant columns."""
    col_weights = [86, 9, 0.15, 0.25, 1.5, 2.5]
    new = dict(zip(ORG_COLUMNS, _split(rng, new_total, col_weights), strict=True))
    if carried_in is None:  # first std year: small invented carry-over
        carried_in = {c: (_poisson(rng, new[c] * 0.04) if new[c] else 0) for c in ORG_COLUMNS}
    rows = [*RESULT_ROWS_COMMON, *OTHER_ROWS[family]]
    values: dict[str, float] = {}
    per_row: dict[str, dict[str, int]] = {k: {} for k, _ in rows}
    carried_out: dict[str, int] = {}
    for col in ORG_COLUMNS:
        pool = new[col] + carried_in[col]
        out = min(pool, _poisson(rng, pool * 0.05)) if pool else 0
        carried_out[col] = out
        counts = _split(rng, pool - out, [w for _, w in rows])
        for (key, _), n in zip(rows, counts, strict=True):
            per_row[key][col] = n
    table = {"apply.new": new, "apply.carried_in": carried_in, **per_row}
    table["apply.total"] = {c: sum(per_row[k][c] for k, _ in rows) for c in ORG_COLUMNS}
    table["apply.carried_out"] = carried_out
    for row, cols in table.items():
        for col in ORG_COLUMNS:
            values[f"{row}.{col}"] = cols[col]
        values[f"{row}.total"] = sum(cols[c] for c in ORG_COLUMNS)
    return values


def table4(rng: random.Random, unit: Unit, apps: int) -> dict[str, float]:
    """行政复议 and the two 行政诉讼 groups: totals = 维持 + 纠正 + 其他 + 尚未审结."""
    lam = {"city_gov": 9, "county_gov": 3, "busy": 0.8}.get(unit.profile, 0.06) * (1 + apps / 400)
    values: dict[str, float] = {}
    for group, share in (("review", 1.0), ("suit.direct", 0.5), ("suit.after_review", 0.35)):
        total = _poisson(rng, lam * share)
        upheld, corrected, other, pending = _split(rng, total, [70, 7, 12, 11])
        values.update(
            {
                f"{group}.upheld": upheld,
                f"{group}.corrected": corrected,
                f"{group}.other": other,
                f"{group}.pending": pending,
                f"{group}.total": total,
            }
        )
    assert list(values) == list(REVIEW_SUIT_COLUMNS)
    return values


def _decisions(rng: random.Random, level: int) -> int:
    return round(level * rng.uniform(0.8, 1.2)) if level else 0


def _fee_amount(rng: random.Random, unit: Unit) -> float:
    if unit.key.rsplit(".", 1)[-1] in ("land", "housing", "approval", "market") and rng.random() < 0.6:
        return round(rng.uniform(2, 9000), rng.choice((2, 4)))
    return 0.0


def table2_std2021(rng: random.Random, unit: Unit, state: UnitState) -> dict[str, float]:
    """规章 / 行政规范性文件: 制发, 废止, 现行有效 (continuity with last year's 现行有效)."""
    values: dict[str, float] = {}
    can_make_rules = unit.profile == "city_gov"
    prev = state.in_force or {
        "rules": round(rng.uniform(8, 30)) if can_make_rules else 0,
        "normative": round(rng.uniform(20, 90) if unit.is_government else rng.uniform(0, 25)),
    }
    in_force: dict[str, int] = {}
    for kind in ("rules", "normative"):
        if kind == "rules" and not can_make_rules:
            issued = repealed = 0
        else:
            issued = _poisson(rng, 2.5 if kind == "rules" else (6 if unit.is_government else 1.2))
            repealed = min(prev[kind], _poisson(rng, 1 if kind == "rules" else 2))
        in_force[kind] = prev[kind] + issued - repealed
        values[f"{kind}.issued"] = issued
        values[f"{kind}.repealed"] = repealed
        values[f"{kind}.in_force"] = in_force[kind]
    state.in_force = in_force
    values["licensing.decisions"] = _decisions(rng, state.decisions["licensing"])
    values["penalty.decisions"] = _decisions(rng, state.decisions["penalty"])
    values["coercion.decisions"] = _decisions(rng, state.decisions["coercion"])
    values["fees.amount"] = _fee_amount(rng, unit)
    return values


def table2_std2019(rng: random.Random, unit: Unit, state: UnitState) -> dict[str, float]:
    """2019 table 2: 新制作/新公开/对外公开总数量; item counts with 上一年项目数量 and 本年增/减."""
    values: dict[str, float] = {}
    can_make_rules = unit.profile == "city_gov"
    for kind in ("rules", "normative"):
        if kind == "rules" and not can_make_rules:
            made = 0
            public_total = 0
        else:
            made = _poisson(rng, 2.5 if kind == "rules" else (6 if unit.is_government else 1.2))
            public_total = made + round(rng.uniform(5, 120) if unit.is_government else rng.uniform(0, 20))
        values[f"{kind}.made"] = made
        values[f"{kind}.published"] = made
        values[f"{kind}.public_total"] = public_total
    items = state.items or {
        k: (
            round(rng.uniform(5, 400)) if state.decisions.get(k.split("_")[0], 0) or rng.random() < 0.3 else 0
        )
        for k in ("licensing", "other_services", "penalty", "coercion", "fees")
    }
    next_items: dict[str, int] = {}
    for kind, prev_items in items.items():
        change = max(-prev_items, round(rng.gauss(0, 3))) if prev_items else 0
        values[f"{kind}.prev_items"] = prev_items
        values[f"{kind}.change"] = change
        next_items[kind] = prev_items + change
    state.items = next_items
    values["licensing.decisions"] = _decisions(rng, state.decisions["licensing"])
    values["other_services.decisions"] = _decisions(rng, state.decisions["licensing"] // 10)
    values["penalty.decisions"] = _decisions(rng, state.decisions["penalty"])
    values["coercion.decisions"] = _decisions(rng, state.decisions["coercion"])
    buys = unit.is_government or rng.random() < 0.4
    values["procurement.projects"] = _poisson(rng, 12 if unit.is_government else 3) if buys else 0
    values["procurement.amount"] = (
        round(values["procurement.projects"] * rng.uniform(5, 300), 2)
        if values["procurement.projects"]
        else 0
    )
    return values


# ---------------------------------------------------------------------------
# legacy family


def legacy_values(
    rng: random.Random, unit: Unit, year: int, apps: int, posts: tuple[int, int], old_variant: bool
) -> dict[str, float]:
    """Every row of the legacy statistics table (or of its older 代码 variant)."""
    v: dict[str, float] = {}
    gov = unit.is_government
    proactive = round(
        (rng.uniform(800, 9000) if gov else rng.uniform(40, 900)) * (0.6 + 0.07 * (year - 2012))
    )
    v["proactive.total"] = proactive
    # Channels: 不同渠道和方式公开相同信息计1条, so they overlap and need not sum to the total.
    microblog, wechat = posts
    v["requests.received"] = apps
    channel_keys = ["requests.in_person", "requests.fax", "requests.online", "requests.letter"]
    weights: list[float] = [30, 1, 55, 14]
    if old_variant:
        channel_keys = ["requests.in_person", "requests.fax", "requests.email", "requests.online",
                        "requests.letter", "requests.other_channel"]  # fmt: skip
        weights = [35, 2, 8, 35, 18, 2]
    for key, n in zip(channel_keys, _split(rng, apps, weights), strict=True):
        v[key] = n
    answered = apps
    if old_variant:
        v["requests.answered"] = answered
        granted, partial, denied = _split(rng, answered, [70, 10, 20])
        v["requests.granted"], v["requests.partial"], v["requests.denied"] = granted, partial, denied
        review_total = _poisson(rng, 2 if gov else 0.1)
        suit_total = _poisson(rng, 1 if gov else 0.05)
        v["review.total"] = review_total
        v["suit.total"] = suit_total
        return v
    v["proactive.normative"] = min(proactive, _poisson(rng, 12 if gov else 3))
    v["normative.made_total"] = min(v["proactive.normative"], _poisson(rng, 8 if gov else 1.5))
    areas = ["budget", "housing", "food_safety", "environment", "bidding", "work_safety", "land",
             "prices", "credit", "audit", "public_enterprises", "other"]  # fmt: skip
    area_total = round(proactive * rng.uniform(0.05, 0.4))
    v["key_areas.total"] = area_total
    for area, n in zip(areas, _split(rng, area_total, [rng.uniform(0, 10) for _ in areas]), strict=True):
        v[f"key_areas.{area}"] = n
    v["channel.gazette"] = round(proactive * rng.uniform(0, 0.05)) if gov else 0
    v["channel.website"] = round(proactive * rng.uniform(0.6, 1.0))
    v["channel.microblog"] = microblog
    if year >= 2014:
        v["channel.wechat"] = wechat
    v["channel.other"] = round(proactive * rng.uniform(0, 0.2))
    if year >= 2016:
        v["response.hotspots"] = _poisson(rng, 12 if gov else 1.5)
        v["response.press_conferences"] = _poisson(rng, 8 if gov else 0.6)
        v["response.press_conferences_heads"] = min(v["response.press_conferences"], _poisson(rng, 2))
        v["response.interviews"] = _poisson(rng, 4 if gov else 0.5)
        v["response.interviews_heads"] = min(v["response.interviews"], _poisson(rng, 1))
        v["response.interpretations"] = _poisson(rng, 20 if gov else 2)
        v["response.social_media"] = _poisson(rng, 10 if gov else 1)
        v["response.other"] = _poisson(rng, 2)
    extended = min(apps, _poisson(rng, apps * 0.03))
    completed = apps - min(apps, _poisson(rng, apps * 0.02))
    extended = min(extended, completed)
    v["requests.completed"] = completed
    v["requests.on_time"] = completed - extended
    v["requests.extended"] = extended
    v["requests.answered"] = completed
    answer_keys = ["requests.already_public", "requests.granted", "requests.partial", "requests.denied",
                   "requests.not_this_agency", "requests.not_exist", "requests.amend", "requests.other_route"]  # fmt: skip
    for key, n in zip(answer_keys, _split(rng, completed, [15, 45, 8, 6, 8, 12, 3, 3]), strict=True):
        v[key] = n
    reasons = ["state_secret", "commercial_secret", "privacy", "security", "not_gov_info", "other_law"]
    for reason, n in zip(reasons, _split(rng, int(v["requests.denied"]), [1, 2, 3, 1, 4, 2]), strict=True):
        v[f"requests.denied.{reason}"] = n
    for group, lam in (("review", 2.5 if gov else 0.12), ("suit", 1.2 if gov else 0.05)):
        total = _poisson(rng, lam)
        upheld, corrected, other = _split(rng, total, [80, 8, 12])
        v[f"{group}.total"] = total
        v[f"{group}.upheld"], v[f"{group}.corrected"], v[f"{group}.other"] = upheld, corrected, other
    v["complaints.total"] = _poisson(rng, 1.5 if gov else 0.2)
    v["fees_legacy.amount"] = round(rng.uniform(0.01, 0.5), 2) if apps > 30 and rng.random() < 0.3 else 0
    v["org.dedicated_bodies"] = 1 if gov or rng.random() < 0.5 else 0
    v["org.reading_points"] = round(rng.uniform(1, 6)) if gov else round(rng.uniform(0, 2))
    fulltime = round(rng.uniform(1, 6)) if gov else round(rng.uniform(0, 2))
    parttime = round(rng.uniform(2, 30)) if gov else round(rng.uniform(1, 4))
    v["org.staff"] = fulltime + parttime
    v["org.staff_fulltime"] = fulltime
    v["org.staff_parttime"] = parttime
    v["org.budget"] = round(rng.uniform(1, 60), 1) if gov and rng.random() < 0.6 else 0
    v["training.meetings"] = _poisson(rng, 4 if gov else 1.5)
    v["training.classes"] = _poisson(rng, 3 if gov else 0.8)
    v["training.trainees"] = (
        v["training.classes"] * round(rng.uniform(10, 80)) if v["training.classes"] else 0
    )
    return v
