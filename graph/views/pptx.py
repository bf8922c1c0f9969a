"""Editable PowerPoint slides of the network: nodes as ellipses, ties as lines, legend and names as text boxes.

A slide is 13.33 × 7.5 in (16:9) and paints the same :class:`graph.views.picture.Scene`
as the PNG/PDF picture of ``paper="slide"``: every node is an ellipse named
after its actor, every cooperation a straight connector, every name a text
box (white, in the place the label placement chose), the legend one group of
text boxes and swatches. Everything can be moved, recoloured and retyped in
PowerPoint or LibreOffice Impress.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Mapping
from typing import Any

import networkx as nx

from graph.views.labels import PAD_X, PAD_Y

SLIDE_WIDTH_IN = 13.333
SLIDE_HEIGHT_IN = 7.5
#: Font of the text boxes: present wherever PowerPoint runs, and narrower than the DejaVu Sans the boxes
#: were measured with, so that no name overflows its box.
PPTX_FONT = "Arial"
EMU_PER_PT = 12700


def new_presentation() -> Any:
    """An empty 16:9 presentation (13.33 × 7.5 in)."""
    from pptx import Presentation
    from pptx.util import Emu

    prs = Presentation()
    prs.slide_width = Emu(int(SLIDE_WIDTH_IN * 914400))
    prs.slide_height = Emu(int(SLIDE_HEIGHT_IN * 914400))
    return prs


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
    aggregate: str | None = None,
    left_out_committees: Iterable[str] = (),
) -> None:
    """Add one 16:9 slide with the network to the presentation ``prs`` (a ``pptx.Presentation``).

    Parameters
    ----------
    prs : pptx.presentation.Presentation
        The presentation; its slides should be 16:9 (:func:`new_presentation`).
    G : networkx.Graph
        The (filtered) cooperation network; not changed.
    title, subtitle, footer : str
        Text boxes above and below the network.
    color_by, size_by, groups, metrics, area_names, seed
        As for :func:`graph.views.picture.picture` (same colours, sizes and layout).
    focus : node, optional
        Actor drawn with a red ring and always named.
    named : iterable of nodes
        Actors always named.
    aggregate : {"community", "area"}, optional
        One circle per community or area.
    left_out_committees : iterable of str
        Committees whose co-membership lines were left out (named in the legend).

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": "Kita A", "b": "Schule B"}, "name")
    >>> prs = new_presentation()
    >>> add_network_slide(prs, G, title="Kooperationen")
    >>> len(prs.slides)
    1
    """
    from graph.views.picture import scene

    laid_out = scene(
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
        paper="slide",
        aggregate=aggregate,
        left_out_committees=tuple(left_out_committees),
    )
    render_slide(prs, laid_out)


def _emu(points: float) -> Any:
    from pptx.util import Emu

    return Emu(round(points * EMU_PER_PT))


def _rgb(color: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(color.lstrip("#").upper())


def _textbox(shapes: Any, item: Any, name: str) -> Any:
    """A text box exactly at the item's box, text inset by the same padding as in the picture."""
    from pptx.enum.text import MSO_AUTO_SIZE
    from pptx.util import Pt

    box = shapes.add_textbox(_emu(item.box.x0), _emu(item.box.y0), _emu(item.box.width), _emu(item.box.height))
    box.name = name
    frame = box.text_frame
    frame.word_wrap = False
    frame.auto_size = MSO_AUTO_SIZE.NONE
    frame.margin_left = frame.margin_right = _emu(PAD_X)
    frame.margin_top = frame.margin_bottom = _emu(PAD_Y)
    run = frame.paragraphs[0].add_run()
    run.text = item.text
    run.font.size = Pt(item.size)
    run.font.bold = bool(item.bold)
    run.font.name = PPTX_FONT
    run.font.color.rgb = _rgb(item.color)
    if getattr(item, "background", None):
        box.fill.solid()
        box.fill.fore_color.rgb = _rgb(item.background)
    return box


