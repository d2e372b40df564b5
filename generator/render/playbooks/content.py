"""What goes into a playbook: the model entries for one stage, one debtor type, or a pair.

Selection works on taxonomy values and references only; which fields are shown is the
templates' business. Rankings are explained where they are made, because a trainer will ask
why an objection made the call card and another did not.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.model import Entry, Library

# Checklist areas (taxonomy ``checklist_areas`` values) a playbook prints in full.
CHECKLIST_AREAS = ("evidence", "visit")
# Full objection handlers per playbook; the rest of the matching ones get one line each.
MAX_HANDLERS = 8


@dataclass(frozen=True, eq=False)  # the taxonomy terms are dicts: identity, not field, hashing
class Playbook:
    """One printable playbook: a stage, a debtor type, or a stage × debtor-type pair."""

    stage: dict[str, Any] | None
    debtor_type: dict[str, Any] | None

    @property
    def group(self) -> str:
        if self.stage and self.debtor_type:
            return "pair"
        return "stage" if self.stage else "type"

    @property
    def slug(self) -> str:
        # IDs never contain "--", so the pair name cannot collide with another playbook's.
        if self.stage and self.debtor_type:
            return f"{self.stage['id']}--{self.debtor_type['id']}"
        if self.stage:
            return f"stage-{self.stage['id']}"
        assert self.debtor_type
        return f"type-{self.debtor_type['id']}"

    @property
    def title(self) -> str:
        names = [t["name"] for t in (self.stage, self.debtor_type) if t]
        return " × ".join(names)

    def axes(self) -> dict[str, str]:
        """The ``Library.matching`` filter for this playbook."""
        axes = {}
        if self.stage:
            axes["stages"] = self.stage["id"]
        if self.debtor_type:
            axes["debtor_types"] = self.debtor_type["id"]
        return axes


def plan(library: Library) -> list[Playbook]:
    """Every playbook, in the order the index page lists them."""
    stages, types = library.terms("stages"), library.terms("debtor_types")
    return ([Playbook(s, None) for s in stages] + [Playbook(None, t) for t in types]
            + [Playbook(s, t) for s in stages for t in types])


@dataclass
class ScriptGroup:
    heading: str
    note: str
    scripts: list[Entry]


@dataclass
class CardRow:
    objection: Entry
    answer: str


@dataclass
class Content:
    playbook: Playbook
    stages: list[dict[str, Any]]  # the stage, or all stages for a debtor-type playbook
    debtor_types: list[dict[str, Any]]  # the type, or all types for a stage playbook
    quadrants: list[list[dict[str, Any]]]  # 2 × 2: willingness high/low × ability high/low
    script_groups: list[ScriptGroup]
    scripts_fallback: bool  # no script for the pair: the stage's scripts are listed instead
    handlers: list[Entry]
    more_objections: list[Entry]
    letter: Entry | None
    other_letters: list[Entry]
    letters_overview: list[Entry]
    checklists: list[Entry]
    legal: list[Entry]
    card: list[CardRow] = field(default_factory=list)
    card_legal: list[Entry] = field(default_factory=list)


def _index(library: Library, list_name: str) -> dict[str, int]:
    return {t["id"]: i for i, t in enumerate(library.terms(list_name))}


def _first(values: list[str] | None, order: dict[str, int]) -> int:
    return min((order.get(v, len(order)) for v in values or []), default=len(order))


def call_order(library: Library, scripts: list[Entry]) -> list[Entry]:
    """Scripts in call order: by the first and last call step they cover, then stage and ID."""
    steps, stages = _index(library, "call_steps"), _index(library, "stages")

    def key(s: Entry) -> tuple:
        covered = [steps.get(c, len(steps)) for c in s.get("call_steps") or []]
        return (min(covered, default=len(steps)), max(covered, default=len(steps)),
                _first(s.get("stages"), stages), s.id)

    return sorted(scripts, key=key)


def _script_groups(library: Library, pb: Playbook, scripts: list[Entry]) -> list[ScriptGroup]:
    ordered = call_order(library, scripts)
    if pb.stage is None:  # a debtor type across all stages: a chapter per stage, call order within
        stages = _index(library, "stages")
        groups = []
        for stage in library.terms("stages"):
            members = [s for s in ordered if _first(s.get("stages"), stages) == stages[stage["id"]]]
            if members:
                groups.append(ScriptGroup(stage["name"], stage.get("tone", ""), members))
        return groups
    groups = []
    for step in library.terms("call_steps"):
        members = [s for s in ordered if (s.get("call_steps") or [None])[0] == step["id"]]
        if members:
            groups.append(ScriptGroup(f"从“{step['name']}”开始", step.get("description", ""), members))
    return groups


# What shows how often collectors meet an objection: the calls (scripts) and the collections
# told from start to end (cases) that lead to its handler.
EVIDENCE_KINDS = ("script", "case")
# The weight of a script or case one step away from the playbook: a neighbouring stage, or
# another debtor type. Two stages away counts a quarter, and so on.
NEARBY = 0.5


def rank_objections(library: Library, pb: Playbook, scripts: list[Entry]) -> list[Entry]:
    """The objections that matter most for a playbook, best first.

    1. Tier: handlers declared for the playbook's stage and/or type come first, then those the
       playbook's scripts lead to, then (for a pair) those for the stage alone and for the type
       alone: a stage or pair with few handlers of its own still gets a useful call card.
    2. How often collectors meet it in calls like this playbook's: the scripts and cases of the
       whole library that lead to the handler, each weighted by how close it is to the playbook
       (1 for this stage and type, ½ for the next stage or another type, ¼ two stages away).
       Everyday objections (没钱, 下个月再付) come up in every stage, so many scripts lead to
       them and they come first wherever they apply; applying to many stages is what makes them
       everyday, so it is not held against them. Stages are a time line, so M1 and M3 calls say
       something about M2, but a stage's own scripts count most: what is typical of it (律师函
       talk in M4) still rises.
    3. Category order in the taxonomy, then ID, so the result is stable.
    """
    tiers: list[list[Entry]] = [library.matching("objection", **pb.axes()),
                                [o for s in scripts for o in library.references(s, "objection")]]
    if pb.stage and pb.debtor_type:
        tiers.append(library.matching("objection", stages=pb.stage["id"]))
        tiers.append(library.matching("objection", debtor_types=pb.debtor_type["id"]))
    categories, stages = _index(library, "objection_categories"), _index(library, "stages")

    def closeness(evidence: Entry) -> float:
        weight = 1.0
        if pb.stage and evidence.get("stages"):  # none: it applies to every stage
            here = stages[pb.stage["id"]]
            weight *= NEARBY ** min(abs(stages[s] - here) for s in evidence.get("stages"))
        if pb.debtor_type and evidence.get("debtor_types") and pb.debtor_type["id"] not in evidence.get("debtor_types"):
            weight *= NEARBY
        return weight

    met = {o.id: sum(closeness(e) for kind in EVIDENCE_KINDS for e in library.references(o, kind))
           for o in library.of_kind("objection")}

    def key(o: Entry) -> tuple:
        return (-met[o.id], categories.get(o.get("category"), len(categories)), o.id)

    ranked: list[Entry] = []
    for tier in tiers:
        ranked += sorted({o.id: o for o in tier if o not in ranked}.values(), key=key)
    return ranked


def _stage_applies(entry: Entry, stage: dict[str, Any] | None) -> bool:
    """An entry without stages applies to every stage (the schema says so for these kinds)."""
    return stage is None or not entry.get("stages") or stage["id"] in entry.get("stages")


def _letters(library: Library, pb: Playbook) -> tuple[Entry | None, list[Entry], list[Entry]]:
    levels = _index(library, "letter_levels")
    letters = sorted(library.of_kind("letter"), key=lambda e: (levels.get(e.get("level"), len(levels)), e.id))
    if pb.stage is None:
        return None, [], letters
    here = [e for e in letters if pb.stage["id"] in (e.get("stages") or [])]
    # Letters escalate in order and a stage never skips one: the lowest level that is used in
    # this stage is the one to send; the others are named beside it.
    return (here[0] if here else None), here[1:], []


def _legal(library: Library, pb: Playbook, related: list[Entry]) -> list[Entry]:
    """Red lines (stance dont) before duties, errors before warnings, the most mentioned first."""
    mentioned: dict[str, int] = {}
    for entry in related:
        for other in library.references(entry, "legal"):
            mentioned[other.id] = mentioned.get(other.id, 0) + 1

    def key(e: Entry) -> tuple:
        severity = (e.get("rule") or {}).get("severity")
        return (e.get("stance") != "dont", severity != "error", -mentioned.get(e.id, 0), e.id)

    return sorted((e for e in library.of_kind("legal") if _stage_applies(e, pb.stage)), key=key)


def _quadrants(library: Library) -> list[list[dict[str, Any]]]:
    grid = []
    for willingness in ("high", "low"):
        row = []
        for ability in ("high", "low"):
            q = next((q for q in library.terms("quadrants")
                      if q["willingness"] == willingness and q["ability"] == ability), None)
            types = [t for t in library.terms("debtor_types")
                     if t["willingness"] == willingness and t["ability"] == ability]
            row.append({"willingness": willingness, "ability": ability, "quadrant": q, "types": types})
        grid.append(row)
    return grid


def card_answer(objection: Entry) -> str:
    """The one line for the call card: the first probing question, what to say before knowing
    which situation applies. A response's line is printed there without its situation, and the
    first situation is often "the complaint is true" (its line concedes: 这次交期确实是我们的
    问题), so it is the card's line only for an objection without questions."""
    probe = (objection.get("diagnosis") or {}).get("probe") or []
    if probe:
        return probe[0]
    responses = objection.get("responses") or []
    return responses[0]["lines"][0] if responses and responses[0].get("lines") else objection.get("says", "")


