"""The ``huikuan`` command: a thin shell over the pipeline."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import click
from click.core import ParameterSource

from generator import __version__, report
from generator.clihelp import help_in
from generator.clilang import ENV, LANGS, click_speaks, language
from generator.messages import Words
from generator.validate import CheckResult, check_library

DEFAULT_LIBRARY = "scripts_library"
LANG_CHOICE = click.Choice(LANGS)


def _library_option(f):
    return click.option(
        "--library", "library", type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_LIBRARY, show_default=True,
        help="The library folder (taxonomy.yaml plus scripts/, objections/, legal/, checklists/, "
             "letters/, cases/).")(f)


def _lang_option(f):
    """--lang after the command too; without it, the command speaks as huikuan was told to."""
    return click.option("--lang", type=LANG_CHOICE, default=None, show_default=f"as huikuan --lang, ${ENV} or zh",
                        callback=lambda ctx, _param, value: value or ctx.find_root().params.get("lang") or "zh",
                        help="Language of the messages.")(f)


def _lang_given() -> str | None:
    """The command's language when its command line names one (--lang before or after the
    command), for the MkDocs plugin; without it the plugin speaks $HUIKUAN_LANG or its own
    `lang` from mkdocs.yml."""
    ctx = click.get_current_context()
    given = any(c.get_parameter_source("lang") is ParameterSource.COMMANDLINE for c in (ctx, ctx.find_root()))
    return ctx.params["lang"] if given else None


LIBRARY_FOLDER = Words("库文件夹", "library folder")


def _folder_or_usage_error(folder: Path, lang: str, what: Words = LIBRARY_FOLDER) -> None:
    if not folder.is_dir():
        raise click.UsageError(Words(f"{what.zh}不存在：{folder}", f"{what.en} not found: {folder}").say(lang))


def run_check(library: Path, lang: str) -> CheckResult:
    _folder_or_usage_error(library, lang)
    from generator.pipeline import checked

    return checked(library)


class Huikuan(click.Group):
    """The command group, speaking the language of the command line from its first word: click
    words a usage error before any option, --lang included, has a value."""

    def main(self, args: Sequence[str] | None = None, *rest: Any, **extra: Any) -> Any:
        words = sys.argv[1:] if args is None else args
        lang = language(words, os.environ)
        with click_speaks(lang), help_in(lang, self):
            return super().main(args, *rest, **extra)


@click.group(cls=Huikuan, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="huikuan")
@click.option("--lang", type=LANG_CHOICE, envvar=ENV, default="zh", show_default=True, show_envvar=True,
              help="Language of the messages, for every command (each also takes --lang).")
def cli(lang: str) -> None:
    """huikuan (回款): check a YAML library of collection material and build a site and playbooks from it."""


@cli.command()
@_library_option
@click.option("--format", "fmt", type=click.Choice(sorted(report.REPORTERS)), default="text",
              show_default=True, help="text: one line per finding; json: one document with status, counts, "
                                      "waived and findings; github: GitHub Actions annotations.")
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Hand-written pages whose [[ID]] links and ![[ID]] embeds are checked too "
                   "[default: content/ beside the library folder, when it exists].")
@_lang_option
def check(library: Path, fmt: str, content: Path | None, lang: str) -> None:
    """Check the library and report every problem with file, line, column and fix.

    \b
    Pass 0  files: only taxonomy.yaml and <kind>/<id>.yaml; UTF-8 without BOM; no tabs,
            control characters, binary or oversized files, symlinks or stray files.
    Pass 1  strict YAML (no duplicate keys, anchors, aliases, merge keys or tags; YAML 1.2
            scalars: yes/no/on stay text, dates stay text) and each file against its
            kind's JSON Schema in schema/, all errors of a file at once.
    Pass 2  the whole library: duplicate IDs, dangling or mistyped references, values not
            declared in taxonomy.yaml, stage day ranges that overlap or leave gaps,
            undeclared {placeholders}, unfilled TODOs, review dates.
    Pass 3  the compliance lint: the legal red lines as rules over everything a collector
            says or sends, and over the advice the library gives (next steps, tips, lessons).
    Pages   the [[ID]] links and ![[ID]] embeds of the pages in content/ name existing entries.

    \b
    Output  one line per finding, then a summary:
            path:line:col: error[E203] field: message — fix
    Codes   stable; `huikuan codes` lists them and the site documents each.
    Exit    0 clean (warnings allowed), 1 errors found, 2 usage error.
    """
    result = run_check(library, lang)
    if content is not None:
        _folder_or_usage_error(content, lang, Words("页面文件夹", "content folder"))
    content = content or library.resolve().parent / "content"  # the pages beside the library
    pages = sorted(content.rglob("*.md")) if content.is_dir() else []
    diagnostics = list(result.diagnostics)
    if pages:
        from generator.render.site.links import unknown_links

        ids = {item.source.id for item in result.parsed}
        for page in pages:
            diagnostics += unknown_links(page.read_text(encoding="utf-8", errors="replace"),
                                         os.path.relpath(page), ids)
    click.echo(report.REPORTERS[fmt](diagnostics, len(result.raw.files) + len(pages), lang, result.waived))
    sys.exit(1 if any(d.severity == "error" for d in diagnostics) else 0)


def _config_option(f):
    return click.option("--config-file", "-f", type=click.Path(dir_okay=False, path_type=Path),
                        default="mkdocs.yml", show_default=True, help="The MkDocs configuration.")(f)


SITE_UNTOUCHED = Words("构建已停止：库里有错误，原来的 site/ 没有改动。",
                       "Build stopped: the library has errors; the existing site/ is untouched.")
NOTHING_WRITTEN = Words("已停止：库里有错误，没有生成任何文件。",
                        "Stopped: the library has errors; nothing was written.")


def _config_or_usage_error(config_file: Path, lang: str) -> None:
    if not config_file.is_file():
        raise click.UsageError(Words(f"MkDocs 配置文件不存在：{config_file}",
                                     f"MkDocs configuration not found: {config_file}").say(lang))


def _check_or_exit(library: Path, lang: str, stopped: Words = SITE_UNTOUCHED) -> CheckResult:
    """The check's result if the library has no errors; else the findings and exit 1. The report
    is `huikuan check`'s, waived findings counted: a build never hides what a suppress let pass."""
    result = run_check(library, lang)
    if result.diagnostics or result.waived:
        click.echo(report.text(result.diagnostics, len(result.raw.files), lang, result.waived), err=True)
    if result.errors:
        click.echo(stopped.say(lang), err=True)
        sys.exit(1)
    return result


