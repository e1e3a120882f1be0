"""Build the Debian package of Counter from the PyInstaller bundle (`make deb`).

    .venv/bin/python packaging/build_deb.py --bundle dist/counterapp --out dist

The package (``counterapp_<version>_<arch>.deb``) holds

- ``/opt/counterapp/``: the one-folder bundle as `make bundle` built it;
- ``/usr/bin/counterapp``: a symbolic link to the bundle's program;
- ``/usr/share/applications/counterapp.desktop`` and the icon in the hicolor theme;
- ``/etc/counterapp/config.toml``: the commented example of the system-wide settings,
  a conffile (an upgrade keeps the copy IT edited).

It is built with ``dpkg-deb --root-owner-group`` (files owned by root without fakeroot)
from the templates in ``packaging/deb/``. Exit codes: 0 built, 2 bad input (no bundle,
no dpkg-deb).
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from counterapp.config.loader import system_config_location

ROOT = Path(__file__).resolve().parents[1]
TEMPLATES = ROOT / "packaging" / "deb"
ICONS = ROOT / "resources" / "icons"
INSTALL_DIR = Path("opt/counterapp")
PROGRAM = "counterapp"
CONFFILE = str(system_config_location("linux", {}))
"""Where the app reads the system-wide file on Linux: the package ships it as a conffile."""
COMPRESSION = ("-Zxz", "-z1")
"""xz, which every dpkg reads (zstd is not read by the dpkg of older Debian-based desktops);
level 1: of the bundle's 250 MB, 89 MB in about 18 s here (gzip -9: 107 MB, 42 s)."""


@dataclass(frozen=True)
class BuiltPackage:
    """What :func:`build_deb` wrote."""

    path: Path
    version: str
    architecture: str


def project_version() -> str:
    """``__version__`` of src/counterapp/__init__.py (read, not imported)."""
    text = (ROOT / "src" / "counterapp" / "__init__.py").read_text(encoding="utf-8")
    found = re.search(r'^__version__ = "([^"]+)"', text, re.MULTILINE)
    if found is None:
        raise SystemExit("build_deb: no __version__ in src/counterapp/__init__.py")
    return found.group(1)


def host_architecture() -> str:
    """The Debian architecture of this machine (``amd64``, ``arm64``...)."""
    done = subprocess.run(
        ["dpkg", "--print-architecture"], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def tree_size_kib(path: Path) -> int:
    """The files' sizes under ``path`` in KiB, as ``Installed-Size`` counts them."""
    total = sum(f.lstat().st_size for f in path.rglob("*") if f.is_file() or f.is_symlink())
    return (total + 1023) // 1024


def stage(root: Path, bundle: Path, version: str, architecture: str) -> None:
    """Lay out the package's files under ``root`` (``DEBIAN/`` included)."""
    shutil.copytree(bundle, root / INSTALL_DIR, symlinks=True)
    usr_bin = root / "usr" / "bin"
    usr_bin.mkdir(parents=True)
    (usr_bin / PROGRAM).symlink_to(Path("/") / INSTALL_DIR / PROGRAM)

    share = root / "usr" / "share"
    _install(TEMPLATES / "counterapp.desktop", share / "applications" / "counterapp.desktop")
    icons = share / "icons" / "hicolor"
    _install(ICONS / "counterapp.svg", icons / "scalable" / "apps" / "counterapp.svg")
    _install(ICONS / "counterapp.png", icons / "256x256" / "apps" / "counterapp.png")
    _install(TEMPLATES / "copyright", share / "doc" / "counterapp" / "copyright")
    _install(TEMPLATES / "config.toml", root / CONFFILE.lstrip("/"))

    control = (
        (TEMPLATES / "control")
        .read_text(encoding="utf-8")
        .format(version=version, architecture=architecture, installed_size=tree_size_kib(root))
    )
    debian = root / "DEBIAN"
    debian.mkdir()
    (debian / "control").write_text(control, encoding="utf-8")
    (debian / "conffiles").write_text(CONFFILE + "\n", encoding="utf-8")


def _install(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, target)
    target.chmod(0o644)


def build_deb(bundle: Path, out: Path, *, version: str | None = None) -> BuiltPackage:
    """Build ``counterapp_<version>_<arch>.deb`` in ``out`` from ``bundle``.

    Args:
        bundle: the one-folder bundle (``dist/counterapp``, with the ``counterapp`` program).
        out: the directory the package is written to (created if missing).
        version: the package version (default: the project's ``__version__``).

    Raises:
        FileNotFoundError: the bundle has no program, or dpkg-deb is not installed.
        subprocess.CalledProcessError: dpkg-deb refused (its message is on stderr).
    """
    if not (bundle / PROGRAM).is_file():
        raise FileNotFoundError(f"{bundle / PROGRAM}: no bundle here (run `make bundle`)")
    if shutil.which("dpkg-deb") is None:
        raise FileNotFoundError("dpkg-deb is not installed (apt-get install dpkg)")
    version = version or project_version()
    architecture = host_architecture()
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"counterapp_{version}_{architecture}.deb"
    with tempfile.TemporaryDirectory(prefix="counterapp-deb-") as folder:
        root = Path(folder) / "root"
        stage(root, bundle, version, architecture)
        os.chmod(root, 0o755)
        subprocess.run(
            ["dpkg-deb", "--root-owner-group", *COMPRESSION, "--build", str(root), str(target)],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return BuiltPackage(target, version, architecture)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bundle", type=Path, default=ROOT / "dist" / "counterapp")
    parser.add_argument("--out", type=Path, default=ROOT / "dist")
    parser.add_argument("--version", help="package version (default: the project's)")
    args = parser.parse_args(argv)
    try:
        built = build_deb(args.bundle, args.out, version=args.version)
    except FileNotFoundError as exc:
        print(f"build_deb: {exc}", file=sys.stderr)
        return 2
    size_mb = built.path.stat().st_size / 1e6
    print(f"built {built.path} ({size_mb:.0f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
