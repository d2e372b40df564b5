"""Drop the indentation MkDocs and Material print into every page.

About a quarter of a page's bytes are leading spaces. A newline is kept where indentation
was, so whitespace between inline elements still separates them; <pre> and <textarea> are
left exactly as they are."""

from __future__ import annotations

import re

_KEEP = re.compile(r"(<pre\b.*?</pre>|<textarea\b.*?</textarea>|<script\b.*?</script>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]+")
_BLANKS = re.compile(r"\n{2,}")


def strip_indentation(html: str) -> str:
    parts = _KEEP.split(html)
    for i in range(0, len(parts), 2):  # even parts are outside the kept blocks
        parts[i] = _BLANKS.sub("\n", _INDENT.sub("\n", parts[i]))
    return "".join(parts)
