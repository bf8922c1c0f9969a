"""Broker & Risiken: who bridges sectors, and what the network depends on."""

from __future__ import annotations

import altair as alt
import streamlit as st

from graph import display
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import CHOOSE_MANY, t

KINDS = display.RISK_KINDS


def page() -> None:
    """Render brokers and risks."""
    st.title(t("Broker & Risiken"))
    st.caption(
        t(
            "Brückenakteure verbinden Sektoren und Teile des Netzwerks, die sonst getrennt wären; das einzige "
            "Bindeglied zwischen zwei Sektoren ist ein Akteur, ohne den kein Akteur des einen Sektors mehr eine "
            "Verbindung zum anderen hätte. Risiken: Akteure und Kooperationen, an denen der Zusammenhalt hängt."
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
            x=alt.X("betweenness:Q", title="Vermittlung (Betweenness)", axis=alt.Axis(format=",.2f")),
            y=alt.Y("name:N", sort="-x", title=None),
            tooltip=[
                alt.Tooltip("name:N", title="Akteur"),
                alt.Tooltip("betweenness:Q", title="Vermittlung (Betweenness)", format=".3f"),
                alt.Tooltip("constraint:Q", title="Abhängigkeit von wenigen Partnern (Constraint)", format=".3f"),
                alt.Tooltip("liaison:Q", title="Verbindungen zwischen fremden Sektoren"),
            ],
        )
    )
    st.altair_chart(chart, width="stretch")
    state.explanations(shown, limit=5)
    state.table(shown, "brokers")
    state.downloads(brokers, "brokers", "brokers")
    st.subheader(t("Schnittpunkte, Brücken und Schlüsselakteure"))
    st.caption(
        t(
            "Schlüsselakteure: die Akteure, deren gemeinsamer Wegfall die meisten Paare von Akteuren voneinander "
            "trennen würde "
            "(Borgatti, KPP-Neg), nach ihrem Beitrag geordnet; wer nichts hinzufügt, wird nicht genannt."
        )
    )
    risks = tables["risks"]
    kinds = st.multiselect(
        "Art",
        list(KINDS),
        default=["articulation", "key_player"],
        format_func=lambda kind: t(KINDS[kind]),
        key="risks_kind",
        placeholder=CHOOSE_MANY,
    )
    risks = risks[risks["kind"].isin(kinds)]
    state.explanations(risks, limit=6)
    state.table(risks, "risks")
    state.downloads(risks, "risks", "risks")
