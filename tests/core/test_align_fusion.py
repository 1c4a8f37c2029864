"""Fusion of statistical and orthographic links; the default aligner."""

import random

import pytest

from xproj_core import registry
from xproj_core.align.fusion import FusionAligner, fuse
from xproj_core.errors import ConfigError
from xproj_core.types import Alignment


def test_fuse_seed_add_and_override():
    fwd = {(0, 0), (1, 2), (2, 1)}
    rev = {(0, 0), (1, 1), (2, 2)}
    ortho = {(1, 1): 0.9}
    # add: symmetrised statistical links plus the orthographic one
    assert fuse(fwd, rev, ortho, "intersection", mode="add", override=False).pairs() == {(0, 0), (1, 1)}
    # override drops the statistical links that conflict with (1,1): (1,2) and (2,1)
    seeded = fuse(fwd, rev, ortho, "grow-diag", mode="seed", override=True)
    assert seeded.pairs() == {(0, 0), (1, 1), (2, 2)}
    # without override the conflicting one-direction links can grow back in next to the seed
    assert (1, 2) in fuse(fwd, rev, ortho, "union", mode="seed", override=False).pairs()
    assert (1, 2) not in fuse(fwd, rev, ortho, "union", mode="seed", override=True).pairs()


def test_fuse_scores():
    a = fuse({(0, 0), (1, 1)}, {(0, 0)}, {(2, 2): 0.85, (0, 0): 0.7}, "union", mode="add", override=False)
    scores = {(l.src, l.tgt): l.score for l in a}
    assert scores == {(0, 0): 1.0, (1, 1): 0.5, (2, 2): 0.85}


def test_fusion_links_rare_names_eflomal_misses():
    rng = random.Random(3)
    vocab = [f"w{k}" for k in range(30)]
    names = ["Oslo", "Nairobi", "Kathmandu", "Reykjavik", "Montevideo", "Ulaanbaatar"]
    pairs = []
    for k in range(300):
        src = rng.sample(vocab, 6)
        tgt = [f"C{w[1:]}X" for w in src]
        if k < len(names):  # each name occurs once: no statistics to learn it from
            src.insert(3, names[k])
            tgt.insert(2, names[k])
        pairs.append((src, tgt))
    out = registry.resolve("aligner", "fusion").align(pairs)
    assert isinstance(out[0], Alignment) and len(out) == len(pairs)
    for k in range(len(names)):
        assert (3, 2) in out[k].pairs(), k
        assert [l.score for l in out[k] if (l.src, l.tgt) == (3, 2)] == [1.0]
    # the statistical part still aligns the cipher words
    hits = sum((i, i) in out[k].pairs() for k in range(len(names), 300) for i in range(6))
    assert hits / (6 * (300 - len(names))) > 0.9


def test_fusion_progress_and_options():
    calls = []
    pairs = [(["Berlin", "is", "big"], ["Berlin", "ist", "groß"])] * 20
    out = FusionAligner(priors=False, mode="add").align(pairs, progress=lambda d, t: calls.append((d, t)))
    assert calls[0] == (0, 20) and calls[-1] == (20, 20)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)  # never goes backwards
    assert len(calls) > 2  # eflomal runs report in between (20 pairs: runs="auto" gives 3)
    assert all((0, 0) in a.pairs() for a in out)
    assert "fusion(mode=add" in FusionAligner(mode="add").signature()
    assert registry.resolve("aligner", "fusion:intersection").statistical.symmetrize == "intersection"
    with pytest.raises(ConfigError):
        FusionAligner(mode="blend")
    with pytest.raises(ConfigError):
        registry.resolve("aligner", "fusion:nope")
