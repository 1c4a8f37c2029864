"""Screenshots of the main pages for the README: ``python docs/make_screenshots.py [--out docs/screenshots]``.

Starts ``streamlit run app.py`` on a fresh temporary workspace (so the demo project is created and
projected), drives Debian chromium with Playwright and saves one PNG per page.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "e2e"))

from streamlit_driver import ARGS, CHROMIUM, free_port, start_app, wait_idle  # noqa: E402


def _idle(page) -> None:
    wait_idle(page, timeout=180_000, settle_ms=1000)  # charts and iframes finish drawing


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = ap.parse_args(argv)
    from playwright.sync_api import sync_playwright

    args.out.mkdir(parents=True, exist_ok=True)
    ws = Path(tempfile.mkdtemp(prefix="xproj-shots-")) / "xproj.sqlite"
    port = free_port()
    proc = start_app(ws, port, ws.parent / "streamlit.log", timeout=90)
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
