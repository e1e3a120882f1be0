"""Imports point one way (DESIGN.md, "Layers"): every module's imports, checked by rule.

Each module under ``src/counterapp`` is parsed, not imported: every ``import`` counts, also
those inside functions and ``if TYPE_CHECKING:`` blocks, and relative imports are resolved
against the module's package. A rule forbids a set of importing modules from importing a set
of imported ones; a few named modules are excepted from a rule, each for a stated reason.
The violations today's code still has are listed in ``KNOWN_VIOLATIONS``, to be worked off.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[1] / "src" / "counterapp"
QT = ("PySide6", "shiboken6")
DOMAIN = (
    "counterapp.catalog",
    "counterapp.forms",
    "counterapp.cases",
    "counterapp.standards",
    "counterapp.tickets",
)
OUTSIDE_WORLD = (
    "counterapp.exchange",
    "counterapp.store",
    "counterapp.receipts",
    "counterapp.protection",
    "counterapp.reports",
)
# The entry points that start the demo: the only product modules that may bring the
# simulated departments up.
DEMO_ENTRY_POINTS = {
    "counterapp.demo": "starts the simulated departments for `counterapp --demo`",
    "counterapp.cli.sim_cmd": "`counterapp sim` runs the simulated departments",
    "counterapp.cli.demo_cmd": "`counterapp demo` injects the simulators' faults",
    "counterapp.ui.demo_walkthrough": "the scripted walkthrough needs their known applicants",
}


@dataclass(frozen=True)
class Rule:
    """Modules under ``importers`` (but ``allowed``) may not import modules under ``banned``."""

    name: str
    importers: tuple[str, ...]
    banned: tuple[str, ...]
    allowed: dict[str, str] = field(default_factory=dict)  # module -> why it may
    outside: bool = False  # importers are every module *not* under ``importers``

    def applies_to(self, module: str) -> bool:
        return _under(module, self.importers) != self.outside and module not in self.allowed


RULES = (
    Rule(
        "only the GUI knows Qt",
        importers=("counterapp.ui",),
        outside=True,
        banned=(*QT, "counterapp.ui"),
        allowed={
            # adds the Qt face's commands to the parser, inside main() (a lazy import)
            "counterapp.__main__": "`counterapp` with no subcommand opens the window",
        },
    ),
    Rule(
        "the GUI does not import the CLI", importers=("counterapp.ui",), banned=("counterapp.cli",)
    ),
    Rule(
        "the domain is pure: no I/O layer, no use case, no face",
        importers=DOMAIN,
        banned=(*OUTSIDE_WORLD, "counterapp.app", "counterapp.cli", "counterapp.ui"),
    ),
    Rule(
        # store encrypts what it writes with protection's FieldCipher (4 modules today)
        "protection is below store: protection never imports store",
        importers=("counterapp.protection",),
        banned=("counterapp.store",),
    ),
    Rule(
        "nothing in the product imports the simulated departments",
        importers=("counterapp.sim",),
        outside=True,
        banned=("counterapp.sim",),
        allowed=DEMO_ENTRY_POINTS,
    ),
    Rule(
        "use cases know neither face",
        importers=("counterapp.app",),
        banned=("counterapp.ui", "counterapp.cli"),
    ),
    Rule(
        "the outside world does not call up into use cases or faces",
        importers=OUTSIDE_WORLD,
        banned=("counterapp.app", "counterapp.cli", "counterapp.ui"),
    ),
)


# Imports against the layers that today's code has, each waiting for its fix. A new violation
# fails the test, and so does one listed here that is gone (take it off the list).
KNOWN_VIOLATIONS: dict[tuple[str, str], str] = {}


@dataclass(frozen=True)
class Violation:
    importer: str
    imported: str
    line: int
    rule: str

    def __str__(self) -> str:
        return f"{self.importer} imports {self.imported} (line {self.line}): {self.rule}"


def _under(module: str, packages: Iterable[str]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def module_name(path: Path, root: Path = PACKAGE_DIR) -> str:
    """``src/counterapp/ui/app.py`` -> ``counterapp.ui.app``; a package's ``__init__`` is it."""
    parts = [root.name, *path.relative_to(root).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@dataclass(frozen=True)
class Import:
    """One imported module, and the names taken from it (which may be its submodules)."""

    module: str
    line: int
    names: tuple[str, ...] = ()

    def named(self, banned: tuple[str, ...]) -> list[str]:
        """The module as banned, or else each of its names that is a banned submodule."""
        if _under(self.module, banned):
            return [self.module]
        return [f"{self.module}.{n}" for n in self.names if _under(f"{self.module}.{n}", banned)]


def imports_of(source: str, module: str, *, is_package: bool = False) -> Iterator[Import]:
    """Every import in ``source``, at any depth, with relative ones resolved."""
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(alias.name, node.lineno)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, node.module] if node.module else parts)
            yield Import(base, node.lineno, tuple(a.name for a in node.names if a.name != "*"))


