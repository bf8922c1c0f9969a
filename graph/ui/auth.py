"""Login and the acting person in the app: OpenID Connect through ``st.login``, or single-user local mode.

With an ``[auth]`` section in ``.streamlit/secrets.toml`` the app asks everyone
to log in with the county's identity provider; the role comes from the user
table, the token claim or the default role (:mod:`graph.auth`). Without it the
app runs in single-user local mode for one person on a laptop: no login, the
operating-system user acts as admin, and the app refuses to serve any address
other than the loopback interface.
"""

from __future__ import annotations

import ipaddress

import streamlit as st

from graph.auth import Principal, Role, local_principal, login_name, resolve
from graph.ui.texts import t


def oidc_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` has an ``[auth]`` section (then everyone logs in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False


def loopback_only() -> bool:
    """Whether the server listens on the loopback interface only (``--server.address``)."""
    address = st.get_option("server.address")
    if not address:
        return False  # Streamlit's default: every interface
    if address == "localhost":
        return True
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@st.cache_data(ttl=10, show_spinner=False)
def _table_role(login: str) -> Role | None:
    from graph.ui import state

    return state.shared_store().user_role(login)


def principal() -> Principal | None:
    """The person using this session, or None if nobody is logged in (or local mode is not allowed)."""
    if not oidc_configured():
        return local_principal("local") if loopback_only() else None
    if not st.user.is_logged_in:
        return None
    claims = st.user.to_dict()
    login = login_name(claims)
    if login is None:
        return None
    return resolve(claims, _table_role(login))


def gate() -> Principal:
    """Let in whoever may use the app; stop the script with a German page for everyone else."""
    if not oidc_configured():
        if loopback_only():
            return local_principal("local")
        st.title("Bildungsnetz")
        st.error(
            t(
                "Ohne Anmeldung läuft Bildungsnetz nur auf diesem Rechner. Starten Sie die App mit "
                "„bildungsnetz serve“ (Adresse 127.0.0.1) oder richten Sie die Anmeldung ein "
                "(README, Abschnitt Betrieb auf einem Server)."
            )
        )
        st.stop()
    if not st.user.is_logged_in:
        st.title("Bildungsnetz")
        st.write(t("Bitte melden Sie sich mit dem Konto Ihrer Verwaltung an."))
        st.button(t("Anmelden"), type="primary", on_click=st.login, key="login")
        st.stop()
    who = principal()
    if who is None or who.role is None:
        st.title("Bildungsnetz")
        st.warning(
            t("Sie sind angemeldet, haben aber noch keinen Zugang. Bitte wenden Sie sich an die Administration.")
        )
        st.button(t("Abmelden"), on_click=st.logout, key="logout_denied")
        st.stop()
    return who


def sidebar_account(who: Principal) -> None:
    """Who is logged in, with which role, and the logout button."""
    assert who.role is not None
    if who.source == "local":
        st.caption(t("Einzelplatzmodus (nur dieser Rechner)"))
        return
    st.caption(f"{who.user} · {t(who.role.german)}")
    st.button(t("Abmelden"), on_click=st.logout, key="logout")
