"""The CJK font, found through fontconfig: the same lookup WeasyPrint (via Pango) will do.

Without a font that covers Simplified Chinese a PDF comes out as rows of empty boxes, so the
playbook and letter commands ask fontconfig first and stop with a clear message instead.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cached_property

from generator.messages import UserError

# Preferred families, best first. Debian's fonts-noto-cjk provides the Noto ones.
SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Zen Hei",
        "WenQuanYi Micro Hei", "Droid Sans Fallback")
SERIF = ("Noto Serif CJK SC", "Source Han Serif SC", "Source Han Serif CN", "AR PL UMing CN")

INSTALL_HINT = ("没有找到支持简体中文的字体，无法生成 PDF（否则中文会变成方框）。"
                "请安装 Debian 软件包 fonts-noto-cjk：sudo apt-get install fonts-noto-cjk（或运行 make site）。",
                "No font covering Simplified Chinese was found through fontconfig, so no PDF was written "
                "(it would show empty boxes). Install the Debian package fonts-noto-cjk: "
                "sudo apt-get install fonts-noto-cjk (or run make site).")


class NoCJKFont(UserError, RuntimeError):
    """fontconfig knows no font that covers Simplified Chinese; ``detail`` says how it looked."""

    def __init__(self, detail: tuple[str, str]) -> None:
        super().__init__(f"{INSTALL_HINT[0]}\n（{detail[0]}）", f"{INSTALL_HINT[1]}\n({detail[1]})")


@dataclass(frozen=True)
class FontFace:
    family: str
    style: str
    file: str
    index: int


@dataclass(frozen=True)
class CJKFonts:
    sans: str  # body and headings
    serif: str  # letters; the sans family when no serif is installed
    faces: tuple[FontFace, ...]  # the faces of both families, for fingerprint and coverage

    @property
    def css_stack(self) -> str:
        return _stack(self.sans)

    @property
    def css_serif_stack(self) -> str:
        return _stack(self.serif)

    @cached_property
    def fingerprint(self) -> str:
        """Changes when a font file changes (a package upgrade): part of the cache key."""
        digest = hashlib.sha256()
        for face in sorted(self.faces, key=lambda f: (f.file, f.index)):
            try:
                st = os.stat(face.file)
                stamp = f"{st.st_size}:{st.st_mtime_ns}"
            except OSError:
                stamp = "missing"
            digest.update(f"{face.family}|{face.style}|{face.file}|{face.index}|{stamp}\n".encode())
        return digest.hexdigest()

    def regular(self, family: str) -> FontFace | None:
        faces = [f for f in self.faces if f.family == family]
        return next((f for f in faces if f.style.lower() in ("regular", "book", "normal")), faces[0] if faces else None)


def _stack(family: str) -> str:
    # A generic family last: never reached when fontconfig resolved the first one.
    return f'"{family}", sans-serif'


def list_cjk_faces() -> list[FontFace]:
    """Every face fontconfig says covers Simplified Chinese (``:lang=zh-cn``)."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        raise NoCJKFont(("找不到 fc-list：没有安装 fontconfig", "fc-list not found: fontconfig is not installed"))
    try:
        out = subprocess.run([fc_list, "-f", "%{family}\t%{style}\t%{file}\t%{index}\n", ":lang=zh-cn"],
                             capture_output=True, text=True, timeout=60, check=False).stdout
    except (OSError, subprocess.SubprocessError) as error:
        raise NoCJKFont((f"fc-list 运行失败：{error}", f"fc-list failed: {error}")) from None
    faces = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) != 4 or not parts[2]:
            continue
        family = parts[0].split(",")[0].strip()
        style = parts[1].split(",")[0].strip()
        faces.append(FontFace(family, style, parts[2], int(parts[3] or 0)))
    return faces


def find_cjk_fonts() -> CJKFonts:
    faces = list_cjk_faces()
    families = sorted({f.family for f in faces})
    if not families:
        raise NoCJKFont(("fc-list :lang=zh-cn 没有列出任何字体", "fc-list :lang=zh-cn listed no font"))

    def pick(preferred: tuple[str, ...]) -> str | None:
        found = next((name for name in preferred if name in families), None)
        if found:
            return found
        # A family made for Simplified Chinese before one that merely covers it.
        return next((name for name in families if any(tag in name for tag in (" SC", " CN", " GB"))), None)

    sans = pick(SANS) or families[0]
    serif = pick(SERIF) if any(name in families for name in SERIF) else sans
    serif = serif or sans
    chosen = tuple(f for f in faces if f.family in (sans, serif))
    return CJKFonts(sans, serif, chosen)


class Coverage:
    """Which characters the chosen fonts have glyphs for, from their cmap tables."""

    def __init__(self, fonts: CJKFonts) -> None:
        self.codepoints: set[int] = set()
        from fontTools.ttLib import TTFont  # a WeasyPrint dependency

        for family in {fonts.sans, fonts.serif}:
            face = fonts.regular(family)
            if face is None:
                continue
            try:
                font = TTFont(face.file, fontNumber=face.index, lazy=True)
                self.codepoints |= set(font.getBestCmap() or {})
                font.close()
            except Exception:  # an unreadable font: fontconfig may still render it; no check then
                self.codepoints = set()
                return

    def missing(self, text: str) -> list[str]:
        """Characters no installed font can draw: they would print as empty boxes."""
        if not self.codepoints:
            return []
        outside = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in self.codepoints})
        return [ch for ch in outside if not _any_font_has(ch)]


_FALLBACK: dict[str, bool] = {}


def _any_font_has(ch: str) -> bool:
    """Pango falls back to any font with the glyph (DejaVu for ✓, say); ask fontconfig."""
    if ch not in _FALLBACK:
        try:
            out = subprocess.run(["fc-list", f":charset={ord(ch):x}", "family"], capture_output=True,
                                 text=True, timeout=30, check=False).stdout
        except (OSError, subprocess.SubprocessError):
            out = "?"
        _FALLBACK[ch] = bool(out.strip())
    return _FALLBACK[ch]
