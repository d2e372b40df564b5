"""Pass 1 and pass 2 on small libraries, and the check command's contract."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI, ROOT, check_json, check_report, run_cli, unquoted_chinese

from generator.schemaset import load_schemas
from generator.validate import check_library


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_mini_library_is_clean() -> None:
    result = check_library(MINI, on=dt.date(2026, 11, 23))
    assert result.diagnostics == []
    assert len(result.loaded) == 6


def test_all_errors_of_one_file_are_reported(mini: Path) -> None:
    edit(mini / "objections/no-money.yaml", "category: cash-flow", "category: [cash-flow]\ncolour: red")
    edit(mini / "objections/no-money.yaml", "stages: [m1, m2]", "stages: m1")
    _, found = check_json(mini)
    codes = sorted(d["code"] for d in found if d["path"].endswith("no-money.yaml"))
    assert codes == ["E201", "E203", "E203"]


def test_unknown_field_points_at_the_key_and_suggests(mini: Path) -> None:
    """A misspelt field is unknown and leaves a required one missing: one cause, reported once,
    as the misspelling, whose fix names the field. A field simply left out is still missing."""
    edit(mini / "scripts/m1-first-call.yaml", "goal:", "gaol:")
    code, found = check_json(mini)
    (unknown,) = found
    assert code == 1 and unknown["code"] == "E201" and (unknown["line"], unknown["column"]) == (7, 1)
    assert "是不是想写 'goal'" in unknown["fix"]
    edit(mini / "scripts/m1-first-call.yaml", "gaol: 拿到具体的付款日期\n", "")
    code, found = check_json(mini)
    (missing,) = found
    assert code == 1 and missing["code"] == "E202" and missing["line"] == 1 and "goal" in missing["message"]


@pytest.mark.parametrize(("file", "old", "new", "reported", "explained"), [
    # a date in the wrong format breaks the date pattern too; the date's fix covers both
    ("cases/case-a.yaml", 'reviewed: "2026-11-01"', 'reviewed: "2026/11/01"', "E208", "E205"),
    # a TODO left in a taxonomy value is not a value the taxonomy declares either
    ("scripts/m1-first-call.yaml", "channel: phone", "channel: TODO", "E310", "E304"),
    # nor an entry a reference can find
    ("cases/case-a.yaml", "objections: [no-money]", "objections: [TODO]", "E310", "E302"),
])
def test_one_cause_is_one_finding(mini: Path, file: str, old: str, new: str, reported: str,
                                  explained: str) -> None:
    edit(mini / file, old, new)
    code, found = check_json(mini)
    (finding,) = found
    assert code == 1 and finding["code"] == reported, found
    assert explained not in {d["code"] for d in found}


def test_a_todo_inside_text_does_not_hide_what_else_is_wrong_with_it(mini: Path) -> None:
    """Only a value that is still the template's TODO has nothing else to say; text with a TODO
    in it can also name a placeholder nobody declared."""
    edit(mini / "scripts/m1-first-call.yaml", "owner:", "tips:\n  - TODO 先问 {客户名字} 的回款日\nowner:")
    code, found = check_json(mini)
    assert code == 1 and sorted(d["code"] for d in found) == ["E307", "E310"], found


def test_a_file_in_another_kinds_folder_gets_one_finding_and_the_git_mv(mini: Path,
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """An objection saved in scripts/: not a flood of unknown and missing script fields, but
    where it belongs and the command that puts it there; the rest is checked as an objection."""
    repo = mini.parent  # a repository with the library in it, as contributors have
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "lib"], check=True)
    subprocess.run(["git", "-C", str(repo), "mv", "lib/objections/no-money.yaml", "lib/scripts/"], check=True)
    monkeypatch.chdir(repo)
    code, found = check_json(Path("lib"))
    (misplaced,) = found  # and no E303 from case-a, whose objections: [no-money] means this file
    assert code == 1 and misplaced["code"] == "E123" and (misplaced["line"], misplaced["column"]) == (1, 1)
    assert misplaced["path"] == "lib/scripts/no-money.yaml"
    assert misplaced["message"].startswith("这个文件像是 objection（异议处理），应放在 objections/ 下：says、variants")
    command = misplaced["fix"].split("（")[0].split()
    assert command == ["git", "mv", "lib/scripts/no-money.yaml", "lib/objections/no-money.yaml"]
    # a slip of its own is reported against the objection schema, after the one real fix
    edit(mini / "scripts/no-money.yaml", "next_steps:", "next_step:")
    _, found = check_json(mini)
    assert [d["code"] for d in found] == ["E123", "E201"] and "next_steps" in found[1]["fix"]
    edit(mini / "scripts/no-money.yaml", "next_step:", "next_steps:")
    _, output = run_cli("check", "--library", str(mini), "--lang", "en")
    assert "looks like objection (objection handler), which belongs in objections/" in output
    subprocess.run(command, check=True)  # the fix, exactly as given
    assert check_json(mini) == (0, [])


def test_an_entry_at_the_library_root_gets_the_git_mv_to_its_kinds_folder(mini: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """An objection saved one folder too high: E114 names the command that puts it in objections/,
    as E123 does for one in another kind's folder; a file whose fields tell no kind gets the
    general hint, and one whose place is taken is not told to overwrite it."""
    repo = mini.parent
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    subprocess.run(["git", "-C", str(repo), "add", "lib"], check=True)
    subprocess.run(["git", "-C", str(repo), "mv", "lib/objections/no-money.yaml", "lib/No Money.yaml"], check=True)
    (mini / "notes.yml").write_text("title: 随手记\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    code, found = check_json(Path("lib"))
    stray = {d["path"]: d for d in found if d["code"] == "E114"}
    assert code == 1 and set(stray) == {"lib/No Money.yaml", "lib/notes.yml"}, found
    assert stray["lib/No Money.yaml"]["fix"] == ("它像是 objection（异议处理）：git mv 'lib/No Money.yaml' "
                                                 "lib/objections/no-money.yaml（文件还没有 git add 过时用 mv）")
    assert stray["lib/notes.yml"]["fix"].startswith("把它移到对应的文件夹（")
    _, output = run_cli("check", "--library", "lib", "--lang", "en")
    assert ("it looks like objection (objection handler): git mv 'lib/No Money.yaml' lib/objections/no-money.yaml "
            "(plain mv if git does not track the file yet)") in output
    shutil.copy(mini / "No Money.yaml", mini / "objections/no-money.yaml")
    _, found = check_json(Path("lib"))
    (taken,) = [d for d in found if d["path"] == "lib/No Money.yaml"]
    assert "lib/objections/no-money.yaml 已经存在" in taken["fix"] and "git mv" not in taken["fix"]
    (mini / "objections/no-money.yaml").unlink()
    (mini / "notes.yml").unlink()
    subprocess.run(shlex.split(stray["lib/No Money.yaml"]["fix"].split("：", 1)[1].split("（")[0]), check=True)
    assert check_json(Path("lib")) == (0, [])


def test_a_duplicate_in_a_taxonomy_list_is_said_at_the_second_with_a_fix_for_it(mini: Path) -> None:
    """Not E301, whose fix is to rename a file: the item to merge or rename, where it is."""
    edit(mini / "taxonomy.yaml", "  - {id: wechat, name: 微信}",
         "  - {id: wechat, name: 微信}\n  - {id: phone, name: 座机}")
    edit(mini / "taxonomy.yaml", "  - {name: 到期日,",
         "  - {name: 客户名称, description: 客户, example: 某公司}\n  - {name: 到期日,")
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["line"], d["column"], d["field"]) for d in found] == [
        ("E319", 42, 10, "channels[2].id"), ("E319", 55, 12, "placeholders[2].name")], found
    channel, placeholder = found
    assert channel["message"] == "channels 里已经有 id 为 'phone' 的一项（第 40 行）"
    assert channel["fix"] == "两项说的是同一回事就合并成一项，删掉这一项；不是的话，给这一项换一个 id"
    assert placeholder["message"] == "placeholders 里已经有 name 为 '客户名称' 的一项（第 53 行）"
    _, found = check_json(mini, "--lang", "en")
    assert found[0]["message"] == "channels already has an item with id 'phone' (line 40)"
    assert found[1]["fix"] == ("if the two mean the same, merge them and delete this one; "
                               "if not, give this one another name")


def test_a_half_written_entry_is_not_taken_for_another_kind(mini: Path) -> None:
    """Missing fields, or a field another kind has, do not make a script anything but a script."""
    edit(mini / "scripts/m1-first-call.yaml", "goal: 拿到具体的付款日期\n", "next_steps: [书面确认付款日期]\n")
    _, found = check_json(mini)
    assert sorted(d["code"] for d in found) == ["E201", "E202"]


def test_an_invalid_review_interval_judges_no_entry_overdue(mini: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """review_interval_days: -5 is an error; with it, every entry would be 'past its review'."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime(2026, 12, 15, tzinfo=dt.UTC).timestamp())))
    edit(mini / "taxonomy.yaml", "review_interval_days: 365", "review_interval_days: -5")
    code, found = check_json(mini)
    (invalid,) = found
    assert code == 1 and invalid["code"] == "E210" and invalid["field"] == "review_interval_days"
    code, output = run_cli("stale", "--library", str(mini))
    assert code == 0 and "没有待复审的条目" in output and "review_interval_days 无效" in output
    assert "-5" not in output
    edit(mini / "taxonomy.yaml", "review_interval_days: -5", "review_interval_days: 30")
    code, found = check_json(mini)  # a valid one still judges
    assert code == 0 and [d["code"] for d in found] == ["W301"] * 6 and "30 天" in found[0]["message"]


