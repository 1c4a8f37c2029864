"""JSONL with word and character offsets."""

from __future__ import annotations

import json

import pytest

from _io_samples import UNICODE_SENTENCES
from xproj_core.errors import InputError
from xproj_core.io.jsonl import format_jsonl, read_jsonl, write_jsonl
from xproj_core.types import Sentence, SentencePair, Span


def _norm(s: Sentence) -> tuple:
    return (s.words, s.spans, s.id, s.surface, s.lang)


def test_jsonl_round_trip_sentences_unicode(tmp_path):
    p = tmp_path / "x.jsonl"
    write_jsonl(UNICODE_SENTENCES, p)
    back = read_jsonl(p)
    assert [_norm(s) for s in back] == [_norm(s) for s in UNICODE_SENTENCES]
    # texts that differ from the space-joined words survive exactly
    assert [s.text for s in back if s.text is not None] == [s.text for s in UNICODE_SENTENCES
                                                          if s.text is not None and s.text != " ".join(s.words)]
    assert "القاهرة" in p.read_text(encoding="utf-8")  # not ASCII-escaped


def test_jsonl_char_offsets_slice_text():
    for line, s in zip(format_jsonl(UNICODE_SENTENCES).splitlines(), UNICODE_SENTENCES):
        rec = json.loads(line)
        assert [rec["text"][a:b] for a, b in rec["token_offsets"]] == rec["tokens"]
        for d, span in zip(rec["spans"], s.spans):
            assert (d["start"], d["end"], d["label"]) == (span.start, span.end, span.label)
            assert rec["text"][d["char_start"]:d["char_end"]] == d["text"]
    ja = json.loads(format_jsonl([UNICODE_SENTENCES[2]]))
    assert [d["text"] for d in ja["spans"]] == ["東京", "日本"]


def test_jsonl_round_trip_pairs(tmp_path):
    pairs = [SentencePair("de-0001", UNICODE_SENTENCES[0], UNICODE_SENTENCES[2]),
             SentencePair("de-0002", Sentence(("a",), id=""), Sentence(("b",), (Span(0, 1, "X"),), lang="de"))]
    p = tmp_path / "p.jsonl"
    write_jsonl(pairs, p)
    back = read_jsonl(p)
    assert [b.id for b in back] == ["de-0001", "de-0002"]
    assert [(_norm(b.src), _norm(b.tgt)) for b in back] == [(_norm(x.src), _norm(x.tgt)) for x in pairs]


def test_jsonl_spans_from_char_offsets_only(tmp_path):
    p = tmp_path / "c.jsonl"
    p.write_text(json.dumps({"id": 7, "text": "Anna lebt in Köln.", "tokens": ["Anna", "lebt", "in", "Köln", "."],
                             "spans": [{"char_start": 13, "char_end": 17, "label": "LOC"}]}) + "\n", encoding="utf-8")
    (s,) = read_jsonl(p)
    assert s.id == "7" and s.spans == (Span(3, 4, "LOC"),)


@pytest.mark.parametrize("obj,reason", [
    ("{not json", "invalid JSON"),
    ('[1, 2]', "JSON object"),
    ('{"tokens": "a b"}', "'tokens'"),
    ('{"tokens": ["a"], "spans": [{"start": 0, "end": 2, "label": "PER"}]}', "out of range"),
    ('{"tokens": ["a", "b"], "spans": [{"start": 0, "end": 1}]}', "no 'label'"),
    ('{"tokens": ["ab", "c"], "text": "ab c", "spans": [{"char_start": 1, "char_end": 2, "label": "X"}]}', "token boundaries"),
    ('{"tokens": ["ab", "c"], "text": "ab c", "spans": [{"start": 0, "end": 1, "char_start": 0, "char_end": 4, "label": "X"}]}', "not [0, 4)"),
    ('{"tokens": ["ab", "c"], "text": "xy z"}', "not found in 'text'"),
    ('{"tokens": ["a"], "spans": [{"start": "0", "end": 1, "label": "X"}]}', "integer"),
    ('{"id": 1, "src": {"tokens": ["a"]}, "tgt": {"tokens": ["b"]}}', "a pair object in a file of sentence"),
])
def test_jsonl_errors_name_the_line(tmp_path, obj, reason):
    p = tmp_path / "bad.jsonl"
    p.write_text('{"tokens": ["ok"]}\n\n' + obj + "\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_jsonl(p)
    assert e.value.line == 3 and reason in e.value.reason


def test_jsonl_text_that_lost_a_token_falls_back_to_joined_tokens(tmp_path):
    s = Sentence(("``", "Hi", "''", "Bob"), (Span(3, 4, "PER"),), text='"Hi" Bob')
    rec = json.loads(format_jsonl([s]))
    assert rec["text"] == "`` Hi '' Bob" and rec["spans"][0]["text"] == "Bob"
    p = tmp_path / "q.jsonl"
    write_jsonl([s], p)
    assert read_jsonl(p)[0].spans == s.spans
