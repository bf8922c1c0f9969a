"""The embedded engine as users meet it: shared by processes, robust to kills, clear when it cannot start."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from conftest import MINI, ROOT, run_cli

from graph.db.engine import EmbeddedEngine

pytestmark = pytest.mark.slow


@pytest.fixture
def own_data_dir(tmp_path):
    """A data directory of its own (its own engine), stopped after the test."""
    path = tmp_path / "data"
    env = dict(os.environ, BILDUNGSNETZ_DATA_DIR=str(path))
    yield path, env
    EmbeddedEngine(path).stop(timeout=30)


def engine_pids(data_dir: Path) -> list[int]:
    out = subprocess.run(["pgrep", "-f", f"graph.db.engine_main {data_dir}"], capture_output=True, text=True)
    return [int(pid) for pid in out.stdout.split()]


def second_dataset(root: Path) -> Path:
    folder = root / "zweiter"
    folder.mkdir()
    (folder / "Akteure.csv").write_text(
        "ID;Name;Typ;Sektor\nz-1;Musikschule Testau;musikschule;kultur\nz-2;Bibliothek Testau;bibliothek;kultur\n",
        encoding="utf-8",
    )
    (folder / "Kooperationen.csv").write_text("ID;Akteur A;Akteur B\nz-k;z-1;z-2\n", encoding="utf-8")
    return folder


def test_two_cli_processes_and_the_test_process_share_one_engine(embedded_store, cli_env, tmp_path):
    embedded_store.clear()
    other = second_dataset(tmp_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "import", str(path)],
            cwd=ROOT,
            env=cli_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in (MINI, other)
    ]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    counts = embedded_store.counts()
    assert counts["Actor"] == 6 and counts["COOPERATES_WITH"] == 4
    status = run_cli("status", "--json", env=cli_env)
    assert json.loads(status.stdout)["Actor"] == 6
    assert len(engine_pids(Path(cli_env["BILDUNGSNETZ_DATA_DIR"]))) == 1


def test_two_processes_starting_at_once_start_only_one_engine(own_data_dir):
    data_dir, env = own_data_dir
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "status", "--json"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert len(engine_pids(data_dir)) == 1
    assert oct((data_dir / "engine" / "password").stat().st_mode & 0o777) == "0o600"


def test_engine_status_and_stop_from_the_command_line(own_data_dir):
    data_dir, env = own_data_dir
    assert "läuft nicht" in run_cli("engine", "status", env=env).stdout
    assert run_cli("engine", "start", env=env).returncode == 0
    status = json.loads(run_cli("engine", "status", "--json", env=env).stdout)
    assert status["läuft"] is True and status["bolt_port"] > 0
    with socket.create_connection(("127.0.0.1", status["bolt_port"]), timeout=5):
        pass
    stop = run_cli("engine", "stop", env=env)
    assert stop.returncode == 0 and "beendet" in stop.stdout
    assert engine_pids(data_dir) == []


def test_a_killed_engine_leaves_stale_files_that_the_next_start_recovers_from(own_data_dir):
    data_dir, env = own_data_dir
    assert run_cli("import", str(MINI), env=env).returncode == 0
    info = EmbeddedEngine(data_dir).info()
    os.kill(info.pid, signal.SIGKILL)
    while engine_pids(data_dir):
        time.sleep(0.1)
    assert (data_dir / "engine" / "engine.json").exists()  # stale
    status = run_cli("status", "--json", env=env)
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["Actor"] == 4
    assert EmbeddedEngine(data_dir).info().pid != info.pid


WRITER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from graph.dataset import Dataset, Rel
    from graph.auth import local_principal
    from graph.db.store import Store

    store = Store.open(principal=local_principal())
    ds = Dataset()
    for i in range(2000):
        ds.add_node("Actor", f"x{i:04d}", {"name": f"Verein {i}", "actor_type": "verein", "sector": "kultur"})
    for i in range(1999):
        ds.add_rel(Rel("COOPERATES_WITH", "Actor", f"x{i:04d}", "Actor", f"x{i + 1:04d}", {"id": f"k{i}"}))
    store.batch_size = 100
    original = store.run_in_write
    calls = [0]

    def slow(tx, name, slots=None, **params):
        calls[0] += 1
        if calls[0] == 25:  # nodes written, cooperations half written
            Path(sys.argv[1]).write_text("mitten im Import")
            time.sleep(120)
        return original(tx, name, slots, **params)

    store.run_in_write = slow
    store.write_dataset(ds)
    """
)


def start_writer(tmp_path: Path, env: dict[str, str]) -> tuple[subprocess.Popen[bytes], Path]:
    marker = tmp_path / "marker"
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), str(marker)], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.1)
    return proc, marker


