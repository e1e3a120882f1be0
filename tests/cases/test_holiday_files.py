"""Holiday files: a deployed year makes its due dates exact; a file that cannot be true is
refused whole, each problem with its file, line and reason.

The 2027 file is the tests' own (helpers/holidays.py: days of the EXAMPLE file
docs/examples/holidays/2027.toml, not the State Council's notice): 元旦 off Fri 1 – Sun 3
Jan; 春节 off Fri 5 – Sat 13 Feb, worked Sun 14 and Sat 20 Feb; 国庆节 off Fri 1 – Thu 7
Oct, worked Sun 26 Sep and Sat 9 Oct.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from counterapp.cases import (
    CalendarNotCovered,
    DueDate,
    deployed_arrangements,
    exact_through,
    is_covered,
    is_working_day,
    promised_due_date,
    use_arrangements,
)
from counterapp.cases.holiday_files import (
    HolidayFileError,
    differences_from_package,
    load_holiday_dir,
    load_holiday_file,
    load_holiday_files,
    parse_holiday_file,
)
from helpers.case_factory import calendar_ending
from helpers.holidays import YEAR_2027

EXAMPLE = Path(__file__).resolve().parents[2] / "docs" / "examples" / "holidays" / "2027.toml"


@pytest.fixture(autouse=True)
def package_ends_2026(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The package as 1.11.0 is (its last year 2026), and no deployed year left behind."""
    calendar_ending(monkeypatch, 2026)
    yield
    use_arrangements(())


def write(directory: Path, text: str, name: str = "2027.toml") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(text: str, tmp_path: Path, name: str = "2027.toml") -> list[str]:
    path = write(tmp_path, text, name)
    with pytest.raises(HolidayFileError) as refused:
        load_holiday_file(path)
    return [str(problem) for problem in refused.value.problems]


def test_a_2027_file_makes_2027_exact_and_moves_a_due_date_across_the_spring_festival(
    tmp_path: Path,
) -> None:
    # Without the file: Thu 4 Feb 2027 + 5 counts Mon–Fri: Fri 5, Mon 8, Tue 9, Wed 10,
    # Thu 11 Feb, provisional.
    assert promised_due_date(date(2027, 2, 4), 5) == DueDate(date(2027, 2, 11), True)
    with pytest.raises(CalendarNotCovered):
        is_working_day(date(2027, 2, 4))

    write(tmp_path, YEAR_2027)
    use_arrangements(load_holiday_dir(tmp_path))

    # With it: off Fri 5 – Sat 13 Feb; Sun 14 (worked instead) is day 1, then Mon 15,
    # Tue 16, Wed 17, Thu 18 Feb: exact.
    assert promised_due_date(date(2027, 2, 4), 5) == DueDate(date(2027, 2, 18), False)
    # Wed 29 Sep 2027 + 3: Thu 30 Sep, (off 1–7 Oct), Fri 8 Oct, Sat 9 Oct (worked instead).
    assert promised_due_date(date(2027, 9, 29), 3) == DueDate(date(2027, 10, 9), False)
    # Accepted Thu 31 Dec 2026 + 1: 1 Jan 2027 is 元旦, Sat 2 and Sun 3 off; Mon 4 Jan.
    assert promised_due_date(date(2026, 12, 31), 1) == DueDate(date(2027, 1, 4), False)
    assert is_working_day(date(2027, 2, 14)) and is_working_day(date(2027, 2, 20))
    assert not is_working_day(date(2027, 2, 10)) and not is_working_day(date(2027, 2, 13))
    assert is_working_day(date(2027, 3, 1)) and not is_working_day(date(2027, 3, 6))
    assert is_covered(2027) and not is_covered(2028) and exact_through() == 2027
    # A year after the file is still counted Monday–Friday, provisionally.
    assert promised_due_date(date(2027, 12, 30), 2) == DueDate(date(2028, 1, 3), True)
    (only,) = deployed_arrangements()
    assert (only.year, only.notice, len(only.digest)) == (2027, "test arrangement", 12)
    assert only.source == str(tmp_path / "2027.toml")


def test_the_shipped_example_is_refused_as_it_is_and_valid_without_its_marker(
    tmp_path: Path,
) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "EXAMPLE ONLY" in text and "NOT THE OFFICIAL" in text
    marker = next(n for n, line in enumerate(text.splitlines(), 1) if line == "example = true")
    (problem,) = problems_of(text, tmp_path)
    assert problem.startswith(f"{tmp_path / '2027.toml'}: line {marker}: example: ")
    assert "EXAMPLE file shipped with Counter, not an official arrangement" in problem

    unmarked = parse_holiday_file(text.replace("example = true\n", ""), tmp_path / "2027.toml")
    assert [h.name for h in unmarked.holidays] == [
        "元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节",
    ]  # fmt: skip
    assert all(day.weekday() >= 5 for day in unmarked.adjusted_working_days)


