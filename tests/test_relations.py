"""Single cooperations and memberships edited in the store (graph/db/relations.py) against the real engine.

Each test starts from the small dataset of tests/data/mini: actors ak-1 … ak-4, committees gr-1 and
gr-2, cooperations ko-1 (ak-1–ak-2 since 01.09.2021, open), a generated one (ak-3–ak-4, no dates) and
ko-3 (ak-2–ak-4, 01.02.2022–31.01.2025).
"""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from conftest import mini_dataset

from graph import editing
from graph.auth import PermissionDenied, Principal, Role
from graph.dataset import Dataset, Rel
from graph.errors import ConflictError, DataError

D = dt.date


@pytest.fixture
def mini(store):
    store.write_dataset(mini_dataset(), replace=True)
    return store


def coop(a: str, b: str, **props) -> Rel:
    return Rel("COOPERATES_WITH", "Actor", a, "Actor", b, {"id": editing.cooperation_base_id(a, b), **props})


def member(actor: str, committee: str, **props) -> Rel:
    return Rel("MEMBER_OF", "Actor", actor, "Committee", committee, props)


def cooperations(store, a: str, b: str) -> dict[str, dict]:
    ds = store.read_dataset()
    return {
        str(r.props["id"]): dict(r.props) for r in ds.rels if r.type == "COOPERATES_WITH" and {r.start, r.end} == {a, b}
    }


def last_actions(store, n: int) -> list[tuple[str, str, str]]:
    return [(e["action"], e["object_id"], e["outcome"]) for e in store.audit_log(limit=n)][::-1]


def test_a_new_cooperation_gets_a_readable_id_version_one_and_an_audit_entry(mini):
    stored = mini.create_relation(coop("ak-1", "ak-3", intensity=2, types=["abstimmung"]))
    assert stored.props["id"] == "ko-ak-1-ak-3"
    again = mini.stored_relation("COOPERATES_WITH", rel_id="ko-ak-1-ak-3")
    assert again is not None and again.version == 1
    assert dict(again.rel.props) == {"id": "ko-ak-1-ak-3", "intensity": 2, "types": ["abstimmung"]}
    assert last_actions(mini, 1) == [("cooperation_create", "ko-ak-1-ak-3", "ok")]


def test_a_later_period_of_a_pair_gets_its_own_id_and_an_overlapping_one_is_refused_naming_the_first(mini):
    mini.create_relation(coop("ak-1", "ak-3", since=D(2020, 1, 1), until=D(2021, 12, 31)))
    later = mini.create_relation(coop("ak-3", "ak-1", since=D(2023, 5, 1)))
    assert later.props["id"] == "ko-ak-1-ak-3-2023-05-01"
    with pytest.raises(DataError) as refused:
        mini.create_relation(coop("ak-1", "ak-3", since=D(2024, 1, 1)))
    message = str(refused.value)
    assert "ko-ak-1-ak-3-2023-05-01" in message and "seit 01.05.2023" in message
    assert "Volkshochschule Testau" in message and refused.value.problems[0].column == "Akteur B"
    assert set(cooperations(mini, "ak-1", "ak-3")) == {"ko-ak-1-ak-3", "ko-ak-1-ak-3-2023-05-01"}


def test_a_cooperation_without_dates_overlaps_every_period_of_its_pair(mini):
    with pytest.raises(DataError, match="ko-1"):
        mini.create_relation(coop("ak-2", "ak-1"))


def test_ending_a_cooperation_keeps_it_with_its_end_date_and_logs_the_end(mini):
    stored = mini.stored_relation("COOPERATES_WITH", rel_id="ko-1")
    ended = stored.rel.with_props({**stored.rel.props, "until": D(2026, 6, 30)})
    version = mini.update_relation(ended, stored.version, action="end")
    assert version == stored.version + 1
    assert cooperations(mini, "ak-1", "ak-2")["ko-1"]["until"] == D(2026, 6, 30)
    assert last_actions(mini, 1) == [("cooperation_end", "ko-1", "ok")]


def test_an_update_from_a_stale_version_is_refused_and_changes_nothing(mini):
    stored = mini.stored_relation("COOPERATES_WITH", rel_id="ko-1")
    mini.update_relation(stored.rel.with_props({**stored.rel.props, "intensity": 4}), stored.version)
    with pytest.raises(ConflictError, match="inzwischen von jemand anderem geändert"):
        mini.update_relation(stored.rel.with_props({**stored.rel.props, "intensity": 1}), stored.version)
    assert cooperations(mini, "ak-1", "ak-2")["ko-1"]["intensity"] == 4


def test_a_changed_period_may_not_overlap_another_period_of_the_pair(mini):
    mini.create_relation(coop("ak-1", "ak-2", since=D(2018, 1, 1), until=D(2019, 12, 31)))
    first = mini.stored_relation("COOPERATES_WITH", rel_id="ko-ak-1-ak-2")
    widened = first.rel.with_props({**first.rel.props, "until": D(2022, 1, 1)})
    with pytest.raises(DataError, match="ko-1") as refused:
        mini.update_relation(widened, first.version)
    assert refused.value.problems[0].column == "Seit"
    assert mini.stored_relation("COOPERATES_WITH", rel_id="ko-ak-1-ak-2").version == first.version


def test_a_cooperation_is_deleted_only_at_the_version_read(mini):
    stored = mini.stored_relation("COOPERATES_WITH", rel_id="ko-3")
    with pytest.raises(ConflictError, match="nichts wurde gelöscht"):
        mini.delete_relation(stored.rel, stored.version + 1)
    mini.delete_relation(stored.rel, stored.version)
    assert "ko-3" not in cooperations(mini, "ak-2", "ak-4")
    assert last_actions(mini, 1) == [("cooperation_delete", "ko-3", "ok")]


