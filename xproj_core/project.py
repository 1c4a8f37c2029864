"""Project one sentence pair or a corpus with a :class:`ProjectionConfig` (method §4–§7).

``project_pair`` is what the app calls after every edit (about a millisecond for a typical
sentence, evidence included); ``project_corpus`` loops it and accumulates per-stage timings.
"""

from __future__ import annotations

import inspect
import time
from dataclasses import asdict, dataclass, fields, replace
from functools import lru_cache
from typing import Any, Callable, Mapping, Sequence

import numpy as np

from . import __version__, fastpath
from .case import MODES as CASE_MODES
from .case import case_filter
from .candidates import RESTRICT, AlignedWindowExtractor, Candidates, NgramExtractor, SpanListExtractor, SpanSource, UnionExtractor
from .errors import ConfigError, InputError
from .heuristics import PRESETS, HeuristicConfig, preset, project_heuristic
from .registry import resolve, split_spec
from .scoring import FusedScorer, link_prefix
from .solve import Matching, normalise_op
from .types import Alignment, Candidate, CandidateScore, EntityEvidence, ProjectedSpan, Projection, SentencePair, Span

METHODS = ("heuristic", "matching")
CANDIDATE_SOURCES = ("ngram", "aligned_window", "ner", "given", "union")
SOLVERS = ("greedy", "exact")
Progress = Callable[[int, int], None]


def _pairs(value: Any, what: str) -> tuple[tuple[str, float], ...]:
    if isinstance(value, Mapping):
        value = value.items()
    try:
        return tuple((str(k), float(v)) for k, v in value)
    except (TypeError, ValueError):
        raise ConfigError(what, value, hint="use a mapping name -> number") from None


