"""Single-relationship edits from the app: cooperations and committee memberships, one at a time.

Every edit runs in one write transaction that first takes the lock of the data
revision (as a dataset write does), so that two people creating a cooperation
for the same pair at once run one after the other and the second sees the
first. Updates and deletes compare the version the editor started from after
locking the relationship itself (lock-before-compare, as
``queries/nodes/update_checked.cypher``); a change someone else made meanwhile
is refused with :class:`~graph.errors.ConflictError`.

The rules the store enforces, whatever the caller checked before:

* A pair of actors may have several cooperations, for periods that do not
  overlap (a history); a new or changed period that overlaps another one of
  the pair is refused, naming it.
* A cooperation keeps its partners; its id is chosen here when it is created
  (the base id, or the base with its start date or a number appended).
* An actor sits in a committee once: joining again is refused (the stored
  membership is edited instead).

Only these two relationship types are edited on their own; the others belong
to a node's row (an actor's area, an offer's providers) and change with it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import neo4j

from graph import model
from graph.dataset import Rel, content_hash
from graph.db.connection import LostRace, count, native
from graph.db.merge import DatasetStore, without_system
from graph.errors import ConflictError, DataError
from graph.io.problems import Problem
from graph.io.validate import periods_overlap

#: The relationship types the app edits one at a time, with the prefix of their audit actions.
EDITABLE_RELS: dict[str, str] = {"COOPERATES_WITH": "cooperation", "MEMBER_OF": "membership"}

#: How often a create picks another generated id when a concurrent create took the one it chose.
ID_ATTEMPTS = 3


@dataclass(frozen=True)
class StoredRel:
    """One relationship as stored: its endpoints and properties, and the version an edit must still find."""

    rel: Rel
    version: int

    @property
    def id(self) -> str:
        """The relationship's id (cooperation) or ``start→end`` (membership), as the audit log names it."""
        return audit_id(self.rel)


def audit_id(rel: Rel) -> str:
    """The object id of a relationship in the audit log: its own id, else ``start→end``."""
    if model.REL_TYPES[rel.type].keyed:
        return str(rel.props["id"])
    return f"{rel.start}→{rel.end}"


def period_text(since: dt.date | None, until: dt.date | None) -> str:
    """A period in German words.

    Examples
    --------
    >>> import datetime as dt
    >>> period_text(dt.date(2024, 3, 1), None)
    'seit 01.03.2024'
    >>> period_text(dt.date(2024, 3, 1), dt.date(2025, 6, 30))
    '01.03.2024 bis 30.06.2025'
    >>> period_text(None, dt.date(2025, 6, 30)), period_text(None, None)
    ('bis 30.06.2025', 'ohne Zeitangabe')
    """
    if since and until:
        return f"{since:%d.%m.%Y} bis {until:%d.%m.%Y}"
    if since:
        return f"seit {since:%d.%m.%Y}"
    if until:
        return f"bis {until:%d.%m.%Y}"
    return "ohne Zeitangabe"


def _spec(rel_type: str) -> tuple[model.RelType, dict[str, str]]:
    if rel_type not in EDITABLE_RELS:
        raise DataError(
            f"Beziehungen „{model.REL_TYPES[rel_type].german if rel_type in model.REL_TYPES else rel_type}“ "
            "werden mit ihrem Eintrag bearbeitet, nicht einzeln."
        )
    spec = model.REL_TYPES[rel_type]
    return spec, {"type": rel_type, "start": spec.start[0], "end": spec.end}


