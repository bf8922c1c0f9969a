"""Selbstauskunft: the page an actor sees through its personal link, and the office's page to manage the links.

The actor's page (:func:`actor_page`) needs no account: the token in the link
(``?auskunft=…``) is the key. It is read once, removed from the address bar and
replaced in the session by the link's id (the token's hash); everything the
page shows is read by the actor id stored with the link — no query parameter or
widget chooses an actor. Every answer goes to the review queue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd
import streamlit as st

from graph import editing, model
from graph import selfcheck as sc
from graph.auth import Role
from graph.db.selfcheck import REFUSED, LinkRefused, prefix
from graph.errors import BildungsnetzError, DataError
from graph.survey.model import ReviewItem
from graph.ui import state
from graph.ui.texts import CHOOSE, CHOOSE_MANY, md, t

_LINK = "_selfcheck_link"
_FAILURES = "_selfcheck_failures"
_SENT = "_selfcheck_sent"
_CREATED = "_selfcheck_created"
_DONE = "_selfcheck_done"
_EMAILS = "_selfcheck_emails"

#: Shown when a session has had too many refused links.
BLOCKED = "Zu viele ungültige Links in kurzer Zeit. Bitte versuchen Sie es in einer Viertelstunde noch einmal."
#: Shown after answers were sent.
THANKS = "Vielen Dank! Ihre Angaben sind beim Bildungsbüro angekommen; es prüft sie und übernimmt sie dann."
#: A new contact person's deletion date, by default: two years from today.
KEEP_CONTACT_DAYS = 730

_KEEP, _CONFIRM, _END = "Keine Angabe", "Stimmt so", "Beendet"


def routed() -> bool:
    """Whether this session is a self-check: the link's parameter is in the address, or was read before."""
    return sc.LINK_PARAM in st.query_params or _LINK in st.session_state or _DONE in st.session_state


def _refuse(message: str = REFUSED) -> None:
    st.session_state.pop(_LINK, None)
    st.error(t(message))
    st.stop()


def _link_id() -> str:
    """The link id of this session: read the token once, drop it from the address bar, check it."""
    token = st.query_params.get(sc.LINK_PARAM)
    if token is None and _LINK not in st.session_state:  # the session was ended
        st.success(t("Vielen Dank. Sie können dieses Fenster jetzt schließen."))
        st.stop()
    if token is None:
        return str(st.session_state[_LINK])
    st.session_state.pop(_DONE, None)
    del st.query_params[sc.LINK_PARAM]  # the token does not stay in the address bar (or the browser history)
    limiter: sc.FailureLimiter = st.session_state.setdefault(_FAILURES, sc.FailureLimiter())
    if limiter.blocked():
        _refuse(BLOCKED)
    try:
        link_id = sc.open_link(state.shared_store(), str(token))
    except LinkRefused as exc:
        limiter.fail()
        _refuse(str(exc))
    st.session_state[_LINK] = link_id
    return link_id


def actor_page() -> None:
    """The page of one actor's self-check; stops the script run (nothing else of the app is shown)."""
    st.title(t("Selbstauskunft"))
    try:
        store = state.shared_store()
        link_id = _link_id()
        seen = sc.view(store, link_id)
    except LinkRefused as exc:
        _refuse(str(exc))
        raise AssertionError("unreachable") from exc
    except BildungsnetzError as exc:  # e.g. the database is down: say so, show nothing else
        st.error(md(exc))
        st.stop()
    st.caption(
        t(
            "Bitte prüfen Sie, was das Bildungsbüro über Ihre Einrichtung weiß: Stimmt der Eintrag, bestehen die "
            "Kooperationen noch, fehlen Partner? Ihre Angaben gehen an das Bildungsbüro, das sie prüft."
        )
    )
    about = [f"Befragungsrunde: {seen.round_name}"] if seen.round_name else []
    if seen.expires_at is not None:
        about.append(f"Ihr Link gilt bis {seen.expires_at.astimezone(dt.UTC):%d.%m.%Y}")
    if about:
        st.caption(md(" · ".join(about)))
    sent = st.session_state.pop(_SENT, None)
    if sent:
        st.success(t(THANKS) + " " + md(f"({sent} Angaben)"))
    _record(seen)
    _relations(store, link_id, seen)
    _new_partners(store, link_id, seen)
    _contact(store, link_id, seen)
    st.divider()
    st.caption(
        t(
            "Nichts von dem, was Sie hier angeben, ändert den Datenbestand sofort: das Bildungsbüro prüft "
            "jede Angabe. Andere Einrichtungen sehen Ihre Angaben nicht. Aus Sicherheitsgründen steht Ihr "
            "Schlüssel nicht mehr in der Adresszeile: Wenn Sie die Seite neu laden oder später weitermachen, "
            "öffnen Sie bitte den Link aus Ihrer Nachricht erneut."
        )
    )
    st.button(t("Fertig – Sitzung beenden"), key="selfcheck_done", on_click=_end_session)
    st.stop()


