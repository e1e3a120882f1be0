"""The installers: the PyInstaller bundle starts, and the .deb carries what IT installs.

The bundle is built once per test run from ``packaging/counterapp.spec`` into a temporary
directory (under pytest-xdist the workers share one build: the first builds it under a
file lock, the others wait and reuse it). It is started as a clerk's desktop would start
it, in a fresh process with its own home, offscreen, with the real Secret Service keyring
(a D-Bus session with gnome-keyring), and as IT's scripts run it (``--version``). The .deb
is built from the same bundle by ``packaging/build_deb.py`` (what ``make deb`` runs) and
read back with ``dpkg-deb``. Under CI=true nothing here may skip.
"""

from __future__ import annotations

import fcntl
import importlib.util
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import counterapp
from counterapp.command_line import ExitCode
from helpers.environment import need

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "packaging" / "counterapp.spec"
BUILD_DEB = ROOT / "packaging" / "build_deb.py"
PROGRAM = "counterapp"
START_TIMEOUT_S = 120


def _shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory every xdist worker of this run sees (the run's own temp root)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The one-folder bundle ``.../dist/counterapp``, built once for the whole run."""
    need(importlib.util.find_spec("PyInstaller") is not None, "PyInstaller (the dev extra)")
    shared = _shared_dir(tmp_path_factory) / "counterapp-bundle"
    shared.mkdir(exist_ok=True)
    program = shared / "dist" / PROGRAM / PROGRAM
    with (shared / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # one worker builds, the others wait for it
        if not program.exists():
            started = time.monotonic()
            done = subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "PyInstaller",
                    "--noconfirm",
                    "--log-level",
                    "WARN",
                    "--distpath",
                    str(shared / "dist"),
                    "--workpath",
                    str(shared / "build"),
                    str(SPEC),
                ],
                cwd=ROOT,
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, f"PyInstaller failed:\n{done.stderr[-5000:]}"
            print(f"bundle built in {time.monotonic() - started:.0f} s")  # shown with -s
    yield program.parent


def clean_env(home: Path) -> dict[str, str]:
    """A desktop session's environment for a new user whose every file is under ``home``.

    No ``COUNTERAPP_*`` of the test run, no display (the start must draw offscreen by
    itself), no D-Bus session (the caller starts one when it wants a keyring).
    """
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C.UTF-8"}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_CACHE_HOME=str(home / ".cache"),
        XDG_STATE_HOME=str(home / ".local" / "state"),
        COUNTERAPP_SYSTEM_CONFIG=str(home / "system-config.toml"),
    )
    return env


def with_keyring(command: list[str]) -> list[str]:
    """``command`` inside its own D-Bus session with an unlocked gnome-keyring."""
    need(
        bool(shutil.which("dbus-run-session") and shutil.which("gnome-keyring-daemon")),
        "dbus-run-session and gnome-keyring-daemon (a Secret Service keyring)",
    )
    script = (
        "echo test-keyring | gnome-keyring-daemon --unlock --components=secrets >/dev/null"
        ' && exec "$@"'
    )
    return ["dbus-run-session", "--", "sh", "-c", script, "sh", *command]


def run(command: list[str], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        command, env=env, cwd=cwd, capture_output=True, text=True, timeout=START_TIMEOUT_S
    )


def test_bundle_says_its_version(bundle: Path, tmp_path: Path) -> None:
    done = run([str(bundle / PROGRAM), "--version"], clean_env(tmp_path), tmp_path)

    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"counterapp {counterapp.__version__}"


def test_bundle_starts_to_the_painted_sign_in_window(bundle: Path, tmp_path: Path) -> None:
    env = clean_env(tmp_path)
    done = run(with_keyring([str(bundle / PROGRAM), "--exit-after-sign-in"]), env, tmp_path)

    assert done.returncode == 0, done.stderr
    # the title in Chinese: the bundle found its translation; offscreen: its Qt plugins
    assert "sign-in window shown (登录, Qt platform offscreen)" in done.stdout
    # painted first, said at once (benchmarks/gui_startup.py --command times it), then opened
    assert done.stdout.index("sign-in window painted; the workstation is opening") < (
        done.stdout.index("sign-in window shown")
    )
    databases = list((tmp_path / ".local" / "share").rglob("counter.sqlite3"))
    assert len(databases) == 1, "the first start creates the user's database"


