"""Netzwerkbefragung: upload answers, rounds with response rates and reminders, one-sided ties; the Prüfliste.

Two pages. „Befragung“: a survey round (name, date), the upload of answers (a
survey file or a LimeSurvey export) with the Prüfbericht before anything is kept,
„In die Prüfliste übernehmen“ (nothing enters the graph), the response rate per
sector and area with the reminder list, and the one-sided cooperations with the
„Rückfrage“ list per actor. „Befragung prüfen“: the review queue, grouped by the
answering organisation or by the partner name as typed; each decision goes
through the store (``decide_review_item``: version-checked and audit-logged).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from graph import editing, model, service
from graph.auth import Role
from graph.dataset import Dataset
from graph.errors import BildungsnetzError, ConflictError
from graph.german import count, number
from graph.survey import present
from graph.survey.model import CONFIDENCES, SOURCES, ReviewItem, SurveyRound
from graph.ui import forms, relations, state
from graph.ui.texts import CHOOSE, CHOOSE_MANY, md, t

#: The empty answer table (the documented format of :mod:`graph.survey.formats`).
ANSWER_TEMPLATE = Path(__file__).resolve().parents[2] / "data" / "templates" / "befragung-antworten.csv"
KEY = "survey"
REVIEW = "review"
#: Shown to everyone who may only read.
READ_ONLY = "Ihre Rolle erlaubt nur das Lesen: Entscheidungen in der Prüfliste sind der Rolle „Bearbeiten“ vorbehalten."
CONFLICT = (
    "Dieser Eintrag wurde inzwischen von jemand anderem entschieden oder geändert. Die Prüfliste zeigt jetzt den "
    "aktuellen Stand; bitte erneut prüfen."
)


# -- Befragung: rounds, upload, response rates, one-sided ties ---------------------------------------


def page() -> None:
    """Render the survey page: rounds and upload, response rates and reminders, one-sided ties."""
    st.title(t("Befragung"))
    st.caption(
        t(
            "Eine Netzwerkbefragung durchführen: Runde anlegen, Antworten hochladen (erst prüfen, dann in die "
            "Prüfliste), Rücklauf und Erinnerungen verfolgen, einseitige Angaben nachfragen. Nichts gelangt ins "
            "Netzwerk, bevor es in „Befragung prüfen“ entschieden ist."
        )
    )
    try:
        ds = state.full_dataset()
        rounds = state.shared_store().rounds()
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    answers, rates, reciprocity = st.tabs([t("Runde und Antworten"), t("Rücklauf"), t("Gegenseitigkeit")])
    with answers:
        chosen = _rounds(rounds)
        if state.may(Role.EDITOR):
            _upload(ds, chosen, rounds)
        else:
            st.info(t("Ihre Rolle erlaubt nur das Lesen: Hochladen ist der Rolle „Bearbeiten“ vorbehalten."))
    with rates:
        _response(ds, rounds)
    with reciprocity:
        _reciprocity(ds)


def _round_words(rnd: SurveyRound) -> str:
    return f"{rnd.name} ({rnd.date:%d.%m.%Y})"


def _rounds(rounds: Sequence[SurveyRound]) -> SurveyRound | None:
    """The round the upload belongs to, and a small form to create one."""
    st.subheader(t("Befragungsrunde"))
    by_id = {r.id: r for r in sorted(rounds, key=lambda r: r.date, reverse=True)}
    chosen = st.selectbox(
        t("Runde der Antworten"),
        [None, *by_id],
        format_func=lambda r: t("ohne Runde") if r is None else _round_words(by_id[r]),
        key=f"{KEY}_round",
        placeholder=CHOOSE,
    )
    if state.may(Role.EDITOR):
        with st.expander(t("Neue Runde anlegen")):
            with st.form(f"{KEY}_new_round", clear_on_submit=True):
                name = st.text_input(
                    t("Name der Runde"), placeholder=t("z. B. Netzwerkbefragung 2026"), key=f"{KEY}_round_name"
                )
                day = st.date_input(
                    t("Stichtag der Runde"), value=dt.date.today(), format="DD.MM.YYYY", key=f"{KEY}_round_date"
                )
                made = st.form_submit_button(t("Runde anlegen"), type="primary")
            if made:
                _add_round(name, day, rounds)
    forms.flash(f"{KEY}_round")
    return by_id.get(chosen) if chosen is not None else None


def _add_round(name: str, day: dt.date, rounds: Sequence[SurveyRound]) -> None:
    from graph.survey.intake import round_id

    name = name.strip()
    if not name:
        st.error(t("Bitte einen Namen für die Runde angeben."))
        return
    rid = round_id(name)  # the id an upload naming this round finds
    if rid in {r.id for r in rounds}:
        st.error(md(f"Eine Runde „{name}“ gibt es schon; bitte einen anderen Namen wählen."))
        return
    try:
        made = state.store().add_round(SurveyRound(rid, name, day))
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    relations.choose(f"{KEY}_round", made)
    forms.flash(f"{KEY}_round", f"Runde „{name}“ ({day:%d.%m.%Y}) angelegt.")
    st.rerun()


def _upload(ds: Dataset, rnd: SurveyRound | None, rounds: Sequence[SurveyRound]) -> None:
    """Upload → Prüfbericht → „In die Prüfliste übernehmen“ (the items wait for review; the graph is unchanged)."""
    from graph.io.problems import errors
    from graph.survey.intake import commit_survey
    from graph.ui import data

    st.subheader(t("Antworten hochladen"))
    forms.flash(f"{KEY}_upload")
    upload = st.file_uploader(
        t("Antworten als Excel (.xlsx) oder CSV – die Antworttabelle oder ein LimeSurvey-Export (CSV)"),
        type=["xlsx", "csv"],
        key=f"{KEY}_file",
    )
    template = ANSWER_TEMPLATE.read_bytes() if ANSWER_TEMPLATE.exists() else b""
    if template:
        st.download_button(
            t("Leere Antworttabelle (CSV)"),
            template,
            file_name="befragung-antworten.csv",
            mime="text/csv",
            key=f"{KEY}_template",
            on_click="ignore",
        )
    st.caption(
        t(
            "Antworttabelle (leer als „Leere Antworttabelle (CSV)“): eine Zeile je genanntem Partner mit "
            "Befragte Organisation*, Partner* (frei eingetippt), Intensität, Arten, Seit und den Hinweisen Gebiet "
            "und Typ. Der LimeSurvey-Export (Fragecode als Überschrift) wird an den Codes ORG, PARTNER1, INT1 … "
            "erkannt."
        )
    )
    if upload is None:
        return
    try:
        prepared = _prepare(upload.name, upload.getvalue(), ds, rnd, rounds)
    except BildungsnetzError as exc:
        problems = list(getattr(exc, "problems", None) or [])
        if not problems:
            state.show_error(exc)
            return
        data.report(problems, key=f"{KEY}_report")
        blocking = errors(problems)
        st.error(f"{len(blocking)} Fehler: nichts wird übernommen. Bitte die Datei korrigieren und erneut hochladen.")
        return
    data.report(list(prepared.notes), key=f"{KEY}_report")
    if not prepared.items:
        st.info(t("Die Datei enthält keine Antworten; es gibt nichts zu übernehmen."))
        return
    st.success(prepared.summary() + ".")
    if prepared.rounds:
        st.caption(md("Neue Runde: " + ", ".join(_round_words(r) for r in prepared.rounds)))
    if st.button(t("In die Prüfliste übernehmen"), type="primary", key=f"{KEY}_queue"):
        try:
            ids = commit_survey(state.store(), prepared)
        except BildungsnetzError as exc:
            state.show_error(exc)
            return
        forms.flash(
            f"{KEY}_upload",
            f"{len(ids)} Nennungen stehen in der Prüfliste („Befragung prüfen“); ins Netzwerk ist noch nichts "
            "übernommen.",
        )
        st.session_state.pop(f"{KEY}_file", None)
        st.rerun()


def _prepare(name: str, content: bytes, ds: Dataset, rnd: SurveyRound | None, rounds: Sequence[SurveyRound]) -> Any:
    """Read and match the uploaded answers (:func:`graph.survey.intake.prepare_survey`); nothing is written."""
    from graph.survey.intake import prepare_survey

    with tempfile.TemporaryDirectory(prefix="bildungsnetz-befragung-") as tmp:
        path = Path(tmp) / Path(name).name
        path.write_bytes(content)
        return prepare_survey(
            path,
            ds,
            aliases=state.shared_store().aliases(),
            round_name=rnd.name if rnd else None,
            round_date=rnd.date if rnd else None,
            known_rounds={r.id: r for r in rounds},
        )


def _response(ds: Dataset, rounds: Sequence[SurveyRound]) -> None:
    """Response rate of a round per sector and per area, with a bar chart, and the reminder list to export."""
    from graph.survey.rounds import reminders, response_rates

    st.subheader(t("Rücklauf einer Runde"))
    if not rounds:
        st.info(t("Noch keine Befragungsrunde angelegt."))
        return
    by_id = {r.id: r for r in sorted(rounds, key=lambda r: r.date, reverse=True)}
    chosen = st.selectbox(
        t("Runde"), list(by_id), format_func=lambda r: _round_words(by_id[r]), key=f"{KEY}_rate_round"
    )
    rnd = by_id[chosen]
    try:
        items = state.shared_store().review_items(status=None, round_id=rnd.id)
        rates = response_rates(ds, rnd, items)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    done = len({i.respondent for i in items})
    st.caption(f"Stichtag der Runde {rnd.date:%d.%m.%Y} · {count(done, 'Akteur hat', 'Akteure haben')} geantwortet")
    for kind, title in (("sector", "Sektor"), ("area", "Gebiet")):
        part = present.rates_table(rates, kind)
        if part.empty:
            continue
        st.markdown(f"**{t('Rücklauf nach')} {title}**")
        left, right = st.columns([3, 2])
        with left:
            state.table(part.drop(columns=["Rücklauf in %"]))
        with right:
            st.altair_chart(_rate_chart(part, title), width="stretch")
    st.markdown(f"**{t('Erinnerungsliste')}**")
    with_persons = state.may(Role.EDITOR) and st.checkbox(  # personal data: for the office's editors only
        t("mit Ansprechpersonen"),
        key=f"{KEY}_remind_persons",
        help=t("Personenbezogene Daten: nur für den Versand der Erinnerung, nicht zum Weitergeben."),
    )
    try:
        source = state.shared_store().read_dataset(include_persons=True) if with_persons else ds
        remind = present.reminders_table(reminders(source, rnd, items, include_persons=with_persons))
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    st.caption(f"{len(remind)} {t('Einträge: Akteure, die noch nicht geantwortet haben')}")
    state.table(remind)
    state.downloads(remind, "erinnerungen", f"{KEY}_remind")


def _rate_chart(part: pd.DataFrame, title: str) -> alt.Chart:
    return (
        alt.Chart(part)
        .mark_bar(color="#0072B2")
        .encode(
            x=alt.X("Rücklauf in %:Q", title=t("Rücklauf in %"), scale=alt.Scale(domain=[0, 100])),
            y=alt.Y(f"{title}:N", sort="-x", title=title, axis=alt.Axis(labelOverlap=False, labelLimit=220)),
            tooltip=[title, "Geantwortet", "Akteure", "Rücklauf"],
        )
        .properties(height=alt.Step(24))
    )


def _reciprocity(ds: Dataset) -> None:
    """One-sided cooperations and the „Rückfrage“ list per actor, downloadable (contacts only when ticked)."""
    from graph.survey.reciprocity import one_sided, rueckfrage

    as_of = state.as_of()
    st.subheader(t("Einseitige Kooperationen"))
    st.caption(
        f"Stand {as_of:%d.%m.%Y}: "
        + t(
            "Kooperationen, die eine Seite in einer Befragung genannt hat und die andere (noch) nicht bestätigt hat. "
            "Die Rückfrageliste sagt je Akteur, welche Nennungen er bestätigen oder verneinen soll."
        )
    )
    try:
        ties = one_sided(ds, as_of)
        asks = rueckfrage(ds, as_of)
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    reported = sum(1 for r in ds.rels if r.type == "COOPERATES_WITH" and r.props.get("reported_by"))
    st.caption(f"{len(ties)} {t('einseitige von')} {reported} {t('in Befragungen gemeldeten Kooperationen')}")
    shown = present.one_sided_table(ties)
    state.table(shown)
    state.downloads(shown, "einseitige-kooperationen", f"{KEY}_one_sided")
    st.markdown(f"**{t('Rückfrageliste je Akteur')}**")
    with_persons = state.may(Role.EDITOR) and st.checkbox(  # personal data: for the office's editors only
        t("mit Ansprechpersonen"),
        key=f"{KEY}_ask_persons",
        help=t("Personenbezogene Daten: nur für die Rückfrage selbst, nicht zum Weitergeben."),
    )
    try:
        persons = state.shared_store().read_dataset(include_persons=True) if with_persons else None
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    listed = present.rueckfrage_table(asks, persons)
    st.caption(f"{asks['actor'].nunique() if len(asks) else 0} {t('Akteure werden nachgefragt')}")
    state.table(listed)
    state.downloads(listed, "rueckfragen", f"{KEY}_ask")


# -- Befragung prüfen: the review queue ------------------------------------------------------------


def review_page() -> None:
    """Render the review queue („Prüfliste“)."""
    st.title(t("Befragung prüfen"))
    st.caption(
        t(
            "Jede Nennung aus Befragung und Selbstauskunft wartet hier auf eine Entscheidung: den vorgeschlagenen "
            "Akteur übernehmen, einen anderen wählen, als neue Organisation anlegen oder ablehnen. Erst dann steht "
            "die Kooperation im Netzwerk; die Zuordnung wird für die nächste Runde gemerkt."
        )
    )
    editor = state.may(Role.EDITOR)
    if not editor:
        st.info(t(READ_ONLY))
    forms.flash(REVIEW)
    if problem := st.session_state.pop(f"{REVIEW}_problem", None):
        st.error(md(problem))
    try:
        ds = state.full_dataset()
        rounds = {r.id: r for r in state.shared_store().rounds()}
        everything = state.shared_store().review_items(status="offen")
    except BildungsnetzError as exc:
        state.show_error(exc)
        return
    if not everything:
        st.success(t("Die Prüfliste ist leer: keine offenen Einträge."))
        return
    c1, c2, c3, c4 = st.columns([3, 2, 2, 2])
    grouping = c1.radio(
        t("Gruppieren"),
        list(present.GROUPINGS),
        format_func=lambda g: present.GROUPINGS[g],
        key=f"{REVIEW}_grouping",
        horizontal=True,
    )
    sure = c2.multiselect(
        t("Sicherheit"),
        list(CONFIDENCES),
        format_func=lambda c: CONFIDENCES[c],
        key=f"{REVIEW}_confidence",
        placeholder=CHOOSE_MANY,
    )
    sources = c3.multiselect(
        t("Quelle"),
        [k for k in SOURCES if any(i.source == k for i in everything)],
        format_func=lambda k: SOURCES[k],
        key=f"{REVIEW}_source",
        placeholder=CHOOSE_MANY,
    )
    round_ids = sorted({i.round_id for i in everything if i.round_id}, key=lambda r: str(r))
    only_round = c4.selectbox(
        t("Runde"),
        [None, *round_ids],
        format_func=lambda r: t("alle Runden") if r is None else (_round_words(rounds[r]) if r in rounds else r),
        key=f"{REVIEW}_round",
        placeholder=CHOOSE,
    )
    items = [
        i
        for i in everything
        if (not sure or i.confidence in sure)
        and (not sources or i.source in sources)
        and (only_round is None or i.round_id == only_round)
    ]
    st.caption(
        f"{number(len(items))} / {number(len(everything))} {t('offene Einträge')} · {present.counts_sentence(items)}"
    )
    if editor:
        _accept_sure(items)
    state.table(present.queue_frame(items, ds))
    if not items:
        return
    options = present.groups(items, ds, grouping)
    label = t("Antwortende Organisation") if grouping == "respondent" else t("Genannter Partner")
    group = st.selectbox(  # searchable by typing; the first group is shown until another is chosen
        label,
        list(options),
        format_func=lambda g: options[g],
        key=f"{REVIEW}_group_{grouping}",
        help=t("Namen eintippen, um eine Organisation zu finden."),
    )
    if group is None:
        group = next(iter(options))
    members = [i for i in items if present.group_key(i, grouping) == group]
    st.caption(f"{len(members)} {t('offene Einträge in dieser Gruppe')} · {len(options)} {t('Gruppen')}")
    for item in members:
        _item(item, ds, editor)


def _accept_sure(items: Sequence[ReviewItem]) -> None:
    """„Alle sicheren übernehmen“: every sure item of the filtered queue with its proposed actor, in one step."""
    # the matcher's sure partners and confirmed cooperations; corrections, ends and contact persons are read one by one
    sure = [
        i
        for i in items
        if i.confidence == "sicher" and i.kind in ("kooperation", "bestaetigung") and i.proposed is not None
    ]
    if not sure:
        return
    if st.button(
        f"Alle sicheren übernehmen ({len(sure)})",
        key=f"{REVIEW}_all_sure",
        type="primary",
        help=t(
            "Übernimmt die sicher zugeordneten Nennungen und Bestätigungen der gezeigten Liste mit ihrem Vorschlag. "
            "Korrekturen, beendete Kooperationen und Ansprechpersonen werden einzeln entschieden."
        ),
    ):
        done, refused, failed = 0, 0, []
        bar = st.progress(0.0, text=t("Sichere Einträge werden übernommen …"))
        for n, item in enumerate(sure, start=1):
            try:
                _decide(item, accept=True, actor=item.proposed)
                done += 1
            except ConflictError:
                refused += 1
            except BildungsnetzError as exc:  # e.g. the partner was deleted meanwhile: the item stays open
                failed.append(f"„{item.named}“: {exc}")
            bar.progress(n / len(sure), text=f"{number(n)} von {number(len(sure))}")
        bar.empty()
        message = f"{number(done)} sichere Einträge übernommen."
        if refused:
            message += f" {number(refused)} hatte inzwischen jemand anderes entschieden."
        if failed:
            message += f" {number(len(failed))} bleiben offen ({failed[0]})."
        forms.flash(REVIEW, message)
        st.rerun()


def _decide(
    item: ReviewItem, *, accept: bool, actor: str | None = None, new_actor: Mapping[str, Any] | None = None
) -> None:
    state.store().decide_review_item(
        item.id, accept=accept, actor=actor, new_actor=new_actor, expected_version=item.version
    )


def _item(item: ReviewItem, ds: Dataset, editor: bool) -> None:
    """One item: who named whom (as typed), the proposal with its reasons, and the four decisions."""
    key = f"{REVIEW}_{item.id}"
    with st.container(border=True):
        st.markdown(f"**{md(present.what_it_says(item, ds))}**")
        facts = [SOURCES.get(item.source, item.source)]
        if details := present.details(item):
            facts.append(details)
        st.caption(md(" · ".join(facts)))
        if item.kind in present.MATCHED_KINDS:
            st.markdown(md(present.proposal_text(item, ds)))
            others = present.other_candidates(item, ds)
            if others:
                st.caption(md(t("Weitere Kandidaten") + ": " + "; ".join(others)))
        if not editor:
            return  # a viewer sees no contact person either
        if item.kind == present.CONTACT:
            with st.expander(t("Angaben der Ansprechperson ansehen (personenbezogen)")):
                for title, value in present.contact_rows(item):
                    st.markdown(f"**{md(title)}:** {md(value)}")
        # the decisions run as callbacks with the item as this run showed it: if someone decided it in
        # between, its version moved and the store refuses (the page says so instead of overwriting)
        cols = st.columns([2, 3, 4, 2])
        can_take = item.proposed is not None or item.kind not in present.MATCHED_KINDS
        cols[0].button(
            t("Übernehmen"),
            key=f"{key}_take",
            type="primary",
            disabled=not can_take,
            width="stretch",
            on_click=_act,
            args=(item,),
            kwargs={"accept": True, "actor": item.proposed if item.kind in present.MATCHED_KINDS else None},
        )
        cols[3].button(
            t("Ablehnen"), key=f"{key}_reject", width="stretch", on_click=_act, args=(item,), kwargs={"accept": False}
        )
        if item.kind not in present.MATCHED_KINDS:
            return
        with cols[1].popover(t("Anderen Akteur wählen"), width="stretch"):
            choices = editing.choices(ds, "Actor")
            other = relations.pick(
                t("Akteur"), {a: n for a, n in choices.items() if a != item.respondent}, f"{key}_other", empty=CHOOSE
            )
            st.button(
                t("Diesen Akteur übernehmen"),
                key=f"{key}_other_take",
                disabled=other is None,
                on_click=_act_other,
                args=(item, f"{key}_other"),
            )
        with cols[2].popover(t("Als neue Organisation anlegen"), width="stretch"):
            _new_actor_form(item, ds, key)


def _new_actor_form(item: ReviewItem, ds: Dataset, key: str) -> None:
    """Name, type, sector and area by their German words; the id is generated when the item is decided."""
    vocab = model.VOCABULARIES
    hints = item.fields
    areas = service.area_choices(ds)
    with st.form(f"{key}_new"):
        st.text_input(t("Name*"), value=item.named, key=f"{key}_new_name")
        types = list(vocab["actor_type"])
        st.selectbox(
            t("Typ*"),
            types,
            index=types.index(hints["actor_type"]) if hints.get("actor_type") in types else None,
            format_func=lambda k: vocab["actor_type"][k],
            key=f"{key}_new_type",
            placeholder=CHOOSE,
        )
        sectors = list(vocab["sector"])
        st.selectbox(
            t("Sektor*"),
            sectors,
            index=None,
            format_func=lambda k: vocab["sector"][k],
            key=f"{key}_new_sector",
            placeholder=CHOOSE,
        )
        area_ids = list(areas)
        st.selectbox(
            t("Gebiet"),
            area_ids,
            index=area_ids.index(hints["area"]) if hints.get("area") in area_ids else None,
            format_func=lambda a: areas[a],
            key=f"{key}_new_area",
            placeholder=CHOOSE,
        )
        st.form_submit_button(t("Anlegen und übernehmen"), type="primary", on_click=_act_new, args=(item, key))


def _act_other(item: ReviewItem, box: str) -> None:
    """Callback of „Diesen Akteur übernehmen“: the actor chosen in the select box ``box``."""
    _act(item, accept=True, actor=st.session_state.get(box))


def _act_new(item: ReviewItem, key: str) -> None:
    """Callback of „Anlegen und übernehmen“: the new actor from the form's fields."""
    name = str(st.session_state.get(f"{key}_new_name") or "").strip()
    kind = st.session_state.get(f"{key}_new_type")
    sector = st.session_state.get(f"{key}_new_sector")
    area = st.session_state.get(f"{key}_new_area")
    if not name or kind is None or sector is None:
        st.session_state[f"{REVIEW}_problem"] = t("Bitte für die neue Organisation Name, Typ und Sektor angeben.")
        return
    new = {"name": name, "actor_type": kind, "sector": sector}
    if area is not None:
        new["area"] = area
    _act(item, accept=True, new_actor=new)


def _act(
    item: ReviewItem,
    *,
    accept: bool,
    actor: str | None = None,
    new_actor: Mapping[str, Any] | None = None,
) -> None:
    """Decide one item (a button's callback); a conflict (someone decided first) is said, not overwritten."""
    try:
        _decide(item, accept=accept, actor=actor, new_actor=new_actor)
    except ConflictError:
        st.session_state[f"{REVIEW}_problem"] = t(CONFLICT)
        return
    except BildungsnetzError as exc:
        st.session_state[f"{REVIEW}_problem"] = str(exc)
        return
    named = item.named or t("Korrektur")
    if not accept:
        done = "abgelehnt"
    elif new_actor is not None:
        done = f"übernommen; „{new_actor['name']}“ ist neu angelegt"
    else:
        done = "übernommen"
    forms.flash(REVIEW, f"„{named}“: {done}.")
