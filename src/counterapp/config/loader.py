"""Load settings from defaults, the system file, the user file, the environment and flags.

Later sources override earlier ones. Every problem names its source (the file, the
environment variable or the flag), the key and the reason; all problems are collected
before failing so IT can fix a file in one go.
"""

from __future__ import annotations

import os
import sys
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import platformdirs

from counterapp.config.schema import SCHEMA, SCHEMA_BY_KEY, Setting, SettingType

APP_NAME = "counterapp"
DEFAULT_SOURCE = "default"


@dataclass(frozen=True)
class ConfigProblem:
    """One thing wrong with one key in one source."""

    source: str
    key: str
    reason: str

    def __str__(self) -> str:
        return f"{self.source}: {self.key}: {self.reason}"


class ConfigError(Exception):
    """The configuration cannot be used; carries every problem found."""

    def __init__(self, problems: Sequence[ConfigProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


@dataclass(frozen=True)
class Settings:
    """Resolved settings: each key's value and the source that set it."""

    values: Mapping[str, object]
    sources: Mapping[str, str] = field(default_factory=dict)

    def __getitem__(self, key: str) -> object:
        return self.values[key]

    def get_str(self, key: str) -> str:
        return str(self.values[key])

    def get_int(self, key: str) -> int:
        value = self.values[key]
        assert isinstance(value, int)
        return value

    def get_float(self, key: str) -> float:
        value = self.values[key]
        assert isinstance(value, int | float)
        return float(value)

    def source_of(self, key: str) -> str:
        return self.sources.get(key, DEFAULT_SOURCE)

    def replaced(self, values: Mapping[str, object], source: str = "program") -> Settings:
        """These settings with some keys set by the program itself (the demo's database)."""
        return Settings(
            {**self.values, **values}, {**self.sources, **dict.fromkeys(values, source)}
        )


LOCATION_VARIABLES = (
    "COUNTERAPP_SYSTEM_CONFIG",
    "COUNTERAPP_USER_CONFIG",
    "COUNTERAPP_DATA_DIR",
    "COUNTERAPP_LOG_DIR",
)
"""Environment variables that move a file or directory rather than set a key."""


@dataclass(frozen=True)
class FlagValue:
    """A key set by its own command-line flag (``--log-level DEBUG``), applied last."""

    flag: str
    key: str
    raw: str


def system_config_path() -> Path:
    """The system-wide file IT deploys; ``COUNTERAPP_SYSTEM_CONFIG`` replaces it."""
    override = os.environ.get("COUNTERAPP_SYSTEM_CONFIG")
    if override:
        return Path(override)
    return Path(system_config_location(sys.platform, os.environ))


def system_config_location(platform: str, environ: Mapping[str, str]) -> PurePath:
    """Where the system-wide file is on ``platform`` (a ``sys.platform`` value).

    Linux and other Unix: ``/etc/counterapp/config.toml``; Windows:
    ``%PROGRAMDATA%\\counterapp\\config.toml``; macOS:
    ``/Library/Application Support/counterapp/config.toml``.
    """
    if platform == "win32":
        base = environ.get("PROGRAMDATA") or r"C:\ProgramData"
        return PureWindowsPath(base, APP_NAME, "config.toml")
    if platform == "darwin":
        return PurePosixPath("/Library/Application Support", APP_NAME, "config.toml")
    return PurePosixPath("/etc", APP_NAME, "config.toml")


def user_config_path() -> Path:
    """The per-user override file (e.g. ~/.config/counterapp/config.toml)."""
    override = os.environ.get("COUNTERAPP_USER_CONFIG")
    if override:
        return Path(override)
    return Path(platformdirs.user_config_dir(APP_NAME)) / "config.toml"


def user_data_dir() -> Path:
    """Where the embedded database and other per-user data live."""
    override = os.environ.get("COUNTERAPP_DATA_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_data_dir(APP_NAME))


def user_log_dir() -> Path:
    """Where the rotating log files go (``COUNTERAPP_LOG_DIR`` replaces it)."""
    override = os.environ.get("COUNTERAPP_LOG_DIR")
    if override:
        return Path(override)
    return Path(platformdirs.user_log_dir(APP_NAME))


def load_settings(
    *,
    extra_files: Sequence[Path] = (),
    overrides: Sequence[str] = (),
    environ: Mapping[str, str] | None = None,
    system_file: Path | None = None,
    user_file: Path | None = None,
    flags: Sequence[FlagValue] = (),
) -> Settings:
    """Resolve every key of the schema.

    Args:
        extra_files: files named with ``--config``, read after the user file.
        overrides: ``KEY=VALUE`` strings from ``--set`` flags, applied last.
        environ: the environment to read ``COUNTERAPP_*`` variables from.
        system_file: replaces the system-wide file location (tests).
        user_file: replaces the per-user file location (tests).
        flags: keys given by their own flags (``--log-level``), applied after ``--set``.

    Raises:
        ConfigError: naming every source, key and reason that is wrong.
    """
    env = os.environ if environ is None else environ
    values: dict[str, object] = {s.key: s.default for s in SCHEMA}
    sources: dict[str, str] = {}
    problems: list[ConfigProblem] = []

    files = [system_file or system_config_path(), user_file or user_config_path()]
    for path in [*files, *extra_files]:
        explicit = path in extra_files
        for key, value in _read_file(path, problems, must_exist=explicit).items():
            values[key] = value
            sources[key] = str(path)

    for setting in SCHEMA:
        raw = env.get(setting.env_var)
        if raw is not None:
            parsed = _parse_text(setting, raw, setting.env_var, problems)
            if parsed is not None:
                values[setting.key], sources[setting.key] = parsed, setting.env_var
    known_vars = {s.env_var for s in SCHEMA} | set(LOCATION_VARIABLES)
    for name in sorted(env):
        if name.startswith("COUNTERAPP_") and name not in known_vars:
            problems.append(ConfigProblem(name, name, "unknown environment variable"))

    for item in overrides:
        key, sep, raw = item.partition("=")
        key = key.strip()
        source = f"--set {key}"
        if not sep:
            problems.append(ConfigProblem("--set", item, "expected KEY=VALUE"))
        elif key not in SCHEMA_BY_KEY:
            problems.append(ConfigProblem(source, key, _unknown_key(key)))
        else:
            parsed = _parse_text(SCHEMA_BY_KEY[key], raw, source, problems)
            if parsed is not None:
                values[key], sources[key] = parsed, source

    for flag in flags:
        parsed = _parse_text(SCHEMA_BY_KEY[flag.key], flag.raw, flag.flag, problems)
        if parsed is not None:
            values[flag.key], sources[flag.key] = parsed, flag.flag

    if problems:
        raise ConfigError(problems)
    return Settings(values=values, sources=sources)


def _read_file(path: Path, problems: list[ConfigProblem], *, must_exist: bool) -> dict:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        if must_exist:
            problems.append(ConfigProblem(str(path), "-", "file does not exist"))
        return {}
    except UnicodeDecodeError as exc:
        problems.append(ConfigProblem(str(path), "-", f"not UTF-8 text ({exc.reason})"))
        return {}
    except OSError as exc:
        problems.append(ConfigProblem(str(path), "-", f"cannot be read: {exc.strerror}"))
        return {}
    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.append(ConfigProblem(str(path), "-", f"not valid TOML: {exc}"))
        return {}

    found: dict[str, object] = {}
    for table, content in document.items():
        if not isinstance(content, dict):
            problems.append(
                ConfigProblem(str(path), table, "expected a table such as [" + table + "]")
            )
            continue
        for name, value in content.items():
            key = f"{table}.{name}"
            setting = SCHEMA_BY_KEY.get(key)
            if setting is None:
                problems.append(ConfigProblem(str(path), key, _unknown_key(key)))
                continue
            reason = _check_value(setting, value)
            if reason:
                problems.append(ConfigProblem(str(path), key, reason))
            else:
                found[key] = value
    return found


def _unknown_key(key: str) -> str:
    table = key.split(".")[0]
    near = [s.key for s in SCHEMA if s.key.split(".")[0] == table]
    hint = f"; known keys in [{table}]: {', '.join(near)}" if near else ""
    return "unknown key" + hint


_TOML_TYPES: dict[SettingType, tuple[type, ...]] = {
    SettingType.STRING: (str,),
    SettingType.PATH: (str,),
    SettingType.CHOICE: (str,),
    SettingType.INTEGER: (int,),
    SettingType.FLOAT: (int, float),
    SettingType.BOOLEAN: (bool,),
}


def _check_value(setting: Setting, value: object) -> str | None:
    """Return why ``value`` is not acceptable for ``setting``, or None."""
    expected = _TOML_TYPES[setting.type]
    is_bool = isinstance(value, bool)
    if not isinstance(value, expected) or (is_bool and setting.type != SettingType.BOOLEAN):
        return f"expected {setting.type.value}, got {type(value).__name__} {value!r}"
    if setting.type == SettingType.CHOICE and value not in setting.choices:
        return f"must be one of {', '.join(setting.choices)}, got {value!r}"
    if isinstance(value, int | float) and not is_bool:
        if setting.minimum is not None and value < setting.minimum:
            return f"must be at least {setting.minimum:g}, got {value}"
        if setting.maximum is not None and value > setting.maximum:
            return f"must be at most {setting.maximum:g}, got {value}"
    return None


def _parse_text(
    setting: Setting, raw: str, source: str, problems: list[ConfigProblem]
) -> object | None:
    """Parse a value given as text (environment variable or flag)."""
    text = raw.strip()
    value: object = text
    try:
        if setting.type == SettingType.INTEGER:
            value = int(text)
        elif setting.type == SettingType.FLOAT:
            value = float(text)
        elif setting.type == SettingType.BOOLEAN:
            lowered = text.lower()
            if lowered not in {"true", "false", "1", "0", "yes", "no", "on", "off"}:
                raise ValueError(text)
            value = lowered in {"true", "1", "yes", "on"}
    except ValueError:
        problems.append(
            ConfigProblem(source, setting.key, f"expected {setting.type.value}, got {raw!r}")
        )
        return None
    reason = _check_value(setting, value)
    if reason:
        problems.append(ConfigProblem(source, setting.key, reason))
        return None
    return value
