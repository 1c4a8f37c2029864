"""What the app pages do, as plain functions: create projects, run projections, inspect and correct.

Pages stay thin: they read widgets, call these functions and draw the result. Nothing here imports
streamlit, so every step is unit-tested without the UI (``tests/core/test_workbench.py``).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .errors import InputError
from .types import Alignment, Link, Projection, SentencePair, Span

DEFAULT_ALIGNER = "fusion"
RUN_KEYS = ("aligner", "alignments_from_run")  # stored with a run's config, not ProjectionConfig fields
ALIGNERS = ("fusion", "eflomal", "ortho", "pharaoh", "simalign")
Progress = Callable[[int, int], None]


# ---------------------------------------------------------------- configuration


HEURISTIC_PRESETS = ("politov", "thesis", "thesis_code_defaults", "garcia_ferrero")
HEURISTIC_KNOBS = ("merge_distance", "length_ratio", "top_k")


def default_config():
    """The app's default projection: alignment-score n-gram matching with the greedy solver."""
    from .project import ProjectionConfig

    return ProjectionConfig(method="matching", solver="greedy")


def heuristic_defaults(preset: str) -> dict[str, Any]:
    """The knob values of a heuristic preset (``None`` shown as 0 = off/unlimited by the UI)."""
    from .heuristics import preset as get

    cfg = get(preset)
    return {k: getattr(cfg, k) for k in HEURISTIC_KNOBS}


def build_config(method: str = "matching", *, preset: str = "politov", merge_distance: int | None = None,
                 length_ratio: float | None = None, top_k: int | None = None, candidates: str = "ngram",
                 max_len: int | None = 10, w_align: float = 1.0, w_ortho: float = 0.0, solver: str = "greedy",
                 case_agreement: str = "entity"):
    """A ProjectionConfig from the run form. Heuristic knobs override the preset only where they differ
    (``length_ratio``/``top_k`` of 0 mean off/unlimited); ``max_len`` 0 = unbounded; zero weights are dropped."""
    from .project import ProjectionConfig

    if method == "heuristic":
        base = heuristic_defaults(preset)
        wanted = {"merge_distance": base["merge_distance"] if merge_distance is None else int(merge_distance),
                  "length_ratio": base["length_ratio"] if length_ratio is None else (float(length_ratio) or None),
                  "top_k": base["top_k"] if top_k is None else (int(top_k) or None)}
        options = {k: v for k, v in wanted.items() if v != base[k]}
        return ProjectionConfig(method="heuristic", heuristic=preset, heuristic_options=options,
                                case_agreement=case_agreement)
    scores = {name: float(w) for name, w in (("align", w_align), ("ortho", w_ortho)) if w}
    if not scores:
        from .errors import ConfigError

        raise ConfigError("score weights", "all zero", hint="give the alignment or orthographic score a weight above 0")
    return ProjectionConfig(method="matching", candidates=candidates, max_len=int(max_len) or None,
                            scores=scores, solver=solver, case_agreement=case_agreement)


def config_from_run(config: dict) -> Any:
    """The :class:`ProjectionConfig` stored with a run (the ``aligner`` key is ours, not the config's)."""
    from .project import ProjectionConfig

    return ProjectionConfig.from_dict({k: v for k, v in config.items() if k not in RUN_KEYS})


def run_signature(config, aligner: str) -> str:
    name = aligner.split(":", 1)[0]
    return f"aligner={name}|{config.signature()}"


# ---------------------------------------------------------------- projects and runs


def bootstrap_demo(store, progress: Progress | None = None) -> tuple[int, int] | None:
    """On an empty workspace create the demo project and project it with the defaults.

    Returns ``(project_id, run_id)``, or ``None`` when the workspace already has a project.
    """
    if store.projects():
        return None
    return create_demo_project(store, progress=progress)


