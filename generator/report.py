"""Reporters: the same diagnostics as text, JSON or GitHub annotations."""

from __future__ import annotations

import json
from collections.abc import Callable

from generator.diagnostics import Diagnostic

SUMMARY = {
    "zh": ("检查通过：{files} 个文件，没有错误{warnings}。",
           "发现 {errors} 个错误{warnings}（共检查 {files} 个文件）。",
           "，{n} 个警告"),
    "en": ("All good: {files} files, no errors{warnings}.", "{errors} errors{warnings} in {files} files.",
           ", {n} warnings"),
}


def _line(d: Diagnostic, lang: str) -> str:
    field = f" {d.pointer}:" if d.pointer else ""
    fix = d.fix(lang)
    return (f"{d.path}:{d.line}:{d.column}: {d.severity}[{d.ident}]{field} {d.message(lang)}"
            + (f" — {fix}" if fix else ""))


def summary(diagnostics: list[Diagnostic], files: int, lang: str) -> str:
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    ok, bad, warn = SUMMARY[lang]
    warn_text = warn.format(n=warnings) if warnings else ""
    return (bad if errors else ok).format(errors=errors, files=files, warnings=warn_text)


def text(diagnostics: list[Diagnostic], files: int, lang: str) -> str:
    return "\n".join([*(_line(d, lang) for d in diagnostics), summary(diagnostics, files, lang)])


def as_dict(d: Diagnostic, lang: str) -> dict:
    return {"path": d.path, "line": d.line, "column": d.column, "severity": d.severity,
            "code": d.ident, "field": d.pointer, "message": d.message(lang), "fix": d.fix(lang)}


def json_report(diagnostics: list[Diagnostic], files: int, lang: str) -> str:
    return json.dumps([as_dict(d, lang) for d in diagnostics], ensure_ascii=False, indent=2)


def _escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def github(diagnostics: list[Diagnostic], files: int, lang: str) -> str:
    """GitHub Actions workflow commands: annotations on the changed lines of a pull request."""
    lines = []
    for d in diagnostics:
        level = "error" if d.severity == "error" else "warning"
        body = f"{d.pointer}: {d.message(lang)} — {d.fix(lang)}" if d.pointer else f"{d.message(lang)} — {d.fix(lang)}"
        lines.append(f"::{level} file={_escape(d.path, prop=True)},line={d.line},col={d.column},"
                     f"title={_escape(d.ident, prop=True)}::{_escape(body)}")
    lines.append(summary(diagnostics, files, lang))
    return "\n".join(lines)


REPORTERS: dict[str, Callable[[list[Diagnostic], int, str], str]] = {
    "text": text, "json": json_report, "github": github}
