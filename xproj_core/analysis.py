"""Error analysis of a run: scores per language / entity type / run, the error taxonomy of
ux.md §5 with a drill-down to the sentences behind every count, and alignment AER.

Counting is done by :mod:`xproj_core.evaluate`; this module groups and tabulates. Every
table is a pandas DataFrame; the analysis page only filters and draws them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Mapping, Sequence

import pandas as pd

from . import evaluate as ev
from .types import Alignment, Projection, SentencePair, Span

#: display names, in display order (nervaluate code in brackets on the page).
CATEGORY_LABELS = {"correct": "correct", "wrong_type": "wrong type", "boundary": "boundary",
                   "missed": "missed", "spurious": "spurious"}
CAUSE_LABELS = {"no_candidate": "no candidate", "split": "split", "merged": "merged",
                "matching_error": "matching error", "mt_dropped": "MT dropped / unaligned",
                "over": "boundary: over-extension", "under": "boundary: under-extension",
                "shifted": "boundary: shifted"}
INSTANCE_COLUMNS = ["pair_id", "lang", "category", "boundary", "type_differs", "causes", "label",
                    "gold", "pred", "gold_text", "pred_text"]

Preds = Mapping[str, Sequence[Span]]


def _lang(p: SentencePair) -> str:
    return p.tgt.lang or p.src.lang or "?"


def has_gold(pairs: Sequence[SentencePair]) -> bool:
    """Whether any target side carries gold spans (needed for scores and error categories).

    ``pairs``: sentence pairs, or a project digest (``Store.pair_digest``)."""
    if hasattr(pairs, "tgt_spans"):
        return any(pairs.tgt_spans)
    return any(p.tgt.spans for p in pairs)


def predictions(store, run_id: int, pairs: Sequence[SentencePair], *, corrected: bool = False,
                projections: Mapping[str, Projection] | None = None) -> dict[str, tuple[Span, ...]]:
    """Projected spans per pair, or (``corrected``) with the reviewed result applied as
    ``Store.final_spans`` does (rejected sentences count as predicting nothing).
    ``projections``: the run's projections if already loaded."""
    projs = store.projections(run_id) if projections is None else projections
    final = {pid: p.labelled for pid, p in projs.items()}
    if corrected:
        _apply_corrections(final, store, run_id)
    return {p.id: tuple(final.get(p.id, ())) for p in pairs}


def _apply_corrections(final: dict, store, run_id: int) -> None:
    """Overlay the run's effective corrections on ``final`` (pair id -> spans), in place."""
    for pid, c in store.current(run_id).items():
        if c.status == "rejected":
            final[pid] = ()
        elif c.status != "accepted" or c.spans:
            final[pid] = tuple(sorted(c.spans))


def digest_predictions(store, run_id: int, run_digest, ids, *, corrected: bool = False) -> dict[str, tuple[Span, ...]]:
    """:func:`predictions` from a run digest (``Store.run_digest``) instead of decoded projections."""
    final = dict(run_digest.spans)
    if corrected:
        _apply_corrections(final, store, run_id)
    return {i: tuple(final.get(i, ())) for i in ids}


# ------------------------------------------------------------------------------------ scores


def _prf_row(key: dict, prf: ev.PRF) -> dict:
    return {**key, "gold": prf.tp + prf.fn, "pred": prf.tp + prf.fp, "tp": prf.tp, "fp": prf.fp, "fn": prf.fn,
            "P": 100 * prf.precision, "R": 100 * prf.recall, "F1": 100 * prf.f1}


def scores_by_lang(pairs: Sequence[SentencePair], pred: Preds, *, with_all: bool = True,
                   types: dict | None = None) -> pd.DataFrame:
    """Micro P/R/F1 (×100, seqeval default mode) and ``proj_ratio`` per target language.

    ``proj_ratio`` compares with the *source* entities (method §9.1: silent drops), so it is
    defined without target gold too. A final ``all`` row holds the micro scores of everything and
    the unweighted mean of the per-language F1 (``F1_mean``, the §10 convention).
    ``types``: a dict filled with language (and ``all``) -> per-type table, from the same pass.
    """
    return _scores([(p.id, _lang(p), p.tgt.spans, p.src.spans) for p in pairs], pred, with_all, types)


