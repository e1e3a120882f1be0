"""The Qt user interface: the only package that may import QtWidgets, QtGui or QtPrintSupport.

Everything below it (``app``, the domain packages, the CLI's own logic) stays free of Qt
widgets, so it can run headless and be tested without a display.
"""