def create_demo_project(store, progress: Progress | None = None) -> tuple[int, int]:
    """Create the demo project and project it with the default configuration."""
    from .demo import demo_gold_alignments, load_demo

    pid = store.create_project("Demo", load_demo(), meta={"source": "demo"}, gold_alignments=demo_gold_alignments())
    rid = execute_run(store, pid, default_config(), aligner=DEFAULT_ALIGNER, name="default", progress=progress)
    return pid, rid


def execute_run(store, project_id: int, config, *, aligner: str = DEFAULT_ALIGNER, name: str = "",
                progress: Progress | None = None, reuse_alignments: bool = True) -> int:
    """Align and project every pair of a project, store the run and return its id.

    With ``reuse_alignments`` the links of the newest earlier run with the same aligner spec are
    reused instead of aligning again: runs that differ only in projection settings are then
    compared on identical alignments (eflomal is a sampler), and nothing is computed twice.
    """
    from .pipeline import run

    pairs = store.pairs(project_id)
    guarded = _GuardedProgress(progress)
    source_run = _run_with_aligner(store, project_id, aligner) if reuse_alignments else None
    given = None
    if source_run is not None:
        stored = store.alignments(source_run)
        if all(p.id in stored for p in pairs):
            given = [stored[p.id] for p in pairs]
        else:
            source_run = None
    result = run(pairs, config, aligner=aligner, progress=guarded if progress else None, alignments=given)
    alignments = {p.id: a for p, a in zip(pairs, result.alignments)}
    cfg = dict(config.to_dict())
    cfg["aligner"] = aligner
    if source_run is not None:
        cfg["alignments_from_run"] = source_run
    sig = run_signature(config, aligner)
    rid = store.add_run(project_id, name or sig, cfg, sig, list(result.projections), alignments, dict(result.timings))
    guarded.reraise()
    return rid


def _run_with_aligner(store, project_id: int, aligner: str) -> int | None:
    """The newest run of the project whose own alignments came from ``aligner`` (same spec)."""
    for info in sorted(store.runs(project_id), key=lambda r: r.id, reverse=True):
        if info.config.get("aligner") == aligner:
            return info.config.get("alignments_from_run", info.id)
    return None


class _GuardedProgress:
    """A progress callback whose failure never loses the run.

    The UI's progress bar raises when the user navigates away or reruns mid-run (Streamlit stops a
    script at its next UI call). The run then finishes and is stored; the interruption is re-raised
    afterwards, so the UI still reruns or stops as asked.
    """

    def __init__(self, progress: Progress | None) -> None:
        self.progress, self.error = progress, None

    def __call__(self, done: int, total: int) -> None:
        if self.progress is None or self.error is not None:
            return
        try:
            self.progress(done, total)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as e:  # noqa: BLE001 - Streamlit's stop/rerun signals are BaseExceptions
            self.error = e

    def reraise(self) -> None:
        if self.error is not None:
            raise self.error


def has_target_gold(pairs: Sequence[SentencePair]) -> bool:
    return any(p.tgt.spans for p in pairs)


def run_summary(store, project_id: int) -> list[dict]:
    """One row per run: signature, P/R/F1 against target gold (if any), proj_ratio, time, corrections."""
    from .evaluate import proj_ratio, span_scores

    pairs = store.pairs(project_id)
    gold_known = has_target_gold(pairs)
    gold = [p.tgt.spans for p in pairs]
    rows = []
    for info in store.runs(project_id):
        projections = store.projections(info.id)
        pred = [projections[p.id].labelled if p.id in projections else () for p in pairs]
        row: dict[str, Any] = {"run": info.id, "name": info.name, "aligner": info.config.get("aligner", ""),
                               "method": info.config.get("method", ""), "signature": info.signature}
        if gold_known:
            micro = span_scores(gold, pred).micro
            row.update(P=round(100 * micro.precision, 1), R=round(100 * micro.recall, 1), F1=round(100 * micro.f1, 1))
        row["proj_ratio"] = round(proj_ratio([p.src.spans for p in pairs], pred), 3)
        row["time_s"] = round(sum(float(v) for v in info.timings.values()), 3)
        row["corrected"] = len(store.current(info.id))
        row["signature"] = row.pop("signature")  # long: last
        rows.append(row)
    return rows


