"""Material partials that come out the same on many pages, rendered once per folder.

Library entries are pages outside the navigation (that is what keeps the build linear), so
Material's navigation drawer, tabs, palette switch, search box, footer, logo and
configuration come out identical on every entry page of one folder: their links are relative
to the folder, and the item active is the folder's own (``structure.FolderSections``).
Rendered per page, they were a third of Material's template time on a large site and about
11 KB of every entry page.

So each is rendered once per folder and written once, as a script that writes it into the
page where it stands (``document.write`` of a parser-inserted script: the markup is in place,
inline scripts included, before Material's bundle runs, with nothing to see flash). The
script's name is a hash of its content, so a browser never keeps a stale copy after a change,
and the same partial in two folders is one file. Pages then carry a script tag per partial;
the browser loads each file once for the whole site. With ``navigation.instant`` Material
swaps pages without parsing them, where ``document.write`` would wipe the page: the partials
are then still rendered once per folder but written into each page.

Material's own templates still do the rendering; only the repetition goes. Where a theme
override (custom_dir) replaces one of the templates involved, nothing is shared: an override
may look at the page. The tests compare every page of a site built with and without the
sharing, with the scripts' markup put back in place.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from jinja2 import BaseLoader, Environment, Undefined
from markupsafe import Markup

from generator.render.site.bundle import ASSET_PREFIX
from generator.render.site.minify import minify

from .structure import nav_members

# Theme partials whose output depends on the page only through its folder and whether it is
# in the navigation (checked against the Material templates in use: nav-item.html and
# tabs-item.html look at the page only for the page itself and its active ancestors; the
# footer only for the previous and next pages, which pages outside the navigation lack; the
# others not at all).
SHARED_PARTIALS = ("partials/nav.html", "partials/tabs.html", "partials/palette.html",
                   "partials/javascripts/palette.html", "partials/search.html", "partials/footer.html",
                   "partials/top.html", "partials/logo.html", "partials/javascripts/base.html",
                   "partials/javascripts/content.html")
# Blocks of a template, the same way: base.html's configuration for Material's bundle (base
# URL, features, translations) depends on the page only through its folder. A main.html that
# overrides the block replaces the wrapped one, or keeps it with super(): either is right.
SHARED_BLOCKS = {"base.html": "config"}
# Everything those include for a page that is not in the navigation.
_INVOLVED = (*SHARED_PARTIALS, *SHARED_BLOCKS, "partials/nav-item.html", "partials/tabs-item.html",
             "partials/source.html", "partials/copyright.html", "partials/social.html")
CHROME_DIR = f"{ASSET_PREFIX}/chrome"  # the shared partials' scripts, in the built site
_ORIGINAL = "huikuan-original:"
_CALL = '{%% call huikuan_shared(page, nav, "%s") %%}'
_WRAPPER = _CALL + '{%% include "%s%s" %%}{%% endcall %%}'


def _wrap_block(source: str, template: str, block: str) -> str:
    """The source with the body of ``block`` (one without nested blocks) wrapped in the call."""
    pattern = re.compile(r"(\{%-?\s*block\s+" + re.escape(block) + r"\s*-?%\})(.*?)(\{%-?\s*endblock\b)", re.S)
    call = _CALL % f"{template}#{block}"
    return pattern.sub(lambda m: f"{m[1]}{call}{m[2]}{{% endcall %}}{m[3]}", source, count=1)


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
        if template in SHARED_BLOCKS:
            return _wrap_block(source, template, SHARED_BLOCKS[template]), filename, uptodate
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


class SharedRenderings:
    """What the wrapped partials call: the partial's output for this page's folder, rendered
    the first time a page outside the navigation asks for it. One instance per build.

    ``as_scripts``: pages get a script tag that writes the partial, and ``scripts`` holds the
    files (name in CHROME_DIR → text) for the plugin to write; otherwise the markup itself."""

    def __init__(self, as_scripts: bool = False) -> None:
        self.as_scripts = as_scripts
        self.scripts: dict[str, str] = {}
        self.rendered: dict[tuple[str, str], Any] = {}
        self.depth = 0  # shared renderings in progress
        self.nav: Any = None
        self.in_nav: set[int] = set()  # ids of the nav's items; self.nav keeps them alive

    def __call__(self, page: Any, nav: Any, name: str, caller: Callable[[], Any]) -> Any:
        # Inside a partial being shared (the logo in the drawer), the markup stays in its parent's;
        # a template imported without context has no page to share for.
        if (self.depth or page is None or isinstance(page, Undefined) or isinstance(nav, Undefined)
                or getattr(page, "parent", None) is not None or self._in_nav(page, nav)):
            return caller()
        folder = posixpath.dirname(page.url)
        # With directory URLs every page is a folder of its own; pages outside the navigation
        # in sibling folders still see every link the same way.
        key = (name, posixpath.dirname(folder) + "/*" if page.url.endswith("/") else folder)
        if key not in self.rendered:
            self.depth += 1
            try:
                markup = caller()
            finally:
                self.depth -= 1
            self.rendered[key] = self._script_tag(markup, folder) if self.as_scripts else markup
        return self.rendered[key]

    def _script_tag(self, markup: str, folder: str) -> Markup:
        # JSON escapes every non-ASCII character, U+2028 included: a valid script in any browser.
        text = f"document.write({json.dumps(minify(str(markup)))});\n"
        name = hashlib.sha1(text.encode()).hexdigest()[:16] + ".js"
        self.scripts[name] = text
        return Markup(f'<script src="{posixpath.relpath(f"{CHROME_DIR}/{name}", folder or ".")}"></script>')

    def _in_nav(self, page: Any, nav: Any) -> bool:
        # The navigation as the page sees it, after every plugin's on_nav (the blog plugin, for
        # one, adds its archive and category pages late).
        if nav is not self.nav:
            self.nav, self.in_nav = nav, nav_members(nav)
        return id(page) in self.in_nav


def share_partials(env: Environment, theme_dirs: list[str], as_scripts: bool) -> SharedRenderings | None:
    """Share the partials unless a theme folder ahead of Material's overrides one involved."""
    import material

    material_dir = Path(material.__file__).resolve().parent / "templates"
    for folder in map(Path, theme_dirs):
        if folder.resolve() == material_dir:
            break
        if any((folder / name).is_file() for name in _INVOLVED):
            return None
    if not (SHARED_PARTIALS or SHARED_BLOCKS) or env.loader is None or isinstance(env.loader, SharingLoader):
        return None
    env.loader = SharingLoader(env.loader)
    env.globals["huikuan_shared"] = shared = SharedRenderings(as_scripts)
    return shared


def write_scripts(shared: SharedRenderings | None, site_dir: Path) -> None:
    if shared is None or not shared.scripts:
        return
    folder = site_dir / CHROME_DIR
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in shared.scripts.items():
        (folder / name).write_text(text, encoding="utf-8")
