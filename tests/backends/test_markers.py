"""EasyProject markers with hand-written translations (a fake translator): reconciliation logic."""

from __future__ import annotations

from fakes import FakeTranslator
import pytest

from xproj_core.errors import ConfigError
from xproj_core.markers import (assign_labels, mark, normalise_markers, pick, project_markers, reconcile,
                                split_marked)
from xproj_core.types import Sentence, Span


def ws(text):
    return text.split()


def sent(text, spans, id=""):
    return Sentence.from_words(text.split(), spans, id=id, lang="en")


S1 = sent("John Smith works for Google in Zürich .", [Span(0, 2, "PER"), Span(4, 5, "ORG"), Span(6, 7, "LOC")], "s1")


def test_mark_wraps_entities_and_detokenises():
    assert mark(S1) == "[John Smith] works for [Google] in [Zürich]."
    nested = sent("New York City", [Span(0, 3, "LOC"), Span(0, 2, "LOC")])
    assert mark(nested) == "[[New York] City]"


def test_normalise_bracket_variants():
    assert normalise_markers("[[A]] 《B》 【C】 &amp; [ [D] ]") == "[A] [B] [C] & [D]"


def test_split_marked_spans_and_stray_brackets():
    m = split_marked("Ich [Hans Müller] wohne in [Berlin] ]", ws)
    assert m.words == ("Ich", "Hans", "Müller", "wohne", "in", "Berlin")
    assert m.spans == ((1, 3), (5, 6)) and m.inner == ("Hans Müller", "Berlin") and m.stray == 1
    assert m.text == "Ich Hans Müller wohne in Berlin"


def test_pick_modes():
    pool = ["Berlino", "Berlin", "Bern"]
    assert pick("Berlin", pool, "best") == 1
    assert pick("Berlin", pool, "first") == 0
    assert pick("Berlin", pool, "last") == 2
    assert pick("xyz", pool) is None
    with pytest.raises(ConfigError):
        pick("a", pool, "nearest")


def test_assign_labels_in_order_when_one_type():
    assert assign_labels(["a", "b"], ["x", "y"], ["x", "y"], ["PER", "PER"]) == ["PER", "PER"]


def test_assign_labels_exact_fuzzy_and_leftover():
    labels = ["PER", "ORG", "LOC"]
    ents = ["John Smith", "Google", "Zürich"]
    translated = ["Johann Schmidt", "Google", "Zürich"]
    # order changed in the translation; "Zürigo" is fuzzy, "J. S." matches nothing -> the leftover label
    assert assign_labels(["Zürigo", "Google", "J. S."], ents, translated, labels) == ["LOC", "ORG", "PER"]


def test_best_versus_released_first_match():
    labels = ["LOC", "ORG"]
    ents = ["Bank of Berlin", "Berlin"]
    translated = ["Banco de Berlín", "Berlín"]
    # "Berlín x" matches both translated entities above 0.5; the best is "Berlín" (LOC? no: ORG index 1)
    assert pick("Berlín x", translated, "first") == 0 and pick("Berlín x", translated, "best") == 1
    best = assign_labels(["Berlín x", "Banco"], ents, translated, labels)
    released = assign_labels(["Berlín x", "Banco"], ents, translated, labels, compat_released_matching=True)
    assert best == ["ORG", "LOC"]
    assert released[0] == "LOC"


def test_project_markers_kept_dropped_and_fraction():
    s2 = sent("Obama visited Paris .", [Span(0, 1, "PER"), Span(2, 3, "LOC")], "s2")
    s3 = sent("Merkel met Macron .", [Span(0, 1, "PER"), Span(2, 3, "PER")], "s3")
    table = {
        mark(S1): "[Johann Schmidt] arbeitet in [Zürich] für [[Google]].",
        mark(s2): "Obama besuchte Paris.",  # markers lost -> dropped
        mark(s3): "【Merkel】 traf [Macron].",
        "John Smith": "Johann Schmidt", "Google": "Google", "Zürich": "Zürich", "Obama": "Obama",
        "Paris": "Paris", "Merkel": "Merkel", "Macron": "Macron",
    }
    fake = FakeTranslator(table)
    report = project_markers([S1, s2, s3], fake, "en", "de", tokenize=ws)
    assert len(fake.calls) == 1  # sentences and entity strings in one batch
    assert [r.status for r in report.results] == ["kept", "dropped", "kept"]
    assert report.kept_fraction == pytest.approx(2 / 3)
    assert report.reasons == {"marker_count": 1}
    out = report.kept[0]
    assert out.words == ("Johann", "Schmidt", "arbeitet", "in", "Zürich", "für", "Google", ".")
    assert [(s.start, s.end, s.label) for s in out.spans] == [(0, 2, "PER"), (4, 5, "LOC"), (6, 7, "ORG")]
    assert report.kept[1].spans == (Span(0, 1, "PER"), Span(2, 3, "PER"))
    assert out.id == "s1" and out.lang == "de"
    flagged = project_markers([S1, s2], fake, "en", "de", tokenize=ws, on_mismatch="flag")
    assert [r.status for r in flagged.results] == ["kept", "flagged"]
    assert flagged.sentences[1].words == ("Obama", "besuchte", "Paris.") and flagged.sentences[1].spans == ()
    assert flagged.kept_fraction == 0.5
    with pytest.raises(ConfigError):
        project_markers([S1], fake, "en", "de", on_mismatch="ignore")


def test_reconcile_label_mismatch_and_unlabelled():
    src = sent("Paris and IBM and Bob", [Span(0, 1, "LOC"), Span(2, 3, "ORG"), Span(4, 5, "PER")])
    # two spans nobody can match -> two X -> dropped as unlabelled
    _, reason, _ = reconcile(src, "[qqq] und [zzz] und [Bob]", ["Paris", "IBM", "Bob"], tokenize=ws)
    assert reason == "unlabelled"
    # both brackets match the same entity pool entry exactly in released mode -> labels differ
    _, reason, _ = reconcile(src, "[Bob] und [Bob] und [IBM]", ["Paris", "IBM", "Bob"], tokenize=ws,
                             compat_released_matching=True)
    assert reason == "label_mismatch"
    good, reason, _ = reconcile(src, "[Paris] und [IBM] und [Bob]", ["Paris", "IBM", "Bob"], tokenize=ws)
    assert reason == "" and [s.label for s in good.spans] == ["LOC", "ORG", "PER"]


def test_default_tokenizer_moses_and_cjk():
    src = sent("Tokyo is big .", [Span(0, 1, "LOC")])
    good, reason, _ = reconcile(src, "[東京]は大きい。", ["東京"], tgt_lang="ja")
    assert reason == "" and good.words[:2] == ("東", "京") and good.spans == (Span(0, 2, "LOC"),)
    good, reason, _ = reconcile(src, "[Tokio] ist groß.", ["Tokio"], tgt_lang="de")
    assert good.words == ("Tokio", "ist", "groß", ".")
