"""Import validation: every problem is found before anything is written, with sheet, row and column."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import zipfile
from pathlib import Path

import pytest
from conftest import MINI
from openpyxl import Workbook, load_workbook

from graph.errors import DataError
from graph.io.problems import problems_frame, write_report
from graph.io.validate import cooperation_id, load, load_or_raise

AKTEURE_HEADER = "ID;Name;Typ;Sektor;Gebiet"


def csv_folder(root: Path, files: dict[str, str], encoding: str = "utf-8") -> Path:
    folder = root / "csv"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_bytes(text.encode(encoding))
    return folder


def xlsx(root: Path, sheets: dict[str, list[list[object]]], name: str = "mappe.xlsx") -> Path:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        ws = workbook.create_sheet(title)
        for row in rows:
            ws.append(row)
    path = root / name
    workbook.save(path)
    return path


def messages(result) -> list[str]:
    return [str(p) for p in result.problems]


def only_error(result):
    errors = [p for p in result.problems if p.severity == "Fehler"]
    assert len(errors) == 1, messages(result)
    return errors[0]


# -- the hand-written mini dataset -------------------------------------------------------------


def test_the_mini_dataset_is_valid_and_complete():
    result = load(MINI)
    assert result.ok, messages(result)
    counts = result.dataset.counts()
    assert counts["Actor"] == 4 and counts["COOPERATES_WITH"] == 3 and counts["MEMBER_OF"] == 4
    assert counts["PROVIDES"] == 3 and counts["LOCATED_IN"] == 8 and counts["Person"] == 1


def test_german_labels_and_keys_are_accepted_in_any_case():
    ds = load_or_raise(MINI)
    actors = ds.nodes["Actor"]
    assert actors["ak-1"]["actor_type"] == "kita"  # "Kita"
    assert actors["ak-1"]["sector"] == "fruehe_bildung"  # "Frühe Bildung"
    assert actors["ak-3"]["actor_type"] == "vhs"  # "VHS" key in upper case
    assert actors["ak-2"]["education_areas"] == ["allgemeinbildende_schule"]
    assert ds.nodes["Institution"]["tr-2"]["provider_type"] == "kirchlich"  # "Kirchlich"


def test_values_are_typed_lists_dates_numbers_and_booleans():
    ds = load_or_raise(MINI)
    actor = ds.nodes["Actor"]["ak-1"]
    assert actor["lat"] == pytest.approx(52.1) and actor["lon"] == pytest.approx(11.6)  # German decimal comma
    assert actor["valid_from"] == dt.date(2020, 8, 1)  # 01.08.2020
    assert actor["learning_forms"] == ["nonformal"]
    offer = ds.nodes["Offer"]["an-1"]
    assert offer["target_groups"] == ["kinder", "neuzugewanderte"]
    assert offer["languages"] == ["Deutsch", "Arabisch"]
    assert offer["accessible"] is True
    assert ds.nodes["Area"]["kreis"]["population"] == 12345  # "12.345"


def test_an_id_with_a_leading_zero_stays_text():
    ds = load_or_raise(MINI)
    assert "0123" in ds.nodes["Area"]
    located = {(r.start, r.end) for r in ds.rels if r.type == "LOCATED_IN"}
    assert ("ak-2", "0123") in located


def test_first_provider_leads_and_the_others_are_partners():
    ds = load_or_raise(MINI)
    roles = {(r.start, r.end): r.props["role"] for r in ds.rels if r.type == "PROVIDES"}
    assert roles == {("ak-1", "an-1"): "lead", ("ak-4", "an-1"): "partner", ("ak-3", "an-2"): "lead"}


def test_a_cooperation_without_id_gets_a_stable_id_from_its_pair():
    ds = load_or_raise(MINI)
    ids = {r.props["id"] for r in ds.rels if r.type == "COOPERATES_WITH"}
    assert cooperation_id("ak-3", "ak-4") in ids
    assert cooperation_id("ak-4", "ak-3") == cooperation_id("ak-3", "ak-4")


def test_intensity_accepts_number_or_german_label():
    ds = load_or_raise(MINI)
    intensity = {r.props["id"]: r.props["intensity"] for r in ds.rels if r.type == "COOPERATES_WITH"}
    assert intensity["ko-1"] == 3 and intensity[cooperation_id("ak-3", "ak-4")] == 3  # "monatlich"


# -- encodings and delimiters ---------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252"])
@pytest.mark.parametrize("delimiter", [";", ","])
def test_encoding_and_delimiter_are_detected_and_umlauts_survive(tmp_path, encoding, delimiter):
    name = "Müßig „Lernwerk“ – Café"
    text = delimiter.join(["ID", "Name", "Typ", "Sektor"]) + "\r\n"
    text += delimiter.join(["a1", f'"{name}"', "Verein", "Zivilgesellschaft"]) + "\r\n"
    folder = csv_folder(tmp_path, {"Akteure": text}, encoding)
    ds = load_or_raise(folder)
    assert ds.nodes["Actor"]["a1"]["name"] == name
    assert ds.nodes["Actor"]["a1"]["name"].encode("utf-8") == name.encode("utf-8")


def test_a_windows_1252_file_keeps_muessig_byte_for_byte(tmp_path):
    raw = "ID;Name;Typ;Sektor\r\nx;Müßig;kita;fruehe_bildung\r\n".encode("cp1252")
    assert b"M\xfc\xdfig" in raw
    folder = csv_folder(tmp_path, {})
    (folder / "Akteure.csv").write_bytes(raw)
    assert load_or_raise(folder).nodes["Actor"]["x"]["name"] == "Müßig"


def test_bytes_that_are_neither_utf8_nor_windows_1252_are_refused(tmp_path):
    folder = csv_folder(tmp_path, {})
    (folder / "Akteure.csv").write_bytes(b"ID;Name;Typ;Sektor\r\nx;\x81\x8d;kita;schule\r\n")
    with pytest.raises(DataError, match="Zeichenkodierung"):
        load(folder)


def test_text_is_nfc_normalised_and_trimmed(tmp_path):
    decomposed = unicodedata.normalize("NFD", "Grundschule Hüttental")
    assert decomposed != "Grundschule Hüttental"
    folder = csv_folder(tmp_path, {"Akteure": f"ID;Name;Typ;Sektor\n  g1 ;  {decomposed}  ; Grundschule ;schule\n"})
    ds = load_or_raise(folder)
    assert ds.nodes["Actor"]["g1"]["name"] == "Grundschule Hüttental"


def test_headers_with_umlauts_stars_and_other_case_are_recognised(tmp_path):
    text = "id*;NAME*;typ;Sektor;Gültig ab\nx;Kita;kita;fruehe_bildung;2024-01-01\n"
    ds = load_or_raise(csv_folder(tmp_path, {"akteure": text}))
    assert ds.nodes["Actor"]["x"]["valid_from"] == dt.date(2024, 1, 1)


# -- problems with their location ---------------------------------------------------------------


def test_duplicate_ids_are_reported_with_both_rows(tmp_path):
    text = "ID;Name;Typ;Sektor\na;A;kita;fruehe_bildung\nb;B;kita;fruehe_bildung\na;C;kita;fruehe_bildung\n"
    problem = only_error(load(csv_folder(tmp_path, {"Akteure": text})))
    assert (problem.source, problem.row, problem.column) == ("Akteure.csv", 4, "ID")
    assert "doppelt" in problem.message and "Zeile 2" in problem.message


def test_reference_to_an_unknown_actor_is_reported(tmp_path):
    files = {
        "Akteure": "ID;Name;Typ;Sektor\nkita-001;Kita;kita;fruehe_bildung\n",
        "Kooperationen": "ID;Akteur A;Akteur B\nk1;kita-001;kita-017\n",
    }
    result = load(csv_folder(tmp_path, files))
    problem = only_error(result)
    assert (problem.source, problem.row, problem.column) == ("Kooperationen.csv", 2, "Akteur B")
    assert str(problem) == "Kooperationen.csv, Zeile 2, Spalte C („Akteur B“): Akteur „kita-017“ ist unbekannt."
    assert result.dataset.counts()["COOPERATES_WITH"] == 0


def test_references_may_name_ids_already_in_the_database(tmp_path):
    files = {
        "Akteure": "ID;Name;Typ;Sektor\nkita-001;Kita;kita;fruehe_bildung\n",
        "Kooperationen": "ID;Akteur A;Akteur B\nk1;kita-001;kita-017\n",
    }
    result = load(csv_folder(tmp_path, files), known_ids={"Actor": {"kita-017"}})
    assert result.ok, messages(result)


def test_unknown_vocabulary_value_suggests_the_nearest(tmp_path):
    text = "ID;Name;Typ;Sektor\ng;Schule am Park;Grundshule;schule\n"
    problem = only_error(load(csv_folder(tmp_path, {"Akteure": text})))
    assert (problem.row, problem.column) == (2, "Typ")
    assert "Unbekannter Wert „Grundshule“" in problem.message
    assert "Meinten Sie „Grundschule“?" in problem.message


def test_unknown_value_in_a_list_is_reported(tmp_path):
    text = "ID;Name;Typ;Sektor;Bildungsbereiche\ng;G;grundschule;schule;fruehkindlich, Weiterbldung\n"
    problem = only_error(load(csv_folder(tmp_path, {"Akteure": text})))
    assert problem.column == "Bildungsbereiche" and "Weiterbildung" in problem.message


@pytest.mark.parametrize(
    ("value", "fragment"),
    [("31.02.2024", "diesen Tag gibt es nicht"), ("2023-13-01", "diesen Tag gibt es nicht"), ("gestern", "kein Datum")],
)
def test_impossible_dates_are_reported(tmp_path, value, fragment):
    text = f"ID;Name;Typ;Sektor;Gueltig ab\na;A;verein;kultur;{value}\n"
    problem = only_error(load(csv_folder(tmp_path, {"Akteure": text})))
    assert (problem.row, problem.column) == (2, "Gueltig ab")
    assert fragment in problem.message


def test_end_before_start_is_reported(tmp_path):
    text = "ID;Name;Typ;Sektor;Gueltig ab;Gueltig bis\na;A;verein;kultur;2024-05-01;01.04.2024\n"
    problem = only_error(load(csv_folder(tmp_path, {"Akteure": text})))
    assert problem.column == "Gueltig bis" and "vor dem Anfangsdatum" in problem.message


@pytest.mark.parametrize(
    ("header", "value", "fragment"),
    [
        ("Breitengrad", "52°N", "keine Zahl"),
        ("Breitengrad", "123", "größer als das Maximum"),
    ],
)
def test_non_numbers_and_out_of_range_numbers_are_reported(tmp_path, header, value, fragment):
    text = f"ID;Name;Typ;Sektor;{header}\na;A;verein;kultur;{value}\n"
    problem = only_error(load(csv_folder(tmp_path, {"Akteure": text})))
    assert (problem.row, problem.column) == (2, header) and fragment in problem.message


def test_population_that_is_not_a_whole_number_is_reported(tmp_path):
    files = {
        "Akteure": "ID;Name;Typ;Sektor\na;A;verein;kultur\n",
        "Gebiete": "ID;Name;Typ;Einwohner\ng;G;gemeinde;zwölftausend\n",
    }
    problem = only_error(load(csv_folder(tmp_path, files)))
    assert (problem.source, problem.row, problem.column) == ("Gebiete.csv", 2, "Einwohner")
    assert "keine ganze Zahl" in problem.message


def test_a_row_with_too_many_fields_is_reported(tmp_path):
    text = "ID;Name;Typ;Sektor\na;A;verein;kultur\nb;B;verein;kultur;zu viel;noch mehr\n"
    problem = only_error(load(csv_folder(tmp_path, {"Akteure": text})))
    assert (problem.row, problem.column, problem.letter) == (3, None, "E")
    assert "6 Felder" in problem.message


def test_a_missing_required_value_and_column_are_reported(tmp_path):
    result = load(csv_folder(tmp_path, {"Akteure": "ID;Name;Typ\na;;kita\n"}))
    found = {(p.row, p.column, p.message) for p in result.problems}
    assert (1, "Sektor", "Die Pflichtspalte fehlt.") in found
    assert (2, "Name", "Pflichtfeld ist leer.") in found


def test_the_required_actor_sheet_must_exist(tmp_path):
    result = load(csv_folder(tmp_path, {"Traeger": "ID;Name\nt;T\n"}))
    assert any("Pflichtblatt „Akteure“" in str(p) for p in result.problems)
    assert not result.ok


def test_unknown_columns_and_files_are_hints_that_do_not_block(tmp_path):
    files = {"Akteure": "ID;Name;Typ;Sektor;Notiz\na;A;verein;kultur;x\n", "Notizen": "a;b\n"}
    result = load(csv_folder(tmp_path, files))
    assert result.ok
    hints = {(p.source, p.column) for p in result.problems if p.severity == "Hinweis"}
    assert ("Akteure.csv", "Notiz") in hints and ("Notizen.csv", None) in hints


def test_a_cooperation_listed_twice_in_either_direction_is_merged_with_a_hinweis(tmp_path):
    files = {
        "Akteure": "ID;Name;Typ;Sektor\na;A;verein;kultur\nb;B;verein;kultur\n",
        "Kooperationen": "Akteur A;Akteur B;Intensitaet;Arten\na;b;1;Abstimmung\nb;a;3;Vereinbarung\n",
    }
    result = load(csv_folder(tmp_path, files))
    assert result.ok
    [note] = [p for p in result.problems if "dieselbe Kooperation" in p.message]
    assert note.severity == "Hinweis" and "Zeilen 2 und 3" in note.message
    [coop] = [r for r in result.dataset.rels if r.type == "COOPERATES_WITH"]
    assert coop.props["intensity"] == 3 and coop.props["types"] == ["abstimmung", "vereinbarung"]


def test_a_cycle_of_areas_is_reported(tmp_path):
    files = {
        "Akteure": "ID;Name;Typ;Sektor\na;A;verein;kultur\n",
        "Gebiete": "ID;Name;Typ;Teil von\ng1;G1;gemeinde;g2\ng2;G2;kreis;g1\n",
    }
    result = load(csv_folder(tmp_path, files))
    assert any("Zirkelbezug" in p.message for p in result.problems)


def test_every_problem_is_found_in_one_pass(tmp_path):
    text = "ID;Name;Typ;Sektor;Gueltig ab\na;A;Kitta;kultur;31.02.2024\na;B;verein;Kulturr;\n"
    result = load(csv_folder(tmp_path, {"Akteure": text}))
    assert len([p for p in result.problems if p.severity == "Fehler"]) == 4


# -- Excel ------------------------------------------------------------------------------------


def test_xlsx_rows_are_numbered_as_excel_shows_them(tmp_path):
    path = xlsx(
        tmp_path,
        {
            "Akteure": [
                ["ID", "Name", "Typ", "Sektor"],
                ["a", "A", "kita", "schule"],
                [None] * 4,
                ["b", "B", "kita", "Schul"],
            ]
        },
    )
    problem = only_error(load(path))
    assert (problem.source, problem.row, problem.column) == ("Akteure", 4, "Sektor")


def test_xlsx_numbers_dates_and_ids_are_read_as_the_user_means_them(tmp_path):
    path = xlsx(
        tmp_path,
        {
            "Akteure": [
                ["ID", "Name", "Typ", "Sektor", "Gueltig ab", "Breitengrad"],
                [17, "A", "kita", "schule", dt.datetime(2024, 3, 1), 52],
            ],
            "Gebiete": [["ID", "Name", "Typ", "Einwohner"], ["0123", "G", "gemeinde", 4711.0]],
        },
    )
    ds = load_or_raise(path)
    assert ds.nodes["Actor"]["17"]["valid_from"] == dt.date(2024, 3, 1)
    assert ds.nodes["Actor"]["17"]["lat"] == 52.0
    assert ds.nodes["Area"]["0123"]["population"] == 4711


def test_sheet_names_with_umlauts_are_recognised(tmp_path):
    path = xlsx(
        tmp_path,
        {
            "Akteure": [["ID", "Name", "Typ", "Sektor", "Träger"], ["a", "A", "kita", "schule", "t"]],
            "Träger": [["ID", "Name"], ["t", "T"]],
        },
    )
    ds = load_or_raise(path)
    assert [(r.start, r.end) for r in ds.rels if r.type == "RUNS"] == [("t", "a")]


def test_macro_workbooks_are_refused(tmp_path):
    path = xlsx(tmp_path, {"Akteure": [["ID", "Name", "Typ", "Sektor"]]})
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("xl/vbaProject.bin", b"\x00" * 10)
    with pytest.raises(DataError, match="Makros"):
        load(path)
    renamed = path.with_suffix(".xlsm")
    path.rename(renamed)
    with pytest.raises(DataError, match="Makros"):
        load(renamed)


def test_a_zip_bomb_is_refused_before_parsing(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * 50_000_000)
    with pytest.raises(DataError, match="Zip-Bomben"):
        load(path)


def test_files_over_the_size_limit_are_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("BILDUNGSNETZ_MAX_FILE_MB", "0.001")
    folder = csv_folder(tmp_path, {"Akteure": "ID;Name;Typ;Sektor\n" + "a;A;kita;schule\n" * 200})
    with pytest.raises(DataError, match="BILDUNGSNETZ_MAX_FILE_MB"):
        load(folder)


def test_xml_entity_expansion_is_refused_by_defusedxml(tmp_path):
    path = xlsx(tmp_path, {"Akteure": [["ID", "Name", "Typ", "Sektor"], ["a", "A", "kita", "schule"]]})
    bomb = tmp_path / "entities.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = data.decode()
                doctype = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
                data = (doctype + text).encode()
            dst.writestr(item, data)
    with pytest.raises(DataError, match="aus Sicherheitsgründen nicht gelesen"):
        load(bomb)


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "kaputt.xlsx"
    path.write_bytes(b"das ist keine Excel-Datei")
    with pytest.raises(DataError, match="keine gültige Excel-Arbeitsmappe"):
        load(path)


# -- the report -------------------------------------------------------------------------------


def test_the_report_lists_every_problem_as_csv_for_german_excel(tmp_path):
    text = 'ID;Name;Typ;Sektor\na;=HYPERLINK("x");Kitta;kultur\n'
    result = load(csv_folder(tmp_path, {"Akteure": text}))
    report = tmp_path / "bericht.csv"
    write_report(result.problems, report)
    raw = report.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "Blatt/Datei;Zeile;Spalte;Art;Meldung"
    assert lines[1].startswith("Akteure.csv;2;C – Typ;Fehler;Unbekannter Wert „Kitta“")
    frame = problems_frame(result.problems)
    assert list(frame["Zeile"]) == [2]


def test_a_formula_escaped_by_our_export_comes_back_unchanged(tmp_path):
    text = "ID;Name;Typ;Sektor\na;'=SUMME(A1);verein;kultur\nb;'-minus;verein;kultur\nc;'Apostroph;verein;kultur\n"
    ds = load_or_raise(csv_folder(tmp_path, {"Akteure": text}))
    assert ds.nodes["Actor"]["a"]["name"] == "=SUMME(A1)"
    assert ds.nodes["Actor"]["b"]["name"] == "-minus"
    assert ds.nodes["Actor"]["c"]["name"] == "'Apostroph"


def test_the_committed_templates_hold_every_sheet_and_header():
    from graph import model

    root = Path(__file__).resolve().parents[1] / "data" / "templates"
    workbook = load_workbook(root / "bildungsnetz-vorlage.xlsx", read_only=True)
    assert workbook.sheetnames == [s.name for s in model.SHEETS] + [model.VALUES_SHEET]
    for sheet in model.SHEETS:
        header = next(workbook[sheet.name].iter_rows(values_only=True))
        marked = [c.header + "*" if c.required else c.header for c in sheet.columns]  # required columns end in *
        assert list(header) == marked
        csv_header = (root / "csv" / f"{sheet.name}.csv").read_text(encoding="utf-8-sig").splitlines()[0]
        assert csv_header == ";".join(marked)
    workbook.close()


# -- messy spreadsheets (found in review) ---------------------------------------------------------


def test_a_workbook_with_a_wrong_stored_size_is_read_completely(tmp_path):
    path = xlsx(
        tmp_path,
        {
            "Akteure": [
                ["ID", "Name", "Typ", "Sektor", "Adresse"],
                ["a", "A", "kita", "schule", "Weg 1"],
                ["b", "B", "kita", "schule", "Weg 2"],
            ]
        },
    )
    broken = tmp_path / "falsche-groesse.xlsx"
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(broken, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                # openpyxl writes '<dimension ref="A1:E3" />' or, with lxml installed, without the space
                data = re.sub(rb'<dimension ref="A1:E3"\s*/>', b'<dimension ref="A1:D1" />', data)
                assert b'ref="A1:D1"' in data
            dst.writestr(item, data)
    ds = load_or_raise(broken)
    assert set(ds.nodes["Actor"]) == {"a", "b"} and ds.nodes["Actor"]["b"]["address"] == "Weg 2"


def test_an_unclosed_quote_is_an_error_at_its_row_not_a_swallowed_file(tmp_path):
    text = 'ID;Name;Typ;Sektor;Adresse\na1;A;kita;schule;"Str 1\na2;B;kita;schule;Weg\na3;C;kita;schule;Weg\n'
    result = load(csv_folder(tmp_path, {"Akteure": text}))
    problem = only_error(result)
    assert problem.row == 2 and "Anführungszeichen" in problem.message


def test_a_number_in_a_date_column_is_refused_with_a_hint(tmp_path):
    path = xlsx(
        tmp_path, {"Akteure": [["ID", "Name", "Typ", "Sektor", "Gueltig ab"], ["a", "A", "kita", "schule", 2019]]}
    )
    problem = only_error(load(path))
    assert problem.column == "Gueltig ab" and "01.01.2019" in problem.message


def test_a_file_mixing_utf8_and_windows_1252_is_refused_naming_the_line(tmp_path):
    folder = csv_folder(tmp_path, {})
    data = "ID;Name;Typ;Sektor\na;Müßig;kita;schule\n".encode() + "b;Bäcker;kita;schule\n".encode("cp1252")
    (folder / "Akteure.csv").write_bytes(data)
    with pytest.raises(DataError, match="Zeile 3"):
        load(folder)


def test_utf16_unicode_text_files_get_one_clear_sentence(tmp_path):
    folder = csv_folder(tmp_path, {})
    (folder / "Akteure.csv").write_bytes("ID;Name;Typ;Sektor\na;A;kita;schule\n".encode("utf-16"))
    with pytest.raises(DataError, match="UTF-16"):
        load(folder)


@pytest.mark.parametrize(
    ("cells", "column", "fragment"),
    [
        (["a", "A", "kita", "schule", "#N/A"], "Adresse", "Excel-Fehlerwert #N/A"),
        ([12345678901234567890, "A", "kita", "schule", None], "ID", "mehr als 15 Stellen"),
    ],
)
def test_excel_error_values_and_rounded_long_ids_are_refused(tmp_path, cells, column, fragment):
    path = xlsx(tmp_path, {"Akteure": [["ID", "Name", "Typ", "Sektor", "Adresse"], cells]})
    problem = only_error(load(path))
    assert problem.column == column and fragment in problem.message


def test_a_population_too_large_to_store_is_refused(tmp_path):
    files = {
        "Akteure": "ID;Name;Typ;Sektor\na;A;kita;schule\n",
        "Gebiete": "ID;Name;Typ;Einwohner\ng;G;gemeinde;99999999999999999999999\n",
    }
    problem = only_error(load(csv_folder(tmp_path, files)))
    assert problem.column == "Einwohner" and "zu groß" in problem.message


def test_header_problems_name_the_row_the_header_is_in(tmp_path):
    text = "\n\nID;Name;Typ\na;A;kita\n"
    result = load(csv_folder(tmp_path, {"Akteure": text}))
    missing = [p for p in result.problems if p.message == "Die Pflichtspalte fehlt."]
    assert [(p.row, p.column) for p in missing] == [(3, "Sektor")]


def test_hidden_and_header_only_sheets_get_a_hint(tmp_path):
    path = xlsx(
        tmp_path,
        {"Akteure": [["ID", "Name", "Typ", "Sektor"], ["a", "A", "kita", "schule"]], "Traeger": [["ID", "Name"]]},
    )
    workbook = load_workbook(path)
    workbook["Traeger"].sheet_state = "hidden"
    workbook.save(path)
    hints = [str(p) for p in load(path).problems if p.severity == "Hinweis"]
    assert any("ausgeblendet" in h for h in hints) and any("nur die Überschriften" in h for h in hints)


def test_a_sheet_with_only_some_columns_records_which_fields_it_had(tmp_path):
    ds = load_or_raise(csv_folder(tmp_path, {"Akteure": "ID;Name;Typ;Sektor\na;A;kita;schule\n"}))
    assert ds.present["Actor"] == {"id", "name", "actor_type", "sector"}
    assert "Actor" not in load_or_raise(MINI).present
