"""Reading Excel workbooks and CSV files as people fill them: merged cells, formulas, title rows,
column letters, files in the wrong format, CSV dialects, German numbers and summarised notes."""

from __future__ import annotations

import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from graph.errors import DataError
from graph.io.problems import problems_frame, write_report
from graph.io.reader import CFB_MAGIC, read_raw, sniff_delimiter
from graph.io.validate import load, load_or_raise

HEADER = ["ID", "Name", "Typ", "Sektor"]
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def xlsx(
    root: Path,
    rows: list[list[object]],
    edit: Callable[[Worksheet], None] | None = None,
    name: str = "mappe.xlsx",
    title: str = "Akteure",
) -> Path:
    """Write one sheet with openpyxl; ``edit`` may merge cells or add formulas first."""
    workbook = Workbook()
    ws = workbook.active
    ws.title = title
    for row in rows:
        ws.append(row)
    if edit is not None:
        edit(ws)
    path = root / name
    workbook.save(path)
    return path


def hand_made_xlsx(path: Path, sheet_data: str, strings: list[str] = ()) -> Path:
    """Write a minimal workbook by hand: sheet ``Akteure`` with ``<sheetData>`` content and shared strings."""
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    ct = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    sst = "".join(f"<si><t>{s}</t></si>" for s in strings)
    parts = {
        "[Content_Types].xml": '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{ct}.sheet.main+xml"/>'
        f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{ct}.worksheet+xml"/>'
        f'<Override PartName="/xl/sharedStrings.xml" ContentType="{ct}.sharedStrings+xml"/></Types>',
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook {NS} xmlns:r="{rel}"><sheets>'
        '<sheet name="Akteure" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}">'
        f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/>'
        f'<Relationship Id="rId2" Type="{rel}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f"<worksheet {NS}><sheetData>{sheet_data}</sheetData></worksheet>",
        "xl/sharedStrings.xml": f'<sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">{sst}</sst>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in parts.items():
            archive.writestr(member, data)
    return path


def inline_row(number: int, *cells: str) -> str:
    """A ``<row>`` of inline-string cells from column A on; a cell given as ``<c…>`` is used as it is."""
    xml = []
    for index, cell in enumerate(cells):
        ref = f"{chr(ord('A') + index)}{number}"
        xml.append(
            cell.format(ref=ref) if cell.startswith("<c") else f'<c r="{ref}" t="inlineStr"><is><t>{cell}</t></is></c>'
        )
    return f'<row r="{number}">{"".join(xml)}</row>'


def compound_file(path: Path, *streams: str) -> Path:
    """Write a minimal OLE2 compound file (header, one directory sector, one FAT sector) with these streams."""
    end, free, fat_sector, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    header = bytearray(512)
    header[:8] = CFB_MAGIC
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)  # versions, byte order, sector shifts
    struct.pack_into("<IIII", header, 44, 1, 0, 0, 4096)  # one FAT sector; directory at sector 0
    struct.pack_into("<IIII", header, 60, end, 0, end, 0)  # no mini FAT, no extra DIFAT
    struct.pack_into("<109I", header, 76, 1, *([free] * 108))  # the FAT is sector 1

    def entry(name: str, kind: int, child: int = none) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        record = bytearray(128)
        record[: len(raw)] = raw
        struct.pack_into("<HBB", record, 64, len(raw), kind, 1)
        struct.pack_into("<III", record, 68, none, none, child)
        struct.pack_into("<II", record, 116, end, 0)
        return bytes(record)

    directory = entry("Root Entry", 5, child=1 if streams else none)
    directory += b"".join(entry(name, 2) for name in streams)
    directory = directory.ljust(512, b"\0")
    fat = struct.pack("<128I", end, fat_sector, *([free] * 126))
    path.write_bytes(bytes(header) + directory + fat)
    return path


def hints(result) -> list[str]:
    return [p.message for p in result.problems if p.severity == "Hinweis"]


def errors(result) -> list:
    return [p for p in result.problems if p.severity == "Fehler"]


