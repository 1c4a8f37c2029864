"""JSON Lines with word and character offsets, one object per sentence (or per sentence pair).

Sentence object::

    {"id": "s1", "lang": "de", "text": "Angela Merkel kam.", "tokens": ["Angela", "Merkel", "kam", "."],
     "token_offsets": [[0, 6], [7, 13], [14, 17], [17, 18]],
     "spans": [{"start": 0, "end": 2, "char_start": 0, "char_end": 13, "label": "PER", "text": "Angela Merkel"}]}

``start``/``end`` are half-open word indices, ``char_start``/``char_end`` half-open code-point offsets into
``text``. A pair is ``{"id": …, "src": {sentence}, "tgt": {sentence}}``. On reading, spans may give word indices,
character offsets or both (then they must agree); a ``text`` equal to the tokens joined by spaces reads back as
``Sentence.text = None`` (the same surface).
"""

from __future__ import annotations

import json
import os
from typing import Any, Iterable

from ..errors import InputError
from ..types import Sentence, SentencePair, Span
from ._text import Source, read_lines, write_text


def sentence_record(s: Sentence, *, with_id: bool = True) -> dict[str, Any]:
    """The JSON object of one sentence. If a token is not found in ``s.text`` (tokenisation changed it), the text
    written is the tokens joined by spaces, so that character offsets always slice ``text`` to the tokens."""
    text, offs = s.surface, s.offsets
    if any(text[a:b] != w for w, (a, b) in zip(s.words, offs)):
        text = " ".join(s.words)
        offs = Sentence(s.words).offsets
    rec: dict[str, Any] = {"id": s.id} if with_id else {}
    if s.lang:
        rec["lang"] = s.lang
    rec.update(text=text, tokens=list(s.words), token_offsets=[list(o) for o in offs])
    rec["spans"] = [
        {"start": sp.start, "end": sp.end, "char_start": offs[sp.start][0], "char_end": offs[sp.end - 1][1],
         "label": sp.label, "text": text[offs[sp.start][0]:offs[sp.end - 1][1]]}
        for sp in s.spans
    ]
    return rec


def format_jsonl(items: Iterable[Sentence | SentencePair]) -> str:
    rows = []
    for it in items:
        if isinstance(it, SentencePair):
            rec = {"id": it.id, "src": sentence_record(it.src), "tgt": sentence_record(it.tgt)}
        else:
            rec = sentence_record(it)
        rows.append(json.dumps(rec, ensure_ascii=False) + "\n")
    return "".join(rows)


def write_jsonl(items: Iterable[Sentence | SentencePair], path: str | os.PathLike) -> None:
    """Write sentences or sentence pairs, one JSON object per line (UTF-8, not ASCII-escaped)."""
    write_text(path, format_jsonl(items))


def _bad(where: str, no: int, reason: str, hint: str = "") -> InputError:
    return InputError(where, no, reason, hint)


def _span(d: Any, offs, where: str, no: int, k: int) -> Span:
    if not isinstance(d, dict):
        raise _bad(where, no, f"span {k} is not an object")
    label = d.get("label")
    if not isinstance(label, str) or not label:
        raise _bad(where, no, f"span {k} has no 'label'")
    n = len(offs)
    has_words, has_chars = "start" in d and "end" in d, "char_start" in d and "char_end" in d
    if not (has_words or has_chars):
        raise _bad(where, no, f"span {k} needs 'start'/'end' (word indices) or 'char_start'/'char_end'")
    for key in ("start", "end", "char_start", "char_end"):
        if key in d and (not isinstance(d[key], int) or isinstance(d[key], bool)):
            raise _bad(where, no, f"span {k}: '{key}' must be an integer")
    if has_words:
        start, end = d["start"], d["end"]
        if not 0 <= start < end <= n:
            raise _bad(where, no, f"span {k} [{start}, {end}) out of range for {n} tokens", "word indices are 0-based, end exclusive")
    if has_chars:
        cs, ce = d["char_start"], d["char_end"]
        starts = [i for i, o in enumerate(offs) if o[0] == cs]
        ends = [i + 1 for i, o in enumerate(offs) if o[1] == ce]
        if not starts or not ends or starts[0] >= ends[-1]:
            raise _bad(where, no, f"span {k}: characters [{cs}, {ce}) do not fall on token boundaries")
        if not has_words:
            start, end = starts[0], ends[-1]
        elif offs[start][0] != cs or offs[end - 1][1] != ce:
            raise _bad(where, no, f"span {k}: words [{start}, {end}) are characters [{offs[start][0]}, {offs[end - 1][1]}), "
                                  f"not [{cs}, {ce})")
    return Span(start, end, label)


def _sentence(obj: Any, where: str, no: int, sid: str) -> Sentence:
    if not isinstance(obj, dict):
        raise _bad(where, no, "expected a JSON object")
    toks = obj.get("tokens")
    if not isinstance(toks, list) or not all(isinstance(t, str) and t for t in toks):
        raise _bad(where, no, "'tokens' must be a list of non-empty strings")
    text = obj.get("text")
    if text is not None and not isinstance(text, str):
        raise _bad(where, no, "'text' must be a string")
    if text == " ".join(toks):
        text = None
    lang = obj.get("lang", "")
    s = Sentence(tuple(toks), id=sid, text=text, lang=lang if isinstance(lang, str) else "")
    offs = s.offsets
    if text is not None:
        for k, (t, (a, b)) in enumerate(zip(toks, offs)):
            if text[a:b] != t:
                raise _bad(where, no, f"token {k} {t!r} not found in 'text'", "tokens must appear in the text in order")
    spans = obj.get("spans", [])
    if not isinstance(spans, list):
        raise _bad(where, no, "'spans' must be a list")
    return Sentence(s.words, tuple(sorted(_span(d, offs, where, no, k) for k, d in enumerate(spans))),
                    id=sid, text=text, lang=s.lang)


def _id(obj: dict, where: str, no: int) -> str:
    sid = obj.get("id", "")
    if isinstance(sid, bool) or not isinstance(sid, (str, int)):
        raise _bad(where, no, "'id' must be a string or an integer")
    return str(sid)


def read_jsonl(path: Source, *, name: str | None = None) -> list[Sentence] | list[SentencePair]:
    """Sentences, or sentence pairs when the objects have ``src`` and ``tgt``."""
    where, lines = read_lines(path, name)
    out: list = []
    kind = None
    for no, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as e:
            raise _bad(where, no, f"invalid JSON: {e.msg} (column {e.colno})") from None
        if not isinstance(obj, dict):
            raise _bad(where, no, "expected a JSON object")
        this = "pair" if "src" in obj and "tgt" in obj else "sentence"
        if kind is not None and this != kind:
            raise _bad(where, no, f"a {this} object in a file of {kind} objects")
        kind = this
        sid = _id(obj, where, no)
        if this == "pair":
            sides = []
            for key in ("src", "tgt"):
                side = obj[key]
                side_id = _id(side, where, no) if isinstance(side, dict) and "id" in side else sid
                sides.append(_sentence(side, where, no, side_id))
            out.append(SentencePair(sid, *sides))
        else:
            out.append(_sentence(obj, where, no, sid))
    return out