def violations(
    source: str, module: str, *, is_package: bool = False, rules: tuple[Rule, ...] = RULES
) -> list[Violation]:
    """What ``rules`` find wrong with one module's imports."""
    applying = [rule for rule in rules if rule.applies_to(module)]
    return [
        Violation(module, imported, found.line, rule.name)
        for found in imports_of(source, module, is_package=is_package)
        for rule in applying
        for imported in found.named(rule.banned)
    ]


def package_modules() -> Iterator[tuple[str, Path]]:
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        yield module_name(path), path


def _product_violations(rules: tuple[Rule, ...] = RULES) -> list[Violation]:
    return [
        violation
        for module, path in package_modules()
        for violation in violations(
            path.read_text(encoding="utf-8"),
            module,
            is_package=path.name == "__init__.py",
            rules=rules,
        )
    ]


def test_no_module_imports_against_the_layers() -> None:
    found = _product_violations()
    new = [v for v in found if (v.importer, v.imported) not in KNOWN_VIOLATIONS]
    assert not new, "imports against the layers:\n" + "\n".join(map(str, new))
    gone = set(KNOWN_VIOLATIONS) - {(v.importer, v.imported) for v in found}
    assert not gone, f"fixed, so take them off KNOWN_VIOLATIONS: {sorted(gone)}"


def test_every_exception_is_needed() -> None:
    """An exception no module uses any more (or whose module is gone) is taken away."""
    for rule in RULES:
        unexcepted = Rule(rule.name, rule.importers, rule.banned, {}, rule.outside)
        needing = {v.importer for v in _product_violations((unexcepted,))}
        assert set(rule.allowed) <= needing, (rule.name, set(rule.allowed) - needing)


def test_the_checker_catches_an_upward_import() -> None:
    source = (
        "from typing import TYPE_CHECKING\n"
        "if TYPE_CHECKING:\n"
        "    from counterapp.store.cases import CaseStore\n"
        "def later():\n"
        "    from ..ui import app\n"
        "    import PySide6.QtWidgets\n"
    )
    found = {(v.imported, v.rule) for v in violations(source, "counterapp.forms.example")}
    assert found == {
        ("counterapp.store.cases", "the domain is pure: no I/O layer, no use case, no face"),
        ("counterapp.ui", "the domain is pure: no I/O layer, no use case, no face"),
        ("counterapp.ui", "only the GUI knows Qt"),
        ("PySide6.QtWidgets", "only the GUI knows Qt"),
    }
    assert "counterapp.forms.example imports counterapp.ui (line 5)" in "\n".join(
        str(v) for v in violations(source, "counterapp.forms.example")
    )


def test_the_checker_resolves_relative_imports_and_allows_the_way_down() -> None:
    found = imports_of("from . import model\nfrom ..errors import Oops\n", "counterapp.cases.x")
    assert [(i.module, i.names) for i in found] == [
        ("counterapp.cases", ("model",)),
        ("counterapp.errors", ("Oops",)),
    ]
    in_package = imports_of("from .model import Case\n", "counterapp.cases", is_package=True)
    assert [i.module for i in in_package] == ["counterapp.cases.model"]
    assert [str(v) for v in violations("from counterapp import ui\n", "counterapp.app.x")] == [
        "counterapp.app.x imports counterapp.ui (line 1): only the GUI knows Qt",
        "counterapp.app.x imports counterapp.ui (line 1): use cases know neither face",
    ]
    downwards = "from counterapp.catalog import Catalog\nimport counterapp.store.cases\n"
    assert violations(downwards, "counterapp.app.example") == []