# -- a normal workbook stays quiet ------------------------------------------------------------


def test_a_normal_workbook_gives_no_notes_at_all(tmp_path):
    path = xlsx(tmp_path, [HEADER, ["a", "A", "kita", "schule"], ["b", "B", "kita", "schule"]])
    assert load(path).problems == []


def test_a_normal_csv_file_gives_no_notes_at_all(tmp_path):
    (tmp_path / "Akteure.csv").write_text("ID;Name;Typ;Sektor\na;A;kita;schule\nb;B;kita;schule\n\n\n")
    assert load(tmp_path).problems == []


# -- merged cells -----------------------------------------------------------------------------


def test_merged_cells_are_filled_down_with_a_hinweis(tmp_path):
    rows = [HEADER, ["a", "A", "kita", "schule"], ["b", "B", "kita", None], ["c", "C", "kita", None]]
    path = xlsx(tmp_path, rows, edit=lambda ws: ws.merge_cells("D2:D4"))
    result = load(path)
    assert result.ok, [str(p) for p in result.problems]
    assert {a["sector"] for a in result.dataset.nodes["Actor"].values()} == {"schule"}
    [note] = result.problems
    assert (note.severity, note.row, note.column, note.letter) == ("Hinweis", 2, "Sektor", "D")
    assert note.message == "Verbundene Zellen D2:D4: der Wert aus D2 gilt für alle Zeilen des Bereichs."


def test_a_required_column_merged_across_rows_is_filled_too(tmp_path):
    rows = [HEADER, ["a", "Kita Sonnenschein", "kita", "schule"], ["b", None, "kita", "schule"]]
    path = xlsx(tmp_path, rows, edit=lambda ws: ws.merge_cells("B2:B3"))
    ds = load_or_raise(path)
    assert ds.nodes["Actor"]["b"]["name"] == "Kita Sonnenschein"


def test_merged_cells_across_columns_fill_every_cell_of_the_range(tmp_path):
    rows = [[*HEADER, "Gueltig ab", "Gueltig bis"], ["a", "A", "kita", "schule", "01.08.2024", None]]
    path = xlsx(tmp_path, rows, edit=lambda ws: ws.merge_cells("E2:F2"))
    result = load(path)
    actor = result.dataset.nodes["Actor"]["a"]
    assert actor["valid_from"] == actor["valid_to"]
    assert "der Wert aus E2 gilt für alle Zellen des Bereichs" in hints(result)[0]


def test_an_empty_cell_in_a_merged_looking_layout_without_a_merge_stays_empty(tmp_path):
    rows = [HEADER, ["a", "A", "kita", "schule"], ["b", "B", "kita", None], ["c", "C", "kita", None]]
    result = load(xlsx(tmp_path, rows))
    assert [(p.row, p.column, p.message) for p in result.problems] == [
        (3, "Sektor", "Pflichtfeld ist leer."),
        (4, "Sektor", "Pflichtfeld ist leer."),
    ]


def test_an_empty_row_inside_a_merged_range_stays_skipped(tmp_path):
    rows = [HEADER, ["a", "A", "kita", "schule"], [None] * 4, ["c", "C", "kita", None]]
    path = xlsx(tmp_path, rows, edit=lambda ws: ws.merge_cells("D2:D4"))
    result = load(path)
    assert set(result.dataset.nodes["Actor"]) == {"a", "c"}
    assert result.dataset.nodes["Actor"]["c"]["sector"] == "schule"


def test_a_merged_title_above_the_header_is_not_filled_into_the_data(tmp_path):
    rows = [["Akteure im Landkreis"], HEADER, ["a", "A", "kita", "schule"]]
    result = load(xlsx(tmp_path, rows, edit=lambda ws: ws.merge_cells("A1:D1")))
    assert result.ok
    assert hints(result) == ["Zeile 1 über der Überschrift wird nicht übernommen (Titel?)."]


