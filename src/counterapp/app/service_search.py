"""Find a service item by what a clerk types: Chinese, pinyin, initials, English or id.

A clerk at the window types "jhdj", "jiehun", "结婚", "marriage" or the service id and
expects 结婚登记 at the top; mixed abbreviations such as "jhdengji" or "shehuibzk"
(社会保障卡) match too, as runs of syllable prefixes. Matches are ranked by how well they
match (exact, prefix, word prefix, substring), then by how recently and how often this
workstation used the service (:class:`ServiceUsage`, which the caller persists). Pure
Python, no Qt.
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import IntEnum, StrEnum
from functools import cache

from pypinyin import Style, lazy_pinyin

from counterapp.forms import ServiceForm

RECENCY_HALF_LIFE_DAYS = 7.0
"""A use's recency bonus halves every week."""

RECENCY_WEIGHT = 10.0
"""A use right now counts as much as this many older uses."""

_TIER_WEIGHT = 1000.0


class MatchedOn(StrEnum):
    """Which key of a service the query matched."""

    TITLE_ZH = "title_zh"
    INITIALS = "initials"
    PINYIN = "pinyin"
    TITLE_EN = "title_en"
    ID = "id"


class MatchTier(IntEnum):
    """How well a query matches one key; higher is better."""

    SUBSTRING = 1
    WORD_PREFIX = 2
    PREFIX = 3
    EXACT = 4


@dataclass
class ServiceUsage:
    """How often and how recently this workstation used each service.

    Attributes:
        counts: service id -> number of cases started.
        last_used: service id -> when it was last used (timezone-aware).
    """

    counts: dict[str, int] = field(default_factory=dict)
    last_used: dict[str, datetime] = field(default_factory=dict)

    def record(self, service_id: str, when: datetime) -> None:
        """Count one use of ``service_id`` at ``when``."""
        self.counts[service_id] = self.counts.get(service_id, 0) + 1
        previous = self.last_used.get(service_id)
        if previous is None or when > previous:
            self.last_used[service_id] = when

    def points(self, service_id: str, now: datetime) -> float:
        """Frecency: the use count plus a bonus that decays with the last use's age."""
        count = self.counts.get(service_id, 0)
        last = self.last_used.get(service_id)
        if last is None:
            return float(count)
        age_days = max((now - last).total_seconds(), 0.0) / 86400.0
        return count + RECENCY_WEIGHT * math.pow(0.5, age_days / RECENCY_HALF_LIFE_DAYS)


@dataclass(frozen=True)
class ServiceMatch:
    """One service found for a query.

    Attributes:
        form: the service.
        score: higher ranks first; match quality dominates, usage breaks ties.
        matched_on: the key the query matched; None for an empty query.
    """

    form: ServiceForm
    score: float
    matched_on: MatchedOn | None


def normalize_query(text: str) -> str:
    """Fold full-width characters and case, and collapse whitespace."""
    folded = unicodedata.normalize("NFKC", text).casefold()
    return " ".join(folded.split())


def _syllables(title_zh: str) -> tuple[str, ...]:
    """The title's pinyin syllables without tones; punctuation dropped."""
    return tuple(s.casefold() for s in lazy_pinyin(title_zh) if s.isalnum())


def _initials(title_zh: str) -> str:
    """The first letters of the title's syllables ("jhdj" for 结婚登记)."""
    letters = lazy_pinyin(title_zh, style=Style.FIRST_LETTER)
    return "".join(s for s in letters if s.isalnum()).casefold()


def _syllable_prefix_start(query: str, syllables: tuple[str, ...]) -> int | None:
    """Where ``query`` spells consecutive syllables each by a prefix ("shebao", "jhdengji").

    Returns:
        The index of the first syllable of the earliest such run, or None.
    """
    if not query.isascii() or not query.isalpha():
        return None

    @cache
    def spells(at: int, index: int) -> bool:
        if at == len(query):
            return True
        if index == len(syllables):
            return False
        syllable = syllables[index]
        longest = min(len(syllable), len(query) - at)
        return any(
            query[at : at + size] == syllable[:size] and spells(at + size, index + 1)
            for size in range(longest, 0, -1)
        )

    return next((i for i in range(len(syllables)) if spells(0, i)), None)


