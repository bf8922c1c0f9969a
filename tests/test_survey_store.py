"""The review queue in the real embedded engine: nothing enters the graph before a decision, decisions are atomic."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.dataset import Dataset, Rel
from graph.db.store import Store
from graph.errors import ConflictError, DataError
from graph.survey.intake import commit_survey, prepare_survey
from graph.survey.model import ReviewItem, SurveyRound


def inventory() -> Dataset:
    ds = Dataset()
    ds.add_node("Area", "musterau", {"name": "Musterau", "area_type": "gemeinde"})
    for actor, name, kind, sector in (
        ("jugendamt", "Jugendamt", "kreisverwaltung", "verwaltung"),
        ("gs-nord", "Grundschule Nord", "grundschule", "schule"),
        ("kita-martin", "Katholische Kindertagesstätte Sankt Martin", "kita", "fruehe_bildung"),
    ):
        ds.add_node("Actor", actor, {"name": name, "actor_type": kind, "sector": sector})
        ds.add_rel(Rel("LOCATED_IN", "Actor", actor, "Area", "musterau", {}))
    return ds


@pytest.fixture
def survey_store(store: Store) -> Iterator[Store]:
    store.clear_survey()
    store.write_dataset(inventory(), replace=True)
    yield store
    store.clear_survey()
    store.clear()


def coops(store: Store) -> list[Rel]:
    return [r for r in store.read_dataset().rels if r.type == "COOPERATES_WITH"]


def queue(tmp_path: Path, store: Store, text: str) -> list[ReviewItem]:
    path = tmp_path / "antworten.csv"
    path.write_text(text, encoding="utf-8")
    known = {r.id: r for r in store.rounds()}
    prepared = prepare_survey(
        path, store.read_dataset(), aliases=store.aliases(), round_name="Runde 1", known_rounds=known
    )
    commit_survey(store, prepared)
    return store.review_items()


def test_nothing_enters_the_graph_before_a_decision(survey_store: Store, tmp_path: Path) -> None:
    revision = survey_store.revision()
    items = queue(tmp_path, survey_store, "Befragte Organisation;Partner;Intensität\nJugendamt;GS Nord;3\n")
    assert [(i.respondent, i.proposed, i.confidence, i.status, i.version) for i in items] == [
        ("jugendamt", "gs-nord", "sicher", "offen", 1)
    ]
    assert coops(survey_store) == []
    assert survey_store.revision() == revision  # no analysis is invalidated by the queue
    assert [r.id for r in survey_store.rounds()] == ["runde-runde-1"]


def test_two_sides_confirm_each_other_and_every_decision_is_audited(survey_store: Store, tmp_path: Path) -> None:
    text = "Befragte Organisation;Partner;Intensität\nJugendamt;GS Nord;3\nGrundschule Nord;Jugendamt;2\n"
    first, second = queue(tmp_path, survey_store, text)
    survey_store.decide_review_item(first.id, accept=True, expected_version=first.version)
    (rel,) = coops(survey_store)
    assert (rel.props["reported_by"], rel.props["confirmed"], rel.props["intensity"]) == ("jugendamt", False, 3)
    survey_store.decide_review_item(second.id, accept=True, expected_version=second.version)
    (rel,) = coops(survey_store)
    assert (rel.props["reported_by"], rel.props["confirmed"]) == ("jugendamt", True)
    decided = survey_store.review_items(status="uebernommen")
    assert {i.id for i in decided} == {first.id, second.id}
    assert all(i.decided_by == "pytest@bildungsnetz.test" for i in decided)
    log = [(e["action"], e["object_id"]) for e in survey_store.audit_log(limit=20)]
    assert ("survey_accept", first.id) in log and ("survey_accept", second.id) in log
    with pytest.raises(ConflictError):  # the version moved: decided already
        survey_store.decide_review_item(first.id, accept=False, expected_version=first.version)


def test_a_failing_decision_changes_nothing(survey_store: Store, tmp_path: Path) -> None:
    (item,) = queue(tmp_path, survey_store, "Befragte Organisation;Partner\nJugendamt;Musikschule Klangwelt\n")
    assert item.confidence == "neu"
    with pytest.raises(DataError):
        survey_store.decide_review_item(item.id, accept=True, actor="gibt-es-nicht", expected_version=item.version)
    assert coops(survey_store) == []
    assert survey_store.review_items()[0].version == item.version
    assert survey_store.aliases() == {}


def test_new_actor_is_created_and_the_alias_is_remembered_for_the_next_import(
    survey_store: Store, tmp_path: Path
) -> None:
    (item,) = queue(tmp_path, survey_store, "Befragte Organisation;Partner\nJugendamt;Musikschule Klangwelt\n")
    new = {"name": "Musikschule Klangwelt", "actor_type": "musikschule", "sector": "kultur", "area": "musterau"}
    survey_store.decide_review_item(item.id, accept=True, new_actor=new, expected_version=item.version)
    ds = survey_store.read_dataset()
    assert ds.nodes["Actor"]["musikschule-klangwelt"]["name"] == "Musikschule Klangwelt"
    assert [(r.start, r.end) for r in ds.rels if r.type == "COOPERATES_WITH"] == [
        ("jugendamt", "musikschule-klangwelt")
    ]
    (again,) = queue(tmp_path, survey_store, "Befragte Organisation;Partner\nGrundschule Nord;musikschule klangwelt\n")
    assert (again.confidence, again.proposed) == ("sicher", "musikschule-klangwelt")


def test_rejecting_writes_nothing_to_the_graph(survey_store: Store, tmp_path: Path) -> None:
    (item,) = queue(tmp_path, survey_store, "Befragte Organisation;Partner\nJugendamt;GS Nord\n")
    survey_store.decide_review_item(item.id, accept=False, expected_version=item.version)
    assert coops(survey_store) == []
    assert survey_store.review_items(status="abgelehnt")[0].id == item.id


def test_a_correction_updates_the_respondents_record(survey_store: Store) -> None:
    item = ReviewItem(
        "",
        None,
        "selbstauskunft",
        "gs-nord",
        "korrektur",
        "",
        None,
        (),
        "sicher",
        {"website": "https://gs-nord.example"},
    )
    (item_id,) = survey_store.add_review_items([item])
    stored = survey_store.review_items()[0]
    survey_store.decide_review_item(item_id, accept=True, expected_version=stored.version)
    assert survey_store.read_dataset().nodes["Actor"]["gs-nord"]["website"] == "https://gs-nord.example"


def test_rounds_are_kept_and_refused_twice(survey_store: Store) -> None:
    survey_store.add_round(SurveyRound("r-2026", "Frühjahr 2026", dt.date(2026, 3, 1)))
    assert survey_store.rounds() == [SurveyRound("r-2026", "Frühjahr 2026", dt.date(2026, 3, 1))]
    with pytest.raises(ConflictError):
        survey_store.add_round(SurveyRound("r-2026", "Noch einmal", dt.date(2026, 4, 1)))


def contact(**fields: object) -> ReviewItem:
    return ReviewItem("", None, "selbstauskunft", "gs-nord", "ansprechperson", "", "gs-nord", (), "sicher", fields)


def test_a_contact_answer_creates_the_person_and_leaves_no_personal_data_in_the_queue(survey_store: Store) -> None:
    delete_after = dt.date(2030, 1, 31)
    (item_id,) = survey_store.add_review_items(
        [contact(name="Erika Muster", email="erika@example.org", consent=True, delete_after=delete_after)]
    )
    stored = survey_store.review_items()[0]
    assert stored.fields["email"] == "erika@example.org"  # kept while the item is open
    survey_store.decide_review_item(item_id, accept=True, expected_version=stored.version)
    ds = survey_store.read_dataset(include_persons=True)
    ((person_id, person),) = ds.nodes["Person"].items()
    assert (person["name"], person["consent"], person["delete_after"]) == ("Erika Muster", True, delete_after)
    assert "erika" not in person_id  # the generated id names the actor, not the person
    assert [(r.start, r.end) for r in ds.rels if r.type == "REPRESENTS"] == [(person_id, "gs-nord")]
    (decided,) = survey_store.review_items(status=None)
    assert decided.fields == {} and decided.decision["person"] == person_id


def test_a_rejected_contact_answer_is_dropped(survey_store: Store) -> None:
    (item_id,) = survey_store.add_review_items([contact(name="Erika Muster", consent=True)])
    survey_store.decide_review_item(item_id, accept=False, expected_version=1)
    assert survey_store.review_items(status=None)[0].fields == {}
    assert survey_store.read_dataset(include_persons=True).nodes["Person"] == {}


def test_erasing_a_person_clears_the_review_items_about_it(survey_store: Store) -> None:
    from graph import privacy

    (first,) = survey_store.add_review_items([contact(name="Erika Muster", consent=True)])
    survey_store.decide_review_item(first, accept=True, expected_version=1)
    person_id = next(iter(survey_store.read_dataset(include_persons=True).nodes["Person"]))
    survey_store.add_review_items([contact(person=person_id, phone="0123 456", consent=True)])
    privacy.erase(survey_store, person_id)
    items = survey_store.review_items(status=None)
    assert [i.fields for i in items] == [{}, {}]


def test_an_ended_cooperation_and_membership_get_their_end_date(survey_store: Store, tmp_path: Path) -> None:
    from graph.dataset import Dataset as Data

    extra = Data()
    extra.add_node("Committee", "ak-uebergang", {"name": "AK Übergang", "committee_type": "arbeitskreis"})
    extra.add_rel(Rel("MEMBER_OF", "Actor", "gs-nord", "Committee", "ak-uebergang", {}))
    extra.add_rel(Rel("COOPERATES_WITH", "Actor", "gs-nord", "Actor", "jugendamt", {"id": "ko-1"}))
    survey_store.write_dataset(extra)
    end = dt.date(2026, 6, 30)

    def said(**fields: object) -> ReviewItem:
        return ReviewItem("", None, "selbstauskunft", "gs-nord", "ende", "x", "jugendamt", (), "sicher", fields)

    ids = survey_store.add_review_items([said(cooperation="ko-1", until=end), said(committee="ak-uebergang")])
    for item_id in ids:
        survey_store.decide_review_item(item_id, accept=True, expected_version=1)
    ds = survey_store.read_dataset()
    (coop,) = [r for r in ds.rels if r.type == "COOPERATES_WITH"]
    (member,) = [r for r in ds.rels if r.type == "MEMBER_OF"]
    assert coop.props["until"] == end
    assert member.props["until"] == dt.datetime.now(dt.UTC).date()  # the day of the decision


@pytest.mark.slow
def test_the_queue_aliases_and_rounds_move_with_a_migration(survey_store: Store, tmp_path: Path) -> None:
    from conftest import TEST_ADMIN

    from graph.db import migrate
    from graph.db.engine import EmbeddedEngine

    queue(tmp_path, survey_store, "Befragte Organisation;Partner\nJugendamt;GS Nord\nJugendamt;Musikschule\n")
    first = survey_store.review_items()[0]
    survey_store.decide_review_item(first.id, accept=True, expected_version=first.version)
    before = survey_store.survey_export()
    assert [len(before[k]) for k in ("ReviewItem", "SurveyAlias", "SurveyRound")] == [2, 1, 1]
    target_dir = tmp_path / "ziel"
    try:
        with Store.open(environ=migrate.target_environ(f"embedded:{target_dir}"), principal=TEST_ADMIN) as target:
            migrate.migrate(survey_store, target)
            assert target.survey_export() == before
            assert [i.named for i in target.review_items()] == ["Musikschule"]
    finally:
        EmbeddedEngine(target_dir).stop()


def test_an_office_cooperation_named_by_one_side_stays_and_a_new_period_follows_an_ended_one(
    survey_store: Store, tmp_path: Path
) -> None:
    extra = Dataset()
    ended = dt.date(2022, 12, 31)
    extra.add_rel(Rel("COOPERATES_WITH", "Actor", "jugendamt", "Actor", "gs-nord", {"id": "ko-office"}))
    extra.add_rel(
        Rel("COOPERATES_WITH", "Actor", "jugendamt", "Actor", "kita-martin", {"id": "ko-alt", "until": ended})
    )
    survey_store.write_dataset(extra)
    text = (
        "Befragte Organisation;Partner;Intensität;Seit\n"
        "Grundschule Nord;Jugendamt;2;\n"
        "Jugendamt;Kita St. Martin;1;01.01.2020\n"  # began in 2020, but the stored period ended in 2022
    )
    for item in queue(tmp_path, survey_store, text):
        survey_store.decide_review_item(item.id, accept=True, expected_version=item.version)
    by_id = {r.props["id"]: r.props for r in coops(survey_store)}
    assert "reported_by" not in by_id["ko-office"] and by_id["ko-office"]["confirmed"] is True
    assert by_id["ko-office"]["intensity"] == 2
    (new,) = [p for rid, p in by_id.items() if rid not in ("ko-office", "ko-alt")]
    assert new["since"] == dt.date(2023, 1, 1) and new["reported_by"] == "jugendamt"


def test_an_answer_without_partners_is_kept_decided_and_not_in_the_open_queue(
    survey_store: Store, tmp_path: Path
) -> None:
    assert queue(tmp_path, survey_store, "Befragte Organisation;Partner\nGrundschule Nord;\n") == []
    (kept,) = survey_store.review_items(status=None)
    assert (kept.respondent, kept.kind, kept.status, kept.round_id) == (
        "gs-nord",
        "teilnahme",
        "uebernommen",
        "runde-runde-1",
    )
    with pytest.raises(ConflictError):
        survey_store.decide_review_item(kept.id, accept=True, expected_version=kept.version)


def test_purge_clears_open_contact_answers_whose_deletion_date_has_passed(survey_store: Store) -> None:
    from graph import privacy

    survey_store.add_review_items([contact(name="Erika Muster", consent=True, delete_after=dt.date(2027, 6, 30))])
    privacy.purge(survey_store, dt.date(2027, 6, 30))  # on the day itself: kept
    assert survey_store.review_items()[0].fields["name"] == "Erika Muster"
    privacy.purge(survey_store, dt.date(2027, 7, 1))  # the day after: gone
    assert survey_store.review_items()[0].fields == {}
