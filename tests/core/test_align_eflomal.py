"""eflomal on a synthetic parallel corpus whose alignment is known: a word-by-word cipher
with local reordering and an inserted target-only word."""

import random

import pytest

from xproj_core import registry
from xproj_core.align.eflomal import EflomalAligner, combine
from xproj_core.align.normalize import make_normaliser
from xproj_core.errors import ConfigError
from xproj_core.types import Alignment


def cipher_corpus(n=400, seed=7):
    """Source: random words; target: each word ciphered, adjacent pairs swapped, "zz" prepended."""
    rng = random.Random(seed)
    vocab = [f"w{k}" for k in range(40)]
    pairs, truth = [], []
    for _ in range(n):
        src = rng.sample(vocab, rng.randint(3, 9))
        order = list(range(len(src)))
        for k in range(0, len(order) - 1, 2):
            order[k], order[k + 1] = order[k + 1], order[k]
        tgt = ["zz"] + [f"C{src[i][1:]}X" for i in order]
        pairs.append((src, tgt))
        truth.append({(i, pos + 1) for pos, i in enumerate(order)})
    return pairs, truth


def prf(pred: list[Alignment], truth):
    hit = sum(len(a.pairs() & t) for a, t in zip(pred, truth))
    return hit / max(1, sum(len(a) for a in pred)), hit / sum(len(t) for t in truth)


@pytest.fixture(scope="module")
def corpus():
    return cipher_corpus()


def test_recovers_cipher_alignment(corpus):
    pairs, truth = corpus
    aligner = registry.resolve("aligner", "eflomal")
    pred = aligner.align(pairs)
    assert len(pred) == len(pairs)
    p, r = prf(pred, truth)
    assert p > 0.95 and r > 0.95, (p, r)
    # links index the original words: src words of pair 0 map to the right target positions
    assert all(l.src < len(pairs[k][0]) and l.tgt < len(pairs[k][1]) for k, a in enumerate(pred) for l in a)


def test_directions_scores_and_progress(corpus):
    pairs, truth = corpus
    calls = []
    aligner = EflomalAligner(symmetrize="intersection")
    pred = aligner.align(pairs[:200], progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 200) and calls[-1] == (200, 200)
    assert all(l.score == 1.0 for a in pred for l in a)  # intersection: both directions agree
    fwd, rev = aligner.directional(pairs[:1])[0]
    assert combine(fwd, rev, "union").pairs() == fwd | rev
    assert {l.score for l in combine(fwd | {(0, 0)}, rev, "union")} <= {1.0, 0.5}


def test_extra_parallel_is_training_only(corpus):
    pairs, truth = corpus
    # 20 pairs alone are too few to learn the cipher well; with 380 more as extra text they are.
    aligner = EflomalAligner(extra_parallel=pairs[20:])
    pred = aligner.align(pairs[:20])
    assert len(pred) == 20
    p, r = prf(pred, truth[:20])
    assert p > 0.9 and r > 0.9, (p, r)


def test_empty_and_overlong_pairs(corpus):
    pairs, _ = corpus
    long = ([f"w{k % 40}" for k in range(1100)], [f"C{k % 40}X" for k in range(1100)])
    batch = [([], ["a"]), (["a"], []), long] + pairs[:50]
    pred = EflomalAligner().align(batch)
    assert len(pred) == len(batch)
    assert len(pred[0]) == len(pred[1]) == len(pred[2]) == 0
    assert len(pred[3]) > 0
    assert EflomalAligner().align([]) == []


def test_bad_options():
    with pytest.raises(ConfigError, match="grow-diag-final-and"):
        registry.resolve("aligner", "eflomal:sideways")
    with pytest.raises(ConfigError):
        EflomalAligner(normalise="prefix:x")
    with pytest.raises(ConfigError):
        EflomalAligner(model=4)


def test_normalisers():
    assert make_normaliser("none")("Éléphant") == "Éléphant"
    assert make_normaliser("lower")("Éléphant") == "éléphant"
    assert make_normaliser("fold")("Éléphant") == "elephant"
    assert make_normaliser("prefix:4")("Éléphants") == "elep"
    assert make_normaliser("prefix:2")("東京都") == "東京都"  # no truncation for scripts without spaces
    assert make_normaliser("fold")("서울") == "서울"  # Hangul recomposed, not left as jamo
    assert make_normaliser("fold")("ș") == make_normaliser("fold")("ş") == "s"
