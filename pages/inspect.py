"""Inspect & correct one sentence: linked view, heatmap, "why this span?", gold, span/link editing, undo."""

import pandas as pd
import streamlit as st

from pages._ui import state, viz
from xproj_core import workbench as wb
from xproj_core.errors import XprojError

st.title("Inspect & correct")
state.apply_permalink()
store = state.store()
project = state.project_picker()
if project is None:
    st.info("No project yet: create one on the Projects page.")
    st.stop()
run = state.run_picker(project.id)
if run is None:
    st.info("This project has no run yet: project it on the Run page.")
    st.stop()

by_id = state.project_pairs_by_id(project)
langs = state.project_languages(project)
if st.session_state.get("pair_id") in by_id and by_id[st.session_state.pair_id].tgt.lang not in (
        st.session_state.get("inspect_lang"), None):  # a permalink into another language
    st.session_state.inspect_lang = "all"
st.session_state.setdefault("author_input", st.session_state.author)  # widget state dies with the page
st.sidebar.text_input("Reviewer (recorded with every change)", key="author_input",
                      on_change=lambda: st.session_state.update(author=st.session_state.author_input.strip() or "user"))
lang = st.sidebar.selectbox("Target language", ["all", *langs], key="inspect_lang")
choices = state.pair_choices(project, lang)
query = st.text_input("Find a sentence", key="inspect_find", placeholder="id or words of the source/target text",
                      help=f"The list below shows at most {state.PICKER_MAX} matching sentences.")
shown, n_match = state.sentence_window(project, choices, query, st.session_state.get("pair_id"))
pair_id = state.synced_select("Sentence", shown, "pair_id", key="inspect_pair", sidebar=False,
                              format_func=choices.get)
if not query.strip() and len(choices) > state.PICKER_MAX:
    st.caption(f"The first {state.PICKER_MAX} of {len(choices):,} sentences are listed: find others by id or words.")
elif query.strip():
    st.caption(f"{n_match:,} of {len(choices):,} sentences match" + (f"; the first {state.PICKER_MAX} are listed "
               "(type more to narrow down)" if n_match > state.PICKER_MAX else "") + ".")
if pair_id is None:
    st.info("No sentence in this language.")
    st.stop()
state.write_permalink(project.id, run.id, pair_id)
config = state.run_config(run)
st.caption(f"run #{run.id} · `{run.signature}` · permalink: `?project={project.id}&run={run.id}&pair={pair_id}`")

MSG = "inspect_msg"
TABS = ["Why this span?", "Alignment heatmap", "Edit spans", "Edit links", "History", "All runs"]
DRAFT = f"links_draft_{run.id}_{pair_id}"


def _say(kind: str, text: str) -> None:
    st.session_state[MSG] = (kind, text)


def _record(view, spans, status: str, *, links=None, note: str = "") -> None:
    """Store one change; warn when someone else changed the sentence since this page showed it."""
    others = wb.changed_since(store, run.id, view.pair.id, view.history, author=st.session_state.author)
    wb.record(store, run.id, view.pair.id, spans, status, links=links, author=st.session_state.author, note=note)
    st.session_state.pop(DRAFT, None)
    if others:
        last = others[-1]
        st.session_state[MSG + "_warn"] = (
            f"{last.author} changed this sentence ({last.status}, {last.at[11:19]}) while you had it open. "
            "Yours is now in force; theirs is kept in the History tab (Undo restores it).")


def _save_spans(view, editor_key: str, base: list) -> None:
    try:
        rows = wb.apply_editor_state(base, st.session_state.get(editor_key))
        spans = wb.spans_from_editor(rows, view.pair.tgt.words)
    except XprojError as e:
        return _say("error", f"Not saved: {e}")
    _record(view, spans, "corrected", links=view.alignment if view.links_edited else None)
    _say("success", f"Saved {len(spans)} span(s) as corrected.")


def _set_status(view, status: str) -> None:
    spans = () if status == "rejected" else view.spans
    _record(view, spans, status, links=view.alignment if view.links_edited else None)
    _say("success", f"Sentence marked {status}.")


def _save_links(view) -> None:
    _record(view, view.projection.labelled, "corrected", links=view.alignment, note="links edited, re-projected")
    _say("success", "Saved the edited links and the re-projected spans.")


def _use_candidate(view, choices: dict) -> None:
    e, a, b = choices[st.session_state[f"cand_pick_{run.id}_{view.pair.id}"]]
    spans = wb.use_candidate(view.pair, view.projection, view.spans, e, a, b)
    _record(view, spans, "corrected", links=view.alignment if view.links_edited else None,
            note=f"entity {e} re-matched to [{a}, {b})")
    _say("success", f"Entity {e} now projects to words {a}–{b - 1}.")


def _undo(pair_id: str) -> None:
    undone = store.undo(run.id, pair_id, author=st.session_state.author)
    _say("info", f"Undid the {undone.status} of {undone.at[:19]}." if undone else "Nothing to undo.")


def _toggle(view) -> None:
    i = wb.option_index(st.session_state.link_src, len(view.pair.src.words))
    j = wb.option_index(st.session_state.link_tgt, len(view.pair.tgt.words))
    st.session_state[DRAFT] = wb.toggle_link(view.alignment, i, j)


