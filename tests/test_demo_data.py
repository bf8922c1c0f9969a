"""The demo district Landkreis Musterau: the committed workbook and its planted findings.

The tests read the committed ``data/demo/musterau.xlsx`` with openpyxl and
recompute every planted finding of ``data/demo/planted.json`` independently,
with plain Python and networkx, from the rules in ``data/demo/README.md``. Only
the determinism test runs the generator itself.
"""

from __future__ import annotations

import difflib
import importlib.util
import itertools
import json
import re
import sys
from collections import Counter
from pathlib import Path
from types import ModuleType
from typing import Any

import networkx as nx
import pytest
from openpyxl import load_workbook

from graph.model import SHEETS, TRANSITIONS, VOCABULARIES

ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = ROOT / "data" / "demo"
WORKBOOK = DEMO_DIR / "musterau.xlsx"
PLANTED: dict[str, Any] = json.loads((DEMO_DIR / "planted.json").read_text(encoding="utf-8"))
DATE_FROM = PLANTED["dates"]["from"]
DATE_TO = PLANTED["dates"]["to"]
BOTH_DATES = pytest.mark.parametrize("when", [DATE_FROM, DATE_TO])

Rows = dict[str, list[dict[str, Any]]]


# ---------------------------------------------------------------------------
# Reading the workbook and small helpers (independent of the generator)
# ---------------------------------------------------------------------------


