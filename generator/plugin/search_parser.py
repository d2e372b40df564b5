"""How Material's search plugin divides a page's HTML into sections, and a faster way to the same.

Material's ``Parser`` is Python's HTMLParser with callbacks; on generated pages it was half of
the search worker's time (jieba the other half). ``page_sections`` reads a page with one
regular expression and keeps only the state those callbacks consult (the open elements, by
tag, and which of them are skipped), so it makes the same sections in about a third of the
time. It reads only HTML it can tokenize exactly as HTMLParser does: well-formed start and
end tags, and text without a stray "<". Comments, doctypes, raw text (script, style), object
elements, character references inside tags and whatever would make Material's callbacks fail
go to ``ExcludingParser``, which is Material's parser with one fix (below); tests compare the
two on every generated page.
"""

from __future__ import annotations

import re
from html import escape, unescape
from typing import Any

from material.plugins.search.plugin import Element, Parser, Section, void

_EXCLUDE = "data-search-exclude"


class SkippedElements:
    """The set of elements Material's parser skips, by identity.

    Material's Element compares and hashes by tag name, so closing any <div> nested in an
    excluded <div> removed the excluded one from the set, and the rest of it (the h4 labels of
    a related-entries list, say) landed in the index. Tag names (script, style, object) still
    match every element of that tag, as in Material."""

    def __init__(self, tags: set[str]) -> None:
        self.tags = set(tags)
        self.elements: dict[int, Any] = {}  # by id(); holding the element keeps its id unique
        self.tag_opened = False  # an element of one of the tags has been opened on this page

    def add(self, element: Any) -> None:
        self.elements[id(element)] = element

    def remove(self, element: Any) -> None:
        self.elements.pop(id(element), None)

    def __contains__(self, element: Any) -> bool:
        return element.tag in self.tags or id(element) in self.elements

    def intersection(self, context: list[Any]) -> list[Any]:
        if not self.elements and not self.tag_opened:  # nothing skipped is open: most calls
            return []
        return [element for element in context if element in self]


