"""Everything the site needs besides hand-written pages: generated pages, assets, exports.

The MkDocs plugin adds these as generated files; ``huikuan pages`` writes them to a folder as
plain Markdown for another builder. One list, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from generator.model import Library
from generator.placeholders import CONTRADICTIONS, REFUSED
from generator.render.exports import exports
from generator.render.site.finder import finder_scripts, script
from generator.render.site.pages import Page, SiteOptions, render_site

ASSETS = Path(__file__).resolve().parent / "assets"
ASSET_PREFIX = "assets/huikuan"
STYLESHEETS = [f"{ASSET_PREFIX}/huikuan.css"]
PLACEHOLDER_WORDS = f"{ASSET_PREFIX}/placeholders.js"
SCRIPTS = [PLACEHOLDER_WORDS, f"{ASSET_PREFIX}/huikuan.js"]
SHIM = f"{ASSET_PREFIX}/vendor/iframe-worker-shim.js"
SEARCH_INDEX_LOADER = f"{ASSET_PREFIX}/search-index.js"  # a <head> script: sites with one index copy


def generated_files(library: Library, options: SiteOptions, extra=(),
                    meanwhile: Callable[[], object] | None = None) -> dict[str, Page | str | bytes]:
    """Docs-relative path → a page, or a file's text or bytes, in a stable order. ``meanwhile``:
    see render_site."""
    files: dict[str, Page | str | bytes] = {}
    for page in render_site(library, options, extra, meanwhile):
        files[page.path] = page
    files.update(exports(library))
    for asset in sorted(ASSETS.rglob("*")):
        if asset.is_file():
            files[f"{ASSET_PREFIX}/{asset.relative_to(ASSETS).as_posix()}"] = asset.read_bytes()
    for name, text in finder_scripts(library, options).items():
        files[f"{ASSET_PREFIX}/{name}"] = text
    files[PLACEHOLDER_WORDS] = placeholder_words()
    return files


def placeholder_words() -> str:
    """What the fill-in form (huikuan.js) says of a value that contradicts another: the words of
    huikuan letter, as templates whose slots the form fills. A script, like the finder's data, so
    that it works from file:// too; the same for every page and every library."""
    contradictions = {kind: {"problem": problem[0], "expected": expected[0]}
                      for kind, (problem, expected) in CONTRADICTIONS.items()}
    return script("HK_PLACEHOLDERS", {"refused": REFUSED[0], "contradictions": contradictions})
