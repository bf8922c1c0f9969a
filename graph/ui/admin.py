"""Verwaltung (admins only): users and roles, and the audit log."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from graph.audit import readable
from graph.auth import Role
from graph.errors import BildungsnetzError
from graph.ui import state
from graph.ui.texts import CHOOSE, t


def page() -> None:
    """Render the administration page."""
    st.title(t("Verwaltung"))
    if not state.may(Role.ADMIN):
        st.error(t("Diese Seite ist der Rolle „Verwalten“ vorbehalten."))
        return
    _users()
    st.divider()
    _audit()


def _users() -> None:
    st.subheader(t("Benutzer und Rollen"))
    st.caption(
        t(
            "Einträge hier gehen dem Rollen-Claim der Anmeldung vor. Lesen: alles ansehen; Bearbeiten: "
            "zusätzlich Daten pflegen und importieren; Verwalten: zusätzlich Benutzer, Protokoll und Datenschutz."
        )
    )
    store = state.store()
    try:
        users = store.users()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    table = pd.DataFrame(users, columns=["login", "role", "updated_at"])
    table["role"] = table["role"].map(lambda r: t(Role.parse(r).german))
    table["updated_at"] = table["updated_at"].map(lambda v: f"{v:%d.%m.%Y %H:%M}" if hasattr(v, "strftime") else v)
    state.table(
        table.rename(columns={"login": t("Anmeldung"), "role": t("Rolle"), "updated_at": t("Geändert")}),
        hide_index=True,
        width="stretch",
    )
    roles = list(Role)
    with st.form("admin_user_form"):
        login = st.text_input(t("Anmeldung (E-Mail-Adresse)"), key="admin_login")
        role = st.selectbox(t("Rolle"), roles, format_func=lambda r: t(r.german), key="admin_role", placeholder=CHOOSE)
        left, right = st.columns(2)
        save = left.form_submit_button(t("Speichern"), type="primary")
        remove = right.form_submit_button(t("Aus der Tabelle entfernen"))
    if save or remove:
        try:
            if save:
                store.set_user_role(login, role)
            else:
                store.remove_user(login)
        except BildungsnetzError as exc:
            state.show_error(exc)
        else:
            st.success(t("Gespeichert."))
            st.rerun()


def _audit() -> None:
    st.subheader(t("Protokoll"))
    st.caption(
        t(
            "Jede Änderung und jeder verweigerte Versuch: wer, wann, was, an welchem Objekt, welche Version – "
            "ohne Feldinhalte. Das Protokoll kann nur ergänzt, nicht geändert werden."
        )
    )
    store = state.store()
    try:
        entries = store.audit_log(limit=5000)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    table = readable(entries)
    state.table(table, height=420)
    # the file is made on click, and each export is itself entered in the log
    state.downloads(table, "protokoll", "audit", on_download=lambda: store.record("audit_export", role=Role.ADMIN))
