"""The compliance lint: rules from the legal entries, over what collectors say."""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from conftest import LIBRARY, ROOT, check_json, copy_library

from generator.lint import lint_library, word_lists
from generator.lint.engine import _texts
from generator.lint.firstchars import first_chars, needed_strings
from generator.lint.rules import SENTENCE, RuleIndex, rules_from_library
from generator.schemaset import load_schemas
from generator.validate import check_library

sys.path.insert(0, str(ROOT / "benchmarks"))
from compliance import evaluate, ratio


def bundled_rules():
    result = check_library(LIBRARY, lint=False)
    entries = [(i.source.kind, i.source.id, i.doc.data) for i in result.loaded]
    return result, entries, rules_from_library(entries, word_lists(result.taxonomy, load_schemas()))


def test_every_dont_entry_has_a_rule_that_catches_its_own_bad_example() -> None:
    """A "don't" entry always carries a rule; a "do" entry carries one where breaking it shows in the words
    (personal-info-minimum: asking for a home address). Each rule catches its entry's bad example, and no
    rule catches a better example."""
    _, entries, rules = bundled_rules()
    by_entry = {r.entry: r for r in rules}
    legal = {i: d for k, i, d in entries if k == "legal"}
    donts = [i for i, d in legal.items() if d["stance"] == "dont"]
    assert len(donts) >= 10 and set(donts) < set(by_entry)
    assert legal["personal-info-minimum"]["stance"] == "do" and "personal-info-minimum" in by_entry
    for ident, rule in by_entry.items():
        assert rule.match(legal[ident]["bad_example"]), ident
    for ident, data in legal.items():
        assert not [r.id for r in rules if r.match(data["better_example"])], ident


def test_library_counter_examples_are_caught_by_the_red_line_they_name() -> None:
    """A dont_say line linked to a legal entry is caught by that entry's rule: the library's own examples keep
    the lint honest, and a line that crosses another red line names that one. An entry whose breach does not
    show in the words has no rule and says why (no_rule): the lines that name it are an exception written
    down, not a silent gap."""
    _, entries, rules = bundled_rules()
    by_entry = {r.entry: r for r in rules}
    legal = {i: d for k, i, d in entries if k == "legal"}
    linked = [(i, d["line"], d["legal"]) for k, i, data in entries for d in data.get("dont_say") or []
              if d.get("legal")]
    assert len(linked) >= 30 and {"personal-info-minimum", "no-harassment"} <= {name for *_, name in linked}
    unruled = {name for *_, name in linked if name not in by_entry}
    assert unruled == {"written-commitment"}
    assert [name for name in unruled if not legal[name].get("no_rule")] == []
    missed = [(i, line, name) for i, line, name in linked if name in by_entry and not by_entry[name].match(line)]
    assert missed == []
    assert [i for i, d in legal.items() if d.get("rule") and d.get("no_rule")] == []


def test_rule_ids_are_unique_and_families_are_covered() -> None:
    _, _, rules = bundled_rules()
    ids = [r.id for r in rules]
    assert len(ids) == len(set(ids))
    for family in ("CN-CRIM-293", "CN-CRIM-238", "CN-PRIVACY-DISCLOSE", "CN-SOFT-EXPOSE", "CN-CIV-INSULT",
                   "CN-LAWYER-13", "CN-FALSE-THREAT", "CN-CIV-1033", "GP-NIGHT-CALL", "CN-CIV-188", "CN-PIPL-6"):
        assert family in ids
    assert {r.id: r.binding for r in rules}["GP-NIGHT-CALL"] is False
    assert {r.id: r.binding for r in rules}["CN-CRIM-293"] is True


def test_corpus_precision_and_recall() -> None:
    corpus = yaml.safe_load((ROOT / "tests/compliance/corpus.yaml").read_text(encoding="utf-8"))
    violating = [c for c in corpus if c.get("rules")]
    assert len(corpus) >= 60 and len(violating) >= 40 and len(corpus) - len(violating) >= 20
    _, _, rules = bundled_rules()
    assert {r for c in violating for r in c["rules"]} >= {r.id for r in rules}  # every rule is exercised
    stats, _ = evaluate(rules, corpus)
    tp = sum(s["tp"] for s in stats.values())
    assert ratio(tp, tp + sum(s["fp"] for s in stats.values())) >= 0.9
    assert ratio(tp, tp + sum(s["fn"] for s in stats.values())) >= 0.9


