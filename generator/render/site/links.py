"""[[id]], [[id|text]] and ![[id]] in hand-written pages: links and embedded cards by entry ID."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator

from generator import codes
from generator.diagnostics import Diagnostic
from generator.render import text as T
from generator.render.site.pages import SiteRenderer
from generator.validate.entries import suggestion

LINK = re.compile(r"(!?)\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`[^`\n]*`")


def _links(markdown: str) -> Iterator[tuple[int, str, list[re.Match[str]]]]:
    """Each line (numbered from 1) with its [[…]] links outside code: none in fences and spans."""
    in_fence = False
    for number, line in enumerate(markdown.split("\n"), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence or "[[" not in line:
            yield number, line, []
            continue
        protected = [m.span() for m in CODE_SPAN.finditer(line)]
        yield number, line, [m for m in LINK.finditer(line) if not any(a <= m.start() < b for a, b in protected)]


def _unknown(display: str, number: int, match: re.Match[str], ids: Collection[str]) -> Diagnostic | None:
    ident = match.group(2).strip()
    if ident in ids:
        return None
    hint, hint_en = suggestion(ident, list(ids))
    return Diagnostic(display, number, match.start() + 1, codes.E313,
                      {"id": ident, "suggestion": hint or "检查 ID 是否拼写正确",
                       "suggestion_en": hint_en or "check the ID's spelling"})


def unknown_links(markdown: str, display: str, ids: Collection[str]) -> list[Diagnostic]:
    """E313 for every link or embed of an ID that is not in ``ids`` (what `huikuan check` reports
    for content/ pages, as the build would)."""
    return [d for number, _, matches in _links(markdown) for m in matches
            if (d := _unknown(display, number, m, ids)) is not None]


def expand_links(markdown: str, page_path: str, display: str, renderer: SiteRenderer) -> tuple[str, list[Diagnostic]]:
    library = renderer.library
    problems: list[Diagnostic] = []
    out_lines = []
    for number, line, matches in _links(markdown):
        parts, end = [], 0
        for match in matches:
            parts.append(line[end:match.start()])
            end = match.end()
            problem = _unknown(display, number, match, library.entries)
            if problem is not None:
                problems.append(problem)
                parts.append(match.group(0))
                continue
            embed, entry, text = match.group(1), library.entries[match.group(2).strip()], match.group(3)
            if embed and line.strip() == match.group(0):
                parts.append(renderer.render(page_path, "embed.md.j2", entry=entry).markdown)
            else:
                label = T.md_inline(text.strip() if text else entry.title)
                parts.append(f"[{label}]({renderer.relative_md(page_path, entry.url)})")
        out_lines.append("".join(parts) + line[end:] if matches else line)
    return "\n".join(out_lines), problems
