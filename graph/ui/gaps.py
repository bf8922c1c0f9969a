"""Lücken: offers per area and life phase (heatmap), transitions without cooperation, isolated actors."""

from __future__ import annotations

import altair as alt
import streamlit as st

from graph import model
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import t


def page() -> None:
    """Render gaps."""
    st.title(t("Lücken"))
    st.caption(
        t(
            "Wo es für eine Lebensphase kein Angebot gibt, wo an einem Übergang (z. B. Kita → Grundschule) "
            "niemand zusammenarbeitet, und wer vom übrigen Netzwerk abgehängt ist."
        )
    )
    try:
        tables = state.analyses()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    gaps = tables["gaps"].copy()
    only = st.toggle("nur Lücken", value=False, key="gaps_only")
    gaps["Lebensphase"] = gaps["life_phase"].map(model.VOCABULARIES["life_phase"])
    st.subheader(t("Angebote je Gebiet und Lebensphase"))
    order = list(model.VOCABULARIES["life_phase"].values())
    heat = (
        alt.Chart(gaps)
        .mark_rect(stroke="white")
        .encode(
            x=alt.X("Lebensphase:N", sort=order, title=t("Lebensphase")),
            y=alt.Y("area_name:N", sort=list(dict.fromkeys(gaps["area_name"])), title=None),
            color=alt.condition(
                "datum.gap",
                alt.value("#D55E00"),
                alt.Color("offers:Q", scale=alt.Scale(scheme="blues"), title=t("Angebote")),
            ),
            tooltip=["area_name", "Lebensphase", "offers", "rate", "explanation"],
        )
    )
    text = (
        alt.Chart(gaps)
        .mark_text(fontSize=11)
        .encode(
            x=alt.X("Lebensphase:N", sort=order),
            y=alt.Y("area_name:N", sort=list(dict.fromkeys(gaps["area_name"]))),
            text="offers:Q",
            color=alt.condition("datum.offers > 40", alt.value("white"), alt.value("#262730")),
        )
    )
    st.altair_chart((heat + text).properties(height=22 * gaps["area_name"].nunique() + 40), width="stretch")
    st.caption("Rot: keine Angebote (Lücke). Zahlen: Angebote, die in diesem Gebiet verfügbar sind.")
    found = gaps[gaps["gap"]]
    state.explanations(found, limit=10)
    st.dataframe(found if only else gaps, hide_index=True, width="stretch")
    state.downloads(gaps, "gaps", "gaps")
    st.subheader(t("Übergänge ohne Kooperation"))
    transitions = tables["transitions"]
    shown = transitions[transitions["gap"]] if only else transitions
    state.explanations(transitions[transitions["gap"]], limit=10)
    st.dataframe(shown, hide_index=True, width="stretch")
    state.downloads(transitions, "transitions", "transitions")
    st.subheader(t("Abgehängte Akteure"))
    st.dataframe(tables["isolates"], hide_index=True, width="stretch")
    state.downloads(tables["isolates"], "isolates", "isolates")
