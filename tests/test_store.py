"""The graph store against the real database: schema, idempotent atomic writes, revision, round trips."""

from __future__ import annotations

import copy
import hashlib

import pytest
from conftest import MINI, mini_dataset
from neo4j.exceptions import ConstraintError

from graph import model
from graph.dataset import Dataset, Rel
from graph.db.store import Store
from graph.errors import DataError
from graph.io.export import exchange_rows, export
from graph.io.validate import load_or_raise


def versions(store: Store, label: str) -> dict[str, tuple[int, object]]:
    rows = store.read("nodes/versions", {"label": label})[0]["rows"]
    return {node_id: (version, updated_at) for node_id, version, updated_at in rows}


def test_writing_and_reading_a_dataset_gives_it_back_unchanged(store):
    ds = mini_dataset()
    store.write_dataset(ds)
    back = store.read_dataset(include_persons=True)
    assert back.counts() == ds.counts()
    assert back.fingerprint() == ds.fingerprint()
    assert back.nodes["Actor"]["ak-1"] == ds.nodes["Actor"]["ak-1"]


def test_counts_are_keyed_exactly_as_the_model_names_labels_and_types(store):
    store.write_dataset(mini_dataset())
    counts = store.counts()
    assert list(counts) == [*model.NODE_LABELS, *model.REL_TYPES]
    assert counts["Actor"] == 4 and counts["COOPERATES_WITH"] == 3 and counts["LOCATED_IN"] == 8


def test_the_id_of_every_label_is_unique_in_the_database(store):
    store.write_dataset(mini_dataset())
    store.ensure_schema()  # idempotent: a second call changes nothing and raises nothing
    with store.driver.session(database=store.database) as session, pytest.raises(ConstraintError):
        session.run("CREATE (:Actor {id: 'ak-1'})").consume()
    assert store.counts()["Actor"] == 4


def test_importing_the_same_data_twice_changes_nothing(store):
    ds = mini_dataset()
    first = store.write_dataset(ds)
    before = versions(store, "Actor")
    second = store.write_dataset(load_or_raise(MINI))
    assert first.changed_nodes == 14
    assert (second.changed_nodes, second.changed_rels, second.deleted_nodes, second.deleted_rels) == (0, 0, 0, 0)
    assert versions(store, "Actor") == before
    assert second.revision == first.revision


def test_a_changed_row_bumps_version_and_updated_at_of_that_node_only(store):
    store.write_dataset(mini_dataset())
    before = versions(store, "Actor")
    ds = mini_dataset()
    ds.nodes["Actor"]["ak-2"]["name"] = "Grundschule am Mühlbach"
    summary = store.write_dataset(ds)
    after = versions(store, "Actor")
    assert summary.changed_nodes == 1
    assert after["ak-2"][0] == before["ak-2"][0] + 1
    assert after["ak-2"][1] > before["ak-2"][1]
    assert {k: v for k, v in after.items() if k != "ak-2"} == {k: v for k, v in before.items() if k != "ak-2"}


def test_moving_an_actor_to_another_area_moves_its_relationship_and_bumps_its_version(store):
    store.write_dataset(mini_dataset())
    before = versions(store, "Actor")["ak-2"][0]
    ds = mini_dataset()
    ds.rels = [r for r in ds.rels if not (r.type == "LOCATED_IN" and r.start == "ak-2")]
    ds.add_rel(Rel("LOCATED_IN", "Actor", "ak-2", "Area", "sr-1"))
    store.write_dataset(ds)
    located = {(r.start, r.end) for r in store.read_dataset().rels if r.type == "LOCATED_IN"}
    assert ("ak-2", "sr-1") in located and ("ak-2", "0123") not in located
    assert versions(store, "Actor")["ak-2"][0] == before + 1


def test_a_stored_cooperation_id_given_to_another_pair_is_refused_with_its_location(store, tmp_path):
    store.write_dataset(mini_dataset())
    before = store.read_dataset(include_persons=True).fingerprint()
    ds = partial(
        tmp_path, {"Akteure": "ID;Name;Typ;Sektor\n", "Kooperationen": "ID;Akteur A;Akteur B\nko-1;ak-1;ak-4\n"}
    )
    with pytest.raises(DataError) as caught:
        store.write_dataset(ds)
    [problem] = caught.value.problems
    assert (problem.source, problem.row, problem.column) == ("Kooperationen.csv", 2, "ID")
    assert "„ko-1“ gehört zur gespeicherten Kooperation zwischen „ak-1“ und „ak-2“" in problem.message
    assert store.read_dataset(include_persons=True).fingerprint() == before
    assert store.check_dataset(ds) == [problem]


