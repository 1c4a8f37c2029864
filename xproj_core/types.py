"""The data model shared by every stage: sentences, spans, links, candidates, projections.

Conventions (see docs/ARCHITECTURE.md):

* Word indices are 0-based; spans are half-open ``[start, end)`` over *words*.
* A :class:`Link` ``(src, tgt)`` always indexes the *labelled* side first.
* Character offsets are Python code-point offsets into :attr:`Sentence.text`.
* Everything is frozen, so objects can be cached, hashed and shared between threads;
  edit with :func:`dataclasses.replace`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A labelled word span ``[start, end)``. ``label`` is the bare type (``PER``), no prefix."""

    start: int
    end: int
    label: str = ""

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"invalid span [{self.start}, {self.end}): need 0 <= start < end")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span | Candidate") -> bool:
        return self.start < other.end and other.start < self.end

    def with_label(self, label: str) -> "Span":
        return Span(self.start, self.end, label)


@dataclass(frozen=True, slots=True, order=True)
class Candidate:
    """An unlabelled target span ``[start, end)``. Lists of candidates are sorted by (start, end)."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if not (0 <= self.start < self.end):
            raise ValueError(f"invalid candidate [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def overlaps(self, other: "Span | Candidate") -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True, order=True)
class Link:
    """One alignment link: word ``src`` of the labelled side ↔ word ``tgt`` of the other side.

    ``score`` is the aligner's confidence in [0, 1] (1.0 when the backend gives none);
    projection algorithms ignore it, the UI colours links by it.
    """

    src: int
    tgt: int
    score: float = field(default=1.0, compare=False)


@dataclass(frozen=True, slots=True)
class Alignment:
    """A set of links, sorted by (src, tgt) and unique."""

    links: tuple[Link, ...] = ()

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[int, int]] | Iterable[Link], scores: dict | None = None) -> "Alignment":
        best: dict[tuple[int, int], Link] = {}
        for p in pairs:
            link = p if isinstance(p, Link) else Link(int(p[0]), int(p[1]), 1.0 if scores is None else float(scores.get((p[0], p[1]), 1.0)))
            key = (link.src, link.tgt)
            if key not in best or link.score > best[key].score:
                best[key] = link
        return cls(tuple(best[k] for k in sorted(best)))

    def pairs(self) -> set[tuple[int, int]]:
        return {(l.src, l.tgt) for l in self.links}

    def targets_of(self, start: int, end: int) -> list[int]:
        """Sorted distinct target indices linked to source words ``start … end-1`` (U(e) of method §4)."""
        return sorted({l.tgt for l in self.links if start <= l.src < end})

    def __len__(self) -> int:
        return len(self.links)

    def __iter__(self):
        return iter(self.links)


@dataclass(frozen=True, slots=True)
class GoldAlignment:
    """Gold word alignment of one sentence: 0-based ``(src, tgt)`` pairs, ``possible ⊇ sure`` (method §9.4)."""

    sure: frozenset[tuple[int, int]] = frozenset()
    possible: frozenset[tuple[int, int]] = frozenset()

    def __post_init__(self) -> None:
        if not self.sure <= self.possible:
            object.__setattr__(self, "possible", frozenset(self.possible | self.sure))


@dataclass(frozen=True, slots=True)
class Sentence:
    """Words of one sentence, its spans (gold or predicted) and the text they come from.

    ``text`` defaults to the words joined by single spaces; ``offsets`` gives each word's
    ``(char_start, char_end)`` in ``text``.
    """

    words: tuple[str, ...]
    spans: tuple[Span, ...] = ()
    id: str = ""
    text: str | None = None
    lang: str = ""

    def __post_init__(self) -> None:
        n = len(self.words)
        for s in self.spans:
            if s.end > n:
                raise ValueError(f"span [{s.start}, {s.end}) beyond sentence of {n} words")

    @classmethod
    def from_words(cls, words: Sequence[str], spans: Iterable[Span] = (), **kw) -> "Sentence":
        return cls(tuple(words), tuple(sorted(spans)), **kw)

    @property
    def surface(self) -> str:
        return self.text if self.text is not None else " ".join(self.words)

    @property
    def offsets(self) -> tuple[tuple[int, int], ...]:
        return word_offsets(self.words, self.surface)

    def span_text(self, span: Span | Candidate) -> str:
        return " ".join(self.words[span.start:span.end])


def word_offsets(words: Sequence[str], text: str) -> tuple[tuple[int, int], ...]:
    """Locate each word in ``text`` left to right; words not found are placed after the last one.

    Code-point offsets (Python ``str`` indices), the convention of spaCy and JSONL consumers.
    """
    out: list[tuple[int, int]] = []
    pos = 0
    for w in words:
        i = text.find(w, pos)
        if i < 0:  # tokenisation changed the word (e.g. quotes): fall back to the cursor
            i = pos
        out.append((i, i + len(w)))
        pos = i + len(w)
    return tuple(out)


@dataclass(frozen=True, slots=True)
class SentencePair:
    """A labelled source sentence and its translation. ``tgt.spans`` holds target gold if any."""

    id: str
    src: Sentence
    tgt: Sentence

    @property
    def entities(self) -> tuple[Span, ...]:
        return self.src.spans


@dataclass(frozen=True, slots=True)
class CandidateScore:
    """Evidence for one (entity, candidate) pair: the score components and the fused value."""

    candidate: Candidate
    links: int
    components: tuple[tuple[str, float], ...]
    score: float

    def component(self, name: str) -> float:
        return dict(self.components).get(name, 0.0)


@dataclass(frozen=True, slots=True)
class EntityEvidence:
    """Why an entity was projected where it was: candidates with scores, winner and runner-up."""

    entity_index: int
    entity: Span
    aligned_targets: tuple[int, ...]
    candidates: tuple[CandidateScore, ...]  # best first, only non-zero scores
    winner: Candidate | None
    winner_score: float
    runner_up: Candidate | None
    runner_up_score: float
    links: tuple[Link, ...] = ()
    note: str = ""  # e.g. "no aligned words", "filtered by length ratio", "lost to overlap"

    @property
    def margin(self) -> float:
        return self.winner_score - self.runner_up_score if self.winner is not None else 0.0


@dataclass(frozen=True, slots=True)
class ProjectedSpan:
    """One output span with the entity it came from and its score."""

    span: Span
    entity_index: int
    score: float = 0.0
    runner_up_score: float = 0.0


@dataclass(frozen=True, slots=True)
class Projection:
    """The result of projecting one sentence pair."""

    pair_id: str
    spans: tuple[ProjectedSpan, ...]
    objective: float = 0.0
    rel_cost: float = 0.0
    evidence: tuple[EntityEvidence, ...] = ()
    method: str = ""

    @property
    def labelled(self) -> tuple[Span, ...]:
        return tuple(sorted(p.span for p in self.spans))
