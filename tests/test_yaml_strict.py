"""The strict YAML subset: YAML 1.2 scalars, positions, and what is refused."""

from __future__ import annotations

import pytest

from generator.load.yaml_strict import parse_document, resolve_plain


def parse(text: str):
    return parse_document("t.yaml", text.encode("utf-8"))


@pytest.mark.parametrize(("text", "value"), [
    ("no", "no"), ("yes", "yes"), ("on", "on"), ("off", "off"), ("y", "y"),
    ("true", True), ("False", False), ("~", None), ("null", None), ("", None),
    ("2026-11-01", "2026-11-01"), ("12:30", "12:30"), ("0123", 123), ("1_000", "1_000"),
    ("3.5", 3.5), ("0x1F", 31), ("0o17", 15), (".inf", float("inf")), ("m1", "m1"),
])
def test_yaml12_core_scalars(text: str, value) -> None:
    assert resolve_plain(text) == value


def test_quoted_scalars_stay_text() -> None:
    doc, problems = parse('a: "true"\nb: \'42\'\nc: |\n  多行\n  文字\n')
    assert not problems
    assert doc.data == {"a": "true", "b": "42", "c": "多行\n文字\n"}


def test_positions_of_values_and_keys() -> None:
    doc, _ = parse("title: 标题\nturns:\n  - collector: 您好\n  - debtor: 嗯\n")
    assert doc.value_position(("turns", 1, "debtor")).line == 4
    assert doc.value_position(("turns", 1, "debtor")).column == 13
    assert doc.key_position(("turns", 1, "debtor")).column == 5
    assert doc.key_position(("title",)).line == 1
    # a path that is not in the document falls back to its nearest ancestor
    assert doc.value_position(("turns", 1, "missing")).line == 4


def test_duplicate_key_names_both_lines() -> None:
    _, problems = parse("a: 1\nb: 2\na: 3\n")
    assert [(p.code.id, p.line, p.params["first_line"]) for p in problems] == [("E105", 3, 1)]


def test_all_problems_of_a_file_are_reported() -> None:
    _, problems = parse("a: &x 1\nb: *x\nc: 1\nc: 2\n")
    assert [p.code.id for p in problems] == ["E106", "E106", "E105"]


def test_alias_bomb_is_refused_without_expansion() -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True))
    doc, problems = parse(bomb)
    assert doc is None
    assert problems and all(p.code.id == "E106" for p in problems)


def test_limits() -> None:
    _, problems = parse("a: " + "[" * 40 + "]" * 40 + "\n")
    assert [p.code.id for p in problems] == ["E112"]
    _, problems = parse_document("t.yaml", b"a: 1\n" * 60000)
    assert [p.code.id for p in problems] == ["E110"]


@pytest.mark.parametrize(("raw", "code", "line", "column"), [
    (b"\xef\xbb\xbfa: 1\n", "E103", 1, 1),
    ("a: 1\nb: 中文\n".encode("gbk"), "E102", 2, 4),
    (b"a: 1\nb:\t2\n", "E104", 2, 3),
    (b"a: 1\x00\n", "E116", 1, 1),
    (b"a: \x07\n", "E121", 1, 4),
    ("a: 告诉你老\u200b婆\n".encode(), "E121", 1, 8),  # hides a red line from the lint
    ("a: 1\nb: x\u202ey\n".encode(), "E121", 2, 5),  # right-to-left override
    ("a: 你\ufeff好\n".encode(), "E121", 1, 5),
    ("category\u200d: cash-flow\n".encode(), "E121", 1, 9),
    (b"", "E109", 1, 1),
    (b"a: 1\n---\nb: 2\n", "E111", 2, 1),
    (b"a: !custom 1\n", "E108", 1, 4),
])
def test_byte_level_problems(raw: bytes, code: str, line: int, column: int) -> None:
    doc, problems = parse_document("t.yaml", raw)
    assert doc is None
    assert (problems[0].code.id, problems[0].line, problems[0].column) == (code, line, column)


