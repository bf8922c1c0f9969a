"""Reciprocity: which cooperations the other side confirmed, one-sided ties, and the "Rückfrage" list.

A cooperation that came from a survey answer records who reported it
(``reported_by``) and whether the other side named or confirmed it too
(``confirmed``). Cooperations the office entered itself carry neither.

* **one-sided** (:func:`one_sided`): reported by one side (``reported_by`` set)
  and not confirmed (``confirmed`` not True).
* **Rückfrage** (:func:`rueckfrage`): the same ties from the side of the actor
  that was named and has not confirmed: whom to ask.
* **only confirmed** (:func:`confirmed_only`): cooperations with
  ``confirmed`` True, and those the office entered (neither ``reported_by``
  nor ``confirmed`` = False); one-sided ties are left out, and the dataset's
  ``note`` says so, so that every output drawn from it can say it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

import pandas as pd

from graph.build import valid_at
from graph.dataset import Dataset, Rel
from graph.io.problems import number

ONE_SIDED_COLUMNS = [
    "id",
    "reported_by",
    "reporter_name",
    "partner",
    "partner_name",
    "since",
    "intensity",
    "explanation",
]
RUECKFRAGE_COLUMNS = ["actor", "actor_name", "named_by", "named_by_name", "cooperation", "since", "explanation"]


def is_one_sided(props: Mapping[str, Any]) -> bool:
    """Whether a cooperation was reported by one side and not confirmed by the other."""
    return bool(props.get("reported_by")) and props.get("confirmed") is not True


def is_confirmed(props: Mapping[str, Any]) -> bool:
    """Whether a cooperation counts as confirmed: confirmed by the other side, or entered by the office."""
    if props.get("confirmed") is True:
        return True
    return not props.get("reported_by") and props.get("confirmed") is not False


def _ties(ds: Dataset, as_of: dt.date) -> list[tuple[Rel, str, str]]:
    """One-sided ties valid on ``as_of``: (relationship, reporter, partner)."""
    actors = ds.nodes["Actor"]
    out = []
    for rel in ds.rels:
        if rel.type != "COOPERATES_WITH" or not valid_at(rel.props, as_of) or not is_one_sided(rel.props):
            continue
        if rel.start not in actors or rel.end not in actors:
            continue
        reporter = str(rel.props["reported_by"])
        if reporter not in (rel.start, rel.end):
            continue
        partner = rel.end if reporter == rel.start else rel.start
        out.append((rel, reporter, partner))
    return sorted(out, key=lambda t: (t[1], t[2], str(t[0].props.get("id"))))


def _name(ds: Dataset, actor: str) -> str:
    return str(ds.nodes["Actor"].get(actor, {}).get("name") or actor)


def one_sided(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Cooperations valid on ``as_of`` that one side reported and the other has not confirmed.

    Returns
    -------
    pandas.DataFrame
        id (of the cooperation), reported_by, reporter_name, partner,
        partner_name, since, intensity, explanation (German); sorted by reporter.
    """
    rows = []
    for rel, reporter, partner in _ties(ds, as_of):
        rows.append(
            {
                "id": rel.props.get("id"),
                "reported_by": reporter,
                "reporter_name": _name(ds, reporter),
                "partner": partner,
                "partner_name": _name(ds, partner),
                "since": rel.props.get("since"),
                "intensity": rel.props.get("intensity"),
                "explanation": f"{_name(ds, reporter)} hat die Kooperation mit {_name(ds, partner)} genannt; "
                f"{_name(ds, partner)} hat sie (noch) nicht bestätigt.",
            }
        )
    return pd.DataFrame(rows, columns=ONE_SIDED_COLUMNS)


def rueckfrage(ds: Dataset, as_of: dt.date) -> pd.DataFrame:
    """Per actor, the cooperations others named that it has not confirmed: the list for a "Rückfrage".

    Returns
    -------
    pandas.DataFrame
        actor (who is asked), actor_name, named_by, named_by_name, cooperation
        (id), since, explanation (German); sorted by actor.
    """
    rows = []
    for rel, reporter, partner in _ties(ds, as_of):
        rows.append(
            {
                "actor": partner,
                "actor_name": _name(ds, partner),
                "named_by": reporter,
                "named_by_name": _name(ds, reporter),
                "cooperation": rel.props.get("id"),
                "since": rel.props.get("since"),
                "explanation": f"{_name(ds, reporter)} nennt {_name(ds, partner)} als Partner; bitte bei "
                f"{_name(ds, partner)} nachfragen, ob die Kooperation besteht.",
            }
        )
    frame = pd.DataFrame(rows, columns=RUECKFRAGE_COLUMNS)
    return frame.sort_values(["actor", "named_by"], kind="stable").reset_index(drop=True) if rows else frame


def confirmed_only(ds: Dataset) -> Dataset:
    """Return ``ds`` with only the confirmed cooperations (:func:`is_confirmed`); its ``note`` says so.

    Examples
    --------
    >>> ds = Dataset()
    >>> for a in ("a", "b", "c"):
    ...     ds.add_node("Actor", a, {"name": a.upper()})
    >>> def tie(b, rid, yes):
    ...     return Rel("COOPERATES_WITH", "Actor", "a", "Actor", b, {"id": rid, "reported_by": "a", "confirmed": yes})
    >>> ds.add_rel(tie("b", "1", True))
    >>> ds.add_rel(tie("c", "2", False))
    >>> only = confirmed_only(ds)
    >>> [r.props["id"] for r in only.rels], only.note
    (['1'], 'Nur bestätigte Kooperationen (1 von 2)')
    """
    coops = [r for r in ds.rels if r.type == "COOPERATES_WITH"]
    kept = [r for r in coops if is_confirmed(r.props)]
    rels = [r for r in ds.rels if r.type != "COOPERATES_WITH" or is_confirmed(r.props)]
    note = f"Nur bestätigte Kooperationen ({number(len(kept))} von {number(len(coops))})"
    return replace(ds, nodes={k: dict(v) for k, v in ds.nodes.items()}, rels=rels, note=note)


__all__ = ["confirmed_only", "is_confirmed", "is_one_sided", "one_sided", "rueckfrage"]
