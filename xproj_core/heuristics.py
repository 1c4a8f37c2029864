"""Alignment heuristics (method §4): Politov et al., the thesis variant and García-Ferrero.

All share ``U(e)``, the target words linked to entity ``e``, split into *runs* (maximal blocks of
consecutive indices, half-open). One :class:`HeuristicConfig` holds every knob; the presets of
§4.4 are frozen data in :data:`PRESETS`. Output spans are read back from the tag sequence.
"""

from __future__ import annotations

import string
from dataclasses import asdict, dataclass, fields, replace
from typing import Any

from .errors import ConfigError
from .tags import spans_from_tags
from .types import Alignment, Candidate, CandidateScore, EntityEvidence, Link, ProjectedSpan, Projection, SentencePair, Span

ORDERS = ("input", "shortest_first")
TOP_K_ORDERS = ("longest", "shortest")
COLLISIONS = ("overwrite", "skip", "union_longer")
_PUNCT = frozenset(string.punctuation)


@dataclass(frozen=True, slots=True)
class HeuristicConfig:
    """Every knob of §4. ``length_ratio`` is strict (``len(r)/|e| > thr`` keeps); ``None`` disables.

    * ``merge_distance`` (d): merge a run into the previous one when the gap is ``<= d`` words;
      with ``union_quirk`` (García-Ferrero's code) when ``last(next) - first(current) <= d + 1``.
    * ``order``: ``input`` or ``shortest_first`` (stable). ``only_i``: never merge a run whose
      first word is linked to the entity's first word. ``top_k`` (None = all) keeps the
      ``top_k_order`` (longest|shortest, stable) ranges.
    * ``collision``: ``overwrite`` (later entities overwrite tags), ``skip`` (label a range only
      if all its words are still O), ``union_longer`` (García-Ferrero's two neighbour passes).
    * ``drop_punct``: drop linked words made only of ASCII punctuation before forming runs.
    """

    name: str = "custom"
    merge_distance: int = 1
    length_ratio: float | None = 0.8
    order: str = "input"
    top_k: int | None = None
    top_k_order: str = "longest"
    only_i: bool = False
    collision: str = "overwrite"
    drop_punct: bool = False
    union_quirk: bool = False

    def __post_init__(self) -> None:
        for what, value, valid in (("entity order", self.order, ORDERS), ("top_k order", self.top_k_order, TOP_K_ORDERS),
                                   ("collision policy", self.collision, COLLISIONS)):
            if value not in valid:
                raise ConfigError(what, value, valid)
        if self.merge_distance < 0:
            raise ConfigError("merge distance", self.merge_distance, hint="use 0 or more")
        if self.top_k is not None and self.top_k < 1:
            raise ConfigError("top_k", self.top_k, hint="use None (unlimited) or a positive integer")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "HeuristicConfig":
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(data) - known)
        if unknown:
            raise ConfigError("heuristic option", unknown[0], sorted(known))
        return cls(**data)


PRESETS: dict[str, HeuristicConfig] = {
    "politov": HeuristicConfig("politov", 1, 0.8, "input", None, "longest", False, "overwrite"),
    "thesis": HeuristicConfig("thesis", 1, 0.8, "shortest_first", None, "longest", False, "skip"),
    "thesis_code_defaults": HeuristicConfig("thesis_code_defaults", 1, None, "shortest_first", 1, "shortest", True, "skip"),
    "garcia_ferrero": HeuristicConfig("garcia_ferrero", 1, None, "input", 1, "longest", False, "union_longer",
                                      drop_punct=True, union_quirk=True),
}


def preset(name: str | HeuristicConfig, **overrides: Any) -> HeuristicConfig:
    """A preset by name (or a config as is), with single fields overridden."""
    cfg = name if isinstance(name, HeuristicConfig) else PRESETS.get(name)
    if cfg is None:
        raise ConfigError("heuristic preset", name, sorted(PRESETS))
    known = {f.name for f in fields(HeuristicConfig)}
    for key in overrides:
        if key not in known:
            raise ConfigError("heuristic option", key, sorted(known))
    return replace(cfg, **overrides) if overrides else cfg


