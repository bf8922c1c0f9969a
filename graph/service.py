"""What the app does, without Streamlit: filtered networks, tables for display, validated edits.

Pages call one function of this module (or of ``graph.analysis``) per action;
everything here is testable without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx
import pandas as pd

from graph import editing, model
from graph.build import AreaTree, co_membership, cooperation_graph, landscape, nodes_of, sources
from graph.dataset import Dataset, Rel
from graph.errors import DataError
from graph.io.export import _cell, exchange_rows

FORM_SOURCE = editing.FORM_SOURCE


@dataclass(frozen=True)
class NetworkFilter:
    """What the Netzwerk page shows: empty collections mean "all"."""

    sectors: tuple[str, ...] = ()
    actor_types: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    education_areas: tuple[str, ...] = ()
    committee: str | None = None
    center: str | None = None
    depth: int = 1
    co_membership: bool = False


@dataclass
class Network:
    """A filtered cooperation network with what the view needs to draw it."""

    graph: nx.Graph
    area_names: dict[str, str]
    as_of: dt.date
    total_actors: int
    total_ties: int
    hidden: list[str] = field(default_factory=list)


def network(ds: Dataset, as_of: dt.date, flt: NetworkFilter = NetworkFilter()) -> Network:
    """Return the cooperation network on ``as_of`` restricted by ``flt`` (the input is not changed).

    Area filters include the areas below the chosen ones; the committee filter
    keeps its members; with ``co_membership`` actors that sit in a committee
    together (and do not cooperate) are joined by an edge with ``committees``
    (their number) instead of ``weight``; an ego view keeps the actors within
    ``depth`` steps of ``center`` (applied after the other filters).
    """
    L = landscape(ds, as_of)
    G = cooperation_graph(L)
    tree = AreaTree(L)
    keep = set(G)
    if flt.sectors:
        keep = {n for n in keep if G.nodes[n].get("sector") in flt.sectors}
    if flt.actor_types:
        keep = {n for n in keep if G.nodes[n].get("actor_type") in flt.actor_types}
    if flt.areas:
        allowed = set().union(*(tree.within(a) for a in flt.areas))
        keep = {n for n in keep if G.nodes[n].get("area") in allowed}
    if flt.education_areas:
        wanted = set(flt.education_areas)
        keep = {n for n in keep if wanted & set(G.nodes[n].get("education_areas", ()))}
    if flt.committee:
        key = f"Committee:{flt.committee}"
        members = {L.nodes[m]["id"] for m in sources(L, key, "MEMBER_OF")} if key in L else set()
        keep &= members
    sub = nx.Graph(G.subgraph(keep))
    if flt.co_membership:  # actors sharing a committee, drawn as a second kind of line
        for a, b, data in co_membership(L).edges(data=True):
            if a in sub and b in sub and not sub.has_edge(a, b):
                sub.add_edge(a, b, weight=None, committees=data["weight"])
    if flt.center is not None and flt.center in sub:
        sub = nx.Graph(sub.subgraph(nx.single_source_shortest_path_length(sub, flt.center, cutoff=flt.depth)))
    return Network(sub, tree.names, as_of, G.number_of_nodes(), G.number_of_edges())


def analysis_dataset(ds: Dataset, *, confirmed_only: bool = False) -> Dataset:
    """Return the dataset the analyses use: all cooperations, or only the confirmed ones.

    With ``confirmed_only`` a cooperation reported in a survey counts only when the
    other side confirmed it (:func:`graph.survey.reciprocity.confirmed_only`); the
    returned dataset's ``note`` says so with the counts of stored cooperations
    ("Nur bestätigte Kooperationen (n von m)"), and every page, picture and report
    drawn from it repeats that note. Without it ``ds`` itself is returned.

    Parameters
    ----------
    ds : Dataset
        The whole dataset; not changed.
    confirmed_only : bool
        Leave out the cooperations the other side has not confirmed.

    Returns
    -------
    Dataset
        ``ds``, or a restricted copy with ``note`` set.
    """
    if not confirmed_only:
        return ds
    from graph.survey.reciprocity import confirmed_only as only_confirmed

    return only_confirmed(ds)


def actor_choices(ds: Dataset) -> dict[str, str]:
    """Actor id -> "Name (id)" for search boxes, sorted by name."""
    actors = ds.nodes["Actor"]
    return {a: f"{p.get('name', a)} ({a})" for a, p in sorted(actors.items(), key=lambda kv: kv[1].get("name", ""))}


def committee_choices(ds: Dataset) -> dict[str, str]:
    """Committee id -> name, sorted by name."""
    items = ds.nodes["Committee"]
    return {c: p.get("name", c) for c, p in sorted(items.items(), key=lambda kv: kv[1].get("name", ""))}


def area_choices(ds: Dataset) -> dict[str, str]:
    """Area id -> name, Kreis first, then Gemeinden and Sozialräume by name."""
    order = {"kreis": 0, "gemeinde": 1, "sozialraum": 2}
    items = ds.nodes["Area"]
    return {
        a: p.get("name", a)
        for a, p in sorted(
            items.items(), key=lambda kv: (order.get(kv[1].get("area_type", ""), 3), kv[1].get("name", ""))
        )
    }


def key_figures(ds: Dataset, as_of: dt.date) -> dict[str, Any]:
    """Numbers for the overview: actors per sector, cooperations, density, components, committees."""
    L = landscape(ds, as_of)
    G = cooperation_graph(L)
    sectors = pd.Series([G.nodes[n].get("sector") for n in G], dtype=object).value_counts()
    by_sector = {model.VOCABULARIES["sector"].get(k, k): int(v) for k, v in sectors.items()}
    return {
        "actors": G.number_of_nodes(),
        "cooperations": G.number_of_edges(),
        "density": nx.density(G) if G.number_of_nodes() > 1 else 0.0,
        "components": nx.number_connected_components(G),
        "committees": len(nodes_of(L, "Committee")),
        "offers": len(nodes_of(L, "Offer")),
        "by_sector": by_sector,
    }


# -- tables and forms -------------------------------------------------------------------------


def entity_table(ds: Dataset, label: str, *, search: str = "") -> pd.DataFrame:
    """Return the rows of one sheet as the exchange format shows them (German headers), optionally searched.

    References (Träger, Gebiet, Anbieter, Teil von, Berichtet an) show the
    names of what they point to, as the pickers do; the ID column stays. The
    search matches every column, case-insensitively.
    """
    sheet = model.SHEET_BY_LABEL[label]
    rows = exchange_rows(ds, include_persons=False).get(sheet.name)
    if rows is None:
        return pd.DataFrame()
    table = pd.DataFrame(rows[1:], columns=rows[0])
    for column in sheet.columns:
        if column.kind in ("ref", "ref_list") and column.header in table and len(table):
            names = editing.choices(ds, str(column.target))
            table[column.header] = table[column.header].map(
                lambda cell, names=names: (
                    None
                    if cell is None or cell == "" or (isinstance(cell, float) and pd.isna(cell))
                    else ", ".join(names.get(part.strip(), part.strip()) for part in str(cell).split(","))
                )
            )
    if search.strip():
        needle = search.strip().lower()
        mask = table.astype(str).apply(lambda col: col.str.lower().str.contains(needle, regex=False)).any(axis=1)
        table = table[mask]
    return table.reset_index(drop=True)


def editable_columns(label: str) -> list[model.Column]:
    """The columns of a node sheet, in sheet order (the form shows every one)."""
    return list(model.SHEET_BY_LABEL[label].columns)


def record_values(ds: Dataset, label: str, node_id: str) -> dict[str, str]:
    """Return one node as form values: header -> text as in the exchange format."""
    sheet = model.SHEET_BY_LABEL[label]
    rows = exchange_rows(ds, include_persons=label in model.PERSONAL_LABELS).get(sheet.name, [])
    for row in rows[1:]:
        if row[0] == node_id:
            return {h: _text(v) for h, v in zip(rows[0], row, strict=True)}
    raise DataError(f"{model.NODE_LABELS[label]} „{node_id}“ gibt es nicht (mehr).")


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%d.%m.%Y")
    return str(value)


def parse_record(
    label: str, values: Mapping[str, str], known_ids: Mapping[str, Iterable[str]]
) -> tuple[str, dict[str, Any], list[Rel]]:
    """Validate form values exactly as the import validates a row.

    Returns
    -------
    tuple
        (id, properties, relationships the row owns)

    Raises
    ------
    DataError
        With the problems (column and German message) if any value is invalid.
    """
    ds = editing.validate_row(model.SHEET_BY_LABEL[label], values, known_ids)
    node_id, props = next(iter(ds.nodes[label].items()))
    return node_id, props, list(ds.rels)


def display_value(column: model.Column, value: Any) -> str:
    """One property as the form shows it."""
    return _text(_cell(column, value))


#: Largest committee whose members are joined by dashed lines; bigger ones (a Bildungskonferenz of 120) are left
#: out of the co-membership lines, and the legend says so.
COMMITTEE_LINE_LIMIT = 25


@dataclass
class PictureParts:
    """Everything a static picture or slide of a filtered network needs, computed once (see :func:`picture_parts`).

    ``groups`` (node -> community name) and ``metrics`` (measure -> node -> value) are
    filled when the colouring or size needs them; ``description`` says in German what
    the picture shows (filter, colouring, size), for captions and alternative text.
    """

    graph: nx.Graph
    groups: dict[Any, Any]
    metrics: dict[str, dict[Any, float]]
    area_names: dict[str, str]
    title: str
    subtitle: str
    footer: str
    description: str
    color_by: str = "sector"
    size_by: str = "degree"
    as_of: dt.date | None = None
    district: str = ""
    anonymous: bool = False
    left_out_committees: list[str] = field(default_factory=list)


def filter_words(ds: Dataset, flt: NetworkFilter, area_names: Mapping[str, str]) -> str:
    """The filter in German words ("Sektor: Schule · Gebiet: Lindenfeld"), or "alle Akteure".

    Examples
    --------
    >>> filter_words(Dataset(), NetworkFilter(sectors=("schule",)), {})
    'Sektor: Schule'
    >>> filter_words(Dataset(), NetworkFilter(), {})
    'alle Akteure'
    """
    vocab = model.VOCABULARIES
    parts = []
    if flt.sectors:
        parts.append("Sektor: " + ", ".join(vocab["sector"].get(s, s) for s in flt.sectors))
    if flt.actor_types:
        parts.append("Typ: " + ", ".join(vocab["actor_type"].get(t, t) for t in flt.actor_types))
    if flt.areas:
        parts.append("Gebiet: " + ", ".join(area_names.get(a, a) for a in flt.areas))
    if flt.education_areas:
        parts.append("Bildungsbereich: " + ", ".join(vocab["education_area"].get(e, e) for e in flt.education_areas))
    if flt.committee:
        name = ds.nodes.get("Committee", {}).get(flt.committee, {}).get("name", flt.committee)
        parts.append(f"Mitglieder von {name}")
    if flt.center:
        name = ds.nodes.get("Actor", {}).get(flt.center, {}).get("name", flt.center)
        reach = "direkte Partner" if flt.depth == 1 else f"Partner bis {flt.depth} Schritte entfernt"
        parts.append(f"{name} und {reach}")
    return " · ".join(parts) or "alle Akteure"


def _data_sources(ds: Dataset, anonymous: bool) -> str:
    """The data sources of the actors and cooperations, the most frequent first (at most two named)."""
    if anonymous:  # sources can name an organisation ("Vertrag mit …"): not in anonymised output
        return "Daten des Bildungsbüros"
    counts: dict[str, int] = {}
    for props in ds.nodes.get("Actor", {}).values():
        if props.get("source"):
            counts[str(props["source"])] = counts.get(str(props["source"]), 0) + 1
    for rel in ds.rels:
        if rel.type == "COOPERATES_WITH" and rel.props.get("source"):
            counts[str(rel.props["source"])] = counts.get(str(rel.props["source"]), 0) + 1
    ranked = sorted(counts, key=lambda k: (-counts[k], k))
    if not ranked:
        return "Daten des Bildungsbüros"
    return ", ".join(ranked[:2]) + (" u. a." if len(ranked) > 2 else "")


def picture_parts(
    ds: Dataset,
    as_of: dt.date,
    flt: NetworkFilter = NetworkFilter(),
    *,
    color_by: str = "sector",
    size_by: str = "degree",
    anonymous: bool = False,
    aggregate: str | None = None,
) -> PictureParts:
    """Return the filtered network with colours, measures, title, subtitle and footer for a picture or slide.

    Communities and centrality are computed on the whole network of ``as_of``
    (so that a filtered picture shows the same community names and sizes as
    the whole one); with ``anonymous`` organisations are named by type and
    area code, and the footer says that the picture is anonymised.

    Parameters
    ----------
    ds : Dataset
        The dataset; not changed.
    as_of : datetime.date
        Date of the data.
    flt : NetworkFilter
        What the picture shows.
    color_by : {"sector", "community", "area"}
        Node colouring.
    size_by : {"degree", "weighted_degree", "betweenness", "pagerank", "none"}
        Node size.
    anonymous : bool
        Organisations by pseudonym, never by name.
    aggregate : {"community", "area"}, optional
        The picture shows one circle per community or area (the subtitle says so;
        communities are computed for it).
    """
    from graph.analysis.centrality import centrality
    from graph.analysis.communities import communities, community_names
    from graph.analysis.kernels import Kernel
    from graph.anonymise import anonymise_dataset
    from graph.german import count
    from graph.views.network import TEXT

    sources_text = _data_sources(ds, anonymous)
    note = ds.note  # anonymising makes a new dataset: keep what the data is restricted to
    if anonymous:
        ds = anonymise_dataset(ds)
    left_out: list[str] = []
    if flt.co_membership:  # leave out the lines of large committees before the ego view is cut out
        net = network(ds, as_of, replace(flt, center=None))
        graph, left_out = _limit_committee_lines(ds, as_of, net.graph)
        if flt.center is not None and flt.center in graph:
            reach = nx.single_source_shortest_path_length(graph, flt.center, cutoff=flt.depth)
            graph = nx.Graph(graph.subgraph(reach))
    else:
        net = network(ds, as_of, flt)
        graph = net.graph
    groups: dict[Any, Any] = {}
    metrics: dict[str, dict[Any, float]] = {}
    if color_by == "community" or aggregate == "community" or size_by in ("betweenness", "pagerank"):
        full = cooperation_graph(landscape(ds, as_of))
        kernel = Kernel(full)
        members = communities(full, kernel=kernel)
        community = dict(zip(members["id"], members["community"], strict=True))
        named = community_names(full, community, area_names=net.area_names)
        groups = {n: named[c] for n, c in community.items()}  # the legend names each community
        central = centrality(full, kernel=kernel).set_index("id")
        metrics = {m: central[m].to_dict() for m in ("betweenness", "pagerank")}
    tree_types = {a: p.get("area_type") for a, p in ds.nodes.get("Area", {}).items()}
    district = next((net.area_names.get(a, a) for a, t in tree_types.items() if t == "kreis"), "")
    text = TEXT["de"]
    shown = filter_words(ds, flt, net.area_names)
    colour = text["color"][color_by]
    size = text["size"][size_by]
    if aggregate is not None:
        colour = f"zusammengefasst nach {'Gemeinschaft' if aggregate == 'community' else 'Gebiet'}"
        size = "Farbe: überwiegender Sektor, Größe: Zahl der Akteure"
    ties = sum(1 for *_, d in graph.edges(data=True) if not d.get("committees"))
    actors = graph.number_of_nodes()
    title = (
        f"Kooperationsnetz {district}, Stand {as_of:%d.%m.%Y}"
        if district
        else f"Kooperationsnetz, Stand {as_of:%d.%m.%Y}"
    )
    subtitle = (
        f"Gezeigt: {shown} – {count(actors, 'Akteur', 'Akteure')}, {count(ties, 'Kooperation', 'Kooperationen')}"
        f" · {colour} · {size}"
    )
    footer = f"Stand {as_of:%d.%m.%Y} · Quelle: {sources_text} · erstellt mit Bildungsnetz"
    if note:
        footer += f" · {note}"
    if anonymous:
        footer += " · anonymisiert: Akteure als Typ und Gebietskürzel"
    description = (
        f"Kooperationsnetz {district or 'des Kreises'} am {as_of:%d.%m.%Y}: {count(actors, 'Akteur', 'Akteure')} "
        f"und {count(ties, 'Kooperation', 'Kooperationen')}; gezeigt: {shown}; {colour}; {size}."
    )
    if note:
        description += f" {note}."
    return PictureParts(
        graph,
        groups,
        metrics,
        dict(net.area_names),
        title,
        subtitle,
        footer,
        description,
        color_by=color_by,
        size_by=size_by,
        as_of=as_of,
        district=district,
        anonymous=anonymous,
        left_out_committees=left_out,
    )


def _limit_committee_lines(ds: Dataset, as_of: dt.date, graph: nx.Graph) -> tuple[nx.Graph, list[str]]:
    """Drop the dashed co-membership lines that come only from committees above :data:`COMMITTEE_LINE_LIMIT`.

    Returns the graph (a copy when something changed) and the names of the committees left out.
    """
    L = landscape(ds, as_of)
    big: list[str] = []
    small_pairs: set[frozenset[Any]] = set()
    for key in nodes_of(L, "Committee"):
        members = [L.nodes[m]["id"] for m in sources(L, key, "MEMBER_OF")]
        if len(members) > COMMITTEE_LINE_LIMIT:
            big.append(str(L.nodes[key].get("name", key)))
            continue
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                small_pairs.add(frozenset((a, b)))
    if not big:
        return graph, []
    kept = nx.Graph(graph)
    for u, v, data in graph.edges(data=True):
        if data.get("committees") and frozenset((u, v)) not in small_pairs:
            kept.remove_edge(u, v)
    return kept, sorted(big)


def network_picture(
    ds: Dataset,
    as_of: dt.date,
    path: Any,
    *,
    flt: NetworkFilter = NetworkFilter(),
    color_by: str = "sector",
    size_by: str = "degree",
    anonymous: bool = False,
    title: str | None = None,
    lang: str = "de",
    paper: str = "slide",
    named: Iterable[Any] = (),
    aggregate: str | None = None,
    focus: Any = None,
) -> bytes:
    """Draw the filtered network as a static picture (format from the file suffix) with the view's layout.

    With ``anonymous`` organisations are shown as type and area code, never by
    name, and the footer says so. ``paper`` is the printed size ("slide" 16:9,
    "a4" landscape, "a3", "a0" posters); ``focus`` (default: the centre of an
    ego filter) is ringed and named, every actor in ``named`` is named;
    ``aggregate`` ("community" or "area") draws one circle per group.
    """
    from pathlib import Path

    from graph.views.picture import FORMATS, picture

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DataError(f"{target.name}: Bildformat „{fmt}“ unbekannt; möglich sind .png, .svg, .pdf und .pptx.")
    if aggregate is not None and aggregate not in ("community", "area"):
        raise DataError(f"Zusammenfassen nach „{aggregate}“ gibt es nicht; möglich sind community und area.")
    parts = picture_parts(
        ds,
        as_of,
        flt,
        color_by=color_by,
        size_by=size_by,
        anonymous=anonymous,
        aggregate=aggregate,
    )
    ring = focus if focus is not None else flt.center
    return picture(
        parts.graph,
        target,
        title=title or parts.title,
        subtitle=parts.subtitle,
        footer=parts.footer,
        fmt=fmt,
        color_by=color_by,
        size_by=size_by,
        groups=parts.groups,
        metrics=parts.metrics,
        area_names=parts.area_names,
        focus=ring if ring in parts.graph else None,
        named=named,
        paper=paper,
        aggregate=aggregate,
        left_out_committees=parts.left_out_committees,
        lang=lang,
    )
