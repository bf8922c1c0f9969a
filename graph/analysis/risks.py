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
#: Candidates examined in each greedy step of the key-player search.
KEY_PLAYER_CANDIDATES = 60


def fragmentation(sizes: list[int] | np.ndarray, n: int) -> float:
    """Return Borgatti's fragmentation F = 1 − Σ s(s−1) / (n(n−1)) for component sizes ``sizes``."""
    if n < 2:
        return 0.0
    sizes = np.asarray(sizes, dtype=float)
    return float(1 - (sizes * (sizes - 1)).sum() / (n * (n - 1)))


def cut_sizes(kernel: Kernel) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """Return, in one depth-first search (Hopcroft–Tarjan), what each cut point and bridge separates.

    For an articulation point: the number of actors that lose the connection
    to the largest remaining part of its component. For a bridge (u, v): the
    number of actors on its smaller side.
    """
    adjacency = kernel.graph.get_adjlist()
    n = kernel.n
    disc = [-1] * n
    low = [0] * n
    size = [1] * n
    separated: dict[int, list[int]] = {}
    bridges: dict[tuple[int, int], int] = {}
    comp_size = kernel.component_size
    timer = 0
    for root in range(n):
        if disc[root] != -1:
            continue
        disc[root] = low[root] = timer
        timer += 1
        stack = [(root, -1, iter(adjacency[root]))]
        while stack:
            node, parent, neighbours = stack[-1]
            advanced = False
            for nxt in neighbours:
                if disc[nxt] == -1:
                    disc[nxt] = low[nxt] = timer
                    timer += 1
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
                    separated.setdefault(parent, []).append(size[node])
                if low[node] > disc[parent]:
                    side = size[node]
                    bridges[(parent, node)] = min(side, int(comp_size[node]) - side)
    cut: dict[int, int] = {}
    for vertex, pieces in separated.items():
        # the part that keeps the DFS parent (none for the root of a DFS tree)
        rest = int(comp_size[vertex]) - 1 - sum(pieces)
        parts = sorted(pieces + ([rest] if rest > 0 else []), reverse=True)
        if len(parts) >= 2:
            cut[vertex] = int(sum(parts[1:]))
    return cut, bridges


def key_players(kernel: Kernel, count: int = 5, *, seed: int = 0) -> list[tuple[int, float]]:
    """Greedy KPP-Neg: pick ``count`` nodes whose joint removal maximises fragmentation.

    Each step removes the candidate that raises fragmentation most; candidates
    are the :data:`KEY_PLAYER_CANDIDATES` nodes of highest betweenness in the
    remaining graph plus its articulation points; ties are broken by a seeded
    random order. Returns (node index, fragmentation after its removal) pairs.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       Computational and Mathematical Organization Theory 12, 21–34.
    """
    rng = random.Random(seed)
    remaining = list(range(kernel.n))
    chosen: list[tuple[int, float]] = []
    n = kernel.n
    for _ in range(min(count, n)):
        sub = kernel.graph.induced_subgraph(remaining)
        scores = sub.betweenness(directed=False)
        order = sorted(range(len(remaining)), key=lambda i: -scores[i])[:KEY_PLAYER_CANDIDATES]
        candidates = sorted(set(order) | set(sub.articulation_points()))
        rng.shuffle(candidates)
        best, best_f = None, -1.0
        for local in candidates:
            rest = sub.copy()
            rest.delete_vertices([local])
            sizes = rest.connected_components().sizes()
            # removed nodes count as isolates, as in Borgatti's definition on the full node set
            f = fragmentation(list(sizes) + [1] * (len(chosen) + 1), n)
            if f > best_f + 1e-12:
                best, best_f = local, f
        if best is None:
            break
        chosen.append((remaining[best], best_f))
        remaining.pop(best)
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
    rows.sort(key=lambda r: (r["kind"] != "articulation", -int(r["cut_off"])))
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
