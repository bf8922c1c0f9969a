"""Analyses: published values, independent recomputations, the planted findings of the demo district and the CLI.

Known answers come from the literature (Krackhardt kite, Florentine families),
from networkx's own implementations, or from brute-force computations written
out in this file; never from the code under test. Nothing here needs the
database: the analyses take networkx graphs and :class:`~graph.dataset.Dataset`
objects, and the command line runs with ``--input``.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import math
import random
import re
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from graph import build, model
from graph.analysis import brokerage, centrality, change, communities, duplicates, gaps, links, risks, summary
from graph.analysis.kernels import Kernel
from graph.cli import main as cli_main
from graph.dataset import Dataset, Rel
from graph.io.validate import load_or_raise

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo" / "musterau.xlsx"
DEMO_README = ROOT / "data" / "demo" / "README.md"
MINI = ROOT / "tests" / "data" / "mini"
PLANTED = json.loads((ROOT / "data" / "demo" / "planted.json").read_text(encoding="utf-8"))
FROM = dt.date.fromisoformat(PLANTED["dates"]["from"])
TO = dt.date.fromisoformat(PLANTED["dates"]["to"])
MISSING_GROUP = "(ohne Angabe)"  # the documented group of nodes without the attribute
ROLES = ("coordinator", "consultant", "gatekeeper", "representative", "liaison")


# -- fixtures and independent helpers -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_pristine() -> Dataset:
    """The demo district Landkreis Musterau as loaded; only deep copies of it reach the code under test."""
    return load_or_raise(DEMO)


@pytest.fixture(scope="module")
def demo(demo_pristine: Dataset) -> Dataset:
    """The demo district, validated like an import (shared by the tests of this module)."""
    return copy.deepcopy(demo_pristine)


@pytest.fixture(scope="module")
def demo_graphs(demo: Dataset) -> dict[dt.date, tuple[nx.MultiDiGraph, nx.Graph]]:
    """Landscape and cooperation graph of the demo district at its two dates."""
    out = {}
    for day in (FROM, TO):
        landscape = build.landscape(demo, day)
        out[day] = (landscape, build.cooperation_graph(landscape))
    return out


def by_id(table: pd.DataFrame, column: str) -> dict:
    return dict(zip(table["id"], table[column], strict=True))


def with_weights(G: nx.Graph, seed: int) -> nx.Graph:
    """Return a copy of ``G`` with integer weights 1–4 (like intensities)."""
    rng = random.Random(seed)
    H = G.copy()
    for u, v in H.edges():
        H.edges[u, v]["weight"] = rng.randint(1, 4)
    return H


def random_graphs() -> list:
    """Connected, disconnected and isolate-rich random graphs, plain and weighted."""
    two_parts = nx.disjoint_union(nx.gnm_random_graph(30, 70, seed=4), nx.gnm_random_graph(20, 35, seed=5))
    two_parts.add_nodes_from(range(50, 55))  # five isolates
    graphs = {
        "connected gnm(60,200)": nx.gnm_random_graph(60, 200, seed=1),
        "sparse gnm(80,70) with isolates": nx.gnm_random_graph(80, 70, seed=2),
        "gnm(40,45)": nx.gnm_random_graph(40, 45, seed=3),
        "two components and five isolates": two_parts,
        "weighted gnm(50,120)": with_weights(nx.gnm_random_graph(50, 120, seed=6), 6),
        "weighted sparse gnm(70,60)": with_weights(nx.gnm_random_graph(70, 60, seed=7), 7),
    }
    return [pytest.param(G, id=name) for name, G in graphs.items()]


def burt_constraint(G: nx.Graph, weight: str = "weight") -> dict:
    """Burt's constraint written out: c_i = sum_j (p_ij + sum_q p_iq p_qj)^2; NaN for isolates."""
    adjacency = {n: {m: float(G.edges[n, m].get(weight, 1)) for m in G[n] if m != n} for n in G}

    def p(i, j) -> float:
        total = sum(adjacency[i].values())
        return adjacency[i].get(j, 0.0) / total if total else 0.0

    out = {}
    for i, neighbours in adjacency.items():
        if not neighbours:
            out[i] = math.nan
            continue
        c = 0.0
        for j in neighbours:
            indirect = 0.0
            for q in neighbours:
                if q != j:
                    indirect += p(i, q) * p(q, j)
            c += (p(i, j) + indirect) ** 2
        out[i] = c
    return out


def borgatti_effective_size(G: nx.Graph) -> dict:
    """Effective size for unweighted ties: n - 2t/n (n neighbours, t ties among them); NaN for isolates."""
    out = {}
    for i in G:
        neighbours = set(G[i]) - {i}
        if not neighbours:
            out[i] = math.nan
            continue
        ties = sum(1 for a, b in itertools.combinations(neighbours, 2) if G.has_edge(a, b))
        out[i] = len(neighbours) - 2 * ties / len(neighbours)
    return out


def brute_force_brokerage(G: nx.Graph, group: str) -> dict:
    """Enumerate every ordered open two-path a -> b -> c (a != c, a and c not tied) and classify it."""
    g = {n: (d[group] if d.get(group) is not None else MISSING_GROUP) for n, d in G.nodes(data=True)}
    counts = {n: dict.fromkeys(ROLES, 0) for n in G}
    for b in G:
        for a in G[b]:
            for c in G[b]:
                if b in (a, c) or a == c or G.has_edge(a, c):  # a -> b -> c, three distinct, a and c untied
                    continue
                if g[a] == g[b] == g[c]:
                    role = "coordinator"
                elif g[a] == g[c]:
                    role = "consultant"
                elif g[b] == g[c]:
                    role = "gatekeeper"
                elif g[a] == g[b]:
                    role = "representative"
                else:
                    role = "liaison"
                counts[b][role] += 1
    return counts


def fragmentation_of(G: nx.Graph, removed: set) -> float:
    """Borgatti's F = 1 - sum s(s-1) / (n(n-1)) over the components after removal, n = all nodes.

    Removed nodes count as isolates (they add 0 to the sum), as :mod:`graph.analysis.risks` documents.
    """
    n = G.number_of_nodes()
    rest = G.subgraph(set(G) - removed)
    reached = sum(len(c) * (len(c) - 1) for c in nx.connected_components(rest))
    return 1 - reached / (n * (n - 1))


def valid(props: dict, day: dt.date) -> bool:
    """Validity as DOMAIN.md defines it: empty bounds are open, both bounds inclusive."""
    for lo, hi in (("valid_from", "valid_to"), ("since", "until")):
        if props.get(lo) is not None and props[lo] > day:
            return False
        if props.get(hi) is not None and props[hi] < day:
            return False
    return True


