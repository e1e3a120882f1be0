"""Configuration: one declared schema, loaded from layered sources."""

from counterapp.config.loader import ConfigError, ConfigProblem, Settings, load_settings
from counterapp.config.schema import SCHEMA, Setting, SettingType

__all__ = [
    "SCHEMA",
    "ConfigError",
    "ConfigProblem",
    "Setting",
    "SettingType",
    "Settings",
    "load_settings",
]
