"""The survey pages under AppTest on the demo district: upload → Prüfliste → decisions, rounds, confirmed only.

Review items are written into the real store as a survey import would leave them
(respondent, partner name as typed, proposal); the page's buttons decide them and
the tests read the graph back. The known answers (who cooperates with whom after
a decision, the demo's counts of confirmed cooperations) are read from the demo
workbook with openpyxl here, not from the code under test.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import replace

import pytest
from conftest import DEMO, ROOT
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from graph.io.validate import load_or_raise
from graph.survey.model import Candidate, ReviewItem, SurveyRound

TIMEOUT = 120
DAY = dt.date(2026, 10, 1)


@pytest.fixture(autouse=True)
def served_on_loopback():
    """The app as ``bildungsnetz serve`` runs it: bound to 127.0.0.1 (single-user local mode allowed)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BILDUNGSNETZ_ROLE_CLAIM", "roles")
        yield
    config.set_option("server.address", before)


@pytest.fixture
def demo(embedded_store) -> Iterator[object]:
    """The demo district with an empty survey; afterwards the demo again and no survey left behind."""
    embedded_store.clear_survey()
    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)
    yield embedded_store
    embedded_store.clear_survey()
    embedded_store.write_dataset(load_or_raise(DEMO), replace=True)


def open_page(page: str, user: dict | None = None, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=TIMEOUT)
    if user is not None:
        from test_app import AUTH_SECRETS

        at.secrets["auth"] = AUTH_SECRETS
        at.user = user
    at.session_state["test_page"] = page
    at.session_state["as_of"] = DAY
    for key, value in state.items():
        at.session_state[key] = value
    return at.run()


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def demo_names() -> dict[str, str]:
    """Actor id -> name, read from the demo workbook."""
    ws = load_workbook(DEMO, read_only=True)["Akteure"]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    return {r[head.index("ID")]: r[head.index("Name")] for r in rows[1:]}


def item(
    item_id: str, respondent: str, named: str, proposed: str | None, confidence: str, **fields: object
) -> ReviewItem:
    candidates = (Candidate(proposed, 0.93, ("Name fast gleich",)),) if proposed else ()
    return ReviewItem(
        item_id, None, "umfrage", respondent, "kooperation", named, proposed, candidates, confidence, dict(fields)
    )


def pairs_with(store, actor: str) -> dict[str, dict]:
    """Partner id -> properties of the cooperations of ``actor`` in the store."""
    out = {}
    for rel in store.read_dataset().rels:
        if rel.type == "COOPERATES_WITH" and actor in (rel.start, rel.end):
            out[rel.end if rel.start == actor else rel.start] = dict(rel.props)
    return out


# Two demo actors without a cooperation between them (checked in the test against the workbook).
RESPONDENT = "ak-bib-001"
PARTNER = "ak-ms-001"
OTHER = "ak-fbs-001"


def workbook_pairs() -> set[frozenset[str]]:
    ws = load_workbook(DEMO, read_only=True)["Kooperationen"]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    return {frozenset((r[head.index("Akteur A")], r[head.index("Akteur B")])) for r in rows[1:]}


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_the_chosen_pairs_do_not_cooperate_in_the_demo():
    pairs = workbook_pairs()
    names = demo_names()
    assert {RESPONDENT, PARTNER, OTHER} <= set(names)
    assert frozenset((RESPONDENT, PARTNER)) not in pairs and frozenset((RESPONDENT, OTHER)) not in pairs


def test_the_queue_says_who_named_whom_as_typed_and_the_proposal_with_its_reasons(demo):
    demo.add_review_items(
        [item("t-1", RESPONDENT, "Kreis-Musikschule  Musterau e.V.", PARTNER, "unsicher", intensity=3)]
    )
    at = open_page("survey_review")
    no_exception(at)
    names = demo_names()
    said = [m.value for m in at.markdown]
    assert any(names[RESPONDENT] in m and "Kreis-Musikschule  Musterau e.V." in m and "nennt" in m for m in said), said
    assert any(
        "Vorschlag" in m and names[PARTNER] in m and "sehr ähnlich" in m and "Name fast gleich" in m for m in said
    )
    assert any("monatlich" in c.value for c in at.caption)  # intensity 3 in words
    assert pairs_with(demo, RESPONDENT).get(PARTNER) is None  # nothing in the graph before the decision


