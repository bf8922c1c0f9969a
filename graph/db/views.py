"""Saved views of the Präsentation page, kept in the graph (``SavedView`` nodes) so that a backup holds them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import neo4j

from graph.auth import Role
from graph.db.connection import count
from graph.db.records import RecordStore


class ViewStore(RecordStore):
    """The ordered list of saved views; every change needs the editor role and is entered in the audit log.

    A change of the views does not advance the data revision: the analyses
    cached on it stay valid.
    """

    def views(self) -> list[dict[str, Any]]:
        """The saved views in their order: id, position, caption, filter (JSON text), color_by, size_by, focus."""
        return self.read("views/list")

    def add_view(self, row: dict[str, Any]) -> None:
        """Append one view (``row``: id, caption, filter, color_by, size_by, focus)."""
        now = dt.datetime.now(dt.UTC)
        self.write(
            lambda tx: self.run_in_write(tx, "views/add", now=now, **row),
            action="view_add",
            label="View",
            object_id=str(row["id"]),
            bump=False,
        )

    def set_view_caption(self, view_id: str, caption: str) -> None:
        """Change the caption of one view (nothing happens if it is gone)."""
        now = dt.datetime.now(dt.UTC)
        self.write(
            lambda tx: self.run_in_write(tx, "views/caption", id=view_id, caption=caption, now=now),
            action="view_caption",
            label="View",
            object_id=view_id,
            bump=False,
        )

    def remove_view(self, view_id: str) -> None:
        """Delete one view (nothing happens if it is gone already)."""
        self.write(
            lambda tx: self.run_in_write(tx, "views/delete", id=view_id),
            action="view_remove",
            label="View",
            object_id=view_id,
            bump=False,
        )

    def move_view(self, view_id: str, step: int) -> None:
        """Move one view ``step`` places (−1 earlier, +1 later) in one transaction with the other views' order."""
        now = dt.datetime.now(dt.UTC)

        def work(tx: neo4j.ManagedTransaction) -> int:
            ids = [row["id"] for row in self.run_in_write(tx, "views/list")]
            if view_id not in ids:
                return 0
            index = ids.index(view_id)
            if not 0 <= index + step < len(ids):
                return 0
            ids[index], ids[index + step] = ids[index + step], ids[index]
            rows = [{"id": vid, "position": position} for position, vid in enumerate(ids, start=1)]
            return count(self.run_in_write(tx, "views/order", rows=rows, now=now), "changed")

        self.write(work, action="view_move", label="View", object_id=view_id, bump=False)

    def put_views(self, rows: list[dict[str, Any]], *, action: str = "views_put") -> None:
        """Write views with their positions (moving them from ``views.json`` or another database); admin only."""
        now = dt.datetime.now(dt.UTC)
        self.write(
            lambda tx: self.run_in_write(tx, "views/put_many", rows=rows, now=now),
            action=action,
            role=Role.ADMIN,
            label="View",
            detail=lambda _: f"{len(rows)} Ansichten",
            bump=False,
        )
