"""Bundles (一件事一次办): several service items combined into one case.

A bundle's form is its own file merged with the forms it includes, in order. A field bound
to the same catalog item for the same applicant is asked once (under the first id it has);
typed fields with the same id and applicant are asked once when they agree on their type.
Materials are deduplicated by id, eligibility rules by id; the promised time is the longest
part's, the fee the sum, and every part's legal basis is listed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import TypeVar

from counterapp.declared_files import FileProblem, TableChecker
from counterapp.forms.model import EligibilityRule, FormField, MaterialSpec, ServiceForm

_Entry = TypeVar("_Entry", MaterialSpec, EligibilityRule)


def merge_bundle(
    own: ServiceForm, parts: Sequence[ServiceForm], check: TableChecker[FileProblem]
) -> ServiceForm:
    """Merge a bundle's own declarations with its parts.

    Args:
        own: the bundle file's form on its own (its fields, materials, rules, if any).
        parts: the included forms, in the order of ``includes``.
        check: where conflicts between parts are recorded (against the bundle's file).

    Returns:
        The bundle as one form; ``parts`` keeps the included forms.
    """
    forms = (own, *parts)
    return replace(
        own,
        applicants=max(f.applicants for f in forms),
        fields=_merge_fields(forms, check),
        legal_basis=tuple(dict.fromkeys(basis for f in forms for basis in f.legal_basis)),
        promised_days=max(f.promised_days for f in forms),
        fee=sum((f.fee for f in parts), own.fee),
        materials=_merge_by_id(forms, lambda f: f.materials, "material", check),
        eligibility=_merge_by_id(forms, lambda f: f.eligibility, "eligibility rule", check),
        parts=tuple(parts),
    )


def _merge_fields(
    forms: Sequence[ServiceForm], check: TableChecker[FileProblem]
) -> tuple[FormField, ...]:
    merged: list[FormField] = []
    by_item: dict[tuple[str, int], int] = {}
    by_id: dict[tuple[str, int], int] = {}
    for form in forms:
        for field in form.fields:
            at = by_item.get((field.item, field.applicant)) if field.item else None
            if at is None:
                at = by_id.get(field.key)
                if at is not None and not _same_typed_field(merged[at], field):
                    first = merged[at]
                    check.problem(
                        "includes",
                        f"field {field.id!r} of applicant {field.applicant} means different "
                        f"things in {first.parts[0]!r} ({_what(first)}) and {form.id!r} "
                        f"({_what(field)}); rename one",
                    )
                    continue
            if at is None:
                by_id[field.key] = len(merged)
                if field.item:
                    by_item[(field.item, field.applicant)] = len(merged)
                merged.append(field)
                continue
            shared = merged[at]
            merged[at] = replace(
                shared,
                required=shared.required or field.required,
                parts=tuple(dict.fromkeys((*shared.parts, *field.parts))),
            )
    return tuple(merged)


def _same_typed_field(first: FormField, other: FormField) -> bool:
    """Two fields with one id may be asked once only when both are typed and alike."""
    return (
        first.item is None
        and other.item is None
        and (first.type, first.format, first.code_table, first.choices)
        == (other.type, other.format, other.code_table, other.choices)
    )


def _what(field: FormField) -> str:
    return f"item {field.item}" if field.item else f"typed {field.type}"


def _merge_by_id(
    forms: Sequence[ServiceForm],
    get: Callable[[ServiceForm], tuple[_Entry, ...]],
    what: str,
    check: TableChecker[FileProblem],
) -> tuple[_Entry, ...]:
    kept: dict[str, tuple[str, _Entry]] = {}
    for form in forms:
        for entry in get(form):
            first = kept.get(entry.id)
            if first is None:
                kept[entry.id] = (form.id, entry)
            elif _comparable(first[1]) != _comparable(entry):
                check.problem(
                    "includes",
                    f"{what} {entry.id!r} is declared differently in {first[0]!r} and "
                    f"{form.id!r}; give one another id or make them the same",
                )
            elif isinstance(entry, MaterialSpec) and entry.required:
                # alike but for ``required``, so this is ``first`` made required
                kept[entry.id] = (first[0], entry)
    return tuple(entry for _, entry in kept.values())


def _comparable(entry: MaterialSpec | EligibilityRule) -> object:
    """What must agree when two parts declare the same id (a material's ``required`` may not)."""
    return replace(entry, required=True) if isinstance(entry, MaterialSpec) else entry
