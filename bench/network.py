"""The Netzwerk page at 2,000 actors: HTML build time and the page in headless Chromium.

``python -m bench.network``: builds the view's HTML five times (target ≤ 0.3 s), then starts the app
on a fresh data dir holding a 2,000-actor network and measures, in headless Chromium, the time from
opening the Netzwerk page to the drawn canvas (target ≤ 3 s; the first, uncached build included).
Results go into bench/README.md.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.large import large_dataset
from graph.build import cooperation_graph, landscape
from graph.views.network import network_view

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- network:begin -->", "<!-- network:end -->"


def html_times(runs: int = 5) -> list[float]:
    G = cooperation_graph(landscape(large_dataset(2000, 7000, seed=5)))
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        network_view(G, title="Kooperationsnetz")
        times.append(time.perf_counter() - started)
    return times


def page_times(runs: int = 3) -> list[float]:
    from playwright.sync_api import sync_playwright

    from bench.large import write_large_workbook

    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from harness import cli, fresh_env, start_app, stop

    with tempfile.TemporaryDirectory(prefix="bildungsnetz-bench-net-") as tmp:
        env = fresh_env(Path(tmp) / "data", demo=False)
        cli(env, "import", str(write_large_workbook(Path(tmp) / "net.xlsx", 2000, 7000)))
        server, url = start_app(env)
        try:
            times = []
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=shutil.which("chromium"),
                    args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
                )
                for _ in range(runs):
                    page = browser.new_page(viewport={"width": 1440, "height": 1000})
                    page.goto(url)
                    page.wait_for_function(
                        "() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000
                    )
                    started = time.perf_counter()
                    page.get_by_test_id("stSidebarNav").get_by_role("link", name="Netzwerk", exact=True).click()
                    page.frame_locator("iframe").first.locator("body[data-drawn=true]").wait_for(timeout=120_000)
                    times.append(time.perf_counter() - started)
                    page.close()
                browser.close()
        finally:
            stop(server, env)
    return times


def switch_times() -> dict[str, float]:
    """Server time of each page on the demo district after the first load (AppTest, cached analyses)."""
    import datetime as dt

    from streamlit.testing.v1 import AppTest

    sys.path.insert(0, str(ROOT / "tests" / "e2e"))
    from harness import fresh_env

    with tempfile.TemporaryDirectory(prefix="bildungsnetz-bench-app-") as tmp:
        env = fresh_env(Path(tmp) / "data")
        saved = os.environ.get("BILDUNGSNETZ_DATA_DIR")
        os.environ["BILDUNGSNETZ_DATA_DIR"] = env["BILDUNGSNETZ_DATA_DIR"]
        out: dict[str, float] = {}
        try:
            pages = [
                "overview",
                "network",
                "actors",
                "offers",
                "committees",
                "brokers",
                "gaps",
                "duplicates",
                "links",
                "change",
                "data",
            ]
            for rounds in range(2):
                for name in pages:
                    at = AppTest.from_file(str(ROOT / "tests" / "app_harness.py"), default_timeout=300)
                    at.session_state["test_page"] = name
                    at.session_state["as_of"] = dt.date(2026, 10, 1)
                    started = time.perf_counter()
                    at.run()
                    if rounds == 1:
                        out[name] = time.perf_counter() - started
        finally:
            if saved is None:
                os.environ.pop("BILDUNGSNETZ_DATA_DIR", None)
            else:
                os.environ["BILDUNGSNETZ_DATA_DIR"] = saved
            subprocess.run(
                [sys.executable, "-m", "graph.cli", "engine", "stop"], cwd=ROOT, env=env, capture_output=True
            )
    return out


def main() -> int:
    html = html_times()
    page = page_times()
    switch = switch_times()
    lines = [
        BEGIN,
        "| Messung (2 000 Akteure, 7 000 Kooperationen) | Ziel | Median | Läufe (s) |",
        "|---|---|---|---|",
        f"| HTML der Netzwerkansicht bauen (mit Anordnung auf dem Server) | ≤ 0,3 s | {statistics.median(html):.2f} s "
        f"| {', '.join(f'{t:.2f}' for t in html)} |",
        f"| Netzwerk-Seite in Chromium bis zum gezeichneten Netz (Läufe in neuen Browser-Tabs; der erste mit leerem "
        "Cache) | ≤ 3 s "
        f"| {statistics.median(page):.2f} s | {', '.join(f'{t:.2f}' for t in page)} |",
        "",
        "Seitenwechsel auf dem Demo-Landkreis nach dem ersten Laden (Serverzeit je Seite, AppTest, Ziel < 0,5 s): "
        + ", ".join(f"{k} {v:.2f} s" for k, v in switch.items())
        + ".",
        END,
    ]
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text:
        text += "\n## Netzwerk-Seite\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    README.write_text(head + "\n".join(lines) + rest.split(END, 1)[1], encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
