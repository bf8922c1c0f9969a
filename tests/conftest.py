"""Shared fixtures: one embedded engine per test session, in a temporary data directory.

Store tests take the ``store`` fixture, which runs them against the embedded
engine and, when ``NEO4J_URI`` is set, once more against that Neo4j server
(marker ``neo4j``; skipped with the reason when it is not set).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.auth import Principal, Role
from graph.dataset import Dataset
from graph.db.engine import EmbeddedEngine
from graph.db.store import Store

ROOT = Path(__file__).resolve().parents[1]
MINI = ROOT / "tests" / "data" / "mini"
DEMO = ROOT / "data" / "demo" / "musterau.xlsx"
OUTPUT = ROOT / "test-output"
#: The principal of the store fixtures: an administrator, so that every write is allowed.
TEST_ADMIN = Principal("pytest@bildungsnetz.test", Role.ADMIN, "test")


@pytest.fixture(scope="session")
def session_data_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory for the whole session; BILDUNGSNETZ_DATA_DIR points at it."""
    path = tmp_path_factory.mktemp("bildungsnetz-data")
    saved = {k: os.environ.get(k) for k in ("BILDUNGSNETZ_DATA_DIR", "NEO4J_URI")}
    os.environ["BILDUNGSNETZ_DATA_DIR"] = str(path)
    neo4j_uri = os.environ.pop("NEO4J_URI", None)
    os.environ["BILDUNGSNETZ_TEST_NEO4J_URI"] = neo4j_uri or ""
    yield path
    EmbeddedEngine(path).stop()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(scope="session")
def embedded_store(session_data_dir: Path) -> Iterator[Store]:
    """The store on the session's embedded engine (started once)."""
    store = Store.open(principal=TEST_ADMIN)
    yield store
    store.close()


@pytest.fixture(scope="session")
def neo4j_store(session_data_dir: Path) -> Iterator[Store]:
    """A store on the Neo4j server at NEO4J_URI (set before the session started)."""
    uri = os.environ.get("BILDUNGSNETZ_TEST_NEO4J_URI")
    if not uri:
        pytest.skip("NEO4J_URI ist nicht gesetzt: kein Neo4j-Server für die Store-Tests")
    env = dict(os.environ, NEO4J_URI=uri)
    store = Store.open(environ=env, principal=TEST_ADMIN)
    yield store
    store.close()


@pytest.fixture(params=["embedded", pytest.param("neo4j", marks=pytest.mark.neo4j)])
def store(request: pytest.FixtureRequest) -> Store:
    """An empty store: the embedded engine, and Neo4j when NEO4J_URI is set."""
    fixture = "embedded_store" if request.param == "embedded" else "neo4j_store"
    current: Store = request.getfixturevalue(fixture)
    current.clear()
    return current


@pytest.fixture
def cli_env(session_data_dir: Path) -> dict[str, str]:
    """Environment for running the CLI in a subprocess against the session's data directory."""
    return dict(os.environ)


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    """Run ``bildungsnetz ARGS`` in a subprocess and return the completed process."""
    return subprocess.run(
        [sys.executable, "-m", "graph.cli", *args],
        capture_output=True,
        text=True,
        env=env or dict(os.environ),
        cwd=ROOT,
        timeout=timeout,
        check=False,
    )


def mini_dataset() -> Dataset:
    """The small hand-written dataset in tests/data/mini, validated."""
    from graph.io.validate import load_or_raise

    return load_or_raise(MINI)
