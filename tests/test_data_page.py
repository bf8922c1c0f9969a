"""The Daten page and what it hands out: the empty template, the Prüfbericht, the guard against wiping the district."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import pytest
from conftest import DEMO, ROOT
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from graph import importing, model
from graph.errors import DataError
from graph.io.export import template_choices, write_template_xlsx, write_templates
from graph.io.problems import Problem
from graph.io.validate import load, load_or_raise

TEMPLATE = ROOT / "data" / "templates" / "bildungsnetz-vorlage.xlsx"
TIMEOUT = 120


@pytest.fixture(autouse=True)
def served_on_loopback():
    """The app as ``bildungsnetz serve`` runs it: bound to 127.0.0.1 (single-user local mode allowed)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture(scope="module")
def demo_loaded(embedded_store):
    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)
    return embedded_store


def data_page() -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    at.session_state["test_page"] = "data"
    at.session_state["as_of"] = dt.date(2026, 10, 1)
    return at.run()


def upload(at: AppTest, *files: tuple[str, bytes]) -> AppTest:
    at.file_uploader(key="upload_files").set_value(
        [(name, content, "application/octet-stream") for name, content in files]
    )
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


# -- the empty template ------------------------------------------------------------------------------


def written_template(tmp_path: Path) -> Path:
    path = tmp_path / "vorlage.xlsx"
    write_template_xlsx(path)
    return path


def test_the_template_marks_every_required_column_with_a_star_bold_colour_and_comment(tmp_path):
    workbook = load_workbook(written_template(tmp_path))
    for sheet in model.SHEETS:
        ws = workbook[sheet.name]
        for index, column in enumerate(sheet.columns, start=1):
            cell = ws.cell(1, index)
            assert cell.font.bold
            if column.required:
                assert cell.value == column.header + "*"
                assert cell.fill.fgColor.rgb.endswith("FCE4D6") and "Pflichtspalte" in cell.comment.text
            else:
                assert cell.value == column.header and cell.comment is None


def test_the_template_offers_the_german_labels_as_drop_downs_from_a_hidden_value_sheet(tmp_path):
    workbook = load_workbook(written_template(tmp_path))
    values = workbook[model.VALUES_SHEET]
    assert values.sheet_state == "hidden"
    ws = workbook["Akteure"]
    lists = {str(dv.sqref): dv for dv in ws.data_validations.dataValidation if dv.type == "list"}
    assert set(lists) == {"C2:C1048576", "D2:D1048576"}  # Typ and Sektor; Bildungsbereiche takes several values
    name = lists["C2:C1048576"].formula1.lstrip("=")
    sheet_name, cells = workbook.defined_names[name].attr_text.split("!")
    assert sheet_name.strip("'") == model.VALUES_SHEET
    first, last = cells.replace("$", "").split(":")
    shown = [c.value for (c,) in values[f"{first}:{last}"]]
    assert shown == list(model.VOCABULARIES["actor_type"].values())
    assert lists["C2:C1048576"].errorStyle == "warning"  # a key such as „grundschule“ stays possible
    offers = {str(dv.sqref) for dv in workbook["Angebote"].data_validations.dataValidation if dv.type == "list"}
    assert {"D2:D1048576", "L2:L1048576"} <= offers  # Bildungsbereich and Barrierefrei (ja/nein)


@pytest.mark.parametrize(
    "column", [c for s in model.SHEETS for c in s.columns if template_choices(c)], ids=lambda c: c.header
)
def test_every_value_a_drop_down_offers_is_accepted_by_the_import(column):
    for value in template_choices(column) or []:
        if column.kind == "bool":
            assert value in ("ja", "nein")
        else:
            assert model.VOCAB_INDEX[str(column.vocab)].resolve(value) is not None, value


