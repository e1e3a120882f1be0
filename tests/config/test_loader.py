"""Layered configuration: files, environment and flags, and precise errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from counterapp.config import ConfigError, load_settings
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
