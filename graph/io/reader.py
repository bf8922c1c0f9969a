"""Read the raw tables of an Excel workbook or a folder of CSV files, defensively.

Nothing here interprets values: the reader finds sheets and headers, keeps
every cell as the file has it (text from CSV, typed values from xlsx) with its
row number as Excel shows it, and refuses files that are too large, zip bombs,
macro workbooks, password-protected, legacy ``.xls`` and ``.ods`` files and
encodings it cannot read.

Before openpyxl reads a workbook, one streaming pass over each worksheet's XML
(:func:`_scan_sheet`) finds what openpyxl's read-only mode loses or hides:
merged ranges, formulas without a stored value, and how much shared text the
cells refer to (the guard against shared-string bombs). It keeps memory
linear in the number of findings, not in the size of the sheet.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.parsers import expat

from graph import config, model
from graph.errors import DataError
from graph.io.problems import Problem, column_letter, first_few, megabytes, number, runs_text, summarise

MACRO_SUFFIXES = {".xlsm", ".xltm", ".xlam", ".xlsb"}
#: Suffixes whose content decides how the file is read (a renamed file is recognised by its bytes).
WORKBOOK_SUFFIXES = {".xlsx", ".xls", ".ods"}
#: A valid UTF-8 sequence for a character beyond ASCII (umlauts, typographic quotes …).
_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
#: A member of an xlsx larger than this (uncompressed) must not be compressed more than MAX_RATIO.
RATIO_FLOOR_BYTES = 1_000_000
MAX_RATIO = 100
#: The whole uncompressed workbook may be at most this many times the file-size limit.
MAX_EXPANSION = 10
#: The shared text all cells refer to (a shared string counts once per cell that uses it) may be at
#: most this many characters per byte of the file-size limit; see :func:`max_text_chars`.
MAX_TEXT_EXPANSION = 10
#: The header row is looked for among this many non-empty rows at the top of a sheet.
HEADER_SEARCH_ROWS = 50
#: The first bytes of an OLE2 compound file: legacy .xls, and password-protected .xlsx.
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_SHARED_STRINGS_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"
#: SpreadsheetML's main namespace, transitional and strict.
_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)

_PASSWORD = (
    "{name}: Die Arbeitsmappe ist mit einem Kennwort verschlüsselt und kann nicht gelesen werden. Bitte in "
    "Excel öffnen, unter „Datei › Informationen › Arbeitsmappe schützen › Mit Kennwort verschlüsseln“ das "
    "Kennwort löschen, speichern und die Datei erneut hochladen."
)
_LEGACY_XLS = (
    "{name}: Die Datei ist im alten Excel-Format (.xls, Excel 97–2003) gespeichert. Bitte in Excel öffnen "
    "und über „Speichern unter“ als „Excel-Arbeitsmappe (*.xlsx)“ speichern."
)
_ODS = (
    "{name}: Die Datei ist eine OpenDocument-Tabelle (.ods, z. B. aus LibreOffice oder OpenOffice). Bitte "
    "über „Speichern unter“ im Format „Excel 2007–365 (.xlsx)“ speichern."
)
_NOT_A_WORKBOOK = "{name}: Die Datei ist keine gültige Excel-Arbeitsmappe (.xlsx)."


@dataclass
class RawTable:
    """One sheet or CSV file: its name as in the file, headers and rows with Excel row numbers.

    ``formula_cells`` holds ``(row, position)`` of cells (0-based position in
    ``headers``) whose formula has no stored value; they read as empty and
    were reported already.
    """

    sheet: model.Sheet
    source: str
    headers: list[str]
    header_row: int = 1
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    formula_cells: set[tuple[int, int]] = field(default_factory=set)
    _letters: dict[str, str] | None = field(default=None, init=False, repr=False, compare=False)

    def letter(self, header: str) -> str | None:
        """Return the column letter of ``header`` (compared folded; the first such column), or ``None``."""
        if self._letters is None:
            self._letters = {}
            for index, name in enumerate(self.headers):
                if name:
                    self._letters.setdefault(model.fold(name), column_letter(index + 1))
        return self._letters.get(model.fold(header))


@dataclass
class RawWorkbook:
    """The tables found in an input, by exchange-format sheet name, and the problems met reading it."""

    tables: dict[str, RawTable]
    problems: list[Problem]


def max_bytes() -> int:
    """Return the file-size limit in bytes (setting ``BILDUNGSNETZ_MAX_FILE_MB``)."""
    return int(float(config.get("BILDUNGSNETZ_MAX_FILE_MB")) * 1_000_000)  # type: ignore[arg-type]


def max_text_chars() -> int:
    """Return how many characters of shared text the cells of one workbook may refer to in total.

    ``MAX_TEXT_EXPANSION`` characters per byte of :func:`max_bytes` (500 million for 50 MB): an
    honest workbook cannot come near it, since its text had to fit into the unpacked file, which
    :data:`MAX_EXPANSION` bounds the same way. A workbook whose few shared strings are referred to
    by thousands of cells can, and is refused before any cell is read.
    """
    return MAX_TEXT_EXPANSION * max_bytes()


def read_raw(path: Path) -> RawWorkbook:
    """Read ``path``: an ``.xlsx`` workbook or a folder of CSV files.

    Raises
    ------
    DataError
        If the input cannot be read at all (missing, too large, not a workbook,
        macros, password, legacy ``.xls`` or ``.ods``, zip bomb); problems inside
        readable tables are returned instead.
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
    if suffix not in WORKBOOK_SUFFIXES:
        raise DataError(f"{path.name}: Erwartet wird eine Excel-Arbeitsmappe (.xlsx) oder ein Ordner mit CSV-Dateien.")
    _check_size(path)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == CFB_MAGIC:
        raise _compound_file_error(path)
    if not head.startswith(b"PK"):
        template = {".xls": _LEGACY_XLS, ".ods": _ODS}.get(suffix, _NOT_A_WORKBOOK)
        raise DataError(template.format(name=path.name))
    problems: list[Problem] = []
    if suffix != ".xlsx":
        problems.append(
            Problem(
                path.name,
                None,
                None,
                f"Die Datei endet auf {suffix}, ist aber eine Excel-Arbeitsmappe (.xlsx); sie wird als solche gelesen.",
                "Hinweis",
            )
        )
    return _read_xlsx(path, problems)


