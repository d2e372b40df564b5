"""Site pages: a pure function from the checked library to (path, Markdown, metadata)."""

from generator.render.site.pages import Page, SiteOptions, render_site

__all__ = ["Page", "SiteOptions", "render_site"]
