"""Service items (政务事项): one declarative form file per service, in ``forms/``.

Load the forms (:func:`load_forms`), pre-fill one from the departments' answers
(:func:`prefill`), evaluate its eligibility rules (:func:`evaluate`), decide which materials
are exempt (:func:`decide_materials`), check what the clerk typed (:func:`validate`) and
build the case (:func:`to_case_submission`). Pure Python: no I/O beyond reading form files.
See docs/forms.md.
"""

from counterapp.forms.case_submission import FormNotReady, to_case_submission
from counterapp.forms.eligibility import EligibilityResult, Outcome, Verdict, evaluate, verdict
from counterapp.forms.loader import FormError, FormProblem, load_form, load_forms
from counterapp.forms.materials import (
    GapReason,
    MaterialDecision,
    MaterialError,
    MaterialHandover,
    NoticeItem,
    OneTimeNotice,
    decide_materials,
    mark_received,
    one_time_notice,
    received_papers,
    with_received,
)
from counterapp.forms.model import (
    Condition,
    EligibilityRule,
    FieldFormat,
    FieldType,
    FormField,
    MaterialSpec,
    OriginalOrCopy,
    RuleOp,
    ServiceForm,
)
from counterapp.forms.prefill import (
    FieldState,
    PrefilledField,
    PrefilledForm,
    PrefillError,
    PrefillReport,
    choose,
    correct,
    prefill,
    type_value,
)
from counterapp.forms.validation import FieldProblem, ProblemKind, parse_value, validate

__all__ = [
    "Condition",
    "EligibilityResult",
    "EligibilityRule",
    "FieldFormat",
    "FieldProblem",
    "FieldState",
    "FieldType",
    "FormError",
    "FormField",
    "FormNotReady",
    "FormProblem",
    "GapReason",
    "MaterialDecision",
    "MaterialError",
    "MaterialHandover",
    "MaterialSpec",
    "NoticeItem",
    "OneTimeNotice",
    "OriginalOrCopy",
    "Outcome",
    "PrefillError",
    "PrefillReport",
    "PrefilledField",
    "PrefilledForm",
    "ProblemKind",
    "RuleOp",
    "ServiceForm",
    "Verdict",
    "choose",
    "correct",
    "decide_materials",
    "evaluate",
    "load_form",
    "load_forms",
    "mark_received",
    "one_time_notice",
    "parse_value",
    "prefill",
    "received_papers",
    "to_case_submission",
    "type_value",
    "validate",
    "verdict",
    "with_received",
]
