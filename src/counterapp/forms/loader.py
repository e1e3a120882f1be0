"""Read and check form files; every problem names the file, the key and the reason."""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TypeVar

from counterapp.catalog import Catalog
from counterapp.declared_files import FileProblem, FileProblemsError, Table, TableChecker
from counterapp.forms import header_section as header
from counterapp.forms.bundles import merge_bundle
from counterapp.forms.field_section import read_field
from counterapp.forms.model import (
    EligibilityRule,
    FormField,
    MaterialSpec,
    ServiceForm,
)
from counterapp.forms.rule_section import read_material, read_rule
from counterapp.resources import resource_path

FORMAT_VERSION = 1
_TOP_KEYS = frozenset(
    {"format_version", "id", "version", "title_zh", "title_en", "applicants", "department"}
    | {"legal_basis", "promised_days", "fee", "includes", "fields", "materials", "eligibility"}
)
MAX_PROMISED_DAYS = 365

FormProblem = FileProblem
_T = TypeVar("_T")
SectionReader = Callable[[TableChecker[FileProblem], Table, str, Catalog, int], _T | None]


class FormError(FileProblemsError):
    """One or more form files cannot be used; carries every problem, one per line."""


@dataclass(frozen=True)
class _Declared:
    """One file as written: its own form, and the parts it includes (not yet merged)."""

    path: Path
    form: ServiceForm
    includes: tuple[str, ...]


def default_forms_dir() -> Path:
    """The service forms shipped with Counter."""
    return resource_path().parent / "forms"  # beside resources/, in a wheel or a checkout


def load_forms(catalog: Catalog, directory: Path | None = None) -> dict[str, ServiceForm]:
    """Load every ``*.toml`` form in ``directory`` (the shipped forms by default).

    Raises:
        FormError: naming every problem in every file.
    """
    directory = default_forms_dir() if directory is None else directory
    declared: dict[str, _Declared | None] = {}
    problems: list[FormProblem] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            found = _read(path, catalog)
        except FormError as exc:
            problems.extend(exc.problems)
            declared[path.stem] = None
            continue
        declared[found.form.id] = found
    forms: dict[str, ServiceForm] = {}
    for form_id, readable in declared.items():
        if readable is None:
            continue
        try:
            forms[form_id] = _assemble(readable, catalog, declared)
        except FormError as exc:
            problems.extend(exc.problems)
    if problems:
        raise FormError(problems)
    return forms


def load_form(path: Path, catalog: Catalog) -> ServiceForm:
    """Load one form file; a bundle's parts are read from the files beside it.

    Raises:
        FormError: naming every problem in the file (and in its parts' files).
    """
    found = _read(path, catalog)
    parts: dict[str, _Declared | None] = {}
    problems: list[FormProblem] = []
    for part_id in found.includes:
        part_path = path.parent / f"{part_id}.toml"
        if not part_path.is_file():
            continue  # _assemble names it
        try:
            parts[part_id] = _read(part_path, catalog)
        except FormError as exc:
            problems.extend(exc.problems)
            parts[part_id] = None
    try:
        return _assemble(found, catalog, parts)
    except FormError as exc:
        raise FormError([*problems, *exc.problems]) from None


def _assemble(
    found: _Declared, catalog: Catalog, others: Mapping[str, _Declared | None]
) -> ServiceForm:
    """The form of a plain file as it is; a bundle merged with its parts."""
    if not found.includes:
        return found.form
    check: TableChecker[FormProblem] = TableChecker(found.path, FormProblem)
    parts: list[ServiceForm] = []
    for n, part_id in enumerate(found.includes):
        key = f"includes[{n}]"
        if part_id not in others:
            check.problem(key, f"no form file {part_id}.toml beside this one")
        elif (part := others[part_id]) is None:
            check.problem(key, f"{part_id!r} cannot be used: its file has problems")
        elif part.includes:
            check.problem(key, f"{part_id!r} is a bundle itself; include its parts instead")
        else:
            parts.append(part.form)
    if check.problems:
        raise FormError(check.problems)
    merged = merge_bundle(found.form, parts, check)
    _check_bindings(check, found.form.materials, found.form.eligibility, merged.fields)
    if check.problems:
        raise FormError(check.problems)
    return merged


