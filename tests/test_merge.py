"""Merge semantics that lose nothing: absent columns keep stored values, ids stay with their pair.

Each case builds its own small file (CSV folder) and imports it over the
hand-written mini dataset (tests/data/mini) in the real embedded engine. The
expected values are the mini dataset's own cells, read off the CSV files.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import mini_dataset

from graph import importing
from graph.dataset import Dataset
from graph.db.store import Store
from graph.errors import DataError
from graph.io.problems import errors
from graph.io.validate import load_or_raise

ACTORS = {"Actor": {"ak-1", "ak-2", "ak-3", "ak-4"}, "Committee": {"gr-1", "gr-2"}}


def files(tmp_path: Path, tables: dict[str, str]) -> Path:
    folder = tmp_path / "datei"
    folder.mkdir(exist_ok=True)
    for name, text in {"Akteure": "ID;Name;Typ;Sektor\n", **tables}.items():
        (folder / f"{name}.csv").write_text(text, encoding="utf-8")
    return folder


def partial(tmp_path: Path, tables: dict[str, str]) -> Dataset:
    return load_or_raise(files(tmp_path, tables), known_ids=ACTORS)


def coop(store: Store, a: str, b: str) -> dict:
    [found] = [r.props for r in store.read_dataset().rels if r.type == "COOPERATES_WITH" and {r.start, r.end} == {a, b}]
    return dict(found)


def test_a_cooperation_sheet_without_an_id_column_keeps_every_stored_field_of_the_pairs_it_names(store, tmp_path):
    store.write_dataset(mini_dataset())
    before = coop(store, "ak-1", "ak-2")
    store.write_dataset(partial(tmp_path, {"Kooperationen": "Akteur A;Akteur B;Bestaetigt\nak-2;ak-1;nein\n"}))
    after = coop(store, "ak-1", "ak-2")
    assert after["confirmed"] is False
    assert after["id"] == "ko-1"
    assert after["types"] == ["abstimmung", "informationsaustausch"] and after["intensity"] == 3
    assert after["formality"] == "schriftliche_absprache" and after["source"] == "Umfrage 2024"
    assert {k: v for k, v in after.items() if k != "confirmed"} == {k: v for k, v in before.items() if k != "confirmed"}


def test_an_empty_id_cell_in_a_present_id_column_also_keeps_the_stored_fields(store, tmp_path):
    store.write_dataset(mini_dataset())
    store.write_dataset(partial(tmp_path, {"Kooperationen": "ID;Akteur A;Akteur B;Intensitaet\n;ak-1;ak-2;4\n"}))
    after = coop(store, "ak-1", "ak-2")
    assert after["id"] == "ko-1" and after["intensity"] == 4
    assert after["types"] == ["abstimmung", "informationsaustausch"] and after["source"] == "Umfrage 2024"


def test_a_present_column_with_an_empty_cell_still_clears_a_cooperation_field(store, tmp_path):
    store.write_dataset(mini_dataset())
    store.write_dataset(partial(tmp_path, {"Kooperationen": "Akteur A;Akteur B;Quelle\nak-1;ak-2;\n"}))
    after = coop(store, "ak-1", "ak-2")
    assert "source" not in after and after["intensity"] == 3


def test_a_membership_sheet_without_the_role_column_keeps_the_stored_roles(store, tmp_path):
    store.write_dataset(mini_dataset())
    store.write_dataset(partial(tmp_path, {"Mitgliedschaften": "Gremium;Akteur;Seit\ngr-1;ak-4;2024-01-01\n"}))
    [chair] = [r.props for r in store.read_dataset().rels if r.type == "MEMBER_OF" and r.start == "ak-4"]
    assert chair["role"] == "chair" and str(chair["since"]) == "2024-01-01"


def test_a_replace_keeps_the_stored_values_of_columns_the_file_lacks_for_the_rows_it_keeps(store, tmp_path):
    store.write_dataset(mini_dataset())
    full = mini_dataset()
    ds = partial(
        tmp_path,
        {
            "Gebiete": "ID;Name;Typ;Teil von\nkreis;Testkreis;kreis;\n0123;Müßighausen;gemeinde;kreis\n"
            "sr-1;Nord;sozialraum;0123\n",
            "Akteure": "ID;Name;Typ;Sektor;Gebiet\n"
            + "".join(
                f"{nid};{p['name']};{p['actor_type']};{p['sector']};{area}\n"
                for (nid, p), area in zip(
                    sorted(full.nodes["Actor"].items()), ["sr-1", "0123", "kreis", "kreis"], strict=True
                )
            ),
        },
    )
    store.write_dataset(ds, replace=True)
    back = store.read_dataset()
    assert back.nodes["Actor"]["ak-1"]["address"] == "Hauptstraße 1, 39999 Müßighausen"
    assert not back.nodes["Institution"] and not any(r.type == "RUNS" for r in back.rels)  # no Träger sheet: deleted


def test_a_dry_run_refuses_what_the_import_refuses_with_the_same_location(store, tmp_path):
    store.write_dataset(mini_dataset())
    folder = files(tmp_path, {"Kooperationen": "ID;Akteur A;Akteur B\nko-3;ak-1;ak-3\n"})
    checked = importing.prepare(store.acting_as(store.principal), folder)
    [problem] = errors(checked.problems)
    assert (problem.source, problem.row, problem.column) == ("Kooperationen.csv", 2, "ID")
    with pytest.raises(DataError) as caught:
        store.write_dataset(checked.dataset)
    assert caught.value.problems == [problem]


def test_the_stored_id_for_its_own_pair_and_a_new_id_for_a_new_pair_are_accepted(store, tmp_path):
    store.write_dataset(mini_dataset())
    folder = files(tmp_path, {"Kooperationen": "ID;Akteur A;Akteur B\nko-1;ak-1;ak-2\nko-9;ak-1;ak-3\n"})
    checked = importing.prepare(store, folder)
    assert checked.ok  # a new id for a new pair and the stored id for its own pair: nothing to refuse
    summary = importing.commit(store, checked)
    assert summary.changed_rels == 1


def test_replacing_with_an_empty_actor_list_is_refused_by_the_check_and_by_the_commit(store, tmp_path):
    store.write_dataset(mini_dataset())
    folder = files(tmp_path, {"Akteure": "ID;Name;Typ;Sektor\n"})
    checked = importing.prepare(store, folder, replace=True)
    assert [p.source for p in errors(checked.problems)] == ["Akteure"]
    with pytest.raises(DataError):
        importing.commit(store, checked, replace=True)
    assert store.counts()["Actor"] == 4


def test_replacing_without_contact_persons_gives_a_hinweis_with_their_number(store, tmp_path):
    store.write_dataset(mini_dataset())
    folder = files(tmp_path, {"Akteure": "ID;Name;Typ;Sektor\nak-1;Kita;kita;fruehe_bildung\n"})
    checked = importing.prepare(store, folder, replace=True)
    assert checked.ok
    [note] = [p for p in checked.problems if p.source == "Ansprechpersonen"]
    assert note.severity == "Hinweis" and "1 Ansprechpersonen gelöscht" in note.message
