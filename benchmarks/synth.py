"""A valid synthetic library of N entries, for the benchmarks.

    python benchmarks/synth.py --entries 5000 --out /tmp/lib5000

Entries are variations of the bundled library's own entries, so sizes, Chinese text and the
mix of kinds are realistic: each copy gets a new ID, a numbered title, lightly shuffled
variants and turns, and references re-pointed at other synthetic entries of the right kind.
Legal entries keep their rules only in the originals (a real library has a few dozen rules,
not thousands), and the taxonomy is the bundled one.
"""

from __future__ import annotations

import argparse
import copy
import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.schemaset import load_schemas  # noqa: E402

# Share of each kind in a grown library: mostly scripts and objections.
MIX = {"script": 0.46, "objection": 0.30, "case": 0.10, "checklist": 0.06, "legal": 0.04, "letter": 0.04}


def _templates(library: Path) -> dict[str, list[tuple[str, dict]]]:
    schemas = load_schemas()
    out: dict[str, list[tuple[str, dict]]] = {}
    for kind in schemas.entry_kinds:
        out[kind.id] = [(p.stem, yaml.safe_load(p.read_text(encoding="utf-8")))
                        for p in sorted((library / kind.folder).glob("*.yaml"))]
    return out


def synthesize(count: int, out: Path, library: Path = ROOT / "scripts_library", seed: int = 7) -> dict[str, int]:
    rng = random.Random(seed)
    schemas = load_schemas()
    templates = _templates(library)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copy(library / "taxonomy.yaml", out / "taxonomy.yaml")
    # How many of each kind, the originals first so every rule and reference target exists.
    counts = {kind: max(len(templates[kind]), round(count * share)) for kind, share in MIX.items()}
    counts["script"] += count - sum(counts.values())
    ids: dict[str, list[str]] = {}
    plan: list[tuple[str, str, dict, bool]] = []
    for kind, n in counts.items():
        pool = templates[kind]
        ids[kind] = []
        for i in range(n):
            stem, data = pool[i % len(pool)]
            original = i < len(pool)
            ident = stem if original else f"{stem}-s{i}"
            ids[kind].append(ident)
            plan.append((kind, ident, data, original))
    for kind, ident, data, original in plan:
        entry = copy.deepcopy(data)
        if not original:
            entry["title"] = f"{entry['title'][:70]} {ident.rsplit('-s', 1)[1]}"
            entry.pop("rule", None)
            if kind == "legal":
                entry["stance"] = "do"
            entry.pop("suppress", None)
            for key in ("variants", "tips", "lessons", "next_steps"):
                if isinstance(entry.get(key), list):
                    rng.shuffle(entry[key])
            for path, schema, value in list(schemas.walk(kind, entry)):
                ref = schema.get("x-ref")
                if ref and isinstance(value, str) and path:
                    parent = entry
                    for part in path[:-1]:
                        parent = parent[part]
                    choice = rng.choice(ids[ref])
                    parent[path[-1]] = choice if choice != ident else ids[ref][0]
            for key, value in list(entry.items()):  # a reference list must stay free of repeats
                if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                    entry[key] = list(dict.fromkeys(value))
        folder = schemas.kinds[kind].folder
        (out / folder).mkdir(exist_ok=True)
        (out / folder / f"{ident}.yaml").write_text(
            yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    counts = synthesize(args.entries, args.out, seed=args.seed)
    print(f"{sum(counts.values())} entries in {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
