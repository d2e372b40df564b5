"""The language of the command line's messages, click's own included.

huikuan's messages come in Chinese and English (``--lang``, ``$HUIKUAN_LANG``). Click words
its usage errors itself (No such option, Missing argument, Invalid value for ...), through
gettext: each of its modules calls ``_`` and ``ngettext``. In Chinese those two look the
message up here for the length of one command. Click reports a bad command line while
parsing it, before any option has a value, so the language is read from the arguments
first, as click will read them.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

LANGS = ("zh", "en")
ENV = "HUIKUAN_LANG"

# Click's messages a user can meet (not those about a mistake in huikuan's own code).
# Help headings too: the usage line of an error is the one of the help.
CLICK_ZH = {
    "Usage:": "用法:",  # click puts a space after it
    "Try '{command} {option}' for help.": "运行 '{command} {option}' 查看帮助。",
    "Error: {message}": "错误：{message}",
    "Aborted!": "已中止。",
    "Missing command.": "缺少子命令。",
    "Got unexpected extra argument ({args})": "多余的参数（{args}）",
    "Got unexpected extra arguments ({args})": "多余的参数（{args}）",
    "Did you mean {possibility}?": "是不是想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是不是想写其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value: {message}": "值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "No such option {name!r}.": "没有选项 {name!r}。",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Could not open file {filename!r}: {message}": "无法打开文件 {filename!r}：{message}",
    "unknown error": "未知错误",
    "Option {name!r} does not take a value.": "选项 {name!r} 不带值。",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面要跟一个值。",
    "Option {name!r} requires {nargs} arguments.": "选项 {name!r} 后面要跟 {nargs} 个值。",
    "Argument {name!r} takes {nargs} values.": "参数 {name!r} 需要 {nargs} 个值。",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个。",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个。",
    "{value!r} is not {choice}.": "{value!r} 不是可用的值，只能是 {choice}。",
    "{value!r} is not one of {choices}.": "{value!r} 不是可用的值，可用：{choices}。",
    "Choose from:\n\t{choices}": "可用：\n\t{choices}",
    "{value} is not in the range {range}.": "{value} 不在范围 {range} 内。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数（{number_type}）。",
    "{value!r} is not a valid boolean. Recognized values: {states}": "{value!r} 不是有效的布尔值，可用：{states}",
    # Path: {name} is File, Directory or Path, fixed in English when the option is declared.
    "{name} {filename!r} does not exist.": "{filename!r} 不存在。",
    "{name} {filename!r} is a file.": "{filename!r} 是文件，这里要的是文件夹。",
    "{name} {filename!r} is a directory.": "{filename!r} 是文件夹，这里要的是文件。",
    "{name} {filename!r} is not readable.": "{filename!r} 没有读取权限。",
    "{name} {filename!r} is not writable.": "{filename!r} 没有写入权限。",
    "{name} {filename!r} is not executable.": "{filename!r} 没有执行权限。",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "位置参数",
    "default: {default}": "默认：{default}",
    "env var: {var}": "环境变量：{var}",
    "required": "必填",
    "Show this message and exit.": "显示这份帮助并退出。",
}

_CLICK_MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types", "utils")


def language(args: Sequence[str], environ: Mapping[str, str]) -> str:
    """The language a command line asks for: its last valid --lang (before a ``--``), else a
    valid $HUIKUAN_LANG, else zh. An invalid one is click's to report, in the language before."""
    chosen = "zh"
    candidates = [environ.get(ENV, "")]
    for i, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and i + 1 < len(args):
            candidates.append(args[i + 1])
        elif arg.startswith("--lang="):
            candidates.append(arg.partition("=")[2])
    for candidate in candidates:
        chosen = candidate if candidate in LANGS else chosen
    return chosen


def _gettext(message: str) -> str:
    return CLICK_ZH.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


@contextmanager
def click_speaks(lang: str) -> Iterator[None]:
    """Click's messages in ``lang`` until the block ends (English is click's own)."""
    saved = []
    if lang == "zh":
        for name in _CLICK_MODULES:
            module = importlib.import_module(f"click.{name}")
            for attr, words in (("_", _gettext), ("ngettext", _ngettext)):
                if hasattr(module, attr):
                    saved.append((module, attr, getattr(module, attr)))
                    setattr(module, attr, words)
    try:
        yield
    finally:
        for module, attr, original in reversed(saved):
            setattr(module, attr, original)