def runs_of(indices: list[int]) -> list[tuple[int, int]]:
    """Maximal blocks of consecutive integers of sorted distinct ``indices``, as ``[start, end)``."""
    out: list[tuple[int, int]] = []
    for t in indices:
        if out and t == out[-1][1]:
            out[-1] = (out[-1][0], t + 1)
        else:
            out.append((t, t + 1))
    return out


def merge_runs(runs: list[tuple[int, int]], d: int, *, union_quirk: bool = False,
               no_merge_starts: frozenset[int] = frozenset()) -> list[tuple[int, int]]:
    """Fold runs left to right (§4.1 step 3, §4.2 ``only_i``, §4.3 step 4)."""
    if not runs:
        return []
    out = [runs[0]]
    for a, b in runs[1:]:
        la, lb = out[-1]
        if union_quirk:
            merge = (b - 1) - la <= d + 1
        else:
            merge = d > 0 and a - lb <= d
        if merge and a not in no_merge_starts:
            out[-1] = (la, max(lb, b))
        else:
            out.append((a, b))
    return out


def _is_punct(word: str) -> bool:
    return all(ch in _PUNCT for ch in word.strip())  # as in the reference: blank words count too


@dataclass
class _EntityWork:
    index: int
    entity: Span
    targets: tuple[int, ...]
    ranges: list[tuple[int, int]]  # merged, before filter
    kept: list[tuple[int, int]]
    notes: list[str]


def _entity_ranges(k: int, e: Span, alignment: Alignment, pair: SentencePair, cfg: HeuristicConfig) -> _EntityWork:
    m = len(pair.tgt.words)
    targets = [t for t in alignment.targets_of(e.start, e.end) if t < m]
    work = _EntityWork(k, e, tuple(targets), [], [], [])
    if not targets:
        work.notes.append("no aligned words")
        return work
    if cfg.drop_punct:
        targets = [t for t in targets if not _is_punct(pair.tgt.words[t])]
        if not targets:
            work.notes.append("only punctuation aligned")
            return work
    no_merge = frozenset(l.tgt for l in alignment.links if l.src == e.start) if cfg.only_i else frozenset()
    ranges = merge_runs(runs_of(targets), cfg.merge_distance, union_quirk=cfg.union_quirk, no_merge_starts=no_merge)
    work.ranges = ranges
    kept = ranges
    if cfg.length_ratio is not None:
        kept = [r for r in ranges if (r[1] - r[0]) / len(e) > cfg.length_ratio]
        gone = [r for r in ranges if r not in kept]
        if gone:
            detail = ", ".join(f"[{a},{b}) {(b - a) / len(e):.2f}" for a, b in gone)
            work.notes.append(f"filtered by length ratio (<= {cfg.length_ratio}): {detail}")
    if cfg.top_k is not None and len(kept) > cfg.top_k:
        ordered = sorted(kept, key=lambda r: (r[1] - r[0]) * (-1 if cfg.top_k_order == "longest" else 1))
        chosen = ordered[:cfg.top_k]
        work.notes.append(f"dropped by top-{cfg.top_k} ({cfg.top_k_order}): "
                          + ", ".join(f"[{a},{b})" for a, b in ordered[cfg.top_k:]))
        kept = chosen
    work.kept = kept
    return work


def _gf_collisions(items: list[tuple[tuple[int, ...], int, str]]) -> list[tuple[tuple[int, ...], int, str]]:
    """García-Ferrero's neighbour passes over ``(word indices, entity, label)`` in entity order.

    As in the reference code, neighbours "overlap" when ``last(k) >= first(k+1)`` (one-sided), a
    same-type union keeps the union of the word sets, and pass 2 keeps the longer (tie: later).
    """
    merged: list[tuple[tuple[int, ...], int, str]] = []
    for it in items:
        if merged and merged[-1][0][-1] >= it[0][0] and merged[-1][2] == it[2]:
            prev = merged[-1]
            merged[-1] = (tuple(sorted(set(prev[0]) | set(it[0]))), prev[1], prev[2])
        else:
            merged.append(it)
    out: list[tuple[tuple[int, ...], int, str]] = []
    for it in merged:
        if out and out[-1][0][-1] >= it[0][0]:
            if len(out[-1][0]) <= len(it[0]):
                out[-1] = it
            continue
        out.append(it)
    return out


