"""The survey's review queue, aliases and rounds in the store, and applying a decision to the graph.

Review items (``ReviewItem`` nodes), aliases (``SurveyAlias``: normalised name
-> actor) and rounds (``SurveyRound``) live beside the graph in the same
database, so a backup holds them; they are not part of the model's labels and
never exported or counted as data. Putting answers into the queue changes no
analysis (the data revision stays); a decision that is accepted writes the
graph, the item's decision and the alias in one transaction, audit-logged.

How an accepted item changes the graph (``decide_review_item``):

===============  ==============================================================
kind             change
===============  ==============================================================
kooperation      the respondent and the chosen actor cooperate: a new
                 cooperation with ``reported_by`` = respondent and
                 ``confirmed`` = False; where the pair's running cooperation
                 was reported by the other side (or confirmed) it becomes
                 ``confirmed`` = True; where it was reported by the respondent
                 itself, intensity, types and start date are updated from the
                 answer; one entered by the office (no ``reported_by``) stays
                 the office's record and gets ``confirmed`` = True and the
                 answer's values for fields it lacks. A new cooperation starts
                 after an ended one of the pair (periods never overlap)
bestaetigung     the pair's running cooperation is confirmed (created as above
                 if there is none)
ende             the pair's running cooperation ends (``until`` from the
                 answer, else the decision's date)
korrektur        the respondent's own record takes the corrected fields
ansprechperson   the respondent's contact person (``fields.person``) gets the
                 consent and deletion date (and the data given); without
                 ``person`` a new contact person is created for the respondent
===============  ==============================================================

``bestaetigung`` and ``ende`` with ``fields.cooperation`` act on that
cooperation; with ``fields.committee`` on the respondent's membership in the
committee (confirmed: no change; ended: ``until``).

Privacy: an item about a contact person holds its data only while it is open;
once decided (accepted: the data is in the ``Person`` node; rejected: it is
dropped) its fields are cleared and it keeps only the person's id, so that the
erasure of the person (:func:`graph.privacy.erase`) clears it too.

A new actor (``new_actor``) is validated as a row of ``Akteure`` exactly as
a form or file would be (:func:`graph.editing.validate_row`) and gets a
generated readable id (:func:`graph.editing.new_node_id`).
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections.abc import Mapping, Sequence
from typing import Any

import neo4j

from graph import model
from graph.auth import Role
from graph.dataset import Dataset, Rel, content_hash
from graph.db.connection import count, native
from graph.db.merge import TxWriter, node_hashes, rel_row, without_system
from graph.db.records import RecordStore
from graph.editing import cells, cooperation_base_id, new_node_id, validate_row
from graph.errors import ConflictError, DataError
from graph.io.validate import parse_cell, periods_overlap
from graph.survey.matching import alias_key
from graph.survey.model import KINDS, Candidate, ReviewItem, SurveyRound

#: The kind of an answer about the respondent's contact person (personal data).
CONTACT_KIND = "ansprechperson"
#: The kind of an answer that names no partner (stored as decided: it only counts for the response rate).
PARTICIPATION_KIND = "teilnahme"

_COOP = {"type": "COOPERATES_WITH", "start": "Actor", "end": "Actor"}
#: Fields of a cooperation an answer may carry (the rest of ``fields`` are hints).
COOPERATION_FIELDS = ("intensity", "types", "since", "until", "formality")
#: Fields of an actor's own record a correction may change (its columns in ``Akteure`` without relationships).
CORRECTABLE = tuple(
    c.field for c in model.SHEET_BY_LABEL["Actor"].columns if c.kind != "id" and not c.rel and c.field != "id"
)


def encode(value: Any) -> str:
    """JSON text of a mapping or list whose leaves may be dates (``{"$date": "2024-03-01"}``)."""

    def default(obj: Any) -> Any:
        if isinstance(obj, dt.datetime):
            return {"$datetime": obj.isoformat()}
        if isinstance(obj, dt.date):
            return {"$date": obj.isoformat()}
        if isinstance(obj, (set, frozenset, tuple)):
            return sorted(obj) if isinstance(obj, (set, frozenset)) else list(obj)
        raise TypeError(type(obj).__name__)

    return json.dumps(value, default=default, ensure_ascii=False, sort_keys=True)


def decode(text: str | None) -> Any:
    """The value of :func:`encode`'s text, dates restored."""

    def hook(obj: dict[str, Any]) -> Any:
        if set(obj) == {"$date"}:
            return dt.date.fromisoformat(obj["$date"])
        if set(obj) == {"$datetime"}:
            return dt.datetime.fromisoformat(obj["$datetime"])
        return obj

    return json.loads(text or "{}", object_hook=hook)


