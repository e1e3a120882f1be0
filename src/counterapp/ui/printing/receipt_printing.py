"""A case's receipt on paper: the layout the printer's paper takes, the audited render, print.

Used by `counterapp print` and by the workspace's Print button (on the task runner: it
blocks for a second or two while the print system takes the job).
"""

from __future__ import annotations

from counterapp.app.context import CounterContext
from counterapp.app.receipts import case_receipt
from counterapp.receipts import Layout
from counterapp.ui.printing.errors import NoDefaultPrinter, PrinterNotFound
from counterapp.ui.printing.pdf_printing import PrintResult, print_pdf
from counterapp.ui.printing.printers import available_printers, default_printer
from counterapp.users import Actor


def layout_for(choice: str, printer_name: str | None) -> Layout:
    """The receipt layout for a printer: its default paper decides when ``choice`` is auto.

    Raises:
        PrinterNotFound / NoDefaultPrinter: no such printer (reported before rendering).
    """
    printers = available_printers()
    if printer_name is None:
        info = default_printer()
        if info is None:
            raise NoDefaultPrinter(tuple(p.name for p in printers))
    else:
        info = next((p for p in printers if p.name == printer_name), None)
        if info is None:
            raise PrinterNotFound(printer_name, tuple(p.name for p in printers))
    if choice != "auto":
        return Layout(choice)
    paper = info.default_paper_size
    return Layout.ROLL_80 if paper is not None and paper.is_roll_80mm else Layout.A4


def print_case_receipt(
    ctx: CounterContext,
    actor: Actor,
    case_number: str,
    *,
    printer_name: str | None = None,
    layout: str | None = None,
    job_name: str | None = None,
) -> PrintResult:
    """Render the case's receipt (audited as printed on the printer) and print it.

    Args:
        printer_name: a queue; None: ``printing.printer`` from the settings, else the
            machine's default printer.
        layout: ``auto`` (from the printer's paper), ``a4`` or ``roll``; None:
            ``receipts.layout`` from the settings.
        job_name: the job's title in the queue (``受理回执 <case number>`` by default).

    Raises:
        PrintError: no such printer, a stopped queue, a refused job (typed, with reason_zh).
        PermissionDenied / CaseNotFound / NoCjkFont: as ``case_receipt``.
    """
    printer = printer_name or ctx.settings.get_str("printing.printer") or None
    chosen = layout_for(layout or ctx.settings.get_str("receipts.layout"), printer)
    _, result = case_receipt(
        ctx, actor, case_number, layout=chosen, destination=printer or "default"
    )
    return print_pdf(
        result.pdf, printer_name=printer, job_name=job_name or f"受理回执 {case_number}"
    )