def test_an_import_killed_midway_leaves_the_database_as_it_was(own_data_dir, tmp_path):
    _data_dir, env = own_data_dir
    assert run_cli("import", str(MINI), env=env).returncode == 0
    before = json.loads(run_cli("status", "--json", env=env).stdout)
    proc, _ = start_writer(tmp_path, env)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    after = run_cli("status", "--json", env=env)
    assert json.loads(after.stdout) == before
    again = run_cli("import", str(MINI), env=env)  # nothing stays locked by the killed transaction
    assert again.returncode == 0 and "Neu oder geändert: 0 Einträge" in again.stdout


def test_an_engine_killed_during_an_import_restarts_without_the_partial_import(own_data_dir, tmp_path):
    data_dir, env = own_data_dir
    assert run_cli("import", str(MINI), env=env).returncode == 0
    before = json.loads(run_cli("status", "--json", env=env).stdout)
    proc, _ = start_writer(tmp_path, env)
    os.kill(EmbeddedEngine(data_dir).info().pid, signal.SIGKILL)
    proc.kill()
    proc.wait()
    after = run_cli("status", "--json", env=env)
    assert after.returncode == 0, after.stderr
    assert json.loads(after.stdout) == before


def test_a_busy_port_gives_one_clear_sentence(own_data_dir):
    _data_dir, env = own_data_dir
    with socket.socket() as blocker:
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        result = run_cli("status", env=dict(env, BILDUNGSNETZ_ENGINE_PORT=str(port)))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"Port {port} auf 127.0.0.1 ist belegt; beenden Sie das andere Programm oder setzen Sie "
        "BILDUNGSNETZ_ENGINE_PORT auf einen freien Port (0 = automatisch)."
    ]


def test_a_read_only_data_dir_gives_one_clear_sentence(tmp_path):
    data_dir = tmp_path / "schreibgeschuetzt"
    data_dir.mkdir()
    command = [sys.executable, "-m", "graph.cli", "status"]
    if os.geteuid() == 0:
        if not shutil.which("unshare"):
            pytest.skip("als root ohne unshare lässt sich kein schreibgeschütztes Verzeichnis herstellen")
        script = f"mount -t tmpfs -o ro tmpfs {data_dir} && exec {' '.join(command)}"
        command = ["unshare", "-m", "sh", "-c", script]
    else:
        data_dir.chmod(0o555)
    env = dict(os.environ, BILDUNGSNETZ_DATA_DIR=str(data_dir))
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"Das Datenverzeichnis {data_dir} ist schreibgeschützt; setzen Sie BILDUNGSNETZ_DATA_DIR auf ein "
        "beschreibbares Verzeichnis."
    ]


def test_the_engine_listens_on_loopback_only(embedded_store, session_data_dir):
    info = EmbeddedEngine(session_data_dir).info()
    out = subprocess.run(["ss", "-ltnp"], capture_output=True, text=True).stdout
    lines = [line for line in out.splitlines() if f"pid={info.pid}," in line]
    assert lines, out
    for line in lines:
        local = line.split()[3]
        assert local.startswith(("127.0.0.1:", "[::ffff:127.0.0.1]:")), line


HOLDER = textwrap.dedent(
    """
    import fcntl, os, sys, time
    handle = open(sys.argv[1], "a+b")
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
    handle.truncate(0); handle.write(str(os.getpid()).encode()); handle.flush()
    print("gesperrt", flush=True)
    time.sleep(300)
    """
)


def test_a_lock_held_by_a_process_that_is_no_engine_gives_one_sentence_and_engine_stop_ends_it(own_data_dir):
    data_dir, env = own_data_dir
    (data_dir / "engine").mkdir(parents=True)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(data_dir / "engine" / "engine.lock")], stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "gesperrt"
        result = run_cli("status", env=dict(env, BILDUNGSNETZ_ENGINE_START_TIMEOUT="2"))
        assert result.returncode == 2
        assert result.stderr.strip().splitlines() == [
            f"Das Datenverzeichnis {data_dir} ist von Prozess {holder.pid} gesperrt, der nicht als Datenbank "
            "antwortet; beenden Sie ihn mit 'bildungsnetz engine stop'."
        ]
        assert run_cli("engine", "stop", env=env).returncode == 0
        assert holder.wait(timeout=30) is not None
        assert run_cli("status", "--json", env=env).returncode == 0
    finally:
        holder.kill()


def test_the_same_workbook_imported_by_two_processes_at_once_ends_with_the_counts_of_one_import(
    embedded_store, cli_env
):
    embedded_store.clear()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "import", str(MINI)],
            cwd=ROOT,
            env=cli_env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    results = [p.communicate(timeout=180) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], results
    from conftest import mini_dataset

    assert embedded_store.counts() == mini_dataset().counts()
