"""Generated pages skip Markdown's HTML parsing, and come out exactly as Markdown makes them."""

from __future__ import annotations

import re
from pathlib import Path

import markdown
import pytest
from mkdocs.config import load_config

from generator.pipeline import load_library
from generator.render.site import render_site
from generator.render.site.html_blocks import SiteMarkdown, Stashed, restore_blocks, stash_blocks

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def configured_markdown() -> markdown.Markdown:
    """Python-Markdown with the extensions and options of the project's mkdocs.yml."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def convert(md: markdown.Markdown, text: str) -> str:
    md.reset()
    return md.convert(text)


def through_stash(md: markdown.Markdown, text: str) -> str:
    stashed = stash_blocks(text)
    assert stashed is not None, text[:200]
    restored = restore_blocks(convert(md, stashed.headings), stashed)
    assert restored is not None, text[:200]
    return restored


def same_page(html: str) -> str:
    # Markdown puts a line break between two blocks that share a line; the stash keeps the line.
    return re.sub(r">\n+<", "><", html)


def body(page_markdown: str) -> str:
    return page_markdown.split("\n---\n", 1)[1] if page_markdown.startswith("---\n") else page_markdown


def test_every_generated_page_of_the_bundled_library_comes_out_the_same(configured_markdown) -> None:
    library = load_library(ROOT / "scripts_library")
    pages = render_site(library)
    stashed = 0
    for page in pages:
        text = body(page.markdown)
        if stash_blocks(text) is None:
            continue
        stashed += 1
        direct, fast = convert(configured_markdown, text), through_stash(configured_markdown, text)
        assert same_page(fast) == same_page(direct), page.path
        assert configured_markdown.toc_tokens, page.path  # headings still go through Markdown
    entries = sum(1 for p in pages if p.meta.get("hk_id"))
    assert stashed >= entries  # every entry page takes the fast path


@pytest.mark.parametrize("text", [
    "# 标题\n\n<div class=\"a\">\n<p>一</p>\n\n<p>二</p>\n</div>\n\n## 小节\n\n<p>三</p>\n",
    "## 紧接\n<ul>\n<li>x</li>\n</ul>\n",
    "<div>x</div>\n## 紧跟在块后\n<p>y</p>\n",
    "<p>一</p><p>二</p>\n<p>三</p>\n",
    "<div>\n<pre><code>第一行\n\n# 不是标题\n&lt;div&gt;</code></pre>\n</div>\n",
    "<p>换行<br>之后<input type=\"checkbox\"></p>\n\n<hr>\n\n<table>\n<tr><td>1</td></tr>\n</table>\n",
    "<details class=\"x\"><summary>摘要</summary>\n<ul><li><code>a</code></li></ul>\n</details>\n",
    "<p>带 <!-- 注释 --> 的段落</p>\n",
    "# 同名\n\n<p>a</p>\n\n## 同名\n\n<p>b</p>\n",
])
def test_html_blocks_and_headings_match_markdown(configured_markdown, text: str) -> None:
    direct = convert(configured_markdown, text)
    direct_toc = configured_markdown.toc_tokens
    assert same_page(through_stash(configured_markdown, text)) == same_page(direct)
    assert configured_markdown.toc_tokens == direct_toc


@pytest.mark.parametrize("text", [
    "<p>一</p>\n普通文字会成为段落\n",          # Markdown text after a block
    "<div>一</div> 尾巴\n",                    # text after the block on its line
    "<span>行内标签开头</span>\n",              # an inline tag is wrapped in <p>
    "!!! danger \"红线\"\n    正文\n",           # an admonition
    "<div>\n<script>if (a < b) {}</script>\n</div>\n",
    "<div>\n<p>没有关上\n",
    "   <div>缩进</div>\n",
    "#标签不是标题\n",
])
def test_anything_else_goes_through_markdown(text: str) -> None:
    assert stash_blocks(text) is None


def test_when_markdown_makes_other_than_a_line_per_heading_the_page_is_left_to_mkdocs() -> None:
    stashed = stash_blocks("# 一\n<p>x</p>\n## 二\n")
    assert stashed == Stashed("# 一\n\n## 二", [None, "<p>x</p>", None])
    assert restore_blocks('<h1 id="一">一</h1>\n<h2 id="二">二</h2>', stashed) == \
        '<h1 id="一">一</h1>\n<p>x</p>\n<h2 id="二">二</h2>'
    assert restore_blocks('<h1 id="一">一</h1>', stashed) is None  # a heading missing
    assert restore_blocks('<h1 id="一">一</h1>\n<p>多出来的段落</p>', stashed) is None
    assert restore_blocks("", Stashed("", ["<p>只有块</p>"])) == "<p>只有块</p>"


def test_a_page_made_with_the_site_markdown_carries_its_anchors_and_table_of_contents(configured_markdown) -> None:
    config = load_config(str(ROOT / "mkdocs.yml"))
    site_markdown = SiteMarkdown(config.markdown_extensions, config.mdx_configs)
    text = '# 标题\n\n<dl>\n<dt id="对账单">对账单</dt><dd>x</dd>\n</dl>\n\n## 小节\n\n<p id=\'a-1\'>y</p>\n'
    made = site_markdown.page(text)
    assert made is not None and made.made_from(text) and not made.made_from(text + " ")
    assert not made.made_from(text + "\ud800")  # a lone surrogate (another plugin's doing) is compared too
    assert made.anchor_ids == {"标题", "对账单", "小节", "a-1"}
    assert [t["id"] for t in made.toc_tokens] == ["标题"] and made.toc_tokens[0]["children"][0]["name"] == "小节"
    assert same_page(made.html) == same_page(convert(configured_markdown, text))
    second = site_markdown.page("## 小节\n\n<p>z</p>\n")  # the same instance, reset: no id taken over
    assert second is not None and second.anchor_ids == {"小节"}
    # Markdown links in headings are MkDocs' to rewrite
    assert site_markdown.page("## [看这里](other.md)\n\n<p>z</p>\n") is None
