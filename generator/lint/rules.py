"""Compliance rules, built from the legal entries that carry a ``rule``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.codes import Code

# Sentence ends: a rule's exceptions apply within the sentence where its pattern matched.
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")


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
        message = f"{self.message}（{self.basis}）"
        return Code(self.id, self.entry, self.severity, {"zh": self.title, "en": self.title},
                    {"zh": message, "en": message},
                    {"zh": f"可以改为：{self.better}", "en": f"say instead: {self.better}"},
                    {"zh": self.title, "en": self.title})

    def match(self, text: str) -> re.Match[str] | None:
        """The first match in a sentence that none of the exceptions clear."""
        for sentence in SENTENCE.finditer(text):
            part = sentence.group()
            for pattern in self.patterns:
                found = pattern.search(part)
                if found and not any(u.search(part) for u in self.unless):
                    return re.compile(re.escape(found.group())).search(text, sentence.start())
        return None


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
