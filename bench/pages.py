"""Server time of the app's interactions on the demo district, and the first page after ``bildungsnetz serve``.

``python -m bench.pages`` (also in ``make bench``): on a fresh data dir with the demo district,

* every interaction below runs under Streamlit's AppTest in one process, twice: the first time
  (its own caches cold, the process warmed up by one page) and again (median of three). The time
  is the script run on the server, without drawing in the browser; target ≤ 1 s. Files the
  Berichte page makes in the background are waited for before the next interaction, and the time
  they took is listed on its own.
* ``bildungsnetz serve`` is started with the engine already running, and a headless Chromium opens
  the Überblick page: time from the start of the command to the page's key figures on screen
  (target ≤ 5 s).

Results go into bench/README.md.
"""

from __future__ import annotations

import datetime as dt
import importlib
import math
import os
import pkgutil
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- pages:begin -->", "<!-- pages:end -->"
TARGET = 1.0
FIRST_PAGE_TARGET = 5.0


def _button(label: str) -> Callable[[object], None]:
    def press(at: object) -> None:
        next(b for b in at.button if b.label == label).click()  # type: ignore[attr-defined]

    return press


def _submit(label: str, **numbers: int) -> Callable[[object], None]:
    def press(at: object) -> None:
        for key, value in numbers.items():
            at.number_input(key=key).set_value(value)  # type: ignore[attr-defined]
        next(b for b in at.get("form_submit_button") if b.label == label).click()  # type: ignore[attr-defined]

    return press


def _set(kind: str, key: str, value: object) -> Callable[[object], None]:
    def change(at: object) -> None:
        getattr(at, kind)(key=key).set_value(value)

    return change


@dataclass(frozen=True)
class Interaction:
    """One thing a user does: open ``page`` (with ``state``), then ``act`` on it (None: the opening is measured)."""

    label: str
    page: str
    act: Callable[[object], None] | None = None
    state: tuple[tuple[str, object], ...] = ()


INTERACTIONS = (
    Interaction("Überblick öffnen", "overview"),
    Interaction("Netzwerk öffnen", "network"),
    Interaction("Netzwerk: nach Sektor filtern", "network", _set("multiselect", "net_sectors", ["schule"])),
    Interaction("Akteure öffnen", "actors"),
    Interaction("Akteure: suchen („Regenbogen“)", "actors", _set("text_input", "actor_search", "Regenbogen")),
    Interaction("Akteure: suchen („Schule“)", "actors", _set("text_input", "actor_search", "Schule")),
    Interaction("Akteure: Eintrag auswählen", "actors", _set("selectbox", "actor_chosen", "ak-bib-001")),
    Interaction("Angebote: suchen", "offers", _set("text_input", "offer_search", "Berufsorientierung")),
    Interaction("Gremien: suchen", "committees", _set("text_input", "committee_search", "Arbeitskreis")),
    Interaction("Broker & Risiken: Anzahl ändern", "brokers", _set("slider", "brokers_top", 20)),
    Interaction("Lücken öffnen", "gaps"),
    Interaction("Lücken: nur Lücken", "gaps", _set("toggle", "gaps_only", True)),
    Interaction("Lücken: Gebiet wählen", "gaps", _set("selectbox", "gaps_area", "geb-g01")),
    Interaction("Doppelstrukturen: nach Art filtern", "duplicates", _set("multiselect", "dup_kinds", ["committee"])),
    Interaction("Fehlende Verbindungen öffnen", "links"),
    Interaction("Fehlende Verbindungen: nur Übergänge", "links", _set("toggle", "links_transitions", True)),
    Interaction("Tischplan berechnen (12 × 8)", "links", _submit("Tischplan berechnen", conf_tables=12, conf_size=8)),
    Interaction("Zeitvergleich öffnen", "change"),
    Interaction("Präsentation öffnen", "presentation"),
    Interaction("Berichte öffnen", "reports"),
    Interaction("Berichte: Bericht erstellen (PDF und HTML)", "reports", _button("Bericht erstellen")),
    Interaction("Berichte: Bilder erstellen (PNG, SVG, PDF)", "reports", _button("Bilder erstellen")),
    Interaction("Berichte: Tischplan erstellen", "reports", _button("Tischplan erstellen")),
    Interaction("Daten öffnen", "data"),
)


def _open(interaction: Interaction) -> object:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=600)
    at.session_state["test_page"] = interaction.page
    at.session_state["as_of"] = dt.date(2026, 10, 1)
    for key, value in interaction.state:
        at.session_state[key] = value
    return at


def _measure(interaction: Interaction) -> float:
    """Seconds of the script run the interaction causes (nan if the page does not offer it)."""
    at = _open(interaction)
    if interaction.act is None:
        started = time.perf_counter()
        at.run()  # type: ignore[attr-defined]
    else:
        at.run()  # type: ignore[attr-defined]
        try:
            interaction.act(at)
        except (StopIteration, KeyError):
            return math.nan
        started = time.perf_counter()
        at.run()  # type: ignore[attr-defined]
    elapsed = time.perf_counter() - started
    problems = [e.value for e in at.exception] + [e.value for e in at.error]  # type: ignore[attr-defined]
    if problems:
        raise RuntimeError(f"{interaction.label}: {problems[0]}")
    BACKGROUND[interaction.label] = BACKGROUND.get(interaction.label) or _background_done()
    return elapsed


