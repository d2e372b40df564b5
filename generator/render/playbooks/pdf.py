"""HTML → PDF with WeasyPrint: the call card fitted to one page, and a content-hash cache.

A playbook is rendered again only when its inputs changed: the HTML (which carries the CSS
inline and every library text it shows), the font files and the WeasyPrint version. The
hashes live in ``manifest.json`` in the output folder together with a hash of each PDF, so a
PDF deleted or edited by hand is rendered again too.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as htmllib
import json
import multiprocessing
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from generator import validate
from generator.messages import UserError
from generator.model import Entry, Library
from generator.render.playbooks.content import Content, Playbook, build_content, plan
from generator.render.playbooks.fonts import CJKFonts, Coverage, find_cjk_fonts
from generator.render.playbooks.html import HtmlRenderer

MANIFEST = "manifest.json"
# Bump when the rendering changes in a way the HTML does not show (WeasyPrint options, layout passes).
RENDER_VERSION = "2"
CARD_ANCHOR = "call-card"
NOTE_ANCHOR = "note"  # a letter's last page, the internal note: kept, not sent


def source_date() -> str | None:
    """SOURCE_DATE_EPOCH as an ISO date, for reproducible output; None when unset or invalid."""
    day = validate.source_date()
    return day.isoformat() if day else None


def print_date() -> str:
    return source_date() or dt.date.today().isoformat()


def _weasyprint():  # imported late: it loads Pango and fontconfig, which `huikuan check` never needs
    import weasyprint

    return weasyprint


def render_document(html: str) -> Any:
    """Lay out the HTML; a WeasyPrint Document (pages, anchors) ready to write."""
    return _weasyprint().HTML(string=html, base_url=None).render()


def write_pdf(document: Any) -> bytes:
    return document.write_pdf()


def _anchor_page(document: Any, anchor: str) -> int:
    """Index of the page an element with this id starts on."""
    return next(i for i, page in enumerate(document.pages) if anchor in page.anchors)


# A page filled less than this, just before a forced page break, is paper spent on the tail of
# what came before (the last row of a checklist, the last lines of a handler).
NEARLY_EMPTY = 1 / 3
_FORCED_BREAKS = {"page", "left", "right", "recto", "verso"}


class LayoutUnreadable(UserError):
    """WeasyPrint's layout tree is not what ``read_layout`` reads: no public API gives it, and a
    WeasyPrint release changed it. The playbooks are still printed, without the run-on pass."""

    def __init__(self, what: str) -> None:
        self.what = what
        version = _weasyprint().__version__
        super().__init__(
            f"无法读取 WeasyPrint {version} 的排版结果（{what}）。手册照常生成，但几乎空白的页面之后的内容不再"
            "接排到这一页上，页数会多一些。请安装 huikuan 支持的 WeasyPrint 版本，或者报告这个问题。",
            f"Cannot read the layout of WeasyPrint {version} ({what}). The playbooks are printed, but what "
            "follows a nearly empty page no longer runs on onto it, so they have more pages. Install a "
            "WeasyPrint version huikuan supports, or report this.")


def page_box(page: Any) -> Any:
    """The laid-out box tree of a WeasyPrint page: ``Page._page_box``, which no public API gives."""
    box = getattr(page, "_page_box", None)
    if box is None:
        raise LayoutUnreadable("Page._page_box")
    if type(box).__name__ != "PageBox":
        raise LayoutUnreadable(f"Page._page_box: {type(box).__name__}")
    return box


class Start(NamedTuple):
    """An element with an id, on the page where its first box is."""
    id: str
    break_before: str  # its computed break-before
    page: str  # its named page ("auto": the document's own)


@dataclass(frozen=True)
class PageLayout:
    fill: float  # how far down the content area its lowest line, table row or image reaches: 0–1
    starts: tuple[Start, ...]


def read_layout(document: Any) -> list[PageLayout]:
    """Each page's fill and the elements that begin on it, read from WeasyPrint's layout tree:
    where lines and table rows really landed. The running header and footer do not count.

    Everything read that WeasyPrint does not document is read here, and checked: when a release
    changes it, this raises LayoutUnreadable (tests/test_playbooks.py has the canary)."""
    try:
        from weasyprint.formatting_structure import boxes

        margin_box, content = boxes.MarginBox, (boxes.LineBox, boxes.TableRowBox, boxes.ReplacedBox)
    except (ImportError, AttributeError) as error:
        raise LayoutUnreadable(f"weasyprint.formatting_structure.boxes: {error}") from None

    def walk(box: Any) -> Iterator[Any]:
        if not isinstance(box, margin_box):
            yield box
            for child in getattr(box, "children", None) or []:
                yield from walk(child)

    pages: list[PageLayout] = []
    seen: set[Any] = set()  # elements laid out on an earlier page: a box of theirs here continues them
    try:
        for page in document.pages:
            root = page_box(page)
            top = root.content_box_y()
            bottom = top
            starts: list[Start] = []
            for box in walk(root):
                if isinstance(box, content):
                    bottom = max(bottom, box.position_y + box.margin_height())
                element = getattr(box, "element", None)
                if element is None or element in seen:
                    continue
                seen.add(element)
                if element.get("id"):
                    starts.append(Start(element.get("id"), str(box.style["break_before"]), str(box.style["page"])))
            pages.append(PageLayout((bottom - top) / root.height, tuple(starts)))
    except (AttributeError, KeyError, TypeError) as error:
        raise LayoutUnreadable(f"{type(error).__name__}: {error}") from None
    return pages


def runs_on(document: Any) -> set[str]:
    """IDs of the elements to run on rather than start a page: each starts a page by a forced
    break (a chapter, an objection handler, a checklist) right after a nearly empty page.

    An element on a page of its own kind (``page: card``) keeps its page whatever comes before.
    """
    found: set[str] = set()
    previous_fill = 1.0
    for page in read_layout(document):
        if previous_fill < NEARLY_EMPTY:
            found.update(start.id for start in page.starts
                         if start.break_before in _FORCED_BREAKS and start.page in ("", "auto"))
        previous_fill = page.fill
    return found


def fit_card(renderer: HtmlRenderer, content: Content, date: str) -> int:
    """How many call-card rows fit on one A4 page, from the card laid out alone.

    All rows first; if they overflow, the rows that landed on the first page (each row has an
    anchor) are the first guess, then one fewer until the card, its red lines and footer fit.
    """
    def layout(rows: int) -> Any:
        return render_document(renderer.playbook(content, date, rows, only_card=True))

    rows = len(content.card)
    document = layout(rows)
    if len(document.pages) == 1:
        return rows
    rows = sum(1 for name in document.pages[0].anchors if name.startswith("card-row-"))
    while rows > 0 and len(layout(rows).pages) > 1:
        rows -= 1
    return rows


@dataclass
class Rendered:
    html: str
    pdf: bytes
    pages: int
    card_rows: int
    unread_layout: str = ""  # the run-on pass was left out: what of the layout could not be read


def render_playbook(renderer: HtmlRenderer, content: Content, date: str) -> Rendered:
    rows = fit_card(renderer, content, date)
    run_on: set[str] = set()
    unread = ""
    while True:
        html = renderer.playbook(content, date, rows, run_on=sorted(run_on))
        document = render_document(html)
        # Laid out again without the breaks that left a page nearly empty. This ends: each pass
        # removes at least one forced break, and a removed one is never found again.
        more: set[str] = set()
        if not unread:
            try:
                more = runs_on(document) - run_on
            except LayoutUnreadable as error:  # a WeasyPrint we cannot measure: printed as laid out
                unread = error.what
        if more:
            run_on |= more
            continue
        # The card was fitted alone; check it in place too: it must be the last page, alone.
        if _anchor_page(document, CARD_ANCHOR) == len(document.pages) - 1 or rows == 0:
            return Rendered(html, write_pdf(document), len(document.pages), rows, unread)
        rows -= 1


def _sha(data: bytes | str) -> str:
    return hashlib.sha256(data.encode() if isinstance(data, str) else data).hexdigest()


def _write(path: Path, data: bytes) -> None:
    """Write beside, then rename: an interrupted run never leaves half a PDF behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    tmp.replace(path)


