"""Validate: pass 1 (each file against its schema), then pass 2 (the whole library)."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import os
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path

from generator import codes
from generator.diagnostics import Diagnostic, sort_diagnostics
from generator.lint import LintReport, lint_library
from generator.load.library import Loaded, RawLibrary, SourceFile, discover
from generator.load.limits import MAX_FILE_BYTES
from generator.load.yaml_strict import Document, parse_document
from generator.parallel import in_two_halves
from generator.schemaset import TAXONOMY, SchemaSet, load_schemas
from generator.validate.entries import EntryChecker
from generator.validate.library import LibraryChecker


def source_date() -> dt.date | None:
    """SOURCE_DATE_EPOCH as a date (UTC), for reproducible output; None when unset or invalid."""
    raw = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    return dt.datetime.fromtimestamp(int(raw), dt.UTC).date() if raw.isdigit() else None


def today() -> dt.date:
    """The date reviews are judged against; SOURCE_DATE_EPOCH pins it for reproducible builds."""
    return source_date() or dt.date.today()


@dataclass
class CheckResult:
    raw: RawLibrary
    parsed: list[Loaded] = field(default_factory=list)  # every entry that parsed as YAML
    loaded: list[Loaded] = field(default_factory=list)  # the entries that also passed pass 1
    taxonomy: Loaded | None = None
    diagnostics: list[Diagnostic] = field(default_factory=list)
    compliance: LintReport | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def waived(self) -> Counter[tuple[str, str]]:
        """The compliance findings an entry's ``suppress`` waives, by (rule, severity): not
        reported, but counted in the summary, so that a waived error is never silent."""
        if self.compliance is None:
            return Counter()
        return Counter((s.finding.rule.id, s.finding.rule.severity) for s in self.compliance.suppressed)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Parsing makes hundreds of thousands of small dicts, lists and tuples and no reference
    cycles; the cyclic collector would scan them again and again as they pile up (a quarter of
    the time of checking 5,000 files). Reference counting still frees everything."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def check_library(root: Path, schemas: SchemaSet | None = None, on: dt.date | None = None,
                  *, lint: bool = True) -> CheckResult:
    """Load and check a library: files, pass 1, pass 2, and the compliance lint (pass 3)."""
    with _cyclic_gc_paused():
        return _check_library(root, schemas, on, lint)


def _check_library(root: Path, schemas: SchemaSet | None, on: dt.date | None, lint: bool) -> CheckResult:
    schemas = schemas or load_schemas()
    raw = discover(root, schemas)
    entry_checker = EntryChecker(schemas)
    result = CheckResult(raw, diagnostics=_with_destinations(raw, entry_checker))
    # Reading, parsing and pass 1 are per file: half of the files in a forked child on a large
    # library. Its documents come back without their parser marks (see Document.__getstate__).
    read = partial(_read_files, entry_checker=entry_checker)
    outcomes = [outcome for part in in_two_halves(read, raw.files) for outcome in part]
    for number, (source, (doc, kind, problems)) in enumerate(zip(raw.files, outcomes, strict=True)):
        result.diagnostics.extend(problems)
        if doc is None:
            continue
        if kind != source.kind:  # in another kind's folder (E123): checked, and referred to, as what it is
            source = raw.files[number] = replace(source, kind=kind)
        loaded = Loaded(source, doc)
        if source.kind == TAXONOMY:
            # A taxonomy with schema errors is still the best list of declared values we have.
            result.taxonomy = loaded if isinstance(doc.data, dict) else None
        elif isinstance(doc.data, dict):
            # Entries with schema errors still count as existing, so references to them
            # do not turn into a second, misleading error.
            result.parsed.append(loaded)
            if not problems:
                result.loaded.append(loaded)
    result.diagnostics.extend(LibraryChecker(schemas, on or today()).check(
        raw.files, result.parsed, result.taxonomy))
    if lint:
        result.compliance = lint_library(result.loaded, schemas, result.taxonomy)
        result.diagnostics.extend(result.compliance.diagnostics)
    result.diagnostics = sort_diagnostics(result.diagnostics)
    return result


def _with_destinations(raw: RawLibrary, entry_checker: EntryChecker) -> list[Diagnostic]:
    """The files' diagnostics, where a stray YAML file at the root (E114) whose fields tell its
    kind is given the `git mv` into that kind's folder, as a file in another kind's folder is (E123)."""
    hints: dict[str, dict[str, str]] = {}
    for source in raw.loose:
        try:
            if source.path.stat().st_size > MAX_FILE_BYTES:
                continue
            data = source.path.read_bytes()
        except OSError:
            continue
        doc, _ = parse_document(source.display, data)
        hint = entry_checker.where_it_goes(doc, source) if doc is not None else {}
        if hint:
            hints[source.display] = hint
    return [replace(d, params={**d.params, **hints[d.path]}) if d.code is codes.E114 and d.path in hints else d
            for d in raw.diagnostics]


def _read_files(sources: Sequence[SourceFile], *, entry_checker: EntryChecker
                ) -> list[tuple[Document | None, str, list[Diagnostic]]]:
    """Each file's document (None if it could not be read or parsed), its kind (its folder's,
    unless it is another kind's file in the wrong folder) and its file and pass 1 diagnostics;
    a document with pass 1 diagnostics is still returned."""
    outcomes: list[tuple[Document | None, str, list[Diagnostic]]] = []
    for source in sources:
        try:
            size = source.path.stat().st_size
            if size > MAX_FILE_BYTES:  # say so without reading a huge file whole
                outcomes.append((None, source.kind, [Diagnostic(source.display, 1, 1, codes.E110,
                                                                {"size": size, "limit": MAX_FILE_BYTES})]))
                continue
            data = source.path.read_bytes()
        except OSError as error:
            outcomes.append((None, source.kind,
                             [Diagnostic(source.display, 1, 1, codes.E122, {"error": error.strerror})]))
            continue
        doc, problems = parse_document(source.display, data)
        if doc is None:
            outcomes.append((None, source.kind, problems))
        else:
            kind, found = entry_checker.check_file(doc, source)
            outcomes.append((doc, kind, problems + found))  # the parser's warnings first
    return outcomes
