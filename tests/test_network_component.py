"""The network component: its payload carries names as data only, its script loads nothing and parses no markup.

The Python side (the data the drawing gets, the selection it reports, the view in the URL, the
profile of a clicked actor) is tested here without a browser; the label placement runs in node
where it is installed. ``tests/e2e/test_network_click.py`` clicks the real drawing in Chromium.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import textwrap

import networkx as nx
import pytest
from conftest import DEMO, ROOT
from streamlit.testing.v1 import AppTest

from graph import service
from graph.analysis.centrality import centrality
from graph.build import cooperation_graph, landscape
from graph.dataset import Dataset, Rel
from graph.german import count
from graph.io.validate import load_or_raise
from graph.ui.components import network as component
from graph.ui.network import view_from_url, view_to_url
from graph.views.network import LABELS_JS, actor_profile, network_view

VHS = "ak-vhs-001"
XSS = [
    "<img src=x onerror=alert(1)>",
    '"><script>alert(2)</script>',
    "</script><script>alert(3)</script>",
    "javascript:alert(4)",
]
OUR_SCRIPTS = [ROOT / "graph" / "ui" / "components" / "network.js", LABELS_JS]
NODE = shutil.which("node")


def hostile_graph() -> nx.Graph:
    G = nx.Graph()
    for i, name in enumerate(["Kita Sonne", *XSS]):
        G.add_node(f"a{i}", name=name, actor_type="kita", sector="fruehe_bildung", email="geheim@example.org")
    G.add_edges_from([("a0", "a1", {"weight": 3}), ("a1", "a2", {"weight": 1}), ("a2", "a3", {}), ("a3", "a4", {})])
    return G


# -- the script and the styles -----------------------------------------------------------------------------


def test_the_component_script_asks_no_host_for_anything():
    script = component.script()
    for call in ("fetch(", "XMLHttpRequest", "WebSocket(", "sendBeacon", "importScripts", "import("):
        assert call not in script, call
    assert "sourceMappingURL" not in script  # not even the developer tools go looking for a map
    # the addresses in the bundled vis-network are its licence header, comments and the SVG namespace
    known = {
        "http://almende.com",
        "http://opensource.org/licenses/MIT",
        "http://www.apache.org/licenses/LICENSE-2.0",
        "http://www.w3.org/2000/svg",
        "https://github.com/uuidjs/uuid#getrandomvalues-not-supported",
        "https://github.com/visjs",
        "https://github.com/zloirock/core-js",
        "https://github.com/zloirock/core-js/blob/v3.21.1/LICENSE",
        "https://visjs.github.io/vis-network/",
    }
    assert set(re.findall(r"https?://[^\"' )\s]+", script)) <= known
    for own in OUR_SCRIPTS:
        assert not re.search(r"https?://|//[a-z0-9.-]+\.[a-z]{2,}/", own.read_text(encoding="utf-8")), own.name


def test_the_stylesheet_loads_no_font_image_or_import():
    css = component.stylesheet()
    assert "url(" not in css and "@import" not in css and "@font-face" not in css


@pytest.mark.parametrize("source", OUR_SCRIPTS, ids=lambda p: p.name)
def test_our_scripts_set_strings_as_text_never_as_markup(source):
    code = source.read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", "srcdoc"):
        assert sink not in code, sink
    assert not re.search(r"setAttribute\(\s*[\"']on", code)  # no event handler from a string


def test_the_vis_library_is_the_one_pyvis_ships_with_its_licence_and_defines_no_global():
    script = component.script()
    assert "@license" in script and "vis.js is dual licensed" in script
    assert "const vis = {};" in script and "}).call(undefined, vis, { exports: vis }, undefined);" in script
    assert script.rstrip().endswith("}")  # network.js comes last: its default export is the component


# -- the data the drawing gets -----------------------------------------------------------------------------


def test_names_travel_as_json_strings_and_nothing_else_leaves_the_graph():
    view = network_view(hostile_graph(), title=XSS[1], subtitle=XSS[0])
    data = view.component_data(["a1"])
    text = json.dumps(data)
    assert "geheim@example.org" not in text  # only allow-listed attributes
    assert json.loads(text) == data  # plain JSON: what the browser gets is data
    assert {n["id"]: n["title"].split("\n")[0] for n in data["nodes"]}["a1"] == XSS[0]  # intact, as text
    assert data["names"]["a2"] == XSS[1]
    keys = set().union(*(n.keys() for n in data["nodes"]))
    assert keys <= {"id", "label", "title", "color", "size", "x", "y", "shape", "borderWidth", "borderWidthSelected"}
    assert all(n["label"] == "" for n in data["nodes"])  # names are drawn by labels.js as canvas text
    assert set(data) == {
        "signature",
        "nodes",
        "edges",
        "options",
        "names",
        "top",
        "font",
        "legend",
        "notes",
        "texts",
        "height",
        "selected",
    }


def test_the_selection_names_nodes_of_the_view_only_once_each_in_order():
    view = network_view(hostile_graph(), title="Test")
    assert view.component_data(["a3", None, "a3", "gibt-es-nicht", "a0"])["selected"] == ["a3", "a0"]


def test_the_drawing_is_rebuilt_when_the_view_changes_not_when_the_selection_does():
    G = hostile_graph()
    view = network_view(G, title="Test")
    assert view.component_data([])["signature"] == view.component_data(["a1", "a2"])["signature"]
    assert (
        view.component_data([])["signature"]
        != network_view(G, title="Test", color_by="area").component_data()["signature"]
    )
    assert view.component_data([])["signature"] != view.component_data([], height=300)["signature"]


def test_the_offline_page_of_a_view_centres_the_searched_node_without_changing_the_view():
    view = network_view(hostile_graph(), title="Test")
    before = json.dumps(view.vis_nodes)
    page = view.page("a1")
    assert '"a1"' in page.split("var focus = ")[1].split(";")[0]
    assert json.dumps(view.vis_nodes) == before


@pytest.mark.parametrize(
    ("value", "ids"),
    [
        ({"ids": ["ak-1"], "n": 1}, ["ak-1"]),
        ({"ids": ["ak-1", "ak-2", "ak-3"], "n": 2}, ["ak-1", "ak-2"]),
        ({"ids": ["ak-1", "ak-1"], "n": 3}, ["ak-1"]),
        ({"ids": [1, None, {"x": 1}, "", "ak-2"]}, ["ak-2"]),
        ({"ids": "ak-1"}, []),
        (["ak-1"], []),
        (None, []),
    ],
)
def test_the_reported_selection_is_read_defensively(value, ids):
    assert component.selection(value) == ids


# -- where names go (labels.js in node) --------------------------------------------------------------------


def place(dots, forced, candidates, widths, height=10.0, gap=2.0, bounds=None):
    """Run ``bildungsnetzPlace`` of labels.js in node and return its boxes."""
    if NODE is None:
        pytest.skip("node ist nicht installiert")
    program = LABELS_JS.read_text(encoding="utf-8") + textwrap.dedent(
        f"""
        const widths = {json.dumps(widths)};
        const boxes = bildungsnetzPlace({json.dumps(dots)}, {json.dumps(forced)}, {json.dumps(candidates)},
            (id) => widths[id], {height}, {gap}, {json.dumps(bounds)});
        process.stdout.write(JSON.stringify(boxes));
        """
    )
    done = subprocess.run([NODE, "-e", program], capture_output=True, text=True, check=True, timeout=60)
    return json.loads(done.stdout)


def overlaps(a, b):
    return a["x1"] < b["x2"] and b["x1"] < a["x2"] and a["y1"] < b["y2"] and b["y1"] < a["y2"]


def covers(box, dot):
    cx = max(box["x1"], min(dot["x"], box["x2"]))
    cy = max(box["y1"], min(dot["y"], box["y2"]))
    return (dot["x"] - cx) ** 2 + (dot["y"] - cy) ** 2 < dot["r"] ** 2


def test_names_overlap_neither_each_other_nor_any_dot():
    G = nx.random_geometric_graph(120, 0.15, seed=3)
    dots = [{"id": f"n{n}", "x": x * 1000, "y": y * 700, "r": 6 + (n % 5) * 3} for n, (x, y) in G.nodes(data="pos")]
    widths = {d["id"]: 3 + (i % 7) for i, d in enumerate(dots)}
    candidates = [[d["id"], 6] for d in dots]
    boxes = place(dots, [], candidates, widths)
    assert len(boxes) > 20  # not vacuous: many names found room
    for i, box in enumerate(boxes):
        assert not any(overlaps(box, other) for other in boxes[i + 1 :]), box["id"]
        assert not any(covers(box, dot) for dot in dots), box["id"]


def test_a_selected_node_is_always_named_and_the_others_make_room_for_it():
    dots = [{"id": "a", "x": 0, "y": 0, "r": 10}, {"id": "b", "x": 14, "y": 0, "r": 3}]
    dots += [{"id": f"ring{i}", "x": 30 * (i - 4), "y": 25, "r": 10} for i in range(9)]
    boxes = place(dots, [["a", 0]], [["b", 0], ["ring0", 0]], {"a": 5, "b": 5, "ring0": 2})
    named = {box["id"]: box for box in boxes}
    assert named["a"]["forced"] is True  # however crowded, the selection is named
    assert not any(overlaps(named["a"], box) for box in boxes if box["id"] != "a")


def test_a_name_with_no_room_beside_its_dot_stands_apart_with_a_line_or_is_left_out():
    crowd = [{"id": f"c{i}-{j}", "x": i * 20, "y": j * 20, "r": 9} for i in range(-3, 4) for j in range(-3, 4)]
    widths = {d["id"]: 4 for d in crowd}
    near = place(crowd, [], [["c0-0", 0]], widths)
    far = place(crowd, [], [["c0-0", 12]], widths)
    assert near == []  # in the middle of the crowd, and not allowed to move away
    assert len(far) == 1 and far[0]["line"]  # allowed to: in free space, with a line to its dot


def test_names_stay_inside_the_visible_part():
    dots = [{"id": "edge", "x": 95, "y": 50, "r": 4}]
    boxes = place(dots, [], [["edge", 3]], {"edge": 4}, bounds={"x1": 0, "y1": 0, "x2": 100, "y2": 100})
    assert boxes and boxes[0]["x2"] <= 100 and boxes[0]["align"] == "right"


# -- the view in the URL -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo():
    return load_or_raise(DEMO)


def test_a_view_survives_the_round_trip_through_the_url(demo):
    values = {
        "net_sectors": ["schule", "kultur"],
        "net_types": [],
        "net_areas": [next(iter(demo.nodes["Area"]))],
        "net_edu": [],
        "net_committee": next(iter(demo.nodes["Committee"])),
        "net_color": "community",
        "net_size": "betweenness",
        "net_group": "none",
        "net_focus": "ak-vhs-001",
        "net_center": "ak-vhs-001",
        "net_ego": True,
        "net_depth": 2,
    }
    query = view_to_url(values)
    assert query["farbe"] == "community" and query["sektor"] == "schule,kultur" and query["schritte"] == "2"
    assert view_from_url(query, demo) == values


def test_the_default_view_has_a_plain_url():
    assert view_to_url({"net_color": "sector", "net_size": "degree", "net_group": "none", "net_depth": 1}) == {}


def test_a_hostile_or_stale_url_falls_back_to_the_default_view(demo):
    query = {
        "farbe": "<script>",
        "groesse": "'; DROP",
        "sektor": "schule,<img src=x>,kultur",
        "akteur": "ak-gibt-es-nicht",
        "umkreis": "../etc",
        "schritte": "99",
        "gremium": "javascript:alert(1)",
    }
    values = view_from_url(query, demo)
    assert values["net_color"] == "sector" and values["net_size"] == "degree"
    assert values["net_sectors"] == ["schule", "kultur"]
    assert values["net_focus"] is None and values["net_center"] is None and values["net_ego"] is False
    assert values["net_depth"] == 1 and values["net_committee"] is None


# -- the profile of a clicked actor ------------------------------------------------------------------------


def star() -> Dataset:
    """A Kita with five partners (two in a committee with it), one of them offering a course with it."""
    ds = Dataset()
    ds.add_node("Actor", "hub", {"name": "Kita Mitte", "actor_type": "kita", "sector": "fruehe_bildung"})
    for i in range(5):
        ds.add_node("Actor", f"p{i}", {"name": f"Partner {i}", "actor_type": "verein", "sector": "kultur"})
        since = dt.date(2020 + i, 1, 1)
        ds.add_rel(
            Rel("COOPERATES_WITH", "Actor", "hub", "Actor", f"p{i}", {"id": f"k{i}", "intensity": 3, "since": since})
        )
    ds.add_node("Actor", "late", {"name": "Später", "actor_type": "verein", "sector": "kultur"})
    ds.add_rel(Rel("COOPERATES_WITH", "Actor", "hub", "Actor", "late", {"id": "k9", "since": dt.date(2030, 1, 1)}))
    ds.add_node("Committee", "ak", {"name": "Arbeitskreis Frühe Bildung", "committee_type": "arbeitskreis"})
    ds.add_rel(Rel("MEMBER_OF", "Actor", "hub", "Committee", "ak", {"role": "chair"}))
    ds.add_node("Offer", "kurs", {"title": "Sprachkurs", "education_area": "fruehe_bildung"})
    ds.add_rel(Rel("PROVIDES", "Actor", "hub", "Offer", "kurs", {"role": "lead"}))
    return ds


def test_the_profile_tells_partners_committees_offers_and_measures_in_plain_german():
    L = landscape(star(), dt.date(2026, 1, 1))
    G = cooperation_graph(L)
    profile = actor_profile(L, G, centrality(G), "hub")
    assert [p["name"] for p in profile.partners] == [f"Partner {i}" for i in range(5)]  # not the later one
    assert profile.partners[0]["intensity"] == "monatlich" and profile.partners[0]["since"] == "01.01.2020"
    assert profile.committees == [("Arbeitskreis Frühe Bildung", "Vorsitz")]
    assert profile.offers == [("Sprachkurs", "federführend")]
    measures = dict(profile.measures)
    # the hub has 5 of 7 actors below it (the later partner is isolated on that day, and counted)
    assert measures["Kooperationen"] == "5 Partner – mehr als bei 85 % der Akteure"
    assert measures["Vermittlung"].startswith("höher als bei 85 % der Akteure: verbindet andere")
    leaf = dict(actor_profile(L, G, centrality(G), "p0").measures)
    assert leaf["Vermittlung"] == "keine: liegt auf keinem kürzesten Weg zwischen zwei anderen"


def test_an_actor_without_ties_gets_a_profile_without_partners():
    L = landscape(star(), dt.date(2026, 1, 1))
    G = cooperation_graph(L)
    profile = actor_profile(L, G, centrality(G), "late")
    assert profile.partners == [] and profile.committees == [] and dict(profile.measures)["Kooperationen"] == "keine"


# -- the page (AppTest) ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_loaded(embedded_store):
    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)
    return embedded_store


@pytest.fixture(autouse=True)
def served_on_loopback():
    """The app as ``bildungsnetz serve`` runs it: bound to 127.0.0.1 (single-user local mode)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


