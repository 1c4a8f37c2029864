"""Review queue: sentences of a run ranked by uncertainty, filtered, each one opening Inspect."""

import streamlit as st

from pages._ui import rundata, state
from pages._ui.charts import uncertainty_hist
from xproj_core import triage
from xproj_core.errors import XprojError

st.title("Review queue")
st.caption("Sentences ranked by how much a correction is likely to help: low matching score (rel_cost), "
           "small winner/runner-up margin, and disagreement with the project's other runs.")

project = state.project_picker(key="review_project")
if project is None:
    st.info("The workspace is empty: create a project first.")
    st.stop()
run = state.run_picker(project.id, key="review_run")
if run is None:
    st.info("This project has no run yet: project it on the Run page.")
    st.stop()

try:
    base = rundata.review_queue(project, run)
except XprojError as e:
    st.error(str(e))
    st.stop()
df = triage.with_statuses(base, state.store().current(run.id))
opts = triage.options(df)

c1, c2, c3, c4 = st.columns([2, 2, 3, 2])
langs = c1.multiselect("Language", opts["langs"], key="review_langs")
types = c2.multiselect("Entity type", opts["types"], key="review_types")
cats = c3.multiselect("Error category", opts["categories"], key="review_cats",
                      help="Needs target gold: categories of the projected spans against it.",
                      disabled=not opts["categories"])
status = c4.selectbox("Status", ["unreviewed", "all", "reviewed", "corrected", "accepted", "rejected"],
                      key="review_status")
only_entities = st.toggle("Only sentences with entities", value=True, key="review_only_entities")
shown = triage.filter_queue(df, langs=langs, types=types, categories=cats, status=status,
                            min_entities=1 if only_entities else 0)

m1, m2, m3 = st.columns(3)
m1.metric("Sentences in queue", f"{len(shown):,}", help=f"of {len(df):,} in the run")
m2.metric("Reviewed", f"{int((df['status'] != '').sum()):,}")
m3.metric("Mean uncertainty", f"{shown['uncertainty'].mean():.2f}" if len(shown) else "–")

st.dataframe(
    shown.head(2000), hide_index=True, width="stretch", key="review_table", height=460,
    column_order=["link", "uncertainty", "pair_id", "lang", "source", "types", "categories", "n_entities",
                  "n_projected", "rel_cost", "margin", "disagreement", "status", "target"],
    column_config={
        "link": st.column_config.LinkColumn("open", display_text="inspect ↗", width="small"),
        "uncertainty": st.column_config.ProgressColumn("uncertainty", min_value=0.0, max_value=1.0, format="%.2f"),
        "rel_cost": st.column_config.NumberColumn("rel_cost", format="%.3f"),
        "margin": st.column_config.NumberColumn("min margin", format="%.3f"),
        "disagreement": st.column_config.NumberColumn("disagreement", format="%.2f"),
        "source": st.column_config.TextColumn("source sentence", width="large"),
        "pair_id": "pair", "n_entities": "entities", "n_projected": "projected",
    },
)
if len(shown) > 2000:
    st.caption(f"Showing the 2,000 most uncertain of {len(shown):,}; narrow the filters to see others.")

if len(shown):
    top = dict(zip(shown["pair_id"].head(500), shown["source"].head(500)))
    pick = st.selectbox("Sentence", list(top), key="review_pick", format_func=lambda p: f"{p} · {top[p][:80]}")
    if st.button("Open in Inspect", type="primary", key="review_open"):
        st.session_state.project_id, st.session_state.run_id, st.session_state.pair_id = project.id, run.id, pick
        st.switch_page("pages/inspect.py")
    with st.expander("Uncertainty distribution"):
        st.altair_chart(uncertainty_hist(shown), width="stretch")
else:
    st.info("No sentence matches these filters.")
