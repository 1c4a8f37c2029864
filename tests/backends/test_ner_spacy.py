"""spaCy NER backend on a blank pipeline with an entity_ruler, saved to and loaded from disk."""

from __future__ import annotations

import numpy as np
import pytest

from tiny_encoders import tiny_spacy
from xproj_core import registry
from xproj_core.errors import BackendUnavailable
from xproj_core.ner import NerTagger
from xproj_core.ner.spacy import SpacyTagger
from xproj_core.ner_score import NerScorer
from xproj_core.types import Candidate, Sentence, SentencePair, Span

SENT = ["On", "Monday", "John", "Smith", "of", "Siemens", "met", "German", "friends", "in", "Berlin"]


@pytest.fixture(scope="module")
def tagger(tmp_path_factory):
    return registry.resolve("ner", f"spacy:{tiny_spacy(tmp_path_factory.mktemp('spacy') / 'nlp')}")


def test_ner_spacy_maps_ontonotes_types(tagger):
    assert isinstance(tagger, NerTagger)
    (spans,) = tagger.tag([SENT])
    # PERSON→PER, ORG→ORG, NORP→MISC, GPE→LOC; DATE dropped
    assert spans == [Span(2, 4, "PER"), Span(5, 6, "ORG"), Span(7, 8, "MISC"), Span(10, 11, "LOC")]
    assert tagger.labels == ("O", "B-LOC", "I-LOC", "B-MISC", "I-MISC", "B-ORG", "I-ORG", "B-PER", "I-PER")


def test_ner_spacy_keeps_the_callers_tokens(tagger):
    # words spaCy's tokenizer would split or merge stay as given; RTL/CJK words pass through
    words = ["John", "Smith", "Berlin-based", "東京", "القاهرة", "Berlin"]
    (spans,) = tagger.tag([words])
    assert spans == [Span(0, 2, "PER"), Span(5, 6, "LOC")]
    assert tagger.tag([[]]) == [[]]


def test_ner_spacy_custom_label_map_and_probabilities(tmp_path):
    tagger = SpacyTagger(str(tiny_spacy(tmp_path / "nlp")), label_map={"PERSON": "PER", "DATE": "DATE", "NORP": None})
    (spans,) = tagger.tag([SENT])
    assert spans == [Span(1, 2, "DATE"), Span(2, 4, "PER"), Span(5, 6, "ORG"), Span(10, 11, "GPE")]
    (p,) = tagger.probabilities([SENT])
    assert p.shape == (len(SENT), len(tagger.labels)) and np.allclose(p.sum(axis=1), 1.0)
    assert [tagger.labels[k] for k in p.argmax(axis=1)][:4] == ["O", "B-DATE", "B-PER", "I-PER"]
    # one-hot probabilities still drive the NER score: the predicted span wins
    pair = SentencePair("p", Sentence.from_words(["John", "Smith"], [Span(0, 2, "PER")]), Sentence.from_words(SENT))
    scores = NerScorer(tagger, mode="per_class").score(pair, None, [Candidate(2, 3), Candidate(2, 4), Candidate(2, 5)])
    assert scores.argmax() == 1


def test_ner_spacy_missing_pipeline(tmp_path):
    with pytest.raises(BackendUnavailable) as err:
        registry.resolve("ner", f"spacy:{tmp_path / 'no_such_pipeline'}")
    assert "spacy download" in str(err.value)
