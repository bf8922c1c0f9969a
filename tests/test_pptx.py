"""Editable PowerPoint slides: native ellipses, connectors and text boxes, read back with python-pptx."""

from __future__ import annotations

import datetime as dt
import io

import networkx as nx
import pytest
from conftest import DEMO, OUTPUT, run_cli
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE, MSO_SHAPE_TYPE
from pptx.util import Emu

from graph import service
from graph.io.validate import load_or_raise
from graph.views.pptx import add_network_slide, network_pptx, new_presentation

DAY = dt.date(2026, 10, 1)
EMU_PER_PT = 12700


def small_graph() -> nx.Graph:
    """Five actors in three sectors, one of them without partners."""
    G = nx.Graph()
    G.add_node("bb", name="Bildungsbüro Landkreis Musterau", sector="verwaltung")
    G.add_node("vhs", name="Kreisvolkshochschule Musterau", sector="weiterbildung")
    G.add_node("k1", name="Kita Sonnenschein", sector="fruehe_bildung")
    G.add_node("k2", name="Kita Regenbogen", sector="fruehe_bildung")
    G.add_node("iso", name="Verein ohne Partner", sector="zivilgesellschaft")
    G.add_edges_from([("bb", "vhs", {"weight": 3}), ("bb", "k1", {"weight": 1}), ("vhs", "k2", {"weight": 2})])
    return G


def ellipses(shapes) -> list:
    return [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and s.auto_shape_type == MSO_SHAPE.OVAL]


def test_one_16_9_slide_with_an_ellipse_per_actor_a_line_per_cooperation_and_editable_names():
    G = small_graph()
    prs = Presentation(
        io.BytesIO(network_pptx(G, title="Kooperationsnetz Testkreis", footer="erstellt mit Bildungsnetz"))
    )
    assert len(prs.slides) == 1
    assert prs.slide_width / prs.slide_height == pytest.approx(16 / 9, abs=0.01)
    assert Emu(prs.slide_width).inches == pytest.approx(13.333, abs=0.01)
    slide = prs.slides[0]
    shapes = list(slide.shapes)
    nodes = ellipses(shapes)
    assert len(nodes) == G.number_of_nodes()
    assert sorted(s.name for s in nodes) == sorted(f"Akteur: {G.nodes[n]['name']}" for n in G)
    lines = [s for s in shapes if s.shape_type == MSO_SHAPE_TYPE.LINE and s.name == "Kooperation"]
    assert len(lines) == G.number_of_edges()
    boxes = {s.text_frame.text: s for s in shapes if s.has_text_frame and s.shape_type == MSO_SHAPE_TYPE.TEXT_BOX}
    for name in ("Bildungsbüro Landkreis Musterau", "Kreisvolkshochschule Musterau", "Kita Sonnenschein"):
        assert name in boxes  # a name is a text box: click and type
        size = boxes[name].text_frame.paragraphs[0].runs[0].font.size
        assert size.pt >= 7
    assert "Kooperationsnetz Testkreis" in boxes and "erstellt mit Bildungsnetz" in boxes


def test_the_legend_is_one_group_of_text_boxes_with_the_sector_names():
    prs = Presentation(io.BytesIO(network_pptx(small_graph(), title="t")))
    group = next(s for s in prs.slides[0].shapes if s.shape_type == MSO_SHAPE_TYPE.GROUP)
    assert group.name == "Legende"
    texts = [s.text_frame.text for s in group.shapes if s.has_text_frame and s.text_frame.text]
    for expected in ("Legende", "Farbe: Sektor", "Frühe Bildung", "Verwaltung", "Weiterbildung", "Zivilgesellschaft"):
        assert expected in texts
    swatches = ellipses(group.shapes)
    assert len(swatches) == 4  # one per sector in use


def test_names_stand_where_the_picture_puts_them():
    from graph.views.picture import scene

    G = small_graph()
    laid_out = scene(G, title="t")
    prs = Presentation(io.BytesIO(network_pptx(G, title="t")))
    boxes = {s.text_frame.text: s for s in prs.slides[0].shapes if s.name.startswith("Name: ")}
    assert len(boxes) == len(laid_out.labels)
    for label in laid_out.labels:
        shape = boxes[label.text]
        assert shape.left / EMU_PER_PT == pytest.approx(label.box.x0, abs=0.05)
        assert shape.top / EMU_PER_PT == pytest.approx(label.box.y0, abs=0.05)
        assert shape.width / EMU_PER_PT == pytest.approx(label.box.width, abs=0.05)


