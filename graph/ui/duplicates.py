"""Doppelstrukturen: offers, committees and actors that exist twice."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import CHOOSE_MANY, t

KINDS = {"offer": "Angebote", "committee": "Gremien", "actor": "Akteure"}


def page() -> None:
    """Render duplicate structures."""
    st.title(t("Doppelstrukturen"))
    st.caption(
        t(
            "Angebote, die dasselbe für dieselben Menschen am selben Ort leisten, ohne dass die Anbieter "
            "kooperieren; Gremien mit fast denselben Mitgliedern und Themen; doppelt erfasste Einrichtungen."
        )
    )
    try:
        table = state.analyses()["duplicates"]
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    kinds = st.multiselect(
        "Art",
        list(KINDS),
        default=list(KINDS),
        format_func=lambda k: t(KINDS[k]),
        key="dup_kinds",
        placeholder=CHOOSE_MANY,
    )
    shown = table[table["kind"].isin(kinds)]
    cols = st.columns(3)
    for col, (kind, label) in zip(cols, KINDS.items(), strict=True):
        col.metric(t(label), int((table["kind"] == kind).sum()))
    counts = pd.DataFrame(
        {"Art": [t(KINDS[k]) for k in KINDS], "Anzahl": [int((table["kind"] == k).sum()) for k in KINDS]}
    )
    st.altair_chart(
        alt.Chart(counts)
        .mark_bar(color="#D55E00")
        .encode(x=alt.X("Anzahl:Q", title=None), y=alt.Y("Art:N", title=None), tooltip=["Art", "Anzahl"])
        .properties(height=120),
        width="stretch",
    )
    state.explanations(shown, limit=20)
    state.table(shown, "duplicates")
    state.downloads(shown, "duplicates", "duplicates")
