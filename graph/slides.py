"""Presentation mode: saved network views (filter, colouring, size, focus, caption) and their export as slides.

Views are kept in the graph (``SavedView`` nodes), so that the app and the
command line share them and a backup or a move to another database holds
them. A deck is exported as a PDF of 16:9 slides, as one self-contained HTML
file that steps through the slides full-screen, or as a PowerPoint file with
one editable slide per view.

A slide shows exactly what was saved: the filter, the colouring (sector, area
or community, with the community names of the view), the size measure and
the highlighted actor. A view that a slide could not show is refused when it
is saved (:func:`unexportable`), never exported as something else.

Anonymised exports refuse captions that name an actor (:func:`caption_problems`):
captions are user text, and a name in a pseudonymised deck cannot be taken
back once it is handed out.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import json
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph import config
from graph.auth import Principal, Role
from graph.dataset import Dataset
from graph.errors import DataError
from graph.service import NetworkFilter

if TYPE_CHECKING:
    from graph.db.store import Store

#: The colourings a slide can show (those of the Netzwerk page).
COLORINGS = ("sector", "area", "community")
#: The size measures a slide can show (those of the Netzwerk page).
SIZES = ("degree", "weighted_degree", "betweenness", "pagerank", "none")
_NO_VIEWS = "Es gibt noch keine gespeicherten Ansichten; speichern Sie eine auf der Seite Netzwerk."


@dataclass(frozen=True)
class SavedView:
    """One slide: what the Netzwerk page showed and the caption to present it with."""

    caption: str
    filter: NetworkFilter = field(default_factory=NetworkFilter)
    color_by: str = "sector"
    size_by: str = "degree"
    #: the actor highlighted on the slide (the one selected on the Netzwerk page), if any
    focus: str | None = None
    id: str = field(default_factory=lambda: secrets.token_hex(4))


def legacy_views_path() -> Path:
    """Where earlier versions kept the saved views: ``views.json`` in the data directory."""
    return config.data_dir() / "views.json"


def _view(row: dict[str, Any]) -> SavedView:
    raw = row.get("filter")
    try:
        flt = json.loads(raw) if isinstance(raw, str) else dict(raw or {})
    except ValueError:
        flt = {}
    known = {f.name for f in dataclasses.fields(NetworkFilter)}
    return SavedView(
        caption=str(row.get("caption") or ""),
        color_by=str(row.get("color_by") or "sector"),
        size_by=str(row.get("size_by") or "degree"),
        focus=str(row["focus"]) if row.get("focus") else None,
        id=str(row.get("id") or secrets.token_hex(4)),
        filter=NetworkFilter(**{k: tuple(v) if isinstance(v, list) else v for k, v in flt.items() if k in known}),  # type: ignore[arg-type]
    )


def _row(view: SavedView) -> dict[str, Any]:
    return {
        "id": view.id,
        "caption": view.caption,
        "filter": json.dumps(dataclasses.asdict(view.filter), ensure_ascii=False, sort_keys=True),
        "color_by": view.color_by,
        "size_by": view.size_by,
        "focus": view.focus,
    }


def adopt_legacy_views(store: Store) -> int:
    """Move the views of an earlier version's ``views.json`` into the graph, once; return how many.

    The file is renamed to ``views.json.übernommen`` afterwards. The move is
    made by the system (entered in the audit log as ``views.json``), whoever
    opened the page first.
    """
    path = legacy_views_path()
    if not path.is_file():
        return 0
    try:
        items = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise DataError(f"Die gespeicherten Ansichten ({path}) sind nicht lesbar: {exc}.") from exc
    rows = []
    if not store.views():
        for position, item in enumerate(items if isinstance(items, list) else [], start=1):
            view = _view({**item, "filter": item.get("filter", {})})
            rows.append({**_row(view), "position": position})
        if rows:
            store.acting_as(Principal("system", Role.ADMIN, "views.json")).put_views(rows, action="views_json_moved")
    os.replace(path, path.with_name("views.json.übernommen"))
    return len(rows)


def load_views(store: Store) -> list[SavedView]:
    """Return the saved views in their order (none if nothing was saved yet)."""
    adopt_legacy_views(store)
    return [_view(row) for row in store.views()]


def unexportable(view: SavedView, *, group_by: str = "none") -> str | None:
    """Say in German why a slide could not show ``view`` as it was set up, or return None if it can.

    Parameters
    ----------
    view : SavedView
        The view to be saved.
    group_by : str
        The grouping of the Netzwerk page ("none", "community", "area"): a
        slide shows single actors, so only "none" can be exported.

    Examples
    --------
    >>> unexportable(SavedView("Alle", color_by="community", size_by="betweenness")) is None
    True
    >>> print(unexportable(SavedView("Alle"), group_by="community"))  # doctest: +ELLIPSIS
    Eine zusammengefasste Ansicht ...
    """
    if group_by != "none":
        return (
            "Eine zusammengefasste Ansicht (ein Punkt je Gruppe) kann nicht als Folie gespeichert werden: Folien "
            "zeigen die Akteure einzeln. Bitte „keine Zusammenfassung“ wählen und dann speichern."
        )
    if view.color_by not in COLORINGS:
        return (
            f"Die Einfärbung „{view.color_by}“ kann keine Folie zeigen; möglich sind Sektor, Gebiet und Gemeinschaft."
        )
    if view.size_by not in SIZES:
        return f"Die Größe nach „{view.size_by}“ kann keine Folie zeigen."
    return None


def add_view(view: SavedView, *, store: Store, group_by: str = "none") -> list[SavedView]:
    """Append a view (editor role, entered in the audit log); return all views.

    Raises
    ------
    DataError
        If the caption is empty or a slide could not show the view as it is
        set up (:func:`unexportable`, with ``group_by`` of the Netzwerk page).
    PermissionDenied
        If the store's principal may not edit (the attempt is logged).
    """
    if not view.caption.strip():
        raise DataError("Bitte eine Bildunterschrift für die Ansicht eingeben.")
    problem = unexportable(view, group_by=group_by)
    if problem:
        raise DataError(problem)
    adopt_legacy_views(store)
    store.add_view(_row(view))
    return load_views(store)


def set_caption(view_id: str, caption: str, *, store: Store) -> list[SavedView]:
    """Change the caption of a view (editor role, audit log); return all views."""
    if not caption.strip():
        raise DataError("Bitte eine Bildunterschrift für die Ansicht eingeben.")
    store.set_view_caption(view_id, caption.strip())
    return load_views(store)


def _name_pattern(name: str) -> re.Pattern[str]:
    # whole words: no letter or digit right before or after the name
    return re.compile(rf"(?<!\w){re.escape(name.casefold())}(?!\w)")


def names_in_caption(caption: str, ds: Dataset) -> list[str]:
    """Return the names of actors and Träger of ``ds`` that ``caption`` contains as whole words, sorted.

    Case is ignored ("vhs musterau" names "VHS Musterau"); a name inside a longer
    word does not count ("Kita Oststadt" does not name "Kita Ost"). Träger are
    searched too: the anonymised outputs call them "Träger n".

    Examples
    --------
    >>> ds = Dataset({"Actor": {"a": {"name": "VHS Musterau"}, "b": {"name": "Kita Ost"}}})
    >>> names_in_caption("Die vhs musterau und ihre Partner", ds)
    ['VHS Musterau']
    >>> names_in_caption("Kita Oststadt", ds)
    []
    """
    folded = caption.casefold()
    found = set()
    for props in [*ds.nodes.get("Actor", {}).values(), *ds.nodes.get("Institution", {}).values()]:
        name = str(props.get("name") or "").strip()
        if name and name.casefold() in folded and _name_pattern(name).search(folded):
            found.add(name)
    return sorted(found)


def caption_problems(ds: Dataset, views: list[SavedView]) -> list[str]:
    """One German sentence per saved view whose caption names an actor or Träger of ``ds`` (for anonymised exports)."""
    problems = []
    for number, view in enumerate(views, start=1):
        names = names_in_caption(view.caption, ds)
        if names:
            listed = ", ".join(f"„{n}“" for n in names)
            noun = "den Namen" if len(names) == 1 else "die Namen"
            problems.append(f"Die Bildunterschrift von Folie {number} („{view.caption}“) nennt {noun} {listed}.")
    return problems


def check_anonymous_captions(ds: Dataset, views: list[SavedView]) -> None:
    """Refuse an anonymised export whose captions name an actor or Träger of ``ds`` (:func:`names_in_caption`).

    Raises
    ------
    DataError
        Saying which captions name which actors and what to do.
    """
    problems = caption_problems(ds, views)
    if problems:
        raise DataError(
            "Die anonymisierte Präsentation würde Namen zeigen: "
            + " ".join(problems)
            + " Bitte die Bildunterschrift ändern (Seite Präsentation, „Ansichten verwalten“)."
        )


def remove_view(view_id: str, *, store: Store) -> list[SavedView]:
    """Delete a view (editor role, entered in the audit log); return the rest."""
    store.remove_view(view_id)
    return load_views(store)


def move_view(view_id: str, step: int, *, store: Store) -> list[SavedView]:
    """Move a view one place earlier (step -1) or later (+1) (editor role, audit log); return all views."""
    store.move_view(view_id, step)
    return load_views(store)


def _slides(ds: Dataset, as_of: dt.date, views: list[SavedView], anonymous: bool) -> list[dict[str, Any]]:
    """The drawing arguments of every slide (graph, title, colouring, size, focus ...), in order.

    Raises
    ------
    DataError
        If there are no views, a view cannot be shown as saved (an earlier
        version saved it), or, when anonymised, a caption names an actor.
    """
    from graph import service
    from graph.views.network import TEXT

    if not views:
        raise DataError(_NO_VIEWS)
    if anonymous:
        check_anonymous_captions(ds, views)
    out = []
    for number, view in enumerate(views, start=1):
        problem = unexportable(view)
        if problem:
            raise DataError(f"Folie {number} („{view.caption}“): {problem}")
        parts = service.picture_parts(
            ds, as_of, view.filter, color_by=view.color_by, size_by=view.size_by, anonymous=anonymous
        )
        focus = view.focus if view.focus in parts.graph else None
        said = f" · {TEXT['de']['color'][view.color_by]} · {TEXT['de']['size'][view.size_by]}"
        out.append(
            {
                "G": parts.graph,
                "title": view.caption,
                # colouring and size are in the legend's notes: the subtitle says what and when
                "subtitle": f"{parts.title} · {parts.subtitle.removesuffix(said)} · Folie {number} von {len(views)}",
                "footer": parts.footer,
                "color_by": view.color_by,
                "size_by": view.size_by,
                "groups": parts.groups,
                "metrics": parts.metrics,
                "area_names": parts.area_names,
                "focus": focus,
                "named": (focus,) if focus is not None else (),
                "left_out_committees": parts.left_out_committees,
            }
        )
    return out


def _picture(args: dict[str, Any], fmt: str) -> bytes:
    from graph.views.picture import picture

    args = dict(args)
    return picture(args.pop("G"), fmt=fmt, paper="slide", **args)


def slides_pdf(ds: Dataset, as_of: dt.date, views: list[SavedView], *, anonymous: bool = False) -> bytes:
    """Return the views as a PDF of 16:9 slides (one page per view, fonts embedded).

    Raises
    ------
    DataError
        See :func:`slide_pngs`.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for args in _slides(ds, as_of, views, anonymous):
        writer.append(PdfReader(io.BytesIO(_picture(args, "pdf"))))
    writer.add_metadata(
        {"/Title": "Bildungsnetz – Präsentation", "/Creator": "Bildungsnetz", "/Producer": "Bildungsnetz"}
    )
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def slide_pngs(ds: Dataset, as_of: dt.date, views: list[SavedView], *, anonymous: bool = False) -> list[bytes]:
    """Return every slide as a PNG picture (16:9, 2880 × 1620 px), in order.

    Raises
    ------
    DataError
        If there are no views, a view cannot be shown as it was saved, or an
        anonymised export's caption names an actor (:func:`check_anonymous_captions`).
    """
    return [_picture(args, "png") for args in _slides(ds, as_of, views, anonymous)]


