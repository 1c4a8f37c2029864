"""SimAlign: word alignment from multilingual embeddings, no training (Jalili Sabet et al., 2020).

Our own implementation of the method of cisnlp/simalign (MIT): cosine similarity of the
sub-token (``bpe``) or word-averaged (``word``) hidden states of one layer, then a matching
method — ``inter`` (argmax in both directions), ``itermax`` (inter, then one more round on the
still-unaligned rows/columns), ``mwmf`` (maximum-weight bipartite matching, solved with
``scipy.optimize.linear_sum_assignment`` instead of networkx) — plus ``fwd``/``rev``.
Any model works: a hub id, a local directory or a loaded ``(model, tokenizer)``. Each link's
score is the similarity ``(cos + 1) / 2`` of its best sub-token pair.

Spec: ``simalign:<hub id or local dir>[?layer=8&method=itermax&token_type=bpe]`` (default model
``bert-base-multilingual-cased``, shortcuts ``bert``, ``xlmr``; defaults are the paper's: layer 8,
``bpe``, IterMax). torch/transformers load only when the aligner is built.
"""

from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from ..errors import ConfigError
from ..registry import register
from ..types import Alignment, Link
from . import Progress, WordPair

METHODS = ("itermax", "inter", "mwmf", "fwd", "rev")
LETTERS = {"a": "inter", "i": "itermax", "m": "mwmf", "f": "fwd", "r": "rev"}
SHORTCUTS = {"bert": "bert-base-multilingual-cased", "xlmr": "xlm-roberta-base"}
DEFAULT_MODEL = "bert-base-multilingual-cased"


# --- matching methods on a similarity matrix (rows = labelled side) -------------------------

