"""The checks a counter makes before accepting a case, and why it cannot accept one yet.

Eligibility first, then the form's own validation, then the papers: a required one
neither exempt nor handed over stops the case with the one-time notification. Each stop
is a typed error that says what is wrong in Chinese (``reason_zh``, for the clerk's
screen) and English; nothing is saved.
"""

from __future__ import annotations

from collections.abc import Sequence

from counterapp.cases import Applicant, ApplicantRole, CaseSubmission
from counterapp.errors import CounterError
from counterapp.forms import (
    EligibilityResult,
    FieldProblem,
    MaterialDecision,
    MaterialHandover,
    OneTimeNotice,
    PrefilledForm,
    ServiceForm,
    Verdict,
    one_time_notice,
    to_case_submission,
    validate,
    verdict,
)


class CounterFlowStopped(CounterError):
    """The case cannot be accepted yet; ``reason_zh`` is for the clerk's screen."""


class NotEligible(CounterFlowStopped):
    def __init__(self, results: tuple[EligibilityResult, ...]) -> None:
        failed = [r for r in results if r.outcome.value == "failed"]
        self.results = results
        super().__init__(
            "; ".join(r.explanation_en for r in failed),
            "；".join(r.explanation_zh for r in failed),
        )


class FormIncomplete(CounterFlowStopped):
    def __init__(self, problems: tuple[FieldProblem, ...]) -> None:
        self.problems = problems
        super().__init__(
            "; ".join(str(p) for p in problems), "；".join(p.message_zh for p in problems)
        )


class MaterialsMissing(CounterFlowStopped):
    def __init__(
        self,
        notice: OneTimeNotice,
        decisions: tuple[MaterialDecision, ...],
        applicants: tuple[Applicant, ...],
    ) -> None:
        self.notice = notice
        self.decisions = decisions
        self.applicants = applicants
        names = [item.name_zh for item in notice.items]
        super().__init__(
            "materials missing: "
            + ", ".join(i.name_en for i in notice.items)
            + " (print the one-time notification)",
            "缺少材料：" + "、".join(names) + "（可打印一次性告知书）",
        )


def acceptable_case(
    form: ServiceForm,
    filled: PrefilledForm,
    id_numbers: Sequence[str],
    decisions: tuple[MaterialDecision, ...],
    eligibility: tuple[EligibilityResult, ...],
) -> CaseSubmission:
    """The case to save, once the checks a counter makes before accepting it pass.

    Args:
        id_numbers: the applicants' resident IDs, main applicant first.
        decisions: the materials as decided (exempt / received / to collect).
        eligibility: the rules' results on ``filled``.

    Raises:
        NotEligible / FormIncomplete / MaterialsMissing: the case cannot be accepted yet.
    """
    if verdict(eligibility) is Verdict.INELIGIBLE:
        raise NotEligible(eligibility)
    problems = validate(form, filled)
    if problems:
        raise FormIncomplete(problems)
    applicants = applicants_of(filled, id_numbers)
    missing = tuple(d for d in decisions if d.status is MaterialHandover.TO_COLLECT)
    if any(d.material.required for d in missing):
        raise MaterialsMissing(one_time_notice(form, missing), decisions, applicants)
    return to_case_submission(form, filled, decisions, applicants)


def applicants_of(filled: PrefilledForm, id_numbers: Sequence[str]) -> tuple[Applicant, ...]:
    """The case's applicants: main applicant first, named as the departments know them."""
    return tuple(
        Applicant(
            id_number,
            _name(filled, number) or id_number[:6],
            ApplicantRole.APPLICANT if number == 1 else ApplicantRole.CO_APPLICANT,
        )
        for number, id_number in enumerate(id_numbers, start=1)
    )


def _name(filled: PrefilledForm, applicant: int) -> str | None:
    entry = filled.for_item("person.name", applicant)
    return None if entry is None or entry.value is None else str(entry.value)
