"""The interface language: Qt translators for ``ui.language`` and the role names.

Source strings are English, in ``tr()``; the Chinese lives in
``resources/translations/counterapp_zh_CN.ts`` and is compiled to ``.qm`` by
``packaging/update_translations.py``. English is the source language, so choosing it
installs no translator of ours.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from counterapp.resources import resource_path
from counterapp.users.accounts import AccountError
from counterapp.users.roles import Role

DEFAULT_LANGUAGE = "zh_CN"
SOURCE_LANGUAGE = "en"
CATALOG_NAME = "counterapp"


class TranslationMissing(RuntimeError):
    """The compiled translation of a configured language is missing or unreadable."""


def translation_file(language: str) -> Path:
    """The compiled ``.qm`` of ``language`` (it may not exist)."""
    return resource_path("translations", f"{CATALOG_NAME}_{language}.qm")


def install_translators(app: QCoreApplication, language: str) -> list[QTranslator]:
    """Install Counter's and Qt's own translators for ``language`` into ``app``.

    The translators are parented to ``app``, so they live as long as it does; remove
    them with :func:`remove_translators` (tests switching languages do).

    Args:
        app: the running application.
        language: ``zh_CN`` or ``en`` (the setting ``ui.language``).

    Returns:
        The installed translators (empty for English).

    Raises:
        TranslationMissing: the ``.qm`` of a non-English language cannot be loaded.
    """
    if language == SOURCE_LANGUAGE:
        QLocale.setDefault(QLocale("en_US"))
        return []
    path = translation_file(language)
    ours = QTranslator(app)
    if not ours.load(str(path)):
        raise TranslationMissing(f"cannot load the {language} translation from {path}")
    installed = [ours]
    qt_own = QTranslator(app)  # standard dialogs, context menus of line edits
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_own.load(f"qtbase_{language}", qt_dir):
        installed.append(qt_own)
    for translator in installed:
        app.installTranslator(translator)
    QLocale.setDefault(QLocale(language))
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Uninstall translators installed by :func:`install_translators`."""
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()


def current_language() -> str:
    """The language of the installed translation (``en`` when none is installed).

    The catalog translates the marker ``en`` into its own language code, so this follows
    whatever translator is installed, without a global of ours.
    """
    return QCoreApplication.translate("Language", "en")


def account_reason(error: AccountError) -> str:
    """An account refusal in the interface language (the domain says it in both)."""
    return error.reason_zh if current_language().startswith("zh") else str(error)


def role_label(role: Role) -> str:
    """The role as the signed-in person reads it (办事员/审核员/管理员 in Chinese)."""
    labels = {
        Role.CLERK: QCoreApplication.translate("Role", "Clerk"),
        Role.SUPERVISOR: QCoreApplication.translate("Role", "Supervisor"),
        Role.ADMIN: QCoreApplication.translate("Role", "Administrator"),
    }
    return labels[role]
