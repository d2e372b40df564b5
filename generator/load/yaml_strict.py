"""A strict YAML 1.2 subset with a position for every node.

Why not ``yaml.safe_load``: it follows YAML 1.1 (``no`` → False, ``2026-01-01`` → date),
silently keeps the last of two equal keys, expands aliases and merge keys, and forgets where
each value came from. Contributors need errors that point at a line, so the document is built
here from parser events, with every value's and key's position recorded by path.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

from generator import codes
from generator.diagnostics import Diagnostic, Position
from generator.load.limits import MAX_DEPTH, MAX_DIAGNOSTICS_PER_FILE, MAX_FILE_BYTES, MAX_STRING

try:  # libyaml is an order of magnitude faster; the pure-Python parser gives the same events
    from yaml import CBaseLoader as _EventLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import BaseLoader as _EventLoader

Path_ = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?[0-9]+\Z")
_OCT = re.compile(r"0o[0-7]+\Z")
_HEX = re.compile(r"0x[0-9a-fA-F]+\Z")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?\Z")
_INF = re.compile(r"[-+]?\.(inf|Inf|INF)\Z")
_NAN = re.compile(r"\.(nan|NaN|NAN)\Z")
# C0 controls except tab (reported on its own), LF and CR; DEL; C1 controls. And the invisible
# characters that change what a text means to a reader or to the compliance lint without showing:
# soft hyphens, zero-width spaces and joiners, direction marks, embeddings, overrides and
# isolates, word joiners and invisible operators, a BOM inside the text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u180e\u200b-\u200f\u202a-\u202e"
                      r"\u2060-\u2064\u2066-\u2069\ufeff]")


def resolve_plain(text: str) -> Any:
    """YAML 1.2 core schema: only null, true/false, and numbers are not strings."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.match(text):
        return int(text)
    if _OCT.match(text):
        return int(text[2:], 8)
    if _HEX.match(text):
        return int(text[2:], 16)
    if _FLOAT.match(text):
        return float(text)
    if _INF.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if _NAN.match(text):
        return float("nan")
    return text


@dataclass
class Document:
    """A parsed file: plain data, and where each part of it stands in the source.

    Positions are kept as the parser's marks and made into Positions only when asked for:
    most documents never produce a diagnostic, and a check of thousands of files would
    otherwise build a Position for every node."""

    path: str
    data: Any
    values: dict[Path_, Any] = field(default_factory=dict)  # path -> mark (.line, .column 0-based)
    keys: dict[Path_, Any] = field(default_factory=dict)
    source: str = ""  # the text, for locating a match inside a value

    def __getstate__(self) -> dict[str, Any]:
        # Sent to another process without its marks: they do not pickle, and are rarely needed.
        return {**self.__dict__, "values": {}, "keys": {}}

    def _marks(self) -> None:
        """Rebuild the marks of a document that came from another process."""
        if not self.values and self.source:
            again = _Builder(self.path, self.source).build()
            self.values, self.keys = again.values, again.keys

    def value_position(self, path: Path_) -> Position:
        """The value's position, or its nearest ancestor's."""
        self._marks()
        path = tuple(path)
        while path and path not in self.values:
            path = path[:-1]
        mark = self.values.get(path)
        return _position(mark) if mark is not None else Position(1, 1)

    def key_position(self, path: Path_) -> Position:
        """The key's position for a mapping member, else the value's."""
        self._marks()
        mark = self.keys.get(tuple(path))
        return _position(mark) if mark is not None else self.value_position(path)


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def text_position(text: str, index: int) -> Position:
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return Position(line, column)


_TRAILING_COMMENT = re.compile(r"[ \t]#")
_PROSE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]|\S\s+\S")  # Chinese, or words with spaces

# libyaml's most common complaints, said the way a contributor can act on them.
_PROBLEMS_ZH = {
    "mapping values are not allowed": "这里不能再出现“键: 值”——文字里有冒号加空格时，请给整句加引号",
    "did not find expected key": "缩进不一致，或上一行的引号没有闭合",
    "did not find expected '-' indicator": "列表项的缩进和上面的列表项不一致",
    "did not find expected ',' or ']'": "方括号列表 [ ] 没有闭合，或项之间缺逗号",
    "did not find expected ',' or '}'": "花括号映射 { } 没有闭合，或项之间缺逗号；文字里有 { } 时请加引号",
    "found character that cannot start any token": "这个字符不能出现在值的开头（例如 @ 或 `），请给整句加引号",
    "found unexpected end of stream": "文件在引号或括号闭合前就结束了",
    "could not find expected ':'": "缺少冒号，或上一行的引号没有闭合",
    "found undefined alias": "使用了未定义的别名（*）",
    "found unknown escape character": "双引号文字里有无效的反斜杠转义，改用单引号或写成 \\\\",
    "expected <block end>, but found '<block sequence start>'": "列表项的缩进不对",
    "expected <block end>, but found '<block mapping start>'": "字段的缩进不对",
    "expected <block end>, but found '<scalar>'": "这一行的缩进和上一级不一致",
    "found a tab character that violates indentation": "用了 Tab 缩进",
    "did not find expected comment or line break": "值的后面还有多余的文字：| 和 > 后面要直接换行，引号里要写下整句",
}


