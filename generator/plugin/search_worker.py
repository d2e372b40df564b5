"""Material's search indexing, on the second core where it can be.

Material's search plugin parses the HTML of every page and segments its Chinese text with
jieba, one page after another: about 40 % of a build. Pages are independent of each other, so
a worker process runs Material's own ``SearchIndex`` on them while MkDocs renders the next
ones. Entries come back in page order, so the index is the one a build in one process writes
(the tests compare the two). Either way the index is Material's with two changes (see
``HuikuanSearchIndex``): excluded blocks stay excluded, and jieba sees each run once. Its two
costly steps are done faster and the same (tests compare): sections are read by
``search_parser``, runs cut by ``generator.render.site.segmentation``.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from material.plugins.search.plugin import SearchIndex

from generator.parallel import fork_is_safe
from generator.plugin.search_parser import page_sections
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


class HuikuanSearchIndex(SearchIndex):
    """Material's SearchIndex with its parser's exclusion fixed (and read faster: see
    search_parser) and jieba run once per distinct run of Chinese characters
    (generator.render.site.search.segment_chinese)."""

    def add_entry_from_context(self, page: Any) -> None:
        # Material's own method, with its parser's sections made by page_sections.
        search = page.meta.get("search") or {}
        if search.get("exclude"):
            return
        for section in page_sections(page.content):
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
        for section in page_sections(html):
            if not section.is_excluded():
                segment_chinese("".join(section.title))
                segment_chinese("".join(section.text))


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
