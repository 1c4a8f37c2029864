"""NER-probability score (method §6.2) on hand-made word × label distributions."""

from __future__ import annotations

import numpy as np
import pytest

from xproj_core import registry
from xproj_core.errors import ConfigError
from xproj_core.ner_score import NerScorer, class_means, ner_scores
from xproj_core.types import Candidate, Sentence, SentencePair, Span

LABELS = ("O", "B-PER", "I-PER", "B-LOC", "I-LOC", "B-MISC", "I-MISC")


def dist(*rows: dict) -> np.ndarray:
    """Rows given as {label: p}; the rest of the mass goes to O."""
    out = np.zeros((len(rows), len(LABELS)))
    for w, row in enumerate(rows):
        for lab, p in row.items():
            out[w, LABELS.index(lab)] = p
        out[w, 0] = 1.0 - sum(row.values())
    return out


def all_candidates(n: int) -> list[Candidate]:
    return [Candidate(a, b) for a in range(n) for b in range(a + 1, n + 1)]


def naive_mean(p, a, b, cls, alpha=1.15):
    """Method §6.2 steps 3–4 written out literally for a full IOB2 label set."""
    mean = (p[a][LABELS.index(f"B-{cls}")] + sum(p[k][LABELS.index(f"I-{cls}")] for k in range(a + 1, b))) / (b - a)
    top = [LABELS[k] for k in p.argmax(axis=1)]
    if top[a] == f"B-{cls}" and all(top[k] == f"I-{cls}" for k in range(a + 1, b)):
        mean *= alpha ** (b - a - 1)
    return mean


def test_ner_score_matches_the_formula_on_random_distributions():
    rng = np.random.default_rng(3)
    for _ in range(20):
        logits = rng.normal(size=(7, len(LABELS))) * 3
        p = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
        cands = all_candidates(7)
        classes, means = class_means(p, LABELS, cands)
        assert classes == ("PER", "LOC", "MISC")
        expected = np.array([[naive_mean(p, c.start, c.end, t) for t in classes] for c in cands])
        assert np.allclose(means, expected)


def test_ner_score_bonus_makes_the_whole_entity_beat_its_prefix():
    p = dist({}, {"B-PER": 0.9}, {"I-PER": 0.8}, {"I-PER": 0.7}, {})
    cands = [Candidate(1, 2), Candidate(1, 3), Candidate(1, 4), Candidate(1, 5), Candidate(2, 4)]
    s = ner_scores(p, LABELS, [Span(0, 2, "PER")], cands)[0]
    assert s[0] == pytest.approx(0.9)
    assert s[1] == pytest.approx((0.9 + 0.8) / 2 * 1.15)
    assert s[2] == pytest.approx((0.9 + 0.8 + 0.7) / 3 * 1.15**2)
    assert s[3] == pytest.approx((0.9 + 0.8 + 0.7 + 0.0) / 4)  # O at word 4: no bonus
    assert s[4] == pytest.approx((0.0 + 0.7) / 2)  # starts on an I- word: no bonus, B- mass 0
    assert s.argmax() == 2


def test_ner_score_threshold_is_strict_and_modes_differ():
    p = dist({"B-LOC": 0.05}, {"B-PER": 0.06}, {"B-MISC": 0.9})
    cands = [Candidate(0, 1), Candidate(1, 2), Candidate(2, 3)]
    ents = [Span(0, 1, "LOC"), Span(0, 1, "PER"), Span(0, 1, "ORG")]
    per_class = ner_scores(p, LABELS, ents, cands)
    assert per_class.tolist() == [[0.0, 0.0, 0.0], [0.0, pytest.approx(0.06), 0.0], [0.0, 0.0, 0.0]]
    spans = ner_scores(p, LABELS, ents, cands, mode="spans")
    assert np.allclose(spans, [[0.0, 0.06, 0.9]] * 3)  # same row for every entity, class-agnostic
    ignored = ner_scores(p, LABELS, ents, cands, mode="spans", labels_to_ignore=["MISC"])
    assert np.allclose(ignored, [[0.0, 0.06, 0.0]] * 3)
    assert ner_scores(p, LABELS, [Span(0, 1, "MISC")], cands, labels_to_ignore=["MISC"]).sum() == 0
    with pytest.raises(ConfigError):
        ner_scores(p, LABELS, ents, cands, mode="max")


