"""Read the raw tables of an Excel workbook or a folder of CSV files, defensively.

Nothing here interprets values: the reader finds sheets and headers, keeps
every cell as the file has it (text from CSV, typed values from xlsx) with its
row number as Excel shows it, and refuses files that are too large, zip bombs,
macro workbooks and encodings it cannot read.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph import config, model
from graph.errors import DataError
from graph.io.problems import Problem

MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam", ".xlsb"}
#: A valid UTF-8 sequence for a character beyond ASCII (umlauts, typographic quotes …).
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: A member of an xlsx larger than this (uncompressed) must not be compressed more than MAX_RATIO.
RATIO_FLOOR_BYTES = 1_000_000
MAX_RATIO = 100
#: The whole uncompressed workbook may be at most this many times the file-size limit.
MAX_EXPANSION = 10


@dataclass
class RawTable:
    """One sheet or CSV file: its name as in the file, headers and rows with Excel row numbers."""

    sheet: model.Sheet
    source: str
    headers: list[str]
    header_row: int = 1
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)


@dataclass
class RawWorkbook:
    """The tables found in an input, by exchange-format sheet name, and the problems met reading it."""

    tables: dict[str, RawTable]
    problems: list[Problem]


def max_bytes() -> int:
    """Return the file-size limit in bytes (setting ``BILDUNGSNETZ_MAX_FILE_MB``)."""
    return int(float(config.get("BILDUNGSNETZ_MAX_FILE_MB")) * 1_000_000)  # type: ignore[arg-type]


def read_raw(path: Path) -> RawWorkbook:
    """Read ``path``: an ``.xlsx`` workbook or a folder of CSV files.

    Raises
    ------
    DataError
        If the input cannot be read at all (missing, too large, not a workbook,
        macros, zip bomb); problems inside readable tables are returned instead.
    """
    path = Path(path)
    if not path.exists():
        raise DataError(f"{path}: Datei oder Ordner nicht gefunden.")
    if path.is_dir():
        return _read_csv_folder(path)
    if not path.is_file():  # a device, pipe or socket: reading it could block or never end
        raise DataError(
            f"{path.name}: Das ist keine gewöhnliche Datei (sondern z. B. ein Gerät oder eine Pipe); bitte eine "
            ".xlsx-Arbeitsmappe oder einen Ordner mit CSV-Dateien angeben."
        )
    suffix = path.suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise DataError(
            f"{path.name}: Arbeitsmappen mit Makros (.xlsm) werden nicht angenommen; bitte als .xlsx speichern."
        )
    if suffix == ".csv":
        return _read_csv_files([path])
    if suffix != ".xlsx":
        raise DataError(f"{path.name}: Erwartet wird eine Excel-Arbeitsmappe (.xlsx) oder ein Ordner mit CSV-Dateien.")
    return _read_xlsx(path)


def _check_size(path: Path) -> None:
    limit = max_bytes()
    size = path.stat().st_size
    if size > limit:
        raise DataError(
            f"{path.name}: Die Datei ist {size / 1e6:.1f} MB groß; erlaubt sind höchstens {limit / 1e6:.0f} MB "
            "(Einstellung BILDUNGSNETZ_MAX_FILE_MB)."
        )


def _check_zip(path: Path) -> None:
    """Refuse macro workbooks and zip bombs before any XML is parsed."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(f"{path.name}: Die Datei ist keine gültige Excel-Arbeitsmappe (.xlsx).") from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename.lower() for info in infos}
        if any(name.endswith("vbaproject.bin") for name in names):
            raise DataError(f"{path.name}: Die Arbeitsmappe enthält Makros; bitte ohne Makros als .xlsx speichern.")
        if "[content_types].xml" in names:
            types = archive.read("[Content_Types].xml")[:200_000].lower()
            if b"macroenabled" in types:
                raise DataError(f"{path.name}: Die Arbeitsmappe ist makrofähig (.xlsm); bitte als .xlsx speichern.")
        total = sum(info.file_size for info in infos)
        if total > MAX_EXPANSION * max_bytes():
            raise DataError(
                f"{path.name}: Die Arbeitsmappe entpackt sich auf {total / 1e6:.0f} MB; das ist zu groß "
                "(Schutz vor Zip-Bomben)."
            )
        for info in infos:
            if info.file_size > RATIO_FLOOR_BYTES and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise DataError(
                    f"{path.name}: Der Teil {info.filename} ist über {MAX_RATIO}-fach komprimiert; "
                    "die Datei wird abgelehnt (Schutz vor Zip-Bomben)."
                )


def _match_sheet(name: str) -> model.Sheet | None:
    folded = model.fold(name)
    for sheet in model.SHEETS:
        if model.fold(sheet.name) == folded:
            return sheet
    return None


def _read_xlsx(path: Path) -> RawWorkbook:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - guarded by the dependency on defusedxml
        raise DataError("Excel-Dateien werden nur mit aktivem defusedxml gelesen; bitte defusedxml installieren.")
    _check_size(path)
    _check_zip(path)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise _unreadable(path, exc) from exc
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    try:
        for ws in workbook.worksheets:
            sheet = _match_sheet(ws.title)
            if sheet is None:
                problems.append(
                    Problem(ws.title, None, None, "Unbekanntes Tabellenblatt; es wird nicht übernommen.", "Hinweis")
                )
                continue
            if sheet.name in tables:
                problems.append(Problem(ws.title, None, None, f"Das Blatt „{sheet.name}“ gibt es zweimal."))
                continue
            if ws.sheet_state != "visible":
                problems.append(
                    Problem(
                        ws.title,
                        None,
                        None,
                        "Das Blatt ist in Excel ausgeblendet; es wird trotzdem übernommen.",
                        "Hinweis",
                    )
                )
            # read-only mode trusts the sheet's stored size, which other programs often write wrong
            ws.reset_dimensions()
            rows = ws.iter_rows(values_only=True)
            table = _table(sheet, ws.title, ((i, list(r)) for i, r in enumerate(rows, start=1)), problems)
            if table is not None:
                tables[sheet.name] = table
    except Exception as exc:
        raise _unreadable(path, exc) from exc
    finally:
        workbook.close()
    return RawWorkbook(tables, problems)