def read_table(path: Path, sheet: model.Sheet) -> RawWorkbook:
    """Read one table laid out as ``sheet`` (not a sheet of the exchange format), with every check of :func:`read_raw`.

    ``path`` is a CSV file or an ``.xlsx`` workbook; of a workbook the
    worksheet named like ``sheet`` is read, else the first one. The table is
    found under ``sheet.name`` in the result (survey answers:
    :mod:`graph.survey.formats`).

    Raises
    ------
    DataError
        If the file cannot be read at all (as :func:`read_raw`).
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: Datei nicht gefunden." if not path.exists() else f"{path.name}: keine Datei.")
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return _read_csv_files([path], only=sheet)
    if suffix in MACRO_SUFFIXES or suffix not in WORKBOOK_SUFFIXES:
        raise DataError(f"{path.name}: Erwartet wird eine CSV-Datei oder eine Excel-Arbeitsmappe (.xlsx).")
    _check_size(path)
    with open(path, "rb") as handle:
        head = handle.read(8)
    if head == CFB_MAGIC:
        raise _compound_file_error(path)
    if not head.startswith(b"PK"):
        raise DataError(_NOT_A_WORKBOOK.format(name=path.name))
    return _read_xlsx(path, [], only=sheet)


def _check_size(path: Path) -> None:
    limit = max_bytes()
    size = path.stat().st_size
    if size > limit:
        raise DataError(
            f"{path.name}: Die Datei ist {megabytes(size)} groß; erlaubt sind höchstens {megabytes(limit)} "
            "(Einstellung BILDUNGSNETZ_MAX_FILE_MB)."
        )


def compound_file_streams(path: Path, names: Iterable[str]) -> set[str]:
    """Return which of ``names`` are streams or storages in the OLE2 compound file ``path``.

    Reads the file in chunks and looks for directory entries: 128-byte records,
    aligned to 128 bytes after the 512-byte header, that start with the
    UTF-16 name and give its length (with the terminating NUL) at byte 64 and
    the entry type (1 storage, 2 stream) at byte 66. No allocation table is
    followed, so a damaged file is still recognised.
    """
    patterns = {name: name.encode("utf-16-le") + b"\0\0" for name in names}
    found: set[str] = set()
    chunk_size = 1 << 20  # a multiple of 128: no directory entry straddles two chunks
    with open(path, "rb") as handle:
        offset = 0
        while chunk := handle.read(chunk_size):
            for name, pattern in patterns.items():
                start = chunk.find(pattern)
                while start != -1:
                    entry = chunk[start : start + 128]
                    if (
                        start % 128 == 0
                        and offset + start >= 512
                        and len(entry) > 66
                        and int.from_bytes(entry[64:66], "little") == len(pattern)
                        and entry[66] in (1, 2)
                    ):
                        found.add(name)
                        break
                    start = chunk.find(pattern, start + 1)
            offset += len(chunk)
    return found


def _compound_file_error(path: Path) -> DataError:
    """Name what an OLE2 compound file is: an encrypted xlsx, a legacy xls, or something else."""
    streams = compound_file_streams(path, ("EncryptionInfo", "EncryptedPackage", "Workbook", "Book"))
    if streams & {"EncryptionInfo", "EncryptedPackage"}:
        return DataError(_PASSWORD.format(name=path.name))
    if streams & {"Workbook", "Book"} or path.suffix.lower() == ".xls":
        return DataError(_LEGACY_XLS.format(name=path.name))
    return DataError(
        f"{path.name}: Die Datei ist ein Office-Dokument im alten Format, aber keine Excel-Arbeitsmappe; "
        "bitte als „Excel-Arbeitsmappe (*.xlsx)“ speichern."
    )


def _check_zip(path: Path) -> None:
    """Refuse .ods files, macro workbooks and zip bombs before any XML is parsed."""
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise DataError(_NOT_A_WORKBOOK.format(name=path.name)) from exc
    with archive:
        infos = archive.infolist()
        names = {info.filename.lower() for info in infos}
        if "mimetype" in archive.namelist():
            with archive.open("mimetype") as member:
                if member.read(len(_ODS_MIMETYPE)) == _ODS_MIMETYPE:
                    raise DataError(_ODS.format(name=path.name))
        if any(name.endswith("vbaproject.bin") for name in names):
            raise DataError(f"{path.name}: Die Arbeitsmappe enthält Makros; bitte ohne Makros als .xlsx speichern.")
        if "[content_types].xml" in names:
            types = archive.read("[Content_Types].xml")[:200_000].lower()
            if b"macroenabled" in types:
                raise DataError(f"{path.name}: Die Arbeitsmappe ist makrofähig (.xlsm); bitte als .xlsx speichern.")
        total = sum(info.file_size for info in infos)
        if total > MAX_EXPANSION * max_bytes():
            raise DataError(
                f"{path.name}: Die Arbeitsmappe entpackt sich auf {megabytes(total)}; das ist zu groß "
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


# -- the streaming scan of the workbook's XML -------------------------------------------------


@dataclass
class _Scan:
    """What one pass over a worksheet's XML found."""

    #: ``(min_col, min_row, max_col, max_row)`` of each merged range, 1-based.
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)
    #: ``(row, column)`` of each formula without a stored value, 1-based.
    formulas: list[tuple[int, int]] = field(default_factory=list)