def _end_session() -> None:
    """Forget the link in this session (the link itself stays valid until it expires or is revoked)."""
    st.session_state.pop(_LINK, None)
    st.session_state[_DONE] = True


def _send(store: Any, link_id: str, items: list[ReviewItem | None]) -> None:
    kept = [i for i in items if i is not None]
    if not kept:
        st.info(t("Keine Änderung angegeben – es wurde nichts gesendet."))
        return
    try:
        sc.submit(store, link_id, kept)
    except LinkRefused as exc:
        _refuse(str(exc))
    except BildungsnetzError as exc:
        st.error(md(exc))
        return
    st.session_state[_SENT] = len(kept)
    st.rerun()


def _record(seen: sc.SelfCheckView) -> None:
    a = seen.actor
    st.subheader(md(a.get("name") or ""))
    facts = [
        ("Typ", model.vocab_label("actor_type", a["actor_type"]) if a.get("actor_type") else ""),
        ("Sektor", model.vocab_label("sector", a["sector"]) if a.get("sector") else ""),
        ("Gebiet", a.get("area_name") or ""),
        ("Träger", a.get("institution_name") or ""),
        ("Adresse", a.get("address") or ""),
        ("Webseite", a.get("website") or ""),
    ]
    st.markdown("  \n".join(f"**{t(k)}:** {md(v)}" for k, v in facts if v))
    with st.expander(t("Eintrag korrigieren"), expanded=False):
        types = list(model.VOCABULARIES["actor_type"])
        with st.form("selfcheck_correct"):
            name = st.text_input(t("Name"), value=str(a.get("name") or ""))
            current = a.get("actor_type")
            kind = st.selectbox(
                t("Typ"),
                types,
                index=types.index(current) if current in types else 0,
                format_func=lambda k: model.vocab_label("actor_type", k),
            )
            address = st.text_input(t("Adresse"), value=str(a.get("address") or ""))
            website = st.text_input(t("Webseite"), value=str(a.get("website") or ""))
            if st.form_submit_button(t("Korrektur senden"), type="primary"):
                changes = {"name": name, "actor_type": kind, "address": address, "website": website}
                try:
                    item = sc.correction_item(seen, changes)
                except DataError as exc:
                    st.error(md(exc))
                else:
                    _send(state.shared_store(), st.session_state[_LINK], [item])


def _period(row: dict[str, Any] | Any) -> str:
    since, until = row.get("since"), row.get("until")
    if since and until:
        return f"{since:%d.%m.%Y} – {until:%d.%m.%Y}"
    return f"seit {since:%d.%m.%Y}" if since else (f"bis {until:%d.%m.%Y}" if until else "")


