"""Cost tables: stage timings, micro-run, extrapolation with published figures."""

import math

from xproj_core.costs import (PUBLISHED, extrapolate, humanise, length_bucket, micro_run, model_calls,
                              per_length, stage_table)
from xproj_core.types import Alignment, Sentence, SentencePair, Span


def _pairs(lengths):
    out = []
    for k, n in enumerate(lengths):
        w = tuple(f"w{i}" for i in range(n))
        out.append(SentencePair(f"p{k}", Sentence(w, (Span(0, 1, "PER"),)), Sentence(w)))
    return out


def test_costs_length_bucket():
    assert [length_bucket(n) for n in (1, 10, 11, 25, 41, 500)] == ["1–10", "1–10", "11–20", "21–40", "41+", "41+"]


def test_costs_stage_table_per_sentence():
    df = stage_table([("r1", {"align_s": 2.0, "solve": 0.5, "total": 9, "note": "x"}, 100)])
    assert list(df["stage"]) == ["align", "solve"]
    assert df["ms_per_sentence"].tolist() == [20.0, 5.0]


def test_costs_micro_run_uses_clock_and_samples():
    pairs = _pairs([5] * 10 + [30] * 10)
    als = {p.id: Alignment() for p in pairs}
    ticks = iter(range(1000))
    calls = []
    df = micro_run(pairs, als, {"m": lambda p, a: calls.append(p.id)}, sample=4, clock=lambda: next(ticks))
    assert len(df) == 4 and len(calls) == 5  # one warm-up call
    assert (df["seconds"] == 1.0).all()
    table = per_length(df)
    assert list(table["bucket"]) == ["1–10", "21–40"]
    assert table["ms_per_sentence"].tolist() == [1000.0, 1000.0]


def test_costs_extrapolate_measured_and_published():
    pairs = _pairs([5, 5])
    ticks = iter([0.0, 0.01, 0.0, 0.03])
    measured = micro_run(pairs, {p.id: Alignment() for p in pairs}, {"heuristic (here)": lambda p, a: None},
                         clock=lambda: next(ticks))
    df = extrapolate(measured, 1000, mean_entities=2, mean_length=10)
    here = df[df.method == "heuristic (here)"].iloc[0]
    assert math.isclose(here.seconds_low, 20.0)
    assert here.source.startswith("measured")
    nmt = df[df.method == "matching + NMT score"].iloc[0]
    assert nmt.source.startswith("published")
    assert math.isclose(nmt.seconds_low, 703 / 799 * 1000)
    assert nmt.nmt_forced == 4 * 10 * 10 * 2 * 1000
    markers = df[df.method.str.startswith("markers")].iloc[0]
    assert math.isnan(markers.seconds_low) and markers.nllb == 3 * 1000
    mt = df[df.method == "model transfer"].iloc[0]
    assert mt.nllb == 0 and mt.ner == 1000
    assert all(p.source.startswith("published") for p in PUBLISHED)


def test_costs_model_calls_and_humanise():
    assert model_calls("matching + NER score", 10, 1, 5)["ner"] == 10
    assert humanise(5) == "5 s" and humanise(90) == "1.5 min" and humanise(7200) == "2.0 h"
    assert humanise(float("nan")) == "–"
    from xproj_core.costs import humanise_range

    assert humanise_range(5, 5) == "5 s" and humanise_range(60, 120) == "1.0 min – 2.0 min"
    assert humanise_range(float("nan"), float("nan")) == "–"


def test_costs_offline_methods_run_on_demo():
    from xproj_core.costs import corpus_stats, offline_methods
    from xproj_core.demo import demo_gold_alignments, load_demo

    pairs = load_demo()[:6]
    gold = demo_gold_alignments()
    als = {p.id: Alignment.from_pairs(gold[p.id].sure) for p in pairs if p.id in gold}
    df = micro_run(pairs, als, offline_methods(), sample=6)
    assert set(df["method"]) == {"heuristic (politov)", "matching · greedy", "matching · exact"}
    assert (df["seconds"] > 0).all()
    from xproj_core.costs import per_stage

    stages = per_stage(df)
    assert {"candidates", "score", "solve", "heuristic"} <= set(stages["stage"])
    assert set(stages[stages.stage == "heuristic"]["method"]) == {"heuristic (politov)"}
    stats = corpus_stats(pairs)
    assert stats["sentences"] == 6 and stats["mean_entities"] > 0
    ext = extrapolate(df, 100, extra_per_sentence=0.5, extra_note="alignment")
    assert ext[ext.method == "matching · greedy"].seconds_low.item() > 50


def test_costs_per_stage_from_staged_methods():
    from xproj_core.costs import per_stage

    pairs = _pairs([5, 5])

    def fn(pair, alignment, timings):
        timings["score"] = timings.get("score", 0.0) + 0.002
        timings["solve"] = timings.get("solve", 0.0) + 0.001

    fn.stages = True
    df = micro_run(pairs, {p.id: Alignment() for p in pairs}, {"m": fn})
    table = per_stage(df).set_index("stage")["ms_per_sentence"]
    assert math.isclose(table["score"], 2.0) and math.isclose(table["solve"], 1.0)
    assert per_stage(micro_run(pairs, {p.id: Alignment() for p in pairs}, {"plain": lambda p, a: None})).empty
