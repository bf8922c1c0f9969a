"""Turn raw tables into a :class:`~graph.dataset.Dataset`, finding every problem first.

Each cell is parsed according to its column in :data:`graph.model.SHEETS`:
text is NFC-normalised and trimmed, IDs stay text (``0123`` stays ``0123``),
vocabulary values are accepted as key or German label in any case, lists are
comma-separated, dates are ISO, German or Excel dates. Every problem names
the sheet or file, the row as Excel shows it and the column.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from graph import model
from graph.dataset import Dataset, Rel
from graph.errors import DataError
from graph.io.export import neutralise
from graph.io.problems import Problem, column_letter, decimal, errors, first_few, summarise
from graph.io.problems import number as german_number
from graph.io.reader import RawTable, RawWorkbook, read_raw

#: A text cell starting with one of these was neutralised by our export (OWASP): strip the quote again.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
#: Characters no cell may hold: XML 1.0 cannot carry them (C0 controls but tab, line feed and carriage
#: return; lone surrogates; U+FFFE/U+FFFF), or Unicode reserves them as non-characters (U+FDD0–U+FDEF and
#: the last two code points of every plane); DEL is invisible junk as well.
_FORBIDDEN = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufdd0-\ufdef"
    + "".join(chr(plane << 16 | 0xFFFE) + chr(plane << 16 | 0xFFFF) for plane in range(17))
    + "]"
)
#: Excel holds at most this many characters (UTF-16 code units) in one cell; longer text is refused at import
#: rather than cut off at export.
MAX_CELL_CHARS = 32_767
_THOUSANDS = re.compile(r"^\d{1,3}([. ]\d{3})+$")
_GERMAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?$")
MAX_ID_LENGTH = 200
#: Whole numbers beyond this cannot be stored exactly (and no district has that many of anything).
MAX_INT = 2**53
#: Excel shows these instead of a value when a formula fails.
EXCEL_ERRORS = {
    "#N/A",
    "#NV",
    "#DIV/0!",
    "#VALUE!",
    "#WERT!",
    "#REF!",
    "#BEZUG!",
    "#NAME?",
    "#NUM!",
    "#ZAHL!",
    "#NULL!",
    "#SPILL!",
    "#CALC!",
    "#GETTING_DATA",
}
TRUE_WORDS = {"ja", "j", "x", "wahr", "true", "1", "yes", "y"}
FALSE_WORDS = {"nein", "n", "falsch", "false", "0", "no"}


class CellError(ValueError):
    """A cell value cannot be parsed; the message is German."""


@dataclass
class ImportResult:
    """The outcome of reading and validating an input."""

    dataset: Dataset
    problems: list[Problem]

    @property
    def ok(self) -> bool:
        """True if no problem blocks the import."""
        return not errors(self.problems)


def clean_text(value: Any) -> str | None:
    """Return ``value`` as NFC text without surrounding white space; ``None`` for empty cells.

    Numbers from Excel become their plain text (``123.0`` -> ``"123"``). A
    leading apostrophe that our export put before ``= + - @`` is removed.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        text = "ja" if value else "nein"
    elif isinstance(value, float) and value.is_integer():
        text = str(int(value))
    elif isinstance(value, dt.datetime):
        text = value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    elif isinstance(value, dt.date):
        text = value.isoformat()
    else:
        text = str(value)
    text = unicodedata.normalize("NFC", text).strip()
    if len(text) > 1 and text[0] == "'" and neutralise(text[1:]) == text:  # our export's prefix, exactly
        text = text[1:]
    return text or None


def split_list(text: str) -> list[str]:
    """Split a comma-separated cell into its trimmed, non-empty, distinct items (order kept)."""
    items: list[str] = []
    for part in text.split(","):
        part = part.strip()
        if part and part not in items:
            items.append(part)
    return items


def suggest(vocab: str, value: str) -> str | None:
    """Return the German label closest to ``value`` in vocabulary ``vocab``, if any is close."""
    candidates = {}
    for key, label in model.VOCABULARIES[vocab].items():
        candidates[model.fold(label)] = label
        candidates[model.fold(key)] = label
    match = difflib.get_close_matches(model.fold(value), list(candidates), n=1, cutoff=0.6)
    return candidates[match[0]] if match else None


