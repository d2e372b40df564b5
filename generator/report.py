"""Reporters: the same diagnostics as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable

from generator.diagnostics import Diagnostic

# Waived compliance findings: how many of each (rule, severity).
Waived = Counter[tuple[str, str]]

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


def _counts(diagnostics: list[Diagnostic]) -> tuple[int, int]:
    """How many errors and how many warnings."""
    errors = sum(d.severity == "error" for d in diagnostics)
    return errors, len(diagnostics) - errors


def _by_rule(waived: Waived | None) -> list[tuple[tuple[str, str], int]]:
    """The waived findings' counts by (rule, severity), errors first, then by rule."""
    return sorted((waived or {}).items(), key=lambda i: (i[0][1] != "error", i[0]))


def summary(diagnostics: list[Diagnostic], files: int, lang: str, waived: Waived | None = None) -> str:
    errors, warnings = _counts(diagnostics)
    ok, bad, warn = SUMMARY[lang]
    warn_text = warn.format(n=warnings) if warnings else ""
    return (bad if errors else ok).format(errors=errors, files=files, warnings=warn_text) + _waived(waived, lang)


def _waived(waived: Waived | None, lang: str) -> str:
    """The sentence that counts the findings a suppress waived, by rule, errors first."""
    if not waived:
        return ""
    sentence, item, separator, severities = SUPPRESSED[lang]
    rules = separator.join(item.format(rule=rule, severity=severities.get(severity, severity), n=n)
                           for (rule, severity), n in _by_rule(waived))
    return ("" if lang == "zh" else " ") + sentence.format(n=sum(waived.values()), rules=rules)


def text(diagnostics: list[Diagnostic], files: int, lang: str, waived: Waived | None = None) -> str:
    return "\n".join([*(_line(d, lang) for d in diagnostics), summary(diagnostics, files, lang, waived)])


def as_dict(d: Diagnostic, lang: str) -> dict:
    return {"path": d.path, "line": d.line, "column": d.column, "severity": d.severity,
            "code": d.ident, "field": d.pointer, "message": d.message(lang), "fix": d.fix(lang)}


def json_report(diagnostics: list[Diagnostic], files: int, lang: str, waived: Waived | None = None) -> str:
    """One document, as check-jsonschema's JSON reporter writes: the verdict and the counts a CI
    script reads, the findings a suppress waived (by rule), then the findings themselves."""
    errors, warnings = _counts(diagnostics)
    by_rule = _by_rule(waived)
    return json.dumps({
        "status": "fail" if errors else "ok",
        "counts": {"files": files, "errors": errors, "warnings": warnings, "waived": sum(n for _, n in by_rule)},
        "waived": [{"rule": rule, "severity": severity, "count": n} for (rule, severity), n in by_rule],
        "summary": summary(diagnostics, files, lang, waived),
        "findings": [as_dict(d, lang) for d in diagnostics],
    }, ensure_ascii=False, indent=2)


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(diagnostics: list[Diagnostic], files: int, lang: str, waived: Waived | None = None) -> str:
    """GitHub Actions workflow commands: annotations on the changed lines of a pull request."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity == "error" else "warning"
        body = f"{d.pointer}: {d.message(lang)} — {d.fix(lang)}" if d.pointer else f"{d.message(lang)} — {d.fix(lang)}"
        lines.append(f"::{level} file={_escape(d.path, prop=True)},line={d.line},col={d.column},"
                     f"title={_escape(d.ident, prop=True)}::{_escape(body)}")
    lines.append(summary(diagnostics, files, lang, waived))
    return "\n".join(lines)


REPORTERS: dict[str, Callable[[list[Diagnostic], int, str, Waived | None], str]] = {
    "text": text, "json": json_report, "github": github}
