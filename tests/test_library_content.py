"""The bundled starter library: complete as the issue asks, and internally consistent."""

from __future__ import annotations

import re
from collections import Counter

import pytest
import yaml
from conftest import LIBRARY, ROOT

from generator.model import build_library
from generator.validate import check_library

REQUIRED_OBJECTIONS = {
    "no-money", "in-approval", "boss-unavailable", "pay-next-month", "quality-dispute", "delivery-dispute",
    "amount-dispute", "already-paid", "discount-demand", "invoice-issue", "downstream-unpaid",
    "threaten-stop-business", "sue-us-then", "wrong-person", "no-time", "installments-only",
    "emotional-outburst", "contract-unclear",
}


@pytest.fixture(scope="module")
def library():
    result = check_library(LIBRARY)
    assert result.ok, [(d.path, d.line, d.ident) for d in result.errors][:5]
    return build_library(result)


def test_counts(library) -> None:
    counts = Counter(e.kind.id for e in library.entries.values())
    assert counts["script"] >= 60 and counts["legal"] >= 15 and counts["case"] >= 8
    assert counts["letter"] >= 3 and counts["checklist"] >= 8
    objections = {e.id for e in library.of_kind("objection")}
    assert objections >= REQUIRED_OBJECTIONS and len(objections) >= len(REQUIRED_OBJECTIONS) + 7


def test_taxonomy(library) -> None:
    assert [s["id"] for s in library.terms("stages")] == ["m0", "m1", "m2", "m3", "m4", "m6"]
    assert {d["id"] for d in library.terms("debtor_types")} == {"slow-payer", "deductor", "evader", "deceiver"}
    assert {(q["willingness"], q["ability"]) for q in library.terms("quadrants")} == {
        ("high", "high"), ("high", "low"), ("low", "high"), ("low", "low")}


def test_scripts_cover_every_stage_type_pair_channel_and_step(library) -> None:
    scripts = library.of_kind("script")
    for stage in library.terms("stages"):
        for debtor in library.terms("debtor_types"):
            pair = (stage["id"], debtor["id"])
            assert library.matching("script", stages=pair[0], debtor_types=pair[1]), pair
    assert {s.get("channel") for s in scripts} == {c["id"] for c in library.terms("channels")}
    assert {step for s in scripts for step in s.get("call_steps")} == {c["id"] for c in library.terms("call_steps")}


def test_objections_have_enough_colloquial_variants(library) -> None:
    for entry in library.of_kind("objection"):
        assert len(entry.get("variants")) >= 4 and len(entry.get("responses")) >= 2 and entry.get("dont_say"), entry.id


def test_checklists_letters_cases(library) -> None:
    areas = {e.get("area") for e in library.of_kind("checklist")}
    assert areas == {a["id"] for a in library.terms("checklist_areas")}
    assert {e.get("level") for e in library.of_kind("letter")} == {"reminder", "overdue", "legal"}
    legal_letter = next(e for e in library.of_kind("letter") if e.get("level") == "legal")
    assert "律师事务所" in legal_letter.get("issuer")
    cases = library.of_kind("case")
    assert len({c.get("industry") for c in cases}) >= 6
    assert {d for c in cases for d in c.get("debtor_types")} == {"slow-payer", "deductor", "evader", "deceiver"}
    assert all(c.get("scripts") and c.get("objections") for c in cases)


def test_letters_state_each_amount_in_capitals(library) -> None:
    """A formal letter writes every sum it demands also in capitals (大写), so that the figures
    cannot be altered: the first time each amount appears, its capitals follow."""
    capitals = {p.name: p.capitals_of for p in library.placeholders.values() if p.capitals_of}
    assert capitals, "no amount placeholder declares its capitals"
    for entry in library.of_kind("letter"):
        text = "\n".join([entry.get("subject"), *entry.get("paragraphs"), *(entry.get("confirmation_slip") or [])])
        for name, amount in capitals.items():
            if "{" + amount + "}" in text:
                first = text.index("{" + amount + "}")
                assert text.find("{" + name + "}", first) - first < 30, (entry.id, amount)


def test_legal_entries_mark_binding_and_good_practice(library) -> None:
    forces = {b["force"] for e in library.of_kind("legal") for b in e.get("basis")}
    assert forces == {"binding", "good-practice"}


def test_course_has_four_modules_with_role_plays() -> None:
    for n in range(1, 5):
        text = (ROOT / f"content/course/module-{n}.md").read_text(encoding="utf-8")
        assert len(re.findall(r"\[\[[a-z0-9-]+(\|[^\]]+)?\]\]", text)) >= 5, n
        for word in ("场景", "角色", "目标", "复盘"):
            assert word in text, (n, word)


def test_every_entry_has_owner_and_review_date() -> None:
    for path in LIBRARY.glob("*/*.yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert data.get("owner") and re.match(r"\d{4}-\d{2}-\d{2}$", str(data.get("reviewed"))), path
