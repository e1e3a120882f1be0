"""The printers this machine knows, as plain values, and the checks made before printing.

Qt (``QPrinterInfo``) lists the queues of the platform's print system: CUPS on Linux and
macOS, the spooler on Windows. Where libcups is present its own state refines Qt's, which
reports a paused CUPS queue as "error" and never says whether a queue accepts jobs.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrinterInfo

from counterapp.ui.printing import cups_state
from counterapp.ui.printing.errors import NoDefaultPrinter, PrinterNotFound, PrinterStopped

ROLL_WIDTH_MM = 80.0
_ROLL_TOLERANCE_MM = 1.0


class PrinterState(StrEnum):
    IDLE = "idle"
    ACTIVE = "active"
    STOPPED = "stopped"
    ERROR = "error"


@dataclass(frozen=True)
class PaperSize:
    """One paper size a printer offers (its driver's key, display name and size in mm)."""

    key: str
    name: str
    width_mm: float
    height_mm: float

    @property
    def is_roll_80mm(self) -> bool:
        return abs(self.width_mm - ROLL_WIDTH_MM) <= _ROLL_TOLERANCE_MM


@dataclass(frozen=True)
class PrinterInfo:
    """A print queue as the clerk's settings page and the print code need it.

    ``state_reason`` is what CUPS says (e.g. ``paused``, ``media-empty-error``, ``not
    accepting jobs``); empty when all is well or the platform does not say.
    """

    name: str
    description: str
    is_default: bool
    state: PrinterState
    state_reason: str
    paper_sizes: tuple[PaperSize, ...]
    default_paper_size: PaperSize | None
    supports_custom_sizes: bool

    @property
    def roll_80mm_size(self) -> PaperSize | None:
        """The driver's own 80 mm roll size, if it declares one."""
        return next((p for p in self.paper_sizes if p.is_roll_80mm), None)

    @property
    def supports_roll_80mm(self) -> bool:
        """True if an 80 mm wide page can be printed at its size (named or custom)."""
        return self.roll_80mm_size is not None or self.supports_custom_sizes

    @property
    def ready(self) -> bool:
        return self.state in (PrinterState.IDLE, PrinterState.ACTIVE)


def available_printers() -> tuple[PrinterInfo, ...]:
    """Every printer of this machine, sorted by name; empty when there is no print system."""
    infos = (_describe(i) for i in QPrinterInfo.availablePrinters())
    return tuple(sorted(infos, key=lambda p: p.name))


def default_printer() -> PrinterInfo | None:
    """The machine's default printer, or None when IT has set none."""
    info = QPrinterInfo.defaultPrinter()
    return None if info.isNull() else _describe(info)


def printer_names() -> tuple[str, ...]:
    return tuple(sorted(QPrinterInfo.availablePrinterNames()))


def resolve_printer(name: str | None) -> QPrinterInfo:
    """The named printer, or the default one when ``name`` is None.

    Raises:
        PrinterNotFound: no printer of that name (Qt would silently print to a PDF file).
        NoDefaultPrinter: ``name`` is None and no default printer is set.
    """
    if name is None:
        info = QPrinterInfo.defaultPrinter()
        if info.isNull():
            raise NoDefaultPrinter(printer_names())
        return info
    info = QPrinterInfo.printerInfo(name)
    if info.isNull() or info.printerName() != name:
        raise PrinterNotFound(name, printer_names())
    return info


def check_ready(info: QPrinterInfo) -> None:
    """Raise PrinterStopped unless the queue would print a job now."""
    described = _describe(info)
    if not described.ready:
        raise PrinterStopped(described.name, described.state.value, described.state_reason)


def _describe(info: QPrinterInfo) -> PrinterInfo:
    state, reason = _state(info)
    default_size = info.defaultPageSize()
    return PrinterInfo(
        name=info.printerName(),
        description=info.description(),
        is_default=info.isDefault(),
        state=state,
        state_reason=reason,
        paper_sizes=tuple(_paper(s) for s in info.supportedPageSizes()),
        default_paper_size=_paper(default_size) if default_size.isValid() else None,
        supports_custom_sizes=info.supportsCustomPageSizes(),
    )


def _paper(size: QPageSize) -> PaperSize:
    mm = size.size(QPageSize.Unit.Millimeter)
    return PaperSize(size.key(), size.name(), round(mm.width(), 1), round(mm.height(), 1))


def _state(info: QPrinterInfo) -> tuple[PrinterState, str]:
    cups = cups_state.queue_state(info.printerName())
    if cups is not None:
        reason = ", ".join(cups.reasons)
        if not cups.accepting:
            return PrinterState.STOPPED, ", ".join(filter(None, ("not accepting jobs", reason)))
        if cups.ipp_state == cups_state.IPP_STOPPED:
            in_error = any(r.endswith("-error") for r in cups.reasons)
            return (PrinterState.ERROR if in_error else PrinterState.STOPPED), reason
        if cups.ipp_state == cups_state.IPP_PROCESSING:
            return PrinterState.ACTIVE, reason
        return PrinterState.IDLE, reason
    qt_state = info.state()
    if qt_state == QPrinter.PrinterState.Idle:
        return PrinterState.IDLE, ""
    if qt_state == QPrinter.PrinterState.Active:
        return PrinterState.ACTIVE, ""
    # Qt folds "paused" into Error on Windows as on CUPS: either way nothing would print.
    return PrinterState.ERROR, ""
