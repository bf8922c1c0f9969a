"""The steering-committee report: PDF and HTML, German characters, offline, anonymised on request."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DEMO, OUTPUT, run_cli
from pypdf import PdfReader

from graph.errors import DataError
from graph.io.validate import load_or_raise
from graph.report.content import build_report, restrict
from graph.report.render import render_html, render_pdf, write_report

DAY = dt.date(2026, 10, 1)
SECTIONS = [
    "Das Netzwerk auf einen Blick",
    "Brückenakteure und Risiken",
    "Lücken",
    "Doppelstrukturen",
    "Gremienstruktur",
    "Fehlende Verbindungen",
    "Veränderung seit 01.01.2025",
    "Methoden, Daten und Schwellenwerte",
]


@pytest.fixture(scope="module")
def demo():
    return load_or_raise(DEMO)


@pytest.fixture(scope="module")
def report(demo):
    return build_report(demo, as_of=DAY, since=dt.date(2025, 1, 1), generated=dt.date(2026, 11, 22))


@pytest.fixture(scope="module")
def pdf(report):
    return render_pdf(report)


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_pdf_has_a_title_page_and_every_section_with_umlauts(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    assert 5 <= len(reader.pages) <= 14
    first = reader.pages[0].extract_text()
    assert "Bildungsnetzwerk Landkreis Musterau" in first and "Datenstand 01.10.2026" in first
    assert "erstellt am 22.11.2026" in first
    text = text_of(pdf)
    for title in SECTIONS:
        assert title in text
    for word in ("Brückenakteure", "Lücken", "Übergang", "Größe", "Schlüsselakteur", "Bildungsbüro Landkreis Musterau"):
        assert word in text
    assert "\ufffd" not in text and "■" not in text  # no replacement or placeholder glyphs


def test_pdf_embeds_its_fonts(pdf):
    fonts = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor, font["/BaseFont"]
            fonts.add(str(font["/BaseFont"]))
    assert any("DejaVu" in f for f in fonts)


def test_the_report_names_the_planted_findings(report):
    text = " ".join(
        " ".join(s.paragraphs + s.bullets + [c for t in s.tables for row in t.rows for c in row])
        for s in report.sections
    )
    assert "Kreisvolkshochschule Musterau" in text and "Musterau-Nordstadt" in text
    assert "Familienzentrum Regenbogen" in text and "Arbeitskreis Berufsorientierung" in text


def test_html_is_one_file_that_loads_nothing_from_another_host(report):
    html = render_html(report)
    assert "default-src 'none'" in html
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert html.count("data:image/png;base64,") == 3
    for title in SECTIONS:
        assert title in html


def test_an_anonymised_report_contains_no_actor_name(demo):
    anonymous = build_report(demo, as_of=DAY, anonymous=True)
    text = text_of(render_pdf(anonymous)) + render_html(anonymous)
    names = [p["name"] for p in demo.nodes["Actor"].values()]
    assert [n for n in names if n in text] == []
    assert "anonymisiert" in text and "Volkshochschule Kreis-1" in text  # the only VHS: no area code


def test_no_person_appears_even_with_contact_persons_in_the_data(demo):
    text = render_html(build_report(demo, as_of=DAY))
    for person in demo.nodes["Person"].values() if demo.nodes["Person"] else []:
        assert person.get("name", "§§") not in text and person.get("email", "§§") not in text


def test_a_report_for_one_area_covers_only_it(demo):
    part = restrict(demo, "geb-g01")
    assert part.nodes["Actor"] and all(a in demo.nodes["Actor"] for a in part.nodes["Actor"])
    assert len(part.nodes["Actor"]) < len(demo.nodes["Actor"])
    report = build_report(demo, as_of=DAY, area="geb-g01")
    assert report.title == "Bildungsnetzwerk Musterau"
    with pytest.raises(DataError, match="gibt es nicht"):
        restrict(demo, "geb-xyz")


def test_report_command_writes_pdf_and_html_and_pages_are_kept_as_pictures(tmp_path, pdf):
    refused = run_cli("report", str(tmp_path / "b.pdf"), "--input", str(DEMO), "--anlage", str(tmp_path / "a.csv"))
    assert refused.returncode != 0 and "braucht die Endung .xlsx" in refused.stderr
    assert not (tmp_path / "b.pdf").exists()
    for name, more in (("bericht.pdf", []), ("bericht.html", ["--anlage", str(tmp_path / "tabellen.xlsx")])):
        result = run_cli("report", str(tmp_path / name), "--input", str(DEMO), "--as-of", "2026-10-01", *more)
        assert result.returncode == 0, result.stderr
    assert (tmp_path / "bericht.pdf").read_bytes().startswith(b"%PDF")
    assert (tmp_path / "tabellen.xlsx").read_bytes().startswith(b"PK") and "tabellen.xlsx" in result.stdout
    with pytest.raises(DataError, match="Berichtsformat"):
        write_report(build_report(load_or_raise(DEMO), as_of=DAY), tmp_path / "bericht.docx")
    assert (tmp_path / "bericht-anlage.xlsx").exists()  # the annex, beside the report
    shots = OUTPUT / "report"
    shots.mkdir(parents=True, exist_ok=True)
    for old in shots.glob("seite-*.png"):
        old.unlink()
    (shots / "bericht.pdf").write_bytes(pdf)
    if shutil.which("pdftoppm"):
        # an overview at 60 dpi, every page at 100 dpi (about the printed size on a screen)
        for dpi, prefix in (("60", "seite-uebersicht"), ("100", "seite")):
            subprocess.run(["pdftoppm", "-r", dpi, "-png", str(shots / "bericht.pdf"), str(shots / prefix)], check=True)
        assert len(list(shots.glob("seite-[0-9]*.png"))) == len(PdfReader(io.BytesIO(pdf)).pages)


def test_conference_plan_as_workbook_and_printable_pdf(tmp_path):
    from openpyxl import load_workbook

    for name in ("plan.xlsx", "plan.pdf"):
        result = run_cli(
            "conference",
            str(tmp_path / name),
            "--input",
            str(DEMO),
            "--as-of",
            "2026-10-01",
            "--tables",
            "6",
            "--size",
            "5",
        )
        assert result.returncode == 0, result.stderr
    workbook = load_workbook(tmp_path / "plan.xlsx")
    assert workbook.sheetnames == ["Einladungsliste", "Tischplan"]
    plan = list(workbook["Tischplan"].iter_rows(values_only=True))
    assert plan[0] == ("Tisch", "Organisation", "Typ", "Gemeinschaft", "Begründung", "ID") and len(plan) == 1 + 30
    assert {row[0] for row in plan[1:]} == set(range(1, 7))
    text = text_of((tmp_path / "plan.pdf").read_bytes())
    assert "Tisch 6" in text and "Einladungsliste" in text and "Begründung" not in text.split("Tisch 1")[0]


def test_an_anonymised_conference_plan_names_no_organisation(demo, tmp_path):
    from graph.report.conference import plan

    invitations, table_plan = plan(demo, as_of=DAY, tables=4, size=5, anonymous=True)
    names = {p["name"] for p in demo.nodes["Actor"].values()}
    assert not names & set(invitations["Organisation"]) and not names & set(table_plan["Organisation"])
    assert not any(n in reason for n in names for reason in table_plan["Begründung"])


def test_an_anonymised_report_finds_the_same_duplicates_as_the_named_one(demo):
    # the search runs on the real names: pseudonyms such as "Kita G03-1" and "Kita G03-2" must not look alike
    def duplicates(report):
        [section] = [s for s in report.sections if s.title == "Doppelstrukturen"]
        return section.paragraphs[0], len(section.bullets)

    assert duplicates(build_report(demo, as_of=DAY, anonymous=True)) == duplicates(build_report(demo, as_of=DAY))


def test_an_anonymised_conference_plan_seats_the_same_organisations_as_the_named_one(demo):
    from graph.report.conference import plan

    named, _ = plan(demo, as_of=DAY, tables=4, size=5)
    anonymous, seating = plan(demo, as_of=DAY, tables=4, size=5, anonymous=True)
    assert sorted(named["Tisch"]) == sorted(anonymous["Tisch"])
    assert named["Typ"].value_counts().to_dict() == anonymous["Typ"].value_counts().to_dict()
    names = {p["name"] for p in demo.nodes["Actor"].values()}
    assert not names & set(seating["Organisation"]) and not names & set(anonymous["Organisation"])


def structure(pdf: bytes) -> tuple[PdfReader, list[dict]]:
    """The reader and every element of the PDF's structure tree (depth first, in reading order)."""
    reader = PdfReader(io.BytesIO(pdf))
    elements: list[dict] = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, list):
            for child in node:
                walk(child)
        elif isinstance(node, dict):
            if "/S" in node:
                elements.append(node)
            if "/K" in node:
                walk(node["/K"])

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return reader, elements


