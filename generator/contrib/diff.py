"""``huikuan diff REV``: the entries added, changed and removed since a git revision.

For reviewers of a pull request: which entries to read, by kind, with titles and the fields
that changed. The working tree counts, uncommitted and untracked files included, so an
author sees the same list before pushing.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.load.yaml_strict import parse_document
from generator.messages import UserError
from generator.schemaset import TAXONOMY, SchemaSet

STATUS = {"A": "added", "D": "removed"}  # everything else git reports (M, T) is a change
ORDER = ("added", "changed", "removed")
WORDS = {"zh": {"added": ("+", "新增"), "changed": ("~", "修改"), "removed": ("-", "删除")},
         "en": {"added": ("+", "added"), "changed": ("~", "changed"), "removed": ("-", "removed")}}


class DiffError(UserError):
    """Not a git repository, git missing, or an unknown revision: a usage error."""


@dataclass(frozen=True)
class Change:
    status: str  # added | changed | removed
    kind: str  # a kind id, or taxonomy
    id: str
    title: str
    path: str  # relative to the repository root
    fields: list[str] = field(default_factory=list)  # top-level fields that differ (changes only)


@dataclass
class LibraryDiff:
    rev: str
    commit: str
    library: str  # relative to the repository root
    changes: list[Change]


def _git(args: list[str], cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False)


def library_diff(library: Path, rev: str, schemas: SchemaSet, *, merge_base: bool = False) -> LibraryDiff:
    if shutil.which("git") is None:
        raise DiffError("找不到 git 命令，请先安装 git", "git is not installed: install it first")
    found = _git(["rev-parse", "--show-toplevel"], library)
    if found.returncode != 0:
        raise DiffError(f"{library} 不在 git 仓库里", f"{library} is not inside a git repository")
    top = Path(found.stdout.decode().strip()).resolve()
    # A revision starting with "-" would be read as an option.
    resolved = _git(["rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}"], top) if not rev.startswith("-") else None
    if resolved is None or resolved.returncode != 0:
        raise DiffError(f"找不到版本 '{rev}'：请给出提交、分支或标签，例如 origin/main",
                        f"unknown revision '{rev}': give a commit, branch or tag, e.g. origin/main")
    commit = resolved.stdout.decode().strip()
    if merge_base:
        base = _git(["merge-base", commit, "HEAD"], top)
        if base.returncode != 0:
            raise DiffError(f"'{rev}' 和 HEAD 没有共同的祖先：去掉 --merge-base 再比较",
                            f"'{rev}' and HEAD have no common ancestor: compare without --merge-base")
        commit = base.stdout.decode().strip()
    try:
        rel = library.resolve().relative_to(top).as_posix()
    except ValueError:
        raise DiffError(f"{library} 不在仓库 {top} 里", f"{library} is outside the repository {top}") from None
    rel = "" if rel == "." else rel
    spec = ["--", rel or "."]
    listed = _git(["diff", "--name-status", "--no-renames", "-z", commit, *spec], top)
    if listed.returncode != 0:
        said = listed.stderr.decode(errors="replace").strip()  # git's own words, in git's language
        raise DiffError(said, said)
    parts = [p.decode() for p in listed.stdout.split(b"\0") if p]
    statuses = [(STATUS.get(parts[i][0], "changed"), parts[i + 1]) for i in range(0, len(parts) - 1, 2)]
    untracked = _git(["ls-files", "--others", "--exclude-standard", "-z", *spec], top)
    statuses += [("added", p.decode()) for p in untracked.stdout.split(b"\0") if p]
    changes = []
    for status, path in statuses:
        change = _change(schemas, top, commit, rel, status, path)
        if change is not None:
            changes.append(change)
    kind_order = list(schemas.kinds)
    changes.sort(key=lambda c: (kind_order.index(c.kind), ORDER.index(c.status), c.id))
    return LibraryDiff(rev, commit, rel or ".", changes)


def _change(schemas: SchemaSet, top: Path, commit: str, library: str, status: str, path: str) -> Change | None:
    """The entry a changed path is, or None for files that are not entries (README.md)."""
    inside = PurePosixPath(path).relative_to(library) if library else PurePosixPath(path)
    taxonomy = schemas.kinds[TAXONOMY]
    folder_kind = schemas.kind_by_folder(inside.parts[0]) if len(inside.parts) == 2 else None
    if inside.as_posix() == taxonomy.file:
        kind, ident = TAXONOMY, TAXONOMY
    elif folder_kind is not None and inside.suffix == ".yaml":
        kind, ident = folder_kind.id, inside.stem
    else:
        return None
    new = _data(path, (top / path).read_bytes()) if status != "removed" and (top / path).is_file() else None
    old = None
    if status != "added":
        shown = _git(["show", f"{commit}:{path}"], top)
        old = _data(path, shown.stdout) if shown.returncode == 0 else None
    current = new if new is not None else old
    title = taxonomy.name if kind == TAXONOMY else str((current or {}).get("title") or "（无法读取标题）")
    fields = _changed_fields(old, new) if status == "changed" else []
    return Change(status, kind, ident, title, path, fields)


def _data(display: str, raw: bytes) -> dict[str, Any] | None:
    doc, _ = parse_document(display, raw)
    return doc.data if doc is not None and isinstance(doc.data, dict) else None


def _changed_fields(old: dict[str, Any] | None, new: dict[str, Any] | None) -> list[str]:
    if old is None or new is None:
        return []
    keys = list(new) + [k for k in old if k not in new]
    return [k for k in keys if old.get(k) != new.get(k)]


# -- output --------------------------------------------------------------------------------------


def as_json(diff: LibraryDiff) -> str:
    return json.dumps({"rev": diff.rev, "commit": diff.commit, "library": diff.library,
                       "entries": [asdict(c) for c in diff.changes]}, ensure_ascii=False, indent=2)


def as_text(diff: LibraryDiff, schemas: SchemaSet, lang: str) -> str:
    short = diff.commit[:10]
    if not diff.changes:
        return (f"相对于 {diff.rev}（{short}），{diff.library} 里没有条目改动。" if lang == "zh"
                else f"No entry changed in {diff.library} since {diff.rev} ({short}).")
    lines = [f"相对于 {diff.rev}（{short}），{diff.library} 里的条目改动：" if lang == "zh"
             else f"Entries changed in {diff.library} since {diff.rev} ({short}):"]
    for kind in schemas.kinds.values():
        mine = [c for c in diff.changes if c.kind == kind.id]
        if not mine:
            continue
        where = kind.folder + "/" if kind.folder else str(kind.file)
        lines.append(f"{kind.name}（{where}）" if lang == "zh" else f"{kind.name_en} ({where})")
        for c in mine:
            mark, word = WORDS[lang][c.status]
            fields = ""
            if c.status == "changed":
                if lang == "zh":
                    fields = f"（改了：{'、'.join(c.fields)}）" if c.fields else "（只改了注释或格式）"
                else:
                    fields = f" (fields: {', '.join(c.fields)})" if c.fields else " (comments or layout only)"
            lines.append(f"  {mark} {word}  {c.id}  {c.title}{fields}")
    counts = {s: sum(c.status == s for c in diff.changes) for s in ORDER}
    lines.append(f"共 {len(diff.changes)} 个：新增 {counts['added']}，修改 {counts['changed']}，"
                 f"删除 {counts['removed']}。" if lang == "zh" else
                 f"{len(diff.changes)} in all: {counts['added']} added, {counts['changed']} changed, "
                 f"{counts['removed']} removed.")
    return "\n".join(lines)
