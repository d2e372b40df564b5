"""Every diagnostic huikuan can report, as objects with a stable code.

Codes never change meaning once published. The reference page on the site and
``huikuan codes`` are generated from this registry, so the documentation cannot drift
from what the checker says.

E1xx  the file itself: encoding, YAML syntax, the strict YAML subset, names and places
E2xx  one entry against its kind's schema (pass 1)
E3xx  the library as a whole: IDs, references, taxonomy values, placeholders (pass 2)
W3xx  warnings: allowed in a clean check, shown to owners
"""

from __future__ import annotations

import string
from dataclasses import dataclass
from typing import Any

from generator.messages import Words


class _Blank(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


_FORMATTER = string.Formatter()


def _render(template: str, params: dict[str, Any]) -> str:
    return _FORMATTER.vformat(template, (), _Blank(params))


@dataclass(frozen=True)
class Code:
    id: str
    name: str  # a stable slug, e.g. duplicate-key
    severity: str  # error | warning
    title: dict[str, str]
    message: dict[str, str]
    fix: dict[str, str]
    explain: dict[str, str]
    example: str = ""  # a YAML snippet that triggers it
    # Codes whose findings on the same field this one's finding explains: one cause, one line
    # (a date written 2026/11/01 breaks the date pattern too, but the fix is the date's).
    explains: tuple[str, ...] = ()

    def render_message(self, lang: str, params: dict[str, Any]) -> str:
        return _render(self.message.get(lang) or self.message["zh"], params)

    def render_fix(self, lang: str, params: dict[str, Any]) -> str:
        return _render(self.fix.get(lang) or self.fix["zh"], params)

    def explained(self, lang: str) -> str:
        """The code's documentation as text (`huikuan codes E203`), the same parts as its
        section of the site's codes page; {name} marks what a report fills in."""
        severity = SEVERITY[self.severity]
        parts = [f"{self.id}  {self.title[lang]}  ({severity.say(lang)} · {self.name})", self.explain[lang],
                 Words("报告：{}\n怎么改：{}", "Reports: {}\nFix: {}").say(lang).format(self.message[lang], self.fix[lang])]
        if self.example:
            lines = self.example.rstrip().replace("\t", "→").splitlines()
            parts.append(Words("会触发它的写法：", "Triggered by:").say(lang) + "".join("\n    " + x for x in lines))
        return "\n\n".join(parts)


REGISTRY: dict[str, Code] = {}
# How a severity is named to the reader (`huikuan codes` explaining a code or a rule).
SEVERITY = {"error": Words("错误", "error"), "warning": Words("警告", "warning")}


def _code(id: str, name: str, severity: str, title: tuple[str, str], message: tuple[str, str],
          fix: tuple[str, str], explain: tuple[str, str], example: str = "", explains: tuple[str, ...] = ()
          ) -> Code:
    code = Code(id, name, severity, dict(zip(("zh", "en"), title, strict=True)),
                dict(zip(("zh", "en"), message, strict=True)),
                dict(zip(("zh", "en"), fix, strict=True)),
                dict(zip(("zh", "en"), explain, strict=True)), example, explains)
    assert id not in REGISTRY, id
    REGISTRY[id] = code
    return code


# E1xx — files and YAML --------------------------------------------------------------------

E101 = _code(
    "E101", "yaml-syntax", "error", ("YAML 语法错误", "YAML syntax error"),
    ("YAML 语法错误：{problem}", "YAML syntax error: {problem_en}"),
    ("检查这一行附近的缩进、冒号和引号；含冒号或 # 的文字请加引号",
     "check indentation, colons and quotes near this line; quote text containing ':' or '#'"),
    ("文件无法按 YAML 解析。最常见的原因是缩进不一致、冒号后缺空格，或文字里含有冒号、井号却没加引号。",
     "The file does not parse as YAML. Usually inconsistent indentation, a missing space after a "
     "colon, or text containing ':' or '#' without quotes."),
    "title: 付款提醒: 第一次\n",
)
E102 = _code(
    "E102", "not-utf8", "error", ("不是 UTF-8 编码", "not UTF-8"),
    ("文件不是有效的 UTF-8 编码（第 {byte} 字节）", "the file is not valid UTF-8 (byte {byte})"),
    ("用编辑器把文件另存为 UTF-8（不带 BOM）", "save the file as UTF-8 without a BOM"),
    ("库里的所有文件都必须是 UTF-8。GBK 等编码在不同电脑上会变成乱码。",
     "Every library file must be UTF-8; GBK and other encodings turn into garbage elsewhere."),
)
E103 = _code(
    "E103", "bom", "error", ("文件带 BOM", "byte-order mark"),
    ("文件开头有 UTF-8 BOM（字节顺序标记）", "the file starts with a UTF-8 byte-order mark"),
    ("另存为“UTF-8 无 BOM”", "save as UTF-8 without BOM"),
    ("BOM 是不可见字符，会让某些工具把第一个键读错。", "A BOM is invisible and makes some tools misread the first key."),
)
E104 = _code(
    "E104", "tab", "error", ("使用了制表符", "tab character"),
    ("这里有制表符（Tab）", "a tab character here"),
    ("把 Tab 换成空格：缩进用两个空格", "replace the tab with spaces; indent with two spaces"),
    ("YAML 不允许用 Tab 缩进；文字中的 Tab 在网页和打印中也会错位，所以库里一律不用 Tab。",
     "YAML forbids tabs for indentation, and tabs inside text misalign on the site and in print."),
    "title:\t付款提醒\n",
)
E105 = _code(
    "E105", "duplicate-key", "error", ("重复的键", "duplicate key"),
    ("键 '{key}' 重复，第一次出现在第 {first_line} 行", "key '{key}' repeats; first at line {first_line}"),
    ("删除其中一个，或合并两处的内容", "delete one of them or merge the two"),
    ("同一个映射里出现两次相同的键时，普通 YAML 工具会悄悄丢掉前一个值。huikuan 把它当作错误。",
     "Ordinary YAML tools silently drop the first of two equal keys; huikuan treats it as an error."),
    "title: 甲\ntitle: 乙\n",
)
E106 = _code(
    "E106", "anchor-alias", "error", ("使用了锚点或别名", "anchor or alias"),
    ("不支持 YAML 锚点和别名（&{anchor} / *{anchor}）", "YAML anchors and aliases are not allowed (&{anchor} / *{anchor})"),
    ("把被引用的内容直接写出来；要复用内容请引用条目 ID", "write the content out; to reuse content, reference an entry by ID"),
    ("锚点和别名让一个文件难以阅读，还可被用来构造“别名炸弹”耗尽内存。",
     "Anchors and aliases make files hard to read and enable alias bombs that exhaust memory."),
    "a: &x 你好\nb: *x\n",
)
E107 = _code(
    "E107", "merge-key", "error", ("使用了合并键", "merge key"),
    ("不支持合并键 <<", "merge keys (<<) are not allowed"),
    ("把要合并的字段逐个写出来", "write the merged fields out one by one"),
    ("合并键属于 YAML 1.1，不在 YAML 1.2 中，而且会隐藏字段的真实来源。",
     "Merge keys are YAML 1.1 only and hide where a field really comes from."),
)
E108 = _code(
    "E108", "explicit-tag", "error", ("使用了 YAML 标签", "explicit tag"),
    ("不支持 YAML 标签 {tag}", "YAML tags such as {tag} are not allowed"),
    ("删掉标签；需要文字时加引号", "remove the tag; quote the value if it should be text"),
    ("标签（如 !!python/object）可以让解析器构造任意对象；库里只允许普通的文字、数字、列表和映射。",
     "Tags such as !!python/object can construct arbitrary objects; only plain data is allowed."),
)
E109 = _code(
    "E109", "empty-file", "error", ("空文件", "empty file"),
    ("文件是空的（或只有注释）", "the file is empty (or holds only comments)"),
    ("用 `huikuan new` 生成模板再填写，或删除这个文件", "start from `huikuan new`, or delete the file"),
    ("空文件通常是忘了保存或误建的文件。", "An empty file is usually an unsaved or stray file."),
)
E110 = _code(
    "E110", "file-too-large", "error", ("文件太大", "file too large"),
    ("文件有 {size} 字节，超过上限 {limit} 字节", "the file has {size} bytes, over the limit of {limit}"),
    ("拆成几个条目，或删减内容", "split it into several entries or shorten it"),
    ("单个条目的文件大小有上限（见 README 的“限制”一节），防止误把大文件放进库里。",
     "Entry files have a size limit (see Limits in the README) so a stray large file cannot slip in."),
)
E111 = _code(
    "E111", "multiple-documents", "error", ("一个文件里有多个文档", "several documents"),
    ("一个文件只能有一个 YAML 文档（这里出现了 ---）", "one YAML document per file (found ---)"),
    ("每个条目单独一个文件", "put each entry in its own file"),
    ("一个文件就是一个条目，文件名就是条目 ID。", "One file is one entry; the file name is its ID."),
)
E112 = _code(
    "E112", "too-deep", "error", ("嵌套太深", "nesting too deep"),
    ("嵌套超过 {limit} 层", "nesting deeper than {limit} levels"),
    ("检查缩进：是否有意外多出来的缩进", "check the indentation for accidental extra levels"),
    ("任何 schema 都不需要这么深的嵌套，过深的结构通常是缩进错误或恶意输入。",
     "No schema needs this depth; it is an indentation mistake or hostile input."),
)
E113 = _code(
    "E113", "bad-id", "error", ("文件名不是合法的 ID", "file name is not a valid ID"),
    ("文件名 '{name}' 不能作为条目 ID", "file name '{name}' is not a valid entry ID"),
    ("改名为小写字母、数字和连字符，例如 {suggestion}.yaml", "rename to lowercase letters, digits and hyphens, e.g. {suggestion}.yaml"),
    ("条目 ID 就是文件名（不含 .yaml），只能由小写英文字母、数字和连字符组成，最长 64 个字符。",
     "The entry ID is the file name without .yaml: lowercase ASCII letters, digits and hyphens, at most 64."),
)
E114 = _code(
    "E114", "stray-file", "error", ("库里有不该有的文件", "stray file"),
    ("'{name}' 不属于库：{reason}", "'{name}' does not belong in the library: {reason_en}"),
    ("{hint}", "{hint_en}"),
    ("库里只能有 taxonomy.yaml 和各类别文件夹（scripts、objections 等）中的 .yaml 文件。根目录下的 YAML 文件"
     "如果从字段看得出是哪一类条目，修改建议就给出把它移进那个文件夹的 git mv 命令（和 E123 一样）。",
     "The library holds taxonomy.yaml and .yaml files in the kind folders (scripts, objections, …). A YAML file "
     "at the root whose fields tell its kind gets the git mv into that kind's folder as its fix (as E123 does)."),
)
E115 = _code(
    "E115", "symlink", "error", ("符号链接", "symbolic link"),
    ("'{name}' 是符号链接{where}", "'{name}' is a symbolic link{where_en}"),
    ("把真正的文件放进库里，删除链接", "put the real file in the library and remove the link"),
    ("链接可能指向库外的文件，构建时就会读取库外的内容，所以库里不允许符号链接。",
     "A link can point outside the library, so links are not allowed."),
)
E116 = _code(
    "E116", "binary-file", "error", ("二进制文件", "binary file"),
    ("文件含有 NUL 字节，不是文本文件", "the file contains NUL bytes; it is not text"),
    ("删除这个文件；图片等附件不要放进库里", "remove it; do not put images or other binaries in the library"),
    ("库里只允许 YAML 文本。", "The library holds YAML text only."),
)
E117 = _code(
    "E117", "missing-taxonomy", "error", ("缺少 taxonomy.yaml", "taxonomy.yaml missing"),
    ("库的根目录没有 taxonomy.yaml", "the library root has no taxonomy.yaml"),
    ("从自带的库复制一份 taxonomy.yaml 再修改", "copy taxonomy.yaml from the bundled library and edit it"),
    ("阶段、客户类型、渠道、占位符等都在 taxonomy.yaml 中声明，没有它就无法检查条目。",
     "Stages, debtor types, channels and placeholders are declared there; entries cannot be checked without it."),
)
E118 = _code(
    "E118", "bad-key", "error", ("键不是文字", "non-text key"),
    ("映射的键必须是简单的文字", "mapping keys must be plain text"),
    ("把键改成简单的字段名", "use a plain field name as the key"),
    ("键不能是列表、映射或空值。", "Keys cannot be lists, mappings or null."),
)
E119 = _code(
    "E119", "string-too-long", "error", ("文字太长", "string too long"),
    ("一段文字有 {length} 个字符，超过上限 {limit}", "a string of {length} characters, over the limit of {limit}"),
    ("拆成几段或几条", "split it into several items"),
    ("单个字符串有长度上限（见 README 的“限制”一节）。", "Strings have a length limit (see Limits in the README)."),
)
E120 = _code(
    "E120", "too-many-files", "error", ("文件太多", "too many files"),
    ("库里有 {count} 个文件，超过上限 {limit}", "the library has {count} files, over the limit of {limit}"),
    ("拆分成几个库", "split the library"),
    ("一个库的条目数有上限（见 README 的“限制”一节）。", "A library has an entry limit (see Limits in the README)."),
)
E121 = _code(
    "E121", "control-character", "error", ("不可见字符", "invisible character"),
    ("这里有不可见的字符 {char}", "an invisible character {char} here"),
    ("删除这个字符（常见于从网页或聊天软件复制的文字）", "delete it (it often comes with text copied from the web or chat apps)"),
    ("控制字符、零宽字符和文字方向控制符在网页和打印里看不见，却会破坏搜索和复制，"
     "还能让违规的话躲过合规检查（比如在“老婆”两个字中间夹一个零宽空格）。",
     "Control, zero-width and text-direction characters cannot be seen on the page or in print, but "
     "they break search and copying and can hide a red-line phrase from the compliance lint."),
)
E122 = _code(
    "E122", "unreadable", "error", ("无法读取", "unreadable"),
    ("无法读取：{error}", "cannot read: {error}"),
    ("检查文件权限", "check the file permissions"),
    ("文件存在但无法读取。", "The file exists but cannot be read."),
)
E123 = _code(
    "E123", "wrong-folder", "error", ("文件放错了文件夹", "file in the wrong folder"),
    ("这个文件像是 {kind}（{kind_name}），应放在 {folder}/ 下：{fields} 是{kind_name}的字段，不是{here_name}的",
     "this file looks like {kind} ({kind_en}), which belongs in {folder}/: {fields_en} are fields of that kind, "
     "not of {here_en}"),
    ("git mv {source} {target}（文件还没有 git add 过时用 mv）",
     "git mv {source} {target} (plain mv if git does not track the file yet)"),
    ("条目的类别由它所在的文件夹决定。一个文件的字段明明属于另一个类别（比如异议处理存进了 scripts/），"
     "就只报告这一条，并按它实际的类别检查其余内容，而不是按所在文件夹的 schema 报出一长串“未知字段”和“缺少字段”。",
     "An entry's kind is the folder it is in. When a file's fields are plainly another kind's (an objection "
     "saved in scripts/), this one finding says where it goes and the rest is checked against that kind, "
     "instead of a flood of unknown and missing fields against the folder's schema."),
)

# E2xx — one entry against its schema --------------------------------------------------------

E200 = _code(
    "E200", "not-a-mapping", "error", ("条目不是映射", "entry is not a mapping"),
    ("文件的顶层必须是“字段: 值”形式的映射，这里是{got}", "the top level must be a mapping of fields, not {got_en}"),
    ("参照 `huikuan new {kind} example-id` 生成的模板（ID 用小写字母、数字和连字符）",
     "start from the template of `huikuan new {kind} example-id`"),
    ("每个条目文件的顶层是字段映射。", "The top level of every entry file is a mapping of fields."),
)
E201 = _code(
    "E201", "unknown-field", "error", ("未知字段", "unknown field"),
    ("{where}没有字段 '{key}'", "{where_en} has no field '{key}'"),
    ("{suggestion}可用的字段：{allowed}", "{suggestion_en}allowed: {allowed}"),
    ("拼错的字段名会被悄悄忽略，所以未知字段是错误。可用字段见字段参考页。",
     "A misspelt field would be silently ignored, so unknown fields are errors. See the field reference."),
    "titel: 付款提醒\n",
)
E202 = _code(
    "E202", "missing-field", "error", ("缺少必填字段", "missing field"),
    ("{where}缺少必填字段 '{key}'", "{where_en} is missing the required field '{key}'"),
    ("加上 {key}: …（{description}）", "add {key}: … ({description_en})"),
    ("每类条目都有必填字段，见字段参考页。", "Each kind has required fields; see the field reference."),
)
E203 = _code(
    "E203", "wrong-type", "error", ("类型不对", "wrong type"),
    ("应该是{expected}，这里是{got}", "should be {expected_en}, not {got_en}"),
    ("{hint}", "{hint_en}"),
    ("字段的值类型不对，例如该写列表的地方写了一句话。注意 YAML 里 yes/no/on/off 在 huikuan 中是文字，布尔值只写 true/false。",
     "The value has the wrong type, e.g. a sentence where a list is expected. yes/no/on/off are text in huikuan; booleans are true/false."),
    "stages: m1\n",
)
E204 = _code(
    "E204", "not-allowed", "error", ("不允许的值", "value not allowed"),
    ("值 '{value}' 不在允许范围内", "'{value}' is not allowed"),
    ("可用的值：{allowed}", "allowed values: {allowed}"),
    ("这个字段只接受固定的几个值。", "This field accepts a fixed set of values."),
)
E205 = _code(
    "E205", "bad-format", "error", ("格式不对", "wrong format"),
    ("值 '{value}' 格式不对", "'{value}' has the wrong format"),
    ("{hint}", "{hint_en}"),
    ("值必须符合规定的写法，例如 ID 只能用小写字母、数字和连字符。", "The value must follow the required pattern."),
)
E206 = _code(
    "E206", "too-short", "error", ("内容太少", "too short"),
    ("至少需要 {limit} {unit}，现在是 {actual}", "needs at least {limit} {unit_en}, has {actual}"),
    ("补足内容", "add more"),
    ("一些字段有最少条数或最少字数，例如异议至少要有 4 种说法。",
     "Some fields have a minimum, e.g. an objection needs at least 4 variants."),
)
E207 = _code(
    "E207", "too-long", "error", ("内容太多", "too long"),
    ("最多 {limit} {unit}，现在是 {actual}", "allows at most {limit} {unit_en}, has {actual}"),
    ("删减，或拆成几条", "shorten it or split it"),
    ("一些字段有长度上限，保证网页、卡片和打印手册排得下。", "Some fields have a maximum so pages and print layouts fit."),
)
E208 = _code(
    "E208", "bad-date", "error", ("日期无效", "invalid date"),
    ("值 '{value}' 不是有效日期", "'{value}' is not a valid date"),
    ("写成 YYYY-MM-DD，并确认这一天存在，例如 2026-11-01", "write YYYY-MM-DD for a day that exists, e.g. 2026-11-01"),
    ("日期按文字读取，再检查是否是真实存在的日子（没有 2 月 30 日）。写法不对的日期只报这一条，不再另报 E205。",
     "Dates are read as text and checked to be real days. A date in the wrong format gets this finding, not E205 too."),
    explains=("E205",),
)
E209 = _code(
    "E209", "duplicate-item", "error", ("列表里有重复项", "duplicate item"),
    ("列表里有重复的项", "the list has duplicate items"),
    ("删除重复的那一项", "remove the repeated item"),
    ("列表里的每一项应该不同。", "Items in this list must be distinct."),
)
E210 = _code(
    "E210", "out-of-range", "error", ("数值超出范围", "number out of range"),
    ("值 {value} 超出范围（{range}）", "{value} is out of range ({range})"),
    ("改成范围内的数", "use a number within the range"),
    ("数字字段有取值范围。", "Number fields have a range."),
)
E211 = _code(
    "E211", "bad-regex", "error", ("正则表达式无效", "invalid regular expression"),
    ("不是有效的正则表达式：{error}", "is not a valid regular expression: {error}"),
    ("检查括号、方括号是否成对，特殊字符是否用反斜杠转义", "check that brackets pair up and special characters are escaped"),
    ("合规规则的 patterns 和 unless 是 Python 正则表达式。", "Rule patterns and exceptions are Python regular expressions."),
)
E212 = _code(
    "E212", "one-key-turn", "error", ("一项只能写一个键", "one key per item"),
    ("每一项只能写一个键（{allowed} 之一），现在有 {actual} 个", "one key per item (one of {allowed_en}); found {actual}"),
    ("拆成几项，每项一个键", "split it into several items, one key each"),
    ("一轮对话只有一个说话人，这样才能按顺序展示和检查。", "A turn has one speaker so it can be shown and checked in order."),
)
E213 = _code(
    "E213", "conditional-field", "error", ("缺少条件必填字段", "conditionally required field missing"),
    ("{where}缺少字段 '{key}'（{condition} 时必填）", "{where_en} is missing '{key}' (required when {condition_en})"),
    ("加上 {key}: …（{description}）", "add {key}: … ({description_en})"),
    ("有些字段在特定情况下必填，例如“不能做”的法律条目必须带检查规则。",
     "Some fields are required in certain cases, e.g. a don't legal entry needs a rule."),
)
E299 = _code(
    "E299", "schema", "error", ("不符合 schema", "schema violation"),
    ("{detail}", "{detail}"),
    ("对照字段参考页修改", "compare with the field reference"),
    ("其它不符合 schema 的情况。", "Any other schema violation."),
)

# E3xx — the whole library -------------------------------------------------------------------

E301 = _code(
    "E301", "duplicate-id", "error", ("ID 重复", "duplicate ID"),
    ("ID '{id}' 已被 {other} 使用", "ID '{id}' is already used by {other}"),
    ("给其中一个换个 ID（改文件名）", "give one of them another ID (rename the file)"),
    ("条目 ID 在整个库里唯一（不分类别），课程页面才能只凭 ID 引用条目。taxonomy.yaml 列表里的重复项是 E319。",
     "IDs are unique across the library (all kinds) so pages can link by ID alone. Duplicates in the lists of "
     "taxonomy.yaml are E319."),
)
E302 = _code(
    "E302", "dangling-reference", "error", ("引用了不存在的条目", "dangling reference"),
    ("引用的{kind_name} '{id}' 不存在", "no {kind_en} with ID '{id}'"),
    ("{suggestion}", "{suggestion_en}"),
    ("引用必须指向库里存在的条目。", "References must point at entries that exist."),
)
E303 = _code(
    "E303", "wrong-kind-reference", "error", ("引用的条目类别不对", "reference to the wrong kind"),
    ("只能引用{kind_name}，但 '{id}' 是{actual_name}", "accepts {kind_en} IDs only, but '{id}' is a {actual_en}"),
    ("{fix}", "{fix_en}"),
    ("引用是有类型的：指向异议的字段只接受异议 ID。一类条目不能引用的，改由另一方引用它（清单没有话术字段，"
     "话术的 checklists 字段可以引用清单）。",
     "References are typed: a field for objections accepts only objection IDs. Where one kind has no field for "
     "the other, the other links it (a checklist has no scripts field; a script's checklists field links a checklist)."),
)
E304 = _code(
    "E304", "not-in-taxonomy", "error", ("值不在分类中", "value not in the taxonomy"),
    ("值 '{value}' 没有在 taxonomy.yaml 的 {list} 中声明", "'{value}' is not declared in taxonomy.yaml {list}"),
    ("{suggestion}可用的值：{allowed}", "{suggestion_en}declared: {allowed_en}"),
    ("阶段、客户类型、渠道等值必须先在 taxonomy.yaml 中声明。", "Stages, debtor types, channels etc. must be declared in taxonomy.yaml."),
)
E305 = _code(
    "E305", "stage-overlap", "error", ("阶段天数重叠", "stage ranges overlap"),
    ("阶段 '{stage}' 的天数与 '{other}' 重叠", "stage '{stage}' overlaps '{other}'"),
    ("让 '{stage}' 的 days_from 等于 {expected}", "make '{stage}' days_from equal {expected}"),
    ("阶段按逾期天数划分，每一天只能属于一个阶段。", "Each day past due belongs to exactly one stage."),
)
E306 = _code(
    "E306", "stage-gap", "error", ("阶段天数有缺口", "gap between stages"),
    ("阶段 '{other}' 和 '{stage}' 之间漏掉了第 {gap} 天", "days {gap} fall between stages '{other}' and '{stage}'"),
    ("让 '{stage}' 的 days_from 等于 {expected}", "make '{stage}' days_from equal {expected}"),
    ("相邻阶段的天数必须首尾相接。", "Adjacent stages must meet without a gap."),
)
E307 = _code(
    "E307", "undeclared-placeholder", "error", ("占位符未声明", "undeclared placeholder"),
    ("占位符 {{{name}}} 没有在 taxonomy.yaml 的 placeholders 中声明", "placeholder {{{name}}} is not declared in taxonomy.yaml placeholders"),
    ("{suggestion}", "{suggestion_en}"),
    ("话术和函件里的 {客户名称} 这类占位符必须先声明，网站的填写表单和打印时的空白横线都靠这份声明。",
     "Placeholders such as {客户名称} must be declared; the fill-in form and printed blanks rely on it."),
)
E308 = _code(
    "E308", "stage-range", "error", ("阶段天数不合理", "invalid stage range"),
    ("阶段 '{stage}' 的 days_from {start} 大于 days_to {end}", "stage '{stage}': days_from {start} is after days_to {end}"),
    ("交换两个数，或改正其中一个", "swap or correct them"),
    ("每个阶段的开始天数不能大于结束天数。", "A stage cannot start after it ends."),
)
E309 = _code(
    "E309", "open-stage", "error", ("阶段缺少边界", "open-ended stage"),
    ("阶段 '{stage}' 的 {field} 为空，只有{position}阶段可以不设{bound}", "stage '{stage}' has no {field}; only the {position_en} stage may be open"),
    ("写上天数", "give the day number"),
    ("只有第一个阶段可以没有下限（到期前），只有最后一个阶段可以没有上限。",
     "Only the first stage may have no lower bound and only the last no upper bound."),
)
E310 = _code(
    "E310", "todo-left", "error", ("还有未填写的 TODO", "unfilled TODO"),
    ("还留着模板里的 TODO", "still holds the template's TODO"),
    ("把 TODO 换成真实内容", "replace the TODO with real content"),
    ("`huikuan new` 生成的模板里用 TODO 标出要填的地方，提交前必须全部填完。值还是 TODO 时只报这一条，"
     "不再另报它不是允许的值、格式不对、不在分类中或引用不存在（E204、E205、E208、E302、E304）；"
     "文字里夹着 TODO 时，格式问题算在 TODO 上，未声明的占位符、不存在的引用等照常报告。",
     "Templates from `huikuan new` mark what to fill with TODO; all must be filled before committing. A value "
     "still TODO gets this finding only, not also E204, E205, E208, E302 or E304 for what TODO is not. In text "
     "with a TODO in it, the form errors go with the TODO; undeclared placeholders, dangling references and "
     "the like are still reported."),
    explains=("E204", "E205", "E208"),
)
E311 = _code(
    "E311", "self-reference", "error", ("引用了自己", "self reference"),
    ("引用了条目自己", "references the entry itself"),
    ("删除这个引用", "remove the reference"),
    ("条目不需要链接到自己。", "An entry need not link to itself."),
)
E312 = _code(
    "E312", "bad-suppression", "error", ("豁免无效", "invalid suppression"),
    ("豁免的{problem}", "suppression: {problem_en}"),
    ("{hint}", "{hint_en}"),
    ("suppress 里的每一条必须指向存在的规则和字段。", "Each suppression must name an existing rule and field."),
)
E313 = _code(
    "E313", "unknown-page-link", "error", ("页面链接了不存在的条目", "page links an unknown entry"),
    ("[[{id}]] 链接的条目不存在", "[[{id}]] links an entry that does not exist"),
    ("{suggestion}", "{suggestion_en}"),
    ("content/ 里的页面用 [[ID]]、[[ID|文字]] 链接条目，用单独一行的 ![[ID]] 嵌入条目卡片；ID 必须存在，否则构建失败。",
     "Pages in content/ link entries with [[ID]] or [[ID|text]] and embed them with ![[ID]] on a line of its own; unknown IDs fail the build."),
)
E314 = _code(
    "E314", "duplicate-rule-id", "error", ("合规规则编号重复", "duplicate rule ID"),
    ("规则编号 {rule} 已被 {other} 使用", "rule ID {rule} is already used by {other}"),
    ("给这条规则换一个编号", "give this rule another ID"),
    ("规则编号在整个库里唯一，否则豁免和规则页无法分清指的是哪一条。",
     "Rule IDs are unique across the library, or waivers and rule pages would be ambiguous."),
)
E315 = _code(
    "E315", "malformed-placeholder", "error", ("占位符写法不对", "malformed placeholder"),
    ("{text} 不是占位符的写法：{problem}", "{text} is not a placeholder: {problem_en}"),
    ("{fix}", "{fix_en}"),
    ("占位符写成一对半角花括号里的名称，如 {客户名称}。全角花括号、两层花括号、名称里的空格或没配对的花括号，"
     "网站不会高亮、表单填不进去，打印时也不会留出空白，客户就会看到原样的括号。",
     "A placeholder is a name in one pair of ASCII braces, e.g. {客户名称}. Full-width or doubled braces, "
     "spaces in the name or an unpaired brace are neither highlighted nor filled in, and print as they are."),
)
E316 = _code(
    "E316", "capitals-name-taken", "error", ("大写占位符重名", "capitals name taken"),
    ("{amount} 的大写占位符 '{name}' 与 {other} 重名", "the capitals of '{amount}', '{name}', are named like {other}"),
    ("给大写另起一个没有用过的名称，例如 {suggestion}", "give the capitals a name not used yet, e.g. '{suggestion}'"),
    ("capitals 声明的是一个新的占位符，值由金额自动生成。和已声明的占位符（或另一个金额的大写）同名时，"
     "函件里的 {名称} 只能是其中之一，另一个会被悄悄丢掉：例如打印出来的是手填的文字，而不是由金额算出的大写。",
     "capitals declares one more placeholder, written from the amount. Named like a declared placeholder (or "
     "another amount's capitals), {name} in a letter can be only one of them and the other is silently lost: "
     "the letter may print typed text instead of the capitals computed from the amount."),
    "placeholders:\n  - {name: 欠款金额, format: amount, capitals: 客户名称, description: 本金, example: '100'}\n",
)
E317 = _code(
    "E317", "bad-relation", "error", ("关联的占位符不对", "wrong relation"),
    ("{field} 里的 '{name}' {problem}", "'{name}' in {field} {problem_en}"),
    ("写一个日期占位符的名称：{dates}", "name a date placeholder: {dates_en}"),
    ("after、before 和 days_between 把一个占位符的值和日期占位符的值联系起来（付款期限在发函日期之后，"
     "逾期天数是到期日到发函日期的天数），huikuan letter 据此检查填入的值。它们指向的必须是声明过、format 为 date 的"
     "其他占位符：和自己比较，或 days_between 写两次同一个日期，任何值都通不过。",
     "after, before and days_between relate a value to the values of date placeholders (the payment deadline "
     "after the letter date, the days overdue from the due date to the letter date), and huikuan letter checks "
     "the values given by them. They must name other declared placeholders with format: date: compared with "
     "itself, or with the same date twice in days_between, no value could pass."),
    "placeholders:\n  - {name: 付款期限, format: date, after: 客户名称, description: 期限, example: 2026年11月30日}\n",
)
E318 = _code(
    "E318", "example-not-of-format", "error", ("示例不符合占位符的格式", "example not of its format"),
    ("占位符 '{name}' 的示例 '{example}'：{problem}", "the example '{example}' of placeholder '{name}': {problem_en}"),
    ("应为{expected}", "expected {expected_en}"),
    ("占位符的示例显示在网站的填写表单和打印的空白处旁边，也是贡献者照着写的样子。它要能被 huikuan letter "
     "按 format 读进去：金额、真实存在的日期、整数。这里用的就是 huikuan letter 读值的同一套规则。",
     "A placeholder's example is shown by the site's fill-in form and beside printed blanks, and contributors "
     "copy it. huikuan letter must be able to read it by its format: an amount, a day that exists, a whole "
     "number. The check uses the same reader as huikuan letter."),
    "placeholders:\n  - {name: 到期日, format: date, description: 到期日, example: 2026年2月30日}\n",
    explains=("E205",),
)
E319 = _code(
    "E319", "duplicate-in-taxonomy", "error", ("分类列表里有重复项", "duplicate in a taxonomy list"),
    ("{list} 里已经有 {key} 为 '{id}' 的一项（第 {first_line} 行）",
     "{list} already has an item with {key} '{id}' (line {first_line})"),
    ("两项说的是同一回事就合并成一项，删掉这一项；不是的话，给这一项换一个 {key}",
     "if the two mean the same, merge them and delete this one; if not, give this one another {key}"),
    ("taxonomy.yaml 的每个列表靠 id（占位符靠 name，术语表靠 term）区分各项：条目用它引用阶段、渠道等，"
     "函件用它引用占位符。两项重名时，引用分不清指的是哪一项。",
     "Each list in taxonomy.yaml tells its items apart by id (placeholders by name, the glossary by term): "
     "entries name stages, channels and the rest by it, and letters their placeholders. Of two items with the "
     "same one, a reference cannot tell which is meant."),
    "channels:\n  - {id: phone, name: 电话}\n  - {id: phone, name: 座机}\n",
)
E320 = _code(
    "E320", "example-contradicts-relation", "error", ("示例与关联的占位符矛盾", "example contradicts its relation"),
    ("占位符 '{name}' 的示例 '{example}'：{problem}", "the example '{example}' of placeholder '{name}': {problem_en}"),
    ("应为{expected}", "expected {expected_en}"),
    ("after、before 和 days_between 把一个占位符和日期占位符联系起来，huikuan letter 和网站的填写表单都按它们检查填入的值。"
     "示例之间也要符合这些关系：它们一起显示在网站上、打印的空白旁边，也是贡献者照着写的样子，"
     "付款期限的示例早于发函日期的示例、逾期天数的示例不是两个日期示例之间的天数，就是在教人写一封会被拒绝的函件。",
     "after, before and days_between relate a placeholder to date placeholders, and huikuan letter and the site's "
     "fill-in form check the values given by them. The examples must keep these relations too: they are shown "
     "together on the site and beside printed blanks, and contributors copy them; a payment deadline example "
     "before the letter date example, or days overdue that are not the days between the two date examples, "
     "teach a letter that would be refused."),
    "placeholders:\n  - {name: 到期日, format: date, description: 到期日, example: 2026年9月30日}\n"
    "  - {name: 发函日期, format: date, description: 发函日期, example: 2026年11月15日}\n"
    "  - {name: 逾期天数, format: count, days_between: [到期日, 发函日期], description: 天数, example: '45'}\n",
)
E321 = _code(
    "E321", "unusable-word-list", "error", ("词表无法使用", "unusable word list"),
    ("规则引用的词表 {name} {problem}", "the rule names a word list, {name}, that {problem_en}"),
    ("{fix}", "{fix_en}"),
    ("合规规则的 patterns 和 unless 里，花括号里的名称（如 {third-party}）代表 taxonomy.yaml 的 word_lists 里"
     "那张词表中的任一说法：几条规则共用的称呼表只写一处。名称写错、词表不存在或词表引用了它自己时，这一处什么也"
     "匹配不到，规则就会漏报。",
     "In a compliance rule's patterns and unless, a name in braces (e.g. {third-party}) stands for any item of "
     "that list in word_lists in taxonomy.yaml: a list of names several rules share is written once. A "
     "misspelt name, a missing list or a list that contains itself matches nothing there, and the rule misses "
     "what it should report."),
    "rule:\n  patterns: ['告诉{third-parties}']\n",
)
W301 = _code(
    "W301", "review-overdue", "warning", ("逾期未复审", "review overdue"),
    ("最近一次审核是 {reviewed}，已超过 {days} 天的复审周期", "last reviewed {reviewed}, past the {days}-day review interval"),
    ("请负责人 {owner} 复核内容，再更新 reviewed 日期", "ask the owner '{owner}' to review it, then update reviewed"),
    ("超过复审周期的条目在网站上标为“待复审”，并列在负责人清单页上。",
     "Entries past the review interval are marked on the site and listed for their owners."),
)
W302 = _code(
    "W302", "reviewed-in-future", "warning", ("审核日期在未来", "review date in the future"),
    ("reviewed 日期 {reviewed} 在今天之后", "reviewed date {reviewed} is in the future"),
    ("写实际审核的日期", "use the date of the actual review"),
    ("未来的审核日期会让条目永远不显示为待复审。", "A future date would hide the entry from review forever."),
)
W303 = _code(
    "W303", "editor-schema", "warning", ("编辑器用错了 schema", "editor schema is wrong"),
    ("编辑器的 $schema 指向 {target}：{problem}", "the editor's $schema points at {target}: {problem_en}"),
    ("{fix}", "{fix_en}"),
    ("条目文件开头的 # yaml-language-server: $schema=…（或 # $schema: …）告诉编辑器（VS Code 的 YAML 扩展）"
     "用哪份 schema 补全和检查字段。路径写错、或指向别的类别的 schema 时，编辑器不会提示，只是悄悄不再补全，"
     "或者按错误的字段补全和标红。修改建议是改好路径的这一行，写法和文件原来的一样。",
     "The # yaml-language-server: $schema=… line (or # $schema: …) at the top of an entry tells the editor "
     "(VS Code's YAML extension) which schema completes and checks its fields. A wrong path, or another kind's "
     "schema, gives no message: completion silently stops, or offers and flags the wrong fields. The fix is "
     "the file's own line with the path put right, in the form the file uses."),
    "# yaml-language-server: $schema=../schema/objection.schema.json\n",
)
W304 = _code(
    "W304", "trailing-comment", "warning", ("行尾的文字成了注释", "text after # is a comment"),
    ("“ #”后面的“{comment}”是 YAML 注释，不会进入条目", "'{comment}' after ' #' is a YAML comment, not part of the entry"),
    ("是正文的话，给整句加引号，或去掉 # 前面的空格；是注释的话，移到单独的一行",
     "if it is text, quote the whole value or remove the space before #; if it is a comment, put it on a line of "
     "its own"),
    ("在 YAML 里，空格加 # 开始一段注释：这一行后面的文字不会出现在网站和手册上，检查也看不到它。"
     "注释请单独成行，写在它说明的字段上方。",
     "In YAML a space and # start a comment: the rest of the line never reaches the site or the playbooks, and "
     "the check does not read it. Keep comments on lines of their own, above the field they explain."),
    "tips:\n  - 先发微信确认 #记得截图\n",
)


def all_codes() -> list[Code]:
    return sorted(REGISTRY.values(), key=lambda c: c.id)
