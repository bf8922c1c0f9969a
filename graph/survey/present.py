"""The review queue in German words and tables, for the app's pages (no Streamlit here).

Who named whom as typed, the proposed actor with the matcher's reasons and its
score in words, counts of sure, unsure and new matches; grouped by the
answering organisation or by the partner name as typed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from graph import german, model
from graph.dataset import Dataset
from graph.survey.model import CONFIDENCES, KINDS, SOURCES, ReviewItem

#: The kind of a review item that brings a contact person (personal data; see graph.db.survey).
CONTACT = "ansprechperson"
#: The kinds that name a partner to match: only these get „Anderen Akteur wählen“ and „Als neue Organisation anlegen“.
MATCHED_KINDS = frozenset({"kooperation"})

#: How the queue is grouped: by the organisation that answered, or by the partner name as typed.
GROUPINGS: Mapping[str, str] = {"respondent": "nach antwortender Organisation", "named": "nach genanntem Partner"}

#: Score bands of the matcher, from the top: (lowest score, words).
SCORE_WORDS: tuple[tuple[float, str], ...] = (
    (0.97, "gleicher Name"),
    (0.85, "sehr ähnlich"),
    (0.7, "ähnlich"),
    (0.5, "entfernt ähnlich"),
    (0.0, "kaum ähnlich"),
)


def score_words(score: float) -> str:
    """The matcher's score (0–1) in words, with its percentage.

    Examples
    --------
    >>> score_words(0.92)
    'sehr ähnlich (92 %)'
    >>> score_words(0.4)
    'kaum ähnlich (40 %)'
    """
    words = next(text for low, text in SCORE_WORDS if score >= low)
    return f"{words} ({round(score * 100)} %)"


def name_of(ds: Dataset, actor: str | None) -> str:
    """The actor's name ("" for None; the id when the actor is unknown)."""
    if actor is None:
        return ""
    return str(ds.nodes.get("Actor", {}).get(actor, {}).get("name") or actor)


def normalised(named: str) -> str:
    """The partner name as typed, folded for grouping ("VHS  Musterau" and "vhs musterau" are one group).

    Examples
    --------
    >>> normalised("  VHS   Musterau ")
    'vhs musterau'
    """
    return " ".join(model.fold(named).split())


def counts_sentence(items: Sequence[ReviewItem]) -> str:
    """How many answers and how sure the matches are, in German.

    Examples
    --------
    >>> from graph.survey.model import ReviewItem
    >>> a = ReviewItem("1", None, "umfrage", "a", "kooperation", "VHS", "b", (), "sicher")
    >>> b = ReviewItem("2", None, "umfrage", "a", "kooperation", "Kita X", None, (), "neu")
    >>> counts_sentence([a, b])
    '2 Nennungen: 1 sicher zugeordnet, 0 unsicher, 1 neue Organisation'
    """
    found = Counter(item.confidence for item in items)
    parts = [
        f"{german.count(found['sicher'], 'sicher zugeordnet', 'sicher zugeordnet')}",
        f"{german.count(found['unsicher'], 'unsicher', 'unsicher')}",
        f"{german.count(found['neu'], 'neue Organisation', 'neue Organisationen')}",
    ]
    return f"{german.count(len(items), 'Nennung', 'Nennungen')}: " + ", ".join(parts)


def what_it_says(item: ReviewItem, ds: Dataset) -> str:
    """One sentence: who answered what (the partner name as typed, in quotes)."""
    who = name_of(ds, item.respondent)
    if item.kind == "korrektur":
        changes = ", ".join(f"{_field_title(k)}: „{_value_text(v)}“" for k, v in item.fields.items())
        return f"{who} korrigiert den eigenen Eintrag – {changes or 'ohne Angaben'}"
    if item.kind == CONTACT:
        until = item.fields.get("delete_after")
        when = f", zu löschen bis {_value_text(until)}" if until else ""
        return f"{who} meldet eine Ansprechperson (mit Einwilligung{when})"
    what = (
        f"die Mitgliedschaft im Gremium „{item.named}“"
        if item.fields.get("committee")
        else f"die Kooperation mit „{item.named}“"
    )
    if item.kind == "bestaetigung":
        return f"{who} bestätigt {what}"
    if item.kind == "ende":
        until = item.fields.get("until")
        return f"{who} meldet: {what} ist beendet" + (f" (zum {_value_text(until)})" if until else "")
    return f"{who} nennt „{item.named}“ als Partner"


