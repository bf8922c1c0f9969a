"""Moving everything from one database to another: the embedded engine to Neo4j and back.

Everything is copied — records with their versions and times of change,
contact persons, users and roles, the audit log and the saved views — into an
empty target, in one transaction there (all or nothing), and checked
afterwards by comparing both sides. The source is not changed except for one
audit entry saying that everything was exported.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import neo4j

from graph import config, model
from graph.auth import Role
from graph.db.connection import MESSAGE_CHARS, chunks, native
from graph.db.merge import TxWriter, node_hashes
from graph.errors import ConfigError, DatabaseError, DataError

if TYPE_CHECKING:
    from graph.db.store import Store

logger = logging.getLogger(__name__)

_NEO4J_SCHEMES = ("neo4j://", "neo4j+s://", "neo4j+ssc://", "bolt://", "bolt+s://", "bolt+ssc://")


def target_environ(
    spec: str, *, user: str = "neo4j", database: str = "neo4j", environ: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The settings that open the target ``spec``: ``embedded:/pfad`` or a Neo4j address.

    The password of a Neo4j target comes from ``BILDUNGSNETZ_TARGET_PASSWORD``
    (never from the command line, where other users of the machine could read it).

    Raises
    ------
    ConfigError
        If ``spec`` is neither, or a Neo4j target has no password.
    """
    env = os.environ if environ is None else environ
    if spec.startswith("embedded:"):
        path = spec.removeprefix("embedded:").strip()
        if not path:
            raise ConfigError("Bitte das Datenverzeichnis des Ziels angeben, z. B. --to embedded:/srv/bildungsnetz.")
        # a port of its own: the source engine may hold the port set for this machine
        return {"BILDUNGSNETZ_DATA_DIR": str(Path(path).expanduser().resolve()), "BILDUNGSNETZ_ENGINE_PORT": "0"}
    if spec.startswith(_NEO4J_SCHEMES):
        password = config.get("BILDUNGSNETZ_TARGET_PASSWORD", env)
        if not password:
            raise ConfigError(
                "Für ein Neo4j-Ziel bitte das Passwort in der Umgebungsvariablen BILDUNGSNETZ_TARGET_PASSWORD "
                "setzen (nicht auf der Befehlszeile)."
            )
        return {"NEO4J_URI": spec, "NEO4J_USER": user, "NEO4J_PASSWORD": str(password), "NEO4J_DATABASE": database}
    raise ConfigError(
        f"Unbekanntes Ziel „{spec}“: erwartet wird eine Neo4j-Adresse (neo4j://server:7687) oder "
        "embedded:/pfad/zum/datenverzeichnis."
    )


def describe(store: Store) -> str:
    """Where a store's data lives, for messages."""
    if store.engine == "embedded":
        return "eingebettete Datenbank"
    return f"Neo4j ({store.database})"


@dataclass(frozen=True)
class MigrationReport:
    """What was moved, counted on both sides after the move."""

    counts: dict[str, int]
    users: int
    audit_entries: int
    views: int


def internal_counts(store: Store) -> dict[str, int]:
    """Users, audit entries and saved views in ``store``."""
    row = store.read("migrate/count_internal")[0]
    return {"users": int(row["users"]), "audit": int(row["audit"]), "views": int(row["views"])}


