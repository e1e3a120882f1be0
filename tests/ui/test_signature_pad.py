"""The signature pad driven by synthetic pen, touch and mouse events, and the signature
stored with the consent and printed on the receipt (both backends)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import (
    QEventPoint,
    QInputDevice,
    QMouseEvent,
    QPointingDevice,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine, select

from counterapp.app.cases import submit_case
from counterapp.app.consent import record_consent
from counterapp.app.context import CounterContext
from counterapp.app.receipts import case_receipt
from counterapp.consent.signature import InvalidSignature, Signature, SignatureMethod
from counterapp.store.applicant_tables import signatures
from counterapp.store.audit_log import snapshot, stream_records
from counterapp.ui.signature_pad import SignaturePad
from helpers.case_factory import CLERK, HALL, sample_consent, sample_draft
from helpers.counter_setup import offline_context
from store.conftest import database_url, engine  # noqa: F401 - the two-backend fixtures

NOW = datetime(2026, 3, 16, 2, 0, tzinfo=UTC)


@pytest.fixture
def pad(qtbot: QtBot) -> SignaturePad:
    widget = SignaturePad()
    qtbot.addWidget(widget)
    widget.resize(600, 200)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def mouse(pad: SignaturePad, kind: QEvent.Type, x: float, y: float) -> None:
    held = (
        Qt.MouseButton.NoButton
        if kind == QEvent.Type.MouseButtonRelease
        else Qt.MouseButton.LeftButton
    )
    event = QMouseEvent(
        kind,
        QPointF(x, y),
        pad.mapToGlobal(QPointF(x, y)),
        Qt.MouseButton.LeftButton,
        held,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(pad, event)


def draw_with_mouse(pad: SignaturePad, points: list[tuple[float, float]]) -> None:
    (x, y), *rest = points
    mouse(pad, QEvent.Type.MouseButtonPress, x, y)
    for x, y in rest:
        mouse(pad, QEvent.Type.MouseMove, x, y)
    mouse(pad, QEvent.Type.MouseButtonRelease, *points[-1])


PEN = QPointingDevice(
    "test pen",
    1,
    QInputDevice.DeviceType.Stylus,
    QPointingDevice.PointerType.Pen,
    QInputDevice.Capability.Position | QInputDevice.Capability.Pressure,
    1,
    3,
)


def pen(pad: SignaturePad, kind: QEvent.Type, x: float, y: float, pressure: float) -> None:
    event = QTabletEvent(
        kind,
        PEN,
        QPointF(x, y),
        pad.mapToGlobal(QPointF(x, y)),
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.LeftButton if pressure else Qt.MouseButton.NoButton,
    )
    QApplication.sendEvent(pad, event)


FINGER = QPointingDevice(
    "test touch screen",
    2,
    QInputDevice.DeviceType.TouchScreen,
    QPointingDevice.PointerType.Finger,
    QInputDevice.Capability.Position,
    10,
    0,
)


def touch(
    pad: SignaturePad, kind: QEvent.Type, state: QEventPoint.State, x: float, y: float
) -> None:
    point = QEventPoint(1, state, QPointF(x, y), pad.mapToGlobal(QPointF(x, y)))
    QApplication.sendEvent(pad, QTouchEvent(kind, FINGER, Qt.KeyboardModifier.NoModifier, [point]))


def test_the_mouse_draws_strokes_in_the_unit_square(pad: SignaturePad, qtbot: QtBot) -> None:
    assert pad.is_empty
    with pytest.raises(InvalidSignature, match="empty"):
        pad.signature()
    with qtbot.waitSignal(pad.changed):
        draw_with_mouse(pad, [(60, 150), (120, 60), (180, 150), (240, 60)])
    draw_with_mouse(pad, [(300, 100), (540, 100)])
    signature = pad.signature()
    assert signature.method is SignatureMethod.ON_SCREEN
    assert len(signature.strokes) == 2
    assert signature.strokes[0][0] == (0.1, 0.75)
    assert signature.strokes[1] == ((0.5, 0.5), (0.9, 0.5))
    image = pad.grab().toImage()
    assert image.pixelColor(QPoint(420, 100)).lightness() < 80  # the ink is on screen
    pad.clear()
    assert pad.is_empty


def test_a_pen_and_a_finger_draw_too(pad: SignaturePad) -> None:
    pen(pad, QEvent.Type.TabletPress, 30, 20, 0.4)
    for k in range(1, 10):
        pen(pad, QEvent.Type.TabletMove, 30 + 50 * k, 20 + 15 * k, 0.6)
    pen(pad, QEvent.Type.TabletMove, 580, 40, 0.0)  # hovering: no ink
    pen(pad, QEvent.Type.TabletRelease, 530, 155, 0.0)
    touch(pad, QEvent.Type.TouchBegin, QEventPoint.State.Pressed, 100, 180)
    touch(pad, QEvent.Type.TouchUpdate, QEventPoint.State.Updated, 300, 170)
    touch(pad, QEvent.Type.TouchEnd, QEventPoint.State.Released, 500, 180)
    pen_stroke, finger_stroke = pad.signature().strokes
    assert len(pen_stroke) == 11  # the press, 9 moves with pressure, the release
    assert pen_stroke[-1] == (530 / 600, 155 / 200)
    assert finger_stroke == ((100 / 600, 0.9), (0.5, 0.85), (500 / 600, 0.9))


@pytest.fixture
def ctx(engine: Engine) -> Iterator[CounterContext]:  # noqa: F811
    context = offline_context(engine)
    yield context
    context.exchange.close()


def accepted_with(ctx: CounterContext, n: int, signature: Signature | None) -> str:
    consent = sample_consent(n, at=NOW)
    record_consent(ctx.engine, ctx.cipher, CLERK, consent, signature=signature)
    case = submit_case(
        ctx.engine,
        ctx.cipher,
        CLERK,
        sample_draft(n),
        consent,
        hall_code=HALL,
        promised_days=5,
        now=NOW,
    )
    return case.number


def receipt(ctx: CounterContext, number: str) -> tuple[str, int]:
    """The receipt's text and how many line segments (PDF ``x y l``) its pages draw."""
    _, result = case_receipt(ctx, CLERK, number)
    reader = PdfReader(BytesIO(result.pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    content = "".join(
        page.get_contents().get_data().decode("latin-1")  # type: ignore[union-attr]
        for page in reader.pages
    )
    return text, len(re.findall(r"[\d.]+ [\d.]+ l\b", content))


def test_the_drawn_signature_is_stored_encrypted_and_printed_on_the_receipt(
    pad: SignaturePad, ctx: CounterContext
) -> None:
    draw_with_mouse(pad, [(40 + 10 * k, 100 + (30 if k % 2 else -30)) for k in range(40)])
    drawn = pad.signature()
    signed = accepted_with(ctx, 1, drawn)
    unsigned = accepted_with(ctx, 2, None)
    paper = accepted_with(ctx, 3, Signature.paper())

    with ctx.engine.connect() as connection:
        rows = connection.execute(select(signatures.c.method, signatures.c.strokes)).all()
    assert sorted(m for m, _ in rows) == ["on_screen", "paper"]
    token = next(s for m, s in rows if m == "on_screen")
    assert "0." not in token and "[[" not in token  # encrypted at rest
    with snapshot(ctx.engine) as connection:
        details = [r.detail for r in stream_records(connection) if r.kind == "consent_recorded"]
    assert any(d.endswith("; signed on screen") for d in details)
    assert any(d.endswith("; signed on paper") for d in details)

    text, segments = receipt(ctx, signed)
    plain_text, plain_segments = receipt(ctx, unsigned)
    assert "申请人签名" in text and "屏幕手写签名" in text
    assert "申请人签名" not in plain_text
    assert segments - plain_segments >= len(drawn.strokes[0]) - 1  # every segment drawn
    paper_text, paper_segments = receipt(ctx, paper)
    assert "纸质签字" in paper_text and "另行存档" in paper_text
    assert paper_segments == plain_segments
