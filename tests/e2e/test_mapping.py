"""A new user maps a small network in the app alone, in a real Chromium at 1366×768, without typing an ID.

Starting from an empty database: one Gemeinde, five actors, three cooperations, one committee with three
members — all entered by name through the forms. Then the store must hold exactly that. Screenshots of
each step go to test-output/e2e/mapping-*.png.
"""

from __future__ import annotations

import datetime as dt

import harness
import pytest
from conftest import OUTPUT
from harness import fresh_env, settle, start_app, stop

from graph.db.store import Store

pytestmark = pytest.mark.slow
browser = harness.browser
SHOTS = OUTPUT / "e2e"
VIEWPORT = {"width": 1366, "height": 768}

ACTORS = [
    ("Kita Pusteblume", "Kita", "Frühe Bildung"),
    ("Grundschule am Lindenpark", "Grundschule", "Schule"),
    ("Familienzentrum Lindenfeld", "Familienzentrum", "Kinder- und Jugendhilfe"),
    ("Stadtbücherei Lindenfeld", "Bibliothek", "Kultur"),
    ("Sportverein Blau-Weiß", "Verein", "Zivilgesellschaft"),
]
#: (actor whose profile is used, partner, intensity)
COOPERATIONS = [
    ("Kita Pusteblume", "Grundschule am Lindenpark", "monatlich"),
    ("Kita Pusteblume", "Familienzentrum Lindenfeld", "quartalsweise"),
    ("Stadtbücherei Lindenfeld", "Grundschule am Lindenpark", "anlassbezogen/selten"),
]
MEMBERS = [
    ("Kita Pusteblume", "Vorsitz"),
    ("Grundschule am Lindenpark", "Mitglied"),
    ("Familienzentrum Lindenfeld", "Mitglied"),
]


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app on a free port with its own, empty data dir."""
    data = tmp_path_factory.mktemp("mapping-data")
    env = fresh_env(data, demo=False)
    server, url = start_app(env)
    yield url, env
    stop(server, env)


@pytest.fixture(scope="module")
def page(browser, app):
    url, _ = app
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    settle(page)
    yield page
    assert errors == [], errors
    context.close()


def shot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"mapping-{name}.png"))


def goto(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    page.locator("h1", has_text=title).first.wait_for(timeout=90_000)
    settle(page)


def select(page, label: str, text: str) -> None:
    """Choose in the select box labelled ``label`` by typing ``text`` (as a person searches) and Enter."""
    box = page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True))
    box.first.click()
    page.keyboard.type(text)
    page.get_by_role("option", name=text, exact=True).first.click()
    settle(page)


def fill(page, label: str, text: str) -> None:
    page.get_by_label(label, exact=True).fill(text)


def press(page, label: str, *, form: bool = True) -> None:
    kind = "stFormSubmitButton" if form else "stButton"
    page.get_by_test_id(kind).get_by_role("button", name=label, exact=True).click()
    settle(page)


def no_exception(page) -> None:
    assert page.get_by_test_id("stException").count() == 0
    assert page.get_by_test_id("stAlertContentError").count() == 0, page.get_by_test_id(
        "stAlertContentError"
    ).all_inner_texts()


def test_a_small_network_is_mapped_by_name_and_the_store_holds_exactly_that(page, app):
    _, env = app
    goto(page, "Gebiete")
    page.get_by_label("Name *", exact=True).wait_for(timeout=30_000)
    shot(page, "01-gebiete-leer")
    fill(page, "Name *", "Lindenfeld")
    select(page, "Typ *", "Gemeinde")
    press(page, "Speichern")
    page.get_by_text("Angelegt.").wait_for(timeout=30_000)
    no_exception(page)
    shot(page, "02-gebiet-angelegt")

    goto(page, "Akteure")
    for number, (name, kind, sector) in enumerate(ACTORS):
        if number:
            press(page, "Neu anlegen", form=False)
        fill(page, "Name *", name)
        select(page, "Typ *", kind)
        select(page, "Sektor *", sector)
        select(page, "Gebiet", "Lindenfeld")
        if number == 0:
            shot(page, "03-akteur-formular")
        press(page, "Speichern")
        page.get_by_text("Angelegt.").wait_for(timeout=30_000)
        no_exception(page)
    shot(page, "04-akteur-profil")

    for actor, partner, intensity in COOPERATIONS:
        select(page, "Akteur auswählen", actor)
        page.get_by_role("tab", name="Kooperationen").click()
        settle(page)
        select(page, "Partner *", partner)
        select(page, "Intensität", intensity)
        page.get_by_test_id("stMultiSelect").filter(has=page.get_by_text("Arten", exact=True)).click()
        page.get_by_role("option", name="Informationsaustausch", exact=True).click()
        page.keyboard.press("Escape")
        if actor == COOPERATIONS[0][0] and partner == COOPERATIONS[0][1]:
            shot(page, "05-partner-formular")
        press(page, "Partner hinzufügen")
        page.get_by_text("Partner hinzugefügt.").wait_for(timeout=30_000)
        no_exception(page)
    shot(page, "06-partner-hinzugefuegt")

    goto(page, "Gremien")
    fill(page, "Name *", "Arbeitskreis Übergang Kita–Schule")
    select(page, "Typ *", "Arbeitskreis")
    fill(page, "Themen", "Übergang, Sprache")
    press(page, "Speichern")
    page.get_by_text("Angelegt.").wait_for(timeout=30_000)
    page.get_by_role("tab", name="Mitglieder").click()
    settle(page)
    for actor, role in MEMBERS:
        select(page, "Akteur *", actor)
        select(page, "Rolle", role)
        press(page, "Aufnehmen")
        page.get_by_text("Mitglied aufgenommen.").wait_for(timeout=30_000)
        no_exception(page)
    shot(page, "07-gremium-mitglieder")

    goto(page, "Kooperationen")
    shot(page, "08-kooperationen")

    with Store.open(environ=env, schema=False) as store:
        ds = store.read_dataset()
    by_name = {props["name"]: nid for nid, props in ds.nodes["Actor"].items()}
    assert sorted(by_name) == sorted(name for name, _, _ in ACTORS)
    assert by_name["Kita Pusteblume"] == "kita-pusteblume" and by_name["Sportverein Blau-Weiß"] == (
        "verein-sportverein-blau-weiss"
    )
    assert {nid: p["name"] for nid, p in ds.nodes["Area"].items()} == {"gemeinde-lindenfeld": "Lindenfeld"}
    located = {r.start for r in ds.rels if r.type == "LOCATED_IN" and r.end == "gemeinde-lindenfeld"}
    assert located == set(by_name.values())
    pairs = {frozenset((r.start, r.end)): r.props for r in ds.rels if r.type == "COOPERATES_WITH"}
    intensity = {"monatlich": 3, "quartalsweise": 2, "anlassbezogen/selten": 1}
    assert pairs.keys() == {frozenset((by_name[a], by_name[b])) for a, b, _ in COOPERATIONS}
    for a, b, level in COOPERATIONS:
        props = pairs[frozenset((by_name[a], by_name[b]))]
        assert props["intensity"] == intensity[level] and props["types"] == ["informationsaustausch"]
        assert str(props["id"]).startswith("ko-")
    ((committee, props),) = ds.nodes["Committee"].items()
    assert committee == "arbeitskreis-uebergang-kita-schule" and props["themes"] == ["Übergang", "Sprache"]
    members = {(r.start, r.props.get("role")) for r in ds.rels if r.type == "MEMBER_OF" and r.end == committee}
    roles = {"Vorsitz": "chair", "Mitglied": "member"}
    assert members == {(by_name[a], roles[role]) for a, role in MEMBERS}
    assert not ds.nodes["Institution"] and not ds.nodes["Offer"]
    assert all("until" not in p for p in pairs.values())


def test_a_cooperation_is_ended_in_the_profile_and_stays_as_history(page, app):
    _, env = app
    goto(page, "Akteure")
    select(page, "Akteur auswählen", "Kita Pusteblume")
    page.get_by_role("tab", name="Kooperationen").click()
    settle(page)
    select(page, "Kooperation bearbeiten, beenden oder löschen", "Familienzentrum Lindenfeld (ohne Zeitangabe)")
    page.get_by_text("Letzter gemeinsamer Tag").wait_for(timeout=30_000)
    shot(page, "09-kooperation-bearbeiten")
    press(page, "Kooperation beenden", form=False)
    page.get_by_text("Kooperation beendet.").wait_for(timeout=30_000)
    no_exception(page)
    shot(page, "10-kooperation-beendet")
    with Store.open(environ=env, schema=False) as store:
        ds = store.read_dataset()
    ended = [r for r in ds.rels if r.type == "COOPERATES_WITH" and r.props.get("until")]
    assert [sorted((r.start, r.end)) for r in ended] == [["familienzentrum-lindenfeld", "kita-pusteblume"]]
    assert ended[0].props["until"] == dt.date.today()  # the end date the form proposes
    assert sum(1 for r in ds.rels if r.type == "COOPERATES_WITH") == 3