WAIVER = ("suppress:\n  - rule: CN-CRIM-293\n    field: lessons[0]\n"
          "    reason: 课堂上用来说明这句话为什么不能说。\nowner: 培训组")


def test_the_summary_counts_waived_findings_by_rule(mini: Path) -> None:
    """A waiver silences an error-level rule, as it must for a lawful sentence the rule misreads;
    the summary still says what was waived, so a clean check never hides one."""
    edit(mini / "cases/case-a.yaml", "lessons: [早沟通, 书面确认]", "lessons: [再拖就找人收拾你, 书面确认]")
    code, found = check_json(mini)
    assert code == 1 and [d["code"] for d in found] == ["CN-CRIM-293"]
    code, output = run_cli("check", "--library", str(mini))
    assert "已按" not in output
    edit(mini / "cases/case-a.yaml", "owner: 培训组", WAIVER)
    code, output = run_cli("check", "--library", str(mini))
    assert code == 0
    assert output.strip() == ("检查通过：7 个文件，没有错误。"
                              "另有 1 处合规问题已按条目的 suppress 豁免，未列出：CN-CRIM-293（错误）×1。")
    _, output = run_cli("check", "--library", str(mini), "--lang", "en")
    assert output.strip().endswith("Waived by suppress in their entries, not listed: CN-CRIM-293 (error) ×1.")
    _, output = run_cli("check", "--library", str(mini), "--format", "github")
    assert "CN-CRIM-293（错误）×1" in output.splitlines()[-1]


WAIVED_ZH = "另有 1 处合规问题已按条目的 suppress 豁免，未列出：CN-CRIM-293（错误）×1。"


def waive_an_error(library: Path) -> None:
    edit(library / "cases/case-a.yaml", "lessons: [早沟通, 书面确认]", "lessons: [再拖就找人收拾你, 书面确认]")
    edit(library / "cases/case-a.yaml", "owner: 培训组", WAIVER)


@pytest.mark.parametrize("command", [["build"], ["playbooks"], ["letter", "reminder"], ["pages"]])
def test_the_check_before_a_command_counts_the_waived_findings_too(mini: Path, tmp_path: Path,
                                                                    command: list[str]) -> None:
    """build, playbooks, letter and pages report the check as `huikuan check` does."""
    waive_an_error(mini)
    edit(mini / "letters/reminder.yaml", "level: reminder", "level: final")
    code, output = run_cli(*command, "--library", str(mini), "--out", str(tmp_path / "out"))
    assert code == 1 and f"发现 1 个错误（共检查 7 个文件）。{WAIVED_ZH}" in output, output
    assert not (tmp_path / "out").exists()


def test_a_clean_library_still_says_what_was_waived_before_the_command_runs(mini: Path, tmp_path: Path) -> None:
    """Nothing to report but a waiver: the build says it, as the check would, and goes on."""
    waive_an_error(mini)
    code, output = run_cli("pages", "--library", str(mini), "--content", str(tmp_path / "none"),
                           "--out", str(tmp_path / "out"), "--lang", "en")
    assert code == 0 and (tmp_path / "out/docs").is_dir()
    assert ("All good: 7 files, no errors. Waived by suppress in their entries, not listed: "
            "CN-CRIM-293 (error) ×1.") in output


def run_process(*args: str) -> tuple[int, str]:
    """The CLI in a process of its own. `serve` run in this process, even refused, leaves MkDocs'
    serve state behind, and later in-process builds then keep a search worker (noted: a defect of
    running serve in-process, not of the command)."""
    done = subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])})
    return done.returncode, done.stdout + done.stderr


def test_serve_refuses_a_library_with_errors_with_the_waived_count(mini: Path, tmp_path: Path) -> None:
    """The plugin's refusal (serve checks inside MkDocs) carries the same summary."""
    from sitebuild import project

    root = project(tmp_path, MINI, {"index.md": "# 首页\n"})
    waive_an_error(mini)
    edit(mini / "letters/reminder.yaml", "level: reminder", "level: final")
    code, output = run_process("serve", "--library", str(mini), "-f", str(root / "mkdocs.yml"),
                               "--dev-addr", "127.0.0.1:0")
    assert code == 1 and "huikuan: 库里有错误，网站没有生成。" in output and WAIVED_ZH in output, output


