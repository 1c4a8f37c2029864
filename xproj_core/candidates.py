"""Target candidate spans (method §5): n-grams, aligned windows, model-predicted spans, unions.

Every extractor returns a :class:`Candidates`: an immutable sequence of
:class:`~xproj_core.types.Candidate` sorted by ``(start, end)`` and de-duplicated. It keeps the
spans as two numpy arrays and builds ``Candidate`` objects only when indexed, so a long sentence
with unbounded n-grams costs two integer arrays, not millions of objects. It compares equal to
the tuple of its candidates.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Callable, Iterable, Mapping, Protocol, runtime_checkable

import numpy as np

from .errors import ConfigError
from .registry import register
from .types import Alignment, Candidate, SentencePair, Span

DEFAULT_STOP_TOKENS = frozenset({"!", "?"})
RESTRICT = ("auto", "none", "aligned", "aligned_ends")
#: candidate sets up to this size cache their per-candidate disjointness masks (greedy solver).
KEEP_CACHE_MAX = 400
#: with ``restrict="auto"``, a sentence whose n-grams exceed this count keeps only aligned ones.
AUTO_RESTRICT_ABOVE = 20_000


class Candidates(Sequence):
    """Sorted, unique candidate spans backed by ``starts``/``ends`` int arrays (read-only)."""

    __slots__ = ("starts", "ends", "_hash", "_lengths", "_keep")

    def __init__(self, starts: np.ndarray, ends: np.ndarray) -> None:
        if not (isinstance(starts, np.ndarray) and starts.dtype == np.int64 and not starts.flags.writeable):
            starts = np.array(starts, dtype=np.int64)
            starts.flags.writeable = False
        if not (isinstance(ends, np.ndarray) and ends.dtype == np.int64 and not ends.flags.writeable):
            ends = np.array(ends, dtype=np.int64)
            ends.flags.writeable = False
        self.starts, self.ends = starts, ends
        self._hash = None
        self._lengths = None
        self._keep: dict[int, np.ndarray] | None = {} if self.starts.size <= KEEP_CACHE_MAX else None

    @property
    def lengths(self) -> np.ndarray:
        """``end - start`` of every candidate, as float64 (computed once)."""
        if self._lengths is None:
            self._lengths = (self.ends - self.starts).astype(np.float64)
            self._lengths.flags.writeable = False
        return self._lengths

    @classmethod
    def of(cls, spans: Iterable[Candidate | Span | tuple[int, int]]) -> "Candidates":
        """Wrap spans in the order given (a :class:`Candidates` is returned as is)."""
        if isinstance(spans, Candidates):
            return spans
        pairs = [(int(s[0]), int(s[1])) if isinstance(s, tuple) else (s.start, s.end) for s in spans]
        for a, b in pairs:
            if not 0 <= a < b:
                raise ValueError(f"invalid candidate [{a}, {b})")
        if not pairs:
            return cls(np.zeros(0, np.int64), np.zeros(0, np.int64))
        arr = np.asarray(pairs, dtype=np.int64)
        return cls(arr[:, 0], arr[:, 1])

    @classmethod
    def build(cls, spans: Iterable[Candidate | Span | tuple[int, int]]) -> "Candidates":
        """Sorted by ``(start, end)`` and de-duplicated (labels are dropped)."""
        c = cls.of(list(spans) if not isinstance(spans, Candidates) else spans)
        if not len(c):
            return c
        key = np.unique(c.starts * (1 << 32) + c.ends)
        return cls(key >> 32, key & ((1 << 32) - 1))

    def __len__(self) -> int:
        return int(self.starts.shape[0])

    def __getitem__(self, k):
        if isinstance(k, slice):
            return Candidates(self.starts[k], self.ends[k])
        return Candidate(int(self.starts[k]), int(self.ends[k]))

    def __iter__(self):
        return (Candidate(a, b) for a, b in zip(self.starts.tolist(), self.ends.tolist()))

    def __eq__(self, other) -> bool:
        if isinstance(other, Candidates):
            return np.array_equal(self.starts, other.starts) and np.array_equal(self.ends, other.ends)
        if isinstance(other, (tuple, list)):
            return len(other) == len(self) and all(c == o for c, o in zip(self, other))
        return NotImplemented

    def __hash__(self) -> int:
        if self._hash is None:
            self._hash = hash((self.starts.tobytes(), self.ends.tobytes()))
        return self._hash

    def __repr__(self) -> str:
        head = ", ".join(f"[{c.start},{c.end})" for c in self[:8])
        return f"Candidates({len(self)}: {head}{', …' if len(self) > 8 else ''})"

    def index(self, cand, *args) -> int:  # binary search instead of Sequence's scan
        a, b = cand.start, cand.end
        lo = int(np.searchsorted(self.starts, a, "left"))
        hi = int(np.searchsorted(self.starts, a, "right"))
        j = lo + int(np.searchsorted(self.ends[lo:hi], b))
        if j < hi and self.ends[j] == b:
            return j
        raise ValueError(f"{cand} is not a candidate")

    def disjoint_from(self, k: int) -> np.ndarray:
        """Boolean mask of the candidates sharing no word with candidate ``k`` (cached for small sets)."""
        cache = self._keep
        if cache is not None:
            hit = cache.get(k)
            if hit is not None:
                return hit
        a, b = self.starts[k], self.ends[k]
        mask = (self.ends <= a) | (self.starts >= b)
        if cache is not None:
            mask.flags.writeable = False
            cache[k] = mask
        return mask

    def overlapping(self, a: int, b: int) -> np.ndarray:
        """Boolean mask of the candidates that share a word with ``[a, b)``."""
        return (self.starts < b) & (self.ends > a)


@runtime_checkable
class CandidateExtractor(Protocol):
    def extract(self, pair: SentencePair, alignment: Alignment) -> Sequence[Candidate]:
        """Candidate spans of ``pair.tgt``, sorted by ``(start, end)``."""
        ...


# ------------------------------------------------------------------ n-grams


@lru_cache(maxsize=512)
def _ngram_candidates(m: int, max_len: int, min_len: int) -> "Candidates":
    """All ``(a, b)`` with ``min_len <= b - a <= max_len`` in ``(a, b)`` order (cached by shape)."""
    lens = np.arange(min_len, max_len + 1)
    if m <= 0 or lens.size == 0:
        return Candidates(np.zeros(0, np.int64), np.zeros(0, np.int64))
    a = np.repeat(np.arange(m), lens.size)
    b = a + np.tile(lens, m)
    keep = b <= m
    return Candidates(a[keep], b[keep])


@lru_cache(maxsize=4096)
def _ngram_count(m: int, max_len: int, min_len: int) -> int:
    if max_len < min_len or m < min_len:
        return 0
    return sum(max(0, m - length + 1) for length in range(min_len, max_len + 1))


def _aligned_ngrams(m: int, max_len: int, min_len: int, aligned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The n-grams that contain at least one word of ``aligned`` (a boolean mask over T)."""
    idx = np.flatnonzero(aligned)
    if idx.size == 0:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    # for each start a, the first aligned word at or after a; the span must reach past it
    nxt = np.full(m + 1, m, dtype=np.int64)
    nxt[idx] = idx
    nxt = np.minimum.accumulate(nxt[::-1])[::-1]
    starts, ends = [], []
    for a in range(m):
        lo = max(a + min_len, nxt[a] + 1)
        hi = min(a + max_len, m)
        if lo <= hi:
            starts.append(np.full(hi - lo + 1, a, dtype=np.int64))
            ends.append(np.arange(lo, hi + 1, dtype=np.int64))
    if not starts:
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    return np.concatenate(starts), np.concatenate(ends)


