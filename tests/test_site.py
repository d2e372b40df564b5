"""The site, built for real by MkDocs from a small library and hand-written pages."""

from __future__ import annotations

import csv
import io
import json
import posixpath
import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import LIBRARY, MINI, count_forks, run_cli
from sitebuild import build, project, search_index

from generator.render.site.finder import FIELDS, CharacterCode, compact

PAGES = {
    "index.md": "# 首页\n\n先看 [[no-money]]，再看 [[m1-first-call|第一通电话]]。\n\n"
                "![[no-money]]\n\n代码里的 `[[not-a-link]]` 不算链接。\n\n## 诉讼时效与对账单\n\n正文。\n",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = project(tmp_path_factory.mktemp("site"), MINI, PAGES)
    code, output = build(root)
    assert code == 0, output
    return root / "site"


def read(site: Path, path: str) -> str:
    return (site / path).read_text(encoding="utf-8")


def test_every_entry_has_a_page(site: Path) -> None:
    for path in ["objections/no-money.html", "scripts/m1-first-call.html", "legal/no-threats.html",
                 "checklists/evidence.html", "letters/reminder.html", "cases/case-a.html"]:
        assert "<h1" in read(site, path), path


def test_objection_card(site: Path) -> None:
    page = read(site, "objections/no-money.html")
    for text in ("现在公司没钱。", "账上真没钱", "先分清是真困难还是托词", "确有困难", "没钱就去借啊。",
                 "把约定的日期用微信书面确认"):
        assert text in page
    # one line per thing a collector says, 1 probe + 2 responses; huikuan.js gives each a copy button
    assert page.count('class="hk-line"') == 3 and "hk-copy" not in page
    assert 'class="hk-bad__label">反例' in page
    assert "培训组 · 审核于 2026-11-01" in page
    # backlinks: the script and the case that reference it are listed
    assert 'href="../scripts/m1-first-call.html"' in page and 'href="../cases/case-a.html"' in page


def test_placeholders_are_marked(site: Path) -> None:
    page = read(site, "scripts/m1-first-call.html")
    assert '<span class="hk-ph" data-ph="客户名称">{客户名称}</span>' in page
    assert '<span class="hk-ph" data-ph="欠款金额">{欠款金额}</span>' in page


def test_pages_load_the_forms_words_before_the_form(site: Path) -> None:
    """What the fill-in form says of values that contradict each other is huikuan letter's wording,
    written by Python into a script every page loads before huikuan.js."""
    from generator.render.site.bundle import placeholder_words

    page = read(site, "letters/reminder.html")
    assert 0 < page.index("huikuan/placeholders.js") < page.index("huikuan/huikuan.js")
    words = read(site, "assets/huikuan/placeholders.js")
    assert words == placeholder_words() and "算不出天数" in words


def test_index_pages(site: Path) -> None:
    for stage in ("m0", "m1", "m2"):
        assert (site / f"stages/{stage}.html").is_file()
    m1 = read(site, "stages/m1.html")
    assert "逾期后的第一通电话" in m1 and "没钱" in m1
    for path in ("debtor-types/slow-payer.html", "channels/phone.html", "categories/cash-flow.html",
                 "tags.html", "glossary.html", "review.html", "legal/index.html", "scripts/index.html"):
        assert (site / path).is_file(), path
    assert "对账单" in read(site, "glossary.html")
    tags = read(site, "tags.html")
    assert '<h2 id="1">首次逾期</h2>' in tags
    assert 'href="scripts/m1-first-call.html">逾期后的第一通电话</a></li>' in tags
    assert "温和地确认逾期" not in tags  # titles only: an entry is listed under each of its tags


def test_library_overview_lists_every_kind_for_readers(site: Path) -> None:
    from generator.schemaset import load_schemas

    overview = read(site, "library/index.html")
    for kind in load_schemas().entry_kinds:
        count = len(list((MINI / kind.folder).glob("*.yaml")))
        row = re.search(rf'<tr><td><a href="../{kind.folder}/index.html">{kind.name}</a></td><td>(\d+)</td>'
                        r"<td>(.*?)</td></tr>", overview)
        assert row and int(row.group(1)) == count, kind.id
        assert row.group(2) == kind.lead and kind.lead.endswith("。")
        # the contributor's part of the description (the file name is the ID) stays on the reference page
        assert f'<p class="hk-lead">{kind.lead}</p>' in read(site, f"{kind.folder}/index.html")
    assert "文件名就是异议 ID" not in overview + read(site, "objections/index.html")


def test_theme_files_the_site_never_loads_are_left_out(site: Path, tmp_path: Path) -> None:
    from mkdocs.structure.files import File, Files

    from generator.plugin.theme_assets import lunr_files, unused_theme_files

    assert list(site.rglob("*.map")) == []
    lunr = site / "assets/javascripts/lunr"
    assert sorted(p.relative_to(lunr).as_posix() for p in lunr.rglob("*.js")) == [
        "min/lunr.stemmer.support.min.js", "min/lunr.zh.min.js"]
    assert (site / "assets/javascripts/workers").is_dir() and list(site.glob("assets/javascripts/bundle.*.min.js"))
    assert lunr_files(["en"]) == set()
    assert {n.removeprefix("assets/javascripts/lunr/") for n in lunr_files(["ja", "en"])} == {
        "min/lunr.ja.min.js", "min/lunr.multi.min.js", "min/lunr.stemmer.support.min.js", "tinyseg.js"}
    # only the theme's files go: a map or a lunr file of the author's own stays
    theme, docs = tmp_path / "theme", tmp_path / "docs"
    names = {theme: ["assets/javascripts/bundle.min.js.map", "assets/javascripts/lunr/wordcut.js",
                     "assets/javascripts/lunr/min/lunr.zh.min.js", "assets/javascripts/bundle.min.js"],
             docs: ["assets/own.js.map", "assets/javascripts/lunr/min/lunr.fr.min.js"]}
    for folder, paths in names.items():
        for name in paths:
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_text("x", encoding="utf-8")
    out = str(tmp_path / "site")
    files = Files([File(n, str(folder), out, False) for folder, paths in names.items() for n in paths])
    unused = unused_theme_files(files, [str(theme)], ["zh"])
    assert [f.src_uri for f in unused] == names[theme][:2]


def test_search_worker_query_segmentation_is_mended(site: Path) -> None:
    from material import templates

    from generator.plugin.theme_assets import WORKERS, mend_query_segmentation

    shipped = {p.name: p.read_text(encoding="utf-8") for p in (Path(templates.__file__).parent / WORKERS).glob("*.js")}
    built = {p.name: p.read_text(encoding="utf-8") for p in (site / WORKERS).glob("*.js")}
    assert shipped.keys() == built.keys() and len(built) == 1
    # the installed Material is the code the mends were written for (a new release fails here:
    # check its query/segment/index.ts and the mends)
    assert all(built[name] == mend_query_segmentation(script) != script for name, script in shipped.items())
    assert mend_query_segmentation("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e") is None  # one mend alone


def test_coverage_matrix_marks_empty_cells(site: Path) -> None:
    page = read(site, "coverage.html")
    cells = re.findall(r'<td class="hk-cell( hk-cell--empty)?" data-scripts="(\d+)"', page)
    assert len(cells) == 3 * 2
    assert sum(1 for empty, n in cells if empty) == sum(1 for _, n in cells if n == "0") == 5


def _section(page: str, anchor: str) -> str:
    """What follows the heading with this id, up to the next heading of any level."""
    return page.split(f'id="{anchor}"', 1)[1].split("</h", 1)[1].split("<h", 1)[0]


def test_coverage_cells_link_to_their_entries(site: Path) -> None:
    page = read(site, "coverage.html")
    cells = re.findall(r'<td class="hk-cell[^"]*" data-scripts="(\d+)" data-objections="(\d+)">(.*?)</td>', page)
    assert len(cells) == 3 * 2
    linked = 0
    for scripts, objections, inner in cells:
        link = re.match(r'<a href="(debtor-types/[\w-]+\.html)#([\w-]+)">', inner)
        if scripts == objections == "0":
            assert link is None, inner  # nothing to show: no link
            continue
        linked += 1
        listed = _section(read(site, link.group(1)), link.group(2))  # the stage's part of the type's page
        assert listed.count('href="../scripts/') == int(scripts), inner
        assert listed.count('href="../objections/') == int(objections), inner
    assert linked == 2  # m1 × 便秘型: a script and a handler; m2 × 便秘型: a handler only
    # The total is the stage's distinct scripts, linked to the stage page's list of them.
    totals = re.findall(r'<td class="hk-total" data-scripts="(\d+)">(.*?)</td>', page)
    assert [n for n, _ in totals] == ["0", "1", "0"]
    link = re.fullmatch(r'<a href="(stages/m1\.html)#(scripts)">1</a>', totals[1][1])
    assert link and read(site, link.group(1)).split('id="scripts"', 1)[1].split("<h2", 1)[0].count(
        'href="../scripts/') == 1
    assert "“合计”是这个阶段的话术条数，不是同一行各格相加" in page


def test_content_links_and_embeds(site: Path) -> None:
    page = read(site, "index.html")
    assert '<a href="objections/no-money.html">没钱</a>' in page
    assert '<a href="scripts/m1-first-call.html">第一通电话</a>' in page
    assert 'class="hk-embed hk-embed--objection" data-id="no-money"' in page
    assert "<code>[[not-a-link]]</code>" in page


def test_chinese_headings_get_readable_anchors(site: Path) -> None:
    assert 'id="诉讼时效与对账单"' in read(site, "index.html")
    assert 'id="判断真困难还是托词"' in read(site, "objections/no-money.html")


def test_search_index_keeps_library_terms_whole(site: Path) -> None:
    _, index = search_index(site)
    tokens = {t for doc in index["docs"] for t in re.split(r"[\u200b\s]+", doc["text"] + " " + doc["title"])}
    assert "对账单" in tokens and "诉讼时效" in tokens


def test_a_generated_page_another_plugin_changes_is_rendered_from_its_changed_markdown(tmp_path: Path) -> None:
    """Generated pages come with their HTML made; a plugin (here a hook) that changes one's
    Markdown gets that Markdown rendered, and the pages it leaves alone keep theirs."""
    proj = project(tmp_path, MINI, pages={"index.md": "# 首页\n"})
    (proj / "hooks.py").write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.meta.get('hk_id') == 'no-money':\n"
        "        return markdown + '\\n\\n**钩子改过的段落**\\n'\n", encoding="utf-8")
    with (proj / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nhooks:\n  - hooks.py\n")
    code, out = build(proj)
    assert code == 0, out
    assert "<strong>钩子改过的段落</strong>" in read(proj / "site", "objections/no-money.html")
    assert "钩子改过" not in read(proj / "site", "scripts/m1-first-call.html")


def test_search_index_is_written_once_where_the_offline_plugin_puts_it(tmp_path: Path) -> None:
    from generator.render.site.search import OFFLINE_PREFIX, WORD_BREAK, compact_search_index, read_offline_index

    index = {"config": {"lang": ["zh"]},
             "docs": [{"location": "a.html", "title": f"甲{WORD_BREAK}乙", "text": f"没{WORD_BREAK}钱\n"}]}
    for one_copy in (True, False):
        folder = tmp_path / str(one_copy)
        folder.mkdir()
        (folder / "search_index.json").write_text(json.dumps(index), encoding="utf-8")
        (folder / "search_index.js").write_text(OFFLINE_PREFIX + json.dumps(index), encoding="utf-8")
        compact_search_index(folder, one_copy=one_copy)
        kept = folder / ("search_index.js" if one_copy else "search_index.json")
        assert (folder / "search_index.json").exists() is not one_copy
        text = kept.read_text(encoding="utf-8")
        assert (read_offline_index(text) if one_copy else json.loads(text)) == index
        assert "没" in text  # rewritten as UTF-8, not left as Material wrote it
        # the offline copy writes its word breaks in one byte (DEL) instead of three
        assert (WORD_BREAK in text) is not one_copy and ("\x7f" in text) is one_copy


def test_an_index_with_a_del_of_its_own_keeps_it(tmp_path: Path) -> None:
    """Only word breaks may come back from DEL: an index with a DEL keeps its breaks as they are."""
    from generator.render.site.search import WORD_BREAK, offline_index, read_offline_index

    index = {"config": {}, "docs": [{"location": "a.html", "title": "甲", "text": f"没{WORD_BREAK}钱\x7f"}]}
    text = offline_index(json.loads(json.dumps(index)))
    assert read_offline_index(text) == index and "\x7f" not in text and WORD_BREAK in text


def test_search_index_is_utf8_and_tags_each_page_once(tmp_path: Path) -> None:
    from generator.render.site.search import compact_search_index

    docs = [{"location": "objections/a.html", "title": "甲", "text": "", "tags": ["核销", "对账"]},
            {"location": "objections/a.html#说法", "title": "说法", "text": "<p>已经付了</p>",
             "tags": ["核销", "对账"]},
            {"location": "objections/b.html", "title": "乙", "text": "没钱"}]
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps({"config": {"lang": ["zh"]}, "docs": docs}), encoding="utf-8")
    compact_search_index(tmp_path, one_copy=False)
    raw = path.read_text(encoding="utf-8")
    assert "已经付了" in raw and len(raw.encode()) < len(json.dumps({"config": {"lang": ["zh"]}, "docs": docs}))
    written = json.loads(raw)["docs"]
    assert [d.get("tags") for d in written] == [["核销", "对账"], None, None]
    assert [{k: v for k, v in d.items() if k != "tags"} for d in written] == \
        [{k: v for k, v in d.items() if k != "tags"} for d in docs]


