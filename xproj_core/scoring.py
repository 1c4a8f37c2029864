"""Score matrices |E| × |C| for (entity, candidate) pairs (method §6).

A scorer is any object with ``score(pair, alignment, candidates) -> np.ndarray`` returning a dense
non-negative float matrix, rows = ``pair.src.spans``, columns = candidates, with every value at or
below its ``threshold`` set to 0 (strict ``>`` keeps). :class:`FusedScorer` weights named
components (§6.4) and keeps each component's matrix for the evidence, so model-based scores (NER
probability, NMTScore) plug in as extra components: register a builder under stage ``scorer`` and
name it in ``ProjectionConfig.scores``.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Protocol, Sequence, runtime_checkable

import numpy as np

from .candidates import Candidates
from .errors import ConfigError
from .registry import register
from .types import Alignment, Candidate, SentencePair


@runtime_checkable
class Scorer(Protocol):
    threshold: float

    def score(self, pair: SentencePair, alignment: Alignment, candidates: Sequence[Candidate]) -> np.ndarray:
        """|E| × |C| matrix, values ``<= threshold`` zeroed."""
        ...


def apply_threshold(matrix: np.ndarray, threshold: float | None) -> np.ndarray:
    """Zero every value ``<= threshold`` (in place on a float array; returns it)."""
    if threshold is not None:
        matrix[matrix <= threshold] = 0.0
    return matrix


def link_prefix(pair: SentencePair, alignment: Alignment) -> np.ndarray:
    """``P[e, j]``: links from entity ``e`` into target words ``< j`` (|E| × (m+1) ints).

    Built with one ``bincount`` over flat ``(entity, target)`` indices: few numpy calls, since
    per-call overhead dominates on 20-word sentences.
    """
    ents = pair.src.spans
    n_e, m = len(ents), len(pair.tgt.words)
    width = m + 1
    ent_of: dict[int, list[int]] = {}
    for k, e in enumerate(ents):
        for i in range(e.start, e.end):
            ent_of.setdefault(i, []).append(k * width + 1)
    flat = [base + l.tgt for l in alignment.links if l.src in ent_of and l.tgt < m for base in ent_of[l.src]]
    if not flat:
        return np.zeros((n_e, width), dtype=np.int64)
    counts = np.bincount(flat, minlength=n_e * width).reshape(n_e, width)
    return counts.cumsum(axis=1)


def link_counts(pair: SentencePair, alignment: Alignment, candidates: Sequence[Candidate]) -> np.ndarray:
    """``L(e, τ)``: number of links from entity ``e``'s words into candidate ``τ`` (|E| × |C| ints)."""
    cands = Candidates.of(candidates)
    prefix = link_prefix(pair, alignment)
    # np.take: 2-D fancy indexing with a slice is an order of magnitude slower on small arrays
    return np.take(prefix, cands.ends, axis=1) - np.take(prefix, cands.starts, axis=1)


class DiceScorer:
    """Alignment score ``2·L(e, τ) / (|e| + |τ|)`` (method §6.1); ``L`` counts links, so it may exceed 1."""

    name = "align"

    def __init__(self, threshold: float = 0.0) -> None:
        self.threshold = threshold

    def score(self, pair: SentencePair, alignment: Alignment, candidates: Sequence[Candidate]) -> np.ndarray:
        cands = Candidates.of(candidates)
        links = link_counts(pair, alignment, cands)
        elen = np.array([e.end - e.start for e in pair.src.spans], dtype=np.float64)
        out = (2.0 * links) / (elen[:, None] + cands.lengths[None, :])
        return apply_threshold(out, self.threshold) if self.threshold else out


# ------------------------------------------------------------------ orthography


def _fallback_normalise(word: str) -> str:
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def _romaniser():
    try:
        from .align.orthographic import romanise  # written by the aligner engineer
    except Exception:  # noqa: BLE001 - module absent or its optional backend missing
        return None
    return romanise


@lru_cache(maxsize=200_000)
def normalise_word(word: str) -> str:
    """Romanised (``align.orthographic.romanise`` when available), accent-free, case-folded word."""
    fn = _romaniser()
    out = word
    if fn is not None:
        try:
            out = fn(word) or word
        except Exception:  # noqa: BLE001 - fall back rather than fail on one odd word
            out = word
    return "".join(ch for ch in _fallback_normalise(out) if ch.isalnum())


@lru_cache(maxsize=200_000)
def _grams(word: str) -> frozenset[str]:
    w = f"#{normalise_word(word)}#"
    if len(w) <= 2:
        return frozenset()
    return frozenset(w[i:i + 2] for i in range(len(w) - 1))


@lru_cache(maxsize=500_000)
def word_similarity(a: str, b: str) -> float:
    """Dice over padded character bigrams of the normalised words (1.0 when they are equal)."""
    na, nb = normalise_word(a), normalise_word(b)
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    ga, gb = _grams(a), _grams(b)
    return 2.0 * len(ga & gb) / (len(ga) + len(gb))


