"""Pre-fill a form from the departments' answers, then let the clerk type, pick and correct.

Every field bound to a catalog item takes that applicant's value with its provenance. When
departments disagree the authoritative value is taken and the others are kept on the field,
so the clerk can pick one (:func:`choose`). A clerk's correction of a department's value
keeps the original and marks the field corrected (:func:`correct`). Every change returns a
new :class:`PrefilledForm`; nothing is modified in place.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from enum import StrEnum
from types import MappingProxyType

from counterapp.catalog.values import CatalogValue, LookupValues, Provenance
from counterapp.forms.model import FormField, ServiceForm
from counterapp.forms.values import value_text


class FieldState(StrEnum):
    """Where a field's value stands."""

    PREFILLED = "prefilled"  # a department's value
    TYPED = "typed"  # the clerk typed it (no department value)
    CORRECTED = "corrected"  # the clerk replaced a department's value
    MISSING = "missing"  # no value yet


class PrefillError(ValueError):
    """The change asked for does not fit the field (e.g. typing over a verified value)."""


@dataclass(frozen=True)
class PrefilledField:
    """One field of one applicant with its value and where the value came from.

    Attributes:
        field: the form's field.
        state: pre-filled, typed, corrected or missing.
        value: the department's value (a str, int, Decimal, date, bool or records) when
            pre-filled; the clerk's text when typed or corrected; None when missing.
        provenance: the department's provenance, when pre-filled.
        original: the department's value the clerk replaced, when corrected.
        offers: when departments disagree, every department's value, the authoritative
            (default) one first; empty when they agree.
        authoritative: False when the department value (or, once corrected, the
            original) came from another department because the authoritative one did
            not answer (``LookupValues.not_authoritative``), or the clerk chose another
            department's offer; keeping the value accepts it, :func:`correct` replaces it.
    """

    field: FormField
    state: FieldState
    value: object = None
    provenance: Provenance | None = None
    original: CatalogValue | None = None
    offers: tuple[CatalogValue, ...] = ()
    authoritative: bool = True

    @property
    def verified(self) -> bool:
        """A department vouches for the value now on the field."""
        return (
            self.state is FieldState.PREFILLED
            and self.provenance is not None
            and self.provenance.verified
        )

    @property
    def department(self) -> str | None:
        """The department the value (or, once corrected, the original) came from."""
        if self.provenance is not None:
            return self.provenance.department
        return self.original.provenance.department if self.original is not None else None

    @property
    def conflict(self) -> bool:
        return len(self.offers) > 1

    @property
    def text(self) -> str:
        """The value as text (``""`` when missing)."""
        return value_text(self.value)


@dataclass(frozen=True)
class FieldRef:
    """A field named in a report: id, applicant and labels."""

    field_id: str
    applicant: int
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class PrefillReport:
    """How much of a form the departments filled (the hall's pre-fill rate)."""

    prefilled: tuple[FieldRef, ...]
    typed: tuple[FieldRef, ...]
    corrected: tuple[FieldRef, ...]
    missing: tuple[FieldRef, ...]

    @property
    def counts(self) -> Mapping[FieldState, int]:
        """How many fields are in each state."""
        return MappingProxyType(
            {
                FieldState.PREFILLED: len(self.prefilled),
                FieldState.TYPED: len(self.typed),
                FieldState.CORRECTED: len(self.corrected),
                FieldState.MISSING: len(self.missing),
            }
        )

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def prefill_rate(self) -> float:
        """Share of the form's fields holding a department's value (0.0 for no fields)."""
        return len(self.prefilled) / self.total if self.total else 0.0


@dataclass(frozen=True)
class PrefilledForm:
    """A form with one value (or none) per field, per applicant.

    Attributes:
        form: the service form.
        fields: one entry per form field, in form order.
        answered: applicant -> the departments that answered for them (a record or "no
            such person"), which tells "holds no value" from "did not answer".
    """

    form: ServiceForm
    fields: tuple[PrefilledField, ...]
    answered: Mapping[int, frozenset[str]]

    def field(self, field_id: str, applicant: int = 1) -> PrefilledField:
        """The entry of one field.

        Raises:
            KeyError: the form has no such field.
        """
        for entry in self.fields:
            if entry.field.id == field_id and entry.field.applicant == applicant:
                return entry
        raise KeyError(f"{self.form.id} has no field {field_id!r} for applicant {applicant}")

    def for_item(self, item: str, applicant: int) -> PrefilledField | None:
        """The entry of the field bound to ``item`` for ``applicant``, or None."""
        return next(
            (e for e in self.fields if e.field.item == item and e.field.applicant == applicant),
            None,
        )

    @property
    def conflicts(self) -> tuple[PrefilledField, ...]:
        """The fields whose departments disagree, for the clerk to check."""
        return tuple(e for e in self.fields if e.conflict)

    def report(self) -> PrefillReport:
        """Fields pre-filled, typed, corrected and missing."""
        by_state: dict[FieldState, list[FieldRef]] = {state: [] for state in FieldState}
        for entry in self.fields:
            f = entry.field
            by_state[entry.state].append(FieldRef(f.id, f.applicant, f.label_zh, f.label_en))
        return PrefillReport(
            tuple(by_state[FieldState.PREFILLED]),
            tuple(by_state[FieldState.TYPED]),
            tuple(by_state[FieldState.CORRECTED]),
            tuple(by_state[FieldState.MISSING]),
        )

    def _with(self, entry: PrefilledField) -> PrefilledForm:
        key = entry.field.key
        fields = tuple(entry if e.field.key == key else e for e in self.fields)
        return replace(self, fields=fields)


