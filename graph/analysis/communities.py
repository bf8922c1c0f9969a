"""Communities: groups of actors that cooperate more among themselves than with others.

Leiden (modularity) with a fixed seed, a name and a summary per community and
the E-I index of the groups given by an attribute (default ``sector``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping

import networkx as nx
import numpy as np
import pandas as pd

from graph import model
from graph.analysis.kernels import Kernel, seeded
from graph.german import percent

MEMBER_COLUMNS = ["id", "name", "community"]
SUMMARY_COLUMNS = [
    "community",
    "name",
    "size",
    "dominant_sector",
    "sector_share",
    "dominant_area",
    "area_share",
    "modularity",
    "explanation",
]
EI_COLUMNS = ["group", "label", "actors", "internal", "external", "ei_index", "explanation"]


def detect(kernel: Kernel, *, seed: int = 0, weighted: bool = True) -> np.ndarray:
    """Return a community number per node: 1 = largest community, isolates in their own.

    Leiden optimising modularity, run to convergence with a fixed seed.

    References
    ----------
    .. [1] Traag, V. A., Waltman, L., van Eck, N. J. (2019). From Louvain to Leiden:
       guaranteeing well-connected communities. Scientific Reports 9, 5233.
    """
    if kernel.n == 0:
        return np.zeros(0, dtype=int)
    key = ("communities", seed, weighted)
    if key not in kernel.cache:
        kernel.cache[key] = _leiden(kernel, seed, weighted)
    return kernel.cache[key]  # type: ignore[return-value]


def _leiden(kernel: Kernel, seed: int, weighted: bool) -> np.ndarray:
    weights = kernel.weights.tolist() if weighted and len(kernel.weights) else None
    with seeded(seed):
        partition = kernel.graph.community_leiden(objective_function="modularity", weights=weights, n_iterations=-1)
    membership = np.asarray(partition.membership)
    sizes = np.bincount(membership)
    # number by falling size, then by the smallest node index, so that numbers are stable
    first = {c: int(np.flatnonzero(membership == c)[0]) for c in range(len(sizes))}
    order = sorted(range(len(sizes)), key=lambda c: (-sizes[c], first[c]))
    rank = np.empty(len(sizes), dtype=int)
    rank[order] = np.arange(1, len(sizes) + 1)
    return rank[membership]


def communities(G: nx.Graph, *, seed: int = 0, kernel: Kernel | None = None) -> pd.DataFrame:
    """Assign every actor to a community.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph; not changed.
    seed : int
        Seed of the Leiden algorithm (same seed, same result).
    kernel : Kernel, optional
        A kernel already built for ``G``.

    Returns
    -------
    pandas.DataFrame
        id, name, community (1 = largest).
    """
    kernel = kernel or Kernel(G)
    membership = detect(kernel, seed=seed)
    return pd.DataFrame(
        {
            "id": kernel.nodes,
            "name": [G.nodes[n].get("name", n) for n in kernel.nodes],
            "community": membership,
        },
        columns=MEMBER_COLUMNS,
    )


def _dominant(values: list, vocab: str | None = None) -> tuple[str | None, float]:
    present = [v for v in values if v is not None]
    if not present:
        return None, 0.0
    value, count = Counter(present).most_common(1)[0]
    label = model.VOCABULARIES[vocab].get(value, value) if vocab else value
    return label, count / len(values)


def community_names(
    G: nx.Graph, community: Mapping[Hashable, int], *, area_names: Mapping[str, str] | None = None
) -> dict[int, str]:
    """Name every community by the dominant sector and area of its members.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph (nodes with ``sector`` and ``area``); not changed.
    community : mapping
        Node -> community number, e.g. from :func:`communities`.
    area_names : mapping, optional
        Area id -> name (ids are shown where a name is missing).

    Returns
    -------
    dict of int to str
        Community number -> name such as "Frühe Bildung Nordstadt": the sector
        label and the area name that most members share (either alone when the
        members have no value for the other; "Gemeinschaft N" when they have
        neither). Names that would repeat get a suffix " (2)", " (3)" … in the
        order of the community numbers, so the largest keeps the plain name.

    Examples
    --------
    >>> G = nx.Graph()
    >>> G.add_nodes_from(["k1", "k2"], sector="fruehe_bildung", area="nord")
    >>> G.add_node("s1", sector="schule", area="nord")
    >>> community_names(G, {"k1": 1, "k2": 1, "s1": 2}, area_names={"nord": "Nordstadt"})
    {1: 'Frühe Bildung Nordstadt', 2: 'Schule Nordstadt'}
    """
    area_names = area_names or {}
    members: dict[int, list[Hashable]] = {}
    for node in G:
        if node in community:
            members.setdefault(int(community[node]), []).append(node)
    names: dict[int, str] = {}
    used: Counter = Counter()
    for number in sorted(members):
        nodes = members[number]
        sector, _ = _dominant([G.nodes[n].get("sector") for n in nodes], "sector")
        area, _ = _dominant([G.nodes[n].get("area") for n in nodes])
        words = [str(w) for w in (sector, area_names.get(area, area) if area else None) if w]
        base = " ".join(words) or f"Gemeinschaft {number}"
        used[base] += 1
        names[number] = base if used[base] == 1 else f"{base} ({used[base]})"
    return names


def community_summary(
    G: nx.Graph, members: pd.DataFrame, *, area_names: dict[str, str] | None = None, weight: str = "weight"
) -> pd.DataFrame:
    """Summarise each community: name, size, dominant sector and area, and its share of the modularity.

    ``name`` comes from :func:`community_names`. ``modularity`` of a community c is its
    term of Newman's modularity, ``L_c / m − (d_c / 2m)²`` (weighted); the terms sum to
    the modularity Q of the partition.

    References
    ----------
    .. [1] Newman, M. E. J. (2006). Modularity and community structure in networks.
       PNAS 103(23), 8577–8582.
    """
    area_names = area_names or {}
    community = dict(zip(members["id"], members["community"], strict=True))
    m = G.size(weight=weight)
    internal: Counter = Counter()
    degree: Counter = Counter()
    for u, v, w in G.edges(data=weight, default=1):
        if community[u] == community[v]:
            internal[community[u]] += w
        degree[community[u]] += w
        degree[community[v]] += w
    names = community_names(G, community, area_names=area_names)
    rows = []
    for number, group in members.groupby("community", sort=True):
        nodes = list(group["id"])
        sector, sector_share = _dominant([G.nodes[n].get("sector") for n in nodes], "sector")
        area, area_share = _dominant([G.nodes[n].get("area") for n in nodes])
        q = internal[number] / m - (degree[number] / (2 * m)) ** 2 if m else 0.0
        area_label = area_names.get(area, area) if area else None
        text = f"{names[int(number)]}: {len(nodes)} {'Akteur' if len(nodes) == 1 else 'Akteure'}"
        if sector:
            text += f", überwiegend {sector} ({percent(sector_share)})"
        if area_label:
            text += f", Schwerpunkt {area_label} ({percent(area_share)})"
        rows.append(
            [int(number), names[int(number)], len(nodes), sector, sector_share, area_label, area_share, q, text + "."]
        )
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def ei_index(G: nx.Graph, group: str = "sector") -> pd.DataFrame:
    """Return the E-I index of every group: (external − internal ties) / all ties of its members.

    −1: the group only cooperates internally; +1: only with other groups.

    References
    ----------
    .. [1] Krackhardt, D., Stern, R. N. (1988). Informal networks and organizational crises:
       An experimental simulation. Social Psychology Quarterly 51(2), 123–140.
    """
    groups = {n: G.nodes[n].get(group) for n in G}
    internal: Counter = Counter()
    external: Counter = Counter()
    for u, v in G.edges():
        if groups[u] == groups[v]:
            internal[groups[u]] += 1
        else:
            external[groups[u]] += 1
            external[groups[v]] += 1
    sizes = Counter(groups.values())
    vocab = group if group in model.VOCABULARIES else None
    rows = []
    for value in sorted(sizes, key=lambda g: (g is None, str(g))):
        i, e = internal[value], external[value]
        ei = (e - i) / (e + i) if e + i else float("nan")
        label = model.VOCABULARIES[vocab].get(value, value) if vocab and value else (value or "(ohne Angabe)")
        if e + i == 0:
            text = f"{label}: keine Kooperationen."
        elif ei > 0.3:
            text = f"{label} arbeitet vor allem mit anderen Gruppen zusammen."
        elif ei < -0.3:
            text = f"{label} arbeitet vor allem unter sich."
        else:
            text = f"{label} arbeitet etwa gleich viel unter sich und mit anderen."
        rows.append([value, label, sizes[value], i, e, ei, text])
    return pd.DataFrame(rows, columns=EI_COLUMNS)