class _TextBudget:
    """Counts the shared text cells refer to and refuses the file once it exceeds the limit."""

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.used = name, limit, 0

    def spend(self, chars: int) -> None:
        self.used += chars
        if self.used > self.limit:
            raise DataError(
                f"{self.name}: Die Zellen der Arbeitsmappe verweisen zusammen auf mehr als {number(self.limit)} "
                "Zeichen Text (derselbe Text wird sehr oft wiederholt); die Datei wird abgelehnt (Schutz vor "
                "Zip-Bomben)."
            )


def _xml_parser() -> Any:
    """Return an expat parser that, like defusedxml, refuses entity declarations and external references."""
    from defusedxml import EntitiesForbidden, ExternalReferenceForbidden

    def entity(name: str, _is_param: bool, value: str | None, base: Any, sysid: Any, pubid: Any, notation: Any) -> None:
        raise EntitiesForbidden(name, value, base, sysid, pubid, notation)

    def unparsed(name: str, base: Any, sysid: Any, pubid: Any, notation: Any) -> None:
        raise EntitiesForbidden(name, None, base, sysid, pubid, notation)

    def external(context: str, base: Any, sysid: Any, pubid: Any) -> int:
        raise ExternalReferenceForbidden(context, base, sysid, pubid)

    parser = expat.ParserCreate(namespace_separator=" ")
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = unparsed
    parser.ExternalEntityRefHandler = external
    parser.buffer_text = True
    parser.buffer_size = 1 << 16
    return parser


