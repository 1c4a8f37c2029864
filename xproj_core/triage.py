"""The review queue: sentences ranked by how likely a correction is to pay off (ux.md §7.6).

Three signals, each in [0, 1] (1 = most uncertain), averaged into ``uncertainty``:

* ``1 - rel_cost`` (method §7.5; clipped to [0, 1]): a low mean matching score;
* ``1 - min margin``: the weakest entity's winner barely beat its runner-up
  (an entity that was not projected at all counts as margin 0);
* ``disagreement``: ``1 -`` mean pairwise span F1 (typed, exact) against the same
  sentence in the project's other runs (0 when there is only one run).

Sentences without source entities get uncertainty 0: there is nothing to project.
Pure functions over plain data; the review page only filters and draws the frame.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence
from urllib.parse import quote

import pandas as pd

from .types import Projection, SentencePair, Span

COLUMNS = (
    "pair_id", "lang", "n_entities", "n_projected", "types", "rel_cost", "margin",
    "disagreement", "uncertainty", "status", "categories", "source", "target", "link",
)

#: url path of the inspect page (``st.Page("pages/inspect.py")`` → ``inspect``).
INSPECT_PATH = "inspect"



def _uncertainty(n_ent: int, rel: float, margin: float, f1s: list[float], compared: bool) -> tuple[float, float]:
    """``(disagreement, uncertainty)``: the mean of ``1 − rel_cost``, ``1 − margin`` and, when other
    runs are compared, ``1 − mean span F1`` with them; 0 for a sentence without entities."""
    disagreement = 1.0 - sum(f1s) / len(f1s) if f1s else 0.0
    if not n_ent:
        return disagreement, 0.0
    signals = [1.0 - rel, 1.0 - margin] + ([disagreement] if compared else [])
    return disagreement, sum(signals) / len(signals)

def span_f1(a: Iterable[Span], b: Iterable[Span]) -> float:
    """Exact, typed span F1 between two span sets; 1.0 when both are empty."""
    if isinstance(a, (tuple, list)) and a == b:
        return 1.0  # the common case (runs agree), without hashing spans
    sa, sb = set(a), set(b)
    if not sa and not sb:
        return 1.0
    tp = len(sa & sb)
    return 2 * tp / (len(sa) + len(sb))


def min_margin(projection: Projection | None, n_entities: int) -> float:
    """Smallest winner − runner-up margin over the entities; 0 if one was not projected."""
    if projection is None or n_entities == 0:
        return 0.0
    margins = [p.score - p.runner_up_score for p in projection.spans]
    if len({p.entity_index for p in projection.spans}) < n_entities:
        margins.append(0.0)
    return max(0.0, min(margins)) if margins else 0.0


def permalink(project_id: int | str, run_id: int | str, pair_id: str, path: str = INSPECT_PATH) -> str:
    """Relative link that opens the inspect page on one sentence (``?project=..&run=..&pair=..``)."""
    return f"{path}?project={quote(str(project_id), safe='')}&run={quote(str(run_id), safe='')}&pair={quote(pair_id, safe='')}"


def queue(
    pairs: Sequence[SentencePair],
    projections: Mapping[str, Projection],
    *,
    others: Mapping[str, Mapping[str, Projection]] | None = None,
    statuses: Mapping[str, str] | None = None,
    categories: Mapping[str, Iterable[str]] | None = None,
    project_id: int | str = "",
    run_id: int | str = "",
) -> pd.DataFrame:
    """One row per pair, most uncertain first (ties: pair order).

    ``others``: run name → projections of the project's other runs (for disagreement).
    ``statuses``: pair id → review status (``corrected``/``accepted``/``rejected``); missing = ``""``.
    ``categories``: pair id → error categories of that sentence against gold (see analysis).
    """
    others = others or {}
    statuses = statuses or {}
    categories = categories or {}
    prefix = permalink(project_id, run_id, "")
    rows = []
    for order, pair in enumerate(pairs):
        proj = projections.get(pair.id)
        n_ent = len(pair.src.spans)
        spans = proj.labelled if proj is not None else ()
        rel = min(max(proj.rel_cost, 0.0), 1.0) if proj is not None else 0.0
        margin = min(min_margin(proj, n_ent), 1.0)
        f1s = [span_f1(spans, o[pair.id].labelled) for o in others.values() if pair.id in o]
        disagreement, uncertainty = _uncertainty(n_ent, rel, margin, f1s, bool(others))
        types = tuple(sorted({s.label for s in pair.src.spans} | {s.label for s in spans}))
        rows.append((
            pair.id, pair.tgt.lang or pair.src.lang, n_ent, len(spans), types, rel, margin,
            disagreement, uncertainty, statuses.get(pair.id, ""), tuple(sorted(set(categories.get(pair.id, ())))),
            pair.src.surface, pair.tgt.surface, prefix + quote(pair.id, safe=""), order,
        ))
    return _frame(rows)


def _frame(rows: list[tuple]) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=list(COLUMNS) + ["_order"])
    df = df.sort_values(["uncertainty", "_order"], ascending=[False, True], kind="stable")
    return df.drop(columns="_order").reset_index(drop=True)


def digest_queue(pairs, runs: Mapping[int, object], run_id: int, *, statuses: Mapping[str, str] | None = None,
                 project_id: int | str = "") -> pd.DataFrame:
    """:func:`queue` from digests (``Store.pair_digest``, run id -> ``Store.run_digest``): the same
    frame without decoding pairs, projections or alignments; categories come from the run digest."""
    own = runs[run_id]
    others = [r for rid, r in runs.items() if rid != run_id]
    statuses = statuses or {}
    cats = own.categories or {}
    prefix = permalink(project_id, run_id, "")
    rows = []
    for order, (pid, lang, src, st, tt) in enumerate(zip(pairs.ids, pairs.langs, pairs.src_spans, pairs.src_text,
                                                         pairs.tgt_text)):
        n_ent = len(src)
        has = pid in own.rel_cost
        spans = own.spans.get(pid, ())
        rel = min(max(own.rel_cost[pid], 0.0), 1.0) if has else 0.0
        margin = 0.0
        if has and n_ent:
            m = own.margin[pid]
            if own.n_projected_entities[pid] < n_ent:
                m = 0.0 if m is None else min(m, 0.0)
            margin = max(0.0, m) if m is not None else 0.0
        margin = min(margin, 1.0)
        f1s = [span_f1(spans, o.spans.get(pid, ())) for o in others if pid in o.rel_cost]
        disagreement, uncertainty = _uncertainty(n_ent, rel, margin, f1s, bool(others))
        types = tuple(sorted({s.label for s in src} | {s.label for s in spans}))
        rows.append((pid, lang, n_ent, len(spans), types, rel, margin, disagreement, uncertainty,
                     statuses.get(pid, ""), tuple(sorted(set(cats.get(pid, ())))), st, tt,
                     prefix + quote(pid, safe=""), order))
    return _frame(rows)


def run_digest_queue(store, project_id: int, run_id: int) -> pd.DataFrame:
    """:func:`run_queue` (categories included when the project has target gold) from the store's digests."""
    runs = {r.id: store.run_digest(r.id) for r in store.runs(project_id)}
    statuses = {pid: c.status for pid, c in store.current(run_id).items()}
    return digest_queue(store.pair_digest(project_id), runs, run_id, statuses=statuses, project_id=project_id)


