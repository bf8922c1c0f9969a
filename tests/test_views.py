"""The interactive network page: offline, escaped, allow-listed, input untouched."""

from __future__ import annotations

import copy
import json
import re

import networkx as nx
import pytest

from graph.views.network import aggregate, network_view

XSS = ["<img src=x onerror=alert(1)>", '"><script>alert(2)</script>', "</script><script>alert(3)</script>"]


def sample() -> nx.Graph:
    G = nx.Graph()
    for i, name in enumerate(["Kita Sonne", *XSS, "Jugendamt"]):
        G.add_node(
            f"a{i}",
            name=name,
            actor_type="kita",
            sector="fruehe_bildung",
            area="g1",
            email="geheim@example.org",
            phone="+49 1234",
        )
    G.add_edges_from([("a0", "a1", {"weight": 3}), ("a1", "a2", {"weight": 1}), ("a2", "a3", {}), ("a3", "a4", {})])
    return G


def data_of(html: str, name: str) -> list[dict]:
    match = re.search(rf"var {name} = new vis.DataSet\((.*?)\);\n", html, re.S)
    assert match, name
    return json.loads(match.group(1))


def test_the_page_loads_nothing_from_any_other_host():
    html = network_view(sample(), title="Test").html
    assert "default-src 'none'" in html  # Content-Security-Policy: no other host, no requests at all
    assert not re.search(r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", html, re.I)
    assert "cdn" not in html.lower().split("vis-network")[0]  # no CDN reference before the inlined library


def test_user_strings_are_escaped_everywhere():
    view = network_view(sample(), title=XSS[1], subtitle=XSS[0])
    html = view.html
    for bad in XSS:
        assert bad not in html
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in html  # the title as text
    labels = [n["title"] for n in data_of(html, "nodes")]
    assert any(XSS[0] in label for label in labels)  # intact inside JSON, where it is data, not markup


def test_only_allow_listed_attributes_reach_the_page():
    html = network_view(sample(), title="Test").html
    assert "geheim@example.org" not in html and "+49 1234" not in html
    keys = set().union(*(n.keys() for n in data_of(html, "nodes")))
    assert keys <= {"id", "label", "title", "color", "size", "x", "y", "shape", "borderWidth", "borderWidthSelected"}


def test_the_input_graph_is_not_changed():
    G = sample()
    before = copy.deepcopy(G)
    network_view(G, title="Test", color_by="community", groups={n: 1 for n in G}, focus="a0")
    assert nx.utils.graphs_equal(G, before) and dict(G.nodes(data=True)) == dict(before.nodes(data=True))


def test_legend_lists_the_colours_in_use_and_the_size_rule():
    view = network_view(sample(), title="Test", size_by="degree")
    assert view.legend == [("#F0E442", "Frühe Bildung")]
    assert "Größe: Zahl der Partner" in view.html and 'id="legend"' in view.html


def test_physics_is_off_for_large_views_and_positions_come_from_the_server():
    G = nx.gnm_random_graph(400, 800, seed=1)
    nx.set_node_attributes(G, "x", "name")
    view = network_view(G, title="Gross")
    options = json.loads(re.search(r"var options = (.*?);\n", view.html, re.S).group(1))
    assert options["physics"] == {"enabled": False}
    assert all("x" in n and "y" in n for n in data_of(view.html, "nodes"))


@pytest.mark.parametrize("bad", [{"color_by": "farbe"}, {"size_by": "umfang"}])
def test_unknown_display_options_are_refused(bad):
    with pytest.raises(ValueError):
        network_view(sample(), title="Test", **bad)


def test_aggregation_collapses_groups_and_counts_ties_between_them():
    G = sample()
    groups = {"a0": "A", "a1": "A", "a2": "B", "a3": "B", "a4": "C"}
    agg = aggregate(G, groups, {"A": "Nord", "B": "Süd", "C": "West"})
    assert agg.nodes["A"]["members"] == 2 and agg.nodes["A"]["name"] == "Nord"
    assert agg.edges["A", "B"]["ties"] == 1 and agg.edges["B", "C"]["ties"] == 1 and not agg.has_edge("A", "C")