def scores_by_lang_digest(pairs, pred: Preds, *, with_all: bool = True, types: dict | None = None) -> pd.DataFrame:
    """:func:`scores_by_lang` over a project's digest (``Store.pair_digest``): no words needed."""
    rows = [(i, l or "?", g, s) for i, l, g, s in zip(pairs.ids, pairs.langs, pairs.tgt_spans, pairs.src_spans)]
    return _scores(rows, pred, with_all, types)


def _scores(items: list[tuple], pred: Preds, with_all: bool, types: dict | None) -> pd.DataFrame:
    """``items``: (pair id, language, gold target spans, source spans) per pair."""
    groups: dict[str, list[tuple]] = defaultdict(list)
    for it in items:
        groups[it[1]].append(it)
    rows = []
    total = None
    for lang in sorted(groups):
        ps = groups[lang]
        pr = [pred.get(p[0], ()) for p in ps]
        report = ev.span_scores([p[2] for p in ps], pr)
        row = _prf_row({"lang": lang, "sentences": len(ps)}, report.micro)
        row["proj_ratio"] = ev.proj_ratio([p[3] for p in ps], pr)
        rows.append(row)
        if types is not None:
            types[lang] = _type_table(report.per_type)
        total = report if total is None else _merge(total, report)
    df = pd.DataFrame(rows)
    if with_all and len(rows) > 1:
        row = _prf_row({"lang": "all", "sentences": len(items)}, total.micro)
        row["proj_ratio"] = ev.proj_ratio([p[3] for p in items], [pred.get(p[0], ()) for p in items])
        row["F1_mean"] = df["F1"].mean()
        df = pd.concat([df, pd.DataFrame([row])], ignore_index=True)
        if types is not None:
            types["all"] = _type_table(total.per_type)
    return df


def _merge(a: "ev.SpanReport", b: "ev.SpanReport") -> "ev.SpanReport":
    per = dict(a.per_type)
    for t, prf in b.per_type.items():
        per[t] = per[t] + prf if t in per else prf
    return ev.SpanReport(a.micro + b.micro, dict(sorted(per.items())))


def _type_table(per_type: Mapping[str, "ev.PRF"]) -> pd.DataFrame:
    return pd.DataFrame([_prf_row({"type": t}, prf) for t, prf in per_type.items()],
                        columns=["type", "gold", "pred", "tp", "fp", "fn", "P", "R", "F1"])


def scores_by_type(pairs: Sequence[SentencePair], pred: Preds, *, lang: str | None = None) -> pd.DataFrame:
    """P/R/F1 (×100) per entity type, over one language or all."""
    ps = [p for p in pairs if lang in (None, "all") or _lang(p) == lang]
    return _type_table(ev.span_scores([p.tgt.spans for p in ps], [pred.get(p.id, ()) for p in ps]).per_type)


# ------------------------------------------------------------------------------ error taxonomy


def _unaligned(span: Span, alignment: Alignment | frozenset | int | None) -> bool:
    if alignment is None:
        return False
    if isinstance(alignment, int):  # bit mask of linked target words (RunDigest.linked)
        return not (alignment >> span.start) & ((1 << (span.end - span.start)) - 1)
    targets = alignment if isinstance(alignment, (set, frozenset)) else (l.tgt for l in alignment.links)
    return not any(span.start <= t < span.end for t in targets)


def instances(pairs: Sequence[SentencePair], pred: Preds, *,
              projections: Mapping[str, Projection] | None = None,
              alignments: Mapping[str, Alignment | frozenset | int] | None = None) -> pd.DataFrame:
    """One row per gold/predicted pairing (:func:`evaluate.categorise`), tagged with language and causes.

    ``projections`` with evidence add the causes of evaluate (no candidate, split, merged, matching
    error); ``alignments`` add ``mt_dropped``: a missed gold span none of whose words is linked to
    the labelled side (the translation dropped it, or the aligner missed it entirely). Its values
    may be Alignments, sets of linked target words, or their bit masks (``RunDigest.linked``).
    """
    return _instances([(p.id, _lang(p), p.tgt.spans, p.tgt.words) for p in pairs], pred, projections, alignments)