def test_a_template_filled_in_with_drop_down_values_imports_without_any_problem(tmp_path):
    path = written_template(tmp_path)
    workbook = load_workbook(path)
    rows = {
        "Gebiete": [["kreis", "Testkreis", "Kreis", None, None, 1000]],
        "Traeger": [["tr-1", "Stadt", "öffentlich"]],
        "Akteure": [
            ["ak-1", "Kita Sonne", "Kita", "Frühe Bildung", "tr-1", "kreis"],
            ["ak-2", "Grundschule Mitte", "Grundschule", "Schule", None, "kreis"],
        ],
        "Angebote": [["an-1", "Sprachkurs", "ak-1", "Frühkindliche Bildung", "unter 3", None, None, "formal"]],
        "Kooperationen": [[None, "ak-1", "ak-2", "Abstimmung", "monatlich", "Vertrag"]],
        "Gremien": [["gr-1", "Bildungskonferenz", "Bildungskonferenz"]],
        "Mitgliedschaften": [["gr-1", "ak-1", "Vorsitz"]],
        "Ansprechpersonen": [["p-1", "ak-1", "Leitung", None, None, None, "ja"]],
    }
    for name, values in rows.items():
        for row in values:
            workbook[name].append(row)
    workbook.save(path)
    result = load(path, None)
    assert result.problems == []
    counts = result.dataset.counts()
    assert (counts["Actor"], counts["COOPERATES_WITH"], counts["Person"]) == (2, 1, 1)
    assert result.dataset.nodes["Offer"]["an-1"]["life_phases"] == ["u3"]


def test_the_committed_templates_are_what_the_writer_writes(tmp_path):
    write_templates(tmp_path)
    fresh, committed = load_workbook(tmp_path / TEMPLATE.name), load_workbook(TEMPLATE)
    assert fresh.sheetnames == committed.sheetnames
    for name in fresh.sheetnames:
        assert [[c.value for c in row] for row in fresh[name].iter_rows()] == [
            [c.value for c in row] for row in committed[name].iter_rows()
        ], name
        assert [(str(d.sqref), d.formula1) for d in fresh[name].data_validations.dataValidation] == [
            (str(d.sqref), d.formula1) for d in committed[name].data_validations.dataValidation
        ], name
    for file in (tmp_path / "csv").iterdir():
        assert file.read_bytes() == (TEMPLATE.parent / "csv" / file.name).read_bytes(), file.name


def test_the_csv_templates_are_read_by_the_import_with_their_starred_headers(tmp_path):
    folder = tmp_path / "csv"
    write_templates(tmp_path)
    (folder / "Akteure.csv").write_text(
        (folder / "Akteure.csv").read_text(encoding="utf-8-sig") + "ak-1;Kita Sonne;Kita;Frühe Bildung\r\n",
        encoding="utf-8-sig",
    )
    for other in folder.iterdir():
        if other.name != "Akteure.csv":
            other.unlink()
    assert load_or_raise(folder).nodes["Actor"]["ak-1"]["name"] == "Kita Sonne"


# -- the Prüfbericht ---------------------------------------------------------------------------------


