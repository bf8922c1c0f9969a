"""Editable PowerPoint slides of the network: nodes as ellipses, ties as lines, legend and names as text boxes.

A slide is 13.33 × 7.5 in (16:9); everything on it is a native shape that can
be moved, recoloured and retyped in PowerPoint or LibreOffice Impress.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from graph.views.network import TEXT, _colors, _sizes, layout

SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5


def add_network_slide(
    prs: Any,
    G: nx.Graph,
    *,
    title: str,
    subtitle: str = "",
    footer: str = "",
    color_by: str = "sector",
    size_by: str = "degree",
    groups: Mapping[Any, Any] | None = None,
    metrics: Mapping[str, Mapping[Any, float]] | None = None,
    area_names: Mapping[str, str] | None = None,
    focus: Any = None,
    named: Iterable[Any] = (),
    seed: int = 0,
) -> None:
    """Add one 16:9 slide with the network to the presentation ``prs`` (a ``pptx.Presentation``).

    Parameters
    ----------
    prs : pptx.presentation.Presentation
        The presentation; its slide size should be 16:9 (see :func:`new_presentation`).
    G : networkx.Graph
        The (filtered) cooperation network; not changed.
    title, subtitle, footer : str
        Text boxes above and below the network.
    color_by, size_by, groups, metrics, area_names, seed
        As for :func:`graph.views.picture.picture` (same colours, sizes and layout).
    focus : node, optional
        Actor drawn with a ring and always labelled.
    named : iterable of nodes
        Actors always labelled.
    """
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.util import Emu, Pt

    text = TEXT["de"]
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    colors, legend = _colors(G, color_by, groups, area_names or {}, text)
    sizes = _sizes(G, size_by, metrics)
    pos = layout(G, seed=seed)
    emu = 914400 / 72  # per point
    left, top, width, height = 30.0, 80.0, 700.0, 420.0
    xs = [p[0] for p in pos.values()] or [0.0]
    ys = [p[1] for p in pos.values()] or [0.0]
    sx = width / ((max(xs) - min(xs)) or 1.0)
    sy = height / ((max(ys) - min(ys)) or 1.0)
    scale = min(sx, sy)
    place = {n: (left + (x - min(xs)) * scale, top + (y - min(ys)) * scale) for n, (x, y) in pos.items()}

    def rgb(hex_color: str) -> Any:
        return RGBColor.from_string(hex_color.lstrip("#").upper())

    for u, v in G.edges():
        (x1, y1), (x2, y2) = place[u], place[v]
        line = slide.shapes.add_connector(
            MSO_CONNECTOR.STRAIGHT, Emu(int(x1 * emu)), Emu(int(y1 * emu)), Emu(int(x2 * emu)), Emu(int(y2 * emu))
        )
        line.line.color.rgb = rgb("#9AA3AD")
        line.line.width = Pt(0.75)
    for n in G:
        x, y = place[n]
        r = sizes[n] * 0.25
        shape = slide.shapes.add_shape(
            MSO_SHAPE.OVAL,
            Emu(int((x - r) * emu)),
            Emu(int((y - r) * emu)),
            Emu(int(2 * r * emu)),
            Emu(int(2 * r * emu)),
        )
        shape.fill.solid()
        shape.fill.fore_color.rgb = rgb(colors[n])
        shape.line.color.rgb = rgb("#FFFFFF")
        shape.name = f"Akteur: {G.nodes[n].get('name', n)}"
    box = slide.shapes.add_textbox(Emu(int(30 * emu)), Emu(int(20 * emu)), Emu(int(900 * emu)), Emu(int(40 * emu)))
    box.text_frame.text = title
    if subtitle:
        sub = slide.shapes.add_textbox(Emu(int(30 * emu)), Emu(int(52 * emu)), Emu(int(900 * emu)), Emu(int(24 * emu)))
        sub.text_frame.text = subtitle
    legend_box = slide.shapes.add_textbox(
        Emu(int(760 * emu)), Emu(int(80 * emu)), Emu(int(190 * emu)), Emu(int(400 * emu))
    )
    legend_box.text_frame.text = text["legend"] + "\n" + "\n".join(label for _, label in legend)
    if footer:
        foot = slide.shapes.add_textbox(
            Emu(int(30 * emu)), Emu(int(510 * emu)), Emu(int(900 * emu)), Emu(int(20 * emu))
        )
        foot.text_frame.text = footer


def new_presentation() -> Any:
    """An empty 16:9 presentation (13.33 × 7.5 in)."""
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width = Emu(int(SLIDE_WIDTH_IN * 914400))
    prs.slide_height = Emu(int(SLIDE_HEIGHT_IN * 914400))
    return prs


def network_pptx(
    G: nx.Graph,
    *,
    title: str,
    subtitle: str = "",
    footer: str = "",
    color_by: str = "sector",
    size_by: str = "degree",
    groups: Mapping[Any, Any] | None = None,
    metrics: Mapping[str, Mapping[Any, float]] | None = None,
    area_names: Mapping[str, str] | None = None,
    focus: Any = None,
    named: Iterable[Any] = (),
    seed: int = 0,
) -> bytes:
    """Return a one-slide PowerPoint file (.pptx) of the network; parameters as :func:`add_network_slide`."""
    prs = new_presentation()
    add_network_slide(
        prs,
        G,
        title=title,
        subtitle=subtitle,
        footer=footer,
        color_by=color_by,
        size_by=size_by,
        groups=groups,
        metrics=metrics,
        area_names=area_names,
        focus=focus,
        named=named,
        seed=seed,
    )
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
