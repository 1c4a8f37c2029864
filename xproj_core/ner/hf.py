"""Hugging Face token-classification models as word-level NER taggers (spec ``hf:<hub id or dir>``).

Each word takes the output of its **first sub-token** (method §2.2 step 5). Tag sequences are
read with the conlleval repair of :func:`~xproj_core.tags.spans_from_tags`, so IOB1-style
checkpoints (e.g. ``xlm-roberta-large-finetuned-conll03-english``, which has no ``B-PER``)
give the right spans. ``label_map`` renames model types (``PERSON`` → ``PER``) or drops them
(→ ``None``); it applies to :attr:`labels` as well, so scores see xproj types.
"""

from __future__ import annotations

import re
from typing import Any, Sequence

import numpy as np

from .. import hf_encode
from ..errors import BackendUnavailable
from ..registry import register
from ..tags import map_labels, spans_from_tags
from ..types import Span
from . import split_label, tags_from_probabilities


def _rename(label: str, label_map: dict[str, str | None]) -> str:
    prefix, typ = split_label(label)
    if prefix == "O":
        return "O"
    new = label_map.get(typ, typ)
    return "O" if not new or new == "O" else f"{prefix}-{new}"


class HfTagger:
    """A token-classification model run word by word. Thread-safe for inference; never mutated."""

    def __init__(self, model: Any, *, tokenizer: Any = None, device: str = "auto", batch_size: int = 16,
                 label_map: dict[str, str | None] | None = None, window: int | None = None) -> None:
        self.model, self.tokenizer, self.device = hf_encode.load(model, task="token-classification",
                                                                 tokenizer=tokenizer, device=device)
        id2label = {int(k): v for k, v in self.model.config.id2label.items()}
        raw = tuple(id2label[k] for k in range(len(id2label)))
        if all(re.fullmatch(r"LABEL_\d+", lab) for lab in raw):
            raise BackendUnavailable(f"model {model!r} has no label names in config.id2label "
                                     "(is it a token-classification checkpoint?)")
        self.label_map = dict(label_map or {})
        self.model_labels = raw
        self.labels = tuple(_rename(lab, self.label_map) for lab in raw)
        self.batch_size, self.window = batch_size, window
        self.name = f"hf:{model if isinstance(model, str) else type(self.model).__name__}"

    def logits(self, sentences: Sequence[Sequence[str]]) -> list[np.ndarray]:
        """Per sentence a (words × labels) array: each word's first-sub-token logits.

        A word with no sub-token (e.g. a lone control character) gets logits favouring ``O``.
        """
        enc = hf_encode.encode_words(self.tokenizer, sentences)
        raw = hf_encode.run(self.model, self.tokenizer, enc, output="logits", batch_size=self.batch_size,
                            device=self.device, window=self.window)
        n_labels = len(self.labels)
        filler = np.zeros(n_labels, dtype=np.float32)
        if "O" in self.model_labels:
            filler[self.model_labels.index("O")] = 30.0
        out = []
        for words, e, lg in zip(sentences, enc, raw):
            rows = np.tile(filler, (len(words), 1))
            if len(e.word_of):
                first = np.flatnonzero(np.r_[True, e.word_of[1:] != e.word_of[:-1]])
                rows[e.word_of[first]] = lg[first]
            out.append(rows)
        return out

    def probabilities(self, sentences: Sequence[Sequence[str]], temperature: float = 1.0) -> list[np.ndarray]:
        """Softmax of ``logits / temperature`` per word (method §6.2 step 1)."""
        if not temperature > 0:
            from ..errors import ConfigError

            raise ConfigError("NER temperature", temperature, hint="must be > 0")
        out = []
        for lg in self.logits(sentences):
            z = lg / float(temperature)
            z = np.exp(z - z.max(axis=1, keepdims=True)) if len(z) else z
            out.append(z / z.sum(axis=1, keepdims=True) if len(z) else z)
        return out

    def tag(self, sentences: Sequence[Sequence[str]]) -> list[list[Span]]:
        out = []
        for lg in self.logits(sentences):
            spans = spans_from_tags(tags_from_probabilities(lg, self.model_labels))
            out.append(list(map_labels(spans, self.label_map)))
        return out


@register("ner", "hf")
def build(arg: str | None = None, **options: Any) -> HfTagger:
    """``hf:<hub id or local dir>``; options: device, batch_size, label_map, window."""
    if not arg:
        from ..errors import ConfigError

        raise ConfigError("NER model", arg, hint="use hf:<hub id or local dir>, e.g. "
                          "hf:FacebookAI/xlm-roberta-large-finetuned-conll03-english")
    return HfTagger(arg, **options)