def snapshot(ds: Dataset, day: dt.date) -> tuple[set, set, set]:
    """Actors, cooperating pairs and (actor, committee) memberships valid on ``day``, counted from the rows."""
    actors = {a for a, p in ds.nodes["Actor"].items() if valid(p, day)}
    committees = {c for c, p in ds.nodes["Committee"].items() if valid(p, day)}
    ties = {
        frozenset((r.start, r.end))
        for r in ds.rels
        if r.type == "COOPERATES_WITH"
        and r.start != r.end
        and r.start in actors
        and r.end in actors
        and valid(dict(r.props), day)
    }
    seats = {
        (r.start, r.end)
        for r in ds.rels
        if r.type == "MEMBER_OF" and r.start in actors and r.end in committees and valid(dict(r.props), day)
    }
    return actors, ties, seats


# -- 1. published values ----------------------------------------------------------------------------

# Krackhardt (1990): Andre 0 … Jane 9; Heather = 7, Ike = 8, Fernando = 5, Garth = 6, Diane = 3.
KITE_BETWEENNESS = {7: 0.389, 8: 0.222, 5: 0.231, 6: 0.231, 3: 0.102}
KITE_CLOSENESS = {3: 0.6, 5: 0.643, 6: 0.643, 7: 0.6, 8: 0.429, 9: 0.31}


@pytest.fixture(scope="module")
def kite_table() -> pd.DataFrame:
    return centrality.centrality(nx.krackhardt_kite_graph())


@pytest.mark.parametrize(("node", "expected"), KITE_BETWEENNESS.items())
def test_betweenness_of_the_krackhardt_kite_matches_published_values(kite_table, node, expected):
    assert by_id(kite_table, "betweenness")[node] == pytest.approx(expected, abs=1e-3)


def test_raw_betweenness_of_heather_in_the_kite_is_fourteen_paths(kite_table):
    n = 10
    assert by_id(kite_table, "betweenness")[7] * (n - 1) * (n - 2) / 2 == pytest.approx(14)


@pytest.mark.parametrize(("node", "expected"), KITE_CLOSENESS.items())
def test_closeness_of_the_krackhardt_kite_matches_published_values(kite_table, node, expected):
    assert by_id(kite_table, "closeness")[node] == pytest.approx(expected, abs=1e-3)


def test_heather_ranks_first_in_the_kite_centrality_table(kite_table):
    assert kite_table.iloc[0]["id"] == 7


@pytest.mark.parametrize(
    ("family", "column", "expected"),
    [("Medici", "betweenness", 0.522), ("Medici", "closeness", 0.56), ("Guadagni", "betweenness", 0.255)],
)
def test_centrality_of_the_florentine_families_matches_published_values(family, column, expected):
    table = centrality.centrality(nx.florentine_families_graph())
    assert by_id(table, column)[family] == pytest.approx(expected, abs=1e-3)


@pytest.fixture(scope="module")
def florentine_with_pucci() -> nx.Graph:
    """Padgett's 16 families: networkx leaves out the Pucci, who had no marriage tie (an isolate)."""
    G = nx.florentine_families_graph()
    G.add_node("Pucci")
    return G


def test_burt_constraint_of_the_medici_is_0_21(florentine_with_pucci):
    table = brokerage.brokers(florentine_with_pucci)
    assert by_id(table, "constraint")["Medici"] == pytest.approx(0.21, abs=1e-3)


def test_burt_constraint_and_effective_size_of_the_isolated_pucci_are_undefined(florentine_with_pucci):
    table = brokerage.brokers(florentine_with_pucci)
    assert math.isnan(by_id(table, "constraint")["Pucci"])
    assert math.isnan(by_id(table, "effective_size")["Pucci"])


def test_constraint_of_every_florentine_family_equals_burts_formula_written_out(florentine_with_pucci):
    table = brokerage.brokers(florentine_with_pucci)
    expected = burt_constraint(florentine_with_pucci)
    got = by_id(table, "constraint")
    assert got.keys() == expected.keys()
    for family, value in expected.items():
        assert got[family] == pytest.approx(value, abs=1e-12, nan_ok=True), family


@pytest.mark.parametrize("G", random_graphs())
def test_centrality_equals_networkx_on_random_graphs(G):
    table = centrality.centrality(G).set_index("id")
    assert sorted(table.index) == sorted(G)
    expected = {
        "degree": dict(G.degree()),
        "weighted_degree": dict(G.degree(weight="weight")),
        "betweenness": nx.betweenness_centrality(G),
        "closeness": nx.closeness_centrality(G),
        "pagerank": nx.pagerank(G, alpha=0.85, weight="weight", tol=1e-12, max_iter=10_000),
        "core_number": nx.core_number(G),
    }
    for column, values in expected.items():
        for node, value in values.items():
            assert table.at[node, column] == pytest.approx(value, abs=1e-6), (column, node)


@pytest.mark.parametrize("G", random_graphs())
def test_constraint_effective_size_and_articulation_equal_networkx_on_random_graphs(G):
    table = brokerage.brokers(G).set_index("id")
    weighted = "weight" if nx.get_edge_attributes(G, "weight") else None
    expected_constraint = nx.constraint(G, weight=weighted)
    expected_size = nx.effective_size(G)  # unweighted: Borgatti's n - 2t/n
    cut_points = set(nx.articulation_points(G))
    for node in G:
        assert table.at[node, "constraint"] == pytest.approx(expected_constraint[node], abs=1e-9, nan_ok=True)
        assert table.at[node, "effective_size"] == pytest.approx(expected_size[node], abs=1e-9, nan_ok=True)
        assert bool(table.at[node, "articulation"]) == (node in cut_points)


@pytest.mark.parametrize("G", random_graphs())
def test_constraint_and_effective_size_equal_the_formulas_written_out_on_random_graphs(G):
    table = brokerage.brokers(G).set_index("id")
    expected_constraint = burt_constraint(G)
    expected_size = borgatti_effective_size(G)
    for node in G:
        assert table.at[node, "constraint"] == pytest.approx(expected_constraint[node], abs=1e-9, nan_ok=True)
        assert table.at[node, "effective_size"] == pytest.approx(expected_size[node], abs=1e-9, nan_ok=True)


# -- 2. Gould–Fernandez brokerage -------------------------------------------------------------------


def grouped_graph(seed: int) -> nx.Graph:
    """A random graph with 3–5 groups in ``team``; about one node in six has no group."""
    rng = random.Random(seed)
    G = nx.gnm_random_graph(45, 110, seed=seed)
    n_groups = 3 + seed % 3
    for node in G:
        if rng.random() > 1 / 6:
            G.nodes[node]["team"] = f"g{rng.randrange(n_groups)}"
    return G


