"""Hostile input: random YAML and mutated entries never crash the checker; injections stay text."""

from __future__ import annotations

import copy
import datetime as dt
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from conftest import MINI, assert_refused_in_each_language
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sitebuild import build, project

from generator.load.yaml_strict import parse_document
from generator.schemaset import load_schemas
from generator.validate import check_library

FIXED_DAY = dt.date(2026, 11, 23)

# -- property-based: no traceback, whatever the input -------------------------------------------

yaml_chars = st.sampled_from(list("abc:-[]{}&*!|>'\"#%@`,?\t\n \\~0123456789没钱<>\x00\x07\ufeff"))


@settings(max_examples=300, deadline=None)
@given(st.text(yaml_chars, max_size=120))
def test_random_text_never_raises(text: str) -> None:
    doc, problems = parse_document("r.yaml", text.encode("utf-8", errors="surrogatepass"))
    assert (doc is None) == any(p.severity == "error" for p in problems)  # a warning leaves the document
    for p in problems:
        assert p.line >= 1 and p.column >= 1 and p.message("zh") and p.message("en")


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200))
def test_random_bytes_never_raise(data: bytes) -> None:
    doc, problems = parse_document("r.yaml", data)
    assert doc is not None or problems


scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.text(max_size=8) \
    | st.sampled_from(["m1", "no-money", "{客户名称}"])
json_values = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=6), children, max_size=3),
    max_leaves=10)


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_entries_never_crash_the_check(data, tmp_path_factory) -> None:
    """Replace, delete or add one node anywhere in an entry: the check reports, never raises."""
    lib = tmp_path_factory.mktemp("mut") / "lib"
    shutil.copytree(MINI, lib)
    files = sorted(p for p in lib.rglob("*.yaml"))
    target = data.draw(st.sampled_from(files))
    entry = yaml.safe_load(target.read_text(encoding="utf-8"))
    paths = list(_paths(entry))
    path = data.draw(st.sampled_from(paths))
    action = data.draw(st.sampled_from(["replace", "delete", "add"]))
    mutated = copy.deepcopy(entry)
    if not path:
        mutated = data.draw(json_values)
    else:
        parent = mutated
        for part in path[:-1]:
            parent = parent[part]
        if action == "replace":
            parent[path[-1]] = data.draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[data.draw(st.text(min_size=1, max_size=6))] = data.draw(json_values)
        else:
            parent.append(data.draw(json_values))
    target.write_text(yaml.safe_dump(mutated, allow_unicode=True), encoding="utf-8")
    result = check_library(lib, on=FIXED_DAY)
    for d in result.diagnostics:
        assert d.line >= 1 and d.message("zh") and d.fix("zh") is not None


# -- injections stay text -----------------------------------------------------------------------

PAYLOADS = [
    "<script>window.__xss=1</script>",
    "<img src=x onerror=\"window.__xss=2\">",
    "\"><svg onload=window.__xss=3>",
    "[点我](javascript:window.__xss=4)",
    "[点我](JaVaScRiPt:window.__xss=5)",
    "![图](http://evil.example/pixel.png)",
    "<a href=\"javascript:window.__xss=6\">链接</a>",
    "{{ config }}{% raw %}",
    "{% for x in range(3) %}x{% endfor %}",
    "<iframe src=\"http://evil.example\"></iframe>",
    "' onmouseover='window.__xss=7",
    "<style>body{ display: none }</style>",
    "[x]: javascript:window.__xss=8",
    "<details open ontoggle=window.__xss=9>",
]


def _string_paths(kind: str, data) -> list[tuple]:
    schemas = load_schemas()
    out = []
    for path, schema, value in schemas.walk(kind, data):
        if isinstance(value, str) and not schema.get("x-ref") and not schema.get("x-taxonomy") \
                and not schema.get("enum") and not schema.get("x-placeholder") and schema.get("format") is None \
                and not schema.get("pattern") and path not in (("reviewed",),):
            out.append(path)
    return out


