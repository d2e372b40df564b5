"""Reporters: the same diagnostics as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence

from generator.diagnostics import Diagnostic

SUMMARY = {
    "zh": ("检查通过：{files} 个文件，没有错误{warnings}。",
           "发现 {errors} 个错误{warnings}（共检查 {files} 个文件）。",
           "，{n} 个警告"),
    "en": ("All good: {files} files, no errors{warnings}.", "{errors} errors{warnings} in {files} files.",
           ", {n} warnings"),
}
# Waived compliance findings, by rule: a reviewer sees what passed only because it was waived.
SUPPRESSED = {
    "zh": ("另有 {n} 处合规问题已按条目的 suppress 豁免，未列出：{rules}。", "{rule}（{severity}）×{n}", "、",
           {"error": "错误", "warning": "警告"}),
    "en": ("Waived by suppress in their entries, not listed: {rules}.",
           "{rule} ({severity}) ×{n}", ", ", {"error": "error", "warning": "warning"}),
}


def _line(d: Diagnostic, lang: str) -> str:
    field = f" {d.pointer}:" if d.pointer else ""
    fix = d.fix(lang)
    return (f"{d.path}:{d.line}:{d.column}: {d.severity}[{d.ident}]{field} {d.message(lang)}"
            + (f" — {fix}" if fix else ""))


def summary(diagnostics: list[Diagnostic], files: int, lang: str, suppressed: Sequence[Diagnostic] = ()) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    ok, bad, warn = SUMMARY[lang]
    warn_text = warn.format(n=warnings) if warnings else ""
    return (bad if errors else ok).format(errors=errors, files=files, warnings=warn_text) + _waived(suppressed, lang)


def _waived(suppressed: Sequence[Diagnostic], lang: str) -> str:
    if not suppressed:
        return ""
    sentence, item, separator, severities = SUPPRESSED[lang]
    by_rule = Counter((d.severity != "error", d.ident, d.severity) for d in suppressed)  # errors first
    rules = separator.join(item.format(rule=rule, severity=severities.get(severity, severity), n=n)
                           for (_, rule, severity), n in sorted(by_rule.items()))
    return ("" if lang == "zh" else " ") + sentence.format(n=len(suppressed), rules=rules)


def text(diagnostics: list[Diagnostic], files: int, lang: str, suppressed: Sequence[Diagnostic] = ()) -> str:
    return "\n".join([*(_line(d, lang) for d in diagnostics), summary(diagnostics, files, lang, suppressed)])


def as_dict(d: Diagnostic, lang: str) -> dict:
    return {"path": d.path, "line": d.line, "column": d.column, "severity": d.severity,
            "code": d.ident, "field": d.pointer, "message": d.message(lang), "fix": d.fix(lang)}


def json_report(diagnostics: list[Diagnostic], files: int, lang: str, suppressed: Sequence[Diagnostic] = ()) -> str:
    return json.dumps([as_dict(d, lang) for d in diagnostics], ensure_ascii=False, indent=2)


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(diagnostics: list[Diagnostic], files: int, lang: str, suppressed: Sequence[Diagnostic] = ()) -> str:
    """GitHub Actions workflow commands: annotations on the changed lines of a pull request."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity == "error" else "warning"
        body = f"{d.pointer}: {d.message(lang)} — {d.fix(lang)}" if d.pointer else f"{d.message(lang)} — {d.fix(lang)}"
        lines.append(f"::{level} file={_escape(d.path, prop=True)},line={d.line},col={d.column},"
                     f"title={_escape(d.ident, prop=True)}::{_escape(body)}")
    lines.append(summary(diagnostics, files, lang, suppressed))
    return "\n".join(lines)


REPORTERS: dict[str, Callable[..., str]] = {
    "text": text, "json": json_report, "github": github}
