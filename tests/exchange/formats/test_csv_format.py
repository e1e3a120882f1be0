"""CSV answers: header row, one record per row, the latest row for single values."""

from __future__ import annotations

import pytest

from counterapp.exchange.formats import FormatError, PathError, csv_format


def test_single_values_come_from_the_latest_row() -> None:
    text = "年度,收入\r\n2022,1\r\n2024,3\r\n2023,2\r\n"
    assert csv_format.parse(text, latest_by="年度").value("收入") == "3"
    assert csv_format.parse(text).value("收入") == "1"


def test_latest_compares_numbers_as_numbers() -> None:
    text = "n,v\n9,a\n10,b\n"
    assert csv_format.parse(text, latest_by="n").value("v") == "b"


def test_latest_falls_back_to_text_when_not_all_numbers() -> None:
    text = "month,v\n2024-01,a\n2024-03,c\n2024-02,b\n"
    assert csv_format.parse(text, latest_by="month").value("v") == "c"


def test_rows_are_records_and_quoted_cells_keep_commas_and_newlines() -> None:
    document = csv_format.parse(' a , b \n1,"x, y"\n2,"line\nbreak"\n')
    assert [row.value("a") for row in document.elements("")] == ["1", "2"]
    assert document.elements("")[1].value("b") == "line\nbreak"
    assert document.value("b") == "x, y"


def test_header_only_gives_no_values() -> None:
    document = csv_format.parse("a,b\r\n", latest_by="a")
    assert document.value("a") is None
    assert document.elements("") == ()


def test_unknown_column_is_a_path_error() -> None:
    document = csv_format.parse("a\n1\n")
    with pytest.raises(PathError, match="no column 'b'"):
        document.value("b")
    with pytest.raises(PathError, match="no column 'b'"):
        document.elements("")[0].value("b")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("a,b\n1,2,3\n", "row 2 has 3 cells, the header has 2"),
        ("a,b\n1\n", "row 2 has 1 cells"),
        ("a,a\n1,2\n", "repeats column"),
        ('a\n"unterminated\n', "not valid CSV"),
        ("a\n" + "x" * 200_000 + "\n", "not valid CSV"),
    ],
)
def test_malformed_csv_is_a_format_error(text: str, message: str) -> None:
    with pytest.raises(FormatError, match=message):
        csv_format.parse(text)


def test_latest_by_a_missing_column_is_a_format_error() -> None:
    with pytest.raises(FormatError, match="latest_row_by"):
        csv_format.parse("a\n1\n", latest_by="year")


def test_csv_has_no_envelope() -> None:
    document = csv_format.parse("a\n1\n")
    with pytest.raises(PathError):
        document.test("a")
    with pytest.raises(PathError):
        document.narrow("a")
