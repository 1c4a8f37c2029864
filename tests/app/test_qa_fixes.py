"""Regressions found by driving the app like its users: each test pins one fix."""

from __future__ import annotations

import pytest

from xproj_core import workbench as wb
from xproj_core.store import Store

SRC = "Angela\tB-PER\nMerkel\tI-PER\nbesuchte\tO\nParis\tB-LOC\n.\tO\n\n"
TGT = "Angela Merkel visited Paris .\n"


class _Stop(BaseException):
    """Stands for Streamlit's StopException (a BaseException raised at the next UI call)."""


def test_run_is_stored_when_the_progress_bar_is_interrupted(workspace):
    """Navigating away while the demo or a run is projecting used to leave a project without its run."""
    store = Store(workspace)
    pid = store.projects()[0].id
    calls = []

    def progress(done, total):
        calls.append(done)
        if len(calls) == 2:
            raise _Stop()

    before = len(store.runs(pid))
    with pytest.raises(_Stop):
        wb.execute_run(store, pid, wb.default_config(), aligner="ortho", name="interrupted", progress=progress)
    runs = store.runs(pid)
    assert len(runs) == before + 1 and runs[-1].name == "interrupted"
    assert len(store.projections(runs[-1].id)) == store.projects()[0].n_pairs
    assert len(calls) == 2  # the broken bar is not called again


def test_inspect_keeps_the_open_tab_after_accept(app_at, workspace):
    store = Store(workspace)
    [project] = store.projects()
    pair = next(p for p in store.pairs(project.id) if p.tgt.lang == "de" and p.src.spans)
    at = app_at("pages/inspect.py")
    at.selectbox(key="inspect_pair").set_value(pair.id).run()
    at.session_state["inspect_tab"] = "Edit spans"
    at.run()
    [run] = store.runs(project.id)
    at.button(key=f"accept_{run.id}_{pair.id}").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert store.current(run.id)[pair.id].status == "accepted"
    assert at.session_state["inspect_tab"] == "Edit spans"  # the linguist stays where they were working
    assert [s.value for s in at.success] == ["Sentence marked accepted."]


def test_created_project_is_current_everywhere_after_create(app_at, workspace):
    at = app_at("pages/projects.py")
    at.file_uploader(key="new_src").set_value(("de_src.conll", SRC.encode(), "text/plain"))
    at.file_uploader(key="new_tgt").set_value(("en_tgt.txt", TGT.encode(), "text/plain"))
    at.text_input(key="new_tgt_lang").set_value("en")
    at.text_input(key="new_name").set_value("fresh")
    at.run()
    at.button(key="new_create").click().run()
    assert not at.exception, [e.value for e in at.exception]
    new = next(p for p in Store(workspace).projects() if p.name == "fresh")
    assert at.selectbox(key="project_pick").value == new.id  # the sidebar follows
    assert at.selectbox(key="projects_open_pick").value == new.id  # "Open in the inspector" opens it
    texts = [s.value for s in at.success]
    assert any(f"Created project #{new.id}" in t for t in texts) and any("Projected" in t for t in texts)
    at.run()  # the messages were for that one run
    assert not any("Created project" in s.value for s in at.success)


@pytest.mark.parametrize("fmt", ["jsonl", "labelstudio", "docbin", "conll-bioes"])
def test_an_export_starts_a_new_project(workspace, fmt):
    """The app's own exports (corrected data) are accepted back as uploads, labels and words intact."""
    from xproj_core import export as ex

    store = Store(workspace)
    [run] = store.runs(store.projects()[0].id)
    recs = ex.records_from_store(store, run.id, lang="zh")
    src = ex.export([ex.ExportRecord(r.source) for r in recs], "conll-iob2")
    tgt = ex.export(recs, fmt)
    name = "corrected." + ex.FORMATS[fmt].extension
    pairs = wb.pairs_from_uploads(("src.conll", src), (name, tgt), src_lang="en", tgt_lang="zh", target_labelled=True)
    assert [p.tgt.words for p in pairs] == [r.sentence.words for r in recs]
    assert [p.tgt.spans for p in pairs] == [tuple(sorted(r.sentence.spans)) for r in recs]
    assert any(p.tgt.spans for p in pairs)
    assert fmt in wb.corpus_formats(target=True) or fmt.startswith("conll")


def test_a_broken_export_upload_is_an_input_error():
    from xproj_core.errors import InputError

    with pytest.raises(InputError, match="bad.jsonl:1"):
        wb.read_upload("bad.jsonl", b"not json\n")
    with pytest.raises(InputError, match="bad.spacy"):
        wb.read_upload("bad.spacy", b"\x00garbage")


def test_analysis_tables_round_ratios_and_means(app_at):
    import json

    at = app_at("pages/analysis.py")
    [scores] = [d for d in at.dataframe if "F1_mean" in d.value.columns]
    cfg = json.loads(scores.proto.columns)
    assert cfg["proj_ratio"]["type_config"]["format"] == "%.2f"
    assert cfg["F1_mean"]["type_config"]["format"] == "%.1f"


def test_two_sessions_on_one_sentence_lose_nothing_and_the_later_is_warned(app_at, workspace):
    store = Store(workspace)
    [project] = store.projects()
    [run] = store.runs(project.id)
    pair = next(p for p in store.pairs(project.id) if p.tgt.lang == "ar" and p.src.spans)
    at = app_at("pages/inspect.py")
    at.selectbox(key="inspect_pair").set_value(pair.id).run()
    wb.record(store, run.id, pair.id, [], "rejected", author="alice")  # another browser, meanwhile
    at.button(key=f"accept_{run.id}_{pair.id}").click().run()  # this page still shows the old state
    assert not at.exception, [e.value for e in at.exception]
    [warning] = at.warning
    assert "alice changed this sentence (rejected" in warning.value
    hist = store.history(run.id, pair.id)
    assert [(c.author, c.status) for c in hist] == [("alice", "rejected"), ("user", "accepted")]
    at.run()
    assert not at.warning  # said once
    at.button(key=f"accept_{run.id}_{pair.id}").click().run()  # own changes never warn
    assert not at.warning


def test_export_page_merges_reviewed_sentences_into_a_gold_project(app_at, workspace):
    store = Store(workspace)
    [project] = store.projects()
    [run] = store.runs(project.id)
    pair = next(p for p in store.pairs(project.id) if p.tgt.lang == "de" and p.tgt.spans)
    wb.record(store, run.id, pair.id, [], "corrected", author="linguist")  # "no entity here", reviewed
    at = app_at("pages/export.py")
    at.radio(key="export_scope").set_value("reviewed").run()
    at.button(key="export_merge").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Created project" in s.value for s in at.success)
    merged = store.projects()[-1]
    assert merged.n_pairs == 1 and merged.meta["from_run"] == run.id
    [gold_pair] = store.pairs(merged.id)
    assert gold_pair.id == pair.id and gold_pair.tgt.spans == ()


def test_category_chart_colours_are_fixed_and_legend_fits_one_language():
    import pandas as pd

    from pages._ui.charts import CATEGORY_ORDER, category_bars

    one = pd.DataFrame({"lang": ["de", "de"], "category": ["missed", "spurious"], "count": [3, 1], "order": [3, 4]})
    spec = category_bars(one).to_dict()
    colour = spec["encoding"]["color"]
    assert colour["scale"]["domain"] == CATEGORY_ORDER  # "missed" is the same red in every run
    assert colour["legend"]["orient"] == "bottom"  # not squeezed beside a single 28 px bar
