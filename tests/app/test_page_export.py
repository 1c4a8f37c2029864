"""Export page: every format offered, read back, only-reviewed scope, corrections exported."""

import pytest
from seed_pages2 import seed

from xproj_core import export as ex
from xproj_core.store import Correction, Store
from xproj_core.types import Span

PAGE = "pages/export.py"


@pytest.fixture(scope="module")
def seeded_workspace(tmp_path_factory):
    return seed(tmp_path_factory.mktemp("pages2") / "xproj.sqlite")


def _metric(at, label):
    return next(m.value for m in at.metric if m.label == label)


def test_export_every_format_is_offered_and_read_back(app_at):
    at = app_at(PAGE)
    assert at.radio(key="export_fmt").options == [ex.FORMATS[f].label for f in ex.FORMATS]
    for fmt in ex.FORMATS:
        at.radio(key="export_fmt").set_value(fmt).run()
        assert not at.exception, [e.value for e in at.exception]
        assert at.success and "48" in at.success[0].value, (fmt, "the file was not read back")
        assert _metric(at, "Sentences") == "48"


def test_export_only_reviewed_contains_the_correction(app_at, workspace):
    at = app_at(PAGE)
    store = Store(workspace)
    [project] = store.projects()
    run_id = at.session_state.run_id
    pair = store.pairs(project.id)[0]
    store.add_correction(Correction(run_id, pair.id, (Span(0, 1, "MISC"),), "corrected"))
    at.radio(key="export_scope").set_value("reviewed").run()
    at.radio(key="export_fmt").set_value("jsonl").run()
    assert _metric(at, "Sentences") == "1" and _metric(at, "Reviewed") == "1"
    preview = at.code[0].value
    assert pair.id in preview and '"MISC"' in preview
    assert ex.reimport(preview.encode(), "jsonl")[0].spans == (Span(0, 1, "MISC"),)
