"""Finder latency in headless Chromium with thousands of objections.

    python benchmarks/finder.py [--objections 5000]

Builds the finder's real index from the bundled library's objections, repeated with new IDs
and shuffled variants up to the requested count, opens the real finder script in Debian's
Chromium, types colloquial queries one character at a time, and reports the time from each
keystroke to the rendered results (the handler is synchronous, so that is the whole cost).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from browser import ARGS, CHROMIUM  # noqa: E402

from generator.pipeline import load_library  # noqa: E402
from generator.render.site.finder import PHRASE_SEPARATOR, compact, finder_answers, finder_data, script  # noqa: E402
from generator.render.site.pages import SiteOptions  # noqa: E402

QUERIES = ["最近手头有点紧", "我们老总出国了", "等到月底再看吧", "你们那批货次品太多", "钱上个礼拜就转过去了",
           "再便宜点我马上就付", "专票还没收到", "甲方一直没给我们结款", "有本事去法院告", "在开会没空说"]


def build_page(count: int, work: Path) -> Path:
    library = load_library(ROOT / "scripts_library")
    index = finder_data(library, SiteOptions())
    answers = finder_answers(library)
    rng = random.Random(3)
    base = index["items"]
    items, more = list(base), {}
    while len(items) < count:
        ident, title, category, says = rng.choice(base)
        phrases = says.split(PHRASE_SEPARATOR)
        rng.shuffle(phrases)
        new_id = f"{ident}-{len(items)}"
        items.append([new_id, f"{title} {len(items)}", category, PHRASE_SEPARATOR.join(phrases)])
        more[new_id] = answers[ident]
    index["items"] = items[:count]
    answers.update(more)
    (work / "finder-index.js").write_text(script("HK_FINDER", compact(index)), encoding="utf-8")
    (work / "finder-answers.js").write_text(script("HK_ANSWERS", answers), encoding="utf-8")
    finder_js = (ROOT / "generator/render/site/assets/finder.js").read_text(encoding="utf-8")
    (work / "finder.js").write_text(finder_js, encoding="utf-8")
    page = work / "finder.html"
    page.write_text('<!doctype html><meta charset="utf-8"><input id="finder-input"><ol id="finder-results"></ol>'
                    '<script src="finder-index.js"></script><script src="finder-answers.js"></script>'
                    '<script src="finder.js"></script>', encoding="utf-8")
    return page


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--objections", type=int, default=5000)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="huikuan-finder-"))
    page_path = build_page(args.objections, work)
    index_bytes = (work / "finder-index.js").stat().st_size
    answer_bytes = (work / "finder-answers.js").stat().st_size
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page()
        page.goto(page_path.as_uri())
        load_ms = page.evaluate("performance.now()")
        timings = page.evaluate("""queries => {
          const input = document.getElementById('finder-input'); const out = [];
          for (const q of queries) {
            input.value = '';
            for (let i = 1; i <= q.length; i++) {
              input.value = q.slice(0, i);
              const t0 = performance.now();
              input.dispatchEvent(new Event('input'));
              document.getElementById('finder-results').getBoundingClientRect();  // force layout
              out.push(performance.now() - t0);
            }
          }
          return out;
        }""", QUERIES)
        browser.close()
    timings.sort()
    p95 = timings[int(len(timings) * 0.95) - 1]
    print(f"objections: {args.objections}; index {index_bytes / args.objections:.0f} B/objection "
          f"({index_bytes / 1e3:.0f} KB), first answers {answer_bytes / args.objections:.0f} B/objection")
    print(f"page ready after {load_ms:.0f} ms; keystroke to results: median {statistics.median(timings):.1f} ms, "
          f"p95 {p95:.1f} ms, max {timings[-1]:.1f} ms over {len(timings)} keystrokes (target ≤ 50 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
