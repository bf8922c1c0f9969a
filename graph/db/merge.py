"""Writing a whole dataset: merge or replace in one transaction, with nothing lost that the file does not name.

The rules, applied the same way by the write and by its dry run
(:meth:`DatasetStore.check_dataset`):

* A column the file does not have never changes stored values: properties of
  nodes and relationships, and the relationships a node row owns (an actor's
  area and Träger, an offer's providers …), with or without an ID column.
* A cooperation row without an id takes the id its pair already has.
* A stored cooperation id given to another pair is refused, and so is
  (when merging) an explicit new id for a pair stored under another one —
  each with sheet, row and column.

The write reads the stored state of each relationship group once and
compares it in Python: new relationships are created, changed ones updated,
unchanged ones left alone, so the cost grows linearly with the data even when
thousands of actors share one Träger.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j

from graph import model
from graph.dataset import Dataset, Rel, content_hash
from graph.db.connection import MESSAGE_CHARS, LostRace, chunks, count, native
from graph.db.schema import Schema
from graph.errors import DataError
from graph.io.problems import Problem
from graph.io.validate import origin_key, periods_overlap

logger = logging.getLogger(__name__)

#: Why a replace with a dataset without actors is refused (the import check says the same).
EMPTY_REPLACE = "Ersetzen mit einer leeren Akteursliste würde den ganzen Bestand löschen; das wird nicht ausgeführt."

T = TypeVar("T")

#: Reports progress: (German description of the step, rows done, rows in all).
Progress = Callable[[str, int, int], None]

#: Runs one named query with slots and parameters (inside a read or a write transaction).
Runner = Callable[..., list[dict[str, Any]]]


@dataclass(frozen=True)
class WriteSummary:
    """What a dataset write changed: nodes and relationships created or changed, and deleted."""

    changed_nodes: int
    changed_rels: int
    deleted_nodes: int
    deleted_rels: int
    revision: str


def without_system(props: Mapping[str, Any], *also: str) -> dict[str, Any]:
    """A stored property map without the store's own properties (and ``also``), values made native."""
    return {k: native(v) for k, v in props.items() if k not in model.SYSTEM_PROPERTIES and k not in also}


def node_hashes(ds: Dataset) -> dict[tuple[str, str], str]:
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


def rel_row(rel: Rel, keyed: bool) -> dict[str, Any]:
    """The parameter row of one relationship for the relationship queries."""
    props = dict(rel.props)
    row: dict[str, Any] = {"start": rel.start, "end": rel.end, "props": props, "hash": content_hash(props)}
    if keyed:
        row["id"] = str(props["id"])
    return row


def _slots(group: tuple[str, str, str]) -> dict[str, str]:
    return {"type": group[0], "start": group[1], "end": group[2]}


def _owned_groups() -> dict[tuple[str, str, str], model.OwnedRel]:
    return {(o.type, o.start, o.end): o for o in model.OWNED_RELS}


# -- the plan: what the file means against what is stored ------------------------------------------