def _item(props: Mapping[str, Any]) -> ReviewItem:
    p = native(dict(props))
    candidates = tuple(Candidate(str(a), float(s), tuple(r)) for a, s, r in decode(p.get("candidates") or "[]"))
    return ReviewItem(
        id=str(p["id"]),
        round_id=p.get("round_id"),
        source=str(p.get("source") or ""),
        respondent=str(p.get("respondent") or ""),
        kind=str(p.get("kind") or ""),
        named=str(p.get("named") or ""),
        proposed=p.get("proposed"),
        candidates=candidates,
        confidence=str(p.get("confidence") or ""),
        fields=decode(p.get("fields")),
        status=str(p.get("status") or "offen"),
        decided_by=p.get("decided_by"),
        decided_at=p.get("decided_at"),
        decision=decode(p.get("decision")),
        created_at=p.get("created_at"),
        version=int(p.get("version") or 0),
    )


def new_item_id() -> str:
    """A fresh id for a review item (``rv-`` and 16 hex digits)."""
    return f"rv-{secrets.token_hex(8)}"


def _running(coops: list[tuple[str, str, dict[str, Any]]], on: dt.date) -> tuple[str, str, dict[str, Any]] | None:
    """The pair's cooperation running on ``on`` (else the latest one without end), or None."""
    open_ = [c for c in coops if c[2].get("until") is None or c[2]["until"] >= on]
    open_.sort(key=lambda c: (c[2].get("since") or dt.date.min, str(c[2].get("id"))))
    return open_[-1] if open_ else None


def item_rows(items: Sequence[ReviewItem]) -> tuple[list[dict[str, Any]], list[str]]:
    """The rows ``survey/add_items`` writes for ``items`` (in their order, ``seq``), and the items' ids.

    Items without an id get one (:func:`new_item_id`); only a participation
    keeps its own status, every other item enters the queue as "offen".
    """
    rows, ids = [], []
    for seq, item in enumerate(items):
        item_id = item.id or new_item_id()
        ids.append(item_id)
        person = item.fields.get("person")
        rows.append(
            {
                "id": item_id,
                "round_id": item.round_id,
                "source": item.source,
                "respondent": item.respondent,
                "kind": item.kind,
                "named": item.named,
                "proposed": item.proposed,
                "candidates": encode([[c.actor, c.score, list(c.reasons)] for c in item.candidates]),
                "confidence": item.confidence,
                "fields": encode(dict(item.fields)),
                "person": str(person) if person else None,
                "seq": seq,
                "status": item.status if item.kind == PARTICIPATION_KIND else "offen",
            }
        )
    return rows, ids


