"""``xproj project``: project the entities of a labelled source file onto a target file."""

from __future__ import annotations

import argparse

from ._common import add_aligner_options_flag, add_progress_flag, parse_options, progress_bar

ALIGNER_HELP = "fusion (default) | eflomal | ortho | pharaoh:FILE | simalign:MODEL"


def add_parser(sub) -> None:
    p = sub.add_parser(
        "project",
        help="project source entities onto target tokens",
        description="Project the entities of SRC onto TGT (sentence i of TGT translates sentence i of SRC) "
        "and write TGT's tokens with IOB2 tags.",
    )
    p.add_argument("--source", required=True, metavar="SRC", help="labelled token/tag file (CoNLL, MasakhaNER, UNER .iob2)")
    p.add_argument("--target", required=True, metavar="TGT", help="token/tag file (labels ignored) or tokenised text")
    p.add_argument("--output", required=True, metavar="OUT", help="output file (token<TAB>tag, blank line between sentences)")
    p.add_argument("--source-format", default=None, help="tsv | conll2003 | masakhaner | uner (default: detect)")
    p.add_argument("--target-format", default=None, help="tsv | conll2003 | masakhaner | uner | text (default: detect)")
    p.add_argument("--aligner", default="fusion", help=ALIGNER_HELP)
    add_aligner_options_flag(p)
    p.add_argument("--extra-parallel", metavar="FILE", help="'source ||| target' lines used only to train the aligner")
    p.add_argument("--method", choices=("matching", "heuristic"), default="matching")
    p.add_argument("--solver", choices=("greedy", "exact"), default="greedy")
    p.add_argument("--preset", default="politov", help="heuristic preset: politov | thesis | thesis_code_defaults | garcia_ferrero")
    p.add_argument("--candidates", default="ngram", help="matching candidates: ngram | aligned_window | ner | union (ngram+ner)")
    p.add_argument("--target-ner", metavar="SPEC", help="target-side NER model for ner candidates and ner scores: "
                   "hf:MODEL (hub id or local dir) | spacy:PIPELINE")
    p.add_argument("--score", action="append", default=[], metavar="NAME=WEIGHT",
                   help="matching score component and weight, repeatable: align, ortho, ner, ner_spans "
                   "(ner scores use --target-ner), nmt:MODEL; default align=1")
    p.add_argument("--max-len", type=_max_len, default=10, help="longest n-gram candidate in words, or 'none' (unbounded)")
    p.add_argument("--threshold", action="append", default=[], metavar="NAME=T",
                   help="score threshold of a component (kept if score > T), repeatable")
    p.add_argument("--op", default="<=", choices=("<=", "<", "=", ">=", ">"), help="per-entity constraint operator")
    p.add_argument("--n-proj", type=int, default=1, help="projections per entity in the constraint (default <= 1)")
    p.add_argument("--ortho-weight", type=float, default=None, help="weight of the orthographic score in matching")
    p.add_argument("--length-ratio", type=float, default=None, help="heuristic length-ratio threshold (negative = none)")
    p.add_argument("--case-agreement", choices=("entity", "word", "off"), default="entity",
                   help="in cased scripts, drop links from capitalised entities to lower-case target words "
                   "(entity: any word of such an entity; word: only its capitalised words; off)")
    p.add_argument("--scheme", choices=("IOB2", "BIOES"), default="IOB2", help="tag scheme of OUT")
    p.add_argument("--jsonl", metavar="FILE", help="also write JSONL with token and character offsets")
    p.add_argument("--alignments", metavar="FILE", help="also write the alignments (Pharaoh, 0-based)")
    add_progress_flag(p)
    p.set_defaults(func=run)


