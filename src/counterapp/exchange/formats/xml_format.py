"""XML answers, read with XPath through a hardened lxml parser (docs/connectors.md).

The parser never loads a DTD, never resolves an entity and never touches the network, and
a body that declares a DTD or entities at all is refused before parsing: external entities
(XXE) and entity expansion ("billion laughs") cannot happen. Namespaces are dropped after
parsing so connector paths use plain local names (``/response/person/xm``).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal

from lxml import etree

from counterapp.exchange.formats import FormatError, PathError

_DECLARATION = re.compile(r"\A\s*<\?xml\b[^>]*\?>")
_REFUSED_MARKUP = ("<!DOCTYPE", "<!ENTITY")


def parse(text: str) -> XmlDocument:
    """Parse XML text safely.

    Args:
        text: the decoded body (its own encoding declaration is ignored: the connector's
            declared encoding already decoded it).

    Returns:
        The document, positioned at the root element.

    Raises:
        FormatError: the text is not well-formed, or declares a DTD or entities.
    """
    text = _DECLARATION.sub("", text, count=1)
    for markup in _REFUSED_MARKUP:
        if markup in text:
            raise FormatError(f"XML with {markup} is refused (DTDs and entities are unsafe)")
    parser = etree.XMLParser(  # a new one each time: parsers are not shared across threads
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        root = etree.fromstring(text, parser)
    except etree.XMLSyntaxError as error:
        raise FormatError(f"the body is not well-formed XML: {_short(error)}") from None
    except ValueError as error:  # e.g. characters XML does not allow
        raise FormatError(f"the body is not usable XML: {_short(error)}") from None
    if root is None:
        raise FormatError("the XML body has no root element")
    if root.getroottree().docinfo.doctype:
        raise FormatError("XML with a DOCTYPE is refused (DTDs and entities are unsafe)")
    _drop_namespaces(root)
    return XmlDocument(root)


class XmlDocument:
    """An XML element that XPath expressions are evaluated on (relative paths from it)."""

    __slots__ = ("element",)

    def __init__(self, element: etree._Element) -> None:
        self.element = element

    def value(self, path: str) -> object:
        """The single value at ``path``: an element's text, an attribute, or a number."""
        found = self._xpath(path)
        if isinstance(found, list):
            if not found:
                return None
            if len(found) > 1:
                raise PathError(f"{path!r} found {len(found)} values, expected one")
            found = found[0]
        if isinstance(found, etree._Element):
            return "".join(found.itertext())
        if isinstance(found, bool):
            return found
        if isinstance(found, float):
            return _number(found, path)
        return str(found)

    def elements(self, path: str) -> tuple[XmlDocument, ...]:
        """The elements ``path`` selects, in document order."""
        found = self._xpath(path)
        if not isinstance(found, list) or not all(isinstance(e, etree._Element) for e in found):
            raise PathError(f"{path!r} does not select elements")
        return tuple(XmlDocument(element) for element in found)

    def test(self, expression: str) -> bool:
        """XPath truthiness: a non-empty node set or string, a non-zero number, true."""
        found = self._xpath(expression)
        if isinstance(found, float):
            return not math.isnan(found) and found != 0
        return bool(found)

    def narrow(self, path: str) -> XmlDocument | None:
        """The one element at ``path``; None when there is none."""
        found = self._xpath(path)
        if isinstance(found, list) and not found:
            return None
        if isinstance(found, list) and len(found) == 1 and isinstance(found[0], etree._Element):
            return XmlDocument(found[0])
        raise PathError(f"{path!r} does not select one element")

    def _xpath(self, path: str) -> object:
        try:
            return self.element.xpath(path)
        except (etree.XPathError, ValueError, TypeError) as error:
            raise PathError(f"XPath {path!r} failed: {_short(error)}") from None


def _number(found: float, path: str) -> int | Decimal | None:
    if math.isnan(found):
        return None
    if math.isinf(found):
        raise PathError(f"{path!r} is not a finite number")
    return int(found) if found.is_integer() else Decimal(repr(found))


def _drop_namespaces(root: etree._Element) -> None:
    for element in root.iter():
        if isinstance(element.tag, str) and element.tag.startswith("{"):
            element.tag = etree.QName(element).localname
        for name in [n for n in element.attrib if n.startswith("{")]:
            value = element.attrib.pop(name)
            element.attrib[etree.QName(name).localname] = value
    etree.cleanup_namespaces(root)


def _short(error: Exception) -> str:
    text = str(error).replace("\n", " ")
    return text if len(text) <= 200 else text[:200] + "…"
