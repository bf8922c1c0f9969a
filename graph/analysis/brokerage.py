"""Brokers: who holds the network together and who bridges sectors.

Betweenness, Burt's constraint and effective size, articulation points and the
Gould–Fernandez brokerage roles with a grouping attribute (default ``sector``).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pandas as pd

from graph import model
from graph.analysis.centrality import betweenness
from graph.analysis.kernels import Kernel

ROLES = ("coordinator", "consultant", "gatekeeper", "representative", "liaison")
ROLE_GERMAN = {
    "coordinator": "Koordinator",
    "consultant": "Berater",
    "gatekeeper": "Türhüter",
    "representative": "Vertreter",
    "liaison": "Verbindungsglied",
}
COLUMNS = [
    "id",
    "name",
    "betweenness",
    "constraint",
    "effective_size",
    "articulation",
    *ROLES,
    "broker_rank",
    "explanation",
]
MISSING_GROUP = "(ohne Angabe)"


def constraint(kernel: Kernel) -> np.ndarray:
    """Return Burt's constraint of every node (NaN for isolates), with tie weights.

    ``c_i = sum_j (p_ij + sum_q p_iq p_qj)^2`` over the neighbours ``j`` of
    ``i``, with ``p_ij = w_ij / sum_k w_ik`` (undirected ties counted once per
    direction, as ``networkx.constraint`` does).
    """
    weights = kernel.weighted
    strength = np.asarray(weights.sum(axis=1)).ravel()
    with np.errstate(divide="ignore"):
        inverse = np.where(strength > 0, 1.0 / strength, 0.0)
    p = weights.multiply(inverse[:, None]).tocsr()
    indirect = (p @ p).multiply(kernel.adjacency)
    total = (p + indirect).tocsr()
    values = np.asarray(total.multiply(total).sum(axis=1)).ravel()
    return np.where(strength > 0, values, np.nan)


def effective_size(kernel: Kernel) -> np.ndarray:
    """Return Burt's effective size for unweighted ties: ``n - 2t/n`` (Borgatti 1997); NaN for isolates.

    ``n`` is the number of neighbours and ``t`` the number of ties among them.
    """
    degree = kernel.degree
    a = kernel.adjacency
    triangles = np.asarray((a @ a).multiply(a).sum(axis=1)).ravel() / 2
    with np.errstate(divide="ignore", invalid="ignore"):
        size = degree - 2 * triangles / degree
    return np.where(degree > 0, size, np.nan)


def gould_fernandez(G: nx.Graph, group: str = "sector") -> pd.DataFrame:
    """Count the Gould–Fernandez brokerage roles of every node.

    A broker ``b`` mediates an open two-path ``a – b – c`` (``a`` and ``c`` not
    tied). Its role follows the groups ``g`` of the three: coordinator
    ``g(a) = g(b) = g(c)``; consultant ``g(a) = g(c) ≠ g(b)``; gatekeeper
    ``g(b) = g(c) ≠ g(a)``; representative ``g(a) = g(b) ≠ g(c)``; liaison
    all three different.

    Convention for undirected ties: each tie counts as two directed ties, as
    R's ``sna::brokerage`` does, so every open two-path counts once as
    ``a → b → c`` and once as ``c → b → a`` (a gatekeeper path read backwards is
    a representative path; the two counts are equal). Nodes without the group
    attribute form one group of their own.

    Returns
    -------
    pandas.DataFrame
        Indexed by node, one column per role.

    References
    ----------
    .. [1] Gould, R. V., Fernandez, R. M. (1989). Structures of mediation: A formal
       approach to brokerage in transaction networks. Sociological Methodology 19, 89–126.
    """
    groups = {n: (d.get(group) if d.get(group) is not None else MISSING_GROUP) for n, d in G.nodes(data=True)}
    neighbours = {n: set(G[n]) - {n} for n in G}
    rows = []
    for b in G:
        nb = neighbours[b]
        gb = groups[b]
        count = Counter(groups[a] for a in nb)
        own = count.get(gb, 0)
        others = len(nb) - own
        # ordered pairs (a, c), a != c, of neighbours, before removing tied pairs
        coordinator = own * (own - 1)
        consultant = sum(c * (c - 1) for g, c in count.items() if g != gb)
        gatekeeper = others * own
        liaison = others * others - sum(c * c for g, c in count.items() if g != gb)
        # remove pairs of neighbours that are tied to each other (closed two-paths), both orders
        for a in nb:
            for c in neighbours[a] & nb:
                if c == a:
                    continue
                ga, gc = groups[a], groups[c]
                if ga == gb and gc == gb:
                    coordinator -= 1
                elif ga == gc:
                    consultant -= 1
                elif gc == gb:
                    gatekeeper -= 1
                elif ga != gb:
                    liaison -= 1
        rows.append((coordinator, consultant, gatekeeper, gatekeeper, liaison))
    return pd.DataFrame(rows, index=list(G), columns=list(ROLES))


def _rank(values: np.ndarray, higher_is_better: bool) -> np.ndarray:
    """Percentile rank in [0, 1] (1 = best); NaN counts as worst."""
    series = pd.Series(values, dtype=float)
    filled = series.fillna(-np.inf if higher_is_better else np.inf)
    ranked = filled.rank(pct=True, ascending=higher_is_better, method="average")
    return ranked.to_numpy()


def brokers(
    G: nx.Graph, *, group: str = "sector", k: int | None = None, seed: int = 0, kernel: Kernel | None = None
) -> pd.DataFrame:
    """Rank the actors that broker between others, above all across groups (sectors).

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph; not changed.
    group : str
        Node attribute that defines the groups for the brokerage roles (default ``sector``).
    k, seed : optional
        Betweenness sample size and seed (see :func:`graph.analysis.centrality.betweenness`).
    kernel : Kernel, optional
        A kernel already built for ``G``.

    Returns
    -------
    pandas.DataFrame
        One row per actor: id, name, betweenness, constraint (Burt),
        effective_size, articulation (bool), the five Gould–Fernandez role
        counts, broker_rank (1 = strongest) and a German explanation naming the
        groups the actor connects; sorted by broker_rank.

    Notes
    -----
    ``broker_rank`` orders actors by the mean of three percentile ranks:
    betweenness (high), brokerage across groups — consultant + gatekeeper +
    representative + liaison — (high) and constraint (low). Articulation points
    are named in the explanation.

    References
    ----------
    .. [1] Burt, R. S. (1992). Structural Holes. Harvard University Press.
    .. [2] Borgatti, S. P. (1997). Structural holes: Unpacking Burt's redundancy measures.
       Connections 20(1), 35–38.
    .. [3] Gould, R. V., Fernandez, R. M. (1989). Structures of mediation.
       Sociological Methodology 19, 89–126.
    """
    kernel = kernel or Kernel(G)
    if kernel.n == 0:
        return pd.DataFrame(columns=COLUMNS)
    roles = gould_fernandez(G, group).loc[kernel.nodes]
    cut_points = {kernel.nodes[i] for i in kernel.graph.articulation_points()}
    table = pd.DataFrame(
        {
            "id": kernel.nodes,
            "name": [G.nodes[n].get("name", n) for n in kernel.nodes],
            "betweenness": betweenness(kernel, k=k, seed=seed),
            "constraint": constraint(kernel),
            "effective_size": effective_size(kernel),
            "articulation": [n in cut_points for n in kernel.nodes],
        }
    )
    for role in ROLES:
        table[role] = roles[role].to_numpy()
    across = table[["consultant", "gatekeeper", "representative", "liaison"]].sum(axis=1).to_numpy(dtype=float)
    score = (
        _rank(table["betweenness"].to_numpy(), True)
        + _rank(across, True)
        + _rank(table["constraint"].to_numpy(), False)
    ) / 3
    table["_score"] = score
    table = table.sort_values(["_score", "betweenness"], ascending=[False, False], ignore_index=True)
    table["broker_rank"] = np.arange(1, len(table) + 1)
    table["explanation"] = [_explain(G, row, group) for row in table.itertuples(index=False)]
    return table.drop(columns="_score")[COLUMNS]


def _group_label(group: str, value: Hashable) -> str:
    vocab = {"sector": "sector", "actor_type": "actor_type"}.get(group)
    if vocab and value in model.VOCABULARIES[vocab]:
        return model.VOCABULARIES[vocab][str(value)]
    return str(value)


def _explain(G: nx.Graph, row: object, group: str) -> str:
    node = row.id  # type: ignore[attr-defined]
    degree = G.degree(node)
    if degree == 0:
        return "Hat keine Kooperationen im Netzwerk."
    own = G.nodes[node].get(group)
    counts = Counter(G.nodes[m].get(group) for m in G[node])
    others = [g for g in counts if g != own and g is not None]
    parts = []
    if others:
        names = sorted(_group_label(group, g) for g in others)
        listed = ", ".join(names[:-1]) + " und " + names[-1] if len(names) > 1 else names[0]
        word = "Sektoren" if group == "sector" else "Gruppen"
        parts.append(f"Verbindet {len(names) + (own is not None)} {word}: eigene Gruppe und {listed}")
        if group == "sector" and own is not None:
            parts[-1] = f"Verbindet den Sektor {_group_label(group, own)} mit {listed}"
    else:
        own_label = _group_label(group, own) if own is not None else MISSING_GROUP
        parts.append(f"Kooperiert nur innerhalb der eigenen Gruppe ({own_label})")
    parts.append(f"{degree} Kooperationen")
    share = row.betweenness  # type: ignore[attr-defined]
    if share >= 0.01:
        parts.append(f"liegt auf {share:.0%} der kürzesten Wege zwischen anderen Akteuren")
    across = row.consultant + row.gatekeeper + row.representative + row.liaison  # type: ignore[attr-defined]
    if across:
        parts.append(f"vermittelt {across // 2} offene Verbindungen über Gruppengrenzen")
    if row.articulation:  # type: ignore[attr-defined]
        parts.append("ohne diesen Akteur zerfiele das Netzwerk in getrennte Teile")
    return "; ".join(parts) + "."