def test_merge_keeps_what_the_import_does_not_mention(store):
    store.write_dataset(mini_dataset())
    extra = Dataset()
    extra.add_node("Actor", "ak-9", {"name": "Musikschule", "actor_type": "musikschule", "sector": "kultur"})
    extra.add_rel(Rel("COOPERATES_WITH", "Actor", "ak-9", "Actor", "ak-1", {"id": "ko-9"}))
    store.write_dataset(extra)
    counts = store.counts()
    assert counts["Actor"] == 5 and counts["COOPERATES_WITH"] == 4 and counts["Person"] == 1


def test_replace_deletes_everything_the_import_does_not_contain(store):
    store.write_dataset(mini_dataset())
    ds = mini_dataset()
    del ds.nodes["Actor"]["ak-4"]
    ds.rels = [r for r in ds.rels if "ak-4" not in (r.start, r.end)]
    summary = store.write_dataset(ds, replace=True)
    back = store.read_dataset(include_persons=True)
    assert back.fingerprint() == ds.fingerprint()
    assert summary.deleted_nodes == 1
    assert store.counts()["COOPERATES_WITH"] == 1


def test_the_revision_changes_with_every_write_and_only_then(store):
    start = store.revision()
    store.write_dataset(mini_dataset())
    after_write = store.revision()
    assert after_write != start
    assert store.revision() == after_write
    ds = mini_dataset()
    ds.nodes["Offer"]["an-1"]["topic"] = "Sprachbildung"
    store.write_dataset(ds)
    assert store.revision() not in (start, after_write)


def test_a_failure_in_the_last_batch_leaves_the_database_as_it_was(store, monkeypatch):
    store.write_dataset(mini_dataset())
    before = store.read_dataset(include_persons=True).fingerprint()
    revision = store.revision()
    monkeypatch.setattr(store, "batch_size", 1)
    ds = mini_dataset()
    for actor in ds.nodes["Actor"].values():
        actor["source"] = "Erhebung 2026"
    ds.add_node("Actor", "ak-new", {"name": "Neu", "actor_type": "verein", "sector": "kultur"})
    merges = [0]
    original = store.run_in_write

    def failing(tx, name, slots=None, **params):
        if name == "rels/state" and slots == {"type": "REPRESENTS", "start": "Person", "end": "Actor"}:
            merges[0] += 1
            raise RuntimeError("injected failure in the last batch")
        return original(tx, name, slots, **params)

    monkeypatch.setattr(store, "run_in_write", failing)
    with pytest.raises(RuntimeError, match="injected"):
        store.write_dataset(ds)
    monkeypatch.undo()
    assert merges == [1]
    assert store.read_dataset(include_persons=True).fingerprint() == before
    assert store.revision() == revision


def test_a_relationship_to_a_node_missing_in_the_database_writes_nothing(store):
    ds = Dataset()
    ds.add_node("Actor", "a", {"name": "A", "actor_type": "verein", "sector": "kultur"})
    ds.add_rel(Rel("COOPERATES_WITH", "Actor", "a", "Actor", "ghost", {"id": "k"}))
    with pytest.raises(DataError, match="nichts wurde gespeichert"):
        store.write_dataset(ds)
    assert store.is_empty()


def test_import_export_import_leaves_the_database_identical(store, tmp_path):
    store.write_dataset(mini_dataset())
    counts = store.counts()
    first = tmp_path / "erster.xlsx"
    export(store.read_dataset(include_persons=True), first, "xlsx", include_persons=True)
    store.clear()
    assert store.is_empty()
    store.write_dataset(load_or_raise(first))
    second = tmp_path / "zweiter.xlsx"
    export(store.read_dataset(include_persons=True), second, "xlsx", include_persons=True)
    assert store.counts() == counts

    def sorted_export_hash(path) -> str:
        rows = exchange_rows(load_or_raise(path), include_persons=True)
        text = repr(sorted((name, sorted(map(repr, body))) for name, body in rows.items()))
        return hashlib.sha256(text.encode()).hexdigest()

    assert sorted_export_hash(first) == sorted_export_hash(second)
    assert load_or_raise(second).fingerprint() == mini_dataset().fingerprint()


def test_csv_export_round_trips_through_the_database(store, tmp_path):
    store.write_dataset(mini_dataset())
    folder = tmp_path / "csv"
    export(store.read_dataset(include_persons=True), folder, "csv", include_persons=True)
    store.clear()
    store.write_dataset(load_or_raise(folder))
    assert store.read_dataset(include_persons=True).fingerprint() == mini_dataset().fingerprint()


def test_persons_are_read_only_when_asked(store):
    store.write_dataset(mini_dataset())
    assert store.read_dataset().counts()["Person"] == 0
    assert store.read_dataset().counts()["REPRESENTS"] == 0
    assert store.read_dataset(include_persons=True).counts()["Person"] == 1


def test_ids_lists_every_node_id_per_label(store):
    store.write_dataset(mini_dataset())
    ids = store.ids()
    assert ids["Area"] == {"kreis", "0123", "sr-1"}
    assert ids["Person"] == {"ap-1"}


def test_a_dataset_written_is_not_mutated(store):
    ds = mini_dataset()
    snapshot = copy.deepcopy(ds)
    store.write_dataset(ds)
    assert ds == snapshot


