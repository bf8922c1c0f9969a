"""Hostile names load nothing: a real Chromium on every page, with a listener where the names point.

The app holds the demo district plus actors, an area, an offer, a committee and a saved view named
like Markdown, HTML and formula injections (``tests/test_injection.py``); the Markdown image and the
links point at a local HTTP listener. The test visits every page, searches a hostile actor on the
Netzwerk page and hovers over it, opens its record, makes the reports and slides, and asserts that
the listener got no request, that the page asked no host but the app's, and that no dialog opened.
"""

from __future__ import annotations

import http.server
import threading
import urllib.error
import urllib.request
from collections.abc import Iterator

import harness
import pytest
from harness import cli, fresh_env, settle, start_app, stop
from test_injection import hostile_names, hostile_workbook

pytestmark = pytest.mark.slow
browser = harness.browser

PAGES = [
    "Überblick",
    "Netzwerk",
    "Akteure",
    "Angebote",
    "Gremien",
    "Broker & Risiken",
    "Lücken",
    "Doppelstrukturen",
    "Fehlende Verbindungen & Konferenz",
    "Zeitvergleich",
    "Präsentation",
    "Berichte",
    "Daten",
    "Verwaltung",
]
WORD_JOINER = "\u2060"
#: The hostile actor searched on the Netzwerk page and opened on the Akteure page (the Markdown image).
IMAGE_ACTOR = "ak-feind-05"


class Listener:
    """An HTTP server on 127.0.0.1 that answers 404 and remembers every request it got."""

    def __init__(self) -> None:
        requests: list[str] = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                requests.append(self.path)
                self.send_response(404)
                self.end_headers()

            do_POST = do_HEAD = do_GET

            def log_message(self, *args: object) -> None:
                pass

        self.requests = requests
        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def listener() -> Iterator[Listener]:
    trap = Listener()
    # the listener works: a request reaches it (then it is forgotten)
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"http://127.0.0.1:{trap.port}/probe", timeout=5)
    assert trap.requests == ["/probe"]
    trap.requests.clear()
    yield trap
    trap.close()


@pytest.fixture(scope="module")
def app_url(tmp_path_factory, listener) -> Iterator[str]:
    """The app on its own data dir, holding the demo district plus the hostile names (imported as a user would)."""
    data = tmp_path_factory.mktemp("no-requests-data")
    env = fresh_env(data, demo=False)
    cli(env, "import", str(hostile_workbook(data / "feindlich.xlsx", hostile_names(listener.port))))
    server, url = start_app(env)
    yield url
    stop(server, env)


class Watch:
    """Requests to other hosts, dialogs and console errors seen by a page (and its frames)."""

    def __init__(self, page, url: str) -> None:
        self.foreign: list[str] = []
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        own = (url, "data:", "blob:", "about:")
        page.on("request", lambda r: None if r.url.startswith(own) else self.foreign.append(r.url))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))


def goto(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    page.locator("h1", has_text=title).first.wait_for(timeout=90_000)
    settle(page)
    assert page.get_by_test_id("stException").count() == 0, title


def choose(page, label: str, text: str) -> None:
    """Pick the option containing ``text`` in the selectbox labelled ``label``."""
    page.get_by_test_id("stSelectbox").filter(has_text=label).click()
    page.keyboard.type(text)
    page.keyboard.press("Enter")
    settle(page)


def shown_text(page) -> str:
    """The visible text of the page, without the invisible word joiners of escaped addresses."""
    return page.locator("body").inner_text().replace(WORD_JOINER, "")


def test_no_page_requests_anything_from_the_hosts_hostile_names_point_to(browser, app_url, listener):
    names = hostile_names(listener.port)
    image = names[5]
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page, app_url)
    page.goto(app_url)
    settle(page)
    for title in PAGES:
        goto(page, title)
        if title == "Netzwerk":
            page.locator(".bn-net[data-drawn=true]").wait_for(timeout=60_000)
            choose(page, "Akteur suchen", IMAGE_ACTOR)
            page.locator(f".bn-net[data-selected={IMAGE_ACTOR}]").wait_for(timeout=60_000)
            assert f"Details: {image}" in shown_text(page)  # the name shown as typed, as text
            # the searched node is centred: hovering there shows its tooltip, as text
            canvas = page.locator(".bn-canvas")
            page.wait_for_timeout(600)  # the drawing moves to the searched node
            box = canvas.bounding_box()
            spot = canvas.evaluate(
                "(el, id) => el.bildungsnetz.canvasToDOM(el.bildungsnetz.getPositions([id])[id])", IMAGE_ACTOR
            )
            page.mouse.move(box["x"] + spot["x"], box["y"] + spot["y"])
            tooltip = canvas.locator(".vis-tooltip")
            tooltip.wait_for(state="visible", timeout=10_000)
            assert tooltip.inner_text().startswith(image) and tooltip.locator("img, a").count() == 0
            # a click on it reports it back: the profile stays, and the drawing shows no markup either
            page.mouse.click(box["x"] + spot["x"], box["y"] + spot["y"])
            settle(page)
            assert f"Details: {image}" in shown_text(page)
            assert page.locator(".bn-net img, .bn-net a, .bn-net script").count() == 0
            page.get_by_test_id("stPopover").filter(has_text="Ansicht für Präsentation speichern").click()
            page.get_by_label("Bildunterschrift").fill(image)
            page.get_by_test_id("stPopoverBody").get_by_role("button", name="Speichern").click()
            settle(page)
            page.get_by_text("Gespeichert.").wait_for(timeout=30_000)
            page.keyboard.press("Escape")
        elif title == "Akteure":
            choose(page, "Akteur auswählen", image)  # the picker lists names, not ids
            assert page.get_by_label("Name *").input_value() == image
        elif title == "Präsentation":
            slide = page.locator(".bn-slide")  # the slide as exported, a picture in the deck component
            slide.wait_for(timeout=120_000)
            assert slide.get_attribute("alt") == image and slide.get_attribute("src").startswith("data:image/png")
            assert f"1 / 1: {image}" in shown_text(page)
            page.get_by_role("button", name="Folien erstellen").click()
            settle(page)
            page.get_by_test_id("stDownloadButton").get_by_text("Folien als PDF").wait_for(timeout=120_000)
        elif title == "Berichte":
            for button in ("Bericht erstellen", "Bilder erstellen", "Tischplan erstellen"):
                page.get_by_role("button", name=button).click()
                settle(page)
            page.get_by_test_id("stDownloadButton").get_by_text("Tischplan (XLSX)").wait_for(timeout=120_000)
        settle(page)
        assert page.locator("img[src*='127.0.0.1'], a[href^='javascript']").count() == 0, title
        assert page.get_by_test_id("stException").count() == 0, title
    page.wait_for_timeout(1500)  # anything still loading would have started by now
    context.close()
    assert listener.requests == []
    assert watch.foreign == []
    assert watch.dialogs == []
    assert watch.errors == []
