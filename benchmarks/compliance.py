"""Precision and recall of the compliance rules on the labelled corpus.

    python benchmarks/compliance.py [--library scripts_library] [--corpus tests/compliance/corpus.yaml]

Each corpus sentence is labelled with the rule IDs it breaks (empty for lawful sentences that
look close). A sentence counts as a true positive for a rule when the rule fires and the label
names it; a false positive when it fires unlabelled; a false negative when a labelled rule is
silent. Prints a table per rule and the overall micro-averaged figures.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.lint import word_lists  # noqa: E402
from generator.lint.rules import Rule, rules_from_library  # noqa: E402
from generator.schemaset import load_schemas  # noqa: E402
from generator.validate import check_library  # noqa: E402


def load_rules(library: Path) -> list[Rule]:
    result = check_library(library, lint=False)
    return rules_from_library([(i.source.kind, i.source.id, i.doc.data) for i in result.loaded],
                              word_lists(result.taxonomy, load_schemas()))


def evaluate(rules: list[Rule], corpus: list[dict]) -> tuple[dict[str, Counter], list[str]]:
    stats: dict[str, Counter] = {r.id: Counter() for r in rules}
    mistakes = []
    for item in corpus:
        expected = set(item.get("rules") or [])
        fired = {r.id for r in rules if r.match(item["text"])}
        for rule_id in fired | expected:
            counter = stats.setdefault(rule_id, Counter())
            if rule_id in fired and rule_id in expected:
                counter["tp"] += 1
            elif rule_id in fired:
                counter["fp"] += 1
                mistakes.append(f"FP {rule_id}: {item['text']}")
            else:
                counter["fn"] += 1
                mistakes.append(f"FN {rule_id}: {item['text']}")
    return stats, mistakes


def ratio(a: int, b: int) -> float:
    return a / b if b else 1.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--library", type=Path, default=ROOT / "scripts_library")
    parser.add_argument("--corpus", type=Path, default=ROOT / "tests" / "compliance" / "corpus.yaml")
    args = parser.parse_args()
    corpus = yaml.safe_load(args.corpus.read_text(encoding="utf-8"))
    rules = load_rules(args.library)
    stats, mistakes = evaluate(rules, corpus)
    violating = sum(1 for c in corpus if c.get("rules"))
    print(f"corpus: {len(corpus)} sentences ({violating} violating, {len(corpus) - violating} lawful); "
          f"{len(rules)} rules\n")
    print(f"| {'rule':<22} | {'tp':>3} | {'fp':>3} | {'fn':>3} | precision | recall |")
    print(f"|{'-' * 24}|-----|-----|-----|-----------|--------|")
    total = Counter()
    for rule_id in sorted(stats):
        c = stats[rule_id]
        total.update(c)
        print(f"| {rule_id:<22} | {c['tp']:>3} | {c['fp']:>3} | {c['fn']:>3} | "
              f"{ratio(c['tp'], c['tp'] + c['fp']):>9.0%} | {ratio(c['tp'], c['tp'] + c['fn']):>6.0%} |")
    precision = ratio(total["tp"], total["tp"] + total["fp"])
    recall = ratio(total["tp"], total["tp"] + total["fn"])
    print(f"\noverall: precision {precision:.1%}, recall {recall:.1%} (target ≥ 90% each)")
    for line in mistakes:
        print("  " + line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
