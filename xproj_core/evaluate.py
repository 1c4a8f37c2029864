"""Scores: exact-span P/R/F1 (seqeval default mode), ``proj_ratio``, error categories, AER.

Inputs are per-sentence span lists (or :class:`Sentence` objects, whose ``spans`` are used), index-aligned
between gold and prediction. Counts are kept, rates derived (``PRF`` adds with ``+``), and every error
category keeps its instances, so each number can open onto the sentences behind it (ux.md §5).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

from .types import Alignment, Candidate, GoldAlignment, Projection, Sentence, Span

SpanLists = Sequence["Sentence | Iterable[Span]"]


@dataclass(frozen=True, slots=True)
class PRF:
    """True positives, false positives, false negatives; rates are 0 where undefined (seqeval's zero_division)."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: "PRF") -> "PRF":
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def __radd__(self, other: "PRF | int") -> "PRF":
        return self if other == 0 else self + other

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def support(self) -> int:
        """Number of gold spans."""
        return self.tp + self.fn


@dataclass(frozen=True, slots=True)
class SpanReport:
    micro: PRF
    per_type: dict[str, PRF] = field(default_factory=dict)

    @property
    def macro_f1(self) -> float:
        return sum(p.f1 for p in self.per_type.values()) / len(self.per_type) if self.per_type else 0.0


def _spans(x: "Sentence | Iterable[Span]") -> tuple[Span, ...]:
    return tuple(x.spans) if isinstance(x, Sentence) else tuple(x)


def _check(gold: Sequence, pred: Sequence) -> None:
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold sentences but {len(pred)} predicted ones")


def span_scores(gold: SpanLists, pred: SpanLists, typed: bool = True) -> SpanReport:
    """Exact-span micro and per-type P/R/F1. ``typed=False`` matches boundaries only (no per-type table)."""
    _check(gold, pred)
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    micro = [0, 0, 0]
    for g, p in zip(gold, pred):
        key = (lambda s: (s.start, s.end, s.label)) if typed else (lambda s: (s.start, s.end))
        gs, ps = {key(s) for s in _spans(g)}, {key(s) for s in _spans(p)}
        hit, fp, fn = gs & ps, ps - gs, gs - ps
        for k, part in enumerate((hit, fp, fn)):
            micro[k] += len(part)
            if typed:
                for s in part:
                    counts[s[2]][k] += 1
    return SpanReport(PRF(*micro), {t: PRF(*c) for t, c in sorted(counts.items())})


def proj_ratio(gold: SpanLists, pred: SpanLists) -> float:
    """Mean over sentences of #predicted / #gold spans (method §9.1, [P]).

    A sentence with no gold spans counts 1 when nothing is predicted and 0 otherwise; NaN for no sentences.
    """
    _check(gold, pred)
    ratios = []
    for g, p in zip(gold, pred):
        ng, np_ = len(_spans(g)), len(_spans(p))
        ratios.append(np_ / ng if ng else (1.0 if np_ == 0 else 0.0))
    return sum(ratios) / len(ratios) if ratios else math.nan


# --------------------------------------------------------------------------- error categories

CATEGORIES = ("correct", "wrong_type", "boundary", "missed", "spurious")
#: nervaluate's names for the categories.
NERVALUATE = {"correct": "COR", "wrong_type": "INC", "boundary": "PAR", "missed": "MIS", "spurious": "SPU"}
BOUNDARY = ("over", "under", "shifted")
CAUSES = ("no_candidate", "split", "merged", "matching_error")


@dataclass(frozen=True, slots=True)
class ErrorInstance:
    """One gold/predicted pairing. ``boundary`` is set for category ``boundary`` (over/under/shifted)."""

    sent_index: int
    category: str
    gold: Span | None
    pred: Span | None
    boundary: str = ""
    type_differs: bool = False
    causes: tuple[str, ...] = ()
    entity_index: int | None = None  # the source entity the prediction came from, when a projection is given

    @property
    def id(self) -> tuple[int, Span]:
        """``(sentence index, span)``: the gold span, or the predicted one for spurious predictions."""
        return (self.sent_index, self.gold if self.gold is not None else self.pred)


@dataclass(frozen=True, slots=True)
class EntityCause:
    """A source entity with a projection problem, whatever the target gold says (e.g. no candidate)."""

    sent_index: int
    entity_index: int
    entity: Span
    cause: str


@dataclass(frozen=True, slots=True)
class ErrorReport:
    instances: tuple[ErrorInstance, ...]
    entity_causes: tuple[EntityCause, ...] = ()

    def by_category(self, category: str) -> list[ErrorInstance]:
        return [i for i in self.instances if i.category == category]

    def by_cause(self, cause: str) -> list[ErrorInstance]:
        return [i for i in self.instances if cause in i.causes]

    def by_boundary(self, kind: str) -> list[ErrorInstance]:
        return [i for i in self.instances if i.boundary == kind]

    def counts(self) -> dict[str, int]:
        return {c: len(self.by_category(c)) for c in CATEGORIES}

    def boundary_counts(self) -> dict[str, int]:
        return {b: len(self.by_boundary(b)) for b in BOUNDARY}

    def cause_counts(self) -> dict[str, int]:
        return {c: len(self.by_cause(c)) for c in CAUSES}

    def strict(self) -> PRF:
        """Exact boundaries and type: equals :func:`span_scores` micro counts."""
        c = self.counts()
        return PRF(c["correct"], c["wrong_type"] + c["boundary"] + c["spurious"], c["wrong_type"] + c["boundary"] + c["missed"])

    def __add__(self, other: "ErrorReport") -> "ErrorReport":
        return ErrorReport(self.instances + other.instances, self.entity_causes + other.entity_causes)


def _boundary(g: Span, p: Span) -> str:
    if p.start <= g.start and g.end <= p.end:
        return "over"
    if g.start <= p.start and p.end <= g.end:
        return "under"
    return "shifted"


def _pair_up(gold: list[Span], pred: list[Span]) -> tuple[list[tuple[Span, Span]], list[tuple[Span, Span]], list[Span], list[Span]]:
    """One-to-one: exact-boundary pairs first, then overlapping pairs by decreasing overlap."""
    g_left, p_left = list(gold), list(pred)
    exact = []
    for same_label in (True, False):
        for p in list(p_left):
            g = next((g for g in g_left if (g.start, g.end) == (p.start, p.end) and (g.label == p.label or not same_label)), None)
            if g is not None:
                exact.append((g, p))
                g_left.remove(g)
                p_left.remove(p)
    cands = sorted(
        ((min(g.end, p.end) - max(g.start, p.start), g.label == p.label, g, p) for g in g_left for p in p_left if g.overlaps(p)),
        key=lambda t: (-t[0], not t[1], t[2], t[3]),
    )
    overlap = []
    for _, _, g, p in cands:
        if g in g_left and p in p_left:
            overlap.append((g, p))
            g_left.remove(g)
            p_left.remove(p)
    return exact, overlap, g_left, p_left


def categorise_sentence(gold: "Sentence | Iterable[Span]", pred: "Sentence | Iterable[Span]",
                        projection: Projection | None = None, sent_index: int = 0) -> tuple[list[ErrorInstance], list[EntityCause]]:
    """Error instances of one sentence (every gold and every predicted span appears exactly once)."""
    gold_s, pred_s = sorted(set(_spans(gold))), sorted(set(_spans(pred)))
    exact, overlap, missed, spurious = _pair_up(gold_s, pred_s)
    inst: list[ErrorInstance] = []
    for g, p in exact:
        inst.append(ErrorInstance(sent_index, "correct" if g.label == p.label else "wrong_type", g, p, type_differs=g.label != p.label))
    for g, p in overlap:
        inst.append(ErrorInstance(sent_index, "boundary", g, p, boundary=_boundary(g, p), type_differs=g.label != p.label))
    inst += [ErrorInstance(sent_index, "missed", g, None) for g in missed]
    inst += [ErrorInstance(sent_index, "spurious", None, p) for p in spurious]
    inst.sort(key=lambda i: (i.id[1].start, i.id[1].end, CATEGORIES.index(i.category)))
    if projection is None:
        return inst, []
    return _attach_causes(inst, gold_s, projection, sent_index)


def _attach_causes(inst: list[ErrorInstance], gold: list[Span], proj: Projection,
                   sent_index: int) -> tuple[list[ErrorInstance], list[EntityCause]]:
    origin: dict[tuple[int, int], set[int]] = defaultdict(set)  # predicted boundaries -> source entities
    for ps in proj.spans:
        origin[(ps.span.start, ps.span.end)].add(ps.entity_index)
    causes: dict[int, set[str]] = defaultdict(set)  # instance position -> causes

    # no candidate: no aligned target word, or no candidate with a non-zero score
    no_cand = [ev for ev in proj.evidence
               if ev.winner is None and (not ev.aligned_targets or not any(c.score > 0 for c in ev.candidates))]
    ent_causes = [EntityCause(sent_index, ev.entity_index, ev.entity, "no_candidate") for ev in no_cand]
    pool = list(no_cand)
    for k, i in enumerate(inst):
        if i.category == "missed":
            ev = next((e for e in pool if e.entity.label == i.gold.label), None)
            if ev is not None:
                pool.remove(ev)
                causes[k].add("no_candidate")

    # split: one source entity -> >= 2 predicted spans over one gold entity
    for g in gold:
        over = [k for k, i in enumerate(inst) if i.pred is not None and i.pred.overlaps(g) and i.category != "correct"]
        by_ent: dict[int, list[int]] = defaultdict(list)
        for k in over:
            for e in origin.get((inst[k].pred.start, inst[k].pred.end), ()):
                by_ent[e].append(k)
        for ks in by_ent.values():
            if len(ks) >= 2:
                for k in ks:
                    causes[k].add("split")

    # merged: one predicted span over >= 2 gold entities, or >= 2 source entities in one span
    for k, i in enumerate(inst):
        if i.pred is None:
            continue
        hit = [g for g in gold if g.overlaps(i.pred)]
        if len(hit) >= 2:
            for k2, j in enumerate(inst):
                if j.gold in hit and (j.pred is None or j.pred == i.pred):
                    causes[k2].add("merged")
            causes[k].add("merged")
        if len(origin.get((i.pred.start, i.pred.end), ())) >= 2:
            causes[k].add("merged")

    # matching error: a candidate with the gold boundaries scored > 0 for an entity of the gold type,
    # but that entity accepted another candidate (or none)
    for k, i in enumerate(inst):
        if i.gold is None or i.category == "correct":
            continue
        want = Candidate(i.gold.start, i.gold.end)
        for ev in proj.evidence:
            if ev.entity.label == i.gold.label and ev.winner != want and any(c.candidate == want and c.score > 0 for c in ev.candidates):
                causes[k].add("matching_error")

    out = []
    for k, i in enumerate(inst):
        ents = sorted(origin.get((i.pred.start, i.pred.end), ())) if i.pred is not None else []
        out.append(replace(i, causes=tuple(c for c in CAUSES if c in causes[k]), entity_index=ents[0] if ents else None))
    return out, ent_causes


def categorise(gold: SpanLists, pred: SpanLists, projections: Sequence[Projection | None] | None = None) -> ErrorReport:
    """Error categories over a corpus; ``projections`` (index-aligned) add causes and source-entity problems."""
    _check(gold, pred)
    if projections is not None:
        _check(gold, projections)
    inst: list[ErrorInstance] = []
    ents: list[EntityCause] = []
    for k, (g, p) in enumerate(zip(gold, pred)):
        i, e = categorise_sentence(g, p, projections[k] if projections is not None else None, k)
        inst += i
        ents += e
    return ErrorReport(tuple(inst), tuple(ents))


# --------------------------------------------------------------------------- alignment


@dataclass(frozen=True, slots=True)
class AlignmentScores:
    """AER with sure/possible gold (method §9.4), from corpus-level counts."""

    precision: float
    recall: float
    aer: float
    n_pred: int = 0
    n_sure: int = 0
    hits_sure: int = 0
    hits_possible: int = 0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def aer(gold: Sequence[GoldAlignment], pred: Sequence[Alignment | Iterable[tuple[int, int]]]) -> AlignmentScores:
    """precision = |A∩P|/|A|, recall = |A∩S|/|S|, AER = 1 − (|A∩S| + |A∩P|)/(|A| + |S|), summed over sentences."""
    if len(gold) != len(pred):
        raise ValueError(f"{len(gold)} gold alignments but {len(pred)} predicted ones")
    a = s = hs = hp = 0
    for g, p in zip(gold, pred):
        links = p.pairs() if isinstance(p, Alignment) else {(int(i), int(j)) for i, j in p}
        possible = g.possible | g.sure
        a += len(links)
        s += len(g.sure)
        hs += len(links & g.sure)
        hp += len(links & possible)
    return AlignmentScores(
        precision=hp / a if a else 0.0,
        recall=hs / s if s else 0.0,
        aer=1 - (hs + hp) / (a + s) if a + s else 0.0,
        n_pred=a, n_sure=s, hits_sure=hs, hits_possible=hp,
    )