def _has_any(values: pd.Series, wanted: set[str]) -> pd.Series:
    return values.map(lambda vs: bool(wanted.intersection(vs)))


def filter_queue(
    df: pd.DataFrame,
    *,
    langs: Iterable[str] = (),
    types: Iterable[str] = (),
    categories: Iterable[str] = (),
    status: str = "all",
    min_entities: int = 0,
) -> pd.DataFrame:
    """Keep rows matching every given filter; empty filters keep everything.

    ``status``: ``all``, ``unreviewed`` (no status yet), ``reviewed`` (any status) or a status name.
    """
    mask = pd.Series(True, index=df.index)
    if langs := set(langs):
        mask &= df["lang"].isin(langs)
    if types := set(types):
        mask &= _has_any(df["types"], types)
    if categories := set(categories):
        mask &= _has_any(df["categories"], categories)
    if status == "unreviewed":
        mask &= df["status"] == ""
    elif status == "reviewed":
        mask &= df["status"] != ""
    elif status != "all":
        mask &= df["status"] == status
    if min_entities:
        mask &= df["n_entities"] >= min_entities
    return df[mask].reset_index(drop=True)


def options(df: pd.DataFrame) -> dict[str, list[str]]:
    """Distinct values for the filter widgets: languages, entity types, error categories."""
    return {
        "langs": sorted(set(df["lang"])),
        "types": sorted({t for ts in df["types"] for t in ts}),
        "categories": sorted({c for cs in df["categories"] for c in cs}),
    }


def run_queue(store, project_id: int, run_id: int, *, categories: Mapping[str, Iterable[str]] | None = None,
              pairs: Sequence[SentencePair] | None = None,
              projections: Mapping[str, Mapping[str, Projection]] | None = None) -> pd.DataFrame:
    """:func:`queue` for one stored run, the project's other runs counting as disagreement.

    ``projections``: run id -> projections, for runs already loaded (the rest are read from ``store``).
    """
    pairs = store.pairs(project_id) if pairs is None else pairs
    loaded = dict(projections or {})
    for r in store.runs(project_id):
        if r.id not in loaded:
            loaded[r.id] = store.projections(r.id)
    others = {f"#{rid}": p for rid, p in loaded.items() if rid != run_id}
    statuses = {pid: c.status for pid, c in store.current(run_id).items()}
    return queue(pairs, loaded[run_id], others=others, statuses=statuses, categories=categories,
                 project_id=project_id, run_id=run_id)


def with_statuses(df: pd.DataFrame, current: Mapping[str, object]) -> pd.DataFrame:
    """Copy of a queue with ``status`` refreshed from ``Store.current`` (corrections change often)."""
    statuses = {pid: getattr(c, "status", str(c)) for pid, c in current.items()}
    out = df.copy()
    out["status"] = out["pair_id"].map(statuses).fillna("")
    return out
