"""Service items (政务事项): one declarative form file per service, in ``forms/``."""

from counterapp.forms.loader import FormError, FormProblem, load_form, load_forms
from counterapp.forms.model import FieldType, FormField, ServiceForm

__all__ = [
    "FieldType",
    "FormError",
    "FormField",
    "FormProblem",
    "ServiceForm",
    "load_form",
    "load_forms",
]
