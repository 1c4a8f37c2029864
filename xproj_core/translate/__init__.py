"""Machine translation behind one protocol.

A translator maps a batch of texts from one language to another. Backends are named by
spec strings and built with ``registry.resolve("translator", spec)``:

* ``given:FILE`` — translations computed elsewhere (:mod:`.given`);
* ``hf:MODEL`` — a Hugging Face seq2seq model, NLLB-200, M2M100 or Marian/OPUS-MT, by hub id or
  local directory (:mod:`.hf`).

Any translator can be wrapped in :class:`~xproj_core.translate.cache.CachedTranslator`, a
persistent cache keyed by model, languages and text. Language codes are ISO 639-1/639-3;
each backend maps them to its model's codes (:mod:`.langcodes`).
"""

from __future__ import annotations

from typing import Protocol, Sequence, runtime_checkable


@runtime_checkable
class Translator(Protocol):
    #: identifies the model in cache keys and run signatures (hub id, path, or file).
    name: str

    def translate(self, texts: Sequence[str], src_lang: str, tgt_lang: str) -> list[str]:
        """One translation per text, in order."""
        ...


__all__ = ["Translator"]
