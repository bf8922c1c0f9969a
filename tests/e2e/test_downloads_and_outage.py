"""In the browser at 1366×768: the table plan downloads what the page shows, and a stopped database is noticed.

Screenshots of the pages this covers (Lücken, Fehlende Verbindungen & Konferenz, Berichte, Daten, the
notice while the database is down) go to test-output/e2e/ as ``1366-*.png``.
"""

from __future__ import annotations

import harness
import pytest
from conftest import OUTPUT
from harness import cli, fresh_env, settle, start_app, stop
from openpyxl import load_workbook

from graph.db.engine import EmbeddedEngine

pytestmark = pytest.mark.slow
browser = harness.browser
SHOTS = OUTPUT / "e2e"
DOWN = "Die Datenbank ist nicht erreichbar"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """The app on its own data dir with the demo district (the last test stops and restarts its engine)."""
    data = tmp_path_factory.mktemp("e2e-robust")
    env = fresh_env(data)
    server, url = start_app(env)
    yield url, env, data
    stop(server, env)


@pytest.fixture(scope="module")
def page(browser, app):
    url = app[0]
    context = browser.new_context(viewport={"width": 1366, "height": 768}, accept_downloads=True)
    tab = context.new_page()
    tab.goto(url)
    settle(tab)
    yield tab
    context.close()


def goto(page, title: str) -> None:
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title, exact=True).click()
    page.locator("h1", has_text=title).first.wait_for(timeout=90_000)
    settle(page)


def shot(page, name: str, element=None) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    if element is not None:
        element.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
    page.screenshot(path=str(SHOTS / f"1366-{name}.png"))


def tables_in(path) -> int:
    sheet = load_workbook(path)["Tischplan"]
    header = [c.value for c in sheet[1]]
    column = header.index("Tisch")
    return len({row[column] for row in sheet.iter_rows(min_row=2, values_only=True)})


def download(page, button, tmp_path):
    with page.expect_download(timeout=30_000) as info:
        button.click()
    target = tmp_path / info.value.suggested_filename
    info.value.save_as(target)
    return target


def test_the_table_plan_downloads_exactly_the_plan_the_page_shows_also_right_after_a_change(page, tmp_path):
    goto(page, "Fehlende Verbindungen & Konferenz")
    page.get_by_test_id("stVegaLiteChart").first.wait_for(timeout=30_000)
    page.wait_for_timeout(800)  # the bars are drawn
    shot(page, "verbindungen")
    tables = page.locator(".st-key-conf_tables input")
    xlsx = page.locator(".st-key-conference_xlsx button")
    shot(page, "verbindungen-tischplan", page.get_by_text("Tischplan für 10 Tische"))
    # typed but not applied: the file is still the plan shown (10 tables), and says so in its name
    tables.fill("12")
    first = download(page, xlsx, tmp_path)
    assert first.name == "tischplan-10-tische-8-plaetze.xlsx" and tables_in(first) == 10
    # applied and clicked at once, while the page runs again: a file arrives (before: nothing at all)
    page.get_by_test_id("stFormSubmitButton").get_by_text("Tischplan berechnen").click()
    page.wait_for_timeout(50)
    racing = download(page, xlsx, tmp_path)
    assert tables_in(racing) == int(racing.name.split("-")[1])  # whichever it is, the name tells
    settle(page)
    page.get_by_text("Tischplan für 12 Tische à 8 Plätze").wait_for(timeout=30_000)
    after = download(page, xlsx, tmp_path)
    assert after.name == "tischplan-12-tische-8-plaetze.xlsx" and tables_in(after) == 12
    # the Berichte page has no inputs of its own: it uses these settings and links here
    goto(page, "Berichte")
    page.get_by_text("12 Tische à 8 Plätze").wait_for(timeout=30_000)
    assert page.locator(".st-key-reports_tables").count() == 0
    page.get_by_test_id("stButton").get_by_text("Tischplan erstellen").click()
    settle(page)
    report = download(page, page.locator(".st-key-reports_plan_xlsx button"), tmp_path)
    assert report.name == "tischplan-12-tische-8-plaetze.xlsx" and tables_in(report) == 12
    shot(page, "berichte", page.get_by_text("12 Tische à 8 Plätze"))


def test_the_gap_heatmap_names_every_area_and_filters_with_only_gaps(page):
    goto(page, "Lücken")
    heading = page.get_by_text("Gemeinden und Sozialräume")
    shot(page, "luecken", heading)
    charts = page.get_by_test_id("stVegaLiteChart")
    charts.nth(1).wait_for(timeout=30_000)
    assert charts.count() == 2  # the Kreis on a line of its own, then the areas
    shot(page, "luecken-unten", page.get_by_text("Abgehängte Akteure"))
    page.get_by_text("nur Lücken").click()
    settle(page)
    shot(page, "luecken-nur-luecken", page.get_by_text("Gezeigt: nur Gebiete mit einer Lücke."))


def test_the_data_page_offers_the_template_and_the_report_as_files(page, tmp_path):
    goto(page, "Daten")
    template = download(page, page.get_by_test_id("stDownloadButton").get_by_text("Leere Vorlage (Excel)"), tmp_path)
    assert template.name == "bildungsnetz-vorlage.xlsx" and "Werte" in load_workbook(template).sheetnames
    broken = tmp_path / "Akteure.csv"
    broken.write_text("ID;Name;Typ;Sektor;Farbe\nneu-1;Neuer Verein;Vereinn;kultur;blau\n", encoding="utf-8")
    page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(broken))
    settle(page)
    page.get_by_text("1 Fehler, 1 Hinweis").wait_for(timeout=30_000)
    report = download(page, page.get_by_test_id("stDownloadButton").get_by_text("Prüfbericht als CSV"), tmp_path)
    lines = report.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "Blatt/Datei;Zeile;Spalte;Art;Meldung" and ";Fehler;" in lines[1] and ";Hinweis;" in lines[2]
    shot(page, "daten-pruefbericht", page.get_by_text("1 Fehler, 1 Hinweis"))


def test_a_stopped_database_is_named_on_an_untouched_page_within_5_s_and_the_page_comes_back(page, app):
    _, env, data = app
    goto(page, "Überblick")
    EmbeddedEngine(data).stop()
    page.get_by_text(DOWN).first.wait_for(timeout=5_000)  # nobody clicked anything
    shot(page, "datenbank-nicht-erreichbar")
    cli(env, "engine", "start")
    page.locator("h1", has_text="Überblick").first.wait_for(timeout=30_000)
    settle(page)
    assert page.get_by_text(DOWN).count() == 0