def open_network(query: dict[str, str] | None = None, **state: object) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=180)
    at.session_state["test_page"] = "network"
    at.session_state["as_of"] = dt.date(2026, 10, 1)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def drawing_data(at: AppTest) -> dict:
    element = next(e for e in at.get("bidi_component"))
    return json.loads(element.proto.json or element.proto.mixed.json)


def test_the_page_draws_the_network_in_the_component_and_shows_the_selected_profile(demo_loaded):
    at = open_network(net_focus="ak-vhs-001")
    assert not at.exception, [e.value for e in at.exception]
    data = drawing_data(at)
    assert data["selected"] == ["ak-vhs-001"] and len(data["nodes"]) == 412
    assert at.subheader[0].value == "Details: Kreisvolkshochschule Musterau"
    tabs = [t.label for t in at.tabs]
    assert tabs[0] == "Steckbrief" and tabs[1] == "Partner (55)"
    facts = dict(zip(at.dataframe[0].value["Merkmal"], at.dataframe[0].value["Wert"], strict=True))
    assert facts["Akteurstyp"] == "Volkshochschule" and facts["Gültig ab"] == "01.01.2015"
    assert "ak-" not in facts["Träger"]  # by name
    assert dict(at.query_params)["akteur"] == "ak-vhs-001"  # the view is in the URL


