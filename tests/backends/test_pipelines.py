"""Translate-train, translate-test (with and without back-translation), model transfer."""

from __future__ import annotations

from fakes import FakeTranslator, SameWordAligner
from tiny_seq2seq import tiny_dir
from xproj_core.markers import mark
from xproj_core.pipelines import model_transfer, translate_test, translate_train
from xproj_core.types import Sentence, Span


class LexiconTagger:
    """English NER stand-in: a word -> label lexicon (single-word entities)."""

    name = "lexicon"

    def __init__(self, lexicon):
        self.lexicon = lexicon
        self.seen = []

    def tag(self, sentences):
        self.seen += [list(s) for s in sentences]
        return [[Span(i, i + 1, self.lexicon[w]) for i, w in enumerate(s) if w in self.lexicon] for s in sentences]


SRC = Sentence.from_words("John lives in Berlin .".split(), [Span(0, 1, "PER"), Span(3, 4, "LOC")], id="a", lang="en")


def test_translate_train_projects_onto_translation():
    fake = FakeTranslator({"John lives in Berlin.": "John wohnt in Berlin."})
    res = translate_train([SRC], fake, src_lang="en", tgt_lang="de", aligner=SameWordAligner())
    out = res.sentences[0]
    assert out.words == ("John", "wohnt", "in", "Berlin", ".") and out.lang == "de" and out.id == "a"
    assert out.spans == (Span(0, 1, "PER"), Span(3, 4, "LOC"))
    assert {"translate", "tokenize", "candidates", "score", "solve"} <= set(res.timings)
    assert res.pairs[0].src.spans == SRC.spans and res.pairs[0].tgt.text == "John wohnt in Berlin."


def test_translate_train_with_markers_reports_kept_fraction():
    other = Sentence.from_words("Paris .".split(), [Span(0, 1, "LOC")], id="b", lang="en")
    fake = FakeTranslator({mark(SRC): "[John] wohnt in [Berlin].", mark(other): "Paris.",
                           "John": "John", "Berlin": "Berlin", "Paris": "Paris"})
    res = translate_train([SRC, other], fake, src_lang="en", tgt_lang="de", markers=True)
    assert res.diagnostics["kept_fraction"] == 0.5 and res.diagnostics["dropped"] == {"marker_count": 1}
    assert len(res.sentences) == 1 and res.sentences[0].spans == (Span(0, 1, "PER"), Span(3, 4, "LOC"))


TGT = Sentence.from_words("Jana Rais Samia alitembelea Nairobi .".split(),
                          [Span(2, 3, "PER"), Span(4, 5, "LOC")], id="t1", lang="sw")
EN_TEXT = "Yesterday President Samia visited Nairobi with Kiswahili speakers."
LEX = {"Samia": "PER", "Nairobi": "LOC", "Kiswahili": "MISC"}


def test_translate_test_projects_english_ner_back():
    fake = FakeTranslator({"Jana Rais Samia alitembelea Nairobi.": EN_TEXT})
    tagger = LexiconTagger(LEX)
    res = translate_test([TGT], fake, tagger, tgt_lang="sw", aligner=SameWordAligner(), keep_labels=("PER", "LOC", "ORG"))
    assert tagger.seen[0][:3] == ["Yesterday", "President", "Samia"]
    assert [s.label for s in res.pairs[0].src.spans] == ["PER", "LOC"]  # MISC filtered
    assert res.pairs[0].tgt.spans == TGT.spans  # target gold kept for evaluation
    assert res.sentences[0].words == TGT.words
    assert res.sentences[0].spans == (Span(2, 3, "PER"), Span(4, 5, "LOC"))
    assert {"translate", "ner", "align", "score", "solve"} <= set(res.timings)


def test_translate_test_back_translation_variant():
    fake = FakeTranslator({"Jana Rais Samia alitembelea Nairobi.": "President Samia visited Nairobi.",
                           "President [Samia] visited [Nairobi].": "Rais [Samia] alitembelea [Nairobi].",
                           "Samia": "Samia", "Nairobi": "Nairobi"})
    res = translate_test([TGT], fake, LexiconTagger(LEX), tgt_lang="sw", aligner=SameWordAligner(),
                         back_translation=True)
    assert res.diagnostics["unmatched_markers"] == 0
    assert res.diagnostics["back_translations"][0].words[:2] == ("Rais", "Samia")
    assert res.sentences[0].spans == (Span(2, 3, "PER"), Span(4, 5, "LOC"))
    assert "back_translate" in res.timings


def test_model_transfer_runs_tagger_on_target():
    res = model_transfer([TGT], LexiconTagger({"Samia": "PER", "Jana": "DATE"}), keep_labels=("PER",))
    assert res.sentences[0].spans == (Span(2, 3, "PER"),) and "ner" in res.timings


def test_translate_test_end_to_end_on_tiny_models(tmp_path):
    """Real backends by spec string: tiny NLLB translator, tiny HF token classifier; mechanics only."""
    from tiny_encoders import tiny_token_classifier

    ner_dir = tiny_token_classifier(tmp_path / "ner", lexicon={"Berlin": "B-LOC", "John": "B-PER"})
    targets = [Sentence.from_words("Hans wohnt in Berlin .".split(), id="x", lang="de"),
               Sentence.from_words("Berlin !".split(), id="y", lang="de")]
    res = translate_test(targets, f"hf:{tiny_dir('nllb')}", f"hf:{ner_dir}", tgt_lang="de",
                         aligner=SameWordAligner())
    assert len(res.sentences) == 2 and [s.words for s in res.sentences] == [t.words for t in targets]
    assert len(res.diagnostics["translations"]) == 2 and len(res.pairs) == 2
    assert len(res.projections) == 2 and {"load", "translate", "ner", "align"} <= set(res.timings)
    mt = model_transfer(targets, f"hf:{ner_dir}")
    assert mt.sentences[0].spans == (Span(3, 4, "LOC"),)
