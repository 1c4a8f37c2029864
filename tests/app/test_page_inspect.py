"""Inspect page: candidate table, gold beside projection, permalink, corrections stored and undone."""

import html

import pytest

from xproj_core.store import Store
from xproj_core.types import Span

PAGE = "pages/inspect.py"


def _ids(workspace):
    store = Store(workspace)
    [project] = store.projects()
    [run] = store.runs(project.id)
    return store, project, run


def _pick(at, pair_id):
    at.selectbox(key="inspect_pair").set_value(pair_id).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frame(at, *columns):
    """The first table (st.dataframe) having all these columns."""
    frames = [d.value for d in at.dataframe if d.editing_mode == "read_only" and set(columns) <= set(d.value.columns)]
    assert frames, [list(d.value.columns) for d in at.dataframe]
    return frames[0]


def test_selecting_a_sentence_shows_its_candidate_table(app_at, workspace):
    store, project, run = _ids(workspace)
    pair = next(p for p in store.pairs(project.id) if p.tgt.lang == "de" and p.src.spans)
    at = _pick(app_at(PAGE), pair.id)
    cands = _frame(at, "candidate", "fused")
    assert {"candidate", "links", "|e|", "|τ|", "fused", "role"} <= set(cands.columns)
    assert (cands["role"] == "winner").sum() >= 1
    ents = _frame(at, "U(e)")
    assert list(ents["source"]) == [pair.src.span_text(s) for s in pair.src.spans]
    cmp = _frame(at, "gold", "projected", "category")  # gold beside the projection
    assert set(cmp["category"]) <= {"COR", "INC", "PAR", "MIS", "SPU"}
    assert (cmp["gold"] != "—").sum() == len(pair.tgt.spans)
    runs = _frame(at, "run", "exact matches")  # this sentence in every run
    assert list(runs["run"]) == [run.id]
    assert at.query_params["pair"] == [pair.id] or at.query_params["pair"] == pair.id
    [figure] = at.get("iframe")  # the linked view (SVG; st.html would strip it)
    svg = figure.proto.srcdoc
    assert svg.count('data-side="target"') == len(pair.tgt.words)
    assert svg.count('class="xp-lk ') == len(store.alignments(run.id)[pair.id])  # one line per link
    assert at.download_button[0].proto.label.startswith("Download figure")


@pytest.mark.parametrize("lang", ["zh", "ar"])
def test_permalink_opens_the_sentence_rtl_and_cjk(app_at, workspace, lang):
    store, project, run = _ids(workspace)
    pair = next(p for p in store.pairs(project.id) if p.tgt.lang == lang and p.src.spans)
    at = app_at(PAGE, query={"project": str(project.id), "run": str(run.id), "pair": pair.id})
    assert at.selectbox(key="inspect_pair").value == pair.id
    svg = at.get("iframe")[0].proto.srcdoc
    assert all(html.escape(w, quote=False) in svg for w in pair.tgt.words)  # every target word drawn
    assert len(_frame(at, "U(e)")) == len(pair.src.spans)


