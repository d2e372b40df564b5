"""The command line's help in Chinese.

The English help is where click reads it: the commands' docstrings and the options' ``help=``.
The Chinese is here, by command and option, and ``help_in`` puts it in place for the length of
one command, the way ``clilang.click_speaks`` does for click's own messages. A key is a
command's name ("" for huikuan itself), or a command's name and an option's ("check --format");
an option's name alone ("--library") serves every command that has it. ``\\b`` keeps a
paragraph's lines as they are, as in the docstrings.
"""

from __future__ import annotations

import importlib
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager

import click

from generator.messages import first_sentence

LANG_DEFAULT = "同 huikuan --lang、$HUIKUAN_LANG，都没有时为 zh"

HELP_ZH: dict[str, str] = {
    "": "huikuan（回款）：检查催收话术库（YAML），并由它生成网站和打印手册。",
    "--lang": "提示信息的语言。",
    " --lang": "提示信息的语言，对所有命令有效（每个命令后面也可以写 --lang）。",
    "--version": "显示版本号并退出。",
    "--library": "话术库文件夹（taxonomy.yaml 以及 scripts/、objections/、legal/、checklists/、letters/、cases/）。",
    "--config-file": "MkDocs 配置文件。",

    "check": """检查话术库，把每个问题连同文件、行、列和改法报告出来。

\b
第 0 遍  文件：只允许 taxonomy.yaml 和 <类别>/<ID>.yaml；UTF-8 不带 BOM；
         不能有制表符、控制字符、二进制或过大的文件、符号链接和无关文件。
第 1 遍  严格的 YAML（不允许重复的键、锚点、别名、合并键和标签；按 YAML 1.2
         读值：yes/no/on 和日期都是文字），每个文件对照 schema/ 里本类别的
         JSON Schema，一个文件的错误一次报全。
第 2 遍  整个库：重复的 ID、找不到或类别不对的引用、没在 taxonomy.yaml
         声明的值、阶段天数的重叠或缺口、未声明的 {占位符}、没填的 TODO、
         复审日期。
第 3 遍  合规检查：把法律红线作为规则，扫描催收人员说出和发出的每一句话，
         以及库里给出的建议（下一步、提示、教训）。
页面     content/ 里页面的 [[ID]] 链接和 ![[ID]] 嵌入必须指向存在的条目。

\b
输出     每个问题一行，最后一行是汇总：
         路径:行:列: error[E203] 字段: 说明 — 改法
代码     稳定不变；huikuan codes 列出全部，huikuan codes E203 解释一个；
         网站上也有每个代码的说明。
退出码   0 通过（可以有警告），1 发现错误，2 命令用法错误。""",
    "check --format": "text：每个问题一行；json：一个文档，含状态、计数、豁免和问题列表；"
                      "github：GitHub Actions 的标注。",
    "check --content": "也检查这些手写页面的 [[ID]] 链接和 ![[ID]] 嵌入（默认：库文件夹旁边的 content/，存在时）。",

    "build": """检查话术库，然后把网站（页面、异议查找、导出文件、打印手册）生成到 site/。

新网站先在旧网站旁边生成，完整生成后才替换：生成失败或被中断时，原来的 site/ 保持不动。""",
    "build --out": "网站放在哪里（默认：mkdocs.yml 的 site_dir，也就是 site/）。",
    "build --verbose": "显示 MkDocs 自己的日志。",

    "serve": "在本机启动网站，库文件或页面一改就重新生成。",
    "serve --dev-addr": "监听的地址。",

    "pages": "把网站的页面写成普通 Markdown（连同静态资源和导出文件），"
             "供 Zensical 等不运行 MkDocs 插件的工具生成网站。",
    "pages --content": "一并写出的手写页面（其中的 [[id]] 链接会展开）。",
    "pages --out": "写入 docs/ 和一份最简 mkdocs.yml 的文件夹。",

    "playbooks": """打印手册：每个阶段、每种客户类型、每个“阶段 × 客户类型”组合各一份 PDF。

每份 PDF（A4，内嵌中文字体）包括封面、带页码的目录、阶段目标和语气、客户类型的画像和策略、\
通话流程和话术、最要紧的异议处理、本阶段的催收函、证据和拜访清单、法律红线，以及一页通话卡。\
每份 PDF 旁边是生成它的打印版 HTML。

只有输入（HTML、CSS、字体、WeasyPrint）变了的手册才重新生成；内容哈希记在 OUT/manifest.json。\
设置 SOURCE_DATE_EPOCH 可以让封面日期固定（输出可重现）。

退出码：0 完成，1 库有错误或没有中文字体，2 命令用法错误。""",
    "playbooks --out": "PDF、打印版 HTML 和 manifest.json 放在哪里。",
    "playbooks --only": "只生成这些手册，写文件名、不带 .pdf（stage-m2、type-evader、m2--evader）；"
                        "可以用通配符（m2--*）。可以写多次。",
    "playbooks --force": "输入没有变的手册也重新生成。",
    "playbooks --jobs": "同时生成几份手册（每份一个工作进程）。[默认：每个 CPU 一个]",

    "letter": """把 LEVEL 级别的催收函（letter_levels 里的 ID：reminder、overdue、legal）打印成 PDF。

用 --set 给出的占位符会填进去，其余的印成空白线，留待手写。每个值都按它的格式检查，\
并按正式函件的写法印出：金额写成 186,400.00 并附大写（人民币壹拾捌万陆仟肆佰元整），\
日期写成 2026年9月30日。最后一页（不寄出）说明谁有权出具这封函件（律师函只能由律师事务所\
出具）、哪些栏目还空着，以及怎样送达、怎样留存送达证据。

退出码：0 已生成；1 库有错误、某个值不符合占位符的格式，或没有中文字体；\
2 命令用法错误（LEVEL 或字段不存在、同一字段给了两次）。""",
    "letter --set": "填一个占位符，例如 --set 客户名称=华东精密机械有限公司 --set 欠款金额=186400。"
                    "可以写多次，每个占位符一次；没给的字段印成空白线，留待手写。金额、日期和天数必须符合格式"
                    "（taxonomy.yaml 里声明了每个占位符的格式）；金额的大写由它自动写出。",
    "letter --out": "要写出的 PDF（默认：当前文件夹里的 <函件 ID>.pdf）。",
    "letter --html": "同时把打印版 HTML 写到这里。",

    "codes": """列出每个诊断代码及其含义，然后是库里的合规规则；给出 CODE（E203、W301、CN-CRIM-293）时只解释这一个。

合规规则（CN-…、GP-…）不写在代码里：每条都来自库里的一个法律红线条目。""",

    "new": """写出 <库>/<文件夹>/<ID>.yaml：KIND 类新条目的模板，带注释。

模板由本类别的 schema 生成：必填字段在前，每个字段上面是它的说明，选填字段先注释掉，\
第一行是编辑器用的 schema 声明。每个 TODO 都要换成实际内容：huikuan check 会报告每个\
没换的 TODO（E310）。不会覆盖已有文件，也不会重复使用任何类别已有的 ID。ID 不合规时退出码为 2。""",

    "stale": """按负责人列出超过复审日期（reviewed + review_interval_days）的条目。

有错误的文件不在其中（先运行 huikuan check）。退出码为 0。""",
    "stale --format": "text：按负责人分组；json：{owner, kind, id, title, path, reviewed, due, days_overdue} 的列表。",

    "diff": """列出自 git 版本 REV 以来新增、修改和删除的条目。

\b
拿 REV 和工作区比较，所以没提交和未跟踪的文件也算在内。
用于 Pull Request：huikuan diff --merge-base origin/main
退出码   0；库不在 git 仓库里或 REV 不存在时为 2。""",
    "diff --merge-base": "和 REV 与 HEAD 的共同祖先比较，就像 Pull Request 那样。",
    "diff --format": "text：按类别分组；"
                     "json：{rev, commit, library, entries: [{status, kind, id, title, path, fields}]}。",
}