def test_lawful_firmness_is_not_flagged() -> None:
    _, _, rules = bundled_rules()
    for line in ("我们会依法向法院起诉。", "逾期未付，我们将按合同约定计收违约金。", "到期仍未付款，我们将暂停供货。",
                 "我们已委托律师事务所，律师会给贵司发律师函。", "诉讼时效是三年，我们会按时主张权利。"):
        assert [r.id for r in rules if r.match(line)] == [], line


def test_bundled_library_passes_the_lint(bundled_check) -> None:
    """Every line collectors say in the bundled library is linted, and none is reported, not even a warning."""
    code, found = bundled_check
    assert code == 0 and found == []


def test_bad_examples_are_shown_not_reported(mini: Path) -> None:
    result = check_library(mini)
    assert result.ok
    assert ("dont_say[0].line", "没钱就去借啊。") in result.compliance.bad_examples["no-money"]


def test_suppression_needs_a_reason_and_is_listed(mini: Path) -> None:
    path = mini / "scripts/m1-first-call.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - collector: 理解，那您看这周五之前能先安排多少？",
        "  - collector: 培训时要讲清：找人收拾你这种话绝对不能说。")
    path.write_text(text, encoding="utf-8")
    code, found = check_json(mini)
    assert code == 1 and [d["code"] for d in found] == ["CN-CRIM-293"]
    waiver = ("suppress:\n  - rule: CN-CRIM-293\n    field: turns[3].collector\n"
              "    reason: 这是培训旁白，引用反例说明什么话不能说。\nowner: 培训组")
    path.write_text(text.replace("owner: 培训组", waiver), encoding="utf-8")
    result = check_library(mini)
    assert result.ok
    (waived,) = result.compliance.suppressed
    assert waived.finding.rule.id == "CN-CRIM-293" and waived.reason.startswith("这是培训旁白")
    # a waiver without a reason is a schema error
    no_reason = waiver.replace("    reason: 这是培训旁白，引用反例说明什么话不能说。\n", "")
    path.write_text(text.replace("owner: 培训组", no_reason), encoding="utf-8")
    code, found = check_json(mini)
    assert code == 1 and "E202" in [d["code"] for d in found]


STALK = "对方不接电话，就去他家小区门口堵他，让邻居都知道他欠钱。"


def test_advice_is_linted_but_not_the_wording_it_quotes(tmp_path: Path) -> None:
    """What the library tells a collector to do is held to the red lines as what they say;
    a quotation in advice discusses wording (不写“已经立案”) and is left alone."""
    library = copy_library(LIBRARY, tmp_path / "lib")
    edits = {
        "objections/no-money.yaml": ("next_steps:\n", [
            "对方仍不付款的，把欠款情况告诉他老婆和他的几个大客户，并发到行业群曝光。",
            "晚上十一点以后每隔半小时打一次电话，直到对方接听。",
            "催款邮件里不写“已经立案”“再不还钱就让你坐牢”这类没有发生、也不能说的话。"]),
        "scripts/m1-broken-promise-call.yaml": ("tips:\n", [STALK]),
        "cases/case-carton-exporter-site-visit.yaml": ("lessons:\n", ["见不到老板，就天天派人坐在他办公室里不走。"]),
    }
    for name, (key, lines) in edits.items():
        path = library / name
        text = path.read_text(encoding="utf-8")
        assert key in text
        path.write_text(text.replace(key, key + "".join(f"  - {line}\n" for line in lines), 1), encoding="utf-8")
    code, found = check_json(library)
    assert code == 1
    by_field = {}
    for d in found:
        by_field.setdefault((Path(d["path"]).name, d["field"]), set()).add(d["code"])
    assert by_field.keys() == {("no-money.yaml", "next_steps[0]"), ("no-money.yaml", "next_steps[1]"),
                               ("m1-broken-promise-call.yaml", "tips[0]"),
                               ("case-carton-exporter-site-visit.yaml", "lessons[0]")}, found
    assert {"CN-PRIVACY-DISCLOSE", "CN-SOFT-EXPOSE"} <= by_field["no-money.yaml", "next_steps[0]"]
    assert {"GP-NIGHT-CALL", "CN-CIV-1033"} <= by_field["no-money.yaml", "next_steps[1]"]
    assert "CN-CRIM-245" in by_field["m1-broken-promise-call.yaml", "tips[0]"]
    assert "CN-CRIM-245" in by_field["case-carton-exporter-site-visit.yaml", "lessons[0]"]
    # without the unquoted advice, the library passes: the quoted wording is not reported
    tips = library / "scripts/m1-broken-promise-call.yaml"
    tips.write_text(tips.read_text(encoding="utf-8").replace(STALK, "要讲清后果。"), encoding="utf-8")
    objection = library / "objections/no-money.yaml"
    lines = objection.read_text(encoding="utf-8").splitlines(keepends=True)
    objection.write_text("".join(lines[:62] + lines[64:]), encoding="utf-8")  # the two unquoted ones
    case = library / "cases/case-carton-exporter-site-visit.yaml"
    case.write_text(case.read_text(encoding="utf-8").replace("  - 见不到老板，就天天派人坐在他办公室里不走。\n", ""),
                    encoding="utf-8")
    assert "催款邮件里不写“已经立案”" in objection.read_text(encoding="utf-8")
    assert check_json(library) == (0, [])


