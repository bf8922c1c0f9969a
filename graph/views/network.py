"""The interactive network view: vis-network's nodes, edges and options built with pyvis' data model.

Node and edge lists are built here directly (pyvis' ``from_nx``/``add_node``
are quadratic and ``from_nx`` mutates its input); pyvis holds them and the
vis-network options. One :class:`NetworkView` feeds two drawings:

- :attr:`NetworkView.html`, a self-contained offline page (the download and
  the Präsentation page), rendered from our own template: vis-network's script
  is inlined from the pyvis package, nothing is loaded from any other host (and
  a Content-Security-Policy forbids it), every user string is escaped;
- :meth:`NetworkView.component_data`, the JSON the app's network component
  draws (``graph.ui.components``): user strings travel as JSON data and are
  only ever set as text.

Only allow-listed attributes reach either. Labels are drawn for a few chosen
nodes and placed so that they overlap neither each other nor other dots
(``templates/labels.js``); every name is in the hover text.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape

from graph import model
from graph.dataset import content_hash

PYVIS_TEMPLATES = Path(str(__import__("pyvis").__file__)).parent / "templates"
OUR_TEMPLATES = Path(__file__).parent / "templates"
#: The vis-network build pyvis ships (Apache-2.0 or MIT, its licence header kept in the file).
VIS_JS = PYVIS_TEMPLATES / "lib" / "vis-9.1.2" / "vis-network.min.js"
#: The label placement shared by the offline page and the app's component.
LABELS_JS = OUR_TEMPLATES / "labels.js"

#: Above this many nodes the layout is fixed (computed on the server) and physics is off.
PHYSICS_LIMIT = 300
#: Longest label drawn on a node; the tooltip has the full name.
LABEL_LENGTH = 32
#: Above this many nodes the legend says that names are drawn only where they have room.
LABELLED = 30
#: Font of the drawn names: size in screen pixels (the same at every zoom level; templates/labels.js).
FONT_SIZE = 13
FONT_FACE = "'Source Sans', 'Source Sans Pro', Arial, sans-serif"

#: The eight colours of every picture and view: Okabe & Ito's colour-blind-safe palette (2008), in the order
#: groups get them. Any two stay apart (CIEDE2000 ≥ 10) for normal, deuteranope and protanope vision
#: (tests/test_picture.py simulates both with Machado et al. 2009).
PALETTE = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#D55E00",  # vermillion
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
#: Colour of "weitere" (everything beyond the eight colours) and "ohne Angabe".
OTHER_COLOR = "#BBBBBB"
#: The colour each sector gets when it is among the eight largest of a picture (the three others borrow a free
#: one): Kinder- und Jugendhilfe (purple) and Zivilgesellschaft (vermillion) differ for red–green-blind readers.
SECTOR_COLORS: Mapping[str, str] = {
    "fruehe_bildung": "#F0E442",
    "schule": "#0072B2",
    "jugendhilfe": "#CC79A7",
    "zivilgesellschaft": "#D55E00",
    "wirtschaft": "#56B4E9",
    "kultur": "#009E73",
    "verwaltung": "#000000",
    "weiterbildung": "#E69F00",
}
#: Most colours in one picture or view (plus grey for "weitere").
MAX_COLORS = len(PALETTE)
#: The sectors after school and in working life: when a picture holds more sectors than colours, these share
#: one colour (that of Weiterbildung) instead of turning grey, so that Jobcenter, Berufsschulen and VHS stay
#: visible. 11 sectors then need exactly eight colours.
WORK_SECTORS = ("berufsbildung", "arbeitsfoerderung", "weiterbildung", "hochschule")
WORK_KEY = "beruf_arbeit_weiterbildung"
HIGHLIGHT_BORDER = "#E4002B"

COLOR_MODES = ("sector", "community", "area")
SIZE_MODES = ("degree", "weighted_degree", "betweenness", "pagerank", "none")

_ENV = Environment(
    loader=ChoiceLoader([FileSystemLoader(OUR_TEMPLATES), FileSystemLoader(PYVIS_TEMPLATES)]),
    autoescape=select_autoescape(default=True, default_for_string=True),
)

TEXT: dict[str, dict[str, Any]] = {
    "de": {
        "legend": "Legende",
        "color": {"sector": "Farbe: Sektor", "community": "Farbe: Gemeinschaft", "area": "Farbe: Gebiet"},
        "size": {
            "degree": "Größe: Zahl der Partner",
            "weighted_degree": "Größe: Kooperationen nach Intensität",
            "betweenness": "Größe: Brückenfunktion (Betweenness)",
            "pagerank": "Größe: Einfluss (PageRank)",
            "none": "Alle Akteure gleich groß",
        },
        "edges": "Linien: Kooperationen, dicker = häufiger",
        "dashed": "Gestrichelt: gemeinsam in einem Gremium",
        "shared": "gemeinsam in {n} Gremium/Gremien",
        "community": "Gemeinschaft {n}",
        "other": "weitere",
        "unknown": "ohne Angabe",
        "type": "Typ",
        "sector": "Sektor",
        "area": "Gebiet",
        "ties": "Kooperationen",
        "intensity": "Intensität",
        "members": "Akteure",
        "fixed": "Feste Anordnung (große Ansicht)",
        "labels": "Namen stehen, wo Platz ist, die größten Akteure zuerst; jeden zeigt das Überfahren mit der Maus",
        "fit": "Ganzes Netz zeigen",
        "drawing": "Kooperationsnetz",
    },
    "en": {
        "legend": "Legend",
        "color": {"sector": "Colour: sector", "community": "Colour: community", "area": "Colour: area"},
        "size": {
            "degree": "Size: number of cooperations",
            "weighted_degree": "Size: cooperations by intensity",
            "betweenness": "Size: brokerage (betweenness)",
            "pagerank": "Size: influence (PageRank)",
            "none": "All dots the same size",
        },
        "edges": "Lines: cooperations, thicker = more frequent",
        "dashed": "Dashed: members of the same committee",
        "shared": "together in {n} committee(s)",
        "community": "Community {n}",
        "other": "others",
        "unknown": "not given",
        "type": "Type",
        "sector": "Sector",
        "area": "Area",
        "ties": "Cooperations",
        "intensity": "Intensity",
        "members": "actors",
        "fixed": "Fixed layout (large view)",
        "labels": "Names stand where there is room, the largest dots first; hover shows any",
        "fit": "Show the whole network",
        "drawing": "Cooperation network",
    },
}


@dataclass
class NetworkView:
    """A built network view: vis-network's nodes, edges and options, the legend, and what it shows.

    Nothing in it depends on a selection, so one view serves every click; the
    searched node (``focus``) is applied when a drawing is made. Treat it as
    immutable (the app shares one per filter between sessions).
    """

    nodes: int
    edges: int
    legend: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0
    vis_nodes: list[dict[str, Any]] = field(default_factory=list)
    vis_edges: list[dict[str, Any]] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    #: node id -> the shortened name a label shows
    names: dict[str, str] = field(default_factory=dict)
    #: every node, largest first: the order in which names get room
    top: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the notes a drawing beside the app's own choosers needs (not colour, size, layout)
    hints: list[str] = field(default_factory=list)
    title: str = ""
    subtitle: str = ""
    focus: str | None = None
    height: int = 680
    lang: str = "de"

    @cached_property
    def html(self) -> str:
        """The view as a self-contained offline HTML page (the searched node selected and centred)."""
        return self.page(self.focus)

    def page(self, focus: Any = None) -> str:
        """The view as a self-contained offline HTML page with ``focus`` selected and centred."""
        key = None if focus is None else str(focus)
        nodes = [_focused(n) if n["id"] == key else n for n in self.vis_nodes]
        text = TEXT.get(self.lang, TEXT["de"])
        return _ENV.get_template("network.html").render(
            lang=self.lang,
            title=self.title,
            subtitle=self.subtitle,
            nodes=nodes,
            edges=self.vis_edges,
            options=self.options,
            names=self.names,
            top=self.top,
            legend=self.legend,
            legend_title=text["legend"],
            notes=self.notes,
            fit=text["fit"],
            font={"size": FONT_SIZE, "face": FONT_FACE},
            focus=key,
            height=self.height,
        )

    @cached_property
    def signature(self) -> str:
        """A hash of everything the drawing shows: the component rebuilds its drawing only when it changes."""
        return content_hash(
            self.vis_nodes, self.vis_edges, self.options, self.names, self.top, self.legend, self.notes, self.hints
        )

    def component_data(self, selected: Iterable[Any] = (), *, height: int | None = None) -> dict[str, Any]:
        """The JSON the app's network component draws, with ``selected`` nodes (first: the profile shown).

        User strings travel as JSON data; the component sets them as text only.
        """
        text = TEXT.get(self.lang, TEXT["de"])
        known = {n["id"] for n in self.vis_nodes}
        chosen = [str(s) for s in selected if s is not None and str(s) in known]
        return {
            "signature": f"{self.signature}-{height or self.height}-{self.lang}",
            "nodes": self.vis_nodes,
            "edges": self.vis_edges,
            "options": self.options,
            "names": self.names,
            "top": self.top,
            "font": {"size": FONT_SIZE, "face": FONT_FACE},
            "legend": [{"color": c, "label": label} for c, label in self.legend],
            "notes": self.hints,
            "texts": {k: text[k] for k in ("legend", "fit", "drawing")},
            "height": height or self.height,
            "selected": list(dict.fromkeys(chosen)),
        }


def _focused(node: dict[str, Any]) -> dict[str, Any]:
    """A copy of a vis-network node drawn as the searched one (red ring)."""
    color = dict(node["color"], border=HIGHLIGHT_BORDER)
    return {**node, "color": color, "borderWidth": 4}


def layout(
    G: nx.Graph, *, seed: int = 0, width: float = 1000.0, height: float = 700.0
) -> dict[Any, tuple[float, float]]:
    """Compute node positions on the server with igraph (Fruchterman–Reingold, or DrL for large graphs).

    Components are laid out together; positions are scaled to a ``width`` × ``height`` box.
    """
    import igraph as ig

    from graph.analysis.kernels import seeded

    nodes = list(G)
    if not nodes:
        return {}
    index = {n: i for i, n in enumerate(nodes)}
    graph = ig.Graph(n=len(nodes), edges=[(index[u], index[v]) for u, v in G.edges() if u != v])
    with seeded(seed):
        if len(nodes) > 3000:
            coords = graph.layout_drl()
        else:  # fewer iterations for big views: the layout dominates the build time
            coords = graph.layout_fruchterman_reingold(niter=500 if len(nodes) <= 500 else 200)
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    span_x = (max(xs) - min(xs)) or 1.0
    span_y = (max(ys) - min(ys)) or 1.0
    grow = max(1.0, math.sqrt(len(nodes) / 200))  # big networks get more room, not smaller dots
    scale = min(width * grow / span_x, height * grow / span_y)
    return {n: ((xs[i] - min(xs)) * scale, (ys[i] - min(ys)) * scale) for i, n in enumerate(nodes)}


def _shorten(text: str, limit: int = LABEL_LENGTH) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def node_colors(
    G: nx.Graph,
    color_by: str,
    groups: Mapping[Any, Any] | None,
    area_names: Mapping[str, str],
    text: Mapping[str, Any] = TEXT["de"],
) -> tuple[dict[Any, str], list[tuple[str, str]]]:
    """Colour of every node and the legend entries (colour, German label) for the colours in use.

    At most :data:`MAX_COLORS` colours: the largest groups (by actors plus their
    cooperations) get one each, the rest share grey as "weitere" with their names
    in the legend entry. Sectors keep their colour from :data:`SECTOR_COLORS`
    where it is free; with more sectors than colours, :data:`WORK_SECTORS` share
    one. Communities given as numbers are named by their dominant sector and
    area (:func:`graph.analysis.communities.community_names`).

    Examples
    --------
    >>> G = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": "jugendhilfe", "b": "zivilgesellschaft"}, "sector")
    >>> colors, legend = node_colors(G, "sector", None, {})
    >>> colors["a"], [label for _, label in legend]
    ('#CC79A7', ['Kinder- und Jugendhilfe', 'Zivilgesellschaft'])
    """
    if color_by == "sector":
        value = {n: G.nodes[n].get("sector") for n in G}
        sector_names = dict(model.VOCABULARIES["sector"])
        preferred: Mapping[Any, str] = SECTOR_COLORS
        present = {v for v in value.values() if v is not None}
        work = [w for w in WORK_SECTORS if w in present]
        if len(present) > MAX_COLORS and len(work) > 1:  # one colour for the working-life sectors
            value = {n: WORK_KEY if v in work else v for n, v in value.items()}
            sector_names[WORK_KEY] = ", ".join(sector_names[w] for w in work)
            preferred = {**SECTOR_COLORS, WORK_KEY: SECTOR_COLORS["weiterbildung"]}
        label: Any = lambda v: sector_names.get(v, v)  # noqa: E731
    elif color_by == "community":
        value = {n: (groups or {}).get(n) for n in G}
        if any(v is not None and not isinstance(v, str) for v in value.values()):
            from graph.analysis.communities import community_names

            numbers = {n: int(v) for n, v in value.items() if v is not None}
            names = community_names(G, numbers, area_names=area_names)
            value = {n: (names[int(v)] if v is not None else None) for n, v in value.items()}
        label = str
        preferred = {}
    else:
        value = {n: G.nodes[n].get("area") for n in G}
        label = lambda v: area_names.get(v, v)  # noqa: E731
        preferred = {}
    weight: dict[Any, int] = {}
    for n, v in value.items():
        if v is not None:
            weight[v] = weight.get(v, 0) + 1 + G.degree(n)
    # groups with a fixed colour first (so that a sector keeps its colour from picture to picture), then by weight
    ranked = sorted(weight, key=lambda v: (v not in preferred, -weight[v], str(v)))
    chosen = ranked[:MAX_COLORS]
    shown: dict[Any, str] = {}
    for v in chosen:  # the fixed colour first, where it is free
        if v in preferred and preferred[v] not in shown.values():
            shown[v] = preferred[v]
    free = [c for c in PALETTE if c not in shown.values()]
    for v in chosen:
        if v not in shown:
            shown[v] = free.pop(0)
    colors = {n: shown.get(v, OTHER_COLOR) for n, v in value.items()}
    if color_by == "sector":  # in the order of the vocabulary, as every table lists the sectors
        known = [WORK_KEY if v in WORK_SECTORS else v for v in model.VOCABULARIES["sector"]]
        order = sorted(chosen, key=lambda v: (known.index(v) if v in known else len(known), str(v)))
    else:
        order = chosen
    legend = [(shown[v], str(label(v))) for v in order]
    rest = [str(label(v)) for v in sorted(ranked[MAX_COLORS:], key=lambda v: (-weight[v], str(v)))]
    if rest:
        listed = ", ".join(rest[:3]) + (" …" if len(rest) > 3 else "")
        legend.append((OTHER_COLOR, f"{text['other']}: {listed}"))
    if None in value.values():
        if rest:
            legend[-1] = (OTHER_COLOR, legend[-1][1] + f"; {text['unknown']}")
        else:
            legend.append((OTHER_COLOR, text["unknown"]))
    return colors, legend


#: The former private name (kept for callers that have not moved to :func:`node_colors`).
_colors = node_colors


def _cooperations(G: nx.Graph, n: Any) -> list[dict[str, Any]]:
    """The cooperation edges of a node (not the dashed shared-committee ones)."""
    return [d for _, _, d in G.edges(n, data=True) if not d.get("committees")]


def node_sizes(G: nx.Graph, size_by: str, metrics: Mapping[str, Mapping[Any, float]] | None) -> dict[Any, float]:
    """Size of every node, 8 to 40 (the view's pixels; the pictures map it to points), by the square root.

    ``degree`` counts the cooperations (not the dashed shared-committee lines),
    ``weighted_degree`` sums their intensity, the centrality measures come from
    ``metrics`` (measure -> node -> value); ``none`` gives every node 14.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("a", "c")])
    >>> node_sizes(G, "degree", None)
    {'a': 40.0, 'b': 30.627416997969522, 'c': 30.627416997969522}
    """
    if size_by == "none":
        return {n: 14.0 for n in G}
    if size_by == "degree":
        values = {n: float(len(_cooperations(G, n))) for n in G}
    elif size_by == "weighted_degree":
        values = {n: float(sum(d.get("weight") or 1 for d in _cooperations(G, n))) for n in G}
    else:
        values = {n: float((metrics or {}).get(size_by, {}).get(n, 0.0)) for n in G}
    top = max(values.values(), default=0.0) or 1.0
    return {n: 8.0 + 32.0 * math.sqrt(v / top) for n, v in values.items()}


#: The former private name (kept for callers that have not moved to :func:`node_sizes`).
_sizes = node_sizes


def network_view(
    G: nx.Graph,
    *,
    title: str,
    subtitle: str = "",
    color_by: str = "sector",
    size_by: str = "degree",
    groups: Mapping[Any, Any] | None = None,
    metrics: Mapping[str, Mapping[Any, float]] | None = None,
    area_names: Mapping[str, str] | None = None,
    focus: Any = None,
    height: int = 680,
    seed: int = 0,
    lang: str = "de",
) -> NetworkView:
    """Build the interactive view of the cooperation network (or an aggregated one).

    The view is drawn by the app's network component (:meth:`NetworkView.component_data`)
    or as a self-contained offline page (:attr:`NetworkView.html`).

    Parameters
    ----------
    G : networkx.Graph
        Nodes with ``name`` and optionally ``actor_type``, ``sector``, ``area``;
        edges with ``weight`` (intensity). Not changed. Only these attributes
        reach the page.
    title, subtitle : str
        Shown in the page (escaped).
    color_by : {"sector", "community", "area"}
        Node colouring; ``community`` uses ``groups`` (node -> community name, or number).
    size_by : {"degree", "weighted_degree", "betweenness", "pagerank", "none"}
        Node size; the centrality measures come from ``metrics`` (measure -> node -> value).
    area_names : mapping, optional
        Area id -> name, for tooltips and the legend.
    focus : node, optional
        Node the offline page selects and centres (search and highlight).
    height : int
        Height of the drawing in pixels.
    seed : int
        Seed of the server-side layout.
    lang : {"de", "en"}
        Language of legend and tooltips.
    """
    started = time.perf_counter()
    if color_by not in COLOR_MODES:
        raise ValueError(f"color_by must be one of {COLOR_MODES}")
    if size_by not in SIZE_MODES:
        raise ValueError(f"size_by must be one of {SIZE_MODES}")
    text = TEXT.get(lang, TEXT["de"])
    area_names = area_names or {}
    colors, legend = node_colors(G, color_by, groups, area_names, text)
    sizes = node_sizes(G, size_by, metrics)
    positions = layout(G, seed=seed)
    physics = G.number_of_nodes() <= PHYSICS_LIMIT
    top = [str(n) for n in sorted(G, key=lambda n: (-sizes[n], str(n)))]
    type_labels = model.VOCABULARIES["actor_type"]
    sector_labels = model.VOCABULARIES["sector"]
    nodes = []
    names: dict[str, str] = {}
    for n in G:
        data = G.nodes[n]
        name = str(data.get("name", n))
        lines = [name]
        if data.get("actor_type"):
            lines.append(f"{text['type']}: {type_labels.get(data['actor_type'], data['actor_type'])}")
        if data.get("sector"):
            lines.append(f"{text['sector']}: {sector_labels.get(data['sector'], data['sector'])}")
        if data.get("area"):
            lines.append(f"{text['area']}: {area_names.get(data['area'], data['area'])}")
        if data.get("members"):
            lines.append(f"{data['members']} {text['members']}")
        lines.append(f"{text['ties']}: {len(_cooperations(G, n))}")
        x, y = positions[n]
        names[str(n)] = _shorten(name)
        node: dict[str, Any] = {
            "id": str(n),
            "label": "",  # names are drawn by templates/labels.js, where they have room
            "title": "\n".join(lines),  # vis-network shows a string title as text, never as HTML
            "color": {
                "background": colors[n],
                "border": "#ffffff",
                "highlight": {"background": colors[n], "border": HIGHLIGHT_BORDER},
            },
            "size": round(sizes[n], 1),
            "x": round(x, 1),
            "y": round(y, 1),
            "shape": "dot",
            "borderWidth": 1,
            "borderWidthSelected": 4,
        }
        nodes.append(node)
    intensity = model.VOCABULARIES["intensity"]
    edges = []
    shared_committees = False
    for u, v, data in G.edges(data=True):
        if data.get("committees"):
            shared_committees = True
            edges.append(
                {
                    "from": str(u),
                    "to": str(v),
                    "width": 1,
                    "dashes": True,
                    "title": text["shared"].format(n=data["committees"]),
                    "color": {"color": "#7f7f7f", "opacity": 0.35, "highlight": HIGHLIGHT_BORDER},
                }
            )
            continue
        weight = float(data.get("weight", 1) or 1)
        label = intensity.get(str(int(weight)), str(weight)) if data.get("weight") is not None else ""
        edges.append(
            {
                "from": str(u),
                "to": str(v),
                "width": round(0.6 + 0.7 * weight, 1),
                "title": f"{text['intensity']}: {label}" if label else text["ties"],
                "color": {"color": "#9aa3ad", "opacity": 0.55, "highlight": HIGHLIGHT_BORDER},
            }
        )
    hints = [text["edges"]]
    if shared_committees:
        hints.append(text["dashed"])
    if G.number_of_nodes() > LABELLED:
        hints.append(text["labels"])
    notes = [text["color"][color_by], text["size"][size_by], *hints]
    if not physics:
        notes.append(text["fixed"])
    return NetworkView(
        len(nodes),
        len(edges),
        legend,
        time.perf_counter() - started,
        vis_nodes=nodes,
        vis_edges=edges,
        options=_options(physics, G.number_of_nodes()),
        names=names,
        top=top,
        notes=notes,
        hints=hints,
        title=title,
        subtitle=subtitle,
        focus=None if focus is None else str(focus),
        height=height,
        lang=lang,
    )


def _options(physics: bool, n: int) -> dict[str, Any]:
    """vis-network options, kept in pyvis' Options model."""
    from pyvis.network import Network

    net = Network(height="100%", width="100%", cdn_resources="in_line")
    net.set_options(
        """{
      "nodes": {"font": {"size": 20, "face": "Source Sans Pro, Arial, sans-serif", "strokeWidth": 4,
                         "strokeColor": "#ffffff", "color": "#262730"}},
      "edges": {"smooth": false},
      "interaction": {"hover": true, "tooltipDelay": 120, "hideEdgesOnDrag": true, "navigationButtons": false,
                      "keyboard": false, "multiselect": true},
      "physics": {"enabled": false}
    }"""
    )
    # (vis-network's own labels stay empty: templates/labels.js draws the names where they have room)
    options = dict(net.options)  # set_options leaves a plain dict
    options["physics"] = (
        {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "stabilization": {"iterations": 150, "fit": True},
            "forceAtlas2Based": {"gravitationalConstant": -40, "springLength": 90},
        }
        if physics
        else {"enabled": False}
    )
    if n > 1500:  # labels only on zoom for big views, drawn text dominates the render time
        options["nodes"]["font"]["size"] = 0
        options["nodes"]["scaling"] = {"label": {"enabled": True, "drawThreshold": 9}}
    return options


