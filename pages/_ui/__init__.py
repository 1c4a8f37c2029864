"""UI helpers shared by the pages (a sub-folder, so Streamlit never takes it for a page)."""
