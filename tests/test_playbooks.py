"""Printable playbooks and letters: real PDFs from WeasyPrint, read back with poppler-utils."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from conftest import LIBRARY, MINI, copy_library, run_cli, unquoted_chinese
from sitebuild import build, project

from generator.pipeline import load_library
from generator.render.playbooks import plan
from generator.render.playbooks.fonts import Coverage, find_cjk_fonts
from generator.render.playbooks.pdf import (
    NEARLY_EMPTY,
    LayoutUnreadable,
    Start,
    page_box,
    read_layout,
    render_document,
    render_letter,
    runs_on,
)

EPOCH = "1795000000"  # 2026-11-18, after the mini library's review dates
DATE = "2026-11-18"

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdffonts") is None,
                                reason="poppler-utils is not installed (make test installs it)")


# -- helpers ----------------------------------------------------------------------------------------


def pdftext(pdf: Path, first: int | None = None, last: int | None = None, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    if layout:
        args.append("-layout")
    return subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def squash(text: str) -> str:
    """pdftotext drops or adds spaces between CJK characters; compare without any."""
    return re.sub(r"\s+", "", text)


def pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


PT_PER_MM = 72 / 25.4
_WORD = re.compile(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">')


def body_fill(pdf: Path, top_mm: float = 20, bottom_mm: float = 18) -> list[float]:
    """How full each page's text area is (0–1), from where pdftotext finds words: below the
    running header, above the footer (the playbook's @page margins)."""
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    fills = []
    for page in out.split("<page ")[1:]:
        height = float(re.search(r'height="([\d.]+)"', page).group(1))
        top, bottom = top_mm * PT_PER_MM, height - bottom_mm * PT_PER_MM
        lowest = max((float(y1) for y0, y1 in _WORD.findall(page) if float(y0) > top and float(y1) < bottom),
                     default=top)
        fills.append((lowest - top) / (bottom - top))
    return fills


# body_fill sees where the glyphs end; the run-on pass measures where line and table-row boxes
# end, lower by half a line's leading and a cell's bottom padding and border (up to 3 mm of the
# 259 mm text area). The stages table's last three rows on page 4 of the type playbooks read
# 0.332 here and measure 0.341 there: a third full, and rightly left as it is.
GLYPHS_END_HIGHER = 3 / 259


def fonts(pdf: Path) -> list[dict[str, str]]:
    """pdffonts as rows: name, type, emb (yes/no)."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    rows = []
    for line in lines[2:]:
        parts = line.split()
        # name … emb sub uni object-id generation: the three flags sit before the last two columns
        rows.append({"name": parts[0], "emb": parts[-5], "line": line})
    return rows


def empty_fontconfig(tmp: Path) -> Path:
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig></fontconfig>\n',
                    encoding="utf-8")
    return conf


@pytest.fixture(scope="module")
def pinned_date():
    """Covers and review checks use the same pinned date in the whole module."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOURCE_DATE_EPOCH", EPOCH)
        yield DATE