def _key(command: str, option: click.Parameter) -> str | None:
    """The entry for an option of a command: the command's own, else the shared one."""
    name = max(option.opts, key=len) if option.opts else option.name
    for key in (f"{command} {name}", name if command else f" {name}", name):
        if key in HELP_ZH:
            return key
    return None


def missing(group: click.Group) -> list[str]:
    """Commands and options with no Chinese help (a test keeps this empty)."""
    out = [] if "" in HELP_ZH else ["huikuan"]
    out += [f"huikuan {o.name}" for o in group.params if o.help is not None and not _key("", o)]
    for name, command in group.commands.items():
        out += [] if name in HELP_ZH else [name]
        out += [f"{name} {o.name}" for o in command.params
                if isinstance(o, click.Option) and o.help is not None and not _key(name, o)]
    return out


def display_width(text: str) -> int:
    """Terminal columns: a Chinese character takes two (click counts characters, so its help
    wrapped Chinese lines at twice the terminal's width)."""
    plain = click.unstyle(text)
    return len(plain) + sum(unicodedata.east_asian_width(c) in "WF" for c in plain)


def _fitting(text: str, columns: int) -> str:
    """The longest start of ``text`` within ``columns`` (one character at least, so a line moves on)."""
    used = 0
    for i, char in enumerate(text):
        used += display_width(char)
        if used > columns:
            return text[:max(i, 1)]
    return text


# Chinese breaks between any two characters, but not before closing punctuation nor after an
# opening bracket; a Latin word (a path, an option) stays whole.
_CHUNK = re.compile(r"\s+|[（「“‘《【]*(?:[^\s\u2e80-\uffff]+|[\u2e80-\uffff])[，。、；：）」”’》】！？]*")


def _split(_wrapper: object, text: str) -> list[str]:
    return _CHUNK.findall(text)


# Where click measures help text (click 8.4+): its wrapper and formatter read these names. A
# click without them wraps as before.
_MEASURES = (("click._textwrap", "term_len", display_width), ("click.formatting", "term_len", display_width),
             ("click._textwrap", "_truncate_visible", _fitting))


@contextmanager
def help_in(lang: str, group: click.Group) -> Iterator[None]:
    """The group's and its commands' help in ``lang`` until the block ends (English is in place)."""
    saved: list[tuple[object, str, object]] = []

    def put(target: object, attr: str, value: object) -> None:
        saved.append((target, attr, getattr(target, attr)))
        setattr(target, attr, value)

    for command in [group, *group.commands.values()]:  # click keeps -h once made, words and all
        if hasattr(command, "_help_option"):
            put(command, "_help_option", None)
    if lang == "zh":
        for module_name, name, measure in _MEASURES:
            module = importlib.import_module(module_name)
            if hasattr(module, name):
                put(module, name, measure)
        wrapper = getattr(importlib.import_module("click._textwrap"), "TextWrapper", None)
        if wrapper is not None:
            put(wrapper, "_split", _split)
        for name, command in [("", group), *group.commands.items()]:
            if name in HELP_ZH:
                put(command, "help", HELP_ZH[name])
                put(command, "short_help", first_sentence(HELP_ZH[name]))
            for option in command.params:
                key = _key(name, option) if isinstance(option, click.Option) else None
                if key:
                    put(option, "help", HELP_ZH[key])
                    if option.name == "lang" and isinstance(option.show_default, str):
                        put(option, "show_default", LANG_DEFAULT)
    try:
        yield
    finally:
        for target, attr, value in reversed(saved):
            setattr(target, attr, value)
