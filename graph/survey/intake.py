"""From a survey file to the review queue: read, resolve the respondents, match the partners, queue.

The CLI (``bildungsnetz survey import``) and the Daten page call the same two
steps: :func:`prepare_survey` (reads, validates and matches; writes nothing)
and :func:`commit_survey` (creates the round if needed and puts the items into
the queue in one transaction). Nothing enters the graph before a person
decides (:meth:`graph.db.survey.SurveyStore.decide_review_item`).

The answering organisation of each row must be known for sure: its ID, its
name, or an alias decided earlier; a respondent the matcher is unsure of (or
does not know) refuses the file with a message at its cell naming the
candidates, since the answer would otherwise be put down to the wrong actor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from graph.auth import Role
from graph.build import valid_at
from graph.dataset import Dataset
from graph.db.survey import SurveyStore, new_item_id
from graph.editing import slug
from graph.errors import ConflictError, DataError
from graph.io.problems import Problem, number
from graph.survey.formats import Answer, read_answers
from graph.survey.matching import Matcher
from graph.survey.model import CONFIDENCES, KINDS, SOURCES, ReviewItem, SurveyRound
from graph.survey.rounds import answered, reminders


@dataclass(frozen=True)
class SurveyImport:
    """A read and matched survey file, not yet queued: its review items, rounds and notes."""

    file: str
    source: str
    items: tuple[ReviewItem, ...]
    rounds: tuple[SurveyRound, ...]
    notes: tuple[Problem, ...]

    def counts(self) -> dict[str, int]:
        """Named partners per confidence: ``sicher``, ``unsicher``, ``neu``, ``all``; ``alone``: answers without."""
        named = [i for i in self.items if i.kind == "kooperation"]
        out = {"all": len(named), "sicher": 0, "unsicher": 0, "neu": 0, "alone": len(self.items) - len(named)}
        for item in named:
            out[item.confidence] += 1
        return out

    def summary(self) -> str:
        """The counts in German: ``37 Nennungen: 25 sicher zugeordnet, 9 unsicher, 3 neue Organisationen``.

        Examples
        --------
        >>> SurveyImport("a.csv", "umfrage", (), (), ()).summary()
        '0 Nennungen: 0 sicher zugeordnet, 0 unsicher, 0 neue Organisationen'
        """
        c = self.counts()
        return (
            f"{number(c['all'])} {'Nennung' if c['all'] == 1 else 'Nennungen'}: {number(c['sicher'])} sicher "
            f"zugeordnet, {number(c['unsicher'])} unsicher, {number(c['neu'])} "
            f"{'neue Organisation' if c['neu'] == 1 else 'neue Organisationen'}"
            + (
                f"; {number(c['alone'])} {'Antwort' if c['alone'] == 1 else 'Antworten'} ohne genannte Partner"
                if c["alone"]
                else ""
            )
        )


def round_id(name: str) -> str:
    """The id of a survey round of this name.

    >>> round_id("Frühjahr 2026")
    'runde-fruehjahr-2026'
    """
    return f"runde-{slug(name)}"


def _respondent(matcher: Matcher, answer: Answer, problems: list[Problem]) -> str | None:
    confidence, proposed, candidates = matcher.match(answer.respondent)
    if confidence == "sicher" and proposed:
        return proposed
    header, letter = answer.cells.get("respondent", ("Befragte Organisation", None))
    names = matcher.ds.nodes["Actor"]
    if candidates:
        listed = "; ".join(f"{names[c.actor].get('name', c.actor)} (ID {c.actor})" for c in candidates)
        text = (
            f"„{answer.respondent}“ ist nicht eindeutig einem Akteur zuzuordnen (in Frage kommen: {listed}); "
            "bitte die ID des Akteurs eintragen."
        )
    else:
        text = (
            f"„{answer.respondent}“ ist kein bekannter Akteur; bitte die ID eintragen oder die Organisation "
            "zuerst im Bestand anlegen."
        )
    problems.append(Problem(answer.file, answer.row, header, text, letter=letter))
    return None


def prepare_survey(
    path: Path,
    ds: Dataset,
    *,
    aliases: Mapping[str, str] | None = None,
    round_name: str | None = None,
    round_date: dt.date | None = None,
    known_rounds: Mapping[str, SurveyRound] | None = None,
    codes: Mapping[str, str] | None = None,
) -> SurveyImport:
    """Read a survey file and match every respondent and named partner; nothing is written.

    Parameters
    ----------
    path : Path
        The answer table or LimeSurvey export (:mod:`graph.survey.formats`).
    ds : Dataset
        The inventory the names are matched against.
    aliases : Mapping, optional
        Decisions of earlier rounds (:meth:`~graph.db.survey.SurveyStore.aliases`).
    round_name, round_date : optional
        The round the answers belong to (``round_name`` wins over the file's
        ``Runde`` column); a round not in ``known_rounds`` is created with
        ``round_date`` (default: today).
    codes : Mapping, optional
        LimeSurvey question codes (:func:`graph.survey.formats.read_answers`).

    Raises
    ------
    DataError
        If the file is refused (file, row and column in the problems), or a
        respondent is not known for sure.
    """
    read = read_answers(path, codes=codes)
    matcher = Matcher(ds, aliases=aliases)
    problems: list[Problem] = []
    notes = list(read.notes)
    rounds: dict[str, SurveyRound] = {}
    known = dict(known_rounds or {})
    items: list[ReviewItem] = []
    seen: dict[tuple[str, str, str | None], int] = {}
    alone: dict[tuple[str, str | None], Answer] = {}
    for answer in read.answers:
        respondent = _respondent(matcher, answer, problems)
        if respondent is None:
            continue
        name = round_name or answer.round_name
        rid = round_id(name) if name else None
        if rid and name and rid not in known and rid not in rounds:
            rounds[rid] = SurveyRound(rid, name, round_date or dt.date.today())
        if not answer.partner:
            alone.setdefault((respondent, rid), answer)
            continue
        key = (respondent, " ".join(answer.partner.casefold().split()), rid)
        if key in seen:
            notes.append(
                Problem(
                    answer.file,
                    answer.row,
                    answer.cells.get("partner", ("Partner", None))[0],
                    f"„{answer.partner}“ wurde von derselben Organisation schon in Zeile {seen[key]} genannt; "
                    "die Zeile wird nicht noch einmal übernommen.",
                    "Hinweis",
                    letter=answer.cells.get("partner", ("Partner", None))[1],
                )
            )
            continue
        seen[key] = answer.row
        confidence, proposed, candidates = matcher.match(
            answer.partner, respondent=respondent, area_hint=answer.area, type_hint=answer.actor_type
        )
        fields = dict(answer.fields)
        if answer.area:
            fields["area"] = answer.area
        if answer.actor_type:
            fields["actor_type"] = answer.actor_type
        fields["file"], fields["row"] = answer.file, answer.row
        items.append(
            ReviewItem(
                id=new_item_id(),
                round_id=rid,
                source=read.source,
                respondent=respondent,
                kind="kooperation",
                named=answer.partner,
                proposed=proposed,
                candidates=candidates,
                confidence=confidence,
                fields=fields,
            )
        )
    named = {(i.respondent, i.round_id) for i in items}
    for (respondent, rid), answer in alone.items():
        if (respondent, rid) in named:
            continue  # it named partners in another row
        items.append(
            ReviewItem(
                id=new_item_id(),
                round_id=rid,
                source=read.source,
                respondent=respondent,
                kind="teilnahme",
                named="",
                proposed=None,
                candidates=(),
                confidence="sicher",
                fields={"file": answer.file, "row": answer.row},
                status="uebernommen",
            )
        )
    if problems:
        raise DataError(
            f"{len(problems)} Fehler in {Path(path).name}; nichts wurde gespeichert. Erster Fehler: {problems[0]}",
            [*notes, *problems],
        )
    return SurveyImport(Path(path).name, read.source, tuple(items), tuple(rounds.values()), tuple(notes))


def commit_survey(store: SurveyStore, prepared: SurveyImport) -> list[str]:
    """Create the import's new rounds and put its items into the review queue in one transaction; returns the ids."""
    return store.add_review_items(list(prepared.items), rounds=list(prepared.rounds))


