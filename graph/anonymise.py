"""Anonymised output: organisations named by type and area code instead of their names.

The analyses always run on the real data (a duplicate search on pseudonyms
finds "Kita G03-1" and "Kita G03-2" alike and invents findings); only what is
shown is pseudonymised, by one rule for every output (report, pictures,
slides, table plan), so the same organisation has the same pseudonym
everywhere:

* An actor is called by its type, an area code and a number
  (``Kita G03-2``). Area codes are neutral (``G01`` …), in an order that says
  nothing about the names, and no output prints a code beside an area name.
* An actor that is the only one of its type in its area would be
  recognisable by its code alone; it gets the code of the next larger area
  with at least two of its type, or none (``Jobcenter Kreis-1``), and the
  output says so (:data:`COARSE_NOTE`).
* In drawings (:meth:`Pseudonyms.dataset`) areas below the district are
  named by their code too, so that a legend coloured by area cannot pair a
  code with a name.
* A Träger is ``Träger n``; addresses, web sites, coordinates and sources are
  dropped; persons never appear.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from graph import model
from graph.dataset import Dataset, Rel

#: The sentence an anonymised output carries when some actors got a coarser area code.
COARSE_NOTE = (
    "Akteure, die als einzige ihres Typs in ihrem Gebiet tätig sind, tragen das Kürzel des nächstgrößeren "
    "Gebiets (oder „Kreis“), damit sie nicht am Kürzel erkennbar sind."
)

#: Properties that could identify an organisation; they are dropped in anonymised output.
PRIVATE_PROPERTIES = ("address", "website", "lat", "lon", "source")


def area_codes(names: Mapping[str, str]) -> dict[str, str]:
    """Neutral codes for areas, ``G01``, ``G02`` …, in an order derived from a hash of the area id.

    The order neither follows the names (the alphabetical position would give
    the name away) nor changes from one run to the next.
    """
    order = sorted(names, key=lambda a: hashlib.sha256(a.encode()).hexdigest())
    return {area: f"G{i:02d}" for i, area in enumerate(order, start=1)}


@dataclass
class Pseudonyms:
    """The pseudonyms of one dataset: actor and Träger ids to their shown names.

    Build with :meth:`build`; apply with :meth:`text`, :meth:`frame` and :meth:`dataset`.
    """

    actors: dict[str, str] = field(default_factory=dict)
    institutions: dict[str, str] = field(default_factory=dict)
    real_names: dict[str, str] = field(default_factory=dict)
    coarsened: set[str] = field(default_factory=set)
    #: Area id -> the neutral code that replaces its name in drawings (the district itself keeps its name).
    areas: dict[str, str] = field(default_factory=dict)
    _pattern: re.Pattern[str] | None = None

    @classmethod
    def build(cls, ds: Dataset) -> Pseudonyms:
        """Pseudonyms for every actor and Träger of ``ds`` (deterministic)."""
        parent = {r.start: r.end for r in ds.rels if r.type == "PART_OF"}
        located = {r.start: r.end for r in ds.rels if r.type == "LOCATED_IN" and r.start_label == "Actor"}
        codes = area_codes({a: p.get("name", a) for a, p in ds.nodes["Area"].items()})
        top = {a for a in ds.nodes["Area"] if a not in parent}

        def chain(area: str | None) -> list[str]:
            out: list[str] = []
            while area is not None and area not in out:
                out.append(area)
                area = parent.get(area)
            return out

        kinds: dict[str, str] = {}
        per_area: dict[tuple[str, str], int] = {}
        for actor_id, props in ds.nodes["Actor"].items():
            kinds[actor_id] = model.VOCABULARIES["actor_type"].get(props.get("actor_type", ""), "Akteur")
            for area in chain(located.get(actor_id)):
                per_area[(kinds[actor_id], area)] = per_area.get((kinds[actor_id], area), 0) + 1
        out = cls()
        out.areas = {a: code for a, code in codes.items() if a not in top}
        counters: dict[tuple[str, str], int] = {}
        for actor_id in sorted(ds.nodes["Actor"]):
            kind = kinds[actor_id]
            areas = chain(located.get(actor_id))
            shown = next((a for a in areas if per_area.get((kind, a), 0) >= 2), None)
            if areas and shown != areas[0]:
                out.coarsened.add(actor_id)
            code = "Kreis" if shown is None or shown in top else codes[shown]
            counters[(kind, code)] = counters.get((kind, code), 0) + 1
            out.actors[actor_id] = f"{kind} {code}-{counters[(kind, code)]}"
            name = str(ds.nodes["Actor"][actor_id].get("name") or "")
            if name:
                out.real_names[name] = out.actors[actor_id]
        area_names = {str(p.get("name") or "") for p in ds.nodes["Area"].values()}
        for i, institution in enumerate(sorted(ds.nodes["Institution"]), start=1):
            out.institutions[institution] = f"Träger {i}"
            name = str(ds.nodes["Institution"][institution].get("name") or "")
            # a Träger named like an area ("Landkreis Musterau") keeps that public name in running text, so that
            # the district's name is not turned into "Träger 37" wherever it is mentioned
            if name and name not in area_names:
                out.real_names.setdefault(name, out.institutions[institution])
        return out

    @property
    def note(self) -> str:
        """What the output must say about the pseudonyms ('' if no actor needed a coarser code)."""
        return COARSE_NOTE if self.coarsened else ""

    def text(self, value: Any) -> Any:
        """``value`` with every real organisation name replaced by its pseudonym (non-text unchanged).

        Longer names are replaced first, so "Kita Sonnenschein Nord" is not
        turned into the pseudonym of "Kita Sonnenschein" plus " Nord".
        """
        if not isinstance(value, str) or not self.real_names:
            return value
        if self._pattern is None:
            names = sorted(self.real_names, key=len, reverse=True)
            self._pattern = re.compile("|".join(re.escape(n) for n in names))
        return self._pattern.sub(lambda m: self.real_names[m.group(0)], value)

    def frame(self, table: pd.DataFrame, *, id_columns: Iterable[str] = ("id", "a", "b")) -> pd.DataFrame:
        """A copy of ``table`` with names replaced in every text cell and ids of actors shown as pseudonyms."""
        out = table.copy()
        for column in out.columns:
            if column in id_columns:
                out[column] = out[column].map(lambda v: self.actors.get(v, v) if isinstance(v, str) else v)
            else:
                out[column] = out[column].map(self.text)
        return out

    def dataset(self, ds: Dataset) -> Dataset:
        """``ds`` with pseudonyms as names, identifying properties and persons dropped (for drawing)."""
        nodes = {
            label: {n: dict(p) for n, p in items.items()}
            for label, items in ds.nodes.items()
            if label not in model.PERSONAL_LABELS
        }
        nodes["Person"] = {}
        for actor_id, props in nodes["Actor"].items():
            props["name"] = self.actors.get(actor_id, "Akteur")
            for private in PRIVATE_PROPERTIES:
                props.pop(private, None)
        for institution, props in nodes["Institution"].items():
            props["name"] = self.institutions.get(institution, "Träger")
        for offer in nodes["Offer"].values():
            if isinstance(offer.get("title"), str):
                offer["title"] = self.text(offer["title"])
        for committee in nodes["Committee"].values():
            if isinstance(committee.get("name"), str):
                committee["name"] = self.text(committee["name"])
        # a legend coloured by area (or a community named after its area) must not pair a code with a name
        for area, code in self.areas.items():
            if area in nodes["Area"]:
                nodes["Area"][area]["name"] = code
        rels = [
            Rel(r.type, r.start_label, r.start, r.end_label, r.end, dict(r.props))
            for r in ds.rels
            if r.type not in model.PERSONAL_REL_TYPES
        ]
        return Dataset(nodes, rels)


def anonymise_dataset(ds: Dataset) -> Dataset:
    """Return ``ds`` with organisations named by pseudonyms (``Kita G03-2``), for pictures and slides only.

    Analyses must run on the real data and pseudonymise their output
    (:class:`Pseudonyms`); drawing needs only the names.
    """
    return Pseudonyms.build(ds).dataset(ds)
