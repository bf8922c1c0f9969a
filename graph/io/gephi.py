"""The cooperation network as of a date, for Gephi: GEXF and GraphML that open looking like our picture.

The full export (:func:`graph.io.export.export`) writes every node and
relationship of the dataset; this module writes what a network picture shows:
one undirected edge per pair of actors that cooperate on the day, with

* node ``label`` = the actor's name (a pseudonym when anonymised), the
  attributes *Typ*, *Sektor* and *Gebiet* as German labels, and the measures
  *Zahl der Partner*, *Brückenfunktion* (betweenness, normalised), *PageRank*
  and *Gemeinschaft* (its name, e.g. "Frühe Bildung Nordstadt");
* the colour, position and size of the node in our network picture (the
  disc :func:`graph.views.picture.scene` draws for the picture of the whole
  network on that day, main part and strip of small groups alike): GEXF
  ``viz:color``, ``viz:position``, ``viz:size`` (the disc's radius, in the
  units of the positions); GraphML attributes ``r``, ``g``, ``b``, ``x``, ``y``,
  ``size``, which Gephi's GraphML import reads;
* edge ``weight`` = the intensity of the cooperation (1–4; where a pair has
  several records on the day, the highest, as in every analysis and in the
  line width of the picture), and *Einträge*, the number of records merged.

Positions are the picture's, in points: x to the right, y upwards (the
picture's y, which grows downwards, negated), so Gephi shows the network the
right way up.
Anonymised files name no organisation: node ids and labels are pseudonyms, and
there is no *Gebiet* attribute and no area in the community names (an area name
beside the area code of a pseudonym would undo the code).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import networkx as nx

from graph import model
from graph.dataset import Dataset
from graph.errors import DataError

FORMATS = ("gexf", "graphml")
GephiFormat = Literal["gexf", "graphml"]
#: What a missing type, sector or area is called in the file.
UNKNOWN = "ohne Angabe"
#: Characters XML 1.0 does not allow (the import refuses them already; this keeps the file valid regardless).
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def hex_to_rgb(color: str) -> tuple[int, int, int]:
    """Return the red, green and blue parts (0–255) of a ``#RRGGBB`` colour.

    Examples
    --------
    >>> hex_to_rgb("#E69F00")
    (230, 159, 0)
    """
    value = color.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _text(value: Any) -> str:
    return _XML_ILLEGAL.sub("", str(value))


def gephi_graph(
    G: nx.Graph,
    *,
    area_names: dict[str, str] | None = None,
    color_by: str = "sector",
    size_by: str = "degree",
    groups: dict[Any, Any] | None = None,
    metrics: dict[str, dict[Any, float]] | None = None,
    labels: dict[Any, str] | None = None,
    show_area: bool = True,
    seed: int = 0,
    look: Mapping[Any, tuple[float, float, float]] | None = None,
    colors: Mapping[Any, str] | None = None,
) -> nx.Graph:
    """Return a copy of the cooperation graph ``G`` with the German attributes and the look of our picture.

    Parameters
    ----------
    G : networkx.Graph
        A cooperation graph (:func:`graph.build.cooperation_graph`): nodes with ``name``, ``actor_type``,
        ``sector``, ``area``; edges with ``weight`` (intensity) and ``ties``. Not changed.
    area_names : dict, optional
        Area id -> name, for the *Gebiet* attribute and colouring by area.
    color_by : {"sector", "community", "area"}
        Colouring, as in the picture.
    size_by : {"degree", "weighted_degree", "betweenness", "pagerank", "none"}
        Size, as in the picture.
    groups : dict, optional
        Node -> community name (the *Gemeinschaft* attribute and colouring by community).
    metrics : dict, optional
        ``{"betweenness": {node: value}, "pagerank": {node: value}}``; missing values are 0.
    labels : dict, optional
        Node -> the id and label to write instead of the actor's id and name (pseudonyms).
    show_area : bool
        Whether to write the *Gebiet* attribute.
    seed : int
        Seed of the layout (the picture's default is 0).
    look : mapping, optional
        Node -> (x, y, radius) as drawn in a picture (y downwards), e.g. the discs of
        :func:`graph.views.picture.scene`. Default: :func:`graph.views.network.layout` for the
        position and the view's size (:func:`graph.views.network.network_view`).
    colors : mapping, optional
        Node -> ``#RRGGBB`` as drawn. Default: :func:`graph.views.network.node_colors`.

    Returns
    -------
    networkx.Graph
        Undirected, one edge per pair. Nodes: ``label``, ``Typ``, ``Sektor``, (``Gebiet``),
        ``Zahl der Partner``, ``Brückenfunktion``, ``PageRank``, ``Gemeinschaft``, ``viz``
        (``color`` r/g/b/a, ``position`` x/y/z, ``size``). Edges: ``weight``, ``Einträge``, ``Arten``.
    """
    from graph.views.network import TEXT, _sizes, layout, node_colors

    names = area_names or {}
    metrics = metrics or {}
    if colors is None or any(n not in colors for n in G):
        colors = {**node_colors(G, color_by, groups, names, TEXT["de"])[0], **(colors or {})}
    if look is None or any(n not in look for n in G):
        sizes = _sizes(G, size_by, metrics)
        pos = layout(G, seed=seed)
        look = {**{n: (pos[n][0], pos[n][1], sizes[n]) for n in G}, **(look or {})}
    rename = labels or {}
    out = nx.Graph()
    for n, data in G.nodes(data=True):
        r, g, b = hex_to_rgb(colors[n])
        x, y, size = look[n]
        attrs: dict[str, Any] = {
            "label": _text(rename.get(n, data.get("name") or n)),
            "Typ": model.VOCABULARIES["actor_type"].get(data.get("actor_type") or "", UNKNOWN),
            "Sektor": model.VOCABULARIES["sector"].get(data.get("sector") or "", UNKNOWN),
        }
        if show_area:
            attrs["Gebiet"] = _text(names.get(data.get("area") or "", UNKNOWN))
        attrs.update(
            {
                "Zahl der Partner": sum(1 for _, _, d in G.edges(n, data=True) if not d.get("committees")),
                "Brückenfunktion": float(metrics.get("betweenness", {}).get(n, 0.0)),
                "PageRank": float(metrics.get("pagerank", {}).get(n, 0.0)),
                "Gemeinschaft": _text((groups or {}).get(n) or UNKNOWN),
                "viz": {
                    "color": {"r": r, "g": g, "b": b, "a": 1.0},
                    "position": {"x": float(x), "y": -float(y), "z": 0.0},
                    "size": float(size),
                },
            }
        )
        out.add_node(_text(rename.get(n, n)), **attrs)
    for u, v, data in G.edges(data=True):
        if data.get("committees"):
            continue
        out.add_edge(
            _text(rename.get(u, u)),
            _text(rename.get(v, v)),
            weight=int(data.get("weight") or 1),
            Einträge=int(data.get("ties") or 1),
            Arten=", ".join(model.VOCABULARIES["cooperation_type"].get(t, t) for t in data.get("types", ())),
        )
    return out


def network_graph(
    ds: Dataset,
    as_of: dt.date,
    *,
    color_by: str = "sector",
    size_by: str = "degree",
    anonymous: bool = False,
    seed: int = 0,
) -> nx.Graph:
    """Return the cooperation network of ``ds`` on ``as_of`` as :func:`gephi_graph` writes it.

    The measures (betweenness, PageRank, communities with their names) are
    computed on the real network of the day, as the analyses do; graph,
    colours, positions and sizes are those of the network picture of the day
    (:func:`graph.service.picture_parts` without filter, laid out by
    :func:`graph.views.picture.scene` on a slide). With ``anonymous`` ids and
    labels are pseudonyms (:class:`graph.anonymise.Pseudonyms`) and no area is
    named.

    Examples
    --------
    >>> from graph.dataset import Dataset, Rel
    >>> ds = Dataset()
    >>> ds.add_node("Actor", "a", {"name": "Kita A", "actor_type": "kita", "sector": "fruehe_bildung"})
    >>> ds.add_node("Actor", "b", {"name": "VHS", "actor_type": "vhs", "sector": "weiterbildung"})
    >>> ds.add_rel(Rel("COOPERATES_WITH", "Actor", "a", "Actor", "b", {"intensity": 3}))
    >>> G = network_graph(ds, dt.date(2026, 6, 30))
    >>> G.nodes["a"]["label"], G.nodes["a"]["Sektor"], G.edges["a", "b"]["weight"]
    ('Kita A', 'Frühe Bildung', 3)
    """
    from graph.analysis.centrality import centrality
    from graph.analysis.communities import communities, community_names
    from graph.analysis.kernels import Kernel
    from graph.anonymise import Pseudonyms
    from graph.service import picture_parts
    from graph.views.picture import scene

    data = ds.without_personal_data()
    parts = picture_parts(data, as_of, color_by=color_by, size_by=size_by, anonymous=anonymous)
    drawn = scene(
        parts.graph,
        title=parts.title,
        subtitle=parts.subtitle,
        footer=parts.footer,
        color_by=color_by,
        size_by=size_by,
        groups=parts.groups,
        metrics=parts.metrics,
        area_names=parts.area_names,
        seed=seed,
    )
    look = {n: (d.x, d.y, d.r) for n, d in drawn.discs.items()}
    colors = {m.node: m.color for m in drawn.marks if m.node is not None and m.role == "node"}
    G = nx.Graph(parts.graph)
    area_names = dict(parts.area_names)
    metrics: dict[str, dict[Any, float]] = {"betweenness": {}, "pagerank": {}}
    groups: dict[Any, Any] = {}
    if G.number_of_nodes():
        kernel = Kernel(G)
        members = communities(G, kernel=kernel)
        community = dict(zip(members["id"], members["community"], strict=True))
        if anonymous:  # named by sector alone: an area name would give away the area codes
            bare = nx.Graph()
            bare.add_nodes_from((n, {"sector": d.get("sector"), "area": None}) for n, d in G.nodes(data=True))
            named = community_names(bare, community)
        else:
            named = community_names(G, community, area_names=area_names)
        groups = {n: named[c] for n, c in community.items()}
        central = centrality(G, kernel=kernel).set_index("id")
        metrics = {m: {k: float(v) for k, v in central[m].items()} for m in ("betweenness", "pagerank")}
    labels = Pseudonyms.build(data).actors if anonymous else None
    out = gephi_graph(
        G,
        area_names=area_names,
        color_by=color_by,
        size_by=size_by,
        groups=groups,
        metrics=metrics,
        labels=labels,
        show_area=not anonymous,
        seed=seed,
        look=look,
        colors=colors,
    )
    out.graph["name"] = f"Kooperationsnetz, Stand {as_of:%d.%m.%Y}" + (", anonymisiert" if anonymous else "")
    return out


def write_network(
    ds: Dataset,
    path: Path,
    *,
    as_of: dt.date,
    color_by: str = "sector",
    size_by: str = "degree",
    anonymous: bool = False,
) -> nx.Graph:
    """Write the cooperation network on ``as_of`` for Gephi; the format (.gexf or .graphml) from the suffix.

    Returns the graph written (:func:`network_graph`), for the caller to report its size.
    """
    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DataError(f"{target.name}: Format „{fmt}“ unbekannt; das Netz für Gephi gibt es als .gexf und .graphml.")
    G = network_graph(ds, as_of, color_by=color_by, size_by=size_by, anonymous=anonymous)
    target.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "gexf":
        nx.write_gexf(G, target, version="1.2draft")
    else:
        nx.write_graphml(graphml_graph(G), target, named_key_ids=False, edge_id_from_attribute=None)
    return G


def graphml_graph(G: nx.Graph) -> nx.Graph:
    """A copy of a :func:`gephi_graph` with ``viz`` as the flat attributes Gephi's GraphML import reads.

    ``r``, ``g``, ``b`` (0–255), ``x``, ``y`` and ``size``.
    """
    out = nx.Graph(**G.graph)
    for n, data in G.nodes(data=True):
        attrs = {k: v for k, v in data.items() if k != "viz"}
        viz = data.get("viz", {})
        if "color" in viz:
            attrs.update(r=int(viz["color"]["r"]), g=int(viz["color"]["g"]), b=int(viz["color"]["b"]))
        if "position" in viz:
            attrs.update(x=float(viz["position"]["x"]), y=float(viz["position"]["y"]))
        if "size" in viz:
            attrs["size"] = float(viz["size"])
        out.add_node(n, **attrs)
    out.add_edges_from(G.edges(data=True))
    return out


def network_bytes(ds: Dataset, fmt: str, **options: Any) -> bytes:
    """The network file of ``fmt`` ("gexf" or "graphml") as bytes (for downloads); options as :func:`write_network`."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bildungsnetz-gephi-") as tmp:
        target = Path(tmp) / f"kooperationsnetz.{fmt}"
        write_network(ds, target, **options)
        return target.read_bytes()
