"""The ``huikuan`` command: a thin shell over the pipeline."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from generator import __version__, report
from generator.validate import CheckResult, check_library

DEFAULT_LIBRARY = "scripts_library"
LANGS = click.Choice(["zh", "en"])


def _library_option(f):
    return click.option(
        "--library", "library", type=click.Path(file_okay=False, path_type=Path),
        default=DEFAULT_LIBRARY, show_default=True,
        help="The library folder (taxonomy.yaml plus scripts/, objections/, legal/, checklists/, "
             "letters/, cases/).")(f)


def _lang_option(f):
    return click.option("--lang", type=LANGS, default=lambda: os.environ.get("HUIKUAN_LANG", "zh"),
                        show_default="zh, or $HUIKUAN_LANG", help="Language of the messages.")(f)


def run_check(library: Path) -> CheckResult:
    if not library.is_dir():
        raise click.UsageError(f"library folder not found: {library} (库文件夹不存在)")
    return check_library(library)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="huikuan")
def cli() -> None:
    """huikuan (回款): check a YAML library of collection material and build a site and playbooks from it."""


@cli.command()
@_library_option
@click.option("--format", "fmt", type=click.Choice(sorted(report.REPORTERS)), default="text",
              show_default=True, help="text: one line per finding; json: a list of objects; "
                                      "github: GitHub Actions annotations.")
@_lang_option
def check(library: Path, fmt: str, lang: str) -> None:
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
            says or sends.

    \b
    Output  one line per finding, then a summary:
            path:line:col: error[E203] field: message — fix
    Codes   stable; `huikuan codes` lists them and the site documents each.
    Exit    0 clean (warnings allowed), 1 errors found, 2 usage error.
    """
    result = run_check(library)
    click.echo(report.REPORTERS[fmt](result.diagnostics, len(result.raw.files), lang))
    sys.exit(1 if result.errors else 0)


def _config_option(f):
    return click.option("--config-file", "-f", type=click.Path(dir_okay=False, path_type=Path),
                        default="mkdocs.yml", show_default=True, help="The MkDocs configuration.")(f)


def _check_or_exit(library: Path, lang: str) -> CheckResult:
    result = run_check(library)
    if result.diagnostics:
        click.echo(report.text(result.diagnostics, len(result.raw.files), lang), err=True)
    if result.errors:
        click.echo("构建已停止：库里有错误，原来的 site/ 没有改动。" if lang == "zh"
                   else "Build stopped: the library has errors; the existing site/ is untouched.", err=True)
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
    if not config_file.is_file():
        raise click.UsageError(f"MkDocs configuration not found: {config_file}")
    quiet_mkdocs(verbose)
    try:
        target = build_site(config_file, out, library)
    except MkDocsException as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(f"网站已生成：{target}" if lang == "zh" else f"Site built: {target}")


@cli.command()
@_library_option
@_config_option
@click.option("--dev-addr", default="127.0.0.1:8000", show_default=True, help="Address to serve on.")
def serve(library: Path, config_file: Path, dev_addr: str) -> None:
    """Serve the site locally and rebuild when a library file or page changes."""
    from mkdocs.commands.serve import serve as mkdocs_serve

    from generator.build import library_override, quiet_mkdocs

    quiet_mkdocs(True)
    with library_override(library):
        mkdocs_serve(config_file=str(config_file), dev_addr=dev_addr, livereload=True)


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
    from generator.model import build_library
    from generator.render.site.standalone import write_pages

    result = _check_or_exit(library, lang)
    problems = write_pages(build_library(result), content, out)
    if problems:
        click.echo(report.text(problems, 1, lang), err=True)
        sys.exit(1)
    click.echo(f"页面已写入：{out / 'docs'}" if lang == "zh" else f"Pages written to {out / 'docs'}")


@cli.command()
@_lang_option
def codes(lang: str) -> None:
    """List every diagnostic code with its meaning."""
    from generator.codes import all_codes

    for code in all_codes():
        click.echo(f"{code.id}  {code.severity:<7}  {code.name:<24}  {code.title[lang]}")


def main() -> None:
    try:
        cli(prog_name="huikuan")
    except KeyboardInterrupt:
        sys.exit(130)
    except Exception as error:  # a bug in huikuan, never the user's fault: no traceback for them
        click.echo(f"huikuan: internal error (内部错误): {type(error).__name__}: {error}\n"
                   "Please report it with the command you ran. (请把运行的命令一起报告给维护者。)", err=True)
        if os.environ.get("HUIKUAN_DEBUG"):
            raise
        sys.exit(3)
