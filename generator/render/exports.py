"""Exports for other tools: the whole library as JSON, and one CSV per kind.

CSV columns are the kind's top-level fields in schema order: read from schema/, not listed here.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from generator import __version__
from generator.model import Library


def library_json(library: Library) -> str:
    kinds: dict[str, Any] = {}
    for kind in library.schemas.entry_kinds:
        kinds[kind.folder] = [{"id": e.id, **e.data} for e in library.of_kind(kind.id)]
    document = {
        "schema_version": library.version,
        "generator": f"huikuan {__version__}",
        "taxonomy": library.taxonomy,
        **kinds,
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")) + "\n"


def _cell(value: Any) -> str:
    text = _plain_cell(value)
    # A cell starting like a formula would run in Excel; a leading ' keeps it text.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _plain_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return "; ".join(str(v) for v in value)
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def kind_csv(library: Library, kind_id: str) -> str:
    fields = list(library.schemas.root_schema(kind_id)["properties"])
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", *fields])
    for entry in library.of_kind(kind_id):
        writer.writerow([entry.id, *(_cell(entry.data.get(f)) for f in fields)])
    # A BOM so that Excel, which most trainers open CSVs with, reads the Chinese as UTF-8.
    return "\ufeff" + out.getvalue()


def exports(library: Library) -> dict[str, str]:
    """Site-relative path → content."""
    files = {"api/library.json": library_json(library)}
    for kind in library.schemas.entry_kinds:
        files[f"api/{kind.folder}.csv"] = kind_csv(library, kind.id)
    return files
