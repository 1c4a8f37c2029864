"""UI helpers shared by the pages (a sub-folder, so Streamlit never takes it for a page).

Importing this package also fixes a Streamlit start-up quirk: a server started in a folder with
``pages/`` runs in the legacy "pages directory" mode until ``app.py`` has called ``st.navigation``
once. A permalink (``/inspect?...``) as the first request would then run the page *without*
``app.py`` (no page config, no session defaults, file names in the menu). Every page imports
``pages._ui``; on that first request we leave the legacy mode and rerun through ``app.py``.
"""


def _leave_legacy_pages_mode() -> None:
    try:
        from streamlit.runtime.pages_manager import PagesManager
        from streamlit.runtime.scriptrunner import get_script_run_ctx
    except ImportError:  # pragma: no cover - a Streamlit without these internals
        return
    if PagesManager.uses_pages_directory and get_script_run_ctx() is not None:
        PagesManager.uses_pages_directory = False
        import streamlit as st

        st.rerun()


_leave_legacy_pages_mode()
