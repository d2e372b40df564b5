"""``huikuan new``: a commented template for a new entry, generated from the kind's schema.

Every value to write is the marker TODO, which ``huikuan check`` reports (E310) until it is
replaced, so a half-filled template can never pass. Required fields come first, each under
its description from the schema; optional fields follow, commented out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.contrib.fields import enum_names, limits_text
from generator.load.yaml_strict import parse_document
from generator.messages import UserError
from generator.placeholders import declared
from generator.schemaset import SchemaSet, modeline, schema_reference

MARKER = "TODO"


class ScaffoldError(UserError):
    """The template cannot be written (bad ID, file exists): a usage error."""


@dataclass
class _Context:
    schemas: SchemaSet
    taxonomy: dict[str, Any]
    today: dt.date


def template(schemas: SchemaSet, kind: str, entry_id: str, taxonomy: dict[str, Any] | None = None,
             today: dt.date | None = None, schema_path: str | None = None) -> str:
    """The text of a new entry file of ``kind``. Its first line tells the editor where the kind's
    schema is (``schema_path``, relative to the file; by default where this repository keeps it)."""
    meta = schemas.kinds[kind]
    ctx = _Context(schemas, taxonomy or {}, today or dt.date.today())
    schema, base = schemas.resolve(schemas.root_schema(kind), meta.schema_file)
    head = [
        modeline(schema_path or f"../../schema/{meta.schema_file}"),
        f"# {meta.name}（{meta.name_en}）{entry_id}：{meta.description}",
        f"# 文件名就是条目 ID。把每个 {MARKER} 换成真实内容，再运行 huikuan check；还留着 {MARKER} 的地方会报错 E310。",
        "# 可选字段在后面，已注释掉：要用时删掉行首的 “# ” 再填写。每个字段的说明见网站的“贡献 › 字段参考”。",
        "",
    ]
    required, optional = _split(schema)
    body = ["# ── 必填 ──"]
    for name in required:
        body += _field(ctx, schema, base, name, 0, comments=True)
    if optional:
        body += ["", "# ── 可选：要用时删掉行首的 “# ” ──"]
        for name in optional:
            body += _commented(_field(ctx, schema, base, name, 0, comments=True, optional=True), 0)
    return "\n".join(head + body) + "\n"


def library_taxonomy(library: Path) -> dict[str, Any]:
    """The declared values a template lists in its comments; none if the taxonomy does not parse."""
    path = library / "taxonomy.yaml"
    doc = parse_document(str(path), path.read_bytes())[0] if path.is_file() else None
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}


def write_entry(library: Path, schemas: SchemaSet, kind: str, entry_id: str, taxonomy: dict[str, Any] | None = None,
                today: dt.date | None = None) -> Path:
    """Write ``<library>/<folder>/<ID>.yaml``; never overwrite, never reuse an ID of any kind."""
    common = schemas.documents["common.schema.json"]["$defs"]["entryId"]
    longest = common.get("maxLength", 64)
    if len(entry_id) > longest or not re.fullmatch(schemas.id_pattern, entry_id):
        raise ScaffoldError(f"'{entry_id}' 不能作为条目 ID：{common['x-hint']}，最长 {longest} 个字符",
                            f"'{entry_id}' cannot be an entry ID: {common['x-hint-en']}, at most {longest} characters")
    folder = schemas.kinds[kind].folder
    assert folder is not None
    target = library / folder / f"{entry_id}.yaml"
    if target.exists():
        raise ScaffoldError(f"{target} 已经存在，不会覆盖：换一个 ID，或直接编辑这个文件",
                            f"{target} exists and is not overwritten: choose another ID, or edit that file")
    for other in schemas.entry_kinds:
        clash = library / str(other.folder) / f"{entry_id}.yaml"
        if clash.exists():
            raise ScaffoldError(f"ID '{entry_id}' 已被 {clash} 使用：ID 在整个库里必须唯一，请换一个",
                                f"the ID '{entry_id}' is taken by {clash}: IDs are unique across the library, "
                                "choose another")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as out:  # "x": a file appearing meanwhile is kept
        out.write(template(schemas, kind, entry_id, library_taxonomy(library) if taxonomy is None else taxonomy, today,
                           schema_reference(target.parent, schemas.kinds[kind].schema_file)))
    return target


# -- fields ------------------------------------------------------------------------------------


def _split(schema: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Required (and conditionally required) fields, then optional ones, each in schema order."""
    required = set(schema.get("required", [])) | set((schema.get("then") or {}).get("required", []))
    names = list(schema.get("properties", {}))
    return [n for n in names if n in required], [n for n in names if n not in required]


def _condition(schema: dict[str, Any], name: str) -> str:
    if name in schema.get("required", []) or name not in (schema.get("then") or {}).get("required", []):
        return ""
    words = [f"{k} 为 {v['const']}" for k, v in ((schema.get("if") or {}).get("properties") or {}).items()
             if "const" in v]
    return f"{'、'.join(words)} 时必填，不需要时删掉整段" if words else ""


def _comment_lines(ctx: _Context, schema: dict[str, Any], value: dict[str, Any], indent: int, *,
                   optional: bool = False, condition: str = "") -> list[str]:
    text = schema.get("description", "").replace("（可选）", "" if optional else "（可选）")
    extra = [limits_text(schema) if schema.get("type") != "object" else ""]
    if condition:
        extra.append(condition if condition.split("时")[0] not in text else "不需要时删掉整段")
    examples = schema.get("examples") or value.get("examples")
    if examples and "例如" not in text:
        example = examples[0]
        shown = "[" + ", ".join(map(str, example)) + "]" if isinstance(example, list) else str(example)
        extra.append(f"例如 {shown}")
    words = "；".join(e for e in extra if e)
    line = ("可选：" if optional else "") + text + (f"（{words}）" if words else "")
    out = [" " * indent + "# " + line] if line else []
    allowed = _allowed(ctx, value)
    if allowed:
        out.append(" " * indent + "#   " + allowed)
    return out


