"""Conference planner output: invitation list and table plan as an Excel workbook or a printable PDF.

Organisations only; with ``anonymous`` they are named by type and area code.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd

from graph.dataset import Dataset
from graph.errors import DataError

FORMATS = ("xlsx", "pdf")


def plan(
    ds: Dataset, *, as_of: dt.date, tables: int, size: int, anonymous: bool = False, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (invitation list, table plan) for a conference on ``as_of``.

    The invitation list has one row per invited organisation (name, type,
    sector, area, community, table, reason); the plan one row per seat (table,
    name, reason). ``attrs["hinweise"]`` of both lists warnings in German, e.g.
    when there are more seats than actors.
    """
    from graph import model
    from graph.analysis.links import conference
    from graph.anonymise import Pseudonyms
    from graph.build import AreaTree, cooperation_graph, landscape

    # planned on the real data; with ``anonymous`` only the names shown are pseudonyms
    data = ds.without_personal_data()
    L = landscape(data, as_of)
    G = cooperation_graph(L)
    seats = conference(L, G, tables=tables, size=size, seed=seed)
    if anonymous:
        pseudonyms = Pseudonyms.build(data)
        attrs = dict(seats.attrs)
        seats = pseudonyms.frame(seats, id_columns=())
        seats["name"] = [pseudonyms.actors.get(n, "Akteur") for n in seats["id"]]
        seats.attrs = {**attrs, "hinweise": [*attrs.get("hinweise", []), *filter(None, [pseudonyms.note])]}
    areas = AreaTree(L).names
    invitations = pd.DataFrame(
        {
            "Organisation": seats["name"],
            "Typ": [model.VOCABULARIES["actor_type"].get(G.nodes[n].get("actor_type") or "", "") for n in seats["id"]],
            "Sektor": [model.VOCABULARIES["sector"].get(G.nodes[n].get("sector") or "", "") for n in seats["id"]],
            "Gebiet": [areas.get(G.nodes[n].get("area") or "", "") for n in seats["id"]],
            "Gemeinschaft": seats["community"],
            "Tisch": seats["table"],
            "Begründung": seats["reason"],
        }
    ).sort_values(["Organisation"], ignore_index=True)
    table_plan = pd.DataFrame({"Tisch": seats["table"], "Organisation": seats["name"], "Begründung": seats["reason"]})
    hinweise = list(seats.attrs.get("hinweise", []))
    invitations.attrs["hinweise"] = table_plan.attrs["hinweise"] = hinweise
    return invitations, table_plan


def write_plan(
    ds: Dataset, path: Path, *, as_of: dt.date, tables: int, size: int, anonymous: bool = False
) -> list[str]:
    """Write the conference plan as .xlsx (two sheets) or .pdf (printable, one block per table).

    Warnings (``attrs["hinweise"]`` of :func:`plan`) go into a third sheet „Hinweise“ and on
    the first page of the PDF; they are also returned, for the command line to print.
    """
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DataError(f"{Path(path).name}: Format „{fmt}“ unbekannt; möglich sind .xlsx und .pdf.")
    invitations, table_plan = plan(ds, as_of=as_of, tables=tables, size=size, anonymous=anonymous)
    if fmt == "xlsx":
        _xlsx(invitations, table_plan, Path(path))
    else:
        Path(path).write_bytes(_pdf(invitations, table_plan, as_of, tables, size, anonymous))
    return list(invitations.attrs.get("hinweise", []))


def _xlsx(invitations: pd.DataFrame, table_plan: pd.DataFrame, path: Path) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from graph.io.export import safe_frame, sheet_name

    workbook = Workbook()
    workbook.remove(workbook.active)
    sheets = [("Einladungsliste", invitations), ("Tischplan", table_plan)]
    if invitations.attrs.get("hinweise"):
        sheets.append(("Hinweise", pd.DataFrame({"Hinweis": invitations.attrs["hinweise"]})))
    for name, frame in sheets:
        ws = workbook.create_sheet(sheet_name(name))
        safe = safe_frame(frame)
        ws.append(list(safe.columns))
        for row in safe.itertuples(index=False):
            ws.append([v.item() if isinstance(v, np.generic) else v for v in row])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        widths = (45, 22, 24, 22, 30, 8, 70) if name == "Einladungsliste" else (8, 45, 70)
        for column, width in zip("ABCDEFG", (120,) if name == "Hinweise" else widths, strict=False):
            ws.column_dimensions[column].width = width
        ws.freeze_panes = "A2"
    workbook.save(path)


def _pdf(
    invitations: pd.DataFrame, table_plan: pd.DataFrame, as_of: dt.date, tables: int, size: int, anonymous: bool
) -> bytes:
    from graph.report.content import Report, Section, Table
    from graph.report.render import render_pdf

    sections = []
    if invitations.attrs.get("hinweise"):
        sections.append(Section("Hinweise", list(invitations.attrs["hinweise"])))
    for number, seats in table_plan.groupby("Tisch", sort=True):
        sections.append(
            Section(
                f"Tisch {number}",
                tables=[
                    Table(
                        ["Organisation", "Warum an diesem Tisch"],
                        [[r.Organisation, r.Begründung] for r in seats.itertuples()],
                        [7, 10],
                    )
                ],
            )
        )
    sections.append(
        Section(
            "Einladungsliste",
            [f"{len(invitations)} Organisationen, alphabetisch."],
            tables=[
                Table(
                    ["Organisation", "Typ", "Gebiet", "Tisch"],
                    [[r.Organisation, r.Typ, r.Gebiet, str(r.Tisch)] for r in invitations.itertuples()],
                    [8, 4, 4, 1.5],
                )
            ],
        )
    )
    subtitle = f"Stand {as_of:%d.%m.%Y} · {tables} Tische à {size} Plätze" + (" · anonymisiert" if anonymous else "")
    facts = [("Tische", str(tables)), ("Plätze je Tisch", str(size)), ("Eingeladen", str(len(invitations)))]
    return render_pdf(Report("Bildungskonferenz – Tischplan", subtitle, facts, sections, anonymous))


def plan_bytes(ds: Dataset, fmt: str, **options: object) -> bytes:
    """The plan as bytes of ``fmt`` (for downloads)."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"tischplan.{fmt}"
        write_plan(ds, target, **options)  # type: ignore[arg-type]
        return target.read_bytes()