def test_search_index_drops_word_breaks_the_browser_does_not_need(tmp_path: Path) -> None:
    import jieba

    from generator.render.site.search import WORD_BREAK, compact_docs, compact_search_index

    separator = r"[\s\u200b\-，。！？、；：“”（）]+"
    sentences = ["目标：在付款日前确认验收已通过；如有质量异议，约定对方书面提出的期限。",
                 "“到时候扣一下”是克扣型的信号。先不反驳（把问题具体化）", "合同 编号\x1c写在 对账单上"]
    docs = [{"location": f"p{i}.html", "title": "使用要点", "text": WORD_BREAK.join(jieba.cut(s))}
            for i, s in enumerate(sentences)]
    docs[0]["title"] = WORD_BREAK.join(["使用", "要点", "：", "", "一"])
    original = {"config": {"lang": ["zh"], "separator": separator}, "docs": docs}
    path = tmp_path / "search_index.json"
    path.write_text(json.dumps(original, ensure_ascii=False), encoding="utf-8")
    compact_search_index(tmp_path, one_copy=False)
    written = json.loads(path.read_text(encoding="utf-8"))["docs"]

    def words(text: str) -> list[str]:
        return [w for w in re.split(separator, text) if w]

    for before, after in zip(docs, written, strict=True):
        for key in ("title", "text"):
            assert words(after[key]) == words(before[key])  # what the browser indexes and highlights
    assert sum(len(d["text"]) for d in written) < sum(len(d["text"]) for d in docs)
    assert f"{WORD_BREAK}：" not in written[0]["text"] and f"；{WORD_BREAK}" not in written[0]["text"]
    assert f"付款{WORD_BREAK}日" in written[0]["text"] or f"付款日{WORD_BREAK}" in written[0]["text"]
    assert written[0]["title"] == f"使用{WORD_BREAK}要点：一"
    # \x1c is whitespace to Python's \s, not to JavaScript's: the break beside it stays
    assert f"\x1c{WORD_BREAK}" in written[2]["text"] or f"{WORD_BREAK}\x1c" in written[2]["text"]
    # compacted batch by batch, as the build does while the worker indexes, the docs are the same
    tagged: set[str] = set()
    batches = [json.loads(json.dumps(docs[:1])), json.loads(json.dumps(docs[1:]))]
    for batch in batches:
        batch[0]["tags"] = ["标签"]
        compact_docs(batch, separator, tagged)
    assert [d["text"] for d in batches[0] + batches[1]] == [d["text"] for d in written]
    assert "tags" in batches[0][0] and "tags" in batches[1][0]
    again = json.loads(json.dumps(docs[1:]))
    again[0]["tags"] = ["标签"]
    compact_docs(again, separator, {"p1.html"})  # a page whose tags an earlier batch kept
    assert "tags" not in again[0]


