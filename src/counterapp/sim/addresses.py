"""Where the synthetic population lives: county profiles, street addresses, local names.

Every county the simulator uses comes from ``SIMULATOR_COUNTIES`` so every address prefix,
ID division code and credit-code division is a real current GB/T 2260 code. A profile
also carries what local offices put on their papers: the marriage registry's name, the city
printed on a real-estate certificate with the province's one-character abbreviation, and
which ethnic groups live there in what proportion.
"""

from __future__ import annotations

import random
from bisect import bisect
from dataclasses import dataclass
from functools import cache
from itertools import accumulate

from counterapp.standards import divisions

# One-character province abbreviations as printed on certificates (GB/T 2260 province code).
PROVINCE_ABBREVIATIONS: dict[str, str] = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "蒙", "21": "辽", "22": "吉",
    "23": "黑", "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣",
    "37": "鲁", "41": "豫", "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼",
    "50": "渝", "51": "川", "52": "黔", "53": "云", "54": "藏", "61": "陕", "62": "甘",
    "63": "青", "64": "宁", "65": "新", "71": "台", "81": "港", "82": "澳",
}  # fmt: skip

# Ethnic mix by province (GB/T 3304 code: weight); other provinces use the default.
_ETHNIC_MIX: dict[str, dict[str, float]] = {
    "65": {"01": 50, "05": 35, "03": 9, "17": 4, "02": 1, "11": 1},
    "54": {"04": 70, "01": 27, "03": 3},
    "45": {"01": 60, "08": 35, "13": 3, "06": 1, "12": 1},
    "15": {"01": 83, "02": 11, "03": 3, "11": 3},
    "52": {"01": 84, "06": 6, "09": 6, "15": 2, "12": 2},
    "53": {"01": 86, "07": 5, "14": 3, "03": 3, "16": 1.5, "18": 1.5},
    "50": {"01": 93, "15": 5, "06": 2},
    "43": {"01": 97, "15": 1.5, "06": 1, "13": 0.5},
    "11": {"01": 95.5, "11": 2, "03": 1.8, "02": 0.5, "10": 0.2},
    "12": {"01": 97, "03": 1.8, "11": 1, "02": 0.2},
    "35": {"01": 99, "22": 1},
    "33": {"01": 99.2, "22": 0.4, "06": 0.2, "15": 0.2},
    "44": {"01": 98.4, "08": 1, "15": 0.3, "13": 0.3},
}
_DEFAULT_MIX = {"01": 99, "03": 0.5, "11": 0.3, "02": 0.2}

_STREETS = (
    "中山路", "人民路", "解放路", "建设路", "和平路", "新华路", "胜利路", "文化路", "长江路",
    "黄河路", "光明路", "友谊路", "青年路", "朝阳路", "东风路", "学院路", "滨江路", "环城北路",
    "湖滨路", "花园路", "育才路", "振兴路", "幸福路", "迎宾大道", "金桥路", "望江路", "公园路",
    "文三路", "天目山路", "凤起路", "延安路", "团结街", "健康路", "府前街", "新民街",
)  # fmt: skip
_COMMUNITIES = (
    "阳光花园", "锦绣家园", "翠苑一区", "金色家园", "滨江花园", "和谐小区", "幸福里", "新城公寓",
    "紫荆苑", "桂花苑", "绿城花园", "世纪花园", "东方名苑", "江南春城", "明珠苑", "丽景苑",
    "枫林苑", "书香苑", "龙湖花园", "丹桂园",
)  # fmt: skip


@dataclass(frozen=True)
class County:
    """What the simulator needs to know about one county-level division.

    Attributes:
        code: GB/T 2260 county code.
        full_name: province + prefecture + county, the prefix of every address.
        local_name: the name without the province (kept for municipalities), e.g.
            "杭州市西湖区", "北京市朝阳区": what local offices are called by.
        district: the county's own name, e.g. "西湖区".
        certificate_city: the city on a real-estate certificate, e.g. "杭州市"
            (the district for the municipalities, as Beijing prints "朝阳区").
        province_abbreviation: e.g. "浙".
        marriage_office: e.g. "杭州市西湖区民政局婚姻登记处".
    """

    code: str
    full_name: str
    local_name: str
    district: str
    certificate_city: str
    province_abbreviation: str
    marriage_office: str
    _ethnic_codes: tuple[str, ...]
    _ethnic_cum: tuple[float, ...]

    def ethnicity(self, rng: random.Random) -> str:
        """Draw a GB/T 3304 code by this county's ethnic mix."""
        return self._ethnic_codes[bisect(self._ethnic_cum, rng.random() * self._ethnic_cum[-1])]

    def street_address(self, rng: random.Random) -> str:
        """A home address in this county: street, number, compound, building, unit, room."""
        street = rng.choice(_STREETS)
        number = rng.randint(1, 399)
        floor = rng.randint(1, 28)
        room = f"{floor}{rng.randint(1, 4):02d}"
        if rng.random() < 0.75:
            estate = rng.choice(_COMMUNITIES)
            return (
                f"{self.full_name}{street}{number}号{estate}"
                f"{rng.randint(1, 30)}幢{rng.randint(1, 4)}单元{room}室"
            )
        return f"{self.full_name}{street}{number}号{rng.randint(1, 12)}栋{room}室"

    def parking_address(self, rng: random.Random) -> str:
        """An underground parking space in a residential compound of this county."""
        return (
            f"{self.full_name}{rng.choice(_STREETS)}{rng.randint(1, 399)}号"
            f"{rng.choice(_COMMUNITIES)}地下车位B{rng.randint(1, 2)}-{rng.randint(1, 480):03d}"
        )

    def shop_address(self, rng: random.Random) -> str:
        """A street-front shop address in this county."""
        return f"{self.full_name}{rng.choice(_STREETS)}{rng.randint(1, 399)}号{rng.randint(1, 3)}楼"


@cache
def county(code: str) -> County:
    """The profile of a county, built from the GB/T 2260 table.

    Args:
        code: a current county code, normally one of ``SIMULATOR_COUNTIES``.

    Raises:
        KeyError: the code is not in GB/T 2260.
    """
    full = divisions.full_name(code)
    division = divisions.lookup(code)
    province = divisions.province_of(code)
    prefecture = divisions.prefecture_of(code)
    assert division is not None and province is not None  # full_name raised otherwise
    municipality = province.name.endswith("市")
    local = full if municipality else full.removeprefix(province.name)
    if municipality or prefecture is None or prefecture.name == "市辖区":
        certificate_city = division.name
    else:
        certificate_city = prefecture.name
    mix = _ETHNIC_MIX.get(code[:2], _DEFAULT_MIX)
    return County(
        code=code,
        full_name=full,
        local_name=local,
        district=division.name,
        certificate_city=certificate_city,
        province_abbreviation=PROVINCE_ABBREVIATIONS[code[:2]],
        marriage_office=f"{local}民政局婚姻登记处",
        _ethnic_codes=tuple(mix),
        _ethnic_cum=tuple(accumulate(mix.values())),
    )


def city_short_name(c: County) -> str:
    """The short city name that opens a company name, e.g. "杭州" or "北京"."""
    province = divisions.province_of(c.code)
    prefecture = divisions.prefecture_of(c.code)
    if prefecture is not None and prefecture.name != "市辖区":
        name = prefecture.name
    else:
        name = province.name if province is not None else c.district
    for suffix in ("市", "地区", "盟"):
        if name.endswith(suffix):
            return name.removesuffix(suffix)
    return name
