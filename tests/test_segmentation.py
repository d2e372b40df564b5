"""segmentation.cut cuts a run of Chinese characters into the words jieba.cut makes of it."""

from __future__ import annotations

import jieba
import pytest
from backrefs import bre
from conftest import LIBRARY, ROOT
from jieba import finalseg

from generator.render.site import segmentation
from generator.render.site.search import jieba_user_dictionary, use_user_dictionary

HAN_RUN = bre.compile(r"\p{script: Han}+", bre.UNICODE)  # Material's runs


@pytest.fixture
def fresh_jieba(monkeypatch):
    """jieba's dictionary and the HMM's forced splits as a test may change them, put back after."""
    monkeypatch.setattr(finalseg, "Force_Split_Words", set())
    monkeypatch.setattr(jieba.dt, "dictionary", jieba.dt.dictionary)  # set_dictionary changes it
    yield
    jieba.dt.initialized = False  # reloaded from its cache when next used
    from generator.render.site import search

    search._loaded_user_dictionary = None
    search._segmented.cache_clear()


def library_runs() -> list[str]:
    """Every distinct run of Chinese characters in the bundled library's search sections."""
    from mkdocs.config import load_config

    from generator.pipeline import load_library
    from generator.plugin.search_parser import page_sections
    from generator.render.site import SiteOptions, render_site
    from generator.render.site.html_blocks import SiteMarkdown

    config = load_config(str(ROOT / "mkdocs.yml"))
    options = SiteOptions(markdown=SiteMarkdown(config.markdown_extensions, config.mdx_configs))
    runs: set[str] = set()
    for page in render_site(load_library(LIBRARY), options):
        if page.html is not None:
            for section in page_sections(page.html.html):
                for part in (*section.title, *section.text):
                    runs.update(HAN_RUN.findall(part))
    return sorted(runs)


def test_every_run_of_the_library_cut_as_jieba_cuts_it(fresh_jieba, tmp_path) -> None:
    from generator.pipeline import load_library

    runs = library_runs()
    assert len(runs) > 5000
    plain = {}
    for run in runs:
        plain[run] = segmentation.cut(run)
        assert plain[run] == list(jieba.cut(run)), run
    assert segmentation._hmm_cut and segmentation._log_weight  # the memos are in use
    # and with the library's terms as a user dictionary, as a build has them
    terms = tmp_path / "terms.txt"
    terms.write_text(jieba_user_dictionary(load_library(LIBRARY)), encoding="utf-8")
    use_user_dictionary(terms)
    changed = 0
    for run in runs:
        words = segmentation.cut(run)
        assert words == list(jieba.cut(run)), run
        changed += words != plain[run]
    assert changed > 100  # the terms made a difference, and the memos did not hide it


@pytest.mark.parametrize("run", [
    "〇", "㐀㐁龥", "𠀀𠀁", "鿖鿗", "中〇文", "豈更車",  # Han outside jieba's U+4E00-U+9FD5: jieba itself
    "的", "好", "回款", "客户说没钱下个月再说吧", "账龄超过九十天的客户要升级处理",
    "哈哈哈哈哈哈哈哈", "一二三四五六七八九十百千万亿", "龘靐齉爩",  # rare characters the HMM cuts
])
def test_single_runs_cut_as_jieba_cuts_them(run: str) -> None:
    assert segmentation.cut(run) == list(jieba.cut(run))


def test_a_changed_dictionary_empties_the_memos(fresh_jieba) -> None:
    run = "催款闸机口齉爩"
    before = segmentation.cut(run)
    jieba.add_word("催款闸机口", freq=100000)
    assert segmentation.cut(run) == list(jieba.cut(run)) != before
    assert segmentation.cut(run)[0] == "催款闸机口"
    jieba.del_word("催款闸机口")  # frequency 0, and the HMM told to split it
    assert segmentation.cut(run) == list(jieba.cut(run))
    assert "催款闸机口" not in segmentation.cut(run)


def test_words_the_hmm_is_told_to_split_are_split(fresh_jieba) -> None:
    run = "他来到了网易杭研大厦"  # 杭研: not in the dictionary, found by the HMM
    assert "杭研" in segmentation.cut(run)
    finalseg.add_force_split("杭研")  # what del_word does, without touching the dictionary
    assert segmentation.cut(run) == list(jieba.cut(run))
    assert "杭研" not in segmentation.cut(run)


def test_equal_scores_go_to_the_longer_word(fresh_jieba, monkeypatch, tmp_path) -> None:
    """As jieba's max() over (score, end) pairs: with 甲 and 乙 at 3 of 9 and 甲乙 at 1 of 9,
    甲乙 alone and 甲 then 乙 score the same, and 甲乙 wins."""
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("甲 3\n乙 3\n甲乙 1\n丙 2\n", encoding="utf-8")
    tokenizer = jieba.Tokenizer(str(dictionary))
    tokenizer.tmp_dir = str(tmp_path)
    monkeypatch.setattr(jieba, "dt", tokenizer)
    monkeypatch.setattr(jieba, "cut", tokenizer.cut)
    assert segmentation.cut("甲乙") == list(jieba.cut("甲乙")) == ["甲乙"]
    assert segmentation.cut("丙甲乙甲") == list(jieba.cut("丙甲乙甲"))


def test_another_jieba_release_cuts_for_itself(fresh_jieba, monkeypatch) -> None:
    run = "客户说没钱下个月再说吧"
    monkeypatch.setattr(jieba, "__version__", "0.43.0")
    segmentation._log_weight.clear()
    assert segmentation.cut(run) == list(jieba.cut(run))
    assert not segmentation._log_weight  # jieba's own cut, not the repeated one


def test_the_search_cache_follows_the_dictionary(fresh_jieba, tmp_path) -> None:
    """search.segment_chinese remembers each run's words: a forced split, another dictionary
    file, or another tokenizer behind jieba.cut must not leave it answering from before."""
    from material.plugins.search.plugin import SearchIndex

    from generator.render.site import search

    material = SearchIndex()
    run = "他来到了网易杭研大厦"
    assert search.segment_chinese(run) == search.segment_chinese(run) == material._segment_chinese(run)
    finalseg.add_force_split("杭研")
    assert search.segment_chinese(run) == material._segment_chinese(run)
    assert "杭研" not in search.segment_chinese(run).split(search.WORD_BREAK)
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("催款闸机口 5\n的 3\n", encoding="utf-8")
    other = "催款闸机口"
    assert search.segment_chinese(other) != other
    jieba.set_dictionary(str(dictionary))  # not loaded until jieba next cuts
    assert search.segment_chinese(other) == material._segment_chinese(other) == other


def test_cut_follows_the_tokenizer_jieba_cut_belongs_to(fresh_jieba, monkeypatch, tmp_path) -> None:
    dictionary = tmp_path / "dict.txt"
    dictionary.write_text("催款闸机口 5\n", encoding="utf-8")
    replacement = jieba.Tokenizer(str(dictionary))
    replacement.tmp_dir = str(tmp_path)
    monkeypatch.setattr(jieba, "dt", replacement)  # jieba.cut, which Material calls, does not follow
    assert segmentation.cut("催款闸机口") == list(jieba.cut("催款闸机口")) != ["催款闸机口"]
