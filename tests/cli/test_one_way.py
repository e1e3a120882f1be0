"""Every `counterapp` command ends with the one ExitCode and signs in through one helper.

An AST walk over ``src/counterapp/cli`` (as tests/test_layering.py does for imports): no
module but ``exit_codes.py`` declares module-level ``EXIT_*`` integer codes, and no module
but ``acting.py`` calls ``sign_in(`` (``app.users.sign_in`` or a desk's), so the hall's
lock-out policy applies to every command that acts as a user.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

from counterapp.cli.exit_codes import ExitCode
from counterapp.command_line import ExitCode as NeutralExitCode

CLI_DIR = Path(__file__).resolve().parents[2] / "src" / "counterapp" / "cli"
CODES_MODULE = "exit_codes.py"
SIGN_IN_MODULE = "acting.py"


def _modules() -> Iterator[tuple[str, ast.Module]]:
    for path in sorted(CLI_DIR.glob("*.py")):
        yield path.name, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _is_int(node: ast.expr | None) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, int) and not isinstance(node.value, bool)
    if isinstance(node, ast.Tuple):
        return any(_is_int(element) for element in node.elts)
    return False


def _names(target: ast.expr) -> Iterator[str]:
    if isinstance(target, ast.Name):
        yield target.id
    elif isinstance(target, ast.Tuple | ast.List):
        for element in target.elts:
            yield from _names(element)


def exit_constants(tree: ast.Module) -> list[str]:
    """Module-level ``EXIT_*`` names bound to integers (``EXIT_OK = 0``, tuples too)."""
    found: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Assign) and _is_int(node.value):
            targets = [name for target in node.targets for name in _names(target)]
        elif isinstance(node, ast.AnnAssign) and _is_int(node.value):
            targets = list(_names(node.target))
        else:
            continue
        found += [f"{name} (line {node.lineno})" for name in targets if name.startswith("EXIT_")]
    return found


def sign_in_calls(tree: ast.Module) -> list[int]:
    """The lines calling ``sign_in(...)`` or ``something.sign_in(...)``."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            function = node.func
            name = function.attr if isinstance(function, ast.Attribute) else None
            if isinstance(function, ast.Name):
                name = function.id
            if name == "sign_in":
                lines.append(node.lineno)
    return lines


def test_the_walk_sees_what_it_looks_for() -> None:
    tree = ast.parse(
        "EXIT_OK, EXIT_BAD = 0, 2\nEXIT_X: int = 3\nRETRIES = 5\nsign_in(e)\nd.sign_in(u)"
    )
    assert exit_constants(tree) == ["EXIT_OK (line 1)", "EXIT_BAD (line 1)", "EXIT_X (line 2)"]
    assert sign_in_calls(tree) == [4, 5]


def test_no_cli_module_declares_its_own_exit_codes() -> None:
    found = {name: codes for name, tree in _modules() if (codes := exit_constants(tree))}
    assert not {n: c for n, c in found.items() if n != CODES_MODULE}, found
    assert ExitCode is NeutralExitCode  # one enum, the same for the Qt face


def test_only_the_acting_helper_signs_in() -> None:
    found = {name: lines for name, tree in _modules() if (lines := sign_in_calls(tree))}
    assert set(found) == {SIGN_IN_MODULE}, found


def test_the_readme_tables_exactly_these_codes() -> None:
    readme = CLI_DIR.parents[2] / "README.md"
    text = readme.read_text(encoding="utf-8")
    section = text.split("\n## Command line\n", 1)[1].split("\n## ", 1)[0]
    rows = [
        [cell.strip() for cell in line.strip("|").split("|")]
        for line in section.splitlines()
        if line.startswith("| ") and line.split("|")[1].strip().isdigit()
    ]
    assert [(int(code), name.strip("`")) for code, name, _ in rows] == [
        (int(code), code.name) for code in ExitCode
    ]
    assert text.count("\n## Command line\n") == 1
