"""Project gold English UNER-PUD entities onto German and Portuguese; score against their gold.

Isolated projection (method.md §2.3): the target labels are hidden from the projector and used
only for scoring. Every aligner is trained only on the 1000 pairs of its language pair.

    python eval/uner_pud.py                     # full grid, markdown table on stdout
    python eval/uner_pud.py --langs de --aligners fusion --methods matching-greedy
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _shared import require_shared  # noqa: E402

from xproj_core.evaluate import proj_ratio, span_scores  # noqa: E402
from xproj_core.io.conll import read_tagged  # noqa: E402
from xproj_core.io.pairs import make_pairs  # noqa: E402
from xproj_core.project import ProjectionConfig, project_corpus  # noqa: E402
from xproj_core.registry import resolve  # noqa: E402
from xproj_core.types import Sentence  # noqa: E402

METHODS = {
    "heuristic-politov": dict(method="heuristic", heuristic="politov"),
    "heuristic-no-ratio": dict(method="heuristic", heuristic="politov", heuristic_options={"length_ratio": None}),
    "matching-greedy": dict(method="matching", solver="greedy"),
    "matching-exact": dict(method="matching", solver="exact"),
}
ALIGNERS = ("fusion", "eflomal", "ortho")


def load(lang: str):
    root = require_shared("uner_pud")
    src_path = root / "en" / "en_pud-ud-test.iob2"
    tgt_path = root / lang / f"{lang}_pud-ud-test.iob2"
    src = read_tagged(src_path, lang="en")
    gold = read_tagged(tgt_path, lang=lang)
    hidden = [Sentence(s.words, (), s.id, s.text, lang) for s in gold]
    return make_pairs(src, hidden, str(src_path), str(tgt_path)), [s.spans for s in gold]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--langs", nargs="+", default=["de", "pt"])
    ap.add_argument("--aligners", nargs="+", default=list(ALIGNERS))
    ap.add_argument("--methods", nargs="+", default=list(METHODS), choices=list(METHODS))
    args = ap.parse_args(argv)

    print("| lang | aligner | method | P | R | F1 | untyped F1 | proj_ratio | align s | project s |")
    print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for lang in args.langs:
        pairs, gold = load(lang)
        for spec in args.aligners:
            t0 = time.perf_counter()
            alignments = resolve("aligner", spec).align([(p.src.words, p.tgt.words) for p in pairs])
            t_align = time.perf_counter() - t0
            for name in args.methods:
                config = ProjectionConfig.from_dict(METHODS[name])
                t0 = time.perf_counter()
                projections = project_corpus(pairs, alignments, config)
                t_proj = time.perf_counter() - t0
                pred = [p.labelled for p in projections]
                typed = span_scores(gold, pred).micro
                untyped = span_scores(gold, pred, typed=False).micro
                ratio = proj_ratio(gold, pred)
                print(f"| en→{lang} | {spec} | {name} | {100 * typed.precision:.1f} | {100 * typed.recall:.1f} | "
                      f"**{100 * typed.f1:.1f}** | {100 * untyped.f1:.1f} | {ratio:.3f} | {t_align:.1f} | {t_proj:.2f} |",
                      flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