def read_cells(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Return every sheet of a workbook as a list of row tuples (header row first)."""
    workbook = load_workbook(path, read_only=True)
    try:
        return {ws.title: [tuple(row) for row in ws.iter_rows(values_only=True)] for ws in workbook}
    finally:
        workbook.close()


@pytest.fixture(scope="module")
def cells() -> dict[str, list[tuple[Any, ...]]]:
    """The committed workbook as raw cell values."""
    return read_cells(WORKBOOK)


@pytest.fixture(scope="module")
def book(cells: dict[str, list[tuple[Any, ...]]]) -> Rows:
    """The committed workbook as rows keyed by the German column headers."""
    return {name: [dict(zip(rows[0], row, strict=True)) for row in rows[1:]] for name, rows in cells.items()}


def split(value: Any) -> list[str]:
    """Split a list cell ("u3, kita_alter") into its items."""
    return [part.strip() for part in str(value).split(",") if part.strip()] if value is not None else []


def valid(row: dict[str, Any], when: str, start: str = "Gueltig ab", end: str = "Gueltig bis") -> bool:
    """Return whether a row is valid at the ISO date ``when`` (empty bounds are open)."""
    return (row[start] is None or row[start] <= when) and (row[end] is None or row[end] >= when)


def by_id(rows: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Index rows by their ID column."""
    return {row["ID"]: row for row in rows}


def area_tree(book: Rows) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Return the ancestors and the descendants of every area."""
    parent = {row["ID"]: row["Teil von"] for row in book["Gebiete"]}
    ancestors: dict[str, list[str]] = {}
    for area in parent:
        chain, current = [], parent[area]
        while current:
            chain.append(current)
            current = parent[current]
        ancestors[area] = chain
    descendants = {area: [a for a in parent if area in ancestors[a]] for area in parent}
    return ancestors, descendants


def cooperation_graph(book: Rows, when: str) -> nx.Graph:
    """Return the undirected graph of the actors and cooperations valid at ``when``."""
    graph = nx.Graph()
    graph.add_nodes_from(row["ID"] for row in book["Akteure"] if valid(row, when))
    for row in book["Kooperationen"]:
        a, b = row["Akteur A"], row["Akteur B"]
        if valid(row, when, "Seit", "Bis") and a in graph and b in graph:
            graph.add_edge(a, b)
    return graph


def normalise(name: str) -> str:
    """Lower case, legal forms (e.V., gGmbH, GmbH …) and punctuation removed."""
    text = name.lower()
    text = re.sub(r"\be\.\s*[vk]\.", " ", text)
    text = re.sub(r"&\s*co\.", " ", text)
    text = re.sub(r"[^\w\s]", " ", text)
    legal = {"ev", "ek", "ggmbh", "gmbh", "mbh", "ag", "kg", "eg", "ug", "gbr", "ohg", "partg"}
    return " ".join(word for word in text.split() if word not in legal)


def ratio(a: str, b: str) -> float:
    """The difflib similarity of two strings, in the less favourable order (the ratio is not symmetric)."""
    return max(difflib.SequenceMatcher(None, a, b).ratio(), difflib.SequenceMatcher(None, b, a).ratio())


def pairs(items: list[list[str]]) -> set[tuple[str, str]]:
    """Turn a list of id pairs into a set of sorted tuples."""
    return {tuple(sorted(pair)) for pair in items}  # type: ignore[misc]


def load_generator() -> ModuleType:
    """Import ``data/demo/generate.py`` (it is a script, not a package module)."""
    spec = importlib.util.spec_from_file_location("musterau_generate", DEMO_DIR / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------
# The generator and the file format
# ---------------------------------------------------------------------------


def test_generator_gives_the_same_workbook_twice_and_the_committed_one(
    tmp_path: Path, cells: dict[str, list[tuple[Any, ...]]]
) -> None:
    generator = load_generator()
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    demo = generator.build()
    generator.write_workbook(demo.rows, first)
    generator.write_workbook(generator.generate(), second)
    assert first.read_bytes() == second.read_bytes()
    assert read_cells(first) == cells
    assert demo.planted == PLANTED


def test_workbook_has_the_sheets_and_headers_of_the_exchange_format(
    cells: dict[str, list[tuple[Any, ...]]],
) -> None:
    assert list(cells) == [sheet.name for sheet in SHEETS]
    for sheet in SHEETS:
        assert cells[sheet.name][0] == tuple(col.header for col in sheet.columns)


def test_planted_file_has_the_documented_shape() -> None:
    assert set(PLANTED) == {
        "dates",
        "brokers",
        "offer_gaps",
        "transition_gaps",
        "duplicate_offers",
        "duplicate_committees",
        "duplicate_actors",
        "isolated_cluster",
        "committees",
    }
    assert set(PLANTED["committees"]) == {
        "merge_candidates",
        "orphan",
        "one_sided_transition",
        "highest_load",
        "far_above",
    }
    assert PLANTED["dates"] == {"from": "2025-01-01", "to": "2026-10-01"}
    for key in ("duplicate_offers", "duplicate_committees", "duplicate_actors"):
        assert all(len(pair) == 2 for pair in PLANTED[key]), key


def test_every_id_is_unique_text_and_every_reference_points_to_an_existing_id(book: Rows) -> None:
    ids = {}
    for sheet in SHEETS:
        if sheet.label:
            values = [row["ID"] for row in book[sheet.name]]
            assert all(isinstance(v, str) and v for v in values), sheet.name
            assert len(values) == len(set(values)), sheet.name
            ids[sheet.label] = set(values)
    for sheet in SHEETS:
        for col in sheet.columns:
            if col.kind not in ("ref", "ref_list"):
                continue
            for row in book[sheet.name]:
                for value in split(row[col.header]):
                    assert value in ids[col.target], f"{sheet.name}.{col.header}: {value}"
    for row in book["Kooperationen"]:
        assert row["Akteur A"] != row["Akteur B"]
        assert row["Gemeldet von"] in (None, row["Akteur A"], row["Akteur B"])
    coops = book["Kooperationen"]
    assert len(pairs([[row["Akteur A"], row["Akteur B"]] for row in coops])) == len(coops)
    assert len({row["ID"] for row in coops}) == len(coops)


def test_every_vocabulary_value_is_a_key_of_the_model(book: Rows) -> None:
    for sheet in SHEETS:
        for col in sheet.columns:
            if col.kind not in ("vocab", "vocab_list"):
                continue
            for row in book[sheet.name]:
                for value in split(row[col.header]):
                    assert value in VOCABULARIES[col.vocab], f"{sheet.name}.{col.header}: {value}"


def test_cells_follow_the_conventions_of_the_exchange_format(book: Rows) -> None:
    iso = re.compile(r"^\d{4}-\d{2}-\d{2}$")
    for sheet in SHEETS:
        for col in sheet.columns:
            values = [row[col.header] for row in book[sheet.name] if row[col.header] is not None]
            if col.kind == "date":
                assert all(isinstance(v, str) and iso.match(v) for v in values), col.header
            elif col.kind == "bool":
                assert set(values) <= {"ja", "nein"}, col.header
            elif col.kind == "int":
                assert all(type(v) is int for v in values), col.header
            elif col.kind == "float":
                assert all(type(v) is float for v in values), col.header
            elif col.kind in ("id", "text", "ref", "ref_list", "text_list", "vocab_list"):
                assert all(isinstance(v, str) for v in values), col.header
    assert all(type(row["Intensitaet"]) is int for row in book["Kooperationen"])
    # Identifiers and keys that a spreadsheet could mangle stay text, leading zeros included.
    assert all(row["AGS"].startswith("0") for row in book["Gebiete"] if row["AGS"])
    assert any(row["ID"].split("-")[-1].startswith("0") for row in book["Akteure"])


# ---------------------------------------------------------------------------
# Sizes (DOMAIN.md §6)
# ---------------------------------------------------------------------------


def test_areas_form_a_kreis_of_28_gemeinden_and_6_fully_partitioned_sozialraeume(book: Rows) -> None:
    areas = book["Gebiete"]
    kinds = Counter(row["Typ"] for row in areas)
    assert kinds == {"kreis": 1, "gemeinde": 28, "sozialraum": 6}
    kreis = next(row for row in areas if row["Typ"] == "kreis")
    gemeinden = [row for row in areas if row["Typ"] == "gemeinde"]
    assert kreis["Einwohner"] == 180_000 == sum(row["Einwohner"] for row in gemeinden)
    assert all(row["Teil von"] == kreis["ID"] for row in gemeinden)
    assert all(re.fullmatch(r"\d{8}", row["AGS"]) for row in gemeinden)
    assert len({row["AGS"] for row in gemeinden}) == 28
    parts: dict[str, list[dict[str, Any]]] = {}
    for row in areas:
        if row["Typ"] == "sozialraum":
            parts.setdefault(row["Teil von"], []).append(row)
    largest = sorted(gemeinden, key=lambda row: -row["Einwohner"])[:2]
    assert [len(parts.get(g["ID"], [])) for g in largest] == [4, 2]
    for gemeinde in largest:
        assert sum(row["Einwohner"] for row in parts[gemeinde["ID"]]) == gemeinde["Einwohner"]


def test_actors_match_the_sizes_of_the_domain_guide(book: Rows) -> None:
    actors = book["Akteure"]
    assert 400 <= len(actors) <= 440
    types = Counter(row["Typ"] for row in actors)
    exact = {
        "kita": 125,
        "grundschule": 40,
        "weiterfuehrende_schule": 14,
        "foerderschule": 4,
        "berufliche_schule": 3,
        "vhs": 1,
        "bibliothek": 14,
        "jobcenter": 1,
        "arbeitsagentur": 1,
        "jugendberufsagentur": 1,
        "kammer": 2,
        "gemeindeverwaltung": 28,
    }
    assert {k: types[k] for k in exact} == exact
    assert 35 <= types["unternehmen"] <= 45
    assert 80 <= types["verein"] <= 100
    for kind in ("jugendeinrichtung", "beratungsstelle", "stiftung", "familienzentrum"):
        assert types[kind] >= 3, kind
    offices = [row["Name"] for row in actors if row["Typ"] == "kreisverwaltung"]
    assert any("bildungsbüro" in name.lower() for name in offices)
    assert any("jugendamt" in name.lower() for name in offices)
    assert {row["Traegerart"] for row in book["Traeger"]} == set(VOCABULARIES["provider_type"])


def test_actors_lie_in_the_most_specific_area_inside_the_district(book: Rows) -> None:
    partitioned = {row["Teil von"] for row in book["Gebiete"] if row["Typ"] == "sozialraum"}
    kreis = {row["ID"] for row in book["Gebiete"] if row["Typ"] == "kreis"}
    for row in book["Akteure"]:
        assert row["Gebiet"] not in partitioned | kreis, row["ID"]
        assert 52.3 <= row["Breitengrad"] <= 52.85 and 9.45 <= row["Laengengrad"] <= 10.45, row["ID"]
        assert row["Adresse"] and row["Sektor"] and row["Bildungsbereiche"], row["ID"]


def test_actor_names_are_unique_within_each_area_except_the_planted_duplicate(book: Rows) -> None:
    seen: dict[tuple[str, str], str] = {}
    duplicates = []
    for row in book["Akteure"]:
        key = (row["Gebiet"], row["Name"])
        if key in seen:
            duplicates.append((seen[key], row["ID"]))
        seen[key] = row["ID"]
    assert duplicates == []


def test_cooperations_have_the_density_intensity_and_formality_of_the_domain_guide(book: Rows) -> None:
    coops = book["Kooperationen"]
    assert 700 <= len(coops) <= 800
    graph = cooperation_graph(book, DATE_TO)
    assert 3.2 <= 2 * graph.number_of_edges() / graph.number_of_nodes() <= 3.8
    shares = {k: v / len(coops) for k, v in Counter(row["Intensitaet"] for row in coops).items()}
    for level, (low, high) in {1: (0.33, 0.47), 2: (0.25, 0.37), 3: (0.14, 0.26), 4: (0.05, 0.15)}.items():
        assert low <= shares[level] <= high, level
    written = sum(row["Formalisierung"] in ("schriftliche_absprache", "vertrag") for row in coops)
    assert 0.10 <= written / len(coops) <= 0.20
    reported = [row for row in coops if row["Gemeldet von"]]
    assert reported and {row["Bestaetigt"] for row in reported} == {"ja", "nein"}


def test_offers_and_committees_match_the_sizes_of_the_domain_guide(book: Rows) -> None:
    assert 550 <= len(book["Angebote"]) <= 650
    committees = book["Gremien"]
    assert Counter(row["Typ"] for row in committees) == {
        "bildungskonferenz": 1,
        "lenkungskreis": 1,
        "steuerungsgruppe": 1,
        "arbeitskreis": 7,
        "netzwerk": 5,
    }
    size = Counter(row["Gremium"] for row in book["Mitgliedschaften"] if valid(row, DATE_TO, "Seit", "Bis"))
    kind = {row["ID"]: row["Typ"] for row in committees}
    expected = {"bildungskonferenz": (100, 140), "lenkungskreis": (12, 12), "steuerungsgruppe": (7, 7)}
    expected |= {"arbeitskreis": (8, 25), "netzwerk": (5, 20)}
    # the planted orphan's parent, the Bildungsnetzwerk Lindenfeld, is dissolved before `to`: no seats left
    dissolved = {row["ID"] for row in committees if not valid(row, DATE_TO, "Gueltig ab", "Gueltig bis")}
    assert dissolved == {PLANTED["committees"]["orphan"][1]}
    for committee in dissolved:
        assert size[committee] == 0
    for committee, ctype in kind.items():
        if committee in dissolved:
            continue
        low, high = expected[ctype]
        assert low <= size[committee] <= high, committee
    parent = {row["ID"]: row["Berichtet an"] for row in committees}
    for row in committees:
        if row["Typ"] == "arbeitskreis":
            assert kind[parent[row["ID"]]] == "steuerungsgruppe"
        if row["Typ"] == "steuerungsgruppe":
            assert kind[parent[row["ID"]]] == "lenkungskreis"


def test_contact_persons_are_fictitious_and_some_refused_or_expired(book: Rows) -> None:
    persons = book["Ansprechpersonen"]
    assert 25 <= len(persons) <= 35
    assert all(row["E-Mail"].endswith("@example.org") for row in persons)
    assert any(row["Einwilligung"] == "nein" for row in persons)
    assert any(row["Loeschen bis"] and row["Loeschen bis"] < DATE_FROM for row in persons)


def test_the_two_dates_show_new_and_ended_actors_cooperations_and_seats(book: Rows) -> None:
    def changes(rows: list[dict[str, Any]], start: str, end: str) -> tuple[int, int]:
        new = sum(not valid(r, DATE_FROM, start, end) and valid(r, DATE_TO, start, end) for r in rows)
        ended = sum(valid(r, DATE_FROM, start, end) and not valid(r, DATE_TO, start, end) for r in rows)
        return new, ended

    new, ended = changes(book["Akteure"], "Gueltig ab", "Gueltig bis")
    assert 10 <= new <= 20 and 5 <= ended <= 12
    new, ended = changes(book["Kooperationen"], "Seit", "Bis")
    assert 45 <= new <= 75 and 20 <= ended <= 40
    new, ended = changes(book["Mitgliedschaften"], "Seit", "Bis")
    assert new >= 3 and ended >= 3


# ---------------------------------------------------------------------------
# Planted findings: each holds, and no unplanted finding of its kind exists
# ---------------------------------------------------------------------------


def offer_gaps(book: Rows, when: str) -> set[tuple[str, str]]:
    """Area x life phase cells with no valid offer available (located in the area, above or below it)."""
    ancestors, descendants = area_tree(book)
    offers = [row for row in book["Angebote"] if valid(row, when)]
    gaps = set()
    for area in ancestors:
        reach = {area, *ancestors[area], *descendants[area]}
        phases = {phase for row in offers if row["Gebiet"] in reach for phase in split(row["Lebensphasen"])}
        gaps |= {(area, phase) for phase in VOCABULARIES["life_phase"] if phase not in phases}
    return gaps


@BOTH_DATES
def test_planted_offer_gaps_are_the_only_offer_gaps(book: Rows, when: str) -> None:
    planted = {(gap["area"], gap["life_phase"]) for gap in PLANTED["offer_gaps"]}
    assert offer_gaps(book, when) == planted
    areas = by_id(book["Gebiete"])
    assert Counter(areas[area]["Typ"] for area, _ in planted) == {"sozialraum": 2, "gemeinde": 2}


def transition_gaps(book: Rows, when: str) -> set[tuple[str, str]]:
    """(area, transition) pairs where no side-A actor cooperates with a side-B actor."""
    _, descendants = area_tree(book)
    graph = cooperation_graph(book, when)
    actors = by_id(book["Akteure"])
    gaps = set()
    for area, below in descendants.items():
        here = {area, *below}
        for key, transition in TRANSITIONS.items():
            side_a = [n for n in graph if actors[n]["Gebiet"] in here and actors[n]["Typ"] in transition.side_a]
            linked = [n for n in side_a if any(actors[m]["Typ"] in transition.side_b for m in graph[n])]
            if side_a and not linked:
                gaps.add((area, key))
    return gaps


@BOTH_DATES
def test_planted_transition_gap_is_the_only_transition_gap(book: Rows, when: str) -> None:
    planted = {(gap["area"], gap["transition"]) for gap in PLANTED["transition_gaps"]}
    assert transition_gaps(book, when) == planted
    # The Kitas of that Sozialraum do cooperate, only not with a Grundschule or Förderschule.
    graph = cooperation_graph(book, when)
    actors = by_id(book["Akteure"])
    for area, _ in planted:
        kitas = [n for n in graph if actors[n]["Typ"] == "kita" and actors[n]["Gebiet"] == area]
        assert kitas and all(graph.degree(n) > 0 for n in kitas)


@BOTH_DATES
def test_bildungsbuero_and_vhs_are_the_brokers_across_five_sectors(book: Rows, when: str) -> None:
    graph = cooperation_graph(book, when)
    centrality = nx.betweenness_centrality(graph)
    top = sorted(centrality, key=lambda n: -centrality[n])[:2]
    assert sorted(top) == sorted(PLANTED["brokers"])
    actors = by_id(book["Akteure"])
    bildungsbuero, vhs = (actors[n] for n in PLANTED["brokers"])
    assert "Bildungsbüro" in bildungsbuero["Name"] and vhs["Typ"] == "vhs"
    for broker in PLANTED["brokers"]:
        assert len({actors[n]["Sektor"] for n in graph[broker]}) >= 5


def offer_cell_pairs(book: Rows, when: str) -> list[tuple[dict[str, Any], dict[str, Any]]]:
    """Valid offer pairs with the same area and education area and overlapping life phases and groups."""
    offers = [row for row in book["Angebote"] if valid(row, when)]
    return [
        (a, b)
        for a, b in itertools.combinations(offers, 2)
        if a["Gebiet"] == b["Gebiet"]
        and a["Bildungsbereich"] == b["Bildungsbereich"]
        and set(split(a["Lebensphasen"])) & set(split(b["Lebensphasen"]))
        and set(split(a["Zielgruppen"])) & set(split(b["Zielgruppen"]))
    ]


def test_planted_duplicate_offers_are_the_only_duplicate_offers(book: Rows) -> None:
    graph = cooperation_graph(book, DATE_TO)
    found = set()
    for a, b in offer_cell_pairs(book, DATE_TO):
        topic_a, topic_b = a["Thema"].strip().lower(), b["Thema"].strip().lower()
        if topic_a != topic_b and ratio(topic_a, topic_b) < 0.85:
            continue
        providers = itertools.product(split(a["Anbieter"]), split(b["Anbieter"]))
        if not any(graph.has_edge(x, y) for x, y in providers):
            found.add(tuple(sorted((a["ID"], b["ID"]))))
    assert found == pairs(PLANTED["duplicate_offers"])


def test_no_other_offers_in_one_cell_have_alike_topics_even_where_providers_cooperate(book: Rows) -> None:
    def words(topic: str) -> set[str]:
        return {w for w in re.findall(r"\w+", topic.lower()) if len(w) >= 4}

    alike = {
        tuple(sorted((a["ID"], b["ID"])))
        for a, b in offer_cell_pairs(book, DATE_TO)
        if words(a["Thema"]) & words(b["Thema"]) or ratio(a["Thema"].lower(), b["Thema"].lower()) >= 0.75
    }
    assert alike == pairs(PLANTED["duplicate_offers"])


def test_planted_duplicate_offers_are_career_guidance_at_a_school_and_german_courses(book: Rows) -> None:
    offers, actors = by_id(book["Angebote"]), by_id(book["Akteure"])
    planted = [(offers[a], offers[b]) for a, b in PLANTED["duplicate_offers"]]
    (career_a, career_b), (course_a, course_b) = sorted(planted, key=lambda pair: pair[0]["Thema"])
    assert career_a["Thema"] == career_b["Thema"] == "Berufsorientierung"
    here = [a for a in actors.values() if a["Gebiet"] == career_a["Gebiet"]]
    school = [a for a in here if a["Name"] in career_a["Titel"]]
    assert len(school) == 1 and school[0]["Typ"] == "weiterfuehrende_schule"
    graph = cooperation_graph(book, DATE_TO)
    for offer in (career_a, career_b):
        assert all(graph.has_edge(p, school[0]["ID"]) for p in split(offer["Anbieter"]))
    assert all("neuzugewanderte" in split(course["Zielgruppen"]) for course in (course_a, course_b))
    assert course_a["Thema"] == course_b["Thema"] == "Deutsch als Zweitsprache"
    assert by_id(book["Gebiete"])[course_a["Gebiet"]]["Typ"] == "sozialraum"


def committee_members(book: Rows, when: str) -> dict[str, set[str]]:
    """The actors with a valid seat in each committee at ``when``."""
    members: dict[str, set[str]] = {row["ID"]: set() for row in book["Gremien"]}
    for row in book["Mitgliedschaften"]:
        if valid(row, when, "Seit", "Bis"):
            members[row["Gremium"]].add(row["Akteur"])
    return members


@BOTH_DATES
def test_planted_duplicate_committees_are_the_only_overlapping_committees(book: Rows, when: str) -> None:
    members = committee_members(book, when)
    themes = {row["ID"]: set(split(row["Themen"])) for row in book["Gremien"]}
    found = set()
    for a, b in itertools.combinations(sorted(members), 2):
        union = members[a] | members[b]
        jaccard = len(members[a] & members[b]) / len(union) if union else 0.0
        if jaccard >= 0.6 and themes[a] & themes[b]:
            found.add((a, b))
    assert found == pairs(PLANTED["duplicate_committees"])
    kinds = by_id(book["Gremien"])
    assert all(kinds[c]["Typ"] == "arbeitskreis" for pair in found for c in pair)


def test_planted_duplicate_actor_is_the_only_pair_of_alike_names_in_one_area_or_address(book: Rows) -> None:
    found = set()
    for a, b in itertools.combinations(book["Akteure"], 2):
        if a["Gebiet"] != b["Gebiet"] and a["Adresse"] != b["Adresse"]:
            continue
        if ratio(normalise(a["Name"]), normalise(b["Name"])) >= 0.85:
            found.add(tuple(sorted((a["ID"], b["ID"]))))
    assert found == pairs(PLANTED["duplicate_actors"])
    actors = by_id(book["Akteure"])
    for first, second in found:
        assert actors[first]["Adresse"] == actors[second]["Adresse"]
        assert actors[first]["Gebiet"] == actors[second]["Gebiet"]
        assert actors[first]["Name"] != actors[second]["Name"]


@BOTH_DATES
def test_isolated_cluster_is_the_only_small_component(book: Rows, when: str) -> None:
    graph = cooperation_graph(book, when)
    components = sorted(nx.connected_components(graph), key=len, reverse=True)
    small = [sorted(c) for c in components[1:] if len(c) >= 2]
    assert small == [sorted(PLANTED["isolated_cluster"])]
    actors = by_id(book["Akteure"])
    cluster = [actors[n] for n in PLANTED["isolated_cluster"]]
    assert 4 <= len(cluster) <= 6
    assert {a["Typ"] for a in cluster} == {"verein"} and len({a["Gebiet"] for a in cluster}) == 1
