"""Run the benchmarks and write their results into bench/README.md.

``python -m bench.run`` (or ``make bench``). Each measurement runs in a fresh
temporary data directory, so engine start and first writes are included where
the target says so. Targets (issue 2):

- demo load including engine start: <= 10 s
- a 10,000-actor / 50,000-cooperation workbook imported: <= 60 s
- the full graph read back into networkx at that size: <= 3 s
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "bench" / "output"
README = ROOT / "bench" / "README.md"
MARK_BEGIN = "<!-- results:begin -->"
MARK_END = "<!-- results:end -->"


def _cli(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "graph.cli", *args], cwd=ROOT, env=env, check=True, capture_output=True)
    return time.perf_counter() - started


def _fresh_env(tmp: Path, name: str) -> dict[str, str]:
    env = dict(os.environ, BILDUNGSNETZ_DATA_DIR=str(tmp / name))
    env.pop("NEO4J_URI", None)
    return env


def _stop(env: dict[str, str]) -> None:
    subprocess.run([sys.executable, "-m", "graph.cli", "engine", "stop"], cwd=ROOT, env=env, capture_output=True)


def bench_demo(tmp: Path, runs: int = 3) -> list[float]:
    """Wall time of ``bildungsnetz demo`` on a fresh data dir (engine start included)."""
    times = []
    for i in range(runs):
        env = _fresh_env(tmp, f"demo-{i}")
        try:
            times.append(_cli(["demo"], env))
        finally:
            _stop(env)
    return times


def bench_large(tmp: Path, runs: int = 3) -> tuple[list[float], list[float], tuple[str, float]]:
    """Import the large workbook (engine already running) and read the graph back into networkx."""
    from bench.large import write_large_workbook

    workbook = write_large_workbook(OUTPUT / "large-10000.xlsx")
    env = _fresh_env(tmp, "large")
    code = (
        "import time, statistics\n"
        "from graph.auth import local_principal\nfrom graph.db.store import Store\n"
        "from graph.io.export import to_networkx\n"
        "store = Store.open(principal=local_principal())\n"
        "times = []\n"
        "for _ in range(3):\n"
        "    t = time.perf_counter(); g = to_networkx(store.read_dataset()); times.append(time.perf_counter() - t)\n"
        "print(' '.join(f'{x:.3f}' for x in times), g.number_of_nodes(), g.number_of_edges())\n"
    )
    try:
        _cli(["engine", "start"], env)
        imports = []
        for _ in range(runs):
            _cli(["demo", "--replace"], env)  # back to a small database, so every run imports everything
            imports.append(_cli(["import", str(workbook), "--replace"], env))
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
        ).stdout.split()
        reads = [float(x) for x in out[:3]]
        size = f"{out[3]} Knoten, {out[4]} Kanten"
        file_mb = workbook.stat().st_size / 1e6
    finally:
        _stop(env)
    return imports, reads, (size, file_mb)


def _row(name: str, target: str, times: list[float], limit: float) -> str:
    median = statistics.median(times)
    verdict = "erfüllt" if median <= limit else "**verfehlt**"
    runs = ", ".join(f"{t:.2f}" for t in times)
    return f"| {name} | {target} | {median:.2f} s | {runs} | {verdict} |"


def main() -> int:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="bildungsnetz-bench-") as name:
        tmp = Path(name)
        demo = bench_demo(tmp)
        imports, reads, (size, file_mb) = bench_large(tmp)
    lines = [
        MARK_BEGIN,
        f"Gemessen am {dt.date.today():%d.%m.%Y} auf {platform.machine()} mit {os.cpu_count()} Kernen, "
        f"Python {platform.python_version()}, eingebettete Datenbank.",
        "",
        "| Messung | Ziel | Median | Läufe (s) | Ergebnis |",
        "|---|---|---|---|---|",
        _row("Demo laden inkl. Start der Datenbank (`bildungsnetz demo`, leeres Datenverzeichnis)", "≤ 10 s", demo, 10),
        _row(
            f"Arbeitsmappe mit 10 000 Akteuren / 50 000 Kooperationen importieren ({file_mb:.1f} MB, "
            "`bildungsnetz import --replace`, ganzer Prozess)",
            "≤ 60 s",
            imports,
            60,
        ),
        _row(f"Ganzen Graphen nach networkx lesen ({size})", "≤ 3 s", reads, 3),
        MARK_END,
    ]
    text = README.read_text(encoding="utf-8")
    head, rest = text.split(MARK_BEGIN, 1)
    tail = rest.split(MARK_END, 1)[1]
    README.write_text(head + "\n".join(lines) + tail, encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
