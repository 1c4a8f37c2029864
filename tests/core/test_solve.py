"""Matching solvers (method §7): greedy against a plain reference, exact against brute force."""

import itertools
import random

import numpy as np
import pytest

from xproj_core.candidates import Candidates
from xproj_core.errors import ConfigError
from xproj_core.registry import resolve
from xproj_core.solve import ExactSolver, GreedySolver, _dominated


def reference_greedy(scores, cands, op="<=", n=1):
    """Method §7.3 written out with lists."""
    allowed = {"<=": n, "<": n - 1, "=": n}.get(op, float("inf"))
    C = [list(map(float, row)) for row in scores]
    out, count = [], [0] * len(C)
    if allowed < 1:
        return out
    while True:
        best, arg = 0.0, None
        for e, row in enumerate(C):
            for c, v in enumerate(row):
                if v > best:
                    best, arg = v, (e, c)
        if arg is None:
            return out
        e, c = arg
        out.append(arg)
        count[e] += 1
        if (op in ("<=", "=") and count[e] >= n) or (op == "<" and count[e] + 1 >= n):
            C[e] = [0.0] * len(C[e])
        a, b = cands[c]
        for k, (x, y) in enumerate(cands):
            if x < b and a < y:
                for row in C:
                    row[k] = 0.0


def random_instance(rng, max_e=3, m=6, n_c=7, zero=0.5, ties=False):
    spans = sorted({(a, b) for a, b in (sorted(rng.sample(range(m + 1), 2)) for _ in range(n_c))})
    E = rng.randint(1, max_e)
    vals = [0.25, 0.5, 1.0] if ties else None
    S = np.array([[0.0 if rng.random() < zero else (rng.choice(vals) if ties else round(rng.random() * 2, 3))
                   for _ in spans] for _ in range(E)])
    return S, spans


@pytest.mark.parametrize("op,n", [("<=", 1), ("<=", 2), ("<", 2), ("=", 1), (">=", 1), (">", 0), ("<", 1)])
def test_greedy_matches_reference(op, n):
    rng = random.Random(hash((op, n)) % 1000)
    for _ in range(200):
        S, spans = random_instance(rng, ties=rng.random() < 0.5)
        got = GreedySolver(op, n).solve(S, Candidates.of(spans))
        assert list(got.pairs) == reference_greedy(S, spans, op, n)
        used = [spans[c] for _, c in got.pairs]
        assert all(not (a < d and c < b) for (a, b), (c, d) in itertools.combinations(used, 2))


def test_greedy_tie_breaks_row_major():
    S = np.array([[0.0, 1.0, 1.0], [1.0, 1.0, 0.0]])
    spans = [(0, 1), (1, 2), (2, 3)]
    got = GreedySolver().solve(S, Candidates.of(spans))
    assert got.pairs == ((0, 1), (1, 0))
    assert got.objective == 2.0 and got.rel_cost == 1.0
    assert got.runner_up == (1.0, 1.0) and got.margins == (0.0, 0.0)


def brute_force(S, spans, op="<=", n=1):
    """Best objective over every feasible assignment (tiny instances only)."""
    rows = [e for e in range(S.shape[0]) if (S[e] > 0).any()]
    cols = [c for c in range(S.shape[1]) if (S[:, c] > 0).any()]
    if op == "<":
        op, n = "<=", n - 1
    if op == ">":
        op, n = ">=", n + 1
    best = [None]

    def ok(k):
        return {"<=": k <= n, "=": k == n, ">=": k >= n}[op]

    def rec(i, used, total):
        if i == len(rows):
            if best[0] is None or total > best[0]:
                best[0] = total
            return
        e = rows[i]
        avail = [c for c in cols if (op != "<=" or S[e, c] > 0)]
        for k in range(0, len(avail) + 1):
            if op == "<=" and k > n:
                break
            if not ok(k):
                continue
            for combo in itertools.combinations(avail, k):
                spans_c = [spans[c] for c in combo] + used
                if any(a < d and c < b for (a, b), (c, d) in itertools.combinations(spans_c, 2)):
                    continue
                rec(i + 1, spans_c, total + sum(S[e, c] for c in combo))

    rec(0, [], 0.0)
    return best[0]


