"""Fast kernels behind the networkx-facing analyses: igraph and scipy views of a graph.

A :class:`Kernel` converts an undirected networkx graph once (node order =
``list(G)``) and is reused by every measure of one analysis run.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cached_property

import igraph as ig
import networkx as nx
import numpy as np
import scipy.sparse as sp


class Kernel:
    """igraph and sparse-matrix views of an undirected networkx graph.

    Parameters
    ----------
    G : networkx.Graph
        The graph; it is read, never changed.
    weight : str
        Edge attribute holding tie strength (missing values count as 1).
    """

    def __init__(self, G: nx.Graph, weight: str = "weight") -> None:
        if G.is_directed() or G.is_multigraph():
            raise ValueError("Kernel expects a simple undirected graph")
        self.nodes: list = list(G)
        self.index = {n: i for i, n in enumerate(self.nodes)}
        edges = [(self.index[u], self.index[v]) for u, v in G.edges() if u != v]
        self.weights = np.array([float(d.get(weight, 1) or 1) for u, v, d in G.edges(data=True) if u != v])
        self.graph = ig.Graph(n=len(self.nodes), edges=edges, directed=False)
        self.n = len(self.nodes)

    @cached_property
    def adjacency(self) -> sp.csr_matrix:
        """Symmetric 0/1 adjacency matrix (CSR)."""
        return self._matrix(np.ones(len(self.weights)))

    @cached_property
    def weighted(self) -> sp.csr_matrix:
        """Symmetric weight matrix (CSR)."""
        return self._matrix(self.weights)

    def _matrix(self, values: np.ndarray) -> sp.csr_matrix:
        edges = np.array(self.graph.get_edgelist(), dtype=np.int64).reshape(-1, 2)
        rows = np.concatenate([edges[:, 0], edges[:, 1]])
        cols = np.concatenate([edges[:, 1], edges[:, 0]])
        data = np.concatenate([values, values])
        return sp.csr_matrix((data, (rows, cols)), shape=(self.n, self.n))

    @cached_property
    def degree(self) -> np.ndarray:
        """Number of neighbours per node."""
        return np.asarray(self.graph.degree(), dtype=float)

    @cached_property
    def component_of(self) -> np.ndarray:
        """Component index per node, components numbered by falling size (0 = largest)."""
        membership = np.asarray(self.graph.connected_components().membership)
        sizes = np.bincount(membership)
        order = sorted(range(len(sizes)), key=lambda c: (-sizes[c], c))
        rank = np.empty(len(sizes), dtype=int)
        rank[order] = np.arange(len(sizes))
        return rank[membership] if len(membership) else membership

    @cached_property
    def component_size(self) -> np.ndarray:
        """Size of each node's component."""
        counts = np.bincount(self.component_of) if self.n else np.array([], dtype=int)
        return counts[self.component_of] if self.n else counts


@contextmanager
def seeded(seed: int) -> Iterator[None]:
    """Run igraph's randomised algorithms with a fixed seed, restoring its generator afterwards."""
    ig.set_random_number_generator(random.Random(seed))
    try:
        yield
    finally:
        ig.set_random_number_generator(random)  # igraph's default: the random module