@pytest.fixture(scope="module")
def mini_out(pinned_date: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """Every playbook of the mini library, rendered once for the module."""
    out = tmp_path_factory.mktemp("playbooks")
    code, output = run_cli("playbooks", "--library", str(MINI), "--out", str(out))
    assert code == 0, output
    return out, output


def mini_library():
    return load_library(MINI)


def edit(path: Path, *swaps: tuple[str, str]) -> None:
    """Change a library file in place; each text to replace must be there (else the test tests nothing)."""
    text = path.read_text(encoding="utf-8")
    for old, new in swaps:
        assert old in text, (path.name, old)
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def playbook_html(library: Path, out: Path, slug: str) -> str:
    """Render one playbook with the CLI; its print-ready HTML (the PDF is beside it)."""
    code, output = run_cli("playbooks", "--library", str(library), "--out", str(out), "--only", slug)
    assert code == 0, output
    return (out / f"{slug}.html").read_text(encoding="utf-8")


# -- the set of playbooks -----------------------------------------------------------------------------


def test_one_playbook_per_stage_type_and_pair() -> None:
    library = mini_library()
    slugs = [pb.slug for pb in plan(library)]
    stages = [s["id"] for s in library.terms("stages")]
    types = [t["id"] for t in library.terms("debtor_types")]
    assert len(slugs) == len(set(slugs)) == len(stages) + len(types) + len(stages) * len(types)
    assert {f"stage-{s}" for s in stages} | {f"type-{t}" for t in types} <= set(slugs)
    assert {f"{s}--{t}" for s in stages for t in types} <= set(slugs)


def test_cli_writes_a_pdf_and_print_html_for_each(mini_out: tuple[Path, str]) -> None:
    out, output = mini_out
    expected = {pb.slug for pb in plan(mini_library())}
    assert {p.stem for p in out.glob("*.pdf")} == expected
    assert {p.stem for p in out.glob("*.html")} == expected
    assert (out / "manifest.json").is_file()
    assert f"{len(expected)} 本" in output
    html = (out / "m1--slow-payer.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "<style>" in html and "@page" in html  # self-contained


# -- what is printed ------------------------------------------------------------------------------


def test_cover_has_title_version_and_pinned_date(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    cover = pdftext(out / "m1--slow-payer.pdf", 1, 1)
    for text in ("逾期 1–30 天 × 便秘型", "话术库版本", "2026.11", DATE):
        assert text in cover, text


def test_headings_per_stage_and_type(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    stage = pdftext(out / "stage-m1.pdf")
    for heading in ("阶段目标与语气：逾期 1–30 天", "客户类型与策略：还款意愿 × 还款能力", "通话流程与话术",
                    "最常遇到的异议", "证据与上门清单", "法律红线", "通话卡 · 逾期 1–30 天"):
        assert heading in stage, heading
    kind = pdftext(out / "type-evader.pdf")
    for heading in ("客户类型与策略：逃避型", "各阶段的目标与语气", "催收函：逐级升级", "通话卡 · 逃避型"):
        assert heading in kind, heading
    pair = pdftext(out / "m0--slow-payer.pdf")
    for heading in ("阶段目标与语气：到期前", "客户类型与策略：便秘型", "本阶段的催收函：付款提醒函",
                    "通话卡 · 到期前 × 便秘型"):
        assert heading in pair, heading


def test_content_is_selected_by_stage_and_type(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    # The one script is for m1 and slow payers; the one objection for m1–m2 and slow payers.
    assert "逾期后的第一通电话" in pdftext(out / "m1--slow-payer.pdf")
    assert "逾期后的第一通电话" in pdftext(out / "type-slow-payer.pdf")
    assert "逾期后的第一通电话" not in pdftext(out / "type-evader.pdf")
    m2 = pdftext(out / "stage-m2.pdf")
    assert "逾期后的第一通电话" not in m2
    assert "“现在公司没钱。”" in m2  # the handler, with the debtor's words
    assert "“现在公司没钱。”" not in pdftext(out / "stage-m0.pdf")
    # Checklists by area (evidence), legal red lines without stages apply everywhere.
    for slug in ("stage-m0", "m2--evader"):
        text = pdftext(out / f"{slug}.pdf")
        assert "证据清单" in text and "不得以伤害相威胁" in text, slug


def test_page_numbers_and_contents_with_page_numbers(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    pdf = out / "m1--slow-payer.pdf"
    total = pages(pdf)
    assert total > 5
    assert f"第2页/共{total}页" in squash(pdftext(pdf, 2, 2))
    assert f"第{total - 1}页/共{total}页" in squash(pdftext(pdf, total - 1, total - 1))
    assert "页/共" not in squash(pdftext(pdf, 1, 1))  # no folio on the cover
    contents = pdftext(pdf, 2, 2, layout=True)
    assert "目录" in contents
    card_line = next(line for line in contents.splitlines() if "通话卡" in line)
    assert card_line.rstrip().endswith(str(total)), card_line  # target-counter: the card is the last page
    flow = toc_page(pdf, "通话流程与话术")
    assert "通话流程与话术" in pdftext(pdf, flow, flow)


def toc_page(pdf: Path, title: str) -> int:
    """The page number the contents give for a chapter."""
    line = next(line for line in pdftext(pdf, 2, 2, layout=True).splitlines() if title in line)
    return int(line.split()[-1])


def test_running_header(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    pdf = out / "stage-m1.pdf"
    flow = toc_page(pdf, "通话流程与话术")
    top = pdftext(pdf, flow, flow, layout=True).splitlines()[0]
    assert "逾期 1–30 天 · 催收手册" in top and "通话流程与话术" in top


def test_cjk_font_is_embedded(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    for slug in ("stage-m1", "m1--slow-payer"):
        rows = fonts(out / f"{slug}.pdf")
        assert rows, slug
        assert all(r["emb"] == "yes" for r in rows), rows
        assert any("CJK" in r["name"] or "Han" in r["name"] or "Hei" in r["name"] for r in rows), rows
        assert not any("Oblique" in r["name"] for r in rows), "slanted CJK is unreadable; no italics"


def test_no_character_lacks_a_glyph() -> None:
    coverage = Coverage(find_cjk_fonts())
    assert coverage.missing("回款第页共，。“”（）—–×①") == []
    assert coverage.missing("\U0010fffd") == ["\U0010fffd"]  # a private-use character no font has


def test_call_card_is_alone_on_the_last_page(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    for slug in ("stage-m1", "type-evader", "m1--slow-payer"):
        pdf = out / f"{slug}.pdf"
        total = pages(pdf)
        last = pdftext(pdf, total, total)
        assert last.strip().startswith("通话卡 · "), (slug, last[:80])  # nothing before it on the page
        assert "客户说" in last and "一句话回应" in last
        assert "完整回应、判断方法" in last  # the card's last line: it ended on this page
        assert "通话卡 · " not in pdftext(pdf, total - 1, total - 1)  # and began on it


def test_placeholders_print_as_blanks(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    text = pdftext(out / "m1--slow-payer.pdf")
    assert "{客户名称}" not in text and "{欠款金额}" not in text
    assert "客户名称" in text  # the small label under the line
    html = (out / "m1--slow-payer.html").read_text(encoding="utf-8")
    blank = r'<span class="blank" style="width:[\d.]+em">&#160;<span class="blank__name">客户名称</span>'
    assert re.search(blank, html)


def test_library_text_is_escaped(tmp_path: Path, pinned_date: str) -> None:
    lib = copy_library(MINI, tmp_path / "lib")
    script = lib / "scripts/m1-first-call.yaml"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "goal: 拿到具体的付款日期", 'goal: "拿到<b>具体</b>的日期 <script>alert(1)</script>"'), encoding="utf-8")
    out = tmp_path / "out"
    code, output = run_cli("playbooks", "--library", str(lib), "--out", str(out), "--only", "m1--slow-payer")
    assert code == 0, output
    html = (out / "m1--slow-payer.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "&lt;b&gt;具体&lt;/b&gt;" in html
    assert "拿到<b>具体</b>的日期" in pdftext(out / "m1--slow-payer.pdf")


def _body(page):
    """(box, ancestor element tags) of a laid-out page, in document order, margin boxes left out."""
    def walk(box, tags):
        if type(box).__name__ == "MarginBox":
            return
        tag = getattr(box, "element_tag", None)
        here = (*tags, tag) if tag else tags
        yield box, here
        for child in getattr(box, "children", None) or []:
            yield from walk(child, here)

    yield from walk(page_box(page), ())  # WeasyPrint's layout tree: where things actually landed


def test_headings_are_never_stranded_and_rows_never_split(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    for slug in ("stage-m1", "type-slow-payer"):
        document = render_document((out / f"{slug}.html").read_text(encoding="utf-8"))
        row_page: dict[int, int] = {}
        for number, page in enumerate(document.pages[:-1], start=1):
            boxes = list(_body(page))
            texts = [tags for box, tags in boxes if type(box).__name__ == "TextBox" and box.text.strip()]
            assert texts, (slug, number)
            assert not {"h1", "h2", "h3", "h4"} & set(texts[-1]), (slug, "heading at the foot of page", number)
            for box, tags in boxes:
                if type(box).__name__ == "TableRowBox" and "thead" not in tags:  # header rows repeat
                    assert row_page.setdefault(id(box.element), number) == number, (slug, "row split", number)


def overflowing_text(document) -> list[tuple[int, str]]:
    """(page, text) of each piece of text that sticks out of its table cell or the page's text area."""
    found = []

    def walk(box, page_box, cell, number):
        if type(box).__name__ == "MarginBox":
            return
        if type(box).__name__ == "TableCellBox":
            cell = box
        if type(box).__name__ == "TextBox" and box.text.strip():
            right = box.position_x + box.width
            for frame in (page_box, cell):
                if frame is not None and (box.position_x < frame.content_box_x() - 0.5
                                          or right > frame.content_box_x() + frame.width + 0.5):
                    found.append((number, box.text))
        for child in getattr(box, "children", None) or []:
            walk(child, page_box, cell, number)

    for number, page in enumerate(document.pages, start=1):
        walk(page_box(page), page_box(page), None, number)
    return found


ACCOUNT = "6222" * 40  # a bank account number pasted without spaces: wider than the page


def test_long_words_and_placeholders_stay_in_their_columns(tmp_path: Path, pinned_date: str) -> None:
    """The tables have fixed column widths: a word longer than its column breaks, it does not
    widen the column or run over the next one or off the page."""
    lib = copy_library(MINI, tmp_path / "lib")
    long_name = "ACCOUNTHOLDERBANKNAME"[:20]  # the longest placeholder name the schema allows
    edit(lib / "taxonomy.yaml",
         ("placeholders:\n", f"placeholders:\n  - {{name: {long_name}, description: 开户行, example: {'B' * 60}}}\n"))
    edit(lib / "checklists/evidence.yaml", ("check: 合同原件", f"check: 合同原件（账号 {ACCOUNT}）"),
         ("why: 证明交易关系", f"why: 证明交易关系，开户行 {{{long_name}}}"))
    edit(lib / "objections/no-money.yaml", ("says: 现在公司没钱。", f"says: 现在公司没钱，账号 {ACCOUNT}。"),
         ("line: 没钱就去借啊。", f"line: 没钱就去借啊，{ACCOUNT}。"),
         ("probe: [您看资金大概什么时候能缓过来？]", f'probe: ["您看资金什么时候能到 {{{long_name}}}？"]'))
    edit(lib / "letters/reminder.yaml", ("请按时安排支付。", f"请按时支付至 {{{long_name}}}。"))
    html = playbook_html(lib, tmp_path / "out", "m1--slow-payer")
    assert ACCOUNT in html and f'<span class="blank__name">{long_name}</span>' in html
    assert overflowing_text(render_document(html)) == []
    library = load_library(lib)
    letter_pdf, letter_html, unfilled = render_letter(library, library.entries["reminder"], {})
    assert long_name in unfilled  # the note lists it in its narrow first column
    assert overflowing_text(render_document(letter_html)) == []
    (tmp_path / "letter.pdf").write_bytes(letter_pdf)
    assert long_name in squash(pdftext(tmp_path / "letter.pdf"))


def names_outside_their_blanks(document) -> list[tuple[int, str]]:
    """(page, text) of each placeholder name printed outside its blank: the inline-block blank
    on the call card, or the box under the line that the name of a full blank is centred in."""
    found = []

    def walk(box, frame, number):
        if type(box).__name__ == "MarginBox":
            return
        classes = (box.element.get("class") or "").split() if getattr(box, "element", None) is not None else []
        if {"blank", "blank__name"} & set(classes) and type(box).__name__ in ("InlineBlockBox", "BlockBox"):
            frame = box
        if frame is not None and type(box).__name__ == "TextBox" and box.text.strip():
            left, right = frame.border_box_x(), frame.border_box_x() + frame.border_width()
            if box.position_x < left - 0.5 or box.position_x + box.width > right + 0.5:
                found.append((number, box.text))
        for child in getattr(box, "children", None) or []:
            walk(child, frame, number)

    for number, page in enumerate(document.pages, start=1):
        walk(page_box(page), None, number)
    return found


# The schema allows names of up to 20 characters; on the call card a name of 11 CJK characters
# or more once stuck out of its blank.
LONG_NAMES = ("客户财务负责人办公电话", "客户财务部门负责人的座机号码", "客户公司财务部门负责人办公室的座机号码",
              "ACCOUNTHOLDERBANKNAME"[:20])


def test_placeholder_names_fit_their_blanks(tmp_path: Path, pinned_date: str) -> None:
    lib = copy_library(MINI, tmp_path / "lib")
    declared = "".join(f"  - {{name: {name}, description: 电话, example: '021-6666 8888'}}\n" for name in LONG_NAMES)
    edit(lib / "taxonomy.yaml", ("placeholders:\n", "placeholders:\n" + declared))
    asked = "，".join(f"{{{name}}}" for name in LONG_NAMES)
    # The objection's first question is the call card's line; the checklist has full blanks.
    edit(lib / "objections/no-money.yaml",
         ("probe: [您看资金大概什么时候能缓过来？]", f'probe: ["您看资金什么时候能缓过来？打哪个电话找您：{asked}？"]'))
    edit(lib / "checklists/evidence.yaml", ("why: 证明交易关系", f"why: 证明交易关系，记下{asked}"))
    out = tmp_path / "out"
    html = playbook_html(lib, out, "m1--slow-payer")
    for name in LONG_NAMES:
        assert re.search(rf'<span class="blank blank--compact"[^>]*><span class="blank__name">{name}<', html), name
        assert re.search(rf'<span class="blank" style="width:[\d.]+em">&#160;<span class="blank__name">{name}<', html)
    document = render_document(html)
    assert names_outside_their_blanks(document) == []
    card = squash(pdftext(out / "m1--slow-payer.pdf", len(document.pages), len(document.pages)))
    assert card.startswith("通话卡") and all(name in card for name in LONG_NAMES), card


def test_call_card_line_asks_before_it_concedes() -> None:
    from generator.render.playbooks.content import card_answer

    library = load_library(LIBRARY)
    delivery = library.entries["delivery-dispute"]
    # its first response is the case where the delay was ours: conceding, right only in that case
    assert "确实是我们的问题" in delivery.data["responses"][0]["lines"][0]
    assert card_answer(delivery) == delivery.data["diagnosis"]["probe"][0]
    for objection in library.of_kind("objection"):
        assert card_answer(objection) in objection.data["diagnosis"]["probe"]
    without = dict(delivery.data, diagnosis={"summary": "x"})
    assert card_answer(replace(delivery, data=without)) == without["responses"][0]["lines"][0]


# Objections a trainer expects among a playbook's full handlers: the everyday ones wherever
# they apply, and what is typical of the type (and of the stage, for evaders in M4).
EXPECTED_HANDLERS = {
    "stage-m1": {"no-money", "pay-next-month"},
    "stage-m2": {"no-money", "pay-next-month", "installments-only"},
    "stage-m3": {"no-money", "pay-next-month", "installments-only"},
    "m2--slow-payer": {"no-money", "pay-next-month", "installments-only"},
    "m2--evader": {"boss-unavailable", "no-time", "wrong-person"},
    "m2--deductor": {"quality-dispute", "amount-dispute", "offset-claim", "discount-demand"},
    "m4--evader": {"boss-unavailable", "contact-left-company", "sue-us-then"},
    "type-deceiver": {"no-money", "already-paid", "pay-next-month"},
}


def test_everyday_objections_are_printed_in_full() -> None:
    """No-money and pay-next-month apply to four stages each; that once ranked them below
    narrower handlers, into the one-line list at the end of the M2 playbook."""
    from generator.render.playbooks import build_content

    library = load_library(LIBRARY)
    playbooks = {pb.slug: pb for pb in plan(library)}
    for slug, expected in EXPECTED_HANDLERS.items():
        content = build_content(library, playbooks[slug])
        handlers = {o.id for o in content.handlers}
        assert expected <= handlers, (slug, expected - handlers, [o.id for o in content.handlers])
        assert content.handlers == [row.objection for row in content.card[:len(content.handlers)]], slug


# -- the run-on pass reads WeasyPrint's layout ----------------------------------------------------------

_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' width='10' height='10'/%3E"
# Four pages of known fill, in the playbook's page geometry (a text area 259 mm high): two lines
# of 25.9 mm (0.2), a table row of 129.5 mm (0.5), an image of 64.75 mm (0.25), then a page of
# its own kind, as the call card has. A running footer that must not count.
MEASURED = f"""<!DOCTYPE html><html><head><style>
@page {{ size: A4; margin: 20mm 16mm 18mm 18mm; @bottom-center {{ content: "第 " counter(page) " 页"; }} }}
@page card {{ margin: 14mm; }}
body {{ margin: 0; }} p {{ margin: 0; line-height: 25.9mm; }}
table {{ border-collapse: collapse; }} td {{ padding: 0; }}
.break {{ break-before: page; }}
</style></head><body>
<p id="lines">a<br>b</p>
<section id="row" class="break"><table><tr style="height: 129.5mm"><td>c</td></tr></table></section>
<div id="image" class="break"><img src="{_SVG}" style="display: block; width: 10mm; height: 64.75mm"></div>
<div id="card" class="break" style="page: card"><p>d</p></div>
</body></html>"""


def test_run_on_reads_the_layout_of_this_weasyprint() -> None:
    """Canary. The run-on pass measures pages on WeasyPrint's layout tree, which no public API
    gives: Page._page_box, the box classes, their positions and computed styles. A WeasyPrint
    release that changes any of them fails here; playbooks are then still printed, without the
    pass (next test). Adapt pdf.read_layout to the release, then bump pdf.RENDER_VERSION."""
    import weasyprint

    changed = (f"WeasyPrint {weasyprint.__version__} lays out pages differently from what "
               "generator/render/playbooks/pdf.py read_layout reads: adapt it to this release")
    document = render_document(MEASURED)
    try:
        pages = read_layout(document)
    except LayoutUnreadable as error:
        pytest.fail(f"{changed}: {error.what}")
    assert [round(page.fill, 4) for page in pages] == [0.2, 0.5, 0.25, round(25.9 / 269, 4)], changed
    assert [page.starts for page in pages] == [
        (Start("lines", "auto", ""),), (Start("row", "page", ""),), (Start("image", "page", ""),),
        (Start("card", "page", "card"),)], changed
    # After the page a fifth full the next part runs on; after the half-full one it does not;
    # the card keeps its page after the page a quarter full.
    assert runs_on(document) == {"row"}, changed


def renamed_layout_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """A WeasyPrint whose pages keep their layout tree under another name, as a release may:
    WeasyPrint's own drawing follows the new name, read_layout does not know it."""
    from types import SimpleNamespace

    from weasyprint.document import Page

    init, paint = Page.__init__, Page.paint

    def keep_elsewhere(self, box) -> None:
        init(self, box)
        self._layout_tree = self.__dict__.pop("_page_box")

    monkeypatch.setattr(Page, "__init__", keep_elsewhere)
    monkeypatch.setattr(Page, "paint", lambda self, stream, scale=1: paint(
        SimpleNamespace(_page_box=self._layout_tree), stream, scale))


def test_playbooks_are_printed_when_the_layout_cannot_be_read(tmp_path: Path, pinned_date: str,
                                                             mini_out: tuple[Path, str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    renamed_layout_tree(monkeypatch)
    out = tmp_path / "out"
    slug = "m1--slow-payer"
    code, output = run_cli("playbooks", "--library", str(MINI), "--out", str(out), "--only", slug)
    assert code == 0, output
    assert "警告：无法读取 WeasyPrint" in output and "（Page._page_box）。手册照常生成" in output, output
    pdf = out / f"{slug}.pdf"
    total = pages(pdf)
    last = pdftext(pdf, total, total)
    assert last.strip().startswith("通话卡 · ") and "完整回应、判断方法" in last  # a whole playbook, card last
    # Laid out once, as WeasyPrint placed it: the pages the run-on pass saves are still there.
    assert total > pages(mini_out[0] / f"{slug}.pdf")
    assert "break-before: auto" not in (out / f"{slug}.html").read_text(encoding="utf-8")
    # Reused from the cache, it is still said: the PDFs in the folder lack the pass.
    code, output = run_cli("playbooks", "--library", str(MINI), "--out", str(out), "--only", slug, "--lang", "en")
    assert code == 0 and "0 rendered" in output, output
    assert "Warning: Cannot read the layout of WeasyPrint" in output and not unquoted_chinese(output), output


# -- the call card never overflows ------------------------------------------------------------------


def crowded(root: Path) -> Path:
    """The mini library with 30 long objection handlers for m1 slow payers."""
    template = (root / "objections/no-money.yaml").read_text(encoding="utf-8")
    says = "我们公司最近资金周转确实非常困难，"
    line = "我理解您的难处，我们一起看看怎么分期安排才现实，每一期的金额和日期都写清楚，"
    for i in range(30):
        text = (template.replace("says: 现在公司没钱。", f"says: 第{i}种说法：{says * 3}")
                .replace("lines: [我们可以一起看看分期的办法。]", f"lines: [{line * 3}]"))
        (root / f"objections/crowd-{i:02d}.yaml").write_text(text, encoding="utf-8")
    return root


def test_call_card_is_trimmed_to_one_page(tmp_path: Path, pinned_date: str) -> None:
    lib = crowded(copy_library(MINI, tmp_path / "lib"))
    out = tmp_path / "out"
    code, output = run_cli("playbooks", "--library", str(lib), "--out", str(out), "--only", "m1--slow-payer")
    assert code == 0, output
    pdf = out / "m1--slow-payer.pdf"
    total = pages(pdf)
    last = pdftext(pdf, total, total)
    assert last.strip().startswith("通话卡 · ") and "完整回应、判断方法" in last
    assert "通话卡 · " not in pdftext(pdf, total - 1, total - 1)
    shown = squash(last).count("种说法") + squash(last).count("现在公司没钱")  # 31 handlers in all
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert 5 <= shown == manifest["playbooks"]["m1--slow-payer"]["card_rows"] < 31  # trimmed, not emptied


# -- cache ----------------------------------------------------------------------------------------------


def test_second_run_renders_nothing(mini_out: tuple[Path, str]) -> None:
    out, _ = mini_out
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    code, output = run_cli("playbooks", "--library", str(MINI), "--out", str(out))
    assert code == 0, output
    assert "重新渲染 0 本" in output
    assert {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")} == before


def test_only_changed_playbooks_are_rendered_again(tmp_path: Path, mini_out: tuple[Path, str]) -> None:
    cached, _ = mini_out
    out = shutil.copytree(cached, tmp_path / "out")
    lib = copy_library(MINI, tmp_path / "lib")
    script = lib / "scripts/m1-first-call.yaml"
    script.write_text(script.read_text(encoding="utf-8").replace("先听，不打断。", "先听，不要打断。"),
                      encoding="utf-8")
    (out / "type-evader.pdf").unlink()  # a missing (or edited) PDF is rendered again too
    before = {p.name: p.stat().st_mtime_ns for p in out.glob("*.pdf")}
    code, output = run_cli("playbooks", "--library", str(lib), "--out", str(out))
    assert code == 0, output
    changed = {p.stem for p in out.glob("*.pdf") if before.get(p.name) != p.stat().st_mtime_ns}
    # The script is for m1 and slow payers: exactly the playbooks that print it (m1--evader has no
    # script of its own and prints the stage's), and the PDF that went missing.
    assert changed == {"stage-m1", "type-slow-payer", "m1--slow-payer", "m1--evader", "type-evader"}
    assert "重新渲染 5 本" in output
    assert "先听，不要打断。" in pdftext(out / "m1--slow-payer.pdf")


def test_same_inputs_give_the_same_bytes(tmp_path: Path, mini_out: tuple[Path, str]) -> None:
    cached, _ = mini_out
    code, output = run_cli("playbooks", "--library", str(MINI), "--out", str(tmp_path), "--only", "stage-m0",
                           "--force")
    assert code == 0, output
    assert (tmp_path / "stage-m0.pdf").read_bytes() == (cached / "stage-m0.pdf").read_bytes()


# -- errors ----------------------------------------------------------------------------------------------


def test_no_cjk_font_fails_clearly(tmp_path: Path, pinned_date: str) -> None:
    # fontconfig with no font directories at all: what a machine without fonts-noto-cjk has.
    env = {**os.environ, "FONTCONFIG_FILE": str(empty_fontconfig(tmp_path))}
    out = tmp_path / "out"
    for args in (["playbooks", "--out", str(out)], ["letter", "reminder", "--out", str(out / "r.pdf")]):
        done = subprocess.run([sys.executable, "-m", "generator", *args, "--library", str(MINI)],
                              capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 1, done.stderr
        assert "fonts-noto-cjk" in done.stderr and "简体中文" in done.stderr and "No font" not in done.stderr
        assert not out.exists() or not list(out.rglob("*.pdf"))
        done = subprocess.run([sys.executable, "-m", "generator", *args, "--library", str(MINI)],
                              capture_output=True, text=True, env={**env, "HUIKUAN_LANG": "en"}, check=False)
        assert done.returncode == 1 and "No font covering Simplified Chinese" in done.stderr, done.stderr
        assert "fonts-noto-cjk" in done.stderr and not unquoted_chinese(done.stderr), done.stderr


def test_unknown_playbook_name_is_a_usage_error() -> None:
    code, output = run_cli("playbooks", "--library", str(MINI), "--only", "m9--nobody")
    assert code == 2 and "stage-m1" in output


def test_library_with_errors_writes_nothing(tmp_path: Path) -> None:
    lib = copy_library(MINI, tmp_path / "lib")
    (lib / "scripts/m1-first-call.yaml").write_text("title: x\n", encoding="utf-8")
    code, output = run_cli("playbooks", "--library", str(lib), "--out", str(tmp_path / "out"))
    assert code == 1 and "E202" in output
    assert not (tmp_path / "out").exists()


# -- letters ----------------------------------------------------------------------------------------------


def test_letter_with_filled_values_and_blanks(tmp_path: Path, pinned_date: str) -> None:
    pdf = tmp_path / "r.pdf"
    code, output = run_cli("letter", "reminder", "--library", str(MINI), "--set", "客户名称=华东精密机械有限公司",
                           "--out", str(pdf))
    assert code == 0, output
    assert "欠款金额、到期日" in output  # what is left to fill in by hand
    text = pdftext(pdf)
    assert "华东精密机械有限公司：" in text
    assert "{客户名称}" not in text and "{欠款金额}" not in text
    letter = pdftext(pdf, 1, 1)
    assert "欠款金额" in letter and "到期日" in letter  # labels under the blanks
    note = pdftext(pdf, pages(pdf), pages(pdf))
    assert "不随函寄出" in note and "欠款金额" in note and "华东精密" not in note
    # The folio counts the pages sent: the letter, not the note kept behind (which has none).
    assert pages(pdf) == 2 and "第1页/共1页" in squash(letter) and "页/共" not in squash(note)


def test_letter_usage_errors() -> None:
    code, output = run_cli("letter", "lawyer", "--library", str(MINI))
    assert code == 2 and "reminder" in output
    code, output = run_cli("letter", "reminder", "--library", str(MINI), "--set", "客户电话=1")
    assert code == 2 and "客户名称" in output and "欠款金额" in output
    code, output = run_cli("letter", "reminder", "--library", str(MINI), "--set", "客户名称")
    assert code == 2 and "应写成 名称=值" in output
    code, output = run_cli("letter", "reminder", "--library", str(MINI), "--set", "客户名称", "--lang", "en")
    assert code == 2 and "write NAME=VALUE" in output


def typed_mini(tmp_path: Path) -> Path:
    """The mini library with its placeholders typed as the bundled one types them: an amount with
    its capitals, a date and a count, all used in the reminder letter."""
    lib = copy_library(MINI, tmp_path / "lib")
    taxonomy = lib / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace(
        "{name: 欠款金额,", "{name: 欠款金额, format: amount, capitals: 欠款金额大写,").replace(
        "{name: 到期日,", "{name: 到期日, format: date,").replace(
        "placeholders:\n", "placeholders:\n  - {name: 逾期天数, format: count, description: 天数, example: '45'}\n"),
        encoding="utf-8")
    letter = lib / "letters/reminder.yaml"
    letter.write_text(letter.read_text(encoding="utf-8").replace(
        "贵司应付款项 {欠款金额} 元将于 {到期日} 到期",
        "贵司应付款项人民币{欠款金额}元（大写：人民币{欠款金额大写}）将于{到期日}到期，现已逾期{逾期天数}天"),
        encoding="utf-8")
    return lib


def test_letter_refuses_values_not_of_their_placeholders_form(tmp_path: Path) -> None:
    lib = typed_mini(tmp_path)
    pdf = tmp_path / "r.pdf"
    bad = {"欠款金额": "一百块", "到期日": "2026-13-45", "逾期天数": "-3"}
    args = ["letter", "reminder", "--library", str(lib), "--out", str(pdf)]
    for name, value in bad.items():
        args += ["--set", f"{name}={value}"]
    code, output = run_cli(*args)
    assert code == 1, output
    assert "--set 欠款金额=一百块：不是金额；应为阿拉伯数字金额" in output
    assert "--set 到期日=2026-13-45：没有这一天；应为真实存在的日期，如 2026年9月30日" in output
    assert "--set 逾期天数=-3：不能是负数；应为不小于 0 的整数" in output
    assert "没有生成函件：3 个值不符合要求。" in output
    assert not pdf.exists()
    code, output = run_cli(*args, "--lang", "en")
    assert code == 1 and "--set 到期日=2026-13-45: there is no such day; expected a real date" in output
    for value in ("-1", "1.005", "186,400元", "¥186400", "1,86,400"):  # each refused on its own
        code, output = run_cli("letter", "reminder", "--library", str(lib), "--out", str(pdf),
                               "--set", f"欠款金额={value}")
        assert code == 1 and f"欠款金额={value}：" in output, (value, output)
    assert not pdf.exists()


def test_letter_refuses_dates_and_days_that_contradict_each_other(tmp_path: Path) -> None:
    """The taxonomy relates them: 付款期限 after 发函日期, 前次发函日期 before it, 逾期天数 the days
    from 到期日 to 发函日期. A relation is checked when all its values are given."""
    lib = copy_library(LIBRARY, tmp_path / "lib")
    letter = lib / "letters/overdue-demand-letter.yaml"
    text = letter.read_text(encoding="utf-8").replace("  - 发函日期\n", "  - 发函日期\n  - 前次发函日期\n")
    letter.write_text(text.replace("在此期间，", "我司已于{前次发函日期}书面催告，在此期间，"), encoding="utf-8")
    pdf = tmp_path / "r.pdf"

    def letter_with(*sets: str, lang: str = "zh") -> tuple[int, str]:
        return run_cli("letter", "overdue", "--library", str(lib), "--out", str(pdf), "--lang", lang,
                       *(f"--set={s}" for s in sets))

    dated = "发函日期=2026-11-15"
    for sets, said in [
        (("付款期限=2026-11-10",), "--set 付款期限=2026-11-10：不在发函日期（2026年11月15日）之后；"
                                    "应为发函日期之后的日期，或者改正发函日期。"),
        (("付款期限=2026年11月15日",), "付款期限=2026年11月15日：不在发函日期（2026年11月15日）之后"),
        (("前次发函日期=2026-11-20",), "--set 前次发函日期=2026-11-20：不在发函日期（2026年11月15日）之前"),
        (("到期日=2026-9-30", "逾期天数=45"), "--set 逾期天数=45：从到期日（2026年9月30日）到发函日期（2026年11月15日）"
                                            "是 46 天，这里写的是 45 天；应为 46，或者改正到期日或发函日期。"),
        (("到期日=2026-12-1", "逾期天数=3"),
         "--set 逾期天数=3：到期日（2026年12月1日）在发函日期（2026年11月15日）之后"),
    ]:
        code, output = letter_with(dated, *sets)
        assert code == 1 and said in output and "没有生成函件：1 个值不符合要求。" in output, output
        assert not pdf.exists()
    # Without the letter date there is nothing to compare them with: the letter is written.
    code, output = letter_with("付款期限=2026-11-10", "前次发函日期=2026-11-20", "到期日=2026-9-30", "逾期天数=45")
    assert code == 0 and pdf.is_file(), output
    pdf.unlink()
    code, output = letter_with(dated, "到期日=2026-9-30", "逾期天数=45", lang="en")
    assert code == 1 and "--set 逾期天数=45: from '到期日' ('2026年9月30日') to '发函日期' ('2026年11月15日') is 46 " \
                         "days, not 45; expected 46, or correct '到期日' or '发函日期'." in output, output
    code, output = letter_with(dated, "到期日=2026-9-30", "逾期天数=46", "付款期限=2026-11-30",
                               "前次发函日期=2026-10-8")
    assert code == 0 and pdf.is_file(), output
    text = squash(pdftext(pdf, 1, 2))
    assert "已逾期46天" in text and "2026年11月30日前" in text and "我司已于2026年10月8日书面催告" in text


def test_letter_refuses_a_placeholder_given_twice(tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    code, output = run_cli("letter", "reminder", "--library", str(MINI), "--out", str(pdf),
                           "--set", "客户名称=华东精密机械有限公司", "--set", "{客户名称}=江南重工")
    assert code == 2 and "客户名称 给了两次（'华东精密机械有限公司' 和 '江南重工'）" in output, output
    assert not pdf.exists()


def test_letter_prints_values_as_a_formal_letter_writes_them(tmp_path: Path, pinned_date: str) -> None:
    lib = typed_mini(tmp_path)
    pdf = tmp_path / "r.pdf"
    code, output = run_cli("letter", "reminder", "--library", str(lib), "--out", str(pdf),
                           "--set", "欠款金额=１２３４５６.７", "--set", "到期日=2026-9-30", "--set", "逾期天数=045")
    assert code == 0, output
    text = squash(pdftext(pdf, 1, 1))
    assert "人民币123,456.70元（大写：人民币壹拾贰万叁仟肆佰伍拾陆元柒角整）将于2026年9月30日到期，现已逾期45天" in text
    assert "欠款金额大写" not in output  # written from the amount, not left blank
    # The capitals are never typed in, and are blank (a line to write by hand) with the amount.
    code, output = run_cli("letter", "reminder", "--library", str(lib), "--out", str(pdf),
                           "--set", "欠款金额大写=壹佰元整")
    assert code == 2 and "欠款金额大写 由 欠款金额 自动生成" in output
    code, output = run_cli("letter", "reminder", "--library", str(lib), "--out", str(pdf))
    assert code == 0 and "欠款金额大写" in output.partition("留空待手写")[2], output
    # A letter that states an amount in capitals only is filled from the amount all the same.
    letter = lib / "letters/reminder.yaml"
    letter.write_text(letter.read_text(encoding="utf-8").replace("人民币{欠款金额}元（大写：人民币{欠款金额大写}）",
                                                                 "人民币{欠款金额大写}"), encoding="utf-8")
    code, output = run_cli("letter", "reminder", "--library", str(lib), "--out", str(pdf), "--set", "欠款金额=100")
    assert code == 0, output
    assert "贵司应付款项人民币壹佰元整将于" in squash(pdftext(pdf, 1, 1))


@pytest.mark.parametrize(("amount", "capitals"), [
    ("123456.7", "壹拾贰万叁仟肆佰伍拾陆元柒角整"),
    ("1005.00", "壹仟零伍元整"),  # zeros inside: one 零
    ("100000", "壹拾万元整"),  # 拾 with its figure; trailing zeros say nothing
    ("10", "壹拾元整"),
    ("1010", "壹仟零壹拾元整"),
    ("0.5", "伍角整"),  # no 元 part at all
    ("0.05", "伍分"),  # nothing after 分
    ("0", "零元整"),
    ("325.04", "叁佰贰拾伍元零肆分"),  # 角 is 0: a 零 before 分
    ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),  # the 元 figure is 0
    ("107000.53", "壹拾万柒仟元零伍角叁分"),
    ("100500", "壹拾万零伍佰元整"),  # the lower part starts short
    ("6007000", "陆佰万柒仟元整"),
    ("100000001", "壹亿零壹元整"),  # a whole 万 group of zeros: still one 零
    ("1000100000000", "壹万零壹亿元整"),
])
def test_amount_capitals(amount: str, capitals: str) -> None:
    from decimal import Decimal

    from generator.placeholders import rmb_capitals

    assert rmb_capitals(Decimal(amount)) == capitals


def test_value_formats_are_the_schemas() -> None:
    from generator.placeholders import FORMATS
    from generator.schemaset import load_schemas

    schema = load_schemas().documents["taxonomy.schema.json"]
    assert list(FORMATS) == schema["properties"]["placeholders"]["items"]["properties"]["format"]["enum"]


ISSUER = "本函由我方公司以自身名义出具；律师函只能由律师事务所接受委托后出具，公司不得以律师名义发函。"


def test_legal_letter_states_who_may_issue_it(tmp_path: Path, pinned_date: str) -> None:
    lib = copy_library(MINI, tmp_path / "lib")
    taxonomy = lib / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8").replace(
        "  - {id: reminder, name: 付款提醒函}",
        "  - {id: reminder, name: 付款提醒函}\n  - {id: legal, name: 法律催款函}"), encoding="utf-8")
    letter = yaml.safe_load((lib / "letters/reminder.yaml").read_text(encoding="utf-8"))
    letter.update(title="最后催告函", level="legal", stages=["m2"], issuer=ISSUER, subject="最后催告")
    (lib / "letters/final-notice.yaml").write_text(yaml.safe_dump(letter, allow_unicode=True), encoding="utf-8")
    pdf = tmp_path / "legal.pdf"
    code, output = run_cli("letter", "legal", "--library", str(lib), "--out", str(pdf))
    assert code == 0, output
    assert "律师函只能由律师事务所" in pdftext(pdf).replace("\n", "")
    # The same letter is the stage's letter in the m2 playbook, with the same statement.
    out = tmp_path / "out"
    code, output = run_cli("playbooks", "--library", str(lib), "--out", str(out), "--only", "stage-m2")
    assert code == 0, output
    assert "律师函只能由律师事务所" in pdftext(out / "stage-m2.pdf").replace("\n", "")


# -- the site ----------------------------------------------------------------------------------------------


def test_site_has_playbooks_and_their_index(tmp_path: Path, mini_out: tuple[Path, str]) -> None:
    root = project(tmp_path, MINI, {"index.md": "# 首页\n"}, playbooks=True)
    # The plugin's cache, seeded from the CLI run: same inputs, so nothing is rendered again.
    shutil.copytree(mini_out[0], root / ".huikuan-cache" / "playbooks")
    before = {p.name: p.stat().st_mtime_ns for p in (root / ".huikuan-cache/playbooks").glob("*.pdf")}
    code, output = build(root)
    assert code == 0, output
    site = root / "site"
    expected = {pb.slug for pb in plan(mini_library())}
    assert {p.stem for p in (site / "playbooks").glob("*.pdf")} == expected
    assert {p.stem for p in (site / "playbooks").glob("*.html")} == expected | {"index"}
    assert (site / "playbooks/stage-m1.pdf").read_bytes() == (mini_out[0] / "stage-m1.pdf").read_bytes()
    after = {p.name: p.stat().st_mtime_ns for p in (root / ".huikuan-cache/playbooks").glob("*.pdf")}
    assert after == before  # reused, not rendered again
    index = (site / "playbooks/index.html").read_text(encoding="utf-8")
    for heading in ("按阶段", "按客户类型", "阶段 × 客户类型"):
        assert heading in index
    for slug in expected:
        assert f'href="{slug}.pdf"' in index and f'href="{slug}.html"' in index, slug


def test_site_without_playbooks(tmp_path: Path) -> None:
    root = project(tmp_path, MINI, {"index.md": "# 首页\n"})  # the plugin's playbooks: false
    code, output = build(root)
    assert code == 0, output
    assert "playbooks: false" in (root / "mkdocs.yml").read_text(encoding="utf-8")
    assert not (root / "site/playbooks").exists() and not (root / ".huikuan-cache/playbooks").exists()


# -- the bundled library --------------------------------------------------------------------------------


def test_bundled_library_playbook(tmp_path: Path, bundled_check: tuple[int, list[dict]], pinned_date: str) -> None:
    if bundled_check[0] != 0:
        pytest.skip("the bundled library does not check clean yet")
    out = tmp_path / "out"
    code, output = run_cli("playbooks", "--out", str(out), "--library", str(LIBRARY), "--only", "m2--evader")
    assert code == 0, output
    pdf = out / "m2--evader.pdf"
    text = pdftext(pdf)
    for heading in ("阶段目标与语气：逾期 31–60 天", "客户类型与策略：逃避型", "通话流程与话术", "最常遇到的异议",
                    "本阶段的催收函", "上门拜访", "证据", "法律红线"):
        assert heading in text, heading
    total = pages(pdf)
    last = pdftext(pdf, total, total)
    assert last.strip().startswith("通话卡 · 逾期 31–60 天 × 逃避型") and "完整回应、判断方法" in last
    assert all(r["emb"] == "yes" for r in fonts(pdf))
    # No page spent on the tail of what came before (a checklist's last row, a handler's last
    # lines, the end of the letter chapter): what starts the next page runs on after it. The
    # page before the card is exempt: the card always has a page of its own.
    fills = body_fill(pdf)
    assert len(fills) == total
    nearly_empty = [n for n, fill in enumerate(fills[1:-2], start=2) if fill < NEARLY_EMPTY - GLYPHS_END_HIGHER]
    assert nearly_empty == [], [(n, round(fills[n - 1], 2)) for n in nearly_empty]
    code, output = run_cli("letter", "legal", "--library", str(LIBRARY), "--out", str(tmp_path / "legal.pdf"),
                           "--set", "客户名称=华东精密机械有限公司", "--set", "欠款金额=186400", "--set", "违约金=5592")
    assert code == 0, output
    letter = squash(pdftext(tmp_path / "legal.pdf"))
    assert "华东精密机械有限公司" in letter and "律师函只能由律师事务所" in letter
    # A formal letter states each amount in capitals beside the figures.
    assert "人民币186,400.00元（大写：人民币壹拾捌万陆仟肆佰元整）" in letter
    assert "人民币5,592.00元（大写：人民币伍仟伍佰玖拾贰元整）" in letter


def test_bundled_letters_end_on_a_page_with_their_text(tmp_path: Path, bundled_check: tuple[int, list[dict]],
                                                       pinned_date: str) -> None:
    """A letter's closing, signature and attachments move to the next page together, with the last
    lines of its text; a letter that fits one page stays one page."""
    if bundled_check[0] != 0:
        pytest.skip("the bundled library does not check clean yet")
    library = load_library(LIBRARY)
    for level, sent in (("overdue", 3), ("reminder", 1)):
        pdf = tmp_path / f"{level}.pdf"
        code, output = run_cli("letter", level, "--library", str(LIBRARY), "--out", str(pdf))
        assert code == 0, output
        assert pages(pdf) == sent + 1, level  # and the note, on a page of its own
        texts = [squash(pdftext(pdf, n, n)) for n in range(1, sent + 1)]
        for n, text in enumerate(texts, start=1):
            assert f"第{n}页/共{sent}页" in text, (level, n)
        entry = next(e for e in library.of_kind("letter") if e.get("level") == level)
        end = next(text for text in texts if "附件" in text)  # the page with the attachment list
        assert squash(entry.get("closing")) in end and squash(entry.get("attachments")[-1]) in end, level
        last_words = squash(entry.get("paragraphs")[-1])[-12:]  # placeholders come out as blanks
        assert last_words in end, (level, "the ending left alone on its page")