def test_ner_score_label_set_repair_and_bioes():
    iob1 = ("O", "I-PER", "B-LOC", "I-LOC")  # no B-PER, like the CoNLL-03 XLM-R checkpoint
    p = np.array([[0.1, 0.8, 0.05, 0.05], [0.2, 0.7, 0.05, 0.05], [0.9, 0.0, 0.05, 0.05]])
    s = ner_scores(p, iob1, [Span(0, 1, "PER")], [Candidate(0, 2)])[0, 0]
    assert s == pytest.approx((0.8 + 0.7) / 2 * 1.15)  # I-PER in both positions, bonus applies
    # inside_for_begin: LOC's begin column becomes I-LOC
    s = ner_scores(p, iob1, [Span(0, 1, "LOC")], [Candidate(0, 1)], threshold=0.0, inside_for_begin=True)[0, 0]
    assert s == pytest.approx(0.05)
    bioes = ("O", "B-PER", "I-PER", "E-PER", "S-PER")
    p = np.array([[0.1, 0.1, 0.0, 0.0, 0.8], [0.1, 0.6, 0.0, 0.0, 0.3], [0.1, 0.0, 0.2, 0.7, 0.0]])
    s = ner_scores(p, bioes, [Span(0, 1, "PER")], [Candidate(0, 1), Candidate(1, 3)])[0]
    assert s[0] == pytest.approx(0.9)  # S + B mass begins a span
    assert s[1] == pytest.approx((0.9 + 0.9) / 2 * 1.15)  # I + E mass continues it; argmax B then E


class CountingTagger:
    """A plain object satisfying the tagger protocol: probabilities from a word lexicon."""

    labels = LABELS
    name = "counting"

    def __init__(self):
        self.calls = []

    def tag(self, sentences):
        return [[] for _ in sentences]

    def probabilities(self, sentences, temperature=1.0):
        self.calls.append((len(sentences), temperature))
        lex = {"Ana": {"B-PER": 0.9}, "Pérez": {"I-PER": 0.9}, "Lima": {"B-LOC": 0.8}}
        return [dist(*(lex.get(w, {}) for w in words)) for words in sentences]


def test_ner_scorer_component_batches_and_caches():
    tagger = CountingTagger()
    pairs = [SentencePair(str(k), Sentence.from_words(["Ana", "Perez", "in", "Lima"], [Span(0, 2, "PER"), Span(3, 4, "LOC")]),
                          Sentence.from_words(tgt))
             for k, tgt in enumerate([["visita", "Lima", "Ana", "Pérez"], ["Ana", "Pérez"]])]
    scorer = registry.resolve("scorer", "ner", tagger=tagger, temperature=2.0)
    assert scorer.name == "ner"
    scorer.precompute([p.tgt.words for p in pairs] * 2)
    assert tagger.calls == [(2, 2.0)]  # one batched call, de-duplicated
    cands = all_candidates(4)
    m = scorer.score(pairs[0], None, cands)
    assert m.shape == (2, len(cands))
    assert cands[m[0].argmax()] == Candidate(2, 4) and cands[m[1].argmax()] == Candidate(1, 2)
    spans = registry.resolve("scorer", "ner_spans", labels=LABELS, probabilities=scorer._cache)
    assert spans.name == "ner_spans"
    s = spans.score(pairs[0], None, cands)
    assert np.array_equal(s[0], s[1]) and tagger.calls == [(2, 2.0)]
    with pytest.raises(ConfigError):
        spans.score(SentencePair("x", pairs[0].src, Sentence.from_words(["unseen"])), None, [Candidate(0, 1)])


def test_ner_scorer_spec_options():
    from xproj_core import ner_score

    assert ner_score.parse_spec("hf:org/model?labels_to_ignore=MISC,DATE&temperature=2&inside_for_begin=yes") == (
        "hf:org/model", {"labels_to_ignore": ("MISC", "DATE"), "temperature": 2.0, "inside_for_begin": True})
    tagger = CountingTagger()
    ner_score._TAGGERS["fake:x"] = tagger  # what resolve("ner", "fake:x") would have cached
    try:
        scorer = registry.resolve("scorer", "ner_spans:fake:x?labels_to_ignore=MISC&alpha=1.5", alpha=1.2)
    finally:
        del ner_score._TAGGERS["fake:x"]
    assert scorer.tagger is tagger and scorer.labels_to_ignore == ("MISC",) and scorer.alpha == 1.2
    for bad in ("ner:fake:x?colour=red", "ner:fake:x?alpha=big"):
        with pytest.raises(ConfigError):
            registry.resolve("scorer", bad)
    with pytest.raises(ConfigError):
        NerScorer(tagger, temperature=0)