@pytest.mark.parametrize("seed", range(6))
def test_gould_fernandez_counts_equal_a_brute_force_enumeration_of_open_two_paths(seed):
    G = grouped_graph(seed)
    assert any("team" not in d for _, d in G.nodes(data=True))  # the test covers nodes without group
    expected = brute_force_brokerage(G, "team")
    table = brokerage.gould_fernandez(G, "team")
    for node in G:
        assert {role: int(table.at[node, role]) for role in ROLES} == expected[node], node


@pytest.mark.parametrize("seed", range(3))
def test_broker_table_reports_the_brute_force_role_counts(seed):
    G = grouped_graph(seed)
    expected = brute_force_brokerage(G, "team")
    table = brokerage.brokers(G, group="team").set_index("id")
    for node in G:
        assert {role: int(table.at[node, role]) for role in ROLES} == expected[node], node


def test_gould_fernandez_roles_on_a_hand_checked_graph():
    # b (X) has neighbours a1, a2 (X), c1, c2 (Y, tied to each other) and d (Z).
    # Open two-paths through b: {a1,a2} coordinator x2; {a_i,c_j} and {a_i,d} are 6 pairs, each
    # a representative one way and a gatekeeper the other; {c_j,d} liaison x2 each = 4;
    # {c1,c2} is closed. d (Z) mediates b (X) and f (X): consultant x2.
    # f (X) mediates d (Z) and g (no group): liaison x2.
    G = nx.Graph()
    for node, team in {"b": "X", "a1": "X", "a2": "X", "c1": "Y", "c2": "Y", "d": "Z", "f": "X"}.items():
        G.add_node(node, team=team)
    G.add_node("g")  # no group
    G.add_edges_from([("b", "a1"), ("b", "a2"), ("b", "c1"), ("b", "c2"), ("b", "d"), ("c1", "c2")])
    G.add_edges_from([("d", "f"), ("f", "g")])
    expected = {node: (0, 0, 0, 0, 0) for node in G}
    expected["b"] = (2, 0, 6, 6, 4)
    expected["d"] = (0, 2, 0, 0, 0)
    expected["f"] = (0, 0, 0, 0, 2)
    table = brokerage.gould_fernandez(G, "team")
    assert {node: tuple(int(table.at[node, r]) for r in ROLES) for node in G} == expected


# -- 3. sampled betweenness -------------------------------------------------------------------------


def test_betweenness_sampled_from_all_but_one_source_has_the_exact_mean_within_one_percent():
    G = nx.gnm_random_graph(200, 800, seed=11)
    assert nx.is_connected(G)
    kernel = Kernel(G)
    exact_by_node = nx.betweenness_centrality(G)
    exact = np.array([exact_by_node[n] for n in kernel.nodes])
    sampled = centrality.betweenness(kernel, k=kernel.n - 1, seed=3)
    assert sampled.mean() == pytest.approx(exact.mean(), rel=0.01)


def test_betweenness_sampled_from_half_the_sources_keeps_seven_of_the_exact_top_ten():
    seed = 1
    G = nx.barabasi_albert_graph(400, 2, seed=seed)
    kernel = Kernel(G)
    exact = nx.betweenness_centrality(G)
    sampled = centrality.betweenness(kernel, k=200, seed=seed)
    top_exact = set(sorted(exact, key=lambda n: -exact[n])[:10])
    top_sampled = {kernel.nodes[i] for i in np.argsort(-sampled, kind="stable")[:10]}
    overlap = len(top_exact & top_sampled)
    print(f"top-10 overlap of sampled (k=200) and exact betweenness, 400 nodes, seed {seed}: {overlap}/10")
    assert overlap >= 7, f"top-10 overlap {overlap}/10"
    # the sums are scaled up by n/k: the estimate is unbiased (measured here: within 1.3%)
    assert sampled.mean() == pytest.approx(np.mean(list(exact.values())), rel=0.05)


# -- 4. risks ---------------------------------------------------------------------------------------

SPARSE = [
    pytest.param(nx.gnm_random_graph(n, m, seed=s), id=f"gnm({n},{m},seed={s})")
    for n, m, s in [(60, 70, 1), (80, 85, 2), (50, 49, 3), (100, 130, 4), (40, 60, 5)]
]


def cut_off_without_node(G: nx.Graph, v) -> int:
    part = nx.node_connected_component(G, v)
    pieces = [len(c) for c in nx.connected_components(G.subgraph(part - {v}))]
    return len(part) - 1 - max(pieces)


def cut_off_without_edge(G: nx.Graph, u, v) -> int:
    H = G.copy()
    H.remove_edge(u, v)
    return min(len(nx.node_connected_component(H, u)), len(nx.node_connected_component(H, v)))


@pytest.mark.parametrize("G", SPARSE)
def test_articulation_points_and_bridges_equal_networkx_on_sparse_random_graphs(G):
    table = risks.risks(G, top=0)
    assert set(table.loc[table["kind"] == "articulation", "id"]) == set(nx.articulation_points(G))
    found = {frozenset((a, b)) for a, b in table.loc[table["kind"] == "bridge", ["a", "b"]].itertuples(index=False)}
    assert found == {frozenset(e) for e in nx.bridges(G)}
    assert len(table.loc[table["kind"] == "bridge"]) == len(found)


@pytest.mark.parametrize("G", SPARSE)
def test_cut_off_equals_a_brute_force_removal_of_the_node_or_tie(G):
    table = risks.risks(G, top=0)
    for row in table.itertuples(index=False):
        if row.kind == "articulation":
            assert row.cut_off == cut_off_without_node(G, row.id), row.id
        elif row.kind == "bridge":
            assert row.cut_off == cut_off_without_edge(G, row.a, row.b), (row.a, row.b)
    assert (table["kind"] != "key_player").any()


@pytest.mark.parametrize("G", SPARSE[:2])
def test_risks_are_sorted_by_kind_then_cut_off_highest_first(G):
    table = risks.risks(G, top=2)
    kinds = list(table["kind"])
    assert kinds == sorted(kinds, key=["articulation", "bridge", "key_player"].index)
    for kind in ("articulation", "bridge"):
        cut = list(table.loc[table["kind"] == kind, "cut_off"])
        assert cut == sorted(cut, reverse=True)


def test_first_key_player_of_the_kite_is_heather():
    table = risks.risks(nx.krackhardt_kite_graph(), top=1)  # the best pair and triple leave her out
    players = table[table["kind"] == "key_player"]
    assert players.iloc[0]["id"] == 7
    # Without Heather, Ike and Jane are cut off: F = 1 - (7*6 + 2*1) / (10*9)
    assert players.iloc[0]["fragmentation"] == pytest.approx(1 - 44 / 90)