def _main(local: str) -> set[str]:
    """The expat names (``namespace local``) of a SpreadsheetML element."""
    return {f"{ns} {local}" for ns in _MAIN_NS}


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _package_parts(archive: zipfile.ZipFile) -> tuple[dict[str, str], str | None]:
    """Return the worksheet part of each sheet title and the shared-strings part, found as openpyxl finds them."""
    from defusedxml.ElementTree import fromstring

    members = set(archive.namelist())
    workbook_part, strings_part = "xl/workbook.xml", None
    for item in fromstring(archive.read("[Content_Types].xml")):
        content_type, part = item.get("ContentType", ""), item.get("PartName", "").lstrip("/")
        if _local(item.tag) != "Override":
            continue
        if content_type == _SHARED_STRINGS_TYPE and strings_part is None:
            strings_part = part
        elif content_type.endswith("sheet.main+xml") or content_type.endswith("template.main+xml"):
            workbook_part = part
    folder, base = posixpath.split(workbook_part)
    rels_part = posixpath.join(folder, "_rels", f"{base}.rels")
    targets: dict[str, str] = {}
    if rels_part in members:
        for rel in fromstring(archive.read(rels_part)):
            target = rel.get("Target", "")
            if rel.get("TargetMode") == "External":
                continue
            resolved = target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            targets[rel.get("Id", "")] = resolved
    sheets: dict[str, str] = {}
    for element in fromstring(archive.read(workbook_part)).iter():
        if _local(element.tag) != "sheet":
            continue
        rel_id = next((v for k, v in element.attrib.items() if _local(k) == "id" and k.startswith("{")), None)
        part = targets.get(rel_id or "")
        if part in members and element.get("name"):
            sheets[element.get("name", "")] = part
    return sheets, strings_part if strings_part in members else None


def _shared_string_lengths(source: IO[bytes]) -> array[int]:
    """Return the length in characters of each shared string, streaming: no string is ever held whole."""
    lengths: array[int] = array("q")
    parser = _xml_parser()
    si, t, phonetic_run = _main("si"), _main("t"), _main("rPh")
    state = {"length": 0, "phonetic": 0}

    def count(data: str) -> None:
        state["length"] += len(data)

    def start(name: str, _attrs: dict[str, str]) -> None:
        if name in si:
            state["length"] = 0
        elif name in t and not state["phonetic"]:
            parser.CharacterDataHandler = count
        elif name in phonetic_run:
            state["phonetic"] += 1

    def end(name: str) -> None:
        if name in t:
            parser.CharacterDataHandler = None
        elif name in si:
            lengths.append(state["length"])
        elif name in phonetic_run:
            state["phonetic"] -= 1

    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.ParseFile(source)
    return lengths


