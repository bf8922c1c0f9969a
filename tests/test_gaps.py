"""Gaps on a small district built by hand: every rule at, just below and just above its threshold.

The district "Landkreis Probe" (10 000 inhabitants):

- Gemeinde Adorf (4 000) with the Sozialräume Adorf-Mitte (1 500) and Adorf-Nord (1 000);
- Gemeinde Bedorf (3 000) with the Sozialraum Gewerbepark Bedorf (0 inhabitants);
- Gemeinde Cedorf (population unknown).

Offers (life phase, target group, where):

- Elterntelefon: u3, Eltern, at Kreis level (district-wide);
- Kita-Eingewöhnung Adorf: kita_alter, Kinder, in Adorf;
- Sprachspiel Adorf-Mitte: kita_alter, Kinder, in Adorf-Mitte;
- Seniorentreff Adorf-Mitte: nacherwerb, Senioren, in Adorf-Mitte;
- Kitagruppe Bedorf: kita_alter, alle, in Bedorf;
- Seniorencafé Bedorf (ended 2025) and Seniorenkurs Bedorf (starts 2027): nacherwerb, in Bedorf — absent on the date;
- Lernwerkstatt: grundschulalter, Kinder, at Kreis level; Hausaufgabenhilfe Cedorf: grundschulalter, in Cedorf.

Actors and cooperations (on the date): Kita Sonnenschein (Adorf-Mitte) cooperates with Grundschule
Bedorf (another Gemeinde) and the Jugendamt (Kreis); Kita Regenbogen (Adorf) cooperates with a club
in Adorf, and its cooperation with Grundschule Adorf ended in 2025; Kita Bedorf has no cooperation;
the Jugendamt also cooperates with Grundschule Bedorf and a company in the Gewerbepark.

Every expected value below is read off this construction.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import pandas as pd
import pytest

from graph import model
from graph.analysis import gaps
from graph.build import AreaTree, cooperation_graph, landscape
from graph.dataset import Dataset, Rel
from graph.errors import DataError
from graph.report.content import build_report, district_gaps, gap_section

DAY = dt.date(2026, 6, 1)
ENDED = dt.date(2025, 12, 31)
LATER = dt.date(2027, 1, 1)

AREAS = {
    # id: (name, type, population, part of)
    "lk": ("Landkreis Probe", "kreis", 10_000, None),
    "ga": ("Adorf", "gemeinde", 4_000, "lk"),
    "gb": ("Bedorf", "gemeinde", 3_000, "lk"),
    "gc": ("Cedorf", "gemeinde", None, "lk"),
    "sa": ("Adorf-Mitte", "sozialraum", 1_500, "ga"),
    "sn": ("Adorf-Nord", "sozialraum", 1_000, "ga"),
    "gp": ("Gewerbepark Bedorf", "sozialraum", 0, "gb"),
}
ACTORS = {
    # id: (name, actor type, sector, area)
    "kv": ("Jugendamt", "kreisverwaltung", "jugendhilfe", "lk"),
    "k1": ("Kita Sonnenschein", "kita", "fruehe_bildung", "sa"),
    "k2": ("Kita Regenbogen", "kita", "fruehe_bildung", "ga"),
    "k3": ("Kita Bedorf", "kita", "fruehe_bildung", "gb"),
    "gs_a": ("Grundschule Adorf", "grundschule", "schule", "ga"),
    "gs_b": ("Grundschule Bedorf", "grundschule", "schule", "gb"),
    "v1": ("Heimatverein Adorf", "verein", "zivilgesellschaft", "ga"),
    "u1": ("Logistik GmbH", "unternehmen", "wirtschaft", "gp"),
}
OFFERS: dict[str, tuple[str, list[str], list[str], str, str, dict[str, Any]]] = {
    # id: (title, life phases, target groups, area, provider, validity)
    "o_hotline": ("Elterntelefon", ["u3"], ["eltern"], "lk", "kv", {}),
    "o_kita_ga": ("Kita-Eingewöhnung Adorf", ["kita_alter"], ["kinder"], "ga", "k2", {}),
    "o_kita_sa": ("Sprachspiel Adorf-Mitte", ["kita_alter"], ["kinder"], "sa", "k1", {}),
    "o_senior_sa": ("Seniorentreff Adorf-Mitte", ["nacherwerb"], ["senioren"], "sa", "v1", {}),
    "o_kita_gb": ("Kitagruppe Bedorf", ["kita_alter"], ["alle"], "gb", "k3", {}),
    "o_ended_gb": ("Seniorencafé Bedorf", ["nacherwerb"], ["senioren"], "gb", "v1", {"valid_to": ENDED}),
    "o_future_gb": ("Seniorenkurs Bedorf", ["nacherwerb"], ["senioren"], "gb", "v1", {"valid_from": LATER}),
    "o_learn_lk": ("Lernwerkstatt", ["grundschulalter"], ["kinder"], "lk", "kv", {}),
    "o_homework_gc": ("Hausaufgabenhilfe Cedorf", ["grundschulalter"], ["kinder"], "gc", "kv", {}),
}
COOPERATIONS: dict[str, tuple[str, str, dict[str, Any]]] = {
    "c1": ("k1", "gs_b", {}),  # across the Gemeinde border
    "c2": ("k2", "gs_a", {"until": ENDED}),  # ended: does not count
    "c3": ("k2", "v1", {}),  # not the other side of a transition
    "c4": ("kv", "k1", {}),
    "c5": ("kv", "gs_b", {}),
    "c6": ("kv", "u1", {}),
}


def district() -> Dataset:
    """The hand-built district of the module docstring."""
    nodes: dict[str, dict[str, dict[str, Any]]] = {label: {} for label in model.NODE_LABELS}
    rels: list[Rel] = []
    for area, (name, kind, population, parent) in AREAS.items():
        nodes["Area"][area] = {
            "name": name,
            "area_type": kind,
            **({} if population is None else {"population": population}),
        }
        if parent:
            rels.append(Rel("PART_OF", "Area", area, "Area", parent))
    for actor, (name, kind, sector, area) in ACTORS.items():
        nodes["Actor"][actor] = {"name": name, "actor_type": kind, "sector": sector}
        rels.append(Rel("LOCATED_IN", "Actor", actor, "Area", area))
    for offer, (title, phases, groups, area, provider, validity) in OFFERS.items():
        nodes["Offer"][offer] = {
            "title": title,
            "education_area": "fruehkindlich",
            "life_phases": phases,
            "target_groups": groups,
            **validity,
        }
        rels.append(Rel("LOCATED_IN", "Offer", offer, "Area", area))
        rels.append(Rel("PROVIDES", "Actor", provider, "Offer", offer, {"role": "lead"}))
    for key, (a, b, validity) in COOPERATIONS.items():
        rels.append(Rel("COOPERATES_WITH", "Actor", a, "Actor", b, {"id": key, "intensity": 2, **validity}))
    return Dataset(nodes, rels)


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return district()


@pytest.fixture(scope="module")
def L(ds):
    return landscape(ds, DAY)


def cell(table: pd.DataFrame, area: str, phase: str, group: str | None = None) -> pd.Series:
    rows = table[(table["area"] == area) & (table["life_phase"] == phase)]
    if group is not None:
        rows = rows[rows["target_group"] == group]
    assert len(rows) == 1, (area, phase, group)
    return rows.iloc[0]


def below(area: str) -> set[str]:
    """``area`` and every area under it, from :data:`AREAS`."""
    out = {area}
    for child, (_, _, _, parent) in AREAS.items():
        if parent == area:
            out |= below(child)
    return out


# (local offers, district-wide offers, status) per area and life phase, read off the construction
EXPECTED = {
    # the hotline at Kreis level: local for the Kreis itself, district-wide everywhere below
    ("lk", "u3"): (1, 0, "versorgt"),
    ("ga", "u3"): (0, 1, "nur_kreisweit"),
    ("gb", "u3"): (0, 1, "nur_kreisweit"),
    ("gc", "u3"): (0, 1, "nur_kreisweit"),
    ("sa", "u3"): (0, 1, "nur_kreisweit"),
    ("sn", "u3"): (0, 1, "nur_kreisweit"),
    ("gp", "u3"): (0, 1, "ohne_einwohner"),
    # Adorf's offer serves its Sozialräume; Adorf-Mitte's counts for Adorf (and the Kreis), not for Adorf-Nord
    ("lk", "kita_alter"): (3, 0, "versorgt"),
    ("ga", "kita_alter"): (2, 0, "versorgt"),
    ("sa", "kita_alter"): (2, 0, "versorgt"),
    ("sn", "kita_alter"): (1, 0, "versorgt"),
    ("gb", "kita_alter"): (1, 0, "versorgt"),
    ("gp", "kita_alter"): (1, 0, "ohne_einwohner"),
    ("gc", "kita_alter"): (0, 0, "luecke"),
    # a Sozialraum offer serves its Gemeinde; offers outside their validity are absent
    ("lk", "nacherwerb"): (1, 0, "versorgt"),
    ("ga", "nacherwerb"): (1, 0, "versorgt"),
    ("sa", "nacherwerb"): (1, 0, "versorgt"),
    ("sn", "nacherwerb"): (0, 0, "luecke"),
    ("gb", "nacherwerb"): (0, 0, "luecke"),
    ("gc", "nacherwerb"): (0, 0, "luecke"),
    ("gp", "nacherwerb"): (0, 0, "ohne_einwohner"),
    # a local offer beside a district-wide one
    ("lk", "grundschulalter"): (2, 0, "versorgt"),
    ("gc", "grundschulalter"): (1, 1, "versorgt"),
    ("ga", "grundschulalter"): (0, 1, "nur_kreisweit"),
    ("sa", "grundschulalter"): (0, 1, "nur_kreisweit"),
    ("sn", "grundschulalter"): (0, 1, "nur_kreisweit"),
    ("gb", "grundschulalter"): (0, 1, "nur_kreisweit"),
    ("gp", "grundschulalter"): (0, 1, "ohne_einwohner"),
}
for _area in AREAS:
    for _phase in ("sek1", "uebergang", "erwerbsalter"):
        EXPECTED[(_area, _phase)] = (0, 0, "ohne_einwohner" if _area == "gp" else "luecke")


# -- offer gaps ---------------------------------------------------------------------------------------


def test_every_cell_has_the_local_and_district_counts_and_status_of_the_construction(L):
    table = gaps.offer_gaps(L)
    assert len(table) == len(AREAS) * len(model.VOCABULARIES["life_phase"]) == len(EXPECTED)
    found = {(r.area, r.life_phase): (r.local_offers, r.district_offers, r.status) for r in table.itertuples()}
    assert found == EXPECTED
    assert (table["offers"] == table["local_offers"] + table["district_offers"]).all()
    assert (table["gap"] == (table["status"] == "luecke")).all()
    assert set(table["status"]) <= set(gaps.OFFER_STATUS)


def test_columns_are_the_documented_ones_in_order(L):
    assert list(gaps.offer_gaps(L).columns) == gaps.GAP_COLUMNS
    by_group = gaps.offer_gaps(L, by="target_group")
    assert list(by_group.columns) == [*gaps.GAP_COLUMNS[:3], "target_group", *gaps.GAP_COLUMNS[3:]]


def test_a_district_wide_hotline_alone_is_reported_as_only_district_wide_offers(L):
    row = cell(gaps.offer_gaps(L), "ga", "u3")
    assert row["status"] == "nur_kreisweit" and not row["gap"]
    assert "nur kreisweite Angebote" in row["explanation"]
    assert row["rate"] == 0  # the hotline does not raise Adorf's rate


def test_an_area_without_inhabitants_is_skipped_and_says_so(L):
    table = gaps.offer_gaps(L, min_rate=5)
    park = table[table["area"] == "gp"]
    assert set(park["status"]) == {"ohne_einwohner"} and not park["gap"].any()
    assert park["rate"].isna().all()
    assert all("keine Einwohner" in text and "übersprungen" in text for text in park["explanation"])


@pytest.mark.parametrize(
    ("area", "phase"),
    [
        pytest.param("ga", "nacherwerb", id="Gemeinde served by its Sozialraum's offer"),
        pytest.param("sn", "kita_alter", id="Sozialraum served by its Gemeinde's offer"),
        pytest.param("gc", "grundschulalter", id="local offer beside a district-wide one"),
    ],
)
def test_near_misses_stay_silent(L, area, phase):
    row = cell(gaps.offer_gaps(L), area, phase)
    assert row["status"] == "versorgt" and not row["gap"]


def test_a_neighbouring_sozialraum_offer_does_not_count(L):
    row = cell(gaps.offer_gaps(L), "sn", "nacherwerb")
    assert row["gap"] and row["offers"] == 0
    assert row["explanation"] == "In Adorf-Nord gibt es kein Angebot für die Lebensphase 65+."


def test_offers_outside_their_validity_count_as_absent(L, ds):
    row = cell(gaps.offer_gaps(L), "gb", "nacherwerb")
    assert row["gap"] and row["offers"] == 0
    for day in (ENDED, LATER):  # on their own dates they count
        assert cell(gaps.offer_gaps(landscape(ds, day)), "gb", "nacherwerb")["status"] == "versorgt"


ADORF_KITA_RATE = 2 * 1000 / 4000  # two local offers, 4 000 inhabitants: 0.5 per 1 000


@pytest.mark.parametrize(
    ("min_rate", "status"),
    [
        pytest.param(ADORF_KITA_RATE, "versorgt", id="exactly at the rate: no gap"),
        pytest.param(math.nextafter(ADORF_KITA_RATE, 0), "versorgt", id="threshold just below the rate"),
        pytest.param(ADORF_KITA_RATE - 0.01, "versorgt", id="threshold 0.01 below"),
        pytest.param(math.nextafter(ADORF_KITA_RATE, 1), "luecke", id="threshold just above the rate"),
        pytest.param(ADORF_KITA_RATE + 0.01, "luecke", id="threshold 0.01 above"),
    ],
)
def test_min_rate_is_a_gap_only_below_the_threshold(L, min_rate, status):
    row = cell(gaps.offer_gaps(L, min_rate=min_rate), "ga", "kita_alter")
    assert row["rate"] == pytest.approx(ADORF_KITA_RATE)
    assert row["status"] == status and row["gap"] == (status == "luecke")


def test_min_rate_explains_the_shortfall(L):
    row = cell(gaps.offer_gaps(L, min_rate=0.6), "ga", "kita_alter")
    assert row["explanation"] == (
        "In Adorf gibt es nur 2 Angebote vor Ort für 3–6 Jahre (0,50 je 1.000 Einwohner), "
        "weniger als 0,6 je 1.000 Einwohner."
    )


def test_min_rate_leaves_unknown_populations_district_only_and_empty_areas_alone(L):
    table = gaps.offer_gaps(L, min_rate=1000)
    assert cell(table, "gc", "grundschulalter")["status"] == "versorgt"  # population unknown: no rate
    assert pd.isna(cell(table, "gc", "grundschulalter")["rate"])
    assert cell(table, "ga", "u3")["status"] == "nur_kreisweit"
    assert cell(table, "gp", "kita_alter")["status"] == "ohne_einwohner"
    assert cell(table, "sa", "kita_alter")["status"] == "luecke"  # 2 per 1 500 = 1.33 < 1000


def test_rates_are_local_offers_per_thousand_inhabitants(L):
    table = gaps.offer_gaps(L)
    assert cell(table, "sa", "kita_alter")["rate"] == pytest.approx(2 * 1000 / 1500)
    assert cell(table, "sn", "kita_alter")["rate"] == pytest.approx(1.0)
    assert cell(table, "gb", "kita_alter")["rate"] == pytest.approx(1000 / 3000)
    assert cell(table, "lk", "kita_alter")["rate"] == pytest.approx(3 * 1000 / 10_000)


@pytest.mark.parametrize(
    ("area", "phase", "group", "status"),
    [
        ("ga", "u3", "eltern", "nur_kreisweit"),  # the hotline is for parents
        ("ga", "u3", "kinder", "luecke"),
        ("gb", "kita_alter", "senioren", "versorgt"),  # an offer for "alle" counts for every group
        ("ga", "kita_alter", "senioren", "luecke"),
        ("ga", "kita_alter", "kinder", "versorgt"),
    ],
)
def test_target_groups_split_the_cells(L, area, phase, group, status):
    assert cell(gaps.offer_gaps(L, by="target_group"), area, phase, group)["status"] == status


def test_an_unknown_area_is_refused_in_german(L):
    with pytest.raises(DataError, match="Gebiet „xx“ gibt es nicht"):
        gaps.offer_gaps(L, area="xx")
    with pytest.raises(DataError, match="gibt es nicht"):
        gaps.transition_gaps(L, area="xx")


# -- transition gaps --------------------------------------------------------------------------------


def transition_row(table: pd.DataFrame, area: str, key: str = "kita_grundschule") -> pd.Series:
    rows = table[(table["area"] == area) & (table["transition"] == key)]
    assert len(rows) == 1, (area, key)
    return rows.iloc[0]


def test_transition_share_counts_partners_in_other_gemeinden_and_ignores_ended_ties(L):
    table = gaps.transition_gaps(L)
    kita = table[table["transition"] == "kita_grundschule"]
    found = {r.area: (r.actors_a, r.actors_b, r.linked, r.gap) for r in kita.itertuples()}
    assert found == {
        "lk": (3, 2, 1, False),
        "ga": (2, 1, 1, False),  # Kita Sonnenschein's partner is in Bedorf; Kita Regenbogen's tie ended
        "sa": (1, 0, 1, False),
        "gb": (1, 1, 0, True),  # 0 is a gap
    }
    assert transition_row(table, "ga")["share"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("max_share", "gap"),
    [
        pytest.param(0.5, True, id="exactly at the share: gap"),
        pytest.param(math.nextafter(0.5, 0), False, id="threshold just below the share"),
        pytest.param(0.49, False, id="threshold 0.01 below"),
        pytest.param(math.nextafter(0.5, 1), True, id="threshold just above the share"),
        pytest.param(0.51, True, id="threshold 0.01 above"),
    ],
)
def test_max_share_is_a_gap_at_or_below_the_threshold(L, max_share, gap):
    assert transition_row(gaps.transition_gaps(L, max_share=max_share), "ga")["gap"] == gap


def test_an_area_without_handing_over_actors_is_never_a_transition_gap(L):
    table = gaps.transition_gaps(L, max_share=1.0)
    row = transition_row(table, "gp", "schule_beruf")  # only the company, no school
    assert (row["actors_a"], row["actors_b"]) == (0, 1)
    assert pd.isna(row["share"]) and not row["gap"]
    assert not table.loc[table["actors_a"] == 0, "gap"].any()


# -- isolates ---------------------------------------------------------------------------------------


def test_isolates_are_those_of_the_whole_network(L):
    G = cooperation_graph(L)
    assert set(gaps.isolates(G)["id"]) == {"k2", "v1", "gs_a", "k3"}
    adorf = AreaTree(L).within("ga")
    # Kita Sonnenschein (Adorf-Mitte) is linked through partners outside Adorf
    assert set(gaps.isolates(G, areas=adorf)["id"]) == {"k2", "v1", "gs_a"}


# -- the same finding for the district and for one area ---------------------------------------------


@pytest.mark.parametrize("area", ["ga", "sa", "gb", "gp", "lk"])
@pytest.mark.parametrize(
    "compute",
    [
        pytest.param(lambda L, **kw: gaps.offer_gaps(L, **kw), id="gaps"),
        pytest.param(lambda L, **kw: gaps.offer_gaps(L, by="target_group", min_rate=0.6, **kw), id="gaps-by-group"),
        pytest.param(lambda L, **kw: gaps.transition_gaps(L, **kw), id="transitions"),
    ],
)
def test_an_area_alone_has_exactly_its_rows_of_the_district(L, area, compute):
    whole = compute(L)
    alone = compute(L, area=area)
    within = below(area)
    expected = whole[whole["area"].isin(within)].reset_index(drop=True)
    assert set(alone["area"]) <= within and len(alone) > 0
    pd.testing.assert_frame_equal(alone, expected)


def test_gap_tables_for_an_area_are_the_district_rows(L):
    tables = gaps.gap_tables(L, area="ga")
    assert set(tables) == {"gaps", "transitions", "isolates"}
    pd.testing.assert_frame_equal(tables["gaps"], gaps.offer_gaps(L, area="ga"))
    pd.testing.assert_frame_equal(tables["transitions"], gaps.transition_gaps(L, area="ga"))
    assert set(tables["isolates"]["id"]) == {"k2", "v1", "gs_a"}


def test_the_report_for_one_gemeinde_states_the_district_findings(ds):
    report = build_report(ds, as_of=DAY, area="ga", generated=DAY)
    section = next(s for s in report.sections if s.title == "Lücken")
    whole = district_gaps(ds, DAY)
    assert below("ga") == {"ga", "sa", "sn"}
    rows = whole["gaps"][whole["gaps"]["area"].isin(below("ga"))].reset_index(drop=True)
    transitions = whole["transitions"][whole["transitions"]["area"].isin(below("ga"))].reset_index(drop=True)
    expected = gap_section(rows, transitions)
    assert section.paragraphs == expected.paragraphs
    assert section.bullets == expected.bullets
    assert [t.rows for t in section.tables] == [t.rows for t in expected.tables]
    text = " ".join(section.paragraphs + section.bullets)
    # the hotline and the partner in Bedorf count, as they do for the district
    assert "In Adorf gibt es kein Angebot für die Lebensphase unter 3." not in text
    assert "Nur kreisweite Angebote für die Lebensphase unter 3: Adorf, Adorf-Mitte, Adorf-Nord." in section.bullets
    assert not any("Übergang Kita → Grundschule in Adorf" in b for b in section.bullets)
    assert "In Adorf-Nord gibt es kein Angebot für die Lebensphase 65+." in section.bullets
    assert "Bedorf" not in text


def test_the_district_report_names_the_skipped_area_and_the_district_only_cells(ds):
    report = build_report(ds, as_of=DAY, generated=DAY)
    section = next(s for s in report.sections if s.title == "Lücken")
    assert any("Übersprungen, weil ohne Einwohner" in p and "Gewerbepark Bedorf" in p for p in section.paragraphs)
    assert not any("Gewerbepark Bedorf gibt es kein" in b for b in section.bullets)
    district_only = sum(status == "nur_kreisweit" for _, _, status in EXPECTED.values())
    assert f"in {district_only} gibt es nur kreisweite Angebote" in section.paragraphs[0]
    gaps_found = sum(status == "luecke" for _, _, status in EXPECTED.values())
    assert section.paragraphs[0].startswith(f"{gaps_found} Kombinationen")
    assert "Übergang Kita → Grundschule in Bedorf: keiner der 1 abgebenden Akteure kooperiert" in " ".join(
        section.bullets
    )


# -- the app's Lücken page --------------------------------------------------------------------------


@pytest.fixture
def district_in_store(embedded_store, monkeypatch):
    """The session's store holding the hand-built district (its earlier content is put back afterwards)."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")  # as `bildungsnetz serve`: single-user mode on loopback
    monkeypatch.setenv("BILDUNGSNETZ_ROLE_CLAIM", "roles")
    saved = embedded_store.read_dataset(include_persons=True)
    embedded_store.write_dataset(district(), replace=True)
    yield embedded_store
    embedded_store.write_dataset(saved, replace=True, allow_empty=True)  # the store may have been empty
    config.set_option("server.address", before)


