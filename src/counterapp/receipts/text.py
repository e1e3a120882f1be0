"""Setting Chinese text: measuring, wrapping, and honest placeholders for missing glyphs.

Every character is checked against the font's character map before it is drawn. A
character the font lacks (e.g. 𬌗 U+2C317 in WenQuanYi Micro Hei) is not left to become an
empty box: it is recorded in :attr:`Typesetter.missing` and printed as its code point in a
small frame ("U+2C317"), so the paper says what should have been there and the clerk is
told (``RenderResult.missing_glyphs``).

Lines break between any two Chinese characters, at spaces, and never inside a Latin word
or number that fits a line; closing punctuation (，。）…) never starts a line and opening
punctuation (（《“…) never ends one (a small 禁则 for the marks receipts use); a no-break
space (U+00A0) keeps a date and its time together, and a date (2026年12月29日) never breaks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from reportlab.pdfgen.canvas import Canvas

from counterapp.receipts.fonts import CjkFont

PLACEHOLDER_SCALE = 0.55
"""Size of a placeholder's code-point text relative to the surrounding text."""

_NO_LINE_START = set("，。、；：？！）》」』】〕”’%％·…—,.;:?!)]}")
_NO_LINE_END = set("（《「『【〔“‘([{")
_SPACES = set(" \t\u3000")
NO_BREAK_SPACE = "\u00a0"
"""Prints as a space and glues its neighbours ("2026年12月29日\u00a015:31" stays on one line)."""


def _in_a_date(before: str, char: str) -> bool:
    """True inside a written date such as 2026年12月29日, which never breaks."""
    return (char in "年月日" and before.isdigit()) or (char.isdigit() and before in "年月")


def _is_word_char(char: str) -> bool:
    return char.isascii() and (char.isalnum() or char in "@._/:-+#*=&?~")


@dataclass(frozen=True)
class Line:
    """One set line: its text (no leading/trailing spaces) and its width in points."""

    text: str
    width: float


class Typesetter:
    """Measures, wraps and draws text in one font; collects the characters it lacks.

    One per document: :attr:`missing` lists that document's missing characters.
    """

    def __init__(self, font: CjkFont) -> None:
        self.font = font
        self.missing: dict[str, None] = {}
        self._has: dict[str, bool] = {}

    def has(self, char: str) -> bool:
        """True when the font draws ``char``; records it as missing otherwise."""
        known = self._has.get(char)
        if known is None:
            known = char in _SPACES or char == NO_BREAK_SPACE or self.font.has_char(char)
            self._has[char] = known
        if not known:
            self.missing.setdefault(char, None)
        return known

    def placeholder_label(self, char: str) -> str:
        return f"U+{ord(char):04X}"

    def placeholder_width(self, char: str, size: float) -> float:
        inner = self.font.width(self.placeholder_label(char), size * PLACEHOLDER_SCALE)
        return inner + size * 0.3

    def width(self, text: str, size: float) -> float:
        """The printed width of ``text`` at ``size``, placeholders included."""
        total = 0.0
        plain_start = 0
        for i, char in enumerate(text):
            if not self.has(char):
                total += self.font.width(text[plain_start:i], size)
                total += self.placeholder_width(char, size)
                plain_start = i + 1
        return total + self.font.width(text[plain_start:], size)

    def _units(self, text: str) -> list[str]:
        """Pieces that are never split across lines (unless one is wider than a line)."""
        units: list[str] = []
        for char in text:
            if char in _SPACES:
                units.append(" ")
            elif units and (
                (_is_word_char(char) and units[-1] != " " and _is_word_char(units[-1][-1]))
                or char in _NO_LINE_START
                or units[-1][-1] in _NO_LINE_END
                or NO_BREAK_SPACE in (char, units[-1][-1])
                or _in_a_date(units[-1][-1], char)
            ):
                units[-1] += char
            else:
                units.append(char)
        return units

    def wrap(self, text: str, size: float, width: float) -> list[Line]:
        """Lines of ``text`` at ``size`` no wider than ``width``; ``\\n`` forces a break."""
        lines: list[Line] = []
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        for paragraph in text.split("\n"):
            lines.extend(self._wrap_paragraph(paragraph, size, width))
        return lines

    def wrap_items(
        self, items: Sequence[str], size: float, width: float, separator: str = "、"
    ) -> list[Line]:
        """A list of names joined by ``separator``, breaking only between names that fit
        a line (a department's name is not split over two lines)."""
        clean = [item.strip() for item in items if item.strip()]
        units = [item + separator for item in clean[:-1]] + clean[-1:]
        return self._pack(units, size, width)

    def _wrap_paragraph(self, text: str, size: float, width: float) -> list[Line]:
        return self._pack(self._units(text), size, width)

    def _pack(self, units: list[str], size: float, width: float) -> list[Line]:
        """Lines filled greedily with ``units``; a unit wider than a line breaks anywhere."""
        lines: list[Line] = []
        current = ""
        current_width = 0.0

        def flush() -> None:
            nonlocal current, current_width
            lines.append(self._line(current, size))
            current, current_width = "", 0.0

        for unit in units:
            unit_width = self.width(unit, size)
            if unit == " ":
                if current and current_width + unit_width <= width:
                    current += unit
                    current_width += unit_width
                elif current:
                    flush()  # the space ends the line; it is not carried over
                continue
            if unit_width > width:  # wider than a line (a long URL): break it anywhere
                for char in unit:
                    char_width = self.width(char, size)
                    if current and current_width + char_width > width:
                        flush()
                    current += char
                    current_width += char_width
                continue
            if current and current_width + unit_width > width:
                flush()
            current += unit
            current_width += unit_width
        if current.strip() or not lines:
            flush()
        return lines

    def _line(self, text: str, size: float) -> Line:
        text = text.strip(" ")
        return Line(text, self.width(text, size))

    def draw(
        self,
        canvas: Canvas,
        x: float,
        baseline: float,
        text: str,
        size: float,
        *,
        bold: bool = False,
    ) -> None:
        """Draw one line of ``text`` with its left end at ``x``."""
        mode: Literal[0, 2] = 2 if bold else 0  # text render modes: fill + stroke, or fill
        if bold:
            canvas.setLineWidth(size * 0.035)
        canvas.setFont(self.font.name, size)
        plain_start = 0
        cursor = x
        for i, char in enumerate(text):
            if self.has(char):
                continue
            plain = text[plain_start:i]
            if plain:
                canvas.drawString(cursor, baseline, plain, mode=mode)
                cursor += self.font.width(plain, size)
            cursor += self._draw_placeholder(canvas, cursor, baseline, char, size)
            canvas.setFont(self.font.name, size)
            plain_start = i + 1
        rest = text[plain_start:]
        if rest:
            canvas.drawString(cursor, baseline, rest, mode=mode)

    def _draw_placeholder(
        self, canvas: Canvas, x: float, baseline: float, char: str, size: float
    ) -> float:
        """A framed code point in place of a missing character; returns its width."""
        label = self.placeholder_label(char)
        small = size * PLACEHOLDER_SCALE
        width = self.placeholder_width(char, size)
        canvas.saveState()
        canvas.setLineWidth(0.5)
        canvas.rect(x + size * 0.05, baseline - size * 0.12, width - size * 0.1, size * 0.92)
        canvas.setFont(self.font.name, small)
        canvas.drawString(x + size * 0.15, baseline + size * 0.22, label)
        canvas.restoreState()
        return width
