"""Netzwerk: the cooperation network to explore — filter, colour, size, search, and click an actor.

The drawing is vis-network in a components-v2 component (:mod:`graph.ui.components.network`): a
click selects an actor and opens its profile beside the network; Ctrl+click or a long press picks a
second one, and the two can be joined by a new cooperation. The view (filters, colouring, size,
grouping, the selected actor, the ego view) is kept in the URL, so a link or a reload shows the same
view. The built network is cached per data revision, date and view, so a click costs a rerun of
this script and no layout.
"""

from __future__ import annotations

import datetime as dt
import logging
import tempfile
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx
import pandas as pd
import streamlit as st

from graph import editing, model, service
from graph.auth import Role
from graph.build import cooperation_graph, landscape
from graph.errors import BildungsnetzError
from graph.german import count
from graph.ui import entities, state
from graph.ui.components import network as drawing
from graph.ui.texts import CHOOSE, CHOOSE_MANY, md
from graph.views.network import NetworkView, actor_profile, aggregate, network_view

logger = logging.getLogger(__name__)

COLOR_LABELS = {"sector": "Sektor", "community": "Gemeinschaft", "area": "Gebiet"}
SIZE_LABELS = {
    "degree": "Zahl der Kooperationen",
    "weighted_degree": "Kooperationen nach Intensität",
    "betweenness": "Vermittlung (Betweenness)",
    "pagerank": "Einfluss (PageRank)",
    "none": "gleich groß",
}
GROUP_LABELS = {"none": "keine Zusammenfassung", "community": "Gemeinschaft", "area": "Gebiet"}
#: Height of the drawing in pixels (fits a 1366 × 768 screen with the controls above it).
HEIGHT = 520
#: Key of the drawing (its selection is session state under this key).
GRAPH = "net_graph"
#: The view in the URL: query parameter -> session-state key of its widget. Lists are comma-separated.
URL_KEYS = {
    "sektor": "net_sectors",
    "typ": "net_types",
    "gebiet": "net_areas",
    "bereich": "net_edu",
    "gremium": "net_committee",
    "farbe": "net_color",
    "groesse": "net_size",
    "gruppe": "net_group",
    "akteur": "net_focus",
    "umkreis": "net_center",
    "schritte": "net_depth",
}
_URL_WRITTEN = "_net_url"
#: Labels of the record fields in the profile (the exchange format spells umlauts out).
FIELD_LABELS = {
    "Typ": "Akteurstyp",
    "Traeger": "Träger",
    "Laengengrad": "Längengrad",
    "Gueltig ab": "Gültig ab",
    "Gueltig bis": "Gültig bis",
}
#: The record fields the profile leaves out: the heading shows the name, the id is no user's business.
HIDDEN_FIELDS = ("ID", "Name")


# -- building the view (cached) -----------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    """A built network view and whether its dots are actors (not groups)."""

    view: NetworkView
    actors: bool


@st.cache_resource(show_spinner=False, max_entries=16)
def built_view(
    rev: str,
    as_of: dt.date,
    flt: service.NetworkFilter,
    color_by: str,
    size_by: str,
    group_by: str,
    _ds: Any,
    _analyses: Callable[[], dict[str, pd.DataFrame]],
) -> Built:
    """Build the view for one revision, date, filter and display choice (shared by every session; not changed).

    Nothing in it depends on the selection, so a click finds it here. ``_ds`` is the dataset of
    ``rev``; ``_analyses`` gives the analysis tables, called only when the display needs them.
    """
    started = time.perf_counter()
    net = service.network(_ds, as_of, flt)
    communities: dict[Any, Any] = {}
    metrics: dict[str, dict[Any, float]] = {}
    if color_by == "community" or group_by == "community" or size_by in ("betweenness", "pagerank"):
        tables = _analyses()
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
    view = network_view(
        graph,
        title="Kooperationsnetz",
        subtitle=subtitle,
        color_by=color_by if group_by == "none" else "sector",
        size_by=size_by,
        groups=communities,
        metrics=metrics,
        area_names=net.area_names,
        height=HEIGHT,
        lang="de",
    )
    logger.info(
        "network view built in %.2f s: %d nodes, %d edges", time.perf_counter() - started, view.nodes, view.edges
    )
    return Built(view, group_by == "none")


