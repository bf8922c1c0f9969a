"""Missing links and conference planning: who should meet whom.

**Candidates** are pairs of actors that do not cooperate and either

- are two steps apart in the cooperation network (they share a partner), or
- stand on the two sides of a transition in the same Gemeinde, where the
  handing-over actor has no partner on the taking-over side at all.

All n² pairs are never enumerated: the two-step pairs come from the sparse
product ``A · D · A`` (``D`` = 1 / log(degree) of the middle actor, i.e. the
Adamic–Adar index), the transition pairs from the actors of one Gemeinde.

**Score** (0–1) = 0.40 · structure + 0.25 · transition + 0.15 · same area +
0.10 · shared target group + 0.10 · joins two communities, where structure is
the Adamic–Adar index divided by the largest among the candidates and the
other parts are 0 or 1: transition (the pair are the two sides of a
transition), same area (same Gemeinde or Sozialraum), shared target group
(their offers address a common target group), joins two communities
(different Leiden communities).
"""

from __future__ import annotations

import random
from collections import defaultdict

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from graph import model
from graph.analysis.centrality import betweenness
from graph.analysis.communities import detect
from graph.analysis.kernels import Kernel
from graph.build import AreaTree, nodes_of, sources

WEIGHTS = {
    "structure": 0.40,
    "transition": 0.25,
    "same_area": 0.15,
    "shared_target_group": 0.10,
    "joins_communities": 0.10,
}
COLUMNS = [
    "a",
    "b",
    "a_name",
    "b_name",
    "score",
    "common_partners",
    "adamic_adar",
    "transition",
    "same_area",
    "shared_target_groups",
    "joins_communities",
    "explanation",
]
CONFERENCE_COLUMNS = ["table", "id", "name", "community", "reason"]


def adamic_adar_pairs(kernel: Kernel) -> sp.coo_matrix:
    """Return the Adamic–Adar index of every non-adjacent pair two steps apart (upper triangle).

    References
    ----------
    .. [1] Adamic, L. A., Adar, E. (2003). Friends and neighbors on the Web.
       Social Networks 25(3), 211–230.
    .. [2] Liben-Nowell, D., Kleinberg, J. (2007). The link-prediction problem for social networks.
       JASIST 58(7), 1019–1031.
    """
    a = kernel.adjacency
    degree = kernel.degree
    with np.errstate(divide="ignore"):
        inverse_log = np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2)), 0.0)
    scores = (a @ sp.diags(inverse_log) @ a).tocsr()
    scores = sp.triu(scores, k=1).tocsr()
    scores = scores - scores.multiply(a)  # drop pairs that already cooperate
    scores.eliminate_zeros()
    return scores.tocoo()


def _gemeinde(tree: AreaTree, area: str | None) -> str | None:
    """The Gemeinde an area belongs to (the area itself if it is one; else the nearest above)."""
    if area is None:
        return None
    for candidate in (area, *tree.ancestors(area)):
        if tree.types.get(candidate) == "gemeinde":
            return candidate
    return area


