"""End to end in a real browser: start ``streamlit run app.py`` on a fresh workspace, open the demo,
inspect a sentence through its permalink, correct a span, export JSONL and re-import it.

Drives Debian chromium (``/usr/bin/chromium``) with Playwright; never downloads a browser.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest

from streamlit_driver import ARGS, CHROMIUM, free_port, start_app, wait_idle

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"{CHROMIUM} is absent (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """A running app on a fresh workspace: base URL and workspace path."""
    tmp = tmp_path_factory.mktemp("e2e")
    ws = tmp / "ws" / "xproj.sqlite"
    port = free_port()
    proc = start_app(ws, port, tmp / "streamlit.log")
    yield f"http://127.0.0.1:{port}", ws
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_demo_inspect_correct_export_reimport(app, browser, tmp_path):
    from xproj_core import export as ex
    from xproj_core.store import Store

    base, ws = app
    page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))

    # 1. a fresh workspace: the demo project is created and projected on first visit
    page.goto(base + "/", wait_until="domcontentloaded")
    page.get_by_text("Demo", exact=False).first.wait_for(timeout=180_000)
    wait_idle(page)
    store = Store(ws)
    deadline = time.time() + 300
    while time.time() < deadline and not (store.projects() and store.runs(store.projects()[0].id)):
        time.sleep(0.5)  # the demo run is stored once its projection has finished
    [project] = store.projects()
    [run] = store.runs(project.id)[:1]
    pair = next(p for p in store.pairs(project.id) if p.tgt.lang == "de" and p.tgt.spans)

    # 2. inspect one sentence through its permalink
    page.goto(f"{base}/inspect?project={project.id}&run={run.id}&pair={pair.id}", wait_until="domcontentloaded")
    page.get_by_text("Inspect & correct").first.wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_text(pair.id, exact=False).first.wait_for(timeout=30_000)
    body = page.frame_locator("iframe").first.locator("body")
    body.wait_for(timeout=30_000)
    assert pair.tgt.words[-2] in body.text_content()  # the linked view shows the target sentence

    # 3. correct a span: relabel the first span in the token-snapped editor, then save
    page.get_by_role("tab", name="Edit spans").click()
    grid = page.locator('[data-testid="stDataFrame"]').filter(has=page.locator("canvas")).last
    grid.wait_for(timeout=30_000)
    before = store.final_spans(run.id)[pair.id]
    new_label = "MISC" if before[0].label != "MISC" else "ORG"
    grid.scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    box = grid.bounding_box()
    # the label column is the third of three; row 1 sits under the header (both ~35 px high)
    page.mouse.dblclick(box["x"] + box["width"] * 0.85, box["y"] + 35 + 17)
    page.wait_for_timeout(800)  # the cell's selectbox editor opens
    page.keyboard.type(new_label, delay=50)
    page.wait_for_timeout(500)
    page.keyboard.press("Enter")
    page.wait_for_timeout(800)
    wait_idle(page)  # the edit reruns the script; save only once it has finished
    page.get_by_role("button", name="Save spans").click()
    wait_idle(page)
    page.get_by_text("Saved", exact=False).first.wait_for(timeout=30_000)
    current = store.current(run.id)[pair.id]
    assert current.status == "corrected"
    assert current.spans[0].label == new_label and (current.spans[0].start, current.spans[0].end) == (
        before[0].start, before[0].end)

    # 4. export the reviewed sentences as JSONL and re-import the file through the core
    page.goto(f"{base}/export", wait_until="domcontentloaded")
    page.get_by_text("Export").first.wait_for(timeout=60_000)
    wait_idle(page)
    page.get_by_text("JSON Lines", exact=False).first.click()
    wait_idle(page)
    page.get_by_text("Only reviewed", exact=False).first.click()
    page.get_by_text("Read back: 1 sentences", exact=False).first.wait_for(timeout=60_000)
    wait_idle(page)
    with page.expect_download(timeout=60_000) as dl:
        page.get_by_role("button", name="Download").first.click()
    path = tmp_path / "export.jsonl"
    dl.value.save_as(path)
    sents = ex.reimport(path.read_bytes(), "jsonl")
    assert [s.id for s in sents] == [pair.id]
    assert sents[0].words == pair.tgt.words
    assert sents[0].spans == tuple(sorted(current.spans))
    assert not errors, errors
    page.close()