def test_five_merged_ranges_get_five_notes_and_six_one_summary(tmp_path):
    def merge(count):
        def edit(ws):
            for i in range(count):
                ws.merge_cells(f"D{2 + 2 * i}:D{3 + 2 * i}")

        return edit

    for count, expected in ((5, 5), (6, 1)):
        rows = [HEADER] + [[f"a{i}", "A", "kita", "schule" if i % 2 == 0 else None] for i in range(2 * count)]
        result = load(xlsx(tmp_path, rows, edit=merge(count), name=f"m{count}.xlsx"))
        assert result.ok
        assert len(hints(result)) == expected
    assert hints(result)[0] == (
        "6 Bereiche verbundener Zellen (D2:D3, D4:D5, D6:D7, D8:D9, D10:D11 …): "
        "der Wert der linken oberen Zelle gilt jeweils für den ganzen Bereich."
    )


def test_500_merged_ranges_give_one_note(tmp_path):
    def edit(ws):
        for i in range(500):
            ws.merge_cells(f"D{2 + 2 * i}:D{3 + 2 * i}")

    rows = [HEADER] + [[f"a{i}", "A", "kita", "schule" if i % 2 == 0 else None] for i in range(1000)]
    result = load(xlsx(tmp_path, rows, edit=edit))
    assert result.ok and len(result.dataset.nodes["Actor"]) == 1000
    assert [m[:40] for m in hints(result)] == ["500 Bereiche verbundener Zellen (D2:D3, "]


# -- formulas without a stored value ----------------------------------------------------------


def test_a_formula_without_a_stored_value_is_an_error_naming_the_cell(tmp_path):
    rows = [[*HEADER, "Adresse"], ["a", "A", "kita", "schule", '=CONCAT("Weg ", 1)']]
    problem = only(errors(load(xlsx(tmp_path, rows))))
    assert (problem.row, problem.column, problem.letter) == (2, "Adresse", "E")
    assert problem.message == (
        "Zelle E2 enthält eine Formel ohne gespeicherten Wert; "
        "bitte in Excel öffnen und speichern oder den Wert eintragen."
    )


def test_a_formula_in_a_required_column_is_reported_once_not_also_as_empty(tmp_path):
    rows = [HEADER, ["a", '=UPPER("a")', "kita", "schule"]]
    problem = only(errors(load(xlsx(tmp_path, rows))))
    assert problem.letter == "B" and "Formel ohne gespeicherten Wert" in problem.message


@pytest.mark.parametrize(("count", "reported", "written"), [(5, 5, None), (6, 1, "6"), (5000, 1, "5.000")])
def test_many_formulas_without_value_are_summarised(tmp_path, count, reported, written):
    rows = [[*HEADER, "Adresse"]] + [[f"a{i}", "A", "kita", "schule", f"=A{i + 2}"] for i in range(count)]
    found = errors(load(xlsx(tmp_path, rows)))
    assert len(found) == reported
    if written:
        assert found[0].message.startswith(
            f"{written} Zellen enthalten Formeln ohne gespeicherten Wert (E2, E3, E4, E5, E6 …)"
        )
        assert (found[0].row, found[0].letter) == (2, "E")


def test_a_formula_with_a_stored_value_is_read_silently(tmp_path):
    data = inline_row(1, *HEADER, "Adresse") + inline_row(
        2,
        "a",
        '<c r="{ref}" t="str"><f>LOWER("KITA A")</f><v>kita a</v></c>',
        "kita",
        "schule",
        '<c r="{ref}" t="str"><f>IF(1,"","x")</f><v></v></c>',
    )
    result = load(hand_made_xlsx(tmp_path / "berechnet.xlsx", data))
    assert result.problems == []
    assert result.dataset.nodes["Actor"]["a"]["name"] == "kita a"
    assert "address" not in result.dataset.nodes["Actor"]["a"]


def test_a_formula_without_value_written_by_poi_is_found_without_cell_references(tmp_path):
    inline = '<c t="inlineStr"><is><t>{}</t></is></c>'
    cells = inline.format("a") + "<c><f>1+1</f></c>" + inline.format("kita") + inline.format("schule")
    data = inline_row(1, *HEADER) + f"<row>{cells}</row>"
    problem = only(errors(load(hand_made_xlsx(tmp_path / "poi.xlsx", data))))
    assert (problem.row, problem.letter) == (2, "B")


