"""Symmetrisation (Koehn's grow-diag-final-and and friends) on hand-made alignments."""

import pytest

from xproj_core.align.symmetrize import METHODS, symmetrize
from xproj_core.errors import ConfigError

# 3×3 example: the directions agree on the diagonal ends, disagree in the middle.
FWD = {(0, 0), (1, 1), (2, 2), (1, 2)}
REV = {(0, 0), (2, 2), (2, 1)}


def test_intersection_and_union():
    assert symmetrize(FWD, REV, "intersection") == {(0, 0), (2, 2)}
    assert symmetrize(FWD, REV, "union") == FWD | REV


def test_grow_diag_adds_neighbours_of_unaligned_words_only():
    # (1,1) neighbours (0,0) and aligns the unaligned src 1 and tgt 1 -> added.
    # (1,2) and (2,1) then touch only aligned words -> not added.
    assert symmetrize(FWD, REV, "grow-diag") == {(0, 0), (1, 1), (2, 2)}


def test_grow_diag_needs_adjacency():
    fwd = {(0, 0), (3, 3)}
    rev = {(0, 0)}
    # (3,3) is in the union but not next to any aligned point: grow-diag leaves it out,
    # final-and adds it because both of its words are unaligned.
    assert symmetrize(fwd, rev, "grow-diag") == {(0, 0)}
    assert symmetrize(fwd, rev, "grow-diag-final-and") == {(0, 0), (3, 3)}


def test_grow_diag_spreads_in_chains():
    # A diagonal chain in the union grows out from one agreed point, step by step.
    fwd = {(0, 0), (1, 1), (2, 2), (3, 3)}
    rev = {(0, 0)}
    assert symmetrize(fwd, rev, "grow-diag") == fwd


def test_final_vs_final_and():
    # src 0 is aligned to tgt 0; the fwd link (0, 3) is far from it and tgt 3 is unaligned.
    fwd = {(0, 0), (0, 3)}
    rev = {(0, 0), (1, 1)}
    # grow-diag adds (1,1) (diagonal neighbour of (0,0), both words free).
    assert symmetrize(fwd, rev, "grow-diag") == {(0, 0), (1, 1)}
    # final: (0,3) has an unaligned target word -> added; final-and: src 0 is aligned -> not added.
    assert symmetrize(fwd, rev, "grow-diag-final") == {(0, 0), (1, 1), (0, 3)}
    assert symmetrize(fwd, rev, "grow-diag-final-and") == {(0, 0), (1, 1)}


def test_one_to_many_from_one_direction():
    # fwd links one target word to each source word, rev gives tgt 1 two source words.
    fwd = {(0, 0), (1, 1)}
    rev = {(0, 0), (1, 1), (2, 1)}
    # (2,1) neighbours (1,1) and src 2 is unaligned -> grown.
    assert symmetrize(fwd, rev, "grow-diag-final-and") == {(0, 0), (1, 1), (2, 1)}


def test_result_is_between_intersection_and_union():
    fwd = {(0, 1), (1, 0), (2, 2), (3, 4), (4, 3), (2, 3)}
    rev = {(0, 1), (1, 1), (2, 2), (3, 3), (4, 4)}
    for m in METHODS:
        got = symmetrize(fwd, rev, m)
        assert fwd & rev <= got <= fwd | rev, m


def test_grow_diag_visits_points_added_in_the_same_pass():
    # From (0,0): (1,1) is added, then scanning on reaches (1,1) and adds (2,1)
    # (src 2 free) before (2,2) is considered; (2,2) then joins because tgt 2 is free.
    fwd = {(0, 0), (1, 1), (2, 2)}
    rev = {(0, 0), (2, 1)}
    assert symmetrize(fwd, rev, "grow-diag") == {(0, 0), (1, 1), (2, 1), (2, 2)}


def test_empty_and_unknown():
    assert symmetrize(set(), set(), "grow-diag-final-and") == set()
    with pytest.raises(ConfigError, match="grow-diag-final-and"):
        symmetrize(FWD, REV, "grow")


def _reference(fwd, rev, method):
    """Koehn's pseudo-code, literally: full scans of the n×m grid until nothing changes."""
    union = fwd | rev
    a = set(fwd & rev)
    n = max((i for i, _ in union), default=-1) + 1
    m = max((j for _, j in union), default=-1) + 1

    def src_aligned(i):
        return any(p[0] == i for p in a)

    def tgt_aligned(j):
        return any(p[1] == j for p in a)

    changed = True
    while changed:
        changed = False
        for i in range(n):
            for j in range(m):
                if (i, j) in a:
                    for di, dj in ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1)):
                        p = (i + di, j + dj)
                        if p in union and p not in a and (not src_aligned(p[0]) or not tgt_aligned(p[1])):
                            a.add(p)
                            changed = True
    if method == "grow-diag":
        return a
    for d in (fwd, rev):
        for i in range(n):
            for j in range(m):
                if (i, j) in d and (i, j) not in a:
                    free_i, free_j = not src_aligned(i), not tgt_aligned(j)
                    if (free_i and free_j) if method == "grow-diag-final-and" else (free_i or free_j):
                        a.add((i, j))
    return a


def test_matches_literal_pseudo_code_on_random_alignments():
    import random

    rng = random.Random(5)
    for _ in range(300):
        n, m = rng.randint(1, 9), rng.randint(1, 9)
        fwd = {(rng.randrange(n), j) for j in range(m) if rng.random() < 0.8}
        rev = {(i, rng.randrange(m)) for i in range(n) if rng.random() < 0.8}
        for method in ("grow-diag", "grow-diag-final", "grow-diag-final-and"):
            assert symmetrize(fwd, rev, method) == _reference(fwd, rev, method), (fwd, rev, method)