def test_uebernehmen_writes_the_cooperation_reported_by_the_respondent(demo):
    demo.add_review_items([item("t-1", RESPONDENT, "Musikschule Musterau", PARTNER, "sicher", intensity=2)])
    at = open_page("survey_review")
    button(at, "review_t-1_take").click().run()
    no_exception(at)
    written = pairs_with(demo, RESPONDENT)[PARTNER]
    assert written["reported_by"] == RESPONDENT and written["confirmed"] is False and written["intensity"] == 2
    assert any("übernommen" in s.value for s in at.success)
    assert demo.review_items(status="offen") == []


def test_anderen_akteur_waehlen_writes_the_cooperation_with_the_chosen_actor(demo):
    demo.add_review_items([item("t-1", RESPONDENT, "Musikschule", PARTNER, "unsicher")])
    at = open_page("survey_review")
    at.selectbox(key="review_t-1_other").set_value(OTHER).run()
    button(at, "review_t-1_other_take").click().run()
    no_exception(at)
    partners = pairs_with(demo, RESPONDENT)
    assert OTHER in partners and PARTNER not in partners
    assert demo.aliases()  # the decision is remembered for the next round


def test_als_neue_organisation_anlegen_creates_the_actor_by_name_and_its_cooperation(demo):
    demo.add_review_items([item("t-1", RESPONDENT, "Lesecafé Wunderland", None, "neu")])
    at = open_page("survey_review")
    at.selectbox(key="review_t-1_new_type").set_value("verein")
    at.selectbox(key="review_t-1_new_sector").set_value("zivilgesellschaft")
    next(b for b in at.get("form_submit_button") if b.label == "Anlegen und übernehmen").click().run()
    no_exception(at)
    actors = demo.read_dataset().nodes["Actor"]
    [new] = [a for a, p in actors.items() if p.get("name") == "Lesecafé Wunderland"]
    assert actors[new]["actor_type"] == "verein" and actors[new]["sector"] == "zivilgesellschaft"
    assert new in pairs_with(demo, RESPONDENT)


def test_ablehnen_leaves_the_graph_as_it_was(demo):
    before = demo.read_dataset().fingerprint()
    demo.add_review_items([item("t-1", RESPONDENT, "Musikschule Musterau", PARTNER, "sicher")])
    at = open_page("survey_review")
    button(at, "review_t-1_reject").click().run()
    no_exception(at)
    assert demo.read_dataset().fingerprint() == before
    [rejected] = demo.review_items(status="abgelehnt")
    assert rejected.id == "t-1"


def test_a_decision_someone_else_made_first_is_refused_with_a_message(demo):
    demo.add_review_items([item("t-1", RESPONDENT, "Musikschule Musterau", PARTNER, "unsicher")])
    at = open_page("survey_review")  # the reviewer sees version 1 ...
    [seen] = demo.review_items()
    demo.decide_review_item("t-1", accept=False, expected_version=seen.version)  # ... a colleague rejects it
    button(at, "review_t-1_take").click().run()
    no_exception(at)
    assert any("jemand anderem entschieden" in e.value for e in at.error)
    assert PARTNER not in pairs_with(demo, RESPONDENT)


def test_alle_sicheren_uebernehmen_takes_only_the_sure_ones(demo):
    demo.add_review_items(
        [
            item("t-1", RESPONDENT, "Musikschule Musterau", PARTNER, "sicher"),
            item("t-2", RESPONDENT, "Familienbildung?", OTHER, "unsicher"),
        ]
    )
    at = open_page("survey_review")
    assert button(at, "review_all_sure").label == "Alle sicheren übernehmen (1)"
    button(at, "review_all_sure").click().run()
    no_exception(at)
    partners = pairs_with(demo, RESPONDENT)
    assert PARTNER in partners and OTHER not in partners
    assert [i.id for i in demo.review_items(status="offen")] == ["t-2"]


