"""Export a dataset: xlsx and CSV in the exchange format, GraphML, GEXF and JSON.

xlsx and CSV can be imported again unchanged. No exported cell is a live
formula: text starting with ``= + - @``, tab or carriage return gets a leading
apostrophe, as OWASP recommends against CSV injection (the import removes it
again). Persons are exported only when asked.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graph import model
from graph.dataset import Dataset
from graph.errors import DataError

FORMATS = ("xlsx", "csv", "graphml", "gexf", "json")
Format = Literal["xlsx", "csv", "graphml", "gexf", "json"]
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Return ``text`` with a leading apostrophe if a spreadsheet could run it as a formula.

    Examples
    --------
    >>> neutralise("=HYPERLINK(\\"http://x\\")")
    '\\'=HYPERLINK("http://x")'
    >>> neutralise("Kita Sonnenschein")
    'Kita Sonnenschein'
    """
    return "'" + text if text.startswith(_TRIGGERS) else text


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
                        row.append(", ".join(t for t, _ in ordered) or None)
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
            ws.append([neutralise(v) if isinstance(v, str) else v for v in row])
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
    return neutralise(str(value))


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


def write_templates(folder: Path) -> None:
    """Write the empty exchange-format templates: one workbook and a folder of CSV files."""
    folder.mkdir(parents=True, exist_ok=True)
    write_xlsx(Dataset(), folder / "bildungsnetz-vorlage.xlsx", include_persons=True)
    write_csv(Dataset(), folder / "csv", include_persons=True)
