"""Conference tables against random seating: how many new cross-community contacts do the tables create?

``python -m bench.conference`` (also in ``make bench``). For each network and
conference size, :func:`graph.analysis.links.conference` plans invitation and
tables; the same invitees are then seated at random 200 times (``random.Random(0)``,
the same table sizes). Measured is :func:`graph.analysis.links.new_contacts`:
pairs at one table from different communities that do not cooperate yet.

Goal: at least 25 % more than the mean of the random seatings. No seating can
do better than the pairs at the tables less the pairs of one community that
must sit together: a community with m invitees on T tables has at least the
pairs of the balanced split (:func:`same_community_pairs`) at its tables,
whoever else sits there. So the reachable gain over random is bounded by
``bound / random − 1``; the table reports that bound too. Results go into
bench/README.md between the ``conference`` markers.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
from pathlib import Path

import networkx as nx

from graph.analysis.communities import detect
from graph.analysis.kernels import Kernel
from graph.analysis.links import conference, new_contacts

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- conference:begin -->", "<!-- conference:end -->"
DEMO = ROOT / "data" / "demo" / "musterau.xlsx"
RANDOM_SEATINGS = 200
GOAL = 1.25


def same_community_pairs(members: int, tables: int) -> int:
    """The fewest pairs of ``members`` of one community at one table, over ``tables`` tables (balanced split).

    >>> same_community_pairs(9, 4)  # 3 + 2 + 2 + 2: 3 + 1 + 1 + 1 pairs
    6
    """
    q, r = divmod(members, tables)
    return r * (q + 1) * q // 2 + (tables - r) * q * (q - 1) // 2


def measure(L: nx.MultiDiGraph, G: nx.Graph, tables: int, size: int) -> dict[str, float]:
    """Ours, the mean and best of the random seatings, and the pairs at the tables, for one plan."""
    plan = conference(L, G, tables=tables, size=size)
    kernel = Kernel(G)
    community = dict(zip(kernel.nodes, detect(kernel), strict=True))
    seating = [list(group["id"]) for _, group in plan.groupby("table", sort=True)]
    sizes = [len(t) for t in seating]
    rng = random.Random(0)
    invited = [n for t in seating for n in t]
    randoms = []
    for _ in range(RANDOM_SEATINGS):
        rng.shuffle(invited)
        tables_at_random, start = [], 0
        for s in sizes:
            tables_at_random.append(invited[start : start + s])
            start += s
        randoms.append(new_contacts(G, community, tables_at_random))
    per_community: dict = {}
    for n in invited:
        per_community[community[n]] = per_community.get(community[n], 0) + 1
    pairs = sum(s * (s - 1) // 2 for s in sizes)
    return {
        "ours": new_contacts(G, community, seating),
        "random": statistics.mean(randoms),
        "random_best": max(randoms),
        "pairs": pairs,
        "bound": pairs - sum(same_community_pairs(m, len(sizes)) for m in per_community.values()),
        "invited": len(invited),
        "communities": len({community[n] for n in invited}),
    }


def cases() -> list[tuple[str, nx.MultiDiGraph, nx.Graph, int, int]]:
    from bench.large import large_dataset
    from graph.build import cooperation_graph, landscape
    from graph.io.validate import load_or_raise

    demo = landscape(load_or_raise(DEMO), dt.date(2026, 10, 1))
    large = landscape(large_dataset(3000, 15_000, seed=11))
    G_demo, G_large = cooperation_graph(demo), cooperation_graph(large)
    empty = nx.MultiDiGraph()
    return [
        ("Demo Musterau", demo, G_demo, 10, 8),
        ("Demo Musterau", demo, G_demo, 4, 5),
        ("Demo Musterau", demo, G_demo, 15, 10),
        ("generierter Kreis (3 000 Akteure)", large, G_large, 10, 8),
        ("generierter Kreis (3 000 Akteure)", large, G_large, 20, 10),
        ("Zachary Karate", empty, nx.karate_club_graph(), 4, 6),
        ("Les Misérables", empty, nx.les_miserables_graph(), 5, 8),
    ]


def main() -> int:
    rows = []
    for label, L, G, tables, size in cases():
        m = measure(L, G, tables, size)
        gain, bound = m["ours"] / m["random"] - 1, m["bound"] / m["random"] - 1
        rows.append(
            f"| {label} | {tables} × {size} | {m['invited']} / {m['communities']} | {m['ours']} "
            f"| {m['random']:.1f} (höchstens {m['random_best']}) | {m['bound']} von {m['pairs']} | {gain:+.1%} "
            f"| {bound:+.1%} "
            f"| {'erfüllt' if gain >= GOAL - 1 else ('nicht erreichbar' if bound < GOAL - 1 else 'verfehlt')} |"
        )
    lines = [
        BEGIN,
        f"Neue Kontakte über Gemeinschaften hinweg an den Tischen; zufällig = Mittel aus {RANDOM_SEATINGS} "
        "zufälligen Sitzordnungen derselben Eingeladenen; Obergrenze = Paare an den Tischen ohne die Paare einer "
        "Gemeinschaft, die bei jeder Sitzordnung zusammensitzen müssen (von allen Paaren an den Tischen).",
        "",
        "| Netz | Tische × Plätze | Eingeladen / Gemeinschaften | unsere Tische | zufällig | Obergrenze "
        "| mehr als zufällig | höchstens möglich | Ziel + 25 % |",
        "|---|---|---|---|---|---|---|---|---|",
        *rows,
        END,
    ]
    text = README.read_text(encoding="utf-8")
    if BEGIN not in text:
        text += "\n## Konferenz: Tische gegen zufällige Sitzordnung\n\n" + BEGIN + "\n" + END + "\n"
    head, rest = text.split(BEGIN, 1)
    README.write_text(head + "\n".join(lines) + rest.split(END, 1)[1], encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
