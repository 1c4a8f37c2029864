"""Tag sequences <-> spans, checked against seqeval's chunk reader."""

from __future__ import annotations

import random
import warnings

import pytest

from xproj_core.errors import ConfigError
from xproj_core.tags import map_labels, normalise_iob2, spans_from_tags, split_tag, tags_from_spans
from xproj_core.types import Span


def _random_tags(rng: random.Random, prefixes: str, n: int) -> list[str]:
    return ["O" if (p := rng.choice(prefixes)) == "O" else f"{p}-{rng.choice(['PER', 'LOC', 'ORG'])}" for _ in range(n)]


@pytest.mark.parametrize("prefixes", ["BIO", "IO", "BIOES"])
def test_tags_spans_match_seqeval_chunks(prefixes):
    from seqeval.metrics.sequence_labeling import get_entities

    rng = random.Random(7)
    for _ in range(1000):
        tags = _random_tags(rng, prefixes, rng.randint(0, 12))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            expected = sorted(Span(s, e + 1, t) for t, s, e in get_entities(tags))
        assert sorted(spans_from_tags(tags)) == expected, tags


def test_tags_conlleval_repair_examples():
    assert spans_from_tags(["O", "I-PER", "I-PER", "I-LOC", "B-LOC", "I-LOC"]) == (
        Span(1, 3, "PER"), Span(3, 4, "LOC"), Span(4, 6, "LOC"))
    assert spans_from_tags(["B-PER", "E-PER", "E-PER", "S-LOC", "I-LOC"]) == (
        Span(0, 2, "PER"), Span(2, 3, "PER"), Span(3, 4, "LOC"), Span(4, 5, "LOC"))
    assert spans_from_tags(["U-PER", "B-ORG", "L-ORG"]) == (Span(0, 1, "PER"), Span(1, 3, "ORG"))
    assert spans_from_tags([]) == ()


def test_tags_split_tag():
    assert split_tag("B-PER") == ("B", "PER")
    assert split_tag("I_LOC") == ("I", "LOC")
    assert split_tag("L-ORG") == ("E", "ORG") and split_tag("U-ORG") == ("S", "ORG")
    assert split_tag("B-PER-X") == ("B", "PER-X")
    for bad in ("X-PER", "PER", "B-", "", "b-PER", "BX-PER"):
        with pytest.raises(ValueError):
            split_tag(bad)


@pytest.mark.parametrize("scheme", ["IOB2", "BIOES"])
def test_tags_round_trip_random_spans(scheme):
    rng = random.Random(3)
    for _ in range(500):
        n = rng.randint(1, 15)
        spans, pos = [], 0
        while pos < n:
            pos += rng.randint(0, 3)
            ln = rng.randint(1, 4)
            if pos + ln <= n:
                spans.append(Span(pos, pos + ln, rng.choice(["PER", "LOC"])))
            pos += ln
        tags = tags_from_spans(spans, n, scheme)
        assert len(tags) == n
        assert spans_from_tags(tags) == tuple(spans)


def test_tags_from_spans_schemes_and_errors():
    spans = [Span(0, 1, "PER"), Span(2, 5, "ORG")]
    assert tags_from_spans(spans, 6) == ["B-PER", "O", "B-ORG", "I-ORG", "I-ORG", "O"]
    assert tags_from_spans(spans, 6, "BIOES") == ["S-PER", "O", "B-ORG", "I-ORG", "E-ORG", "O"]
    with pytest.raises(ConfigError):
        tags_from_spans(spans, 6, "IOB1")
    with pytest.raises(ValueError):
        tags_from_spans(spans, 4)


def test_tags_normalise_and_map_labels():
    assert normalise_iob2(["I-PER", "I-PER", "O", "I-LOC"]) == ["B-PER", "I-PER", "O", "B-LOC"]
    assert normalise_iob2(["S-PER", "B-LOC", "E-LOC"]) == ["B-PER", "B-LOC", "I-LOC"]
    spans = (Span(0, 1, "PER"), Span(1, 2, "MISC"), Span(2, 3, "DATE"), Span(3, 4, "GPE"))
    assert map_labels(spans, {"MISC": None, "DATE": "O", "GPE": "LOC"}) == (Span(0, 1, "PER"), Span(3, 4, "LOC"))
