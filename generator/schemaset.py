"""The JSON Schemas in ``schema/``: the single source of truth for kinds and fields.

Nothing else in the package lists fields. Kinds are discovered from the ``x-kind``
annotation of each schema; typed references (``x-ref``), taxonomy values (``x-taxonomy``),
placeholders (``x-placeholder``), text a collector says (``x-said``), advice to collectors
(``x-advice``), training bad examples (``x-bad-example``) and Markdown fields (``x-markdown``)
are annotations that the checks and renderers find by walking a schema alongside an entry.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from generator.messages import first_sentence

SCHEMA_PACKAGE = "generator.schemas"
TAXONOMY = "taxonomy"


@dataclass(frozen=True)
class Kind:
    id: str  # script, objection, …, taxonomy
    name: str  # Chinese display name
    name_en: str
    schema_file: str
    folder: str | None  # scripts/, objections/ … (None for the taxonomy)
    file: str | None  # taxonomy.yaml (None for folder kinds)
    title: str
    description: str

    @property
    def lead(self) -> str:
        """The description's first sentence: what readers of the site need (the rest is for
        contributors, e.g. that the file name is the ID)."""
        return first_sentence(self.description)


def _is_date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_regex(value: str) -> bool:
    try:
        re.compile(value)
    except re.error:
        return False
    return True


# The same format checks as jsonschema's, so the fast path never passes what the full one fails.
_FAST_FORMATS = {"date": _is_date, "regex": _is_regex}


def _merge(outer: dict[str, Any], target: dict[str, Any]) -> dict[str, Any]:
    """A $ref'd schema with the referencing schema's own keywords laid over it."""
    merged = dict(target)
    merged.update({k: v for k, v in outer.items() if k != "$ref"})
    return merged


class SchemaSet:
    def __init__(self, documents: dict[str, dict[str, Any]]) -> None:
        self.documents = documents
        resources_ = [(name, Resource.from_contents(doc, default_specification=DRAFT202012))
                      for name, doc in documents.items()]
        self.registry: Registry = Registry().with_resources(resources_)
        self.kinds: dict[str, Kind] = {}
        for name, doc in sorted(documents.items(), key=lambda item: item[1].get("x-kind", {}).get("order", 99)):
            meta = doc.get("x-kind")
            if not meta:
                continue
            self.kinds[meta["id"]] = Kind(
                id=meta["id"], name=meta["name"], name_en=meta["name_en"], schema_file=name,
                folder=meta.get("folder"), file=meta.get("file"),
                title=doc.get("title", ""), description=doc.get("description", ""))
        self._validators: dict[str, Draft202012Validator] = {}
        self._dereferenced: dict[str, dict[str, Any]] = {}
        self._fast: dict[str, Callable[[Any], Any]] = {}

    # -- kinds ----------------------------------------------------------------------------------

    @property
    def entry_kinds(self) -> list[Kind]:
        """Kinds stored one file per entry in a folder, in schema order."""
        return [k for k in self.kinds.values() if k.folder]

    def kind_by_folder(self, folder: str) -> Kind | None:
        return next((k for k in self.entry_kinds if k.folder == folder), None)

    def root_schema(self, kind: str) -> dict[str, Any]:
        return self.documents[self.kinds[kind].schema_file]

    def validator(self, kind: str) -> Draft202012Validator:
        if kind not in self._validators:
            self._validators[kind] = Draft202012Validator(
                self.dereferenced(kind), registry=self.registry,
                format_checker=FormatChecker(["date", "regex"]))
        return self._validators[kind]

    @property
    def id_pattern(self) -> str:
        return self.documents["common.schema.json"]["$defs"]["entryId"]["pattern"]

    def classifiers(self, kind: str) -> list[tuple[str, str]]:
        """Top-level fields whose values come from a taxonomy list: (field, list name)."""
        out = []
        for name in self.dereferenced(kind).get("properties", {}):
            schema = self.field_schema(kind, (name,)) or {}
            list_name = schema.get("x-taxonomy") or (self.field_schema(kind, (name, 0)) or {}).get("x-taxonomy")
            if list_name:
                out.append((name, list_name))
        return out

    def named_lists(self) -> list[str]:
        """The taxonomy's lists whose items have a name (stages, channels, placeholders, ...)."""
        doc = "taxonomy.schema.json"
        out = []
        for name, schema in self.documents[doc].get("properties", {}).items():
            items, _ = self.resolve(schema.get("items") or {}, doc)
            if "name" in items.get("properties", {}):
                out.append(name)
        return out

    def grouping_field(self, kind: str) -> tuple[str | None, dict[str, Any]]:
        """The first top-level field that classifies an entry: a taxonomy value or an enum."""
        for name in self.root_schema(kind).get("properties", {}):
            schema = self.field_schema(kind, (name,)) or {}
            items = self.field_schema(kind, (name, 0)) if schema.get("type") == "array" else None
            for candidate in (schema, items or {}):
                if candidate.get("x-taxonomy") or candidate.get("enum"):
                    return name, candidate
        return None, {}

    # -- walking ------------------------------------------------------------------------------

    def resolve(self, schema: dict[str, Any], base: str) -> tuple[dict[str, Any], str]:
        """Follow $ref until a schema without one; return it and the document it lives in."""
        seen = 0
        while "$ref" in schema and seen < 32:
            ref = schema["$ref"]
            doc_name, _, pointer = ref.partition("#")
            doc_name = doc_name or base
            target: Any = self.documents[doc_name]
            for part in [p for p in pointer.split("/") if p]:
                target = target[part]
            schema, base = _merge(schema, target), doc_name
            seen += 1
        return schema, base

    def dereferenced(self, kind: str) -> dict[str, Any]:
        """The kind's schema with every $ref replaced by what it points at, built once.

        Walking and validating a plain tree is several times faster than following
        references through the registry for each of thousands of entries."""
        if kind not in self._dereferenced:
            self._dereferenced[kind] = self._inline(self.root_schema(kind), self.kinds[kind].schema_file, 0)
        return self._dereferenced[kind]

    def _inline(self, schema: Any, base: str, depth: int) -> Any:
        if depth > 64:
            raise ValueError("schema nesting too deep (a $ref cycle?)")
        if isinstance(schema, list):
            return [self._inline(item, base, depth + 1) for item in schema]
        if not isinstance(schema, dict):
            return schema
        schema, base = self.resolve(schema, base)
        out = {}
        for key, value in schema.items():
            if key in ("properties", "$defs", "patternProperties"):
                out[key] = {name: self._inline(sub, base, depth + 1) for name, sub in value.items()}
            elif key in ("items", "additionalProperties", "if", "then", "else", "not", "contains"):
                out[key] = self._inline(value, base, depth + 1)
            elif key in ("allOf", "anyOf", "oneOf"):
                out[key] = [self._inline(sub, base, depth + 1) for sub in value]
            else:
                out[key] = value
        return out

    def fast_validator(self, kind: str) -> Callable[[Any], Any]:
        """A compiled validator that answers only 'valid or not', for the common case.

        fastjsonschema turns the schema into Python code: far faster than jsonschema, but it
        stops at the first error, so a failing entry is validated again by ``validator`` to
        report all of its errors."""
        if kind not in self._fast:
            schema = {k: v for k, v in self.dereferenced(kind).items() if k not in ("$schema", "$defs")}
            schema["$schema"] = "http://json-schema.org/draft-07/schema#"
            self._fast[kind] = fastjsonschema.compile(schema, formats=_FAST_FORMATS)
        return self._fast[kind]

    def field_schema(self, kind: str, path: tuple[str | int, ...]) -> dict[str, Any] | None:
        """The resolved schema that describes the value at ``path`` in an entry of ``kind``."""
        schema = self.dereferenced(kind)
        for part in path:
            child = self._child(schema, part)
            if child is None:
                return None
            schema = child
        return schema

    def accepts(self, kind: str, path: tuple[str | int, ...], value: Any) -> bool:
        """Whether the field at ``path`` of ``kind`` may hold ``value`` (False for no such field)."""
        schema = self.field_schema(kind, path)
        return schema is not None and Draft202012Validator(
            schema, format_checker=FormatChecker(["date", "regex"])).is_valid(value)

    @staticmethod
    def _child(schema: dict[str, Any], part: str | int) -> dict[str, Any] | None:
        if isinstance(part, int):
            items = schema.get("items")
            return items if isinstance(items, dict) else None
        props = schema.get("properties", {})
        if part in props:
            return props[part]
        extra = schema.get("additionalProperties")
        return extra if isinstance(extra, dict) else None

    def walk(self, kind: str, data: Any) -> Iterator[tuple[tuple[str | int, ...], dict[str, Any], Any]]:
        """Yield (path, resolved schema, value) for every node of ``data`` the schema describes."""
        stack: list[tuple[tuple[str | int, ...], dict[str, Any], Any]] = [((), self.dereferenced(kind), data)]
        child_of = self._child
        while stack:
            path, schema, value = stack.pop()
            yield path, schema, value
            if isinstance(value, dict):
                for key in reversed(list(value)):
                    child = child_of(schema, key)
                    if child is not None:
                        stack.append(((*path, key), child, value[key]))
            elif isinstance(value, list):
                child = child_of(schema, 0)
                if child is not None:
                    for index in range(len(value) - 1, -1, -1):
                        stack.append(((*path, index), child, value[index]))


