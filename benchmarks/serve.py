"""Edit-to-browser latency of `huikuan serve` on the bundled library.

    python benchmarks/serve.py

Starts the real server on a copy of the project, opens an objection page in Debian's Chromium
(MkDocs' live-reload script is in the page), changes that objection's title in its YAML file,
and measures the time until the browser shows the new title. Target: within 3 s.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from browser import ARGS, CHROMIUM  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="huikuan-serve-"))
    for name in ("mkdocs.yml", "content", "scripts_library", "CONTRIBUTING.md"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, work / name)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "generator", "serve", "--dev-addr", f"127.0.0.1:{port}",
                               "--library", str(work / "scripts_library"), "-f", str(work / "mkdocs.yml")],
                              cwd=work, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/objections/no-money.html"
    results = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page()
            deadline = time.monotonic() + 300
            while True:
                try:
                    page.goto(url, timeout=5000)
                    if page.locator("h1").count():
                        break
                except Exception:  # the first build is still running
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("serve did not come up: " + server.stderr.read().decode()[-2000:])
                time.sleep(0.5)
            path = work / "scripts_library/objections/no-money.yaml"
            for round_ in range(3):
                text = path.read_text(encoding="utf-8")
                title = text.split("\n", 2)[1] if text.startswith("#") else text.split("\n", 1)[0]
                new_title = f"title: 客户说没钱（改动 {round_ + 1}）"
                start = time.monotonic()
                path.write_text(text.replace(title, new_title, 1), encoding="utf-8")
                page.wait_for_function(f"document.querySelector('h1') && "
                                       f"document.querySelector('h1').textContent.includes('改动 {round_ + 1}')",
                                       timeout=60000)
                results.append(time.monotonic() - start)
                time.sleep(1)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    print("edit to browser: " + ", ".join(f"{r:.2f} s" for r in results) + " (target ≤ 3 s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
