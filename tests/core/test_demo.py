"""The bundled demo corpus loads, and its spans and gold alignments are consistent."""

import pytest

from xproj_core.demo import LANGS, detokenise, load_demo, demo_gold_alignments, parse_annotated
from xproj_core.errors import InputError
from xproj_core.types import Span


def test_demo_counts_and_ids():
    pairs = load_demo()
    assert len(pairs) == 12 * len(LANGS) == 48
    assert len({p.id for p in pairs}) == 48
    assert {p.tgt.lang for p in pairs} == {"de", "ar", "zh", "sw"}
    assert all(p.id.startswith(p.tgt.lang + "-") and p.src.lang == "en" for p in pairs)
    assert load_demo(("ar",))[0].id == "ar-0001"


def test_demo_spans_and_offsets_in_range():
    for p in load_demo():
        for side in (p.src, p.tgt):
            assert side.words and all(w and " " not in w for w in side.words)
            for s in side.spans:
                assert 0 <= s.start < s.end <= len(side.words) and s.label in {"PER", "ORG", "LOC", "MISC"}
            for w, (a, b) in zip(side.words, side.offsets):
                assert side.surface[a:b] == w  # offsets slice the running text back to each word
        assert p.src.spans, p.id


def test_demo_gold_alignments_in_range_and_cover_entities():
    pairs = load_demo()
    gold = demo_gold_alignments()
    assert set(gold) == {p.id for p in pairs}
    for p in pairs:
        g = gold[p.id]
        assert g.sure <= g.possible and g.sure
        for i, j in g.possible:
            assert 0 <= i < len(p.src.words) and 0 <= j < len(p.tgt.words)
        aligned = {i for i, _ in g.sure}
        for e in p.src.spans:  # every source entity has at least one sure link (none is dropped entirely)
            assert aligned & set(range(e.start, e.end)), (p.id, e)


def test_demo_has_the_advertised_hard_cases():
    by_id = {p.id: p for p in load_demo()}
    assert by_id["de-0002"].tgt.words[1] == "Außenministerium"
    assert "<b>Scoop</b>" in by_id["ar-0005"].tgt.words and "&" in by_id["zh-0005"].tgt.words
    zh = by_id["zh-0001"].tgt
    assert " " not in zh.text and zh.text.startswith("安格拉·默克尔周一")
    assert by_id["sw-0010"].tgt.spans[0] == Span(0, 2, "LOC")


def test_parse_annotated_and_errors():
    words, spans = parse_annotated("[PER Angela Merkel ] visited [LOC Paris ] .")
    assert words == ("Angela", "Merkel", "visited", "Paris", ".")
    assert spans == (Span(0, 2, "PER"), Span(3, 4, "LOC"))
    with pytest.raises(InputError, match="never closed"):
        parse_annotated("[PER Angela", "x.txt", 3)
    with pytest.raises(InputError) as e:
        parse_annotated("Angela ] x", "x.txt", 7)
    assert e.value.line == 7 and e.value.path == "x.txt"
    assert detokenise(("Hallo", ",", "Welt", "."), "de") == "Hallo, Welt."
    assert detokenise(("Ben", "&", "Jerry's", "在", "巴黎", "。"), "zh") == "Ben & Jerry's在巴黎。"


def test_demo_bad_file_reports_line(tmp_path):
    (tmp_path / "en.txt").write_text("# c\n0001 ||| [PER A ] b .\n", encoding="utf-8")
    (tmp_path / "de.txt").write_text("0001 ||| [PER A ] b . ||| 0-0 1-9\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        load_demo(("de",), root=tmp_path)
    assert e.value.line == 1 and "out of range" in e.value.reason
