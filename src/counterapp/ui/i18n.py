"""The interface language: Qt translators for ``ui.language`` and the role names.

Source strings are English, in ``tr()``; the Chinese lives in
``resources/translations/counterapp_zh_CN.ts`` and is compiled to ``.qm`` by
``packaging/update_translations.py``. English is the source language, so choosing it
installs no translator of ours.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from counterapp.errors import Language, error_text
from counterapp.resources import resource_path
from counterapp.users.accounts import AccountError
from counterapp.users.roles import Role

DEFAULT_LANGUAGE = Language.ZH_CN
SOURCE_LANGUAGE = Language.EN
CATALOG_NAME = "counterapp"


class TranslationMissing(RuntimeError):
    """The compiled translation of a configured language is missing or unreadable."""


def translation_file(language: Language | str) -> Path:
    """The compiled ``.qm`` of ``language`` (it may not exist)."""
    return resource_path("translations", f"{CATALOG_NAME}_{Language.parse(language)}.qm")


def install_translators(app: QCoreApplication, language: Language | str) -> list[QTranslator]:
    """Install Counter's and Qt's own translators for ``language`` into ``app``.

    The translators are parented to ``app``, so they live as long as it does; remove
    them with :func:`remove_translators` (tests switching languages do).

    Args:
        app: the running application.
        language: the interface language, or the setting ``ui.language`` as written
            (``zh_CN``, ``zh-CN``, ``en``...: see :meth:`Language.parse`).

    Returns:
        The installed translators (empty for English).

    Raises:
        TranslationMissing: the ``.qm`` of a non-English language cannot be loaded.
    """
    language = Language.parse(language)
    if language is SOURCE_LANGUAGE:
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
    QLocale.setDefault(QLocale(language.value))
    return installed


def remove_translators(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Uninstall translators installed by :func:`install_translators`."""
    for translator in translators:
        app.removeTranslator(translator)
        translator.deleteLater()


def current_language() -> Language:
    """The language of the installed translation (English when none is installed).

    The catalog translates the marker ``en`` into its own language code, so this follows
    whatever translator is installed, without a global of ours.
    """
    return Language.parse(QCoreApplication.translate("Language", "en"))


def account_reason(error: AccountError) -> str:
    """An account refusal in the interface language (the domain says it in both)."""
    return error_text(error, current_language())


def role_label(role: Role) -> str:
    """The role as the signed-in person reads it (办事员/审核员/管理员 in Chinese)."""
    labels = {
        Role.CLERK: QCoreApplication.translate("Role", "Clerk"),
        Role.SUPERVISOR: QCoreApplication.translate("Role", "Supervisor"),
        Role.ADMIN: QCoreApplication.translate("Role", "Administrator"),
    }
    return labels[role]
