"""What the app does, without Streamlit: filtered networks, tables for display, validated edits.

Pages call one function of this module (or of ``graph.analysis``) per action;
everything here is testable without a browser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
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
) -> bytes:
    """Draw the filtered network as a static picture (format from the file suffix) with the view's layout.

    With ``anonymous`` organisations are shown as type and area code, never by name.
    """
    from pathlib import Path

    from graph.analysis.centrality import centrality
    from graph.analysis.communities import communities, community_names
    from graph.analysis.kernels import Kernel
    from graph.anonymise import anonymise_dataset
    from graph.views.picture import FORMATS, picture

    target = Path(path)
    fmt = target.suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise DataError(f"{target.name}: Bildformat „{fmt}“ unbekannt; möglich sind .png, .svg und .pdf.")
    if anonymous:
        ds = anonymise_dataset(ds)
    net = network(ds, as_of, flt)
    graph = net.graph
    groups: dict[Any, Any] = {}
    metrics: dict[str, dict[Any, float]] = {}
    if color_by == "community" or size_by in ("betweenness", "pagerank"):
        full = cooperation_graph(landscape(ds, as_of))
        kernel = Kernel(full)
        members = communities(full, kernel=kernel)
        community = dict(zip(members["id"], members["community"], strict=True))
        named = community_names(full, community, area_names=net.area_names)
        groups = {n: named[c] for n, c in community.items()}  # the legend names each community
        central = centrality(full, kernel=kernel).set_index("id")
        metrics = {m: central[m].to_dict() for m in ("betweenness", "pagerank")}
    names = net.area_names
    heading = title or "Kooperationsnetz"
    subtitle = f"Stand {as_of:%d.%m.%Y} · {graph.number_of_nodes()} Akteure · {graph.number_of_edges()} Verbindungen"
    return picture(
        graph,
        target,
        title=heading,
        subtitle=subtitle,
        fmt=fmt,
        color_by=color_by,
        size_by=size_by,
        groups=groups,
        metrics=metrics,
        area_names=names,
        lang=lang,
    )
