"""The Gremienlandkarte in a real Chromium at 1366×768: at a glance readable, every tab shown, no error.

Screenshots of the first view and of each tab go to test-output/e2e/gremienlandkarte-*.png (look
at them: the three boxes at the top must be readable without scrolling sideways).
"""

from __future__ import annotations

import harness
import pytest
from conftest import OUTPUT
from harness import fresh_env, settle, start_app, stop

pytestmark = pytest.mark.slow
browser = harness.browser

SHOTS = OUTPUT / "e2e"
VIEWPORT = {"width": 1366, "height": 768}
TITLE = "Gremienlandkarte"
TABS = ("Struktur", "Überschneidungen", "Gremienlast", "Veränderung")


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    env = fresh_env(tmp_path_factory.mktemp("e2e-committees"))
    server, url = start_app(env)
    yield url
    stop(server, env)


@pytest.fixture(scope="module")
def session(browser, app_url):
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE", accept_downloads=True)
    page = context.new_page()
    errors: list[str] = []
    foreign: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on(
        "request",
        lambda r: None if r.url.startswith((app_url, "data:", "blob:", "about:")) else foreign.append(r.url),
    )
    page.goto(app_url)
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=TITLE, exact=True).click()
    page.locator("h1", has_text=TITLE).first.wait_for(timeout=90_000)
    settle(page)
    yield page, errors, foreign
    context.close()


def test_the_page_shows_at_a_glance_and_every_tab_without_error(session):
    page, errors, foreign = session
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.get_by_test_id("stMetric").first.wait_for(timeout=60_000)
    page.screenshot(path=str(SHOTS / "gremienlandkarte-00-auf-einen-blick.png"))
    assert page.get_by_test_id("stException").count() == 0
    for label in ("Zusammenlegen prüfen", "Übergang ohne eine Seite", "Höchste Gremienlast"):
        metric = page.get_by_test_id("stMetric").filter(has_text=label)
        assert metric.count() == 1, label
        box = metric.bounding_box()
        assert box is not None and box["x"] + box["width"] <= VIEWPORT["width"], label  # no sideways scrolling
    for number, tab in enumerate(TABS, start=1):
        page.get_by_role("tab", name=tab, exact=True).click()
        settle(page)
        if tab == "Struktur":  # the tree picture has loaded and is drawn
            image = page.get_by_test_id("stImage").locator("img").first
            image.wait_for(timeout=60_000)
            page.wait_for_function("img => img.complete && img.naturalWidth > 1000", arg=image.element_handle())
        slug = f"gremienlandkarte-{number:02d}-{tab.lower().replace('ü', 'ue').replace('ä', 'ae')}"
        page.get_by_role("tab", name=tab, exact=True).scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"{slug}.png"))
        # the whole tab: Streamlit scrolls inside its main block, so a tall window shows all of it
        page.set_viewport_size({"width": VIEWPORT["width"], "height": 3600})
        settle(page)
        page.screenshot(path=str(SHOTS / f"{slug}-ganz.png"))
        page.set_viewport_size(VIEWPORT)
        settle(page)
        assert page.get_by_test_id("stException").count() == 0, tab
    assert foreign == [], foreign
    assert errors == [], errors


def test_the_tree_picture_downloads_as_png(session, tmp_path):
    page, _errors, _foreign = session
    page.get_by_role("tab", name="Struktur", exact=True).click()
    settle(page)
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").get_by_text("Bild herunterladen (PNG)").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name.startswith("gremienstruktur-") and target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_anonymised_the_page_names_organisations_by_type_and_area_code(session):
    page, errors, _foreign = session
    page.get_by_test_id("stCheckbox").filter(has_text="Anonymisiert").locator("label").first.click()
    settle(page)
    page.get_by_test_id("stMetric").first.wait_for(timeout=60_000)
    page.screenshot(path=str(SHOTS / "gremienlandkarte-05-anonymisiert.png"))
    glance = page.get_by_test_id("stMetric").filter(has_text="Höchste Gremienlast").locator("xpath=../..").inner_text()
    assert "Bildungsbüro Landkreis Musterau" not in glance and "Kreisverwaltung" in glance
    merge = page.get_by_test_id("stMetric").filter(has_text="Zusammenlegen prüfen").locator("xpath=../..").inner_text()
    assert "dasselbe Gebiet: Landkreis Musterau" in merge  # an area keeps its name (a Träger named alike too)
    assert errors == [], errors