def accept_sure(store: SurveyStore, *, round_id: str | None = None) -> int:
    """Accept every open "sicher" item (of one round, or all) with its proposed actor; return how many.

    Each item is decided on its own (one transaction and audit entry each), so
    an item someone decided meanwhile is skipped, not an error.
    """
    done = 0
    for item in store.review_items(status="offen", round_id=round_id):
        if item.confidence != "sicher" or not item.proposed or item.kind != "kooperation":
            continue
        try:
            store.decide_review_item(item.id, accept=True, actor=item.proposed, expected_version=item.version)
        except ConflictError:
            continue
        done += 1
    return done


QUEUE_COLUMNS = {
    "id": "Kennung",
    "respondent": "Befragte Organisation",
    "named": "Nennung",
    "proposed": "Vorschlag",
    "confidence": "Einschätzung",
    "candidates": "Kandidaten",
    "round": "Runde",
    "source": "Quelle",
}


def _score(score: float) -> str:
    """A score with two decimals and a decimal comma: ``0,97``."""
    return f"{score:.2f}".replace(".", ",")


def queue_table(items: Sequence[ReviewItem], ds: Dataset) -> pd.DataFrame:
    """Review items as a German table (names with ids; no personal data): the CLI's list and the export.

    Columns: Kennung, Befragte Organisation, Nennung, Vorschlag, Einschätzung,
    Kandidaten (name, ID and score of each), Runde, Quelle.
    """
    actors = ds.nodes["Actor"]

    def name(actor: str | None) -> str:
        if not actor:
            return ""
        return f"{actors.get(actor, {}).get('name', actor)} ({actor})"

    rows = [
        {
            "id": item.id,
            "respondent": name(item.respondent),
            "named": item.named or KINDS.get(item.kind, item.kind),
            "proposed": name(item.proposed),
            "confidence": CONFIDENCES.get(item.confidence, item.confidence),
            "candidates": "; ".join(f"{name(c.actor)} {_score(c.score)}" for c in item.candidates),
            "round": item.round_id or "",
            "source": SOURCES.get(item.source, item.source),
        }
        for item in items
    ]
    return pd.DataFrame(rows, columns=list(QUEUE_COLUMNS)).rename(columns=QUEUE_COLUMNS)


