"""A service item's form, as declared by its file in ``forms/`` (see docs/forms.md).

A field is either bound to a catalog item (pre-filled from the departments' answers) or
typed by the clerk. The catalog items a form binds are what a lookup for the service asks
for, and nothing more (PIPL art. 6, minimum necessary). A form also declares the supporting
documents (materials) the service requires, each with the catalog items whose verified
values exempt it, and eligibility rules evaluated on verified data. A bundle (一件事一次办)
is a form that includes other forms; its fields, materials and rules are the merged ones.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType


class FieldType(enum.StrEnum):
    """A field's value type (the catalog item's type when the field is bound)."""

    STRING = "string"
    DATE = "date"
    INTEGER = "integer"
    DECIMAL = "decimal"
    AMOUNT = "amount"
    BOOLEAN = "boolean"
    CODE = "code"
    LIST = "list"


class FieldFormat(enum.StrEnum):
    """A national format a string field's value must have (checked by counterapp.standards)."""

    RESIDENT_ID = "resident_id"  # GB 11643, MOD 11-2 check character
    MOBILE = "mobile"  # mainland mobile number, 11 digits
    CREDIT_CODE = "credit_code"  # GB 32100 unified social credit code


class OriginalOrCopy(enum.StrEnum):
    """What the applicant hands over for a material."""

    ORIGINAL = "original"
    COPY = "copy"
    ORIGINAL_AND_COPY = "original_and_copy"

    @property
    def label_zh(self) -> str:
        """``原件``, ``复印件`` or ``原件及复印件``."""
        return _HANDED_OVER[self][0]

    @property
    def label_en(self) -> str:
        """``original``, ``copy`` or ``original and copy``."""
        return _HANDED_OVER[self][1]


_HANDED_OVER: Mapping[OriginalOrCopy, tuple[str, str]] = {
    OriginalOrCopy.ORIGINAL: ("原件", "original"),
    OriginalOrCopy.COPY: ("复印件", "copy"),
    OriginalOrCopy.ORIGINAL_AND_COPY: ("原件及复印件", "original and copy"),
}


class RuleOp(enum.StrEnum):
    """How an eligibility rule tests a value (no expressions: one operator, one value)."""

    IN = "in"
    NOT_IN = "not_in"
    GE = ">="
    LE = "<="
    EQ = "=="
    NE = "!="
    PRESENT = "present"  # a department holds a value
    ABSENT = "absent"  # the authoritative department answered and holds no value
    AGE_GE = "age>="  # on a date item: full years on the day of evaluation
    AGE_LE = "age<="


VALUELESS_OPS = frozenset({RuleOp.PRESENT, RuleOp.ABSENT})
LIST_OPS = frozenset({RuleOp.IN, RuleOp.NOT_IN})
ORDER_OPS = frozenset({RuleOp.GE, RuleOp.LE})
AGE_OPS = frozenset({RuleOp.AGE_GE, RuleOp.AGE_LE})


@dataclass(frozen=True)
class FormField:
    """One field of a service form.

    Attributes:
        id: stable field id within the form (unique per applicant).
        label_zh: label on the Chinese screen (the catalog item's label when bound).
        label_en: label on the English screen.
        item: the catalog item that pre-fills it; None for a field the clerk types.
        type: the value type (the catalog item's type when bound).
        required: the case cannot be submitted without a value.
        applicant: which applicant it belongs to (1-based; 2 for the second party).
        format: a national format the value must have (from the item or the file).
        code_table: for code fields, the national table (e.g. ``GB/T 2261.1``).
        choices: for typed string fields, the only values allowed.
        department: for bound fields, the item's authoritative department id.
        parts: the forms that ask for it (several in a bundle).
    """

    id: str
    label_zh: str
    label_en: str
    item: str | None
    type: FieldType
    required: bool = True
    applicant: int = 1
    format: FieldFormat | None = None
    code_table: str | None = None
    choices: tuple[str, ...] = ()
    department: str | None = None
    parts: tuple[str, ...] = ()

    @property
    def key(self) -> tuple[str, int]:
        """(field id, applicant): what identifies the field on the form."""
        return (self.id, self.applicant)

    @property
    def case_id(self) -> str:
        """The field's id on a case: ``name`` for applicant 1, ``name@2`` for applicant 2."""
        return self.id if self.applicant == 1 else f"{self.id}@{self.applicant}"


