"""Fehlende Verbindungen & Konferenzplanung: who should meet whom, invitation list and table plan."""

from __future__ import annotations

import altair as alt
import streamlit as st

from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import md, t


@st.cache_data(show_spinner=False, max_entries=8)
def _plan(rev: str, as_of: object, tables: int, size: int) -> object:
    from graph.analysis.links import conference
    from graph.build import cooperation_graph, landscape

    L = landscape(state._dataset(rev), as_of)  # type: ignore[arg-type]
    return conference(L, cooperation_graph(L), tables=tables, size=size)


def page() -> None:
    """Render missing links and the conference planner."""
    st.title(t("Fehlende Verbindungen & Konferenz"))
    st.caption(
        t(
            "Paare, die noch nicht zusammenarbeiten, es aber sollten: gemeinsame Partner, die beiden Seiten "
            "eines Übergangs, dasselbe Gebiet, dieselbe Zielgruppe. Darunter ein Tischplan für die "
            "Bildungskonferenz, der möglichst viele neue Kontakte stiftet."
        )
    )
    try:
        links = state.analyses()["missing_links"]
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    only_transitions = st.toggle("nur Übergänge", value=False, key="links_transitions")
    shown = links[links["transition"] != ""] if only_transitions else links
    top = shown.head(15).assign(Paar=lambda d: d["a_name"] + " – " + d["b_name"])
    st.altair_chart(
        alt.Chart(top)
        .mark_bar(color="#009E73")
        .encode(
            x=alt.X("score:Q", title="Stärke der Empfehlung"),
            y=alt.Y("Paar:N", sort="-x", title=None),
            tooltip=["Paar", "score", "explanation"],
        ),
        width="stretch",
    )
    state.explanations(shown, limit=10)
    state.table(shown, "missing_links")
    state.downloads(shown, "missing_links", "links")
    st.subheader(t("Tischplan"))
    c1, c2 = st.columns(2)
    tables = c1.number_input(t("Tische"), 1, 40, 10, key="conf_tables")
    size = c2.number_input(t("Plätze je Tisch"), 2, 20, 8, key="conf_size")
    try:
        plan = _plan(state.revision(), state.as_of(), int(tables), int(size))
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    for note in getattr(plan, "attrs", {}).get("hinweise", []):
        st.warning(md(note))
    state.table(plan, "conference")
    state.downloads(plan, "conference", "conference")
