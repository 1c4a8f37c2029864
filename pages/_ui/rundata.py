"""Read-only run data shared by the review, analysis, efficiency and export pages.

``st.cache_resource`` (not ``cache_data``): a 10,000-pair run decodes once per server and is handed
out without a pickle round trip on every rerun. Callers must not mutate what they get.
"""

from __future__ import annotations

import streamlit as st

from pages._ui import state


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


def corrections_version(run_id: int) -> int:
    """A number that changes whenever a correction (or undo) of the run is stored: a cache key."""
    return len(state.store().all_corrections(run_id))
