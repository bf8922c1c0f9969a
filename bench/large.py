"""A large synthetic dataset in the exchange format: N actors and M cooperations (seeded)."""

from __future__ import annotations

import random
from pathlib import Path

from graph import model
from graph.dataset import Dataset, Rel
from graph.io.export import write_xlsx


def large_dataset(actors: int = 10_000, cooperations: int = 50_000, seed: int = 7) -> Dataset:
    """Return a dataset with ``actors`` actors in 40 areas and ``cooperations`` distinct cooperating pairs."""
    rng = random.Random(seed)
    ds = Dataset()
    ds.add_node("Area", "kreis", {"name": "Landkreis Groß", "area_type": "kreis", "population": 400_000})
    for g in range(40):
        ds.add_node("Area", f"g{g:02d}", {"name": f"Gemeinde {g}", "area_type": "gemeinde", "population": 10_000})
        ds.add_rel(Rel("PART_OF", "Area", f"g{g:02d}", "Area", "kreis"))
    types = list(model.VOCABULARIES["actor_type"])
    sectors = list(model.VOCABULARIES["sector"])
    for i in range(actors):
        ds.add_node(
            "Actor",
            f"ak-{i:05d}",
            {
                "name": f"Akteur {i} – Müßighausen",
                "actor_type": rng.choice(types),
                "sector": rng.choice(sectors),
                "education_areas": ["weiterbildung", "bildungsberatung"][: rng.randint(1, 2)],
                "address": f"Hauptstraße {i}",
                "lat": 52 + rng.random(),
                "lon": 11 + rng.random(),
            },
        )
        ds.add_rel(Rel("LOCATED_IN", "Actor", f"ak-{i:05d}", "Area", f"g{i % 40:02d}"))
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < cooperations:
        a, b = rng.randrange(actors), rng.randrange(actors)
        if a != b and (b, a) not in pairs:
            pairs.add((a, b))
    for n, (a, b) in enumerate(sorted(pairs)):
        ds.add_rel(
            Rel(
                "COOPERATES_WITH",
                "Actor",
                f"ak-{a:05d}",
                "Actor",
                f"ak-{b:05d}",
                {"id": f"ko-{n:06d}", "intensity": rng.randint(1, 4), "types": ["abstimmung"]},
            )
        )
    return ds


def write_large_workbook(path: Path, actors: int = 10_000, cooperations: int = 50_000) -> Path:
    """Write the large dataset as an exchange-format workbook (cached by file name)."""
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_xlsx(large_dataset(actors, cooperations), path)
    return path
