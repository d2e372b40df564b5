from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import cli

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
MINI = TESTS / "fixtures" / "mini"
LIBRARY = ROOT / "scripts_library"


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A fresh copy of the small valid library, to break in one place."""
    target = tmp_path / "lib"
    shutil.copytree(MINI, target)
    return target


def run_cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a traceback is a test failure, never an accepted outcome
    return result.exit_code, result.output


def assert_refused_in_each_language(args: list[str], code: int, zh: str, en: str) -> None:
    """The command fails with ``code`` saying ``zh`` and no word of ``en`` by default, and ``en``
    with no unquoted Chinese when English is asked for, before the command or after it."""
    done, output = run_cli(*args)
    assert done == code and zh in output and en not in output, output
    for english in (["--lang", "en", *args], [*args, "--lang", "en"]):
        done, output = run_cli(*english)
        assert done == code and en in output and not unquoted_chinese(output), (english, output)


def check_report(library: Path, *extra: str) -> tuple[int, dict]:
    """The exit code and the JSON document of `huikuan check --format json`."""
    code, output = run_cli("check", "--library", str(library), "--format", "json", *extra)
    return code, json.loads(output)


def check_json(library: Path, *extra: str) -> tuple[int, list[dict]]:
    """The exit code and the findings of `huikuan check --format json`."""
    code, report = check_report(library, *extra)
    return code, report["findings"]


@pytest.fixture(scope="session")
def bundled_check() -> tuple[int, list[dict]]:
    return check_json(LIBRARY)


_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# Where an English text may hold Chinese: library values and examples of them, in quotes or
# braces ('没钱', “对账单”, {客户名称}); an apostrophe inside a word starts no quote.
_QUOTED = re.compile(r"(?<![A-Za-z])'[^'\n]*'(?![A-Za-z])|\"[^\"\n]*\"|“[^”]*”|‘[^’]*’|\{[^{}\n]*\}")


def unquoted_chinese(text: str) -> list[str]:
    """The Chinese characters of an English text that are not in a quoted value."""
    return _CJK.findall(_QUOTED.sub("", text))


def copy_library(source: Path, target: Path) -> Path:
    """A copy of a library with the schemas beside it, where its editor modelines point
    (../../schema/ from an entry, as in this repository)."""
    shutil.copytree(source, target)
    if not (target.parent / "schema").exists():
        shutil.copytree(ROOT / "schema", target.parent / "schema")
    return target


def count_forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The children os.fork makes in this process from now on (their pids): for tests that must
    see that work was split."""
    import os

    forked: list[int] = []
    fork = os.fork

    def counted() -> int:
        pid = fork()
        if pid:
            forked.append(pid)
        return pid

    monkeypatch.setattr(os, "fork", counted)
    return forked