def _view(
    rev: str,
    as_of: dt.date,
    flt: service.NetworkFilter,
    color_by: str,
    size_by: str,
    focus: str | None,
    group_by: str,
    language: str = "de",
) -> tuple[str, int, int, dict[str, dict[str, Any]]]:
    """The offline page of a view with ``focus`` centred, its counts and its nodes (for the Präsentation page)."""
    built = built_view(rev, as_of, flt, color_by, size_by, group_by, state.dataset(), state.analyses)
    view = built.view
    details = {n["id"]: {"name": view.names.get(n["id"], n["id"])} for n in view.vis_nodes} if built.actors else {}
    return view.page(focus if built.actors else None), view.nodes, view.edges, details


@st.cache_resource(show_spinner=False, max_entries=4)
def _whole(rev: str, as_of: dt.date, _ds: Any) -> tuple[nx.MultiDiGraph, nx.Graph, pd.DataFrame]:
    """The landscape, the whole cooperation graph and its centrality on ``as_of`` (for the profiles)."""
    from graph.analysis.centrality import centrality

    L = landscape(_ds, as_of)
    G = cooperation_graph(L)
    return L, G, centrality(G)


# -- the view in the URL ---------------------------------------------------------------------------------


def view_from_url(query: Mapping[str, str], ds: Any) -> dict[str, Any]:
    """The widget values a view URL names (session-state key -> value); unknown or invalid values are dropped.

    The query comes from whoever wrote the link: every value is checked against what the data and the
    vocabularies offer.
    """

    def listed(name: str, allowed: Any) -> list[str]:
        return [v for v in dict.fromkeys(query.get(name, "").split(",")) if v in allowed]

    actors = ds.nodes["Actor"]
    values: dict[str, Any] = {
        "net_sectors": listed("sektor", model.VOCABULARIES["sector"]),
        "net_types": listed("typ", model.VOCABULARIES["actor_type"]),
        "net_areas": listed("gebiet", ds.nodes["Area"]),
        "net_edu": listed("bereich", model.VOCABULARIES["education_area"]),
        "net_committee": query.get("gremium") if query.get("gremium") in ds.nodes["Committee"] else None,
        "net_color": query.get("farbe") if query.get("farbe") in COLOR_LABELS else "sector",
        "net_size": query.get("groesse") if query.get("groesse") in SIZE_LABELS else "degree",
        "net_group": query.get("gruppe") if query.get("gruppe") in GROUP_LABELS else "none",
        "net_focus": query.get("akteur") if query.get("akteur") in actors else None,
        "net_center": query.get("umkreis") if query.get("umkreis") in actors else None,
    }
    values["net_ego"] = values["net_center"] is not None
    depth = query.get("schritte", "1")
    values["net_depth"] = int(depth) if depth in ("1", "2", "3") else 1
    return values


def view_to_url(values: Mapping[str, Any]) -> dict[str, str]:
    """The query parameters of a view (only what differs from the default view), for :func:`view_from_url`."""
    query: dict[str, str] = {}
    for name, key in URL_KEYS.items():
        value = values.get(key)
        if isinstance(value, (list, tuple)):
            if value:
                query[name] = ",".join(value)
        elif key == "net_depth":
            if values.get("net_center") and value not in (None, 1):
                query[name] = str(value)
        elif value not in (None, "", {"net_color": "sector", "net_size": "degree", "net_group": "none"}.get(key)):
            query[name] = str(value)
    if not values.get("net_ego"):
        query.pop("umkreis", None)
        query.pop("schritte", None)
    return query


def _apply_url(ds: Any) -> None:
    """Set the widgets to the view the URL names, when it names one this session has not written itself.

    The URL holds the view after every run; a reload, a link or a bookmark brings it back. Going to
    another page and back clears the URL: then the session's own choices stay.
    """
    query = {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}
    if query and query != st.session_state.get(_URL_WRITTEN):
        for key, value in view_from_url(query, ds).items():
            st.session_state[key] = value
        st.session_state[_URL_WRITTEN] = query


def _write_url(values: Mapping[str, Any]) -> None:
    query = view_to_url(values)
    current = {k: st.query_params[k] for k in URL_KEYS if k in st.query_params}
    if query != current:
        for name in URL_KEYS:
            if name in st.query_params and name not in query:
                del st.query_params[name]
        st.query_params.update(query)
    st.session_state[_URL_WRITTEN] = query


