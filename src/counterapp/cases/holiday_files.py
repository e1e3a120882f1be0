"""Holiday files: one year's official arrangement as IT deploys it, checked when read.

The State Council publishes next year's holidays and adjusted working days around November;
IT transcribes the notice into ``<year>.toml`` (docs/holidays.md) in the directory the
setting ``calendar.holiday_dir`` names, so due dates of that year are exact without
waiting for a ``chinesecalendar`` release. A file that cannot be true — a day that does not
exist, a day of another year, a day both off and worked, an adjusted working day that is
not a weekend day — is refused whole, every problem with its file, line and reason.

TOML parsers do not report where a value stood, so :class:`_Lines` finds each key and each
date on the lines of the text itself (the format is flat enough for that to be exact).
"""

from __future__ import annotations

import hashlib
import itertools
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import chinese_calendar

from counterapp.cases.deadlines import (
    Holiday,
    YearArrangement,
    first_calendar_year,
    last_calendar_year,
)
from counterapp.declared_files import FileProblem, FileProblemsError, describe

FORMAT_VERSION = 1
LAST_YEAR = 2100
_TOP_KEYS = frozenset(
    {"format_version", "year", "notice", "example", "holidays", "adjusted_working_days"}
)
_HOLIDAY_KEYS = frozenset({"name", "days", "adjusted_working_days"})
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SYNTAX_PLACE = re.compile(r"\s*\(at line (\d+), column (\d+)\)$")
TOP = -1
"""The section index of the keys before the first ``[[holidays]]``."""


class HolidayFileError(FileProblemsError):
    """One or more holiday files cannot be used; carries every problem, one per line."""


@dataclass(frozen=True)
class _Problems:
    path: Path
    found: list[FileProblem]

    def add(self, line: int | None, where: str, reason: str) -> None:
        key = f"line {line}" if line else where
        text = reason if line is None or not where else f"{where}: {reason}"
        self.found.append(FileProblem(self.path, key, text))


class _Lines:
    """Where each key and each date of a holiday file is written.

    Sections are counted as TOML does: :data:`TOP` before the first ``[[holidays]]``, then
    0, 1, ... for each one. A date is found by its section, the key whose value holds it
    and how many times the same date came before under that key.
    """

    _HEADER = re.compile(r"\s*\[\[\s*holidays\s*\]\]")
    _TABLE = re.compile(r"\s*\[")
    _KEY = re.compile(r"\s*([A-Za-z0-9_-]+)\s*=")

    def __init__(self, text: str) -> None:
        self._keys: dict[tuple[int, str], int] = {}
        self._dates: dict[tuple[int, str, str], list[int]] = {}
        section, key = TOP, ""
        for number, raw in enumerate(text.splitlines(), start=1):
            line = _without_comment(raw)
            if self._HEADER.match(line):
                section, key = section + 1, ""
                continue
            if self._TABLE.match(line):
                key = ""
                continue
            named = self._KEY.match(line)
            if named:
                key = named.group(1)
                self._keys.setdefault((section, key), number)
            for token in _ISO_DAY.findall(line):
                self._dates.setdefault((section, key, token), []).append(number)

    def key(self, section: int, key: str) -> int | None:
        return self._keys.get((section, key))

    def day(self, section: int, key: str, token: str, occurrence: int) -> int | None:
        lines = self._dates.get((section, key, token), [])
        if occurrence < len(lines):
            return lines[occurrence]
        return self.key(section, key)


