"""Präsentation: the saved network views as slides, one by one, full screen; exported as PDF, HTML or PowerPoint.

The page shows the very slides the exports contain (:func:`graph.slides.slide_pngs`), so what the
steering committee sees in the meeting is what it takes home. "Vollbild" and the arrow keys come
from the slide component (:mod:`graph.ui.components.deck`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from graph import slides
from graph.auth import Role
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.components import deck
from graph.ui.texts import md, t

#: Key of the slide component.
DECK = "slides_deck"
FORMATS = {
    "pdf": ("Folien als PDF", "praesentation.pdf", "application/pdf"),
    "html": ("Präsentation als HTML", "praesentation.html", "text/html"),
    "pptx": (
        "Präsentation als PowerPoint",
        "praesentation.pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ),
}


@st.cache_data(show_spinner=False, max_entries=4)
def _pngs(rev: str, as_of: dt.date, views: tuple[slides.SavedView, ...], anonymous: bool) -> list[bytes]:
    return slides.slide_pngs(state.dataset(), as_of, list(views), anonymous=anonymous)


@st.cache_data(show_spinner=False, max_entries=4)
def _export(rev: str, as_of: dt.date, views: tuple[slides.SavedView, ...], anonymous: bool, fmt: str) -> bytes:
    ds = state.dataset()
    if fmt == "pdf":
        return slides.slides_pdf(ds, as_of, list(views), anonymous=anonymous)
    if fmt == "pptx":
        return slides.slides_pptx(ds, as_of, list(views), anonymous=anonymous)
    return slides.deck_html(list(views), _pngs(rev, as_of, views, anonymous)).encode("utf-8")  # the slides shown


def _step(total: int) -> None:
    """The callback of the slide component: go one slide back or forward."""
    st.session_state["slide"] = (st.session_state.get("slide", 0) + deck.step(DECK)) % total


def page() -> None:
    """Render the presentation page."""
    st.title(t("Präsentation"))
    st.caption(
        t(
            "Gespeicherte Ansichten der Netzwerk-Seite als Folien: „Vollbild“ über der Folie, weiter und zurück "
            "mit den Pfeiltasten. Zum Mitnehmen als PDF, als HTML-Präsentation oder als PowerPoint."
        )
    )
    try:
        views = slides.load_views(state.store())
        rev = state.revision()
        ds = state.dataset()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    if not views:
        st.info(
            t(
                "Noch keine Ansichten gespeichert: Auf der Seite Netzwerk eine Ansicht einstellen und mit "
                "„Ansicht für Präsentation speichern“ sichern."
            )
        )
        return
    anonymous = st.toggle(
        t("Anonymisiert (Typ und Gebietskürzel statt Namen)"),
        key="slides_anonymous",
        help=t("Gilt für die Folien hier und für alle Exporte."),
    )
    problems = slides.caption_problems(ds, views) if anonymous else []
    if problems:
        st.warning(
            t("Anonymisiert lässt sich die Präsentation so nicht zeigen oder exportieren:")
            + "\n\n"
            + "\n".join(f"- {md(p)}" for p in problems)
            + "\n\n"
            + t("Bitte die Bildunterschrift unten unter „Ansichten verwalten“ ändern.")
        )
    index = min(st.session_state.get("slide", 0), len(views) - 1)
    view = views[index]
    c1, c2, c3 = st.columns([1, 6, 1])
    if c1.button("◀", key="slide_prev", width="stretch", help=t("Vorherige Folie (Pfeiltaste links)")):
        st.session_state["slide"] = index = (index - 1) % len(views)
        view = views[index]
    if c3.button("▶", key="slide_next", width="stretch", help=t("Nächste Folie (Pfeiltaste rechts)")):
        st.session_state["slide"] = index = (index + 1) % len(views)
        view = views[index]
    c2.subheader(f"{index + 1} / {len(views)}: {md(view.caption)}")
    if not problems:
        try:
            with st.spinner(t("Die Folien werden gezeichnet …")):
                pngs = _pngs(rev, state.as_of(), tuple(views), anonymous)
        except BildungsnetzError as exc:
            state.show_error(exc)
        else:
            deck.slide_show(
                deck.slide_data(pngs[index], view.caption, index + 1, len(views)),
                key=DECK,
                on_step=lambda: _step(len(views)),
            )
    _manage(views)
    _downloads(rev, views, anonymous, blocked=bool(problems))


def _manage(views: list[slides.SavedView]) -> None:
    """Order, captions and deletion of the saved views (editor role)."""
    with st.expander(t("Ansichten verwalten"), expanded=False):
        editor = state.may(Role.EDITOR)
        for i, item in enumerate(views):
            a, b, c, d, e = st.columns([6, 1, 1, 1, 1], vertical_alignment="bottom")
            caption = a.text_input(
                t("Bildunterschrift von Folie {n}").format(n=i + 1),
                value=item.caption,
                key=f"caption_{item.id}",
                disabled=not editor,
            )
            change: tuple[Any, tuple[Any, ...]] | None = None
            if b.button(
                t("Ändern"), key=f"rename_{item.id}", disabled=not editor or caption.strip() == item.caption.strip()
            ):
                change = (slides.set_caption, (item.id, caption))
            if c.button("↑", key=f"up_{item.id}", disabled=i == 0 or not editor):
                change = (slides.move_view, (item.id, -1))
            if d.button("↓", key=f"down_{item.id}", disabled=i == len(views) - 1 or not editor):
                change = (slides.move_view, (item.id, 1))
            if e.button("✕", key=f"del_{item.id}", help=t("Löschen"), disabled=not editor):
                change = (slides.remove_view, (item.id,))
            if change is not None:
                func, args = change
                try:
                    func(*args, store=state.store())
                except BildungsnetzError as exc:
                    state.show_error(exc)
                else:
                    if func is not slides.set_caption:
                        st.session_state["slide"] = 0
                    st.rerun()


def _downloads(rev: str, views: list[slides.SavedView], anonymous: bool, *, blocked: bool) -> None:
    """The exports: PDF slides, the offline HTML deck, the PowerPoint file (the toggle above says anonymised)."""
    st.subheader(t("Exportieren"))
    if blocked:
        st.caption(t("Anonymisierte Exporte sind gesperrt, solange eine Bildunterschrift einen Akteur nennt."))
        return
    if st.button(t("Folien erstellen"), key="slides_make"):
        st.session_state["slides_ready"] = True
    if st.session_state.get("slides_ready"):
        row = st.columns(len(FORMATS))
        for column, (fmt, (label, file_name, mime)) in zip(row, FORMATS.items(), strict=True):
            try:
                column.download_button(
                    t(label),
                    _export(rev, state.as_of(), tuple(views), anonymous, fmt),
                    file_name=file_name,
                    mime=mime,
                    key=f"slides_{fmt}",
                    width="stretch",
                )
            except BildungsnetzError as exc:
                state.show_error(exc)
                return
