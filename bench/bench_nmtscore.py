"""Forced-decoding passes per sentence of the NMT score (method §6.3), with and without caches.

    python bench/bench_nmtscore.py                       # tiny local model (mechanics, CPU)
    python bench/bench_nmtscore.py --model facebook/nllb-200-distilled-600M --device cuda

Synthetic sentence pairs (English source with 1–3 entities, target of 8–16 words drawn from a
small vocabulary, so phrases repeat across sentences as in real corpora); candidates are every
n-gram up to ``--max-len``. Three runs over the same sentences:

* ``cold``: a fresh scorer per sentence, no caches — the per-sentence cost of §6.3
  (``2·|E|·|C| + |E| + |C|``, at most ``4·|E|·|C|``);
* ``corpus``: one scorer for the corpus (in-memory cache: repeated phrases and self-scores are shared);
* ``warm``: a new scorer over the persistent cache filled by ``corpus`` — zero passes.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "backends"))

SRC_WORDS = "the president visited met with in on and a of".split()
ENTITIES = ["Angela Merkel", "Nairobi", "European Parliament", "Barack Obama", "Paris", "Google", "Dar es Salaam"]
TGT_WORDS = ("Rais alitembelea Nairobi jana na Merkel Bunge la Ulaya Obama Paris kampuni ya Google "
             "mji wa Dar es Salaam katika").split()


def synthetic(n: int, seed: int = 0):
    from xproj_core.types import Sentence, SentencePair, Span

    rng = random.Random(seed)
    pairs = []
    for k in range(n):
        words: list[str] = []
        spans = []
        for _ in range(rng.randint(1, 3)):
            words += rng.sample(SRC_WORDS, 2)
            ent = rng.choice(ENTITIES).split()
            spans.append(Span(len(words), len(words) + len(ent), "X"))
            words += ent
        words.append(".")
        tgt = [rng.choice(TGT_WORDS) for _ in range(rng.randint(8, 16))] + ["."]
        pairs.append(SentencePair(str(k), Sentence.from_words(words, spans, lang="en"),
                                  Sentence.from_words(tgt, lang="sw")))
    return pairs


def ngrams(m: int, max_len: int):
    from xproj_core.types import Candidate

    return [Candidate(a, b) for a in range(m) for b in range(a + 1, min(a + max_len, m) + 1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=None, help="hub id or local dir (default: a tiny random NLLB-style model)")
    ap.add_argument("--device", default="cpu")
    ap.add_argument("--sentences", type=int, default=20)
    ap.add_argument("--max-len", type=int, default=3, help="longest n-gram candidate (thesis: 10)")
    ap.add_argument("--batch-size", type=int, default=64)
    ap.add_argument("--threads", type=int, default=None, help="torch intra-op threads (CPU runs)")
    ap.add_argument("--out", metavar="FILE", help="also write the table as Markdown (e.g. docs/results/nmtscore_bench.md)")
    args = ap.parse_args()

    from xproj_core.nmtscore import NMTScorer
    from xproj_core.translate.hf import Seq2Seq

    if args.threads:
        import torch

        torch.set_num_threads(args.threads)

    if args.model is None:
        from tiny_seq2seq import tiny_dir

        model_path, label = str(tiny_dir("nllb")), "tiny random NLLB-style model (d_model 16)"
    else:
        model_path, label = args.model, args.model
    model = Seq2Seq.load(model_path, args.device)
    pairs = synthetic(args.sentences)
    cands = [ngrams(len(p.tgt.words), args.max_len) for p in pairs]
    sizes = [(len(p.src.spans), len(c)) for p, c in zip(pairs, cands)]
    bound = [4 * e * c for e, c in sizes]
    formula = [2 * e * c + e + c for e, c in sizes]

    rows = []
    cold, t0 = [], time.perf_counter()
    for p, c in zip(pairs, cands):
        s = NMTScorer(model, batch_size=args.batch_size)
        s.score(p, None, c)
        cold.append(s.passes)
    rows.append(("cold (fresh scorer per sentence)", cold, time.perf_counter() - t0))
    with tempfile.TemporaryDirectory() as tmp:
        s = NMTScorer(model, batch_size=args.batch_size, cache=tmp)
        per, t0 = [], time.perf_counter()
        for p, c in zip(pairs, cands):
            before = s.passes
            s.score(p, None, c)
            per.append(s.passes - before)
        rows.append(("corpus (one scorer, memory cache)", per, time.perf_counter() - t0))
        warm = NMTScorer(model, batch_size=args.batch_size, cache=tmp)
        per, t0 = [], time.perf_counter()
        for p, c in zip(pairs, cands):
            before = warm.passes
            warm.score(p, None, c)
            per.append(warm.passes - before)
        rows.append(("warm (persistent cache)", per, time.perf_counter() - t0))

    n = len(pairs)
    pairs_total = sum(e * c for e, c in sizes)
    lines = [f"NMT score forced-decoding passes; model: {label}; device {args.device}; {n} sentences, "
             f"mean |E| {statistics.mean(e for e, _ in sizes):.1f}, mean |C| {statistics.mean(c for _, c in sizes):.1f} "
             f"(n-grams <= {args.max_len})", "",
             "| run | passes/sentence (mean) | max | passes per (e, τ) pair | s/sentence |", "|---|---:|---:|---:|---:|",
             f"| bound 4·E·C | {statistics.mean(bound):.1f} | {max(bound)} | 4.00 | – |",
             f"| §6.3 formula 2·E·C+E+C | {statistics.mean(formula):.1f} | {max(formula)} | "
             f"{sum(formula) / pairs_total:.2f} | – |"]
    for name, per, secs in rows:
        lines.append(f"| {name} | {statistics.mean(per):.1f} | {max(per)} | {sum(per) / pairs_total:.2f} | "
                     f"{secs / n:.3f} |")
    print("\n".join(lines))
    if args.out:
        cmd = "python bench/bench_nmtscore.py " + " ".join(sys.argv[1:])
        Path(args.out).write_text("# NMT score cost\n\n" + "\n".join(lines) + f"\n\nReproduce: `{cmd}`\n", encoding="utf-8")
    assert all(c <= f for c, f in zip(cold, formula)), "cold passes exceed the §6.3 count"
    return 0


if __name__ == "__main__":
    sys.exit(main())