def instances_digest(pairs, pred: Preds, *, alignments: Mapping[str, Alignment | frozenset | int] | None = None
                     ) -> pd.DataFrame:
    """:func:`instances` (without evidence) over a project's digest (``Store.pair_digest``)."""
    items = [(i, l or "?", g, w) for i, l, g, w in zip(pairs.ids, pairs.langs, pairs.tgt_spans, pairs.tgt_words)]
    return _instances(items, pred, None, alignments)


def _instances(items: list[tuple], pred: Preds, projections, alignments) -> pd.DataFrame:
    """``items``: (pair id, language, gold target spans, target words) per pair."""
    from .digest import bulk_decode

    with bulk_decode():  # 10,000s of acyclic rows: the GC passes they trigger cost more than building them
        return _instance_frame(items, pred, projections, alignments)


def _instance_frame(items: list[tuple], pred: Preds, projections, alignments) -> pd.DataFrame:
    rows = []
    for k, (pid, lang, gold, words) in enumerate(items):
        pr = pred.get(pid, ())
        proj = projections.get(pid) if projections is not None else None
        if proj is None and _all_correct(gold, pr):  # the common case, without pairing spans up
            for g in sorted(set(gold)):
                text = " ".join(words[g.start:g.end])
                rows.append((pid, lang, "correct", "", False, (), g.label, g, g, text, text))
            continue
        for i in ev.categorise_sentence(gold, pr, proj, k)[0]:
            rows.append(_instance_row(pid, lang, words, i, alignments))
    return pd.DataFrame(rows, columns=INSTANCE_COLUMNS)


def _all_correct(gold: Sequence[Span], pred: Sequence[Span]) -> bool:
    """Same spans (as sets), and no two of them share boundaries: every instance is ``correct``."""
    sg = set(gold)
    return sg == set(pred) and len({(s.start, s.end) for s in sg}) == len(sg)


def _instance_row(pid: str, lang: str, words: Sequence[str], i: "ev.ErrorInstance", alignments) -> tuple:
    causes = list(i.causes)
    if i.category == "missed" and alignments is not None and _unaligned(i.gold, alignments.get(pid)):
        causes.append("mt_dropped")
    span = i.gold if i.gold is not None else i.pred
    return (pid, lang, i.category, i.boundary, i.type_differs, tuple(causes), span.label, i.gold, i.pred,
            " ".join(words[i.gold.start:i.gold.end]) if i.gold else "", " ".join(words[i.pred.start:i.pred.end]) if i.pred else "")


def category_counts(inst: pd.DataFrame) -> pd.DataFrame:
    """Instances per (language, category); ``order`` sorts categories for stacking."""
    order = {c: k for k, c in enumerate(CATEGORY_LABELS)}
    if inst.empty:
        return pd.DataFrame(columns=["lang", "category", "count", "order"])
    df = inst.groupby(["lang", "category"]).size().rename("count").reset_index()
    df["order"] = df["category"].map(order)
    df["category"] = df["category"].map(CATEGORY_LABELS)
    return df.sort_values(["lang", "order"]).reset_index(drop=True)


def category_table(inst: pd.DataFrame) -> pd.DataFrame:
    """Wide table: one row per language (plus ``all``), one column per category, nervaluate style."""
    cols = list(CATEGORY_LABELS)
    if inst.empty:
        return pd.DataFrame(columns=["lang", *[CATEGORY_LABELS[c] for c in cols]])
    wide = pd.crosstab(inst["lang"], inst["category"]).reindex(columns=cols, fill_value=0)
    wide.loc["all"] = wide.sum()
    wide.columns = [CATEGORY_LABELS[c] for c in cols]
    return wide.reset_index().rename(columns={"index": "lang"})


