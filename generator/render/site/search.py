"""Chinese search: a jieba user dictionary made from the library's own terms.

Material's search segments Chinese text with jieba. Without help, jieba splits domain words
such as 诉讼时效 or 不安抗辩权; the glossary terms, their aliases, the taxonomy names and the
placeholder names are added with a high frequency so they stay whole words.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.model import Library

_HAN = re.compile(r"^[\u4e00-\u9fff]{2,12}$")


def library_terms(library: Library) -> list[str]:
    terms: set[str] = set()
    for item in library.taxonomy.get("glossary", []):
        terms.add(item["term"])
        terms.update(item.get("aliases", []))
    for list_name in ("stages", "debtor_types", "channels", "call_steps", "objection_categories",
                      "checklist_areas", "letter_levels", "quadrants"):
        for item in library.taxonomy.get(list_name, []):
            terms.add(item["name"])
    terms.update(library.placeholders)
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
    import jieba

    text = path.read_text(encoding="utf-8")
    if text == _loaded_user_dictionary and jieba.dt.initialized:
        return
    if _loaded_user_dictionary is not None:
        jieba.dt.initialized = False  # initialize() reloads the main dictionary alone
    jieba.load_userdict(str(path))
    _loaded_user_dictionary = text


def compact_search_index(path: Path) -> None:
    """Material writes its index ASCII-escaped: every Chinese character and every jieba word
    break (U+200B) costs six bytes instead of three. Rewrite it as UTF-8. Material also repeats
    a page's tags on each of its sections; the page's own entry, which comes first, keeps them,
    so a tag still finds the page."""
    if not path.is_file():
        return
    data = json.loads(path.read_text(encoding="utf-8"))
    tagged: set[str] = set()
    for doc in data.get("docs", []):
        page = doc.get("location", "").split("#")[0]
        if "tags" in doc and page in tagged:
            del doc["tags"]
        elif "tags" in doc:
            tagged.add(page)
    path.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
