"""Evaluate a form's eligibility rules on verified data, and explain every result.

A rule passes or fails only on a value a department verified; a value the clerk typed or
corrected, or no value at all, leaves it unknown, and the explanation tells the clerk to
check the documents instead. Explanations name what a value means (``已婚``, ``年龄为 19
周岁``) and which department verified it, never an identity number (the loader refuses
rules on such items).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from counterapp.forms.model import (
    AGE_OPS,
    Condition,
    EligibilityRule,
    FieldType,
    RuleOp,
    ServiceForm,
)
from counterapp.forms.prefill import FieldState, PrefilledField, PrefilledForm
from counterapp.forms.values import meaning


class Outcome(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"  # data missing or not verified: the clerk checks the documents
    NOT_APPLICABLE = "not_applicable"  # the rule's ``when`` does not hold (e.g. women)


class Verdict(StrEnum):
    ELIGIBLE = "eligible"  # every rule passed (or does not apply)
    INELIGIBLE = "ineligible"  # some rule failed
    UNDETERMINED = "undetermined"  # none failed, some unknown


@dataclass(frozen=True)
class EligibilityResult:
    """One rule for one applicant.

    Attributes:
        rule_id: the rule.
        applicant: who was tested (1-based).
        outcome: passed, failed, unknown or not applicable.
        verified: the outcome was decided on values a department verified.
        explanation_zh: what was found and what the rule requires, in Chinese.
        explanation_en: the same in English.
        department: the department whose value decided it, if any.
    """

    rule_id: str
    applicant: int
    outcome: Outcome
    verified: bool
    explanation_zh: str
    explanation_en: str
    department: str | None = None


@dataclass(frozen=True)
class _Test:
    """A condition tested on one applicant: True, False or None (cannot tell)."""

    holds: bool | None
    verified: bool
    phrase_zh: str
    phrase_en: str
    department: str | None


def evaluate(
    form: ServiceForm, prefilled: PrefilledForm, today: date
) -> tuple[EligibilityResult, ...]:
    """Test every rule of the form for every applicant it names.

    Args:
        form: the service form.
        prefilled: its values.
        today: the day ages are counted on (the hall's day).

    Returns:
        One result per rule and applicant, in rule order.
    """
    return tuple(
        _judge(form, prefilled, rule, applicant, today)
        for rule in form.eligibility
        for applicant in rule.applicants
    )


def verdict(results: Iterable[EligibilityResult]) -> Verdict:
    """Ineligible when a rule failed, undetermined when one is unknown, else eligible."""
    outcomes = {r.outcome for r in results}
    if Outcome.FAILED in outcomes:
        return Verdict.INELIGIBLE
    if Outcome.UNKNOWN in outcomes:
        return Verdict.UNDETERMINED
    return Verdict.ELIGIBLE


def _judge(
    form: ServiceForm, prefilled: PrefilledForm, rule: EligibilityRule, applicant: int, today: date
) -> EligibilityResult:
    who_zh, who_en = form.party_zh(applicant), form.party_en(applicant)

    def result(outcome: Outcome, test: _Test, zh: str, en: str) -> EligibilityResult:
        return EligibilityResult(
            rule.id,
            applicant,
            outcome,
            test.verified and outcome is not Outcome.UNKNOWN,
            f"{who_zh} {test.phrase_zh}，{zh}：{rule.message_zh}",
            f"{who_en}: {test.phrase_en}; {en}: {rule.message_en}",
            test.department,
        )

    if rule.when is not None:
        condition = _test(form, prefilled, rule.when, applicant, today)
        if condition.holds is None:
            return result(
                Outcome.UNKNOWN,
                condition,
                "无法判断本条是否适用，请查验证明材料",
                "cannot tell whether the rule applies, check the documents",
            )
        if not condition.holds:
            return result(
                Outcome.NOT_APPLICABLE, condition, "本条不适用", "the rule does not apply"
            )
    test = _test(form, prefilled, rule.test, applicant, today)
    if test.holds is None:
        return result(
            Outcome.UNKNOWN,
            test,
            "无法依据共享数据判断，请查验证明材料",
            "cannot be decided on shared data, check the documents",
        )
    if test.holds:
        return result(Outcome.PASSED, test, "符合条件", "meets the condition")
    return result(
        Outcome.FAILED,
        test,
        f"不符合{form.title_zh}条件",
        f"does not meet the conditions for {form.title_en.lower()}",
    )


def _test(
    form: ServiceForm, prefilled: PrefilledForm, condition: Condition, applicant: int, today: date
) -> _Test:
    entry = prefilled.for_item(condition.item, applicant)
    if entry is None:  # the loader makes sure rules test bound items; a foreign form may not
        return _Test(
            None, False, f"{condition.item} 不在表单上", f"{condition.item} not on the form", None
        )
    label_zh, label_en = entry.field.label_zh, entry.field.label_en
    department = entry.department
    dept = form.department_label(department or entry.field.department or "")
    if entry.state is not FieldState.MISSING and not entry.verified:
        how_zh, how_en = _UNVERIFIED.get(entry.state, ("的来源", "came from a source"))
        return _Test(
            None,
            False,
            f"{label_zh}{how_zh}，未经部门核验",
            f"{label_en} {how_en}, not verified by a department",
            department,
        )
    if entry.state is FieldState.MISSING:
        if entry.field.department in prefilled.answered.get(applicant, frozenset()):
            holds = {RuleOp.ABSENT: True, RuleOp.PRESENT: False}.get(condition.op)
            return _Test(
                holds,
                holds is not None,
                f"{label_zh}无记录（{dept.name_zh} 核验）",
                f"{label_en}: no record (verified by {dept.name_en})",
                entry.field.department,
            )
        return _Test(
            None,
            False,
            f"{label_zh}无数据（{dept.name_zh} 未答复）",
            f"{label_en}: no data ({dept.name_en} did not answer)",
            None,
        )
    return _compare(entry, condition, today, dept.name_zh, dept.name_en)


_UNVERIFIED = {
    FieldState.CORRECTED: ("已由窗口更正", "was corrected at the counter"),
    FieldState.TYPED: ("为窗口录入值", "was entered at the counter"),
}


def _compare(
    entry: PrefilledField, condition: Condition, today: date, dept_zh: str, dept_en: str
) -> _Test:
    field, value, op, wanted = entry.field, entry.value, condition.op, condition.value
    if op in AGE_OPS and isinstance(value, date):
        age = today.year - value.year - ((today.month, today.day) < (value.month, value.day))
        holds = age >= wanted if op is RuleOp.AGE_GE else age <= wanted  # type: ignore[operator]
        return _Test(
            holds,
            True,
            f"年龄为 {age} 周岁（据{field.label_zh}，{dept_zh} 核验）",
            f"age is {age} (from {field.label_en.lower()}, verified by {dept_en})",
            entry.department,
        )
    zh, en = meaning(value, field.code_table, amount=field.type is FieldType.AMOUNT)
    phrase_zh = f"{field.label_zh}为 {zh}（{dept_zh} 核验）"
    phrase_en = f"{field.label_en.lower()} is {en} (verified by {dept_en})"
    outcome: bool | None
    try:
        outcome = _holds(op, value, wanted)
    except TypeError:  # a department's value of an unexpected type: the clerk decides
        outcome = None
    return _Test(outcome, outcome is not None, phrase_zh, phrase_en, entry.department)


def _holds(op: RuleOp, value: object, wanted: object) -> bool | None:
    if op is RuleOp.PRESENT:
        return True
    if op is RuleOp.ABSENT:
        return False
    if op is RuleOp.IN:
        return value in wanted  # type: ignore[operator]
    if op is RuleOp.NOT_IN:
        return value not in wanted  # type: ignore[operator]
    if op is RuleOp.EQ:
        return value == wanted
    if op is RuleOp.NE:
        return value != wanted
    if op is RuleOp.GE:
        return value >= wanted  # type: ignore[operator]
    if op is RuleOp.LE:
        return value <= wanted  # type: ignore[operator]
    return None  # an age rule on a value that is not a date
