"""Analysis page: per-language scores, error taxonomy with drill-down, runs compared, AER."""

import pytest
from seed_pages2 import copy_without_target_gold, seed

from xproj_core.store import Correction, Store

PAGE = "pages/analysis.py"


@pytest.fixture(scope="module")
def seeded_workspace(tmp_path_factory):
    return seed(tmp_path_factory.mktemp("pages2") / "xproj.sqlite")


def _view(at, name):
    at.session_state["analysis_view"] = name
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _frame(at, *cols):
    found = [d.value for d in at.dataframe if set(cols) <= set(d.value.columns)]
    assert found, f"no table with {cols}"
    return found[0]


def test_analysis_scores_per_language_and_type(app_at):
    at = app_at(PAGE)
    langs = _frame(at, "lang", "P", "R", "F1", "proj_ratio").set_index("lang")
    assert {"de", "ar", "zh", "sw", "all"} <= set(langs.index)
    assert 0 < langs.loc["all", "F1"] <= 100
    types = _frame(at, "type", "F1")
    assert {"PER", "LOC"} <= set(types["type"])
    assert len(at.get("vega_lite_chart")) >= 2


def test_analysis_counts_add_up_and_drill_down_to_sentences(app_at):
    at = app_at(PAGE)
    langs = _frame(at, "lang", "tp", "fp", "fn").set_index("lang")
    _view(at, "Errors")
    table = _frame(at, "correct", "wrong type", "boundary", "missed", "spurious").set_index("lang")
    # strict counts: correct = tp; every non-correct gold pairing is a false negative
    assert table.loc["all", "correct"] == langs.loc["all", "tp"]
    assert (table.loc["all", ["wrong type", "boundary", "missed"]].sum() == langs.loc["all", "fn"])
    nonzero = [c for c in ("wrong type", "boundary", "missed", "spurious") if table.loc["all", c] > 0]
    assert nonzero
    at.selectbox(key="analysis_drill_what").set_value(nonzero[0]).run()
    drill = _frame(at, "pair_id", "category", "gold", "projected", "link")
    assert len(drill) == table.loc["all", nonzero[0]]
    assert set(drill["category"]) == {nonzero[0]}
    assert drill["link"].str.startswith("inspect?project=").all()
    at.button(key="analysis_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state.pair_id == drill["pair_id"].iloc[0]


def test_analysis_runs_compared_and_aer(app_at):
    at = app_at(PAGE)
    runs = _frame(_view(at, "Runs"), "run", "method", "F1")
    assert set(runs["method"]) == {"matching", "heuristic"}
    aer = _frame(_view(at, "Alignment"), "lang", "AER")
    assert (aer["AER"] == 0).all()  # the seeded runs use the gold sure links


def test_analysis_include_corrections_changes_scores(app_at, workspace):
    at = app_at(PAGE)
    before = _frame(at, "lang", "tp", "fp", "fn").set_index("lang").loc["all", "tp"]
    store = Store(workspace)
    [project] = store.projects()
    pair = next(p for p in store.pairs(project.id) if p.tgt.spans)
    store.add_correction(Correction(at.session_state.run_id, pair.id, (), "rejected"))
    at.toggle(key="analysis_corrected").set_value(True).run()
    after = _frame(at, "lang", "tp", "fp", "fn").set_index("lang").loc["all", "tp"]
    assert after < before


def test_analysis_without_target_gold_shows_proj_ratio_only(app_at, workspace):
    pid, rid = copy_without_target_gold(workspace)
    at = app_at(PAGE)
    at.session_state.project_id, at.session_state.run_id = pid, rid
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    langs = _frame(at, "lang", "proj_ratio")
    assert "F1" not in langs.columns and (langs["proj_ratio"] > 0).all()
    assert any("No target gold" in i.value for i in at.info)
    _view(at, "Errors")
    assert any("need target gold" in i.value for i in at.info)
    _view(at, "Alignment")
    assert any("No gold word alignments" in i.value for i in at.info)
