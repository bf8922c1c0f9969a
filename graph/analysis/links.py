"""Missing links and conference planning: who should meet whom.

**Candidates** are pairs of actors that do not cooperate and either

- are two steps apart in the cooperation network (they share a partner), or
- stand on the two sides of a transition in the same Gemeinde, where the
  handing-over actor has no partner on the taking-over side at all.

All n² pairs are never enumerated: the two-step pairs come from the sparse
product ``A · D · A`` (``D`` = 1 / log(degree) of the middle actor, i.e. the
Adamic–Adar index), the transition pairs from the actors of one Gemeinde.

**Score**: structure first, complementarity as a bounded bonus::

    score = AA · (1 + 0.5 · c) + 0.05 · c
    c     = 0.5 · transition + 0.3 · same area + 0.2 · shared target group     (0 … 1)

AA is the Adamic–Adar index; transition (the pair are the two sides of a
transition in the same area), same area (same Gemeinde or Sozialraum) and
shared target group (their offers address a common target group) are 0 or 1.

- Among pairs with common partners, structure decides: complementarity raises a
  pair's structural evidence by at most half, so it reorders pairs of similar
  structure but never lifts a pair over one with far more common partners.
- A pair without a common partner (only the transition pairs) scores
  ``0.05 · c ≤ 0.05``, below every pair with one: a common partner of degree d
  adds 1 / ln d ≥ 1 / ln(n − 1) > 0.05 for every network below 4.8 · 10⁸ actors.
- On a network without attributes the ranking is exactly Adamic–Adar.

Whether two actors belong to different communities is not part of the score:
hidden ties lie mostly within communities, and a bonus for crossing them made
the ranking recover hidden ties worse than Adamic–Adar alone (``bench/links.py``
measures this hold-out). Bringing communities together is the conference
planner's job (:func:`conference`). ``joins_communities`` says whether the two
actors' communities have no tie between them at all.
"""

from __future__ import annotations

import logging
import random
from collections import defaultdict
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
import scipy.sparse as sp

from graph import model
from graph.analysis.centrality import betweenness
from graph.analysis.communities import community_names, detect
from graph.analysis.kernels import Kernel
from graph.build import AreaTree, nodes_of, sources
from graph.german import percent

logger = logging.getLogger(__name__)

#: Parts of the complementarity c (they sum to 1).
WEIGHTS = {"transition": 0.5, "same_area": 0.3, "shared_target_group": 0.2}
#: Complementarity raises the Adamic–Adar index by at most this share.
BONUS = 0.5
#: Score of complementarity alone (pairs without common partners): below any pair with one.
ALONE = 0.05
#: Strongest brokers (by betweenness) every conference invites.
BROKERS = 5
#: Weight of a new cross-community contact at a table, and what a recommended missing link adds to it.
NEW_CONTACT, RECOMMENDED_EXTRA = 2, 1

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
SCORE_COLUMNS = ["a", "b", "score", "adamic_adar", "complementarity"]
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


def _transition_between(type_a: str | None, type_b: str | None) -> str:
    for key, transition in model.TRANSITIONS.items():
        if (type_a in transition.side_a and type_b in transition.side_b) or (
            type_b in transition.side_a and type_a in transition.side_b
        ):
            return key
    return ""


@dataclass
class _Candidates:
    """Every candidate pair (node indices ``first < second``) with its parts and score, as arrays."""

    first: np.ndarray
    second: np.ndarray
    adamic_adar: np.ndarray
    transition: list[str]  # key where the pair are the two sides of a transition in the same area, else ""
    same_area: np.ndarray
    shared: np.ndarray
    complementarity: np.ndarray
    score: np.ndarray


class _Context:
    """What the scoring and the explanations read about the actors of one run."""

    def __init__(self, L: nx.MultiDiGraph, G: nx.Graph, kernel: Kernel) -> None:
        self.tree = AreaTree(L)
        self.nodes = kernel.nodes
        self.area = {n: G.nodes[n].get("area") for n in self.nodes}
        self.gemeinde = {n: _gemeinde(self.tree, self.area[n]) for n in self.nodes}
        self.kind = {n: G.nodes[n].get("actor_type") for n in self.nodes}
        self.targets = _target_groups(L)


