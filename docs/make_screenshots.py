"""Screenshots of the main pages for the README: ``python docs/make_screenshots.py [--out docs/screenshots]``.

Starts ``streamlit run app.py`` on a fresh temporary workspace (so the demo project is created and
projected), drives Debian chromium with Playwright and saves one PNG per page.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _start(workspace: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "XPROJ_WORKSPACE": str(workspace), "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", f"--server.port={port}",
                             "--server.address=127.0.0.1", "--server.headless=true"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(180):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2):
                return proc
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("streamlit did not start")


def _idle(page, timeout: float = 180_000) -> None:
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_selector('[data-testid="stMain"] h1', timeout=timeout)  # the page's script has started
    idle = """() => (!document.querySelector('[data-testid="stStatusWidget"]')
                     || !document.querySelector('[data-testid="stStatusWidget"]').innerText.match(/Running|Stop/))
                    && !document.querySelector('[data-testid="stSkeleton"]')
                    && !document.querySelector('[data-stale="true"]')"""
    for _ in range(2):  # twice: a rerun can start right after the first idle moment
        page.wait_for_function(idle, timeout=timeout)
        page.wait_for_timeout(700)
    page.wait_for_timeout(1000)  # charts and iframes finish drawing


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    ws = Path(tempfile.mkdtemp(prefix="xproj-shots-")) / "xproj.sqlite"
    port = _port()
    proc = _start(ws, port)
    base = f"http://127.0.0.1:{port}"
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            page = browser.new_page(viewport={"width": 1440, "height": 2200}, device_scale_factor=1)
            page.goto(base + "/")
            page.get_by_text("Demo").first.wait_for(timeout=300_000)
            _idle(page)
            from xproj_core.store import Store

            store = Store(ws)
            for _ in range(600):  # the demo run is stored once projection has finished
                if store.projects() and store.runs(store.projects()[0].id):
                    break
                time.sleep(0.5)
            project = store.projects()[0]
            run = store.runs(project.id)[0]
            shots = [
                ("projects", "/"),
                ("run", "/run"),
                ("inspect", f"/inspect?project={project.id}&run={run.id}&pair=de-0001"),
                ("inspect_rtl", f"/inspect?project={project.id}&run={run.id}&pair=ar-0003"),
                ("review", "/review"),
                ("analysis", "/analysis"),
                ("efficiency", "/efficiency"),
                ("export", "/export"),
            ]
            for name, path in shots:
                page.goto(base + path)
                _idle(page)
                if name == "analysis":
                    page.locator('[data-testid="stButtonGroup"]').get_by_text("Errors", exact=True).click()
                    _idle(page)
                if name == "efficiency":
                    page.locator(".st-key-eff_measure button").first.click()
                    page.get_by_text("Press Measure", exact=False).wait_for(state="detached", timeout=120_000)
                    _idle(page)
                page.mouse.move(0, 0)  # no tooltip in the picture
                page.wait_for_timeout(300)
                page.screenshot(path=str(args.out / f"{name}.png"), full_page=True)
                print(f"wrote {args.out / (name + '.png')}")
            browser.close()
    finally:
        proc.terminate()


if __name__ == "__main__":
    main()
