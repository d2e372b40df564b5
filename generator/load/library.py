"""Discover the files of a library: which kind each is, its ID, and what does not belong."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from generator import codes
from generator.diagnostics import Diagnostic
from generator.load.limits import MAX_FILES
from generator.load.yaml_strict import Document
from generator.schemaset import SchemaSet

# Files a library may hold besides entries: they are not read.
_IGNORED = {".gitkeep", "README.md"}
YAML_EXTENSIONS = ("yaml", "yml")  # in any case; an entry's is .yaml


@dataclass(frozen=True)
class SourceFile:
    path: Path
    display: str
    kind: str
    id: str


@dataclass
class Loaded:
    """A source file and its parsed document."""

    source: SourceFile
    doc: Document


@dataclass
class RawLibrary:
    root: Path
    files: list[SourceFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    # YAML files at the root, each reported stray (E114): entries saved in the wrong place,
    # perhaps; the check reads them to tell which kind's folder they go in. Their kind is "".
    loose: list[SourceFile] = field(default_factory=list)


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it, as editors and CI annotations expect."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _displayer(root: Path):
    """display_path for files under root, without resolving each one (thousands of files)."""
    base = display_path(root)
    resolved = str(root.resolve())

    def show(path: Path) -> str:
        text = str(path)
        for prefix in (str(root), resolved):
            if text.startswith(prefix + os.sep):
                rest = text[len(prefix) + 1:]
                return rest if base == "." else f"{base}{os.sep}{rest}"
        return display_path(path)

    return show


def suggest_id(stem: str) -> str:
    cleaned = re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    return cleaned[:64] or "new-entry"


def discover(root: Path, schemas: SchemaSet) -> RawLibrary:
    library = RawLibrary(root)
    show = _displayer(root)
    id_pattern = re.compile(schemas.id_pattern)
    taxonomy = schemas.kinds["taxonomy"]
    folders = {k.folder: k for k in schemas.entry_kinds}
    folder_list, folder_list_en = "、".join(sorted(folders)), ", ".join(sorted(folders))

    def stray(path: Path, reason: str, reason_en: str, hint: str, hint_en: str) -> None:
        library.diagnostics.append(Diagnostic(
            show(path), 1, 1, codes.E114,
            {"name": path.name, "reason": reason, "reason_en": reason_en, "hint": hint, "hint_en": hint_en}))

    def link(path: Path) -> None:
        target = os.path.realpath(path)
        outside = not target.startswith(str(root.resolve()) + os.sep)
        library.diagnostics.append(Diagnostic(
            show(path), 1, 1, codes.E115,
            {"name": path.name, "where": "，指向库外" if outside else "",
             "where_en": ", pointing outside the library" if outside else ""}))

    try:
        with os.scandir(root) as top:
            top_entries = sorted(top, key=lambda e: e.name)
    except OSError as error:
        library.diagnostics.append(Diagnostic(show(root), 1, 1, codes.E122, {"error": error.strerror or str(error)}))
        return library
    for entry in top_entries:
        path = Path(entry.path)
        if entry.is_symlink():
            link(path)
        elif entry.name == taxonomy.file and entry.is_file():
            library.files.append(SourceFile(path, show(path), taxonomy.id, "taxonomy"))
        elif entry.name in _IGNORED and entry.is_file():
            continue
        elif entry.is_dir() and entry.name in folders:
            _scan_kind_folder(path, folders[entry.name].id, id_pattern, library, stray, link, show)
        elif entry.is_dir():
            stray(path, "不是已知的类别文件夹", "not a known kind folder",
                  f"条目应放在这些文件夹里：{folder_list}", f"entries go in: {folder_list_en}")
        else:
            stem, _, ext = entry.name.rpartition(".")
            if entry.is_file() and ext.lower() in YAML_EXTENSIONS:
                name = stem if id_pattern.fullmatch(stem) and len(stem) <= 64 else suggest_id(stem)
                library.loose.append(SourceFile(path, show(path), "", name))
            stray(path, "根目录只能有 taxonomy.yaml 和类别文件夹",
                  "the root holds only taxonomy.yaml and the kind folders",
                  f"把它移到对应的文件夹（{folder_list}）或删除",
                  f"move it into a kind folder ({folder_list_en}) or delete it")

    if not any(f.kind == taxonomy.id for f in library.files):
        library.diagnostics.append(Diagnostic(show(root / taxonomy.file), 1, 1, codes.E117))
    if len(library.files) > MAX_FILES:
        library.diagnostics.append(Diagnostic(display_path(root), 1, 1, codes.E120,
                                              {"count": len(library.files), "limit": MAX_FILES}))
        library.files = library.files[:MAX_FILES]
    return library


def _scan_kind_folder(folder: Path, kind: str, id_pattern: re.Pattern[str], library: RawLibrary,
                      stray, link, show) -> None:
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as error:
        library.diagnostics.append(Diagnostic(show(folder), 1, 1, codes.E122, {"error": error.strerror or str(error)}))
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.is_symlink():
            link(path)
            continue
        if entry.name in _IGNORED:
            continue
        if entry.is_dir():
            stray(path, "类别文件夹里不能再有子文件夹", "kind folders hold no subfolders",
                  "把文件直接放在类别文件夹里", "put the files directly in the kind folder")
            continue
        if not entry.is_file(follow_symlinks=False):  # a FIFO or socket would block or fail the read
            stray(path, "不是普通文件", "not a regular file", "删除它", "delete it")
            continue
        stem, dot, ext = entry.name.rpartition(".")
        if not dot or ext != "yaml":
            if ext.lower() in YAML_EXTENSIONS:
                stray(path, "扩展名必须是 .yaml", "the extension must be .yaml",
                      f"改名为 {stem}.yaml", f"rename it to {stem}.yaml")
            else:
                stray(path, "不是 YAML 条目文件", "not a YAML entry file",
                      "删除它，或移出库", "delete it or move it out of the library")
            continue
        if not id_pattern.fullmatch(stem) or len(stem) > 64:
            library.diagnostics.append(Diagnostic(
                show(path), 1, 1, codes.E113, {"name": stem, "suggestion": suggest_id(stem)}))
            continue
        library.files.append(SourceFile(path, show(path), kind, stem))
