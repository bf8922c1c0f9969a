"""The acceptance script ``deploy/acceptance.py``: it passes on a fresh embedded database and refuses one with data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import ROOT, run_cli

SCRIPT = ROOT / "deploy" / "acceptance.py"


def acceptance(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Run ``python deploy/acceptance.py ARGS`` from the repository root, as the README says."""
    return subprocess.run(
        [sys.executable, str(SCRIPT.relative_to(ROOT)), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A fresh embedded data dir of its own (never a configured Neo4j); its engine is stopped afterwards."""
    base = tmp_path_factory.mktemp("abnahme")
    (base / "tmp").mkdir()
    env = dict(os.environ, BILDUNGSNETZ_DATA_DIR=str(base / "daten"), TMPDIR=str(base / "tmp"))
    for key in ("NEO4J_URI", "BILDUNGSNETZ_ENGINE_PORT", "BILDUNGSNETZ_TARGET_PASSWORD"):
        env.pop(key, None)
    yield env
    run_cli("engine", "stop", env=env)


def test_the_help_is_german_and_names_the_override() -> None:
    result = acceptance(dict(os.environ), "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Aufruf: python deploy/acceptance.py")
    for phrase in ("Optionen:", "--ja-testdaten-schreiben", "--migrate-to", "BILDUNGSNETZ_TARGET_PASSWORD"):
        assert phrase in result.stdout, phrase


@pytest.mark.slow
def test_every_step_passes_on_a_fresh_database_and_the_run_cleans_up(fresh: dict[str, str]) -> None:
    result = acceptance(fresh)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    steps = [line for line in result.stdout.splitlines() if line.startswith("[")]
    passed = [line for line in result.stdout.splitlines() if line.startswith("  ✔ bestanden: ")]
    assert [line.split("]")[0] for line in steps] == [f"[{n}" for n in range(1, 10)], output
    assert len(passed) == len(steps) == 9, output
    assert "✘" not in output
    assert "9 von 9 Schritten bestanden." in result.stdout
    assert "Protokolleinträge" in result.stdout  # what remains is said
    assert "Versionen: Bildungsnetz " in result.stdout
    # test data and users removed, temp folders (with the migration copy) gone
    status = json.loads(run_cli("status", "--json", env=fresh).stdout)
    assert not any(status.values()), status
    assert "leer" in run_cli("users", "list", env=fresh).stdout
    assert list(Path(fresh["TMPDIR"]).iterdir()) == []


@pytest.mark.slow
@pytest.mark.parametrize(
    ("fill", "unfill", "held"),
    [
        (
            ("users", "add", "jemand@beispiel.invalid", "--role", "viewer"),
            ("users", "remove", "jemand@beispiel.invalid"),
            "1 Benutzer",
        ),
        (("demo",), None, "Einträge"),
    ],
    ids=["users", "records"],
)
def test_a_database_with_data_is_refused_without_the_override(
    fresh: dict[str, str], fill: tuple[str, ...], unfill: tuple[str, ...] | None, held: str
) -> None:
    assert run_cli(*fill, env=fresh).returncode == 0
    before = run_cli("status", "--json", env=fresh).stdout
    result = acceptance(fresh)
    assert result.returncode == 2, result.stdout + result.stderr
    assert "enthält bereits Daten" in result.stderr and held in result.stderr, result.stderr
    assert "Nichts wurde verändert" in result.stderr and "--ja-testdaten-schreiben" in result.stderr
    assert "[1]" not in result.stdout  # no step ran
    assert run_cli("status", "--json", env=fresh).stdout == before
    if unfill:
        assert run_cli(*unfill, env=fresh).returncode == 0
