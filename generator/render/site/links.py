"""[[id]], [[id|text]] and ![[id]] in hand-written pages: links and embedded cards by entry ID."""

from __future__ import annotations

import re

from generator import codes
from generator.diagnostics import Diagnostic
from generator.render import text as T
from generator.render.site.pages import SiteRenderer
from generator.validate.entries import suggestion

LINK = re.compile(r"(!?)\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
FENCE = re.compile(r"^\s*(```|~~~)")
CODE_SPAN = re.compile(r"`[^`\n]*`")


def expand_links(markdown: str, page_path: str, display: str, renderer: SiteRenderer) -> tuple[str, list[Diagnostic]]:
    library = renderer.library
    problems: list[Diagnostic] = []
    out_lines = []
    in_fence = False
    for number, line in enumerate(markdown.split("\n"), start=1):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence or "[[" not in line:
            out_lines.append(line)
            continue
        protected = [m.span() for m in CODE_SPAN.finditer(line)]

        def replace(match: re.Match[str], number: int = number, protected: list = protected, line: str = line) -> str:
            if any(a <= match.start() < b for a, b in protected):
                return match.group(0)
            embed, ident, text = match.group(1), match.group(2).strip(), match.group(3)
            entry = library.entries.get(ident)
            if entry is None:
                hint, hint_en = suggestion(ident, list(library.entries))
                problems.append(Diagnostic(display, number, match.start() + 1, codes.E313,
                                           {"id": ident, "suggestion": hint or "检查 ID 是否拼写正确",
                                            "suggestion_en": hint_en or "check the ID's spelling"}))
                return match.group(0)
            if embed and line.strip() == match.group(0):
                return renderer.render(page_path, "embed.md.j2", entry=entry).markdown
            label = T.md_inline(text.strip() if text else entry.title)
            return f"[{label}]({renderer.relative_md(page_path, entry.url)})"

        out_lines.append(LINK.sub(replace, line))
    return "\n".join(out_lines), problems
