"""Dependency risks: actors and ties the network hangs on, and key players.

Articulation points and bridges with the number of actors that would be cut
off, and the set of key players whose removal fragments the network most
(Borgatti's KPP-Neg).
"""

from __future__ import annotations

import random

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.kernels import Kernel

COLUMNS = ["kind", "id", "a", "b", "name", "cut_off", "fragmentation", "explanation"]


def fragmentation(sizes: list[int] | np.ndarray, n: int) -> float:
    """Return Borgatti's fragmentation F = 1 − Σ s(s−1) / (n(n−1)) for component sizes ``sizes``."""
    if n < 2:
        return 0.0
    sizes = np.asarray(sizes, dtype=float)
    return float(1 - (sizes * (sizes - 1)).sum() / (n * (n - 1)))


class Removal:
    """What removing each node would do, from one depth-first search (Hopcroft–Tarjan).

    For every node still present: the size of its component, the sizes of the
    parts that would be cut off from the part holding its DFS parent, and the
    bridges with the size of their smaller side.
    """

    def __init__(self, adjacency: list[list[int]], alive: np.ndarray) -> None:
        n = len(adjacency)
        disc = [-1] * n
        low = [0] * n
        size = [1] * n
        self.pieces: list[list[int]] = [[] for _ in range(n)]
        self.component = np.zeros(n, dtype=np.int64)
        self.bridges: dict[tuple[int, int], int] = {}
        timer = 0
        for root in range(n):
            if disc[root] != -1 or not alive[root]:
                continue
            disc[root] = low[root] = timer
            timer += 1
            members = [root]
            tree_edges: list[tuple[int, int]] = []
            stack = [(root, -1, iter(adjacency[root]))]
            while stack:
                node, parent, neighbours = stack[-1]
                advanced = False
                for nxt in neighbours:
                    if not alive[nxt]:
                        continue
                    if disc[nxt] == -1:
                        disc[nxt] = low[nxt] = timer
                        timer += 1
                        members.append(nxt)
                        stack.append((nxt, node, iter(adjacency[nxt])))
                        advanced = True
                        break
                    if nxt != parent:
                        low[node] = min(low[node], disc[nxt])
                if advanced:
                    continue
                stack.pop()
                if parent != -1:
                    low[parent] = min(low[parent], low[node])
                    size[parent] += size[node]
                    if low[node] >= disc[parent]:
                        self.pieces[parent].append(size[node])
                    if low[node] > disc[parent]:
                        tree_edges.append((parent, node))
            self.component[members] = len(members)
            for parent, node in tree_edges:
                self.bridges[(parent, node)] = min(size[node], len(members) - size[node])

    def parts(self, vertex: int) -> list[int]:
        """Sizes of the parts the node's component falls into without it, largest first."""
        pieces = self.pieces[vertex]
        rest = int(self.component[vertex]) - 1 - sum(pieces)
        return sorted(pieces + ([rest] if rest > 0 else []), reverse=True)

    def cut_off(self, vertex: int) -> int | None:
        """Actors that lose the connection to the largest remaining part; None if the node is no cut point."""
        parts = self.parts(vertex)
        return int(sum(parts[1:])) if len(parts) >= 2 else None


def cut_sizes(kernel: Kernel) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """Return what each articulation point and each bridge separates (see :class:`Removal`).

    For an articulation point: the number of actors that lose the connection to
    the largest remaining part of its component. For a bridge (u, v): the
    number of actors on its smaller side.
    """
    removal = Removal(kernel.graph.get_adjlist(), np.ones(kernel.n, dtype=bool))
    cut = {v: c for v in range(kernel.n) if (c := removal.cut_off(v)) is not None}
    return cut, removal.bridges