def _allowed(ctx: _Context, value: dict[str, Any]) -> str:
    """The values a field accepts, said in the comment above it."""
    list_name = value.get("x-taxonomy")
    if list_name:
        terms = [t for t in ctx.taxonomy.get(list_name) or [] if isinstance(t, dict) and "id" in t]
        if terms:
            return f"可选值（taxonomy.yaml 的 {list_name}）：" + "、".join(f"{t['id']} {t.get('name', '')}".strip()
                                                                    for t in terms)
        return f"可选值见 taxonomy.yaml 的 {list_name}"
    if value.get("enum"):
        return "可选值：" + "、".join(f"{v} {n}".strip() for v, n in enum_names(value))
    if value.get("x-placeholder"):
        names = list(declared(ctx.taxonomy))
        return "已声明的占位符：" + ("、".join(names) if names else "见 taxonomy.yaml 的 placeholders")
    ref = value.get("x-ref")
    if ref and ref in ctx.schemas.kinds:
        kind = ctx.schemas.kinds[ref]
        return f"写{kind.name}的 ID，即 {kind.folder}/ 里的文件名（不带 .yaml）"
    return ""


def _scalar(ctx: _Context, schema: dict[str, Any], number: int = 0) -> str:
    kinds = schema.get("type", "string")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if schema.get("format") == "date":
        return f'"{ctx.today.isoformat()}"'  # the author checks the text on the day it is written
    if "string" in kinds:
        return f"{MARKER} {number}" if number else MARKER
    if "integer" in kinds or "number" in kinds:
        return str((schema.get("examples") or [schema.get("minimum", 1)])[0])
    if "boolean" in kinds:
        return "false"
    return "null"


def _field(ctx: _Context, parent: dict[str, Any], base: str, name: str, indent: int, *, comments: bool,
           optional: bool = False) -> list[str]:
    schema, here = ctx.schemas.resolve(parent["properties"][name], base)
    pad = " " * indent
    out: list[str] = []
    items, items_base = ({}, here)
    if isinstance(schema.get("items"), dict):
        items, items_base = ctx.schemas.resolve(schema["items"], here)
    value = items if schema.get("type") == "array" else schema
    if comments:
        if indent == 0:
            out.append("")
        out += _comment_lines(ctx, schema, value, indent, optional=optional, condition=_condition(parent, name))
    if schema.get("type") == "object":
        out.append(f"{pad}{name}:")
        out += _mapping(ctx, schema, here, indent + 2, comments=comments and not optional)
    elif schema.get("type") == "array" and items.get("type") == "object":
        out.append(f"{pad}{name}:")
        for index in range(max(schema.get("minItems", 1), 1)):
            out += _item(ctx, items, items_base, indent + 4, comments=comments and not optional, first=index == 0,
                         index=index)
    elif schema.get("type") == "array":
        count = max(schema.get("minItems", 1), 1)
        numbered = count > 1 and schema.get("uniqueItems")  # equal markers would add a duplicate-item error
        values = [_scalar(ctx, items, i + 1 if numbered else 0) for i in range(count)]
        if any(items.get(k) for k in ("x-taxonomy", "x-ref", "x-placeholder", "enum")):
            out.append(f"{pad}{name}: [{', '.join(values)}]")  # short IDs read best on one line
        else:
            out.append(f"{pad}{name}:")
            out += [f"{pad}  - {v}" for v in values]
    else:
        out.append(f"{pad}{name}: {_scalar(ctx, schema)}")
    return out


def _mapping(ctx: _Context, schema: dict[str, Any], base: str, indent: int, *, comments: bool) -> list[str]:
    required, optional = _split(schema)
    out: list[str] = []
    for name in required:
        out += _field(ctx, schema, base, name, indent, comments=comments)
    if comments:  # optional sub-fields are shown once, in the first item, to keep the template short
        for name in optional:
            out += _commented(_field(ctx, schema, base, name, indent, comments=True, optional=True), indent)
    return out


def _item(ctx: _Context, schema: dict[str, Any], base: str, indent: int, *, comments: bool, first: bool,
          index: int) -> list[str]:
    """One list item that is a mapping, as ``- key: …`` lines at ``indent`` - 2."""
    if schema.get("required") or not schema.get("properties"):
        lines = _mapping(ctx, schema, base, indent, comments=comments and first)
    else:
        # No required key, one key per item (dialogue turns): show each alternative in turn.
        names = list(schema["properties"])
        name = names[index % len(names)]
        lines = _field(ctx, schema, base, name, indent, comments=comments)
    first = next(i for i, line in enumerate(lines) if not line.lstrip().startswith("#"))
    dash = " " * (indent - 2)
    lines = [dash + line.lstrip() if i < first else line for i, line in enumerate(lines)]
    lines[first] = dash + "- " + lines[first][indent:]
    return lines


def _commented(lines: list[str], indent: int) -> list[str]:
    """Comment out a field's value lines, keeping its description comments as they are."""
    pad = " " * indent
    out = []
    for line in lines:
        if not line.strip() or line.lstrip().startswith("# "):
            out.append(line)
        else:
            out.append(pad + "# " + line[indent:])
    return out
