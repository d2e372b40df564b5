"""Pass 1: every file against its kind's schema, reporting all of its errors.

jsonschema's errors are translated into huikuan codes that point at the offending node:
the key for an unknown field, the mapping for a missing one, the value for a wrong one.
"""

from __future__ import annotations

import difflib
import re
import shlex
from pathlib import Path
from typing import Any

import fastjsonschema
from jsonschema import ValidationError

from generator import codes
from generator.diagnostics import Diagnostic, Position
from generator.load.library import SourceFile
from generator.load.yaml_strict import Document
from generator.messages import first_sentence
from generator.schemaset import TAXONOMY, SchemaSet, pointer_text

TYPE_NAMES = {
    "string": ("文字", "text"), "array": ("列表", "a list"), "object": ("映射（字段: 值）", "a mapping"),
    "integer": ("整数", "an integer"), "number": ("数字", "a number"),
    "boolean": ("布尔值（true/false）", "a boolean (true/false)"), "null": ("空值", "empty"),
}
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n", "Yes", "No", "On", "Off", "YES", "NO", "ON", "OFF"}


def type_of(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


def _names(expected: str | list[str], lang: int) -> str:
    items = expected if isinstance(expected, list) else [expected]
    return (" 或 " if lang == 0 else " or ").join(TYPE_NAMES.get(t, (t, t))[lang] for t in items)


def _short(value: Any, limit: int = 40) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _where(path: tuple) -> tuple[str, str]:
    if not path:
        return "条目", "the entry"
    return f"{pointer_text(path)} ", pointer_text(path)


def close_match(word: str, choices: list[str]) -> str | None:
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return match[0] if match else None


def did_you_mean(match: str | None) -> tuple[str, str]:
    return (f"是不是想写 '{match}'？", f"did you mean '{match}'? ") if match else ("", "")


def suggestion(word: str, choices: list[str]) -> tuple[str, str]:
    return did_you_mean(close_match(word, choices))


def _type_hint(expected: str | list[str], value: Any) -> tuple[str, str]:
    wanted = expected if isinstance(expected, list) else [expected]
    if value is None:
        return "这里没有填值：在冒号后写上内容", "nothing is filled in here: write the value after the colon"
    if "boolean" in wanted and value in _YAML11_BOOLEANS:
        return ("布尔值只写 true 或 false（yes/no/on/off 在这里是文字）",
                "booleans are true or false (yes/no/on/off are text)")
    if "array" in wanted and not isinstance(value, list):
        return ("写成列表：每项单独一行，以 “- ” 开头；或写成 [a, b]",
                "write a list: one item per line starting with '- ', or [a, b]")
    if "string" in wanted and isinstance(value, bool | int | float):
        return f"加上引号写成文字：'{value}'", f"quote it to make it text: '{value}'"
    if "string" in wanted and isinstance(value, dict):
        return ("文字里的冒号后面如果有空格会被当成字段：给整句加引号",
                "a colon followed by a space makes a field: quote the whole sentence")
    if "object" in wanted:
        return "写成“字段: 值”的形式，每个字段一行", "write 'field: value' pairs, one per line"
    return f"改成{_names(expected, 0)}", f"use {_names(expected, 1)}"


def move(source: Path, target: Path) -> dict[str, str]:
    """The paths of the `git mv` that puts a file where it belongs (E123's fix), as a shell reads them."""
    return {"source": shlex.quote(source.as_posix()), "target": shlex.quote(target.as_posix())}


# A file in the wrong folder may still have a slip of its own against its real kind: a misspelt
# field (one unknown, one missing) at most.
_MISPLACED_MAX_MISFIT = 2


def _required(schema: dict[str, Any]) -> list[str]:
    """A mapping's required fields, and those its if/then may require."""
    return [*schema.get("required", []), *(schema.get("then") or {}).get("required", [])]


def _meant(extra: str, value: dict[str, Any], schema: dict[str, Any]) -> str | None:
    """The field an unknown key was probably meant to be: a missing required one first."""
    missing = [name for name in _required(schema) if name not in value]
    return close_match(extra, missing) or close_match(extra, list(schema.get("properties", {})))


_SENTENCE_END_EN = re.compile(r"(?<!\be\.g)(?<!\bi\.e)\.(?:\s|$)")


def _first_sentence_en(text: str) -> str:
    """The first sentence, lower-cased to sit inside a message ("add goal: … (the concrete goal
    of the script)"); an abbreviation's full stop (e.g., i.e.) does not end it."""
    first = _SENTENCE_END_EN.split(text.strip(), maxsplit=1)[0].rstrip(".")
    word = first.split(" ", 1)[0]
    return first if len(word) > 1 and word.isupper() else first[:1].lower() + first[1:]  # PDF stays PDF


class EntryChecker:
    def __init__(self, schemas: SchemaSet) -> None:
        self.schemas = schemas

    def check_file(self, doc: Document, source: SourceFile) -> tuple[str, list[Diagnostic]]:
        """The file's kind and its pass 1 findings.

        The folder names the kind; but a file whose fields are plainly another kind's (an
        objection saved in scripts/) gets one finding that says where it belongs, and the rest
        of it is checked as that kind, rather than a flood of unknown and missing fields."""
        problems = self.check(doc, source.kind)
        if not problems or source.kind == TAXONOMY or not isinstance(doc.data, dict):
            return source.kind, problems
        kind = self._fitting_kind(list(doc.data), source.kind)
        if kind is None:
            return source.kind, problems
        return kind, [self._misplaced(doc, source, kind), *self.check(doc, kind)]

    def check(self, doc: Document, kind: str) -> list[Diagnostic]:
        if not isinstance(doc.data, dict):
            got = type_of(doc.data)
            return [self._at(doc, (), codes.E200, got=TYPE_NAMES[got][0], got_en=TYPE_NAMES[got][1], kind=kind)]
        try:
            self.schemas.fast_validator(kind)(doc.data)
            return []
        except fastjsonschema.JsonSchemaException:
            pass  # find every error, with positions, the thorough way
        errors = list(self.schemas.validator(kind).iter_errors(doc.data))
        # A misspelt field is also a missing one: the misspelling, which names the fix, is reported once.
        reported_missing = {(tuple(e.absolute_path), _meant(extra, e.instance, e.schema))
                            for e in errors if e.validator == "additionalProperties" and isinstance(e.instance, dict)
                            for extra in e.instance if extra not in e.schema.get("properties", {})}
        out: list[Diagnostic] = []
        for error in errors:
            out.extend(self._translate(doc, kind, error, reported_missing))
        return out

    # -- a file in another kind's folder -------------------------------------------------------

    def _misfit(self, kind: str, keys: list[str]) -> int:
        """How many top-level fields the kind would report unknown or missing."""
        schema = self.schemas.dereferenced(kind)
        properties = schema.get("properties", {})
        return sum(key not in properties for key in keys) + sum(name not in keys for name in schema.get("required", []))

    def _fitting_kind(self, keys: list[str], kind: str | None) -> str | None:
        """Another kind whose fields the file has, when it fits that kind better than its folder's
        (``kind``; None for a file in no kind's folder, told only when one kind fits it best).

        Only a kind with fields of its own in the file counts: a half-written script has only
        fields that scripts have too, and stays a script with its missing fields reported."""
        own_fields = self.schemas.dereferenced(kind).get("properties", {}) if kind else {}
        fits: list[tuple[int, str]] = []
        for other in self.schemas.entry_kinds:
            fields = self.schemas.dereferenced(other.id).get("properties", {})
            if other.id == kind or not any(key in fields and key not in own_fields for key in keys):
                continue
            misfit = self._misfit(other.id, keys)
            if misfit <= _MISPLACED_MAX_MISFIT:
                fits.append((misfit, other.id))
        if not fits:
            return None
        misfit, best = min(fits, key=lambda fit: fit[0])  # the first kind of the fewest misfits
        if kind is None:
            return best if [m for m, _ in fits].count(misfit) == 1 else None
        return best if misfit < self._misfit(kind, keys) else None

    def kind_of(self, doc: Document) -> str | None:
        """The kind of a file found outside the kind folders, when its fields tell it."""
        return self._fitting_kind(list(doc.data), None) if isinstance(doc.data, dict) else None

    def where_it_goes(self, doc: Document, source: SourceFile) -> dict[str, str]:
        """For a YAML file at the library root (E114), when its fields tell its kind: the hint
        that names the `git mv` into that kind's folder, worded as E123's fix."""
        kind = self.kind_of(doc)
        if kind is None:
            return {}
        meant = self.schemas.kinds[kind]
        name = f"{source.id}.yaml"
        shown = Path(source.display)
        target = shown.parent / str(meant.folder) / name
        said = f"它像是 {kind}（{meant.name}）", f"it looks like {kind} ({meant.name_en.lower()})"
        if (source.path.parent / str(meant.folder) / name).exists():
            return {"hint": f"{said[0]}，但 {target.as_posix()} 已经存在：对比两个文件，"
                            "把要留下的内容合并过去，再删除这个文件",
                    "hint_en": f"{said[1]}, but {target.as_posix()} exists: compare the two, merge what is to stay "
                               "into it, then delete this file"}
        params = move(shown, target)
        return {"hint": f"{said[0]}：{codes.E123.render_fix('zh', params)}",
                "hint_en": f"{said[1]}: {codes.E123.render_fix('en', params)}"}

    def _misplaced(self, doc: Document, source: SourceFile, kind: str) -> Diagnostic:
        meant, here = self.schemas.kinds[kind], self.schemas.kinds[source.kind]
        own_fields = self.schemas.dereferenced(source.kind).get("properties", {})
        telling = [key for key in doc.data if key not in own_fields][:3]
        shown = Path(source.display)
        return Diagnostic(source.display, 1, 1, codes.E123, {
            "kind": kind, "kind_name": meant.name, "kind_en": meant.name_en.lower(), "folder": meant.folder,
            "here_name": here.name, "here_en": here.name_en.lower(),
            "fields": "、".join(telling), "fields_en": ", ".join(telling),
            **move(shown, shown.parent.parent / str(meant.folder) / shown.name)})

    def _at(self, doc: Document, path: tuple, code: codes.Code, *, at_key: bool = False,
            **params: Any) -> Diagnostic:
        pos: Position = doc.key_position(path) if at_key else doc.value_position(path)
        return Diagnostic(doc.path, pos.line, pos.column, code, params, pointer_text(path))

    def _describe(self, kind: str, path: tuple) -> dict[str, str]:
        """The first sentence of a field's description, in both languages (the schema has both)."""
        schema = self.schemas.field_schema(kind, path) or {}
        return {"description": first_sentence(schema.get("description", "")).removesuffix("。") or "见字段参考",
                "description_en": _first_sentence_en(schema.get("x-description-en", "")) or "see the field reference"}

    def _translate(self, doc: Document, kind: str, error: ValidationError, reported_missing: set) -> list[Diagnostic]:
        path = tuple(error.absolute_path)
        field = pointer_text(path) or "条目"
        keyword = error.validator
        value = error.instance
        schema = error.schema if isinstance(error.schema, dict) else {}
        where, where_en = _where(path)

        if keyword == "additionalProperties" and isinstance(value, dict):
            allowed = list(schema.get("properties", {}))
            out = []
            for extra in [k for k in value if k not in allowed]:
                hint, hint_en = did_you_mean(_meant(extra, value, schema))
                out.append(self._at(doc, (*path, extra), codes.E201, at_key=True, key=extra,
                                    where=where, where_en=where_en, allowed=", ".join(allowed),
                                    suggestion=hint, suggestion_en=hint_en))
            return out
        if keyword == "required" and isinstance(value, dict):
            conditional = "then" in error.relative_schema_path
            out = []
            for missing in [p for p in error.validator_value if p not in value]:
                if (path, missing) in reported_missing:
                    continue
                reported_missing.add((path, missing))
                params = dict(key=missing, where=where, where_en=where_en,
                              **self._describe(kind, (*path, missing)))
                if conditional:
                    condition = self._condition(kind, list(error.relative_schema_path))
                    out.append(self._at(doc, path, codes.E213, condition=condition[0],
                                        condition_en=condition[1], **params))
                else:
                    out.append(self._at(doc, path, codes.E202, **params))
            return out
        if keyword == "type":
            got = type_of(value)
            hint, hint_en = _type_hint(error.validator_value, value)
            return [self._at(doc, path, codes.E203, field=field, expected=_names(error.validator_value, 0),
                             expected_en=_names(error.validator_value, 1), got=TYPE_NAMES[got][0],
                             got_en=TYPE_NAMES[got][1], hint=hint, hint_en=hint_en)]
        if keyword in ("enum", "const"):
            allowed = error.validator_value if keyword == "enum" else [error.validator_value]
            return [self._at(doc, path, codes.E204, field=field, value=_short(value),
                             allowed=", ".join(map(str, allowed)))]
        if keyword == "pattern":
            # The schema words each pattern for people (a test sees that none lacks it); the
            # regex itself is the last resort.
            return [self._at(doc, path, codes.E205, field=field, value=_short(value),
                             hint=schema.get("x-hint") or f"需要符合正则 {error.validator_value}",
                             hint_en=schema.get("x-hint-en") or f"it must match {error.validator_value}")]
        if keyword == "format":
            if error.validator_value == "regex":
                try:
                    re.compile(value)
                    detail = error.message
                except re.error as exc:
                    detail = str(exc)
                return [self._at(doc, path, codes.E211, field=field, error=detail)]
            return [self._at(doc, path, codes.E208, field=field, value=_short(value))]
        if keyword in ("minLength", "minItems", "minProperties"):
            return [self._at(doc, path, codes.E206, field=field, limit=error.validator_value,
                             actual=len(value), **_units(keyword))]
        if keyword == "maxProperties" and error.validator_value == 1:
            keys = list(schema.get("properties", {}))
            return [self._at(doc, path, codes.E212, field=field, actual=len(value), allowed="、".join(keys),
                             allowed_en=", ".join(keys))]
        if keyword in ("maxLength", "maxItems", "maxProperties"):
            return [self._at(doc, path, codes.E207, field=field, limit=error.validator_value,
                             actual=len(value), **_units(keyword))]
        if keyword == "uniqueItems":
            return [self._at(doc, path, codes.E209, field=field)]
        if keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
            low, high = schema.get("minimum", "…"), schema.get("maximum", "…")
            return [self._at(doc, path, codes.E210, field=field, value=value, range=f"{low}–{high}")]
        if keyword in ("if", "then", "allOf"):
            return []  # the failing subschema's own errors are reported
        return [self._at(doc, path, codes.E299, field=field, detail=error.message)]

    def _condition(self, kind: str, schema_path: list) -> tuple[str, str]:
        """The ``if`` beside the ``then`` that requires a field, in words: its constants, and the
        fields whose mere presence is the condition."""
        node: Any = self.schemas.dereferenced(kind)
        then = len(schema_path) - 1 - schema_path[::-1].index("then")
        for part in schema_path[:then]:
            node = node[part]
        test = node.get("if", {})
        consts = {k: v["const"] for k, v in test.get("properties", {}).items() if "const" in v}
        present = [k for k in test.get("required", []) if k not in consts]
        zh = "、".join([*(f"{k} 为 {v}" for k, v in consts.items()), *(f"写了 {k}" for k in present)])
        en = " and ".join([*(f"{k} is {v}" for k, v in consts.items()), *(f"{k} is given" for k in present)])
        return zh or "特定情况", en or "in this case"


def _units(keyword: str) -> dict[str, str]:
    if keyword.endswith("Length"):
        return {"unit": "个字符", "unit_en": "characters"}
    if keyword.endswith("Items"):
        return {"unit": "项", "unit_en": "items"}
    return {"unit": "个字段", "unit_en": "fields"}
