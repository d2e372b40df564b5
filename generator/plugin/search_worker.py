"""Material's search indexing, on the second core where it can be.

Material's search plugin parses the HTML of every page and segments its Chinese text with
jieba, one page after another: about 40 % of a build. Pages are independent of each other, so
a worker process runs Material's own ``SearchIndex`` on them while MkDocs renders the next
ones. Entries come back in page order, so the index is the one a build in one process writes
(the tests compare the two). Either way the index is Material's with two changes (see
``HuikuanSearchIndex``): excluded blocks stay excluded, and jieba sees each run once.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import re
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from material.plugins.search.plugin import Parser, SearchIndex, void

from generator.parallel import fork_is_safe
from generator.render.site.search import compact_docs, segment_chinese, use_user_dictionary, user_dictionary_ready

log = logging.getLogger("mkdocs.plugins.huikuan")

# Pages travel to the worker in batches: one round trip per page would cost more than it saves.
BATCH = 24
# What MkDocs' process pays to index batches itself once it has rendered every page: loading
# jieba there if it has not (measured 0.44-0.5 s; a build loads it while generating pages), and
# a batch takes it longer than the worker at first (its memo of segmented runs starts empty;
# then it is measured).
JIEBA_LOAD = 0.5
HERE_SLOWER = 1.5

_worker_index: Any = None
_worker_dictionary: Path | None = None
# The generated pages' HTML, in build order, for a forked worker to segment ahead, and the
# event that stops it (both inherited when it forks: an event cannot travel as an argument).
_ahead: Sequence[str] = ()
_stop_ahead: Any = None


class SkippedElements:
    """The set of elements Material's parser skips, by identity.

    Material's Element compares and hashes by tag name, so closing any <div> nested in an
    excluded <div> removed the excluded one from the set, and the rest of it (the h4 labels of
    a related-entries list, say) landed in the index. Tag names (script, style, object) still
    match every element of that tag, as in Material."""

    def __init__(self, tags: set[str]) -> None:
        self.tags = set(tags)
        self.elements: dict[int, Any] = {}  # by id(); holding the element keeps its id unique
        self.tag_opened = False  # an element of one of the tags has been opened on this page

    def add(self, element: Any) -> None:
        self.elements[id(element)] = element

    def remove(self, element: Any) -> None:
        self.elements.pop(id(element), None)

    def __contains__(self, element: Any) -> bool:
        return element.tag in self.tags or id(element) in self.elements

    def intersection(self, context: list[Any]) -> list[Any]:
        if not self.elements and not self.tag_opened:  # nothing skipped is open: most calls
            return []
        return [element for element in context if element in self]


class ExcludingParser(Parser):
    """Material's search parser, with data-search-exclude blocks skipped to their end."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.skip = SkippedElements(self.skip)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.skip.tags:
            self.skip.tag_opened = True
        super().handle_starttag(tag, attrs)