def _relations(store: Any, link_id: str, seen: sc.SelfCheckView) -> None:
    st.subheader(t("Ihre Kooperationen und Gremien"))
    if not seen.partners and not seen.committees:
        st.write(t("Bisher sind keine Kooperationen oder Gremien eingetragen."))
        return
    st.caption(t("Bitte geben Sie je Eintrag an, ob er noch stimmt oder beendet ist."))
    with st.form("selfcheck_relations"):
        answers: list[tuple[str, str, str]] = []
        for row in seen.partners:
            details = [
                ", ".join(model.vocab_label("cooperation_type", x) for x in row.get("types") or []),
                model.vocab_label("intensity", row["intensity"]) if row.get("intensity") else "",
                _period(row),
            ]
            text = " · ".join(d for d in details if d)
            label = f"{md(row.get('partner_name') or '')}" + (f" — {md(text)}" if text else "")
            choice = st.radio(label, [_KEEP, _CONFIRM, _END], horizontal=True, key=f"selfcheck_coop_{row['id']}")
            answers.append(("cooperation", str(row["id"]), choice))
        for row in seen.committees:
            role = model.vocab_label("member_role", row["role"]) if row.get("role") else ""
            label = t("Gremium") + ": " + md(row.get("committee_name") or "") + (f" ({md(role)})" if role else "")
            choice = st.radio(
                label, [_KEEP, _CONFIRM, _END], horizontal=True, key=f"selfcheck_member_{row['committee']}"
            )
            answers.append(("committee", str(row["committee"]), choice))
        until = st.date_input(t("Beendet am (wenn bekannt)"), value=None, format="DD.MM.YYYY")
        if st.form_submit_button(t("Angaben senden"), type="primary"):
            items: list[ReviewItem | None] = []
            for what, key, choice in answers:
                ref = {"cooperation": key} if what == "cooperation" else {"committee": key}
                if choice == _CONFIRM:
                    items.append(sc.confirm_item(seen, **ref))
                elif choice == _END:
                    items.append(sc.end_item(seen, until=until, **ref))
            _send(store, link_id, items)
    if seen.offers:
        st.subheader(t("Ihre Angebote"))
        frame = pd.DataFrame(
            [
                {
                    "Angebot": o.get("title") or "",
                    "Bildungsbereich": model.vocab_label("education_area", o["education_area"])
                    if o.get("education_area")
                    else "",
                    "Rolle": model.vocab_label("provider_role", o["role"]) if o.get("role") else "",
                }
                for o in seen.offers
            ],
            columns=["Angebot", "Bildungsbereich", "Rolle"],
        )
        state.table(frame)
        st.caption(
            t(
                "Fehlt ein Angebot oder stimmt eines nicht? Bitte teilen Sie es dem Bildungsbüro mit, "
                "das Ihnen den Link geschickt hat."
            )
        )


def _new_partners(store: Any, link_id: str, seen: sc.SelfCheckView) -> None:
    st.subheader(t("Weitere Partner nennen"))
    st.caption(t("Mit wem arbeiten Sie außerdem zusammen? Bitte den Namen der Einrichtung so genau wie möglich."))
    with st.form("selfcheck_partner", clear_on_submit=True):
        named = st.text_input(t("Name der Partnereinrichtung"))
        intensity = st.selectbox(
            t("Wie oft?"),
            [None, 1, 2, 3, 4],
            format_func=lambda k: t("keine Angabe") if k is None else model.vocab_label("intensity", str(k)),
        )
        types = st.multiselect(
            t("Art der Zusammenarbeit"),
            list(model.VOCABULARIES["cooperation_type"]),
            format_func=lambda k: model.vocab_label("cooperation_type", k),
            placeholder=CHOOSE_MANY,
        )
        since = st.date_input(t("Seit (wenn bekannt)"), value=None, format="DD.MM.YYYY")
        if st.form_submit_button(t("Partner melden"), type="primary"):
            try:
                ds = state.shared_store().read_dataset()  # the inventory the matcher searches; never shown
                aliases = _aliases(store)
                item = sc.partner_item(seen, named, ds, intensity=intensity, types=types, since=since, aliases=aliases)
            except DataError as exc:
                st.error(md(exc))
            else:
                _send(store, link_id, [item])


def _aliases(store: Any) -> dict[str, str]:
    try:
        return dict(store.aliases())
    except (AttributeError, BildungsnetzError):
        return {}