@pytest.mark.parametrize("where", ["after", "before"])
def test_build_lang_words_the_plugins_refusal_too(tmp_path: Path, where: str) -> None:
    """`huikuan build --lang en`: what the MkDocs plugin stops the build with is English too,
    and the setting does not outlive the command."""
    from sitebuild import project

    root = project(tmp_path, MINI, {"index.md": "# 首页\n\n看 [[no-mony]]。\n"})
    args = ["build", "--library", str(root / "scripts_library"), "-f", str(root / "mkdocs.yml"),
            "--out", str(root / "site")]
    code, output = run_cli(*([*args, "--lang", "en"] if where == "after" else ["--lang", "en", *args]))
    assert code == 1 and "huikuan: unknown entry IDs in a page." in output, output
    assert "error[E313] [[no-mony]] links an entry that does not exist" in output
    assert not unquoted_chinese(output.replace("首页", "")) and "HUIKUAN_LANG" not in os.environ
    code, output = run_cli(*args)
    assert code == 1 and "huikuan: 页面里有不存在的条目 ID。" in output


def test_serve_lang_words_the_plugins_refusal_and_mkdocs_yml_lang_stands_without_it(tmp_path: Path) -> None:
    from sitebuild import project

    root = project(tmp_path, MINI, {"index.md": "# 首页\n"})
    edit(root / "scripts_library/letters/reminder.yaml", "level: reminder", "level: final")
    args = ["serve", "--library", str(root / "scripts_library"), "-f", str(root / "mkdocs.yml"),
            "--dev-addr", "127.0.0.1:0"]
    code, output = run_process(*args, "--lang", "en")
    assert code == 1 and "huikuan: the library has errors, nothing was built." in output, output
    assert "'final' is not declared in taxonomy.yaml letter_levels" in output and not unquoted_chinese(output)
    code, output = run_process(*args)
    assert code == 1 and "huikuan: 库里有错误，网站没有生成。" in output
    edit(root / "mkdocs.yml", "  - huikuan:\n", "  - huikuan:\n      lang: en\n")
    code, output = run_process(*args)
    assert code == 1 and "huikuan: the library has errors, nothing was built." in output


def test_a_value_cut_short_by_a_comment_is_a_warning_at_its_line(mini: Path) -> None:
    edit(mini / "cases/case-a.yaml", "owner: 培训组", "owner: 培训组  # 王老师负责")
    code, output = run_cli("check", "--library", str(mini))
    assert code == 0 and "case-a.yaml:14:13: warning[W304]" in output and "1 个警告" in output


# -- the editor modeline ---------------------------------------------------------------------------


def with_modeline(path: Path, schema: str) -> None:
    path.write_text(f"# yaml-language-server: $schema={schema}\n" + path.read_text(encoding="utf-8"),
                    encoding="utf-8")


