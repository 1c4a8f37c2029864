"""Candidate extraction (method §5)."""

import time

import numpy as np
import pytest

from xproj_core.candidates import (AUTO_RESTRICT_ABOVE, AlignedWindowExtractor, Candidates, NgramExtractor,
                                   SpanListExtractor, UnionExtractor)
from xproj_core.errors import ConfigError
from xproj_core.registry import resolve
from xproj_core.types import Alignment, Candidate, Sentence, SentencePair, Span


def make_pair(n_src, tgt_words, entities=(), pid="p"):
    src = Sentence.from_words([f"s{i}" for i in range(n_src)], entities)
    tgt = Sentence.from_words(tgt_words)
    return SentencePair(pid, src, tgt)


def brute_ngrams(words, max_len, min_len=1, stop=("!", "?")):
    m = len(words)
    max_len = m if max_len is None else max_len
    return tuple(Candidate(a, b) for a in range(m) for b in range(a + min_len, min(a + max_len, m) + 1)
                 if not any(w in stop for w in words[a:b]))


@pytest.mark.parametrize("max_len", [1, 2, 3, 10, None])
def test_ngram_matches_definition(max_len):
    words = "a b ! c d ? e f".split()
    pair = make_pair(1, words)
    got = NgramExtractor(max_len=max_len).extract(pair, Alignment())
    assert got == brute_ngrams(words, max_len)
    assert list(got) == sorted(got)


def test_ngram_min_len_and_no_stop_tokens():
    words = list("abcde")
    got = NgramExtractor(max_len=3, min_len=2, stop_tokens=()).extract(make_pair(1, words), Alignment())
    assert got == brute_ngrams(words, 3, 2, ())
    assert all(2 <= len(c) <= 3 for c in got)


def test_ngram_rejects_bad_options():
    with pytest.raises(ConfigError):
        NgramExtractor(max_len=0)
    with pytest.raises(ConfigError):
        NgramExtractor(restrict="some")


def test_restrict_aligned_keeps_exactly_the_spans_touching_aligned_words():
    words = [f"w{i}" for i in range(12)]
    pair = make_pair(4, words, [Span(1, 3, "PER")])
    al = Alignment.from_pairs([(1, 4), (2, 7), (0, 10)])  # (0,10) is outside the entity
    full = NgramExtractor(max_len=None, restrict="none").extract(pair, al)
    got = NgramExtractor(max_len=None, restrict="aligned").extract(pair, al)
    expect = tuple(c for c in full if c.start <= 4 < c.end or c.start <= 7 < c.end)
    assert got == expect


def test_unbounded_long_sentence_is_bounded():
    m = 2000
    words = [f"w{i}" for i in range(m)]
    pair = make_pair(30, words, [Span(3, 5, "ORG")])
    al = Alignment.from_pairs([(3, 1500), (4, 1501)])
    t0 = time.perf_counter()
    got = NgramExtractor(max_len=None).extract(pair, al)  # auto-restricted
    assert time.perf_counter() - t0 < 2.0
    assert m * (m + 1) // 2 > AUTO_RESTRICT_ABOVE
    assert len(got) == 1501 * (m - 1500) + (m - 1501)  # every span containing word 1500 or 1501
    assert (got.starts <= 1501).all() and (got.ends > 1500).all()
    t0 = time.perf_counter()
    ends = NgramExtractor(max_len=None, auto_mode="aligned_ends").extract(pair, al)
    assert time.perf_counter() - t0 < 0.5
    assert ends == (Candidate(1500, 1501), Candidate(1500, 1502), Candidate(1501, 1502))


def test_restrict_aligned_ends():
    words = [f"w{i}" for i in range(12)]
    pair = make_pair(4, words, [Span(1, 3, "PER")])
    al = Alignment.from_pairs([(1, 4), (2, 7), (2, 9)])
    got = NgramExtractor(max_len=4, restrict="aligned_ends").extract(pair, al)
    assert got == (Candidate(4, 5), Candidate(4, 8), Candidate(7, 8), Candidate(7, 10), Candidate(9, 10))


def test_aligned_window():
    words = [f"w{i}" for i in range(10)]
    pair = make_pair(5, words, [Span(0, 2, "PER"), Span(3, 4, "LOC")])
    al = Alignment.from_pairs([(0, 2), (1, 4), (3, 8)])
    got = AlignedWindowExtractor(max_len=10).extract(pair, al)
    expect = sorted({(a, b) for a in range(2, 5) for b in range(a + 1, 6)} | {(8, 9)})
    assert got == tuple(Candidate(a, b) for a, b in expect)


def test_span_list_dict_callable_and_subranges():
    pair = make_pair(2, list("abcdef"), pid="x")
    spans = {"x": [Span(3, 5, "PER"), Span(0, 1, "LOC"), Span(3, 5, "ORG")]}
    assert SpanListExtractor(spans).extract(pair, Alignment()) == (Candidate(0, 1), Candidate(3, 5))
    assert SpanListExtractor(lambda p: [Candidate(2, 3)]).extract(pair, Alignment()) == (Candidate(2, 3),)
    assert SpanListExtractor({}).extract(pair, Alignment()) == ()
    sub = SpanListExtractor(spans, subranges=True).extract(pair, Alignment())
    assert sub == (Candidate(0, 1), Candidate(3, 4), Candidate(3, 5), Candidate(4, 5))


def test_union_is_sorted_and_unique():
    pair = make_pair(2, list("abcd"), pid="x")
    u = UnionExtractor([NgramExtractor(max_len=1), SpanListExtractor({"x": [Span(1, 3, "PER"), Span(0, 1, "PER")]})])
    got = u.extract(pair, Alignment())
    assert got == (Candidate(0, 1), Candidate(1, 2), Candidate(1, 3), Candidate(2, 3), Candidate(3, 4))


def test_candidates_sequence_behaviour():
    assert Candidates.of([(2, 4), (0, 1)]) == (Candidate(2, 4), Candidate(0, 1))  # order kept
    c = Candidates.build([Candidate(2, 4), (0, 1), Span(2, 4, "X")])
    assert len(c) == 2 and c[0] == Candidate(0, 1) and c[-1] == Candidate(2, 4)
    assert c == (Candidate(0, 1), Candidate(2, 4)) and c == [Candidate(0, 1), Candidate(2, 4)]
    assert c.index(Candidate(2, 4)) == 1
    with pytest.raises(ValueError):
        c.index(Candidate(1, 2))
    assert c[1:] == (Candidate(2, 4),)
    assert hash(c) == hash(Candidates.of([(0, 1), (2, 4)]))
    assert list(c.overlapping(3, 5)) == [False, True]


def test_registry_builds_extractors():
    x = resolve("candidates", "ngram:5")
    assert isinstance(x, NgramExtractor) and x.max_len == 5
    assert resolve("candidates", "ngram:none").max_len is None
    with pytest.raises(ConfigError):
        resolve("candidates", "ner")
    assert isinstance(resolve("candidates", "ner", spans={}), SpanListExtractor)
