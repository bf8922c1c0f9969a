"""Self-check links ("Selbstauskunft"): personal, expiring links with which an actor checks its own entry.

The office creates a link per actor (:func:`create_link`, :func:`create_links`);
the link carries a random token of :data:`TOKEN_BYTES` bytes
(``secrets.token_urlsafe``), of which only the SHA-256 hash is stored. The clear
token exists only in the link handed out once (to copy, or as a list for a mail
merge: :func:`mailmerge_table`). Whoever opens the link needs no account: the
token is the key. It opens only its own actor's record; every answer becomes a
review item (source ``selbstauskunft``) and changes nothing in the graph before
a person accepts it in the review queue.

Rules
-----
- A link is valid for ``days`` days (default :data:`DEFAULT_DAYS`, 28); a new link of
  an actor revokes its earlier ones; links can be revoked (:func:`revoke_link`).
- Unknown, expired and revoked links are refused with one message
  (:data:`graph.db.selfcheck.REFUSED`) that does not say which of them it was.
- Rate limits: per link at most :data:`graph.db.selfcheck.VIEWS_PER_HOUR` openings and
  :data:`graph.db.selfcheck.SUBMISSIONS_PER_HOUR` submissions per hour (counted in the
  database, so that they hold across sessions); per browser session at most
  :data:`SESSION_FAILURES` refused links within :data:`FAILURE_WINDOW`, after which
  the session accepts no link until the window has passed (:class:`FailureLimiter`).
- Every creation, opening, submission, refusal and revocation is entered in the audit log
  with the first characters of the token's hash, never the token, never field values.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections import deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import pandas as pd

from graph import model
from graph.auth import Role
from graph.dataset import Dataset
from graph.db.selfcheck import STATUSES, SelfCheckLink, prefix
from graph.db.store import Store
from graph.db.survey import CONTACT_KIND
from graph.errors import DataError
from graph.survey.model import ReviewItem

#: Random bytes of a token.
TOKEN_BYTES = 32
#: How long a new link is valid, in days.
DEFAULT_DAYS = 28
#: The longest validity the office may choose, in days.
MAX_DAYS = 365
#: The query parameter that carries the token: ``<base>/?auskunft=<token>``.
LINK_PARAM = "auskunft"
#: Refused links per browser session within :data:`FAILURE_WINDOW` at most.
SESSION_FAILURES = 5
#: The window of the per-session failure limit.
FAILURE_WINDOW = dt.timedelta(minutes=15)

#: The fields of its own record an actor may correct, with their German names.
CORRECTABLE: Mapping[str, str] = {
    "name": "Name",
    "actor_type": "Typ",
    "address": "Adresse",
    "website": "Webseite",
}


#: The consent text the contact person agrees to (shown on the self-check page, kept with the answer).
CONSENT_TEXT = (
    "Ich willige ein, dass das Bildungsbüro meinen Namen, meine Funktion und die angegebenen Kontaktdaten "
    "als Ansprechperson dieser Einrichtung speichert, um mich zur Zusammenarbeit im Bildungsnetz "
    "anzusprechen. Die Daten werden nicht veröffentlicht, nicht in Bildern, Berichten oder Exporten gezeigt "
    "und spätestens zum angegebenen Datum gelöscht. Ich kann die Einwilligung jederzeit beim Bildungsbüro "
    "widerrufen; dann werden die Daten gelöscht."
)


def utcnow() -> dt.datetime:
    """The current time in UTC (the default clock; tests pass their own)."""
    return dt.datetime.now(dt.UTC)


Clock = Callable[[], dt.datetime]


# -- tokens ----------------------------------------------------------------------------------------


def new_token() -> str:
    """A new random token (:data:`TOKEN_BYTES` bytes, URL-safe text)."""
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    """The SHA-256 hash (hex) of a token: the id under which its link is stored.

    >>> token_hash("abc")[:16]
    'ba7816bf8f01cfea'
    """
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def link_for(token: str, base_url: str) -> str:
    """The link an actor receives: ``base_url`` with ``?auskunft=<token>``.

    >>> link_for("t0k", "https://bildung.example.de/app/")
    'https://bildung.example.de/app/?auskunft=t0k'

    Raises
    ------
    DataError
        If ``base_url`` is no http(s) address.
    """
    parts = urlsplit(base_url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DataError(f"„{base_url}“ ist keine Adresse der App (https://…).")
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    return f"{parts.scheme}://{parts.netloc}{path}?{urlencode({LINK_PARAM: token})}"


# -- the office's side ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CreatedLink:
    """A link just created: the only moment its token is known.

    Attributes
    ----------
    actor, actor_name : str
        The actor and its name.
    link : str
        The link with the clear token (shown once, never stored).
    expires_at : datetime
        When it expires (UTC).
    link_id : str
        The hash under which it is stored.
    """

    actor: str
    actor_name: str
    link: str
    expires_at: dt.datetime
    link_id: str


def _expiry(days: int, now: dt.datetime) -> dt.datetime:
    if not 1 <= int(days) <= MAX_DAYS:
        raise DataError(f"Ein Link gilt 1 bis {MAX_DAYS} Tage, nicht {days}.")
    return now + dt.timedelta(days=int(days))


def create_link(
    store: Store,
    actor: str,
    *,
    days: int = DEFAULT_DAYS,
    base_url: str,
    round_id: str | None = None,
    clock: Clock = utcnow,
) -> tuple[str, str]:
    """Create a self-check link of ``actor`` (editor role); earlier links of the actor are revoked.

    Parameters
    ----------
    store : Store
        Acting for an editor.
    actor : str
        The actor id.
    days : int
        How many days the link is valid (1 to :data:`MAX_DAYS`).
    base_url : str
        The address of the app as the actor reaches it.
    round_id : str, optional
        The survey round the answers belong to (they count for its response rates).
    clock : callable
        Returns the current time (UTC).

    Returns
    -------
    tuple of str
        The clear token and the link; neither is stored anywhere.

    Raises
    ------
    PermissionDenied
        If the store does not act for an editor.
    DataError
        If the actor or round does not exist, ``days`` is out of range or ``base_url`` is no address.
    """
    now = clock()
    expires = _expiry(days, now)
    token = new_token()
    link = link_for(token, base_url)
    store.add_selfcheck_link(token_hash(token), actor, expires_at=expires, now=now, round_id=round_id)
    return token, link


def create_links(
    store: Store,
    actors: Iterable[str],
    *,
    days: int = DEFAULT_DAYS,
    base_url: str,
    round_id: str | None = None,
    clock: Clock = utcnow,
) -> list[CreatedLink]:
    """Create one link per actor (see :func:`create_link`), in the order of ``actors``, each actor once."""
    names = {a["id"]: a["name"] for a in store.read("selfcheck/actor_names")}
    out: list[CreatedLink] = []
    for actor in dict.fromkeys(actors):
        now = clock()
        token, link = create_link(store, actor, days=days, base_url=base_url, round_id=round_id, clock=_fixed(now))
        out.append(CreatedLink(actor, str(names.get(actor) or actor), link, _expiry(days, now), token_hash(token)))
    return out


def _fixed(moment: dt.datetime) -> Clock:
    return lambda: moment


def actors_of(ds: Dataset, *, sector: str | None = None, area: str | None = None) -> list[str]:
    """The ids of every actor of ``sector`` and in ``area`` (or an area inside it), sorted by name."""
    parent = {r.start: r.end for r in ds.rels if r.type == "PART_OF"}
    located = {r.start: r.end for r in ds.rels if r.type == "LOCATED_IN" and r.start_label == "Actor"}

    def inside(node: str | None) -> bool:
        seen: set[str] = set()
        while node is not None and node not in seen:
            if node == area:
                return True
            seen.add(node)
            node = parent.get(node)
        return False

    actors = ds.nodes["Actor"]
    chosen = [
        a
        for a, props in actors.items()
        if (sector is None or props.get("sector") == sector) and (area is None or inside(located.get(a)))
    ]
    return sorted(chosen, key=lambda a: (model.fold(str(actors[a].get("name", a))), a))


def revoke_link(store: Store, link_id: str, *, clock: Clock = utcnow) -> bool:
    """Revoke one link (editor role); return False if it was revoked already."""
    return store.revoke_selfcheck_link(link_id, now=clock())


def _day(value: dt.datetime | None) -> str:
    return f"{value.astimezone(dt.UTC):%d.%m.%Y}" if value else ""


LINK_COLUMNS = [
    "id",
    "Kennung",
    "Akteur",
    "Status",
    "Erstellt am",
    "Gültig bis",
    "Aufrufe",
    "Antworten",
    "Zuletzt genutzt",
]


def links_table(links: Sequence[SelfCheckLink], *, now: dt.datetime) -> pd.DataFrame:
    """The links as the office sees them: one row each, German columns, no token.

    Columns: ``id`` (the stored hash), Kennung (its first characters, as in the audit
    log), Akteur, Status (offen, genutzt, abgelaufen, widerrufen), Erstellt am,
    Gültig bis, Aufrufe, Antworten, Zuletzt genutzt.
    """
    rows = [
        {
            "id": link.id,
            "Kennung": prefix(link.id),
            "Akteur": link.actor_name or link.actor,
            "Status": STATUSES[link.status(now)],
            "Erstellt am": _day(link.created_at),
            "Gültig bis": _day(link.expires_at),
            "Aufrufe": link.uses,
            "Antworten": link.submissions,
            "Zuletzt genutzt": _day(link.last_used_at),
        }
        for link in links
    ]
    return pd.DataFrame(rows, columns=LINK_COLUMNS)


def contact_emails(store: Store, actors: Iterable[str]) -> dict[str, str]:
    """The e-mail address of one contact person per actor (personal data: read only when the user asks).

    The reading is entered in the audit log (action ``selfcheck_contacts``; editor role).
    """
    wanted = set(actors)
    store.record("selfcheck_contacts", role=Role.EDITOR, label="Person")
    out: dict[str, str] = {}
    for row in store.read("selfcheck/contact_emails"):
        if row["actor"] in wanted and row["email"] and row["actor"] not in out:
            out[row["actor"]] = str(row["email"])
    return out


def mailmerge_table(created: Sequence[CreatedLink], *, emails: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The list for a mail merge: Akteur, Akteur-ID, Link, Gültig bis (and E-Mail if ``emails`` is given)."""
    rows = []
    for c in created:
        row = {"Akteur": c.actor_name, "Akteur-ID": c.actor, "Link": c.link, "Gültig bis": _day(c.expires_at)}
        if emails is not None:
            row["E-Mail"] = emails.get(c.actor, "")
        rows.append(row)
    columns = ["Akteur", "Akteur-ID", "Link", "Gültig bis", *(["E-Mail"] if emails is not None else [])]
    return pd.DataFrame(rows, columns=columns)


