"""The demo agencies: one real prefecture-level city with its districts/counties, their
departments and a few towns/streets, extended by further Jiangsu cities for large corpora.

Real place names are used on purpose (cpca resolves them, so the region columns fill in
as they would for real reports); every generated report is marked 示例数据 / is_demo in
the database, and the figures are invented.
"""

from __future__ import annotations

from dataclasses import dataclass

PROVINCE = "江苏省"

# Prefecture-level cities with their districts/counties (real names). 宿迁 comes first:
# the default 150-unit corpus lives entirely inside it.
CITIES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("宿迁市", ("宿城区", "宿豫区", "沭阳县", "泗阳县", "泗洪县")),
    (
        "徐州市",
        ("鼓楼区", "云龙区", "贾汪区", "泉山区", "铜山区", "丰县", "沛县", "睢宁县", "新沂市", "邳州市"),
    ),
    ("淮安市", ("淮安区", "淮阴区", "清江浦区", "洪泽区", "涟水县", "盱眙县", "金湖县")),
    ("连云港市", ("连云区", "海州区", "赣榆区", "东海县", "灌云县", "灌南县")),
    ("盐城市", ("亭湖区", "盐都区", "大丰区", "响水县", "滨海县", "阜宁县", "射阳县", "建湖县", "东台市")),
    ("扬州市", ("广陵区", "邗江区", "江都区", "宝应县", "仪征市", "高邮市")),
    ("泰州市", ("海陵区", "高港区", "姜堰区", "兴化市", "靖江市", "泰兴市")),
    ("镇江市", ("京口区", "润州区", "丹徒区", "丹阳市", "扬中市", "句容市")),
    ("常州市", ("天宁区", "钟楼区", "新北区", "武进区", "金坛区", "溧阳市")),
    ("南通市", ("崇川区", "通州区", "海门区", "如东县", "启东市", "如皋市", "海安市")),
    ("无锡市", ("锡山区", "惠山区", "滨湖区", "梁溪区", "新吴区", "江阴市", "宜兴市")),
    ("苏州市", ("吴中区", "相城区", "姑苏区", "吴江区", "常熟市", "张家港市", "昆山市", "太仓市")),
    (
        "南京市",
        (
            "玄武区",
            "秦淮区",
            "建邺区",
            "浦口区",
            "栖霞区",
            "雨花台区",
            "江宁区",
            "六合区",
            "溧水区",
            "高淳区",
        ),
    ),
)

# Real towns/streets of the 宿迁 counties; other counties get invented town names.
TOWNS: dict[str, tuple[str, ...]] = {
    "宿城区": (
        "幸福街道办事处",
        "项里街道办事处",
        "古城街道办事处",
        "龙河镇人民政府",
        "洋北镇人民政府",
        "陈集镇人民政府",
    ),
    "宿豫区": (
        "顺河街道办事处",
        "下相街道办事处",
        "来龙镇人民政府",
        "大兴镇人民政府",
        "仰化镇人民政府",
        "曹集乡人民政府",
    ),
    "沭阳县": (
        "沭城街道办事处",
        "十字街道办事处",
        "胡集镇人民政府",
        "韩山镇人民政府",
        "扎下镇人民政府",
        "马厂镇人民政府",
    ),
    "泗阳县": (
        "众兴街道办事处",
        "爱园镇人民政府",
        "王集镇人民政府",
        "裴圩镇人民政府",
        "新袁镇人民政府",
        "李口镇人民政府",
    ),
    "泗洪县": (
        "青阳街道办事处",
        "大楼街道办事处",
        "双沟镇人民政府",
        "上塘镇人民政府",
        "魏营镇人民政府",
        "瑶沟乡人民政府",
    ),
}
_TOWN_SYLLABLES = "新集河庄桥湖圩口沟店塘城头马王李陈张刘杨周吴黄孙朱高林何郭罗梁宋谢韩唐冯于董萧程曹袁邓许"

# (stable suffix of the key, name before the 2019 reform, name from 2019, activity profile)
# A None old name means the body was created in the 2019 reform (no earlier reports).
CITY_DEPARTMENTS: tuple[tuple[str, str | None, str, str], ...] = (
    ("office", "人民政府办公室", "人民政府办公室", "dept"),
    ("ndrc", "发展和改革委员会", "发展和改革委员会", "dept"),
    ("edu", "教育局", "教育局", "dept"),
    ("sci", "科学技术局", "科学技术局", "dept"),
    ("industry", "工业和信息化局", "工业和信息化局", "dept"),
    ("police", "公安局", "公安局", "busy"),
    ("civil", "民政局", "民政局", "dept"),
    ("justice", "司法局", "司法局", "dept"),
    ("finance", "财政局", "财政局", "dept"),
    ("hrss", "人力资源和社会保障局", "人力资源和社会保障局", "busy"),
    ("land", "国土资源局", "自然资源和规划局", "busy"),
    ("ecology", "环境保护局", "生态环境局", "dept"),
    ("housing", "住房和城乡建设局", "住房和城乡建设局", "busy"),
    ("transport", "交通运输局", "交通运输局", "dept"),
    ("water", "水利局", "水利局", "dept"),
    ("agri", "农业委员会", "农业农村局", "dept"),
    ("commerce", "商务局", "商务局", "dept"),
    ("culture", "文化广电新闻出版局", "文化广电和旅游局", "dept"),
    ("health", "卫生和计划生育委员会", "卫生健康委员会", "dept"),
    ("safety", "安全生产监督管理局", "应急管理局", "dept"),
    ("audit", "审计局", "审计局", "dept"),
    ("market", "工商行政管理局", "市场监督管理局", "busy"),
    ("stats", "统计局", "统计局", "dept"),
    ("urban", "城市管理局", "城市管理局", "dept"),
    ("approval", "行政审批局", "行政审批局", "approval"),
    ("veterans", None, "退役军人事务局", "dept"),
    ("medical", None, "医疗保障局", "dept"),
    ("petition", "信访局", "信访局", "dept"),
    ("ethnic", "民族宗教事务局", "民族宗教事务局", "dept"),
    ("affairs", "机关事务管理局", "机关事务管理局", "dept"),
)
COUNTY_DEPARTMENT_KEYS = (
    "office", "ndrc", "edu", "police", "civil", "justice", "finance", "hrss", "land", "ecology",
    "housing", "transport", "agri", "health", "market", "approval", "veterans", "audit",
)  # fmt: skip
CITY_ZONES = ("经济技术开发区管理委员会", "湖滨新区管理委员会", "洋河新区管理委员会")
REFORM_YEAR = 2019  # the 2018–2019 institutional reform took effect in reports from 2019


