"""The import as the CLI and the app run it: read, validate, check against the stored state, then write.

Every rule that can refuse an import lives here or below (validation in
:mod:`graph.io.validate`, the rules that compare with the stored data in
:class:`graph.db.merge.Planner`), so the dry run, the app's Prüfbericht and the
import itself refuse the same files, each problem with its location.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import TYPE_CHECKING

from graph import german, model
from graph.dataset import Dataset
from graph.db.merge import EMPTY_REPLACE
from graph.errors import DataError
from graph.io.problems import Problem, errors
from graph.io.validate import ImportResult, load

if TYPE_CHECKING:
    from graph.db.merge import Progress, WriteSummary
    from graph.db.store import Store

logger = logging.getLogger(__name__)


#: The singular of the relationship sheets, for counts ("1 Kooperation").
_REL_SINGULAR = {"COOPERATES_WITH": "Kooperation", "MEMBER_OF": "Mitgliedschaft"}


def describe_counts(counts: dict[str, int]) -> str:
    """German counts of a dataset in sheet order, singular where there is one.

    Examples
    --------
    >>> describe_counts({"Actor": 4, "COOPERATES_WITH": 3})
    '4 Akteure, 3 Kooperationen'
    >>> describe_counts({"Area": 1, "Actor": 1, "MEMBER_OF": 1, "Person": 1200})
    '1 Gebiet, 1 Akteur, 1 Mitgliedschaft, 1.200 Ansprechpersonen'
    >>> describe_counts({})
    'keine Einträge'
    """
    parts = []
    for sheet in model.SHEETS:
        key = sheet.label or str(sheet.rel)
        if sheet.label:
            singular, plural = model.NODE_LABELS[sheet.label], model.NODE_LABELS_PLURAL[sheet.label]
        else:
            singular, plural = _REL_SINGULAR.get(key, sheet.name), sheet.name
        if counts.get(key):
            parts.append(german.count(counts[key], singular, plural))
    return ", ".join(parts) or "keine Einträge"


def describe_summary(summary: WriteSummary) -> str:
    """What a write changed, in German words.

    Examples
    --------
    >>> from graph.db.merge import WriteSummary
    >>> describe_summary(WriteSummary(12, 1, 0, 0, "r"))
    'Neu oder geändert: 12 Einträge und 1 Beziehung.'
    >>> describe_summary(WriteSummary(0, 0, 1, 3, "r"))
    'Neu oder geändert: 0 Einträge und 0 Beziehungen; gelöscht: 1 Eintrag und 3 Beziehungen.'
    """
    text = (
        f"Neu oder geändert: {german.count(summary.changed_nodes, 'Eintrag', 'Einträge')} und "
        f"{german.count(summary.changed_rels, 'Beziehung', 'Beziehungen')}"
    )
    if summary.deleted_nodes or summary.deleted_rels:
        text += (
            f"; gelöscht: {german.count(summary.deleted_nodes, 'Eintrag', 'Einträge')} und "
            f"{german.count(summary.deleted_rels, 'Beziehung', 'Beziehungen')}"
        )
    return text + "."


def describe_problems(problems: list[Problem]) -> str:
    """The problems counted in German words, errors first: "2 Fehler, 1 Hinweis".

    Examples
    --------
    >>> describe_problems([Problem("Akteure", 2, "Typ", "…"), Problem("Akteure", None, None, "…", "Hinweis")])
    '1 Fehler, 1 Hinweis'
    >>> describe_problems([])
    'keine Meldungen'
    """
    found = len(errors(problems))
    notes = len(problems) - found
    parts = [german.count(found, "Fehler", "Fehler")] if found else []
    if notes:
        parts.append(german.count(notes, "Hinweis", "Hinweise"))
    return ", ".join(parts) or "keine Meldungen"


def ordered(problems: list[Problem]) -> list[Problem]:
    """The problems as the Prüfbericht lists them: errors first, then notes, each in the order found."""
    return sorted(problems, key=lambda p: p.severity != "Fehler")


def report_bytes(problems: list[Problem], fmt: str) -> bytes:
    """The Prüfbericht as a file: ``"csv"`` for German Excel (:func:`graph.io.problems.write_report`) or ``"xlsx"``.

    Errors come first (:func:`ordered`); no cell is a live formula.
    """
    import tempfile

    from graph.io.problems import write_report

    with tempfile.TemporaryDirectory(prefix="bildungsnetz-report-") as tmp:
        path = Path(tmp) / f"pruefbericht.{fmt}"
        if fmt == "csv":
            write_report(ordered(problems), path)
        elif fmt == "xlsx":
            write_report_xlsx(problems, path)
        else:
            raise ValueError(f"unknown report format: {fmt!r}")
        return path.read_bytes()


def write_report_xlsx(problems: list[Problem], path: Path) -> None:
    """Write the Prüfbericht as an Excel workbook: one sheet, the columns of the CSV report, errors first."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from graph.io.export import safe_cell
    from graph.io.problems import REPORT_COLUMNS

    workbook = Workbook()
    ws = workbook.active
    ws.title = "Prüfbericht"
    ws.append(list(REPORT_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for p in ordered(problems):
        ws.append([safe_cell(v) for v in (p.source, p.row, p.column_label, p.severity, p.message)])
    for letter, width in zip("ABCDE", (22, 8, 24, 10, 100), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    workbook.save(path)


def rules(ds: Dataset, *, replace: bool, stored: dict[str, int]) -> list[Problem]:
    """The import rules that need only the file and the stored counts.

    * Replacing the stock with a file without actors would delete everything: refused
      (the store refuses such a write as well: ``write_dataset`` in :mod:`graph.db.merge`).
    * Replacing with a file without contact persons deletes the stored ones: a Hinweis.
    """
    out: list[Problem] = []
    if replace and not ds.nodes["Actor"]:
        out.append(Problem("Akteure", None, None, EMPTY_REPLACE))
    if replace and not ds.nodes["Person"] and stored.get("Person"):
        out.append(
            Problem(
                "Ansprechpersonen",
                None,
                None,
                "Die Datei enthält keine Ansprechpersonen; beim Ersetzen werden die gespeicherten "
                f"{stored['Person']} Ansprechpersonen gelöscht.",
                "Hinweis",
            )
        )
    return out


def prepare(store: Store, path: Path, *, replace: bool = False) -> ImportResult:
    """Read and check ``path`` as the import would; nothing is written.

    Returns
    -------
    ImportResult
        The dataset and every problem: of the file (validation), of the import
        rules (:func:`rules`) and of the comparison with the stored data (a
        cooperation id given to another pair …), errors first (:func:`ordered`).
        A file that cannot be read at all gives one problem naming it.
    """
    path = Path(path)
    started = time.perf_counter()
    try:
        result = load(path, None if replace else store.ids())
    except DataError as exc:
        message = str(exc)
        for prefix in (f"{path}: ", f"{path.name}: "):
            message = message.removeprefix(prefix)
        return ImportResult(Dataset(), exc.problems or [Problem(path.name, None, None, message)])
    problems = list(result.problems) + rules(result.dataset, replace=replace, stored=store.counts())
    if not errors(problems):
        problems += store.check_dataset(result.dataset, replace=replace)
    logger.info("import checked in %.2f s: %d problems", time.perf_counter() - started, len(problems))
    return ImportResult(result.dataset, ordered(problems))


def commit(
    store: Store,
    result: ImportResult,
    *,
    replace: bool = False,
    action: str = "import",
    progress: Progress | None = None,
) -> WriteSummary:
    """Write a checked import (all or nothing).

    Raises
    ------
    DataError
        If the check found blocking problems, or the stored data changed
        meanwhile so that the write refuses now (with the problems).
    """
    blocking = errors(result.problems)
    if blocking:
        raise DataError(f"{len(blocking)} Fehler; nichts wurde gespeichert.", result.problems)
    return store.write_dataset(result.dataset, replace=replace, action=action, progress=progress)
