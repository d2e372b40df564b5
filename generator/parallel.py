"""Use the second core for work that splits into independent parts.

A forked child does part of the work while this process does the rest; the child sends its
results back pickled. Fork shares the parent's memory, so the inputs (parsed documents, with
all their positions) are not copied or pickled: only the results. ``in_two_halves`` splits a
list in two fixed halves; ``map_in_two_processes`` hands items out to whichever process is free.
"""

from __future__ import annotations

import os
import pickle
import signal
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
    if not _worth_splitting(items):
        return [work(items)]
    cut = (len(items) + 1) // 2
    first, second = items[:cut], items[cut:]
    here, there = _beside_a_child(lambda: work(first), lambda: work(second))
    return [here, there if there is not _FAILED else work(second)]


def map_in_two_processes(work: Callable[[T], R], items: Sequence[T],
                         meanwhile: Callable[[], object] | None = None) -> list[R]:
    """``[work(item) for item in items]``, the items handed out to this process and a forked
    child, whichever is free (one at a time, or in short runs past 1,000 items): the two finish
    together however the costs of items vary. ``meanwhile`` runs here first, while the child
    starts on the items (loading something this process needs next, say). Only where
    ``fork_is_safe()``; whatever the child took and did not bring back (it failed, say) is done
    here."""
    if not _worth_splitting(items):
        if meanwhile is not None:
            meanwhile()
        return [work(item) for item in items]
    # The hand-out: the first item of each run of `step` items, four bytes each, in a pipe both
    # processes read. Reads of one record from a pipe never interleave, so each run goes to
    # exactly one process. At most 1,000 records (4,000 bytes): they fit in any pipe (one page,
    # the least Linux gives a user with many pipes) before anyone reads.
    step = -(-len(items) // 1000)
    numbers_out, numbers_in = os.pipe()
    try:
        os.write(numbers_in, b"".join(i.to_bytes(4, "little") for i in range(0, len(items), step)))
    finally:
        os.close(numbers_in)  # the reads end at EOF

    def take_all() -> dict[int, R]:
        done: dict[int, R] = {}
        while len(number := os.read(numbers_out, 4)) == 4:
            first = int.from_bytes(number, "little")
            for index in range(first, min(first + step, len(items))):
                done[index] = work(items[index])
        return done

    def here() -> dict[int, R]:
        if meanwhile is not None:
            meanwhile()
        return take_all()

    try:
        done, there = _beside_a_child(here, take_all)
    finally:
        os.close(numbers_out)
    if there is not _FAILED:
        done.update(there)
    return [done[index] if index in done else work(item) for index, item in enumerate(items)]


_FAILED = object()  # what a child that failed in any way brought back


def _worth_splitting(items: Sequence[object]) -> bool:
    return len(items) >= MIN_ITEMS and (os.cpu_count() or 1) >= 2 and fork_is_safe()


def _beside_a_child(here: Callable[[], R], there: Callable[[], T]) -> tuple[R, T | object]:
    """``(here(), there())``, ``there`` run in a forked child and its result sent back pickled;
    ``_FAILED`` in its place if the child failed or could not be forked. If ``here`` fails, the
    child is stopped: its work would only be thrown away."""
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no process to spare: all of it here
        os.close(read_end)
        os.close(write_end)
        return here(), _FAILED
    if pid == 0:  # the child: no cleanup, no buffered output flushed twice, just the result
        status = 1
        try:
            os.close(read_end)
            with os.fdopen(write_end, "wb") as out:
                out.write(pickle.dumps(there(), pickle.HIGHEST_PROTOCOL))
            status = 0
        finally:
            os._exit(status)
    os.close(write_end)
    incoming = os.fdopen(read_end, "rb")
    finished = False
    try:
        result = here()
        data = incoming.read()
        finished = True
    finally:
        incoming.close()  # a child still writing gets EPIPE and exits
        if not finished:
            os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
    if status != 0 or not data:
        return result, _FAILED
    return result, pickle.loads(data)
