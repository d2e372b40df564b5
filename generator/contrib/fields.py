"""The fields of a kind, flattened from its schema, for templates and the reference pages."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from generator.schemaset import SchemaSet
from generator.validate.entries import TYPE_NAMES

ITEM = "[]"  # a path step into every item of a list


@dataclass(frozen=True)
class Field:
    path: tuple[str, ...]  # ("turns", "[]", "collector")
    schema: dict[str, Any]  # resolved: $ref followed, the referencing keywords laid over
    required: bool  # within its parent mapping
    condition: str = ""  # when it is required only sometimes (the schema's if/then)

    @property
    def name(self) -> str:
        return self.path[-1]

    @property
    def dotted(self) -> str:
        """turns[].collector — how the reference pages name a field."""
        out = ""
        for part in self.path:
            out += part if part == ITEM else (f".{part}" if out else part)
        return out

    @property
    def depth(self) -> int:
        return len([p for p in self.path if p != ITEM]) - 1

    @property
    def items(self) -> dict[str, Any]:
        """The resolved item schema of a list field ({} otherwise)."""
        return self.schema.get("x-items", {})


def _conditions(schema: dict[str, Any]) -> dict[str, str]:
    """Fields an if/then makes required, with the condition in words: {"rule": "stance 为 dont"}."""
    cond, then = schema.get("if") or {}, schema.get("then") or {}
    words = []
    for name, sub in (cond.get("properties") or {}).items():
        if "const" in sub:
            words.append(f"{name} 为 {sub['const']}")
    return {name: "、".join(words) for name in then.get("required", [])} if words else {}


def fields(schemas: SchemaSet, kind: str) -> list[Field]:
    """Every field of a kind, parents before children, in schema order."""
    root = schemas.kinds[kind].schema_file
    schema, base = schemas.resolve(schemas.root_schema(kind), root)
    return list(_walk(schemas, schema, base, ()))


def _walk(schemas: SchemaSet, schema: dict[str, Any], base: str, prefix: tuple[str, ...]) -> Iterator[Field]:
    required = set(schema.get("required", []))
    conditional = _conditions(schema)
    for name, child in (schema.get("properties") or {}).items():
        resolved, child_base = schemas.resolve(child, base)
        path = (*prefix, name)
        items_base = child_base
        if isinstance(resolved.get("items"), dict):
            items, items_base = schemas.resolve(resolved["items"], child_base)
            resolved = {**resolved, "x-items": items}
        yield Field(path, resolved, name in required, conditional.get(name, ""))
        if resolved.get("type") == "object":
            yield from _walk(schemas, resolved, child_base, path)
        elif resolved.get("x-items", {}).get("type") == "object":
            yield from _walk(schemas, resolved["x-items"], items_base, (*path, ITEM))


def type_text(schema: dict[str, Any], schemas: SchemaSet | None = None) -> str:
    """日期, 列表（每项：话术 ID）… — a field's type as a contributor says it."""
    if schema.get("type") == "array" and "x-items" in schema:
        return f"列表（每项：{type_text(schema['x-items'], schemas)}）"
    if schema.get("type") == "array" and isinstance(schema.get("items"), dict):
        return f"列表（每项：{type_text(schema['items'], schemas)}）"
    if schema.get("x-ref") and schemas is not None and schema["x-ref"] in schemas.kinds:
        return f"{schemas.kinds[schema['x-ref']].name} ID"
    if schema.get("format") == "date":
        return "日期（YYYY-MM-DD）"
    if schema.get("format") == "regex":
        return "正则表达式"
    if schema.get("x-placeholder"):
        return "占位符名称"
    if schema.get("x-taxonomy"):
        return "分类值"
    if schema.get("x-markdown"):
        return "文字（可用 Markdown）"
    kinds = schema.get("type", "string")
    names = [TYPE_NAMES.get(t, (t, t))[0] for t in (kinds if isinstance(kinds, list) else [kinds])]
    return " 或 ".join(names)


def limits_text(schema: dict[str, Any]) -> str:
    """2–80 字 · 至少 4 项 · 不重复 — the limits a value must keep."""
    parts = []
    lo, hi = schema.get("minLength"), schema.get("maxLength")
    if lo or hi:
        parts.append(f"{lo or 0}–{hi} 字" if hi else f"至少 {lo} 字")
    lo, hi = schema.get("minItems"), schema.get("maxItems")
    if lo and hi:
        parts.append(f"{lo}–{hi} 项")
    elif lo:
        parts.append(f"至少 {lo} 项")
    elif hi:
        parts.append(f"最多 {hi} 项")
    if schema.get("uniqueItems"):
        parts.append("不重复")
    lo, hi = schema.get("minimum"), schema.get("maximum")
    if lo is not None or hi is not None:
        parts.append(f"{'' if lo is None else lo}–{'' if hi is None else hi}")
    items = schema.get("x-items")
    if schema.get("maxProperties") == 1 or (items or {}).get("maxProperties") == 1:
        parts.append("每项只写一个键")
    if items:
        inner = limits_text(items)
        if inner and items.get("type") != "object":
            parts.append(f"每项 {inner}")
    return " · ".join(parts)


def enum_names(schema: dict[str, Any]) -> list[tuple[str, str]]:
    """[(value, display name)] of an enum; the display name is the value when none is given."""
    values = [str(v) for v in schema.get("enum", [])]
    names = [str(n) for n in schema.get("x-enum-names", [])]
    return [(v, names[i] if i < len(names) else "") for i, v in enumerate(values)]


def value_schema(field: Field) -> dict[str, Any]:
    """The schema that carries a field's annotations: the item schema for a list of values."""
    if field.schema.get("type") == "array" and field.items.get("type") != "object":
        return field.items or field.schema
    return field.schema
