"""Theme files a built huikuan site never loads, left out of it.

Material ships source maps for its minified bundle and stylesheets (1.3 MB, read only by a
browser's developer tools) and the lunr language support for every language its search
knows (0.9 MB, of which Thai word segmentation alone is 0.7 MB). The site is copied to
collectors' laptops and opened from file://: each megabyte is carried by every copy.

And one theme file is mended: the search worker's query segmentation (below).
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files

log = logging.getLogger("mkdocs.plugins.huikuan")
LUNR = "assets/javascripts/lunr/"
WORKERS = "assets/javascripts/workers/"


def lunr_files(langs: list[str]) -> set[str]:
    """What Material's search worker imports for these languages (its setupSearchLanguages):
    the stemmer support and one file per language but English, lunr.multi for more than one,
    and the word segmenters Japanese, Hindi and Thai use."""
    names = {f"min/lunr.{lang}.min.js" for lang in langs if lang != "en"}
    if names:
        names.add("min/lunr.stemmer.support.min.js")
    if len(langs) > 1:
        names.add("min/lunr.multi.min.js")
    if "ja" in langs:
        names.add("tinyseg.js")
    if {"hi", "th"} & set(langs):
        names.add("wordcut.js")
    return {LUNR + name for name in names}


def unused_theme_files(files: Files, theme_dirs: list[str], search_langs: list[str] | None) -> list[File]:
    """The theme folders' source maps, and their lunr files the search languages do not need
    (all of them without search). Files from docs_dir are never touched, whatever their name."""
    themes = [Path(d).resolve() for d in theme_dirs]
    needed = lunr_files(search_langs or [])
    unused = []
    for file in files:
        # A theme file's src_dir is the theme folder itself (custom_dir counts: its own maps go too).
        if file.generated_by or file.src_dir is None or Path(file.src_dir).resolve() not in themes:
            continue
        uri = file.src_uri
        if uri.endswith(".map") or (uri.startswith(LUNR) and uri not in needed):
            unused.append(file)
    return unused


# Material's search worker cuts a query's run of Chinese characters into words of the index
# (its query/segment/index.ts, `segment`), but its loops stop one character short: a word that
# ends the run is never matched whole, and a last word of one character is dropped. 分期 is
# searched as 分*, 诉讼时效 as 诉讼 时*, 催收函 as 催收*: results are ranked by the wrong
# words and highlighted as such. Each mend names the minified code it changes (Material 9.7-9.8;
# names vary between releases, the structure does not).
_SEGMENT_MENDS = [
    # for (j = i + 1; j < query.length; j++) if (query.slice(i, j) in index) ...: up to the end.
    (re.compile(r"for\(let (\w+)=(\w+)\+1;\1<(\w+)\.length;\1\+\+\)\3\.slice\(\2,\1\)in "),
     r"for(let \1=\2+1;\1<=\3.length;\1++)\3.slice(\2,\1)in "),
    # if (wordcuts[q] && q < query.length - 1) stack.push(q): a word at the last character too.
    (re.compile(r"(\w+)\[(\w+)\]&&\2<(\w+)\.length-1&&"), r"\1[\2]&&\2<\3.length&&"),
]


def mend_query_segmentation(script: str) -> str | None:
    """The search worker with its query segmentation mended, or None when the worker is not the
    code the mends were written for (each must match exactly once)."""
    for pattern, replacement in _SEGMENT_MENDS:
        script, count = pattern.subn(replacement, script)
        if count != 1:
            return None
    return script


def mend_search_workers(files: Files, config: MkDocsConfig) -> None:
    """Replace Material's search worker scripts in ``files`` by their mended copies (same path:
    the bundle names the file it starts). A worker the mends do not fit is kept as it is, with a
    warning: Chinese queries then search by their first characters."""
    themes = {Path(d).resolve() for d in config.theme.dirs}
    for file in list(files):
        uri = file.src_uri
        if (file.generated_by or file.src_dir is None or Path(file.src_dir).resolve() not in themes
                or not uri.startswith(WORKERS) or not uri.endswith(".js")):
            continue
        script = mend_query_segmentation(Path(file.abs_src_path).read_text(encoding="utf-8"))
        if script is None:
            log.warning("huikuan: %s is not the search worker huikuan knows; its Chinese query "
                        "segmentation is left as it is (a query's last word is not matched whole)", uri)
            continue
        files.remove(file)
        files.append(File.generated(config, uri, content=script))
