"""The hall dashboard as an A4 PDF (reportlab): a title, typed tables and bar charts.

The app layer builds a :class:`DashboardDocument` — every text already in the user's
language, every value typed (:mod:`counterapp.reports.tables`) — and gets PDF bytes back.
Text is set in the receipts' embedded Chinese font (:func:`counterapp.receipts.load_cjk_font`,
a subset of it per document), charts are drawn with ``reportlab.graphics`` in the same font,
so the file prints and reads back alike everywhere. Pure: no database, no file.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    TableStyle,
)
from reportlab.platypus import Table as PdfTable

from counterapp.receipts.fonts import CjkFont

# reportlab keeps per-document subset state on the shared font object, so a dashboard and a
# receipt must not render at the same time: the receipts' lock guards that font.
from counterapp.receipts.pages import RENDER_LOCK
from counterapp.reports.tables import Kind, Table, format_cell

__all__ = ["BarChart", "DashboardDocument", "render_dashboard"]

MARGIN = 18 * mm
WIDTH = A4[0] - 2 * MARGIN
_NUMERIC = frozenset({Kind.COUNT, Kind.DECIMAL, Kind.PERCENT})
_BAR = colors.HexColor("#3A6EA5")
_GRID = colors.HexColor("#B8C2CC")
_HEAD = colors.HexColor("#E8EEF4")


@dataclass(frozen=True)
class BarChart:
    """Bars with a label each; ``percent``: values are rates (0..1), the axis runs to 100 %.

    A value of None (nothing to rate) draws no bar and is labelled ``—``.
    """

    title: str
    labels: tuple[str, ...]
    values: tuple[float | None, ...]
    percent: bool = False

    def __post_init__(self) -> None:
        if len(self.labels) != len(self.values):
            raise ValueError("a bar chart needs one label per value")


@dataclass(frozen=True)
class DashboardDocument:
    """The PDF's content, in order: the title, the subtitle, then each block.

    Attributes:
        title: the first line (e.g. the hall's name and "hall dashboard").
        subtitle: the day and the moment the figures stand at.
        blocks: tables (their ``caption`` is printed above them) and charts, in order.
        footer: printed at the foot of every page, before the page number.
        page_label: the page number's wording, with ``{page}`` in it.
    """

    title: str
    subtitle: str
    blocks: tuple[Table | BarChart, ...]
    footer: str = ""
    page_label: str = "{page}"


def render_dashboard(document: DashboardDocument, font: CjkFont) -> bytes:
    """The document as A4 PDF bytes, every text in ``font`` (embedded as a subset)."""
    styles = _Styles(font.name)
    story: list[Flowable] = [
        Paragraph(escape(document.title), styles.title),
        Paragraph(escape(document.subtitle), styles.subtitle),
    ]
    for block in document.blocks:
        if isinstance(block, Table):
            story.extend(_table(block, styles))
        else:
            story.append(KeepTogether(_chart(block, font, styles)))
    out = io.BytesIO()

    def decorate(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(font.name, 8)
        canvas.setFillColor(colors.grey)
        canvas.drawString(MARGIN, 10 * mm, document.footer)
        label = document.page_label.format(page=doc.page)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, label)
        canvas.restoreState()

    pdf = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=document.title,
        author="Counter",
        subject=document.subtitle,
        creator="Counter (counterapp)",
        invariant=1,
        # no unused Helvetica in the page resources: every text is the Chinese font's
        initialFontName=font.name,
    )
    with RENDER_LOCK:
        pdf.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return out.getvalue()


class _Styles:
    def __init__(self, font: str) -> None:
        self.title = ParagraphStyle("title", fontName=font, fontSize=16, leading=22)
        self.subtitle = ParagraphStyle(
            "subtitle",
            fontName=font,
            fontSize=9,
            leading=13,
            textColor=colors.grey,
            spaceAfter=4 * mm,
        )
        self.caption = ParagraphStyle(
            "caption",
            fontName=font,
            fontSize=11,
            leading=15,
            spaceBefore=3 * mm,
            spaceAfter=1.5 * mm,
        )
        self.head = ParagraphStyle("head", fontName=font, fontSize=8, leading=10)
        self.cell = ParagraphStyle("cell", fontName=font, fontSize=8.5, leading=11)
        self._made: dict[str, ParagraphStyle] = {}

    def of(self, base: ParagraphStyle, text: str, *, number: bool) -> ParagraphStyle:
        """``base`` right-aligned for a number; breaking anywhere only in Chinese text
        (reportlab's CJK wrapping would split English words)."""
        cjk = any(_is_cjk(ch) for ch in text)
        name = f"{base.name}-{int(number)}{int(cjk)}"
        if name not in self._made:
            self._made[name] = ParagraphStyle(
                name,
                parent=base,
                alignment=TA_RIGHT if number else TA_LEFT,
                wordWrap="CJK" if cjk else None,
            )
        return self._made[name]


def _is_cjk(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\uffef" or ch >= "\U00020000"


def _table(table: Table, styles: _Styles) -> list[Flowable]:
    numeric = [column.kind in _NUMERIC for column in table.columns]
    header = [
        _paragraph(column.title, styles, styles.head, number=is_number)
        for column, is_number in zip(table.columns, numeric, strict=True)
    ]
    body = [
        [
            _paragraph(format_cell(value, column.kind), styles, styles.cell, number=is_number)
            for value, column, is_number in zip(row, table.columns, numeric, strict=True)
        ]
        for row in table.rows
    ]
    grid = PdfTable([header, *body], colWidths=_column_widths(table), repeatRows=1, hAlign="LEFT")
    grid.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), _HEAD),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, _GRID),
                ("LINEBELOW", (0, 1), (-1, -1), 0.25, _GRID),
                ("FONTNAME", (0, 0), (-1, -1), styles.cell.fontName),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    flowables: list[Flowable] = [CondPageBreak(30 * mm)]
    if table.caption:
        flowables.append(Paragraph(escape(table.caption), styles.caption))
    flowables.append(grid)
    return flowables


