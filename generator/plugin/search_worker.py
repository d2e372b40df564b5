"""Material's search indexing on the second core.

Material's search plugin parses the HTML of every page and segments its Chinese text with
jieba, one page after another: about 40 % of a build. Pages are independent of each other, so
a worker process runs Material's own ``SearchIndex`` on them while MkDocs renders the next
ones. Entries come back in page order, so the index is byte for byte the one a serial build
writes (the tests compare the two).
"""

from __future__ import annotations

import logging
import multiprocessing
import signal
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from generator.render.site.search import use_user_dictionary

log = logging.getLogger("mkdocs.plugins.huikuan")

# Pages travel to the worker in batches: one round trip per page would cost more than it saves.
BATCH = 24

_worker_index: Any = None


def _start_worker(config: dict[str, Any], user_dictionary: Path, forked: bool) -> None:
    global _worker_index
    from material.plugins.search.plugin import SearchIndex

    # Ctrl-C reaches the whole process group; the build in the parent decides what happens.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if not forked:  # a forked worker has the parent's jieba already
        import jieba

        logging.getLogger("jieba").setLevel(logging.WARNING)
        for name, load in (("jieba_dict", jieba.set_dictionary), ("jieba_dict_user", jieba.load_userdict)):
            if config.get(name):
                load(config[name])
        use_user_dictionary(user_dictionary)
    _worker_index = SearchIndex(**config)


def _index_pages(pages: list[SimpleNamespace]) -> list[dict]:
    _worker_index.entries = []
    for page in pages:
        _worker_index.add_entry_from_context(page)
    return _worker_index.entries


def _page_view(page: Any) -> SimpleNamespace:
    """What SearchIndex reads of a page, as plain data that pickles."""
    return SimpleNamespace(meta=dict(page.meta), content=page.content, toc=list(page.toc),
                           url=page.url, title=page.title)


class ParallelSearchIndex:
    """Stands in for the search plugin's SearchIndex during one build."""

    def __init__(self, index: Any, user_dictionary: Path) -> None:
        self._index = index
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        forked = context.get_start_method() == "fork"
        self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start_worker,
                                         initargs=(dict(index.config), user_dictionary, forked))
        self._batch: list[SimpleNamespace] = []
        self._pending: list[Future] = []

    def add_entry_from_context(self, page: Any) -> None:
        self._batch.append(_page_view(page))
        if len(self._batch) >= BATCH:
            self._send()

    def generate_search_index(self, prev: Any) -> str:
        self._send()
        try:
            for future in self._pending:
                self._index.entries.extend(future.result())
        finally:
            self.close()
        log.info("huikuan: search indexed in a second process (%d batches)", len(self._pending))
        return self._index.generate_search_index(prev)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)

    def _send(self) -> None:
        if self._batch:
            self._pending.append(self._pool.submit(_index_pages, self._batch))
            self._batch = []

    def __getattr__(self, name: str) -> Any:
        return getattr(self._index, name)