def search_sections(html: str, parser_class=None) -> list[tuple[str, str]]:
    """(title, text) of each section a search parser (Material's by default) makes of this HTML."""
    from material.plugins.search.plugin import Parser

    parser = (parser_class or Parser)()
    parser.feed(html)
    parser.close()
    return [("".join(s.title), "".join(s.text).strip()) for s in parser.data if not s.is_excluded()]


def test_blocks_excluded_from_search_stay_out_of_it() -> None:
    from generator.plugin.search_parser import ExcludingParser

    related = ('<h2 id="r">相关条目</h2><div class="hk-related" data-search-exclude>'
               '<div class="g"><h4>注意的法律红线</h4><ul class="hk-list" data-search-exclude><li>甲</li></ul></div>'
               '<div class="g"><h4>衔接的话术</h4><ul><li>乙</li></ul></div></div>')
    page = f'<h1 id="t">标题</h1><p>正文</p>{related}<h2 id="s">说法</h2><p>没钱</p>'
    # Material's parser alone lets the labels after a nested </div> through (compares by tag)
    assert "衔接的话术" in str(search_sections(page))
    assert search_sections(page, ExcludingParser) == [("标题", "<p>正文</p>"), ("相关条目", ""),
                                                      ("说法", "<p>没钱</p>")]
    # everything else as Material does it: comments, scripts, attributes, unclosed elements
    same = ['<div class="note"><!-- <div data-search-exclude> --><p>留一</p></div><p>留二</p>',
            '<div data-search-exclude><script>var s="</div>";</script><p>去</p></div><p>留</p>',
            '<div class="o"><div data-search-exclude><img alt="<div>">去</div><p>留一</p></div><p>留二</p>',
            '<p title="x data-search-exclude">留</p><ul><li data-search-exclude>去<li>留</ul>',
            '<h2 id="a" data-search-exclude>节</h2><p>去</p><h2 id="b">节二</h2><p>留</p>',
            '<div data-search-exclude><p>未闭合',
            # skipped by tag, outside any excluded block (the parser's fast path must see them)
            '<p>留</p><object><p>去</p></object><p>留二</p><style>p { color: red }</style><p>留三</p>']
    for html in same:
        assert search_sections(html, ExcludingParser) == search_sections(html), html


def test_search_index_leaves_out_what_pages_exclude(site: Path) -> None:
    _, index = search_index(site)
    docs = [{k: d[k].replace("\u200b", "") for k in ("location", "title", "text")} for d in index["docs"]]
    entry = [d for d in docs if d["location"].startswith("scripts/m1-first-call.html")]
    assert [d["title"] for d in entry] == ["逾期后的第一通电话", "对话"]  # no 相关条目 section
    assert "注意的法律红线" in read(site, "scripts/m1-first-call.html")
    entries = [d for d in docs if d["location"].split("/")[0] in ("scripts", "objections", "legal", "cases")]
    assert not any(label in d["text"] for d in entries for label in ("注意的法律红线", "可能遇到的异议", "源文件"))


def test_chinese_is_segmented_as_material_does_once_per_run(tmp_path: Path) -> None:
    import jieba
    from material.plugins.search.plugin import SearchIndex

    from generator.render.site import search

    texts = [yaml_file.read_text(encoding="utf-8") for yaml_file in sorted((LIBRARY / "objections").glob("*.yaml"))]
    texts += ["", "ASCII only", "客户", "客户：我们在开会。客户", "𠀀𠀁 漢字 한국어 ひらがな 中文English混排123"]
    material = SearchIndex()
    for text in texts:
        assert search.segment_chinese(text) == material._segment_chinese(text)
    assert search._segmented.cache_info().hits > 0
    # a new user dictionary changes how a run splits: nothing segmented before it is reused
    run = "回款账龄闸门"
    before = search.segment_chinese(run)
    dictionary = tmp_path / "terms.txt"
    dictionary.write_text(f"{run} 100000\n", encoding="utf-8")
    try:
        search.use_user_dictionary(dictionary)
        assert search.segment_chinese(run) == run == material._segment_chinese(run) != before
        other = "催款闸机口"
        split = search.segment_chinese(other)
        jieba.add_word(other, freq=100000)  # any change to jieba's words, not only ours
        assert search.segment_chinese(other) == material._segment_chinese(other) == other != split
    finally:
        search._loaded_user_dictionary = None
        jieba.dt.initialized = False
        search._segmented.cache_clear()


