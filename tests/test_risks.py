"""Key players against brute force, the only link between two sectors, and the wording of cut points.

Expected answers are computed here, independently of the code under test:
fragmentation from networkx's connected components over every k-set
(``itertools.combinations``), the only links from the definition applied node
by node with networkx.
"""

from __future__ import annotations

import functools
import itertools
import random

import networkx as nx
import pytest

from graph import model
from graph.analysis import brokerage, risks
from graph.analysis.kernels import Kernel

SECTOR = model.VOCABULARIES["sector"]


def fragmentation_of(G: nx.Graph, removed) -> float:
    """Borgatti's F = 1 − Σ s(s−1) / (n(n−1)) over the components left; removed nodes count as isolates."""
    n = G.number_of_nodes()
    rest = G.subgraph(set(G) - set(removed))
    return 1 - sum(len(c) * (len(c) - 1) for c in nx.connected_components(rest)) / (n * (n - 1))


GRAPHS = {
    "kite": nx.krackhardt_kite_graph(),
    "karate": nx.karate_club_graph(),
    "florentine": nx.florentine_families_graph(),
}


@functools.cache
def optimum(name: str, k: int) -> float:
    """The largest fragmentation any k actors reach, by trying every k-set."""
    G = GRAPHS[name]
    return max(fragmentation_of(G, chosen) for chosen in itertools.combinations(G, k))


def key_players(G: nx.Graph, top: int, seed: int = 0) -> list[tuple]:
    table = risks.risks(G, top=top, seed=seed)
    players = table[table["kind"] == "key_player"]
    return list(players[["id", "fragmentation"]].itertuples(index=False, name=None))


# -- key players ------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("k", [2, 3, 4])
@pytest.mark.parametrize("name", ["kite", "karate", "florentine"])
def test_key_players_reach_the_brute_force_optimum(name, k, seed):
    G = GRAPHS[name]
    players = key_players(G, k, seed)
    assert 1 <= len(players) <= k
    chosen = [node for node, _ in players]
    assert len(set(chosen)) == len(chosen)
    assert players[-1][1] == pytest.approx(fragmentation_of(G, chosen))
    assert players[-1][1] == pytest.approx(optimum(name, k))


def test_brute_force_optima_of_the_kite_are_the_hand_counted_ones():
    # without Fernando and Garth (5, 6): Andre…Ed (5) and Heather–Ike–Jane (3) left, 5·4 + 3·2 = 26 pairs;
    # one of Andre…Ed more: 4·3 + 3·2 = 18; Andre, Diane, Garth, Heather (0, 3, 6, 7): three pairs, 6
    assert [optimum("kite", k) for k in (2, 3, 4)] == pytest.approx([1 - 26 / 90, 1 - 18 / 90, 1 - 6 / 90])
    assert fragmentation_of(GRAPHS["kite"], [0, 3, 6, 7]) == pytest.approx(1 - 6 / 90)


def test_four_key_players_of_the_karate_club_fragment_more_than_a_greedy_four():
    G = GRAPHS["karate"]
    greedy: list = []
    for _ in range(4):  # ties go to the lowest node number
        greedy.append(max(sorted(set(G) - set(greedy)), key=lambda v: fragmentation_of(G, [*greedy, v])))
    assert fragmentation_of(G, greedy) == pytest.approx(0.6435, abs=1e-4)  # other tie orders: 0.7683
    assert key_players(G, 4)[-1][1] == pytest.approx(0.8520, abs=1e-4)


def test_key_players_are_listed_in_order_of_marginal_contribution():
    G = GRAPHS["karate"]
    players = key_players(G, 4)
    chosen = {node for node, _ in players}
    removed: list = []
    for node, f in players:
        best = max(fragmentation_of(G, [*removed, v]) for v in chosen - set(removed))
        removed.append(node)
        assert f == pytest.approx(best)
        assert f == pytest.approx(fragmentation_of(G, removed))


def test_the_same_seed_gives_the_same_key_players():
    G = nx.gnm_random_graph(60, 80, seed=4)
    assert key_players(G, 5, seed=3) == key_players(G, 5, seed=3)


def test_a_player_that_adds_nothing_is_not_listed():
    # a star of five and three isolated actors: without the centre nobody reaches anybody
    G = nx.star_graph(4)
    G.add_nodes_from(["x", "y", "z"])
    assert fragmentation_of(G, [0]) == 1.0
    assert key_players(G, 5) == [(0, 1.0)]


