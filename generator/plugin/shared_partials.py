"""Material partials that come out the same on many pages, rendered once per folder.

Library entries are pages outside the navigation (that is what keeps the build linear), so
Material's navigation drawer and tabs come out identical on every entry page of one folder:
their links are relative to the folder, and no item is active. Rendered per page, they were a
third of Material's template time on a large site. Material's own templates still do the
rendering; only the repetition goes. Where a theme override (custom_dir) replaces one of the
templates involved, nothing is shared: an override may look at the page. The tests compare
every page of a site built with and without the sharing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment

# Theme partials whose output depends on the page only through its folder and whether it is
# in the navigation (checked against the Material templates in use: nav-item.html and
# tabs-item.html look at the page only for the page itself and its active ancestors).
SHARED_PARTIALS = ("partials/nav.html", "partials/tabs.html")
# Everything those two include for a page that is not in the navigation.
_INVOLVED = (*SHARED_PARTIALS, "partials/nav-item.html", "partials/tabs-item.html", "partials/logo.html",
             "partials/source.html")
_ORIGINAL = "huikuan-original:"
_WRAPPER = '{%% call huikuan_shared(page, nav, "%s") %%}{%% include "%s%s" %%}{%% endcall %%}'


class SharingLoader(BaseLoader):
    """The theme's loader, with each shared partial wrapped in a call to ``huikuan_shared``."""

    def __init__(self, loader: BaseLoader) -> None:
        self.loader = loader

    def get_source(self, environment: Environment, template: str) -> tuple[str, str | None, Callable[[], bool] | None]:
        if template.startswith(_ORIGINAL):
            return self.loader.get_source(environment, template.removeprefix(_ORIGINAL))
        source, filename, uptodate = self.loader.get_source(environment, template)
        if template in SHARED_PARTIALS:
            return _WRAPPER % (template, _ORIGINAL, template), filename, uptodate
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def _nav_items(items: list[Any]) -> Iterator[Any]:
    for item in items:
        yield item
        yield from _nav_items(getattr(item, "children", None) or [])


class SharedRenderings:
    """What the wrapped partials call: the partial's output for this page's folder, rendered
    the first time a page outside the navigation asks for it. One instance per build."""

    def __init__(self) -> None:
        self.rendered: dict[tuple[str, str], Any] = {}
        self.nav: Any = None
        self.in_nav: set[int] = set()  # ids of the nav's items; self.nav keeps them alive

    def __call__(self, page: Any, nav: Any, name: str, caller: Callable[[], Any]) -> Any:
        if page is None or getattr(page, "parent", None) is not None or self._in_nav(page, nav):
            return caller()
        key = (name, posixpath.dirname(page.url))
        if key not in self.rendered:
            self.rendered[key] = caller()
        return self.rendered[key]

    def _in_nav(self, page: Any, nav: Any) -> bool:
        # The navigation as the page sees it, after every plugin's on_nav (the blog plugin, for
        # one, adds its archive and category pages late).
        if nav is not self.nav:
            self.nav = nav
            self.in_nav = {id(item) for item in _nav_items(getattr(nav, "items", None) or [])}
            self.in_nav |= {id(p) for p in getattr(nav, "pages", None) or []}
        return id(page) in self.in_nav


def share_partials(env: Environment, theme_dirs: list[str]) -> None:
    """Share the partials unless a theme folder ahead of Material's overrides one involved."""
    import material

    material_dir = Path(material.__file__).resolve().parent / "templates"
    for folder in map(Path, theme_dirs):
        if folder.resolve() == material_dir:
            break
        if any((folder / name).is_file() for name in _INVOLVED):
            return
    if not SHARED_PARTIALS or env.loader is None or isinstance(env.loader, SharingLoader):
        return
    env.loader = SharingLoader(env.loader)
    env.globals["huikuan_shared"] = SharedRenderings()
