"""The finder's data: what debtors say, compact enough to ship with the page.

Two scripts (not JSON to fetch) so that the finder works from file:// with no server:
``finder-index.js`` is what is matched (ID, title, category, the canonical phrase and its
variants); ``finder-answers.js`` holds the first response of each objection, shown inline
for the top hits. Matching happens in the browser (finder.js) on character unigrams and
bigrams weighted by rarity, plus the taxonomy's synonym groups, so colloquial wording that
is not verbatim in the library still finds the right objection.
"""

from __future__ import annotations

import json

from generator.model import Library
from generator.render.site.pages import SiteOptions, relative

FINDER_PAGE = "finder/index.md"


def _script(name: str, data: object) -> str:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.{name}=" + text.replace("</", "<\\/") + ";\n"


def finder_index(library: Library, options: SiteOptions) -> dict:
    categories = [c["id"] for c in library.terms("objection_categories")]
    items = []
    for entry in library.of_kind("objection"):
        data = entry.data
        items.append([entry.id, data["title"], categories.index(data["category"]),
                      "|".join([data["says"], *data["variants"]])])
    url = relative(FINDER_PAGE, "objections/ID.md", options)
    return {"fields": ["id", "title", "category", "says"], "url": url,
            "categories": [c["name"] for c in library.terms("objection_categories")],
            "synonyms": library.taxonomy.get("synonyms", []), "items": items}


def finder_answers(library: Library) -> dict[str, str]:
    return {e.id: e.data["responses"][0]["lines"][0] for e in library.of_kind("objection")}


def finder_scripts(library: Library, options: SiteOptions) -> dict[str, str]:
    return {"finder-index.js": _script("HK_FINDER", finder_index(library, options)),
            "finder-answers.js": _script("HK_ANSWERS", finder_answers(library))}
