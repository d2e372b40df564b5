"""jieba's segmentation of a run of Chinese characters, in half its time.

Material's search index needs every run of Chinese text cut into words the way
``jieba.cut(run)`` cuts it (dictionary words by the most probable route, unknown stretches by
jieba's HMM); that was three quarters of the search worker's time. For a run of the common CJK
ideographs (jieba's own class, U+4E00-U+9FD5), ``jieba.cut`` is its ``__cut_DAG`` on the whole
run; ``cut`` below does the same steps, with the same floating-point sums compared the same way,
in one backward pass instead of building the graph and then walking it, and remembers what it
can: each word's log weight and the HMM's cut of each unknown stretch. Any other run, and any
jieba but the release this was checked against, goes to jieba itself. Whatever changes jieba's
dictionary (a user dictionary, add_word, del_word) changes the state the memos are kept for,
and empties them. Tests compare ``cut`` with ``jieba.cut`` on every run of the bundled
library's pages.
"""

from __future__ import annotations

import re
from math import log

_COMMON_HAN = re.compile("[\u4e00-\u9fd5]+")  # what jieba's re_han_default matches of Chinese
JIEBA_RELEASE = "0.42.1"  # whose __cut_DAG, get_DAG and calc cut() repeats (the last since 2020)
_log_weight: dict[str, float] = {}  # word -> log(frequency / total)
_hmm_cut: dict[str, list[str]] = {}  # unknown stretch -> the HMM's words
_memo_state: tuple[object, ...] | None = None


def cut(run: str) -> list[str]:
    """``list(jieba.cut(run))``: jieba's words for a run of Chinese characters."""
    import jieba
    from jieba import finalseg

    if not _COMMON_HAN.fullmatch(run) or jieba.__version__ != JIEBA_RELEASE:
        return list(jieba.cut(run))
    dictionary = _tokenizer()
    dictionary.check_initialized()
    _use_memos_for(dictionary_state())
    freq = dictionary.FREQ
    log_total = log(dictionary.total)
    weight = _log_weight
    n = len(run)
    # jieba's calc over get_DAG's graph, from the end: the best route's score from each
    # position, and where the word starting there ends. Among equal scores the longer word
    # wins, as in jieba's max() over (score, end) pairs.
    score = [0.0] * (n + 1)
    word_end = [0] * n
    for start in range(n - 1, -1, -1):
        best = None
        best_end = start
        i = start
        fragment = run[start]
        while i < n:
            frequency = freq.get(fragment)
            if frequency is None:  # no dictionary word starts with this fragment
                break
            if frequency:  # a word, not only a prefix of one
                w = weight.get(fragment)
                if w is None:
                    w = weight[fragment] = log(frequency) - log_total
                total = w + score[i + 1]
                if best is None or total >= best:
                    best, best_end = total, i
            i += 1
            fragment = run[start:i + 1]
        if best is None:  # the character alone, a word of frequency 1 to jieba
            best = (log(freq.get(run[start]) or 1) - log_total) + score[start + 1]
        score[start] = best
        word_end[start] = best_end
    # jieba's __cut_DAG: single characters gather into stretches for the HMM.
    words: list[str] = []
    stretch = ""
    x = 0
    while x < n:
        y = word_end[x] + 1
        if y - x == 1:
            stretch += run[x]
        else:
            if stretch:
                _add_stretch(stretch, freq, finalseg, words)
                stretch = ""
            words.append(run[x:y])
        x = y
    if stretch:
        _add_stretch(stretch, freq, finalseg, words)
    return words


def _add_stretch(stretch: str, freq: dict[str, int], finalseg, words: list[str]) -> None:
    if len(stretch) == 1:
        words.append(stretch)
    elif not freq.get(stretch):
        found = _hmm_cut.get(stretch)
        if found is None:
            found = _hmm_cut[stretch] = list(finalseg.cut(stretch))
        words.extend(found)
    else:
        words.extend(stretch)


def dictionary_state() -> tuple[object, ...]:
    """What jieba's words depend on, as it changes: its dictionary (another file, reloaded, or
    words added, as a user dictionary does) and the words del_word tells the HMM to split. Not
    seen: a word deleted, added and deleted again, which leaves every count as it was (jieba
    does not subtract); huikuan's own (use_user_dictionary) reload jieba or add to its total."""
    from jieba import finalseg

    dictionary = _tokenizer()
    return (id(dictionary), dictionary.initialized, dictionary.dictionary, id(dictionary.FREQ), dictionary.total,
            len(dictionary.FREQ), len(finalseg.Force_Split_Words))


def _tokenizer():
    """The tokenizer jieba.cut (which Material calls) belongs to: jieba.dt, unless it was replaced."""
    import jieba

    return getattr(jieba.cut, "__self__", jieba.dt)


def _use_memos_for(state: tuple[object, ...]) -> None:
    global _memo_state
    if state != _memo_state:
        _log_weight.clear()
        _hmm_cut.clear()
        _memo_state = state
