"""Digests: the compact project/run columns give the same queue, scores and categories as full decoding."""

import math
import sqlite3

import pandas as pd
import pytest

from xproj_core import analysis, digest, triage
from xproj_core.errors import ConfigError, InputError
from xproj_core.store import Correction, Store
from xproj_core.types import Alignment, ProjectedSpan, Projection, Sentence, SentencePair, Span

W = ("a", "b", "c", "d", "e", "f")
PER, LOC = Span(0, 2, "PER"), Span(3, 4, "LOC")


def _pair(pid, lang, src, gold, words=W):
    return SentencePair(pid, Sentence(words, tuple(src), lang="en"), Sentence(words, tuple(gold), lang=lang))


PAIRS = [
    _pair("de-1", "de", [PER, LOC], [PER, LOC]),
    _pair("de-2", "de", [PER], [PER]),
    _pair("sw-1", "sw", [PER, LOC], [PER, LOC]),
    _pair("sw-2", "sw", [], []),
    _pair("zh-1", "zh", [PER], [Span(0, 1, "PER")], words=("北京", "是", "首都", "。", "x", "y")),
    _pair("ar-1", "ar", [LOC], [LOC], words=("في", "القاهرة", "اليوم", "مع", "x", "y")),
]
PRED = {"de-1": (PER, LOC), "de-2": (Span(0, 3, "PER"),), "sw-1": (Span(0, 2, "ORG"),),
        "sw-2": (Span(5, 6, "MISC"),), "ar-1": ()}  # zh-1: no projection stored at all


def _store(tmp_path, gold=True):
    pairs = PAIRS if gold else [SentencePair(p.id, p.src, Sentence(p.tgt.words, (), lang=p.tgt.lang)) for p in PAIRS]
    store = Store(tmp_path / "w.sqlite")
    pid = store.create_project("t", pairs)
    projs = [Projection(k, tuple(ProjectedSpan(s, j, 0.5 + 0.1 * j, 0.1 * j) for j, s in enumerate(v)), rel_cost=0.4 + 0.1 * j)
             for j, (k, v) in enumerate(PRED.items())]
    als = {p.id: Alignment.from_pairs([(0, 0), (1, 5)]) for p in PAIRS if p.id != "zh-1"}
    r1 = store.add_run(pid, "one", {"method": "matching"}, "s1", projs, als, {})
    perfect = [Projection(p.id, tuple(ProjectedSpan(s, 0, 0.9, 0.0) for s in p.tgt.spans), rel_cost=1.3) for p in pairs]
    r2 = store.add_run(pid, "two", {"method": "heuristic"}, "s2", perfect, {}, {})
    return store, pid, r1, r2, pairs


@pytest.mark.parametrize("gold", [True, False])
def test_digest_queue_equals_full_queue(tmp_path, gold):
    store, pid, r1, r2, _ = _store(tmp_path, gold)
    store.add_correction(Correction(r1, "de-2", (PER,), "corrected"))
    for rid in (r1, r2):
        full = analysis.review_queue(store, pid, rid, pairs=store.pairs(pid))  # decodes everything
        fast = triage.run_digest_queue(store, pid, rid)
        assert analysis.review_queue(store, pid, rid).to_dict("records") == fast.to_dict("records")
        assert fast.to_dict("records") == full.to_dict("records")
    q = triage.run_digest_queue(store, pid, r1).set_index("pair_id")
    assert q.loc["de-2", "status"] == "corrected" and q.loc["zh-1", "n_projected"] == 0
    if gold:
        assert q.loc["sw-1", "categories"] == ("MT dropped / unaligned", "missed", "wrong type")
        assert q.loc["zh-1", "categories"] == ("missed",)  # no alignment stored: not "MT dropped"
    else:
        assert q["categories"].map(len).sum() == 0


def test_digest_scores_equal_full_scores(tmp_path):
    store, pid, r1, _, pairs = _store(tmp_path)
    store.add_correction(Correction(r1, "sw-1", (PER, LOC), "corrected"))
    store.add_correction(Correction(r1, "sw-2", (), "rejected"))
    d, rd = store.pair_digest(pid), store.run_digest(r1)
    assert d.ids == tuple(p.id for p in pairs) and d.tgt_text[5] == "في القاهرة اليوم مع x y"
    for corrected in (False, True):
        full_pred = analysis.predictions(store, r1, pairs, corrected=corrected)
        fast_pred = analysis.digest_predictions(store, r1, rd, d.ids, corrected=corrected)
        assert fast_pred == full_pred
        t1, t2 = {}, {}
        a = analysis.scores_by_lang(pairs, full_pred, types=t1)
        b = analysis.scores_by_lang_digest(d, fast_pred, types=t2)
        pd.testing.assert_frame_equal(a, b)
        assert set(t1) == set(t2) == {"de", "sw", "zh", "ar", "all"}
        for k in t1:
            pd.testing.assert_frame_equal(t1[k], t2[k])
    assert analysis.has_gold(d) and analysis.has_gold(pairs)


def test_instances_accept_linked_target_sets(tmp_path):
    store, pid, r1, _, pairs = _store(tmp_path)
    pred = analysis.predictions(store, r1, pairs)
    full = analysis.instances(pairs, pred, alignments=store.alignments(r1))
    rd = store.run_digest(r1)
    for linked in (rd.linked, digest.linked_sets(rd)):  # bit masks, and sets of target words
        fast = analysis.instances(pairs, pred, alignments=linked)
        assert full.to_dict("records") == fast.to_dict("records")
        fast = analysis.instances_digest(store.pair_digest(pid), pred, alignments=linked)
        assert full.to_dict("records") == fast.to_dict("records")
    assert "مع" in set(fast["gold_text"]) and "北京" in set(fast["gold_text"])
    assert any("mt_dropped" in c for c in fast["causes"])


