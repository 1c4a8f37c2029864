"""Fast path for alignment-only n-gram matching without evidence (the default configuration).

Gives exactly the :class:`Projection` of the general path of :func:`~xproj_core.project.project_pair`
(extractor → :class:`~xproj_core.scoring.DiceScorer` → solver), in plain Python on short per-entity
lists instead of |E| × |C| numpy matrices:

* the Dice score ``2·L(e, τ) / (|e| + |τ|)`` is non-zero only for candidates containing a target word
  linked from ``e``; ``L`` comes from per-entity prefix sums of link counts;
* case agreement (``ProjectionConfig.case_agreement``) drops the same links as
  :func:`~xproj_core.case.case_filter` from the per-entity link lists (:func:`_case_targets`);
* with ``restrict`` none/aligned, ``min_len == 1`` and weight 1, each row keeps only its "cores"
  (candidates that start and end on the entity's own linked words, see :func:`_core_rows`);
  otherwise every non-zero candidate is enumerated (:func:`_full_rows`);
* greedy takes the first maximal entry in row-major order over candidates sorted by
  ``(start, end)``; zero columns are never taken, so per-row lists in that order give the same
  picks: highest value, ties to the lowest entity, then to the first ``(start, end)``. When the
  row maxima share no word (the common case) both solvers take exactly those;
* runner-up, margins and ``rel_cost`` follow :func:`~xproj_core.solve._finish` (a full row's
  top-2 are its top-2 non-zero values, padded with 0);
* the exact solver's remaining cases run :class:`~xproj_core.solve.ExactSolver` on the matrix of the
  non-zero columns (it drops zero columns itself, so optimum and tie-breaks are unchanged).

:func:`plan` returns ``None`` for configurations the fast path does not cover; :func:`project_fast`
returns ``None`` for a pair it leaves to the general path (bad links, which the general path
reports, or more than :data:`MAX_CELLS` non-zero cells, where numpy wins).
"""

from __future__ import annotations

import time
from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate
from operator import attrgetter

from .candidates import AUTO_RESTRICT_ABOVE, _ngram_count
from .case import case_words, has_case
from .registry import split_spec
from .types import Alignment, ProjectedSpan, Projection, SentencePair, Span

#: above this many (entity, candidate) cells (upper bound) a pair goes to the numpy path.
MAX_CELLS = 50_000
_EMPTY = ((), (), (), (0.0, 0.0))
_SRC, _TGT = attrgetter("src"), attrgetter("tgt")
_START_END = attrgetter("span.start", "span.end")
#: spans are immutable: share the common ones instead of building (and validating) them each time
_span = lru_cache(maxsize=1 << 16)(Span)


@dataclass(frozen=True)
class Plan:
    """What the fast path needs from a :class:`~xproj_core.project.ProjectionConfig`."""

    max_len: int | None
    min_len: int
    stops: frozenset
    restrict: str
    weight: float
    threshold: float
    solver: str
    op: str
    n_proj: int
    method: str
    case: str = "off"


@lru_cache(maxsize=64)
def plan(config) -> Plan | None:
    """A :class:`Plan` when ``config`` is alignment-only n-gram matching, else ``None``."""
    if config.method != "matching" or config.candidates != "ngram":
        return None
    active = [(split_spec(s)[0], w) for s, w in config.scores if w]
    if len(active) != 1 or active[0][0] != "align" or not active[0][1] > 0:
        return None
    thr = float(dict(config.thresholds).get("align", 0.0))
    return Plan(config.max_len, config.min_len, frozenset(config.stop_tokens), config.restrict, active[0][1],
                max(thr, 0.0), config.solver, config.op, config.n_proj, f"matching:{config.solver}",
                getattr(config, "case_agreement", "off"))


