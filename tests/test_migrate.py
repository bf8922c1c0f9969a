"""`bildungsnetz migrate`: everything moves into an empty database, checked on both sides.

The source is the session's embedded engine; the target a second embedded
engine in its own data directory (the same code path as a Neo4j target: both
are reached through the driver and the same queries).
"""

from __future__ import annotations

import pytest
from conftest import TEST_ADMIN, mini_dataset, run_cli

from graph import slides
from graph.auth import Role
from graph.db import migrate
from graph.db.engine import EmbeddedEngine
from graph.db.store import Store
from graph.errors import ConfigError, DataError
from graph.service import NetworkFilter

pytestmark = pytest.mark.slow


@pytest.fixture
def target_dir(tmp_path):
    path = tmp_path / "ziel"
    yield path
    EmbeddedEngine(path).stop()


def filled(store: Store) -> Store:
    store.write_dataset(mini_dataset())
    ds = mini_dataset()
    ds.nodes["Actor"]["ak-1"]["source"] = "zweite Erhebung"
    store.write_dataset(ds)  # ak-1 has version 2 now
    store.set_user_role("leitung@kreis.example", Role.ADMIN)
    for view in slides.load_views(store):
        slides.remove_view(view.id, store=store)
    slides.add_view(slides.SavedView("Schulen", NetworkFilter(sectors=("schule",))), store=store)
    slides.add_view(slides.SavedView("Alles"), store=store)
    return store


def test_everything_moves_into_an_empty_database_and_the_source_keeps_it_all(embedded_store, target_dir):
    source = filled(embedded_store)
    before = source.read_dataset(include_persons=True).fingerprint()
    audit_before = {e["id"] for e in source.audit_log()}
    with Store.open(environ=migrate.target_environ(f"embedded:{target_dir}"), principal=TEST_ADMIN) as target:
        report = migrate.migrate(source, target)
        assert target.read_dataset(include_persons=True).fingerprint() == before
        assert target.node_version("Actor", "ak-1") == source.node_version("Actor", "ak-1") == 2
        assert target.user_role("leitung@kreis.example") is Role.ADMIN
        assert [v.caption for v in slides.load_views(target)] == ["Schulen", "Alles"]
        assert slides.load_views(target)[0].filter == NetworkFilter(sectors=("schule",))
        moved = {e["id"]: e for e in target.audit_log()}
        assert audit_before <= set(moved)
        assert next(e["action"] for e in target.audit_log()) == "migrate_import"
        assert report.counts["Actor"] == 4 and report.views == 2 and report.users >= 1
        with pytest.raises(DataError, match="nicht leer"):
            migrate.migrate(source, target)  # a second move into the now filled target is refused
    assert source.read_dataset(include_persons=True).fingerprint() == before
    assert source.audit_log()[0]["action"] == "migrate_export"


def test_a_target_that_is_not_empty_is_refused_and_nothing_is_copied(embedded_store, target_dir):
    source = filled(embedded_store)
    with Store.open(environ=migrate.target_environ(f"embedded:{target_dir}"), principal=TEST_ADMIN) as target:
        target.set_user_role("jemand@kreis.example", Role.VIEWER)
        with pytest.raises(DataError, match=r"nicht leer.*Nichts wurde übertragen"):
            migrate.migrate(source, target)
        assert target.is_empty()


def test_a_neo4j_target_needs_its_password_from_the_environment_not_the_command_line():
    with pytest.raises(ConfigError, match="BILDUNGSNETZ_TARGET_PASSWORD"):
        migrate.target_environ("neo4j://db:7687", environ={})
    env = migrate.target_environ("bolt://db:7687", user="bn", environ={"BILDUNGSNETZ_TARGET_PASSWORD": "geheim"})
    assert env == {
        "NEO4J_URI": "bolt://db:7687",
        "NEO4J_USER": "bn",
        "NEO4J_PASSWORD": "geheim",
        "NEO4J_DATABASE": "neo4j",
    }
    with pytest.raises(ConfigError, match="Unbekanntes Ziel"):
        migrate.target_environ("http://db:7474", environ={})


def test_the_command_line_refuses_the_source_as_its_own_target(cli_env, session_data_dir):
    result = run_cli("migrate", "--to", f"embedded:{session_data_dir}", env=cli_env)
    assert result.returncode == 2
    assert "dasselbe Datenverzeichnis" in result.stderr and "Traceback" not in result.stderr


def test_a_target_holding_only_an_audit_log_takes_the_move_and_keeps_its_entries(
    embedded_store, target_dir, monkeypatch, session_data_dir
):
    source = filled(embedded_store)
    # the source engine holds this port: a fixed port setting must not make the target engine collide with it
    port = EmbeddedEngine(session_data_dir).status()["bolt_port"]
    monkeypatch.setenv("BILDUNGSNETZ_ENGINE_PORT", str(port))
    with Store.open(environ=migrate.target_environ(f"embedded:{target_dir}"), principal=TEST_ADMIN) as target:
        target.record("acceptance", role=Role.ADMIN)
        [earlier] = target.audit_log()
        report = migrate.migrate(source, target)
        assert earlier["id"] in {e["id"] for e in target.audit_log()}
        assert report.counts["Actor"] == 4
