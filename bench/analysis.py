"""Analysis speed: ours from the command line against the same metrics computed directly with igraph.

``python -m bench.analysis`` writes synthetic CSV folders (3,000 actors / 15,000
ties and 20,000 / 100,000), then times whole processes:

- ``bildungsnetz analyse centrality --input DIR`` and ``analyse summary --input DIR``
- a plain script that reads the same CSV files and computes degree, strength,
  betweenness, closeness, PageRank and coreness with igraph (the baseline)

and prints the ratios (targets: centrality ≤ 1.5×, summary ≤ 4× the baseline;
summary at 20,000 actors < 60 s). Results are written into bench/README.md.
It also measures the top-10 overlap of sampled against exact betweenness.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.large import large_dataset
from graph.io.export import write_csv

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "bench" / "output"
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- analysis:begin -->", "<!-- analysis:end -->"

IGRAPH_BASELINE = """
import csv, sys
import igraph as ig
folder = sys.argv[1]
with open(f"{folder}/Akteure.csv", encoding="utf-8-sig", newline="") as f:
    ids = [row["ID"] for row in csv.DictReader(f, delimiter=";")]
index = {a: i for i, a in enumerate(ids)}
edges, weights = [], []
with open(f"{folder}/Kooperationen.csv", encoding="utf-8-sig", newline="") as f:
    for row in csv.DictReader(f, delimiter=";"):
        edges.append((index[row["Akteur A"]], index[row["Akteur B"]]))
        weights.append(float(row["Intensitaet"] or 1))
g = ig.Graph(n=len(ids), edges=edges)
g.es["weight"] = weights
result = [g.degree(), g.strength(weights="weight"), g.betweenness(directed=False), g.closeness(),
          g.pagerank(weights="weight"), g.coreness()]
print(len(result[0]))
"""


def folder(actors: int, ties: int) -> Path:
    """Write (once) the CSV folder of a synthetic network."""
    path = OUTPUT / f"csv-{actors}"
    if not (path / "Akteure.csv").exists():
        write_csv(large_dataset(actors, ties, seed=11), path)
    return path


def timed(cmd: list[str], runs: int = 3) -> list[float]:
    """Wall times of ``runs`` runs of a whole process."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return times


def ours(kind: str, path: Path) -> list[str]:
    return [sys.executable, "-m", "graph.cli", "analyse", kind, "--input", str(path), "--format", "csv"]


def sampled_overlap(path: Path) -> tuple[int, int, float, float]:
    """Top-10 overlap of sampled (k = 1,000) and exact betweenness on the 20,000-actor network."""
    from graph.analysis.centrality import betweenness
    from graph.analysis.kernels import Kernel
    from graph.build import cooperation_graph, landscape
    from graph.io.validate import load_or_raise

    kernel = Kernel(cooperation_graph(landscape(load_or_raise(path))))
    started = time.perf_counter()
    exact = betweenness(kernel, k=kernel.n)
    exact_time = time.perf_counter() - started
    started = time.perf_counter()
    sample = betweenness(kernel, k=1000, seed=0)
    sample_time = time.perf_counter() - started
    top_exact = set(exact.argsort()[-10:])
    top_sample = set(sample.argsort()[-10:])
    return len(top_exact & top_sample), kernel.n, exact_time, sample_time


def main() -> int:
    OUTPUT.mkdir(parents=True, exist_ok=True)
    mid, big = folder(3000, 15000), folder(20000, 100000)
    baseline = timed([sys.executable, "-c", IGRAPH_BASELINE, str(mid)])
    centrality = timed(ours("centrality", mid))
    summary = timed(ours("summary", mid))
    big_summary = timed(ours("summary", big), runs=1)
    overlap, n, exact_time, sample_time = sampled_overlap(big)
    base = statistics.median(baseline)

    def ratio(times: list[float]) -> str:
        return f"{statistics.median(times) / base:.2f}×"

    lines = [
        BEGIN,
        "| Messung (ganze Prozesse, Median aus 3 Läufen) | Zeit | Verhältnis zu igraph | Ziel |",
        "|---|---|---|---|",
        f"| igraph direkt aus CSV, 3 000 Akteure / 15 000 Kooperationen | {base:.2f} s | 1× | – |",
        f"| `analyse centrality --input` (3 000) | {statistics.median(centrality):.2f} s | {ratio(centrality)} "
        "| ≤ 1,5× |",
        f"| `analyse summary --input` (3 000) | {statistics.median(summary):.2f} s | {ratio(summary)} | ≤ 4× |",
        f"| `analyse summary --input`, 20 000 Akteure / 100 000 Kooperationen (1 Lauf) | {big_summary[0]:.1f} s | – "
        "| < 60 s |",
        "",
        f"Betweenness bei {n} Akteuren: exakt {exact_time:.1f} s, geschätzt aus k = 1 000 Startpunkten (Seed 0) "
        f"{sample_time:.1f} s; {overlap} der 10 wichtigsten Akteure stimmen überein.",
        END,
    ]
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text:
        text += "\n## Analysen gegen igraph\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    README.write_text(head + "\n".join(lines) + rest.split(END, 1)[1], encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
