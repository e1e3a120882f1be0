"""Wrapping Chinese text and the honest placeholder for a character the font lacks."""

from __future__ import annotations

import pytest

from counterapp.receipts import CjkFont
from counterapp.receipts.text import Typesetter

TEXT = (
    "以上信息经您授权，仅为本次办理通过政务数据共享查询（遵循最小必要原则）。"
    "Verify online: https://zwfw.example.gov.cn/case/330106001-20261127-00042 please."
)


def _missing_char(font: CjkFont) -> str:
    return next(c for c in ("\U0002c317", "\U00030000", "\U000e0100") if not font.has_char(c))


@pytest.mark.parametrize("width", [60.0, 120.0, 200.0, 480.0])
def test_lines_fit_and_keep_all_the_text(font: CjkFont, width: float) -> None:
    setter = Typesetter(font)
    lines = setter.wrap(TEXT, 10.5, width)
    assert all(line.width <= width + 1e-6 for line in lines if len(line.text) > 1)
    assert "".join(line.text for line in lines).replace(" ", "") == TEXT.replace(" ", "")


def test_closing_punctuation_never_starts_a_line_and_opening_never_ends_one(
    font: CjkFont,
) -> None:
    setter = Typesetter(font)
    for width in range(40, 300, 7):
        for line in setter.wrap(TEXT, 10.5, float(width))[1:]:
            assert line.text[0] not in "，。）、", (width, line.text)
        for line in setter.wrap(TEXT, 10.5, float(width)):
            assert line.text[-1] != "（", (width, line.text)


def test_a_latin_word_that_fits_is_not_broken(font: CjkFont) -> None:
    lines = Typesetter(font).wrap("办理进度 please-check-online 谢谢", 10.0, 110.0)
    assert any("please-check-online" in line.text for line in lines)


def test_a_newline_forces_a_break(font: CjkFont) -> None:
    lines = Typesetter(font).wrap("张**\n证件号码 110105********002X", 10.0, 500.0)
    assert [line.text for line in lines] == ["张**", "证件号码 110105********002X"]


def test_a_missing_character_is_reported_and_takes_a_placeholders_width(font: CjkFont) -> None:
    rare = _missing_char(font)
    setter = Typesetter(font)
    width = setter.width(f"张{rare}", 10.0)
    assert setter.missing == {rare: None}
    assert width == pytest.approx(font.width("张", 10.0) + setter.placeholder_width(rare, 10.0))
    assert setter.placeholder_label(rare) == f"U+{ord(rare):04X}"


def test_a_no_break_space_keeps_a_date_and_its_time_together(font: CjkFont) -> None:
    setter = Typesetter(font)
    text = "张**：刷证确认，2026年12月29日\u00a015:31"
    narrowest = int(setter.width("2026年12月29日\u00a015:31", 8.5)) + 1  # fits a line
    for width in range(narrowest, 200, 5):
        lines = [line.text for line in setter.wrap(text, 8.5, float(width))]
        assert any("日\u00a015:31" in line for line in lines), (width, lines)


def test_a_written_date_never_breaks(font: CjkFont) -> None:
    setter = Typesetter(font)
    text = "承诺于2026年12月29日\u00a015:31前办结"
    narrowest = int(setter.width("2026年12月29日\u00a015:31", 10.0)) + 1
    for width in range(narrowest, 200, 3):
        lines = [line.text for line in setter.wrap(text, 10.0, float(width))]
        assert any("2026年12月29日\u00a015:31" in line for line in lines), (width, lines)


def test_a_list_of_names_breaks_only_between_names(font: CjkFont) -> None:
    names = ("杭州市公安局", "杭州市民政局", "杭州市规划和自然资源局", "杭州住房公积金管理中心")
    setter = Typesetter(font)
    for width in range(int(setter.width(names[-1] + "、", 10.0)) + 1, 500, 9):
        lines = [line.text for line in setter.wrap_items(names, 10.0, float(width))]
        assert "".join(lines) == "、".join(names)
        pieces = [p for line in lines for p in line.split("、") if p]
        assert pieces == list(names), (width, lines)
