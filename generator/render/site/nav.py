"""Navigation that stays small however large the library grows.

MkDocs' default navigation lists every page, and Material prints the whole navigation into
every page: with one page per entry the site grows with the square of the library (the
issue measured 1,000 pages at 297 MB). Entry pages are reached from index pages and search,
so when mkdocs.yml sets no nav, this one lists the hand-written pages and the index pages only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from generator.model import Library

FIXED = [("异议查找", "finder/index.md"), ("按阶段", "stages/index.md"), ("按客户类型", "debtor-types/index.md")]
PLAYBOOKS = ("打印手册", "playbooks/index.md")
TRAILING = [("异议类别", "categories/index.md"), ("沟通渠道", "channels/index.md"), ("覆盖矩阵", "coverage.md"),
            ("标签", "tags.md"), ("术语表", "glossary.md"), ("待复审条目", "review.md"), ("合规报告", "compliance.md")]


def compact_nav(library: Library, docs_dir: Path, playbooks: bool = True) -> list[Any]:
    nav: list[Any] = []
    pages = sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md")) if docs_dir.is_dir() else []
    if "index.md" in pages:
        nav.append({"首页": "index.md"})
    nav += [{title: path} for title, path in FIXED]
    nav.append({"条目": [{kind.name: f"{kind.folder}/index.md"} for kind in library.schemas.entry_kinds]})
    nav += [{title: path} for title, path in ([PLAYBOOKS] if playbooks else []) + TRAILING]
    sections: dict[str, list[str]] = {}
    for page in pages:
        if page == "index.md":
            continue
        top = page.split("/", 1)[0] if "/" in page else ""
        sections.setdefault(top, []).append(page)
    for top, members in sections.items():
        if top:
            members.sort(key=lambda p: (not p.endswith("/index.md"), p))
            nav.append({top: members})
        else:
            nav.extend(members)
    return nav
