"""The app's workflow functions (xproj_core.workbench), tested without streamlit."""

import pytest

from xproj_core import workbench as wb
from xproj_core.errors import InputError
from xproj_core.types import Alignment, Link, Sentence, SentencePair, Span

WORDS = ("Angela", "Merkel", "besuchte", "Paris", ".")


def test_token_options_round_trip():
    opts = wb.token_options(WORDS)
    assert opts[3] == "3 · Paris"
    assert [wb.option_index(o, len(WORDS)) for o in opts] == list(range(len(WORDS)))
    with pytest.raises(InputError):
        wb.option_index("9 · x", len(WORDS))
    with pytest.raises(InputError):
        wb.option_index(None, len(WORDS))


def test_editor_rows_and_back():
    spans = (Span(0, 2, "PER"), Span(3, 4, "LOC"))
    rows = wb.editor_rows(WORDS, spans)
    assert rows[0] == {"first": "0 · Angela", "last": "1 · Merkel", "label": "PER"}
    assert wb.spans_from_editor(rows, WORDS) == spans


def test_apply_editor_state_edit_add_delete():
    base = wb.editor_rows(WORDS, (Span(0, 2, "PER"), Span(3, 4, "LOC")))
    edits = {"edited_rows": {0: {"first": "1 · Merkel"}}, "deleted_rows": [1],
             "added_rows": [{"first": "3 · Paris", "last": "4 · .", "label": "ORG"}]}
    rows = wb.apply_editor_state(base, edits)
    assert wb.spans_from_editor(rows, WORDS) == (Span(1, 2, "PER"), Span(3, 5, "ORG"))
    assert base[0]["first"] == "0 · Angela"  # input untouched


def test_spans_from_editor_rejects_overlap_and_missing_label():
    with pytest.raises(InputError, match="overlap"):
        wb.spans_from_editor([{"first": "0 · Angela", "last": "3 · Paris", "label": "PER"},
                              {"first": "3 · Paris", "last": "3 · Paris", "label": "LOC"}], WORDS)
    with pytest.raises(InputError, match="label"):
        wb.spans_from_editor([{"first": "0 · Angela", "last": "1 · Merkel", "label": None}], WORDS)
    # reversed boundaries are put in order; a blank added row is ignored
    assert wb.spans_from_editor([{"first": "1 · Merkel", "last": "0 · Angela", "label": "PER"},
                                 {"first": None, "last": None, "label": None}], WORDS) == (Span(0, 2, "PER"),)


def test_toggle_link_adds_and_removes():
    a = Alignment.from_pairs([(0, 0)], scores={(0, 0): 0.4})
    b = wb.toggle_link(a, 1, 1)
    assert b.pairs() == {(0, 0), (1, 1)}
    assert [l.score for l in b.links] == [0.4, 1.0]
    assert wb.toggle_link(b, 0, 0).pairs() == {(1, 1)}


def test_link_options_round_trip_keeps_scores():
    pair = SentencePair("x", Sentence(("a", "b")), Sentence(("c", "d")))
    a = Alignment((Link(0, 1, 0.3), Link(1, 0, 0.9)))
    opts = wb.link_options(a, pair)
    assert opts[0].startswith("0-1")
    back = wb.alignment_from_options(opts, a)
    assert back == a and [l.score for l in back.links] == [0.3, 0.9]


def test_read_upload_names_the_file_on_error():
    bad = "Angela\tB-PER\nMerkel\tI-PER\tX\n".encode()
    with pytest.raises(InputError) as e:
        wb.read_upload("src.conll", bad)
    assert "src.conll" in str(e.value) and e.value.line == 2


def test_pairs_from_uploads_text_target():
    src = "Angela\tB-PER\nMerkel\tI-PER\nkam\tO\n\nParis\tB-LOC\n\n".encode()
    tgt = "Angela Merkel came\nParis\n".encode()
    pairs = wb.pairs_from_uploads(("s.tsv", src), ("t.txt", tgt), src_lang="de", tgt_lang="en")
    assert len(pairs) == 2
    assert pairs[0].src.spans == (Span(0, 2, "PER"),) and pairs[0].tgt.words == ("Angela", "Merkel", "came")
    assert pairs[1].tgt.lang == "en" and pairs[1].src.lang == "de" and pairs[1].tgt.spans == ()


def test_pairs_from_uploads_count_mismatch_is_input_error():
    src = "Angela\tB-PER\n\nParis\tB-LOC\n\n".encode()
    with pytest.raises(InputError):
        wb.pairs_from_uploads(("s.tsv", src), ("t.txt", "only one line\n".encode()))


