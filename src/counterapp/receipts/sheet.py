"""The building blocks documents are made of: rows of set text, fields, lists, a QR code.

A document is composed top to bottom into :class:`Row` objects, each already measured at
the page's content width, so the pages module can paginate (A4) or size the page to the
content (80 mm roll) before anything is drawn. A row never splits across pages; long lists
and paragraphs are many rows, so they do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from counterapp.receipts.fonts import CjkFont
from counterapp.receipts.qr import draw_qr
from counterapp.receipts.text import Line, Typesetter

DrawRow = Callable[[Canvas, float, float], None]
"""Draws a row given the canvas, the content's left edge and the row's top."""

GREY = 0.35


@dataclass(frozen=True)
class Row:
    """A measured horizontal band of a document."""

    height: float
    draw: DrawRow
    keep_with_next: bool = False


@dataclass(frozen=True)
class Style:
    """Sizes (points) for one paper."""

    body: float
    small: float
    title: float
    heading: float
    number: float
    leading: float
    label_width: float
    english_labels: bool
    qr_size: float
    section_gap: float


A4_STYLE = Style(
    body=10.5,
    small=8.0,
    title=20.0,
    heading=11.5,
    number=13.0,
    leading=1.5,
    label_width=38 * mm,
    english_labels=True,
    qr_size=32 * mm,
    section_gap=3.5 * mm,
)
ROLL_STYLE = Style(
    body=8.5,
    small=7.0,
    title=14.0,
    heading=9.0,
    number=9.5,
    leading=1.4,
    label_width=20 * mm,
    english_labels=False,
    qr_size=30 * mm,
    section_gap=2.0 * mm,
)


@dataclass(frozen=True)
class ListItem:
    """One numbered list entry: its main text and smaller explanatory lines."""

    text: str
    notes: tuple[str, ...] = ()


class Sheet:
    """Composes a document into rows at a fixed content width."""

    def __init__(self, font: CjkFont, style: Style, width: float) -> None:
        self.setter = Typesetter(font)
        self.style = style
        self.width = width
        self.rows: list[Row] = []

    # -- geometry of a line ----------------------------------------------------------
    def _line_height(self, size: float) -> float:
        return size * self.style.leading

    def _baseline(self, top: float, size: float) -> float:
        return top - size * (self.style.leading - 1) / 2 - size * 0.86

    def _draw_lines(
        self,
        canvas: Canvas,
        x: float,
        top: float,
        lines: Sequence[Line],
        size: float,
        *,
        width: float,
        align: str = "left",
        bold: bool = False,
        grey: bool = False,
    ) -> None:
        if grey:
            canvas.setFillGray(GREY)
        for line in lines:
            left = x
            if align == "center":
                left = x + (width - line.width) / 2
            elif align == "right":
                left = x + width - line.width
            self.setter.draw(canvas, left, self._baseline(top, size), line.text, size, bold=bold)
            top -= self._line_height(size)
        if grey:
            canvas.setFillGray(0)

    # -- blocks ----------------------------------------------------------------------
    def space(self, height: float) -> None:
        self.rows.append(Row(height, lambda canvas, x, top: None))

    def text(
        self,
        text: str,
        size: float | None = None,
        *,
        bold: bool = False,
        grey: bool = False,
        align: str = "left",
        indent: float = 0.0,
        keep_with_next: bool = False,
    ) -> None:
        """A paragraph, one row per line."""
        size = size or self.style.body
        lines = self.setter.wrap(text, size, self.width - indent)
        for i, line in enumerate(lines):
            last = i == len(lines) - 1
            self.rows.append(
                Row(
                    self._line_height(size),
                    self._line_drawer(line, size, indent, align, bold, grey),
                    # short paragraphs stay whole; the last line follows keep_with_next
                    keep_with_next=(keep_with_next if last else len(lines) <= 3),
                )
            )

    def _line_drawer(
        self, line: Line, size: float, indent: float, align: str, bold: bool, grey: bool
    ) -> DrawRow:
        def draw(canvas: Canvas, x: float, top: float) -> None:
            self._draw_lines(
                canvas,
                x + indent,
                top,
                [line],
                size,
                width=self.width - indent,
                align=align,
                bold=bold,
                grey=grey,
            )

        return draw

    def heading(self, zh: str, en: str = "") -> None:
        """A section heading with a rule above it; kept with what follows."""
        style = self.style
        size = style.heading
        title = f"{zh}  {en}" if en and style.english_labels else zh
        lines = self.setter.wrap(title, size, self.width)
        height = style.section_gap + len(lines) * self._line_height(size)

        def draw(canvas: Canvas, x: float, top: float) -> None:
            rule_y = top - style.section_gap / 2
            canvas.setLineWidth(0.6)
            canvas.line(x, rule_y, x + self.width, rule_y)
            self._draw_lines(
                canvas, x, top - style.section_gap, lines, size, width=self.width, bold=True
            )

        self.rows.append(Row(height, draw, keep_with_next=True))

    def field(
        self, label_zh: str, label_en: str, value: str | Sequence[str], *, bold: bool = False
    ) -> None:
        """A label in the left column and its value, wrapped, in the right.

        A value given as a sequence of names is printed as a list joined by "、" that
        breaks only between names. The English sub-label (A4 only) stands after the
        Chinese one when both fit the label column, else below it.
        """
        style = self.style
        size, small = style.body, style.small
        value_width = self.width - style.label_width
        label_room = style.label_width - 2 * mm
        if isinstance(value, str) or not value:
            values = self.setter.wrap(value or "—", size, value_width)  # type: ignore[arg-type]
        else:
            values = self.setter.wrap_items(value, size, value_width)
        labels = self.setter.wrap(label_zh, size, label_room)
        english: list[Line] = []
        inline_at: float | None = None
        if style.english_labels and label_en:
            english = self.setter.wrap(label_en, small, label_room)
            gap = 1.5 * mm
            one_line = len(labels) == 1 and len(english) == 1
            if one_line and labels[0].width + gap + english[0].width <= label_room:
                inline_at = labels[0].width + gap
        label_height = len(labels) * self._line_height(size)
        if english and inline_at is None:
            label_height += len(english) * self._line_height(small)
        height = max(len(values) * self._line_height(size), label_height)

        def draw(canvas: Canvas, x: float, top: float) -> None:
            self._draw_lines(canvas, x, top, labels, size, width=style.label_width)
            if inline_at is not None:
                canvas.setFillGray(GREY)
                baseline = self._baseline(top, size)
                self.setter.draw(canvas, x + inline_at, baseline, english[0].text, small)
                canvas.setFillGray(0)
            elif english:
                below = top - len(labels) * self._line_height(size)
                self._draw_lines(canvas, x, below, english, small, width=label_room, grey=True)
            self._draw_lines(
                canvas, x + style.label_width, top, values, size, width=value_width, bold=bold
            )

        self.rows.append(Row(height, draw))

    def numbered(
        self, items: Sequence[ListItem], *, empty: str = "无", quiet_notes: bool = True
    ) -> None:
        """A numbered list with hanging indent; one row per item.

        Args:
            items: the entries.
            empty: printed when there is none.
            quiet_notes: notes small and grey (asides); False: a size larger and black
                (they matter, e.g. why a document is still needed).
        """
        style = self.style
        size = style.body
        note_size = style.small if quiet_notes else (style.small + style.body) / 2
        if not items:
            self.text(empty, indent=0)
            return
        number_width = self.setter.width(f"{len(items)}. ", size) + 1 * mm
        text_width = self.width - number_width
        for n, item in enumerate(items, 1):
            lines = self.setter.wrap(item.text, size, text_width)
            notes = [
                line
                for note in item.notes
                for line in self.setter.wrap(note, note_size, text_width)
            ]
            height = len(lines) * self._line_height(size) + len(notes) * self._line_height(
                note_size
            )
            drawer = self._item_drawer(
                f"{n}.", lines, notes, (number_width, text_width), note_size, quiet_notes
            )
            self.rows.append(Row(height, drawer))

    def _item_drawer(
        self,
        number: str,
        lines: list[Line],
        notes: list[Line],
        columns: tuple[float, float],
        note_size: float,
        quiet_notes: bool,
    ) -> DrawRow:
        size = self.style.body
        number_width, text_width = columns

        def draw(canvas: Canvas, x: float, top: float) -> None:
            self.setter.draw(canvas, x, self._baseline(top, size), number, size)
            self._draw_lines(canvas, x + number_width, top, lines, size, width=text_width)
            below = top - len(lines) * self._line_height(size)
            self._draw_lines(
                canvas,
                x + number_width,
                below,
                notes,
                note_size,
                width=text_width,
                grey=quiet_notes,
            )

        return draw

    def signature(
        self,
        label_zh: str,
        label_en: str,
        strokes: Sequence[Sequence[tuple[float, float]]],
        caption: str,
        *,
        aspect: float = 3.0,
    ) -> None:
        """A label and a signature drawn from its strokes (unit-square points, (0, 0) top
        left) in a box of the pad's shape, with a caption under it."""
        style = self.style
        value_width = self.width - style.label_width
        box_width = min(value_width, 60 * mm)
        box_height = box_width / aspect
        captions = self.setter.wrap(caption, style.small, value_width)
        labels = self.setter.wrap(label_zh, style.body, style.label_width - 2 * mm)
        height = box_height + len(captions) * self._line_height(style.small) + 1 * mm

        def draw(canvas: Canvas, x: float, top: float) -> None:
            self._draw_lines(canvas, x, top, labels, style.body, width=style.label_width)
            left = x + style.label_width
            canvas.saveState()
            canvas.setLineWidth(0.4)
            canvas.setStrokeGray(0.6)
            canvas.rect(left, top - box_height, box_width, box_height)
            canvas.setStrokeGray(0)
            canvas.setLineWidth(0.9)
            canvas.setLineCap(1)
            canvas.setLineJoin(1)
            for stroke in strokes:
                if len(stroke) < 2:
                    continue
                path = canvas.beginPath()
                (x0, y0), *rest = stroke
                path.moveTo(left + x0 * box_width, top - y0 * box_height)
                for px, py in rest:
                    path.lineTo(left + px * box_width, top - py * box_height)
                canvas.drawPath(path, stroke=1, fill=0)
            canvas.restoreState()
            below = top - box_height - 1 * mm
            self._draw_lines(
                canvas, left, below, captions, style.small, width=value_width, grey=True
            )

        self.rows.append(Row(height, draw))

    def rule(self, *, dashed: bool = False) -> None:
        gap = self.style.section_gap

        def draw(canvas: Canvas, x: float, top: float) -> None:
            canvas.saveState()
            canvas.setLineWidth(0.6)
            if dashed:
                canvas.setDash(2, 2)
            canvas.line(x, top - gap / 2, x + self.width, top - gap / 2)
            canvas.restoreState()

        self.rows.append(Row(gap, draw))

    def header(
        self,
        lines: Sequence[tuple[str, float, bool]],
        *,
        qr_payload: str | None = None,
        qr_caption: str = "",
        centered: bool = False,
    ) -> None:
        """Title lines (text, size, bold); with a QR code at the right (A4) or below (roll)."""
        style = self.style
        qr_block = style.qr_size + (self._line_height(style.small) if qr_caption else 0)
        beside = qr_payload is not None and not centered
        text_width = self.width - (style.qr_size + 4 * mm if beside else 0)
        set_lines = [
            (self.setter.wrap(text, size, text_width), size, bold) for text, size, bold in lines
        ]
        text_height = sum(len(ls) * self._line_height(size) for ls, size, _ in set_lines)
        height = max(text_height, qr_block) if beside else text_height

        def draw(canvas: Canvas, x: float, top: float) -> None:
            y = top
            for set_, size, bold in set_lines:
                align = "center" if centered else "left"
                self._draw_lines(canvas, x, y, set_, size, width=text_width, align=align, bold=bold)
                y -= len(set_) * self._line_height(size)
            if beside and qr_payload is not None:
                self._draw_qr(canvas, x + self.width - style.qr_size, top, qr_payload, qr_caption)

        self.rows.append(Row(height, draw))
        if qr_payload is not None and centered:
            left = (self.width - style.qr_size) / 2
            self.rows.append(
                Row(
                    qr_block,
                    lambda canvas, x, top: self._draw_qr(
                        canvas, x + left, top, qr_payload, qr_caption
                    ),
                )
            )

    def _draw_qr(self, canvas: Canvas, x: float, top: float, payload: str, caption: str) -> None:
        size = self.style.qr_size
        draw_qr(canvas, payload, x, top - size, size)
        if caption:
            small = self.style.small
            lines = self.setter.wrap(caption, small, size + 6 * mm)
            self._draw_lines(
                canvas, x - 3 * mm, top - size, lines, small, width=size + 6 * mm, align="center"
            )
