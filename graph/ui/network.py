"""Netzwerk: the interactive cooperation network with filters, colouring, sizing, search, ego view and download."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from graph import model, service
from graph.auth import Role
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import CHOOSE, CHOOSE_MANY, lang, md, t
from graph.views.network import aggregate, network_view

COLOR_LABELS = {"sector": "Sektor", "community": "Gemeinschaft", "area": "Gebiet"}
SIZE_LABELS = {
    "degree": "Zahl der Kooperationen",
    "weighted_degree": "Kooperationen nach Intensität",
    "betweenness": "Vermittlung (Betweenness)",
    "pagerank": "Einfluss (PageRank)",
    "none": "gleich groß",
}


@st.cache_data(show_spinner=False, max_entries=16)
def _view(
    rev: str,
    as_of: dt.date,
    flt: service.NetworkFilter,
    color_by: str,
    size_by: str,
    focus: str | None,
    group_by: str,
    language: str,
) -> tuple[str, int, int, dict[str, dict]]:
    """Render the view for one revision, date, filter and display choice (cached)."""
    ds = state._dataset(rev)
    net = service.network(ds, as_of, flt)
    communities: dict = {}
    metrics: dict = {}
    # the analyses are computed (and cached) only when the chosen display needs them
    if color_by == "community" or group_by == "community" or size_by in ("betweenness", "pagerank"):
        tables = state._summary(rev, as_of, as_of - dt.timedelta(days=365), "sector")
        members, summary = tables["communities"], tables["community_summary"]
        named = dict(zip(summary["community"], summary["name"], strict=True))
        communities = {n: named[c] for n, c in zip(members["id"], members["community"], strict=True)}
        central = tables["centrality"].set_index("id")
        metrics = {m: central[m].to_dict() for m in ("betweenness", "pagerank")}
    graph = net.graph
    subtitle = f"{as_of:%d.%m.%Y} · {graph.number_of_nodes()} Akteure · {graph.number_of_edges()} Kooperationen"
    if group_by != "none":
        groups = communities if group_by == "community" else {n: graph.nodes[n].get("area") for n in graph}
        names = {} if group_by == "community" else net.area_names  # communities are named already
        graph = aggregate(graph, groups, names)
        size_by = "degree" if size_by in ("betweenness", "pagerank") else size_by
        focus = None
    view = network_view(
        graph,
        title="Kooperationsnetz",
        subtitle=subtitle,
        color_by=color_by if group_by == "none" else "sector",
        size_by=size_by,
        groups=communities,
        metrics=metrics,
        area_names=net.area_names,
        focus=focus,
        lang=language,
    )
    details = {n: dict(graph.nodes[n]) for n in graph} if group_by == "none" else {}
    return view.html, view.nodes, view.edges, details


def page() -> None:
    """Render the network page."""
    st.title(t("Netzwerk"))
    st.caption(
        t(
            "Wer mit wem zusammenarbeitet. Punkte sind Akteure, Linien Kooperationen. Filtern, einfärben, "
            "einen Akteur suchen; Mausrad zoomt, Ziehen verschiebt, Überfahren zeigt Namen."
        )
    )
    try:
        ds = state.dataset()
        rev = state.revision()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    with st.expander(t("Filter"), expanded=False):
        c1, c2, c3 = st.columns(3)
        sectors = c1.multiselect(
            t("Sektor"),
            list(model.VOCABULARIES["sector"]),
            format_func=lambda k: model.vocab_label("sector", k),
            key="net_sectors",
            placeholder=CHOOSE_MANY,
        )
        types = c2.multiselect(
            t("Akteurstyp"),
            list(model.VOCABULARIES["actor_type"]),
            format_func=lambda k: model.vocab_label("actor_type", k),
            key="net_types",
            placeholder=CHOOSE_MANY,
        )
        areas = service.area_choices(ds)
        chosen_areas = c3.multiselect(
            t("Gebiet"), list(areas), format_func=lambda a: areas.get(a, a), key="net_areas", placeholder=CHOOSE_MANY
        )
        c4, c5 = st.columns(2)
        education = c4.multiselect(
            t("Bildungsbereich"),
            list(model.VOCABULARIES["education_area"]),
            format_func=lambda k: model.vocab_label("education_area", k),
            key="net_edu",
            placeholder=CHOOSE_MANY,
        )
        committees = service.committee_choices(ds)
        committee = c5.selectbox(
            t("Gremium"),
            [None, *committees],
            key="net_committee",
            placeholder=CHOOSE,
            format_func=lambda c: t("alle") if c is None else committees[c],
        )
    c1, c2, c3, c4 = st.columns([1, 1, 2, 1])
    color_by = c1.selectbox(
        t("Farbe nach"),
        list(COLOR_LABELS),
        format_func=lambda k: t(COLOR_LABELS[k]),
        key="net_color",
        placeholder=CHOOSE,
    )
    size_by = c2.selectbox(
        t("Größe nach"), list(SIZE_LABELS), format_func=lambda k: t(SIZE_LABELS[k]), key="net_size", placeholder=CHOOSE
    )
    actors = service.actor_choices(ds)
    focus = c3.selectbox(
        t("Akteur suchen"),
        [None, *actors],
        key="net_focus",
        format_func=lambda a: "–" if a is None else actors[a],
        placeholder=t("Akteur suchen"),
    )
    group_by = c4.selectbox(
        t("Zusammenfassen nach"),
        ["none", "community", "area"],
        key="net_group",
        placeholder=CHOOSE,
        format_func=lambda g: {"none": t("keine Zusammenfassung"), "community": t("Gemeinschaft"), "area": t("Gebiet")}[
            g
        ],
    )
    ego = False
    depth = 1
    if focus:
        e1, e2 = st.columns([2, 1])
        ego = e1.toggle(t("nur Umkreis des gesuchten Akteurs zeigen"), key="net_ego")
        depth = e2.slider(t("Umkreis (Schritte)"), 1, 3, 1, key="net_depth", disabled=not ego)
    flt = service.NetworkFilter(
        sectors=tuple(sectors),
        actor_types=tuple(types),
        areas=tuple(chosen_areas),
        education_areas=tuple(education),
        committee=committee,
        center=focus if ego else None,
        depth=depth,
    )
    try:
        html, n_nodes, n_edges, details = _view(rev, state.as_of(), flt, color_by, size_by, focus, group_by, lang())
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    st.caption(f"{n_nodes} {t('Akteure')} · {n_edges} {t('Kooperationen')}")
    st.iframe(html, height=700)
    st.download_button(
        t("Ansicht als HTML herunterladen"),
        html.encode("utf-8"),
        file_name="netzwerk.html",
        mime="text/html",
        key="net_download",
    )
    with st.popover(t("Ansicht für Präsentation speichern"), disabled=not state.may(Role.EDITOR)):
        caption = st.text_input(t("Bildunterschrift"), key="net_caption")
        if st.button(t("Speichern"), key="net_save_view"):
            from graph import slides

            try:
                slides.add_view(slides.SavedView(caption, flt, color_by, size_by), store=state.store())
            except BildungsnetzError as exc:
                state.show_error(exc)
            else:
                st.success(t("Gespeichert."))
    if focus and focus in details:
        _details(ds, focus, details)


def _details(ds: object, focus: str, details: dict[str, dict]) -> None:
    """The details panel of the searched actor: essentials and its partners (no personal data)."""
    data = details[focus]
    st.subheader(f"{t('Details')}: {md(data.get('name', focus))}")
    rows = [
        (t("Akteurstyp"), model.vocab_label("actor_type", data["actor_type"]) if data.get("actor_type") else "–"),
        (t("Sektor"), model.vocab_label("sector", data["sector"]) if data.get("sector") else "–"),
        (t("Gebiet"), service.area_choices(ds).get(data.get("area"), data.get("area") or "–")),  # type: ignore[arg-type]
    ]
    state.table(pd.DataFrame(rows, columns=[t("Merkmal"), t("Wert")]), width="content")
    tables = state.analyses()
    partners = tables["centrality"]
    net = service.network(state.dataset(), state.as_of())
    neighbours = sorted(net.graph[focus]) if focus in net.graph else []
    st.markdown(f"**{t('Kooperationspartner')}** ({len(neighbours)})")
    state.table(
        partners[partners["id"].isin(neighbours)][["name", "degree", "betweenness"]], "centrality", width="stretch"
    )
