"""The playbooks in the site: their files under ``playbooks/`` and an index page.

The index page comes through ``render_site``'s ``extra`` hook, so that it is rendered like
every other generated page; the plugin adds the PDF and HTML files next to it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import jinja2

from generator.model import Library
from generator.render.playbooks.content import plan
from generator.render.playbooks.fonts import CJKFonts
from generator.render.playbooks.html import TEMPLATES
from generator.render.playbooks.pdf import Run, render_playbooks
from generator.render.site.pages import Page, SiteRenderer

SITE_FOLDER = "playbooks"
INDEX = f"{SITE_FOLDER}/index.md"


def index_page(library: Library, pages: Mapping[str, int] | None = None) -> Callable[[SiteRenderer], list[Page]]:
    """A page maker for ``render_site(extra=[…])``: the playbooks grouped three ways."""
    def make(renderer: SiteRenderer) -> list[Page]:
        env = renderer.env.overlay(loader=jinja2.FileSystemLoader(TEMPLATES))
        playbooks = plan(library)
        # Markdown links (the playbooks sit beside the page): MkDocs checks and rewrites them.
        body = env.get_template("index.md.j2").render(
            pages=dict(pages or {}),
            by_stage=[pb for pb in playbooks if pb.group == "stage"],
            by_type=[pb for pb in playbooks if pb.group == "type"],
            pairs={(pb.stage["id"], pb.debtor_type["id"]): pb for pb in playbooks if pb.group == "pair"})
        meta: dict[str, Any] = {"title": "打印手册"}
        front = "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n"
        return [Page(INDEX, front + body, meta)]

    return make


def site_files(library: Library, cache: Path, *, fonts: CJKFonts | None = None,
               progress: Callable[[int], Any] | None = None) -> tuple[dict[str, bytes], Run]:
    """Render (or reuse from ``cache``) every playbook; docs-relative path → bytes."""
    run = render_playbooks(library, cache, fonts=fonts, progress=progress)
    files: dict[str, bytes] = {}
    for result in run.results:
        for path in (result.pdf, result.html):
            files[f"{SITE_FOLDER}/{path.name}"] = path.read_bytes()
    return files, run
