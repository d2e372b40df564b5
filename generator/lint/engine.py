"""Run the compliance rules over every text a collector says or sends (``x-said``) and every
piece of advice the library gives them (``x-advice``: next steps, tips, lessons)."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from typing import Any

from generator import codes
from generator.diagnostics import Diagnostic, Position
from generator.lint.rules import Rule, RuleIndex, rules_from_library
from generator.load.library import Loaded
from generator.parallel import in_two_halves
from generator.schemaset import TAXONOMY, SchemaSet, pointer_text


@dataclass(frozen=True)
class Finding:
    rule: Rule
    entry: str
    kind: str
    path: str  # file
    field: str
    text: str
    excerpt: str


@dataclass(frozen=True)
class Suppressed:
    finding: Finding
    reason: str


@dataclass
class LintReport:
    rules: list[Rule]
    findings: list[Finding] = field(default_factory=list)
    suppressed: list[Suppressed] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)  # entry id → texts checked (entries with any)
    bad_examples: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # entry → (field, text)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def merge(self, part: LintReport, rules: dict[str, Rule]) -> None:
        """Add a report on other entries; its findings may hold copies of the rules (from a
        child process), which are swapped for this report's own."""
        self.findings += [replace(f, rule=rules[f.rule.id]) for f in part.findings]
        self.suppressed += [replace(s, finding=replace(s.finding, rule=rules[s.finding.rule.id]))
                            for s in part.suppressed]
        self.checked.update(part.checked)
        self.bad_examples.update(part.bad_examples)
        self.diagnostics += part.diagnostics


# Entries whose texts make the sample the rule index is tuned on: enough to rank words, cheap to read.
SAMPLE_ENTRIES = 200
# A quotation inside advice ("x-advice": 不写“最后通牒”“后果自负”这类措辞) discusses wording;
# what a collector says is linted in full where it is written (x-said).
_QUOTATION = re.compile(r'“[^“”]*”|「[^「」]*」|『[^『』]*』|‘[^‘’]*’|"[^"]*"')
_BLANK = "\u3000"


def without_quotations(text: str) -> str:
    """``text`` with what its quotation marks enclose blanked, at the same positions."""
    return _QUOTATION.sub(lambda m: m.group()[0] + _BLANK * (len(m.group()) - 2) + m.group()[-1], text)


def _locate(item: Loaded, path: tuple, text: str, match_text: str, offset: int) -> Position:
    """The match's own line and column when the source shows it, else the value's."""
    start = item.doc.value_position(path)
    source = item.doc.source
    if not source:
        return start
    lines = source.splitlines()
    if 0 < start.line <= len(lines):
        line = lines[start.line - 1]
        column = line.find(match_text, start.column - 1)
        if column >= 0:
            return Position(start.line, column + 1)
    # A folded or block scalar: look for the match on the following lines.
    for number in range(start.line, min(len(lines), start.line + 60)):
        column = lines[number].find(match_text)
        if column >= 0:
            return Position(number + 1, column + 1)
    return start


def word_lists(taxonomy: Loaded | None, schemas: SchemaSet) -> dict[str, Any]:
    """The taxonomy's word lists, which the rules' {name}s stand for; none when they break the schema
    (pass 1 says where)."""
    lists = _written_lists(taxonomy)
    return lists if schemas.accepts(TAXONOMY, ("word_lists",), lists) else {}


def _written_lists(taxonomy: Loaded | None) -> dict[str, Any]:
    data = taxonomy.doc.data if taxonomy is not None and isinstance(taxonomy.doc.data, dict) else {}
    lists = data.get("word_lists")
    return lists if isinstance(lists, dict) else {}


