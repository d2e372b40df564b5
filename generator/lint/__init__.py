"""Compliance lint (pass 3): the legal red lines as rules over everything a collector says, and
over the advice the library gives them (what to do next, tips, lessons).

Rules are not code: each legal entry of the "don't" kind carries its own ``rule`` (ID,
severity, patterns, exceptions). Which texts a collector says or sends is read from the
``x-said`` schema annotation, advice from ``x-advice`` (whose quotations, which discuss wording,
are left out); training bad examples (``x-bad-example``) are shown as such and
never reported.
"""

from generator.lint.engine import Finding, LintReport, Suppressed, lint_library, word_lists
from generator.lint.rules import Rule, rules_from_library

__all__ = ["Finding", "LintReport", "Rule", "Suppressed", "lint_library", "rules_from_library", "word_lists"]