def test_a_modeline_for_another_kind_or_nowhere_is_a_warning_with_the_line_to_write(mini: Path) -> None:
    """A wrong $schema turns the editor's completion off, or to the wrong fields, without a word."""
    with_modeline(mini / "scripts/m1-first-call.yaml", "../schema/script.schema.json")
    # no schema/ above the library (huikuan installed apart from it): no path to suggest, no warning
    assert not (mini.parent / "schema").exists() and check_json(mini) == (0, [])
    (mini / "scripts/m1-first-call.yaml").write_text(
        (mini / "scripts/m1-first-call.yaml").read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    shutil.copytree(ROOT / "schema", mini.parent / "schema")  # where this repository keeps it
    with_modeline(mini / "taxonomy.yaml", "../schema/taxonomy.schema.json")
    with_modeline(mini / "cases/case-a.yaml", "../../schema/case.schema.json")
    (mini / "letters/reminder.yaml").write_text(
        "# $schema: https://example.com/huikuan/schema/letter.schema.json\n"
        + (mini / "letters/reminder.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    assert check_json(mini) == (0, [])
    with_modeline(mini / "objections/no-money.yaml", "../../schema/script.schema.json")
    with_modeline(mini / "scripts/m1-first-call.yaml", "../schema/script.schema.json")
    code, found = check_json(mini)
    assert code == 0 and [d["code"] for d in found] == ["W303", "W303"]
    other, missing = found
    assert other["path"].endswith("no-money.yaml") and (other["line"], other["column"]) == (1, 33)
    assert "那是 script（话术）的 schema，这个文件是 objection（异议处理）" in other["message"]
    assert other["fix"] == "改成 # yaml-language-server: $schema=../../schema/objection.schema.json"
    assert missing["path"].endswith("m1-first-call.yaml") and "找不到" in missing["message"]
    assert missing["fix"] == "改成 # yaml-language-server: $schema=../../schema/script.schema.json"
    write_modeline_fixes(found)
    assert check_json(mini) == (0, [])


def write_modeline_fixes(found: list[dict]) -> None:
    """Each W303's fix is the line to write in place of the file's first line."""
    for d in found:
        path = Path(d["path"])
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        path.write_text(d["fix"].removeprefix("改成 ") + "\n" + "".join(lines[1:]), encoding="utf-8")


def test_a_wrong_modeline_is_put_right_in_the_form_the_file_uses(mini: Path) -> None:
    """A file that names its schema as `# $schema: …` is told that line with the right path, not
    the yaml-language-server form it does not use."""
    shutil.copytree(ROOT / "schema", mini.parent / "schema")
    for path, line in ((mini / "objections/no-money.yaml", "# $schema: ../../schema/script.schema.json"),
                       (mini / "scripts/m1-first-call.yaml", "#  $schema:  ../schema/script.schema.json")):
        path.write_text(f"{line}\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    code, found = check_json(mini)
    assert code == 0 and [d["code"] for d in found] == ["W303", "W303"]
    assert [d["fix"] for d in found] == ["改成 # $schema: ../../schema/objection.schema.json",
                                         "改成 #  $schema:  ../../schema/script.schema.json"]
    _, found_en = check_json(mini, "--lang", "en")
    assert found_en[0]["fix"] == "make it # $schema: ../../schema/objection.schema.json"
    write_modeline_fixes(found)
    assert check_json(mini) == (0, [])


def test_typed_reference_suggests_the_right_field(mini: Path) -> None:
    edit(mini / "cases/case-a.yaml", "scripts: [m1-first-call]", "scripts: [m1-first-call, no-money]")
    _, found = check_json(mini)
    (wrong,) = [d for d in found if d["code"] == "E303"]
    assert "objections" in wrong["fix"]


def test_a_link_a_kind_cannot_hold_is_made_from_the_other_side(mini: Path) -> None:
    """A checklist has no scripts field: the fix is the script's checklists field, not a field
    the checklist does not have (it used to say "move it to related", which is where it was)."""
    path = mini / "checklists/evidence.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "related: [m1-first-call]\n", encoding="utf-8")
    _, found = check_json(mini)
    (wrong,) = [d for d in found if d["code"] == "E303"]
    assert "'m1-first-call' 的 checklists 字段" in wrong["fix"] and "'evidence'" in wrong["fix"]


def test_dangling_reference_suggests_a_close_id(mini: Path) -> None:
    edit(mini / "cases/case-a.yaml", "objections: [no-money]", "objections: [no-mony]")
    _, found = check_json(mini)
    (dangling,) = [d for d in found if d["code"] == "E302"]
    assert "no-money" in dangling["fix"]


def test_a_broken_file_does_not_cascade_into_dangling_references(mini: Path) -> None:
    (mini / "objections/no-money.yaml").write_text("title: [\n", encoding="utf-8")
    _, found = check_json(mini)
    assert [d["code"] for d in found] == ["E101"]


def test_taxonomy_values_come_from_the_taxonomy(mini: Path) -> None:
    edit(mini / "taxonomy.yaml", "  - {id: wechat, name: 微信}\n", "")
    _, found = check_json(mini)
    assert found == []
    edit(mini / "scripts/m1-first-call.yaml", "channel: phone", "channel: wechat")
    _, found = check_json(mini)
    (bad,) = found
    assert bad["code"] == "E304" and "phone" in bad["fix"]


def test_placeholders_in_regex_fields_are_not_placeholders(mini: Path) -> None:
    edit(mini / "legal/no-threats.yaml", '"(找人|叫人).{0,6}(收拾|教训)你"', '"(找人|叫人).{0,6}(收拾|教训)你{1,2}"')
    _, found = check_json(mini)
    assert found == []


@pytest.mark.parametrize(("written", "problem", "fix", "severity"), [
    ("｛客户名称｝", "全角花括号", "写成 {客户名称}", "error"),
    ("{{客户名称}}", "只要一层", "写成 {客户名称}", "error"),
    ("{客户名称 }", "空格", "写成 {客户名称}", "error"),
    ("{客户名称", "没有配对", "写成 {客户名称}", "error"),
    ("客户名称}", "没有配对", "写成 {客户名称}", "error"),
    ("{}", "没有名称", "客户名称、欠款金额、到期日", "warning"),
    ("{{ config }}", "只要一层", "不是占位符就不要用花括号", "warning"),  # may be meant as text
])
def test_malformed_placeholders_are_named_with_the_fix(mini: Path, written: str, problem: str, fix: str,
                                                       severity: str) -> None:
    """Written so, a placeholder is neither highlighted nor filled in: the debtor reads the braces.
    Braces that name no declared placeholder may be meant as text: a warning."""
    edit(mini / "scripts/m1-first-call.yaml", "您好，{客户名称}的款项", f"您好，{written}的款项")
    code, found = check_json(mini)
    (bad,) = found
    assert code == (1 if severity == "error" else 0) and bad["severity"] == severity
    assert bad["code"] == "E315" and bad["line"] == 9 and bad["field"] == "turns[0].collector"
    assert written.strip("{}") in bad["message"] and problem in bad["message"] and fix in bad["fix"]


def test_placeholder_formats_and_capitals(mini: Path) -> None:
    """A typed placeholder's example is of its type (it sizes the printed blank and previews the
    site), and capitals belong to amounts; the capitals' name is then a placeholder like any."""
    edit(mini / "taxonomy.yaml", '{name: 欠款金额, description: 未付本金, example: "1,000.00"}',
         "{name: 欠款金额, format: amount, capitals: 欠款金额大写, description: 未付本金, example: 一千元}")
    edit(mini / "taxonomy.yaml", "{name: 到期日, description:", "{name: 到期日, capitals: 到期日大写, description:")
    edit(mini / "letters/reminder.yaml", "{欠款金额} 元", "{欠款金额} 元（大写：{欠款金额大写}）")
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["line"], d["field"]) for d in found] == [
        ("E318", 53, "placeholders[1].example"), ("E213", 54, "placeholders[2]")]
    assert "不是金额" in found[0]["message"] and "如 186,400.00" in found[0]["fix"]
    assert "'format'（写了 capitals 时必填）" in found[1]["message"]
    edit(mini / "taxonomy.yaml", "example: 一千元", 'example: "1,000.00"')
    edit(mini / "taxonomy.yaml", "{name: 到期日, capitals: 到期日大写,", "{name: 到期日, format: date,")
    code, found = check_json(mini)
    assert (code, found) == (0, [])


def test_capitals_named_like_another_placeholder(mini: Path) -> None:
    """Capitals declare a placeholder: named like a declared one (before or after it) or like other
    capitals, one of the two would silently win in every letter."""
    edit(mini / "taxonomy.yaml", '{name: 欠款金额, description: 未付本金, example: "1,000.00"}',
         '{name: 欠款金额, format: amount, capitals: 到期日, description: 未付本金, example: "1,000.00"}\n'
         '  - {name: 违约金, format: amount, capitals: 到期日, description: 违约金, example: "10.00"}\n'
         '  - {name: 利息, format: amount, capitals: 客户名称, description: 利息, example: "10.00"}\n'
         '  - {name: 欠款金额大写, description: 手写的大写, example: 壹元整}\n'
         '  - {name: 费用, format: amount, capitals: 费用大写, description: 费用, example: "10.00"}\n'
         '  - {name: 律师费, format: amount, capitals: 费用大写, description: 律师费, example: "10.00"}')
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["line"], d["column"], d["field"]) for d in found] == [
        ("E316", 53, 44, "placeholders[1].capitals"), ("E316", 54, 43, "placeholders[2].capitals"),
        ("E316", 55, 42, "placeholders[3].capitals"), ("E316", 58, 43, "placeholders[6].capitals")]
    assert "'到期日' 与 placeholders[7] 重名" in found[0]["message"] and "欠款金额大写2" in found[0]["fix"]
    assert "placeholders[5].capitals" in found[3]["message"] and "律师费大写" in found[3]["fix"]
    code, output = run_cli("check", "--library", str(mini), "--lang", "en")
    assert "the capitals of '违约金', '到期日', are named like placeholders[7]" in output
    assert "give the capitals a name not used yet, e.g. '违约金大写'" in output


def test_placeholder_relations_name_declared_dates(mini: Path) -> None:
    """after, before and days_between name date placeholders (huikuan letter compares the values
    given by them); a relation on a placeholder of another form is refused by its schema."""
    edit(mini / "taxonomy.yaml", "{name: 到期日, description:", "{name: 到期日, format: date, description:")
    edit(mini / "taxonomy.yaml", "placeholders:\n", "placeholders:\n"
         "  - {name: 付款期限, format: date, after: 客户名称, description: 期限, example: 2026年11月30日}\n"
         "  - {name: 逾期天数, format: count, days_between: [到期日, 发函日期], description: 天数, example: '46'}\n"
         "  - {name: 承诺日期, before: 到期日, description: 对方承诺的日期, example: 11月20日}\n")
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["line"], d["column"], d["field"]) for d in found] == [
        ("E317", 52, 39, "placeholders[0].after"), ("E317", 53, 53, "placeholders[1].days_between[1]"),
        ("E213", 54, 5, "placeholders[2]")], found
    assert "after 里的 '客户名称' 不是声明为日期（format: date）的占位符" in found[0]["message"]
    assert found[0]["fix"] == "写一个日期占位符的名称：到期日"  # not 付款期限 itself
    code, output = run_cli("check", "--library", str(mini), "--lang", "en")
    assert "'发函日期' in days_between is not a placeholder with format: date — name a date placeholder: " \
           "'付款期限', '到期日'" in output


