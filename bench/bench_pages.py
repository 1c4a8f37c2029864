"""Page-level timings of the review queue, analysis, efficiency and export pages on a large project.

Builds a workspace of N sentence pairs (the demo corpus repeated, fresh ids, target gold and gold
alignments kept), projects it twice (alignment-score matching and the politov heuristic, through
the gold sure links, so no aligner time is involved), then times

* the core functions behind the pages (``analysis.review_queue``, scores + error instances), and
* each page in Streamlit's AppTest: the first run (cold ``st.cache_data``) and a rerun (warm).

    python bench/bench_pages.py [--n 10000] [--repeat 3]

Prints a Markdown table (for docs/results/app_bench.md).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def build(path: Path, n: int) -> None:
    from xproj_core.demo import demo_gold_alignments, load_demo
    from xproj_core.pipeline import run
    from xproj_core.project import ProjectionConfig
    from xproj_core.store import Store
    from xproj_core.types import Alignment

    demo, gold = load_demo(), demo_gold_alignments()
    pairs, golds = [], {}
    for k in range(n):
        p = demo[k % len(demo)]
        pid = f"{p.tgt.lang}-{k:06d}"
        pairs.append(replace(p, id=pid))
        if p.id in gold:
            golds[pid] = gold[p.id]
    store = Store(path)
    project = store.create_project(f"bench-{n}", pairs, gold_alignments=golds)
    als = [Alignment.from_pairs(sorted(golds[p.id].sure)) if p.id in golds else Alignment() for p in pairs]
    for name, cfg in (("matching", ProjectionConfig()), ("heuristic", ProjectionConfig(method="heuristic"))):
        res = run(pairs, cfg, alignments=als)
        store.add_run(project, name, dict(cfg.to_dict(), aligner="pharaoh:gold"), cfg.signature(), res.projections,
                      {p.id: a for p, a in zip(pairs, res.alignments)}, {**res.timings, "align": 0.0})


def timed(fn, repeat: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def bench_core(path: Path, repeat: int) -> list[tuple[str, float]]:
    from xproj_core import analysis
    from xproj_core.store import Store

    store = Store(path)
    [project] = store.projects()
    run = store.runs(project.id)[0]
    rows = []
    t, pairs = timed(lambda: store.pairs(project.id), repeat)
    rows.append(("store.pairs (decode all pairs)", t))
    t, pred = timed(lambda: analysis.predictions(store, run.id, pairs), repeat)
    rows.append(("analysis.predictions (one run)", t))
    t, _ = timed(lambda: analysis.scores_by_lang(pairs, pred), repeat)
    rows.append(("analysis.scores_by_lang", t))
    als = store.alignments(run.id)
    t, inst = timed(lambda: analysis.instances(pairs, pred, alignments=als), repeat)
    rows.append(("analysis.instances (categories, no re-projection)", t))
    t, _ = timed(lambda: analysis.review_queue(store, project.id, run.id), repeat)
    rows.append(("analysis.review_queue (2 runs, with categories)", t))
    return rows


def bench_pages(path: Path, repeat: int) -> list[tuple[str, float, float]]:
    from streamlit.testing.v1 import AppTest

    os.environ["XPROJ_WORKSPACE"] = str(path)
    rows = []
    for page, label in (("pages/review.py", "Review queue"), ("pages/analysis.py", "Analysis"),
                        ("pages/efficiency.py", "Efficiency"), ("pages/export.py", "Export (CoNLL IOB2)")):
        colds, warms = [], []
        for _ in range(repeat):
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.run()
            at.switch_page(page)
            if page == "pages/analysis.py":
                at.session_state["analysis_causes"] = False  # the default for projects over 2,000 pairs
            t0 = time.perf_counter()
            at.run()
            colds.append(time.perf_counter() - t0)
            assert not at.exception, [e.value for e in at.exception]
            t0 = time.perf_counter()
            at.run()
            warms.append(time.perf_counter() - t0)
            import streamlit as st

            st.cache_data.clear()
        rows.append((label, statistics.median(colds), statistics.median(warms)))
    return rows


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--workspace", type=Path, default=None, help="reuse (or create) this workspace file")
    args = ap.parse_args(argv)
    tmp = tempfile.mkdtemp(prefix="xproj-bench-pages-")
    path = args.workspace or Path(tmp) / "xproj.sqlite"
    if not path.exists():
        t0 = time.perf_counter()
        build(path, args.n)
        print(f"built {args.n:,}-pair workspace with 2 runs in {time.perf_counter() - t0:.1f} s: {path}", file=sys.stderr)
    print(f"\n| core function ({args.n:,} pairs) | median s |\n|---|---:|")
    for name, t in bench_core(path, args.repeat):
        print(f"| {name} | {t:.3f} |")
    print(f"\n| page ({args.n:,} pairs, AppTest) | first run s (cold cache) | rerun s (warm cache) |\n|---|---:|---:|")
    for name, cold, warm in bench_pages(path, args.repeat):
        print(f"| {name} | {cold:.2f} | {warm:.2f} |")


if __name__ == "__main__":
    main()
