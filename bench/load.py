"""Load test: 25 sessions browsing and 5 editing the demo district at the same time, for 60 s.

``python -m bench.load`` starts the app on a fresh data dir with the demo district (single-user
local mode on 127.0.0.1) and drives it through Streamlit's agent API (``/_stcore/agent/interact``,
switched on for this run only): each request runs the page on a real server session, as a
browser's rerun does, and returns when the page has finished. A page time is the time of that
request: server time for the page, without drawing in a browser.

- Browsing sessions open the pages of the app in turn, with 0.5–1.5 s between pages.
- Editing sessions each own a few actors: they pick one, rename it in the form and save, with
  3–6 s between steps (reading the record, typing). A save is acknowledged when the page says
  "Gespeichert.". Every save changes the data revision, so the next page of every session
  computes the dataset and the analyses afresh.

Counted as an error: an HTTP status other than 200, a page that ended with an exception, an
``st.error`` on a page, a save that was not acknowledged. Afterwards every acknowledged name must
be in the database. Results go into bench/README.md; ``tests/test_load.py`` runs the same load
and checks the errors and edits (not the times).
"""

from __future__ import annotations

import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- load:begin -->", "<!-- load:end -->"

#: The pages a browsing session opens in turn (url paths).
PAGES = (
    "",
    "netzwerk",
    "broker",
    "luecken",
    "doppelstrukturen",
    "verbindungen",
    "zeitvergleich",
    "akteure",
    "angebote",
    "gremien",
    "berichte",
    "praesentation",
)
#: Actors each editing session renames (its own, so that no save may be refused).
EDITED = (
    ("ak-bib-001", "ak-bib-002", "ak-bib-003"),
    ("ak-gs-001", "ak-gs-002", "ak-gs-003"),
    ("ak-kita-001", "ak-kita-002", "ak-kita-003"),
    ("ak-ver-001", "ak-ver-002", "ak-ver-003"),
    ("ak-unt-001", "ak-unt-002", "ak-unt-003"),
)


@dataclass
class LoadResult:
    """What a load run measured."""

    seconds: float
    browsing: int
    editing: int
    page_times: list[float] = field(default_factory=list)
    save_times: list[float] = field(default_factory=list)
    first_times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    acknowledged: dict[str, str] = field(default_factory=dict)
    saves: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