class _SheetScanner:
    """One streaming pass over a worksheet's XML; see :func:`_scan_sheet`."""

    _ROW, _CELL, _VALUE, _FORMULA, _MERGE = _main("row"), _main("c"), _main("v"), _main("f"), _main("mergeCell")

    def __init__(self, lengths: array[int], budget: _TextBudget) -> None:
        self.lengths, self.budget = lengths, budget
        self.scan = _Scan()
        self.parser = _xml_parser()
        self.parser.StartElementHandler, self.parser.EndElementHandler = self.start, self.end
        self.row = 0
        self.column = 0  # column of the current cell, or -1 while only ``ref`` knows it
        self.ref: str | None = None
        self.kind = "n"
        self.formula = False
        self.value: list[str] | None = None  # None: the cell has no <v>

    def start(self, name: str, attrs: dict[str, str]) -> None:
        if name in self._CELL:
            ref = attrs.get("r")
            if ref:
                self.ref, self.column = ref, -1
            else:
                self.column, self.ref = self.current_column() + 1, None
            self.kind, self.formula, self.value = attrs.get("t", "n"), False, None
        elif name in self._VALUE:
            self.value = []
            if self.kind == "s" or self.formula:
                self.parser.CharacterDataHandler = self.value.append
        elif name in self._FORMULA:
            self.formula = True
        elif name in self._ROW:
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            self.column, self.ref = 0, None
        elif name in self._MERGE:
            first, _, last = attrs.get("ref", "").partition(":")
            start, end = cell_position(first), cell_position(last)
            if start and end and start != end:
                (r1, c1), (r2, c2) = start, end
                self.scan.merges.append((min(c1, c2), min(r1, r2), max(c1, c2), max(r1, r2)))

    def end(self, name: str) -> None:
        if name in self._VALUE:
            self.parser.CharacterDataHandler = None
        elif name in self._CELL:
            value = None if self.value is None else "".join(self.value)
            if self.kind == "s" and value and value.strip().isdigit():
                index = int(value)
                if index < len(self.lengths):
                    self.budget.spend(self.lengths[index])
            if self.formula and (value is None or (not value.strip() and self.kind != "str")):
                self.scan.formulas.append(self.position())

    def current_column(self) -> int:
        if self.column == -1:
            position = cell_position(self.ref or "")
            self.column = position[1] if position else 0
        return self.column

    def position(self) -> tuple[int, int]:
        return cell_position(self.ref or "") or (self.row, self.current_column())


_CELL_REF = re.compile(r"\$?([A-Za-z]{1,3})\$?([1-9][0-9]{0,6})")


def cell_position(ref: str) -> tuple[int, int] | None:
    """Return ``(row, column)``, both 1-based, of a cell reference such as ``D7`` or ``$AB$12``; else ``None``.

    >>> cell_position("D7"), cell_position("$AB$12"), cell_position("D0")
    ((7, 4), (12, 28), None)
    """
    match = _CELL_REF.fullmatch(ref.strip())
    if match is None:
        return None
    column = 0
    for char in match.group(1).upper():
        column = column * 26 + ord(char) - 64
    return int(match.group(2)), column


def _scan_sheet(source: IO[bytes], lengths: array[int], budget: _TextBudget) -> _Scan:
    """Find the merged ranges and the formulas without a stored value of one worksheet, and spend its shared text.

    openpyxl's read-only mode drops ``<mergeCells>`` and, with ``data_only``,
    reads a formula without ``<v>`` as an empty cell; both are recovered here.
    A formula whose stored value is an empty text (``t="str"``, empty ``<v>``)
    is an empty cell and not reported. Memory grows with the findings only.
    """
    scanner = _SheetScanner(lengths, budget)
    scanner.parser.ParseFile(source)
    return scanner.scan


def _prescan(archive: zipfile.ZipFile, name: str, *, every: bool = False) -> dict[str, _Scan]:
    """Scan every worksheet the import will read (``every``: all); raise :class:`DataError` if the text is too much."""
    sheets, strings_part = _package_parts(archive)
    lengths: array[int] = array("q")
    if strings_part is not None:
        with archive.open(strings_part) as source:
            lengths = _shared_string_lengths(source)
    budget = _TextBudget(name, max_text_chars())
    scans: dict[str, _Scan] = {}
    for title, part in sheets.items():
        if every or _match_sheet(title) is not None:
            with archive.open(part) as source:
                scans[title] = _scan_sheet(source, lengths, budget)
    return scans


