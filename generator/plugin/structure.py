"""MkDocs pages for what huikuan generates: rendered to HTML already, while being generated."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
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