def cause_counts(inst: pd.DataFrame) -> pd.DataFrame:
    """Errors per cause and language; boundary subtypes count as causes ``boundary: …``."""
    rows: dict[tuple[str, str], int] = defaultdict(int)
    cols = [inst[c].tolist() if c in inst else [] for c in ("lang", "causes", "boundary")]  # lists: no Arrow iteration
    for lang, causes, boundary in zip(*cols):
        for c in causes:
            rows[(CAUSE_LABELS[c], lang)] += 1
        if boundary:
            rows[(CAUSE_LABELS[boundary], lang)] += 1
    return pd.DataFrame([(c, l, n) for (c, l), n in sorted(rows.items())], columns=["cause", "lang", "count"])


def drill(inst: pd.DataFrame, *, category: str | None = None, cause: str | None = None, lang: str | None = None,
          label: str | None = None) -> pd.DataFrame:
    """The instances behind one count. ``category``/``cause`` take internal or display names."""
    mask = pd.Series(True, index=inst.index)
    if category:
        key = {v: k for k, v in CATEGORY_LABELS.items()}.get(category, category)
        mask &= inst["category"] == key
    if cause:
        key = {v: k for k, v in CAUSE_LABELS.items()}.get(cause, cause)
        if key in ev.BOUNDARY:
            mask &= inst["boundary"] == key
        else:
            mask &= inst["causes"].map(lambda cs: key in cs)
    if lang and lang != "all":
        mask &= inst["lang"] == lang
    if label:
        mask &= inst["label"] == label
    return inst[mask].reset_index(drop=True)


def drill_table(rows: pd.DataFrame, *, project_id: int | str, run_id: int | str) -> pd.DataFrame:
    """Drill-down rows made readable, each with a permalink to the inspect page."""
    from .triage import permalink

    def fmt(s):
        return f"[{s.start}, {s.end}) {s.label}" if isinstance(s, Span) else ""

    col = {c: rows[c].tolist() for c in ("pair_id", "boundary", "causes", "gold", "gold_text", "pred", "pred_text")}
    links = {pid: permalink(project_id, run_id, pid) for pid in dict.fromkeys(col["pair_id"])}  # once per sentence
    out = pd.DataFrame({
        "pair_id": rows["pair_id"], "lang": rows["lang"],
        "category": rows["category"].map(CATEGORY_LABELS),
        "detail": [", ".join([b] * bool(b) + [CAUSE_LABELS[c] for c in cs]) for b, cs in zip(col["boundary"], col["causes"])],
        "gold": [f"{fmt(g)} {t}".strip() for g, t in zip(col["gold"], col["gold_text"])],
        "projected": [f"{fmt(p)} {t}".strip() for p, t in zip(col["pred"], col["pred_text"])],
        "link": [links[pid] for pid in col["pair_id"]],
    })
    return out


def picked_point(event, name: str) -> dict | None:
    """The first point of selection ``name`` in a Streamlit chart event (``{"category": .., "lang": ..}``)."""
    try:
        points = event["selection"][name]
    except (KeyError, TypeError):
        return None
    return dict(points[0]) if points else None


def pair_categories(inst: pd.DataFrame) -> dict[str, tuple[str, ...]]:
    """pair id -> the error categories and causes found in it (for the review filters); ``correct`` omitted."""
    out: dict[str, set[str]] = defaultdict(set)
    for pid, cat, causes, b in zip(*(inst[c].tolist() for c in ("pair_id", "category", "causes", "boundary"))):
        if cat == "correct":
            continue
        out[pid].add(CATEGORY_LABELS[cat])
        out[pid].update(CAUSE_LABELS[c] for c in causes)
        if b:
            out[pid].add(CAUSE_LABELS[b])
    return {k: tuple(sorted(v)) for k, v in out.items()}


def with_evidence(pairs: Sequence[SentencePair], pred: Preds, alignments: Mapping[str, Alignment], config,
                  project: Callable | None = None) -> dict[str, Projection]:
    """Recompute projections *with evidence* for the sentences that have an error (causes need it).

    ``project(pair, alignment, config, evidence=True)`` defaults to ``project.project_pair``.
    """
    if project is None:
        from .project import project_pair as project
    out = {}
    for p in pairs:
        gold, pr = set(p.tgt.spans), set(pred.get(p.id, ()))
        if gold != pr:
            out[p.id] = project(p, alignments.get(p.id, Alignment()), config, evidence=True)
    return out