def parse_vocab(vocab: str, text: str) -> str:
    """Return the key of ``text`` (key or German label) in ``vocab``."""
    key = model.VOCAB_INDEX[vocab].resolve(text)
    if key is None:
        hint = suggest(vocab, text)
        tip = f" Meinten Sie „{hint}“?" if hint else ""
        allowed = ", ".join(model.VOCABULARIES[vocab].values())
        raise CellError(f"Unbekannter Wert „{text}“.{tip} Erlaubt: {allowed}.")
    return key


def parse_int(value: Any) -> int:
    """Parse a whole number (Excel number, ``12345``, ``12.345`` or ``12 345``)."""
    if isinstance(value, bool):
        raise CellError(f"„{value}“ ist keine ganze Zahl.")
    if isinstance(value, float):
        if not value.is_integer():
            raise CellError(f"„{value}“ ist keine ganze Zahl.")
        value = int(value)
    if not isinstance(value, int):
        text = str(value).strip()
        if _THOUSANDS.match(text):
            text = text.replace(".", "").replace(" ", "")
        if not re.fullmatch(r"[+-]?\d+", text):
            raise CellError(f"„{value}“ ist keine ganze Zahl.")
        value = int(text)
    if abs(value) >= MAX_INT:
        raise CellError(f"{value} ist zu groß.")
    return value


def parse_float(value: Any) -> float:
    """Parse a number (Excel number, ``51.23`` or German ``51,23``)."""
    if isinstance(value, bool):
        raise CellError(f"„{value}“ ist keine Zahl.")
    if isinstance(value, (int, float)):
        return float(value)
    text = str(value).strip()
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    if re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", text):
        return float(text)
    raise CellError(f"„{value}“ ist keine Zahl.")


