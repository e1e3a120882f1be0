"""Layered configuration: files, environment and flags, and precise errors."""

from __future__ import annotations

import os
import sys
from pathlib import Path, PurePosixPath, PureWindowsPath

import pytest

from counterapp.config import ConfigError, load_settings
from counterapp.config.loader import FlagValue, system_config_location, system_config_path
from counterapp.config.schema import SCHEMA, SCHEMA_BY_KEY


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_run_the_demo() -> None:
    settings = load_settings(environ={})
    assert settings["database.url"] == ""  # embedded SQLite
    assert settings["departments.connectors_dir"] == ""  # shipped demo connectors
    assert settings["ui.language"] == "zh_CN"
    assert all(settings.source_of(s.key) == "default" for s in SCHEMA)


def test_every_key_is_declared_with_type_default_and_description() -> None:
    assert len(SCHEMA_BY_KEY) == len(SCHEMA), "duplicate keys in the schema"
    for setting in SCHEMA:
        assert setting.description.strip(), setting.key
        assert "." in setting.key


def test_layers_apply_in_order(tmp_path: Path) -> None:
    system = _write(tmp_path / "system.toml", '[hall]\nwindow = "03"\ncode = "SYS"\n')
    user = _write(tmp_path / "user.toml", '[hall]\nwindow = "05"\n')
    extra = _write(tmp_path / "extra.toml", "[masking]\nid_keep_head = 3\n")
    settings = load_settings(
        system_file=system,
        user_file=user,
        extra_files=[extra],
        environ={"COUNTERAPP_HALL_WINDOW": "07", "COUNTERAPP_MASKING_ID_KEEP_TAIL": "2"},
        overrides=["hall.window=09"],
    )
    assert settings["hall.code"] == "SYS"
    assert settings.source_of("hall.code") == str(system)
    assert settings["hall.window"] == "09"
    assert settings.source_of("hall.window") == "--set hall.window"
    assert settings["masking.id_keep_head"] == 3
    assert settings["masking.id_keep_tail"] == 2
    assert settings.source_of("masking.id_keep_tail") == "COUNTERAPP_MASKING_ID_KEEP_TAIL"


def test_real_environment_is_read(monkeypatch: pytest.MonkeyPatch, isolated_config: Path) -> None:
    monkeypatch.setenv("COUNTERAPP_UI_LANGUAGE", "en")
    _write(isolated_config / "user.toml", '[hall]\nname = "测试大厅"\n')
    settings = load_settings()
    assert settings["ui.language"] == "en"
    assert settings["hall.name"] == "测试大厅"


def _problems(**kwargs: object) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        load_settings(**kwargs)  # type: ignore[arg-type]
    return [str(p) for p in caught.value.problems]


def test_broken_toml_names_file_and_position(tmp_path: Path) -> None:
    user = _write(tmp_path / "user.toml", "[hall]\ncode = \n")
    (problem,) = _problems(user_file=user, environ={})
    assert problem.startswith(str(user))
    assert "not valid TOML" in problem
    assert "line 2" in problem


def test_wrong_type_unknown_key_and_range_are_all_reported(tmp_path: Path) -> None:
    user = _write(
        tmp_path / "user.toml",
        '[masking]\nid_keep_head = "six"\nid_keep_tail = 40\n[hall]\nwindw = "1"\n'
        '[ui]\nlanguage = "fr"\n',
    )
    problems = _problems(user_file=user, environ={})
    assert f"{user}: masking.id_keep_head: expected integer, got str 'six'" in problems
    assert f"{user}: masking.id_keep_tail: must be at most 17, got 40" in problems
    assert any(
        p.startswith(f"{user}: hall.windw: unknown key; known keys in [hall]") for p in problems
    )
    assert f"{user}: ui.language: must be one of zh_CN, en, got 'fr'" in problems


def test_boolean_is_not_an_integer(tmp_path: Path) -> None:
    user = _write(tmp_path / "user.toml", "[sim]\npeople = true\n")
    (problem,) = _problems(user_file=user, environ={})
    assert "sim.people: expected integer, got bool True" in problem


def test_bad_environment_and_flags_are_named() -> None:
    problems = _problems(
        environ={"COUNTERAPP_SIM_PEOPLE": "many", "COUNTERAPP_HAL_CODE": "x"},
        overrides=["nonsense", "hall.nope=1"],
    )
    assert "COUNTERAPP_SIM_PEOPLE: sim.people: expected integer, got 'many'" in problems
    assert "COUNTERAPP_HAL_CODE: COUNTERAPP_HAL_CODE: unknown environment variable" in problems
    assert "--set: nonsense: expected KEY=VALUE" in problems
    assert any(p.startswith("--set hall.nope: hall.nope: unknown key") for p in problems)