def _tier(query: str, key: str, separators: str = "") -> MatchTier | None:
    """How ``query`` matches ``key``, or None when it does not occur in it."""
    if not query or not key:
        return None
    if key == query:
        return MatchTier.EXACT
    if key.startswith(query):
        return MatchTier.PREFIX
    position = key.find(query)
    if position < 0:
        return None
    while position >= 0:
        if key[position - 1] in separators:
            return MatchTier.WORD_PREFIX
        position = key.find(query, position + 1)
    return MatchTier.SUBSTRING


@dataclass(frozen=True)
class _IndexedService:
    form: ServiceForm
    order: int
    keys: tuple[tuple[MatchedOn, str, str], ...]  # (key kind, text, word separators)
    syllables: tuple[str, ...]

    def best_match(self, query: str) -> tuple[MatchTier, MatchedOn] | None:
        compact = query.replace(" ", "")
        best: tuple[MatchTier, MatchedOn] | None = None
        for kind, text, separators in self.keys:
            wanted = query if kind in (MatchedOn.TITLE_EN, MatchedOn.ID) else compact
            tier = _tier(wanted, text, separators)
            if kind is MatchedOn.INITIALS and tier is MatchTier.SUBSTRING:
                tier = MatchTier.WORD_PREFIX  # every initial starts a syllable
            if tier is not None and (best is None or tier > best[0]):
                best = (tier, kind)
        if best is None or best[0] < MatchTier.WORD_PREFIX:
            start = _syllable_prefix_start(compact, self.syllables)
            if start is not None:
                tier = MatchTier.PREFIX if start == 0 else MatchTier.WORD_PREFIX
                best = (tier, MatchedOn.PINYIN)
        return best


class ServiceSearch:
    """An index of the services, built once, searched on every keystroke.

    Args:
        forms: the services, in the order an empty, unused list shows them.
    """

    def __init__(self, forms: Iterable[ServiceForm]) -> None:
        self._services: list[_IndexedService] = []
        for order, form in enumerate(forms):
            syllables = _syllables(form.title_zh)
            keys = (
                (MatchedOn.TITLE_ZH, normalize_query(form.title_zh), ""),
                (MatchedOn.INITIALS, _initials(form.title_zh), ""),
                (MatchedOn.PINYIN, "".join(syllables), ""),
                (MatchedOn.TITLE_EN, normalize_query(form.title_en), " -(/"),
                (MatchedOn.ID, form.id.casefold(), "-_"),
            )
            self._services.append(_IndexedService(form, order, keys, syllables))

    def __len__(self) -> int:
        return len(self._services)

    def search(
        self, query: str, usage: ServiceUsage | None = None, now: datetime | None = None
    ) -> list[ServiceMatch]:
        """Return the services matching ``query``, best first.

        Args:
            query: what the clerk typed; empty lists every service, used ones first.
            usage: this workstation's use of the services; None counts as no use.
            now: the time recency is measured from (timezone-aware); defaults to now.

        Returns:
            The matches ordered by score, then by the services' given order.
        """
        usage = usage if usage is not None else ServiceUsage()
        now = now if now is not None else datetime.now(UTC)
        wanted = normalize_query(query)
        ranked: list[tuple[float, int, ServiceMatch]] = []
        for service in self._services:
            points = usage.points(service.form.id, now)
            if not wanted:
                ranked.append((points, service.order, ServiceMatch(service.form, points, None)))
                continue
            best = service.best_match(wanted)
            if best is None:
                continue
            tier, kind = best
            score = tier * _TIER_WEIGHT + min(points, _TIER_WEIGHT - 1)
            ranked.append((score, service.order, ServiceMatch(service.form, score, kind)))
        ranked.sort(key=lambda entry: (-entry[0], entry[1]))
        return [match for _, _, match in ranked]


def search_services(
    forms: Iterable[ServiceForm],
    query: str,
    usage: ServiceUsage | None = None,
    now: datetime | None = None,
) -> list[ServiceMatch]:
    """One-off search; build a :class:`ServiceSearch` once when searching repeatedly."""
    return ServiceSearch(forms).search(query, usage, now)