def config_from_args(args: argparse.Namespace):
    """Build the :class:`ProjectionConfig` the flags describe (defaults: the best measured configuration)."""
    from ..project import ProjectionConfig

    overrides: dict = {"method": args.method, "solver": args.solver, "case_agreement": args.case_agreement}
    if args.method == "heuristic":
        overrides["heuristic"] = args.preset
        if args.length_ratio is not None:
            overrides["heuristic_options"] = {"length_ratio": None if args.length_ratio < 0 else args.length_ratio}
    else:
        overrides["candidates"] = args.candidates
        overrides["max_len"] = args.max_len
        overrides["op"], overrides["n_proj"] = args.op, args.n_proj
        scores = _scores(args.score, args.target_ner)
        thresholds = _scores(args.threshold, args.target_ner)
        if thresholds:
            overrides["thresholds"] = {k.split(":", 1)[0]: v for k, v in thresholds.items()}
        if args.ortho_weight is not None:
            scores.setdefault("align", 1.0)
            scores["ortho"] = args.ortho_weight
        if scores:
            overrides["scores"] = {k: v for k, v in scores.items() if v}
    return ProjectionConfig.from_dict(overrides)


def _max_len(value: str) -> int | None:
    if value.lower() in ("none", "0", "unbounded"):
        return None
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a positive integer or 'none', got {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer or 'none', got {value!r}")
    return n


def _scores(items: list[str], target_ner: str | None) -> dict[str, float]:
    """``["align=0.5", "ner_spans=0.5"]`` -> score specs with weights (ner specs get the NER model)."""
    from ..errors import ConfigError

    out: dict[str, float] = {}
    for item in items:
        name, sep, weight = item.rpartition("=")
        try:
            value = float(weight)
        except ValueError:
            value = None
        if not sep or not name or value is None:
            raise ConfigError("--score value", item, hint="expected NAME=WEIGHT, e.g. align=0.5")
        if name in ("ner", "ner_spans"):
            if not target_ner:
                raise ConfigError("--score value", item, hint="ner scores need --target-ner hf:MODEL or spacy:PIPELINE")
            name = f"{name}:{target_ner}"
        out[name] = value
    return out


def run(args: argparse.Namespace) -> int:
    import sys

    from ..io.conll import read_tagged, read_target, write_conll
    from ..io.pairs import make_pairs
    from ..io.parallel import read_parallel
    from ..pipeline import run as run_pipeline
    from ..registry import resolve
    from ..types import Sentence

    src = read_tagged(args.source, format=args.source_format)
    tgt = read_target(args.target, format=args.target_format)
    tgt = [Sentence(t.words, (), t.id, t.text, t.lang) for t in tgt]  # target labels are ignored
    pairs = make_pairs(src, tgt, args.source, args.target)
    extra = read_parallel(args.extra_parallel) if args.extra_parallel else None
    config = config_from_args(args)
    candidate_spans = None
    if config.method == "matching" and "ner" in (config.candidates, *(config.union_of if config.candidates == "union" else ())):
        from ..errors import ConfigError
        from ..ner import span_source

        if not args.target_ner:
            raise ConfigError("candidate source", config.candidates, hint="ner candidates need --target-ner hf:MODEL or spacy:PIPELINE")
        candidate_spans = span_source(resolve("ner", args.target_ner), pairs)
    with progress_bar("project", enabled=not args.quiet) as progress:
        result = run_pipeline(pairs, config, aligner=args.aligner, extra_parallel=extra, progress=progress,
                              candidate_spans=candidate_spans, aligner_options=parse_options(args.aligner_opt))
    out = [Sentence(p.tgt.words, proj.labelled, p.tgt.id, p.tgt.text, p.tgt.lang) for p, proj in zip(pairs, result.projections)]
    write_conll(out, args.output, scheme=args.scheme)
    if args.jsonl:
        from ..io.jsonl import write_jsonl

        write_jsonl(out, args.jsonl)
    if args.alignments:
        from ..io.pharaoh import write_pharaoh

        write_pharaoh(result.alignments, args.alignments)
    n_ent = sum(len(p.entities) for p in pairs)
    n_proj = sum(len(s.spans) for s in out)
    total = sum(result.timings.values())
    print(f"projected {n_proj} spans from {n_ent} source entities in {len(pairs)} sentences "
          f"({total:.2f} s; {config.signature()}) -> {args.output}", file=sys.stderr)
    return 0
