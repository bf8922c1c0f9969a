"""Problems found in input data, each with its location, and the problem report."""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

Severity = Literal["Fehler", "Hinweis"]


@dataclass(frozen=True)
class Problem:
    """One finding of the validation.

    ``source`` is the sheet or file name, ``row`` the row number as Excel
    shows it (header = row 1), ``column`` the column header; each may be
    ``None`` where the problem concerns a whole file or sheet. A "Fehler"
    blocks the import, a "Hinweis" does not.
    """

    source: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = "Fehler"

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.column:
            where.append(f"Spalte „{self.column}“")
        prefix = "" if self.severity == "Fehler" else "Hinweis – "
        return f"{prefix}{', '.join(where)}: {self.message}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems that block an import."""
    return [p for p in problems if p.severity == "Fehler"]


REPORT_COLUMNS = ("Blatt/Datei", "Zeile", "Spalte", "Art", "Meldung")


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Return the problems as a table with German column names."""
    rows = [(p.source, p.row, p.column or "", p.severity, p.message) for p in problems]
    frame = pd.DataFrame(rows, columns=list(REPORT_COLUMNS))
    frame["Zeile"] = frame["Zeile"].astype("Int64")
    return frame


def write_report(problems: Iterable[Problem], path: Path) -> None:
    """Write the problems as CSV (UTF-8 with BOM, ``;``) that German Excel opens directly."""
    from graph.io.export import neutralise  # local: export imports this module

    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(REPORT_COLUMNS)
        for p in problems:
            writer.writerow(
                [neutralise(p.source), p.row or "", neutralise(p.column or ""), p.severity, neutralise(p.message)]
            )