# ---------------------------------------------------------------- uploads


EXPORT_READERS = {".jsonl": "jsonl", ".json": "labelstudio", ".spacy": "docbin"}  # xproj's own exports


def read_upload(name: str, data: bytes, *, format: str | None = None, labelled: bool = True, lang: str = ""):
    """Read an uploaded corpus file (bytes) with the core readers; errors name the uploaded file.

    Besides the CoNLL-like formats, xproj's own JSONL, Label Studio and DocBin exports are read
    (by format name, or with ``auto`` by the ``.jsonl``/``.json``/``.spacy`` extension), so an
    exported, corrected corpus can start a new project.
    """
    from .io.conll import read_tagged, read_target

    safe = Path(name).name or "upload.txt"
    fmt = format or EXPORT_READERS.get(Path(safe).suffix.lower())
    if fmt in EXPORT_READERS.values():
        from .export import reimport

        sents = reimport(bytes(data), fmt, name=safe)
    elif labelled:
        sents = read_tagged(bytes(data), format=format or None, lang=lang, name=safe)
    else:
        sents = read_target(bytes(data), format=format or None, lang=lang, name=safe)
    return [dataclasses.replace(s, lang=lang or s.lang) for s in sents]


def pairs_from_uploads(src: tuple[str, bytes], tgt: tuple[str, bytes], *, src_lang: str = "en", tgt_lang: str = "",
                       src_format: str | None = None, tgt_format: str | None = None,
                       target_labelled: bool = False) -> list[SentencePair]:
    """Pairs from a labelled source file and a target file (tokenised text, or labelled = parallel gold)."""
    from .io.pairs import make_pairs

    s = read_upload(*src, format=src_format, labelled=True, lang=src_lang)
    t = read_upload(*tgt, format=tgt_format, labelled=target_labelled, lang=tgt_lang)
    if not target_labelled:
        t = [dataclasses.replace(x, spans=()) for x in t]
    pairs = make_pairs(s, t, Path(src[0]).name, Path(tgt[0]).name)
    out = []
    for p in pairs:
        out.append(dataclasses.replace(p, src=dataclasses.replace(p.src, lang=src_lang or p.src.lang),
                                       tgt=dataclasses.replace(p.tgt, lang=tgt_lang or p.tgt.lang)))
    return out


def save_upload(workspace_dir: Path, name: str, data: bytes) -> Path:
    """Keep an uploaded side file (e.g. Pharaoh links) in the workspace so a run can name it."""
    folder = Path(workspace_dir) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(name).name
    path.write_bytes(data)
    return path


# ---------------------------------------------------------------- one sentence


@dataclass(frozen=True)
class SentenceView:
    """Everything the inspect page shows for one pair of one run."""

    pair: SentencePair
    alignment: Alignment        # effective links: the corrected ones if the user edited links
    projection: Projection      # recomputed with evidence from ``alignment``
    spans: tuple[Span, ...]     # final target spans: corrected/accepted, rejected = (), else projected
    status: str                 # projected | corrected | accepted | rejected
    correction: Any = None      # the store's current Correction, if any
    history: tuple = ()
    links_edited: bool = False


def effective_correction(history: Sequence) -> Any:
    """The correction in force after a pair's history (each undo marker cancels the one before it)."""
    stack = []
    for c in history:
        if c.status == "undo":
            if stack:
                stack.pop()
        else:
            stack.append(c)
    return stack[-1] if stack else None


