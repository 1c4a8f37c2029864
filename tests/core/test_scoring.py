"""Score matrices (method §6)."""

import random

import numpy as np
import pytest

from xproj_core.candidates import Candidates, NgramExtractor
from xproj_core.errors import ConfigError
from xproj_core.scoring import DiceScorer, FusedScorer, OrthographicScorer, link_counts, word_similarity
from xproj_core.types import Alignment, Candidate, Sentence, SentencePair, Span


def pair_of(src, tgt, ents):
    return SentencePair("p", Sentence.from_words(src.split(), ents), Sentence.from_words(tgt.split()))


def test_dice_examples_from_method():
    pair = pair_of("the European Parliament", "das Europäische Parlament", [Span(1, 3, "ORG")])
    al = Alignment.from_pairs([(1, 1), (2, 2)])
    cands = [Candidate(1, 3), Candidate(0, 3), Candidate(2, 3)]
    got = DiceScorer().score(pair, al, cands)[0]
    assert got == pytest.approx([1.0, 0.8, 2 / 3])


def test_dice_counts_links_and_can_exceed_one():
    pair = pair_of("a b", "x y", [Span(0, 2, "PER")])
    al = Alignment.from_pairs([(0, 0), (0, 1), (1, 0), (1, 1)])
    assert DiceScorer().score(pair, al, [Candidate(0, 2)])[0, 0] == pytest.approx(2.0)


def test_dice_gap_bridging_example():
    # links to target words 3 and 5 only
    for n_src, expect in ((1, (1.0, 1.0)), (3, (2 * 2 / 6, 2 / 4))):
        ents = [Span(0, n_src, "X")]
        pair = pair_of(" ".join(f"s{i}" for i in range(n_src)), "t0 t1 t2 t3 t4 t5 t6", ents)
        al = Alignment.from_pairs([(0, 3), (n_src - 1, 5)] if n_src > 1 else [(0, 3), (0, 5)])
        if n_src == 1:
            al = Alignment.from_pairs([(0, 3)])  # 1-word entity linked to word 3: [3,6) vs [3,4)
            got = DiceScorer().score(pair, al, [Candidate(3, 4), Candidate(3, 6)])[0]
            assert got[0] == pytest.approx(1.0) and got[1] == pytest.approx(0.5)
        else:
            got = DiceScorer().score(pair, al, [Candidate(3, 6), Candidate(3, 4)])[0]
            assert got == pytest.approx(expect)


def test_dice_matches_reference_on_random_instances():
    rng = random.Random(0)
    for _ in range(50):
        n, m = rng.randint(1, 8), rng.randint(1, 9)
        ents, pos = [], 0
        while pos < n:
            ln = rng.randint(1, 3)
            if pos + ln <= n and rng.random() < 0.6:
                ents.append(Span(pos, pos + ln, "X"))
            pos += ln
        pair = SentencePair("r", Sentence.from_words([f"s{i}" for i in range(n)], ents),
                            Sentence.from_words([f"t{i}" for i in range(m)]))
        links = {(rng.randrange(n), rng.randrange(m)) for _ in range(rng.randint(0, 12))}
        al = Alignment.from_pairs(links)
        cands = NgramExtractor(max_len=4, restrict="none").extract(pair, al)
        got = DiceScorer().score(pair, al, cands)
        for i, e in enumerate(ents):
            for j, c in enumerate(cands):
                L = sum(1 for s, t in links if e.start <= s < e.end and c.start <= t < c.end)
                assert got[i, j] == pytest.approx(2 * L / (len(e) + len(c)))
        assert got.shape == (len(ents), len(cands))
        lc = link_counts(pair, al, cands)
        assert lc.dtype.kind == "i" and lc.shape == got.shape


def test_dice_threshold_is_strict():
    pair = pair_of("a", "x y", [Span(0, 1, "X")])
    al = Alignment.from_pairs([(0, 0)])
    got = DiceScorer(threshold=2 / 3).score(pair, al, [Candidate(0, 1), Candidate(0, 2)])[0]
    assert list(got) == [1.0, 0.0]  # 2/3 is not > 2/3


def test_word_similarity():
    assert word_similarity("Berlin", "berlin") == 1.0
    assert word_similarity("Zürich", "Zurich") == 1.0
    assert 0 < word_similarity("Parliament", "Parlament") < 1
    assert word_similarity("...", "abc") == 0.0


def test_ortho_order_insensitive_and_penalises_padding():
    pair = pair_of("New York City", "la ville City York New de", [Span(0, 3, "LOC")])
    sc = OrthographicScorer(threshold=0.0).score(pair, Alignment(), [Candidate(2, 5), Candidate(1, 5), Candidate(2, 6),
                                                                    Candidate(2, 4)])[0]
    assert sc[0] == pytest.approx(1.0)
    assert sc[1] < sc[0] and sc[2] < sc[0]  # extra words lower the score
    assert sc[3] < sc[0]  # a missing word lowers it too


def test_ortho_rtl_and_cjk():
    pair = pair_of("القاهرة 东京", "في القاهرة و 东京", [Span(0, 1, "LOC"), Span(1, 2, "LOC")])
    sc = OrthographicScorer().score(pair, Alignment(), [Candidate(1, 2), Candidate(3, 4)])
    assert sc[0, 0] == pytest.approx(1.0) and sc[1, 1] == pytest.approx(1.0)
    assert sc[0, 1] == 0.0  # below the default threshold


def test_ortho_range_max_long_candidates():
    words = [f"w{i}" for i in range(40)] + ["Obama"]
    pair = SentencePair("p", Sentence.from_words(["Obama"], [Span(0, 1, "PER")]), Sentence.from_words(words))
    cands = Candidates.of([(0, 41), (20, 41), (40, 41), (0, 40)])
    sc = OrthographicScorer(threshold=0.0).score(pair, Alignment(), cands)[0]
    assert sc[2] == pytest.approx(1.0)
    assert sc[0] < sc[1] < sc[2]
    assert sc[3] < 0.5


class ConstScorer:
    """A stand-in for a model score, plugged in without touching xproj code."""

    threshold = 0.0

    def __init__(self, value):
        self.value = value
        self.calls = 0

    def score(self, pair, alignment, candidates):
        self.calls += 1
        return np.full((len(pair.src.spans), len(candidates)), self.value)


def test_fused_thresholds_before_weighting_and_keeps_components():
    pair = pair_of("a", "x y", [Span(0, 1, "X")])
    al = Alignment.from_pairs([(0, 0)])
    nmt = ConstScorer(0.3)
    unused = ConstScorer(5.0)
    fused = FusedScorer([("align", 1.0, DiceScorer()), ("nmt", 2.0, nmt, 0.3), ("zero", 0.0, unused)])
    total, parts = fused.score_components(pair, al, [Candidate(0, 1), Candidate(0, 2)])
    assert set(parts) == {"align", "nmt"} and unused.calls == 0
    assert (parts["nmt"] == 0).all()  # 0.3 is not > 0.3: dropped before weighting
    assert total[0] == pytest.approx([1.0, 2 / 3])
    fused2 = FusedScorer([("align", 0.5, DiceScorer()), ("nmt", 2.0, ConstScorer(0.4), 0.3)])
    assert fused2.score(pair, al, [Candidate(0, 1)])[0, 0] == pytest.approx(0.5 + 0.8)


def test_fused_rejects_bad_components():
    with pytest.raises(ConfigError):
        FusedScorer([("a", 1.0, DiceScorer()), ("a", 1.0, DiceScorer())])
    with pytest.raises(ConfigError):
        FusedScorer([("a", 1.0)])
