"""Work split over two processes gives the same result as one process, whatever happens to the child."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from conftest import LIBRARY, copy_library, count_forks

from generator import parallel
from generator.parallel import in_two_halves, map_in_two_processes
from generator.validate import check_library

forks = pytest.mark.skipif(sys.platform != "linux" or (os.cpu_count() or 1) < 2,
                           reason="splits only on Linux with 2+ cores")


@forks
def test_halves_run_in_two_processes_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)
    parts = in_two_halves(lambda xs: (os.getpid(), [x * 2 for x in xs]), list(range(9)))
    assert [x for _, xs in parts for x in xs] == [x * 2 for x in range(9)]
    assert len({pid for pid, _ in parts}) == 2 and parts[0][0] == os.getpid()


@forks
def test_a_failing_child_has_its_half_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)
    parent = os.getpid()

    def work(xs):
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return list(xs)

    assert in_two_halves(work, list(range(10))) == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]


@forks
def test_a_process_with_threads_does_not_fork(monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        parts = in_two_halves(lambda xs: (os.getpid(), list(xs)), list(range(9)))
    finally:
        stop.set()
        other.join()
    assert parts == [(os.getpid(), list(range(9)))]


@forks
def test_items_handed_out_over_two_processes_come_back_in_order(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)
    here, meanwhile = os.getpid(), []

    def slowly(x: int) -> tuple[int, int]:
        time.sleep(0.005)
        return x * 2, os.getpid()

    for n in (9, 40):
        # `meanwhile` runs here first (a short side task), so the child is sure to take items
        done = map_in_two_processes(slowly, list(range(n)), lambda: meanwhile.append(os.getpid()) or time.sleep(0.02))
        assert [x for x, _ in done] == [x * 2 for x in range(n)]
        assert len({pid for _, pid in done}) == 2  # both took items
    assert meanwhile == [here, here]
    # while this process is busy with `meanwhile`, the child takes the items
    done = map_in_two_processes(slowly, list(range(40)), lambda: time.sleep(0.2))
    assert sum(pid != here for _, pid in done) >= 30
    assert map_in_two_processes(str, []) == []


@forks
def test_items_a_failing_child_took_are_done_here(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)
    parent = os.getpid()

    def work(x: int) -> int:
        if os.getpid() != parent:
            os.write(report_in, b"x")  # the child took an item, then fails
            raise RuntimeError("the child fails")
        return x * 3

    report_out, report_in = os.pipe()
    # the child starts alone while this process waits: it surely takes items before it fails
    assert map_in_two_processes(work, list(range(50)), lambda: time.sleep(0.1)) == [x * 3 for x in range(50)]
    os.close(report_in)
    took = os.read(report_out, 100)
    os.close(report_out)
    assert took  # the redo path was used


@forks
def test_many_items_are_handed_out_in_runs_each_done_once(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Past 1,000 items they go out in runs (here of 3): each run done whole by one process,
    every item once, both processes working."""
    import time

    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)
    log = os.open(tmp_path / "log", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
    items = list(range(3000))

    def work(x: int) -> int:
        os.write(log, x.to_bytes(4, "little") + os.getpid().to_bytes(4, "little"))  # one append each
        time.sleep(0.0002)
        return x + 1

    assert map_in_two_processes(work, items) == [x + 1 for x in items]
    os.close(log)
    logged = (tmp_path / "log").read_bytes()
    done = [(int.from_bytes(logged[i:i + 4], "little"), int.from_bytes(logged[i + 4:i + 8], "little"))
            for i in range(0, len(logged), 8)]
    assert sorted(x for x, _ in done) == items  # none lost, none done twice
    by = dict(done)
    assert all(by[x] == by[x - x % 3] for x in items)  # a run is done by the process that took it
    assert len(set(by.values())) == 2


@forks
def test_a_failure_here_stops_the_child_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setattr(parallel, "MIN_ITEMS", 4)
    parent = os.getpid()

    def work(x: int) -> int:
        if os.getpid() == parent:
            raise ValueError("this process fails")
        time.sleep(0.01)
        return x

    start = time.monotonic()
    with pytest.raises(ValueError):
        map_in_two_processes(work, list(range(600)))
    assert time.monotonic() - start < 2  # not the child's 6 s of remaining items


def test_small_inputs_stay_in_this_process() -> None:
    assert in_two_halves(lambda xs: (os.getpid(), list(xs)), [1, 2, 3]) == [(os.getpid(), [1, 2, 3])]


@forks
def test_lint_split_over_two_processes_reports_what_one_process_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    library = tmp_path / "lib"
    copy_library(LIBRARY, library)
    scripts = sorted((library / "scripts").glob("*.yaml"))
    for path in (scripts[0], scripts[-1]):  # one violation in each half
        text = path.read_text(encoding="utf-8")
        path.write_text(text.replace("  - collector: ", "  - collector: 再不还钱就找人收拾你。", 1), encoding="utf-8")
    serial = check_library(library)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    split = check_library(library)
    assert len(serial.compliance.findings) >= 2
    assert {f.entry for f in serial.compliance.findings} >= {scripts[0].stem, scripts[-1].stem}
    assert split.diagnostics == serial.diagnostics
    assert split.compliance.findings == serial.compliance.findings
    assert split.compliance.checked == serial.compliance.checked
    assert split.compliance.bad_examples == serial.compliance.bad_examples
    rules = {id(r) for r in split.compliance.rules}
    assert all(id(f.rule) in rules for f in split.compliance.findings)  # the report's own rules


@forks
def test_check_split_over_two_processes_reports_what_one_process_does(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Files read in the child come back without parser marks; every position reported for
    them (pass 1, pass 2, lint) must still be the one a single process reports."""
    library = tmp_path / "lib"
    copy_library(LIBRARY, library)
    cases = sorted((library / "cases").glob("*.yaml"))  # read first: the parent's half
    scripts = sorted((library / "scripts").glob("*.yaml"))  # read last: the child's half

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, (path, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    for path in (cases[0], scripts[-1]):
        edit(path, "owner:", "ownr: 笔误\nowner:")  # pass 1: unknown field
    edit(scripts[-2], "  - collector: ", "  - collector: 再不还钱就找人收拾你。")  # lint
    edit(scripts[-3], "legal: [", "legal: [no-such-rule, ")  # pass 2: dangling reference
    (library / "scripts/zz-broken.yaml").write_text("id: zz-broken\ntitle: [没闭合\n", encoding="utf-8")  # parse
    serial = check_library(library)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    split = check_library(library)
    found = [(d.code.id, Path(d.path).parent.name) for d in serial.diagnostics]
    assert found == [("E201", "cases"), ("E302", "scripts"), ("CN-CRIM-293", "scripts"), ("E201", "scripts"),
                     ("E101", "scripts")]
    assert split.diagnostics == serial.diagnostics
    assert [i.source.id for i in split.loaded] == [i.source.id for i in serial.loaded]
    assert [i.doc.data for i in split.parsed] == [i.doc.data for i in serial.parsed]


@forks
def test_pages_rendered_over_two_processes_are_the_pages_one_process_renders(
        monkeypatch: pytest.MonkeyPatch) -> None:
    from generator.pipeline import load_library
    from generator.render.site import render_site

    library = load_library(LIBRARY)
    serial = render_site(library)
    monkeypatch.setattr(parallel, "MIN_ITEMS", 10)
    forked = count_forks(monkeypatch)
    split = render_site(library)
    assert len(forked) == 1  # the pages were shared with a child
    assert [(p.path, p.markdown, p.meta) for p in split] == [(p.path, p.markdown, p.meta) for p in serial]
    assert len(serial) > len(library.entries)