def deck(views: list[SavedView], pngs: list[bytes]) -> list[dict[str, str]]:
    """The slides as the HTML deck and the Präsentation page show them: caption and PNG as base64 text."""
    return [
        {"caption": view.caption, "png": base64.b64encode(png).decode("ascii")}
        for view, png in zip(views, pngs, strict=True)
    ]


def slides_html(ds: Dataset, as_of: dt.date, views: list[SavedView], *, anonymous: bool = False) -> str:
    """Return one offline HTML file that shows the slides full-screen (arrow keys, click, or buttons).

    Raises
    ------
    DataError
        See :func:`slide_pngs`.
    """
    return deck_html(views, slide_pngs(ds, as_of, views, anonymous=anonymous))


def deck_html(views: list[SavedView], pngs: list[bytes]) -> str:
    """Return the offline HTML deck of ``views`` drawn as ``pngs`` (:func:`slide_pngs`); captions are escaped."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    slides = deck(views, pngs)
    templates = Path(__file__).parent / "views" / "templates"
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(default=True))
    return env.get_template("slides.html").render(slides=slides)


def slides_pptx(ds: Dataset, as_of: dt.date, views: list[SavedView], *, anonymous: bool = False) -> bytes:
    """Return the views as a PowerPoint file: one 16:9 slide per view, shapes and texts editable.

    The caption is the slide's title (a text box a user can change); nodes,
    edges, legend and labels are native shapes (:func:`graph.views.pptx.add_network_slide`).

    Raises
    ------
    DataError
        See :func:`slide_pngs`.
    """
    from graph.views.pptx import add_network_slide, new_presentation

    prs = new_presentation()
    prs.core_properties.title = "Bildungsnetz – Präsentation"
    prs.core_properties.author = "Bildungsnetz"
    for args in _slides(ds, as_of, views, anonymous):
        args.pop("left_out_committees")  # said in the subtitle's words already
        add_network_slide(prs, args.pop("G"), **args)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
