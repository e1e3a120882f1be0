"""Why a print job did not reach paper, typed so the GUI and the CLI can tell the clerk.

``str()`` of each error is English (logs, the CLI); ``reason_zh`` is the sentence the clerk
sees in Chinese (``error_text(error, language)`` picks one). None of them is ever swallowed
into a PDF file written somewhere instead.
"""

from __future__ import annotations

from counterapp.errors import CounterError


class PrintError(CounterError):
    """A print job was refused or failed; ``str()`` in English, ``reason_zh`` in Chinese."""

    def __init__(self, message: str, reason_zh: str) -> None:
        super().__init__(message, reason_zh)


def _listing(names: tuple[str, ...]) -> tuple[str, str]:
    return (", ".join(names) or "none", "、".join(names) or "无")


class PrinterNotFound(PrintError):
    """No printer of that name is known to the print system (CUPS or Windows)."""

    def __init__(self, name: str, available: tuple[str, ...]) -> None:
        self.name = name
        self.available = available
        en, zh = _listing(available)
        super().__init__(
            f"no printer named {name!r} on this machine (printers: {en})",
            f"找不到打印机“{name}”。本机的打印机：{zh}。请联系信息技术人员。",
        )


class NoDefaultPrinter(PrintError):
    """No printer was named and the machine has no default printer."""

    def __init__(self, available: tuple[str, ...]) -> None:
        self.available = available
        en, zh = _listing(available)
        super().__init__(
            f"no default printer is set on this machine (printers: {en})",
            f"本机没有设置默认打印机（本机的打印机：{zh}）。请联系信息技术人员设置。",
        )


class PrinterStopped(PrintError):
    """The queue exists but would not print now: stopped, paused, in error or refusing jobs."""

    def __init__(self, name: str, state: str, state_reason: str) -> None:
        self.name = name
        self.state = state
        self.state_reason = state_reason  # the print system's words (``reason`` is ours)
        detail = f" ({state_reason})" if state_reason else ""
        super().__init__(
            f"printer {name!r} is {state}{detail}; the job would not print",
            f"打印机“{name}”已暂停或出错{detail}，无法打印。请检查打印机或联系信息技术人员。",
        )


class PrintFailed(PrintError):
    """The job could not be produced or the print system refused it."""

    def __init__(self, printer: str, detail: str) -> None:
        self.printer = printer
        self.detail = detail
        super().__init__(
            f"printing to {printer!r} failed: {detail}",
            f"打印失败（{printer}）：{detail}。请重试或联系信息技术人员。",
        )


class UnreadablePdf(PrintError):
    """The document handed to the printer is not a PDF that can be rendered."""

    def __init__(self, detail: str) -> None:
        self.detail = detail
        super().__init__(
            f"the document cannot be read as a PDF: {detail}",
            f"要打印的文件无法读取（{detail}），未打印。",
        )
