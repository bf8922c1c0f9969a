"""Bildungsnetz app: page config, shared sidebar and navigation — nothing else."""

import streamlit as st

from graph.ui import overview

st.set_page_config(page_title="Bildungsnetz", page_icon="🕸️", layout="wide")
navigation = st.navigation([st.Page(overview.page, title="Überblick", url_path="ueberblick", default=True)])
navigation.run()