@dataclass(frozen=True)
class MaterialSpec:
    """A supporting document (申请材料) the service requires.

    Attributes:
        id: stable material id within the form.
        name_zh: its name as on the service guide.
        name_en: its English name.
        proves: catalog items that, all verified by a department for the applicant, make
            the document unnecessary (免提交); empty when it must always be collected.
        applicants: whose document it is, one decision each (``"each"`` in the file).
        original_or_copy: what is handed over.
        required: False for documents needed only in some situations (如有).
    """

    id: str
    name_zh: str
    name_en: str
    proves: tuple[str, ...]
    applicants: tuple[int, ...]
    original_or_copy: OriginalOrCopy = OriginalOrCopy.ORIGINAL
    required: bool = True


@dataclass(frozen=True)
class Condition:
    """A test on one catalog item of one applicant: ``item op value``."""

    item: str
    op: RuleOp
    value: object = None


@dataclass(frozen=True)
class EligibilityRule:
    """A condition the applicants must meet, tested on verified data.

    Attributes:
        id: stable rule id within the form.
        test: what is tested.
        applicants: who is tested, one result each.
        message_zh: the requirement, in Chinese (e.g. ``须为未婚、离婚或丧偶``).
        message_en: the same in English.
        when: the rule applies only to applicants meeting this condition (e.g. men).
    """

    id: str
    test: Condition
    applicants: tuple[int, ...]
    message_zh: str
    message_en: str
    when: Condition | None = None


@dataclass(frozen=True)
class DepartmentLabel:
    """A department's short names, for explanations (``民政`` / ``Civil Affairs``)."""

    name_zh: str
    name_en: str


@dataclass(frozen=True)
class ServiceForm:
    """One service item (or bundle): identity, version, fields, materials and rules.

    Attributes:
        id: the stable slug, equal to the file name.
        version: a case records the version it used.
        title_zh: the service's Chinese name.
        title_en: its English name.
        applicants: how many people are looked up (1-4).
        fields: in form order; a bundle's are merged, each shared one once.
        department: the handling department (承办机构), as printed.
        legal_basis: the laws and regulations it rests on (a bundle lists its parts').
        promised_days: promised processing time in working days; 0 = on the spot (即办).
        fee: in yuan; 0 when free.
        materials: the supporting documents, deduplicated by id in a bundle.
        eligibility: the rules the applicants must meet.
        parts: for a bundle, the forms it combines, in order.
        department_labels: department id -> short names (from the catalog).
    """

    id: str
    version: str
    title_zh: str
    title_en: str
    applicants: int
    fields: tuple[FormField, ...]
    department: str = ""
    legal_basis: tuple[str, ...] = ()
    promised_days: int = 0
    fee: Decimal = Decimal("0")
    materials: tuple[MaterialSpec, ...] = ()
    eligibility: tuple[EligibilityRule, ...] = ()
    parts: tuple[ServiceForm, ...] = ()
    department_labels: Mapping[str, DepartmentLabel] = field(
        default_factory=lambda: MappingProxyType({}), compare=False, repr=False
    )

    @property
    def is_bundle(self) -> bool:
        return bool(self.parts)

    @property
    def items(self) -> frozenset[str]:
        """The catalog items a lookup for this service needs."""
        return frozenset(f.item for f in self.fields if f.item)

    def items_for_applicant(self, applicant: int) -> frozenset[str]:
        """The catalog items to look up for one applicant (1-based)."""
        return frozenset(f.item for f in self.fields if f.item and f.applicant == applicant)

    def field(self, field_id: str, applicant: int = 1) -> FormField:
        """The field with this id for this applicant.

        Raises:
            KeyError: the form has no such field.
        """
        for candidate in self.fields:
            if candidate.id == field_id and candidate.applicant == applicant:
                return candidate
        raise KeyError(f"{self.id} has no field {field_id!r} for applicant {applicant}")

    def field_for_item(self, item: str, applicant: int) -> FormField | None:
        """The field bound to ``item`` for ``applicant``, or None."""
        return next((f for f in self.fields if f.item == item and f.applicant == applicant), None)

    def department_label(self, department: str) -> DepartmentLabel:
        """Short names of a department; its id when the catalog does not know it."""
        return self.department_labels.get(department, DepartmentLabel(department, department))

    def title(self, chinese: bool = True) -> str:
        """The service's title in Chinese or English."""
        return self.title_zh if chinese else self.title_en

    def party(self, applicant: int, chinese: bool = True) -> str:
        """:meth:`party_zh` or :meth:`party_en`."""
        return self.party_zh(applicant) if chinese else self.party_en(applicant)

    def party_zh(self, applicant: int) -> str:
        """``申请人`` on a one-applicant form, else ``申请人2``."""
        return "申请人" if self.applicants == 1 else f"申请人{applicant}"

    def party_en(self, applicant: int) -> str:
        """``The applicant`` on a one-applicant form, else ``Applicant 2``."""
        return "The applicant" if self.applicants == 1 else f"Applicant {applicant}"
