"""Which short strings a match of a regular expression must begin with, or contain.

The compliance rules are many hand-written patterns made of specific Chinese words. A text
that contains none of the strings every match of a pattern contains cannot match it, so that
pattern's search is skipped: a set lookup instead of a regex search, which keeps the lint
linear and fast on thousands of entries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

try:  # Python 3.11+
    from re import _constants as C
    from re import _parser as parser
except ImportError:  # pragma: no cover
    import sre_constants as C
    import sre_parse as parser

_ANY = None  # "could start with any character": no filtering possible


def _first(items, flags: int) -> tuple[set[str] | None, bool]:
    """FIRST set of a sequence of parsed items, and whether the whole sequence can match empty."""
    chars: set[str] = set()
    for op, arg in items:
        got, nullable = _item(op, arg, flags)
        if got is _ANY:
            return _ANY, False
        chars |= got
        if not nullable:
            return chars, False
    return chars, True


def _item(op, arg, flags: int) -> tuple[set[str] | None, bool]:
    if op is C.LITERAL:
        if flags & re.IGNORECASE:
            ch = chr(arg)
            return {ch.lower(), ch.upper()}, False
        return {chr(arg)}, False
    if op is C.IN:
        out: set[str] = set()
        for kind, value in arg:
            if kind is C.LITERAL:
                out.add(chr(value))
            elif kind is C.RANGE and value[1] - value[0] < 256:
                out.update(chr(c) for c in range(value[0], value[1] + 1))
            else:  # negation, categories, wide ranges
                return _ANY, False
        if flags & re.IGNORECASE:
            out |= {c.lower() for c in out} | {c.upper() for c in out}
        return out, False
    if op is C.BRANCH:
        out, nullable = set(), False
        for branch in arg[1]:
            got, empty = _first(branch, flags)
            if got is _ANY:
                return _ANY, False
            out |= got
            nullable |= empty
        return out, nullable
    if op is C.SUBPATTERN:
        add_flags = arg[1] or 0
        return _first(arg[-1], flags | add_flags)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        low, _, body = arg
        got, empty = _first(body, flags)
        return got, empty or low == 0
    if op is C.AT or op in (C.ASSERT, C.ASSERT_NOT):
        return set(), True  # zero-width: look past it
    return _ANY, False  # ANY, backreferences, categories, …


@lru_cache(maxsize=4096)
def first_chars(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """The characters a match can start with, or None when it could start with anything."""
    try:
        parsed = parser.parse(pattern, flags)
    except re.error:
        return None
    chars, nullable = _first(list(parsed), flags | parsed.state.flags)
    if chars is _ANY or nullable or not chars:
        return None
    return frozenset(chars)


_CAP = 400  # more alternatives than this and the filter is no longer worth it


def _seq(items, flags: int, k: int) -> tuple[set[str], set[str]] | None:
    """Prefixes of a sequence: (open, closed). Open prefixes may continue with what follows;
    closed ones ended at something that is not a literal. None: no usable prefixes."""
    open_, closed = {""}, set()
    for op, arg in items:
        if not open_:
            break
        got = _alternatives(op, arg, flags, k)
        if got is None:
            closed |= open_
            open_ = set()
            break
        item_open, item_closed = got
        next_open = set()
        for p in open_:
            for q in item_open:
                (closed if len(p + q) >= k else next_open).add((p + q)[:k])
            for q in item_closed:
                closed.add((p + q)[:k])
        open_ = next_open
        if len(open_) + len(closed) > _CAP:
            return None
    return open_, closed


def _alternatives(op, arg, flags: int, k: int) -> tuple[set[str], set[str]] | None:
    if op is C.LITERAL and not flags & re.IGNORECASE:
        return {chr(arg)}, set()
    if op is C.IN:
        got, _ = _item(op, arg, flags)
        return (set(got), set()) if got is not _ANY and len(got) <= 64 else None
    if op is C.BRANCH:
        open_, closed = set(), set()
        for branch in arg[1]:
            got = _seq(branch, flags, k)
            if got is None:
                return None
            open_ |= got[0]
            closed |= got[1]
        return open_, closed
    if op is C.SUBPATTERN:
        return _seq(arg[-1], flags | (arg[1] or 0), k)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
        low, _, body = arg
        got = _seq(body, flags, k)
        if got is None:
            return None
        once = got[0] | got[1]  # after one repetition we stop looking: what follows is unknown
        return ({""} if low == 0 else set()), once
    if op is C.AT:
        return {""}, set()
    return None


def static_cost(strings: frozenset[str]) -> float:
    """How likely a text is to hold one of ``strings``, knowing nothing of the texts: a single character
    far more often than a pair."""
    return sum(1 if len(s) > 1 else 6 for s in strings) + len(strings) / 100


def _needed(items: list, flags: int, k: int, cost: Callable[[frozenset[str]], float]) -> frozenset[str] | None:
    """The cheapest set of strings one of which every match of the sequence contains."""
    found: list[frozenset[str]] = []
    for start in range(len(items)):  # what the rest of the sequence, from each item on, begins with
        got = _seq(items[start:], flags, k)
        if got is not None and "" not in got[0] | got[1] and got[0] | got[1]:
            found.append(frozenset(got[0] | got[1]))
    for op, arg in items:  # or what an item that must match contains
        inner: frozenset[str] | None = None
        if op is C.SUBPATTERN:
            inner = _needed(list(arg[-1]), flags | (arg[1] or 0), k, cost)
        elif op is C.BRANCH:
            branches = [_needed(list(branch), flags, k, cost) for branch in arg[1]]
            inner = None if any(b is None for b in branches) else frozenset().union(*branches)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)) and arg[0] >= 1:
            inner = _needed(list(arg[2]), flags, k, cost)
        elif op is C.ASSERT:  # a look-ahead or look-behind that must hold: its words are in the text
            inner = _needed(list(arg[1]), flags, k, cost)
        elif op is getattr(C, "ATOMIC_GROUP", None):
            inner = _needed(list(arg), flags, k, cost)
        if inner:
            found.append(inner)
    return min((_minimal(f) for f in found), key=cost) if found else None


def _minimal(strings: frozenset[str]) -> frozenset[str]:
    """Without the strings that hold another of them ({坐, 坐牢} is {坐}: a text with 坐牢 has 坐)."""
    return frozenset(s for s in strings if not any(t != s and t in s for t in strings))


def needed_strings(pattern: str, flags: int = 0, k: int = 2,
                   cost: Callable[[frozenset[str]], float] = static_cost) -> frozenset[str] | None:
    """Strings of up to k characters one of which every match contains: of the sets the pattern's
    structure gives, the one ``cost`` deems least likely to be in a text. None when there is none."""
    try:
        parsed = parser.parse(pattern, flags)
    except re.error:
        return None
    return _needed(list(parsed), flags | parsed.state.flags, k, cost)
