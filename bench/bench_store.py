"""Store benchmark: create a 10,000-sentence project with one run and corrections, then time opening it.

"Opening" = load all pairs, one run's projections and alignments, and the current corrections; and
what the review queue / analysis pages read instead since schema 2: the project's and the run's
digests (one compact JSON blob each) and the current corrections. Target: under 3 s.

    python bench/bench_store.py [--n 10000] [--corrections 2000] [--repeat 3] [--out docs/results/app_bench.md]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from xproj_core.store import Correction, Store  # noqa: E402
from xproj_core.types import Alignment, Link, ProjectedSpan, Projection, Sentence, SentencePair, Span  # noqa: E402

WORDS = "the of and to in a is that for it as was with be by on not he this are or his from at which".split()
NAMES = "Angela Merkel Paris Nairobi UNESCO Toyota Lamu Wangari Maathai Barcelona".split()


def corpus(n: int, rng: random.Random) -> tuple[list[SentencePair], dict, dict]:
    pairs, projs, aligns = [], {}, {}
    for k in range(n):
        ls, lt = rng.randint(8, 40), rng.randint(8, 45)
        sw = [rng.choice(NAMES) if rng.random() < 0.15 else rng.choice(WORDS) for _ in range(ls)]
        tw = [rng.choice(NAMES) if rng.random() < 0.15 else rng.choice(WORDS) + "x" for _ in range(lt)]
        ents = []
        pos = 0
        while pos < ls - 2 and len(ents) < 4:
            pos += rng.randint(1, 6)
            if pos < ls - 1:
                ents.append(Span(pos, pos + rng.randint(1, 2), rng.choice(["PER", "ORG", "LOC"])))
                pos = ents[-1].end
        pid = f"xx-{k:05d}"
        pairs.append(SentencePair(pid, Sentence(tuple(sw), tuple(ents), lang="en"), Sentence(tuple(tw), lang="xx")))
        links = Alignment.from_pairs(Link(i, min(lt - 1, i + rng.randint(-2, 2) if i > 1 else i), round(rng.random(), 3))
                                     for i in range(ls) if rng.random() < 0.8)
        aligns[pid] = links
        spans = tuple(ProjectedSpan(Span(min(e.start, lt - 1), min(e.end, lt), e.label), j, rng.random(), rng.random() / 2)
                      for j, e in enumerate(ents) if e.start < lt - 1)
        projs[pid] = Projection(pid, spans, objective=rng.random(), rel_cost=rng.random(), method="greedy")
    return pairs, projs, aligns


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--corrections", type=int, default=2_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--out", type=Path, default=None, help="append a results section to this Markdown file")
    args = ap.parse_args(argv)
    rng = random.Random(13)
    pairs, projs, aligns = corpus(args.n, rng)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.sqlite"
        store = Store(path)
        t = time.perf_counter()
        pid = store.create_project("bench", pairs)
        t_create = time.perf_counter() - t
        t = time.perf_counter()
        rid = store.add_run(pid, "run", {"aligner": "fusion"}, "sig", projs, aligns, {})
        t_run = time.perf_counter() - t
        t = time.perf_counter()
        for k in range(args.corrections):
            p = pairs[rng.randrange(args.n)]
            store.add_correction(Correction(rid, p.id, p.src.spans[:1], rng.choice(["corrected", "accepted", "rejected"])))
        t_corr = (time.perf_counter() - t) / max(1, args.corrections)
        opens, cpus, t_al = [], [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            s2 = Store(path)  # a fresh Store, as a new app session would
            ps = s2.pairs(pid)
            pr = s2.projections(rid)
            cur = s2.current(rid)
            opens.append(time.perf_counter() - t)
            cpus.append(time.process_time() - c)
            t = time.perf_counter()
            al = s2.alignments(rid)
            t_al.append(time.perf_counter() - t)
        assert len(ps) == len(pr) == len(al) == args.n and cur
        dig, dcpu = [], []
        for _ in range(args.repeat):
            t, c = time.perf_counter(), time.process_time()
            s2 = Store(path)
            pd_, rd_ = s2.pair_digest(pid), s2.run_digest(rid)
            cur = s2.current(rid)
            dig.append(time.perf_counter() - t)
            dcpu.append(time.process_time() - c)
        assert len(pd_) == len(rd_.spans) == args.n
        t = time.perf_counter()
        s2.pair(pid, pairs[args.n // 2].id)
        s2.history(rid, pairs[args.n // 2].id)
        t_one = time.perf_counter() - t
        size = path.stat().st_size + sum(p.stat().st_size for p in path.parent.glob("bench.sqlite-*"))
    rows = [
        ("create project (pairs + project digest)", f"{t_create:.2f} s"),
        ("add run (projections + alignments + run digest)", f"{t_run:.2f} s"),
        ("add one correction (own transaction)", f"{t_corr * 1000:.1f} ms"),
        (f"**open: pairs + projections + current corrections** (best of {args.repeat}, wall)", f"**{min(opens):.2f} s**"),
        ("open, CPU time of the same (best)", f"{min(cpus):.2f} s"),
        ("open, worst run (wall)", f"{max(opens):.2f} s"),
        ("all alignments of the run as well (best, wall)", f"{min(t_al):.2f} s"),
        ("**open from the digests: pair digest + run digest + current corrections** (what the review queue and "
         f"analysis pages read; best of {args.repeat}, wall)", f"**{min(dig):.2f} s**"),
        ("open from the digests, CPU time (best)", f"{min(dcpu):.2f} s"),
        ("one pair + its history", f"{t_one * 1000:.1f} ms"),
        ("workspace size", f"{size / 1e6:.1f} MB"),
    ]
    cmd = "python bench/bench_store.py " + " ".join(argv if argv is not None else sys.argv[1:])
    md = [f"## Store: open a {args.n:,}-sentence project (app-core)", "",
          f"{args.n:,} synthetic pairs (8–45 words a side, ≤ 4 entities), one run, {args.corrections:,} corrections. "
          f"Target: open in < 3 s. Machine: {platform.machine()}, Python {platform.python_version()}, "
          f"{platform.system()}, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end "
          "(wall times grow with the load; CPU time does not).", "", f"Command: `{cmd.strip()}`", "",
          "| step | time |", "|---|---|"] + [f"| {a} | {b} |" for a, b in rows] + [""]
    print("\n".join(md))
    if args.out:
        _write_section(args.out, md)
    return 0 if min(opens) < 3.0 else 1


def _write_section(path: Path, md: list[str]) -> None:
    """Replace this benchmark's own section (or append it), leaving other sections alone."""
    head = md[0].split(":")[0]  # "## Store"
    text = path.read_text(encoding="utf-8") if path.exists() else "# App benchmarks\n\n"
    lines = text.splitlines()
    start = next((k for k, l in enumerate(lines) if l.startswith(head + ":")), None)
    if start is not None:
        end = next((k for k in range(start + 1, len(lines)) if lines[k].startswith("## ")), len(lines))
        lines[start:end] = md
    else:
        lines += [""] + md if lines and lines[-1] else md
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