def key_players(kernel: Kernel, count: int = 5, *, seed: int = 0) -> list[tuple[int, float]]:
    """Greedy KPP-Neg: pick ``count`` nodes whose joint removal maximises fragmentation.

    Each step removes the node that raises Borgatti's fragmentation F most;
    removed nodes count as isolates of the whole network. One depth-first
    search per step gives, for every remaining node, the parts its removal
    leaves, so every node is evaluated exactly. Ties are broken by a seeded
    random order. Returns (node index, fragmentation after its removal) pairs.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       Computational and Mathematical Organization Theory 12, 21–34.
    """
    n = kernel.n
    if n < 2:
        return []
    adjacency = kernel.graph.get_adjlist()
    alive = np.ones(n, dtype=bool)
    order = list(range(n))
    random.Random(seed).shuffle(order)
    chosen: list[tuple[int, float]] = []
    for _ in range(min(count, n)):
        removal = Removal(adjacency, alive)
        # sum of s(s-1) over the current components: each member contributes s-1
        pairs_total = int((removal.component[alive] - 1).sum())
        best, best_f = None, -1.0
        for v in order:
            if not alive[v]:
                continue
            c = int(removal.component[v])
            after = pairs_total - c * (c - 1) + sum(p * (p - 1) for p in removal.parts(v))
            f = 1 - after / (n * (n - 1))
            if f > best_f + 1e-12:
                best, best_f = v, f
        if best is None:
            break
        chosen.append((best, best_f))
        alive[best] = False
    return chosen


def risks(G: nx.Graph, *, top: int = 5, seed: int = 0, kernel: Kernel | None = None) -> pd.DataFrame:
    """Find the actors and cooperations the network depends on.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph; not changed.
    top : int
        Number of key players to select.
    seed : int
        Seed for breaking ties in the key-player search.
    kernel : Kernel, optional
        A kernel already built for ``G``.

    Returns
    -------
    pandas.DataFrame
        Rows of kind ``articulation`` (id: an actor whose removal splits its
        part of the network; cut_off: actors that would lose the connection to
        the larger rest), ``bridge`` (a, b: a cooperation that is the only
        link; cut_off: actors on the smaller side) and ``key_player`` (id, in
        the order chosen; fragmentation of the network after removing it and
        those before it), each with a German explanation. Sorted by kind, then
        cut_off, highest first.

    References
    ----------
    .. [1] Hopcroft, J., Tarjan, R. (1973). Efficient algorithms for graph manipulation.
       Communications of the ACM 16(6), 372–378.
    .. [2] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       Computational and Mathematical Organization Theory 12, 21–34.
    """
    kernel = kernel or Kernel(G)
    rows: list[dict[str, object]] = []
    name = {n: G.nodes[n].get("name", n) for n in G}
    cut_points, bridges = cut_sizes(kernel)
    for vertex, cut in sorted(cut_points.items()):
        node = kernel.nodes[vertex]
        rows.append(
            {
                "kind": "articulation",
                "id": node,
                "a": None,
                "b": None,
                "name": name[node],
                "cut_off": cut,
                "fragmentation": None,
                "explanation": f"Ohne {name[node]} verlören {_actors(cut)} die Verbindung zum übrigen Netzwerk.",
            }
        )
    for (u, v), cut in sorted(bridges.items()):
        a, b = kernel.nodes[u], kernel.nodes[v]
        rows.append(
            {
                "kind": "bridge",
                "id": None,
                "a": a,
                "b": b,
                "name": f"{name[a]} – {name[b]}",
                "cut_off": cut,
                "fragmentation": None,
                "explanation": (
                    f"Die Kooperation zwischen {name[a]} und {name[b]} ist die einzige Verbindung: endet sie, "
                    f"{'ist' if cut == 1 else 'sind'} {_actors(cut)} vom übrigen Netzwerk getrennt."
                ),
            }
        )
    rows.sort(key=lambda r: (r["kind"] != "articulation", -int(r["cut_off"])))  # type: ignore[call-overload]
    before = fragmentation(np.bincount(kernel.component_of) if kernel.n else [], kernel.n)
    for position, (vertex, f) in enumerate(key_players(kernel, top, seed=seed), start=1):
        node = kernel.nodes[vertex]
        rows.append(
            {
                "kind": "key_player",
                "id": node,
                "a": None,
                "b": None,
                "name": name[node],
                "cut_off": None,
                "fragmentation": f,
                "explanation": (
                    f"Schlüsselakteur {position}: fiele {name[node]}"
                    + (" zusammen mit den vorigen" if position > 1 else "")
                    + f" aus, stiege die Zersplitterung des Netzwerks von {before:.0%} auf {f:.0%}."
                ),
            }
        )
    table = pd.DataFrame(rows, columns=COLUMNS, dtype=object)
    table["cut_off"] = table["cut_off"].astype("Int64")
    table["fragmentation"] = table["fragmentation"].astype(float)
    return table


def _actors(count: int) -> str:
    return "1 Akteur" if count == 1 else f"{count} Akteure"
