"""Every page in a real Chromium at 1366×768: the tables a person sees are German.

Streamlit's data grid draws its cells on a canvas; for screen readers it also puts the visible part
of the table in the page as an accessible grid (``role=columnheader`` / ``role=gridcell``). The
test reads that grid on every page, scrolling each table sideways so that every column passes
through view, and fails on an English column name of the analyses, a vocabulary key or a raw
None/True/False/nan. (The grid tells screen readers a number's value, not its German display text
— „0,393“ is drawn, the accessible cell says 0.393… —, so the number format is checked by AppTest
in ``tests/test_german_tables.py`` and in the screenshots, not here.) Screenshots of every page and
of each table go to test-output/e2e/german-*.png.
"""

from __future__ import annotations

import re

import harness
import pytest
from conftest import OUTPUT
from harness import fresh_env, settle, start_app, stop

from graph import display, model
from graph.analysis.gaps import OFFER_STATUS

pytestmark = pytest.mark.slow
browser = harness.browser

SHOTS = OUTPUT / "e2e"
VIEWPORT = {"width": 1366, "height": 768}
IDENTIFIERS = {name for spec in display.TABLES.values() for name in spec}
RAW = {"None", "none", "nan", "NaN", "<NA>", "NaT", "True", "False", "true", "false"}
RAW_KEYS = {
    key
    for values in (*model.VOCABULARIES.values(), display.RISK_KINDS, display.CHANGE_KINDS, display.DUPLICATE_KINDS)
    for key, label in values.items()
    if key != label and not key.isdigit()
} | {key for key, label in OFFER_STATUS.items() if key != label}
SNAKE = re.compile(r"^[a-z]+(_[a-z0-9]+)+$")
#: Pages that must show at least one table (not vacuous).
WITH_TABLES = {
    "Akteure",
    "Broker & Risiken",
    "Lücken",
    "Doppelstrukturen",
    "Gremienlandkarte",
    "Fehlende Verbindungen & Konferenz",
}


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    env = fresh_env(tmp_path_factory.mktemp("e2e-german"))
    server, url = start_app(env)
    yield url
    stop(server, env)


@pytest.fixture(scope="module")
def page(browser, app_url):
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE")
    page = context.new_page()
    page.goto(app_url)
    settle(page)
    yield page
    context.close()


def goto(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    page.locator("h1", has_text=title).first.wait_for(timeout=90_000)
    settle(page)


def read_grid(page, grid) -> tuple[list[str], list[str]]:
    """Headers and cells of one table, scrolled sideways step by step so that every column is read."""
    grid.scroll_into_view_if_needed()
    scroller = grid.locator(".dvn-scroller").first
    width, view = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
    headers: list[str] = []
    cells: list[str] = []
    left = 0
    while True:
        scroller.evaluate("(e, x) => { e.scrollLeft = x; }", left)
        page.wait_for_timeout(250)
        # inside the canvas: in the page for screen readers, not drawn, so read as text content
        headers += grid.locator("[role=columnheader]").evaluate_all("es => es.map(e => e.textContent)")
        cells += grid.locator("[role=gridcell]").evaluate_all("es => es.map(e => e.textContent)")
        if left + view >= width:
            scroller.evaluate("e => { e.scrollLeft = 0; }")  # back to the first columns, for the screenshot
            page.wait_for_timeout(250)
            return headers, cells
        left += max(view // 2, 100)


def english(headers: list[str], cells: list[str]) -> list[str]:
    bad = [f"Spalte „{h}“" for h in headers if h.strip() in IDENTIFIERS or SNAKE.match(h.strip())]
    bad += [f"Zelle „{c}“" for c in cells if c.strip() in RAW or c.strip() in RAW_KEYS]
    return bad


def test_every_page_shows_its_tables_in_german(page):
    SHOTS.mkdir(parents=True, exist_ok=True)
    links = page.get_by_test_id("stSidebarNav").get_by_role("link")
    links.first.wait_for(timeout=90_000)
    titles = links.all_inner_texts()
    titles = [t.strip().split("\n")[-1].strip() for t in titles if t.strip()]  # without the icon's name
    assert len(titles) >= 13, titles
    seen = {}
    for number, title in enumerate(titles):
        goto(page, title)
        if title in WITH_TABLES:
            page.get_by_test_id("stDataFrame").first.wait_for(timeout=60_000)
            settle(page)
        slug = re.sub(r"[^a-z0-9]+", "-", title.lower().replace("ü", "ue").replace("ä", "ae")).strip("-")
        page.screenshot(path=str(SHOTS / f"german-{number:02d}-{slug}.png"))
        grids = page.get_by_test_id("stDataFrame")
        read = 0
        for index in range(grids.count()):
            grid = grids.nth(index)
            if not grid.is_visible():
                continue  # in a closed tab or popover
            headers, cells = read_grid(page, grid)
            grid.screenshot(path=str(SHOTS / f"german-{number:02d}-{slug}-tabelle-{index + 1}.png"))
            assert headers, (title, index)
            assert english(headers, cells) == [], (title, index, english(headers, cells)[:10])
            read += 1
        seen[title] = read
    assert all(seen[title] for title in WITH_TABLES), seen