def test_a_view_url_sets_the_filters_colouring_and_ego_view(demo_loaded):
    query = {"farbe": "community", "sektor": "weiterbildung", "akteur": "ak-vhs-001", "umkreis": "ak-vhs-001"}
    at = open_network(query)
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="net_color").value == "community"
    assert at.multiselect(key="net_sectors").value == ["weiterbildung"]
    assert at.toggle(key="net_ego").value is True
    assert drawing_data(at)["selected"] == ["ak-vhs-001"]
    expected = service.network(
        demo_loaded.read_dataset(), dt.date(2026, 10, 1), service.NetworkFilter(sectors=("weiterbildung",), center=VHS)
    ).graph
    assert expected.number_of_nodes() < 20  # not vacuous: the filter and the ego view both apply
    nodes, edges = expected.number_of_nodes(), expected.number_of_edges()
    shown = f"{count(nodes, 'Akteur', 'Akteure')} · {count(edges, 'Kooperation', 'Kooperationen')}"
    assert shown in [c.value for c in at.caption]


def test_the_drawing_keeps_its_data_when_only_the_selection_changes(demo_loaded):
    at = open_network()
    before = drawing_data(at)
    at.session_state["net_focus"] = "ak-kita-001"
    at.run()
    after = drawing_data(at)
    assert before["signature"] == after["signature"] and after["selected"] == ["ak-kita-001"]