def _range_max(table: list[np.ndarray], starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Max over ``[a, b)`` of each row, for every candidate (sparse table; rows × C)."""
    length = ends - starts
    level = np.floor(np.log2(length)).astype(np.int64)
    out = np.empty((table[0].shape[0], starts.size))
    for k in np.unique(level):
        sel = level == k
        tk = table[k]
        a, b = starts[sel], ends[sel] - (1 << int(k))
        out[:, sel] = np.maximum(np.take(tk, a, axis=1), np.take(tk, b, axis=1))
    return out


class OrthographicScorer:
    """Order-insensitive soft word-set F1 between entity and candidate words [x].

    Words are romanised and normalised; word similarity is character-bigram Dice. Recall is the
    mean over entity words of their best match in the candidate, precision the mean over candidate
    words of their best match in the entity, the score their harmonic mean. Extra function words
    lower precision, so no span is rewarded for padding. Default threshold 0.5 [x].
    """

    name = "ortho"

    def __init__(self, threshold: float = 0.5) -> None:
        self.threshold = threshold

    def score(self, pair: SentencePair, alignment: Alignment, candidates: Sequence[Candidate]) -> np.ndarray:
        cands = Candidates.of(candidates)
        tgt = pair.tgt.words
        ents = pair.src.spans
        out = np.zeros((len(ents), len(cands)))
        if not len(cands) or not ents:
            return out
        clen = (cands.ends - cands.starts).astype(np.float64)
        for k, e in enumerate(ents):
            ewords = pair.src.words[e.start:e.end]
            sim = np.array([[word_similarity(w, t) for t in tgt] for w in ewords], dtype=np.float64)
            best_t = sim.max(axis=0)  # each target word's best entity word
            prefix = np.concatenate([[0.0], np.cumsum(best_t)])
            precision = (prefix[cands.ends] - prefix[cands.starts]) / clen
            table = [sim]
            while (1 << len(table)) <= int(clen.max()):
                prev, step = table[-1], 1 << (len(table) - 1)
                nxt = prev.copy()
                nxt[:, :-step] = np.maximum(prev[:, :-step], prev[:, step:])
                table.append(nxt)
            recall = _range_max(table, cands.starts, cands.ends).mean(axis=0)
            denom = precision + recall
            with np.errstate(invalid="ignore", divide="ignore"):
                out[k] = np.where(denom > 0, 2 * precision * recall / denom, 0.0)
        return apply_threshold(out, self.threshold)


# ------------------------------------------------------------------ fusion


class FusedScorer:
    """``c = Σ λ_k · c_k`` with each component thresholded before weighting (method §6.4).

    ``components``: ``(name, weight, scorer)`` or ``(name, weight, scorer, threshold)``; the optional
    threshold applies on top of the scorer's own. Components of weight 0 are not computed.
    """

    def __init__(self, components: Sequence[tuple]) -> None:
        parsed = []
        for comp in components:
            if len(comp) not in (3, 4):
                raise ConfigError("score component", comp, hint="use (name, weight, scorer[, threshold])")
            name, weight, scorer = comp[:3]
            parsed.append((str(name), float(weight), scorer, comp[3] if len(comp) == 4 else None))
        names = [p[0] for p in parsed]
        if len(set(names)) != len(names):
            raise ConfigError("score components", names, hint="component names must be unique")
        self.components = tuple(parsed)
        self.threshold = 0.0

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(p[0] for p in self.components if p[1] != 0)

    def score_components(self, pair: SentencePair, alignment: Alignment,
                         candidates: Sequence[Candidate]) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        """The fused matrix and each (thresholded, unweighted) component matrix by name."""
        cands = Candidates.of(candidates)
        fused = np.zeros((len(pair.src.spans), len(cands)))
        parts: dict[str, np.ndarray] = {}
        for name, weight, scorer, threshold in self.components:
            if weight == 0:
                continue
            m = np.asarray(scorer.score(pair, alignment, cands), dtype=np.float64)
            if m.shape != fused.shape:
                raise ValueError(f"scorer {name!r} returned shape {m.shape}, expected {fused.shape}")
            if threshold is not None:
                m = apply_threshold(m.copy(), threshold)
            parts[name] = m
            if len(self.components) == 1 and weight == 1.0:
                return m, parts  # the common alignment-only case: no copy
            fused += weight * m
        return fused, parts

    def score(self, pair: SentencePair, alignment: Alignment, candidates: Sequence[Candidate]) -> np.ndarray:
        return self.score_components(pair, alignment, candidates)[0]


@register("scorer", "align")
def _build_align(arg: str | None = None, threshold: float = 0.0, **_) -> DiceScorer:
    return DiceScorer(threshold=threshold)


@register("scorer", "ortho")
def _build_ortho(arg: str | None = None, threshold: float = 0.5, **_) -> OrthographicScorer:
    return OrthographicScorer(threshold=threshold)
