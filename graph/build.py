"""Projections: a :class:`~graph.dataset.Dataset` as networkx graphs, as of a date.

:func:`landscape` holds every valid node and relationship (the input of the
analyses that need areas, offers and committees); the other functions project
it onto what one family of measures needs:

- :func:`cooperation_graph`: actors, undirected, parallel ties merged,
  ``weight`` = intensity (1–4, the strongest of merged ties), ``distance`` = 1 / weight;
- :func:`membership_graph`: the actor–committee two-mode graph, and its
  projections :func:`co_membership` (actors) and :func:`committee_overlap`;
- :func:`offer_graph`: the actor–offer two-mode graph.

Validity: a node counts when ``valid_from`` is empty or on/before the date and
``valid_to`` empty or on/after it; a cooperation or membership likewise with
``since``/``until``; a relationship only when both its ends count.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from graph import model
from graph.dataset import Dataset

#: Property pairs that bound the validity of nodes and relationships.
VALIDITY = (("valid_from", "valid_to"), ("since", "until"))


def valid_at(props: Mapping[str, Any], as_of: dt.date) -> bool:
    """Return True if ``props`` is valid on ``as_of`` (empty bounds are open)."""
    for lo, hi in VALIDITY:
        start, end = props.get(lo), props.get(hi)
        if start is not None and start > as_of:
            return False
        if end is not None and end < as_of:
            return False
    return True


def node_key(label: str, node_id: str) -> str:
    """Return the key of a node in the landscape graph: ``Label:id``."""
    return f"{label}:{node_id}"


def landscape(ds: Dataset, as_of: dt.date | None = None) -> nx.MultiDiGraph:
    """Return every node and relationship of ``ds`` valid on ``as_of`` (default: today).

    Nodes are keyed ``Label:id`` and carry ``kind`` (the label), ``id`` and
    their properties; edges carry ``kind`` (the type) and their properties.
    Persons are left out: the analyses never look at people.

    Parameters
    ----------
    ds : Dataset
        The data.
    as_of : date, optional
        The reference date; ``None`` means today.
    """
    when = as_of or dt.date.today()
    graph = nx.MultiDiGraph(as_of=when)
    for label, items in ds.nodes.items():
        if label in model.PERSONAL_LABELS:
            continue
        for node_id, props in items.items():
            if valid_at(props, when):
                graph.add_node(node_key(label, node_id), kind=label, id=node_id, **props)
    for rel in ds.rels:
        if rel.type in model.PERSONAL_REL_TYPES or not valid_at(rel.props, when):
            continue
        start, end = node_key(rel.start_label, rel.start), node_key(rel.end_label, rel.end)
        if start in graph and end in graph:
            # an explicit key spares networkx the search for a free one (a pair has one edge per type or id)
            graph.add_edge(start, end, key=str(rel.props.get("id", rel.type)), kind=rel.type, **rel.props)
    return graph


def nodes_of(graph: nx.MultiDiGraph, label: str) -> list[str]:
    """Return the keys of the landscape nodes of one label, sorted."""
    return sorted(n for n, kind in graph.nodes(data="kind") if kind == label)


def targets(graph: nx.MultiDiGraph, node: str, rel_type: str) -> list[str]:
    """Return the end nodes of the ``rel_type`` relationships leaving ``node``."""
    return sorted({v for _, v, kind in graph.out_edges(node, data="kind") if kind == rel_type})


def sources(graph: nx.MultiDiGraph, node: str, rel_type: str) -> list[str]:
    """Return the start nodes of the ``rel_type`` relationships entering ``node``."""
    return sorted({u for u, _, kind in graph.in_edges(node, data="kind") if kind == rel_type})


class AreaTree:
    """The area hierarchy of a landscape: parents, ancestors, descendants and names."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.names: dict[str, str] = {}
        self.types: dict[str, str] = {}
        self.population: dict[str, int | None] = {}
        self.parent: dict[str, str] = {}
        for key in nodes_of(graph, "Area"):
            data = graph.nodes[key]
            area = data["id"]
            self.names[area] = data.get("name", area)
            self.types[area] = data.get("area_type", "")
            self.population[area] = data.get("population")
            parents = targets(graph, key, "PART_OF")
            if parents:
                self.parent[area] = graph.nodes[parents[0]]["id"]
        self.children: dict[str, list[str]] = {a: [] for a in self.names}
        for child, parent in self.parent.items():
            self.children.setdefault(parent, []).append(child)

    def ancestors(self, area: str) -> list[str]:
        """Return the areas above ``area``, nearest first."""
        out: list[str] = []
        current = self.parent.get(area)
        while current is not None and current not in out and current != area:
            out.append(current)
            current = self.parent.get(current)
        return out

    def descendants(self, area: str) -> list[str]:
        """Return the areas below ``area`` (all levels)."""
        out: list[str] = []
        stack = list(self.children.get(area, []))
        while stack:
            current = stack.pop()
            if current not in out:
                out.append(current)
                stack.extend(self.children.get(current, []))
        return sorted(out)

    def within(self, area: str) -> set[str]:
        """Return ``area`` and every area below it."""
        return {area, *self.descendants(area)}

    def label(self, area: str) -> str:
        """Return the display name of ``area``."""
        return self.names.get(area, area)


