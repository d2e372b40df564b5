"""Reference pages generated from the sources of truth, so they cannot drift from the checker.

Fields come from ``schema/`` (through the SchemaSet), diagnostic codes from ``generator.codes``,
compliance rules from the legal entries that carry a ``rule``. An extra page maker for
``render_site``: it gets the SiteRenderer and returns pages under ``reference/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from generator.codes import all_codes
from generator.contrib.fields import Field, enum_names, fields, limits_text, type_text, value_schema
from generator.lint.rules import Rule, rules_from_library
from generator.model import Library

if TYPE_CHECKING:
    from generator.render.site.pages import Page, SiteRenderer

FOLDER = "reference"
EXAMPLE_CHARS = 60
# How the code ranges of generator/codes.py are headed on the codes page.
CODE_GROUPS = (("E1", "文件与 YAML 写法"), ("E2", "单个条目对照 schema（第 1 遍）"),
               ("E3", "整个库（第 2 遍）"), ("W", "警告：检查仍然通过"))


@dataclass(frozen=True)
class FieldRow:
    field: Field
    type: str
    allowed: list[tuple[str, str]]  # (value, name) pairs shown as the allowed values
    allowed_note: str  # where the allowed values come from, or a pattern
    ref_kind: str  # the kind a reference field points at
    limits: str
    description: str
    example: str


def field_page_path(kind: str) -> str:
    return f"{FOLDER}/fields/{kind}.md"


def reference_pages(r: SiteRenderer) -> list[Page]:
    library = r.library
    schemas = library.schemas
    kinds = [*schemas.entry_kinds, schemas.kinds["taxonomy"]]
    pages = []
    for kind in kinds:
        rows = [_row(library, kind.id, f) for f in fields(schemas, kind.id)]
        pages.append(r.render(field_page_path(kind.id), "reference_fields.md.j2",
                              {"title": f"字段参考：{kind.name}", "hide": ["toc"]}, kind=kind, rows=rows,
                              field_page=field_page_path))
    codes = all_codes()
    groups = [(title, [c for c in codes if c.id.startswith(prefix)]) for prefix, title in CODE_GROUPS]
    pages.append(r.render(f"{FOLDER}/codes.md", "reference_codes.md.j2", {"title": "诊断代码"}, groups=groups))
    rules = library_rules(library)
    pages.append(r.render(f"{FOLDER}/rules.md", "reference_rules.md.j2", {"title": "合规规则", "hide": ["toc"]},
                          rules=rules, word_lists=library_word_lists(library),
                          unruled=[e for e in library.of_kind("legal") if not e.get("rule")]))
    pages.append(r.render(f"{FOLDER}/index.md", "reference_index.md.j2", {"title": "参考"}, ref_kinds=kinds,
                          field_page=field_page_path, code_count=len(codes), rule_count=len(rules)))
    return pages


def library_word_lists(library: Library) -> dict[str, list[str]]:
    """The word lists the rules share (taxonomy.yaml, word_lists), by name."""
    lists = library.taxonomy.get("word_lists")
    return {name: [str(i) for i in items] for name, items in lists.items() if isinstance(items, list)} \
        if isinstance(lists, dict) else {}


def library_rules(library: Library) -> list[Rule]:
    """The rules the check ran with; rebuilt from the legal entries when there was no lint."""
    if library.compliance is not None:
        return sorted(library.compliance.rules, key=lambda rule: rule.id)
    return rules_from_library([(e.kind.id, e.id, e.data) for e in library.entries.values()],
                              library_word_lists(library))


# -- one field ----------------------------------------------------------------------------------


def _row(library: Library, kind: str, field: Field) -> FieldRow:
    schema = field.schema
    value = value_schema(field)
    allowed: list[tuple[str, str]] = []
    note = ""
    if value.get("enum"):
        allowed = enum_names(value)
    elif value.get("x-taxonomy"):
        note = f"taxonomy.yaml 的 {value['x-taxonomy']}"
        allowed = [(str(t.get("id")), str(t.get("name", ""))) for t in library.terms(value["x-taxonomy"])]
    elif value.get("x-placeholder"):
        note = "taxonomy.yaml 的 placeholders"
        allowed = [(name, "") for name in library.placeholders]
    elif value.get("pattern"):
        note = f"格式 {value['pattern']}"
    description = schema.get("description", "")
    if field.condition:
        description += f"（{field.condition} 时必填）" if field.condition not in description else ""
    return FieldRow(field, type_text(schema, library.schemas), allowed, note, value.get("x-ref", ""),
                    limits_text(schema), description, _example(library, kind, field))


def _example(library: Library, kind: str, field: Field) -> str:
    """The schema's first example, else the first value the library itself holds there."""
    examples = field.schema.get("examples")
    if examples:
        return _show(examples[0])
    if field.schema.get("type") == "object" or field.items.get("type") == "object":
        return ""  # its sub-fields are listed below it
    if kind == "taxonomy":
        found = _lookup(library.taxonomy, field.path)
        return _show(found) if found is not None else ""
    for entry in library.of_kind(kind):
        found = _lookup(entry.data, field.path)
        if found is not None:
            return _show(found)
    return ""


def _lookup(data: Any, path: tuple[str, ...]) -> Any:
    if not path:
        return data
    head, rest = path[0], path[1:]
    if head == "[]":
        for item in data if isinstance(data, list) else []:
            found = _lookup(item, rest)
            if found is not None:
                return found
        return None
    return _lookup(data.get(head), rest) if isinstance(data, dict) and head in data else None


def _show(value: Any) -> str:
    if isinstance(value, list):
        text = "[" + ", ".join(_show(v) for v in value) + "]"
    elif value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    else:
        text = " ".join(str(value).split())
    return text if len(text) <= EXAMPLE_CHARS else text[: EXAMPLE_CHARS - 1] + "…"
