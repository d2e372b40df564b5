"""Compliance rules, built from the legal entries that carry a ``rule``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.codes import Code
from generator.lint.firstchars import first_chars, literal_prefixes
from generator.messages import Words

# Sentence ends: a rule's exceptions apply within the sentence where its pattern matched. A question
# stays with what follows it (你们客户是哪家？我去找他们要钱): the threat is in the pair.
SENTENCE = re.compile(r"[^。！!；;\n]+[。！!；;]?")


@dataclass(frozen=True)
class Rule:
    id: str  # CN-CRIM-293
    entry: str  # the legal entry that defines it
    severity: str
    message: str
    basis: str  # 刑法 第293条之一；…
    binding: bool  # binding law, or good practice only
    patterns: tuple[re.Pattern[str], ...]
    unless: tuple[re.Pattern[str], ...]
    better: str
    bad: str
    title: str

    @property
    def code(self) -> Code:
        # Library text, not a template: braces in it must print as they are.
        def literal(text: str) -> str:
            return text.replace("{", "{{").replace("}", "}}")

        message = literal(f"{self.message}（{self.basis}）")
        return Code(self.id, self.entry, self.severity, {"zh": literal(self.title), "en": literal(self.title)},
                    {"zh": message, "en": message},
                    {"zh": f"可以改为：{literal(self.better)}", "en": f"say instead: {literal(self.better)}"},
                    {"zh": literal(self.title), "en": literal(self.title)})

    def explained(self, lang: str) -> str:
        """The rule as text (`huikuan codes CN-CRIM-293`): what it reports, on what authority,
        from which legal entry, and the entry's own example of what not to say and what to say."""
        severity = Words("错误", "error") if self.severity == "error" else Words("警告", "warning")
        force = Words("法律约束", "binding law") if self.binding else Words("良好实践", "good practice")
        colon = Words("：", ": ").say(lang)
        rows = [(Words("报告", "Reports"), self.message), (Words("依据", "Basis"), self.basis),
                (Words("法律红线条目", "Legal entry"), self.entry),
                (Words("不要这样说", "Do not say"), self.bad), (Words("可以这样说", "Say instead"), self.better)]
        return "\n".join([f"{self.id}  {self.title}  ({severity.say(lang)} · {force.say(lang)})", "",
                          *(label.say(lang) + colon + text for label, text in rows if text), "",
                          Words("规则写在条目的 rule 里：改规则就是改那个条目。",
                                "The rule is the entry's `rule`: change the entry to change the rule.").say(lang)])

    def candidates(self, grams: set[str]) -> list[re.Pattern[str]]:
        """The patterns that could match a text with these characters and character pairs."""
        return [p for p, start in zip(self.patterns, self.starts, strict=True)
                if start is None or not start.isdisjoint(grams)]

    @cached_property
    def starts(self) -> tuple[frozenset[str] | None, ...]:
        """For each pattern, what every match begins with (None: could be anything)."""
        return tuple(literal_prefixes(p.pattern, p.flags & ~re.UNICODE) or first_chars(p.pattern, p.flags & ~re.UNICODE)
                     for p in self.patterns)

    def match(self, text: str, candidates: list[re.Pattern[str]] | None = None) -> re.Match[str] | None:
        """The first match in a sentence that none of the exceptions clear.

        ``candidates`` narrows the patterns to try (see RuleIndex); by default all that could apply."""
        if candidates is None:
            candidates = self.candidates(text_grams(text))
        patterns = [p for p in candidates if p.search(text)]
        if not patterns:  # the common case: one search per plausible pattern, no sentence split
            return None
        for sentence in SENTENCE.finditer(text):
            part = sentence.group()
            for pattern in patterns:
                found = pattern.search(part)
                if found and not any(u.search(part) for u in self.unless):
                    return re.compile(re.escape(found.group())).search(text, sentence.start())
        return None


class RuleIndex:
    """Which patterns of which rules could match a text, found from the text's own characters.

    Every pattern is filed under the one- or two-character strings its matches must begin
    with; a text looks up its characters and character pairs, so the cost per text follows
    its length, not the number of patterns."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules = rules
        self.by_start: dict[str, list[tuple[int, int]]] = {}
        self.always: list[tuple[int, int]] = []
        for r, rule in enumerate(rules):
            for p, start in enumerate(rule.starts):
                if start is None:
                    self.always.append((r, p))
                else:
                    for gram in start:
                        self.by_start.setdefault(gram, []).append((r, p))

    def candidates(self, text: str) -> dict[int, list[re.Pattern[str]]]:
        found = set(self.always)
        lookup = self.by_start.get
        for gram in text_grams(text):
            hits = lookup(gram)
            if hits:
                found.update(hits)
        by_rule: dict[int, list[re.Pattern[str]]] = {}
        for r, p in sorted(found):
            by_rule.setdefault(r, []).append(self.rules[r].patterns[p])
        return by_rule


def text_grams(text: str) -> set[str]:
    """Every character and every pair of adjacent characters of a text."""
    return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}


def basis_text(basis: list[dict[str, Any]]) -> str:
    return "；".join(f"{b['source']}{' ' + b['article'] if b.get('article') else ''}" for b in basis)


def rule_from_entry(entry_id: str, data: dict[str, Any]) -> Rule | None:
    spec = data.get("rule")
    if not spec:
        return None
    basis = data.get("basis", [])
    return Rule(
        id=spec["id"], entry=entry_id, severity=spec["severity"], message=spec["message"],
        basis=basis_text(basis), binding=any(b.get("force") == "binding" for b in basis),
        patterns=tuple(re.compile(p) for p in spec["patterns"]),
        unless=tuple(re.compile(p) for p in spec.get("unless", [])),
        better=data.get("better_example", ""), bad=data.get("bad_example", ""), title=data.get("title", ""))


def rules_from_library(entries: list[tuple[str, str, dict[str, Any]]]) -> list[Rule]:
    """``entries`` are (kind, id, data) triples; rules come from the legal ones."""
    rules = [rule_from_entry(i, d) for k, i, d in entries if k == "legal"]
    return sorted((r for r in rules if r), key=lambda r: r.id)
