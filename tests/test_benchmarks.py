"""The benchmarks' synthetic library: valid, in the issue's proportions, and not a copy."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml
from conftest import LIBRARY, ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from synth import _strings, _templates, repeated_runs, review_date, synthesize

from generator.validate import check_library


def _texts(library: Path) -> list[str]:
    return [s for p in sorted(library.rglob("*.yaml")) for s in _strings(yaml.safe_load(p.read_text(encoding="utf-8")))]


def test_synthetic_library_is_valid_and_varies_its_wording(tmp_path: Path) -> None:
    counts = synthesize(400, tmp_path / "lib")
    assert sum(counts.values()) == 400 and counts["script"] > counts["objection"] > counts["case"]
    result = check_library(tmp_path / "lib", on=review_date(_templates(LIBRARY)))
    assert result.ok and not result.diagnostics  # not even a warning (as of the library's reviews)
    kinds = Counter(p.parent.name for p in (tmp_path / "lib").rglob("*.yaml") if p.name != "taxonomy.yaml")
    assert sum(kinds.values()) == 400
    # Copies reword their originals: far fewer repeated runs than copies verbatim (~0.75 at 400),
    # while placeholders stay the taxonomy's (the check above would flag an unknown one).
    bundled, synthetic = repeated_runs(_texts(LIBRARY)), repeated_runs(_texts(tmp_path / "lib"))
    assert bundled < synthetic < 0.6
    # deterministic for a seed: the benchmarks compare runs of the same library
    synthesize(400, tmp_path / "again")
    assert _texts(tmp_path / "again") == _texts(tmp_path / "lib")