def test_a_formula_in_an_unknown_column_or_above_the_header_is_not_reported(tmp_path):
    rows = [["=1+1"], [*HEADER, "Notiz"], ["a", "A", "kita", "schule", "=1+1"]]
    result = load(xlsx(tmp_path, rows))
    assert result.ok
    assert [p.message for p in result.problems] == [
        "Die Überschriftenzeile steht nicht in Zeile 1.",  # the formula's row reads as empty
        "Unbekannte Spalte; ihre Werte werden nicht übernommen.",
    ]


# -- title rows above the header --------------------------------------------------------------


def test_a_title_row_above_the_header_is_skipped_with_a_hinweis(tmp_path):
    rows = [["Akteursliste Musterau, Stand März 2024"], [None], HEADER, ["a", "A", "kita", "schule"]]
    result = load(xlsx(tmp_path, rows))
    assert result.ok and set(result.dataset.nodes["Actor"]) == {"a"}
    [note] = result.problems
    assert (note.row, note.message) == (1, "Zeilen 1–2 über der Überschrift werden nicht übernommen (Titel?).")


def test_a_title_line_above_the_header_of_a_csv_file_is_skipped(tmp_path):
    (tmp_path / "Akteure.csv").write_text("Akteursliste Musterau\nID;Name;Typ;Sektor\na;A;kita;schule\n")
    result = load(tmp_path)
    assert result.ok and hints(result) == ["Zeile 1 über der Überschrift wird nicht übernommen (Titel?)."]


def test_the_header_is_the_first_row_holding_the_required_columns_not_an_earlier_partial_one(tmp_path):
    rows = [["ID", "Name"], ["Typ", "Sektor"], HEADER, ["a", "A", "kita", "schule"]]
    raw = read_raw(xlsx(tmp_path, rows))
    assert raw.tables["Akteure"].header_row == 3


def test_without_a_row_holding_the_required_columns_the_first_row_is_the_header(tmp_path):
    rows = [["Akteursliste"], ["ID", "Name", "Typ"], ["a", "A", "kita"]]
    result = load(xlsx(tmp_path, rows))
    assert read_raw(tmp_path / "mappe.xlsx").tables["Akteure"].header_row == 1
    missing = [(p.row, p.column) for p in result.problems if p.message == "Die Pflichtspalte fehlt."]
    assert missing == [(1, "ID"), (1, "Name"), (1, "Typ"), (1, "Sektor")]


# -- column letters ---------------------------------------------------------------------------


def test_messages_name_the_column_letter_alongside_the_header(tmp_path):
    rows = [["Gremium", "Akteur", "Rolle"], ["g-9", "a", None]]
    workbook = Workbook()
    workbook.active.title = "Akteure"
    for row in (HEADER, ["a", "A", "kita", "schule"]):
        workbook.active.append(row)
    members = workbook.create_sheet("Mitgliedschaften")
    members.append(["Notiz", "", "", "", "", "", *rows[0]])
    members.append(["x", "", "", "", "", "", *rows[1]])
    path = tmp_path / "mappe.xlsx"
    workbook.save(path)
    problem = only(errors(load(path)))
    assert str(problem) == "Mitgliedschaften, Zeile 2, Spalte G („Gremium“): Gremium „g-9“ ist unbekannt."


def test_csv_problems_name_the_column_letter_too(tmp_path):
    (tmp_path / "Akteure.csv").write_text("ID;Name;Typ;Sektor\na;A;Kitta;schule\n")
    result = load(tmp_path)
    problem = only(errors(result))
    assert (problem.column, problem.letter) == ("Typ", "C")
    assert str(problem).startswith("Akteure.csv, Zeile 2, Spalte C („Typ“): Unbekannter Wert „Kitta“.")
    assert list(problems_frame(result.problems)["Spalte"]) == ["C – Typ"]
    report = tmp_path / "bericht.csv"
    write_report(result.problems, report)
    assert report.read_text(encoding="utf-8-sig").splitlines()[1].startswith("Akteure.csv;2;C – Typ;Fehler;")


