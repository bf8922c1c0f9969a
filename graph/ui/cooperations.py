"""Kooperationen: every cooperation of the district, searchable; create, edit, end and delete them by name."""

from __future__ import annotations

import streamlit as st

from graph import editing
from graph.auth import Role
from graph.dataset import Rel
from graph.errors import BildungsnetzError
from graph.ui import forms, relations, state
from graph.ui.texts import t

KEY = "coop"


def page() -> None:
    """Kooperationen."""
    st.title(t("Kooperationen"))
    st.caption(
        t(
            "Wer mit wem zusammenarbeitet, mit Art, Intensität und Zeitraum. Die Akteure werden per Namen gewählt; "
            "die ID entsteht von selbst. Endet eine Kooperation, wird sie beendet (sie bleibt als Verlauf erhalten), "
            "nicht gelöscht."
        )
    )
    try:
        ds = state.full_dataset()  # the records themselves, whatever the analyses count
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    search = st.text_input(t("Suche"), key=f"{KEY}_search", placeholder=t("Name, Art oder Datum"))
    table = editing.cooperations(ds, state.as_of(), search=search)
    total = sum(1 for r in ds.rels if r.type == "COOPERATES_WITH")
    st.caption(f"{len(table)} / {total}")
    shown = table.drop(columns=["id"])
    state.table(shown, height=360 if len(shown) > 8 else "auto")  # a short table leaves the form in view
    state.downloads(shown, "kooperationen", f"{KEY}-table")

    editor = state.may(Role.EDITOR)
    if not editor:
        st.info(t("Ihre Rolle erlaubt nur das Lesen; Änderungen sind der Rolle „Bearbeiten“ vorbehalten."))
    everything = editing.cooperations(ds, state.as_of())
    options = {
        row["id"]: f"{row['Akteur A']} – {row['Akteur B']} ({relations.period_words(row)})"
        for row in everything.to_dict("records")
    }
    forms.flash(KEY)
    chosen = relations.pick(
        t("Kooperation auswählen"),
        options,
        f"{KEY}_chosen",
        empty="– " + t("Neue Kooperation") + " –" if editor else "–",
        help=t("Zum Suchen einen Namen eintippen."),
        new=t("Neue Kooperation") if editor else None,
    )
    if chosen is None:
        if editor:
            st.subheader(t("Neue Kooperation"))

            def created(rel: Rel) -> None:
                forms.flash(KEY, t("Kooperation angelegt."))
                relations.choose(f"{KEY}_chosen", rel.props["id"])

            relations.create_form(
                "COOPERATES_WITH", f"{KEY}_new", ds, fixed={}, button="Kooperation anlegen", on_created=created
            )
        return
    relations.edit_section(
        "COOPERATES_WITH",
        f"{KEY}_edit_{chosen}",
        ds,
        editor=editor,
        lookup={"rel_id": chosen},
        chosen_key=f"{KEY}_chosen",
        flash_key=KEY,
        title=options[chosen],
    )
