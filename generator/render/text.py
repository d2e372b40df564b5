"""Library text is text: every way it reaches a page goes through here.

Plain fields are escaped for HTML and for Markdown. Markdown fields (``x-markdown``) are
converted here, with raw HTML shown literally, links limited to safe schemes and images
dropped (an image could make the page request another host). Declared placeholders become
``<span class="hk-ph">`` elements that the fill-in form and the copy buttons work with.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping

import markdown
from markupsafe import Markup

from generator.placeholders import Placeholder

PLACEHOLDER = re.compile(r"\{([^{}\s<>&\"']{1,20})\}")
# Python-Markdown's own escapable characters (with tables); < and & become entities instead.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")
_SAFE_HREF = re.compile(r"^(https?:|mailto:|#|\.{0,2}/|[a-z0-9][\w\-./]*(\.html?|\.md|/)?(#[\w\-]*)?$)", re.I)
_HREF = re.compile(r'href="([^"]*)"')
_IMG = re.compile(r"<img\b[^>]*?alt=\"([^\"]*)\"[^>]*>|<img\b[^>]*>")


def placeholder_spans(escaped: str, declared: Iterable[str] | Mapping[str, Placeholder]) -> str:
    """Declared placeholders as spans. Given the declarations, a placeholder written from another
    (an amount's capitals) names that one in ``data-ph-of``, one with a format other than text
    names it in ``data-ph-format``, and each relation it is in names its placeholders in
    ``data-ph-<relation>`` (``data-ph-days-between="到期日 发函日期"``): the site's form fills and
    writes them from there as the printed letter does, and refuses what huikuan letter refuses."""
    found = declared if isinstance(declared, Mapping) else dict.fromkeys(declared)

    def span(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in found:
            return match.group(0)
        placeholder, of = found[name], ""
        if placeholder is not None:
            if placeholder.capitals_of:
                of += f' data-ph-of="{placeholder.capitals_of}"'
            if placeholder.format != "text":
                of += f' data-ph-format="{placeholder.format}"'
            for relation, names in placeholder.relations().items():
                of += f' data-ph-{relation.replace("_", "-")}="{html.escape(" ".join(names))}"'
        return f'<span class="hk-ph" data-ph="{name}"{of}>{{{name}}}</span>'

    return PLACEHOLDER.sub(span, escaped)


def text_html(text: str, declared: Iterable[str] | Mapping[str, Placeholder] = ()) -> Markup:
    """Plain text for an HTML context, line breaks kept, placeholders marked."""
    escaped = html.escape(text.strip(), quote=True).replace("\n", "<br>")
    return Markup(placeholder_spans(escaped, declared))


def md_inline(text: str) -> Markup:
    """Plain text for a Markdown context (a heading, a list item): nothing in it is markup."""
    flat = html.escape(" ".join(text.split()), quote=False).replace("&gt;", ">")
    return Markup(_MD_SPECIAL.sub(r"\\\1", flat))


_MD = markdown.Markdown(extensions=["sane_lists"], output_format="html")


def _safe_href(match: re.Match[str]) -> str:
    href = html.unescape(match.group(1))
    return match.group(0) if _SAFE_HREF.match(href.strip()) else 'href="#" data-blocked-href'


def markdown_html(text: str, declared: Iterable[str] | Mapping[str, Placeholder] = ()) -> Markup:
    """A Markdown field: Markdown yes, raw HTML no, unsafe links and images never."""
    escaped = html.escape(text.strip(), quote=False)
    _MD.reset()
    rendered = _MD.convert(escaped)
    rendered = _HREF.sub(_safe_href, rendered)
    rendered = _IMG.sub(lambda m: html.escape(m.group(1) or ""), rendered)
    return Markup(placeholder_spans(rendered, declared))


def plain_text(text: str) -> str:
    """Markdown field as plain text, for exports and PDFs' short contexts."""
    return re.sub(r"[*_`#>]+", "", text).strip()
