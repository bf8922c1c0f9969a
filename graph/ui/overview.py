"""Überblick: key figures, data date and the headline findings with links to their pages."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph.errors import BildungsnetzError
from graph.ui import app, state
from graph.ui.texts import md, t


def page() -> None:
    """Render the overview."""
    st.title(t("Überblick"))
    st.caption(t("Die Bildungslandschaft des Kreises als Netzwerk") + f" · {t('Stichtag')} {state.as_of():%d.%m.%Y}")
    try:
        figures = state.key_figures()
        tables = state.analyses()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    cols = st.columns(5)
    cols[0].metric(t("Akteure im Netzwerk"), figures["actors"])
    cols[1].metric(t("Kooperationen"), figures["cooperations"])
    cols[2].metric(t("Dichte"), f"{figures['density']:.3f}".replace(".", ","))
    cols[3].metric(t("Zusammenhängende Teile"), figures["components"])
    cols[4].metric(t("Gremien"), figures["committees"])

    left, right = st.columns([2, 3])
    with left:
        st.subheader(t("Akteure nach Sektor"))
        sectors = pd.DataFrame({"Sektor": list(figures["by_sector"]), "Akteure": list(figures["by_sector"].values())})
        chart = (
            alt.Chart(sectors)
            .mark_bar(color="#0072B2")
            .encode(
                x=alt.X("Akteure:Q", title=t("Akteure")),
                y=alt.Y("Sektor:N", sort="-x", title=None),
                tooltip=["Sektor", "Akteure"],
            )
        )
        st.altair_chart(chart, width="stretch")
    with right:
        st.subheader(t("Wichtigste Befunde"))
        brokers = tables["brokers"].head(2)
        gaps = tables["gaps"][tables["gaps"]["gap"]]
        transitions = tables["transitions"][tables["transitions"]["gap"]]
        isolates = tables["isolates"]
        duplicates = tables["duplicates"]
        links = tables["missing_links"]
        _finding(t("Brückenakteure"), ", ".join(brokers["name"]), "brokers")
        _finding(t("Angebotslücken"), f"{len(gaps)} Gebiet×Lebensphase ohne Angebot", "gaps")
        _finding(t("Übergänge ohne Kooperation"), f"{len(transitions)}", "gaps")
        _finding(t("Doppelstrukturen"), f"{len(duplicates)}", "duplicates")
        _finding(t("Abgehängte Akteure"), f"{len(isolates)}", "gaps")
        _finding(t("Empfohlene Verbindungen"), f"{len(links)}", "links")


def _finding(label: str, value: str, target: str) -> None:
    left, right = st.columns([3, 2])
    left.markdown(f"**{label}:** {md(value)}")
    with right:
        app.link(target, t("Details") + " →")
