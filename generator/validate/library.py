"""Pass 2: the library as a whole.

Duplicate IDs, dangling and mistyped references, values not declared in the taxonomy,
stage day ranges, undeclared or malformed placeholders, unfilled TODOs, review dates and editor
modelines. Which fields hold references or taxonomy values is read from the schema annotations,
never listed here.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from functools import cache, partial
from typing import Any

from generator import codes
from generator.diagnostics import Diagnostic
from generator.load.library import Loaded, SourceFile
from generator.parallel import in_two_halves
from generator.placeholders import FORMATS, BadValue, contradictions, declared, spaced
from generator.schemaset import TAXONOMY, SchemaSet, pointer_text
from generator.validate.entries import suggestion
from generator.validate.modeline import file_exists, modeline_finding

PLACEHOLDER = re.compile(r"\{([^{}\s]{1,20})\}")
# Anything brace-like that could be meant as a placeholder: a pair of ASCII or full-width
# braces, one or two deep, around up to 20 characters (a well-formed one among them), or a
# brace left on its own.
_BRACED = re.compile(r"[{｛]{1,2}[^{}｛｝\n]{0,22}[}｝]{1,2}|[{}｛｝]")
TODO = re.compile(r"\bTODO\b")


def taxonomy_values(taxonomy: Any) -> dict[str, list[str]]:
    """Every list in the taxonomy whose items carry an id, by list name."""
    values: dict[str, list[str]] = {}
    if not isinstance(taxonomy, dict):
        return values
    for name, items in taxonomy.items():
        if isinstance(items, list) and items and all(isinstance(i, dict) and "id" in i for i in items):
            values[name] = [str(i["id"]) for i in items]
    return values


def declared_placeholders(taxonomy: Any) -> list[str]:
    return list(declared(taxonomy))


def review_interval(taxonomy: Any, schemas: SchemaSet) -> int | None:
    """The days between reviews; None when the taxonomy does not give a value its schema allows
    (pass 1 says so): no entry is judged overdue by an interval of -5 days."""
    interval = taxonomy.get("review_interval_days") if isinstance(taxonomy, dict) else None
    return interval if schemas.accepts(TAXONOMY, ("review_interval_days",), interval) else None


class LibraryChecker:
    def __init__(self, schemas: SchemaSet, today: dt.date) -> None:
        self.schemas = schemas
        self.today = today

    def check(self, sources: list[SourceFile], loaded: list[Loaded], taxonomy: Loaded | None) -> list[Diagnostic]:
        """``sources`` are all entry files found, parsed or not: a file with a syntax error still
        exists, so references to it are not reported a second time as dangling."""
        out: list[Diagnostic] = []
        index: dict[str, list[SourceFile]] = {}
        for source in sources:
            if source.kind == TAXONOMY:
                continue
            index.setdefault(source.id, []).append(source)
        for item in loaded:
            same = index[item.source.id]
            if len(same) > 1 and same[0] is not item.source:
                out.append(self._at(item, (), codes.E301, id=item.source.id, other=same[0].display))
        tax_data = taxonomy.doc.data if taxonomy else None
        values = taxonomy_values(tax_data)
        placeholders = declared_placeholders(tax_data)
        if taxonomy is not None:
            out.extend(self._check_taxonomy(taxonomy))
        # Each entry is checked on its own: half of them in a forked child on a large library.
        each = partial(self._check_entries, index=index, values=values, placeholders=placeholders,
                       have_taxonomy=taxonomy is not None, interval=review_interval(tax_data, self.schemas))
        for part in in_two_halves(each, [*loaded, *([taxonomy] if taxonomy else [])]):
            out.extend(part)
        return out

    def _check_entries(self, items: Sequence[Loaded], *, index: dict[str, list[SourceFile]],
                       values: dict[str, list[str]], placeholders: list[str], have_taxonomy: bool,
                       interval: int | None) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        is_file = cache(file_exists)  # most files of a folder name the same schema
        for item in items:
            if item.source.kind != TAXONOMY:
                out.extend(self._check_entry(item, index, values, placeholders, have_taxonomy))
                if interval is not None:
                    out.extend(self._check_review(item, interval))
            finding = modeline_finding(item, self.schemas.kinds[item.source.kind], self.schemas, is_file)
            if finding:
                out.append(finding)
        return out

    # -- helpers ---------------------------------------------------------------------------------

    @staticmethod
    def _at(item: Loaded, path: tuple, code: codes.Code, severity: str = "", **params: Any) -> Diagnostic:
        """A finding at a value; ``severity`` overrides the code's own where the check is less sure."""
        pos = item.doc.value_position(path)
        return Diagnostic(item.source.display, pos.line, pos.column, code, params, pointer_text(path),
                          severity_override=severity)

    # -- taxonomy ---------------------------------------------------------------------------------

    def _check_taxonomy(self, taxonomy: Loaded) -> list[Diagnostic]:
        data = taxonomy.doc.data
        out: list[Diagnostic] = []
        if not isinstance(data, dict):
            return out
        for name, items in data.items():
            if not isinstance(items, list):
                continue
            seen: dict[str, tuple] = {}
            for i, item in enumerate(items):
                key = next((k for k in ("id", "name", "term") if k in item), "") if isinstance(item, dict) else ""
                ident = item[key] if key else None
                if not isinstance(ident, str):
                    continue
                if ident in seen:  # said at the second one, the one to merge or rename
                    first = taxonomy.doc.value_position(seen[ident]).line
                    out.append(self._at(taxonomy, (name, i, key), codes.E319, list=name, key=key, id=ident,
                                        first_line=first))
                else:
                    seen[ident] = (name, i, key)
        out.extend(self._check_capitals(taxonomy, data.get("placeholders")))
        out.extend(self._check_examples(taxonomy, data.get("placeholders")))
        out.extend(self._check_relations(taxonomy, data))
        out.extend(self._check_stage_ranges(taxonomy, data.get("stages")))
        return out

    def _check_examples(self, taxonomy: Loaded, items: Any) -> list[Diagnostic]:
        """Each example read as huikuan letter reads a value of its format: the schema's patterns
        help editors, but only the reader knows there is no 2月30日 (E318). The examples read are
        then checked against each other where the taxonomy relates them, as huikuan letter checks
        the values given together: 逾期天数 the days from the 到期日 to the 发函日期 shown (E320)."""
        out = []
        examples: dict[str, str] = {}  # as the letter writes them, by placeholder
        where: dict[str, int] = {}
        for i, item in enumerate(items if isinstance(items, list) else []):
            if not isinstance(item, dict) or not isinstance(item.get("example"), str):
                continue
            form = item.get("format", "text")
            read = FORMATS.get(form) if isinstance(form, str) else None  # a malformed one is pass 1's
            try:
                if read is not None:
                    example = read(item["example"])
                    if isinstance(item.get("name"), str):
                        examples[item["name"]], where[item["name"]] = example, i
            except BadValue as bad:
                out.append(self._at(taxonomy, ("placeholders", i, "example"), codes.E318, name=item.get("name"),
                                    example=item["example"], problem=bad.problem[0], problem_en=bad.problem[1],
                                    expected=bad.expected[0], expected_en=bad.expected[1]))
        for name, bad in contradictions(declared({"placeholders": items}), examples).items():
            i = where[name]
            out.append(self._at(taxonomy, ("placeholders", i, "example"), codes.E320, name=name,
                                example=items[i]["example"], problem=bad.problem[0], problem_en=bad.problem[1],
                                expected=spaced(bad.expected[0]), expected_en=bad.expected[1]))
        return out

    def _check_capitals(self, taxonomy: Loaded, items: Any) -> list[Diagnostic]:
        """A capitals name declares a placeholder too: one already taken, by a declared placeholder
        or other capitals, would lose to it unnoticed (placeholders.declared keeps the first)."""
        if not isinstance(items, list):
            return []
        items = [item if isinstance(item, dict) else {} for item in items]
        owners: dict[str, str] = {}
        for i, item in enumerate(items):
            if isinstance(item.get("name"), str):
                owners.setdefault(item["name"], f"placeholders[{i}]")
        out = []
        for i, item in enumerate(items):
            capitals = item.get("capitals")
            if not isinstance(capitals, str):
                continue
            if capitals in owners:
                amount = str(item.get("name", ""))
                suggestion, n = f"{amount}大写", 1
                while suggestion in owners:
                    n += 1
                    suggestion = f"{amount}大写{n}"
                out.append(self._at(taxonomy, ("placeholders", i, "capitals"), codes.E316, name=capitals,
                                    other=owners[capitals], amount=amount, suggestion=suggestion))
            else:
                owners[capitals] = f"placeholders[{i}].capitals"
        return out

    def _check_relations(self, taxonomy: Loaded, data: dict[str, Any]) -> list[Diagnostic]:
        """Each placeholder a relation (after, before, days_between: the fields marked
        x-date-placeholder in the schema) names is a declared date."""
        items = data.get("placeholders")
        if not isinstance(items, list):
            return []
        fields = self.schemas.root_schema(TAXONOMY)["properties"]["placeholders"]["items"]["properties"]
        related = [name for name, spec in fields.items()
                   if spec.get("x-date-placeholder") or spec.get("items", {}).get("x-date-placeholder")]
        dates = [name for name, p in declared(data).items() if p.format == "date"]
        out = []
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            for field in related:
                names = item.get(field)
                for j, name in (enumerate(names) if isinstance(names, list) else [(None, names)]):
                    if not isinstance(name, str):
                        continue
                    if name not in dates:
                        problem = ("不是声明为日期（format: date）的占位符", "is not a placeholder with format: date")
                    elif name == item.get("name"):
                        problem = ("就是这个占位符自己：值不能和自己比较", "is this placeholder itself: a value cannot "
                                   "be compared with itself")
                    elif j and name in names[:j]:
                        problem = ("写了两次：要写两个不同的日期", "is named twice: give two different dates")
                    else:
                        continue
                    others = [d for d in dates if d != item.get("name")]
                    path = ("placeholders", i, field) + (() if j is None else (j,))
                    out.append(self._at(taxonomy, path, codes.E317, field=field, name=name, problem=problem[0],
                                        problem_en=problem[1], dates="、".join(others),
                                        dates_en=", ".join(f"'{d}'" for d in others)))
        return out

    def _check_stage_ranges(self, taxonomy: Loaded, stages: Any) -> list[Diagnostic]:
        if not isinstance(stages, list) or not all(isinstance(s, dict) for s in stages):
            return []
        out = []
        last = len(stages) - 1
        for i, stage in enumerate(stages):
            start, end = stage.get("days_from"), stage.get("days_to")
            ident = stage.get("id", f"#{i + 1}")
            if start is None and i != 0:
                out.append(self._at(taxonomy, ("stages", i, "days_from"), codes.E309, stage=ident,
                                    field="days_from", position="第一个", position_en="first", bound="下限"))
            if end is None and i != last:
                out.append(self._at(taxonomy, ("stages", i, "days_to"), codes.E309, stage=ident,
                                    field="days_to", position="最后一个", position_en="last", bound="上限"))
            if isinstance(start, int) and isinstance(end, int) and start > end:
                out.append(self._at(taxonomy, ("stages", i, "days_from"), codes.E308, stage=ident,
                                    start=start, end=end))
            if i == 0:
                continue
            previous = stages[i - 1]
            prev_end, prev_start = previous.get("days_to"), previous.get("days_from")
            prev_valid = not (isinstance(prev_start, int) and isinstance(prev_end, int) and prev_start > prev_end)
            if prev_valid and isinstance(prev_end, int) and isinstance(start, int):
                expected = prev_end + 1
                params = dict(stage=ident, other=previous.get("id"), expected=expected)
                if start < expected:
                    out.append(self._at(taxonomy, ("stages", i, "days_from"), codes.E305, **params))
                elif start > expected:
                    gap = f"{expected}" if start == expected + 1 else f"{expected}–{start - 1}"
                    out.append(self._at(taxonomy, ("stages", i, "days_from"), codes.E306, gap=gap, **params))
        return out

    # -- entries ----------------------------------------------------------------------------------

    def _check_entry(self, item: Loaded, index: dict[str, list[SourceFile]], values: dict[str, list[str]],
                     placeholders: list[str], have_taxonomy: bool) -> list[Diagnostic]:
        out: list[Diagnostic] = []
        kind = item.source.kind
        for path, schema, value in self.schemas.walk(kind, item.doc.data):
            if not isinstance(value, str):
                continue
            if "TODO" in value and TODO.fullmatch(value.strip()):  # still the template's TODO: nothing more to say
                out.append(self._at(item, path, codes.E310, field=pointer_text(path)))
                continue
            ref_kind = schema.get("x-ref")
            if ref_kind:
                out.extend(self._check_reference(item, path, value, ref_kind, index))
            list_name = schema.get("x-taxonomy")
            if list_name and have_taxonomy and value not in values.get(list_name, []):
                allowed = values.get(list_name, [])
                hint, hint_en = suggestion(value, allowed)
                out.append(self._at(item, path, codes.E304, field=pointer_text(path), value=value,
                                    list=list_name, allowed=", ".join(allowed) or "（无）",
                                    allowed_en=", ".join(allowed) or "none",
                                    suggestion=hint, suggestion_en=hint_en))
            if schema.get("x-placeholder") and have_taxonomy and value not in placeholders:
                out.append(self._placeholder(item, path, value, placeholders))
            # {2,} in a pattern is a quantifier, not a placeholder; a TODO there is still unfilled.
            if have_taxonomy and ("{" in value or "}" in value or "｛" in value or "｝" in value) \
                    and schema.get("format") != "regex":  # spelled out: this runs for every string
                for found in _BRACED.finditer(value):
                    name = PLACEHOLDER.fullmatch(found.group())
                    if name is None:
                        out.append(self._malformed(item, path, value, found, placeholders))
                    elif name.group(1) not in placeholders:
                        out.append(self._placeholder(item, path, name.group(1), placeholders))
            if "TODO" in value and TODO.search(value):
                out.append(self._at(item, path, codes.E310, field=pointer_text(path)))
        return out

    def _malformed(self, item: Loaded, path: tuple, value: str, found: re.Match[str],
                   placeholders: list[str]) -> Diagnostic:
        """E315 for brace-like text that is not a placeholder: an error when it names a declared
        placeholder (the fix is known), a warning otherwise (it may be meant as text: a style
        rule, a template shown in a lesson)."""
        text, (start, end) = found.group(), found.span()
        if len(text) == 1:  # unpaired: shown with what follows an opening brace, precedes a closing one
            shown = value[start:start + 8] if text in "{｛" else value[max(0, end - 8):end]
            rest = value[start + 1:] if text in "{｛" else value[:start]
            name = next((p for p in placeholders if rest.startswith(p) or rest.endswith(p)), "")
            problem, problem_en = "花括号没有配对", "the brace has no partner"
        else:
            shown, name = text, re.sub(r"[{}｛｝\s]", "", text)
            if "｛" in text or "｝" in text:
                problem, problem_en = "用了全角花括号", "full-width braces"
            elif text.startswith("{{") or text.endswith("}}"):
                problem, problem_en = "花括号只要一层", "braces are single"
            elif not name:
                problem, problem_en = "花括号里没有名称", "no name between the braces"
            else:
                problem, problem_en = "名称里不能有空格", "no spaces in the name"
        if name in placeholders:
            fix, fix_en, severity = f"写成 {{{name}}}", f"write {{{name}}}", ""
        else:
            fix = ("占位符写成 {名称}，名称用 taxonomy.yaml 里声明的：" + "、".join(placeholders)
                   + "；不是占位符就不要用花括号")
            fix_en = "write {name} with a name declared in taxonomy.yaml placeholders; if it is not one, avoid braces"
            severity = "warning"
        return self._at(item, path, codes.E315, severity, text=shown.strip(), problem=problem,
                        problem_en=problem_en, fix=fix, fix_en=fix_en)

    def _placeholder(self, item: Loaded, path: tuple, name: str, placeholders: list[str]) -> Diagnostic:
        hint, hint_en = suggestion(name, placeholders)
        if not hint:
            hint = f"在 taxonomy.yaml 的 placeholders 里声明 {name}，或改用已声明的：{'、'.join(placeholders)}"
            hint_en = f"declare '{name}' in taxonomy.yaml placeholders, or use a declared one"
        return self._at(item, path, codes.E307, name=name, suggestion=hint, suggestion_en=hint_en)

    def _check_reference(self, item: Loaded, path: tuple, target: str, ref_kind: str,
                         index: dict[str, list[SourceFile]]) -> list[Diagnostic]:
        field = pointer_text(path)
        wanted = self.schemas.kinds[ref_kind]
        if target == item.source.id and ref_kind == item.source.kind:
            return [self._at(item, path, codes.E311, field=field)]
        found = index.get(target)
        if not found:
            same_kind = [i for i, e in index.items() if any(s.kind == ref_kind for s in e)]
            hint, hint_en = suggestion(target, same_kind)
            if not hint:
                hint = f"用 `huikuan new {ref_kind} {target}` 新建它，或改成已有的{wanted.name} ID"
                hint_en = f"create it with `huikuan new {ref_kind} {target}`, or use an existing ID"
            return [self._at(item, path, codes.E302, field=field, kind_name=wanted.name,
                             kind_en=wanted.name_en.lower(), id=target, suggestion=hint, suggestion_en=hint_en)]
        if all(s.kind != ref_kind for s in found):
            actual = self.schemas.kinds[found[0].kind]
            fix, fix_en = self._where_to_link(item, actual.id, target)
            return [self._at(item, path, codes.E303, field=field, kind_name=wanted.name,
                             kind_en=wanted.name_en.lower(), id=target, actual_name=actual.name,
                             actual_en=actual.name_en.lower(), fix=fix, fix_en=fix_en)]
        return []

    def _where_to_link(self, item: Loaded, target_kind: str, target: str) -> tuple[str, str]:
        """Where a link to an entry of another kind belongs: this entry's field for that kind, or,
        when it has none (a checklist has no scripts field), the other entry's field for this kind."""
        own = self._field_for(item.source.kind, target_kind)
        if own:
            return f"把它移到 {own} 字段", f"move it to the {own} field"
        back = self._field_for(target_kind, item.source.kind)
        names = self.schemas.kinds[item.source.kind], self.schemas.kinds[target_kind]
        if back:
            return (f"{names[0].name}不能引用{names[1].name}：删掉它，改在 '{target}' 的 {back} 字段里写上 "
                    f"'{item.source.id}'", f"a {names[0].name_en.lower()} cannot link a {names[1].name_en.lower()}: "
                    f"remove it, and add '{item.source.id}' to the {back} field of '{target}'")
        return (f"{names[0].name}和{names[1].name}之间没有引用字段：删掉它",
                f"no field links a {names[0].name_en.lower()} to a {names[1].name_en.lower()}: remove it")

    def _field_for(self, kind: str, ref_kind: str) -> str | None:
        """The field of ``kind`` that references entries of ``ref_kind`` (None if there is none)."""
        schema = self.schemas.field_schema(kind, ()) or {}
        for name in schema.get("properties", {}):
            field = self.schemas.field_schema(kind, (name, 0)) or self.schemas.field_schema(kind, (name,)) or {}
            if field.get("x-ref") == ref_kind:
                return name
        return None

    def _check_review(self, item: Loaded, interval: int) -> list[Diagnostic]:
        data = item.doc.data
        reviewed = data.get("reviewed") if isinstance(data, dict) else None
        try:
            day = dt.date.fromisoformat(reviewed) if isinstance(reviewed, str) else None
        except ValueError:
            return []  # pass 1 reported it
        if day is None:
            return []
        if day > self.today:
            return [self._at(item, ("reviewed",), codes.W302, reviewed=reviewed)]
        if (self.today - day).days > interval:
            return [self._at(item, ("reviewed",), codes.W301, reviewed=reviewed, days=interval,
                             owner=data.get("owner", "?"))]
        return []
