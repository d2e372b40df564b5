"""The bad-input corpus: every case exits 1 with the right code, file and line, no traceback."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
import yaml
from conftest import check_json, unquoted_chinese

from generator.codes import REGISTRY

CASES = yaml.safe_load((Path(__file__).parent / "corpus" / "cases.yaml").read_text(encoding="utf-8"))


def apply(case: dict, library: Path) -> None:
    target = library / case["file"]
    if case.get("remove"):
        target.unlink()
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    if "symlink" in case:
        os.symlink(case["symlink"], target)
        return
    if "copy" in case:
        target.write_bytes((library / case["copy"]).read_bytes())
        return
    if "hex" in case:
        target.write_bytes(bytes.fromhex(case["hex"]))
        return
    if "size" in case:
        line = "note: 这是一行用来把文件撑大的文字。\n".encode()
        target.write_bytes(line * (case["size"] // len(line) + 1))
        return
    if "replace" in case:
        old, new = case["replace"]
        text = target.read_text(encoding="utf-8")
        assert old in text, f"corpus case {case['name']}: {old!r} not in {case['file']}"
        if case.get("long"):
            new = new.replace("LONG", "长" * case["long"])
        text = text.replace(old, new, 1)
    elif "content" in case:
        text = case["content"]
    else:  # re-encode the existing file
        text = target.read_text(encoding="utf-8")
    data = text.encode(case.get("encoding", "utf-8"))
    if case.get("bom"):
        data = codecs.BOM_UTF8 + data
    target.write_bytes(data)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert len({c["name"] for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_bad_input(case: dict, mini: Path) -> None:
    apply(case, mini)
    code, diagnostics = check_json(mini)
    assert code == 1, diagnostics
    expect = case["expect"]
    want_path = expect.get("path", case["file"])
    hits = [d for d in diagnostics if d["code"] == expect["code"]]
    assert hits, f"no {expect['code']} in {[(d['code'], d['path'], d['line']) for d in diagnostics]}"
    assert any(d["path"].endswith(want_path) and d["line"] == expect["line"] for d in hits), hits
    for d in hits:
        assert d["message"] and d["fix"], d


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_english_messages_hold_no_chinese_but_quoted_values(case: dict, mini: Path) -> None:
    """In English every finding is English: Chinese only in the library values it quotes.
    (A compliance rule's message is library text, written in the library's language.)"""
    apply(case, mini)
    _, diagnostics = check_json(mini, "--lang", "en")
    for d in diagnostics:
        if d["code"] in REGISTRY:
            assert not unquoted_chinese(d["message"]) and not unquoted_chinese(d["fix"]), d