@pytest.mark.parametrize(
    "G",
    [
        pytest.param(nx.krackhardt_kite_graph(), id="kite"),
        pytest.param(nx.florentine_families_graph(), id="florentine"),
        pytest.param(nx.gnm_random_graph(40, 55, seed=8), id="gnm(40,55)"),
    ],
)
def test_key_player_fragmentation_equals_borgattis_formula_and_each_player_adds_most_of_those_left(G):
    table = risks.risks(G, top=4, seed=1)
    players = table[table["kind"] == "key_player"]
    assert len(players) == 4
    removed: set = set()
    for row in players.itertuples(index=False):
        best = max(fragmentation_of(G, removed | {v}) for v in set(players["id"]) - removed)
        removed.add(row.id)
        assert row.fragmentation == pytest.approx(fragmentation_of(G, removed))
        assert row.fragmentation == pytest.approx(best)  # listed in order of marginal contribution


# -- 5. communities ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def community_graph() -> nx.Graph:
    G = nx.planted_partition_graph(4, 15, 0.5, 0.04, seed=3)
    G = with_weights(G, 3)
    G.add_node(60)  # an isolate
    return G


def test_communities_with_the_same_seed_give_the_same_partition(community_graph):
    random.seed(1)
    first = communities.communities(community_graph, seed=7)
    random.seed(99)  # the global generator must not matter
    second = communities.communities(community_graph, seed=7)
    pd.testing.assert_frame_equal(first, second)
    assert first["community"].nunique() >= 4


def test_community_modularity_terms_sum_to_the_modularity_of_the_partition(community_graph):
    members = communities.communities(community_graph, seed=0)
    table = communities.community_summary(community_graph, members)
    parts = [set(group["id"]) for _, group in members.groupby("community")]
    expected = nx.community.modularity(community_graph, parts, weight="weight")
    assert table["modularity"].sum() == pytest.approx(expected, abs=1e-12)
    assert table["size"].sum() == community_graph.number_of_nodes()


def test_community_numbers_run_from_one_for_the_largest():
    G = nx.disjoint_union(nx.complete_graph(6), nx.complete_graph(3))
    members = communities.communities(G)
    sizes = members["community"].value_counts().sort_index()
    assert list(sizes.index) == [1, 2] and list(sizes) == [6, 3]


def test_ei_index_of_a_hand_made_two_group_graph():
    # A: a1-a2, a2-a3 internal (2); B: b1-b2 internal (1); a1-b1, a3-b1 external (2 for each group).
    # E-I(A) = (2 - 2) / 4 = 0; E-I(B) = (2 - 1) / 3 = 1/3; group C (one isolate) has no ties: NaN.
    G = nx.Graph()
    for node, team in {"a1": "A", "a2": "A", "a3": "A", "a4": "A", "b1": "B", "b2": "B", "c1": "C"}.items():
        G.add_node(node, team=team)
    G.add_edges_from([("a1", "a2"), ("a2", "a3"), ("b1", "b2"), ("a1", "b1"), ("a3", "b1")])
    table = communities.ei_index(G, "team").set_index("group")
    assert table.at["A", "ei_index"] == pytest.approx(0.0)
    assert table.at["B", "ei_index"] == pytest.approx(1 / 3)
    assert math.isnan(table.at["C", "ei_index"])
    assert (table.at["A", "internal"], table.at["A", "external"], table.at["A", "actors"]) == (2, 2, 4)
    assert (table.at["B", "internal"], table.at["B", "external"], table.at["B", "actors"]) == (1, 2, 2)


# -- 6. projections ---------------------------------------------------------------------------------

AS_OF = dt.date(2025, 6, 1)


def actor(ds: Dataset, actor_id: str, **props) -> None:
    ds.add_node(
        "Actor", actor_id, {"name": f"Akteur {actor_id}", "actor_type": "kita", "sector": "fruehe_bildung", **props}
    )


def tie(ds: Dataset, tie_id: str, a: str, b: str, **props) -> None:
    ds.add_rel(Rel("COOPERATES_WITH", "Actor", a, "Actor", b, {"id": tie_id, **props}))


def seat(ds: Dataset, actor_id: str, committee: str, **props) -> None:
    ds.add_rel(Rel("MEMBER_OF", "Actor", actor_id, "Committee", committee, props))


@pytest.fixture
def hand_made() -> Dataset:
    ds = Dataset()
    for actor_id in "abc":
        actor(ds, actor_id)
    actor(ds, "late", valid_from=dt.date(2026, 1, 1))
    actor(ds, "gone", valid_to=dt.date(2024, 12, 31))
    tie(ds, "ko-1", "a", "b", intensity=4)
    tie(ds, "ko-2", "b", "a", intensity=2)  # parallel, the other direction
    tie(ds, "ko-3", "a", "b")  # parallel, no intensity (counts as 1)
    tie(ds, "ko-4", "a", "c", intensity=3, until=dt.date(2025, 5, 31))  # ended the day before
    tie(ds, "ko-5", "b", "c", intensity=1, since=dt.date(2025, 6, 2))  # starts the day after
    tie(ds, "ko-6", "b", "c", intensity=3, since=dt.date(2020, 1, 1), until=AS_OF)
    tie(ds, "ko-7", "a", "late", intensity=4)
    tie(ds, "ko-8", "c", "gone", intensity=4)
    for committee in ("k1", "k2"):
        ds.add_node("Committee", committee, {"name": committee, "committee_type": "arbeitskreis"})
    ds.add_node("Committee", "k3", {"name": "k3", "committee_type": "arbeitskreis", "valid_from": dt.date(2026, 1, 1)})
    for actor_id, committee in [("a", "k1"), ("b", "k1"), ("a", "k2"), ("b", "k2"), ("c", "k2"), ("a", "k3")]:
        seat(ds, actor_id, committee)
    seat(ds, "b", "k3")
    seat(ds, "c", "k1", until=dt.date(2025, 1, 1))  # left before the date
    seat(ds, "late", "k2")
    return ds


def test_cooperation_graph_honours_validity_of_actors_and_ties(hand_made):
    G = build.cooperation_graph(build.landscape(hand_made, AS_OF))
    assert set(G) == {"a", "b", "c"}
    assert {frozenset(e) for e in G.edges()} == {frozenset("ab"), frozenset("bc")}


def test_an_actor_not_yet_valid_is_absent_with_its_ties_and_memberships(hand_made):
    L = build.landscape(hand_made, AS_OF)
    assert "Actor:late" not in L and "Actor:gone" not in L
    assert "late" not in build.cooperation_graph(L)
    assert "late" not in build.co_membership(L)