BROKEN = [
    pytest.param(
        YEAR_2027.replace('"2027-02-09"', '"2027-02-30"'),
        12,
        "春节: 2027-02-30 is not a real date",
        id="a day that does not exist",
    ),
    pytest.param(
        YEAR_2027.replace('"2027-01-01", ', '"2026-12-31", "2027-01-01", '),
        7,
        "元旦: 2026-12-31 is not in 2027: each file arranges one year",
        id="a day of another year",
    ),
    pytest.param(
        YEAR_2027.replace('["2027-02-14", "2027-02-20"]', '["2027-02-13", "2027-02-20"]'),
        15,
        "adjusted working day: 2027-02-13 is also a day off of 春节: it cannot be both",
        id="a day both off and worked",
    ),
    pytest.param(
        YEAR_2027.replace("2027-10-09]", "2027-10-08]"),
        20,
        "adjusted working day: 2027-10-08 is a Friday, a working day anyway",
        id="an adjusted working day that is not a weekend day",
    ),
    pytest.param(
        YEAR_2027.replace('"2027-01-03"]', '"2027-01-03", "2027-02-05"]'),
        12,
        "春节: 2027-02-05 is listed twice (also under 元旦)",
        id="a day under two holidays",
    ),
    pytest.param(
        YEAR_2027.replace('"2027-01-02", ', ""),
        7,
        "元旦: the days off must follow each other: 2027-01-01 is followed by 2027-01-03",
        id="a gap inside a holiday",
    ),
    pytest.param(
        YEAR_2027.replace("2027-10-03,", "2027-10-33,"),
        19,
        "not valid TOML",
        id="an impossible unquoted date",
    ),
    pytest.param(
        YEAR_2027.replace("year = 2027", "year = 2028"),
        2,
        "year: 2028, but the file is named 2027.toml",
        id="a year that is not the file's",
    ),
    pytest.param(
        YEAR_2027.replace('name = "国庆节"', 'name = "国庆节"\nweekend = "long"'),
        19,
        "holidays[2].weekend: unknown key",
        id="an unknown key",
    ),
]


@pytest.mark.parametrize(("text", "line", "reason"), BROKEN)
def test_a_broken_file_is_refused_with_its_line_and_reason(
    text: str, line: int, reason: str, tmp_path: Path
) -> None:
    found = problems_of(text, tmp_path)
    prefix = f"{tmp_path / '2027.toml'}: line {line}"
    assert any(p.startswith(prefix) and reason in p for p in found), found
    assert deployed_arrangements() == ()  # nothing of it is used


def test_every_problem_of_a_file_is_named_at_once_in_reading_order(tmp_path: Path) -> None:
    text = (
        YEAR_2027.replace('"2027-02-09"', '"2027-02-30"')
        .replace("2027-10-09]", "2027-10-08]")
        .replace("format_version = 1", "format_version = 2")
    )
    found = problems_of(text, tmp_path)
    lines = [p.split(": ")[1] for p in found]
    assert lines == ["line 1", "line 12", "line 13", "line 20"], found  # 13: the gap it leaves


def test_missing_parts_are_named(tmp_path: Path) -> None:
    found = problems_of('format_version = 1\nnotice = "x"\n', tmp_path)
    assert any(": year: missing" in p for p in found)
    assert any(": holidays: missing" in p for p in found)


def test_two_files_for_one_year_and_a_missing_directory_are_refused(tmp_path: Path) -> None:
    first = write(tmp_path / "a", YEAR_2027)
    second = write(tmp_path / "b", YEAR_2027)
    with pytest.raises(HolidayFileError, match=r"b/2027.toml: year: a second file for 2027"):
        load_holiday_files([first, second])
    with pytest.raises(HolidayFileError, match="the holiday directory does not exist"):
        load_holiday_dir(tmp_path / "nowhere")


def test_a_deployed_year_wins_over_the_package_and_its_differences_are_shown(
    tmp_path: Path,
) -> None:
    # 2026 as the package has it (国办发明电〔2025〕7号), but Spring Festival one day longer.
    text = (
        'format_version = 1\nyear = 2026\n[[holidays]]\nname = "春节"\n'
        'days = ["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", '
        '"2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23", "2026-02-24"]\n'
        'adjusted_working_days = ["2026-02-14", "2026-02-28"]\n'
    )
    arrangement = parse_holiday_file(text, tmp_path / "2026.toml")
    differences = differences_from_package(arrangement)
    assert date(2026, 2, 24) in differences  # the longer holiday
    assert date(2026, 10, 1) in differences  # a file names every holiday of its year
    assert is_working_day(date(2026, 2, 24))
    use_arrangements([arrangement])
    assert not is_working_day(date(2026, 2, 24))
