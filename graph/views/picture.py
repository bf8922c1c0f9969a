"""Static network pictures for slides, reports and posters: PNG, SVG, PDF and PowerPoint, with legend and names.

A picture is first laid out as a :class:`Scene`: every node, line, name and
legend entry with its position and size in points on the printed page (16:9
slide, A4 landscape, A3 or A0 poster). The drawing (matplotlib for PNG, SVG and
PDF, :mod:`graph.views.pptx` for PowerPoint) only paints the scene, so the
label boxes that tests check are exactly the boxes that are printed:

- names overlap neither each other nor a node; a name that has no room next
  to its node stands further away with a leader line; the focus actor, every
  actor in ``named`` and the largest actors by the size measure are always
  named, others where there is room (more on bigger paper); no text is
  smaller than 7 pt at the printed size;
- the main part of the network fills the canvas; actors without cooperations
  and small groups stand in a strip below it, with their number;
- at most eight colour-blind-safe colours plus grey for "weitere"
  (:func:`graph.views.network.node_colors`);
- title, subtitle and a footer (data date, source, "erstellt mit Bildungsnetz",
  anonymisation) frame the network.

SVG keeps text as ``<text>`` (editable, searchable); PDF embeds DejaVu Sans
(TrueType), so every German character prints and can be copied.
"""

from __future__ import annotations

import io
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx

from graph.german import number
from graph.views.labels import (
    FONT,
    MIN_FONT,
    PAD_X,
    PAD_Y,
    Box,
    Disc,
    Label,
    label_size,
    place_labels,
    shorten,
    text_height,
    wrap,
)
from graph.views.network import HIGHLIGHT_BORDER, TEXT, layout, node_colors, node_sizes
from graph.views.network import aggregate as collapse

#: Actors always named: this many of the largest by the size measure.
LABELS = 20
FORMATS = ("png", "svg", "pdf", "pptx")
PAPERS = ("slide", "a4", "a3", "a0")
AGGREGATES = ("community", "area")
#: Above this many actors single names cannot be read for most of the network: the legend offers aggregation.
AGGREGATE_ABOVE = 500


@dataclass(frozen=True)
class Paper:
    """A printed size: page in points (landscape), font scale, size of the names, how many names fit, PNG dpi."""

    name: str
    width: float
    height: float
    scale: float
    label_size: float
    budget: int
    dpi: int


#: The printed sizes. "a4" is a whole A4 landscape page; printed smaller than 88 % its names would fall below 7 pt.
PAPER: Mapping[str, Paper] = {
    "slide": Paper("slide", 960.0, 540.0, 1.0, 8.0, 30, 150),  # 13.33 × 7.5 in, PNG 2000 × 1125 px
    "a4": Paper("a4", 841.89, 595.28, 0.95, 8.0, 30, 200),
    "a3": Paper("a3", 1190.55, 841.89, 1.25, 8.5, 80, 150),
    "a0": Paper("a0", 3370.39, 2383.94, 2.6, 12.0, 400, 72),
}

INK = "#222222"
GREY_TEXT = "#555555"
EDGE_COLOR = "#8C96A0"
COMMITTEE_COLOR = "#6F6F6F"
LEADER_COLOR = "#555555"


@dataclass
class Text:
    """A line of text: its box in points (the text starts at :data:`PAD_X`, :data:`PAD_Y` inside), size, style."""

    text: str
    box: Box
    size: float
    bold: bool = False
    color: str = INK
    role: str = "text"
    background: str | None = None

    @property
    def baseline(self) -> tuple[float, float]:
        """Left end of the baseline, in points."""
        from graph.views.labels import ASCENT

        return self.box.x0 + PAD_X, self.box.y0 + PAD_Y + ASCENT * self.size


@dataclass
class Mark:
    """A filled circle: a node, a legend swatch; ``node`` is set for nodes."""

    x: float
    y: float
    r: float
    color: str
    edge: str = "#FFFFFF"
    edge_width: float = 0.6
    node: Hashable | None = None
    name: str = ""
    role: str = "node"


@dataclass
class Segment:
    """A straight line: a cooperation, a shared committee (dashed), a leader line or a rule."""

    x1: float
    y1: float
    x2: float
    y2: float
    width: float
    color: str
    alpha: float = 1.0
    dashed: bool = False
    role: str = "tie"


