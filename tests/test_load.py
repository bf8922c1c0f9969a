"""25 sessions browsing and 5 editing for 60 s on loopback: no error, and every acknowledged edit is stored.

The times are measured and reported by ``python -m bench.load`` (bench/README.md); this test checks
what must hold under that load, not how fast it is.
"""

from __future__ import annotations

import time

import pytest

from bench.load import EDITED, demo_app, run_load, stored_state

pytestmark = pytest.mark.slow


def test_thirty_concurrent_sessions_see_no_error_and_lose_no_acknowledged_edit(tmp_path):
    with demo_app(tmp_path / "data") as (url, env):
        before, _ = stored_state(env, time.time())
        started = time.time()
        result = run_load(url, before, browsing=25, editing=5, seconds=60)
        names, logged = stored_state(env, started)
    assert result.errors == []
    assert len(result.page_times) >= 100  # every browsing session got pages, not just its first
    assert len(result.save_times) == result.saves >= 5
    assert set(result.acknowledged) <= {actor for group in EDITED for actor in group}
    for actor, name in result.acknowledged.items():
        assert names[actor] == name, actor
    assert logged == len(result.save_times)  # each acknowledged save is in the audit log, and nothing else
