"""The applicant's signature for the consent and the application: drawn on their own
screen (pen, touch or mouse) or given on paper.

A drawn signature is kept as its strokes — each a run of points in the pad's unit square,
(0, 0) top left — so it prints sharp at any size and stays small. Pure Python; it is stored
encrypted with the consent record (``counterapp.store.signatures``).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import StrEnum

from counterapp.errors import CounterError

__all__ = [
    "MAX_POINTS",
    "PAD_ASPECT",
    "InvalidSignature",
    "Point",
    "Signature",
    "SignatureMethod",
    "Stroke",
]

Point = tuple[float, float]
Stroke = tuple[Point, ...]

PAD_ASPECT = 3.0
"""The signature pad's width over its height: a drawn signature is printed in a box of the
same shape, so the unit-square points come out undistorted."""

MAX_POINTS = 20_000
"""The most points a signature may hold (a long signature at 200 Hz is a few thousand)."""

MIN_EXTENT = 0.05
"""A drawn signature spans at least this share of the pad one way (not a stray tap)."""


class InvalidSignature(CounterError, ValueError):
    """The strokes are no signature: empty, a dot, off the pad, or far too many points."""


class SignatureMethod(StrEnum):
    """How the applicant signed."""

    ON_SCREEN = "on_screen"
    PAPER = "paper"

    @property
    def label_zh(self) -> str:
        return "屏幕手写签名" if self is SignatureMethod.ON_SCREEN else "纸质签字"

    @property
    def label_en(self) -> str:
        return "signed on screen" if self is SignatureMethod.ON_SCREEN else "signed on paper"


@dataclass(frozen=True)
class Signature:
    """A signature: its strokes when drawn on screen, none when signed on paper.

    Raises:
        InvalidSignature: on screen without a real mark, or on paper with strokes.
    """

    method: SignatureMethod
    strokes: tuple[Stroke, ...] = ()

    def __post_init__(self) -> None:
        if self.method is SignatureMethod.PAPER:
            if self.strokes:
                raise InvalidSignature(
                    "a paper signature has no strokes", "纸质签字不应包含屏幕笔迹"
                )
            return
        points = [p for stroke in self.strokes for p in stroke]
        if not points or all(len(stroke) < 2 for stroke in self.strokes):
            raise InvalidSignature(
                "the signature is empty: the applicant draws it on the pad",
                "签名为空，请在签名区书写",
            )
        if len(points) > MAX_POINTS:
            raise InvalidSignature(
                f"the signature has {len(points)} points; at most {MAX_POINTS}",
                f"签名笔迹点数 {len(points)} 超过上限 {MAX_POINTS}",
            )
        if not all(
            math.isfinite(x) and math.isfinite(y) and 0 <= x <= 1 and 0 <= y <= 1 for x, y in points
        ):
            raise InvalidSignature(
                "a point of the signature lies off the pad", "签名笔迹超出签名区"
            )
        xs, ys = [x for x, _ in points], [y for _, y in points]
        if max(max(xs) - min(xs), max(ys) - min(ys)) < MIN_EXTENT:
            raise InvalidSignature(
                "the mark is too small to be a signature", "笔迹过小，不能作为签名"
            )

    @classmethod
    def paper(cls) -> Signature:
        return cls(SignatureMethod.PAPER)

    @classmethod
    def drawn(cls, strokes: tuple[Stroke, ...] | list[list[Point]]) -> Signature:
        return cls(
            SignatureMethod.ON_SCREEN,
            tuple(tuple((float(x), float(y)) for x, y in stroke) for stroke in strokes),
        )

    def to_json(self) -> str:
        """The strokes as compact JSON (4 decimals: 0.1 mm on a 100 mm pad)."""
        return json.dumps(
            [[[round(x, 4), round(y, 4)] for x, y in stroke] for stroke in self.strokes],
            separators=(",", ":"),
        )

    @classmethod
    def from_json(cls, method: SignatureMethod, text: str | None) -> Signature:
        if method is SignatureMethod.PAPER:
            return cls.paper()
        return cls.drawn(json.loads(text or "[]"))
