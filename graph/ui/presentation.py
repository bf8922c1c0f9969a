"""Präsentation: saved network views stepped through one by one, exported as PDF slides or an HTML deck."""

from __future__ import annotations

import datetime as dt
from typing import Any

import streamlit as st

from graph import slides
from graph.auth import Role
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.network import _view
from graph.ui.texts import lang, md, t


@st.cache_data(show_spinner=False, max_entries=4)
def _export(rev: str, as_of: dt.date, views: tuple[slides.SavedView, ...], anonymous: bool, fmt: str) -> bytes:
    ds = state._dataset(rev)
    if fmt == "pdf":
        return slides.slides_pdf(ds, as_of, list(views), anonymous=anonymous)
    return slides.slides_html(ds, as_of, list(views), anonymous=anonymous).encode("utf-8")


def page() -> None:
    """Render the presentation page."""
    st.title(t("Präsentation"))
    st.caption(
        t(
            "Gespeicherte Ansichten der Netzwerk-Seite nacheinander zeigen – im Browser (Taste F11 für "
            "Vollbild) oder als PDF-Folien und als HTML-Präsentation zum Mitnehmen."
        )
    )
    try:
        views = slides.load_views(state.store())
        rev = state.revision()
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
    index = min(st.session_state.get("slide", 0), len(views) - 1)
    view = views[index]
    c1, c2, c3 = st.columns([1, 6, 1])
    if c1.button("◀", key="slide_prev", width="stretch"):
        st.session_state["slide"] = (index - 1) % len(views)
        st.rerun()
    c2.subheader(f"{index + 1} / {len(views)}: {md(view.caption)}")
    if c3.button("▶", key="slide_next", width="stretch"):
        st.session_state["slide"] = (index + 1) % len(views)
        st.rerun()
    try:
        html, *_ = _view(
            rev, state.as_of(), view.filter, view.color_by, view.size_by, view.filter.center, "none", lang()
        )
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    st.iframe(html, height=760)
    with st.expander(t("Ansichten verwalten und exportieren"), expanded=False):
        editor = state.may(Role.EDITOR)
        for i, item in enumerate(views):
            a, b, c, d = st.columns([6, 1, 1, 1])
            a.write(f"{i + 1}. {md(item.caption)}")
            change: tuple[Any, tuple[Any, ...]] | None = None
            if b.button("↑", key=f"up_{item.id}", disabled=i == 0 or not editor):
                change = (slides.move_view, (item.id, -1))
            if c.button("↓", key=f"down_{item.id}", disabled=i == len(views) - 1 or not editor):
                change = (slides.move_view, (item.id, 1))
            if d.button("✕", key=f"del_{item.id}", help=t("Löschen"), disabled=not editor):
                change = (slides.remove_view, (item.id,))
            if change is not None:
                func, args = change
                try:
                    func(*args, store=state.store())
                except BildungsnetzError as exc:
                    state.show_error(exc)
                else:
                    st.session_state["slide"] = 0
                    st.rerun()
        anonymous = st.toggle(t("Anonymisiert (Typ und Gebietskürzel statt Namen)"), key="slides_anonymous")
        if st.button(t("Folien erstellen"), key="slides_make"):
            st.session_state["slides_ready"] = True
        if st.session_state.get("slides_ready"):
            left, right = st.columns(2)
            try:
                left.download_button(
                    t("Folien als PDF"),
                    _export(rev, state.as_of(), tuple(views), anonymous, "pdf"),
                    file_name="praesentation.pdf",
                    mime="application/pdf",
                    key="slides_pdf",
                    width="stretch",
                )
                right.download_button(
                    t("Präsentation als HTML"),
                    _export(rev, state.as_of(), tuple(views), anonymous, "html"),
                    file_name="praesentation.html",
                    mime="text/html",
                    key="slides_html",
                    width="stretch",
                )
            except BildungsnetzError as exc:
                state.show_error(exc)