def _paragraph(text: str, styles: _Styles, base: ParagraphStyle, *, number: bool) -> Paragraph:
    return Paragraph(escape(text), styles.of(base, text, number=number))


def _column_widths(table: Table) -> list[float]:
    """The first (label) column gets a larger share; the rest split what is left. A table
    of few columns is not stretched over the page (its figures stay near their labels)."""
    count = len(table.columns)
    if count == 1:
        return [WIDTH]
    if count <= 3:
        return [70 * mm, *([32 * mm] * (count - 1))]
    first = min(WIDTH * 0.3, max(WIDTH / count, 40 * mm))
    return [first, *([(WIDTH - first) / (count - 1)] * (count - 1))]


def _chart(chart: BarChart, font: CjkFont, styles: _Styles) -> list[Flowable]:
    label_size = 7.5
    slot = (WIDTH - 18 * mm) / max(len(chart.labels), 1)
    labels = [_wrap(label, font, label_size, slot - 2 * mm) for label in chart.labels]
    lines = max((label.count("\n") + 1 for label in labels), default=1)
    height = 46 * mm + lines * label_size * 1.2
    drawing = Drawing(WIDTH, height)
    # the renderer starts from it: no Helvetica (the stubs do not know the attribute)
    drawing.initialFontName = font.name  # type: ignore[attr-defined]
    bars = VerticalBarChart()
    bottom = 6 * mm + lines * label_size * 1.2
    bars.x, bars.y = round(12 * mm), round(bottom)  # the stubs want whole points
    bars.width, bars.height = round(WIDTH - 18 * mm), round(height - bottom - 6 * mm)
    scale = 100.0 if chart.percent else 1.0
    drawn = [0.0 if v is None else v * scale for v in chart.values]
    bars.data = [drawn]
    bars.bars[0].fillColor = _BAR
    bars.bars[0].strokeColor = None
    bars.categoryAxis.categoryNames = labels
    bars.categoryAxis.labels.fontName = font.name
    bars.categoryAxis.labels.fontSize = label_size
    bars.categoryAxis.labels.leading = label_size * 1.2
    bars.categoryAxis.labels.boxAnchor = "n"
    bars.valueAxis.labels.fontName = font.name
    bars.valueAxis.labels.fontSize = label_size
    bars.valueAxis.valueMin = 0
    if chart.percent:
        bars.valueAxis.valueMax = 100
        bars.valueAxis.valueStep = 20
        bars.valueAxis.labelTextFormat = "%d%%"
    else:
        top = max(drawn, default=0.0)
        axis_top = max(int(_nice_top(top)), 5)
        bars.valueAxis.valueMax = axis_top
        bars.valueAxis.valueStep = max(axis_top // 5, 1)
        bars.valueAxis.labelTextFormat = "%d"
    bars.barLabels.fontName = font.name
    bars.barLabels.fontSize = label_size
    bars.barLabels.nudge = 6
    bars.barLabelFormat = "values"
    bars.barLabelArray = [[_bar_label(v, chart.percent) for v in chart.values]]
    drawing.add(bars)
    if not chart.labels:
        drawing.add(String(WIDTH / 2, height / 2, "—", fontName=font.name, fontSize=10))
    return [
        CondPageBreak(height + 12 * mm),
        Paragraph(escape(chart.title), styles.caption),
        drawing,
    ]


def _wrap(text: str, font: CjkFont, size: float, width: float) -> str:
    """``text`` broken into lines no wider than ``width`` where it can be: before a
    bracketed part first ("公安机关" / "（户籍）"), then at spaces in English and between
    Chinese characters; a closing bracket or a comma never starts a line, an opening
    bracket never ends one."""
    if font.width(text, size) <= width:
        return text
    for opening in ("（", " ("):
        head, found, tail = text.partition(opening)
        if found and head:
            rest = found.lstrip() + tail
            return _wrap(head, font, size, width) + "\n" + _wrap(rest, font, size, width)
    lines = _fill(_pieces(text), font, size, width)
    # Even the lines out ("人力资源和" / "社会保障", not "人力资源和社会保" / "障"): as
    # narrow as the same number of lines allows.
    narrow = font.width(text, size) / len(lines)
    while narrow < width:
        even = _fill(_pieces(text), font, size, narrow)
        if len(even) == len(lines):
            return "\n".join(even)
        narrow *= 1.05
    return "\n".join(lines)


def _fill(pieces: list[str], font: CjkFont, size: float, width: float) -> list[str]:
    """Pieces put on lines greedily, each line as full as ``width`` allows."""
    lines: list[str] = []
    line = ""
    for piece in pieces:
        candidate = line + piece
        if line and font.width(candidate.rstrip(), size) > width:
            lines.append(line.rstrip())
            line = piece.lstrip()
        else:
            line = candidate
    if line:
        lines.append(line.rstrip())
    return lines


_CLOSING = "）)，、。：；,.:;"
_OPENING = "（("


def _pieces(text: str) -> list[str]:
    """What a line may break between: an English word with its space, one Chinese
    character; an opening bracket stays with what follows it, a closing one (or a comma)
    with what precedes it."""
    pieces: list[str] = []
    current = ""
    for ch in text:
        if ch in _CLOSING:
            if current:
                current += ch
            elif pieces:
                pieces[-1] += ch
            else:
                current = ch
        elif ch in _OPENING:
            if current and not current.endswith(tuple(_OPENING)):
                pieces.append(current)
                current = ""
            current += ch
        elif _is_cjk(ch):
            if current and not current.endswith(tuple(_OPENING)):
                pieces.append(current)
                current = ""
            pieces.append(current + ch)
            current = ""
        elif ch == " ":
            pieces.append(current + ch)
            current = ""
        else:
            current += ch
    if current:
        pieces.append(current)
    return pieces


def _bar_label(value: float | None, percent: bool) -> str:
    if value is None:
        return "—"
    return f"{value * 100:.0f}%" if percent else f"{value:g}"


def _nice_top(top: float) -> float:
    """A round axis end at or above ``top``: 5, 10, 20, 50, 100, 200 ..."""
    nice = 5.0
    steps: Sequence[float] = (2.0, 2.5, 2.0)
    index = 0
    while nice < top:
        nice *= steps[index % len(steps)]
        index += 1
    return nice
