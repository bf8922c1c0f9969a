"""The app in a real headless Chromium: every page, the network canvas, search, an edit, a download.

Asserts on every page: no exception shown, no browser console error, no request to any host but the
app's, and no dialog — also with actors named like script injections. Screenshots of every page go
to test-output/e2e/.
"""

from __future__ import annotations

import subprocess
import sys

import harness
import pytest
from conftest import OUTPUT, ROOT
from harness import fresh_env, settle, start_app, stop

pytestmark = pytest.mark.slow
browser = harness.browser

XSS = ["<img src=x onerror=alert(1)>", '"><script>alert(2)</script>']
PAGES = [
    "Überblick",
    "Netzwerk",
    "Akteure",
    "Angebote",
    "Gremien",
    "Broker & Risiken",
    "Lücken",
    "Doppelstrukturen",
    "Gremienlandkarte",
    "Fehlende Verbindungen & Konferenz",
    "Zeitvergleich",
    "Präsentation",
    "Berichte",
    "Daten",
]
SHOTS = OUTPUT / "e2e"


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """The app on a free port with its own data dir, holding the demo district plus two hostile names."""
    data = tmp_path_factory.mktemp("e2e-data")
    env = fresh_env(data)
    script = (
        "from graph.auth import local_principal\nfrom graph.db.store import Store\n"
        "store = Store.open(principal=local_principal())\n"
        f"for i, name in enumerate({XSS!r}):\n"
        "    props = {'name': name, 'actor_type': 'verein', 'sector': 'kultur'}\n"
        "    store.save_node('Actor', f'xss-{i}', props, [], None)\n"
    )
    subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True, capture_output=True)
    server, url = start_app(env)
    yield url
    stop(server, env)


class Watch:
    """Console errors, dialogs and requests to other hosts seen by a page."""

    def __init__(self, page, url: str) -> None:
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.foreign: list[str] = []
        page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on(
            "request",
            lambda r: None if r.url.startswith((url, "data:", "blob:", "about:")) else self.foreign.append(r.url),
        )

    def check(self) -> None:
        assert self.dialogs == [], self.dialogs
        assert self.foreign == [], self.foreign
        assert self.errors == [], self.errors


def goto(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    page.locator("h1", has_text=title).first.wait_for(timeout=90_000)  # the new page has started to show
    settle(page)


@pytest.fixture(scope="module")
def session(browser, app_url):
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, accept_downloads=True)
    page = context.new_page()
    watch = Watch(page, app_url)
    page.goto(app_url)
    settle(page)
    yield page, watch
    context.close()


def test_every_page_shows_without_exception_console_error_foreign_request_or_dialog(session):
    page, watch = session
    SHOTS.mkdir(parents=True, exist_ok=True)
    for title in PAGES:
        goto(page, title)
        assert page.get_by_test_id("stException").count() == 0, title
        assert page.locator("h1").first.inner_text().strip() == title
        page.screenshot(path=str(SHOTS / f"{PAGES.index(title):02d}-{title.split()[0].lower()}.png"), full_page=True)
    watch.check()


def test_network_canvas_is_drawn_and_a_searched_actor_is_focused(session):
    page, watch = session
    goto(page, "Netzwerk")
    page.locator(".bn-net[data-drawn=true]").wait_for(timeout=60_000)  # the network component, drawn
    assert page.locator(".bn-canvas canvas").count() >= 1
    box = page.get_by_test_id("stSelectbox").filter(has_text="Akteur suchen")
    box.click()
    page.keyboard.type("Kreisvolkshochschule")
    page.keyboard.press("Enter")
    settle(page)
    page.locator(".bn-net[data-selected=ak-vhs-001]").wait_for(timeout=60_000)
    page.get_by_text("Details: Kreisvolkshochschule Musterau").wait_for(timeout=30_000)
    page.screenshot(path=str(SHOTS / "netzwerk-suche.png"), full_page=True)
    watch.check()


def test_editing_an_actor_shows_the_change(session):
    page, watch = session
    goto(page, "Akteure")
    page.get_by_test_id("stSelectbox").filter(has_text="Akteur auswählen").click()
    page.keyboard.type("Stadtbibliothek Musterau")
    page.get_by_role("option", name="Stadtbibliothek Musterau", exact=True).click()
    settle(page)
    name = page.get_by_label("Name *")
    name.fill("Stadtbibliothek Musterau im Kulturhaus")
    page.screenshot(path=str(SHOTS / "akteur-bearbeiten.png"), full_page=True)
    page.get_by_test_id("stFormSubmitButton").get_by_text("Speichern").click()
    settle(page)
    page.screenshot(path=str(SHOTS / "akteur-gespeichert.png"), full_page=True)
    page.get_by_text("Gespeichert.").wait_for(timeout=30_000)  # shown by the rerun after the save
    page.get_by_placeholder("Suche").fill("Kulturhaus")
    page.keyboard.press("Enter")
    settle(page)
    page.get_by_text("1 / ").wait_for(timeout=30_000)
    assert page.get_by_text("Stadtbibliothek Musterau im Kulturhaus").count() >= 1
    watch.check()


def test_an_export_downloads_as_a_workbook(session, tmp_path):
    page, watch = session
    goto(page, "Daten")
    with page.expect_download() as info:
        page.get_by_test_id("stDownloadButton").get_by_text("XLSX").click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    assert target.name == "bildungsnetz.xlsx" and target.read_bytes()[:2] == b"PK"
    watch.check()


def test_an_upload_shows_the_report_before_anything_is_written(session, tmp_path):
    page, watch = session
    goto(page, "Daten")
    broken = tmp_path / "Akteure.csv"
    broken.write_text("ID;Name;Typ;Sektor\nneu-1;Neuer Verein;Vereinn;kultur\n", encoding="utf-8")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(broken))
    settle(page)
    # the report is a data grid: its cells are in the page for screen readers, drawn on a canvas
    page.get_by_text("Unbekannter Wert „Vereinn“", exact=False).first.wait_for(state="attached", timeout=30_000)
    assert page.get_by_text("nichts wird gespeichert", exact=False).count() == 1
    assert page.get_by_test_id("stButton").get_by_text("Importieren").count() == 0
    page.screenshot(path=str(SHOTS / "daten-pruefbericht.png"), full_page=True)
    fixed = tmp_path / "ok" / "Akteure.csv"
    fixed.parent.mkdir()
    fixed.write_text("ID;Name;Typ;Sektor\nneu-1;Neuer Verein;Verein;kultur\n", encoding="utf-8")
    page.goto(page.url.rsplit("/", 1)[0] + "/")  # a new session from the root: the uploader is empty again
    settle(page)
    goto(page, "Daten")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(fixed))
    settle(page)
    page.get_by_test_id("stButton").get_by_text("Importieren").click()
    settle(page)
    page.get_by_text("Importiert:", exact=False).wait_for(timeout=30_000)
    watch.check()