def _contact(store: Any, link_id: str, seen: sc.SelfCheckView) -> None:
    st.subheader(t("Ansprechperson"))
    if seen.persons:
        frame = pd.DataFrame(
            [
                {
                    "Funktion": p.get("role") or "",
                    "Einwilligung": "Ja" if p.get("consent") else "Nein",
                    "Löschen bis": f"{p['delete_after']:%d.%m.%Y}" if p.get("delete_after") else "",
                }
                for p in seen.persons
            ],
            columns=["Funktion", "Einwilligung", "Löschen bis"],
        )
        st.caption(t("Gespeicherte Ansprechpersonen (Namen und Kontaktdaten zeigen wir hier nicht):"))
        state.table(frame)
    with st.form("selfcheck_contact", clear_on_submit=True):
        options: list[str | None] = [None, *(str(p["id"]) for p in seen.persons)]
        functions = {str(p["id"]): str(p.get("role") or t("Ansprechperson")) for p in seen.persons}
        person = st.selectbox(
            t("Für wen?"),
            options,
            format_func=lambda k: t("Neue Ansprechperson") if k is None else functions[k],
        )
        role = st.text_input(t("Funktion"), placeholder=t("z. B. Leitung"))
        name = st.text_input(t("Name"))
        email = st.text_input(t("E-Mail"))
        phone = st.text_input(t("Telefon"))
        default = dt.date.today() + dt.timedelta(days=KEEP_CONTACT_DAYS)
        delete_after = st.date_input(t("Löschen bis"), value=default, format="DD.MM.YYYY")
        consent = st.checkbox(t(sc.CONSENT_TEXT))
        st.caption(t("Ohne Einwilligung speichern wir keine Kontaktdaten."))
        if st.form_submit_button(t("Ansprechperson senden")):
            if not consent:
                st.warning(t("Ohne Einwilligung wurde nichts gesendet."))
                return
            try:
                item = sc.contact_item(
                    seen,
                    consent=True,
                    delete_after=delete_after,
                    role=role,
                    name=name,
                    email=email,
                    phone=phone,
                    person=person,
                )
            except DataError as exc:
                st.error(md(exc))
            else:
                _send(store, link_id, [item])


# -- the office's page ------------------------------------------------------------------------------


def _base_url() -> str:
    url = str(getattr(st.context, "url", "") or "")
    return url.split("?", 1)[0].rsplit("/", 1)[0] + "/" if url else ""


def links_page() -> None:
    """The office's page: create self-check links, list them with their status, revoke, export."""
    st.title(t("Selbstauskunft"))
    st.caption(
        t(
            "Persönliche Links, mit denen eine Einrichtung ohne Konto ihren eigenen Eintrag prüft, "
            "Kooperationen bestätigt und neue Partner nennt. Jede Angabe kommt in die Prüfliste "
            "„Befragung prüfen“. Ein Link gilt nur für seine Einrichtung und läuft ab."
        )
    )
    if not state.may(Role.EDITOR):
        st.info(t("Links erstellen und verwalten kann nur, wer die Rolle „Bearbeiten“ hat."))
        return
    store = state.store()
    ds = state.dataset()
    _create(store, ds)
    _shown_once(store)
    _manage(store)


