"""Cooperations and memberships in forms: add by name, edit, end (history kept), delete after confirming.

Shared by the profiles of the Akteure and Gremien pages and by the
Kooperationen page. Every save goes through :mod:`graph.editing`: validated
like an import row, version-checked and audit-logged in the store.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

from graph import editing, model
from graph.dataset import Dataset, Rel
from graph.db.relations import StoredRel, period_text
from graph.errors import BildungsnetzError, ConflictError
from graph.ui import forms, state
from graph.ui.texts import md, t


@dataclass(frozen=True)
class Words:
    """What the forms of one relationship type say."""

    noun: str
    end_button: str
    end_date: str
    end_note: str
    delete_ask: str
    delete_warning: str
    ended: str
    deleted: str


WORDS: Mapping[str, Words] = {
    "COOPERATES_WITH": Words(
        noun="Kooperation",
        end_button="Kooperation beenden",
        end_date="Letzter gemeinsamer Tag",
        end_note=(
            "Beenden trägt das Enddatum ein: die Kooperation bleibt als Verlauf erhalten und erscheint an früheren "
            "Stichtagen und im Zeitvergleich."
        ),
        delete_ask="Kooperation löschen …",
        delete_warning=(
            "Löschen entfernt die Kooperation ganz, auch an früheren Stichtagen und im Zeitvergleich. Ist sie nur "
            "vorbei, bitte stattdessen beenden. Wirklich löschen?"
        ),
        ended="Kooperation beendet.",
        deleted="Kooperation gelöscht.",
    ),
    "MEMBER_OF": Words(
        noun="Mitgliedschaft",
        end_button="Austritt eintragen",
        end_date="Letzter Tag der Mitgliedschaft",
        end_note=(
            "Der Austritt trägt das Enddatum ein: die Mitgliedschaft bleibt als Verlauf erhalten und erscheint an "
            "früheren Stichtagen."
        ),
        delete_ask="Mitgliedschaft löschen …",
        delete_warning=(
            "Löschen entfernt die Mitgliedschaft ganz, auch an früheren Stichtagen. Ist das Mitglied nur "
            "ausgetreten, bitte stattdessen den Austritt eintragen. Wirklich löschen?"
        ),
        ended="Austritt eingetragen.",
        deleted="Mitgliedschaft gelöscht.",
    ),
}


def pick(
    label: str, options: Mapping[Any, str], key: str, *, empty: str, help: str | None = None, new: str | None = None
) -> Any:
    """A searchable select box over ``options`` (value -> shown text) with ``empty`` first (None).

    A choice set with :func:`choose` before this run is applied first; a
    chosen value that is no longer offered falls back to None. With ``new``,
    a button of that name beside the box goes back to ``empty`` (to create
    the next record right after saving one).
    """
    pending = st.session_state.pop(f"{key}_pending", "unset")
    if pending != "unset":
        st.session_state[key] = pending
    if st.session_state.get(key) is not None and st.session_state[key] not in options:
        st.session_state[key] = None
    box, button = st.columns([5, 1], vertical_alignment="bottom") if new else (st.container(), None)
    chosen = box.selectbox(
        label,
        [None, *options],
        key=key,
        format_func=lambda v: empty if v is None else options[v],
        help=help,
        placeholder=t("Namen eintippen oder auswählen"),
    )
    if button is not None and chosen is not None and button.button(new or "", key=f"{key}_new", width="stretch"):
        choose(key, None)
        st.rerun()
    return chosen


def choose(key: str, value: Any) -> None:
    """Select ``value`` in the select box ``key`` on the next run."""
    st.session_state[f"{key}_pending"] = value


# -- the fields ---------------------------------------------------------------------------------------


def details(
    rel_type: str,
    values: Mapping[str, Any],
    key: str,
    ds: Dataset,
    errors: forms.FieldErrors,
    *,
    pair: tuple[str | None, str | None] = (None, None),
    pair_words: tuple[str, str] = ("Akteur A", "Akteur B"),
) -> dict[str, Any]:
    """The fields of a cooperation or membership besides its two sides; returns field -> typed value."""
    sheet = model.SHEET_BY_REL[rel_type]
    out: dict[str, Any] = {}

    def put(field: str, container: Any) -> None:
        column = sheet.column(field)
        out[field] = forms.field(column, values.get(field), key=f"{key}_{field}", ds=ds, container=container)
        errors.place(column.header, container)

    if rel_type == "MEMBER_OF":
        left, middle, right = st.columns(3)
        put("role", left)
        put("since", middle)
        put("until", right)
        return out
    left, right = st.columns(2)
    put("types", left)
    put("intensity", right)
    left, middle, right = st.columns(3)
    put("formality", left)
    put("since", middle)
    put("until", right)
    with st.expander(t("Weitere Angaben")):
        column = sheet.column("reported_by")
        sides = {side: word for side, word in zip(pair, pair_words, strict=True) if side}
        current = values.get("reported_by")
        if current not in sides and current is not None:
            sides[current] = editing.choices(ds, "Actor").get(current, current)
        options = [None, *sides]
        out["reported_by"] = st.selectbox(
            forms.label_of(column),
            options,
            index=options.index(current) if current in options else 0,
            format_func=lambda v: forms.NONE if v is None else sides[v],
            key=f"{key}_reported_by",
            help=forms.HELP["reported_by"],
        )
        errors.place(column.header, st)
        for field in ("confirmed", "funding", "source"):
            put(field, st)
    return out


# -- create --------------------------------------------------------------------------------------------


def create_form(
    rel_type: str,
    key: str,
    ds: Dataset,
    *,
    fixed: Mapping[str, str],
    button: str,
    exclude: frozenset[str] = frozenset(),
    on_created: Callable[[Rel], None] | None = None,
) -> None:
    """A form creating one cooperation or membership; the sides in ``fixed`` (field -> id) are given, the others picked.

    A picker leaves out the ids in ``exclude`` (the actor itself, committees
    it sits in already). After the save the form is empty again and
    ``on_created`` receives the stored relationship.
    """
    sheet = model.SHEET_BY_REL[rel_type]
    nonce = st.session_state.get(f"{key}_nonce", 0)
    k = f"{key}_{nonce}"
    sides = [str(sheet.start), str(sheet.end)]
    open_sides = [s for s in sides if s not in fixed]
    # a message about a fixed side (a membership that exists, a cooperation with itself) goes to the picker
    aliases = {sheet.column(s).header: sheet.column(open_sides[0]).header for s in fixed} if open_sides else {}
    errors = forms.FieldErrors(aliases)
    picked: dict[str, Any] = dict(fixed)
    with st.form(key=f"{k}_form"):
        boxes = st.columns(len(open_sides)) if len(open_sides) > 1 else [st.container()]
        for side, box in zip(open_sides, boxes, strict=True):
            column = sheet.column(side)
            # from an actor's profile, the other side of a cooperation is its partner
            label = "Partner *" if rel_type == "COOPERATES_WITH" and fixed else None
            picked[side] = forms.field(
                column, None, key=f"{k}_{side}", ds=ds, container=box, exclude=exclude, required=True, label=label
            )
            errors.place(column.header, box)
        # the side that reported it, chosen before the actors are known: "a" or "b", replaced after the submit
        words = ("Akteur A", "Akteur B") if not fixed else ("dieser Akteur", "der Partner")
        pair = ("a", "b") if rel_type == "COOPERATES_WITH" else (None, None)
        values = details(rel_type, {}, k, ds, errors, pair=pair, pair_words=words)
        submit = st.form_submit_button(t(button), type="primary")
    if not submit:
        return
    fields = {**values, **picked}
    if fields.get("reported_by") in ("a", "b"):
        fields["reported_by"] = picked.get(sides[0] if fields["reported_by"] == "a" else sides[1])
    try:
        rel = editing.create_relation(state.store(), rel_type, fields)
    except BildungsnetzError as exc:
        errors.show(exc)
        return
    st.session_state[f"{key}_nonce"] = nonce + 1
    if on_created:
        on_created(rel)
    st.rerun()


# -- edit, end, delete ------------------------------------------------------------------------------------


def edit_section(
    rel_type: str,
    key: str,
    ds: Dataset,
    *,
    editor: bool,
    lookup: Mapping[str, str],
    chosen_key: str,
    flash_key: str,
    title: str,
) -> None:
    """Show one stored cooperation or membership; for editors a form to change it, an end date, a delete.

    ``lookup`` finds it (``rel_id``, or ``start`` and ``end``); the version
    read when it is first shown is the one every save must still find. After
    a delete the select box ``chosen_key`` is emptied and the message shown
    at ``flash_key``.
    """
    words = WORDS[rel_type]
    cache = f"{key}_stored"
    store = state.store()
    try:
        if cache not in st.session_state:
            st.session_state[cache] = store.stored_relation(rel_type, **lookup)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    stored: StoredRel | None = st.session_state[cache]
    if stored is None:
        st.warning(t(f"Diese {words.noun} gibt es nicht mehr (von jemand anderem gelöscht)."))
        if st.button(t("Neu laden"), key=f"{key}_gone"):
            forms.forget(f"{key}_")
            st.rerun()
        return
    props = stored.rel.props
    st.markdown(f"**{md(title)}**")
    forms.flash(key)
    st.caption(md(f"{period_text(props.get('since'), props.get('until'))} · {editing.state_on(props, state.as_of())}"))
    with st.expander(t("ID")):
        st.code(stored.id, language=None)
    if not editor:
        return
    if st.session_state.get(f"{key}_stale"):
        _stale(key)
    errors = forms.FieldErrors(
        {"Akteur A": "Seit", "Akteur B": "Seit", "ID": "Seit", "Gremium": "Seit", "Akteur": "Seit"}
    )
    names = editing.choices(ds, "Actor")
    pair = (stored.rel.start, stored.rel.end)
    with st.form(key=f"{key}_form_{stored.version}"):
        values = details(
            rel_type,
            props,
            f"{key}_{stored.version}",
            ds,
            errors,
            pair=pair if rel_type == "COOPERATES_WITH" else (None, None),
            pair_words=(names.get(pair[0], pair[0]), names.get(pair[1], pair[1])),
        )
        save = st.form_submit_button(t("Änderungen speichern"), type="primary")
    if save:
        _save(key, errors, lambda: editing.update_relation(store, stored, values), t("Gespeichert."))

    st.markdown(f"**{t(words.end_button)}**")
    st.caption(t(words.end_note))
    left, right = st.columns([2, 1], vertical_alignment="bottom")
    until = left.date_input(
        t(words.end_date),
        value=props.get("until") or dt.date.today(),
        min_value=forms.FIRST_DAY,
        max_value=forms.LAST_DAY,
        format="DD.MM.YYYY",
        key=f"{key}_end_{stored.version}",
    )
    end_errors = forms.FieldErrors({"Seit": "Bis"})
    end_errors.place("Bis", left)
    if right.button(t(words.end_button), key=f"{key}_end_button", width="stretch"):
        _save(key, end_errors, lambda: editing.end_relation(store, stored, until), t(words.ended))

    if forms.confirm(f"{key}_delete", t(words.delete_ask), t(words.delete_warning), t("Endgültig löschen")):
        try:
            editing.delete_relation(store, stored)
        except BildungsnetzError as exc:
            state.show_error(exc)
            if isinstance(exc, ConflictError):
                st.session_state[f"{key}_stale"] = True
                _stale(key)
        else:
            forms.forget(f"{key}_")
            forms.flash(flash_key, t(words.deleted))
            choose(chosen_key, None)
            st.rerun()


def _save(key: str, errors: forms.FieldErrors, action: Callable[[], int], done: str) -> None:
    try:
        action()
    except BildungsnetzError as exc:
        errors.show(exc)
        if isinstance(exc, ConflictError):
            st.session_state[f"{key}_stale"] = True
            _stale(key)
    else:
        forms.forget(f"{key}_")
        forms.flash(key, done)
        st.rerun()


def _stale(key: str) -> None:
    st.warning(
        t("Dieser Eintrag wurde inzwischen geändert. Laden Sie den aktuellen Stand, bevor Sie weiter bearbeiten.")
    )
    if st.button(t("Neu laden"), key=f"{key}_reload"):
        forms.forget(f"{key}_")
        st.rerun()


# -- the sections of the profiles ----------------------------------------------------------------------


def _table(frame: Any, hidden: list[str], empty: str) -> None:
    if frame.empty:
        st.info(t(empty))
    else:
        state.table(frame.drop(columns=hidden))


def partners_section(ds: Dataset, actor: str, *, editor: bool) -> None:
    """An actor's cooperations: the partners by name; edit, end or delete one; add a partner."""
    key = f"partners_{actor}"
    table = editing.partners(ds, actor, state.as_of())
    forms.flash(key)
    _table(table, ["id", "partner"], "Noch keine Kooperationen eingetragen.")
    if not editor:
        return
    chosen_key = f"{key}_chosen"
    if len(table):  # the editor opens right under the list it was picked from
        options = {row["id"]: f"{row['Partner']} ({period_words(row)})" for row in table.to_dict("records")}
        chosen = pick(t("Kooperation bearbeiten, beenden oder löschen"), options, chosen_key, empty="–")
        if chosen is not None:
            partner = table.loc[table["id"] == chosen, "Partner"].iloc[0]
            with st.container(border=True):
                edit_section(
                    "COOPERATES_WITH",
                    f"{key}_edit_{chosen}",
                    ds,
                    editor=editor,
                    lookup={"rel_id": chosen},
                    chosen_key=chosen_key,
                    flash_key=key,
                    title=f"{t('Kooperation mit')} {partner}",
                )
        st.divider()
    st.markdown(f"**{t('Partner hinzufügen')}**")
    st.caption(
        t(
            "Den Partner per Namen suchen. Eine frühere, beendete Kooperation desselben Paares bleibt erhalten; "
            "die neue braucht einen Zeitraum, der sich nicht mit ihr überschneidet."
        )
    )

    def created(rel: Rel) -> None:  # the new partner shows in the table; no second form opens
        forms.flash(key, t("Partner hinzugefügt."))

    create_form(
        "COOPERATES_WITH",
        f"{key}_new",
        ds,
        fixed={"actor_a": actor},
        button="Partner hinzufügen",
        exclude=frozenset({actor}),
        on_created=created,
    )


