"""Efficiency page: stage timings, measured micro-run, extrapolation with published figures."""

import pytest
from seed_pages2 import seed

PAGE = "pages/efficiency.py"


@pytest.fixture(scope="module")
def seeded_workspace(tmp_path_factory):
    return seed(tmp_path_factory.mktemp("pages2") / "xproj.sqlite")


def _frame(at, *cols):
    found = [d.value for d in at.dataframe if set(cols) <= set(d.value.columns)]
    assert found, f"no table with {cols}"
    return found[0]


def test_efficiency_stage_timings_and_published_rows(app_at):
    at = app_at(PAGE)
    stages = _frame(at, "run", "stage", "ms_per_sentence")
    assert {"align", "solve", "heuristic"} <= set(stages["stage"])
    ext = _frame(at, "method", "source", "time")
    published = ext[ext["source"].str.startswith("published")]
    assert "matching + NMT score" in set(published["method"]) and "model transfer" in set(published["method"])
    assert not ext["source"].str.startswith("measured").any()  # nothing measured before pressing Measure


def test_efficiency_measure_and_extrapolate(app_at):
    at = app_at(PAGE)
    at.number_input(key="eff_sample").set_value(10).run()
    at.button(key="eff_measure").click().run()
    assert not at.exception, [e.value for e in at.exception]
    lengths = _frame(at, "method", "bucket", "ms_per_sentence")
    assert set(lengths["method"]) == {"heuristic (politov)", "matching · greedy", "matching · exact"}
    assert lengths.groupby("method")["sentences"].sum().eq(10).all()
    ext = _frame(at, "method", "source", "time")
    measured = ext[ext["source"].str.startswith("measured")]
    assert len(measured) == 3
    at.number_input(key="eff_corpus").set_value(1_000_000).run()
    big = _frame(at, "method", "source", "time")
    assert (big["ner"] > ext["ner"]).any()
