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

from graph.auth import Principal, local_principal, login_name, resolve
from graph.ui.texts import md, t


def oidc_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` has an ``[auth]`` section (then everyone logs in)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: Streamlit raises its own error type
        return False


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def loopback_only() -> bool:
    """Whether this session reaches the app directly on this machine (single-user mode is allowed)."""
    return direct_local_request(st.get_option("server.address"), dict(st.context.headers or {}))


def direct_local_request(address: str | None, headers: dict[str, str]) -> bool:
    """Whether a request with ``headers`` reached a server listening on ``address`` directly and locally.

    The server must listen on the loopback interface only (``--server.address``), and the request
    must neither come through a proxy (``Forwarded``/``X-Forwarded-*`` headers) nor name another
    host: a reverse proxy or tunnel on the same machine would otherwise hand everyone admin rights.
    """
    if not address or not _is_loopback(address):
        return False  # Streamlit's default is every interface
    lower = {k.lower(): v for k, v in headers.items()}
    if any(k == "forwarded" or k.startswith("x-forwarded-") for k in lower):
        return False
    host = lower.get("host", "localhost")
    name = host if host.endswith("]") else host.rsplit(":", 1)[0]
    return _is_loopback(name)


_RUN_PRINCIPAL = "_run_principal"


def principal() -> Principal | None:
    """The person using this session, or None if nobody is logged in (or local mode is not allowed)."""
    if not oidc_configured():
        return local_principal("local") if loopback_only() else None
    if not st.user.is_logged_in:
        return None
    if _RUN_PRINCIPAL in st.session_state:  # looked up once per script run (state.new_run forgets it)
        return st.session_state[_RUN_PRINCIPAL]
    from graph.ui import state

    claims = st.user.to_dict()
    login = login_name(claims)
    who = None if login is None else resolve(claims, state.shared_store().user_role(login))
    st.session_state[_RUN_PRINCIPAL] = who
    return who


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
    st.caption(f"{md(who.user)} · {t(who.role.german)}")
    st.button(t("Abmelden"), on_click=st.logout, key="logout")