def _target_groups(L: nx.MultiDiGraph) -> dict[str, set[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for key in nodes_of(L, "Offer"):
        offered = set(L.nodes[key].get("target_groups", ())) - {"alle"}
        for provider in sources(L, key, "PROVIDES"):
            groups[L.nodes[provider]["id"]] |= offered
    return groups


def missing_links(
    L: nx.MultiDiGraph, G: nx.Graph, *, top: int = 50, seed: int = 0, kernel: Kernel | None = None
) -> pd.DataFrame:
    """Rank pairs of actors that do not cooperate but should get to know each other.

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape (areas, offers); not changed.
    G : networkx.Graph
        The cooperation graph built from ``L``; not changed.
    top : int
        Number of pairs to return (0 = all candidates).
    seed : int
        Seed of the community detection.
    kernel : Kernel, optional
        A kernel already built for ``G``.

    Returns
    -------
    pandas.DataFrame
        a, b, a_name, b_name, score (module docstring), common_partners,
        adamic_adar, transition (key or empty), same_area, shared_target_groups,
        joins_communities, explanation; highest score first.
    """
    kernel = kernel or Kernel(G)
    tree = AreaTree(L)
    index = kernel.index
    nodes = kernel.nodes
    area = {n: G.nodes[n].get("area") for n in nodes}
    gemeinde = {n: _gemeinde(tree, area[n]) for n in nodes}
    kind = {n: G.nodes[n].get("actor_type") for n in nodes}
    community = dict(zip(nodes, detect(kernel, seed=seed), strict=True))
    targets = _target_groups(L)

    candidates: dict[tuple[int, int], float] = {}
    aa = adamic_adar_pairs(kernel)
    for i, j, value in zip(aa.row, aa.col, aa.data, strict=True):
        candidates[(int(i), int(j))] = float(value)
    transition_of: dict[tuple[int, int], str] = {}
    by_gemeinde: dict[str, list[str]] = defaultdict(list)
    for n in nodes:
        if place := gemeinde[n]:
            by_gemeinde[place].append(n)
    for key, transition in model.TRANSITIONS.items():
        for members in by_gemeinde.values():
            side_a = [n for n in members if kind[n] in transition.side_a]
            side_b = [n for n in members if kind[n] in transition.side_b]
            for a in side_a:
                if any(kind[p] in transition.side_b for p in G[a]):
                    continue  # already linked to the other side
                for b in side_b:
                    if a == b or G.has_edge(a, b):
                        continue
                    pair = tuple(sorted((index[a], index[b])))
                    candidates.setdefault(pair, 0.0)  # type: ignore[arg-type]
                    transition_of.setdefault(pair, key)  # type: ignore[arg-type]
    if not candidates:
        return pd.DataFrame(columns=COLUMNS)
    # score every candidate with arrays; build rows (and explanations) only for the ones returned
    pairs = np.array(list(candidates), dtype=np.int64)
    values = np.fromiter(candidates.values(), dtype=float, count=len(candidates))
    first, second = pairs[:, 0], pairs[:, 1]
    type_codes = {t: c for c, t in enumerate(model.VOCABULARIES["actor_type"], start=1)}
    transitions = ["", *model.TRANSITIONS]
    between = np.zeros((len(type_codes) + 1, len(type_codes) + 1), dtype=np.int64)
    for ta, ca in type_codes.items():
        for tb, cb in type_codes.items():
            key = _transition_between(ta, tb)
            between[ca, cb] = transitions.index(key) if key else 0
    code = np.array([type_codes.get(kind[n], 0) for n in nodes])
    trans_index = between[code[first], code[second]]
    for r, (i, j) in enumerate(pairs):  # transition pairs keep the transition they were found for
        found = transition_of.get((int(i), int(j)))
        if found:
            trans_index[r] = transitions.index(found)
    trans_keys = [transitions[t] for t in trans_index]

    gem = np.array([hash(gemeinde[n]) if gemeinde[n] else 0 for n in nodes])
    loc = np.array([hash(area[n]) if area[n] else 0 for n in nodes])
    same = ((loc[first] != 0) & (loc[first] == loc[second])) | ((gem[first] != 0) & (gem[first] == gem[second]))
    group_bits = {g: 1 << i for i, g in enumerate(model.VOCABULARIES["target_group"])}
    masks = np.array([sum(group_bits[g] for g in targets.get(n, ())) for n in nodes], dtype=np.int64)
    shared_any = (masks[first] & masks[second]) != 0
    comm = np.array([community[n] for n in nodes])
    joins_all = comm[first] != comm[second]
    has_transition = np.array([bool(t) for t in trans_keys]) & same
    best = values.max() or 1.0
    scores = (
        WEIGHTS["structure"] * values / best
        + WEIGHTS["transition"] * has_transition
        + WEIGHTS["same_area"] * same
        + WEIGHTS["shared_target_group"] * shared_any
        + WEIGHTS["joins_communities"] * joins_all
    )
    order = sorted(range(len(scores)), key=lambda r: (-scores[r], str(nodes[first[r]]), str(nodes[second[r]])))
    if top:
        order = order[:top]
    rows = []
    for r in order:
        a, b = nodes[first[r]], nodes[second[r]]
        common = sorted(set(G[a]) & set(G[b]), key=str)
        shared = sorted(targets.get(a, set()) & targets.get(b, set()))
        rows.append(
            [
                a,
                b,
                G.nodes[a].get("name", a),
                G.nodes[b].get("name", b),
                float(scores[r]),
                len(common),
                float(values[r]),
                trans_keys[r] if has_transition[r] else "",
                bool(same[r]),
                ", ".join(shared),
                bool(joins_all[r]),
                (common, (area[a] if area[a] == area[b] else gemeinde[a]) if same[r] else None),
            ]
        )
    table = pd.DataFrame(rows, columns=[*COLUMNS[:-1], "why"])
    table["explanation"] = [_explain(G, tree, row) for row in table.itertuples(index=False)]
    return table.drop(columns="why")[COLUMNS]


def _transition_between(type_a: str | None, type_b: str | None) -> str:
    for key, transition in model.TRANSITIONS.items():
        if (type_a in transition.side_a and type_b in transition.side_b) or (
            type_b in transition.side_a and type_a in transition.side_b
        ):
            return key
    return ""


def _explain(G: nx.Graph, tree: AreaTree, row: object) -> str:
    common, area = row.why  # type: ignore[attr-defined]
    parts = []
    if common:
        names = [str(G.nodes[c].get("name", c)) for c in common[:3]]
        more = f" und {len(common) - 3} weitere" if len(common) > 3 else ""
        parts.append(f"{len(common)} gemeinsame Partner ({', '.join(names)}{more})")
    if row.transition:  # type: ignore[attr-defined]
        parts.append(f"die beiden Seiten des Übergangs {model.VOCABULARIES['transition'][row.transition]}")  # type: ignore[attr-defined]
    if area:
        parts.append(f"beide in {tree.label(area)}")
    if row.shared_target_groups:  # type: ignore[attr-defined]
        groups = [model.VOCABULARIES["target_group"].get(g, g) for g in row.shared_target_groups.split(", ")]  # type: ignore[attr-defined]
        parts.append(f"gleiche Zielgruppe ({', '.join(groups)})")
    if row.joins_communities:  # type: ignore[attr-defined]
        parts.append("verbindet zwei sonst getrennte Gemeinschaften")
    return f"{row.a_name} und {row.b_name} kooperieren nicht: " + "; ".join(parts) + "."  # type: ignore[attr-defined]


def conference(
    L: nx.MultiDiGraph,
    G: nx.Graph,
    *,
    tables: int = 10,
    size: int = 8,
    seed: int = 0,
    kernel: Kernel | None = None,
    links: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Plan the invitation list and table groups of a conference that creates new contacts.

    Heuristic:

    1. **Invitation**: ``tables × size`` actors. Each actor gets a priority: 3
       points per appearance in the top 200 missing links, 2 for membership
       in a Bildungskonferenz, plus its betweenness percentile. Every
       community of at least three actors gets seats in proportion to its
       size (at least one), filled by priority; seats left over go by priority.
    2. **Tables**: the invitees, ordered by community, are dealt like cards
       onto the tables; then pairs of actors at different tables are swapped
       (seeded random order, until no swap helps) while that raises the number
       of *new cross-community contacts*: pairs at one table that do not
       cooperate yet and belong to different communities (a recommended
       missing link counts double).

    Returns
    -------
    pandas.DataFrame
        table (1…), id, name, community, reason — organisations only, no persons.
    """
    kernel = kernel or Kernel(G)
    if kernel.n == 0 or tables < 1 or size < 1:
        return pd.DataFrame(columns=CONFERENCE_COLUMNS)
    rng = random.Random(seed)
    nodes = kernel.nodes
    community = dict(zip(nodes, detect(kernel, seed=seed), strict=True))
    links = links if links is not None else missing_links(L, G, top=200, seed=seed, kernel=kernel)
    recommended = {frozenset((r.a, r.b)) for r in links.itertuples()}
    priority: defaultdict[str, float] = defaultdict(float)
    for r in links.itertuples():
        priority[r.a] += 3
        priority[r.b] += 3
    for key in nodes_of(L, "Committee"):
        if L.nodes[key].get("committee_type") == "bildungskonferenz":
            for member in sources(L, key, "MEMBER_OF"):
                priority[L.nodes[member]["id"]] += 2
    percentile = pd.Series(betweenness(kernel, seed=seed)).rank(pct=True).to_numpy()
    for i, n in enumerate(nodes):
        priority[n] += float(percentile[i])
    ranked = sorted(nodes, key=lambda n: (-priority[n], str(n)))
    wanted = min(tables * size, kernel.n)
    sizes = pd.Series(community).value_counts()
    quota = {c: max(1, int(wanted * count / kernel.n)) for c, count in sizes.items() if count >= 3}
    invited: list[str] = []
    for n in ranked:
        if len(invited) < wanted and quota.get(community[n], 0) > 0:
            invited.append(n)
            quota[community[n]] -= 1
    for n in ranked:  # seats left over go by priority alone
        if len(invited) < wanted and n not in invited:
            invited.append(n)
    order = sorted(invited, key=lambda n: (community[n], -priority[n], str(n)))
    seat = {n: i % tables for i, n in enumerate(order)}

    def gain(a: str, b: str) -> int:
        if community[a] == community[b] or G.has_edge(a, b):
            return 0
        return 2 if frozenset((a, b)) in recommended else 1

    # gains between every two invitees, and each invitee's gain with every table
    position = {n: i for i, n in enumerate(invited)}
    value = np.array([[gain(a, b) if a != b else 0 for b in invited] for a in invited], dtype=np.int64)
    table_of = np.array([seat[n] for n in invited])
    with_table = np.zeros((len(invited), tables), dtype=np.int64)
    for t in range(tables):
        with_table[:, t] = value[:, table_of == t].sum(axis=1)
    improved = True
    while improved:
        improved = False
        people = list(range(len(invited)))
        rng.shuffle(people)
        for x in people:
            for y in people:
                tx, ty = table_of[x], table_of[y]
                if tx == ty:
                    continue
                # x moves to ty and y to tx; the pair x, y stays apart
                delta = (with_table[x, ty] - value[x, y] - with_table[x, tx]) + (
                    with_table[y, tx] - value[x, y] - with_table[y, ty]
                )
                if delta > 0:
                    with_table[:, tx] += value[:, y] - value[:, x]
                    with_table[:, ty] += value[:, x] - value[:, y]
                    table_of[x], table_of[y] = ty, tx
                    improved = True
    groups: dict[int, list[str]] = defaultdict(list)
    for n in invited:
        groups[int(table_of[position[n]])].append(n)
    rows = []
    for t in sorted(groups):
        for n in sorted(groups[t], key=lambda n: (community[n], str(n))):
            new = [m for m in groups[t] if m != n and gain(n, m)]
            linked = [m for m in groups[t] if frozenset((n, m)) in recommended]
            reason = f"Gemeinschaft {community[n]}; {len(new)} neue Kontakte aus anderen Gemeinschaften am Tisch"
            if linked:
                reason += "; empfohlene Verbindung mit " + ", ".join(str(G.nodes[m].get("name", m)) for m in linked)
            rows.append([t + 1, n, G.nodes[n].get("name", n), community[n], reason.rstrip(".") + "."])
    return pd.DataFrame(rows, columns=CONFERENCE_COLUMNS)
