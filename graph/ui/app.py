"""Navigation and the shared sidebar; ``streamlit_app.py`` calls these."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import streamlit as st

from graph.auth import Principal, Role
from graph.errors import BildungsnetzError
from graph.ui.texts import md, t

#: A local favicon: a Material icon name would make the browser fetch it from Google's font servers.
FAVICON = str(Path(__file__).parent / "static" / "favicon.png")

_PAGES: dict[str, st.Page] = {}


SECTIONS = {
    "Start": ("overview", "network"),
    "Analysen": ("brokers", "gaps", "duplicates", "committee_map", "links", "change"),
    "Präsentieren": ("presentation", "reports"),
    "Befragung": ("survey", "survey_review", "selfcheck"),
    "Daten pflegen": ("actors", "cooperations", "committees", "offers", "areas", "institutions", "data", "admin"),
}


#: The pages whose figures, pictures and reports follow the setting „nur bestätigte Kooperationen“ (and say so).
ANALYSIS_PAGES = (
    "overview",
    "network",
    "brokers",
    "gaps",
    "duplicates",
    "committee_map",
    "links",
    "change",
    "presentation",
    "reports",
)


def _noted(func: Callable[[], None]) -> Callable[[], None]:
    """The page ``func`` with a caption on top naming what the analyses are restricted to (when they are)."""

    def page() -> None:
        from graph.ui import state

        state.mark_analysis_page()
        try:
            note = state.basis_note()
        except BildungsnetzError:  # the page itself shows the error
            note = ""
        if note:
            st.caption(f":material/verified: {md(note)} – {t('einseitige Angaben aus Befragungen zählen nicht')}")
        func()

    page.__name__ = func.__name__
    page.__doc__ = func.__doc__
    return page


def pages(default: str = "overview", who: Principal | None = None) -> dict[str, list[st.Page]]:
    """Create the pages of the app, grouped in sections (German titles); remember them for links.

    ``default`` is the page shown at the root URL (tests open any page this way). The
    administration page is listed for admins only (and checks the role itself).
    """
    from graph.ui import (
        admin,
        brokers,
        change,
        committees,
        cooperations,
        data,
        duplicates,
        entities,
        gaps,
        links,
        network,
        overview,
        presentation,
        reports,
        selfcheck,
        survey,
    )

    spec = {
        "overview": (overview.page, "Überblick", "ueberblick", ":material/dashboard:"),
        "network": (network.page, "Netzwerk", "netzwerk", ":material/hub:"),
        "actors": (entities.actors_page, "Akteure", "akteure", ":material/groups:"),
        "offers": (entities.offers_page, "Angebote", "angebote", ":material/school:"),
        "committees": (entities.committees_page, "Gremien", "gremien", ":material/meeting_room:"),
        "cooperations": (cooperations.page, "Kooperationen", "kooperationen", ":material/handshake:"),
        "areas": (entities.areas_page, "Gebiete", "gebiete", ":material/map:"),
        "institutions": (entities.institutions_page, "Träger", "traeger", ":material/account_balance:"),
        "brokers": (brokers.page, "Broker & Risiken", "broker", ":material/share:"),
        "gaps": (gaps.page, "Lücken", "luecken", ":material/grid_on:"),
        "duplicates": (duplicates.page, "Doppelstrukturen", "doppelstrukturen", ":material/content_copy:"),
        "committee_map": (committees.page, "Gremienlandkarte", "gremienlandkarte", ":material/account_tree:"),
        "links": (links.page, "Fehlende Verbindungen & Konferenz", "verbindungen", ":material/add_link:"),
        "change": (change.page, "Zeitvergleich", "zeitvergleich", ":material/timeline:"),
        "presentation": (presentation.page, "Präsentation", "praesentation", ":material/slideshow:"),
        "reports": (reports.page, "Berichte", "berichte", ":material/description:"),
        "survey": (survey.page, "Befragung", "befragung", ":material/forum:"),
        "survey_review": (survey.review_page, "Befragung prüfen", "befragung-pruefen", ":material/fact_check:"),
        "selfcheck": (selfcheck.links_page, "Selbstauskunft", "selbstauskunft", ":material/link:"),
        "data": (data.page, "Daten", "daten", ":material/database:"),
        "admin": (admin.page, "Verwaltung", "verwaltung", ":material/admin_panel_settings:"),
    }
    _PAGES.clear()
    for key, (func, title, url, icon) in spec.items():
        shown_func = _noted(func) if key in ANALYSIS_PAGES else func
        _PAGES[key] = st.Page(shown_func, title=t(title), url_path=url, icon=icon, default=key == default)
    shown = [key for key in _PAGES if key != "admin" or (who is not None and who.may(Role.ADMIN))]
    return {t(section): [_PAGES[key] for key in keys if key in shown] for section, keys in SECTIONS.items()}


def link(key: str, label: str) -> None:
    """A link to another page of the app."""
    st.page_link(_PAGES[key], label=label)


def gate() -> Principal:
    """Login (or single-user local mode); stops the script for anyone without access."""
    from graph.ui import auth, selfcheck, state

    state.new_run()
    if selfcheck.routed():  # a self-check link (?auskunft=…): only that page, no login, no navigation
        selfcheck.actor_page()
    state.require_database()
    return auth.gate()


def sidebar(who: Principal | None = None) -> None:
    """The shared sidebar: account, reference date, comparison date, data revision (the app speaks German)."""
    with st.sidebar:
        if who is not None:
            from graph.ui import auth

            auth.sidebar_account(who)
        st.date_input(t("Stichtag"), value=dt.date.today(), key="as_of", format="DD.MM.YYYY")
        st.date_input(
            t("Vergleich ab"), value=dt.date.today() - dt.timedelta(days=365), key="since", format="DD.MM.YYYY"
        )
        st.toggle(
            t("Nur bestätigte Kooperationen"),
            key="confirmed_only",
            help=t(
                "Analysen, Bilder und Berichte zählen dann nur Kooperationen, die beide Seiten genannt oder "
                "bestätigt haben (einseitige Angaben aus Befragungen bleiben außen vor); jede Ausgabe sagt es."
            ),
        )
        try:
            from graph.ui import state

            st.caption(f"{t('Datenstand')}: Nr. {state.store_revision().rsplit(':', 1)[-1]}")
        except Exception as exc:
            st.caption(md(exc))
