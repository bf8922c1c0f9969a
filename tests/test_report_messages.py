"""Page 1 of the report ("Das Wichtigste in Kürze") on two districts built by hand.

"Landkreis Klein" (5 000 inhabitants: Altdorf 3 000, Neudorf 2 000) has every finding once:

- the Bildungsbüro is the only link between two pairs of actors: the library and the music school of
  Altdorf, the youth centre and the youth farm of Neudorf. The four pairs across lie on shortest
  paths through it alone, so its betweenness is 4 of the (7 · 6 / 2 − 6 = 15) pairs of the other
  six actors: 4/15 = 27 %; it has 4 partners; without it one pair (2 actors) loses the connection;
- an island: the Heimatverein and the Sportverein of Neudorf cooperate only with each other;
- one offer gap: Altdorf has an offer for every life phase, Neudorf for every phase but "unter 3";
- one duplicate pair: two offers "Leseförderung für Familien" in Altdorf whose providers (library,
  youth centre) do not cooperate;
- one change: the cooperation Bildungsbüro–library began on 01.03.2026 (comparison with 01.01.2026:
  6 cooperations then, 7 now);
- no actor is on side A of a transition (no Kita, no school), so there is no transition gap.

"Landkreis Ruhig" has none of them: three actors of one Gemeinde cooperate in a triangle (no one
lies between two others), one offer covers every life phase, nothing has a date.

Every expected value is read off these constructions.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from graph import model
from graph.analysis.summary import summary
from graph.dataset import Dataset, Rel
from graph.report.content import CAP, build_report, gap_section, key_messages
from graph.report.render import annex_bytes, render_html, render_pdf

DAY = dt.date(2026, 6, 1)
SINCE = dt.date(2026, 1, 1)
ALL_PHASES = list(model.VOCABULARIES["life_phase"])


def district(
    areas: dict[str, tuple[str, str, int, str | None]],
    actors: dict[str, tuple[str, str, str, str]],
    cooperations: list[tuple[str, str, dict[str, Any]]],
    offers: dict[str, tuple[str, list[str], str, str, str]],
) -> Dataset:
    """A dataset of areas (name, type, population, part of), actors (name, type, sector, area),
    cooperations (a, b, properties) and offers (title, life phases, topic, area, provider)."""
    nodes: dict[str, dict[str, dict[str, Any]]] = {label: {} for label in model.NODE_LABELS}
    rels: list[Rel] = []
    for area, (name, kind, population, parent) in areas.items():
        nodes["Area"][area] = {"name": name, "area_type": kind, "population": population}
        if parent:
            rels.append(Rel("PART_OF", "Area", area, "Area", parent))
    for actor, (name, kind, sector, area) in actors.items():
        nodes["Actor"][actor] = {"name": name, "actor_type": kind, "sector": sector}
        rels.append(Rel("LOCATED_IN", "Actor", actor, "Area", area))
    for number, (a, b, props) in enumerate(cooperations, start=1):
        rels.append(Rel("COOPERATES_WITH", "Actor", a, "Actor", b, {"id": f"c{number}", "intensity": 2, **props}))
    for offer, (title, phases, topic, area, provider) in offers.items():
        nodes["Offer"][offer] = {
            "title": title,
            "education_area": "nonformal_informell",
            "life_phases": phases,
            "target_groups": ["familien"],
            "topic": topic,
        }
        rels.append(Rel("LOCATED_IN", "Offer", offer, "Area", area))
        rels.append(Rel("PROVIDES", "Actor", provider, "Offer", offer, {"role": "lead"}))
    return Dataset(nodes, rels)


KLEIN_AREAS = {
    "lk": ("Landkreis Klein", "kreis", 5_000, None),
    "alt": ("Altdorf", "gemeinde", 3_000, "lk"),
    "neu": ("Neudorf", "gemeinde", 2_000, "lk"),
}
KLEIN_ACTORS = {
    "bb": ("Bildungsbüro Klein", "kreisverwaltung", "verwaltung", "lk"),
    "bib": ("Stadtbibliothek Altdorf", "bibliothek", "kultur", "alt"),
    "ms": ("Musikschule Altdorf", "musikschule", "kultur", "alt"),
    "jz": ("Jugendzentrum Neudorf", "jugendeinrichtung", "jugendhilfe", "neu"),
    "jf": ("Kinder- und Jugendfarm Neudorf", "jugendeinrichtung", "jugendhilfe", "neu"),
    "hv": ("Heimatverein Neudorf e.V.", "verein", "zivilgesellschaft", "neu"),
    "sv": ("Sportverein Neudorf e.V.", "verein", "zivilgesellschaft", "neu"),
}
KLEIN_COOPERATIONS = [
    ("bib", "ms", {}),
    ("jz", "jf", {}),
    ("bb", "bib", {"since": dt.date(2026, 3, 1)}),
    ("bb", "ms", {}),
    ("bb", "jz", {}),
    ("bb", "jf", {}),
    ("hv", "sv", {}),
]
KLEIN_OFFERS = {
    "o1": ("Leseförderung für Familien", ALL_PHASES, "Leseförderung", "alt", "bib"),
    "o2": ("Leseförderung für Familien Altdorf", ALL_PHASES, "Leseförderung", "alt", "jz"),
    "o3": ("Freizeit in Neudorf", [p for p in ALL_PHASES if p != "u3"], "Freizeit", "neu", "jz"),
}


def klein(offers: bool = True) -> Dataset:
    return district(KLEIN_AREAS, KLEIN_ACTORS, KLEIN_COOPERATIONS, KLEIN_OFFERS if offers else {})


def ruhig() -> Dataset:
    return district(
        {"lk": ("Landkreis Ruhig", "kreis", 1_000, None), "g": ("Stilldorf", "gemeinde", 1_000, "lk")},
        {
            "a": ("Bücherei Stilldorf", "bibliothek", "kultur", "g"),
            "b": ("Musikschule Stilldorf", "musikschule", "kultur", "g"),
            "c": ("Jugendhaus Stilldorf", "jugendeinrichtung", "jugendhilfe", "g"),
        },
        [("a", "b", {}), ("b", "c", {}), ("a", "c", {})],
        {"o": ("Familienzeit", ALL_PHASES, "Familie", "g", "a")},
    )


@pytest.fixture(scope="module")
def klein_messages():
    tables = summary(klein(), as_of=DAY, since=SINCE, top=10)
    return key_messages(tables, offers=len(KLEIN_OFFERS), since=SINCE)


def by_kind(messages):
    return {m.kind: m for m in messages}


def test_the_strongest_broker_and_the_dependency_on_it_lead_the_page(klein_messages):
    messages, _ = klein_messages
    broker = messages[0]
    assert broker.kind == "broker" and broker.section == "brueckenakteure"
    assert broker.text.startswith("Bildungsbüro Klein hat die stärkste Brückenfunktion: 27 % der kürzesten Wege")
    assert "der 4 Partner hat" in broker.text
    assert "verlören 2 Akteure die Verbindung zum übrigen Netzwerk" in broker.text


def test_the_largest_gap_is_named_with_its_area_and_life_phase(klein_messages):
    gap = by_kind(klein_messages[0])["gap"]
    assert gap.section == "luecken"
    assert gap.text == (
        "Größte Angebotslücke: In Neudorf (2.000 Einwohner) gibt es kein Angebot für die Lebensphase unter 3."
    )


def test_the_duplicate_pair_and_the_island_are_named(klein_messages):
    found = by_kind(klein_messages[0])
    assert found["duplicates"].text.startswith("1 mögliche Doppelstruktur: 1 Angebotspaar.")
    assert "„Leseförderung für Familien“" in found["duplicates"].text
    assert found["island"].text == (
        "Eine Insel aus 2 Akteuren kooperiert nur untereinander und hat keine Verbindung zum großen Netz: "
        "Heimatverein Neudorf e.V. und Sportverein Neudorf e.V."
    )


def test_the_change_since_the_last_report_counts_the_new_cooperation(klein_messages):
    change = by_kind(klein_messages[0])["change"]
    assert change.text.startswith("Seit dem 01.01.2026: 1 neue Kooperation, 0 beendete (von 6 auf 7)")


def test_every_finding_gets_a_next_step_pointing_to_its_section(klein_messages):
    messages, steps = klein_messages
    assert 3 <= len(messages) <= 6 and 1 <= len(steps) <= 6
    assert [m.kind for m in messages] == ["broker", "gap", "duplicates", "island", "change"]
    kinds = [s.kind for s in steps]
    assert kinds[:4] == ["broker", "gap", "duplicates", "island"]
    assert all(s.section for s in steps)
    assert "Bildungsbüro Klein" in steps[0].text


def test_without_findings_the_messages_say_so_and_recommend_nothing():
    tables = summary(ruhig(), as_of=DAY, since=SINCE, top=10)
    messages, steps = key_messages(tables, offers=1, since=SINCE)
    assert [m.text for m in messages] == [
        "Jedes Gebiet hat für jede Lebensphase mindestens ein Angebot.",
        "Es wurden keine Doppelstrukturen gefunden.",
        "Es gibt keine Inseln: Alle Akteure sind mit dem großen Netz verbunden.",
        "Seit dem 01.01.2026 sind keine Kooperationen und keine Akteure hinzugekommen oder weggefallen.",
    ]
    assert steps == []


def test_without_offers_the_report_says_none_are_recorded_instead_of_one_gap_per_cell():
    report = build_report(klein(offers=False), as_of=DAY, since=SINCE, generated=DAY)
    gap = by_kind(report.messages)["gap"]
    assert gap.text.startswith("Es sind keine Angebote erfasst")
    section = next(s for s in report.sections if s.anchor == "luecken")
    assert section.paragraphs[0].startswith("Keine Angebote erfasst")
    assert not section.pictures
    assert not any("kein Angebot für die Lebensphase" in b for b in section.bullets)
    html = render_html(report)
    assert "Keine Angebote erfasst" in html and "gibt es kein Angebot für die Lebensphase" not in html
    assert "<tbody></tbody>" not in html  # no table without rows (no transition has actors on side A)


def test_long_lists_show_ten_and_count_the_rest_in_the_annex():
    # 12 clubs without any cooperation next to one cooperating pair: 12 islands (10 shown), 14 brokers rows
    actors = {f"v{i}": (f"Verein {i:02d}", "verein", "zivilgesellschaft", "g") for i in range(1, 13)}
    actors |= {"a": ("Bücherei", "bibliothek", "kultur", "g"), "b": ("Musikschule", "musikschule", "kultur", "g")}
    ds = district(
        {"lk": ("Landkreis Viele", "kreis", 1_000, None), "g": ("Vieldorf", "gemeinde", 1_000, "lk")},
        actors,
        [("a", "b", {})],
        {"o": ("Familienzeit", ALL_PHASES, "Familie", "g", "a")},
    )
    report = build_report(ds, as_of=DAY, since=SINCE, generated=DAY)
    network = next(s for s in report.sections if s.anchor == "netz")
    [alone] = network.bullets  # the clubs without any cooperation, ten of them named
    assert alone.startswith("Ohne jede Kooperation: Verein ") and alone.count("Verein") == CAP
    assert network.more_bullets == 12 - CAP
    brokers = next(s for s in report.sections if s.anchor == "brueckenakteure").tables[0]
    assert len(brokers.rows) == CAP and brokers.more == 14 - CAP
    html = render_html(report)
    assert "… weitere 2 in der Excel-Anlage (Blatt „Inseln“)." in html
    assert "… weitere 4 in der Excel-Anlage (Blatt „Brückenakteure“)." in html
    workbook = load_workbook(io.BytesIO(annex_bytes(report)))
    islands = list(workbook["Inseln"].iter_rows(values_only=True))
    assert len(islands) == 1 + 12 and "Akteur" in islands[0]
    assert len(list(workbook["Brückenakteure"].iter_rows(values_only=True))) == 1 + 14


def test_the_annex_neutralises_formulas_in_names():
    actors = dict(KLEIN_ACTORS)
    actors["hv"] = ('=HYPERLINK("x")', "verein", "zivilgesellschaft", "neu")
    ds = district(KLEIN_AREAS, actors, KLEIN_COOPERATIONS, KLEIN_OFFERS)
    report = build_report(ds, as_of=DAY, since=SINCE, generated=DAY)
    workbook = load_workbook(io.BytesIO(annex_bytes(report)))
    cells = [c for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row]
    assert not [c for c in cells if isinstance(c, str) and c.startswith("=")]
    assert '\'=HYPERLINK("x")' in cells


def test_an_anonymised_report_has_as_many_messages_and_names_no_actor():
    named = build_report(klein(), as_of=DAY, since=SINCE, generated=DAY)
    anonymous = build_report(klein(), as_of=DAY, since=SINCE, generated=DAY, anonymous=True)
    assert [m.kind for m in anonymous.messages] == [m.kind for m in named.messages]
    assert [m.kind for m in anonymous.steps] == [m.kind for m in named.steps]
    assert [len(s.bullets) for s in anonymous.sections] == [len(s.bullets) for s in named.sections]
    pdf_text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(render_pdf(anonymous))).pages)
    html = render_html(anonymous)
    workbook = load_workbook(io.BytesIO(annex_bytes(anonymous)))
    cells = " ".join(str(c) for ws in workbook.worksheets for row in ws.iter_rows(values_only=True) for c in row)
    for name, *_ in KLEIN_ACTORS.values():
        assert name not in html and name not in pdf_text.replace("\n", " ") and name not in cells, name
    assert "Insel aus 2 Akteuren" in html
    [island] = next(s for s in anonymous.sections if s.anchor == "netz").bullets
    assert island.startswith("Insel aus 2 Akteuren, die nur untereinander kooperieren: Verein ")


def test_gap_section_keeps_its_shape_for_callers_without_offer_count():
    tables = summary(klein(), as_of=DAY, since=SINCE, top=10)
    section = gap_section(tables["gaps"], tables["transitions"])
    assert section.title == "Lücken" and section.anchor == "luecken"
    assert section.bullets == ["In Neudorf gibt es kein Angebot für die Lebensphase unter 3."]


def test_an_open_transition_is_a_key_message_with_a_step():
    # Ruhig plus one Kita that cooperates only with the library: no Grundschule partners it (none exists)
    base = ruhig()
    base.nodes["Actor"]["k"] = {"name": "Kita Stilldorf", "actor_type": "kita", "sector": "fruehe_bildung"}
    base.rels += [
        Rel("LOCATED_IN", "Actor", "k", "Area", "g"),
        Rel("COOPERATES_WITH", "Actor", "k", "Actor", "a", {"id": "ck", "intensity": 2}),
    ]
    tables = summary(base, as_of=DAY, since=SINCE, top=10)
    messages, steps = key_messages(tables, offers=1, since=SINCE)
    gap = by_kind(messages)["gap"]
    assert gap.text.startswith("Jedes Gebiet hat für jede Lebensphase mindestens ein Angebot. Am Übergang Kita → ")
    assert "kooperiert der einzige abgebende Akteur nicht mit der aufnehmenden Seite" in gap.text
    assert [s.section for s in steps if s.kind == "transition"] == ["luecken"]


def test_without_data_on_the_comparison_day_the_change_message_says_so():
    # every actor of Ruhig is entered as valid from 01.03.2026, after the comparison day 01.01.2026
    late = ruhig()
    for props in late.nodes["Actor"].values():
        props["valid_from"] = dt.date(2026, 3, 1)
    tables = summary(late, as_of=DAY, since=SINCE, top=10)
    change = by_kind(key_messages(tables, offers=1, since=SINCE)[0])["change"]
    assert change.text == (
        "Für den 01.01.2026 sind noch keine Daten erfasst; die Veränderung zeigt der nächste Bericht."
    )