def sentence_view(store, run_id: int, pair: SentencePair, *, config=None, alignment: Alignment | None = None,
                  stored_alignment: Alignment | None = None) -> SentenceView:
    """The effective state of one pair: stored links/corrections, plus evidence recomputed live.

    ``alignment`` (unsaved link edits) overrides everything and shows the live re-projection;
    ``stored_alignment`` is the run's alignment of this pair if the caller has it (saves a query).
    Only this pair's history is read, so opening a sentence costs the same in any project size.
    """
    from .project import project_pair

    if config is None:
        config = config_from_run(store.run(run_id).config)
    history = tuple(store.history(run_id, pair.id))
    current = effective_correction(history)
    live = alignment is not None
    if alignment is None:
        if current is not None and current.links is not None:
            alignment = Alignment.from_pairs(current.links)
        elif stored_alignment is not None:
            alignment = stored_alignment
        else:
            alignment = store.alignment(run_id, pair.id) or Alignment()
    projection = project_pair(pair, alignment, config, evidence=True)
    if current is None:
        status, spans = "projected", projection.labelled
    else:
        status = current.status
        spans = () if status == "rejected" else tuple(sorted(current.spans))
        if status == "accepted" and not spans:  # the store's convention: empty = as projected
            spans = projection.labelled
    if live:
        spans = projection.labelled
    edited = live or (current is not None and current.links is not None)
    return SentenceView(pair, alignment, projection, spans, status, current, history, edited)


def candidate_rows(pair: SentencePair, projection: Projection, *, limit: int = 20, entity: int | None = None) -> list[dict]:
    """The "why this span?" table: one row per (source entity, candidate) with every score component.

    Candidates come best first (as in the evidence); ``entity`` keeps one source entity only.
    """
    rows: list[dict] = []
    for ev in projection.evidence:
        if entity is not None and ev.entity_index != entity:
            continue
        e = ev.entity
        base = {"entity": ev.entity_index, "source": pair.src.span_text(e), "label": e.label}
        if not ev.candidates:
            rows.append({**base, "candidate": "—", "span": "", "note": ev.note or "no candidate"})
            continue
        for cs in ev.candidates[:limit]:
            c = cs.candidate
            role = "winner" if c == ev.winner else "runner-up" if c == ev.runner_up else ""
            row = {**base, "candidate": pair.tgt.span_text(c), "span": f"[{c.start}, {c.end})", "role": role,
                   "fused": round(float(cs.score), 4), "links": cs.links, "|e|": len(e), "|τ|": len(c)}
            row.update({name: round(float(v), 4) for name, v in cs.components})  # align (Dice), ortho, ...
            rows.append(row)
    return rows


def entity_summary(pair: SentencePair, projection: Projection) -> list[dict]:
    """One row per source entity: its aligned words, winner, runner-up, margin and note."""
    rows = []
    for ev in projection.evidence:
        rows.append({
            "entity": ev.entity_index, "source": pair.src.span_text(ev.entity), "label": ev.entity.label,
            "U(e)": " ".join(map(str, ev.aligned_targets)),
            "winner": pair.tgt.span_text(ev.winner) if ev.winner else "—",
            "score": round(ev.winner_score, 4),
            "runner-up": pair.tgt.span_text(ev.runner_up) if ev.runner_up else "—",
            "runner-up score": round(ev.runner_up_score, 4),
            "margin": round(ev.margin, 4), "note": ev.note,
        })
    return rows


def span_rows(sentence, spans: Iterable[Span], origin: str = "") -> list[dict]:
    """Spans as table rows (word range, text, label)."""
    return [{"label": s.label, "text": sentence.span_text(s), "start": s.start, "end": s.end, "origin": origin}
            for s in sorted(spans)]


# ---------------------------------------------------------------- editing


def token_options(words: Sequence[str]) -> list[str]:
    """Selector labels for word positions: ``"3 · Berlin"`` (token-snapped editing)."""
    return [f"{i} · {w}" for i, w in enumerate(words)]


def option_index(option: Any, n: int, what: str = "word") -> int:
    """Inverse of :func:`token_options` (also accepts a plain integer)."""
    if option is None or (isinstance(option, float) and option != option):
        raise InputError(None, None, f"{what} is empty", "pick a word from the list")
    text = str(option).split("·", 1)[0].strip()
    try:
        i = int(float(text))
    except ValueError:
        raise InputError(None, None, f"{what} {option!r} is not a word position", "pick a word from the list") from None
    if not 0 <= i < n:
        raise InputError(None, None, f"{what} {i} is outside the sentence (0…{n - 1})")
    return i


