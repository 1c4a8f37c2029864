"""Test doubles shared by the backend tests: a lookup translator and a same-word aligner."""

from __future__ import annotations

from xproj_core.types import Alignment


class FakeTranslator:
    """Translates by table lookup; ``calls`` records every batch it was asked for."""

    name = "fake"

    def __init__(self, table):
        self.table = table
        self.calls = []

    def translate(self, texts, src_lang, tgt_lang):
        self.calls.append(list(texts))
        return [self.table[t] for t in texts]


class SameWordAligner:
    """Links equal words (case-insensitive): enough for a monolingual T' ↔ T alignment."""

    name = "same"

    def align(self, pairs, progress=None):
        return [Alignment.from_pairs([(i, j) for i, a in enumerate(s) for j, b in enumerate(t) if a.lower() == b.lower()])
                for s, t in pairs]