def test_span_correction_is_stored_shown_and_undone(app_at, workspace):
    store, project, run = _ids(workspace)
    pair = next(p for p in store.pairs(project.id) if p.tgt.lang == "de" and len(p.tgt.words) > 3)
    at = _pick(app_at(PAGE), pair.id)
    [editor] = [d for d in at.data_editor if d.key.startswith(f"spans_{run.id}_{pair.id}")]
    n = len(editor.value)
    words = pair.tgt.words
    at.session_state[editor.key] = {"edited_rows": {}, "deleted_rows": list(range(n)), "added_rows": [
        {"first": f"0 · {words[0]}", "last": f"1 · {words[1]}", "label": "MISC"}]}
    at.button(key=f"save_{run.id}_{pair.id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    current = store.current(run.id)[pair.id]
    assert current.status == "corrected" and current.spans == (Span(0, 2, "MISC"),) and current.author == "user"
    assert any("corrected" in m.value for m in at.markdown)
    hist = _frame(at, "status", "author")
    assert list(hist["status"]) == ["corrected"]
    # the editor now starts from the correction
    [editor] = [d for d in at.data_editor if d.key.startswith(f"spans_{run.id}_{pair.id}")]
    assert list(editor.value["label"]) == ["MISC"]

    at.button(key=f"undo_{run.id}_{pair.id}").click().run()
    assert pair.id not in store.current(run.id)
    assert [c.status for c in store.history(run.id, pair.id)] == ["corrected", "undo"]
    assert any("projected" in m.value for m in at.markdown)


def test_invalid_edit_is_refused_with_a_message(app_at, workspace):
    store, project, run = _ids(workspace)
    pair = next(p for p in store.pairs(project.id) if len(p.tgt.words) > 3)
    at = _pick(app_at(PAGE), pair.id)
    [editor] = [d for d in at.data_editor if d.key.startswith(f"spans_{run.id}_{pair.id}")]
    w = pair.tgt.words
    at.session_state[editor.key] = {"edited_rows": {}, "deleted_rows": list(range(len(editor.value))), "added_rows": [
        {"first": f"0 · {w[0]}", "last": f"2 · {w[2]}", "label": "PER"},
        {"first": f"1 · {w[1]}", "last": f"3 · {w[3]}", "label": "LOC"}]}
    at.button(key=f"save_{run.id}_{pair.id}").click().run()
    assert any("overlap" in e.value for e in at.error)
    assert pair.id not in store.current(run.id)


def test_accept_and_reject(app_at, workspace):
    store, project, run = _ids(workspace)
    pair = next(p for p in store.pairs(project.id) if p.src.spans)
    at = _pick(app_at(PAGE), pair.id)
    at.text_input(key="author_input").set_value("alice").run()
    at.button(key=f"accept_{run.id}_{pair.id}").click().run()
    c = store.current(run.id)[pair.id]
    assert c.status == "accepted" and c.spans == store.projections(run.id)[pair.id].labelled
    assert c.author == "alice"  # provenance: who did it
    at.button(key=f"reject_{run.id}_{pair.id}").click().run()
    assert store.current(run.id)[pair.id].status == "rejected"
    assert store.final_spans(run.id).get(pair.id) is None


def test_link_edit_reprojects_live_and_saves(app_at, workspace):
    store, project, run = _ids(workspace)
    pair = next(p for p in store.pairs(project.id) if p.tgt.lang == "de" and p.src.spans)
    at = _pick(app_at(PAGE), pair.id)
    ent = pair.src.spans[0]
    before = store.alignments(run.id)[pair.id]
    # remove every link of the first entity: it can no longer be projected
    for l in [l for l in before.links if ent.start <= l.src < ent.end]:
        at.selectbox(key="link_src").set_value(f"{l.src} · {pair.src.words[l.src]}")
        at.selectbox(key="link_tgt").set_value(f"{l.tgt} · {pair.tgt.words[l.tgt]}")
        at.button(key=f"toggle_{run.id}_{pair.id}").click().run()
        assert not at.exception, [e.value for e in at.exception]
    ents = _frame(at, "U(e)")
    assert ents["U(e)"][0] == "" and ents["winner"][0] == "—"
    assert any("unsaved link edits" in m.value for m in at.markdown)
    at.button(key=f"savelinks_{run.id}_{pair.id}").click().run()
    c = store.current(run.id)[pair.id]
    assert c.status == "corrected" and c.links is not None
    assert not any(ent.start <= l.src < ent.end for l in c.links)
    from xproj_core import workbench as wb
    from xproj_core.types import Alignment

    expected = wb.reproject(pair, Alignment.from_pairs(c.links), wb.config_from_run(run.config)).labelled
    assert c.spans == expected  # the stored spans are the live re-projection


def test_runner_up_can_be_picked(app_at, workspace):
    store, project, run = _ids(workspace)
    pair = next(p for p in store.pairs(project.id) if p.src.spans and p.tgt.lang == "de")
    at = _pick(app_at(PAGE), pair.id)
    pick = at.selectbox(key=f"cand_pick_{run.id}_{pair.id}")
    runner = next(o for o in pick.options if o.endswith("(runner-up)"))
    pick.set_value(runner)
    at.button(key=f"use_{run.id}_{pair.id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    c = store.current(run.id)[pair.id]
    e = int(runner.split(":")[0])
    a, b = runner.split("[")[1].split(")")[0].split(", ")
    assert c.status == "corrected" and Span(int(a), int(b), pair.src.spans[e].label) in c.spans
    assert "re-matched" in c.note
