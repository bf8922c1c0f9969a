"""Data protection (DSGVO): information about, erasure of and scheduled deletion of contact persons.

Contact persons are the only personal data the tool keeps; they live in
``Person`` nodes only, are never analysed, drawn or exported unless asked.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from typing import Any

from graph.auth import Role
from graph.db.store import Store, native
from graph.errors import DataError

logger = logging.getLogger(__name__)


def person_report(store: Store, person_id: str) -> dict[str, Any]:
    """Return everything stored about one contact person (Art. 15 DSGVO) as a JSON-ready object."""
    store.record("privacy_report", role=Role.ADMIN, label="Person", object_id=person_id)
    rows = store.read("persons/get", id=person_id)
    if not rows:
        raise DataError(f"Eine Ansprechperson mit der ID „{person_id}“ gibt es nicht.")
    person = native(rows[0]["person"])
    represents = [native(r) for r in rows[0]["represents"] if r.get("actor_id") is not None]
    return {
        "erstellt": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "ansprechperson": _json(person),
        "vertritt": [_json(r) for r in represents],
        "hinweis": "Weitere Daten zu dieser Person werden nicht gespeichert; Analysen, Bilder und Berichte "
        "verwenden keine personenbezogenen Daten.",
    }


def erase(store: Store, person_id: str) -> int:
    """Delete one contact person with every relationship (Art. 17 DSGVO); return 1, or raise if unknown."""
    store.authorize(Role.ADMIN, "erase", label="Person", object_id=person_id)
    if not store.read("persons/get", id=person_id):
        raise DataError(f"Eine Ansprechperson mit der ID „{person_id}“ gibt es nicht.")

    def work(tx: Any) -> list[dict[str, Any]]:
        store.forget_survey_persons(tx, [person_id])  # what survey answers hold about the person goes with it
        return store.run_in_write(tx, "persons/delete", ids=[person_id])

    deleted = store.write(
        work,
        action="erase",
        role=Role.ADMIN,
        label="Person",
        object_id=person_id,
    )[0]["deleted"]
    logger.info("privacy: one person erased")  # never the id's data, only that it happened
    return int(deleted)


def purge(store: Store, today: dt.date | None = None) -> list[str]:
    """Delete every contact person whose "Löschen bis" date has passed; return their ids."""
    store.authorize(Role.ADMIN, "purge", label="Person")
    when = today or dt.date.today()
    ids = list(store.read("persons/expired", today=when)[0]["ids"])
    answers = store.expired_contact_items(when)  # contact data still waiting in the survey's review queue
    if ids or answers:

        def work(tx: Any) -> list[dict[str, Any]]:
            store.forget_survey_persons(tx, ids)  # and what survey answers hold about them
            store.forget_review_items(tx, answers)
            return store.run_in_write(tx, "persons/delete", ids=ids)

        store.write(
            work,
            action="purge",
            role=Role.ADMIN,
            label="Person",
            detail=lambda _: (
                "IDs: "
                + ", ".join(sorted(ids))  # ids only, never names
                + (f"; {len(answers)} Prüfeinträge geleert" if answers else "")
            ),
        )
    logger.info("privacy: %d persons purged", len(ids))
    return sorted(ids)


def _json(value: Any) -> Any:
    return json.loads(json.dumps(value, default=lambda v: v.isoformat() if hasattr(v, "isoformat") else str(v)))
