"""Finding a Chinese font that reportlab can embed, and loading it once per process.

Receipts embed a subset of a TrueType font so they print the same on every printer and
their text can be read back. reportlab embeds TrueType outlines only: Noto Sans CJK and
PingFang (PostScript/CFF outlines) load with "postscript outlines are not supported", so
every candidate is *tried* by loading it, never trusted by its name.

Order: the configured path (config key ``receipts.font_path``) — when it is set and does not
work, that is an error, not a silent switch to another font —, then well-known files for
this platform, then what fontconfig (``fc-list``) knows. A candidate must load and map a
few common Chinese characters.

reportlab (5.x) writes the ToUnicode map of a subset with four hex digits per character,
which corrupts the extractable text of characters outside the BMP (U+10400 comes back as
U+1040). :class:`_EmbeddableTTFont` rewrites those maps in UTF-16 (surrogate pairs), as
the PDF specification asks.
"""

from __future__ import annotations

import hashlib
import ntpath
import os
import posixpath
import re
import subprocess
import sys
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import SUBSETN, TTFError, TTFont

from counterapp.errors import CounterError

SAMPLE_TEXT = "受理回执一次性告知书申请人办件编号"
"""Characters every candidate font must have: a font without them is not a Chinese font."""

_FIX_HINT = (
    "install a Chinese TrueType font (Debian/Ubuntu: apt-get install fonts-wqy-microhei; "
    "Fedora: dnf install wqy-microhei-fonts; Windows ships Microsoft YaHei/SimSun) or set "
    "receipts.font_path in the configuration to a .ttf/.ttc file with TrueType outlines"
)
_FIX_HINT_ZH = (
    "请安装中文 TrueType 字体（Debian/Ubuntu：apt-get install fonts-wqy-microhei），"
    "或在配置中将 receipts.font_path 设为含 TrueType 轮廓的 .ttf/.ttc 字体文件"
)


class FontSource(StrEnum):
    """Where the chosen font was found."""

    CONFIGURED = "configured"  # receipts.font_path
    KNOWN_LOCATION = "known_location"  # a well-known file for this platform
    FONTCONFIG = "fontconfig"  # fc-list


@dataclass(frozen=True)
class RejectedFont:
    """A candidate that was looked at and not taken, and why."""

    path: str
    reason: str


class NoCjkFont(CounterError, RuntimeError):
    """No Chinese font that reportlab can embed: receipts cannot be printed.

    Attributes:
        looked_at: every candidate and why it was not taken.
        configured: the configured path, when the error is about it.
        reason_zh: the message in Chinese, for the clerk.
    """

    def __init__(self, looked_at: tuple[RejectedFont, ...], configured: str | None = None):
        self.looked_at = looked_at
        self.configured = configured
        if configured is not None:
            why = looked_at[0].reason if looked_at else "unusable"
            message = (
                f"the configured receipt font receipts.font_path = {configured!r} cannot be "
                f"used: {why}. Fix the path, or remove the setting to let Counter find a "
                f"font; to find one, {_FIX_HINT}"
            )
            message_zh = (
                f"配置的回执字体 receipts.font_path = {configured} 无法使用：{why}。"
                "请修正路径，或删除该配置以自动查找字体"
            )
        else:
            present = [r for r in looked_at if r.reason != _ABSENT]
            absent = [r.path for r in looked_at if r.reason == _ABSENT]
            parts = [f"{r.path} ({r.reason})" for r in present]
            if absent:
                parts.append("not present: " + ", ".join(absent))
            message = (
                "no Chinese (CJK) TrueType font that reportlab can embed was found; looked at "
                + ("; ".join(parts) or "nothing")
                + f". To fix: {_FIX_HINT}"
            )
            message_zh = "未找到可嵌入回执的中文字体。" + _FIX_HINT_ZH
        super().__init__(message, message_zh)


_ABSENT = "no such file"


class _EmbeddableTTFont(TTFont):
    """A TTFont whose subsets map characters outside the BMP back to the right text."""

    def addObjects(self, doc: object) -> None:  # reportlab's method name
        state = self.state.get(doc)
        subsets = [list(s) for s in state.subsets] if state is not None else []
        super().addObjects(doc)
        for n, subset in enumerate(subsets):
            if max(subset, default=0) <= 0xFFFF:
                continue
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))
            name = base.decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + name]  # type: ignore[attr-defined]
            stream.content = _to_unicode_cmap(name, subset)


def _to_unicode_cmap(name: str, subset: list[int]) -> str:
    """A ToUnicode CMap for one 256-code subset, UTF-16BE targets (surrogate pairs)."""
    pairs = [
        f"<{code:02X}> <{chr(cp).encode('utf-16-be').hex().upper()}>"
        for code, cp in enumerate(subset)
    ]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            "/CIDSystemInfo",
            f"<< /Registry ({name})",
            f"/Ordering ({name})",
            "/Supplement 0",
            ">> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            f"<00> <{len(subset) - 1:02X}>",
            "endcodespacerange",
            f"{len(subset)} beginbfchar",
            *pairs,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