class Planner:
    """Completes an imported dataset with the stored values it does not name, and checks its ids.

    ``run`` executes read queries, inside the write transaction or in a read
    transaction of the dry run; both use the same rules.
    """

    def __init__(self, run: Runner, *, replace: bool) -> None:
        self.run = run
        self.replace = replace
        self.problems: list[Problem] = []

    def complete(self, ds: Dataset) -> Dataset:
        """Return ``ds`` with stored values for fields whose column the file lacked, and stored cooperation ids.

        Raises
        ------
        DataError
            With one problem (sheet, row, column) per refused cooperation id.
        """
        nodes = {label: {nid: dict(props) for nid, props in items.items()} for label, items in ds.nodes.items()}
        rels = list(ds.rels)
        for label, present in ds.present.items():
            if label in model.NODE_LABELS:
                self._complete_nodes(label, present, nodes, rels)
        for label, present in ds.present.items():
            if label in model.REL_TYPES and not model.REL_TYPES[label].keyed:
                rels = self._complete_pairs(label, present, rels)
        rels = self._keyed(ds, rels)
        if self.problems:
            raise DataError(
                f"{len(self.problems)} Fehler im Abgleich mit dem gespeicherten Bestand; nichts wurde gespeichert.",
                self.problems,
            )
        if self.replace:  # relationships kept from the store must not point to nodes the file deletes
            rels = [r for r in rels if r.start in nodes[r.start_label] and r.end in nodes[r.end_label]]
        out = Dataset(nodes, rels)
        out.origins = dict(ds.origins)
        return out

    def _complete_nodes(
        self, label: str, present: frozenset[str], nodes: dict[str, dict[str, dict[str, Any]]], rels: list[Rel]
    ) -> None:
        sheet = model.SHEET_BY_LABEL[label]
        missing = {c.field for c in sheet.columns if c.kind != "id" and not c.rel} - present
        if missing:
            stored = {nid: props for nid, props in self.run("nodes/all", {"label": label})[0]["rows"]}
            for nid, props in nodes[label].items():
                old = without_system(stored.get(nid, {}), "id")
                props.update({k: v for k, v in old.items() if k in missing and k not in props})
        for owned in model.OWNED_RELS:
            if owned.owner != label or owned.column.field in present:
                continue
            group = (owned.type, owned.start, owned.end)
            for start, end, props in self.run("rels/all", _slots(group))[0]["rows"]:
                owner = start if owned.owner_is_start else end
                if owner in nodes[label]:
                    rels.append(Rel(owned.type, owned.start, start, owned.end, end, without_system(props)))

    def _complete_pairs(self, rel_type: str, present: frozenset[str], rels: list[Rel]) -> list[Rel]:
        sheet = model.SHEET_BY_REL[rel_type]
        missing = {c.field for c in sheet.columns} - present - {sheet.start, sheet.end}
        if not missing:
            return rels
        spec = model.REL_TYPES[rel_type]
        group = (rel_type, spec.start[0], spec.end)
        stored = {(a, b): without_system(p) for a, b, p in self.run("rels/all", _slots(group))[0]["rows"]}
        out = []
        for rel in rels:
            old = stored.get((rel.start, rel.end)) if rel.type == rel_type else None
            extra = {k: v for k, v in (old or {}).items() if k in missing and k not in rel.props}
            out.append(rel.with_props({**rel.props, **extra}) if extra else rel)
        return out

    def _keyed(self, ds: Dataset, rels: list[Rel]) -> list[Rel]:
        """Give rows without id the stored id of their pair and period, keep stored values of absent columns.

        A pair may have several stored cooperations for periods that do not
        overlap (a history). A row without id takes the id of the stored
        cooperation of its pair whose period overlaps its own; otherwise it is
        a new period. An explicit id that is stored for another pair is
        refused; so is (when merging) an explicit new id for a pair whose
        stored cooperation of an overlapping period has another id.
        """
        out = list(rels)
        for rel_type, spec in model.REL_TYPES.items():
            if not spec.keyed or not any(r.type == rel_type for r in rels):
                continue
            sheet = model.SHEET_BY_REL[rel_type]
            present = ds.present.get(rel_type)
            missing = (
                ({c.field for c in sheet.columns} - present - {sheet.start, sheet.end, "id"}) if present else set()
            )
            group = (rel_type, spec.start[0], spec.end)
            by_id: dict[str, tuple[str, str, dict[str, Any]]] = {}
            by_pair: dict[frozenset[str], list[str]] = {}
            for a, b, props in self.run("rels/all", _slots(group))[0]["rows"]:
                rid = str(props.get("id"))
                by_id[rid] = (a, b, without_system(props))
                by_pair.setdefault(frozenset((a, b)), []).append(rid)
            named = {str(r.props["id"]) for r in rels if r.type == rel_type} - ds.generated_ids
            header = sheet.column("id").header
            for index, rel in enumerate(out):
                if rel.type != rel_type:
                    continue
                rid = str(rel.props["id"])
                pair = frozenset((rel.start, rel.end))
                where = ds.origins.get(origin_key(rel.type, rel.start, rel.end, rel.props), (sheet.name, None))
                own = (rel.props.get("since"), rel.props.get("until"))
                overlapping = [
                    other
                    for other in by_pair.get(pair, [])
                    if periods_overlap(own, (by_id[other][2].get("since"), by_id[other][2].get("until")))
                    or (missing & {"since", "until"})
                ]
                if rid in ds.generated_ids:
                    if overlapping:
                        rid = overlapping[0]
                    elif rid in by_id and own[0] is not None:  # the pair's first id belongs to an earlier period
                        rid = f"{rid}-{own[0]:%Y-%m-%d}"
                elif rid in by_id and frozenset(by_id[rid][:2]) != pair:
                    a, b, _ = by_id[rid]
                    self.problems.append(
                        Problem(
                            where[0],
                            where[1],
                            header,
                            f"Die ID „{rid}“ gehört zur gespeicherten Kooperation zwischen „{a}“ und „{b}“; die "
                            f"Datei gibt sie „{rel.start}“ und „{rel.end}“. Eine gespeicherte Kooperation wechselt "
                            "ihre Partner nicht: bitte eine neue ID verwenden oder die ID-Zelle leer lassen.",
                        )
                    )
                    continue
                elif not self.replace and (clash := [o for o in overlapping if o != rid and o not in named]):
                    self.problems.append(
                        Problem(
                            where[0],
                            where[1],
                            header,
                            f"Die Kooperation zwischen „{rel.start}“ und „{rel.end}“ ist für diesen Zeitraum bereits "
                            f"unter der ID „{clash[0]}“ gespeichert; die Datei nennt sie „{rid}“. Bitte die "
                            "vorhandene ID verwenden, die ID-Zelle leer lassen oder mit Seit/Bis einen anderen "
                            "Zeitraum angeben.",
                        )
                    )
                    continue
                old = by_id.get(rid, ("", "", {}))[2]
                extra = {k: v for k, v in old.items() if k in missing and k not in rel.props}
                if extra or rid != rel.props["id"]:
                    out[index] = rel.with_props({**rel.props, **extra, "id": rid})
        return out