@st.fragment
def sentence_pane(pair) -> None:
    view = wb.sentence_view(store, run.id, pair, config=config, alignment=st.session_state.get(DRAFT))
    k = f"{run.id}_{pair.id}"
    colour = {"projected": "blue", "corrected": "violet", "accepted": "green", "rejected": "red"}[view.status]
    st.markdown(f"**Status:** :{colour}-badge[{view.status}]" + (" · links edited" if view.links_edited else "")
                + (" · **unsaved link edits (re-projected live)**" if DRAFT in st.session_state else ""))
    if MSG in st.session_state:
        kind, text = st.session_state.pop(MSG)
        getattr(st, kind)(text)
    if MSG + "_warn" in st.session_state:
        st.warning(st.session_state.pop(MSG + "_warn"), icon=":material/group:")
    gold_al = state.project_gold_alignments(project).get(pair.id)
    figure = dict(projected=view.spans, gold=pair.tgt.spans, gold_alignment=gold_al)
    ents = {None: "all entities", **wb.entity_choices(pair)}
    focus = st.selectbox("Focus on a source entity", list(ents), format_func=ents.get, key=f"focus_{k}")
    viz.show_links(pair, view.alignment, key=f"lv_{k}", highlight_entity=focus, **figure)
    viz.svg_download(pair, view.alignment, key=f"lv_{k}", **figure)
    c1, c2 = st.columns(2)
    with c1:
        viz.show_spans(pair.tgt, view.spans, key=f"pr_{k}", title="Projected / corrected")
    with c2:
        viz.show_spans(pair.tgt, pair.tgt.spans, key=f"gd_{k}", title="Gold" if pair.tgt.spans else "Gold (none)")
    if pair.tgt.spans:
        viz.show_table(wb.gold_comparison(pair, view.spans, view.projection), key=f"cmp_{k}")
    # keyed and tracked: the open tab survives saving, undo and link edits (and moving to another sentence)
    why, heat, edit, links, hist, others = st.tabs(TABS, key="inspect_tab", on_change="rerun")
    with why:
        viz.show_table(wb.entity_summary(pair, view.projection), key=f"ent_{k}", empty="No source entity.")
        viz.show_table(wb.candidate_rows(pair, view.projection, entity=focus), key=f"cand_{k}",
                       empty="No candidate scored > 0.")
        choices = wb.candidate_choices(pair, view.projection, entity=focus)
        if choices:
            c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
            c1.selectbox("Re-match an entity to another candidate", list(choices), key=f"cand_pick_{k}")
            c2.button("Use this candidate", key=f"use_{k}", on_click=_use_candidate, args=(view, choices))
    with heat:
        if heat.open is not False:  # drawn only when opened
            viz.show_heatmap(pair, view.alignment, key=f"hm_{k}", gold_alignment=gold_al, projected=view.spans)
    with edit:
        words, base = pair.tgt.words, wb.editor_rows(pair.tgt.words, view.spans)
        opts, editor_key = wb.token_options(words), f"spans_{k}_{len(view.history)}_{abs(hash(view.spans))}"
        st.data_editor(pd.DataFrame(base, columns=["first", "last", "label"]), num_rows="dynamic", key=editor_key,
                       hide_index=True, column_config={
            "first": st.column_config.SelectboxColumn("first word", options=opts, required=True),
            "last": st.column_config.SelectboxColumn("last word", options=opts, required=True),
            "label": st.column_config.SelectboxColumn("label", options=state.project_labels(project), required=True)})
        b1, b2, b3, b4 = st.columns(4)
        b1.button("Save spans", key=f"save_{k}", type="primary", on_click=_save_spans, args=(view, editor_key, base))
        b2.button("Accept", key=f"accept_{k}", on_click=_set_status, args=(view, "accepted"))
        b3.button("Reject", key=f"reject_{k}", on_click=_set_status, args=(view, "rejected"))
        b4.button("Undo", key=f"undo_{k}", on_click=_undo, args=(pair.id,), disabled=view.correction is None)
    with links:
        c1, c2 = st.columns(2)
        c1.selectbox("Source word", wb.token_options(pair.src.words), key="link_src")
        c2.selectbox("Target word", wb.token_options(pair.tgt.words), key="link_tgt")
        l1, l2, l3 = st.columns(3)
        l1.button("Add / remove link", key=f"toggle_{k}", on_click=_toggle, args=(view,))
        l2.button("Save links + re-projection", key=f"savelinks_{k}", disabled=DRAFT not in st.session_state,
                  on_click=_save_links, args=(view,))
        l3.button("Discard link edits", key=f"discard_{k}", disabled=DRAFT not in st.session_state,
                  on_click=lambda: st.session_state.pop(DRAFT, None))
        st.caption("Links: " + (" ".join(f"{l.src}-{l.tgt}" for l in view.alignment.links) or "none"))
    with hist:
        viz.show_table(wb.history_rows(view.history), key=f"hist_{k}",
                       empty="No correction yet: the projection is as the run produced it.")
    with others:
        viz.show_table(wb.runs_for_pair(store, project.id, pair), key=f"runs_{k}")


sentence_pane(by_id[pair_id])
