"""A valid synthetic library of N entries, for the benchmarks.

    python benchmarks/synth.py --entries 5000 --out /tmp/lib5000

Entries are variations of the bundled library's own entries, so sizes, Chinese text and the
mix of kinds are realistic: each copy gets a new ID, a numbered title, lightly shuffled
variants and turns, and references re-pointed at other synthetic entries of the right kind.
Legal entries keep their rules only in the originals (a real library has a few dozen rules,
not thousands), and the taxonomy is the bundled one.

Copies also vary their wording: in most runs of Chinese characters one word is replaced by
another of the same length from the library's own vocabulary. Without that, a copy repeats its
original's sentences exactly, and the build, which segments each distinct run once, would be
measured on a library whose runs are 90 % repeats; the bundled library's are 30 %, these
about 50 % (``repeated_runs`` measures it: a large library repeats its stock phrases more). A
copy whose varied wording the check remarks on (a compliance rule matching a new combination,
say) is written unvaried.
"""

from __future__ import annotations

import argparse
import copy
import datetime as dt
import os
import random
import re
import shutil
import sys
from collections.abc import Iterable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.schemaset import SchemaSet, load_schemas, schema_dir  # noqa: E402
from generator.validate import check_library  # noqa: E402

# Share of each kind in a grown library: mostly scripts and objections.
MIX = {"script": 0.46, "objection": 0.30, "case": 0.10, "checklist": 0.06, "legal": 0.04, "letter": 0.04}
# How often a run of Chinese characters in a copy gets a word replaced.
VARY = 0.9
_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
# Values that name something (IDs, taxonomy values, dates, patterns) keep their wording.
_FIXED = ("x-ref", "x-taxonomy", "x-placeholder", "enum", "format", "pattern", "const")


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def repeated_runs(texts: Iterable[str]) -> float:
    """The share of runs of Chinese characters that repeat an earlier run exactly."""
    runs = [run for text in texts for run in _HAN_RUN.findall(text)]
    return 1 - len(set(runs)) / len(runs) if runs else 0.0


def review_date(templates: dict[str, list[tuple[str, dict]]]) -> dt.date | None:
    """The newest review date of the library: the day the synthetic library is checked as of."""
    return max((dt.date.fromisoformat(str(data["reviewed"])) for pool in templates.values()
                for _, data in pool if data.get("reviewed")), default=None)


def _vocabulary(templates: dict[str, list[tuple[str, dict]]]) -> dict[int, list[str]]:
    """The library's words of two to four characters, by length (jieba's segmentation)."""
    import jieba

    words: set[str] = set()
    for pool in templates.values():
        for _, data in pool:
            for text in _strings(data):
                for run in _HAN_RUN.findall(_PLACEHOLDER.sub(" ", text)):
                    words.update(w for w in jieba.cut(run) if 2 <= len(w) <= 4)
    by_length: dict[int, list[str]] = {}
    for word in sorted(words):
        by_length.setdefault(len(word), []).append(word)
    return by_length


def _varied(text: str, vocabulary: dict[int, list[str]], rng: random.Random) -> str:
    import jieba

    def vary(match: re.Match[str]) -> str:
        run = match.group(0)
        if rng.random() >= VARY:
            return run
        words = list(jieba.cut(run))
        places = [i for i, w in enumerate(words) if len(w) in vocabulary]
        if not places:
            return run
        place = rng.choice(places)
        words[place] = rng.choice(vocabulary[len(words[place])])
        return "".join(words)

    # Placeholders ({联系人}) are names the taxonomy declares: only the text between them varies.
    pieces = _PLACEHOLDER.split(text)
    names = _PLACEHOLDER.findall(text)
    varied = [_HAN_RUN.sub(vary, piece) for piece in pieces]
    return "".join(part for pair in zip(varied, [*names, ""], strict=True) for part in pair)


def _vary_wording(kind: str, entry: dict, schemas: SchemaSet, vocabulary: dict[int, list[str]],
                  rng: random.Random) -> None:
    for path, schema, value in list(schemas.walk(kind, entry)):
        if not isinstance(value, str) or not path or any(key in schema for key in _FIXED):
            continue
        parent = entry
        for part in path[:-1]:
            parent = parent[part]
        parent[path[-1]] = _varied(value, vocabulary, rng)


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
    vocabulary = _vocabulary(templates)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    # The taxonomy as it is, but for its editor modeline: from here, the schema is elsewhere.
    taxonomy = (library / "taxonomy.yaml").read_text(encoding="utf-8")
    schema = os.path.relpath(str(schema_dir() / "taxonomy.schema.json"), out.resolve())
    (out / "taxonomy.yaml").write_text(re.sub(r"(?m)(\$schema=)\S+", lambda m: m.group(1) + Path(schema).as_posix(),
                                              taxonomy, count=1), encoding="utf-8")
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
    unvaried: dict[tuple[str, str], dict] = {}  # each copy before its wording varied
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
            unvaried[(kind, ident)] = copy.deepcopy(entry)
            _vary_wording(kind, entry, schemas, vocabulary, rng)
        _write(out, schemas.kinds[kind].folder, ident, entry)
    # A copy the check has anything to say about (a warning too) is written unvaried, until the
    # check is silent. Checked as of the newest review date in the library, so that the output
    # does not depend on the day it is made (reviews fall due with time).
    on = review_date(templates)
    for _ in range(3):
        rejected = {Path(d.path).resolve() for d in check_library(out, on=on).diagnostics}
        if not rejected:
            return counts
        for (kind, ident), entry in list(unvaried.items()):
            folder = schemas.kinds[kind].folder
            if (out / folder / f"{ident}.yaml").resolve() in rejected:
                _write(out, folder, ident, entry)
                del unvaried[(kind, ident)]
    raise SystemExit(f"synth: the synthetic library in {out} does not pass the check as of {on}")


def _write(out: Path, folder: str, ident: str, entry: dict) -> None:
    (out / folder).mkdir(exist_ok=True)
    (out / folder / f"{ident}.yaml").write_text(
        yaml.safe_dump(entry, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")


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