def test_pdf_is_tagged_with_language_title_and_the_given_creation_date(pdf, report):
    reader, elements = structure(pdf)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de" and root["/MarkInfo"]["/Marked"]
    assert "/Outlines" in root  # bookmarks from the headings
    assert reader.metadata.title == report.title == "Bildungsnetzwerk Landkreis Musterau"
    assert reader.metadata.creation_date.date() == dt.date(2026, 11, 22)
    kinds = [str(e["/S"]) for e in elements]
    assert kinds.count("/H1") == 1 and kinds.count("/H2") == 1 + len(SECTIONS) and "/Table" in kinds
    # reading order: the title, then page 1's heading, then the sections in their order
    headings = [e for e in elements if e["/S"] in ("/H1", "/H2")]
    assert len(headings) == 2 + len(SECTIONS)
    figures = [e for e in elements if e["/S"] == "/Figure"]
    assert len(figures) == 3 and all(len(str(f.get("/Alt", ""))) > 80 for f in figures)
    assert "412 Akteure" in str(figures[0]["/Alt"]) and "732 Kooperationen" in str(figures[0]["/Alt"])


def test_every_picture_has_a_german_alternative_text_saying_what_it_shows(report):
    from html.parser import HTMLParser

    class Images(HTMLParser):
        def __init__(self):
            super().__init__()
            self.alts: list[str] = []

        def handle_starttag(self, tag, attrs):
            if tag == "img":
                self.alts.append(dict(attrs).get("alt") or "")

    parser = Images()
    parser.feed(render_html(report))
    assert len(parser.alts) == 3
    network, heatmap, tree = parser.alts
    assert tree.startswith("Baumbild der Gremienstruktur in Landkreis Musterau am 01.10.2026")
    assert network.startswith("Netzwerkbild der Kooperationen in Landkreis Musterau am 01.10.2026: 412 Akteure")
    assert "Bildungsbüro Landkreis Musterau" in network and "größten Gruppen" in network
    assert "Gebiete in Zeilen" in heatmap and "ohne Angebot: " in heatmap and "Musterau-Nordstadt" in heatmap