def test_parallel_ties_merge_with_the_highest_intensity_as_weight_and_its_inverse_as_distance(hand_made):
    G = build.cooperation_graph(build.landscape(hand_made, AS_OF))
    assert G.edges["a", "b"]["weight"] == 4
    assert G.edges["a", "b"]["distance"] == pytest.approx(0.25)
    assert G.edges["a", "b"]["ties"] == 3
    assert G.edges["b", "c"]["weight"] == 3
    assert G.edges["b", "c"]["distance"] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("props", "present"),
    [
        ({"until": AS_OF}, True),
        ({"until": AS_OF - dt.timedelta(days=1)}, False),
        ({"since": AS_OF}, True),
        ({"since": AS_OF + dt.timedelta(days=1)}, False),
        ({}, True),
    ],
)
def test_a_cooperation_counts_on_the_days_its_validity_includes(props, present):
    ds = Dataset()
    actor(ds, "x")
    actor(ds, "y")
    tie(ds, "ko-1", "x", "y", **props)
    assert build.cooperation_graph(build.landscape(ds, AS_OF)).has_edge("x", "y") is present


def test_co_membership_weight_is_the_number_of_shared_committees(hand_made):
    P = build.co_membership(build.landscape(hand_made, AS_OF))
    weights = {frozenset((u, v)): w for u, v, w in P.edges(data="weight")}
    assert weights == {frozenset("ab"): 2, frozenset("ac"): 1, frozenset("bc"): 1}


def test_committee_overlap_weight_is_the_number_of_shared_members(hand_made):
    P = build.committee_overlap(build.landscape(hand_made, AS_OF))
    assert set(P) == {"k1", "k2"}
    assert P.edges["k1", "k2"]["weight"] == 2


# -- 7. planted findings of the demo district -------------------------------------------------------

DATES = [pytest.param(TO, id="to"), pytest.param(FROM, id="from")]


@pytest.mark.parametrize("day", DATES)
def test_planted_brokers_are_the_two_highest_ranked(demo_graphs, day):
    _, G = demo_graphs[day]
    table = brokerage.brokers(G)
    assert set(table.loc[table["broker_rank"] <= 2, "id"]) == set(PLANTED["brokers"])


@pytest.mark.parametrize("day", DATES)
def test_every_planted_offer_gap_is_found_and_no_other(demo_graphs, day):
    L, _ = demo_graphs[day]
    table = gaps.offer_gaps(L)
    found = set(table.loc[table["gap"], ["area", "life_phase"]].itertuples(index=False, name=None))
    assert found == {(g["area"], g["life_phase"]) for g in PLANTED["offer_gaps"]}


@pytest.mark.parametrize("day", DATES)
def test_every_planted_transition_gap_is_found_and_no_other(demo_graphs, day):
    L, _ = demo_graphs[day]
    table = gaps.transition_gaps(L)
    found = set(table.loc[table["gap"], ["area", "transition"]].itertuples(index=False, name=None))
    assert found == {(g["area"], g["transition"]) for g in PLANTED["transition_gaps"]}


@pytest.fixture(scope="module")
def demo_duplicates(demo_graphs) -> dict[dt.date, pd.DataFrame]:
    return {day: duplicates.duplicates(L) for day, (L, _) in demo_graphs.items()}


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize("kind", ["offer", "committee", "actor"])
def test_every_planted_duplicate_is_found_and_no_other(demo_duplicates, day, kind):
    table = demo_duplicates[day]
    found = {frozenset(pair) for pair in table.loc[table["kind"] == kind, ["a", "b"]].itertuples(index=False)}
    assert found == {frozenset(pair) for pair in PLANTED[f"duplicate_{kind}s"]}
    assert len(table[table["kind"] == kind]) == len(found)


@pytest.mark.parametrize("day", DATES)
def test_the_planted_isolated_cluster_is_among_the_isolates(demo_graphs, day):
    _, G = demo_graphs[day]
    table = gaps.isolates(G)
    cluster = set(PLANTED["isolated_cluster"])
    assert cluster <= set(table["id"])
    assert set(table.loc[table["id"].isin(cluster), "component_size"]) == {len(cluster)}
    largest = max(nx.connected_components(G), key=len)
    assert set(table["id"]) == set(G) - largest


def expected_change(ds: Dataset) -> dict[tuple[str, str], set]:
    """New and ended actors, cooperating pairs and memberships between the demo dates, from the rows."""
    actors1, ties1, seats1 = snapshot(ds, FROM)
    actors2, ties2, seats2 = snapshot(ds, TO)
    return {
        ("actor", "neu"): {(a,) for a in actors2 - actors1},
        ("actor", "beendet"): {(a,) for a in actors1 - actors2},
        ("cooperation", "neu"): {tuple(sorted(p)) for p in ties2 - ties1},
        ("cooperation", "beendet"): {tuple(sorted(p)) for p in ties1 - ties2},
        ("membership", "neu"): seats2 - seats1,
        ("membership", "beendet"): seats1 - seats2,
    }


def test_demo_readme_states_the_change_counted_from_the_rows(demo):
    text = " ".join(DEMO_README.read_text(encoding="utf-8").split())
    stated = re.search(
        r"(\d+) actors are new and (\d+) ended, (\d+) cooperations are new and (\d+) ended.*?"
        r"(\d+) committee seats are new and (\d+) ended",
        text,
    )
    assert stated, "the demo README states the change between the two dates"
    counted = tuple(len(rows) for rows in expected_change(demo).values())
    assert tuple(map(int, stated.groups())) == counted == (15, 8, 61, 31, 13, 16)  # 12 seats end with gr-12


def test_change_between_the_demo_dates_reports_exactly_the_new_and_ended_rows(demo):
    table = change.change(demo, FROM, TO)
    for (kind, label), rows in expected_change(demo).items():
        part = table[(table["kind"] == kind) & (table["change"] == label)]
        got = set(part["id"].map(lambda v: (v,))) if kind == "actor" else set(zip(part["a"], part["b"], strict=True))
        assert got == rows, (kind, label)
        assert len(part) == len(rows), (kind, label)


def test_change_metrics_report_actors_and_cooperations_at_both_dates(demo, demo_graphs):
    table = change.change(demo, FROM, TO).set_index("name")
    g1, g2 = demo_graphs[FROM][1], demo_graphs[TO][1]
    assert (table.at["Akteure", "value_from"], table.at["Akteure", "value_to"]) == (len(g1), len(g2))
    assert table.at["Dichte", "value_to"] == pytest.approx(nx.density(g2))
    assert table.at["Zusammenhangskomponenten", "value_from"] == nx.number_connected_components(g1)


# -- 8. missing links -------------------------------------------------------------------------------


