"""Export a dataset: xlsx and CSV in the exchange format, GraphML, GEXF and JSON.

xlsx and CSV can be imported again unchanged. No cell the product writes is a
live formula: :func:`safe_cell` and :func:`safe_frame` are the one rule for
every spreadsheet cell (exchange format, table downloads, ``analyse --format
csv``, audit log, conference plan, problem report). Persons are exported only
when asked.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import numbers
import re
from pathlib import Path
from typing import Any, Literal

import networkx as nx
import numpy as np
import pandas as pd

from graph import model
from graph.dataset import Dataset
from graph.errors import DataError

FORMATS = ("xlsx", "csv", "graphml", "gexf", "json")
Format = Literal["xlsx", "csv", "graphml", "gexf", "json"]
#: A text cell starting with one of these (after any whitespace) is read as a formula by some spreadsheet:
#: OWASP's ``= + - @``, tab and carriage return, ASVS' null character, line feed, and the full-width forms
#: ``＝ ＋ － ＠``, which some spreadsheet input paths fold into the ASCII ones.
FORMULA_TRIGGERS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r", "\n", "\0", "＝", "＋", "－", "＠")
#: Characters Excel refuses in a sheet name.
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\\x00-\x1f]")
#: Longest sheet name Excel accepts.
SHEET_NAME_LENGTH = 31


def neutralise(text: str) -> str:
    """Return ``text`` with a leading apostrophe if a spreadsheet could run it as a formula.

    Text starting with a character of :data:`FORMULA_TRIGGERS`, also after
    leading whitespace, is prefixed with ``'`` as OWASP recommends against CSV
    injection; the import removes the apostrophe again.

    Parameters
    ----------
    text : str
        The text of one cell.

    Returns
    -------
    str
        ``text``, prefixed with ``'`` where needed.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("  -2+3")
    "'  -2+3"
    >>> neutralise("Kita Sonnenschein")
    'Kita Sonnenschein'
    """
    return "'" + text if text.startswith(FORMULA_TRIGGERS) or text.lstrip().startswith(FORMULA_TRIGGERS) else text


def safe_cell(value: Any) -> Any:
    """Return ``value`` as a spreadsheet may hold it: text neutralised, numbers and dates unchanged.

    Parameters
    ----------
    value : object
        One cell: text, a number, a date, a list (joined with ", "), None or anything else (as its text).

    Returns
    -------
    object
        Text passed through :func:`neutralise`; numbers (also negative ones), booleans, dates, times
        and missing values as they are; lists, tuples and sets joined with ", " and neutralised;
        any other object as its neutralised text.

    Examples
    --------
    >>> safe_cell("@SUM(A1)"), safe_cell(-2), safe_cell(["=1", "b"]), safe_cell(None)
    ("'@SUM(A1)", -2, "'=1, b", None)
    """
    if isinstance(value, str):
        return neutralise(value)
    if value is None or isinstance(value, (bool, numbers.Number, np.generic, dt.date, dt.time, dt.timedelta)):
        return value
    if isinstance(value, (list, tuple, set, frozenset, np.ndarray, pd.Series)):
        items = sorted(value, key=str) if isinstance(value, (set, frozenset)) else list(value)
        return neutralise(", ".join("" if v is None else str(v) for v in items))
    if value is pd.NA or value is pd.NaT:
        return value
    return neutralise(str(value))


def _safe_index(index: pd.Index) -> pd.Index:
    """Return ``index`` with neutralised labels and names (MultiIndex level by level)."""
    names = [safe_cell(n) for n in index.names]
    if not isinstance(index, pd.MultiIndex) and _keeps_type(index.to_series()):
        return index.set_names(names)
    if isinstance(index, pd.MultiIndex):
        return pd.MultiIndex.from_tuples([tuple(safe_cell(v) for v in t) for t in index], names=names)
    return pd.Index([safe_cell(v) for v in index], name=names[0], dtype=object)


def _keeps_type(series: pd.Series) -> bool:
    """Whether a column holds only numbers, booleans or dates (nothing a spreadsheet could run)."""
    dtype = series.dtype
    return (
        pd.api.types.is_numeric_dtype(dtype)
        or pd.api.types.is_bool_dtype(dtype)
        or pd.api.types.is_datetime64_any_dtype(dtype)
        or pd.api.types.is_timedelta64_dtype(dtype)
    ) and not isinstance(dtype, pd.CategoricalDtype)


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of ``frame`` in which no cell, column name or index label is a live formula.

    Every column that is not numeric, boolean or a date (object, ``str``/``string``, category …) is
    passed cell by cell through :func:`safe_cell`, whatever its pandas dtype; column names and index
    labels too. Numeric columns keep their dtype, so a negative number stays a number.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table to write to a spreadsheet (CSV or xlsx). Not changed.

    Returns
    -------
    pandas.DataFrame
        The safe copy.

    Examples
    --------
    >>> import pandas as pd
    >>> safe_frame(pd.DataFrame({"name": ["=1+1", "Kita"], "delta": [-2, 3]})).to_dict("list")
    {'name': ["'=1+1", 'Kita'], 'delta': [-2, 3]}
    """
    out = frame.copy()
    for position in range(out.shape[1]):
        column = out.iloc[:, position]
        if not _keeps_type(column):
            out.isetitem(position, column.astype(object).map(safe_cell))
    out.columns = _safe_index(out.columns)
    out.index = _safe_index(out.index)
    return out


