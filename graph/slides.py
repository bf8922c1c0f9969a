"""Presentation mode: saved network views (filter, colouring, focus, caption) and their export as slides.

Views are kept in ``views.json`` in the data directory, so that the app and
the command line share them. A deck is exported as a PDF of 16:9 slides or as
one self-contained HTML file that steps through the slides full-screen.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import datetime as dt
import io
import json
import os
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from graph import config
from graph.anonymise import anonymise_dataset
from graph.auth import Role
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


def views_path() -> Path:
    """Where the saved views live: ``views.json`` in the data directory."""
    return config.data_dir() / "views.json"


def load_views(path: Path | None = None) -> list[SavedView]:
    """Return the saved views in their order (none if nothing was saved yet)."""
    target = path or views_path()
    try:
        items = json.loads(target.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    except (OSError, ValueError) as exc:
        raise DataError(f"Die gespeicherten Ansichten ({target}) sind nicht lesbar: {exc}.") from exc
    views = []
    for item in items:
        flt = item.get("filter", {})
        views.append(
            SavedView(
                caption=str(item["caption"]),
                color_by=item.get("color_by", "sector"),
                size_by=item.get("size_by", "degree"),
                id=str(item.get("id") or secrets.token_hex(4)),
                filter=NetworkFilter(**{k: tuple(v) if isinstance(v, list) else v for k, v in flt.items()}),
            )
        )
    return views


def save_views(views: list[SavedView], path: Path | None = None) -> None:
    """Write the views atomically (a crash never leaves half a file)."""
    target = path or views_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    data = [dataclasses.asdict(v) for v in views]
    tmp = target.with_suffix(".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, target)


@contextlib.contextmanager
def _locked(target: Path) -> Iterator[None]:
    """Hold an exclusive lock beside the views file, so that two editors never overwrite each other."""
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target.with_suffix(".lock"), "a+b") as handle:
        try:
            import fcntl
        except ImportError:  # pragma: no cover - Windows: no advisory locks, single-user use
            yield
            return
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def add_view(view: SavedView, path: Path | None = None, *, store: Store) -> list[SavedView]:
    """Append a view (editor role, entered in the audit log); return all views.

    Raises
    ------
    PermissionDenied
        If the store's principal may not edit (the attempt is logged).
    """
    if not view.caption.strip():
        raise DataError("Bitte eine Bildunterschrift für die Ansicht eingeben.")
    store.record("view_add", role=Role.EDITOR, label="View", object_id=view.id)
    target = path or views_path()
    with _locked(target):
        views = [*load_views(target), view]
        save_views(views, target)
    return views


def remove_view(view_id: str, path: Path | None = None, *, store: Store) -> list[SavedView]:
    """Delete a view (editor role, entered in the audit log); return the rest."""
    store.record("view_remove", role=Role.EDITOR, label="View", object_id=view_id)
    target = path or views_path()
    with _locked(target):
        views = [v for v in load_views(target) if v.id != view_id]
        save_views(views, target)
    return views


def move_view(view_id: str, step: int, path: Path | None = None, *, store: Store) -> list[SavedView]:
    """Move a view one place earlier (step -1) or later (+1) (editor role, audit log); return all views."""
    store.record("view_move", role=Role.EDITOR, label="View", object_id=view_id)
    target = path or views_path()
    with _locked(target):
        views = load_views(target)
        index = next((i for i, v in enumerate(views) if v.id == view_id), None)
        if index is not None and 0 <= index + step < len(views):
            views[index], views[index + step] = views[index + step], views[index]
            save_views(views, target)
    return views


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
