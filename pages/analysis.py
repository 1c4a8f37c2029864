"""Analysis: P/R/F1 and proj_ratio per language and type, the error taxonomy with drill-down to
the sentences behind every count, run comparison and alignment AER."""

import streamlit as st

from pages._ui import rundata, state
from pages._ui.charts import category_bars, cause_bars, prf_bars
from xproj_core import analysis
from xproj_core.errors import XprojError

FMT = {"P": "%.1f", "R": "%.1f", "F1": "%.1f", "AER": "%.1f", "F1_mean": "%.1f", "proj_ratio": "%.2f"}
HELP = {"F1_mean": "unweighted mean of the per-language F1 (the paper's convention); set on the 'all' row",
        "proj_ratio": "projected spans per source entity"}


def number_columns(*names: str) -> dict:
    """Column formats for the score tables (one decimal for scores, two for ratios)."""
    return {k: st.column_config.NumberColumn(format=FMT[k], help=HELP.get(k)) for k in names}


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

try:
    pairs, pred, langs, types_by_lang = rundata.scores(project, run, corrected)
except XprojError as e:
    st.error(str(e))
    st.stop()
gold = analysis.has_gold(pairs)
view = st.segmented_control("View", ["Scores", "Errors", "Runs", "Alignment"], default="Scores", key="analysis_view",
                            label_visibility="collapsed") or "Scores"

if view == "Scores":
    if not gold:
        st.info("No target gold in this project: P/R/F1 and error categories need it. "
                "proj_ratio (projected ÷ source entities) is shown instead.")
        st.dataframe(langs[["lang", "sentences", "pred", "proj_ratio"]], hide_index=True, width="stretch",
                     column_config=number_columns("proj_ratio"))
    else:
        st.dataframe(langs, hide_index=True, width="stretch",
                     column_config=number_columns("P", "R", "F1", "F1_mean", "proj_ratio"))
        st.altair_chart(prf_bars(langs, "lang", title="Micro P/R/F1 per language (seqeval default mode)"),
                        width="stretch")
        lang = st.selectbox("Entity types of", list(langs["lang"]), index=len(langs) - 1, key="analysis_type_lang")
        types = types_by_lang[lang]
        st.dataframe(types, hide_index=True, width="stretch",
                     column_config={k: st.column_config.NumberColumn(format="%.1f") for k in ("P", "R", "F1")})
        if len(types):
            st.altair_chart(prf_bars(types, "type", title=f"P/R/F1 per type ({lang})"), width="stretch")
    st.caption(f"Run signature: `{run.signature}`")

elif view == "Errors":
    if not gold:
        st.info("Error categories need target gold.")
    else:
        data = rundata.errors(project, run, corrected, causes)
        inst = data["inst"]
        st.markdown("Categories follow nervaluate (COR / INC / PAR / MIS / SPU); causes use the projection trace.")
        st.dataframe(data["table"], hide_index=True, width="stretch")
        counts = data["counts"]
        if len(counts):
            event = st.altair_chart(category_bars(counts, title="Share of instances per category (click a segment "
                                                  "to list its instances)", select="pick"),
                                    width="stretch", on_select="rerun", key="analysis_cat_chart")
            picked = analysis.picked_point(event, "pick")
            if picked and picked != st.session_state.get("analysis_picked"):  # a new click sets the drill-down
                st.session_state.analysis_picked = picked
                st.session_state.analysis_drill_what = picked.get("category", st.session_state.get("analysis_drill_what"))
                st.session_state.analysis_drill_lang = picked.get("lang", "all")
        cc = data["causes"]
        if len(cc):
            st.altair_chart(cause_bars(cc, title="Errors per cause"), width="stretch")
        st.subheader("Drill down")
        d1, d2, d3 = st.columns(3)
        what = d1.selectbox("Category or cause", list(analysis.CATEGORY_LABELS.values()) + sorted(set(cc["cause"])),
                            index=3, key="analysis_drill_what")
        dlang = d2.selectbox("Language", ["all"] + data["langs"], key="analysis_drill_lang")
        dlabel = d3.selectbox("Type", ["any"] + data["labels"], key="analysis_drill_label")
        is_cat = what in analysis.CATEGORY_LABELS.values()
        rows = analysis.drill(inst, category=what if is_cat else None, cause=None if is_cat else what,
                              lang=dlang, label=None if dlabel == "any" else dlabel)
        st.caption(f"{len(rows):,} instances in {rows['pair_id'].nunique():,} sentences")
        st.dataframe(analysis.drill_table(rows, project_id=project.id, run_id=run.id), hide_index=True,
                     width="stretch", key="analysis_drill_table",
                     column_config={"link": st.column_config.LinkColumn("open", display_text="inspect ↗")})
        if len(rows):
            pick = st.selectbox("Sentence", list(dict.fromkeys(rows["pair_id"].tolist()))[:500], key="analysis_pick")
            if st.button("Open in Inspect", key="analysis_open"):
                st.session_state.project_id, st.session_state.run_id, st.session_state.pair_id = project.id, run.id, pick
                st.switch_page("pages/inspect.py")

elif view == "Runs":
    runs = rundata.runs_compared(project)
    if runs.empty:
        st.info("No runs.")
    else:
        clang = st.selectbox("Language", sorted(set(runs["lang"])), key="analysis_runs_lang",
                             index=sorted(set(runs["lang"])).index("all") if "all" in set(runs["lang"]) else 0)
        sel = runs[runs["lang"] == clang]
        st.dataframe(sel, hide_index=True, width="stretch",
                     column_config=number_columns("P", "R", "F1", "AER", "F1_mean", "proj_ratio"))
        if gold:
            st.altair_chart(prf_bars(sel, "run", title=f"Runs compared ({clang})"), width="stretch")

else:
    aer = rundata.aer(project, run)
    if aer is None:
        st.info("No gold word alignments in this project.")
    else:
        st.markdown("Alignment quality against gold sure/possible links (method §9.4); lower AER is better.")
        st.dataframe(aer, hide_index=True, width="stretch",
                     column_config={k: st.column_config.NumberColumn(format="%.1f") for k in ("P", "R", "AER")})
