"""Use the second core for work that splits into independent halves.

A forked child does the second half while this process does the first; the child sends its
result back pickled. Fork shares the parent's memory, so the inputs (parsed documents, with
all their positions) are not copied or pickled: only the results, which are small.
"""

from __future__ import annotations

import os
import pickle
import sys
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Below this, forking costs more than it saves.
MIN_ITEMS = 400


def fork_is_safe() -> bool:
    """Linux, where fork is the default, and a process with one thread (as `huikuan check` and
    `build` are; `serve` is not): a fork copies only the forking thread, and a lock another
    thread held would stay locked in the child."""
    return sys.platform == "linux" and threading.active_count() == 1


def in_two_halves(work: Callable[[Sequence[T]], R], items: Sequence[T]) -> list[R]:
    """``[work(first half), work(second half)]``, the halves run side by side; or ``[work(items)]``.

    Only where ``fork_is_safe()``. If the child fails in any way, its half is done again here:
    the result never depends on whether the fork worked.
    """
    if len(items) < MIN_ITEMS or (os.cpu_count() or 1) < 2 or not fork_is_safe():
        return [work(items)]
    cut = (len(items) + 1) // 2
    first, second = items[:cut], items[cut:]
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no cleanup, no buffered output flushed twice, just the result
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                out.write(pickle.dumps(work(second), pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    incoming = os.fdopen(read_end, "rb")
    try:
        result = work(first)
        data = incoming.read()
    finally:
        incoming.close()  # if we failed, a child still writing gets EPIPE and exits
        _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return [result, work(second)]
    return [result, pickle.loads(data)]


def map_in_two_processes(work: Callable[[T], R], items: Sequence[T]) -> list[R]:
    """``[work(item) for item in items]``, every other item done in the forked child of
    ``in_two_halves``: alternating, a run of costly items (big index pages, say) is shared."""
    cut = (len(items) + 1) // 2
    halves = in_two_halves(lambda part: [work(item) for item in part], [*items[0::2], *items[1::2]])
    done = [result for half in halves for result in half]
    first, second = done[:cut], done[cut:]
    return [first[i // 2] if i % 2 == 0 else second[i // 2] for i in range(len(items))]
