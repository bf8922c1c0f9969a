"""The Prüfliste („Befragung prüfen“) in a real Chromium at 1366×768: read, decide, see the change.

Three answers wait in the queue (one sure, one unsure, one new organisation); the test
looks at the page, takes the sure one with „Übernehmen“, and finds the cooperation in the
store. Screenshots go to test-output/e2e/befragung-pruefen-*.png (look at them: who named
whom, the proposal with its reasons, and the four decisions must be readable without
scrolling sideways).
"""

from __future__ import annotations

import datetime as dt

import harness
import pytest
from conftest import OUTPUT, TEST_ADMIN
from harness import fresh_env, settle, start_app, stop

from graph.db.store import Store
from graph.survey.model import Candidate, ReviewItem, SurveyRound

pytestmark = pytest.mark.slow
browser = harness.browser

SHOTS = OUTPUT / "e2e"
VIEWPORT = {"width": 1366, "height": 768}
TITLE = "Befragung prüfen"
RESPONDENT, PARTNER, OTHER = "ak-bib-001", "ak-ms-001", "ak-fbs-001"


def queued(item_id: str, named: str, proposed: str | None, confidence: str, score: float) -> ReviewItem:
    candidates = (Candidate(proposed, score, ("Name ähnlich", "gleiches Gebiet")),) if proposed else ()
    return ReviewItem(
        item_id,
        "runde-herbst-2026",
        "umfrage",
        RESPONDENT,
        "kooperation",
        named,
        proposed,
        candidates,
        confidence,
        {"intensity": 3},
    )


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    env = fresh_env(tmp_path_factory.mktemp("e2e-survey"))
    store = Store.open(environ=env, principal=TEST_ADMIN)
    store.add_round(SurveyRound("runde-herbst-2026", "Herbst 2026", dt.date(2026, 9, 1)))
    store.add_review_items(
        [
            queued("e2e-1", "Kreismusikschule Musterau", PARTNER, "sicher", 0.99),
            queued("e2e-2", "Familienbildung Musterau", OTHER, "unsicher", 0.74),
            queued("e2e-3", "Lesecafé am Deich", None, "neu", 0.0),
        ]
    )
    server, url = start_app(env)
    yield url, store
    stop(server, env)
    store.close()


def test_the_queue_is_readable_and_a_decision_reaches_the_graph(browser, app):
    url, store = app
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: None if r.url.startswith((url, "data:", "blob:", "about:")) else foreign.append(r.url))
    page.goto(url)
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=TITLE, exact=True).click()
    page.locator("h1", has_text=TITLE).first.wait_for(timeout=90_000)
    page.get_by_role("button", name="Alle sicheren übernehmen (1)").wait_for(timeout=60_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "befragung-pruefen-1-oben.png"))
    body = page.get_by_test_id("stMain").inner_text()
    assert "nennt „Kreismusikschule Musterau“ als Partner" in body
    assert "Vorschlag: Kreismusikschule Musterau – sicher zugeordnet, gleicher Name (99 %)" in body
    assert "Alle sicheren übernehmen (1)" in body
    page.get_by_text("nennt „Lesecafé am Deich“").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SHOTS / "befragung-pruefen-2-eintraege.png"), full_page=True)
    page.get_by_role("button", name="Übernehmen", exact=True).first.click()  # the first entry: the sure one
    page.get_by_text("„Kreismusikschule Musterau“: übernommen.").wait_for(timeout=60_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "befragung-pruefen-3-uebernommen.png"))
    partners = {
        r.end if r.start == RESPONDENT else r.start
        for r in store.read_dataset().rels
        if r.type == "COOPERATES_WITH" and RESPONDENT in (r.start, r.end)
    }
    assert PARTNER in partners and OTHER not in partners
    assert page.get_by_test_id("stException").count() == 0 and not errors
    assert not foreign
    context.close()


def test_the_survey_page_shows_the_response_rate_chart_and_the_one_sided_ties(browser, app):
    url, _ = app
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Befragung", exact=True).click()
    page.locator("h1", has_text="Befragung").first.wait_for(timeout=90_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "befragung-1-runde.png"))
    page.get_by_role("tab", name="Rücklauf").click()
    page.get_by_text("Rücklauf nach Sektor").wait_for(timeout=60_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "befragung-2-ruecklauf.png"))
    page.get_by_role("tab", name="Gegenseitigkeit").click()
    page.get_by_text("Rückfrageliste je Akteur").wait_for(timeout=60_000)
    settle(page)
    page.screenshot(path=str(SHOTS / "befragung-3-gegenseitigkeit.png"))
    assert page.get_by_test_id("stException").count() == 0 and not errors
    context.close()