@dataclass
class Scene:
    """Everything a picture shows, in points on a page of ``width`` × ``height``; y grows downwards."""

    width: float
    height: float
    paper: str
    segments: list[Segment] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    #: node -> its disc, for every node drawn (main part and strip)
    discs: dict[Hashable, Disc] = field(default_factory=dict)
    #: where the network is drawn, and the strip below it (None when there is none)
    canvas: Box = field(default_factory=lambda: Box(0, 0, 1, 1))
    strip: Box | None = None
    legend: Box | None = None
    #: the legend's texts and swatches (the PowerPoint slide groups them)
    legend_texts: list[Text] = field(default_factory=list)
    legend_marks: list[Mark] = field(default_factory=list)
    #: required names that found no room (listed in the legend instead)
    unplaced: list[Hashable] = field(default_factory=list)
    title: str = ""
    description: str = ""

    def all_texts(self) -> list[Text]:
        """Every text of the picture, names included, with its box and size."""
        names = [Text(lb.text, lb.box, lb.size, lb.bold, INK, "label", "#FFFFFF") for lb in self.labels]
        return [*self.texts, *self.legend_texts, *names]


def _measure_words(size_by: str) -> str:
    return {
        "degree": "mit den meisten Partnern",
        "weighted_degree": "mit den intensivsten Kooperationen",
        "betweenness": "mit der größten Brückenfunktion",
        "pagerank": "mit dem größten Einfluss",
    }.get(size_by, "")


def _components(G: nx.Graph) -> tuple[list[Any], list[list[Any]]]:
    """The nodes of the main part (the large components) and the small components, largest first."""
    comps = sorted((sorted(c, key=str) for c in nx.connected_components(G)), key=lambda c: (-len(c), str(c[0])))
    if not comps or len(comps[0]) < 3:
        return [n for c in comps for n in c], []
    limit = max(3, 0.15 * len(comps[0]))
    main = [n for c in comps if len(c) >= limit for n in c]
    rest = [c for c in comps if len(c) < limit]
    return main, rest