def _read_xlsx(path: Path, problems: list[Problem], only: model.Sheet | None = None) -> RawWorkbook:
    import openpyxl

    if not openpyxl.DEFUSEDXML:  # pragma: no cover - guarded by the dependency on defusedxml
        raise DataError("Excel-Dateien werden nur mit aktivem defusedxml gelesen; bitte defusedxml installieren.")
    _check_zip(path)
    try:
        with zipfile.ZipFile(path) as archive:
            scans = _prescan(archive, path.name, every=only is not None)
    except DataError:
        raise
    except Exception as exc:
        raise _unreadable(path, exc) from exc
    tables: dict[str, RawTable] = {}
    with open(path, "rb") as handle:  # a handle, not the name: openpyxl would refuse a renamed .xls by its suffix
        try:
            workbook = openpyxl.load_workbook(handle, read_only=True, data_only=True)
        except Exception as exc:
            raise _unreadable(path, exc) from exc
        try:
            titles = [ws.title for ws in workbook.worksheets]
            named = [t for t in titles if only is not None and model.fold(t) == model.fold(only.name)]
            target = (named or titles)[0] if only is not None and titles else None
            for ws in workbook.worksheets:
                sheet = _match_sheet(ws.title) if only is None else (only if ws.title == target else None)
                if sheet is None and model.fold(ws.title) == model.fold(model.VALUES_SHEET):
                    continue  # the value lists of the template's drop-downs
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
                numbered = ((i, list(r)) for i, r in enumerate(rows, start=1))
                table = _table(sheet, ws.title, numbered, problems, scans.get(ws.title))
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


# -- tables -----------------------------------------------------------------------------------


def _table(
    sheet: model.Sheet,
    source: str,
    rows: Iterable[tuple[int, list[Any]]],
    problems: list[Problem],
    scan: _Scan | None = None,
) -> RawTable | None:
    """Build a table from numbered rows.

    The header is the first row that holds all required columns of ``sheet``
    (among the first :data:`HEADER_SEARCH_ROWS` non-empty rows); rows above
    it are ignored with a note. If no row holds them, the first non-empty row
    is the header and the validator names the missing columns. Empty rows
    are skipped (one note for all between the entries). ``scan`` adds what
    the worksheet XML holds beyond the values: merged ranges are filled,
    formulas without a stored value reported.
    """
    filled = [(number, cells) for number, cells in rows if not all(_blank(c) for c in cells)]
    if not filled:
        problems.append(Problem(source, None, None, "Das Blatt ist leer (keine Überschriftenzeile).", "Hinweis"))
        return None
    index = _header_index(sheet, filled)
    header_number, header_cells = filled[index]
    header_cells = list(header_cells)
    while header_cells and _blank(header_cells[-1]):
        header_cells.pop()
    headers = ["" if _blank(h) else str(h).strip() for h in header_cells]
    table = RawTable(sheet, source, headers, header_row=header_number)
    if index:
        first, last = filled[0][0], header_number - 1
        text = (
            f"Zeile {first} über der Überschrift wird nicht übernommen (Titel?)."
            if first == last
            else f"Zeilen {first}–{last} über der Überschrift werden nicht übernommen (Titel?)."
        )
        problems.append(Problem(source, first, None, text, "Hinweis"))
    elif header_number != 1:
        problems.append(
            Problem(source, header_number, None, "Die Überschriftenzeile steht nicht in Zeile 1.", "Hinweis")
        )
    width = len(headers)
    gaps: list[tuple[int, int]] = []
    previous = header_number
    for number_, cells in filled[index + 1 :]:
        if number_ > previous + 1:
            gaps.append((previous + 1, number_ - 1))
        previous = number_
        extra = [i for i, c in enumerate(cells[width:], start=width + 1) if not _blank(c)]
        if extra:
            problems.append(
                Problem(
                    source,
                    number_,
                    None,
                    f"Die Zeile hat {max(extra)} Felder, die Überschrift nur {width}; "
                    "überzählige Werte ohne Überschrift.",
                    letter=column_letter(extra[0]),
                )
            )
        table.rows.append((number_, list(cells[:width]) + [None] * max(0, width - len(cells))))
    if gaps:
        skipped = sum(b - a + 1 for a, b in gaps)
        text = (
            f"Zeile {gaps[0][0]} ist leer und wird übersprungen."
            if skipped == 1
            else f"{number(skipped)} leere Zeilen ({runs_text(gaps)}) werden übersprungen."
        )
        problems.append(Problem(source, gaps[0][0], None, text, "Hinweis"))
    if scan is not None:
        known = {model.fold(c.header) for c in sheet.columns}
        used = {i for i, h in enumerate(headers) if h and model.fold(h) in known}
        problems.extend(_fill_merges(table, scan.merges, used))
        problems.extend(_formula_problems(table, scan.formulas, used))
    if not table.rows:
        problems.append(
            Problem(source, None, None, "Das Blatt enthält nur die Überschriften, keine Einträge.", "Hinweis")
        )
    return table


