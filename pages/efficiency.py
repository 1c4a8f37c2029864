"""Efficiency: time per stage and per sentence length, and the cost of each method for a corpus size."""

import streamlit as st

from pages._ui import rundata, state
from pages._ui.charts import cost_bars, length_lines, stage_bars
from xproj_core import costs
from xproj_core.errors import XprojError

st.title("Efficiency")
project = state.project_picker(key="eff_project")
if project is None:
    st.info("The workspace is empty: create a project first.")
    st.stop()
run = state.run_picker(project.id, key="eff_run")
runs = state.store().runs(project.id)

st.subheader("Stage timings of this project's runs")
stages = costs.stage_table([(f"#{r.id} {r.name}", r.timings, project.n_pairs) for r in runs])
if stages.empty:
    st.info("No run with recorded timings yet.")
else:
    st.altair_chart(stage_bars(stages), width="stretch")
    with st.expander("Timings table"):
        st.dataframe(stages, hide_index=True, width="stretch",
                     column_config={"seconds": st.column_config.NumberColumn(format="%.3f"),
                                    "ms_per_sentence": st.column_config.NumberColumn(format="%.2f")})

st.subheader("Micro-run: offline methods on this project's sentences")
if run is None:
    st.info("Project the corpus once (Run page): the micro-run reuses that run's alignments.")
    st.stop()
c1, c2 = st.columns([1, 3])
sample = c1.number_input("Sentences to time", 10, 2000, 100, step=10, key="eff_sample")
key = f"eff_measured_{run.id}"
if c2.button("Measure", type="primary", key="eff_measure",
             help="Times the politov heuristic and alignment-score matching (greedy and exact) per sentence "
                 "and per stage, reusing this run's alignments."):
    try:
        with st.spinner("Timing…"):
            st.session_state[key] = costs.micro_run(state.project_pairs(project), rundata.alignments(run),
                                                    costs.offline_methods(), sample=int(sample))
    except XprojError as e:
        st.error(str(e))
measured = st.session_state.get(key)
if measured is not None and len(measured):
    st.altair_chart(stage_bars(costs.per_stage(measured), by="method"), width="stretch")
    table = costs.per_length(measured)
    st.altair_chart(length_lines(table), width="stretch")
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={"ms_per_sentence": st.column_config.NumberColumn(format="%.3f")})
else:
    st.caption("Press Measure to time the offline methods here (a few seconds for 100 sentences).")

st.subheader("Cost for a corpus")
stats = costs.corpus_stats(state.project_pairs(project))
e1, e2, e3, e4 = st.columns(4)
n = e1.number_input("Corpus size (sentences)", 1, 10**9, 10_000, step=1000, key="eff_corpus")
ents = e2.number_input("Entities per sentence", 0.0, 50.0, round(stats["mean_entities"], 2), key="eff_ents")
length = e3.number_input("Target words per sentence", 1.0, 500.0, round(max(stats["mean_length"], 1.0), 1),
                         key="eff_len")
translate = e4.toggle("Translate-train (MT + source NER)", value=True, key="eff_translate")
align_ps = costs.align_seconds_per_sentence(run.timings, project.n_pairs)
with_align = st.toggle(f"Add this run's alignment time to the measured rows ({1000 * align_ps:.1f} ms/sentence)",
                       value=True, key="eff_with_align", disabled=not align_ps,
                       help="From the run's timings. On a small project the aligner's start-up dominates, "
                            "so this overstates the cost per sentence of a large corpus.")
align_ps = align_ps if with_align else 0.0
ext = costs.extrapolate(measured if measured is not None else costs.micro_run([], {}, {}), int(n),
                        mean_entities=ents, mean_length=length, translate=translate, extra_per_sentence=align_ps,
                        extra_note=f"+ {1000 * align_ps:.2f} ms/sentence alignment from run #{run.id}" if align_ps else "")
ext.insert(2, "time", [costs.humanise_range(lo, hi) for lo, hi in zip(ext["seconds_low"], ext["seconds_high"])])
st.altair_chart(cost_bars(ext), width="stretch")
st.dataframe(ext.drop(columns=["seconds_low", "seconds_high"]), hide_index=True, width="stretch",
             column_config={k: st.column_config.NumberColumn(format="localized")
                            for k in ("nllb", "ner", "aligner", "nmt_forced")})
st.caption("Rows marked *published* are the runtimes reported in the paper and thesis (method.md §10.6) scaled "
           "linearly to the corpus size; their hardware differs from this machine (A100 / unrecorded GPU) and they "
           "exclude cached MT, source NER and (thesis) alignment. Model-call columns count NLLB generations, NER "
           "forward passes, aligner passes and NMTScore forced-decoding passes (≈ 4 × 10 · m · |E| per sentence). "
           "Markers (EasyProject) have no published runtime: only their calls are shown.")
