"""CoNLL-style token/tag files and tokenised text.

Formats (``FORMATS``), detected from the first data lines when ``format=None``:

* ``tsv``: ``token<TAB>tag`` (more TAB columns allowed: token first, tag last, same count on every line);
* ``conll2003``: ``token POS chunk tag`` (space or TAB), ``-DOCSTART-`` lines skipped;
* ``masakhaner``: ``token tag`` separated by a space;
* ``uner``: UNER ``.iob2``: ``#`` comments, then ``index<TAB>token<TAB>tag<TAB>-<TAB>annotator``;
  ``# sent_id = …`` becomes :attr:`Sentence.id` and ``# text = …`` :attr:`Sentence.text`.

A blank line ends a sentence. Tags are IOB1/IOB2/BIOES, read with conlleval's repair (stray ``I-`` starts a
span). In ``tsv``/``masakhaner``/``conll2003`` a line ``# key = value`` that is not a token row is a comment
(``format_conll(comments=True)`` writes ``# sent_id``/``# text`` that way, so ids and texts round-trip).
"""

from __future__ import annotations

import os
import re
from typing import Iterable

from ..errors import ConfigError, InputError
from ..tags import SCHEMES, spans_from_tags, split_tag, tags_from_spans
from ..types import Sentence
from ._text import Source, read_lines, write_text

FORMATS = ("tsv", "conll2003", "masakhaner", "uner")
TARGET_FORMATS = FORMATS + ("text",)

# format -> (separator: "\t" or None for any whitespace, token column, tag column, column count or None = first row's)
_LAYOUTS: dict[str, tuple[str | None, int, int, int | None]] = {
    "tsv": ("\t", 0, -1, None),
    "conll2003": (None, 0, 3, 4),
    "masakhaner": (None, 0, 1, 2),
    "uner": ("\t", 1, 2, 5),
}
_TAG_HINT = "expected O or B-/I-/E-/S- followed by a type, e.g. B-PER"
_TEXT_SPLIT = re.compile(r"[ \t]+")  # ASCII only: U+3000 may sit inside CJK tokens


def _valid_tag(tag: str) -> bool:
    try:
        split_tag(tag)
    except ValueError:
        return False
    return True


def _split(line: str, sep: str | None) -> list[str]:
    return [c.strip(" ") for c in line.split("\t")] if sep == "\t" else line.split()


def _is_comment(line: str) -> bool:
    return line.startswith("#") and (line == "#" or line[1] in " \t")


def _looks_like_row(line: str) -> bool:
    tabs, ws = _split(line, "\t"), line.split()
    if len(tabs) == 5 and tabs[0].isdigit():
        return _valid_tag(tabs[2])
    if len(tabs) >= 2:
        return _valid_tag(tabs[-1])
    return len(ws) in (2, 4) and _valid_tag(ws[-1])


def detect_format(lines: list[str], where: str = "<input>") -> str:
    """Name the tagged format of ``lines`` from the first token row; InputError when none fits."""
    for no, raw in enumerate(lines, 1):
        line = raw.rstrip(" \t")
        if not line.strip():
            continue
        tabs, ws = _split(line, "\t"), line.split()
        if line.startswith("-DOCSTART-"):
            if len(ws) == 4:
                return "conll2003"
            continue
        if len(tabs) == 5 and tabs[0].isdigit():
            return "uner"
        if _is_comment(line) and not _looks_like_row(line):
            continue
        if len(tabs) >= 2:
            return "conll2003" if len(tabs) == 4 else "tsv"
        if len(ws) == 4:
            return "conll2003"
        if len(ws) == 2:
            return "masakhaner"
        raise InputError(
            where, no, f"cannot tell the format from this line ({len(ws)} column(s))",
            "expected token<TAB>tag, CoNLL-2003 'token POS chunk tag', MasakhaNER 'token tag' or UNER .iob2 rows;"
            " or name the format",
        )
    raise InputError(where, None, "no sentences found", "the file is empty")


def _column_error(where: str, no: int, line: str, sep: str | None, expected: int, found: int) -> InputError:
    kind = "TAB-separated" if sep == "\t" else "whitespace-separated"
    hint = ""
    if sep == "\t" and found == 1 and " " in line.strip():
        hint = "space-separated? use format 'masakhaner' or 'conll2003'"
    elif sep is None and found > expected:
        hint = "a token with a space? use TAB-separated 'tsv'"
    return InputError(where, no, f"expected {expected} {kind} columns, found {found}", hint)