def sheet_name(name: str) -> str:
    """Return ``name`` as a valid, inert Excel sheet name.

    Excel allows at most 31 characters, none of ``[ ] : * ? / \\``, and no
    apostrophe at either end (so a sheet name cannot carry the apostrophe of
    :func:`neutralise`): those are replaced or dropped, as are formula
    characters at the start.

    Examples
    --------
    >>> sheet_name("=Brücken/Risiken: alle Akteure des Kreises Musterau")
    'Brücken_Risiken_ alle Akteure d'
    """
    cleaned = _SHEET_FORBIDDEN.sub("_", str(name)).lstrip("".join(FORMULA_TRIGGERS) + "' ")
    cleaned = cleaned[:SHEET_NAME_LENGTH].rstrip("' ")
    return cleaned or "Tabelle"


# ---------------------------------------------------------------------------
# Exchange format rows
# ---------------------------------------------------------------------------


def _cell(column: model.Column, value: Any) -> Any:
    """Return the exchange-format value of a property (German labels, lists joined)."""
    if value is None:
        return None
    if column.kind == "vocab":
        return value if column.vocab == "intensity" else model.vocab_label(str(column.vocab), value)
    if column.kind == "vocab_list":
        return ", ".join(model.vocab_label(str(column.vocab), v) for v in value)
    if column.kind in ("text_list", "ref_list"):
        return ", ".join(str(v) for v in value)
    if column.kind == "bool":
        return "ja" if value else "nein"
    return value


def exchange_rows(ds: Dataset, *, include_persons: bool = False) -> dict[str, list[list[Any]]]:
    """Return the rows of every sheet (header first) of the exchange format for ``ds``.

    Rows are sorted by ID (relationship sheets by their endpoints) so that the
    same data always gives the same file.
    """
    groups = ds.rels_by_group()
    refs: dict[tuple[str, str, str], list[tuple[str, str | None]]] = {}
    for owned in model.OWNED_RELS:
        for rel in groups.get((owned.type, owned.start, owned.end), []):
            owner, other = (rel.start, rel.end) if owned.owner_is_start else (rel.end, rel.start)
            refs.setdefault((owned.owner, owned.column.field, owner), []).append((other, rel.props.get("role")))
    out: dict[str, list[list[Any]]] = {}
    for sheet in model.SHEETS:
        if sheet.personal and not include_persons:
            continue
        rows: list[list[Any]] = [[c.header for c in sheet.columns]]
        if sheet.label:
            for node_id, props in sorted(ds.nodes[sheet.label].items()):
                row = []
                for column in sheet.columns:
                    if column.kind == "id":
                        row.append(node_id)
                    elif column.rel:
                        targets = refs.get((sheet.label, column.field, node_id), [])
                        # the lead provider first: the import gives the first entry the lead role
                        ordered = sorted(targets, key=lambda t: (t[1] != column.role, t[0]))
                        row.append(", ".join(t for t, _ in ordered) or None)  # type: ignore[arg-type]
                    else:
                        row.append(_cell(column, props.get(column.field)))
                rows.append(row)
        else:
            start_field, end_field = sheet.start, sheet.end
            rels = sorted(
                groups.get((str(sheet.rel), *_rel_labels(str(sheet.rel))), []),
                key=lambda r: (str(r.props.get("id", "")), r.start, r.end),
            )
            for rel in rels:
                row = []
                for column in sheet.columns:
                    if column.field == start_field:
                        row.append(rel.start)
                    elif column.field == end_field:
                        row.append(rel.end)
                    else:
                        row.append(_cell(column, rel.props.get(column.field)))
                rows.append(row)
        out[sheet.name] = rows
    return out


