"""Change over time: what is new, what ended, and how the network moved between two dates."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pandas as pd

from graph.analysis.brokerage import brokers
from graph.build import cooperation_graph, landscape, nodes_of, sources
from graph.dataset import Dataset
from graph.errors import UsageError

COLUMNS = ["kind", "change", "id", "a", "b", "name", "value_from", "value_to", "explanation"]
TOP_BROKERS = 10


def _memberships(L: nx.MultiDiGraph) -> dict[tuple[str, str], tuple[str, str]]:
    out = {}
    for key in nodes_of(L, "Committee"):
        for member in sources(L, key, "MEMBER_OF"):
            out[(L.nodes[member]["id"], L.nodes[key]["id"])] = (
                L.nodes[member].get("name", ""),
                L.nodes[key].get("name", ""),
            )
    return out


def check_dates(start: dt.date, end: dt.date) -> None:
    """Raise :class:`~graph.errors.UsageError` if the earlier date ``start`` lies after ``end``."""
    if start > end:
        raise UsageError(
            f"Der frühere Stichtag ({start:%d.%m.%Y}) liegt nach dem späteren ({end:%d.%m.%Y}); bitte die Daten "
            "tauschen (--from vor --to)."
        )


def change(
    ds: Dataset,
    start: dt.date,
    end: dt.date,
    *,
    group: str = "sector",
    seed: int = 0,
    later_brokers: pd.DataFrame | None = None,
    later_landscape: nx.MultiDiGraph | None = None,
) -> pd.DataFrame:
    """Compare the network at two dates.

    Parameters
    ----------
    ds : Dataset
        The data with validity dates; not changed.
    start, end : date
        The earlier and the later date.
    group : str
        Grouping attribute of the broker ranking.
    seed : int
        Seed of the broker ranking's betweenness sample (only used above 10,000 actors).
    later_brokers : pandas.DataFrame, optional
        The :func:`~graph.analysis.brokerage.brokers` table of ``ds`` at ``end``
        if the caller has it already (it is not computed twice).
    later_landscape : networkx.MultiDiGraph, optional
        :func:`~graph.build.landscape` of ``ds`` at ``end``, likewise.

    Returns
    -------
    pandas.DataFrame
        kind (actor | cooperation | membership | committee | offer | metric | broker), change
        (neu | beendet | verändert | aufgestiegen | abgestiegen | gleich), id or
        a/b, name, value_from, value_to, explanation.
    """
    check_dates(start, end)
    before = landscape(ds, start)
    after = later_landscape if later_landscape is not None else landscape(ds, end)
    g1, g2 = cooperation_graph(before), cooperation_graph(after)
    rows: list[list[object]] = []
    when = f"zwischen {start:%d.%m.%Y} und {end:%d.%m.%Y}"
    for node in sorted(set(g2) - set(g1), key=str):
        name = g2.nodes[node]["name"]
        rows.append(["actor", "neu", node, None, None, name, None, None, f"{name} ist {when} hinzugekommen."])
    for node in sorted(set(g1) - set(g2), key=str):
        name = g1.nodes[node]["name"]
        rows.append(["actor", "beendet", node, None, None, name, None, None, f"{name} ist {when} weggefallen."])
    edges1 = {frozenset(e) for e in g1.edges()}
    edges2 = {frozenset(e) for e in g2.edges()}
    for label, edges, graph in (("neu", edges2 - edges1, g2), ("beendet", edges1 - edges2, g1)):
        for pair in sorted(edges, key=lambda p: sorted(map(str, p))):
            a, b = sorted(pair, key=str)
            na, nb = graph.nodes[a]["name"], graph.nodes[b]["name"]
            verb = "begonnen" if label == "neu" else "geendet"
            rows.append(
                [
                    "cooperation",
                    label,
                    None,
                    a,
                    b,
                    f"{na} – {nb}",
                    None,
                    None,
                    f"Die Kooperation {na} – {nb} hat {when} {verb}.",
                ]
            )
    m1, m2 = _memberships(before), _memberships(after)
    for label, keys, source in (("neu", m2.keys() - m1.keys(), m2), ("beendet", m1.keys() - m2.keys(), m1)):
        for actor, committee in sorted(keys):
            actor_name, committee_name = source[(actor, committee)]
            verb = "eingetreten in" if label == "neu" else "ausgeschieden aus"
            rows.append(
                [
                    "membership",
                    label,
                    None,
                    actor,
                    committee,
                    f"{actor_name} – {committee_name}",
                    None,
                    None,
                    f"{actor_name} ist {when} {verb} {committee_name}.",
                ]
            )
    rows += _appeared(before, after, "Committee", "committee", when)
    rows += _appeared(before, after, "Offer", "offer", when)
    metrics = {
        "Akteure": (g1.number_of_nodes(), g2.number_of_nodes()),
        "Kooperationen": (g1.number_of_edges(), g2.number_of_edges()),
        "Dichte": (nx.density(g1), nx.density(g2)),
        "Zusammenhangskomponenten": (nx.number_connected_components(g1), nx.number_connected_components(g2)),
        "Mittlere Zahl der Kooperationen": (_mean_degree(g1), _mean_degree(g2)),
    }
    for name, (x, y) in metrics.items():
        change_label = "gleich" if x == y else "verändert"
        rows.append(
            [
                "metric",
                change_label,
                None,
                None,
                None,
                name,
                x,
                y,
                f"{name}: {_fmt(x)} am {start:%d.%m.%Y}, {_fmt(y)} am {end:%d.%m.%Y}.",
            ]
        )
    r1 = brokers(g1, group=group, seed=seed).set_index("id")["broker_rank"]
    r2 = (later_brokers if later_brokers is not None else brokers(g2, group=group, seed=seed)).set_index("id")[
        "broker_rank"
    ]
    top = [n for n in r2.sort_values().index[:TOP_BROKERS]] + [
        n for n in r1.sort_values().index[:TOP_BROKERS] if n not in set(r2.sort_values().index[:TOP_BROKERS])
    ]
    for node in top:
        x = int(r1[node]) if node in r1.index else None
        y = int(r2[node]) if node in r2.index else None
        name = (g2.nodes[node] if node in g2 else g1.nodes[node])["name"]
        if x is None:
            label, text = "neu", f"{name} ist neu unter den wichtigsten Brückenakteuren (Rang {y})."
        elif y is None:
            label, text = "beendet", f"{name} (zuvor Rang {x}) ist nicht mehr im Netzwerk."
        elif y < x:
            label, text = "aufgestiegen", f"{name} ist von Rang {x} auf Rang {y} aufgestiegen."
        elif y > x:
            label, text = "abgestiegen", f"{name} ist von Rang {x} auf Rang {y} abgestiegen."
        else:
            label, text = "gleich", f"{name} bleibt auf Rang {y}."
        rows.append(["broker", label, node, None, None, name, x, y, text])
    return pd.DataFrame(rows, columns=COLUMNS)


#: How a committee or an offer is named in the sentences of :func:`change`.
_WORDS = {
    "Committee": ("Das Gremium", "gegründet", "aufgelöst", "name"),
    "Offer": ("Das Angebot", "neu eingerichtet", "beendet", "title"),
}


def _appeared(before: nx.MultiDiGraph, after: nx.MultiDiGraph, label: str, kind: str, when: str) -> list[list[object]]:
    """Rows for committees founded and dissolved (or offers new and ended) between the two landscapes."""
    subject, founded, dissolved, name_key = _WORDS[label]
    old = {before.nodes[k]["id"]: before.nodes[k] for k in nodes_of(before, label)}
    new = {after.nodes[k]["id"]: after.nodes[k] for k in nodes_of(after, label)}
    rows: list[list[object]] = []
    for change_label, ids, source, verb in (
        ("neu", sorted(new.keys() - old.keys()), new, founded),
        ("beendet", sorted(old.keys() - new.keys()), old, dissolved),
    ):
        for node_id in ids:
            name = source[node_id].get(name_key) or node_id
            text = f"{subject} „{name}“ wurde {when} {verb}."
            rows.append([kind, change_label, node_id, None, None, name, None, None, text])
    return rows


def _mean_degree(G: nx.Graph) -> float:
    return 2 * G.number_of_edges() / G.number_of_nodes() if G.number_of_nodes() else 0.0


def _fmt(value: float) -> str:
    if isinstance(value, int):
        return f"{value:,}".replace(",", ".")
    return (f"{value:.4f}" if abs(value) < 1 else f"{value:.2f}").replace(".", ",")