@dataclass(frozen=True)
class ProjectionConfig:
    """Every parameter of a projection run; defaults are the paper's (alignment-score n-gram matching).

    * ``method``: ``heuristic`` (``heuristic`` preset name or :class:`HeuristicConfig`, fields
      overridden by ``heuristic_options``) or ``matching``.
    * Candidates: ``candidates`` ∈ ``ngram`` | ``aligned_window`` | ``ner`` | ``given`` | ``union``
      (``union_of`` names the parts), ``max_len`` (None = unbounded), ``min_len``, ``stop_tokens``,
      ``restrict`` (see :class:`~xproj_core.candidates.NgramExtractor`), ``subranges`` (NER spans).
    * Scores: ``scores`` maps a scorer spec (registry stage ``scorer``: ``align``, ``ortho``, and
      whatever model backends register, e.g. ``ner``, ``nmt:MODEL``) to its weight; ``thresholds``
      maps a component name to its threshold (default: the scorer's own).
    * Solver: ``solver`` (``greedy`` | ``exact``), constraint ``op`` and ``n_proj``.
    * ``evidence_top``: candidates listed per entity in the evidence (winner and runner-up always).
    * ``case_agreement``: ``entity`` | ``word`` | ``off`` (``True``/``False`` mean ``entity``/``off``):
      before projecting (any method), drop links from capitalised entities (``word``: capitalised
      entity words) to lower-case target words when the target sentence shows case
      (:func:`~xproj_core.case.case_filter`).
    """

    method: str = "matching"
    heuristic: str | HeuristicConfig = "politov"
    heuristic_options: tuple[tuple[str, Any], ...] = ()
    candidates: str = "ngram"
    union_of: tuple[str, ...] = ("ngram", "ner")
    max_len: int | None = 10
    min_len: int = 1
    stop_tokens: tuple[str, ...] = ("!", "?")
    restrict: str = "auto"
    subranges: bool = False
    scores: tuple[tuple[str, float], ...] = (("align", 1.0),)
    thresholds: tuple[tuple[str, float], ...] = ()
    solver: str = "greedy"
    op: str = "<="
    n_proj: int = 1
    evidence_top: int = 20
    case_agreement: str = "entity"

    def __post_init__(self) -> None:
        setf = object.__setattr__
        if self.method not in METHODS:
            raise ConfigError("projection method", self.method, METHODS)
        if self.candidates not in CANDIDATE_SOURCES:
            raise ConfigError("candidate source", self.candidates, CANDIDATE_SOURCES)
        for part in self.union_of:
            if part not in CANDIDATE_SOURCES or part == "union":
                raise ConfigError("union part", part, CANDIDATE_SOURCES[:-1])
        if isinstance(self.case_agreement, bool):
            setf(self, "case_agreement", "entity" if self.case_agreement else "off")
        if self.case_agreement not in CASE_MODES:
            raise ConfigError("case agreement", self.case_agreement, CASE_MODES)
        if self.restrict not in RESTRICT:
            raise ConfigError("candidate restriction", self.restrict, RESTRICT)
        if self.solver not in SOLVERS:
            raise ConfigError("solver", self.solver, SOLVERS)
        if isinstance(self.heuristic, str) and self.heuristic not in PRESETS:
            raise ConfigError("heuristic preset", self.heuristic, sorted(PRESETS))
        opts = self.heuristic_options
        setf(self, "heuristic_options", tuple(sorted((opts.items() if isinstance(opts, Mapping) else opts))))
        setf(self, "union_of", tuple(self.union_of))
        setf(self, "stop_tokens", tuple(sorted(set(self.stop_tokens))))
        setf(self, "scores", _pairs(self.scores, "score weights"))
        setf(self, "thresholds", tuple(sorted(_pairs(self.thresholds, "score thresholds"))))
        setf(self, "op", normalise_op(self.op))
        if self.max_len is not None and int(self.max_len) < 1:
            raise ConfigError("max_len", self.max_len, hint="use a positive integer or None for unbounded")
        self.heuristic_config()  # validates heuristic_options

    # ---------------------------------------------------------------- derived pieces

    def heuristic_config(self) -> HeuristicConfig:
        return preset(self.heuristic, **dict(self.heuristic_options))

    @property
    def score_weights(self) -> dict[str, float]:
        return dict(self.scores)

    def signature(self) -> str:
        """Every setting that can change the output, e.g. ``method=matching|cands=ngram:10|score=align:1|solver=greedy|xproj=0.1.0``."""
        num = lambda v: f"{v:g}"  # noqa: E731
        if self.method == "heuristic":
            h = self.heuristic_config()
            base = PRESETS.get(h.name)
            diff = [f"{f.name}={getattr(h, f.name)}" for f in fields(h)
                    if f.name != "name" and (base is None or getattr(h, f.name) != getattr(base, f.name))]
            parts = [f"method=heuristic:{h.name}" + (f"({','.join(diff)})" if diff else "")]
        else:
            cands = self.candidates if self.candidates != "union" else "+".join(self.union_of)
            if any(c in ("ngram", "aligned_window") for c in cands.split("+")):
                cands += f":{'none' if self.max_len is None else self.max_len}"
            if self.min_len != 1:
                cands += f",min={self.min_len}"
            if self.stop_tokens != ("!", "?"):
                cands += f",stop={''.join(self.stop_tokens) or '-'}"
            if self.subranges:
                cands += ",subranges"
            score = "+".join(f"{n}:{num(w)}" for n, w in self.scores if w)
            if self.thresholds:
                score += "," + ",".join(f"{n}>{num(t)}" for n, t in self.thresholds)
            solver = self.solver + ("" if (self.op, self.n_proj) == ("<=", 1) else f"({self.op}{self.n_proj})")
            parts = ["method=matching", f"cands={cands}", f"score={score}", f"solver={solver}"]
        if self.case_agreement != "entity":  # shown when not the default, like the other settings
            parts.append("nocase" if self.case_agreement == "off" else f"case={self.case_agreement}")
        return "|".join(parts + [f"xproj={__version__}"])

    # ---------------------------------------------------------------- (de)serialisation

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; :meth:`from_dict` inverts it."""
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["heuristic"] = self.heuristic if isinstance(self.heuristic, str) else asdict(self.heuristic)
        d["heuristic_options"] = dict(self.heuristic_options)
        d["scores"] = dict(self.scores)
        d["thresholds"] = dict(self.thresholds)
        d["union_of"] = list(self.union_of)
        d["stop_tokens"] = list(self.stop_tokens)
        return d

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ProjectionConfig":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError("projection option", unknown[0], sorted(known))
        kw = dict(data)
        if isinstance(kw.get("heuristic"), Mapping):
            kw["heuristic"] = HeuristicConfig.from_dict(dict(kw["heuristic"]))
        for key in ("union_of", "stop_tokens"):
            if key in kw:
                kw[key] = tuple(kw[key])
        return cls(**kw)


# -------------------------------------------------------------------- building blocks


@lru_cache(maxsize=64)
def _scorer_and_solver(config: ProjectionConfig):
    thresholds = dict(config.thresholds)
    comps = []
    for spec, weight in config.scores:
        name = split_spec(spec)[0]
        opts = {"threshold": thresholds[name]} if name in thresholds else {}
        comps.append((name, weight, resolve("scorer", spec, **opts)))
    if not any(w for _, w, _ in comps):
        raise ConfigError("score weights", dict(config.scores), hint="at least one component needs a non-zero weight")
    solver = resolve("solver", config.solver, op=config.op, n_proj=config.n_proj)
    return FusedScorer(comps), solver


def _extractor(config: ProjectionConfig, name: str, spans: SpanSource | None):
    if name == "ngram":
        align_only = [split_spec(n)[0] for n, w in config.scores if w] == ["align"]
        return NgramExtractor(config.max_len, config.min_len, config.stop_tokens, config.restrict,
                              auto_mode="aligned_ends" if align_only else "aligned")
    if name == "aligned_window":
        return AlignedWindowExtractor(config.max_len, config.min_len, config.stop_tokens)
    if name in ("ner", "given"):
        if spans is None:
            raise ConfigError("candidate source", name, hint="pass candidate_spans= (target spans predicted by a model)")
        return SpanListExtractor(spans, subranges=config.subranges)
    return UnionExtractor([_extractor(config, part, spans) for part in config.union_of])


@lru_cache(maxsize=64)
def _cached_extractor(config: ProjectionConfig):
    return _extractor(config, config.candidates, None)


def _extractor_for(config: ProjectionConfig, spans: SpanSource | None):
    """The configured extractor; cached unless it needs this call's model spans."""
    parts = config.union_of if config.candidates == "union" else (config.candidates,)
    if any(p in ("ner", "given") for p in parts):
        return _extractor(config, config.candidates, spans)
    return _cached_extractor(config)


