"""Refresh the Chinese translation source from the UI code and compile it.

    python packaging/update_translations.py           # lupdate the .ts, lrelease the .qm
    python packaging/update_translations.py --check   # exit 1 if either is out of date
    python packaging/update_translations.py --fill new.tsv [more.tsv ...]

``pyside6-lupdate`` collects every ``tr()`` / ``QCoreApplication.translate()`` string of
``src/counterapp/ui/**/*.py`` into ``resources/translations/counterapp_zh_CN.ts`` (keeping
the translations already there, dropping strings no longer in the code); a translator
fills in the new ``<translation>`` elements (Qt Linguist, or an editor);
``pyside6-lrelease`` compiles the ``.qm`` the application loads. The check mode changes
nothing: it reports strings missing from the .ts, untranslated strings, and a ``.qm`` that
does not match its ``.ts``. ``--fill`` takes translations from tab-separated files (one
``context<TAB>source<TAB>translation`` per line; ``\\n`` and ``\\t`` escaped) after the
lupdate, so new strings can be translated in a plain text file.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
UI_PACKAGE = ROOT / "src" / "counterapp" / "ui"
TRANSLATIONS = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN",)


def tool(name: str) -> str:
    """The path of a PySide6 tool: next to this interpreter, else on PATH."""
    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6 into this environment")
    return found


def sources() -> list[str]:
    """The UI modules, sorted, so the .ts is the same on every machine."""
    return sorted(str(path) for path in UI_PACKAGE.rglob("*.py"))


def ts_file(language: str) -> Path:
    return TRANSLATIONS / f"counterapp_{language}.ts"


def qm_file(language: str) -> Path:
    return TRANSLATIONS / f"counterapp_{language}.qm"


def run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True)


def lupdate(ts: Path) -> None:
    """Merge the code's strings into ``ts`` (created when missing)."""
    ts.parent.mkdir(parents=True, exist_ok=True)
    run(tool("pyside6-lupdate"), "-locations", "none", "-no-obsolete", *sources(), "-ts", str(ts))


def lrelease(ts: Path, qm: Path) -> None:
    run(tool("pyside6-lrelease"), "-nounfinished", str(ts), "-qm", str(qm))


def messages(ts: Path) -> dict[tuple[str, str], str | None]:
    """``(context, source) -> translation`` (None when unfinished or empty).

    A plural message (``%n``) counts as translated when every numerus form is filled;
    its forms are joined with a newline.
    """
    result: dict[tuple[str, str], str | None] = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            text: str | None = None
            if translation is not None and translation.get("type") not in {
                "unfinished",
                "vanished",
                "obsolete",
            }:
                forms = [form.text or "" for form in translation.iter("numerusform")]
                parts = forms if forms else [translation.text or ""]
                if all(part.strip() for part in parts):
                    text = "\n".join(parts)
            result[(name, message.findtext("source", ""))] = text
    return result


def read_fills(paths: list[Path]) -> dict[tuple[str, str], str]:
    """``(context, source) -> translation`` from tab-separated files (later files win).

    Raises:
        SystemExit: a line without exactly three tab-separated parts (file and line named).
    """
    found: dict[tuple[str, str], str] = {}
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.split("\t")
            if len(parts) != 3:
                raise SystemExit(f"{path}:{number}: want context<TAB>source<TAB>translation")
            context, source, text = (_unescape(part) for part in parts)
            found[(context, source)] = text
    return found


def _unescape(text: str) -> str:
    return text.replace("\\n", "\n").replace("\\t", "\t")


def fill(ts: Path, translations: dict[tuple[str, str], str]) -> int:
    """Write ``translations`` into the unfinished messages of ``ts``; how many were filled."""
    tree = ET.parse(ts)
    filled = 0
    for context in tree.getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            text = translations.get((name, message.findtext("source", "")))
            translation = message.find("translation")
            if text is None or translation is None or message.get("numerus") == "yes":
                continue
            if translation.get("type") != "unfinished" and (translation.text or "").strip():
                continue
            translation.attrib.pop("type", None)
            translation.text = text
            filled += 1
    if filled:
        ET.indent(tree, space="    ")
        with ts.open("wb") as out:
            out.write(b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n')
            tree.write(out, encoding="utf-8", xml_declaration=False)
        lupdate(ts)  # back to lupdate's own layout
    return filled


def unfinished(ts: Path) -> list[tuple[str, str]]:
    """The ``(context, source)`` pairs without a finished translation."""
    return [key for key, text in messages(ts).items() if text is None]


def check(language: str) -> list[str]:
    """Problems of one language's files, described for a person (empty: up to date)."""
    ts, qm = ts_file(language), qm_file(language)
    if not ts.exists():
        return [f"{ts} is missing: run packaging/update_translations.py"]
    problems = []
    with tempfile.TemporaryDirectory() as scratch:
        fresh_ts = Path(scratch) / ts.name
        shutil.copy2(ts, fresh_ts)
        lupdate(fresh_ts)
        new = sorted(set(messages(fresh_ts)) - set(messages(ts)))
        gone = sorted(set(messages(ts)) - set(messages(fresh_ts)))
        problems += [f"not in {ts.name}: [{ctx}] {src!r}" for ctx, src in new]
        problems += [f"no longer in the code: [{ctx}] {src!r}" for ctx, src in gone]
        problems += [f"untranslated: [{ctx}] {src!r}" for ctx, src in unfinished(ts)]
        fresh_qm = Path(scratch) / qm.name
        lrelease(ts, fresh_qm)
        if not qm.exists() or not filecmp.cmp(fresh_qm, qm, shallow=False):
            problems.append(f"{qm.name} does not match {ts.name}: run the script")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report, change nothing")
    parser.add_argument(
        "--fill", nargs="+", type=Path, default=[], metavar="TSV", help="translations to fill in"
    )
    args = parser.parse_args(argv)
    fills = read_fills(args.fill)
    status = 0
    for language in LANGUAGES:
        if args.check:
            problems = check(language)
            for problem in problems:
                print(f"{language}: {problem}")
            status |= bool(problems)
            continue
        lupdate(ts_file(language))
        if fills:
            print(f"{language}: {fill(ts_file(language), fills)} filled")
        lrelease(ts_file(language), qm_file(language))
        missing = unfinished(ts_file(language))
        for context, source in missing:
            print(f"{language}: untranslated: [{context}] {source!r}")
        print(
            f"{language}: {len(messages(ts_file(language)))} strings, {len(missing)} untranslated"
        )
        status |= bool(missing)
    return status


if __name__ == "__main__":
    sys.exit(main())
