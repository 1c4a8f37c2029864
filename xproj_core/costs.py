"""Cost of each method: stage timings of runs, a measured micro-run, and extrapolation.

Offline methods (heuristic, alignment-only matching) are measured here on the project's own
pairs. Model-based methods (NER-scored and NMT-scored matching, markers, model transfer)
are not run: their cost comes from the model-call counts and the published runtimes of
method.md §10.6, and every such row says so in ``source``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

import pandas as pd

from .types import Alignment, SentencePair

STAGES = ("translate", "align", "candidates", "score", "solve")
LENGTH_BINS = ((1, 10), (11, 20), (21, 40), (41, 10**9))

ProjectFn = Callable[[SentencePair, Alignment], object]


def length_bucket(n_words: int) -> str:
    """``"1–10"``, ``"11–20"``, ``"21–40"`` or ``"41+"`` (target words)."""
    for lo, hi in LENGTH_BINS:
        if lo <= n_words <= hi:
            return f"{lo}+" if hi >= 10**9 else f"{lo}–{hi}"
    return "0"


def stage_table(runs: Sequence[tuple[str, Mapping[str, float], int]]) -> pd.DataFrame:
    """Run timings as rows ``run, stage, seconds, ms_per_sentence``.

    ``runs``: (run name, timings dict from ``RunResult.timings``, number of pairs). Numeric
    entries are kept (keys ending in ``_s`` lose the suffix); a ``total`` key is dropped.
    """
    rows = []
    for name, timings, n in runs:
        for key, value in (timings or {}).items():
            if not isinstance(value, (int, float)) or isinstance(value, bool):
                continue
            stage = key[:-2] if key.endswith("_s") else key
            if stage == "total":
                continue
            rows.append((name, stage, float(value), 1000.0 * value / n if n else 0.0))
    return pd.DataFrame(rows, columns=["run", "stage", "seconds", "ms_per_sentence"])


def micro_run(
    pairs: Sequence[SentencePair],
    alignments: Mapping[str, Alignment],
    methods: Mapping[str, ProjectFn],
    *,
    sample: int = 200,
    repeat: int = 1,
    clock: Callable[[], float] = time.perf_counter,
) -> pd.DataFrame:
    """Time each method on up to ``sample`` pairs (evenly spread), one row per (method, pair).

    Each method is called once on the first pair before timing (imports, caches). A method whose
    callable has ``stages = True`` is called ``fn(pair, alignment, timings)`` and adds seconds per
    stage to ``timings``; those come back as ``stage_<name>`` columns (see :func:`per_stage`).
    Columns ``method, pair_id, length, bucket, n_entities, seconds``. ``methods`` maps a
    display name to ``fn(pair, alignment)``; pairs without an alignment are skipped.
    """
    chosen = [p for p in pairs if p.id in alignments]
    if sample and len(chosen) > sample:
        step = len(chosen) / sample
        chosen = [chosen[int(k * step)] for k in range(sample)]
    rows, stage_rows = [], []
    for name, fn in methods.items():
        staged = getattr(fn, "stages", False)
        if chosen:  # warm up: first calls pay for imports and caches
            fn(chosen[0], alignments[chosen[0].id], {}) if staged else fn(chosen[0], alignments[chosen[0].id])
        for pair in chosen:
            al = alignments[pair.id]
            stages: dict[str, float] = {}
            t0 = clock()
            for _ in range(repeat):
                fn(pair, al, stages) if staged else fn(pair, al)
            dt = (clock() - t0) / repeat
            n = len(pair.tgt.words)
            rows.append((name, pair.id, n, length_bucket(n), len(pair.src.spans), dt))
            stage_rows.append({k: v / repeat for k, v in stages.items()})
    df = pd.DataFrame(rows, columns=["method", "pair_id", "length", "bucket", "n_entities", "seconds"])
    if any(stage_rows):
        df = pd.concat([df, pd.DataFrame(stage_rows).add_prefix("stage_")], axis=1)
    return df


def per_stage(measured: pd.DataFrame) -> pd.DataFrame:
    """Mean milliseconds per sentence of each stage (``candidates``, ``score``, ``solve``,
    ``heuristic``) per method, from a :func:`micro_run` whose methods report stages."""
    cols = [c for c in measured.columns if c.startswith("stage_")]
    if measured.empty or not cols:
        return pd.DataFrame(columns=["method", "stage", "ms_per_sentence"])
    means = measured.groupby("method", sort=False)[cols].mean() * 1000.0
    out = means.reset_index().melt(id_vars="method", var_name="stage", value_name="ms_per_sentence").dropna()
    out["stage"] = out["stage"].str.removeprefix("stage_")
    return out[out["ms_per_sentence"] > 0].reset_index(drop=True)


def per_length(measured: pd.DataFrame) -> pd.DataFrame:
    """Mean milliseconds per sentence by method and length bucket (for the chart)."""
    if measured.empty:
        return pd.DataFrame(columns=["method", "bucket", "sentences", "ms_per_sentence"])
    g = measured.groupby(["method", "bucket"], sort=False)["seconds"]
    out = g.agg(sentences="count", ms_per_sentence="mean").reset_index()
    out["ms_per_sentence"] *= 1000.0
    order = {f"{lo}+" if hi >= 10**9 else f"{lo}–{hi}": k for k, (lo, hi) in enumerate(LENGTH_BINS)}
    return out.sort_values(["method", "bucket"], key=lambda s: s.map(order) if s.name == "bucket" else s).reset_index(drop=True)


@dataclass(frozen=True)
class Published:
    """A published runtime, as seconds for ``sentences`` sentences (a range)."""

    method: str
    seconds_low: float
    seconds_high: float
    sentences_low: int
    sentences_high: int
    source: str

    @property
    def per_sentence(self) -> tuple[float, float]:
        return self.seconds_low / self.sentences_high, self.seconds_high / self.sentences_low


#: method.md §10.6. Thesis: Europarl, 799 sentences, 1×A100, alignments precomputed, greedy.
#: Paper: MasakhaNER2 per-language runs of ≈1–2.2k sentences, MT/NER cached, alignment on GPU.
PUBLISHED = (
    Published("heuristic", 9, 16, 799, 799, "published: thesis, Europarl (799 sent., A100, alignments precomputed)"),
    Published("matching (alignment score)", 10, 13, 799, 799, "published: thesis, Europarl (799 sent., A100, alignments precomputed)"),
    Published("matching + NER score", 38, 45, 799, 799, "published: thesis, Europarl (799 sent., A100, alignments precomputed)"),
    Published("matching + NMT score", 703, 963, 799, 799, "published: thesis, Europarl (799 sent., A100, alignments precomputed)"),
    Published("heuristic", 29, 38, 1000, 2200, "published: paper, MasakhaNER2 runs (≈1–2.2k sent., GPU alignment incl.)"),
    Published("matching (NER candidates)", 50, 57, 1000, 2200, "published: paper, MasakhaNER2 runs (≈1–2.2k sent., GPU alignment incl.)"),
    Published("matching (n-gram candidates)", 264, 306, 1000, 2200, "published: paper, MasakhaNER2 runs (≈1–2.2k sent., GPU alignment incl.)"),
    Published("model transfer", 37, 37, 1000, 2200, "published: paper, MasakhaNER2 runs (≈1–2.2k sent., inference only)"),
)


def model_calls(method: str, n: int, mean_entities: float, mean_length: float) -> dict[str, float]:
    """Model calls for ``n`` sentences (method.md §10.6), beyond forward MT + source NER.

    Keys: ``nllb`` (generations), ``ner`` (forward passes), ``aligner`` (passes),
    ``nmt_forced`` (forced-decoding passes). NMT scoring assumes n-grams ≤ 10, i.e. about
    ``10·m·|E|`` (entity, candidate) pairs × 4 passes.
    """
    calls = {"nllb": 0.0, "ner": 0.0, "aligner": 0.0, "nmt_forced": 0.0}
    if method in ("heuristic", "matching (alignment score)", "matching (n-gram candidates)"):
        calls["aligner"] = n
    elif method in ("matching + NER score", "matching (NER candidates)"):
        calls["aligner"] = n
        calls["ner"] = n
    elif method == "matching + NMT score":
        calls["aligner"] = n
        calls["nmt_forced"] = 4 * 10 * mean_length * mean_entities * n
    elif method == "markers (EasyProject)":
        calls["nllb"] = (1 + mean_entities) * n
    elif method == "model transfer":
        calls["ner"] = n
    return calls


MODEL_METHODS = (
    "matching + NER score", "matching + NMT score", "markers (EasyProject)", "model transfer",
)


def extrapolate(
    measured: pd.DataFrame,
    n: int,
    *,
    mean_entities: float = 1.0,
    mean_length: float = 20.0,
    translate: bool = True,
    extra_per_sentence: float = 0.0,
    extra_note: str = "",
) -> pd.DataFrame:
    """Cost of processing ``n`` sentences with every method.

    Rows from ``measured`` (a :func:`micro_run` frame: seconds per sentence measured here,
    alignment included if it was timed as its own ``method``) and from :data:`PUBLISHED`.
    ``translate``: add the forward MT + source NER calls every projection method needs.
    ``extra_per_sentence``: seconds added to every measured row (e.g. alignment time per sentence
    taken from a run's timings), described by ``extra_note``.
    Columns ``method, source, seconds_low, seconds_high, nllb, ner, aligner, nmt_forced``.
    """
    rows = []
    if not measured.empty:
        for name, sec in measured.groupby("method", sort=False)["seconds"]:
            per = float(sec.mean()) + extra_per_sentence
            src = "measured here (CPU, this project" + (f"; {extra_note})" if extra_note else ")")
            rows.append(dict(method=name, source=src, seconds_low=per * n, seconds_high=per * n))
    for p in PUBLISHED:
        lo, hi = p.per_sentence
        rows.append(dict(method=p.method, source=p.source, seconds_low=lo * n, seconds_high=hi * n))
    rows.append(dict(method="markers (EasyProject)", source="model calls only: no published runtime",
                     seconds_low=float("nan"), seconds_high=float("nan")))
    for r in rows:
        base = r["method"]
        calls = model_calls(base, n, mean_entities, mean_length)
        if translate and base != "model transfer":
            calls["nllb"] += n if base != "markers (EasyProject)" else 0
            calls["ner"] += n
        r.update(calls)
    return pd.DataFrame(rows, columns=["method", "source", "seconds_low", "seconds_high",
                                       "nllb", "ner", "aligner", "nmt_forced"])


def humanise(seconds: float) -> str:
    """``"42 s"``, ``"3.5 min"``, ``"2.1 h"``, ``"4.0 d"``; ``"–"`` for NaN."""
    if seconds != seconds:
        return "–"
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds / size:.1f} {unit}"
    return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"


def corpus_stats(pairs: Sequence[SentencePair]) -> dict[str, float]:
    """Sentences, mean source entities and mean target length (inputs of :func:`extrapolate`)."""
    n = len(pairs)
    return {
        "sentences": n,
        "mean_entities": sum(len(p.src.spans) for p in pairs) / n if n else 0.0,
        "mean_length": sum(len(p.tgt.words) for p in pairs) / n if n else 0.0,
    }


def offline_methods(base=None) -> dict[str, ProjectFn]:
    """The offline methods a micro-run measures: the ``politov`` heuristic and alignment-score
    matching with the greedy and the exact (``scipy.optimize.milp``) solver. ``base`` is the
    :class:`~xproj_core.project.ProjectionConfig` whose other settings are kept."""
    from dataclasses import replace

    from .project import ProjectionConfig, project_pair

    base = base or ProjectionConfig()
    configs = {
        "heuristic (politov)": replace(base, method="heuristic", heuristic="politov"),
        "matching · greedy": replace(base, method="matching", scores=(("align", 1.0),), solver="greedy"),
        "matching · exact": replace(base, method="matching", scores=(("align", 1.0),), solver="exact"),
    }
    def method(cfg):
        def fn(pair, alignment, timings=None):
            return project_pair(pair, alignment, cfg, evidence=False, timings=timings)

        fn.stages = True
        return fn

    return {name: method(cfg) for name, cfg in configs.items()}


def align_seconds_per_sentence(timings: Mapping[str, float], n: int) -> float:
    """Alignment seconds per sentence from a run's timings (0 when not recorded)."""
    v = timings.get("align", timings.get("align_s", 0.0)) if timings else 0.0
    return float(v) / n if n and isinstance(v, (int, float)) else 0.0


def humanise_range(low: float, high: float) -> str:
    """``"2.1 min – 2.7 min"``, or one value when both ends agree; ``"–"`` when unknown."""
    if low != low or high != high:
        return "–"
    return humanise(low) if humanise(low) == humanise(high) else f"{humanise(low)} – {humanise(high)}"
