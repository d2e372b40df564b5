"""``huikuan pages``: the site's pages as plain Markdown in a folder, for another builder.

Material for MkDocs is in maintenance (end of life announced for 2027) and its successor,
Zensical, runs no MkDocs plugins. This writes what the plugin would add (generated pages,
assets, exports), the hand-written pages with their [[id]] links already expanded, and a
minimal mkdocs.yml that Zensical and MkDocs both read.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from generator.build import UnsafeTarget
from generator.diagnostics import Diagnostic
from generator.model import Library
from generator.render.site.bundle import SCRIPTS, SHIM, STYLESHEETS, generated_files
from generator.render.site.links import expand_links
from generator.render.site.pages import Page, SiteOptions, SiteRenderer

MARKER = ".huikuan-pages"
HEADER = "# written by `huikuan pages`; it may replace this file and docs/\n"


def write_pages(library: Library, content: Path | None, out: Path, site_name: str = "回款话术库") -> list[Diagnostic]:
    options = SiteOptions(directory_urls=False)
    renderer = SiteRenderer(library, options)
    files = {path: data.markdown if isinstance(data, Page) else data
             for path, data in generated_files(library, options).items()}
    problems: list[Diagnostic] = []
    if content is not None and content.is_dir():
        for page in sorted(content.rglob("*.md")):
            rel = page.relative_to(content).as_posix()
            text, found = expand_links(page.read_text(encoding="utf-8"), rel, str(page), renderer)
            problems.extend(found)
            files[rel] = text
    if problems:
        return problems
    docs = out / "docs"
    config_path = out / "mkdocs.yml"
    # Replace only what an earlier `huikuan pages` wrote: `--out .` must not wipe a project.
    if docs.exists() and not (docs / MARKER).is_file():
        raise UnsafeTarget(f"不会替换 {docs}：它不是 huikuan pages 写的；请换一个 --out 文件夹",
                           f"refusing to replace {docs}: it was not written by `huikuan pages`; "
                           "choose another --out folder")
    if config_path.exists() and not config_path.read_text(encoding="utf-8").startswith(HEADER):
        raise UnsafeTarget(f"不会覆盖 {config_path}：它不是 huikuan pages 写的；请换一个 --out 文件夹",
                           f"refusing to overwrite {config_path}: it was not written by `huikuan pages`; "
                           "choose another --out folder")
    if docs.exists():
        shutil.rmtree(docs)
    for rel, data in files.items():
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            target.write_bytes(data)
        else:
            target.write_text(data, encoding="utf-8")
    config = {
        "site_name": site_name,
        "docs_dir": "docs",
        "site_dir": "site",
        "use_directory_urls": False,
        "theme": {"name": "material", "language": "zh", "font": False},
        "extra_css": STYLESHEETS,
        "extra_javascript": SCRIPTS,
        "extra": {"polyfills": [SHIM]},
        "markdown_extensions": ["admonition", "attr_list", "tables", "sane_lists", "pymdownx.details",
                                "pymdownx.superfences", {"toc": {"permalink": True}}],
    }
    (docs / MARKER).write_text("written by huikuan pages\n", encoding="utf-8")
    config_path.write_text(HEADER + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return []
