"""A large synthetic dataset in the exchange format: N actors and M cooperations (seeded)."""

from __future__ import annotations

import random
from pathlib import Path

from graph import model
from graph.dataset import Dataset, Rel
from graph.io.export import write_xlsx

ADJECTIVES = (
    "Bunte",
    "Grüne",
    "Kleine",
    "Große",
    "Helle",
    "Frohe",
    "Neue",
    "Alte",
    "Weite",
    "Stille",
    "Rote",
    "Blaue",
    "Goldene",
    "Lichte",
    "Wilde",
    "Offene",
    "Freie",
    "Hohe",
    "Sonnige",
    "Junge",
)
NOUNS = (
    "Wiese",
    "Eiche",
    "Brücke",
    "Mühle",
    "Quelle",
    "Linde",
    "Arche",
    "Insel",
    "Welle",
    "Schmiede",
    "Scheune",
    "Werkstatt",
    "Kiste",
    "Laterne",
    "Feder",
    "Wolke",
    "Burg",
    "Aue",
    "Hecke",
    "Heide",
    "Flöte",
    "Bühne",
    "Ernte",
    "Furt",
    "Halle",
    "Sonne",
    "Tanne",
    "Weide",
    "Zeche",
    "Stube",
)
PLACES = tuple(
    f"{a}{b}"
    for a in ("Nord", "Süd", "Ost", "West", "Ober", "Unter", "Alt", "Neu")
    for b in ("hausen", "dorf", "feld", "heim", "au")
)


def large_dataset(actors: int = 10_000, cooperations: int = 50_000, seed: int = 7) -> Dataset:
    """Return a dataset with ``actors`` actors in 40 areas and ``cooperations`` distinct cooperating pairs.

    Partners are drawn with preferential attachment (a few hubs, many small
    actors), as in real cooperation networks; names are varied, so that the
    duplicate search meets realistic, not uniform, names.
    """
    rng = random.Random(seed)
    ds = Dataset()
    ds.add_node("Area", "kreis", {"name": "Landkreis Groß", "area_type": "kreis", "population": 400_000})
    for g in range(40):
        ds.add_node("Area", f"g{g:02d}", {"name": PLACES[g], "area_type": "gemeinde", "population": 10_000})
        ds.add_rel(Rel("PART_OF", "Area", f"g{g:02d}", "Area", "kreis"))
    types = list(model.VOCABULARIES["actor_type"])
    sectors = list(model.VOCABULARIES["sector"])
    for i in range(actors):
        kind = rng.choice(types)
        ds.add_node(
            "Actor",
            f"ak-{i:05d}",
            {
                "name": f"{model.VOCABULARIES['actor_type'][kind]} {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)}",
                "actor_type": kind,
                "sector": rng.choice(sectors),
                "education_areas": ["weiterbildung", "bildungsberatung"][: rng.randint(1, 2)],
                "address": f"{rng.choice(NOUNS)}weg {rng.randint(1, 200)}, {PLACES[i % 40]}",
                "lat": 52 + rng.random(),
                "lon": 11 + rng.random(),
            },
        )
        ds.add_rel(Rel("LOCATED_IN", "Actor", f"ak-{i:05d}", "Area", f"g{i % 40:02d}"))
    pairs: set[tuple[int, int]] = set()
    ends: list[int] = list(range(actors))  # each actor once, plus once per tie: preferential attachment
    while len(pairs) < cooperations:
        a = rng.randrange(actors)
        b = rng.choice(ends) if rng.random() < 0.7 else rng.randrange(actors)
        if a != b and (a, b) not in pairs and (b, a) not in pairs:
            pairs.add((a, b))
            ends.extend((a, b))
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
