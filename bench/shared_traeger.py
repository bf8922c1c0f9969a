"""Import that stays linear: many actors run by one Träger, beside the same number with one Träger each.

``python -m bench.shared_traeger [ACTORS]`` (default 100,000; part of ``make bench``).
Each variant is one whole ``bildungsnetz import --replace`` process on a fresh data
directory with the engine already running, from a CSV folder built here (seeded).
Target (issue 9): 100,000 actors with one shared Träger in <= 120 s on 2 cores.
The result table in ``bench/README.md`` between the ``shared`` markers is rewritten.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

from bench.run import README, _cli, _fresh_env, _stop

MARK_BEGIN = "<!-- shared:begin -->"
MARK_END = "<!-- shared:end -->"
TARGET_S = 120.0


def write_folder(folder: Path, actors: int, *, shared: bool) -> Path:
    """Write Gebiete, Traeger and Akteure as CSV: one Träger for all actors, or one each."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "Gebiete.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["ID", "Name", "Typ", "Teil von"])
        out.writerow(["kreis", "Landkreis Groß", "kreis", ""])
        for g in range(40):
            out.writerow([f"g{g:02d}", f"Gemeinde {g}", "gemeinde", "kreis"])
    with open(folder / "Traeger.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["ID", "Name", "Traegerart"])
        for i in range(1 if shared else actors):
            out.writerow([f"tr-{i:06d}", "Stadt Groß" if shared else f"Träger {i}", "oeffentlich"])
    with open(folder / "Akteure.csv", "w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle, delimiter=";")
        out.writerow(["ID", "Name", "Typ", "Sektor", "Traeger", "Gebiet"])
        for i in range(actors):
            owner = "tr-000000" if shared else f"tr-{i:06d}"
            out.writerow([f"ak-{i:06d}", f"Kita Nummer {i}", "kita", "fruehe_bildung", owner, f"g{i % 40:02d}"])
    return folder


def measure(tmp: Path, actors: int, *, shared: bool) -> float:
    """Seconds of one ``bildungsnetz import --replace`` process of the folder on a fresh database."""
    name = "geteilt" if shared else "einzeln"
    folder = write_folder(tmp / f"csv-{name}", actors, shared=shared)
    env = _fresh_env(tmp, f"data-{name}")
    try:
        _cli(["init"], env)
        return _cli(["import", str(folder), "--replace"], env)
    finally:
        _stop(env)


def main(argv: list[str]) -> int:
    actors = int(argv[0]) if argv else 100_000
    with tempfile.TemporaryDirectory(prefix="bildungsnetz-bench-shared-") as name:
        tmp = Path(name)
        started = time.perf_counter()
        shared = measure(tmp, actors, shared=True)
        own = measure(tmp, actors, shared=False)
        total = time.perf_counter() - started
    verdict = "erfüllt" if shared <= TARGET_S else "**verfehlt**"
    count = f"{actors:,}".replace(",", " ")
    lines = [
        MARK_BEGIN,
        f"Gemessen am {dt.date.today():%d.%m.%Y} auf {platform.machine()} mit {os.cpu_count()} Kernen, "
        f"Python {platform.python_version()}, eingebettete Datenbank, je ein ganzer Prozess "
        f"`bildungsnetz import --replace` eines CSV-Ordners (Lauf insgesamt {total:.0f} s).",
        "",
        "| Messung | Ziel | Zeit | Ergebnis |",
        "|---|---|---|---|",
        f"| {count} Akteure mit **einem gemeinsamen** Träger | ≤ {TARGET_S:.0f} s | {shared:.1f} s | {verdict} |",
        f"| {count} Akteure mit je eigenem Träger ({count} Träger) | – | {own:.1f} s | zum Vergleich |",
        MARK_END,
    ]
    text = README.read_text(encoding="utf-8")
    if MARK_BEGIN not in text:
        text += "\n## Viele Akteure, ein Träger\n\n" + MARK_BEGIN + "\n" + MARK_END + "\n"
    head, rest = text.split(MARK_BEGIN, 1)
    tail = rest.split(MARK_END, 1)[1]
    README.write_text(head + "\n".join(lines) + tail, encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
