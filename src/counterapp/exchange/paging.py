"""How far a paginated answer has got: records on a page, and the total announced.

The transport needs this to know when to stop asking for pages; it reads a page with the
same format readers the parser uses (and through the envelope's ``data``, like the
parser), but maps no fields: a page it cannot read simply ends the paging, and the
parser reports what is wrong with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from counterapp.exchange.connector import RequestSpec
from counterapp.exchange.formats import FormatError, PathError, parse_body


@dataclass(frozen=True)
class PageProgress:
    """What one page says about the paging.

    Attributes:
        records: elements of the list at ``pagination.items`` on this page.
        total: the announced total at ``pagination.total``, None when absent or not a number.
    """

    records: int
    total: int | None


def page_progress(spec: RequestSpec, body: bytes) -> PageProgress | None:
    """Read one page's record count and announced total.

    Args:
        spec: the request, with its pagination (and envelope, format, encoding).
        body: the page's body.

    Returns:
        The progress, or None when the page cannot be read that far.
    """
    paging = spec.pagination
    if paging is None:
        return None
    try:
        document = parse_body(spec, body)
        if spec.envelope is not None and spec.envelope.data:
            narrowed = document.narrow(spec.envelope.data)
            if narrowed is None:
                return PageProgress(0, None)
            document = narrowed
        records = len(document.elements(paging.items))
        total = document.value(paging.total) if paging.total else None
    except (FormatError, PathError):
        return None
    return PageProgress(records, _as_count(total))


def _as_count(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, Decimal) and value == value.to_integral_value():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None
