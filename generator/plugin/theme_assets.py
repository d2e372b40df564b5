"""Theme files a built huikuan site never loads, left out of it.

Material ships source maps for its minified bundle and stylesheets (1.3 MB, read only by a
browser's developer tools) and the lunr language support for every language its search
knows (0.9 MB, of which Thai word segmentation alone is 0.7 MB). The site is copied to
collectors' laptops and opened from file://: each megabyte is carried by every copy.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.structure.files import File, Files

LUNR = "assets/javascripts/lunr/"


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
