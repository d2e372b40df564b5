"""page_sections makes the sections Material's search parser (with huikuan's exclusion fix)
makes: on every generated page, on hand-picked HTML and on random HTML."""

from __future__ import annotations

import random

import pytest
from conftest import LIBRARY, ROOT

from generator.plugin.search_parser import ExcludingParser, _NotPlain, _read, page_sections


def parsed(sections) -> list[tuple]:
    return [(s.el.tag, s.el.attrs, s.id, s.depth, s.title, s.text, s.is_excluded()) for s in sections]


def by_material(html: str) -> list[tuple]:
    parser = ExcludingParser()
    parser.feed(html)
    parser.close()
    return parsed(parser.data)


# HTML the regular expression reads itself: each a rule of Material's callbacks.
READ_HERE = [
    '<h1 id="t">题</h1><div class="a" data-search-exclude><div><p>去</p></div><ul><li>去</li></ul></div><p>留</p>',
    '<div data-search-exclude>去</div><h1 id="t">第一个标签被排除时，开头的节照旧</h1><p>留</p>',
    '<p>标题之前的文字</p><h2 id="a">不是 h1：前面补一个节</h2><p>留</p>',
    '<h2 id="a" data-search-exclude>节</h2><p>这一节整个不进索引</p><h2 id="b">节二</h2><p>留</p>',
    '<div data-search-exclude><h3 id="inner">里面有带 id 的标题：开一节</h3><p>去</p></div><p>留</p>',
    '<div data-search-exclude><H3 ID = "inner">大写、带空格的 id</H3></div><P>留</P>',
    '<DIV DATA-SEARCH-EXCLUDE>大写的属性名</DIV><p>留</p>',
    '<div data-search-exclude><ul><li>未闭合</ul></div><p>留</p>',
    '<div data-search-exclude><p>错位</div></p><p>留</p>',
    '<div title="1 < 2" data-search-exclude><p>去</p></div><p data-search-exclude>二<span>去</span></p>',
    '<p title="x data-search-exclude">属性值里的字样不算</p>',
    '<p data-search-exclude=""><br/>去<img src="x"><span/>去</p><p>留</p>',
    '<div data-search-exclude><p>到结尾都没关上',
    '<div data-search-exclude>一</div><div data-search-exclude>二</div><p>留</p>',
    '<div data-search-exclude><o:p>x</div><p>名字里带冒号的标签没关上：后面都不进索引</p>',
    '<div class="o"><div data-search-exclude><img alt="a><div>">x</div><p>留</p></div><p>二</p>',
    '<h2 id="ab">正文里的实体</h2><p>1 &lt; 2 &amp;&nbsp;3 &#20013; &amp 半个&</p>',
    '<h2 id="s">标题<a class="headerlink" href="#s">&para;</a></h2><p class=headerlink>不是链接：照收</p>',
    '<h2 id="s">标题<a class=\'headerlink\' href=#s>¶</a></h2><p>单引号、不加引号的属性值</p>',
    '<pre><code>  两个空格\n  换行保留</code></pre><p>  空白\n\n  合并  </p>',
    '<p></p><p>  </p><ul><li> </li><li>空元素去掉</li></ul><p>有<code></code>字</p>',
    '<div><h2 id="n">嵌在 div 里的标题</h2><p>属于它</p></div><p>div 关上后回到前一节</p>',
    '<div class="linenodiv"><pre>1\n2</pre></div><p>行号不进索引</p>',
    '<h3 id="x">没有 id 的同级标题<h3>里的字进标题</h3></h3><p>正文</p>',
    '<hx>与开头的节同名的元素</hx><p>x</p>',
    '<p id="a" id="b" class="linenodiv" class="x">重复的属性：后一个算</p>',
    '<p>未闭合的段落<ul><li>列表</ul>',
    '',
]

# HTML left to HTMLParser: the regular expression stops, and page_sections is Material's.
LEFT_TO_HTMLPARSER = [
    '<div class="note"><!-- <div data-search-exclude> --><p>注释</p></div><p>留</p>',
    '<div data-search-exclude><script>var s="</div>";</script><p>去</p></div><p>留</p>',
    '<p>留</p><object><p>去</p></object><p>留二</p><style>p { color: red }</style><p>留三</p>',
    '<div data-search-exclude><p>a < b</p></div><p>留</p>',
    '<!doctype html><p>文档类型</p>',
    '<p>结束标签里有空白</ p><p>x</p>',
    '<p\u3000class="x">全角空格不是标签里的空白</p>',
    '<textarea><p>文本</p></textarea>',
    # a character reference in an attribute: it could spell a class, and Python versions differ
    '<div class="&#108;inenodiv">行号</div><p>x</p>',
    '<h2 id=s>T<a class="&#104;eaderlink" href=#s>P</a></h2>',
    '<h2 id="a&copyb">3.13 起不再解码没有分号的引用</h2>',
    '<div title="1 &lt; 2" data-search-exclude><p>去</p></div><p>留</p>',
]


@pytest.mark.parametrize("html", READ_HERE)
def test_read_like_material(html: str) -> None:
    assert parsed(_read(html)) == by_material(html)


@pytest.mark.parametrize("html", LEFT_TO_HTMLPARSER)
def test_left_to_htmlparser(html: str) -> None:
    with pytest.raises(_NotPlain):
        _read(html)
    assert parsed(page_sections(html)) == by_material(html)


def test_every_generated_page_is_read_here_with_material_sections() -> None:
    from mkdocs.config import load_config

    from generator.pipeline import load_library
    from generator.render.site import SiteOptions, render_site
    from generator.render.site.html_blocks import SiteMarkdown

    config = load_config(str(ROOT / "mkdocs.yml"))
    options = SiteOptions(markdown=SiteMarkdown(config.markdown_extensions, config.mdx_configs))
    pages = [page for page in render_site(load_library(LIBRARY), options) if page.html is not None]
    assert len(pages) > 100
    for page in pages:
        if page.meta.get("search", {}).get("exclude"):
            continue
        assert parsed(_read(page.html.html)) == by_material(page.html.html), page.path


FRAGMENTS = [
    "<p>", "</p>", "<div>", "</div>", "<div data-search-exclude>", "<ul>", "</ul>", "<li>", "</li>",
    '<h1 id="t">', "</h1>", '<h2 id="a">', '<h2 id="b-c">', "</h2>", "<h3>", "</h3>", "<H3 ID = 'u'>",
    "</H3>", '<a class="headerlink" href="#a">', '<a href="x">', "</a>", "<pre>", "</pre>", "<code>", "</code>",
    "<br>", "<br/>", '<img src=x alt="a>b">', "<span/>", '<div class="linenodiv">', '<p data-search-exclude="">',
    '<h2 id="c" data-search-exclude>', "文字", " ", "\n", "  \n ", "a &lt; b", "&amp;", "&nbsp;", "&#20013;", "&amp",
    "x\ny", "\r\n", "<hx>", "</hx>", "<sub>", "</sub>", "<DIV Data-Search-Exclude>", "</DIV>", '<h4 id="d">', "</h4>",
]


def test_random_html_read_like_material() -> None:
    """Seeded random documents from fragments that exercise every rule; most are read here."""
    rng = random.Random(8)
    read_here = 0
    for _ in range(3000):
        html = "".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 30)))
        expected = by_material(html)
        try:
            assert parsed(_read(html)) == expected, html
            read_here += 1
        except _NotPlain:
            assert parsed(page_sections(html)) == expected, html
    assert read_here > 2500
