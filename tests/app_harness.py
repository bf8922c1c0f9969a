"""The app as streamlit_app.py builds it, opening the page named in session state (for AppTest)."""

import streamlit as st

from graph.ui import app

st.set_page_config(page_title="Bildungsnetz", page_icon=app.FAVICON, layout="wide")
who = app.gate()
app.sidebar(who)
st.navigation(app.pages(default=st.session_state.get("test_page", "overview"), who=who), expanded=True).run()