def test_the_rule_index_never_hides_a_match_and_skips_most_searches() -> None:
    """Each pattern is filed under strings one of which every match contains, picked as the rarest in a
    sample of the texts: the filter never hides a match (checked on the corpus and every text of the bundled
    library, sentence by sentence for patterns anchored at ^), and it leaves few searches to run."""
    result, _, rules = bundled_rules()
    schemas = load_schemas()
    library = [t for item in result.loaded for _, _, t in _texts(item, schemas) if t is not None]
    corpus = yaml.safe_load((ROOT / "tests/compliance/corpus.yaml").read_text(encoding="utf-8"))
    texts = library + [item["text"] for item in corpus]
    index = RuleIndex(rules, library[::5])
    for text in texts:
        candidates = index.candidates(text)
        spots = [text, *(sentence.group() for sentence in SENTENCE.finditer(text))]
        for r, rule in enumerate(rules):
            for pattern in rule.patterns:
                if any(pattern.search(spot) for spot in spots):
                    assert pattern in candidates.get(r, []), (rule.id, pattern.pattern, text)
    searches = sum(len(found) for text in library for found in index.candidates(text).values())
    static = RuleIndex(rules)
    unsampled = sum(len(found) for text in library for found in static.candidates(text).values())
    assert searches < unsampled / 2 < len(library) * 4
    assert needed_strings("(找人|叫人).{0,6}收拾") == {"收拾"}  # a pair after the window, not one of two before
    assert needed_strings("^(?=[^。]*告诉).*?(?:你|他)") == {"告诉"}  # a look-ahead's words count
    assert needed_strings("[^。]*(?:坐牢|判刑)|[^。]*拘留") == {"坐牢", "判刑", "拘留"}  # each branch's words
    assert needed_strings("[^。]{0,3}坐牢?") == {"坐"}
    assert first_chars("[^。]{0,3}坐牢") is None


def test_lint_reports_the_match_position(mini: Path) -> None:
    path = mini / "scripts/m1-first-call.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - collector: 理解，那您看这周五之前能先安排多少？", "  - collector: 理解。再不付，我就找人收拾你。")
    path.write_text(text, encoding="utf-8")
    result = check_library(mini)
    (finding,) = [d for d in result.diagnostics if d.ident == "CN-CRIM-293"]
    assert (finding.line, finding.column) == (12, 25)
    assert finding.pointer == "turns[3].collector" and "刑法 第293条之一" in finding.message("zh")
    report = lint_library(result.loaded, load_schemas(), result.taxonomy)
    assert report.checked["m1-first-call"] == 2


def test_rules_share_the_word_lists_of_the_taxonomy() -> None:
    """{third-party} in contact-debtor-only and in no-third-party-disclosure is one list in taxonomy.yaml: a
    name added there is caught by both rules."""
    _, entries, _ = bundled_rules()
    lists = yaml.safe_load((LIBRARY / "taxonomy.yaml").read_text(encoding="utf-8"))["word_lists"]
    line = "再不付，我就去跟你干爹说说你们欠钱的事。"
    assert [r.id for r in rules_from_library(entries, lists) if r.match(line)] == []
    lists["family-friends"].append("干爹")
    assert {r.id for r in rules_from_library(entries, lists) if r.match(line)} == {"GP-CONTACT-SCOPE",
                                                                                   "CN-PRIVACY-DISCLOSE"}


