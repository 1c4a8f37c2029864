"""Run page: a new run with another method is stored and compared side by side with the default."""

from xproj_core.store import Store

PAGE = "pages/run.py"


def test_summary_lists_the_default_run_with_scores(app_at):
    at = app_at(PAGE)
    table = _table(at, "signature", "proj_ratio")
    assert len(table) == 1
    assert {"signature", "F1", "proj_ratio", "time_s"} <= set(table.columns)
    assert 0 < float(table["F1"][0]) <= 100  # the demo has target gold
    assert "aligner=fusion" in table["signature"][0]


def test_heuristic_run_is_added_and_compared(app_at, workspace):
    at = app_at(PAGE)
    at.selectbox(key="run_aligner").set_value("ortho")
    at.radio(key="run_method").set_value("heuristic").run()
    at.selectbox(key="run_preset").set_value("thesis")
    at.text_input(key="run_name").set_value("thesis heuristic")
    at.button(key="run_go").click().run()
    assert not at.exception and not at.error, [e.value for e in (*at.exception, *at.error)]
    store = Store(workspace)
    [project] = store.projects()
    runs = store.runs(project.id)
    assert [r.name for r in runs] == ["default", "thesis heuristic"]
    new = runs[1]
    assert new.config["method"] == "heuristic" and new.config["aligner"] == "ortho"
    assert "method=heuristic" in new.signature and new.signature != runs[0].signature
    assert len(store.projections(new.id)) == project.n_pairs
    table = _table(at, "signature", "proj_ratio")
    assert list(table["name"]) == ["default", "thesis heuristic"]
    assert at.session_state.run_id == new.id


def test_exact_solver_run_matches_greedy_on_the_demo_f1_range(app_at, workspace):
    at = app_at(PAGE)
    at.radio(key="run_solver").set_value("exact")
    at.selectbox(key="run_aligner").set_value("ortho")
    at.button(key="run_go").click().run()
    assert not at.exception and not at.error, [e.value for e in (*at.exception, *at.error)]
    [project] = Store(workspace).projects()
    runs = Store(workspace).runs(project.id)
    assert runs[-1].config["solver"] == "exact"


def test_pharaoh_aligner_needs_a_file_and_uses_its_links(app_at, workspace):
    at = app_at(PAGE)
    at.selectbox(key="run_aligner").set_value("pharaoh").run()
    assert at.button(key="run_go").disabled
    store = Store(workspace)
    [project] = store.projects()
    gold = store.gold_alignments(project.id)
    pairs = store.pairs(project.id)
    text = "\n".join(" ".join(f"{i}-{j}" for i, j in sorted(gold[p.id].sure)) for p in pairs) + "\n"
    at.file_uploader(key="run_pharaoh").set_value(("gold.pharaoh", text.encode(), "text/plain")).run()
    at.button(key="run_go").click().run()
    assert not at.exception and not at.error, [e.value for e in (*at.exception, *at.error)]
    run = store.runs(project.id)[-1]
    assert run.config["aligner"].startswith("pharaoh:")
    assert all(store.alignment(run.id, p.id).pairs() == set(gold[p.id].sure) for p in pairs)


def test_bad_pharaoh_file_is_an_error_not_a_traceback(app_at, workspace):
    at = app_at(PAGE)
    at.selectbox(key="run_aligner").set_value("pharaoh").run()
    at.file_uploader(key="run_pharaoh").set_value(("bad.pharaoh", b"0-0 1-x\n", "text/plain")).run()
    at.button(key="run_go").click().run()
    assert not at.exception
    assert at.error and "bad.pharaoh" in at.error[0].value
    [project] = Store(workspace).projects()
    assert len(Store(workspace).runs(project.id)) == 1


def _table(at, *columns):
    frames = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(frames) == 1, [list(d.value.columns) for d in at.dataframe]
    return frames[0]