def test_joining_leaving_and_deleting_a_membership(mini):
    mini.create_relation(member("ak-2", "gr-1", role="member", since=D(2024, 1, 1)))
    with pytest.raises(DataError, match="bereits Mitglied") as twice:
        mini.create_relation(member("ak-2", "gr-1", role="guest"))
    assert twice.value.problems[0].column == "Gremium"
    stored = mini.stored_relation("MEMBER_OF", start="ak-2", end="gr-1")
    assert stored.version == 1 and stored.rel.props["role"] == "member"
    left = mini.update_relation(stored.rel.with_props({**stored.rel.props, "until": D(2025, 6, 30)}), 1, action="end")
    kept = mini.stored_relation("MEMBER_OF", start="ak-2", end="gr-1")
    assert kept.rel.props["until"] == D(2025, 6, 30) and kept.version == left
    with pytest.raises(ConflictError):
        mini.delete_relation(kept.rel, 1)
    mini.delete_relation(kept.rel, left)
    assert mini.stored_relation("MEMBER_OF", start="ak-2", end="gr-1") is None
    assert [a for a, _, _ in last_actions(mini, 3)] == ["membership_create", "membership_end", "membership_delete"]
    assert last_actions(mini, 1)[0][1] == "ak-2→gr-1"


def test_relationships_a_row_owns_are_not_edited_on_their_own(mini):
    with pytest.raises(DataError, match="mit ihrem Eintrag"):
        mini.create_relation(Rel("LOCATED_IN", "Actor", "ak-3", "Area", "sr-1", {}))


def test_a_relationship_to_a_missing_actor_is_refused(mini):
    with pytest.raises(DataError, match="gibt es nicht"):
        mini.create_relation(coop("ak-1", "ak-999"))


def test_a_viewer_cannot_edit_relationships_and_the_attempt_is_logged(mini):
    viewer = mini.acting_as(Principal("partner@kreis.test", Role.VIEWER, "test"))
    with pytest.raises(PermissionDenied):
        viewer.create_relation(coop("ak-1", "ak-3"))
    assert last_actions(mini, 1) == [("cooperation_create", "ko-ak-1-ak-3", "denied")]
    assert "ko-ak-1-ak-3" not in cooperations(mini, "ak-1", "ak-3")


def test_two_people_creating_the_same_cooperation_at_once_store_it_once(mini):
    """The revision lock serialises the overlap check: one create wins, the other is refused."""
    results: list[object] = []

    def create(who: str) -> None:
        acting = mini.acting_as(Principal(who, Role.EDITOR, "test"))
        try:
            results.append(acting.create_relation(coop("ak-1", "ak-3", since=D(2024, 1, 1))))
        except DataError as exc:
            results.append(exc)

    threads = [threading.Thread(target=create, args=(f"p{i}@kreis.test",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(r).__name__ for r in results) == ["DataError", "Rel"]
    assert list(cooperations(mini, "ak-1", "ak-3")) == ["ko-ak-1-ak-3"]


def test_an_import_without_ids_afterwards_finds_the_cooperation_made_in_the_app(mini):
    mini.create_relation(coop("ak-1", "ak-3", since=D(2024, 1, 1), intensity=1))
    ds = Dataset()
    ds.add_rel(Rel("COOPERATES_WITH", "Actor", "ak-3", "Actor", "ak-1", {"id": "generated", "intensity": 3}))
    ds.generated_ids.add("generated")
    ds.present["COOPERATES_WITH"] = frozenset({"actor_a", "actor_b", "intensity"})
    mini.write_dataset(ds)
    assert cooperations(mini, "ak-1", "ak-3") == {
        "ko-ak-1-ak-3": {"id": "ko-ak-1-ak-3", "since": D(2024, 1, 1), "intensity": 3}
    }


def test_new_records_get_ids_from_type_and_name_with_a_number_when_taken(mini):
    fields = {"name": "Kita Sonnenschein", "actor_type": "kita", "sector": "fruehe_bildung", "area": "sr-1"}
    assert editing.save_record(mini, "Actor", fields) == "kita-sonnenschein"
    assert editing.save_record(mini, "Actor", fields) == "kita-sonnenschein-2"
    ds = mini.read_dataset()
    assert ds.nodes["Actor"]["kita-sonnenschein-2"]["name"] == "Kita Sonnenschein"
    assert any(r.type == "LOCATED_IN" and r.start == "kita-sonnenschein-2" and r.end == "sr-1" for r in ds.rels)
    assert editing.save_record(mini, "Area", {"name": "Ostviertel", "area_type": "sozialraum"}) == (
        "sozialraum-ostviertel"
    )
    assert editing.save_record(mini, "Institution", {"name": "Lernwerk e. V."}) == "traeger-lernwerk-e-v"


def test_form_values_are_validated_like_an_import_row(mini):
    with pytest.raises(DataError) as refused:
        editing.create_relation(mini, "COOPERATES_WITH", {"actor_a": "ak-1", "actor_b": "ak-1"})
    assert [(p.column, p.message) for p in refused.value.problems] == [
        ("Akteur B", "Ein Akteur kann nicht mit sich selbst kooperieren.")
    ]
    with pytest.raises(DataError) as dates:
        editing.create_relation(
            mini, "MEMBER_OF", {"actor": "ak-2", "committee": "gr-1", "since": D(2024, 1, 1), "until": D(2023, 1, 1)}
        )
    assert dates.value.problems[0].column == "Bis" and "vor dem Anfangsdatum" in dates.value.problems[0].message
    stored = mini.stored_relation("COOPERATES_WITH", rel_id="ko-3")
    with pytest.raises(DataError, match="Bitte das Datum angeben"):
        editing.end_relation(mini, stored, None)
