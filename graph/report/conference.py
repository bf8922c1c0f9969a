"""Conference planner output: invitation list and table plan as an Excel workbook or a printable PDF.

Organisations only; with ``anonymous`` they are named by type and area code,
and neither their ids nor their areas are shown.

* The workbook has the sheets „Einladungsliste“ and „Tischplan“ (and
  „Hinweise“ when there are warnings): German headers, the actor id in the last
  column „ID“ (so that a sheet can be joined with other lists again), column
  widths that fit the content, wrapped text, a filter on the header row and a
  frozen header; no cell is a live formula (:func:`graph.io.export.safe_cell`).
* The PDF (A4, WeasyPrint, tagged PDF/UA-1 with language, title, author and
  creation date) opens with a cover page that says what it is — the title
  „Tischplan – <Veranstaltung>“, dates, the numbers of tables, seats and
  invitees and how the plan was made — then one block per table that is never
  split across pages, then the invitation list; every page is numbered. Fonts
  are the DejaVu files bundled with matplotlib, embedded; nothing is loaded
  from any other place.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from graph.dataset import Dataset
from graph.errors import DataError

FORMATS = ("xlsx", "pdf")
TEMPLATES = Path(__file__).parent / "templates"
#: How the plan is made, in one sentence for the cover page (see :func:`graph.analysis.links.conference`).
METHOD = (
    "Eingeladen sind die stärksten Brückenakteure des Netzes und aus jedem Sektor und jeder Gemeinschaft "
    "mindestens eine Organisation, dann die mit den meisten empfohlenen Verbindungen und Mitglieder der "
    "Bildungskonferenz; die Tische sind so gemischt, dass möglichst viele Organisationen aus verschiedenen "
    "Gemeinschaften, die noch nicht zusammenarbeiten, an einem Tisch sitzen."
)
#: Most seats a table block of the PDF shows with the reason of every seat; a larger table lists names,
#: types and communities only (the reasons are in the workbook), so that it still fits on one A4 page.
REASONS_UP_TO = 15
#: Excel column widths (characters): at least, at most.
MIN_WIDTH, MAX_WIDTH = 8, 60
#: The schemes the PDF renderer may load: the font files; nothing from a network.
ALLOWED_SCHEMES = ("file",)


def plan(
    ds: Dataset, *, as_of: dt.date, tables: int, size: int, anonymous: bool = False, seed: int = 0
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return (invitation list, table plan) for a conference on ``as_of``.

    The invitation list has one row per invited organisation (Organisation,
    Typ, Sektor, Gebiet, Gemeinschaft, Tisch, Begründung, ID), sorted by name;
    the plan one row per seat (Tisch, Organisation, Typ, Gemeinschaft, Begründung, ID). With
    ``anonymous`` the columns Gebiet and ID are left out (an area name beside a
    pseudonym's area code, or a readable id, would give the organisation away).
    ``attrs["hinweise"]`` of both lists warnings in German, e.g. when there are
    more seats than actors; ``attrs["veranstaltung"]`` names the event: the
    Bildungskonferenz of the data if there is exactly one on ``as_of`` (not when
    anonymised), else „Bildungskonferenz <Kreis>“.
    """
    from graph import model
    from graph.analysis.links import conference
    from graph.anonymise import Pseudonyms
    from graph.build import AreaTree, cooperation_graph, landscape, nodes_of

    # planned on the real data; with ``anonymous`` only the names shown are pseudonyms
    data = ds.without_personal_data()
    L = landscape(data, as_of)
    G = cooperation_graph(L)
    seats = conference(L, G, tables=tables, size=size, seed=seed)
    ids = list(seats["id"])
    pseudonyms = Pseudonyms.build(data) if anonymous else None
    if pseudonyms is not None:
        attrs = dict(seats.attrs)
        seats = pseudonyms.frame(seats, id_columns=())
        seats["name"] = [pseudonyms.actors.get(n, "Akteur") for n in ids]
        for column in ("community", "reason"):  # community names say their area: as its code, like the pseudonyms
            seats[column] = [_area_codes(data, str(v)) for v in seats[column]]
        seats.attrs = {**attrs, "hinweise": [*attrs.get("hinweise", []), *filter(None, [pseudonyms.note])]}
    tree = AreaTree(L)
    kinds = [model.VOCABULARIES["actor_type"].get(G.nodes[n].get("actor_type") or "", "") for n in ids]
    columns: dict[str, Any] = {
        "Organisation": list(seats["name"]),
        "Typ": kinds,
        "Sektor": [model.VOCABULARIES["sector"].get(G.nodes[n].get("sector") or "", "") for n in ids],
        "Gebiet": [tree.names.get(G.nodes[n].get("area") or "", "") for n in ids],
        "Gemeinschaft": list(seats["community"]),
        "Tisch": list(seats["table"]),
        "Begründung": list(seats["reason"]),
        "ID": ids,
    }
    plan_columns: dict[str, Any] = {
        "Tisch": list(seats["table"]),
        "Organisation": list(seats["name"]),
        "Typ": kinds,
        "Gemeinschaft": list(seats["community"]),
        "Begründung": list(seats["reason"]),
        "ID": ids,
    }
    if anonymous:
        for hidden in ("Gebiet", "ID"):
            columns.pop(hidden)
        plan_columns.pop("ID")
    invitations = pd.DataFrame(columns).sort_values(["Organisation"], ignore_index=True)
    table_plan = pd.DataFrame(plan_columns).sort_values(["Tisch"], kind="stable", ignore_index=True)
    events = [
        str(L.nodes[key].get("name") or "")
        for key in nodes_of(L, "Committee")
        if L.nodes[key].get("committee_type") == "bildungskonferenz"
    ]
    districts = sorted(
        str(L.nodes[key].get("name") or "") for key in nodes_of(L, "Area") if L.nodes[key].get("area_type") == "kreis"
    )
    if len(events) == 1 and events[0] and pseudonyms is None:
        event = events[0]
    else:  # anonymised: the district, never a committee name, which may hold an organisation's name
        event = f"Bildungskonferenz {districts[0]}" if len(districts) == 1 and districts[0] else "Bildungskonferenz"
    for frame in (invitations, table_plan):
        frame.attrs["hinweise"] = list(seats.attrs.get("hinweise", []))
        frame.attrs["veranstaltung"] = event
    return invitations, table_plan