def editor_rows(words: Sequence[str], spans: Iterable[Span]) -> list[dict]:
    """Spans as editable rows: first word, last word (inclusive, as the user sees it), label."""
    opts = token_options(words)
    return [{"first": opts[s.start], "last": opts[s.end - 1], "label": s.label} for s in sorted(spans)]


def spans_from_editor(rows: Iterable[dict], words: Sequence[str]) -> tuple[Span, ...]:
    """Validate edited rows into sorted spans; overlapping spans are refused (IOB2 cannot hold them)."""
    n = len(words)
    spans = []
    for k, row in enumerate(rows, start=1):
        if all(row.get(c) in (None, "") or row.get(c) != row.get(c) for c in ("first", "last", "label")):
            continue  # an empty row the user added and left blank
        a = option_index(row.get("first"), n, f"row {k}: first word")
        b = option_index(row.get("last", row.get("first")), n, f"row {k}: last word")
        label = str(row.get("label") or "").strip()
        if not label:
            raise InputError(None, k, "a span needs a label", "pick one in the label column")
        if b < a:
            a, b = b, a
        spans.append(Span(a, b + 1, label))
    spans.sort()
    for x, y in zip(spans, spans[1:]):
        if x.overlaps(y):
            raise InputError(None, None, f"spans [{x.start}, {x.end}) and [{y.start}, {y.end}) overlap",
                             "shorten one of them")
    return tuple(spans)


def toggle_link(alignment: Alignment, src: int, tgt: int) -> Alignment:
    """Add the link ``src-tgt`` (score 1.0, a human decision) or remove it if present."""
    if (src, tgt) in alignment.pairs():
        return Alignment(tuple(l for l in alignment.links if (l.src, l.tgt) != (src, tgt)))
    return Alignment.from_pairs([*alignment.links, Link(src, tgt, 1.0)])


def link_options(alignment: Alignment, pair: SentencePair) -> list[str]:
    return [f"{l.src}-{l.tgt} · {pair.src.words[l.src]} → {pair.tgt.words[l.tgt]}" for l in alignment.links
            if l.src < len(pair.src.words) and l.tgt < len(pair.tgt.words)]


def alignment_from_options(options: Iterable[str], scores: Alignment | None = None) -> Alignment:
    """Links from :func:`link_options` labels, keeping the original scores of surviving links."""
    old = {(l.src, l.tgt): l.score for l in (scores.links if scores else ())}
    out = []
    for o in options:
        i, j = str(o).split("·", 1)[0].strip().split("-")
        out.append(Link(int(i), int(j), old.get((int(i), int(j)), 1.0)))
    return Alignment.from_pairs(out)


def reproject(pair: SentencePair, alignment: Alignment, config) -> Projection:
    """Project one sentence again after an edit (the live update of the inspect page)."""
    from .project import project_pair

    return project_pair(pair, alignment, config, evidence=True)


def record(store, run_id: int, pair_id: str, spans: Iterable[Span], status: str, *, links: Alignment | None = None,
           author: str = "user", note: str = "") -> int:
    """Store one correction (append-only, with provenance)."""
    from .store import Correction

    lk = tuple(links.links) if links is not None else None
    return store.add_correction(Correction(run_id=run_id, pair_id=pair_id, spans=tuple(sorted(spans)), status=status,
                                           links=lk, author=author or "user", note=note))


def changed_since(store, run_id: int, pair_id: str, seen: Sequence, author: str = "") -> list:
    """Corrections of the pair stored by *others* after ``seen`` (the history a page was showing).

    Two people editing one sentence lose nothing (the log is append-only), but the later one should
    know the sentence moved under them: the page warns with these.
    """
    known = {c.id for c in seen}
    return [c for c in store.history(run_id, pair_id) if c.id not in known and c.author != author]


