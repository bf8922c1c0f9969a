"""The query loader: one query per file, declared parameters and slots checked, allow-listed labels."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.db.queries import QUERIES, QueryLoader, parse
from graph.errors import QueryError


def write(root: Path, name: str, text: str) -> QueryLoader:
    path = root / f"{name}.cypher"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return QueryLoader(root)


def test_every_query_file_of_the_project_parses_and_documents_its_purpose():
    assert len(QUERIES.queries) >= 15
    for name, query in QUERIES.queries.items():
        assert query.doc, name
        assert "/" in name  # every query lives in a namespace folder


def test_loader_refuses_a_parameter_used_but_not_declared(tmp_path):
    loader = write(tmp_path, "q", "// Find an actor.\nMATCH (n:Actor {id: $id}) RETURN n")
    with pytest.raises(QueryError, match="id"):
        loader.get("q")


def test_loader_refuses_a_parameter_declared_but_not_used(tmp_path):
    loader = write(tmp_path, "q", "// Count actors.\n// $id: unused\nMATCH (n:Actor) RETURN count(n)")
    with pytest.raises(QueryError, match="deklarierten"):
        loader.get("q")


def test_loader_refuses_an_unknown_query_name():
    with pytest.raises(QueryError, match="Unbekannte Abfrage"):
        QUERIES.get("nodes/does_not_exist")


def test_loader_refuses_a_query_without_header(tmp_path):
    loader = write(tmp_path, "q", "MATCH (n) RETURN n")
    with pytest.raises(QueryError, match="Kopfkommentar"):
        loader.get("q")


def test_parameters_inside_strings_and_comments_do_not_count():
    query = parse(
        "q",
        "// Purpose.\n// $name: a name\nMATCH (n {name: $name}) // not $this\nRETURN '$literal' AS x, \"$too\" AS y",
        Path("q.cypher"),
    )
    assert query.params == {"name"}


def test_map_literals_are_not_mistaken_for_slots():
    query = parse("q", "// Purpose.\n// $id: id\nMERGE (n:Actor {id: $id}) RETURN n {.id} AS n", Path("q"))
    assert query.slots == {}


def test_given_parameters_must_match_the_declaration():
    with pytest.raises(QueryError, match="erwartet"):
        QUERIES.text("nodes/upsert", {"rows": []}, label="Actor")


def test_slots_are_filled_only_from_the_allow_list_and_backtick_quoted():
    text = QUERIES.text("nodes/all", label="Actor")
    assert "(n:`Actor`)" in text
    for bad in ("Actor`) DETACH DELETE n //", "actor", "Meta2", "COOPERATES_WITH"):
        with pytest.raises(QueryError, match="nicht erlaubt"):
            QUERIES.text("nodes/all", label=bad)


def test_relationship_type_slots_accept_only_allow_listed_types():
    text = QUERIES.text("rels/all", type="COOPERATES_WITH", start="Actor", end="Actor")
    assert "[x:`COOPERATES_WITH`]" in text
    with pytest.raises(QueryError):
        QUERIES.text("rels/all", type="KNOWS", start="Actor", end="Actor")


def test_missing_or_extra_slots_are_refused():
    with pytest.raises(QueryError, match="Platzhalter"):
        QUERIES.text("nodes/all")
    with pytest.raises(QueryError, match="Platzhalter"):
        QUERIES.text("nodes/all", label="Actor", type="RUNS")


def test_a_slot_used_but_not_declared_is_refused(tmp_path):
    loader = write(tmp_path, "q", "// Purpose.\nMATCH (n:{label}) RETURN n")
    with pytest.raises(QueryError, match="Platzhalter"):
        loader.get("q")
