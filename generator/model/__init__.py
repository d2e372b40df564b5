"""Model: the checked library as domain objects for the renderers.

Entries keep their data as the plain mapping the schema describes; what renderers need
beyond that (titles, backlinks, review status, taxonomy lookups) is derived here once.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from generator.placeholders import Placeholder, declared
from generator.schemaset import Kind, SchemaSet, load_schemas
from generator.validate import CheckResult, today
from generator.validate.library import review_interval


def has_value(field: Any, value: str) -> bool:
    """A field holds a value: equal to it (one value) or containing it (a list of values)."""
    return field == value if not isinstance(field, list) else value in field


@dataclass
class Entry:
    kind: Kind
    id: str
    data: dict[str, Any]
    source: str  # the file, as shown in diagnostics

    @property
    def title(self) -> str:
        return self.data["title"]

    @property
    def url(self) -> str:
        """The entry page's path in the site, relative to the docs root."""
        return f"{self.kind.folder}/{self.id}.md"

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)


@dataclass
class Review:
    reviewed: dt.date
    due: dt.date
    overdue: bool


@dataclass
class Library:
    schemas: SchemaSet
    taxonomy: dict[str, Any]
    entries: dict[str, Entry]
    today: dt.date
    compliance: Any = None  # the LintReport of the check
    refs: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # id → [(field, target)]

    # -- lookups ---------------------------------------------------------------------------------

    def of_kind(self, kind: str) -> list[Entry]:
        return [e for e in self.entries.values() if e.kind.id == kind]

    def term(self, list_name: str, ident: str) -> dict[str, Any]:
        return next((t for t in self.taxonomy.get(list_name, []) if t.get("id") == ident), {"id": ident, "name": ident})

    def terms(self, list_name: str) -> list[dict[str, Any]]:
        return list(self.taxonomy.get(list_name, []))

    @property
    def version(self) -> str:
        return str(self.taxonomy.get("version", ""))

    @cached_property
    def placeholders(self) -> dict[str, Placeholder]:
        return declared(self.taxonomy)

    @cached_property
    def backlinks(self) -> dict[str, list[Entry]]:
        """Who references an entry: an objection page lists the scripts that use it."""
        back: dict[str, list[Entry]] = defaultdict(list)
        for source, targets in self.refs.items():
            for _, target in targets:
                if target in self.entries and self.entries[source] not in back[target]:
                    back[target].append(self.entries[source])
        return back

    def references(self, entry: Entry, kind: str | None = None) -> list[Entry]:
        """What an entry points at, and what points at it, of one kind, without repeats."""
        found: list[Entry] = []
        for _, target in self.refs.get(entry.id, []):
            other = self.entries.get(target)
            if other and (kind is None or other.kind.id == kind) and other not in found:
                found.append(other)
        for other in self.backlinks.get(entry.id, []):
            if (kind is None or other.kind.id == kind) and other not in found:
                found.append(other)
        return found

    @cached_property
    def review_interval(self) -> int:
        """Days between reviews (365 while the taxonomy does not say, or says nonsense)."""
        interval = review_interval(self.taxonomy, self.schemas)
        return 365 if interval is None else interval

    def review(self, entry: Entry) -> Review:
        reviewed = dt.date.fromisoformat(entry.data["reviewed"])
        due = reviewed + dt.timedelta(days=self.review_interval)
        return Review(reviewed, due, due < self.today)

    def overdue(self) -> list[Entry]:
        return [e for e in self.entries.values() if self.review(e).overdue]

    def matching(self, kind: str, **axes: str) -> list[Entry]:
        """Entries of a kind whose list fields contain each given value, e.g. stages="m1"."""
        return [entry for entry in self.of_kind(kind)
                if all(has_value(entry.get(axis), value) for axis, value in axes.items())]


def build_library(result: CheckResult, schemas: SchemaSet | None = None, on: dt.date | None = None) -> Library:
    """The model of a library that passed the check."""
    schemas = schemas or load_schemas()
    entries = {}
    refs: dict[str, list[tuple[str, str]]] = {}
    for item in sorted(result.loaded, key=lambda i: (schemas.kinds[i.source.kind].folder or "", i.source.id)):
        kind = schemas.kinds[item.source.kind]
        source = item.source.path.relative_to(result.raw.root.parent).as_posix()
        entries[item.source.id] = Entry(kind, item.source.id, item.doc.data, source)
        refs[item.source.id] = [(str(path[0]), value) for path, schema, value in schemas.walk(kind.id, item.doc.data)
                                if schema.get("x-ref") and isinstance(value, str)]
    taxonomy = result.taxonomy.doc.data if result.taxonomy else {}
    return Library(schemas, taxonomy, entries, on or today(), result.compliance, refs)
