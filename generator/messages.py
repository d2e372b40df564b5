"""Failures a user can act on, worded in every language huikuan speaks.

Findings carry their words per language in codes.py; the failures that stop a command (an
unknown git revision, a folder the build will not replace, no CJK font) carry theirs here, and
the command line says them in the language it was asked for (``--lang``, ``$HUIKUAN_LANG``).
"""

from __future__ import annotations

from generator.clilang import LANGS


class UserError(Exception):
    """A failure the user can fix, in Chinese and English. ``str()`` is the Chinese, the
    default language, for a caller that knows no other."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.words = dict(zip(LANGS, (zh, en), strict=True))

    def say(self, lang: str) -> str:
        return self.words.get(lang) or self.words["zh"]