class Manifest:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.items: dict[str, dict[str, Any]] = dict(data.get("playbooks", {}))
        except (OSError, ValueError, AttributeError):
            self.items = {}

    def fresh(self, slug: str, key: str) -> dict[str, Any] | None:
        item = self.items.get(slug)
        if not item or item.get("input") != key:
            return None
        try:
            pdf = (self.folder / item["pdf"]).read_bytes()
            html_ok = (self.folder / item["html"]).is_file()
        except (OSError, KeyError):
            return None
        return item if html_ok and _sha(pdf) == item.get("pdf_sha256") else None

    def save(self) -> None:
        data = {"generator": "huikuan", "playbooks": dict(sorted(self.items.items()))}
        _write(self.path, (json.dumps(data, ensure_ascii=False, indent=1) + "\n").encode())

    def prune(self, keep: set[str]) -> None:
        """Remove what this tool wrote for playbooks that no longer exist (and nothing else)."""
        for slug in [s for s in self.items if s not in keep]:
            for name in (self.items[slug].get("pdf"), self.items[slug].get("html")):
                if name and "/" not in name and not name.startswith("."):
                    (self.folder / name).unlink(missing_ok=True)
            del self.items[slug]


@dataclass
class Result:
    playbook: Playbook
    pdf: Path
    html: Path
    pages: int
    rendered: bool  # False: the cached files were current
    unread_layout: str = ""  # printed without the run-on pass (Rendered.unread_layout)


