"""Gaps ("Lücken"): missing offers, transitions without cooperation, isolated actors.

Rules (DOMAIN.md §5), thresholds as parameters. Every analysis here is
computed on the whole district; ``area=`` only selects the rows of one area
and the areas below it, so that an area's finding is the same whether it is
asked for alone or read from the district table.

- **Where an offer counts.** An offer located in area X counts *locally* in X,
  in every area below X and in every area above X: an offer in a Gemeinde
  serves the Gemeinde and its Sozialräume; an offer in a Sozialraum serves
  that Sozialraum and counts for its Gemeinde (and the Kreis), but not for the
  neighbouring Sozialraum. An offer located at Kreis level (area type
  ``kreis``) is *district-wide* (``kreisweit``) for the areas below it and
  is counted separately; for the Kreis itself it is local. Offers without a
  known area and offers not valid on the date are not counted.
- **Offer gap.** For an area × life phase (× target group) cell, ``status`` is

  - ``ohne_einwohner`` when the area's population is 0 (an industrial estate):
    skipped, never a gap;
  - ``luecke`` (a gap) when no offer counts locally and none district-wide, or
    — with ``min_rate`` and a known population — when the local offers per
    1,000 inhabitants are *below* ``min_rate`` (exactly at the threshold is no gap);
  - ``nur_kreisweit`` when no offer counts locally but at least one district-wide
    offer does: a finding of its own ("nur kreisweite Angebote"), not a gap and
    not covered either;
  - ``versorgt`` otherwise.

  The rate counts local offers only (a district-wide hotline would otherwise
  give every small Gemeinde a high rate). An offer for target group ``alle``
  counts for every group.
- **Transition gap.** For a transition and an area, side A are the actors of
  the transition's handing-over types located in the area or below it; the
  share is the fraction of them with at least one cooperation with an actor
  of the taking-over types *anywhere* (a Grundschule in the next Gemeinde
  counts). A gap when side A is not empty and the share is at most
  ``max_share`` (default 0, so 0 is a gap); an area without side-A actors is
  never a gap.
- **Isolates.** Actors outside the largest connected part of the whole
  cooperation network (a partner outside the area counts).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Collection

import networkx as nx
import pandas as pd

from graph import german, model
from graph.build import AreaTree, cooperation_graph, located_in, nodes_of
from graph.errors import DataError

GAP_COLUMNS = [
    "area",
    "area_name",
    "life_phase",
    "offers",
    "local_offers",
    "district_offers",
    "population",
    "rate",
    "status",
    "gap",
    "explanation",
]
#: The values of the ``status`` column of :func:`offer_gaps` and their German labels.
OFFER_STATUS = {
    "luecke": "Lücke",
    "nur_kreisweit": "nur kreisweite Angebote",
    "versorgt": "versorgt",
    "ohne_einwohner": "ohne Einwohner (übersprungen)",
}
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


def _scope(tree: AreaTree, area: str | None) -> set[str]:
    """The areas whose rows are wanted: all, or ``area`` and the areas below it."""
    if area is None:
        return set(tree.names)
    if area not in tree.names:
        raise DataError(f"Gebiet „{area}“ gibt es nicht.")
    return tree.within(area)


def _ordered(tree: AreaTree, areas: Collection[str]) -> list[str]:
    """Kreis first, then Gemeinden, then Sozialräume, each by name."""
    return sorted(areas, key=lambda a: (_depth(tree, a), tree.label(a), a))


def _depth(tree: AreaTree, area: str) -> int:
    return len(tree.ancestors(area))


def offer_reach(tree: AreaTree, area: str) -> tuple[set[str], set[str]]:
    """Return the areas where an offer located in ``area`` counts locally and where it counts district-wide.

    Locally: ``area``, the areas below and above it. An offer at Kreis level
    (area type ``kreis``) counts locally only in the Kreis (and above) and
    district-wide in every area below it.

    Notes
    -----
    In a Kreis ``lk`` with Gemeinde ``g`` and its Sozialraum ``s``, an offer in
    ``s`` counts locally in ``s``, ``g`` and ``lk``; one in ``lk`` counts
    locally in ``lk`` and district-wide in ``g`` and ``s``.
    """
    above = set(tree.ancestors(area))
    if tree.types.get(area) == "kreis":
        return {area} | above, set(tree.descendants(area))
    return tree.within(area) | above, set()


def offer_gaps(
    L: nx.MultiDiGraph,
    *,
    by: str | None = None,
    min_rate: float | None = None,
    area: str | None = None,
) -> pd.DataFrame:
    """Count the offers available per area and life phase (and target group) and mark the gaps.

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape (:func:`graph.build.landscape`); not changed.
    by : {None, "target_group"}
        Split the cells further by target group.
    min_rate : float, optional
        Local offers per 1,000 inhabitants below which a cell is a gap (where
        the population is known; a rate equal to ``min_rate`` is no gap); by
        default only cells without any offer are gaps.
    area : str, optional
        Only the rows of this area and the areas below it. The counts are the
        district's: district-wide offers and offers in the areas above still
        count as the rules say (the module docstring).

    Returns
    -------
    pandas.DataFrame
        One row per area × life phase (× target group), Kreis first, then
        Gemeinden and Sozialräume by name: area, area_name, life_phase,
        [target_group,] offers (all that count here), local_offers,
        district_offers (located at Kreis level), population, rate (local
        offers per 1,000 inhabitants, where the population is known and not
        0), status (a key of :data:`OFFER_STATUS`), gap (status ``luecke``),
        explanation.

    Raises
    ------
    DataError
        If ``area`` is not an area of ``L``.

    Examples
    --------
    >>> import datetime as dt
    >>> from graph.build import landscape
    >>> from graph.dataset import Dataset, Rel
    >>> ds = Dataset(
    ...     {"Area": {"lk": {"name": "Kreis", "area_type": "kreis"},
    ...               "g": {"name": "Adorf", "area_type": "gemeinde", "population": 2000}},
    ...      "Offer": {"o": {"title": "Elterntelefon", "life_phases": ["u3"]}}},
    ...     [Rel("PART_OF", "Area", "g", "Area", "lk"), Rel("LOCATED_IN", "Offer", "o", "Area", "lk")],
    ... )
    >>> table = offer_gaps(landscape(ds, dt.date(2026, 1, 1)), area="g")
    >>> table.loc[table["life_phase"] == "u3", ["local_offers", "district_offers", "status"]].values.tolist()
    [[0, 1, 'nur_kreisweit']]
    """
    if by not in (None, "target_group"):
        raise ValueError(f"by must be None or 'target_group', not {by!r}")
    tree = AreaTree(L)
    wanted = _scope(tree, area)
    phases = list(model.VOCABULARIES["life_phase"])
    groups = [g for g in model.VOCABULARIES["target_group"] if g != "alle"] if by else [None]
    local: dict[tuple[str, str, str | None], int] = Counter()
    district: dict[tuple[str, str, str | None], int] = Counter()
    for key in nodes_of(L, "Offer"):
        data = L.nodes[key]
        where = located_in(L, key)
        if where is None or where not in tree.names:
            continue
        here, wide = offer_reach(tree, where)
        offer_groups = set(data.get("target_groups", ()))
        for phase in set(data.get("life_phases", ())):
            for group in groups:
                if group is not None and not ({group, "alle"} & offer_groups):
                    continue
                for target in here:
                    local[(target, phase, group)] += 1
                for target in wide:
                    district[(target, phase, group)] += 1
    rows = []
    for place in _ordered(tree, wanted):
        population = tree.population.get(place)
        name = tree.label(place)
        for phase in phases:
            for group in groups:
                n_local, n_district = local[(place, phase, group)], district[(place, phase, group)]
                rate = n_local * 1000 / population if population else None
                status = _status(population, n_local, n_district, rate, min_rate)
                rows.append(
                    [
                        place,
                        name,
                        phase,
                        *([group] if by else []),
                        n_local + n_district,
                        n_local,
                        n_district,
                        population,
                        rate,
                        status,
                        status == "luecke",
                        _gap_text(name, phase, group, status, n_local, n_district, rate, min_rate),
                    ]
                )
    columns = GAP_COLUMNS[:3] + (["target_group"] if by else []) + GAP_COLUMNS[3:]
    table = pd.DataFrame(rows, columns=columns)
    table["population"] = table["population"].astype("Int64")
    table["rate"] = table["rate"].astype(float)
    table["gap"] = table["gap"].astype(bool)
    return table


def _status(population: int | None, n_local: int, n_district: int, rate: float | None, min_rate: float | None) -> str:
    if population == 0:
        return "ohne_einwohner"
    if n_local == 0:
        return "nur_kreisweit" if n_district else "luecke"
    if min_rate is not None and rate is not None and rate < min_rate:
        return "luecke"
    return "versorgt"


def _number(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def _gap_text(
    area: str,
    phase: str,
    group: str | None,
    status: str,
    n_local: int,
    n_district: int,
    rate: float | None,
    min_rate: float | None,
) -> str:
    who = _phase_label(phase)
    if group:
        who += f", Zielgruppe {model.VOCABULARIES['target_group'][group]}"
    if status == "ohne_einwohner":
        return f"{area} hat keine Einwohner (Einwohnerzahl 0) und wird bei den Angebotslücken übersprungen."
    if status == "nur_kreisweit":
        return (
            f"In {area} gibt es für die Lebensphase {who} nur kreisweite Angebote ({n_district}), aber keines vor Ort."
        )
    if n_local == 0:
        return f"In {area} gibt es kein Angebot für die Lebensphase {who}."
    per = f" ({_number(rate, 2)} je 1.000 Einwohner)" if rate is not None else ""
    wide = (
        " Dazu kommt 1 kreisweites Angebot."
        if n_district == 1
        else (f" Dazu kommen {n_district} kreisweite Angebote." if n_district else "")
    )
    if status == "luecke":
        threshold = f"{min_rate:g}".replace(".", ",")
        return (
            f"In {area} gibt es nur {german.count(n_local, 'Angebot', 'Angebote')} vor Ort für {who}{per}, "
            f"weniger als {threshold} je 1.000 Einwohner.{wide}"
        )
    return f"In {area} gibt es {german.count(n_local, 'Angebot', 'Angebote')} vor Ort für {who}{per}.{wide}"


def transition_gaps(L: nx.MultiDiGraph, *, max_share: float = 0.0, area: str | None = None) -> pd.DataFrame:
    """Measure, per area and transition, how many handing-over actors cooperate with the other side.

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape; not changed.
    max_share : float
        A transition is a gap when side A is not empty and the share is at
        most this (default 0: a gap when no side-A actor is linked).
    area : str, optional
        Only the rows of this area and the areas below it. Partners outside
        the area still count: the table is the district's.

    Returns
    -------
    pandas.DataFrame
        One row per area × transition with at least one actor on either side:
        area, area_name, transition, actors_a, actors_b (both counted in the
        area and below), linked (side-A actors with a cooperation to a side-B
        actor anywhere in the district), share (None without side-A actors),
        gap, explanation.

    Raises
    ------
    DataError
        If ``area`` is not an area of ``L``.
    """
    tree = AreaTree(L)
    wanted = _scope(tree, area)
    actor_type: dict[str, str | None] = {}
    actor_area: dict[str, str | None] = {}
    for key in nodes_of(L, "Actor"):
        actor_type[key] = L.nodes[key].get("actor_type")
        actor_area[key] = located_in(L, key)
    partners: dict[str, set[str]] = defaultdict(set)
    for u, v, kind in L.edges(data="kind"):
        if kind == "COOPERATES_WITH" and u in actor_type and v in actor_type and u != v:
            partners[u].add(v)
            partners[v].add(u)
    in_area: dict[str, list[str]] = defaultdict(list)
    for key, place in actor_area.items():
        if place is None:
            continue
        for target in {place, *tree.ancestors(place)}:
            in_area[target].append(key)
    rows = []
    for place in _ordered(tree, wanted):
        actors = in_area.get(place, [])
        for key, transition in model.TRANSITIONS.items():
            side_a = [a for a in actors if actor_type[a] in transition.side_a]
            side_b = [b for b in actors if actor_type[b] in transition.side_b]
            if not side_a and not side_b:
                continue
            linked = [a for a in side_a if any(actor_type[p] in transition.side_b for p in partners[a])]
            share = len(linked) / len(side_a) if side_a else None
            gap = share is not None and share <= max_share
            rows.append(
                [
                    place,
                    tree.label(place),
                    key,
                    len(side_a),
                    len(side_b),
                    len(linked),
                    share,
                    gap,
                    _transition_text(tree.label(place), key, len(side_a), len(linked), share),
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
    percent = f"{share:.0%}".replace("%", " %")
    return f"Übergang {label} in {area}: {linked} von {n_a} abgebenden Akteuren ({percent}) kooperieren {other_side}."


def isolates(G: nx.Graph, *, areas: Collection[str] | None = None) -> pd.DataFrame:
    """List every actor outside the largest connected part of the cooperation network.

    Parameters
    ----------
    G : networkx.Graph
        The cooperation network (:func:`graph.build.cooperation_graph`); not changed.
    areas : collection of str, optional
        Only the actors located in these areas (node attribute ``area``). The
        parts are those of the whole network: an actor whose partner lies
        outside the areas is not isolated.

    Returns
    -------
    pandas.DataFrame
        id, name, component (1 = largest; the listed ones are 2, 3, …),
        component_size, explanation; sorted by component.
    """
    keep = None if areas is None else set(areas)
    parts = sorted(nx.connected_components(G), key=lambda c: (-len(c), min(map(str, c))))
    rows = []
    for number, part in enumerate(parts[1:], start=2):
        for node in sorted(part, key=str):
            if keep is not None and G.nodes[node].get("area") not in keep:
                continue
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


def gap_tables(
    L: nx.MultiDiGraph, *, area: str | None = None, by: str | None = None, min_rate: float | None = None
) -> dict[str, pd.DataFrame]:
    """Return the three gap tables of the district or of one area: ``gaps``, ``transitions``, ``isolates``.

    Everything is computed on the whole district and then restricted to
    ``area`` and the areas below it, so that an area's rows equal its rows in
    the district's tables.

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape; not changed.
    area : str, optional
        Only this area and the areas below it.
    by, min_rate
        As for :func:`offer_gaps`.
    """
    tree = AreaTree(L)
    wanted = _scope(tree, area)
    return {
        "gaps": offer_gaps(L, by=by, min_rate=min_rate, area=area),
        "transitions": transition_gaps(L, area=area),
        "isolates": isolates(cooperation_graph(L), areas=None if area is None else wanted),
    }
