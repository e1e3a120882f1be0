"""One bilingual error base: every error that carries a Chinese text is a CounterError.

Faces show any error through ``errors.error_text`` (or ``CounterError.text``), so an error
with its own ``reason_zh`` attribute outside the base, or a face reading one with
``getattr``, would be a second way of doing the same job.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from datetime import UTC, datetime
from pathlib import Path

import counterapp
from counterapp.errors import CounterError, Language, error_text
from counterapp.users.accounts import SignInFailed, SignInFailure

PACKAGE_DIR = Path(counterapp.__file__).resolve().parent


def _product_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(PACKAGE_DIR)], prefix="counterapp."):
        if info.name.startswith("counterapp.sim") or info.name.endswith("__main__"):
            continue
        names.append(info.name)
    return names


def test_every_error_with_a_chinese_text_is_a_counter_error() -> None:
    offenders = []
    for name in _product_modules():
        module = importlib.import_module(name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != name or not issubclass(cls, BaseException):
                continue
            if "reason_zh" in inspect.getsource(cls) and not issubclass(cls, CounterError):
                offenders.append(f"{name}.{cls.__qualname__}")
    assert offenders == []


def test_no_face_reads_a_chinese_text_by_getattr() -> None:
    found = []
    for path in PACKAGE_DIR.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "getattr"
                and len(node.args) >= 2
                and isinstance(node.args[1], ast.Constant)
                and node.args[1].value == "reason_zh"
            ):
                found.append(f"{path.relative_to(PACKAGE_DIR)}:{node.lineno}")
    assert found == []


def test_an_error_shows_in_the_chosen_language_and_keeps_its_own_fields() -> None:
    until = datetime(2026, 1, 6, 1, 15, tzinfo=UTC)
    failed = SignInFailed(SignInFailure.LOCKED, until)
    assert failed.failure is SignInFailure.LOCKED and failed.locked_until == until
    assert "已锁定" in error_text(failed, Language.ZH_CN)
    assert "locked until" in error_text(failed, Language.EN)
    assert error_text(ValueError("plain"), Language.ZH_CN) == "plain"


def test_an_empty_language_setting_is_the_default_chinese() -> None:
    assert Language.parse("") is Language.ZH_CN and Language.parse(None) is Language.ZH_CN
    assert Language.parse("zh-CN") is Language.ZH_CN and Language.parse("en") is Language.EN
