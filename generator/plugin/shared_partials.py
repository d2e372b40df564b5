"""Material partials that come out the same on many pages, rendered once per folder.

Library entries are pages outside the navigation (that is what keeps the build linear), so
Material's navigation drawer and tabs come out identical on every entry page of one folder:
their links are relative to the folder, and no item is active. Rendered per page, they were a
third of Material's template time on a large site. The theme's own templates still do the
rendering (including a user's overrides of them); only the repetition goes. The tests compare
every page of a site built with and without the sharing.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable
from typing import Any

from jinja2 import BaseLoader, Environment

# Theme partials whose output depends on the page only through its folder and whether it is
# in the navigation (checked against the Material templates in use: nav-item.html and
# tabs-item.html look at the page only for the page itself and its active ancestors).
SHARED_PARTIALS = ("partials/nav.html", "partials/tabs.html")
_ORIGINAL = "huikuan-original:"
_WRAPPER = '{%% call huikuan_shared(page, "%s") %%}{%% include "%s%s" %%}{%% endcall %%}'


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


class SharedRenderings:
    """What the wrapped partials call: the partial's output for this page's folder, rendered
    the first time a page outside the navigation asks for it. One instance per build."""

    def __init__(self, pages_in_nav: set[str]) -> None:
        self.pages_in_nav = pages_in_nav
        self.rendered: dict[tuple[str, str], Any] = {}

    def __call__(self, page: Any, name: str, caller: Callable[[], Any]) -> Any:
        file = getattr(page, "file", None)
        if file is None or file.src_uri in self.pages_in_nav:
            return caller()
        key = (name, posixpath.dirname(page.url))
        if key not in self.rendered:
            self.rendered[key] = caller()
        return self.rendered[key]


def share_partials(env: Environment, pages_in_nav: set[str]) -> None:
    if not SHARED_PARTIALS or env.loader is None or isinstance(env.loader, SharingLoader):
        return
    env.loader = SharingLoader(env.loader)
    env.globals["huikuan_shared"] = SharedRenderings(pages_in_nav)