# What a Chinese keyboard or a placeholder at the start of a value does to YAML. The parser
# notices later (the next line, the end of the file) and names a symptom; the line that caused
# it is found by looking back from there for one of these.
_KEY = r"^(?P<lead>[ ]*(?:- )?)(?P<key>[A-Za-z_][\w-]*)"
_VALUE = r"^(?P<lead>[ ]*(?:- )?(?:[A-Za-z_][\w-]*:[ ]+)?)"
_SLIPS: list[tuple[re.Pattern[str], Callable[[str, int], str], str, str]] = [
    # pattern (matched up to the slip), the line mended, what to do in Chinese and in English
    (re.compile(r"^[ ]*(?=\u3000)"), lambda line, at: line.replace("\u3000", "  "),
     "缩进里有全角空格“　”：缩进只能用半角空格", "a full-width space in the indentation: indent with ASCII spaces"),
    (re.compile(_KEY + r"[ ]*(?=：)"), lambda line, at: line[:at] + ": " + line[at + 1:],
     "字段名后面是全角冒号“：”：改成半角冒号加空格，写成“字段: 值”",
     "a full-width colon after the field name: write 'field: value' with an ASCII colon and a space"),
    (re.compile(_KEY + r":(?=[^\s/])"), lambda line, at: line[:at] + " " + line[at:],
     "冒号后面缺空格：写成“字段: 值”", "no space after the colon: write 'field: value'"),
    (re.compile(_VALUE + r"(?=\{[^{}\n]*\}[ ]*[^\s,}\]#])"),
     lambda line, at: line[:at] + json.dumps(line[at:].rstrip(), ensure_ascii=False),
     "以 { 开头的文字要整句加引号，例如 \"{客户名称}，您好\"", "text that starts with { must be quoted: \"{客户名称}, ...\""),
    (re.compile(_VALUE + r"(?:[^\"'\n]*?[\[,][ ]*)?(?=(?P<quote>[\"'])[^\"'\n]*(?P=quote)[ ]*[^\s#,:}\]])"),
     lambda line, at: line[:at] + "“" + line[at + 1:].replace(line[at], "”", 1),
     "这句以引号开头，引号却在句中就结束了，YAML 只认引号里的部分：把英文引号改成中文引号“”，或给整句再加一层引号",
     "the text starts with a quoted part and goes on after it, and YAML only takes the quoted part: use "
     "Chinese quotes “…” for the quoted words, or quote the whole sentence"),
    (re.compile(_VALUE + r"(?=\"(?:[^\"\\\n]|\\.)*$)"), lambda line, at: line + '"',
     "引号没有闭合：这一行的文字以 \" 开头，却没有结束的 \"", "unclosed quote: the text opens with \" and never closes it"),
    (re.compile(_VALUE + r"(?='(?:[^'\n]|'')*$)"), lambda line, at: line + "'",
     "引号没有闭合：这一行的文字以 ' 开头，却没有结束的 '", "unclosed quote: the text opens with ' and never closes it"),
]


def likely_slip(text: str, error_line: int) -> tuple[Position, str, str] | None:
    """The nearest line at or before ``error_line`` (1-based) with a slip that broke the YAML: its
    position and what to do, in Chinese and English. A slip counts only if mending it lets the
    parser get past ``error_line``: a line that merely looks like one is not blamed."""
    lines = text.splitlines()
    for number in range(min(error_line, len(lines)), 0, -1):
        line = lines[number - 1]
        if line.lstrip().startswith("#"):
            continue
        for pattern, mend, zh, en in _SLIPS:
            found = pattern.match(line)
            if found and _parses_past("\n".join([*lines[:number - 1], mend(line, found.end()), *lines[number:]]),
                                      error_line):
                return Position(number, found.end() + 1), zh, en
    return None


