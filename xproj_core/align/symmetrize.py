"""Symmetrisation of two directional alignments (Koehn et al. 2003; Koehn's SMT book, §4.5.3).

Both inputs are sets of ``(src_i, tgt_j)`` pairs in the same orientation: ``fwd`` comes from
the source→target model (each target word has at most one source word), ``rev`` from the
target→source model, already flipped to ``(src_i, tgt_j)``.

Methods: ``intersection``, ``union``, ``grow-diag``, ``grow-diag-final``,
``grow-diag-final-and`` (the Moses default).
"""

from __future__ import annotations

from typing import Iterable

from ..errors import ConfigError

Pairs = set[tuple[int, int]]

METHODS = ("intersection", "union", "grow-diag", "grow-diag-final", "grow-diag-final-and")

_NEIGHBOURS = ((-1, 0), (0, -1), (1, 0), (0, 1), (-1, -1), (-1, 1), (1, -1), (1, 1))


def _grow_diag(alignment: Pairs, union: Pairs) -> None:
    """GROW-DIAG in place: repeatedly add union points next to (incl. diagonally) an aligned point
    that align a still-unaligned source or target word. Scans points in (src, tgt) order,
    visiting points added later in the same pass, as in Koehn's pseudo-code."""
    src_done = {i for i, _ in alignment}
    tgt_done = {j for _, j in alignment}
    rows: dict[int, set[int]] = {}
    for i, j in alignment:
        rows.setdefault(i, set()).add(j)
    cands = union - alignment  # points that may still be added
    cand_rows: dict[int, set[int]] = {}
    for i, j in cands:
        cand_rows.setdefault(i, set()).add(j)
    n = max((i for i, _ in union), default=-1) + 1

    def growable() -> bool:
        return any(i not in src_done or j not in tgt_done for i, j in cands)

    added = True
    while added and growable():
        added = False
        for i in range(n):
            row = rows.get(i)
            if not row or not (cand_rows.get(i - 1) or cand_rows.get(i) or cand_rows.get(i + 1)):
                continue
            cur = -1
            while True:
                nxt = [j for j in row if j > cur]
                if not nxt:
                    break
                cur = j = min(nxt)
                for di, dj in _NEIGHBOURS:
                    p = (i + di, j + dj)
                    if p in cands and (p[0] not in src_done or p[1] not in tgt_done):
                        alignment.add(p)
                        cands.discard(p)
                        cand_rows[p[0]].discard(p[1])
                        rows.setdefault(p[0], set()).add(p[1])
                        src_done.add(p[0])
                        tgt_done.add(p[1])
                        added = True
                row = rows[i]


def _final(alignment: Pairs, directional: Pairs, both_unaligned: bool) -> None:
    """FINAL(-AND) in place: add points of ``directional`` whose source word *or* (``-and``: and)
    target word is still unaligned, in (src, tgt) order."""
    src_done = {i for i, _ in alignment}
    tgt_done = {j for _, j in alignment}
    for i, j in sorted(directional):
        if (i, j) in alignment:
            continue
        free_i, free_j = i not in src_done, j not in tgt_done
        if (free_i and free_j) if both_unaligned else (free_i or free_j):
            alignment.add((i, j))
            src_done.add(i)
            tgt_done.add(j)


def symmetrize(fwd: Iterable[tuple[int, int]], rev: Iterable[tuple[int, int]], method: str = "grow-diag-final-and") -> Pairs:
    """Combine two directional alignments with ``method`` (one of :data:`METHODS`)."""
    f, r = set(fwd), set(rev)
    if method == "intersection":
        return f & r
    if method == "union":
        return f | r
    if method not in METHODS:
        raise ConfigError("symmetrisation", method, METHODS)
    alignment = f & r
    _grow_diag(alignment, f | r)
    if method != "grow-diag":
        both = method == "grow-diag-final-and"
        _final(alignment, f, both)
        _final(alignment, r, both)
    return alignment