# ------------------------------------------------------------------------------ alignments, runs


def aer_by_lang(pairs: Sequence[SentencePair], gold: Mapping, alignments: Mapping[str, Alignment]) -> pd.DataFrame:
    """Alignment precision, recall and AER (×100) per language, on pairs that have a gold alignment."""
    groups: dict[str, list[SentencePair]] = defaultdict(list)
    for p in pairs:
        if p.id in gold:
            groups[_lang(p)].append(p)
    rows = []
    for lang in sorted(groups):
        ps = groups[lang]
        s = ev.aer([gold[p.id] for p in ps], [alignments.get(p.id, Alignment()) for p in ps])
        rows.append({"lang": lang, "sentences": len(ps), "links": s.n_pred, "sure": s.n_sure,
                     "P": 100 * s.precision, "R": 100 * s.recall, "AER": 100 * s.aer})
    if len(rows) > 1:
        ps = [p for g in groups.values() for p in g]
        s = ev.aer([gold[p.id] for p in ps], [alignments.get(p.id, Alignment()) for p in ps])
        rows.append({"lang": "all", "sentences": len(ps), "links": s.n_pred, "sure": s.n_sure,
                     "P": 100 * s.precision, "R": 100 * s.recall, "AER": 100 * s.aer})
    return pd.DataFrame(rows, columns=["lang", "sentences", "links", "sure", "P", "R", "AER"])


def compare_runs(store, project_id: int, pairs: Sequence[SentencePair] | None = None,
                 gold_alignments: Mapping | None = None, *, projections: Mapping[int, Mapping] | None = None,
                 alignments: Mapping[int, Mapping] | None = None) -> pd.DataFrame:
    """One row per (run, language): P/R/F1, proj_ratio, and AER where gold alignments exist.

    ``projections`` / ``alignments``: run id -> already loaded data (the rest is read from ``store``).
    """
    pairs = store.pairs(project_id) if pairs is None else pairs
    gold_alignments = store.gold_alignments(project_id) if gold_alignments is None else gold_alignments
    projections, alignments = projections or {}, alignments or {}
    frames = []
    for info in store.runs(project_id):
        df = scores_by_lang(pairs, predictions(store, info.id, pairs, projections=projections.get(info.id)))
        if gold_alignments:
            als = alignments[info.id] if info.id in alignments else store.alignments(info.id)
            aer = aer_by_lang(pairs, gold_alignments, als).set_index("lang")["AER"]
            df["AER"] = df["lang"].map(aer)
        df.insert(0, "run", f"#{info.id} {info.name}")
        df.insert(1, "method", info.config.get("method", ""))
        df.insert(2, "aligner", info.config.get("aligner", ""))
        frames.append(df)
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def review_queue(store, project_id: int, run_id: int, *, pairs: Sequence[SentencePair] | None = None,
                 projections: Mapping[int, Mapping[str, Projection]] | None = None,
                 alignments: Mapping[str, Alignment] | None = None) -> pd.DataFrame:
    """The review queue of a run (:func:`triage.run_queue`), with error categories when target gold exists.

    ``pairs``, ``projections`` (run id -> projections) and ``alignments`` (of ``run_id``) may be
    passed in when the caller has them loaded already; the rest is read from ``store``. With none
    of them, the queue comes from the store's digests (no decoding of pairs, projections or alignments).
    """
    from .triage import run_digest_queue, run_queue

    if pairs is None and projections is None and alignments is None:
        return run_digest_queue(store, project_id, run_id)  # the same frame, from the store's digests
    pairs = store.pairs(project_id) if pairs is None else pairs
    projections = dict(projections or {})
    if run_id not in projections:
        projections[run_id] = store.projections(run_id)
    cats = None
    if has_gold(pairs):
        own = projections[run_id]
        pred = {p.id: own[p.id].labelled if p.id in own else () for p in pairs}
        als = store.alignments(run_id) if alignments is None else alignments
        cats = pair_categories(instances(pairs, pred, alignments=als))
    return run_queue(store, project_id, run_id, categories=cats, pairs=pairs, projections=projections)
