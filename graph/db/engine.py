"""The embedded database engine: ArcadeDB with its Bolt plugin, run as a shared background process.

Every program that uses the same data directory (the CLI, the app, a second
CLI) talks to one engine process over Bolt on 127.0.0.1. The first user starts
it; it keeps running until ``bildungsnetz engine stop``. Files in
``<data dir>/engine``:

``engine.lock``
    held (``flock``) by the running engine for its whole life; if it can be
    taken, no engine runs, whatever ``engine.json`` says (a stale file).
``start.lock``
    held by a client while it starts an engine, so that two clients never start two.
``engine.json``
    pid and ports of the running engine, written once it accepts connections.
``password``
    the generated password of the engine's ``root`` user (mode 0600).
``last_error.txt``
    one German sentence saying why the last start failed.
``engine.log``
    the engine's own log.
"""

from __future__ import annotations

import contextlib
import errno
import json
import logging
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import IO, Any

from graph import config
from graph.errors import EngineError

logger = logging.getLogger(__name__)

DATABASE = "bildungsnetz"
USER = "root"
HOST = "127.0.0.1"

if sys.platform == "win32":  # pragma: no cover - not exercised on the Linux CI
    import msvcrt

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(handle: IO[bytes]) -> None:
        with contextlib.suppress(OSError):
            msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: IO[bytes]) -> bool:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError as exc:
            if exc.errno in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                return False
            raise

    def _unlock(handle: IO[bytes]) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


@contextlib.contextmanager
def file_lock(path: Path, timeout: float) -> Iterator[IO[bytes]]:
    """Hold an exclusive lock on ``path`` for the ``with`` block; wait up to ``timeout`` seconds.

    Raises
    ------
    EngineError
        If the lock cannot be taken in time.
    """
    handle = open(path, "a+b")  # noqa: SIM115 - closed in finally
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(handle):
            if time.monotonic() > deadline:
                raise EngineError(
                    f"Ein anderes Programm startet gerade die Datenbank in {path.parent.parent}; "
                    "bitte einen Moment warten und erneut versuchen."
                )
            time.sleep(0.05)
        try:
            yield handle
        finally:
            _unlock(handle)
    finally:
        handle.close()


@dataclass(frozen=True)
class EngineInfo:
    """Where a running engine listens."""

    pid: int
    bolt_port: int
    http_port: int
    started_at: str
    version: str

    @property
    def uri(self) -> str:
        """The Bolt URI of the engine."""
        return f"bolt://{HOST}:{self.bolt_port}"


