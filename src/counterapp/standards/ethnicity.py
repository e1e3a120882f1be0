"""Ethnic groups of China, GB/T 3304-1991 (中国各民族名称的罗马字母拼写法和代码).

The standard gives each of the 56 groups a two-digit numeric code, a two-letter
code and a romanised name; all three are kept here, plus the usual English name (the
standard's romanisations such as "Zang" or "Chosen" are not what English readers expect).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EthnicGroup:
    """One row of GB/T 3304-1991.

    Attributes:
        code: two digits, "01" to "56".
        zh: the Chinese name with 族, e.g. "汉族".
        letters: the standard's two-letter code, e.g. "HA".
        romanized: the standard's romanised name, e.g. "Zang" for 藏族.
        en: the usual English name, e.g. "Tibetan", for bilingual screens.
    """

    code: str
    zh: str
    letters: str
    romanized: str
    en: str


_ROWS = """\
01 汉族 HA Han Han
02 蒙古族 MG Mongol Mongolian
03 回族 HU Hui Hui
04 藏族 ZA Zang Tibetan
05 维吾尔族 UG Uygur Uyghur
06 苗族 MH Miao Miao
07 彝族 YI Yi Yi
08 壮族 ZH Zhuang Zhuang
09 布依族 BY Buyei Bouyei
10 朝鲜族 CS Chosen Korean
11 满族 MA Man Manchu
12 侗族 DO Dong Dong
13 瑶族 YA Yao Yao
14 白族 BA Bai Bai
15 土家族 TJ Tujia Tujia
16 哈尼族 HN Hani Hani
17 哈萨克族 KZ Kazak Kazakh
18 傣族 DA Dai Dai
19 黎族 LI Li Li
20 傈僳族 LS Lisu Lisu
21 佤族 VA Va Va
22 畲族 SH She She
23 高山族 GS Gaoshan Gaoshan
24 拉祜族 LH Lahu Lahu
25 水族 SU Sui Shui
26 东乡族 DX Dongxiang Dongxiang
27 纳西族 NX Naxi Naxi
28 景颇族 JP Jingpo Jingpo
29 柯尔克孜族 KG Kirgiz Kyrgyz
30 土族 TU Tu Tu
31 达斡尔族 DU Daur Daur
32 仫佬族 ML Mulao Mulam
33 羌族 QI Qiang Qiang
34 布朗族 BL Blang Blang
35 撒拉族 SL Salar Salar
36 毛南族 MN Maonan Maonan
37 仡佬族 GL Gelao Gelao
38 锡伯族 XB Xibe Xibe
39 阿昌族 AC Achang Achang
40 普米族 PM Pumi Pumi
41 塔吉克族 TA Tajik Tajik
42 怒族 NU Nu Nu
43 乌孜别克族 UZ Uzbek Uzbek
44 俄罗斯族 RS Russ Russian
45 鄂温克族 EW Ewenki Evenki
46 德昂族 DE Deang De'ang
47 保安族 BN Bonan Bonan
48 裕固族 YG Yugur Yugur
49 京族 GI Gin Gin
50 塔塔尔族 TT Tatar Tatar
51 独龙族 DR Derung Derung
52 鄂伦春族 OR Oroqen Oroqen
53 赫哲族 HZ Hezhen Hezhen
54 门巴族 MB Monba Monba
55 珞巴族 LB Lhoba Lhoba
56 基诺族 JN Jino Jino
"""

_GROUPS: tuple[EthnicGroup, ...] = tuple(
    EthnicGroup(*line.split(maxsplit=4)) for line in _ROWS.splitlines()
)
_BY_CODE = {g.code: g for g in _GROUPS}
_BY_NAME = {g.zh: g for g in _GROUPS} | {g.zh.removesuffix("族"): g for g in _GROUPS}
_BY_LETTERS = {g.letters: g for g in _GROUPS}


def all_groups() -> tuple[EthnicGroup, ...]:
    """All 56 groups in code order."""
    return _GROUPS


def lookup(code: str) -> EthnicGroup | None:
    """Return the group for a two-digit code ("01"–"56"), or None when unknown.

    Args:
        code: the numeric code; a one-digit "1" is not accepted, the standard pads it.
    """
    return _BY_CODE.get(code)


def by_name(name: str) -> EthnicGroup | None:
    """Return the group with this Chinese name, with or without the final 族.

    Args:
        name: e.g. "维吾尔族" or "维吾尔"; surrounding whitespace is ignored.
    """
    return _BY_NAME.get(name.strip())


def by_letters(letters: str) -> EthnicGroup | None:
    """Return the group with this two-letter code (e.g. "UG"), case-insensitive.

    Args:
        letters: the GB/T 3304 two-letter code.
    """
    return _BY_LETTERS.get(letters.strip().upper())
