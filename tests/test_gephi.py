"""The cooperation network for Gephi: GEXF and GraphML that open with our picture's colours, positions and sizes."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from conftest import MINI, run_cli

from graph.dataset import Dataset, Rel
from graph.io.gephi import gephi_graph, network_bytes, write_network
from graph.views.network import SECTOR_COLORS, _sizes, layout

DAY = dt.date(2026, 6, 30)
NAMES = {
    "kita-sonne": "Kita Sonnenschein",
    "gs-linden": "Grundschule Lindenau",
    "vhs-kreis": "Volkshochschule Lindenau",
    "verein-sv": "Sportverein Auendorf",
}


def district() -> Dataset:
    """A Kita and a Grundschule that both reported their cooperation (intensity 2 and 3), the school
    with the VHS (1), a cooperation of Kita and VHS that ended in 2025, and a club without partners."""
    ds = Dataset()
    ds.add_node("Area", "kreis", {"name": "Landkreis Test", "area_type": "kreis"})
    ds.add_node("Area", "g1", {"name": "Lindenau", "area_type": "gemeinde"})
    ds.add_rel(Rel("PART_OF", "Area", "g1", "Area", "kreis"))
    kinds = {
        "kita-sonne": ("kita", "fruehe_bildung"),
        "gs-linden": ("grundschule", "schule"),
        "vhs-kreis": ("vhs", "weiterbildung"),
        "verein-sv": ("verein", "zivilgesellschaft"),
    }
    for actor, (kind, sector) in kinds.items():
        ds.add_node("Actor", actor, {"name": NAMES[actor], "actor_type": kind, "sector": sector})
        ds.add_rel(Rel("LOCATED_IN", "Actor", actor, "Area", "g1"))
    ties = [
        ("ko-1", "kita-sonne", "gs-linden", {"intensity": 2, "reported_by": "kita-sonne"}),
        ("ko-2", "gs-linden", "kita-sonne", {"intensity": 3, "reported_by": "gs-linden"}),
        ("ko-3", "gs-linden", "vhs-kreis", {"intensity": 1, "types": ["informationsaustausch"]}),
        ("ko-4", "kita-sonne", "vhs-kreis", {"intensity": 4, "until": dt.date(2025, 12, 31)}),
    ]
    for rel_id, a, b, props in ties:
        ds.add_rel(Rel("COOPERATES_WITH", "Actor", a, "Actor", b, {"id": rel_id, **props}))
    return ds


def rgb(color: str) -> dict[str, int]:
    return {"r": int(color[1:3], 16), "g": int(color[3:5], 16), "b": int(color[5:7], 16)}


@pytest.fixture(scope="module")
def gexf(tmp_path_factory):
    path = tmp_path_factory.mktemp("gephi") / "netz.gexf"
    write_network(district(), path, as_of=DAY)
    return path


def test_gexf_is_undirected_with_one_edge_per_pair_weighted_by_the_highest_intensity(gexf):
    G = nx.read_gexf(gexf)
    assert not G.is_directed() and not G.is_multigraph()
    assert ET.parse(gexf).getroot().find("{*}graph").get("defaultedgetype") == "undirected"
    assert set(G) == set(NAMES)
    # the two reports of Kita and Grundschule are one edge; the ended cooperation is not there
    assert {frozenset(e) for e in G.edges()} == {
        frozenset({"kita-sonne", "gs-linden"}),
        frozenset({"gs-linden", "vhs-kreis"}),
    }
    assert G.edges["kita-sonne", "gs-linden"]["weight"] == 3 and G.edges["kita-sonne", "gs-linden"]["Einträge"] == 2
    assert G.edges["gs-linden", "vhs-kreis"]["weight"] == 1
    assert G.edges["gs-linden", "vhs-kreis"]["Arten"] == "Informationsaustausch"


def test_gexf_nodes_carry_german_labels_and_the_measures(gexf):
    G = nx.read_gexf(gexf)
    school = G.nodes["gs-linden"]
    assert school["label"] == "Grundschule Lindenau"
    assert (school["Typ"], school["Sektor"], school["Gebiet"]) == ("Grundschule", "Schule", "Lindenau")
    assert G.nodes["vhs-kreis"]["Typ"] == "Volkshochschule"
    assert {n: G.nodes[n]["Zahl der Partner"] for n in G} == {
        "kita-sonne": 1,
        "gs-linden": 2,
        "vhs-kreis": 1,
        "verein-sv": 0,
    }
    # betweenness normalised over 4 actors: the school lies on the one path Kita–VHS of 3 pairs without it
    assert G.nodes["gs-linden"]["Brückenfunktion"] == pytest.approx(1 / 3)
    assert G.nodes["kita-sonne"]["Brückenfunktion"] == 0
    reference = nx.Graph()
    reference.add_nodes_from(NAMES)
    reference.add_edge("kita-sonne", "gs-linden", weight=3)
    reference.add_edge("gs-linden", "vhs-kreis", weight=1)
    expected = nx.pagerank(reference, alpha=0.85, weight="weight")
    for n in NAMES:
        assert G.nodes[n]["PageRank"] == pytest.approx(expected[n], abs=1e-4)
    # communities are named, never numbered
    assert all(G.nodes[n]["Gemeinschaft"] and not G.nodes[n]["Gemeinschaft"][-1].isdigit() for n in G)


SECTORS = {
    "gs-linden": "schule",
    "kita-sonne": "fruehe_bildung",
    "verein-sv": "zivilgesellschaft",
    "vhs-kreis": "weiterbildung",
}


def test_gexf_viz_has_the_colours_positions_and_sizes_of_the_network_picture(gexf):
    from graph.service import picture_parts
    from graph.views.picture import scene

    G = nx.read_gexf(gexf)
    parts = picture_parts(district(), DAY)
    drawn = scene(parts.graph, title=parts.title, subtitle=parts.subtitle, footer=parts.footer)
    for n, sector in SECTORS.items():
        viz = G.nodes[n]["viz"]
        assert {k: viz["color"][k] for k in "rgb"} == rgb(SECTOR_COLORS[sector]) and viz["color"]["a"] == 1.0
        disc = drawn.discs[n]
        # Gephi's y axis points up, the picture's down; the size is the disc's radius
        assert (viz["position"]["x"], viz["position"]["y"], viz["size"]) == pytest.approx((disc.x, -disc.y, disc.r))
    size = {n: G.nodes[n]["viz"]["size"] for n in G}
    assert size["gs-linden"] > size["kita-sonne"] > size["verein-sv"]
    # as in the picture, the club without partners stands in the strip below the network
    y = {n: G.nodes[n]["viz"]["position"]["y"] for n in G}
    assert y["verein-sv"] < min(y[n] for n in ("gs-linden", "kita-sonne", "vhs-kreis"))


def test_without_a_drawing_the_positions_are_the_views_layout():
    # the cooperation graph built by hand, the actors in the order of their ids
    picture = nx.Graph()
    for n, sector in SECTORS.items():
        picture.add_node(n, sector=sector, name=NAMES[n])
    picture.add_edge("gs-linden", "kita-sonne", weight=3)
    picture.add_edge("gs-linden", "vhs-kreis", weight=1)
    out = gephi_graph(picture)
    pos = layout(picture)
    sizes = _sizes(picture, "degree", None)
    for n, sector in SECTORS.items():
        viz = out.nodes[n]["viz"]
        assert {k: viz["color"][k] for k in "rgb"} == rgb(SECTOR_COLORS[sector])
        assert (viz["position"]["x"], viz["position"]["y"]) == pytest.approx((pos[n][0], -pos[n][1]))
        assert viz["size"] == pytest.approx(sizes[n])
    assert out.nodes["gs-linden"]["label"] == "Grundschule Lindenau"
    assert out.nodes["gs-linden"]["Zahl der Partner"] == 2 and out.edges["gs-linden", "kita-sonne"]["weight"] == 3


def test_graphml_has_the_flat_attributes_gephi_reads(tmp_path, gexf):
    path = tmp_path / "netz.graphml"
    write_network(district(), path, as_of=DAY)
    G = nx.read_graphml(path)
    H = nx.read_gexf(gexf)
    assert not G.is_directed() and G.number_of_edges() == 2 and set(G) == set(NAMES)
    for n in G:
        node, viz = G.nodes[n], H.nodes[n]["viz"]
        assert node["label"] == NAMES[n]
        assert (node["r"], node["g"], node["b"]) == (viz["color"]["r"], viz["color"]["g"], viz["color"]["b"])
        assert (node["x"], node["y"], node["size"]) == pytest.approx(
            (viz["position"]["x"], viz["position"]["y"], viz["size"])
        )
        assert node["Sektor"] == H.nodes[n]["Sektor"] and node["Zahl der Partner"] == H.nodes[n]["Zahl der Partner"]
    assert G.edges["kita-sonne", "gs-linden"]["weight"] == 3


def test_colouring_by_community_gives_each_community_one_colour():
    G = nx.Graph()
    G.add_edges_from([("a", "b"), ("b", "c"), ("x", "y")])
    groups = {"a": "Schule Nord", "b": "Schule Nord", "c": "Schule Nord", "x": "Kultur Süd", "y": "Kultur Süd"}
    out = gephi_graph(G, color_by="community", groups=groups)
    color = {n: tuple(out.nodes[n]["viz"]["color"][k] for k in "rgb") for n in out}
    assert color["a"] == color["b"] == color["c"] != color["x"] == color["y"]
    assert out.nodes["x"]["Gemeinschaft"] == "Kultur Süd"


def test_anonymised_network_names_no_organisation_and_no_area():
    data = network_bytes(district(), "gexf", as_of=DAY, anonymous=True).decode("utf-8")
    for actor_id, name in NAMES.items():
        assert name not in data and actor_id not in data
    assert "Lindenau" not in data and "Gebiet" not in data
    G = nx.read_gexf(__import__("io").BytesIO(data.encode()))
    assert G.number_of_nodes() == 4 and G.number_of_edges() == 2
    assert {G.nodes[n]["label"] for n in G} == set(G)  # ids are the pseudonyms
    graphml = network_bytes(district(), "graphml", as_of=DAY, anonymous=True).decode("utf-8")
    assert not any(name in graphml or actor_id in graphml for actor_id, name in NAMES.items())


def test_a_name_with_markup_stays_valid_xml(tmp_path):
    ds = district()
    ds.nodes["Actor"]["kita-sonne"]["name"] = 'Kita "<Sonne> & Mond"'
    for suffix in ("gexf", "graphml"):
        path = tmp_path / f"netz.{suffix}"
        write_network(ds, path, as_of=DAY)
        G = nx.read_gexf(path) if suffix == "gexf" else nx.read_graphml(path)
        assert G.nodes["kita-sonne"]["label"] == 'Kita "<Sonne> & Mond"'


def test_cli_exports_the_network_for_gephi(tmp_path):
    target = tmp_path / "netz.gexf"
    result = run_cli("export", str(target), "--network", "--as-of", "2026-06-30", "--input", str(MINI))
    assert result.returncode == 0, result.stderr
    assert "Kooperationsnetz am 30.06.2026 geschrieben" in result.stdout
    G = nx.read_gexf(target)
    assert G.number_of_nodes() > 0 and all("viz" in G.nodes[n] for n in G)
    wrong = run_cli("export", str(tmp_path / "netz.json"), "--network", "--input", str(MINI))
    assert wrong.returncode != 0 and "gexf" in wrong.stderr
    missing = run_cli("export", str(tmp_path / "alles.xlsx"))
    assert missing.returncode == 2 and "--format" in missing.stderr


def test_the_data_page_offers_the_network_for_gephi_on_the_sidebar_date(embedded_store):
    from conftest import DEMO, ROOT
    from streamlit.testing.v1 import AppTest

    from graph.io.validate import load_or_raise
    from graph.ui import data

    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=120)
    at.session_state["test_page"] = "data"
    at.session_state["as_of"] = DAY
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    labels = {b.proto.label for b in at.get("download_button")}
    assert {"Netz für Gephi (GEXF)", "Netz für Gephi (GRAPHML)"} <= labels
    assert any("Stand 30.06.2026" in m.value for m in at.markdown)
    gexf = data.gephi_bytes(embedded_store.revision(), DAY, "gexf", True)
    G = nx.read_gexf(__import__("io").BytesIO(gexf))
    names = {p["name"] for p in load_or_raise(DEMO).nodes["Actor"].values()}
    assert G.number_of_nodes() > 300 and not names & {G.nodes[n]["label"] for n in G}
