"""The in-memory form of a whole dataset: nodes by label and relationships.

The import produces a :class:`Dataset`, the store writes and reads one, the
export writes one; two datasets compare equal when they hold the same graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from graph import model


def _jsonable(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


def content_hash(*parts: Any) -> str:
    """Return a short stable hash of JSON-serialisable ``parts`` (dates as ISO strings)."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=_jsonable, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


@dataclass(frozen=True)
class Rel:
    """One relationship: type, endpoints (label and id) and properties.

    A keyed relationship (cooperation) has its ``id`` in ``props``.
    """

    type: str
    start_label: str
    start: str
    end_label: str
    end: str
    props: Mapping[str, Any] = field(default_factory=dict)

    def with_props(self, props: Mapping[str, Any]) -> Rel:
        """The same relationship with other properties."""
        return Rel(self.type, self.start_label, self.start, self.end_label, self.end, props)

    @property
    def group(self) -> tuple[str, str, str]:
        """(type, start label, end label)."""
        return (self.type, self.start_label, self.end_label)

    @property
    def key(self) -> tuple[str, ...]:
        """The identity of the relationship: its id if keyed, else its group and endpoints."""
        if model.REL_TYPES[self.type].keyed:
            return (self.type, str(self.props["id"]))
        return (*self.group, self.start, self.end)


@dataclass
class Dataset:
    """Nodes (label -> id -> properties without ``id``) and relationships.

    ``present`` says, for a label or relationship type whose sheet lacked some
    columns, which fields (``graph.model.Column.field``) the sheet had: merging
    such an import leaves the other fields as they are in the database.
    ``generated_ids`` holds cooperation ids the import made up from the pair
    (rows without ID), which yield to an id the pair already has.
    ``origins`` says where a relationship row came from:
    (type, start id, end id) -> (sheet or file, row), for messages.
    ``note`` says in German what the data is restricted to ("Nur bestätigte
    Kooperationen (133 von 763)"); every output drawn from it says so. It is not
    part of the comparison.
    """

    nodes: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    rels: list[Rel] = field(default_factory=list)
    present: dict[str, frozenset[str]] = field(default_factory=dict)
    generated_ids: set[str] = field(default_factory=set)
    origins: dict[tuple[str, str, str], tuple[str, int | None]] = field(default_factory=dict)
    note: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        for label in model.NODE_LABELS:
            self.nodes.setdefault(label, {})

    def add_node(self, label: str, node_id: str, props: Mapping[str, Any]) -> None:
        """Add a node; ``None`` values are dropped."""
        items = self.nodes[model.check_label(label)]
        items[node_id] = (
            dict(props) if None not in props.values() else {k: v for k, v in props.items() if v is not None}
        )

    def add_rel(self, rel: Rel) -> None:
        """Add a relationship; ``None`` values are dropped from its properties."""
        model.check_rel_type(rel.type)
        if any(v is None for v in rel.props.values()):
            props = {k: v for k, v in rel.props.items() if v is not None}
            rel = Rel(rel.type, rel.start_label, rel.start, rel.end_label, rel.end, props)
        self.rels.append(rel)

    def counts(self) -> dict[str, int]:
        """Return counts keyed by label and relationship type as DOMAIN.md §2 names them."""
        out = {label: len(self.nodes.get(label, {})) for label in model.NODE_LABELS}
        for name in model.REL_TYPES:
            out[name] = 0
        for rel in self.rels:
            out[rel.type] += 1
        return out

    def rels_by_group(self) -> dict[tuple[str, str, str], list[Rel]]:
        """Group relationships by (type, start label, end label), in the model's order."""
        groups: dict[tuple[str, str, str], list[Rel]] = {g: [] for g in model.REL_GROUPS}
        for rel in self.rels:
            groups.setdefault(rel.group, []).append(rel)
        return groups

    def without_personal_data(self) -> Dataset:
        """Return a copy without persons and their relationships."""
        nodes = {label: dict(items) for label, items in self.nodes.items() if label not in model.PERSONAL_LABELS}
        rels = [r for r in self.rels if r.type not in model.PERSONAL_REL_TYPES]
        return Dataset(nodes, rels, dict(self.present), set(self.generated_ids))

    def fingerprint(self) -> str:
        """Return a hash of the sorted content; equal datasets have equal fingerprints."""
        nodes = sorted((label, nid, props) for label, items in self.nodes.items() for nid, props in items.items())
        rels = sorted((r.key, r.start, r.end, dict(r.props)) for r in self.rels)
        return content_hash(
            [[label, nid, sorted(props.items())] for label, nid, props in nodes],
            [[list(k), s, e, sorted(p.items())] for k, s, e, p in rels],
        )

    def ids(self) -> dict[str, set[str]]:
        """Return the set of node ids per label."""
        return {label: set(items) for label, items in self.nodes.items()}

    @staticmethod
    def merge_ids(*sources: Mapping[str, Iterable[str]]) -> dict[str, set[str]]:
        """Union id sets per label."""
        out: dict[str, set[str]] = {label: set() for label in model.NODE_LABELS}
        for source in sources:
            for label, ids in source.items():
                out.setdefault(label, set()).update(ids)
        return out