def test_label_set_prefers_corpus_labels():
    pair = SentencePair("x", Sentence(("a",), (Span(0, 1, "GPE"),)), Sentence(("b",)))
    labels = wb.label_set([pair])
    assert labels[0] == "GPE" and "PER" in labels


def _one_pair_store(tmp_path):
    from xproj_core.store import Store

    pair = SentencePair("p1", Sentence(("Angela", "Merkel", "visited", "Paris"), (Span(0, 2, "PER"), Span(3, 4, "LOC")), lang="en"),
                        Sentence(("Angela", "Merkel", "besuchte", "Paris"), (Span(0, 2, "PER"), Span(3, 4, "LOC")), lang="de"))
    alignment = Alignment.from_pairs([(0, 0), (1, 1), (2, 2), (3, 3)])
    store = Store(tmp_path / "ws.sqlite")
    pid = store.create_project("t", [pair])
    config = wb.default_config()
    proj = wb.reproject(pair, alignment, config)
    rid = store.add_run(pid, "r", {**config.to_dict(), "aligner": "given"}, "sig", [proj], {"p1": alignment}, {})
    return store, rid, pair, alignment


def test_sentence_view_follows_corrections_and_undo(tmp_path):
    store, rid, pair, alignment = _one_pair_store(tmp_path)
    view = wb.sentence_view(store, rid, pair)
    assert view.status == "projected" and view.spans == (Span(0, 2, "PER"), Span(3, 4, "LOC"))
    assert {r["role"] for r in wb.candidate_rows(pair, view.projection)} >= {"winner"}
    wb.record(store, rid, "p1", [Span(0, 1, "PER")], "corrected", author="bob")
    view = wb.sentence_view(store, rid, pair)
    assert view.status == "corrected" and view.spans == (Span(0, 1, "PER"),) and view.correction.author == "bob"
    store.undo(rid, "p1")
    view = wb.sentence_view(store, rid, pair, stored_alignment=alignment)
    assert view.status == "projected" and len(view.history) == 2
    assert wb.effective_correction(view.history) is None


def test_live_link_edit_reprojects(tmp_path):
    store, rid, pair, alignment = _one_pair_store(tmp_path)
    draft = wb.toggle_link(alignment, 3, 3)  # Paris loses its only link
    view = wb.sentence_view(store, rid, pair, alignment=draft)
    assert view.links_edited and view.spans == (Span(0, 2, "PER"),)
    [_, loc] = wb.entity_summary(pair, view.projection)
    assert loc["winner"] == "—" and "no aligned words" in loc["note"]
    wb.record(store, rid, "p1", view.projection.labelled, "corrected", links=view.alignment)
    saved = wb.sentence_view(store, rid, pair)
    assert saved.alignment.pairs() == draft.pairs() and saved.spans == (Span(0, 2, "PER"),)


def test_build_config_heuristic_overrides_only_changed_knobs():
    cfg = wb.build_config("heuristic", preset="thesis", merge_distance=1, length_ratio=0.8, top_k=0)
    assert cfg.heuristic == "thesis" and cfg.heuristic_options == ()
    cfg = wb.build_config("heuristic", preset="politov", length_ratio=0)
    assert dict(cfg.heuristic_options) == {"length_ratio": None}
    m = wb.build_config("matching", max_len=0, w_align=1, w_ortho=0.5, solver="exact")
    assert m.max_len is None and dict(m.scores) == {"align": 1.0, "ortho": 0.5} and m.solver == "exact"
    with pytest.raises(Exception, match="weight"):
        wb.build_config("matching", w_align=0, w_ortho=0)


def test_heatmap_cells_sparse_for_long_sentences_matches_dense_rows():
    from xproj_core import render
    from xproj_core.types import GoldAlignment

    n = 70
    words = tuple(f"w{i}" for i in range(n))
    pair = SentencePair("long", Sentence(words, (Span(3, 5, "PER"),)), Sentence(words))
    al = Alignment.from_pairs([(i, i) for i in range(0, n, 2)], scores={(0, 0): 0.5})
    gold = GoldAlignment(sure=frozenset({(1, 1)}), possible=frozenset({(2, 3)}))
    sparse = wb.heatmap_cells(pair, al, gold_alignment=gold)
    dense = render.heatmap_frame(pair, al, gold_alignment=gold)
    assert len(sparse) == len(al) + 2 and n * n > wb.DENSE_HEATMAP_CELLS
    keep = dense[(dense["linked"]) | (dense["gold"] != "")].reset_index(drop=True)
    assert sparse.to_dict("records") == keep.to_dict("records")


