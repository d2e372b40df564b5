"""Chinese search: a jieba user dictionary made from the library's own terms.

Material's search segments Chinese text with jieba. Without help, jieba splits domain words
such as 诉讼时效 or 不安抗辩权; the glossary terms, their aliases, the taxonomy names and the
placeholder names are added with a high frequency so they stay whole words.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

from backrefs import bre

from generator.model import Library
from generator.render.site import segmentation

_HAN = re.compile(r"^[\u4e00-\u9fff]{2,12}$")


def library_terms(library: Library) -> list[str]:
    terms: set[str] = set()
    for item in library.taxonomy.get("glossary", []):
        terms.add(item["term"])
        terms.update(item.get("aliases", []))
    for list_name in library.schemas.named_lists():
        terms.update(item["name"] for item in library.terms(list_name))
    terms.update(library.placeholders)  # with the capitals an amount declares
    for group in library.taxonomy.get("synonyms", []):
        terms.update(group)
    return sorted(t for t in terms if _HAN.match(t))


def jieba_user_dictionary(library: Library) -> str:
    # "word frequency": a high frequency makes jieba prefer the whole word over its parts.
    return "".join(f"{term} 100000\n" for term in library_terms(library))


_loaded_user_dictionary: str | None = None


def use_user_dictionary(path: Path) -> None:
    """Give jieba this user dictionary, once per process.

    ``jieba.load_userdict`` adds to the total word frequency every time it runs, so loading the
    dictionary in each build of one process (``serve``, tests) shifts the segmentation of later
    builds. A dictionary already loaded is kept; a different one replaces it on a fresh jieba.
    """
    global _loaded_user_dictionary
    if user_dictionary_ready(path):
        return
    import jieba

    text = path.read_text(encoding="utf-8")
    if _loaded_user_dictionary is not None:
        jieba.dt.initialized = False  # initialize() reloads the main dictionary alone
    jieba.load_userdict(str(path))
    _loaded_user_dictionary = text


def user_dictionary_ready(path: Path) -> bool:
    """Whether jieba is loaded in this process, with this user dictionary."""
    import sys

    jieba = sys.modules.get("jieba")
    if jieba is None or not jieba.dt.initialized or _loaded_user_dictionary is None:
        return False
    try:
        return _loaded_user_dictionary == path.read_text(encoding="utf-8")
    except OSError:
        return False


WORD_BREAK = "\u200b"  # what Material puts between the words jieba finds
# Python's \s matches these and JavaScript's does not: never count them as separators.
_PYTHON_ONLY_SPACE = frozenset("\x1c\x1d\x1e\x1f\x85")


_segmented_with: tuple[object, ...] | None = None  # the jieba dictionary the cache was made with
# Material's pattern for a run of Chinese characters (backrefs is one of Material's own dependencies).
_HAN_RUN = bre.compile(r"(\p{script: Han}+)", bre.UNICODE)


def segment_chinese(text: str) -> str:
    """What Material's SearchIndex._segment_chinese makes of ``text``, each distinct run of
    Chinese characters cut into jieba's words (``segmentation.cut``) only once per dictionary.
    Pages repeat runs a lot (speaker labels, headings, stock phrases): 40 % of the runs in the
    bundled library's index. What changes jieba's words changes
    ``segmentation.dictionary_state`` (see there) and empties the cache."""
    global _segmented_with
    dictionary = segmentation.dictionary_state()
    if dictionary != _segmented_with:
        _segmented.cache_clear()
        _segmented_with = dictionary
    return _HAN_RUN.sub(lambda match: _segmented(match.group(0)), text).strip(WORD_BREAK)


@lru_cache(maxsize=1 << 17)
def _segmented(run: str) -> str:
    return WORD_BREAK + WORD_BREAK.join(segmentation.cut(run)) + WORD_BREAK


# Material's offline plugin writes search/search_index.js as this prefix and the JSON index; ours
# (offline_index) adds a script after it. Over http, assets/search-index.js takes the JSON out.
OFFLINE_PREFIX = "var __index = "
# In search_index.js a word break is written as DEL, one byte in UTF-8 instead of U+200B's three
# (breaks were a quarter of the index). The JSON ends at the file's first newline; after it, this
# restores the breaks when the file runs (file://), and assets/search-index.js does the same to
# the JSON when it answers a request for it (http).
BREAK_IN_FILE = "\x7f"
_RESTORE_BREAKS = (
    '\n;(function restore(o) { for (var k in o) { var v = o[k];'
    ' if (typeof v === "string") o[k] = v.replace(/\\x7f/g, "\\u200b");'
    ' else if (v && typeof v === "object") restore(v); } })(__index);\n'
)


def compact_docs(docs: list[dict], separator: str | None, tagged: set[str]) -> None:
    """Make the index's entries smaller, in place, in index order; ``tagged`` holds the pages
    whose tags an earlier entry already keeps (so the entries can come in batches).

    Material repeats a page's tags on each of its sections; the page's own entry, which comes
    first, keeps them, so a tag still finds the page. And a word break beside punctuation that
    already separates words is dropped (a third of all breaks): the browser splits the text
    into the same words."""
    for doc in docs:
        page = doc.get("location", "").split("#")[0]
        if "tags" in doc and page in tagged:
            del doc["tags"]
        elif "tags" in doc:
            tagged.add(page)
    drop = _redundant_word_breaks(separator, docs)
    if drop is not None:
        for doc in docs:
            for key in ("title", "text"):
                if WORD_BREAK in doc.get(key, ""):
                    doc[key] = drop(doc[key])


def compact_search_index(search_dir: Path, *, one_copy: bool, docs_compacted: bool = False) -> None:
    """Material writes its index ASCII-escaped: every Chinese character and every jieba word
    break (U+200B) costs six bytes instead of three. Rewrite it as UTF-8, with its entries
    compacted (``compact_docs``) unless ``docs_compacted`` says they were as they were made.

    With ``one_copy`` (the offline plugin is on) the index is written only as search_index.js,
    which the browser loads from file:// and, through assets/search-index.js, over http."""
    path = search_dir / "search_index.json"
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    if not docs_compacted:
        compact_docs(data.get("docs", []), data.get("config", {}).get("separator"), set())
    if one_copy:
        (search_dir / "search_index.js").write_text(offline_index(data), encoding="utf-8")
        path.unlink()
    else:
        path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def offline_index(data: dict) -> str:
    """search_index.js: the prefix, the index as JSON on one line with its word breaks written
    as BREAK_IN_FILE, and the script that restores them. An index that has a DEL of its own
    keeps its word breaks and has its DELs escaped: only markers may be read as markers."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))  # no raw newline in it
    if BREAK_IN_FILE in text:
        return OFFLINE_PREFIX + text.replace(BREAK_IN_FILE, "\\u007f") + "\n"  # only in strings
    return OFFLINE_PREFIX + text.replace(WORD_BREAK, BREAK_IN_FILE) + _RESTORE_BREAKS


def read_offline_index(text: str) -> dict:
    """The index as the browser gets it from search_index.js (what assets/search-index.js does)."""
    body = text[len(OFFLINE_PREFIX):].split("\n", 1)[0]
    return json.loads(body.replace(BREAK_IN_FILE, WORD_BREAK))


def _redundant_word_breaks(separator: str | None, docs: list[dict]) -> Callable[[str], str] | None:
    """A function that removes the word breaks next to another separator character, or None
    when the index's separator is not one Python reads the way the browser does."""
    try:
        pattern = re.compile(separator or "")
    except re.error:
        return None
    if not separator or not pattern.fullmatch(WORD_BREAK):
        return None
    seen = set("".join(doc.get("title", "") + doc.get("text", "") for doc in docs))  # one C-level pass
    others = sorted(c for c in seen if c != WORD_BREAK and c not in _PYTHON_ONLY_SPACE and pattern.fullmatch(c))
    runs = re.compile(f"{WORD_BREAK}{{2,}}")
    if not others:
        return lambda text: runs.sub(WORD_BREAK, text)
    chars = "[" + "".join(re.escape(c) for c in others) + "]"
    beside = re.compile(f"{WORD_BREAK}+(?={chars})|(?<={chars}){WORD_BREAK}+")
    return lambda text: runs.sub(WORD_BREAK, beside.sub("", text))
