"""Projects: create one from uploaded files or from the demo; list, open and delete projects."""

import streamlit as st

from pages._ui import state
from xproj_core import workbench as wb
from xproj_core.errors import XprojError

st.title("Projects")
store = state.store()
state.project_picker()

rows = wb.project_rows(store)
if rows:
    st.dataframe(rows, hide_index=True, width="stretch", key="projects_table")
    ids = [r["id"] for r in rows]
    names = {r["id"]: f"#{r['id']} {r['name']}" for r in rows}
    c1, c2 = st.columns(2)
    with c1:
        state.current_project()  # a stale session id falls back to the newest project
        pid = state.synced_select("Project", ids, "project_id", key="projects_open_pick", sidebar=False,
                                  reset=("run_id", "pair_id"), format_func=names.get)
        if st.button("Open in the inspector", key="projects_open", type="primary"):
            st.session_state.project_id, st.session_state.run_id, st.session_state.pair_id = pid, None, None
            st.switch_page("pages/inspect.py")
    with c2:
        sure = st.checkbox(f"Yes, delete {names[pid]} with its runs and corrections", key="projects_delete_sure")
        if st.button("Delete project", key="projects_delete", disabled=not sure):
            store.delete_project(pid)
            if st.session_state.project_id == pid:
                st.session_state.project_id = st.session_state.run_id = None
            st.rerun()
else:
    st.info("The workspace has no project yet.")

st.subheader("New project from files")
st.caption("A labelled source file (CoNLL/TSV/UNER/MasakhaNER detected automatically; xproj's own JSONL, Label "
           "Studio and DocBin exports by their extension) and its target: "
           "tokenised translations (one sentence per line), or a labelled target file for parallel gold "
           "(UNER-PUD, Europarl-NER): its labels become the gold the projection is scored against.")
c1, c2 = st.columns(2)
with c1:
    src_file = st.file_uploader("Labelled source file", key="new_src")
    src_fmt = st.selectbox("Source format", wb.corpus_formats(), key="new_src_fmt")
    src_lang = st.text_input("Source language", "en", key="new_src_lang")
with c2:
    tgt_file = st.file_uploader("Target file", key="new_tgt")
    tgt_kind = st.radio("Target file holds", ["tokenised text", "labelled sentences (parallel gold)"],
                        key="new_tgt_kind")
    tgt_fmt = st.selectbox("Target format", wb.corpus_formats(target=True), key="new_tgt_fmt")
    tgt_lang = st.text_input("Target language", "", key="new_tgt_lang", placeholder="de")
name = st.text_input("Project name", "", key="new_name", placeholder="my corpus")
project_now = st.checkbox("Project it with the default configuration", True, key="new_project_now")

if st.button("Create project", key="new_create", type="primary", disabled=not (src_file and tgt_file)):
    try:
        pairs = wb.pairs_from_uploads((src_file.name, src_file.getvalue()), (tgt_file.name, tgt_file.getvalue()),
                                      src_lang=src_lang.strip(), tgt_lang=tgt_lang.strip(),
                                      src_format=None if src_fmt == "auto" else src_fmt,
                                      tgt_format=None if tgt_fmt == "auto" else tgt_fmt,
                                      target_labelled=tgt_kind != "tokenised text")
        pid = store.create_project(name.strip() or src_file.name, pairs,
                                   meta={"source": "upload", "files": [src_file.name, tgt_file.name]})
    except XprojError as e:
        st.error(f"Could not read the files: {e}")
    else:
        st.session_state.project_id, st.session_state.run_id, st.session_state.pair_id = pid, None, None
        msgs = [("success", f"Created project #{pid} with {len(pairs)} sentence pairs.")]
        if project_now:
            bar = st.progress(0.0, text="Aligning and projecting…")
            try:
                st.session_state.run_id = wb.execute_run(
                    store, pid, wb.default_config(), name="default",
                    progress=lambda d, t: bar.progress(min(1.0, d / max(t, 1)), text=f"Projecting {d}/{t}"))
                msgs.append(("success", "Projected with the default configuration: open it with "
                             "**Open in the inspector** at the top of the page."))
            except XprojError as e:
                msgs.append(("error", f"The project was created, but projecting it failed: {e}"))
            bar.empty()
        st.session_state.projects_msg = msgs
        st.rerun()  # the project list, the sidebar and "Open in the inspector" now show the new project

for kind, text in st.session_state.pop("projects_msg", []):  # what the last "Create project" did
    getattr(st, kind)(text)

st.subheader("Demo corpus")
st.caption("A few dozen English sentences translated into German, Arabic, Chinese and Swahili, with target gold "
           "and gold word alignments. Made for xproj.")
if st.button("Create another demo project", key="new_demo"):
    with st.spinner("Creating and projecting the demo…"):
        st.session_state.project_id, st.session_state.run_id = wb.create_demo_project(store)
    st.rerun()
