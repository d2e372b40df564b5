"""Building the site: MkDocs into a fresh folder beside the old one, then a swap.

A failed or interrupted build leaves the previous site complete: the new one is written to
``.huikuan-cache/<site>.building-<pid>`` beside it and swapped in only when MkDocs has
finished; what a killed build leaves there is removed by the next one.
"""

from __future__ import annotations

import ctypes
import logging
import os
import shutil
from contextlib import contextmanager, suppress
from pathlib import Path

import click
from mkdocs.commands.build import build as mkdocs_build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException

from generator.clilang import ENV as LANG_ENV
from generator.messages import UserError
from generator.plugin.config import library_folder

PARTIAL_PREFIX = ".building-"
MARKER = ".huikuan-site"  # written into every site huikuan builds: only such a folder is replaced


class UnsafeTarget(UserError, MkDocsException):
    """The output folder holds something that is not a site huikuan built."""


def check_target(target: Path, protected: list[Path], sources: list[Path] = ()) -> None:
    """Refuse to replace a folder that is not an earlier huikuan site: `--out .` must never
    delete a repository, nor `--out content` the hand-written pages. Nor write into what a build
    reads (``sources``): a site inside the library fails every later check, one inside docs_dir
    is copied into the next site."""
    target = target.resolve()
    for path in protected:
        path = path.resolve()
        if target == path or target in path.parents:
            raise UnsafeTarget(f"不会把网站写到 {target}：它包含 {path}；请换一个文件夹",
                               f"refusing to write the site into {target}: it contains {path}; choose another folder")
    for path in sources:
        path = path.resolve()
        if path in target.parents:
            raise UnsafeTarget(f"不会把网站写到 {target}：它在构建要读取的 {path} 里面；请换一个在它外面的文件夹",
                               f"refusing to write the site into {target}: it is inside {path}, "
                               "which the build reads; choose a folder outside it")
    ours = (target / MARKER).is_file() or (target / "assets/huikuan/huikuan.js").is_file()  # older builds
    if target.exists() and (not target.is_dir() or (any(target.iterdir()) and not ours)):
        raise UnsafeTarget(f"不会替换 {target}：它不是 huikuan 生成的网站（里面没有 {MARKER} 文件）；"
                           "请换一个空的或新的文件夹",
                           f"refusing to replace {target}: it is not a site built by huikuan "
                           f"(no {MARKER} file); choose an empty or new folder")


@contextmanager
def plugin_settings(library: Path | None, lang: str | None = None):
    """The plugin reads $HUIKUAN_LIBRARY and $HUIKUAN_LANG; set those given for the duration of
    one build or serve."""
    wanted = {"HUIKUAN_LIBRARY": str(library.resolve()) if library is not None else None, LANG_ENV: lang}
    wanted = {name: value for name, value in wanted.items() if value is not None}
    saved = {name: os.environ.get(name) for name in wanted}
    os.environ.update(wanted)
    try:
        yield
    finally:
        for name, old in saved.items():
            if old is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = old


def clean_partials(site: Path) -> None:
    """Remove what interrupted builds (even killed ones) left beside the site. Called only
    while holding the build lock, so no other build's folder is removed under it."""
    old = site.with_name(site.name + ".old")
    if old.is_dir() and not site.exists():
        old.rename(site)  # a build died between the two renames of the fallback swap
    for leftover in [*site.parent.glob(f"{site.name}{PARTIAL_PREFIX}*"),
                     *scratch(site).glob(f"{site.name}{PARTIAL_PREFIX}*")]:
        shutil.rmtree(leftover, ignore_errors=True)
    if old.exists():
        shutil.rmtree(old, ignore_errors=True)


def scratch(site: Path) -> Path:
    """Where a site is built before it is swapped in: the tool's own cache folder beside it, on
    the same file system (so the swap is a rename), and out of sight if a build is killed."""
    return site.parent / ".huikuan-cache"


@contextmanager
def build_lock(site: Path):
    """One build at a time per output folder: an exclusive lock on the folder that holds it."""
    site.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(site.parent, os.O_RDONLY)
    try:
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)
        except (ImportError, OSError):  # no flock (Windows): builds are not serialised
            pass
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _exchange(a: Path, b: Path) -> bool:
    """Swap two directories in one atomic step (Linux renameat2 RENAME_EXCHANGE)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def swap_in(partial: Path, target: Path) -> None:
    """Put the finished build in place so that target/ is always a complete site."""
    if not target.exists():
        partial.rename(target)
        return
    if _exchange(partial, target):  # partial now holds the previous site
        shutil.rmtree(partial, ignore_errors=True)
        return
    old = target.with_name(target.name + ".old")
    target.rename(old)  # elsewhere: two renames; clean_partials restores old/ if we die between them
    partial.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def build_site(config_file: Path, site: Path | None = None, library: Path | None = None,
               lang: str | None = None) -> Path:
    config_file = config_file.resolve()
    with plugin_settings(library, lang):
        config = load_config(config_file=str(config_file))
        target = Path(site or config.site_dir).resolve()
        plugin = config.plugins.get("huikuan")
        read = [Path(config.docs_dir)]
        if plugin is not None:
            read.append(library_folder(config_file.parent, plugin.config.library))
        check_target(target, [Path(config.docs_dir), config_file, Path.cwd(),
                              *([library] if library is not None else [])], read)
        with build_lock(target):
            clean_partials(target)
            scratch(target).mkdir(exist_ok=True)
            partial = scratch(target) / f"{target.name}{PARTIAL_PREFIX}{os.getpid()}"
            config.site_dir = str(partial)
            try:
                mkdocs_build(config)
                (partial / MARKER).write_text("built by huikuan; `huikuan build` may replace this folder\n",
                                              encoding="utf-8")
                swap_in(partial, target)
            except BaseException:
                shutil.rmtree(partial, ignore_errors=True)
                raise
            finally:
                # No empty scratch folder left beside a site built elsewhere (--out /srv/www/site);
                # in the project the same folder holds the caches, and stays.
                with suppress(OSError):
                    scratch(target).rmdir()
    return target


class _Stderr(logging.Handler):
    """Writes to whatever sys.stderr is at the time (a test runner swaps it per call)."""

    def emit(self, record: logging.LogRecord) -> None:
        click.echo(self.format(record), err=True)


def quiet_mkdocs(verbose: bool = False) -> None:
    """MkDocs' warnings (and with --verbose its progress) on stderr, once; jieba's chatter never."""
    logger = logging.getLogger("mkdocs")
    if not any(isinstance(h, _Stderr) for h in logger.handlers):
        handler = _Stderr()
        handler.setFormatter(logging.Formatter("%(levelname)-7s - %(message)s"))
        logger.addHandler(handler)
        logger.propagate = False
    logger.setLevel(logging.INFO if verbose else logging.WARNING)


__all__ = ["MkDocsException", "build_site", "clean_partials", "plugin_settings", "quiet_mkdocs"]