def _without_comment(line: str) -> str:
    """``line`` without a ``#`` comment (a ``#`` inside a string is kept)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#":
            return line[:index]
    return line


def weekday_name(day: date) -> str:
    """``Monday`` ... ``Sunday``."""
    return _WEEKDAYS[day.weekday()]


def load_holiday_dir(directory: Path) -> tuple[YearArrangement, ...]:
    """Every ``*.toml`` holiday file of ``directory``, by year.

    Raises:
        HolidayFileError: naming every problem of every file (the directory is missing).
    """
    if not directory.is_dir():
        problem = FileProblem(directory, "", "the holiday directory does not exist")
        raise HolidayFileError([problem])
    return load_holiday_files(sorted(directory.glob("*.toml")))


def load_holiday_files(paths: Sequence[Path]) -> tuple[YearArrangement, ...]:
    """These holiday files, by year; each must be named after its year (``2027.toml``).

    Raises:
        HolidayFileError: naming every problem of every file, and two files for one year.
    """
    problems: list[FileProblem] = []
    by_year: dict[int, YearArrangement] = {}
    for path in paths:
        try:
            arrangement = load_holiday_file(path)
        except HolidayFileError as exc:
            problems.extend(exc.problems)
            continue
        other = by_year.get(arrangement.year)
        if other is not None:
            reason = f"a second file for {arrangement.year} (the first is {other.source})"
            problems.append(FileProblem(path, "year", reason))
            continue
        by_year[arrangement.year] = arrangement
    if problems:
        raise HolidayFileError(problems)
    return tuple(by_year[year] for year in sorted(by_year))


def load_holiday_file(path: Path) -> YearArrangement:
    """One holiday file.

    Raises:
        HolidayFileError: naming every problem in it.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise HolidayFileError([FileProblem(path, "", f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        reason = f"cannot be read: {exc.strerror or exc}"
        raise HolidayFileError([FileProblem(path, "", reason)]) from None
    return parse_holiday_file(text, path)


def parse_holiday_file(text: str, path: Path) -> YearArrangement:
    """The arrangement written in ``text``, the content of the file ``path``.

    Raises:
        HolidayFileError: naming every problem, each with its line where it has one.
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        place = _SYNTAX_PLACE.search(message)
        key = f"line {place.group(1)}, column {place.group(2)}" if place else ""
        reason = f"not valid TOML: {_SYNTAX_PLACE.sub('', message)}"
        raise HolidayFileError([FileProblem(path, key, reason)]) from None
    reader = _Reader(path, data, _Lines(text))
    arrangement = reader.arrangement()
    if reader.problems.found:
        raise HolidayFileError(sorted(reader.problems.found, key=_reading_order))
    assert arrangement is not None
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return YearArrangement(
        year=arrangement.year,
        holidays=arrangement.holidays,
        adjusted_working_days=arrangement.adjusted_working_days,
        source=str(path),
        digest=digest,
        notice=arrangement.notice,
    )


class _Reader:
    """Reads one parsed file, recording every problem with its line."""

    def __init__(self, path: Path, data: Mapping[str, object], lines: _Lines) -> None:
        self.path = path
        self.data = data
        self.lines = lines
        self.problems = _Problems(path, [])
        self._seen: dict[tuple[int, str, str], int] = {}

    def problem(self, section: int, key: str, where: str, reason: str) -> None:
        self.problems.add(self.lines.key(section, key), where, reason)

    def arrangement(self) -> YearArrangement | None:
        data = self.data
        for key in data:
            if key not in _TOP_KEYS:
                known = ", ".join(sorted(_TOP_KEYS))
                self.problem(TOP, key, key, f"unknown key (known keys: {known})")
        if data.get("example") is not False and "example" in data:
            self.problem(
                TOP,
                "example",
                "example",
                "this is the EXAMPLE file shipped with Counter, not an official arrangement: "
                "copy it, enter the days of the State Council's notice and delete this line",
            )
        if data.get("format_version") != FORMAT_VERSION:
            got = describe(data["format_version"]) if "format_version" in data else "nothing"
            self.problem(TOP, "format_version", "format_version", f"must be 1, got {got}")
        year = self._year()
        notice = data.get("notice", "")
        if not isinstance(notice, str):
            self.problem(TOP, "notice", "notice", f"must be a string, got {describe(notice)}")
            notice = ""
        holidays = self._holidays(year)
        working = self._adjusted(year, holidays)
        if self.problems.found or year is None:
            return None
        return YearArrangement(year, tuple(h for h, _ in holidays), working, notice=notice)

    def _year(self) -> int | None:
        value = self.data.get("year")
        first = first_calendar_year()
        if value is None:
            self.problems.add(None, "year", "missing (the year this file arranges, e.g. 2027)")
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not first <= value <= LAST_YEAR:
            reason = f"must be an integer {first}-{LAST_YEAR}, got {describe(value)}"
            self.problem(TOP, "year", "year", reason)
            return None
        if self.path.suffix == ".toml" and self.path.stem != str(value):
            reason = (
                f"{value}, but the file is named {self.path.name}: "
                f"name each file after its year ({value}.toml)"
            )
            self.problem(TOP, "year", "year", reason)
        return value

    def _holidays(self, year: int | None) -> list[tuple[Holiday, int]]:
        """The holiday periods that could be read, each with its section."""
        value = self.data.get("holidays")
        if value is None:
            self.problems.add(None, "holidays", "missing (write one [[holidays]] per holiday)")
            return []
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            reason = f"must be tables written as [[holidays]], got {describe(value)}"
            self.problem(TOP, "holidays", "holidays", reason)
            return []
        found: list[tuple[Holiday, int]] = []
        names: dict[str, int] = {}
        off: dict[date, str] = {}
        for section, table in enumerate(value):
            where = f"holidays[{section}]"
            for key in table:
                if key not in _HOLIDAY_KEYS:
                    known = ", ".join(sorted(_HOLIDAY_KEYS))
                    self.problem(section, key, f"{where}.{key}", f"unknown key (known: {known})")
            name = table.get("name")
            if not isinstance(name, str) or not name.strip():
                got = "nothing" if name is None else describe(name)
                line = self.lines.key(section, "name") or self._header_line(section)
                self.problems.add(line, f"{where}.name", f"must be the holiday's name, got {got}")
                name = where
            name = name.strip()
            if name in names and name != where:
                self.problem(section, "name", name, f"a second [[holidays]] named {name!r}")
            names.setdefault(name, section)
            written = self._days(section, "days", table.get("days"), year, name)
            for day, line in written:
                if day in off:
                    reason = f"{day} is listed twice (also under {off[day]})"
                    self.problems.add(line, name, reason)
                off.setdefault(day, name)
            self._consecutive(name, written)
            days = [day for day, _ in written]
            if days:
                found.append((Holiday(name, tuple(sorted(set(days)))), section))
            elif "days" in table:
                self.problem(section, "days", name, "lists no day off")
        if not value:
            self.problem(TOP, "holidays", "holidays", "no holiday: write one per holiday")
        return found

    def _header_line(self, section: int) -> int | None:
        return self.lines.key(section, "days") or self.lines.key(section, "name")

    def _adjusted(self, year: int | None, holidays: list[tuple[Holiday, int]]) -> frozenset[date]:
        """The adjusted working days, from the top and from each holiday."""
        off = {day: holiday.name for holiday, _ in holidays for day in holiday.days}
        places: list[tuple[int, object]] = [(TOP, self.data.get("adjusted_working_days"))]
        tables = self.data.get("holidays")
        if isinstance(tables, list):
            for section, table in enumerate(tables):
                if isinstance(table, dict):
                    places.append((section, table.get("adjusted_working_days")))
        seen: set[date] = set()
        for section, value in places:
            if value is None:
                continue
            key = "adjusted_working_days"
            written = self._days(section, key, value, year, "adjusted working day", empty_ok=True)
            for day, line in written:
                if day.weekday() < 5:
                    reason = (
                        f"{day} is a {weekday_name(day)}, a working day anyway: adjusted "
                        "working days (调休上班) are the Saturdays and Sundays worked instead"
                    )
                    self.problems.add(line, "adjusted working day", reason)
                if day in off:
                    reason = f"{day} is also a day off of {off[day]}: it cannot be both"
                    self.problems.add(line, "adjusted working day", reason)
                if day in seen:
                    self.problems.add(line, "adjusted working day", f"{day} is listed twice")
                seen.add(day)
        return frozenset(seen)

    def _days(
        self,
        section: int,
        key: str,
        value: object,
        year: int | None,
        what: str,
        *,
        empty_ok: bool = False,
    ) -> list[tuple[date, int | None]]:
        """The dates of one array with their lines, each checked to be a day of ``year``."""
        if value is None:
            if not empty_ok:
                line = self.lines.key(section, "name")
                reason = f'{key} missing (the days off, e.g. ["2027-02-06"])'
                self.problems.add(line, what, reason)
            return []
        if not isinstance(value, list):
            reason = f"{key} must be an array of dates, got {describe(value)}"
            self.problem(section, key, what, reason)
            return []
        days: list[tuple[date, int | None]] = []
        for item in value:
            token = _token(item)
            line = self._next_line(section, key, token) if token else self.lines.key(section, key)
            day = self._day(item, line, what)
            if day is None:
                continue
            if year is not None and day.year != year:
                reason = (
                    f"{day} is not in {year}: each file arranges one year "
                    f"(a day of {day.year} belongs in {day.year}.toml)"
                )
                self.problems.add(line, what, reason)
                continue
            days.append((day, line))
        return days

    def _day(self, item: object, line: int | None, what: str) -> date | None:
        if isinstance(item, datetime):
            self.problems.add(line, what, f"{item} has a time of day: write the date only")
            return None
        if isinstance(item, date):
            return item
        if isinstance(item, str) and _ISO_DAY.fullmatch(item.strip()):
            try:
                return date.fromisoformat(item.strip())
            except ValueError as exc:
                self.problems.add(line, what, f"{item} is not a real date ({exc})")
                return None
        reason = f'{describe(item)} is not a date: write YYYY-MM-DD, e.g. "2027-02-06"'
        self.problems.add(line, what, reason)
        return None

    def _consecutive(self, name: str, written: list[tuple[date, int | None]]) -> None:
        """A holiday is one period: a gap means a mistyped or a missing day."""
        lines = {day: line for day, line in reversed(written)}
        ordered = sorted(lines)
        for before, after in itertools.pairwise(ordered):
            if after - before != timedelta(days=1):
                line = lines[after]
                reason = (
                    f"the days off must follow each other: {before} is followed by {after} "
                    f"({(after - before).days - 1} days missing in between)"
                )
                self.problems.add(line, name, reason)

    def _next_line(self, section: int, key: str, token: str) -> int | None:
        """The line of the next occurrence of ``token`` under ``key``, in reading order."""
        seen = self._seen.get((section, key, token), 0)
        self._seen[(section, key, token)] = seen + 1
        return self.lines.day(section, key, token, seen)


def _reading_order(problem: FileProblem) -> int:
    """Problems of the whole file first, then by line (a stable sort keeps the rest)."""
    line = problem.key.removeprefix("line ")
    return int(line) if line.isdigit() else 0


def _token(item: object) -> str:
    """How a date value is spelt in the text (what :class:`_Lines` found)."""
    if isinstance(item, date) and not isinstance(item, datetime):
        return item.isoformat()
    if isinstance(item, str):
        found = _ISO_DAY.search(item)
        return found.group(0) if found else ""
    return ""


def differences_from_package(arrangement: YearArrangement) -> tuple[date, ...]:
    """The days a file decides otherwise than ``chinesecalendar`` for a year both cover
    (empty when the package does not cover the year): worth a look before deploying."""
    year = arrangement.year
    if not first_calendar_year() <= year <= last_calendar_year():
        return ()
    day, found = date(year, 1, 1), []
    while day.year == year:
        if arrangement.is_working_day(day) != bool(chinese_calendar.is_workday(day)):
            found.append(day)
        day += timedelta(days=1)
    return tuple(found)
