"""Dependency risks: actors and ties the network hangs on, and key players.

Articulation points and bridges with the number of actors that would be cut
off, and the set of key players whose removal fragments the network most
(Borgatti's KPP-Neg).
"""

from __future__ import annotations

import logging
import random
import time
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from graph import german
from graph.analysis.kernels import Kernel

logger = logging.getLogger(__name__)

COLUMNS = ["kind", "id", "a", "b", "name", "cut_off", "fragmentation", "explanation"]

#: Work the swap search may spend beyond the greedy start, in adjacency entries visited (one search
#: over the remaining network visits n + 2m); at least one pass over the players is always made.
SEARCH_WORK = 3_000_000
#: Rounds of tabu search after the swaps stop improving, and how many rounds a swapped-out player is barred.
PATIENCE = 40
TENURE = 8
_NONE = np.iinfo(np.int64).max  # "no value" in integer pair counts


def fragmentation(sizes: list[int] | np.ndarray, n: int) -> float:
    """Return Borgatti's fragmentation F = 1 − Σ s(s−1) / (n(n−1)) for component sizes ``sizes``."""
    if n < 2:
        return 0.0
    sizes = np.asarray(sizes, dtype=float)
    return float(1 - (sizes * (sizes - 1)).sum() / (n * (n - 1)))


class Removal:
    """What removing each node would do, from one depth-first search (Hopcroft–Tarjan).

    The search runs over the nodes still present (``alive``; all if omitted).
    For every such node it gives the size of its component and the parts that
    would be cut off from the part holding its DFS parent (DFS subtrees, so the
    members of each part are a contiguous run of :attr:`order`), and the
    bridges with the size of their smaller side.

    Attributes
    ----------
    order : numpy.ndarray
        Nodes in the order the search discovered them; each component is a contiguous run.
    first : numpy.ndarray
        Position of each node in ``order`` (-1 for removed nodes).
    size : numpy.ndarray
        Size of each node's DFS subtree: its members are ``order[first[v] : first[v] + size[v]]``.
    component : numpy.ndarray
        Size of each node's component (0 for removed nodes).
    runs, run_start : numpy.ndarray
        Size of each component and where its run begins in ``order``.
    bridges : dict
        ``(parent, child)`` of every bridge, with the number of actors on its smaller side.
    pairs : int
        Ordered pairs of nodes that reach each other, Σ s(s−1) over the components.
    """

    def __init__(self, adjacency: list[list[int]], alive: np.ndarray | None = None) -> None:
        n = len(adjacency)
        disc = [-1] * n  # discovery time; -2 marks a removed node, which the search never enters
        if alive is not None:
            for v in np.flatnonzero(~alive).tolist():
                disc[v] = -2
        low = [0] * n
        size = [1] * n
        order: list[int] = []
        head_parent: list[int] = []  # (parent, child): the child's subtree is cut off without the parent
        head_child: list[int] = []
        runs: list[int] = []
        self.bridges: dict[tuple[int, int], int] = {}
        timer = 0
        for root in range(n):
            if disc[root] != -1:
                continue
            start = timer
            disc[root] = low[root] = timer
            timer += 1
            order.append(root)
            tree_edges: list[tuple[int, int]] = []
            stack = [(root, -1, iter(adjacency[root]))]
            while stack:
                node, parent, neighbours = stack[-1]
                for nxt in neighbours:
                    d = disc[nxt]
                    if d == -1:
                        disc[nxt] = low[nxt] = timer
                        timer += 1
                        order.append(nxt)
                        stack.append((nxt, node, iter(adjacency[nxt])))
                        break
                    if d >= 0 and d < low[node] and nxt != parent:
                        low[node] = d
                else:
                    stack.pop()
                    if parent != -1:
                        lo = low[node]
                        if lo < low[parent]:
                            low[parent] = lo
                        size[parent] += size[node]
                        if lo >= disc[parent]:
                            head_parent.append(parent)
                            head_child.append(node)
                            if lo > disc[parent]:
                                tree_edges.append((parent, node))
            members = timer - start
            runs.append(members)
            for parent, node in tree_edges:
                self.bridges[(parent, node)] = min(size[node], members - size[node])
        self.order = np.asarray(order, dtype=np.int64)
        self.first = np.full(n, -1, dtype=np.int64)
        self.first[self.order] = np.arange(len(order))
        self.size = np.asarray(size, dtype=np.int64)
        self.component = np.zeros(n, dtype=np.int64)
        run_sizes = np.asarray(runs, dtype=np.int64)
        self.component[self.order] = np.repeat(run_sizes, run_sizes)
        self.runs = run_sizes
        self.run_start = np.cumsum(run_sizes) - run_sizes
        self.pairs = int((run_sizes * (run_sizes - 1)).sum())
        parents = np.asarray(head_parent, dtype=np.int64)
        children = np.asarray(head_child, dtype=np.int64)
        by_parent = np.argsort(parents, kind="stable")
        self._head_parent, self._head_child = parents[by_parent], children[by_parent]
        pieces = self.size[children].astype(float)
        self._piece_sum = np.bincount(parents, weights=pieces, minlength=n).astype(np.int64)
        self._piece_pairs = np.bincount(parents, weights=pieces * (pieces - 1), minlength=n).astype(np.int64)

    def heads(self, vertex: int) -> np.ndarray:
        """DFS children of ``vertex`` whose subtrees lose the connection to the rest without it."""
        lo, hi = np.searchsorted(self._head_parent, [vertex, vertex + 1])
        return self._head_child[lo:hi]

    def parts(self, vertex: int) -> list[int]:
        """Sizes of the parts the node's component falls into without it, largest first."""
        pieces = [int(s) for s in self.size[self.heads(vertex)]]
        rest = int(self.component[vertex]) - 1 - sum(pieces)
        return sorted(pieces + ([rest] if rest > 0 else []), reverse=True)

    def cut_off(self, vertex: int) -> int | None:
        """Actors that lose the connection to the largest remaining part; None if the node is no cut point."""
        parts = self.parts(vertex)
        return int(sum(parts[1:])) if len(parts) >= 2 else None

    def pairs_without(self) -> np.ndarray:
        """For every node, the reaching pairs (Σ s(s−1)) left if it were removed too; removed nodes get int64 max."""
        c = self.component
        rest = c - 1 - self._piece_sum
        after = self.pairs - c * (c - 1) + self._piece_pairs + rest * (rest - 1)
        after[c == 0] = _NONE
        return after


