"""A demo workspace for the review/analysis/efficiency/export page tests that needs no aligner:
the demo corpus projected through its gold sure links, by two methods (so runs can disagree)."""

from __future__ import annotations

from pathlib import Path


def seed(path: Path) -> Path:
    from xproj_core.demo import demo_gold_alignments, load_demo
    from xproj_core.pipeline import run
    from xproj_core.project import ProjectionConfig
    from xproj_core.store import Store
    from xproj_core.types import Alignment

    store = Store(path)
    pairs = load_demo()
    gold = demo_gold_alignments()
    pid = store.create_project("Demo", pairs, meta={"source": "demo"}, gold_alignments=gold)
    als = [Alignment.from_pairs(sorted(gold[p.id].sure)) if p.id in gold else Alignment() for p in pairs]
    for name, cfg in (("matching", ProjectionConfig(method="matching", solver="greedy")),
                      ("heuristic", ProjectionConfig(method="heuristic"))):
        res = run(pairs, cfg, alignments=als)
        config = dict(cfg.to_dict(), aligner="pharaoh:gold")
        store.add_run(pid, name, config, f"aligner=gold|{cfg.signature()}", res.projections,
                      {p.id: a for p, a in zip(pairs, res.alignments)}, {**res.timings, "align": 0.05})
    return path


def copy_without_target_gold(workspace) -> tuple[int, int]:
    """Copy the workspace's first project and run with the target gold removed: ``(project_id, run_id)``."""
    from dataclasses import replace

    from xproj_core.store import Store

    store = Store(workspace)
    project = store.projects()[0]
    run = store.runs(project.id)[0]
    pairs = [replace(p, tgt=replace(p.tgt, spans=())) for p in store.pairs(project.id)]
    pid = store.create_project("no gold", pairs)
    rid = store.add_run(pid, "copy", run.config, run.signature, store.projections(run.id), store.alignments(run.id), {})
    return pid, rid
