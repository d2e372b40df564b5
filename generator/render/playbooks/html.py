"""Playbooks and letters as print-ready HTML, through the Jinja templates beside this file.

Library text is text: it reaches the page only through ``generator.render.text`` (escaped,
Markdown without HTML). Declared placeholders come out of there as ``hk-ph`` spans; here they
become blanks to fill in by hand (an underline sized for a typical value, the name small
underneath), or the value given on the command line.
"""

from __future__ import annotations

import html as htmllib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator import __version__
from generator.model import Entry, Library
from generator.render import text as T
from generator.render.playbooks.content import Content, Playbook
from generator.render.playbooks.fonts import CJKFonts

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = Path(__file__).parent / "styles" / "playbook.css"

_PH_SPAN = re.compile(r'<span class="hk-ph" data-ph="([^"<>]+)">\{[^{}<>]*\}</span>')
_VOCATIVE = re.compile(r"^\{[^{}\s]{1,20}\}[，,：:]\s*")  # "{联系人}，" opening a line
_HEADING = re.compile(r'<h([234]) id="([^"]+)"( class="[^"]*\bin-toc\b[^"]*")?[^>]*>(.*?)</h\1>', re.S)
TOC_MARKER = "<!--hk-toc-->"


def text_width_em(text: str) -> float:
    """Approximate printed width in em: CJK and full-width characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


class Blanks:
    """Turns placeholder spans into hand-fill blanks, or into the values given."""

    def __init__(self, library: Library, values: Mapping[str, str] | None = None) -> None:
        self.placeholders = library.placeholders
        self.values = dict(values or {})

    def width(self, name: str) -> float:
        example = self.placeholders[name].example if name in self.placeholders else name
        # Room for a typical value written by hand (handwriting runs wider than type),
        # and for the name printed underneath.
        return round(min(14.0, max(4.0, text_width_em(example) * 1.15 + 1, text_width_em(name) * 0.6 + 1)), 1)

    def blank(self, name: str, compact: bool = False) -> str:
        label = htmllib.escape(name)
        if compact:  # sized by its name in the stylesheet: the name's real width, not an estimate
            return f'<span class="blank blank--compact"><span class="blank__name">{label}</span></span>'
        return (f'<span class="blank" style="width:{self.width(name)}em">&#160;'
                f'<span class="blank__name">{label}</span></span>')

    def __call__(self, rendered: str, compact: bool = False) -> Markup:
        def swap(match: re.Match[str]) -> str:
            name = htmllib.unescape(match.group(1))
            value = self.values.get(name, "")
            if value.strip():
                return f'<span class="filled">{htmllib.escape(value.strip())}</span>'
            return self.blank(name, compact)

        return Markup(_PH_SPAN.sub(swap, rendered))


def _level_name(value: str) -> str:
    return {"high": "高", "low": "低"}.get(value, value)


class HtmlRenderer:
    def __init__(self, library: Library, fonts: CJKFonts, values: Mapping[str, str] | None = None) -> None:
        self.library = library
        self.fonts = fonts
        self.blanks = Blanks(library, values)
        declared = list(library.placeholders)
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True)
        self.env.filters.update(
            t=lambda s: self.blanks(T.text_html(str(s), declared)),
            md=lambda s: self.blanks(T.markdown_html(str(s), declared)),
            # The call card: the opening "{联系人}，" goes (the collector knows whom they are
            # talking to) and blanks shrink to the name, so that more answers fit the page.
            card=lambda s: self.blanks(T.text_html(_VOCATIVE.sub("", str(s)), declared), compact=True),
            level=_level_name,
        )
        self.env.globals.update(lib=library, term=library.term, terms=library.terms, generator_version=__version__)

    @cached_property
    def css(self) -> str:
        """The stylesheet, with the families fontconfig found: inline in every page (self-contained)."""
        fonts = (f"html {{ font-family: {self.fonts.css_stack}; }}\n"
                 f".letter-sheet {{ font-family: {self.fonts.css_serif_stack}; }}\n")
        return fonts + STYLESHEET.read_text(encoding="utf-8")

    def _page(self, template: str, **context: Any) -> str:
        body = self.env.get_template(template).render(css=Markup(self.css), **context)
        if TOC_MARKER in body:
            body = body.replace(TOC_MARKER, self._toc(body), 1)
        return body

    def _toc(self, body: str) -> str:
        """The table of contents from the headings actually rendered: it cannot drift."""
        items = []
        for level, ident, toc_class, inner in _HEADING.findall(body):
            if level == "2" or toc_class:
                depth = "1" if level == "2" else "2"
                items.append(f'<li class="toc__item toc__item--{depth}"><a href="#{ident}">{inner.strip()}</a></li>')
        return '<ol class="toc__list">\n' + "\n".join(items) + "\n</ol>"

    def playbook(self, content: Content, date: str, card_rows: int | None = None, only_card: bool = False,
                 run_on: Sequence[str] = ()) -> str:
        """``run_on``: IDs of elements that continue the page before instead of starting a new
        one (``pdf.runs_on`` finds them in a first layout)."""
        pb: Playbook = content.playbook
        rows = content.card if card_rows is None else content.card[:card_rows]
        return self._page("playbook.html.j2", c=content, pb=pb, date=date, card_rows=rows,
                          only_card=only_card, run_on=run_on, doc_title=f"{pb.title} · 催收手册")

    def letter(self, entry: Entry, date: str, unfilled: list[str], sent_pages: int | None = None) -> str:
        """``sent_pages``: the total for the letter's folios (第 N 页 / 共 M 页), once it is known."""
        return self._page("letter.html.j2", letter=entry, date=date, unfilled=unfilled, sent_pages=sent_pages,
                          doc_title=entry.title)