class ExcludingParser(Parser):
    """Material's search parser, with data-search-exclude blocks skipped to their end."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skip = SkippedElements(self.skip)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.skip.tags:
            self.skip.tag_opened = True
        super().handle_starttag(tag, attrs)


def page_sections(html: str) -> list[Section]:
    """The sections ``ExcludingParser`` makes of ``html``, excluded ones included."""
    try:
        return _read(html)
    except _NotPlain:
        parser = ExcludingParser()
        parser.feed(html)
        parser.close()
        return parser.data


class _NotPlain(Exception):
    """HTML ``_read`` leaves to HTMLParser."""


# Text; a start tag; an end tag; in the forms HTMLParser reads as exactly these tokens. Names
# as HTMLParser's endtagfind allows them; attributes each after white space (HTML's five
# characters, not all of Unicode's), unquoted values without the characters that would make
# HTMLParser's tolerant reading differ.
_WS = r"[ \t\n\r\f]"
_NAME = r"[a-zA-Z][-.a-zA-Z0-9:_]*"
_VALUE = r"""(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+)"""
_ATTRIBUTE_NAME = r"""[^\s"'>/=]+"""
_ATTRIBUTE = re.compile(rf"{_WS}+({_ATTRIBUTE_NAME})(?:{_WS}*={_WS}*({_VALUE}))?")
_TOKEN = re.compile(rf"([^<]+)|<({_NAME})((?:{_WS}+{_ATTRIBUTE_NAME}(?:{_WS}*={_WS}*{_VALUE})?)*){_WS}*(/?)>"
                    rf"|</({_NAME}){_WS}*>")
_HEADINGS = frozenset(f"h{level}" for level in range(1, 7))
_VOID = frozenset(void)
_KEEP = frozenset(Parser().keep)
# Skipped by tag (script, style, object), and elements whose content HTMLParser reads as text
# (in some Python versions): left to it.
_NOT_PLAIN_TAGS = frozenset(Parser().skip) | frozenset(
    {"textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext"})
# Attribute text worth reading in full: it may exclude, or mark a permalink or line numbers.
_NOTABLE = re.compile(f"{_EXCLUDE}|linenodiv|headerlink", re.I)
_SKIPPED, _PERMALINK = 1, 2  # what an open element is to the parser, if anything


def _attributes(text: str) -> dict[str, str | None]:
    """As HTMLParser reads them (names lower-cased, values unquoted; ``_read`` leaves values
    with character references to it), into a dict as Material's handle_starttag makes one (the
    last of a repeated name wins)."""
    attrs: dict[str, str | None] = {}
    for match in _ATTRIBUTE.finditer(text):
        value = match.group(2)
        if value is not None and value[:1] in "'\"":
            value = value[1:-1]
        attrs[match.group(1).lower()] = value
    return attrs


def _read(html: str) -> list[Section]:
    """Material's Parser callbacks (with ExcludingParser's fix), token by token. ``open_tags``
    is the parser's context; Material looks elements up in it by tag, hence ``open_count``."""
    sections: list[Section] = []
    section: Section | None = None
    open_tags: list[str] = []
    open_kinds: list[int] = []  # per open element: _SKIPPED, _PERMALINK or 0
    open_count: dict[str, int] = {}
    skipped = permalinks = 0  # open elements of each kind
    position = 0
    for token in _TOKEN.finditer(html):
        if token.start() != position:
            raise _NotPlain  # a "<" that opens no tag, a comment, a doctype
        position = token.end()
        text, tag, attribute_text, closed, end_tag = token.groups()
        if text is not None:  # Material's handle_data
            if skipped:
                continue
            if "&" in text:
                text = unescape(text)
            in_pre = open_count.get("pre")
            if not in_pre:
                text = " " if text.isspace() else text.replace("\n", " ")
            if section is None:
                section = Section(Element("hx"))
                sections.append(section)
            if open_count.get(section.el.tag):
                if not permalinks:
                    section.title.append(escape(text, quote=False))
            elif text.isspace():
                if not section.text or not section.text[-1].isspace() or in_pre:
                    section.text.append(text)
            else:
                section.text.append(escape(text, quote=False))
            continue

        if tag is not None:  # handle_starttag
            tag = tag.lower()
            if tag in _VOID:
                continue  # not opened; its end tag, if "/>" gave one, matches no open element
            if tag in _NOT_PLAIN_TAGS or "&" in attribute_text:
                # a character reference could spell a class or an id (and Python versions
                # decode references in attribute values differently)
                raise _NotPlain
            attrs: dict[str, str | None] | None = None
            if tag in _HEADINGS or (attribute_text and _NOTABLE.search(attribute_text)):
                attrs = _attributes(attribute_text)
            open_tags.append(tag)
            open_count[tag] = open_count.get(tag, 0) + 1
            if tag in _HEADINGS and "id" in attrs:
                depth = len(open_tags)
                if tag != "h1" and not sections:
                    sections.append(Section(Element("hx"), depth))
                section = Section(Element(tag, attrs), depth)
                if sections:
                    section.id = attrs["id"]
                sections.append(section)
            if section is None:
                section = Section(Element("hx"))
                sections.append(section)
            kind = 0
            if attrs and (_EXCLUDE in attrs or attrs.get("class") == "linenodiv"):
                kind = _SKIPPED
                skipped += 1
            elif attrs and tag == "a" and attrs.get("class") == "headerlink":
                kind = _PERMALINK
                permalinks += 1
            open_kinds.append(kind)
            if not skipped and tag in _KEEP:
                (section.title if open_count.get(section.el.tag) else section.text).append(f"<{tag}>")
            if not closed:
                continue
            end_tag = tag  # "<x/>": HTMLParser calls handle_endtag next

        tag = end_tag.lower()  # handle_endtag
        if not open_tags or open_tags[-1] != tag:
            continue
        if section.depth > len(open_tags):
            for earlier in reversed(sections):
                if earlier.depth <= len(open_tags):
                    section.depth = float("inf")  # exited: never to be returned to
                    section = earlier
                    break
        open_tags.pop()
        open_count[tag] -= 1
        kind = open_kinds.pop()
        if kind == _SKIPPED:
            skipped -= 1
            continue
        if kind == _PERMALINK:
            permalinks -= 1
        if skipped or tag not in _KEEP:
            continue
        data = section.title if open_count.get(section.el.tag) else section.text
        opening = f"<{tag}>"
        if opening not in data:
            raise _NotPlain  # Material's handle_endtag would fail here (no HTML found to do it)
        index = data.index(opening)
        if all(part.isspace() for part in data[index + 1:]):
            del data[index:]  # an element with nothing in it
        else:
            data.append(f"</{tag}>")
    if position != len(html):
        raise _NotPlain
    return sections
