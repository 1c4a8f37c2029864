"""Projects page: list/open/delete, create from uploads, bad uploads shown as errors (no traceback)."""

PAGE = "pages/projects.py"
SRC = "Angela\tB-PER\nMerkel\tI-PER\nbesuchte\tO\nParis\tB-LOC\n.\tO\n\nDie\tO\nUNO\tB-ORG\ntagt\tO\n\n"
TGT = "Angela Merkel visited Paris .\nThe UN meets\n"


def _upload(at, src: str, tgt: str, tgt_lang="en", labelled=False):
    at.file_uploader(key="new_src").set_value(("de_src.conll", src.encode(), "text/plain"))
    at.file_uploader(key="new_tgt").set_value(("en_tgt.txt", tgt.encode(), "text/plain"))
    at.text_input(key="new_src_lang").set_value("de")
    at.text_input(key="new_tgt_lang").set_value(tgt_lang)
    at.text_input(key="new_name").set_value("upload test")
    if labelled:
        at.radio(key="new_tgt_kind").set_value("labelled sentences (parallel gold)")
    at.run()
    at.button(key="new_create").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_lists_the_demo_project(app_at):
    at = app_at(PAGE)
    table = _table(at, "name", "runs")
    assert list(table["name"]) == ["Demo"] and int(table["runs"][0]) == 1


def test_create_project_from_uploads_and_project_it(app_at, workspace):
    from xproj_core.store import Store

    at = _upload(app_at(PAGE), SRC, TGT)
    assert not at.error, [e.value for e in at.error]
    store = Store(workspace)
    new = [p for p in store.projects() if p.name == "upload test"]
    assert len(new) == 1 and new[0].n_pairs == 2 and new[0].langs == ("en",)
    pair = store.pairs(new[0].id)[0]
    assert pair.src.lang == "de" and pair.tgt.words == ("Angela", "Merkel", "visited", "Paris", ".")
    [run] = store.runs(new[0].id)  # projected with the defaults right away
    assert store.projections(run.id)[pair.id].labelled  # identical names align: something was projected
    assert at.session_state.project_id == new[0].id


def test_bad_upload_shows_file_and_line_and_keeps_the_inputs(app_at, workspace):
    from xproj_core.store import Store

    bad = SRC.replace("Paris\tB-LOC", "Paris\tB-LOC\textra")
    at = _upload(app_at(PAGE), bad, TGT)
    assert len(at.error) == 1
    msg = at.error[0].value
    assert "de_src.conll:4" in msg, msg
    assert "Traceback" not in msg and not at.exception
    assert at.text_input(key="new_name").value == "upload test"  # nothing the user typed is lost
    assert [p.name for p in Store(workspace).projects()] == ["Demo"]


def test_sentence_count_mismatch_is_an_error(app_at):
    at = _upload(app_at(PAGE), SRC, "only one line\n")
    assert at.error and "2" in at.error[0].value


def test_delete_needs_confirmation(app_at, workspace):
    from xproj_core.store import Store

    at = app_at(PAGE)
    assert at.button(key="projects_delete").disabled
    at.checkbox(key="projects_delete_sure").check().run()
    at.button(key="projects_delete").click().run()
    assert not at.exception
    assert Store(workspace).projects() == []
    assert any("no project yet" in i.value for i in at.info)  # and the demo is not forced back in
    at.run()
    assert Store(workspace).projects() == []


def _table(at, *columns):
    frames = [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]
    assert len(frames) == 1, [list(d.value.columns) for d in at.dataframe]
    return frames[0]


def test_open_switches_to_the_inspector(app_at):
    at = app_at(PAGE)
    at.button(key="projects_open").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Inspect & correct"
    assert at.session_state.project_id == 1
