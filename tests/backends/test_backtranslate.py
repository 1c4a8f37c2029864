"""Back-translation refinement (§8.1) with a fake marker translator and a same-word aligner."""

from __future__ import annotations

from fakes import FakeTranslator, SameWordAligner
from xproj_core.backtranslate import back_translate, label_back_translation, refine
from xproj_core.markers import mark
from xproj_core.types import Sentence, SentencePair, Span


def ws(text):
    return text.split()


EN = Sentence.from_words("President Samia visited Nairobi .".split(), [Span(1, 2, "PER"), Span(3, 4, "LOC")], lang="en")


def test_label_back_translation_best_match_and_unmatched():
    bt = label_back_translation(EN, "Rais [Samia] alitembelea [Nairobi] na [kitu] .", ["Samia", "Nairobi"],
                                tgt_lang="sw", tokenize=ws)
    assert bt.sentence.words == ("Rais", "Samia", "alitembelea", "Nairobi", "na", "kitu", ".")
    assert bt.sentence.spans == (Span(1, 2, "PER"), Span(3, 4, "LOC"))
    assert bt.unmatched_markers == 1


def test_label_back_translation_released_takes_last_and_brackets():
    from xproj_core.markers import ratio

    en = Sentence.from_words("Berlin Bank".split(), [Span(0, 1, "LOC"), Span(1, 2, "ORG")], lang="en")
    translated = ["Berlin", "Berlinbank"]  # both qualify for "[Berlin]"; the best is the first
    assert ratio("[Berlin]", "Berlinbank") > 0.5 and ratio("Berlin", "Berlin") == 1.0
    best = label_back_translation(en, "in [Berlin]", translated, tgt_lang="de", tokenize=ws)
    released = label_back_translation(en, "in [Berlin]", translated, tgt_lang="de", tokenize=ws,
                                      compat_released_matching=True)
    assert best.sentence.spans == (Span(1, 2, "LOC"),)
    assert released.sentence.spans == (Span(1, 2, "ORG"),)  # the last qualifying entity
    # released mode compares "[Ul]" (with brackets): ratio 0.5, not above the threshold
    short = Sentence.from_words(["Ulm"], [Span(0, 1, "LOC")], lang="en")
    assert label_back_translation(short, "[Ul]", ["Ulmx"], tgt_lang="de", tokenize=ws).unmatched_markers == 0
    assert label_back_translation(short, "[Ul]", ["Ulmx"], tgt_lang="de", tokenize=ws,
                                  compat_released_matching=True).unmatched_markers == 1


def test_refine_projects_through_back_translation():
    tgt = Sentence.from_words("Jana Rais Samia alitembelea Nairobi .".split(), lang="sw")
    table = {mark(EN): "Rais [Samia] alitembelea [Nairobi] .", "Samia": "Samia", "Nairobi": "Nairobi"}
    fake = FakeTranslator(table)
    res = refine([SentencePair("p", EN, tgt)], fake, aligner=SameWordAligner(), tgt_lang="sw", tokenize=ws)
    assert len(fake.calls) == 1
    assert res.pairs[0].src.spans == (Span(1, 2, "PER"), Span(3, 4, "LOC"))  # T' is the labelled side
    assert res.projections[0].labelled == (Span(2, 3, "PER"), Span(4, 5, "LOC"))
    assert res.unmatched_markers == 0 and "back_translate" in res.timings and "align" in res.timings
    assert back_translate([EN], fake, "en", "sw", tokenize=ws)[0].sentence.words[1] == "Samia"
