"""The fast path (alignment-only n-gram matching, no evidence) equals the general path exactly."""

import random

import pytest

from xproj_core import fastpath
from xproj_core.errors import InputError
from xproj_core.project import ProjectionConfig, project_corpus, project_pair
from xproj_core.types import Alignment, Sentence, SentencePair, Span


def rand_pair(rng: random.Random, pid: str, n: int | None = None):
    n = n or rng.choice([rng.randint(1, 8), rng.randint(15, 35), rng.randint(15, 35), rng.randint(40, 120)])
    m = max(1, n + rng.randint(-5, 5))
    ents = []
    for _ in range(rng.choice([0, 1, 1, 2, 3, 4])):
        a = rng.randrange(n)
        ents.append(Span(a, min(n, a + rng.randint(1, 4)), rng.choice(["PER", "LOC", "ORG"])))
    if rng.random() < 0.7:  # mostly disjoint entities, sometimes overlapping ones
        ents = [e for k, e in enumerate(sorted(ents)) if all(not e.overlaps(o) for o in sorted(ents)[:k])]
    links = set()
    density = rng.choice([0.3, 0.9, 1.0])
    for i in range(n):
        if rng.random() < density:
            links.add((i, min(m - 1, max(0, round(i * m / n) + rng.choice([0, 0, -1, 1, 2])))))
    for _ in range(rng.randint(0, 4)):
        links.add((rng.randrange(n), rng.randrange(m)))
    words = [rng.choice(["!", "?"]) if rng.random() < 0.04 else f"t{j}" for j in range(m)]
    pair = SentencePair(pid, Sentence.from_words([f"s{i}" for i in range(n)], ents), Sentence.from_words(words))
    return pair, Alignment.from_pairs(links)


def same(a, b):
    assert a.pair_id == b.pair_id and a.method == b.method and a.evidence == b.evidence == ()
    assert [(s.span, s.entity_index, s.score, s.runner_up_score) for s in a.spans] == \
           [(s.span, s.entity_index, s.score, s.runner_up_score) for s in b.spans]
    assert a.objective == b.objective and a.rel_cost == b.rel_cost


CONFIGS = [ProjectionConfig(), ProjectionConfig(solver="exact"), ProjectionConfig(max_len=None),
           ProjectionConfig(max_len=None, solver="exact"), ProjectionConfig(max_len=3, min_len=2),
           ProjectionConfig(restrict="aligned_ends"), ProjectionConfig(restrict="aligned", max_len=None),
           ProjectionConfig(restrict="aligned_ends", max_len=None), ProjectionConfig(restrict="aligned_ends", max_len=4,
                                                                                     thresholds={"align": 0.6}),
           ProjectionConfig(stop_tokens=()), ProjectionConfig(thresholds={"align": 0.5}),
           ProjectionConfig(scores={"align": 2.5, "ortho": 0.0}), ProjectionConfig(op="<=", n_proj=2),
           ProjectionConfig(op=">=", n_proj=1), ProjectionConfig(op="=", n_proj=2, solver="exact"),
           ProjectionConfig(op="<", n_proj=1), ProjectionConfig(op=">", n_proj=1, solver="exact")]


@pytest.mark.parametrize("k", range(len(CONFIGS)))
def test_fast_equals_general_on_random_pairs(k):
    cfg = CONFIGS[k]
    assert fastpath.plan(cfg) is not None
    rng = random.Random(100 + k)
    n_pairs = 1000 if k < 2 else 150
    data = [rand_pair(rng, f"r{i}") for i in range(n_pairs)]
    fast = project_corpus([p for p, _ in data], [a for _, a in data], cfg)
    for (pair, al), f in zip(data, fast):
        same(f, project_pair(pair, al, cfg, evidence=False, fast=False))


@pytest.mark.parametrize("cfg", [ProjectionConfig(), ProjectionConfig(max_len=None),
                                 ProjectionConfig(solver="exact", max_len=None)])
def test_fast_equals_general_on_long_sentences(cfg):
    rng = random.Random(7)
    for n in (150, 220, 700):
        pair, al = rand_pair(rng, f"L{n}", n=n)
        ents = tuple(Span(a, a + rng.randint(1, 3), "PER") for a in range(0, n - 4, max(5, n // 12)))
        pair = SentencePair(pair.id, Sentence.from_words(pair.src.words, ents), pair.tgt)
        same(project_pair(pair, al, cfg, evidence=False), project_pair(pair, al, cfg, evidence=False, fast=False))


def test_plan_only_for_alignment_only_ngrams():
    assert fastpath.plan(ProjectionConfig(scores={"align": 1, "ortho": 0.5})) is None
    assert fastpath.plan(ProjectionConfig(method="heuristic")) is None
    assert fastpath.plan(ProjectionConfig(candidates="aligned_window")) is None
    assert fastpath.plan(ProjectionConfig(scores={"align": 0.0, "ortho": 1.0})) is None


def test_fast_path_reports_bad_links_and_keeps_evidence_path():
    pair, al = rand_pair(random.Random(3), "x", n=20)
    pair = SentencePair("x", Sentence.from_words(pair.src.words, [Span(2, 4, "LOC")]), pair.tgt)
    bad = Alignment.from_pairs(list(al.pairs()) + [(3, 99)])
    with pytest.raises(InputError):
        project_corpus([pair], [bad], ProjectionConfig())
    with_ev = project_pair(pair, al, ProjectionConfig(), evidence=True)
    assert len(with_ev.evidence) == 1
    assert with_ev.spans == project_pair(pair, al, ProjectionConfig(), evidence=False).spans


def test_unsorted_or_repeated_links_built_directly():
    rng = random.Random(11)
    for k in range(200):
        pair, al = rand_pair(rng, f"u{k}", n=rng.randint(5, 30))
        links = list(al.links) + list(al.links[:3])  # repeats count twice on both paths
        rng.shuffle(links)
        odd = Alignment(tuple(links))
        for cfg in (ProjectionConfig(), ProjectionConfig(solver="exact")):
            same(project_pair(pair, odd, cfg, evidence=False), project_pair(pair, odd, cfg, evidence=False, fast=False))
