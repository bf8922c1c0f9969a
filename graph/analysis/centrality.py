"""Centrality of actors in the cooperation network.

Degree, weighted degree, betweenness, closeness, PageRank and core number,
computed in igraph and reported as networkx defines them.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from graph.analysis.kernels import Kernel

#: Above this many actors betweenness is estimated from a sample of sources.
EXACT_BETWEENNESS_LIMIT = 10_000
#: Number of sampled sources for the estimate (Brandes & Pich 2007).
BETWEENNESS_SAMPLE = 1_000

COLUMNS = ["id", "name", "degree", "weighted_degree", "betweenness", "closeness", "pagerank", "core_number"]


def betweenness(kernel: Kernel, *, k: int | None = None, seed: int = 0) -> np.ndarray:
    """Return betweenness normalised as networkx does for undirected graphs: divided by (n-1)(n-2)/2.

    Paths are unweighted. With ``k`` (or automatically above
    :data:`EXACT_BETWEENNESS_LIMIT` nodes) only ``k`` randomly chosen sources
    are used and the sums are scaled by n/k, as ``networkx.betweenness_centrality(k=...)`` does.
    """
    n = kernel.n
    if n == 0:
        return np.zeros(0)
    if k is None and n > EXACT_BETWEENNESS_LIMIT:
        k = BETWEENNESS_SAMPLE
    if k is not None and k < n:
        rng = np.random.default_rng(seed)
        sources = sorted(rng.choice(n, size=k, replace=False).tolist())
        # paths from the sampled sources to every target, scaled up to all n sources
        raw = np.asarray(kernel.graph.betweenness(directed=False, sources=sources), dtype=float) * n / k
    else:
        raw = np.asarray(kernel.graph.betweenness(directed=False), dtype=float)
    return raw * 2 / ((n - 1) * (n - 2)) if n > 2 else np.zeros(n)


def closeness(kernel: Kernel) -> np.ndarray:
    """Return closeness as networkx does (Wasserman–Faust scaling for disconnected graphs).

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
    >>> table.iloc[0]["id"], round(table.iloc[0]["betweenness"], 3)
    (7, 0.389)
    """
    kernel = kernel or Kernel(G, weight)
    if kernel.n == 0:
        return pd.DataFrame(columns=COLUMNS)
    strength = np.asarray(kernel.weighted.sum(axis=1)).ravel()
    pagerank = kernel.graph.pagerank(weights=kernel.weights.tolist() if len(kernel.weights) else None, damping=0.85)
    table = pd.DataFrame(
        {
            "id": kernel.nodes,
            "name": [G.nodes[n].get("name", n) for n in kernel.nodes],
            "degree": kernel.degree.astype(int),
            "weighted_degree": strength,
            "betweenness": betweenness(kernel, k=k, seed=seed),
            "closeness": closeness(kernel),
            "pagerank": pagerank,
            "core_number": kernel.graph.coreness(),
        }
    )
    return table.sort_values(
        ["betweenness", "degree", "id"], ascending=[False, False, True], ignore_index=True, key=_sortable
    )


def _sortable(column: pd.Series) -> pd.Series:
    return column.astype(str) if column.name == "id" else column