def test_a_column_without_header_and_an_unknown_column_are_named_by_letter(tmp_path):
    (tmp_path / "Akteure.csv").write_text("ID;Name;;Typ;Sektor;Notiz\na;A;x;kita;schule;y\n")
    result = load(tmp_path)
    located = {(p.column, p.letter, p.severity) for p in result.problems}
    assert located == {(None, "C", "Fehler"), ("Notiz", "F", "Hinweis")}


def test_many_unknown_columns_are_summarised_in_one_note(tmp_path):
    extra = [f"Notiz {i}" for i in range(1, 21)]
    (tmp_path / "Akteure.csv").write_text(";".join(HEADER + extra) + "\n" + "a;A;kita;schule" + ";x" * 20 + "\n")
    assert hints(load(tmp_path)) == [
        "20 unbekannte Spalten (E – Notiz 1, F – Notiz 2, G – Notiz 3, H – Notiz 4, I – Notiz 5 …); "
        "ihre Werte werden nicht übernommen."
    ]


# -- files in another format ------------------------------------------------------------------


@pytest.mark.parametrize("name", ["geschuetzt.xlsx", "geschuetzt.xls"])
def test_a_password_protected_workbook_gets_its_own_sentence(tmp_path, name):
    path = compound_file(tmp_path / name, "EncryptionInfo", "EncryptedPackage")
    with pytest.raises(DataError, match=r"mit einem Kennwort verschlüsselt.*Kennwort löschen"):
        read_raw(path)


@pytest.mark.parametrize("name", ["alt.xls", "umbenannt.xlsx"])
def test_a_legacy_xls_workbook_is_recognised_by_its_content(tmp_path, name):
    path = compound_file(tmp_path / name, "Workbook", "\x05SummaryInformation")
    with pytest.raises(DataError, match=r"alten Excel-Format \(\.xls.*als „Excel-Arbeitsmappe \(\*\.xlsx\)“"):
        read_raw(path)


def test_an_xls_file_that_is_no_compound_file_gets_the_legacy_sentence(tmp_path):
    path = tmp_path / "export.xls"
    path.write_text("<html><table><tr><td>ID</td></tr></table></html>")
    with pytest.raises(DataError, match="alten Excel-Format"):
        read_raw(path)


def test_another_office_compound_file_is_not_called_a_workbook(tmp_path):
    path = compound_file(tmp_path / "brief.xlsx", "WordDocument")
    with pytest.raises(DataError, match="keine Excel-Arbeitsmappe"):
        read_raw(path)


@pytest.mark.parametrize("name", ["tabelle.ods", "tabelle.xlsx"])
def test_an_opendocument_spreadsheet_is_recognised_by_its_content(tmp_path, name):
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
    with pytest.raises(DataError, match=r"OpenDocument-Tabelle \(\.ods.*„Excel 2007–365 \(\.xlsx\)“"):
        read_raw(path)


def test_an_ods_file_that_is_no_zip_gets_the_ods_sentence(tmp_path):
    path = tmp_path / "tabelle.ods"
    path.write_bytes(b"kaputt")
    with pytest.raises(DataError, match="OpenDocument-Tabelle"):
        read_raw(path)


def test_an_xlsx_workbook_named_xls_is_read_with_a_hinweis(tmp_path):
    path = xlsx(tmp_path, [HEADER, ["a", "A", "kita", "schule"]], name="umbenannt.xls")
    result = load(path)
    assert result.ok and set(result.dataset.nodes["Actor"]) == {"a"}
    assert hints(result) == [
        "Die Datei endet auf .xls, ist aber eine Excel-Arbeitsmappe (.xlsx); sie wird als solche gelesen."
    ]


# -- CSV dialects -----------------------------------------------------------------------------