def inject(library: Path) -> int:
    """Put a payload into every free-text field of every entry; returns how many were placed."""
    schemas = load_schemas()
    placed = 0
    for kind in schemas.entry_kinds:
        for file in sorted((library / kind.folder).glob("*.yaml")):
            data = yaml.safe_load(file.read_text(encoding="utf-8"))
            for path in _string_paths(kind.id, data):
                parent = data
                for part in path[:-1]:
                    parent = parent[part]
                payload = PAYLOADS[placed % len(PAYLOADS)]
                limit = (schemas.field_schema(kind.id, path) or {}).get("maxLength", 600)
                parent[path[-1]] = (payload + " " + parent[path[-1]])[:limit]
                placed += 1
            file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return placed


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory) -> Path:
    root = project(tmp_path_factory.mktemp("inj"), MINI, {"index.md": "# 首页\n\n![[no-money]]\n"})
    assert inject(root / "scripts_library") > 40
    result = check_library(root / "scripts_library", on=FIXED_DAY)
    assert result.ok, [(d.path, d.line, d.ident) for d in result.errors]
    code, output = build(root)
    assert code == 0, output
    return root / "site"


class _Elements(HTMLParser):
    """Every element and attribute the browser would see; text stays text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        if tag == "iframe" or (tag == "img" and dict(attrs).get("src") == "x"):
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            value = (value or "").strip().lower()
            if name.startswith("on") or value.startswith("javascript:") or "evil.example" in value:
                self.found.append(f"<{tag} {name}={value[:30]}>")

    def handle_data(self, data: str) -> None:
        if self.in_script and "__xss" in data:
            self.found.append("<script>__xss")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


def test_injections_are_shown_literally(injected_site: Path) -> None:
    bad = []
    for page in injected_site.rglob("*.html"):
        parser = _Elements()
        parser.feed(page.read_text(encoding="utf-8"))
        bad.extend((page.relative_to(injected_site).as_posix(), f) for f in parser.found)
    assert bad == []
    page = (injected_site / "objections/no-money.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page or "&lt;img src=x" in page
    assert "{{ config }}" in page or "{% for x in range(3) %}" in page  # Jinja syntax printed, not run


def test_injections_do_not_execute_in_a_browser(injected_site: Path) -> None:
    sync_api = pytest.importorskip("playwright.sync_api")
    from browser import ARGS, CHROMIUM

    pages = sorted(injected_site.rglob("*.html"))
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        tab = browser.new_page()
        requests = []
        tab.on("request", lambda r: requests.append(r.url))
        for page in pages:
            tab.goto(page.as_uri())
            assert tab.evaluate("window.__xss === undefined"), page
        browser.close()
    assert not [u for u in requests if "evil.example" in u]


# -- output is atomic, sources untouched, builds reproducible -----------------------------------

def _digest_tree(root: Path) -> dict[str, bytes]:
    import hashlib

    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).digest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_sources_are_never_modified(tmp_path: Path) -> None:
    root = project(tmp_path, MINI, {"index.md": "# 首页\n\n[[no-money]]\n"})
    before = _digest_tree(root / "scripts_library"), _digest_tree(root / "content")
    assert build(root)[0] == 0
    after = _digest_tree(root / "scripts_library"), _digest_tree(root / "content")
    assert before == after


def test_builds_are_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two builds, each in its own process as a user runs them, give the same bytes."""
    import subprocess
    import sys

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    root = project(tmp_path, MINI, {"index.md": "# 首页\n\n[[no-money]]\n"})
    command = [sys.executable, "-m", "generator", "build", "--library", str(root / "scripts_library"),
               "-f", str(root / "mkdocs.yml"), "--out", str(root / "site")]
    digests = []
    for _ in range(2):
        subprocess.run(command, check=True, capture_output=True, timeout=300)
        digests.append(_digest_tree(root / "site"))
    first, second = digests
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGKILL"])
def test_an_interrupted_build_keeps_the_previous_site(tmp_path: Path, signal_name: str) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    root = project(tmp_path, MINI, {"index.md": "# 首页\n\n[[no-money]]\n"})
    assert build(root)[0] == 0
    before = _digest_tree(root / "site")
    command = [sys.executable, "-m", "generator", "build", "--library", str(root / "scripts_library"),
               "-f", str(root / "mkdocs.yml"), "--out", str(root / "site")]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    scratch = tmp_path / ".huikuan-cache"
    while not (scratch.is_dir() and any(p.name.startswith("site.building-") for p in scratch.iterdir())):
        assert proc.poll() is None and time.monotonic() < deadline, "the build never started writing"
        time.sleep(0.005)
    time.sleep(0.05)  # mid-build: MkDocs is writing pages
    proc.send_signal(getattr(signal, signal_name))
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode != 0
    assert b"Traceback" not in stderr
    assert _digest_tree(root / "site") == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("site")] == ["site"]  # no litter beside it
    if signal_name == "SIGINT":  # cleaned up on the way out; a killed build's folder waits in the cache
        assert not [p for p in scratch.iterdir() if p.name.startswith("site.building-")]
    assert os.path.isdir(root / "site")
    # the next build removes whatever a killed one could not
    assert build(root)[0] == 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith("site")] == ["site"]
    assert not [p for p in scratch.iterdir() if p.name.startswith("site.building-")]


