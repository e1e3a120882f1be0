"""Cases (办件): states and transitions, numbers, working-day deadlines, the typed case.

Pure Python, no I/O; the store keeps cases (``counterapp.store.cases``) and the app layer
submits and moves them (``counterapp.app.cases``).
"""

from counterapp.cases.deadlines import (
    DUE_SOON_DAYS,
    HALL_TIMEZONE,
    CalendarNotCovered,
    DueDate,
    add_working_days,
    hall_day,
    hall_day_start,
    is_due_soon,
    is_overdue,
    is_working_day,
    last_calendar_year,
    promised_due_date,
    working_days_between,
)
from counterapp.cases.model import (
    Applicant,
    ApplicantRole,
    Case,
    CaseSubmission,
    FieldSource,
    FieldValue,
    Material,
    MaterialState,
    SourceKind,
    TimelineEntry,
)
from counterapp.cases.numbers import (
    CaseNumber,
    InvalidCaseNumber,
    format_case_number,
    parse_case_number,
)
from counterapp.cases.states import (
    TRANSITIONS,
    CaseState,
    IllegalTransition,
    check_transition,
    is_resubmission,
    permission_for,
)

__all__ = [
    "DUE_SOON_DAYS",
    "HALL_TIMEZONE",
    "TRANSITIONS",
    "Applicant",
    "ApplicantRole",
    "CalendarNotCovered",
    "Case",
    "CaseNumber",
    "CaseState",
    "CaseSubmission",
    "DueDate",
    "FieldSource",
    "FieldValue",
    "IllegalTransition",
    "InvalidCaseNumber",
    "Material",
    "MaterialState",
    "SourceKind",
    "TimelineEntry",
    "add_working_days",
    "check_transition",
    "format_case_number",
    "hall_day",
    "hall_day_start",
    "is_due_soon",
    "is_overdue",
    "is_resubmission",
    "is_working_day",
    "last_calendar_year",
    "parse_case_number",
    "permission_for",
    "promised_due_date",
    "working_days_between",
]