def test_page_one_leads_with_key_messages_that_point_to_the_right_page(pdf, report):
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]
    first = pages[0]
    assert "Das Wichtigste in Kürze" in first and "Empfohlene nächste Schritte" in first
    assert 3 <= len(report.messages) <= 6 and 1 <= len(report.steps) <= 6
    references = re.findall(r"Abschnitt (\d) „([^“]+)“, Seite (\d+)", " ".join(first.split()))
    assert len(references) >= len(report.messages)
    for number, title, page in references:
        heading = f"{number}. {title}"
        assert heading in " ".join(pages[int(page) - 1].split()), (heading, page)


def test_html_key_messages_link_to_their_sections(report):
    html = render_html(report)
    for message in report.messages + report.steps:
        assert f'href="#{message.section}"' in html and f'id="{message.section}"' in html


def test_the_pdf_renderer_refuses_every_url_but_files_and_inline_data():
    from graph.report.render import url_fetcher

    fetcher = url_fetcher()
    for url in ("https://fonts.example.org/font.woff2", "http://127.0.0.1:9/x.png", "ftp://example.org/a"):
        with pytest.raises(ValueError, match="disallowed protocol"):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,ok").read() == b"ok"


def test_the_pdf_takes_its_fonts_from_matplotlibs_files(report):
    import matplotlib

    html = render_html(report, pdf=True)
    fonts = re.findall(r'src: url\("([^"]+)"\)', html)
    folder = (Path(matplotlib.get_data_path()) / "fonts" / "ttf").resolve().as_uri()
    assert fonts == [f"{folder}/DejaVuSans.ttf", f"{folder}/DejaVuSans-Bold.ttf"]
    assert "url(" not in render_html(report)  # the HTML download names no file at all


