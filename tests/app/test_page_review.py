"""Review queue page: ranked table, filters, permalinks, opening Inspect."""

import pytest
from seed_pages2 import copy_without_target_gold, seed

from xproj_core.store import Correction, Store

PAGE = "pages/review.py"


@pytest.fixture(scope="module")
def seeded_workspace(tmp_path_factory):
    return seed(tmp_path_factory.mktemp("pages2") / "xproj.sqlite")


def _table(at):
    [df] = [d.value for d in at.dataframe if "uncertainty" in d.value.columns]
    return df


def test_review_queue_ranks_and_links(app_at, workspace):
    at = app_at(PAGE)
    df = _table(at)
    assert len(df) > 0
    assert list(df["uncertainty"]) == sorted(df["uncertainty"], reverse=True)
    store = Store(workspace)
    [project] = store.projects()
    run_id = at.session_state.run_id
    first = df.iloc[0]
    assert first["link"] == f"inspect?project={project.id}&run={run_id}&pair={first['pair_id']}"
    assert (df["n_entities"] >= 1).all()  # "only sentences with entities" is on by default


def test_review_filters_by_language_type_and_category(app_at):
    at = app_at(PAGE)
    at.multiselect(key="review_langs").set_value(["zh"]).run()
    df = _table(at)
    assert len(df) and set(df["lang"]) == {"zh"}
    at.multiselect(key="review_langs").set_value([]).run()
    at.multiselect(key="review_types").set_value(["LOC"]).run()
    assert all("LOC" in t for t in _table(at)["types"])
    cats = at.multiselect(key="review_cats").options
    assert "missed" in cats or "boundary" in cats or "wrong type" in cats
    at.multiselect(key="review_cats").set_value([cats[0]]).run()
    df = _table(at)
    assert len(df) and all(cats[0] in c for c in df["categories"])


def test_review_status_filter_follows_corrections(app_at, workspace):
    at = app_at(PAGE)
    df = _table(at)
    pid = df.iloc[0]["pair_id"]
    store = Store(workspace)
    store.add_correction(Correction(at.session_state.run_id, pid, (), "rejected"))
    at.selectbox(key="review_status").set_value("reviewed").run()
    assert list(_table(at)["pair_id"]) == [pid]
    at.selectbox(key="review_status").set_value("unreviewed").run()
    assert pid not in set(_table(at)["pair_id"])


def test_review_open_in_inspect_sets_the_sentence(app_at):
    at = app_at(PAGE)
    pick = _table(at)["pair_id"].iloc[1]
    at.selectbox(key="review_pick").set_value(pick).run()
    at.button(key="review_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.session_state.pair_id == pick


def test_review_without_gold_has_no_categories(app_at, workspace):
    pid, rid = copy_without_target_gold(workspace)
    at = app_at(PAGE)
    at.session_state.project_id, at.session_state.run_id = pid, rid
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.multiselect(key="review_cats").disabled
    df = _table(at)
    assert len(df) and all(len(c) == 0 for c in df["categories"])