def contact_rows(item: ReviewItem) -> list[tuple[str, str]]:
    """The contact person of an ``ansprechperson`` item as (German field, value) rows: personal data."""
    titles = (("role", "Funktion"), ("name", "Name"), ("email", "E-Mail"), ("phone", "Telefon"))
    rows = [(title, str(item.fields[key])) for key, title in titles if item.fields.get(key)]
    if item.fields.get("delete_after"):
        rows.append(("Löschen bis", _value_text(item.fields["delete_after"])))
    return rows


def details(item: ReviewItem) -> str:
    """Intensity, types and since of a named cooperation in German ("" when the answer gave none)."""
    if item.kind not in ("kooperation", "bestaetigung"):
        return ""
    fields = item.fields
    parts = []
    intensity = fields.get("intensity")
    if intensity not in (None, ""):
        label = model.VOCABULARIES["intensity"].get(str(intensity))
        parts.append(f"Intensität: {label or intensity}")
    types = fields.get("types") or ()
    if isinstance(types, str):
        types = [types]
    if types:
        vocab = model.VOCABULARIES.get("cooperation_type", {})
        parts.append("Arten: " + ", ".join(vocab.get(str(k), str(k)) for k in types))
    since = fields.get("since")
    if isinstance(since, (dt.date, dt.datetime)):
        parts.append(f"seit {since:%d.%m.%Y}")
    elif since:
        parts.append(f"seit {since}")
    return " · ".join(parts)


def proposal_text(item: ReviewItem, ds: Dataset) -> str:
    """The proposed actor, how sure, the score in words and the reasons ("neue Organisation" when none)."""
    if item.proposed is None:
        return "Kein passender Akteur im Bestand – vermutlich eine neue Organisation."
    best = next((c for c in item.candidates if c.actor == item.proposed), None)
    text = f"Vorschlag: {name_of(ds, item.proposed)} – {CONFIDENCES.get(item.confidence, item.confidence)}"
    if best is not None:
        text += f", {score_words(best.score)}"
        if best.reasons:
            text += " (" + "; ".join(best.reasons) + ")"
    return text


def other_candidates(item: ReviewItem, ds: Dataset, limit: int = 3) -> list[str]:
    """The further candidates, each as "Name – score in words"."""
    out = []
    for cand in item.candidates:
        if cand.actor == item.proposed:
            continue
        out.append(f"{name_of(ds, cand.actor)} – {score_words(cand.score)}")
        if len(out) == limit:
            break
    return out


def group_key(item: ReviewItem, grouping: str) -> str:
    """The key of the item's group: the respondent's id, or the folded partner name."""
    return item.respondent if grouping == "respondent" else normalised(item.named or "(Korrektur)")


def groups(items: Iterable[ReviewItem], ds: Dataset, grouping: str) -> dict[str, str]:
    """Group key -> the respondent's name or the partner name as typed, sorted, for the picker of the queue."""
    members: dict[str, list[ReviewItem]] = {}
    for item in items:
        members.setdefault(group_key(item, grouping), []).append(item)

    def title(key: str, group: list[ReviewItem]) -> str:
        return name_of(ds, key) if grouping == "respondent" else (group[0].named or "Korrekturen")

    titled = {key: title(key, group) for key, group in members.items()}
    return dict(sorted(titled.items(), key=lambda kv: (model.fold(kv[1]), kv[0])))


def queue_frame(items: Sequence[ReviewItem], ds: Dataset) -> pd.DataFrame:
    """The queue as a German table: one row per item, no ids."""
    rows: list[dict[str, Any]] = []
    for item in items:
        best = next((c for c in item.candidates if c.actor == item.proposed), None)
        rows.append(
            {
                "Antwortende Organisation": name_of(ds, item.respondent),
                "Genannt (wie eingegeben)": item.named,
                "Vorschlag": name_of(ds, item.proposed),
                "Sicherheit": CONFIDENCES.get(item.confidence, item.confidence),
                "Übereinstimmung": score_words(best.score) if best is not None else "",
                "Art": KINDS.get(item.kind, item.kind),
                "Quelle": SOURCES.get(item.source, item.source),
            }
        )
    columns = [
        "Antwortende Organisation",
        "Genannt (wie eingegeben)",
        "Vorschlag",
        "Sicherheit",
        "Übereinstimmung",
        "Art",
        "Quelle",
    ]
    return pd.DataFrame(rows, columns=columns)