def test_finder_index(site: Path) -> None:
    script = read(site, "assets/huikuan/finder-index.js")
    data = json.loads(script.removeprefix("window.HK_FINDER=").rstrip(";\n"))
    assert data["fields"][:2] == ["id", "title"]
    (item,) = data["items"]
    assert "账上" not in script  # the texts are in the index's character code
    code = CharacterCode(data["codec"]["chars"], data["codec"]["single"], data["codec"]["alphabet"])
    assert item[0] == "no-money" and "账上真没钱" in code.decode(item[3]) and data["categories"][item[2]] == "资金困难"
    assert code.decode(item[1]) == "没钱"
    assert data["url"].replace("ID", item[0]) == "../objections/no-money.html"
    answers = read(site, "assets/huikuan/finder-answers.js")
    assert answers.startswith("window.HK_ANSWERS=") and "我们可以一起看看分期的办法。" in answers
    finder = read(site, "finder/index.html")
    assert 'id="finder-input"' in finder and 'id="finder-results"' in finder


def test_character_code_round_trip_and_frequency() -> None:
    texts = ["我们没钱|账上没钱", "下个月再付 OA 没批", "𠮷野家的𠮷"]  # 𠮷 is outside the BMP
    code = CharacterCode.fit(texts)
    assert code is not None and code.single == len(code.alphabet)  # few characters: all single
    assert [code.decode(code.encode(t)) for t in texts] == texts
    assert code.chars[0] == "没" and len(code.encode("没")) == 1  # three times, the most frequent
    assert all(len(json.dumps(code.encode(t))) == len(code.encode(t)) + 2 for t in texts)  # no escapes


def test_character_code_pairs_and_overflow() -> None:
    texts = ["".join(chr(0x4E00 + i) for i in range(30)) + "一一一"]
    code = CharacterCode.fit(texts, alphabet="abcdefgh")  # 8 symbols: 64 - 30 // 7 -> 4 single
    assert code.single == (64 - 30) // 7 == 4 and code.chars[0] == "一"
    encoded = code.encode(texts[0])
    assert code.decode(encoded) == texts[0] and len(encoded) == 4 + 26 * 2 + 3
    assert CharacterCode.fit(["".join(chr(0x4E00 + i) for i in range(65))], alphabet="abcdefgh") is None
    data = {"fields": FIELDS, "items": [["x", "".join(chr(0x4E00 + i) for i in range(65)), 0, "说"]]}
    assert compact(data, alphabet="abcdefgh") == data  # no code fits: the texts stay as they are


def test_exports(site: Path) -> None:
    library = json.loads(read(site, "api/library.json"))
    assert library["schema_version"] == "2026.11"
    assert [o["id"] for o in library["objections"]] == ["no-money"]
    rows = list(csv.reader(io.StringIO(read(site, "api/scripts.csv").lstrip("\ufeff"))))
    assert rows[0][:3] == ["id", "title", "summary"] and rows[1][0] == "m1-first-call"
    assert rows[1][rows[0].index("stages")] == "m1"


def test_no_reference_to_other_hosts(site: Path) -> None:
    offenders = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".js", ".css") or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.name.startswith("bundle.") and path.parent.name == "javascripts":
            # Material's bundle names unpkg only as fallbacks it loads for mermaid diagrams (none
            # here) and for browsers without ResizeObserver; the browser tests watch real requests.
            text = re.sub(r"https://unpkg\.com/(mermaid@\d+/dist/mermaid\.min\.js|resize-observer-polyfill)", "", text)
        for pattern in (r"fonts\.googleapis", r"fonts\.gstatic", r"unpkg\.com", r"cdn\.jsdelivr",
                        r"<script[^>]+src=\"https?://", r"<link[^>]+href=\"https?://[^\"]+\.css"):
            if re.search(pattern, text):
                offenders.append((path.relative_to(site).as_posix(), pattern))
    assert offenders == []
    assert (site / "assets/huikuan/vendor/iframe-worker-shim.js").is_file()


def test_unknown_id_in_a_page_fails_with_file_and_line(tmp_path: Path) -> None:
    root = project(tmp_path, MINI, {"index.md": "# 首页\n\n第三行\n看 [[no-mony]]。\n"})
    code, output = build(root)
    assert code == 1
    assert re.search(r"content/index\.md:4:3: error\[E313\] \[\[no-mony\]\]", output), output
    assert "no-money" in output  # the suggestion
    assert not (root / "site").exists()


@pytest.mark.parametrize(("lang", "said"), [("zh", "页面里有不存在的条目 ID"), ("en", "unknown entry IDs in a page")])
def test_mkdocs_build_refuses_in_the_plugins_language(tmp_path: Path, lang: str, said: str) -> None:
    """`mkdocs build` has no --lang: the plugin's `lang` setting words what stops it."""
    import subprocess
    import sys

    root = project(tmp_path, MINI, {"index.md": "# 首页\n\n看 [[no-mony]]。\n"})
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("  - huikuan:\n", f"  - huikuan:\n      lang: {lang}\n"), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config)], cwd=root,
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 1 and f"huikuan: {said}" in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_library_errors_stop_the_build_and_keep_the_old_site(tmp_path: Path) -> None:
    root = project(tmp_path, MINI, PAGES)
    assert build(root)[0] == 0
    before = (root / "site/objections/no-money.html").read_bytes()
    (root / "scripts_library/objections/no-money.yaml").write_text("title: [\n", encoding="utf-8")
    code, output = build(root)
    assert code == 1 and "E101" in output
    assert (root / "site/objections/no-money.html").read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("site")] == ["site"]