def located_in(graph: nx.MultiDiGraph, key: str) -> str | None:
    """Return the id of the area a node is located in (None if not located)."""
    areas = targets(graph, key, "LOCATED_IN")
    return graph.nodes[areas[0]]["id"] if areas else None


def cooperation_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Return the cooperation network of the actors in a landscape.

    Nodes are actor ids with ``name``, ``actor_type``, ``sector``, ``area``
    and ``education_areas``; an edge joins two actors with at least one valid
    cooperation. Parallel ties (both directions, several records) are merged:
    ``weight`` is the highest intensity (1 where none is given), ``distance`` =
    1 / weight for weighted paths, ``ties`` the number of merged records and
    ``types`` the union of their kinds.
    """
    coop = nx.Graph(as_of=graph.graph.get("as_of"))
    for key in nodes_of(graph, "Actor"):
        data = graph.nodes[key]
        coop.add_node(
            data["id"],
            name=data.get("name", data["id"]),
            actor_type=data.get("actor_type"),
            sector=data.get("sector"),
            area=located_in(graph, key),
            education_areas=tuple(data.get("education_areas", ())),
        )
    for u, v, data in graph.edges(data=True):
        if data.get("kind") != "COOPERATES_WITH":
            continue
        a, b = graph.nodes[u]["id"], graph.nodes[v]["id"]
        if a == b:
            continue
        weight = int(data.get("intensity") or 1)
        if coop.has_edge(a, b):
            edge = coop.edges[a, b]
            edge["weight"] = max(edge["weight"], weight)
            edge["distance"] = 1.0 / edge["weight"]
            edge["ties"] += 1
            edge["types"] = tuple(sorted(set(edge["types"]) | set(data.get("types", ()))))
        else:
            coop.add_edge(
                a, b, weight=weight, distance=1.0 / weight, ties=1, types=tuple(sorted(set(data.get("types", ()))))
            )
    return coop


def membership_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Return the actor–committee two-mode graph (``bipartite`` 0 = actor, 1 = committee).

    Node keys are the landscape keys (``Actor:…``, ``Committee:…``) so that
    ids of the two kinds cannot collide; edges carry the membership ``role``.
    """
    two_mode = nx.Graph()
    for key in nodes_of(graph, "Actor"):
        two_mode.add_node(key, bipartite=0, id=graph.nodes[key]["id"], name=graph.nodes[key].get("name"))
    for key in nodes_of(graph, "Committee"):
        data = graph.nodes[key]
        two_mode.add_node(
            key,
            bipartite=1,
            id=data["id"],
            name=data.get("name"),
            themes=tuple(data.get("themes", ())),
            committee_type=data.get("committee_type"),
        )
    for u, v, data in graph.edges(data=True):
        if data.get("kind") == "MEMBER_OF":
            two_mode.add_edge(u, v, role=data.get("role", "member"))
    return two_mode


def _project(two_mode: nx.Graph, side: int) -> nx.Graph:
    nodes = [n for n, b in two_mode.nodes(data="bipartite") if b == side]
    projected = nx.Graph()
    for n in nodes:
        projected.add_node(two_mode.nodes[n]["id"], **{k: v for k, v in two_mode.nodes[n].items() if k != "id"})
    for n in nodes:
        for middle in two_mode[n]:
            for other in two_mode[middle]:
                if other <= n:
                    continue
                a, b = two_mode.nodes[n]["id"], two_mode.nodes[other]["id"]
                if projected.has_edge(a, b):
                    projected.edges[a, b]["weight"] += 1
                else:
                    projected.add_edge(a, b, weight=1)
    return projected


def co_membership(graph: nx.MultiDiGraph) -> nx.Graph:
    """Return the actors joined by shared committees; ``weight`` = number of shared committees."""
    return _project(membership_graph(graph), 0)


def committee_overlap(graph: nx.MultiDiGraph) -> nx.Graph:
    """Return the committees joined by shared members; ``weight`` = number of shared members."""
    return _project(membership_graph(graph), 1)


def offer_graph(graph: nx.MultiDiGraph) -> nx.Graph:
    """Return the actor–offer two-mode graph (``bipartite`` 0 = actor, 1 = offer), edges with ``role``."""
    two_mode = nx.Graph()
    for key in nodes_of(graph, "Actor"):
        two_mode.add_node(key, bipartite=0, id=graph.nodes[key]["id"])
    for key in nodes_of(graph, "Offer"):
        two_mode.add_node(key, bipartite=1, id=graph.nodes[key]["id"])
    for u, v, data in graph.edges(data=True):
        if data.get("kind") == "PROVIDES":
            two_mode.add_edge(u, v, role=data.get("role"))
    return two_mode


def ids(keys: Iterable[str]) -> list[str]:
    """Strip the ``Label:`` prefix of landscape keys."""
    return [k.split(":", 1)[1] for k in keys]
