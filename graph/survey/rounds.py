"""Survey rounds: who answered (response rates per sector and area) and who has not (reminders).

An actor has answered a round when the round holds at least one review item
of it (any kind, any status). Actors counted are those valid on the round's
date. The area of an actor is its Gemeinde (or the next area up where it has
none, as :class:`graph.editing.Places` says); actors without area are
"ohne Gebiet".
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from graph import model
from graph.build import valid_at
from graph.dataset import Dataset
from graph.editing import Places
from graph.io.problems import number
from graph.survey.model import ReviewItem, SurveyRound

RATE_COLUMNS = ["kind", "id", "name", "actors", "answered", "rate", "explanation"]
REMINDER_COLUMNS = ["id", "name", "actor_type", "sector", "area"]
PERSON_COLUMNS = ["contact_role", "contact_name", "contact_email", "contact_phone"]
NO_AREA = "ohne Gebiet"


def answered(survey_round: SurveyRound, items: Iterable[ReviewItem]) -> set[str]:
    """The actor ids that answered ``survey_round`` (have an item in it)."""
    return {item.respondent for item in items if item.round_id == survey_round.id}


def _actors(ds: Dataset, survey_round: SurveyRound) -> dict[str, dict[str, object]]:
    return {a: p for a, p in sorted(ds.nodes["Actor"].items()) if valid_at(p, survey_round.date)}


def _percent(share: float) -> str:
    return f"{share * 100:.0f} %"


def response_rates(ds: Dataset, survey_round: SurveyRound, items: Iterable[ReviewItem]) -> pd.DataFrame:
    """The share of actors that answered, per sector and per area (Gemeinde).

    Returns
    -------
    pandas.DataFrame
        kind (``sector`` | ``area``), id (sector key or area id, ``""`` for
        none), name (German), actors, answered, rate (0–1), explanation;
        sectors first, then areas, each by name.
    """
    actors = _actors(ds, survey_round)
    done = answered(survey_round, items)
    places = Places(ds)
    groups: dict[tuple[str, str], list[str]] = {}
    for actor, props in actors.items():
        groups.setdefault(("sector", str(props.get("sector") or "")), []).append(actor)
        area = _area(ds, places, actor)
        groups.setdefault(("area", area), []).append(actor)
    rows = []
    for (kind, key), members in groups.items():
        if kind == "sector":
            name = model.VOCABULARIES["sector"].get(key, key) if key else "ohne Sektor"
        else:
            name = str(ds.nodes["Area"].get(key, {}).get("name") or key) if key else NO_AREA
        yes = sum(1 for a in members if a in done)
        rate = yes / len(members)
        rows.append(
            {
                "kind": kind,
                "id": key,
                "name": name,
                "actors": len(members),
                "answered": yes,
                "rate": rate,
                "explanation": f"{name}: {number(yes)} von {number(len(members))} Akteuren haben geantwortet "
                f"({_percent(rate)}).",
            }
        )
    frame = pd.DataFrame(rows, columns=RATE_COLUMNS)
    if rows:
        frame["order"] = frame["kind"].map({"sector": 0, "area": 1})
        frame = frame.sort_values(["order", "name"], kind="stable").drop(columns="order").reset_index(drop=True)
    return frame


def _area(ds: Dataset, places: Places, actor: str) -> str:
    """The id of the Gemeinde an actor lies in (its own area where none above it is a Gemeinde), or ""."""
    area = places.located.get(("Actor", actor))
    current, seen = area, set()
    while current is not None and current not in seen:
        if ds.nodes["Area"].get(current, {}).get("area_type") == "gemeinde":
            return current
        seen.add(current)
        current = places.parent.get(current)
    return area or ""


def reminders(
    ds: Dataset, survey_round: SurveyRound, items: Iterable[ReviewItem], *, include_persons: bool = False
) -> pd.DataFrame:
    """The actors (valid on the round's date) that have not answered the round: the list for a reminder.

    Parameters
    ----------
    include_persons : bool
        Add the contact persons (role, name, e-mail, phone; one row per
        person) – personal data, only when asked; ``ds`` must hold them.

    Returns
    -------
    pandas.DataFrame
        id, name, actor_type, sector, area (German labels), with
        ``include_persons`` also contact_role, contact_name, contact_email,
        contact_phone; sorted by name.
    """
    done = answered(survey_round, items)
    places = Places(ds)
    represents: dict[str, list[str]] = {}
    if include_persons:
        for rel in ds.rels:
            if rel.type == "REPRESENTS":
                represents.setdefault(rel.end, []).append(rel.start)
    rows = []
    for actor, props in _actors(ds, survey_round).items():
        if actor in done:
            continue
        area = _area(ds, places, actor)
        base = {
            "id": actor,
            "name": props.get("name") or actor,
            "actor_type": model.VOCABULARIES["actor_type"].get(str(props.get("actor_type")), ""),
            "sector": model.VOCABULARIES["sector"].get(str(props.get("sector")), ""),
            "area": str(ds.nodes["Area"].get(area, {}).get("name") or area) if area else NO_AREA,
        }
        if not include_persons:
            rows.append(base)
            continue
        people = sorted(represents.get(actor, []))
        if not people:
            rows.append({**base, **dict.fromkeys(PERSON_COLUMNS, "")})
        for person in people:
            p = ds.nodes["Person"].get(person, {})
            rows.append(
                {
                    **base,
                    "contact_role": p.get("role") or "",
                    "contact_name": p.get("name") or "",
                    "contact_email": p.get("email") or "",
                    "contact_phone": p.get("phone") or "",
                }
            )
    columns = REMINDER_COLUMNS + (PERSON_COLUMNS if include_persons else [])
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["name", "id"], kind="stable").reset_index(drop=True) if rows else frame