@pytest.mark.parametrize(("example", "accepted"), [
    ("2026年9月30日", True), ("2026-09-30", True), ("2026/9/30", True), ("2026.12.1", True),
    ("2026-9/30", False), ("9月30日", False)])
def test_a_date_examples_forms_are_the_forms_the_letter_command_reads(mini: Path, example: str,
                                                                      accepted: bool) -> None:
    from generator.placeholders import parse_date

    edit(mini / "taxonomy.yaml", "{name: 到期日, description: 付款到期日, example: 2026年9月30日}",
         f"{{name: 到期日, format: date, description: 付款到期日, example: '{example}'}}")
    _, found = check_json(mini)
    assert (not [d for d in found if d["field"].endswith("].example")]) == accepted, found
    try:
        parse_date(example)
        read = True
    except ValueError:
        read = False
    assert read == accepted


@pytest.mark.parametrize(("declared", "problem"), [
    ("{name: 到期日, format: date, description: 付款到期日, example: 2026年2月30日}", "没有这一天"),
    ("{name: 到期日, format: amount, description: 付款到期日, example: 一百块}", "不是金额"),
    ("{name: 到期日, format: count, description: 付款到期日, example: '-3'}", "不能是负数")])
def test_a_placeholders_example_is_read_as_the_letter_command_reads_its_values(mini: Path, declared: str,
                                                                            problem: str) -> None:
    edit(mini / "taxonomy.yaml", "{name: 到期日, description: 付款到期日, example: 2026年9月30日}", declared)
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["field"]) for d in found] == [("E318", "placeholders[2].example")], found
    assert problem in found[0]["message"] and found[0]["fix"].startswith("应为")


def test_placeholder_examples_keep_the_relations_between_them(mini: Path) -> None:
    """The examples are shown together and copied: huikuan letter would refuse them together as it
    refuses values, so the check does, at the example, with the value that would fit."""
    edit(mini / "taxonomy.yaml", "{name: 到期日, description:", "{name: 到期日, format: date, description:")
    edit(mini / "taxonomy.yaml", "placeholders:\n", "placeholders:\n"
         "  - {name: 发函日期, format: date, description: 落款日期, example: 2026-11-15}\n"
         "  - {name: 逾期天数, format: count, days_between: [到期日, 发函日期], description: 天数, example: '045'}\n"
         "  - {name: 付款期限, format: date, after: 发函日期, description: 期限, example: 2026年11月15日}\n"
         "  - {name: 前次发函日期, format: date, before: 发函日期, description: 上次, example: 2026年10月8日}\n")
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["line"], d["column"], d["field"]) for d in found] == [
        ("E320", 53, 86, "placeholders[1].example"), ("E320", 54, 71, "placeholders[2].example")], found
    assert found[0]["message"] == ("占位符 '逾期天数' 的示例 '045'：从到期日（2026年9月30日）"
                                   "到发函日期（2026年11月15日）是 46 天，这里写的是 45 天")
    assert found[0]["fix"] == "应为 46，或者改正到期日或发函日期"
    assert "不在发函日期（2026年11月15日）之后" in found[1]["message"]
    code, output = run_cli("check", "--library", str(mini), "--lang", "en")
    assert "the example '2026年11月15日' of placeholder '付款期限': not after '发函日期' ('2026年11月15日') — " \
           "expected a date after '发函日期', or correct '发函日期'" in output
    # corrected, or with a date the order of days_between cannot count, the finding follows
    edit(mini / "taxonomy.yaml", "example: '045'", "example: '46'")
    edit(mini / "taxonomy.yaml", "example: 2026年11月15日}", "example: 2026年11月30日}")
    edit(mini / "taxonomy.yaml", "example: 2026年10月8日}", "example: 2026-12-01}")
    code, found = check_json(mini)
    assert [(d["code"], d["field"]) for d in found] == [("E320", "placeholders[3].example")], found
    assert "不在发函日期（2026年11月15日）之前" in found[0]["message"]
    edit(mini / "taxonomy.yaml", "example: 2026-12-01}", "example: 2026-10-08}")
    edit(mini / "taxonomy.yaml", "format: date, description: 付款到期日, example: 2026年9月30日",
         "format: date, description: 付款到期日, example: 2026年12月30日")
    code, found = check_json(mini)
    assert [(d["code"], d["field"]) for d in found] == [("E320", "placeholders[1].example")], found
    assert "到期日（2026年12月30日）在发函日期（2026年11月15日）之后，算不出天数" in found[0]["message"]
    assert found[0]["fix"] == "应为到期日早于发函日期：先改正其中一个"


def test_examples_dated_before_the_year_1000_are_compared_too(mini: Path) -> None:
    """A date is written with its four figures (0026年3月1日): read back to be compared, it is the
    same date, not a value that is no date."""
    edit(mini / "taxonomy.yaml", "{name: 到期日, description: 付款到期日, example: 2026年9月30日}",
         "{name: 到期日, format: date, description: 付款到期日, example: 0026-01-01}")
    edit(mini / "taxonomy.yaml", "placeholders:\n", "placeholders:\n"
         "  - {name: 发函日期, format: date, description: 落款日期, example: 0026-03-01}\n"
         "  - {name: 逾期天数, format: count, days_between: [到期日, 发函日期], description: 天数, example: '5'}\n")
    code, found = check_json(mini)
    assert code == 1 and [d["code"] for d in found] == ["E320"], found
    assert "从到期日（0026年1月1日）到发函日期（0026年3月1日）是 59 天" in found[0]["message"]


def test_a_relation_the_check_refuses_compares_no_examples(mini: Path) -> None:
    """A relation to a placeholder that is no date, or from one of another form, is reported as
    such (E317, the schema), and its examples are not compared: one cause, one finding, no crash."""
    edit(mini / "taxonomy.yaml", "placeholders:\n", "placeholders:\n"
         "  - {name: 付款期限, format: date, after: 客户名称, description: 期限, example: 2026年11月30日}\n"
         "  - {name: 逾期天数, days_between: [到期日, 付款期限], description: 天数, example: 四十六}\n")
    code, found = check_json(mini)
    assert code == 1 and [d["code"] for d in found] == ["E317", "E213", "E317"], found


