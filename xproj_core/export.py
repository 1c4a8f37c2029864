"""Export projected (and corrected) target sentences in every format the app offers, and read them back.

Formats (:data:`FORMATS`): ``conll-iob2``, ``conll-bioes`` (``token<TAB>tag`` with ``# sent_id``/``# text``
comments), ``jsonl`` (word and character offsets, plus ``status``), ``docbin`` (spaCy ``.spacy``),
``labelstudio`` (tasks with ``annotations`` for reviewed or given sentences and ``predictions`` with scores)
and ``pharaoh`` (0-based ``i-j``, one line per sentence, source = labelled side).

:func:`export` takes sentences, sentence pairs (their target side) or :class:`ExportRecord` s;
:func:`records_from_store` builds the records of a run: final spans (corrections applied), review
status, projected spans and the alignment in force (a correction's edited links win). Rejected
sentences are never exported; ``only_reviewed`` keeps corrected/accepted ones only.
:func:`reimport` reads any of these formats back (``pharaoh`` gives alignments).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Iterable, Sequence

from .errors import ConfigError
from .types import Alignment, ProjectedSpan, Sentence, SentencePair

if TYPE_CHECKING:
    from .store import Store


@dataclass(frozen=True)
class ExportFormat:
    name: str
    label: str
    extension: str
    mime: str


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("conll-iob2", "CoNLL, IOB2 tags", "conll", "text/plain"),
    ExportFormat("conll-bioes", "CoNLL, BIOES tags", "conll", "text/plain"),
    ExportFormat("jsonl", "JSON Lines (word + character offsets)", "jsonl", "application/jsonl"),
    ExportFormat("docbin", "spaCy DocBin", "spacy", "application/octet-stream"),
    ExportFormat("labelstudio", "Label Studio JSON (with predictions)", "json", "application/json"),
    ExportFormat("pharaoh", "Pharaoh alignments (i-j)", "txt", "text/plain"),
)}
REVIEWED = ("corrected", "accepted")


@dataclass(frozen=True)
class ExportRecord:
    """One target sentence to export: words with final spans, review status, what was projected, links."""

    sentence: Sentence
    status: str = ""  # "" = given data; "projected" = not reviewed; else a store status
    predicted: tuple[ProjectedSpan, ...] = ()
    alignment: Alignment | None = None
    source: Sentence | None = None
    author: str = ""  # provenance of the review, if any
    at: str = ""

    @property
    def reviewed(self) -> bool:
        return self.status in REVIEWED


def _record(item: Sentence | SentencePair | ExportRecord) -> ExportRecord:
    if isinstance(item, ExportRecord):
        return item
    if isinstance(item, SentencePair):
        tgt = item.tgt if item.tgt.id else replace(item.tgt, id=item.id)
        return ExportRecord(tgt, source=item.src)
    if isinstance(item, Sentence):
        return ExportRecord(item)
    raise TypeError(f"cannot export {type(item).__name__}")


def select(items: Iterable[Sentence | SentencePair | ExportRecord], *, only_reviewed: bool = False) -> list[ExportRecord]:
    """Records to export: rejected ones dropped; with ``only_reviewed`` only corrected/accepted ones."""
    recs = [_record(x) for x in items]
    return [r for r in recs if r.status != "rejected" and (r.reviewed or not only_reviewed)]


def records_from_store(store: "Store", run_id: int, *, only_reviewed: bool = False, lang: str | None = None) -> list[ExportRecord]:
    """The records of a run in corpus order: final spans, status, projected spans and the alignment in force."""
    run = store.run(run_id)
    pairs = store.pairs(run.project_id, lang=lang)
    projs = store.projections(run_id)
    aligns = store.alignments(run_id)
    current = store.current(run_id)
    final = store.final_spans(run_id, include_rejected=True)
    out = []
    for p in pairs:
        c = current.get(p.id)
        status = c.status if c is not None else "projected"
        spans = final.get(p.id, ())
        links = Alignment.from_pairs(c.links) if c is not None and c.links is not None else aligns.get(p.id)
        proj = projs.get(p.id)
        sent = Sentence(p.tgt.words, tuple(sorted(spans)), id=p.id, text=p.tgt.text, lang=p.tgt.lang)
        out.append(ExportRecord(sent, status, proj.spans if proj else (), links, p.src,
                                c.author if c is not None else "", c.at if c is not None else ""))
    return select(out, only_reviewed=only_reviewed)


def export(items: Iterable[Sentence | SentencePair | ExportRecord], fmt: str, *, only_reviewed: bool = False) -> bytes:
    """The bytes of one export file (UTF-8 text, or a DocBin)."""
    if fmt not in FORMATS:
        raise ConfigError("export format", fmt, tuple(FORMATS))
    recs = select(items, only_reviewed=only_reviewed)
    sents = [r.sentence for r in recs]
    if fmt in ("conll-iob2", "conll-bioes"):
        from .io.conll import format_conll

        return format_conll(sents, "IOB2" if fmt == "conll-iob2" else "BIOES", comments=True).encode("utf-8")
    if fmt == "jsonl":
        from .io.jsonl import sentence_record

        rows = []
        for r in recs:
            d = sentence_record(r.sentence)
            if r.status:
                d["status"] = r.status
            if r.author:
                d["review"] = {"author": r.author, "at": r.at}
            if r.predicted:
                d["projected"] = [{"start": p.span.start, "end": p.span.end, "label": p.span.label,
                                   "score": round(p.score, 6)} for p in r.predicted]
            rows.append(json.dumps(d, ensure_ascii=False) + "\n")
        return "".join(rows).encode("utf-8")
    if fmt == "docbin":
        from .io.docbin import format_docbin

        return format_docbin(sents)
    if fmt == "labelstudio":
        from .io.labelstudio import format_labelstudio, task

        tasks = [task(r.sentence, task_no=k, annotated=None if r.status == "projected" else r.sentence.spans,
                      predicted=r.predicted, status=r.status,
                      extra={**({"source_text": r.source.surface} if r.source is not None else {}),
                             **({"reviewer": r.author, "reviewed_at": r.at} if r.author else {})})
                 for k, r in enumerate(recs, 1)]
        return format_labelstudio(tasks).encode("utf-8")
    from .io.pharaoh import format_pharaoh  # fmt == "pharaoh"

    return "".join(format_pharaoh(r.alignment or Alignment()) + "\n" for r in recs).encode("utf-8")


def reimport(data: bytes, fmt: str, *, name: str | None = None) -> list[Sentence] | list[Alignment]:
    """Read an export back: sentences (words, spans, id, text), or alignments for ``pharaoh``."""
    if fmt not in FORMATS:
        raise ConfigError("export format", fmt, tuple(FORMATS))
    where = name or f"<{fmt}>"
    if fmt != "docbin" and not bytes(data).strip():
        return []  # an export of nothing
    if fmt in ("conll-iob2", "conll-bioes"):
        from .io.conll import read_tagged

        return read_tagged(data, format="tsv", name=where)
    if fmt == "jsonl":
        from .io.jsonl import read_jsonl

        return read_jsonl(data, name=where)
    if fmt == "docbin":
        from .io.docbin import read_docbin

        return read_docbin(data, name=where)
    if fmt == "labelstudio":
        from .io.labelstudio import read_labelstudio

        return [t.sentence for t in read_labelstudio(data, name=where)]
    from .io.pharaoh import read_pharaoh

    return read_pharaoh(data, name=where)


def filename(stem: str, fmt: str) -> str:
    """A download file name such as ``demo-run3.conll``."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in stem) or "xproj"
    return f"{safe}.{FORMATS[fmt].extension}"


def export_run(store: "Store", run_id: int, fmt: str, *, only_reviewed: bool = False, lang: str | None = None) -> bytes:
    """Convenience: :func:`export` of :func:`records_from_store`."""
    return export(records_from_store(store, run_id, only_reviewed=only_reviewed, lang=lang), fmt)


def summary(records: Sequence[ExportRecord]) -> dict[str, int]:
    """Counts for the export page: sentences, spans, reviewed sentences."""
    return {"sentences": len(records), "spans": sum(len(r.sentence.spans) for r in records),
            "reviewed": sum(r.reviewed for r in records)}
