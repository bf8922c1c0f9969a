"""Static network pictures: slide-sized, with title and legend, German characters, anonymised on request."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from conftest import DEMO, run_cli
from PIL import Image
from pypdf import PdfReader

from graph import service
from graph.errors import DataError
from graph.io.validate import load_or_raise

DAY = dt.date(2026, 10, 1)


@pytest.fixture(scope="module")
def demo():
    return load_or_raise(DEMO)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_png_is_slide_sized_and_at_least_1920_pixels_wide(demo, tmp_path):
    service.network_picture(demo, DAY, tmp_path / "netz.png")
    width, height = Image.open(tmp_path / "netz.png").size
    assert width >= 1920 and abs(width / height - 16 / 9) < 0.01


def test_pdf_has_title_legend_and_german_characters_as_text(demo, tmp_path):
    data = service.network_picture(demo, DAY, tmp_path / "netz.pdf", title="Kooperationsnetz Landkreis Musterau")
    text = pdf_text(data)
    for expected in (
        "Kooperationsnetz Landkreis Musterau",
        "Legende",
        "Frühe Bildung",
        "Größe: Zahl der Partner",
        "Bildungsbüro Landkreis Musterau",
    ):
        assert expected in text


def test_anonymised_picture_names_no_organisation(demo, tmp_path):
    data = service.network_picture(demo, DAY, tmp_path / "anonym.pdf", anonymous=True)
    text = pdf_text(data)
    names = [p["name"] for p in demo.nodes["Actor"].values()]
    assert not [n for n in names if n in text]
    assert "Kreisverwaltung G" in text or "Volkshochschule G" in text  # type and area code instead


def test_svg_is_written_and_an_unknown_format_is_refused(demo, tmp_path):
    service.network_picture(demo, DAY, tmp_path / "netz.svg", color_by="community", size_by="betweenness")
    assert (tmp_path / "netz.svg").read_text(encoding="utf-8").lstrip().startswith("<?xml")
    with pytest.raises(DataError, match="Bildformat"):
        service.network_picture(demo, DAY, tmp_path / "netz.gif")


def test_the_command_line_draws_a_filtered_picture(tmp_path):
    target = tmp_path / "schule.png"
    result = run_cli(
        "picture",
        str(target),
        "--input",
        str(DEMO),
        "--as-of",
        "2026-10-01",
        "--sector",
        "schule",
        "--title",
        "Schulen",
    )
    assert result.returncode == 0, result.stderr
    assert Image.open(target).size[0] >= 1920


# -- the laid-out picture: names, sizes, colours, paper -------------------------------------------------

import math  # noqa: E402
import random  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from itertools import combinations  # noqa: E402

import networkx as nx  # noqa: E402
from conftest import OUTPUT  # noqa: E402

from graph.views import picture as pic  # noqa: E402

SECTORS = [
    "fruehe_bildung",
    "schule",
    "jugendhilfe",
    "arbeitsfoerderung",
    "berufsbildung",
    "weiterbildung",
    "hochschule",
    "wirtschaft",
    "zivilgesellschaft",
    "kultur",
    "verwaltung",
]


def rect_overlap(a, b) -> bool:
    return a.x0 < b.x1 and b.x0 < a.x1 and a.y0 < b.y1 and b.y0 < a.y1


def circle_hits_rect(x, y, r, box) -> bool:
    nearest_x = min(max(x, box.x0), box.x1)
    nearest_y = min(max(y, box.y0), box.y1)
    return (nearest_x - x) ** 2 + (nearest_y - y) ** 2 < r * r


def assert_clean(sc) -> None:
    """Every text at least 7 pt; no name box overlaps another name box or any node (checked here, not by the module)."""
    assert all(t.size >= 7.0 for t in sc.all_texts()), min(t.size for t in sc.all_texts())
    boxes = [lb.box for lb in sc.labels]
    for a, b in combinations(boxes, 2):
        assert not rect_overlap(a, b), (a, b)
    for lb in sc.labels:
        for node, d in sc.discs.items():
            assert not circle_hits_rect(d.x, d.y, d.r, lb.box), (lb.text, node)
        assert sc.canvas.x0 <= lb.box.x0 and lb.box.x1 <= sc.canvas.x1
        assert sc.canvas.y0 <= lb.box.y0 and lb.box.y1 <= sc.canvas.y1


def crowded() -> nx.Graph:
    """A dense knot of 14 actors with long names around two hubs, plus a star and two isolated actors."""
    G = nx.complete_graph(14)
    G = nx.relabel_nodes(G, {i: f"k{i}" for i in G})
    G.add_edges_from(("k0", f"s{i}") for i in range(12))
    G.add_nodes_from(["iso1", "iso2"])
    for i, n in enumerate(G):
        G.nodes[n]["name"] = f"{i}. Familienbildungsstätte Musterau-Südstadt"
        G.nodes[n]["sector"] = SECTORS[i % len(SECTORS)]
    G.nodes["k0"]["name"] = "Bildungsbüro Landkreis Musterau"
    G.nodes["k7"]["name"] = "Kreisvolkshochschule Musterau"
    return G


def big_graph(n: int = 2000, seed: int = 3) -> nx.Graph:
    """A 2,000-actor network: a scale-free main part, ten small groups of three and 120 actors without ties."""
    rnd = random.Random(seed)
    core = nx.powerlaw_cluster_graph(n - 150, 2, 0.3, seed=seed)
    G = nx.Graph()
    G.add_nodes_from(f"a{i}" for i in core)
    G.add_edges_from((f"a{u}", f"a{v}", {"weight": rnd.randint(1, 4)}) for u, v in core.edges())
    k = n - 150
    for j in range(10):
        a, b, c = (f"a{k + 3 * j + t}" for t in range(3))
        G.add_edges_from([(a, b), (b, c)], weight=1)
    G.add_nodes_from(f"a{i}" for i in range(k + 30, n))
    for node in G:
        G.nodes[node]["name"] = f"{rnd.choice(['Kita', 'Verein', 'Grundschule', 'Jugendtreff'])} Nummer {node[1:]}"
        G.nodes[node]["sector"] = rnd.choice(SECTORS)
    return G


@pytest.fixture(scope="module")
def big():
    return big_graph()


def test_names_in_a_crowded_network_overlap_nothing_and_the_named_ones_are_all_there():
    G = crowded()
    sc = pic.scene(G, title="Dicht", focus="k7", named=["s3", "iso1"], labels=5)
    assert_clean(sc)
    shown = {lb.node for lb in sc.labels}
    by_degree = sorted(G, key=lambda n: (-G.degree(n), str(n)))[:5]  # the five with the most partners
    assert {"k7", "s3", "iso1", *by_degree} <= shown
    assert sc.unplaced == []
    focus_label = next(lb for lb in sc.labels if lb.node == "k7")
    assert focus_label.bold
    rings = [m for m in sc.marks if m.role == "ring"]
    assert [m.node for m in rings] == ["k7"] and rings[0].edge == "#E4002B"
    assert any("Roter Ring: Kreisvolkshochschule Musterau" in t.text for t in sc.legend_texts)


def test_the_drawing_prints_every_name_inside_its_computed_box():
    import matplotlib.pyplot as plt

    sc = pic.scene(crowded(), title="Dicht", named=["s3"], labels=6)
    fig = pic.render(sc)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    height = fig.get_figheight() * fig.dpi
    scale = 72.0 / fig.dpi
    by_text = {lb.text: lb.box for lb in sc.labels}
    checked = 0
    for artist in fig.axes[0].texts:
        box = by_text.get(artist.get_text())
        if box is None:
            continue
        extent = artist.get_window_extent(renderer)
        x0, x1 = extent.x0 * scale, extent.x1 * scale
        y0, y1 = (height - extent.y1) * scale, (height - extent.y0) * scale  # to points from the top
        assert box.x0 - 0.5 <= x0 and x1 <= box.x1 + 0.5 and box.y0 - 0.5 <= y0 and y1 <= box.y1 + 0.5
        checked += 1
    plt.close(fig)
    assert checked == len(sc.labels) >= 6


def test_a_2000_actor_network_fills_the_canvas_with_names_that_overlap_nothing(big):
    sc = pic.scene(big, title="Großkreis", named=["a1500", "a1999"], footer="Stand 01.10.2026")
    assert_clean(sc)
    shown = {lb.node for lb in sc.labels}
    degree = dict(big.degree())
    top = sorted(degree, key=lambda n: (-degree[n], n))[:20]
    assert {"a1500", "a1999", *top} <= shown and not sc.unplaced
    main = max(nx.connected_components(big), key=len)
    xs = [sc.discs[n].x for n in main]
    ys = [sc.discs[n].y for n in main]
    assert sc.strip is not None
    assert max(xs) - min(xs) > 0.8 * sc.canvas.width  # the main part uses the canvas, not a tenth of it
    assert max(ys) - min(ys) > 0.65 * (sc.strip.y0 - sc.canvas.y0)
    assert all(sc.strip.y0 <= sc.discs[n].y <= sc.strip.y1 for n in big if n not in main)
    strip_text = next(t.text for t in sc.texts if t.role == "strip")
    assert "120 Akteure ohne Kooperation" in strip_text and "10 kleine Gruppen mit 30 Akteuren" in strip_text
    legend = " ".join(t.text for t in sc.legend_texts)
    assert "2.000 Akteuren" in legend and "zusammengefasst" in legend  # aggregation is offered


def test_bigger_paper_names_more_actors_and_keeps_7_pt(big):
    counts = {}
    for paper in ("slide", "a3", "a0"):
        sc = pic.scene(big, title="Großkreis", paper=paper)
        assert_clean(sc)
        counts[paper] = len(sc.labels)
    assert counts["slide"] < counts["a3"] < counts["a0"]


def test_aggregation_draws_one_circle_per_community_and_says_so():
    G = nx.Graph()
    for part in range(3):
        G.add_edges_from((f"c{part}-{i}", f"c{part}-{(i + 1) % 5}") for i in range(5))
        for i in range(5):
            G.nodes[f"c{part}-{i}"].update(name=f"A{part}{i}", sector=SECTORS[part])
    G.add_edge("c0-0", "c1-0")
    groups = {n: f"Gruppe {n[1]}" for n in G}
    sc = pic.scene(G, title="Gruppen", groups=groups, aggregate="community")
    assert sorted(m.name for m in sc.marks if m.role == "node") == ["Gruppe 0", "Gruppe 1", "Gruppe 2"]
    assert {lb.text for lb in sc.labels} == {"Gruppe 0 (5)", "Gruppe 1 (5)", "Gruppe 2 (5)"}
    assert any("Zusammengefasst" in t.text for t in sc.legend_texts)


# -- colours ---------------------------------------------------------------------------------------------

#: Machado, Oliveira & Fernandes (2009), severity 1.0, applied to linear RGB.
DEUTERANOPIA = ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881))
PROTANOPIA = ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998))
NORMAL = ((1, 0, 0), (0, 1, 0), (0, 0, 1))


def simulated_lab(color: str, matrix) -> tuple[float, float, float]:
    srgb = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in srgb]
    sim = [min(1.0, max(0.0, sum(m * c for m, c in zip(row, lin, strict=True)))) for row in matrix]
    X = 0.4124 * sim[0] + 0.3576 * sim[1] + 0.1805 * sim[2]
    Y = 0.2126 * sim[0] + 0.7152 * sim[1] + 0.0722 * sim[2]
    Z = 0.0193 * sim[0] + 0.1192 * sim[1] + 0.9505 * sim[2]

    def f(t: float) -> float:
        return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29

    fx, fy, fz = f(X / 0.95047), f(Y), f(Z / 1.08883)
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def ciede2000(lab1, lab2) -> float:
    """CIEDE2000 colour difference (Sharma, Wu & Dalal 2005)."""
    L1, a1, b1 = lab1
    L2, a2, b2 = lab2
    C_bar = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    G = 0.5 * (1 - math.sqrt(C_bar**7 / (C_bar**7 + 25**7)))
    a1p, a2p = (1 + G) * a1, (1 + G) * a2
    C1p, C2p = math.hypot(a1p, b1), math.hypot(a2p, b2)
    h1p = math.degrees(math.atan2(b1, a1p)) % 360
    h2p = math.degrees(math.atan2(b2, a2p)) % 360
    dLp, dCp = L2 - L1, C2p - C1p
    dh = h2p - h1p
    if C1p * C2p == 0:
        dh = 0.0
    elif dh > 180:
        dh -= 360
    elif dh < -180:
        dh += 360
    dHp = 2 * math.sqrt(C1p * C2p) * math.sin(math.radians(dh / 2))
    Lp, Cp = (L1 + L2) / 2, (C1p + C2p) / 2
    if C1p * C2p == 0:
        hp = h1p + h2p
    elif abs(h1p - h2p) <= 180:
        hp = (h1p + h2p) / 2
    else:
        hp = (h1p + h2p + 360) / 2 if h1p + h2p < 360 else (h1p + h2p - 360) / 2
    T = (
        1
        - 0.17 * math.cos(math.radians(hp - 30))
        + 0.24 * math.cos(math.radians(2 * hp))
        + 0.32 * math.cos(math.radians(3 * hp + 6))
        - 0.20 * math.cos(math.radians(4 * hp - 63))
    )
    d_theta = 30 * math.exp(-(((hp - 275) / 25) ** 2))
    Rc = 2 * math.sqrt(Cp**7 / (Cp**7 + 25**7))
    Sl = 1 + 0.015 * (Lp - 50) ** 2 / math.sqrt(20 + (Lp - 50) ** 2)
    Sc, Sh = 1 + 0.045 * Cp, 1 + 0.015 * Cp * T
    Rt = -math.sin(math.radians(2 * d_theta)) * Rc
    return math.sqrt((dLp / Sl) ** 2 + (dCp / Sc) ** 2 + (dHp / Sh) ** 2 + Rt * (dCp / Sc) * (dHp / Sh))


def test_ciede2000_matches_the_published_test_pair():
    # Sharma, Wu & Dalal (2005), table 1, pair 1
    assert ciede2000((50.0, 2.6772, -79.7751), (50.0, 0.0, -82.7485)) == pytest.approx(2.0425, abs=1e-4)


@pytest.mark.parametrize("vision", [NORMAL, DEUTERANOPIA, PROTANOPIA], ids=["normal", "deuteranopia", "protanopia"])
def test_any_two_colours_stay_apart_for_normal_and_red_green_blind_vision(vision):
    from graph.views.network import OTHER_COLOR, PALETTE, SECTOR_COLORS

    colors = sorted({*PALETTE, *SECTOR_COLORS.values(), OTHER_COLOR})
    assert len(colors) <= 9  # eight colours plus grey for "weitere"
    worst = min(ciede2000(simulated_lab(a, vision), simulated_lab(b, vision)) for a, b in combinations(colors, 2))
    assert worst >= 10
    youth, civil = SECTOR_COLORS["jugendhilfe"], SECTOR_COLORS["zivilgesellschaft"]
    assert ciede2000(simulated_lab(youth, vision), simulated_lab(civil, vision)) >= 30


def test_eleven_sectors_get_eight_colours_the_working_life_sectors_sharing_one():
    from graph.views.network import node_colors

    G = nx.Graph()
    for i, sector in enumerate(SECTORS):
        for j in range(len(SECTORS) - i):  # fewer actors in the later sectors
            G.add_node(f"{sector}-{j}", sector=sector)
    colors, legend = node_colors(G, "sector", None, {})
    assert len(set(colors.values())) == 8 and "#BBBBBB" not in colors.values()
    work = {colors[f"{s}-0"] for s in ("berufsbildung", "arbeitsfoerderung", "weiterbildung", "hochschule")}
    assert len(work) == 1
    others = [
        colors[f"{s}-0"]
        for s in SECTORS
        if s not in ("berufsbildung", "arbeitsfoerderung", "weiterbildung", "hochschule")
    ]
    assert len(set(others)) == 7 and work.isdisjoint(others)
    labels = [label for _, label in legend]
    assert "Berufliche Bildung, Arbeitsförderung, Weiterbildung, Hochschule" in labels
    G.add_node("x", sector=None)  # without a sector: grey, said in the legend
    colors, legend = node_colors(G, "sector", None, {})
    assert colors["x"] == "#BBBBBB" and legend[-1] == ("#BBBBBB", "ohne Angabe")


def test_eight_sectors_or_fewer_keep_a_colour_each():
    from graph.views.network import node_colors

    G = nx.Graph()
    for sector in ("berufsbildung", "arbeitsfoerderung", "weiterbildung", "schule"):
        G.add_node(sector, sector=sector)
    colors, _ = node_colors(G, "sector", None, {})
    assert len(set(colors.values())) == 4


def model_label(sector: str) -> str:
    from graph import model

    return model.VOCABULARIES["sector"][sector]


def test_communities_given_as_numbers_are_named_by_sector_and_area_in_the_legend():
    from graph.views.network import node_colors

    G = nx.Graph()
    G.add_nodes_from(["k1", "k2"], sector="fruehe_bildung", area="nord")
    G.add_nodes_from(["s1", "s2"], sector="schule", area="sued")
    _, legend = node_colors(G, "community", {"k1": 1, "k2": 1, "s1": 2, "s2": 2}, {"nord": "Nordstadt", "sued": "Süd"})
    assert [label for _, label in legend] == ["Frühe Bildung Nordstadt", "Schule Süd"]


def test_fifteen_communities_get_eight_colours_and_weitere(demo):
    parts = service.picture_parts(demo, DAY, color_by="community")
    from graph.views.network import node_colors

    colors, legend = node_colors(parts.graph, "community", parts.groups, parts.area_names)
    assert len(set(colors.values())) <= 9
    assert not any(label.startswith("Gemeinschaft ") for _, label in legend)


# -- formats, frame and the demo pictures ---------------------------------------------------------------


def test_svg_keeps_names_as_text_elements(tmp_path):
    G = crowded()
    data = pic.picture(G, fmt="svg", title="Kooperationsnetz Testkreis", footer="erstellt mit Bildungsnetz")
    root = ET.fromstring(data)
    texts = ["".join(el.itertext()) for el in root.iter("{http://www.w3.org/2000/svg}text")]
    assert "Kooperationsnetz Testkreis" in texts
    assert "Bildungsbüro Landkreis Musterau" in texts
    assert "Legende" in texts
    assert b"DejaVu Sans" in data  # the font is named, not embedded as glyph outlines


@pytest.mark.parametrize(
    ("paper", "size"),
    [("slide", (960.0, 540.0)), ("a4", (841.89, 595.28)), ("a3", (1190.55, 841.89)), ("a0", (3370.39, 2383.94))],
)
def test_paper_sizes_of_the_pdf(paper, size):
    data = pic.picture(crowded(), fmt="pdf", title="Poster", paper=paper)
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox
    assert float(box.width) == pytest.approx(size[0], abs=1) and float(box.height) == pytest.approx(size[1], abs=1)


def test_title_subtitle_and_footer_say_district_date_filter_colouring_and_source(demo):
    flt = service.NetworkFilter(sectors=("schule",))
    parts = service.picture_parts(demo, DAY, flt, color_by="area")
    assert parts.title == "Kooperationsnetz Landkreis Musterau, Stand 01.10.2026"
    assert "Gezeigt: Sektor: Schule" in parts.subtitle and "Farbe: Gebiet" in parts.subtitle
    assert "Kooperationen" in parts.subtitle and "Verbindungen" not in parts.subtitle
    assert parts.footer.startswith("Stand 01.10.2026 · Quelle: ")
    assert "erstellt mit Bildungsnetz" in parts.footer and "anonymisiert" not in parts.footer
    assert "Farbe: Gebiet" in parts.description


def test_anonymised_picture_footer_says_so_and_names_no_actor(demo, tmp_path):
    data = service.network_picture(demo, DAY, tmp_path / "anonym.svg", anonymous=True)
    text = data.decode("utf-8")
    assert "anonymisiert" in text
    names = [p["name"] for p in demo.nodes["Actor"].values()]
    assert not [n for n in names if n in text]


def test_large_committees_leave_no_dashed_lines_and_the_legend_says_so(demo):
    parts = service.picture_parts(demo, DAY, service.NetworkFilter(co_membership=True))
    assert parts.left_out_committees == ["Bildungskonferenz Landkreis Musterau"]
    sc = pic.scene(parts.graph, title="t", left_out_committees=parts.left_out_committees)
    legend = " ".join(t.text for t in sc.legend_texts)
    assert "ohne große Gremien" in legend and "Bildungskonferenz" in legend
    whole = service.network(demo, DAY, service.NetworkFilter(co_membership=True)).graph
    dashed = sum(1 for *_, d in whole.edges(data=True) if d.get("committees"))
    kept = sum(1 for *_, d in parts.graph.edges(data=True) if d.get("committees"))
    assert kept < dashed


def test_pictures_for_looking_at(demo, big):
    """PNGs kept under test-output/pictures at their printed size: demo, focus, 2,000 actors, A3 poster."""
    target = OUTPUT / "pictures"
    target.mkdir(parents=True, exist_ok=True)
    service.network_picture(demo, DAY, target / "demo.png", named=["ak-kv-002", "ak-vhs-001"])
    service.network_picture(
        demo, DAY, target / "demo-fokus.png", flt=service.NetworkFilter(center="ak-kv-002", co_membership=True)
    )
    service.network_picture(demo, DAY, target / "demo-gemeinschaften.png", aggregate="community")
    service.network_picture(demo, DAY, target / "demo-a3.pdf", paper="a3", color_by="community")
    pic.picture(big, target / "2000-akteure.png", title="Kooperationsnetz Großkreis", footer="Stand 01.10.2026")
    assert Image.open(target / "2000-akteure.png").size == (2000, 1125)


def test_control_characters_in_names_do_not_break_svg_or_pptx():
    from pptx import Presentation

    G = nx.Graph([("a", "b")])
    G.nodes["a"].update(name="Kita\x07 Sonnen\tschein\n", sector="fruehe_bildung")
    G.nodes["b"].update(name="<Schule> & \x1bCo", sector="schule")
    svg = pic.picture(G, fmt="svg", title="Titel\x00", footer="Fuß\x0b")
    texts = ["".join(el.itertext()) for el in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    assert "Kita Sonnen schein" in texts and "<Schule> & Co" in texts
    slide = Presentation(io.BytesIO(pic.picture(G, fmt="pptx", title="Titel\x00"))).slides[0]
    assert "<Schule> & Co" in [s.text_frame.text for s in slide.shapes if s.has_text_frame]