def _area_codes(ds: Dataset, text: str) -> str:
    """``text`` with every area name replaced by the neutral code the pseudonyms use („Kreis“ for the top)."""
    import re

    from graph.anonymise import area_codes

    names = {a: str(p.get("name") or "") for a, p in ds.nodes["Area"].items()}
    parents = {r.start for r in ds.rels if r.type == "PART_OF"}
    codes = {names[a]: (code if a in parents else "Kreis") for a, code in area_codes(names).items() if names[a]}
    if not codes:
        return text
    pattern = re.compile(
        r"(?<!\w)(" + "|".join(re.escape(n) for n in sorted(codes, key=len, reverse=True)) + r")(?!\w)"
    )
    return pattern.sub(lambda m: codes[m.group(0)], text)


def write_plan(
    ds: Dataset,
    path: Path,
    *,
    as_of: dt.date,
    tables: int,
    size: int,
    anonymous: bool = False,
    title: str | None = None,
    generated: dt.datetime | None = None,
) -> list[str]:
    """Write the conference plan as .xlsx (two sheets) or .pdf (printable, one block per table).

    Parameters
    ----------
    ds : Dataset
        The data; persons are never used.
    path : Path
        The file; its suffix (.xlsx or .pdf) chooses the format.
    as_of : datetime.date
        The day of the data.
    tables, size : int
        Number of tables and seats per table.
    anonymous : bool
        Organisations as pseudonyms, without ids and areas.
    title : str, optional
        The event named in the PDF's title („Tischplan – <title>“); default: see :func:`plan`.
    generated : datetime.datetime, optional
        When the file is made (default: now): the PDF's creation date and the date on its cover.

    Returns
    -------
    list of str
        The warnings (``attrs["hinweise"]`` of :func:`plan`), for the command line to print; they
        are also in a third sheet „Hinweise“ and on the cover page of the PDF.
    """
    fmt = Path(path).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DataError(f"{Path(path).name}: Format „{fmt}“ unbekannt; möglich sind .xlsx und .pdf.")
    invitations, table_plan = plan(ds, as_of=as_of, tables=tables, size=size, anonymous=anonymous)
    if title:
        invitations.attrs["veranstaltung"] = table_plan.attrs["veranstaltung"] = title
    made = generated or dt.datetime.now().astimezone()
    if fmt == "xlsx":
        Path(path).write_bytes(plan_xlsx(invitations, table_plan, generated=made))
    else:
        Path(path).write_bytes(
            plan_pdf(
                invitations, table_plan, as_of=as_of, tables=tables, size=size, anonymous=anonymous, generated=made
            )
        )
    return list(invitations.attrs.get("hinweise", []))


