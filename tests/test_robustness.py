"""The app survives what happens around it: a stopped database engine, a stopped server."""

from __future__ import annotations

import datetime as dt
import os
import signal
import socket
import subprocess
import sys
import time

import pytest
from conftest import ROOT
from streamlit.testing.v1 import AppTest

from graph.db.engine import EmbeddedEngine

sys.path.insert(0, str(ROOT / "tests" / "e2e"))
from harness import cli, free_port, fresh_env, wait_until_up

pytestmark = pytest.mark.slow

PAGES = ["overview", "network", "actors", "gaps", "links", "reports", "data"]
DOWN = "Die Datenbank ist nicht erreichbar"


def port_free(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) != 0


# -- bildungsnetz serve ------------------------------------------------------------------------------


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "Ctrl-C"])
def test_stopping_serve_stops_the_app_and_frees_its_port_within_seconds(session_data_dir, sig):
    port = free_port()
    env = dict(os.environ)
    serve = subprocess.Popen(
        [sys.executable, "-m", "graph.cli", "serve", "--port", str(port), "--headless"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_until_up(f"http://127.0.0.1:{port}/_stcore/health")
        serve.send_signal(sig)
        deadline = time.monotonic() + 5
        while not port_free(port) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert port_free(port), "the app still holds its port 5 s after the signal"
        assert serve.wait(timeout=5) is not None  # and nothing of it is left running
        leftover = subprocess.run(["pgrep", "-f", f"server.port {port}"], capture_output=True, text=True).stdout
        assert leftover.strip() == ""
    finally:
        if serve.poll() is None:
            serve.kill()


# -- the database engine stops under a running app ---------------------------------------------------


@pytest.fixture
def own_engine(tmp_path_factory, monkeypatch):
    """A data dir of its own with the demo district and its own engine, which this test may stop."""
    from graph.ui import state

    data = tmp_path_factory.mktemp("outage-data")
    env = fresh_env(data)
    monkeypatch.setenv("BILDUNGSNETZ_DATA_DIR", str(data))
    state._opened.clear()
    yield data, env
    EmbeddedEngine(data).stop()
    state._opened.clear()  # the next app test opens the session's engine again


def open_page(page: str) -> AppTest:
    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=120)
    at.session_state["test_page"] = page
    at.session_state["as_of"] = dt.date(2026, 10, 1)
    return at


def timed_run(at: AppTest) -> float:
    started = time.perf_counter()
    at.run()
    return time.perf_counter() - started


def test_with_the_engine_stopped_every_page_says_so_in_german_within_5_s_and_recovers_when_it_is_back(own_engine):
    from streamlit import config

    data, env = own_engine
    config.set_option("server.address", "127.0.0.1")
    at = open_page("overview")
    at.run()
    assert not at.error and not at.exception and at.metric
    EmbeddedEngine(data).stop()
    assert timed_run(at) < 5
    assert not at.exception and any(DOWN in e.value for e in at.error)
    for page in PAGES:
        other = open_page(page)
        assert timed_run(other) < 5, page
        assert not other.exception and any(DOWN in e.value for e in other.error), page
    cli(env, "engine", "start")  # a new engine process, on a new port
    assert timed_run(at) < 15
    assert not at.error and not at.exception and at.metric and at.title[0].value == "Überblick"
