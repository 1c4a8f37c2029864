"""Tag sequences <-> spans: IOB2 (with conlleval's repair), IOB1 and BIOES.

Reading follows the IOB2 normalisation rule of method.md §3, which is also how seqeval's
default mode counts chunks: ``B-X`` starts a span, and so does an ``I-X`` that follows ``O``
or a tag of another type.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from .types import Span

SCHEMES = ("IOB2", "BIOES")


def split_tag(tag: str) -> tuple[str, str]:
    """``"B-PER"`` -> ``("B", "PER")``; ``"O"`` -> ``("O", "")``. Accepts ``B_PER`` too.

    Raises ``ValueError`` for a tag that is not O or PREFIX-TYPE with a known prefix.
    """
    if tag == "O":
        return "O", ""
    if len(tag) > 2 and tag[1] in "-_" and tag[0] in "BIESLU":
        prefix = {"L": "E", "U": "S"}.get(tag[0], tag[0])
        return prefix, tag[2:]
    raise ValueError(f"unknown tag {tag!r} (expected O or B-/I-/E-/S- followed by a type)")


def spans_from_tags(tags: Sequence[str]) -> tuple[Span, ...]:
    """Spans of a tag sequence in IOB1, IOB2 or BIOES, repaired the way conlleval reads them.

    ``E-``/``S-`` close a span; a stray ``I-``/``E-`` after ``O`` or another type starts one.
    """
    spans: list[Span] = []
    start, label = None, ""
    for i, tag in enumerate(tags):
        prefix, typ = split_tag(tag)
        if prefix == "O":
            if start is not None:
                spans.append(Span(start, i, label))
            start = None
            continue
        begins = prefix in ("B", "S") or start is None or typ != label
        if begins:
            if start is not None:
                spans.append(Span(start, i, label))
            start, label = i, typ
        if prefix in ("E", "S"):
            spans.append(Span(start, i + 1, label))
            start = None
    if start is not None:
        spans.append(Span(start, len(tags), label))
    return tuple(spans)


def tags_from_spans(spans: Iterable[Span], length: int, scheme: str = "IOB2") -> list[str]:
    """Write spans as tags. Overlapping spans: later spans overwrite earlier ones word by word."""
    if scheme not in SCHEMES:
        from .errors import ConfigError

        raise ConfigError("tag scheme", scheme, SCHEMES)
    tags = ["O"] * length
    for s in spans:
        if s.end > length:
            raise ValueError(f"span [{s.start}, {s.end}) beyond sentence of {length} words")
        n = s.end - s.start
        if scheme == "BIOES" and n == 1:
            tags[s.start] = f"S-{s.label}"
            continue
        tags[s.start] = f"B-{s.label}"
        for k in range(s.start + 1, s.end):
            tags[k] = f"I-{s.label}"
        if scheme == "BIOES":
            tags[s.end - 1] = f"E-{s.label}"
    return tags


def normalise_iob2(tags: Sequence[str]) -> list[str]:
    """Repair a tag sequence to strict IOB2 (stray ``I-`` becomes ``B-``)."""
    return tags_from_spans(spans_from_tags(tags), len(tags))


def map_labels(spans: Iterable[Span], mapping: dict[str, str | None]) -> tuple[Span, ...]:
    """Relabel spans; a label mapped to ``None`` or ``"O"`` drops the span (method §9.1)."""
    out = []
    for s in spans:
        new = mapping.get(s.label, s.label)
        if new and new != "O":
            out.append(s.with_label(new))
    return tuple(out)