def _header_index(sheet: model.Sheet, filled: list[tuple[int, list[Any]]]) -> int:
    """Return the index in ``filled`` of the first row holding every required column of ``sheet``, else 0."""
    required = {model.fold(c.header) for c in sheet.columns if c.required}
    if not required:
        return 0
    for index, (_, cells) in enumerate(filled[:HEADER_SEARCH_ROWS]):
        if required <= {model.fold(str(c)) for c in cells if not _blank(c)}:
            return index
    return 0


def _ref(column: int, row: int) -> str:
    return f"{column_letter(column)}{row}"


def _fill_merges(table: RawTable, merges: list[tuple[int, int, int, int]], used: set[int]) -> list[Problem]:
    """Copy the value of each merged range's top-left cell into the range's cells in used columns.

    Only ranges below the header whose top-left cell is in a kept row and
    holds a value are filled, and only rows that hold something besides the
    merged value (an empty row stays skipped). Returns one note per range
    that filled a cell, or one summary for many. The work is bounded by the
    size of the table, also for overlapping ranges (which Excel never writes).
    """
    if not merges or not table.rows:
        return []
    by_row = dict(table.rows)
    numbers = [n for n, _ in table.rows]
    budget = len(numbers) * max(len(table.headers), 1)
    notes: list[Problem] = []
    areas: list[str] = []
    for min_col, min_row, max_col, max_row in sorted(merges, key=lambda m: (m[1], m[0])):
        top = by_row.get(min_row)
        if min_row <= table.header_row or top is None or min_col > len(table.headers):
            continue
        value = top[min_col - 1]
        positions = [p for p in range(min_col - 1, min(max_col, len(table.headers))) if p in used]
        if _blank(value) or not positions:
            continue
        changed = False
        for i in range(bisect_left(numbers, min_row), bisect_right(numbers, max_row)):
            cells = by_row[numbers[i]]
            for position in positions:
                if numbers[i] != min_row or position != min_col - 1:
                    cells[position] = value
                    changed = True
            budget -= len(positions)
        if changed:
            areas.append(f"{_ref(min_col, min_row)}:{_ref(max_col, max_row)}")
            what = "Zeilen" if min_col == max_col else "Zellen"
            notes.append(
                Problem(
                    table.source,
                    min_row,
                    table.headers[min_col - 1] or None,
                    f"Verbundene Zellen {areas[-1]}: der Wert aus {_ref(min_col, min_row)} gilt für alle {what} "
                    "des Bereichs.",
                    "Hinweis",
                    letter=column_letter(min_col),
                )
            )
        if budget < 0:
            break

    def summary(found: Sequence[Problem]) -> Problem:
        return Problem(
            table.source,
            found[0].row,
            None,
            f"{number(len(found))} Bereiche verbundener Zellen ({first_few(areas)}): der Wert der linken oberen "
            "Zelle gilt jeweils für den ganzen Bereich.",
            "Hinweis",
        )

    return summarise(notes, summary)


def _formula_problems(table: RawTable, formulas: list[tuple[int, int]], used: set[int]) -> list[Problem]:
    """Report the formulas without a stored value in used columns below the header (one summary for many)."""
    found = sorted((r, c) for r, c in formulas if r > table.header_row and c - 1 in used)
    table.formula_cells.update((r, c - 1) for r, c in found)
    advice = "bitte in Excel öffnen und speichern oder den Wert eintragen."
    single = [
        Problem(
            table.source,
            r,
            table.headers[c - 1],
            f"Zelle {_ref(c, r)} enthält eine Formel ohne gespeicherten Wert; {advice}",
            letter=column_letter(c),
        )
        for r, c in found
    ]

    def summary(_: Sequence[Problem]) -> Problem:
        columns = {c for _, c in found}
        column = next(iter(columns)) if len(columns) == 1 else None
        return Problem(
            table.source,
            found[0][0],
            table.headers[column - 1] if column else None,
            f"{number(len(found))} Zellen enthalten Formeln ohne gespeicherten Wert "
            f"({first_few([_ref(c, r) for r, c in found[:6]])}); die Datei stammt wohl aus einem Programm, das "
            "Formeln nicht berechnet. Bitte in Excel öffnen und speichern oder die Werte eintragen.",
            letter=column_letter(column) if column else None,
        )

    return summarise(single, summary)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and value.strip() == "")


