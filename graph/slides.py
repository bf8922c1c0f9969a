"""Presentation mode: saved network views (filter, colouring, focus, caption) and their export as slides.

Views are kept in the graph (``SavedView`` nodes), so that the app and the
command line share them and a backup or a move to another database holds
them. A deck is exported as a PDF of 16:9 slides or as
one self-contained HTML file that steps through the slides full-screen.
"""

from __future__ import annotations

import base64
import dataclasses
import datetime as dt
import io
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph import config
from graph.anonymise import anonymise_dataset
from graph.auth import Principal, Role
from graph.dataset import Dataset
from graph.errors import DataError
from graph.service import NetworkFilter

if TYPE_CHECKING:
    from graph.db.store import Store


@dataclass(frozen=True)
class SavedView:
    """One slide: what the Netzwerk page showed and the caption to present it with."""

    caption: str
    filter: NetworkFilter = field(default_factory=NetworkFilter)
    color_by: str = "sector"
    size_by: str = "degree"
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


def add_view(view: SavedView, *, store: Store) -> list[SavedView]:
    """Append a view (editor role, entered in the audit log); return all views.

    Raises
    ------
    PermissionDenied
        If the store's principal may not edit (the attempt is logged).
    """
    if not view.caption.strip():
        raise DataError("Bitte eine Bildunterschrift für die Ansicht eingeben.")
    adopt_legacy_views(store)
    store.add_view(_row(view))
    return load_views(store)


def remove_view(view_id: str, *, store: Store) -> list[SavedView]:
    """Delete a view (editor role, entered in the audit log); return the rest."""
    store.remove_view(view_id)
    return load_views(store)


def move_view(view_id: str, step: int, *, store: Store) -> list[SavedView]:
    """Move a view one place earlier (step -1) or later (+1) (editor role, audit log); return all views."""
    store.move_view(view_id, step)
    return load_views(store)


def _figure(ds: Dataset, as_of: dt.date, view: SavedView, number: int, total: int) -> Any:
    from graph import service
    from graph.views.picture import draw

    net = service.network(ds, as_of, view.filter)
    graph, names = net.graph, net.area_names
    size_by = view.size_by if view.size_by in ("degree", "weighted_degree", "none") else "degree"
    color_by = view.color_by if view.color_by in ("sector", "area") else "sector"
    fig = draw(
        graph,
        title=view.caption,
        subtitle=f"Stand {as_of:%d.%m.%Y} · Folie {number} von {total}",
        color_by=color_by,
        size_by=size_by,
        area_names=names,
    )
    return fig


def slides_pdf(ds: Dataset, as_of: dt.date, views: list[SavedView], *, anonymous: bool = False) -> bytes:
    """Return the views as a PDF of 16:9 slides (one page per view, fonts embedded)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.backends.backend_pdf import PdfPages

    if not views:
        raise DataError("Es gibt noch keine gespeicherten Ansichten; speichern Sie eine auf der Seite Netzwerk.")
    if anonymous:
        ds = anonymise_dataset(ds)
    buffer = io.BytesIO()
    with PdfPages(buffer, metadata={"Title": "Bildungsnetz – Präsentation", "Creator": "Bildungsnetz"}) as pdf:
        for number, view in enumerate(views, start=1):
            fig = _figure(ds, as_of, view, number, len(views))
            pdf.savefig(fig)
            plt.close(fig)
    return buffer.getvalue()


def slides_html(ds: Dataset, as_of: dt.date, views: list[SavedView], *, anonymous: bool = False) -> str:
    """Return one offline HTML file that shows the slides full-screen (arrow keys, click, or buttons)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    if not views:
        raise DataError("Es gibt noch keine gespeicherten Ansichten; speichern Sie eine auf der Seite Netzwerk.")
    if anonymous:
        ds = anonymise_dataset(ds)
    slides = []
    for number, view in enumerate(views, start=1):
        fig = _figure(ds, as_of, view, number, len(views))
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100)
        plt.close(fig)
        slides.append({"caption": view.caption, "png": base64.b64encode(buffer.getvalue()).decode("ascii")})
    templates = Path(__file__).parent / "views" / "templates"
    env = Environment(loader=FileSystemLoader(templates), autoescape=select_autoescape(default=True))
    return env.get_template("slides.html").render(slides=slides)
