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

from graph.dataset import Dataset
from graph.errors import DataError
from graph.io.problems import Problem, errors
from graph.io.validate import ImportResult, load

if TYPE_CHECKING:
    from graph.db.merge import Progress, WriteSummary
    from graph.db.store import Store

logger = logging.getLogger(__name__)


def describe_counts(counts: dict[str, int]) -> str:
    """German counts of a dataset in sheet order: "3 Gebiete, 12 Akteure, 4 Kooperationen"."""
    from graph import model

    parts = []
    for sheet in model.SHEETS:
        key = sheet.label or str(sheet.rel)
        name = model.NODE_LABELS_PLURAL[sheet.label] if sheet.label else sheet.name
        if counts.get(key):
            parts.append(f"{counts[key]:,} {name}".replace(",", "."))
    return ", ".join(parts) or "keine Einträge"


def rules(ds: Dataset, *, replace: bool, stored: dict[str, int]) -> list[Problem]:
    """The import rules that need only the file and the stored counts.

    * Replacing the stock with a file without actors would delete everything: refused.
    * Replacing with a file without contact persons deletes the stored ones: a Hinweis.
    """
    out: list[Problem] = []
    if replace and not ds.nodes["Actor"]:
        out.append(
            Problem(
                "Akteure",
                None,
                None,
                "Ersetzen mit einer leeren Akteursliste würde den ganzen Bestand löschen; das wird nicht ausgeführt.",
            )
        )
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
        cooperation id given to another pair …). A file that cannot be read at
        all gives one problem naming it.
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
    return ImportResult(result.dataset, problems)


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
