"""``xproj align`` and ``xproj align-eval``: word alignment and AER against sure/possible gold."""

from __future__ import annotations

import argparse
import json

from ._common import add_aligner_options_flag, add_progress_flag, parse_options, progress_bar
from .project import ALIGNER_HELP


def add_parser(sub) -> None:
    p = sub.add_parser("align", help="word-align 'source ||| target' lines",
                       description="Align every line of a 'source ||| target' file and write Pharaoh i-j links (0-based).")
    p.add_argument("--input", required=True, metavar="PARALLEL", help="'source ||| target' lines, tokens split on spaces")
    p.add_argument("--output", required=True, metavar="PHARAOH")
    p.add_argument("--aligner", default="fusion", help=ALIGNER_HELP)
    add_aligner_options_flag(p)
    p.add_argument("--extra-parallel", metavar="FILE", help="more 'source ||| target' lines, used only for training")
    p.add_argument("--scores", metavar="FILE", help="also write each link's score (i-j-score per line)")
    add_progress_flag(p)
    p.set_defaults(func=run_align)

    e = sub.add_parser("align-eval", help="AER, precision and recall of alignments against gold",
                       description="Score Pharaoh alignments (0-based) against gold sure/possible links (1-based, ipj = possible).")
    e.add_argument("--gold", required=True, metavar="GOLD")
    e.add_argument("--pred", required=True, metavar="PHARAOH")
    e.add_argument("--json", action="store_true")
    e.set_defaults(func=run_align_eval)


def run_align(args: argparse.Namespace) -> int:
    import sys

    from ..io.parallel import read_parallel
    from ..io.pharaoh import write_pharaoh
    from ..registry import resolve

    pairs = read_parallel(args.input)
    extra = read_parallel(args.extra_parallel) if args.extra_parallel else None
    options = parse_options(args.aligner_opt)
    if extra is not None:
        options["extra_parallel"] = extra
    aligner = resolve("aligner", args.aligner, **options)
    with progress_bar("align", enabled=not args.quiet) as progress:
        alignments = aligner.align(pairs, progress=progress)
    write_pharaoh(alignments, args.output)
    if args.scores:
        with open(args.scores, "w", encoding="utf-8") as fh:
            for a in alignments:
                fh.write(" ".join(f"{l.src}-{l.tgt}-{l.score:.3f}" for l in a.links) + "\n")
    print(f"aligned {len(pairs)} pairs, {sum(len(a) for a in alignments)} links -> {args.output}", file=sys.stderr)
    return 0


def run_align_eval(args: argparse.Namespace) -> int:
    from ..errors import InputError
    from ..evaluate import aer
    from ..io.pharaoh import read_gold_alignments, read_pharaoh

    gold = read_gold_alignments(args.gold)
    pred = read_pharaoh(args.pred)
    if len(gold) != len(pred):
        raise InputError(args.pred, None, f"{len(pred)} lines, but {args.gold} has {len(gold)} sentences")
    s = aer(gold, pred)
    if args.json:
        print(json.dumps({"aer": s.aer, "precision": s.precision, "recall": s.recall, "sentences": len(gold)}))
    else:
        print(f"AER {100 * s.aer:.1f}  P {100 * s.precision:.1f}  R {100 * s.recall:.1f}  ({len(gold)} sentences)")
    return 0