def test_use_candidate_replaces_the_entity_span():
    pair = SentencePair("x", Sentence(("New", "York", "Times", "reports"), (Span(0, 3, "ORG"),)),
                        Sentence(("die", "New", "York", "Times", "berichtet")))
    al = Alignment.from_pairs([(0, 1), (1, 2)])  # "Times" unaligned: the winner is too short
    proj = wb.reproject(pair, al, wb.default_config())
    assert proj.labelled == (Span(1, 3, "ORG"),)
    choices = wb.candidate_choices(pair, proj)
    label = next(k for k, v in choices.items() if v == (0, 1, 4))
    assert "New York Times" in label
    assert wb.use_candidate(pair, proj, proj.labelled, *choices[label]) == (Span(1, 4, "ORG"),)
    # a corrected span elsewhere survives; one overlapping the candidate goes
    assert wb.use_candidate(pair, proj, (Span(0, 1, "MISC"), Span(1, 3, "ORG"), Span(4, 5, "PER")), 0, 1, 4) == (
        Span(0, 1, "MISC"), Span(1, 4, "ORG"), Span(4, 5, "PER"))


def test_pair_choices_filters_by_language_and_shortens():
    long = "x " * 50
    pairs = [SentencePair("de-1", Sentence(tuple(long.split())), Sentence(("a",), lang="de")),
             SentencePair("ar-1", Sentence(("b",)), Sentence(("c",), lang="ar"))]
    assert list(wb.pair_choices(pairs)) == ["de-1", "ar-1"]
    only = wb.pair_choices(pairs, lang="ar")
    assert list(only) == ["ar-1"] and only["ar-1"] == "ar-1 · b"
    assert wb.pair_choices(pairs)["de-1"].endswith("…")


def test_gold_comparison_categories():
    pair = SentencePair("x", Sentence(("a", "b", "c", "d")), Sentence(("A", "B", "C", "D"), (Span(0, 2, "PER"), Span(3, 4, "LOC"))))
    rows = wb.gold_comparison(pair, (Span(0, 1, "PER"), Span(2, 3, "ORG")))
    assert [(r["category"], r["boundary"]) for r in rows] == [("PAR", "under"), ("SPU", ""), ("MIS", "")]
    assert rows[0]["gold"] == "A B (PER)" and rows[1]["gold"] == "—"


def test_pairs_from_uploads_parallel_gold_keeps_target_labels():
    src = "# sent_id = s1\n1\tAngela\tB-PER\t-\tx\n2\tkam\tO\t-\tx\n\n".encode()
    tgt = "# sent_id = s1\n1\tAngela\tB-PER\t-\tx\n2\tcame\tO\t-\tx\n\n".encode()
    [pair] = wb.pairs_from_uploads(("en.iob2", src), ("de.iob2", tgt), src_lang="en", tgt_lang="de", target_labelled=True)
    assert pair.tgt.spans == (Span(0, 1, "PER"),) and pair.tgt.lang == "de"
    [plain] = wb.pairs_from_uploads(("en.iob2", src), ("de.iob2", tgt), tgt_lang="de", target_labelled=False)
    assert plain.tgt.spans == ()  # labels of a target read as text-to-annotate are dropped


def test_runs_for_pair_side_by_side(tmp_path):
    store, rid, pair, alignment = _one_pair_store(tmp_path)
    [row] = wb.runs_for_pair(store, 1, pair)
    assert row["run"] == rid and row["spans"] == "Angela Merkel (PER); Paris (LOC)" and row["exact matches"] == "2/2 gold"


def test_execute_run_reuses_alignments_of_the_same_aligner(tmp_path):
    store, rid, pair, alignment = _one_pair_store(tmp_path)
    pid = store.run(rid).project_id
    # "given" is not a registered aligner: the run can only succeed by reusing run rid's links
    heuristic = wb.build_config("heuristic", preset="politov")
    new = wb.execute_run(store, pid, heuristic, aligner="given")
    assert store.run(new).config["alignments_from_run"] == rid
    assert store.alignments(new)["p1"].pairs() == alignment.pairs()
    assert "align" not in store.run(new).timings
    assert wb.config_from_run(store.run(new).config).method == "heuristic"
    # a run that chains from a reused run points at the run that computed the links
    third = wb.execute_run(store, pid, wb.default_config(), aligner="given")
    assert store.run(third).config["alignments_from_run"] == rid
    with pytest.raises(Exception):
        wb.execute_run(store, pid, heuristic, aligner="given", reuse_alignments=False)
