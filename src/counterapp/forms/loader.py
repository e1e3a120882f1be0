"""Read and check form files; every problem names the file, the key and the reason."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from counterapp.catalog import Catalog
from counterapp.declared_files import FileProblem, FileProblemsError, Table, TableChecker
from counterapp.forms.model import FieldType, FormField, ServiceForm
from counterapp.resources import resource_path

FORMAT_VERSION = 1
_SLUG = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
_FIELD_ID = re.compile(r"[a-z][a-z0-9_]*")
_TOP_KEYS = frozenset(
    {"format_version", "id", "version", "title_zh", "title_en", "applicants", "fields"}
)
_FIELD_KEYS = frozenset({"id", "item", "label_zh", "label_en", "type", "required", "applicant"})


FormProblem = FileProblem


class FormError(FileProblemsError):
    """One or more form files cannot be used; carries every problem, one per line."""


def default_forms_dir() -> Path:
    """The service forms shipped with Counter."""
    return resource_path().parent / "forms"  # beside resources/, in a wheel or a checkout


def load_forms(catalog: Catalog, directory: Path | None = None) -> dict[str, ServiceForm]:
    """Load every ``*.toml`` form in ``directory`` (the shipped forms by default)."""
    directory = default_forms_dir() if directory is None else directory
    forms: dict[str, ServiceForm] = {}
    problems: list[FormProblem] = []
    for path in sorted(directory.glob("*.toml")):
        try:
            form = load_form(path, catalog)
        except FormError as exc:
            problems.extend(exc.problems)
            continue
        forms[form.id] = form
    if problems:
        raise FormError(problems)
    return forms


def load_form(path: Path, catalog: Catalog) -> ServiceForm:
    """Load one form file, checking its fields against the catalog.

    Raises:
        FormError: naming every problem in the file.
    """
    check: TableChecker[FormProblem] = TableChecker(path, FormProblem)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise FormError([FormProblem(path, "", f"cannot be read: {exc}")]) from exc
    check.unknown_keys(data, _TOP_KEYS, "")
    if data.get("format_version") != FORMAT_VERSION:
        check.problem("format_version", f"must be {FORMAT_VERSION}")
    form_id = check.text(data, "id", "")
    check.pattern(form_id, _SLUG, "id", "service id")
    if form_id and form_id != path.stem:
        check.problem("id", f"must equal the file name {path.stem!r}, got {form_id!r}")
    version = check.text(data, "version", "")
    title_zh = check.text(data, "title_zh", "")
    title_en = check.text(data, "title_en", "")
    applicants = check.integer(data, "applicants", "", 1, 4) if "applicants" in data else 1
    fields = [
        _field(check, table, f"fields[{i}]", catalog, applicants or 1)
        for i, table in enumerate(check.tables(data, "fields", "fields"))
    ]
    seen: set[str] = set()
    for i, field in enumerate(fields):
        if field is not None and (field.id, field.applicant) in seen:
            check.problem(f"fields[{i}].id", f"duplicate field id {field.id!r}")
        elif field is not None:
            seen.add((field.id, field.applicant))  # type: ignore[arg-type]
    if check.problems:
        raise FormError(check.problems)
    return ServiceForm(
        id=form_id or "",
        version=version or "",
        title_zh=title_zh or "",
        title_en=title_en or "",
        applicants=applicants or 1,
        fields=tuple(f for f in fields if f is not None),
    )


def _field(
    check: TableChecker[FormProblem], table: Table, where: str, catalog: Catalog, applicants: int
) -> FormField | None:
    check.unknown_keys(table, _FIELD_KEYS, where)
    field_id = check.text(table, "id", where)
    check.pattern(field_id, _FIELD_ID, f"{where}.id", "field id")
    item_code = check.text(table, "item", where, required=False)
    item = None
    if item_code is not None:
        item = catalog.item(item_code) if item_code in catalog else None
        if item is None:
            check.problem(f"{where}.item", f"{item_code!r} is not a catalog item")
    required = table.get("required", True)
    if not isinstance(required, bool):
        check.problem(f"{where}.required", f"must be true or false, got {required!r}")
    applicant = (
        check.integer(table, "applicant", where, 1, applicants) if "applicant" in table else 1
    )
    if item is not None:
        label_zh = check.text(table, "label_zh", where, required=False) or item.label_zh
        label_en = check.text(table, "label_en", where, required=False) or item.label_en
        kind: FieldType | None = FieldType(item.type.value)
    else:
        label_zh = check.text(table, "label_zh", where)
        label_en = check.text(table, "label_en", where)
        kind = check.choice(table, "type", where, FieldType)
    if field_id is None or label_zh is None or label_en is None or kind is None:
        return None
    return FormField(
        id=field_id,
        label_zh=label_zh,
        label_en=label_en,
        item=item_code if item is not None else None,
        type=kind,
        required=bool(required),
        applicant=applicant or 1,
    )
