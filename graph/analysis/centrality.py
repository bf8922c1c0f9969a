"""Centrality of actors in the cooperation network.

Degree, weighted degree, betweenness, closeness, PageRank and core number,
computed in igraph and reported as networkx defines them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.kernels import Kernel, in_parallel

#: Above this many actors betweenness is estimated from a sample of sources.
EXACT_BETWEENNESS_LIMIT = 10_000
#: Number of sampled sources for the estimate (Brandes & Pich 2007).
BETWEENNESS_SAMPLE = 1_000

COLUMNS = ["id", "name", "degree", "weighted_degree", "betweenness", "closeness", "pagerank", "core_number"]


def _sources(kernel: Kernel, k: int | None, seed: int) -> tuple[list[int], float]:
    """Return the source nodes of the betweenness computation and the scale factor n/k."""
    n = kernel.n
    if k is None and n > EXACT_BETWEENNESS_LIMIT:
        k = BETWEENNESS_SAMPLE
    if k is not None and k < n:
        rng = np.random.default_rng(seed)
        return sorted(rng.choice(n, size=k, replace=False).tolist()), n / k
    return list(range(n)), 1.0


def _from_sources(kernel: Kernel, chosen: list[int]) -> Callable[[], np.ndarray]:
    """A computation of the raw betweenness sums over paths from ``chosen`` sources."""
    return lambda: np.asarray(kernel.graph.betweenness(directed=False, sources=chosen), dtype=float)


def _normalise(raw: np.ndarray, n: int) -> np.ndarray:
    return raw * 2 / ((n - 1) * (n - 2)) if n > 2 else np.zeros(n)


def betweenness_and_closeness(kernel: Kernel, *, k: int | None = None, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Return :func:`betweenness` and :func:`closeness`, computed once per kernel and using both cores.

    Exact up to :data:`EXACT_BETWEENNESS_LIMIT` nodes: Brandes' sums are
    additive over source nodes, so a forked child computes the betweenness from
    about 60 % of the sources while this process computes the rest and the
    closeness. Above the limit (or with ``k``) both are estimated from ``k``
    random sources: betweenness as ``networkx.betweenness_centrality(k=...)``
    does, closeness from the distances to the sampled sources (Eppstein & Wang
    2004), each node's sum of distances scaled to its whole component.

    References
    ----------
    .. [1] Eppstein, D., Wang, J. (2004). Fast approximation of centrality.
       Journal of Graph Algorithms and Applications 8(1), 39–45.
    """
    key = ("paths", k, seed)
    if key in kernel.cache:
        return kernel.cache[key]  # type: ignore[return-value]
    n = kernel.n
    if n == 0:
        return np.zeros(0), np.zeros(0)
    sources, scale = _sources(kernel, k, seed)
    part = partial(_from_sources, kernel)
    if scale == 1.0:
        cut = int(n * 0.6)

        def rest_and_closeness() -> np.ndarray:
            return np.concatenate([part(sources[cut:])(), closeness(kernel)])

        first, second = in_parallel(part(sources[:cut]), rest_and_closeness)
        raw, close = first + second[:n], second[n:]
    else:
        raw, close = in_parallel(part(sources), lambda: estimated_closeness(kernel, sources))
        raw = raw * scale
    result = (_normalise(raw, n), close)
    kernel.cache[key] = result
    return result


def estimated_closeness(kernel: Kernel, sources: list[int], chunk: int = 200) -> np.ndarray:
    """Estimate closeness (Wasserman–Faust form) from the distances to sampled sources.

    A node's mean distance to the rest of its component is estimated from its
    distances to the sampled sources in that component; the sources
    themselves, and every node of a component with fewer than two sampled
    sources, get their exact value.
    """
    from scipy.sparse.csgraph import shortest_path

    n = kernel.n
    total = np.zeros(n)
    hits = np.zeros(n)
    exact = np.full(n, np.nan)

    def distances(rows: list[int]) -> np.ndarray:
        return shortest_path(kernel.adjacency, method="D", unweighted=True, directed=False, indices=rows)

    for i in range(0, len(sources), chunk):
        rows = sources[i : i + chunk]
        block = distances(rows)
        reachable = np.isfinite(block) & (block > 0)
        values = np.where(reachable, block, 0)
        total += values.sum(axis=0)
        hits += reachable.sum(axis=0)
        exact[rows] = values.sum(axis=1)
    sampled_per_component = np.bincount(kernel.component_of[sources], minlength=kernel.component_of.max() + 1)
    sparse = np.flatnonzero(sampled_per_component[kernel.component_of] < 2)
    for i in range(0, len(sparse), chunk):
        rows = sparse[i : i + chunk].tolist()
        block = distances(rows)
        exact[rows] = np.where(np.isfinite(block), block, 0).sum(axis=1)
    reach = kernel.component_size - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        estimated = np.where(hits > 0, total / hits * reach, np.nan)
        sums = np.where(np.isnan(exact), estimated, exact)
        result = np.where(sums > 0, reach / sums * reach / (n - 1), 0.0)
    return np.nan_to_num(result)


