"""Problems found in input data, each with its location, and the problem report.

Also the few helpers that write numbers and locations into German messages:
counts with a dot between thousands (``10.000``), decimals with a comma
(``5,3 MB``), row numbers and cell references as Excel shows them (``10004``,
``D7``).
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import pandas as pd

Severity = Literal["Fehler", "Hinweis"]


@dataclass(frozen=True)
class Problem:
    """One finding of the validation.

    ``source`` is the sheet or file name, ``row`` the row number as Excel
    shows it (header = row 1), ``column`` the column header and ``letter``
    the column letter (``"G"``, also for CSV files, which Excel opens with
    letters); each may be ``None`` where the problem concerns a whole file,
    sheet or row, or where the position is not known. A "Fehler" blocks the
    import, a "Hinweis" does not.

    Examples
    --------
    >>> str(Problem("Mitgliedschaften", 4, "Gremium", "Gremium „g-9“ ist unbekannt.", letter="A"))
    'Mitgliedschaften, Zeile 4, Spalte A („Gremium“): Gremium „g-9“ ist unbekannt.'
    """

    source: str
    row: int | None
    column: str | None
    message: str
    severity: Severity = "Fehler"
    letter: str | None = None

    @property
    def column_label(self) -> str:
        """The column as the report shows it: ``"G – Gremium"``, ``"G"``, ``"Gremium"`` or ``""``."""
        return " – ".join(part for part in (self.letter, self.column) if part)

    def __str__(self) -> str:
        where = [self.source]
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.letter and self.column:
            where.append(f"Spalte {self.letter} („{self.column}“)")
        elif self.column:
            where.append(f"Spalte „{self.column}“")
        elif self.letter:
            where.append(f"Spalte {self.letter}")
        prefix = "" if self.severity == "Fehler" else "Hinweis – "
        return f"{prefix}{', '.join(where)}: {self.message}"


def errors(problems: Iterable[Problem]) -> list[Problem]:
    """Return the problems that block an import."""
    return [p for p in problems if p.severity == "Fehler"]


#: Up to this many findings of one kind are listed one by one; more become one summary.
SUMMARY_LIMIT = 5


def summarise(
    found: Sequence[Problem], summary: Callable[[Sequence[Problem]], Problem], limit: int = SUMMARY_LIMIT
) -> list[Problem]:
    """Return ``found`` unchanged if it holds at most ``limit`` problems, else ``[summary(found)]``.

    ``summary`` builds the one problem that stands for all of them, naming
    their count and the first locations, so that a file with 10.000 merged
    ranges gets one note instead of 10.000.
    """
    if len(found) <= limit:
        return list(found)
    return [summary(found)]


def number(n: int) -> str:
    """Write a count the German way, with a dot between thousands.

    >>> number(10000), number(32767), number(999)
    ('10.000', '32.767', '999')
    """
    return f"{n:,}".replace(",", ".")


def decimal(x: float) -> str:
    """Write a number the German way: decimal comma, dots between thousands, no needless ``,0``.

    >>> decimal(52.5), decimal(90.0), decimal(12345.25), decimal(-0.5)
    ('52,5', '90', '12.345,25', '-0,5')
    """
    if float(x).is_integer():
        return number(int(x))
    return f"{x:,}".replace(",", " ").replace(".", ",").replace(" ", ".")


def megabytes(size: float) -> str:
    """Write a size in bytes as megabytes with one decimal (more for tiny sizes).

    >>> megabytes(5_300_000), megabytes(50_000_000), megabytes(1_000), megabytes(1_234_560_000)
    ('5,3 MB', '50 MB', '0,001 MB', '1.234,6 MB')
    """
    mb = size / 1e6
    rounded = round(mb, 1) if mb >= 0.1 or mb == 0 else float(f"{mb:.1g}")
    return f"{decimal(rounded)} MB"


def rows_text(numbers: Iterable[int], limit: int = 3) -> str:
    """Name rows compactly, runs as ranges: ``Zeile 3``, ``Zeilen 5–10004``, ``Zeilen 2, 4–6, 9 und weitere``.

    Row numbers are written as Excel shows them (no dot between thousands).

    >>> rows_text([3]), rows_text(range(5, 10005)), rows_text([2, 4, 5, 6, 9, 11, 20])
    ('Zeile 3', 'Zeilen 5–10004', 'Zeilen 2, 4–6, 9 und weitere')
    """
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs_text(runs, limit)


def runs_text(runs: Sequence[tuple[int, int]], limit: int = 3) -> str:
    """Name runs of rows given as ``(first, last)`` pairs in ascending order, like :func:`rows_text`.

    >>> runs_text([(5, 5)]), runs_text([(5, 9), (12, 12)])
    ('Zeile 5', 'Zeilen 5–9, 12')
    """
    parts = [str(a) if a == b else f"{a}–{b}" for a, b in runs[:limit]]
    text = ", ".join(parts) + (" und weitere" if len(runs) > limit else "")
    single = len(runs) == 1 and runs[0][0] == runs[0][1]
    return ("Zeile " if single else "Zeilen ") + text


def first_few(items: Sequence[str], limit: int = SUMMARY_LIMIT) -> str:
    """Name the first ``limit`` of ``items`` and mark that more follow.

    >>> first_few(["B4", "B5"]), first_few([f"D{n}" for n in range(2, 10)], limit=3)
    ('B4, B5', 'D2, D3, D4 …')
    """
    return ", ".join(items[:limit]) + (" …" if len(items) > limit else "")


def column_letter(index: int) -> str:
    """Return the letter Excel shows for the 1-based column ``index``.

    >>> column_letter(1), column_letter(7), column_letter(27), column_letter(16384)
    ('A', 'G', 'AA', 'XFD')
    """
    letters = ""
    while index > 0:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


REPORT_COLUMNS = ("Blatt/Datei", "Zeile", "Spalte", "Art", "Meldung")


def problems_frame(problems: Iterable[Problem]) -> pd.DataFrame:
    """Return the problems as a table with German column names; "Spalte" holds letter and header (``G – Gremium``)."""
    rows = [(p.source, p.row, p.column_label, p.severity, p.message) for p in problems]
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
                [neutralise(p.source), p.row or "", neutralise(p.column_label), p.severity, neutralise(p.message)]
            )