def migrate(source: Store, target: Store) -> MigrationReport:
    """Copy everything from ``source`` into the empty ``target`` and check the result.

    "Empty" means no records, users or saved views; audit entries the target
    already holds (from an acceptance run, say) are kept beside the copied ones.

    Both stores act for an administrator. The target's audit log receives
    the source's entries unchanged, then one entry for the move; the source's
    log one entry for the export.

    Raises
    ------
    DataError
        If the target is not empty (nothing is copied).
    DatabaseError
        If the comparison after the move finds a difference.
    """
    source.authorize(Role.ADMIN, "migrate_export")
    got = internal_counts(target)
    if not target.is_empty() or got["users"] or got["views"]:
        raise DataError(
            "Die Zieldatenbank ist nicht leer "
            f"({sum(target.counts()[label] for label in model.NODE_LABELS)} Einträge, {got['users']} Benutzer, "
            f"{got['views']} Ansichten); der Umzug geht nur in eine leere Datenbank (ein vorhandenes Protokoll, "
            "etwa von der Abnahme, darf bleiben). Nichts wurde übertragen."
        )
    ds = source.read_dataset(include_persons=True)
    versions = {
        label: [
            {"id": nid, "version": version, "updated_at": updated}
            for nid, version, updated in source.read("nodes/versions", {"label": label})[0]["rows"]
        ]
        for label in model.NODE_LABELS
    }
    users = [dict(row) for row in source.read("migrate/users")]
    audit = [dict(row) for row in source.read("migrate/audit")]
    views = source.views()
    survey = source.survey_export()  # the survey's review queue, aliases and rounds (graph.db.survey)
    links = source.selfcheck_export()  # self-check links: hashes only (graph.db.selfcheck)
    source.record("migrate_export", role=Role.ADMIN, label="", object_id=target.engine)
    now = dt.datetime.now(dt.UTC)

    def work(tx: neo4j.ManagedTransaction) -> int:
        writer = TxWriter(target, tx, now)
        writer.upsert_nodes(ds, node_hashes(ds))
        groups = ds.rels_by_group()
        for group in model.REL_GROUPS:
            if groups.get(group):
                writer.sync_group(ds, group, groups[group], replace=True)
        for label, rows in versions.items():
            for batch in chunks(rows, target.batch_size, max_chars=MESSAGE_CHARS):
                target.run_in_write(tx, "migrate/put_versions", {"label": label}, rows=batch)
        for batch in chunks(users, target.batch_size, max_chars=MESSAGE_CHARS):
            target.run_in_write(tx, "migrate/put_users", rows=batch)
        for batch in chunks(audit, target.batch_size, max_chars=MESSAGE_CHARS):
            target.run_in_write(tx, "migrate/append_audit", rows=batch)
        rows = [{**row, "position": index} for index, row in enumerate(views, start=1)]
        for batch in chunks(rows, target.batch_size, max_chars=MESSAGE_CHARS):
            target.run_in_write(tx, "views/put_many", rows=batch, now=now)
        target.put_survey(tx, survey)
        target.put_selfcheck_links(tx, links)
        return writer.changed_nodes

    target.write(
        work,
        action="migrate_import",
        role=Role.ADMIN,
        detail=lambda _: f"{len(audit)} Protokolleinträge, {len(users)} Benutzer, {len(views)} Ansichten",
    )
    return verify(
        source, target, ds_fingerprint=ds.fingerprint(), users=users, audit=audit, views=views, kept=got["audit"]
    )


def _versions(store: Store) -> dict[str, list[tuple[str, int, str]]]:
    return {
        label: sorted(
            (nid, version, str(native(at)))
            for nid, version, at in store.read("nodes/versions", {"label": label})[0]["rows"]
        )
        for label in model.NODE_LABELS
    }


def verify(
    source: Store,
    target: Store,
    *,
    ds_fingerprint: str,
    users: list[dict[str, Any]],
    audit: list[dict[str, Any]],
    views: list[dict[str, Any]],
    kept: int = 0,
) -> MigrationReport:
    """Compare the target with what was read from the source; raise on any difference."""
    differences = []
    if target.read_dataset(include_persons=True).fingerprint() != ds_fingerprint:
        differences.append("die Einträge und Beziehungen")
    moved_users = [dict(row) for row in target.read("migrate/users")]
    if [(u["login"], u["role"], u["version"]) for u in moved_users] != [
        (u["login"], u["role"], u["version"]) for u in users
    ]:
        differences.append("die Benutzertabelle")
    ids = {row["id"] for row in target.read("migrate/audit")}
    if not {row["id"] for row in audit} <= ids or len(ids) != len(audit) + 1 + kept:
        differences.append("das Protokoll")
    if [(v["id"], v["caption"]) for v in target.views()] != [(v["id"], v["caption"]) for v in views]:
        differences.append("die gespeicherten Ansichten")
    if target.survey_export() != source.survey_export():
        differences.append("die Prüfliste der Befragung")
    if target.selfcheck_export() != source.selfcheck_export():
        differences.append("die Links der Selbstauskunft")
    if _versions(source) != _versions(target):
        differences.append("die Versionen der Einträge")
    if differences:
        raise DatabaseError(
            "Der Abgleich nach dem Umzug zeigt Unterschiede bei " + ", ".join(differences) + ". Die Quelle ist "
            "unverändert; bitte die Zieldatenbank leeren und den Umzug wiederholen."
        )
    counts = target.counts()
    logger.info("migration checked: %d nodes, %d audit entries", sum(counts.values()), len(ids))
    return MigrationReport(counts, len(moved_users), len(ids), len(views))
