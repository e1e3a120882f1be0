"""Font discovery: configured path, well-known files per platform, fontconfig, clear errors."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from counterapp.receipts import CjkFont, FontSource, NoCjkFont, find_cjk_font, load_cjk_font
from counterapp.receipts.fonts import SAMPLE_TEXT, candidate_paths

RARE_OUTSIDE_BMP = "\U0002c317"  # 𬌗, CJK Extension E


def _fake_cff_font(path: Path) -> Path:
    """A file that reads as an OpenType font with PostScript (CFF) outlines, like Noto CJK."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"OTTO" + bytes(200))
    return path


def test_the_configured_path_is_used(font: CjkFont) -> None:
    chosen = find_cjk_font(font.path, subfont_index=font.subfont_index)
    assert chosen.source is FontSource.CONFIGURED
    assert chosen.path == font.path
    assert all(chosen.has_char(c) for c in SAMPLE_TEXT)


def test_a_configured_path_that_does_not_exist_is_an_error_not_a_silent_fallback(
    tmp_path: Path,
) -> None:
    missing = tmp_path / "nowhere.ttf"
    with pytest.raises(NoCjkFont) as caught:
        find_cjk_font(missing)
    assert caught.value.configured == str(missing)
    assert "receipts.font_path" in str(caught.value)
    assert "no such file" in str(caught.value)
    assert "receipts.font_path" in caught.value.reason_zh


def test_a_configured_font_with_postscript_outlines_is_explained(tmp_path: Path) -> None:
    noto = _fake_cff_font(tmp_path / "NotoSansCJK-Regular.ttc")
    with pytest.raises(NoCjkFont, match=r"PostScript \(CFF\) outlines"):
        find_cjk_font(noto)


def test_a_font_without_chinese_is_not_taken(tmp_path: Path, font: CjkFont) -> None:
    not_a_font = tmp_path / "notes.ttf"
    not_a_font.write_text("hello")
    with pytest.raises(NoCjkFont, match="Not a recognized TrueType font"):
        find_cjk_font(not_a_font)
    latin = shutil.which("fc-match") and Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    if latin and latin.exists():
        with pytest.raises(NoCjkFont, match="has no Chinese characters"):
            find_cjk_font(latin)


def test_windows_locations_are_searched_in_order(tmp_path: Path, font: CjkFont) -> None:
    fonts = tmp_path / "Windows" / "Fonts"
    _fake_cff_font(fonts / "msyh.ttc")
    shutil.copyfile(font.path, fonts / "simsun.ttc")
    chosen = find_cjk_font(
        platform="win32", environ={"WINDIR": str(tmp_path / "Windows")}, use_fontconfig=False
    )
    assert chosen.source is FontSource.KNOWN_LOCATION
    assert chosen.path.endswith("simsun.ttc")
    assert [Path(r.path).name for r in chosen.rejected if r.reason != "no such file"] == [
        "msyh.ttc"
    ]


def test_no_font_anywhere_says_where_it_looked_and_how_to_fix(tmp_path: Path) -> None:
    _fake_cff_font(tmp_path / "Fonts" / "msyh.ttc")
    with pytest.raises(NoCjkFont) as caught:
        find_cjk_font(platform="win32", environ={"WINDIR": str(tmp_path)}, use_fontconfig=False)
    message = str(caught.value)
    assert "msyh.ttc (PostScript (CFF) outlines" in message
    assert "simhei.ttf" in message  # looked there too: not present
    assert "fonts-wqy-microhei" in message and "receipts.font_path" in message
    assert caught.value.configured is None
    assert "fonts-wqy-microhei" in caught.value.reason_zh


def test_candidate_paths_per_platform(tmp_path: Path) -> None:
    windows = candidate_paths(
        "win32", {"WINDIR": r"D:\Win", "LOCALAPPDATA": r"C:\Users\a\AppData\Local"}
    )
    assert windows[0] == r"D:\Win\Fonts\msyh.ttc"
    assert r"C:\Users\a\AppData\Local\Microsoft\Windows\Fonts\msyh.ttc" in windows
    mac = candidate_paths("darwin", {}, home="/Users/a")
    assert "/Library/Fonts/Arial Unicode.ttf" in mac
    assert not any("PingFang" in p for p in mac)  # CFF outlines: reportlab cannot embed it
    linux = candidate_paths("linux", {}, home="/home/a")
    assert linux[0] == "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"
    assert "/home/a/.local/share/fonts/wqy-microhei.ttc" in linux


def test_the_process_font_is_loaded_once(font: CjkFont) -> None:
    assert load_cjk_font() is font
    assert font.source in (FontSource.KNOWN_LOCATION, FontSource.FONTCONFIG)


def test_the_character_map_is_checked_per_code_point(font: CjkFont) -> None:
    assert font.has_char("张")
    # WenQuanYi Micro Hei (the font .ci/run installs) has no CJK ideograph outside the BMP:
    # 𬌗 (U+2C317, Extension E) is missing, Deseret 𐐀 (U+10400) is there.
    if "WenQuanYi Micro Hei" in font.family:
        assert not font.has_char(RARE_OUTSIDE_BMP)
        assert font.has_char("\U00010400")
    assert font.width("张三", 10) == pytest.approx(2 * font.width("张", 10))