def pair_choices(pairs: Sequence[SentencePair], *, lang: str = "all", width: int = 60) -> dict[str, str]:
    """pair id -> label for a sentence selector (``lang``: only pairs with that target language)."""
    out = {}
    for p in pairs:
        if lang not in ("all", "", None) and p.tgt.lang != lang:
            continue
        text = p.src.surface
        out[p.id] = f"{p.id} · {text[:width]}{'…' if len(text) > width else ''}"
    return out


def languages(pairs: Sequence[SentencePair]) -> list[str]:
    return sorted({p.tgt.lang for p in pairs if p.tgt.lang})


def corpus_formats(*, target: bool = False) -> tuple[str, ...]:
    """Formats the corpus readers know (``auto`` = detect; targets may also be plain ``text``)."""
    from .io.conll import FORMATS, TARGET_FORMATS

    return ("auto", *(TARGET_FORMATS if target else FORMATS), *EXPORT_READERS.values())


def project_rows(store) -> list[dict]:
    """The projects table: id, name, pairs, languages, runs, created."""
    return [{"id": p.id, "name": p.name, "pairs": p.n_pairs, "languages": ", ".join(p.langs),
             "runs": len(store.runs(p.id)), "source": p.meta.get("source", ""), "created": p.created[:19]}
            for p in store.projects()]


def apply_editor_state(base: Sequence[dict], edits: dict | None) -> list[dict]:
    """Rows after a ``st.data_editor`` edit state (``edited_rows``/``added_rows``/``deleted_rows``)."""
    if not edits:
        return [dict(r) for r in base]
    rows = [dict(r) for r in base]
    for i, change in (edits.get("edited_rows") or {}).items():
        i = int(i)
        if 0 <= i < len(rows):
            rows[i].update(change)
    deleted = {int(i) for i in edits.get("deleted_rows") or ()}
    rows = [r for i, r in enumerate(rows) if i not in deleted]
    rows.extend(dict(r) for r in edits.get("added_rows") or ())
    return rows


DEFAULT_LABELS = ("PER", "ORG", "LOC", "MISC", "DATE")


def label_set(pairs: Sequence[SentencePair]) -> list[str]:
    """Labels offered by the span editor: the corpus's own first, then the usual ones."""
    seen = sorted({s.label for p in pairs for s in (*p.src.spans, *p.tgt.spans)})
    return seen + [l for l in DEFAULT_LABELS if l not in seen]


DENSE_HEATMAP_CELLS = 4000  # beyond this (e.g. 64×64 words) the heatmap lists linked/gold cells only


def heatmap_cells(pair: SentencePair, alignment: Alignment, *, gold_alignment=None, projected=()):
    """The heatmap's data: ``render.heatmap_frame`` (every cell) for normal sentences; for long ones only
    the cells with a link or a gold link (same columns), so a 400-word sentence stays interactive."""
    import pandas as pd

    from . import render

    n, m = len(pair.src.words), len(pair.tgt.words)
    if n * m <= DENSE_HEATMAP_CELLS:
        return render.heatmap_frame(pair, alignment, gold_alignment=gold_alignment, projected=tuple(projected))
    score = {(l.src, l.tgt): l.score for l in alignment.links if l.src < n and l.tgt < m}
    sure = set(getattr(gold_alignment, "sure", ()) or ())
    possible = set(getattr(gold_alignment, "possible", ()) or ())
    src_ent = {k: s.label for s in pair.src.spans for k in range(s.start, s.end)}
    tgt_ent = {k: getattr(p, "span", p).label for p in projected
               for k in range(getattr(p, "span", p).start, getattr(p, "span", p).end)}
    cells = sorted(set(score) | {c for c in possible | sure if c[0] < n and c[1] < m})
    src, tgt = pair.src.words, pair.tgt.words
    rows = [(i, j, src[i], tgt[j], f"{i} {src[i]}", f"{j} {tgt[j]}", score.get((i, j), 0.0), (i, j) in score,
             "sure" if (i, j) in sure else "possible" if (i, j) in possible else "", src_ent.get(i, ""), tgt_ent.get(j, ""))
            for i, j in cells]
    return pd.DataFrame(rows, columns=["src_i", "tgt_j", "src_word", "tgt_word", "src_label", "tgt_label", "score",
                                       "linked", "gold", "src_entity", "tgt_entity"])


