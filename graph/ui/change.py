"""Zeitvergleich: what changed between two dates."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import CHOOSE_MANY, md, t

KINDS = {
    "actor": "Akteure",
    "cooperation": "Kooperationen",
    "membership": "Gremiensitze",
    "committee": "Gremien",
    "offer": "Angebote",
    "metric": "Kennzahlen",
    "broker": "Brückenakteure",
}


@st.cache_data(show_spinner=False, max_entries=8)
def _change(rev: str, start: dt.date, end: dt.date) -> object:
    from graph.analysis.change import change

    return change(state._dataset(rev), start, end)


def page() -> None:
    """Render the comparison of two dates."""
    st.title(t("Zeitvergleich"))
    between = _rounds()
    if between is not None:
        start, end = between
    else:
        c1, c2 = st.columns(2)
        start = c1.date_input(t("Von"), value=state.since(), key="change_from", format="DD.MM.YYYY")
        end = c2.date_input(t("Bis"), value=state.as_of(), key="change_to", format="DD.MM.YYYY")
    if start > end:
        st.error("Das Anfangsdatum liegt nach dem Enddatum.")
        return
    try:
        table = _change(state.revision(), start, end)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    metrics = table[table["kind"] == "metric"]  # type: ignore[index]
    cols = st.columns(len(metrics))
    for col, row in zip(cols, metrics.itertuples(), strict=True):
        delta = row.value_to - row.value_from
        digits = 4 if abs(row.value_to) < 1 else (2 if row.value_to != int(row.value_to) else 0)
        col.metric(
            md(row.name),
            f"{row.value_to:.{digits}f}".replace(".", ","),
            f"{delta:+.{digits}f}".replace(".", ","),
            help=md(row.explanation),
        )
    counted = table[table["change"].isin(["neu", "beendet"])]  # type: ignore[index]
    bars = pd.DataFrame(
        [
            (t(KINDS[k]), c, int(((counted["kind"] == k) & (counted["change"] == c)).sum()))
            for k in ("actor", "cooperation", "membership", "committee", "offer")
            for c in ("neu", "beendet")
        ],
        columns=["Art", "Veränderung", "Anzahl"],
    )
    st.altair_chart(
        alt.Chart(bars)
        .mark_bar()
        .encode(
            x=alt.X("Anzahl:Q", title=None),
            y=alt.Y("Art:N", title=None),
            color=alt.Color("Veränderung:N", scale=alt.Scale(domain=["neu", "beendet"], range=["#009E73", "#D55E00"])),
            yOffset="Veränderung:N",
            tooltip=["Art", "Veränderung", "Anzahl"],
        )
        .properties(height=240),
        width="stretch",
    )
    kinds = st.multiselect(
        "Art",
        list(KINDS),
        default=["actor", "cooperation", "committee", "offer", "broker"],
        format_func=lambda k: t(KINDS[k]),
        key="change_kinds",
        placeholder=CHOOSE_MANY,
    )
    shown = table[table["kind"].isin(kinds)]  # type: ignore[index]
    state.explanations(shown, limit=12)
    state.table(shown, "change")
    state.downloads(shown, "change", "change")


def _rounds() -> tuple[dt.date, dt.date] | None:
    """With two survey rounds or more: compare two rounds by their dates (else the two dates are chosen)."""
    try:
        rounds = sorted(state.shared_store().rounds(), key=lambda r: r.date)
    except BildungsnetzError:
        return None  # the comparison of two dates still works
    if len(rounds) < 2 or not st.toggle(t("Zwei Befragungsrunden vergleichen"), key="change_by_round"):
        return None
    by_id = {r.id: r for r in rounds}

    def words(rid: str) -> str:
        return f"{by_id[rid].name} ({by_id[rid].date:%d.%m.%Y})"

    c1, c2 = st.columns(2)
    first = c1.selectbox(
        t("Frühere Runde"), list(by_id), index=len(rounds) - 2, format_func=words, key="change_round_a"
    )
    second = c2.selectbox(
        t("Spätere Runde"), list(by_id), index=len(rounds) - 1, format_func=words, key="change_round_b"
    )
    st.caption(
        f"{t('Verglichen wird der Stand am Stichtag der Runden')}: {by_id[first].date:%d.%m.%Y} "
        f"{t('und')} {by_id[second].date:%d.%m.%Y}."
    )
    return by_id[first].date, by_id[second].date