class _Pair:
    """Per-pair facts shared by the row builders: link targets per entity, mode, stop table."""

    __slots__ = ("m", "tg", "max_len", "min_len", "restrict", "stop")

    def __init__(self, pair: SentencePair, p: Plan, tg: list[list[int]]) -> None:
        words = pair.tgt.words
        m = len(words)
        self.m, self.tg, self.min_len = m, tg, p.min_len
        self.max_len = max_len = m if p.max_len is None or p.max_len > m else p.max_len
        restrict = p.restrict
        if restrict == "auto":
            big = m * max_len > AUTO_RESTRICT_ABOVE and _ngram_count(m, max_len, p.min_len) > AUTO_RESTRICT_ABOVE
            restrict = "aligned_ends" if big else "none"
        self.restrict = restrict
        # stop[j]: first stop token at or after j (m when none): a span [a, b) needs b <= stop[a]
        self.stop = None
        if p.stops and not p.stops.isdisjoint(words):
            stop = [m] * (m + 1)
            nxt = m
            for j in range(m - 1, -1, -1):
                if words[j] in p.stops:
                    nxt = j
                stop[j] = nxt
            self.stop = stop


def _targets(pair: SentencePair, alignment: Alignment, case: str = "off") -> list[list[int]] | None:
    """Target words linked from each entity (with repeats); ``None`` when a link lies outside the pair.

    ``case`` (``off`` | ``word`` | ``entity``) drops the links :func:`~xproj_core.case.case_filter` drops.
    """
    links = alignment.links
    if not links:
        return [[] for _ in pair.src.spans]
    m = len(pair.tgt.words)
    srcs, tgts = list(map(_SRC, links)), list(map(_TGT, links))
    if min(srcs) < 0 or max(srcs) >= len(pair.src.words) or min(tgts) < 0 or max(tgts) >= m:
        return None
    if srcs != sorted(srcs):  # Alignment promises (src, tgt) order; do not rely on it
        order = sorted(range(len(srcs)), key=srcs.__getitem__)
        srcs, tgts = [srcs[k] for k in order], [tgts[k] for k in order]
    out = []
    bounds = []
    for e in pair.src.spans:
        lo = bisect_left(srcs, e.start)
        hi = bisect_left(srcs, e.end, lo)
        bounds.append((lo, hi))
        out.append(tgts[lo:hi])
    if case != "off":
        return _case_targets(pair, srcs, tgts, bounds, out, case)
    return out


def _case_targets(pair: SentencePair, srcs, tgts, bounds, out, case: str) -> list[list[int]]:
    """``out`` without the links :func:`~xproj_core.case.case_filter` drops (same rule, same words)."""
    tgt = pair.tgt.words
    caps = case_words(pair, case)
    if not caps:
        return out
    new = None
    for k, (lo, hi) in enumerate(bounds):
        ts = out[k]
        if not ts:
            continue
        kept = []
        for s, t in zip(srcs[lo:hi], ts):
            if s not in caps or not tgt[t][:1].islower():
                kept.append(t)
        if len(kept) != len(ts):
            if new is None:
                new = list(out)
            new[k] = kept
    if new is None or not has_case(tgt):
        return out
    return new