# -- the actor's side ---------------------------------------------------------------------------------


class FailureLimiter:
    """At most ``limit`` refused links within ``window`` for one browser session (a sliding window).

    Parameters
    ----------
    limit : int
        Refusals allowed within the window.
    window : timedelta
        The length of the window.
    clock : callable
        Returns the current time; tests pass their own.

    Examples
    --------
    >>> t = [dt.datetime(2026, 12, 1, 10, tzinfo=dt.UTC)]
    >>> limiter = FailureLimiter(limit=2, window=dt.timedelta(minutes=15), clock=lambda: t[0])
    >>> limiter.fail(); limiter.fail(); limiter.blocked()
    True
    >>> t[0] += dt.timedelta(minutes=15); limiter.blocked()
    False
    """

    def __init__(
        self, *, limit: int = SESSION_FAILURES, window: dt.timedelta = FAILURE_WINDOW, clock: Clock = utcnow
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._failures: deque[dt.datetime] = deque()

    def _forget(self) -> None:
        now = self.clock()
        while self._failures and now - self._failures[0] >= self.window:
            self._failures.popleft()

    def blocked(self) -> bool:
        """Whether this session has used up its refusals within the window."""
        self._forget()
        return len(self._failures) >= self.limit

    def fail(self) -> None:
        """Count one refused link."""
        self._forget()
        self._failures.append(self.clock())


def open_link(store: Store, token: str, *, clock: Clock = utcnow) -> str:
    """Check a token and count one opening of its link; return the link id (the token's hash).

    Raises
    ------
    LinkRefused
        If the link is unknown, expired, revoked or its actor is gone (one message for all).
    LinkRateLimited
        If the link was opened too often within the hour.
    """
    link_id = token_hash(token)
    store.use_selfcheck_link(link_id, "view", now=clock())
    return link_id


@dataclass(frozen=True)
class SelfCheckView:
    """What the holder of a link sees: its actor's record and its own relations (names of the others only)."""

    actor: Mapping[str, Any]
    offers: tuple[Mapping[str, Any], ...]
    partners: tuple[Mapping[str, Any], ...]
    committees: tuple[Mapping[str, Any], ...]
    persons: tuple[Mapping[str, Any], ...]
    expires_at: dt.datetime | None = None
    round_name: str | None = None

    @property
    def actor_id(self) -> str:
        """The id of the link's actor."""
        return str(self.actor["id"])


def view(store: Store, link_id: str, *, clock: Clock = utcnow) -> SelfCheckView:
    """The record the holder of link ``link_id`` may see (read by the actor id stored with the link).

    Raises
    ------
    LinkRefused
        If the link is no longer usable.
    """
    record = store.selfcheck_record(link_id, now=clock())
    return SelfCheckView(
        actor=record["actor"],
        offers=tuple(record["offers"]),
        partners=tuple(record["partners"]),
        committees=tuple(record["committees"]),
        persons=tuple(record["persons"]),
        expires_at=record.get("expires_at"),
        round_name=record.get("round_name"),
    )


def _item(actor: str, kind: str, named: str, *, proposed: str | None = None, **fields: Any) -> ReviewItem:
    return ReviewItem(
        id=f"sa-{secrets.token_hex(8)}",
        round_id=None,
        source="selbstauskunft",
        respondent=actor,
        kind=kind,
        named=named,
        proposed=proposed,
        candidates=(),
        confidence="sicher" if proposed else "neu",
        fields=fields,
    )


def confirm_item(seen: SelfCheckView, *, cooperation: str | None = None, committee: str | None = None) -> ReviewItem:
    """A "Stimmt so" answer: one of the actor's own cooperations or committee memberships is still right.

    Raises
    ------
    DataError
        If the cooperation or committee is not one of this actor's.
    """
    return _relation_item(seen, "bestaetigung", cooperation=cooperation, committee=committee)


def end_item(
    seen: SelfCheckView, *, cooperation: str | None = None, committee: str | None = None, until: dt.date | None = None
) -> ReviewItem:
    """A "Kooperation beendet" answer (or a membership ended), with the end date if given."""
    return _relation_item(seen, "ende", cooperation=cooperation, committee=committee, until=until)


def _relation_item(
    seen: SelfCheckView, kind: str, *, cooperation: str | None, committee: str | None, until: dt.date | None = None
) -> ReviewItem:
    extra: dict[str, Any] = {"until": until} if until is not None else {}
    if cooperation is not None:
        row = next((p for p in seen.partners if p["id"] == cooperation), None)
        if row is None:
            raise DataError("Diese Kooperation gehört nicht zu Ihrem Eintrag.")
        return _item(
            seen.actor_id,
            kind,
            str(row["partner_name"] or ""),
            proposed=str(row["partner"]),
            cooperation=cooperation,
            **extra,
        )
    row = next((c for c in seen.committees if c["committee"] == committee), None)
    if row is None:
        raise DataError("Dieses Gremium gehört nicht zu Ihrem Eintrag.")
    return _item(seen.actor_id, kind, str(row["committee_name"] or ""), committee=committee, **extra)


def correction_item(seen: SelfCheckView, changes: Mapping[str, Any]) -> ReviewItem | None:
    """A "Korrigieren" answer: the fields of its own record that differ from what is stored (None if none).

    Raises
    ------
    DataError
        If a field may not be corrected here, a name is emptied or a type is unknown.
    """
    changed: dict[str, Any] = {}
    for key, value in changes.items():
        if key not in CORRECTABLE:
            raise DataError(f"Das Feld „{key}“ kann hier nicht korrigiert werden.")
        text = str(value or "").strip()
        if key == "name" and not text:
            raise DataError("Der Name darf nicht leer sein.")
        if key == "actor_type" and text not in model.VOCABULARIES["actor_type"]:
            raise DataError(f"„{text}“ ist kein bekannter Typ.")
        if text != str(seen.actor.get(key) or "").strip():
            changed[key] = text
    if not changed:
        return None
    return ReviewItem(
        id=f"sa-{secrets.token_hex(8)}",
        round_id=None,
        source="selbstauskunft",
        respondent=seen.actor_id,
        kind="korrektur",
        named="",
        proposed=seen.actor_id,
        candidates=(),
        confidence="sicher",
        fields=changed,
    )


def partner_item(
    seen: SelfCheckView,
    named: str,
    ds: Dataset,
    *,
    intensity: int | None = None,
    types: Sequence[str] = (),
    since: dt.date | None = None,
    aliases: Mapping[str, str] | None = None,
) -> ReviewItem:
    """A "Weitere Partner nennen" answer: a partner by its name as typed, with the matcher's proposal.

    ``ds`` is the inventory the matcher searches (never shown to the actor).

    Raises
    ------
    DataError
        If the name is empty, the intensity is not 1–4 or a type is unknown.
    """
    from graph.survey.matching import match

    text = " ".join(str(named).split())
    if not text:
        raise DataError("Bitte den Namen des Partners angeben.")
    if intensity is not None and intensity not in (1, 2, 3, 4):
        raise DataError("Die Intensität ist 1 bis 4.")
    unknown = [t for t in types if t not in model.VOCABULARIES["cooperation_type"]]
    if unknown:
        raise DataError(f"Unbekannte Art der Zusammenarbeit: {', '.join(unknown)}.")
    confidence, proposed, candidates = match(text, ds, aliases=aliases or {}, respondent=seen.actor_id)
    fields: dict[str, Any] = {"types": list(types)}
    if intensity is not None:
        fields["intensity"] = intensity
    if since is not None:
        fields["since"] = since
    return ReviewItem(
        id=f"sa-{secrets.token_hex(8)}",
        round_id=None,
        source="selbstauskunft",
        respondent=seen.actor_id,
        kind="kooperation",
        named=text,
        proposed=proposed,
        candidates=tuple(candidates),
        confidence=confidence,
        fields=fields,
    )


def contact_item(
    seen: SelfCheckView,
    *,
    consent: bool,
    delete_after: dt.date,
    role: str = "",
    name: str = "",
    email: str = "",
    phone: str = "",
    person: str | None = None,
    today: dt.date | None = None,
) -> ReviewItem | None:
    """The contact person's data with consent (Einwilligung) and deletion date (Löschen bis).

    Without ``consent`` nothing is kept: the function returns None and no contact
    data leaves the page. ``person`` names an existing contact person of the actor
    whose consent and deletion date are confirmed (no new contact data needed).

    Raises
    ------
    DataError
        If the deletion date is not in the future, ``person`` is not this actor's,
        or a new contact person has neither name nor function.
    """
    if not consent:
        return None
    when = today or dt.date.today()
    if delete_after <= when:
        raise DataError("„Löschen bis“ muss nach dem heutigen Tag liegen.")
    if person is not None and person not in {p["id"] for p in seen.persons}:
        raise DataError("Diese Ansprechperson gehört nicht zu Ihrem Eintrag.")
    data = {
        k: " ".join(str(v).split()) for k, v in (("role", role), ("name", name), ("email", email), ("phone", phone))
    }
    if person is None and not (data["name"] or data["role"]):
        raise DataError("Bitte Name oder Funktion der Ansprechperson angeben.")
    fields: dict[str, Any] = {k: v for k, v in data.items() if v}
    fields.update(consent=True, consent_text=CONSENT_TEXT, consent_at=when, delete_after=delete_after)
    if person is not None:
        fields["person"] = person
    return ReviewItem(
        id=f"sa-{secrets.token_hex(8)}",
        round_id=None,
        source="selbstauskunft",
        respondent=seen.actor_id,
        kind=CONTACT_KIND,
        named="",
        proposed=seen.actor_id,
        candidates=(),
        confidence="sicher",
        fields=fields,
    )


def submit(store: Store, link_id: str, items: Sequence[ReviewItem], *, clock: Clock = utcnow) -> list[str]:
    """Send answers of a self-check to the review queue; return the ids of the review items.

    The store checks that the link is usable, that every item has source
    ``selbstauskunft`` and the link's actor as respondent, and counts the
    submission against the rate limit, in the transaction that adds the items.

    Raises
    ------
    LinkRefused, LinkRateLimited
        If the link is no longer usable or used too often.
    PermissionDenied
        If an item is about another actor.
    """
    if not items:
        return []
    return store.selfcheck_submit(link_id, list(items), now=clock())
