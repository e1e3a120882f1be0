"""The value conversions a connector file declares (docs/connectors.md "Conversions").

A raw value read from an answer goes through three steps: strings are trimmed (always), a
declared ``value_map`` translates department codes into catalog codes, then the declared
``convert`` turns the text into its typed form. A value that fails any step raises
:class:`ConversionError` with a message fit for the clerk's problem list; the caller records
it against the field and keeps the other fields.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

_CENT = Decimal("0.01")
_TRUE = frozenset({"true", "1", "是", "y", "yes"})
_FALSE = frozenset({"false", "0", "否", "n", "no"})
_SHOWN_CHARS = 60


class ConversionError(ValueError):
    """A raw value that cannot become a catalog value; the message says why."""


def check_conversion(convert: str) -> None:
    """Check that a ``convert`` declaration names a known conversion.

    For the connector loader, so that a typo is reported when the file is loaded rather
    than when a department answers.

    Args:
        convert: the declaration, e.g. ``date:%Y%m%d`` or ``fen_to_yuan`` ("" for none).

    Raises:
        ValueError: the conversion is unknown or its pattern is empty.
    """
    if not convert:
        return
    name, _, pattern = convert.partition(":")
    if name == "date":
        if not pattern:
            raise ValueError("date needs a pattern, e.g. date:%Y%m%d")
        return
    if pattern or name not in _CONVERTERS:
        known = ", ".join(sorted([*_CONVERTERS, "date:PATTERN"]))
        raise ValueError(f"unknown conversion {convert!r} (known: {known})")


def convert_value(
    raw: object,
    *,
    convert: str = "",
    value_map: Mapping[str, str] | None = None,
) -> object:
    """Turn one raw value into a catalog value.

    Args:
        raw: what the path found: str, int, bool, Decimal (JSON numbers), or None.
        convert: the declared conversion ("" keeps the value as it is).
        value_map: department code -> catalog code; when given, every value must be in it.

    Returns:
        The converted value, or None when the answer holds no value (null, empty string).

    Raises:
        ConversionError: the value is not a single value, is not in the map, or does not
            convert.
    """
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return None
    elif not isinstance(raw, bool | int | Decimal):
        raise ConversionError(f"expected a single value, got {_kind(raw)}")
    if value_map is not None:
        key = _as_text(raw)
        if key not in value_map:
            raise ConversionError(f"{shown(key)} is not in the value_map")
        raw = value_map[key]
    if not convert:
        if isinstance(raw, Decimal) and not raw.is_finite():
            raise ConversionError(f"{shown(raw)} is not a finite number")
        return raw
    name, _, pattern = convert.partition(":")
    if name == "date":
        return _to_date(raw, pattern)
    converter = _CONVERTERS.get(name)
    if converter is None or pattern:
        raise ConversionError(f"unknown conversion {convert!r}")
    return converter(raw)


def shown(value: object) -> str:
    """A raw value as the problem list shows it: quoted, cut to a readable length."""
    text = value if isinstance(value, str) else _as_text(value)
    if len(text) > _SHOWN_CHARS:
        text = text[:_SHOWN_CHARS] + "…"
    return repr(text)


def _kind(raw: object) -> str:
    if isinstance(raw, Mapping):
        return "an object"
    if isinstance(raw, list | tuple):
        return f"a list of {len(raw)}"
    return type(raw).__name__


def _as_text(raw: object) -> str:
    if isinstance(raw, bool):
        return "true" if raw else "false"
    return str(raw)


def _to_date(raw: object, pattern: str) -> date:
    text = _as_text(raw)
    try:
        return datetime.strptime(text, pattern).date()
    except (ValueError, OverflowError):
        raise ConversionError(f"{shown(text)} does not match date:{pattern}") from None


def _to_decimal(raw: object) -> Decimal:
    if isinstance(raw, bool):
        raise ConversionError(f"{shown(raw)} is not a decimal number")
    try:
        number = Decimal(_as_text(raw).replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ConversionError(f"{shown(raw)} is not a decimal number") from None
    if not number.is_finite():
        raise ConversionError(f"{shown(raw)} is not a finite number")
    return number


def _to_int(raw: object) -> int:
    if isinstance(raw, bool):
        raise ConversionError(f"{shown(raw)} is not an integer")
    if isinstance(raw, int):
        return raw
    try:
        number = _to_decimal(raw)
    except ConversionError:
        raise ConversionError(f"{shown(raw)} is not an integer") from None
    if number != number.to_integral_value() or number.adjusted() > 30:
        raise ConversionError(f"{shown(raw)} is not an integer")
    return int(number)


def _fen_to_yuan(raw: object) -> Decimal:
    try:
        fen = _to_int(raw)
    except ConversionError:
        raise ConversionError(f"{shown(raw)} is not a whole number of fen") from None
    try:
        return (Decimal(fen) / 100).quantize(_CENT)
    except InvalidOperation:
        raise ConversionError(f"{shown(raw)} is too large an amount") from None


def _to_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) or (isinstance(raw, Decimal) and raw.is_finite()):
        if raw in (0, 1):
            return raw == 1
        raise ConversionError(f"{shown(raw)} is not a yes/no value")
    text = _as_text(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConversionError(f"{shown(raw)} is not a yes/no value")


def _to_text(raw: object) -> str:
    return _as_text(raw).strip()


_CONVERTERS: Mapping[str, Callable[[object], object]] = {
    "trim": _to_text,
    "fen_to_yuan": _fen_to_yuan,
    "decimal": _to_decimal,
    "int": _to_int,
    "bool": _to_bool,
}