def test_a_focus_actor_is_ringed_and_a_second_slide_can_be_added():
    prs = new_presentation()
    add_network_slide(prs, small_graph(), title="Erste")
    add_network_slide(prs, small_graph(), title="Zweite", focus="vhs")
    assert len(prs.slides) == 2
    rings = [s for s in prs.slides[1].shapes if s.name == "Fokus"]
    assert len(rings) == 1 and str(rings[0].line.color.rgb) == "E4002B"
    assert not [s for s in prs.slides[0].shapes if s.name == "Fokus"]


def test_the_command_line_writes_a_pptx_and_a_poster(tmp_path):
    from pypdf import PdfReader

    slide = tmp_path / "netz.pptx"
    poster = tmp_path / "poster.pdf"
    for target, extra in ((slide, []), (poster, ["--paper", "a0"])):
        result = run_cli("picture", str(target), "--input", str(DEMO), "--as-of", "2026-10-01", *extra)
        assert result.returncode == 0, result.stderr
    prs = Presentation(str(slide))
    demo = load_or_raise(DEMO)
    actors = service.network(demo, DAY).graph.number_of_nodes()
    assert len(ellipses(prs.slides[0].shapes)) == actors
    page = PdfReader(str(poster)).pages[0].mediabox
    assert float(page.width) == pytest.approx(3370.39, abs=1)  # A0 landscape, 1189 mm


def test_pptx_of_the_demo_rendered_back_from_its_shapes_for_looking_at():
    """Draw the slide from the shapes python-pptx reads back (no LibreOffice needed): test-output/pictures."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.patches import Ellipse, Rectangle

    demo = load_or_raise(DEMO)
    target = OUTPUT / "pictures"
    target.mkdir(parents=True, exist_ok=True)
    data = service.network_picture(demo, DAY, target / "demo.pptx", named=["ak-kv-002", "ak-vhs-001"])
    prs = Presentation(io.BytesIO(data))
    width, height = prs.slide_width / EMU_PER_PT, prs.slide_height / EMU_PER_PT
    fig = plt.figure(figsize=(width / 72, height / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(height, 0)
    ax.set_axis_off()

    def paint(shapes) -> None:
        for s in shapes:
            x, y, w, h = (v / EMU_PER_PT for v in (s.left, s.top, s.width, s.height))
            if s.shape_type == MSO_SHAPE_TYPE.GROUP:
                paint(s.shapes)
            elif s.shape_type == MSO_SHAPE_TYPE.LINE:
                x1, y1 = s.begin_x / EMU_PER_PT, s.begin_y / EMU_PER_PT
                x2, y2 = s.end_x / EMU_PER_PT, s.end_y / EMU_PER_PT
                ax.plot([x1, x2], [y1, y2], color=f"#{s.line.color.rgb}", lw=s.line.width.pt, zorder=1)
            elif s.shape_type == MSO_SHAPE_TYPE.AUTO_SHAPE and s.auto_shape_type == MSO_SHAPE.OVAL:
                face = f"#{s.fill.fore_color.rgb}" if s.name != "Fokus" else "none"
                ax.add_patch(Ellipse((x + w / 2, y + h / 2), w, h, fc=face, ec=f"#{s.line.color.rgb}", zorder=2))
            elif s.has_text_frame and s.text_frame.text:
                if s.fill.type is not None:
                    ax.add_patch(Rectangle((x, y), w, h, fc="white", alpha=0.88, zorder=3))
                run = s.text_frame.paragraphs[0].runs[0]
                ax.text(
                    x + 1.5,
                    y + h / 2,
                    s.text_frame.text,
                    fontsize=run.font.size.pt,
                    va="center",
                    zorder=4,
                    fontweight="bold" if run.font.bold else "normal",
                    parse_math=False,
                )

    paint(prs.slides[0].shapes)
    fig.savefig(target / "demo-pptx.png", dpi=150)
    plt.close(fig)
    assert (target / "demo-pptx.png").stat().st_size > 10_000
