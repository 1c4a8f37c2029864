"""Analysis tables: scores per language/type, error taxonomy with drill-down, AER, run comparison."""

import math

import pytest

from xproj_core import analysis
from xproj_core.store import Correction, Store
from xproj_core.types import (Alignment, Candidate, CandidateScore, EntityEvidence, GoldAlignment, ProjectedSpan,
                              Projection, Sentence, SentencePair, Span)

W = ("a", "b", "c", "d", "e", "f")


def _pair(pid, lang, src, gold):
    return SentencePair(pid, Sentence(W, tuple(src), lang="en"), Sentence(W, tuple(gold), lang=lang))


PER, LOC = Span(0, 2, "PER"), Span(3, 4, "LOC")
PAIRS = [
    _pair("de-1", "de", [PER, LOC], [PER, LOC]),      # both correct
    _pair("de-2", "de", [PER], [PER]),                # boundary over-extension
    _pair("sw-1", "sw", [PER, LOC], [PER, LOC]),      # wrong type + missed
    _pair("sw-2", "sw", [], []),                      # spurious
]
PRED = {
    "de-1": (PER, LOC),
    "de-2": (Span(0, 3, "PER"),),
    "sw-1": (Span(0, 2, "ORG"),),
    "sw-2": (Span(5, 6, "MISC"),),
}


def test_analysis_scores_by_lang_and_all():
    df = analysis.scores_by_lang(PAIRS, PRED).set_index("lang")
    assert df.loc["de", "tp"] == 2 and df.loc["de", "fp"] == 1 and df.loc["de", "fn"] == 1
    assert math.isclose(df.loc["de", "F1"], 100 * 2 / 3)
    assert df.loc["sw", "tp"] == 0 and df.loc["sw", "F1"] == 0
    assert df.loc["all", "tp"] == 2 and df.loc["all", "fp"] == 3 and df.loc["all", "fn"] == 3
    assert math.isclose(df.loc["all", "F1_mean"], (100 * 2 / 3 + 0) / 2)
    # proj_ratio against source entities: de 1.0, 1.0; sw 1/2 and (0 gold, 1 pred) -> 0
    assert math.isclose(df.loc["de", "proj_ratio"], 1.0) and math.isclose(df.loc["sw", "proj_ratio"], 0.25)


def test_analysis_scores_match_seqeval():
    seqeval = pytest.importorskip("seqeval.metrics")
    from xproj_core.tags import tags_from_spans

    gold = [tags_from_spans(p.tgt.spans, len(W)) for p in PAIRS]
    pred = [tags_from_spans(PRED[p.id], len(W)) for p in PAIRS]
    df = analysis.scores_by_lang(PAIRS, PRED).set_index("lang")
    assert math.isclose(df.loc["all", "F1"], 100 * seqeval.f1_score(gold, pred))
    types = analysis.scores_by_type(PAIRS, PRED).set_index("type")
    assert types.loc["PER", "tp"] == 1 and types.loc["LOC", "fn"] == 1


def test_analysis_instances_counts_add_up_and_drill_down():
    inst = analysis.instances(PAIRS, PRED)
    table = analysis.category_table(inst).set_index("lang")
    assert table.loc["all"].to_dict() == {"correct": 2, "wrong type": 1, "boundary": 1, "missed": 1, "spurious": 1}
    assert table.loc["de", "correct"] == 2 and table.loc["sw", "missed"] == 1
    counts = analysis.category_counts(inst)
    assert counts["count"].sum() == len(inst) == 6
    rows = analysis.drill(inst, category="wrong type")
    assert list(rows["pair_id"]) == ["sw-1"]
    over = analysis.drill(inst, cause="boundary: over-extension")
    assert list(over["pair_id"]) == ["de-2"]
    assert list(analysis.drill(inst, category="missed", lang="sw")["gold_text"]) == ["d"]
    table = analysis.drill_table(over, project_id=1, run_id=2)
    assert table.loc[0, "link"] == "inspect?project=1&run=2&pair=de-2"
    assert table.loc[0, "gold"] == "[0, 2) PER a b" and table.loc[0, "projected"] == "[0, 3) PER a b c"
    cats = analysis.pair_categories(inst)
    assert "de-1" not in cats and cats["sw-1"] == ("missed", "wrong type")


def test_analysis_causes_from_evidence_and_alignment():
    pair = _pair("x", "de", [PER], [PER])
    ev = EntityEvidence(0, PER, (0, 1, 2), (CandidateScore(Candidate(0, 3), 3, (), 0.8),
                                            CandidateScore(Candidate(0, 2), 2, (), 0.6)),
                        Candidate(0, 3), 0.8, Candidate(0, 2), 0.6)
    proj = Projection("x", (ProjectedSpan(Span(0, 3, "PER"), 0, 0.8, 0.6),), evidence=(ev,))
    inst = analysis.instances([pair], {"x": proj.labelled}, projections={"x": proj})
    assert inst.loc[0, "causes"] == ("matching_error",)
    assert analysis.cause_counts(inst).set_index("cause")["count"].to_dict() == {
        "boundary: over-extension": 1, "matching error": 1}
    # a missed entity whose gold words carry no link at all: MT dropped / unaligned
    missed = analysis.instances([pair], {"x": ()}, alignments={"x": Alignment.from_pairs([(3, 4)])})
    assert missed.loc[0, "causes"] == ("mt_dropped",)
    linked = analysis.instances([pair], {"x": ()}, alignments={"x": Alignment.from_pairs([(0, 1)])})
    assert linked.loc[0, "causes"] == ()


