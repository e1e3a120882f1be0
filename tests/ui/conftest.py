"""UI tests share pytest-qt's one QApplication per session (the ``qapp`` fixture)."""

from helpers.guarded import guarded

__all__ = ["guarded"]
