"""Compact per-pair digests of a project and of a run, for pages that list or score 10,000s of pairs.

A digest is what the review queue, the score tables and the error table need, without
Sentence objects or alignments: one columnar JSON blob per project (ids, languages, surfaces,
source and gold target spans, target words)
and one per run (projected spans, rel_cost, margins, linked target words, error categories
against gold). The store writes them in the same transaction as the project or run, so one
``json.loads`` replaces decoding every pair, projection and alignment.
"""

from __future__ import annotations

import gc
import json
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Iterator, Mapping, Sequence

from .types import Alignment, Projection, SentencePair, Span

Spans = tuple[Span, ...]


@dataclass(frozen=True)
class PairDigest:
    """Columns of a project's pairs, in insertion order (index ``k`` is the ``k``-th pair)."""

    ids: tuple[str, ...]
    langs: tuple[str, ...]
    src_text: tuple[str, ...]
    tgt_text: tuple[str, ...]
    src_spans: tuple[Spans, ...]
    tgt_spans: tuple[Spans, ...]
    tgt_words: tuple[Sequence[str], ...] = ()  # target words (for span texts); do not mutate

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def has_gold(self) -> bool:
        return any(self.tgt_spans)


@dataclass(frozen=True)
class RunDigest:
    """Columns of one run, by pair id: projected spans, rel_cost, raw min margin (``None``:
    nothing projected), distinct projected entities, linked target words as a bit mask
    (bit ``j`` set: target word ``j`` is linked; see :func:`linked_sets`), and error categories
    of the projection against gold (``None`` when the project has no gold)."""

    spans: Mapping[str, Spans]
    rel_cost: Mapping[str, float]
    margin: Mapping[str, float | None]
    n_projected_entities: Mapping[str, int]
    linked: Mapping[str, int]
    categories: Mapping[str, tuple[str, ...]] | None


def linked_sets(d: RunDigest) -> dict[str, frozenset[int]]:
    """pair id -> linked target words (for ``analysis.instances``), from the bit masks."""
    out = {}
    for pid, mask in d.linked.items():
        out[pid] = frozenset(j for j in range(mask.bit_length()) if mask >> j & 1)
    return out


VERSION = 3  # of the JSON layout; a stored digest of another version is recomputed

_GC_LOCK = threading.Lock()
_GC_DEPTH = [0, False]  # active bulk decodes, whether the collector was on before the first


@contextmanager
def bulk_decode() -> Iterator[None]:
    """Pause the cyclic garbage collector while decoding 10,000s of acyclic objects (thread-safe).

    In a process that already holds millions of objects (a Streamlit server with loaded runs), the
    collections that the allocations trigger cost more than the decoding itself (3-5x measured)."""
    with _GC_LOCK:
        if _GC_DEPTH[0] == 0:
            _GC_DEPTH[1] = gc.isenabled()
            gc.disable()
        _GC_DEPTH[0] += 1
    try:
        yield
    finally:
        with _GC_LOCK:
            _GC_DEPTH[0] -= 1
            if _GC_DEPTH[0] == 0 and _GC_DEPTH[1]:
                gc.enable()


def _enc(spans) -> list:
    return [[s.start, s.end, s.label] for s in spans]


_SPANS: dict = {}  # (start, end, label) -> Span, shared by every decode: equal spans are one object


def decode_spans(rows) -> Spans:
    """Spans from ``[[start, end, label], …]`` (validated once per distinct span, then shared)."""
    return _dec(rows)


def _dec(rows, memo: dict | None = None) -> Spans:
    """Spans from ``[[start, end, label], …]``; equal spans share one (immutable) object, so tuples of
    spans from different digests compare by identity first."""
    if memo is None:
        memo = _SPANS if len(_SPANS) < 500_000 else {}
    out = []
    for a, b, l in rows:
        key = (a, b, l)
        sp = memo.get(key)
        if sp is None:
            sp = memo[key] = Span(a, b, l)
        out.append(sp)
    return tuple(out)


def _lang(p: SentencePair) -> str:
    return p.tgt.lang or p.src.lang


