"""Lücken: local offers per 1,000 inhabitants (heatmap), transitions without cooperation, isolated actors.

With an area chosen, the tables are the district's rows of that area and the
areas below it (:func:`graph.analysis.gaps.gap_tables`): district-wide offers
and partners in other Gemeinden count as they do for the whole district.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph import model, service
from graph.analysis.gaps import OFFER_STATUS, gap_tables
from graph.build import landscape
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import CHOOSE, md, t

#: Colours of the cells that are a finding or skipped (the report's colours, Okabe–Ito).
STATUS_COLOURS = {"luecke": "#D55E00", "nur_kreisweit": "#F0E442", "ohne_einwohner": "#DDDDDD"}


def _cell_text(row: pd.Series) -> str:
    if row["status"] == "ohne_einwohner":
        return "–"
    if row["status"] == "nur_kreisweit":
        return "K"
    if pd.isna(row["rate"]):
        return f"({row['local_offers']})"
    return f"{row['rate']:.1f}".replace(".", ",")


def _heatmap(gaps: pd.DataFrame) -> alt.LayerChart:
    """Local offers per 1,000 inhabitants where the population is known; findings in their own colours."""
    order = list(model.VOCABULARIES["life_phase"].values())
    rows = list(dict.fromkeys(gaps["area_name"]))
    x = alt.X("Lebensphase:N", sort=order, title=t("Lebensphase"))
    y = alt.Y("area_name:N", sort=rows, title=None)
    tooltip = ["area_name", "Lebensphase", "Befund", "local_offers", "district_offers", "rate", "explanation"]
    base = alt.Chart(gaps)
    served = (
        base.transform_filter("datum.status == 'versorgt'")
        .mark_rect(stroke="white")
        .encode(
            x=x,
            y=y,
            color=alt.Color("rate:Q", scale=alt.Scale(scheme="blues"), title=t("je 1.000 Einwohner")),
            tooltip=tooltip,
        )
    )
    labels = [OFFER_STATUS[s] for s in STATUS_COLOURS]
    findings = (
        base.transform_filter("datum.status != 'versorgt'")
        .mark_rect(stroke="white")
        .encode(
            x=x,
            y=y,
            color=alt.Color(
                "Befund:N", scale=alt.Scale(domain=labels, range=list(STATUS_COLOURS.values())), title=t("Befund")
            ),
            tooltip=tooltip,
        )
    )
    text = base.mark_text(fontSize=11).encode(
        x=x,
        y=y,
        text="Wert:N",
        color=alt.condition("datum.status == 'luecke'", alt.value("white"), alt.value("#262730")),
    )
    return (served + findings + text).resolve_scale(color="independent")


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
        areas = service.area_choices(state.dataset())
        area = st.selectbox(
            t("Gebiet"),
            [None, *areas],
            format_func=lambda a: t("ganzer Kreis") if a is None else areas[a],
            key="gaps_area",
            placeholder=CHOOSE,
        )
        if area is not None:
            tables = gap_tables(landscape(state.dataset(), state.as_of()), area=area)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    gaps = tables["gaps"].copy()
    only = st.toggle("nur Lücken", value=False, key="gaps_only")
    gaps["Lebensphase"] = gaps["life_phase"].map(model.VOCABULARIES["life_phase"])
    gaps["Befund"] = gaps["status"].map(OFFER_STATUS)
    gaps["Wert"] = [_cell_text(row) for _, row in gaps.iterrows()]
    st.subheader(t("Angebote vor Ort je 1.000 Einwohner"))
    st.altair_chart(_heatmap(gaps).properties(height=22 * gaps["area_name"].nunique() + 40), width="stretch")
    st.caption(
        t(
            "Zahlen: Angebote vor Ort je 1.000 Einwohner (in Klammern die Zahl der Angebote, wo die Einwohnerzahl "
            "fehlt). Rot: kein Angebot (Lücke). Gelb „K“: nur kreisweite Angebote, keines vor Ort. Grau: ohne "
            "Einwohner, übersprungen. Ein Angebot zählt in seinem Gebiet, darunter und darüber; Angebote auf "
            "Kreisebene zählen als kreisweit."
        )
    )
    skipped = list(dict.fromkeys(gaps.loc[gaps["status"] == "ohne_einwohner", "area_name"]))
    if skipped:
        st.info(t("Übersprungen, weil ohne Einwohner (Einwohnerzahl 0): ") + md(", ".join(skipped)))
    found = gaps[gaps["gap"]]
    state.explanations(found, limit=10)
    shown = found if only else gaps
    state.table(shown.drop(columns=["Wert"]), "gaps")
    state.downloads(gaps.drop(columns=["Wert"]), "gaps", "gaps")
    district_only = gaps[gaps["status"] == "nur_kreisweit"]
    if len(district_only):
        st.subheader(t("Nur kreisweite Angebote"))
        st.caption(
            t(
                "Für diese Gebiete und Lebensphasen gibt es Angebote nur auf Kreisebene (etwa eine Beratungshotline), "
                "aber keines vor Ort."
            )
        )
        state.table(
            district_only[["area", "area_name", "Lebensphase", "district_offers", "explanation"]],
            "gaps",
            hide_index=True,
            width="stretch",
        )
    st.subheader(t("Übergänge ohne Kooperation"))
    transitions = tables["transitions"]
    shown_transitions = transitions[transitions["gap"]] if only else transitions
    state.explanations(transitions[transitions["gap"]], limit=10)
    state.table(shown_transitions, "transitions")
    state.downloads(transitions, "transitions", "transitions")
    st.subheader(t("Abgehängte Akteure"))
    state.table(tables["isolates"], "isolates")
    state.downloads(tables["isolates"], "isolates", "isolates")
