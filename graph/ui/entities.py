"""Akteure, Angebote, Gremien: searchable tables; create, edit and delete with forms.

Forms are validated exactly like the import; a save that would overwrite a
newer change by someone else is refused (optimistic concurrency on ``version``).
"""

from __future__ import annotations

import streamlit as st

from graph import model, service
from graph.auth import Role
from graph.errors import BildungsnetzError, ConflictError
from graph.ui import state
from graph.ui.texts import CHOOSE, t

#: Column headers as a form shows them (the exchange format spells umlauts out).
DISPLAY = {
    "Traeger": "Träger",
    "Traegerart": "Trägerart",
    "Laengengrad": "Längengrad",
    "Gueltig ab": "Gültig ab",
    "Gueltig bis": "Gültig bis",
    "Uebergaenge": "Übergänge",
    "Intensitaet": "Intensität",
    "Bestaetigt": "Bestätigt",
    "Foerderprogramm": "Förderprogramm",
    "Loeschen bis": "Löschen bis",
}


def actors_page() -> None:
    """Akteure."""
    _entity_page("Actor", "Akteure")


def offers_page() -> None:
    """Angebote."""
    _entity_page("Offer", "Angebote")


def committees_page() -> None:
    """Gremien."""
    _entity_page("Committee", "Gremien")


def _entity_page(label: str, title: str) -> None:
    st.title(t(title))
    st.caption(
        t(
            "Suchen, ansehen, bearbeiten. Änderungen werden wie beim Import geprüft; hat jemand anderes den "
            "Eintrag inzwischen geändert, wird nichts überschrieben."
        )
    )
    try:
        ds = state.dataset()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    prefix = label.lower()
    search = st.text_input(t("Suche"), key=f"{prefix}_search", placeholder=t("Suche"))
    table = service.entity_table(ds, label, search=search)
    st.caption(f"{len(table)} / {len(ds.nodes[label])}")
    state.table(table, height=360)
    state.downloads(table, title.lower(), f"{prefix}-table")

    if not state.may(Role.EDITOR):  # the store refuses a viewer's write anyway; no form to fill in vain
        st.info(t("Ihre Rolle erlaubt nur das Lesen; Änderungen sind der Rolle „Bearbeiten“ vorbehalten."))
        return
    names = {nid: f"{props.get(model.NAME_PROPERTY[label], nid)} ({nid})" for nid, props in ds.nodes[label].items()}
    pending = st.session_state.pop(f"{prefix}_pending", "unset")
    if pending != "unset":  # a selection set by the last save or delete, applied before the widget exists
        st.session_state[f"{prefix}_chosen"] = pending
    flash = st.session_state.pop(f"{prefix}_flash", None)
    if flash:
        st.success(flash)
    options = [None, *sorted(names, key=lambda n: names[n].lower())]
    chosen = st.selectbox(
        t("Eintrag auswählen"),
        options,
        key=f"{prefix}_chosen",
        placeholder=CHOOSE,
        format_func=lambda n: "– " + t("Neu anlegen") + " –" if n is None else names[n],
    )
    _form(label, chosen, prefix)


def _form(label: str, node_id: str | None, prefix: str) -> None:
    store = state.store()
    # the version the editor started from is kept until the save: re-reading it at submit time would
    # let a stale form overwrite someone else's newer change
    version_key = f"{prefix}_version_{node_id}"
    try:
        if node_id and version_key not in st.session_state:
            st.session_state[version_key] = store.node_version(label, node_id)
        version = st.session_state.get(version_key) if node_id else None
        values = service.record_values(state.dataset(), label, node_id) if node_id else {}
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    if st.session_state.get(f"{prefix}_stale_{node_id}"):
        _stale_notice(prefix, node_id)
    heading = t("Bearbeiten") if node_id else t("Neu anlegen")
    with st.form(key=f"{prefix}_form_{node_id or 'new'}"):
        st.subheader(heading)
        entered: dict[str, str] = {}
        columns = service.editable_columns(label)
        grid = st.columns(2)
        for i, column in enumerate(columns):
            help_text = column.help or None
            if column.vocab:
                allowed = ", ".join(model.VOCABULARIES[column.vocab].values())
                help_text = (help_text + " – " if help_text else "") + allowed
            entered[column.header] = grid[i % 2].text_input(
                DISPLAY.get(column.header, column.header) + (" *" if column.required else ""),
                value=values.get(column.header, ""),
                key=f"{prefix}_{column.field}_{node_id or 'new'}_{version}",
                help=help_text,
                disabled=bool(node_id) and column.kind == "id",
            )
        save = st.form_submit_button(t("Speichern"), type="primary")
    if save:
        try:
            known = store.ids()
            new_id, props, owned = service.parse_record(label, entered, known)
            store.save_node(label, new_id, props, owned, version if node_id else None)
        except BildungsnetzError as exc:
            state.show_error(exc)
            if isinstance(exc, ConflictError):
                st.session_state[f"{prefix}_stale_{node_id}"] = True
                _stale_notice(prefix, node_id)
        else:
            _forget(prefix, new_id)
            st.session_state[f"{prefix}_flash"] = t("Gespeichert.")
            st.session_state[f"{prefix}_pending"] = new_id
            st.rerun()
    if node_id:
        with st.popover(t("Löschen")):
            st.write(t("Wirklich löschen?"))
            if st.button(t("Löschen"), key=f"{prefix}_delete_{node_id}", type="primary"):
                try:
                    store.delete_node(label, node_id, int(version or 0))
                except BildungsnetzError as exc:
                    state.show_error(exc)
                else:
                    _forget(prefix, node_id)
                    st.session_state[f"{prefix}_flash"] = t("Gelöscht.")
                    st.session_state[f"{prefix}_pending"] = None
                    st.rerun()


def _forget(prefix: str, node_id: str | None) -> None:
    """Drop what the form remembered of a record (its version and entered values): the next view reloads it."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(f"{prefix}_") and key.endswith(f"_{node_id}"):
            del st.session_state[key]


def _stale_notice(prefix: str, node_id: str | None) -> None:
    """Offer to reload a record someone else changed meanwhile."""
    st.warning("Dieser Eintrag wurde inzwischen geändert. Laden Sie den aktuellen Stand, bevor Sie weiter bearbeiten.")
    if st.button(t("Neu laden"), key=f"{prefix}_reload_{node_id}"):
        _forget(prefix, node_id)
        st.rerun()