@cli.command()
@_library_option
@_config_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the site goes (default: site_dir of mkdocs.yml, i.e. site/).")
@click.option("--verbose", "-v", is_flag=True, help="Show MkDocs' own log.")
@_lang_option
def build(library: Path, config_file: Path, out: Path | None, verbose: bool, lang: str) -> None:
    """Check the library, then build the site (pages, finder, exports, playbooks) into site/.

    The new site is built beside the old one and swapped in only when complete: a failed or
    interrupted build leaves the previous site/ as it was.
    """
    from generator.build import MkDocsException, build_site, quiet_mkdocs

    _check_or_exit(library, lang)
    _config_or_usage_error(config_file, lang)
    from generator.build import UnsafeTarget

    quiet_mkdocs(verbose)
    try:
        target = build_site(config_file, out, library, _lang_given())
    except UnsafeTarget as error:
        raise click.UsageError(error.say(lang)) from None
    except MkDocsException as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(Words(f"网站已生成：{target}", f"Site built: {target}").say(lang))


@cli.command()
@_library_option
@_config_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
@_lang_option
def serve(library: Path, config_file: Path, dev_addr: str, lang: str) -> None:
    """Serve the site locally and rebuild when a library file or page changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve
    from mkdocs.exceptions import MkDocsException

    from generator.build import plugin_settings, quiet_mkdocs

    _config_or_usage_error(config_file, lang)
    quiet_mkdocs(True)
    try:
        with plugin_settings(library, _lang_given()):
            mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)
    except MkDocsException as error:
        click.echo(str(error), err=True)
        sys.exit(1)


@cli.command()
@_library_option
@click.option("--content", type=click.Path(file_okay=False, path_type=Path), default="content",
              show_default=True, help="Hand-written pages to include (their [[id]] links expanded).")
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="Folder to write docs/ and a minimal mkdocs.yml into.")
@_lang_option
def pages(library: Path, content: Path, out: Path, lang: str) -> None:
    """Write the site's pages as plain Markdown (with assets and exports) for another builder,
    such as Zensical, which runs no MkDocs plugins."""
    from generator.build import UnsafeTarget
    from generator.model import build_library
    from generator.render.site.standalone import write_pages

    result = _check_or_exit(library, lang, NOTHING_WRITTEN)
    try:
        problems = write_pages(build_library(result), content, out)
    except UnsafeTarget as error:
        raise click.UsageError(error.say(lang)) from None
    if problems:
        click.echo(report.text(problems, 1, lang), err=True)
        sys.exit(1)
    click.echo(Words(f"页面已写入：{out / 'docs'}", f"Pages written to {out / 'docs'}").say(lang))


def _library_for_print(library: Path, lang: str):
    """The model of a library that checks clean, or exit 1 with the findings."""
    from generator.model import build_library

    return build_library(_check_or_exit(library, lang, NOTHING_WRITTEN))


def _cjk_fonts_or_exit(lang: str):
    from generator.render.playbooks import NoCJKFont, find_cjk_fonts

    try:
        return find_cjk_fonts()
    except NoCJKFont as error:
        click.echo(f"huikuan: {error.say(lang)}", err=True)
        sys.exit(1)


@cli.command()
@_library_option
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default="playbooks",
              show_default=True, help="Where the PDFs, their print-ready HTML and manifest.json go.")
@click.option("--only", "only", multiple=True, metavar="NAME",
              help="Only these playbooks, by file name without .pdf (stage-m2, type-evader, m2--evader); "
                   "shell wildcards allowed (m2--*). Repeatable.")
@click.option("--force", is_flag=True, help="Render again even the playbooks whose inputs did not change.")
@click.option("--jobs", "-j", type=click.IntRange(min=1), default=None,
              help="Playbooks rendered at the same time, in worker processes.  [default: one per CPU]")
@_lang_option
def playbooks(library: Path, out: Path, only: tuple[str, ...], force: bool, jobs: int | None, lang: str) -> None:
    """Print the playbooks: one PDF per stage, per debtor type and per stage × debtor type.

    \b
    Each PDF (A4, CJK font embedded) has a cover, contents with page numbers, the stage's
    goals and tone, the debtor type's profile and strategy, the call flow with its scripts,
    the objection handlers that matter most, the stage's demand letter, the evidence and
    visit checklists, the legal red lines and a one-page call card. Beside each PDF is the
    print-ready HTML it was made from.

    \b
    Only playbooks whose inputs changed (HTML, CSS, font, WeasyPrint) are rendered again;
    the content hashes are kept in OUT/manifest.json. Set SOURCE_DATE_EPOCH for a fixed
    date on the covers (reproducible output).
    Exit    0 done, 1 library errors or no CJK font, 2 usage error.
    """
    import fnmatch

    from generator.render.playbooks import plan, render_playbooks

    model = _library_for_print(library, lang)
    slugs = [pb.slug for pb in plan(model)]
    wanted: list[str] = []
    for pattern in only:
        found = [s for s in slugs if fnmatch.fnmatchcase(s, pattern)]
        if not found:
            raise click.BadParameter(Words(f"没有名为 {pattern!r} 的手册；可用：{', '.join(slugs)}",
                                           f"no playbook named {pattern!r}; one of: {', '.join(slugs)}").say(lang),
                                     param_hint="--only")
        wanted += [s for s in found if s not in wanted]
    fonts = _cjk_fonts_or_exit(lang)

    def progress(total: int):
        return click.progressbar(length=total, label=Words("打印手册", "Playbooks").say(lang), file=sys.stderr,
                                 show_pos=True, item_show_func=lambda slug: slug or "")

    run = render_playbooks(model, out, fonts=fonts, only=wanted, force=force, jobs=jobs, progress=progress)
    if run.missing_glyphs:
        chars = " ".join(f"{ch} (U+{ord(ch):04X})" for ch in run.missing_glyphs)
        click.echo(Words("警告：没有字体能显示这些字符，打印出来会是方框：",
                         "Warning: no installed font has these characters; they print as boxes: ").say(lang) + chars,
                   err=True)
    if run.layout_unreadable:
        click.echo(Words("警告：", "Warning: ").say(lang) + run.layout_unreadable.say(lang), err=True)
    fresh, total = len(run.rendered), len(run.results)
    click.echo(Words(f"打印手册：共 {total} 本，重新渲染 {fresh} 本，"
                     f"{total - fresh} 本内容未变、沿用已有的 PDF → {out}",
                     f"Playbooks: {total}, {fresh} rendered, {total - fresh} unchanged and reused → {out}").say(lang))


def _parse_sets(sets: tuple[str, ...], lang: str) -> dict[str, str]:
    """NAME=VALUE pairs by name; a name given twice is refused rather than the last one winning
    unnoticed (a letter with the wrong amount in it is worse than no letter)."""
    values: dict[str, str] = {}
    for item in sets:
        name, eq, value = item.partition("=")
        name = name.strip().strip("{}")
        if not eq or not name:
            raise click.BadParameter(Words(f"{item!r}：应写成 名称=值，例如 客户名称=华东精密机械有限公司",
                                           f"{item!r}: write NAME=VALUE, e.g. 客户名称=华东精密机械有限公司").say(lang),
                                     param_hint="--set")
        if name in values:
            raise click.BadParameter(Words(f"{name} 给了两次（{values[name]!r} 和 {value!r}）：每个占位符只写一次",
                                           f"{name} is given twice ({values[name]!r} and {value!r}): "
                                           "give each placeholder once").say(lang), param_hint="--set")
        values[name] = value
    return values


@cli.command()
@click.argument("level")
@_library_option
@click.option("--set", "sets", multiple=True, metavar="NAME=VALUE",
              help="Fill a placeholder, e.g. --set 客户名称=华东精密机械有限公司 --set 欠款金额=186400. "
                   "Repeatable, once per placeholder; fields not given stay blank lines to fill in by hand. "
                   "Amounts, dates and counts must be of that form (taxonomy.yaml declares each "
                   "placeholder's format); an amount's capitals (大写) are written from it.")
@click.option("--out", "out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The PDF to write (default: <letter ID>.pdf in the current folder).")
@click.option("--html", "html_out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the print-ready HTML here.")
@_lang_option
def letter(level: str, library: Path, sets: tuple[str, ...], out: Path | None, html_out: Path | None,
           lang: str) -> None:
    """Print a demand letter of LEVEL (a letter_levels ID: reminder, overdue, legal) as a PDF.

    \b
    Placeholders given with --set are filled in; the others print as blanks to fill in by
    hand. Each value is checked against its placeholder's format and written as a formal
    letter writes it: amounts 186,400.00 with their capitals (人民币壹拾捌万陆仟肆佰元整),
    dates 2026年9月30日. A last page (not to be sent) says who may issue the letter — a
    律师函 only a law firm — which fields are still blank, and how to deliver it and keep
    the proof.
    Exit    0 written; 1 library errors, a value not of its placeholder's form, or no CJK
            font; 2 usage error (unknown LEVEL or field, a field given twice).
    """
    from generator.placeholders import fill
    from generator.render.playbooks import letter_fields, letters_by_level, render_letter

    given = _parse_sets(sets, lang)
    model = _library_for_print(library, lang)
    by_level = letters_by_level(model)
    levels = [t["id"] for t in model.terms("letter_levels") if t["id"] in by_level]
    if level not in by_level:
        raise click.BadParameter(Words(f"没有等级为 {level!r} 的函件；可用：{', '.join(levels)}",
                                       f"unknown letter level {level!r}; one of: {', '.join(levels)}").say(lang),
                                 param_hint="LEVEL")
    entry = by_level[level]
    # What can be set: each field, or for an amount's capitals the amount they are written from
    # (a letter may state only the capitals).
    allowed = list(dict.fromkeys(model.placeholders[name].capitals_of or name for name in letter_fields(model, entry)))
    for name in given:
        source = model.placeholders[name].capitals_of if name in model.placeholders else ""
        if source:
            raise click.BadParameter(Words(f"{name} 由 {source} 自动生成，请给出 {source}=金额",
                                           f"{name} is written from {source}: set {source}=AMOUNT").say(lang),
                                     param_hint="--set")
    unknown = [name for name in given if name not in allowed]
    if unknown:
        raise click.BadParameter(Words(f"{'、'.join(unknown)} 不是 {entry.id} 的字段；可用：{'、'.join(allowed)}",
                                       f"{', '.join(unknown)}: not a field of {entry.id}; one of: {', '.join(allowed)}"
                                       ).say(lang), param_hint="--set")
    values, refused = fill(model.placeholders, given)
    if refused:
        for name, bad in refused.items():  # the sentence the site's form says beside the field
            click.echo(Words(f"--set {name}={given[name]}：", f"--set {name}={given[name]}: ").say(lang)
                       + bad.said(lang), err=True)
        count = len(refused)
        click.echo(Words(f"没有生成函件：{count} 个值不符合要求。",
                         f"No letter written: {count} {'value was' if count == 1 else 'values were'} refused."
                         ).say(lang), err=True)
        sys.exit(1)
    fonts = _cjk_fonts_or_exit(lang)
    pdf, html, unfilled = render_letter(model, entry, values, fonts=fonts)
    target = out or Path(f"{entry.id}.pdf")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(pdf)
    if html_out:
        html_out.parent.mkdir(parents=True, exist_ok=True)
        html_out.write_text(html, encoding="utf-8")
    blank = Words("、".join(unfilled) or "无", ", ".join(unfilled) or "none").say(lang)
    click.echo(Words(f"{entry.title} → {target}（留空待手写：{blank}）",
                     f"{entry.title} → {target} (left blank: {blank})").say(lang))


@cli.command()
@click.argument("wanted", metavar="[CODE]", required=False)
@_library_option
@_lang_option
def codes(wanted: str | None, library: Path, lang: str) -> None:
    """List every diagnostic code with its meaning, then the library's compliance rules;
    with CODE (E203, W301, CN-CRIM-293), explain that one.

    The rules (CN-…, GP-…) are not code: each comes from a legal entry of the library."""
    from generator.codes import REGISTRY, all_codes
    from generator.pipeline import LibraryError, load_library
    from generator.render.site.reference import library_rules
    from generator.validate.entries import suggestion

    code = REGISTRY.get(wanted.upper()) if wanted else None
    if code is not None:  # the check's own codes need no library
        click.echo(code.explained(lang))
        return
    if wanted is None:
        for code in all_codes():
            click.echo(f"{code.id}  {code.severity:<7}  {code.name:<24}  {Words(**code.title).say(lang)}")
    try:
        rules = library_rules(load_library(library, lang))
    except LibraryError:
        click.echo(Words("\n合规规则：库有错误，无法列出；先运行 huikuan check。",
                         "\nCompliance rules: the library has errors; run huikuan check first.").say(lang), err=True)
        sys.exit(1)
    if wanted is None:
        for rule in rules:
            click.echo(f"{rule.id}  {rule.severity:<7}  {rule.entry:<24}  {rule.message}")
        return
    rule = next((r for r in rules if r.id == wanted.upper()), None)
    if rule is None:
        known = [*REGISTRY, *(r.id for r in rules)]
        hint, hint_en = suggestion(wanted.upper(), known)
        raise click.BadParameter(Words(f"没有代码或规则 {wanted}。{hint}运行 huikuan codes 列出全部。",
                                       f"no code or rule {wanted}. {hint_en}Run huikuan codes to list them all."
                                       ).say(lang), param_hint="CODE")
    click.echo(rule.explained(lang))


def _entry_kinds() -> list[str]:
    from generator.schemaset import load_schemas

    return [k.id for k in load_schemas().entry_kinds]


@cli.command()
@click.argument("kind", type=click.Choice(_entry_kinds()))
@click.argument("entry_id", metavar="ID")
@_library_option
@_lang_option
def new(kind: str, entry_id: str, library: Path, lang: str) -> None:
    """Write <library>/<folder>/<ID>.yaml: a commented template for a new entry of KIND.

    \b
    The template comes from the kind's schema: required fields first, each under its
    description, optional ones commented out, and the editor modeline on the first line.
    Every TODO must be replaced: `huikuan check` reports each one left (E310).
    Never overwrites a file and never reuses an ID of any kind. Exit 2 on a bad ID.
    """
    from generator.contrib.scaffold import ScaffoldError, write_entry
    from generator.schemaset import load_schemas

    _folder_or_usage_error(library, lang)
    try:
        target = write_entry(library, load_schemas(), kind, entry_id)
    except ScaffoldError as error:
        raise click.UsageError(error.say(lang)) from None
    click.echo(Words(f"已创建 {target}：把其中的 TODO 换成真实内容，然后运行 huikuan check --library {library}",
                     f"Created {target}: replace its TODOs with real content, then run "
                     f"huikuan check --library {library}").say(lang))


@cli.command()
@_library_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: grouped by owner; json: a list of {owner, kind, id, title, path, reviewed, due, "
                   "days_overdue}.")
@_lang_option
def stale(library: Path, fmt: str, lang: str) -> None:
    """List the entries past their review date (reviewed + review_interval_days), by owner.

    Entries whose file has errors are left out (run `huikuan check`). Exit 0.
    """
    from generator.contrib.stale import as_json, as_text, stale_entries
    from generator.model import build_library

    _folder_or_usage_error(library, lang)
    result = check_library(library, lint=False)
    model = build_library(result)
    entries = stale_entries(model)
    click.echo(as_json(entries) if fmt == "json" else as_text(entries, model, lang))
    skipped = len(result.parsed) - len(result.loaded)
    if skipped:
        click.echo(Words(f"注意：{skipped} 个条目有错误，没有计入；请运行 huikuan check。",
                         f"Note: {skipped} entries with errors were left out; run huikuan check.").say(lang), err=True)


@cli.command()
@click.argument("rev")
@_library_option
@click.option("--merge-base", is_flag=True,
              help="Compare with the common ancestor of REV and HEAD, as a pull request does.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text: grouped by kind; json: {rev, commit, library, entries: [{status, kind, id, title, "
                   "path, fields}]}.")
@_lang_option
def diff(rev: str, library: Path, merge_base: bool, fmt: str, lang: str) -> None:
    """List the entries added, changed and removed since the git revision REV.

    \b
    Compares REV with the working tree, so uncommitted and untracked files count.
    For a pull request: huikuan diff --merge-base origin/main
    Exit 0; 2 when the library is not in a git repository or REV is unknown.
    """
    from generator.contrib.diff import DiffError, as_json, as_text, library_diff
    from generator.schemaset import load_schemas

    _folder_or_usage_error(library, lang)
    try:
        changes = library_diff(library, rev, load_schemas(), merge_base=merge_base)
    except DiffError as error:
        raise click.UsageError(error.say(lang)) from None
    click.echo(as_json(changes) if fmt == "json" else as_text(changes, load_schemas(), lang))


def main() -> None:
    try:
        cli(prog_name="huikuan")
    except SystemExit as done:
        _leave(done.code)
    except KeyboardInterrupt:
        # Cleanup already ran on the way here (the site is left as it was); an orderly
        # teardown would also wait for the search worker's queued work.
        _leave(130)
    except Exception as error:  # a bug in huikuan, never the user's fault: no traceback for them
        click.echo(Words(f"huikuan：内部错误：{type(error).__name__}: {error}\n"
                         "请把运行的命令和这段信息一起报告给维护者。",
                         f"huikuan: internal error: {type(error).__name__}: {error}\n"
                         "Please report it with the command you ran.").say(language(sys.argv[1:], os.environ)),
                   err=True)
        if os.environ.get("HUIKUAN_DEBUG"):
            raise
        sys.exit(3)


def _leave(code: int | str | None) -> None:
    """Exit without tearing the interpreter down. Freeing a checked library object by object
    takes longer than parsing a fifth of it (0.4 s at 5,000 entries), and a finished command
    has nothing left to clean up but its output, flushed here."""
    if isinstance(code, str):
        click.echo(code, err=True)
        code = 1
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code or 0)
