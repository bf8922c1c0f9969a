"""Überblick: key figures of the database (a first page until the full app lands)."""

from __future__ import annotations

import streamlit as st

from graph import model
from graph.db.store import Store
from graph.errors import BildungsnetzError


@st.cache_resource
def _store() -> Store:
    return Store.open()


def page() -> None:
    """Render the overview page."""
    st.title("Bildungsnetz")
    st.caption("Die Bildungslandschaft des Kreises als Netzwerk")
    try:
        counts = _store().counts()
    except BildungsnetzError as exc:
        st.error(str(exc))
        return
    labels = ["Actor", "Offer", "Committee", "Institution", "Area"]
    columns = st.columns(len(labels))
    for column, label in zip(columns, labels, strict=True):
        column.metric(model.NODE_LABELS_PLURAL[label], counts[label])
    st.metric("Kooperationen", counts["COOPERATES_WITH"])
    st.info("Netzwerkansicht, Analysen und Berichte folgen.")
