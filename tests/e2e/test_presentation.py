"""The Präsentation page in a real Chromium at 1366 × 768 on the demo district: full screen and arrow keys.

The page shows the saved slides; ←/→ step through them (also in full screen, which stays on while the
slides change), "Vollbild" enters and leaves full screen, and no request leaves the app. Screenshots
go to test-output/e2e/ (``praesentation-*.png``).
"""

from __future__ import annotations

from collections.abc import Iterator

import harness
import pytest
from conftest import OUTPUT, TEST_ADMIN
from harness import fresh_env, settle, start_app, stop

from graph import slides
from graph.db.store import Store
from graph.service import NetworkFilter

pytestmark = pytest.mark.slow
browser = harness.browser

SHOTS = OUTPUT / "e2e"
VIEWPORT = {"width": 1366, "height": 768}
CAPTIONS = ["Das ganze Netz", "Gemeinschaften und Brücken", "Umkreis der Volkshochschule"]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory) -> Iterator[str]:
    """The app on its own data dir holding the demo district and three saved views."""
    env = fresh_env(tmp_path_factory.mktemp("presentation-data"))
    store = Store.open(environ=env, principal=TEST_ADMIN)
    try:
        slides.add_view(slides.SavedView(CAPTIONS[0]), store=store)
        slides.add_view(slides.SavedView(CAPTIONS[1], color_by="community", size_by="betweenness"), store=store)
        slides.add_view(
            slides.SavedView(CAPTIONS[2], NetworkFilter(center="ak-vhs-001"), focus="ak-vhs-001"), store=store
        )
    finally:
        store.close()
    server, url = start_app(env)
    yield url
    stop(server, env)


def heading(page) -> str:
    return page.locator("h3").first.inner_text()


def wait_heading(page, number: int) -> None:
    page.wait_for_function(
        "(text) => [...document.querySelectorAll('h3')].some((h) => h.innerText.startsWith(text))",
        arg=f"{number} / {len(CAPTIONS)}: {CAPTIONS[number - 1]}",
        timeout=90_000,
    )
    settle(page)


def test_arrow_keys_step_through_the_slides_also_in_full_screen(browser, app_url):
    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    foreign: list[str] = []
    errors: list[str] = []
    own = (app_url, "data:", "blob:", "about:")
    page.on("request", lambda r: None if r.url.startswith(own) else foreign.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(app_url)
    settle(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Präsentation", exact=True).click()
    slide = page.locator(".bn-slide")
    slide.wait_for(timeout=120_000)
    wait_heading(page, 1)
    assert slide.get_attribute("alt") == CAPTIONS[0]
    assert slide.get_attribute("src").startswith("data:image/png;base64,")
    page.screenshot(path=str(SHOTS / "praesentation-1.png"))

    page.keyboard.press("ArrowRight")
    wait_heading(page, 2)
    assert slide.get_attribute("alt") == CAPTIONS[1]
    page.keyboard.press("ArrowLeft")
    wait_heading(page, 1)

    page.get_by_role("button", name="Vollbild").click()
    page.wait_for_function("() => document.fullscreenElement !== null", timeout=10_000)
    page.keyboard.press("ArrowRight")
    wait_heading(page, 2)
    page.keyboard.press("ArrowRight")
    wait_heading(page, 3)
    assert page.evaluate("() => document.fullscreenElement !== null")  # full screen stayed on
    assert slide.get_attribute("alt") == CAPTIONS[2]
    assert page.get_by_role("button", name="Vollbild beenden").is_visible()
    page.screenshot(path=str(SHOTS / "praesentation-vollbild.png"))
    page.keyboard.press("ArrowRight")  # wraps around to the first slide
    wait_heading(page, 1)
    page.get_by_role("button", name="Vollbild beenden").click()
    page.wait_for_function("() => document.fullscreenElement === null", timeout=10_000)
    assert heading(page).startswith("1 / 3")
    assert foreign == [] and errors == []
    context.close()
