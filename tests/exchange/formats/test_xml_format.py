"""XML answers: XPath paths through a hardened parser (no DTD, no entities, no network)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from counterapp.exchange.formats import FormatError, PathError, xml_format

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<response><xm a="&lol3;">&lol3;</xm></response>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<response><xm>&xxe;</xm></response>"""


def test_values_text_attributes_and_numbers() -> None:
    document = xml_format.parse(
        '<?xml version="1.0" encoding="GBK"?>'
        '<response code="0"><person><xm>王<b>𠮷</b></xm><n>3</n></person></response>'
    )
    assert document.value("person/xm") == "王𠮷"
    assert document.value("/response/person/xm") == "王𠮷"
    assert document.value("@code") == "0"
    assert document.value("person/missing") is None
    assert document.value("count(person/*)") == 2
    assert document.value("number(person/n) div 2") == Decimal("1.5")
    assert document.value("number(person/missing)") is None
    assert document.value("boolean(person)") is True


@pytest.mark.parametrize("text", [BILLION_LAUGHS, XXE])
def test_dtds_and_entities_are_refused(text: str) -> None:
    with pytest.raises(FormatError, match="refused"):
        xml_format.parse(text)


def test_undeclared_entity_is_not_resolved() -> None:
    with pytest.raises(FormatError, match="not well-formed"):
        xml_format.parse("<r>&undefined;</r>")


def test_deep_nesting_is_a_format_error() -> None:
    with pytest.raises(FormatError):
        xml_format.parse("<a>" * 100_000 + "</a>" * 100_000)


@pytest.mark.parametrize("text", ["", "<a>", "not xml", "<a></b>", "<a>\x01</a>", "\ufeff"])
def test_malformed_xml_is_a_format_error(text: str) -> None:
    with pytest.raises(FormatError):
        xml_format.parse(text)


def test_namespaces_are_dropped() -> None:
    document = xml_format.parse('<r xmlns="urn:a" xmlns:b="urn:b"><b:x b:k="v">1</b:x></r>')
    assert document.value("x") == "1"
    assert document.value("x/@k") == "v"


def test_elements_and_relative_columns() -> None:
    document = xml_format.parse("<r><rec><d>1</d></rec><rec><d>2</d></rec></r>")
    assert [e.value("d") for e in document.elements("rec")] == ["1", "2"]
    assert document.elements("none") == ()
    with pytest.raises(PathError, match="does not select elements"):
        document.elements("rec/d/text()")


def test_several_values_for_one_is_a_path_error() -> None:
    document = xml_format.parse("<r><a>1</a><a>2</a></r>")
    with pytest.raises(PathError, match="found 2 values"):
        document.value("a")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [("code != '0'", False), ("code = '0'", True), ("count(x)", False), ("nothing", False)],
)
def test_xpath_truthiness_for_envelopes(expression: str, expected: bool) -> None:
    document = xml_format.parse("<r><code>0</code></r>")
    assert document.test(expression) is expected


def test_narrow() -> None:
    document = xml_format.parse("<r><data><a>1</a></data><x/><x/></r>")
    assert document.narrow("data").value("a") == "1"
    assert document.narrow("nothing") is None
    with pytest.raises(PathError):
        document.narrow("x")


def test_invalid_xpath_is_a_path_error() -> None:
    with pytest.raises(PathError, match="XPath"):
        xml_format.parse("<r/>").value("a[")
