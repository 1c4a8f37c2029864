"""Alignment heuristics (method §4)."""

import dataclasses

import pytest

from xproj_core.errors import ConfigError
from xproj_core.heuristics import PRESETS, HeuristicConfig, merge_runs, preset, project_heuristic, runs_of
from xproj_core.types import Alignment, Candidate, Sentence, SentencePair, Span


def pair_of(n_src, m, ents, tgt_words=None):
    src = Sentence.from_words([f"s{i}" for i in range(n_src)], ents)
    tgt = Sentence.from_words(tgt_words or [f"t{i}" for i in range(m)])
    return SentencePair("p", src, tgt)


def test_runs_and_merge():
    assert runs_of([1, 2, 4, 7, 8]) == [(1, 3), (4, 5), (7, 9)]
    assert merge_runs([(1, 3), (4, 5), (7, 9)], 1) == [(1, 5), (7, 9)]
    assert merge_runs([(1, 3), (4, 5), (7, 9)], 2) == [(1, 9)]
    assert merge_runs([(1, 3), (4, 5)], 0) == [(1, 3), (4, 5)]
    # García-Ferrero's union rule: two single words one apart merge, [3,4]+[6] does not
    assert merge_runs([(3, 4), (5, 6)], 1, union_quirk=True) == [(3, 6)]
    assert merge_runs([(3, 5), (6, 7)], 1, union_quirk=True) == [(3, 5), (6, 7)]
    assert merge_runs([(3, 5), (6, 7)], 1) == [(3, 7)]


def test_presets_are_the_table():
    p = PRESETS["politov"]
    assert (p.merge_distance, p.length_ratio, p.order, p.top_k, p.collision) == (1, 0.8, "input", None, "overwrite")
    t = PRESETS["thesis"]
    assert (t.order, t.top_k, t.only_i, t.length_ratio, t.collision) == ("shortest_first", None, False, 0.8, "skip")
    c = PRESETS["thesis_code_defaults"]
    assert (c.top_k, c.top_k_order, c.only_i, c.length_ratio) == (1, "shortest", True, None)
    g = PRESETS["garcia_ferrero"]
    assert (g.drop_punct, g.union_quirk, g.top_k, g.collision) == (True, True, 1, "union_longer")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.merge_distance = 2
    with pytest.raises(ConfigError):
        preset("nope")
    with pytest.raises(ConfigError):
        HeuristicConfig(collision="random")
    assert preset("politov", length_ratio=None).length_ratio is None
    assert HeuristicConfig.from_dict(p.to_dict()) == p


def test_politov_strict_length_ratio():
    # 3-word entity, target range of 2 words: 2/3 <= 0.8 -> filtered; a 3-word range survives
    pair = pair_of(3, 8, [Span(0, 3, "ORG")])
    al = Alignment.from_pairs([(0, 1), (1, 2), (2, 5), (2, 6), (2, 7)])
    proj = project_heuristic(pair, al, "politov")
    assert proj.labelled == (Span(5, 8, "ORG"),)
    ev = proj.evidence[0]
    assert ev.aligned_targets == (1, 2, 5, 6, 7)
    assert "filtered by length ratio" in ev.note and "[1,3)" in ev.note
    assert {c.candidate: c.component("kept") for c in ev.candidates} == {Candidate(1, 3): 0.0, Candidate(5, 8): 1.0}
    assert ev.winner == Candidate(5, 8)
    # 5 words need 5, so 4/5 = 0.8 is filtered (strict)
    pair5 = pair_of(5, 6, [Span(0, 5, "X")])
    al5 = Alignment.from_pairs([(i, i) for i in range(4)])
    assert project_heuristic(pair5, al5).labelled == ()
    assert project_heuristic(pair5, al5, preset("politov", length_ratio=None)).labelled == (Span(0, 4, "X"),)


def test_politov_labels_every_range_and_merges_gap_of_one():
    pair = pair_of(1, 9, [Span(0, 1, "PER")])
    al = Alignment.from_pairs([(0, 1), (0, 3), (0, 6)])
    proj = project_heuristic(pair, al, "politov")
    # 1 and 3 merge across one unaligned word -> [1,4); 6 stays separate (gap of 2)
    assert proj.labelled == (Span(1, 4, "PER"), Span(6, 7, "PER"))
    assert {p.entity_index for p in proj.spans} == {0}