@dataclass(frozen=True, eq=False)
class CjkFont:
    """A loaded, registered Chinese font: pass it to the renderers.

    Attributes:
        name: the name it is registered under with reportlab.
        path: the font file.
        subfont_index: the face inside a .ttc collection.
        family: the font's family name, e.g. "WenQuanYi Micro Hei".
        source: where it was found.
        rejected: candidates looked at before it, and why they were not taken.
    """

    name: str
    path: str
    subfont_index: int
    family: str
    source: FontSource
    rejected: tuple[RejectedFont, ...] = ()
    _ttfont: TTFont = field(repr=False, default=None)  # type: ignore[assignment]

    def has_char(self, char: str) -> bool:
        """True when the font has a glyph for this one code point."""
        return ord(char) in self._ttfont.face.charToGlyph

    def width(self, text: str, size: float) -> float:
        """The advance width of ``text`` at ``size`` points (characters it has)."""
        widths = self._ttfont.face.charWidths
        default = self._ttfont.face.defaultWidth
        return sum(widths.get(ord(c), default) for c in text) * size / 1000.0

    @property
    def ascent(self) -> float:
        """Ascent per point of size (for vertical placement)."""
        return self._ttfont.face.ascent / 1000.0


def candidate_paths(
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: str | None = None,
) -> list[str]:
    """Well-known Chinese TrueType font files for a platform, most preferred first.

    Args:
        platform: ``sys.platform`` style ("linux", "win32", "darwin"); default this one.
        environ: the environment (WINDIR, LOCALAPPDATA); default ``os.environ``.
        home: the user's home directory; default ``~``.
    """
    platform = platform or sys.platform
    environ = os.environ if environ is None else environ
    if platform.startswith("win"):
        windir = environ.get("WINDIR") or environ.get("SystemRoot") or r"C:\Windows"
        dirs = [_join(windir, "Fonts")]
        if local := environ.get("LOCALAPPDATA"):
            dirs.append(_join(local, "Microsoft", "Windows", "Fonts"))
        names = ("msyh.ttc", "msyh.ttf", "simsun.ttc", "simhei.ttf", "Deng.ttf", "simkai.ttf")
        return [_join(d, n) for n in names for d in dirs]
    home = home if home is not None else os.path.expanduser("~")
    if platform == "darwin":
        return [
            "/Library/Fonts/Arial Unicode.ttf",
            "/System/Library/Fonts/Supplemental/Arial Unicode.ttf",
            "/System/Library/Fonts/STHeiti Light.ttc",
            "/System/Library/Fonts/STHeiti Medium.ttc",
            "/Library/Fonts/Microsoft/SimHei.ttf",
            "/Library/Fonts/Microsoft/SimSun.ttf",
            posixpath.join(home, "Library/Fonts/wqy-microhei.ttc"),
            "/opt/homebrew/share/fonts/wqy-microhei.ttc",
            "/usr/local/share/fonts/wqy-microhei.ttc",
        ]
    roots = [
        "/usr/share/fonts/truetype",  # Debian, Ubuntu
        "/usr/share/fonts",  # Fedora, Arch
        "/usr/local/share/fonts",
        posixpath.join(home, ".local/share/fonts"),
        posixpath.join(home, ".fonts"),
    ]
    files = (
        "wqy/wqy-microhei.ttc",
        "wqy-microhei/wqy-microhei.ttc",
        "wenquanyi/wqy-microhei/wqy-microhei.ttc",
        "wqy-microhei.ttc",
        "wqy/wqy-zenhei.ttc",
        "wqy-zenhei/wqy-zenhei.ttc",
        "wenquanyi/wqy-zenhei/wqy-zenhei.ttc",
        "wqy-zenhei.ttc",
        "noto/NotoSansSC-Regular.ttf",
        "google-noto-sans-sc-fonts/NotoSansSC-Regular.ttf",
        "NotoSansSC-Regular.ttf",
        "noto/NotoSansSC-Regular.otf",
        "NotoSansSC-Regular.otf",
        "arphic/uming.ttc",
        "arphic-uming/uming.ttc",
        "droid/DroidSansFallbackFull.ttf",
        "google-droid-sans-fonts/DroidSansFallbackFull.ttf",
        "droid/DroidSansFallback.ttf",
    )
    return [posixpath.join(root, f) for f in files for root in roots]


def _join(base: str, *parts: str) -> str:
    """Join in the style of ``base``: Windows separators for a drive or UNC path."""
    windows = re.match(r"^([A-Za-z]:|\\\\)", base) is not None
    return (ntpath if windows else posixpath).join(base, *parts)


