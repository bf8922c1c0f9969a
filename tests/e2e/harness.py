"""Helpers of the browser tests: free ports, starting the app and waiting for it, settling a page."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, timeout: float = 60) -> None:
    """Wait until ``url`` answers with 200."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        assert time.monotonic() < deadline, f"{url} did not come up"
        time.sleep(0.3)


def cli(env: dict[str, str], *args: str) -> None:
    """Run ``bildungsnetz ARGS`` in ``env``; fail on a non-zero exit."""
    subprocess.run([sys.executable, "-m", "graph.cli", *args], cwd=ROOT, env=env, check=True, capture_output=True)


def fresh_env(data_dir: Path, *, demo: bool = True, **settings: str) -> dict[str, str]:
    """The environment of an app on its own embedded data dir (never a configured Neo4j), with the demo loaded."""
    env = dict(os.environ, BILDUNGSNETZ_DATA_DIR=str(data_dir), **settings)
    env.pop("NEO4J_URI", None)
    if demo:
        cli(env, "demo")
    return env


def start_app(env: dict[str, str], *extra: str, port: int | None = None) -> tuple[subprocess.Popen, str]:
    """Start the app on a loopback port (as ``bildungsnetz serve`` does); return the process and its URL."""
    port = port or free_port()
    # the server's output goes to a file: an unread pipe fills up and then blocks the whole server
    log = Path(env.get("BILDUNGSNETZ_DATA_DIR") or ROOT / "test-output") / f"app-{port}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
            *extra,
        ],
        cwd=ROOT,
        env=env,
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until_up(f"{url}/_stcore/health")
    return server, url


def stop(server: subprocess.Popen, env: dict[str, str] | None = None) -> None:
    """Stop a server process (and, with ``env``, the embedded engine of its data dir)."""
    server.terminate()
    server.wait(timeout=30)
    if env is not None:
        subprocess.run([sys.executable, "-m", "graph.cli", "engine", "stop"], cwd=ROOT, env=env, capture_output=True)


def settle(page: object, extra: Sequence[str] = ()) -> None:
    """Wait until Streamlit has finished running the script."""
    page.wait_for_timeout(400)  # type: ignore[attr-defined]
    page.wait_for_function(  # type: ignore[attr-defined]
        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=90_000
    )
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


def _browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (skipped, with the reason, where it is not installed)."""
    if CHROMIUM is None:
        pytest.skip("Chromium ist nicht installiert (make test installiert es, wo die Maschine das erlaubt)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield chromium
        chromium.close()


#: The module-scoped ``browser`` fixture; a test module takes it with ``browser = harness.browser``.
browser = pytest.fixture(scope="module", name="browser")(_browser)