def test_the_report_lists_errors_before_notes_in_both_files():
    problems = [
        Problem("Akteure", None, None, "Das Blatt ist in Excel ausgeblendet.", "Hinweis"),
        Problem("Akteure", 3, "Typ", "Unbekannter Wert „Vereinn“.", letter="C"),
        Problem("Gremien", None, None, "=Formel", "Hinweis"),
    ]
    rows = list(csv.reader(io.StringIO(importing.report_bytes(problems, "csv").decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Blatt/Datei", "Zeile", "Spalte", "Art", "Meldung"]
    assert [r[3] for r in rows[1:]] == ["Fehler", "Hinweis", "Hinweis"] and rows[1][2] == "C – Typ"
    assert rows[3][4] == "'=Formel"  # never a live formula
    sheet = load_workbook(io.BytesIO(importing.report_bytes(problems, "xlsx"))).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("Blatt/Datei", "Zeile", "Spalte", "Art", "Meldung")
    assert [v[3] for v in values[1:]] == ["Fehler", "Hinweis", "Hinweis"] and values[1][1] == 3


def test_the_page_shows_the_report_errors_first_with_counts_in_words_and_offers_it_as_csv_and_excel(demo_loaded):
    at = upload(
        data_page(),
        ("Akteure.csv", b"ID;Name;Typ;Sektor;Unbekannt\nneu-1;Neuer Verein;Vereinn;kultur;x\n"),
    )
    no_exception(at)
    assert any(m.value == "**Prüfbericht:** 1 Fehler, 1 Hinweis" for m in at.markdown)
    table = at.dataframe[0].value
    assert list(table["Art"]) == ["Fehler", "Hinweis"]
    assert any(e.value.startswith("1 Fehler: nichts wird gespeichert") for e in at.error)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Prüfbericht als CSV" in labels and "Prüfbericht als Excel" in labels
    assert not [b for b in at.button if b.label == "Importieren"]


def test_a_clean_file_is_counted_in_german_words_before_the_import(demo_loaded):
    at = upload(
        data_page(),
        ("Akteure.csv", b"ID;Name;Typ;Sektor\nneu-1;Neuer Verein;Verein;kultur\n"),
        ("Kooperationen.csv", b"Akteur A;Akteur B\nneu-1;ak-vhs-001\n"),
    )
    no_exception(at)
    assert [s.value for s in at.success] == ["Keine Fehler gefunden: 1 Akteur, 1 Kooperation."]


def test_the_page_offers_the_empty_template_to_every_role(demo_loaded):
    at = data_page()
    no_exception(at)
    [button] = [b for b in at.get("download_button") if b.proto.label == "Leere Vorlage (Excel)"]
    assert button.proto.url  # a file the browser fetches as it is, no rerun needed


# -- the district cannot be wiped --------------------------------------------------------------------


def test_uploading_the_empty_template_with_replace_through_the_app_keeps_all_records(demo_loaded):
    before = demo_loaded.counts()
    assert sum(before[label] for label in model.NODE_LABELS) == 1139
    at = upload(data_page(), ("bildungsnetz-vorlage.xlsx", TEMPLATE.read_bytes()))
    no_exception(at)
    assert any("keine Einträge" in i.value for i in at.info)  # nothing to import: no button
    assert not [b for b in at.button if b.key == "upload_commit"]
    at.toggle(key="upload_replace").set_value(True).run()
    assert any("nichts wird gespeichert" in e.value for e in at.error)
    assert "leeren Akteursliste" in " ".join(at.dataframe[0].value["Meldung"])
    assert not [b for b in at.button if b.key == "upload_commit"]
    assert demo_loaded.counts() == before


def test_a_replace_with_an_empty_file_switched_on_together_with_the_click_writes_nothing(demo_loaded):
    before = demo_loaded.counts()
    at = upload(
        data_page(),
        ("Akteure.csv", b"ID;Name;Typ;Sektor\nneu-2;Verein;Verein;kultur\n"),
    )
    [button] = [b for b in at.button if b.key == "upload_commit"]
    # the same browser message: the file swapped for the empty one, replace switched on and the button pressed
    at.file_uploader(key="upload_files").set_value(("Akteure.csv", b"ID;Name;Typ;Sektor\n", "text/csv"))
    at.toggle(key="upload_replace").set_value(True)
    button.click().run()
    no_exception(at)
    assert demo_loaded.counts() == before


def test_the_store_refuses_to_replace_the_district_with_a_dataset_without_actors(demo_loaded):
    from graph.dataset import Dataset

    before, logged = demo_loaded.counts(), demo_loaded.audit_log(limit=1)
    empty = Dataset()
    empty.nodes["Area"]["kreis"] = {"name": "Kreis", "area_type": "kreis"}
    for ds in (Dataset(), empty):
        with pytest.raises(DataError, match="leeren Akteursliste würde den ganzen Bestand löschen") as caught:
            demo_loaded.write_dataset(ds, replace=True)
        assert caught.value.problems[0].source == "Akteure"
    assert demo_loaded.counts() == before
    assert demo_loaded.audit_log(limit=1) == logged  # nothing was written, so nothing was logged


def test_the_store_clears_only_when_asked_explicitly(embedded_store):
    from graph.dataset import Dataset

    embedded_store.write_dataset(load_or_raise(ROOT / "tests" / "data" / "mini"), replace=True)
    embedded_store.write_dataset(Dataset(), replace=True, allow_empty=True, action="clear")
    assert embedded_store.counts()["Actor"] == 0
    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)
