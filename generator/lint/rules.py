"""Compliance rules, built from the legal entries that carry a ``rule``."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.codes import SEVERITY, Code
from generator.lint.firstchars import first_chars, needed_strings, static_cost
from generator.messages import Words

# {name} in a pattern or an exception: any one item of that word list (taxonomy.yaml, word_lists).
WORD_LIST = re.compile(r"\{([a-z][a-z0-9-]*)\}")
_NEVER = "(?!)"
# Sentence ends. A pattern anchored at the start (^…) is a condition on the whole sentence, a question
# and what follows it together (你们客户是哪家？我去找他们要钱: the threat is in the pair).
SENTENCE = re.compile(r"[^。！!；;\n]+[。！!；;]?")
# A question also ends a clause. Every other pattern matches within one clause, so a window
# ([^。]{0,12}) does not join a question to its answer. Exceptions apply within the clause where a match
# ends: a lawful question neither excuses the threat said after it, nor a lawful answer the threat
# asked before it (信不信我找人收拾你？我们会依法处理的).
CLAUSE = re.compile(r"[^。！!；;\n？?]+[。！!；;？?]?")
# A question that only repeats the other side's worry (您是担心我们去找您家里人？: short, polite, no
# pause in it) or that the answer denies (……？不会的，……) says nothing itself; the answer is checked.
ECHO = re.compile(r"\s*(?:您|贵司)(?:是不是|是)?(?:担心|害怕|怕(?!不怕)|顾虑|说|是说)[^，,、；;]*[？?]")
DENIAL = re.compile(r"\s*(?:(?:当然|绝对|肯定)?(?:不会|不可能)|怎么会|哪能|没有的事)(?:的|呢)?[，,。！!…]"
                    r"|\s*放心(?:吧|好了)?[，,。！!]")
_BLANK = "\u3000"


@dataclass(frozen=True)
class Span:
    """Where a rule matched in a text."""
    start: int
    end: int


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
    # What kept a pattern from working, as (field, index, problem, detail): ("patterns", 2, "unknown",
    # "kin") for a word list that does not exist, "circular" for one that names itself, ("unless", 0,
    # "invalid", error) for a regex that does not compile once its word lists are written out. Such a
    # pattern matches nothing; the lint reports it.
    problems: tuple[tuple[str, int, str, str], ...] = ()

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
        severity = SEVERITY[self.severity]
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
        return [p for p, need in zip(self.patterns, self.needs, strict=True)
                if need is None or not need.isdisjoint(grams)]

    @cached_property
    def needs(self) -> tuple[frozenset[str] | None, ...]:
        """For each pattern, strings one of which every match contains (None: no such strings)."""
        return tuple(pattern_needs(p) for p in self.patterns)

    def match(self, text: str, candidates: list[re.Pattern[str]] | None = None) -> Span | None:
        """The first match that none of the exceptions clear (see SENTENCE and CLAUSE).

        ``candidates`` narrows the patterns to try (see RuleIndex); by default all that could apply."""
        if candidates is None:
            candidates = self.candidates(text_grams(text))
        # The common case: one search per plausible pattern, no sentence split. A pattern anchored at ^ is
        # tried on each sentence below: on the whole text it would see only the first.
        patterns = [p for p in candidates if p.pattern.startswith("^") or p.search(text)]
        if not patterns:
            return None
        clauses = [c.span() for c in CLAUSE.finditer(text)]
        for sentence in SENTENCE.finditer(text):
            start, end = sentence.span()
            inside = [c for c in clauses if start <= c[0] < end]
            for pattern in patterns:
                if pattern.pattern.startswith("^"):
                    spans = ((start + a, start + b) for a, b in _whole_sentence_spans(pattern, sentence.group()))
                else:
                    spans = (found.span() for found in (pattern.search(text, *c) for c in inside) if found)
                for span in spans:
                    clause = next((c for c in inside if c[0] < span[1] <= c[1]), (start, end))
                    if not self._excused(text, clause):
                        return Span(*span)
        return None

    def _excused(self, text: str, clause: tuple[int, int]) -> bool:
        low, high = clause
        if text[high - 1] in "？?" and (ECHO.fullmatch(text, low, high) or DENIAL.match(text, high)):
            return True
        return any(u.search(text, low, high) for u in self.unless)


def _whole_sentence_spans(pattern: re.Pattern[str], sentence: str) -> Iterator[tuple[int, int]]:
    """The matches of a pattern anchored at the sentence start, one after another: each retry sets the
    last character of the previous match aside, so that ``^(?=…).*?word`` finds the word's next
    occurrence when the clause of the first one is excused."""
    while (found := pattern.search(sentence)) and found.end() > found.start():
        yield found.span()
        sentence = sentence[:found.end() - 1] + _BLANK + sentence[found.end():]


def pattern_needs(pattern: re.Pattern[str], cost: Callable[[frozenset[str]], float] = static_cost
                  ) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains, the least likely by ``cost``; else the
    characters a match can start with; None when a match could be anything."""
    flags = pattern.flags & ~re.UNICODE
    return needed_strings(pattern.pattern, flags, cost=cost) or first_chars(pattern.pattern, flags)