def _width(values: list[Any], header: str) -> float:
    """The Excel width of a column: its longest line (header in bold counts a little more), within bounds."""
    longest = max([len(str(header)) + 2, *(max((len(p) for p in str(v).split("\n")), default=0) for v in values)])
    return float(max(MIN_WIDTH, min(MAX_WIDTH, longest + 2)))


def plan_xlsx(invitations: pd.DataFrame, table_plan: pd.DataFrame, *, generated: dt.datetime | None = None) -> bytes:
    """Return the workbook of the plan: Einladungsliste, Tischplan (and Hinweise), ready to print and filter.

    Every sheet has its German header in bold, frozen and with a filter; widths that fit the
    content (at most :data:`MAX_WIDTH` characters; longer text wraps); every text cell neutralised.
    """
    import io

    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from graph.io.export import safe_frame, sheet_name

    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.creator = "Bildungsnetz"
    workbook.properties.title = f"Tischplan – {invitations.attrs.get('veranstaltung', 'Bildungskonferenz')}"
    workbook.properties.language = "de-DE"
    if generated is not None:
        stamp = generated.astimezone(dt.UTC).replace(tzinfo=None) if generated.tzinfo else generated
        workbook.properties.created = workbook.properties.modified = stamp
    sheets = [("Einladungsliste", invitations), ("Tischplan", table_plan)]
    if invitations.attrs.get("hinweise"):
        sheets.append(("Hinweise", pd.DataFrame({"Hinweis": invitations.attrs["hinweise"]})))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for name, frame in sheets:
        ws = workbook.create_sheet(sheet_name(name))
        safe = safe_frame(frame)
        ws.append(list(safe.columns))
        for row in safe.itertuples(index=False):
            ws.append([v.item() if isinstance(v, np.generic) else v for v in row])
        for cell in ws[1]:
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="bottom")
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = wrap
        for index, column in enumerate(safe.columns, start=1):
            ws.column_dimensions[get_column_letter(index)].width = _width(list(safe[column]), str(column))
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        ws.print_title_rows = "1:1"
        ws.page_setup.orientation = "landscape"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _fonts() -> dict[str, str]:
    """``file:`` URLs of the DejaVu Sans files bundled with matplotlib, by weight."""
    import matplotlib

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return {
        "normal": (folder / "DejaVuSans.ttf").resolve().as_uri(),
        "bold": (folder / "DejaVuSans-Bold.ttf").resolve().as_uri(),
    }