def render_slide(prs: Any, sc: Any) -> Any:
    """Paint a slide-sized :class:`graph.views.picture.Scene` as native shapes on a new slide; return the slide."""
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.enum.shapes import MSO_CONNECTOR, MSO_SHAPE
    from pptx.util import Pt

    from graph.views.picture import Text

    layout = prs.slide_layouts[6]  # "Blank"
    slide = prs.slides.add_slide(layout)
    shapes = slide.shapes
    if sc.legend is not None:
        panel = shapes.add_shape(
            MSO_SHAPE.RECTANGLE, _emu(sc.legend.x0), _emu(sc.legend.y0), _emu(sc.legend.width), _emu(sc.legend.height)
        )
        panel.name = "Legende: Hintergrund"
        panel.fill.solid()
        panel.fill.fore_color.rgb = _rgb("#F7F8FA")
        panel.line.color.rgb = _rgb("#D0D4DA")
        panel.line.width = Pt(0.6)
        panel.shadow.inherit = False
    for seg in sc.segments:
        if seg.role == "leader":
            continue
        line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _emu(seg.x1), _emu(seg.y1), _emu(seg.x2), _emu(seg.y2))
        line.name = {"tie": "Kooperation", "committee": "Gemeinsames Gremium", "rule": "Trennlinie"}.get(
            seg.role, "Linie"
        )
        line.line.color.rgb = _rgb(_blend(seg.color, seg.alpha))
        line.line.width = Pt(max(seg.width, 0.25))
        if seg.dashed:
            line.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    for mark in sc.marks:
        oval = shapes.add_shape(
            MSO_SHAPE.OVAL, _emu(mark.x - mark.r), _emu(mark.y - mark.r), _emu(2 * mark.r), _emu(2 * mark.r)
        )
        oval.shadow.inherit = False
        if mark.role == "ring":
            oval.name = "Fokus"
            oval.fill.background()
        else:
            oval.name = f"Akteur: {mark.name}"
            oval.fill.solid()
            oval.fill.fore_color.rgb = _rgb(mark.color)
        oval.line.color.rgb = _rgb(mark.edge)
        oval.line.width = Pt(max(mark.edge_width, 0.25))
    for seg in sc.segments:
        if seg.role == "leader":
            line = shapes.add_connector(MSO_CONNECTOR.STRAIGHT, _emu(seg.x1), _emu(seg.y1), _emu(seg.x2), _emu(seg.y2))
            line.name = "Hinweislinie"
            line.line.color.rgb = _rgb(seg.color)
            line.line.width = Pt(seg.width)
    for label in sc.labels:
        item = Text(label.text, label.box, label.size, label.bold, "#222222", "label", "#FFFFFF")
        _textbox(shapes, item, f"Name: {label.text}")
    for item in sc.texts:
        _textbox(
            shapes, item, {"title": "Titel", "subtitle": "Untertitel", "footer": "Fußzeile"}.get(item.role, "Text")
        )
    group = shapes.add_group_shape()
    group.name = "Legende"
    for mark in sc.legend_marks:
        swatch = group.shapes.add_shape(
            MSO_SHAPE.OVAL, _emu(mark.x - mark.r), _emu(mark.y - mark.r), _emu(2 * mark.r), _emu(2 * mark.r)
        )
        swatch.name = "Legende: Farbe"
        swatch.shadow.inherit = False
        swatch.fill.solid()
        swatch.fill.fore_color.rgb = _rgb(mark.color)
        swatch.line.color.rgb = _rgb(mark.edge)
        swatch.line.width = Pt(0.5)
    for item in sc.legend_texts:
        _textbox(group.shapes, item, "Legende: Text")
    if sc.description:
        slide.notes_slide.notes_text_frame.text = sc.description
    return slide


def _blend(color: str, alpha: float) -> str:
    """The colour as it looks with ``alpha`` over white (PowerPoint lines have no simple transparency)."""
    if not color.startswith("#") or alpha >= 1:
        return color
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    mixed = [round(255 - (255 - c) * alpha) for c in rgb]
    return "#" + "".join(f"{c:02X}" for c in mixed)


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
    aggregate: str | None = None,
    left_out_committees: Iterable[str] = (),
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
        aggregate=aggregate,
        left_out_committees=left_out_committees,
    )
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()