def test_library_text_is_never_markup(tmp_path: Path) -> None:
    root = project(tmp_path, MINI, PAGES)
    path = root / "scripts_library/objections/no-money.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("title: 没钱", "title: \"<script>alert('t')</script>没钱\"")
    text = text.replace("summary: 先分清是真困难还是托词。",
                        "summary: \"先分清 <img src=x onerror=alert(1)> [点我](javascript:alert(2)) ![i](http://evil.example/x.png)\"")
    path.write_text(text, encoding="utf-8")
    assert build(root)[0] == 0
    page = (root / "site/objections/no-money.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "javascript:alert" not in page and "evil.example" not in page


def test_pages_for_another_builder_build_with_zensical(tmp_path: Path) -> None:
    """`huikuan pages` writes plain Markdown that Zensical (no MkDocs plugins) builds."""
    import shutil
    import subprocess

    from conftest import run_cli

    content = tmp_path / "content"
    content.mkdir()
    (content / "index.md").write_text(PAGES["index.md"], encoding="utf-8")
    out = tmp_path / "out"
    code, output = run_cli("pages", "--library", str(MINI), "--content", str(content), "--out", str(out))
    assert code == 0, output
    index = (out / "docs/index.md").read_text(encoding="utf-8")
    assert "[没钱](objections/no-money.md)" in index and "[[" not in index.replace("`[[not-a-link]]`", "")
    zensical = shutil.which("zensical") or str(Path(__import__("sys").executable).parent / "zensical")
    proc = subprocess.run([zensical, "build"], cwd=out, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    page = (out / "site/objections/no-money.html").read_text(encoding="utf-8")
    assert page.count('class="hk-line"') == 3 and "账上真没钱" in page
    assert "huikuan/huikuan.js" in page  # which adds the copy buttons
    assert (out / "site/assets/huikuan/finder-index.js").is_file()
    assert (out / "site/api/library.json").is_file()


def test_pages_report_unknown_ids(tmp_path: Path) -> None:
    from conftest import run_cli

    (tmp_path / "c").mkdir()
    (tmp_path / "c/x.md").write_text("[[nope]]\n", encoding="utf-8")
    code, output = run_cli("pages", "--library", str(MINI), "--content", str(tmp_path / "c"),
                           "--out", str(tmp_path / "o"))
    assert code == 1 and "x.md:1:1: error[E313]" in output
    assert not (tmp_path / "o/docs").exists()


def test_compact_navigation_when_mkdocs_yml_sets_none(site: Path) -> None:
    """Entry pages are not in the navigation: a page's size must not grow with the library."""
    page = with_chrome_written(site, read(site, "objections/no-money.html"))
    nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>\n</div>', page, re.S).group()
    assert 'href="index.html"' in nav and 'href="../stages/index.html"' in nav and 'href="../cases/index.html"' in nav
    assert "m1-first-call.html" not in nav and "case-a.html" not in nav
    # the entry is shown in its list's place: the list and its section (the tab) are active
    assert re.search(r'<li class="md-nav__item md-nav__item--active">\s*<a href="index.html"', nav)
    tabs = re.search(r'<nav class="md-tabs".*?</nav>', page, re.S).group()
    assert re.findall(r'md-tabs__item--active">\s*<a [^>]*>\s*([^<]+?)\s*<', tabs) == ["条目"]


@pytest.mark.parametrize(("html", "stripped"), [
    # scripts of one line each: one pass over the page
    ('<div>\n  <p>\n\n    甲</p>\n\t<script src="x.js"></script>\n  <script>var a = 1;</script>\n</div>',
     '<div>\n<p>\n甲</p>\n<script src="x.js"></script>\n<script>var a = 1;</script>\n</div>'),
    # a block with indentation or blank lines of its own stays as it is, the rest does not
    ('<div>\n  <pre>\n  一\n\n  二</pre>\n  <p>三</p></div>', '<div>\n<pre>\n  一\n\n  二</pre>\n<p>三</p></div>'),
    ('<div>\n  <SCRIPT>\n  if (a) {\n    b();\n  }</SCRIPT>\n\n  <textarea>\n x</textarea></div>',
     '<div>\n<SCRIPT>\n  if (a) {\n    b();\n  }</SCRIPT>\n<textarea>\n x</textarea></div>'),
])
def test_indentation_stripped_outside_pre_textarea_and_script(html: str, stripped: str) -> None:
    from generator.render.site.minify import strip_indentation

    assert strip_indentation(html) == stripped


def test_pages_carry_no_indentation(site: Path) -> None:
    page = read(site, "objections/no-money.html")
    outside_pre = re.sub(r"<(pre|script)\b.*?</\1>", "", page, flags=re.S)
    assert not re.search(r"\n[ \t]{2,}<", outside_pre)
    page = with_chrome_written(site, page)  # Material's configuration comes from a shared script
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', page, re.S).group(1)
    assert json.loads(config)["translations"]["clipboard.copied"] == "已复制" and "\\u5df2" not in config
    assert "<" not in config


def test_compliance_report_lists_waivers(tmp_path: Path) -> None:
    root = project(tmp_path, MINI, PAGES)
    path = root / "scripts_library/scripts/m1-first-call.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - collector: 理解，那您看这周五之前能先安排多少？",
        "  - collector: 培训时讲清：找人收拾你这种话绝对不能说。")
    text = text.replace("owner: 培训组", "suppress:\n  - rule: CN-CRIM-293\n    field: turns[3].collector\n"
                        "    reason: 培训旁白，引用反例说明什么话不能说。\nowner: 培训组")
    path.write_text(text, encoding="utf-8")
    assert build(root)[0] == 0
    report = (root / "site/compliance.html").read_text(encoding="utf-8")
    assert "培训旁白，引用反例说明什么话不能说。" in report and "turns[3].collector" in report
    assert 'href="scripts/m1-first-call.html"' in report
    rule_page = (root / "site/legal/no-threats.html").read_text(encoding="utf-8")
    assert "书面豁免 1 处" in rule_page and "培训旁白" in rule_page


def test_entries_checked_are_listed_once_and_each_rule_page_links_there(site: Path) -> None:
    """Every rule checks every said line: the report lists the entries and their line counts,
    and each rule page links to that list instead of repeating it."""
    from generator.validate import check_library

    checked = check_library(MINI).compliance.checked
    report = read(site, "compliance.html")
    listed = dict(re.findall(r'<li><a href="([^"]+)\.html">[^<]*</a>（(\d+) 句）</li>', report))
    # an id of its own: a slug of Chinese text depends on the site's toc settings
    assert '<h2 id="checked">检查过的条目' in report
    assert listed == {_page_of(site, i): str(n) for i, n in checked.items()}
    assert len(listed) >= 3 and min(int(n) for n in listed.values()) >= 1
    assert checked["case-a"] == 2  # no said lines, but its two lessons are advice, checked too
    rule_page = read(site, "legal/no-threats.html")
    assert 'href="../compliance.html#checked"' in rule_page and "hk-checked__list" not in rule_page
    assert f"本库共有 {len(listed)} 个条目、{sum(checked.values())} 句话经过这条规则检查" in rule_page


def _page_of(site: Path, entry_id: str) -> str:
    (page,) = [p.relative_to(site).with_suffix("").as_posix() for p in site.glob(f"*/{entry_id}.html")]
    return page


def test_a_published_address_gives_a_sitemap_and_a_404_that_works_at_any_depth(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, site: Path) -> None:
    assert not (site / "sitemap.xml").exists()  # without one, MkDocs' sitemap has no addresses
    (tmp_path / "project").mkdir()
    root = project(tmp_path / "project", MINI, {"index.md": "# 首页\n"})
    out = tmp_path / "www/site"
    monkeypatch.setenv("HUIKUAN_SITE_URL", "https://kb.example.cn/huikuan/")
    code, output = run_cli("build", "--library", str(root / "scripts_library"), "-f", str(root / "mkdocs.yml"),
                           "--out", str(out))
    assert code == 0, output
    assert [p.name for p in out.parent.iterdir()] == ["site"]  # no empty scratch folder left beside it
    sitemap = (out / "sitemap.xml").read_text(encoding="utf-8")
    assert "<loc>https://kb.example.cn/huikuan/objections/no-money.html</loc>" in sitemap
    links = re.findall(r'(?:href|src)="(?!https?:|#)([^"]+)"', (out / "404.html").read_text(encoding="utf-8"))
    assert len(links) > 10 and all(link.startswith("/huikuan/") for link in links)


def test_every_internal_link_points_at_a_page(site: Path) -> None:
    """Links written into raw HTML are not checked by MkDocs: check them here."""
    broken = []
    for page in site.rglob("*.html"):
        if page.name == "404.html":  # MkDocs writes it with root-absolute links, for any depth
            continue
        text = page.read_text(encoding="utf-8")
        for href in re.findall(r'href="([^"#:?]+\.html)(?:#[^"]*)?"', text):
            if not (page.parent / href).resolve().is_file():
                broken.append((page.relative_to(site).as_posix(), href))
    assert broken == []


def test_search_indexed_in_a_worker_matches_the_serial_index(tmp_path: Path, monkeypatch) -> None:
    """Indexing on the second core (forked worker, or spawned as on macOS and Windows) writes
    exactly the index Material writes alone. The builds share this process, as serve's rebuilds
    do: jieba must not drift from one build to the next."""
    from generator.plugin import search_worker

    indexes = {}
    for way in ("fork", "spawn", "serial"):
        monkeypatch.setattr(search_worker, "fork_is_safe", lambda way=way: way != "spawn")
        (tmp_path / way).mkdir()
        root = project(tmp_path / way, MINI, PAGES)
        config = root / "mkdocs.yml"
        parallel = str(way != "serial").lower()
        config.write_text(config.read_text(encoding="utf-8").replace(
            "    playbooks: false\n", f"    playbooks: false\n      parallel_search: {parallel}\n"), encoding="utf-8")
        code, output = build(root, "--verbose")
        assert code == 0, output
        assert ("search indexed in a second process" in output) is (way != "serial")
        indexes[way] = search_index(root / "site")[1]
    assert len(indexes["serial"]["docs"]) > 40
    assert indexes["fork"] == indexes["serial"]
    assert indexes["spawn"] == indexes["serial"]


def test_batches_taken_back_from_a_worker_behind_match_the_serial_index(tmp_path: Path, monkeypatch) -> None:
    """When MkDocs' process has rendered every page, it indexes the batches the worker has not
    started (a slow worker here), by a second SearchIndex: the index must still be the serial
    one, and the worker keeps the batches it has started."""
    import os
    import time

    from generator.plugin import search_worker

    index_pages, here = search_worker._index_pages, os.getpid()

    def slowly_in_the_worker(index, pages):
        if os.getpid() != here:
            time.sleep(0.2)
        return index_pages(index, pages)

    monkeypatch.setattr(search_worker, "_index_pages", slowly_in_the_worker)  # the forked worker's too
    monkeypatch.setattr(search_worker, "BATCH", 2)
    indexes, outputs = {}, {}
    for parallel in ("true", "false"):
        (tmp_path / parallel).mkdir()
        root = project(tmp_path / parallel, MINI, PAGES)
        config = root / "mkdocs.yml"
        config.write_text(config.read_text(encoding="utf-8").replace(
            "    playbooks: false\n", f"    playbooks: false\n      parallel_search: {parallel}\n"), encoding="utf-8")
        code, outputs[parallel] = build(root, "--verbose")
        assert code == 0, outputs[parallel]
        indexes[parallel] = search_index(root / "site")[1]
    split = re.search(r"second process \((\d+) batches there, (\d+) here\)", outputs["true"])
    assert split is not None and int(split.group(1)) >= 1 and int(split.group(2)) >= 10, outputs["true"]
    assert indexes["true"] == indexes["false"]


CHROME_SCRIPT = re.compile(r'<script src="(?:\.\./)*(assets/huikuan/chrome/[0-9a-f]{16}\.js)"></script>')


def with_chrome_written(site: Path, html: str) -> str:
    """The page as the browser parses it: each shared partial's script replaced by what it writes."""
    def written(match: re.Match[str]) -> str:
        script = (site / match.group(1)).read_text(encoding="utf-8")
        assert script.startswith("document.write(") and script.endswith(");\n")
        return json.loads(script.removeprefix("document.write(").removesuffix(");\n"))

    return CHROME_SCRIPT.sub(written, html)


@pytest.mark.parametrize("instant", [False, True])
def test_shared_partials_leave_every_page_as_material_renders_it(tmp_path: Path, monkeypatch, instant: bool) -> None:
    """The partials rendered once per folder for pages outside the navigation make the same
    pages as rendering them on every page: written by shared scripts, or with Material's
    instant navigation (which would not run them) into each page."""
    from generator.plugin import shared_partials
    from generator.render.site.minify import strip_indentation

    names = {*shared_partials.SHARED_PARTIALS, *(f"{t}#{b}" for t, b in shared_partials.SHARED_BLOCKS.items())}
    calls: list[tuple[str, str]] = []
    share = shared_partials.SharedRenderings.__call__

    def counted(self, page, nav, name, caller):
        if not self.depth:  # not one included by a partial being shared
            calls.append((name, page.file.src_uri if page is not None else ""))
        return share(self, page, nav, name, caller)

    monkeypatch.setattr(shared_partials.SharedRenderings, "__call__", counted)
    sites = {}
    for shared in (True, False):
        if not shared:
            monkeypatch.setattr(shared_partials, "SHARED_PARTIALS", ())
            monkeypatch.setattr(shared_partials, "SHARED_BLOCKS", {})
        (tmp_path / str(shared)).mkdir()
        root = project(tmp_path / str(shared), MINI, PAGES)
        config = root / "mkdocs.yml"
        # Material imports admonition icons without context (partials/icons.html): no page there.
        text = config.read_text(encoding="utf-8").replace(
            "  font: false", "  font: false\n  icon:\n    admonition:\n      note: material/pencil", 1)
        assert "material/pencil" in text
        if instant:
            text = text.replace("    - navigation.tabs\n", "    - navigation.tabs\n    - navigation.instant\n")
        config.write_text(text, encoding="utf-8")
        code, output = build(root)
        assert code == 0, output
        site = root / "site"
        pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
        sites[shared] = {path: strip_indentation(with_chrome_written(site, html)) for path, html in pages.items()}
        chrome = list((site / "assets/huikuan/chrome").glob("*.js"))
        folders = {posixpath.dirname(path) for path, html in pages.items() if CHROME_SCRIPT.search(html)}
        if shared and not instant:  # one script per partial and folder, the same markup in two folders once
            assert len(names) <= len(chrome) < len(names) * len(folders), chrome
        else:
            assert chrome == []
    assert sites[True].keys() == sites[False].keys() and len(sites[True]) > 40
    assert [path for path in sites[True] if sites[True][path] != sites[False][path]] == []
    # each entry page (outside the navigation) asks once for each partial it includes
    entries = Counter(name for name, page in calls if page.startswith("objections/") and page != "objections/index.md")
    count = len([p for p in sites[True] if p.startswith("objections/") and p != "objections/index.html"])
    assert {name: entries[name] for name in names} == dict.fromkeys(names, count)
    assert "partials/nav-item.html" not in entries  # included by the drawer: rendered with it


def test_shared_partials_only_for_pages_outside_the_navigation_as_rendered(tmp_path: Path) -> None:
    """Whether a page is in the navigation is read from the nav the page is rendered with (a
    plugin may add pages after huikuan's on_nav), and a theme override of any template
    involved turns the sharing off."""
    from types import SimpleNamespace

    from jinja2 import DictLoader, Environment, Undefined

    from generator.plugin.shared_partials import SharedRenderings, share_partials

    late = SimpleNamespace(url="blog/category/b.html", parent=None, children=None)
    outside = [SimpleNamespace(url=f"blog/category/{n}.html", parent=None) for n in "xy"]
    nav = SimpleNamespace(items=[SimpleNamespace(children=[late], parent=None)], pages=[])
    shared = SharedRenderings()
    rendered: list[str] = []

    def render(page):
        return shared(page, nav, "partials/nav.html", lambda: rendered.append(page.url) or page.url)

    assert [render(p) for p in (*outside, late, late)] == [outside[0].url] * 2 + [late.url] * 2
    assert rendered == [outside[0].url, late.url, late.url]
    # As scripts: one file per distinct markup, referenced relative to each page's folder.
    scripts = SharedRenderings(as_scripts=True)
    pages = [SimpleNamespace(url=url, parent=None) for url in ("a/b/x.html", "a/b/y.html", "c/z.html", "top.html")]
    tags = [scripts(p, nav, "partials/tabs.html", lambda: "<nav>\n    <a>标签</a>\n</nav>") for p in pages]
    (name, text), = scripts.scripts.items()
    assert text == 'document.write("<nav>\\n<a>\\u6807\\u7b7e</a>\\n</nav>");\n'  # indentation gone
    assert tags == [f'<script src="{prefix}assets/huikuan/chrome/{name}"></script>' for prefix in
                    ("../../", "../../", "../", "")]
    # Directory URLs: each page is a folder, sibling folders share (their links read the same).
    siblings = [SimpleNamespace(url=url, parent=None) for url in ("a/x/", "a/y/", "b/z/")]
    calls: list[str] = []
    tags = [scripts(p, nav, "partials/nav.html", lambda p=p: calls.append(p.url) or "<nav></nav>") for p in siblings]
    assert calls == ["a/x/", "b/z/"] and tags[0] == tags[1] == tags[2] and '"../../assets/huikuan/chrome/' in tags[0]
    # A template imported without context (Material imports icons so) has no page: rendered as is.
    assert scripts(Undefined(), nav, "partials/logo.html", lambda: "<svg/>") == "<svg/>"
    import material

    material_templates = str(Path(material.__file__).parent / "templates")
    for override, wrapped in ((None, True), ("partials/nav-item.html", False), ("partials/footer.html", False),
                              ("partials/toc.html", True)):
        theme = tmp_path / str(override).replace("/", "_")
        if override:
            (theme / override).parent.mkdir(parents=True)
            (theme / override).write_text("{{ page.title }}", encoding="utf-8")
        env = Environment(loader=DictLoader({}))
        share_partials(env, [str(theme), material_templates], as_scripts=True)
        assert ("huikuan_shared" in env.globals) is wrapped, override


@pytest.mark.parametrize("directory_urls", [False, True])
def test_pages_outside_the_navigation_are_shown_in_their_folders_place(tmp_path: Path, directory_urls: bool) -> None:
    """While a page outside the navigation is rendered, the navigation's page for its folder (or
    the nearest folder above; never the home page) is active, with its sections; then no more."""
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import get_navigation

    from generator.plugin.structure import FolderSections

    config = MkDocsConfig()
    config.load_dict({"site_name": "x", "docs_dir": str(tmp_path), "use_directory_urls": directory_urls,
                      "nav": [{"首页": "index.md"}, {"条目": [{"异议处理": "objections/index.md"}]},
                              {"法律红线": "legal/index.md"}]})
    assert config.validate() == ([], [])
    paths = ["index.md", "objections/index.md", "objections/no-money.md", "objections/more/deep.md",
             "legal/index.md", "legal/no-threats.md", "review.md", "other/page.md"]
    files = Files([File(path, str(tmp_path), str(tmp_path / "site"), directory_urls) for path in paths])
    nav = get_navigation(files, config)
    page = {path: files.get_file_from_path(path).page for path in paths}
    section = page["objections/index.md"].parent
    sections = FolderSections()

    def active() -> list[str]:
        return [p for p in paths if page[p].active] + (["条目"] if section.active else [])

    for shown, expected in [("objections/no-money.md", ["objections/index.md", "条目"]),
                            ("objections/more/deep.md", ["objections/index.md", "条目"]),
                            ("legal/no-threats.md", ["legal/index.md"]),
                            ("review.md", []), ("other/page.md", []), ("objections/index.md", [])]:
        sections.show(page[shown], nav)  # the one shown before is no longer active
        assert active() == expected, shown
    sections.show(page["objections/no-money.md"], nav)
    sections.hide()
    assert active() == []
    sections.show(page["objections/no-money.md"], nav)
    sections.forget()  # after a build: nothing active, and the navigation no longer held
    assert active() == [] and sections.nav is None and not sections.by_url


def test_pages_rendered_as_generated_equal_mkdocs_rendering_them(tmp_path: Path, monkeypatch) -> None:
    """Generated pages arrive with their HTML made (in two processes, one Markdown instance
    each): every page, its table of contents and title in the navigation, and the search index
    are what MkDocs makes rendering the same Markdown itself, page by page."""
    from mkdocs.structure.pages import Page

    from generator import parallel
    from generator.plugin.structure import GeneratedPage
    from generator.render.site import pages as pages_module
    from generator.render.site.html_blocks import SiteMarkdown

    monkeypatch.setattr(parallel, "MIN_ITEMS", 2)  # the forked child too, with a library this small
    map_pages, forked, splits = parallel.map_in_two_processes, count_forks(monkeypatch), []

    def counted_map(work, items, meanwhile=None):
        before = len(forked)
        done = map_pages(work, items, meanwhile)
        splits.append(len(forked) - before)
        return done

    monkeypatch.setattr(pages_module, "map_in_two_processes", counted_map)
    rendered_by_mkdocs: list[str] = []
    mkdocs_render = Page.render

    def counted(self, config, files):
        if self.file.generated_by:
            rendered_by_mkdocs.append(self.file.src_uri)
        return mkdocs_render(self, config, files)

    monkeypatch.setattr(Page, "render", counted)
    adopt = GeneratedPage.adopt.__func__
    taken: list[str] = []

    def counted_adopt(cls, page, page_html):
        taken.append(page.file.src_uri)
        adopt(cls, page, page_html)

    monkeypatch.setattr(GeneratedPage, "adopt", classmethod(counted_adopt))
    sites, indexes, by_mkdocs = {}, {}, {}
    for prepared in (True, False):
        if not prepared:
            monkeypatch.setattr(SiteMarkdown, "page", lambda self, source: None)
        rendered_by_mkdocs.clear()
        (tmp_path / str(prepared)).mkdir()
        root = project(tmp_path / str(prepared), LIBRARY, {"index.md": "# 首页\n\n先看 [[no-money]]。\n"})
        code, output = build(root)
        assert code == 0, output
        site = root / "site"
        # Markdown breaks the line between two blocks that share one; the generated HTML keeps it.
        sites[prepared] = {p.relative_to(site).as_posix(): re.sub(r">\n+<", "><", p.read_text(encoding="utf-8"))
                           for p in site.rglob("*.html")}
        indexes[prepared] = search_index(site)[1]
        by_mkdocs[prepared] = list(rendered_by_mkdocs)
    assert 1 in splits  # pages were rendered in a forked child too
    entry_pages = [path for path in sites[True] if path.startswith(("objections/", "scripts/", "legal/"))
                   and not path.endswith("index.html")]
    assert len(entry_pages) > 10
    assert not any(path.replace(".html", ".md") in by_mkdocs[True] for path in entry_pages)
    assert len(taken) > len(entry_pages) and len(by_mkdocs[False]) > len(entry_pages)
    assert sites[True].keys() == sites[False].keys()
    assert [path for path in sites[True] if sites[True][path] != sites[False][path]] == []
    assert indexes[True] == indexes[False]


@pytest.mark.parametrize("spelling", ["objections/index.md", "./objections/index.md", "objections//index.md"])
def test_generated_pages_take_their_title_from_the_navigation(tmp_path: Path, spelling: str) -> None:
    """MkDocs finds a nav entry however its path is spelled; a generated page gets that title."""
    root = project(tmp_path, MINI, {"index.md": "# 首页\n"})
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8")
                      + f"\nnav:\n  - 首页: index.md\n  - 全部异议（导航）: {spelling}\n", encoding="utf-8")
    code, output = build(root)
    assert code == 0, output
    for path in ("objections/index.html", "index.html"):
        page = with_chrome_written(root / "site", read(root / "site", path))
        nav = re.search(r'<nav class="md-nav md-nav--primary.*?</nav>\n</div>', page, re.S).group()
        assert "全部异议（导航）" in nav and "异议处理" not in nav, path


