"""Anonymised output: pseudonyms by type and area code, coarser where an actor is the only one of its type."""

from __future__ import annotations

import pandas as pd

from graph.anonymise import COARSE_NOTE, Pseudonyms, area_codes
from graph.dataset import Dataset, Rel


def district() -> Dataset:
    ds = Dataset()
    ds.add_node("Area", "kreis", {"name": "Landkreis Test", "area_type": "kreis"})
    for area, name in (("g1", "Altdorf"), ("g2", "Neustadt")):
        ds.add_node("Area", area, {"name": name, "area_type": "gemeinde"})
        ds.add_rel(Rel("PART_OF", "Area", area, "Area", "kreis"))
    ds.add_node("Area", "s1", {"name": "Altdorf Nord", "area_type": "sozialraum"})
    ds.add_rel(Rel("PART_OF", "Area", "s1", "Area", "g1"))
    actors = {
        "k1": ("Kita Sonnenschein", "kita", "s1"),
        "k2": ("Kita Sonnenschein Nord", "kita", "s1"),
        "k3": ("Kita Regenbogen", "kita", "g1"),
        "j1": ("Jobcenter Testkreis", "jobcenter", "g2"),
        "v1": ("VHS Altdorf", "vhs", "s1"),
        "v2": ("VHS Neustadt", "vhs", "g2"),
    }
    for actor, (name, kind, area) in actors.items():
        ds.add_node("Actor", actor, {"name": name, "actor_type": kind, "sector": "schule", "address": "Weg 1"})
        ds.add_rel(Rel("LOCATED_IN", "Actor", actor, "Area", area))
    ds.add_node("Institution", "t1", {"name": "Stadt Altdorf"})
    return ds


def test_an_actor_with_others_of_its_type_in_its_area_keeps_the_code_of_its_area():
    p = Pseudonyms.build(district())
    code = area_codes({"kreis": "", "g1": "", "g2": "", "s1": ""})["s1"]
    assert {p.actors["k1"], p.actors["k2"]} == {f"Kita {code}-1", f"Kita {code}-2"}
    assert "k1" not in p.coarsened and "k2" not in p.coarsened


def test_the_only_one_of_its_type_in_its_area_gets_the_next_larger_area_and_the_output_says_so():
    p = Pseudonyms.build(district())
    gemeinde = area_codes({"kreis": "", "g1": "", "g2": "", "s1": ""})["g1"]
    assert p.actors["k3"] == f"Kita {gemeinde}-1"  # two more Kitas in Altdorf, in its Sozialraum
    assert p.actors["j1"] == "Jobcenter Kreis-1"  # the only Jobcenter of the district
    assert p.actors["v1"].startswith("Volkshochschule Kreis-") and p.actors["v2"].startswith("Volkshochschule Kreis-")
    assert {"j1", "v1", "v2"} <= p.coarsened and p.note == COARSE_NOTE


def test_area_codes_do_not_follow_the_alphabetical_order_of_the_names():
    names = {f"id-{i}": f"Gemeinde {chr(65 + i)}" for i in range(12)}
    codes = area_codes(names)
    by_name = [codes[a] for a in sorted(names, key=names.get)]
    assert sorted(codes.values()) == [f"G{i:02d}" for i in range(1, 13)]
    assert by_name != sorted(by_name)


def test_text_replaces_the_longer_name_first_and_leaves_other_words_alone():
    p = Pseudonyms.build(district())
    sentence = "Kita Sonnenschein Nord und Kita Sonnenschein arbeiten mit der Stadt Altdorf in Altdorf zusammen."
    out = p.text(sentence)
    assert out == (f"{p.actors['k2']} und {p.actors['k1']} arbeiten mit der Träger 1 in Altdorf zusammen.")


def test_a_table_gets_pseudonyms_in_id_columns_and_text_cells_and_numbers_stay():
    p = Pseudonyms.build(district())
    table = pd.DataFrame({"a": ["k1"], "b": ["j1"], "score": [0.5], "explanation": ["Jobcenter Testkreis hilft."]})
    out = p.frame(table)
    assert list(out.iloc[0]) == [p.actors["k1"], p.actors["j1"], 0.5, f"{p.actors['j1']} hilft."]


def test_the_drawing_dataset_has_no_name_address_or_person():
    ds = district()
    ds.add_node("Person", "p1", {"name": "Erika Muster"})
    out = Pseudonyms.build(ds).dataset(ds)
    assert not out.nodes["Person"]
    assert all("address" not in props for props in out.nodes["Actor"].values())
    names = {props["name"] for props in out.nodes["Actor"].values()}
    assert not names & {props["name"] for props in ds.nodes["Actor"].values()}


def test_the_drawing_dataset_names_areas_by_code_so_that_no_legend_pairs_a_code_with_a_name():
    ds = district()
    shown = Pseudonyms.build(ds).dataset(ds)
    codes = area_codes({a: "" for a in ds.nodes["Area"]})
    assert {a: p["name"] for a, p in shown.nodes["Area"].items()} == {
        "kreis": "Landkreis Test",  # the district is named on every output anyway
        "g1": codes["g1"],
        "g2": codes["g2"],
        "s1": codes["s1"],
    }


def test_an_anonymised_picture_coloured_by_area_shows_no_area_name_below_the_district(tmp_path):
    import datetime as dt

    from graph import service

    ds = district()
    for a, b in (("k1", "k2"), ("k2", "v1"), ("v1", "v2"), ("v2", "j1"), ("k3", "k1")):
        ds.add_rel(Rel("COOPERATES_WITH", "Actor", a, "Actor", b, {"id": f"c-{a}-{b}", "intensity": 2}))
    svg = service.network_picture(
        ds, dt.date(2026, 6, 30), tmp_path / "netz.svg", color_by="area", anonymous=True
    ).decode("utf-8")
    for name in ("Altdorf", "Neustadt", "Sonnenschein", "Regenbogen", "Jobcenter Testkreis"):
        assert name not in svg


def test_a_traeger_named_like_an_area_does_not_turn_the_area_name_into_a_pseudonym():
    ds = district()
    ds.add_node("Institution", "t2", {"name": "Landkreis Test"})  # the district as Träger of its schools
    p = Pseudonyms.build(ds)
    assert p.institutions["t2"].startswith("Träger ")
    assert p.text("Bildungskonferenz Landkreis Test") == "Bildungskonferenz Landkreis Test"
    assert p.text("Stadt Altdorf") == p.institutions["t1"]  # other Träger names are still replaced