def lint_library(loaded: list[Loaded], schemas: SchemaSet, taxonomy: Loaded | None) -> LintReport:
    lists = word_lists(taxonomy, schemas)
    rules = rules_from_library([(i.source.kind, i.source.id, i.doc.data) for i in loaded], lists)
    report = LintReport(rules)
    by_entry = {r.entry: r for r in rules}
    first_with: dict[str, Loaded] = {}
    for item in loaded:
        rule = (item.doc.data.get("rule") or {}) if item.source.kind == "legal" else {}
        if not rule.get("id"):
            continue
        for field_name, index, problem, detail in by_entry[item.source.id].problems:
            if problem == "unknown" and detail in _written_lists(taxonomy):
                continue  # written but broken: pass 1 reports it in taxonomy.yaml
            report.diagnostics.append(_pattern_problem(item, ("rule", field_name, index), problem, detail, lists))
        if rule["id"] in first_with:
            pos = item.doc.value_position(("rule", "id"))
            report.diagnostics.append(Diagnostic(
                item.source.display, pos.line, pos.column, codes.E314,
                {"rule": rule["id"], "other": first_with[rule["id"]].source.display}, "rule.id"))
        else:
            first_with[rule["id"]] = item
    # The index files each pattern under the strings rarest in a sample of the texts to be linted.
    sample = [text for item in loaded[::max(1, len(loaded) // SAMPLE_ENTRIES)]
              for _, _, text in _texts(item, schemas) if text is not None]
    # Entries are linted independently: half of them in a forked child on a large library.
    by_id = {r.id: r for r in rules}
    lint = partial(_lint_entries, rules=rules, rule_index=RuleIndex(rules, sample), known_rules=set(by_id),
                   schemas=schemas)
    for part in in_two_halves(lint, loaded):
        report.merge(part, by_id)
    return report


def _texts(item: Loaded, schemas: SchemaSet) -> Iterator[tuple[tuple, str, str | None]]:
    """Each string of an entry the lint reads, as (path, value, text to lint): what a collector says or
    sends as it is, advice with its quotations blanked; a training bad example has no text to lint."""
    for path, schema, value in schemas.walk(item.source.kind, item.doc.data):
        if not isinstance(value, str):
            continue
        if schema.get("x-bad-example"):
            yield path, value, None
        elif schema.get("x-advice"):
            yield path, value, without_quotations(value)
        elif schema.get("x-said"):
            yield path, value, value


def _pattern_problem(item: Loaded, path: tuple, problem: str, detail: str, lists: dict[str, Any]) -> Diagnostic:
    """A pattern that cannot work: a word list that does not exist or contains itself, or a regex that
    does not compile once its word lists are written out."""
    pos = item.doc.value_position(path)
    if problem == "invalid":
        return Diagnostic(item.source.display, pos.line, pos.column, codes.E211,
                          {"error": f"{detail} (with its word lists written out)"}, pointer_text(path))
    if problem == "unknown":
        names = ", ".join(sorted(lists))
        params = {"problem": "不存在", "problem_en": "does not exist",
                  "fix": f"改成已有的词表（{names or '无'}），或在 taxonomy.yaml 的 word_lists 里加上 {detail}",
                  "fix_en": f"name an existing list ({names or 'none'}), or add {detail} to word_lists in "
                            "taxonomy.yaml"}
    else:
        params = {"problem": "引用了它自己", "problem_en": "contains itself",
                  "fix": f"在 taxonomy.yaml 里去掉 {detail} 对它自己的引用",
                  "fix_en": f"remove what makes {detail} name itself in taxonomy.yaml"}
    return Diagnostic(item.source.display, pos.line, pos.column, codes.E321, {"name": detail, **params},
                      pointer_text(path))


def _lint_entries(items: Sequence[Loaded], *, rules: list[Rule], rule_index: RuleIndex, known_rules: set[str],
                  schemas: SchemaSet) -> LintReport:
    """The findings, waivers and unused waivers of some entries."""
    part = LintReport([])
    for item in items:
        data = item.doc.data
        suppressions = data.get("suppress") or []
        used: set[int] = set()
        checked = 0
        for path, value, text in _texts(item, schemas):
            if text is None:
                part.bad_examples.setdefault(item.source.id, []).append((pointer_text(path), value))
                continue
            checked += 1
            for r, patterns in rule_index.candidates(text).items():
                rule = rules[r]
                found = rule.match(text, patterns)
                if not found:
                    continue
                excerpt = value[found.start:found.end]  # the text as written (quotations blanked)
                pointer = pointer_text(path)  # here, not for each line: most lines have no finding
                finding = Finding(rule, item.source.id, item.source.kind, item.source.display, pointer,
                                  value, excerpt)
                waiver = next((i for i, s in enumerate(suppressions)
                               if s.get("rule") == rule.id and s.get("field") == pointer), None)
                if waiver is not None:
                    used.add(waiver)
                    part.suppressed.append(Suppressed(finding, suppressions[waiver]["reason"]))
                    continue
                part.findings.append(finding)
                pos = _locate(item, path, value, excerpt, found.start)
                part.diagnostics.append(Diagnostic(
                    item.source.display, pos.line, pos.column, rule.code, {}, pointer, rule_id=rule.id,
                    severity_override=rule.severity))
        if checked:
            part.checked[item.source.id] = checked
        for index, waiver in enumerate(suppressions):
            if index in used:
                continue
            path = ("suppress", index)
            pos = item.doc.value_position(path)
            if waiver.get("rule") not in known_rules:
                problem, problem_en = f"规则 {waiver.get('rule')} 不存在", f"no rule {waiver.get('rule')}"
                hint, hint_en = "已有规则：" + ", ".join(sorted(known_rules)), "existing rules: " + ", ".join(
                    sorted(known_rules))
            else:
                rule, where = waiver.get("rule"), waiver.get("field")
                problem = f"字段 {where} 上没有 {rule} 的违规，豁免多余"
                problem_en = f"{where} has no {rule} finding; the waiver is unused"
                hint, hint_en = "删除这条豁免，或改正字段路径（例如 turns[3].collector）", \
                    "delete it or correct the field path (e.g. turns[3].collector)"
            part.diagnostics.append(Diagnostic(
                item.source.display, pos.line, pos.column, codes.E312,
                {"problem": problem, "problem_en": problem_en, "hint": hint, "hint_en": hint_en},
                pointer_text(path)))
    return part