def test_two_chosen_actors_can_be_joined_by_a_new_cooperation(demo_loaded):
    at = open_network(net_focus="ak-vhs-001", net_second="ak-kita-001")
    assert at.subheader[0].value == "Kooperation anlegen"
    edges = len(drawing_data(at)["edges"])
    at.selectbox(key="net_coop_intensity").set_value("3")
    at.multiselect(key="net_coop_types").set_value(["abstimmung"])
    next(b for b in at.button if b.label == "Kooperation anlegen").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("Kooperation angelegt" in s.value for s in at.success)
    data = drawing_data(at)
    assert len(data["edges"]) == edges + 1
    assert any({e["from"], e["to"]} == {"ak-kita-001", "ak-vhs-001"} for e in data["edges"])
    ds = demo_loaded.read_dataset()
    new = [r for r in ds.rels if r.type == "COOPERATES_WITH" and {r.start, r.end} == {"ak-kita-001", "ak-vhs-001"}]
    assert len(new) == 1 and new[0].props["intensity"] in (3, "3") and list(new[0].props["types"]) == ["abstimmung"]


def test_edit_goes_to_the_actors_page_with_the_actor_chosen(demo_loaded):
    at = open_network(net_focus="ak-vhs-001")
    next(b for b in at.button if b.label == "Bearbeiten").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.title[0].value == "Akteure"
    assert at.selectbox(key="actor_chosen").value == "ak-vhs-001"