def find_round(store: SurveyStore, name: str) -> SurveyRound:
    """The stored round with this id or name (compared as :func:`round_id` makes ids).

    Raises
    ------
    DataError
        If there is no such round (the message names the rounds there are).
    """
    rounds = store.rounds()
    for survey_round in rounds:
        if name in (survey_round.id, survey_round.name) or round_id(name) == survey_round.id:
            return survey_round
    there = ", ".join(f"„{r.name}“" for r in rounds) or "keine"
    raise DataError(f"Eine Befragungsrunde „{name}“ gibt es nicht (vorhanden: {there}).")


def round_summary(ds: Dataset, survey_round: SurveyRound, items: Sequence[ReviewItem]) -> str:
    """How many actors (valid on the round's date) answered, in German.

    Examples
    --------
    >>> import datetime as dt
    >>> ds = Dataset()
    >>> for a in ("a", "b", "c", "d"):
    ...     ds.add_node("Actor", a, {"name": a})
    >>> item = ReviewItem("1", "r", "umfrage", "a", "kooperation", "B", "b", (), "sicher", {})
    >>> round_summary(ds, SurveyRound("r", "Frühjahr", dt.date(2026, 3, 1)), [item])
    '1 von 4 Akteuren haben geantwortet (25 %)'
    """
    actors = [a for a, p in ds.nodes["Actor"].items() if valid_at(p, survey_round.date)]
    done = answered(survey_round, items) & set(actors)
    share = f"{len(done) / len(actors) * 100:.0f} %" if actors else "–"
    return f"{number(len(done))} von {number(len(actors))} Akteuren haben geantwortet ({share})"


REMINDER_HEADERS = {
    "id": "ID",
    "name": "Name",
    "actor_type": "Typ",
    "sector": "Sektor",
    "area": "Gebiet",
    "contact_role": "Funktion",
    "contact_name": "Ansprechperson",
    "contact_email": "E-Mail",
    "contact_phone": "Telefon",
}


def reminder_table(store: SurveyStore, survey_round: SurveyRound, *, include_persons: bool = False) -> pd.DataFrame:
    """Who has not answered the round, with German headers; contact persons only if asked (then audit-logged).

    Raises
    ------
    PermissionDenied
        With ``include_persons``, if the acting principal may not edit (the refusal is logged).
    """
    if include_persons:
        store.record("survey_reminders_persons", role=Role.EDITOR, label="Person", object_id=survey_round.id)
    ds = store.read_dataset(include_persons=include_persons)
    table = reminders(ds, survey_round, store.review_items(status=None), include_persons=include_persons)
    return table.rename(columns=REMINDER_HEADERS)