def test_an_anonymised_report_states_as_many_findings_and_messages_as_the_named_one(demo, report):
    anonymous = build_report(
        demo, as_of=DAY, since=dt.date(2025, 1, 1), generated=dt.date(2026, 11, 22), anonymous=True
    )
    assert [m.kind for m in anonymous.messages] == [m.kind for m in report.messages]
    assert [m.kind for m in anonymous.steps] == [m.kind for m in report.steps]

    def shape(r):
        return [(len(s.bullets), s.more_bullets, [(len(t.rows), t.more) for t in s.tables]) for s in r.sections]

    assert shape(anonymous) == shape(report)
    text = " ".join(text_of(render_pdf(anonymous)).split())
    names = {p["name"] for p in demo.nodes["Actor"].values()}
    assert [n for n in names if n in text] == []


def test_the_network_picture_has_a_landscape_page_and_is_printed_near_full_size(pdf):
    # the picture is drawn for A4 landscape (names at 8 pt): printed at 7/8 of that or more, no name is below 7 pt
    landscape = [p for p in PdfReader(io.BytesIO(pdf)).pages if p.mediabox.width > p.mediabox.height]
    assert len(landscape) == 2  # the network and the committee tree
    [page] = [p for p in landscape if "Beschriftet sind auch die Brückenakteure" in p.extract_text()]
    assert "Beschriftet sind auch die Brückenakteure" in page.extract_text()  # the caption stays with it
    content = page.get_contents().get_data().decode("latin-1")
    widths = [
        float(m.group(1)) * 0.75 for m in re.finditer(r"([\d.]+) 0 0 -?[\d.]+ [\d.]+ [\d.]+ cm\s*/\w+ Do", content)
    ]
    assert widths and max(widths) >= 7 / 8 * float(page.mediabox.width)  # WeasyPrint draws in CSS px (0.75 pt)


def test_lists_show_ten_and_the_excel_annex_holds_every_row(report):
    from openpyxl import load_workbook

    from graph.report.render import annex_bytes

    brokers = next(s for s in report.sections if s.anchor == "brueckenakteure").tables[0]
    assert len(brokers.rows) == 10 and brokers.more == 412 - 10  # one row per actor in the network (412 on the day)
    links = next(s for s in report.sections if s.anchor == "fehlende-verbindungen").tables[0]
    assert len(links.rows) == 10 and links.more == 40
    workbook = load_workbook(io.BytesIO(annex_bytes(report)))
    assert workbook.sheetnames[0] == "Inhalt"
    assert workbook.sheetnames[1:4] == ["Brückenakteure", "Risiken", "Angebotslücken"]
    assert workbook["Brückenakteure"].max_row == 1 + 10 + brokers.more
    assert workbook["Fehlende Verbindungen"].max_row == 1 + 50
    assert [c.value for c in workbook["Brückenakteure"][1]][:2] == ["Akteur", "Vermittlung (Betweenness)"]
    inhalt = [row for row in workbook["Inhalt"].iter_rows(values_only=True)]
    assert inhalt[0] == ("Blatt", "Inhalt") and "Bildungsnetzwerk Landkreis Musterau" in inhalt[1][1]
    html = render_html(report)
    assert f"… weitere {brokers.more} in der Excel-Anlage (Blatt „Brückenakteure“)." in html


def test_short_tables_stay_on_one_page_with_their_caption(pdf, report):
    pages = [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]
    checked = 0
    for section in report.sections:
        for table in section.tables:
            if not table.rows or len(table.rows) > 15:
                continue
            [page] = [p for p in pages if table.caption in p]
            for row in (table.rows[0], table.rows[-1]):
                assert " ".join(max(row, key=len).split()) in page, (table.caption, row)
            assert "… weitere" not in table.caption
            if table.more:
                assert f"… weitere {table.more} in der Excel-Anlage" in page  # the note stays with its table
            checked += 1
    assert checked >= 5


def test_every_picture_stays_on_one_page_with_its_caption(pdf, report):
    pages = PdfReader(io.BytesIO(pdf)).pages
    for picture in (p for s in report.sections for p in s.pictures):
        start = " ".join(picture.caption.split())[:60]
        [page] = [p for p in pages if start in " ".join(p.extract_text().split())]
        assert "/XObject" in page["/Resources"], start  # the picture is drawn on the caption's page