def schema_dir() -> Traversable:
    """``schema/`` in a checkout (editable install); the packaged copy in a wheel install."""
    checkout = Path(__file__).resolve().parent.parent / "schema"
    if (checkout / "common.schema.json").is_file():
        return checkout
    return resources.files(SCHEMA_PACKAGE)


@cache
def load_schemas() -> SchemaSet:
    documents = {}
    for item in schema_dir().iterdir():
        if item.name.endswith(".schema.json"):
            documents[item.name] = json.loads(item.read_text(encoding="utf-8"))
    return SchemaSet(documents)


def modeline(schema_path: str) -> str:
    """The comment that tells yaml-language-server (VS Code's YAML extension) a file's schema."""
    return f"# yaml-language-server: $schema={schema_path}"


def schema_reference(folder: Path, schema_file: str) -> str | None:
    """How a file in ``folder`` reaches the nearest ``schema/<schema_file>`` above it: the path an
    editor modeline gives (../../schema/script.schema.json in this repository)."""
    folder = folder.resolve()
    for ancestor in (folder, *folder.parents):
        candidate = ancestor / "schema" / schema_file
        if candidate.is_file():
            return Path(os.path.relpath(candidate, folder)).as_posix()
    return None


def pointer_text(path: tuple[str | int, ...]) -> str:
    """responses[1].lines[0] — how a field is named in diagnostics."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out
