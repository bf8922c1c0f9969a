"""Anonymised data: organisations named by type and area code instead of their names.

One rule for every output (report, pictures, slides, table plan), applied to
the dataset before anything is computed, so that the same organisation has the
same pseudonym everywhere and no explanation text can name it.
"""

from __future__ import annotations

from collections.abc import Mapping

from graph import model
from graph.dataset import Dataset, Rel


def area_codes(names: Mapping[str, str]) -> dict[str, str]:
    """Short neutral codes for areas: G01, G02 … in the order of their names."""
    return {area: f"G{i:02d}" for i, area in enumerate(sorted(names, key=lambda a: (names[a], a)), start=1)}


def anonymise_dataset(ds: Dataset) -> Dataset:
    """Return ``ds`` with organisations named by type and area code (``Kita G03-2``), Träger as ``Träger n``.

    Persons are dropped. Every analysis run on the result names no organisation.
    """
    located = {r.start: r.end for r in ds.rels if r.type == "LOCATED_IN" and r.start_label == "Actor"}
    codes = area_codes({a: p.get("name", a) for a, p in ds.nodes["Area"].items()})
    counters: dict[tuple[str, str], int] = {}
    nodes = {
        label: {n: dict(p) for n, p in items.items()}
        for label, items in ds.nodes.items()
        if label not in model.PERSONAL_LABELS
    }
    nodes["Person"] = {}
    for actor_id in sorted(nodes["Actor"]):
        props = nodes["Actor"][actor_id]
        kind = model.VOCABULARIES["actor_type"].get(props.get("actor_type", ""), "Akteur")
        code = codes.get(located.get(actor_id, ""), "–")
        counters[(kind, code)] = counters.get((kind, code), 0) + 1
        props["name"] = f"{kind} {code}-{counters[(kind, code)]}"
        for private in ("address", "website", "lat", "lon", "source"):
            props.pop(private, None)
    for i, institution in enumerate(sorted(nodes["Institution"]), start=1):
        nodes["Institution"][institution]["name"] = f"Träger {i}"
    rels = [
        Rel(r.type, r.start_label, r.start, r.end_label, r.end, dict(r.props))
        for r in ds.rels
        if r.type not in model.PERSONAL_REL_TYPES
    ]
    return Dataset(nodes, rels)