def encode_pairs(pairs: Sequence[SentencePair]) -> str:
    d = {"v": VERSION, "i": [p.id for p in pairs], "l": [_lang(p) for p in pairs],
         "st": [p.src.surface for p in pairs], "tt": [p.tgt.surface for p in pairs],
         "ss": [_enc(p.src.spans) for p in pairs], "ts": [_enc(p.tgt.spans) for p in pairs],
         "tw": [p.tgt.words for p in pairs]}
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def decode_pairs(text: str) -> PairDigest | None:
    """The digest, or ``None`` for a layout of another version."""
    with bulk_decode():
        d = json.loads(text)
        if d.get("v") != VERSION:
            return None
        return PairDigest(tuple(d["i"]), tuple(d["l"]), tuple(d["st"]), tuple(d["tt"]),
                          tuple(map(_dec, d["ss"])), tuple(map(_dec, d["ts"])), tuple(d["tw"]))


def categories(ids: Sequence[str], gold: Sequence[Spans], pred: Sequence[Spans],
               linked: Mapping[str, frozenset[int]] | None = None) -> dict[str, tuple[str, ...]]:
    """pair id -> error categories and causes (display names), as ``analysis.pair_categories`` of
    ``analysis.instances`` gives them without evidence: ``linked`` (pair id -> linked target words)
    adds ``mt_dropped`` to missed gold spans with no linked word."""
    from . import evaluate as ev
    from .analysis import CATEGORY_LABELS, CAUSE_LABELS

    out: dict[str, tuple[str, ...]] = {}
    for k, (g, p) in enumerate(zip(gold, pred)):
        if not g and not p:
            continue
        inst, _ = ev.categorise_sentence(g, p, None, k)
        found: set[str] = set()
        for i in inst:
            if i.category == "correct":
                continue
            found.add(CATEGORY_LABELS[i.category])
            found.update(CAUSE_LABELS[c] for c in i.causes)
            if i.boundary:
                found.add(CAUSE_LABELS[i.boundary])
            if i.category == "missed" and linked is not None and ids[k] in linked \
                    and not any(i.gold.start <= t < i.gold.end for t in linked[ids[k]]):
                found.add(CAUSE_LABELS["mt_dropped"])
        if found:
            out[ids[k]] = tuple(sorted(found))
    return out


def encode_run(projections: Mapping[str, Projection], alignments: Mapping[str, Alignment],
               pairs: PairDigest | None) -> str:
    """The run digest as JSON (columns over the projected pairs; linked words of every aligned pair
    as hex bit masks); ``pairs`` (the project's digest) adds the error categories."""
    ids, spans, rel, margin, ents = [], [], [], [], []
    for pid, p in projections.items():
        ids.append(pid)
        spans.append(_enc(p.labelled))
        rel.append(p.rel_cost)
        margins = [s.score - s.runner_up_score for s in p.spans]
        margin.append(min(margins) if margins else None)
        ents.append(len({s.entity_index for s in p.spans}))
    linked = {}
    for pid, a in alignments.items():
        mask = 0
        for l in a.links:
            mask |= 1 << l.tgt
        linked[pid] = mask
    cats = None
    if pairs is not None and pairs.has_gold:
        by_id = dict(zip(ids, spans))
        memo: dict = {}
        pred = [_dec(by_id.get(i, ()), memo) for i in pairs.ids]
        sets = {k: frozenset(j for j in range(m.bit_length()) if m >> j & 1) for k, m in linked.items()}
        cats = categories(pairs.ids, pairs.tgt_spans, pred, sets)
    d = {"v": VERSION, "i": ids, "s": spans, "r": rel, "m": margin, "e": ents,
         "a": {k: format(m, "x") for k, m in linked.items()}, "c": cats}
    return json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def decode_run(text: str) -> RunDigest | None:
    """The digest, or ``None`` for a layout of another version."""
    with bulk_decode():
        d = json.loads(text)
        if d.get("v") != VERSION:
            return None
        ids, cats = d["i"], d.get("c")
        return RunDigest(dict(zip(ids, map(_dec, d["s"]))), dict(zip(ids, d["r"])), dict(zip(ids, d["m"])),
                         dict(zip(ids, d["e"])), {k: int(v, 16) for k, v in d["a"].items()},
                         None if cats is None else {k: tuple(v) for k, v in cats.items()})