def aggregate(G: nx.Graph, groups: Mapping[Any, Any], names: Mapping[Any, str] | None = None) -> nx.Graph:
    """Collapse the network into one node per group (community or area); edges count the ties between groups.

    Each group node has ``name``, ``members`` (number of actors) and the most
    frequent ``sector`` of its members; ``weight`` of an edge is the number of
    cooperations between the two groups (capped at 4 for the drawing), ``ties`` the exact number.
    """
    names = names or {}
    grouped = nx.Graph()
    members: dict[Any, list[Any]] = {}
    for n in G:
        members.setdefault(groups.get(n), []).append(n)
    for group, nodes in members.items():
        sectors = [G.nodes[n].get("sector") for n in nodes if G.nodes[n].get("sector")]
        top = max(set(sectors), key=sectors.count) if sectors else None
        label = names.get(group, str(group) if group is not None else "–")
        grouped.add_node(group, name=label, members=len(nodes), sector=top)
    for u, v in G.edges():
        a, b = groups.get(u), groups.get(v)
        if a == b:
            continue
        if grouped.has_edge(a, b):
            grouped.edges[a, b]["ties"] += 1
        else:
            grouped.add_edge(a, b, ties=1)
    for _, _, data in grouped.edges(data=True):
        data["weight"] = min(4, data["ties"])
    return grouped


