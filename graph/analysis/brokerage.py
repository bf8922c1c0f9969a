"""Brokers: who holds the network together and who bridges sectors.

Betweenness, Burt's constraint and effective size, articulation points, the
Gould–Fernandez brokerage roles with a grouping attribute (default ``sector``)
and the actors that are the only link between two groups.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable

import networkx as nx
import numpy as np
import pandas as pd

from graph import german, model
from graph.analysis.centrality import betweenness
from graph.analysis.kernels import Kernel
from graph.analysis.risks import cut_off_clause, removal

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
#: Groupings with more values than this are not searched for sole links (a g × g table per cut point).
SOLE_LINK_GROUPS = 100


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


def sole_links(G: nx.Graph, group: str = "sector", *, kernel: Kernel | None = None) -> dict[Hashable, list[tuple]]:
    """Find the actors that are the only link between two groups (sectors).

    Actor ``b`` is the only link between groups ``X`` and ``Y`` (``X ≠ Y``) when

    1. some actor of ``X`` and some actor of ``Y``, both other than ``b``, reach each other in
       the network (by a path of any length), and after removing ``b`` no actor of ``X`` reaches
       any actor of ``Y`` anywhere in the network — every connection between the two groups
       runs through ``b``; and
    2. ``b`` itself cooperates with both sides: it belongs to ``X`` or has a partner in ``X``,
       and likewise for ``Y`` (it joins them, rather than lying further along a chain).

    So a direct cooperation between an ``X`` and a ``Y`` actor, a second actor joining the two
    groups, or a second connection between them in another part of the network each mean that
    there is no only link. Only cut points (articulation points) can be one; the parts each cut
    point leaves are read from one depth-first search (:class:`~graph.analysis.risks.Removal`,
    parts are contiguous runs of its discovery order). Nodes without the attribute belong to no
    group.

    Returns
    -------
    dict
        Node -> sorted list of ``(X, Y)`` group-value pairs (``X < Y`` as strings) for every
        actor that is the only link between at least one pair. Empty for groupings with more
        than ``SOLE_LINK_GROUPS`` values.
    """
    kernel = kernel or Kernel(G)
    values = [G.nodes[node].get(group) for node in kernel.nodes]
    labels = sorted({str(v) for v in values if v is not None})
    if len(labels) < 2 or len(labels) > SOLE_LINK_GROUPS:
        return {}
    code_of = {label: i for i, label in enumerate(labels)}
    codes = np.array([code_of[str(v)] if v is not None else -1 for v in values], dtype=np.int64)
    whole = removal(kernel)
    # positions (in discovery order) of each group's members: a range's count is two binary searches
    positions = [np.sort(whole.first[codes == j]) for j in range(len(labels))]

    def counts(starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
        return np.stack([np.searchsorted(pos, ends) - np.searchsorted(pos, starts) for pos in positions], axis=1)

    per_component = counts(whole.run_start, whole.run_start + whole.runs)
    in_component = (per_component > 0).astype(np.int64)
    both = in_component.T @ in_component  # number of components holding an actor of X and one of Y
    found: dict[Hashable, list[tuple]] = {}
    run_of = np.searchsorted(whole.run_start, whole.first, side="right") - 1
    for vertex in kernel.graph.articulation_points():
        heads = whole.heads(vertex)
        starts = whole.first[heads]
        pieces = counts(starts, starts + whole.size[heads])
        component = per_component[run_of[vertex]]
        own = np.zeros(len(labels), dtype=np.int64)
        if codes[vertex] >= 0:
            own[codes[vertex]] = 1
        rest = component - own - pieces.sum(axis=0)
        parts = np.vstack([pieces, rest[None, :]]) > 0
        somewhere = parts.any(axis=0)
        together = parts.T.astype(np.int64) @ parts.astype(np.int64)
        present = component > 0
        elsewhere = both - np.outer(present, present)
        touches = own > 0
        for neighbour in kernel.graph.neighbors(vertex):
            if codes[neighbour] >= 0:
                touches[codes[neighbour]] = True
        sole = np.outer(somewhere, somewhere) & (together == 0) & (elsewhere == 0) & np.outer(touches, touches)
        pairs = [(labels[x], labels[y]) for x, y in zip(*np.nonzero(np.triu(sole, k=1)), strict=True)]
        if pairs:
            found[kernel.nodes[vertex]] = pairs
    return found


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
    representative + liaison — (high) and constraint (low).

    The explanation names the actor and says whom it connects; an actor that
    is the only link between two groups (see :func:`sole_links`) is called
    so ("das einzige Bindeglied zwischen Arbeitsförderung und Kinder- und
    Jugendhilfe"); for a cut point it says how many actors would lose the
    connection to the rest of the network ("wäre 1 Akteur ohne Verbindung",
    and "zerfiele" only from two actors on).

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
    whole = removal(kernel)
    cut_off = {kernel.nodes[v]: whole.cut_off(v) for v in kernel.graph.articulation_points()}
    links = sole_links(G, group, kernel=kernel)
    table["explanation"] = [
        _explain(G, row, group, links.get(row.id, []), cut_off.get(row.id)) for row in table.itertuples(index=False)
    ]
    return table.drop(columns="_score")[COLUMNS]


def _group_label(group: str, value: Hashable) -> str:
    vocab = {"sector": "sector", "actor_type": "actor_type"}.get(group)
    if vocab and value in model.VOCABULARIES[vocab]:
        return model.VOCABULARIES[vocab][str(value)]
    return str(value)


def _explain(G: nx.Graph, row: object, group: str, links: list[tuple], cut_off: int | None) -> str:
    node = row.id  # type: ignore[attr-defined]
    name = G.nodes[node].get("name", node)
    degree = G.degree(node)
    if degree == 0:
        return f"{name} hat keine Kooperationen im Netzwerk."
    sector = group == "sector"
    own = G.nodes[node].get(group)
    counts = Counter(G.nodes[m].get(group) for m in G[node])
    others = [g for g in counts if g != own and g is not None]
    parts = []
    if others:
        listed = _listing(sorted(_group_label(group, g) for g in others))
        if own is None:
            parts.append(f"{name} kooperiert mit {'den Sektoren' if sector else 'den Gruppen'} {listed}")
        else:
            parts.append(
                f"{name} verbindet {'den Sektor' if sector else 'die Gruppe'} {_group_label(group, own)} mit {listed}"
            )
    else:
        own_label = _group_label(group, own) if own is not None else MISSING_GROUP
        parts.append(f"{name} kooperiert nur innerhalb der eigenen Gruppe ({own_label})")
    if links:
        parts.append("ist das einzige Bindeglied " + _sole_link_clauses(links, group))
    parts.append(german.count(degree, "Kooperation", "Kooperationen"))
    share = row.betweenness  # type: ignore[attr-defined]
    if share >= 0.01:
        parts.append(f"liegt auf {german.percent(share)} der kürzesten Wege zwischen anderen Akteuren")
    across = (row.consultant + row.gatekeeper + row.representative + row.liaison) // 2  # type: ignore[attr-defined]
    if across:
        parts.append(
            f"vermittelt {german.count(across, 'offene Verbindung', 'offene Verbindungen')} über Gruppengrenzen"
        )
    if cut_off:
        parts.append(f"ohne {name} {cut_off_clause(cut_off)}")
    return "; ".join(parts) + "."


def _listing(names: list[str]) -> str:
    """'A', 'A und B', 'A, B und C'."""
    return ", ".join(names[:-1]) + " und " + names[-1] if len(names) > 1 else names[0]


def _sole_link_clauses(links: list[tuple], group: str, limit: int = 3) -> str:
    """'zwischen A und B', 'zwischen A und den Sektoren B und C sowie zwischen D und E', ...

    Pairs sharing a group are told together, the group in most pairs first; pairs beyond
    ``limit`` such clauses are counted.
    """
    word = "Sektoren" if group == "sector" else "Gruppen"
    left = {frozenset(pair) for pair in links}
    clauses: list[str] = []
    while left and len(clauses) < limit:
        counts = Counter(g for pair in left for g in pair)
        hub = min(counts, key=lambda g: (-counts[g], _group_label(group, g)))
        partners = sorted(_group_label(group, next(iter(pair - {hub}))) for pair in left if hub in pair)
        left = {pair for pair in left if hub not in pair}
        other = partners[0] if len(partners) == 1 else f"den {word} {_listing(partners)}"
        clauses.append(f"zwischen {_group_label(group, hub)} und {other}")
    text = clauses[0] if len(clauses) == 1 else ", ".join(clauses[:-1]) + " sowie " + clauses[-1]
    if left:
        text += f", dazu bei {german.count(len(left), 'weiteren Paar', 'weiteren Paaren')} von {word}"
    return text
