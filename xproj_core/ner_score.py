"""NER-probability score of method §6.2 (thesis): how much a target NER model believes in τ.

For candidate ``τ = (a, b)`` and class ℓ, ``mean_ℓ = (p[a][B-ℓ] + Σ_{a<k<b} p[k][I-ℓ]) / (b − a)``;
the class ℓ* whose ``B-`` is the argmax at ``a`` with ``I-ℓ*`` the argmax on every later word
gets ``mean_ℓ* · α^(b−a−1)`` (a complete predicted entity beats its prefix). ``per_class``
scores ``mean_{ℓ(e)}``; ``spans`` scores ``max_ℓ mean_ℓ`` for every entity. Values ``≤ threshold``
become 0. Vectorised over candidates with cumulative sums.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import numpy as np

from .errors import ConfigError
from .ner import class_columns
from .registry import register
from .types import Candidate, SentencePair, Span

MODES = ("per_class", "spans")


def class_means(probs: np.ndarray, labels: Sequence[str], candidates: Sequence[Candidate], *,
                alpha: float = 1.15, labels_to_ignore: Sequence[str] = (),
                inside_for_begin: bool = False) -> tuple[tuple[str, ...], np.ndarray]:
    """``(classes, M)`` with ``M[c, k]`` = bonus-weighted ``mean_ℓk`` of candidate c (steps 2–4)."""
    cols = class_columns(labels, inside_for_begin=inside_for_begin)
    classes = tuple(t for t in cols if t not in set(labels_to_ignore))
    n_words = probs.shape[0]
    if not classes or not len(candidates):
        return classes, np.zeros((len(candidates), len(classes)))
    begin = np.stack([probs[:, cols[t][0]].sum(axis=1) for t in classes], axis=1)   # words × K
    inside = np.stack([probs[:, cols[t][1]].sum(axis=1) for t in classes], axis=1)  # words × K
    if hasattr(candidates, "starts"):  # candidates.Candidates keeps the arrays
        a, b = np.asarray(candidates.starts), np.asarray(candidates.ends)
    else:
        a = np.fromiter((c.start for c in candidates), dtype=np.int64, count=len(candidates))
        b = np.fromiter((c.end for c in candidates), dtype=np.int64, count=len(candidates))
    if b.max(initial=0) > n_words:
        raise ValueError(f"candidate beyond sentence of {n_words} words")
    cum = np.vstack([np.zeros((1, len(classes))), np.cumsum(inside, axis=0)])  # cum[k] = Σ_{w<k}
    length = (b - a).astype(float)
    means = (begin[a] + cum[b] - cum[np.minimum(a + 1, b)]) / length[:, None]

    # Length bonus: argmax label of word a begins class ℓ*, argmax of every later word continues it.
    top = probs.argmax(axis=1)
    index = {t: k for k, t in enumerate(classes)}
    begin_cls = np.full(n_words, -1)
    inside_cls = np.full(n_words, -1)
    for t, (bcols, icols) in cols.items():
        if t not in index:
            continue
        begin_cls[np.isin(top, bcols)] = index[t]
        inside_cls[np.isin(top, icols)] = index[t]
    # run_end[w]: first index > w where inside_cls changes (n_words at the end)
    bounds = np.r_[np.flatnonzero(inside_cls[1:] != inside_cls[:-1]) + 1, n_words]
    run_end = bounds[np.searchsorted(bounds, np.arange(n_words), side="right")]
    star = begin_cls[a]
    nxt = np.minimum(a + 1, n_words - 1)
    cont = (b == a + 1) | ((inside_cls[nxt] == star) & (run_end[nxt] >= b))
    bonus = (star >= 0) & cont
    rows = np.flatnonzero(bonus)
    means[rows, star[rows]] *= alpha ** (length[rows] - 1)
    return classes, means


def ner_scores(probs: np.ndarray, labels: Sequence[str], entities: Sequence[Span], candidates: Sequence[Candidate], *,
               mode: str = "per_class", alpha: float = 1.15, threshold: float = 0.05,
               labels_to_ignore: Sequence[str] = (), inside_for_begin: bool = False) -> np.ndarray:
    """The |E|×|C| NER-probability score matrix of one sentence, thresholded (``score > threshold``)."""
    if mode not in MODES:
        raise ConfigError("NER score mode", mode, MODES)
    classes, means = class_means(probs, labels, candidates, alpha=alpha, labels_to_ignore=labels_to_ignore,
                                 inside_for_begin=inside_for_begin)
    out = np.zeros((len(entities), len(candidates)))
    if not len(candidates) or not classes:
        return out
    if mode == "spans":
        out[:] = means.max(axis=1)[None, :]
    else:
        index = {t: k for k, t in enumerate(classes)}
        for e, ent in enumerate(entities):
            k = index.get(ent.label)
            if k is not None:
                out[e] = means[:, k]
    out[out <= threshold] = 0.0
    return out


class NerScorer:
    """Scorer component (``ner`` = per class, ``ner_spans`` = class-agnostic) for the score fusion.

    Probabilities come from ``tagger.probabilities`` on the target words, cached per sentence;
    call :meth:`precompute` with the whole corpus first to batch the model calls. ``probabilities``
    may also be given directly, keyed by the tuple of target words.
    """

    def __init__(self, tagger: Any = None, *, mode: str = "per_class", alpha: float = 1.15, threshold: float = 0.05,
                 temperature: float = 1.0, labels_to_ignore: Sequence[str] = (), inside_for_begin: bool = False,
                 labels: Sequence[str] | None = None,
                 probabilities: Mapping[tuple[str, ...], np.ndarray] | None = None) -> None:
        if mode not in MODES:
            raise ConfigError("NER score mode", mode, MODES)
        if not temperature > 0:
            raise ConfigError("NER temperature", temperature, hint="must be > 0")
        if tagger is None and (labels is None or probabilities is None):
            raise ConfigError("NER scorer", None, hint="give a tagger, or labels and probabilities")
        self.tagger, self.mode, self.alpha, self.threshold = tagger, mode, alpha, threshold
        self.temperature, self.labels_to_ignore = temperature, tuple(labels_to_ignore)
        self.inside_for_begin = inside_for_begin
        self.labels = tuple(labels if labels is not None else tagger.labels)
        self._cache: dict[tuple[str, ...], np.ndarray] = dict(probabilities or {})
        self.name = "ner" if mode == "per_class" else "ner_spans"

    def precompute(self, sentences: Sequence[Sequence[str]]) -> None:
        """Run the tagger once over every not-yet-cached sentence."""
        todo = list(dict.fromkeys(tuple(s) for s in sentences if tuple(s) not in self._cache))
        if todo and self.tagger is not None:
            for words, p in zip(todo, self.tagger.probabilities(todo, temperature=self.temperature)):
                self._cache[words] = p

    def probabilities(self, words: Sequence[str]) -> np.ndarray:
        key = tuple(words)
        if key not in self._cache:
            if self.tagger is None:
                raise ConfigError("NER probabilities for sentence", " ".join(key)[:60], hint="not precomputed")
            self.precompute([key])
        return self._cache[key]

    def score(self, pair: SentencePair, alignment: Any, candidates: Sequence[Candidate]) -> np.ndarray:
        return ner_scores(self.probabilities(pair.tgt.words), self.labels, pair.src.spans, candidates,
                          mode=self.mode, alpha=self.alpha, threshold=self.threshold,
                          labels_to_ignore=self.labels_to_ignore, inside_for_begin=self.inside_for_begin)


_TAGGERS: dict[str, Any] = {}  # ner spec -> tagger, so ``ner:X`` and ``ner_spans:X`` load X once


def _flag(value: str) -> bool:
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off", ""):
        return False
    raise ValueError(value)


_SPEC_OPTIONS = {"alpha": float, "threshold": float, "temperature": float, "inside_for_begin": _flag,
                 "labels_to_ignore": lambda v: tuple(x for x in v.split(",") if x)}


def parse_spec(arg: str | None) -> tuple[str | None, dict[str, Any]]:
    """``hf:DIR?labels_to_ignore=MISC&temperature=2`` → ``("hf:DIR", {...})`` (options of :class:`NerScorer`)."""
    from urllib.parse import parse_qsl

    if not arg:
        return None, {}
    spec, _, query = arg.partition("?")
    options: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in _SPEC_OPTIONS:
            raise ConfigError("NER score option", key, tuple(_SPEC_OPTIONS))
        try:
            options[key] = _SPEC_OPTIONS[key](value)
        except ValueError:
            raise ConfigError(f"NER score {key}", value) from None
    return spec or None, options


def _build(mode: str, arg: str | None, options: dict[str, Any]) -> NerScorer:
    arg, spec_options = parse_spec(arg)
    options = {**spec_options, **options}
    tagger = options.pop("tagger", None)
    if tagger is None and arg:
        from .registry import resolve

        tagger_options = options.pop("tagger_options", None)
        if tagger_options:
            tagger = resolve("ner", arg, **tagger_options)
        else:
            tagger = _TAGGERS.get(arg) or _TAGGERS.setdefault(arg, resolve("ner", arg))
    return NerScorer(tagger, mode=mode, **options)


@register("scorer", "ner")
def build_ner(arg: str | None = None, **options: Any) -> NerScorer:
    """``ner:<ner spec>[?labels_to_ignore=MISC&temperature=1&alpha=1.15&inside_for_begin=0]``
    (e.g. ``ner:hf:DIR``), or ``tagger=`` a built tagger; per-class mode. Keywords beat the spec."""
    return _build("per_class", arg, options)


@register("scorer", "ner_spans")
def build_ner_spans(arg: str | None = None, **options: Any) -> NerScorer:
    """``ner_spans:<ner spec>``: the class-agnostic "is this a span?" mode."""
    return _build("spans", arg, options)


__all__ = ["MODES", "NerScorer", "class_means", "ner_scores", "parse_spec"]