class Session:
    """One app session driven through the agent API."""

    def __init__(self, url: str, result: LoadResult) -> None:
        self.endpoint = f"{url}/_stcore/agent/interact"
        self.result = result
        self.id: str | None = None
        self.snapshot: dict[str, Any] = {}

    def send(self, body: dict[str, Any], what: str) -> tuple[bool, float]:
        """Send one request; return whether the page finished without error, and its time."""
        if self.id:
            body = {"session_id": self.id, **body}
        started = time.perf_counter()
        status, data = self._post(body)
        while status == 202 and data.get("session_id"):  # a long first run: wait for it
            status, data = self._post({"session_id": data["session_id"]})
        elapsed = time.perf_counter() - started
        if status != 200:
            self.result.error(f"{what}: HTTP {status} {str(data)[:200]}")
            return False, elapsed
        self.id = data["session_id"]
        self.snapshot = data
        problems = [n for n in _nodes(data.get("tree")) if n.get("type") in ("exception", "error")]
        if data.get("status") != "ready" or problems:
            shown = "; ".join(str(n.get("props", {}).get("body", n.get("props")))[:160] for n in problems)
            self.result.error(f"{what}: {data.get('status')} {shown}")
            return False, elapsed
        return True, elapsed

    def _post(self, body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        request = urllib.request.Request(
            self.endpoint, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
        )
        try:
            with urllib.request.urlopen(request, timeout=300) as response:
                return response.status, json.load(response)
        except urllib.error.HTTPError as exc:
            try:
                return exc.code, json.loads(exc.read() or b"{}")
            except ValueError:
                return exc.code, {}
        except OSError as exc:
            return 0, {"error": str(exc)}

    def action(self, prefix: str, suffix: str = "") -> str | None:
        keys = (a["key"] for a in self.snapshot.get("actions", []))
        return next((k for k in keys if k.startswith(prefix) and k.endswith(suffix)), None)

    def texts(self, kind: str) -> list[str]:
        return [
            str(n.get("props", {}).get("body", "")) for n in _nodes(self.snapshot.get("tree")) if n.get("type") == kind
        ]


def _nodes(tree: Any) -> Iterator[dict[str, Any]]:
    if isinstance(tree, dict):
        if "type" in tree:
            yield tree
        for value in tree.values():
            yield from _nodes(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _nodes(value)


def _pause(rng: random.Random, low: float = 0.5, high: float = 1.5) -> None:
    time.sleep(rng.uniform(low, high))


def browse(url: str, index: int, until: float, result: LoadResult) -> None:
    rng = random.Random(index)
    session = Session(url, result)
    ok, first = session.send({}, "Start")
    with result.lock:
        result.first_times.append(first)
    step = index
    while ok or session.id:
        if time.monotonic() >= until:
            return
        _pause(rng)
        page = PAGES[step % len(PAGES)]
        step += 1
        ok, elapsed = session.send({"page": page}, f"Seite /{page}")
        if ok:
            with result.lock:
                result.page_times.append(elapsed)
        if not session.id:
            return


def _options_for(options: list[Any], names: list[str], actor: str) -> list[Any]:
    """The picker entries that may be ``actor``: its name (with a hint in brackets where names repeat), its id."""
    return [
        option
        for option in options
        if any(str(option) == name or str(option).startswith(f"{name} (") for name in names)
        or str(option).endswith(f"({actor})")
    ]


def edit(url: str, index: int, until: float, result: LoadResult, names: Mapping[str, str]) -> None:
    rng = random.Random(1000 + index)
    known = {actor: [names[actor]] for group in EDITED for actor in group if actor in names}
    session = Session(url, result)
    ok, first = session.send({"page": "akteure"}, "Akteure öffnen")
    with result.lock:
        result.first_times.append(first)
    if not ok:
        return
    count = 0
    while time.monotonic() < until:
        actor = EDITED[index % len(EDITED)][count % 3]
        count += 1
        chooser = next(n for n in _nodes(session.snapshot["tree"]) if n.get("key") == "actor_chosen")
        options = chooser["props"]["options"]
        candidates = _options_for(options, known.get(actor, []), actor)
        if not candidates:
            result.error(f"{actor} fehlt in der Auswahl")
            return
        _pause(rng, 3, 6)
        name_key = None
        for option in candidates:  # a repeated name is told apart by an address the bench does not know: try each
            ok, _ = session.send({"widget_state": {"actor_chosen": option}}, f"{actor} wählen")
            name_key = session.action(f"actor_{actor}_", "_name")  # the form's key holds the stored version
            if not ok or name_key:
                break
        submit = session.action("FormSubmitter:actor_form_")
        if not ok or not name_key or not submit:
            missing = [w for w, v in (("Antwort", ok), ("Namensfeld", name_key), ("Speichern", submit)) if not v]
            result.error(f"{actor}: Formular fehlt ({', '.join(missing)})")
            return
        _pause(rng, 3, 6)
        name = f"Lasttest {index}-{count} ({actor})"
        known.setdefault(actor, []).insert(0, name)  # saved or not, the picker shows one of the known names
        ok, elapsed = session.send({"widget_state": {name_key: name}, "trigger": {"key": submit}}, f"{actor} speichern")
        with result.lock:
            result.saves += 1
            if ok and any("Gespeichert." in text for text in session.texts("success")):
                result.acknowledged[actor] = name
                result.save_times.append(elapsed)
            elif ok:
                result.errors.append(f"{actor}: Speichern nicht bestätigt")


def run_load(
    url: str, names: Mapping[str, str], *, browsing: int = 25, editing: int = 5, seconds: float = 60
) -> LoadResult:
    """Run ``browsing`` + ``editing`` sessions against the app at ``url`` for ``seconds``.

    ``names`` are the stored actor names (the pickers show names, not ids).
    """
    result = LoadResult(seconds, browsing, editing)
    until = time.monotonic() + seconds
    threads = [threading.Thread(target=browse, args=(url, i, until, result)) for i in range(browsing)]
    threads += [threading.Thread(target=edit, args=(url, i, until, result, names)) for i in range(editing)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def stored_state(env: dict[str, str], since: float) -> tuple[dict[str, str], int]:
    """Names of every actor, and the successful actor updates in the audit log since ``since`` (epoch seconds).

    Read by a separate process, as an administrator.
    """
    code = (
        "import json, sys, datetime as dt\n"
        "from graph.auth import local_principal\nfrom graph.db.store import Store\n"
        "store = Store.open(principal=local_principal())\n"
        "names = {k: v.get('name') for k, v in store.read_dataset().nodes['Actor'].items()}\n"
        "since = dt.datetime.fromtimestamp(float(sys.argv[1]), dt.UTC)\n"
        "updates = sum(1 for e in store.audit_log() if e['action'] == 'update' and e['outcome'] == 'ok'"
        " and e['label'] == 'Actor' and e['at'] >= since)\n"
        "print(json.dumps([names, updates]))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(since)], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    names, updates = json.loads(out.stdout)
    return names, int(updates)


@contextmanager
def demo_app(data_dir: Path) -> Iterator[tuple[str, dict[str, str]]]:
    """The app with the agent API on, on the demo district in ``data_dir``; yields its URL and environment."""
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from harness import fresh_env, start_app, stop

    env = fresh_env(data_dir)
    server, url = start_app(env, "--server.enableAgentApi", "true", "--server.agentWaitTimeout", "120")
    try:
        yield url, env
    finally:
        stop(server, env)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))] if ordered else float("nan")


def main() -> int:
    with (
        tempfile.TemporaryDirectory(prefix="bildungsnetz-bench-load-") as tmp,
        demo_app(Path(tmp) / "data") as (
            url,
            env,
        ),
    ):
        Session(url, LoadResult(0, 0, 0)).send({}, "Aufwärmen")  # the first load computes the analyses once
        names, _ = stored_state(env, time.time())
        started = time.time()
        result = run_load(url, names)
        stored, logged = stored_state(env, started)
    lost = [a for a, name in result.acknowledged.items() if stored.get(a) != name]
    pages, saves = result.page_times, result.save_times
    lines = [
        BEGIN,
        f"{result.browsing} Sitzungen blättern (0,5–1,5 s zwischen Seiten), {result.editing} bearbeiten (3–6 s "
        f"zwischen Schritten), {result.seconds:.0f} s, Demo-Landkreis, 2 Kerne, ein App-Prozess; Seitenzeit = "
        "Serverzeit, bis die Seite fertig ist (Agent-Schnittstelle von Streamlit, ohne Zeichnen im Browser).",
        "",
        "| Messung | Anzahl | Median | 95. Perzentil | Maximum |",
        "|---|---|---|---|---|",
        f"| Seitenaufrufe beim Blättern | {len(pages)} | {statistics.median(pages):.2f} s | "
        f"{percentile(pages, 0.95):.2f} s | {max(pages):.2f} s |",
        f"| Speichern im Formular (bestätigt) | {len(saves)} | {statistics.median(saves):.2f} s | "
        f"{percentile(saves, 0.95):.2f} s | {max(saves):.2f} s |",
        f"| Erster Aufruf einer Sitzung | {len(result.first_times)} | {statistics.median(result.first_times):.2f} s | "
        f"{percentile(result.first_times, 0.95):.2f} s | {max(result.first_times):.2f} s |",
        "",
        f"Fehler: {len(result.errors)}. Speichervorgänge: {result.saves}, bestätigt: {len(saves)}, "
        f"im Protokoll als Änderung verzeichnet: {logged}; zuletzt bestätigte Namen, die danach in der Datenbank "
        f"fehlen: {len(lost)}.",
        END,
    ]
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text:
        text += "\n## Last: viele Sitzungen gleichzeitig\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    README.write_text(head + "\n".join(lines) + rest.split(END, 1)[1], encoding="utf-8")
    print("\n".join(lines))
    for line in result.errors[:20]:
        print("Fehler:", line)
    return 1 if result.errors or lost or logged != len(saves) else 0


if __name__ == "__main__":
    sys.exit(main())