def _field_title(name: str) -> str:
    for sheet in model.SHEETS:
        for column in sheet.columns:
            if column.field == name and sheet.label == "Actor":
                return column.header.rstrip("*")
    return name


def _value_text(value: Any) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value:%d.%m.%Y}"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


# -- reciprocity and rounds as German tables ---------------------------------------------------------

#: German titles of :func:`graph.survey.reciprocity.one_sided` (id columns are left out).
ONE_SIDED_TITLES: Mapping[str, str] = {
    "reporter_name": "Genannt von",
    "partner_name": "Partner (hat nicht bestätigt)",
    "since": "Seit",
    "intensity": "Intensität",
    "explanation": "Erläuterung",
}
#: German titles of :func:`graph.survey.reciprocity.rueckfrage`.
RUECKFRAGE_TITLES: Mapping[str, str] = {
    "actor_name": "Nachfragen bei",
    "named_by_name": "Genannt von",
    "since": "Seit",
    "explanation": "Erläuterung",
}
#: German titles of :func:`graph.survey.rounds.reminders` (contact columns only when asked for).
REMINDER_TITLES: Mapping[str, str] = {
    "name": "Akteur",
    "actor_type": "Typ",
    "sector": "Sektor",
    "area": "Gebiet",
    "contact_role": "Funktion",
    "contact_name": "Ansprechperson",
    "contact_email": "E-Mail",
    "contact_phone": "Telefon",
}
#: The contact columns added to the Rückfrage list with „mit Ansprechpersonen“.
CONTACT_TITLES = ("Funktion", "Ansprechperson", "E-Mail", "Telefon")


def _titled(frame: pd.DataFrame, titles: Mapping[str, str]) -> pd.DataFrame:
    kept = [c for c in titles if c in frame.columns]
    return frame[kept].rename(columns=dict(titles)).reset_index(drop=True)


def _date_text(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value:%d.%m.%Y}"
    try:
        return f"{dt.date.fromisoformat(str(value)[:10]):%d.%m.%Y}"
    except ValueError:
        return str(value)


def one_sided_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The one-sided cooperations in German: who named whom, since, intensity in words, the sentence."""
    out = frame.copy()
    if "since" in out:
        out["since"] = out["since"].map(_date_text)
    if "intensity" in out:
        out["intensity"] = out["intensity"].map(
            lambda v: "" if v is None or pd.isna(v) else model.VOCABULARIES["intensity"].get(str(int(v)), str(v))
        )
    return _titled(out, ONE_SIDED_TITLES)


def rueckfrage_table(frame: pd.DataFrame, persons: Dataset | None = None) -> pd.DataFrame:
    """The Rückfrage list in German, per actor to ask; with ``persons`` (a dataset holding them) its contacts.

    Without ``persons`` the table holds no personal data. With it, each row gets
    the contact persons of the actor to ask (function, name, e-mail, phone; several
    joined by „; “).
    """
    out = frame.copy()
    if "since" in out:
        out["since"] = out["since"].map(_date_text)
    table = _titled(out, RUECKFRAGE_TITLES)
    if persons is None:
        return table
    contacts: dict[str, list[dict[str, Any]]] = {}
    for rel in persons.rels:
        if rel.type == "REPRESENTS":
            contacts.setdefault(rel.end, []).append(persons.nodes.get("Person", {}).get(rel.start, {}))
    fields = ("role", "name", "email", "phone")
    for title, key in zip(CONTACT_TITLES, fields, strict=True):
        table[title] = [
            "; ".join(str(p.get(key) or "") for p in contacts.get(actor, [])) for actor in frame.get("actor", [])
        ]
    return table


def rates_table(frame: pd.DataFrame, kind: str) -> pd.DataFrame:
    """The response rates of one grouping (``sector`` or ``area``) in German; the rate as „42 %“."""
    part = frame[frame["kind"] == kind] if "kind" in frame else frame
    return pd.DataFrame(
        {
            "Sektor" if kind == "sector" else "Gebiet": list(part["name"]),
            "Akteure": [int(v) for v in part["actors"]],
            "Geantwortet": [int(v) for v in part["answered"]],
            "Rücklauf": [f"{round(float(v) * 100)} %" for v in part["rate"]],
            "Rücklauf in %": [round(float(v) * 100) for v in part["rate"]],
        }
    )


def reminders_table(frame: pd.DataFrame) -> pd.DataFrame:
    """The reminder list in German (contact columns only when the frame holds them)."""
    return _titled(frame, REMINDER_TITLES)
