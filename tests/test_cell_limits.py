"""Text every export format can carry: characters XML cannot hold, Excel's 32,767 characters per cell,
and the shared-string bomb (one long text referred to by thousands of cells)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook
from test_reader import hand_made_xlsx, inline_row

from graph import model
from graph.errors import DataError
from graph.io import reader
from graph.io.reader import RawTable, RawWorkbook
from graph.io.validate import MAX_CELL_CHARS, load, validate

HEADER = ["ID", "Name", "Typ", "Sektor"]
#: One column of each text-like kind on the actor sheet: id, text, vocab, vocab_list, ref, and a date
#: given as text (the character must be named there too, not echoed in a "kein Datum" message).
COLUMNS = ["ID", "Name", "Typ", "Bildungsbereiche", "Gebiet", "Adresse", "Gueltig ab"]
VALID = {
    "ID": "a",
    "Name": "A",
    "Typ": "kita",
    "Sektor": "schule",
    "Bildungsbereiche": "fruehkindlich",
    "Gebiet": "",
    "Adresse": "Weg 1",
    "Gueltig ab": "2024-01-01",
}


def validate_row(values: dict[str, str], sheet_name: str = "Akteure"):
    """Validate one row given as header -> text, the way the form and the readers hand cells over.

    Another sheet than ``Akteure`` gets the actor ``a`` beside it to refer to.
    """
    tables = {}
    for name, row in ((sheet_name, values), ("Akteure", VALID)):
        if name not in tables:
            sheet = next(s for s in model.SHEETS if s.name == name)
            cells = [row[h] or None for h in row]
            tables[name] = RawTable(sheet, name, list(row), header_row=1, rows=[(2, cells)])
    return validate(RawWorkbook(tables, []))


def only_error(result):
    found = [p for p in result.problems if p.severity == "Fehler"]
    assert len(found) == 1, [str(p) for p in result.problems]
    return found[0]


# -- characters XML cannot hold ---------------------------------------------------------------

#: Each forbidden character with the code point the message must name (pairs, not a dict: some tools
#: mistake lone surrogates for equal keys).
FORBIDDEN = [
    ("\x00", "U+0000"),
    ("\x07", "U+0007"),
    ("\x0b", "U+000B"),
    ("\x1f", "U+001F"),
    ("\x7f", "U+007F"),
    ("\ud800", "U+D800"),
    ("\udfff", "U+DFFF"),
    ("\ufdd0", "U+FDD0"),
    ("\ufdef", "U+FDEF"),
    ("\ufffe", "U+FFFE"),
    ("\uffff", "U+FFFF"),
    ("\U0001fffe", "U+1FFFE"),
    ("\U0001ffff", "U+1FFFF"),
    ("\U0010ffff", "U+10FFFF"),
]


@pytest.mark.parametrize("column", COLUMNS)
@pytest.mark.parametrize(("char", "code"), FORBIDDEN)
def test_a_character_xml_cannot_hold_is_refused_in_every_text_like_column(column, char, code):
    values = dict(VALID)
    values[column] = f"x{char}y" if column != "Gueltig ab" else f"2024{char}-01-01"
    problem = only_error(validate_row(values))
    assert (problem.row, problem.column) == (2, column)
    assert f"enthält das unzulässige Zeichen {code} (" in problem.message
    assert char not in problem.message


@pytest.mark.parametrize(("sheet", "column"), [("Angebote", "Anbieter"), ("Angebote", "Sprachen")])
def test_a_forbidden_character_is_refused_in_list_columns_of_references_and_free_text(sheet, column):
    values = {"ID": "o", "Titel": "T", "Anbieter": "a", "Bildungsbereich": "fruehkindlich", "Sprachen": "Deutsch"}
    values[column] += ", b\uffff"
    problem = only_error(validate_row(values, sheet))
    assert problem.column == column and "U+FFFF" in problem.message


def test_the_message_names_the_position_of_the_character():
    values = dict(VALID, Name="Kita\x00Sonne")
    assert only_error(validate_row(values)).message == (
        "Die Zelle enthält das unzulässige Zeichen U+0000 (ein unsichtbares Steuerzeichen) an Stelle 5; "
        "bitte entfernen."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Zeile 1\nZeile 2",
        "Spalte\tSpalte",
        "Zeile\r\nZeile",
        "Ersatz \ufffd",
        "vor \ufdcf nach \ufdf0",
        "Emoji 😀",
        "Ebene 1 \U0001fffd",
        "\U000e0001 Sprachmarke",
    ],
)
def test_tab_newlines_and_characters_next_to_the_forbidden_ones_are_accepted(text):
    result = validate_row(dict(VALID, Adresse=text))
    assert result.ok, [str(p) for p in result.problems]


def test_a_forbidden_character_in_a_csv_file_is_refused_with_its_location(tmp_path):
    (tmp_path / "Akteure.csv").write_text("ID;Name;Typ;Sektor\na;A\uffff;kita;schule\n", encoding="utf-8")
    problem = only_error(load(tmp_path))
    assert (problem.source, problem.row, problem.column, problem.letter) == ("Akteure.csv", 2, "Name", "B")
    assert "U+FFFF" in problem.message


def test_a_non_character_in_an_xlsx_file_is_refused_with_its_location(tmp_path):
    workbook = Workbook()
    ws = workbook.active
    ws.title = "Akteure"
    ws.append(HEADER)
    ws.append(["a", "Kita \U0001ffff", "kita", "schule"])
    workbook.save(tmp_path / "mappe.xlsx")
    problem = only_error(load(tmp_path / "mappe.xlsx"))
    assert (problem.row, problem.letter) == (2, "B") and "U+1FFFF" in problem.message


# -- Excel's 32,767 characters per cell -------------------------------------------------------


@pytest.mark.parametrize(
    ("length", "refused"), [(MAX_CELL_CHARS - 1, False), (MAX_CELL_CHARS, False), (MAX_CELL_CHARS + 1, True)]
)
def test_text_up_to_32767_characters_is_accepted_and_longer_refused(length, refused):
    assert MAX_CELL_CHARS == 32_767  # Excel's limit, "Specifications and limits"
    result = validate_row(dict(VALID, Adresse="x" * length))
    assert result.ok is not refused
    if refused:
        assert only_error(result).message == (
            "Der Text ist 32.768 Zeichen lang; Excel fasst höchstens 32.767 Zeichen je Zelle."
        )


def test_the_limit_counts_as_excel_does_an_emoji_counts_twice():
    assert validate_row(dict(VALID, Adresse="😀" * 16_383 + "x")).ok  # 32.767 UTF-16 units
    problem = only_error(validate_row(dict(VALID, Adresse="😀" * 16_384)))
    assert "32.768 Zeichen" in problem.message


def test_a_40000_character_cell_in_an_xlsx_file_is_refused_at_import_not_cut_at_export(tmp_path):
    # written by hand: openpyxl itself cuts text to 32,767 characters, silently, when a cell is set
    data = inline_row(1, *HEADER, "Adresse") + inline_row(2, "a", "A", "kita", "schule", "y" * 40_000)
    problem = only_error(load(hand_made_xlsx(tmp_path / "lang.xlsx", data)))
    assert (problem.row, problem.column, problem.letter) == (2, "Adresse", "E")
    assert problem.message.startswith("Der Text ist 40.000 Zeichen lang;")


def test_a_long_id_is_refused_by_the_cell_limit_too(tmp_path):
    (tmp_path / "Akteure.csv").write_text("ID;Name;Typ;Sektor\n" + "i" * 40_000 + ";A;kita;schule\n")
    assert "40.000 Zeichen" in only_error(load(tmp_path)).message


# -- the shared-string bomb -------------------------------------------------------------------


def shared_string_workbook(path: Path, text: str, cells: int) -> tuple[Path, int]:
    """A workbook whose ``Name`` column refers ``cells`` times to one shared string ``text``.

    Returns the path and the shared text all cells refer to, counted by hand.
    """
    strings = [*HEADER, "kita", "schule", text]
    rows = [inline_row(1, *(f'<c r="{{ref}}" t="s"><v>{i}</v></c>' for i in range(4)))]
    for n in range(2, cells + 2):
        refs = ['<c r="{ref}" t="inlineStr"><is><t>a' + str(n) + "</t></is></c>"]
        refs += [f'<c r="{{ref}}" t="s"><v>{i}</v></c>' for i in (6, 4, 5)]
        rows.append(inline_row(n, *refs))
    total = sum(len(s) for s in HEADER) + cells * (len(text) + len("kita") + len("schule"))
    return hand_made_xlsx(path, "".join(rows), strings), total


def test_a_shared_string_referred_to_5000_times_is_refused_before_any_cell_is_read(tmp_path, monkeypatch):
    path, total = shared_string_workbook(tmp_path / "bombe.xlsx", "ab" * 100_000, 5_000)
    assert path.stat().st_size < 100_000 and total > reader.max_text_chars()  # 1 G characters from < 0.1 MB
    calls = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: calls.append(a))
    with pytest.raises(DataError, match=r"mehr als 500\.000\.000 Zeichen Text.*Schutz vor Zip-Bomben"):
        load(path)
    assert calls == []  # refused by the scan, before openpyxl ever loaded the workbook


def test_shared_text_at_the_limit_is_read_and_one_character_more_refused(tmp_path, monkeypatch):
    path, total = shared_string_workbook(tmp_path / "grenze.xlsx", "Kita am Park", 100)
    monkeypatch.setattr(reader, "max_text_chars", lambda: total)
    assert load(path).ok
    monkeypatch.setattr(reader, "max_text_chars", lambda: total - 1)
    with pytest.raises(DataError, match="Schutz vor Zip-Bomben"):
        load(path)


def test_the_text_budget_scales_with_the_file_size_limit(monkeypatch):
    monkeypatch.setenv("BILDUNGSNETZ_MAX_FILE_MB", "2")
    assert reader.max_text_chars() == 20_000_000


def test_an_over_long_shared_string_is_refused_at_the_cell_that_uses_it(tmp_path):
    path, _ = shared_string_workbook(tmp_path / "lang.xlsx", "z" * (MAX_CELL_CHARS + 1), 1)
    problem = only_error(load(path))
    assert (problem.row, problem.column, problem.letter) == (2, "Name", "B")
    assert "32.768 Zeichen" in problem.message


def test_phonetic_runs_do_not_count_as_text(tmp_path, monkeypatch):
    path, total = shared_string_workbook(tmp_path / "furigana.xlsx", "Kita", 10)
    with zipfile.ZipFile(path) as src:
        parts = {name: src.read(name) for name in src.namelist()}
    phonetic = b"<rPh sb='0' eb='1'><t>" + b"p" * 1000 + b"</t></rPh>"
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(b"<t>Kita</t>", b"<t>Kita</t>" + phonetic)
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    monkeypatch.setattr(reader, "max_text_chars", lambda: total)  # the 10.000 phonetic characters would exceed it
    assert load(path).ok
