"""The files the installers carry besides the bundle: the example system configuration
and the desktop entry (packaging/deb/, also used by the Windows installer)."""

from __future__ import annotations

import configparser
import re
from pathlib import Path

from counterapp.config import load_settings

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "packaging" / "deb" / "config.toml"
DESKTOP = ROOT / "packaging" / "deb" / "counterapp.desktop"
ICONS = ROOT / "resources" / "icons"


def test_the_example_config_as_installed_changes_nothing(tmp_path: Path) -> None:
    settings = load_settings(system_file=EXAMPLE, user_file=tmp_path / "none.toml", environ={})

    assert {settings.source_of(key) for key in settings.values} == {"default"}


def test_every_key_the_example_names_is_a_real_key_with_a_valid_example(tmp_path: Path) -> None:
    """IT uncomments a line and it loads: no key or example value in it is wrong."""
    uncommented = tmp_path / "config.toml"
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    uncommented.write_text(
        "\n".join(re.sub(r"^# (\w+ = )", r"\1", line) for line in lines), encoding="utf-8"
    )

    settings = load_settings(system_file=uncommented, user_file=tmp_path / "none.toml", environ={})

    from_file = {key for key in settings.values if settings.source_of(key) == str(uncommented)}
    assert {"hall.code", "hall.window", "database.url", "departments.connectors_dir"} <= from_file
    assert (
        settings.get_str("database.url") == "postgresql+psycopg://counter@db.hall.example/counter"
    )


def test_desktop_entry_starts_the_program_with_the_shipped_icon() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # keep the keys' case (Name[zh_CN])
    entry.read(DESKTOP, encoding="utf-8")
    desktop = entry["Desktop Entry"]

    assert desktop["Type"] == "Application"
    assert desktop["Exec"] == "/usr/bin/counterapp"
    assert desktop["Name[zh_CN]"] == "一窗受理"
    assert (ICONS / f"{desktop['Icon']}.svg").is_file()
    assert (ICONS / f"{desktop['Icon']}.png").is_file()
