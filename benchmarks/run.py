"""Performance benchmarks: check and build time per entry, output size, finder speed.

    python benchmarks/run.py                 # N = 500, 2000, 5000, plus the plain-MkDocs ratio
    python benchmarks/run.py --sizes 500     # quicker

Prints a Markdown table; paste it with the command line into benchmarks/RESULTS.md. Times are
wall-clock on this machine and are reported, never asserted by the tests.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import yaml  # noqa: E402
from synth import synthesize  # noqa: E402

from generator.validate import check_library  # noqa: E402

HUIKUAN = [sys.executable, "-m", "generator"]


def tree_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def project(work: Path, library: Path) -> Path:
    """A project around a library: the repository's mkdocs.yml without its nav and without
    playbooks (their number does not grow with the library), and a one-line home page."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.split("\nnav:")[0]
    text = text.replace("      library: scripts_library", f"      library: {library}\n      playbooks: false")
    (work / "mkdocs.yml").write_text(text, encoding="utf-8")
    (work / "content").mkdir(exist_ok=True)
    (work / "content/index.md").write_text("# 回款话术库\n", encoding="utf-8")
    return work


def timed(command: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    proc = subprocess.run(command, cwd=cwd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{proc.stdout}\n{proc.stderr}")
    return time.perf_counter() - start


def bench_size(n: int, work: Path) -> dict:
    library = work / f"lib{n}"
    synthesize(n, library)
    start = time.perf_counter()
    result = check_library(library)
    check_s = time.perf_counter() - start
    assert result.ok, result.errors[:3]
    check_cli_s = timed([*HUIKUAN, "check", "--library", str(library)], work)
    site_dir = work / f"site{n}"
    (work / f"p{n}").mkdir()
    proj = project(work / f"p{n}", library)
    build_s = timed([*HUIKUAN, "build", "--library", str(library), "-f", str(proj / "mkdocs.yml"),
                     "--out", str(site_dir)], work)
    size = tree_size(site_dir)
    search = (site_dir / "search/search_index.js").stat().st_size  # the one copy the site keeps
    finder = (site_dir / "assets/huikuan/finder-index.js").stat().st_size
    answers = (site_dir / "assets/huikuan/finder-answers.js").stat().st_size
    objections = len(list((library / "objections").glob("*.yaml")))
    return {"n": n, "check_s": check_s, "check_cli_s": check_cli_s, "build_s": build_s,
            "build_ms_per_entry": build_s * 1000 / n, "site_mb": size / 1e6, "site_kb_per_entry": size / 1e3 / n,
            "search_kb": search / 1e3, "finder_kb": finder / 1e3, "finder_b_per_objection": finder / objections,
            "answers_b_per_objection": answers / objections,
            "objections": objections}


def plain_mkdocs(n: int, work: Path) -> dict:
    """The same library the plain way: one Markdown page per entry, MkDocs' default navigation."""
    library = work / f"lib{n}"
    if not library.exists():
        synthesize(n, library)
    proj = work / f"plain{n}"
    docs = proj / "docs"
    docs.mkdir(parents=True)
    (docs / "index.md").write_text("# 回款话术库\n", encoding="utf-8")
    for path in sorted(library.glob("*/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        body = [f"# {data['title']}", ""]
        for key, value in data.items():
            if key != "title":
                body += [f"## {key}", "", "```yaml", yaml.safe_dump(value, allow_unicode=True), "```", ""]
        (docs / path.parent.name).mkdir(exist_ok=True)
        (docs / path.parent.name / f"{path.stem}.md").write_text("\n".join(body), encoding="utf-8")
    (proj / "mkdocs.yml").write_text("site_name: plain\ntheme:\n  name: material\n  font: false\n", encoding="utf-8")
    build_s = timed([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(proj / "mkdocs.yml")], proj)
    return {"n": n, "build_s": build_s, "site_mb": tree_size(proj / "site") / 1e6}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000, 5000])
    parser.add_argument("--plain", type=int, default=1000, help="entries for the plain-MkDocs comparison (0: skip)")
    parser.add_argument("--keep", type=Path, help="keep the work folder here")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="huikuan-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1795000000")
    rows = [bench_size(n, work) for n in args.sizes]
    print(f"machine: {os.cpu_count()} cores; python {sys.version.split()[0]}\n")
    print("| entries | check (in-process) | check (CLI) | site build | build ms/entry | site MB | KB/entry "
          "| search index KB | finder index KB | finder index B/objection | first answers B/objection |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['n']} | {r['check_s']:.2f} s | {r['check_cli_s']:.2f} s | {r['build_s']:.1f} s | "
              f"{r['build_ms_per_entry']:.1f} | {r['site_mb']:.1f} | {r['site_kb_per_entry']:.1f} | "
              f"{r['search_kb']:.0f} | {r['finder_kb']:.0f} | {r['finder_b_per_objection']:.0f} | "
              f"{r['answers_b_per_objection']:.0f} |")
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        print(f"\nper-entry build cost at {last['n']} vs {first['n']}: "
              f"{last['build_ms_per_entry'] / first['build_ms_per_entry']:.2f}x (target ≤ 1.25x)")
    if args.plain:
        plain = plain_mkdocs(args.plain, work)
        ours = next((r for r in rows if r["n"] == args.plain), None) or bench_size(args.plain, work)
        print(f"\nplain MkDocs, {args.plain} entries, one page each with default navigation: "
              f"{plain['build_s']:.1f} s, {plain['site_mb']:.0f} MB")
        print(f"huikuan, {args.plain} entries: {ours['build_s']:.1f} s, {ours['site_mb']:.0f} MB → "
              f"{plain['build_s'] / ours['build_s']:.1f}x faster, {plain['site_mb'] / ours['site_mb']:.1f}x smaller "
              "(targets ≥ 4x, ≥ 10x)")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(rows), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