def test_a_relation_to_itself_or_the_same_date_twice_is_refused(mini: Path) -> None:
    """No value could pass it: a date is never after itself, and no days lie between a date and itself."""
    edit(mini / "taxonomy.yaml", "{name: 到期日, description:", "{name: 到期日, format: date, description:")
    edit(mini / "taxonomy.yaml", "placeholders:\n", "placeholders:\n"
         "  - {name: 付款期限, format: date, after: 付款期限, description: 期限, example: 2026年11月30日}\n"
         "  - {name: 逾期天数, format: count, days_between: [到期日, 到期日], description: 天数, example: '46'}\n")
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["field"]) for d in found] == [
        ("E317", "placeholders[0].after"), ("E317", "placeholders[1].days_between[1]")], found
    assert "after 里的 '付款期限' 就是这个占位符自己" in found[0]["message"] and found[0]["fix"].endswith("：到期日")
    assert "'到期日' 写了两次" in found[1]["message"]


def _patterns(node: object) -> list[dict]:
    """Every schema node that has a pattern, in one schema document."""
    if isinstance(node, dict):
        return ([node] if isinstance(node.get("pattern"), str) else []) + \
            [n for value in node.values() for n in _patterns(value)]
    return [n for value in node for n in _patterns(value)] if isinstance(node, list) else []


def test_a_wrong_format_is_explained_in_words_never_as_a_regex(mini: Path) -> None:
    """E205's fix is the pattern's x-hint, or x-hint-en in English: a contributor cannot read
    ^[a-z0-9]+(-[a-z0-9]+)*$."""
    patterns = [n for document in load_schemas().documents.values() for n in _patterns(document)]
    assert len(patterns) >= 10
    for node in patterns:
        assert node.get("x-hint") and node.get("x-hint-en"), node["pattern"]
        assert not unquoted_chinese(node["x-hint-en"]), node["x-hint-en"]
    edit(mini / "taxonomy.yaml", 'version: "2026.11"', 'version: "v2026-11"')
    edit(mini / "taxonomy.yaml", '{name: 欠款金额, description: 未付本金, example: "1,000.00"}',
         "{name: 欠款金额, format: amount, description: 未付本金, example: 一千元}")
    edit(mini / "taxonomy.yaml", "{name: 客户名称,", "{name: 客户 名称,")
    edit(mini / "legal/no-threats.yaml", "id: CN-CRIM-293", "id: cn-crim-293")
    hints = {(n["x-hint"], n["x-hint-en"]) for n in patterns}
    for lang, which in (("zh", 0), ("en", 1)):
        code, output = run_cli("check", "--library", str(mini), "--format", "json", "--lang", lang)
        found = [d for d in json.loads(output)["findings"] if d["code"] == "E205"]
        # the amount's example is said by the reader huikuan letter uses (E318), in words too
        assert code == 1 and len(found) == 3 and '"E318"' in output, output
        for finding in found:
            assert finding["fix"] in {hint[which] for hint in hints}, finding
            assert not re.search(r"\^|\$|\\[du]|\[[^\]]*-[^\]]*\]", finding["message"] + finding["fix"]), finding


def test_review_dates(mini: Path) -> None:
    result = check_library(mini, on=dt.date(2028, 1, 1))
    stale = [d for d in result.diagnostics if d.code.id == "W301"]
    assert len(stale) == 6 and result.ok
    result = check_library(mini, on=dt.date(2026, 10, 1))
    assert {d.code.id for d in result.diagnostics} == {"W302"}


def test_warnings_exit_zero(mini: Path) -> None:
    edit(mini / "cases/case-a.yaml", 'reviewed: "2026-11-01"', "reviewed: 2020-01-01")
    code, found = check_json(mini)
    assert code == 0 and [d["code"] for d in found] == ["W301"]


def test_text_output_format(mini: Path) -> None:
    edit(mini / "objections/no-money.yaml",
         "    lines: [我们可以一起看看分期的办法。]", "    lines: 我们可以一起看看分期的办法。")
    code, output = run_cli("check", "--library", str(mini))
    assert code == 1
    first, summary = output.strip().splitlines()
    assert first.endswith("objections/no-money.yaml:14:12: error[E203] responses[0].lines: "
                          "应该是列表，这里是文字 — 写成列表：每项单独一行，以 “- ” 开头；或写成 [a, b]")
    assert summary == "发现 1 个错误（共检查 7 个文件）。"
    code, output = run_cli("check", "--library", str(mini), "--lang", "en")
    assert "should be a list, not text" in output and "1 errors in 7 files" in output


def test_json_output_fields(mini: Path) -> None:
    edit(mini / "letters/reminder.yaml", "level: reminder", "level: final")
    code, found = check_json(mini)
    assert code == 1
    assert set(found[0]) == {"path", "line", "column", "severity", "code", "field", "message", "fix"}
    assert found[0]["code"] == "E304" and found[0]["line"] == 2


def test_json_output_is_a_document_a_ci_script_can_judge(mini: Path) -> None:
    """The verdict, the counts and what a suppress waived, beside the findings: a script need
    not count them itself, and a waived error is not silent in JSON either."""
    assert check_report(mini) == (0, {"status": "ok", "counts": {"files": 7, "errors": 0, "warnings": 0, "waived": 0},
                                      "waived": [], "summary": "检查通过：7 个文件，没有错误。", "findings": []})
    edit(mini / "cases/case-a.yaml", "lessons: [早沟通, 书面确认]", "lessons: [再拖就找人收拾你, 书面确认]")
    edit(mini / "cases/case-a.yaml", "owner: 培训组", WAIVER)
    edit(mini / "letters/reminder.yaml", "level: reminder", "level: final")
    edit(mini / "scripts/m1-first-call.yaml", "owner:", "tips:\n  - 先发微信确认 #记得截图\nowner:")
    code, report = check_report(mini, "--lang", "en")
    assert code == 1 and report["status"] == "fail"
    assert report["counts"] == {"files": 7, "errors": 1, "warnings": 1, "waived": 1}
    assert report["waived"] == [{"rule": "CN-CRIM-293", "severity": "error", "count": 1}]
    assert [d["code"] for d in report["findings"]] == ["E304", "W304"]
    _, text = run_cli("check", "--library", str(mini), "--lang", "en")
    assert report["summary"] == text.strip().splitlines()[-1]


def test_github_annotations(mini: Path) -> None:
    edit(mini / "letters/reminder.yaml", "level: reminder", "level: final")
    code, output = run_cli("check", "--library", str(mini), "--format", "github")
    assert code == 1
    assert output.startswith("::error file=") and ",line=2,col=8,title=E304::level: " in output


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, output = run_cli("check", "--library", str(tmp_path / "missing"))
    assert code == 2 and "库文件夹不存在" in output
    code, output = run_cli("check", "--library", str(tmp_path / "missing"), "--lang", "en")
    assert code == 2 and "library folder not found" in output
    code, _ = run_cli("check", "--format", "xml")
    assert code == 2


