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