def project_heuristic(pair: SentencePair, alignment: Alignment, config: HeuristicConfig | str = "politov",
                      evidence: bool = True) -> Projection:
    """Project ``pair.src.spans`` onto ``pair.tgt`` with a heuristic (§4); evidence per entity."""
    cfg = preset(config)
    ents = pair.src.spans
    m = len(pair.tgt.words)
    order = list(range(len(ents)))
    if cfg.order == "shortest_first":
        order.sort(key=lambda k: len(ents[k]))
    works = {k: _entity_ranges(k, ents[k], alignment, pair, cfg) for k in order}
    tags = ["O"] * m
    owner = [-1] * m
    labelled: dict[int, list[tuple[int, int]]] = {k: [] for k in order}

    def write_words(idx: tuple[int, ...], k: int) -> None:
        lab = ents[k].label
        for n, t in enumerate(idx):
            tags[t] = f"{'I' if n else 'B'}-{lab}"
            owner[t] = k
        labelled[k].append((idx[0], idx[-1] + 1))

    def write(a: int, b: int, k: int) -> None:
        write_words(tuple(range(a, b)), k)

    if cfg.collision == "union_longer":
        items = [(tuple(range(a, b)), k, ents[k].label) for k in order for a, b in sorted(works[k].kept)]
        for idx, k, _ in _gf_collisions(items):
            write_words(idx, k)
    else:
        for k in order:
            for a, b in works[k].kept:
                if cfg.collision == "skip" and any(tags[t] != "O" for t in range(a, b)):
                    works[k].notes.append(f"[{a},{b}) skipped: words already labelled")
                    continue
                write(a, b, k)

    spans = spans_from_tags(tags)
    out = []
    for s in spans:
        k = owner[s.start]
        out.append(ProjectedSpan(s, k, score=len(s) / len(ents[k])))
    ev: tuple[EntityEvidence, ...] = ()
    if evidence:
        ev = tuple(_evidence(works[k], labelled[k], owner, alignment, pair) for k in range(len(ents)))
    return Projection(pair.id, tuple(out), evidence=ev, method=f"heuristic:{cfg.name}")


def _evidence(work: _EntityWork, labelled: list[tuple[int, int]], owner: list[int], alignment: Alignment,
              pair: SentencePair) -> EntityEvidence:
    e, k = work.entity, work.index
    links = tuple(l for l in alignment.links if e.start <= l.src < e.end)
    survived = set()  # ranges with at least one word still owned by this entity
    for a, b in labelled:
        if any(owner[t] == k for t in range(a, b)):
            survived.add((a, b))
    rows = []
    for a, b in work.ranges:
        ratio = (b - a) / len(e)
        n_links = sum(1 for l in links if a <= l.tgt < b)
        comps = (("length_ratio", ratio), ("kept", float((a, b) in work.kept)), ("labelled", float((a, b) in survived)))
        rows.append(CandidateScore(Candidate(a, b), n_links, comps, ratio))
    rows.sort(key=lambda c: (-c.component("labelled"), -c.component("kept"), -c.score, c.candidate))
    notes = list(work.notes)
    lost = [r for r in work.kept if r not in survived]
    if lost and work.kept:
        notes.append("lost to overlap: " + ", ".join(f"[{a},{b})" for a, b in lost))
    win = [c for c in rows if c.component("labelled")]
    winner = win[0] if win else None
    others = [c for c in rows if c is not winner]
    runner = others[0] if others else None
    return EntityEvidence(
        entity_index=k, entity=e, aligned_targets=work.targets, candidates=tuple(rows),
        winner=winner.candidate if winner else None, winner_score=winner.score if winner else 0.0,
        runner_up=runner.candidate if runner else None, runner_up_score=runner.score if runner else 0.0,
        links=links, note="; ".join(notes))