# -- regressions found in review --------------------------------------------------------------

def test_a_waiver_does_not_break_the_next_entry(mini: Path) -> None:
    from conftest import check_json

    first = mini / "cases/case-a.yaml"  # checked before the script: cases/ sorts first
    text = first.read_text(encoding="utf-8")
    first.write_text(text.replace("outcome: 三个月内全部收回。", "outcome: 三个月内全部收回，没有找人收拾谁。")
                     .replace("owner: 培训组", "suppress:\n  - rule: CN-CRIM-293\n    field: lessons[0]\n"
                              "    reason: 只为测试豁免之后的条目照常检查。\nowner: 培训组"), encoding="utf-8")
    code, found = check_json(mini)
    assert code == 1 and {d["code"] for d in found} == {"E312"}  # the unused waiver, and no crash


def test_the_error_that_reaches_the_limit_is_reported_not_raised() -> None:
    text = "".join(f"k: {i}\n" for i in range(50)) + "z: [\n"
    doc, problems = parse_document("t.yaml", text.encode())
    assert doc is None and len(problems) == 50


def test_braces_in_a_rule_message_print_as_they_are(mini: Path) -> None:
    path = mini / "legal/no-threats.yaml"
    text = path.read_text(encoding="utf-8").replace("message: 以伤害相威胁", "message: 以伤害{威胁}相逼 {0} {x.y}")
    path.write_text(text, encoding="utf-8")
    script = mini / "scripts/m1-first-call.yaml"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "  - collector: 理解，那您看这周五之前能先安排多少？", "  - collector: 再不付就找人收拾你。"), encoding="utf-8")
    result = check_library(mini, on=FIXED_DAY)
    (finding,) = [d for d in result.diagnostics if d.ident == "CN-CRIM-293"]
    assert "以伤害{威胁}相逼 {0} {x.y}" in finding.message("zh")


def test_build_refuses_to_replace_a_folder_it_did_not_build(tmp_path: Path) -> None:
    root = project(tmp_path, MINI, {"index.md": "# 首页\n"})
    keep = root / "notes"
    keep.mkdir()
    (keep / "mine.txt").write_text("重要", encoding="utf-8")
    from conftest import run_cli

    # nor into what the build reads: the library (every later check fails), content/ (copied on)
    for out in (keep, root, root / "content", root / "scripts_library/site", root / "content/site"):
        code, output = run_cli("build", "--library", str(root / "scripts_library"), "-f", str(root / "mkdocs.yml"),
                               "--out", str(out))
        assert code == 2 and "不会" in output and "refusing" not in output, out
    assert (keep / "mine.txt").read_text(encoding="utf-8") == "重要"
    assert (root / "content/index.md").is_file() and (root / "mkdocs.yml").is_file()
    assert not (root / "scripts_library/site").exists() and not (root / "content/site").exists()
    assert not (root / "scripts_library/.huikuan-cache").exists()
    code, output = run_cli("pages", "--library", str(root / "scripts_library"), "--content", str(root / "content"),
                           "--out", str(root))
    assert code == 2 and "不会覆盖" in output and (root / "mkdocs.yml").read_text().startswith("site_name")
    library = ["--library", str(root / "scripts_library")]
    assert_refused_in_each_language(["build", *library, "-f", str(root / "mkdocs.yml"), "--out", str(keep)], 2,
                                    "不会替换", "refusing to replace")
    assert_refused_in_each_language(["build", *library, "-f", str(root / "mkdocs.yml"), "--out", str(root)], 2,
                                    "不会把网站写到", "refusing to write the site into")
    assert_refused_in_each_language(["pages", *library, "--content", str(root / "content"), "--out", str(root)], 2,
                                    "不会覆盖", "refusing to overwrite")


