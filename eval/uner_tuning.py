"""Projection-side tuning grid on UNER-PUD en→de / en→pt (docs/results/uner_tuning.md).

Aligns each language once with ``--aligner`` (trained only on its 1000 pairs, like
``eval/uner_pud.py``), caches the alignments as a pickle under ``--cache``, then projects with
every variant and prints typed P/R/F1 and untyped F1 as a markdown table.

    python eval/uner_tuning.py                       # full grid (≈ 2 min aligning, then ≈ 1 min per variant set)
    python eval/uner_tuning.py --variants "matching greedy"   # one base, all case modes
    python eval/uner_tuning.py --demo                # the bundled demo with its gold alignments and fusion
    python eval/uner_tuning.py --speed               # pairs/s of the default config, case agreement off vs on
"""

from __future__ import annotations

import argparse
import hashlib
import pickle
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from xproj_core.evaluate import span_scores  # noqa: E402
from xproj_core.project import ProjectionConfig, project_corpus  # noqa: E402
from xproj_core.registry import resolve  # noqa: E402
from xproj_core.types import Alignment, Sentence, SentencePair  # noqa: E402

BASES = {
    "matching greedy": dict(),
    "matching exact": dict(solver="exact"),
    "greedy, align > 0.4": dict(thresholds={"align": 0.4}),
    "greedy, align > 0.5": dict(thresholds={"align": 0.5}),
    "greedy, ortho 0.25": dict(scores={"align": 1, "ortho": 0.25}),
    "greedy, ortho 0.5": dict(scores={"align": 1, "ortho": 0.5}),
    "greedy, ortho 1": dict(scores={"align": 1, "ortho": 1}),
    "greedy, ortho 0.5 (ortho > 0.9)": dict(scores={"align": 1, "ortho": 0.5}, thresholds={"ortho": 0.9}),
    "heuristic politov": dict(method="heuristic", heuristic="politov"),
    "heuristic politov, no length ratio": dict(method="heuristic", heuristic="politov", heuristic_options={"length_ratio": None}),
    "heuristic thesis": dict(method="heuristic", heuristic="thesis"),
}
MODES = ("off", "word", "entity")


def aligned(lang: str, spec: str, cache: Path):
    from uner_pud import load

    pairs, gold = load(lang)
    key = hashlib.sha1(f"{spec}|{lang}|{len(pairs)}".encode()).hexdigest()[:12]
    path = cache / f"uner_{lang}_{key}.pkl"
    if path.exists():
        alignments = pickle.loads(path.read_bytes())
    else:
        alignments = resolve("aligner", spec).align([(p.src.words, p.tgt.words) for p in pairs])
        cache.mkdir(parents=True, exist_ok=True)
        path.write_bytes(pickle.dumps(alignments))
    return pairs, gold, alignments


def cell(gold, pred) -> str:
    t, u = span_scores(gold, pred).micro, span_scores(gold, pred, typed=False).micro
    return f"{100 * t.precision:.1f} | {100 * t.recall:.1f} | **{100 * t.f1:.1f}** | {100 * u.f1:.1f}"


def demo(modes) -> None:
    from xproj_core.demo import demo_gold_alignments, load_demo

    pairs, ga = load_demo(), demo_gold_alignments()
    gold = [p.tgt.spans for p in pairs]
    hidden = [SentencePair(p.id, p.src, Sentence(p.tgt.words, (), p.tgt.id, p.tgt.text, p.tgt.lang)) for p in pairs]
    sets = {"gold sure": [Alignment.from_pairs(ga[p.id].sure) for p in pairs]}
    fusion: list = [None] * len(pairs)
    for lang in {p.id.split("-")[0] for p in pairs}:
        idx = [k for k, p in enumerate(pairs) if p.id.split("-")[0] == lang]
        for k, a in zip(idx, resolve("aligner", "fusion").align([(pairs[k].src.words, pairs[k].tgt.words) for k in idx])):
            fusion[k] = a
    sets["fusion"] = fusion
    print("| alignments | method | case | P | R | F1 | untyped F1 |")
    print("|---|---|---|---:|---:|---:|---:|")
    for name, als in sets.items():
        for method in ("matching", "heuristic"):
            for mode in modes:
                pred = [p.labelled for p in project_corpus(hidden, als, ProjectionConfig(method=method, case_agreement=mode))]
                print(f"| {name} | {method} | {mode} | {cell(gold, pred)} |", flush=True)


def speed(data) -> None:
    """CPU pairs/s (best of 3) of the default configuration with and without case agreement."""
    print("| pairs | " + " | ".join(f"case={m}" for m in MODES) + " |")
    print("|---|" + "---:|" * len(MODES))
    for lang, (pairs, _, als) in data.items():
        pairs, als = list(pairs) * 10, list(als) * 10
        best = {}
        for _ in range(3):
            for mode in MODES:
                t0 = time.process_time()
                project_corpus(pairs, als, ProjectionConfig(case_agreement=mode))
                best[mode] = max(best.get(mode, 0.0), len(pairs) / (time.process_time() - t0))
        print(f"| UNER-PUD en→{lang} × 10 ({len(pairs)}) | " + " | ".join(f"{best[m]:,.0f}" for m in MODES) + " |", flush=True)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--langs", nargs="+", default=["de", "pt"])
    ap.add_argument("--aligner", default="fusion")
    ap.add_argument("--variants", nargs="+", default=list(BASES), choices=list(BASES))
    ap.add_argument("--modes", nargs="+", default=list(MODES), choices=MODES)
    ap.add_argument("--cache", type=Path, default=Path("/tmp/xproj_uner_cache"))
    ap.add_argument("--demo", action="store_true", help="score the bundled demo instead")
    ap.add_argument("--speed", action="store_true", help="measure projection throughput instead")
    args = ap.parse_args(argv)
    if args.demo:
        demo(args.modes)
        return 0
    data = {lang: aligned(lang, args.aligner, args.cache) for lang in args.langs}
    if args.speed:
        speed(data)
        return 0
    print("| variant | case | " + " | ".join(f"en→{l} P | R | F1 | untyped F1" for l in args.langs) + " |")
    print("|---|---|" + "---:|" * (4 * len(args.langs)))
    for name in args.variants:
        for mode in args.modes:
            config = ProjectionConfig.from_dict(dict(BASES[name], case_agreement=mode))
            cells = [cell(gold, [p.labelled for p in project_corpus(pairs, als, config)]) for pairs, gold, als in data.values()]
            print(f"| {name} | {mode} | " + " | ".join(cells) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
