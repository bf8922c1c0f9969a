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
import secrets
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError, Neo4jError, ServiceUnavailable

from graph import config, model
from graph.dataset import Dataset, Rel, content_hash
from graph.db.engine import DATABASE, USER, EmbeddedEngine
from graph.db.queries import QUERIES, QueryLoader
from graph.errors import DatabaseError, DataError, EngineError

logger = logging.getLogger(__name__)
# The driver logs every retried transient conflict as a warning; the retries are expected.
logging.getLogger("neo4j").setLevel(logging.ERROR)

T = TypeVar("T")


def _native(value: Any) -> Any:
    """Convert driver temporal values to Python ones (recursively in lists and maps)."""
    if isinstance(value, neo4j.time.DateTime):
        native = value.to_native()
        return native if native.tzinfo else native.replace(tzinfo=dt.UTC)
    if isinstance(value, (neo4j.time.Date, neo4j.time.Time)):
        return value.to_native()
    if isinstance(value, list):
        return [_native(v) for v in value]
    if isinstance(value, dict):
        return {k: _native(v) for k, v in value.items()}
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
    """

    def __init__(self, driver: neo4j.Driver, database: str, *, engine: str, loader: QueryLoader = QUERIES) -> None:
        self.driver = driver
        self.database = database
        self.engine = engine
        self.loader = loader
        self.batch_size = int(config.get("BILDUNGSNETZ_BATCH_SIZE"))  # type: ignore[arg-type]
        self._schema_ready = False

    # -- opening ------------------------------------------------------------------

    @classmethod
    def open(cls, *, schema: bool = True, environ: Mapping[str, str] | None = None) -> Store:
        """Open the configured database: Neo4j if ``NEO4J_URI`` is set, else the embedded engine.

        The embedded engine is started if it is not running. The schema is
        created on first use unless ``schema`` is False. ``environ`` replaces
        ``os.environ`` as the source of settings.

        Raises
        ------
        EngineError, DatabaseError
            With a German sentence if the database cannot be reached.
        """
        uri = config.neo4j_uri(environ)
        if uri:
            auth = (str(config.get("NEO4J_USER", environ)), str(config.get("NEO4J_PASSWORD", environ) or ""))
            database = str(config.get("NEO4J_DATABASE", environ))
            store = cls(GraphDatabase.driver(uri, auth=auth), database, engine="neo4j")
        else:
            engine = EmbeddedEngine(config.data_dir(environ))
            info = engine.ensure_running()
            driver = GraphDatabase.driver(info.uri, auth=(USER, engine.password()))
            store = cls(driver, DATABASE, engine="embedded")
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
        """Run read query ``name`` and return its records as dicts of Python values."""
        text = self._text(name, params, slots or {})

        def work(tx: neo4j.ManagedTransaction) -> list[dict[str, Any]]:
            return [_native(record.data()) for record in tx.run(text, params)]

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
        self, work: Callable[[neo4j.ManagedTransaction], T], *, changed: Callable[[T], bool] = lambda _: True
    ) -> T:
        """Run ``work(tx)`` in one managed write transaction that also advances the data revision.

        The transaction is retried on transient conflicts; ``work`` must only
        use ``tx``. Everything ``work`` writes is committed together or not at all.
        The revision is advanced in the same transaction unless ``changed(result)`` is False.
        """

        def unit(tx: neo4j.ManagedTransaction) -> T:
            result = work(tx)
            if changed(result):
                self.run_in_write(tx, "meta/bump_revision", instance=secrets.token_hex(8))
            return result

        return self._session_call("write", unit)

    def _session_call(self, mode: str, work: Callable[[neo4j.ManagedTransaction], T]) -> T:
        try:
            with self.driver.session(database=self.database) as session:
                if mode == "read":
                    return session.execute_read(work)
                return session.execute_write(work)
        except DataError:
            raise
        except ServiceUnavailable as exc:
            raise EngineError(f"Die Datenbank ist nicht erreichbar: {_first_line(exc)}") from exc
        except ClientError as exc:
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
        except ServiceUnavailable as exc:
            raise EngineError(f"Die Datenbank ist nicht erreichbar: {_first_line(exc)}") from exc
        except Neo4jError as exc:
            raise DatabaseError(f"Das Datenbankschema konnte nicht angelegt werden: {_first_line(exc)}") from exc
        self._schema_ready = True

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
        return {label: {row["id"] for row in self.read("nodes/ids", {"label": label})} for label in model.NODE_LABELS}

    # -- datasets --------------------------------------------------------------------

    def read_dataset(self, *, include_persons: bool = False) -> Dataset:
        """Read the whole graph as a :class:`Dataset` (persons only if asked)."""
        ds = Dataset()
        for label in model.NODE_LABELS:
            if label in model.PERSONAL_LABELS and not include_persons:
                continue
            for row in self.read("nodes/all", {"label": label}):
                props = {k: v for k, v in row["props"].items() if k not in model.SYSTEM_PROPERTIES and k != "id"}
                ds.add_node(label, row["id"], props)
        for rel_type, start, end in model.REL_GROUPS:
            if rel_type in model.PERSONAL_REL_TYPES and not include_persons:
                continue
            slots = {"type": rel_type, "start": start, "end": end}
            for row in self.read("rels/all", slots):
                props = {k: v for k, v in row["props"].items() if k not in model.SYSTEM_PROPERTIES}
                ds.add_rel(Rel(rel_type, start, row["start"], end, row["end"], props))
        return ds

    def write_dataset(self, ds: Dataset, *, replace: bool = False) -> WriteSummary:
        """Write a whole dataset in one transaction: all of it or nothing.

        Nodes are merged by id; unchanged nodes and relationships are left as
        they are, so writing the same dataset twice changes nothing. Relationships
        that a node row owns (an actor's area, an offer's providers ...) follow
        the row. With ``replace`` everything not in ``ds`` is deleted.

        Raises
        ------
        DataError
            If a relationship names a node that is neither in ``ds`` nor in the database.
        """
        now = dt.datetime.now(dt.UTC)
        node_hash = _node_hashes(ds)

        def work(tx: neo4j.ManagedTransaction) -> tuple[int, int, int, int]:
            changed_nodes = changed_rels = deleted_nodes = deleted_rels = 0
            if replace:
                for label in model.NODE_LABELS:
                    keep = sorted(ds.nodes[label])
                    deleted_nodes += _count(
                        self.run_in_write(tx, "nodes/delete_except", {"label": label}, keep=keep), "deleted"
                    )
            for label in model.NODE_LABELS:
                rows = [
                    {"id": nid, "hash": node_hash[(label, nid)], "props": props}
                    for nid, props in sorted(ds.nodes[label].items())
                ]
                for batch in _chunks(rows, self.batch_size):
                    changed_nodes += _count(
                        self.run_in_write(tx, "nodes/upsert", {"label": label}, rows=batch, now=now), "changed"
                    )
            groups = ds.rels_by_group()
            for owned in model.OWNED_RELS:
                keep: dict[str, set[str]] = {nid: set() for nid in ds.nodes[owned.owner]}
                for rel in groups.get((owned.type, owned.start, owned.end), []):
                    owner, other = (rel.start, rel.end) if owned.owner_is_start else (rel.end, rel.start)
                    keep.setdefault(owner, set()).add(other)
                rows = [{"owner": o, "keep": sorted(k)} for o, k in sorted(keep.items())]
                name = "rels/prune_owned_out" if owned.owner_is_start else "rels/prune_owned_in"
                slots = {"type": owned.type, "start": owned.start, "end": owned.end}
                for batch in _chunks(rows, self.batch_size):
                    deleted_rels += _count(self.run_in_write(tx, name, slots, rows=batch), "deleted")
            for (rel_type, start, end), rels in groups.items():
                slots = {"type": rel_type, "start": start, "end": end}
                keyed = model.REL_TYPES[rel_type].keyed
                if replace:
                    if keyed:
                        result = self.run_in_write(
                            tx, "rels/delete_except_keyed", slots, keep=sorted(str(r.props["id"]) for r in rels)
                        )
                    else:
                        result = self.run_in_write(
                            tx, "rels/delete_except_pairs", slots, keep=sorted([r.start, r.end] for r in rels)
                        )
                    deleted_rels += _count(result, "deleted")
                if not rels:
                    continue
                rows = [_rel_row(r, keyed) for r in rels]
                if keyed:
                    moved = [{"id": r["id"], "start": r["start"], "end": r["end"]} for r in rows]
                    for batch in _chunks(moved, self.batch_size):
                        deleted_rels += _count(self.run_in_write(tx, "rels/prune_moved", slots, rows=batch), "deleted")
                name = "rels/merge_keyed" if keyed else "rels/merge_pair"
                for batch in _chunks(rows, self.batch_size):
                    result = self.run_in_write(tx, name, slots, rows=batch, now=now)
                    matched = _count(result, "matched")
                    if matched != len(batch):
                        raise DataError(
                            f"{len(batch) - matched} Beziehung(en) vom Typ {model.REL_TYPES[rel_type].german!r} "
                            "verweisen auf Einträge, die es in der Datenbank nicht (mehr) gibt; nichts wurde "
                            "gespeichert."
                        )
                    changed_rels += _count(result, "changed")
            return changed_nodes, changed_rels, deleted_nodes, deleted_rels

        started = time.perf_counter()
        cn, cr, dn, dr = self.write(work, changed=any)
        logger.info(
            "dataset written in %.2f s: %d nodes and %d relationships changed, %d and %d deleted",
            time.perf_counter() - started,
            cn,
            cr,
            dn,
            dr,
        )
        return WriteSummary(cn, cr, dn, dr, self.revision())

    def clear(self) -> None:
        """Delete every node of the model (used by tests and ``demo --replace``)."""
        self.write_dataset(Dataset(), replace=True)


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
