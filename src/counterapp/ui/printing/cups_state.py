"""What CUPS itself says about a queue, for the two things Qt does not tell.

Qt reports a stopped (paused) CUPS queue as ``Error`` and does not say whether the queue
accepts jobs; and ``QPainter.end()`` returns True even when CUPS refused the job. libcups
answers both. It is loaded with ctypes where it exists (Linux, macOS); elsewhere (Windows)
these functions return None and Qt's own state is all there is.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
from dataclasses import dataclass

IPP_IDLE = 3
IPP_PROCESSING = 4
IPP_STOPPED = 5
_IPP_FIRST_ERROR = 0x0400


class _Option(ctypes.Structure):
    _fields_ = (("name", ctypes.c_char_p), ("value", ctypes.c_char_p))


class _Dest(ctypes.Structure):
    _fields_ = (
        ("name", ctypes.c_char_p),
        ("instance", ctypes.c_char_p),
        ("is_default", ctypes.c_int),
        ("num_options", ctypes.c_int),
        ("options", ctypes.POINTER(_Option)),
    )


@dataclass(frozen=True)
class CupsQueueState:
    """A queue's IPP state (3 idle, 4 processing, 5 stopped), reasons and job acceptance."""

    ipp_state: int
    reasons: tuple[str, ...]
    accepting: bool


@functools.cache
def _libcups() -> ctypes.CDLL | None:
    path = ctypes.util.find_library("cups")
    if path is None:
        return None
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return None
    lib.cupsGetNamedDest.restype = ctypes.POINTER(_Dest)
    lib.cupsGetNamedDest.argtypes = (ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p)
    lib.cupsFreeDests.restype = None
    lib.cupsFreeDests.argtypes = (ctypes.c_int, ctypes.POINTER(_Dest))
    lib.cupsLastError.restype = ctypes.c_int
    lib.cupsLastError.argtypes = ()
    lib.cupsLastErrorString.restype = ctypes.c_char_p
    lib.cupsLastErrorString.argtypes = ()
    return lib


def queue_state(name: str) -> CupsQueueState | None:
    """The queue's state from CUPS, or None without libcups or when CUPS does not know it."""
    lib = _libcups()
    if lib is None:
        return None
    dest = lib.cupsGetNamedDest(None, name.encode(), None)
    if not dest:
        return None
    try:
        options = {
            dest.contents.options[i].name.decode(): (dest.contents.options[i].value or b"").decode(
                errors="replace"
            )
            for i in range(dest.contents.num_options)
        }
    finally:
        lib.cupsFreeDests(1, dest)
    try:
        ipp_state = int(options.get("printer-state", IPP_IDLE))
    except ValueError:
        ipp_state = IPP_IDLE
    reasons = tuple(
        r for r in options.get("printer-state-reasons", "").split(",") if r and r != "none"
    )
    accepting = options.get("printer-is-accepting-jobs", "true").lower() != "false"
    return CupsQueueState(ipp_state, reasons, accepting)


def last_job_error() -> str | None:
    """CUPS's refusal of the last request made on this thread, or None if it succeeded.

    Call it on the thread that ended the QPainter: Qt submits the job with
    ``cupsPrintFile`` inside ``QPainter.end()``, and libcups keeps the last error per thread.
    """
    lib = _libcups()
    if lib is None:
        return None
    if lib.cupsLastError() < _IPP_FIRST_ERROR:
        return None
    text = lib.cupsLastErrorString()
    return text.decode(errors="replace") if text else "CUPS refused the job"
