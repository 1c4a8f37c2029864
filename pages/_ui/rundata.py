"""Read-only run data shared by the review, analysis, efficiency and export pages, and the cached
analysis tables (the page's helpers: each function is one cached call into ``xproj_core.analysis``).

``st.cache_resource`` (not ``cache_data``): a 10,000-pair run decodes once per server and is handed
out without a pickle round trip on every rerun. Callers must not mutate what they get. The review
queue and the score tables read the store's digests (one compact blob per project and per run);
pairs, projections and alignments are decoded only for the error drill-down, AER and run comparison.
"""

from __future__ import annotations

import streamlit as st

from pages._ui import state
from xproj_core import analysis


@st.cache_resource(show_spinner="Loading the run…", max_entries=16)
def _projections(workspace: str, run_id: int, created: str) -> dict:
    return state.store().projections(run_id)


@st.cache_resource(show_spinner="Loading alignments…", max_entries=16)
def _alignments(workspace: str, run_id: int, created: str) -> dict:
    return state.store().alignments(run_id)


def projections(run) -> dict:
    """pair id -> Projection of ``run`` (a RunInfo)."""
    return _projections(str(state.workspace_path()), run.id, run.created)


def alignments(run) -> dict:
    """pair id -> Alignment of ``run``."""
    return _alignments(str(state.workspace_path()), run.id, run.created)


def all_projections(project_id: int) -> dict:
    """run id -> projections, for every run of a project."""
    return {r.id: projections(r) for r in state.store().runs(project_id)}


@st.cache_resource(show_spinner=False, max_entries=8)
def _pair_digest(workspace: str, project_id: int, created: str):
    return state.store().pair_digest(project_id)


@st.cache_resource(show_spinner=False, max_entries=32)
def _run_digest(workspace: str, run_id: int, created: str):
    return state.store().run_digest(run_id)


def pair_digest(project):
    """The project's digest (ids, languages, surfaces, spans; no words): one read, no pair decoding."""
    return _pair_digest(str(state.workspace_path()), project.id, project.created)


def run_digest(run):
    """The run's digest (projected spans, review signals, linked target words, error categories)."""
    return _run_digest(str(state.workspace_path()), run.id, run.created)


def corrections_version(run_id: int) -> tuple[int, int]:
    """A value that changes whenever a correction (or undo) of the run is stored: a cache key."""
    return state.store().corrections_version(run_id)


def _key(run) -> tuple:
    return str(state.workspace_path()), run.project_id, run.id


@st.cache_resource(show_spinner="Scoring…", max_entries=8)
def _scores(key: tuple, corrected: bool, version, _project, _run):
    digest = pair_digest(_project)
    pred = analysis.digest_predictions(state.store(), _run.id, run_digest(_run), digest.ids, corrected=corrected)
    types: dict = {}
    return digest, pred, analysis.scores_by_lang_digest(digest, pred, types=types), types


def scores(project, run, corrected: bool):
    """(project digest, predictions, per-language table, language -> per-type table) of a run.

    Computed from the digests (no pair, projection or alignment decoding); ``analysis.has_gold``
    takes the digest like a list of pairs."""
    return _scores(_key(run), corrected, corrections_version(run.id), project, run)


@st.cache_resource(show_spinner="Categorising errors…", max_entries=8)
def _errors(key: tuple, corrected: bool, causes: bool, version, _project, _run):
    digest, pred, _, _ = _scores(key, corrected, version, _project, _run)
    als = run_digest(_run).linked  # linked target words: enough for "MT dropped / unaligned"
    if causes:  # re-projection with evidence needs the pairs and alignments themselves
        from xproj_core.workbench import config_from_run

        pairs = state.project_pairs(_project)
        projs = analysis.with_evidence(pairs, pred, alignments(_run), config_from_run(_run.config))
        inst = analysis.instances(pairs, pred, projections=projs, alignments=als)
    else:
        inst = analysis.instances_digest(digest, pred, alignments=als)
    return dict(inst=inst, table=analysis.category_table(inst), counts=analysis.category_counts(inst),
                causes=analysis.cause_counts(inst), langs=sorted(set(inst["lang"].tolist())), labels=sorted(set(inst["label"].tolist())))


def errors(project, run, corrected: bool, causes: bool) -> dict:
    """Error instances of a run and their tables (``inst``, ``table``, ``counts``, ``causes``, ``langs``, ``labels``)."""
    return _errors(_key(run), corrected, causes, corrections_version(run.id), project, run)


@st.cache_resource(show_spinner="Scoring alignments…", max_entries=8)
def _aer(key: tuple, _project, _run):
    gold = state.project_gold_alignments(_project)
    return analysis.aer_by_lang(state.project_pairs(_project), gold, alignments(_run)) if gold else None


def aer(project, run):
    """Alignment P/R/AER per language, or None without gold alignments."""
    return _aer(_key(run), project, run)


@st.cache_resource(show_spinner="Comparing runs…", max_entries=8)
def _runs(workspace: str, project_id: int, run_ids: tuple[int, ...], _project):
    runs = state.store().runs(project_id)
    return analysis.compare_runs(state.store(), project_id, state.project_pairs(_project),
                                 state.project_gold_alignments(_project), projections=all_projections(project_id),
                                 alignments={r.id: alignments(r) for r in runs})


def runs_compared(project):
    """One row per (run, language) of a project: P/R/F1, proj_ratio, AER."""
    run_ids = tuple(r.id for r in state.store().runs(project.id))
    return _runs(str(state.workspace_path()), project.id, run_ids, project)


@st.cache_resource(show_spinner="Ranking sentences…", max_entries=8)
def _queue(workspace: str, project_id: int, run_id: int, run_ids: tuple[int, ...], _project, _run):
    from xproj_core import triage

    runs = {r.id: run_digest(r) for r in state.store().runs(project_id)}
    return triage.digest_queue(pair_digest(_project), runs, run_id, project_id=project_id)


def review_queue(project, run):
    """The run's review queue (statuses as of its first computation: refresh with ``triage.with_statuses``)."""
    run_ids = tuple(r.id for r in state.store().runs(project.id))
    return _queue(str(state.workspace_path()), project.id, run.id, run_ids, project, run)