class RuleIndex:
    """Which patterns of which rules could match a text, found from the text's own characters.

    Every pattern is filed under strings of one or two characters one of which each of its matches
    contains: of those its structure offers, the ones rarest in ``sample``, texts like those to be
    linted. A text looks up its characters and character pairs, so the cost per text follows its
    length, not the number of patterns."""

    def __init__(self, rules: list[Rule], sample: Iterable[str] = ()) -> None:
        self.rules = rules
        seen: Counter[str] = Counter()
        for text in sample:
            seen.update(text_grams(text))

        def cost(strings: frozenset[str]) -> float:
            return sum(seen[s] for s in strings) + static_cost(strings) / 100

        self.patterns: list[tuple[int, re.Pattern[str]]] = []  # bit i of a mask is pattern i
        self.masks: dict[str, int] = {}
        self.always = 0
        for r, rule in enumerate(rules):
            for pattern in rule.patterns:
                bit = 1 << len(self.patterns)
                self.patterns.append((r, pattern))
                need = pattern_needs(pattern, cost if seen else static_cost)
                if need is None:
                    self.always |= bit
                for gram in need or ():
                    self.masks[gram] = self.masks.get(gram, 0) | bit
        self.keys = frozenset(self.masks)

    def candidates(self, text: str) -> dict[int, list[re.Pattern[str]]]:
        found, masks = self.always, self.masks
        for gram in self.keys.intersection(text_grams(text)):
            found |= masks[gram]
        by_rule: dict[int, list[re.Pattern[str]]] = {}
        while found:
            lowest = found & -found
            r, pattern = self.patterns[lowest.bit_length() - 1]
            by_rule.setdefault(r, []).append(pattern)
            found ^= lowest
        return by_rule


def text_grams(text: str) -> set[str]:
    """Every character and every pair of adjacent characters of a text."""
    return set(text) | {text[i:i + 2] for i in range(len(text) - 1)}


def basis_text(basis: list[dict[str, Any]]) -> str:
    return "；".join(f"{b['source']}{' ' + b['article'] if b.get('article') else ''}" for b in basis)


def spell_out(pattern: str, word_lists: Mapping[str, Any]) -> tuple[str, list[tuple[str, str]]]:
    """``pattern`` with each {name} written out as a group of the list's items (their own {name}s
    written out too), and what could not be: ("unknown", name) for a name no list answers to,
    ("circular", name) for a list that contains itself. Those become a group that matches nothing."""
    failed: list[tuple[str, str]] = []

    def spell(found: re.Match[str], within: tuple[str, ...]) -> str:
        name = found.group(1)
        items = word_lists.get(name)
        if not isinstance(items, list) or name in within:
            failed.append(("circular" if name in within else "unknown", name))
            return _NEVER
        return "(?:" + "|".join(WORD_LIST.sub(lambda f: spell(f, (*within, name)), str(i)) for i in items) + ")"

    return WORD_LIST.sub(lambda found: spell(found, ()), pattern), failed


def rule_from_entry(entry_id: str, data: dict[str, Any], word_lists: Mapping[str, Any] | None = None) -> Rule | None:
    spec = data.get("rule")
    if not spec:
        return None
    problems: list[tuple[str, int, str, str]] = []

    def compiled(field: str) -> tuple[re.Pattern[str], ...]:
        out = []
        for index, pattern in enumerate(spec.get(field) or []):
            text, failed = spell_out(pattern, word_lists or {})
            problems.extend((field, index, problem, name) for problem, name in failed)
            try:
                out.append(re.compile(text))
            except re.error as error:  # e.g. a look-behind around a list of words of several lengths
                problems.append((field, index, "invalid", str(error)))
                out.append(re.compile(_NEVER))
        return tuple(out)

    basis = data.get("basis", [])
    return Rule(
        id=spec["id"], entry=entry_id, severity=spec["severity"], message=spec["message"],
        basis=basis_text(basis), binding=any(b.get("force") == "binding" for b in basis),
        patterns=compiled("patterns"), unless=compiled("unless"),
        better=data.get("better_example", ""), bad=data.get("bad_example", ""), title=data.get("title", ""),
        problems=tuple(problems))


def rules_from_library(entries: list[tuple[str, str, dict[str, Any]]],
                       word_lists: Mapping[str, Any] | None = None) -> list[Rule]:
    """``entries`` are (kind, id, data) triples; rules come from the legal ones. ``word_lists`` are the
    taxonomy's, which the rules' {name}s stand for."""
    rules = [rule_from_entry(i, d, word_lists) for k, i, d in entries if k == "legal"]
    return sorted((r for r in rules if r), key=lambda r: r.id)
