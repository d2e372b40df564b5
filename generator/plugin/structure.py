"""MkDocs pages for what huikuan generates: rendered to HTML already, while being generated."""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Iterator
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from generator.render.site.html_blocks import PageHtml


class GeneratedPage(Page):
    """A generated page whose HTML, table of contents and anchors were made with the site's
    Markdown settings as the page was generated (``html_blocks.SiteMarkdown``). MkDocs runs
    every plugin event on it as on any page; only ``render`` takes the HTML instead of running
    Markdown again, unless a plugin changed the page's Markdown since."""

    page_html: PageHtml

    @classmethod
    def adopt(cls, page: Page, page_html: PageHtml) -> None:
        """Make the page MkDocs made for a generated file (with the navigation's title, linked
        into the navigation) one of these, in place: MkDocs' lookup of nav paths is not redone."""
        page.__class__ = cls
        assert isinstance(page, cls)
        page.page_html = page_html

    def render(self, config: MkDocsConfig, files: Files) -> None:
        made = self.page_html
        if not made.made_from(self.markdown):
            super().render(config, files)
            return
        self.content = made.html
        self.toc = get_toc(made.toc_tokens)
        self.present_anchor_ids = set(made.anchor_ids)
        self.links_to_anchors = {}  # a generated page links to no anchor MkDocs could check


def nav_items(items: Iterable[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from nav_items(getattr(item, "children", None) or [])


def nav_members(nav: Any) -> set[int]:
    """The ids of the navigation's items and pages, as a page rendered with it sees them."""
    return ({id(item) for item in nav_items(getattr(nav, "items", None) or [])}
            | {id(page) for page in getattr(nav, "pages", None) or []})


class FolderSections:
    """A page outside the navigation (a library entry) is shown in its folder's place in it.

    Entry pages are left out of the navigation to keep the site linear, so nothing in it was
    active on them: no tab marked, and with tabs Material's sidebar, which lists the active tab's
    section, was empty. While such a page is rendered, the navigation's page for its folder (the
    folder's index page, or the nearest one above; never the home page) is active, as if the
    list itself were shown: its tab is marked, and the sidebar lists its section with the list
    highlighted. It depends on the folder alone, so the partials rendered once per folder
    (``shared_partials``) stay right for every page in it."""

    def __init__(self) -> None:
        self.nav: Navigation | None = None
        self.members: set[int] = set()
        self.by_url: dict[str, Page] = {}
        self.shown: Page | None = None

    def show(self, page: Page, nav: Navigation) -> None:
        self.hide()
        if nav is not self.nav:
            self.nav, self.members = nav, nav_members(nav)
            self.by_url = {p.url: p for p in nav.pages}
        if id(page) in self.members:
            return
        folder = posixpath.dirname(page.url.rstrip("/"))
        while folder:
            found = self.by_url.get(f"{folder}/index.html") or self.by_url.get(f"{folder}/")
            if found is not None:
                found.active = True  # and its sections, up to the tab
                self.shown = found
                return
            folder = posixpath.dirname(folder)

    def hide(self) -> None:
        if self.shown is not None:
            self.shown.active = False
            self.shown = None

    def forget(self) -> None:
        """Let go of a finished build's navigation: `serve` keeps the plugin between builds."""
        self.hide()
        self.nav, self.members, self.by_url = None, set(), {}
