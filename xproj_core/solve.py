"""Matching entities to candidates on a score matrix (method §7): greedy argmax and exact MILP.

A solver is any object with ``solve(scores, candidates) -> Matching``; ``scores`` is the dense
|E| × |C| matrix of :mod:`xproj_core.scoring` and ``candidates`` its columns. Accepted candidates
never overlap. The per-entity constraint is ``Σ_τ x[e, τ] op n_proj`` with
``op ∈ {"<=", "<", "=", ">=", ">"}`` (default ``<= 1``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from .candidates import Candidates
from .errors import ConfigError
from .registry import register
from .types import Candidate

OPS = ("<=", "<", "=", ">=", ">")
_OP_ALIASES = {"≤": "<=", "≥": ">=", "==": "=", "le": "<=", "lt": "<", "eq": "=", "ge": ">=", "gt": ">"}


def normalise_op(op: str) -> str:
    op = _OP_ALIASES.get(op, op)
    if op not in OPS:
        raise ConfigError("constraint operator", op, OPS)
    return op


@dataclass(frozen=True, slots=True)
class Matching:
    """Accepted ``(entity, candidate)`` pairs (row-major acceptance order for greedy, sorted for exact).

    ``margins[k]``: score of pair k minus the best score of any other candidate for its entity;
    ``runner_up[k]`` that best other score; ``rel_cost = objective / #entities with a non-zero row``.
    ``status`` is ``"optimal"``, ``"greedy"`` or ``"infeasible"``.
    """

    pairs: tuple[tuple[int, int], ...]
    objective: float
    rel_cost: float
    margins: tuple[float, ...] = ()
    scores: tuple[float, ...] = ()
    runner_up: tuple[float, ...] = ()
    status: str = "optimal"


@runtime_checkable
class Solver(Protocol):
    def solve(self, scores: np.ndarray, candidates: Sequence[Candidate]) -> Matching:
        ...


def _finish(scores: np.ndarray, pairs: list[tuple[int, int]], status: str) -> Matching:
    """Objective, rel_cost, runner-up and margins of accepted pairs on the original matrix."""
    if not scores.size:
        return Matching((), 0.0, 0.0, status=status)
    if scores.size > COMPRESS_ABOVE:  # top-2 per row only needs the non-zero columns plus one zero
        nz = np.flatnonzero(scores.max(axis=0) > 0)
        if nz.size < scores.shape[1]:
            scores_top = np.zeros((scores.shape[0], nz.size + 1))
            scores_top[:, :nz.size] = np.take(scores, nz, axis=1)
        else:
            scores_top = scores
    else:
        scores_top = scores
    n_c = scores_top.shape[1]
    top2 = (np.partition(scores_top, n_c - 2, axis=1)[:, -2:] if n_c >= 2
            else np.hstack([np.zeros_like(scores_top), scores_top]))
    best = top2[:, 1].tolist()
    second = top2[:, 0].tolist()
    active = sum(1 for b in best if b > 0)
    vals, runner = [], []
    for e, c in pairs:
        v = float(scores[e, c])
        vals.append(v)
        runner.append(second[e] if v == best[e] else best[e])
    objective = float(sum(vals))
    return Matching(tuple(pairs), objective, objective / active if active else 0.0,
                    tuple(v - r for v, r in zip(vals, runner)), tuple(vals), tuple(runner), status)


#: score matrices larger than this are reduced to their non-zero columns before the greedy loop.
COMPRESS_ABOVE = 4096


def _max_allowed(op: str, n: int) -> float:
    return {"<=": n, "<": n - 1, "=": n}.get(op, float("inf"))


class GreedySolver:
    """Greedy argmax (method §7.3): take the first maximal entry in row-major order until none > 0.

    After each pick the candidate's column and every overlapping column are zeroed; the entity's
    row is zeroed when ``<=``/``=`` reach ``n_proj`` or ``<`` would be broken by one more; with
    ``>=``/``>`` rows stay open. When the constraint allows no projection at all, nothing is taken.
    """

    name = "greedy"

    def __init__(self, op: str = "<=", n_proj: int = 1) -> None:
        self.op, self.n_proj = normalise_op(op), int(n_proj)

    def solve(self, scores: np.ndarray, candidates: Sequence[Candidate]) -> Matching:
        cands = Candidates.of(candidates)
        scores = np.asarray(scores, dtype=np.float64)
        pairs: list[tuple[int, int]] = []
        if scores.size == 0 or _max_allowed(self.op, self.n_proj) < 1:
            return _finish(scores, pairs, "greedy")
        cols = None
        if scores.size > COMPRESS_ABOVE:  # long sentences: drop all-zero columns (never picked)
            cols = np.flatnonzero(scores.max(axis=0) > 0)
            if cols.size == 0:
                return _finish(scores, pairs, "greedy")
            work = np.take(scores, cols, axis=1)  # C-contiguous copy
            cands = Candidates(cands.starts[cols], cands.ends[cols])
        else:
            work = scores.copy()
        flat = work.reshape(-1)  # a view: work is C-contiguous
        ncol = work.shape[1]
        counts = [0] * work.shape[0]
        op, n = self.op, self.n_proj
        while True:
            k = int(flat.argmax())
            if flat[k] <= 0:
                break
            e, c = divmod(k, ncol)
            pairs.append((e, c))
            counts[e] += 1
            if (op in ("<=", "=") and counts[e] >= n) or (op == "<" and counts[e] + 1 >= n):
                work[e] = 0.0
            # keep the columns that end before c starts or start after c ends (zero the rest)
            work *= cands.disjoint_from(c)
        if cols is not None:
            pairs = [(e, int(cols[c])) for e, c in pairs]
        return _finish(scores, pairs, "greedy")


def _dominated(sub: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Columns whose candidate has a one-word-shorter sub-span, also a column, scoring ≥ in every row.

    Swapping such a candidate for its sub-span keeps every constraint and never lowers the
    objective, so dropping it keeps an optimal solution (chains end at an undominated span).
    """
    key = starts * (1 << 32) + ends
    order = np.argsort(key)
    skey = key[order]
    drop = np.zeros(starts.size, dtype=bool)
    for ca, cb in ((starts + 1, ends), (starts, ends - 1)):
        valid = ca < cb
        ck = ca * (1 << 32) + cb
        pos = np.clip(np.searchsorted(skey, ck), 0, max(skey.size - 1, 0))
        found = valid & (skey[pos] == ck)
        idx = np.flatnonzero(found)
        if idx.size:
            child = order[pos[idx]]
            ok = np.all(np.take(sub, child, axis=1) >= np.take(sub, idx, axis=1), axis=0)
            drop[idx[ok]] = True
    return drop