def _candidates(G: nx.Graph, kernel: Kernel, ctx: _Context) -> _Candidates | None:
    index, nodes, kind, gemeinde, area = kernel.index, kernel.nodes, ctx.kind, ctx.gemeinde, ctx.area
    candidates: dict[tuple[int, int], float] = {}
    aa = adamic_adar_pairs(kernel)
    for i, j, value in zip(aa.row, aa.col, aa.data, strict=True):
        candidates[(int(i), int(j))] = float(value)
    transition_of: dict[tuple[int, int], str] = {}
    by_gemeinde: dict[str, list] = defaultdict(list)
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
                    i, j = sorted((index[a], index[b]))
                    candidates.setdefault((i, j), 0.0)
                    transition_of.setdefault((i, j), key)
    if not candidates:
        return None
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

    gem = np.array([hash(gemeinde[n]) if gemeinde[n] else 0 for n in nodes])
    loc = np.array([hash(area[n]) if area[n] else 0 for n in nodes])
    same = ((loc[first] != 0) & (loc[first] == loc[second])) | ((gem[first] != 0) & (gem[first] == gem[second]))
    group_bits = {g: 1 << i for i, g in enumerate(model.VOCABULARIES["target_group"])}
    masks = np.array([sum(group_bits[g] for g in ctx.targets.get(n, ())) for n in nodes], dtype=np.int64)
    shared = (masks[first] & masks[second]) != 0
    has_transition = (trans_index != 0) & same
    complementarity = (
        WEIGHTS["transition"] * has_transition + WEIGHTS["same_area"] * same + WEIGHTS["shared_target_group"] * shared
    )
    score = values * (1 + BONUS * complementarity) + ALONE * complementarity
    return _Candidates(
        first=first,
        second=second,
        adamic_adar=values,
        transition=[transitions[t] if ok else "" for t, ok in zip(trans_index, has_transition, strict=True)],
        same_area=same,
        shared=shared,
        complementarity=complementarity,
        score=score,
    )


def link_scores(L: nx.MultiDiGraph, G: nx.Graph, *, kernel: Kernel | None = None) -> pd.DataFrame:
    """Return the score of every candidate pair, unsorted and without explanations (for evaluations).

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape (areas, offers); not changed.
    G : networkx.Graph
        The cooperation graph built from ``L``; not changed.
    kernel : Kernel, optional
        A kernel already built for ``G``.

    Returns
    -------
    pandas.DataFrame
        a, b, score, adamic_adar, complementarity (module docstring); pairs
        that are no candidate score 0.
    """
    kernel = kernel or Kernel(G)
    found = _candidates(G, kernel, _Context(L, G, kernel))
    if found is None:
        return pd.DataFrame(columns=SCORE_COLUMNS)
    nodes = np.array(kernel.nodes, dtype=object)
    return pd.DataFrame(
        {
            "a": nodes[found.first],
            "b": nodes[found.second],
            "score": found.score,
            "adamic_adar": found.adamic_adar,
            "complementarity": found.complementarity,
        },
        columns=SCORE_COLUMNS,
    )