def test_a_tab_separated_file_is_recognised(tmp_path):
    (tmp_path / "Akteure.csv").write_text("ID\tName\tTyp\tSektor\na\tMüller, Hans; Kita\tkita\tschule\n")
    ds = load_or_raise(tmp_path)
    assert ds.nodes["Actor"]["a"]["name"] == "Müller, Hans; Kita"


def test_a_csv_with_commas_inside_quotes_still_sniffs_semicolon(tmp_path):
    assert sniff_delimiter('ID;"Name, lang, mit Kommas";"a,b,c"\n') == ";"
    (tmp_path / "Akteure.csv").write_text('"ID";"Name";"Typ";"Sektor"\na;"Müller, Meier, Schulz";kita;schule\n')
    assert load_or_raise(tmp_path).nodes["Actor"]["a"]["name"] == "Müller, Meier, Schulz"


def test_a_comma_separated_file_with_semicolons_inside_quotes_sniffs_comma():
    assert sniff_delimiter('ID,Name,Typ\na,"x;y;z;w",kita\n') == ","


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_recognised_and_named(tmp_path, encoding):
    (tmp_path / "Akteure.csv").write_bytes("ID\tName\tTyp\tSektor\na\tÄ\tkita\tschule\n".encode(encoding))
    with pytest.raises(DataError, match=r"UTF-16 .* ohne Byte-Order-Mark"):
        load(tmp_path)


def test_a_workbook_renamed_to_csv_is_named_as_such(tmp_path):
    xlsx(tmp_path, [HEADER], name="Akteure.csv")
    with pytest.raises(DataError, match="keine CSV-Datei, sondern eine Excel-Arbeitsmappe"):
        load(tmp_path)


# -- German numbers and summarised notes ------------------------------------------------------


def test_size_messages_use_the_german_decimal_comma(tmp_path, monkeypatch):
    monkeypatch.setenv("BILDUNGSNETZ_MAX_FILE_MB", "0.5")
    (tmp_path / "Akteure.csv").write_text("ID;Name;Typ;Sektor\n" + "a;A;kita;schule\n" * 75_000)
    with pytest.raises(DataError, match=r"zusammen 1,2 MB groß; erlaubt sind höchstens 0,5 MB"):
        load(tmp_path)
    path = tmp_path / "gross.xlsx"
    path.write_bytes(b"PK" + b"\0" * 1_299_998)
    with pytest.raises(DataError, match=r"Die Datei ist 1,3 MB groß; erlaubt sind höchstens 0,5 MB"):
        load(path)


def test_ten_thousand_empty_rows_give_one_note_with_the_count(tmp_path):
    (tmp_path / "Akteure.csv").write_text("ID;Name;Typ;Sektor\na;A;kita;schule\n" + "\n" * 10_000 + "b;B;kita;schule\n")
    result = load(tmp_path)
    assert result.ok and len(result.dataset.nodes["Actor"]) == 2
    assert hints(result) == ["10.000 leere Zeilen (Zeilen 3–10002) werden übersprungen."]


def test_one_empty_row_between_entries_gets_a_note_and_trailing_ones_none(tmp_path):
    rows = [HEADER, ["a", "A", "kita", "schule"], [None] * 4, ["b", "B", "kita", "schule"], [None] * 4, [None]]
    assert hints(load(xlsx(tmp_path, rows))) == ["Zeile 3 ist leer und wird übersprungen."]


def test_scattered_empty_rows_are_named_as_runs(tmp_path):
    lines = ["ID;Name;Typ;Sektor", "a;A;kita;schule", "", "b;B;kita;schule", "", "", "c;C;kita;schule"]
    lines += ["", "d;D;kita;schule", "", "e;E;kita;schule"]
    (tmp_path / "Akteure.csv").write_text("\n".join(lines) + "\n")
    assert hints(load(tmp_path)) == ["5 leere Zeilen (Zeilen 3, 5–6, 8 und weitere) werden übersprungen."]


def only(items: list):
    assert len(items) == 1, [str(p) for p in items]
    return items[0]
