"""UI tests share pytest-qt's one QApplication per session (the ``qapp`` fixture)."""
