"""spaCy DocBin (``.spacy``) writer and reader: one ``Doc`` per sentence.

Words and their trailing-space flags come from the sentence's character offsets; every span is
kept in ``doc.spans["xproj"]`` (overlaps allowed) and the non-overlapping ones also become
``doc.ents``, which is what ``spacy train`` reads. The sentence id, language and exact text ride in
``user_data``, so reading back gives the same words, spans, id and text. spaCy is imported lazily.
"""

from __future__ import annotations

from typing import Iterable

from ..errors import BackendUnavailable, InputError
from ..types import Sentence, Span

SPANS_KEY = "xproj"


def _spacy():
    try:
        from spacy.tokens import Doc, DocBin
        from spacy.tokens import Span as SpacySpan
        from spacy.vocab import Vocab
    except ImportError as e:  # pragma: no cover - spaCy is a pinned dependency
        raise BackendUnavailable(f"spaCy DocBin export needs spaCy ({e}); pip install spacy") from None
    return Doc, DocBin, SpacySpan, Vocab


def _spaces(s: Sentence) -> list[bool]:
    offs = s.offsets
    return [offs[k][1] < offs[k + 1][0] for k in range(len(offs) - 1)] + [False] if offs else []


def format_docbin(sentences: Iterable[Sentence]) -> bytes:
    """The bytes of a DocBin holding one Doc per sentence (empty sentences are skipped)."""
    Doc, DocBin, SpacySpan, Vocab = _spacy()
    vocab = Vocab()
    db = DocBin(attrs=["ORTH", "SPACY", "ENT_IOB", "ENT_TYPE"], store_user_data=True)
    for s in sentences:
        if not s.words:
            continue
        doc = Doc(vocab, words=list(s.words), spaces=_spaces(s))
        spans = [SpacySpan(doc, sp.start, sp.end, label=sp.label) for sp in sorted(s.spans)]
        doc.spans[SPANS_KEY] = spans
        ents, last = [], 0
        for sp in spans:
            if sp.start >= last:
                ents.append(sp)
                last = sp.end
        doc.ents = ents
        doc.user_data["xproj_id"] = s.id
        doc.user_data["xproj_lang"] = s.lang
        doc.user_data["xproj_text"] = s.text
        db.add(doc)
    return db.to_bytes()


def read_docbin(data: bytes, *, name: str = "<docbin>") -> list[Sentence]:
    """Sentences from DocBin bytes (spans from ``doc.spans["xproj"]``, else from ``doc.ents``)."""
    Doc, DocBin, SpacySpan, Vocab = _spacy()
    try:
        db = DocBin(store_user_data=True).from_bytes(bytes(data))
        docs = list(db.get_docs(Vocab()))
    except Exception as e:  # spaCy raises assorted errors (zlib, msgpack, KeyError) for bad bytes
        raise InputError(name, None, f"not a spaCy DocBin ({type(e).__name__})", "export .spacy files with xproj or spaCy") from None
    out = []
    for doc in docs:
        src = doc.spans[SPANS_KEY] if SPANS_KEY in doc.spans else doc.ents
        spans = tuple(sorted(Span(sp.start, sp.end, sp.label_) for sp in src))
        ud = doc.user_data
        text = ud.get("xproj_text")
        words = tuple(t.text for t in doc)
        if text is None and doc.text != " ".join(words):
            text = doc.text
        out.append(Sentence(words, spans, id=ud.get("xproj_id", "") or "", text=text, lang=ud.get("xproj_lang", "") or ""))
    return out
