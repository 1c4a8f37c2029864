"""Translations computed elsewhere, read from a file (spec ``given:FILE``).

Two layouts, detected from the file:

* **lookup** — every non-empty line is ``source<TAB>translation`` or ``source ||| translation``;
  texts are looked up by their exact source string (whitespace-trimmed);
* **positional** — one translation per line; a call must pass exactly as many texts as there
  are lines, and gets them back in order.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ..errors import InputError
from ..registry import register


class GivenTranslator:
    """Serve translations from a file; unknown texts raise :class:`InputError` naming the file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.name = f"given:{self.path.name}"
        if not self.path.is_file():
            raise InputError(str(self.path), None, "translation file not found", "pass given:PATH to an existing file")
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError as exc:
            raise InputError(str(self.path), None, f"not UTF-8 text ({exc.reason})") from None
        self.lines = [ln.rstrip("\r") for ln in lines]
        self.table: dict[str, str] | None = None
        content = [ln for ln in self.lines if ln.strip()]
        sep = "\t" if content and all("\t" in ln for ln in content) else (
            " ||| " if content and all(" ||| " in ln for ln in content) else None)
        if sep is not None:
            self.table = {}
            for ln in content:
                src, _, tgt = ln.partition(sep)
                self.table[src.strip()] = tgt.strip()

    def translate(self, texts: Sequence[str], src_lang: str = "", tgt_lang: str = "") -> list[str]:
        if self.table is not None:
            out = []
            for t in texts:
                if t.strip() not in self.table:
                    raise InputError(str(self.path), None, f"no translation for {t.strip()[:60]!r}",
                                     "the file must hold one 'source<TAB>translation' line per text")
                out.append(self.table[t.strip()])
            return out
        if len(texts) != len(self.lines):
            raise InputError(str(self.path), len(self.lines), f"file has {len(self.lines)} translations, "
                             f"input has {len(texts)} sentences", "one translation per line, same order as the input")
        return list(self.lines)


@register("translator", "given")
def build_given(arg: str | None, **options) -> GivenTranslator:
    if not arg:
        from ..errors import ConfigError

        raise ConfigError("translator", "given", hint="write given:PATH")
    return GivenTranslator(arg)
