"""The conference outputs a Bildungsbüro prints and sorts: the table-plan PDF and the workbook."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess

import pytest
from conftest import DEMO, OUTPUT
from openpyxl import load_workbook
from pypdf import PdfReader

from graph.dataset import Dataset, Rel
from graph.io.validate import load_or_raise
from graph.report.conference import plan, plan_bytes, write_plan

DAY = dt.date(2026, 10, 1)
MADE = dt.datetime(2026, 11, 30, 9, 15, tzinfo=dt.UTC)
LONG = "Förderverein der Freiwilligen Feuerwehr und Jugendfeuerwehr Lindenau-Nord e.V."
NAMES = {
    "kita-1": "Kita Sonnenschein",
    "gs-1": "Grundschule Lindenau",
    "bib-1": "Bücherei Lindenau",
    "kita-2": "Kita Regenbogen",
    "gs-2": "Grundschule Auendorf",
    "ver-2": LONG,
}


def district() -> Dataset:
    """Six organisations in two Gemeinden of the Landkreis Test; one with a long name; three cooperations."""
    ds = Dataset()
    ds.add_node("Area", "kreis", {"name": "Landkreis Test", "area_type": "kreis"})
    for area, name in (("g1", "Lindenau"), ("g2", "Auendorf")):
        ds.add_node("Area", area, {"name": name, "area_type": "gemeinde"})
        ds.add_rel(Rel("PART_OF", "Area", area, "Area", "kreis"))
    kinds = {
        "kita-1": ("kita", "fruehe_bildung", "g1"),
        "gs-1": ("grundschule", "schule", "g1"),
        "bib-1": ("bibliothek", "kultur", "g1"),
        "kita-2": ("kita", "fruehe_bildung", "g2"),
        "gs-2": ("grundschule", "schule", "g2"),
        "ver-2": ("verein", "zivilgesellschaft", "g2"),
    }
    for actor, (kind, sector, area) in kinds.items():
        ds.add_node("Actor", actor, {"name": NAMES[actor], "actor_type": kind, "sector": sector})
        ds.add_rel(Rel("LOCATED_IN", "Actor", actor, "Area", area))
    for n, (a, b) in enumerate((("kita-2", "gs-2"), ("gs-2", "ver-2"), ("bib-1", "ver-2"))):
        ds.add_rel(Rel("COOPERATES_WITH", "Actor", a, "Actor", b, {"id": f"ko-{n}"}))
    return ds


def squeeze(text: str) -> str:
    """Text without any white space: a name wrapped over two lines of a cell is found again."""
    return "".join(text.split())


# -- PDF -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    return load_or_raise(DEMO)


@pytest.fixture(scope="module")
def demo_pdf(demo):
    data = plan_bytes(demo, "pdf", as_of=DAY, tables=10, size=8, generated=MADE)
    shots = OUTPUT / "tischplan"
    shots.mkdir(parents=True, exist_ok=True)
    (shots / "tischplan-10-tische-8-plaetze.pdf").write_bytes(data)
    (shots / "tischplan-10-tische-8-plaetze.xlsx").write_bytes(
        plan_bytes(demo, "xlsx", as_of=DAY, tables=10, size=8, generated=MADE)
    )
    if shutil.which("pdftoppm"):  # every page at 100 dpi, about the printed size on a screen
        for old in shots.glob("seite-*.png"):
            old.unlink()
        pdf = shots / "tischplan-10-tische-8-plaetze.pdf"
        subprocess.run(["pdftoppm", "-r", "100", "-png", str(pdf), str(shots / "seite")], check=True)
    return data


def test_every_table_block_stands_on_one_page_with_all_its_members(demo, demo_pdf):
    _, table_plan = plan(demo, as_of=DAY, tables=10, size=8)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(demo_pdf)).pages]
    for number, seats in table_plan.groupby("Tisch"):
        heading = re.compile(rf"^Tisch {number}$", re.M)
        [page] = [text for text in pages if heading.search(text)]  # the heading is on exactly one page
        for name in seats["Organisation"]:
            assert squeeze(name) in squeeze(page), (number, name)


def test_tables_of_twenty_seats_also_stand_on_one_page_without_the_reasons(demo):
    data = plan_bytes(demo, "pdf", as_of=DAY, tables=5, size=20, generated=MADE)
    _, table_plan = plan(demo, as_of=DAY, tables=5, size=20)
    pages = [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]
    for number, seats in table_plan.groupby("Tisch"):
        [page] = [text for text in pages if re.search(rf"^Tisch {number}$", text, re.M)]
        assert all(squeeze(name) in squeeze(page) for name in seats["Organisation"]), number
        assert "steht in der Excel-Datei" in page.replace("\n", " ")
    assert "Warum an diesem Tisch" not in "".join(pages)


def test_the_cover_says_what_the_plan_is_and_how_it_was_made(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf))
    cover = reader.pages[0].extract_text()
    assert "Tischplan – Bildungskonferenz" in cover and "Landkreis Musterau" in cover
    assert "Stand der Daten: 01.10.2026" in cover and "erstellt am 30.11.2026" in cover
    facts = squeeze(cover)
    for value, label in (("10", "Tische"), ("8", "PlätzejeTisch"), ("80", "Plätze"), ("80", "Eingeladen")):
        assert value + label in facts
    assert "Eingeladen sind die stärksten Brückenakteure" in cover.replace("\n", " ")
    assert not re.search(r"^Tisch \d+$", cover, re.M)  # the tables start on the next page


def test_every_page_is_numbered_and_the_pdf_is_tagged_with_title_author_date_and_language(demo_pdf):
    reader = PdfReader(io.BytesIO(demo_pdf))
    total = len(reader.pages)
    for number, page in enumerate(reader.pages, start=1):
        assert f"Seite {number} von {total}" in page.extract_text()
    meta = reader.metadata
    assert meta.title == "Tischplan – Bildungskonferenz Landkreis Musterau"
    assert meta.author == "Bildungsnetz"
    assert meta.creation_date.astimezone(dt.UTC) == MADE
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "de" and root["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in root


def test_no_text_is_smaller_than_nine_points(demo_pdf):
    sizes: list[float] = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            scale = (abs(tm[0] * tm[3] - tm[1] * tm[2]) ** 0.5) * (abs(cm[0] * cm[3] - cm[1] * cm[2]) ** 0.5)
            sizes.append(size * scale)

    for page in PdfReader(io.BytesIO(demo_pdf)).pages[:3]:
        page.extract_text(visitor_text=visit)
    assert sizes and min(sizes) >= 9 - 0.01


def test_the_creation_date_is_now_when_none_is_given(tmp_path):
    before = dt.datetime.now(dt.UTC).replace(microsecond=0)
    write_plan(district(), tmp_path / "plan.pdf", as_of=DAY, tables=2, size=3)
    created = PdfReader(tmp_path / "plan.pdf").metadata.creation_date.astimezone(dt.UTC)
    assert before - dt.timedelta(seconds=1) <= created <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)


def test_the_pdf_escapes_names_and_uses_a_given_title(tmp_path):
    ds = district()
    ds.nodes["Actor"]["kita-1"]["name"] = 'Kita <b>"Sonne"</b> & Mond'
    write_plan(ds, tmp_path / "plan.pdf", as_of=DAY, tables=2, size=3, title="4. Bildungskonferenz 2026")
    reader = PdfReader(tmp_path / "plan.pdf")
    text = "\n".join(p.extract_text() for p in reader.pages)
    assert 'Kita <b>"Sonne"</b> & Mond' in text
    assert reader.metadata.title == "Tischplan – 4. Bildungskonferenz 2026"


def test_an_anonymised_pdf_names_no_organisation_area_or_id(tmp_path):
    ds = district()
    # a Träger named like the district, and a Bildungskonferenz named after an organisation
    ds.add_node("Institution", "tr-1", {"name": "Landkreis Test"})
    ds.add_rel(Rel("RUNS", "Institution", "tr-1", "Actor", "gs-1"))
    conference = {"name": "Bildungskonferenz bei der Grundschule Lindenau", "committee_type": "bildungskonferenz"}
    ds.add_node("Committee", "bk", conference)
    write_plan(ds, tmp_path / "plan.pdf", as_of=DAY, tables=2, size=3, anonymous=True)
    reader = PdfReader(tmp_path / "plan.pdf")
    text = squeeze("\n".join(p.extract_text() for p in reader.pages))
    for actor, name in NAMES.items():
        assert squeeze(name) not in text and actor not in text
    assert "anonymisiert" in text and "Träger" not in text
    assert reader.metadata.title == "Tischplan – Bildungskonferenz Landkreis Test"


# -- xlsx ------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    ds = district()
    ds.nodes["Actor"]["bib-1"]["name"] = '=HYPERLINK("http://x")'
    path = tmp_path_factory.mktemp("plan") / "plan.xlsx"
    write_plan(ds, path, as_of=DAY, tables=2, size=3)
    return load_workbook(path)


def test_the_workbook_has_german_headers_and_the_actor_id_last(workbook):
    invitations, table_plan = workbook["Einladungsliste"], workbook["Tischplan"]
    assert [c.value for c in invitations[1]] == [
        "Organisation",
        "Typ",
        "Sektor",
        "Gebiet",
        "Gemeinschaft",
        "Tisch",
        "Begründung",
        "ID",
    ]
    assert [c.value for c in table_plan[1]] == ["Tisch", "Organisation", "Typ", "Gemeinschaft", "Begründung", "ID"]
    rows = {row[7]: row for row in invitations.iter_rows(min_row=2, values_only=True)}
    assert set(rows) == set(NAMES)
    assert rows["ver-2"][0] == LONG and rows["ver-2"][1] == "Verein" and rows["ver-2"][3] == "Auendorf"
    assert rows["bib-1"][0] == '\'=HYPERLINK("http://x")'  # neutralised, not a formula
    seats = list(table_plan.iter_rows(min_row=2, values_only=True))
    assert len(seats) == 6 and {r[0] for r in seats} == {1, 2} and {r[5] for r in seats} == set(NAMES)


def test_every_sheet_has_a_filter_a_frozen_header_wrapped_text_and_fitting_widths(workbook):
    for ws in (workbook["Einladungsliste"], workbook["Tischplan"]):
        assert ws.auto_filter.ref == ws.dimensions == f"A1:{ws.cell(1, ws.max_column).column_letter}7"
        assert ws.freeze_panes == "A2"
        assert all(cell.alignment.wrap_text for row in ws.iter_rows(min_row=2) for cell in row)
        assert all(cell.font.bold for cell in ws[1])
        widths = {c.value: ws.column_dimensions[c.column_letter].width for c in ws[1]}
        assert widths["Organisation"] >= len(LONG) * 0.7 > 13  # the default is 8.43 (13 with openpyxl)
        assert widths["Begründung"] > widths["Organisation"] or widths["Begründung"] == 60
        assert widths["Tisch"] < 12 and widths["ID"] < 14


def test_an_anonymised_workbook_has_neither_names_nor_ids_nor_areas(tmp_path):
    path = tmp_path / "plan.xlsx"
    write_plan(district(), path, as_of=DAY, tables=2, size=3, anonymous=True)
    book = load_workbook(path)
    cells = [str(c) for ws in book for row in ws.iter_rows(values_only=True) for c in row if c is not None]
    assert "ID" not in cells and "Gebiet" not in cells
    for actor, name in NAMES.items():
        assert not any(name in c or c == actor for c in cells)
    assert not any(area in c for area in ("Lindenau", "Auendorf") for c in cells)
