"""The pipeline in one place: load and check a library once, then model it.

The CLI and the MkDocs plugin both come through here. A check result is cached by the
library's file signature, so ``huikuan build`` (which checks before building) and the plugin
(which checks again inside MkDocs) do the work once, and ``serve`` re-checks only when a
file changed.
"""

from __future__ import annotations

import os
from pathlib import Path

from generator import report
from generator.model import Library, build_library
from generator.validate import CheckResult, check_library

_CACHE: dict[str, tuple[tuple, CheckResult]] = {}


class LibraryError(Exception):
    """The library has errors: nothing may be built from it."""

    def __init__(self, result: CheckResult, lang: str = "zh") -> None:
        self.result = result
        errors = result.errors
        super().__init__(report.text(errors, len(result.raw.files), lang, result.waived))


def signature(root: Path) -> tuple:
    entries = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
            path = os.path.join(folder, name)
            try:
                st = os.lstat(path)
            except OSError:
                continue
            # Relative, so `--library lib` and the plugin's absolute path share one entry.
            entries.append((os.path.relpath(path, root), st.st_mtime_ns, st.st_size))
    return tuple(entries)


def checked(root: Path) -> CheckResult:
    key = str(root.resolve())
    sig = signature(root)
    hit = _CACHE.get(key)
    if hit and hit[0] == sig:
        return hit[1]
    result = check_library(root)
    _CACHE[key] = (sig, result)
    return result


def load_library(root: Path, lang: str = "zh") -> Library:
    result = checked(root)
    if result.errors:
        raise LibraryError(result, lang)
    return build_library(result)
