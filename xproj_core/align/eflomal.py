"""Statistical word alignment with eflomal (Östling & Tiedemann 2016), no pretrained model.

eflomal is trained on the pairs being aligned plus any ``extra_parallel`` text, in both
directions, on normalised words (:mod:`.normalize`); the two directional alignments are
symmetrised (:mod:`.symmetrize`).

Link scores: eflomal reports no per-link posteriors (its ``-F``/``-R`` scores are per sentence),
so a link found by *both* directional models scores 1.0 and a link found by one direction
only (added by grow-diag/final/union) scores 0.5.

eflomal is a Gibbs sampler seeded from the clock: two runs differ slightly.
Small corpora are aligned by several independent runs and a majority vote per direction
(``runs``; measured in docs/results/aer.md).
Sentences of :data:`MAX_WORDS` words or more are silently dropped by the eflomal binary; they
are trained as empty and get no links.
"""

from __future__ import annotations

import os
import tempfile
from collections import Counter
from typing import Iterable, Sequence

from ..errors import BackendUnavailable, ConfigError
from ..registry import register
from ..types import Alignment, Link
from . import Progress, WordPair
from .normalize import make_normaliser
from .symmetrize import METHODS, symmetrize

MAX_WORDS = 1024  # eflomal drops sentences of this length or longer (sentence_read limit)
BOTH_DIRECTIONS, ONE_DIRECTION = 1.0, 0.5
AUTO_RUNS_MAX = 2000  # runs="auto": majority vote of 3 runs up to this many training pairs

#: Defaults chosen by ``python eval/align_gold.py`` (docs/results/aer.md).
DEFAULT_NORMALISE = "prefix:4"
DEFAULT_SYMMETRIZE = "grow-diag"


def _encode(sentences: list[Sequence[str]], normalise) -> tuple[tuple, int]:
    import numpy as np

    vocab: dict[str, int] = {}
    out = []
    for words in sentences:
        if len(words) >= MAX_WORDS:
            words = ()
        ids = [vocab.setdefault(normalise(w), len(vocab)) for w in words]
        out.append(np.asarray(ids, dtype=np.uint32))
    return tuple(out), max(len(vocab), 1)


def _read_links(path: str, n: int) -> list[set[tuple[int, int]]]:
    out: list[set[tuple[int, int]]] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if len(out) == n:
                break
            out.append({(int(i), int(j)) for i, _, j in (tok.partition("-") for tok in line.split())})
    out += [set() for _ in range(n - len(out))]
    return out


def _write_priors(path: str, lexical: Counter, src_voc: int, tgt_voc: int) -> None:
    """eflomal's priors file: a count header, then ``e f alpha`` lines (word ids + 1; 0 is NULL)."""
    with open(path, "w", encoding="ascii") as f:
        f.write(f"{src_voc + 1} {tgt_voc + 1} {len(lexical)} 0 0 0 0\n")
        for (e, t), alpha in sorted(lexical.items()):
            f.write(f"{e + 1} {t + 1} {alpha:g}\n")