# -- the profile of a clicked actor ------------------------------------------------------------------------

#: The measures of a profile: column of the centrality table, German name, what a value says (with the share
#: of actors whose value is lower), and what a value of nothing says.
PROFILE_MEASURES: tuple[tuple[str, str, str, str], ...] = (
    ("degree", "Kooperationen", "mehr als bei {share} der Akteure", "keine"),
    (
        "betweenness",
        "Vermittlung",
        "höher als bei {share} der Akteure: verbindet andere, die sonst nur über Umwege zueinander fänden",
        "keine: liegt auf keinem kürzesten Weg zwischen zwei anderen",
    ),
    ("pagerank", "Einfluss", "höher als bei {share} der Akteure: Partner, die selbst gut vernetzt sind", "–"),
)


@dataclass
class ActorProfile:
    """What the Netzwerk page shows about one actor besides its record: its place in the network and its ties.

    ``measures`` are (German name, plain German sentence); ``partners`` one dict per
    cooperation partner (``id``, ``name``, ``sector``, ``intensity``, ``types``, ``since``,
    all text but ``id``); ``committees`` and ``offers`` (name, role) pairs. Only what is
    valid on the reference date of the graphs.
    """

    id: str
    name: str
    measures: list[tuple[str, str]] = field(default_factory=list)
    partners: list[dict[str, str]] = field(default_factory=list)
    committees: list[tuple[str, str]] = field(default_factory=list)
    offers: list[tuple[str, str]] = field(default_factory=list)