def test_the_queue_filters_by_confidence(demo):
    demo.add_review_items(
        [
            item("t-1", RESPONDENT, "Musikschule Musterau", PARTNER, "sicher"),
            item("t-2", RESPONDENT, "Familienbildung?", OTHER, "unsicher"),
        ]
    )
    at = open_page("survey_review")
    at.multiselect(key="review_confidence").set_value(["unsicher"]).run()
    no_exception(at)
    shown = at.dataframe[0].value
    assert list(shown["Genannt (wie eingegeben)"]) == ["Familienbildung?"]


def test_a_viewer_sees_the_queue_read_only(demo):
    from test_app import logged_in

    demo.add_review_items([item("t-1", RESPONDENT, "Musikschule Musterau", PARTNER, "sicher")])
    at = open_page("survey_review", user=logged_in("partner@kreis.test", "viewer"))
    no_exception(at)
    assert any("nur das Lesen" in i.value for i in at.info)
    assert at.dataframe and not [b for b in at.button if b.key and b.key.startswith("review_")]


def test_a_self_check_correction_shows_in_the_queue_with_its_source(demo):
    correction = ReviewItem(
        "t-9", None, "selbstauskunft", RESPONDENT, "korrektur", "", None, (), "sicher", {"website": "https://neu.test"}
    )
    demo.add_review_items([correction])
    at = open_page("survey_review")
    no_exception(at)
    assert any("Selbstauskunft" in c.value for c in at.caption)
    assert any("korrigiert den eigenen Eintrag" in m.value and "Webseite" in m.value for m in at.markdown)


# -- upload ------------------------------------------------------------------------------------------


def test_a_round_is_created_by_name_and_date(demo):
    at = open_page("survey")
    at.text_input(key="survey_round_name").set_value("Netzwerkbefragung 2026")
    at.date_input(key="survey_round_date").set_value(dt.date(2026, 9, 1))
    next(b for b in at.get("form_submit_button") if b.label == "Runde anlegen").click().run()
    no_exception(at)
    [made] = demo.rounds()
    assert (made.name, made.date) == ("Netzwerkbefragung 2026", dt.date(2026, 9, 1))


def answers_csv(*rows: str) -> bytes:
    return ("Befragte Organisation;Partner;Intensität;Arten;Seit\n" + "\n".join(rows) + "\n").encode("utf-8")


def test_an_uploaded_survey_is_counted_and_queued_without_touching_the_graph(demo):
    names = demo_names()
    before = demo.read_dataset().fingerprint()
    content = answers_csv(
        f"{names[RESPONDENT]};{names[PARTNER]};3;informationsaustausch;01.03.2024",  # the exact name: sure
        f"{names[RESPONDENT]};Lesecafé Wunderland am Deich;;;",  # nobody of that name: new
    )
    at = open_page("survey")
    at.file_uploader(key="survey_file").set_value(("antworten.csv", content, "text/csv")).run()
    no_exception(at)
    assert any("2 Nennungen: 1 sicher zugeordnet, 0 unsicher, 1 neue Organisation" in s.value for s in at.success)
    button(at, "survey_queue").click().run()
    no_exception(at)
    queued = {i.named: i for i in demo.review_items()}
    assert set(queued) == {names[PARTNER], "Lesecafé Wunderland am Deich"}
    assert queued[names[PARTNER]].proposed == PARTNER and queued[names[PARTNER]].respondent == RESPONDENT
    assert demo.read_dataset().fingerprint() == before  # nothing in the graph before the review