@dataclass
class Run:
    results: list[Result]
    missing_glyphs: list[str]

    @property
    def rendered(self) -> list[Result]:
        return [r for r in self.results if r.rendered]

    @property
    def layout_unreadable(self) -> LayoutUnreadable | None:
        """Why some playbooks, rendered now or before, were printed without the run-on pass."""
        unread = next((r.unread_layout for r in self.results if r.unread_layout), "")
        return LayoutUnreadable(unread) if unread else None


_TAGS = re.compile(r"<style>.*?</style>|<[^>]+>", re.S)


def visible_text(html: str) -> str:
    return htmllib.unescape(_TAGS.sub(" ", html))


# What forked workers inherit: (renderer, contents, date). Set only while a pool runs.
_JOB: tuple[HtmlRenderer, list[Content], str] | None = None


def _render_job(index: int) -> Rendered:
    assert _JOB is not None
    renderer, contents, date = _JOB
    return render_playbook(renderer, contents[index], date)


def pool_size(jobs: int | None, count: int) -> int:
    """Worker processes for ``count`` playbooks: forked, so only from a single-threaded process.

    Forking copies the loaded library and renderer for free (nothing to pickle). With other
    threads alive (``mkdocs serve`` runs a web server) a fork could inherit a held lock, so
    those runs stay in one process.
    """
    wanted = jobs if jobs is not None else (os.cpu_count() or 1)
    if wanted <= 1 or count < 3 or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if threading.active_count() > 1:
        return 1
    return min(wanted, count)


def _render_many(renderer: HtmlRenderer, contents: list[Content], date: str,
                 jobs: int) -> Iterator[tuple[int, Rendered]]:
    """(index, rendered) as each playbook is done, in one process or several."""
    global _JOB
    if jobs <= 1:
        for index, content in enumerate(contents):
            yield index, render_playbook(renderer, content, date)
        return
    _JOB = (renderer, contents, date)
    try:
        # With "fork" the executor starts every worker up front, before its own thread.
        with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
            futures = {pool.submit(_render_job, index): index for index in range(len(contents))}
            for future in as_completed(futures):
                yield futures[future], future.result()
    finally:
        _JOB = None


