"""The applicant's signature pad: pen (tablet), touch or mouse, on the applicant's screen.

The pad keeps the shape of :data:`~counterapp.consent.signature.PAD_ASPECT` so a
signature prints as drawn. Every input kind ends in the same strokes: a pen's tablet events,
a finger's touch points (the first finger; a palm resting elsewhere is ignored; positions taken
from the global point, which synthetic and real events both carry) and, for
testing and for halls without a pen, the mouse with its left button held. Points are kept
in widget pixels while drawing and handed out in the pad's unit square.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QEventPoint,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from counterapp.consent.signature import PAD_ASPECT, Signature

__all__ = ["SignaturePad"]


class SignaturePad(QWidget):
    """Draw a signature; :meth:`signature` returns it (or raises InvalidSignature).

    Signals:
        changed(): a stroke was added or the pad was cleared.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setMouseTracking(False)
        self.setCursor(Qt.CursorShape.CrossCursor)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self.setMinimumSize(300, int(300 / PAD_ASPECT))
        self._strokes: list[list[QPointF]] = []
        self._placeholder = ""
        self._drawing = False
        self._touch_id: int | None = None

    def set_placeholder(self, text: str) -> None:
        """A hint shown in the empty pad (gone with the first stroke)."""
        self._placeholder = text
        self.update()

    # -- what was drawn ----------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        return not any(len(stroke) > 1 for stroke in self._strokes)

    def clear(self) -> None:
        """Forget the strokes (the applicant starts again)."""
        self._strokes.clear()
        self._drawing = False
        self._touch_id = None
        self.update()
        self.changed.emit()

    def signature(self) -> Signature:
        """The drawn signature in the pad's unit square.

        Raises:
            InvalidSignature: nothing (or only a dot) was drawn.
        """
        width, height = max(self.width(), 1), max(self.height(), 1)

        def unit(point: QPointF) -> tuple[float, float]:
            return (
                min(max(point.x() / width, 0.0), 1.0),
                min(max(point.y() / height, 0.0), 1.0),
            )

        return Signature.drawn([[unit(p) for p in stroke] for stroke in self._strokes])

    # -- geometry ------------------------------------------------------------------------

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return int(width / PAD_ASPECT)

    def sizeHint(self) -> QSize:
        return QSize(720, int(720 / PAD_ASPECT))

    # -- input ---------------------------------------------------------------------------

    def _begin(self, point: QPointF) -> None:
        self._drawing = True
        self._strokes.append([point])
        self.update()

    def _extend(self, point: QPointF) -> None:
        if self._drawing and self._strokes:
            stroke = self._strokes[-1]
            if stroke[-1] != point:
                stroke.append(point)
                self.update()

    def _end(self, point: QPointF | None = None) -> None:
        if not self._drawing:
            return
        if point is not None:
            self._extend(point)
        self._drawing = False
        self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._extend(event.position())
            event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._end(event.position())
            event.accept()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QEvent.Type.TabletMove and event.pressure() > 0:
            self._extend(event.position())
        elif kind == QEvent.Type.TabletRelease:
            self._end(event.position())
        event.accept()  # no synthesized mouse events: the pen draws once

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QTouchEvent):
            self._touch(event)
            return True
        return super().event(event)

    def _touch(self, event: QTouchEvent) -> None:
        kind = event.type()
        for touched in event.points():
            point = self.mapFromGlobal(touched.globalPosition())
            state, ident = touched.state(), touched.id()
            if self._touch_id is None and state == QEventPoint.State.Pressed:
                self._touch_id = ident  # the first finger draws; others (a palm) do not
                self._begin(point)
            elif ident == self._touch_id:
                if state == QEventPoint.State.Released:
                    self._end(point)
                    self._touch_id = None
                else:
                    self._extend(point)
        if kind in (QEvent.Type.TouchEnd, QEvent.Type.TouchCancel):
            self._end()
            self._touch_id = None
        event.accept()

    # -- painting ------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#ffffff"))
        painter.setPen(QPen(QColor("#9aa0a6"), 1, Qt.PenStyle.DashLine))
        baseline = int(self.height() * 0.75)
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        if self._placeholder and not self._strokes:
            painter.setPen(QColor("#80868b"))
            painter.drawText(
                self.rect().adjusted(16, 8, -16, -8),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                self._placeholder,
            )
        painter.setPen(
            QPen(
                QColor("#111111"),
                max(2.0, self.height() / 80),
                Qt.PenStyle.SolidLine,
                Qt.PenCapStyle.RoundCap,
                Qt.PenJoinStyle.RoundJoin,
            )
        )
        for stroke in self._strokes:
            if len(stroke) == 1:
                painter.drawPoint(stroke[0])
                continue
            path = QPainterPath(stroke[0])
            for point in stroke[1:]:
                path.lineTo(point)
            painter.drawPath(path)
        painter.end()