def gemeinde_of(L: nx.MultiDiGraph, actor_key: str) -> str | None:
    """Walk LOCATED_IN then PART_OF upwards to the first area of type gemeinde."""
    areas = [v for _, v, k in L.out_edges(actor_key, data="kind") if k == "LOCATED_IN"]
    current = areas[0] if areas else None
    first = current
    while current is not None:
        if L.nodes[current].get("area_type") == "gemeinde":
            return L.nodes[current]["id"]
        parents = [v for _, v, k in L.out_edges(current, data="kind") if k == "PART_OF"]
        current = parents[0] if parents else None
    return L.nodes[first]["id"] if first else None


@pytest.fixture(scope="module")
def demo_links(demo_graphs) -> pd.DataFrame:
    L, G = demo_graphs[TO]
    return links.missing_links(L, G, top=0)


def test_no_suggested_pair_already_cooperates(demo_graphs, demo_links):
    _, G = demo_graphs[TO]
    assert len(demo_links) > 0
    assert not any(G.has_edge(a, b) for a, b in zip(demo_links["a"], demo_links["b"], strict=True))
    assert all(a != b for a, b in zip(demo_links["a"], demo_links["b"], strict=True))


def test_every_suggested_pair_is_two_steps_apart_or_the_two_sides_of_a_transition(demo_graphs, demo_links):
    L, G = demo_graphs[TO]
    kind = dict(G.nodes(data="actor_type"))
    for row in demo_links.itertuples(index=False):
        common = set(G[row.a]) & set(G[row.b])
        assert row.common_partners == len(common)
        if common:
            continue
        assert row.transition in model.TRANSITIONS, f"{row.a}, {row.b}: neither two steps apart nor a transition"
        transition = model.TRANSITIONS[row.transition]
        sides = {kind[row.a], kind[row.b]}
        a, b = (row.a, row.b) if kind[row.a] in transition.side_a else (row.b, row.a)
        assert kind[a] in transition.side_a and kind[b] in transition.side_b, sides
        assert gemeinde_of(L, f"Actor:{a}") == gemeinde_of(L, f"Actor:{b}") is not None
        assert not any(kind[p] in transition.side_b for p in G[a])


def test_missing_links_are_sorted_by_score_highest_first(demo_links):
    scores = list(demo_links["score"])
    assert scores == sorted(scores, reverse=True)


def test_missing_link_scores_follow_the_documented_formula(demo_links):
    # structure first: Adamic–Adar raised by at most half by the complementarity c (0–1)
    c = (
        0.5 * (demo_links["transition"] != "")
        + 0.3 * demo_links["same_area"].astype(bool)
        + 0.2 * (demo_links["shared_target_groups"] != "")
    )
    expected = demo_links["adamic_adar"] * (1 + 0.5 * c) + 0.05 * c
    assert list(demo_links["score"]) == pytest.approx(list(expected))


def test_adamic_adar_of_the_demo_links_equals_the_sum_over_common_partners(demo_graphs, demo_links):
    _, G = demo_graphs[TO]
    for row in demo_links.itertuples(index=False):
        expected = sum(1 / math.log(G.degree(w)) for w in set(G[row.a]) & set(G[row.b]))
        assert row.adamic_adar == pytest.approx(expected), (row.a, row.b)


def test_adamic_adar_on_a_hand_made_graph():
    # x and y share m1 (degree 3: x, y, w) and m2 (degree 4: x, y, z, w); they are not tied.
    G = nx.Graph([("x", "m1"), ("y", "m1"), ("w", "m1"), ("x", "m2"), ("y", "m2"), ("z", "m2"), ("w", "m2")])
    table = links.missing_links(nx.MultiDiGraph(), G, top=0)
    row = table[(table["a"] + table["b"]).isin(["xy", "yx"])].iloc[0]
    assert row["adamic_adar"] == pytest.approx(1 / math.log(3) + 1 / math.log(4))
    assert row["common_partners"] == 2


def string_ids(G: nx.Graph) -> nx.Graph:
    """Relabel nodes ``0, 1, …`` as ``"n0", "n1", …`` (actor ids are text)."""
    return nx.relabel_nodes(G, {n: f"n{n}" for n in G})


def test_without_areas_the_candidates_are_exactly_the_untied_pairs_two_steps_apart():
    G = string_ids(nx.gnm_random_graph(40, 60, seed=9))
    table = links.missing_links(nx.MultiDiGraph(), G, top=0)
    found = {frozenset((a, b)) for a, b in zip(table["a"], table["b"], strict=True)}
    expected = {
        frozenset((u, v)) for u, v in itertools.combinations(G, 2) if not G.has_edge(u, v) and set(G[u]) & set(G[v])
    }
    assert found == expected and len(table) == len(expected)
    aa = {frozenset((u, v)): p for u, v, p in nx.adamic_adar_index(G, [tuple(pair) for pair in expected])}
    for row in table.itertuples(index=False):
        assert row.adamic_adar == pytest.approx(aa[frozenset((row.a, row.b))])


def test_missing_links_explain_pairs_of_nodes_with_integer_ids_and_no_name():
    # the analyses take any networkx graph (the kite in centrality's docstring has integer nodes);
    # the explanation names common partners by their name, or their id where there is none
    G = nx.krackhardt_kite_graph()
    table = links.missing_links(nx.MultiDiGraph(), G, top=0)
    row = table[[{a, b} == {0, 4} for a, b in zip(table["a"], table["b"], strict=True)]].iloc[0]
    assert row["common_partners"] == 2  # Andre (0) and Ed (4) share Beverly (1) and Diane (3)
    assert "2 gemeinsame Partner (1, 3)" in row["explanation"]


def test_conference_explains_seats_of_nodes_with_integer_ids_and_no_name():
    # one table for everybody and one recommended link (Andre 0 – Jane 9): the reason names it
    G = nx.krackhardt_kite_graph()
    recommended = pd.DataFrame({"a": [0], "b": [9]})
    plan = links.conference(nx.MultiDiGraph(), G, tables=1, size=10, links=recommended)
    assert sorted(plan["id"]) == list(range(10))
    assert "empfohlene Verbindung mit 9" in by_id(plan, "reason")[0]


def test_no_pair_across_two_far_apart_components_is_suggested_without_a_transition(demo_links):
    G = string_ids(nx.disjoint_union(nx.gnm_random_graph(25, 50, seed=1), nx.gnm_random_graph(25, 50, seed=2)))
    component = {n: i for i, part in enumerate(nx.connected_components(G)) for n in part}
    table = links.missing_links(nx.MultiDiGraph(), G, top=0)
    assert len(table) > 0
    assert all(component[a] == component[b] for a, b in zip(table["a"], table["b"], strict=True))
    # in the demo, the Unkenbruch clubs are a far-apart component: only transition pairs may leave it
    cluster = set(PLANTED["isolated_cluster"])
    crossing = demo_links[demo_links["a"].isin(cluster) != demo_links["b"].isin(cluster)]
    assert (crossing["transition"] != "").all()