def parse_bool(value: Any) -> bool:
    """Parse ja/nein (also x, wahr/falsch, true/false, 1/0)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    word = str(value).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise CellError(f"„{value}“ ist kein Ja/Nein-Wert; erlaubt sind „ja“ und „nein“.")


def parse_date(value: Any) -> dt.date:
    """Parse a date: an Excel date, ``2024-03-01``, ``01.03.2024`` or an Excel serial number."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        hint = f" Nur eine Jahreszahl? Dann bitte z. B. 01.01.{int(value)}." if 1900 <= value <= 2200 else ""
        raise CellError(f"„{value:g}“ ist eine Zahl, kein Datum; bitte die Zelle als Datum eingeben.{hint}")
    text = str(value).strip()
    match = _ISO_DATE.match(text)
    parts: tuple[int, int, int] | None = None
    if match:
        parts = (int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := _GERMAN_DATE.match(text):
        parts = (int(match.group(3)), int(match.group(2)), int(match.group(1)))
    if parts is None:
        raise CellError(f"„{value}“ ist kein Datum; erwartet wird z. B. 2024-03-01 oder 01.03.2024.")
    try:
        return dt.date(*parts)
    except ValueError:
        raise CellError(f"„{value}“ ist kein gültiges Datum (diesen Tag gibt es nicht).") from None


def parse_cell(column: model.Column, value: Any) -> Any:
    """Parse one non-empty cell according to its column; raise :class:`CellError` if invalid."""
    kind = column.kind
    if isinstance(value, str) and value.lstrip()[:1] == "#" and value.strip().upper() in EXCEL_ERRORS:
        raise CellError(f"Die Zelle enthält den Excel-Fehlerwert {value.strip()} statt eines Werts.")
    if kind in ("id", "ref", "ref_list") and isinstance(value, (int, float)) and abs(value) >= 1e15:
        raise CellError(
            "Die ID ist eine Zahl mit mehr als 15 Stellen, die Excel bereits gerundet hat; "
            "bitte die Spalte als Text formatieren."
        )
    if kind in ("int", "float", "bool", "date") and not isinstance(value, str):
        parsed: Any = {"int": parse_int, "float": parse_float, "bool": parse_bool, "date": parse_date}[kind](value)
    else:
        text = clean_text(value)
        if text is None:
            return None
        check_text(text)
        if kind in ("id", "ref"):
            parsed = _check_id(text)
        elif kind == "text":
            parsed = text
        elif kind == "text_list":
            parsed = split_list(text)
        elif kind == "ref_list":
            parsed = [_check_id(item) for item in split_list(text)]
        elif kind == "vocab":
            parsed = parse_vocab(str(column.vocab), text)
            if column.vocab == "intensity":
                parsed = int(parsed)
        elif kind == "vocab_list":
            parsed = [parse_vocab(str(column.vocab), item) for item in split_list(text)]
            parsed = list(dict.fromkeys(parsed))
        elif kind == "int":
            parsed = parse_int(text)
        elif kind == "float":
            parsed = parse_float(text)
        elif kind == "bool":
            parsed = parse_bool(text)
        elif kind == "date":
            parsed = parse_date(text)
        else:  # pragma: no cover - the model only declares the kinds above
            raise AssertionError(kind)
    if kind in ("int", "float"):
        if column.minimum is not None and parsed < column.minimum:
            raise CellError(f"{decimal(parsed)} ist kleiner als das Minimum {decimal(column.minimum)}.")
        if column.maximum is not None and parsed > column.maximum:
            raise CellError(f"{decimal(parsed)} ist größer als das Maximum {decimal(column.maximum)}.")
    return parsed


def excel_length(text: str) -> int:
    """Return the length of ``text`` as Excel counts it: UTF-16 code units (an emoji counts twice).

    >>> excel_length("Kita"), excel_length("😀")
    (4, 2)
    """
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


def check_text(text: str) -> None:
    r"""Refuse text that not every export format can carry: longer than an Excel cell, or forbidden characters.

    Raises
    ------
    CellError
        If ``text`` is longer than :data:`MAX_CELL_CHARS` or holds a character of
        ``_FORBIDDEN``; the message names the length or the code point and position.

    Examples
    --------
    >>> check_text("Kita am Park")
    >>> try:
    ...     check_text("Kita\uffff")
    ... except CellError as exc:
    ...     print(exc)
    Die Zelle enthält das unzulässige Zeichen U+FFFF (ein Nicht-Zeichen) an Stelle 5; bitte entfernen.
    """
    if len(text) * 2 > MAX_CELL_CHARS and (length := excel_length(text)) > MAX_CELL_CHARS:
        raise CellError(
            f"Der Text ist {german_number(length)} Zeichen lang; Excel fasst höchstens "
            f"{german_number(MAX_CELL_CHARS)} Zeichen je Zelle."
        )
    match = _FORBIDDEN.search(text)
    if match is not None:
        code = ord(match.group())
        if code < 0x20 or code == 0x7F:
            what = "ein unsichtbares Steuerzeichen"
        elif 0xD800 <= code <= 0xDFFF:
            what = "ein einzelnes Surrogat, Rest einer kaputten Kodierung"
        else:
            what = "ein Nicht-Zeichen"
        raise CellError(
            f"Die Zelle enthält das unzulässige Zeichen U+{code:04X} ({what}) an Stelle {match.start() + 1}; "
            "bitte entfernen."
        )


def _check_id(text: str) -> str:
    if _CONTROL.search(text):
        raise CellError("Die ID enthält Steuerzeichen (z. B. einen Zeilenumbruch).")
    if len(text) > MAX_ID_LENGTH:
        raise CellError(f"Die ID ist länger als {german_number(MAX_ID_LENGTH)} Zeichen.")
    return text


def cooperation_id(a: str, b: str) -> str:
    """Return the generated id of the cooperation between ``a`` and ``b`` (order does not matter)."""
    first, second = sorted((a, b))
    return "ko-" + hashlib.sha256(f"{first}\x1f{second}".encode()).hexdigest()[:12]


# ---------------------------------------------------------------------------


@dataclass
class _Record:
    source: str
    row: int
    values: dict[str, Any]


class _Validator:
    def __init__(self, raw: RawWorkbook, known_ids: Mapping[str, set[str]] | None) -> None:
        self.raw = raw
        self.problems: list[Problem] = list(raw.problems)
        self.records: dict[str, list[_Record]] = {}
        self.present: dict[str, frozenset[str]] = {}
        self.known_ids = {label: set(ids) for label, ids in (known_ids or {}).items()}

    def problem(
        self, source: str, row: int | None, column: str | None, message: str, letter: str | None = None
    ) -> None:
        """Add a "Fehler"; its column letter is looked up in the table of ``source`` unless given."""
        if letter is None and column:
            table = next((t for t in self.raw.tables.values() if t.source == source), None)
            letter = table.letter(column) if table is not None else None
        self.problems.append(Problem(source, row, column, message, letter=letter))

    def run(self) -> ImportResult:
        for sheet in model.SHEETS:
            table = self.raw.tables.get(sheet.name)
            if table is None:
                if sheet.required:
                    self.problem(sheet.name, None, None, f"Das Pflichtblatt „{sheet.name}“ fehlt.")
                continue
            self.records[sheet.name] = self.parse_table(table)
        ids = self.collect_ids()
        dataset = self.build(ids)
        self.check_cycles(dataset)
        return ImportResult(dataset, self.problems)

    def parse_table(self, table: RawTable) -> list[_Record]:
        sheet = table.sheet
        by_header = {model.fold(c.header): c for c in sheet.columns}
        positions: dict[str, int] = {}
        unknown: list[Problem] = []
        for index, header in enumerate(table.headers):
            letter = column_letter(index + 1)
            if not header:
                if any(not _empty(cells[index]) for _, cells in table.rows):
                    self.problem(
                        table.source,
                        table.header_row,
                        None,
                        "Die Spalte hat Werte, aber keine Überschrift.",
                        letter=letter,
                    )
                continue
            column = by_header.get(model.fold(header))
            if column is None:
                unknown.append(
                    Problem(
                        table.source,
                        table.header_row,
                        header,
                        "Unbekannte Spalte; ihre Werte werden nicht übernommen.",
                        "Hinweis",
                        letter,
                    )
                )
                continue
            if column.field in positions:
                self.problem(table.source, table.header_row, header, "Die Spalte gibt es zweimal.", letter=letter)
                continue
            positions[column.field] = index
        self.problems.extend(summarise(unknown, _unknown_columns))
        for column in sheet.columns:
            if column.required and column.field not in positions:
                self.problem(table.source, table.header_row, column.header, "Die Pflichtspalte fehlt.")
        self.present[sheet.name] = frozenset(positions)
        records = []
        present = [(column, positions[column.field]) for column in sheet.columns if column.field in positions]
        for number, cells in table.rows:
            values: dict[str, Any] = {}
            for column, position in present:
                raw = cells[position]
                if raw is None or raw == "":
                    # a formula without a stored value reads as empty and was reported by the reader
                    if column.required and (number, position) not in table.formula_cells:
                        self.problem(table.source, number, column.header, "Pflichtfeld ist leer.")
                    continue
                try:
                    value = None if _empty(raw) else parse_cell(column, raw)
                except CellError as exc:
                    self.problem(table.source, number, column.header, str(exc))
                    continue
                if value in (None, []):
                    if column.required:
                        self.problem(table.source, number, column.header, "Pflichtfeld ist leer.")
                    continue
                values[column.field] = value
            self.check_ranges(table.source, number, sheet, values)
            records.append(_Record(table.source, number, values))
        return records

    def check_ranges(self, source: str, row: int, sheet: model.Sheet, values: dict[str, Any]) -> None:
        for lo, hi in (("valid_from", "valid_to"), ("since", "until")):
            if lo in values and hi in values and values[lo] > values[hi]:
                self.problem(
                    source,
                    row,
                    sheet.column(hi).header,
                    f"Das Enddatum {values[hi]:%d.%m.%Y} liegt vor dem Anfangsdatum {values[lo]:%d.%m.%Y}.",
                )

    def collect_ids(self) -> dict[str, set[str]]:
        file_ids: dict[str, set[str]] = {label: set() for label in model.NODE_LABELS}
        for sheet in model.SHEETS:
            if not sheet.label:
                continue
            first_row: dict[str, int] = {}
            for record in self.records.get(sheet.name, []):
                node_id = record.values.get("id")
                if node_id is None:
                    continue
                if node_id in first_row:
                    self.problem(
                        record.source,
                        record.row,
                        "ID",
                        f"Die ID „{node_id}“ kommt doppelt vor (zuerst in Zeile {first_row[node_id]}).",
                    )
                    record.values.pop("id")
                    continue
                first_row[node_id] = record.row
                file_ids[sheet.label].add(node_id)
        return Dataset.merge_ids(file_ids, self.known_ids)

    def check_ref(self, record: _Record, column: model.Column, ids: dict[str, set[str]], value: str) -> bool:
        if value in ids[str(column.target)]:
            return True
        german = model.NODE_LABELS[str(column.target)]
        self.problem(record.source, record.row, column.header, f"{german} „{value}“ ist unbekannt.")
        return False

    def build(self, ids: dict[str, set[str]]) -> Dataset:
        ds = Dataset()
        for sheet in model.SHEETS:
            fields = self.present.get(sheet.name)
            if fields is not None and fields != {c.field for c in sheet.columns}:
                ds.present[str(sheet.label or sheet.rel)] = fields
        for sheet in model.SHEETS:
            records = self.records.get(sheet.name, [])
            if sheet.label:
                for record in records:
                    self.build_node(ds, sheet, record, ids)
            else:
                self.build_rel_sheet(ds, sheet, records, ids)
        return ds

    def build_node(self, ds: Dataset, sheet: model.Sheet, record: _Record, ids: dict[str, set[str]]) -> None:
        node_id = record.values.get("id")
        if node_id is None:
            return
        label = str(sheet.label)
        props: dict[str, Any] = {}
        for column in sheet.columns:
            value = record.values.get(column.field)
            if value is None or column.kind == "id":
                continue
            if column.rel:
                targets = value if isinstance(value, list) else [value]
                for position, target in enumerate(targets):
                    if not self.check_ref(record, column, ids, target):
                        continue
                    if (column.rel == "PART_OF" and target == node_id) or (
                        column.rel == "REPORTS_TO" and target == node_id
                    ):
                        self.problem(
                            record.source,
                            record.row,
                            column.header,
                            "Ein Eintrag kann nicht auf sich selbst verweisen.",
                        )
                        continue
                    role = column.role if position == 0 else column.role_rest
                    rel_props = {"role": role} if role else {}
                    start, end = (node_id, target) if column.row_is_start else (target, node_id)
                    start_label, end_label = (label, column.target) if column.row_is_start else (column.target, label)
                    ds.add_rel(Rel(column.rel, str(start_label), start, str(end_label), end, rel_props))
            elif column.kind == "ref":  # a reference without relationship (none on node sheets today)
                self.check_ref(record, column, ids, value)
            else:
                props[column.field] = value
        ds.add_node(label, node_id, props)

    def build_rel_sheet(
        self, ds: Dataset, sheet: model.Sheet, records: list[_Record], ids: dict[str, set[str]]
    ) -> None:
        rel_type = str(sheet.rel)
        spec = model.REL_TYPES[rel_type]
        start_col, end_col = sheet.column(str(sheet.start)), sheet.column(str(sheet.end))
        seen_pairs: dict[tuple[str, str], int] = {}
        rows: list[tuple[_Record, str, str, dict[str, Any]]] = []
        for record in records:
            values = record.values
            start, end = values.get(start_col.field), values.get(end_col.field)
            if start is None or end is None:
                continue
            ok = self.check_ref(record, start_col, ids, start) & self.check_ref(record, end_col, ids, end)
            if spec.keyed and start == end:
                self.problem(
                    record.source, record.row, end_col.header, "Ein Akteur kann nicht mit sich selbst kooperieren."
                )
                ok = False
            if not spec.keyed:  # a membership stands once per actor and committee
                if (start, end) in seen_pairs:
                    self.problem(
                        record.source,
                        record.row,
                        end_col.header,
                        f"Diese Mitgliedschaft steht bereits in Zeile {seen_pairs[(start, end)]}.",
                    )
                    ok = False
                else:
                    seen_pairs[(start, end)] = record.row
            props: dict[str, Any] = {}
            for column in sheet.columns:
                if column.field in (start_col.field, end_col.field) or column.field not in values:
                    continue
                value = values[column.field]
                if column.kind == "ref":
                    if not self.check_ref(record, column, ids, value):
                        ok = False
                    elif column.field == "reported_by" and value not in (start, end):
                        self.problem(
                            record.source, record.row, column.header, "„Gemeldet von“ muss Akteur A oder Akteur B sein."
                        )
                        ok = False
                props[column.field] = value
            if ok:
                rows.append((record, start, end, props))
        if spec.keyed:
            rows = self.cooperation_periods(rows, sheet, ds)
        for record, start, end, props in rows:
            ds.add_rel(Rel(rel_type, spec.start[0], start, spec.end, end, props))
            ds.origins[origin_key(rel_type, start, end, props)] = (record.source, record.row)

    def cooperation_periods(
        self, rows: list[tuple[_Record, str, str, dict[str, Any]]], sheet: model.Sheet, ds: Dataset
    ) -> list[tuple[_Record, str, str, dict[str, Any]]]:
        """Rows of one pair are a history: periods that do not overlap stay apart, overlapping ones merge.

        Merged rows keep the highest intensity, the union of types, the earliest
        start and the latest end (open if one is open); the other fields come
        from the first row that has them, and a Hinweis names the rows. Each
        period gets its own id: the one given, else one made from the pair
        (and, for every period after the first, its start date).
        """
        by_pair: dict[frozenset[str], list[tuple[_Record, str, str, dict[str, Any]]]] = {}
        for row in rows:
            by_pair.setdefault(frozenset((row[1], row[2])), []).append(row)
        out: list[tuple[_Record, str, str, dict[str, Any]]] = []
        seen_ids: dict[str, int] = {}
        id_header = sheet.column("id").header
        for group in by_pair.values():
            group.sort(key=lambda r: (r[3].get("since") or dt.date.min, r[0].row))
            clusters: list[list[tuple[_Record, str, str, dict[str, Any]]]] = []
            for row in group:
                if clusters and periods_overlap(_period(clusters[-1]), _period([row])):
                    clusters[-1].append(row)
                else:
                    clusters.append([row])
            for position, cluster in enumerate(clusters):
                record, start, end, props = cluster[0]
                if len(cluster) > 1:
                    props = _merge_cooperations([r[3] for r in cluster])
                    numbers = [r[0].row for r in cluster]
                    listed = ", ".join(str(n) for n in numbers[:-1]) + f" und {numbers[-1]}"
                    self.problems.append(
                        Problem(
                            record.source,
                            record.row,
                            None,
                            f"Die Zeilen {listed} beschreiben dieselbe Kooperation in sich überschneidenden "
                            "Zeiträumen; sie werden zu einer zusammengefasst (höchste Intensität, alle Arten).",
                            "Hinweis",
                        )
                    )
                if "id" not in props:
                    generated = cooperation_id(start, end)
                    if position and props.get("since") is not None:
                        generated = f"{generated}-{props['since']:%Y-%m-%d}"
                    ds.generated_ids.add(generated)
                    props = {**props, "id": generated}
                rel_id = str(props["id"])
                if rel_id in seen_ids:
                    self.problem(
                        record.source,
                        record.row,
                        id_header,
                        f"Die ID „{rel_id}“ kommt doppelt vor (zuerst in Zeile {seen_ids[rel_id]}).",
                    )
                    continue
                seen_ids[rel_id] = record.row
                out.append((record, start, end, props))
        return out

    def check_cycles(self, ds: Dataset) -> None:
        for rel_type, label in (("PART_OF", "Area"), ("REPORTS_TO", "Committee")):
            parent: dict[str, str] = {r.start: r.end for r in ds.rels if r.type == rel_type}
            reported: set[str] = set()
            for node in sorted(parent):
                path, current = [], node
                while current in parent and current not in path:
                    path.append(current)
                    current = parent[current]
                if current in path and current not in reported:
                    cycle = path[path.index(current) :]
                    reported.update(cycle)
                    sheet = model.SHEET_BY_LABEL[label]
                    self.problem(
                        sheet.name,
                        None,
                        sheet.column("part_of" if label == "Area" else "reports_to").header,
                        "Zirkelbezug: " + " → ".join([*cycle, current]) + ".",
                    )


def periods_overlap(a: tuple[Any, Any], b: tuple[Any, Any]) -> bool:
    """Whether two periods (start, end; ``None`` = open, both ends inclusive) share a day.

    Examples
    --------
    >>> import datetime as dt
    >>> periods_overlap((dt.date(2020, 1, 1), dt.date(2020, 12, 31)), (dt.date(2021, 1, 1), None))
    False
    >>> periods_overlap((None, None), (dt.date(2021, 1, 1), None))
    True
    """
    (s1, e1), (s2, e2) = a, b
    return (s1 is None or e2 is None or s1 <= e2) and (s2 is None or e1 is None or s2 <= e1)


def _period(rows: list[tuple[Any, str, str, dict[str, Any]]]) -> tuple[Any, Any]:
    starts: list[dt.date | None] = [r[3].get("since") for r in rows]
    ends: list[dt.date | None] = [r[3].get("until") for r in rows]
    start = None if None in starts else min(d for d in starts if d is not None)
    end = None if None in ends else max(d for d in ends if d is not None)
    return (start, end)


def _merge_cooperations(items: list[dict[str, Any]]) -> dict[str, Any]:
    """One cooperation from overlapping rows: highest intensity, all types, the whole period."""
    merged: dict[str, Any] = {}
    for props in items:
        for key, value in props.items():
            merged.setdefault(key, value)
    intensities = [p["intensity"] for p in items if p.get("intensity") is not None]
    if intensities:
        merged["intensity"] = max(intensities)
    types = [t for p in items for t in p.get("types", [])]
    if types:
        merged["types"] = list(dict.fromkeys(types))
    start, end = _period([(None, "", "", p) for p in items])
    for key, value in (("since", start), ("until", end)):
        if value is None:
            merged.pop(key, None)
        else:
            merged[key] = value
    return merged


def origin_key(rel_type: str, start: str, end: str, props: Mapping[str, Any]) -> tuple[str, str, str]:
    """The key of :attr:`Dataset.origins` for a relationship: its id if it has one, else its endpoints."""
    if "id" in props:
        return (rel_type, "id", str(props["id"]))
    return (rel_type, start, end)


def _unknown_columns(found: Sequence[Problem]) -> Problem:
    """One note for many unknown columns of a table, naming the first."""
    names = [p.column_label for p in found]
    return Problem(
        found[0].source,
        found[0].row,
        None,
        f"{german_number(len(found))} unbekannte Spalten ({first_few(names)}); ihre Werte werden nicht übernommen.",
        "Hinweis",
    )


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def validate(raw: RawWorkbook, known_ids: Mapping[str, set[str]] | None = None) -> ImportResult:
    """Validate raw tables and build the dataset; ``known_ids`` are ids already in the database."""
    return _Validator(raw, known_ids).run()


def load(path: Path, known_ids: Mapping[str, set[str]] | None = None) -> ImportResult:
    """Read and validate an ``.xlsx`` workbook or a folder of CSV files.

    Parameters
    ----------
    path : Path
        The workbook or folder.
    known_ids : mapping, optional
        Ids per label that references may name besides those in the input
        (the database's, when merging).

    Returns
    -------
    ImportResult
        The dataset and every problem found; ``result.ok`` says whether it may be written.

    Raises
    ------
    DataError
        If the input cannot be read at all.
    """
    return validate(read_raw(Path(path)), known_ids)


def load_or_raise(path: Path, known_ids: Mapping[str, set[str]] | None = None) -> Dataset:
    """Like :func:`load`, but raise :class:`DataError` listing the problems if any blocks the import."""
    result = load(path, known_ids)
    if not result.ok:
        blocking = errors(result.problems)
        raise DataError(f"{len(blocking)} Fehler in {Path(path).name}; nichts wurde gespeichert.", result.problems)
    return result.dataset