class EmbeddedEngine:
    """Start, find and stop the engine process of one data directory.

    Parameters
    ----------
    data_dir : Path
        The data directory (``BILDUNGSNETZ_DATA_DIR``).
    port : int or None
        The Bolt port for an engine this object starts (None: the setting
        ``BILDUNGSNETZ_ENGINE_PORT`` of this process; 0: a free port).
    """

    def __init__(self, data_dir: Path, *, port: int | None = None) -> None:
        self.port = port
        self.data_dir = Path(data_dir).resolve()
        self.engine_dir = self.data_dir / "engine"
        self.lock_path = self.engine_dir / "engine.lock"
        self.start_lock_path = self.engine_dir / "start.lock"
        self.info_path = self.engine_dir / "engine.json"
        self.password_path = self.engine_dir / "password"
        self.error_path = self.engine_dir / "last_error.txt"
        self.log_path = self.engine_dir / "engine.log"
        self.db_root = self.data_dir / "arcadedb"

    # -- state ---------------------------------------------------------------

    def _prepare_dir(self) -> None:
        try:
            self.engine_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            probe = self.engine_dir / f".probe-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise EngineError(
                    f"Das Datenverzeichnis {self.data_dir} ist schreibgeschützt; setzen Sie "
                    "BILDUNGSNETZ_DATA_DIR auf ein beschreibbares Verzeichnis."
                ) from exc
            raise EngineError(f"Das Datenverzeichnis {self.data_dir} ist nicht nutzbar: {exc.strerror}.") from exc

    def is_running(self) -> bool:
        """Return True if an engine process holds the engine lock of this data directory."""
        if not self.lock_path.exists():
            return False
        with open(self.lock_path, "a+b") as handle:
            if _try_lock(handle):
                _unlock(handle)
                return False
            return True

    def info(self) -> EngineInfo | None:
        """Return where the running engine listens, or None if none runs (stale files are ignored)."""
        if not self.is_running():
            return None
        try:
            data = json.loads(self.info_path.read_text(encoding="utf-8"))
            return EngineInfo(**data)
        except (OSError, ValueError, TypeError):
            return None  # starting, not yet ready

    def address(self) -> str | None:
        """Where the running engine answers right now (``bolt://…#pid``), or None; never starts one.

        Cheap enough to ask on every page view: a probe of the engine lock, one small file and a
        connect on 127.0.0.1. A different answer than before means the engine was restarted.
        """
        info = self.info()
        if info is None or not _port_open(info.bolt_port):
            return None
        return f"{info.uri}#{info.pid}"

    def password(self) -> str:
        """Return the engine's password, creating it (mode 0600) on first use."""
        try:
            return self.password_path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            pass
        self._prepare_dir()
        secret = secrets.token_urlsafe(24)
        try:
            fd = os.open(self.password_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return self.password_path.read_text(encoding="utf-8").strip()
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(secret)
        # A new password invalidates the root user stored by an earlier engine.
        with contextlib.suppress(FileNotFoundError):
            (self.db_root / "config" / "server-users.jsonl").unlink()
        return secret

    # -- start and stop --------------------------------------------------------

    def ensure_running(self) -> EngineInfo:
        """Return the running engine, starting one if none runs.

        Raises
        ------
        EngineError
            With one German sentence if the engine cannot be started or reached.
        """
        info = self.info()
        if info and _port_open(info.bolt_port):
            return info
        self._prepare_dir()
        timeout = config.get_float("BILDUNGSNETZ_ENGINE_START_TIMEOUT")
        with file_lock(self.start_lock_path, timeout):
            info = self.info()
            if info is None and self.is_running():
                info = self._wait_ready(None, min(timeout, 30.0))
            if info and _port_open(info.bolt_port):
                return info
            if info is not None:
                raise EngineError(
                    f"Die Datenbank-Engine (Prozess {info.pid}) antwortet nicht; beenden Sie sie mit "
                    "'bildungsnetz engine stop'."
                )
            return self._spawn(timeout)

    def _spawn(self, timeout: float) -> EngineInfo:
        self.password()
        with contextlib.suppress(FileNotFoundError):
            self.error_path.unlink()
        with contextlib.suppress(FileNotFoundError):
            self.info_path.unlink()
        cmd = [sys.executable, "-m", "graph.db.engine_main", str(self.data_dir)]
        kwargs: dict[str, Any] = {}
        if sys.platform == "win32":  # pragma: no cover
            kwargs["creationflags"] = subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP
        else:
            kwargs["start_new_session"] = True
        env = dict(os.environ)
        if self.port is not None:
            env["BILDUNGSNETZ_ENGINE_PORT"] = str(self.port)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(Path(__file__).resolve().parents[2]), *filter(None, [env.get("PYTHONPATH")])]
        )
        logger.info("starting embedded engine for %s", self.data_dir)
        with open(self.log_path, "ab") as log:
            proc = subprocess.Popen(
                cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log, cwd=self.engine_dir, env=env, **kwargs
            )
        return self._wait_ready(proc, timeout)

    def _wait_ready(self, proc: subprocess.Popen[bytes] | None, timeout: float) -> EngineInfo:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if proc is not None and proc.poll() is not None:
                raise EngineError(self._start_failure())
            info = self.info()
            if info and (proc is None or info.pid == proc.pid) and _port_open(info.bolt_port):
                return info
            time.sleep(0.05)
        if proc is None:
            raise EngineError(
                f"Das Datenverzeichnis {self.data_dir} ist von Prozess {self.lock_holder()} gesperrt, der nicht als "
                "Datenbank antwortet; beenden Sie ihn mit 'bildungsnetz engine stop'."
            )
        raise EngineError(
            f"Die Datenbank-Engine ist nach {timeout:.0f} s nicht bereit; Details im Protokoll {self.log_path}."
        )

    def _start_failure(self) -> str:
        try:
            sentence = self.error_path.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            sentence = ""
        return sentence or f"Die Datenbank-Engine konnte nicht starten; Details im Protokoll {self.log_path}."

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop the running engine; return False if none was running.

        The engine is asked to shut down cleanly (SIGTERM) and killed if it has
        not ended after ``timeout`` seconds.
        """
        if not self.is_running():
            return False
        pid = self._pid() or self.lock_holder()
        if pid is None:
            raise EngineError("Die laufende Datenbank-Engine ist noch im Start; bitte gleich erneut versuchen.")
        _signal(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while self.is_running():
            if time.monotonic() > deadline:
                _signal(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
                time.sleep(0.5)
                break
            time.sleep(0.1)
        while _alive(pid) and time.monotonic() < deadline + 10:
            time.sleep(0.05)
        with contextlib.suppress(FileNotFoundError):
            self.info_path.unlink()
        return True

    def lock_holder(self) -> int | None:
        """Return the pid the engine wrote into its lock file (None if unknown)."""
        try:
            return int(self.lock_path.read_text(encoding="ascii").strip())
        except (OSError, ValueError):
            return None

    def _pid(self) -> int | None:
        try:
            return int(json.loads(self.info_path.read_text(encoding="utf-8"))["pid"])
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def status(self) -> dict[str, object]:
        """Return a description of the engine for ``bildungsnetz engine status``."""
        info = self.info()
        size = sum(p.stat().st_size for p in self.db_root.rglob("*") if p.is_file()) if self.db_root.exists() else 0
        return {
            "läuft": info is not None,
            "datenverzeichnis": str(self.data_dir),
            "prozess": info.pid if info else None,
            "bolt_port": info.bolt_port if info else None,
            "gestartet": info.started_at if info else None,
            "version": info.version if info else None,
            "groesse_mb": round(size / 1e6, 1),
        }

    def write_info(self, info: EngineInfo) -> None:
        """Write ``engine.json`` atomically (used by the engine process)."""
        tmp = self.info_path.with_suffix(".tmp")
        tmp.write_text(json.dumps(asdict(info)), encoding="utf-8")
        os.replace(tmp, self.info_path)


def _signal(pid: int, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie child of ours counts as ended
        done, _ = os.waitpid(pid, os.WNOHANG)
        return done == 0
    except ChildProcessError:
        return True


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((HOST, port)) == 0


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def port_is_free(port: int) -> bool:
    """Return True if ``port`` can be bound on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True
