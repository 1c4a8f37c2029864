"""Align and project a corpus: the one place that wires the aligner to the projection (CLI and app call it)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable, Mapping, Sequence

from .candidates import SpanSource
from .errors import InputError
from .project import ProjectionConfig, project_corpus
from .registry import resolve, split_spec
from .types import Alignment, Projection, SentencePair

Progress = Callable[[int, int], None]
WordPairs = list[tuple[list[str], list[str]]]
#: aligners whose output is tied to corpus positions (a links file): never split by language pair.
POSITIONAL_ALIGNERS = ("pharaoh",)


@dataclass(frozen=True)
class RunResult:
    """Projections and alignments in input order, seconds per stage, and the config used."""

    projections: list[Projection]
    alignments: list[Alignment]
    timings: dict[str, float] = field(default_factory=dict)
    config: ProjectionConfig = field(default_factory=ProjectionConfig)


def language_groups(pairs: Sequence[SentencePair]) -> dict[tuple[str, str], list[int]]:
    """Pair indices by ``(src.lang, tgt.lang)``, in first-seen order."""
    groups: dict[tuple[str, str], list[int]] = {}
    for k, p in enumerate(pairs):
        groups.setdefault((p.src.lang, p.tgt.lang), []).append(k)
    return groups


def _extra_for(extra_parallel: Any, key: tuple[str, str]) -> WordPairs | None:
    if extra_parallel is None:
        return None
    if isinstance(extra_parallel, Mapping):
        return extra_parallel.get(key)
    return extra_parallel


def align_pairs(pairs: Sequence[SentencePair], aligner: Any = "fusion", extra_parallel: Any = None,
                progress: Progress | None = None, aligner_options: dict[str, Any] | None = None) -> list[Alignment]:
    """One alignment per pair. A spec string builds a fresh aligner per language pair (statistical
    aligners are trained per pair); ``extra_parallel`` is a list of ``(src_words, tgt_words)`` for
    every language pair, or a dict ``(src_lang, tgt_lang) -> list``; ``aligner_options`` go to the
    aligner's builder (e.g. ``{"symmetrize": "grow-diag", "threshold": 0.7}``). Positional aligners
    (``pharaoh:FILE``, or objects with ``positional = True``) see the whole corpus in one call.
    """
    n = len(pairs)
    out: list[Alignment | None] = [None] * n
    groups = language_groups(pairs)

    def build(key: tuple[str, str]):
        extra = _extra_for(extra_parallel, key)
        options = dict(aligner_options or {})
        if extra is not None:
            options["extra_parallel"] = extra
        return resolve("aligner", aligner, **options)

    first = build(next(iter(groups))) if isinstance(aligner, str) and groups else aligner
    positional = getattr(first, "positional", False) or (
        isinstance(aligner, str) and split_spec(aligner)[0] in POSITIONAL_ALIGNERS)
    if positional:
        groups = {("*", "*"): list(range(n))}
    done = 0
    for g, (key, idx) in enumerate(groups.items()):
        backend = first if (g == 0 or not isinstance(aligner, str)) else build(key)
        batch = [(list(pairs[k].src.words), list(pairs[k].tgt.words)) for k in idx]
        offset = done
        sub_progress = (lambda d, t, o=offset: progress(o + d, n)) if progress is not None else None
        result = backend.align(batch, progress=sub_progress)
        if len(result) != len(idx):
            name = aligner if isinstance(aligner, str) else getattr(backend, "name", type(backend).__name__)
            raise InputError(None, None, f"aligner {name!r} returned {len(result)} alignments for {len(idx)} sentence pairs",
                             "a links file must have one line per sentence pair")
        for k, a in zip(idx, result):
            out[k] = a
        done += len(idx)
        if progress is not None:
            progress(done, n)
    return out  # type: ignore[return-value]


def run(pairs: Sequence[SentencePair], config: ProjectionConfig | None = None, aligner: Any = "fusion",
        extra_parallel: Any = None, progress: Progress | None = None, *, alignments: Sequence[Alignment] | None = None,
        candidate_spans: SpanSource | None = None, evidence: bool = False,
        aligner_options: dict[str, Any] | None = None) -> RunResult:
    """Align (unless ``alignments`` are given) and project ``pairs``.

    ``progress(done, total)`` counts alignment then projection (``total = 2·len(pairs)``, or
    ``len(pairs)`` with precomputed alignments). ``timings`` holds seconds for ``align``,
    ``candidates``, ``score``, ``solve`` (matching) or ``heuristic``, and ``evidence`` if asked.
    """
    config = config or ProjectionConfig()
    pairs = list(pairs)
    n = len(pairs)
    timings: dict[str, float] = {}
    offset = 0
    total = n if alignments is not None else 2 * n
    if alignments is None:
        t0 = time.perf_counter()
        align_progress = (lambda d, t: progress(d, total)) if progress is not None else None
        alignments = align_pairs(pairs, aligner, extra_parallel, align_progress, aligner_options)
        timings["align"] = time.perf_counter() - t0
        offset = n
    proj_progress = (lambda d, t: progress(offset + d, total)) if progress is not None else None
    projections = project_corpus(pairs, list(alignments), config, progress=proj_progress, evidence=evidence,
                                 candidate_spans=candidate_spans, timings=timings)
    return RunResult(projections, list(alignments), timings, config)
