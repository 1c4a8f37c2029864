"""NER taggers behind one protocol, and helpers that turn their output into projection inputs.

A tagger labels pre-tokenised sentences (one label per *word*). It serves the source NER of
translate-test (§2.2), NER candidates on the target (§5.3), the NER-probability score (§6.2,
:mod:`xproj_core.ner_score`) and the model-transfer baseline (§2.4). Backends: ``hf:<hub id or
dir>`` (:mod:`.hf`) and ``spacy:<package or dir>`` (:mod:`.spacy`), built with
``registry.resolve("ner", spec)``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Iterable, Protocol, Sequence, runtime_checkable

import numpy as np

from ..tags import split_tag
from ..types import Candidate, Sentence, SentencePair, Span

Words = Sequence[str]


@runtime_checkable
class NerTagger(Protocol):
    name: str
    labels: tuple[str, ...]  # column order of probabilities(): "O", "B-PER", "I-PER", …

    def tag(self, sentences: Sequence[Words]) -> list[list[Span]]:
        """Entity spans per sentence (IOB2 rule of method §3, labels mapped to xproj types)."""
        ...

    def probabilities(self, sentences: Sequence[Words], temperature: float = 1.0) -> list[np.ndarray]:
        """Per sentence a (words × labels) array of per-word label distributions."""
        ...


def split_label(label: str) -> tuple[str, str]:
    """``B-PER`` → ``("B", "PER")``; ``O`` → ``("O", "")``; a bare type (IO scheme) → ``("I", type)``."""
    try:
        return split_tag(label)
    except ValueError:
        return "I", label


def class_columns(labels: Sequence[str], *, inside_for_begin: bool = False) -> dict[str, tuple[list[int], list[int]]]:
    """Per class, the label columns that mean "begins" and "continues" a span (method §6.2 step 2).

    ``B``/``S`` begin, ``I``/``E`` continue (BIOES mass is summed). A class with only one of the
    two sets uses it for both (IOB1 checkpoints lacking ``B-PER``); ``inside_for_begin`` uses the
    inside columns in both positions, as the thesis flag does.
    """
    cols: dict[str, tuple[list[int], list[int]]] = {}
    for k, lab in enumerate(labels):
        prefix, typ = split_label(lab)
        if prefix == "O":
            continue
        begin, inside = cols.setdefault(typ, ([], []))
        (begin if prefix in ("B", "S") else inside).append(k)
    out = {}
    for typ, (begin, inside) in cols.items():
        if not begin or (inside_for_begin and inside):
            begin = inside
        if not inside:
            inside = begin
        out[typ] = (begin, inside)
    return out


def tags_from_probabilities(probs: np.ndarray, labels: Sequence[str]) -> list[str]:
    """Argmax label per word as a tag; bare types become ``I-type`` so IO runs merge."""
    tags = []
    for k in probs.argmax(axis=1) if len(probs) else []:
        prefix, typ = split_label(labels[int(k)])
        tags.append("O" if prefix == "O" else f"{prefix}-{typ}")
    return tags


def annotate(tagger: NerTagger, sentences: Sequence[Sentence]) -> list[Sentence]:
    """Copies of ``sentences`` whose ``spans`` are the tagger's predictions (model transfer, source NER)."""
    predicted = tagger.tag([s.words for s in sentences])
    return [replace(s, spans=tuple(sorted(p))) for s, p in zip(sentences, predicted)]


def spans_to_candidates(spans: Iterable[Span], *, subranges: bool = False) -> tuple[Candidate, ...]:
    """Unlabelled, de-duplicated, sorted candidates; ``subranges`` adds every sub-span (§5.3 step 3)."""
    out = set()
    for s in spans:
        if subranges:
            out.update(Candidate(a, b) for a in range(s.start, s.end) for b in range(a + 1, s.end + 1))
        else:
            out.add(Candidate(s.start, s.end))
    return tuple(sorted(out))


def span_source(tagger: NerTagger, pairs: Sequence[SentencePair]) -> dict[str, tuple[Span, ...]]:
    """Tag every pair's target words in one batched call: ``pair_id -> spans``.

    This is the ``candidate_spans`` / ``SpanListExtractor`` source of NER candidates (§5.3; the
    extractor drops the labels). The labelled spans double as the model-transfer baseline (§2.4).
    """
    predicted = tagger.tag([p.tgt.words for p in pairs])
    return {p.id: tuple(sorted(spans)) for p, spans in zip(pairs, predicted)}


def ner_candidates(tagger: NerTagger, sentences: Sequence[Words], *, subranges: bool = False) -> list[tuple[Candidate, ...]]:
    """NER candidates of method §5.3 for each target sentence: predicted spans, labels discarded.

    For a pipeline run, :func:`span_source` gives the ``pair_id`` dict the extractor takes.
    """
    return [spans_to_candidates(p, subranges=subranges) for p in tagger.tag(sentences)]
