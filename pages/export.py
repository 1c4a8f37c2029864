"""Export: the corrected target data of a run in CoNLL IOB2/BIOES, JSONL, DocBin, Label Studio or Pharaoh."""

import streamlit as st

from pages._ui import rundata, state
from xproj_core import export as ex
from xproj_core.errors import XprojError

st.title("Export")
project = state.project_picker(key="export_project")
if project is None:
    st.info("The workspace is empty: create a project first.")
    st.stop()
run = state.run_picker(project.id, key="export_run")
if run is None:
    st.info("This project has no run yet: project it on the Run page.")
    st.stop()

counts = state.store().review_counts(run.id)
st.caption("Reviewed so far: " + ", ".join(f"{v} {k}" for k, v in counts.items())
           + ". Rejected sentences are never exported; corrected spans replace projected ones.")

c1, c2, c3 = st.columns([3, 2, 2])
fmt = c1.radio("Format", list(ex.FORMATS), format_func=lambda f: ex.FORMATS[f].label, key="export_fmt")
scope = c2.radio("Sentences", ["all", "reviewed"], key="export_scope",
                 format_func=lambda s: {"all": "All (projected where not reviewed)",
                                        "reviewed": "Only reviewed (corrected / accepted)"}[s])
lang = c3.selectbox("Language", ["all", *project.langs], key="export_lang")


@st.cache_data(show_spinner="Preparing the file…", max_entries=16)
def _export(workspace: str, run_id: int, fmt: str, only_reviewed: bool, lang: str | None, version: int):
    recs = ex.records_from_store(state.store(), run_id, only_reviewed=only_reviewed, lang=lang)
    data = ex.export(recs, fmt)
    back = ex.reimport(data, fmt)  # every file is read back before it is offered
    return data, ex.summary(recs), len(back)


try:
    data, summ, n_back = _export(str(state.workspace_path()), run.id, fmt, scope == "reviewed",
                                 None if lang == "all" else lang, rundata.corrections_version(run.id))
except XprojError as e:
    st.error(str(e))
    st.stop()

m1, m2, m3 = st.columns(3)
m1.metric("Sentences", f"{summ['sentences']:,}")
m2.metric("Entity spans", f"{summ['spans']:,}")
m3.metric("Reviewed", f"{summ['reviewed']:,}")
if n_back == summ["sentences"]:
    st.success(f"Read back: {n_back:,} {'alignments' if fmt == 'pharaoh' else 'sentences'} re-imported from the file.")
else:
    st.warning(f"Read back {n_back:,} items for {summ['sentences']:,} sentences.")

stem = f"{project.name}-run{run.id}" + ("" if lang == "all" else f"-{lang}") + ("-reviewed" if scope == "reviewed" else "")
st.download_button(f"Download {ex.filename(stem, fmt)}", data, file_name=ex.filename(stem, fmt),
                   mime=ex.FORMATS[fmt].mime, type="primary", key="export_download",
                   disabled=summ["sentences"] == 0, icon=":material/download:")
with st.expander("Merge into gold"):
    st.caption("A new project whose target gold is this run's final spans, in every language (with *Only "
               "reviewed*: the corrected and accepted sentences; rejected ones never): later runs of it are "
               "scored against the reviewed data.")
    if st.button("Create the gold project", key="export_merge", disabled=summ["sentences"] == 0):
        try:
            new_id = state.store().merge_into_gold(run.id, only_reviewed=scope == "reviewed")
        except XprojError as e:
            st.error(f"Not merged: {e}")
        else:
            st.success(f"Created project #{new_id} ({state.store().project(new_id).n_pairs:,} pairs with gold): "
                       "pick it in the sidebar.")

if fmt != "docbin":
    with st.expander("Preview", expanded=True):
        st.code(data[:3000].decode("utf-8", errors="replace") or "(empty)", language=None, height=360)
else:
    st.caption(f"spaCy DocBin, {len(data):,} bytes (binary; load with `DocBin().from_bytes`).")
