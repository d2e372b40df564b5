"""The editor modeline: ``# yaml-language-server: $schema=…`` (or ``# $schema: …``) in a file.

It tells yaml-language-server (VS Code's YAML extension) which schema completes and checks the
file. A wrong one gives no message in the editor, only silence or the wrong fields, so the
check says so (W303). Read as yaml-language-server reads it: the first comment line that is a
modeline, its first ``$schema``; a relative path is relative to the file.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from generator import codes
from generator.diagnostics import Diagnostic
from generator.load.library import Loaded
from generator.load.yaml_strict import text_position
from generator.schemaset import Kind, SchemaSet, schema_reference

MODELINE = re.compile(r"^[ \t]*#\s+(?:yaml-language-server|\$schema)\s*:.*$", re.M)
SCHEMA = re.compile(r"\$schema(?:=|:\s*)(\S+)")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


def file_exists(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, or with a NUL in it: no such file
        return False


def modeline_finding(item: Loaded, kind: Kind, schemas: SchemaSet, is_file: Callable[[Path], bool]
                     ) -> Diagnostic | None:
    """W303 when the file's modeline names another kind's schema, or a file that is not there."""
    text = item.doc.source
    line = MODELINE.search(text) if "$schema" in text else None
    found = SCHEMA.search(line.group()) if line else None
    if line is None or found is None:
        return None  # no modeline: the editor settings may still map the folder to its schema
    target = found.group(1)
    url = _URL.match(target) is not None and not target.startswith("file://")
    where = target.split("#")[0].split("?")[0]
    named = re.split(r"[/\\]", where)[-1]
    beside = where[: len(where) - len(named)] + kind.schema_file  # the right schema, in the same place
    path = where.removeprefix("file://")
    folder = item.source.path.parent
    if named != kind.schema_file:
        other = next((k for k in schemas.kinds.values() if k.schema_file == named), None)
        problem, problem_en = (
            (f"那是 {other.id}（{other.name}）的 schema，这个文件是 {kind.id}（{kind.name}）",
             f"that is the schema of {other.id} ({other.name_en.lower()}); this file is {kind.id}")
            if other else (f"那不是 {kind.id}（{kind.name}）的 schema {kind.schema_file}",
                           f"that is not {kind.schema_file}, the schema of {kind.id}"))
    elif not url and not is_file(folder / path):
        # Said only when the right path is known: a library kept apart from huikuan's schema/
        # (installed with pip, the editor mapped in its settings) would get this on every file.
        if schema_reference(folder, kind.schema_file) is None:
            return None
        problem, problem_en = "从这个文件所在的文件夹找不到它", "not found from this file's folder"
    else:
        return None
    if url or is_file(folder / beside.removeprefix("file://")):
        fixed: str | None = beside
    else:
        fixed = schema_reference(folder, kind.schema_file)
    if fixed:  # the file's own line with the path put right: its form (# $schema: …) stays
        written = line.group()
        corrected = (written[:found.start(1)] + fixed + written[found.end(1):]).strip()
        fix, fix_en = f"改成 {corrected}", f"make it {corrected}"
    else:
        fix = f"把路径改成 {kind.schema_file} 实际所在的位置（相对这个文件所在的文件夹）"
        fix_en = f"give the path to where {kind.schema_file} is, relative to this file's folder"
    pos = text_position(text, line.start() + found.start(1))
    shown = target if len(target) <= 120 else target[:119] + "…"
    return Diagnostic(item.source.display, pos.line, pos.column, codes.W303,
                      {"target": shown, "problem": problem, "problem_en": problem_en, "fix": fix, "fix_en": fix_en})