def _parses_past(text: str, error_line: int) -> bool:
    try:
        yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        return mark is not None and mark.line + 1 > error_line
    except yaml.YAMLError:
        return False
    return True


def _explain(problem: str) -> str:
    for english, chinese in _PROBLEMS_ZH.items():
        if problem.startswith(english):
            return chinese
    return problem


class _Abort(Exception):
    """Stop building: the structure can no longer be trusted."""


class _Builder:
    def __init__(self, display: str, text: str) -> None:
        self.display = display
        self.text = text
        self.loader = _EventLoader(text)
        self.doc = Document(display, None, source=text)
        self.diagnostics: list[Diagnostic] = []
        # Lines where a comment may follow a value (" #"), by number: few, so each plain value is
        # looked up here instead of in its line's text.
        self.comment_lines = ({number: line for number, line in enumerate(text.split("\n"))
                               if _TRAILING_COMMENT.search(line)} if _TRAILING_COMMENT.search(text) else {})

    def report(self, code: codes.Code, at: Position, pointer: str = "", **params: Any) -> None:
        self.diagnostics.append(Diagnostic(self.display, at.line, at.column, code, params, pointer))
        if len(self.diagnostics) >= MAX_DIAGNOSTICS_PER_FILE:
            raise _Abort

    def _last_report(self, code: codes.Code, at: Position, **params: Any) -> None:
        """Report the error that ended parsing, even when it is the one that reaches the limit."""
        with contextlib.suppress(_Abort):
            self.report(code, at, **params)

    def build(self) -> Document:
        try:
            self.loader.get_event()  # StreamStart
            if isinstance(self.loader.peek_event(), yaml.StreamEndEvent):
                self.report(codes.E109, Position(1, 1))
                return self.doc
            self.loader.get_event()  # DocumentStart
            self.doc.data = self.node((), 0)
            self.loader.get_event()  # DocumentEnd
            extra = self.loader.get_event()
            if isinstance(extra, yaml.DocumentStartEvent):
                self.report(codes.E111, _position(extra.start_mark))
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            at = _position(mark) if mark else Position(1, 1)
            problem = (error.problem or "").strip() or str(error)
            context = (error.context or "").strip()
            opened = error.context_mark
            where_zh = where_en = ""
            if context and opened is not None and mark is not None and opened.line != mark.line:
                where_zh = f"（从第 {opened.line + 1} 行开始的结构没有正确结束）"
                where_en = f" ({context} that starts at line {opened.line + 1})"
            elif context:
                where_en = f" ({context})"
            slip = likely_slip(self.text, at.line)
            if slip is not None:
                at, explained, explained_en = slip
                self._last_report(codes.E101, at, problem=explained, problem_en=explained_en)
                return self.doc
            self._last_report(codes.E101, at, problem=_explain(problem) + where_zh, problem_en=problem + where_en)
        except yaml.YAMLError as error:  # reader errors without a mark
            self._last_report(codes.E101, Position(1, 1), problem=str(error).strip(), problem_en=str(error).strip())
        except _Abort:
            pass
        finally:
            self.loader.dispose()
        return self.doc

    def node(self, path: Path_, depth: int) -> Any:
        event = self.loader.get_event()
        mark = event.start_mark
        self.doc.values[path] = mark
        kind = type(event)
        if kind is yaml.ScalarEvent and event.anchor is None and event.tag is None:  # the common case
            return self.scalar(event, mark)
        at = _position(mark)
        if kind is yaml.AliasEvent:
            self.report(codes.E106, at, anchor=event.anchor)
            return None
        if event.anchor is not None:
            self.report(codes.E106, at, anchor=event.anchor)
        tag = event.tag
        if tag is not None and not (kind is yaml.ScalarEvent and tag == "!" and event.style):
            self.report(codes.E108, at, tag=tag)
        if kind is yaml.ScalarEvent:
            return self.scalar(event, mark)
        if depth > MAX_DEPTH:
            self.report(codes.E112, at, limit=MAX_DEPTH)
            self.skip(event)
            return None
        if kind is yaml.SequenceStartEvent:
            items: list[Any] = []
            peek = self.loader.peek_event
            while type(peek()) is not yaml.SequenceEndEvent:
                items.append(self.node((*path, len(items)), depth + 1))
            self.loader.get_event()
            return items
        return self.mapping(path, depth)

    def scalar(self, event: Any, mark: Any) -> Any:
        if not event.style and event.end_mark.line in self.comment_lines and _PROSE.search(event.value):
            self.trailing_comment(event.end_mark)
        value = resolve_plain(event.value) if not event.style and event.tag is None else event.value
        if isinstance(value, str) and len(value) > MAX_STRING:
            self.report(codes.E119, _position(mark), length=len(value), limit=MAX_STRING)
            return value[:MAX_STRING]
        return value

    def trailing_comment(self, end: Any) -> None:
        """Text after " #" on a value's line is a comment, and silently not part of the entry:
        "发微信确认 #记得截图" keeps only its first half. Said of prose only: after an ID, a
        value from a list or a date (channel: phone  # 电话) a comment is plainly meant as one."""
        line = self.comment_lines[end.line]
        found = re.match(r"[ \t]+#[ \t]*(.*?)[ \t\r]*$", line[end.column:])
        if found and found.group(1):  # a bare # loses nothing
            shown = found.group(1) if len(found.group(1)) <= 40 else found.group(1)[:39] + "…"
            hash_column = end.column + found.group().index("#") + 1
            self.report(codes.W304, Position(end.line + 1, hash_column), comment=shown)

    def mapping(self, path: Path_, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        peek, get, keys = self.loader.peek_event, self.loader.get_event, self.doc.keys
        while type(key_event := peek()) is not yaml.MappingEndEvent:
            key_mark = key_event.start_mark
            if type(key_event) is not yaml.ScalarEvent:
                self.report(codes.E118, _position(key_mark))
                self.skip(get())
                self.skip(get())
                continue
            get()
            key = key_event.value
            if key_event.anchor is not None:
                self.report(codes.E106, _position(key_mark), anchor=key_event.anchor)
            if key == "<<" and key_event.style == "":
                self.report(codes.E107, _position(key_mark))
                self.skip(get())
                continue
            if key == "" and key_event.style == "":
                self.report(codes.E118, _position(key_mark))
                self.skip(get())
                continue
            key_path = (*path, key)
            if key in result:
                self.report(codes.E105, _position(key_mark), key=key, first_line=keys[key_path].line + 1)
                self.skip(get())
                continue
            keys[key_path] = key_mark
            result[key] = self.node(key_path, depth + 1)
        get()
        return result

    def skip(self, event: Any) -> None:
        """Consume the rest of a node whose start event was already read."""
        if isinstance(event, yaml.AliasEvent):
            self.report(codes.E106, _position(event.start_mark), anchor=event.anchor)
            return
        level = 1 if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent) else 0
        while level:
            event = self.loader.get_event()
            if isinstance(event, yaml.SequenceStartEvent | yaml.MappingStartEvent):
                level += 1
            elif isinstance(event, yaml.SequenceEndEvent | yaml.MappingEndEvent):
                level -= 1