def _aligned_end_ngrams(max_len: int, min_len: int, aligned: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The n-grams whose first and last words are both in ``aligned``."""
    idx = np.flatnonzero(aligned)
    i, j = np.triu_indices(idx.size)
    starts, ends = idx[i], idx[j] + 1
    length = ends - starts
    keep = (length >= min_len) & (length <= max_len)
    starts, ends = starts[keep], ends[keep]
    order = np.lexsort((ends, starts))
    return starts[order].astype(np.int64), ends[order].astype(np.int64)


def _drop_stops(starts: np.ndarray, ends: np.ndarray, words: Sequence[str], stop) -> tuple[np.ndarray, np.ndarray]:
    stops = [i for i, w in enumerate(words) if w in stop]
    if not stops:
        return starts, ends
    m = len(words)
    mark = np.zeros(m + 1, dtype=np.int64)
    mark[1:] = np.cumsum(np.isin(np.arange(m), stops))
    keep = mark[ends] - mark[starts] == 0
    return starts[keep], ends[keep]


def aligned_mask(pair: SentencePair, alignment: Alignment) -> np.ndarray:
    """Target words linked to a word of some source entity."""
    m = len(pair.tgt.words)
    mask = np.zeros(m, dtype=bool)
    ents = pair.src.spans
    for link in alignment.links:
        if link.tgt < m and any(e.start <= link.src < e.end for e in ents):
            mask[link.tgt] = True
    return mask


class NgramExtractor:
    """Every n-gram of T with ``min_len <= length <= max_len`` and no stop token (method §5.1).

    ``max_len=None`` is unbounded (the paper's setting): ``m(m+1)/2`` spans. ``restrict`` bounds
    the work on long sentences (words "aligned" = linked to a word of some entity):

    * ``"aligned"``: n-grams containing an aligned word — exactly those whose alignment score can
      be > 0 for some entity; still O(m²) in the worst case;
    * ``"aligned_ends"``: n-grams that start and end on aligned words, at most ``k(k+1)/2`` for
      ``k`` aligned words. Every other span with a non-zero alignment score is strictly beaten by
      a sub-span for every entity, so alignment-only matching (greedy or exact) picks the same
      spans; only runner-up scores can differ. Not for orthographic or model scores;
    * ``"auto"`` (default): ``auto_mode`` (``aligned`` unless told otherwise) when the full set
      would exceed :data:`AUTO_RESTRICT_ABOVE` spans, otherwise ``none``.

    Memory is two int64 arrays, 16 bytes per candidate.
    """

    name = "ngram"

    def __init__(self, max_len: int | None = 10, min_len: int = 1, stop_tokens: Iterable[str] = DEFAULT_STOP_TOKENS,
                 restrict: str = "auto", auto_mode: str = "aligned") -> None:
        if max_len is not None and max_len < 1:
            raise ConfigError("max_len", max_len, hint="use a positive integer or None for unbounded")
        if min_len < 1:
            raise ConfigError("min_len", min_len, hint="use a positive integer")
        if restrict not in RESTRICT:
            raise ConfigError("candidate restriction", restrict, RESTRICT)
        if auto_mode not in ("aligned", "aligned_ends"):
            raise ConfigError("automatic candidate restriction", auto_mode, ("aligned", "aligned_ends"))
        self.max_len, self.min_len, self.restrict, self.auto_mode = max_len, min_len, restrict, auto_mode
        self.stop_tokens = frozenset(stop_tokens)

    def extract(self, pair: SentencePair, alignment: Alignment) -> Candidates:
        words = pair.tgt.words
        m = len(words)
        max_len = m if self.max_len is None else min(self.max_len, m)
        restrict = self.restrict
        if restrict == "auto":
            restrict = self.auto_mode if _ngram_count(m, max_len, self.min_len) > AUTO_RESTRICT_ABOVE else "none"
        if restrict == "aligned_ends":
            starts, ends = _aligned_end_ngrams(max_len, self.min_len, aligned_mask(pair, alignment))
        elif restrict == "aligned":
            starts, ends = _aligned_ngrams(m, max_len, self.min_len, aligned_mask(pair, alignment))
        else:
            full = _ngram_candidates(m, max_len, self.min_len)
            if not self.stop_tokens or self.stop_tokens.isdisjoint(words):
                return full  # shared, read-only
            starts, ends = full.starts, full.ends
        if self.stop_tokens and not self.stop_tokens.isdisjoint(words):
            starts, ends = _drop_stops(starts, ends, words, self.stop_tokens)
        return Candidates(starts, ends)


class AlignedWindowExtractor:
    """n-grams inside ``[lo, hi+1)`` of each entity's aligned words, united over entities (§5.2).

    Keeps an optimal solution for the alignment score alone with a ``<=``/``<`` constraint.
    """

    name = "aligned_window"

    def __init__(self, max_len: int | None = 10, min_len: int = 1, stop_tokens: Iterable[str] = DEFAULT_STOP_TOKENS) -> None:
        self.ngram = NgramExtractor(max_len, min_len, stop_tokens, restrict="none")

    def extract(self, pair: SentencePair, alignment: Alignment) -> Candidates:
        m = len(pair.tgt.words)
        keep: set[tuple[int, int]] = set()
        max_len = self.ngram.max_len or m
        for e in pair.src.spans:
            u = alignment.targets_of(e.start, e.end)
            u = [t for t in u if t < m]
            if not u:
                continue
            lo, hi = u[0], u[-1] + 1
            for a in range(lo, hi):
                for b in range(a + self.ngram.min_len, min(a + max_len, hi) + 1):
                    keep.add((a, b))
        if not keep:
            return Candidates.of(())
        cands = Candidates.build(keep)
        return Candidates(*_drop_stops(cands.starts, cands.ends, pair.tgt.words, self.ngram.stop_tokens))


SpanSource = Mapping[str, Iterable[Span | Candidate]] | Callable[[SentencePair], Iterable[Span | Candidate]]


class SpanListExtractor:
    """Spans predicted by a model on T, labels dropped (method §5.3).

    ``source`` is a dict ``pair_id -> spans`` or a callable ``pair -> spans`` (the NER backends
    fill it). ``subranges=True`` adds every sub-span of each predicted span (``extract_subranges``).
    A pair missing from the dict has no candidates.
    """

    name = "ner"

    def __init__(self, source: SpanSource, subranges: bool = False) -> None:
        self.source, self.subranges = source, subranges

    def extract(self, pair: SentencePair, alignment: Alignment) -> Candidates:
        if callable(self.source):
            spans = self.source(pair)
        else:
            spans = self.source.get(pair.id, ())
        m = len(pair.tgt.words)
        out: set[tuple[int, int]] = set()
        for s in spans or ():
            if s.end > m:
                raise ValueError(f"pair {pair.id!r}: predicted span [{s.start}, {s.end}) beyond {m} target words")
            if self.subranges:
                out.update((a, b) for a in range(s.start, s.end) for b in range(a + 1, s.end + 1))
            else:
                out.add((s.start, s.end))
        return Candidates.build(out)


class UnionExtractor:
    """The de-duplicated, sorted union of several extractors (e.g. ``ngram ∪ ner``)."""

    name = "union"

    def __init__(self, extractors: Sequence[CandidateExtractor]) -> None:
        self.extractors = tuple(extractors)

    def extract(self, pair: SentencePair, alignment: Alignment) -> Candidates:
        parts = [Candidates.of(x.extract(pair, alignment)) for x in self.extractors]
        parts = [p for p in parts if len(p)]
        if not parts:
            return Candidates.of(())
        return Candidates.build(Candidates(np.concatenate([p.starts for p in parts]), np.concatenate([p.ends for p in parts])))


# ------------------------------------------------------------------ registry


@register("candidates", "ngram")
def _build_ngram(arg: str | None = None, **options) -> NgramExtractor:
    if arg:
        options.setdefault("max_len", None if arg in ("none", "inf", "all") else int(arg))
    return NgramExtractor(**options)


@register("candidates", "aligned_window")
def _build_window(arg: str | None = None, **options) -> AlignedWindowExtractor:
    if arg:
        options.setdefault("max_len", None if arg in ("none", "inf", "all") else int(arg))
    options.pop("restrict", None)
    return AlignedWindowExtractor(**options)


@register("candidates", "ner")
def _build_ner(arg: str | None = None, *, spans: SpanSource | None = None, subranges: bool = False, **_) -> SpanListExtractor:
    if spans is None:
        raise ConfigError("candidate source", "ner", hint="NER candidates need predicted target spans (candidate_spans=...)")
    return SpanListExtractor(spans, subranges=subranges)


@register("candidates", "given")
def _build_given(arg: str | None = None, *, spans: SpanSource | None = None, subranges: bool = False, **_) -> SpanListExtractor:
    if spans is None:
        raise ConfigError("candidate source", "given", hint="given candidates need a span list (candidate_spans=...)")
    x = SpanListExtractor(spans, subranges=subranges)
    x.name = "given"
    return x