def check_alignment(pair: SentencePair, alignment: Alignment) -> None:
    """Raise :class:`InputError` when a link points outside the pair's words."""
    n, m = len(pair.src.words), len(pair.tgt.words)
    for bad in alignment.links:
        if not (0 <= bad.src < n and 0 <= bad.tgt < m):
            raise InputError(None, None, f"pair {pair.id!r}: link {bad.src}-{bad.tgt} outside the sentence pair "
                             f"({n} source × {m} target words)", "do the alignments belong to this corpus, in this order?")


def _add(timings: dict | None, key: str, t0: float) -> float:
    t1 = time.perf_counter()
    if timings is not None:
        timings[key] = timings.get(key, 0.0) + (t1 - t0)
    return t1


# -------------------------------------------------------------------- projection


def project_pair(pair: SentencePair, alignment: Alignment, config: ProjectionConfig | None = None, evidence: bool = True,
                 candidate_spans: SpanSource | None = None, timings: dict[str, float] | None = None,
                 candidates: Sequence | None = None, fast: bool = True) -> Projection:
    """Project ``pair.src.spans`` onto ``pair.tgt`` (a :class:`Projection` with evidence by default).

    ``candidate_spans`` (dict ``pair_id -> spans`` or callable) feeds ``ner``/``given`` candidates;
    ``candidates`` skips extraction (already extracted for this pair); ``timings`` accumulates
    seconds per stage (``candidates``, ``score``, ``solve``, ``evidence``, or ``heuristic``).
    Without evidence, alignment-only n-gram matching takes :mod:`~xproj_core.fastpath` (same
    result); ``fast=False`` forces the general path.
    """
    config = config or ProjectionConfig()
    if fast and not evidence and candidates is None:
        p = fastpath.plan(config)
        if p is not None:
            proj = fastpath.project_fast(pair, alignment, p, timings)  # applies case agreement itself
            if proj is not None:
                return proj
    if config.case_agreement != "off":
        alignment = case_filter(pair, alignment, config.case_agreement)
    check_alignment(pair, alignment)
    t0 = time.perf_counter()
    if config.method == "heuristic":
        proj = project_heuristic(pair, alignment, config.heuristic_config(), evidence=evidence)
        _add(timings, "heuristic", t0)
        return proj
    scorer, solver = _scorer_and_solver(config)
    extractor = _extractor_for(config, candidate_spans)
    ents = pair.src.spans
    if candidates is not None:
        cands = Candidates.of(candidates)
    elif not ents:
        cands = Candidates.of(())
    else:
        cands = extractor.extract(pair, alignment)
    t0 = _add(timings, "candidates", t0)
    fused, parts = scorer.score_components(pair, alignment, cands)
    t0 = _add(timings, "score", t0)
    match = solver.solve(fused, cands)
    t0 = _add(timings, "solve", t0)
    starts, ends = cands.starts, cands.ends
    spans = sorted(
        (ProjectedSpan(Span(int(starts[c]), int(ends[c]), ents[e].label), e, s, r)
         for (e, c), s, r in zip(match.pairs, match.scores, match.runner_up)),
        key=lambda p: (p.span.start, p.span.end))
    ev: tuple[EntityEvidence, ...] = ()
    if evidence:
        ev = matching_evidence(pair, alignment, cands, fused, parts, match, config.evidence_top)
        _add(timings, "evidence", t0)
    return Projection(pair.id, tuple(spans), match.objective, match.rel_cost, ev, method=f"matching:{config.solver}")