def test_spreadsheet_formulas_in_exports_stay_text() -> None:
    from generator.render.exports import _cell

    assert _cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert _cell(["+1", "b"]) == "'+1; b" and _cell("没钱") == "没钱"


def test_taxonomy_names_and_link_labels_are_text(tmp_path: Path) -> None:
    root = project(tmp_path, MINI, {"index.md": "# 首页\n\n[[no-money]]\n"})
    tax = root / "scripts_library/taxonomy.yaml"
    tax.write_text(tax.read_text(encoding="utf-8").replace("  - {id: phone, name: 电话}",
                                                           "  - {id: phone, name: \"x {: onclick=alert(1) }\"}"),
                   encoding="utf-8")
    obj = root / "scripts_library/objections/no-money.yaml"
    obj.write_text(obj.read_text(encoding="utf-8").replace("title: 没钱", "title: \"a](javascript:alert(1)) [b\""),
                   encoding="utf-8")
    assert build(root)[0] == 0
    channel = (root / "site/channels/phone.html").read_text(encoding="utf-8")
    assert "onclick=" not in channel.replace("{: onclick=alert(1) }", "")
    home = (root / "site/index.html").read_text(encoding="utf-8")
    assert 'href="javascript:' not in home


def test_a_fifo_in_the_library_is_a_stray_file(mini: Path) -> None:
    import os

    from conftest import check_json

    os.mkfifo(mini / "scripts/m1-pipe.yaml")
    code, found = check_json(mini)
    assert code == 1 and [d["code"] for d in found] == ["E114"]


@pytest.mark.parametrize("schema", ["", "../../schema/", "/", "x" * 5000, "../" * 2000 + "objection.schema.json",
                                    "file:///no/such/objection.schema.json", "https://", "https://x/script.schema.json?v=1#a",
                                    "..\\..\\schema\\objection.schema.json", "$schema=$schema="])
def test_any_editor_modeline_is_a_warning_at_most(mini: Path, schema: str) -> None:
    """Whatever a modeline says (too long a path, a bare slash, a URL), the check reads it without
    failing, as one warning at most."""
    from conftest import check_json

    path = mini / "objections/no-money.yaml"
    path.write_text(f"# yaml-language-server: $schema={schema}\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")
    code, found = check_json(mini)
    assert code == 0 and {d["code"] for d in found} <= {"W303"} and len(found) <= 1


def test_the_swap_is_one_atomic_exchange(tmp_path: Path) -> None:
    from generator.build import _exchange, clean_partials, swap_in

    site, partial = tmp_path / "site", tmp_path / "site.building-1"
    site.mkdir()
    (site / "page.html").write_text("old", encoding="utf-8")
    partial.mkdir()
    (partial / "page.html").write_text("new", encoding="utf-8")
    assert _exchange(partial, site)  # Linux: renameat2(RENAME_EXCHANGE)
    assert (site / "page.html").read_text() == "new" and (partial / "page.html").read_text() == "old"
    swap_in(partial, site)  # and back, through the public path
    assert (site / "page.html").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
    # a build that died between the fallback's two renames: the old site is put back
    site.rename(tmp_path / "site.old")
    clean_partials(site)
    assert (site / "page.html").read_text() == "old" and not (tmp_path / "site.old").exists()