# -- the write ---------------------------------------------------------------------------------------


class TxWriter:
    """The steps of one dataset write, all inside one transaction, with their counts."""

    def __init__(self, store: DatasetStore, tx: neo4j.ManagedTransaction, now: dt.datetime) -> None:
        self.store, self.tx, self.now = store, tx, now
        self.changed_nodes = self.changed_rels = self.deleted_nodes = self.deleted_rels = 0
        self.progress: Progress | None = None
        self.total = 0
        self.done = 0

    def run(self, name: str, slots: Mapping[str, str] | None = None, **params: Any) -> list[dict[str, Any]]:
        """Run query ``name`` in this transaction."""
        return self.store.run_in_write(self.tx, name, slots, **params)

    def batches(self, rows: list[T], step: str = "") -> Iterator[list[T]]:
        """The rows in write batches, reporting progress after each."""
        for batch in chunks(rows, self.store.batch_size, max_chars=MESSAGE_CHARS):
            yield batch
            self.done += len(batch)
            if self.progress and step:
                self.progress(step, min(self.done, self.total), self.total)

    def rel_total(self) -> int:
        """The number of relationships in the database."""
        return sum(int(row["count"]) for row in self.run("meta/count_types"))

    def delete_nodes_not_in(self, ds: Dataset) -> None:
        """Delete the nodes (with their relationships) whose id the dataset does not hold."""
        before: int | None = None
        for label in model.NODE_LABELS:
            slots = {"label": label}
            existing = set(self.run("nodes/ids", slots)[0]["ids"])
            gone = sorted(existing - set(ds.nodes[label]))
            if gone and before is None:
                before = self.rel_total()
            for batch in chunks(gone, self.store.batch_size):
                self.deleted_nodes += count(self.run("nodes/delete", slots, ids=batch), "deleted")
        if before is not None:
            self.deleted_rels += before - self.rel_total()

    def upsert_nodes(self, ds: Dataset, hashes: Mapping[tuple[str, str], str]) -> None:
        """Create or update every node; unchanged ones are left alone."""
        for label in model.NODE_LABELS:
            items = sorted(ds.nodes[label].items())
            rows = [{"id": nid, "hash": hashes[(label, nid)], "props": props} for nid, props in items]
            step = f"{model.NODE_LABELS_PLURAL[label]} schreiben"
            for batch in self.batches(rows, step):
                result = self.run("nodes/upsert", {"label": label}, rows=batch, now=self.now)
                self.changed_nodes += count(result, "changed")

    def sync_group(self, ds: Dataset, group: tuple[str, str, str], rels: list[Rel], *, replace: bool) -> None:
        """Make the stored relationships of one group what the dataset says.

        Relationships the dataset names are created or (when their content
        changed) updated; stored ones are deleted when ``replace`` and the
        dataset lacks them, or when a row of the dataset owns them and no
        longer names them (an actor moved to another area).
        """
        rel_type = group[0]
        keyed = model.REL_TYPES[rel_type].keyed
        owned = _owned_groups().get(group)
        slots = _slots(group)
        stored = {}
        for start, end, rid, digest in self.run("rels/state", slots)[0]["rows"]:
            stored[str(rid) if keyed else (start, end)] = (start, end, digest)
        wanted: dict[Any, dict[str, Any]] = {}
        for rel in rels:
            row = rel_row(rel, keyed)
            wanted[row["id"] if keyed else (rel.start, rel.end)] = row
        stale = []
        for key, (start, end, _) in stored.items():
            if key in wanted:
                row = wanted[key]
                if (row["start"], row["end"]) == (start, end):
                    continue
            elif not replace:
                if owned is None:
                    continue
                owner = start if owned.owner_is_start else end
                if owner not in ds.nodes[owned.owner]:
                    continue
            stale.append({"start": start, "end": end, "id": key if keyed else None})
        create, update = [], []
        for key, row in wanted.items():
            old = stored.get(key)
            if old is None or (old[0], old[1]) != (row["start"], row["end"]):
                create.append(row)
            elif old[2] != row["hash"]:
                update.append(row)
        for batch in chunks(stale, self.store.batch_size):
            self.deleted_rels += count(self.run("rels/delete_at", slots, rows=batch), "deleted")
        german = model.REL_TYPES[rel_type].german
        for batch in self.batches(create, f"Beziehungen „{german}“ anlegen"):
            matched = count(self.run("rels/create", slots, rows=batch, now=self.now), "matched")
            if matched != len(batch):
                # usually a concurrent import of the same data (the embedded engine shows its pending nodes
                # oddly); the whole write is run again, and the error stands if it persists
                raise LostRace(
                    DataError(
                        f"{len(batch) - matched} Beziehung(en) vom Typ „{german}“ verweisen auf Einträge, die es "
                        "in der Datenbank nicht (mehr) gibt; nichts wurde gespeichert."
                    )
                )
            self.changed_rels += matched
        name = "rels/update_keyed" if keyed else "rels/update_pair"
        for batch in self.batches(update, f"Beziehungen „{german}“ ändern"):
            self.changed_rels += count(self.run(name, slots, rows=batch, now=self.now), "changed")

    def merge(self, group: tuple[str, str, str], rels: list[Rel]) -> None:
        """Create or update a few relationships by ``MERGE`` (single-record saves), refusing missing endpoints."""
        rel_type = group[0]
        keyed = model.REL_TYPES[rel_type].keyed
        name = "rels/merge_keyed" if keyed else "rels/merge_pair"
        for batch in chunks([rel_row(r, keyed) for r in rels], self.store.batch_size, max_chars=MESSAGE_CHARS):
            result = self.run(name, _slots(group), rows=batch, now=self.now)
            if count(result, "matched") != len(batch):
                raise LostRace(
                    DataError(
                        f"Die Beziehung vom Typ „{model.REL_TYPES[rel_type].german}“ verweist auf einen Eintrag, "
                        "den es in der Datenbank nicht (mehr) gibt; nichts wurde gespeichert."
                    )
                )
            self.changed_rels += count(result, "changed")