def _top(row: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` best non-zero entries, best first, ties by candidate order."""
    nz = np.flatnonzero(row > 0)
    if nz.size > k:
        cut = np.partition(row[nz], nz.size - k)[nz.size - k]
        nz = nz[row[nz] >= cut]
    return nz[np.lexsort((nz, -row[nz]))]


def matching_evidence(pair: SentencePair, alignment: Alignment, cands: Candidates, fused: np.ndarray,
                      parts: Mapping[str, np.ndarray], match: Matching, top: int = 20) -> tuple[EntityEvidence, ...]:
    """Per source entity: its best candidates with every score component, winner, runner-up, links, note."""
    out = []
    accepted: dict[int, list[int]] = {}
    for e, c in match.pairs:
        accepted.setdefault(e, []).append(c)
    owner = {c: e for e, c in match.pairs}
    prefix = link_prefix(pair, alignment)
    starts, ends = cands.starts, cands.ends
    by_src: dict[int, list] = {}
    for l in alignment.links:
        by_src.setdefault(l.src, []).append(l)
    for e, ent in enumerate(pair.src.spans):
        row = fused[e]
        mine = accepted.get(e, [])
        ranked = _top(row, top + len(mine) + 1).tolist()
        winner = mine[0] if mine else None
        runner = next((c for c in ranked if c not in mine), None)
        idx = ranked[:top]
        for c in (winner, runner):
            if c is not None and c not in idx:
                idx.append(c)
        n_links = (prefix[e, ends[idx]] - prefix[e, starts[idx]]).tolist() if idx else []
        comp_vals = [(name, m[e, idx].tolist()) for name, m in parts.items()]
        scores = row[idx].tolist()
        rows = tuple(CandidateScore(Candidate(int(starts[c]), int(ends[c])), n_links[k],
                                    tuple((name, vals[k]) for name, vals in comp_vals), scores[k])
                     for k, c in enumerate(idx))
        notes = []
        ent_links = tuple(l for i in range(ent.start, ent.end) for l in by_src.get(i, ()))
        targets = tuple(sorted({l.tgt for l in ent_links}))
        if not targets:
            notes.append("no aligned words")
        if not ranked:
            notes.append("no candidate with a non-zero score")
        elif winner is None:
            best = ranked[0]
            rivals = sorted({owner[c] for c in owner if starts[c] < ends[best] and ends[c] > starts[best]})
            if match.status == "infeasible":
                notes.append("no feasible matching")
            else:
                notes.append("lost to overlap" + (f" with entity {', '.join(map(str, rivals))}" if rivals else ""))
        if len(mine) > 1:
            notes.append(f"projected {len(mine)} times")
        out.append(EntityEvidence(
            entity_index=e, entity=ent, aligned_targets=targets, candidates=rows,
            winner=cands[winner] if winner is not None else None,
            winner_score=float(row[winner]) if winner is not None else 0.0,
            runner_up=cands[runner] if runner is not None else None,
            runner_up_score=float(row[runner]) if runner is not None else 0.0,
            links=ent_links, note="; ".join(notes)))
    return tuple(out)


def _precompute(pairs: Sequence[SentencePair], alignments: Sequence[Alignment], config: ProjectionConfig,
                candidate_spans: SpanSource | None, timings: dict | None) -> list | None:
    """Let model scorers batch their work: components with ``precompute(pairs, candidates)`` (or
    ``precompute(target_sentences)``) see the whole corpus before the per-pair loop."""
    if config.method != "matching" or not pairs:
        return None
    scorer, _ = _scorer_and_solver(config)
    hooks = [sc for _, w, sc, _ in scorer.components if w and callable(getattr(sc, "precompute", None))]
    if not hooks:
        return None
    t0 = time.perf_counter()
    for pair, alignment in zip(pairs, alignments):
        check_alignment(pair, alignment)
    extractor = _extractor_for(config, candidate_spans)
    if config.case_agreement != "off":  # the links project_pair will score with
        alignments = [case_filter(p, a, config.case_agreement) for p, a in zip(pairs, alignments)]
    cands = [extractor.extract(p, a) if p.src.spans else Candidates.of(()) for p, a in zip(pairs, alignments)]
    t0 = _add(timings, "candidates", t0)
    for hook in hooks:
        n_args = len([p for p in inspect.signature(hook.precompute).parameters.values()
                      if p.default is inspect.Parameter.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)])
        if n_args >= 2:
            hook.precompute(pairs, cands)
        else:
            hook.precompute([p.tgt.words for p in pairs])
    _add(timings, "score", t0)
    return cands


def project_corpus(pairs: Sequence[SentencePair], alignments: Sequence[Alignment], config: ProjectionConfig | None = None,
                   progress: Progress | None = None, evidence: bool = False, candidate_spans: SpanSource | None = None,
                   timings: dict[str, float] | None = None, fast: bool = True) -> list[Projection]:
    """Project every pair (``alignments[k]`` belongs to ``pairs[k]``); ``progress(done, total)``.

    ``fast=False`` never takes :mod:`~xproj_core.fastpath` (same result, for comparisons)."""
    if len(pairs) != len(alignments):
        raise InputError(None, None, f"{len(pairs)} sentence pairs but {len(alignments)} alignments",
                         "give one alignment per pair, in corpus order")
    config = config or ProjectionConfig()
    total = len(pairs)
    step = max(1, total // 100)
    cand_lists = _precompute(pairs, alignments, config, candidate_spans, timings)
    out = []
    plan = fastpath.plan(config) if fast and not evidence and cand_lists is None else None
    if plan is not None:
        fast_one = fastpath.project_fast
        for k, (pair, alignment) in enumerate(zip(pairs, alignments)):
            proj = fast_one(pair, alignment, plan, timings)
            out.append(proj if proj is not None else project_pair(pair, alignment, config, evidence=False, timings=timings, fast=False))
            if progress is not None and ((k + 1) % step == 0 or k + 1 == total):
                progress(k + 1, total)
        return out
    for k, (pair, alignment) in enumerate(zip(pairs, alignments)):
        out.append(project_pair(pair, alignment, config, evidence=evidence, candidate_spans=candidate_spans, timings=timings,
                                candidates=cand_lists[k] if cand_lists is not None else None, fast=fast))
        if progress is not None and ((k + 1) % step == 0 or k + 1 == total):
            progress(k + 1, total)
    return out