# -- CSV --------------------------------------------------------------------------------------


def _utf16_without_bom(data: bytes) -> str | None:
    """Return ``"LE"`` or ``"BE"`` if ``data`` looks like UTF-16 without byte-order mark, else ``None``.

    Text in UTF-16 that is mostly Latin has a NUL in every other byte: the odd
    bytes (little endian) or the even bytes (big endian).
    """
    sample = data[:4096]
    half = len(sample) // 2
    if half < 4:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if odd >= 0.3 * half and even <= 0.05 * half:
        return "LE"
    if even >= 0.3 * half and odd <= 0.05 * half:
        return "BE"
    return None


def decode(data: bytes, name: str) -> str:
    """Decode CSV bytes: UTF-8 (with or without BOM), else Windows-1252.

    Raises
    ------
    DataError
        If the bytes are UTF-16 (with or without byte-order mark), a workbook
        rather than text, or neither valid UTF-8 nor Windows-1252.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DataError(
            f"{name}: Die Datei ist als UTF-16 („Unicode-Text“) gespeichert; bitte in Excel als „CSV UTF-8“ speichern."
        )
    if _utf16_without_bom(data):
        raise DataError(
            f"{name}: Die Datei ist als UTF-16 („Unicode-Text“) ohne Byte-Order-Mark gespeichert; bitte in Excel "
            "als „CSV UTF-8“ speichern."
        )
    if data.startswith(b"PK\x03\x04") or data.startswith(CFB_MAGIC):
        raise DataError(
            f"{name}: Die Datei ist keine CSV-Datei, sondern eine Excel-Arbeitsmappe mit falscher Endung; bitte "
            "als „CSV UTF-8“ speichern oder als Arbeitsmappe (.xlsx) hochladen."
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


def sniff_delimiter(text: str, lines: int = 10) -> str:
    """Return ``;``, tab or ``,``: whichever occurs most often outside quotes in the first non-empty ``lines``.

    Ties go to ``;`` (German Excel's choice), then tab; a file without any of
    them is read with ``,``. Looking at several lines copes with a title line
    above the header.

    Examples
    --------
    >>> sniff_delimiter('ID;Name;"Müller, Hans"\\n'), sniff_delimiter("ID\\tName\\n"), sniff_delimiter("ID,Name\\n")
    (';', '\\t', ',')
    """
    counts = {";": 0, "\t": 0, ",": 0}
    for line in _first_lines(text, lines):
        quoted = False
        for char in line:
            if char == '"':
                quoted = not quoted
            elif not quoted and char in counts:
                counts[char] += 1
    best = max(counts, key=counts.__getitem__)
    return best if counts[best] else ","


def _first_lines(text: str, count: int) -> Iterator[str]:
    start = 0
    while count and start < len(text):
        end = text.find("\n", start)
        end = len(text) if end == -1 else end
        line = text[start:end]
        start = end + 1
        if line.strip():
            count -= 1
            yield line


def _read_csv_folder(path: Path) -> RawWorkbook:
    files = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".csv")
    if not files:
        raise DataError(f"{path}: Der Ordner enthält keine CSV-Dateien.")
    total = sum(p.stat().st_size for p in files)
    if total > max_bytes():
        raise DataError(
            f"{path.name}: Die CSV-Dateien sind zusammen {megabytes(total)} groß; erlaubt sind höchstens "
            f"{megabytes(max_bytes())} (Einstellung BILDUNGSNETZ_MAX_FILE_MB)."
        )
    return _read_csv_files(files)


def _read_csv_files(files: list[Path], only: model.Sheet | None = None) -> RawWorkbook:
    problems: list[Problem] = []
    tables: dict[str, RawTable] = {}
    for file in files:
        _check_size(file)
        sheet = only or _match_sheet(file.stem)
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