def test_syntax_error_is_explained_in_chinese_and_english() -> None:
    _, problems = parse("title: 付款提醒: 第一次\n")
    (problem,) = problems
    assert problem.code.id == "E101"
    assert "加引号" in problem.message("zh")
    assert "mapping values are not allowed" in problem.message("en")


ENTRY = ("title: 没钱\nsays: 现在公司没钱。\ncategory: cash-flow\n"
         "diagnosis:\n  summary: 先分清真假。\n  probe: [您看呢？]\nowner: 培训组\n")


@pytest.mark.parametrize(("mistake", "fixed", "line", "column", "zh", "en"), [
    # a Chinese keyboard's colon, a colon without its space, a full-width space as indentation
    ("category：cash-flow", "category: cash-flow", 3, 9, "全角冒号", "full-width colon"),
    ("  summary：先分清真假。", "  summary: 先分清真假。", 5, 10, "全角冒号", "full-width colon"),
    ("says:现在公司没钱。", "says: 现在公司没钱。", 2, 6, "冒号后面缺空格", "no space after the colon"),
    ("\u3000summary: 先分清真假。", "  summary: 先分清真假。", 5, 1, "全角空格", "full-width space"),
    # a placeholder opening the text reads as a mapping; a quote left open runs to the end
    ("says: {客户名称}账上真没钱", "says: 现在公司没钱。", 2, 7, "以 { 开头的文字要整句加引号", "must be quoted"),
    ('says: "现在公司没钱。', "says: 现在公司没钱。", 2, 7, "引号没有闭合", "unclosed quote"),
    # quoting what the debtor said at the start of a sentence ends the YAML value there
    ('says: "没钱"，账上真的空了', "says: 现在公司没钱。", 2, 7, "中文引号“”", "Chinese quotes"),
    ("  probe: ['您看呢'，哪天能付？]", "  probe: [您看呢？]", 6, 11, "中文引号“”", "Chinese quotes"),
])
def test_a_keyboard_slip_is_named_where_it_is(mistake: str, fixed: str, line: int, column: int, zh: str,
                                              en: str) -> None:
    """The parser notices such a slip a line or many lines later and names a symptom there; the
    check names the slip, on its own line and column, and what to write instead."""
    text = ENTRY.replace(fixed, mistake)
    assert text != ENTRY
    _, problems = parse(text)
    (problem,) = problems
    assert (problem.code.id, problem.line, problem.column) == ("E101", line, column)
    assert zh in problem.message("zh") and en in problem.message("en")


def test_what_libyaml_says_after_a_block_indicator_is_said_in_chinese() -> None:
    _, problems = parse(ENTRY.replace("says: 现在公司没钱。", "says: |现在公司没钱。"))
    (problem,) = problems
    assert "| 和 > 后面要直接换行" in problem.message("zh")


def test_text_after_space_hash_is_named_as_the_comment_it_became() -> None:
    doc, problems = parse(ENTRY.replace("says: 现在公司没钱。", "says: 现在公司没钱 #账上只剩工资\n"
                                        "tips: [先问清楚]  # 方括号后的注释不算正文\nstep: 第#3 步\n"
                                        "channel: phone  # 电话\nreviewed: 2026-11-01 # 王老师"))
    (problem,) = problems  # a comment after ], after an ID or a date, or a # inside a word loses no text
    assert (problem.code.id, problem.severity, problem.line, problem.column) == ("W304", "warning", 2, 14)
    assert "“账上只剩工资”是 YAML 注释" in problem.message("zh")
    assert doc is not None and doc.data["says"] == "现在公司没钱"  # a warning: the entry still stands


def test_a_line_that_only_looks_like_a_slip_is_not_blamed() -> None:
    # "a:b" is a valid string (mended to a mapping, the list still fails): the list is the error
    text = ENTRY.replace("owner: 培训组\n", "tips:\n  - a:b\nvariants: [甲, 乙\nowner: 培训组\n")
    _, problems = parse(text)
    (problem,) = problems
    assert problem.code.id == "E101" and "冒号后面缺空格" not in problem.message("zh")
    assert "方括号列表" in problem.message("zh")