def test_each_of_two_stars_needs_its_centre_and_nothing_more():
    G = nx.disjoint_union(nx.star_graph(5), nx.star_graph(3))  # centres 0 and 6
    G.add_node("allein")
    players = key_players(G, 6)
    assert [node for node, _ in players] == [0, 6]  # the larger star first
    assert players[-1][1] == 1.0


def test_no_key_players_in_a_network_without_cooperations():
    G = nx.empty_graph(5)
    assert key_players(G, 3) == []


def test_plain_swaps_without_tabu_rounds_still_leave_a_valid_set():
    G = GRAPHS["karate"]
    kernel = Kernel(G)
    found = risks.key_players(kernel, 4, patience=0, work=0)  # greedy start and swaps while they improve
    chosen = [kernel.nodes[v] for v, _ in found]
    assert len(set(chosen)) == len(chosen) <= 4
    assert found[-1][1] == pytest.approx(fragmentation_of(G, chosen))


# -- the only link between two sectors ---------------------------------------------------------------


def sectors_graph(extra: list[tuple[str, str]] = (), extra_nodes: dict[str, str] | None = None) -> nx.Graph:
    """Two employment-promotion and two youth-welfare actors joined only through the education office."""
    nodes = {
        "ag": ("Agentur für Arbeit", "arbeitsfoerderung"),
        "jc": ("Jobcenter", "arbeitsfoerderung"),
        "bb": ("Bildungsbüro", "verwaltung"),
        "ja": ("Jugendamt", "jugendhilfe"),
        "jz": ("Jugendzentrum", "jugendhilfe"),
    }
    for key, sector in (extra_nodes or {}).items():
        nodes[key] = (key, sector)
    G = nx.Graph()
    for key, (name, sector) in nodes.items():
        G.add_node(key, name=name, sector=sector)
    G.add_edges_from([("ag", "jc"), ("jc", "bb"), ("bb", "ja"), ("ja", "jz"), *extra])
    return G


def explanation(G: nx.Graph, node: str) -> str:
    return brokerage.brokers(G).set_index("id").at[node, "explanation"]


LINK = f"das einzige Bindeglied zwischen {SECTOR['arbeitsfoerderung']} und {SECTOR['jugendhilfe']}"


def test_the_only_actor_joining_two_sectors_is_called_their_only_link():
    G = sectors_graph()
    assert ("arbeitsfoerderung", "jugendhilfe") in brokerage.sole_links(G)["bb"]
    text = explanation(G, "bb")
    assert text.startswith("Bildungsbüro ")
    assert LINK == "das einzige Bindeglied zwischen Arbeitsförderung und Kinder- und Jugendhilfe"
    assert LINK in text


def test_both_ends_of_the_only_cooperation_between_two_sectors_are_their_only_link():
    # Agentur für Arbeit – Jobcenter – Jugendamt – Jugendzentrum: the Agentur reaches youth welfare only
    # through the Jobcenter, the Jugendzentrum reaches employment promotion only through the Jugendamt
    G = sectors_graph()
    G.remove_node("bb")
    G.add_edge("jc", "ja")
    assert LINK in explanation(G, "jc")
    assert LINK in explanation(G, "ja")
    assert LINK not in explanation(G, "ag")


def test_no_only_link_when_a_second_actor_joins_the_two_sectors():
    G = sectors_graph([("ag", "verein"), ("verein", "jz")], {"verein": "zivilgesellschaft"})
    assert all(("arbeitsfoerderung", "jugendhilfe") not in pairs for pairs in brokerage.sole_links(G).values())
    assert LINK not in explanation(G, "bb")


def test_no_only_link_when_the_two_sectors_cooperate_directly():
    G = sectors_graph([("ag", "jz")])
    assert LINK not in explanation(G, "bb")
    assert "Bindeglied" not in " ".join(brokerage.brokers(G)["explanation"])


def test_no_only_link_when_the_two_sectors_are_joined_elsewhere_in_the_network():
    G = sectors_graph([("ag2", "jz2")], {"ag2": "arbeitsfoerderung", "jz2": "jugendhilfe"})
    assert LINK not in explanation(G, "bb")


