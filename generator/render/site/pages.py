"""Every generated page of the site, from the model, through Jinja templates beside this file.

``render_site`` knows nothing of MkDocs: it returns pages, and the plugin (or
``huikuan pages``) decides where they go. Links inside HTML blocks are computed here because
Markdown link rewriting does not reach into raw HTML.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from generator.model import Entry, Library, has_value
from generator.parallel import map_in_two_processes
from generator.render import text as T
from generator.render.site.html_blocks import PageHtml, SiteMarkdown
from generator.render.site.reference import reference_pages

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class SiteOptions:
    directory_urls: bool = False  # the offline plugin turns them off; file:// needs real files
    # Given, pages are also rendered to HTML as they are generated (see html_blocks).
    markdown: SiteMarkdown | None = field(default=None, compare=False)


@dataclass
class Page:
    path: str  # docs-relative, e.g. objections/no-money.md
    markdown: str
    meta: dict[str, Any] = field(default_factory=dict)
    html: PageHtml | None = None


def page_url(path: str, options: SiteOptions) -> str:
    """The URL MkDocs gives a docs-relative Markdown path."""
    stem = path[:-3] if path.endswith(".md") else path
    if not options.directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative(from_path: str, to_path: str, options: SiteOptions) -> str:
    """A link from one page to another (or to an asset) that works over http and file://."""
    target = page_url(to_path, options) if to_path.endswith(".md") else to_path
    return _relative_url(target, url_folder(from_path, options))


def url_folder(path: str, options: SiteOptions) -> str:
    """The folder of a page's (or an asset's) URL: what links from it are relative to."""
    return posixpath.dirname(page_url(path, options) if path.endswith(".md") else path)


