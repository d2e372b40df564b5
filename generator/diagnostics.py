"""Diagnostics: one finding at one place in one file, with a stable code."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from generator.codes import Code

SEVERITY_ORDER = {"error": 0, "warning": 1}


@dataclass(frozen=True, slots=True)
class Position:
    """A 1-based line and column."""

    line: int
    column: int


@dataclass(frozen=True, slots=True)
class Diagnostic:
    path: str  # as given to the user: relative to the working directory where possible
    line: int
    column: int
    code: Code
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    pointer: str = ""  # the field, e.g. responses[1].lines[0]
    # A diagnostic that does not come from the code registry (a compliance rule)
    # carries its own identity and text.
    rule_id: str = ""
    severity_override: str = ""

    @property
    def severity(self) -> str:
        return self.severity_override or self.code.severity

    @property
    def ident(self) -> str:
        return self.rule_id or self.code.id

    def message(self, lang: str = "zh") -> str:
        return self.code.render_message(lang, self.params)

    def fix(self, lang: str = "zh") -> str:
        return self.code.render_fix(lang, self.params)

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.ident)


def sort_diagnostics(diagnostics: list[Diagnostic]) -> list[Diagnostic]:
    # One diagnostic per (place, code, message): schema keywords can report the same fault twice.
    # And one per cause: a finding that another on the same field explains (Code.explains) goes.
    explained: dict[tuple[str, str], set[str]] = {}
    for d in diagnostics:
        if d.code.explains:
            explained.setdefault((d.path, d.pointer), set()).update(d.code.explains)
    seen: set[tuple] = set()
    unique = []
    for d in sorted(diagnostics, key=Diagnostic.sort_key):
        key = (d.path, d.line, d.column, d.ident, d.pointer, d.message("en"))
        if key not in seen and d.ident not in explained.get((d.path, d.pointer), ()):
            seen.add(key)
            unique.append(d)
    return unique