def test_the_app_page_shows_one_gemeinde_with_the_district_rules(district_in_store, L):
    from conftest import ROOT
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=120)
    at.session_state["test_page"] = "gaps"
    at.session_state["as_of"] = DAY
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Gewerbepark Bedorf" in i.value for i in at.info)  # skipped, and said so
    at.selectbox(key="gaps_area").set_value("ga").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = at.dataframe[0].value
    expected = gaps.offer_gaps(L, area="ga")
    assert list(shown["Gebiets-ID"]) == list(expected["area"])
    assert list(shown["Befund"]) == [gaps.OFFER_STATUS[s] for s in expected["status"]]
    district_only = at.dataframe[1].value  # "Nur kreisweite Angebote"
    assert set(zip(district_only["Gebiets-ID"], district_only["Lebensphase"], strict=True)) == {
        (a, model.VOCABULARIES["life_phase"][p])
        for (a, p), (_, _, status) in EXPECTED.items()
        if status == "nur_kreisweit" and a in below("ga")
    }
    transitions = at.dataframe[2].value
    assert list(transitions["Lücke"]) == ["Ja" if g else "Nein" for g in gaps.transition_gaps(L, area="ga")["gap"]]
    kita = transitions[(transitions["Gebiets-ID"] == "ga") & (transitions["Übergang"] == "Kita → Grundschule")]
    assert list(kita["Davon verbunden"]) == [1] and list(kita["Lücke"]) == ["Nein"]  # its partner in Bedorf counts
    assert set(at.dataframe[3].value["ID"]) == {"k2", "v1", "gs_a"}


def test_analyse_with_area_prints_the_district_rows_of_that_area(cli_env):
    import json

    from conftest import MINI, run_cli

    whole = run_cli("analyse", "gaps", "--input", str(MINI), "--format", "json", env=cli_env)
    part = run_cli("analyse", "gaps", "--input", str(MINI), "--area", "0123", "--format", "json", env=cli_env)
    assert whole.returncode == part.returncode == 0, part.stderr
    inside = {"0123", "sr-1"}  # the Gemeinde and its Sozialraum in tests/data/mini
    expected = [row for row in json.loads(whole.stdout) if row["area"] in inside]
    assert json.loads(part.stdout) == expected and expected
