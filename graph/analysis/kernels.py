"""Fast kernels behind the networkx-facing analyses: igraph and scipy views of a graph.

A :class:`Kernel` converts an undirected networkx graph once (node order =
``list(G)``) and is reused by every measure of one analysis run.
"""

from __future__ import annotations

import os
import random
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cached_property
from typing import TYPE_CHECKING

import igraph as ig
import networkx as nx
import numpy as np

if TYPE_CHECKING:
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
        #: Results of expensive measures, shared by the analyses of one run (keyed by measure and options).
        self.cache: dict[tuple, object] = {}

    @cached_property
    def adjacency(self) -> sp.csr_matrix:
        """Symmetric 0/1 adjacency matrix (CSR)."""
        return self._matrix(np.ones(len(self.weights)))

    @cached_property
    def weighted(self) -> sp.csr_matrix:
        """Symmetric weight matrix (CSR)."""
        return self._matrix(self.weights)

    def _matrix(self, values: np.ndarray) -> sp.csr_matrix:
        import scipy.sparse as sp  # only the measures that need matrices pay for the import

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


def _can_fork() -> bool:
    """Forking is used only where it is safe: POSIX, several cores, no other thread running (the CLI)."""
    return hasattr(os, "fork") and (os.cpu_count() or 1) > 1 and threading.active_count() == 1


def in_parallel(first: Callable[[], np.ndarray], second: Callable[[], np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Run two array-valued computations, the first in a forked child process when that is safe.

    igraph holds the GIL, so threads do not help; a forked child shares the
    graph copy-on-write and sends its float64 result back through a pipe. In a
    process with other threads (the app) both run here, one after the other.
    """
    if not _can_fork():
        return np.asarray(first(), dtype=float), np.asarray(second(), dtype=float)
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: compute, send, leave without running any cleanup of the parent's objects
        code = 0
        try:
            os.close(read_end)
            data = np.asarray(first(), dtype=np.float64).tobytes()
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(struct.pack("<q", len(data)) + data)
        except BaseException:
            code = 1
        os._exit(code)
    os.close(write_end)
    result_second = np.asarray(second(), dtype=float)
    with os.fdopen(read_end, "rb") as pipe:
        payload = pipe.read()
    _, status = os.waitpid(pid, 0)
    if status != 0 or len(payload) < 8:
        return np.asarray(first(), dtype=float), result_second
    (size,) = struct.unpack("<q", payload[:8])
    result_first = np.frombuffer(payload[8 : 8 + size], dtype=np.float64).copy()
    return result_first, result_second