def betweenness(kernel: Kernel, *, k: int | None = None, seed: int = 0) -> np.ndarray:
    """Return betweenness normalised as networkx does for undirected graphs: divided by (n-1)(n-2)/2.

    Paths are unweighted. With ``k`` (or automatically above
    :data:`EXACT_BETWEENNESS_LIMIT` nodes) only ``k`` randomly chosen sources
    are used and the sums are scaled by n/k, as ``networkx.betweenness_centrality(k=...)`` does.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology 25(2), 163–177.
    .. [2] Brandes, U., Pich, C. (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos 17(7), 2303–2318.
    """
    paths = kernel.cache.get(("paths", k, seed))
    if paths is not None:  # already computed together with closeness
        return paths[0]  # type: ignore[index]
    key = ("betweenness", k, seed)
    if key not in kernel.cache:
        n = kernel.n
        if n == 0:
            return np.zeros(0)
        sources, scale = _sources(kernel, k, seed)
        cut = len(sources) // 2
        first, second = in_parallel(_from_sources(kernel, sources[:cut]), _from_sources(kernel, sources[cut:]))
        kernel.cache[key] = _normalise((first + second) * scale, n)
    return kernel.cache[key]  # type: ignore[return-value]


def closeness(kernel: Kernel) -> np.ndarray:
    """Return exact closeness as networkx does (Wasserman–Faust scaling for disconnected graphs).

    ``(r - 1) / sum of distances``, scaled by ``(r - 1) / (n - 1)`` where ``r``
    is the size of the node's component; 0 for isolates.
    """
    n = kernel.n
    if n <= 1:
        return np.zeros(n)
    raw = np.nan_to_num(np.asarray(kernel.graph.closeness(normalized=True), dtype=float))
    reach = kernel.component_size - 1
    return raw * reach / (n - 1)


def centrality(
    G: nx.Graph, *, weight: str = "weight", k: int | None = None, seed: int = 0, kernel: Kernel | None = None
) -> pd.DataFrame:
    """Compute the centrality of every actor.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph (:func:`graph.build.cooperation_graph`); not changed.
    weight : str
        Edge attribute used for weighted degree and PageRank.
    k : int, optional
        Sample size for betweenness; ``None`` = exact up to 10,000 actors.
    seed : int
        Seed of the betweenness sample.
    kernel : Kernel, optional
        A kernel already built for ``G`` (reused by :func:`graph.analysis.summary.summary`).

    Returns
    -------
    pandas.DataFrame
        One row per actor: id, name, degree, weighted_degree, betweenness
        (normalised as networkx does), closeness, pagerank, core_number;
        sorted by betweenness, highest first.

    Notes
    -----
    Betweenness and closeness use unweighted shortest paths; PageRank uses
    damping 0.85 and the tie weights.

    References
    ----------
    .. [1] Brandes, U. (2001). A faster algorithm for betweenness centrality.
       Journal of Mathematical Sociology 25(2), 163–177.
    .. [2] Brandes, U., Pich, C. (2007). Centrality estimation in large networks.
       International Journal of Bifurcation and Chaos 17(7), 2303–2318.
    .. [3] Wasserman, S., Faust, K. (1994). Social Network Analysis. Cambridge University Press.
    .. [4] Page, L. et al. (1999). The PageRank citation ranking. Stanford InfoLab.

    Examples
    --------
    >>> import networkx as nx
    >>> table = centrality(nx.krackhardt_kite_graph())
    >>> int(table["id"].iloc[0]), round(float(table["betweenness"].iloc[0]), 3)
    (7, 0.389)
    """
    kernel = kernel or Kernel(G, weight)
    if kernel.n == 0:
        return pd.DataFrame(columns=COLUMNS)
    strength = kernel.graph.strength(weights=kernel.weights.tolist()) if len(kernel.weights) else [0.0] * kernel.n
    between, close = betweenness_and_closeness(kernel, k=k, seed=seed)
    pagerank = kernel.graph.pagerank(weights=kernel.weights.tolist() if len(kernel.weights) else None, damping=0.85)
    table = pd.DataFrame(
        {
            "id": kernel.nodes,
            "name": [G.nodes[n].get("name", n) for n in kernel.nodes],
            "degree": kernel.degree.astype(int),
            "weighted_degree": np.asarray(strength, dtype=float),
            "betweenness": between,
            "closeness": close,
            "pagerank": pagerank,
            "core_number": kernel.graph.coreness(),
        }
    )
    return table.sort_values(
        ["betweenness", "degree", "id"], ascending=[False, False, True], ignore_index=True, key=_sortable
    )


def _sortable(column: pd.Series) -> pd.Series:
    return column.astype(str) if column.name == "id" else column