# A start or end tag as Python's HTMLParser reads names and quoted attribute values; an
# attribute of a start tag; what makes "<" not open a tag (comments, CDATA, raw text).
_TAG = re.compile(r"""<(/?)([A-Za-z][^\t\n\r\f />\x00]*)((?:[^>"']|"[^"]*"|'[^']*')*)>""")
_ATTRIBUTE = re.compile(r"""([^\s=/>"']+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_HEADING = frozenset(f"h{level}" for level in range(1, 7))
_NOT_EXCLUDABLE = _HEADING | frozenset(void)  # an excluded heading drops its section; void tags hold nothing
_OPAQUE = re.compile(r"<[!?]|<(?:script|style|textarea|title|xmp|iframe|noembed|noframes|noscript|plaintext)\b",
                     re.I)
_EXCLUDE = "data-search-exclude"


def _has_attribute(attributes: str, name: str) -> bool:
    return name in attributes.lower() and any(m.group(1).lower() == name for m in _ATTRIBUTE.finditer(attributes))


def without_excluded_content(html: str) -> str:
    """``html`` with the content of each element marked ``data-search-exclude`` left out.

    Material's parser reads such content tag by tag only to skip it, and on generated pages
    it is a third of the HTML (related entries, chips, index tables). Only content it would
    skip whatever it holds is left out: not under an excluded heading (the section after it
    goes by other rules), not when it holds a heading with an id (which opens a section), and
    only when its tags close exactly in order (else the parser's context could differ). The
    excluded element's own tags stay: the parser sees it open and close. A page with comments
    or raw text (where a "<" opens no tag) is left as it is."""
    if _EXCLUDE not in html or _OPAQUE.search(html):
        return html
    kept: list[str] = []
    done = 0  # html[:done] is copied or left out
    mark = html.find(_EXCLUDE)
    while mark >= 0:
        after = html.find(_EXCLUDE, mark + 1)
        start = html.rfind("<", done, mark)
        opener = _TAG.match(html, start) if start >= 0 else None
        # the mark is an attribute of this start tag, which is not a heading's nor a void one
        if (opener is not None and opener.end() > mark and not opener.group(1)
                and opener.group(2).lower() not in _NOT_EXCLUDABLE
                and _has_attribute(opener.group(3), _EXCLUDE)):
            closer = _closing_tag(html, opener.end(), opener.group(2).lower())
            if closer is not None:
                kept.append(html[done:opener.end()])
                done = closer
                if 0 <= after < done:
                    after = html.find(_EXCLUDE, done)
        mark = after
    kept.append(html[done:])
    return "".join(kept)


def _closing_tag(html: str, start: int, name: str) -> int | None:
    """Where the end tag of the element ``name`` whose content starts at ``start`` begins,
    if everything inside it closes exactly in order and holds no heading with an id; otherwise
    None."""
    open_tags = [name]
    scanned = start
    for tag in _TAG.finditer(html, start):
        if "<" in html[scanned:tag.start()]:  # a "<" the parser may read otherwise
            return None
        scanned = tag.end()
        closing, inner = tag.group(1), tag.group(2).lower()
        if inner in _HEADING and _has_attribute(tag.group(3), "id"):
            return None
        if closing:
            if open_tags.pop() != inner:
                return None
            if not open_tags:
                return tag.start()
        elif inner not in void and not tag.group(0).endswith("/>"):
            open_tags.append(inner)
    return None


class HuikuanSearchIndex(SearchIndex):
    """Material's SearchIndex with its parser's exclusion fixed and jieba run once per distinct
    run of Chinese characters (generator.render.site.search.segment_chinese)."""

    def add_entry_from_context(self, page: Any) -> None:
        # Material's own method, with the parser above.
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        parser = ExcludingParser()
        parser.feed(without_excluded_content(page.content))
        parser.close()
        for section in parser.data:
            if not section.is_excluded():
                self.create_entry_for_section(section, page.toc, page.url, page)

    def _segment_chinese(self, data: str) -> str:
        return segment_chinese(data)


def _start_worker(config: dict[str, Any], forked: bool) -> None:
    global _worker_index
    # Ctrl-C reaches the whole process group; the build in the parent decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # A parent killed outright (SIGTERM, SIGKILL) cannot say goodbye, and the pool's queue is
    # never closed from this side: leave when the parent is gone instead of waiting forever.
    parent = os.getppid()

    def leave_with_parent() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=leave_with_parent, daemon=True).start()
    if not forked:  # a forked worker has the parent's jieba settings already
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        for name, load in (("jieba_dict", jieba.set_dictionary), ("jieba_dict_user", jieba.load_userdict)):
            if config.get(name):
                load(config[name])
    _worker_index = HuikuanSearchIndex(**config)


def _index_pages(index: Any, pages: list[SimpleNamespace]) -> list[dict]:
    index.entries = []
    for page in pages:
        index.add_entry_from_context(page)
    return index.entries


def _index_in_worker(pages: list[SimpleNamespace], user_dictionary: Path) -> list[dict]:
    global _worker_dictionary
    if user_dictionary != _worker_dictionary:  # the first batch, or serve rebuilt with new terms
        use_user_dictionary(user_dictionary)
        _worker_dictionary = user_dictionary
    return _index_pages(_worker_index, pages)


def _segment_ahead() -> None:
    """While MkDocs' process reads the pages before it sends the first batch, fill the memo of
    segmented runs from the pages it will send first (the worker indexes from the front; MkDocs'
    process takes batches back from the end): what jieba does now, it need not do then."""
    for html in _ahead:
        if _stop_ahead.is_set():
            return
        segment_chinese(without_excluded_content(html))


def _page_view(page: Any) -> SimpleNamespace:
    """What SearchIndex reads of a page, as plain data that pickles."""
    return SimpleNamespace(meta=dict(page.meta), content=page.content, toc=list(page.toc),
                           url=page.url, title=page.title)


class SearchWorker:
    """The process that indexes pages. A build forks one where that is safe (see
    generator.parallel) and lets it go at the end. ``serve`` keeps one for all its rebuilds,
    spawned: its process runs the live-reload threads, and a kept fork would also hold on to a
    copy of the first build's memory for as long as serve runs."""

    def __init__(self, config: dict[str, Any], *, keep: bool) -> None:
        method = "fork" if fork_is_safe() and not keep else "spawn"
        self.keep = keep
        context = multiprocessing.get_context(method)
        self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker,
                                         initargs=(config, method == "fork"))
        self._stop_ahead = context.Event() if method == "fork" else None

    def submit(self, pages: list[SimpleNamespace], user_dictionary: Path) -> Future:
        if pages and self._stop_ahead is not None:
            self._stop_ahead.set()
        return self._pool.submit(_index_in_worker, pages, user_dictionary)

    def prepare(self, user_dictionary: Path, ahead: Sequence[str] = ()) -> None:
        """Start the worker and have jieba's dictionaries ready there now: a forked worker has
        them from MkDocs' process (a build loads them there while generating pages), a spawned
        one (serve's) loads them once (half a second). A forked worker then segments the text
        of ``ahead`` (pages' HTML in build order) until the first batch comes."""
        global _ahead, _stop_ahead
        _ahead, _stop_ahead = (ahead, self._stop_ahead) if self._stop_ahead is not None else ((), None)
        try:
            self.submit([], user_dictionary)  # forks the worker, which keeps its copies
        finally:
            _ahead, _stop_ahead = (), None
        if ahead and self._stop_ahead is not None:
            self._pool.submit(_segment_ahead)

    def close(self) -> None:
        if self._stop_ahead is not None:
            self._stop_ahead.set()  # a build that failed before its first batch: stop segmenting
        self._pool.shutdown(wait=True, cancel_futures=True)


class BatchedSearchIndex:
    """Stands in for the search plugin's SearchIndex during one build: pages go in batches to
    the worker, if there is one, or are indexed here.

    The worker indexes a page slower than MkDocs' process renders one. When MkDocs' process
    has rendered the last page, it takes back batches the worker has not started, from the
    last, one at a time, as long as it would finish the next before the worker gets to it (the
    worker's pace is measured, and jieba's load here counted if it is not loaded yet)."""

    def __init__(self, index: Any, worker: SearchWorker | None, user_dictionary: Path,
                 ahead: Sequence[str] = ()) -> None:
        self._index = index
        self._worker = worker
        self._dictionary = user_dictionary
        if worker is not None:
            worker.prepare(user_dictionary, ahead)
        self._batch: list[SimpleNamespace] = []
        self._pending: list[Future] = []  # in page order, done here or in the worker
        self._batches: list[list[SimpleNamespace]] = []  # the pages of each
        self._here: Any = None  # a SearchIndex of our own for the batches done here
        self._first_sent: float | None = None
        self._finished: list[float] = []  # when the worker finished each batch (monotonic)
        self._done_here = 0
        self.compacted = False  # its entries (generator.render.site.search.compact_docs)

    def add_entry_from_context(self, page: Any) -> None:
        self._batch.append(_page_view(page))
        if len(self._batch) >= BATCH:
            self._send()

    def generate_search_index(self, prev: Any) -> str:
        self._send()
        try:
            self._take_back()
            # Compacted here batch by batch, while the worker indexes the next ones.
            tagged: set[str] = set()
            for future in self._pending:
                entries = future.result()
                compact_docs(entries, self._index.config.get("separator"), tagged)
                self._index.entries.extend(entries)
            self.compacted = True
            self._batches = []  # the pages' HTML, kept only to take batches back
        finally:
            self.close()
        if self._worker is not None:
            log.info("huikuan: search indexed in a second process (%d batches there, %d here)",
                     len(self._pending) - self._done_here, self._done_here)
        return self._index.generate_search_index(prev)

    def close(self) -> None:
        """The end of this build: a worker kept for the next one stays, after its queue is empty."""
        if self._worker is None:
            return
        if self._worker.keep:
            for future in self._pending:
                future.cancel()
        else:
            self._worker.close()

    def _send(self) -> None:
        if not self._batch:
            return
        if self._worker is not None:
            future = self._worker.submit(self._batch, self._dictionary)
            future.add_done_callback(lambda f: f.cancelled() or self._finished.append(time.monotonic()))
            if self._first_sent is None:
                self._first_sent = time.monotonic()
            self._pending.append(future)
        else:
            self._pending.append(self._indexed_here(self._batch))
        self._batches.append(self._batch)
        self._batch = []

    def _take_back(self) -> None:
        if self._worker is None or self._first_sent is None:
            return
        worker_pace = self._worker_pace()
        load = 0.0 if self._here is not None or user_dictionary_ready(self._dictionary) else JIEBA_LOAD
        here_pace = worker_pace * HERE_SLOWER
        for position in reversed(range(len(self._pending))):
            # the worker gets to this batch after the unstarted ones before it
            ahead = sum(not f.running() and not f.done() for f in self._pending[:position])
            if load + here_pace >= ahead * worker_pace or not self._pending[position].cancel():
                break
            if self._here is None:
                self._ready_here()
                load = 0.0
            start = time.monotonic()
            self._pending[position] = self._indexed_here(self._batches[position])
            here_pace = time.monotonic() - start
            self._done_here += 1

    def _worker_pace(self) -> float:
        """Seconds per batch in the worker: between the batches it has finished, or, while
        fewer than three are, the time since the first went out per batch finished (an
        overestimate, with the worker's own jieba load in it)."""
        finished = sorted(self._finished)
        if len(finished) < 3:
            return (time.monotonic() - (self._first_sent or 0.0)) / (len(finished) + 1)
        return (finished[-1] - finished[0]) / (len(finished) - 1)

    def _ready_here(self) -> None:
        use_user_dictionary(self._dictionary)  # loads jieba in this process
        self._here = HuikuanSearchIndex(**self._index.config)

    def _indexed_here(self, pages: list[SimpleNamespace]) -> Future:
        if self._here is None:
            self._ready_here()
        done: Future = Future()
        done.set_result(_index_pages(self._here, pages))
        return done

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)
