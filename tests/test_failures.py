"""Every failure a German sentence, never a traceback: paths, devices, full disks, a dead engine, large messages.

Exit codes as README promises: 1 for invalid data, 2 for usage and environment errors.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from conftest import MINI, ROOT, TEST_ADMIN, mini_dataset, run_cli
from neo4j import GraphDatabase

from graph.dataset import Dataset
from graph.db.engine import USER, EmbeddedEngine
from graph.db.store import Store
from graph.errors import EngineError

pytestmark = pytest.mark.slow


def sentence(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    return result.stderr.strip()


def in_namespace(mount: str, target: str, *args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the CLI with a tmpfs mounted at ``target`` (``mount``: its options), as root in a mount namespace."""
    if os.geteuid() != 0 or not shutil.which("unshare"):
        pytest.skip("nur als root mit unshare lässt sich ein schreibgeschütztes oder volles Dateisystem herstellen")
    command = " ".join([sys.executable, "-m", "graph.cli", *args])
    script = f"mount -t tmpfs -o {mount} tmpfs {target} && exec {command}"
    return subprocess.run(
        ["unshare", "-m", "sh", "-c", script], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )


def test_an_export_into_a_directory_names_it_and_exits_with_2(embedded_store, cli_env, tmp_path):
    result = run_cli("export", str(tmp_path), "--format", "xlsx", env=cli_env)
    assert result.returncode == 2
    assert sentence(result) == f"{tmp_path}: Das ist ein Ordner, keine Datei; bitte einen Dateinamen angeben."


def test_an_export_below_a_file_names_the_path(embedded_store, cli_env, tmp_path):
    blocker = tmp_path / "datei"
    blocker.write_text("x", encoding="utf-8")
    result = run_cli("export", str(blocker / "ordner"), "--format", "csv", env=cli_env)
    assert result.returncode == 2
    assert str(blocker) in sentence(result)


def test_an_export_onto_a_full_device_says_the_disk_is_full(embedded_store, cli_env):
    result = run_cli("export", "/dev/full", "--format", "json", env=cli_env)
    assert result.returncode == 2
    assert sentence(result) == "/dev/full: Der Datenträger ist voll; bitte Platz schaffen."


def test_an_export_onto_a_read_only_file_system_says_so(cli_env, tmp_path):
    target = tmp_path / "nur-lesen"
    target.mkdir()
    result = in_namespace("ro", str(target), "export", str(target / "x.xlsx"), "--format", "xlsx", env=cli_env)
    assert result.returncode == 2
    assert sentence(result).endswith("Das Dateisystem ist schreibgeschützt.")


def test_a_report_path_that_is_a_directory_stops_the_import_before_anything_is_written(store, cli_env, tmp_path):
    store.write_dataset(mini_dataset())
    before = store.revision()
    folder = tmp_path / "neu"
    folder.mkdir()
    (folder / "Akteure.csv").write_text("ID;Name;Typ;Sektor\nneu-1;Neuer Verein;verein;kultur\n", encoding="utf-8")
    result = run_cli("import", str(folder), "--report", str(tmp_path), env=cli_env)
    assert result.returncode == 2
    assert f"{tmp_path}: Das ist ein Ordner" in sentence(result)
    assert store.revision() == before and "neu-1" not in store.ids()["Actor"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_device_file_as_input_is_refused_with_one_sentence(embedded_store, cli_env, device):
    result = run_cli("import", device, "--dry-run", env=cli_env, timeout=60)
    assert result.returncode == 1
    text = sentence(result)
    assert "keine gewöhnliche Datei" in text and text.count("keine gewöhnliche Datei") == 1


def test_a_full_data_directory_is_named_as_such(tmp_path):
    data = tmp_path / "voll"
    data.mkdir()
    env = dict(os.environ, BILDUNGSNETZ_DATA_DIR=str(data))
    try:
        result = in_namespace("size=200k", str(data), "status", env=env)
    finally:
        subprocess.run(["pkill", "-f", f"graph.db.engine_main {data}"], check=False)
    assert result.returncode == 2
    assert f"Auf dem Datenträger des Datenverzeichnisses {data} ist kein Platz mehr" in sentence(result)


def test_a_write_to_a_stopped_engine_says_nothing_was_saved(tmp_path):
    engine = EmbeddedEngine(tmp_path / "daten")
    info = engine.ensure_running()
    # a short retry window: the default waits 30 s for a server that might come back
    driver = GraphDatabase.driver(info.uri, auth=(USER, engine.password()), max_transaction_retry_time=1)
    store = Store(driver, "bildungsnetz", engine="embedded", principal=TEST_ADMIN)
    try:
        store.ensure_schema()
        engine.stop(timeout=30)
        with pytest.raises(EngineError, match="Nichts wurde gespeichert") as caught:
            store.write_dataset(mini_dataset())
        assert "läuft der Datenbankserver" in str(caught.value)
    finally:
        store.close()
        engine.stop(timeout=30)


def test_a_batch_larger_than_a_bolt_message_is_split_and_written(store):
    ds = Dataset()
    for i in range(300):  # 300 × 32,000 two-byte characters: 19 MB, above the engine's 16 MiB per message
        props = {"name": "Verein", "actor_type": "verein", "sector": "kultur", "address": "ä" * 32_000}
        ds.add_node("Actor", f"lang-{i}", props)
    summary = store.write_dataset(ds)
    assert summary.changed_nodes == 300
    assert store.read_dataset().nodes["Actor"]["lang-7"]["address"] == "ä" * 32_000


def test_usage_errors_exit_with_2_and_a_german_sentence(cli_env):
    result = run_cli("import", env=cli_env)
    assert result.returncode == 2 and "Fehler:" in result.stderr and "Traceback" not in result.stderr
    assert MINI.exists()
