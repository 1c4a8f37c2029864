"""Every export format is read back to the same tokens and spans (RTL, CJK, emoji, markup included)."""

import json

import pytest

from xproj_core.demo import load_demo
from xproj_core.errors import ConfigError, InputError
from xproj_core.export import FORMATS, ExportRecord, export, export_run, filename, records_from_store, reimport, select
from xproj_core.io.labelstudio import label_config, read_labelstudio
from xproj_core.store import Correction, Store
from xproj_core.types import Alignment, Link, ProjectedSpan, Projection, Sentence, SentencePair, Span

SENTENCE_FORMATS = [f for f in FORMATS if f != "pharaoh"]


def tricky_sentences():
    return [
        Sentence(("تصنع", "تويوتا", "وفولكس", "فاغن", "في", "المكسيك", "."), (Span(1, 2, "ORG"), Span(2, 4, "ORG"), Span(5, 6, "LOC")),
                 id="ar-1", text="تصنع تويوتا وفولكس فاغن في المكسيك.", lang="ar"),
        Sentence(("安格拉·默克尔", "访问", "了", "巴黎", "。"), (Span(0, 1, "PER"), Span(3, 4, "LOC")),
                 id="zh-1", text="安格拉·默克尔访问了巴黎。", lang="zh"),
        Sentence(("I", "❤️", "Zoë", "in", "🇰🇪", "Nairobi", "&", "<b>Scoop</b>"), (Span(2, 3, "PER"), Span(5, 6, "LOC"), Span(7, 8, "ORG")),
                 id="emoji-1", text="I ❤️  Zoë in 🇰🇪 Nairobi & <b>Scoop</b>", lang="en"),
        Sentence(("Ña", "Ba\u0301la", "Ogidi"), (Span(0, 3, "LOC"),), id="comb", lang="yo"),  # combining mark
        Sentence(("no", "entities", "here"), (), id="none"),
    ]


def same(a: Sentence, b: Sentence):
    assert (b.words, b.spans, b.id, b.surface) == (a.words, a.spans, a.id, a.surface)


@pytest.mark.parametrize("fmt", SENTENCE_FORMATS)
def test_export_roundtrip_sentences(fmt):
    sents = tricky_sentences()
    data = export(sents, fmt)
    assert isinstance(data, bytes) and data
    back = reimport(data, fmt)
    assert len(back) == len(sents)
    for a, b in zip(sents, back):
        same(a, b)
        if fmt in ("jsonl", "docbin", "labelstudio"):
            assert b.lang == a.lang


def test_export_jsonl_char_offsets_slice_the_text():
    for line in export(tricky_sentences(), "jsonl").decode("utf-8").splitlines():
        d = json.loads(line)
        for sp in d["spans"]:
            assert d["text"][sp["char_start"]:sp["char_end"]] == sp["text"] == " ".join(d["tokens"][sp["start"]:sp["end"]]) \
                or d["lang"] == "zh"


def test_export_bioes_tags():
    text = export([Sentence(("a", "b", "c", "d"), (Span(0, 1, "PER"), Span(1, 4, "LOC")), id="s")], "conll-bioes").decode()
    assert [l.split("\t")[1] for l in text.splitlines() if "\t" in l] == ["S-PER", "B-LOC", "I-LOC", "E-LOC"]


def _store_with_run(tmp_path):
    pairs = load_demo(("ar",))[:3] + load_demo(("zh",))[:3] + load_demo(("sw",))[:2]
    store = Store(tmp_path / "w.sqlite")
    pid = store.create_project("demo", pairs)
    projs = {p.id: Projection(p.id, tuple(ProjectedSpan(s, k, 0.5 + 0.1 * k) for k, s in enumerate(p.tgt.spans[:1])))
             for p in pairs}
    aligns = {p.id: Alignment.from_pairs([(0, 0), (1, 1)]) for p in pairs}
    rid = store.add_run(pid, "r", {}, "sig", projs, aligns)
    return store, pairs, rid