def test_politov_overwrite_leaves_fragment():
    pair = pair_of(4, 6, [Span(0, 2, "ORG"), Span(3, 4, "PER")])
    al = Alignment.from_pairs([(0, 1), (1, 2), (1, 3), (3, 2)])
    proj = project_heuristic(pair, al, "politov")
    # ORG writes B I I on 1..3, PER overwrites word 2 -> ORG [1,2), PER [2,3), stray I-ORG at 3 -> [3,4)
    assert proj.labelled == (Span(1, 2, "ORG"), Span(2, 3, "PER"), Span(3, 4, "ORG"))
    owners = {p.span: p.entity_index for p in proj.spans}
    assert owners[Span(2, 3, "PER")] == 1 and owners[Span(3, 4, "ORG")] == 0


def test_thesis_shortest_first_first_come_first_served():
    pair = pair_of(4, 6, [Span(0, 3, "ORG"), Span(3, 4, "PER")])
    al = Alignment.from_pairs([(0, 1), (1, 2), (2, 3), (3, 2)])
    proj = project_heuristic(pair, al, preset("thesis", length_ratio=None))
    # PER (shorter) claims word 2 first; the ORG range [1,4) is then skipped
    assert proj.labelled == (Span(2, 3, "PER"),)
    assert "skipped" in proj.evidence[0].note and "lost to overlap" in proj.evidence[0].note


def test_thesis_top_k_orders_and_only_i():
    pair = pair_of(2, 12, [Span(0, 2, "LOC")])
    al = Alignment.from_pairs([(0, 1), (1, 2), (0, 5), (1, 6), (1, 7), (0, 10)])
    base = dict(length_ratio=None, merge_distance=0)
    longest = project_heuristic(pair, al, preset("thesis", top_k=1, top_k_order="longest", **base))
    shortest = project_heuristic(pair, al, preset("thesis", top_k=1, top_k_order="shortest", **base))
    assert longest.labelled == (Span(5, 8, "LOC"),)
    assert shortest.labelled == (Span(10, 11, "LOC"),)
    # only_i: the run starting at word 5 (linked to the entity's first word) is not merged
    pair2 = pair_of(2, 8, [Span(0, 2, "LOC")])
    al2 = Alignment.from_pairs([(0, 1), (1, 2), (0, 4), (1, 5)])
    merged = project_heuristic(pair2, al2, preset("thesis", length_ratio=None, only_i=False))
    split = project_heuristic(pair2, al2, preset("thesis", length_ratio=None, only_i=True))
    assert merged.labelled == (Span(1, 6, "LOC"),)
    assert split.labelled == (Span(1, 3, "LOC"), Span(4, 6, "LOC"))


def test_garcia_ferrero():
    words = ["t0", ",", "t2", "t3", "t4", "t5", "t6", "t7"]
    pair = pair_of(4, 8, [Span(0, 1, "PER"), Span(1, 2, "PER"), Span(2, 3, "LOC"), Span(3, 4, "ORG")], words)
    # PER0 -> 1 (punct, dropped) and 2,4 (union rule merges -> [2,5)); PER1 -> 4,5 ; LOC -> 6
    al = Alignment.from_pairs([(0, 1), (0, 2), (0, 4), (1, 4), (1, 5), (2, 6), (3, 1)])
    proj = project_heuristic(pair, al, "garcia_ferrero")
    # same-type neighbours overlap -> union [2,6); LOC [6,7) does not overlap
    assert proj.labelled == (Span(2, 6, "PER"), Span(6, 7, "LOC"))
    assert proj.evidence[3].note == "only punctuation aligned"
    kept = project_heuristic(pair, al, preset("garcia_ferrero", drop_punct=False))
    assert Span(1, 2, "ORG") in kept.labelled


def test_garcia_ferrero_keep_longer_on_type_clash_tie_later():
    pair = pair_of(2, 6, [Span(0, 1, "PER"), Span(1, 2, "LOC")])
    al = Alignment.from_pairs([(0, 1), (0, 2), (1, 2), (1, 3)])
    assert project_heuristic(pair, al, "garcia_ferrero").labelled == (Span(2, 4, "LOC"),)
    al2 = Alignment.from_pairs([(0, 1), (0, 2), (0, 3), (1, 3), (1, 4)])
    assert project_heuristic(pair, al2, "garcia_ferrero").labelled == (Span(1, 4, "PER"),)


def test_no_alignment_note_and_rtl_words():
    pair = pair_of(2, 3, [Span(0, 1, "PER"), Span(1, 2, "LOC")], ["في", "القاهرة", "اليوم"])
    al = Alignment.from_pairs([(1, 1)])
    proj = project_heuristic(pair, al)
    assert proj.labelled == (Span(1, 2, "LOC"),)
    assert proj.evidence[0].note == "no aligned words" and proj.evidence[0].winner is None
    assert proj.method == "heuristic:politov"