#: Seconds the files an interaction started in the background took (the first time), by label.
BACKGROUND: dict[str, float] = {}


def _background_done() -> float:
    """Wait for the files the Berichte page makes in the background; return how long that took (0: none)."""
    try:
        from graph.ui import reports
    except ImportError:  # before the background files
        return 0.0
    started = time.perf_counter()
    jobs = list(getattr(reports, "_JOBS", {}).values())
    pending = [job for job in jobs if not job.done()]
    for job in pending:
        job.exception()  # waits
    return time.perf_counter() - started if pending else 0.0


def interaction_times(env: dict[str, str], repeats: int = 3) -> list[tuple[Interaction, float, list[float]]]:
    """(interaction, first time, later times) for every interaction, in this process against ``env``'s data dir."""
    from streamlit import config

    import graph.ui

    saved = os.environ.get("BILDUNGSNETZ_DATA_DIR")
    os.environ["BILDUNGSNETZ_DATA_DIR"] = env["BILDUNGSNETZ_DATA_DIR"]
    config.set_option("server.address", "127.0.0.1")
    try:
        for module in pkgutil.iter_modules(graph.ui.__path__):  # the pages' modules, imported once per process
            if module.name != "serve":
                importlib.import_module(f"graph.ui.{module.name}")
        importlib.import_module("graph.analysis.summary")
        _measure(Interaction("warm-up", "presentation"))  # store and dataset: the process is warm
        first = [_measure(i) for i in INTERACTIONS]
        later = [[_measure(i) for i in INTERACTIONS] for _ in range(repeats)]
    finally:
        if saved is None:
            os.environ.pop("BILDUNGSNETZ_DATA_DIR", None)
        else:
            os.environ["BILDUNGSNETZ_DATA_DIR"] = saved
    return [(i, first[n], [run[n] for run in later]) for n, i in enumerate(INTERACTIONS)]


def first_page_times(env: dict[str, str], runs: int = 3) -> list[float]:
    """Seconds from starting ``bildungsnetz serve`` (engine running) to the Überblick's key figures in Chromium."""
    from playwright.sync_api import sync_playwright

    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from harness import free_port

    times = []
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu", "--disable-quic"]
        )
        for _ in range(runs):
            port = free_port()
            started = time.perf_counter()
            serve = subprocess.Popen(
                [sys.executable, "-m", "graph.cli", "serve", "--port", str(port), "--headless"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            try:
                page = browser.new_page(viewport={"width": 1366, "height": 768})
                deadline = time.monotonic() + 120
                while True:
                    try:
                        page.goto(f"http://127.0.0.1:{port}", timeout=5_000)
                        break
                    except Exception:
                        if time.monotonic() > deadline:
                            raise
                        time.sleep(0.1)
                page.get_by_test_id("stMetric").first.wait_for(timeout=120_000)
                times.append(time.perf_counter() - started)
                page.close()
            finally:
                serve.terminate()
                serve.wait(timeout=30)
        browser.close()
    return times


def _s(x: float) -> str:
    return f"{x:.2f} s".replace(".", ",")


def main() -> int:
    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from harness import fresh_env

    with tempfile.TemporaryDirectory(prefix="bildungsnetz-bench-pages-") as tmp:
        env = fresh_env(Path(tmp) / "data")
        try:
            rows = interaction_times(env)
            first_page = first_page_times(env)
        finally:
            subprocess.run(
                [sys.executable, "-m", "graph.cli", "engine", "stop"], cwd=ROOT, env=env, capture_output=True
            )
    lines = [
        BEGIN,
        f"Gemessen am {dt.date.today():%d.%m.%Y}, Demo-Landkreis, 2 Kerne; Serverzeit des Skriptlaufs (AppTest), "
        f"Ziel ≤ {_s(TARGET)}. „Erstes Mal“: die Caches dieser Aktion sind leer (der Prozess ist warm); "
        "„danach“: Median aus drei Wiederholungen.",
        "",
        "| Aktion | erstes Mal | danach | Ziel | Dateien im Hintergrund |",
        "|---|---|---|---|---|",
    ]
    for interaction, first, later in rows:
        if math.isnan(first):
            lines.append(f"| {interaction.label} | – | – | nicht angeboten | |")
            continue
        median = statistics.median(later)
        verdict = "erfüllt" if max(first, median) <= TARGET else "über dem Ziel"
        background = BACKGROUND.get(interaction.label, 0.0)
        made = f"fertig nach {_s(background)}" if background else ""
        lines.append(f"| {interaction.label} | {_s(first)} | {_s(median)} | {verdict} | {made} |")
    lines += [
        "",
        f"Erste Seite nach `bildungsnetz serve` (Datenbank läuft schon) bis zu den Kennzahlen in Chromium: "
        f"Median {_s(statistics.median(first_page))} (Läufe: {', '.join(_s(t) for t in first_page)}; "
        f"Ziel ≤ {_s(FIRST_PAGE_TARGET)}).",
        END,
    ]
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text:
        text += "\n## Seiten: Antwortzeiten\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    README.write_text(head + "\n".join(lines) + rest.split(END, 1)[1], encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