def similarity(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """``(cos(x_i, y_j) + 1) / 2`` for every row pair, in [0, 1]."""
    xn = x / np.maximum(np.linalg.norm(x, axis=1, keepdims=True), 1e-12)
    yn = y / np.maximum(np.linalg.norm(y, axis=1, keepdims=True), 1e-12)
    # float32 rounding can push a cosine just past ±1; keep the documented range
    return np.clip((xn @ yn.T + 1.0) / 2.0, 0.0, 1.0)


def distort(sim: np.ndarray, ratio: float) -> np.ndarray:
    """Penalise links far from the diagonal: ``sim · (1 − ratio · (i/(m−1) − j/(n−1))²)``."""
    m, n = sim.shape
    if ratio == 0.0 or m < 2 or n < 2:
        return sim
    gap = np.arange(m)[:, None] / (m - 1) - np.arange(n)[None, :] / (n - 1)
    return sim * (1.0 - ratio * gap**2)


def forward(sim: np.ndarray) -> np.ndarray:
    """Each row's argmax (first index on ties), as a boolean matrix."""
    out = np.zeros(sim.shape, dtype=bool)
    if sim.size:
        out[np.arange(sim.shape[0]), sim.argmax(axis=1)] = True
    return out


def reverse(sim: np.ndarray) -> np.ndarray:
    """Each column's argmax, as a boolean matrix."""
    return forward(sim.T).T


def intersect(sim: np.ndarray) -> np.ndarray:
    """``inter``: links that are the argmax of both their row and their column."""
    return forward(sim) & reverse(sim)


def itermax(sim: np.ndarray, rounds: int = 2, alpha: float = 0.9) -> np.ndarray:
    """``itermax``: ``inter``, then rounds over the similarity re-weighted towards unaligned words.

    A cell whose row and column are both aligned is excluded; one with exactly one side aligned
    is scaled by ``alpha``; rounds stop early when nothing is added. ``rounds=2`` as in SimAlign.
    """
    m, n = sim.shape
    links = intersect(sim)
    if min(m, n) <= 2:
        return links
    for _ in range(rounds - 1):
        free_row = ~links.any(axis=1)
        free_col = ~links.any(axis=0)
        if not free_row.any() or not free_col.any():
            break
        either = free_row[:, None] | free_col[None, :]
        weight = np.minimum(alpha * free_row[:, None] + alpha * free_col[None, :], 1.0)
        masked = sim * weight
        new = forward(masked) & reverse(masked) & either
        if not (new & ~links).any():
            break
        links |= new
    return links


def max_weight_match(sim: np.ndarray) -> np.ndarray:
    """``mwmf``: the maximum-weight matching of min(m, n) links (SimAlign asks networkx for a
    maximum-cardinality one), solved exactly by ``linear_sum_assignment``."""
    from scipy.optimize import linear_sum_assignment

    out = np.zeros(sim.shape, dtype=bool)
    if sim.size:
        rows, cols = linear_sum_assignment(sim, maximize=True)
        out[rows, cols] = True
    return out


def match(sim: np.ndarray, method: str) -> np.ndarray:
    """Boolean link matrix of ``method`` (one of :data:`METHODS` or its SimAlign letter)."""
    method = LETTERS.get(method, method)
    fn = {"inter": intersect, "itermax": itermax, "mwmf": max_weight_match, "fwd": forward, "rev": reverse}.get(method)
    if fn is None:
        raise ConfigError("SimAlign matching method", method, METHODS)
    return fn(sim)


# --- the aligner -----------------------------------------------------------------------------

class SimAligner:
    """Embedding-similarity aligner; build once, call :meth:`align` on batches of word pairs."""

    def __init__(self, model: Any = DEFAULT_MODEL, *, layer: int = 8, method: str = "itermax",
                 token_type: str = "bpe", distortion: float = 0.0, batch_size: int = 16,
                 device: str = "auto", tokenizer: Any = None, window: int | None = None) -> None:
        from .. import hf_encode

        self.method = LETTERS.get(method, method)
        if self.method not in METHODS:
            raise ConfigError("SimAlign matching method", method, METHODS)
        if token_type not in ("bpe", "word"):
            raise ConfigError("SimAlign token type", token_type, ("bpe", "word"))
        if isinstance(model, str):
            model = SHORTCUTS.get(model, model)
            self.model_name = model
        else:
            self.model_name = type(model[0] if isinstance(model, tuple) else model).__name__
        self.model, self.tokenizer, self.device = hf_encode.load(model, tokenizer=tokenizer, device=device)
        n_layers = getattr(self.model.config, "num_hidden_layers", None)
        if isinstance(n_layers, int) and not -(n_layers + 1) <= layer <= n_layers:
            raise ConfigError("SimAlign layer", layer, hint=f"{self.model_name} has hidden states 0..{n_layers} "
                              "(0 = embeddings); pass ?layer=N in the spec")
        self.layer, self.token_type, self.distortion = layer, token_type, float(distortion)
        self.batch_size, self.window = batch_size, window
        self.name = f"simalign:{self.model_name}"

    def similarities(self, pairs: Sequence[WordPair]) -> list[tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per pair ``(sim, src_word_of, tgt_word_of)``: the (sub-token or word) similarity matrix
        after distortion, and the word index of each row and column."""
        from .. import hf_encode

        sents = [s for p in pairs for s in p]
        enc = hf_encode.encode_words(self.tokenizer, sents)
        vecs = hf_encode.run(self.model, self.tokenizer, enc, layer=self.layer, batch_size=self.batch_size,
                             device=self.device, window=self.window)
        out = []
        for k in range(len(pairs)):
            sides = []
            for e, v in ((enc[2 * k], vecs[2 * k]), (enc[2 * k + 1], vecs[2 * k + 1])):
                if self.token_type == "word" and len(e.word_of):
                    words, inv = np.unique(e.word_of, return_inverse=True)
                    sums = np.zeros((len(words), v.shape[1]))
                    np.add.at(sums, inv, v)
                    v = sums / np.bincount(inv)[:, None]
                    e_word_of = words
                else:
                    e_word_of = e.word_of
                sides.append((v, e_word_of))
            (xs, xw), (ys, yw) = sides
            sim = distort(similarity(xs, ys), self.distortion) if len(xw) and len(yw) else np.zeros((len(xw), len(yw)))
            out.append((sim, xw, yw))
        return out

    def word_similarities(self, pairs: Sequence[WordPair]) -> list[np.ndarray]:
        """Per pair a (source words × target words) matrix: the best similarity of any
        sub-token pair of the two words (0 for words without sub-tokens), e.g. for a heatmap."""
        out = []
        for (src, tgt), (sim, xw, yw) in zip(pairs, self.similarities(pairs)):
            mat = np.zeros((len(src), len(tgt)))
            if sim.size:
                np.maximum.at(mat, (xw[:, None], yw[None, :]), sim)
            out.append(mat)
        return out

    def align_methods(self, pairs: Sequence[WordPair], methods: Sequence[str] = METHODS,
                      progress: Progress | None = None) -> list[dict[str, Alignment]]:
        """Every requested method per pair, from one encoder pass."""
        out: list[dict[str, Alignment]] = []
        step = max(1, self.batch_size)
        for b in range(0, len(pairs), step):
            for sim, xw, yw in self.similarities(pairs[b: b + step]):
                out.append({m: _to_alignment(sim, match(sim, m), xw, yw) for m in methods})
            if progress is not None:
                progress(min(b + step, len(pairs)), len(pairs))
        return out

    def align(self, pairs: Sequence[WordPair], progress: Progress | None = None) -> list[Alignment]:
        return [r[self.method] for r in self.align_methods(pairs, (self.method,), progress)]


def _to_alignment(sim: np.ndarray, links: np.ndarray, xw: np.ndarray, yw: np.ndarray) -> Alignment:
    """Sub-token links → word links; a word pair keeps the best similarity among its links."""
    best: dict[tuple[int, int], float] = {}
    for r, c in zip(*np.nonzero(links)):
        key = (int(xw[r]), int(yw[c]))
        best[key] = max(best.get(key, 0.0), float(sim[r, c]))
    return Alignment(tuple(Link(i, j, min(1.0, max(0.0, s))) for (i, j), s in sorted(best.items())))


_OPTION_TYPES = {"layer": int, "method": str, "token_type": str, "distortion": float, "batch_size": int,
                 "device": str, "window": int}


def parse_spec(arg: str | None) -> tuple[str, dict[str, Any]]:
    """``MODEL?layer=8&method=mwmf`` → ``("MODEL", {"layer": 8, "method": "mwmf"})``."""
    from urllib.parse import parse_qsl

    model, _, query = (arg or "").partition("?")
    options: dict[str, Any] = {}
    for key, value in parse_qsl(query, keep_blank_values=True):
        if key not in _OPTION_TYPES:
            raise ConfigError("SimAlign option", key, tuple(_OPTION_TYPES))
        try:
            options[key] = _OPTION_TYPES[key](value)
        except ValueError:
            raise ConfigError(f"SimAlign {key}", value, hint=f"expected {_OPTION_TYPES[key].__name__}") from None
    return model or DEFAULT_MODEL, options


@register("aligner", "simalign")
def build(arg: str | None = None, **options: Any) -> SimAligner:
    """``simalign[:MODEL][?layer=8&method=itermax&token_type=bpe&distortion=0&batch_size=16&device=auto]``;
    keyword options override the spec's."""
    options.pop("extra_parallel", None)  # training-only text: SimAlign needs none
    model, spec_options = parse_spec(arg)
    return SimAligner(model, **{**spec_options, **options})
