"""Workspace, store access and the session's current project/run.

The workspace is a SQLite file: env ``XPROJ_WORKSPACE`` (a ``.sqlite``/``.db`` file, or a folder that
gets ``xproj.sqlite``), default ``./workspace/xproj.sqlite``.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import streamlit as st

from xproj_core.errors import XprojError

DEFAULTS = {"project_id": None, "run_id": None, "pair_id": None, "author": "user"}


def workspace_path() -> Path:
    raw = os.environ.get("XPROJ_WORKSPACE", "").strip()
    if not raw:
        return Path("workspace") / "xproj.sqlite"
    p = Path(raw).expanduser()
    return p if p.suffix in (".sqlite", ".db", ".sqlite3") else p / "xproj.sqlite"


def workspace_dir() -> Path:
    return workspace_path().parent


_FRESH: set[str] = set()  # workspaces this server created: they get the demo project once
_FRESH_LOCK = threading.Lock()


@st.cache_resource(show_spinner=False)
def _store(path: str):
    from xproj_core.store import Store

    if not Path(path).exists():
        _FRESH.add(path)
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return Store(path)


def store():
    """The workspace store (one object per server; it opens a short connection per operation)."""
    return _store(str(workspace_path().resolve()))


def init_session() -> None:
    for k, v in DEFAULTS.items():
        st.session_state.setdefault(k, v)


def ensure_demo() -> None:
    """Fresh workspace (no file yet): create and project the demo corpus once, showing progress.

    A workspace whose projects the user deleted stays empty (the Projects page can add the demo).
    """
    from xproj_core.workbench import bootstrap_demo

    s = store()
    path = str(workspace_path().resolve())
    with _FRESH_LOCK:  # one session does it, even if several open a fresh server at once
        if path not in _FRESH:
            return
        _FRESH.discard(path)
    bar = st.progress(0.0, text="Setting up the demo project: aligning and projecting…")

    def progress(done: int, total: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"Demo project: {done}/{total}")

    try:
        made = bootstrap_demo(s, progress=progress)
    except XprojError as e:
        bar.empty()
        st.error(f"Could not create the demo project: {e}")
        return
    bar.empty()
    if made:
        st.session_state.project_id, st.session_state.run_id = made
        st.toast("Demo project created and projected.")


def current_project():
    """The selected project (falls back to the newest); ``None`` if the workspace is empty."""
    projects = store().projects()
    if not projects:
        return None
    ids = [p.id for p in projects]
    if st.session_state.get("project_id") not in ids:
        st.session_state.project_id = ids[-1]
    return next(p for p in projects if p.id == st.session_state.project_id)


def current_run(project_id: int):
    runs = store().runs(project_id)
    if not runs:
        st.session_state.run_id = None
        return None
    ids = [r.id for r in runs]
    if st.session_state.get("run_id") not in ids:
        st.session_state.run_id = ids[-1]
    return next(r for r in runs if r.id == st.session_state.run_id)


def synced_select(label: str, options: list, state_key: str, *, key: str, format_func=str, sidebar: bool = True,
                  reset: tuple[str, ...] = ()):
    """A selectbox bound to ``st.session_state[state_key]`` both ways (other pages may change the value).

    Picking a value stores it and clears the ``reset`` keys (e.g. a new project clears the run).
    """
    if not options:
        return None
    if st.session_state.get(state_key) not in options:
        st.session_state[state_key] = options[-1] if state_key != "pair_id" else options[0]
    if st.session_state.get(key) != st.session_state[state_key]:
        st.session_state[key] = st.session_state[state_key]

    def changed() -> None:
        st.session_state[state_key] = st.session_state[key]
        for r in reset:
            st.session_state[r] = None

    where = st.sidebar if sidebar else st
    return where.selectbox(label, options, format_func=format_func, key=key, on_change=changed)


def project_picker(*, key: str = "project_pick"):
    """Sidebar selector of the current project; returns the ProjectInfo or ``None``."""
    projects = {p.id: p for p in store().projects()}
    if not projects:
        return None
    pid = synced_select("Project", list(projects), "project_id", key=key, reset=("run_id", "pair_id"),
                        format_func=lambda i: f"{projects[i].name} (#{i}, {projects[i].n_pairs} pairs)")
    return projects[pid]


def run_picker(project_id: int, *, key: str = "run_pick"):
    """Sidebar selector of the current run of a project; returns the RunInfo or ``None``."""
    runs = {r.id: r for r in store().runs(project_id)}
    if not runs:
        st.session_state.run_id = None
        return None
    rid = synced_select("Run", list(runs), "run_id", key=key, format_func=lambda i: f"#{i} {runs[i].name}")
    return runs[rid]


@st.cache_resource(show_spinner=False, max_entries=8)
def _pairs(path: str, project_id: int, created: str) -> tuple:
    return tuple(_store(path).pairs(project_id))


def project_pairs(project) -> tuple:
    """A project's pairs, loaded once per server (pairs never change; ``created`` guards reused ids)."""
    return _pairs(str(workspace_path().resolve()), project.id, project.created)


