"""Login with OpenID Connect in a real Chromium, against a local mock OpenID provider.

The provider is the PyPI package ``oidc-provider-mock``, started on loopback. The app gets
an ``[auth]`` secrets file pointing at it; the test logs in through the provider's form,
as a person would, and checks what each role sees.
"""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request

import harness
import pytest
from conftest import OUTPUT
from harness import cli, free_port, fresh_env, settle, start_app, stop, wait_until_up

pytestmark = pytest.mark.slow
browser = harness.browser
SHOTS = OUTPUT / "e2e"


@pytest.fixture(scope="module")
def provider():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "oidc_provider_mock", "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(f"{url}/.well-known/openid-configuration", timeout=30)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


def set_claims(provider: str, sub: str, claims: dict) -> None:
    request = urllib.request.Request(
        f"{provider}/users/{sub}",
        data=json.dumps(claims).encode(),
        method="PUT",
        headers={"Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 204


@pytest.fixture(scope="module")
def app(provider, tmp_path_factory):
    """The app with login configured: demo district, the mock provider, and a user table entry."""
    data = tmp_path_factory.mktemp("login-data")
    env = fresh_env(data, BILDUNGSNETZ_ROLE_CLAIM="roles", BILDUNGSNETZ_ROLE_MAP="", BILDUNGSNETZ_DEFAULT_ROLE="")
    cli(env, "users", "add", "leitung@kreis.test", "--role", "admin")
    port = free_port()
    secrets_file = data / "secrets.toml"
    secrets_file.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "ein-langes-zufaelliges-geheimnis-nur-fuer-den-test"\n'
        'client_id = "bildungsnetz"\n'
        'client_secret = "geheim"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n'
        'client_kwargs = { scope = "openid email profile" }\n',
        encoding="utf-8",
    )
    set_claims(provider, "partner@kreis.test", {"email": "partner@kreis.test", "roles": ["viewer"]})
    set_claims(provider, "leitung@kreis.test", {"email": "leitung@kreis.test", "roles": ["viewer"]})
    set_claims(provider, "fremd@kreis.test", {"email": "fremd@kreis.test"})
    server, url = start_app(env, "--secrets.files", str(secrets_file), port=port)
    yield url
    stop(server, env)


def log_in(browser, app: str, sub: str, *, has_access: bool = True):
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(app)
    page.get_by_role("button", name="Anmelden").click(timeout=60_000)
    page.wait_for_selector("input[name=sub]", timeout=30_000)  # the provider's login form
    page.fill("input[name=sub]", sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{app}/**", timeout=30_000)
    if has_access:
        page.get_by_test_id("stSidebar").wait_for(timeout=60_000)
    else:
        page.get_by_text("keinen Zugang").wait_for(timeout=60_000)
    settle(page)
    return context, page


def sidebar_text(page) -> str:
    return page.get_by_test_id("stSidebar").inner_text()


def test_nobody_sees_data_before_logging_in(browser, app):
    page = browser.new_page()
    page.goto(app)
    page.get_by_role("button", name="Anmelden").wait_for(timeout=60_000)
    settle(page)
    assert "Akteure" not in page.inner_text("body")
    page.close()


def test_a_viewer_logs_in_and_reads_without_forms_or_administration(browser, app):
    context, page = log_in(browser, app, "partner@kreis.test")
    text = sidebar_text(page)
    assert "partner@kreis.test · Lesen" in text and "Verwaltung" not in text
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Akteure", exact=True).click()
    page.get_by_text("Ihre Rolle erlaubt nur das Lesen").wait_for(timeout=60_000)
    settle(page)
    assert page.get_by_role("button", name="Speichern").count() == 0
    page.screenshot(path=str(SHOTS / "login-viewer.png"))
    context.close()


def test_the_user_table_makes_an_admin_who_sees_the_audit_log(browser, app):
    context, page = log_in(browser, app, "leitung@kreis.test")  # the claim says viewer, the table admin
    assert "leitung@kreis.test · Verwalten" in sidebar_text(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Verwaltung", exact=True).click()
    page.get_by_text("Benutzer und Rollen").wait_for(timeout=60_000)
    page.get_by_role("heading", name="Protokoll").wait_for(timeout=60_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "login-admin.png"), full_page=True)
    page.get_by_role("button", name="Abmelden").click()
    page.get_by_role("button", name="End session").click(timeout=30_000)  # the provider confirms the logout
    page.get_by_role("button", name="Anmelden").wait_for(timeout=60_000)
    context.close()


def test_a_person_without_role_is_let_in_to_nothing(browser, app):
    context, page = log_in(browser, app, "fremd@kreis.test", has_access=False)
    assert page.get_by_text("keinen Zugang").is_visible()
    assert page.get_by_test_id("stSidebarNav").count() == 0
    context.close()