def removal(kernel: Kernel) -> Removal:
    """Return the :class:`Removal` of the whole network, computed once per kernel (brokers and risks share it)."""
    key = ("removal",)
    if key not in kernel.cache:
        kernel.cache[key] = Removal(kernel.graph.get_adjlist())
    found = kernel.cache[key]
    assert isinstance(found, Removal)
    return found


def cut_sizes(kernel: Kernel) -> tuple[dict[int, int], dict[tuple[int, int], int]]:
    """Return what each articulation point and each bridge separates (see :class:`Removal`).

    For an articulation point: the number of actors that lose the connection to
    the largest remaining part of its component. For a bridge (u, v): the
    number of actors on its smaller side.
    """
    whole = removal(kernel)
    cut = {v: c for v in range(kernel.n) if (c := whole.cut_off(v)) is not None}
    return cut, whole.bridges


@dataclass
class _Search:
    """The state of one key-player search: the graph, the seeded tie order and the work left."""

    adjacency: list[list[int]]
    order: np.ndarray  # tie-break order: among equally good nodes the one earliest here wins
    work_left: int
    cost: int  # adjacency entries one search visits
    rng: random.Random
    evaluations: int = 0

    def scan(self, removed: np.ndarray) -> np.ndarray:
        """Reaching pairs left after removing ``removed`` and each further node (one depth-first search)."""
        self.evaluations += 1
        self.work_left -= self.cost
        return Removal(self.adjacency, ~removed).pairs_without()

    def best(self, after: np.ndarray) -> tuple[int, int]:
        """The node whose removal leaves the fewest reaching pairs (first in the tie order) and that number."""
        values = after[self.order]
        position = int(np.argmin(values))
        return int(self.order[position]), int(values[position])

    def improve(self, members: list[int], pairs: int, *, patience: int, tenure: int) -> tuple[list[int], int]:
        """Swap members for non-members: best swaps while they improve, then a bounded tabu search.

        Each round tries every member against every non-member (one search
        per member gives the effect of all its replacements) and takes the
        swap that leaves the fewest reaching pairs. While that improves, this
        is plain swap improvement; when no swap improves, up to ``patience``
        rounds take the best swap anyway, with a player swapped out barred
        from coming back for ``tenure`` rounds unless that beats the best set
        so far, so that the search can cross a plateau or a small rise (tabu
        search [1]_). Among equally good swaps a seeded random one is taken.
        Returns the best set seen. Stops early when the work budget cannot pay
        a round, and at once when nothing reaches anything any more.

        References
        ----------
        .. [1] Glover, F. (1989). Tabu search – Part I. ORSA Journal on Computing 1(3), 190–206.
        """
        members = list(members)
        n = len(self.adjacency)
        best, best_pairs = list(members), pairs
        barred: dict[int, int] = {}  # node -> round until which it may not come back
        rounds = idle = 0
        while best_pairs > 0 and self.work_left >= self.cost * len(members):
            moves: list[tuple[int, int]] = []
            value = _NONE
            banned = np.asarray([w for w, until in barred.items() if until > rounds], dtype=np.int64)
            for position, u in enumerate(members):
                removed = np.zeros(n, dtype=bool)
                removed[members] = True
                removed[u] = False
                after = self.scan(removed)
                after[u] = _NONE
                if len(banned):
                    after[banned] = np.where(after[banned] < best_pairs, after[banned], _NONE)
                lowest = int(after.min())
                if lowest == _NONE or lowest > value:
                    continue
                if lowest < value:
                    moves, value = [], lowest
                moves.extend((position, int(v)) for v in np.flatnonzero(after == lowest))
            if not moves:
                break
            position, v = moves[0] if len(moves) == 1 else self.rng.choice(moves)
            if value >= best_pairs:
                idle += 1
                if idle > patience:
                    break
            barred[members[position]] = rounds + tenure
            members[position], rounds = v, rounds + 1
            if value < best_pairs:
                best, best_pairs, idle = list(members), value, 0
        return best, best_pairs