def period_words(row: Mapping[str, Any]) -> str:
    """The period of a table row (its Seit and Bis) in words."""
    since, until = row.get("Seit") or "", row.get("Bis") or ""
    if since and until:
        return f"{since} bis {until}"
    if since:
        return f"seit {since}"
    if until:
        return f"bis {until}"
    return "ohne Zeitangabe"


def memberships_section(ds: Dataset, *, actor: str | None = None, committee: str | None = None, editor: bool) -> None:
    """The committees of an actor (``actor``) or the members of a committee (``committee``): edit, end, delete, join."""
    owner = actor if actor is not None else committee
    key = f"members_{owner}"
    table = editing.memberships(ds, state.as_of(), actor=actor, committee=committee)
    side = "Gremium" if actor is not None else "Akteur"
    forms.flash(key)
    _table(
        table, ["actor", "committee"], "Noch keine Mitgliedschaften eingetragen." if actor else "Noch keine Mitglieder."
    )
    if not editor:
        return
    chosen_key = f"{key}_chosen"
    pairs = list(zip(table["actor"], table["committee"], strict=True))
    if pairs:
        records = table.to_dict("records")
        options = {pair: f"{row[side]} ({period_words(row)})" for pair, row in zip(pairs, records, strict=True)}
        chosen = pick(t("Mitgliedschaft bearbeiten, beenden oder löschen"), options, chosen_key, empty="–")
        if chosen is not None:
            start, end = chosen
            with st.container(border=True):
                edit_section(
                    "MEMBER_OF",
                    f"{key}_edit_{start}_{end}",
                    ds,
                    editor=editor,
                    lookup={"start": start, "end": end},
                    chosen_key=chosen_key,
                    flash_key=key,
                    title=f"{t('Mitgliedschaft')}: {options[chosen]}",
                )
        st.divider()
    st.markdown(f"**{t('Gremium beitreten') if actor else t('Mitglied aufnehmen')}**")
    st.caption(
        t(
            "Gremien, in denen der Akteur schon Mitglied ist oder war, werden oben bearbeitet (etwa für einen "
            "Wiedereintritt: Seit neu setzen, Bis leeren)."
            if actor
            else "Akteure, die schon Mitglied sind oder waren, werden oben bearbeitet."
        )
    )

    def created(rel: Rel) -> None:
        forms.flash(key, t("Beigetreten.") if actor else t("Mitglied aufgenommen."))

    create_form(
        "MEMBER_OF",
        f"{key}_new",
        ds,
        fixed={"actor": actor} if actor is not None else {"committee": str(committee)},
        button="Beitreten" if actor else "Aufnehmen",
        exclude=frozenset(c for _, c in pairs) if actor else frozenset(a for a, _ in pairs),
        on_created=created,
    )