@pytest.mark.parametrize("op,n", [("<=", 1), ("<=", 2), ("=", 1), (">=", 1), ("<", 2)])
def test_exact_matches_brute_force(op, n):
    rng = random.Random(7 + n)
    for _ in range(30):
        S, spans = random_instance(rng, max_e=3, m=5, n_c=6, zero=0.4)
        got = ExactSolver(op, n).solve(S, Candidates.of(spans))
        expect = brute_force(S, spans, op, n)
        if expect is None:
            assert got.status == "infeasible" and got.pairs == ()
            continue
        assert got.status == "optimal"
        assert got.objective == pytest.approx(expect)
        used = [spans[c] for _, c in got.pairs]
        assert all(not (a < d and c < b) for (a, b), (c, d) in itertools.combinations(used, 2))
        counts = [sum(1 for e2, _ in got.pairs if e2 == e) for e in range(S.shape[0]) if (S[e] > 0).any()]
        assert all({"<=": k <= n, "=": k == n, ">=": k >= n, "<": k < n}[op] for k in counts)


def test_exact_beats_greedy_on_conflict():
    # entity 0 prefers the long span, which blocks entity 1's only option
    spans = [(0, 2), (0, 1), (1, 2)]
    S = np.array([[1.0, 0.9, 0.0], [0.0, 0.0, 0.8]])
    g = GreedySolver().solve(S, Candidates.of(spans))
    x = ExactSolver().solve(S, Candidates.of(spans))
    assert g.pairs == ((0, 0),) and g.objective == 1.0
    assert x.pairs == ((0, 1), (1, 2)) and x.objective == pytest.approx(1.7)
    assert x.rel_cost == pytest.approx(0.85)
    assert x.margins[0] == pytest.approx(-0.1)  # the winner is not the entity's best candidate


def test_exact_fast_path_agrees_with_milp():
    rng = random.Random(3)
    solver = ExactSolver()
    for _ in range(40):
        S, spans = random_instance(rng, max_e=3, m=8, n_c=8, zero=0.6)
        got = solver.solve(S, Candidates.of(spans))
        c = Candidates.of(spans)
        rows = np.flatnonzero((S > 0).any(axis=1))
        if rows.size == 0:
            assert got.pairs == ()
            continue
        chosen = solver._milp(S[rows], c.starts, c.ends, "<=", 1)
        assert got.objective == pytest.approx(sum(S[rows][e, k] for e, k in chosen))


def test_dominated_columns():
    spans = Candidates.of([(0, 1), (0, 2), (1, 2), (3, 5)])
    sub = np.array([[1.0, 0.5, 0.0, 1.0], [0.0, 0.0, 0.6, 0.0]])
    assert list(_dominated(sub, spans.starts, spans.ends)) == [False, True, False, False]


def test_no_projection_allowed_and_empty():
    S = np.array([[1.0]])
    assert GreedySolver("<", 1).solve(S, Candidates.of([(0, 1)])).pairs == ()
    assert ExactSolver("<=", 0).solve(S, Candidates.of([(0, 1)])).pairs == ()
    empty = np.zeros((0, 0))
    assert GreedySolver().solve(empty, Candidates.of([])).objective == 0.0
    assert ExactSolver().solve(np.zeros((2, 3)), Candidates.of([(0, 1), (1, 2), (2, 3)])).rel_cost == 0.0


def test_solver_registry_and_bad_op():
    assert isinstance(resolve("solver", "exact", op="≤", n_proj=1), ExactSolver)
    with pytest.raises(ConfigError):
        GreedySolver(op="!=")


def test_interval_dp_matches_milp():
    from xproj_core.solve import _interval_dp

    rng = random.Random(11)
    solver = ExactSolver()
    for _ in range(40):
        S, spans = random_instance(rng, max_e=4, m=7, n_c=9, zero=0.3, ties=rng.random() < 0.5)
        c = Candidates.of(spans)
        rows = np.flatnonzero((S > 0).any(axis=1))
        if rows.size == 0:
            continue
        sub = S[rows]
        dp = _interval_dp(sub, c.starts, c.ends)
        milp = solver._milp(sub, c.starts, c.ends, "<=", 1)
        assert sum(sub[e, k] for e, k in dp) == pytest.approx(sum(sub[e, k] for e, k in milp))
        assert len({e for e, _ in dp}) == len(dp)
        used = [spans[k] for _, k in dp]
        assert all(not (a < d and x < b) for (a, b), (x, d) in itertools.combinations(used, 2))
