"""xproj workbench: entry point and router (``streamlit run app.py``).

Sets up the page, the session defaults and the demo project on a fresh workspace, then runs the
page chosen in the navigation. Every page is registered here explicitly.
"""

import sys
from pathlib import Path

import streamlit as st

ROOT = Path(__file__).resolve().parent
if str(ROOT) not in sys.path:  # `pages._ui` and `xproj_core` import from the app folder
    sys.path.insert(0, str(ROOT))

from pages._ui import state  # noqa: E402

st.set_page_config(page_title="xproj workbench", page_icon=":material/compare_arrows:", layout="wide")
state.init_session()

PAGES = [  # (file, title, icon); pages of other engineers are registered once their file exists
    ("pages/projects.py", "Projects", ":material/folder_open:"),
    ("pages/run.py", "Run", ":material/play_arrow:"),
    ("pages/inspect.py", "Inspect & correct", ":material/manage_search:"),
    ("pages/review.py", "Review queue", ":material/checklist:"),
    ("pages/analysis.py", "Analysis", ":material/analytics:"),
    ("pages/efficiency.py", "Efficiency", ":material/timer:"),
    ("pages/export.py", "Export", ":material/download:"),
]

pages = [st.Page(f, title=t, icon=i, default=(f == "pages/projects.py"))
         for f, t, i in PAGES if (ROOT / f).exists()]
page = st.navigation(pages)  # first, so the menu shows page titles while the demo is being set up
state.ensure_demo()
page.run()
