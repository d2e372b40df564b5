"""Printable playbooks and demand letters: model → HTML (Jinja) → PDF (WeasyPrint).

One playbook per stage, per debtor type and per stage × debtor-type pair; each as a PDF and
as the print-ready HTML it was made from. ``site.py`` puts them into the MkDocs site.
"""

from generator.render.playbooks.content import Playbook, build_content, plan
from generator.render.playbooks.fonts import CJKFonts, NoCJKFont, find_cjk_fonts
from generator.render.playbooks.pdf import (
    MANIFEST,
    Run,
    letter_fields,
    letters_by_level,
    render_letter,
    render_playbooks,
)

__all__ = [
    "MANIFEST", "CJKFonts", "NoCJKFont", "Playbook", "Run", "build_content", "find_cjk_fonts", "letter_fields",
    "letters_by_level", "plan", "render_letter", "render_playbooks",
]
