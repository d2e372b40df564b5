"""MkDocs pages for what huikuan generates: rendered to HTML already, while being generated."""

from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.render.site.html_blocks import PageHtml


class GeneratedPage(Page):
    """A generated page whose HTML, table of contents and anchors were made with the site's
    Markdown settings as the page was generated (``html_blocks.SiteMarkdown``). MkDocs runs
    every plugin event on it as on any page; only ``render`` takes the HTML instead of running
    Markdown again, unless a plugin changed the page's Markdown since."""

    def __init__(self, title: str | None, file: File, config: MkDocsConfig, page_html: PageHtml) -> None:
        super().__init__(title, file, config)
        self.page_html = page_html

    def render(self, config: MkDocsConfig, files: Files) -> None:
        made = self.page_html
        if self.markdown != made.source:
            super().render(config, files)
            return
        self.content = made.html
        self.toc = get_toc(made.toc_tokens)
        self.present_anchor_ids = set(made.anchor_ids)
        self.links_to_anchors = {}  # a generated page links to no anchor MkDocs could check


def nav_titles(nav: Any) -> dict[str, str | None]:
    """The title the ``nav`` setting gives each page it lists (None for a bare path). A page
    made before the navigation keeps its own title, so it must be given this one."""
    titles: dict[str, str | None] = {}

    def walk(item: Any, title: str | None) -> None:
        if isinstance(item, str):
            titles.setdefault(item, title)
        elif isinstance(item, list):
            for child in item:
                walk(child, None)
        elif isinstance(item, dict):
            for key, value in item.items():
                walk(value, key)

    walk(nav or [], None)
    return titles
