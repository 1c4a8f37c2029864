"""The default aligner: eflomal (statistical) fused with orthographic links; no pretrained model.

Orthographic links ``O`` (names, numbers, cognates; :mod:`.orthographic`) are strong one-to-one
evidence where the statistical model, trained on little text, is weakest (rare words).
Three knobs, measured by ``eval/align_gold.py`` (docs/results/aer.md); the defaults are the best
measured combination (seed + override + priors, prefix:4 words, ortho threshold 0.6, ``marked``
short words). grow-diag and grow-diag-final-and tie on mean AER within sampling noise
(en-fr 10.0 vs 10.6, ro-en 29.9 vs 29.5); grow-diag-final-and is the default because it keeps
both gold sets within target (en-fr ≤ 12, ro-en ≤ 30) with a margin and gives more recall.

* ``mode="seed"``: ``O`` joins *both* directional alignments before symmetrisation, so it seeds
  grow-diag and blocks conflicting one-direction links; ``mode="add"``: ``O`` is added to the
  symmetrised alignment afterwards.
* ``priors=True``: orthographic links also become eflomal lexical priors (``prior_alpha`` per
  link to the Dirichlet prior of the word-type pair), so training itself leans on them.
* ``override=True``: statistical links that conflict with an orthographic link (same source
  word or same target word, other partner) are dropped before combining.

Scores: a link's score is the larger of its statistical score (1.0 both directions, 0.5 one)
and its orthographic similarity.
"""

from __future__ import annotations

from typing import Sequence

from ..errors import ConfigError
from ..registry import register
from ..types import Alignment, Link
from . import Progress, WordPair
from .eflomal import BOTH_DIRECTIONS, DEFAULT_NORMALISE, ONE_DIRECTION, EflomalAligner
from .orthographic import DEFAULT_MIN_LENGTH, OrthographicAligner
from .symmetrize import symmetrize

MODES = ("seed", "add")
#: Defaults chosen by ``python eval/align_gold.py`` (docs/results/aer.md).
DEFAULT_SYMMETRIZE = "grow-diag-final-and"
DEFAULT_MODE = "seed"
DEFAULT_OVERRIDE = True
DEFAULT_PRIORS = True
DEFAULT_SHORT = "marked"
DEFAULT_THRESHOLD = 0.6

Pairs = set[tuple[int, int]]


def fuse(fwd: Pairs, rev: Pairs, ortho: dict[tuple[int, int], float], method: str,
         mode: str = DEFAULT_MODE, override: bool = DEFAULT_OVERRIDE) -> Alignment:
    """Combine directional statistical links with orthographic links ``{(i, j): similarity}``."""
    o = set(ortho)
    if override and o:
        src_o = {i: j for i, j in o}
        tgt_o = {j: i for i, j in o}

        def keep(p: tuple[int, int]) -> bool:
            i, j = p
            return src_o.get(i, j) == j and tgt_o.get(j, i) == i

        fwd, rev = {p for p in fwd if keep(p)}, {p for p in rev if keep(p)}
    both = fwd & rev
    if mode == "seed":
        links = symmetrize(fwd | o, rev | o, method)
    else:
        links = symmetrize(fwd, rev, method) | o
    out = []
    for p in sorted(links):
        stat = BOTH_DIRECTIONS if p in both else (ONE_DIRECTION if p in fwd or p in rev else 0.0)
        out.append(Link(p[0], p[1], max(stat, ortho.get(p, 0.0))))
    return Alignment(tuple(out))


class FusionAligner:
    """eflomal + orthographic links (see module docstring)."""

    name = "fusion"

    def __init__(self, symmetrize: str = DEFAULT_SYMMETRIZE, mode: str = DEFAULT_MODE,
                 override: bool = DEFAULT_OVERRIDE, normalise: str = DEFAULT_NORMALISE,
                 threshold: float = DEFAULT_THRESHOLD, min_length: int = DEFAULT_MIN_LENGTH,
                 short: str = DEFAULT_SHORT, punctuation: bool = False, priors: bool = DEFAULT_PRIORS,
                 prior_alpha: float = 1.0, extra_parallel: Sequence[WordPair] | None = (), **eflomal_options) -> None:
        if mode not in MODES:
            raise ConfigError("fusion mode", mode, MODES)
        self.mode, self.override = mode, bool(override)
        self.priors, self.prior_alpha = bool(priors), float(prior_alpha)
        self.statistical = EflomalAligner(symmetrize=symmetrize, normalise=normalise,
                                          extra_parallel=extra_parallel, **eflomal_options)
        self.orthographic = OrthographicAligner(threshold=threshold, min_length=min_length, short=short,
                                                punctuation=punctuation)

    def signature(self) -> str:
        return (f"fusion(mode={self.mode},override={int(self.override)},priors={int(self.priors)},"
                f"{self.statistical.signature()},{self.orthographic.signature()})")

    def align(self, pairs: Sequence[WordPair], progress: Progress | None = None) -> list[Alignment]:
        pairs = list(pairs)
        total = len(pairs)
        if progress:
            progress(0, total)
        orthos = [{(l.src, l.tgt): l.score for l in a} for a in self.orthographic.align(pairs)]
        directional = self.statistical.directional(pairs, seed_links=orthos if self.priors else None,
                                                   prior_alpha=self.prior_alpha, progress=progress)
        out = [fuse(fwd, rev, ortho, self.statistical.symmetrize, self.mode, self.override)
               for (fwd, rev), ortho in zip(directional, orthos)]
        if progress:
            progress(total, total)
        return out


@register("aligner", "fusion")
def build_fusion(arg: str | None = None, **options) -> FusionAligner:
    """``fusion`` or ``fusion:SYMMETRISATION`` (e.g. ``fusion:intersection``)."""
    if arg:
        options.setdefault("symmetrize", arg)
    return FusionAligner(**options)
