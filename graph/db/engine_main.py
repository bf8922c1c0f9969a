"""The engine process: ``python -m graph.db.engine_main DATA_DIR``.

Started in the background by :class:`graph.db.engine.EmbeddedEngine`; runs the
ArcadeDB server with its Bolt plugin on 127.0.0.1 until SIGTERM or SIGINT.
A start failure is written as one German sentence to ``last_error.txt``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import signal
import sys
import threading
import time
from pathlib import Path

from graph import config
from graph.db.engine import DATABASE, HOST, EmbeddedEngine, EngineInfo, file_lock, free_port, port_is_free
from graph.errors import BildungsnetzError, EngineError


def _settings(bolt_port: int, http_port: int, log_dir: Path) -> dict[str, object]:
    return {
        "host": HOST,
        "http_port": http_port,
        "server_plugins": "Bolt:com.arcadedb.bolt.BoltProtocolPlugin",
        "bolt_port": bolt_port,
        "bolt_host": HOST,
        "server_logsDirectory": str(log_dir),
        # flush the write-ahead log at every commit: a committed import survives a crash
        "txWalFlush": 1,
        # never contact the vendor's portal
        "support_autoRegister": False,
    }


def _explain(exc: BaseException, engine: EmbeddedEngine, bolt_port: int) -> str:
    text = f"{exc}"
    low = text.lower()
    if "address already in use" in low or "bindexception" in low:
        return (
            f"Port {bolt_port} auf {HOST} ist belegt; beenden Sie das andere Programm oder setzen Sie "
            "BILDUNGSNETZ_ENGINE_PORT auf einen freien Port (0 = automatisch)."
        )
    if "read-only" in low or "permission denied" in low or "accessdenied" in low:
        return (
            f"Das Datenverzeichnis {engine.data_dir} ist schreibgeschützt; setzen Sie BILDUNGSNETZ_DATA_DIR "
            "auf ein beschreibbares Verzeichnis."
        )
    if "lock" in low and ("database" in low or "file" in low):
        return (
            f"Die Datenbank in {engine.db_root} ist von einem anderen Programm gesperrt; beenden Sie es "
            "und versuchen Sie es erneut."
        )
    first = text.strip().splitlines()[0][:200] if text.strip() else type(exc).__name__
    return f"Die Datenbank-Engine konnte nicht starten ({first}); Details im Protokoll {engine.log_path}."


def serve(data_dir: Path) -> int:
    """Run the engine for ``data_dir`` until asked to stop; return the exit code."""
    engine = EmbeddedEngine(data_dir)
    try:
        lock = file_lock(engine.lock_path, timeout=10)
        handle = lock.__enter__()
        handle.truncate(0)
        handle.write(str(os.getpid()).encode("ascii"))
        handle.flush()
    except EngineError:
        engine.error_path.write_text("Für dieses Datenverzeichnis läuft bereits eine Datenbank-Engine.\n")
        return 3
    bolt_port = 0
    server = None
    try:
        requested = config.get_int("BILDUNGSNETZ_ENGINE_PORT")
        bolt_port = requested or free_port()
        if not port_is_free(bolt_port):
            raise OSError(f"Address already in use: {bolt_port}")
        http_port = free_port()
        password = engine.password()
        engine.db_root.mkdir(parents=True, exist_ok=True)
        log_dir = engine.engine_dir / "log"
        log_dir.mkdir(exist_ok=True)
        os.chdir(engine.engine_dir)  # ArcadeDB writes some logs relative to the working directory
        os.environ.setdefault("ARCADEDB_JVM_ERROR_FILE", str(log_dir / "hs_err_pid%p.log"))
        heap = str(config.get("BILDUNGSNETZ_ENGINE_HEAP"))

        import arcadedb_embedded as arcadedb
        from arcadedb_embedded.jvm import start_jvm

        start_jvm(heap_size=heap)
        server = arcadedb.create_server(
            str(engine.db_root), root_password=password, config=_settings(bolt_port, http_port, log_dir)
        )
        server.start()
        server.create_database(DATABASE)
        engine.write_info(
            EngineInfo(
                pid=os.getpid(),
                bolt_port=bolt_port,
                http_port=http_port,
                started_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                version=arcadedb.__version__,
            )
        )
    except BildungsnetzError as exc:
        engine.error_path.write_text(str(exc) + "\n", encoding="utf-8")
        _stop(server)
        return 1
    except Exception as exc:
        print(repr(exc), file=sys.stderr, flush=True)
        engine.error_path.write_text(_explain(exc, engine, bolt_port) + "\n", encoding="utf-8")
        _stop(server)
        return 1

    stop = threading.Event()

    def _on_signal(signum: int, frame: object) -> None:
        stop.set()

    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    print(f"engine ready on {HOST}:{bolt_port}", flush=True)
    while not stop.is_set():
        time.sleep(0.2)
    print("engine stopping", flush=True)
    _stop(server)
    with contextlib.suppress(FileNotFoundError):
        engine.info_path.unlink()
    lock.__exit__(None, None, None)
    # The databases are closed; skip the JVM's slow teardown (its hooks would only stop the stopped server).
    sys.stdout.flush()
    os._exit(0)


def _stop(server: object) -> None:
    if server is not None:
        try:
            server.stop()  # type: ignore[attr-defined]
        except Exception as exc:
            print(f"stop failed: {exc!r}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(serve(Path(sys.argv[1])))
