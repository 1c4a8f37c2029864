"""Run: choose aligner, method and parameters, project the whole project, compare runs side by side."""

import streamlit as st

from pages._ui import state
from xproj_core import workbench as wb
from xproj_core.errors import XprojError

st.title("Run a projection")
store = state.store()
project = state.project_picker()
if project is None:
    st.info("No project yet: create one on the Projects page.")
    st.stop()

st.subheader("Runs of this project")
rows = wb.run_summary(store, project.id)
if rows:
    st.dataframe(rows, hide_index=True, width="stretch", key="run_summary")
    st.caption("P/R/F1: exact-span micro scores against the target gold (when the project has one); "
               "proj_ratio: projected spans per source entity; time_s: align + project.")
else:
    st.info("No run yet.")

st.subheader("New run")
c1, c2 = st.columns(2)
with c1:
    aligner = st.selectbox("Aligner", wb.ALIGNERS, key="run_aligner", help=(
        "fusion: eflomal + orthographic links (default, no model); eflomal: statistical, trained on the project; "
        "ortho: romanised string similarity; pharaoh: links computed elsewhere; simalign: a local encoder model"))
    arg = ""
    if aligner == "pharaoh":
        up = st.file_uploader("Pharaoh links (0-based i-j, one line per pair)", key="run_pharaoh")
        arg = str(wb.save_upload(state.workspace_dir(), up.name, up.getvalue())) if up else ""
    elif aligner == "simalign":
        arg = st.text_input("Model directory or hub id", key="run_simalign_model")
    method = st.radio("Method", ["matching", "heuristic"], key="run_method", horizontal=True)
with c2:
    if method == "heuristic":
        preset = st.selectbox("Preset", wb.HEURISTIC_PRESETS, key="run_preset")
        base = wb.heuristic_defaults(preset)  # knobs start at the preset's values
        opts = dict(method="heuristic", preset=preset,
                    merge_distance=st.number_input("merge distance d", 0, 10, base["merge_distance"],
                                                   key=f"run_d_{preset}"),
                    length_ratio=st.number_input("length ratio threshold, strict (0 = off)", 0.0, 2.0,
                                                 float(base["length_ratio"] or 0.0), 0.05, key=f"run_thr_{preset}"),
                    top_k=st.number_input("top-k ranges per entity (0 = unlimited)", 0, 10, base["top_k"] or 0,
                                          key=f"run_topk_{preset}"))
    else:
        opts = dict(method="matching",
                    candidates=st.selectbox("Candidates", ["ngram", "aligned_window"], key="run_cands"),
                    max_len=st.number_input("max n-gram length (0 = unbounded)", 0, 100, 10, key="run_maxlen"),
                    w_align=st.number_input("weight: alignment (Dice)", 0.0, 5.0, 1.0, 0.1, key="run_walign"),
                    w_ortho=st.number_input("weight: orthographic", 0.0, 5.0, 0.0, 0.1, key="run_wortho"),
                    solver=st.radio("Solver", ["greedy", "exact"], key="run_solver", horizontal=True))
opts["case_agreement"] = st.selectbox(
    "Case agreement", ["entity", "word", "off"], key="run_case",
    help="In cased scripts, drop links from a capitalised source entity to lower-case target words "
         "(entity: from every word of such an entity; word: only from its capitalised words; off: keep all links).")
name = st.text_input("Run name", "", key="run_name", placeholder="optional")

if st.button("Run", key="run_go", type="primary", disabled=aligner in ("pharaoh", "simalign") and not arg):
    spec = f"{aligner}:{arg}" if arg else aligner
    bar = st.progress(0.0, text="Aligning and projecting…")
    try:
        config = wb.build_config(**opts)
        rid = wb.execute_run(store, project.id, config, aligner=spec, name=name.strip(),
                             progress=lambda d, t: bar.progress(min(1.0, d / max(t, 1)), text=f"{d}/{t}"))
    except XprojError as e:
        st.error(f"The run failed: {e}")
    else:
        st.session_state.run_id = rid
        st.rerun()
    finally:
        bar.empty()

if rows:
    with st.expander("Delete a run"):
        rid = st.selectbox("Run", [r["run"] for r in rows], key="run_delete_pick",
                           format_func=lambda i: next(f"#{r['run']} {r['name']}" for r in rows if r["run"] == i))
        if st.button("Delete run", key="run_delete"):
            store.delete_run(rid)
            st.rerun()
