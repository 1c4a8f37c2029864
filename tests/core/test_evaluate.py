"""Span scores (against seqeval), proj_ratio, error categories with causes, AER."""

from __future__ import annotations

import math
import random
import warnings

import pytest

from xproj_core.evaluate import (
    CATEGORIES, PRF, aer, categorise, categorise_sentence, proj_ratio, span_scores,
)
from xproj_core.tags import spans_from_tags
from xproj_core.types import (
    Alignment, Candidate, CandidateScore, EntityEvidence, GoldAlignment, ProjectedSpan, Projection, Sentence, Span,
)


def _tags(rng: random.Random, n: int) -> list[str]:
    out = []
    for _ in range(n):
        p = rng.choice("BIOOO")  # stray I- tags included
        out.append("O" if p == "O" else f"{p}-{rng.choice(['PER', 'LOC', 'ORG', 'MISC'])}")
    return out


def test_prf_adds_and_rates():
    a, b = PRF(2, 1, 1), PRF(1, 0, 2)
    assert a + b == PRF(3, 1, 3) and sum([a, b]) == PRF(3, 1, 3)
    assert (a.precision, a.recall) == (2 / 3, 2 / 3) and a.f1 == pytest.approx(2 / 3) and a.support == 3
    assert PRF().precision == PRF().recall == PRF().f1 == 0.0


@pytest.mark.parametrize("seed", range(6))
def test_span_scores_equal_seqeval(seed):
    from seqeval.metrics import classification_report, f1_score, precision_score, recall_score

    rng = random.Random(seed)
    y_true, y_pred = [], []
    for _ in range(rng.randint(1, 40)):
        n = rng.randint(1, 12)
        y_true.append(_tags(rng, n))
        y_pred.append(_tags(rng, n) if rng.random() < 0.5 else [t if rng.random() < 0.8 else "O" for t in y_true[-1]])
    rep = span_scores([spans_from_tags(t) for t in y_true], [spans_from_tags(t) for t in y_pred])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert rep.micro.f1 == pytest.approx(f1_score(y_true, y_pred))
        assert rep.micro.precision == pytest.approx(precision_score(y_true, y_pred))
        assert rep.micro.recall == pytest.approx(recall_score(y_true, y_pred))
        cr = classification_report(y_true, y_pred, output_dict=True)
    types = {k for k in cr if not k.endswith("avg")}
    assert set(rep.per_type) == types
    for t in types:
        got = rep.per_type[t]
        assert (got.precision, got.recall, got.f1, got.support) == pytest.approx(
            (cr[t]["precision"], cr[t]["recall"], cr[t]["f1-score"], cr[t]["support"]))
    assert rep.macro_f1 == pytest.approx(cr["macro avg"]["f1-score"])


def test_span_scores_untyped_and_sentences():
    gold = [Sentence(("a", "b", "c"), (Span(0, 2, "PER"), Span(2, 3, "LOC")))]
    pred = [[Span(0, 2, "ORG"), Span(1, 3, "LOC")]]
    assert span_scores(gold, pred).micro == PRF(0, 2, 2)
    typeless = span_scores(gold, pred, typed=False)
    assert typeless.micro == PRF(1, 1, 1) and typeless.per_type == {}
    with pytest.raises(ValueError):
        span_scores(gold, [])


def test_proj_ratio_rules():
    s = Span(0, 1, "PER")
    t = Span(1, 2, "LOC")
    # 2 gold / 1 pred -> .5; 0/0 -> 1; 0 gold, 1 pred -> 0; 1 gold, 0 pred -> 0; 1 gold / 2 pred -> 2
    gold = [[s, t], [], [], [s], [s]]
    pred = [[s], [], [t], [], [s, t]]
    assert proj_ratio(gold, pred) == pytest.approx((0.5 + 1 + 0 + 0 + 2) / 5)
    assert math.isnan(proj_ratio([], []))


# ----------------------------------------------------------------------------- error categories


def test_categorise_every_category_and_boundary_kind():
    gold = [Span(0, 2, "PER"), Span(3, 4, "LOC"), Span(5, 8, "ORG"), Span(10, 12, "PER"), Span(13, 15, "LOC"),
            Span(17, 18, "PER"), Span(20, 22, "LOC")]
    pred = [Span(0, 2, "PER"),      # correct
            Span(3, 4, "ORG"),      # wrong type
            Span(5, 7, "ORG"),      # under-extension
            Span(9, 12, "PER"),     # over-extension
            Span(14, 16, "ORG"),    # shifted, type differs
            Span(19, 20, "PER")]    # spurious (touches nothing); gold 17-18 and 20-22 missed
    inst, ents = categorise_sentence(gold, pred, sent_index=4)
    assert ents == []
    cat = {(i.gold, i.pred): (i.category, i.boundary, i.type_differs) for i in inst}
    assert cat[(gold[0], pred[0])] == ("correct", "", False)
    assert cat[(gold[1], pred[1])] == ("wrong_type", "", True)
    assert cat[(gold[2], pred[2])] == ("boundary", "under", False)
    assert cat[(gold[3], pred[3])] == ("boundary", "over", False)
    assert cat[(gold[4], pred[4])] == ("boundary", "shifted", True)
    assert cat[(None, pred[5])][0] == "spurious"
    assert cat[(gold[5], None)][0] == cat[(gold[6], None)][0] == "missed"
    assert all(i.id[0] == 4 for i in inst)
    assert {i.id[1] for i in inst} == set(gold) | {pred[5]}


def test_categorise_prefers_same_label_for_exact_boundaries():
    inst, _ = categorise_sentence([Span(0, 2, "LOC")], [Span(0, 2, "PER"), Span(0, 2, "LOC")])
    assert sorted(i.category for i in inst) == ["correct", "spurious"]


