"""The shape of the database and its state: constraints and indexes, the data revision, counts and ids."""

from __future__ import annotations

import secrets

from neo4j.exceptions import DriverError, Neo4jError

from graph import model
from graph.db.access import Guarded
from graph.errors import DatabaseError


class Schema(Guarded):
    """Schema creation and the read-only state of the database."""

    _schema_ready: bool = False

    def ensure_schema(self) -> None:
        """Create the id constraints of every label and the indexes the queries need (idempotent)."""
        if self._schema_ready:
            return
        statements: list[tuple[str, dict[str, str]]] = []
        for label in (*model.NODE_LABELS, *model.INTERNAL_LABELS):
            statements.append(("schema/node_constraint", {"label": label}))
        for label in ("Actor", "Institution", "Committee", "Area"):
            statements.append(("schema/node_index", {"label": label}))
        for rel in model.REL_TYPES.values():
            if rel.keyed:
                statements.append(("schema/rel_index", {"type": rel.name}))
        for name in ("items", "aliases", "rounds"):  # the survey's queue, aliases and rounds (graph.db.survey)
            statements.append((f"survey/constraint_{name}", {}))
        statements.append(("selfcheck/constraint", {}))  # self-check links by token hash (graph.db.selfcheck)
        try:
            with self.driver.session(database=self.database) as session:
                for name, slots in statements:
                    session.run(self.text(name, {}, slots)).consume()
        except (Neo4jError, DriverError, OSError) as exc:
            error = self.failure(exc, writing=False)
            if type(error) is DatabaseError:
                error = DatabaseError(f"Das Datenbankschema konnte nicht angelegt werden: {error}")
            raise error from exc
        self._ensure_revision_node()
        self._schema_ready = True

    def _ensure_revision_node(self) -> None:
        """Create the revision node; if another process creates it at the same moment, its node is kept."""
        try:
            self.write_attempts(lambda tx: self.run_in_write(tx, "meta/ensure_revision", instance=secrets.token_hex(8)))
        except DatabaseError:
            if self.revision() == "0":  # not the lost race of two first users: a real failure
                raise

    def revision(self) -> str:
        """Return the data revision, a string that changes with every write."""
        row = self.read("meta/revision")[0]
        if row["value"] is None:
            return "0"
        return f"{row['instance']}:{row['value']}"

    def counts(self) -> dict[str, int]:
        """Return node counts per label and relationship counts per type (zeros included)."""
        out = {label: 0 for label in model.NODE_LABELS}
        out.update({name: 0 for name in model.REL_TYPES})
        for row in self.read("meta/count_labels"):
            if row["label"] in model.NODE_LABELS:
                out[row["label"]] = int(row["count"])
        for row in self.read("meta/count_types"):
            if row["type"] in model.REL_TYPES:
                out[row["type"]] = int(row["count"])
        return out

    def is_empty(self) -> bool:
        """Return True if the database holds no node of the model."""
        return not any(self.counts()[label] for label in model.NODE_LABELS)

    def ids(self) -> dict[str, set[str]]:
        """Return the ids of every node per label."""
        return {label: set(self.read("nodes/ids", {"label": label})[0]["ids"]) for label in model.NODE_LABELS}