def render_playbooks(library: Library, out: Path, *, fonts: CJKFonts | None = None, only: Iterable[str] = (),
                     force: bool = False, jobs: int | None = None,
                     progress: Callable[[int], Any] | None = None) -> Run:
    """Write ``<slug>.pdf`` and ``<slug>.html`` for every playbook into ``out``.

    ``only`` limits the run to some slugs (the others stay as they are); ``jobs`` caps the
    worker processes (default: one per CPU); ``progress`` is a context-manager factory like
    ``click.progressbar(length=…)`` whose bar gets ``update(1, slug)`` after each playbook.
    """
    fonts = fonts or find_cjk_fonts()  # raises NoCJKFont before anything is written
    renderer = HtmlRenderer(library, fonts)
    manifest = Manifest(out)
    playbooks = plan(library)
    wanted = set(only)
    if not wanted:
        manifest.prune({pb.slug for pb in playbooks})
    selected = [pb for pb in playbooks if not wanted or pb.slug in wanted]
    pinned = source_date()
    date = print_date()
    results: dict[str, Result] = {}
    todo: list[tuple[Playbook, Content, str]] = []
    missing: set[str] = set()
    coverage: Coverage | None = None
    for pb in selected:
        content = build_content(library, pb)
        # Without SOURCE_DATE_EPOCH the date is the day the playbook's content last changed:
        # it is left out of the key, or every playbook would expire at midnight.
        keyed = renderer.playbook(content, pinned or "")
        key = _sha("\n".join((RENDER_VERSION, _weasyprint().__version__, fonts.fingerprint, keyed)))
        cached = None if force else manifest.fresh(pb.slug, key)
        if cached:
            results[pb.slug] = Result(pb, out / cached["pdf"], out / cached["html"], int(cached.get("pages", 0)),
                                      False, str(cached.get("unread_layout", "")))
        else:
            coverage = coverage or Coverage(fonts)
            missing.update(coverage.missing(visible_text(keyed)))
            todo.append((pb, content, key))

    bar_cm = progress(len(selected)) if progress else None
    bar = bar_cm.__enter__() if bar_cm else None
    try:
        if bar is not None and len(todo) < len(selected):
            bar.update(len(selected) - len(todo), "")
        for index, done in _render_many(renderer, [c for _, c, _ in todo], date, pool_size(jobs, len(todo))):
            pb, _, key = todo[index]
            pdf_path, html_path = out / f"{pb.slug}.pdf", out / f"{pb.slug}.html"
            _write(pdf_path, done.pdf)
            _write(html_path, done.html.encode())
            manifest.items[pb.slug] = {"input": key, "pdf": pdf_path.name, "html": html_path.name,
                                       "pdf_sha256": _sha(done.pdf), "pages": done.pages,
                                       "card_rows": done.card_rows, "date": date}
            if done.unread_layout:  # so that a later run that reuses it still says so
                manifest.items[pb.slug]["unread_layout"] = done.unread_layout
            manifest.save()  # after each one: an interrupted run keeps what it finished
            results[pb.slug] = Result(pb, pdf_path, html_path, done.pages, True, done.unread_layout)
            if bar is not None:
                bar.update(1, pb.slug)
    finally:
        if bar_cm:
            bar_cm.__exit__(*sys.exc_info())
    manifest.save()
    return Run([results[pb.slug] for pb in selected], sorted(missing))


# -- letters ------------------------------------------------------------------------------------


def letter_fields(library: Library, entry: Entry) -> list[str]:
    """The placeholders a letter uses: its declared fields, then any others its text has."""
    from generator.render.text import PLACEHOLDER

    names = list(entry.get("fields") or [])
    for _, _schema, value in library.schemas.walk("letter", entry.data):
        if isinstance(value, str):
            for found in PLACEHOLDER.findall(value):
                if found in library.placeholders and found not in names:
                    names.append(found)
    return names


def letters_by_level(library: Library) -> dict[str, Entry]:
    """level → its letter (the first by ID when a level has several)."""
    found: dict[str, Entry] = {}
    for entry in sorted(library.of_kind("letter"), key=lambda e: e.id):
        found.setdefault(entry.get("level"), entry)
    return found


def render_letter(library: Library, entry: Entry, values: Mapping[str, str], *,
                  fonts: CJKFonts | None = None) -> tuple[bytes, str, list[str]]:
    """The letter as PDF and HTML with ``values`` filled in; also the fields left blank."""
    fonts = fonts or find_cjk_fonts()
    renderer = HtmlRenderer(library, fonts, values)
    unfilled = [name for name in letter_fields(library, entry) if not values.get(name, "").strip()]
    date = print_date()
    # The footer counts the pages that are sent (the letter and its slip), not the note behind
    # them, so counter(pages) will not do: the count comes from a first layout.
    sent = _anchor_page(render_document(renderer.letter(entry, date, unfilled)), NOTE_ANCHOR)
    html = renderer.letter(entry, date, unfilled, sent_pages=sent)
    return write_pdf(render_document(html)), html, unfilled
