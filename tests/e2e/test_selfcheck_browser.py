"""Selbstauskunft in a real Chromium: open a personal link, correct a field, name a partner; an editor accepts both.

The app runs on its own data directory with the hand-written mini dataset; the link is made with
``bildungsnetz selfcheck create``. The actor's page must show its own record and the names of its
partners, nothing of other actors, and drop the token from the address bar. The editor then accepts
both answers on „Befragung prüfen“ and the change is in the graph.
"""

from __future__ import annotations

import csv
import datetime as dt

import harness
import pytest
from conftest import OUTPUT, ROOT
from harness import cli, free_port, fresh_env, settle, start_app, stop

from graph.auth import Principal, Role
from graph.db.store import Store

pytestmark = pytest.mark.slow
browser = harness.browser
SHOTS = OUTPUT / "e2e"
EDITOR = Principal("bildungsbuero@kreis.test", Role.EDITOR, "test")


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    data = tmp_path_factory.mktemp("selfcheck-data")
    env = fresh_env(data, demo=False)
    cli(env, "import", str(ROOT / "tests" / "data" / "mini"))
    port = free_port()
    server, url = start_app(env, port=port)
    try:
        yield env, url, data
    finally:
        stop(server, env)


def _link(env: dict[str, str], url: str, folder) -> str:
    target = folder / "links.csv"
    cli(env, "selfcheck", "create", "--actor", "ak-1", "--base-url", url, "--output", str(target))
    with target.open(encoding="utf-8-sig", newline="") as handle:
        [row] = list(csv.DictReader(handle, delimiter=";"))
    assert row["Akteur-ID"] == "ak-1"
    return row["Link"]


def test_selfcheck_link_correct_and_name_partner_then_editor_accepts(app, browser):
    env, url, data = app
    SHOTS.mkdir(parents=True, exist_ok=True)
    link = _link(env, url, data)
    token = link.rsplit("=", 1)[1]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    page = context.new_page()
    page.goto(link)
    page.get_by_text("Andere Einrichtungen sehen Ihre Angaben nicht").wait_for(timeout=90_000)  # the page's end
    settle(page)
    body = page.inner_text("body")
    assert "Selbstauskunft" in body
    assert "Kita „Sonnenschein“ – Müßig" in body
    assert "Grundschule Müßighausen" in body  # the partner's name
    for foreign in ("Schulweg 2", "Volkshochschule Testau", "Jugendamt", "Erika Mustermann", "erika@example.org"):
        assert foreign not in body, foreign
    assert token not in page.url and "auskunft" not in page.url  # the token left the address bar
    assert page.locator("[data-testid=stSidebar]").count() == 0  # no navigation, no sidebar
    page.screenshot(path=str(SHOTS / "selbstauskunft-seite.png"))
    page.set_viewport_size({"width": 1366, "height": 2400})  # the whole page at once (the app scrolls inside)
    settle(page)
    page.screenshot(path=str(SHOTS / "selbstauskunft-ganz.png"))
    page.set_viewport_size({"width": 1366, "height": 768})

    # correct the address
    page.get_by_text("Eintrag korrigieren").click()
    address = page.get_by_label("Adresse")
    address.fill("Lindenallee 7, 39999 Müßighausen")
    page.get_by_role("button", name="Korrektur senden").click()
    page.get_by_text("Vielen Dank").wait_for(timeout=60_000)
    settle(page)

    # name a new partner, with a spelling of its own
    page.get_by_label("Name der Partnereinrichtung").fill("VHS Testau")
    page.get_by_role("button", name="Partner melden").click()
    page.get_by_text("Vielen Dank").wait_for(timeout=60_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "selbstauskunft-gesendet.png"), full_page=True)
    context.close()

    with Store.open(environ=env, principal=EDITOR) as store:
        items = {i.kind: i for i in store.review_items(respondent="ak-1")}
        assert set(items) == {"korrektur", "kooperation"}
        assert all(i.source == "selbstauskunft" for i in items.values())
        assert dict(items["korrektur"].fields) == {"address": "Lindenallee 7, 39999 Müßighausen"}
        assert items["kooperation"].named == "VHS Testau" and items["kooperation"].proposed == "ak-3"
        before = store.read_dataset()
        assert before.nodes["Actor"]["ak-1"]["address"] == "Hauptstraße 1, 39999 Müßighausen"  # nothing applied yet

    # the editor (single-user local mode: the app on 127.0.0.1) accepts both on „Befragung prüfen“
    office = browser.new_context(viewport={"width": 1366, "height": 768}, locale="de-DE")
    page = office.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:", "about:")) else foreign.append(r.url))
    page.goto(url)
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Befragung prüfen", exact=True).click()
    page.locator("h1", has_text="Befragung prüfen").first.wait_for(timeout=90_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "selbstauskunft-pruefliste.png"))
    accept = page.get_by_role("button", name="Übernehmen", exact=True)
    for remaining in (1, 0):  # one decision at a time: wait until its entry has left the list
        accept.first.click()
        page.wait_for_function(
            "n => [...document.querySelectorAll('button')]"
            ".filter(b => b.innerText.trim() === 'Übernehmen').length === n",
            arg=remaining,
            timeout=60_000,
        )
        settle(page)

    # the office's page: the link is listed as used
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Selbstauskunft", exact=True).click()
    page.locator("h1", has_text="Selbstauskunft").first.wait_for(timeout=90_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "selbstauskunft-links.png"))
    assert "genutzt: 1" in page.get_by_test_id("stMain").inner_text()
    assert page.get_by_test_id("stException").count() == 0 and not errors
    assert not foreign
    office.close()

    with Store.open(environ=env, principal=EDITOR) as store:
        assert store.review_items(respondent="ak-1") == []  # both decided
        after = store.read_dataset()
        assert after.nodes["Actor"]["ak-1"]["address"] == "Lindenallee 7, 39999 Müßighausen"
        [new] = [r for r in after.rels if r.type == "COOPERATES_WITH" and {r.start, r.end} == {"ak-1", "ak-3"}]
        assert new.props["reported_by"] == "ak-1" and new.props["confirmed"] is False
        log = store.acting_as(Principal("admin@kreis.test", Role.ADMIN, "test")).audit_log()
        actions = [e["action"] for e in log if e["at"] >= dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)]
        assert {"selfcheck_create", "selfcheck_view", "selfcheck_submit", "survey_accept"} <= set(actions)
        assert token not in repr(log)
    for written in data.rglob("*.log"):  # the app's and the engine's logs
        assert token not in written.read_text(encoding="utf-8", errors="replace"), written
