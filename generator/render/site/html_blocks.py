"""Generated pages are HTML blocks between Markdown headings; let Markdown see only the headings.

Python-Markdown keeps a raw HTML block verbatim, but only after running an HTML parser over
it, and MkDocs runs a second one over the stash to collect anchor ids. Entry pages are almost
all raw HTML, so that double parse was the largest part of building them. ``stash_blocks``
sets the blocks aside and Markdown converts the headings alone, so their ids and permalinks
and the table of contents still come from the configured Markdown extensions;
``restore_blocks`` puts the blocks back between the headings' HTML. (A comment in each
block's place, kept verbatim by Markdown, cost as much again as the headings: Markdown's HTML
preprocessor parses the whole page for it.)

It only takes a page it can split exactly as Markdown would: ATX headings, blank lines and
blocks that open with a block-level tag at the start of a line and close on a line of their
own. For anything else (Markdown text, admonitions, a <script>) it returns None.

``SiteMarkdown`` does that while the pages are generated (in two processes for a large
library), with one Markdown instance per process instead of MkDocs' one per page, for pages
with a title in their metadata; the plugin hands MkDocs the result
(``generator.plugin.structure.GeneratedPage``). Every other page MkDocs renders itself. The
instance is reset between pages, which suffices for extensions whose ``reset()`` clears their
per-page state, as Python-Markdown's and pymdownx's do.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import markdown as markdown_lib
from markdown.util import BLOCK_LEVEL_ELEMENTS

_HEADING = re.compile(r"#{1,6}[ \t]")
_HEADING_HTML = re.compile(r"<h[1-6][\s>]")
_START = re.compile(r"<([A-Za-z][A-Za-z0-9-]*)")
_TAG = re.compile(r"<!--.*?-->|<(/?)([A-Za-z][A-Za-z0-9-]*)(?:\s[^>]*)?>", re.S)
_ID = re.compile(r"""\sid=["']([^"']+)["']""")
_BLOCK = frozenset(BLOCK_LEVEL_ELEMENTS)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
# Their content is text in which "<" opens no tag: leave such pages to Markdown's HTML parser.
_RAW_TEXT = frozenset({"script", "style", "textarea"})


def _opens_block(text: str) -> bool:
    """Whether the text starts with a tag that Markdown takes as the start of a raw HTML block."""
    opener = _START.match(text)
    return opener is not None and opener.group(1).lower() in _BLOCK


@dataclass(frozen=True)
class Stashed:
    headings: str  # the page's headings alone, for Markdown
    parts: list[str | None]  # the page in order: each block's HTML, None where a heading goes


def _block_end(text: str, start: int) -> int | None:
    """Where the HTML block opening at ``start`` ends (the end of its last line), or None when
    Markdown would not read it as one raw block."""
    stack: list[str] = []
    scan = start
    while True:
        tag = _TAG.search(text, scan)
        if tag is None:
            return None  # an element never closes
        scan = tag.end()
        name = (tag.group(2) or "").lower()
        if name in _RAW_TEXT:
            return None
        if tag.group(1):  # an end tag closes everything opened since its start tag
            if name in stack:
                while stack.pop() != name:
                    pass
        elif name and name not in _VOID and not tag.group(0).endswith("/>"):
            stack.append(name)
        if stack:
            continue
        end = text.find("\n", scan)
        end = len(text) if end < 0 else end
        rest = text[scan:end]
        if not rest.strip():
            return end
        if not _opens_block(rest.lstrip()):
            return None  # text after the block on its line: Markdown would make it a paragraph


def stash_blocks(markdown: str) -> Stashed | None:
    headings: list[str] = []
    parts: list[str | None] = []
    pos = 0
    while pos < len(markdown):
        end = markdown.find("\n", pos)
        end = len(markdown) if end < 0 else end
        line = markdown[pos:end]
        if _HEADING.match(line):
            headings.append(line)
            parts.append(None)
        elif line.strip():
            block_end = _block_end(markdown, pos) if _opens_block(line) else None
            if block_end is None:
                return None
            parts.append(markdown[pos:block_end])
            end = block_end
        pos = end + 1
    return Stashed("\n\n".join(headings), parts)


def restore_blocks(html: str, stashed: Stashed) -> str | None:
    """The page: Markdown's HTML of the headings (one line each) with the blocks between them,
    a line each, as Markdown puts raw blocks; None if Markdown made other than a line per heading."""
    lines = html.split("\n") if html else []
    if len(lines) != stashed.parts.count(None) or not all(map(_HEADING_HTML.match, lines)):
        return None
    made = iter(lines)
    return "\n".join(next(made) if part is None else part for part in stashed.parts)


@dataclass(frozen=True)
class PageHtml:
    """A generated page as MkDocs' Page.render would leave it."""

    # What it was made from, the Markdown as MkDocs reads it (front matter removed), by digest:
    # the page itself holds the text, and half the pages travel pickled from a child process.
    source_digest: bytes
    html: str
    toc_tokens: list[dict[str, Any]]
    anchor_ids: frozenset[str]

    def made_from(self, markdown: str) -> bool:
        return _digest(markdown) == self.source_digest


def _digest(text: str) -> bytes:
    # surrogatepass: another plugin's Markdown may hold a lone surrogate; MkDocs writes it anyway
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


class SiteMarkdown:
    """Python-Markdown with the site's extensions, for generated pages ``stash_blocks`` takes."""

    def __init__(self, extensions: list[Any], extension_configs: dict[str, Any]) -> None:
        self._extensions = extensions
        self._configs = extension_configs
        self._md: markdown_lib.Markdown | None = None  # made on first use; a fork gets a copy

    def page(self, source: str) -> PageHtml | None:
        stashed = stash_blocks(source)
        # A Markdown link in a heading is MkDocs' to rewrite; this instance does not know the files.
        if stashed is None or "](" in stashed.headings or "][" in stashed.headings:
            return None
        if self._md is None:
            self._md = markdown_lib.Markdown(extensions=self._extensions, extension_configs=self._configs)
        md = self._md.reset()
        html = restore_blocks(md.convert(stashed.headings), stashed)
        if html is None:
            return None
        return PageHtml(_digest(source), html, getattr(md, "toc_tokens", []), frozenset(_ID.findall(html)))
