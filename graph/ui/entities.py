"""Akteure, Angebote, Gremien, Gebiete, Träger: searchable tables, profiles, and forms without IDs.

Pick a record by name to see its profile: its fields (Stammdaten) and, for an
actor, its partners, committees and offers; for a committee, its members; for
a Träger, the actors it runs. Forms show German labels and name pickers; a new
record's ID is made from its type and name. Every save is validated exactly
like the import; a save that would overwrite a newer change by someone else
is refused (optimistic concurrency on ``version``).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from graph import editing, model, service
from graph.auth import Role
from graph.dataset import Dataset
from graph.errors import BildungsnetzError, ConflictError
from graph.ui import forms, relations, state
from graph.ui.texts import md, t

#: What each page says under its title.
CAPTIONS = {
    "Actor": "Einen Akteur per Namen wählen: Stammdaten, Kooperationen, Gremien und Angebote ansehen und bearbeiten.",
    "Offer": "Ein Angebot per Titel wählen oder neu anlegen; die Anbieter werden per Namen gewählt.",
    "Committee": "Ein Gremium per Namen wählen: Stammdaten und Mitglieder ansehen und bearbeiten.",
    "Area": "Kreis, Gemeinden und Sozialräume; Akteure, Angebote und Gremien werden ihnen zugeordnet.",
    "Institution": "Die Träger der Einrichtungen; welcher Träger einen Akteur trägt, steht in dessen Stammdaten.",
}
SAVED_NOTE = (
    "Änderungen werden wie beim Import geprüft; hat jemand anderes den Eintrag inzwischen geändert, wird nichts "
    "überschrieben."
)
VIEWER_NOTE = "Ihre Rolle erlaubt nur das Lesen; Änderungen sind der Rolle „Bearbeiten“ vorbehalten."


def actors_page() -> None:
    """Akteure."""
    _entity_page("Actor", "Akteure")


def offers_page() -> None:
    """Angebote."""
    _entity_page("Offer", "Angebote")


def committees_page() -> None:
    """Gremien."""
    _entity_page("Committee", "Gremien")


def areas_page() -> None:
    """Gebiete."""
    _entity_page("Area", "Gebiete")


def institutions_page() -> None:
    """Träger."""
    _entity_page("Institution", "Träger")


def _entity_page(label: str, title: str) -> None:
    st.title(t(title))
    st.caption(t(CAPTIONS[label]) + " " + t(SAVED_NOTE))
    try:
        ds = state.full_dataset()  # the records themselves, whatever the analyses count
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    prefix = label.lower()
    search = st.text_input(t("Suche"), key=f"{prefix}_search", placeholder=t("Suche"))
    table = service.entity_table(ds, label, search=search)
    st.caption(f"{len(table)} / {len(ds.nodes[label])}")
    state.table(table, height=360 if len(table) > 8 else "auto")  # a short table leaves the form in view
    state.downloads(table, title.lower(), f"{prefix}-table")

    editor = state.may(Role.EDITOR)  # the store refuses a viewer's write anyway; no form to fill in vain
    if not editor:
        st.info(t(VIEWER_NOTE))
    names = editing.choices(ds, label)
    forms.flash(prefix)
    singular = model.NODE_LABELS[label]
    chosen = relations.pick(
        t(f"{singular} auswählen"),
        names,
        f"{prefix}_chosen",
        empty="– " + t("Neu anlegen") + " –" if editor else "–",
        help=t("Zum Suchen einen Namen eintippen."),
        new=t("Neu anlegen") if editor else None,
    )
    if chosen is None:
        if editor:
            st.subheader(t("Neu anlegen"))
            _record_form(label, None, prefix, ds)
        return
    _profile(label, chosen, prefix, ds, editor=editor)


# -- the profile ------------------------------------------------------------------------------------


def _profile(label: str, node_id: str, prefix: str, ds: Dataset, *, editor: bool) -> None:
    props = ds.nodes[label].get(node_id, {})
    st.subheader(md(props.get(model.NAME_PROPERTY[label], node_id)))
    line = editing.summary(ds, label, node_id)
    if line:
        st.caption(md(line))
    sections: dict[str, Callable[[], None]] = {
        "Stammdaten": lambda: _record_section(label, node_id, prefix, ds, editor)
    }
    if label == "Actor":
        sections["Kooperationen"] = lambda: relations.partners_section(ds, node_id, editor=editor)
        sections["Gremien"] = lambda: relations.memberships_section(ds, actor=node_id, editor=editor)
        sections["Angebote"] = lambda: _offers_section(ds, node_id)
    elif label == "Committee":
        sections["Mitglieder"] = lambda: relations.memberships_section(ds, committee=node_id, editor=editor)
    elif label == "Institution":
        sections["Akteure"] = lambda: _table(editing.run_by(ds, node_id), "Dieser Träger trägt noch keinen Akteur.")
    if len(sections) == 1:
        sections["Stammdaten"]()
        return
    # the open tab is kept across reruns (a save, another actor) and only its content runs
    tabs = st.tabs([t(name) for name in sections], key=f"{prefix}_tab", on_change="rerun")
    for (_, show), tab in zip(sections.items(), tabs, strict=True):
        if tab.open is False:
            continue
        with tab:
            show()


def _table(frame: pd.DataFrame, empty: str) -> None:
    if frame.empty:
        st.info(t(empty))
    else:
        state.table(frame.drop(columns=["id"]))


def _offers_section(ds: Dataset, actor: str) -> None:
    _table(editing.offers_of(ds, actor, state.as_of()), "Dieser Akteur bietet noch kein Angebot an.")
    st.caption(
        t(
            "Angebote werden auf der Seite „Angebote“ angelegt und bearbeitet; dort wird dieser Akteur als Anbieter "
            "per Namen gewählt (der erste Anbieter ist federführend)."
        )
    )


def _record_section(label: str, node_id: str, prefix: str, ds: Dataset, editor: bool) -> None:
    if editor:
        _record_form(label, node_id, prefix, ds)
    else:
        rows = editing.display_rows(ds, label, node_id)
        state.table(pd.DataFrame(rows, columns=[t("Angabe"), t("Wert")]))
    with st.expander(t("ID")):
        st.caption(t("Die ID verknüpft den Eintrag beim Import und Export (Excel); sie wird nie geändert."))
        st.code(node_id, language=None)


# -- the form ----------------------------------------------------------------------------------------


def _record_form(label: str, node_id: str | None, prefix: str, ds: Dataset) -> None:
    store = state.store()
    # the version the editor started from is kept until the save: re-reading it at submit time would
    # let a stale form overwrite someone else's newer change
    version_key = f"{prefix}_version_{node_id}"
    try:
        if node_id and version_key not in st.session_state:
            st.session_state[version_key] = store.node_version(label, node_id)
        version = st.session_state.get(version_key) if node_id else None
        values = editing.form_fields(ds, label, node_id) if node_id else {}
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    if st.session_state.get(f"{prefix}_stale_{node_id}"):
        _stale_notice(prefix, node_id)
    nonce = st.session_state.get(f"{prefix}_new", 0)
    errors = forms.FieldErrors()
    with st.form(key=f"{prefix}_form_{node_id or 'new'}"):
        if not node_id:
            st.caption(t("Die ID wird aus Typ und Name gebildet. Pflichtangaben sind mit * markiert."))
        entered = forms.record_fields(
            label,
            values,
            key=f"{prefix}_{node_id or 'new'}_{version if node_id else nonce}",
            ds=ds,
            errors=errors,
            node_id=node_id,
        )
        save = st.form_submit_button(t("Speichern"), type="primary")
    if save:
        try:
            new_id = editing.save_record(store, label, entered, node_id=node_id, expected_version=version)
        except BildungsnetzError as exc:
            errors.show(exc)
            if isinstance(exc, ConflictError):
                st.session_state[f"{prefix}_stale_{node_id}"] = True
                _stale_notice(prefix, node_id)
        else:
            _forget(prefix, new_id)
            if not node_id:
                st.session_state[f"{prefix}_new"] = nonce + 1
            forms.flash(prefix, t("Gespeichert.") if node_id else t("Angelegt."))
            relations.choose(f"{prefix}_chosen", new_id)
            st.rerun()
    if node_id:
        warning = t("Wirklich löschen? Der Eintrag verschwindet mit allen seinen Beziehungen")
        if label == "Actor":
            warning += t(" (Kooperationen, Mitgliedschaften, Angebotsbeteiligungen)")
        if forms.confirm(f"{prefix}_delete_{node_id}", t("Löschen …"), warning + ".", t("Endgültig löschen")):
            try:
                store.delete_node(label, node_id, int(version or 0))
            except BildungsnetzError as exc:
                state.show_error(exc)
            else:
                _forget(prefix, node_id)
                forms.flash(prefix, t("Gelöscht."))
                relations.choose(f"{prefix}_chosen", None)
                st.rerun()


def _forget(prefix: str, node_id: str | None) -> None:
    """Drop what the form remembered of a record (its version and entered values): the next view reloads it."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(f"{prefix}_") and key.endswith(f"_{node_id}"):
            del st.session_state[key]


def _stale_notice(prefix: str, node_id: str | None) -> None:
    """Offer to reload a record someone else changed meanwhile."""
    st.warning(
        t("Dieser Eintrag wurde inzwischen geändert. Laden Sie den aktuellen Stand, bevor Sie weiter bearbeiten.")
    )
    if st.button(t("Neu laden"), key=f"{prefix}_reload_{node_id}"):
        _forget(prefix, node_id)
        st.rerun()
