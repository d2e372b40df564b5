"""Building real sites for the tests: a temporary project around a library and some pages."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml
from conftest import ROOT, copy_library, run_cli


def project(tmp: Path, library: Path, pages: dict[str, str] | None = None, keep_nav: bool = False,
            playbooks: bool = False) -> Path:
    """A MkDocs project in ``tmp`` using the repository's mkdocs.yml (without its nav unless asked).

    Without ``playbooks`` the plugin skips the PDF playbooks: rendering them takes minutes for the
    bundled library, and only tests/test_playbooks.py is about them.
    """
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    if not keep_nav:
        text = re.sub(r"(?ms)^nav:.*", "", text)
    if not playbooks:
        text, found = re.subn(r"(?m)^([ \t]*)- huikuan:\n", r"\g<0>\1    playbooks: false\n", text)
        assert found == 1, "the huikuan plugin entry in mkdocs.yml moved"
    (tmp / "mkdocs.yml").write_text(text, encoding="utf-8")
    content = tmp / "content"
    if pages is None:
        shutil.copytree(ROOT / "content", content)
    else:
        content.mkdir(parents=True, exist_ok=True)
        for name, body in pages.items():
            (content / name).parent.mkdir(parents=True, exist_ok=True)
            (content / name).write_text(body, encoding="utf-8")
    lib = tmp / "scripts_library"
    if library.resolve() != lib.resolve():
        copy_library(library, lib)
    return tmp


def build(project_dir: Path, *extra: str) -> tuple[int, str]:
    return run_cli("build", "--library", str(project_dir / "scripts_library"),
                   "-f", str(project_dir / "mkdocs.yml"), "--out", str(project_dir / "site"), *extra)


def load_yaml(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def search_index(site: Path) -> tuple[str, dict]:
    """The built site's search index, from the one copy it keeps: (file name, the index)."""
    from generator.render.site.search import OFFLINE_PREFIX, read_offline_index

    files = sorted(p.name for p in (site / "search").iterdir())
    assert files == ["search_index.js"], files  # the offline plugin's copy, and no second one
    text = (site / "search/search_index.js").read_text(encoding="utf-8")
    assert text.startswith(OFFLINE_PREFIX)
    return files[0], read_offline_index(text)
