"""Several rows for one cooperation pair are a history, not an error.

Periods that do not overlap stay apart and ``--as-of`` picks the valid one;
overlapping rows merge (highest intensity, union of types) with a Hinweis; a
self-loop row is reported and the rest of the file is still analysed with
``--input``. Each case builds its own small CSV folder.
"""

from __future__ import annotations

import datetime as dt
import json

from conftest import mini_dataset, run_cli

from graph import importing
from graph.build import cooperation_graph, landscape
from graph.io.validate import load, load_or_raise

ACTORS = (
    "ID;Name;Typ;Sektor\na;Kita A;kita;fruehe_bildung\nb;Grundschule B;grundschule;schule\nc;Verein C;verein;kultur\n"
)


def folder(tmp_path, cooperations: str):
    path = tmp_path / "verlauf"
    path.mkdir(exist_ok=True)
    (path / "Akteure.csv").write_text(ACTORS, encoding="utf-8")
    (path / "Kooperationen.csv").write_text(cooperations, encoding="utf-8")
    return path


PAUSED = "Akteur A;Akteur B;Intensitaet;Seit;Bis\na;b;2;2020-01-01;2021-06-30\nb;a;4;2023-01-01;\n"


def test_rows_of_one_pair_with_periods_that_do_not_overlap_are_kept_as_a_history(tmp_path):
    result = load(folder(tmp_path, PAUSED))
    assert result.ok and not result.problems
    coops = sorted((r.props["since"], r.props["intensity"], r.props["id"]) for r in result.dataset.rels)
    assert [(since, intensity) for since, intensity, _ in coops] == [(dt.date(2020, 1, 1), 2), (dt.date(2023, 1, 1), 4)]
    assert coops[0][2] != coops[1][2]


def test_as_of_picks_the_period_valid_on_that_day(tmp_path):
    ds = load_or_raise(folder(tmp_path, PAUSED))
    assert cooperation_graph(landscape(ds, dt.date(2020, 6, 1))).edges["a", "b"]["weight"] == 2
    assert not cooperation_graph(landscape(ds, dt.date(2022, 1, 1))).has_edge("a", "b")  # paused
    assert cooperation_graph(landscape(ds, dt.date(2024, 1, 1))).edges["a", "b"]["weight"] == 4


def test_periods_that_touch_on_one_day_overlap_and_merge(tmp_path):
    rows = "Akteur A;Akteur B;Intensitaet;Seit;Bis\na;b;2;2020-01-01;2021-06-30\na;b;3;2021-06-30;\n"
    result = load(folder(tmp_path, rows))
    [coop] = result.dataset.rels
    assert coop.props["intensity"] == 3 and coop.props["since"] == dt.date(2020, 1, 1) and "until" not in coop.props
    assert [p.severity for p in result.problems] == ["Hinweis"]


def test_periods_a_day_apart_do_not_merge(tmp_path):
    rows = "Akteur A;Akteur B;Seit;Bis\na;b;2020-01-01;2021-06-30\na;b;2021-07-01;\n"
    result = load(folder(tmp_path, rows))
    assert len(result.dataset.rels) == 2 and not result.problems


def test_a_history_is_stored_and_imported_again_without_change(store, tmp_path):
    ds = load_or_raise(folder(tmp_path, PAUSED))
    store.write_dataset(ds)
    assert store.counts()["COOPERATES_WITH"] == 2
    again = importing.prepare(store, folder(tmp_path, PAUSED))
    assert again.ok
    summary = importing.commit(store, again)
    assert (summary.changed_rels, summary.deleted_rels) == (0, 0)


def test_a_new_period_for_a_stored_pair_is_added_beside_the_stored_one(store, tmp_path):
    store.write_dataset(load_or_raise(folder(tmp_path, "Akteur A;Akteur B;Seit;Bis\na;b;2020-01-01;2021-06-30\n")))
    later = importing.prepare(store, folder(tmp_path, "Akteur A;Akteur B;Seit;Bis\na;b;2023-01-01;\n"))
    assert later.ok, later.problems
    importing.commit(store, later)
    periods = sorted(r.props["since"] for r in store.read_dataset().rels if r.type == "COOPERATES_WITH")
    assert periods == [dt.date(2020, 1, 1), dt.date(2023, 1, 1)]


def test_a_new_explicit_id_for_an_overlapping_stored_period_is_refused(store, tmp_path):
    store.write_dataset(mini_dataset())  # ko-1: ak-1 and ak-2 since 01.09.2021, open
    path = tmp_path / "neu"
    path.mkdir()
    (path / "Akteure.csv").write_text("ID;Name;Typ;Sektor\n", encoding="utf-8")
    (path / "Kooperationen.csv").write_text("ID;Akteur A;Akteur B;Seit\nneu-1;ak-1;ak-2;2024-01-01\n", encoding="utf-8")
    checked = importing.prepare(store, path)
    [problem] = [p for p in checked.problems if p.severity == "Fehler"]
    assert problem.row == 2 and "für diesen Zeitraum bereits unter der ID „ko-1“" in problem.message


def test_a_self_loop_is_reported_with_its_row_and_the_rest_is_still_analysed(tmp_path, cli_env):
    rows = "Akteur A;Akteur B\na;b\nc;c\nb;c\n"
    result = run_cli("analyse", "centrality", "--input", str(folder(tmp_path, rows)), "--format", "json", env=cli_env)
    assert result.returncode == 0, result.stderr
    assert "Zeile 3" in result.stderr and "mit sich selbst" in result.stderr
    degrees = {row["id"]: row["degree"] for row in json.loads(result.stdout)}
    assert degrees["b"] == 2  # a–b and b–c are analysed
    imported = run_cli("import", str(folder(tmp_path, rows)), "--dry-run", env=cli_env)
    assert imported.returncode == 1  # the import stays all-or-nothing