def test_analysis_with_evidence_only_for_error_sentences():
    seen = []

    def fake(pair, alignment, config, evidence):
        seen.append(pair.id)
        return Projection(pair.id, ())

    out = analysis.with_evidence(PAIRS, PRED, {}, config=None, project=fake)
    assert seen == ["de-2", "sw-1", "sw-2"] and set(out) == set(seen)


def test_analysis_aer_by_lang():
    gold = {"de-1": GoldAlignment(frozenset({(0, 0), (1, 1)}), frozenset({(2, 2)})),
            "sw-1": GoldAlignment(frozenset({(0, 0)}))}
    al = {"de-1": Alignment.from_pairs([(0, 0), (2, 2)]), "sw-1": Alignment.from_pairs([(0, 1)])}
    df = analysis.aer_by_lang(PAIRS, gold, al).set_index("lang")
    assert math.isclose(df.loc["de", "P"], 100.0) and math.isclose(df.loc["de", "R"], 50.0)
    assert math.isclose(df.loc["de", "AER"], 100 * (1 - (1 + 2) / (2 + 2)))
    assert math.isclose(df.loc["sw", "AER"], 100.0)
    assert "all" in df.index


def _store(tmp_path):
    store = Store(tmp_path / "w.sqlite")
    pid = store.create_project("t", PAIRS, gold_alignments={"de-1": GoldAlignment(frozenset({(0, 0)}))})
    projs = [Projection(pid_, tuple(ProjectedSpan(s, 0, 0.5, 0.1) for s in spans), rel_cost=0.5)
             for pid_, spans in PRED.items()]
    als = {p.id: Alignment.from_pairs([(0, 0)]) for p in PAIRS}
    r1 = store.add_run(pid, "one", {"method": "matching", "aligner": "fusion"}, "sig1", projs, als, {"align": 1.0})
    perfect = [Projection(p.id, tuple(ProjectedSpan(s, 0, 0.9, 0.0) for s in p.tgt.spans), rel_cost=0.9) for p in PAIRS]
    r2 = store.add_run(pid, "two", {"method": "heuristic", "aligner": "fusion"}, "sig2", perfect, als, {})
    return store, pid, r1, r2


def test_analysis_compare_runs_and_corrected_predictions(tmp_path):
    store, pid, r1, r2 = _store(tmp_path)
    df = analysis.compare_runs(store, pid)
    f1 = df[df.lang == "all"].set_index("method")["F1"]
    assert math.isclose(f1["heuristic"], 100.0) and f1["matching"] < 100
    assert math.isclose(df[(df.method == "matching") & (df.lang == "de")]["AER"].item(), 0.0)
    store.add_correction(Correction(r1, "sw-1", (PER, LOC), "corrected"))
    store.add_correction(Correction(r1, "sw-2", (), "rejected"))
    pred = analysis.predictions(store, r1, PAIRS, corrected=True)
    assert pred["sw-1"] == (PER, LOC) and pred["sw-2"] == ()
    assert analysis.predictions(store, r1, PAIRS)["sw-1"] == (Span(0, 2, "ORG"),)


def test_analysis_review_queue_has_categories_and_disagreement(tmp_path):
    store, pid, r1, r2 = _store(tmp_path)
    q = analysis.review_queue(store, pid, r1).set_index("pair_id")
    assert q.loc["sw-1", "categories"] == ("MT dropped / unaligned", "missed", "wrong type")
    assert q.loc["de-1", "disagreement"] == 0.0 and q.loc["sw-1", "disagreement"] == 1.0
    assert q.loc["sw-1", "uncertainty"] > q.loc["de-1", "uncertainty"]


def test_analysis_type_tables_from_the_language_pass_match_scores_by_type():
    types = {}
    analysis.scores_by_lang(PAIRS, PRED, types=types)
    assert set(types) == {"de", "sw", "all"}
    for lang in types:
        direct = analysis.scores_by_type(PAIRS, PRED, lang=lang)
        assert types[lang].to_dict("records") == direct.to_dict("records")


def test_analysis_picked_point():
    assert analysis.picked_point({"selection": {"pick": [{"category": "missed", "lang": "zh"}]}}, "pick") == {
        "category": "missed", "lang": "zh"}
    assert analysis.picked_point({"selection": {"pick": []}}, "pick") is None
    assert analysis.picked_point(None, "pick") is None
