"""The entry point: a fresh workspace gets the demo project, projected, without any download."""

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[2] / "app.py")
TIMEOUT = 60


def test_fresh_workspace_creates_and_projects_the_demo(tmp_path, monkeypatch):
    ws = tmp_path / "fresh" / "xproj.sqlite"
    monkeypatch.setenv("XPROJ_WORKSPACE", str(ws))
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception, [e.value for e in at.exception]
    assert ws.exists()

    from xproj_core.store import Store

    store = Store(ws)
    [project] = store.projects()
    assert project.name == "Demo" and project.n_pairs > 20
    assert {"de", "ar", "zh"} <= set(project.langs)
    [run] = store.runs(project.id)
    assert run.config["aligner"] == "fusion" and run.config["method"] == "matching"
    projections = store.projections(run.id)
    assert len(projections) == project.n_pairs
    assert sum(len(p.spans) for p in projections.values()) > project.n_pairs // 2  # most sentences got spans
    assert at.session_state.project_id == project.id and at.session_state.run_id == run.id
    # the second start does not create a second demo
    AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert len(store.projects()) == 1


def test_every_page_is_registered_and_renders(app_at):
    at = app_at()
    root = Path(APP).parent
    for page in ("pages/projects.py", "pages/run.py", "pages/inspect.py", "pages/review.py", "pages/analysis.py",
                 "pages/efficiency.py", "pages/export.py"):
        if not (root / page).exists():
            continue
        at.switch_page(page).run()
        assert not at.exception, (page, [e.value for e in at.exception])
        assert at.title, page
