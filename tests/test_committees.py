"""Gremienlandkarte: hand-built committee structures with their known answers, and the planted demo findings.

Every expected value below is worked out by hand from the small structure the test builds (depths of a
tree, the members two committees share, the median of a sector), never read from the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import pytest
from conftest import DEMO, ROOT

from graph import display
from graph.analysis import committees as cm
from graph.analysis.duplicates import duplicates
from graph.anonymise import Pseudonyms
from graph.build import landscape
from graph.cli import main as cli_main
from graph.dataset import Dataset, Rel
from graph.errors import UsageError
from graph.io.export import write_csv
from graph.io.validate import load_or_raise

DAY = dt.date(2026, 3, 1)
PLANTED = json.loads((ROOT / "data" / "demo" / "planted.json").read_text(encoding="utf-8"))

# -- building blocks ----------------------------------------------------------------------------------

#: A small cast of actors: id -> (name, actor_type, sector).
CAST: dict[str, tuple[str, str, str]] = {
    "kita1": ("Kita Sonnenblume", "kita", "fruehe_bildung"),
    "kita2": ("Kita Regenbogen", "kita", "fruehe_bildung"),
    "gs1": ("Grundschule am Park", "grundschule", "schule"),
    "gs2": ("Grundschule Lindenweg", "grundschule", "schule"),
    "ws1": ("Oberschule Nord", "weiterfuehrende_schule", "schule"),
    "bbs": ("Berufsbildende Schule Probe", "berufliche_schule", "berufsbildung"),
    "ihk": ("IHK Probe", "kammer", "wirtschaft"),
    "bb": ("Bildungsbüro Probe", "kreisverwaltung", "verwaltung"),
    "ja": ("Jugendamt Probe", "kreisverwaltung", "jugendhilfe"),
    "vhs": ("Volkshochschule Probe", "vhs", "weiterbildung"),
}


def district(
    committees: Mapping[str, Mapping[str, Any]],
    seats: Iterable[tuple[Any, ...]],
    *,
    reports: Iterable[tuple[str, str]] = (),
    actors: Mapping[str, tuple[str, str, str]] | None = None,
) -> Dataset:
    """A dataset of ``committees`` (id -> properties), ``seats`` (actor, committee, role[, since, until]),
    ``reports`` (committee, reports to) and ``actors`` (default :data:`CAST`)."""
    ds = Dataset()
    ds.add_node("Area", "lk", {"name": "Landkreis Probe", "area_type": "kreis"})
    ds.add_node("Area", "g1", {"name": "Adorf", "area_type": "gemeinde"})
    ds.add_rel(Rel("PART_OF", "Area", "g1", "Area", "lk"))
    for actor_id, (name, actor_type, sector) in (actors or CAST).items():
        ds.add_node("Actor", actor_id, {"name": name, "actor_type": actor_type, "sector": sector})
        ds.add_rel(Rel("LOCATED_IN", "Actor", actor_id, "Area", "g1"))
    for committee_id, props in committees.items():
        ds.add_node("Committee", committee_id, {"committee_type": "arbeitskreis", "name": committee_id, **props})
    for seat in seats:
        actor, committee, role, *dates = seat
        props = {"role": role}
        if dates:
            props["since"], props["until"] = dates[0], dates[1]
        ds.add_rel(Rel("MEMBER_OF", "Actor", actor, "Committee", committee, props))
    for start, end in reports:
        ds.add_rel(Rel("REPORTS_TO", "Committee", start, "Committee", end))
    return ds


def members(committee: str, actor_ids: Iterable[str], role: str = "member") -> list[tuple[str, str, str]]:
    return [(a, committee, role) for a in actor_ids]


def pool(prefix: str, n: int, sector: str = "zivilgesellschaft") -> dict[str, tuple[str, str, str]]:
    """``n`` clubs ``prefix1`` … named "Verein <prefix> <i>"."""
    return {f"{prefix}{i}": (f"Verein {prefix.upper()} {i}", "verein", sector) for i in range(1, n + 1)}


# -- 1. structure: tree, cycle, orphan, without members ------------------------------------------------


@pytest.fixture(scope="module")
def tree_district() -> Dataset:
    # Bildungskonferenz (top), Lenkungskreis (top) <- Steuerungsgruppe <- AK Kita, AK Beruf
    return district(
        {
            "bk": {"name": "Bildungskonferenz", "committee_type": "bildungskonferenz", "meetings_per_year": 1},
            "lk": {"name": "Lenkungskreis", "committee_type": "lenkungskreis", "meetings_per_year": 2},
            "sg": {"name": "Steuerungsgruppe", "committee_type": "steuerungsgruppe", "meetings_per_year": 4},
            "ak_kita": {"name": "AK Kita", "themes": ["Sprachbildung"], "meetings_per_year": 6},
            "ak_beruf": {"name": "AK Beruf", "themes": ["Fachkräfte", "Ausbildung"]},
        },
        [
            ("bb", "lk", "chair"),
            ("ja", "lk", "member"),
            ("bb", "sg", "office"),
            ("ja", "sg", "chair"),
            ("vhs", "sg", "chair"),
            ("kita1", "ak_kita", "member"),
            ("ja", "ak_kita", "chair"),
            ("ihk", "ak_beruf", "member"),
            ("bbs", "bk", "member"),
        ],
        reports=[("sg", "lk"), ("ak_kita", "sg"), ("ak_beruf", "sg")],
    )


def test_the_reporting_tree_gives_each_committee_its_depth_parent_size_and_chairs(tree_district):
    tree = cm.reporting_tree(tree_district, DAY)
    # tree order: the tops by name, each followed by what reports to it (by name)
    assert list(tree["id"]) == ["bk", "lk", "sg", "ak_beruf", "ak_kita"]
    assert dict(zip(tree["id"], tree["depth"], strict=True)) == {"bk": 0, "lk": 0, "sg": 1, "ak_beruf": 2, "ak_kita": 2}
    row = tree.set_index("id")
    assert row.loc["sg", "reports_to"] == "lk" and row.loc["sg", "reports_to_name"] == "Lenkungskreis"
    assert pd.isna(row.loc["lk", "reports_to"])
    assert row.loc["sg", "size"] == 3 and row.loc["ak_beruf", "size"] == 1
    assert row.loc["sg", "chair"] == "Jugendamt Probe; Volkshochschule Probe"  # two chairs, by name
    assert pd.isna(row.loc["ak_beruf", "chair"])
    assert row.loc["ak_beruf", "themes"] == ["Fachkräfte", "Ausbildung"]
    assert row.loc["ak_kita", "meetings_per_year"] == 6 and pd.isna(row.loc["ak_beruf", "meetings_per_year"])
    assert not row["in_cycle"].any() and row["orphan_of"].isna().all()


def test_a_clean_tree_has_no_structure_finding(tree_district):
    assert cm.structure_findings(tree_district, DAY).empty


@pytest.fixture(scope="module")
def troubled() -> Dataset:
    # a and b report to each other; c reports to a (below the circle); orphan reports to a dissolved committee;
    # near miss: still reports to one that is dissolved only on DAY (valid through the day);
    # lonely: an Arbeitskreis without a line; net: a network without one; lk, bk: tops without one
    return district(
        {
            "a": {"name": "AK A"},
            "b": {"name": "AK B"},
            "c": {"name": "AK C"},
            "alt": {"name": "AK Alt", "valid_to": dt.date(2025, 12, 31)},
            "orphan": {"name": "AK Waise"},
            "ends_today": {"name": "AK Endet heute", "valid_to": DAY, "committee_type": "lenkungskreis"},
            "still": {"name": "AK Noch angebunden"},
            "lonely": {"name": "AK Allein"},
            "net": {"name": "Netzwerk Mitte", "committee_type": "netzwerk"},
            "lk": {"name": "Lenkungskreis", "committee_type": "lenkungskreis"},
            "bk": {"name": "Bildungskonferenz", "committee_type": "bildungskonferenz"},
            "empty": {"name": "AK Leer", "committee_type": "lenkungskreis"},
        },
        [
            *[
                (a, c, "member")
                for c in ("a", "b", "c", "orphan", "ends_today", "still", "lonely", "net")
                for a in ["bb"]
            ],
            ("bb", "lk", "chair"),
            ("ja", "bk", "member"),
            ("ja", "alt", "member"),
            ("ja", "empty", "member", dt.date(2020, 1, 1), dt.date(2026, 2, 28)),  # left the day before DAY
        ],
        reports=[("a", "b"), ("b", "a"), ("c", "a"), ("orphan", "alt"), ("still", "ends_today")],
    )


def test_a_cycle_an_orphan_and_committees_without_line_or_members_are_named(troubled):
    found = cm.structure_findings(troubled, DAY)
    got = [(kind, ids) for kind, ids in zip(found["kind"], found["committees"], strict=True)]
    assert got == [
        ("ohne_berichtslinie", ["lonely"]),
        ("ohne_berichtslinie", ["net"]),
        ("zyklus", ["a", "b"]),
        ("verwaist", ["orphan"]),
        ("ohne_mitglieder", ["empty"]),
    ]
    orphan = found[found["kind"] == "verwaist"]["explanation"].iloc[0]
    assert "„AK Waise“" in orphan and "„AK Alt“" in orphan and "31.12.2025 aufgelöst" in orphan
    cycle = found[found["kind"] == "zyklus"]["explanation"].iloc[0]
    assert "„AK A“" in cycle and "„AK B“" in cycle


def test_near_misses_stay_silent(troubled):
    found = cm.structure_findings(troubled, DAY)
    named = {c for ids in found["committees"] for c in ids}
    # tops without a line, a committee below a circle (its line exists), one reporting to a committee
    # dissolved only on DAY, one whose last member left the day before … is no orphan and not empty
    assert not named & {"lk", "bk", "c", "still", "ends_today"}


def test_the_tree_marks_the_circle_and_the_orphan(troubled):
    tree = cm.reporting_tree(troubled, DAY).set_index("id")
    assert tree.loc["a", "in_cycle"] and tree.loc["b", "in_cycle"] and not tree.loc["c", "in_cycle"]
    assert pd.isna(tree.loc["a", "depth"]) and pd.isna(tree.loc["c", "depth"])  # below a circle: no depth
    assert tree.loc["c", "reports_to"] == "a"
    assert tree.loc["orphan", "depth"] == 0 and pd.isna(tree.loc["orphan", "reports_to"])
    assert tree.loc["orphan", "orphan_of"] == "alt"
    assert tree.loc["still", "reports_to"] == "ends_today" and tree.loc["still", "depth"] == 1
    assert "alt" not in tree.index  # dissolved: not in the tree of DAY


# -- transitions --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def transition_district() -> Dataset:
    return district(
        {
            "one_sided": {"name": "AK Übergang Kita–Grundschule", "themes": ["Übergang Kita–Grundschule"]},
            "both": {"name": "Netzwerk Einschulung", "themes": ["kita - grundschule"], "committee_type": "netzwerk"},
            "near": {"name": "AK Kita-Qualität", "themes": ["Kita-Qualität"]},  # names only one side: no cover
            "beruf": {"name": "AK Schule und Beruf", "themes": ["Übergang Schule–Beruf"]},
        },
        [
            *members("one_sided", ["kita1", "kita2", "bb"]),
            *members("both", ["kita1", "gs1"]),
            *members("near", ["kita2", "gs2"]),
            *members("beruf", ["bbs", "ihk"]),
        ],
    )


def test_a_transition_committee_without_one_side_is_a_gap(transition_district):
    table = cm.transition_coverage(transition_district, DAY)
    kita = table[(table["kind"] == "transition") & (table["key"] == "kita_grundschule")].set_index("committee")
    assert set(kita.index) == {"one_sided", "both"}  # "Kita-Qualität" does not name the transition
    assert (kita.loc["one_sided", "side_a"], kita.loc["one_sided", "side_b"]) == (2, 0)
    assert kita.loc["one_sided", "one_sided"] and kita.loc["one_sided", "missing_side"] == "b"
    assert kita.loc["one_sided", "finding"]
    assert "aufnehmende Seite fehlt" in kita.loc["one_sided", "explanation"]
    assert (kita.loc["both", "side_a"], kita.loc["both", "side_b"]) == (1, 1)
    assert not kita.loc["both", "one_sided"] and not kita.loc["both", "finding"]
    beruf = table[(table["key"] == "schule_beruf")].set_index("committee")
    # Berufsschule and IHK take over; no weiterführende Schule hands over
    assert beruf.loc["beruf", "missing_side"] == "a" and (
        beruf.loc["beruf", "side_a"],
        beruf.loc["beruf", "side_b"],
    ) == (0, 2)


def test_a_transition_no_committee_covers_is_one_finding_row(transition_district):
    table = cm.transition_coverage(transition_district, DAY)
    sek = table[(table["kind"] == "transition") & (table["key"] == "grundschule_sek1")]
    assert len(sek) == 1 and pd.isna(sek["committee"].iloc[0])
    assert not sek["covered"].iloc[0] and sek["finding"].iloc[0]
    assert "Grundschule → Sekundarstufe I" in sek["explanation"].iloc[0]
    covered = set(table[(table["kind"] == "transition") & table["covered"]]["key"])
    assert covered == {"kita_grundschule", "schule_beruf"}


def test_education_areas_are_covered_by_themes_and_count_the_members_working_there():
    actors = {"k": ("Kita Eins", "kita", "fruehe_bildung"), "v": ("VHS Eins", "vhs", "weiterbildung")}
    ds = district(
        {"ak": {"name": "AK Frühe Bildung", "themes": ["Frühe Bildung"]}}, members("ak", ["k", "v"]), actors=actors
    )
    ds.nodes["Actor"]["k"]["education_areas"] = ["fruehkindlich"]
    table = cm.transition_coverage(ds, DAY)
    rows = table[table["kind"] == "education_area"].set_index("key")
    assert rows.loc["fruehkindlich", "committee"] == "ak" and rows.loc["fruehkindlich", "side_a"] == 1
    assert not rows.loc["fruehkindlich", "finding"]
    assert pd.isna(rows.loc["hochschule", "committee"]) and rows.loc["hochschule", "finding"]


# -- 2. overlap --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def overlap_district() -> Dataset:
    cast = {**pool("p", 10), **pool("q", 10), **pool("r", 5), **pool("s", 4)}
    return district(
        {
            # 7 of 10 shared (0.7), the same theme spelt differently: a merge candidate
            "x": {"name": "AK Berufsorientierung", "themes": ["Berufsorientierung", "Fachkräfte"]},
            "y": {"name": "AK Übergang Schule–Beruf", "themes": [" berufsorientierung "]},
            # 4 of 10 shared (0.4) with a shared theme: not
            "z": {"name": "AK Integration", "themes": ["Integration"]},
            "w": {"name": "Netzwerk Integration", "themes": ["Integration"], "committee_type": "netzwerk"},
            # exactly 0.6 (3 of 5) with a shared theme: a candidate; the same without a shared theme: not
            "u": {"name": "AK U", "themes": ["Ganztag"]},
            "v": {"name": "AK V", "themes": ["Ganztag"]},
            "t": {"name": "AK T", "themes": ["Jugendarbeit"]},
            # 2 of 4 shared (0.5) with a shared theme: below the threshold
            "m": {"name": "AK M", "themes": ["Familien"]},
            "n": {"name": "AK N", "themes": ["Familien"]},
        },
        [
            *members("x", [f"p{i}" for i in range(1, 9)]),
            *members("y", [*(f"p{i}" for i in range(1, 8)), "p9", "p10"]),
            *members("z", [f"q{i}" for i in range(1, 8)]),
            *members("w", ["q1", "q2", "q3", "q4", "q8", "q9", "q10"]),
            *members("u", ["r1", "r2", "r3", "r4"]),
            *members("v", ["r1", "r2", "r3", "r5"]),
            *members("m", ["s1", "s2", "s3"]),
            *members("n", ["s1", "s2", "s4"]),
        ],
        reports=[("x", "u"), ("y", "u")],
        actors=cast,
    )


def test_two_committees_sharing_70_percent_and_a_theme_are_a_merge_candidate(overlap_district):
    table = cm.committee_overlap(overlap_district, DAY).set_index(["a", "b"])
    row = table.loc[("x", "y")]
    assert row["jaccard"] == pytest.approx(0.7) and row["shared"] == 7
    assert row["merge_candidate"] and row["shared_themes"] == ["Berufsorientierung"]
    assert row["same_reporting_line"] and not row["same_area"]  # the committees are located nowhere
    assert row["shared_members"] == "; ".join(f"Verein P {i}" for i in range(1, 8))
    assert "7 von 10 Mitgliedern gemeinsam (70 %)" in row["reasons"]
    assert "beide berichten an „AK U“" in row["reasons"]
    assert "zusammengelegt" in row["explanation"]


def test_two_committees_sharing_40_percent_are_no_merge_candidate(overlap_district):
    row = cm.committee_overlap(overlap_district, DAY).set_index(["a", "b"]).loc[("w", "z")]
    assert row["jaccard"] == pytest.approx(0.4) and row["shared"] == 4 and row["shared_themes"] == ["Integration"]
    assert not row["merge_candidate"] and "kein Kandidat" in row["explanation"]


@pytest.mark.parametrize(
    ("pair", "jaccard", "candidate"),
    [(("u", "v"), 0.6, True), (("m", "n"), 0.5, False)],
)
def test_the_merge_threshold_is_inclusive(overlap_district, pair, jaccard, candidate):
    row = cm.committee_overlap(overlap_district, DAY).set_index(["a", "b"]).loc[pair]
    assert row["jaccard"] == pytest.approx(jaccard) and bool(row["merge_candidate"]) is candidate


def test_the_same_overlap_without_a_shared_theme_is_no_candidate():
    cast = pool("r", 5)
    ds = district(
        {"u": {"name": "AK U", "themes": ["Ganztag"]}, "t": {"name": "AK T", "themes": ["Jugendarbeit"]}},
        [*members("u", ["r1", "r2", "r3", "r4"]), *members("t", ["r1", "r2", "r3", "r5"])],
        actors=cast,
    )
    row = cm.committee_overlap(ds, DAY).iloc[0]
    assert row["jaccard"] == pytest.approx(0.6) and not row["merge_candidate"]
    assert "kein gemeinsames Thema" in row["explanation"]


def test_merge_candidates_are_exactly_the_duplicate_committees(overlap_district):
    table = cm.committee_overlap(overlap_district, DAY)
    candidates = {(a, b) for a, b in table[table["merge_candidate"]][["a", "b"]].itertuples(index=False)}
    found = duplicates(landscape(overlap_district, DAY))
    reported = {(a, b) for a, b in found[found["kind"] == "committee"][["a", "b"]].itertuples(index=False)}
    assert candidates == reported == {("x", "y"), ("u", "v")}


def test_the_matrix_has_a_row_per_seated_actor_by_sector_and_the_roles_as_labels(tree_district):
    matrix = cm.membership_matrix(tree_district, DAY)
    # sectors by German label: Berufliche Bildung, Frühe Bildung, Kinder- und Jugendhilfe, Verwaltung, Weiterbildung,
    # Wirtschaft
    assert list(matrix["id"]) == ["bbs", "kita1", "ja", "bb", "vhs", "ihk"]
    assert list(matrix.columns[4:]) == ["Bildungskonferenz", "Lenkungskreis", "Steuerungsgruppe", "AK Beruf", "AK Kita"]
    row = matrix.set_index("id").loc["ja"]
    assert (row["Lenkungskreis"], row["Steuerungsgruppe"], row["AK Kita"], row["AK Beruf"]) == (
        "Mitglied",
        "Vorsitz",
        "Vorsitz",
        "",
    )
    assert row["committees"] == 3
    assert matrix.set_index("id").loc["bb", "Steuerungsgruppe"] == "Geschäftsstelle"


# -- 3. load -------------------------------------------------------------------------------------------


def load_district(median: int, n: int) -> Dataset:
    """Three schools with ``median`` seats each and one with ``n``, in committees c1 … c10."""
    cast = {f"s{i}": (f"Schule {i}", "grundschule", "schule") for i in range(1, 5)}
    ids = [f"c{i}" for i in range(1, 11)]
    seats = [(f"s{i}", c, "member") for i in (1, 2, 3) for c in ids[:median]] + [("s4", c, "member") for c in ids[:n]]
    return district({c: {"name": f"AK {c}", "meetings_per_year": 2} for c in ids}, seats, actors=cast)


@pytest.mark.parametrize(
    ("median", "n", "far"),
    [
        (1, 4, False),  # below: 1 + 4 = 5 needed
        (1, 5, True),  # at the margin
        (1, 6, True),  # above
        (3, 6, False),  # twice the median, but only 3 more (near miss of the margin)
        (3, 7, True),  # at both
        (5, 9, False),  # 4 more, but less than twice the median (near miss of the factor)
        (5, 10, True),  # at the factor
    ],
)
def test_far_above_needs_twice_the_sector_median_and_four_more(median, n, far):
    load = cm.committee_load(load_district(median, n), DAY).set_index("id")
    assert load.loc["s4", "committees"] == n and load.loc["s4", "sector_median"] == median
    assert bool(load.loc["s4", "far_above"]) is far
    assert not load.loc[["s1", "s2", "s3"], "far_above"].any()
    if far:
        assert "weit über dem Median des Sektors Schule" in load.loc["s4", "explanation"]
        assert load.index[0] == "s4"  # findings first


def test_load_counts_roles_and_meetings(tree_district):
    load = cm.committee_load(tree_district, DAY).set_index("id")
    # Jugendamt: Lenkungskreis (member, 2), Steuerungsgruppe (chair, 4), AK Kita (chair, 6)
    assert (load.loc["ja", "committees"], load.loc["ja", "seats_with_role"], load.loc["ja", "meetings_per_year"]) == (
        3,
        2,
        12,
    )
    # Bildungsbüro: Lenkungskreis chair (2), Steuerungsgruppe office (4); AK Beruf has no meetings given: 0
    assert (load.loc["bb", "seats_with_role"], load.loc["bb", "meetings_per_year"]) == (2, 6)
    assert load.loc["ihk", "meetings_per_year"] == 0
    assert set(load.index) == {"bb", "ja", "vhs", "kita1", "ihk", "bbs"}  # only actors with a seat


def test_members_elsewhere_count_three_other_committees_not_two():
    cast = pool("a", 4)
    # a1 sits in k and 3 others (counts), a2 in k and 2 others (near miss), a3 and a4 only in k
    seats = members("k", ["a1", "a2", "a3", "a4"]) + members("o1", ["a1", "a2"]) + members("o2", ["a1", "a2"])
    seats += members("o3", ["a1"])
    ds = district({c: {"name": f"AK {c}"} for c in ("k", "o1", "o2", "o3")}, seats, actors=cast)
    table = cm.committee_members_elsewhere(ds, DAY).set_index("id")
    assert (table.loc["k", "members"], table.loc["k", "members_elsewhere"]) == (4, 1)
    assert table.loc["k", "share"] == pytest.approx(0.25)
    assert table.loc["o3", "share"] == pytest.approx(1.0)  # a1 sits in k, o1, o2 besides
    assert table.loc["o1", "members_elsewhere"] == 1


def test_sector_presence_names_the_sector_missing_from_a_committee_type(tree_district):
    table = cm.sector_presence(tree_district, DAY).set_index(["sector", "committee_type"])
    assert table.loc[("wirtschaft", "arbeitskreis"), "with_sector"] == 1  # IHK in AK Beruf
    assert table.loc[("wirtschaft", "arbeitskreis"), "committees"] == 2
    assert table.loc[("wirtschaft", "lenkungskreis"), "missing"]
    assert (
        "Wirtschaft sitzt nicht im Gremium vom Typ Lenkungskreis"
        in table.loc[("wirtschaft", "lenkungskreis"), "explanation"]
    )
    assert not table.loc[("verwaltung", "lenkungskreis"), "missing"]
    # a sector without any seat is no row; every type of the day is a column
    assert "hochschule" not in table.index.get_level_values(0)
    assert set(table.index.get_level_values(1)) == {
        "bildungskonferenz",
        "lenkungskreis",
        "steuerungsgruppe",
        "arbeitskreis",
    }


# -- 4. change -----------------------------------------------------------------------------------------


def test_committee_change_names_founded_dissolved_joined_left_and_new_roles():
    early, late = dt.date(2025, 1, 1), dt.date(2026, 1, 1)
    ds = district(
        {
            "alt": {"name": "AK Alt", "valid_to": dt.date(2025, 6, 30)},
            "neu": {"name": "AK Neu", "valid_from": dt.date(2025, 9, 1)},
            "bleibt": {"name": "Lenkungskreis", "committee_type": "lenkungskreis"},
        },
        [
            ("bb", "alt", "member"),
            ("bb", "neu", "chair"),
            ("ja", "bleibt", "member", None, dt.date(2025, 3, 31)),  # left
            ("vhs", "bleibt", "member", dt.date(2025, 5, 1), None),  # joined
            ("ihk", "bleibt", "chair"),  # unchanged
        ],
    )
    table = cm.committee_change(ds, early, late)
    got = set(zip(table["kind"], table["change"], table["committee"], table["actor"].fillna(""), strict=True))
    assert got == {
        ("committee", "neu", "neu", ""),
        ("committee", "beendet", "alt", ""),
        ("membership", "neu", "neu", "bb"),
        ("membership", "beendet", "alt", "bb"),
        ("membership", "beendet", "bleibt", "ja"),
        ("membership", "neu", "bleibt", "vhs"),
    }
    new_chair = table[(table["committee"] == "neu") & (table["kind"] == "membership")].iloc[0]
    assert new_chair["role_to"] == "chair" and "(Vorsitz)" in new_chair["explanation"]
    with pytest.raises(UsageError):
        cm.committee_change(ds, late, early)


def test_a_changed_role_is_a_row_of_its_own():
    # the seat as a member ends on 30.06.2025, the same actor holds the chair from 01.07.2025
    ds = district(
        {"lk": {"name": "Lenkungskreis", "committee_type": "lenkungskreis"}},
        [
            ("bb", "lk", "member", None, dt.date(2025, 6, 30)),
            ("bb", "lk", "chair", dt.date(2025, 7, 1), None),
            ("ja", "lk", "member"),
        ],
    )
    table = cm.committee_change(ds, dt.date(2025, 1, 1), dt.date(2026, 1, 1))
    assert list(zip(table["change"], table["actor"], table["role_from"], table["role_to"], strict=True)) == [
        ("verändert", "bb", "member", "chair")
    ]
    assert "Mitglied → Vorsitz" in table["explanation"].iloc[0]


# -- summary and key findings ----------------------------------------------------------------------------


def test_key_findings_name_merge_candidates_but_not_pairs_below_the_threshold(overlap_district):
    tables = cm.committees_summary(overlap_district, DAY)
    assert list(tables) == list(cm.SUMMARY_KEYS)
    sentences = cm.key_findings(tables)
    assert sentences[0].startswith("„AK Berufsorientierung“ und „AK Übergang Schule–Beruf“ könnten zusammengelegt")
    assert any(s.startswith("„AK U“ und „AK V“ könnten zusammengelegt") for s in sentences)
    assert not any("„AK M“ und „AK N“" in s or "„AK Integration“ und" in s for s in sentences)


def test_key_findings_name_the_one_sided_transition_committee(transition_district):
    sentences = cm.key_findings(cm.committees_summary(transition_district, DAY))
    assert any(s.startswith("„AK Übergang Kita–Grundschule“ befasst sich") for s in sentences)
    assert not any(s.startswith("„Netzwerk Einschulung“") for s in sentences)  # both sides sit there


@pytest.mark.parametrize(("n", "named"), [(4, False), (5, True)])
def test_key_findings_name_the_load_far_above_the_median_only(n, named):
    sentences = cm.key_findings(cm.committees_summary(load_district(1, n), DAY))
    assert any(s.startswith("Schule 4 sitzt in") for s in sentences) is named


def test_key_findings_name_the_orphan_the_circle_and_the_committees_without_line(troubled):
    sentences = cm.key_findings(cm.committees_summary(troubled, DAY))
    assert any("„AK Waise“ berichtet an „AK Alt“" in s for s in sentences)
    assert any("berichten im Kreis" in s for s in sentences)
    assert "2 Gremien berichten an kein anderes Gremium: „AK Allein“ und „Netzwerk Mitte“." in sentences


def test_a_structure_without_findings_has_no_key_findings():
    ds = district({"lk": {"name": "Lenkungskreis", "committee_type": "lenkungskreis"}}, [("bb", "lk", "chair")])
    tables = cm.committees_summary(ds, DAY)
    tables["transitions"] = tables["transitions"].iloc[0:0]  # no committee names a transition: left out here
    assert cm.key_findings(tables) == []


# -- German tables and anonymised output ----------------------------------------------------------------


def every_table(ds: Dataset) -> dict[str, pd.DataFrame]:
    tables = cm.committees_summary(ds, DAY, dt.date(2025, 1, 1))
    return {cm.display_kind(key): table for key, table in tables.items()}


@pytest.mark.parametrize("fixture", ["tree_district", "troubled", "transition_district", "overlap_district"])
def test_every_committee_column_has_a_german_title(request, fixture):
    for kind, table in every_table(request.getfixturevalue(fixture)).items():
        spec = display.columns(kind)
        fixed = [c for c in table.columns if c in spec]
        if kind == "committee_matrix":  # plus one column per committee, titled by its name
            assert fixed == list(spec)
        else:
            assert list(table.columns) == list(spec), kind
        frame = display.german_frame(table, kind)
        assert not set(frame.columns) & set(spec), kind  # no English identifier heads a shown table


def test_the_catalogue_titles_are_unique_and_german():
    for kind, spec in display.COMMITTEE_TABLES.items():
        titles = [c.title for c in spec.values()]
        assert len(set(titles)) == len(titles), kind
        assert not set(titles) & set(spec), kind


def test_anonymised_tables_hold_no_actor_name(tree_district, transition_district, overlap_district):
    for ds in (tree_district, transition_district, overlap_district):
        pseudonyms = Pseudonyms.build(ds)
        names = {p["name"] for p in ds.nodes["Actor"].values()}
        for kind, table in every_table(ds).items():
            shown = pseudonyms.frame(table, id_columns=("id", "actor"))
            shown.columns = [pseudonyms.text(str(c)) for c in shown.columns]
            text = shown.to_csv(index=False)
            assert not [n for n in names if n in text], kind


@pytest.mark.parametrize("table", ["load", "matrix", "overlap", "tree", "change", "findings"])
def test_the_cli_anonymises_every_committee_table(tmp_path, capsys, tree_district, table):
    folder = tmp_path / "kreis"
    write_csv(tree_district, folder)
    code = cli_main(
        [
            *("analyse", "committees", "--input", str(folder), "--as-of", "2026-03-01"),
            *("--table", table, "--anonymise", "--format", "csv"),
        ]
    )
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("\ufeff")
    assert not [name for name, _, _ in CAST.values() if name in out]
    if table == "load":
        header = out.removeprefix("\ufeff").splitlines()[0].split(";")
        assert header[:3] == ["Akteur", "Sektor", "Zahl der Gremien"] and header[-1] == "ID"


def test_the_cli_json_has_the_english_columns(tmp_path, capsys, tree_district):
    folder = tmp_path / "kreis"
    write_csv(tree_district, folder)
    assert (
        cli_main(
            [
                "analyse",
                "committees",
                "--input",
                str(folder),
                "--as-of",
                "2026-03-01",
                "--table",
                "tree",
                "--format",
                "json",
            ]
        )
        == 0
    )
    rows = json.loads(capsys.readouterr().out)
    assert list(rows[0]) == cm.TREE_COLUMNS and [r["id"] for r in rows] == ["bk", "lk", "sg", "ak_beruf", "ak_kita"]


# -- the demo district -----------------------------------------------------------------------------------

DEMO_DAY = dt.date.fromisoformat(PLANTED["dates"]["to"])


@pytest.fixture(scope="module")
def demo_tables() -> dict[str, pd.DataFrame]:
    ds = load_or_raise(DEMO)
    return cm.committees_summary(ds, DEMO_DAY, dt.date.fromisoformat(PLANTED["dates"]["from"]))


def test_the_demo_merge_candidates_are_the_planted_pair(demo_tables):
    planted = PLANTED["committees"]["merge_candidates"]
    overlap = demo_tables["overlap"]
    found = [[a, b] for a, b in overlap[overlap["merge_candidate"]][["a", "b"]].itertuples(index=False)]
    assert found == planted
    assert overlap[overlap["merge_candidate"]]["jaccard"].iloc[0] >= 0.7


def test_the_demo_one_sided_transition_committee_is_the_planted_one(demo_tables):
    coverage = demo_tables["transitions"]
    one_sided = coverage[coverage["one_sided"]]
    assert [[c, k, s] for c, k, s in one_sided[["committee", "key", "missing_side"]].itertuples(index=False)] == [
        PLANTED["committees"]["one_sided_transition"]
    ]


def test_the_demo_orphan_is_the_planted_one(demo_tables):
    structure = demo_tables["structure"]
    assert [ids for ids in structure[structure["kind"] == "verwaist"]["committees"]] == [
        [PLANTED["committees"]["orphan"][0]]
    ]
    assert not (structure["kind"] == "zyklus").any()


def test_the_demo_highest_load_is_the_planted_actor(demo_tables):
    load = demo_tables["load"]
    assert load["id"].iloc[0] == PLANTED["committees"]["highest_load"]
    assert sorted(load[load["far_above"]]["id"]) == sorted(PLANTED["committees"]["far_above"])


def test_the_demo_merge_candidates_are_the_duplicate_committees(demo_tables):
    ds = load_or_raise(DEMO)
    found = duplicates(landscape(ds, DEMO_DAY))
    reported = [[a, b] for a, b in found[found["kind"] == "committee"][["a", "b"]].itertuples(index=False)]
    assert reported == PLANTED["duplicate_committees"] == PLANTED["committees"]["merge_candidates"]


def test_the_demo_key_findings_start_with_the_merge_candidate_and_name_the_gap_and_the_load(demo_tables):
    sentences = cm.key_findings(demo_tables)
    assert sentences[0].startswith("„Arbeitskreis Schule–Beruf“ und „Arbeitskreis Berufsorientierung“ könnten")
    assert "12 von 16 Mitgliedern gemeinsam (75 %)" in sentences[0]
    assert any(
        s.startswith("„Netzwerk Frühe Bildung Lindenfeld-Ost“ befasst sich mit dem Übergang Kita") for s in sentences
    )
    assert any(s.startswith("Bildungsbüro Landkreis Musterau sitzt in 9 Gremien") for s in sentences)
    assert any("„Bildungsnetzwerk Lindenfeld“, das am 30.06.2026 aufgelöst wurde" in s for s in sentences)