def test_jieba_dictionary_has_every_named_term_of_the_taxonomy() -> None:
    """The lists come from the taxonomy schema: a list added there is in the dictionary too."""
    from generator.pipeline import load_library
    from generator.render.site.search import library_terms

    library = load_library(LIBRARY)
    assert set(library.schemas.named_lists()) == {
        "stages", "debtor_types", "quadrants", "channels", "call_steps", "objection_categories",
        "checklist_areas", "letter_levels", "placeholders"}
    terms = set(library_terms(library))
    names = {item["name"] for name in library.schemas.named_lists() for item in library.terms(name)}
    assert {n for n in names if re.fullmatch(r"[\u4e00-\u9fff]{2,12}", n)} <= terms
    assert "克扣型" in terms and "诉讼时效" in terms  # a debtor type; a glossary term


@pytest.mark.parametrize(("pace", "waiting", "ready", "expected"),
                         [(0.02, 30, False, 28), (0.02, 20, False, 0), (0.02, 20, True, 18), (0.001, 5, False, 0)])
def test_batches_are_taken_back_only_while_that_finishes_sooner(monkeypatch, pace: float, waiting: int,
                                                                ready: bool, expected: int) -> None:
    """The worker's measured pace decides. Here the worker stands still: with 0.02 s a batch and
    30 waiting, this process (jieba 0.5 s to load, then 0.03 s a batch) takes batches from the
    end until the worker would get to the next one first; with 20 waiting, loading jieba costs
    more than the wait, unless jieba is loaded here already; a fast worker keeps them all."""
    import time
    from concurrent.futures import Future
    from types import SimpleNamespace

    from generator.plugin import search_worker

    worker = SimpleNamespace(prepare=lambda dictionary, ahead=(): None, keep=True)
    batched = search_worker.BatchedSearchIndex(SimpleNamespace(config={}), worker, Path("dictionary"))
    done = [Future() for _ in range(10)]
    for future in done:
        future.set_running_or_notify_cancel()
        future.set_result([])
    running = Future()
    running.set_running_or_notify_cancel()
    batched._pending = [*done, running, *[Future() for _ in range(waiting)]]
    batched._batches = [[] for _ in batched._pending]
    now = time.monotonic()
    batched._first_sent = now - 11 * pace
    batched._finished = [now - (10 - i) * pace for i in range(10)]
    taken: list[int] = []

    def here(pages):
        taken.append(1)
        time.sleep(pace * search_worker.HERE_SLOWER)
        result: Future = Future()
        result.set_result([])
        return result

    monkeypatch.setattr(batched, "_ready_here", lambda: time.sleep(0.01) or setattr(batched, "_here", object()))
    monkeypatch.setattr(batched, "_indexed_here", here)
    monkeypatch.setattr(search_worker, "user_dictionary_ready", lambda path: ready)
    batched._take_back()
    assert len(taken) == expected and batched._done_here == len(taken)
    # the ones taken are the last, each cancelled in the worker's queue; the others still wait there
    assert all(f.cancelled() is False and not f.done() for f in batched._pending[11:len(batched._pending) - len(taken)])


