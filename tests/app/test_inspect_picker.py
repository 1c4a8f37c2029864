"""Inspect page's sentence picker at scale: a text filter and at most PICKER_MAX choices sent."""

from __future__ import annotations

import sys
from pathlib import Path

from xproj_core.store import Store

ROOT = str(Path(__file__).resolve().parents[2])
if ROOT not in sys.path:  # the app's own imports (AppTest adds it too)
    sys.path.insert(0, ROOT)

from pages._ui import state  # noqa: E402

PAGE = "pages/inspect.py"


def test_window_filters_caps_and_keeps_the_current_sentence():
    choices = {f"de-{k:03d}": f"de-{k:03d} · Satz {k}" for k in range(50)}
    shown, n = state.window(choices, "", None, limit=10)
    assert shown == [f"de-{k:03d}" for k in range(10)] and n == 50
    shown, n = state.window(choices, "", "de-042", limit=10)
    assert shown[0] == "de-042" and len(shown) == 11 and n == 50
    named = {i: f"{t} {'beta' if k >= 45 else 'alpha'}" for k, (i, t) in enumerate(choices.items())}
    shown, n = state.window(named, "BETA satz", "de-001", limit=3)  # case-insensitive, every word must occur
    assert shown == ["de-001", "de-045", "de-046", "de-047"] and n == 5
    texts = {"de-007": "de-007\nthe source\nберлин"}  # full texts searched where given (not the label)
    assert state.window(choices, "Берлин", None, texts, 10) == (["de-007"], 1)
    assert state.window(choices, "nothing", "de-003", limit=10) == (["de-003"], 0)


def _ids(box) -> list[str]:
    """Pair ids of the selectbox's options (AppTest gives the formatted labels, ``id · text``)."""
    return [o.split(" · ")[0] for o in box.options]


def _setup(app_at, workspace, monkeypatch, limit=10):
    monkeypatch.setattr(state, "PICKER_MAX", limit)
    store = Store(workspace)
    [project] = store.projects()
    [run] = store.runs(project.id)
    return store, project, run


def test_picker_sends_at_most_picker_max_choices(app_at, workspace, monkeypatch):
    store, project, _ = _setup(app_at, workspace, monkeypatch)
    pairs = store.pairs(project.id)
    at = app_at(PAGE)
    box = at.selectbox(key="inspect_pair")
    assert len(box.options) == 10 and box.value == pairs[0].id
    assert any(f"The first 10 of {len(pairs):,} sentences are listed" in c.value for c in at.caption)
    target = pairs[-1]  # not among the first ten: found by a word of its target text
    word = max(target.tgt.words, key=len)
    at.text_input(key="inspect_find").input(word).run()
    assert not at.exception, [e.value for e in at.exception]
    box = at.selectbox(key="inspect_pair")
    assert any(c.value.endswith(f"of {len(pairs):,} sentences match.") for c in at.caption)
    ids = _ids(box)
    assert target.id in ids and box.value == pairs[0].id  # the current sentence stays listed
    listed = [p for p in pairs if p.id in ids and p.id != pairs[0].id]
    assert listed and all(word.casefold() in f"{p.id}\n{p.src.surface}\n{p.tgt.surface}".casefold() for p in listed)
    box.set_value(target.id).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="inspect_pair").value == target.id
    assert at.query_params["pair"] in ([target.id], target.id)


def test_permalink_pair_beyond_the_window_is_listed(app_at, workspace, monkeypatch):
    store, project, run = _setup(app_at, workspace, monkeypatch)
    target = store.pairs(project.id)[-1]
    at = app_at(PAGE, query={"project": str(project.id), "run": str(run.id), "pair": target.id})
    box = at.selectbox(key="inspect_pair")
    assert box.value == target.id and target.id in _ids(box) and len(box.options) <= 11
