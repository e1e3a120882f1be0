"""Personal names for the synthetic population, drawn the way Chinese names are spread.

Surnames follow the published frequency ranking (王, 李, 张, 刘, 陈 ... down to rare compound
surnames such as 欧阳 and 司马); given names are one or two characters from pools that
differ by sex and by generation (建国 and 秀英 for the old, 子轩 and 梓涵 for the young).
Uyghur and Kazakh people get a transliterated name joined with "·" to the father's name,
Tibetan people a four-character name without a surname, because that is what the
household register holds for them.

A few given names carry a character outside the Basic Multilingual Plane (CJK extensions
B–E): they are real in the register and the usual cause of mojibake and truncation between
department systems, so the simulator must produce them.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

# Surname and relative frequency (per cent of the population, 2020 ranking, rounded).
_SURNAME_TABLE = """
王 7.1 李 7.0 张 6.7 刘 5.4 陈 4.6 杨 3.1 黄 2.2 赵 2.0 吴 1.9 周 1.8 徐 1.3 孙 1.2 马 1.2
朱 1.1 胡 1.1 郭 1.1 何 1.0 林 0.97 高 0.96 罗 0.95 郑 0.9 梁 0.88 谢 0.8 宋 0.75 唐 0.75
许 0.7 韩 0.7 邓 0.65 冯 0.65 曹 0.6 彭 0.6 曾 0.6 肖 0.6 田 0.55 董 0.5 潘 0.5 袁 0.5
蔡 0.48 蒋 0.48 余 0.47 于 0.47 杜 0.45 叶 0.45 程 0.44 魏 0.43 苏 0.42 吕 0.42 丁 0.41
任 0.4 卢 0.39 姚 0.38 沈 0.38 钟 0.37 姜 0.36 崔 0.35 谭 0.34 陆 0.33 范 0.32 汪 0.32
廖 0.31 石 0.31 金 0.3 韦 0.3 贾 0.3 夏 0.29 付 0.28 方 0.28 邹 0.27 熊 0.27 白 0.26
孟 0.26 秦 0.25 邱 0.25 侯 0.24 江 0.24 尹 0.24 薛 0.23 闫 0.23 段 0.22 雷 0.22 龙 0.21
黎 0.21 史 0.21 陶 0.2 贺 0.2 毛 0.19 郝 0.19 顾 0.18 龚 0.18 邵 0.17 万 0.17 覃 0.16
武 0.16 钱 0.16 戴 0.16 严 0.15 莫 0.15 孔 0.14 向 0.14 常 0.14 汤 0.13 康 0.13 易 0.13
乔 0.12 赖 0.12 文 0.12 欧 0.08 欧阳 0.05 司徒 0.01 上官 0.005 诸葛 0.005 司马 0.005
东方 0.003 皇甫 0.003 公孙 0.002 令狐 0.002 慕容 0.002 夏侯 0.002 尉迟 0.001 端木 0.001
"""
_SURNAME_ITEMS = _SURNAME_TABLE.split()
SURNAMES: tuple[str, ...] = tuple(_SURNAME_ITEMS[0::2])
_SURNAME_CUM = tuple(accumulate(float(w) for w in _SURNAME_ITEMS[1::2]))

# Given-name characters: (older generation, born before 1980) and (younger generation).
_MALE_OLD = "国建军华明伟平志强文德海春林永红兵庆刚勇忠福贵荣祥金宝成富生"
_MALE_YOUNG = "浩宇轩子涛鹏杰磊超博晨睿泽航然俊凯昊铭辰一天逸嘉瑞诚豪哲宸翔帅鑫旭"
_FEMALE_OLD = "秀英兰芳桂珍凤玉梅华霞红丽琴云萍淑敏翠燕美娟芬慧静春霞秋素"
_FEMALE_YOUNG = "婷欣怡佳悦萱涵雨诗梓思琪彤可馨妍婉瑶颖晴雪琳倩蕾璐菲梦瑾若依"

# Whole given names that were fashionable for a generation (used as they are).
_MALE_CLASSIC = ("建国", "国庆", "建军", "卫东", "爱国", "援朝", "志强", "向阳", "红旗", "保国")
_FEMALE_CLASSIC = ("秀英", "桂英", "玉兰", "秀兰", "桂兰", "淑珍", "凤英", "丽华", "美玲", "红梅")

# Characters outside the BMP that really occur in registered names (CJK Ext. B, D, E).
RARE_CHARACTERS: tuple[str, ...] = (
    "\U0002c317",  # 𬌗
    "\U00020bb7",  # 𠮷
    "\U0002cc56",  # 𬱖
    "\U0002c35b",  # 𬍛
    "\U0002b7c5",  # 𫟅
    "\U0002c62d",  # 𬘭
    "\U0002c029",  # 𬀩
    "\U0002c386",  # 𬎆
)

# Uyghur / Kazakh given names as the register transliterates them.
_UYGHUR_MALE = ("艾力", "买买提", "阿卜杜拉", "吐尔逊", "艾合买提", "热合曼", "玉素甫", "努尔兰")
_UYGHUR_FEMALE = ("古丽", "阿依古丽", "热依拉", "帕提古丽", "迪丽拜尔", "努尔古丽", "米热古丽")
# Tibetan names: two two-character parts, no surname.
_TIBETAN_FIRST = ("扎西", "次仁", "达瓦", "尼玛", "格桑", "平措", "旦增", "索朗", "边巴", "洛桑")
_TIBETAN_MALE = ("顿珠", "多吉", "旺堆", "罗布", "朗杰", "坚参", "群培")
_TIBETAN_FEMALE = ("卓玛", "央金", "拉姆", "措姆", "曲珍", "德吉", "白珍")

_TRANSLITERATED = frozenset({"05", "17"})  # 维吾尔族, 哈萨克族
_TIBETAN = "04"


def surname(rng: random.Random) -> str:
    """Draw a surname by its frequency in the population."""
    return SURNAMES[bisect(_SURNAME_CUM, rng.random() * _SURNAME_CUM[-1])]


def given_name(rng: random.Random, male: bool, birth_year: int) -> str:
    """Draw a one- or two-character given name fitting the person's sex and generation.

    Args:
        rng: the population's random source.
        male: True for a man.
        birth_year: older generations get older-style names and more one-character names.
    """
    old = birth_year < 1980
    roll = rng.random()
    if old and roll < 0.12:
        return rng.choice(_MALE_CLASSIC if male else _FEMALE_CLASSIC)
    pool = (_MALE_OLD if old else _MALE_YOUNG) if male else (_FEMALE_OLD if old else _FEMALE_YOUNG)
    if roll < (0.45 if old else 0.3):
        return rng.choice(pool)
    return rng.choice(pool) + rng.choice(pool)


def rare_given_name(rng: random.Random, male: bool, birth_year: int) -> str:
    """A given name holding one character outside the BMP, alone or next to a common one."""
    rare = rng.choice(RARE_CHARACTERS)
    roll = rng.random()
    if roll < 0.3:
        return rare
    other = given_name(rng, male, birth_year)[0]
    return rare + other if roll < 0.65 else other + rare


def uses_surname(ethnicity: str) -> bool:
    """Whether people of this ethnic group are registered with a Han-style surname."""
    return ethnicity not in _TRANSLITERATED and ethnicity != _TIBETAN


def minority_name(rng: random.Random, ethnicity: str, male: bool, father_given: str | None) -> str:
    """A full name for a group registered without a Han-style surname.

    Args:
        rng: the population's random source.
        ethnicity: GB/T 3304 code for which :func:`uses_surname` is False.
        male: True for a man.
        father_given: the father's own name, which Uyghur and Kazakh names carry after "·".
    """
    if ethnicity == _TIBETAN:
        return rng.choice(_TIBETAN_FIRST) + rng.choice(_TIBETAN_MALE if male else _TIBETAN_FEMALE)
    own = rng.choice(_UYGHUR_MALE if male else _UYGHUR_FEMALE)
    father = father_given or rng.choice(_UYGHUR_MALE)
    return f"{own}·{father}"


def own_part(full_name: str) -> str:
    """The person's own part of a transliterated name (before "·"), for naming children."""
    return full_name.split("·", 1)[0]


def has_rare_character(text: str) -> bool:
    """Whether the text holds a character outside the Basic Multilingual Plane."""
    return any(ord(c) > 0xFFFF for c in text)