def _core_rows(ents, q: _Pair, thr: float):
    """Per entity: the candidates that start and end on its own linked words ("cores"), and the
    top-2 values of its full row.

    Trimming a non-core candidate to its core keeps ``L`` and shortens it, so its score is strictly
    lower than the core's, and the core is a candidate, available whenever the other one is: the
    greedy and the per-row maxima only ever take cores. A core's best non-cores widen it to the
    nearest word that may end a candidate (any word; with ``aligned_ends`` a word linked to some
    entity) on either side, when that word is not the entity's own; any other non-core is beaten by
    its core and one of those. So the full row's top-2 are among the cores and those widenings.
    Valid for ``min_len == 1`` and weight 1.
    """
    max_len, m, stop = q.max_len, q.m, q.stop
    ends = sorted({t for ts in q.tg for t in ts}) if q.restrict == "aligned_ends" else None
    rows = []
    for k, e in enumerate(ents):
        ts = q.tg[k]
        if not ts:
            rows.append(_EMPTY)
            continue
        elen = float(e.end - e.start)
        if len(ts) == 1 and ends is None:  # the common case: one linked word, one core
            t = ts[0]
            v = 2.0 / (elen + 1.0)
            if (stop is not None and stop[t] == t) or v <= thr:
                rows.append(_EMPTY)
                continue
            sec = 0.0
            if max_len > 1 and ((t > 0 and (stop is None or stop[t - 1] != t - 1))
                                or (t + 1 < m and (stop is None or stop[t + 1] != t + 1))):
                x = 2.0 / (elen + 2.0)
                if x > thr:
                    sec = x
            rows.append(([t], [t + 1], [v], (v, sec)))
            continue
        uniq = sorted(set(ts))
        nu = len(uniq)
        if nu == len(ts):
            cum = range(nu + 1)
        else:
            cnt: dict[int, int] = {}
            for t in ts:
                cnt[t] = cnt.get(t, 0) + 1
            cum = [0, *accumulate(cnt[t] for t in uniq)]
        S: list[int] = []
        E: list[int] = []
        V: list[float] = []
        ext: list[float] = []
        for i in range(nu):
            a = uniq[i]
            hi = a + max_len
            if stop is not None and stop[a] < hi:
                hi = stop[a]
            if ends is None:
                pa = a - 1
            else:
                ia = bisect_left(ends, a)
                pa = ends[ia - 1] if ia else -1
            # the left widening [pa, b): pa exists, is not the entity's, and no stop token in [pa, a)
            left = pa >= 0 and (i == 0 or uniq[i - 1] != pa) and (stop is None or stop[pa] >= a)
            for j in range(i, nu):
                b = uniq[j] + 1
                if b > hi:
                    break
                links = cum[j + 1] - cum[i]
                v = (2.0 * links) / (elen + (b - a))
                if v > thr:
                    S.append(a)
                    E.append(b)
                    V.append(v)
                else:
                    continue  # its widenings score lower still
                if left and b - pa <= max_len:
                    x = (2.0 * links) / (elen + (b - pa))
                    if x > thr:
                        ext.append(x)
                if ends is None:
                    nb = b if b < m else -1
                else:
                    ib = bisect_left(ends, b)
                    nb = ends[ib] if ib < len(ends) else -1
                # the right widening [a, nb + 1): nb exists, is not the entity's, no stop token in [b, nb]
                if nb >= 0 and nb + 1 - a <= max_len and (j + 1 == nu or uniq[j + 1] != nb) \
                        and (stop is None or stop[a] > nb):
                    x = (2.0 * links) / (elen + (nb + 1 - a))
                    if x > thr:
                        ext.append(x)
        rows.append((S, E, V, _top2(V + ext)) if V else _EMPTY)
    return rows


def _full_rows(ents, q: _Pair, thr: float, w: float):
    """Per entity: every candidate with a non-zero score (start, end, value) and the row's top-2."""
    max_len, min_len, m, stop, tg = q.max_len, q.min_len, q.m, q.stop, q.tg
    ends_only = q.restrict == "aligned_ends"
    aligned = sorted({t for ts in tg for t in ts}) if ends_only else None
    rows = []
    for k, e in enumerate(ents):
        ts = tg[k]
        if not ts or min_len > max_len:
            rows.append(((), (), (), (0.0, 0.0)))
            continue
        cnt = [0] * (m + 1)
        for t in ts:
            cnt[t + 1] += 1
        pre = list(accumulate(cnt))
        uniq = sorted(set(ts))
        elen = float(e.end - e.start)
        S: list[int] = []
        E: list[int] = []
        if ends_only:
            first = 0 if max_len >= m else bisect_left(aligned, uniq[0] - max_len + 1)
            u = 0
            for ia in range(first, len(aligned)):
                a = aligned[ia]
                if a > uniq[-1]:
                    break
                while uniq[u] < a:
                    u += 1
                hi = a + max_len
                if stop is not None and stop[a] < hi:
                    hi = stop[a]
                for ib in range(bisect_left(aligned, max(a + min_len, uniq[u] + 1) - 1, ia), len(aligned)):
                    b = aligned[ib] + 1
                    if b > hi:
                        break
                    S.append(a)
                    E.append(b)
        else:
            u = 0
            for a in range(max(0, uniq[0] - max_len + 1), uniq[-1] + 1):
                while uniq[u] < a:
                    u += 1
                lo = max(a + min_len, uniq[u] + 1)
                hi = min(a + max_len, m)
                if stop is not None and stop[a] < hi:
                    hi = stop[a]
                if lo <= hi:
                    S.extend([a] * (hi - lo + 1))
                    E.extend(range(lo, hi + 1))
        vals = [(2.0 * (pre[b] - pre[a])) / (elen + (b - a)) for a, b in zip(S, E)]
        if thr > 0.0:
            keep = [i for i, v in enumerate(vals) if v > thr]
            S, E, vals = [S[i] for i in keep], [E[i] for i in keep], [vals[i] for i in keep]
        if w != 1.0:
            vals = [w * v for v in vals]
        rows.append((S, E, vals, _top2(vals)))
    return rows