def actor_profile(L: nx.MultiDiGraph, G: nx.Graph, centrality: Any, actor: str) -> ActorProfile:
    """Return the profile of ``actor`` from the landscape ``L``, its cooperation graph ``G`` and their centrality.

    Parameters
    ----------
    L : networkx.MultiDiGraph
        The landscape (:func:`graph.build.landscape`) on the reference date.
    G : networkx.Graph
        Its cooperation graph (:func:`graph.build.cooperation_graph`).
    centrality : pandas.DataFrame
        :func:`graph.analysis.centrality.centrality` of ``G``: the measures are
        shown as the share of actors with a lower value.
    actor : str
        The actor's id; an actor not in ``G`` gets a profile without ties.

    Examples
    --------
    >>> import networkx as nx, pandas as pd
    >>> L = nx.MultiDiGraph()
    >>> G = nx.Graph([("a", "b")])
    >>> nx.set_node_attributes(G, {"a": "Kita A", "b": "Schule B"}, "name")
    >>> table = pd.DataFrame({"id": ["a", "b"], "degree": [1, 1], "betweenness": [0.0, 0.0], "pagerank": [0.5, 0.5]})
    >>> profile = actor_profile(L, G, table, "a")
    >>> profile.measures[0], [p["name"] for p in profile.partners]
    (('Kooperationen', '1 Partner'), ['Schule B'])
    """
    from graph.build import node_key, targets
    from graph.german import number, percent

    name = str(G.nodes[actor].get("name", actor)) if actor in G else actor
    profile = ActorProfile(actor, name)
    table = centrality.set_index("id") if len(centrality) else None
    for column, label, sentence, nothing in PROFILE_MEASURES:
        if table is None or actor not in table.index or column not in table:
            continue
        values = table[column].astype(float)
        value = float(values[actor])
        share = math.floor(float((values < value).mean()) * 100) / 100  # never "mehr als bei 100 %"
        said = sentence.format(share=percent(share)) if share else ""
        if column == "degree" and value:
            said = f"{number(value)} Partner" + (f" – {said}" if said else "")
        profile.measures.append((label, said or nothing))
    key = node_key("Actor", actor)
    partners: dict[str, dict[str, Any]] = {}
    if key in L:
        for u, v, data in [*L.out_edges(key, data=True), *L.in_edges(key, data=True)]:
            if data.get("kind") != "COOPERATES_WITH":
                continue
            other = L.nodes[v if u == key else u]["id"]
            if other == actor:
                continue
            tie = partners.setdefault(other, {"intensity": 0, "types": set(), "since": None})
            tie["intensity"] = max(tie["intensity"], int(data.get("intensity") or 0))
            tie["types"] |= set(data.get("types") or ())
            since = data.get("since")
            if since is not None and (tie["since"] is None or since < tie["since"]):
                tie["since"] = since
        roles = model.VOCABULARIES["member_role"]
        for committee in targets(L, key, "MEMBER_OF"):
            edge: dict[str, Any] = next(iter(L.get_edge_data(key, committee).values()), {})
            role = roles.get(str(edge.get("role")), "") if edge.get("role") else ""
            profile.committees.append((str(L.nodes[committee].get("name", committee)), role))
        for offer in targets(L, key, "PROVIDES"):
            edge = next(iter(L.get_edge_data(key, offer).values()), {})
            role = model.vocab_label("provider_role", edge["role"]) if edge.get("role") else ""
            profile.offers.append((str(L.nodes[offer].get("title", offer)), role))
    elif actor in G:  # no landscape at hand: the partners from the cooperation graph alone
        for other in G[actor]:
            weight = int(G.edges[actor, other].get("weight") or 0)
            partners[str(other)] = {"intensity": weight, "types": set(), "since": None}
    intensity = model.VOCABULARIES["intensity"]
    kinds = model.VOCABULARIES["cooperation_type"]
    sectors = model.VOCABULARIES["sector"]
    for other, tie in partners.items():
        node = G.nodes[other] if other in G else {}
        profile.partners.append(
            {
                "id": other,
                "name": str(node.get("name", other)),
                "sector": sectors.get(str(node.get("sector")), "") if node.get("sector") else "",
                "intensity": intensity.get(str(tie["intensity"]), "") if tie["intensity"] else "",
                "types": ", ".join(kinds.get(k, k) for k in sorted(tie["types"])),
                "since": f"{tie['since']:%d.%m.%Y}" if tie["since"] else "",
            }
        )
    profile.partners.sort(key=lambda p: p["name"].lower())
    profile.committees.sort()
    profile.offers.sort()
    return profile