class RelationStore(DatasetStore):
    """Create, change, end and delete one cooperation or membership, version-checked and audit-logged."""

    def stored_relation(
        self, rel_type: str, *, rel_id: str | None = None, start: str | None = None, end: str | None = None
    ) -> StoredRel | None:
        """Read one relationship with its version: a cooperation by ``rel_id``, a membership by its endpoints.

        Returns None if it does not exist.
        """
        spec, slots = _spec(rel_type)
        if spec.keyed:
            rows = self.read("rels/get_keyed", slots, id=str(rel_id))
        else:
            rows = self.read("rels/get_pair", slots, start=str(start), end=str(end))
        if not rows:
            return None
        props = native(rows[0]["props"])
        version = int(props.get("version") or 0)
        rel = Rel(rel_type, spec.start[0], rows[0]["start"], spec.end, rows[0]["end"], without_system(props, "lock"))
        return StoredRel(rel, version)

    def create_relation(self, rel: Rel) -> Rel:
        """Create one cooperation or membership; return it as stored (a cooperation with the id it got).

        A cooperation's ``id`` is the base of its id: if it is taken, the start
        date (``-2024-03-01``) or a number (``-2``) is appended.

        Raises
        ------
        DataError
            If an endpoint does not exist, the pair has a cooperation in an
            overlapping period, or the actor already sits in the committee
            (one problem, at the column of the partner or committee).
        PermissionDenied
            If the acting principal may not edit.
        """
        spec, _ = _spec(rel.type)
        for _attempt in range(ID_ATTEMPTS):
            final = rel.with_props({**rel.props, "id": self._free_id(rel)}) if spec.keyed else rel
            try:
                self._create(final)
            except ConflictError:  # a concurrent create took the id just chosen: choose again
                continue
            return final
        raise ConflictError("Gleichzeitig wurden mehrere Kooperationen angelegt; bitte erneut speichern.")

    def _free_id(self, rel: Rel) -> str:
        base = str(rel.props["id"])
        taken = set(self.read("rels/ids_like", {"type": rel.type}, prefix=base)[0]["ids"])
        since = rel.props.get("since")
        candidates = [base, *([f"{base}-{since:%Y-%m-%d}"] if since else [])]
        for candidate in candidates:
            if candidate not in taken:
                return candidate
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"

    def _create(self, rel: Rel) -> None:
        spec, slots = _spec(rel.type)
        now = dt.datetime.now(dt.UTC)
        props = dict(rel.props)
        row: dict[str, Any] = {"start": rel.start, "end": rel.end, "props": props, "hash": content_hash(props)}
        if spec.keyed:
            row["id"] = str(props["id"])

        def work(tx: neo4j.ManagedTransaction) -> int:
            self.run_in_write(tx, "meta/lock_revision")
            names, existing = self._pair(tx, rel)
            if spec.keyed:
                if count(self.run_in_write(tx, "rels/id_taken", {"type": rel.type}, id=row["id"]), "taken"):
                    raise ConflictError(f"Die ID „{row['id']}“ wurde gerade vergeben.")
                self._refuse_overlap(rel, names, existing, column="actor_b")
            elif existing:
                old = existing[0]
                raise self._problem(
                    rel,
                    "committee",
                    f"„{names[0]}“ ist bereits Mitglied in „{names[1]}“ "
                    f"({period_text(old.get('since'), old.get('until'))}); bitte die bestehende Mitgliedschaft "
                    "bearbeiten.",
                )
            matched = count(self.run_in_write(tx, "rels/create", slots, rows=[row], now=now), "matched")
            if matched != 1:
                raise LostRace(self._missing(rel))
            return 1

        self.write(
            work,
            action=f"{EDITABLE_RELS[rel.type]}_create",
            label=rel.type,
            object_id=audit_id(rel),
            version_of=lambda version: version,
        )

    def update_relation(self, rel: Rel, expected_version: int, *, action: str = "update") -> int:
        """Replace the properties of one stored cooperation or membership if it still has ``expected_version``.

        ``rel`` names the stored endpoints (and, for a cooperation, its id);
        ``action`` is ``"update"`` or ``"end"`` (only the end date was set), for
        the audit log (``cooperation_end`` …).

        Returns
        -------
        int
            The new version.

        Raises
        ------
        ConflictError
            If someone else changed or deleted the relationship meanwhile.
        DataError
            If the changed period of a cooperation overlaps another period of the same pair.
        """
        spec, slots = _spec(rel.type)
        if action not in ("update", "end"):
            raise ValueError(action)
        now = dt.datetime.now(dt.UTC)
        props = dict(rel.props)
        params: dict[str, Any] = {
            "start": rel.start,
            "end": rel.end,
            "expected": int(expected_version),
            "props": props,
            "hash": content_hash(props),
            "now": now,
        }

        def work(tx: neo4j.ManagedTransaction) -> int:
            self.run_in_write(tx, "meta/lock_revision")
            names, existing = self._pair(tx, rel)
            if spec.keyed:
                own = str(props["id"])
                self._refuse_overlap(rel, names, [e for e in existing if e.get("id") != own], column="since")
                rows = self.run_in_write(tx, "rels/update_checked_keyed", slots, id=own, **params)
            else:
                rows = self.run_in_write(tx, "rels/update_checked_pair", slots, **params)
            if not rows:
                raise ConflictError(self._changed(rel, names, "Ihre Änderung wurde nicht gespeichert"))
            return int(rows[0]["version"])

        return self.write(
            work,
            action=f"{EDITABLE_RELS[rel.type]}_{action}",
            label=rel.type,
            object_id=audit_id(rel),
            version_of=lambda version: version,
        )

    def delete_relation(self, rel: Rel, expected_version: int) -> None:
        """Delete one stored cooperation or membership if it still has ``expected_version``.

        Raises
        ------
        ConflictError
            If someone else changed or deleted it meanwhile.
        """
        spec, slots = _spec(rel.type)
        params: dict[str, Any] = {"start": rel.start, "end": rel.end, "expected": int(expected_version)}

        def work(tx: neo4j.ManagedTransaction) -> int:
            if spec.keyed:
                rows = self.run_in_write(tx, "rels/delete_checked_keyed", slots, id=str(rel.props["id"]), **params)
            else:
                rows = self.run_in_write(tx, "rels/delete_checked_pair", slots, **params)
            if not count(rows, "deleted"):
                found = self.run_in_write(tx, "rels/pair_existing", slots, start=rel.start, end=rel.end)
                names = (found[0]["start_name"], found[0]["end_name"]) if found else (rel.start, rel.end)
                raise ConflictError(self._changed(rel, names, "nichts wurde gelöscht"))
            return int(expected_version)

        self.write(
            work,
            action=f"{EDITABLE_RELS[rel.type]}_delete",
            label=rel.type,
            object_id=audit_id(rel),
            version_of=lambda version: version,
        )

    # -- the checks inside the transaction ---------------------------------------------------------

    def _pair(self, tx: neo4j.ManagedTransaction, rel: Rel) -> tuple[tuple[str, str], list[dict[str, Any]]]:
        """The names of both endpoints and the stored relationships between them (refused if one is missing)."""
        _, slots = _spec(rel.type)
        rows = self.run_in_write(tx, "rels/pair_existing", slots, start=rel.start, end=rel.end)
        if not rows:
            raise LostRace(self._missing(rel))
        names = (str(rows[0]["start_name"] or rel.start), str(rows[0]["end_name"] or rel.end))
        return names, [native(e) for e in rows[0]["existing"] if e is not None]

    def _refuse_overlap(self, rel: Rel, names: tuple[str, str], existing: list[dict[str, Any]], *, column: str) -> None:
        own = (rel.props.get("since"), rel.props.get("until"))
        for other in existing:
            period = (other.get("since"), other.get("until"))
            if periods_overlap(own, period):
                raise self._problem(
                    rel,
                    column,
                    f"Zwischen „{names[0]}“ und „{names[1]}“ besteht für diesen Zeitraum bereits eine "
                    f"Kooperation ({period_text(*period)}; ID {other.get('id')}). Bitte diese bearbeiten oder "
                    "mit Seit/Bis einen Zeitraum angeben, der sich nicht mit ihr überschneidet.",
                )

    @staticmethod
    def _problem(rel: Rel, field: str, message: str) -> DataError:
        sheet = model.SHEET_BY_REL[rel.type]
        return DataError(message, [Problem(sheet.name, None, sheet.column(field).header, message)])

    @staticmethod
    def _missing(rel: Rel) -> DataError:
        return DataError(
            f"{model.NODE_LABELS[rel.start_label]} „{rel.start}“ oder {model.NODE_LABELS[rel.end_label]} "
            f"„{rel.end}“ gibt es nicht (mehr); nichts wurde gespeichert."
        )

    @staticmethod
    def _changed(rel: Rel, names: tuple[str, str], outcome: str) -> str:
        what = "Die Kooperation zwischen" if rel.type == "COOPERATES_WITH" else "Die Mitgliedschaft von"
        joint = "und" if rel.type == "COOPERATES_WITH" else "in"
        return (
            f"{what} „{names[0]}“ {joint} „{names[1]}“ wurde inzwischen von jemand anderem geändert oder "
            f"gelöscht; {outcome}. Bitte neu laden und erneut eintragen."
        )