def _unreadable(path: Path, exc: Exception) -> DataError:
    from defusedxml import DefusedXmlException

    cause: BaseException | None = exc
    while cause is not None and not isinstance(cause, DefusedXmlException):
        cause = cause.__cause__ or cause.__context__
    if cause is not None:
        return DataError(
            f"{path.name}: Die Arbeitsmappe enthält unzulässige XML-Konstrukte (Entitäten) und wird aus "
            "Sicherheitsgründen nicht gelesen."
        )
    return DataError(f"{path.name}: Die Arbeitsmappe kann nicht gelesen werden ({type(exc).__name__}).")


def _table(sheet: model.Sheet, source: str, rows: Any, problems: list[Problem]) -> RawTable | None:
    """Build a table from numbered rows; the first non-empty row is the header."""
    header_row: list[Any] | None = None
    table: RawTable | None = None
    for number, cells in rows:
        if table is None:
            if all(_blank(c) for c in cells):
                continue
            header_row = cells
            while header_row and _blank(header_row[-1]):
                header_row.pop()
            headers = ["" if _blank(h) else str(h).strip() for h in header_row]
            table = RawTable(sheet, source, headers, header_row=number)
            if number != 1:
                problems.append(
                    Problem(source, number, None, "Die Überschriftenzeile steht nicht in Zeile 1.", "Hinweis")
                )
            continue
        if all(_blank(c) for c in cells):
            continue
        width = len(table.headers)
        extra = [i for i, c in enumerate(cells[width:], start=width + 1) if not _blank(c)]
        if extra:
            problems.append(
                Problem(
                    source,
                    number,
                    f"Spalte {extra[0]}",
                    f"Die Zeile hat {max(extra)} Felder, die Überschrift nur {width}; "
                    "überzählige Werte ohne Überschrift.",
                )
            )
        table.rows.append((number, list(cells[:width]) + [None] * max(0, width - len(cells))))
    if table is None:
        problems.append(Problem(source, None, None, "Das Blatt ist leer (keine Überschriftenzeile).", "Hinweis"))
    elif not table.rows:
        problems.append(
            Problem(source, None, None, "Das Blatt enthält nur die Überschriften, keine Einträge.", "Hinweis")
        )
    return table


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


def decode(data: bytes, name: str) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), else Windows-1252.

    Raises
    ------
    DataError
        If the bytes are neither valid UTF-8 nor Windows-1252.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            f"{name}: Die Datei ist als UTF-16 („Unicode-Text“) gespeichert; bitte in Excel als „CSV UTF-8“ speichern."
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if _UTF8_MULTIBYTE.search(data):
            line = data[: exc.start].count(b"\n") + 1
            raise DataError(
                f"{name}: Die Datei mischt UTF-8 und eine andere Zeichenkodierung (zuerst in Zeile {line}); "
                "bitte einheitlich als „CSV UTF-8“ speichern."
            ) from exc
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise DataError(
            f"{name}: Die Zeichenkodierung ist weder UTF-8 noch Windows-1252; bitte als „CSV UTF-8“ speichern."
        ) from exc


def sniff_delimiter(text: str) -> str:
    """Return ``;`` or ``,``: whichever occurs more often, outside quotes, in the first non-empty line."""
    first = next((line for line in text.split("\n") if line.strip()), "")
    counts = {";": 0, ",": 0}
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    return ";" if counts[";"] >= counts[","] and counts[";"] > 0 else ","


def _read_csv_folder(path: Path) -> RawWorkbook:
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        raise DataError(f"{path}: Der Ordner enthält keine CSV-Dateien.")
    total = sum(p.stat().st_size for p in files)
    if total > max_bytes():
        raise DataError(
            f"{path.name}: Die CSV-Dateien sind zusammen {total / 1e6:.1f} MB groß; erlaubt sind höchstens "
            f"{max_bytes() / 1e6:.0f} MB (Einstellung BILDUNGSNETZ_MAX_FILE_MB)."
        )
    return _read_csv_files(files)


def _read_csv_files(files: list[Path]) -> RawWorkbook:
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    for file in files:
        _check_size(file)
        sheet = _match_sheet(file.stem)
        if sheet is None:
            problems.append(Problem(file.name, None, None, "Unbekannte Datei; sie wird nicht übernommen.", "Hinweis"))
            continue
        if sheet.name in tables:
            problems.append(Problem(file.name, None, None, f"Die Tabelle „{sheet.name}“ gibt es zweimal."))
            continue
        text = decode(file.read_bytes(), file.name)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text), strict=True)
        numbered: list[tuple[int, list[str]]] = []
        try:
            for record in reader:
                numbered.append((len(numbered) + 1, record))
        except csv.Error:
            problems.append(
                Problem(
                    file.name,
                    len(numbered) + 1,
                    None,
                    "Ein Anführungszeichen wird nicht geschlossen; ab hier ist die Datei nicht lesbar.",
                )
            )
        table = _table(sheet, file.name, iter(numbered), problems)
        if table is not None:
            tables[sheet.name] = table
    return RawWorkbook(tables, problems)