#: up to this many conflicting entities, ``<= 1`` is solved by dynamic programming instead of MILP.
DP_MAX_ENTITIES = 10


def _interval_dp(sub: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> list[tuple[int, int]]:
    """Optimal ``<= 1`` matching by weighted interval scheduling over subsets of entities.

    ``f[j, mask]``: best total using the first ``j`` candidates in end order, entities ``mask``
    used, chosen candidates disjoint. O(|C| · |E| · 2^|E|) with numpy over the masks.
    """
    n_e, n_c = sub.shape
    order = np.lexsort((starts, ends))
    s, t, w = starts[order], ends[order], np.take(sub, order, axis=1)
    prev = np.searchsorted(t, s, side="right")  # candidates ending at or before each start
    full = 1 << n_e
    masks = np.arange(full)
    f = np.full((n_c + 1, full), -np.inf)
    f[0, 0] = 0.0
    with_bit = [masks[(masks >> e) & 1 == 1] for e in range(n_e)]
    for j in range(n_c):
        row = f[j].copy()
        p = f[prev[j]]
        for e in range(n_e):
            v = w[e, j]
            if v > 0:
                mk = with_bit[e]
                row[mk] = np.maximum(row[mk], p[mk ^ (1 << e)] + v)
        f[j + 1] = row
    mask = int(np.argmax(f[n_c]))
    chosen = []
    j = n_c
    while j > 0 and mask:
        if f[j, mask] == f[j - 1, mask]:
            j -= 1
            continue
        p = prev[j - 1]
        for e in range(n_e):
            if (mask >> e) & 1 and w[e, j - 1] > 0 and f[p, mask ^ (1 << e)] + w[e, j - 1] == f[j, mask]:
                chosen.append((e, int(order[j - 1])))
                mask ^= 1 << e
                j = p
                break
        else:  # pragma: no cover - numerical safety net
            raise RuntimeError("interval DP backtracking failed")
    return chosen


class ExactSolver:
    """Optimal matching with ``scipy.optimize.milp`` (HiGHS) and one constraint per target word (§7.1).

    All-zero rows/columns are dropped first. Fast paths that give the same optimum without the
    MILP: under ``<= 1``/``= 1``, when every entity's best candidate is disjoint from the others'
    the row maxima are optimal; dominated columns (see :func:`_dominated`) are pruned; ``<= 1``
    with up to :data:`DP_MAX_ENTITIES` entities is solved exactly by :func:`_interval_dp`.
    With ``<=``/``<`` only non-zero entries become variables; with ``=``/``>=``/``>`` every entry
    of the reduced matrix does, as in the thesis ILP (zero-score pairs may be forced in).
    """

    name = "exact"

    def __init__(self, op: str = "<=", n_proj: int = 1, time_limit: float | None = None) -> None:
        self.op, self.n_proj, self.time_limit = normalise_op(op), int(n_proj), time_limit

    def solve(self, scores: np.ndarray, candidates: Sequence[Candidate]) -> Matching:
        cands = Candidates.of(candidates)
        scores = np.asarray(scores, dtype=np.float64)
        op, n = self.op, self.n_proj
        if op == "<":
            op, n = "<=", n - 1
        elif op == ">":
            op, n = ">=", n + 1
        if scores.size == 0 or (op == "<=" and n < 1):
            return _finish(scores, [], "optimal")
        if n == 1 and op in ("<=", "="):
            # fast path: every entity's best candidate, if they are pairwise disjoint, is optimal
            best = scores.argmax(axis=1).tolist()
            picked = [(e, c) for e, c in enumerate(best) if scores[e, c] > 0]
            spans = sorted((int(cands.starts[c]), int(cands.ends[c])) for _, c in picked)
            if all(b <= a2 for (_, b), (a2, _) in zip(spans, spans[1:])):
                return _finish(scores, picked, "optimal")
        rows = np.flatnonzero((scores > 0).any(axis=1))
        cols = np.flatnonzero((scores > 0).any(axis=0))
        if rows.size == 0:
            return _finish(scores, [], "optimal")
        sub = scores[np.ix_(rows, cols)]
        starts, ends = cands.starts[cols], cands.ends[cols]
        if op == "=" and n < 0:
            return _finish(scores, [], "infeasible")
        keep = ~_dominated(sub, starts, ends)
        sub, starts, ends, cols = sub[:, keep], starts[keep], ends[keep], cols[keep]  # boolean mask
        if op == "<=" and n == 1 and sub.shape[0] <= DP_MAX_ENTITIES:
            chosen = _interval_dp(sub, starts, ends)
        else:
            chosen = self._milp(sub, starts, ends, op, n)
        if chosen is None:
            return _finish(scores, [], "infeasible")
        return _finish(scores, sorted((int(rows[e]), int(cols[c])) for e, c in chosen), "optimal")

    def _milp(self, sub: np.ndarray, starts: np.ndarray, ends: np.ndarray, op: str, n: int):
        from scipy.optimize import Bounds, LinearConstraint, milp
        from scipy.sparse import coo_matrix, vstack

        n_e, n_c = sub.shape
        if op == "<=":
            ve, vc = np.nonzero(sub > 0)
        else:
            ve, vc = np.divmod(np.arange(n_e * n_c), n_c)
        nv = ve.size
        obj = -sub[ve, vc]
        ent = coo_matrix((np.ones(nv), (ve, np.arange(nv))), shape=(n_e, nv))
        lo_w, hi_w = int(starts.min()), int(ends.max())
        width = ends[vc] - starts[vc]
        w_rows = np.repeat(starts[vc] - lo_w, width) + (np.arange(width.sum()) - np.repeat(np.cumsum(width) - width, width))
        w_cols = np.repeat(np.arange(nv), width)
        words = coo_matrix((np.ones(w_rows.size), (w_rows, w_cols)), shape=(hi_w - lo_w, nv))
        lb_e = np.full(n_e, n if op in ("=", ">=") else -np.inf, dtype=np.float64)
        ub_e = np.full(n_e, n if op in ("=", "<=") else np.inf, dtype=np.float64)
        a = vstack([ent, words]).tocsr()
        lb = np.concatenate([lb_e, np.full(hi_w - lo_w, -np.inf)])
        ub = np.concatenate([ub_e, np.ones(hi_w - lo_w)])
        options = {"time_limit": self.time_limit} if self.time_limit else {}
        res = milp(obj, integrality=np.ones(nv), bounds=Bounds(0, 1), constraints=LinearConstraint(a, lb, ub), options=options)
        if res.x is None:
            return None
        picked = np.flatnonzero(res.x > 0.5)
        return list(zip(ve[picked].tolist(), vc[picked].tolist()))


@register("solver", "greedy")
def _build_greedy(arg: str | None = None, op: str = "<=", n_proj: int = 1, **_) -> GreedySolver:
    return GreedySolver(op=op, n_proj=n_proj)


@register("solver", "exact")
def _build_exact(arg: str | None = None, op: str = "<=", n_proj: int = 1, **_) -> ExactSolver:
    return ExactSolver(op=op, n_proj=n_proj)
