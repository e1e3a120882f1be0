"""Eligibility rules on data the simulator's departments verified, each result explained."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from counterapp.forms import ServiceForm
from counterapp.forms.eligibility import (
    EligibilityResult,
    Outcome,
    Verdict,
    evaluate,
    verdict,
)
from counterapp.forms.prefill import PrefilledForm, correct, prefill
from counterapp.sim.model import Person, Population

Finder = Callable[..., Person]
Prefilled = Callable[..., PrefilledForm]


def results_for(
    form: ServiceForm, filled: PrefilledForm, today: date
) -> dict[tuple[str, int], EligibilityResult]:
    return {(r.rule_id, r.applicant): r for r in evaluate(form, filled, today)}


def no_id_numbers(results: dict[tuple[str, int], EligibilityResult], *people: Person) -> None:
    for result in results.values():
        for who in people:
            assert who.id_number not in result.explanation_zh + result.explanation_en
            assert who.id_number[6:14] not in result.explanation_zh  # nor the birth date in it


def test_two_free_adults_may_marry(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    groom = person(status="10", gender="1", ages=(23, 40))
    bride = person(status="30", gender="2", ages=(25, 60))
    form = forms["marriage-registration"]
    results = results_for(
        form, prefilled(form.id, groom.id_number, bride.id_number), population.today
    )
    assert {k: r.outcome for k, r in results.items()} == {
        ("no_spouse", 1): Outcome.PASSED,
        ("no_spouse", 2): Outcome.PASSED,
        ("man_minimum_age", 1): Outcome.PASSED,
        ("man_minimum_age", 2): Outcome.NOT_APPLICABLE,
        ("woman_minimum_age", 1): Outcome.NOT_APPLICABLE,
        ("woman_minimum_age", 2): Outcome.PASSED,
    }
    assert all(r.verified for r in results.values())
    assert verdict(results.values()) is Verdict.ELIGIBLE
    widow = results[("no_spouse", 2)]
    assert widow.explanation_zh.startswith("申请人2 婚姻状况为 丧偶（民政 核验），符合条件")
    assert widow.explanation_en.startswith(
        "Applicant 2: marital status is widowed (verified by Civil Affairs); meets the condition"
    )
    assert widow.department == "civil"
    assert "本条不适用" in results[("woman_minimum_age", 1)].explanation_zh
    no_id_numbers(results, groom, bride)


def test_a_married_applicant_fails_with_the_reason(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    groom = person(status="40", gender="1", ages=(30, 50))
    married = person(status="21", gender="2", ages=(25, 50))
    form = forms["marriage-registration"]
    results = results_for(
        form, prefilled(form.id, groom.id_number, married.id_number), population.today
    )
    failed = results[("no_spouse", 2)]
    assert failed.outcome is Outcome.FAILED and failed.verified
    assert failed.explanation_zh == (
        "申请人2 婚姻状况为 已婚（民政 核验），不符合结婚登记条件："
        "双方均须无配偶（未婚、离婚或丧偶）"
    )
    assert failed.explanation_en == (
        "Applicant 2: marital status is married (verified by Civil Affairs); does not meet "
        "the conditions for marriage registration: neither party may be married "
        "(must be unmarried, divorced or widowed)"
    )
    assert results[("no_spouse", 1)].outcome is Outcome.PASSED  # divorced
    assert "离婚" in results[("no_spouse", 1)].explanation_zh
    assert verdict(results.values()) is Verdict.INELIGIBLE
    no_id_numbers(results, groom, married)


def test_an_underage_applicant_fails_by_birth_date(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    young = person(status="10", gender="1", ages=(18, 21))
    bride = person(status="10", gender="2", ages=(20, 30))
    form = forms["marriage-registration"]
    results = results_for(
        form, prefilled(form.id, young.id_number, bride.id_number), population.today
    )
    too_young = results[("man_minimum_age", 1)]
    today = population.today
    years = (
        today.year
        - young.birth_date.year
        - ((today.month, today.day) < (young.birth_date.month, young.birth_date.day))
    )
    assert too_young.outcome is Outcome.FAILED and too_young.verified
    assert too_young.explanation_zh == (
        f"申请人1 年龄为 {years} 周岁（据出生日期，公安机关 核验），不符合结婚登记条件："
        "男方须年满二十二周岁（民法典第一千零四十七条）"
    )
    assert f"age is {years} (from date of birth, verified by Public Security)" in (
        too_young.explanation_en
    )
    no_id_numbers(results, young, bride)


def test_fund_withdrawal_needs_six_months_and_an_open_account(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    form = forms["housing-fund-withdrawal"]
    fund = population.housing_fund
    short = person(
        where=lambda p: p.id_number in fund and fund[p.id_number].contribution_months < 6
    )
    closed = person(where=lambda p: p.id_number in fund and fund[p.id_number].status == "销户")
    good = person(
        where=lambda p: (
            p.id_number in fund
            and fund[p.id_number].status == "封存"
            and fund[p.id_number].contribution_months >= 6
        )
    )
    months = fund[short.id_number].contribution_months
    result = results_for(form, prefilled(form.id, short.id_number), population.today)
    assert result[("deposit_months", 1)].outcome is Outcome.FAILED
    assert result[("deposit_months", 1)].explanation_zh == (
        f"申请人 连续缴存月数为 {months}（住房公积金中心 核验），不符合住房公积金提取条件："
        "须连续足额缴存住房公积金满6个月"
    )
    result = results_for(form, prefilled(form.id, closed.id_number), population.today)
    assert result[("account_open", 1)].outcome is Outcome.FAILED
    assert "账户状态为 销户（住房公积金中心 核验）" in result[("account_open", 1)].explanation_zh
    result = results_for(form, prefilled(form.id, good.id_number), population.today)
    assert verdict(result.values()) is Verdict.ELIGIBLE
    assert "The applicant: housing fund account status is 封存" in (
        result[("account_open", 1)].explanation_en
    )


def test_resident_pension_is_for_people_outside_the_employee_scheme(
    forms: dict[str, ServiceForm], population: Population, person: Finder, prefilled: Prefilled
) -> None:
    form = forms["resident-pension-enrolment"]
    social = population.social
    teen = person(ages=(16, 17))
    employee = person(where=lambda p: bool(social[p.id_number].employer_name))
    enrolled = person(where=lambda p: social[p.id_number].pension_enrolled)
    child = person(ages=(10, 15))

    teen_results = results_for(form, prefilled(form.id, teen.id_number), population.today)
    assert verdict(teen_results.values()) is Verdict.ELIGIBLE
    absent = teen_results[("not_employee_pension", 1)]
    assert absent.outcome is Outcome.PASSED and absent.verified
    assert absent.explanation_zh.startswith(
        "申请人 参保单位名称无记录（人力资源和社会保障 核验），符合条件"
    )

    worker = results_for(form, prefilled(form.id, employee.id_number), population.today)
    employer = social[employee.id_number].employer_name
    assert worker[("not_employee_pension", 1)].outcome is Outcome.FAILED
    assert f"参保单位名称为 {employer}" in worker[("not_employee_pension", 1)].explanation_zh

    twice = results_for(form, prefilled(form.id, enrolled.id_number), population.today)
    assert twice[("not_enrolled_yet", 1)].outcome is Outcome.FAILED
    assert "参加基本养老保险为 是（人力资源和社会保障 核验）" in (
        twice[("not_enrolled_yet", 1)].explanation_zh
    )
    young = results_for(form, prefilled(form.id, child.id_number), population.today)
    assert young[("minimum_age", 1)].outcome is Outcome.FAILED


def test_missing_or_unverified_data_leaves_a_rule_unknown(
    forms: dict[str, ServiceForm],
    population: Population,
    person: Finder,
    prefilled: Prefilled,
    look_up,
) -> None:
    form = forms["marriage-registration"]
    groom = person(status="10", gender="1", ages=(23, 40))
    only_one = prefill(form, {1: look_up(form, groom.id_number, 1).values})
    results = results_for(form, only_one, population.today)
    unknown = results[("no_spouse", 2)]
    assert unknown.outcome is Outcome.UNKNOWN and not unknown.verified
    assert unknown.explanation_zh == (
        "申请人2 婚姻状况无数据（民政 未答复），无法依据共享数据判断，请查验证明材料："
        "双方均须无配偶（未婚、离婚或丧偶）"
    )
    assert results[("man_minimum_age", 2)].outcome is Outcome.UNKNOWN  # sex unknown
    assert "无法判断本条是否适用" in results[("man_minimum_age", 2)].explanation_zh
    assert verdict(results.values()) is Verdict.UNDETERMINED

    bride = person(status="10", gender="2", ages=(21, 40))
    both = prefilled(form.id, groom.id_number, bride.id_number)
    corrected = correct(both, "marital_status", 2, "40")
    result = results_for(form, corrected, population.today)[("no_spouse", 2)]
    assert result.outcome is Outcome.UNKNOWN and not result.verified
    assert result.explanation_zh.startswith("申请人2 婚姻状况已由窗口更正，未经部门核验")
    assert "40" not in result.explanation_zh  # a typed value is not read out as if verified