class EflomalAligner:
    """eflomal + symmetrisation. ``directional(pairs)`` gives the raw (fwd, rev) link sets."""

    name = "eflomal"

    def __init__(
        self,
        symmetrize: str = DEFAULT_SYMMETRIZE,
        normalise: str = DEFAULT_NORMALISE,
        extra_parallel: Sequence[WordPair] = (),
        model: int = 3,
        n_samplers: int = 2,
        rel_iterations: float = 1.0,
        null_prior: float = 0.2,
        runs: int | str = "auto",
    ) -> None:
        if symmetrize not in METHODS:
            raise ConfigError("symmetrisation", symmetrize, METHODS)
        if model not in (1, 2, 3):
            raise ConfigError("eflomal model", model, ("1", "2", "3"), hint="1 = IBM1, 2 = HMM, 3 = HMM + fertility")
        self.symmetrize = symmetrize
        self.normalise = normalise
        self._normaliser = make_normaliser(normalise)
        self.extra_parallel = tuple((tuple(s), tuple(t)) for s, t in (extra_parallel or ()))
        self.model, self.n_samplers = model, n_samplers
        self.rel_iterations, self.null_prior = rel_iterations, null_prior
        if not (runs == "auto" or (isinstance(runs, int) and runs >= 1)):
            raise ConfigError("eflomal runs", runs, hint="'auto' or a positive number of independent runs")
        self.runs = runs

    def n_runs(self, n_train: int) -> int:
        """Independent sampler runs to vote over: ``auto`` = 3 up to :data:`AUTO_RUNS_MAX` training
        pairs (small corpora gain most from it and cost least), else 1."""
        if self.runs == "auto":
            return 3 if n_train <= AUTO_RUNS_MAX else 1
        return int(self.runs)

    def signature(self) -> str:
        return f"eflomal(sym={self.symmetrize},norm={self.normalise},model={self.model})"

    def directional(self, pairs: Sequence[WordPair], seed_links: Sequence[Iterable[tuple[int, int]]] | None = None,
                    prior_alpha: float = 1.0, progress: Progress | None = None,
                    ) -> list[tuple[set[tuple[int, int]], set[tuple[int, int]]]]:
        """Train on ``pairs`` + extra text; return per pair the forward and reverse link sets.

        ``seed_links`` (one link set per pair, e.g. orthographic links) become eflomal lexical
        priors: each seeded link adds ``prior_alpha`` to the Dirichlet prior of its word-type pair.
        ``progress(done, total)`` is called after each eflomal run with the share of runs done
        (never reaching ``total``: the caller reports the end).
        """
        try:
            from eflomal.cython import align as run_eflomal, write_text
        except ImportError as e:  # pragma: no cover - eflomal is a hard requirement
            raise BackendUnavailable("the eflomal aligner needs the 'eflomal' package (pip install eflomal)") from e
        pairs = list(pairs)
        if not pairs:
            return []
        train = pairs + list(self.extra_parallel)
        src, src_voc = _encode([s for s, _ in train], self._normaliser)
        tgt, tgt_voc = _encode([t for _, t in train], self._normaliser)
        priors = None
        if seed_links is not None:
            priors = Counter()
            for (s_ids, t_ids), links in zip(zip(src, tgt), seed_links):
                for i, j in links:
                    if i < len(s_ids) and j < len(t_ids):
                        priors[int(s_ids[i]), int(t_ids[j])] += prior_alpha
        runs = self.n_runs(len(train))
        votes_f: list[Counter] = [Counter() for _ in pairs]
        votes_r: list[Counter] = [Counter() for _ in pairs]
        with tempfile.TemporaryDirectory(prefix="xproj-eflomal-") as tmp:
            paths = {k: os.path.join(tmp, k) for k in ("src", "tgt", "fwd", "rev", "priors")}
            with open(paths["src"], "wb") as f:
                write_text(f, src, src_voc)
            with open(paths["tgt"], "wb") as f:
                write_text(f, tgt, tgt_voc)
            if priors:
                _write_priors(paths["priors"], priors, src_voc, tgt_voc)
            for run in range(runs):
                for k in ("fwd", "rev"):
                    if os.path.exists(paths[k]):
                        os.remove(paths[k])
                run_eflomal(
                    paths["src"], paths["tgt"], links_filename_fwd=paths["fwd"], links_filename_rev=paths["rev"],
                    priors_filename=paths["priors"] if priors else None,
                    model=self.model, n_samplers=self.n_samplers, quiet=True,
                    rel_iterations=self.rel_iterations, null_prior=self.null_prior,
                )
                if not os.path.exists(paths["fwd"]):
                    raise BackendUnavailable("eflomal produced no output (is its binary installed and executable?)")
                for votes, k in ((votes_f, "fwd"), (votes_r, "rev")):
                    for counter, links in zip(votes, _read_links(paths[k], len(pairs))):
                        counter.update(links)
                if progress:
                    progress(len(pairs) * (run + 1) // (runs + 1), len(pairs))
        need = runs // 2 + 1  # strict majority of the runs
        fwd = [{p for p, c in v.items() if c >= need} for v in votes_f]
        rev = [{p for p, c in v.items() if c >= need} for v in votes_r]
        return list(zip(fwd, rev))

    def align(self, pairs: Sequence[WordPair], progress: Progress | None = None) -> list[Alignment]:
        total = len(pairs)
        if progress:
            progress(0, total)
        out = [combine(f, r, self.symmetrize) for f, r in self.directional(pairs, progress=progress)]
        if progress:
            progress(total, total)
        return out


def combine(fwd: set[tuple[int, int]], rev: set[tuple[int, int]], method: str) -> Alignment:
    """Symmetrise and score: 1.0 for links in both directions, 0.5 for the others."""
    both = fwd & rev
    links = symmetrize(fwd, rev, method)
    return Alignment(tuple(Link(i, j, BOTH_DIRECTIONS if (i, j) in both else ONE_DIRECTION) for i, j in sorted(links)))


@register("aligner", "eflomal")
def build_eflomal(arg: str | None = None, **options) -> EflomalAligner:
    """``eflomal`` or ``eflomal:SYMMETRISATION`` (e.g. ``eflomal:intersection``)."""
    if arg:
        options.setdefault("symmetrize", arg)
    return EflomalAligner(**options)
