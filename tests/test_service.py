"""Edits through the store: validated like the import, refused when someone else saved first."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import mini_dataset

from graph import service
from graph.errors import ConflictError, DataError


def test_a_form_is_validated_with_the_import_rules():
    with pytest.raises(DataError) as exc:
        service.parse_record("Actor", {"ID": "x", "Name": "X", "Typ": "Kitta", "Sektor": "schule"}, {})
    assert [(p.column, p.message.split(".")[0]) for p in exc.value.problems] == [("Typ", "Unbekannter Wert „Kitta“")]


def test_a_form_row_gives_properties_and_owned_relationships():
    node_id, props, rels = service.parse_record(
        "Actor",
        {"ID": "x", "Name": "Kita X", "Typ": "Kita", "Sektor": "Frühe Bildung", "Gebiet": "g1"},
        {"Area": {"g1"}},
    )
    assert node_id == "x" and props == {"name": "Kita X", "actor_type": "kita", "sector": "fruehe_bildung"}
    assert [(r.type, r.start, r.end) for r in rels] == [("LOCATED_IN", "x", "g1")]


def test_save_create_update_and_delete_with_version_checks(store):
    store.write_dataset(mini_dataset())
    version = store.node_version("Actor", "ak-3")
    new_version = store.save_node(
        "Actor", "ak-3", {"name": "VHS neu", "actor_type": "vhs", "sector": "weiterbildung"}, [], version
    )
    assert new_version == version + 1
    with pytest.raises(ConflictError, match="inzwischen"):
        store.save_node(
            "Actor", "ak-3", {"name": "veraltet", "actor_type": "vhs", "sector": "weiterbildung"}, [], version
        )
    assert store.read_dataset().nodes["Actor"]["ak-3"]["name"] == "VHS neu"
    with pytest.raises(ConflictError, match="gibt es bereits"):
        store.save_node("Actor", "ak-3", {"name": "doppelt", "actor_type": "vhs", "sector": "kultur"}, [], None)
    assert store.save_node("Actor", "ak-9", {"name": "Neu", "actor_type": "verein", "sector": "kultur"}, [], None) == 1
    with pytest.raises(ConflictError):
        store.delete_node("Actor", "ak-9", 7)
    store.delete_node("Actor", "ak-9", 1)
    assert "ak-9" not in store.ids()["Actor"]


def test_saving_moves_the_owned_relationships(store):
    store.write_dataset(mini_dataset())
    node_id, props, rels = service.parse_record(
        "Actor",
        {"ID": "ak-2", "Name": "Grundschule", "Typ": "grundschule", "Sektor": "schule", "Gebiet": "sr-1"},
        store.ids(),
    )
    store.save_node("Actor", node_id, props, rels, store.node_version("Actor", "ak-2"))
    located = {(r.start, r.end) for r in store.read_dataset().rels if r.type == "LOCATED_IN"}
    runs = {(r.start, r.end) for r in store.read_dataset().rels if r.type == "RUNS"}
    assert ("ak-2", "sr-1") in located and ("ak-2", "0123") not in located and ("tr-1", "ak-2") not in runs


def test_network_filters_narrow_the_view():
    ds = mini_dataset()
    day = dt.date(2024, 6, 1)
    everything = service.network(ds, day)
    assert everything.graph.number_of_nodes() == 4
    assert set(service.network(ds, day, service.NetworkFilter(sectors=("schule",))).graph) == {"ak-2"}
    assert set(service.network(ds, day, service.NetworkFilter(areas=("0123",))).graph) == {"ak-1", "ak-2"}
    assert set(service.network(ds, day, service.NetworkFilter(committee="gr-1")).graph) == {"ak-3", "ak-4"}
    ego = service.network(ds, day, service.NetworkFilter(center="ak-1", depth=1))
    assert set(ego.graph) == {"ak-1", "ak-2"}


def test_shared_committees_are_added_as_a_second_kind_of_edge():
    from graph.dataset import Rel

    ds = mini_dataset()
    ds.add_rel(Rel("MEMBER_OF", "Actor", "ak-1", "Committee", "gr-1", {"role": "member"}))
    day = dt.date(2024, 6, 1)
    plain = service.network(ds, day).graph
    shared = service.network(ds, day, service.NetworkFilter(co_membership=True)).graph
    assert not plain.has_edge("ak-1", "ak-3") and shared.edges["ak-1", "ak-3"]["committees"] == 1
    assert shared.edges["ak-1", "ak-2"].get("committees") is None  # cooperating pairs keep their cooperation edge


def test_concurrent_edits_of_one_record_keep_exactly_one_and_refuse_the_others(store):
    from concurrent.futures import ThreadPoolExecutor

    store.write_dataset(mini_dataset())
    version = store.node_version("Actor", "ak-3")

    def edit(i: int) -> str:
        props = {"name": f"VHS Fassung {i}", "actor_type": "vhs", "sector": "weiterbildung"}
        try:
            store.save_node("Actor", "ak-3", props, [], version)
        except ConflictError:
            return "refused"
        return "saved"

    with ThreadPoolExecutor(8) as pool:
        outcomes = list(pool.map(edit, range(8)))
    assert outcomes.count("saved") == 1 and outcomes.count("refused") == 7
    assert store.node_version("Actor", "ak-3") == version + 1
    winner = outcomes.index("saved")
    assert store.read_dataset().nodes["Actor"]["ak-3"]["name"] == f"VHS Fassung {winner}"
