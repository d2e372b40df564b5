"""`huikuan serve` rebuilds when a library file changes, and the browser shows it."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from browser import ARGS, CHROMIUM
from conftest import MINI
from sitebuild import project

playwright = pytest.importorskip("playwright.sync_api")


def test_serve_picks_up_a_library_edit(tmp_path: Path) -> None:
    root = project(tmp_path, MINI, {"index.md": "# 首页\n\n[[no-money]]\n"})
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    helpers: dict[int, str] = {}
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "--library", str(root / "scripts_library"), "-f", str(root / "mkdocs.yml")],
                              cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        with playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            deadline = time.monotonic() + 120
            while True:
                try:
                    page.goto(f"http://127.0.0.1:{port}/objections/no-money.html", timeout=5000)
                    if page.locator("h1").count():
                        break
                except playwright.Error:
                    pass
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()[-2000:]
                time.sleep(0.3)
            assert "没钱" in page.locator("h1").inner_text()
            path = root / "scripts_library/objections/no-money.yaml"
            path.write_text(path.read_text(encoding="utf-8").replace("title: 没钱", "title: 手头紧"), encoding="utf-8")
            page.wait_for_function("document.querySelector('h1') && "
                                   "document.querySelector('h1').textContent.includes('手头紧')", timeout=60000)
            browser.close()
        helpers = children(server.pid)
        assert any("spawn_main" in command for command in helpers.values())  # serve's search worker
    finally:
        server.terminate()
        server.wait(timeout=30)
    # Killed without a goodbye, serve leaves no worker behind.
    deadline = time.monotonic() + 10
    while any(Path(f"/proc/{pid}").exists() for pid in helpers) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not [pid for pid in helpers if Path(f"/proc/{pid}").exists()]
    shutil.rmtree(tmp_path / "site", ignore_errors=True)


def children(pid: int) -> dict[int, str]:
    """A process's children and their command lines (Linux /proc)."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            command = Path(f"/proc/{child}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            found[int(child)] = command
    return found
