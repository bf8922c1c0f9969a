"""The graph store: every read and write of the database, one code path for two engines.

The store talks to Neo4j 5 (when ``NEO4J_URI`` is set) or to the embedded
ArcadeDB engine through the official ``neo4j`` driver, with the Cypher kept in
``queries/``. Writes run in managed write transactions (retried on transient
conflicts) as batched ``UNWIND`` statements; every write transaction also
advances the data revision.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from graph import config, model
from graph.auth import PermissionDenied, Principal, Role
from graph.dataset import Dataset, Rel, content_hash
from graph.db.engine import DATABASE, USER, EmbeddedEngine
from graph.db.queries import QUERIES, QueryLoader
from graph.errors import BildungsnetzError, ConflictError, DatabaseError, DataError, EngineError

logger = logging.getLogger(__name__)
# The driver logs every retried transient conflict as a warning; the retries are expected.
logging.getLogger("neo4j").setLevel(logging.ERROR)

T = TypeVar("T")


def native(value: Any) -> Any:
    """Convert driver temporal values to Python ones (recursively in lists and maps)."""
    if isinstance(value, neo4j.time.DateTime):
        moment = value.to_native()
        return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    if isinstance(value, (neo4j.time.Date, neo4j.time.Time)):
        return value.to_native()
    if isinstance(value, list):
        return [native(v) for v in value]
    if isinstance(value, dict):
        return {k: native(v) for k, v in value.items()}
    return value


def _chunks(rows: list[T], size: int) -> Iterator[list[T]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


@dataclass(frozen=True)
class WriteSummary:
    """What a dataset write changed: nodes and relationships created or changed, and deleted."""

    changed_nodes: int
    changed_rels: int
    deleted_nodes: int
    deleted_rels: int
    revision: str


class Store:
    """Access to one graph database.

    Parameters
    ----------
    driver : neo4j.Driver
        An open driver.
    database : str
        The database name to use.
    engine : str
        ``"embedded"`` or ``"neo4j"``, for messages and status.
    principal : Principal or None
        On whose behalf writes are made; every write checks its role and is
        entered in the audit log. Without a principal the store only reads.
    """

    def __init__(
        self,
        driver: neo4j.Driver,
        database: str,
        *,
        engine: str,
        loader: QueryLoader = QUERIES,
        principal: Principal | None = None,
    ) -> None:
        self.driver = driver
        self.database = database
        self.engine = engine
        self.loader = loader
        self.principal = principal
        self.batch_size = int(config.get("BILDUNGSNETZ_BATCH_SIZE"))  # type: ignore[arg-type]
        self._schema_ready = False

    def acting_as(self, principal: Principal | None) -> Store:
        """The same database (one driver) acting on behalf of ``principal``."""
        other = Store(self.driver, self.database, engine=self.engine, loader=self.loader, principal=principal)
        other._schema_ready = self._schema_ready
        return other

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(
        cls,
        *,
        schema: bool = True,
        environ: Mapping[str, str] | None = None,
        principal: Principal | None = None,
    ) -> Store:
        """Open the configured database: Neo4j if ``NEO4J_URI`` is set, else the embedded engine.

        The embedded engine is started if it is not running. The schema is
        created on first use unless ``schema`` is False. ``environ`` replaces
        ``os.environ`` as the source of settings. Writes need a ``principal``.

        Raises
        ------
        EngineError, DatabaseError
            With a German sentence if the database cannot be reached.
        """
        uri = config.neo4j_uri(environ)
        if uri:
            auth = (str(config.get("NEO4J_USER", environ)), str(config.get("NEO4J_PASSWORD", environ) or ""))
            database = str(config.get("NEO4J_DATABASE", environ))
            store = cls(GraphDatabase.driver(uri, auth=auth), database, engine="neo4j", principal=principal)
        else:
            engine = EmbeddedEngine(config.data_dir(environ))
            info = engine.ensure_running()
            driver = GraphDatabase.driver(info.uri, auth=(USER, engine.password()))
            store = cls(driver, DATABASE, engine="embedded", principal=principal)
        try:
            store.driver.verify_connectivity()
        except (ServiceUnavailable, AuthError, OSError) as exc:
            store.close()
            where = uri or "eingebettete Datenbank"
            raise EngineError(f"Die Datenbank ({where}) ist nicht erreichbar: {_first_line(exc)}") from exc
        if schema:
            store.ensure_schema()
        return store

    def close(self) -> None:
        """Close the driver."""
        self.driver.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- running queries -------------------------------------------------------------

    def _text(self, name: str, params: Mapping[str, Any], slots: Mapping[str, str]) -> str:
        return self.loader.text(name, dict(params), **slots)

    def read(self, name: str, slots: Mapping[str, str] | None = None, **params: Any) -> list[dict[str, Any]]:
        """Run read query ``name`` and return its records as dicts.

        Values are as the driver gives them (temporal values as ``neo4j.time``
        types); :func:`native` converts property maps.
        """
        text = self._text(name, params, slots or {})

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            result = tx.run(text, params)
            keys = result.keys()
            # no record.data(): its recursive transform costs seconds on large collected lists
            return [dict(zip(keys, record, strict=True)) for record in result]

        started = time.perf_counter()
        rows = self._session_call("read", work)
        logger.debug("query %s: %d rows in %.3f s", name, len(rows), time.perf_counter() - started)
        return rows

    def run_in_write(
        self, tx: neo4j.ManagedTransaction, name: str, slots: Mapping[str, str] | None = None, **params: Any
    ) -> list[dict[str, Any]]:
        """Run query ``name`` inside the write transaction ``tx``; return its records."""
        text = self._text(name, params, slots or {})
        return [record.data() for record in tx.run(text, params)]

    def write(
        self,
        work: Callable[[neo4j.ManagedTransaction], T],
        *,
        action: str,
        role: Role = Role.EDITOR,
        label: str = "",
        object_id: str = "",
        version_of: Callable[[T], int] | None = None,
        detail: Callable[[T], str] | None = None,
        changed: Callable[[T], bool] = lambda _: True,
    ) -> T:
        """Run ``work(tx)`` in one managed write transaction that also advances the data revision.

        The acting principal must hold ``role``; otherwise nothing is written,
        the refusal is entered in the audit log and :class:`PermissionDenied`
        is raised. The audit entry (who, when, ``action``, ``label``,
        ``object_id``, the version ``version_of(result)`` and ``detail(result)``,
        never field values) is written in the same transaction as the change.
        The transaction is retried on transient conflicts; ``work`` must only
        use ``tx``. Everything ``work`` writes is committed together or not at all.
        The revision is advanced in the same transaction unless ``changed(result)`` is False.

        Raises
        ------
        PermissionDenied
            If the principal's role does not include ``role``.
        """
        self.authorize(role, action, label=label, object_id=object_id)
        principal = self.principal
        assert principal is not None  # authorize() refuses a store without principal

        def unit(tx: neo4j.ManagedTransaction) -> T:
            result = work(tx)
            if changed(result):
                self.run_in_write(tx, "meta/bump_revision", instance=secrets.token_hex(8))
                version = version_of(result) if version_of else -1
                self._audit(tx, principal, action, label, object_id, version, "ok", detail(result) if detail else "")
            return result

        return self._write_attempts(unit)

    def authorize(self, role: Role, action: str, *, label: str = "", object_id: str = "") -> None:
        """Refuse (and log in the audit log) what the acting principal's role does not allow.

        Raises
        ------
        PermissionDenied
            With a German sentence naming the role needed.
        """
        principal = self.principal
        if principal is not None and principal.may(role):
            return
        logger.warning("write refused: action %s needs role %s", action, role.key)
        if principal is not None:
            denied = principal

            def record(tx: neo4j.ManagedTransaction) -> None:
                self._audit(tx, denied, action, label, object_id, -1, "denied", f"benötigt {role.key}")

            self._write_attempts(record)
            raise PermissionDenied(
                f"Ihre Rolle ({denied.role.german if denied.role else 'ohne Zugang'}) erlaubt das nicht; "
                f"dafür ist die Rolle „{role.german}“ nötig. Der Versuch wurde protokolliert."
            )
        raise PermissionDenied("Ohne angemeldete Person kann nichts geändert werden.")

    def _audit(
        self,
        tx: neo4j.ManagedTransaction,
        principal: Principal,
        action: str,
        label: str,
        object_id: str,
        version: int,
        outcome: str,
        detail: str,
    ) -> None:
        self.run_in_write(
            tx,
            "audit/append",
            id=secrets.token_hex(12),
            at=dt.datetime.now(dt.UTC),
            user=principal.user,
            role=principal.role.key if principal.role else "",
            action=action,
            label=label,
            object_id=object_id,
            version=int(version),
            outcome=outcome,
            detail=detail,
        )

    def _write_attempts(self, unit: Callable[[neo4j.ManagedTransaction], T]) -> T:

        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                return self._session_call("write", unit)
            except _LostRace as race:
                if attempt == WRITE_ATTEMPTS:
                    if race.args and isinstance(race.args[0], BildungsnetzError):
                        raise race.args[0] from None
                    raise DatabaseError(
                        "Gleichzeitige Änderungen anderer Nutzer haben diese Änderung mehrfach verhindert; "
                        "bitte erneut versuchen."
                    ) from None
                logger.info("write lost a race for a new id, attempt %d: retrying", attempt)
                time.sleep(0.1 * attempt + random.random() * 0.1)
        raise AssertionError("unreachable")  # pragma: no cover

    def _session_call(self, mode: str, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        try:
            with self.driver.session(database=self.database) as session:
                if mode == "read":
                    return session.execute_read(work)
                return session.execute_write(work)
        except (DataError, _LostRace):
            raise
        except ServiceUnavailable as exc:
            raise EngineError(f"Die Datenbank ist nicht erreichbar: {_first_line(exc)}") from exc
        except ClientError as exc:
            if mode == "write" and _is_lost_race(exc):
                raise _LostRace from exc
            raise DatabaseError(f"Die Datenbank hat die Anfrage abgelehnt: {_first_line(exc)}") from exc
        except Neo4jError as exc:
            raise DatabaseError(f"Datenbankfehler: {_first_line(exc)}") from exc

    # -- schema ----------------------------------------------------------------------

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
        try:
            with self.driver.session(database=self.database) as session:
                for name, slots in statements:
                    session.run(self._text(name, {}, slots)).consume()
            self._ensure_revision_node()
        except ServiceUnavailable as exc:
            raise EngineError(f"Die Datenbank ist nicht erreichbar: {_first_line(exc)}") from exc
        except Neo4jError as exc:
            raise DatabaseError(f"Das Datenbankschema konnte nicht angelegt werden: {_first_line(exc)}") from exc
        self._schema_ready = True

    def _ensure_revision_node(self) -> None:
        """Create the revision node; if another process creates it at the same moment, its node is kept."""
        try:
            self._write_attempts(
                lambda tx: self.run_in_write(tx, "meta/ensure_revision", instance=secrets.token_hex(8))
            )
        except DatabaseError:
            if self.revision() == "0":  # not the lost race of two first users: a real failure
                raise

    # -- state -----------------------------------------------------------------------

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

    # -- datasets --------------------------------------------------------------------

    def read_dataset(self, *, include_persons: bool = False) -> Dataset:
        """Read the whole graph as a :class:`Dataset` (persons only if asked)."""
        ds = Dataset()
        for label in model.NODE_LABELS:
            if label in model.PERSONAL_LABELS and not include_persons:
                continue
            for node_id, props in self.read("nodes/all", {"label": label})[0]["rows"]:
                ds.add_node(label, node_id, _without_system(props, "id"))
        for rel_type, start, end in model.REL_GROUPS:
            if rel_type in model.PERSONAL_REL_TYPES and not include_persons:
                continue
            slots = {"type": rel_type, "start": start, "end": end}
            for start_id, end_id, props in self.read("rels/all", slots)[0]["rows"]:
                ds.add_rel(Rel(rel_type, start, start_id, end, end_id, _without_system(props)))
        return ds

    def write_dataset(self, ds: Dataset, *, replace: bool = False, action: str = "import") -> WriteSummary:
        """Write a whole dataset in one transaction: all of it or nothing.

        Nodes are merged by id; unchanged nodes and relationships are left as
        they are, so writing the same dataset twice changes nothing. Relationships
        that a node row owns (an actor's area, an offer's providers ...) follow
        the row. Fields of a sheet that lacked their column (``ds.present``)
        keep their stored values. A cooperation without its own id takes the id
        the pair already has. With ``replace`` everything not in ``ds`` is deleted.

        Needs the editor role; ``action`` names the write in the audit log
        (with ``replace`` it is suffixed ``_replace``).

        Raises
        ------
        DataError
            If a relationship names a node that is neither in ``ds`` nor in the database.
        PermissionDenied
            If the acting principal may not edit.
        """
        now = dt.datetime.now(dt.UTC)

        def work(tx: neo4j.ManagedTransaction) -> tuple[int, int, int, int]:
            writer = _TxWriter(self, tx, now)
            full = ds if replace else writer.complete(ds)
            groups = full.rels_by_group()
            if replace:
                writer.delete_nodes_not_in(full)
            writer.upsert_nodes(full, _node_hashes(full))
            writer.prune_owned(full, groups)
            for group, rels in groups.items():
                writer.delete_stale(group, rels, replace=replace)
                writer.merge(group, rels)
            return writer.changed_nodes, writer.changed_rels, writer.deleted_nodes, writer.deleted_rels

        started = time.perf_counter()
        cn, cr, dn, dr = self.write(
            work,
            action=f"{action}_replace" if replace else action,
            detail=lambda r: f"{r[0]} Knoten und {r[1]} Beziehungen geändert, {r[2]} und {r[3]} gelöscht",
            changed=any,
        )
        logger.info(
            "dataset written in %.2f s: %d nodes and %d relationships changed, %d and %d deleted",
            time.perf_counter() - started,
            cn,
            cr,
            dn,
            dr,
        )
        return WriteSummary(cn, cr, dn, dr, self.revision())

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
        _model_label(label)
        ds = Dataset()
        ds.add_node(label, node_id, props)
        for rel in owned:
            ds.add_rel(rel)
        clean = ds.nodes[label][node_id]
        digest = _node_hashes(ds)[(label, node_id)]
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
            writer = _TxWriter(self, tx, now)
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
        _model_label(label)

        def work(tx: neo4j.ManagedTransaction) -> int:
            rows = self.run_in_write(
                tx, "nodes/delete_checked", {"label": label}, id=node_id, expected=expected_version
            )
            if not _count(rows, "deleted"):
                raise ConflictError(
                    f"{model.NODE_LABELS[label]} „{node_id}“ wurde inzwischen geändert oder gelöscht; "
                    "nichts wurde gelöscht. Bitte neu laden."
                )
            return 1

        self.write(work, action="delete", label=label, object_id=node_id, version_of=lambda _: expected_version)

    def clear(self) -> None:
        """Delete every node of the model (used by tests and ``demo --replace``); users and audit log stay."""
        self.write_dataset(Dataset(), replace=True, action="clear")

    # -- users and audit log -------------------------------------------------------------

    def user_role(self, login: str) -> Role | None:
        """The role of ``login`` in the user table, or None if the login is not in it."""
        rows = self.read("users/role", login=login.strip().lower())
        return Role.parse(rows[0]["role"]) if rows else None

    def users(self) -> list[dict[str, Any]]:
        """The user table: login, role, updated_at (admin only)."""
        self.authorize(Role.ADMIN, "users_read")
        return [
            {"login": r["login"], "role": r["role"], "updated_at": native(r["updated_at"])}
            for r in self.read("users/list")
        ]

    def set_user_role(self, login: str, role: Role) -> None:
        """Add a user or change their role (admin only).

        Raises
        ------
        PermissionDenied
            If the acting principal is no admin.
        DataError
            If ``login`` is empty, or the change would leave no admin.
        """
        key = login.strip().lower()
        if not key:
            raise DataError("Bitte eine Anmeldung (E-Mail-Adresse) angeben.")

        def work(tx: neo4j.ManagedTransaction) -> int:
            before = _count(self.run_in_write(tx, "users/admins"), "admins")
            rows = self.run_in_write(tx, "users/put", login=key, role=role.key, now=dt.datetime.now(dt.UTC))
            self._keep_an_admin(tx, before)
            return int(rows[0]["version"])

        self.write(
            work,
            action="user_role",
            role=Role.ADMIN,
            label="AppUser",
            object_id=key,
            version_of=int,
            detail=lambda _: role.german,
        )

    def remove_user(self, login: str) -> None:
        """Remove a user from the table (admin only); the last admin cannot be removed.

        Raises
        ------
        PermissionDenied
            If the acting principal is no admin.
        DataError
            If the user is unknown or the last admin.
        """
        key = login.strip().lower()

        def work(tx: neo4j.ManagedTransaction) -> int:
            before = _count(self.run_in_write(tx, "users/admins"), "admins")
            if not _count(self.run_in_write(tx, "users/delete", login=key), "deleted"):
                raise DataError(f"Eine Anmeldung „{key}“ gibt es in der Benutzertabelle nicht.")
            self._keep_an_admin(tx, before)
            return 0

        self.write(work, action="user_remove", role=Role.ADMIN, label="AppUser", object_id=key)

    def _keep_an_admin(self, tx: neo4j.ManagedTransaction, before: int) -> None:
        """Refuse a change that leaves users in the table but takes the role of its last admin."""
        if (
            before
            and not _count(self.run_in_write(tx, "users/admins"), "admins")
            and self.run_in_write(tx, "users/list")
        ):
            raise DataError("Mindestens eine Person in der Benutzertabelle muss die Rolle „Verwalten“ behalten.")

    def record(self, action: str, *, role: Role, label: str = "", object_id: str = "") -> None:
        """Check ``role`` and enter a reading action (an export of personal data, of the log) in the audit log.

        Raises
        ------
        PermissionDenied
            If the acting principal's role does not include ``role``.
        """
        self.authorize(role, action, label=label, object_id=object_id)
        principal = self.principal
        assert principal is not None
        self._write_attempts(lambda tx: self._audit(tx, principal, action, label, object_id, -1, "ok", ""))

    def audit_log(self, limit: int = 100_000) -> list[dict[str, Any]]:
        """The audit log, newest first (admin only).

        Raises
        ------
        PermissionDenied
            If the acting principal is no admin (the refusal itself is logged).
        """
        self.authorize(Role.ADMIN, "audit_read")  # reading is not logged (every page view would add one); export is
        return [{k: native(v) for k, v in row.items()} for row in self.read("audit/list", limit=int(limit))]


class _TxWriter:
    """The steps of one dataset write, all inside one transaction, with their counts."""

    def __init__(self, store: Store, tx: neo4j.ManagedTransaction, now: dt.datetime) -> None:
        self.store, self.tx, self.now = store, tx, now
        self.changed_nodes = self.changed_rels = self.deleted_nodes = self.deleted_rels = 0

    def run(self, name: str, slots: Mapping[str, str], **params: Any) -> list[dict[str, Any]]:
        return self.store.run_in_write(self.tx, name, slots, **params)

    def batches(self, rows: list[T]) -> Iterator[list[T]]:
        return _chunks(rows, self.store.batch_size)

    def rel_total(self) -> int:
        return sum(int(row["count"]) for row in self.run("meta/count_types", {}))

    def delete_nodes_not_in(self, ds: Dataset) -> None:
        """Delete the nodes (with their relationships) whose id the dataset does not hold."""
        before: int | None = None
        for label in model.NODE_LABELS:
            slots = {"label": label}
            existing = set(self.run("nodes/ids", slots)[0]["ids"])
            gone = sorted(existing - set(ds.nodes[label]))
            if gone and before is None:
                before = self.rel_total()
            for batch in self.batches(gone):
                self.deleted_nodes += _count(self.run("nodes/delete", slots, ids=batch), "deleted")
        if before is not None:
            self.deleted_rels += before - self.rel_total()

    def complete(self, ds: Dataset) -> Dataset:
        """Return ``ds`` with stored values for fields whose column the import lacked, and stored cooperation ids.

        For a sheet that had only some columns, the other properties and owned
        relationships of nodes that already exist are taken from the database;
        so are the other properties of relationships from such a sheet. A
        cooperation whose id was made up from its pair takes the id the pair
        already has; an explicit id for a pair stored under another id is refused.
        """
        nodes = {label: {nid: dict(props) for nid, props in items.items()} for label, items in ds.nodes.items()}
        rels = list(ds.rels)
        for label, present in ds.present.items():
            if label in model.NODE_LABELS:
                sheet = model.SHEET_BY_LABEL[label]
                stored = {nid: props for nid, props in self.run("nodes/all", {"label": label})[0]["rows"]}
                missing = {c.field for c in sheet.columns if c.kind != "id" and not c.rel} - present
                for nid, props in nodes[label].items():
                    old = _without_system(stored.get(nid, {}), "id")
                    props.update({k: v for k, v in old.items() if k in missing and k not in props})
                for owned in model.OWNED_RELS:
                    if owned.owner != label or owned.column.field in present:
                        continue
                    slots = {"type": owned.type, "start": owned.start, "end": owned.end}
                    for start, end, props in self.run("rels/all", slots)[0]["rows"]:
                        owner = start if owned.owner_is_start else end
                        if owner in nodes[label]:
                            rels.append(Rel(owned.type, owned.start, start, owned.end, end, _without_system(props)))
            elif label in model.REL_TYPES:
                sheet = model.SHEET_BY_REL[label]
                missing = {c.field for c in sheet.columns} - present - {sheet.start, sheet.end}
                spec = model.REL_TYPES[label]
                slots = {"type": label, "start": spec.start[0], "end": spec.end}
                stored_rels = {
                    (props.get("id") if spec.keyed else (a, b)): _without_system(props)
                    for a, b, props in self.run("rels/all", slots)[0]["rows"]
                }
                for index, rel in enumerate(rels):
                    if rel.type != label:
                        continue
                    old = stored_rels.get(rel.props.get("id") if spec.keyed else (rel.start, rel.end), {})
                    extra = {k: v for k, v in old.items() if k in missing and k not in rel.props}
                    if extra:
                        rels[index] = Rel(
                            rel.type, rel.start_label, rel.start, rel.end_label, rel.end, {**rel.props, **extra}
                        )
        rels = self._adopt_pair_ids(rels, ds.generated_ids)
        return Dataset(nodes, rels)

    def _adopt_pair_ids(self, rels: list[Rel], generated: set[str]) -> list[Rel]:
        out = list(rels)
        for rel_type, spec in model.REL_TYPES.items():
            if not spec.keyed or not any(r.type == rel_type for r in rels):
                continue
            slots = {"type": rel_type, "start": spec.start[0], "end": spec.end}
            stored = {frozenset((a, b)): rid for a, b, rid in self.run("rels/keys", slots)[0]["rows"]}
            imported_ids = {str(r.props["id"]) for r in rels if r.type == rel_type}
            for index, rel in enumerate(out):
                if rel.type != rel_type:
                    continue
                existing = stored.get(frozenset((rel.start, rel.end)))
                rid = str(rel.props["id"])
                if existing is None or existing == rid or existing in imported_ids:
                    continue
                if rid in generated:
                    out[index] = Rel(
                        rel.type, rel.start_label, rel.start, rel.end_label, rel.end, {**rel.props, "id": existing}
                    )
                else:
                    raise DataError(
                        f"Die Kooperation zwischen „{rel.start}“ und „{rel.end}“ ist bereits unter der ID "
                        f"„{existing}“ gespeichert; die Datei nennt sie „{rid}“. Eine Kooperation steht einmal je "
                        "Paar: bitte die vorhandene ID verwenden. Nichts wurde gespeichert."
                    )
        return out

    def upsert_nodes(self, ds: Dataset, node_hash: Mapping[tuple[str, str], str]) -> None:
        """Create or update every node; unchanged ones are left alone."""
        for label in model.NODE_LABELS:
            rows = [
                {"id": nid, "hash": node_hash[(label, nid)], "props": props}
                for nid, props in sorted(ds.nodes[label].items())
            ]
            for batch in self.batches(rows):
                result = self.run("nodes/upsert", {"label": label}, rows=batch, now=self.now)
                self.changed_nodes += _count(result, "changed")

    def prune_owned(self, ds: Dataset, groups: Mapping[tuple[str, str, str], list[Rel]]) -> None:
        """Delete relationships a node row owns but no longer names (an actor moved to another area)."""
        for owned in model.OWNED_RELS:
            keep: dict[str, set[str]] = {nid: set() for nid in ds.nodes[owned.owner]}
            for rel in groups.get((owned.type, owned.start, owned.end), []):
                owner, other = (rel.start, rel.end) if owned.owner_is_start else (rel.end, rel.start)
                keep.setdefault(owner, set()).add(other)
            rows = [{"owner": o, "keep": sorted(k)} for o, k in sorted(keep.items())]
            name = "rels/prune_owned_out" if owned.owner_is_start else "rels/prune_owned_in"
            slots = {"type": owned.type, "start": owned.start, "end": owned.end}
            for batch in self.batches(rows):
                self.deleted_rels += _count(self.run(name, slots, rows=batch), "deleted")

    def delete_stale(self, group: tuple[str, str, str], rels: list[Rel], *, replace: bool) -> None:
        """Delete keyed relationships whose id now joins other nodes, and with ``replace`` all not in ``rels``.

        The existing relationships are read once and compared in Python; the
        deletions are anchored on the indexed endpoint ids.
        """
        rel_type, start, end = group
        keyed = model.REL_TYPES[rel_type].keyed
        if not (keyed or replace):
            return
        slots = {"type": rel_type, "start": start, "end": end}
        existing = self.run("rels/keys", slots)[0]["rows"]
        stale: list[dict[str, Any]] = []
        if keyed:
            wanted = {str(r.props["id"]): (r.start, r.end) for r in rels}
            for start_id, end_id, rel_id in existing:
                target = wanted.get(str(rel_id))
                if (target is None and replace) or (target is not None and target != (start_id, end_id)):
                    stale.append({"start": start_id, "end": end_id, "id": rel_id})
        else:
            pairs = {(r.start, r.end) for r in rels}
            stale = [{"start": a, "end": b, "id": None} for a, b, _ in existing if (a, b) not in pairs]
        for batch in self.batches(stale):
            self.deleted_rels += _count(self.run("rels/delete_at", slots, rows=batch), "deleted")

    def merge(self, group: tuple[str, str, str], rels: list[Rel]) -> None:
        """Create or update the relationships of one group; refuse rows whose endpoints do not exist."""
        rel_type, start, end = group
        keyed = model.REL_TYPES[rel_type].keyed
        slots = {"type": rel_type, "start": start, "end": end}
        name = "rels/merge_keyed" if keyed else "rels/merge_pair"
        for batch in self.batches([_rel_row(r, keyed) for r in rels]):
            result = self.run(name, slots, rows=batch, now=self.now)
            matched = _count(result, "matched")
            if matched != len(batch):
                # usually a concurrent import of the same data (the embedded engine shows its pending nodes
                # oddly); the whole write is run again, and the error stands if it persists
                raise _LostRace(
                    DataError(
                        f"{len(batch) - matched} Beziehung(en) vom Typ {model.REL_TYPES[rel_type].german!r} "
                        "verweisen auf Einträge, die es in der Datenbank nicht (mehr) gibt; nichts wurde gespeichert."
                    )
                )
            self.changed_rels += _count(result, "changed")


def _without_system(props: Mapping[str, Any], *also: str) -> dict[str, Any]:
    return {k: native(v) for k, v in props.items() if k not in model.SYSTEM_PROPERTIES and k not in also}


#: Attempts of a write transaction that lost a race to create the same id.
WRITE_ATTEMPTS = 5


class _LostRace(Exception):
    """Another transaction created the same id first (the whole unit of work is run again)."""


def _is_lost_race(exc: Neo4jError) -> bool:
    """True for the ways the embedded engine reports two write transactions colliding on the same records.

    Neo4j makes the second MERGE wait and then match; the embedded engine checks
    at commit and refuses a duplicated key, and may show a record the other
    transaction changed meanwhile as not found. Writes are MERGEs, so running
    the unit of work again finds the records and succeeds.
    """
    code = str(getattr(exc, "code", "") or "")
    text = f"{code} {getattr(exc, 'message', '')}"
    return (
        "Duplicated key" in text
        or code.endswith("ConstraintValidationFailed")
        or code.endswith("Statement.EntityNotFound")
    )


def _model_label(label: str) -> None:
    """Refuse a label outside the model: users and the audit log are never edited as records."""
    if label not in model.NODE_LABELS:
        raise DataError(f"„{label}“ ist keine Art von Eintrag, die bearbeitet werden kann.")


def _count(rows: list[dict[str, Any]], key: str) -> int:
    return int(rows[0][key] or 0) if rows else 0


def _rel_row(rel: Rel, keyed: bool) -> dict[str, Any]:
    props = dict(rel.props)
    row: dict[str, Any] = {"start": rel.start, "end": rel.end, "props": props, "hash": content_hash(props)}
    if keyed:
        row["id"] = str(props["id"])
    return row


def _node_hashes(ds: Dataset) -> dict[tuple[str, str], str]:
    """Hash each node's properties together with the relationships its row owns.

    An actor whose area changed gets a new hash, so its version is bumped
    although its own properties are the same.
    """
    owned: dict[tuple[str, str], list[Any]] = {}
    owned_groups = {(o.type, o.start, o.end): o for o in model.OWNED_RELS}
    for rel in ds.rels:
        spec = owned_groups.get(rel.group)
        if spec is None:
            continue
        key = (spec.owner, rel.start if spec.owner_is_start else rel.end)
        owned.setdefault(key, []).append([rel.type, rel.start, rel.end, sorted(rel.props.items())])
    return {
        (label, nid): content_hash(sorted(props.items()), sorted(owned.get((label, nid), [])))
        for label, items in ds.nodes.items()
        for nid, props in items.items()
    }


def _first_line(exc: BaseException) -> str:
    message = getattr(exc, "message", None) or str(exc) or type(exc).__name__
    return str(message).strip().splitlines()[0][:300]