def scene(
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
    labels: int = LABELS,
    seed: int = 0,
    lang: str = "de",
    focus: Any = None,
    named: Iterable[Any] = (),
    paper: str = "slide",
    aggregate: str | None = None,
    left_out_committees: Sequence[str] = (),
) -> Scene:
    """Lay out the picture of the network on the printed page (see :func:`picture` for the parameters).

    Returns
    -------
    Scene
        Nodes, lines, names, legend and frame texts in points; ``labels`` are
        the placed names (they overlap neither each other nor any node).
    """
    from graph.views.network import COLOR_MODES, SIZE_MODES

    if color_by not in COLOR_MODES:
        raise ValueError(f"color_by must be one of {COLOR_MODES}")
    if size_by not in SIZE_MODES:
        raise ValueError(f"size_by must be one of {SIZE_MODES}")
    if paper not in PAPER:
        raise ValueError(f"paper must be one of {PAPERS}")
    if aggregate is not None and aggregate not in AGGREGATES:
        raise ValueError(f"aggregate must be one of {AGGREGATES}")
    text = TEXT.get(lang, TEXT["de"])
    page = PAPER[paper]
    s = page.scale
    area_names = dict(area_names or {})
    named_nodes = [n for n in named if n in G]
    total_actors = G.number_of_nodes()
    if aggregate is not None:
        G, color_by, size_by = _aggregated(G, aggregate, groups, area_names)
        focus, named_nodes = None, []
    colors, legend = node_colors(G, color_by, groups, area_names, text)
    if aggregate is not None:
        top_members = max((G.nodes[n].get("members", 1) for n in G), default=1) or 1
        sizes = {n: 8.0 + 32.0 * math.sqrt(G.nodes[n].get("members", 1) / top_members) for n in G}
    else:
        sizes = node_sizes(G, size_by, metrics)
    out = Scene(page.width, page.height, paper, title=title)
    W, H = page.width, page.height
    margin = 0.035 * H
    gap = 10.0 * s

    # -- frame: title, subtitle, footer -------------------------------------------------------------
    y = margin
    title_size = 20.0 * s
    for line in wrap(title, title_size, W - 2 * margin, bold=True)[:2]:
        out.texts.append(_text(line, margin, y, title_size, bold=True, role="title"))
        y += text_height(title_size) * 1.18
    if subtitle:
        sub_size = 11.0 * s
        for line in wrap(subtitle, sub_size, W - 2 * margin)[:2]:
            out.texts.append(_text(line, margin, y, sub_size, color=GREY_TEXT, role="subtitle"))
            y += text_height(sub_size) * 1.25
    top = y + gap * 0.6
    foot_size = max(MIN_FONT, 7.5 * s)
    foot_lines = wrap(footer, foot_size, W - 2 * margin) if footer else []
    bottom = H - margin - len(foot_lines) * text_height(foot_size) * 1.25
    for i, line in enumerate(foot_lines):
        out.texts.append(
            _text(line, margin, bottom + i * text_height(foot_size) * 1.25, foot_size, color=GREY_TEXT, role="footer")
        )
    bottom -= gap * 0.6
    legend_width = 0.235 * W
    out.legend = Box(W - margin - legend_width, top, W - margin, bottom)
    canvas = Box(margin, top, out.legend.x0 - gap, bottom)
    out.canvas = canvas

    # -- which nodes go where ---------------------------------------------------------------------------
    main, rest = _components(G)
    net_box = canvas
    obstacles: list[Box] = []
    if rest:
        step = 9.0 * s  # the most room a dot of the strip takes (see _strip)
        sizes_small = [len(c) for c in rest if len(c) > 1]
        singles = len(rest) - len(sizes_small)
        used = sum(step * (1.2 + math.sqrt(n)) + 1.5 * step for n in sizes_small)
        columns = max(1.0, (canvas.width - used) // step)
        rows = math.ceil(singles / columns) if singles else 0
        body = max([rows * step, *(step * (1.2 + math.sqrt(n)) for n in sizes_small)])
        heading_h = text_height(max(MIN_FONT, 8.0 * s)) + 2 * PAD_Y + 3.0 * s
        strip_h = min(max(heading_h + body + 4.0 * s, 30.0 * s), 0.2 * canvas.height)
        out.strip = Box(canvas.x0, canvas.y1 - strip_h, canvas.x1, canvas.y1)
        net_box = Box(canvas.x0, canvas.y0, canvas.x1, out.strip.y0 - gap * 0.5)
    n_main = max(len(main), 1)
    spacing = math.sqrt(net_box.width * net_box.height / n_main)
    r_max = min(max(0.36 * spacing, 3.5 * s), 12.0 * s)
    r_min = min(max(0.13 * spacing, 1.3 * s), 3.5 * s, 0.5 * r_max)

    def radius(n: Any) -> float:
        return r_min + (r_max - r_min) * max(0.0, min(1.0, (sizes[n] - 8.0) / 32.0))

    positions: dict[Any, tuple[float, float]] = {}
    if main:
        raw = _spread(layout(nx.Graph(G.subgraph(main)), seed=seed))
        xs = [p[0] for p in raw.values()]
        ys = [p[1] for p in raw.values()]
        span_x = (max(xs) - min(xs)) or 1.0
        span_y = (max(ys) - min(ys)) or 1.0
        pad_x = min(55.0 * s, 0.09 * net_box.width) + r_max
        pad_y = 6.0 * s + r_max
        inner_w = max(net_box.width - 2 * pad_x, 1.0)
        inner_h = max(net_box.height - 2 * pad_y, 1.0)
        for n, (px, py) in raw.items():
            u = (px - min(xs)) / span_x if len(raw) > 1 else 0.5
            v = (py - min(ys)) / span_y if len(raw) > 1 else 0.5
            positions[n] = (net_box.x0 + pad_x + u * inner_w, net_box.y0 + pad_y + v * inner_h)
    radii = {n: radius(n) for n in main}
    if out.strip is not None:
        strip_positions, strip_r, hidden = _strip(G, rest, out.strip, r_min, s)
        isolated = sum(1 for c in rest if len(c) == 1)
        small = [c for c in rest if len(c) > 1]
        words = []
        if isolated:
            words.append(f"{isolated} {'Akteur' if isolated == 1 else 'Akteure'} ohne Kooperation")
        if small:
            count_small = sum(len(c) for c in small)
            words.append(
                f"{len(small)} {'kleine Gruppe' if len(small) == 1 else 'kleine Gruppen'} mit {count_small} Akteuren"
            )
        line = "Außerhalb des großen Netzes: " + " und ".join(words)
        if hidden:
            line += f" (davon {hidden} aus Platzgründen nicht gezeigt)"
        strip_size = max(MIN_FONT, 8.0 * s)
        item = _text(shorten(line, strip_size, out.strip.width), out.strip.x0, out.strip.y0, strip_size, GREY_TEXT)
        item.role = "strip"
        out.texts.append(item)
        obstacles.append(item.box)
        out.segments.append(
            Segment(
                out.strip.x0,
                out.strip.y0 - gap * 0.25,
                out.strip.x1,
                out.strip.y0 - gap * 0.25,
                0.5,
                "#C8CDD3",
                role="rule",
            )
        )
        positions.update(strip_positions)
        radii.update({n: strip_r for n in strip_positions})
    drawn = [n for n in G if n in positions]
    out.discs = {n: Disc(positions[n][0], positions[n][1], radii[n]) for n in drawn}

    # -- lines ------------------------------------------------------------------------------------------
    big = len(main) > AGGREGATE_ABOVE
    for u, v, data in G.edges(data=True):
        if u not in positions or v not in positions or u == v:
            continue
        (x1, y1), (x2, y2) = positions[u], positions[v]
        if data.get("committees"):
            out.segments.append(Segment(x1, y1, x2, y2, 0.5 * s, COMMITTEE_COLOR, 0.45, True, "committee"))
        else:
            weight = float(data.get("weight") or 1)
            width = (0.25 + 0.22 * min(weight, 4.0)) * s * (0.6 if big else 1.0)
            out.segments.append(Segment(x1, y1, x2, y2, width, EDGE_COLOR, 0.35 if big else 0.6, role="tie"))

    # -- nodes ------------------------------------------------------------------------------------------
    for n in sorted(drawn, key=lambda n: (radii[n], str(n)), reverse=True):  # small ones on top
        x, yy = positions[n]
        color = colors.get(n, "#BBBBBB")
        out.marks.append(
            Mark(
                x,
                yy,
                radii[n],
                color,
                _outline(color),
                0.5 * s if radii[n] > 2 else 0.3 * s,
                n,
                printable(str(G.nodes[n].get("name", n))),
            )
        )
    if focus is not None and focus in out.discs:
        d = out.discs[focus]
        out.marks.append(Mark(d.x, d.y, d.r + 1.6 * s, "none", HIGHLIGHT_BORDER, 2.0 * s, focus, "Fokus", role="ring"))
        out.discs[focus] = Disc(d.x, d.y, d.r + 2.6 * s)  # names keep clear of the ring too

    # -- names ------------------------------------------------------------------------------------------
    size = max(MIN_FONT, page.label_size)
    max_width = 20.0 * size * (1.2 if paper == "a0" else 1.0)

    def name_of(n: Any) -> str:
        name = printable(str(G.nodes[n].get("name", n)))
        if aggregate is not None:
            name = f"{name} ({G.nodes[n].get('members', 0)})"
        return shorten(name, size, max_width, bold=n == focus)

    order = sorted(drawn, key=lambda n: (-sizes[n], str(n)))
    required: list[Any] = []
    if focus is not None and focus in out.discs:
        required.append(focus)
    required += [n for n in named_nodes if n in out.discs and n not in required]
    measured = size_by != "none" or aggregate is not None
    top_n = [n for n in order if n in main][: labels if measured else 0]
    required += [n for n in top_n if n not in required]
    wanted = [(n, name_of(n), True) for n in required]
    wanted += [(n, name_of(n), False) for n in order if n not in set(required)]
    in_strip = set(G) - set(main)
    budget = max(0, page.budget - len(required))
    placement = place_labels(  # names of the main part stay above the strip, those in the strip within it
        out.discs,
        [w for w in wanted if w[0] not in in_strip],
        area=net_box,
        size=size,
        budget=budget,
        obstacles=obstacles,
        bold=[focus] if focus is not None else [],
    )
    out.labels = placement.labels
    out.unplaced = placement.unplaced
    if out.unplaced and out.strip is not None:  # last resort: the free room of the strip, with a leader line
        texts = {n: t for n, t, _r in wanted}
        spill = place_labels(
            out.discs,
            [(n, texts[n], True) for n in out.unplaced],
            area=canvas,
            size=size,
            budget=0,
            obstacles=[*obstacles, *(lb.box for lb in out.labels)],
            bold=[focus] if focus is not None else [],
            leaders=[lb.leader for lb in out.labels if lb.leader is not None],
        )
        out.labels += spill.labels
        out.unplaced = spill.unplaced
    if out.strip is not None:
        extra = place_labels(
            out.discs,
            [w for w in wanted if w[0] in in_strip and w[2]],
            area=out.strip,
            size=size,
            budget=0,
            obstacles=[*obstacles, *(lb.box for lb in out.labels)],
            bold=[focus] if focus is not None else [],
            leaders=[lb.leader for lb in out.labels if lb.leader is not None],
        )
        out.labels += extra.labels
        out.unplaced += extra.unplaced
    for lb in out.labels:
        if lb.leader is not None:
            (x1, y1), (x2, y2) = lb.leader
            out.segments.append(Segment(x1, y1, x2, y2, 0.5 * s, LEADER_COLOR, 0.9, role="leader"))

    # -- legend -----------------------------------------------------------------------------------------
    notes: list[str] = []
    if aggregate is not None:
        notes.append(
            f"Zusammengefasst: ein Kreis je {'Gemeinschaft' if aggregate == 'community' else 'Gebiet'} "
            f"({number(total_actors)} Akteure), in Klammern die Zahl der Akteure"
        )
        notes.append("Größe: Zahl der Akteure")
        notes.append("Linien: Kooperationen zwischen den Gruppen, dicker = mehr")
    else:
        notes.append(text["size"][size_by])
        notes.append(text["edges"])
    if any(d.get("committees") for *_, d in G.edges(data=True)):
        dashed = text["dashed"]
        if left_out_committees:
            dashed += " (ohne große Gremien: " + ", ".join(left_out_committees) + ")"
        notes.append(dashed)
    if focus is not None and focus in out.discs:
        notes.append(f"Roter Ring: {G.nodes[focus].get('name', focus)}")
    labelled = len(out.labels)
    if aggregate is None and drawn:
        measure = _measure_words(size_by)
        said = f"Beschriftet: die {len(top_n)} Akteure {measure}" if top_n else "Beschriftet: eine Auswahl"
        if named_nodes:
            said += " und die im Text genannten"
        if labelled > len(required):
            said += ", weitere, wo Platz ist"
        notes.append(said)
    if any(lb.leader for lb in out.labels):
        notes.append("Namen abseits ihres Punktes: mit einer Linie verbunden")
    if out.unplaced:
        missing = ", ".join(str(G.nodes[n].get("name", n)) for n in out.unplaced[:5])
        notes.append(f"Ohne Platz im Bild: {missing}")
    if aggregate is None and total_actors > AGGREGATE_ABOVE:
        notes.append(
            f"Bei {number(total_actors)} Akteuren sind nur die wichtigsten benannt; zusammengefasst nach Gemeinschaft "
            "oder Gebiet zeigt das Bild die Gruppen mit Namen"
        )
    heading = (
        "Farbe: überwiegender Sektor" if aggregate is not None and color_by == "sector" else text["color"][color_by]
    )
    _legend(out, legend, heading, notes, text["legend"], s)
    return out


def _spread(positions: Mapping[Any, tuple[float, float]], share: float = 0.6) -> dict[Any, tuple[float, float]]:
    """Loosen a dense core: move every node outwards to (in part) the distance that gives an even density.

    The distance of a node from the centre becomes a mix of its own and the
    square root of its rank among all distances (which spreads the nodes
    evenly over the disc); directions and the order of distances stay.
    """
    if len(positions) < 10:
        return dict(positions)
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    hx, hy = ((max(xs) - min(xs)) / 2) or 1.0, ((max(ys) - min(ys)) / 2) or 1.0
    polar = {n: ((x - cx) / hx, (y - cy) / hy) for n, (x, y) in positions.items()}
    dist = {n: math.hypot(u, v) for n, (u, v) in polar.items()}
    top = max(dist.values()) or 1.0
    ranked = sorted(dist, key=lambda n: (dist[n], str(n)))
    out: dict[Any, tuple[float, float]] = {}
    for rank, n in enumerate(ranked, start=1):
        u, v = polar[n]
        d = dist[n]
        even = math.sqrt(rank / len(ranked))
        target = (1 - share) * d / top + share * even
        k = target / d if d else 0.0
        out[n] = (u * k, v * k)
    return out


def _aggregated(
    G: nx.Graph, aggregate: str, groups: Mapping[Any, Any] | None, area_names: Mapping[str, str]
) -> tuple[nx.Graph, str, str]:
    """The network collapsed into one node per community or area (coloured by its dominant sector)."""
    if aggregate == "community":
        membership = dict(groups or {})
        if not membership or any(not isinstance(v, str) for v in membership.values() if v is not None):
            from graph.analysis.communities import communities, community_names

            members = communities(G)
            numbers = dict(zip(members["id"], members["community"], strict=True))
            names = community_names(G, numbers, area_names=area_names)
            membership = {n: names[int(c)] for n, c in numbers.items()}
        assignment = {n: membership.get(n, "ohne Gemeinschaft") for n in G}
        grouped = collapse(G, assignment)
    else:
        assignment = {n: G.nodes[n].get("area") or "ohne Gebiet" for n in G}
        grouped = collapse(G, assignment, {a: area_names.get(a, a) for a in area_names})
    sectors: dict[Any, Counter[str]] = {}
    for n in G:  # the dominant sector as the community names count it (first seen wins a tie)
        if G.nodes[n].get("sector"):
            sectors.setdefault(assignment[n], Counter())[G.nodes[n]["sector"]] += 1
    for group, counts in sectors.items():
        grouped.nodes[group]["sector"] = counts.most_common(1)[0][0]
    return grouped, "sector", "none"


def _strip(
    G: nx.Graph, rest: list[list[Any]], box: Box, r_min: float, s: float
) -> tuple[dict[Any, tuple[float, float]], float, int]:
    """Positions of the small components and isolated actors in the strip; the number that did not fit."""
    r = max(min(r_min, 3.0 * s), 1.4 * s)
    step = 2 * r + 3.0 * s
    top = box.y0 + text_height(max(MIN_FONT, 8.0 * s)) + 2 * PAD_Y + 3.0 * s + r
    bottom = box.y1 - r
    x = box.x0 + r + 2.0 * s
    positions: dict[Any, tuple[float, float]] = {}
    hidden = 0
    small = [c for c in rest if len(c) > 1]
    single = [c[0] for c in rest if len(c) == 1]
    height = max(bottom - top, 0.0)
    for comp in small:
        side = min(height, step * (1.2 + math.sqrt(len(comp))))
        if x + side > box.x1:
            hidden += len(comp)
            continue
        if len(comp) == 2:
            pts = {comp[0]: (0.2, 0.5), comp[1]: (0.8, 0.5)}
        else:
            raw = (
                nx.circular_layout(nx.Graph(G.subgraph(comp)))
                if len(comp) <= 6
                else nx.spring_layout(nx.Graph(G.subgraph(comp)), seed=0)
            )
            xs = [p[0] for p in raw.values()]
            ys = [p[1] for p in raw.values()]
            sx = (max(xs) - min(xs)) or 1.0
            sy = (max(ys) - min(ys)) or 1.0
            pts = {n: ((p[0] - min(xs)) / sx, (p[1] - min(ys)) / sy) for n, p in raw.items()}
        for n, (u, v) in pts.items():
            positions[n] = (x + u * side, top + v * min(side, height))
        x += side + step * 1.5
    rows = max(1, int(height // step) + 1)
    col = 0
    while single:
        cx = x + col * step
        if cx > box.x1 - r:
            hidden += len(single)
            break
        for row in range(rows):
            if not single:
                break
            positions[single.pop(0)] = (cx, top + row * step)
        col += 1
    return positions, r, hidden


def _outline(color: str) -> str:
    """White around a node, but a darker ring around light colours (yellow, grey) so they show on white."""
    if color.startswith("#") and len(color) == 7:
        rgb = [int(color[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        if 0.2126 * rgb[0] + 0.7152 * rgb[1] + 0.0722 * rgb[2] > 0.6:
            return "#7A7A7A"
    return "#FFFFFF"


def printable(text: str) -> str:
    r"""``text`` with line breaks and tabs as spaces and other control characters left out (XML cannot hold them).

    Examples
    --------
    >>> printable("Kita\tSonne\x07nschein\n")
    'Kita Sonnenschein'
    """
    return " ".join("".join(ch if ch.isprintable() or ch.isspace() else "" for ch in text).split())


def _text(
    line: str, x: float, y: float, size: float, color: str = INK, *, bold: bool = False, role: str = "text"
) -> Text:
    line = printable(line)
    w, h = label_size(line, size, bold)
    return Text(line, Box(x, y, x + w, y + h), size, bold, color, role)


def _legend(out: Scene, entries: list[tuple[str, str]], heading: str, notes: list[str], title: str, s: float) -> None:
    """Lay out the legend in ``out.legend``: title, colour entries, notes; smaller (not below 7 pt) if needed."""
    assert out.legend is not None
    box = out.legend
    for size in (9.0 * s, 8.5 * s, 8.0 * s, 7.5 * s, MIN_FONT):
        size = max(size, MIN_FONT)
        texts: list[Text] = []
        marks: list[Mark] = []
        x = box.x0 + 8.0 * s
        width = box.width - 16.0 * s
        y = box.y0 + 6.0 * s
        line = text_height(size) * 1.22
        texts.append(_text(title, x, y, size * 1.2, bold=True, role="legend"))
        y += text_height(size * 1.2) * 1.5
        texts.append(_text(heading, x, y, size, bold=True, role="legend"))
        y += line * 1.1
        swatch = 0.42 * text_height(size)
        for color, label in entries:
            parts = wrap(label, size, width - 3.2 * swatch - 4.0)
            marks.append(
                Mark(
                    x + swatch + 1,
                    y + PAD_Y + text_height(size) / 2,
                    swatch,
                    color,
                    _outline(color),
                    0.5,
                    role="swatch",
                )
            )
            for part in parts:
                texts.append(_text(part, x + 2 * swatch + 5.0, y, size, role="legend"))
                y += line
            y += line * 0.15
        y += line * 0.5
        for note in notes:
            for part in wrap(note, size, width):
                texts.append(_text(part, x, y, size, GREY_TEXT, role="legend"))
                y += line
            y += line * 0.3
        if y <= box.y1 or size <= MIN_FONT:
            break
    out.legend_texts = texts
    out.legend_marks = marks
    out.legend = Box(box.x0, box.y0, box.x1, min(box.y1, max(y + 4.0 * s, box.y0 + 20)))


def draw(
    G: nx.Graph,
    *,
    title: str,
    subtitle: str = "",
    color_by: str = "sector",
    size_by: str = "degree",
    groups: Mapping[Any, Any] | None = None,
    metrics: Mapping[str, Mapping[Any, float]] | None = None,
    area_names: Mapping[str, str] | None = None,
    labels: int = LABELS,
    seed: int = 0,
    lang: str = "de",
    footer: str = "",
    focus: Any = None,
    named: Iterable[Any] = (),
    paper: str = "slide",
    aggregate: str | None = None,
    left_out_committees: Sequence[str] = (),
) -> Any:
    """Draw the network on a matplotlib figure of the printed size (see :func:`picture`); the caller closes it."""
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
        labels=labels,
        seed=seed,
        lang=lang,
        focus=focus,
        named=named,
        paper=paper,
        aggregate=aggregate,
        left_out_committees=left_out_committees,
    )
    return render(laid_out)


def render(sc: Scene) -> Any:
    """Paint a :class:`Scene` on a matplotlib figure whose data units are points (the caller closes it)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib.collections import LineCollection, PatchCollection
    from matplotlib.patches import Circle, Rectangle

    fig = plt.figure(figsize=(sc.width / 72.0, sc.height / 72.0))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(0, sc.width)
    ax.set_ylim(sc.height, 0)
    ax.set_axis_off()
    if sc.legend is not None:
        ax.add_patch(
            Rectangle(
                (sc.legend.x0, sc.legend.y0),
                sc.legend.width,
                sc.legend.height,
                fc="#F7F8FA",
                ec="#D0D4DA",
                lw=0.6,
                zorder=0,
            )
        )
    for role, zorder in (("rule", 1), ("committee", 1), ("tie", 1)):
        segs = [s for s in sc.segments if s.role == role]
        if segs:
            ax.add_collection(
                LineCollection(
                    [((s.x1, s.y1), (s.x2, s.y2)) for s in segs],
                    linewidths=[s.width for s in segs],
                    colors=[s.color for s in segs],
                    alpha=segs[0].alpha,
                    linestyles="dashed" if segs[0].dashed else "solid",
                    zorder=zorder,
                    capstyle="round",
                )
            )
    nodes = [m for m in sc.marks if m.role == "node"]
    ax.add_collection(
        PatchCollection(
            [Circle((m.x, m.y), m.r) for m in nodes],
            facecolors=[m.color for m in nodes],
            edgecolors=[m.edge for m in nodes],
            linewidths=[m.edge_width for m in nodes],
            zorder=2,
            match_original=False,
        )
    )
    for m in sc.marks:
        if m.role == "ring":
            ax.add_patch(Circle((m.x, m.y), m.r, fc="none", ec=m.edge, lw=m.edge_width, zorder=3))
    leaders = [s for s in sc.segments if s.role == "leader"]
    if leaders:
        ax.add_collection(
            LineCollection(
                [((s.x1, s.y1), (s.x2, s.y2)) for s in leaders],
                linewidths=[s.width for s in leaders],
                colors=LEADER_COLOR,
                zorder=4,
            )
        )
    for m in sc.legend_marks:
        ax.add_patch(Circle((m.x, m.y), m.r, fc=m.color, ec=m.edge, lw=m.edge_width, zorder=5))
    for item in sc.all_texts():
        if item.background:
            ax.add_patch(
                Rectangle(
                    (item.box.x0, item.box.y0),
                    item.box.width,
                    item.box.height,
                    fc=item.background,
                    ec="none",
                    alpha=0.88,
                    zorder=5,
                )
            )
        bx, by = item.baseline
        ax.text(
            bx,
            by,
            item.text,
            fontsize=item.size,
            fontweight="bold" if item.bold else "normal",
            color=item.color,
            family=FONT,
            ha="left",
            va="baseline",
            zorder=6,
            parse_math=False,  # a name with "$" is text, not mathtext (which could also fail to parse)
        )
    return fig


#: matplotlib settings of every picture, applied only while it is drawn and saved (global defaults stay).
RC: dict[str, Any] = {
    "svg.fonttype": "none",  # text stays text in SVG (editable, searchable)
    "pdf.fonttype": 42,  # TrueType embedded: every character prints and can be copied
    "font.family": [FONT, "Verdana", "Arial", "sans-serif"],
    "svg.hashsalt": "bildungsnetz",  # the same picture gives the same SVG
}


def picture(
    G: nx.Graph,
    path: Path | None = None,
    *,
    title: str,
    subtitle: str = "",
    fmt: str = "png",
    color_by: str = "sector",
    size_by: str = "degree",
    groups: Mapping[Any, Any] | None = None,
    metrics: Mapping[str, Mapping[Any, float]] | None = None,
    area_names: Mapping[str, str] | None = None,
    labels: int = LABELS,
    seed: int = 0,
    lang: str = "de",
    footer: str = "",
    focus: Any = None,
    named: Iterable[Any] = (),
    paper: str = "slide",
    aggregate: str | None = None,
    left_out_committees: Sequence[str] = (),
) -> bytes:
    """Draw the network as a static picture; write it to ``path`` if given and return the bytes.

    Parameters
    ----------
    G : networkx.Graph
        The (filtered) cooperation network; not changed.
    title, subtitle : str
        Printed above the network.
    fmt : {"png", "svg", "pdf", "pptx"}
        Output format; "pptx" is one editable 16:9 PowerPoint slide (always slide-sized).
    color_by, size_by, groups, metrics, area_names, seed, lang
        As for :func:`graph.views.network.network_view` (same colours).
    labels : int
        Names always printed for this many of the largest actors (by ``size_by``).
    footer : str
        Printed below the network: data date, source, anonymisation.
    focus : node, optional
        The actor a focus view is about: ringed and always named.
    named : iterable of nodes
        Actors the accompanying text names: always named.
    paper : {"slide", "a4", "a3", "a0"}
        Printed size: 16:9 slide (13.33 × 7.5 in), A4 landscape, A3 or A0 poster;
        names stay at least 7 pt, and bigger paper names more actors.
    aggregate : {"community", "area"}, optional
        Draw one circle per community (``groups``) or area instead of every actor.
    left_out_committees : sequence of str
        Committees whose co-membership lines were left out (named in the legend).
    """
    import matplotlib.pyplot as plt

    if fmt not in FORMATS:
        raise ValueError(f"fmt must be one of {FORMATS}")
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}")
    options: dict[str, Any] = dict(
        title=title,
        subtitle=subtitle,
        footer=footer,
        color_by=color_by,
        size_by=size_by,
        groups=groups,
        metrics=metrics,
        area_names=area_names,
        labels=labels,
        seed=seed,
        lang=lang,
        focus=focus,
        named=named,
        aggregate=aggregate,
        left_out_committees=left_out_committees,
    )
    if fmt == "pptx":
        from graph.views.pptx import new_presentation, render_slide

        prs = new_presentation()
        render_slide(prs, scene(G, paper="slide", **options))
        buffer = io.BytesIO()
        prs.save(buffer)
        data = buffer.getvalue()
    else:
        import matplotlib

        laid_out = scene(G, paper=paper, **options)
        with matplotlib.rc_context(RC):  # type: ignore[arg-type]
            fig = render(laid_out)
            buffer = io.BytesIO()
            dpi = PAPER[paper].dpi if fmt == "png" else 72
            fig.savefig(buffer, format=fmt, dpi=dpi, metadata=_metadata(fmt, printable(title), printable(subtitle)))
            plt.close(fig)
        data = buffer.getvalue()
        if fmt == "svg":  # a viewer without DejaVu Sans takes a sans-serif of similar width, not its default serif
            data = data.replace(
                b"font-family: 'DejaVu Sans'", b"font-family: 'DejaVu Sans', Verdana, Arial, sans-serif"
            )
    if path is not None:
        Path(path).write_bytes(data)
    return data


def _metadata(fmt: str, title: str = "", subject: str = "") -> dict[str, Any] | None:
    if fmt == "pdf":
        return {"Creator": "Bildungsnetz", "Producer": "Bildungsnetz", "Title": title, "Subject": subject}
    if fmt == "png":
        return {"Software": "Bildungsnetz", "Title": title}
    if fmt == "svg":
        return {"Creator": "Bildungsnetz", "Title": title}
    return None
