"""Fixtures for the AppTest page tests: a demo workspace projected once, copied per test.

``app_at(page=None)`` returns an AppTest started from ``app.py`` on a private copy of the seeded
workspace (env ``XPROJ_WORKSPACE``), switched to ``page`` if given and already run.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
TIMEOUT = 60  # the first run of a page imports pandas/altair/scipy; later runs take well under a second


@pytest.fixture(scope="session")
def seeded_workspace(tmp_path_factory) -> Path:
    """A workspace holding the demo project and its default run (made without the UI)."""
    from xproj_core import workbench as wb
    from xproj_core.store import Store

    path = tmp_path_factory.mktemp("seeded") / "xproj.sqlite"
    wb.create_demo_project(Store(path))
    return path


@pytest.fixture
def workspace(seeded_workspace, tmp_path, monkeypatch) -> Path:
    """A private copy of the seeded workspace, named by XPROJ_WORKSPACE for the app."""
    dst = tmp_path / "ws" / "xproj.sqlite"
    dst.parent.mkdir()
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(seeded_workspace) + suffix)
        if src.exists():
            shutil.copy(src, str(dst) + suffix)
    monkeypatch.setenv("XPROJ_WORKSPACE", str(dst))
    return dst


@pytest.fixture
def app_at(workspace):
    from streamlit.testing.v1 import AppTest

    def make(page: str | None = None, query: dict | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=TIMEOUT)
        if query:
            at.query_params.update(query)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        if page:
            at.switch_page(page).run()
            assert not at.exception, [e.value for e in at.exception]
        return at

    return make