def plan_html(
    invitations: pd.DataFrame,
    table_plan: pd.DataFrame,
    *,
    as_of: dt.date,
    tables: int,
    size: int,
    anonymous: bool = False,
    generated: dt.datetime | None = None,
) -> str:
    """Return the printable plan as HTML for WeasyPrint: cover page, one block per table, invitation list.

    Every text is escaped (Jinja autoescape).
    """
    from graph.german import count

    made = generated or dt.datetime.now().astimezone()
    event = str(invitations.attrs.get("veranstaltung") or "Bildungskonferenz")
    blocks = []
    for number, seats in table_plan.groupby("Tisch", sort=True):
        rows = []
        for _, r in seats.iterrows():
            group = str(r["Gemeinschaft"] or "")
            reason = str(r["Begründung"])
            prefix = f"Gemeinschaft „{group}“; "  # the community stands under the name
            rows.append((r["Organisation"], r["Typ"], group, reason.removeprefix(prefix) if group else reason))
        sectors = invitations[invitations["Tisch"] == number]["Sektor"].replace("", np.nan).dropna().nunique()
        reasons = len(rows) <= REASONS_UP_TO
        summary = (
            f"{count(len(rows), 'Organisation', 'Organisationen')} aus {count(int(sectors), 'Sektor', 'Sektoren')}"
            + ("" if reasons else "; warum jede an diesem Tisch sitzt, steht in der Excel-Datei (Blatt „Tischplan“)")
        )
        blocks.append({"title": f"Tisch {number}", "summary": summary, "rows": rows, "reasons": reasons})
    facts = [
        ("Tische", str(tables)),
        ("Plätze je Tisch", str(size)),
        ("Plätze", str(tables * size)),
        ("Eingeladen", str(len(invitations))),
    ]
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True))
    return env.get_template("conference.html").render(
        title=f"Tischplan – {event}",
        event=event,
        as_of=f"{as_of:%d.%m.%Y}",
        generated=f"{made:%d.%m.%Y}",
        created=made.isoformat(timespec="seconds"),
        facts=facts,
        method=METHOD,
        notes=list(invitations.attrs.get("hinweise", [])),
        anonymous=anonymous,
        blocks=blocks,
        invitations=[
            (r["Organisation"], r["Typ"], r.get("Gebiet", ""), str(r["Tisch"])) for _, r in invitations.iterrows()
        ],
        show_area="Gebiet" in invitations.columns,
        fonts=_fonts(),
    )


def plan_pdf(
    invitations: pd.DataFrame,
    table_plan: pd.DataFrame,
    *,
    as_of: dt.date,
    tables: int,
    size: int,
    anonymous: bool = False,
    generated: dt.datetime | None = None,
) -> bytes:
    """Return the printable plan (:func:`plan_html`) as a tagged A4 PDF (PDF/UA-1).

    Metadata: title „Tischplan – <Veranstaltung>“, author „Bildungsnetz“, language ``de``,
    creation date ``generated`` (default: now).
    """
    from weasyprint import HTML, URLFetcher

    made = generated or dt.datetime.now().astimezone()
    html = plan_html(
        invitations, table_plan, as_of=as_of, tables=tables, size=size, anonymous=anonymous, generated=made
    )
    document = HTML(
        string=html, base_url=str(TEMPLATES), url_fetcher=URLFetcher(allowed_protocols=ALLOWED_SCHEMES)
    ).render()
    stamp = made.isoformat(timespec="seconds")
    document.metadata.title = f"Tischplan – {invitations.attrs.get('veranstaltung') or 'Bildungskonferenz'}"
    document.metadata.created = stamp
    document.metadata.modified = stamp
    document.metadata.authors = ["Bildungsnetz"]
    document.metadata.generator = "Bildungsnetz"
    document.metadata.lang = "de"
    return bytes(document.write_pdf(pdf_variant="pdf/ua-1"))


def plan_bytes(ds: Dataset, fmt: str, **options: object) -> bytes:
    """The plan as bytes of ``fmt`` (for downloads); options as :func:`write_plan`."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / f"tischplan.{fmt}"
        write_plan(ds, target, **options)  # type: ignore[arg-type]
        return target.read_bytes()
