"""Bildungsnetz app: page config, shared sidebar and navigation — nothing else."""

import streamlit as st

from graph.ui import app

st.set_page_config(page_title="Bildungsnetz", page_icon=app.FAVICON, layout="wide")
app.sidebar()
navigation = st.navigation(app.pages(), expanded=True)
navigation.run()