def test_a_word_list_that_cannot_work_is_reported_where_the_rule_names_it(mini: Path) -> None:
    taxonomy, legal = mini / "taxonomy.yaml", mini / "legal/no-threats.yaml"
    taxonomy.write_text(taxonomy.read_text(encoding="utf-8") + "word_lists:\n  helpers: [找人, 叫几个人]\n",
                        encoding="utf-8")
    rule = '["(找人|叫人).{0,6}(收拾|教训)你"]'
    text = legal.read_text(encoding="utf-8")
    script = mini / "scripts/m1-first-call.yaml"
    script.write_text(script.read_text(encoding="utf-8").replace(
        "理解，那您看这周五之前能先安排多少？", "理解。再不付，我就叫几个人收拾你。"), encoding="utf-8")
    legal.write_text(text.replace(rule, '["{helpers}.{0,6}(收拾|教训)你"]'), encoding="utf-8")
    code, found = check_json(mini)
    assert code == 1 and [d["code"] for d in found] == ["CN-CRIM-293"]  # the list is written out
    legal.write_text(text.replace(rule, '["{helper}.{0,6}(收拾|教训)你"]'), encoding="utf-8")
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["line"], d["field"]) for d in found] == [("E321", 11, "rule.patterns[0]")]
    assert "helper" in found[0]["message"] and "helpers" in found[0]["fix"]
    legal.write_text(text.replace(rule, '["(?<!{helpers})收拾你"]'), encoding="utf-8")  # words of two lengths
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["field"]) for d in found] == [("E211", "rule.patterns[0]")]
    assert legal.read_text(encoding="utf-8").count("{helpers}") == 1  # the source is left as it was
    legal.write_text(text.replace(rule, '["{helpers}.{0,6}(收拾|教训)你"]'), encoding="utf-8")
    lists = taxonomy.read_text(encoding="utf-8")
    taxonomy.write_text(lists.replace("[找人, 叫几个人]", "[找人, '{helpers}人']"), encoding="utf-8")
    code, found = check_json(mini)
    assert code == 1 and [(d["code"], d["field"]) for d in found] == [("E321", "rule.patterns[0]")]
    assert "helpers 引用了它自己" in found[0]["message"]
    taxonomy.write_text(lists.replace("[找人, 叫几个人]", "[找人, '叫(几个人']"), encoding="utf-8")
    code, found = check_json(mini)  # a list that is there but broken is reported where it is written, once
    assert code == 1 and [(Path(d["path"]).name, d["code"]) for d in found] == [("taxonomy.yaml", "E211")]


def test_a_question_and_the_words_around_it_are_checked_apart() -> None:
    """A question ends a clause: a lawful question does not excuse the threat after it, nor a lawful answer the
    threat asked before it, and a window in a pattern does not join a question to its answer. A question that
    only echoes the other side's worry, or that the answer denies, says nothing itself. A pattern anchored at ^
    still reads a question and its answer together."""
    _, _, rules = bundled_rules()

    def fired(line: str) -> set[str]:
        return {r.id for r in rules if r.match(line)}

    line = "您知道我们可以依法起诉吧？不过在那之前，我先找几个兄弟去你厂里坐坐。"
    assert fired(line) == {"CN-CRIM-293"}
    found = next(r for r in rules if r.id == "CN-CRIM-293").match(line)
    assert line[found.start:found.end] == "找几个兄弟"
    assert fired("信不信我找人收拾你？我们会依法处理的。") == {"CN-CRIM-293"}
    assert fired("能不能在工作时间给我回个电话？不回的话我一天打你几十个电话。") == {"CN-CIV-1033"}
    assert fired("您昨晚加班到半夜吧？那我下午再打给您。") == set()
    assert fired("您是担心我们会去找您家里人？不会的，我们只跟贵司联系。") == set()
    assert fired("天天上门？不会的，我们只在约好的时间来。") == set()
    assert fired("你怕不怕我们天天上门？") == {"CN-CIV-1033"}  # a taunt is no echo
    assert fired("您是说没钱，那我找人收拾你？") == {"CN-CRIM-293"}  # nor a threat after a pause
    assert fired("你们客户是哪家？我去找他们要钱。") == {"CN-PRIVACY-DISCLOSE", "GP-CONTACT-SCOPE"}
    # the first 客户 is the debtor's own words, echoed; the second is the threat
    assert "CN-PRIVACY-DISCLOSE" in fired("您也提到下游客户没回款，对吧？那我就去找你们的客户要钱。")
    # a pattern anchored at ^ reads each sentence, not only the first
    assert fired("您好。你再不付，我就把你们拖欠货款的事告诉你的几个大客户。") == {"CN-PRIVACY-DISCLOSE",
                                                                            "GP-CONTACT-SCOPE"}
