"""Change between two dates: committees founded and dissolved and offers new and ended are rows of their own."""

from __future__ import annotations

import datetime as dt

import pytest
from conftest import run_cli

from graph.analysis.change import change
from graph.dataset import Dataset, Rel
from graph.errors import UsageError

EARLY, LATE = dt.date(2024, 1, 1), dt.date(2025, 1, 1)


def district() -> Dataset:
    ds = Dataset()
    ds.add_node("Area", "kreis", {"name": "Kreis", "area_type": "kreis"})
    for a in ("a", "b"):
        ds.add_node("Actor", a, {"name": f"Akteur {a.upper()}", "actor_type": "verein", "sector": "kultur"})
    ds.add_rel(Rel("COOPERATES_WITH", "Actor", "a", "Actor", "b", {"id": "k"}))
    ds.add_node(
        "Committee", "alt", {"name": "AK Alt", "committee_type": "arbeitskreis", "valid_to": dt.date(2024, 6, 30)}
    )
    ds.add_node(
        "Committee", "neu", {"name": "AK Neu", "committee_type": "arbeitskreis", "valid_from": dt.date(2024, 9, 1)}
    )
    ds.add_node("Committee", "bleibt", {"name": "Lenkungskreis", "committee_type": "lenkungskreis"})
    offer = {"education_area": "weiterbildung"}
    ds.add_node("Offer", "o-alt", {**offer, "title": "Kurs Alt", "valid_to": dt.date(2024, 3, 31)})
    ds.add_node("Offer", "o-neu", {**offer, "title": "Kurs Neu", "valid_from": dt.date(2024, 12, 31)})
    ds.add_node("Offer", "o-spaeter", {**offer, "title": "Kurs Später", "valid_from": dt.date(2025, 1, 2)})
    for o in ("o-alt", "o-neu", "o-spaeter"):
        ds.add_rel(Rel("PROVIDES", "Actor", "a", "Offer", o, {"role": "lead"}))
    return ds


def rows(table, kind):
    return {(r.change, r.id) for r in table[table["kind"] == kind].itertuples()}


def test_committees_founded_and_dissolved_are_rows_of_their_own():
    table = change(district(), EARLY, LATE)
    assert rows(table, "committee") == {("neu", "neu"), ("beendet", "alt")}
    [sentence] = table[(table["kind"] == "committee") & (table["change"] == "neu")]["explanation"]
    assert sentence == "Das Gremium „AK Neu“ wurde zwischen 01.01.2024 und 01.01.2025 gegründet."


def test_offers_new_and_ended_are_rows_of_their_own_and_a_later_one_is_not_counted():
    table = change(district(), EARLY, LATE)
    assert rows(table, "offer") == {("neu", "o-neu"), ("beendet", "o-alt")}


def test_an_unchanged_district_has_no_committee_or_offer_rows():
    table = change(district(), dt.date(2024, 7, 1), dt.date(2024, 8, 31))
    assert rows(table, "committee") == set() and rows(table, "offer") == set()


def test_a_start_after_the_end_is_a_german_usage_error():
    with pytest.raises(UsageError, match="liegt nach dem späteren"):
        change(district(), LATE, EARLY)


def test_from_after_to_on_the_command_line_exits_with_2_and_one_sentence(cli_env, tmp_path):
    result = run_cli(
        "analyse", "change", "--input", "tests/data/mini", "--from", "2025-01-01", "--to", "2024-01-01", env=cli_env
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "liegt nach dem späteren" in result.stderr
