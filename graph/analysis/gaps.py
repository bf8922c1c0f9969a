"""Gaps ("Lücken"): missing offers, transitions without cooperation, isolated actors.

Rules (DOMAIN.md §5), thresholds as parameters:

- **Offer gap**: an offer located in area X is available in X, in every area
  above X and in every area below X (a district-wide offer reaches every
  Gemeinde). An (area, life phase[, target group]) cell is a gap when no valid
  offer is available there, or — with ``min_rate`` — fewer than ``min_rate``
  per 1,000 inhabitants. An offer for target group ``alle`` counts for every group.
- **Transition gap**: for a transition and an area, side A are the actors of
  the transition's handing-over types located in the area or below it; the
  share is the fraction of them with at least one cooperation with an actor
  of the taking-over types (anywhere). A gap when side A is not empty and the
  share is at most ``max_share`` (default 0).
- **Isolates**: actors outside the largest connected part of the cooperation network.
"""

from __future__ import annotations

from collections import Counter, defaultdict

import networkx as nx
import pandas as pd

from graph import model
from graph.build import AreaTree, located_in, nodes_of

GAP_COLUMNS = ["area", "area_name", "life_phase", "offers", "population", "rate", "gap", "explanation"]
TRANSITION_COLUMNS = [
    "area",
    "area_name",
    "transition",
    "actors_a",
    "actors_b",
    "linked",
    "share",
    "gap",
    "explanation",
]
ISOLATE_COLUMNS = ["id", "name", "component", "component_size", "explanation"]


def _phase_label(key: str) -> str:
    return model.VOCABULARIES["life_phase"][key]


def offer_gaps(L: nx.MultiDiGraph, *, by: str | None = None, min_rate: float | None = None) -> pd.DataFrame:
    """Count the offers available per area and life phase (and target group) and mark the gaps.

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape (:func:`graph.build.landscape`); not changed.
    by : {None, "target_group"}
        Split the cells further by target group.
    min_rate : float, optional
        Offers per 1,000 inhabitants below which a cell counts as a gap (where
        the population is known); by default only cells without offer are gaps.

    Returns
    -------
    pandas.DataFrame
        One row per area × life phase (× target group): area, area_name,
        life_phase, [target_group,] offers, population, rate (per 1,000
        inhabitants, where known), gap, explanation.
    """
    if by not in (None, "target_group"):
        raise ValueError(f"by must be None or 'target_group', not {by!r}")
    tree = AreaTree(L)
    phases = list(model.VOCABULARIES["life_phase"])
    groups = [g for g in model.VOCABULARIES["target_group"] if g != "alle"] if by else [None]
    counts: dict[tuple[str, str, str | None], int] = Counter()
    for key in nodes_of(L, "Offer"):
        data = L.nodes[key]
        area = located_in(L, key)
        if area is None or area not in tree.names:
            continue
        reach = tree.within(area) | set(tree.ancestors(area))
        offer_groups = set(data.get("target_groups", ()))
        for phase in data.get("life_phases", ()):
            for group in groups:
                if group is not None and not ({group, "alle"} & offer_groups):
                    continue
                for target in reach:
                    counts[(target, phase, group)] += 1
    rows = []
    for area in sorted(tree.names, key=lambda a: (_depth(tree, a), tree.label(a))):
        population = tree.population.get(area)
        for phase in phases:
            for group in groups:
                n = counts[(area, phase, group)]
                rate = n / population * 1000 if population else None
                gap = n == 0 or (min_rate is not None and rate is not None and rate < min_rate)
                rows.append(
                    [
                        area,
                        tree.label(area),
                        phase,
                        *([group] if by else []),
                        n,
                        population,
                        rate,
                        gap,
                        _gap_text(tree.label(area), phase, group, n, rate, gap, min_rate),
                    ]
                )
    columns = GAP_COLUMNS[:3] + (["target_group"] if by else []) + GAP_COLUMNS[3:]
    table = pd.DataFrame(rows, columns=columns)
    table["population"] = table["population"].astype("Int64")
    return table


def _depth(tree: AreaTree, area: str) -> int:
    return len(tree.ancestors(area))