def test_bundle_without_a_keyring_says_why_and_exits(bundle: Path, tmp_path: Path) -> None:
    """No Secret Service (no D-Bus session): the start ends with a reason, never hangs."""
    done = run([str(bundle / PROGRAM), "--exit-after-sign-in"], clean_env(tmp_path), tmp_path)

    assert done.returncode == ExitCode.CONFIG
    assert "keyring" in done.stderr.lower()


def test_bundle_runs_the_administration_commands(bundle: Path, tmp_path: Path) -> None:
    """The shipped catalog, forms and migrations are found inside the bundle."""
    env = clean_env(tmp_path)
    program = str(bundle / PROGRAM)

    catalog = run([program, "catalog", "check"], env, tmp_path)
    upgrade = run([program, "db", "upgrade"], env, tmp_path)
    current = run([program, "db", "current"], env, tmp_path)

    assert catalog.returncode == 0, catalog.stderr
    assert "OK" in catalog.stdout
    assert upgrade.returncode == 0, upgrade.stderr
    assert current.returncode == 0, current.stderr
    assert "(up to date)" in current.stdout


def test_bundle_carries_its_data_and_not_what_it_never_uses(bundle: Path) -> None:
    internal = bundle / "_internal"
    data = internal / "counterapp" / "_data"
    assert (data / "resources" / "catalog.toml").is_file()
    assert (data / "resources" / "translations" / "counterapp_zh_CN.qm").is_file()
    assert list((data / "forms").glob("*.toml"))
    assert list((internal / "counterapp" / "store" / "migrations" / "versions").glob("0001*"))
    names = [path.name for path in internal.rglob("*")]
    for unused in ("WebEngine", "Qt6Quick", "Qt6Qml", "libqgtk3", "tkinter", "pytest"):
        assert not [name for name in names if unused in name], unused


@pytest.fixture(scope="module")
def deb(bundle: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The .deb built from the bundle by packaging/build_deb.py, as `make deb` does
    (once for the run, as the bundle)."""
    need(shutil.which("dpkg-deb") is not None, "dpkg-deb")
    out = _shared_dir(tmp_path_factory) / "counterapp-deb"
    out.mkdir(exist_ok=True)
    with (out / "build.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not list(out.glob("counterapp_*.deb")):
            done = subprocess.run(
                [sys.executable, str(BUILD_DEB), "--bundle", str(bundle), "--out", str(out)],
                capture_output=True,
                text=True,
            )
            assert done.returncode == 0, done.stderr
            print(done.stdout.strip())  # its size, shown with -s
    (package,) = out.glob("counterapp_*.deb")
    return package


def test_deb_names_the_package_and_its_conffile(deb: Path) -> None:
    info = subprocess.run(["dpkg-deb", "--info", str(deb)], capture_output=True, text=True)

    assert info.returncode == 0, info.stderr
    assert "Package: counterapp" in info.stdout
    assert f"Version: {counterapp.__version__}" in info.stdout
    conffiles = subprocess.run(
        ["dpkg-deb", "--ctrl-tarfile", str(deb)], capture_output=True, check=True
    ).stdout
    assert b"/etc/counterapp/config.toml" in conffiles


def test_deb_installs_program_desktop_entry_icon_and_system_config(deb: Path) -> None:
    listing = subprocess.run(
        ["dpkg-deb", "--contents", str(deb)], capture_output=True, text=True, check=True
    ).stdout

    for path in (
        "./opt/counterapp/counterapp",
        "./opt/counterapp/_internal/counterapp/_data/resources/catalog.toml",
        "./usr/bin/counterapp -> /opt/counterapp/counterapp",
        "./usr/share/applications/counterapp.desktop",
        "./usr/share/icons/hicolor/scalable/apps/counterapp.svg",
        "./usr/share/icons/hicolor/256x256/apps/counterapp.png",
        "./etc/counterapp/config.toml",
    ):
        assert path in listing, path
    assert "root/root" in listing.splitlines()[0]


def test_deb_unpacked_program_runs(deb: Path, tmp_path: Path) -> None:
    """What dpkg would put in /opt runs (the copy kept the bundle whole)."""
    subprocess.run(["dpkg-deb", "-x", str(deb), str(tmp_path / "root")], check=True)
    env = clean_env(tmp_path)
    env["COUNTERAPP_SYSTEM_CONFIG"] = str(tmp_path / "root" / "etc/counterapp/config.toml")

    shown = run(
        [str(tmp_path / "root" / "opt" / "counterapp" / PROGRAM), "config", "show"],
        env,
        tmp_path,
    )

    assert shown.returncode == 0, shown.stderr
    assert "etc/counterapp/config.toml" in shown.stdout