def _create(store: Any, ds: Any) -> None:
    st.subheader(t("Links erstellen"))
    how = st.radio(
        t("Für wen?"),
        ["Einzelne Akteure", "Alle eines Sektors", "Alle eines Gebiets"],
        horizontal=True,
        key="selfcheck_how",
    )
    actors: list[str] = []
    if how == "Einzelne Akteure":
        names = editing.choices(ds, "Actor")
        actors = st.multiselect(
            t("Akteure"), list(names), format_func=lambda k: names[k], key="selfcheck_actors", placeholder=CHOOSE_MANY
        )
    elif how == "Alle eines Sektors":
        sector = st.selectbox(
            t("Sektor"),
            list(model.VOCABULARIES["sector"]),
            format_func=lambda k: model.vocab_label("sector", k),
            key="selfcheck_sector",
        )
        actors = sc.actors_of(ds, sector=sector)
    else:
        areas = editing.choices(ds, "Area")
        area = st.selectbox(
            t("Gebiet"), list(areas), format_func=lambda k: areas[k], key="selfcheck_area", placeholder=CHOOSE
        )
        actors = sc.actors_of(ds, area=area) if area else []
    st.caption(md(f"{len(actors)} Akteure ausgewählt."))
    days = st.number_input(t("Gültig (Tage)"), min_value=1, max_value=sc.MAX_DAYS, value=sc.DEFAULT_DAYS, step=1)
    rounds = {r.id: r.name for r in store.rounds() if r.status == "offen"}
    round_id = st.selectbox(
        t("Befragungsrunde"),
        [None, *rounds],
        format_func=lambda k: t("keine Runde") if k is None else rounds[k],
        key="selfcheck_round",
        help=t("Antworten über diese Links zählen für die Rücklaufquote der Runde (Seite „Befragung“)."),
    )
    base = st.text_input(
        t("Adresse der App, wie die Einrichtungen sie erreichen"), value=_base_url(), key="selfcheck_base"
    )
    st.caption(t("Ein neuer Link ersetzt den bisherigen Link derselben Einrichtung (der alte gilt dann nicht mehr)."))
    if st.button(t("Links erstellen"), type="primary", disabled=not actors, key="selfcheck_create"):
        try:
            created = sc.create_links(store, actors, days=int(days), base_url=base, round_id=round_id)
        except BildungsnetzError as exc:
            state.show_error(exc)
        else:
            st.session_state[_CREATED] = created
            st.session_state.pop(_EMAILS, None)


def _shown_once(store: Any) -> None:
    created: list[sc.CreatedLink] | None = st.session_state.get(_CREATED)
    if not created:
        return
    st.success(
        t(
            "Die Links sind erstellt. Sie werden nur jetzt angezeigt – bitte kopieren oder als Liste "
            "für den Serienbrief herunterladen. Gespeichert wird nur ein Prüfwert, nicht der Link."
        )
    )
    with_mail = st.checkbox(
        t("E-Mail-Adressen der Ansprechpersonen in die Liste aufnehmen (personenbezogene Daten; wird protokolliert)"),
        key="selfcheck_with_mail",
    )
    emails = None
    if with_mail:  # read (and logged) once per list, not on every rerun
        if _EMAILS not in st.session_state:
            st.session_state[_EMAILS] = sc.contact_emails(store, [c.actor for c in created])
        emails = st.session_state[_EMAILS]
    frame = sc.mailmerge_table(created, emails=emails)
    state.table(frame)
    state.downloads(frame, "selbstauskunft-links", "selfcheck_links_export")
    if st.button(t("Liste schließen (Links danach nicht mehr sichtbar)"), key="selfcheck_close"):
        st.session_state.pop(_CREATED, None)
        st.session_state.pop(_EMAILS, None)
        st.rerun()


def _manage(store: Any) -> None:
    st.subheader(t("Alle Links"))
    try:
        links = store.selfcheck_links()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    if not links:
        st.write(t("Noch keine Links erstellt."))
        return
    now = sc.utcnow()
    frame = sc.links_table(links, now=now)
    counts = frame["Status"].value_counts()
    st.caption(md(", ".join(f"{label}: {int(counts.get(label, 0))}" for label in sc.STATUSES.values())))
    state.table(frame.drop(columns=["id"]))
    state.downloads(frame.drop(columns=["id"]), "selbstauskunft-status", "selfcheck_status_export")
    active = {
        link.id: f"{link.actor_name or link.actor} (erstellt {link.created_at:%d.%m.%Y}, Kennung {prefix(link.id)})"
        for link in links
        if link.status(now) in ("offen", "genutzt")
    }
    if not active:
        return
    chosen = st.multiselect(
        t("Links widerrufen"),
        list(active),
        format_func=lambda k: active[k],
        key="selfcheck_revoke",
        placeholder=CHOOSE_MANY,
    )
    if st.button(t("Widerrufen"), disabled=not chosen, key="selfcheck_revoke_button"):
        try:
            for link_id in chosen:
                sc.revoke_link(store, link_id)
        except BildungsnetzError as exc:
            state.show_error(exc)
        else:
            st.success(md(f"{len(chosen)} Links widerrufen."))