def test_digest_margins_and_rel_cost(tmp_path):
    store, pid, r1, r2, _ = _store(tmp_path)
    rd = store.run_digest(r1)
    assert math.isclose(rd.margin["de-1"], 0.5) and rd.n_projected_entities["de-1"] == 2
    assert rd.margin["ar-1"] is None and "zh-1" not in rd.rel_cost
    assert rd.linked["de-1"] == 0b100001 and digest.linked_sets(rd)["de-1"] == frozenset({0, 5})
    q = triage.run_digest_queue(store, pid, r2).set_index("pair_id")
    assert q.loc["de-1", "rel_cost"] == 1.0  # clipped


def test_v1_workspace_gains_digests_lazily(tmp_path):
    store, pid, r1, r2, _ = _store(tmp_path)
    expected = triage.run_digest_queue(store, pid, r1).to_dict("records")
    con = sqlite3.connect(store.path)
    con.executescript("DROP TABLE project_digests; DROP TABLE run_digests; PRAGMA user_version=1;")
    con.close()
    again = Store(store.path)  # migrates: the tables come back empty
    with sqlite3.connect(again.path) as con:
        assert con.execute("PRAGMA user_version").fetchone()[0] == 2
        assert con.execute("SELECT COUNT(*) FROM run_digests").fetchone()[0] == 0
    assert triage.run_digest_queue(again, pid, r1).to_dict("records") == expected
    with sqlite3.connect(again.path) as con:  # computed once, then stored
        assert con.execute("SELECT COUNT(*) FROM run_digests").fetchone()[0] == 2
        assert con.execute("SELECT COUNT(*) FROM project_digests").fetchone()[0] == 1


def test_digests_follow_deletes_and_failed_runs(tmp_path):
    store, pid, r1, r2, _ = _store(tmp_path)
    with pytest.raises(InputError):  # unknown pair id: the whole add_run rolls back, digest included
        store.add_run(pid, "bad", {}, "s", [Projection("nope", ())], {}, {})
    with sqlite3.connect(store.path) as con:
        assert con.execute("SELECT COUNT(*) FROM run_digests").fetchone()[0] == 2
    store.delete_run(r2)
    with pytest.raises(ConfigError):
        store.run_digest(r2)
    store.delete_project(pid)
    with pytest.raises(ConfigError):
        store.pair_digest(pid)
    with sqlite3.connect(store.path) as con:
        assert con.execute("SELECT COUNT(*) FROM run_digests").fetchone()[0] == 0
        assert con.execute("SELECT COUNT(*) FROM project_digests").fetchone()[0] == 0


def test_corrections_version_changes_with_every_entry(tmp_path):
    store, pid, r1, _, _ = _store(tmp_path)
    v0 = store.corrections_version(r1)
    store.add_correction(Correction(r1, "de-1", (PER,), "corrected"))
    v1 = store.corrections_version(r1)
    store.undo(r1, "de-1")
    v2 = store.corrections_version(r1)
    assert v0 == (0, 0) and len({v0, v1, v2}) == 3 and v2[0] == 2


def test_digest_of_another_layout_is_recomputed(tmp_path):
    store, pid, r1, _, _ = _store(tmp_path)
    expected = triage.run_digest_queue(store, pid, r1).to_dict("records")
    with sqlite3.connect(store.path) as con:
        con.execute("UPDATE run_digests SET data='{\"v\": 1}'")
        con.execute("UPDATE project_digests SET data='{\"v\": 1}'")
    assert triage.run_digest_queue(store, pid, r1).to_dict("records") == expected
    with sqlite3.connect(store.path) as con:
        assert all(f'"v":{digest.VERSION}' in d for (d,) in con.execute("SELECT data FROM run_digests"))


def test_bulk_decode_pauses_gc_and_restores_it():
    import gc

    assert gc.isenabled()
    with pytest.raises(RuntimeError):
        with digest.bulk_decode():
            with digest.bulk_decode():
                assert not gc.isenabled()
            assert not gc.isenabled()  # the outer decode still runs
            raise RuntimeError
    assert gc.isenabled()
    gc.disable()
    try:
        with digest.bulk_decode():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()


def test_instances_fast_path_matches_categorise_on_random_sentences():
    import random

    from xproj_core import evaluate as ev

    rng = random.Random(5)
    words = tuple("abcdefghij")
    pairs, pred = [], {}
    for k in range(300):
        gold = {Span(a, a + rng.randint(1, 2), rng.choice("PL")) for a in rng.sample(range(8), rng.randint(0, 3))}
        p = set(gold) if rng.random() < 0.6 else {Span(a, a + 1, rng.choice("PL")) for a in rng.sample(range(9), 2)}
        pairs.append(_pair(f"x{k}", "de", [], sorted(gold), words=words))
        pred[f"x{k}"] = tuple(sorted(p))
    got = analysis.instances(pairs, pred)
    report = ev.categorise([p.tgt.spans for p in pairs], [pred[p.id] for p in pairs])
    want = [(pairs[i.sent_index].id, i.category, i.gold, i.pred, i.boundary) for i in report.instances]
    assert list(zip(got["pair_id"], got["category"], got["gold"], got["pred"], got["boundary"])) == want
    assert (got["category"] == "correct").sum() > 100