def _cells(q: _Pair) -> int:
    """An upper bound on the non-zero cells :func:`_full_rows` would build."""
    max_len, tg = q.max_len, q.tg
    if q.restrict == "aligned_ends":
        aligned = sorted({t for ts in tg for t in ts})
        return sum((bisect_left(aligned, max(ts) + 1) - bisect_left(aligned, min(ts) - max_len + 1))
                   * (bisect_left(aligned, max(ts) + max_len) - bisect_left(aligned, min(ts))) for ts in tg if ts)
    return sum((max(ts) - min(ts) + max_len) * max_len for ts in tg if ts)


def _greedy(rows, op: str, n: int) -> list[tuple[int, int, int, float]]:
    """Greedy picks ``(entity, start, end, score)`` in acceptance order (see module docstring)."""
    if {"<=": n, "<": n - 1, "=": n}.get(op, float("inf")) < 1:
        return []
    work = [list(r[2]) for r in rows]
    lo = [min(r[0]) if r[0] else 0 for r in rows]
    hi = [max(r[1]) if r[1] else 0 for r in rows]
    best = [max(v) if v else 0.0 for v in work]
    counts = [0] * len(rows)
    picks = []
    while True:
        top = max(best)
        if top <= 0:
            return picks
        e = best.index(top)
        S, E = rows[e][0], rows[e][1]
        c = work[e].index(top)
        a, b = S[c], E[c]
        picks.append((e, a, b, top))
        counts[e] += 1
        if (op in ("<=", "=") and counts[e] >= n) or (op == "<" and counts[e] + 1 >= n):
            work[e] = []
            best[e] = 0.0
        for k, v in enumerate(work):
            if not v or lo[k] >= b or hi[k] <= a:
                continue
            Sk, Ek = rows[k][0], rows[k][1]
            changed = False
            for i in range(len(v)):
                if Sk[i] < b and Ek[i] > a and v[i]:
                    v[i] = 0.0
                    changed = True
            if changed:
                best[k] = max(v)