# -- the selection -------------------------------------------------------------------------------------


def _selected() -> None:
    """The callback of the drawing: the clicked actors become the profile shown and the chosen partner."""
    ids = drawing.reported(GRAPH)
    actors = state.dataset().nodes["Actor"]
    ids = [i for i in ids if i in actors]  # the value comes from the browser (and groups are no actors)
    if not ids and st.session_state.get("net_group", "none") != "none":
        return
    st.session_state["net_focus"] = ids[0] if ids else None
    st.session_state["net_second"] = ids[1] if len(ids) > 1 else None
    st.session_state.pop("net_adding", None)


def _clear_selection() -> None:
    st.session_state["net_focus"] = None
    st.session_state["net_second"] = None
    st.session_state.pop("net_adding", None)


def _show_ego(actor: str) -> None:
    st.session_state["net_center"] = actor
    st.session_state["net_ego"] = True


def _edit(actor: str) -> None:
    # the Akteure page applies a pending choice before its select box exists (graph.ui.relations.choose)
    st.session_state["actor_chosen_pending"] = actor
    st.session_state["net_edit"] = True


def _add_partner() -> None:
    st.session_state["net_adding"] = True


# -- the page -------------------------------------------------------------------------------------------


def page() -> None:
    """Render the network page."""
    st.title("Netzwerk")
    st.caption(
        "Wer mit wem zusammenarbeitet: Punkte sind Akteure, Linien Kooperationen. Ein Klick auf einen Punkt zeigt "
        "sein Profil; das Mausrad zoomt."
    )
    try:
        ds = state.dataset()
        rev = state.revision()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    if st.session_state.pop("net_edit", False):
        st.switch_page(st.Page(entities.actors_page, title="Akteure", url_path="akteure"))
    _apply_url(ds)
    actors = service.actor_choices(ds)
    for key in ("net_focus", "net_second", "net_center"):  # an actor deleted meanwhile is no selection
        if st.session_state.get(key) is not None and st.session_state[key] not in actors:
            st.session_state[key] = None

    c1, c2, c3, c4, c5 = st.columns([2.2, 1, 1.1, 1.1, 0.8], vertical_alignment="bottom")
    focus = c1.selectbox(
        "Akteur suchen",
        [None, *actors],
        key="net_focus",
        format_func=lambda a: "–" if a is None else actors[a],
        placeholder="Akteur suchen",
    )
    color_by = (
        c2.selectbox(
            "Farbe nach", list(COLOR_LABELS), format_func=COLOR_LABELS.__getitem__, key="net_color", placeholder=CHOOSE
        )
        or "sector"
    )
    size_by = (
        c3.selectbox(
            "Größe nach", list(SIZE_LABELS), format_func=SIZE_LABELS.__getitem__, key="net_size", placeholder=CHOOSE
        )
        or "degree"
    )
    group_by = (
        c4.selectbox(
            "Zusammenfassen nach",
            list(GROUP_LABELS),
            key="net_group",
            placeholder=CHOOSE,
            format_func=GROUP_LABELS.__getitem__,
        )
        or "none"
    )
    active = sum(
        bool(st.session_state.get(k)) for k in ("net_sectors", "net_types", "net_areas", "net_edu", "net_committee")
    )
    with c5.popover(f"Filter ({active})" if active else "Filter", width="stretch"):
        sectors = st.multiselect(
            "Sektor",
            list(model.VOCABULARIES["sector"]),
            format_func=lambda k: model.vocab_label("sector", k),
            key="net_sectors",
            placeholder=CHOOSE_MANY,
        )
        types = st.multiselect(
            "Akteurstyp",
            list(model.VOCABULARIES["actor_type"]),
            format_func=lambda k: model.vocab_label("actor_type", k),
            key="net_types",
            placeholder=CHOOSE_MANY,
        )
        areas = service.area_choices(ds)
        chosen_areas = st.multiselect(
            "Gebiet", list(areas), format_func=lambda a: areas.get(a, a), key="net_areas", placeholder=CHOOSE_MANY
        )
        education = st.multiselect(
            "Bildungsbereich",
            list(model.VOCABULARIES["education_area"]),
            format_func=lambda k: model.vocab_label("education_area", k),
            key="net_edu",
            placeholder=CHOOSE_MANY,
        )
        committees = service.committee_choices(ds)
        committee = st.selectbox(
            "Gremium",
            [None, *committees],
            key="net_committee",
            placeholder=CHOOSE,
            format_func=lambda c: "alle" if c is None else committees[c],
        )
    # the drawing keeps its place in the page (elements above it never come and go), so that a rerun
    # updates it instead of drawing it anew
    left, right = st.columns([5, 3], gap="medium")
    with right:
        counts = st.empty()
        flash = st.session_state.pop("net_flash", None)
        if flash:
            st.success(flash)
        center = st.session_state.get("net_center") or focus
        ego, depth = False, 1
        if center and group_by == "none":
            ego = st.toggle(
                "Nur den Umkreis zeigen",
                key="net_ego",
                help=f"Nur {md(actors[center])} und wer in wenigen Schritten erreichbar ist",
            )
            if ego:
                depth = st.slider("Umkreis (Schritte)", 1, 3, key="net_depth")
                st.session_state["net_center"] = center  # later clicks select partners, the ego view stays put
            else:
                st.session_state["net_center"] = None
                center = None
    flt = service.NetworkFilter(
        sectors=tuple(sectors),
        actor_types=tuple(types),
        areas=tuple(chosen_areas),
        education_areas=tuple(education),
        committee=committee,
        center=center if ego else None,
        depth=depth,
    )
    _write_url({key: st.session_state.get(key) for key in (*URL_KEYS.values(), "net_ego")})
    try:
        built = built_view(rev, state.as_of(), flt, color_by, size_by, group_by, ds, state.analyses)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    view = built.view
    shown = count(view.nodes, "Akteur", "Akteure") if built.actors else count(view.nodes, "Gruppe", "Gruppen")
    counts.caption(f"{shown} · {count(view.edges, 'Kooperation', 'Kooperationen')}")
    second = st.session_state.get("net_second") if focus else None
    with left:
        drawing.network_graph(view.component_data([focus, second], height=HEIGHT), key=GRAPH, on_select=_selected)
        _downloads(ds, view, flt, color_by, size_by, focus, built.actors)
    with right:
        if not built.actors:
            st.info(
                "In der zusammengefassten Ansicht steht jeder Punkt für eine Gruppe von Akteuren. Für die "
                "Profile einzelner Akteure „keine Zusammenfassung“ wählen."
            )
        elif focus and (second or st.session_state.get("net_adding")):
            _pair(ds, actors, focus, second)
        elif focus:
            _profile(ds, focus)
        else:
            st.info(
                "Klicken Sie auf einen Punkt, um das Profil des Akteurs zu sehen. Mit Strg+Klick (am Tablet: lange "
                "drücken) wählen Sie einen zweiten Akteur dazu und können für beide eine Kooperation anlegen."
            )