@st.cache_resource(show_spinner=False, max_entries=8)
def _by_id(path: str, project_id: int, created: str) -> tuple[dict, list]:
    from xproj_core.workbench import languages

    pairs = _pairs(path, project_id, created)
    return {p.id: p for p in pairs}, languages(pairs)


def project_pairs_by_id(project) -> dict:
    """pair id -> pair of a project (built once per server, not on every rerun; do not mutate)."""
    return _by_id(str(workspace_path().resolve()), project.id, project.created)[0]


def project_languages(project) -> list[str]:
    """Target languages of a project's pairs."""
    return list(_by_id(str(workspace_path().resolve()), project.id, project.created)[1])


@st.cache_resource(show_spinner=False, max_entries=32)
def _choices(path: str, project_id: int, created: str, lang: str) -> dict:
    from xproj_core.workbench import pair_choices as choices

    return choices(_pairs(path, project_id, created), lang=lang)


def pair_choices(project, lang: str) -> dict:
    """pair id -> selector label for one language (or ``all``), built once per server (do not mutate)."""
    return _choices(str(workspace_path().resolve()), project.id, project.created, lang)


#: most sentences the inspect picker sends to the browser (10,000 labels were 0.63 MB on every rerun)
PICKER_MAX = 200


@st.cache_resource(show_spinner=False, max_entries=8)
def _search_text(path: str, project_id: int, created: str) -> dict:
    return {p.id: f"{p.id}\n{p.src.surface}\n{p.tgt.surface}".casefold() for p in _pairs(path, project_id, created)}


def window(choices: dict, query: str, current, texts: dict | None = None, limit: int = PICKER_MAX) -> tuple[list, int]:
    """(at most ``limit`` ids of ``choices`` matching ``query``, in corpus order, with ``current`` always
    kept; the number of matches). ``query``: case-insensitive words, all of which must occur in the id,
    source or target text (``texts``: id -> casefolded text; default: the label)."""
    words = query.casefold().split()
    if words:
        texts = texts or {}
        ids = [i for i in choices if all(w in (texts.get(i) or choices[i].casefold()) for w in words)]
    else:
        ids = list(choices)
    shown = ids[:limit]
    if current in choices and current not in shown:
        shown.insert(0, current)
    return shown, len(ids)


def sentence_window(project, choices: dict, query: str, current) -> tuple[list, int]:
    """:func:`window` over a project's sentences (id, source and target text searched)."""
    texts = _search_text(str(workspace_path().resolve()), project.id, project.created) if query.strip() else None
    return window(choices, query, current, texts, PICKER_MAX)


@st.cache_resource(show_spinner=False, max_entries=32)
def _config(run_id: int, created: str, config_json: str):
    import json

    from xproj_core.workbench import config_from_run

    return config_from_run(json.loads(config_json))


def run_config(run):
    """The ProjectionConfig of a run (for live re-projection)."""
    import json

    return _config(run.id, run.created, json.dumps(run.config, sort_keys=True))


def apply_permalink() -> None:
    """Take ``?project=..&run=..&pair=..`` into the session when the URL changed (not on every rerun)."""
    qp = {k: st.query_params.get(k) for k in ("project", "run", "pair")}
    if qp == st.session_state.get("_permalink_seen"):
        return
    st.session_state._permalink_seen = qp
    for key, state_key, conv in (("project", "project_id", int), ("run", "run_id", int), ("pair", "pair_id", str)):
        if qp[key] not in (None, ""):
            try:
                st.session_state[state_key] = conv(qp[key])
            except ValueError:
                pass


def write_permalink(project_id, run_id, pair_id) -> None:
    qp = {"project": str(project_id), "run": str(run_id), "pair": str(pair_id)}
    if {k: st.query_params.get(k) for k in qp} != qp:
        st.query_params.update(qp)
    st.session_state._permalink_seen = qp


@st.cache_resource(show_spinner=False, max_entries=8)
def _gold_alignments(path: str, project_id: int, created: str) -> dict:
    return _store(path).gold_alignments(project_id)


def project_gold_alignments(project) -> dict:
    """``pair_id -> GoldAlignment`` of a project (empty when it has none)."""
    return _gold_alignments(str(workspace_path().resolve()), project.id, project.created)



@st.cache_resource(show_spinner=False, max_entries=8)
def _labels(path: str, project_id: int, created: str) -> tuple:
    from xproj_core.workbench import label_set

    return tuple(label_set(_pairs(path, project_id, created)))


def project_labels(project) -> list[str]:
    """Entity labels offered by the span editor (the project's own first)."""
    return list(_labels(str(workspace_path().resolve()), project.id, project.created))