def check_text(display: str, raw: bytes) -> tuple[str | None, list[Diagnostic]]:
    """Byte-level checks before parsing: size, binary, BOM, encoding, tabs, control characters."""

    def at(code: codes.Code, pos: Position, **params: Any) -> Diagnostic:
        return Diagnostic(display, pos.line, pos.column, code, params)

    if len(raw) > MAX_FILE_BYTES:
        return None, [at(codes.E110, Position(1, 1), size=len(raw), limit=MAX_FILE_BYTES)]
    if b"\x00" in raw:
        return None, [at(codes.E116, Position(1, 1))]
    if raw.startswith(b"\xef\xbb\xbf"):
        return None, [at(codes.E103, Position(1, 1))]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        prefix = raw[: error.start].decode("utf-8", errors="replace")
        return None, [at(codes.E102, text_position(prefix, len(prefix)), byte=error.start + 1)]
    problems = []
    for match in re.finditer(r"\t", text):
        problems.append(at(codes.E104, text_position(text, match.start())))
    for match in _CONTROL.finditer(text):
        problems.append(at(codes.E121, text_position(text, match.start()),
                           char=f"U+{ord(match.group()):04X}"))
    if problems:
        return None, problems[:MAX_DIAGNOSTICS_PER_FILE]
    return text, []


def parse_document(display: str, raw: bytes) -> tuple[Document | None, list[Diagnostic]]:
    """Parse one file. Returns the document (None if it cannot be trusted) and diagnostics."""
    text, problems = check_text(display, raw)
    if text is None:
        return None, problems
    builder = _Builder(display, text)
    doc = builder.build()
    if any(d.severity == "error" for d in builder.diagnostics):
        return None, builder.diagnostics
    return doc, builder.diagnostics  # warnings only: the document stands