def only_links_by_definition(G: nx.Graph, group: str) -> dict:
    """The documented definition, applied to every actor and pair of groups with networkx."""
    found: dict = {}
    groups = sorted({d[group] for _, d in G.nodes(data=True) if d.get(group) is not None})
    for b in G:
        without = G.subgraph(set(G) - {b})
        touches = {G.nodes[b].get(group)} | {G.nodes[m].get(group) for m in G[b]}
        pairs = []
        for x, y in itertools.combinations(groups, 2):
            xs = {v for v in G if v != b and G.nodes[v].get(group) == x}
            ys = {v for v in G if v != b and G.nodes[v].get(group) == y}
            joined = any(nx.has_path(G, u, v) for u in xs for v in ys)
            joined_without = any(nx.has_path(without, u, v) for u in xs for v in ys)
            if joined and not joined_without and x in touches and y in touches:
                pairs.append((x, y))
        if pairs:
            found[b] = pairs
    return found


def clustered_graph(seed: int) -> nx.Graph:
    """Clusters of one group each (some actors without a group), joined in a tree plus a few extra ties."""
    rng = random.Random(seed)
    G = nx.Graph()
    clusters = []
    for c in range(7):
        team = rng.choice("ABCD")
        members = [f"{c}-{i}" for i in range(rng.randint(1, 4))]
        for m in members:
            G.add_node(m, **({"team": team} if rng.random() > 0.1 else {}))
        G.add_edges_from(itertools.pairwise(members))
        if len(members) > 2 and rng.random() < 0.5:
            G.add_edge(members[0], members[-1])
        if clusters:
            G.add_edge(rng.choice(members), rng.choice(rng.choice(clusters)))
        clusters.append(members)
    for _ in range(rng.randint(0, 2)):
        u, v = rng.sample(list(G), 2)
        G.add_edge(u, v)
    G.add_node("x", team=rng.choice("ABCD"))
    G.add_node("y", team=rng.choice("ABCD"))
    G.add_edge("x", "y")  # a second part of the network
    return G


@pytest.mark.parametrize("seed", range(12))
def test_only_links_equal_the_definition_applied_actor_by_actor(seed):
    G = clustered_graph(seed)
    assert brokerage.sole_links(G, "team") == only_links_by_definition(G, "team")


def test_the_clustered_test_graphs_have_only_links_to_find():
    assert sum(bool(only_links_by_definition(clustered_graph(seed), "team")) for seed in range(12)) >= 5


# -- cut points: singular and plural -----------------------------------------------------------------


@pytest.fixture()
def tail_graph() -> nx.Graph:
    """A triangle a–b–c with a tail a–d–e: without a, d and e are cut off; without d, e alone."""
    G = nx.Graph([("a", "b"), ("b", "c"), ("c", "a"), ("a", "d"), ("d", "e")])
    for node in G:
        G.nodes[node]["name"] = node.upper()
        G.nodes[node]["sector"] = "schule"
    return G


def test_a_cut_point_that_cuts_off_one_actor_says_so_in_the_singular(tail_graph):
    table = risks.risks(tail_graph, top=0).set_index("id")
    text = table.loc["d", "explanation"]
    assert text == "Ohne D wäre 1 Akteur ohne Verbindung zum übrigen Netzwerk."
    broker = explanation(tail_graph, "d")
    assert "ohne D wäre 1 Akteur ohne Verbindung zum übrigen Netzwerk" in broker
    assert "zerf" not in text + broker


def test_a_cut_point_that_cuts_off_two_actors_says_the_network_would_fall_apart(tail_graph):
    table = risks.risks(tail_graph, top=0).set_index("id")
    text = table.loc["a", "explanation"]
    assert text == "Ohne A zerfiele das Netzwerk: 2 Akteure verlören die Verbindung zum übrigen Netzwerk."
    assert "ohne A zerfiele das Netzwerk: 2 Akteure verlören die Verbindung" in explanation(tail_graph, "a")


def test_broker_sentences_begin_with_the_actors_name(tail_graph):
    table = brokerage.brokers(tail_graph)
    for row in table.itertuples(index=False):
        assert row.explanation.startswith(f"{row.name} "), row.explanation
    assert explanation(tail_graph, "e") == "E kooperiert nur innerhalb der eigenen Gruppe (Schule); 1 Kooperation."
