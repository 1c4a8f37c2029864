"""Case agreement: links from capitalised entity words to lower-case target words are dropped."""

import random

import pytest

from xproj_core.case import case_filter, has_case
from xproj_core.errors import ConfigError
from xproj_core.project import ProjectionConfig, project_corpus, project_pair
from xproj_core.types import Alignment, Sentence, SentencePair, Span

OFF = ProjectionConfig(case_agreement=False)


def make(src, tgt, spans, links):
    return (SentencePair("p", Sentence.from_words(src.split(), spans), Sentence.from_words(tgt.split())),
            Alignment.from_pairs(links))


def test_filter_drops_only_capital_to_lower_links_of_entity_words():
    pair, al = make("Lincoln was in Paris .", "Lincoln war in Paris .", [Span(0, 1, "PER"), Span(3, 4, "LOC")],
                    [(0, 0), (0, 1), (1, 1), (2, 2), (3, 3), (3, 2), (4, 4)])
    kept = case_filter(pair, al).pairs()
    assert kept == {(0, 0), (1, 1), (2, 2), (3, 3), (4, 4)}  # 0→war and Paris→in go; non-entity 1→war stays


def test_filter_keeps_lower_case_entity_words_and_uncased_targets():
    pair, al = make("the iPhone of Apple", "das iPhone von Apple", [Span(1, 2, "MISC"), Span(3, 4, "ORG")],
                    [(1, 1), (3, 3), (3, 2)])
    assert case_filter(pair, al).pairs() == {(1, 1), (3, 3)}  # "iPhone" (lower-case source word) keeps its link
    lowered, al2 = make("Russia said", "russland sagte", [Span(0, 1, "LOC")], [(0, 0)])
    assert not has_case(lowered.tgt.words)
    assert case_filter(lowered, al2) is al2  # a lower-cased corpus is left alone
    arabic, al3 = make("He met Obama", "التقى أوباما", [Span(2, 3, "PER")], [(2, 1), (2, 0)])
    assert case_filter(arabic, al3) is al3  # no case in the script


def test_entity_mode_drops_the_article_word_mode_keeps_it():
    pair, al = make("along the Rhine", "entlang der Rhein", [Span(1, 3, "LOC")], [(0, 0), (1, 1), (2, 2)])
    assert case_filter(pair, al).pairs() == {(0, 0), (2, 2)}
    assert case_filter(pair, al, "word").pairs() == {(0, 0), (1, 1), (2, 2)}
    assert case_filter(pair, al, "off") is al
    assert project_pair(pair, al).labelled == (Span(2, 3, "LOC"),)
    assert project_pair(pair, al, ProjectionConfig(case_agreement="word")).labelled == (Span(1, 3, "LOC"),)


def test_config_modes():
    assert ProjectionConfig().case_agreement == "entity"
    assert ProjectionConfig(case_agreement=True).case_agreement == "entity"
    assert OFF.case_agreement == "off"
    assert "case=word" in ProjectionConfig(case_agreement="word").signature()
    with pytest.raises(ConfigError):
        ProjectionConfig(case_agreement="upper")


def test_no_overextension_into_a_linked_verb():
    pair, al = make("Lincoln was President", "Lincoln war Präsident", [Span(0, 1, "PER")], [(0, 0), (0, 1), (2, 2)])
    assert project_pair(pair, al, OFF).labelled == (Span(0, 2, "PER"),)  # Dice pays for the extra link
    assert project_pair(pair, al).labelled == (Span(0, 1, "PER"),)
    assert project_pair(pair, al, evidence=False).labelled == (Span(0, 1, "PER"),)


def test_no_projection_onto_a_demonym():
    pair, al = make("Russia supports the UN", "Die russische Regierung unterstützt die UN",
                    [Span(0, 1, "LOC"), Span(3, 4, "ORG")], [(0, 1), (3, 5)])
    assert project_pair(pair, al, OFF).labelled == (Span(1, 2, "LOC"), Span(5, 6, "ORG"))
    assert project_pair(pair, al).labelled == (Span(5, 6, "ORG"),)
    heur = ProjectionConfig(method="heuristic")
    assert project_pair(pair, al, heur).labelled == (Span(5, 6, "ORG"),)


def test_lower_case_word_inside_a_name_stays():
    pair, al = make("Leonardo da Vinci painted", "Leonardo da Vinci malte", [Span(0, 3, "PER")],
                    [(0, 0), (1, 1), (2, 2), (3, 3)])
    assert project_pair(pair, al).labelled == (Span(0, 3, "PER"),)


def test_signature_marks_the_non_default():
    assert "nocase" not in ProjectionConfig().signature()
    assert OFF.signature().endswith("|nocase|xproj=0.1.0")
    assert ProjectionConfig.from_dict(OFF.to_dict()) == OFF


def test_fast_path_equals_general_path_with_mixed_case():
    rng = random.Random(7)
    pairs, als = [], []
    for k in range(300):
        n, m = rng.randint(3, 25), rng.randint(3, 25)
        src = [rng.choice(["Ab", "cd", "Ef"]) + str(i) for i in range(n)]
        tgt = [rng.choice(["Xy", "zw", "zw", "Uv"]) + str(j) for j in range(m)]
        ents = []
        a = 0
        while a < n and len(ents) < 3:
            a += rng.randint(0, 5)
            if a < n:
                ents.append(Span(a, min(n, a + rng.randint(1, 3)), "PER"))
                a = ents[-1].end + 1
        if k % 7 == 0 and ents:  # an overlapping entity: the same words drop the same links
            ents.append(Span(ents[0].start, ents[0].start + 1, "LOC"))
        links = {(i, min(m - 1, round(i * m / n) + rng.choice([0, 0, 1, -1]))) for i in range(n) if rng.random() < 0.9}
        links = {(i, max(0, j)) for i, j in links} | {(rng.randrange(n), rng.randrange(m)) for _ in range(2)}
        pairs.append(SentencePair(f"r{k}", Sentence.from_words(src, ents), Sentence.from_words(tgt)))
        als.append(Alignment.from_pairs(links))
    for cfg in (ProjectionConfig(), ProjectionConfig(solver="exact"), ProjectionConfig(case_agreement="word"),
                ProjectionConfig(restrict="aligned_ends", max_len=None), ProjectionConfig(max_len=3, min_len=2),
                ProjectionConfig(op="<=", n_proj=2), ProjectionConfig(case_agreement="word", solver="exact", max_len=None)):
        fast = project_corpus(pairs, als, cfg)
        slow = project_corpus(pairs, als, cfg, fast=False)
        assert [p.spans for p in fast] == [p.spans for p in slow]
        assert [p.objective for p in fast] == [p.objective for p in slow]
        assert [p.rel_cost for p in fast] == [p.rel_cost for p in slow]
        assert [[s.runner_up_score for s in p.spans] for p in fast] == [[s.runner_up_score for s in p.spans] for p in slow]
        one = [project_pair(p, a, cfg, evidence=False) for p, a in zip(pairs[:50], als[:50])]
        assert [p.spans for p in one] == [p.spans for p in slow[:50]]
    assert [p.labelled for p in project_corpus(pairs, als, OFF)] != [p.labelled for p in project_corpus(pairs, als)]
