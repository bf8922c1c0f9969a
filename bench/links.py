"""Missing links in a hold-out: do the suggestions recover hidden ties? Ours against Adamic–Adar and common neighbours.

``python -m bench.links`` (also in ``make bench``). For each network — Zachary's
karate club, Les Misérables (both from networkx), the demo district Musterau and
a generated district (:func:`bench.large.large_dataset`, 3,000 actors, 15,000
ties) — and each of 5 seeds:

1. hide 10 % of the ties, drawn at random (``random.Random(seed)``),
2. score the pairs that do not cooperate in the rest: ours with
   :func:`graph.analysis.links.link_scores` (the landscape, with areas and
   offers, stays as it is: the scores read no cooperation from it), the
   baselines with networkx's ``adamic_adar_index`` and ``common_neighbors``,
3. measure against the hidden ties
   - **precision@20**: share of hidden ties among the 20 pairs ranked highest;
     where equal scores straddle rank 20, the expected share when they are
     ordered at random,
   - **AUC**: probability that a hidden tie scores higher than a pair that
     does not cooperate in the whole network (equal scores count half), over
     all such pairs; pairs without a score score 0.

Scores are rounded to 10 decimals first, so that sums of the same terms in a
different order tie. Means over the seeds go into bench/README.md between the
``links`` markers.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import numpy as np

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- links:begin -->", "<!-- links:end -->"
DEMO = ROOT / "data" / "demo" / "musterau.xlsx"
SEEDS = range(5)
FRACTION = 0.10
K = 20

#: A scorer: (landscape, training graph) -> ((a, b), score) for the pairs it scores.
Scorer = Callable[[nx.MultiDiGraph, nx.Graph], Iterable[tuple[Hashable, Hashable, float]]]


def hide(G: nx.Graph, fraction: float = FRACTION, seed: int = 0) -> tuple[nx.Graph, set[frozenset]]:
    """Return a copy of ``G`` without ``round(fraction · m)`` ties drawn at random, and the hidden ties."""
    edges = sorted((tuple(sorted(e, key=str)) for e in G.edges()), key=str)
    hidden = random.Random(seed).sample(edges, round(fraction * len(edges)))
    training = G.copy()
    training.remove_edges_from(hidden)
    return training, {frozenset(e) for e in hidden}


def precision_and_auc(
    scores: dict[frozenset, float], hidden: set[frozenset], pairs: int, negatives: int, k: int = K
) -> tuple[float, float]:
    """Expected precision@k (equal scores in random order) and AUC (ties count half).

    Parameters
    ----------
    scores : dict
        Pair -> score for the scored pairs (all other pairs score 0).
    hidden : set
        The hidden ties (the positives).
    pairs : int
        Number of pairs that can be suggested: all pairs not tied in the training graph.
    negatives : int
        Number of those pairs that are no hidden tie (pairs not tied in the whole graph).

    Examples
    --------
    Two of four pairs scored, the better one hidden; two unscored pairs, one of them hidden:

    >>> precision_and_auc({frozenset("ab"): 2.0, frozenset("cd"): 1.0}, {frozenset("ab"), frozenset("ef")}, 4, 2, k=1)
    (1.0, 0.625)
    """
    levels: dict[float, list[int]] = {}  # score -> [hidden, not hidden]
    for pair, value in scores.items():
        value = round(float(value), 10)
        if value > 0:
            levels.setdefault(value, [0, 0])[0 if pair in hidden else 1] += 1
    positive_scored = sum(h for h, _ in levels.values())
    zero = [len(hidden) - positive_scored, negatives - sum(n for _, n in levels.values())]
    assert zero[0] >= 0 and zero[1] >= 0 and sum(zero) == pairs - sum(map(sum, levels.values()))
    ranked = [levels[v] for v in sorted(levels, reverse=True)] + [zero]
    hits, taken = 0.0, 0
    for h, n in ranked:
        size = h + n
        if size == 0:
            continue
        take = min(size, k - taken)
        hits += h * take / size
        taken += take
        if taken == k:
            break
    below, wins = 0, 0.0
    for h, n in reversed(ranked):
        wins += h * (below + n / 2)
        below += n
    return hits / k, wins / (len(hidden) * negatives)


def ours(L: nx.MultiDiGraph, T: nx.Graph) -> Iterable[tuple[Hashable, Hashable, float]]:
    from graph.analysis.links import link_scores

    table = link_scores(L, T)
    return zip(table["a"], table["b"], table["score"], strict=True)


def two_step_pairs(T: nx.Graph) -> list[tuple[Hashable, Hashable]]:
    """Untied pairs with a common neighbour (every other pair scores 0 for both baselines)."""
    found = set()
    for w in T:
        for u, v in itertools.combinations(T[w], 2):
            if not T.has_edge(u, v):
                found.add((u, v) if str(u) <= str(v) else (v, u))
    return sorted(found, key=str)


def adamic_adar(L: nx.MultiDiGraph, T: nx.Graph) -> Iterable[tuple[Hashable, Hashable, float]]:
    return nx.adamic_adar_index(T, two_step_pairs(T))


def common_neighbours(L: nx.MultiDiGraph, T: nx.Graph) -> Iterable[tuple[Hashable, Hashable, float]]:
    return ((u, v, float(len(list(nx.common_neighbors(T, u, v))))) for u, v in two_step_pairs(T))


METHODS: dict[str, Scorer] = {"ours": ours, "adamic_adar": adamic_adar, "common_neighbours": common_neighbours}


@dataclass
class Result:
    """Mean and per-seed precision@K and AUC of one method on one network."""

    precision: list[float]
    auc: list[float]

    @property
    def mean_precision(self) -> float:
        return float(np.mean(self.precision))

    @property
    def mean_auc(self) -> float:
        return float(np.mean(self.auc))


def holdout(
    L: nx.MultiDiGraph,
    G: nx.Graph,
    methods: dict[str, Scorer] | None = None,
    *,
    seeds: Iterable[int] = SEEDS,
    fraction: float = FRACTION,
    k: int = K,
) -> dict[str, Result]:
    """Hide ``fraction`` of the ties per seed and measure every method (module docstring)."""
    methods = methods or METHODS
    results = {name: Result([], []) for name in methods}
    n = G.number_of_nodes()
    for seed in seeds:
        T, hidden = hide(G, fraction, seed)
        pairs = n * (n - 1) // 2 - T.number_of_edges()
        for name, method in methods.items():
            scores = {frozenset((u, v)): s for u, v, s in method(L, T)}
            p, auc = precision_and_auc(scores, hidden, pairs, pairs - len(hidden), k)
            results[name].precision.append(p)
            results[name].auc.append(auc)
    return results


def networks() -> dict[str, tuple[nx.MultiDiGraph, nx.Graph, str]]:
    """The four networks: landscape, cooperation graph and a German description."""
    from bench.large import large_dataset
    from graph.build import cooperation_graph, landscape
    from graph.io.validate import load_or_raise

    karate, lesmis = nx.karate_club_graph(), nx.les_miserables_graph()
    demo = landscape(load_or_raise(DEMO), dt.date(2026, 10, 1))
    large = landscape(large_dataset(3000, 15_000, seed=11))
    return {
        "karate": (nx.MultiDiGraph(), karate, f"Zachary Karate ({len(karate)} / {karate.number_of_edges()})"),
        "lesmis": (nx.MultiDiGraph(), lesmis, f"Les Misérables ({len(lesmis)} / {lesmis.number_of_edges()})"),
        "demo": (demo, G := cooperation_graph(demo), f"Demo Musterau ({len(G)} / {G.number_of_edges()})"),
        "large": (large, H := cooperation_graph(large), f"generierter Kreis ({len(H)} / {H.number_of_edges()})"),
    }


def main() -> int:
    rows = []
    for _, (L, G, label) in networks().items():
        result = holdout(L, G)
        o, a, c = result["ours"], result["adamic_adar"], result["common_neighbours"]
        rows.append(
            f"| {label} | {o.mean_precision:.3f} | {a.mean_precision:.3f} | {c.mean_precision:.3f} "
            f"| {o.mean_auc:.3f} | {a.mean_auc:.3f} | {c.mean_auc:.3f} |"
        )
        print(label, "P@20 je Seed: ours", o.precision, "AA", a.precision, file=sys.stderr)
    lines = [
        BEGIN,
        f"{len(SEEDS)} Seeds, je {FRACTION:.0%} der Kooperationen verborgen; Mittelwerte. "
        "Netz (Akteure / Kooperationen).",
        "",
        "| Netz | P@20 unsere | P@20 Adamic–Adar | P@20 gemeinsame Nachbarn "
        "| AUC unsere | AUC Adamic–Adar | AUC gemeinsame Nachbarn |",
        "|---|---|---|---|---|---|---|",
        *rows,
        END,
    ]
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text:
        text += "\n## Fehlende Verbindungen: Hold-out\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    README.write_text(head + "\n".join(lines) + rest.split(END, 1)[1], encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
