"""Review queue ranking and filters."""

import pandas as pd

from xproj_core.triage import filter_queue, min_margin, options, permalink, queue, span_f1
from xproj_core.types import ProjectedSpan, Projection, Sentence, SentencePair, Span


def _pair(pid, lang, src_spans, n=4):
    words = tuple(f"w{i}" for i in range(n))
    return SentencePair(pid, Sentence(words, tuple(src_spans), lang="en"), Sentence(words, (), lang=lang))


def _proj(pid, spans, rel, scores=None):
    scores = scores or [(0.9, 0.1)] * len(spans)
    ps = tuple(ProjectedSpan(s, k, a, b) for k, (s, (a, b)) in enumerate(zip(spans, scores)))
    return Projection(pid, ps, rel_cost=rel)


def test_triage_span_f1():
    a, b = Span(0, 1, "PER"), Span(2, 3, "LOC")
    assert span_f1([], []) == 1.0
    assert span_f1([a], [a]) == 1.0
    assert span_f1([a, b], [a]) == 2 / 3
    assert span_f1([a], [a.with_label("ORG")]) == 0.0


def test_triage_min_margin_counts_unprojected_entities_as_zero():
    p = _proj("x", [Span(0, 1, "PER")], 0.9, [(0.9, 0.2)])
    assert abs(min_margin(p, 1) - 0.7) < 1e-9
    assert min_margin(p, 2) == 0.0
    assert min_margin(None, 1) == 0.0


def test_triage_queue_orders_by_uncertainty():
    e = [Span(0, 1, "PER")]
    pairs = [_pair("sure", "de", e), _pair("none", "de", []), _pair("shaky", "es", e), _pair("dropped", "es", e)]
    projs = {
        "sure": _proj("sure", e, 0.95, [(0.95, 0.0)]),
        "none": _proj("none", [], 0.0),
        "shaky": _proj("shaky", e, 0.4, [(0.4, 0.35)]),
        "dropped": _proj("dropped", [], 0.0),
    }
    df = queue(pairs, projs, project_id=3, run_id=7)
    assert list(df["pair_id"]) == ["dropped", "shaky", "sure", "none"]
    assert df.loc[df.pair_id == "none", "uncertainty"].item() == 0.0
    assert df.loc[0, "uncertainty"] == 1.0
    assert df.loc[0, "link"] == "inspect?project=3&run=7&pair=dropped"


def test_triage_disagreement_between_runs_raises_priority():
    e = [Span(0, 1, "PER")]
    pairs = [_pair("a", "de", e), _pair("b", "de", e)]
    same = {p.id: _proj(p.id, e, 0.8, [(0.8, 0.2)]) for p in pairs}
    other = {"a": _proj("a", [Span(1, 2, "PER")], 0.8), "b": _proj("b", e, 0.8)}
    df = queue(pairs, same, others={"run 2": other})
    assert list(df["pair_id"]) == ["a", "b"]
    assert df.set_index("pair_id").loc["a", "disagreement"] == 1.0
    assert df.set_index("pair_id").loc["b", "disagreement"] == 0.0


def test_triage_filters():
    pairs = [_pair("a", "de", [Span(0, 1, "PER")]), _pair("b", "es", [Span(0, 1, "LOC")]), _pair("c", "es", [])]
    projs = {p.id: _proj(p.id, list(p.src.spans), 0.5) for p in pairs}
    df = queue(pairs, projs, statuses={"b": "corrected"}, categories={"a": ["MIS", "no candidate"]})
    assert set(filter_queue(df, langs=["es"])["pair_id"]) == {"b", "c"}
    assert set(filter_queue(df, types=["PER"])["pair_id"]) == {"a"}
    assert set(filter_queue(df, categories=["no candidate"])["pair_id"]) == {"a"}
    assert set(filter_queue(df, status="reviewed")["pair_id"]) == {"b"}
    assert set(filter_queue(df, status="unreviewed")["pair_id"]) == {"a", "c"}
    assert set(filter_queue(df, min_entities=1)["pair_id"]) == {"a", "b"}
    assert set(filter_queue(df)["pair_id"]) == {"a", "b", "c"}
    opts = options(df)
    assert opts == {"langs": ["de", "es"], "types": ["LOC", "PER"], "categories": ["MIS", "no candidate"]}


def test_triage_permalink_escapes():
    assert permalink(1, 2, "de 7&x") == "inspect?project=1&run=2&pair=de%207%26x"