@dataclass(frozen=True)
class Unit:
    """One agency. ``key`` stays the same across renames; ``name_in(year)`` is the canonical
    name of that year (before any printing variant such as a province prefix)."""

    key: str
    city: str
    county: str | None
    kind: str  # government | department | other
    profile: str  # activity: city_gov, county_gov, busy, approval, dept, town, zone
    old_name: str | None  # name before REFORM_YEAR (None: did not exist before)
    new_name: str
    first_year: int = 2012

    def name_in(self, year: int) -> str | None:
        if year < REFORM_YEAR:
            return self.old_name
        return self.new_name

    @property
    def renamed(self) -> bool:
        return self.old_name is not None and self.old_name != self.new_name

    @property
    def is_government(self) -> bool:
        return self.kind == "government"


def _invented_towns(county: str, count: int) -> list[str]:
    """Plausible, deterministic town names for counties without a real list."""
    seed = sum(ord(ch) for ch in county)
    n = len(_TOWN_SYLLABLES)
    names: list[str] = []
    for i in range(n * n):  # every syllable pair at most once
        a = _TOWN_SYLLABLES[(seed + i) % n]
        b = _TOWN_SYLLABLES[(seed * 3 + 5 + i // n) % n]
        if a == b:
            continue
        names.append(f"{a}{b}{'街道办事处' if len(names) % 4 == 0 else '镇人民政府'}")
        if len(names) == count:
            return names
    raise ValueError(f"cannot invent {count} towns for {county}")


def _city_units(ci: int, city: str) -> list[Unit]:
    prefix = f"c{ci:02d}"
    units = [
        Unit(f"{prefix}.gov", city, None, "government", "city_gov", f"{city}人民政府", f"{city}人民政府")
    ]
    for suffix, old, new, profile in CITY_DEPARTMENTS:
        units.append(
            Unit(
                f"{prefix}.{suffix}",
                city,
                None,
                "department",
                profile,
                f"{city}{old}" if old else None,
                f"{city}{new}",
                2012 if old else REFORM_YEAR,
            )
        )
    for zi, zone in enumerate(CITY_ZONES):
        units.append(
            Unit(f"{prefix}.zone{zi}", city, None, "other", "zone", f"{city}{zone}", f"{city}{zone}")
        )
    return units


def _county_units(ci: int, city: str, ki: int, county: str, towns_per_county: int) -> list[Unit]:
    prefix = f"c{ci:02d}.k{ki:02d}"
    # Districts print the city in front (宿迁市宿城区教育局); counties usually do not.
    base = f"{city}{county}" if county.endswith("区") else county
    units = [
        Unit(f"{prefix}.gov", city, county, "government", "county_gov", f"{base}人民政府", f"{base}人民政府")
    ]
    by_suffix = {d[0]: d for d in CITY_DEPARTMENTS}
    for suffix in COUNTY_DEPARTMENT_KEYS:
        _, old, new, profile = by_suffix[suffix]
        profile = "dept" if profile == "busy" and suffix not in ("police", "land") else profile
        units.append(
            Unit(
                f"{prefix}.{suffix}",
                city,
                county,
                "department",
                profile,
                f"{base}{old}" if old else None,
                f"{base}{new}",
                2012 if old else REFORM_YEAR,
            )
        )
    towns = list(TOWNS.get(county, ()))
    if len(towns) < towns_per_county:
        towns += _invented_towns(county, towns_per_county - len(towns))
    for ti, town in enumerate(towns[:towns_per_county]):
        name = f"{base}{town}"
        # Towns and streets started publishing annual reports later than departments.
        units.append(Unit(f"{prefix}.t{ti:02d}", city, county, "government", "town", name, name, 2014))
    return units


def build_units(count: int) -> list[Unit]:
    """The first ``count`` agencies, in a stable order: 宿迁 city and its counties first.

    Within a city the order interleaves levels so that any prefix of the list is a
    realistic hierarchy (city government, departments, then each county with its own).
    Large counts add more Jiangsu cities and, past those, more towns per county.
    """
    towns_per_county = 5
    while True:
        units: list[Unit] = []
        for ci, (city, counties) in enumerate(CITIES):
            units.extend(_city_units(ci, city))
            for ki, county in enumerate(counties):
                units.extend(_county_units(ci, city, ki, county, towns_per_county))
            if len(units) >= count:
                return units[:count]
        towns_per_county *= 2