def candidate_choices(pair: SentencePair, projection: Projection, *, entity: int | None = None,
                      limit: int = 10) -> dict[str, tuple[int, int, int]]:
    """Label -> ``(entity, start, end)`` for the best candidates of each entity ("pick the runner-up")."""
    out = {}
    for ev in projection.evidence:
        if entity is not None and ev.entity_index != entity:
            continue
        for cs in ev.candidates[:limit]:
            c = cs.candidate
            role = " (winner)" if c == ev.winner else " (runner-up)" if c == ev.runner_up else ""
            label = (f"{ev.entity_index}: {pair.src.span_text(ev.entity)} → [{c.start}, {c.end}) "
                     f"{pair.tgt.span_text(c)} · {cs.score:.3g}{role}")
            out[label] = (ev.entity_index, c.start, c.end)
    return out


def use_candidate(pair: SentencePair, projection: Projection, spans: Iterable[Span], entity: int, start: int,
                  end: int) -> tuple[Span, ...]:
    """Spans after re-matching ``entity`` to the candidate ``[start, end)``: the entity's projected span and
    any span overlapping the candidate are replaced by the candidate, labelled with the entity's type."""
    new = Span(start, end, pair.src.spans[entity].label)
    own = {p.span for p in projection.spans if p.entity_index == entity}
    kept = [s for s in spans if s not in own and not s.overlaps(new)]
    return tuple(sorted([*kept, new]))


def gold_comparison(pair: SentencePair, spans: Iterable[Span], projection: Projection | None = None) -> list[dict]:
    """Gold beside projected/corrected spans, one row per pairing: nervaluate category, boundary, cause."""
    from .evaluate import NERVALUATE, categorise_sentence

    inst, _ = categorise_sentence(pair.tgt.spans, tuple(spans), projection)
    txt = lambda s: f"{pair.tgt.span_text(s)} ({s.label})" if s is not None else "—"  # noqa: E731
    return [{"gold": txt(i.gold), "projected": txt(i.pred), "category": NERVALUATE[i.category],
             "boundary": i.boundary, "cause": ", ".join(i.causes)} for i in inst]


def history_rows(history: Iterable) -> list[dict]:
    """A sentence's correction log for display, oldest first (undo markers included)."""
    return [{"at": c.at[:19].replace("T", " "), "status": c.status, "author": c.author, "spans": len(c.spans),
             "links edited": c.links is not None, "note": c.note} for c in history]


def entity_choices(pair: SentencePair) -> dict[int, str]:
    """Source entity index -> ``"0: Angela Merkel (PER)"``."""
    return {i: f"{i}: {pair.src.span_text(e)} ({e.label})" for i, e in enumerate(pair.src.spans)}


def runs_for_pair(store, project_id: int, pair: SentencePair) -> list[dict]:
    """This sentence in every run of the project, side by side: projected spans and exact matches with gold."""
    rows = []
    for info in store.runs(project_id):
        proj = store.projection(info.id, pair.id)
        spans = proj.labelled if proj is not None else ()
        row = {"run": info.id, "name": info.name, "aligner": str(info.config.get("aligner", "")).split(":")[0],
               "method": info.config.get("method", ""),
               "spans": "; ".join(f"{pair.tgt.span_text(s)} ({s.label})" for s in spans) or "—"}
        if pair.tgt.spans:
            row["exact matches"] = f"{len(set(spans) & set(pair.tgt.spans))}/{len(pair.tgt.spans)} gold"
        rows.append(row)
    return rows
