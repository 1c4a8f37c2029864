"""Translation score: NMTScore "direct", normalised, both directions (method §6.3).

``p(A | B) = 2^(−CE)``, CE the mean natural-log token cross-entropy of force-decoding A (with
A's language token) from B (with B's). ``ŝ(A, B) = p(A|B) / p(A|A)``;
``c_nmt(e, τ) = (ŝ(e, τ) + ŝ(τ, e)) / 2``; values ``<= 0.1`` become 0.

Cost: every distinct ``(B, A)`` is force-decoded once, in batches over all pairs of a sentence.
Self-scores ``p(A|A)`` depend on one phrase and are shared; with an uncached model a sentence
costs ``2·|E|·|C| + |E| + |C|`` passes (at most 4 per pair), and 0 once cached. Probabilities
are kept in memory and, when a cache is given, in a persistent :class:`KVCache` keyed by
``(model, lang_B, lang_A, B, A)``. ``passes`` counts forced-decoding passes actually run.
"""

from __future__ import annotations

import os
from typing import Any, Sequence

import numpy as np

from .errors import ConfigError
from .registry import register
from .types import Alignment, Candidate, SentencePair

Item = tuple[str, str, str, str]  # (B, lang_B, A, lang_A): score A given B


class NMTScorer:
    """A Scorer component (name ``nmt``) over a seq2seq model (NLLB, M2M100, Marian).

    ``model``: a :class:`~xproj_core.translate.hf.Seq2Seq`, or a hub id / local path.
    ``src_lang``/``tgt_lang`` are used when the pair's sentences carry no ``lang``.
    ``both_directions=False`` uses ``ŝ(τ, e)`` only (the candidate forced from the entity).
    """

    name = "nmt"

    def __init__(self, model: Any, *, src_lang: str = "", tgt_lang: str = "", normalize: bool = True,
                 both_directions: bool = True, threshold: float = 0.1, cache: Any = None, batch_size: int = 64,
                 device: str | None = None) -> None:
        from .translate.hf import Seq2Seq

        self.model = model if isinstance(model, Seq2Seq) else Seq2Seq.shared(str(model), device)
        if self.model.family == "marian" and not self.model.lang_tokens and both_directions:
            raise ConfigError("NMT score model", self.model.name, hint="a bilingual OPUS-MT model translates one "
                              "direction only; use NLLB-200 or M2M100, or both_directions=False")
        self.src_lang, self.tgt_lang = src_lang, tgt_lang
        self.normalize, self.both_directions, self.threshold = normalize, both_directions, threshold
        self.batch_size = batch_size
        if cache is not None and not hasattr(cache, "get_many"):
            from .translate.cache import KVCache

            cache = KVCache(cache)
        self.cache = cache
        self._memo: dict[Item, float] = {}
        self.passes = 0

    # -- probabilities -----------------------------------------------------------------------
    def probabilities(self, items: Sequence[Item]) -> list[float]:
        """``p(A | B)`` for each ``(B, lang_B, A, lang_A)``; computes only what no cache holds."""
        todo = [it for it in dict.fromkeys(items) if it not in self._memo]
        if todo and self.cache is not None:
            keys = {(self.model.name, it[1], it[3], it[0], it[2]): it for it in todo}
            for k, v in self.cache.get_many("nmtscore", keys).items():
                self._memo[keys[k]] = float(v)
            todo = [it for it in todo if it not in self._memo]
        if todo:
            ce = self.model.cross_entropy(todo, batch_size=self.batch_size)
            self.passes += len(todo)
            fresh = {it: float(2.0 ** (-c)) for it, c in zip(todo, ce)}
            self._memo.update(fresh)
            if self.cache is not None:
                self.cache.put_many("nmtscore", {(self.model.name, it[1], it[3], it[0], it[2]): p
                                                 for it, p in fresh.items()})
        return [self._memo[it] for it in items]

    def similarity(self, xs: Sequence[str], x_lang: str, ys: Sequence[str], y_lang: str) -> np.ndarray:
        """|xs| × |ys| matrix of ``(ŝ(x, y) + ŝ(y, x)) / 2`` (or one direction / unnormalised)."""
        xs, ys = list(xs), list(ys)
        out = np.zeros((len(xs), len(ys)))
        if not xs or not ys:
            return out
        items: list[Item] = []
        for x in xs:
            for y in ys:
                items.append((x, x_lang, y, y_lang))  # p(y | x)
                if self.both_directions:
                    items.append((y, y_lang, x, x_lang))  # p(x | y)
        if self.normalize:
            items += [(y, y_lang, y, y_lang) for y in ys]
            if self.both_directions:
                items += [(x, x_lang, x, x_lang) for x in xs]
        p = dict(zip(items, self.probabilities(items)))
        for i, x in enumerate(xs):
            for j, y in enumerate(ys):
                s_yx = p[(x, x_lang, y, y_lang)] / (p[(y, y_lang, y, y_lang)] if self.normalize else 1.0)
                if self.both_directions:
                    s_xy = p[(y, y_lang, x, x_lang)] / (p[(x, x_lang, x, x_lang)] if self.normalize else 1.0)
                    out[i, j] = (s_xy + s_yx) / 2.0
                else:
                    out[i, j] = s_yx
        return out

    # -- Scorer protocol -------------------------------------------------------------------------
    def languages(self, pair: SentencePair) -> tuple[str, str]:
        src, tgt = pair.src.lang or self.src_lang, pair.tgt.lang or self.tgt_lang
        if not src or not tgt:
            raise ConfigError("languages for the NMT score", f"{src or '?'}-{tgt or '?'}",
                              hint="set Sentence.lang or pass src_lang/tgt_lang (e.g. en, sw)")
        return src, tgt

    def phrases(self, pair: SentencePair, candidates: Sequence[Candidate]) -> tuple[list[str], list[str]]:
        """Detokenised entity and candidate strings (Treebank; concatenation for ja/th/zh)."""
        from .translate.text import detokenize

        src, tgt = self.languages(pair)
        ents = [detokenize(pair.src.words[e.start:e.end], src) for e in pair.src.spans]
        cands = [detokenize(pair.tgt.words[c.start:c.end], tgt) for c in candidates]
        return ents, cands

    def score(self, pair: SentencePair, alignment: Alignment | None, candidates: Sequence[Candidate]) -> np.ndarray:
        src, tgt = self.languages(pair)
        ents, cands = self.phrases(pair, candidates)
        out = self.similarity(ents, src, cands, tgt)
        out[out <= self.threshold] = 0.0
        return out

    def precompute(self, pairs: Sequence[SentencePair], candidates: Sequence[Sequence[Candidate]]) -> None:
        """Score many sentences in one batched run, so later ``score`` calls hit the cache."""
        items: list[Item] = []
        for pair, cands in zip(pairs, candidates):
            src, tgt = self.languages(pair)
            ents, cs = self.phrases(pair, cands)
            for e in ents:
                for c in cs:
                    items += [(e, src, c, tgt), (c, tgt, e, src)]
            items += [(c, tgt, c, tgt) for c in cs] + [(e, src, e, src) for e in ents]
        self.probabilities(items)


@register("scorer", "nmt")
def build_nmt(arg: str | None = None, **options: Any) -> NMTScorer:
    """``nmt:MODEL`` (hub id or path; default ``facebook/nllb-200-distilled-600M``) or ``model=`` loaded.

    ``cache=`` a directory or :class:`KVCache`; when unset, the persistent cache under
    ``$XPROJ_CACHE`` (``~/.cache/xproj``) is used unless ``persistent=False``.
    """
    model = options.pop("model", None) or arg or "facebook/nllb-200-distilled-600M"
    if options.pop("persistent", True) and options.get("cache") is None:
        from .translate.cache import default_cache_dir

        options["cache"] = os.fspath(default_cache_dir())
    return NMTScorer(model, **options)


__all__ = ["NMTScorer", "build_nmt"]
