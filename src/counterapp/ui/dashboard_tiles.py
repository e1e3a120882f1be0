"""A KPI tile of the dashboard: a caption, one large figure, and a line of detail under it.

The tile only lays out the texts it is given (the dashboard translates them); its tone
colours the figure when the number needs attention (overdue cases).
"""

from __future__ import annotations

import enum

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget


class Tone(enum.Enum):
    """How a tile's figure is coloured."""

    NORMAL = "#1f2933"
    ALERT = "#b3261e"
    GOOD = "#1b6e3a"
    MUTED = "#8a949e"


class KpiTile(QFrame):
    """One key figure.

    Args:
        caption: what the figure is ("Accepted today"), already translated.
        parent: the Qt parent.
    """

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("kpiTile")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet(
            "#kpiTile { background: #ffffff; border: 1px solid #d9dee3; border-radius: 6px; }"
            "#kpiCaption { color: #52606d; }"
            "#kpiDetail { color: #616e7c; }"
        )
        self._caption = QLabel(caption, self)
        self._caption.setObjectName("kpiCaption")
        self._value = QLabel("…", self)
        self._value.setObjectName("kpiValue")
        big = QFont(self.font())
        big.setPointSizeF(max(self.font().pointSizeF(), 9.0) * 2.0)
        big.setBold(True)
        self._value.setFont(big)
        self._detail = QLabel("", self)
        self._detail.setObjectName("kpiDetail")
        self._detail.setWordWrap(True)
        # room for two lines, so that every tile of a row has the same height
        self._detail.setMinimumHeight(2 * self._detail.fontMetrics().lineSpacing())
        self._detail.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self._tone = Tone.NORMAL
        self._apply_tone()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self._caption)
        layout.addWidget(self._value)
        layout.addWidget(self._detail)
        layout.addStretch(1)

    @property
    def caption(self) -> str:
        return self._caption.text()

    @property
    def value(self) -> str:
        """The large figure as shown ("92 % (23/25)", "—", "…" while loading)."""
        return self._value.text()

    @property
    def detail(self) -> str:
        """The line under the figure (this week's, or what it counts)."""
        return self._detail.text()

    @property
    def tone(self) -> Tone:
        return self._tone

    def show_figure(self, value: str, detail: str = "", tone: Tone = Tone.NORMAL) -> None:
        """Show a figure and its detail line."""
        self._value.setText(value)
        self._detail.setText(detail)
        self._tone = tone
        self._apply_tone()
        self.setToolTip(f"{self.caption}: {value}" + (f"\n{detail}" if detail else ""))

    def show_pending(self) -> None:
        """Show that the figure is still being read."""
        self.show_figure("…", "", Tone.MUTED)

    def _apply_tone(self) -> None:
        self._value.setStyleSheet(f"color: {self._tone.value};")


__all__ = ["KpiTile", "Tone"]
