"""Analysis: P/R/F1 and proj_ratio per language and type, the error taxonomy with drill-down to
the sentences behind every count, run comparison and alignment AER."""

import streamlit as st

from pages._ui import rundata, state
from pages._ui.charts import category_bars, cause_bars, prf_bars
from xproj_core import analysis
from xproj_core.errors import XprojError

st.title("Analysis")
project = state.project_picker(key="analysis_project")
if project is None:
    st.info("The workspace is empty: create a project first.")
    st.stop()
run = state.run_picker(project.id, key="analysis_run")
if run is None:
    st.info("This project has no run yet: project it on the Run page.")
    st.stop()

c1, c2 = st.columns(2)
corrected = c1.toggle("Include corrections", key="analysis_corrected",
                      help="Score the reviewed result (corrected/accepted/rejected) instead of the raw projection.")
causes = c2.toggle("Attribute causes", value=project.n_pairs <= 2000, key="analysis_causes",
                   help="Re-projects every sentence with an error to find its cause (no candidate, split, "
                        "merged, matching error). Slower on large projects.")


@st.cache_resource(show_spinner="Scoring…", max_entries=8)
def _load(workspace: str, project_id: int, run_id: int, corrected: bool, causes: bool, version: int, _project, _run):
    s = state.store()
    pairs = state.project_pairs(_project)
    pred = analysis.predictions(s, run_id, pairs, corrected=corrected, projections=rundata.projections(_run))
    out = {"gold": analysis.has_gold(pairs), "types": {}}
    out["langs"] = analysis.scores_by_lang(pairs, pred, types=out["types"])
    als = rundata.alignments(_run)
    gold_al = state.project_gold_alignments(_project)
    out["aer"] = analysis.aer_by_lang(pairs, gold_al, als) if gold_al else None
    if out["gold"]:
        projs = None
        if causes:
            from xproj_core.workbench import config_from_run

            projs = analysis.with_evidence(pairs, pred, als, config_from_run(s.run(run_id).config))
        inst = out["inst"] = analysis.instances(pairs, pred, projections=projs, alignments=als)
        out.update(table=analysis.category_table(inst), counts=analysis.category_counts(inst),
                   causes=analysis.cause_counts(inst), inst_langs=sorted(set(inst["lang"])),
                   inst_labels=sorted(set(inst["label"])))
    return out


@st.cache_resource(show_spinner="Comparing runs…", max_entries=8)
def _runs(workspace: str, project_id: int, run_ids: tuple[int, ...], _project):
    return analysis.compare_runs(state.store(), project_id, state.project_pairs(_project),
                                 state.project_gold_alignments(_project), projections=rundata.all_projections(project_id),
                                 alignments={r.id: rundata.alignments(r) for r in state.store().runs(project_id)})


try:
    data = _load(str(state.workspace_path()), project.id, run.id, corrected, causes,
                 rundata.corrections_version(run.id), project, run)
except XprojError as e:
    st.error(str(e))
    st.stop()

tabs = st.tabs(["Scores", "Errors", "Runs", "Alignment"])
with tabs[0]:
    langs = data["langs"]
    if not data["gold"]:
        st.info("No target gold in this project: P/R/F1 and error categories need it. "
                "proj_ratio (projected ÷ source entities) is shown instead.")
        st.dataframe(langs[["lang", "sentences", "pred", "proj_ratio"]], hide_index=True, width="stretch")
    else:
        st.dataframe(langs, hide_index=True, width="stretch", column_config={
            k: st.column_config.NumberColumn(format="%.1f") for k in ("P", "R", "F1", "F1_mean")})
        st.altair_chart(prf_bars(langs, "lang", title="Micro P/R/F1 per language (seqeval default mode)"),
                        width="stretch")
        lang = st.selectbox("Entity types of", list(langs["lang"]), index=len(langs) - 1, key="analysis_type_lang")
        types = data["types"][lang]
        st.dataframe(types, hide_index=True, width="stretch",
                     column_config={k: st.column_config.NumberColumn(format="%.1f") for k in ("P", "R", "F1")})
        if len(types):
            st.altair_chart(prf_bars(types, "type", title=f"P/R/F1 per type ({lang})"), width="stretch")
    st.caption(f"Run signature: `{run.signature}`")

with tabs[1]:
    if not data["gold"]:
        st.info("Error categories need target gold.")
    else:
        inst = data["inst"]
        st.markdown("Categories follow nervaluate (COR / INC / PAR / MIS / SPU); causes use the projection trace.")
        st.dataframe(data["table"], hide_index=True, width="stretch")
        counts = data["counts"]
        if len(counts):
            st.altair_chart(category_bars(counts, title="Share of instances per category"), width="stretch")
        cc = data["causes"]
        if len(cc):
            st.altair_chart(cause_bars(cc, title="Errors per cause"), width="stretch")
        st.subheader("Drill down")
        d1, d2, d3 = st.columns(3)
        what = d1.selectbox("Category or cause", list(analysis.CATEGORY_LABELS.values()) + sorted(set(cc["cause"])),
                            index=3, key="analysis_drill_what")
        dlang = d2.selectbox("Language", ["all"] + data["inst_langs"], key="analysis_drill_lang")
        dlabel = d3.selectbox("Type", ["any"] + data["inst_labels"], key="analysis_drill_label")
        is_cat = what in analysis.CATEGORY_LABELS.values()
        rows = analysis.drill(inst, category=what if is_cat else None, cause=None if is_cat else what,
                              lang=dlang, label=None if dlabel == "any" else dlabel)
        st.caption(f"{len(rows):,} instances in {rows['pair_id'].nunique():,} sentences")
        st.dataframe(analysis.drill_table(rows, project_id=project.id, run_id=run.id), hide_index=True,
                     width="stretch", key="analysis_drill_table",
                     column_config={"link": st.column_config.LinkColumn("open", display_text="inspect ↗")})
        if len(rows):
            pick = st.selectbox("Sentence", list(dict.fromkeys(rows["pair_id"]))[:500], key="analysis_pick")
            if st.button("Open in Inspect", key="analysis_open"):
                st.session_state.project_id, st.session_state.run_id, st.session_state.pair_id = project.id, run.id, pick
                st.switch_page("pages/inspect.py")

with tabs[2]:
    runs = _runs(str(state.workspace_path()), project.id, tuple(r.id for r in state.store().runs(project.id)), project)
    if runs.empty:
        st.info("No runs.")
    else:
        clang = st.selectbox("Language", sorted(set(runs["lang"])), key="analysis_runs_lang",
                             index=sorted(set(runs["lang"])).index("all") if "all" in set(runs["lang"]) else 0)
        sel = runs[runs["lang"] == clang]
        st.dataframe(sel, hide_index=True, width="stretch",
                     column_config={k: st.column_config.NumberColumn(format="%.1f") for k in ("P", "R", "F1", "AER")})
        if data["gold"]:
            st.altair_chart(prf_bars(sel, "run", title=f"Runs compared ({clang})"), width="stretch")

with tabs[3]:
    if data["aer"] is None:
        st.info("No gold word alignments in this project.")
    else:
        st.markdown("Alignment quality against gold sure/possible links (method §9.4); lower AER is better.")
        st.dataframe(data["aer"], hide_index=True, width="stretch",
                     column_config={k: st.column_config.NumberColumn(format="%.1f") for k in ("P", "R", "AER")})