class DatasetStore(Schema):
    """Reading and writing whole datasets."""

    batch_size: int = 2000

    def read_dataset(self, *, include_persons: bool = False) -> Dataset:
        """Read the whole graph as a :class:`Dataset` (persons only if asked)."""
        ds = Dataset()
        for label in model.NODE_LABELS:
            if label in model.PERSONAL_LABELS and not include_persons:
                continue
            for node_id, props in self.read("nodes/all", {"label": label})[0]["rows"]:
                ds.add_node(label, node_id, without_system(props, "id"))
        for rel_type, start, end in model.REL_GROUPS:
            if rel_type in model.PERSONAL_REL_TYPES and not include_persons:
                continue
            for start_id, end_id, props in self.read("rels/all", _slots((rel_type, start, end)))[0]["rows"]:
                ds.add_rel(Rel(rel_type, start, start_id, end, end_id, without_system(props)))
        return ds

    def check_dataset(self, ds: Dataset, *, replace: bool = False) -> list[Problem]:
        """The problems the write of ``ds`` would refuse, found without writing (the dry run and the Prüfbericht).

        The same rules as :meth:`write_dataset` run against the stored state in
        a read transaction.
        """

        def work(tx: neo4j.ManagedTransaction) -> list[Problem]:
            def run(name: str, slots: Mapping[str, str] | None = None, **params: Any) -> list[dict[str, Any]]:
                text = self.text(name, params, slots or {})
                return [record.data() for record in tx.run(text, params)]

            try:
                Planner(run, replace=replace).complete(ds)
            except DataError as exc:
                return exc.problems or [Problem("Datenbank", None, None, str(exc))]
            return []

        return self.session_call("read", work)

    def write_dataset(
        self,
        ds: Dataset,
        *,
        replace: bool = False,
        action: str = "import",
        progress: Progress | None = None,
        allow_empty: bool = False,
    ) -> WriteSummary:
        """Write a whole dataset in one transaction: all of it or nothing.

        Nodes are merged by id; unchanged nodes and relationships are left as
        they are, so writing the same dataset twice changes nothing.
        Relationships that a node row owns (an actor's area, an offer's
        providers ...) follow the row. Fields and owned relationships of a
        sheet that lacked their column (``ds.present``) keep their stored
        values. A cooperation without its own id takes the id the pair already
        has. With ``replace`` everything not in ``ds`` is deleted.

        Needs the editor role; ``action`` names the write in the audit log
        (with ``replace`` it is suffixed ``_replace``). ``progress`` is called
        after each batch with a German step name, rows done and rows in all.

        Replacing the stock with a dataset without actors would delete the
        whole district; it is refused unless ``allow_empty`` is given (only
        :meth:`clear` and tests do that). The import check refuses such a file
        before (:func:`graph.importing.rules`); this guard holds for every
        other caller as well.

        Raises
        ------
        DataError
            If a cooperation id is refused (with its location), a relationship
            names a node that is neither in ``ds`` nor in the database, or
            ``replace`` is asked with a dataset without actors.
        PermissionDenied
            If the acting principal may not edit.
        """
        now = dt.datetime.now(dt.UTC)

        def work(tx: neo4j.ManagedTransaction) -> tuple[int, int, int, int]:
            if replace and not allow_empty and not ds.nodes["Actor"]:  # after the role check: a viewer hears that first
                raise DataError(EMPTY_REPLACE, [Problem("Akteure", None, None, EMPTY_REPLACE)])
            writer = TxWriter(self, tx, now)
            writer.run("meta/lock_revision")  # one dataset write at a time: later ones read what it wrote
            full = Planner(writer.run, replace=replace).complete(ds)
            groups = full.rels_by_group()
            writer.progress = progress
            writer.total = sum(len(items) for items in full.nodes.values()) + len(full.rels)
            if replace:
                writer.delete_nodes_not_in(full)
            writer.upsert_nodes(full, node_hashes(full))
            owned = _owned_groups()
            for group in model.REL_GROUPS:
                rels = groups.get(group, [])
                if rels or replace or (group in owned and full.nodes[owned[group].owner]):
                    writer.sync_group(full, group, rels, replace=replace)
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

    def clear(self) -> None:
        """Delete every node of the model (used by tests and ``demo --replace``); users and audit log stay."""
        self.write_dataset(Dataset(), replace=True, action="clear", allow_empty=True)