def _downloads(
    ds: Any,
    view: NetworkView,
    flt: service.NetworkFilter,
    color_by: str,
    size_by: str,
    focus: str | None,
    actors: bool,
) -> None:
    """The current view to take away: the interactive page, and a picture with legend (PNG, SVG, PDF, PPTX)."""
    as_of = state.as_of()
    grouped = st.session_state.get("net_group", "none")
    aggregated = grouped if grouped in ("community", "area") else None
    ringed = focus if actors and focus in view.names else None

    def picture(fmt: str) -> Callable[[], bytes]:
        def make() -> bytes:
            with tempfile.TemporaryDirectory(prefix="bildungsnetz-bild-") as tmp:
                return service.network_picture(
                    ds,
                    as_of,
                    Path(tmp) / f"netzwerk.{fmt}",
                    flt=flt,
                    color_by=color_by,
                    size_by=size_by,
                    aggregate=aggregated,
                    focus=ringed,
                )

        return make

    row = st.container(horizontal=True, gap="small")
    row.download_button(
        "Ansicht als HTML herunterladen",
        lambda: view.page(focus).encode("utf-8"),
        file_name="netzwerk.html",
        mime="text/html",
        key="net_download",
    )
    mimes = {
        "png": "image/png",
        "svg": "image/svg+xml",
        "pdf": "application/pdf",
        "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    }
    for fmt, mime in mimes.items():
        row.download_button(
            "Folie (PPTX)" if fmt == "pptx" else f"Bild ({fmt.upper()})",
            picture(fmt),
            file_name=f"netzwerk.{fmt}",
            mime=mime,
            key=f"net_picture_{fmt}",
            help="Eine PowerPoint-Folie: Punkte, Linien, Namen und Legende lassen sich dort bearbeiten"
            if fmt == "pptx"
            else "Das Netz mit Legende, wie es gefiltert, eingefärbt und zusammengefasst ist",
        )
    with row.popover("Ansicht für Präsentation speichern", disabled=not state.may(Role.EDITOR)):
        from graph import slides

        # the slide shows exactly this: filter, colouring, size and the selected actor (if it is in the view)
        group_by = st.session_state.get("net_group", "none")
        shown = focus if actors and focus in view.names else None
        refusal = slides.unexportable(slides.SavedView("", flt, color_by, size_by, shown), group_by=group_by)
        if refusal:
            st.warning(refusal)
        caption = st.text_input("Bildunterschrift", key="net_caption", disabled=bool(refusal))
        if shown is not None:
            st.caption(f"Hervorgehoben: {md(ds.nodes['Actor'].get(shown, {}).get('name', shown))}")
        if st.button("Speichern", key="net_save_view", disabled=bool(refusal)):
            try:
                slides.add_view(
                    slides.SavedView(caption, flt, color_by, size_by, shown), store=state.store(), group_by=group_by
                )
            except BildungsnetzError as exc:
                state.show_error(exc)
            else:
                st.success("Gespeichert.")


def _profile(ds: Any, focus: str) -> None:
    """The profile of the selected actor: its record, its place in the network, partners, committees, offers."""
    L, G, central = _whole(state.revision(), state.as_of(), ds)
    profile = actor_profile(L, G, central, focus)
    name = ds.nodes["Actor"].get(focus, {}).get("name", focus)
    st.subheader(f"Details: {md(name)}")
    for label, text in profile.measures:
        st.markdown(f"**{label}:** {md(text)}")
    may_edit = state.may(Role.EDITOR)
    actions = st.container(horizontal=True, gap="small")
    actions.button(
        "Bearbeiten",
        key="net_edit_button",
        on_click=_edit,
        args=(focus,),
        disabled=not may_edit,
        help="Auf der Seite Akteure bearbeiten" if may_edit else "Nur mit der Rolle „Bearbeiten“",
    )
    actions.button(
        "Partner hinzufügen",
        key="net_add_partner",
        on_click=_add_partner,
        disabled=not may_edit,
        help="Eine Kooperation mit einem zweiten Akteur anlegen" if may_edit else "Nur mit der Rolle „Bearbeiten“",
    )
    actions.button(
        "Umkreis zeigen",
        key="net_ego_button",
        on_click=_show_ego,
        args=(focus,),
        help="Nur diesen Akteur und seine Partner zeigen",
    )
    facts, partners, committees, offers = st.tabs(
        [
            "Steckbrief",
            f"Partner ({len(profile.partners)})",
            f"Gremien ({len(profile.committees)})",
            f"Angebote ({len(profile.offers)})",
        ]
    )
    with facts:
        state.table(_facts(ds, focus), width="stretch")
    with partners:
        if profile.partners:
            table = pd.DataFrame(profile.partners).drop(columns=["id"])
            table.columns = ["Partner", "Sektor", "Intensität", "Arten", "Seit"]
            state.table(table, width="stretch")
        else:
            st.write("Keine Kooperationen am Stichtag.")
    with committees:
        if profile.committees:
            state.table(pd.DataFrame(profile.committees, columns=["Gremium", "Rolle"]), width="stretch")
        else:
            st.write("In keinem Gremium.")
    with offers:
        if profile.offers:
            state.table(pd.DataFrame(profile.offers, columns=["Angebot", "Rolle"]), width="stretch")
        else:
            st.write("Keine Angebote am Stichtag.")


def _facts(ds: Any, actor: str) -> pd.DataFrame:
    """The actor's record as (Merkmal, Wert) rows with German labels; Träger and Gebiet by name."""
    try:
        record = service.record_values(ds, "Actor", actor)
    except BildungsnetzError:
        record = {}
    institutions = {i: p.get("name", i) for i, p in ds.nodes["Institution"].items()}
    areas = service.area_choices(ds)
    rows = []
    for header, value in record.items():
        if header in HIDDEN_FIELDS:
            continue
        if header == "Traeger" and value:
            value = institutions.get(value, value)
        elif header == "Gebiet" and value:
            value = areas.get(value, value)
        elif header in ("Breitengrad", "Laengengrad") and value:
            value = value.replace(".", ",")  # the record's text has the decimal point of the exchange format
        rows.append((FIELD_LABELS.get(header, header), value or "–"))
    return pd.DataFrame(rows, columns=["Merkmal", "Wert"])


def _pair(ds: Any, actors: Mapping[str, str], focus: str, second: str | None) -> None:
    """Two actors chosen: offer to record their cooperation (intensity, kinds, since)."""
    st.subheader("Kooperation anlegen")
    others = [a for a in actors if a != focus]
    name = ds.nodes["Actor"].get(focus, {}).get("name", focus)
    st.markdown(f"**{md(name)}** und")
    chosen = st.selectbox(
        "Zweiter Akteur",
        [None, *others],
        key="net_second",
        format_func=lambda a: "–" if a is None else actors[a],
        placeholder="Akteur suchen",
        label_visibility="collapsed",
    )
    st.button("Auswahl aufheben", key="net_clear", on_click=_clear_selection)
    if not chosen:
        st.caption("Den zweiten Akteur hier suchen oder im Netz mit Strg+Klick (lange drücken) wählen.")
        return
    _, G, _ = _whole(state.revision(), state.as_of(), ds)
    if G.has_edge(focus, chosen):
        current = model.VOCABULARIES["intensity"].get(str(G.edges[focus, chosen].get("weight")), "")
        st.info(
            "Die beiden kooperieren bereits" + (f" (Intensität: {current})" if current else "") + ". Eine weitere "
            "Kooperation braucht einen eigenen Zeitraum; ändern lässt sich die bestehende auf der Seite Akteure."
        )
    if not state.may(Role.EDITOR):
        st.info("Ihre Rolle erlaubt nur das Lesen; Kooperationen anlegen dürfen Personen mit der Rolle „Bearbeiten“.")
        return
    with st.form(key="net_cooperation", border=True):
        intensity = st.selectbox(
            "Intensität",
            list(model.VOCABULARIES["intensity"]),
            index=None,
            format_func=lambda k: model.vocab_label("intensity", k),
            placeholder=CHOOSE,
            key="net_coop_intensity",
        )
        kinds = st.multiselect(
            "Arten",
            list(model.VOCABULARIES["cooperation_type"]),
            format_func=lambda k: model.vocab_label("cooperation_type", k),
            placeholder=CHOOSE_MANY,
            key="net_coop_types",
        )
        since = st.date_input("Seit", value=None, format="DD.MM.YYYY", key="net_coop_since")
        create = st.form_submit_button("Kooperation anlegen", type="primary")
    if create:
        values = {"intensity": intensity, "types": list(kinds), "since": since}
        try:
            save_cooperation(focus, chosen, values)
        except BildungsnetzError as exc:
            state.show_error(exc)
        else:
            other = ds.nodes["Actor"].get(chosen, {}).get("name", chosen)
            st.session_state["net_flash"] = f"Kooperation angelegt: {md(name)} und {md(other)}."
            for key in ("net_coop_intensity", "net_coop_types", "net_coop_since"):
                st.session_state.pop(key, None)
            st.rerun()


def save_cooperation(a: str, b: str, values: Mapping[str, Any]) -> None:
    """Record a new cooperation of ``a`` and ``b``: the one way the app creates cooperations.

    ``values``: ``intensity`` (vocabulary key or None), ``types`` (keys), ``since`` (date or None).
    :func:`graph.editing.create_cooperation` (the Kooperationen page's path) validates them exactly as a
    row of the sheet Kooperationen (an overlapping period of the pair is refused, naming it) and gives
    the cooperation its id; the store checks the role and writes only this one relationship.
    """
    editing.create_cooperation(state.store(), a, b, values)
