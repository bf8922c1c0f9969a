"""Doppelstrukturen: offers, committees and actors that exist twice."""

from __future__ import annotations

import streamlit as st

from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import t

KINDS = {"offer": "Angebote", "committee": "Gremien", "actor": "Akteure"}


def page() -> None:
    """Render duplicate structures."""
    st.title(t("Doppelstrukturen"))
    try:
        table = state.analyses()["duplicates"]
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    kinds = st.multiselect("Art", list(KINDS), default=list(KINDS), format_func=lambda k: t(KINDS[k]), key="dup_kinds")
    shown = table[table["kind"].isin(kinds)]
    cols = st.columns(3)
    for col, (kind, label) in zip(cols, KINDS.items(), strict=True):
        col.metric(t(label), int((table["kind"] == kind).sum()))
    state.explanations(shown, limit=20)
    st.dataframe(shown, hide_index=True, width="stretch")
    state.downloads(shown, "duplicates", "duplicates")