def build_content(library: Library, pb: Playbook) -> Content:
    scripts = library.matching("script", **pb.axes())
    fallback = False
    if not scripts and pb.stage and pb.debtor_type:
        scripts, fallback = library.matching("script", stages=pb.stage["id"]), True
    ranked = rank_objections(library, pb, scripts)
    handlers = ranked[:MAX_HANDLERS]
    letter, other_letters, overview = _letters(library, pb)
    checklists = [c for c in library.of_kind("checklist")
                  if c.get("area") in CHECKLIST_AREAS and _stage_applies(c, pb.stage)]
    areas = {a: i for i, a in enumerate(CHECKLIST_AREAS)}
    checklists.sort(key=lambda c: (areas[c.get("area")], c.id))
    legal = _legal(library, pb, [*scripts, *handlers, *([letter] if letter else [])])
    return Content(
        playbook=pb,
        stages=[pb.stage] if pb.stage else library.terms("stages"),
        debtor_types=[pb.debtor_type] if pb.debtor_type else library.terms("debtor_types"),
        quadrants=_quadrants(library),
        script_groups=_script_groups(library, pb, scripts),
        scripts_fallback=fallback,
        handlers=handlers,
        more_objections=ranked[MAX_HANDLERS:],
        letter=letter, other_letters=other_letters, letters_overview=overview,
        checklists=checklists,
        legal=legal,
        card=[CardRow(o, card_answer(o)) for o in ranked],
        card_legal=[e for e in legal if e.get("stance") == "dont"],
    )