def key_players(
    kernel: Kernel,
    count: int = 5,
    *,
    seed: int = 0,
    patience: int = PATIENCE,
    work: int = SEARCH_WORK,
) -> list[tuple[int, float]]:
    """Borgatti's KPP-Neg: find up to ``count`` nodes whose joint removal maximises fragmentation.

    Fragmentation ``F = 1 − Σ s_k(s_k − 1) / (n(n − 1))`` sums over the
    components ``k`` left after the removal, of size ``s_k``; ``n`` counts all
    nodes, removed nodes count as isolates (they add 0 to the sum).

    The search starts greedily (each step removes the node that raises F
    most; ties go by a seeded random order), then improves the set by swaps:
    every member is tried against every non-member and the best swap is taken
    while it raises F, until no single swap does (Borgatti's greedy
    optimisation [1]_). A set that only a double swap would improve is left by
    up to ``patience`` further rounds of tabu search, and the best set seen is
    kept (see :meth:`_Search.improve`). One depth-first search over the
    remaining network (:class:`Removal`) evaluates every candidate of a step,
    or every replacement of one member, at once. The search is a heuristic: on
    the classic small networks it reaches the optimum that a brute-force
    enumeration finds (``tests/test_risks.py``), on large ones the work budget
    stops it after the greedy start and one or two rounds of swaps.

    Parameters
    ----------
    kernel : Kernel
        The network.
    count : int
        Largest number of key players.
    seed : int
        Seed of the tie order and of the choice among equal swaps; the same seed gives the same result.
    patience : int
        Rounds of tabu search without a better set before the search stops (0: plain swap improvement).
    work : int
        Budget of the swap search in adjacency entries visited (one search visits n + 2m of
        them; at least one round of swaps is always paid). On large networks it limits the search
        to the greedy start and one or two rounds.

    Returns
    -------
    list of (int, float)
        (node index, fragmentation after removing it and the nodes before it), in order of
        marginal contribution: first the player whose removal alone raises F most, then the one
        that adds most to it, and so on. A player that adds nothing — it would be isolated
        anyway once the players before it are gone — is left out, so the list can be shorter.

    References
    ----------
    .. [1] Borgatti, S. P. (2006). Identifying sets of key players in a social network.
       Computational and Mathematical Organization Theory 12, 21–34.
    .. [2] Glover, F. (1989). Tabu search – Part I. ORSA Journal on Computing 1(3), 190–206.
    """
    n = kernel.n
    count = min(count, n)
    if n < 2 or count <= 0:
        return []
    started = time.perf_counter()
    rng = random.Random(seed)
    order = list(range(n))
    rng.shuffle(order)
    adjacency = kernel.graph.get_adjlist()
    search = _Search(adjacency, np.asarray(order, dtype=np.int64), 0, n + 2 * kernel.graph.ecount(), rng)

    # greedy start; the first step reads the whole network's removal, shared with the cut points
    removed = np.zeros(n, dtype=bool)
    after = removal(kernel).pairs_without()
    steps: list[tuple[int, int]] = []
    while True:
        v, value = search.best(after)
        steps.append((v, value))
        removed[v] = True
        if len(steps) == count or value == 0:
            break
        after = search.scan(removed)
    greedy = [v for v, _ in steps]

    search.work_left = max(work, search.cost * len(greedy))
    tenure = max(1, min(TENURE, (n - len(greedy)) // 2))
    best, best_pairs = search.improve(greedy, steps[-1][1], patience=patience, tenure=tenure)

    if best_pairs < steps[-1][1]:
        steps = _ordered(search, best, removal(kernel).pairs_without())
    players: list[tuple[int, float]] = []
    previous, total = removal(kernel).pairs, n * (n - 1)
    for v, value in steps:
        if value >= previous:  # adds nothing; so does every later player (each is isolated by now)
            break
        players.append((v, 1 - value / total))
        previous = value
    logger.info(
        "key_players n=%d count=%d searches=%d found=%d seconds=%.2f",
        n,
        count,
        search.evaluations,
        len(players),
        time.perf_counter() - started,
    )
    return players


def _ordered(search: _Search, members: list[int], after: np.ndarray) -> list[tuple[int, int]]:
    """Order ``members`` by marginal contribution: each next one leaves the fewest reaching pairs.

    ``after`` is :meth:`Removal.pairs_without` of the whole network; ties go by the seeded order.
    """
    n = len(search.adjacency)
    rank = np.empty(n, dtype=np.int64)
    rank[search.order] = np.arange(n)
    removed = np.zeros(n, dtype=bool)
    left = list(members)
    steps: list[tuple[int, int]] = []
    while left:
        if steps:
            after = search.scan(removed)
        pick = min(left, key=lambda v: (int(after[v]), int(rank[v])))
        left.remove(pick)
        steps.append((pick, int(after[pick])))
        removed[pick] = True
    return steps


def risks(G: nx.Graph, *, top: int = 5, seed: int = 0, kernel: Kernel | None = None) -> pd.DataFrame:
    """Find the actors and cooperations the network depends on.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph; not changed.
    top : int
        Largest number of key players to select.
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
        order of marginal contribution, see :func:`key_players`; fragmentation
        of the network after removing it and those before it), each with a
        German explanation. Sorted by kind, then cut_off, highest first.

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
                "explanation": f"Ohne {name[node]} {cut_off_clause(cut)}.",
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
    start = german.percent(fragmentation(np.bincount(kernel.component_of) if kernel.n else [], kernel.n))
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
                    + f" aus, könnten {german.percent(f)} aller Paare von Akteuren einander nicht mehr über "
                    f"Kooperationen erreichen (bisher {start})."
                ),
            }
        )
    table = pd.DataFrame(rows, columns=COLUMNS, dtype=object)
    table["cut_off"] = table["cut_off"].astype("Int64")
    table["fragmentation"] = table["fragmentation"].astype(float)
    return table


def cut_off_clause(count: int) -> str:
    """German clause for what removing a cut point does, after "Ohne X ": singular at 1, "zerfiele" above.

    >>> cut_off_clause(1)
    'wäre 1 Akteur ohne Verbindung zum übrigen Netzwerk'
    >>> cut_off_clause(3)
    'zerfiele das Netzwerk: 3 Akteure verlören die Verbindung zum übrigen Netzwerk'
    """
    if count == 1:
        return "wäre 1 Akteur ohne Verbindung zum übrigen Netzwerk"
    return f"zerfiele das Netzwerk: {german.number(count)} Akteure verlören die Verbindung zum übrigen Netzwerk"


def _actors(count: int) -> str:
    return german.count(count, "Akteur", "Akteure")