def test_a_limesurvey_export_is_read_by_its_question_codes_and_an_unfinished_response_is_noted(demo):
    names = demo_names()
    content = (
        "id,submitdate,ORG,PARTNER1,INT1,PARTNER2,INT2\n"
        f"1,2026-09-10 10:00:00,{names[RESPONDENT]},{names[PARTNER]},3,Lesecafé Wunderland am Deich,\n"
        f"2,,{names[OTHER]},{names[PARTNER]},2,,\n"  # not finished: left out with a note
    ).encode()
    at = open_page("survey")
    at.file_uploader(key="survey_file").set_value(("results-survey123.csv", content, "text/csv")).run()
    no_exception(at)
    assert any("2 Nennungen: 1 sicher zugeordnet, 0 unsicher, 1 neue Organisation" in s.value for s in at.success)
    assert any("1 Hinweis" in m.value for m in at.markdown), [m.value for m in at.markdown]  # the Prüfbericht
    button(at, "survey_queue").click().run()
    no_exception(at)
    queued = demo.review_items()
    assert {i.source for i in queued} == {"limesurvey"} and {i.respondent for i in queued} == {RESPONDENT}


def test_an_uploaded_survey_with_an_unknown_respondent_is_refused_with_the_report(demo):
    content = answers_csv(f"Gibt es nicht GmbH;{demo_names()[PARTNER]};2;;")
    at = open_page("survey")
    at.file_uploader(key="survey_file").set_value(("antworten.csv", content, "text/csv")).run()
    no_exception(at)
    assert any("nichts wird übernommen" in e.value for e in at.error)
    assert at.dataframe and "Zeile" in at.dataframe[0].value.columns  # the Prüfbericht names the row
    assert not [b for b in at.button if b.key == "survey_queue"]
    assert demo.review_items() == []


def test_the_response_rate_counts_who_answered_per_sector(demo):
    names = demo_names()
    demo.add_round(SurveyRound("runde-herbst", "Herbst", DAY))
    demo.add_review_items([replace(item("t-1", RESPONDENT, "Musikschule", PARTNER, "sicher"), round_id="runde-herbst")])
    ws = load_workbook(DEMO, read_only=True)["Akteure"]
    rows = list(ws.iter_rows(values_only=True))
    head = rows[0]
    sector = next(r[head.index("Sektor")] for r in rows[1:] if r[head.index("ID")] == RESPONDENT)
    alive = [
        r
        for r in rows[1:]
        if r[head.index("Sektor")] == sector
        and _on(r[head.index("Gueltig ab")], DAY)
        and _until(r[head.index("Gueltig bis")], DAY)
    ]
    at = open_page("survey")
    no_exception(at)
    from graph.model import VOCABULARIES

    table = next(t.value for t in at.dataframe if "Sektor" in t.value.columns and "Rücklauf" in t.value.columns)
    row = table[table["Sektor"] == VOCABULARIES["sector"][sector]].iloc[0]
    assert (row["Akteure"], row["Geantwortet"]) == (len(alive), 1)
    assert row["Rücklauf"] == f"{round(100 / len(alive))} %"
    reminders = next(t.value for t in at.dataframe if "Akteur" in t.value.columns and "Typ" in t.value.columns)
    assert names[RESPONDENT] not in set(reminders["Akteur"]) and names[PARTNER] in set(reminders["Akteur"])
    assert not {"E-Mail", "Telefon", "Ansprechperson"} & set(reminders.columns)  # no personal data unless asked


# -- the setting „nur bestätigte Kooperationen“ --------------------------------------------------------


def _on(value: object, day: dt.date) -> bool:
    return value is None or dt.date.fromisoformat(str(value)[:10]) <= day


def _until(value: object, day: dt.date) -> bool:
    return value is None or dt.date.fromisoformat(str(value)[:10]) >= day


