"""Words a user reads, in every language huikuan speaks.

Findings carry their words per language in codes.py. Everything else the command line says is
a ``Words`` (or a ``UserError``, a failure that carries its ``Words``: an unknown git revision,
a folder the build will not replace, no CJK font), said in the language it was asked for
(``--lang``, ``$HUIKUAN_LANG``) with ``say``.
"""

from __future__ import annotations

from typing import NamedTuple


class Words(NamedTuple):
    """One message in Chinese and English."""

    zh: str
    en: str

    def say(self, lang: str) -> str:
        """The message in ``lang``; Chinese, the default language, for any other."""
        return self.en if lang == "en" else self.zh


def first_sentence(text: str) -> str:
    """Chinese text up to and with its first 。 (all of it if there is none)."""
    first, stop, _ = text.partition("。")
    return first + stop


class UserError(Exception):
    """A failure the user can fix, in Chinese and English. ``str()`` is the Chinese, the
    default language, for a caller that knows no other."""

    def __init__(self, zh: str, en: str) -> None:
        super().__init__(zh)
        self.words = Words(zh, en)

    def say(self, lang: str) -> str:
        return self.words.say(lang)