class SurveyStore(RecordStore):
    """The review queue of the survey, its aliases and rounds; every write needs the editor role and is audited."""

    # -- the queue ------------------------------------------------------------------------------

    def add_review_items(self, items: Sequence[ReviewItem], *, rounds: Sequence[SurveyRound] = ()) -> list[str]:
        """Put ``items`` into the review queue in one transaction (with new ``rounds``); nothing enters the graph.

        Items without an id get one (:func:`new_item_id`). Returns the ids in
        the order of ``items``.

        Raises
        ------
        ConflictError
            If one of ``rounds`` exists already (then nothing is written).
        """
        if not items and not rounds:
            return []
        now = dt.datetime.now(dt.UTC)
        for item in items:
            if item.kind not in KINDS:
                raise ValueError(item.kind)
        rows, ids = item_rows(items)

        def work(tx: neo4j.ManagedTransaction) -> int:
            for survey_round in rounds:
                self._add_round(tx, survey_round, now)
            return count(self.run_in_write(tx, "survey/add_items", rows=rows, now=now), "created") if rows else 0

        self.write(
            work,
            action="survey_queue",
            label="ReviewItem",
            object_id=(items[0].round_id if items else rounds[0].id) or "",
            detail=lambda n: f"{n} Nennungen in die Prüfliste",
            bump=False,
        )
        return ids

    def review_items(
        self, *, status: str | None = "offen", round_id: str | None = None, respondent: str | None = None
    ) -> list[ReviewItem]:
        """The review items of one status (None: all), round and respondent, oldest first."""
        rows = self.read("survey/items", status=status, round_id=round_id, respondent=respondent)
        return [_item(r["item"]) for r in rows]

    def decide_review_item(
        self,
        item_id: str,
        *,
        accept: bool,
        actor: str | None = None,
        new_actor: Mapping[str, Any] | None = None,
        expected_version: int,
    ) -> None:
        """Accept (apply to the graph) or reject one review item, in one transaction with its alias and audit entry.

        Parameters
        ----------
        item_id : str
            The item.
        accept : bool
            False rejects the item: nothing in the graph changes.
        actor : str, optional
            The partner chosen for a cooperation (default: the proposed one).
        new_actor : Mapping, optional
            Fields of a new actor to create as the partner (name, actor_type,
            sector, area …, as the Akteure form takes them).
        expected_version : int
            The version the reviewer saw.

        Raises
        ------
        ConflictError
            If the item changed (someone decided it) since ``expected_version``.
        DataError
            If the chosen actor does not exist, a new actor's fields are
            invalid, a correction names an unknown field or value, or an end
            names no running cooperation.
        PermissionDenied
            If the acting principal may not edit.
        """
        if actor is not None and new_actor is not None:
            raise DataError("Bitte entweder einen vorhandenen Akteur wählen oder einen neuen anlegen, nicht beides.")
        prepared = self._new_actor(new_actor) if (accept and new_actor is not None) else None
        principal = self.principal
        now = dt.datetime.now(dt.UTC)

        def work(tx: neo4j.ManagedTransaction) -> int:
            rows = self.run_in_write(tx, "survey/lock_item", id=item_id, expected=int(expected_version))
            if not rows:
                raise ConflictError(
                    "Die Nennung wurde inzwischen von jemand anderem entschieden oder geändert; bitte neu laden."
                )
            item = _item(rows[0]["item"])
            if item.status != "offen":
                raise ConflictError("Über diese Nennung ist bereits entschieden.")
            decision: dict[str, Any] = {}
            if accept:
                self.run_in_write(tx, "meta/lock_revision")
                decision = self._apply(tx, item, actor, prepared, now)
            personal = item.kind == CONTACT_KIND
            version = self.run_in_write(
                tx,
                "survey/decide_item",
                id=item_id,
                status="uebernommen" if accept else "abgelehnt",
                user=principal.user if principal else "",
                decision=encode(decision),
                fields=encode({}) if personal else None,
                person=decision.get("person") if personal else None,
                now=now,
            )
            return int(version[0]["version"])

        self.write(
            work,
            action="survey_accept" if accept else "survey_reject",
            label="ReviewItem",
            object_id=item_id,
            version_of=lambda v: v,
            bump=accept,
        )

    def _new_actor(self, fields: Mapping[str, Any]) -> Dataset:
        """A new actor validated as one row of ``Akteure``, with a generated id (refused with the form's messages)."""
        sheet = model.SHEET_BY_LABEL["Actor"]
        known = self.ids()
        node_id = new_node_id("Actor", fields, known["Actor"])
        values = cells(sheet, {**fields, "id": node_id})
        return validate_row(sheet, values, known)

    def _apply(
        self,
        tx: neo4j.ManagedTransaction,
        item: ReviewItem,
        actor: str | None,
        prepared: Dataset | None,
        now: dt.datetime,
    ) -> dict[str, Any]:
        writer = TxWriter(self, tx, now)
        if not self.run_in_write(tx, "survey/actor", id=item.respondent):
            raise DataError(f"Den befragten Akteur „{item.respondent}“ gibt es nicht (mehr); nichts wurde übernommen.")
        if item.kind == "korrektur":
            self._correct(tx, item, now)
            return {"actor": item.respondent}
        if item.kind == CONTACT_KIND:
            return {"actor": item.respondent, "person": self._contact(tx, writer, item, now)}
        if item.kind in ("bestaetigung", "ende") and item.fields.get("committee"):
            self._membership(tx, writer, item, str(item.fields["committee"]))
            return {"committee": str(item.fields["committee"])}
        decision: dict[str, Any]
        if prepared is not None:
            node_id, props = next(iter(prepared.nodes["Actor"].items()))
            digest = node_hashes(prepared)[("Actor", node_id)]
            created = self.run_in_write(
                tx, "nodes/create", {"label": "Actor"}, id=node_id, props=props, hash=digest, now=now
            )
            if not created:
                raise ConflictError(f"Die ID „{node_id}“ wurde gerade vergeben; bitte erneut entscheiden.")
            for group, rels in prepared.rels_by_group().items():
                if rels:
                    writer.merge(group, rels)
            partner = node_id
            decision = {"new_actor": {"id": node_id, "name": props.get("name")}}
        else:
            partner = actor or item.proposed or ""
            if not partner or not self.run_in_write(tx, "survey/actor", id=partner):
                raise DataError(
                    f"Für „{item.named}“ ist kein vorhandener Akteur gewählt"
                    + (f" („{partner}“ gibt es nicht)" if partner else "")
                    + "; bitte einen Akteur wählen oder einen neuen anlegen."
                )
            decision = {"actor": partner}
        if partner == item.respondent:
            raise DataError("Ein Akteur kann nicht mit sich selbst kooperieren; bitte einen anderen Akteur wählen.")
        if item.named:
            self.run_in_write(
                tx, "survey/put_alias", key=alias_key(item.named), typed=item.named, actor=partner, now=now
            )
        self._cooperate(tx, writer, item, partner, now)
        return decision

    def _pair_cooperations(self, tx: neo4j.ManagedTransaction, a: str, b: str) -> list[tuple[str, str, dict[str, Any]]]:
        found = []
        for start, end in ((a, b), (b, a)):
            for row in self.run_in_write(tx, "survey/cooperations", start=start, end=end):
                found.append((start, end, without_system(row["props"], "lock")))
        return found

    def _cooperate(
        self, tx: neo4j.ManagedTransaction, writer: TxWriter, item: ReviewItem, partner: str, now: dt.datetime
    ) -> None:
        respondent = item.respondent
        today = now.date()
        answer = {k: item.fields[k] for k in COOPERATION_FIELDS if item.fields.get(k) not in (None, "", [], ())}
        if "types" in answer:
            answer["types"] = sorted(answer["types"])
        pair = self._pair_cooperations(tx, respondent, partner)
        named = item.fields.get("cooperation")
        chosen = [c for c in pair if named and c[2].get("id") == named]
        running = chosen[0] if chosen else _running(pair, today)
        if item.kind == "ende":
            if running is None:
                raise DataError("Zwischen den beiden Akteuren besteht keine laufende Kooperation, die enden könnte.")
            start, end, props = running
            props["until"] = answer.get("until") or today
            self._update(writer, start, end, props)
            return
        if running is None:
            since = answer.get("since")
            for _, _, old in pair:  # a new period must not overlap an ended one of the pair
                if (
                    since is not None
                    and old.get("until") is not None
                    and periods_overlap((since, None), (old.get("since"), old["until"]))
                ):
                    since = old["until"] + dt.timedelta(days=1)
            if since is not None:
                answer["since"] = since
            props = {
                "id": cooperation_base_id(respondent, partner),
                **{k: v for k, v in answer.items() if k != "until"},
                "reported_by": respondent,
                "confirmed": False,
                "source": f"Netzwerkbefragung ({item.source})",
            }
            props["id"] = self._free_cooperation_id(tx, str(props["id"]), props.get("since"))
            rel = Rel("COOPERATES_WITH", "Actor", respondent, "Actor", partner, props)
            self.run_in_write(tx, "rels/create", _COOP, rows=[rel_row(rel, True)], now=now)
            return
        start, end, props = running
        reporter = props.get("reported_by")
        if reporter and reporter != respondent:
            props["confirmed"] = True
        elif reporter == respondent:
            if item.kind == "kooperation":
                props.update({k: v for k, v in answer.items() if k != "until"})
        else:  # entered by the office: it stays the office's record, now confirmed by one of its sides
            props["confirmed"] = True
            props.update({k: v for k, v in answer.items() if k != "until" and k not in props})
        self._update(writer, start, end, props)

    def _membership(self, tx: neo4j.ManagedTransaction, writer: TxWriter, item: ReviewItem, committee: str) -> None:
        rows = self.run_in_write(tx, "survey/membership", actor=item.respondent, committee=committee)
        if not rows:
            raise DataError(f"Der Akteur „{item.respondent}“ ist nicht (mehr) Mitglied im Gremium „{committee}“.")
        if item.kind == "bestaetigung":
            return  # confirmed as it is: the decision is recorded, the graph stays
        props = without_system(rows[0]["props"], "lock")
        props["until"] = item.fields.get("until") or writer.now.date()
        rel = Rel("MEMBER_OF", "Actor", item.respondent, "Committee", committee, props)
        slots = {"type": "MEMBER_OF", "start": "Actor", "end": "Committee"}
        writer.run("rels/update_pair", slots, rows=[rel_row(rel, False)], now=writer.now)

    def _contact(self, tx: neo4j.ManagedTransaction, writer: TxWriter, item: ReviewItem, now: dt.datetime) -> str:
        """Create or update the respondent's contact person from a consent answer; return the person's id."""
        given = {k: item.fields[k] for k in ("role", "name", "email", "phone") if item.fields.get(k)}
        consent = {"consent": bool(item.fields.get("consent")), "delete_after": item.fields.get("delete_after")}
        person = item.fields.get("person")
        if person:
            rows = self.run_in_write(tx, "survey/person", id=str(person), actor=item.respondent)
            if not rows:
                raise DataError("Die Ansprechperson gehört nicht (mehr) zu diesem Akteur; nichts wurde übernommen.")
            stored = native(rows[0]["props"])
            props = {**without_system(stored, "id", "lock"), **given, **consent}
            props = {k: v for k, v in props.items() if v is not None}
            self.run_in_write(
                tx,
                "nodes/update_checked",
                {"label": "Person"},
                id=str(person),
                expected=int(stored.get("version") or 0),
                props=props,
                hash=content_hash(sorted(props.items())),
                now=now,
            )
            return str(person)
        sheet = model.SHEET_BY_LABEL["Person"]
        taken = set(self.run_in_write(tx, "nodes/ids", {"label": "Person"})[0]["ids"])
        node_id = new_node_id("Person", {"name": item.respondent}, taken)
        values = cells(sheet, {**given, **consent, "id": node_id, "actor": item.respondent})
        ds = validate_row(sheet, values, {"Actor": {item.respondent}, "Person": set()})
        props = ds.nodes["Person"][node_id]
        digest = node_hashes(ds)[("Person", node_id)]
        if not self.run_in_write(
            tx, "nodes/create", {"label": "Person"}, id=node_id, props=props, hash=digest, now=now
        ):
            raise ConflictError("Gleichzeitig wurde eine Ansprechperson angelegt; bitte erneut entscheiden.")
        for group, rels in ds.rels_by_group().items():
            if rels:
                writer.merge(group, rels)
        return node_id

    def _free_cooperation_id(self, tx: neo4j.ManagedTransaction, base: str, since: Any) -> str:
        taken = set(self.run_in_write(tx, "rels/ids_like", {"type": "COOPERATES_WITH"}, prefix=base)[0]["ids"])
        for candidate in (base, *([f"{base}-{since:%Y-%m-%d}"] if isinstance(since, dt.date) else [])):
            if candidate not in taken:
                return candidate
        number = 2
        while f"{base}-{number}" in taken:
            number += 1
        return f"{base}-{number}"

    def _update(self, writer: TxWriter, start: str, end: str, props: dict[str, Any]) -> None:
        rel = Rel("COOPERATES_WITH", "Actor", start, "Actor", end, props)
        writer.run("rels/update_keyed", _COOP, rows=[rel_row(rel, True)], now=writer.now)

    def _correct(self, tx: neo4j.ManagedTransaction, item: ReviewItem, now: dt.datetime) -> None:
        sheet = model.SHEET_BY_LABEL["Actor"]
        rows = self.run_in_write(tx, "survey/actor", id=item.respondent)
        stored = native(rows[0]["props"])
        version = int(stored.get("version") or 0)
        props = without_system(stored, "id", "lock")
        for name, value in item.fields.items():
            if name == "person":
                continue
            if name not in CORRECTABLE:
                raise DataError(f"Das Feld „{name}“ kann über die Befragung nicht korrigiert werden.")
            column = sheet.column(name)
            try:
                parsed = parse_cell(column, value) if isinstance(value, str) else value
            except ValueError as exc:
                raise DataError(f"{column.header}: {exc}") from exc
            if parsed is None or parsed == "" or parsed == []:
                if column.required:
                    raise DataError(f"{column.header}: Pflichtangabe darf nicht leer sein.")
                props.pop(name, None)
            else:
                props[name] = parsed
        self.run_in_write(
            tx,
            "nodes/update_checked",
            {"label": "Actor"},
            id=item.respondent,
            expected=version,
            props=props,
            hash=content_hash(sorted(props.items())),
            now=now,
        )

    # -- aliases and rounds -----------------------------------------------------------------------

    def aliases(self) -> dict[str, str]:
        """Every alias: normalised name (:func:`graph.survey.matching.alias_key`) -> actor id."""
        return {str(r["key"]): str(r["actor"]) for r in self.read("survey/aliases")}

    def add_alias(self, name: str, actor: str) -> None:
        """Remember that ``name`` (as typed) means ``actor`` in every later import.

        Raises
        ------
        DataError
            If the actor does not exist or the name is empty.
        """
        key = alias_key(name)
        if not key:
            raise DataError("Ein leerer Name kann kein Alias sein.")
        if not self.read("survey/actor", id=actor):
            raise DataError(f"Einen Akteur mit der ID „{actor}“ gibt es nicht.")
        now = dt.datetime.now(dt.UTC)
        self.write(
            lambda tx: self.run_in_write(tx, "survey/put_alias", key=key, typed=name, actor=actor, now=now),
            action="survey_alias",
            label="SurveyAlias",
            object_id=actor,
            bump=False,
        )

    def add_round(self, round: SurveyRound) -> str:
        """Create a survey round; returns its id.

        Raises
        ------
        ConflictError
            If a round with this id exists.
        """
        now = dt.datetime.now(dt.UTC)
        return self.write(
            lambda tx: self._add_round(tx, round, now),
            action="survey_round",
            label="SurveyRound",
            object_id=round.id,
            bump=False,
        )

    def _add_round(self, tx: neo4j.ManagedTransaction, survey_round: SurveyRound, now: dt.datetime) -> str:
        rows = self.run_in_write(
            tx,
            "survey/add_round",
            id=survey_round.id,
            title=survey_round.name,
            date=survey_round.date,
            status=survey_round.status,
            now=now,
        )
        if not rows:
            raise ConflictError(f"Eine Befragungsrunde mit der ID „{survey_round.id}“ gibt es bereits.")
        return survey_round.id

    def rounds(self) -> list[SurveyRound]:
        """Every survey round, oldest first."""
        return [
            SurveyRound(str(r["id"]), str(r["name"]), native(r["date"]), str(r["status"] or "offen"))
            for r in self.read("survey/rounds")
        ]

    def survey_export(self) -> dict[str, list[dict[str, Any]]]:
        """Every review item, alias and round with all properties, by label (admin only; a move to another database)."""
        self.authorize(Role.ADMIN, "survey_export")
        out: dict[str, list[dict[str, Any]]] = {"ReviewItem": [], "SurveyAlias": [], "SurveyRound": []}
        for row in self.read("survey/export_all"):
            out[str(row["label"])].append(dict(row["props"]))
        return out

    def put_survey(self, tx: neo4j.ManagedTransaction, exported: Mapping[str, Sequence[Mapping[str, Any]]]) -> int:
        """Inside a move's transaction: write what :meth:`survey_export` read; returns how many nodes."""
        written = 0
        for label, name in (("ReviewItem", "items"), ("SurveyAlias", "aliases"), ("SurveyRound", "rounds")):
            rows = [dict(r) for r in exported.get(label, ())]
            if rows:
                written += count(self.run_in_write(tx, f"survey/put_{name}", rows=rows), "written")
        return written

    def forget_survey_persons(self, tx: neo4j.ManagedTransaction, person_ids: Sequence[str]) -> int:
        """Inside an erasure's transaction: clear what review items hold about these contact persons."""
        return count(self.run_in_write(tx, "survey/forget_persons", ids=list(person_ids)), "cleared")

    def expired_contact_items(self, today: dt.date) -> list[str]:
        """Ids of review items about contact persons whose "Löschen bis" has passed (their data must go)."""
        out = []
        for item in self.review_items(status=None):
            until = item.fields.get("delete_after")
            if item.kind == CONTACT_KIND and isinstance(until, dt.date) and until < today:
                out.append(item.id)
        return out

    def forget_review_items(self, tx: neo4j.ManagedTransaction, item_ids: Sequence[str]) -> int:
        """Inside a purge's transaction: clear the fields of these review items."""
        return count(self.run_in_write(tx, "survey/forget_items", ids=list(item_ids)), "cleared")

    def clear_survey(self) -> int:
        """Delete every review item, alias and round (admin only; tests and a fresh start)."""
        return self.write(
            lambda tx: sum(
                count(self.run_in_write(tx, f"survey/clear_{part}"), "deleted")
                for part in ("items", "aliases", "rounds")
            ),
            action="survey_clear",
            role=Role.ADMIN,
            label="ReviewItem",
            bump=False,
        )