def test_missing_explicit_file_is_an_error(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    (problem,) = _problems(extra_files=[missing], environ={})
    assert problem == f"{missing}: -: file does not exist"


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    user = tmp_path / "user.toml"
    user.write_bytes('[hall]\nname = "大厅"\n'.encode("gbk"))
    (problem,) = _problems(user_file=user, environ={})
    assert "not UTF-8 text" in problem


def test_the_system_file_is_where_it_is_on_each_os() -> None:
    assert system_config_location("linux", {}) == PurePosixPath("/etc/counterapp/config.toml")
    assert system_config_location("freebsd14", {}) == PurePosixPath("/etc/counterapp/config.toml")
    assert system_config_location("darwin", {}) == PurePosixPath(
        "/Library/Application Support/counterapp/config.toml"
    )
    assert system_config_location("win32", {"PROGRAMDATA": r"D:\ProgramData"}) == (
        PureWindowsPath(r"D:\ProgramData\counterapp\config.toml")
    )
    assert system_config_location("win32", {}) == PureWindowsPath(
        r"C:\ProgramData\counterapp\config.toml"
    )


@pytest.mark.skipif(sys.platform != "linux", reason="the Linux location")
def test_without_the_override_the_system_file_is_in_etc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COUNTERAPP_SYSTEM_CONFIG")
    assert system_config_path() == Path("/etc/counterapp/config.toml")


def _layers(tmp_path: Path, depth: int) -> dict[str, object]:
    """load_settings arguments with the first ``depth`` layers setting hall.window."""
    files = {name: tmp_path / f"{name}.toml" for name in ("system", "user", "extra")}
    for index, (name, path) in enumerate(files.items()):
        _write(path, f'[hall]\nwindow = "{name}"\n' if index < depth else "")
    return {
        "system_file": files["system"],
        "user_file": files["user"],
        "extra_files": [files["extra"]],
        "environ": {"COUNTERAPP_HALL_WINDOW": "env"} if depth > 3 else {},
        "overrides": ["hall.window=set"] if depth > 4 else [],
        "flags": [FlagValue("--window", "hall.window", "flag")] if depth > 5 else [],
    }


@pytest.mark.parametrize(
    ("depth", "value", "source"),
    [
        (0, "01", "default"),
        (1, "system", "system.toml"),
        (2, "user", "user.toml"),
        (3, "extra", "extra.toml"),
        (4, "env", "COUNTERAPP_HALL_WINDOW"),
        (5, "set", "--set hall.window"),
        (6, "flag", "--window"),
    ],
)
def test_each_layer_overrides_the_ones_before(
    tmp_path: Path, depth: int, value: str, source: str
) -> None:
    settings = load_settings(**_layers(tmp_path, depth))  # type: ignore[arg-type]
    assert settings["hall.window"] == value
    where = settings.source_of("hall.window")
    assert where == source or where == str(tmp_path / source)
    assert settings.source_of("hall.code") == "default"


def test_log_level_flag_is_validated_like_any_value() -> None:
    settings = load_settings(environ={}, flags=[FlagValue("--log-level", "logging.level", "DEBUG")])
    assert (settings["logging.level"], settings.source_of("logging.level")) == (
        "DEBUG",
        "--log-level",
    )
    problems = _problems(environ={}, flags=[FlagValue("--log-level", "logging.level", "LOUD")])
    assert problems == [
        "--log-level: logging.level: must be one of DEBUG, INFO, WARNING, ERROR, got 'LOUD'"
    ]


def test_bad_set_values_are_named() -> None:
    problems = _problems(
        environ={},
        overrides=["sim.people=many", "ui.idle_lock_minutes=0", "receipts.layout=a5"],
    )
    assert problems == [
        "--set sim.people: sim.people: expected integer, got 'many'",
        "--set ui.idle_lock_minutes: ui.idle_lock_minutes: must be at least 1, got 0",
        "--set receipts.layout: receipts.layout: must be one of auto, a4, roll, got 'a5'",
    ]


def test_a_path_that_cannot_be_read_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "config.toml"
    directory.mkdir()
    (problem,) = _problems(system_file=directory, environ={})
    assert problem.startswith(f"{directory}: -: cannot be read: ")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file")
def test_a_file_without_read_permission_is_refused(tmp_path: Path) -> None:
    user = _write(tmp_path / "user.toml", '[hall]\nwindow = "02"\n')
    user.chmod(0)
    try:
        (problem,) = _problems(user_file=user, environ={})
    finally:
        user.chmod(0o600)
    assert problem == f"{user}: -: cannot be read: Permission denied"


def test_the_receipt_layout_choices_are_the_receipt_layouts() -> None:
    from counterapp.receipts import Layout

    assert SCHEMA_BY_KEY["receipts.layout"].choices == ("auto", *[x.value for x in Layout])
    assert load_settings(environ={})["receipts.layout"] == "auto"