def test_worker_segments_pages_ahead_until_the_first_batch(monkeypatch) -> None:
    """Before the first batch comes, a forked worker fills its memo of segmented runs from the
    pages in build order, skipping what the index leaves out; a batch stops it."""
    import multiprocessing

    from generator.plugin import search_worker
    from generator.render.site import search

    pages = ['<h1 id="t">验收结论</h1><p>付款日前确认验收结论</p><div data-search-exclude><p>相关条目摘要</p></div>',
             '<p>第二页的文字</p>']
    stop = multiprocessing.get_context("fork").Event()
    monkeypatch.setattr(search_worker, "_ahead", pages)
    monkeypatch.setattr(search_worker, "_stop_ahead", stop)
    search.segment_chinese("预热")  # jieba loaded, the memo made for its dictionary
    search._segmented.cache_clear()
    stop.set()
    search_worker._segment_ahead()
    assert search._segmented.cache_info().currsize == 0  # a batch came: nothing done ahead
    stop.clear()
    search_worker._segment_ahead()
    runs = search._segmented.cache_info().currsize
    search.segment_chinese("付款日前确认验收结论 第二页的文字")
    assert runs == 3 and search._segmented.cache_info().hits == 2  # the page text was segmented
    search.segment_chinese("相关条目摘要")
    assert search._segmented.cache_info().misses == runs + 1  # excluded from search: not ahead


def test_closing_the_worker_stops_segmenting_ahead(tmp_path: Path) -> None:
    """A build that fails before its first batch closes the worker at once, not after it has
    segmented every page ahead."""
    import random
    import time

    from generator.plugin import search_worker
    from generator.render.site.search import use_user_dictionary

    dictionary = tmp_path / "dictionary.txt"
    dictionary.write_text("诉讼时效 100000\n", encoding="utf-8")
    use_user_dictionary(dictionary)  # as a build has it before the worker forks
    worker = search_worker.SearchWorker({"lang": ["zh"], "separator": r"[\s\u200b]+"}, keep=False)
    if worker._stop_ahead is None:
        pytest.skip("no fork here: nothing is segmented ahead")
    chars = [chr(c) for c in range(0x4E00, 0x4E00 + 3000)]
    rng = random.Random(1)
    pages = ["<p>" + "，".join("".join(rng.choices(chars, k=12)) for _ in range(300)) + "</p>" for _ in range(300)]
    worker.prepare(dictionary, pages)  # ahead: far more than a second of jieba
    time.sleep(0.3)
    start = time.monotonic()
    worker.close()
    assert time.monotonic() - start < 1.5
