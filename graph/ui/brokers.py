"""Broker & Risiken: who bridges sectors, and what the network depends on."""

from __future__ import annotations

import altair as alt
import streamlit as st

from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import t


def page() -> None:
    """Render brokers and risks."""
    st.title(t("Broker & Risiken"))
    st.caption(
        t(
            "Brückenakteure verbinden Sektoren und Teile des Netzwerks, die sonst getrennt wären. Risiken: "
            "Akteure und Kooperationen, an denen der Zusammenhalt hängt."
        )
    )
    try:
        tables = state.analyses()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    brokers = tables["brokers"]
    top = st.slider("Top", 5, 50, 10, key="brokers_top")
    shown = brokers.head(top)
    chart = (
        alt.Chart(shown)
        .mark_bar(color="#332288")
        .encode(
            x=alt.X("betweenness:Q", title="Betweenness"),
            y=alt.Y("name:N", sort="-x", title=None),
            tooltip=["name", "betweenness", "constraint", "liaison"],
        )
    )
    st.altair_chart(chart, width="stretch")
    state.explanations(shown, limit=5)
    st.dataframe(shown, hide_index=True, width="stretch")
    state.downloads(brokers, "brokers", "brokers")
    st.subheader(t("Schnittpunkte, Brücken und Schlüsselakteure"))
    risks = tables["risks"]
    kinds = st.multiselect(
        "Art", ["articulation", "bridge", "key_player"], default=["articulation", "key_player"], key="risks_kind"
    )
    risks = risks[risks["kind"].isin(kinds)]
    state.explanations(risks, limit=6)
    st.dataframe(risks, hide_index=True, width="stretch")
    state.downloads(risks, "risks", "risks")
