"""``bildungsnetz survey``: a whole round from the command line, against the session's embedded engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import run_cli
from test_survey_store import inventory

from graph.db.store import Store

ANSWERS = (
    "Befragte Organisation;Partner;Intensität\n"
    "Jugendamt;GS Nord;3\n"  # sure
    "Jugendamt;Kita St. Martin;2\n"  # sure
    "Grundschule Nord;Jugendamt;2\n"  # sure: confirms the first
    "Grundschule Nord;Musikschule Klangwelt;1\n"  # new
)


@pytest.fixture
def district(embedded_store: Store, cli_env: dict[str, str]) -> Iterator[dict[str, str]]:
    embedded_store.clear_survey()
    embedded_store.write_dataset(inventory(), replace=True)
    yield cli_env
    embedded_store.clear_survey()
    embedded_store.clear()


def test_a_round_from_import_to_the_confirmed_network(district: dict[str, str], embedded_store: Store, tmp_path: Path):
    path = tmp_path / "antworten.csv"
    path.write_text(ANSWERS, encoding="utf-8")
    dry = run_cli("survey", "import", str(path), "--round", "Frühjahr 2026", "--dry-run", env=district)
    assert dry.returncode == 0, dry.stderr
    assert "4 Nennungen: 3 sicher zugeordnet, 0 unsicher, 1 neue Organisation. Probelauf" in dry.stdout
    assert embedded_store.review_items(status=None) == []

    done = run_cli("survey", "import", str(path), "--round", "Frühjahr 2026", "--date", "01.03.2026", env=district)
    assert done.returncode == 0, done.stderr
    assert "4 Nennungen: 3 sicher zugeordnet" in done.stdout
    assert [r.name for r in embedded_store.rounds()] == ["Frühjahr 2026"]
    assert not [r for r in embedded_store.read_dataset().rels if r.type == "COOPERATES_WITH"]

    listed = run_cli("survey", "queue", env=district)
    assert listed.returncode == 0 and "Musikschule Klangwelt" in listed.stdout

    sure = run_cli("survey", "accept-sure", env=district)
    assert "3 sicher zugeordnete Nennungen übernommen." in sure.stdout
    (new,) = embedded_store.review_items()
    refused = run_cli("survey", "decide", new.id, "--new", env=district)  # no sector: the form's message
    assert refused.returncode == 1 and "Sektor" in refused.stderr
    made = run_cli(
        "survey", "decide", new.id[:12], "--new", "--type", "musikschule", "--sector", "kultur", env=district
    )
    assert made.returncode == 0, made.stderr
    coops = {
        frozenset((r.start, r.end)): r.props for r in embedded_store.read_dataset().rels if r.type == "COOPERATES_WITH"
    }
    assert coops[frozenset(("jugendamt", "gs-nord"))]["confirmed"] is True
    assert coops[frozenset(("jugendamt", "kita-martin"))]["confirmed"] is False
    assert coops[frozenset(("gs-nord", "musikschule-klangwelt"))]["reported_by"] == "gs-nord"


def test_a_bad_file_exits_with_1_names_row_and_column_and_queues_nothing(
    district: dict[str, str], embedded_store: Store, tmp_path: Path
):
    path = tmp_path / "antworten.csv"
    path.write_text("Befragte Organisation;Partner;Seit\nJugendamt;GS Nord;gestern\n", encoding="utf-8")
    result = run_cli("survey", "import", str(path), env=district)
    assert result.returncode == 1
    assert "antworten.csv, Zeile 2, Spalte C („Seit“)" in result.stderr
    assert embedded_store.review_items(status=None) == []


def test_rounds_show_the_response_and_reminders_list_who_has_not_answered(
    district: dict[str, str], embedded_store: Store, tmp_path: Path
):
    path = tmp_path / "antworten.csv"
    path.write_text("Befragte Organisation;Partner\nJugendamt;GS Nord\n", encoding="utf-8")
    assert (
        run_cli("survey", "import", str(path), "--round", "Herbst", "--date", "2026-10-01", env=district).returncode
        == 0
    )
    rounds = run_cli("survey", "rounds", env=district)
    assert "runde-herbst\tHerbst\t01.10.2026\t1 von 3 Akteuren haben geantwortet (33 %)" in rounds.stdout
    out = tmp_path / "erinnerung.csv"
    result = run_cli("survey", "reminders", "--round", "Herbst", "--output", str(out), env=district)
    assert result.returncode == 0, result.stderr
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == "ID;Name;Typ;Sektor;Gebiet"  # no contact persons unless asked
    assert sorted(line.split(";")[0] for line in lines[1:]) == ["gs-nord", "kita-martin"]
    unknown = run_cli("survey", "reminders", "--round", "Winter", env=district)
    assert unknown.returncode == 1 and "„Herbst“" in unknown.stderr
