"""Name matching of survey partners, the answer file, reciprocity and rounds on hand-built data.

Expected scores are worked out by hand: rapidfuzz's ratio is 2·M/T (M
matching characters, T the length of both strings), so "grundschle nord"
(15 characters) against "grundschule nord" (16) is 2·15/31 = 0.967742.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from graph.dataset import Dataset, Rel
from graph.errors import DataError
from graph.survey.formats import read_answers
from graph.survey.intake import prepare_survey
from graph.survey.matching import Matcher, alias_key, match
from graph.survey.model import ReviewItem, SurveyRound
from graph.survey.reciprocity import confirmed_only, one_sided, rueckfrage
from graph.survey.rounds import reminders, response_rates

GRUNDSCHLE = round(2 * 15 / 31, 6)


def landscape() -> Dataset:
    ds = Dataset()
    for area, name, kind in (
        ("kreis", "Landkreis Muster", "kreis"),
        ("musterau", "Musterau", "gemeinde"),
        ("beispiel", "Beispielstadt", "gemeinde"),
    ):
        ds.add_node("Area", area, {"name": name, "area_type": kind})
    ds.add_rel(Rel("PART_OF", "Area", "musterau", "Area", "kreis", {}))
    ds.add_rel(Rel("PART_OF", "Area", "beispiel", "Area", "kreis", {}))
    actors = (
        ("jugendamt", "Jugendamt", "kreisverwaltung", "verwaltung", "kreis"),
        ("kita-martin", "Katholische Kindertagesstätte Sankt Martin", "kita", "fruehe_bildung", "musterau"),
        ("kita-marien", "Kita St. Marien", "kita", "fruehe_bildung", "musterau"),
        ("gs-nord", "Grundschule Nord", "grundschule", "schule", "musterau"),
        ("gs-sued", "Grundschule Süd", "grundschule", "schule", "musterau"),
        ("ev-arche", "Evangelische Kita Arche Noah", "kita", "fruehe_bildung", "beispiel"),
        ("sonne-m", "Kita Sonnenschein", "kita", "fruehe_bildung", "musterau"),
        ("sonne-b", "Kita Sonnenschein", "kita", "fruehe_bildung", "beispiel"),
        ("vhs-1", "VHS Außenstelle I", "vhs", "weiterbildung", "kreis"),
        ("vhs-2", "VHS Außenstelle II", "vhs", "weiterbildung", "kreis"),
    )
    for actor, name, kind, sector, area in actors:
        ds.add_node("Actor", actor, {"name": name, "actor_type": kind, "sector": sector})
        ds.add_rel(Rel("LOCATED_IN", "Actor", actor, "Area", area, {}))
    return ds


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(landscape())


@pytest.mark.parametrize(
    ("named", "expected"),
    [
        ("Kath. Kita St. Martin", "kita-martin"),  # abbreviations
        ("Kita St. Martin", "kita-martin"),  # without the denomination
        ("GS Nord", "gs-nord"),
        ("Ev. Kita Arche Noah", "ev-arche"),
        ("VHS Außenstelle 2", "vhs-2"),  # II is 2
        ("jugendamt", "jugendamt"),  # an id
    ],
)
def test_sure_matches(matcher: Matcher, named: str, expected: str) -> None:
    confidence, proposed, _ = matcher.match(named)
    assert (confidence, proposed) == ("sicher", expected)


@pytest.mark.parametrize(
    ("named", "never"),
    [
        ("Kath. Kita St. Martin", "kita-marien"),
        ("Kita St. Marien", "kita-martin"),
        ("Grundschule Nord", "gs-sued"),
        ("Grundschule Süd", "gs-nord"),
        ("VHS Außenstelle I", "vhs-2"),
        ("VHS Außenstelle II", "vhs-1"),
    ],
)
def test_near_misses_are_never_candidates(matcher: Matcher, named: str, never: str) -> None:
    _, proposed, candidates = matcher.match(named)
    assert proposed != never
    assert never not in [c.actor for c in candidates]


def test_misspelt_name_scores_as_computed_by_hand_and_threshold_holds_at_below_above(matcher: Matcher) -> None:
    _, proposed, candidates = matcher.match("Grundschle Nord")
    assert proposed == "gs-nord"
    assert candidates[0].score == pytest.approx(GRUNDSCHLE)
    assert matcher.match("Grundschle Nord", sure_score=GRUNDSCHLE)[0] == "sicher"  # at
    assert matcher.match("Grundschle Nord", sure_score=GRUNDSCHLE - 0.001)[0] == "sicher"  # below
    assert matcher.match("Grundschle Nord", sure_score=GRUNDSCHLE + 0.001)[0] == "unsicher"  # above


def test_margin_rule_at_below_above() -> None:
    ds = Dataset()
    ds.add_node("Actor", "a", {"name": "Kita Sonnenschein"})
    ds.add_node("Actor", "b", {"name": "Kita Sonnenscheinchen"})
    # "kita sonnenschein" (17) vs "kita sonnenscheinchen" (21): 2*17/38; vs itself: 1
    lead = round(1 - 2 * 17 / 38, 6)
    m = Matcher(ds)
    assert m.match("Kita Sonnenschein", margin=lead)[0] == "sicher"
    assert m.match("Kita Sonnenschein", margin=lead - 0.001)[0] == "sicher"
    assert m.match("Kita Sonnenschein", margin=lead + 0.001)[0] == "unsicher"


def test_abbreviated_name_alone_is_unsure_with_top_three(matcher: Matcher) -> None:
    confidence, _, candidates = matcher.match("Ev. Kita")
    assert confidence == "unsicher"
    assert len(candidates) == 3
    assert all(c.reasons for c in candidates)


def test_ambiguous_name_is_resolved_by_the_area_hint(matcher: Matcher) -> None:
    confidence, _, candidates = matcher.match("Kita Sonnenschein")
    assert confidence == "unsicher"
    assert {c.actor for c in candidates} == {"sonne-m", "sonne-b"}
    confidence, proposed, candidates = matcher.match("Kita Sonnenschein", area_hint="Beispielstadt")
    assert (confidence, proposed) == ("sicher", "sonne-b")
    assert any(r.startswith("dagegen: anderes Gebiet") for r in candidates[1].reasons)


def test_type_hint_against_the_only_candidate_keeps_it_unsure(matcher: Matcher) -> None:
    confidence, proposed, candidates = matcher.match("Grundschule Nord", type_hint="Kita")
    assert confidence == "unsicher" and proposed is None
    assert "dagegen: anderer Typ (Grundschule statt Kita)" in candidates[0].reasons


def test_unknown_name_is_new_and_respondent_is_never_its_own_partner(matcher: Matcher) -> None:
    assert matcher.match("Musikschule Klangwelt") == ("neu", None, ())
    assert matcher.match("Grundschule Nord", respondent="gs-nord")[1] != "gs-nord"


def test_alias_is_sure_at_once() -> None:
    ds = landscape()
    aliases = {alias_key("Die Kita an der Kirche"): "kita-martin"}
    assert match("Die Kita an der Kirche", ds)[0] == "neu"
    assert match("die Kita an der Kirche", ds, aliases=aliases)[:2] == ("sicher", "kita-martin")


SURVEY = (
    "Befragte Organisation;Partner;Intensität;Arten;Seit;Gebiet;Typ\n"
    "Jugendamt;Grundschle Nord;3;Abstimmung;01.03.2024;;\n"
    "jugendamt;Ev. Kita;2;;;;\n"
    "Jugendamt;Kita Sonnenschein;;;;Beispielstadt;Kita\n"
    "Jugendamt;Kita Sonnenschein;;;;;\n"
    "Grundschule Nord;Musikschule Klangwelt;1;;;;\n"
    "Grundschule Nord;Jugendamt;3;;;;\n"
)


def test_survey_file_gives_the_expected_queue(tmp_path: Path) -> None:
    path = tmp_path / "antworten.csv"
    path.write_text(SURVEY, encoding="utf-8-sig")
    prepared = prepare_survey(path, landscape(), round_name="Frühjahr 2026", round_date=dt.date(2026, 3, 1))
    got = [(i.respondent, i.named, i.confidence, i.proposed) for i in prepared.items]
    assert got == [
        ("jugendamt", "Grundschle Nord", "sicher", "gs-nord"),
        ("jugendamt", "Ev. Kita", "unsicher", got[1][3]),
        ("jugendamt", "Kita Sonnenschein", "sicher", "sonne-b"),
        ("gs-nord", "Musikschule Klangwelt", "neu", None),
        ("gs-nord", "Jugendamt", "sicher", "jugendamt"),
    ]
    # the second "Kita Sonnenschein" of the same respondent is a repeated row (a note), not a new item
    assert any("schon in Zeile 4" in n.message for n in prepared.notes)
    assert prepared.items[0].fields["intensity"] == 3
    assert prepared.items[0].fields["types"] == ["abstimmung"]
    assert prepared.items[0].fields["since"] == dt.date(2024, 3, 1)
    assert prepared.summary() == "5 Nennungen: 3 sicher zugeordnet, 1 unsicher, 1 neue Organisation"
    assert [r.id for r in prepared.rounds] == ["runde-fruehjahr-2026"]


def test_bad_file_is_refused_with_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "antworten.csv"
    path.write_text("Befragte Organisation;Partner;Intensität\nJugendamt;GS Nord;7\nJugendamt;;2\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_answers(path)
    texts = [str(p) for p in caught.value.problems if p.severity == "Fehler"]
    assert any(t.startswith("antworten.csv, Zeile 2, Spalte C („Intensität“)") for t in texts)
    assert any(t.startswith("antworten.csv, Zeile 3, Spalte B („Partner“)") for t in texts)


def test_unknown_respondent_is_refused_at_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "antworten.csv"
    path.write_text("Befragte Organisation;Partner\nKita Sonnenschein;GS Nord\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        prepare_survey(path, landscape())
    problem = next(p for p in caught.value.problems if p.severity == "Fehler")
    assert (problem.row, problem.column, problem.letter) == (2, "Befragte Organisation", "A")
    assert "sonne-b" in problem.message and "sonne-m" in problem.message


LIMESURVEY = (
    '"id","submitdate","lastpage","startlanguage","ORG","PARTNER[SQ001]","INT1","PARTNER[SQ002]","INT2"\n'
    '"1","2026-03-02 10:00:00","3","de","Jugendamt","GS Nord","4","Kath. Kita St. Martin","2"\n'
    '"2","","1","de","Grundschule Süd","Jugendamt","",""," "\n'
    '"3","2026-03-03 09:00:00","3","de","gs-sued","Jugendamt","1","",""\n'
)


def test_limesurvey_export_is_read_with_the_documented_codes(tmp_path: Path) -> None:
    path = tmp_path / "results-survey123.csv"
    path.write_bytes(LIMESURVEY.encode("utf-8-sig"))
    prepared = prepare_survey(path, landscape())
    got = [(i.source, i.respondent, i.proposed, i.fields.get("intensity")) for i in prepared.items]
    assert got == [
        ("limesurvey", "jugendamt", "gs-nord", 4),
        ("limesurvey", "jugendamt", "kita-martin", 2),
        ("limesurvey", "gs-sued", "jugendamt", 1),
    ]
    assert any("nicht abgeschlossene" in n.message for n in prepared.notes)


def tie(a: str, b: str, rid: str, **props: object) -> Rel:
    return Rel("COOPERATES_WITH", "Actor", a, "Actor", b, {"id": rid, **props})


def test_reciprocity_counts_on_a_hand_built_case() -> None:
    ds = landscape()
    ds.add_rel(tie("jugendamt", "gs-nord", "k1", reported_by="jugendamt", confirmed=True))
    ds.add_rel(tie("jugendamt", "gs-sued", "k2", reported_by="jugendamt", confirmed=False))
    ds.add_rel(tie("vhs-1", "jugendamt", "k3", reported_by="vhs-1", confirmed=False))
    ds.add_rel(tie("vhs-2", "jugendamt", "k4"))  # entered by the office
    ds.add_rel(tie("sonne-m", "gs-nord", "k5", reported_by="sonne-m", until=dt.date(2020, 1, 1)))  # ended
    today = dt.date(2026, 3, 1)
    sided = one_sided(ds, today)
    assert list(sided["id"]) == ["k2", "k3"]
    asks = rueckfrage(ds, today)
    assert list(zip(asks["actor"], asks["named_by"], strict=True)) == [("gs-sued", "jugendamt"), ("jugendamt", "vhs-1")]
    only = confirmed_only(ds)
    assert sorted(r.props["id"] for r in only.rels if r.type == "COOPERATES_WITH") == ["k1", "k4"]
    assert only.note == "Nur bestätigte Kooperationen (2 von 5)"


def test_response_rates_and_reminders() -> None:
    ds = landscape()
    survey = SurveyRound("r1", "Frühjahr", dt.date(2026, 3, 1))

    def item(respondent: str, round_id: str = "r1") -> ReviewItem:
        return ReviewItem("", round_id, "umfrage", respondent, "kooperation", "x", None, (), "neu", {})

    items = [item("gs-nord"), item("gs-nord"), item("kita-martin"), item("jugendamt", "other")]
    rates = response_rates(ds, survey, items)
    row = rates[(rates["kind"] == "sector") & (rates["id"] == "schule")].iloc[0]
    assert (row["actors"], row["answered"], row["rate"]) == (2, 1, 0.5)
    row = rates[(rates["kind"] == "area") & (rates["id"] == "musterau")].iloc[0]
    assert (row["actors"], row["answered"]) == (5, 2)  # two of the five actors of Musterau answered
    late = reminders(ds, survey, items)
    assert len(late) == 8 and "gs-nord" not in set(late["id"]) and "jugendamt" in set(late["id"])
    assert "contact_email" not in late.columns


def test_answer_workbook_with_a_title_row_and_windows_1252_csv_are_read(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Antworten"
    ws.append(["Netzwerkbefragung 2026"])  # a title above the header
    ws.append(["Befragte Organisation", "Partner", "Intensitaet", "Seit"])
    ws.append(["Jugendamt", "Grundschule Süd", "wöchentlich oder öfter", dt.datetime(2023, 9, 1)])
    wb.save(tmp_path / "antworten.xlsx")
    (answer,) = read_answers(tmp_path / "antworten.xlsx").answers
    assert (answer.row, answer.partner, answer.fields) == (
        3,
        "Grundschule Süd",
        {"intensity": 4, "since": dt.date(2023, 9, 1)},
    )
    (tmp_path / "alt.csv").write_bytes("Befragte Organisation;Partner\nJugendamt;Grundschule Süd\n".encode("cp1252"))
    assert read_answers(tmp_path / "alt.csv").answers[0].partner == "Grundschule Süd"


def test_limesurvey_codes_can_be_renamed(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text('"id","submitdate","EINRICHTUNG","P1","P2"\n"1","2026-03-02","Jugendamt","GS Nord",""\n')
    prepared = prepare_survey(path, landscape(), codes={"ORG": "EINRICHTUNG", "PARTNER": "P"})
    assert [(i.respondent, i.proposed) for i in prepared.items] == [("jugendamt", "gs-nord")]
    with pytest.raises(DataError, match="ORG"):
        prepare_survey(path, landscape())  # the default code ORG is missing: refused, naming it


def test_reminders_name_contact_persons_only_when_asked() -> None:
    ds = landscape()
    ds.add_node("Person", "p-1", {"name": "Erika Muster", "email": "erika@example.org", "role": "Leitung"})
    ds.add_rel(Rel("REPRESENTS", "Person", "p-1", "Actor", "gs-nord", {}))
    survey = SurveyRound("r1", "Frühjahr", dt.date(2026, 3, 1))
    plain = reminders(ds, survey, [])
    assert "Erika Muster" not in plain.to_csv()
    asked = reminders(ds, survey, [], include_persons=True)
    row = asked[asked["id"] == "gs-nord"].iloc[0]
    assert (row["contact_name"], row["contact_email"]) == ("Erika Muster", "erika@example.org")


def test_an_answer_without_partners_counts_for_the_response_rate(tmp_path: Path) -> None:
    path = tmp_path / "antworten.csv"
    path.write_text(
        "Befragte Organisation;Partner\nGrundschule Süd;\nJugendamt;GS Nord\nJugendamt;\n", encoding="utf-8"
    )
    prepared = prepare_survey(path, landscape(), round_name="R")
    kinds = [(i.respondent, i.kind, i.status) for i in prepared.items]
    # the Jugendamt named a partner in another row: no second item for it
    assert kinds == [("jugendamt", "kooperation", "offen"), ("gs-sued", "teilnahme", "uebernommen")]
    assert prepared.summary() == (
        "1 Nennung: 1 sicher zugeordnet, 0 unsicher, 0 neue Organisationen; 1 Antwort ohne genannte Partner"
    )
    rates = response_rates(landscape(), SurveyRound("runde-r", "R", dt.date(2026, 3, 1)), prepared.items)
    row = rates[(rates["kind"] == "sector") & (rates["id"] == "schule")].iloc[0]
    assert (row["actors"], row["answered"]) == (2, 1)


def test_a_finished_limesurvey_response_without_partners_is_an_answer(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text('"id","submitdate","ORG","PARTNER1","INT1"\n"1","2026-03-02","gs-sued","",""\n')
    (item,) = prepare_survey(path, landscape()).items
    assert (item.respondent, item.kind) == ("gs-sued", "teilnahme")


def test_a_misspelt_place_in_a_club_name_ranks_the_club_of_that_place_first() -> None:
    ds = Dataset()
    for area, name in (("tannenhorst", "Tannenhorst"), ("suedstadt", "Südstadt")):
        ds.add_node("Area", area, {"name": name, "area_type": "gemeinde"})
    for actor, name, area in (
        ("tus-t", "TuS Tannenhorst e.V.", "tannenhorst"),
        ("tus-s", "TuS Südstadt e.V.", "suedstadt"),
    ):
        ds.add_node("Actor", actor, {"name": name, "actor_type": "verein"})
        ds.add_rel(Rel("LOCATED_IN", "Actor", actor, "Area", area, {}))
    confidence, proposed, candidates = Matcher(ds).match("TuS Tannnhorst")
    # "tannnhorst tus" (14) against "tannenhorst tus" (15): 2·14/29; against "TuS" alone (its own place left out): 0.9
    assert [(c.actor, c.score) for c in candidates] == [("tus-t", pytest.approx(2 * 14 / 29, abs=1e-6)), ("tus-s", 0.9)]
    assert (confidence, proposed) == ("unsicher", "tus-t")  # 0.97 leads 0.9 by less than the margin 0.1