def partial(tmp_path, files: dict[str, str]) -> Dataset:
    folder = tmp_path / "teil"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return load_or_raise(folder, known_ids={"Actor": {"ak-1", "ak-2", "ak-3", "ak-4"}})


def test_a_merge_import_without_some_columns_keeps_their_stored_values(store, tmp_path):
    store.write_dataset(mini_dataset())
    ds = partial(tmp_path, {"Akteure": "ID;Name;Typ;Sektor\nak-1;Kita Sonnenschein;kita;fruehe_bildung\n"})
    summary = store.write_dataset(ds)
    back = store.read_dataset()
    kita = back.nodes["Actor"]["ak-1"]
    assert kita["name"] == "Kita Sonnenschein"  # the column the file had is updated
    assert kita["address"] == "Hauptstraße 1, 39999 Müßighausen" and kita["lat"] == pytest.approx(52.1)
    assert kita["education_areas"] == ["fruehkindlich"]
    located = {(r.start, r.end) for r in back.rels if r.type == "LOCATED_IN"}
    runs = {(r.start, r.end) for r in back.rels if r.type == "RUNS"}
    assert ("ak-1", "sr-1") in located and ("tr-2", "ak-1") in runs
    assert (summary.changed_nodes, summary.deleted_rels) == (1, 0)


def test_an_empty_cell_in_a_present_column_still_clears_the_value(store, tmp_path):
    store.write_dataset(mini_dataset())
    ds = partial(tmp_path, {"Akteure": "ID;Name;Typ;Sektor;Adresse\nak-1;Kita;kita;fruehe_bildung;\n"})
    store.write_dataset(ds)
    assert "address" not in store.read_dataset().nodes["Actor"]["ak-1"]


def test_a_cooperation_sheet_without_some_columns_keeps_their_stored_values(store, tmp_path):
    store.write_dataset(mini_dataset())
    ds = partial(
        tmp_path,
        {"Akteure": "ID;Name;Typ;Sektor\n", "Kooperationen": "ID;Akteur A;Akteur B;Bestaetigt\nko-1;ak-1;ak-2;nein\n"},
    )
    store.write_dataset(ds)
    coop = next(r for r in store.read_dataset().rels if r.props.get("id") == "ko-1")
    assert coop.props["confirmed"] is False and coop.props["intensity"] == 3
    assert coop.props["types"] == ["abstimmung", "informationsaustausch"]


def test_a_cooperation_without_id_for_a_stored_pair_takes_the_stored_id(store, tmp_path):
    store.write_dataset(mini_dataset())
    ds = partial(
        tmp_path, {"Akteure": "ID;Name;Typ;Sektor\n", "Kooperationen": "Akteur A;Akteur B;Intensitaet\nak-2;ak-1;4\n"}
    )
    store.write_dataset(ds)
    pairs = [
        r for r in store.read_dataset().rels if r.type == "COOPERATES_WITH" and {r.start, r.end} == {"ak-1", "ak-2"}
    ]
    assert len(pairs) == 1 and pairs[0].props["id"] == "ko-1" and pairs[0].props["intensity"] == 4


def test_an_explicit_other_id_for_a_stored_pair_is_refused_and_nothing_written(store, tmp_path):
    store.write_dataset(mini_dataset())
    before = store.read_dataset(include_persons=True).fingerprint()
    ds = partial(
        tmp_path, {"Akteure": "ID;Name;Typ;Sektor\n", "Kooperationen": "ID;Akteur A;Akteur B\nneu-7;ak-2;ak-1\n"}
    )
    with pytest.raises(DataError) as caught:
        store.write_dataset(ds)
    [problem] = caught.value.problems
    assert (problem.source, problem.row, problem.column) == ("Kooperationen.csv", 2, "ID")
    assert "bereits unter der ID „ko-1“" in problem.message
    assert store.read_dataset(include_persons=True).fingerprint() == before


def test_replace_counts_the_relationships_deleted_with_their_nodes(store):
    store.write_dataset(mini_dataset())
    rels_before = sum(v for k, v in store.counts().items() if k in model.REL_TYPES)
    ds = mini_dataset()
    del ds.nodes["Actor"]["ak-4"]
    ds.rels = [r for r in ds.rels if "ak-4" not in (r.start, r.end)]
    summary = store.write_dataset(ds, replace=True)
    rels_after = sum(v for k, v in store.counts().items() if k in model.REL_TYPES)
    assert summary.deleted_rels == rels_before - rels_after > 0


def test_the_schema_step_creates_the_revision_node_before_any_write(store):
    with store.driver.session(database=store.database) as session:
        session.run("MATCH (m:Meta) DELETE m").consume()
    assert store.revision() == "0"
    store._schema_ready = False
    store.ensure_schema()
    assert store.revision().endswith(":0")
    store.write_dataset(mini_dataset())
    assert store.revision().endswith(":1")
