"""Service search: Chinese, pinyin, initials, English and id, ranked by quality and use."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from counterapp.app.service_search import (
    MatchedOn,
    ServiceSearch,
    ServiceUsage,
    normalize_query,
    search_services,
)
from counterapp.catalog import load_catalog
from counterapp.forms import ServiceForm, load_forms

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def forms() -> list[ServiceForm]:
    return list(load_forms(load_catalog()).values())


@pytest.fixture(scope="module")
def search(forms: list[ServiceForm]) -> ServiceSearch:
    return ServiceSearch(forms)


def ids(matches) -> list[str]:
    return [m.form.id for m in matches]


def test_initials_find_marriage_registration_first(search: ServiceSearch) -> None:
    matches = search.search("jhdj", now=NOW)
    assert matches[0].form.title_zh == "结婚登记"
    assert matches[0].matched_on is MatchedOn.INITIALS


def test_initials_inside_the_title(search: ServiceSearch) -> None:
    matches = search.search("gjj", now=NOW)
    assert matches[0].form.title_zh == "住房公积金提取"
    assert matches[0].matched_on is MatchedOn.INITIALS


def test_full_pinyin_prefix(search: ServiceSearch) -> None:
    matches = search.search("jiehun", now=NOW)
    assert matches[0].form.title_zh == "结婚登记"
    assert matches[0].matched_on is MatchedOn.PINYIN


def test_full_pinyin_with_spaces_and_capitals(search: ServiceSearch) -> None:
    assert search.search("Jie Hun Deng Ji", now=NOW)[0].form.title_zh == "结婚登记"


def test_english_title(search: ServiceSearch) -> None:
    matches = search.search("marriage", now=NOW)
    assert ids(matches) == ["marriage-registration"]
    assert matches[0].matched_on is MatchedOn.TITLE_EN


def test_chinese_title(search: ServiceSearch) -> None:
    matches = search.search("登记", now=NOW)
    assert "marriage-registration" in ids(matches)
    assert all("登记" in m.form.title_zh for m in matches)
    assert all(m.matched_on is MatchedOn.TITLE_ZH for m in matches)


def test_service_id(search: ServiceSearch) -> None:
    matches = search.search("hukou-transfer", now=NOW)
    assert matches[0].form.id == "hukou-transfer"
    assert matches[0].matched_on is MatchedOn.ID


def test_full_width_query_is_folded() -> None:
    assert normalize_query("ＪＨＤＪ  ") == "jhdj"


def test_no_match(search: ServiceSearch) -> None:
    assert search.search("zzzzqqq", now=NOW) == []


def test_prefix_ranks_above_substring(search: ServiceSearch) -> None:
    matches = search.search("hu", now=NOW)
    by_id = {m.form.id: m for m in matches}
    assert matches[0].form.id == "hukou-transfer"  # hu-kou: a prefix
    assert by_id["marriage-registration"].score < matches[0].score  # jie-hun: inside
    scores = [m.score for m in matches]
    assert scores == sorted(scores, reverse=True)


def test_plain_substring_matches_last(search: ServiceSearch) -> None:
    matches = search.search("engji", now=NOW)  # inside deng-ji, at no syllable start
    assert "marriage-registration" in ids(matches)
    assert all(m.score < 2000 for m in matches)


def test_mixed_syllable_abbreviation(search: ServiceSearch) -> None:
    assert search.search("jhdengji", now=NOW)[0].form.id == "marriage-registration"
    assert ids(search.search("shehuibzk", now=NOW))[:2] == [
        "newborn-social-security-card",
        "social-security-card",
    ]


def test_exact_beats_prefix(search: ServiceSearch) -> None:
    matches = search.search("出生登记", now=NOW)
    assert matches[0].form.id == "newborn-hukou"


def test_frequent_service_first_among_equal_matches(search: ServiceSearch) -> None:
    unused = search.search("shehuibaozhangka", now=NOW)
    assert ids(unused)[:2] == ["newborn-social-security-card", "social-security-card"]
    usage = ServiceUsage(counts={"social-security-card": 5})
    matches = search.search("shehuibaozhangka", usage, now=NOW)
    assert ids(matches)[:2] == ["social-security-card", "newborn-social-security-card"]


def test_recent_beats_old_frequent(search: ServiceSearch) -> None:
    usage = ServiceUsage()
    for _ in range(8):
        usage.record("social-security-card", NOW - timedelta(days=60))
    usage.record("newborn-social-security-card", NOW - timedelta(minutes=5))
    matches = search.search("shbzk", usage, now=NOW)
    assert ids(matches)[0] == "newborn-social-security-card"


def test_usage_never_lifts_a_weaker_match(search: ServiceSearch) -> None:
    usage = ServiceUsage(counts={"newborn-medical-insurance": 500})
    matches = search.search("出生登记", usage, now=NOW)
    assert matches[0].form.id == "newborn-hukou"


def test_empty_query_lists_used_services_first_then_the_rest(
    search: ServiceSearch, forms: list[ServiceForm]
) -> None:
    usage = ServiceUsage()
    usage.record("hukou-transfer", NOW - timedelta(days=1))
    usage.record("marriage-registration", NOW - timedelta(days=1))
    usage.record("marriage-registration", NOW - timedelta(hours=1))
    matches = search.search("", usage, now=NOW)
    assert ids(matches)[:2] == ["marriage-registration", "hukou-transfer"]
    rest = [f.id for f in forms if f.id not in {"marriage-registration", "hukou-transfer"}]
    assert ids(matches)[2:] == rest
    assert all(m.matched_on is None for m in matches)


def test_usage_record_keeps_the_latest_time() -> None:
    usage = ServiceUsage()
    usage.record("x", NOW)
    usage.record("x", NOW - timedelta(days=3))
    assert usage.counts == {"x": 2}
    assert usage.last_used == {"x": NOW}


def test_one_off_search(forms: list[ServiceForm]) -> None:
    assert search_services(forms, "jhdj", now=NOW)[0].form.id == "marriage-registration"
