"""The finder's data: what debtors say, compact enough to ship with the page.

Two scripts (not JSON to fetch) so that the finder works from file:// with no server:
``finder-index.js`` is what is matched (ID, title, category, the canonical phrase and its
variants); ``finder-answers.js`` holds the first response of each objection, shown inline
for the top hits. Matching happens in the browser (finder.js) on character unigrams and
bigrams weighted by rarity, plus the taxonomy's synonym groups, so colloquial wording that
is not verbatim in the library still finds the right objection.

The index's texts are written in a character code (``CharacterCode``): a Chinese character
costs three bytes in UTF-8, but the objections use a few hundred distinct characters, so
each becomes one or two printable ASCII symbols, the most frequent ones a single symbol.
That halves the index a collector's browser loads; finder.js decodes it once on load.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain

from generator.model import Library
from generator.render.site.pages import SiteOptions, relative

FINDER_PAGE = "finder/index.md"
FIELDS = ["id", "title", "category", "says"]
ENCODED_FIELDS = ["title", "says"]
PHRASE_SEPARATOR = "|"  # between the canonical phrase and the variants in "says"

# Printable ASCII that a JSON string holds without escaping: the code's symbols.
ALPHABET = "".join(chr(c) for c in range(0x20, 0x7F) if chr(c) not in '"\\')


@dataclass(frozen=True)
class CharacterCode:
    """A code for a fixed set of characters, fitted to how often each one occurs.

    The ``single`` most frequent characters are one symbol each; every other symbol value
    leads a pair, so ``single + (len(alphabet) - single) * len(alphabet)`` characters fit.
    ``single`` is as large as the number of distinct characters allows."""

    chars: str  # every character the texts use, most frequent first
    single: int
    alphabet: str = ALPHABET
    _codes: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        size = len(self.alphabet)
        codes = {}
        for rank, char in enumerate(self.chars):
            if rank < self.single:
                codes[char] = self.alphabet[rank]
            else:
                lead, rest = divmod(rank - self.single, size)
                codes[char] = self.alphabet[self.single + lead] + self.alphabet[rest]
        object.__setattr__(self, "_codes", codes)

    @classmethod
    def fit(cls, texts: list[str], alphabet: str = ALPHABET) -> CharacterCode | None:
        """The code for these texts, or None if they use more characters than pairs can hold."""
        counts = Counter(chain.from_iterable(texts))
        size = len(alphabet)
        if len(counts) > size * size:
            return None
        single = min(size, (size * size - len(counts)) // (size - 1))
        return cls("".join(sorted(counts, key=lambda c: (-counts[c], c))), single, alphabet)

    def encode(self, text: str) -> str:
        return "".join(map(self._codes.__getitem__, text))

    def decode(self, code: str) -> str:
        size, value = len(self.alphabet), {s: i for i, s in enumerate(self.alphabet)}
        out, symbols = [], iter(code)
        for symbol in symbols:
            rank = value[symbol]
            if rank >= self.single:
                rank = self.single + (rank - self.single) * size + value[next(symbols)]
            out.append(self.chars[rank])
        return "".join(out)

    def describe(self, fields: list[str]) -> dict:
        """What finder.js needs to decode the named fields."""
        return {"fields": fields, "alphabet": self.alphabet, "chars": self.chars, "single": self.single}


def script(name: str, data: object) -> str:
    """A script that sets window.<name> to the data (a script, not JSON: file:// cannot fetch)."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return f"window.{name}=" + text.replace("</", "<\\/") + ";\n"


def finder_data(library: Library, options: SiteOptions) -> dict:
    """The finder's index with its texts in plain characters."""
    categories = [c["id"] for c in library.terms("objection_categories")]
    items = []
    for entry in library.of_kind("objection"):
        data = entry.data
        items.append([entry.id, data["title"], categories.index(data["category"]),
                      PHRASE_SEPARATOR.join([data["says"], *data["variants"]])])
    url = relative(FINDER_PAGE, "objections/ID.md", options)
    return {"fields": FIELDS, "url": url,
            "categories": [c["name"] for c in library.terms("objection_categories")],
            "synonyms": library.taxonomy.get("synonyms", []), "items": items}


def compact(data: dict, alphabet: str = ALPHABET) -> dict:
    """The index with its texts in a character code fitted to them (unchanged if none fits)."""
    columns = [data["fields"].index(name) for name in ENCODED_FIELDS]
    code = CharacterCode.fit([item[i] for item in data["items"] for i in columns], alphabet)
    if code is None:
        return data
    items = [[code.encode(value) if i in columns else value for i, value in enumerate(item)]
             for item in data["items"]]
    return {**data, "items": items, "codec": code.describe(ENCODED_FIELDS)}


def finder_answers(library: Library) -> dict[str, str]:
    return {e.id: e.data["responses"][0]["lines"][0] for e in library.of_kind("objection")}


def finder_scripts(library: Library, options: SiteOptions) -> dict[str, str]:
    return {"finder-index.js": script("HK_FINDER", compact(finder_data(library, options))),
            "finder-answers.js": script("HK_ANSWERS", finder_answers(library))}