def _read(path: Path, catalog: Catalog) -> _Declared:
    """One file on its own, checked against the catalog (a bundle's parts not merged)."""
    check: TableChecker[FormProblem] = TableChecker(path, FormProblem)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FormError([FormProblem(path, "", f"cannot be read: {exc}")]) from exc
    check.unknown_keys(data, _TOP_KEYS, "")
    if data.get("format_version") != FORMAT_VERSION:
        check.problem("format_version", f"must be {FORMAT_VERSION}")
    form_id = check.text(data, "id", "")
    check.pattern(form_id, header.SLUG, "id", "service id")
    if form_id and form_id != path.stem:
        check.problem("id", f"must equal the file name {path.stem!r}, got {form_id!r}")
    applicants = check.integer(data, "applicants", "", 1, 4) if "applicants" in data else 1
    count = applicants or 1
    includes = header.includes(check, data, form_id)
    fields = _section(check, data, "fields", not includes, catalog, count, read_field)
    materials = _section(check, data, "materials", False, catalog, count, read_material)
    rules = _section(check, data, "eligibility", False, catalog, count, read_rule)
    _check_unique(check, "fields", [(f.id, f.applicant) if f else None for f in fields], "field")
    _check_unique(check, "materials", [m.id if m else None for m in materials], "material")
    _check_unique(check, "eligibility", [r.id if r else None for r in rules], "rule")
    form = ServiceForm(
        id=form_id or "",
        version=check.text(data, "version", "") or "",
        title_zh=check.text(data, "title_zh", "") or "",
        title_en=check.text(data, "title_en", "") or "",
        applicants=count,
        fields=tuple(f for f in fields if f is not None),
        department=check.text(data, "department", "") or "",
        legal_basis=header.legal_basis(check, data),
        promised_days=check.integer(data, "promised_days", "", 0, MAX_PROMISED_DAYS) or 0,
        fee=header.fee(check, data),
        materials=tuple(m for m in materials if m is not None),
        eligibility=tuple(r for r in rules if r is not None),
        department_labels=header.department_labels(catalog),
    )
    if not includes:
        _check_bindings(check, form.materials, form.eligibility, form.fields)
    if check.problems:
        raise FormError(check.problems)
    return _Declared(path, _stamped(form), includes)


def _section(
    check: TableChecker[FormProblem],
    data: Table,
    key: str,
    required: bool,
    catalog: Catalog,
    applicants: int,
    reader: SectionReader[_T],
) -> list[_T | None]:
    """Read an array of tables with ``reader``; optional unless ``required``."""
    if key not in data and not required:
        return []
    return [
        reader(check, table, f"{key}[{n}]", catalog, applicants)
        for n, table in enumerate(check.tables(data, key, key))
    ]


def _stamped(form: ServiceForm) -> ServiceForm:
    """Mark each field as asked by this form (a bundle lists every part asking it)."""
    return replace(form, fields=tuple(replace(f, parts=(form.id,)) for f in form.fields))


def _check_unique(
    check: TableChecker[FormProblem], key: str, ids: Sequence[object], what: str
) -> None:
    seen: set[object] = set()
    for n, found in enumerate(ids):
        if found is None:
            continue
        if found in seen:
            shown = found[0] if isinstance(found, tuple) else found
            check.problem(f"{key}[{n}].id", f"duplicate {what} id {shown!r}")
        seen.add(found)


def _check_bindings(
    check: TableChecker[FormProblem],
    materials: Sequence[MaterialSpec],
    rules: Sequence[EligibilityRule],
    fields: Sequence[FormField],
) -> None:
    """Every item a material proves or a rule tests is looked up for its applicants."""
    bound = {(f.item, f.applicant) for f in fields if f.item}

    def need(item: str, applicants: Sequence[int], key: str) -> None:
        for applicant in applicants:
            if (item, applicant) not in bound:
                check.problem(
                    key,
                    f"{item} is not bound by a field of applicant {applicant}, so it "
                    "is never looked up (add a [[fields]] table with this item)",
                )
                return

    for n, material in enumerate(materials):
        for k, item in enumerate(material.proves):
            need(item, material.applicants, f"materials[{n}].proves[{k}]")
    for n, rule in enumerate(rules):
        need(rule.test.item, rule.applicants, f"eligibility[{n}].item")
        if rule.when is not None:
            need(rule.when.item, rule.applicants, f"eligibility[{n}].when.item")