def _rel_labels(rel_type: str) -> tuple[str, str]:
    spec = model.REL_TYPES[rel_type]
    return spec.start[0], spec.end


def write_xlsx(ds: Dataset, path: Path, *, include_persons: bool = False) -> None:
    """Write ``ds`` as an Excel workbook in the exchange format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    fixed = dt.datetime(2000, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "Bildungsnetz"
    for name, rows in exchange_rows(ds, include_persons=include_persons).items():
        ws = workbook.create_sheet(name)
        for row in rows:
            ws.append([safe_cell(v) for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for index, column in enumerate(model.SHEETS_BY_NAME[name].columns, start=1):
            letter = get_column_letter(index)
            ws.column_dimensions[letter].width = max(12, min(40, len(column.header) + 4))
            if column.kind == "date":
                for cell in ws[letter][1:]:
                    cell.number_format = "DD.MM.YYYY"
        ws.freeze_panes = "A2"
    workbook.save(path)


def write_csv(ds: Dataset, folder: Path, *, include_persons: bool = False) -> list[Path]:
    """Write one CSV file per sheet into ``folder`` (UTF-8 with BOM, ``;``), as German Excel expects."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, rows in exchange_rows(ds, include_persons=include_persons).items():
        path = folder / f"{name}.csv"
        with open(path, "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            for row in rows:
                writer.writerow([_csv_value(v) for v in row])
        written.append(path)
    return written


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(safe_cell(value))


# ---------------------------------------------------------------------------
# Graph formats
# ---------------------------------------------------------------------------


def _attr(value: Any) -> Any:
    """Return a value GraphML/GEXF can hold: lists joined with ", ", dates as ISO text."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def node_key(label: str, node_id: str) -> str:
    """Return the node identifier used in graph files: ``Label:id``."""
    return f"{label}:{node_id}"


def to_networkx(ds: Dataset) -> nx.MultiDiGraph:
    """Return ``ds`` as a MultiDiGraph with typed, file-safe attributes.

    Nodes are ``Label:id`` with attributes ``kind`` (the label), ``label``
    (the name shown) and their properties; edges are keyed by their id (a
    cooperation's own id) and have ``kind`` (the type) and their properties.
    """
    graph = nx.MultiDiGraph()
    for label, items in ds.nodes.items():
        name_prop = model.NAME_PROPERTY[label]
        for node_id, props in sorted(items.items()):
            attrs = {k: _attr(v) for k, v in sorted(props.items())}
            for key in ("lat", "lon"):
                if key in attrs:
                    attrs[key] = float(attrs[key])
            attrs["kind"] = label
            attrs["label"] = str(props.get(name_prop) or node_id)
            graph.add_node(node_key(label, node_id), **attrs)
    for rel in sorted(ds.rels, key=lambda r: (r.type, r.start, r.end)):
        attrs = {k: _attr(v) for k, v in sorted(rel.props.items()) if k != "id"}
        attrs["kind"] = rel.type
        # the edge key is the file's edge id: the cooperation's own id, else one made from its endpoints
        key = str(rel.props.get("id") or f"{rel.type}:{rel.start_label}:{rel.start}->{rel.end_label}:{rel.end}")
        graph.add_edge(node_key(rel.start_label, rel.start), node_key(rel.end_label, rel.end), key=key, **attrs)
    return graph


def write_graphml(ds: Dataset, path: Path) -> None:
    """Write ``ds`` as GraphML (readable by Gephi, networkx and igraph)."""
    # generated key ids (d0, d1 …): named ones would repeat for node and edge attributes of the same name
    nx.write_graphml(to_networkx(ds), path, named_key_ids=False, edge_id_from_attribute=None)


def write_gexf(ds: Dataset, path: Path) -> None:
    """Write ``ds`` as GEXF 1.2 (Gephi's own format)."""
    graph = to_networkx(ds)
    for _, _, key, data in graph.edges(keys=True, data=True):
        data["id"] = key
    nx.write_gexf(graph, path, version="1.2draft")


def to_json(ds: Dataset) -> dict[str, Any]:
    """Return ``ds`` as a JSON-serialisable object: nodes and relationships with their properties."""
    nodes = [
        {"label": label, "id": node_id, "properties": {k: _json(v) for k, v in sorted(props.items())}}
        for label, items in ds.nodes.items()
        for node_id, props in sorted(items.items())
    ]
    rels = [
        {
            "type": r.type,
            "start": {"label": r.start_label, "id": r.start},
            "end": {"label": r.end_label, "id": r.end},
            "properties": {k: _json(v) for k, v in sorted(r.props.items())},
        }
        for r in sorted(ds.rels, key=lambda r: (r.type, r.start_label, r.start, r.end_label, r.end))
    ]
    return {"format": "bildungsnetz", "version": 1, "nodes": nodes, "relationships": rels}


def _json(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def write_json(ds: Dataset, path: Path) -> None:
    """Write ``ds`` as JSON (UTF-8)."""
    path.write_text(json.dumps(to_json(ds), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def export(ds: Dataset, path: Path, fmt: Format, *, include_persons: bool = False) -> None:
    """Write ``ds`` to ``path`` in format ``fmt``; persons only with ``include_persons``."""
    if fmt not in FORMATS:
        raise DataError(f"Unbekanntes Exportformat „{fmt}“; möglich: {', '.join(FORMATS)}.")
    if not include_persons:
        ds = ds.without_personal_data()
    path = Path(path)
    if fmt == "csv":
        write_csv(ds, path, include_persons=include_persons)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        write_xlsx(ds, path, include_persons=include_persons)
    elif fmt == "graphml":
        write_graphml(ds, path)
    elif fmt == "gexf":
        write_gexf(ds, path)
    else:
        write_json(ds, path)


# ---------------------------------------------------------------------------
# Empty templates
# ---------------------------------------------------------------------------

#: The hidden sheet of the template workbook that holds the value lists of the drop-downs.
VALUES_SHEET = model.VALUES_SHEET
#: Rows below the header that get the drop-downs (Excel's last row).
TEMPLATE_ROWS = 1_048_576
#: Fill of the header cells of required columns (light orange; the header also ends with ``*``).
REQUIRED_FILL = "FCE4D6"
#: Excel's limit for the text of an input message.
PROMPT_CHARS = 255


def template_header(column: model.Column) -> str:
    """The header of ``column`` in the empty template: required columns end with ``*``.

    The import reads both spellings (:func:`graph.model.fold` drops a trailing ``*``).

    >>> template_header(model.SHEETS_BY_NAME["Akteure"].column("name")), template_header(
    ...     model.SHEETS_BY_NAME["Akteure"].column("address")
    ... )
    ('Name*', 'Adresse')
    """
    return f"{column.header}*" if column.required else column.header


def template_choices(column: model.Column) -> list[str] | None:
    """The values a drop-down of ``column`` offers (German labels, ``ja``/``nein``), or None for free text.

    Columns that take several values in one cell (``kinder, eltern``) get no drop-down, whose list
    would refuse a second value; their input message names the values instead.
    """
    if column.kind == "vocab" and column.vocab:
        return list(model.VOCABULARIES[column.vocab].values())
    if column.kind == "bool":
        return ["ja", "nein"]
    return None


def _template_prompt(column: model.Column) -> str:
    """The input message Excel shows in a cell of ``column`` (at most :data:`PROMPT_CHARS` characters)."""
    parts = ["Pflichtangabe." if column.required else ""]
    if column.help:
        parts.append(column.help + ".")
    if column.kind == "vocab_list" and column.vocab:
        labels = ", ".join(model.VOCABULARIES[column.vocab].values())
        parts.append(f"Mehrere Werte mit Komma trennen: {labels}")
    elif template_choices(column):
        parts.append("Bitte aus der Liste wählen.")
    elif column.kind == "date":
        parts.append("Z. B. 01.03.2024." if column.help else "Datum, z. B. 01.03.2024.")
    elif column.kind in ("ref", "ref_list"):
        parts.append("ID eines Eintrags aus dieser Datei oder der Datenbank.")
    text = " ".join(p for p in parts if p)
    return text if len(text) <= PROMPT_CHARS else text[: PROMPT_CHARS - 2].rstrip(", ") + " …"


def write_template_xlsx(path: Path) -> None:
    """Write the empty template workbook: every sheet of the exchange format, ready to fill in.

    * Required columns are marked: the header ends with ``*``, is bold on a light orange fill and
      carries a comment saying so.
    * Columns with a value list (types, sectors, education areas …, ``ja``/``nein``) get a
      drop-down of the German labels. The lists live in the hidden sheet :data:`VALUES_SHEET`
      (a named range per list), since some are longer than Excel allows in a validation
      formula. A value not in the list gets a warning, not a refusal: the import also accepts
      the keys (``grundschule``).
    * Every header shows an input message with what belongs in the column.

    The import reads the template as it is (the value sheet is skipped without a note).
    """
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    workbook = Workbook()
    workbook.remove(workbook.active)
    fixed = dt.datetime(2000, 1, 1)
    workbook.properties.created = fixed
    workbook.properties.modified = fixed
    workbook.properties.creator = "Bildungsnetz"
    sheets = [(sheet, workbook.create_sheet(sheet.name)) for sheet in model.SHEETS]
    values = workbook.create_sheet(VALUES_SHEET)
    values.sheet_state = "hidden"
    lists: dict[str, str] = {}  # list name -> defined name

    def named_list(name: str, title: str, items: list[str]) -> str:
        if name not in lists:
            index = len(lists) + 1
            letter = get_column_letter(index)
            values.cell(1, index, title).font = Font(bold=True)
            for row, item in enumerate(items, start=2):
                values.cell(row, index, item)
            values.column_dimensions[letter].width = max(12, min(40, max(len(i) for i in items) + 2))
            defined = f"Liste_{name}"
            ref = f"{quote_sheetname(VALUES_SHEET)}!${letter}$2:${letter}${len(items) + 1}"
            workbook.defined_names[defined] = DefinedName(defined, attr_text=ref)
            lists[name] = defined
        return lists[name]

    bold = Font(bold=True)
    required_fill = PatternFill("solid", fgColor=REQUIRED_FILL)
    for sheet, ws in sheets:
        for index, column in enumerate(sheet.columns, start=1):
            letter = get_column_letter(index)
            cell = ws.cell(1, index, template_header(column))
            cell.font = bold
            if column.required:
                cell.fill = required_fill
                note = "Pflichtspalte: jede Zeile braucht hier einen Wert." + (
                    f" {column.help}." if column.help else ""
                )
                cell.comment = Comment(note, "Bildungsnetz", width=260, height=80)
            ws.column_dimensions[letter].width = max(12, min(40, len(cell.value) + 4))
            cells = f"{letter}2:{letter}{TEMPLATE_ROWS}"
            prompt = _template_prompt(column)
            choices = template_choices(column)
            if choices:
                key = column.vocab if column.kind == "vocab" else "ja_nein"
                title = f"{column.header} ({sheet.name})" if column.kind == "vocab" else "ja/nein"
                check = DataValidation(
                    type="list",
                    formula1=f"={named_list(str(key), title, choices)}",
                    allow_blank=True,
                    showErrorMessage=True,
                    errorStyle="warning",
                    errorTitle="Wert nicht in der Liste",
                    error="Dieser Wert steht nicht in der Liste. Der Import nimmt auch die Schlüssel der Werte an; "
                    "ein unbekannter Wert wird im Prüfbericht gemeldet.",
                    showInputMessage=bool(prompt),
                    promptTitle=column.header[:32],
                    prompt=prompt or None,
                )
            elif prompt:
                check = DataValidation(showInputMessage=True, promptTitle=column.header[:32], prompt=prompt)
            else:
                continue
            check.add(cells)
            ws.add_data_validation(check)
        ws.freeze_panes = "A2"
    workbook.save(path)


def write_templates(folder: Path) -> None:
    """Write the empty exchange-format templates: one workbook (:func:`write_template_xlsx`) and a folder of CSV files.

    The CSV files hold the header row only, required columns marked with ``*``.
    """
    folder.mkdir(parents=True, exist_ok=True)
    write_template_xlsx(folder / "bildungsnetz-vorlage.xlsx")
    csv_folder = folder / "csv"
    csv_folder.mkdir(parents=True, exist_ok=True)
    for sheet in model.SHEETS:
        with open(csv_folder / f"{sheet.name}.csv", "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
            writer.writerow([template_header(c) for c in sheet.columns])


def template_bytes() -> bytes:
    """The empty template workbook as bytes (the app's download)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bildungsnetz-vorlage-") as tmp:
        path = Path(tmp) / "bildungsnetz-vorlage.xlsx"
        write_template_xlsx(path)
        return path.read_bytes()
