"""Self-check links ("Selbstauskunft") in the store: the links, their use, and what a link may read and write.

A link is a ``SelfCheckLink`` node whose ``id`` is the SHA-256 hash of the
token; the token itself is never stored or logged. An editor creates and
revokes links (:meth:`SelfCheckStore.add_selfcheck_link`,
:meth:`SelfCheckStore.revoke_selfcheck_link`). Whoever holds a token acts as the
principal ``selbstauskunft:<hash prefix>``, which has no role: it can make no
ordinary write at all. Its only rights are the methods here that take the
link's hash and derive the actor from the stored link, never from the request:
read its own actor's record (:meth:`SelfCheckStore.selfcheck_record`) and add
review items whose respondent is that actor
(:meth:`SelfCheckStore.selfcheck_submit`). Each of them checks the link (known,
not expired, not revoked, its actor still there) and the rate limits in the
same transaction that counts the use, and enters the use or the refusal in the
audit log (hash prefix, never the token, never field values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

import neo4j

from graph.auth import PermissionDenied, Principal, Role
from graph.db.access import Guarded
from graph.db.connection import native
from graph.errors import BildungsnetzError, DataError
from graph.survey.model import ReviewItem

#: Page views (openings of the link by a new browser session) per link and hour at most.
VIEWS_PER_HOUR = 30
#: Submissions (answers sent) per link and hour at most.
SUBMISSIONS_PER_HOUR = 20
#: The length of the rate-limit window.
WINDOW = dt.timedelta(hours=1)
#: How many hex characters of the token's hash name a link in lists and in the audit log.
PREFIX_LENGTH = 12

#: The one answer to an unknown, expired or revoked link: it says nothing about which of them it was.
REFUSED = "Dieser Link ist nicht gültig. Bitte wenden Sie sich an das Bildungsbüro, das Ihnen den Link geschickt hat."
#: The answer when a link was used too often within the hour.
TOO_MANY = "Dieser Link wurde in der letzten Stunde zu oft verwendet. Bitte versuchen Sie es später noch einmal."

#: The audit reason of an answer about another actor than the link's.
FOREIGN = "Antwort zu fremdem Akteur"

#: Statuses of a link, with their German names.
STATUSES = {"offen": "offen", "genutzt": "genutzt", "abgelaufen": "abgelaufen", "widerrufen": "widerrufen"}


class LinkRefused(BildungsnetzError):
    """A self-check link is unknown, expired or revoked (one message for all: :data:`REFUSED`)."""

    exit_code = 1

    def __init__(self, message: str = REFUSED) -> None:
        super().__init__(message)


class LinkRateLimited(LinkRefused):
    """A self-check link was used more often within the hour than the limits allow (:data:`VIEWS_PER_HOUR` …)."""

    def __init__(self) -> None:
        super().__init__(TOO_MANY)


def prefix(link_id: str) -> str:
    """The short name of a link (the first characters of its hash): in lists and the audit log."""
    return link_id[:PREFIX_LENGTH]


def link_principal(link_id: str) -> Principal:
    """The principal of whoever holds the token of link ``link_id``: no role, named by the hash prefix."""
    return Principal(f"selbstauskunft:{prefix(link_id)}", None, "selbstauskunft")


@dataclass(frozen=True)
class SelfCheckLink:
    """One stored self-check link (without its token, which is never stored).

    Attributes
    ----------
    id : str
        SHA-256 hash of the token (hex).
    actor : str
        The actor whose record the link opens.
    created_by : str
        Login of the editor who created it.
    created_at, expires_at : datetime
        When it was created and when it expires (UTC).
    revoked_at, last_used_at : datetime or None
        When it was revoked, when it was last used.
    uses, submissions : int
        How often it was opened and how often answers were sent with it.
    actor_name : str
        The actor's name ("" if the actor is gone).
    round_id : str or None
        The survey round the link's answers belong to.
    """

    id: str
    actor: str
    created_by: str
    created_at: dt.datetime
    expires_at: dt.datetime
    revoked_at: dt.datetime | None = None
    last_used_at: dt.datetime | None = None
    uses: int = 0
    submissions: int = 0
    actor_name: str = ""
    round_id: str | None = None

    def status(self, now: dt.datetime) -> str:
        """``widerrufen``, ``abgelaufen``, ``genutzt`` (opened at least once) or ``offen`` at ``now``."""
        if self.revoked_at is not None:
            return "widerrufen"
        if now >= self.expires_at:
            return "abgelaufen"
        return "genutzt" if self.uses or self.submissions else "offen"


def _link(row: dict[str, Any]) -> SelfCheckLink:
    r = native(row)
    return SelfCheckLink(
        id=r["id"],
        actor=r["actor"],
        created_by=r.get("created_by") or "",
        created_at=r["created_at"],
        expires_at=r["expires_at"],
        revoked_at=r.get("revoked_at"),
        last_used_at=r.get("last_used_at"),
        uses=int(r.get("uses") or 0),
        submissions=int(r.get("submissions") or 0),
        actor_name=r.get("actor_name") or "",
        round_id=r.get("round_id"),
    )


def refusal(row: dict[str, Any] | None, now: dt.datetime) -> str | None:
    """Why the stored link ``row`` may not be used at ``now`` (for the audit log), or None if it may."""
    if row is None:
        return "unbekannt"
    r = native(row)
    if r.get("revoked_at") is not None:
        return "widerrufen"
    if now >= r["expires_at"]:
        return "abgelaufen"
    if not r.get("actor_exists"):
        return "Akteur gelöscht"
    return None


def counted(row: dict[str, Any], use: str, now: dt.datetime) -> dict[str, Any] | None:
    """The link's counters after one more ``use`` (``"view"`` or ``"submit"``) at ``now``; None if over the limit.

    The window is fixed: it starts with the first use after the previous window
    ended and lasts :data:`WINDOW`; within it at most :data:`VIEWS_PER_HOUR`
    views and :data:`SUBMISSIONS_PER_HOUR` submissions are allowed.

    Examples
    --------
    >>> start = dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)
    >>> row = {"window_start": start, "window_views": 30, "window_submissions": 0, "uses": 30, "submissions": 0}
    >>> counted(row, "view", start + dt.timedelta(minutes=59)) is None
    True
    >>> counted(row, "view", start + dt.timedelta(hours=1))["window_views"]
    1
    """
    r = native(row)
    start = r.get("window_start")
    views, submissions = int(r.get("window_views") or 0), int(r.get("window_submissions") or 0)
    if start is None or now - start >= WINDOW or now < start:
        start, views, submissions = now, 0, 0
    if use == "view":
        if views >= VIEWS_PER_HOUR:
            return None
        views += 1
    else:
        if submissions >= SUBMISSIONS_PER_HOUR:
            return None
        submissions += 1
    return {
        "window_start": start,
        "window_views": views,
        "window_submissions": submissions,
        "uses": int(r.get("uses") or 0) + (use == "view"),
        "submissions": int(r.get("submissions") or 0) + (use == "submit"),
    }


class SelfCheckStore(Guarded):
    """Self-check links: created and revoked by editors, used by whoever holds a token (see the module)."""

    # -- the office's side ------------------------------------------------------------------------

    def add_selfcheck_link(
        self,
        link_id: str,
        actor: str,
        *,
        expires_at: dt.datetime,
        now: dt.datetime,
        round_id: str | None = None,
    ) -> list[str]:
        """Store a new link (hash ``link_id``) of ``actor``, revoking the actor's earlier links (editor role).

        The answers sent with the link belong to the survey round ``round_id`` (if given): they
        count for its response rates.

        Returns
        -------
        list of str
            The ids of the earlier links that were revoked.

        Raises
        ------
        PermissionDenied
            If the acting principal is no editor.
        DataError
            If the actor or the round does not exist.
        """
        principal = self.principal
        created_by = principal.user if principal is not None else ""
        if round_id is not None and round_id not in {r["id"] for r in self.read("survey/rounds")}:
            raise DataError(f"Eine Befragungsrunde „{round_id}“ gibt es nicht.")

        def work(tx: neo4j.ManagedTransaction) -> list[str]:
            revoked = list(self.run_in_write(tx, "selfcheck/revoke_actor", actor=actor, now=now)[0]["ids"])
            rows = self.run_in_write(
                tx,
                "selfcheck/add",
                id=link_id,
                actor=actor,
                created_by=created_by,
                now=now,
                expires_at=expires_at,
                round_id=round_id,
            )
            if not rows:
                raise DataError(f"Einen Akteur mit der ID „{actor}“ gibt es nicht.")
            return revoked

        return self.write(
            work,
            action="selfcheck_create",
            label="SelfCheckLink",
            object_id=prefix(link_id),
            detail=lambda revoked: f"Akteur {actor}; {len(revoked)} frühere Links widerrufen",
            bump=False,
        )

    def selfcheck_links(self) -> list[SelfCheckLink]:
        """Every self-check link, newest first (editor role; the tokens are not stored, only their hashes).

        Raises
        ------
        PermissionDenied
            If the acting principal is no editor.
        """
        self.authorize(Role.EDITOR, "selfcheck_list", label="SelfCheckLink")
        return [_link(row) for row in self.read("selfcheck/list")]

    def revoke_selfcheck_link(self, link_id: str, *, now: dt.datetime) -> bool:
        """Revoke one link (editor role); return False if it was revoked already.

        Raises
        ------
        PermissionDenied
            If the acting principal is no editor.
        DataError
            If there is no such link.
        """

        def work(tx: neo4j.ManagedTransaction) -> bool:
            if not self.run_in_write(tx, "selfcheck/get", id=link_id):
                raise DataError("Diesen Link gibt es nicht.")
            return bool(self.run_in_write(tx, "selfcheck/revoke", id=link_id, now=now)[0]["revoked"])

        return self.write(
            work, action="selfcheck_revoke", label="SelfCheckLink", object_id=prefix(link_id), changed=bool, bump=False
        )

    def remove_selfcheck_links(self, link_ids: Sequence[str]) -> int:
        """Delete links (admin role): the clean-up of old links; return how many were deleted."""
        ids = list(link_ids)
        rows = self.write(
            lambda tx: self.run_in_write(tx, "selfcheck/delete", ids=ids),
            action="selfcheck_remove",
            role=Role.ADMIN,
            label="SelfCheckLink",
            detail=lambda _: f"{len(ids)} Links",
            bump=False,
        )
        return int(rows[0]["deleted"]) if rows else 0

    def selfcheck_export(self) -> list[dict[str, Any]]:
        """Every link with all its properties (admin only; a move to another database)."""
        self.authorize(Role.ADMIN, "selfcheck_export", label="SelfCheckLink")
        return [dict(row["props"]) for row in self.read("selfcheck/export_all")]

    def put_selfcheck_links(self, tx: neo4j.ManagedTransaction, rows: Sequence[dict[str, Any]]) -> int:
        """Inside a move's transaction: write what :meth:`selfcheck_export` read; return how many links."""
        if not rows:
            return 0
        return int(self.run_in_write(tx, "selfcheck/put_all", rows=[dict(r) for r in rows])[0]["written"])

    # -- the actor's side: authorised by the link, not by a role ---------------------------------

    def use_selfcheck_link(
        self,
        link_id: str,
        use: str,
        *,
        now: dt.datetime,
        work: Callable[[neo4j.ManagedTransaction, dict[str, Any]], Any] | None = None,
        guard: Callable[[str], str | None] | None = None,
        detail: str = "",
    ) -> str:
        """Check link ``link_id`` and count one ``use`` (``"view"`` or ``"submit"``); return its actor id.

        The check, ``guard(actor)`` (a reason to refuse, or None), the count,
        ``work(tx, link)`` (if given; ``link`` is the stored link: actor, round_id …) and
        the audit entry are one transaction;
        a refusal is entered in the audit log in a transaction of its own and
        then raised.

        Raises
        ------
        LinkRefused
            If the link is unknown, expired, revoked or its actor is gone (always :data:`REFUSED`).
        LinkRateLimited
            If the link was used too often within the hour.
        PermissionDenied
            If ``guard`` refuses (the answer is about another actor).
        """
        who = link_principal(link_id)
        action = "selfcheck_view" if use == "view" else "selfcheck_submit"

        def unit(tx: neo4j.ManagedTransaction) -> tuple[str | None, str]:
            rows = self.run_in_write(tx, "selfcheck/get", id=link_id)
            row = rows[0] if rows else None
            why = refusal(row, now)
            if why is not None or row is None:
                return None, why or "unbekannt"
            refused = guard(str(row["actor"])) if guard is not None else None
            if refused is not None:
                return None, refused
            counters = counted(row, use, now)
            if counters is None:
                return None, "zu viele Zugriffe"
            self.run_in_write(tx, "selfcheck/count_use", id=link_id, now=now, **counters)
            actor = str(row["actor"])
            if work is not None:
                work(tx, native(row))
            self.audit(tx, who, action, "SelfCheckLink", prefix(link_id), -1, "ok", detail)
            return actor, ""

        actor, why = self.write_attempts(unit)
        if actor is None:
            self.write_attempts(
                lambda tx: self.audit(tx, who, action, "SelfCheckLink", prefix(link_id), -1, "denied", why)
            )
            if why == "zu viele Zugriffe":
                raise LinkRateLimited()
            if why == FOREIGN:
                raise PermissionDenied("Mit diesem Link können nur Angaben zum eigenen Eintrag gemacht werden.")
            raise LinkRefused()
        return actor

    def selfcheck_actor(self, link_id: str, *, now: dt.datetime) -> str:
        """The actor of a usable link, without counting a use (read only).

        Raises
        ------
        LinkRefused
            If the link is unknown, expired, revoked or its actor is gone.
        """
        return str(self._usable(link_id, now)["actor"])

    def _usable(self, link_id: str, now: dt.datetime) -> dict[str, Any]:
        rows = self.read("selfcheck/read", id=link_id)
        row = rows[0] if rows else None
        if row is None or refusal(row, now) is not None:
            raise LinkRefused()
        return dict(native(row))

    def selfcheck_record(self, link_id: str, *, now: dt.datetime) -> dict[str, Any]:
        """What the holder of link ``link_id`` may see: its actor's record, offers, partners, committees.

        Everything is read by the actor id stored with the link. Of other actors
        only the names (and ids, kept out of sight) of its partners come back, of
        committees only names; of contact persons only function, consent and
        deletion date (never name, e-mail or phone).

        Returns
        -------
        dict
            ``actor`` (dict of its fields), ``offers``, ``partners``, ``committees``,
            ``persons`` (lists of dicts), ``expires_at`` (when the link expires),
            ``round_name`` (of its survey round, or None).

        Raises
        ------
        LinkRefused
            If the link is unknown, expired, revoked or its actor is gone.
        """
        link = self._usable(link_id, now)
        actor = str(link["actor"])
        record = self.read("selfcheck/actor", actor=actor)
        if not record:
            raise LinkRefused()
        rounds = {r["id"]: r["name"] for r in self.read("survey/rounds")} if link.get("round_id") else {}
        return {
            "expires_at": link["expires_at"],
            "round_name": rounds.get(link.get("round_id")),
            "actor": native(record[0]),
            "offers": [native(r) for r in self.read("selfcheck/offers", actor=actor)],
            "partners": [native(r) for r in self.read("selfcheck/partners", actor=actor)],
            "committees": [native(r) for r in self.read("selfcheck/committees", actor=actor)],
            "persons": [native(r) for r in self.read("selfcheck/persons", actor=actor)],
        }

    def selfcheck_submit(self, link_id: str, items: Sequence[ReviewItem], *, now: dt.datetime) -> list[str]:
        """Add the answers of a self-check to the review queue; return the ids of the review items.

        Every item must have the source ``selbstauskunft`` and the link's actor as
        respondent; it is put into the link's survey round. The link's check, the
        rate limit, the new items and the audit entry are one transaction. Nothing
        changes in the graph itself.

        Raises
        ------
        LinkRefused, LinkRateLimited
            If the link is no longer usable or was used too often.
        PermissionDenied
            If an item is about another actor or from another source.
        """
        batch = list(items)
        ids: list[str] = []

        def guard(actor: str) -> str | None:
            ok = all(i.respondent == actor and i.source == "selbstauskunft" for i in batch)
            return None if ok else FOREIGN

        def work(tx: neo4j.ManagedTransaction, link: dict[str, Any]) -> None:
            in_round = [replace(item, round_id=link.get("round_id")) for item in batch]
            ids[:] = self.insert_review_items(tx, in_round, now=now)

        self.use_selfcheck_link(link_id, "submit", now=now, work=work, guard=guard, detail=f"{len(batch)} Antworten")
        return ids

    def insert_review_items(
        self, tx: neo4j.ManagedTransaction, items: Sequence[ReviewItem], *, now: dt.datetime
    ) -> list[str]:
        """Write review items inside ``tx`` with the survey store's query and encoding; return their ids.

        The rows are those of :meth:`graph.db.survey.SurveyStore.add_review_items`
        (:func:`graph.db.survey.item_rows`), which writes in a transaction of its own and so cannot be
        part of the link's check.
        """
        from graph.db.survey import item_rows
        from graph.survey.model import KINDS

        for item in items:
            if item.kind not in KINDS:
                raise DataError(f"Unbekannte Art der Angabe: {item.kind}.")
        rows, ids = item_rows(items)
        self.run_in_write(tx, "survey/add_items", rows=rows, now=now)
        return ids