@pytest.mark.parametrize(("args", "zh", "en"), [
    (["check", "--bogus"], "没有选项 '--bogus'。", "No such option '--bogus'."),
    (["check", "--fromat", "json"], "是不是想写 '--format'？", "Did you mean '--format'?"),
    (["letter"], "缺少参数 'LEVEL'", "Missing argument 'LEVEL'"),
    (["check", "--format", "xml"], "'--format' 的值无效：'xml' 不是可用的值，可用：'github', 'json', 'text'",
     "Invalid value for '--format': 'xml' is not one of 'github', 'json', 'text'"),
    (["playbooks", "--jobs", "0"], "'--jobs' / '-j' 的值无效：0 不在范围 x>=1 内。", "0 is not in the range x>=1."),
    (["check", "--library"], "选项 '--library' 后面要跟一个值。", "Option '--library' requires an argument."),
    (["chekc"], "没有命令 'chekc'。", "No such command 'chekc'."),
    (["check", "extra"], "多余的参数（extra）", "Got unexpected extra argument (extra)"),
], ids=["option", "suggestion", "argument", "choice", "range", "value", "command", "extra"])
def test_click_usage_errors_speak_the_language_asked_for(args: list[str], zh: str, en: str) -> None:
    """Click words these itself, before --lang has a value: in Chinese unless English is asked for,
    by --lang before or after the command or by $HUIKUAN_LANG."""
    code, output = run_cli(*args)
    assert code == 2 and zh in output and output.startswith(("用法: ", "错误：")), output
    assert not re.search(r"Usage:|Error:|Try '|Invalid value|Missing|No such", output), output
    command, rest = args[0], args[1:]
    for english in (["--lang", "en", *args], [command, "--lang", "en", *rest], [command, "--lang=en", *rest]):
        code, output = run_cli(*english)
        assert code == 2 and en in output and output.startswith(("Usage: ", "Error: ")), (english, output)


def test_help_is_in_chinese_and_fits_the_terminal() -> None:
    """A Chinese-first tool's help: every command and option has its Chinese text (generator/
    clihelp.py), no English sentence is left in it, and its lines fit 80 columns counting a
    Chinese character as two (click counts characters: its Chinese lines ran 1.5x too wide)."""
    from click.testing import CliRunner

    from generator.cli import cli
    from generator.clihelp import HELP_ZH, display_width, missing

    assert missing(cli) == []
    commands = ["", *cli.commands]
    options = {o for c in [cli, *cli.commands.values()] for p in c.params for o in p.opts}
    for key in HELP_ZH:  # no text for a command or option that is gone
        command, _, option = ("", "", key.strip()) if key.strip().startswith("-") else key.partition(" ")
        assert command in commands and (not option or option in options), key
    runner = CliRunner()
    for command in commands:
        args = [command, "-h"] if command else ["-h"]
        zh = runner.invoke(cli, args, terminal_width=80).output
        en = runner.invoke(cli, ["--lang", "en", *args], terminal_width=80).output
        docstring = (cli.commands[command] if command else cli).help.split("\n")[0][:30]
        assert zh.startswith("用法:") and HELP_ZH[command].split("\n")[0][:20] in zh, command
        assert docstring not in zh and "Show this message" not in zh and "显示这份帮助并退出" in zh, command
        assert docstring in en.replace("\n  ", " ") and "显示" not in en, command
        wide = [line for line in zh.splitlines() if display_width(line) > 80]
        assert not wide, (command, wide)
    assert cli.commands["check"].help.startswith("Check the library")  # put back after each command


def test_lang_before_or_after_the_command_and_from_the_environment(mini: Path, monkeypatch) -> None:
    edit(mini / "letters/reminder.yaml", "level: reminder", "level: final")
    english = "1 errors in 7 files"
    for args in (["--lang", "en", "check"], ["check", "--lang", "en"], ["--lang", "zh", "check", "--lang", "en"]):
        code, output = run_cli(*args, "--library", str(mini))
        assert code == 1 and "is not declared in taxonomy.yaml letter_levels" in output and english in output, args
    code, output = run_cli("--lang", "en", "codes", "--library", str(mini))
    assert "duplicate key" in output and "重复的键" not in output
    monkeypatch.setenv("HUIKUAN_LANG", "en")
    code, output = run_cli("check", "--library", str(mini))
    assert english in output
    code, output = run_cli("check", "--bogus")
    assert "No such option '--bogus'." in output
    for args in (["--lang", "zh", "check"], ["check", "--lang", "zh"]):  # the command line wins
        code, output = run_cli(*args, "--library", str(mini))
        assert "发现 1 个错误" in output, args
    monkeypatch.setenv("HUIKUAN_LANG", "fr")
    code, output = run_cli("check", "--library", str(mini))
    assert code == 2 and "'fr' 不是可用的值，可用：'zh', 'en'" in output and "HUIKUAN_LANG" in output


def test_an_internal_error_is_reported_in_the_language_asked_for() -> None:
    """A bug in huikuan (here one planted in the pipeline, as no input should cause one) ends
    with a request to report it, in the command line's language, and no traceback."""
    plant = ("import sys, generator.pipeline, generator.cli\n"
             "def broken(library): raise KeyError('planted')\n"
             "generator.pipeline.checked = broken\n"
             "sys.argv = ['huikuan', *sys.argv[1:]]\n"
             "generator.cli.main()\n")
    env = {k: v for k, v in os.environ.items() if k not in ("HUIKUAN_DEBUG", "HUIKUAN_LANG")}
    for args, said, other in ((["check"], "内部错误：KeyError", "internal error"),
                              (["check", "--lang", "en"], "internal error: KeyError", "内部错误"),
                              (["--lang=en", "check"], "Please report it", "维护者")):
        done = subprocess.run([sys.executable, "-c", plant, *args, "--library", str(MINI)], capture_output=True,
                              text=True, env=env, check=False)
        assert done.returncode == 3 and said in done.stderr and other not in done.stderr, done.stderr
        assert "Traceback" not in done.stderr
        assert args == ["check"] or not unquoted_chinese(done.stderr), done.stderr


def test_help_explains_the_passes() -> None:
    code, output = run_cli("check", "--help")
    assert code == 0
    for words in ("--library", "--format", "--lang", "第 1 遍", "第 2 遍", "合规检查", "退出码", "E203"):
        assert words in output
    code, output = run_cli("check", "--help", "--lang", "en")
    assert code == 0
    for words in ("--library", "--format", "--lang", "Pass 1", "Pass 2", "compliance", "Exit", "E203"):
        assert words in output


def test_every_code_is_documented() -> None:
    from generator.codes import all_codes

    for code in all_codes():
        assert code.title["zh"] and code.title["en"] and code.explain["zh"] and code.fix["zh"], code.id
    code, output = run_cli("codes")
    assert code == 0 and "E105" in output and "duplicate-key" in output
    # and the compliance rules check reports with, from the library's legal entries
    assert "CN-PRIVACY-DISCLOSE  error    no-third-party-disclosure" in output and "GP-NIGHT-CALL" in output