def _linked_communities(G: nx.Graph, community: dict) -> set[tuple[int, int]]:
    """Pairs of communities (smaller number first) with at least one tie between them."""
    linked = set()
    for u, v in G.edges():
        cu, cv = int(community[u]), int(community[v])
        if cu != cv:
            linked.add((min(cu, cv), max(cu, cv)))
    return linked


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
        joins_communities (the two communities have no tie between them),
        explanation; highest score first, equal scores by the ids.

    Examples
    --------
    Andre (0) and Ed (4) of Krackhardt's kite share Beverly (1) and Diane (3):

    >>> table = missing_links(nx.MultiDiGraph(), nx.krackhardt_kite_graph(), top=0)
    >>> row = table[(table["a"] == 0) & (table["b"] == 4)].iloc[0]
    >>> print(row["explanation"])
    0 und 4 kooperieren nicht: 2 gemeinsame Partner (1, 3).
    """
    kernel = kernel or Kernel(G)
    ctx = _Context(L, G, kernel)
    found = _candidates(G, kernel, ctx)
    if found is None:
        return pd.DataFrame(columns=COLUMNS)
    nodes = ctx.nodes
    rank = np.empty(len(nodes), dtype=np.int64)  # position of each node's id in text order, to order equal scores
    rank[sorted(range(len(nodes)), key=lambda i: str(nodes[i]))] = np.arange(len(nodes))
    order = np.lexsort((rank[found.second], rank[found.first], -found.score))
    if top:
        order = order[:top]
    community = dict(zip(nodes, detect(kernel, seed=seed), strict=True))
    linked = _linked_communities(G, community)
    names = community_names(G, community, area_names=ctx.tree.names)
    rows = []
    for r in order:
        a, b = nodes[found.first[r]], nodes[found.second[r]]
        ca, cb = int(community[a]), int(community[b])
        common = sorted(set(G[a]) & set(G[b]), key=str)
        shared = sorted(ctx.targets.get(a, set()) & ctx.targets.get(b, set())) if found.shared[r] else []
        same = bool(found.same_area[r])
        joins = ca != cb and (min(ca, cb), max(ca, cb)) not in linked
        rows.append(
            {
                "a": a,
                "b": b,
                "a_name": G.nodes[a].get("name", a),
                "b_name": G.nodes[b].get("name", b),
                "score": float(found.score[r]),
                "common_partners": len(common),
                "adamic_adar": float(found.adamic_adar[r]),
                "transition": found.transition[r],
                "same_area": same,
                "shared_target_groups": ", ".join(shared),
                "joins_communities": joins,
                "explanation": _explain(
                    G,
                    ctx,
                    a,
                    b,
                    common=common,
                    transition=found.transition[r],
                    area=(ctx.area[a] if ctx.area[a] == ctx.area[b] else ctx.gemeinde[a]) if same else None,
                    shared=shared,
                    joined=(names[ca], names[cb]) if joins else None,
                ),
            }
        )
    return pd.DataFrame(rows, columns=COLUMNS)


def _partners(count: int) -> str:
    return "1 gemeinsamer Partner" if count == 1 else f"{count} gemeinsame Partner"


def _explain(
    G: nx.Graph,
    ctx: _Context,
    a: object,
    b: object,
    *,
    common: list,
    transition: str,
    area: str | None,
    shared: list[str],
    joined: tuple[str, str] | None,
) -> str:
    """The German sentence saying why ``a`` and ``b`` should meet; every part is a fact of the data."""
    name = {n: str(G.nodes[n].get("name", n)) for n in (a, b, *common[:3])}
    parts = []
    if common:
        listed = ", ".join(name[c] for c in common[:3])
        more = f" und {len(common) - 3} weitere" if len(common) > 3 else ""
        parts.append(f"{_partners(len(common))} ({listed}{more})")
    if transition:
        step = model.TRANSITIONS[transition]
        text = f"die beiden Seiten des Übergangs {model.VOCABULARIES['transition'][transition]}"
        giver = a if ctx.kind[a] in step.side_a and ctx.kind[b] in step.side_b else b
        if not any(ctx.kind[p] in step.side_b for p in G[giver]):
            text += f" ({name[giver]} hat auf der aufnehmenden Seite noch keinen Partner)"
        parts.append(text)
    if area:
        parts.append(f"beide in {ctx.tree.label(area)}")
    if shared:
        groups = [model.VOCABULARIES["target_group"].get(g, g) for g in shared]
        parts.append(f"gleiche Zielgruppe ({', '.join(groups)})")
    if joined:
        parts.append(f"verbindet zwei sonst getrennte Gemeinschaften („{joined[0]}“ und „{joined[1]}“)")
    return f"{name[a]} und {name[b]} kooperieren nicht: " + "; ".join(parts) + "."


def new_contacts(G: nx.Graph, community: dict, seating: list[list]) -> int:
    """Count the new cross-community contacts of a seating: pairs at one table from different communities
    that do not cooperate yet.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation graph.
    community : dict
        Node -> community.
    seating : list of lists
        The nodes at each table.
    """
    count = 0
    for table in seating:
        for i, u in enumerate(table):
            for v in table[i + 1 :]:
                if community[u] != community[v] and not G.has_edge(u, v):
                    count += 1
    return count


def _contacts(count: int) -> str:
    if count == 1:
        return "1 neuer Kontakt aus einer anderen Gemeinschaft am Tisch"
    return f"{count} neue Kontakte aus anderen Gemeinschaften am Tisch"


def conference(
    L: nx.MultiDiGraph,
    G: nx.Graph,
    *,
    tables: int = 10,
    size: int = 8,
    seed: int = 0,
    kernel: Kernel | None = None,
    links: pd.DataFrame | None = None,
    brokers: int = BROKERS,
) -> pd.DataFrame:
    """Plan the invitation list and table groups of a conference that creates new contacts.

    Heuristic:

    1. **Invitation**: ``tables × size`` actors (all of them if there are
       fewer). Each actor gets a priority: 3 points per appearance in the top
       200 missing links, 2 for membership in a Bildungskonferenz, plus its
       betweenness percentile. Seats go, while there are seats, to

       a. the ``brokers`` actors with the highest betweenness (at most one
          eighth of the seats, at least one),
       b. the actor of highest priority of every sector not yet invited (the
          rarest sector first),
       c. the actor of highest priority of every community not yet invited
          (the largest community first; an actor without any cooperation is a
          community of its own),
       d. by priority, each community of at least three actors up to its share
          of the seats (in proportion to its size), and then by priority alone.

    2. **Tables**: the invitees, ordered by community, are dealt like cards
       onto the tables; then pairs of actors at different tables are swapped
       (seeded random order, until no swap helps) while that raises the number
       of *new cross-community contacts* (:func:`new_contacts`: pairs at one
       table that do not cooperate yet and belong to different communities; a
       recommended missing link counts one and a half).

    Returns
    -------
    pandas.DataFrame
        table (1…), id, name, community (its name, see
        :func:`graph.analysis.communities.community_names`), reason (why
        invited, and what the table brings) — organisations only, no persons.
        ``attrs["hinweise"]`` lists warnings in German, e.g. when there are
        more seats than actors.
    """
    kernel = kernel or Kernel(G)
    hinweise: list[str] = []
    if tables * size > kernel.n and tables >= 1 and size >= 1:
        hinweise.append(
            f"Es gibt {tables * size} Plätze ({tables} Tische à {size}), aber nur {kernel.n} Akteure: "
            "Alle sind eingeladen, und an den Tischen bleiben Plätze frei."
        )
        logger.warning("Hinweis: %s", hinweise[-1])
    if kernel.n == 0 or tables < 1 or size < 1:
        empty = pd.DataFrame(columns=CONFERENCE_COLUMNS)
        empty.attrs["hinweise"] = hinweise
        return empty
    rng = random.Random(seed)
    nodes = kernel.nodes
    community = dict(zip(nodes, (int(c) for c in detect(kernel, seed=seed)), strict=True))
    names = community_names(G, community, area_names=AreaTree(L).names)
    links = links if links is not None else missing_links(L, G, top=200, seed=seed, kernel=kernel)
    recommended = {frozenset((r.a, r.b)) for r in links.itertuples()}
    appearances: defaultdict[object, int] = defaultdict(int)
    for r in links.itertuples():
        appearances[r.a] += 1
        appearances[r.b] += 1
    in_conference: set = set()
    for key in nodes_of(L, "Committee"):
        if L.nodes[key].get("committee_type") == "bildungskonferenz":
            in_conference |= {L.nodes[member]["id"] for member in sources(L, key, "MEMBER_OF")}
    between = np.asarray(betweenness(kernel, seed=seed), dtype=float)
    percentile = pd.Series(between).rank(pct=True).to_numpy()
    priority = {n: 3 * appearances[n] + 2 * (n in in_conference) + float(percentile[i]) for i, n in enumerate(nodes)}
    by_priority = sorted(nodes, key=lambda n: (-priority[n], str(n)))
    wanted = min(tables * size, kernel.n)
    invited: list = []
    why: dict = {}

    def invite(n: object, reason: str) -> None:
        if len(invited) < wanted and n not in why:
            invited.append(n)
            why[n] = reason

    # a. the strongest brokers
    strongest = sorted(range(kernel.n), key=lambda i: (-between[i], -priority[nodes[i]], str(nodes[i])))
    for rank, i in enumerate(strongest[: max(1, min(brokers, wanted // 8))], start=1):
        if between[i] > 0:
            invite(nodes[i], f"eingeladen als Brückenakteur (Rang {rank} nach Vermittlung)")
    # b. every sector, the rarest first
    sector = {n: G.nodes[n].get("sector") for n in nodes}
    count = pd.Series([s for s in sector.values() if s]).value_counts()
    label = model.VOCABULARIES["sector"]
    for s in sorted(count.index, key=lambda s: (count[s], str(s))):
        if not any(sector[n] == s for n in invited):
            best = next(n for n in by_priority if sector[n] == s)
            invite(best, f"eingeladen für den Sektor {label.get(s, s)}")
    # c. every community, the largest first
    sizes = pd.Series(community).value_counts()
    for c in sorted(sizes.index, key=lambda c: (-sizes[c], c)):
        if not any(community[n] == c for n in invited):
            best = next(n for n in by_priority if community[n] == c)
            invite(best, "eingeladen, damit die Gemeinschaft vertreten ist")
    # d. shares of the seats by community size, then priority alone

    def by_merit(n: object) -> str:
        facts = []
        if appearances[n]:
            facts.append(
                "1 empfohlene Verbindung" if appearances[n] == 1 else f"{appearances[n]} empfohlene Verbindungen"
            )
        if n in in_conference:
            facts.append("Mitglied der Bildungskonferenz")
        lower = float(np.mean(between < between[kernel.index[n]]))
        if lower > 0:
            facts.append(f"vermittelt mehr als {percent(lower)} der Akteure")
        return "eingeladen nach Priorität (" + ", ".join(facts) + ")" if facts else "eingeladen, weil Plätze frei waren"

    quota = {c: max(1, int(wanted * k / kernel.n)) for c, k in sizes.items() if k >= 3}
    for n in invited:
        if community[n] in quota:
            quota[community[n]] -= 1
    for n in by_priority:
        if quota.get(community[n], 0) > 0 and n not in why:
            invite(n, by_merit(n))
            quota[community[n]] -= 1
    for n in by_priority:
        invite(n, by_merit(n))

    order = sorted(invited, key=lambda n: (community[n], -priority[n], str(n)))
    seat = {n: i % tables for i, n in enumerate(order)}

    def gain(a: object, b: object) -> int:
        if community[a] == community[b] or G.has_edge(a, b):
            return 0
        return NEW_CONTACT + (RECOMMENDED_EXTRA if frozenset((a, b)) in recommended else 0)

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
    groups: dict[int, list] = defaultdict(list)
    for n in invited:
        groups[int(table_of[position[n]])].append(n)
    rows = []
    for t in sorted(groups):
        for n in sorted(groups[t], key=lambda n: (community[n], str(n))):
            new = [m for m in groups[t] if m != n and community[m] != community[n] and not G.has_edge(n, m)]
            linked = [m for m in groups[t] if frozenset((n, m)) in recommended]
            reason = f"Gemeinschaft „{names[community[n]]}“; {why[n]}; {_contacts(len(new))}"
            if linked:
                reason += "; empfohlene Verbindung mit " + ", ".join(str(G.nodes[m].get("name", m)) for m in linked)
            rows.append([t + 1, n, G.nodes[n].get("name", n), names[community[n]], reason.rstrip(".") + "."])
    plan = pd.DataFrame(rows, columns=CONFERENCE_COLUMNS)
    plan.attrs["hinweise"] = hinweise
    return plan