def fontconfig_candidates() -> list[tuple[str, int]]:
    """Chinese TrueType fonts fontconfig knows (file, face index); empty without fc-list."""
    try:
        done = subprocess.run(
            ["fc-list", "--format", "%{file}\t%{index}\n", ":lang=zh:fontformat=TrueType"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    found: list[tuple[str, int]] = []
    for line in sorted(set(done.stdout.splitlines())):
        path, _, index = line.partition("\t")
        if path:
            found.append((path, int(index) if index.isdigit() else 0))
    return found


def _try_load(path: str, subfont_index: int) -> tuple[TTFont | None, str]:
    """Load one candidate; return the font or ``None`` and why it was not taken."""
    if not os.path.isfile(path):
        return None, _ABSENT
    name = "CounterCJK-" + hashlib.sha1(f"{path}#{subfont_index}".encode()).hexdigest()[:10]
    try:
        font = _EmbeddableTTFont(name, path, subfontIndex=subfont_index)
    except TTFError as exc:
        text = str(exc)
        if "postscript outlines" in text.lower():
            return None, "PostScript (CFF) outlines, which reportlab cannot embed"
        if "subsetting/embedding" in text:
            return None, "its licence flags forbid embedding"
        return None, re.sub(r'^TTF file "[^"]*":\s*', "", text)
    except (OSError, ValueError, IndexError, KeyError, AssertionError) as exc:
        return None, f"cannot be read ({type(exc).__name__}: {exc})"
    lacking = [c for c in SAMPLE_TEXT if ord(c) not in font.face.charToGlyph]
    if lacking:
        return None, f"has no Chinese characters (lacks {''.join(lacking[:4])})"
    return font, ""


def _describe(
    font: TTFont, path: str, index: int, source: FontSource, rejected: list[RejectedFont]
) -> CjkFont:
    pdfmetrics.registerFont(font)
    family = font.face.familyName
    if isinstance(family, bytes):
        family = family.decode("utf-8", "replace")
    return CjkFont(
        name=font.fontName,
        path=path,
        subfont_index=index,
        family=str(family),
        source=source,
        rejected=tuple(rejected),
        _ttfont=font,
    )


def find_cjk_font(
    configured_path: str | os.PathLike[str] | None = None,
    *,
    subfont_index: int = 0,
    platform: str | None = None,
    environ: Mapping[str, str] | None = None,
    home: str | None = None,
    use_fontconfig: bool = True,
) -> CjkFont:
    """Find, load and register a Chinese font (no cache: see :func:`load_cjk_font`).

    Args:
        configured_path: ``receipts.font_path``; when set it is the only candidate.
        subfont_index: the face to use in a configured .ttc collection.
        platform, environ, home: see :func:`candidate_paths` (tests pass others).
        use_fontconfig: also ask ``fc-list`` after the well-known files.

    Raises:
        NoCjkFont: the configured font is unusable, or no candidate is.
    """
    rejected: list[RejectedFont] = []
    if configured_path is not None and str(configured_path):
        path = os.fspath(configured_path)
        font, why = _try_load(path, subfont_index)
        if font is None:
            raise NoCjkFont((RejectedFont(path, why),), configured=path)
        return _describe(font, path, subfont_index, FontSource.CONFIGURED, rejected)
    seen: set[tuple[str, int]] = set()
    candidates = [
        (p, 0, FontSource.KNOWN_LOCATION) for p in candidate_paths(platform, environ, home)
    ]
    if use_fontconfig:
        candidates += [(p, i, FontSource.FONTCONFIG) for p, i in fontconfig_candidates()]
    for path, index, source in candidates:
        key = (os.path.realpath(path), index)
        if key in seen:
            continue
        seen.add(key)
        font, why = _try_load(path, index)
        if font is not None:
            return _describe(font, path, index, source, rejected)
        rejected.append(RejectedFont(path, why))
    raise NoCjkFont(tuple(rejected))


_cache: dict[tuple[str, int], CjkFont] = {}
_cache_lock = threading.Lock()


def load_cjk_font(
    configured_path: str | os.PathLike[str] | None = None, *, subfont_index: int = 0
) -> CjkFont:
    """The process's Chinese font for receipts: found and registered once, then reused.

    Loading a 5 MB font and parsing its tables takes ~0.1 s; receipts reuse it.

    Raises:
        NoCjkFont: as :func:`find_cjk_font` (a failure is not cached: a font installed
            meanwhile is found on the next call).
    """
    key = (os.fspath(configured_path) if configured_path else "", subfont_index)
    with _cache_lock:
        font = _cache.get(key)
        if font is None:
            font = find_cjk_font(configured_path or None, subfont_index=subfont_index)
            _cache[key] = font
        return font