def test_every_codes_english_is_english() -> None:
    """The texts of each code in English hold no Chinese but quoted values (the values a finding
    fills in are checked over the bad-input corpus, in test_corpus)."""
    from generator.codes import all_codes

    for code in all_codes():
        for text in (code.title, code.message, code.fix, code.explain):
            assert not unquoted_chinese(text["en"]), (code.id, text["en"])
    result = check_library(MINI, on=dt.date(2028, 1, 1))  # W301 names the owner, a library value
    assert result.diagnostics and all(not unquoted_chinese(d.fix("en")) for d in result.diagnostics)


def test_every_schema_description_has_its_english() -> None:
    """A finding shows the description of the field it is about (E202: add summary: … (what a
    summary is)); in English mode, its x-description-en beside it."""
    found = 0

    def walk(node: object, where: str) -> None:
        nonlocal found
        if isinstance(node, dict):
            if isinstance(node.get("description"), str):
                english = node.get("x-description-en", "")
                assert english and not unquoted_chinese(english), (where, english)
                found += 1
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                walk(value, f"{where}/{index}")

    for name, document in load_schemas().documents.items():
        walk(document, name)
    assert found > 150


def test_a_fields_english_description_is_cut_at_a_sentence_not_an_abbreviation() -> None:
    from generator.validate.entries import _first_sentence_en

    assert _first_sentence_en("The concrete goal of the script, e.g. a dated plan. Shown first.") == \
        "the concrete goal of the script, e.g. a dated plan"
    assert _first_sentence_en("PDF pages only.") == "PDF pages only"  # an acronym keeps its capitals
    found = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "x-description-en" in node:
                found.append(_first_sentence_en(node["x-description-en"]))
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for document in load_schemas().documents.values():
        walk(document)
    assert len(found) > 150 and not [f for f in found if f.endswith(("e.g", "i.e", ","))]


def test_missing_field_is_described_in_the_language_asked_for(mini: Path) -> None:
    path = mini / "scripts/m1-first-call.yaml"  # left out (a typo'd key is E201 alone, with the suggestion)
    path.write_text(re.sub(r"(?m)^summary:.*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    code, output = run_cli("check", "--library", str(mini), "--lang", "en")
    assert code == 1 and "add summary: … (a one-sentence summary, shown in lists, search results and the " \
                         "printed playbooks)" in output
    code, output = run_cli("check", "--library", str(mini))
    assert code == 1 and "加上 summary: …（一句话概要，显示在列表、搜索结果和打印手册里）" in output


def test_codes_of_a_broken_library(mini: Path) -> None:
    code, output = run_cli("codes", "--library", str(mini))
    assert code == 0 and "E105" in output and "CN-CRIM-293" in output
    rule = next(line for line in output.splitlines() if "no-threats" in line)
    (mini / "scripts/m1-first-call.yaml").write_text("title: [\n", encoding="utf-8")
    code, output = run_cli("codes", "--library", str(mini))
    assert code == 1 and "E105" in output and rule not in output and "huikuan check" in output


def test_codes_explains_one_code_or_rule(mini: Path) -> None:
    """`huikuan codes E303` answers "what does this finding mean?" where the finding was read,
    as `ruff rule` does; a rule ID explains the library's rule, from its legal entry."""
    from generator.codes import E303

    code, output = run_cli("codes", "e303")
    assert code == 0 and output.startswith("E303  引用的条目类别不对") and E303.explain["zh"] in output
    assert "CN-CRIM-293" not in output  # that one code, not the list
    code, output = run_cli("codes", "--lang", "en", "E101")
    assert code == 0 and "title: 付款提醒: 第一次" in output and "YAML syntax error" in output
    code, output = run_cli("codes", "CN-CRIM-293", "--library", str(mini))
    assert code == 0 and output.startswith("CN-CRIM-293") and "no-threats" in output and "刑法" in output
    code, output = run_cli("codes", "E3O3")
    assert code == 2 and "没有代码或规则 E3O3" in output and "是不是想写 'E3" in output


def test_module_entry_point_and_console_script(mini: Path) -> None:
    """Through a real process: `python -m generator` exits like the console script, no traceback."""
    (mini / "cases/case-a.yaml").write_bytes(b"\xff\xfe")
    proc = subprocess.run([sys.executable, "-m", "generator", "check", "--library", str(mini), "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["findings"][0]["code"] == "E102"


def test_schemas_declare_every_kind_folder() -> None:
    schemas = load_schemas()
    folders = ["scripts", "objections", "legal", "checklists", "letters", "cases"]
    assert [k.folder for k in schemas.entry_kinds] == folders
    assert all((MINI / k.folder).is_dir() for k in schemas.entry_kinds)


def test_one_check_serves_cli_and_plugin_whatever_the_path_spelling(mini: Path, monkeypatch) -> None:
    """`huikuan build --library lib` checks, then the plugin asks again with an absolute path:
    the second ask must hit the cache, and an edit must miss it."""
    from generator import pipeline

    monkeypatch.chdir(mini.parent)
    first = pipeline.checked(Path(mini.name))
    assert pipeline.checked(mini.resolve()) is first
    entry = next(mini.rglob("*.yaml"))
    entry.write_text(entry.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert pipeline.checked(mini.resolve()) is not first


def test_the_fix_for_a_file_that_is_not_a_mapping_is_a_command_that_works(mini: Path) -> None:
    (mini / "objections/broken.yaml").write_text("- 只是一个列表\n", encoding="utf-8")
    _, found = check_json(mini)
    (bad,) = [d for d in found if d["code"] == "E200"]
    command = re.search(r"`huikuan ([^`]+)`", bad["fix"]).group(1).split()
    (mini / "objections/broken.yaml").unlink()
    code, output = run_cli(*command, "--library", str(mini))
    assert code == 0, output
    assert (mini / "objections" / f"{command[-1]}.yaml").is_file()


def test_content_pages_links_are_checked_as_the_build_would(mini: Path, tmp_path: Path) -> None:
    """A course page's broken [[ID]] fails the check, not only the build an hour later in CI."""
    pages = tmp_path / "pages"
    (pages / "course").mkdir(parents=True)
    (pages / "course/day-1.md").write_text(
        "# 第一天\n\n先看 [[no-money]]，再看 `[[not-an-id]]`。\n\n![[no-monye]]\n\n```\n[[in-a-fence]]\n```\n",
        encoding="utf-8")
    code, found = check_json(mini, "--content", str(pages))
    (bad,) = found
    assert code == 1 and bad["code"] == "E313" and (bad["line"], bad["column"]) == (5, 1)
    assert bad["path"].endswith("course/day-1.md") and "no-money" in bad["fix"]
    (pages / "course/day-1.md").write_text("# 第一天\n\n[[no-money|没钱]]\n", encoding="utf-8")
    assert check_json(mini, "--content", str(pages)) == (0, [])
    code, output = run_cli("check", "--library", str(mini), "--content", str(tmp_path / "missing"))
    assert code == 2 and "页面文件夹不存在" in output