def test_categorise_counts_add_up_and_strict_matches_span_scores():
    rng = random.Random(11)
    gold, pred = [], []
    for _ in range(60):
        n = rng.randint(1, 14)
        gold.append(spans_from_tags(_tags(rng, n)))
        pred.append(spans_from_tags(_tags(rng, n)))
    rep = categorise(gold, pred)
    c = rep.counts()
    assert sum(c.values()) == len(rep.instances)
    assert c["correct"] + c["wrong_type"] + c["boundary"] + c["missed"] == sum(map(len, gold))
    assert c["correct"] + c["wrong_type"] + c["boundary"] + c["spurious"] == sum(map(len, pred))
    assert sum(rep.boundary_counts().values()) == c["boundary"]
    assert rep.strict() == span_scores(gold, pred).micro
    assert {i.id for i in rep.by_category("missed")} <= {(k, g) for k, gs in enumerate(gold) for g in gs}
    assert set(CATEGORIES) == set(c)


def _ev(k: int, entity: Span, targets=(), cands=(), winner=None) -> EntityEvidence:
    scored = tuple(CandidateScore(Candidate(*c), 1, (("align", s),), s) for c, s in cands)
    runner = next((c.candidate for c in scored if c.candidate != winner), None)
    return EntityEvidence(k, entity, tuple(targets), scored, winner, max((c.score for c in scored if c.candidate == winner), default=0.0),
                          runner, 0.0)


def test_categorise_causes_from_projection():
    # source entities: 0 PER (split into two spans), 1 LOC (no aligned words), 2 ORG + 3 ORG (same span: merged),
    # 4 LOC (matching error: gold boundaries scored but another candidate accepted)
    src = [Span(0, 2, "PER"), Span(3, 4, "LOC"), Span(5, 6, "ORG"), Span(7, 8, "ORG"), Span(9, 10, "LOC")]
    gold = [Span(0, 3, "PER"), Span(4, 5, "LOC"), Span(6, 7, "ORG"), Span(8, 9, "ORG"), Span(12, 14, "LOC")]
    proj = Projection("p", (
        ProjectedSpan(Span(0, 1, "PER"), 0, 1.0), ProjectedSpan(Span(2, 3, "PER"), 0, 0.5),
        ProjectedSpan(Span(6, 9, "ORG"), 2, 0.9), ProjectedSpan(Span(6, 9, "ORG"), 3, 0.8),
        ProjectedSpan(Span(12, 13, "LOC"), 4, 0.7),
    ), evidence=(
        _ev(0, src[0], (0, 2), [((0, 1), 1.0), ((2, 3), 0.5)], Candidate(0, 1)),
        _ev(1, src[1]),
        _ev(2, src[2], (6, 7, 8), [((6, 9), 0.9)], Candidate(6, 9)),
        _ev(3, src[3], (6, 7, 8), [((6, 9), 0.8)], Candidate(6, 9)),
        _ev(4, src[4], (12, 13), [((12, 13), 0.7), ((12, 14), 0.4)], Candidate(12, 13)),
    ))
    pred = proj.labelled
    rep = categorise([gold], [pred], [proj])
    by_gold = {i.gold: i for i in rep.instances if i.gold is not None}
    assert "split" in by_gold[gold[0]].causes
    assert [i.pred for i in rep.by_cause("split")] == [Span(0, 1, "PER"), Span(2, 3, "PER")]
    assert by_gold[gold[1]].category == "missed" and by_gold[gold[1]].causes == ("no_candidate",)
    assert [(e.entity_index, e.cause) for e in rep.entity_causes] == [(1, "no_candidate")]
    assert "merged" in by_gold[gold[2]].causes and "merged" in by_gold[gold[3]].causes
    assert by_gold[gold[4]].boundary == "under" and by_gold[gold[4]].causes == ("matching_error",)
    assert by_gold[gold[4]].entity_index == 4
    assert rep.cause_counts() == {c: len(rep.by_cause(c)) for c in rep.cause_counts()}
    # without a projection: the same categories, no causes
    plain = categorise([gold], [pred])
    assert [i.category for i in plain.instances] == [i.category for i in rep.instances]
    assert all(i.causes == () for i in plain.instances)


# ----------------------------------------------------------------------------- AER


def test_aer_hand_example():
    gold = [GoldAlignment(frozenset({(0, 0), (1, 1)}), frozenset({(0, 0), (1, 1), (1, 2)}))]
    pred = [Alignment.from_pairs([(0, 0), (1, 2), (2, 2)])]
    s = aer(gold, pred)
    # |A|=3, |S|=2, |A∩S|=1, |A∩P|=2
    assert (s.precision, s.recall) == (2 / 3, 1 / 2)
    assert s.aer == pytest.approx(1 - 3 / 5)
    assert (s.n_pred, s.n_sure, s.hits_sure, s.hits_possible) == (3, 2, 1, 2)


def test_aer_sure_only_is_one_minus_f1_and_edge_cases():
    gold = [GoldAlignment(frozenset({(0, 0), (1, 1), (2, 2)})), GoldAlignment(frozenset({(0, 1)}))]
    pred = [[(0, 0), (1, 2)], Alignment.from_pairs([(0, 1)])]
    s = aer(gold, pred)
    assert s.aer == pytest.approx(1 - s.f1)
    assert aer(gold, [[(0, 0), (1, 1), (2, 2)], [(0, 1)]]).aer == 0.0
    assert aer([GoldAlignment()], [Alignment()]).aer == 0.0
    with pytest.raises(ValueError):
        aer(gold, pred[:1])