def test_top_limits_the_number_of_suggested_pairs(demo_graphs, demo_links):
    L, G = demo_graphs[TO]
    table = links.missing_links(L, G, top=10)
    assert len(table) == 10
    assert list(table["score"]) == pytest.approx(list(demo_links["score"].head(10)))


# -- 9. conference ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("tables", "size"), [(10, 8), (4, 5)])
def test_conference_has_the_asked_tables_none_overfull_and_nobody_twice(demo, demo_graphs, tables, size):
    L, G = demo_graphs[TO]
    plan = links.conference(L, G, tables=tables, size=size)
    assert list(plan.columns) == ["table", "id", "name", "community", "reason"]
    assert set(plan["table"]) == set(range(1, tables + 1))
    assert plan["table"].value_counts().max() <= size
    assert plan["id"].is_unique
    assert len(plan) == tables * size
    assert set(plan["id"]) <= set(G)
    person_names = {p["name"] for p in demo.nodes["Person"].values() if p.get("name")}
    text = " ".join(plan["name"].astype(str)) + " " + " ".join(plan["reason"].astype(str))
    assert not [name for name in person_names if name in text]
    assert not set(plan["id"]) & set(demo.nodes["Person"])


# -- 10. no analysis mutates its input --------------------------------------------------------------


def assert_unchanged(before, after) -> None:
    """Same graph, nodes, edges and every attribute (or the same Dataset / DataFrame)."""
    if isinstance(before, Dataset):
        assert after == before
        return
    if isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(after, before)
        return
    assert type(after) is type(before)
    assert nx.utils.graphs_equal(before, after)
    assert after.graph == before.graph
    assert list(after.nodes(data=True)) == list(before.nodes(data=True))
    if before.is_multigraph():
        assert list(after.edges(keys=True, data=True)) == list(before.edges(keys=True, data=True))
    else:
        assert list(after.edges(data=True)) == list(before.edges(data=True))


ANALYSES: dict[str, Callable] = {
    "centrality": lambda ds, L, G: centrality.centrality(G),
    "brokers": lambda ds, L, G: brokerage.brokers(G),
    "risks": lambda ds, L, G: risks.risks(G),
    "communities": lambda ds, L, G: communities.communities(G),
    "ei_index": lambda ds, L, G: communities.ei_index(G),
    "offer_gaps": lambda ds, L, G: gaps.offer_gaps(L, by="target_group", min_rate=1.0),
    "transition_gaps": lambda ds, L, G: gaps.transition_gaps(L),
    "isolates": lambda ds, L, G: gaps.isolates(G),
    "duplicates": lambda ds, L, G: duplicates.duplicates(L),
    "missing_links": lambda ds, L, G: links.missing_links(L, G),
    "conference": lambda ds, L, G: links.conference(L, G, tables=4, size=6),
    "change": lambda ds, L, G: change.change(ds, FROM, TO),
    "summary": lambda ds, L, G: summary.summary(ds, as_of=TO, since=FROM),
}


@pytest.mark.parametrize("name", ANALYSES)
def test_analysis_does_not_mutate_its_input(demo_pristine, name):
    # fresh inputs: the shared fixtures have been through other analyses already
    L = build.landscape(copy.deepcopy(demo_pristine), TO)
    pristine = (demo_pristine, L, build.cooperation_graph(L))
    ds, L, G = copy.deepcopy(pristine)
    result = ANALYSES[name](ds, L, G)
    assert result is not None
    assert_unchanged(pristine[0], ds)
    assert_unchanged(pristine[1], L)
    assert_unchanged(pristine[2], G)


def test_community_summary_does_not_mutate_its_inputs(demo_pristine):
    L = build.landscape(copy.deepcopy(demo_pristine), TO)
    G = build.cooperation_graph(L)
    members = communities.communities(G)
    saved_graph, saved_members = copy.deepcopy(G), members.copy(deep=True)
    table = communities.community_summary(G, members, area_names=build.AreaTree(L).names)
    assert len(table) > 0
    assert_unchanged(saved_graph, G)
    assert_unchanged(saved_members, members)


@pytest.mark.parametrize(
    "analysis",
    [
        pytest.param(lambda G: centrality.centrality(G), id="centrality"),
        pytest.param(lambda G: brokerage.brokers(G), id="brokers"),
        pytest.param(lambda G: risks.risks(G), id="risks"),
        pytest.param(lambda G: links.missing_links(nx.MultiDiGraph(), G), id="missing_links"),
    ],
)
def test_analysis_does_not_mutate_a_weighted_graph_with_graph_attributes(analysis):
    G = with_weights(nx.gnm_random_graph(50, 80, seed=5), 5)
    G.graph["as_of"] = TO
    nx.set_node_attributes(G, {n: {"name": f"n{n}", "sector": ["a", "b"][n % 2]} for n in G})
    saved = copy.deepcopy(G)
    analysis(G)
    assert_unchanged(saved, G)


# -- 11. command line -------------------------------------------------------------------------------

# the columns README.md documents for each KIND
DOCUMENTED = {
    "centrality": ["id", "name", "degree", "weighted_degree", "betweenness", "closeness", "pagerank", "core_number"],
    "brokers": [
        "id",
        "name",
        "betweenness",
        "constraint",
        "effective_size",
        "articulation",
        "coordinator",
        "consultant",
        "gatekeeper",
        "representative",
        "liaison",
        "broker_rank",
        "explanation",
    ],
    "risks": ["kind", "id", "a", "b", "name", "cut_off", "fragmentation", "explanation"],
    "communities": ["id", "name", "community"],
    "gaps": [
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
    ],
    "transitions": [
        "area",
        "area_name",
        "transition",
        "actors_a",
        "actors_b",
        "linked",
        "share",
        "gap",
        "explanation",
    ],
    "isolates": ["id", "name", "component", "component_size", "explanation"],
    "duplicates": ["kind", "a", "b", "a_name", "b_name", "score", "explanation"],
    "missing-links": [
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
    ],
    "conference": ["table", "id", "name", "community", "reason"],
    "change": ["kind", "change", "id", "a", "b", "name", "value_from", "value_to", "explanation"],
}
SUMMARY_TABLES = [
    "centrality",
    "brokers",
    "risks",
    "communities",
    "community_summary",
    "ei_index",
    "gaps",
    "transitions",
    "isolates",
    "duplicates",
    "missing_links",
    "conference",
    "change",
]