def _exact(rows, op: str, n: int, full_rows):
    """Exact picks ``(entity, start, end, score)`` in the order :class:`ExactSolver` returns them.

    ``full_rows()`` gives the rows of every non-zero candidate (or ``None``: too large, so the
    whole pair goes to the general path, signalled by returning ``None``).
    """
    if op == "<":
        op, n = "<=", n - 1
    elif op == ">":
        op, n = ">=", n + 1
    if op == "<=" and n < 1:
        return []
    if n == 1 and op in ("<=", "="):
        picked = []
        for e, (S, E, v, _) in enumerate(rows):
            if v:
                mx = max(v)
                c = v.index(mx)
                picked.append((e, S[c], E[c], mx))
        spans = sorted((a, b) for _, a, b, _ in picked)
        if all(b <= a2 for (_, b), (a2, _) in zip(spans, spans[1:])):
            return picked
    rows = full_rows()
    if rows is None:
        return None
    import numpy as np

    from .candidates import Candidates
    from .solve import ExactSolver

    cols = sorted({(a, b) for S, E, _, _ in rows for a, b in zip(S, E)})
    if not cols:
        return []
    index = {c: j for j, c in enumerate(cols)}
    mat = np.zeros((len(rows), len(cols)))
    for e, (S, E, v, _) in enumerate(rows):
        for a, b, x in zip(S, E, v):
            mat[e, index[(a, b)]] = x
    starts = np.array([a for a, _ in cols], dtype=np.int64)
    ends = np.array([b for _, b in cols], dtype=np.int64)
    match = ExactSolver(op=op, n_proj=n).solve(mat, Candidates(starts, ends))
    return [(e, cols[c][0], cols[c][1], float(mat[e, c])) for e, c in match.pairs]


def _top2(v) -> tuple[float, float]:
    if not v:
        return 0.0, 0.0
    if len(v) == 1:
        return v[0], 0.0
    b = max(v)
    i = v.index(b)
    return b, max(max(v[:i], default=0.0), max(v[i + 1:], default=0.0))


def project_fast(pair: SentencePair, alignment: Alignment, p: Plan, timings: dict | None = None) -> Projection | None:
    """The projection of ``pair`` under plan ``p`` (no evidence), or ``None`` to use the general path."""
    ents = pair.src.spans
    if not ents:
        if timings is not None:
            for key in ("candidates", "score", "solve"):
                timings.setdefault(key, 0.0)
        return Projection(pair.id, (), 0.0, 0.0, (), method=p.method)
    t0 = time.perf_counter() if timings is not None else 0.0
    tg = _targets(pair, alignment, p.case)
    if tg is None:
        return None
    q = _Pair(pair, p, tg)
    tc = time.perf_counter() if timings is not None else 0.0

    def full_rows():
        return None if _cells(q) > MAX_CELLS else _full_rows(ents, q, p.threshold, p.weight)

    if q.min_len == 1 and p.weight == 1.0:
        rows = _core_rows(ents, q, p.threshold)
    else:
        rows = full_rows()
        if rows is None:
            return None
    t1 = time.perf_counter() if timings is not None else 0.0
    picks = None
    if p.n_proj == 1 and p.op in ("<=", "="):  # row maxima that share no word: both solvers take them all
        picks = [(e, r[0][r[2].index(r[3][0])], r[1][r[2].index(r[3][0])], r[3][0]) for e, r in enumerate(rows) if r[2]]
        if len(picks) > 1:
            spans = sorted((a, b) for _, a, b, _ in picks)
            if all(b <= a2 for (_, b), (a2, _) in zip(spans, spans[1:])):
                if p.solver == "greedy":  # acceptance order: highest first, ties to the lower entity
                    picks.sort(key=lambda x: -x[3])
            else:
                picks = None
    if picks is None:
        picks = _greedy(rows, p.op, p.n_proj) if p.solver == "greedy" else _exact(rows, p.op, p.n_proj, full_rows)
    if picks is None:
        return None
    top = [r[3] for r in rows]
    spans = []
    vals = []
    for e, a, b, v in picks:
        bst, sec = top[e]
        vals.append(v)
        spans.append(ProjectedSpan(_span(a, b, ents[e].label), e, v, sec if v == bst else bst))
    if len(spans) > 1:
        spans.sort(key=_START_END)
    objective = float(sum(vals))
    active = sum(1 for bst, _ in top if bst > 0)
    proj = Projection(pair.id, tuple(spans), objective, objective / active if active else 0.0, (), p.method)
    if timings is not None:
        t2 = time.perf_counter()
        timings["candidates"] = timings.get("candidates", 0.0) + (tc - t0)
        timings["score"] = timings.get("score", 0.0) + (t1 - tc)
        timings["solve"] = timings.get("solve", 0.0) + (t2 - t1)
    return proj