def workbook_counts(day: dt.date) -> tuple[int, int, int, int]:
    """Pairs cooperating on ``day``, those left without unconfirmed answers, rows, rows kept (confirmed or office)."""
    wb = load_workbook(DEMO, read_only=True)
    rows = list(wb["Akteure"].iter_rows(values_only=True))
    head = rows[0]
    alive = {
        r[head.index("ID")]
        for r in rows[1:]
        if _on(r[head.index("Gueltig ab")], day) and _until(r[head.index("Gueltig bis")], day)
    }
    rows = list(wb["Kooperationen"].iter_rows(values_only=True))
    head = rows[0]
    every: set[frozenset[str]] = set()
    kept: set[frozenset[str]] = set()
    kept_rows = 0
    for r in rows[1:]:
        a, b = r[head.index("Akteur A")], r[head.index("Akteur B")]
        unconfirmed = bool(r[head.index("Gemeldet von")]) and r[head.index("Bestaetigt")] != "ja"
        kept_rows += not unconfirmed
        if a in alive and b in alive and _on(r[head.index("Seit")], day) and _until(r[head.index("Bis")], day):
            every.add(frozenset((a, b)))
            if not unconfirmed:
                kept.add(frozenset((a, b)))
    return len(every), len(kept), len(rows) - 1, kept_rows


def test_nur_bestaetigte_kooperationen_changes_the_overview_counts_and_says_so(demo):
    every, kept, total, kept_rows = workbook_counts(DAY)
    assert kept < every  # the demo has one-sided answers on the day
    plain = open_page("overview")
    no_exception(plain)
    assert plain.metric[1].value == str(every)
    assert not any("Nur bestätigte" in c.value for c in plain.caption)
    confirmed = open_page("overview", confirmed_only=True)
    no_exception(confirmed)
    assert confirmed.metric[1].value == str(kept)
    note = f"Nur bestätigte Kooperationen ({kept_rows} von {total})"
    assert any(note in c.value.replace("\\", "") for c in confirmed.caption), [c.value for c in confirmed.caption]


def test_the_record_pages_show_every_cooperation_whatever_the_setting(demo):
    _, _, total, _ = workbook_counts(DAY)
    at = open_page("cooperations", confirmed_only=True)
    no_exception(at)
    assert any(c.value.endswith(f"/ {total}") for c in at.caption)


# -- German tables, Zeitvergleich between rounds, Rückfrage without personal data ----------------------


def test_the_survey_pages_show_only_german_tables_with_items_in_the_queue(demo):
    from test_german_tables import english_in, shown_cells

    demo.add_round(SurveyRound("runde-herbst", "Herbst", DAY))
    demo.add_review_items([replace(item("t-1", RESPONDENT, "Musikschule", PARTNER, "sicher"), round_id="runde-herbst")])
    for page in ("survey", "survey_review"):
        at = open_page(page)
        no_exception(at)
        assert at.dataframe, page
        for table in at.dataframe:
            assert english_in(shown_cells(table)) == [], (page, list(table.value.columns))


def test_the_zeitvergleich_compares_two_rounds_by_their_dates(demo):
    demo.add_round(SurveyRound("runde-a", "Frühjahr", dt.date(2025, 4, 1)))
    demo.add_round(SurveyRound("runde-b", "Herbst", dt.date(2026, 9, 1)))
    at = open_page("change")
    at.toggle(key="change_by_round").set_value(True).run()
    no_exception(at)
    assert any("01.04.2025" in c.value and "01.09.2026" in c.value for c in at.caption)


def test_the_rueckfrage_list_names_contact_persons_only_when_asked(demo):
    at = open_page("survey")
    no_exception(at)

    def asked() -> list:
        return [t.value for t in at.dataframe if "Nachfragen bei" in t.value.columns]

    [plain] = asked()
    assert len(plain) and not {"E-Mail", "Telefon", "Ansprechperson"} & set(plain.columns)
    at.checkbox(key="survey_ask_persons").check().run()
    no_exception(at)
    [with_persons] = asked()
    assert {"E-Mail", "Ansprechperson"} <= set(with_persons.columns)


def test_pictures_and_the_report_say_nur_bestaetigte_kooperationen_only_when_set():
    from graph import service
    from graph.report.content import build_report

    _, _, total, kept_rows = workbook_counts(DAY)
    note = f"Nur bestätigte Kooperationen ({kept_rows} von {total})"
    ds = load_or_raise(DEMO)
    confirmed = service.analysis_dataset(ds, confirmed_only=True)
    assert sum(1 for r in confirmed.rels if r.type == "COOPERATES_WITH") == kept_rows
    parts = service.picture_parts(confirmed, DAY, anonymous=True)
    assert note in parts.footer and note in parts.description
    assert note not in service.picture_parts(ds, DAY).footer
    assert service.analysis_dataset(ds) is ds  # off: the outputs are as before
    report = build_report(confirmed, as_of=DAY, generated=DAY)
    assert note in report.subtitle
    assert any(note in text for section in report.sections for text in section.paragraphs)


