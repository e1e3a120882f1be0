"""`counterapp --demo` (`make demo`): the app on simulated departments, or the walkthrough."""

from __future__ import annotations

import argparse
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counterapp.__main__ import main
from counterapp.config import load_settings
from counterapp.ui import demo_app, demo_walkthrough
from counterapp.ui.app import SignIn, start_sign_in
from counterapp.ui.demo_app import DATA_DIR_LINE, open_demo, run_demo
from counterapp.ui.demo_walkthrough import STEPS as STEP_NAMES
from counterapp.ui.display import has_display
from counterapp.ui.i18n import remove_translators

STEPS = tuple(f"{number:02d}-{name}.png" for number, name in enumerate(STEP_NAMES, start=1))
DATA_DIR = re.compile(re.escape(DATA_DIR_LINE).replace(re.escape("{path}"), r"(\S+)"))
CLERK = re.compile(r"\bclerk / (\S+?)[,\s]")


@pytest.fixture
def app_restored(qapp: QApplication) -> Iterator[QApplication]:
    """The shared application, given its language, locale and font back afterwards."""
    font, locale = qapp.font(), QLocale()
    before = set(qapp.findChildren(QTranslator))
    yield qapp
    remove_translators(qapp, [t for t in qapp.findChildren(QTranslator) if t not in before])
    QLocale.setDefault(locale)
    qapp.setFont(font)


def sim_threads() -> set[threading.Thread]:
    return {t for t in threading.enumerate() if t.name.startswith("sim-")}


def demo_args(out: Path | None = None) -> argparse.Namespace:
    return argparse.Namespace(demo=True, demo_out=out, command=None)


@pytest.mark.slow
def test_make_demo_without_a_display_writes_the_walkthrough(tmp_path: Path) -> None:
    out, scratch = tmp_path / "out", tmp_path / "tmp"
    scratch.mkdir()
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}
    }
    env["TMPDIR"] = str(scratch)
    argv = ["--set", "sim.people=400", "--demo", "--demo-out", str(out)]
    done = subprocess.run(
        [sys.executable, "-m", "counterapp", *argv],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    for name in STEPS:
        png = (out / name).read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n"), name
        assert len(png) > 2_000, name
    assert (out / "receipt.pdf").read_bytes().startswith(b"%PDF")
    assert f"wrote {len(STEPS) + 1} files to {out}: 01-login.png" in done.stdout
    assert "receipt.pdf" in done.stdout.splitlines()[-1]
    assert "clerk / demo-clerk-1" in done.stdout
    found = DATA_DIR.search(done.stdout)
    assert found, done.stdout
    data_dir = Path(found.group(1))
    assert data_dir.parent == scratch
    assert not data_dir.exists()  # removed at exit
    assert list(scratch.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--demo", "validate", "id", "X"], "--demo opens the demo workspace and takes no command"),
        (["--demo-out", "here", "validate", "id", "X"], "--demo-out only goes with --demo"),
    ],
)
def test_demo_flags_with_a_command_are_refused(
    argv: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_the_demo_sign_in_opens_the_clerks_workspace(
    qtbot: QtBot, app_restored: QApplication
) -> None:
    settings = load_settings(overrides=["sim.people=300"])
    lines: list[str] = []
    threads_before = sim_threads()
    with open_demo(settings, say=lines.append) as demo:
        assert demo.directory.is_dir()
        signin = start_sign_in(settings, demo.ctx)
        try:
            login = signin.login
            assert login.isVisible()
            assert login.window_label.text() == demo.ctx.window
            printed = CLERK.search("\n".join(lines))
            assert printed, lines
            qtbot.keyClicks(login.username_edit, "clerk")
            qtbot.keyClicks(login.password_edit, printed.group(1))
            with qtbot.waitSignal(login.signed_in, timeout=15_000):
                login.sign_in_button.click()
            assert len(signin.sessions) == 1
            window = signin.sessions[0].window
            qtbot.waitUntil(window.isVisible)
            assert not login.isVisible()
            assert window.user_label.text() == "当前用户：演示办事员（clerk）"
            assert window.window_label.text() == f"{demo.ctx.window} 号窗口"
            window.close()
        finally:
            assert signin.close()
    assert not demo.directory.exists()
    assert sim_threads() <= threads_before  # the departments stopped
    assert "stopped the simulated departments" in lines[-1]


@pytest.mark.qt_log_level_fail("WARNING")
@pytest.mark.qt_log_ignore("propagateSizeHints")
def test_with_a_display_the_demo_runs_the_sign_in_and_cleans_up(
    app_restored: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    shown: list[SignIn] = []

    def cancel_at_once(self: SignIn) -> int:  # instead of the event loop
        shown.append(self)
        assert self.login.isVisible()
        assert self.always_show_applicant_screen  # the clerk's sign-in opens both windows
        self.close()
        return 0

    monkeypatch.setattr(demo_app, "has_display", lambda: True)
    monkeypatch.setattr(SignIn, "exec", cancel_at_once)
    handler = signal.getsignal(signal.SIGINT)
    code = run_demo(demo_args(), load_settings(overrides=["sim.people=300"]))
    out = capsys.readouterr().out
    assert code == 0, out
    assert len(shown) == 1
    assert "clerk / demo-clerk-1" in out and "admin / demo-admin-1" in out
    found = DATA_DIR.search(out)
    assert found, out
    assert not Path(found.group(1)).exists()
    assert signal.getsignal(signal.SIGINT) is handler  # Ctrl+C given back


def test_a_failed_walkthrough_exits_1_and_cleans_up(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    def fail(*args: object, **kwargs: object) -> list[Path]:
        raise demo_walkthrough.WalkthroughError("timed out after 5 s waiting for the ID step")

    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")  # run_demo sets it; given back
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setattr(demo_walkthrough, "run_walkthrough", fail)
    assert run_demo(demo_args(tmp_path / "out"), load_settings()) == 1
    captured = capsys.readouterr()
    assert "the demo walkthrough failed: timed out" in captured.err
    assert str(tmp_path / "out") in captured.err
    found = DATA_DIR.search(captured.out)
    assert found and not Path(found.group(1)).exists()


def test_the_workspace_without_a_display_points_to_the_demo(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    if not sys.platform.startswith("linux"):
        pytest.skip("off Linux there is always a display")
    assert main([]) == 2
    assert "counterapp --demo" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("environ", "platform", "expected"),
    [
        ({}, "linux", False),
        ({"DISPLAY": ":0"}, "linux", True),
        ({"DISPLAY": ""}, "linux", False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, "linux", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"QT_QPA_PLATFORM": "minimal"}, "linux", False),
        ({"QT_QPA_PLATFORM": "offscreen:fontengine=freetype"}, "linux", False),
        ({"QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({"QT_QPA_PLATFORM": "eglfs"}, "linux", True),
        ({"QT_QPA_PLATFORM": ""}, "linux", False),
        ({"DISPLAY": ":99", "QT_QPA_PLATFORM": "offscreen"}, "linux", False),
        ({"DISPLAY": ":99", "QT_QPA_PLATFORM": "xcb"}, "linux", True),
        ({}, "win32", True),
        ({}, "darwin", True),
        ({"QT_QPA_PLATFORM": "offscreen"}, "win32", True),
    ],
)
def test_has_display(environ: dict[str, str], platform: str, expected: bool) -> None:
    assert has_display(environ, platform) is expected