# Pages sit in a handful of folders and link to the same entries over and over.
@functools.lru_cache(maxsize=1 << 16)
def _relative_url(target: str, here: str) -> str:
    rel = posixpath.relpath(target or ".", here or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return rel


class SiteRenderer:
    def __init__(self, library: Library, options: SiteOptions) -> None:
        self.library = library
        self.options = options
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, undefined=jinja2.StrictUndefined,
            trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
        declared = library.placeholders
        # A summary is shown wherever its entry is listed, a link on every page of a folder
        # that lists it: each is made once.
        text_html = functools.lru_cache(maxsize=None)(lambda s: T.text_html(s, declared))
        self._links: dict[tuple[str, str], Markup] = {}
        self.env.filters.update(
            t=lambda s: text_html(str(s)),
            md=lambda s: T.markdown_html(str(s), declared),
            mdi=lambda s: T.md_inline(str(s)),
            tojson_attr=lambda v: json.dumps(v, ensure_ascii=False),
        )
        self.env.globals.update(lib=library, term=library.term, terms=library.terms, refs=library.references,
                                kinds=library.schemas.kinds, by_step=self.by_step,
                                classifiers=library.schemas.classifiers, term_pages=TERM_PAGES)

    def by_step(self, scripts: list[Entry]) -> list[tuple[dict[str, Any], list[Entry]]]:
        """Scripts in call order: grouped by the first call step each covers."""
        steps = self.library.terms("call_steps")
        groups = []
        for step in steps:
            members = [s for s in scripts if (s.get("call_steps") or [None])[0] == step["id"]]
            if members:
                groups.append((step, members))
        return groups

    @staticmethod
    def relative_md(from_path: str, to_path: str) -> str:
        """A Markdown link between source files; MkDocs turns it into the right URL."""
        return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")

    def render(self, path: str, template: str, meta: dict[str, Any] | None = None, **context: Any) -> Page:
        def href(target: str | Entry) -> str:
            return relative(path, target.url if isinstance(target, Entry) else target, self.options)

        folder = url_folder(path, self.options)

        def link(target: Entry) -> Markup:
            made = self._links.get((target.id, folder))
            if made is None:
                made = self._links[target.id, folder] = Markup('<a href="{}">{}</a>').format(href(target), target.title)
            return made

        def term_page(list_name: str, ident: str) -> str:
            """The term's own page, or "" for a list whose terms have none."""
            page = TERM_PAGES.get(list_name)
            return href(f"{page[0]}/{ident}.md") if page else ""

        body = self.env.get_template(template).render(page=path, href=href, link=link, term_page=term_page,
                                                      review=self.library.review, **context)
        meta = dict(meta or {})
        if "title" in meta:
            # MkDocs and Material print page titles as HTML (in <title>, the nav, the search index).
            meta["title"] = html.escape(meta["title"], quote=False)
        front = "---\n" + json.dumps(meta, ensure_ascii=False) + "\n---\n\n" if meta else ""
        # Only with a title of its own: MkDocs would otherwise take one from the rendered h1.
        page_html = None
        if self.options.markdown is not None and "title" in meta:
            page_html = self.options.markdown.page(body.lstrip("\n"))  # as MkDocs strips it
        return Page(path, front + body, meta, page_html)


# Taxonomy lists that get a page per term: folder, template, title of the list's index page.
TERM_PAGES = {"stages": ("stages", "stage", "催收阶段"),
              "debtor_types": ("debtor-types", "debtor_type", "欠款客户类型"),
              "channels": ("channels", "channel", "沟通渠道"),
              "objection_categories": ("categories", "category", "异议类别")}


def _entry_meta(entry: Entry) -> dict[str, Any]:
    meta: dict[str, Any] = {"title": entry.title, "hk_id": entry.id, "hk_kind": entry.kind.id}
    if entry.get("tags"):
        meta["tags"] = entry.get("tags")
    if entry.kind.id == "objection":
        meta["search"] = {"boost": 2}
    return meta


def render_site(library: Library, options: SiteOptions | None = None,
                extra: list[Callable[[SiteRenderer], list[Page]]] = (),
                meanwhile: Callable[[], object] | None = None) -> list[Page]:
    """All generated pages. ``extra`` adds pages from other renderers (playbooks, compliance);
    ``meanwhile`` runs in this process while a forked child starts on the pages."""
    r = SiteRenderer(library, options or SiteOptions())
    compliance = library.compliance

    def entry_page(entry: Entry) -> Page:
        findings = [f for f in compliance.findings if f.rule.entry == entry.id] if compliance else []
        waived = [s for s in compliance.suppressed if s.finding.rule.entry == entry.id] if compliance else []
        return r.render(entry.url, f"entry_{entry.kind.id}.md.j2", _entry_meta(entry), entry=entry,
                        compliance=compliance, findings=findings, waived=waived)

    # Each page is a job; they run in two processes where they can (MkDocs builds them later).
    jobs: list[Callable[[], Page]] = [functools.partial(entry_page, e) for e in library.entries.values()]

    def page(*args: Any, **context: Any) -> None:
        jobs.append(functools.partial(r.render, *args, **context))

    # The library section's own page, so that each kind's list is an item under it (Material
    # makes a section's first index.md the section itself).
    page("library/index.md", "library_index.md.j2", {"title": "话术库"}, entry_kinds=library.schemas.entry_kinds)
    for kind in library.schemas.entry_kinds:
        entries = library.of_kind(kind.id)
        page(f"{kind.folder}/index.md", "kind_index.md.j2", {"title": kind.name},
             kind=kind, entries=entries, groups=_groups(library, kind.id, entries))
    for list_name, (folder, template, title) in TERM_PAGES.items():
        for item in library.terms(list_name):
            page(f"{folder}/{item['id']}.md", f"{template}.md.j2", {"title": item["name"]}, term=item)
        page(f"{folder}/index.md", f"{template}_index.md.j2", {"title": title}, items=library.terms(list_name))
    # Pages that only list other pages stay out of the search index: the entries are there.
    no_search = {"search": {"exclude": True}}
    page("coverage.md", "coverage.md.j2", {"title": "覆盖矩阵", **no_search})
    page("tags.md", "tags.md.j2", {"title": "标签", **no_search}, tags=_tags(library))
    page("glossary.md", "glossary.md.j2", {"title": "术语表"})
    page("compliance.md", "compliance.md.j2", {"title": "合规报告", **no_search})
    page("review.md", "review.md.j2", {"title": "待复审条目", **no_search})
    page("finder/index.md", "finder.md.j2", {"title": "异议查找", "hide": ["navigation", "toc"], **no_search})
    pages = map_in_two_processes(lambda job: job(), jobs, meanwhile)
    # The reference pages are part of every site: contributors need them wherever it is built.
    for make in (reference_pages, *extra):
        pages.extend(make(r))
    return pages


def _groups(library: Library, kind: str, entries: list[Entry]) -> list[tuple[str, list[Entry]]]:
    """Group an index page by the kind's first classifying field, as the schema orders them."""
    field_name, schema = library.schemas.grouping_field(kind)
    if field_name is None:
        return [("全部", entries)]
    list_name = schema.get("x-taxonomy")
    if list_name:
        order = [t["id"] for t in library.terms(list_name)]
        names = {t["id"]: t["name"] for t in library.terms(list_name)}
    else:
        order = list(schema.get("enum", []))
        names = dict(zip(order, schema.get("x-enum-names", order), strict=False))
    groups = []
    for value in order:
        members = [e for e in entries if has_value(e.get(field_name), value)]
        if members:
            groups.append((names.get(value, value), members))
    return groups



def _tags(library: Library) -> dict[str, list[Entry]]:
    tags: dict[str, list[Entry]] = {}
    for entry in library.entries.values():
        for tag in entry.get("tags") or []:
            tags.setdefault(tag, []).append(entry)
    return dict(sorted(tags.items()))
