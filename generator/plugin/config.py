import os
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config

from generator.clilang import ENV as LANG_ENV
from generator.clilang import LANGS


def library_folder(config_dir: Path, configured: str) -> Path:
    """The library the plugin reads: $HUIKUAN_LIBRARY, else its `library` option, from mkdocs.yml's folder."""
    return (config_dir / os.environ.get("HUIKUAN_LIBRARY", configured)).resolve()


def plugin_language(configured: str) -> str:
    """The language the plugin refuses a build in: a valid $HUIKUAN_LANG, else its `lang` option."""
    asked = os.environ.get(LANG_ENV, "")
    return asked if asked in LANGS else configured


class HuikuanConfig(Config):
    # The library folder, relative to mkdocs.yml. $HUIKUAN_LIBRARY overrides it
    # (that is how `huikuan build --library` and `huikuan serve --library` reach the plugin).
    library = c.Type(str, default="scripts_library")
    # Language of what stops a build (library errors, unknown IDs in a page, no CJK font).
    # $HUIKUAN_LANG overrides it (that is how `huikuan build --lang` and `huikuan serve --lang`
    # reach the plugin; set by hand, it words plain `mkdocs build` too).
    lang = c.Choice(LANGS, default="zh")
    # Write the playbooks (PDF and print-ready HTML) into the site.
    playbooks = c.Type(bool, default=True)
    # Index pages for Material's search in a second process while MkDocs renders (`serve`
    # keeps that process for all its rebuilds). Off gives the same index, one core slower.
    parallel_search = c.Type(bool, default=True)