def test_export_from_store_statuses_and_filters(tmp_path):
    store, pairs, rid = _store_with_run(tmp_path)
    ar0, ar1, ar2, zh0 = pairs[0], pairs[1], pairs[2], pairs[3]
    store.add_correction(Correction(rid, ar0.id, ar0.tgt.spans, "corrected", links=(Link(0, 1), Link(2, 2, 0.4)), author="amina"))
    store.add_correction(Correction(rid, ar1.id, (), "rejected"))
    store.add_correction(Correction(rid, zh0.id, (), "accepted"))
    recs = records_from_store(store, rid)
    ids = [r.sentence.id for r in recs]
    assert ar1.id not in ids and len(recs) == len(pairs) - 1  # rejected never exported
    by_id = {r.sentence.id: r for r in recs}
    assert by_id[ar0.id].sentence.spans == ar0.tgt.spans and by_id[ar0.id].status == "corrected"
    assert by_id[ar0.id].alignment.pairs() == {(0, 1), (2, 2)}  # edited links win
    assert by_id[ar2.id].sentence.spans == ar2.tgt.spans[:1] and by_id[ar2.id].status == "projected"
    assert by_id[zh0.id].sentence.spans == zh0.tgt.spans[:1]  # accepted as projected
    reviewed = records_from_store(store, rid, only_reviewed=True)
    assert [r.sentence.id for r in reviewed] == [ar0.id, zh0.id]
    assert [s.id for s in reimport(export_run(store, rid, "conll-iob2", only_reviewed=True), "conll-iob2")] == [ar0.id, zh0.id]
    assert [len(r.sentence.words) for r in records_from_store(store, rid, lang="sw")] == [len(p.tgt.words) for p in pairs[6:]]
    # Pharaoh: one line per exported sentence, same links
    al = reimport(export(recs, "pharaoh"), "pharaoh")
    assert [a.pairs() for a in al] == [r.alignment.pairs() for r in recs]
    # Label Studio: annotations only for reviewed sentences, predictions with scores for all projected
    tasks = read_labelstudio(export(recs, "labelstudio"))
    t = {x.sentence.id: x for x in tasks}
    assert t[ar0.id].annotated == ar0.tgt.spans and t[ar0.id].status == "corrected"
    assert t[ar2.id].annotated is None and [p.span for p in t[ar2.id].predicted] == list(ar2.tgt.spans[:1])
    assert t[ar2.id].predicted[0].score == pytest.approx(0.5)
    raw = json.loads(export(recs, "labelstudio"))
    assert raw[0]["data"]["reviewer"] == "amina" and raw[0]["data"]["reviewed_at"]
    first = json.loads(export(recs, "jsonl").decode().splitlines()[0])
    assert first["status"] == "corrected" and first["review"]["author"] == "amina"
    assert raw[0]["data"]["source_text"] == ar0.src.surface and "annotations" in raw[0] and "predictions" in raw[0]
    assert raw[1]["data"]["pair_id"] == ar2.id and "annotations" not in raw[1] and "annotations" in raw[2]


def test_export_select_and_errors():
    s = Sentence(("a",), id="x")
    recs = [ExportRecord(s, "corrected"), ExportRecord(s, "rejected"), ExportRecord(s), s,
            SentencePair("p", Sentence(("b",)), Sentence(("c",)))]
    assert [r.status for r in select(recs)] == ["corrected", "", "", ""]  # "" = given data
    assert select(recs)[-1].sentence.id == "p"  # pair id used for the target sentence
    assert len(select(recs, only_reviewed=True)) == 1
    with pytest.raises(ConfigError):
        export([s], "xml")
    with pytest.raises(InputError):
        reimport(b"\x00garbage", "docbin")
    with pytest.raises(InputError):
        reimport(b"[{", "labelstudio")
    with pytest.raises(InputError):
        reimport(b'[{"data": {"text": "a b"}, "predictions": [{"result": [{"type": "labels", "value": {"start": 9, "end": 12, "labels": ["X"]}}]}]}]', "labelstudio")
    for fmt in FORMATS:  # exporting nothing reads back as nothing
        assert reimport(export([], fmt), fmt) == []
    assert filename("demo run/3", "docbin") == "demo_run_3.spacy"
    assert '<Label value="A&amp;B"/>' in label_config(["A&B"])


def test_labelstudio_reads_tasks_made_elsewhere():
    data = json.dumps([{"id": 7, "data": {"text": "Angela  Merkel visited Paris."},
                        "annotations": [{"result": [
                            {"type": "labels", "value": {"start": 0, "end": 14, "labels": ["PER"]}},
                            {"type": "labels", "value": {"start": 23, "end": 28, "labels": ["LOC"]}}]}]}])
    (t,) = read_labelstudio(data)
    assert t.sentence.words == ("Angela", "Merkel", "visited", "Paris.") and t.sentence.id == "7"
    assert t.annotated == (Span(0, 2, "PER"), Span(3, 4, "LOC"))  # snapped to the words it covers