def _gap_text(
    area: str, phase: str, group: str | None, n: int, rate: float | None, gap: bool, min_rate: float | None
) -> str:
    who = f"{_phase_label(phase)}"
    if group:
        who += f", Zielgruppe {model.VOCABULARIES['target_group'][group]}"
    if n == 0:
        return f"In {area} gibt es kein Angebot für die Lebensphase {who}."
    per = f" ({rate:.1f} je 1.000 Einwohner)".replace(".", ",", 1) if rate is not None else ""
    if gap:
        return f"In {area} gibt es nur {n} Angebot(e) für {who}{per}, weniger als {min_rate:g} je 1.000 Einwohner."
    return f"In {area} gibt es {n} Angebot(e) für {who}{per}."


def transition_gaps(L: nx.MultiDiGraph, *, max_share: float = 0.0) -> pd.DataFrame:
    """Measure, per area and transition, how many handing-over actors cooperate with the other side.

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape; not changed.
    max_share : float
        A transition is a gap when side A is not empty and the share is at most this (default 0).

    Returns
    -------
    pandas.DataFrame
        One row per area × transition with at least one actor on either side:
        area, area_name, transition, actors_a, actors_b (both counted in the
        area and below), linked (side-A actors with a cooperation to side B),
        share, gap, explanation.
    """
    tree = AreaTree(L)
    actor_type: dict[str, str | None] = {}
    actor_area: dict[str, str | None] = {}
    for key in nodes_of(L, "Actor"):
        actor_type[key] = L.nodes[key].get("actor_type")
        actor_area[key] = located_in(L, key)
    partners: dict[str, set[str]] = defaultdict(set)
    for u, v, kind in L.edges(data="kind"):
        if kind == "COOPERATES_WITH" and u in actor_type and v in actor_type:
            partners[u].add(v)
            partners[v].add(u)
    in_area: dict[str, list[str]] = defaultdict(list)
    for key, area in actor_area.items():
        if area is None:
            continue
        for target in {area, *tree.ancestors(area)}:
            in_area[target].append(key)
    rows = []
    for area in sorted(tree.names, key=lambda a: (_depth(tree, a), tree.label(a))):
        actors = in_area.get(area, [])
        for key, transition in model.TRANSITIONS.items():
            side_a = [a for a in actors if actor_type[a] in transition.side_a]
            side_b = [b for b in actors if actor_type[b] in transition.side_b]
            if not side_a and not side_b:
                continue
            linked = [a for a in side_a if any(actor_type[p] in transition.side_b for p in partners[a])]
            share = len(linked) / len(side_a) if side_a else None
            gap = bool(side_a) and share is not None and share <= max_share
            rows.append(
                [
                    area,
                    tree.label(area),
                    key,
                    len(side_a),
                    len(side_b),
                    len(linked),
                    share,
                    gap,
                    _transition_text(tree.label(area), key, len(side_a), len(linked), share),
                ]
            )
    return pd.DataFrame(rows, columns=TRANSITION_COLUMNS)


def _transition_text(area: str, key: str, n_a: int, linked: int, share: float | None) -> str:
    label = model.VOCABULARIES["transition"][key]
    if not n_a:
        return f"In {area} gibt es keine Akteure, die beim Übergang {label} abgeben."
    other_side = "mit der aufnehmenden Seite"
    if linked == 0:
        return f"Übergang {label} in {area}: keiner der {n_a} abgebenden Akteure kooperiert {other_side}."
    return f"Übergang {label} in {area}: {linked} von {n_a} abgebenden Akteuren ({share:.0%}) kooperieren {other_side}."


def isolates(G: nx.Graph) -> pd.DataFrame:
    """List every actor outside the largest connected part of the cooperation network.

    Returns
    -------
    pandas.DataFrame
        id, name, component (1 = largest; the listed ones are 2, 3, …),
        component_size, explanation; sorted by component.
    """
    parts = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(map(str, c))))
    rows = []
    for number, part in enumerate(parts[1:], start=2):
        for node in sorted(part, key=str):
            name = G.nodes[node].get("name", node)
            if len(part) == 1:
                text = f"{name} hat keine Kooperationen."
            else:
                text = (
                    f"{name} kooperiert nur innerhalb einer Gruppe von {len(part)} Akteuren "
                    "ohne Verbindung zum übrigen Netzwerk."
                )
            rows.append([node, name, number, len(part), text])
    return pd.DataFrame(rows, columns=ISOLATE_COLUMNS)
