"""The shared vocabulary of the survey: review items, match candidates, survey rounds.

Field names are English; the German words people see are in :data:`SOURCES`,
:data:`KINDS`, :data:`CONFIDENCES` and :data:`STATUSES`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

#: Where an answer came from.
SOURCES: Mapping[str, str] = MappingProxyType(
    {"umfrage": "Umfragedatei", "limesurvey": "LimeSurvey-Export", "selbstauskunft": "Selbstauskunft", "app": "App"}
)
#: What an answer says.
KINDS: Mapping[str, str] = MappingProxyType(
    {
        "kooperation": "genannte Kooperation",
        "korrektur": "Korrektur des eigenen Eintrags",
        "bestaetigung": "Bestätigung einer Kooperation",
        "ende": "Kooperation beendet",
        "ansprechperson": "Ansprechperson mit Einwilligung",
        "teilnahme": "Antwort ohne genannte Partner",
    }
)
#: How sure the matcher is of the partner it proposes.
CONFIDENCES: Mapping[str, str] = MappingProxyType(
    {"sicher": "sicher zugeordnet", "unsicher": "unsicher", "neu": "neue Organisation"}
)
#: Where a review item stands.
STATUSES: Mapping[str, str] = MappingProxyType(
    {"offen": "offen", "uebernommen": "übernommen", "abgelehnt": "abgelehnt"}
)

_EMPTY: Mapping[str, Any] = MappingProxyType({})


@dataclass(frozen=True)
class Candidate:
    """An actor the matcher considers for a typed name: its id, a score (0–1) and German reasons."""

    actor: str
    score: float
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewItem:
    """One answer waiting for (or past) a person's decision; nothing of it is in the graph before it is accepted.

    Attributes
    ----------
    id : str
        The item's id.
    round_id : str or None
        The survey round it belongs to.
    source : str
        ``umfrage``, ``limesurvey``, ``selbstauskunft`` or ``app`` (:data:`SOURCES`).
    respondent : str
        The actor id of who answered.
    kind : str
        ``kooperation`` (a named partner), ``korrektur`` (a corrected field of the
        respondent's own record), ``bestaetigung`` (confirms an existing
        cooperation) or ``ende`` (a cooperation ended), ``ansprechperson``
        (the respondent's contact person with consent and deletion date,
        from a self-check), ``teilnahme`` (answered and named no partner:
        stored as decided, it only counts for the response rate) (:data:`KINDS`).
    named : str
        The partner name as typed (``""`` for a korrektur).
    proposed : str or None
        The actor id the matcher proposes.
    candidates : tuple of Candidate
        The best candidates, best first.
    confidence : str
        ``sicher``, ``unsicher`` or ``neu`` (:data:`CONFIDENCES`).
    fields : Mapping
        For a cooperation: ``intensity`` (1–4), ``types`` (list of keys),
        ``since`` (date), hints ``area``/``actor_type``; for a korrektur
        ``{field: new value}``.
    status : str
        ``offen``, ``uebernommen`` or ``abgelehnt`` (:data:`STATUSES`).
    decided_by, decided_at : str, datetime or None
        Who decided and when.
    decision : Mapping
        ``{"actor": id}`` or ``{"new_actor": {...}}`` or ``{}`` (rejected).
    created_at : datetime or None
        When the item entered the queue.
    version : int
        For optimistic concurrency; 0 before it is stored.
    """

    id: str
    round_id: str | None
    source: str
    respondent: str
    kind: str
    named: str
    proposed: str | None
    candidates: tuple[Candidate, ...]
    confidence: str
    fields: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    status: str = "offen"
    decided_by: str | None = None
    decided_at: dt.datetime | None = None
    decision: Mapping[str, Any] = field(default_factory=lambda: _EMPTY)
    created_at: dt.datetime | None = None
    version: int = 0


@dataclass(frozen=True)
class SurveyRound:
    """A survey round: id, German name, the date it refers to, and ``offen`` or ``abgeschlossen``."""

    id: str
    name: str
    date: dt.date
    status: str = "offen"
