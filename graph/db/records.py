"""Single-record edits from the app: create, update and delete one node with optimistic concurrency.

The version check locks the node before it compares (see
``queries/nodes/update_checked.cypher``), so two people saving the same record
at once never both succeed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import neo4j

from graph import model
from graph.dataset import Dataset, Rel
from graph.db.connection import count
from graph.db.merge import TxWriter, node_hashes
from graph.db.relations import RelationStore
from graph.errors import ConflictError, DataError


def model_label(label: str) -> None:
    """Refuse a label outside the model: users and the audit log are never edited as records."""
    if label not in model.NODE_LABELS:
        raise DataError(f"„{label}“ ist keine Art von Eintrag, die bearbeitet werden kann.")


class RecordStore(RelationStore):
    """Edits of one record at a time (nodes here, cooperations and memberships in :mod:`graph.db.relations`)."""

    def node_version(self, label: str, node_id: str) -> int | None:
        """Return the version of one node, or None if it does not exist."""
        rows = self.read("nodes/version", {"label": label}, id=node_id)
        return int(rows[0]["version"]) if rows else None

    def save_node(
        self, label: str, node_id: str, props: Mapping[str, Any], owned: list[Rel], expected_version: int | None
    ) -> int:
        """Create (``expected_version`` None) or update one node and the relationships its row owns.

        The version check and the write happen in one transaction: an update of
        a node that someone else changed since ``expected_version`` is refused.
        ``owned`` are the node's relationships from the columns of its sheet
        (area, Träger, providers …); they replace the stored ones.

        Returns
        -------
        int
            The new version.

        Raises
        ------
        ConflictError
            If the node changed or vanished meanwhile, or (create) exists already.
        """
        model_label(label)
        ds = Dataset()
        ds.add_node(label, node_id, props)
        for rel in owned:
            ds.add_rel(rel)
        clean = ds.nodes[label][node_id]
        digest = node_hashes(ds)[(label, node_id)]
        now = dt.datetime.now(dt.UTC)
        german = model.NODE_LABELS[label]

        def work(tx: neo4j.ManagedTransaction) -> int:
            if expected_version is None:
                rows = self.run_in_write(
                    tx, "nodes/create", {"label": label}, id=node_id, props=clean, hash=digest, now=now
                )
                if not rows:
                    raise ConflictError(
                        f"{german} mit der ID „{node_id}“ gibt es bereits; bitte eine andere ID wählen."
                    )
            else:
                rows = self.run_in_write(
                    tx,
                    "nodes/update_checked",
                    {"label": label},
                    id=node_id,
                    expected=expected_version,
                    props=clean,
                    hash=digest,
                    now=now,
                )
                if not rows:
                    raise ConflictError(
                        f"{german} „{node_id}“ wurde inzwischen von jemand anderem geändert oder gelöscht; "
                        "Ihre Änderung wurde nicht gespeichert. Bitte neu laden und erneut eintragen."
                    )
            writer = TxWriter(self, tx, now)
            groups = ds.rels_by_group()
            for spec in model.OWNED_RELS:
                if spec.owner != label:
                    continue
                rels = groups.get((spec.type, spec.start, spec.end), [])
                keep = [r.end if spec.owner_is_start else r.start for r in rels]
                name = "rels/prune_owned_out" if spec.owner_is_start else "rels/prune_owned_in"
                slots = {"type": spec.type, "start": spec.start, "end": spec.end}
                self.run_in_write(tx, name, slots, rows=[{"owner": node_id, "keep": sorted(keep)}])
                if rels:
                    writer.merge((spec.type, spec.start, spec.end), rels)
            return int(rows[0]["version"])

        return self.write(
            work,
            action="create" if expected_version is None else "update",
            label=label,
            object_id=node_id,
            version_of=lambda version: version,
        )

    def delete_node(self, label: str, node_id: str, expected_version: int) -> None:
        """Delete one node with its relationships if it still has ``expected_version``.

        Raises
        ------
        ConflictError
            If the node changed or vanished meanwhile.
        """
        model_label(label)

        def work(tx: neo4j.ManagedTransaction) -> int:
            rows = self.run_in_write(
                tx, "nodes/delete_checked", {"label": label}, id=node_id, expected=expected_version
            )
            if not count(rows, "deleted"):
                raise ConflictError(
                    f"{model.NODE_LABELS[label]} „{node_id}“ wurde inzwischen geändert oder gelöscht; "
                    "nichts wurde gelöscht. Bitte neu laden."
                )
            return 1

        self.write(work, action="delete", label=label, object_id=node_id, version_of=lambda _: expected_version)