DEMO_ARGS = ("--input", "data/demo/musterau.xlsx", "--as-of", "2026-10-01")
SUBPROCESS_KINDS = ("centrality", "summary")  # the two the issue times; summary holds every table


def analyse_command(kind: str, *extra: str) -> list[str]:
    return [sys.executable, "-m", "graph.cli", "analyse", kind, *extra]


def broken_inputs(folder: Path) -> list[Path]:
    """A file that is no workbook, and a CSV folder with an unknown actor type."""
    not_a_workbook = folder / "kaputt.xlsx"
    not_a_workbook.write_text("kein Excel", encoding="utf-8")
    broken_folder = folder / "kaputt"
    shutil.copytree(MINI, broken_folder)
    actors = broken_folder / "Akteure.csv"
    text = actors.read_text(encoding="utf-8")
    assert ";Kita;" in text
    actors.write_text(text.replace(";Kita;", ";Kitta;", 1), encoding="utf-8")
    return [not_a_workbook, broken_folder]


class Runs:
    """Subprocesses started early; :meth:`get` waits for one and returns its completed process."""

    def __init__(self, running: dict[str, subprocess.Popen]) -> None:
        self.running = running
        self.done: dict[str, subprocess.CompletedProcess] = {}

    def get(self, key: str) -> subprocess.CompletedProcess:
        if key not in self.done:
            process = self.running[key]
            stdout, stderr = process.communicate(timeout=300)
            self.done[key] = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        return self.done[key]


@pytest.fixture(scope="module", autouse=True)
def cli_runs(tmp_path_factory) -> Iterator[Runs]:
    """``python -m graph.cli analyse …`` in subprocesses (cwd = project root).

    Started before the first test of this module so that they run beside the in-process tests on
    the second core. Keys: the KINDs of :data:`SUBPROCESS_KINDS` on the demo workbook with
    ``--format json``, and ``invalid:<name>`` for the broken inputs.
    """
    commands = {kind: analyse_command(kind, *DEMO_ARGS, "--format", "json") for kind in SUBPROCESS_KINDS}
    for path in broken_inputs(tmp_path_factory.mktemp("kaputt")):
        commands[f"invalid:{path.name}"] = analyse_command("centrality", "--input", str(path), "--format", "json")
    runs = Runs(
        {
            key: subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for key, command in commands.items()
        }
    )
    yield runs
    for process in runs.running.values():
        if process.poll() is None:
            process.kill()
        process.communicate()


@pytest.fixture
def run_in_process(demo, monkeypatch, capsys) -> Callable[..., tuple[int, str]]:
    """Run ``bildungsnetz ARGS`` in this process; ``--input`` of the demo workbook reads the loaded copy.

    One subprocess per KIND and format would take most of the time budget (each reads the workbook
    anew); the subprocess tests above cover the real path from the command line to the loader.
    """
    import graph.io.validate

    real = graph.io.validate.load
    inputs: list[Path] = []

    def load(path: Path, known_ids: object = None) -> graph.io.validate.ImportResult:
        inputs.append(Path(path))
        if Path(path).resolve() == DEMO:
            return graph.io.validate.ImportResult(copy.deepcopy(demo), [])
        return real(path)

    monkeypatch.setattr(graph.io.validate, "load", load)
    monkeypatch.chdir(ROOT)

    def run(*args: str) -> tuple[int, str]:
        capsys.readouterr()
        code = cli_main(list(args))
        assert inputs, "the command read its --input"
        return code, capsys.readouterr().out

    return run


@pytest.mark.parametrize("kind", SUBPROCESS_KINDS)
def test_cli_in_a_subprocess_prints_valid_json_for_the_demo_workbook(cli_runs, kind):
    result = cli_runs.get(kind)
    assert result.returncode == 0, result.stderr
    parsed = json.loads(result.stdout)
    if kind == "summary":
        assert isinstance(parsed, dict) and list(parsed) == SUMMARY_TABLES
    else:
        assert isinstance(parsed, list) and parsed
        assert all(list(row) == DOCUMENTED[kind] for row in parsed)


def test_cli_summary_json_is_one_object_of_the_named_tables_with_the_documented_columns(cli_runs):
    tables = json.loads(cli_runs.get("summary").stdout)
    assert list(tables) == SUMMARY_TABLES
    assert all(isinstance(rows, list) for rows in tables.values())
    for kind, columns in DOCUMENTED.items():
        name = kind.replace("-", "_")
        assert tables[name], name
        assert all(isinstance(row, dict) and list(row) == columns for row in tables[name]), name
    assert {row["id"] for row in tables["brokers"] if row["broker_rank"] <= 2} == set(PLANTED["brokers"])


def test_cli_rejects_an_unreadable_input_with_exit_code_1(cli_runs):
    result = cli_runs.get("invalid:kaputt.xlsx")
    assert result.returncode == 1, result.stderr
    assert result.stdout == "" and "keine gültige Excel-Arbeitsmappe" in result.stderr


def test_cli_names_the_faulty_rows_of_an_input_and_analyses_the_rest(cli_runs):
    result = cli_runs.get("invalid:kaputt")
    assert result.returncode == 0, result.stderr
    assert "Zeile 2" in result.stderr and "fehlen in der Analyse" in result.stderr
    assert isinstance(json.loads(result.stdout), list)


@pytest.mark.parametrize("kind", DOCUMENTED)  # summary: in a subprocess above
def test_cli_json_is_a_list_of_rows_with_the_documented_columns(run_in_process, kind):
    code, out = run_in_process("analyse", kind, *DEMO_ARGS, "--format", "json")
    assert code == 0
    parsed = json.loads(out)
    assert isinstance(parsed, list) and parsed
    assert all(isinstance(row, dict) and list(row) == DOCUMENTED[kind] for row in parsed)


@pytest.mark.parametrize("kind", DOCUMENTED)
def test_cli_csv_starts_with_the_german_titles_of_the_documented_columns(run_in_process, kind):
    # on the tiny mini dataset (4 actors), which also shows that empty tables still print their header;
    # CSV is for German Excel (BOM, `;`, German titles as in the app, ids last), JSON keeps the English names
    from graph.display import columns

    code, out = run_in_process("analyse", kind, "--input", str(MINI), "--as-of", "2026-10-01", "--format", "csv")
    assert code == 0 and out.startswith("\ufeff")
    spec = columns(kind)
    titles = [spec[c].title for c in DOCUMENTED[kind] if spec[c].kind != "id"]
    ids = [spec[c].title for c in DOCUMENTED[kind] if spec[c].kind == "id"]
    assert out.removeprefix("\ufeff").splitlines()[0].split(";") == titles + ids
    assert not set(titles + ids) & set(DOCUMENTED[kind])