def test_a_contact_person_from_a_self_check_is_shown_to_editors_only_when_opened_and_never_to_viewers(demo):
    from test_app import logged_in

    contact = ReviewItem(
        "t-7",
        None,
        "selbstauskunft",
        RESPONDENT,
        "ansprechperson",
        "",
        RESPONDENT,
        (),
        "sicher",
        {"name": "Erika Mustermann", "email": "erika@bib.test", "consent": True, "delete_after": dt.date(2027, 12, 31)},
    )
    demo.add_review_items([contact])
    at = open_page("survey_review")
    no_exception(at)
    assert any("meldet eine Ansprechperson" in m.value and "31.12.2027" in m.value for m in at.markdown)
    assert [e.label for e in at.expander] == ["Angaben der Ansprechperson ansehen (personenbezogen)"]
    assert "Alle sicheren übernehmen" not in " ".join(b.label for b in at.button)  # decided one by one
    shown = at.dataframe[0].value.to_string()
    assert "Erika" not in shown and "erika@" not in shown
    viewer = open_page("survey_review", user=logged_in("partner@kreis.test", "viewer"))
    no_exception(viewer)
    texts = (
        [m.value for m in viewer.markdown] + [c.value for c in viewer.caption] + [viewer.dataframe[0].value.to_string()]
    )
    assert not any("Erika" in x or "erika@" in x for x in texts)


@pytest.mark.parametrize("page", ["survey", "survey_review"])
def test_a_package_error_on_the_survey_pages_is_shown_as_st_error(demo, monkeypatch, page):
    from graph.errors import EngineError
    from graph.ui import state

    def broken():
        raise EngineError("Die Datenbank ist nicht erreichbar: Testfehler.")

    monkeypatch.setattr(state, "revision", broken)
    at = open_page(page)
    no_exception(at)
    assert any("Testfehler" in e.value for e in at.error)


@pytest.fixture
def media(monkeypatch):
    """The media files of the AppTest runs, so that a download button's file name can be read."""
    from streamlit.runtime.media_file_manager import MediaFileManager
    from streamlit.testing.v1 import app_test
    from test_german_tables import MediaFiles

    files = MediaFiles()

    def recording(storage):
        manager = MediaFileManager(storage)
        files.managers.append(manager)
        return manager

    monkeypatch.setattr(app_test, "MediaFileManager", recording)
    return files


def test_an_analysis_download_says_nur_bestaetigte_in_its_file_name_and_a_record_download_does_not(demo, media):
    def names(at: AppTest) -> list[str]:
        return [media.data(b)[0] for b in at.get("download_button") if b.proto.label == "CSV herunterladen"]

    assert all(not n.endswith("-nur-bestaetigte.csv") for n in names(open_page("brokers")))
    confirmed = names(open_page("brokers", confirmed_only=True))
    assert confirmed and all(n.endswith("-nur-bestaetigte.csv") for n in confirmed), confirmed
    records = names(open_page("cooperations", confirmed_only=True))
    assert records and not any("bestaetigte" in n for n in records)


def test_the_queue_filters_by_source(demo):
    correction = ReviewItem(
        "t-9", None, "selbstauskunft", RESPONDENT, "korrektur", "", None, (), "sicher", {"website": "https://neu.test"}
    )
    demo.add_review_items([item("t-1", RESPONDENT, "Musikschule Musterau", PARTNER, "sicher"), correction])
    at = open_page("survey_review")
    at.multiselect(key="review_source").set_value(["selbstauskunft"]).run()
    no_exception(at)
    assert list(at.dataframe[0].value["Quelle"]) == ["Selbstauskunft"]
