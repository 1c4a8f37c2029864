"""Offline aligner + projection end to end on 10,000 pairs (``pipeline.run``, default config).

Usage: python bench/bench_pipeline.py [--pairs 10000] [--aligner fusion] [--profile FILE]

Pairs: the 1,000 UNER-PUD en→de pairs (``--uner-dir``) repeated and shuffled up to ``--pairs``
(ids made unique), or synthetic pairs (``bench_projection.corpus``, random words) when the data is
absent. Prints wall and CPU seconds per stage; ``--profile`` writes a cProfile dump and prints the
top functions by cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from xproj_core.pipeline import run  # noqa: E402
from xproj_core.project import ProjectionConfig  # noqa: E402
from xproj_core.types import Sentence, SentencePair  # noqa: E402


def load_pairs(n: int, uner_dir: Path, seed: int = 0) -> tuple[list[SentencePair], str]:
    rng = random.Random(seed)
    if (uner_dir / "en").is_dir():
        from xproj_core.io.conll import read_tagged
        from xproj_core.io.pairs import make_pairs

        en = read_tagged(str(uner_dir / "en/en_pud-ud-test.iob2"), lang="en")
        de_path = uner_dir / "de/de_pud-ud-test.iob2"
        base = make_pairs(en, read_tagged(str(de_path), lang="de"), "en", str(de_path))
        source = f"UNER-PUD en→de ({len(base)} pairs) repeated and shuffled"
    else:
        sys.path.insert(0, str(ROOT / "bench"))
        from bench_projection import corpus

        vocab = [f"w{k}" for k in range(3000)]
        base = []
        for p, _ in zip(*corpus(1000)):
            words = [rng.choice(vocab) for _ in p.src.words]
            base.append(SentencePair(p.id, replace(p.src, words=tuple(words)),
                                     Sentence.from_words([w.upper() for w in words[:len(p.tgt.words)]] +
                                                         ["X"] * max(0, len(p.tgt.words) - len(words)))))
        source = "synthetic (UNER-PUD absent)"
    out = []
    while len(out) < n:
        chunk = list(base)
        rng.shuffle(chunk)
        out.extend(replace(p, id=f"{p.id}#{len(out) + k}") for k, p in enumerate(chunk))
    return out[:n], source


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--pairs", type=int, default=10_000)
    ap.add_argument("--aligner", default="fusion")
    ap.add_argument("--uner-dir", default="/work/shared/data/uner_pud")
    ap.add_argument("--profile", default=None, help="write a cProfile dump here and print the top functions")
    args = ap.parse_args(argv)
    pairs, source = load_pairs(args.pairs, Path(args.uner_dir))
    print(f"{len(pairs):,} pairs: {source}; aligner {args.aligner}; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    prof = cProfile.Profile() if args.profile else None
    w0, c0, k0 = time.perf_counter(), time.process_time(), os.times()
    if prof:
        prof.enable()
    result = run(pairs, ProjectionConfig(), aligner=args.aligner)
    if prof:
        prof.disable()
    wall, cpu, k1 = time.perf_counter() - w0, time.process_time() - c0, os.times()
    kids = (k1.children_user + k1.children_system) - (k0.children_user + k0.children_system)
    t = result.timings
    proj = sum(v for k, v in t.items() if k != "align")
    print(f"total: wall {wall:.1f} s, CPU {cpu:.1f} s in this process + {kids:.1f} s in child processes (eflomal); align {t.get('align', 0):.1f} s wall, "
          f"projection {proj:.2f} s wall ({len(pairs) / proj:,.0f} pairs/s); stages: "
          + ", ".join(f"{k} {v:.2f}" for k, v in t.items()))
    print(f"projected spans: {sum(len(p.spans) for p in result.projections):,}")
    if prof:
        prof.dump_stats(args.profile)
        pstats.Stats(args.profile).sort_stats("cumulative").print_stats(25)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