def prefill(form: ServiceForm, lookups: Mapping[int, LookupValues]) -> PrefilledForm:
    """Fill every bound field from its applicant's lookup.

    Args:
        form: the service form.
        lookups: applicant (1-based) -> that person's merged lookup values (which also
            tell which departments answered). An applicant not looked up yet leaves their
            bound fields missing.

    Returns:
        The pre-filled form; typed fields start missing.
    """
    values = dict(lookups)
    answered = {
        applicant: lookup.answered
        | frozenset(v.provenance.department for v in lookup.values.values())
        for applicant, lookup in lookups.items()
    }
    entries = [_entry(f, values.get(f.applicant)) for f in form.fields]
    return PrefilledForm(form, tuple(entries), MappingProxyType(answered))


def _entry(field: FormField, lookup: LookupValues | None) -> PrefilledField:
    if field.item is None or lookup is None or field.item not in lookup.values:
        return PrefilledField(field, FieldState.MISSING)
    chosen = lookup.values[field.item]
    conflict = lookup.conflict(field.item)
    offers = (conflict.chosen, *conflict.others) if conflict is not None else ()
    return PrefilledField(
        field,
        FieldState.PREFILLED,
        chosen.value,
        chosen.provenance,
        None,
        offers,
        authoritative=field.item not in lookup.not_authoritative,
    )


def type_value(prefilled: PrefilledForm, field_id: str, applicant: int, text: str) -> PrefilledForm:
    """The clerk types a value for a field no department filled; ``""`` clears it.

    Raises:
        KeyError: no such field.
        PrefillError: the field holds a department's value (use :func:`correct`).
    """
    entry = prefilled.field(field_id, applicant)
    if entry.state in (FieldState.PREFILLED, FieldState.CORRECTED):
        raise PrefillError(
            f"{field_id} (applicant {applicant}) holds a department's value; use correct()"
        )
    text = text.strip()
    state = FieldState.TYPED if text else FieldState.MISSING
    return prefilled._with(PrefilledField(entry.field, state, text or None))


def correct(prefilled: PrefilledForm, field_id: str, applicant: int, text: str) -> PrefilledForm:
    """The clerk replaces a department's value; the original is kept.

    Correcting back to the original's text restores the department's (verified) value.

    Raises:
        KeyError: no such field.
        PrefillError: the field holds no department value (use :func:`type_value`).
    """
    entry = prefilled.field(field_id, applicant)
    if entry.state is FieldState.PREFILLED:
        original = CatalogValue(entry.field.item or "", entry.value, entry.provenance)  # type: ignore[arg-type]
    elif entry.state is FieldState.CORRECTED and entry.original is not None:
        original = entry.original
    else:
        raise PrefillError(f"{field_id} (applicant {applicant}) holds no department value")
    text = text.strip()
    if text == value_text(original.value):
        restored = PrefilledField(
            entry.field, FieldState.PREFILLED, original.value, original.provenance, None
        )
        return prefilled._with(
            replace(restored, offers=entry.offers, authoritative=entry.authoritative)
        )
    corrected = PrefilledField(
        entry.field,
        FieldState.CORRECTED,
        text,
        None,
        original,
        entry.offers,
        authoritative=entry.authoritative,
    )
    return prefilled._with(corrected)


def choose(
    prefilled: PrefilledForm, field_id: str, applicant: int, department: str
) -> PrefilledForm:
    """The clerk picks one department's value where departments disagree.

    Raises:
        KeyError: no such field.
        PrefillError: that department offered no value for the field.
    """
    entry = prefilled.field(field_id, applicant)
    offer = next((o for o in entry.offers if o.provenance.department == department), None)
    if offer is None:
        offered = ", ".join(o.provenance.department for o in entry.offers) or "none"
        raise PrefillError(
            f"{department} offered no value for {field_id} (applicant {applicant}); "
            f"offers: {offered}"
        )
    if offer.provenance.department == entry.department:
        authoritative = entry.authoritative
    else:
        authoritative = entry.field.department in (None, offer.provenance.department)
    chosen = PrefilledField(
        entry.field,
        FieldState.PREFILLED,
        offer.value,
        offer.provenance,
        None,
        entry.offers,
        authoritative=authoritative,
    )
    return prefilled._with(chosen)


def departments_used(prefilled: PrefilledForm) -> tuple[str, ...]:
    """The departments whose values are on the form (a receipt's data-use notice)."""
    return tuple(dict.fromkeys(d for e in prefilled.fields if (d := e.department)))