def _parse(lines: list[str], where: str, fmt: str, lang: str) -> list[Sentence]:
    sep, tok_i, tag_i, expected = _LAYOUTS[fmt]
    out: list[Sentence] = []
    words: list[str] = []
    tags: list[str] = []
    meta: dict[str, str] = {}

    def flush() -> None:
        if words:
            out.append(Sentence(tuple(words), spans_from_tags(tags), id=meta.get("id", ""), text=meta.get("text"), lang=lang))
        words.clear()
        tags.clear()
        meta.clear()

    for no, raw in enumerate(lines, 1):
        line = raw.rstrip(" \t")
        if not line.strip():
            flush()
            continue
        if line.startswith("-DOCSTART-"):
            flush()
            continue
        cols = _split(line, sep)
        if _is_comment(line) and (fmt == "uner" or not _looks_like_row(line)):
            if words:
                raise InputError(where, no, "comment line inside a sentence", "put a blank line before it")
            key, eq, value = line[1:].partition("=")
            key = key.strip()
            if eq and key in ("sent_id", "id"):
                meta["id"] = value.strip()
            elif eq and key == "text":
                meta["text"] = value.strip()
            continue
        if expected is None:
            if len(cols) < 2:
                raise _column_error(where, no, line, sep, 2, len(cols))
            expected = len(cols)
        if len(cols) != expected:
            raise _column_error(where, no, line, sep, expected, len(cols))
        token, tag = cols[tok_i], cols[tag_i]
        if fmt == "uner" and not cols[0].isdigit():
            raise InputError(where, no, f"expected a token number in column 1, found {cols[0]!r}", "UNER rows: index token tag - annotator")
        if not token:
            raise InputError(where, no, "empty token")
        if not _valid_tag(tag):
            hint = f"IO tags without a prefix? write I-{tag}" if re.fullmatch(r"[A-Z][A-Za-z_]*", tag) else _TAG_HINT
            raise InputError(where, no, f"unknown tag {tag!r}", hint)
        words.append(token)
        tags.append(tag)
    flush()
    if not out:
        raise InputError(where, None, "no sentences found", "the file has no token rows")
    return out


def read_tagged(path: Source, format: str | None = None, lang: str = "", *, name: str | None = None) -> list[Sentence]:
    """Sentences with their spans from a tagged file (or the bytes of an upload, labelled ``name``)."""
    if format is not None and format not in FORMATS:
        raise ConfigError("tagged format", format, FORMATS)
    where, lines = read_lines(path, name)
    return _parse(lines, where, format or detect_format(lines, where), lang)


def _looks_tagged(lines: list[str]) -> bool:
    sample = [ln.rstrip(" \t") for ln in lines[:400]]
    sample = [ln for ln in sample if ln.strip() and not ln.startswith("-DOCSTART-") and not (_is_comment(ln) and not _looks_like_row(ln))]
    sample = sample[:50]
    if not sample:
        return False
    if sum(map(_looks_like_row, sample)) >= 0.8 * len(sample):
        return True
    # token rows with tags that do not parse (reported by the strict reader, not read as text)
    tabs = {len(_split(ln, "\t")) for ln in sample}
    if len(tabs) == 1 and min(tabs) >= 2:
        return True
    ws = {len(ln.split()) for ln in sample}
    blank = any(not ln.strip() for ln in lines[:400])
    return blank and len(sample) >= 3 and len(ws) == 1 and min(ws) in (2, 4)


def _parse_text(lines: list[str], where: str, lang: str) -> list[Sentence]:
    out = []
    for raw in lines:
        line = raw.strip(" \t")
        words = tuple(w for w in _TEXT_SPLIT.split(line) if w)
        out.append(Sentence(words, text=None if " ".join(words) == line else line, lang=lang))
    if not out:
        raise InputError(where, None, "no sentences found", "the file is empty")
    return out


def read_target(path: Source, format: str | None = None, lang: str = "", *, name: str | None = None) -> list[Sentence]:
    """Target sentences from a tagged file (spans kept) or tokenised text (one sentence per line, ``format="text"``).

    A blank line of a text file is an empty sentence, so line numbers stay aligned with the source.
    """
    if format is not None and format not in TARGET_FORMATS:
        raise ConfigError("target format", format, TARGET_FORMATS)
    where, lines = read_lines(path, name)
    if format == "text" or (format is None and not _looks_tagged(lines)):
        return _parse_text(lines, where, lang)
    return _parse(lines, where, format or detect_format(lines, where), lang)


def format_conll(sentences: Iterable[Sentence], scheme: str = "IOB2", *, comments: bool = False) -> str:
    """``token<TAB>tag`` lines, a blank line after each sentence; ``comments`` adds ``# sent_id``/``# text``."""
    if scheme not in SCHEMES:
        raise ConfigError("tag scheme", scheme, SCHEMES)
    blocks = []
    for s in sentences:
        if not s.words:
            continue
        rows = []
        if comments and s.id:
            rows.append(f"# sent_id = {_one_line(s.id)}")
        if comments and s.text is not None:
            rows.append(f"# text = {_one_line(s.text)}")
        for span in s.spans:
            if not span.label or any(c.isspace() for c in span.label):
                raise ValueError(f"span label {span.label!r} cannot be written as a tag")
        for word, tag in zip(s.words, tags_from_spans(s.spans, len(s.words), scheme)):
            if not word or any(c in word for c in "\t\n\r"):
                raise ValueError(f"token {word!r} cannot be written to a TAB-separated file")
            rows.append(f"{word}\t{tag}")
        blocks.append("\n".join(rows) + "\n")
    return "\n".join(blocks)


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError(f"{value!r} spans several lines")
    return value


def write_conll(sentences: Iterable[Sentence], path: str | os.PathLike, scheme: str = "IOB2", *, comments: bool = False) -> None:
    write_text(path, format_conll(sentences, scheme, comments=comments))
