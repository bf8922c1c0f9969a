"""Bildungsnetz app: page config, shared sidebar and navigation — nothing else."""

import streamlit as st

from graph.ui import app

st.set_page_config(page_title="Bildungsnetz", page_icon=app.FAVICON, layout="wide")
who = app.gate()
app.sidebar(who)
navigation = st.navigation(app.pages(who=who), expanded=True)
navigation.run()
