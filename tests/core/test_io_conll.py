"""CoNLL-style readers and writers: formats, detection, tolerance, errors, round trips."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from _io_samples import UNICODE_SENTENCES
from xproj_core.errors import ConfigError, InputError
from xproj_core.io.conll import FORMATS, detect_format, format_conll, read_target, read_tagged, write_conll
from xproj_core.types import Sentence, Span

TSV = "Angela\tB-PER\nMerkel\tI-PER\nspoke\tO\n\nIn\tO\nBerlin\tB-LOC\n.\tO\n"
CONLL03 = (
    "-DOCSTART- -X- -X- O\n\n"
    "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\nGerman JJ B-NP B-MISC\ncall NN I-NP O\n\n"
    "Peter NNP B-NP B-PER\nBlackburn NNP I-NP I-PER\n"
)
MASAKHANER = "Emir B-PER\nSanusi I-PER\nya O\nce O\n\nKano B-LOC\n"
UNER = (
    "# newdoc id = d1\n# sent_id = d1-0001\n# text = “Hi,” said Kori Schulman in Washington.\n"
    "1\t“\tO\t-\t-\n2\tHi\tO\t-\t-\n3\t,\tO\t-\t-\n4\t”\tO\t-\t-\n5\tsaid\tO\t-\t-\n"
    "6\tKori\tB-PER\t-\tann\n7\tSchulman\tI-PER\t-\tann\n8\tin\tO\t-\t-\n9\tWashington\tB-LOC\t-\tann\n10\t.\tO\t-\t-\n\n"
    "# sent_id = d1-0002\n# text = #1 Fan\n1\t#1\tO\t-\t-\n2\tFan\tO\t-\t-\n"
)


def write(tmp_path: Path, text: str | bytes, name: str = "f.txt") -> Path:
    p = tmp_path / name
    if isinstance(text, str):
        p.write_bytes(text.encode("utf-8"))
    else:
        p.write_bytes(text)
    return p


def error(fn, *args, **kw) -> InputError:
    with pytest.raises(InputError) as e:
        fn(*args, **kw)
    return e.value


@pytest.mark.parametrize("text,fmt", [(TSV, "tsv"), (CONLL03, "conll2003"), (MASAKHANER, "masakhaner"), (UNER, "uner")])
def test_conll_detects_each_format(text, fmt):
    assert detect_format(text.split("\n")) == fmt


def test_conll_reads_tsv(tmp_path):
    s = read_tagged(write(tmp_path, TSV), lang="de")
    assert [x.words for x in s] == [("Angela", "Merkel", "spoke"), ("In", "Berlin", ".")]
    assert [x.spans for x in s] == [(Span(0, 2, "PER"),), (Span(1, 2, "LOC"),)]
    assert s[0].lang == "de" and s[0].id == "" and s[0].text is None


def test_conll_reads_conll2003_skipping_docstart(tmp_path):
    s = read_tagged(write(tmp_path, CONLL03))
    assert len(s) == 2
    assert s[0].spans == (Span(0, 1, "ORG"), Span(2, 3, "MISC"))
    assert s[1].spans == (Span(0, 2, "PER"),)
    # the TAB-separated variant reads the same
    assert read_tagged(write(tmp_path, CONLL03.replace(" ", "\t").replace("-DOCSTART-\t", "-DOCSTART- "))) == s


def test_conll_reads_masakhaner(tmp_path):
    s = read_tagged(write(tmp_path, MASAKHANER))
    assert [x.spans for x in s] == [(Span(0, 2, "PER"),), (Span(0, 1, "LOC"),)]


def test_conll_reads_uner_ids_and_text_offsets(tmp_path):
    s = read_tagged(write(tmp_path, UNER))
    assert [x.id for x in s] == ["d1-0001", "d1-0002"]
    first = s[0]
    assert first.text == "“Hi,” said Kori Schulman in Washington."
    assert first.spans == (Span(5, 7, "PER"), Span(8, 9, "LOC"))
    assert [first.text[a:b] for a, b in first.offsets] == list(first.words)
    assert s[1].words == ("#1", "Fan") and s[1].text == "#1 Fan"


def test_conll_named_format_overrides_detection(tmp_path):
    # a one-column-per-space file read as masakhaner even though it would be detected the same
    assert read_tagged(write(tmp_path, MASAKHANER), format="masakhaner") == read_tagged(write(tmp_path, MASAKHANER))
    with pytest.raises(ConfigError):
        read_tagged(write(tmp_path, TSV), format="iob9")


def test_conll_tolerates_crlf_bom_trailing_space_and_no_final_blank(tmp_path):
    messy = "\ufeff" + "Angela\tB-PER  \r\nMerkel\tI-PER\r\nspoke\tO \r\n\r\n\r\n\r\nIn\tO\r\nBerlin\tB-LOC\r\n.\tO"
    assert read_tagged(write(tmp_path, messy)) == read_tagged(write(tmp_path, TSV, "clean.txt"))


def test_conll_repairs_stray_inside_tags(tmp_path):
    s = read_tagged(write(tmp_path, "a\tO\nb\tI-PER\nc\tI-PER\nd\tI-LOC\ne\tB-LOC\n"))
    assert s[0].spans == (Span(1, 3, "PER"), Span(3, 4, "LOC"), Span(4, 5, "LOC"))


def test_conll_reads_bioes(tmp_path):
    s = read_tagged(write(tmp_path, "a\tS-PER\nb\tB-ORG\nc\tE-ORG\nd\tO\n"))
    assert s[0].spans == (Span(0, 1, "PER"), Span(1, 3, "ORG"))


def test_conll_reads_uploaded_bytes(tmp_path):
    s = read_tagged(TSV.encode(), name="upload.tsv")
    assert len(s) == 2
    e = error(read_tagged, b"a\tO\nb\tX-PER\n", name="upload.tsv")
    assert (e.path, e.line) == ("upload.tsv", 2)


# ----------------------------------------------------------------------------- errors


def test_conll_error_inconsistent_columns(tmp_path):
    e = error(read_tagged, write(tmp_path, "a\tx\tO\nb\tx\tO\n\nc\tO\n"))
    assert e.line == 4 and "expected 3" in e.reason and "found 2" in e.reason
    assert str(e).startswith(f"{tmp_path / 'f.txt'}:4: ")


def test_conll_error_space_separated_hint(tmp_path):
    e = error(read_tagged, write(tmp_path, "a\tO\nb O\n"))
    assert e.line == 2 and "masakhaner" in e.hint


def test_conll_error_unknown_tag(tmp_path):
    e = error(read_tagged, write(tmp_path, "a\tO\nb\tB-PER\n\nc\tX-PER\n"))
    assert e.line == 4 and "'X-PER'" in e.reason and "B-" in e.hint
    e = error(read_tagged, write(tmp_path, "a O\nb PER\n"))
    assert e.line == 2


def test_conll_error_binary_file(tmp_path):
    e = error(read_tagged, write(tmp_path, b"a\tO\nb\tO\n\x00\x01\x02"))
    assert e.line == 3 and "binary" in e.reason and "offset 8" in e.reason


def test_conll_error_not_utf8(tmp_path):
    e = error(read_tagged, write(tmp_path, "a\tO\n".encode() + "Müller\tB-PER\n".encode("latin-1")))
    assert e.line == 2 and "not UTF-8" in e.reason and "0xfc" in e.reason and "offset 5" in e.reason


def test_conll_error_utf16(tmp_path):
    e = error(read_tagged, write(tmp_path, "a\tO\n".encode("utf-16")))
    assert "UTF-16" in e.reason


def test_conll_error_missing_and_empty_files(tmp_path):
    assert "not found" in error(read_tagged, tmp_path / "nope.tsv").reason
    assert "no sentences" in error(read_tagged, write(tmp_path, "\n\n")).reason
    assert "directory" in error(read_tagged, tmp_path).reason


def test_conll_error_comment_inside_sentence(tmp_path):
    e = error(read_tagged, write(tmp_path, UNER.replace("2\tFan", "# sent_id = oops\n2\tFan")))
    assert e.line == 18 and "comment" in e.reason


def test_conll_error_undetectable(tmp_path):
    e = error(read_tagged, write(tmp_path, "# comment = fine\nthree words here\n"))
    assert e.line == 2 and "format" in e.hint


def test_conll_error_uner_index_column(tmp_path):
    e = error(read_tagged, write(tmp_path, UNER.replace("2\tHi\t", "x\tHi\t")), format="uner")
    assert e.line == 5


# ----------------------------------------------------------------------------- tokenised text


def test_conll_read_target_text(tmp_path):
    s = read_target(write(tmp_path, "Angela Merkel  sprach .\n\n東京\u3000タワー は\n"), lang="de")
    assert [x.words for x in s] == [("Angela", "Merkel", "sprach", "."), (), ("東京\u3000タワー", "は")]
    assert s[0].text == "Angela Merkel  sprach ." and [s[0].text[a:b] for a, b in s[0].offsets] == list(s[0].words)
    assert s[2].text is None and all(x.spans == () for x in s) and s[0].lang == "de"


@pytest.mark.parametrize("text", [TSV, CONLL03, MASAKHANER, UNER])
def test_conll_read_target_detects_tagged_files(tmp_path, text):
    assert read_target(write(tmp_path, text)) == read_tagged(write(tmp_path, text))


def test_conll_read_target_tagged_with_bad_tag_still_reports_it(tmp_path):
    rows = "".join(f"w{i}\tO\n" for i in range(10)) + "w\tX-PER\n"
    assert error(read_target, write(tmp_path, rows)).line == 11


def test_conll_read_target_forced_text(tmp_path):
    s = read_target(write(tmp_path, TSV), format="text")
    assert s[0].words == ("Angela", "B-PER")


# ----------------------------------------------------------------------------- writers


@pytest.mark.parametrize("scheme", ["IOB2", "BIOES"])
def test_conll_round_trip_unicode(tmp_path, scheme):
    p = tmp_path / "out" / "x.conll"
    write_conll(UNICODE_SENTENCES, p, scheme=scheme)
    back = read_tagged(p)
    assert [(s.words, s.spans) for s in back] == [(s.words, s.spans) for s in UNICODE_SENTENCES]
    write_conll(UNICODE_SENTENCES, p, scheme=scheme, comments=True)
    back = read_tagged(p, lang="")
    assert [(s.words, s.spans, s.id, s.text) for s in back] == [(s.words, s.spans, s.id, s.text) for s in UNICODE_SENTENCES]


def test_conll_round_trip_uner(tmp_path):
    s = read_tagged(write(tmp_path, UNER))
    p = tmp_path / "back.tsv"
    write_conll(s, p, comments=True)
    assert read_tagged(p) == s


def test_conll_format_layout():
    s = [Sentence(("a", "b", "c"), (Span(0, 2, "PER"),)), Sentence(("d",), (Span(0, 1, "LOC"),))]
    assert format_conll(s) == "a\tB-PER\nb\tI-PER\nc\tO\n\nd\tB-LOC\n"
    assert format_conll(s, "BIOES") == "a\tB-PER\nb\tE-PER\nc\tO\n\nd\tS-LOC\n"
    with pytest.raises(ConfigError):
        format_conll(s, "IOB9")
    with pytest.raises(ValueError):
        format_conll([Sentence(("a\tb",))])


# ----------------------------------------------------------------------------- real data


def _shared() -> Path:
    return Path(os.environ.get("XPROJ_SHARED", Path(__file__).resolve().parents[2] / ".." / "shared"))


@pytest.mark.skipif(not (_shared() / "data" / "uner_pud").is_dir(), reason="shared UNER data absent")
@pytest.mark.parametrize("lang,tokens,counts", [
    ("en", 21176, {"LOC": 426, "PER": 414, "ORG": 235}),
    ("de", 21331, {"LOC": 429, "PER": 418, "ORG": 192}),
])
def test_conll_reads_real_uner(lang, tokens, counts):
    s = read_tagged(_shared() / "data" / "uner_pud" / lang / f"{lang}_pud-ud-test.iob2", lang=lang)
    assert len(s) == 1000 and sum(len(x.words) for x in s) == tokens
    found = {}
    for x in s:
        for sp in x.spans:
            found[sp.label] = found.get(sp.label, 0) + 1
    assert found == counts
    assert all(x.text[a:b] == w for x in s for w, (a, b) in zip(x.words, x.offsets))
    assert FORMATS[-1] == "uner"


def test_conll_read_target_reports_bad_tags_instead_of_reading_text(tmp_path):
    e = error(read_target, write(tmp_path, "Paris PER\nis O\n\nBerlin LOC\nis O\n"))
    assert e.line == 1 and "'PER'" in e.reason and "I-PER" in e.hint
    e = error(read_target, write(tmp_path, "Paris\tX-LOC\nis\tO\n"))
    assert e.line == 1 and "'X-LOC'" in e.reason
