"""spaCy pipelines as word-level NER taggers (spec ``spacy:<package or dir>``).

Input stays pre-tokenised: each sentence becomes ``Doc(nlp.vocab, words=words)`` and then runs
through the pipeline, so entity spans index the caller's words. OntoNotes types are mapped to
xproj's (:data:`DEFAULT_LABEL_MAP`, replaceable); types mapped to ``None`` are dropped.
spaCy's NER gives no per-token distribution, so :meth:`SpacyTagger.probabilities` is one-hot.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..errors import BackendUnavailable
from ..registry import register
from ..types import Span

#: OntoNotes (en_core_web_*) → CoNLL-style types; types not listed are kept unchanged.
DEFAULT_LABEL_MAP: dict[str, str | None] = {
    "PERSON": "PER", "PER": "PER",
    "GPE": "LOC", "LOC": "LOC", "FAC": "LOC",
    "ORG": "ORG",
    "NORP": "MISC", "EVENT": "MISC", "WORK_OF_ART": "MISC", "LAW": "MISC", "LANGUAGE": "MISC", "PRODUCT": "MISC",
    "DATE": None, "TIME": None, "PERCENT": None, "MONEY": None, "QUANTITY": None, "ORDINAL": None, "CARDINAL": None,
}


class SpacyTagger:
    """Runs a loaded spaCy ``Language`` over pre-tokenised sentences."""

    def __init__(self, nlp: Any, *, label_map: dict[str, str | None] | None = None, batch_size: int = 64) -> None:
        if isinstance(nlp, str):
            import spacy

            try:
                nlp = spacy.load(nlp)
            except OSError as exc:
                raise BackendUnavailable(f"cannot load spaCy pipeline {nlp!r}: {str(exc).splitlines()[0][:200]} "
                                         "(install it with `python -m spacy download NAME` or pass a directory)") from None
        self.nlp = nlp
        self.label_map = DEFAULT_LABEL_MAP if label_map is None else dict(label_map)
        self.batch_size = batch_size
        self.name = f"spacy:{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')}"
        types = sorted({t for t in map(self._map, self._model_types()) if t})
        self.labels = ("O",) + tuple(f"{p}-{t}" for t in types for p in "BI")

    def _model_types(self) -> set[str]:
        types: set[str] = set()
        for _, pipe in self.nlp.pipeline:
            labels = getattr(pipe, "labels", ())
            if labels and type(pipe).__name__ in ("EntityRecognizer", "EntityRuler", "SpanRuler"):
                types.update(labels)
        return types

    def _map(self, label: str) -> str | None:
        new = self.label_map.get(label, label)
        return None if not new or new == "O" else new

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[Span]]:
        from spacy.tokens import Doc

        docs = [Doc(self.nlp.vocab, words=[str(w) for w in words]) if words else Doc(self.nlp.vocab, words=[])
                for words in sentences]
        out = []
        for doc in self.nlp.pipe(docs, batch_size=self.batch_size):
            spans = []
            for ent in doc.ents:
                label = self._map(ent.label_)
                if label:
                    spans.append(Span(ent.start, ent.end, label))
            out.append(sorted(spans))
        return out

    def probabilities(self, sentences: Sequence[Sequence[str]], temperature: float = 1.0) -> list[np.ndarray]:
        """One-hot IOB2 rows over :attr:`labels` (spaCy has no calibrated per-token scores)."""
        col = {lab: k for k, lab in enumerate(self.labels)}
        out = []
        for words, spans in zip(sentences, self.tag(sentences)):
            p = np.zeros((len(words), len(self.labels)))
            p[:, 0] = 1.0
            for s in spans:
                for w in range(s.start, s.end):
                    k = col.get(f"{'B' if w == s.start else 'I'}-{s.label}")
                    if k is not None:
                        p[w] = 0.0
                        p[w, k] = 1.0
            out.append(p)
        return out


@register("ner", "spacy")
def build(arg: str | None = None, **options: Any) -> SpacyTagger:
    """``spacy:<package name or directory>``; options: label_map, batch_size."""
    if not arg:
        from ..errors import ConfigError

        raise ConfigError("spaCy pipeline", arg, hint="use spacy:<package or dir>, e.g. spacy:en_core_web_sm")
    return SpacyTagger(arg, **options)
